//! Multi-part hashing (`psa_hash_setup` … `psa_hash_clone`) with the PSA state machine.
//!
//! A hash operation holds no key, so it needs no [`Binding`](crate::op::Binding): it is a
//! driver hash state plus the phase. Every call into the driver state goes through the
//! instance's [`DriverHandle`], which serializes drivers that are not thread-safe. States: inactive (`Default`, after a successful
//! finish or verify, after `abort`), active (after setup or clone), error (after any failed
//! step: every step is then `BAD_STATE` until `abort`).

use core::marker::PhantomData;
use std::sync::Arc;

use strongroom_driver::HashOp;
use strongroom_types::{Algorithm, Error, Result};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Crypto;
use crate::crypto::DriverHandle;
use crate::hash::{HASH_MAX, hash_length};

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
        driver: Arc<DriverHandle>,
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
        Self::with_phase(Phase::Inactive)
    }
}

impl Crypto {
    /// `psa_hash_setup`: not a hash → `INVALID_ARGUMENT`; a hash this implementation does
    /// not have (including `PSA_ALG_ANY_HASH`) → `NOT_SUPPORTED`.
    pub fn hash_setup(&self, alg: Algorithm) -> Result<HashOperation> {
        let len = hash_length(alg)?;
        let op = self.driver.call(|d| d.hash_setup(alg))?;
        Ok(HashOperation::with_phase(Phase::Active {
            alg,
            len,
            op,
            driver: Arc::clone(&self.driver),
        }))
    }

    /// `psa_hash_resume`: not supported. The spec's suspend-state format needs the raw
    /// intermediate state of the hash (chaining words, byte count, pending block), which
    /// the driver interface does not expose; Mbed TLS does not offer it either. A state
    /// whose algorithm field (the first four bytes, big-endian) does not name a hash is
    /// `INVALID_ARGUMENT`; any other is `NOT_SUPPORTED`.
    pub fn hash_resume(&self, hash_state: &[u8]) -> Result<HashOperation> {
        let names_a_hash = hash_state
            .first_chunk::<4>()
            .map(|b| Algorithm::from_raw(u32::from_be_bytes(*b)))
            .is_some_and(|a| a.is_hash() && a != Algorithm::ANY_HASH);
        if names_a_hash {
            Err(Error::NotSupported)
        } else {
            Err(Error::InvalidArgument)
        }
    }
}

impl HashOperation {
    fn with_phase(phase: Phase) -> Self {
        Self {
            phase,
            _not_sync: PhantomData,
        }
    }

    /// `psa_hash_update`: absorbs more input.
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        match &mut self.phase {
            Phase::Active { op, driver, .. } => {
                driver.call(|_| op.update(input));
                Ok(())
            }
            _ => Err(Error::BadState),
        }
    }

    /// `psa_hash_finish`: writes the digest into `out`, returns its length; the operation
    /// becomes inactive. `out` too short → `BUFFER_TOO_SMALL` and the error state.
    pub fn finish(&mut self, out: &mut [u8]) -> Result<usize> {
        let Phase::Active { len, .. } = &self.phase else {
            return Err(Error::BadState);
        };
        let Some(dst) = out.get_mut(..*len) else {
            self.phase = Phase::Error;
            return Err(Error::BufferTooSmall);
        };
        let (digest, n) = self.digest()?;
        dst.copy_from_slice(&digest[..n]);
        Ok(n)
    }

    /// `psa_hash_verify`: `Ok` if `expected` is the digest (constant-time comparison; a
    /// wrong length is a mismatch), and the operation becomes inactive; else
    /// `INVALID_SIGNATURE` and the error state.
    pub fn verify(&mut self, expected: &[u8]) -> Result<()> {
        let (digest, n) = self.digest()?;
        if bool::from(digest[..n].ct_eq(expected)) {
            Ok(())
        } else {
            self.phase = Phase::Error;
            Err(Error::InvalidSignature)
        }
    }

    /// `psa_hash_clone`: an independent operation in the same state. `BAD_STATE` unless
    /// this operation is active. (The target of the C function is always a fresh value
    /// here, so its "target must be inactive" rule cannot be broken.)
    pub fn try_clone(&self) -> Result<HashOperation> {
        match &self.phase {
            Phase::Active {
                alg,
                len,
                op,
                driver,
            } => Ok(HashOperation::with_phase(Phase::Active {
                alg: *alg,
                len: *len,
                op: driver.call(|_| op.box_clone()),
                driver: Arc::clone(driver),
            })),
            _ => Err(Error::BadState),
        }
    }

    /// `psa_hash_suspend`: not supported (see [`Crypto::hash_resume`]). `BAD_STATE` unless
    /// active; otherwise `NOT_SUPPORTED`, and the operation is in the error state.
    pub fn suspend(&mut self, hash_state: &mut [u8]) -> Result<usize> {
        let _ = hash_state;
        if !matches!(self.phase, Phase::Active { .. }) {
            return Err(Error::BadState);
        }
        self.phase = Phase::Error;
        Err(Error::NotSupported)
    }

    /// `psa_hash_abort`: back to inactive, from any state; always succeeds.
    pub fn abort(&mut self) {
        self.phase = Phase::Inactive;
    }

    /// Finishes the computation (the operation becomes inactive) and returns the digest,
    /// in a buffer wiped on drop, with its length.
    fn digest(&mut self) -> Result<(Zeroizing<[u8; HASH_MAX]>, usize)> {
        match core::mem::replace(&mut self.phase, Phase::Inactive) {
            Phase::Active {
                len, op, driver, ..
            } => {
                let mut d = Zeroizing::new([0u8; HASH_MAX]);
                driver.call(|_| op.finish(&mut d[..]));
                Ok((d, len))
            }
            other => {
                self.phase = other;
                Err(Error::BadState)
            }
        }
    }
}
