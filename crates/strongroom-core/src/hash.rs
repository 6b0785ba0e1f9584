//! One-shot hashing.

use strongroom_types::{Algorithm, Error, Result};
use subtle::ConstantTimeEq;

use crate::Crypto;

/// Largest digest of any supported hash (PSA_HASH_MAX_SIZE).
pub(crate) const HASH_MAX: usize = 64;

impl Crypto {
    /// `psa_hash_compute`: writes the digest of `input` into `out`, returns its length.
    pub fn hash_compute(&self, alg: Algorithm, input: &[u8], out: &mut [u8]) -> Result<usize> {
        if !alg.is_hash() || alg == Algorithm::ANY_HASH {
            return Err(Error::InvalidArgument);
        }
        let len = alg.hash_length().ok_or(Error::NotSupported)?;
        let mut op = self.driver.call(|d| d.hash_setup(alg))?;
        if out.len() < len {
            return Err(Error::BufferTooSmall);
        }
        let mut digest = [0u8; HASH_MAX];
        self.driver.call(|_| {
            op.update(input);
            op.finish(&mut digest)
        });
        out[..len].copy_from_slice(&digest[..len]);
        Ok(len)
    }

    /// `psa_hash_compare`: `Ok` if `expected` is the digest of `input` (constant-time
    /// comparison), else `INVALID_SIGNATURE`.
    pub fn hash_compare(&self, alg: Algorithm, input: &[u8], expected: &[u8]) -> Result<()> {
        let mut digest = [0u8; HASH_MAX];
        let len = self.hash_compute(alg, input, &mut digest)?;
        if bool::from(digest[..len].ct_eq(expected)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}
