//! The input state machine of each KDF and its output stream: which steps an algorithm
//! takes, in which order, and what each input becomes.
//!
//! Status codes follow the spec and Mbed TLS 3.6 (whose test data checks them): a step
//! the algorithm does not take, or an input of a type the step does not accept, is
//! `INVALID_ARGUMENT`; a step out of order or repeated is `BAD_STATE`; output before the
//! required inputs is `BAD_STATE`. Each algorithm keeps the inputs it still needs in
//! zeroizing buffers and drops them as soon as it has turned them into its keyed output
//! stream.

use core::fmt;

use strongroom_driver::{KdfDriver, KdfStream};
use strongroom_types::{Algorithm, DerivationStep as Step, Error, KeyType, Result};
use zeroize::Zeroizing;

use super::{ecjpake, hkdf, pbkdf2, sp800_108, tls12};
use crate::crypto::DriverHandle;

/// Where an input comes from: direct bytes, or a key of a type (a key agreement's shared
/// secret counts as a `DERIVE` key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    Bytes,
    Key(KeyType),
}

impl Source {
    /// The key type an input is treated as (`DERIVE` for direct bytes, as the SP 800-108
    /// HMAC key type of a secret given as bytes).
    pub(super) fn key_type(self) -> KeyType {
        match self {
            Source::Bytes => KeyType::DERIVE,
            Source::Key(t) => t,
        }
    }
}

/// Whether `step` accepts an input from `source` with `kdf` (spec "compatible key types";
/// Mbed TLS `psa_key_derivation_check_input_type`). Checked before the algorithm looks
/// at the step, so a wrong key type is `INVALID_ARGUMENT` even out of order.
pub(super) fn check_source(kdf: Algorithm, step: Step, source: Source) -> Result<()> {
    let cmac_kdf = kdf == Algorithm::SP800_108_COUNTER_CMAC;
    let ok = match source {
        // The cost is an integer; SP 800-108-CMAC's secret must be a block-cipher key.
        Source::Bytes => step != Step::COST && !(cmac_kdf && step == Step::SECRET),
        Source::Key(t) => match step {
            Step::SECRET if kdf.is_sp800_108_counter_hmac() => {
                t == KeyType::DERIVE || t == KeyType::HMAC
            }
            Step::SECRET if cmac_kdf => matches!(
                t,
                KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA | KeyType::SM4
            ),
            Step::SECRET | Step::OTHER_SECRET => t == KeyType::DERIVE,
            Step::PASSWORD => t == KeyType::PASSWORD || t == KeyType::DERIVE,
            Step::SALT => {
                t == KeyType::RAW_DATA
                    || (t == KeyType::PEPPER && kdf.is_key_derivation_stretching())
            }
            Step::LABEL | Step::INFO | Step::SEED | Step::CONTEXT => t == KeyType::RAW_DATA,
            _ => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Runs `f` on the driver's KDF family (serialized for a driver that is not thread-safe).
pub(super) fn with_kdf<R>(
    driver: &DriverHandle,
    f: impl FnOnce(&dyn KdfDriver) -> Result<R>,
) -> Result<R> {
    driver.call(|d| d.kdf().ok_or(Error::NotSupported).and_then(f))
}

/// Reads from a driver stream (serialized like every driver call).
pub(super) fn read_stream(
    driver: &DriverHandle,
    stream: &mut dyn KdfStream,
    out: &mut [u8],
) -> Result<()> {
    driver.call(|_| stream.read(out))
}

/// An output that is known in full once the inputs are in (HKDF-Extract's PRK).
pub(super) struct Fixed {
    bytes: Zeroizing<Vec<u8>>,
    read: usize,
}

impl Fixed {
    pub(super) fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        Self { bytes, read: 0 }
    }
}

impl KdfStream for Fixed {
    fn read(&mut self, out: &mut [u8]) -> Result<()> {
        let end = self
            .read
            .checked_add(out.len())
            .filter(|&e| e <= self.bytes.len())
            .ok_or(Error::InsufficientData)?;
        out.copy_from_slice(&self.bytes[self.read..end]);
        self.read = end;
        Ok(())
    }
}

impl fmt::Debug for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fixed").finish_non_exhaustive()
    }
}

/// The state of one key derivation: its algorithm's input machine, or `Spent` once the
/// capacity ran out (everything secret dropped).
pub(super) enum Machine {
    Hkdf(hkdf::Hkdf),
    Tls12(tls12::Tls12),
    Pbkdf2(pbkdf2::Pbkdf2),
    Sp800108(sp800_108::Counter),
    Ecjpake(ecjpake::EcjpakeToPms),
    Spent,
}

impl fmt::Debug for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Machine::Hkdf(_) => "Machine::Hkdf",
            Machine::Tls12(_) => "Machine::Tls12",
            Machine::Pbkdf2(_) => "Machine::Pbkdf2",
            Machine::Sp800108(_) => "Machine::Sp800108",
            Machine::Ecjpake(_) => "Machine::Ecjpake",
            Machine::Spent => "Machine::Spent",
        })
    }
}

impl Machine {
    /// The machine of a fresh operation running `kdf` (already validated by setup).
    pub(super) fn new(kdf: Algorithm) -> Result<Self> {
        Ok(if let Some(h) = hkdf::Hkdf::new(kdf) {
            Machine::Hkdf(h)
        } else if let Some(t) = tls12::Tls12::new(kdf) {
            Machine::Tls12(t)
        } else if let Some(p) = pbkdf2::Pbkdf2::new(kdf) {
            Machine::Pbkdf2(p)
        } else if let Some(c) = sp800_108::Counter::new(kdf) {
            Machine::Sp800108(c)
        } else if kdf == Algorithm::TLS12_ECJPAKE_TO_PMS {
            Machine::Ecjpake(ecjpake::EcjpakeToPms::default())
        } else {
            return Err(Error::NotSupported);
        })
    }

    /// Takes an input given as bytes or as a key's material (`source` has passed
    /// [`check_source`]).
    pub(super) fn input(
        &mut self,
        driver: &DriverHandle,
        step: Step,
        source: Source,
        data: &[u8],
    ) -> Result<()> {
        match self {
            Machine::Hkdf(m) => m.input(driver, step, data),
            Machine::Tls12(m) => m.input(driver, step, data),
            Machine::Pbkdf2(m) => m.input(driver, step, data),
            Machine::Sp800108(m) => m.input(step, source, data),
            Machine::Ecjpake(m) => m.input(step, data),
            Machine::Spent => Err(Error::BadState),
        }
    }

    /// Takes an integer input (`psa_key_derivation_input_integer`): only PBKDF2's cost.
    pub(super) fn input_integer(&mut self, step: Step, value: u64) -> Result<()> {
        match self {
            Machine::Pbkdf2(m) => m.input_integer(step, value),
            Machine::Spent => Err(Error::BadState),
            _ => Err(Error::InvalidArgument),
        }
    }

    /// Fills `out` with the next output bytes. `capacity` is the capacity before this
    /// read (SP 800-108 derives its length `L` from it at the first read).
    pub(super) fn read(
        &mut self,
        driver: &DriverHandle,
        out: &mut [u8],
        capacity: usize,
    ) -> Result<()> {
        match self {
            Machine::Hkdf(m) => m.read(driver, out),
            Machine::Tls12(m) => m.read(driver, out),
            Machine::Pbkdf2(m) => m.read(driver, out),
            Machine::Sp800108(m) => m.read(driver, out, capacity),
            Machine::Ecjpake(m) => m.read(driver, out),
            Machine::Spent => Err(Error::InsufficientData),
        }
    }

    /// Drops every input and keyed state (the capacity is exhausted).
    pub(super) fn spend(&mut self) {
        *self = Machine::Spent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_checks_follow_the_compatible_key_types() {
        let hkdf = Algorithm::hkdf(Algorithm::SHA_256);
        let pbkdf2 = Algorithm::pbkdf2_hmac(Algorithm::SHA_256);
        let key = Source::Key;
        let ok = |kdf, step, src| check_source(kdf, step, src).is_ok();
        assert!(ok(hkdf, Step::SECRET, Source::Bytes));
        assert!(ok(hkdf, Step::SECRET, key(KeyType::DERIVE)));
        assert!(!ok(hkdf, Step::SECRET, key(KeyType::RAW_DATA)));
        assert!(!ok(hkdf, Step::SALT, key(KeyType::DERIVE)));
        assert!(ok(hkdf, Step::SALT, key(KeyType::RAW_DATA)));
        assert!(!ok(hkdf, Step::SALT, key(KeyType::PEPPER)));
        assert!(ok(pbkdf2, Step::SALT, key(KeyType::PEPPER)));
        assert!(ok(pbkdf2, Step::PASSWORD, key(KeyType::PASSWORD)));
        assert!(!ok(pbkdf2, Step::PASSWORD, key(KeyType::RAW_DATA)));
        assert!(!ok(pbkdf2, Step::COST, Source::Bytes));
        assert!(!ok(pbkdf2, Step::COST, key(KeyType::RAW_DATA)));
        assert!(!ok(hkdf, Step::OTHER_SECRET, key(KeyType::RAW_DATA)));
        let cmac = Algorithm::SP800_108_COUNTER_CMAC;
        assert!(!ok(cmac, Step::SECRET, Source::Bytes));
        assert!(ok(cmac, Step::SECRET, key(KeyType::AES)));
        assert!(!ok(cmac, Step::SECRET, key(KeyType::DERIVE)));
        let hmac = Algorithm::sp800_108_counter_hmac(Algorithm::SHA_256);
        assert!(ok(hmac, Step::SECRET, key(KeyType::HMAC)));
    }

    #[test]
    fn fixed_stream_refuses_reads_past_its_end() {
        let mut f = Fixed::new(Zeroizing::new(vec![1, 2, 3]));
        let mut two = [0u8; 2];
        f.read(&mut two).expect("two");
        assert_eq!(two, [1, 2]);
        assert_eq!(f.read(&mut two), Err(Error::InsufficientData));
        assert_eq!(format!("{f:?}"), "Fixed { .. }");
    }
}
