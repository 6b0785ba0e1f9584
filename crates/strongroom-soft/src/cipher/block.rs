//! The block ciphers behind PSA's block-cipher key types, as one enum.
//!
//! An enum rather than a trait object so that a key schedule can be copied into a
//! multi-part operation (`Clone`) or borrowed by a one-shot call without boxing, and so
//! that every variant is visibly a RustCrypto type that zeroizes itself on drop (the
//! `zeroize` features of `aes`, `aria`, `camellia` and `des`; checked by a test below).

use core::fmt;

use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aria::{Aria128, Aria192, Aria256};
use camellia::{Camellia128, Camellia192, Camellia256};
use cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use des::{Des, TdesEde2, TdesEde3};
use strongroom_driver::{Error, KeyType, Result};

/// A block cipher with its expanded key schedule.
#[derive(Clone)]
pub(super) enum BlockKey {
    Aes128(Aes128),
    Aes192(Aes192),
    Aes256(Aes256),
    Aria128(Aria128),
    Aria192(Aria192),
    Aria256(Aria256),
    Camellia128(Camellia128),
    Camellia192(Camellia192),
    Camellia256(Camellia256),
    /// Single DES (8-byte key): allowed because PSA and Mbed TLS allow it.
    Des(Des),
    /// Two-key 3DES (16-byte key, K1 K2 K1).
    Tdes2(TdesEde2),
    /// Three-key 3DES (24-byte key).
    Tdes3(TdesEde3),
}

/// Runs `$body` with `$c` bound to the cipher inside whichever variant `$key` is.
macro_rules! with_cipher {
    ($key:expr, $c:ident => $body:expr) => {
        match $key {
            BlockKey::Aes128($c) => $body,
            BlockKey::Aes192($c) => $body,
            BlockKey::Aes256($c) => $body,
            BlockKey::Aria128($c) => $body,
            BlockKey::Aria192($c) => $body,
            BlockKey::Aria256($c) => $body,
            BlockKey::Camellia128($c) => $body,
            BlockKey::Camellia192($c) => $body,
            BlockKey::Camellia256($c) => $body,
            BlockKey::Des($c) => $body,
            BlockKey::Tdes2($c) => $body,
            BlockKey::Tdes3($c) => $body,
        }
    };
}

/// Builds a cipher of type `C` from `key` (whose length the caller has matched to `C`).
fn init<C: KeyInit>(key: &[u8]) -> Result<C> {
    C::new_from_slice(key).map_err(|_| Error::InvalidArgument)
}

/// Encrypts the whole blocks of `buf` in place (a partial tail is left alone; callers
/// pass whole blocks). The multi-block call lets the backend pipeline (AES-NI: 8 blocks).
fn encrypt_blocks<C: BlockCipherEncrypt>(c: &C, buf: &mut [u8]) {
    let (blocks, tail) = Array::<u8, C::BlockSize>::slice_as_chunks_mut(buf);
    debug_assert!(tail.is_empty(), "callers pass whole blocks");
    c.encrypt_blocks(blocks);
}

/// Decrypts the whole blocks of `buf` in place.
fn decrypt_blocks<C: BlockCipherDecrypt>(c: &C, buf: &mut [u8]) {
    let (blocks, tail) = Array::<u8, C::BlockSize>::slice_as_chunks_mut(buf);
    debug_assert!(tail.is_empty(), "callers pass whole blocks");
    c.decrypt_blocks(blocks);
}

impl BlockKey {
    /// The schedule of a `key_type` key made of `key` (its length selects AES-128/192/256
    /// and so on). Other key types are `NotSupported`, other lengths `InvalidArgument`.
    pub(super) fn new(key_type: KeyType, key: &[u8]) -> Result<Self> {
        Ok(match (key_type, key.len()) {
            (KeyType::AES, 16) => Self::Aes128(init(key)?),
            (KeyType::AES, 24) => Self::Aes192(init(key)?),
            (KeyType::AES, 32) => Self::Aes256(init(key)?),
            (KeyType::ARIA, 16) => Self::Aria128(init(key)?),
            (KeyType::ARIA, 24) => Self::Aria192(init(key)?),
            (KeyType::ARIA, 32) => Self::Aria256(init(key)?),
            (KeyType::CAMELLIA, 16) => Self::Camellia128(init(key)?),
            (KeyType::CAMELLIA, 24) => Self::Camellia192(init(key)?),
            (KeyType::CAMELLIA, 32) => Self::Camellia256(init(key)?),
            (KeyType::DES, 8) => Self::Des(init(key)?),
            (KeyType::DES, 16) => Self::Tdes2(init(key)?),
            (KeyType::DES, 24) => Self::Tdes3(init(key)?),
            (KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA | KeyType::DES, _) => {
                return Err(Error::InvalidArgument);
            }
            _ => return Err(Error::NotSupported),
        })
    }

    /// Block size in bytes: 16, or 8 for the DES family.
    pub(super) fn block_size(&self) -> usize {
        match self {
            Self::Des(_) | Self::Tdes2(_) | Self::Tdes3(_) => 8,
            _ => 16,
        }
    }

    /// Encrypts whole blocks in place.
    pub(super) fn encrypt(&self, buf: &mut [u8]) {
        with_cipher!(self, c => encrypt_blocks(c, buf));
    }

    /// Decrypts whole blocks in place.
    pub(super) fn decrypt(&self, buf: &mut [u8]) {
        with_cipher!(self, c => decrypt_blocks(c, buf));
    }

    /// The cipher's name, for `Debug`.
    pub(super) fn name(&self) -> &'static str {
        match self {
            Self::Aes128(_) => "AES-128",
            Self::Aes192(_) => "AES-192",
            Self::Aes256(_) => "AES-256",
            Self::Aria128(_) => "ARIA-128",
            Self::Aria192(_) => "ARIA-192",
            Self::Aria256(_) => "ARIA-256",
            Self::Camellia128(_) => "Camellia-128",
            Self::Camellia192(_) => "Camellia-192",
            Self::Camellia256(_) => "Camellia-256",
            Self::Des(_) => "DES",
            Self::Tdes2(_) => "3DES-2key",
            Self::Tdes3(_) => "3DES-3key",
        }
    }
}

impl fmt::Debug for BlockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlockKey({})", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::ZeroizeOnDrop;

    /// Compiles only if every variant's cipher wipes its schedule on drop.
    #[test]
    fn every_cipher_zeroizes_on_drop() {
        fn zod<T: ZeroizeOnDrop>() {}
        zod::<Aes128>();
        zod::<Aes192>();
        zod::<Aes256>();
        zod::<Aria128>();
        zod::<Aria192>();
        zod::<Aria256>();
        zod::<Camellia128>();
        zod::<Camellia192>();
        zod::<Camellia256>();
        zod::<Des>();
        zod::<TdesEde2>();
        zod::<TdesEde3>();
    }

    #[test]
    fn key_lengths_and_debug() {
        let k = BlockKey::new(KeyType::AES, &[7; 24]).expect("AES-192");
        assert_eq!(k.block_size(), 16);
        assert_eq!(format!("{k:?}"), "BlockKey(AES-192)");
        assert_eq!(
            BlockKey::new(KeyType::DES, &[1; 16])
                .expect("2-key")
                .block_size(),
            8
        );
        assert_eq!(
            BlockKey::new(KeyType::AES, &[0; 20]).err(),
            Some(Error::InvalidArgument)
        );
        assert_eq!(
            BlockKey::new(KeyType::HMAC, &[0; 16]).err(),
            Some(Error::NotSupported)
        );
    }

    /// FIPS-197 appendix C.1 (AES-128) through the multi-block path.
    #[test]
    fn aes_known_answer() {
        let key: Vec<u8> = (0u8..16).collect();
        let k = BlockKey::new(KeyType::AES, &key).expect("key");
        let mut block: Vec<u8> = (0u8..16).map(|i| i * 0x11).collect();
        k.encrypt(&mut block);
        assert_eq!(
            block,
            [
                0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30, 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4,
                0xc5, 0x5a
            ]
        );
        k.decrypt(&mut block);
        assert_eq!(block, (0u8..16).map(|i| i * 0x11).collect::<Vec<_>>());
    }
}
