//! One-shot AEAD (`psa_aead_encrypt`, `psa_aead_decrypt`) over a prepared key, and the
//! pieces every AEAD entry point shares (algorithm check, prepared-key lookup).
//!
//! Order of checks (Mbed TLS's, whose test data fixes the statuses): the algorithm is a
//! specific AEAD (`INVALID_ARGUMENT`), then the key exists (`INVALID_HANDLE`) and its
//! policy allows the use (`NOT_PERMITTED`), then the nonce length suits the construction,
//! then the key type and tag length suit the algorithm (`policy::validate_aead`), then the
//! buffers. On any failure the output buffer is wiped, so that nothing in it can be
//! mistaken for a result.

use strongroom_driver::PreparedAead;
use strongroom_types::{Algorithm, Error, KeyId, Result, Usage, policy};
use zeroize::Zeroize;

use crate::Crypto;
use crate::crypto::DriverHandle;
use crate::store::KeyData;

/// Rejects what is not a specific AEAD algorithm (a non-AEAD, or a minimum-tag-length
/// wildcard, which names a policy rather than an algorithm one can run).
pub(crate) fn check_aead_alg(alg: Algorithm) -> Result<()> {
    if alg.is_aead() && !alg.is_wildcard() {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Runs `f` on the key's prepared AEAD form for `alg`, building it on first use (once per
/// key, shared by every thread). A form that cannot serve `alg` (a key used with two
/// constructions), or a failed earlier attempt, is replaced by one prepared for this call.
pub(crate) fn with_prepared_aead<R>(
    driver: &DriverHandle,
    d: &KeyData,
    alg: Algorithm,
    f: impl FnOnce(&dyn PreparedAead) -> R,
) -> Result<R> {
    let key_type = d.attrs.key_type();
    let prepare = || {
        driver.call(|drv| match drv.aead() {
            Some(aead) => aead.prepare(key_type, &d.material, alg),
            None => Err(Error::NotSupported),
        })
    };
    match d.aead.get_or_init(prepare) {
        Ok(p) if p.serves(alg) => Ok(f(p.as_ref())),
        _ => {
            let p = prepare()?;
            Ok(f(p.as_ref()))
        }
    }
}

impl Crypto {
    /// `psa_aead_encrypt`: writes ciphertext ‖ tag into `out`, returns its length
    /// (`plaintext.len()` + the tag length of `alg`). Needs the `ENCRYPT` usage.
    /// `out` too short → `BUFFER_TOO_SMALL`.
    pub fn aead_encrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        self.aead_with(key, alg, Usage::ENCRYPT, nonce, |p, tag_len| {
            let n = plaintext
                .len()
                .checked_add(tag_len)
                .ok_or(Error::InvalidArgument)?;
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            // On failure, wipe what the driver may have written: only the `n` bytes this
            // call owns (the C ABI promises nothing is written past the bytes produced).
            let done = self
                .driver
                .call(|_| p.encrypt(alg, nonce, aad, plaintext, dst));
            if done.is_err() {
                dst.zeroize();
            }
            done.map(|()| n)
        })
    }

    /// `psa_aead_decrypt`: checks the tag at the end of `input` and writes the plaintext
    /// into `out`, returns its length. Needs the `DECRYPT` usage. A wrong tag (or
    /// additional data, nonce, ciphertext) is `INVALID_SIGNATURE` and leaves no plaintext
    /// in `out`; an input shorter than the tag is `INVALID_ARGUMENT`.
    pub fn aead_decrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        self.aead_with(key, alg, Usage::DECRYPT, nonce, |p, tag_len| {
            let n = input
                .len()
                .checked_sub(tag_len)
                .ok_or(Error::InvalidArgument)?;
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            // On failure, wipe what the driver may have written: only the `n` bytes this
            // call owns (the C ABI promises nothing is written past the bytes produced).
            let done = self.driver.call(|_| p.decrypt(alg, nonce, aad, input, dst));
            if done.is_err() {
                dst.zeroize();
            }
            done.map(|()| n)
        })
    }

    /// The checks of a one-shot call, then `f` with the prepared key and the tag length.
    fn aead_with<R>(
        &self,
        key: KeyId,
        alg: Algorithm,
        usage: Usage,
        nonce: &[u8],
        f: impl FnOnce(&dyn PreparedAead, usize) -> Result<R>,
    ) -> Result<R> {
        check_aead_alg(alg)?;
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, usage, alg)?;
            policy::check_aead_nonce_length(alg, nonce.len())?;
            let tag_len = policy::validate_aead(d.attrs.key_type(), d.attrs.bits() as usize, alg)?;
            with_prepared_aead(&self.driver, d, alg, |p| f(p, tag_len))?
        })
    }
}
