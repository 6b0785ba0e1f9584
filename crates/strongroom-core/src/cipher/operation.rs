//! Multi-part cipher (`psa_cipher_encrypt_setup` … `psa_cipher_abort`) with the PSA state
//! machine.
//!
//! States: *inactive* (`Default`, or after `finish`/`abort`); *active* after setup, first
//! without an IV (algorithms that need one accept only `generate_iv`/`set_iv`), then with
//! it; *error* after any failed step, where every step is `BAD_STATE` until `abort`.
//! Algorithms without an IV (ECB) are ready at setup and answer `generate_iv`/`set_iv`
//! with `BAD_STATE`, as the spec says.
//!
//! Everything that depends on the key — the driver's context (a copy of the key schedule
//! and the chaining value or key stream position) and the held-back message bytes — lives
//! in the operation's [`Binding`] cell: destroying the key wipes it at once, and the next
//! step returns `INVALID_HANDLE`.

use core::marker::PhantomData;
use std::sync::Arc;

use strongroom_driver::{CipherContext, CipherDirection};
use strongroom_types::{Algorithm, Error, KeyId, Result, Usage, sizes};
use zeroize::{Zeroize, Zeroizing};

use super::buffer::BlockBuffer;
use super::{Spec, check_key, padding, require_cipher, with_prepared};
use crate::Crypto;
use crate::crypto::DriverHandle;
use crate::op::Binding;
use crate::store::KeyData;

/// A multi-part cipher operation. `Send` (it may move between threads) but not `Sync`
/// (one thread at a time), with `&mut self` steps, so it can never be used concurrently.
///
/// Obtained from [`Crypto::cipher_encrypt_setup`] or [`Crypto::cipher_decrypt_setup`];
/// `Default` is an inactive operation (`PSA_CIPHER_OPERATION_INIT`).
pub struct CipherOperation {
    phase: Phase,
    _not_sync: PhantomData<core::cell::Cell<()>>,
}

enum Phase {
    Inactive,
    Error,
    Active(Active),
}

/// An active operation.
struct Active {
    binding: Binding<State>,
    spec: Spec,
    dir: CipherDirection,
    iv_set: bool,
    driver: Arc<DriverHandle>,
}

/// The key-dependent state, inside the binding's cell.
struct State {
    /// The driver's context; `None` until the IV is set.
    ctx: Option<Box<dyn CipherContext>>,
    /// Held-back bytes of a block mode (`None` for stream modes).
    held: Option<BlockBuffer>,
}

impl core::fmt::Debug for CipherOperation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match &self.phase {
            Phase::Inactive => "inactive".to_string(),
            Phase::Error => "error".to_string(),
            Phase::Active(a) => format!(
                "{:?} {:?} with key {}{}",
                a.dir,
                a.spec.alg,
                a.binding.id(),
                if a.needs_iv() { ", awaiting IV" } else { "" }
            ),
        };
        f.debug_struct("CipherOperation")
            .field("state", &state)
            .finish()
    }
}

impl Default for CipherOperation {
    /// An inactive operation (`PSA_CIPHER_OPERATION_INIT`).
    fn default() -> Self {
        Self {
            phase: Phase::Inactive,
            _not_sync: PhantomData,
        }
    }
}

impl Crypto {
    /// `psa_cipher_encrypt_setup`: needs `ENCRYPT` usage and a policy permitting `alg`.
    pub fn cipher_encrypt_setup(&self, key: KeyId, alg: Algorithm) -> Result<CipherOperation> {
        self.cipher_setup(key, alg, CipherDirection::Encrypt)
    }

    /// `psa_cipher_decrypt_setup`: needs `DECRYPT` usage and a policy permitting `alg`.
    pub fn cipher_decrypt_setup(&self, key: KeyId, alg: Algorithm) -> Result<CipherOperation> {
        self.cipher_setup(key, alg, CipherDirection::Decrypt)
    }

    fn cipher_setup(
        &self,
        key: KeyId,
        alg: Algorithm,
        dir: CipherDirection,
    ) -> Result<CipherOperation> {
        require_cipher(alg)?;
        let usage = match dir {
            CipherDirection::Encrypt => Usage::ENCRYPT,
            CipherDirection::Decrypt => Usage::DECRYPT,
        };
        self.store.with_key_slot(key, |slot, d| {
            let spec = check_key(&self.driver, d, alg, usage)?;
            let ctx = if spec.iv_len == 0 {
                Some(start(&self.driver, d, alg, dir, &[])?)
            } else {
                None
            };
            let held = spec
                .hold_back(dir)
                .map(|rule| BlockBuffer::new(spec.block, rule));
            Ok(CipherOperation {
                phase: Phase::Active(Active {
                    binding: Binding::new(key, slot, d, State { ctx, held }),
                    spec,
                    dir,
                    iv_set: false,
                    driver: Arc::clone(&self.driver),
                }),
                _not_sync: PhantomData,
            })
        })
    }
}

/// Starts the driver's context for `alg` with `iv`.
fn start(
    driver: &DriverHandle,
    d: &KeyData,
    alg: Algorithm,
    dir: CipherDirection,
    iv: &[u8],
) -> Result<Box<dyn CipherContext>> {
    with_prepared(driver, d, alg, |p| driver.call(|_| p.start(alg, dir, iv)))
}

impl Active {
    /// Whether the algorithm needs an IV that has not been set yet.
    fn needs_iv(&self) -> bool {
        self.spec.iv_len > 0 && !self.iv_set
    }

    /// `BAD_STATE` unless the operation may process data (its IV is set, if it needs one).
    fn ready(&self) -> Result<()> {
        if self.needs_iv() {
            Err(Error::BadState)
        } else {
            Ok(())
        }
    }

    /// `BAD_STATE` unless the operation can take an IV now.
    fn expects_iv(&self) -> Result<()> {
        if self.needs_iv() {
            Ok(())
        } else {
            Err(Error::BadState)
        }
    }

    fn set_iv(&mut self, iv: &[u8]) -> Result<()> {
        let (alg, dir, driver) = (self.spec.alg, self.dir, &self.driver);
        self.binding.step(|state, d| {
            state.ctx = Some(start(driver, d, alg, dir, iv)?);
            Ok(())
        })?;
        self.iv_set = true;
        Ok(())
    }

    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        let driver = &self.driver;
        self.binding.step(|state, _| {
            let ctx = state.ctx.as_mut().ok_or(Error::BadState)?;
            let n = match &mut state.held {
                None => {
                    let dst = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
                    dst.copy_from_slice(input);
                    dst.len()
                }
                Some(held) => held.update(input, out)?,
            };
            let dst = &mut out[..n];
            if n > 0 {
                driver
                    .call(|_| ctx.update(dst))
                    .inspect_err(|_| dst.zeroize())?;
            }
            Ok(n)
        })
    }

    fn finish(&mut self, out: &mut [u8]) -> Result<usize> {
        let (spec, dir, driver) = (self.spec, self.dir, &self.driver);
        self.binding.finish(|mut state, _| {
            let Some(ctx) = state.ctx.as_mut() else {
                return Err(Error::BadState);
            };
            match &state.held {
                None => Ok(0),
                Some(held) => finish_blocks(&spec, dir, held, ctx.as_mut(), driver, out),
            }
        })
    }
}

/// The end of a block-mode message: the held-back bytes, padded (CBC_PKCS7 encryption),
/// unpadded (decryption, in constant time) or with ciphertext stealing (XTS).
fn finish_blocks(
    spec: &Spec,
    dir: CipherDirection,
    held: &BlockBuffer,
    ctx: &mut dyn CipherContext,
    driver: &DriverHandle,
    out: &mut [u8],
) -> Result<usize> {
    let b = held.block();
    let rest = held.held();
    match (spec.alg, dir) {
        (Algorithm::CBC_PKCS7, CipherDirection::Encrypt) => {
            let dst = out.get_mut(..b).ok_or(Error::BufferTooSmall)?;
            dst[..rest.len()].copy_from_slice(rest);
            padding::pad(&mut dst[rest.len()..]);
            driver
                .call(|_| ctx.update(dst))
                .inspect_err(|_| dst.zeroize())?;
            Ok(b)
        }
        (Algorithm::CBC_PKCS7, CipherDirection::Decrypt) => {
            if rest.len() != b {
                return Err(Error::InvalidArgument);
            }
            let mut block = Zeroizing::new([0u8; sizes::BLOCK_CIPHER_BLOCK_MAX_SIZE]);
            let block = &mut block[..b];
            block.copy_from_slice(rest);
            driver.call(|_| ctx.update(block))?;
            let n = padding::data_len(block).ok_or(Error::InvalidPadding)?;
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(&block[..n]);
            Ok(n)
        }
        (Algorithm::XTS, _) => {
            if rest.len() < b {
                return Err(Error::InvalidArgument);
            }
            let dst = out.get_mut(..rest.len()).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(rest);
            driver
                .call(|_| ctx.finish(dst))
                .inspect_err(|_| dst.zeroize())?;
            Ok(dst.len())
        }
        // ECB, CBC without padding: nothing may be left over.
        _ if rest.is_empty() => Ok(0),
        _ => Err(Error::InvalidArgument),
    }
}

impl CipherOperation {
    /// `psa_cipher_generate_iv`: generates a random IV of the default length
    /// ([`sizes::cipher_iv_length`]), sets it, and writes it into `out`; returns its length.
    /// `BAD_STATE` if the algorithm takes no IV or one is already set; a short `out` is
    /// `BUFFER_TOO_SMALL`.
    pub fn generate_iv(&mut self, out: &mut [u8]) -> Result<usize> {
        let r = self.active().and_then(|a| {
            a.expects_iv()?;
            let n = a.spec.iv_len;
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            let mut iv = [0u8; sizes::CIPHER_IV_MAX_SIZE];
            let iv = iv.get_mut(..n).ok_or(Error::CorruptionDetected)?;
            a.driver.call(|drv| drv.random().fill(iv))?;
            a.set_iv(iv)?;
            dst.copy_from_slice(iv);
            Ok(n)
        });
        self.fail_on_error(r)
    }

    /// `psa_cipher_set_iv`: sets the IV (or nonce, or initial counter block). Lengths: the
    /// default IV length; for CTR any of 1 to the block size (zero-padded counter block);
    /// for ChaCha20 also 16 bytes (counter ‖ nonce) and 8 bytes (original ChaCha20); for
    /// XChaCha20 also 32 bytes (counter ‖ nonce). Others are `INVALID_ARGUMENT`.
    /// `BAD_STATE` if the algorithm takes no IV or one is already set.
    pub fn set_iv(&mut self, iv: &[u8]) -> Result<()> {
        let r = self.active().and_then(|a| {
            a.expects_iv()?;
            a.set_iv(iv)
        });
        self.fail_on_error(r)
    }

    /// `psa_cipher_update`: encrypts or decrypts the next part of the message into `out`
    /// and returns how many bytes were written. Block modes hold back partial blocks (and,
    /// for CBC_PKCS7 decryption and XTS, the last block), so the output is at most
    /// [`sizes::cipher_update_output_size`] of the input. A short `out` is
    /// `BUFFER_TOO_SMALL` with nothing written; `BAD_STATE` before the IV is set.
    pub fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        let r = self.active().and_then(|a| {
            a.ready()?;
            a.update(input, out)
        });
        self.fail_on_error(r)
    }

    /// `psa_cipher_finish`: writes the end of the output (at most
    /// [`sizes::cipher_finish_output_size`]) and returns its length; the operation becomes
    /// inactive. A leftover partial block in ECB or CBC without padding, or an incomplete
    /// last block in CBC_PKCS7 decryption, is `INVALID_ARGUMENT`; malformed padding is
    /// `INVALID_PADDING`; a short `out` is `BUFFER_TOO_SMALL`.
    pub fn finish(&mut self, out: &mut [u8]) -> Result<usize> {
        let r = self.active().and_then(|a| {
            a.ready()?;
            a.finish(out)
        });
        if r.is_ok() {
            self.phase = Phase::Inactive;
        }
        self.fail_on_error(r)
    }

    /// `psa_cipher_abort`: wipes the operation's state; always succeeds, in any state.
    pub fn abort(&mut self) {
        self.phase = Phase::Inactive;
    }

    /// The active state, or `BAD_STATE`.
    fn active(&mut self) -> Result<&mut Active> {
        match &mut self.phase {
            Phase::Active(a) => Ok(a),
            _ => Err(Error::BadState),
        }
    }

    /// A failed step of an active operation leaves it in the error state (PSA).
    fn fail_on_error<T>(&mut self, r: Result<T>) -> Result<T> {
        if r.is_err() && matches!(self.phase, Phase::Active(_)) {
            self.phase = Phase::Error;
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inactive_and_error_states() {
        let mut op = CipherOperation::default();
        assert_eq!(op.update(&[], &mut []), Err(Error::BadState));
        assert_eq!(op.set_iv(&[0; 16]), Err(Error::BadState));
        assert_eq!(op.generate_iv(&mut [0; 16]), Err(Error::BadState));
        assert_eq!(op.finish(&mut []), Err(Error::BadState));
        assert_eq!(format!("{op:?}"), "CipherOperation { state: \"inactive\" }");
        op.abort();
        op.abort();
    }

    #[test]
    fn is_send_not_sync() {
        fn send<T: Send>() {}
        send::<CipherOperation>();
    }
}
