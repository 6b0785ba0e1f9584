//! One-shot hashing (`psa_hash_compute`, `psa_hash_compare`) and the algorithm check that
//! every hash entry point shares.

use strongroom_driver::HashOp;
use strongroom_types::{Algorithm, Error, Result, sizes};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Crypto;

/// Largest digest of any supported hash (`PSA_HASH_MAX_SIZE`).
pub(crate) const HASH_MAX: usize = sizes::HASH_MAX_SIZE;

/// Checks a hash algorithm as Mbed TLS does (its test data fixes these statuses): not a
/// hash at all → `INVALID_ARGUMENT`; a hash encoding this implementation has no length for
/// (`PSA_ALG_ANY_HASH`, the bare category `0x02000000`, vendor hashes) → `NOT_SUPPORTED`.
/// Returns the digest length.
pub(crate) fn hash_length(alg: Algorithm) -> Result<usize> {
    if !alg.is_hash() {
        return Err(Error::InvalidArgument);
    }
    if alg == Algorithm::ANY_HASH {
        return Err(Error::NotSupported);
    }
    alg.hash_length().ok_or(Error::NotSupported)
}

impl Crypto {
    /// `psa_hash_compute`: writes the digest of `input` into `out`, returns its length
    /// ([`Algorithm::hash_length`]). `out` shorter than that → `BUFFER_TOO_SMALL`, and
    /// nothing is written.
    pub fn hash_compute(&self, alg: Algorithm, input: &[u8], out: &mut [u8]) -> Result<usize> {
        let len = hash_length(alg)?;
        let op = self.driver.call(|d| d.hash_setup(alg))?;
        let dst = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        let digest = self.digest_of(op, input);
        dst.copy_from_slice(&digest[..len]);
        Ok(len)
    }

    /// `psa_hash_compare`: `Ok` if `expected` is the digest of `input`, else
    /// `INVALID_SIGNATURE` (also for an `expected` of the wrong length). The comparison
    /// takes the same time wherever the first difference is.
    pub fn hash_compare(&self, alg: Algorithm, input: &[u8], expected: &[u8]) -> Result<()> {
        let len = hash_length(alg)?;
        let op = self.driver.call(|d| d.hash_setup(alg))?;
        let digest = self.digest_of(op, input);
        if bool::from(digest[..len].ct_eq(expected)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// Runs `op` over `input` to the end. The digest buffer is wiped on drop: the input may
    /// be secret and short enough to be guessed from its hash.
    fn digest_of(&self, mut op: Box<dyn HashOp>, input: &[u8]) -> Zeroizing<[u8; HASH_MAX]> {
        let mut digest = Zeroizing::new([0u8; HASH_MAX]);
        self.driver.call(|_| {
            op.update(input);
            op.finish(&mut digest[..])
        });
        digest
    }
}
