//! Multi-part hashing (`psa_hash_setup` … `psa_hash_clone`) with the PSA state machine.

use core::marker::PhantomData;

use strongroom_driver::HashOp;
use strongroom_types::{Algorithm, Error, Result};
use subtle::ConstantTimeEq;

use crate::Crypto;
use crate::hash::HASH_MAX;

/// A multi-part hash operation: `Send`, not `Sync`, `&mut self` steps. A failed step puts
/// it in an error state (every step `BAD_STATE`) until [`abort`](Self::abort).
pub struct HashOperation {
    phase: Phase,
    _not_sync: PhantomData<core::cell::Cell<()>>,
}

enum Phase {
    Inactive,
    Error,
    Active {
        alg: Algorithm,
        len: usize,
        op: Box<dyn HashOp>,
    },
}

impl core::fmt::Debug for HashOperation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match &self.phase {
            Phase::Inactive => "inactive".to_string(),
            Phase::Error => "error".to_string(),
            Phase::Active { alg, .. } => format!("{alg:?}"),
        };
        f.debug_struct("HashOperation")
            .field("state", &state)
            .finish()
    }
}

impl Default for HashOperation {
    /// An inactive operation (`PSA_HASH_OPERATION_INIT`).
    fn default() -> Self {
        Self {
            phase: Phase::Inactive,
            _not_sync: PhantomData,
        }
    }
}

impl Crypto {
    /// `psa_hash_setup`.
    pub fn hash_setup(&self, alg: Algorithm) -> Result<HashOperation> {
        if !alg.is_hash() || alg == Algorithm::ANY_HASH {
            return Err(Error::InvalidArgument);
        }
        let len = alg.hash_length().ok_or(Error::NotSupported)?;
        let op = self.driver.call(|d| d.hash_setup(alg))?;
        Ok(HashOperation {
            phase: Phase::Active { alg, len, op },
            _not_sync: PhantomData,
        })
    }
}

impl HashOperation {
    /// `psa_hash_update`.
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        match &mut self.phase {
            Phase::Active { op, .. } => {
                op.update(input);
                Ok(())
            }
            _ => Err(Error::BadState),
        }
    }

    /// `psa_hash_finish`: writes the digest into `out`, returns its length; inactive after.
    pub fn finish(&mut self, out: &mut [u8]) -> Result<usize> {
        let Phase::Active { len, .. } = &self.phase else {
            return Err(Error::BadState);
        };
        if out.len() < *len {
            self.phase = Phase::Error;
            return Err(Error::BufferTooSmall);
        }
        let (digest, n) = self.digest()?;
        out[..n].copy_from_slice(&digest[..n]);
        Ok(n)
    }

    /// `psa_hash_verify`: `Ok` if `expected` is the digest (constant-time), else
    /// `INVALID_SIGNATURE` (and the error state).
    pub fn verify(&mut self, expected: &[u8]) -> Result<()> {
        let (digest, n) = self.digest()?;
        if bool::from(digest[..n].ct_eq(expected)) {
            Ok(())
        } else {
            self.phase = Phase::Error;
            Err(Error::InvalidSignature)
        }
    }

    /// `psa_hash_clone`: an independent operation in the same state.
    pub fn try_clone(&self) -> Result<HashOperation> {
        match &self.phase {
            Phase::Active { alg, len, op } => Ok(HashOperation {
                phase: Phase::Active {
                    alg: *alg,
                    len: *len,
                    op: op.box_clone(),
                },
                _not_sync: PhantomData,
            }),
            _ => Err(Error::BadState),
        }
    }

    /// `psa_hash_abort`: always succeeds.
    pub fn abort(&mut self) {
        self.phase = Phase::Inactive;
    }

    fn digest(&mut self) -> Result<([u8; HASH_MAX], usize)> {
        match core::mem::replace(&mut self.phase, Phase::Inactive) {
            Phase::Active { len, op, .. } => {
                let mut d = [0u8; HASH_MAX];
                op.finish(&mut d);
                Ok((d, len))
            }
            other => {
                self.phase = other;
                Err(Error::BadState)
            }
        }
    }
}
