//! Hash algorithms as [`HashOp`]s over the RustCrypto hashers: SHA-1, the six SHA-2 hashes,
//! the four SHA-3 hashes, MD5, RIPEMD-160 and SHAKE256/512 (the first 64 bytes of the
//! SHAKE256 XOF, PSA's pre-hash for Ed448ph).
//!
//! Every hasher state is `Clone`, which gives `psa_hash_clone`, and zeroizes on drop (the
//! `zeroize` features of each hash crate): a hash may be computed over secret data (a key
//! being derived, a password), so its state is treated like key material.
//!
//! The algorithm tables are macros rather than functions because each entry names a
//! different type: they are shared with the HMAC module, which needs the same types.

use core::fmt;

use sha2::digest::{ExtendableOutput, FixedOutput, Update, XofReader};
use strongroom_driver::{Algorithm, Error, HashOp, Result};

/// Calls `$f::<Hasher>($args)` for the Merkle–Damgård hash that implements `$alg` (SHA-1,
/// SHA-2, MD5, RIPEMD-160), or evaluates `$otherwise`. These hashes have an eager
/// block-level core, which `hmac::Hmac` needs.
macro_rules! with_md_hash {
    ($alg:expr, $f:ident ( $($args:expr),* ), $otherwise:expr) => {
        match $alg {
            ::strongroom_driver::Algorithm::MD5 => $f::<::md5::Md5>($($args),*),
            ::strongroom_driver::Algorithm::RIPEMD160 => $f::<::ripemd::Ripemd160>($($args),*),
            ::strongroom_driver::Algorithm::SHA_1 => $f::<::sha1::Sha1>($($args),*),
            ::strongroom_driver::Algorithm::SHA_224 => $f::<::sha2::Sha224>($($args),*),
            ::strongroom_driver::Algorithm::SHA_256 => $f::<::sha2::Sha256>($($args),*),
            ::strongroom_driver::Algorithm::SHA_384 => $f::<::sha2::Sha384>($($args),*),
            ::strongroom_driver::Algorithm::SHA_512 => $f::<::sha2::Sha512>($($args),*),
            ::strongroom_driver::Algorithm::SHA_512_224 => $f::<::sha2::Sha512_224>($($args),*),
            ::strongroom_driver::Algorithm::SHA_512_256 => $f::<::sha2::Sha512_256>($($args),*),
            _ => $otherwise,
        }
    };
}
pub(crate) use with_md_hash;

/// Calls `$f::<Hasher>($args)` for the SHA-3 hash that implements `$alg`, or evaluates
/// `$otherwise`. These are sponges without an eager block core: HMAC over them is built
/// from whole hasher states (see `mac::hmac`).
macro_rules! with_sha3 {
    ($alg:expr, $f:ident ( $($args:expr),* ), $otherwise:expr) => {
        match $alg {
            ::strongroom_driver::Algorithm::SHA3_224 => $f::<::sha3::Sha3_224>($($args),*),
            ::strongroom_driver::Algorithm::SHA3_256 => $f::<::sha3::Sha3_256>($($args),*),
            ::strongroom_driver::Algorithm::SHA3_384 => $f::<::sha3::Sha3_384>($($args),*),
            ::strongroom_driver::Algorithm::SHA3_512 => $f::<::sha3::Sha3_512>($($args),*),
            _ => $otherwise,
        }
    };
}
pub(crate) use with_sha3;

/// Output length of `PSA_ALG_SHAKE256_512`.
const SHAKE256_512_LEN: usize = 64;

/// Whether [`setup`] supports `alg`.
pub(crate) fn is_supported(alg: Algorithm) -> bool {
    // Compiles only if every table entry is a `Hasher`.
    fn is_hasher<D: Hasher>() -> bool {
        true
    }
    alg == Algorithm::SHAKE256_512
        || with_md_hash!(alg, is_hasher(), with_sha3!(alg, is_hasher(), false))
}

/// Starts a hash computation for `alg`; any other algorithm is `NotSupported`.
pub(crate) fn setup(alg: Algorithm) -> Result<Box<dyn HashOp>> {
    if alg == Algorithm::SHAKE256_512 {
        return Ok(Box::new(Shake256_512Op {
            state: shake::Shake256::default(),
        }));
    }
    with_md_hash!(
        alg,
        boxed_op(alg),
        with_sha3!(alg, boxed_op(alg), Err(Error::NotSupported))
    )
}

fn boxed_op<D: Hasher>(alg: Algorithm) -> Result<Box<dyn HashOp>> {
    Ok(Box::new(DigestOp {
        alg,
        state: D::default(),
    }))
}

/// What a RustCrypto fixed-output hasher must offer to back a [`HashOp`].
pub(crate) trait Hasher:
    Default + Clone + Update + FixedOutput + Send + Sync + 'static
{
}
impl<D: Default + Clone + Update + FixedOutput + Send + Sync + 'static> Hasher for D {}

/// Copies `digest` into `out` as far as it fits and returns the number of bytes written.
/// The engine always passes at least the digest length; `min` keeps a short buffer from
/// panicking all the same.
fn write_prefix(digest: &[u8], out: &mut [u8]) -> usize {
    let n = digest.len().min(out.len());
    out[..n].copy_from_slice(&digest[..n]);
    n
}

/// A running fixed-output hash of algorithm `alg`.
#[derive(Clone)]
struct DigestOp<D> {
    alg: Algorithm,
    state: D,
}

impl<D: Hasher> HashOp for DigestOp<D> {
    fn update(&mut self, data: &[u8]) {
        self.state.update(data);
    }

    fn finish(self: Box<Self>, out: &mut [u8]) -> usize {
        write_prefix(&self.state.finalize_fixed(), out)
    }

    fn box_clone(&self) -> Box<dyn HashOp> {
        Box::new(self.clone())
    }
}

impl<D> fmt::Debug for DigestOp<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashOp")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// A running SHAKE256/512: SHAKE256 absorbing the message, squeezed for 64 bytes at the end.
#[derive(Clone)]
struct Shake256_512Op {
    state: shake::Shake256,
}

impl HashOp for Shake256_512Op {
    fn update(&mut self, data: &[u8]) {
        self.state.update(data);
    }

    fn finish(self: Box<Self>, out: &mut [u8]) -> usize {
        let n = SHAKE256_512_LEN.min(out.len());
        self.state.finalize_xof().read(&mut out[..n]);
        n
    }

    fn box_clone(&self) -> Box<dyn HashOp> {
        Box::new(self.clone())
    }
}

impl fmt::Debug for Shake256_512Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashOp")
            .field("alg", &Algorithm::SHAKE256_512)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hash the driver claims, with its digest of "abc" (FIPS 180-4 and FIPS 202
    /// examples; MD5 from RFC 1321 §A.5; RIPEMD-160 from its authors' test vectors;
    /// SHAKE256 from the NIST "SHAKE256_Msg24" example, first 64 bytes).
    const ABC: [(Algorithm, &str); 14] = [
        (Algorithm::MD5, "900150983cd24fb0d6963f7d28e17f72"),
        (
            Algorithm::RIPEMD160,
            "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
        ),
        (Algorithm::SHA_1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (
            Algorithm::SHA_224,
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
        ),
        (
            Algorithm::SHA_256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            Algorithm::SHA_384,
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
             8086072ba1e7cc2358baeca134c825a7",
        ),
        (
            Algorithm::SHA_512,
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ),
        (
            Algorithm::SHA_512_224,
            "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
        ),
        (
            Algorithm::SHA_512_256,
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        ),
        (
            Algorithm::SHA3_224,
            "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
        ),
        (
            Algorithm::SHA3_256,
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        ),
        (
            Algorithm::SHA3_384,
            "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2\
             98d88cea927ac7f539f1edf228376d25",
        ),
        (
            Algorithm::SHA3_512,
            "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e\
             10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0",
        ),
        (
            Algorithm::SHAKE256_512,
            "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739\
             d5a15bef186a5386c75744c0527e1faa9f8726e462a12a4feb06bd8801e751e4",
        ),
    ];

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    fn digest(op: Box<dyn HashOp>) -> Vec<u8> {
        let mut out = [0u8; 64];
        let n = op.finish(&mut out);
        out[..n].to_vec()
    }

    #[test]
    fn abc_known_answers_in_one_part_and_in_pieces() {
        for (alg, expected) in ABC {
            assert!(is_supported(alg), "{alg:?}");
            let mut op = setup(alg).expect("supported");
            op.update(b"abc");
            assert_eq!(digest(op), hex(expected), "{alg:?}");

            let mut op = setup(alg).expect("supported");
            for piece in [&b"a"[..], b"", b"b", b"c"] {
                op.update(piece);
            }
            assert_eq!(digest(op), hex(expected), "{alg:?} in pieces");
            assert_eq!(Some(expected.len() / 2), alg.hash_length(), "{alg:?}");
        }
    }

    #[test]
    fn clone_is_independent() {
        for (alg, expected) in ABC {
            let mut op = setup(alg).expect("supported");
            op.update(b"ab");
            let mut copy = op.box_clone();
            op.update(b"x");
            copy.update(b"c");
            assert_ne!(digest(op), hex(expected), "{alg:?}");
            assert_eq!(digest(copy), hex(expected), "{alg:?} clone");
        }
    }

    #[test]
    fn short_output_buffer_does_not_panic() {
        for (alg, expected) in ABC {
            let mut op = setup(alg).expect("supported");
            op.update(b"abc");
            let mut out = [0u8; 3];
            assert_eq!(op.finish(&mut out), 3, "{alg:?}");
            assert_eq!(out[..], hex(expected)[..3], "{alg:?}");
        }
    }

    #[test]
    fn unknown_hashes_are_not_supported() {
        for raw in [
            0x0200_0001,
            0x0200_0002,
            0x0200_0014,
            0x0200_0016,
            0x0200_00ff,
        ] {
            let alg = Algorithm::from_raw(raw);
            assert!(!is_supported(alg), "{alg:?}");
            assert_eq!(setup(alg).err(), Some(Error::NotSupported), "{alg:?}");
        }
    }

    #[test]
    fn debug_names_the_algorithm_only() {
        let op = setup(Algorithm::SHAKE256_512).expect("supported");
        assert_eq!(format!("{op:?}"), "HashOp { alg: SHAKE256_512, .. }");
        let op = setup(Algorithm::SHA3_256).expect("supported");
        assert_eq!(format!("{op:?}"), "HashOp { alg: SHA3_256, .. }");
    }
}
