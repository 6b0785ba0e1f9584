//! Multi-part MAC (`psa_mac_sign_setup` … `psa_mac_abort`) with the PSA state machine.

use core::marker::PhantomData;
use std::sync::Arc;

use strongroom_driver::MacOp;
use strongroom_types::{Algorithm, Error, KeyId, Result, Usage, policy};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Crypto;
use crate::crypto::DriverHandle;
use crate::op::Binding;

/// Whether an operation signs or verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Sign,
    Verify,
}

/// A multi-part MAC operation. `Send` (it may move between threads) but not `Sync` (one
/// thread at a time), with `&mut self` steps, so it can never be used concurrently.
///
/// States (PSA): active after setup; a failed step puts it in an error state where every
/// step is `BAD_STATE` until [`abort`](Self::abort); a successful finish makes it
/// inactive. If its key is destroyed, its copy of the key is wiped at once and its next
/// step returns `INVALID_HANDLE`.
pub struct MacOperation {
    phase: Phase,
    _not_sync: PhantomData<core::cell::Cell<()>>,
}

enum Phase {
    Inactive,
    Error,
    Active {
        binding: Binding<Box<dyn MacOp>>,
        dir: Direction,
        mac_len: usize,
        driver: Arc<DriverHandle>,
    },
}

impl core::fmt::Debug for MacOperation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match &self.phase {
            Phase::Inactive => "inactive".to_string(),
            Phase::Error => "error".to_string(),
            Phase::Active { binding, dir, .. } => format!("{dir:?} with key {}", binding.id()),
        };
        f.debug_struct("MacOperation")
            .field("state", &state)
            .finish()
    }
}

impl Default for MacOperation {
    /// An inactive operation (`PSA_MAC_OPERATION_INIT`).
    fn default() -> Self {
        Self {
            phase: Phase::Inactive,
            _not_sync: PhantomData,
        }
    }
}

impl Crypto {
    /// `psa_mac_sign_setup`: needs `SIGN_MESSAGE` usage and a policy permitting `alg`.
    pub fn mac_sign_setup(&self, key: KeyId, alg: Algorithm) -> Result<MacOperation> {
        self.mac_setup(key, alg, Direction::Sign)
    }

    /// `psa_mac_verify_setup`: needs `VERIFY_MESSAGE` usage.
    pub fn mac_verify_setup(&self, key: KeyId, alg: Algorithm) -> Result<MacOperation> {
        self.mac_setup(key, alg, Direction::Verify)
    }

    fn mac_setup(&self, key: KeyId, alg: Algorithm, dir: Direction) -> Result<MacOperation> {
        if !alg.is_mac() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        let usage = match dir {
            Direction::Sign => Usage::SIGN_MESSAGE,
            Direction::Verify => Usage::VERIFY_MESSAGE,
        };
        self.store.with_key_slot(key, |slot, d| {
            policy::check_use(&d.attrs, usage, alg)?;
            let mac_len = policy::validate_mac(d.attrs.key_type(), d.attrs.bits() as usize, alg)?;
            let full = Algorithm::full_length_mac(alg);
            let state = self.with_prepared_mac(d, full, |p| self.driver.call(|_| p.start()))?;
            Ok(MacOperation {
                phase: Phase::Active {
                    binding: Binding::new(key, slot, d, state),
                    dir,
                    mac_len,
                    driver: Arc::clone(&self.driver),
                },
                _not_sync: PhantomData,
            })
        })
    }
}

impl MacOperation {
    /// `psa_mac_update`: absorbs more input.
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        let Phase::Active {
            binding, driver, ..
        } = &self.phase
        else {
            return Err(Error::BadState);
        };
        let r = binding.step(|op, _| {
            driver.call(|_| op.update(input));
            Ok(())
        });
        self.fail_on_error(r)
    }

    /// `psa_mac_sign_finish`: writes the MAC into `out`, returns its length; the operation
    /// becomes inactive.
    pub fn sign_finish(&mut self, out: &mut [u8]) -> Result<usize> {
        let Phase::Active {
            dir: Direction::Sign,
            mac_len,
            ..
        } = &self.phase
        else {
            return Err(Error::BadState);
        };
        if out.len() < *mac_len {
            return self.fail_on_error(Err(Error::BufferTooSmall));
        }
        let r = self.finish_into().map(|(mac, n)| {
            out[..n].copy_from_slice(&mac[..n]);
            n
        });
        self.fail_on_error(r)
    }

    /// `psa_mac_verify_finish`: `Ok` if `expected` is the MAC of the input (constant-time
    /// comparison), else `INVALID_SIGNATURE`; the operation becomes inactive on success.
    pub fn verify_finish(&mut self, expected: &[u8]) -> Result<()> {
        let Phase::Active {
            dir: Direction::Verify,
            ..
        } = &self.phase
        else {
            return Err(Error::BadState);
        };
        let r = self.finish_into().and_then(|(mac, n)| {
            if bool::from(mac[..n].ct_eq(expected)) {
                Ok(())
            } else {
                Err(Error::InvalidSignature)
            }
        });
        self.fail_on_error(r)
    }

    /// `psa_mac_abort`: wipes the operation's state; always succeeds, in any state.
    pub fn abort(&mut self) {
        self.phase = Phase::Inactive;
    }

    fn finish_into(&mut self) -> Result<(Zeroizing<[u8; 64]>, usize)> {
        let Phase::Active {
            binding,
            driver,
            mac_len,
            ..
        } = &self.phase
        else {
            return Err(Error::BadState);
        };
        let mut mac = Zeroizing::new([0u8; 64]);
        let full = binding.finish(|op, _| Ok(driver.call(|_| op.finish(&mut mac[..]))))?;
        if *mac_len > full {
            return Err(Error::CorruptionDetected);
        }
        let n = *mac_len;
        self.phase = Phase::Inactive;
        Ok((mac, n))
    }

    fn fail_on_error<T>(&mut self, r: Result<T>) -> Result<T> {
        if r.is_err() {
            self.phase = Phase::Error;
        }
        r
    }
}
