//! CBC-MAC (`PSA_ALG_CBC_MAC`: ISO/IEC 9797-1 MAC algorithm 1) over the block ciphers of
//! [`super::block`]: CBC encryption with a zero IV, the last ciphertext block is the MAC.
//!
//! The engine only passes messages that are a whole, non-zero number of blocks (Strongroom
//! rejects others with `INVALID_ARGUMENT`, see `strongroom-core`'s `mac.rs`: CBC-MAC
//! without a length rule is forgeable, and no padding is specified by PSA). So that this
//! driver object is total on its own, anything else is padded as ISO/IEC 9797-1 padding
//! method 1 says (zero bits up to a whole, non-zero number of blocks).
//!
//! Hand-rolled (a dozen lines) over `cipher::BlockCipherEncrypt` rather than the `cbc-mac`
//! crate, which is not in the dependency set. The chaining and partial-block buffers are
//! wiped on drop; the cipher wipes its own key schedule.

use cipher::{Block, BlockCipherEncrypt, BlockSizeUser, KeyInit};
use sha2::digest::{FixedOutput, Output, OutputSizeUser, Update};
use strongroom_driver::{Algorithm, Error, KeyType, PreparedMac, Result};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::block::with_block_cipher;
use super::boxed_key;

/// The prepared CBC-MAC key of `alg` for a `key_type` key `key`; `NotSupported` for a key
/// the cipher table does not cover.
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
    C: BlockCipherEncrypt + KeyInit + Clone + ZeroizeOnDrop + Send + Sync + 'static,
{
    // The table only lists exact key sizes, so this error branch is never taken.
    let cipher = C::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    Ok(boxed_key(
        alg,
        CbcMac {
            cipher,
            chain: Block::<C>::default(),
            partial: Block::<C>::default(),
            filled: 0,
            started: false,
        },
    ))
}

/// A CBC-MAC state: the cipher, the chaining value, and the bytes of a block not yet full.
#[derive(Clone)]
pub(super) struct CbcMac<C: BlockSizeUser> {
    cipher: C,
    /// The last ciphertext block (zero before the first block).
    chain: Block<C>,
    /// `partial[..filled]` is input not yet absorbed (a full block is absorbed at once).
    partial: Block<C>,
    filled: usize,
    /// Whether any input has been seen (an empty message is padded to one zero block).
    started: bool,
}

impl<C: BlockCipherEncrypt> CbcMac<C> {
    /// Absorbs `partial[..filled]`, zero-padded to a block: chain = E(chain ⊕ block).
    fn absorb_partial(&mut self) {
        for (c, p) in self.chain.iter_mut().zip(&self.partial[..self.filled]) {
            *c ^= p;
        }
        self.cipher.encrypt_block(&mut self.chain);
        self.filled = 0;
    }
}

impl<C: BlockCipherEncrypt> Update for CbcMac<C> {
    fn update(&mut self, mut data: &[u8]) {
        self.started |= !data.is_empty();
        let block = self.partial.len();
        while !data.is_empty() {
            let take = (block - self.filled).min(data.len());
            self.partial[self.filled..self.filled + take].copy_from_slice(&data[..take]);
            self.filled += take;
            data = &data[take..];
            if self.filled == block {
                self.absorb_partial();
            }
        }
    }
}

impl<C: BlockSizeUser> OutputSizeUser for CbcMac<C> {
    type OutputSize = C::BlockSize;
}

impl<C: BlockCipherEncrypt> FixedOutput for CbcMac<C> {
    fn finalize_into(mut self, out: &mut Output<Self>) {
        if self.filled > 0 || !self.started {
            self.absorb_partial();
        }
        out.copy_from_slice(&self.chain);
    }
}

impl<C: BlockSizeUser> Drop for CbcMac<C> {
    fn drop(&mut self) {
        self.chain.as_mut_slice().zeroize();
        self.partial.as_mut_slice().zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hex, mac};
    use super::*;

    const SP800_38A_MSG: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

    /// The last block of CBC encryption under a zero IV, as computed by OpenSSL 3
    /// (`openssl enc -aes-128-cbc -iv 00.. -nopad`). One block under AES-128 is also
    /// SP 800-38A F.1.1 (ECB) block 1.
    #[test]
    fn last_cbc_block_matches_openssl() {
        let msg = hex(SP800_38A_MSG);
        let cases = [
            (
                KeyType::AES,
                "2b7e151628aed2a6abf7158809cf4f3c",
                16,
                "3ad77bb40d7a3660a89ecaf32466ef97",
            ),
            (
                KeyType::AES,
                "2b7e151628aed2a6abf7158809cf4f3c",
                64,
                "a7356e1207bb406639e5e5ceb9a9ed93",
            ),
            (
                KeyType::AES,
                "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
                64,
                "7e149874d994f5550bcbd66d917315d6",
            ),
            (
                KeyType::ARIA,
                "000102030405060708090a0b0c0d0e0f1011121314151617",
                32,
                "ce7948129885ddce234fe2ffba9255a2",
            ),
            (
                KeyType::CAMELLIA,
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                32,
                "d8df215e16b35078a1e092238be8aa5c",
            ),
            (
                KeyType::DES,
                "8aa83bf8cbda10620bc1bf19fbb6cd58bc313d4a371ca8b5",
                16,
                "daede062dfd9e40f",
            ),
        ];
        for (kt, key, len, expected) in cases {
            let got = mac(kt, &hex(key), Algorithm::CBC_MAC, &msg[..len]);
            assert_eq!(got, hex(expected), "{kt:?} {len}");
        }
    }

    /// Outside the engine's whole-block rule: zero padding (ISO/IEC 9797-1 method 1).
    #[test]
    fn partial_and_empty_messages_are_zero_padded() {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let one_block = mac(KeyType::AES, &key, Algorithm::CBC_MAC, &[0xab; 16]);
        let mut padded = [0u8; 16];
        padded[..5].fill(0xab);
        assert_eq!(
            mac(KeyType::AES, &key, Algorithm::CBC_MAC, &[0xab; 5]),
            mac(KeyType::AES, &key, Algorithm::CBC_MAC, &padded)
        );
        assert_eq!(
            mac(KeyType::AES, &key, Algorithm::CBC_MAC, &[]),
            mac(KeyType::AES, &key, Algorithm::CBC_MAC, &[0; 16])
        );
        assert_ne!(one_block, mac(KeyType::AES, &key, Algorithm::CBC_MAC, &[]));
    }
}
