//! Unauthenticated ciphers: `psa_cipher_encrypt`/`decrypt` and the multi-part cipher operation.
