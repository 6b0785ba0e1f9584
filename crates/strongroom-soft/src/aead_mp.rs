//! The software driver's AEAD family: GCM, CCM, ChaCha20-Poly1305 and XChaCha20-Poly1305,
//! one-shot and multi-part (see [`crate::aead`] for the table and the constructions).

use strongroom_driver::{AeadDriver, Algorithm, KeyType, PreparedAead, Result};

use crate::aead;

/// The software AeadDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftAead;

impl AeadDriver for SoftAead {
    fn supports(&self, key_type: KeyType, key_bits: usize, alg: Algorithm) -> bool {
        aead::supports_bits(key_type, key_bits, alg)
    }

    fn prepare(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedAead>> {
        aead::prepare(key_type, key, alg)
    }
}
