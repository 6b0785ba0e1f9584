//! Hash algorithms: SHA-1 and the SHA-2 family, as [`HashOp`]s over the RustCrypto hashers.
//!
//! The hasher states are `Clone`, which gives `psa_hash_clone`, and zeroize on drop (the
//! `zeroize` features of `sha1` and `sha2`).

use core::fmt;

use sha2::digest::{FixedOutput, Update};
use strongroom_driver::{Algorithm, Error, HashOp, Result};

/// Calls `$f::<Hasher>($args)` for the hasher type that implements `$alg`, or evaluates
/// `$otherwise` when the software driver has none. The one table of supported hashes, shared
/// with the HMAC module.
macro_rules! with_hash {
    ($alg:expr, $f:ident ( $($args:expr),* ), $otherwise:expr) => {
        match $alg {
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
pub(crate) use with_hash;

/// Whether [`setup`] supports `alg`.
pub(crate) fn is_supported(alg: Algorithm) -> bool {
    // Compiles only if every table entry is a `Hasher`.
    fn is_hasher<D: Hasher>() -> bool {
        true
    }
    with_hash!(alg, is_hasher(), false)
}

/// Starts a hash computation for `alg`; anything but SHA-1 and SHA-2 is `NotSupported`.
pub(crate) fn setup(alg: Algorithm) -> Result<Box<dyn HashOp>> {
    with_hash!(alg, boxed_op(alg), Err(Error::NotSupported))
}

fn boxed_op<D: Hasher>(alg: Algorithm) -> Result<Box<dyn HashOp>> {
    Ok(Box::new(DigestOp {
        alg,
        state: D::default(),
    }))
}

/// What a RustCrypto hasher must offer to back a [`HashOp`].
trait Hasher: Default + Clone + Update + FixedOutput + Send + 'static {}
impl<D: Default + Clone + Update + FixedOutput + Send + 'static> Hasher for D {}

/// A running hash of algorithm `alg`.
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
        let digest = self.state.finalize_fixed();
        // The engine passes at least `hash_length` bytes; `min` keeps a short buffer from
        // panicking all the same.
        let n = digest.len().min(out.len());
        out[..n].copy_from_slice(&digest[..n]);
        n
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
