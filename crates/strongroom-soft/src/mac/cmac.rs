//! CMAC (NIST SP 800-38B) over the block ciphers of [`super::block`], with `cmac::Cmac`.
//!
//! The prepared state is the expanded cipher key and an all-zero chaining block; the
//! subkeys K1/K2 are derived at each finish (one block encryption) rather than stored, so
//! the prepared state holds nothing beyond the key schedule. `cmac`'s `zeroize` feature
//! wipes the chaining state and the cipher crates wipe their schedules on drop.

use ::cmac::Cmac;
use ::cmac::block_api::{CmacCipher, CmacCore};
use cipher::KeyInit;
use strongroom_driver::{Algorithm, Error, KeyType, PreparedMac, Result};
use zeroize::ZeroizeOnDrop;

use super::block::with_block_cipher;
use super::{MacState, boxed_key};

/// The prepared CMAC key of `alg` for a `key_type` key `key`; `NotSupported` for a key the
/// cipher table does not cover.
pub(super) fn prepare(
    alg: Algorithm,
    key_type: KeyType,
    key: &[u8],
) -> Result<Box<dyn PreparedMac>> {
    with_block_cipher!(
        key_type,
        key.len(),
        keyed(alg, key),
        Err(Error::NotSupported)
    )
}

fn keyed<C>(alg: Algorithm, key: &[u8]) -> Result<Box<dyn PreparedMac>>
where
    C: CmacCipher + KeyInit + Clone + ZeroizeOnDrop + Send + Sync + 'static,
    Cmac<C>: MacState,
    // The chaining state zeroizes on drop (`cmac`'s `zeroize`; the wrapper's block buffer
    // through `digest`'s), and so does the key schedule (the `C: ZeroizeOnDrop` bound).
    CmacCore<C>: ZeroizeOnDrop,
{
    // The table only lists exact key sizes, so this error branch is never taken.
    let mac = Cmac::<C>::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    Ok(boxed_key(alg, mac))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hex, mac};
    use super::*;

    const SP800_38A_MSG: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

    fn cmac(key_type: KeyType, key: &str, msg_len: usize) -> Vec<u8> {
        let msg = hex(SP800_38A_MSG);
        mac(key_type, &hex(key), Algorithm::CMAC, &msg[..msg_len])
    }

    /// RFC 4493 §4 (AES-128) and NIST SP 800-38B Appendix D (AES-192, AES-256, TDEA).
    #[test]
    fn rfc4493_and_sp800_38b_examples() {
        let aes128 = "2b7e151628aed2a6abf7158809cf4f3c";
        let aes192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
        let aes256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
        let tdea = "8aa83bf8cbda10620bc1bf19fbb6cd58bc313d4a371ca8b5";
        let cases = [
            (KeyType::AES, aes128, 0, "bb1d6929e95937287fa37d129b756746"),
            (KeyType::AES, aes128, 16, "070a16b46b4d4144f79bdd9dd04a287c"),
            (KeyType::AES, aes128, 40, "dfa66747de9ae63030ca32611497c827"),
            (KeyType::AES, aes128, 64, "51f0bebf7e3b9d92fc49741779363cfe"),
            (KeyType::AES, aes192, 0, "d17ddf46adaacde531cac483de7a9367"),
            (KeyType::AES, aes192, 16, "9e99a7bf31e710900662f65e617c5184"),
            (KeyType::AES, aes256, 64, "e1992190549f6ed5696a2c056c315410"),
            (KeyType::DES, tdea, 0, "b7a688e122ffaf95"),
            (KeyType::DES, tdea, 20, "743ddbe0ce2dc2ed"),
        ];
        for (kt, key, len, expected) in cases {
            assert_eq!(cmac(kt, key, len), hex(expected), "{kt:?} {key} {len}");
        }
    }

    /// ARIA and Camellia have no published CMAC examples; these values come from OpenSSL 3
    /// (`openssl mac -cipher ARIA-128-CBC ... CMAC`), an independent implementation.
    #[test]
    fn aria_and_camellia_match_openssl() {
        let k128 = "000102030405060708090a0b0c0d0e0f";
        let k192 = "000102030405060708090a0b0c0d0e0f1011121314151617";
        let k256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        let cases = [
            (KeyType::ARIA, k128, 40, "3fbe177567f5f927ae3130369cc95776"),
            (KeyType::ARIA, k256, 16, "20c753c441f829ec0eae863b97b72506"),
            (
                KeyType::CAMELLIA,
                k128,
                40,
                "fa07d173a1e0298ac8ee80d479a7d48e",
            ),
            (
                KeyType::CAMELLIA,
                k192,
                0,
                "392700e3dba24ca440a4b611390b8532",
            ),
        ];
        for (kt, key, len, expected) in cases {
            assert_eq!(cmac(kt, key, len), hex(expected), "{kt:?} {key} {len}");
        }
    }

    #[test]
    fn des_keys_other_than_three_key_are_not_supported() {
        for len in [8, 16] {
            assert_eq!(
                prepare(Algorithm::CMAC, KeyType::DES, &vec![1; len]).err(),
                Some(Error::NotSupported)
            );
        }
    }
}
