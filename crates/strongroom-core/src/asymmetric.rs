//! Asymmetric keys: signatures (hash and message), asymmetric encryption, raw key agreement, `psa_key_agreement`.
