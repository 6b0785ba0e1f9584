//! Key derivation: the PSA key-derivation operation (`psa_key_derivation_setup` …
//! `psa_key_derivation_abort`): inputs (bytes, integers, keys, key agreements), capacity,
//! output as bytes or keys, and verification.
//!
//! The operation's state (the inputs it still needs, the keyed output stream) is a copy
//! of secret inputs, so it lives in a [`MultiBinding`] registered with every key that was
//! an input: destroying any of them wipes the state at once, and the next call returns
//! `INVALID_HANDLE`. Each algorithm's input rules are in its own module ([`hkdf`],
//! [`tls12`], [`pbkdf2`], [`sp800_108`], [`ecjpake`]); [`machine`] dispatches;
//! [`plan`] is setup; [`output_key`] turns output into keys.
//!
//! States (PSA): inactive (`Default`, or after `abort`); active after setup; error after a
//! failed call, where every call is `BAD_STATE` until [`abort`](KeyDerivationOperation::abort).
//! Two failures keep the operation active, as the spec says: `set_capacity` with a
//! larger capacity (`INVALID_ARGUMENT`), and output past the capacity
//! (`INSUFFICIENT_DATA`, which also sets the capacity to 0 and drops every secret).

mod ecjpake;
mod hkdf;
mod machine;
mod output_key;
mod pbkdf2;
mod plan;
mod sp800_108;
mod tls12;

use core::marker::PhantomData;

pub use pbkdf2::PBKDF2_MAX_ITERATIONS;
pub use strongroom_types::DerivationStep;
use strongroom_types::{Algorithm, Error, KeyId, KeyType, Result, Usage, policy};
use subtle::ConstantTimeEq;
pub use tls12::TLS12_PSK_TO_MS_PSK_MAX_SIZE;
use zeroize::Zeroizing;

use crate::Crypto;
use crate::op::MultiBinding;
use machine::{Machine, Source, check_source};

/// `PSA_KEY_DERIVATION_UNLIMITED_CAPACITY`: the capacity of the TLS 1.2 PRF.
pub const KEY_DERIVATION_UNLIMITED_CAPACITY: usize = usize::MAX;

/// A key derivation operation. `Send` (it may move between threads) but not `Sync`, with
/// `&mut self` steps, so it is never used by two threads at once. It borrows the
/// [`Crypto`] instance that set it up (its key inputs and output keys live there).
pub struct KeyDerivationOperation<'c> {
    phase: Phase<'c>,
    _not_sync: PhantomData<core::cell::Cell<()>>,
}

enum Phase<'c> {
    Inactive,
    Error,
    Active(Box<Active<'c>>),
}

/// An operation between setup and abort.
struct Active<'c> {
    crypto: &'c Crypto,
    /// The algorithm given to setup (possibly a key agreement combined with a KDF): input
    /// keys must permit this one.
    alg: Algorithm,
    capacity: usize,
    /// The `SECRET` or `PASSWORD` input came from a key or a key agreement: only then may
    /// the output become a key (spec `psa_key_derivation_output_key`).
    secret_from_key: bool,
    /// Every input key permitted `DERIVE` (a key with only `VERIFY_DERIVATION` allows
    /// verification but no output).
    output_permitted: bool,
    /// Output has been read (SP 800-108 then fixes its capacity).
    output_started: bool,
    binding: MultiBinding<Machine>,
}

impl core::fmt::Debug for KeyDerivationOperation<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.phase {
            Phase::Inactive => f.write_str("KeyDerivationOperation(inactive)"),
            Phase::Error => f.write_str("KeyDerivationOperation(error)"),
            Phase::Active(a) => {
                let keys: Vec<KeyId> = a.binding.keys().collect();
                f.debug_struct("KeyDerivationOperation")
                    .field("alg", &a.alg)
                    .field("capacity", &a.capacity)
                    .field("keys", &keys)
                    .finish_non_exhaustive()
            }
        }
    }
}

impl Default for KeyDerivationOperation<'_> {
    /// An inactive operation (`PSA_KEY_DERIVATION_OPERATION_INIT`).
    fn default() -> Self {
        Self {
            phase: Phase::Inactive,
            _not_sync: PhantomData,
        }
    }
}

impl Crypto {
    /// `psa_key_derivation_setup`: a key derivation running `alg`, a key derivation
    /// algorithm or a key agreement combined with one. Not a KDF (or a raw key agreement)
    /// → `INVALID_ARGUMENT`; a KDF or hash this instance does not implement →
    /// `NOT_SUPPORTED`.
    pub fn key_derivation_setup(&self, alg: Algorithm) -> Result<KeyDerivationOperation<'_>> {
        let kdf = plan::kdf_of(alg)?;
        let capacity = plan::initial_capacity(kdf)?;
        let supported = self
            .driver
            .call(|d| d.kdf().is_some_and(|k| k.supports(kdf)));
        if !supported {
            return Err(Error::NotSupported);
        }
        let machine = Machine::new(kdf)?;
        Ok(KeyDerivationOperation {
            phase: Phase::Active(Box::new(Active {
                crypto: self,
                alg,
                capacity,
                secret_from_key: false,
                output_permitted: true,
                output_started: false,
                binding: MultiBinding::new(machine),
            })),
            _not_sync: PhantomData,
        })
    }
}

impl<'c> KeyDerivationOperation<'c> {
    /// `psa_key_derivation_get_capacity`: how many bytes can still be output.
    pub fn capacity(&self) -> Result<usize> {
        match &self.phase {
            Phase::Active(a) => Ok(a.capacity),
            _ => Err(Error::BadState),
        }
    }

    /// `psa_key_derivation_set_capacity`: lowers the capacity. A larger value is
    /// `INVALID_ARGUMENT` and leaves the operation unchanged (still active). For the
    /// SP 800-108 KDFs, whose output depends on the capacity, it cannot change once
    /// output has started (`BAD_STATE`).
    pub fn set_capacity(&mut self, capacity: usize) -> Result<()> {
        let a = self.active()?;
        if capacity > a.capacity {
            return Err(Error::InvalidArgument);
        }
        let fixed = a.output_started
            && a.binding
                .step(|m| Ok(matches!(m, Machine::Sp800108(c) if c.started())))
                .unwrap_or(true);
        if fixed {
            return self.fail(Error::BadState);
        }
        a.capacity = capacity;
        Ok(())
    }

    /// `psa_key_derivation_input_bytes`: a direct input for `step`. Secret steps given
    /// this way forbid [`output_key`](Self::output_key) (the output could then be made
    /// into a key without the secret ever having been one).
    pub fn input_bytes(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        let r = self.active().and_then(|a| {
            check_source(a.kdf(), step, Source::Bytes)?;
            let driver = &a.crypto.driver;
            a.binding
                .step(|m| m.input(driver, step, Source::Bytes, data))
        });
        self.settle(r)
    }

    /// `psa_key_derivation_input_integer`: a numeric input (PBKDF2's `COST`).
    pub fn input_integer(&mut self, step: DerivationStep, value: u64) -> Result<()> {
        let r = self
            .active()
            .and_then(|a| a.binding.step(|m| m.input_integer(step, value)));
        self.settle(r)
    }

    /// `psa_key_derivation_input_key`: the material of `key` as the input for `step`.
    /// The key needs `DERIVE` (or, for verification only, `VERIFY_DERIVATION`) usage and
    /// a policy permitting the operation's algorithm (`NOT_PERMITTED`), and a type the
    /// step accepts (`INVALID_ARGUMENT`). From then on, destroying the key wipes this
    /// operation.
    pub fn input_key(&mut self, step: DerivationStep, key: KeyId) -> Result<()> {
        let r = self.active().and_then(|a| {
            let kdf = a.kdf();
            let crypto = a.crypto;
            crypto.store.with_key_slot(key, |slot, d| {
                let permits_output = policy::check_derivation_input(&d.attrs, a.alg)?;
                let source = Source::Key(d.attrs.key_type());
                check_source(kdf, step, source)?;
                a.binding.attach(key, slot, d);
                a.binding
                    .step(|m| m.input(&crypto.driver, step, source, &d.material))?;
                a.output_permitted &= permits_output;
                if step == DerivationStep::SECRET || step == DerivationStep::PASSWORD {
                    a.secret_from_key = true;
                }
                Ok(())
            })
        });
        self.settle(r)
    }

    /// `psa_key_derivation_key_agreement`: the shared secret of a key agreement between
    /// `private_key` and the peer's public key as the input for `step` (the operation's
    /// algorithm must be a key agreement combined with a KDF, else `INVALID_ARGUMENT`).
    /// The private key needs `DERIVE` usage and a policy permitting the operation's
    /// algorithm; destroying it wipes this operation.
    pub fn key_agreement(
        &mut self,
        step: DerivationStep,
        private_key: KeyId,
        peer_public_key: &[u8],
    ) -> Result<()> {
        let r = self
            .active()
            .and_then(|a| a.key_agreement(step, private_key, peer_public_key));
        self.settle(r)
    }

    /// `psa_key_derivation_output_bytes`: fills `out` with the next `out.len()` bytes.
    /// More than the capacity → `INSUFFICIENT_DATA`, nothing written, capacity 0 (the
    /// operation stays active). Reading 0 bytes from an exhausted operation is
    /// `INSUFFICIENT_DATA` too.
    pub fn output_bytes(&mut self, out: &mut [u8]) -> Result<()> {
        let r = self.active().and_then(|a| {
            if !a.output_permitted {
                return Err(Error::NotPermitted);
            }
            a.read(out)
        });
        if r.is_err() {
            out.fill(0);
        }
        self.settle(r)
    }

    /// `psa_key_derivation_verify_bytes`: `Ok` if the next `expected.len()` output bytes
    /// equal `expected` (compared in constant time), else `INVALID_SIGNATURE`. Works when
    /// an input key permits only `VERIFY_DERIVATION`.
    pub fn verify_bytes(&mut self, expected: &[u8]) -> Result<()> {
        let r = self.active().and_then(|a| a.verify(expected));
        self.settle(r)
    }

    /// `psa_key_derivation_verify_key`: like [`verify_bytes`](Self::verify_bytes) against
    /// the value of `expected`, a `PASSWORD_HASH` key (`INVALID_ARGUMENT` otherwise) that
    /// permits `VERIFY_DERIVATION` with the operation's algorithm (`NOT_PERMITTED`).
    pub fn verify_key(&mut self, expected: KeyId) -> Result<()> {
        let r = self.active().and_then(|a| {
            let value = a.crypto.store.with_key(expected, |d| {
                policy::check_use(&d.attrs, Usage::VERIFY_DERIVATION, a.alg)?;
                if d.attrs.key_type() != KeyType::PASSWORD_HASH {
                    return Err(Error::InvalidArgument);
                }
                Ok(Zeroizing::new(d.material.to_vec()))
            })?;
            a.verify(&value)
        });
        self.settle(r)
    }

    /// `psa_key_derivation_abort`: wipes the operation's state and makes it inactive;
    /// always succeeds, in any state.
    pub fn abort(&mut self) {
        self.phase = Phase::Inactive;
    }

    fn active(&mut self) -> Result<&mut Active<'c>> {
        match &mut self.phase {
            Phase::Active(a) => Ok(a),
            _ => Err(Error::BadState),
        }
    }

    /// Applies PSA's rule for a failed call: the operation enters its error state, except
    /// after `INSUFFICIENT_DATA` (capacity exhausted, handled by [`Active::read`]) and
    /// when it was not active (an inactive operation stays inactive).
    fn settle<T>(&mut self, r: Result<T>) -> Result<T> {
        match &r {
            Err(Error::InsufficientData) | Ok(_) => {}
            Err(_) if matches!(self.phase, Phase::Active(_)) => self.phase = Phase::Error,
            Err(_) => {}
        }
        r
    }

    fn fail<T>(&mut self, e: Error) -> Result<T> {
        self.settle(Err(e))
    }
}

impl Active<'_> {
    /// The KDF the operation runs (without the key agreement).
    fn kdf(&self) -> Algorithm {
        if self.alg.is_key_agreement() {
            self.alg.key_agreement_get_kdf()
        } else {
            self.alg
        }
    }

    /// Reads `out.len()` output bytes against the capacity (see
    /// [`KeyDerivationOperation::output_bytes`]).
    fn read(&mut self, out: &mut [u8]) -> Result<()> {
        if out.is_empty() && self.capacity == 0 {
            return Err(Error::InsufficientData);
        }
        let before = self.capacity;
        self.take(out.len())?;
        let driver = &self.crypto.driver;
        self.binding
            .step(|m| m.read(driver, out, before))
            // The capacity allowed this read: a stream that runs dry disagrees with it.
            .map_err(|e| match e {
                Error::InsufficientData => Error::CorruptionDetected,
                e => e,
            })?;
        self.output_started = true;
        Ok(())
    }

    /// Charges `n` bytes to the capacity; past it, exhausts the operation (capacity 0,
    /// every secret dropped) and returns `INSUFFICIENT_DATA`.
    fn take(&mut self, n: usize) -> Result<()> {
        match self.capacity.checked_sub(n) {
            Some(left) => {
                self.capacity = left;
                Ok(())
            }
            None => {
                self.exhaust();
                Err(Error::InsufficientData)
            }
        }
    }

    fn exhaust(&mut self) {
        self.capacity = 0;
        // A wiped state (destroyed key) stays wiped: nothing to drop then.
        let _ = self.binding.step(|m| {
            m.spend();
            Ok(())
        });
    }

    fn verify(&mut self, expected: &[u8]) -> Result<()> {
        let mut actual = Zeroizing::new(vec![0u8; expected.len()]);
        self.read(&mut actual)?;
        if bool::from(actual.ct_eq(expected)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// See [`KeyDerivationOperation::key_agreement`]. The operation is attached to the
    /// private key first (under its read guard); the agreement runs in a second
    /// registration (never nested in the first); its output enters the state only if the
    /// state is still there, so a destroy in between leaves nothing of the key behind
    /// (`INVALID_HANDLE`).
    fn key_agreement(&mut self, step: DerivationStep, key: KeyId, peer: &[u8]) -> Result<()> {
        if !self.alg.is_key_agreement() {
            return Err(Error::InvalidArgument);
        }
        // A shared secret is accepted wherever a DERIVE key is (spec, Mbed TLS).
        let source = Source::Key(KeyType::DERIVE);
        check_source(self.kdf(), step, source)?;
        let crypto = self.crypto;
        let alg = self.alg;
        crypto.store.with_key_slot(key, |slot, d| {
            policy::check_use(&d.attrs, Usage::DERIVE, alg)?;
            self.binding.attach(key, slot, d);
            Ok(())
        })?;
        let secret = crypto.shared_secret(key, peer, alg.key_agreement_get_base(), alg)?;
        self.binding
            .step(|m| m.input(&crypto.driver, step, source, &secret))?;
        if step == DerivationStep::SECRET {
            self.secret_from_key = true;
        }
        Ok(())
    }
}
