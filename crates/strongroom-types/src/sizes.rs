//! Size macros (`PSA_*_SIZE`, `PSA_*_LENGTH`) for the algorithms and key types Strongroom
//! knows. Function-like macros return `None` where the C macro would return 0 ("not a
//! valid combination").

use crate::{Algorithm, KeyType};

/// `PSA_HASH_MAX_SIZE`: the largest hash output (SHA-512, SHA3-512).
pub const HASH_MAX_SIZE: usize = 64;
/// The largest hash input block (`PSA_HASH_BLOCK_LENGTH` of SHA3-224), which bounds the
/// HMAC key-block size.
pub const HASH_BLOCK_MAX_SIZE: usize = 144;
/// `PSA_MAC_MAX_SIZE`: the largest MAC output (HMAC with a 64-byte hash).
pub const MAC_MAX_SIZE: usize = HASH_MAX_SIZE;
/// `PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE`.
pub const BLOCK_CIPHER_BLOCK_MAX_SIZE: usize = 16;
/// `PSA_AEAD_TAG_MAX_SIZE`.
pub const AEAD_TAG_MAX_SIZE: usize = 16;
/// `PSA_AEAD_NONCE_MAX_SIZE`: 24 because XChaCha20-Poly1305 (spec 1.2) is supported
/// (Mbed TLS, without it, says 13).
pub const AEAD_NONCE_MAX_SIZE: usize = 24;
/// `PSA_CIPHER_IV_MAX_SIZE`.
pub const CIPHER_IV_MAX_SIZE: usize = 16;
/// The smallest MAC length accepted for an operation: Mbed TLS rejects shorter truncations
/// with `NOT_SUPPORTED` because they can be brute-forced.
pub const MAC_MIN_TRUNCATED_LENGTH: usize = 4;

/// `PSA_BITS_TO_BYTES`.
pub const fn bits_to_bytes(bits: usize) -> usize {
    bits.div_ceil(8)
}

/// `PSA_HASH_LENGTH(alg)`.
pub const fn hash_length(alg: Algorithm) -> Option<usize> {
    alg.hash_length()
}

/// `PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type)`.
pub const fn block_cipher_block_length(key_type: KeyType) -> Option<usize> {
    key_type.block_size()
}

/// `PSA_MAC_LENGTH(key_type, key_bits, alg)`: the MAC output length. For an
/// at-least-this-length wildcard it is the minimum length. `None` for non-MAC algorithms
/// and for a block-cipher MAC with a key type that is not a symmetric cipher key.
pub const fn mac_length(key_type: KeyType, key_bits: usize, alg: Algorithm) -> Option<usize> {
    let _ = key_bits; // No supported MAC has a key-size-dependent length.
    if !alg.is_mac() {
        return None;
    }
    let truncated = alg.mac_truncated_length();
    if truncated != 0 {
        return Some(truncated);
    }
    if alg.is_hmac() {
        alg.hash_length()
    } else if alg.is_block_cipher_mac() {
        key_type.block_size()
    } else {
        None
    }
}

const fn aead_equal(a: Algorithm, b: Algorithm) -> bool {
    a.aead_base().raw() == b.aead_base().raw()
}

/// `PSA_AEAD_NONCE_LENGTH(key_type, alg)`: the default nonce length; `None` for an
/// incompatible key type / algorithm pair.
pub const fn aead_nonce_length(key_type: KeyType, alg: Algorithm) -> Option<usize> {
    if !alg.is_aead() {
        return None;
    }
    if matches!(key_type.block_size(), Some(16)) {
        if aead_equal(alg, Algorithm::CCM) {
            return Some(13);
        }
        if aead_equal(alg, Algorithm::GCM) {
            return Some(12);
        }
        return None;
    }
    if key_type.raw() == KeyType::CHACHA20.raw() && aead_equal(alg, Algorithm::CHACHA20_POLY1305) {
        return Some(12);
    }
    if key_type.raw() == KeyType::XCHACHA20.raw() && aead_equal(alg, Algorithm::XCHACHA20_POLY1305)
    {
        return Some(24);
    }
    None
}

/// `PSA_AEAD_TAG_LENGTH(key_type, key_bits, alg)`: the tag length of an AEAD algorithm
/// (the minimum for a wildcard); `None` for an incompatible key type / algorithm pair.
pub const fn aead_tag_length(key_type: KeyType, key_bits: usize, alg: Algorithm) -> Option<usize> {
    let _ = key_bits;
    if aead_nonce_length(key_type, alg).is_some() {
        Some(alg.aead_tag_length_field())
    } else {
        None
    }
}

/// `PSA_CIPHER_IV_LENGTH(key_type, alg)`: `Some(0)` for modes without an IV (ECB),
/// `None` for an incompatible pair.
pub const fn cipher_iv_length(key_type: KeyType, alg: Algorithm) -> Option<usize> {
    let block = match key_type.block_size() {
        Some(b) => b,
        None => return None,
    };
    let a = alg.raw();
    if block > 1 {
        if a == Algorithm::CTR.raw()
            || a == Algorithm::CFB.raw()
            || a == Algorithm::OFB.raw()
            || a == Algorithm::XTS.raw()
            || a == Algorithm::CBC_NO_PADDING.raw()
            || a == Algorithm::CBC_PKCS7.raw()
        {
            return Some(block);
        }
        if a == Algorithm::ECB_NO_PADDING.raw() {
            return Some(0);
        }
        if a == Algorithm::CCM_STAR_NO_TAG.raw() && block == 16 {
            return Some(13);
        }
        return None;
    }
    if a == Algorithm::STREAM_CIPHER.raw() {
        if key_type.raw() == KeyType::CHACHA20.raw() {
            return Some(12);
        }
        if key_type.raw() == KeyType::XCHACHA20.raw() {
            return Some(24);
        }
    }
    None
}

/// `PSA_EXPORT_KEY_OUTPUT_SIZE(key_type, key_bits)` for the key types whose export format
/// is fixed by their size: unstructured keys (the raw bytes), ECC (scalar / point), DH and
/// RSA (Mbed TLS's DER upper bounds). `None` for other types.
pub const fn export_key_output_size(key_type: KeyType, key_bits: usize) -> Option<usize> {
    let bytes = bits_to_bytes(key_bits);
    if key_type.is_unstructured() || key_type.is_ecc_key_pair() || key_type.is_dh() {
        Some(bytes)
    } else if key_type.is_ecc_public_key() {
        Some(2 * bytes + 1)
    } else if key_type.raw() == KeyType::RSA_KEY_PAIR.raw() {
        // 9 DER INTEGERs of at most key_bits/2+1 bits each, plus the SEQUENCE header.
        Some(9 * ((key_bits / 2 + 1) / 8 + 5) + 14)
    } else if key_type.raw() == KeyType::RSA_PUBLIC_KEY.raw() {
        Some(rsa_public_export_size(key_bits))
    } else {
        None
    }
}

/// DER `RSAPublicKey` upper bound (Mbed TLS `PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE`).
const fn rsa_public_export_size(key_bits: usize) -> usize {
    bits_to_bytes(key_bits) + 11
}

/// `PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE(key_type, key_bits)` for asymmetric key types.
pub const fn export_public_key_output_size(key_type: KeyType, key_bits: usize) -> Option<usize> {
    let bytes = bits_to_bytes(key_bits);
    if key_type.is_rsa() {
        Some(rsa_public_export_size(key_bits))
    } else if key_type.is_ecc() {
        Some(2 * bytes + 1)
    } else if key_type.is_dh() {
        Some(bytes)
    } else {
        None
    }
}

/// `PSA_SIGN_OUTPUT_SIZE(key_type, key_bits, alg)`.
pub const fn sign_output_size(key_type: KeyType, key_bits: usize, alg: Algorithm) -> Option<usize> {
    if !alg.is_sign() {
        return None;
    }
    if key_type.is_rsa() {
        Some(bits_to_bytes(key_bits))
    } else if key_type.is_ecc() {
        Some(2 * bits_to_bytes(key_bits))
    } else {
        None
    }
}

/// `PSA_RAW_KEY_AGREEMENT_OUTPUT_SIZE(key_type, key_bits)`.
pub const fn raw_key_agreement_output_size(key_type: KeyType, key_bits: usize) -> Option<usize> {
    if key_type.is_ecc() || key_type.is_dh() {
        Some(bits_to_bytes(key_bits))
    } else {
        None
    }
}
