//! Key derivation: the PSA key-derivation operation (setup, inputs, capacity, output bytes/key, verify).
