//! The block ciphers under CMAC and CBC-MAC: which RustCrypto type implements a PSA key of
//! a given type and size.
//!
//! DES keys are accepted in their three-key form (192 bits) only. Single DES (64 bits) and
//! two-key Triple-DES (128 bits) are `NotSupported`, as in Mbed TLS, whose test data
//! expects exactly that for CMAC ("CMAC-DES / CMAC-3DES-2key: not supported in PSA"); the
//! same rule is kept for CBC-MAC so the two MACs accept the same keys. SM4 has no crate in
//! this dependency set and is `NotSupported`.

use strongroom_driver::KeyType;

/// Calls `$f::<Cipher>($args)` for the block cipher of a `$key_type` key of `$key_len`
/// bytes, or evaluates `$otherwise`.
macro_rules! with_block_cipher {
    ($key_type:expr, $key_len:expr, $f:ident ( $($args:expr),* ), $otherwise:expr) => {
        match ($key_type, $key_len) {
            (::strongroom_driver::KeyType::AES, 16) => $f::<::aes_gcm::aes::Aes128>($($args),*),
            (::strongroom_driver::KeyType::AES, 24) => $f::<::aes_gcm::aes::Aes192>($($args),*),
            (::strongroom_driver::KeyType::AES, 32) => $f::<::aes_gcm::aes::Aes256>($($args),*),
            (::strongroom_driver::KeyType::ARIA, 16) => $f::<::aria::Aria128>($($args),*),
            (::strongroom_driver::KeyType::ARIA, 24) => $f::<::aria::Aria192>($($args),*),
            (::strongroom_driver::KeyType::ARIA, 32) => $f::<::aria::Aria256>($($args),*),
            (::strongroom_driver::KeyType::CAMELLIA, 16) => {
                $f::<::camellia::Camellia128>($($args),*)
            }
            (::strongroom_driver::KeyType::CAMELLIA, 24) => {
                $f::<::camellia::Camellia192>($($args),*)
            }
            (::strongroom_driver::KeyType::CAMELLIA, 32) => {
                $f::<::camellia::Camellia256>($($args),*)
            }
            (::strongroom_driver::KeyType::DES, 24) => $f::<::des::TdesEde3>($($args),*),
            _ => $otherwise,
        }
    };
}
pub(super) use with_block_cipher;

/// The block size of the ciphers of `key_type` that [`with_block_cipher`] knows (for any
/// key size), or `None`.
pub(super) fn block_size(key_type: KeyType) -> Option<usize> {
    match key_type {
        KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA => Some(16),
        KeyType::DES => Some(8),
        _ => None,
    }
}
