//! The boundary between Strongroom's engine and the code that does cryptography.
//!
//! The engine (`strongroom-core`) owns keys, policy and concurrency; it knows no algorithm.
//! A driver implements these traits for the algorithms it supports. The software driver
//! (`strongroom-soft`) fills them in with the RustCrypto crates; an accelerated driver would
//! be one more crate.
//!
//! Contract for every driver:
//! - Objects handed to the engine are `Send + Sync` and shared read-only by all threads that
//!   use the key (prepared forms are built once per key). A driver that cannot be shared says
//!   so with [`Driver::is_thread_safe`], and the engine serializes it with a lock of its own.
//! - Every object holding key material zeroizes it on drop and has a `Debug` that prints no
//!   secret.
//! - Drivers never panic on input; unsupported requests are `Error::NotSupported`.
#![forbid(unsafe_code)]

use core::fmt::Debug;

mod cipher;
pub use cipher::{CipherContext, CipherDirection, CipherDriver, PreparedCipher};
mod aead_mp;
pub use aead_mp::{AeadContext, AeadDirection, AeadDriver, AeadLengths};
mod asymmetric;
pub use asymmetric::{AsymmetricDriver, PreparedAsymmetric};
mod kdf;
pub use kdf::{KdfDriver, KdfStream};

pub use strongroom_types::{Algorithm, Error, KeyType, Result};

/// A running hash computation (one per multi-part operation or one-shot call).
pub trait HashOp: Send + Debug {
    /// Absorbs more input.
    fn update(&mut self, data: &[u8]);
    /// Writes the digest into `out[..len]` and returns `len`. `out` is at least
    /// [`Algorithm::hash_length`] bytes: the engine checks sizes before calling.
    fn finish(self: Box<Self>, out: &mut [u8]) -> usize;
    /// An independent copy of the current state (`psa_hash_clone`).
    fn box_clone(&self) -> Box<dyn HashOp>;
}

/// A running MAC computation, cloned from a [`PreparedMac`].
pub trait MacOp: Send + Debug {
    /// Absorbs more input.
    fn update(&mut self, data: &[u8]);
    /// Writes the full-length MAC into `out` (at least `mac_len` of the prepared key) and
    /// returns its length. The engine truncates for truncated-MAC algorithms.
    fn finish(self: Box<Self>, out: &mut [u8]) -> usize;
}

/// A MAC key in prepared form (for HMAC: the keyed inner and outer hash states), built once
/// per (key, algorithm) and shared by every thread using the key.
pub trait PreparedMac: Send + Sync + Debug {
    /// Full (untruncated) MAC length in bytes.
    fn mac_len(&self) -> usize;
    /// One-shot MAC of `data` into `out` (at least `mac_len()` bytes); returns the length.
    fn compute(&self, data: &[u8], out: &mut [u8]) -> usize {
        let mut op = self.start();
        op.update(data);
        op.finish(out)
    }
    /// Starts a multi-part computation from the prepared state.
    fn start(&self) -> Box<dyn MacOp>;
}

/// An AEAD key in prepared form (expanded block-cipher schedule and GHASH key, or a
/// ChaCha20 key), built once per key and shared read-only by every thread using it.
///
/// The engine has checked everything the spec defines before calling (the algorithm is a
/// specific AEAD the key type can run with a valid tag length, the nonce length suits the
/// construction, the buffers have the sizes stated). A driver still answers a request it
/// cannot serve with an error, never a panic.
pub trait PreparedAead: Send + Sync + Debug {
    /// Whether this form can run `alg`. When it cannot (a key used with two
    /// constructions), the engine prepares a form for that call alone.
    fn serves(&self, alg: Algorithm) -> bool;

    /// One-shot: encrypts `plaintext` into `out` as ciphertext ‖ tag, borrowing the key.
    /// `out.len()` is exactly `plaintext.len() + tag_len`.
    fn encrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<()>;

    /// One-shot: checks the tag at the end of `input` (ciphertext ‖ tag) and returns the
    /// plaintext in `out` (exactly `input.len() - tag_len` bytes). A wrong tag is
    /// `Error::InvalidSignature`, and `out` then holds no plaintext when the call returns
    /// (GCM and ChaCha20-Poly1305 authenticate before decrypting; CCM, which
    /// authenticates the plaintext, wipes `out`).
    fn decrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<()>;

    /// Starts a multi-part computation of `alg` with `nonce`. `lengths` is the announced
    /// message size when the caller gave one; CCM requires it (`InvalidArgument` without
    /// it, or when the text does not fit the length field the nonce leaves).
    fn start(
        &self,
        alg: Algorithm,
        dir: AeadDirection,
        nonce: &[u8],
        lengths: Option<AeadLengths>,
    ) -> Result<Box<dyn AeadContext>>;
}

/// The source of all randomness: per-thread SP 800-90A DRBGs in the software driver.
pub trait RandomSource: Send + Sync + Debug {
    /// Fills `out` with random bytes.
    fn fill(&self, out: &mut [u8]) -> Result<()>;
    /// Forces every thread's generator to reseed from the OS before its next output
    /// (for VM snapshots and similar).
    fn reseed(&self) -> Result<()>;
}

/// A provider of algorithms. The engine asks it for prepared forms and one-shot work.
pub trait Driver: Send + Sync + Debug {
    /// Short name for diagnostics.
    fn name(&self) -> &'static str;

    /// Whether the driver may be called from several threads at once. When false, the
    /// engine serializes calls into this driver with a lock that belongs to the driver alone.
    fn is_thread_safe(&self) -> bool {
        true
    }

    /// Starts a hash computation, or `NotSupported`.
    fn hash_setup(&self, alg: Algorithm) -> Result<Box<dyn HashOp>>;

    /// Builds the prepared form of a MAC key for `alg` (a specific MAC algorithm; the
    /// engine passes the full-length form of truncated MACs). `key_type` and the key bytes
    /// have passed the policy checks.
    fn prepare_mac(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedMac>>;

    /// Builds the prepared form of an AEAD key for the base algorithm of `alg`.
    fn prepare_aead(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedAead>> {
        let _ = (key_type, key, alg);
        Err(Error::NotSupported)
    }

    /// Whether `nonce_len` is acceptable for `alg` with this key type. Advisory, like
    /// `supports`: the engine checks nonces with `strongroom_types::policy`.
    fn aead_nonce_ok(&self, key_type: KeyType, alg: Algorithm, nonce_len: usize) -> bool {
        let _ = (key_type, alg, nonce_len);
        false
    }

    /// Whether the driver can use keys of `key_type` with `alg` at all. Advisory: the
    /// engine does not consult it (each call asks for the prepared form and gets
    /// `NotSupported` from it); tools and tests use it to enumerate capabilities.
    fn supports(&self, key_type: KeyType, alg: Algorithm) -> bool;

    /// The driver's CipherDriver, if it has one (`None`: every request of that family is
    /// `NOT_SUPPORTED`).
    fn cipher(&self) -> Option<&dyn CipherDriver> {
        None
    }

    /// The driver's AeadDriver, if it has one (`None`: every request of that family is
    /// `NOT_SUPPORTED`).
    fn aead(&self) -> Option<&dyn AeadDriver> {
        None
    }

    /// The driver's AsymmetricDriver, if it has one (`None`: every request of that family is
    /// `NOT_SUPPORTED`).
    fn asymmetric(&self) -> Option<&dyn AsymmetricDriver> {
        None
    }

    /// The driver's KdfDriver, if it has one (`None`: every request of that family is
    /// `NOT_SUPPORTED`).
    fn kdf(&self) -> Option<&dyn KdfDriver> {
        None
    }

    /// The randomness source.
    fn random(&self) -> &dyn RandomSource;
}
