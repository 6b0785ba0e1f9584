//! The random generator handed to the RustCrypto asymmetric code: a child HMAC_DRBG seeded
//! from the driver's [`RandomSource`].
//!
//! Why a child generator rather than calling the source for every request: the RustCrypto
//! crates take an infallible `rand_core::CryptoRng`, and some of them loop until the
//! generator yields an acceptable value (a nonzero scalar below the group order, a prime).
//! An adaptor that could fail would have to either panic or hand out a fixed value that such
//! a loop never accepts. So every fallible step happens up front, in [`DriverRng::new`],
//! which draws 48 bytes (entropy and nonce, SP 800-90A §8.6.7) from the source and returns
//! `InsufficientEntropy` if it cannot; after that, output never fails.
//!
//! The child is created per operation and dropped (zeroized) when the operation ends, so it
//! never serves more than a few kilobytes, far below the reseed interval of 2^48 requests.

use core::convert::Infallible;
use core::fmt;

use rand_core::{TryCryptoRng, TryRng};
use strongroom_driver::{RandomSource, Result};
use zeroize::Zeroizing;

use crate::drbg::HmacDrbg;

/// Personalization of the child generators (domain separation from the thread DRBGs).
const LABEL: &[u8] = b"strongroom-soft asymmetric child HMAC_DRBG v1";

/// A cryptographic generator for one asymmetric operation (see the module documentation).
pub(crate) struct DriverRng {
    drbg: HmacDrbg,
}

impl DriverRng {
    /// Seeds a child generator from `source`; `InsufficientEntropy` (or the source's own
    /// error) if the source fails.
    pub(crate) fn new(source: &dyn RandomSource) -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; 48]);
        source.fill(&mut seed[..])?;
        let (entropy, nonce) = seed.split_at(HmacDrbg::SECURITY_STRENGTH);
        Ok(Self {
            drbg: HmacDrbg::instantiate(entropy, nonce, LABEL)?,
        })
    }

    fn fill(&mut self, dst: &mut [u8]) {
        // `generate` fails only when a reseed is due, after 2^48 requests: a generator that
        // lives for one operation never gets there, so the result carries no information.
        let _ = self.drbg.generate(dst, &[]);
    }
}

impl fmt::Debug for DriverRng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DriverRng(..)")
    }
}

impl TryRng for DriverRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> core::result::Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> core::result::Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Infallible> {
        self.fill(dst);
        Ok(())
    }
}

impl TryCryptoRng for DriverRng {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::Rng;

    #[derive(Debug)]
    struct Failing;
    impl RandomSource for Failing {
        fn fill(&self, _: &mut [u8]) -> Result<()> {
            Err(strongroom_driver::Error::InsufficientEntropy)
        }
        fn reseed(&self) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn seeds_from_the_source_and_differs_per_instance() {
        let source = crate::SoftRandom::new();
        let mut a = DriverRng::new(&source).expect("seeded");
        let mut b = DriverRng::new(&source).expect("seeded");
        let (mut x, mut y) = ([0u8; 32], [0u8; 32]);
        a.fill_bytes(&mut x);
        b.fill_bytes(&mut y);
        assert_ne!(x, y);
        assert_ne!(x, [0u8; 32]);
    }

    #[test]
    fn a_failing_source_is_reported_up_front() {
        assert_eq!(
            DriverRng::new(&Failing).err(),
            Some(strongroom_driver::Error::InsufficientEntropy)
        );
    }
}
