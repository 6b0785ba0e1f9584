//! TLS 1.2 ECJPAKE-to-PMS (RFC draft-cragie-tls-ecjpake §8.7): one `SECRET` input, the
//! 65-byte uncompressed secp256r1 point K from EC J-PAKE; the output is `SHA-256(K.x)`,
//! 32 bytes read in a single call.

use strongroom_types::{Algorithm, DerivationStep as Step, Error, Result};
use zeroize::Zeroizing;

use super::plan::ECJPAKE_TO_PMS_LEN;
use crate::crypto::DriverHandle;

/// Length of the uncompressed secp256r1 point taken as input.
const POINT_LEN: usize = 65;

#[derive(Default)]
pub(in crate::kdf) struct EcjpakeToPms {
    /// K.x, once given.
    x: Option<Zeroizing<[u8; 32]>>,
}

impl EcjpakeToPms {
    pub(in crate::kdf) fn input(&mut self, step: Step, data: &[u8]) -> Result<()> {
        if step != Step::SECRET || data.len() != POINT_LEN || data[0] != 0x04 {
            return Err(Error::InvalidArgument);
        }
        if self.x.is_some() {
            return Err(Error::BadState);
        }
        let mut x = Zeroizing::new([0u8; 32]);
        x.copy_from_slice(&data[1..33]);
        self.x = Some(x);
        Ok(())
    }

    pub(in crate::kdf) fn read(&mut self, driver: &DriverHandle, out: &mut [u8]) -> Result<()> {
        if out.len() != ECJPAKE_TO_PMS_LEN {
            return Err(Error::InvalidArgument);
        }
        let x = self.x.as_ref().ok_or(Error::BadState)?;
        let mut hash = driver.call(|d| d.hash_setup(Algorithm::SHA_256))?;
        let n = driver.call(|_| {
            hash.update(&x[..]);
            hash.finish(out)
        });
        if n != ECJPAKE_TO_PMS_LEN {
            return Err(Error::CorruptionDetected);
        }
        Ok(())
    }
}
