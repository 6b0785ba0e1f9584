//! Multi-part MAC (`psa_mac_sign_setup` … `psa_mac_abort`) with the PSA state machine.
//!
//! The running MAC state (a clone of the key's prepared state: keyed hash states, or the
//! cipher key schedule and chaining block) is a copy of the key, so it lives in a
//! [`Binding`]: destroying the key wipes it at once, and the next step returns
//! `INVALID_HANDLE`. Checks and statuses are those of the one-shot calls (`mac.rs`).

use core::marker::PhantomData;
use std::sync::Arc;

use strongroom_driver::MacOp;
use strongroom_types::{Algorithm, Error, KeyId, Result, Usage};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Crypto;
use crate::crypto::DriverHandle;
use crate::mac::{MAC_MAX, cbc_mac_block, check_cbc_mac_length, check_mac_alg, check_mac_key};
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
/// States (PSA): inactive (`Default`, after a successful finish, after `abort`); active
/// after setup; a failed step, including a finish of the wrong direction, puts it in an
/// error state where every step is `BAD_STATE` until [`abort`](Self::abort). If its key is
/// destroyed, its copy of the key is wiped at once and its next step returns
/// `INVALID_HANDLE` (then the error state).
pub struct MacOperation {
    phase: Phase,
    _not_sync: PhantomData<core::cell::Cell<()>>,
}

enum Phase {
    Inactive,
    Error,
    Active(Active),
}

/// An active operation.
struct Active {
    binding: Binding<Box<dyn MacOp>>,
    dir: Direction,
    /// Output length of the (possibly truncated) algorithm.
    mac_len: usize,
    /// For CBC-MAC: the cipher block size, and the input length so far (checked at finish).
    cbc_mac: Option<(usize, u64)>,
    driver: Arc<DriverHandle>,
}

impl core::fmt::Debug for MacOperation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match &self.phase {
            Phase::Inactive => "inactive".to_string(),
            Phase::Error => "error".to_string(),
            Phase::Active(a) => format!("{:?} with key {}", a.dir, a.binding.id()),
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

    /// `psa_mac_verify_setup`: needs `VERIFY_MESSAGE` usage and a policy permitting `alg`.
    pub fn mac_verify_setup(&self, key: KeyId, alg: Algorithm) -> Result<MacOperation> {
        self.mac_setup(key, alg, Direction::Verify)
    }

    fn mac_setup(&self, key: KeyId, alg: Algorithm, dir: Direction) -> Result<MacOperation> {
        check_mac_alg(alg)?;
        let usage = match dir {
            Direction::Sign => Usage::SIGN_MESSAGE,
            Direction::Verify => Usage::VERIFY_MESSAGE,
        };
        self.store.with_key_slot(key, |slot, d| {
            let mac_len = check_mac_key(d, usage, alg)?;
            let full = Algorithm::full_length_mac(alg);
            let state = self.with_prepared_mac(d, full, |p| {
                if mac_len > p.mac_len() || p.mac_len() > MAC_MAX {
                    return Err(Error::CorruptionDetected); // driver and size table disagree
                }
                Ok(self.driver.call(|_| p.start()))
            })??;
            let active = Active {
                binding: Binding::new(key, slot, d, state),
                dir,
                mac_len,
                cbc_mac: cbc_mac_block(d.attrs.key_type(), alg).map(|b| (b, 0)),
                driver: Arc::clone(&self.driver),
            };
            Ok(MacOperation {
                phase: Phase::Active(active),
                _not_sync: PhantomData,
            })
        })
    }
}

impl MacOperation {
    /// `psa_mac_update`: absorbs more input. `BAD_STATE` unless active;
    /// `INVALID_HANDLE` if the key was destroyed.
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        let Phase::Active(a) = &mut self.phase else {
            return Err(Error::BadState);
        };
        let driver = &a.driver;
        let r = a.binding.step(|op, _| {
            driver.call(|_| op.update(input));
            Ok(())
        });
        if r.is_ok()
            && let Some((_, total)) = &mut a.cbc_mac
        {
            *total = total.saturating_add(input.len() as u64);
        }
        self.fail_on_error(r)
    }

    /// `psa_mac_sign_finish`: writes the MAC into `out`, returns its length; the operation
    /// becomes inactive. `BAD_STATE` unless it is an active sign operation; `out` shorter
    /// than the MAC → `BUFFER_TOO_SMALL` (nothing written).
    pub fn sign_finish(&mut self, out: &mut [u8]) -> Result<usize> {
        let r = self.finish_as(Direction::Sign, out.len()).map(|(mac, n)| {
            out[..n].copy_from_slice(&mac[..n]);
            n
        });
        self.fail_on_error(r)
    }

    /// `psa_mac_verify_finish`: `Ok` if `expected` is the MAC of the input, and the
    /// operation becomes inactive; else `INVALID_SIGNATURE` (also for a wrong length). The
    /// comparison takes the same time wherever the first difference is.
    pub fn verify_finish(&mut self, expected: &[u8]) -> Result<()> {
        let r = self
            .finish_as(Direction::Verify, MAC_MAX)
            .and_then(|(mac, n)| {
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

    /// Ends an active operation of direction `dir`, returning its (truncated) MAC; `room`
    /// is the caller's buffer size. On success the operation is inactive; the caller turns
    /// an error into the error state.
    fn finish_as(
        &mut self,
        dir: Direction,
        room: usize,
    ) -> Result<(Zeroizing<[u8; MAC_MAX]>, usize)> {
        let Phase::Active(a) = &self.phase else {
            return Err(Error::BadState);
        };
        if a.dir != dir {
            return Err(Error::BadState);
        }
        if room < a.mac_len {
            return Err(Error::BufferTooSmall);
        }
        if let Some((block, total)) = a.cbc_mac {
            check_cbc_mac_length(block, total)?;
        }
        let mut mac = Zeroizing::new([0u8; MAC_MAX]);
        let driver = &a.driver;
        let full = a
            .binding
            .finish(|op, _| Ok(driver.call(|_| op.finish(&mut mac[..]))))?;
        if a.mac_len > full {
            return Err(Error::CorruptionDetected);
        }
        let n = a.mac_len;
        self.phase = Phase::Inactive;
        Ok((mac, n))
    }

    /// An active operation whose step failed enters the error state (dropping, and so
    /// wiping, its MAC state); an inactive or errored one stays as it is.
    fn fail_on_error<T>(&mut self, r: Result<T>) -> Result<T> {
        if r.is_err() && matches!(self.phase, Phase::Active(_)) {
            self.phase = Phase::Error;
        }
        r
    }
}
