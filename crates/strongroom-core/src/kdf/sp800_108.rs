//! SP 800-108 counter-mode KDFs (HMAC and CMAC, spec 1.2): `SECRET` (once), then the
//! optional `LABEL` (no zero bytes) and `CONTEXT`, in that order, each once.
//!
//! The output length `L` is part of every block's input, so the stream starts at the
//! first read with `L = 8 * capacity` at that moment; the capacity cannot be changed
//! afterwards (the operation enforces that).

use strongroom_driver::KdfStream;
use strongroom_types::{Algorithm, DerivationStep as Step, Error, KeyType, Result};
use zeroize::Zeroizing;

use super::machine::{Source, read_stream, with_kdf};
use crate::crypto::DriverHandle;

enum Phase {
    Init,
    Keyed,
    Labelled,
    WithContext,
    Output(Box<dyn KdfStream>),
}

pub(in crate::kdf) struct Counter {
    /// `HMAC(hash)` or `CMAC`.
    prf: Algorithm,
    phase: Phase,
    key_type: KeyType,
    key: Zeroizing<Vec<u8>>,
    label: Vec<u8>,
    context: Vec<u8>,
}

impl Counter {
    /// The machine for `kdf` if it is an SP 800-108 counter-mode KDF.
    pub(in crate::kdf) fn new(kdf: Algorithm) -> Option<Self> {
        let prf = if kdf.is_sp800_108_counter_hmac() {
            Algorithm::hmac(kdf.hash()?)
        } else if kdf == Algorithm::SP800_108_COUNTER_CMAC {
            Algorithm::CMAC
        } else {
            return None;
        };
        Some(Self {
            prf,
            phase: Phase::Init,
            key_type: KeyType::NONE,
            key: Zeroizing::new(Vec::new()),
            label: Vec::new(),
            context: Vec::new(),
        })
    }

    pub(in crate::kdf) fn input(&mut self, step: Step, source: Source, data: &[u8]) -> Result<()> {
        match step {
            Step::SECRET => {
                if !matches!(self.phase, Phase::Init) {
                    return Err(Error::BadState);
                }
                self.key_type = source.key_type();
                self.key = Zeroizing::new(data.to_vec());
                self.phase = Phase::Keyed;
            }
            Step::LABEL => {
                if !matches!(self.phase, Phase::Keyed) {
                    return Err(Error::BadState);
                }
                if data.contains(&0) {
                    return Err(Error::InvalidArgument);
                }
                self.label = data.to_vec();
                self.phase = Phase::Labelled;
            }
            Step::CONTEXT => {
                if !matches!(self.phase, Phase::Keyed | Phase::Labelled) {
                    return Err(Error::BadState);
                }
                self.context = data.to_vec();
                self.phase = Phase::WithContext;
            }
            _ => return Err(Error::InvalidArgument),
        }
        Ok(())
    }

    /// `capacity` is the operation's capacity before this read: it fixes `L`.
    pub(in crate::kdf) fn read(
        &mut self,
        driver: &DriverHandle,
        out: &mut [u8],
        capacity: usize,
    ) -> Result<()> {
        if matches!(
            self.phase,
            Phase::Keyed | Phase::Labelled | Phase::WithContext
        ) {
            let bits = capacity
                .checked_mul(8)
                .and_then(|b| u32::try_from(b).ok())
                .ok_or(Error::CorruptionDetected)?;
            let stream = with_kdf(driver, |k| {
                k.sp800_108_counter(
                    self.prf,
                    self.key_type,
                    &self.key,
                    &self.label,
                    &self.context,
                    bits,
                )
            })?;
            self.key = Zeroizing::new(Vec::new());
            self.phase = Phase::Output(stream);
        }
        match &mut self.phase {
            Phase::Output(stream) => read_stream(driver, stream.as_mut(), out),
            _ => Err(Error::BadState),
        }
    }

    /// Whether the output has started (the capacity is then fixed).
    pub(in crate::kdf) fn started(&self) -> bool {
        matches!(self.phase, Phase::Output(_))
    }
}
