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
/// `PSA_CIPHER_IV_MAX_SIZE`: 24 because XChaCha20 (spec 1.2) generates 24-byte nonces
/// (Mbed TLS, without it, says 16).
pub const CIPHER_IV_MAX_SIZE: usize = 24;
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

/// `PSA_AEAD_ENCRYPT_OUTPUT_SIZE(key_type, alg, plaintext_length)`: ciphertext and tag.
pub const fn aead_encrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    plaintext_length: usize,
) -> Option<usize> {
    match aead_tag_length(key_type, 0, alg) {
        Some(tag) => plaintext_length.checked_add(tag),
        None => None,
    }
}

/// `PSA_AEAD_ENCRYPT_OUTPUT_MAX_SIZE(plaintext_length)` (saturating).
pub const fn aead_encrypt_output_max_size(plaintext_length: usize) -> usize {
    plaintext_length.saturating_add(AEAD_TAG_MAX_SIZE)
}

/// `PSA_AEAD_DECRYPT_OUTPUT_SIZE(key_type, alg, ciphertext_length)`: the plaintext length
/// (0 for an input shorter than the tag).
pub const fn aead_decrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    ciphertext_length: usize,
) -> Option<usize> {
    match aead_tag_length(key_type, 0, alg) {
        Some(tag) => Some(ciphertext_length.saturating_sub(tag)),
        None => None,
    }
}

/// `PSA_AEAD_DECRYPT_OUTPUT_MAX_SIZE(ciphertext_length)`.
pub const fn aead_decrypt_output_max_size(ciphertext_length: usize) -> usize {
    ciphertext_length
}

/// `PSA_AEAD_UPDATE_OUTPUT_SIZE(key_type, alg, input_length)`: Strongroom's multi-part
/// AEAD operations are streaming, so `psa_aead_update` writes exactly `input_length`
/// bytes (Mbed TLS asks for a whole number of blocks for CCM and GCM).
pub const fn aead_update_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> Option<usize> {
    match aead_nonce_length(key_type, alg) {
        Some(_) => Some(input_length),
        None => None,
    }
}

/// `PSA_AEAD_UPDATE_OUTPUT_MAX_SIZE(input_length)`.
pub const fn aead_update_output_max_size(input_length: usize) -> usize {
    input_length
}

/// `PSA_AEAD_FINISH_OUTPUT_SIZE(key_type, alg)`: 0, since `psa_aead_update` has already
/// written every byte of ciphertext.
pub const fn aead_finish_output_size(key_type: KeyType, alg: Algorithm) -> Option<usize> {
    match aead_nonce_length(key_type, alg) {
        Some(_) => Some(0),
        None => None,
    }
}

/// `PSA_AEAD_FINISH_OUTPUT_MAX_SIZE`.
pub const AEAD_FINISH_OUTPUT_MAX_SIZE: usize = 0;

/// `PSA_AEAD_VERIFY_OUTPUT_SIZE(key_type, alg)`: 0, as for
/// [`aead_finish_output_size`].
pub const fn aead_verify_output_size(key_type: KeyType, alg: Algorithm) -> Option<usize> {
    aead_finish_output_size(key_type, alg)
}

/// `PSA_AEAD_VERIFY_OUTPUT_MAX_SIZE`.
pub const AEAD_VERIFY_OUTPUT_MAX_SIZE: usize = 0;

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
    if key_type.is_ecc_key_pair() {
        Some(ecc_element_size(key_type, key_bits))
    } else if key_type.is_unstructured() || key_type.is_dh() {
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

/// DER `RSAPublicKey` upper bound (Mbed TLS `PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE`): the
/// modulus as a DER INTEGER (`key_bits / 8 + 5` bytes at most, sign byte included) plus 11
/// bytes for the SEQUENCE header and a public exponent of up to 4 bytes.
const fn rsa_public_export_size(key_bits: usize) -> usize {
    key_bits / 8 + 5 + 11
}

/// Bytes of an encoded element (private key, Montgomery / Edwards public key) of an ECC
/// key of `key_bits` bits: `ceil(bits / 8)`, except Edwards448, which RFC 8032 encodes in
/// 57 bytes.
const fn ecc_element_size(key_type: KeyType, key_bits: usize) -> usize {
    match key_type.ecc_family() {
        Some(f) if f.raw() == crate::EccFamily::TWISTED_EDWARDS.raw() && key_bits == 448 => 57,
        _ => bits_to_bytes(key_bits),
    }
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
        // EdDSA signatures are R ‖ S, two encoded elements (114 bytes for Ed448); ECDSA's
        // are r ‖ s, two scalars.
        Some(2 * ecc_element_size(key_type, key_bits))
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

// Cipher output sizes (STRONGROOM-CIPHER-SIZES). The values follow Mbed TLS where it
// defines them, extended to XTS (which holds back the end of the data unit for stealing).

/// Whether the cipher `alg` runs on whole blocks (ECB, CBC, XTS), so that a multi-part
/// operation buffers partial blocks; the other cipher modes are streams.
const fn cipher_is_block_aligned(alg: Algorithm) -> bool {
    let a = alg.raw();
    a == Algorithm::ECB_NO_PADDING.raw()
        || a == Algorithm::CBC_NO_PADDING.raw()
        || a == Algorithm::CBC_PKCS7.raw()
        || a == Algorithm::XTS.raw()
}

/// `n` rounded up to a multiple of `block` (`PSA_ROUND_UP_TO_MULTIPLE`); `None` on overflow.
const fn round_up(block: usize, n: usize) -> Option<usize> {
    match n.checked_add(block - 1) {
        Some(m) => Some(m / block * block),
        None => None,
    }
}

/// `PSA_CIPHER_ENCRYPT_OUTPUT_SIZE(key_type, alg, input_length)`: the IV, then the
/// ciphertext (for CBC_PKCS7, the input padded to the next whole block). `None` for an
/// incompatible pair, or on overflow.
pub const fn cipher_encrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> Option<usize> {
    let (Some(iv), Some(block)) = (cipher_iv_length(key_type, alg), key_type.block_size()) else {
        return None;
    };
    let body = if alg.raw() == Algorithm::CBC_PKCS7.raw() {
        match input_length.checked_add(1) {
            Some(n) => match round_up(block, n) {
                Some(b) => b,
                None => return None,
            },
            None => return None,
        }
    } else {
        input_length
    };
    body.checked_add(iv)
}

/// `PSA_CIPHER_DECRYPT_OUTPUT_SIZE(key_type, alg, input_length)`: the input length (the
/// plaintext is never longer than the IV and ciphertext it comes from), as Mbed TLS
/// defines it.
pub const fn cipher_decrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> Option<usize> {
    match cipher_iv_length(key_type, alg) {
        Some(_) => Some(input_length),
        None => None,
    }
}

/// `PSA_CIPHER_UPDATE_OUTPUT_SIZE(key_type, alg, input_length)`: for ECB, CBC and XTS the
/// input rounded up to whole blocks (buffered bytes of earlier calls may come out with
/// it); for the stream modes the input length.
pub const fn cipher_update_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> Option<usize> {
    let (Some(_), Some(block)) = (cipher_iv_length(key_type, alg), key_type.block_size()) else {
        return None;
    };
    if cipher_is_block_aligned(alg) {
        round_up(block, input_length)
    } else {
        Some(input_length)
    }
}

/// `PSA_CIPHER_FINISH_OUTPUT_SIZE(key_type, alg)`: one block for CBC_PKCS7 (the padded
/// last block), two blocks less one byte for XTS (the held-back end of the data unit),
/// 0 otherwise.
pub const fn cipher_finish_output_size(key_type: KeyType, alg: Algorithm) -> Option<usize> {
    let (Some(_), Some(block)) = (cipher_iv_length(key_type, alg), key_type.block_size()) else {
        return None;
    };
    if alg.raw() == Algorithm::CBC_PKCS7.raw() {
        Some(block)
    } else if alg.raw() == Algorithm::XTS.raw() {
        Some(2 * block - 1)
    } else {
        Some(0)
    }
}

/// `PSA_CIPHER_ENCRYPT_OUTPUT_MAX_SIZE(input_length)`: enough for any supported cipher
/// (`None` on overflow).
pub const fn cipher_encrypt_output_max_size(input_length: usize) -> Option<usize> {
    match input_length.checked_add(1) {
        Some(n) => match round_up(BLOCK_CIPHER_BLOCK_MAX_SIZE, n) {
            Some(b) => b.checked_add(CIPHER_IV_MAX_SIZE),
            None => None,
        },
        None => None,
    }
}

/// `PSA_CIPHER_DECRYPT_OUTPUT_MAX_SIZE(input_length)`.
pub const fn cipher_decrypt_output_max_size(input_length: usize) -> usize {
    input_length
}

/// `PSA_CIPHER_UPDATE_OUTPUT_MAX_SIZE(input_length)` (`None` on overflow).
pub const fn cipher_update_output_max_size(input_length: usize) -> Option<usize> {
    round_up(BLOCK_CIPHER_BLOCK_MAX_SIZE, input_length)
}

/// `PSA_CIPHER_FINISH_OUTPUT_MAX_SIZE`: XTS's held-back end, two blocks less one byte
/// (Mbed TLS, without XTS, says one block).
pub const CIPHER_FINISH_OUTPUT_MAX_SIZE: usize = 2 * BLOCK_CIPHER_BLOCK_MAX_SIZE - 1;

#[cfg(test)]
mod cipher_size_tests {
    use super::*;
    use crate::{Algorithm as A, KeyType as K};

    #[test]
    fn encrypt_and_decrypt_sizes() {
        assert_eq!(
            cipher_encrypt_output_size(K::AES, A::CBC_PKCS7, 16),
            Some(48)
        );
        assert_eq!(
            cipher_encrypt_output_size(K::AES, A::CBC_PKCS7, 15),
            Some(32)
        );
        assert_eq!(
            cipher_encrypt_output_size(K::DES, A::CBC_PKCS7, 0),
            Some(16)
        );
        assert_eq!(
            cipher_encrypt_output_size(K::AES, A::ECB_NO_PADDING, 32),
            Some(32)
        );
        assert_eq!(
            cipher_encrypt_output_size(K::AES, A::CCM_STAR_NO_TAG, 5),
            Some(18)
        );
        assert_eq!(
            cipher_encrypt_output_size(K::XCHACHA20, A::STREAM_CIPHER, 1),
            Some(25)
        );
        assert_eq!(
            cipher_encrypt_output_size(K::HMAC, A::hmac(A::SHA_256), 16),
            None
        );
        assert_eq!(
            cipher_encrypt_output_size(K::AES, A::CBC_PKCS7, usize::MAX),
            None
        );
        assert_eq!(cipher_decrypt_output_size(K::AES, A::CTR, 40), Some(40));
        assert_eq!(cipher_decrypt_output_size(K::CHACHA20, A::CTR, 40), None);
        assert!(
            cipher_encrypt_output_max_size(15).unwrap()
                >= cipher_encrypt_output_size(K::XCHACHA20, A::STREAM_CIPHER, 15).unwrap()
        );
    }

    #[test]
    fn update_and_finish_sizes() {
        assert_eq!(
            cipher_update_output_size(K::AES, A::CBC_NO_PADDING, 17),
            Some(32)
        );
        assert_eq!(
            cipher_update_output_size(K::DES, A::ECB_NO_PADDING, 9),
            Some(16)
        );
        assert_eq!(cipher_update_output_size(K::AES, A::XTS, 1), Some(16));
        assert_eq!(cipher_update_output_size(K::AES, A::CTR, 17), Some(17));
        assert_eq!(
            cipher_update_output_size(K::CHACHA20, A::STREAM_CIPHER, 3),
            Some(3)
        );
        assert_eq!(
            cipher_update_output_size(K::HMAC, A::hmac(A::SHA_256), 16),
            None
        );
        assert_eq!(cipher_finish_output_size(K::AES, A::CBC_PKCS7), Some(16));
        assert_eq!(cipher_finish_output_size(K::AES, A::XTS), Some(31));
        assert_eq!(cipher_finish_output_size(K::AES, A::CTR), Some(0));
        assert_eq!(cipher_finish_output_size(K::RAW_DATA, A::CTR), None);
        assert_eq!(cipher_update_output_max_size(1), Some(16));
        assert_eq!(cipher_decrypt_output_max_size(7), 7);
    }
}

#[cfg(test)]
mod asymmetric_size_tests {
    use super::*;
    use crate::EccFamily;

    #[test]
    fn rsa_export_sizes_bound_the_der_encodings() {
        // 1024-bit RSAPublicKey with e = 65537 is 140 bytes; RSAPrivateKey about 610.
        assert_eq!(
            export_key_output_size(KeyType::RSA_PUBLIC_KEY, 1024),
            Some(144)
        );
        assert_eq!(
            export_public_key_output_size(KeyType::RSA_KEY_PAIR, 2048),
            Some(272)
        );
        assert_eq!(
            export_key_output_size(KeyType::RSA_KEY_PAIR, 1024),
            Some(635)
        );
    }

    #[test]
    fn ecc_sizes() {
        let p256 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        assert_eq!(export_key_output_size(p256, 256), Some(32));
        assert_eq!(export_key_output_size(p256, 521), Some(66));
        assert_eq!(export_public_key_output_size(p256, 256), Some(65));
        let ecdsa = Algorithm::ecdsa(Algorithm::SHA_256);
        assert_eq!(sign_output_size(p256, 521, ecdsa), Some(132));
        let ed = KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS);
        assert_eq!(export_key_output_size(ed, 448), Some(57));
        assert_eq!(export_key_output_size(ed, 255), Some(32));
        assert_eq!(sign_output_size(ed, 448, Algorithm::PURE_EDDSA), Some(114));
        assert_eq!(sign_output_size(ed, 255, Algorithm::PURE_EDDSA), Some(64));
        let x = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);
        assert_eq!(raw_key_agreement_output_size(x, 255), Some(32));
        assert_eq!(raw_key_agreement_output_size(x, 448), Some(56));
    }
}
