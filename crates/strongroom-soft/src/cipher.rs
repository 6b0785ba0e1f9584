//! Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
//!
//! | algorithm | key types |
//! |---|---|
//! | ECB_NO_PADDING, CBC_NO_PADDING, CBC_PKCS7, CFB (CFB-128), OFB, CTR | AES, ARIA, Camellia (128/192/256); DES (single, 2-key and 3-key) |
//! | CCM_STAR_NO_TAG (13-byte nonce) | AES, ARIA, Camellia |
//! | XTS (256-bit key = two 128-bit keys) | AES, ARIA, Camellia |
//! | STREAM_CIPHER | CHACHA20, XCHACHA20 |
//!
//! The prepared form of a key is its expanded schedule ([`block::BlockKey`], two of them
//! for XTS) or, for ChaCha, the key itself. One-shot calls borrow it; a multi-part
//! operation's context owns a copy, so the engine can wipe that copy when the key is
//! destroyed. PKCS#7 padding and partial-block buffering are the engine's.
//!
//! SM4 and ARC4 are not supported (no crate in this generation; ARC4 is broken).
//! The spec (1.2, "Cipher algorithms") lists DES as compatible with CTR, CFB and OFB, and
//! ARIA and Camellia with OFB; this driver supports them. Mbed TLS 3.6 does not implement
//! those combinations, and its generated `op_fail` data calls them "incompatible".

mod block;
mod chacha;
mod modes;
mod xts;

use strongroom_driver::{
    Algorithm, CipherContext, CipherDirection, CipherDriver, Error, KeyType, PreparedCipher, Result,
};

use block::BlockKey;
use chacha::{ChaChaKey, ChaChaStream};
use modes::Mode;
use xts::{Xts, XtsKey};

/// The software CipherDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftCipher;

/// Whether `alg` is one of the modes built on a block cipher that [`Mode`] runs.
fn is_block_mode(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::ECB_NO_PADDING
            | Algorithm::CBC_NO_PADDING
            | Algorithm::CBC_PKCS7
            | Algorithm::CFB
            | Algorithm::OFB
            | Algorithm::CTR
            | Algorithm::CCM_STAR_NO_TAG
    )
}

/// Whether keys of `key_type` (any valid size) can be used with `alg`: the key-type half
/// of [`supports_bits`], for `Driver::supports`, which does not know the key size.
pub(crate) fn supports(key_type: KeyType, alg: Algorithm) -> bool {
    let wide_block = matches!(key_type, KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA);
    match alg {
        Algorithm::STREAM_CIPHER => matches!(key_type, KeyType::CHACHA20 | KeyType::XCHACHA20),
        Algorithm::CCM_STAR_NO_TAG | Algorithm::XTS => wide_block,
        a if is_block_mode(a) => wide_block || key_type == KeyType::DES,
        _ => false,
    }
}

/// Whether a key of `key_type` and `bits` can be used with `alg`.
fn supports_bits(key_type: KeyType, bits: usize, alg: Algorithm) -> bool {
    if !supports(key_type, alg) {
        return false;
    }
    match key_type {
        KeyType::DES => matches!(bits, 64 | 128 | 192),
        KeyType::CHACHA20 | KeyType::XCHACHA20 => bits == 256,
        _ if alg == Algorithm::XTS => bits == 256,
        _ => matches!(bits, 128 | 192 | 256),
    }
}

impl CipherDriver for SoftCipher {
    fn supports(&self, key_type: KeyType, key_bits: usize, alg: Algorithm) -> bool {
        supports_bits(key_type, key_bits, alg)
    }

    fn prepare(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedCipher>> {
        if !supports_bits(key_type, key.len() * 8, alg) {
            return Err(Error::NotSupported);
        }
        let prepared = match alg {
            Algorithm::STREAM_CIPHER => Prepared::ChaCha(ChaChaKey::new(key_type, key)?),
            Algorithm::XTS => Prepared::Xts(Box::new(XtsKey::new(key_type, key)?)),
            _ => Prepared::Block(Box::new(BlockKey::new(key_type, key)?)),
        };
        Ok(Box::new(prepared))
    }
}

/// A key in prepared form.
#[derive(Debug)]
enum Prepared {
    Block(Box<BlockKey>),
    Xts(Box<XtsKey>),
    ChaCha(ChaChaKey),
}

impl PreparedCipher for Prepared {
    fn serves(&self, alg: Algorithm) -> bool {
        match self {
            Self::Block(_) => is_block_mode(alg),
            Self::Xts(_) => alg == Algorithm::XTS,
            Self::ChaCha(_) => alg == Algorithm::STREAM_CIPHER,
        }
    }

    fn crypt(&self, alg: Algorithm, dir: CipherDirection, iv: &[u8], buf: &mut [u8]) -> Result<()> {
        match self {
            Self::Block(key) => block_mode(key, alg, dir, iv)?.process(key, buf),
            Self::Xts(key) => {
                check_alg(alg == Algorithm::XTS)?;
                Xts::new(key, dir, iv)?.unit(key, buf)
            }
            Self::ChaCha(key) => {
                check_alg(alg == Algorithm::STREAM_CIPHER)?;
                key.stream(iv)?.apply(buf)
            }
        }
    }

    fn start(
        &self,
        alg: Algorithm,
        dir: CipherDirection,
        iv: &[u8],
    ) -> Result<Box<dyn CipherContext>> {
        Ok(match self {
            Self::Block(key) => Box::new(BlockContext {
                mode: block_mode(key, alg, dir, iv)?,
                key: key.clone(),
            }),
            Self::Xts(key) => {
                check_alg(alg == Algorithm::XTS)?;
                Box::new(XtsContext {
                    xts: Xts::new(key, dir, iv)?,
                    key: key.clone(),
                })
            }
            Self::ChaCha(key) => {
                check_alg(alg == Algorithm::STREAM_CIPHER)?;
                Box::new(ChaChaContext(key.stream(iv)?))
            }
        })
    }
}

/// `NotSupported` unless `ok` (the engine asks [`PreparedCipher::serves`] first, so this
/// only guards against a confused caller).
fn check_alg(ok: bool) -> Result<()> {
    if ok { Ok(()) } else { Err(Error::NotSupported) }
}

fn block_mode(key: &BlockKey, alg: Algorithm, dir: CipherDirection, iv: &[u8]) -> Result<Mode> {
    Mode::new(alg, dir, key.block_size(), iv).unwrap_or(Err(Error::NotSupported))
}

/// A multi-part operation in a block cipher mode: its own copy of the key schedule and the
/// mode's running state (both zeroize on drop).
#[derive(Debug)]
struct BlockContext {
    key: Box<BlockKey>,
    mode: Mode,
}

impl CipherContext for BlockContext {
    fn update(&mut self, buf: &mut [u8]) -> Result<()> {
        self.mode.process(&self.key, buf)
    }
}

/// A multi-part XTS operation.
#[derive(Debug)]
struct XtsContext {
    key: Box<XtsKey>,
    xts: Xts,
}

impl CipherContext for XtsContext {
    fn update(&mut self, buf: &mut [u8]) -> Result<()> {
        if !buf.len().is_multiple_of(16) {
            return Err(Error::InvalidArgument);
        }
        self.xts.blocks(&self.key, buf);
        Ok(())
    }

    fn finish(&mut self, buf: &mut [u8]) -> Result<()> {
        self.xts.last(&self.key, buf)
    }
}

/// A multi-part ChaCha20 / XChaCha20 operation: the running key stream.
#[derive(Debug)]
struct ChaChaContext(ChaChaStream);

impl CipherContext for ChaChaContext {
    fn update(&mut self, buf: &mut [u8]) -> Result<()> {
        self.0.apply(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_table() {
        let s = SoftCipher;
        assert!(s.supports(KeyType::AES, 192, Algorithm::CFB));
        assert!(s.supports(KeyType::DES, 64, Algorithm::CBC_NO_PADDING));
        assert!(s.supports(KeyType::DES, 128, Algorithm::CTR));
        assert!(!s.supports(KeyType::DES, 128, Algorithm::CCM_STAR_NO_TAG));
        assert!(!s.supports(KeyType::DES, 128, Algorithm::XTS));
        assert!(s.supports(KeyType::ARIA, 256, Algorithm::XTS));
        assert!(!s.supports(KeyType::AES, 128, Algorithm::XTS));
        assert!(s.supports(KeyType::XCHACHA20, 256, Algorithm::STREAM_CIPHER));
        assert!(!s.supports(KeyType::CHACHA20, 256, Algorithm::CTR));
        assert!(!s.supports(KeyType::AES, 128, Algorithm::STREAM_CIPHER));
        assert!(!s.supports(KeyType::RAW_DATA, 128, Algorithm::ECB_NO_PADDING));
        assert!(!s.supports(KeyType::AES, 128, Algorithm::CMAC));
    }

    #[test]
    fn prepared_forms_serve_their_algorithms() {
        let s = SoftCipher;
        let p = s
            .prepare(KeyType::AES, &[1; 32], Algorithm::CTR)
            .expect("block");
        assert!(p.serves(Algorithm::CBC_PKCS7) && !p.serves(Algorithm::XTS));
        assert_eq!(format!("{p:?}"), "Block(BlockKey(AES-256))");
        let p = s
            .prepare(KeyType::AES, &[1; 32], Algorithm::XTS)
            .expect("xts");
        assert!(p.serves(Algorithm::XTS) && !p.serves(Algorithm::CTR));
        assert_eq!(format!("{p:?}"), "Xts(XtsKey(AES-128))");
        let p = s
            .prepare(KeyType::CHACHA20, &[1; 32], Algorithm::STREAM_CIPHER)
            .expect("chacha");
        assert_eq!(format!("{p:?}"), "ChaCha(ChaChaKey(ChaCha20))");
        assert!(s.prepare(KeyType::AES, &[1; 16], Algorithm::XTS).is_err());
    }

    /// The one-shot path and the multi-part path agree.
    #[test]
    fn crypt_equals_start_update() {
        let p = SoftCipher
            .prepare(KeyType::CAMELLIA, &[9; 24], Algorithm::CFB)
            .expect("key");
        let iv = [4u8; 16];
        let mut one = (0u8..77).collect::<Vec<_>>();
        let mut multi = one.clone();
        p.crypt(Algorithm::CFB, CipherDirection::Encrypt, &iv, &mut one)
            .expect("crypt");
        let mut ctx = p
            .start(Algorithm::CFB, CipherDirection::Encrypt, &iv)
            .expect("start");
        let (a, b) = multi.split_at_mut(30);
        ctx.update(a).expect("a");
        ctx.finish(b).expect("b");
        assert_eq!(one, multi);
    }
}
