//! The TLS 1.2 PRF and PSK-to-MS (RFC 5246 §5, RFC 4279 §2, RFC 5489):
//! `SEED`, [`OTHER_SECRET` (PSK-to-MS only)], `SECRET`, `LABEL`, in that order, each once.
//!
//! For PSK-to-MS the premaster secret is assembled here as RFC 4279 says:
//! `uint16 len(other) || other || uint16 len(psk) || psk`, where a missing other secret
//! stands for `len(psk)` zero bytes. The PSK is at most
//! [`TLS12_PSK_TO_MS_PSK_MAX_SIZE`] bytes. Once the label is in, the PRF stream is keyed
//! and the secret copies are dropped.

use strongroom_driver::KdfStream;
use strongroom_types::{Algorithm, DerivationStep as Step, Error, Result};
use zeroize::Zeroizing;

use super::machine::{read_stream, with_kdf};
use crate::crypto::DriverHandle;

/// `PSA_TLS12_PSK_TO_MS_PSK_MAX_SIZE` (Mbed TLS's value).
pub const TLS12_PSK_TO_MS_PSK_MAX_SIZE: usize = 128;

enum Phase {
    Init,
    Seeded,
    OtherSecret,
    Keyed,
    Output(Box<dyn KdfStream>),
}

pub(in crate::kdf) struct Tls12 {
    hash: Algorithm,
    psk_to_ms: bool,
    phase: Phase,
    seed: Vec<u8>,
    other_secret: Zeroizing<Vec<u8>>,
    secret: Zeroizing<Vec<u8>>,
}

impl Tls12 {
    /// The machine for `kdf` if it is the TLS 1.2 PRF or PSK-to-MS.
    pub(in crate::kdf) fn new(kdf: Algorithm) -> Option<Self> {
        if !(kdf.is_tls12_prf() || kdf.is_tls12_psk_to_ms()) {
            return None;
        }
        Some(Self {
            hash: kdf.hash()?,
            psk_to_ms: kdf.is_tls12_psk_to_ms(),
            phase: Phase::Init,
            seed: Vec::new(),
            other_secret: Zeroizing::new(Vec::new()),
            secret: Zeroizing::new(Vec::new()),
        })
    }

    pub(in crate::kdf) fn input(
        &mut self,
        driver: &DriverHandle,
        step: Step,
        data: &[u8],
    ) -> Result<()> {
        match step {
            Step::SEED => {
                if !matches!(self.phase, Phase::Init) {
                    return Err(Error::BadState);
                }
                self.seed = data.to_vec();
                self.phase = Phase::Seeded;
            }
            Step::OTHER_SECRET if self.psk_to_ms => {
                if !matches!(self.phase, Phase::Seeded) {
                    return Err(Error::BadState);
                }
                if data.len() > usize::from(u16::MAX) {
                    return Err(Error::InvalidArgument);
                }
                self.other_secret = Zeroizing::new(data.to_vec());
                self.phase = Phase::OtherSecret;
            }
            Step::SECRET => {
                // PSK-to-MS checks the PSK's length before the order (as Mbed TLS).
                if self.psk_to_ms && data.len() > TLS12_PSK_TO_MS_PSK_MAX_SIZE {
                    return Err(Error::InvalidArgument);
                }
                let other = match self.phase {
                    Phase::Seeded => None,
                    Phase::OtherSecret => Some(&self.other_secret[..]),
                    _ => return Err(Error::BadState),
                };
                self.secret = if self.psk_to_ms {
                    premaster(other, data)
                } else {
                    Zeroizing::new(data.to_vec())
                };
                self.other_secret = Zeroizing::new(Vec::new());
                self.phase = Phase::Keyed;
            }
            Step::LABEL => {
                if !matches!(self.phase, Phase::Keyed) {
                    return Err(Error::BadState);
                }
                let stream = with_kdf(driver, |k| {
                    k.tls12_prf(self.hash, &self.secret, data, &self.seed)
                })?;
                self.secret = Zeroizing::new(Vec::new());
                self.phase = Phase::Output(stream);
            }
            _ => return Err(Error::InvalidArgument),
        }
        Ok(())
    }

    pub(in crate::kdf) fn read(&mut self, driver: &DriverHandle, out: &mut [u8]) -> Result<()> {
        match &mut self.phase {
            Phase::Output(stream) => read_stream(driver, stream.as_mut(), out),
            _ => Err(Error::BadState),
        }
    }
}

/// The RFC 4279 / RFC 5489 premaster secret from the other secret (`None`: plain PSK)
/// and the PSK (both at most 65535 bytes, checked by the caller).
fn premaster(other: Option<&[u8]>, psk: &[u8]) -> Zeroizing<Vec<u8>> {
    let other_len = other.map_or(psk.len(), <[u8]>::len);
    let mut pms = Zeroizing::new(Vec::with_capacity(4 + other_len + psk.len()));
    pms.extend_from_slice(&(other_len as u16).to_be_bytes());
    match other {
        Some(o) => pms.extend_from_slice(o),
        None => pms.resize(2 + other_len, 0),
    }
    pms.extend_from_slice(&(psk.len() as u16).to_be_bytes());
    pms.extend_from_slice(psk);
    pms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premaster_layouts() {
        assert_eq!(&premaster(None, &[1, 2])[..], &[0, 2, 0, 0, 0, 2, 1, 2][..]);
        assert_eq!(
            &premaster(Some(&[9]), &[1, 2])[..],
            &[0, 1, 9, 0, 2, 1, 2][..]
        );
        assert_eq!(&premaster(Some(&[]), &[7])[..], &[0, 0, 0, 1, 7][..]);
    }
}
