//! Multi-part AEAD: the PSA AEAD operation (`psa_aead_encrypt_setup` …
//! `psa_aead_abort`) and its state machine.
//!
//! Order the spec requires, and the status of each misstep (Mbed TLS's, which its test
//! data fixes):
//!
//! ```text
//! setup ─┬─ set_lengths? ─ set_nonce | generate_nonce ─ set_lengths? ─ update_ad* ─ update* ─ finish | verify
//! ```
//!
//! - a nonce set twice, or any data step before the nonce: `BAD_STATE`;
//!   `generate_nonce` on a decryption: `BAD_STATE`;
//! - `set_lengths` twice, or after data: `BAD_STATE`; lengths too large for the
//!   construction: `INVALID_ARGUMENT`;
//! - CCM needs the lengths before any data, `finish` or `verify`: `BAD_STATE` without them
//!   (an empty `update_ad` is accepted, as in Mbed TLS);
//! - `update_ad` after `update`: `BAD_STATE`; more data than announced, text before all
//!   the announced additional data, or less data than announced at `finish`/`verify`:
//!   `INVALID_ARGUMENT`;
//! - `finish` on a decryption, `verify` on an encryption: `BAD_STATE`;
//! - an output buffer shorter than needed: `BUFFER_TOO_SMALL`;
//! - a wrong tag at `verify`: `INVALID_SIGNATURE` (constant-time comparison).
//!
//! Any failed step leaves the operation in an error state where every step is `BAD_STATE`
//! until [`AeadOperation::abort`] (or until it is dropped). A successful `finish` or
//! `verify` makes it inactive.
//!
//! Decryption releases plaintext as it goes: `update` returns the decrypted bytes at once
//! (PSA requires streaming, and a multi-part decryption may be far larger than memory).
//! **That plaintext is not authenticated** until `verify` returns `Ok`; a caller must not
//! act on it before then, and must discard it if `verify` fails. For a message that fits
//! in memory, the one-shot [`Crypto::aead_decrypt`] releases nothing unless the tag is
//! right.
//!
//! Key-dependent state (the context started at `set_nonce`, holding a copy of the key
//! schedule) lives in a [`Binding`]: destroying the key wipes it, and the next step
//! returns `INVALID_HANDLE`. Every step registers as a reader of the key, so every step
//! after a destroy reports it, including those that do no cryptography.

use core::marker::PhantomData;
use std::sync::Arc;

use strongroom_driver::{AeadContext, AeadDirection, AeadLengths};
use strongroom_types::policy::{self, AeadMode};
use strongroom_types::{Algorithm, Error, KeyId, KeyType, Result, Usage, sizes};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::Crypto;
use crate::aead::{check_aead_alg, with_prepared_aead};
use crate::crypto::DriverHandle;
use crate::op::Binding;

/// The longest nonce kept while waiting for CCM's lengths (CCM nonces are 7..=13 bytes).
const CCM_NONCE_MAX: usize = 13;

/// A multi-part AEAD operation. `Send` (it may move between threads) but not `Sync` (one
/// thread at a time), with `&mut self` steps, so it can never be used concurrently.
/// `Default` is an inactive operation (`PSA_AEAD_OPERATION_INIT`).
///
/// See the module documentation for the order of steps, the status of each misstep, and
/// what [`update`](Self::update) returns when decrypting.
pub struct AeadOperation {
    phase: Phase,
    _not_sync: PhantomData<core::cell::Cell<()>>,
}

enum Phase {
    Inactive,
    Error,
    Active(Box<Active>),
}

/// Where the nonce stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nonce {
    /// Not yet given.
    Missing,
    /// Given for CCM before the lengths; the context starts when they arrive. (Nonces are
    /// public: keeping one is no secret.)
    Pending([u8; CCM_NONCE_MAX], usize),
    /// Given, and the context is running.
    Set,
}

struct Active {
    /// The key and, once started, the driver's context (`None` before).
    binding: Binding<Option<Box<dyn AeadContext>>>,
    driver: Arc<DriverHandle>,
    alg: Algorithm,
    mode: AeadMode,
    key_type: KeyType,
    dir: AeadDirection,
    tag_len: usize,
    nonce: Nonce,
    lengths: Option<AeadLengths>,
    /// With lengths set: what is still to come.
    ad_remaining: u64,
    text_remaining: u64,
    ad_started: bool,
    text_started: bool,
}

impl core::fmt::Debug for AeadOperation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match &self.phase {
            Phase::Inactive => "inactive".to_string(),
            Phase::Error => "error".to_string(),
            Phase::Active(a) => format!("{:?} {:?} with key {}", a.dir, a.alg, a.binding.id()),
        };
        f.debug_struct("AeadOperation")
            .field("state", &state)
            .finish()
    }
}

impl Default for AeadOperation {
    /// An inactive operation (`PSA_AEAD_OPERATION_INIT`).
    fn default() -> Self {
        Self {
            phase: Phase::Inactive,
            _not_sync: PhantomData,
        }
    }
}

impl Crypto {
    /// `psa_aead_encrypt_setup`: needs the `ENCRYPT` usage and a policy permitting `alg`
    /// (a specific AEAD algorithm the key type can run).
    pub fn aead_encrypt_setup(&self, key: KeyId, alg: Algorithm) -> Result<AeadOperation> {
        self.aead_setup(key, alg, AeadDirection::Encrypt)
    }

    /// `psa_aead_decrypt_setup`: needs the `DECRYPT` usage.
    pub fn aead_decrypt_setup(&self, key: KeyId, alg: Algorithm) -> Result<AeadOperation> {
        self.aead_setup(key, alg, AeadDirection::Decrypt)
    }

    fn aead_setup(&self, key: KeyId, alg: Algorithm, dir: AeadDirection) -> Result<AeadOperation> {
        check_aead_alg(alg)?;
        let usage = match dir {
            AeadDirection::Encrypt => Usage::ENCRYPT,
            AeadDirection::Decrypt => Usage::DECRYPT,
        };
        self.store.with_key_slot(key, |slot, d| {
            policy::check_use(&d.attrs, usage, alg)?;
            let key_type = d.attrs.key_type();
            let tag_len = policy::validate_aead(key_type, d.attrs.bits() as usize, alg)?;
            let mode = AeadMode::of(alg).ok_or(Error::NotSupported)?;
            // Build (or find) the prepared key now, so that an algorithm the driver does
            // not have fails here rather than at the nonce.
            with_prepared_aead(&self.driver, d, alg, |_| ())?;
            Ok(AeadOperation {
                phase: Phase::Active(Box::new(Active {
                    binding: Binding::new(key, slot, d, None),
                    driver: Arc::clone(&self.driver),
                    alg,
                    mode,
                    key_type,
                    dir,
                    tag_len,
                    nonce: Nonce::Missing,
                    lengths: None,
                    ad_remaining: 0,
                    text_remaining: 0,
                    ad_started: false,
                    text_started: false,
                })),
                _not_sync: PhantomData,
            })
        })
    }
}

impl AeadOperation {
    /// `psa_aead_set_lengths`: announces the lengths of the additional data and of the
    /// plaintext. Required for CCM (before any data); optional for the others, where it
    /// makes `finish`/`verify` check that exactly this much data came.
    pub fn set_lengths(&mut self, ad_len: usize, plaintext_len: usize) -> Result<()> {
        self.step(|a| a.set_lengths(ad_len, plaintext_len))
    }

    /// `psa_aead_generate_nonce` (encryption only): draws a random nonce of the default
    /// length for the algorithm (`PSA_AEAD_NONCE_LENGTH`: 12 bytes for GCM and
    /// ChaCha20-Poly1305, 13 for CCM, 24 for XChaCha20-Poly1305), sets it, writes it into
    /// `out` and returns its length. `out` too short → `BUFFER_TOO_SMALL`.
    pub fn generate_nonce(&mut self, out: &mut [u8]) -> Result<usize> {
        self.step(|a| a.generate_nonce(out))
    }

    /// `psa_aead_set_nonce`: a nonce of a length the construction takes (GCM: any
    /// non-zero length; CCM: 7..=13; ChaCha20-Poly1305: 12; XChaCha20-Poly1305: 24),
    /// else `INVALID_ARGUMENT`. Never reuse a nonce with the same key.
    pub fn set_nonce(&mut self, nonce: &[u8]) -> Result<()> {
        self.step(|a| a.set_nonce(nonce))
    }

    /// `psa_aead_update_ad`: the next part of the additional data (authenticated, not
    /// encrypted). All of it must come before the first [`update`](Self::update).
    pub fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        self.step(|a| a.update_ad(ad))
    }

    /// `psa_aead_update`: encrypts or decrypts the next part of the text into `out`,
    /// returns the number of bytes written, always `input.len()` (`out` shorter →
    /// `BUFFER_TOO_SMALL`; see [`sizes::aead_update_output_size`]).
    ///
    /// When decrypting, the bytes returned are **not yet authenticated**: do not use them
    /// before [`verify`](Self::verify) succeeds, and discard them if it fails.
    pub fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.step(|a| a.update(input, out))
    }

    /// `psa_aead_finish` (encryption only): writes the tag into `tag_out` and returns
    /// `(ciphertext bytes, tag bytes)`. Every byte of ciphertext was already returned by
    /// [`update`](Self::update), so the first is always 0 and `ciphertext_out` may be
    /// empty. `tag_out` shorter than the tag → `BUFFER_TOO_SMALL`. On success the
    /// operation becomes inactive; on failure `tag_out` is wiped.
    pub fn finish(
        &mut self,
        ciphertext_out: &mut [u8],
        tag_out: &mut [u8],
    ) -> Result<(usize, usize)> {
        let _ = ciphertext_out;
        let r = self.finish_step(|a| a.finish(tag_out));
        if r.is_err() {
            tag_out.zeroize();
        }
        r
    }

    /// `psa_aead_verify` (decryption only): checks `tag` against the message processed
    /// (constant-time; a tag of the wrong length is simply wrong) and returns the number
    /// of plaintext bytes written to `plaintext_out`, always 0 (every byte was returned by
    /// [`update`](Self::update)). A wrong tag is `INVALID_SIGNATURE`: discard all the
    /// plaintext this operation returned. On success the operation becomes inactive.
    pub fn verify(&mut self, plaintext_out: &mut [u8], tag: &[u8]) -> Result<usize> {
        let _ = plaintext_out;
        self.finish_step(|a| a.verify(tag))
    }

    /// `psa_aead_abort`: wipes the operation's state; always succeeds, in any state.
    pub fn abort(&mut self) {
        self.phase = Phase::Inactive;
    }

    /// Runs a step of an active operation; any failure moves it to the error state. An
    /// operation that is not active is `BAD_STATE` and stays as it was.
    fn step<T>(&mut self, f: impl FnOnce(&mut Active) -> Result<T>) -> Result<T> {
        let Phase::Active(a) = &mut self.phase else {
            return Err(Error::BadState);
        };
        let r = f(a);
        if r.is_err() {
            self.phase = Phase::Error;
        }
        r
    }

    /// [`step`](Self::step) for the last step: on success the operation becomes inactive.
    fn finish_step<T>(&mut self, f: impl FnOnce(&mut Active) -> Result<T>) -> Result<T> {
        let r = self.step(f);
        if r.is_ok() {
            self.phase = Phase::Inactive;
        }
        r
    }
}

impl Active {
    fn set_lengths(&mut self, ad_len: usize, plaintext_len: usize) -> Result<()> {
        if self.lengths.is_some() || self.ad_started || self.text_started {
            return Err(Error::BadState);
        }
        let lengths = AeadLengths {
            ad: u64::try_from(ad_len).map_err(|_| Error::InvalidArgument)?,
            text: u64::try_from(plaintext_len).map_err(|_| Error::InvalidArgument)?,
        };
        policy::check_aead_lengths(self.alg, lengths.ad, lengths.text)?;
        match self.nonce {
            // CCM was waiting for the lengths to start.
            Nonce::Pending(buf, n) => {
                self.start(&buf[..n], Some(lengths))?;
                self.nonce = Nonce::Set;
            }
            _ => self.binding.step(|_, _| Ok(()))?,
        }
        self.lengths = Some(lengths);
        self.ad_remaining = lengths.ad;
        self.text_remaining = lengths.text;
        Ok(())
    }

    fn generate_nonce(&mut self, out: &mut [u8]) -> Result<usize> {
        if self.nonce != Nonce::Missing || self.dir != AeadDirection::Encrypt {
            return Err(Error::BadState);
        }
        let n = sizes::aead_nonce_length(self.key_type, self.alg).ok_or(Error::NotSupported)?;
        let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        let mut nonce = [0u8; sizes::AEAD_NONCE_MAX_SIZE];
        let nonce = nonce.get_mut(..n).ok_or(Error::NotSupported)?;
        self.driver.call(|drv| drv.random().fill(nonce))?;
        self.set_nonce(nonce)?;
        dst.copy_from_slice(nonce);
        Ok(n)
    }

    fn set_nonce(&mut self, nonce: &[u8]) -> Result<()> {
        if self.nonce != Nonce::Missing {
            return Err(Error::BadState);
        }
        // Mbed TLS answers every unusable nonce length here with INVALID_ARGUMENT.
        policy::check_aead_nonce_length(self.alg, nonce.len())
            .map_err(|_| Error::InvalidArgument)?;
        if self.mode == AeadMode::Ccm && self.lengths.is_none() {
            let mut buf = [0u8; CCM_NONCE_MAX];
            buf.get_mut(..nonce.len())
                .ok_or(Error::InvalidArgument)?
                .copy_from_slice(nonce);
            self.binding.step(|_, _| Ok(()))?;
            self.nonce = Nonce::Pending(buf, nonce.len());
        } else {
            self.start(nonce, self.lengths)?;
            self.nonce = Nonce::Set;
        }
        Ok(())
    }

    /// Starts the driver's context (a copy of the key, bound to the key's lifetime).
    fn start(&self, nonce: &[u8], lengths: Option<AeadLengths>) -> Result<()> {
        let (alg, dir, driver) = (self.alg, self.dir, &self.driver);
        self.binding.step(|ctx, d| {
            let started = with_prepared_aead(driver, d, alg, |p| {
                driver.call(|_| p.start(alg, dir, nonce, lengths))
            })??;
            *ctx = Some(started);
            Ok(())
        })
    }

    /// Checks that data may flow now: nonce given, and for CCM the lengths.
    fn check_data_allowed(&self) -> Result<()> {
        if self.nonce == Nonce::Missing {
            return Err(Error::BadState);
        }
        if self.lengths.is_none() && self.mode == AeadMode::Ccm {
            return Err(Error::BadState);
        }
        Ok(())
    }

    fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        if self.nonce == Nonce::Missing || self.text_started {
            return Err(Error::BadState);
        }
        if ad.is_empty() {
            self.binding.step(|_, _| Ok(()))?;
            self.ad_started = true;
            return Ok(());
        }
        self.check_data_allowed()?;
        let len = u64::try_from(ad.len()).map_err(|_| Error::InvalidArgument)?;
        if self.lengths.is_some() && len > self.ad_remaining {
            return Err(Error::InvalidArgument);
        }
        self.binding
            .step(|ctx, _| ctx.as_mut().ok_or(Error::BadState)?.update_ad(ad))?;
        if self.lengths.is_some() {
            self.ad_remaining -= len;
        }
        self.ad_started = true;
        Ok(())
    }

    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.check_data_allowed()?;
        let len = u64::try_from(input.len()).map_err(|_| Error::InvalidArgument)?;
        if self.lengths.is_some() && (self.ad_remaining != 0 || len > self.text_remaining) {
            return Err(Error::InvalidArgument);
        }
        let dst = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
        let driver = &self.driver;
        let r = self.binding.step(|ctx, _| {
            let ctx = ctx.as_mut().ok_or(Error::BadState)?;
            driver.call(|_| ctx.update(input, dst))
        });
        if let Err(e) = r {
            dst.zeroize();
            return Err(e);
        }
        if self.lengths.is_some() {
            self.text_remaining -= len;
        }
        self.text_started = true;
        Ok(input.len())
    }

    /// The checks shared by `finish` and `verify` (Mbed TLS `psa_aead_final_checks`).
    fn check_final(&self, dir: AeadDirection) -> Result<()> {
        if self.nonce == Nonce::Missing || self.dir != dir {
            return Err(Error::BadState);
        }
        self.check_data_allowed()?;
        if self.lengths.is_some() && (self.ad_remaining != 0 || self.text_remaining != 0) {
            return Err(Error::InvalidArgument);
        }
        Ok(())
    }

    fn finish(&mut self, tag_out: &mut [u8]) -> Result<(usize, usize)> {
        self.check_final(AeadDirection::Encrypt)?;
        if tag_out.len() < self.tag_len {
            return Err(Error::BufferTooSmall);
        }
        let driver = &self.driver;
        let n = self.binding.finish(|ctx, _| {
            let ctx = ctx.ok_or(Error::BadState)?;
            driver.call(|_| ctx.finish(tag_out))
        })?;
        if n != self.tag_len {
            return Err(Error::CorruptionDetected); // driver and tag length disagree
        }
        Ok((0, n))
    }

    fn verify(&mut self, tag: &[u8]) -> Result<usize> {
        self.check_final(AeadDirection::Decrypt)?;
        let driver = &self.driver;
        let mut expected = Zeroizing::new([0u8; sizes::AEAD_TAG_MAX_SIZE]);
        let n = self.binding.finish(|ctx, _| {
            let ctx = ctx.ok_or(Error::BadState)?;
            driver.call(|_| ctx.finish(&mut expected[..]))
        })?;
        if n != self.tag_len {
            return Err(Error::CorruptionDetected);
        }
        if bool::from(expected[..n].ct_eq(tag)) {
            Ok(0)
        } else {
            Err(Error::InvalidSignature)
        }
    }
}
