//! Multi-part AEAD: the PSA AEAD operation (set_lengths, nonce, update_ad, update, finish, verify).
