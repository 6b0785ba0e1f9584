//! Keyed pseudo-random functions for the KDFs: HMAC over every hash of [`crate::hash`], and
//! CMAC over AES, ARIA and Camellia (with RFC 4615's key reduction for AES-CMAC-PRF-128).
//!
//! A [`Prf`] is keyed once; each call clones the keyed state, absorbs its input and
//! finishes, so the key schedule (HMAC's padded-key hashes, CMAC's subkeys) is never
//! repeated. Keyed states zeroize on drop: `hmac` and `cmac` through their `zeroize`
//! features, [`SpongeHmac`] because its two hasher states do (SHA-3's `zeroize` feature).

use core::fmt;

use hmac::Hmac;
use hmac::digest::block_api::EagerHash;
use hmac::digest::{Digest, FixedOutput, KeyInit, Update};
use strongroom_driver::{Algorithm, Error, KeyType, Result};
use zeroize::{Zeroize, Zeroizing};

use crate::hash::{with_md_hash, with_sha3};

/// Largest PRF output of any supported PRF (HMAC-SHA-512, HMAC-SHA3-512).
pub(super) const MAX_LEN: usize = 64;

/// A keyed PRF: `compute(parts)` is `PRF(key, parts[0] || parts[1] || …)`.
pub(super) trait Prf: Send + Sync {
    /// Output length in bytes (at most [`MAX_LEN`]).
    fn len(&self) -> usize;
    /// Writes the PRF output into `out[..len]` (`out` is at least `len()` bytes; a shorter
    /// `out` receives a prefix).
    fn compute(&self, parts: &[&[u8]], out: &mut [u8]);
}

/// Whether [`hmac`] supports `hash`.
pub(super) fn hmac_supported(hash: Algorithm) -> bool {
    fn yes<D: crate::hash::Hasher>() -> bool {
        true
    }
    with_md_hash!(hash, yes(), with_sha3!(hash, yes(), false))
}

/// HMAC-`hash` keyed with `key` (any length).
pub(super) fn hmac(hash: Algorithm, key: &[u8]) -> Result<Box<dyn Prf>> {
    with_md_hash!(
        hash,
        keyed_hmac(key),
        with_sha3!(hash, keyed_sponge_hmac(hash, key), Err(Error::NotSupported))
    )
}

/// CMAC keyed with a block-cipher key of `key_type` (AES, ARIA, Camellia; 16, 24 or 32
/// bytes). Other types are `NotSupported`; a wrong length is `InvalidArgument`.
pub(super) fn cmac(key_type: KeyType, key: &[u8]) -> Result<Box<dyn Prf>> {
    use aes_gcm::aes::{Aes128, Aes192, Aes256};
    match (key_type, key.len()) {
        (KeyType::AES, 16) => keyed_cmac::<Aes128>(key),
        (KeyType::AES, 24) => keyed_cmac::<Aes192>(key),
        (KeyType::AES, 32) => keyed_cmac::<Aes256>(key),
        (KeyType::ARIA, 16) => keyed_cmac::<aria::Aria128>(key),
        (KeyType::ARIA, 24) => keyed_cmac::<aria::Aria192>(key),
        (KeyType::ARIA, 32) => keyed_cmac::<aria::Aria256>(key),
        (KeyType::CAMELLIA, 16) => keyed_cmac::<camellia::Camellia128>(key),
        (KeyType::CAMELLIA, 24) => keyed_cmac::<camellia::Camellia192>(key),
        (KeyType::CAMELLIA, 32) => keyed_cmac::<camellia::Camellia256>(key),
        (KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA, _) => Err(Error::InvalidArgument),
        _ => Err(Error::NotSupported),
    }
}

/// AES-CMAC-PRF-128 (RFC 4615 §3) keyed with a key of any length: a 16-byte key is used
/// as is, any other is first reduced to `AES-CMAC(0^128, key)`.
pub(super) fn aes_cmac_prf_128(key: &[u8]) -> Result<Box<dyn Prf>> {
    if key.len() == 16 {
        return cmac(KeyType::AES, key);
    }
    let zero = cmac(KeyType::AES, &[0u8; 16])?;
    let mut reduced = Zeroizing::new([0u8; 16]);
    zero.compute(&[key], &mut reduced[..]);
    cmac(KeyType::AES, &reduced[..])
}

/// What a keyed RustCrypto MAC state must offer to be a [`Prf`].
trait MacState: Clone + Update + FixedOutput + Send + Sync + 'static {}
impl<M: Clone + Update + FixedOutput + Send + Sync + 'static> MacState for M {}

/// A keyed RustCrypto MAC state (HMAC over an eager hash, CMAC).
struct Keyed<M> {
    mac: M,
}

impl<M: MacState> Prf for Keyed<M> {
    fn len(&self) -> usize {
        <M as hmac::digest::OutputSizeUser>::output_size()
    }

    fn compute(&self, parts: &[&[u8]], out: &mut [u8]) {
        let mut mac = self.mac.clone();
        for p in parts {
            mac.update(p);
        }
        let mut tag = mac.finalize_fixed();
        let n = tag.len().min(out.len());
        out[..n].copy_from_slice(&tag[..n]);
        tag.as_mut_slice().zeroize();
    }
}

fn keyed_hmac<D: EagerHash>(key: &[u8]) -> Result<Box<dyn Prf>>
where
    Hmac<D>: MacState + KeyInit,
{
    // HMAC takes keys of any length; the error branch is never taken.
    let mac = Hmac::<D>::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    Ok(Box::new(Keyed { mac }))
}

fn keyed_cmac<C>(key: &[u8]) -> Result<Box<dyn Prf>>
where
    cmac::Cmac<C>: MacState + KeyInit,
    C: cmac::block_api::CmacCipher,
{
    let mac = cmac::Cmac::<C>::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    Ok(Box::new(Keyed { mac }))
}

/// HMAC (RFC 2104) over a hash without an eager block core (the SHA-3 sponges), built
/// from two whole hasher states that have absorbed `K ^ ipad` and `K ^ opad`. (`hmac`'s
/// own `SimpleHmac` keeps the padded key in a buffer that does not zeroize on drop.)
#[derive(Clone)]
pub(super) struct SpongeHmac<D> {
    inner: D,
    outer: D,
}

impl<D: Digest + Clone> SpongeHmac<D> {
    /// Keys the two states; `block` is the hash's block size (its rate, for SHA-3).
    pub(super) fn new(key: &[u8], block: usize) -> Self {
        let mut padded = Zeroizing::new([0u8; SPONGE_BLOCK_MAX]);
        let padded = &mut padded[..block.min(SPONGE_BLOCK_MAX)];
        if key.len() > padded.len() {
            let mut digest = D::digest(key);
            let n = digest.len().min(padded.len());
            padded[..n].copy_from_slice(&digest[..n]);
            digest.as_mut_slice().zeroize();
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let mut inner = D::new();
        let mut outer = D::new();
        for b in padded.iter_mut() {
            *b ^= 0x36;
        }
        Digest::update(&mut inner, &*padded);
        for b in padded.iter_mut() {
            *b ^= 0x36 ^ 0x5c;
        }
        Digest::update(&mut outer, &*padded);
        Self { inner, outer }
    }
}

/// Largest block of a hash that [`SpongeHmac`] is used with (SHA3-224's rate).
const SPONGE_BLOCK_MAX: usize = 144;

impl<D: Digest + Clone + Send + Sync> Prf for SpongeHmac<D> {
    fn len(&self) -> usize {
        <D as Digest>::output_size()
    }

    fn compute(&self, parts: &[&[u8]], out: &mut [u8]) {
        let mut inner = self.inner.clone();
        for p in parts {
            Digest::update(&mut inner, p);
        }
        let mut inner_hash = inner.finalize();
        let mut outer = self.outer.clone();
        Digest::update(&mut outer, &inner_hash);
        let mut tag = outer.finalize();
        let n = tag.len().min(out.len());
        out[..n].copy_from_slice(&tag[..n]);
        inner_hash.as_mut_slice().zeroize();
        tag.as_mut_slice().zeroize();
    }
}

fn keyed_sponge_hmac<D: Digest + Clone + Send + Sync + 'static>(
    hash: Algorithm,
    key: &[u8],
) -> Result<Box<dyn Prf>> {
    let block = hash.hash_block_size().ok_or(Error::NotSupported)?;
    Ok(Box::new(SpongeHmac::<D>::new(key, block)))
}

impl fmt::Debug for dyn Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prf")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::test_util::hex;

    fn run(prf: &dyn Prf, msg: &[u8]) -> Vec<u8> {
        let mut out = [0u8; MAX_LEN];
        prf.compute(&[msg], &mut out);
        out[..prf.len()].to_vec()
    }

    /// RFC 4231 test case 2 (key "Jefe").
    #[test]
    fn hmac_sha256_known_answer() {
        let prf = hmac(Algorithm::SHA_256, b"Jefe").expect("supported");
        assert_eq!(
            run(&*prf, b"what do ya want for nothing?"),
            hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
    }

    /// The sponge HMAC agrees with `hmac::SimpleHmac` for every SHA-3, with short, block
    /// sized and long keys, and with input given in pieces.
    #[test]
    fn sponge_hmac_matches_simple_hmac() {
        fn check<D: Digest + Clone + Send + Sync + hmac::digest::common::BlockSizeUser>(
            hash: Algorithm,
        ) {
            let block = hash.hash_block_size().expect("block size");
            for key_len in [0, 20, block, block + 1, 300] {
                let key: Vec<u8> = (0..key_len).map(|i| i as u8).collect();
                let mut reference =
                    <hmac::SimpleHmac<D> as KeyInit>::new_from_slice(&key).expect("any key length");
                Update::update(&mut reference, b"abcdef");
                let expected = reference.finalize_fixed().to_vec();
                let prf = hmac(hash, &key).expect("supported");
                let mut out = [0u8; MAX_LEN];
                prf.compute(&[b"ab", b"", b"cdef"], &mut out);
                assert_eq!(&out[..prf.len()], &expected[..], "{hash:?} key {key_len}");
            }
        }
        check::<sha3::Sha3_224>(Algorithm::SHA3_224);
        check::<sha3::Sha3_256>(Algorithm::SHA3_256);
        check::<sha3::Sha3_384>(Algorithm::SHA3_384);
        check::<sha3::Sha3_512>(Algorithm::SHA3_512);
    }

    /// RFC 4615 §4 test vectors: AES-CMAC-PRF-128 with keys of 18, 16 and 10 bytes.
    #[test]
    fn aes_cmac_prf_128_rfc4615() {
        let msg = hex("000102030405060708090a0b0c0d0e0f10111213");
        for (key, expected) in [
            (
                "000102030405060708090a0b0c0d0e0fedcb",
                "84a348a4a45d235babfffc0d2b4da09a",
            ),
            (
                "000102030405060708090a0b0c0d0e0f",
                "980ae87b5f4c9c5214f5b6a8455e4c2d",
            ),
            ("00010203040506070809", "290d9e112edb09ee141fcf64c0b72f3d"),
        ] {
            let prf = aes_cmac_prf_128(&hex(key)).expect("AES");
            assert_eq!(run(&*prf, &msg), hex(expected), "key {key}");
        }
    }

    #[test]
    fn unknown_prfs_are_refused() {
        assert!(hmac(Algorithm::from_raw(0x0200_0001), b"k").is_err());
        assert!(!hmac_supported(Algorithm::SHAKE256_512));
        assert_eq!(
            cmac(KeyType::AES, &[0; 15]).err(),
            Some(Error::InvalidArgument)
        );
        assert_eq!(
            cmac(KeyType::DES, &[0; 24]).err(),
            Some(Error::NotSupported)
        );
    }
}
