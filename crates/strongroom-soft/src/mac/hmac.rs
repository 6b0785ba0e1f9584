//! HMAC (RFC 2104) over the hashes of [`crate::hash`].
//!
//! - SHA-1, SHA-2, MD5, RIPEMD-160: `hmac::Hmac<D>`, which keeps the keyed inner and outer
//!   block-level hash states and zeroizes them on drop (the hash cores' `zeroize`).
//! - SHA-3: [`SpongeHmac`], below. `hmac::SimpleHmac` would work but keeps `key ⊕ opad` in a
//!   plain array that is never wiped; this one keeps only the two keyed hasher states
//!   (which `sha3` zeroizes on drop) and wipes its padded-key buffer at once. The HMAC
//!   block size is the sponge rate, as in NIST's HMAC-SHA3 examples and Mbed TLS.
//! - SHAKE256/512 has no HMAC: it has no standard HMAC block size and the spec recommends
//!   against it, and Mbed TLS does not offer it; it is `NotSupported`.

use ::hmac::Hmac;
use ::hmac::digest::block_api::EagerHash;
use sha2::digest::common::BlockSizeUser;
use sha2::digest::{FixedOutput, KeyInit, Output, OutputSizeUser, Update};
use strongroom_driver::{Algorithm, Error, PreparedMac, Result};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{MacState, boxed_key};
use crate::hash::{Hasher, with_md_hash, with_sha3};

/// Whether HMAC over `hash` is supported.
pub(super) fn supports_hash(hash: Algorithm) -> bool {
    fn yes<D: Hasher>() -> bool {
        true
    }
    with_md_hash!(hash, yes(), with_sha3!(hash, yes(), false))
}

/// The prepared key of `alg` (= HMAC(`hash`)) for `key`.
pub(super) fn prepare(alg: Algorithm, hash: Algorithm, key: &[u8]) -> Result<Box<dyn PreparedMac>> {
    with_md_hash!(
        hash,
        eager(alg, key),
        with_sha3!(hash, sponge(alg, key), Err(Error::NotSupported))
    )
}

fn eager<D: EagerHash>(alg: Algorithm, key: &[u8]) -> Result<Box<dyn PreparedMac>>
where
    Hmac<D>: MacState,
    // The keyed states zeroize on drop: the hash cores do (checked here for every hash of
    // the table), the block buffers through `digest`'s `zeroize` feature.
    D::Core: ZeroizeOnDrop,
{
    // HMAC takes keys of any length; the error branch is never taken.
    let mac = Hmac::<D>::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    Ok(boxed_key(alg, mac))
}

fn sponge<D: Hasher + BlockSizeUser + ZeroizeOnDrop>(
    alg: Algorithm,
    key: &[u8],
) -> Result<Box<dyn PreparedMac>> {
    Ok(boxed_key(alg, SpongeHmac::<D>::new(key)))
}

const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/// HMAC over a whole-state hasher `D`: the hasher after absorbing `key ⊕ ipad` (inner) and
/// after absorbing `key ⊕ opad` (outer). No copy of the key itself is kept.
#[derive(Clone)]
pub(super) struct SpongeHmac<D> {
    inner: D,
    outer: D,
}

impl<D: Hasher + BlockSizeUser + ZeroizeOnDrop> SpongeHmac<D> {
    pub(super) fn new(key: &[u8]) -> Self {
        // K0 (FIPS 198-1): the key, or its hash if longer than a block, zero-padded.
        let mut k0 = sha2::digest::common::Block::<D>::default();
        if key.len() > k0.len() {
            let mut digest = D::default().chain(key).finalize_fixed();
            // A hash output is never longer than the rate of the same sponge.
            let n = digest.len().min(k0.len());
            k0[..n].copy_from_slice(&digest[..n]);
            digest.as_mut_slice().zeroize();
        } else {
            k0[..key.len()].copy_from_slice(key);
        }
        k0.iter_mut().for_each(|b| *b ^= IPAD);
        let inner = D::default().chain(&k0[..]);
        k0.iter_mut().for_each(|b| *b ^= IPAD ^ OPAD);
        let outer = D::default().chain(&k0[..]);
        k0.as_mut_slice().zeroize();
        Self { inner, outer }
    }
}

impl<D: Hasher> Update for SpongeHmac<D> {
    fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }
}

impl<D: Hasher> OutputSizeUser for SpongeHmac<D> {
    type OutputSize = D::OutputSize;
}

impl<D: Hasher> FixedOutput for SpongeHmac<D> {
    fn finalize_into(self, out: &mut Output<Self>) {
        let Self { inner, mut outer } = self;
        let mut inner_hash = inner.finalize_fixed();
        outer.update(&inner_hash);
        inner_hash.as_mut_slice().zeroize();
        outer.finalize_into(out);
    }
}

#[cfg(test)]
mod tests {
    use strongroom_driver::KeyType;

    use super::super::tests::{hex, mac};
    use super::*;

    fn hmac(hash: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
        mac(KeyType::HMAC, key, Algorithm::hmac(hash), msg)
    }

    /// RFC 4231 test cases 1, 2 and 6 (key longer than a block) for the SHA-2 hashes.
    #[test]
    fn rfc4231() {
        let key1 = [0x0b; 20];
        let msg1 = b"Hi There";
        let key6 = [0xaa; 131];
        let msg6 = b"Test Using Larger Than Block-Size Key - Hash Key First";
        let cases: [(Algorithm, &[u8], &[u8], &str); 5] = [
            (
                Algorithm::SHA_224,
                &key1,
                msg1,
                "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
            ),
            (
                Algorithm::SHA_256,
                &key1,
                msg1,
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                Algorithm::SHA_256,
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                Algorithm::SHA_384,
                &key6,
                msg6,
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6
                 0c2ef6ab4030fe8296248df163f44952",
            ),
            (
                Algorithm::SHA_512,
                &key6,
                msg6,
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352
                 6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
            ),
        ];
        for (hash, key, msg, expected) in cases {
            assert_eq!(hmac(hash, key, msg), hex(expected), "{hash:?}");
        }
    }

    /// RFC 2202 (HMAC-MD5 and HMAC-SHA-1, test case 2) and RFC 2286 (HMAC-RIPEMD-160,
    /// test case 2).
    #[test]
    fn rfc2202_and_rfc2286() {
        let msg = b"what do ya want for nothing?";
        let cases = [
            (Algorithm::MD5, "750c783e6ab0b503eaa86e310a5db738"),
            (Algorithm::SHA_1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (
                Algorithm::RIPEMD160,
                "dda6c0213a485a9e24f4742064a7f033b43c4069",
            ),
        ];
        for (hash, expected) in cases {
            assert_eq!(hmac(hash, b"Jefe", msg), hex(expected), "{hash:?}");
        }
    }

    /// HMAC-SHA3 with a short key and with a key longer than the rate (values from
    /// Python's `hmac`, an independent implementation; the Mbed TLS hash suite checks
    /// more through the public API).
    #[test]
    fn hmac_sha3_short_and_long_keys() {
        let long_key = [0x5a; 200];
        let cases: [(Algorithm, &[u8], &str); 5] = [
            (
                Algorithm::SHA3_224,
                b"Jefe",
                "7fdb8dd88bd2f60d1b798634ad386811c2cfc85bfaf5d52bbace5e66",
            ),
            (
                Algorithm::SHA3_256,
                b"Jefe",
                "c7d4072e788877ae3596bbb0da73b887c9171f93095b294ae857fbe2645e1ba5",
            ),
            (
                Algorithm::SHA3_384,
                b"Jefe",
                "f1101f8cbf9766fd6764d2ed61903f21ca9b18f57cf3e1a23ca13508a93243ce
                 48c045dc007f26a21b3f5e0e9df4c20a",
            ),
            (
                Algorithm::SHA3_512,
                b"Jefe",
                "5a4bfeab6166427c7a3647b747292b8384537cdb89afb3bf5665e4c5e709350b
                 287baec921fd7ca0ee7a0c31d022a95e1fc92ba9d77df883960275beb4e62024",
            ),
            (
                Algorithm::SHA3_256,
                &long_key,
                "eb86e83a752081996434fb81b087fbcaaea4b62e5629eeb4a090889a810e8e9c",
            ),
        ];
        for (hash, key, expected) in cases {
            assert_eq!(
                hmac(hash, key, b"what do ya want for nothing?"),
                hex(expected),
                "{hash:?} key of {} bytes",
                key.len()
            );
        }
    }

    #[test]
    fn every_supported_hash_has_an_hmac_of_its_length() {
        for hash in [
            Algorithm::MD5,
            Algorithm::RIPEMD160,
            Algorithm::SHA_1,
            Algorithm::SHA_224,
            Algorithm::SHA_256,
            Algorithm::SHA_384,
            Algorithm::SHA_512,
            Algorithm::SHA_512_224,
            Algorithm::SHA_512_256,
            Algorithm::SHA3_224,
            Algorithm::SHA3_256,
            Algorithm::SHA3_384,
            Algorithm::SHA3_512,
        ] {
            assert!(supports_hash(hash), "{hash:?}");
            let key = super::super::prepare(KeyType::HMAC, b"k", Algorithm::hmac(hash))
                .expect("supported");
            assert_eq!(Some(key.mac_len()), hash.hash_length(), "{hash:?}");
        }
        assert!(!supports_hash(Algorithm::SHAKE256_512));
    }
}
