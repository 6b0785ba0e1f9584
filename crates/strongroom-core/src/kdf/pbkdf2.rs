//! PBKDF2-HMAC and PBKDF2-AES-CMAC-PRF-128 (RFC 8018 §5.2, RFC 4615): `COST` (an integer,
//! once), then `SALT` (one or more times, concatenated), then `PASSWORD` (once).

use strongroom_driver::KdfStream;
use strongroom_types::{Algorithm, DerivationStep as Step, Error, Result};
use zeroize::Zeroizing;

use super::machine::{read_stream, with_kdf};
use crate::crypto::DriverHandle;

/// `PSA_VENDOR_PBKDF2_MAX_ITERATIONS`: the largest cost accepted (a larger one is
/// `NOT_SUPPORTED`, as in Mbed TLS).
pub const PBKDF2_MAX_ITERATIONS: u64 = u32::MAX as u64;

enum Phase {
    Init,
    Cost,
    Salted,
    Output(Box<dyn KdfStream>),
}

pub(in crate::kdf) struct Pbkdf2 {
    /// `HMAC(hash)`, or `CMAC` for AES-CMAC-PRF-128.
    prf: Algorithm,
    phase: Phase,
    cost: u32,
    /// The salt may include a secret pepper.
    salt: Zeroizing<Vec<u8>>,
}

impl Pbkdf2 {
    /// The machine for `kdf` if it is a PBKDF2 algorithm.
    pub(in crate::kdf) fn new(kdf: Algorithm) -> Option<Self> {
        let prf = if kdf.is_pbkdf2_hmac() {
            Algorithm::hmac(kdf.hash()?)
        } else if kdf == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
            Algorithm::CMAC
        } else {
            return None;
        };
        Some(Self {
            prf,
            phase: Phase::Init,
            cost: 0,
            salt: Zeroizing::new(Vec::new()),
        })
    }

    pub(in crate::kdf) fn input_integer(&mut self, step: Step, value: u64) -> Result<()> {
        if step != Step::COST {
            return Err(Error::InvalidArgument);
        }
        if !matches!(self.phase, Phase::Init) {
            return Err(Error::BadState);
        }
        if value > PBKDF2_MAX_ITERATIONS {
            return Err(Error::NotSupported);
        }
        self.cost = u32::try_from(value).map_err(|_| Error::NotSupported)?;
        if self.cost == 0 {
            return Err(Error::InvalidArgument);
        }
        self.phase = Phase::Cost;
        Ok(())
    }

    pub(in crate::kdf) fn input(
        &mut self,
        driver: &DriverHandle,
        step: Step,
        data: &[u8],
    ) -> Result<()> {
        match step {
            Step::SALT => match self.phase {
                Phase::Cost | Phase::Salted => {
                    // A new buffer of the exact size: growing the old one in place could
                    // leave a copy of a (peppered) salt behind in freed memory.
                    let mut salt = Zeroizing::new(Vec::with_capacity(self.salt.len() + data.len()));
                    salt.extend_from_slice(&self.salt);
                    salt.extend_from_slice(data);
                    self.salt = salt;
                    self.phase = Phase::Salted;
                    Ok(())
                }
                _ => Err(Error::BadState),
            },
            Step::PASSWORD => {
                if !matches!(self.phase, Phase::Salted) {
                    return Err(Error::BadState);
                }
                let stream = with_kdf(driver, |k| k.pbkdf2(self.prf, data, &self.salt, self.cost))?;
                self.salt = Zeroizing::new(Vec::new());
                self.phase = Phase::Output(stream);
                Ok(())
            }
            _ => Err(Error::InvalidArgument),
        }
    }

    pub(in crate::kdf) fn read(&mut self, driver: &DriverHandle, out: &mut [u8]) -> Result<()> {
        match &mut self.phase {
            Phase::Output(stream) => read_stream(driver, stream.as_mut(), out),
            _ => Err(Error::BadState),
        }
    }
}
