//! Randomness (DESIGN §6): every byte comes from the driver's per-thread DRBGs.

use strongroom_types::Result;

use crate::Crypto;

impl Crypto {
    /// `psa_generate_random`: fills `out` with random bytes. No lock is taken.
    pub fn generate_random(&self, out: &mut [u8]) -> Result<()> {
        if out.is_empty() {
            return Ok(());
        }
        self.driver.call(|d| d.random().fill(out))
    }

    /// Makes every thread's generator reseed from the operating system before its next
    /// output (call after restoring a VM snapshot, for example).
    pub fn reseed_random(&self) -> Result<()> {
        self.driver.call(|d| d.random().reseed())
    }
}
