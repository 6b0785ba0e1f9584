//! One-shot MAC over a prepared key (HMAC: keyed inner/outer state built once per key).

use strongroom_driver::PreparedMac;
use strongroom_types::{Algorithm, Error, Result, Usage, policy};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Crypto;
use crate::store::KeyData;

/// Largest MAC of any supported algorithm (PSA_MAC_MAX_SIZE).
const MAC_MAX: usize = 64;

impl Crypto {
    /// `psa_mac_compute`: writes the MAC of `input` under `key` into `out`, returns its
    /// length. Needs `SIGN_MESSAGE` usage and a policy permitting `alg`.
    pub fn mac_compute(
        &self,
        key: strongroom_types::KeyId,
        alg: Algorithm,
        input: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        let mut mac = Zeroizing::new([0u8; MAC_MAX]);
        let len = self.mac_into(key, alg, Usage::SIGN_MESSAGE, input, &mut mac)?;
        let dst = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&mac[..len]);
        Ok(len)
    }

    /// `psa_mac_verify`: `Ok` if `expected` is the MAC of `input` (constant-time), else
    /// `INVALID_SIGNATURE`. Needs `VERIFY_MESSAGE` usage.
    pub fn mac_verify(
        &self,
        key: strongroom_types::KeyId,
        alg: Algorithm,
        input: &[u8],
        expected: &[u8],
    ) -> Result<()> {
        let mut mac = Zeroizing::new([0u8; MAC_MAX]);
        let len = self.mac_into(key, alg, Usage::VERIFY_MESSAGE, input, &mut mac)?;
        if bool::from(mac[..len].ct_eq(expected)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// Policy checks, then the MAC (truncated as `alg` says) into `out`; returns its length.
    fn mac_into(
        &self,
        key: strongroom_types::KeyId,
        alg: Algorithm,
        usage: Usage,
        input: &[u8],
        out: &mut [u8; MAC_MAX],
    ) -> Result<usize> {
        if !alg.is_mac() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, usage, alg)?;
            let len = policy::validate_mac(d.attrs.key_type(), d.attrs.bits() as usize, alg)?;
            let full = Algorithm::full_length_mac(alg);
            let full_len =
                self.with_prepared_mac(d, full, |p| self.driver.call(|_| p.compute(input, out)))?;
            if len > full_len {
                return Err(Error::CorruptionDetected); // driver and size table disagree
            }
            Ok(len)
        })
    }

    /// Runs `f` on the key's prepared MAC for `full_alg`, building it on first use.
    pub(crate) fn with_prepared_mac<R>(
        &self,
        d: &KeyData,
        full_alg: Algorithm,
        f: impl FnOnce(&dyn PreparedMac) -> R,
    ) -> Result<R> {
        let key_type = d.attrs.key_type();
        let cached = d.mac.get_or_init(|| {
            self.driver
                .call(|drv| drv.prepare_mac(key_type, &d.material, full_alg))
                .map(|p| (full_alg, p))
        });
        match cached {
            Ok((a, p)) if *a == full_alg => Ok(f(p.as_ref())),
            Ok(_) => {
                // Only reachable if a policy permits two MAC bases; prepare for this call.
                let p = self
                    .driver
                    .call(|drv| drv.prepare_mac(key_type, &d.material, full_alg))?;
                Ok(f(p.as_ref()))
            }
            Err(e) => Err(*e),
        }
    }
}
