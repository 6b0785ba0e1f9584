//! HKDF, HKDF-Extract and HKDF-Expand (RFC 5869) as PSA runs them:
//!
//! - HKDF: `SALT` (optional, before `SECRET`), `SECRET`, `INFO` (any time before output);
//! - HKDF-Extract: `SALT` then `SECRET`, both mandatory; the output is the PRK;
//! - HKDF-Expand: `SECRET` (the PRK, exactly one hash long) then `INFO`.
//!
//! Each input only once. The secret is turned into the PRK as soon as it arrives; only
//! the PRK (and the salt until then) is kept.

use strongroom_driver::KdfStream;
use strongroom_types::{Algorithm, DerivationStep as Step, Error, Result};
use zeroize::Zeroizing;

use super::machine::{Fixed, read_stream, with_kdf};
use crate::crypto::DriverHandle;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Full,
    Extract,
    Expand,
}

enum Phase {
    Init,
    /// The salt, until the secret arrives (a salt may carry a secret pepper).
    Salted(Zeroizing<Vec<u8>>),
    /// The pseudorandom key.
    Keyed(Zeroizing<Vec<u8>>),
    Output(Box<dyn KdfStream>),
}

pub(in crate::kdf) struct Hkdf {
    variant: Variant,
    hash: Algorithm,
    hash_len: usize,
    phase: Phase,
    info: Option<Vec<u8>>,
}

impl Hkdf {
    /// The machine for `kdf` if it is one of the HKDF algorithms with a known hash.
    pub(in crate::kdf) fn new(kdf: Algorithm) -> Option<Self> {
        let variant = if kdf.is_hkdf() {
            Variant::Full
        } else if kdf.is_hkdf_extract() {
            Variant::Extract
        } else if kdf.is_hkdf_expand() {
            Variant::Expand
        } else {
            return None;
        };
        let hash = kdf.hash()?;
        Some(Self {
            variant,
            hash,
            hash_len: hash.hash_length()?,
            phase: Phase::Init,
            info: None,
        })
    }

    pub(in crate::kdf) fn input(
        &mut self,
        driver: &DriverHandle,
        step: Step,
        data: &[u8],
    ) -> Result<()> {
        match step {
            Step::SALT => {
                if self.variant == Variant::Expand {
                    return Err(Error::InvalidArgument);
                }
                if !matches!(self.phase, Phase::Init) {
                    return Err(Error::BadState);
                }
                self.phase = Phase::Salted(Zeroizing::new(data.to_vec()));
                Ok(())
            }
            Step::SECRET => self.secret(driver, data),
            Step::INFO => {
                if self.variant == Variant::Extract {
                    return Err(Error::InvalidArgument);
                }
                let keyed = matches!(self.phase, Phase::Keyed(_));
                if (self.variant == Variant::Expand && !keyed)
                    || matches!(self.phase, Phase::Output(_))
                    || self.info.is_some()
                {
                    return Err(Error::BadState);
                }
                self.info = Some(data.to_vec());
                Ok(())
            }
            _ => Err(Error::InvalidArgument),
        }
    }

    fn secret(&mut self, driver: &DriverHandle, ikm: &[u8]) -> Result<()> {
        if self.variant == Variant::Expand {
            if !matches!(self.phase, Phase::Init) {
                return Err(Error::BadState);
            }
            if ikm.len() != self.hash_len {
                return Err(Error::InvalidArgument);
            }
            self.phase = Phase::Keyed(Zeroizing::new(ikm.to_vec()));
            return Ok(());
        }
        let salt: &[u8] = match &self.phase {
            // HKDF-Extract's salt is mandatory; HKDF's defaults to empty.
            Phase::Init if self.variant == Variant::Extract => return Err(Error::BadState),
            Phase::Init => &[],
            Phase::Salted(s) => s,
            _ => return Err(Error::BadState),
        };
        let mut prk = Zeroizing::new(vec![0u8; self.hash_len]);
        let n = with_kdf(driver, |k| k.hkdf_extract(self.hash, salt, ikm, &mut prk))?;
        if n != self.hash_len {
            return Err(Error::CorruptionDetected);
        }
        self.phase = Phase::Keyed(prk);
        Ok(())
    }

    pub(in crate::kdf) fn read(&mut self, driver: &DriverHandle, out: &mut [u8]) -> Result<()> {
        if let Phase::Keyed(prk) = &self.phase {
            let stream: Box<dyn KdfStream> = match (self.variant, &self.info) {
                (Variant::Extract, _) => Box::new(Fixed::new(prk.clone())),
                (_, Some(info)) => with_kdf(driver, |k| k.hkdf_expand(self.hash, prk, info))?,
                (_, None) => return Err(Error::BadState),
            };
            self.phase = Phase::Output(stream);
        }
        match &mut self.phase {
            Phase::Output(stream) => read_stream(driver, stream.as_mut(), out),
            _ => Err(Error::BadState),
        }
    }
}
