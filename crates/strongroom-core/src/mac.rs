//! One-shot MAC over a prepared key (HMAC: keyed inner/outer state; CMAC and CBC-MAC: the
//! expanded cipher key; each built once per key in `KeyData::mac`), and the checks that
//! one-shot and multi-part MAC calls share.
//!
//! Order of checks (Mbed TLS's, whose test data fixes the statuses): not a MAC algorithm
//! or a wildcard → `INVALID_ARGUMENT`; the key: `INVALID_HANDLE`; usage flags, then policy
//! → `NOT_PERMITTED`; key type / truncation → `INVALID_ARGUMENT` or `NOT_SUPPORTED`
//! (`policy::validate_mac`); the driver cannot do it → `NOT_SUPPORTED`; then buffer sizes.
//!
//! CBC-MAC (`PSA_ALG_CBC_MAC`) is only defined here for messages that are a whole,
//! non-zero number of cipher blocks: anything else is `INVALID_ARGUMENT` (at the one-shot
//! call, or at the finish of a multi-part operation). The spec names ISO/IEC 9797-1 MAC
//! algorithm 1 without a padding method, and plain CBC-MAC over messages of varying
//! length is forgeable; refusing the lengths where a padding choice would matter keeps
//! every accepted MAC the same under any padding method. Mbed TLS does not implement
//! CBC-MAC in its PSA API, so there is no reference behaviour to follow.

use strongroom_driver::PreparedMac;
use strongroom_types::{Algorithm, Error, KeyId, KeyType, Result, Usage, policy, sizes};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Crypto;
use crate::store::KeyData;

/// Largest MAC of any supported algorithm (`PSA_MAC_MAX_SIZE`).
pub(crate) const MAC_MAX: usize = sizes::MAC_MAX_SIZE;

/// The block size when `alg` is CBC-MAC (full length or truncated) with a `key_type` key:
/// the message must then be a whole, non-zero number of such blocks.
pub(crate) fn cbc_mac_block(key_type: KeyType, alg: Algorithm) -> Option<usize> {
    if Algorithm::full_length_mac(alg) == Algorithm::CBC_MAC {
        key_type.block_size().filter(|&b| b > 1)
    } else {
        None
    }
}

/// Whether a CBC-MAC message of `total` bytes fits the whole-blocks rule (see the module
/// documentation): else `INVALID_ARGUMENT`.
pub(crate) fn check_cbc_mac_length(block: usize, total: u64) -> Result<()> {
    if total == 0 || !total.is_multiple_of(block as u64) {
        Err(Error::InvalidArgument)
    } else {
        Ok(())
    }
}

/// The checks every MAC call makes on its algorithm before looking at the key.
pub(crate) fn check_mac_alg(alg: Algorithm) -> Result<()> {
    if !alg.is_mac() || alg.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

/// The checks every MAC call makes against the key: usage and policy, then algorithm and
/// key type. Returns the MAC length.
pub(crate) fn check_mac_key(d: &KeyData, usage: Usage, alg: Algorithm) -> Result<usize> {
    policy::check_use(&d.attrs, usage, alg)?;
    policy::validate_mac(d.attrs.key_type(), d.attrs.bits() as usize, alg)
}

impl Crypto {
    /// `psa_mac_compute`: writes the MAC of `input` under `key` into `out`, returns its
    /// length ([`sizes::mac_length`]). Needs `SIGN_MESSAGE` usage and a policy permitting
    /// `alg`. `out` shorter than the MAC → `BUFFER_TOO_SMALL`, and nothing is written.
    pub fn mac_compute(
        &self,
        key: KeyId,
        alg: Algorithm,
        input: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        let room = out.len();
        self.mac_with(key, alg, Usage::SIGN_MESSAGE, input, room, |p, len| {
            if len == p.mac_len() {
                // Untruncated: the driver writes exactly the MAC into the caller's buffer.
                Ok(self.driver.call(|_| p.compute(input, &mut out[..len])))
            } else {
                // Truncated: stage the full MAC so nothing is written past `len`.
                let mut mac = Zeroizing::new([0u8; MAC_MAX]);
                self.driver.call(|_| p.compute(input, &mut mac[..]));
                out[..len].copy_from_slice(&mac[..len]);
                Ok(len)
            }
        })
    }

    /// `psa_mac_verify`: `Ok` if `expected` is the MAC of `input`, else
    /// `INVALID_SIGNATURE` (also for an `expected` of the wrong length). Needs
    /// `VERIFY_MESSAGE` usage. The comparison takes the same time wherever the first
    /// difference is.
    pub fn mac_verify(
        &self,
        key: KeyId,
        alg: Algorithm,
        input: &[u8],
        expected: &[u8],
    ) -> Result<()> {
        let mut mac = Zeroizing::new([0u8; MAC_MAX]);
        let len = self.mac_with(key, alg, Usage::VERIFY_MESSAGE, input, MAC_MAX, |p, len| {
            self.driver.call(|_| p.compute(input, &mut mac[..]));
            Ok(len)
        })?;
        if bool::from(mac[..len].ct_eq(expected)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// The checks, then `emit(prepared, len)` with the key's prepared MAC and the output
    /// length of `alg` (truncation applied); `emit` computes and returns the length.
    /// `room` is the caller's output size (`BUFFER_TOO_SMALL` below the MAC length).
    fn mac_with(
        &self,
        key: KeyId,
        alg: Algorithm,
        usage: Usage,
        input: &[u8],
        room: usize,
        emit: impl FnOnce(&dyn PreparedMac, usize) -> Result<usize>,
    ) -> Result<usize> {
        check_mac_alg(alg)?;
        self.store.with_key(key, |d| {
            let len = check_mac_key(d, usage, alg)?;
            let full = Algorithm::full_length_mac(alg);
            self.with_prepared_mac(d, full, |p| {
                if len > p.mac_len() || p.mac_len() > MAC_MAX {
                    return Err(Error::CorruptionDetected); // driver and size table disagree
                }
                if let Some(block) = cbc_mac_block(d.attrs.key_type(), alg) {
                    check_cbc_mac_length(block, input.len() as u64)?;
                }
                if room < len {
                    return Err(Error::BufferTooSmall);
                }
                emit(p, len)
            })?
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
