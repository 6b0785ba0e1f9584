//! Authenticated encryption (GCM, CCM, ChaCha20-Poly1305, XChaCha20-Poly1305): the family
//! trait, and the incremental contexts the engine drives through the PSA AEAD state
//! machine.
//!
//! Implemented by a driver and reached through [`crate::Driver::aead`].
//!
//! The split of work: the engine owns everything that is the same for every driver — the
//! PSA state machine (nonce before data, additional data before text, lengths announced
//! for CCM), the policy and the spec's nonce, tag and length rules, output-size checks,
//! the constant-time tag comparison of a multi-part decryption, and wiping outputs on
//! failure. A driver computes: a one-shot seal or open over a borrowed prepared key, or a
//! [`AeadContext`] that owns what it needs of the key so the engine can wipe it when the
//! key is destroyed.

use crate::{Algorithm, KeyType, PreparedAead, Result};

/// Whether an operation encrypts or decrypts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AeadDirection {
    /// Plaintext in, ciphertext and tag out.
    Encrypt,
    /// Ciphertext in, plaintext out; the tag is checked at the end.
    Decrypt,
}

/// The lengths of a message, announced before it is processed (`psa_aead_set_lengths`).
/// CCM needs them before the first byte (they are part of its first block); the other
/// constructions ignore them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AeadLengths {
    /// Length of the additional data in bytes.
    pub ad: u64,
    /// Length of the plaintext (equal to the ciphertext without tag) in bytes.
    pub text: u64,
}

/// Authenticated encryption with associated data.
pub trait AeadDriver: Send + Sync + core::fmt::Debug {
    /// Whether the driver can run `alg` (a specific AEAD algorithm, or a minimum-tag-length
    /// wildcard meaning "some tag length of that construction") with a key of `key_type`
    /// and `key_bits` bits.
    fn supports(&self, key_type: KeyType, key_bits: usize, alg: Algorithm) -> bool;

    /// Builds the prepared form of a key (expanded block-cipher schedule and GHASH key, or
    /// the ChaCha20 key) for the construction of `alg`. Unsupported combinations are
    /// `NotSupported`; a key of the wrong size is `InvalidArgument`.
    fn prepare(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedAead>>;
}

/// A running multi-part AEAD computation (one per operation), started by
/// [`PreparedAead::start`]. It owns a copy of what it needs of the key, zeroized on drop;
/// `Debug` shows no secret.
///
/// The engine calls it in the order the construction needs: every [`update_ad`] before
/// the first [`update`], then [`finish`] once. It has checked the announced lengths, so a
/// context only enforces the limits of its own construction (a counter that would wrap),
/// with `InvalidArgument`.
///
/// [`update_ad`]: Self::update_ad
/// [`update`]: Self::update
/// [`finish`]: Self::finish
pub trait AeadContext: Send + core::fmt::Debug {
    /// Absorbs the next part of the additional data (any length).
    fn update_ad(&mut self, ad: &[u8]) -> Result<()>;

    /// Encrypts or decrypts the next part of the text (any length) into
    /// `out[..input.len()]`; `out` is at least that long. Streaming: every byte is
    /// written at once. When decrypting, the output is not authenticated until
    /// [`finish`](Self::finish) has produced the tag and the engine has compared it.
    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<()>;

    /// Ends the computation and writes the tag, of the length the algorithm given to
    /// [`PreparedAead::start`] names, into the start of `tag` (at least that long);
    /// returns its length. For a decryption this is the expected tag, which the engine
    /// compares in constant time with the one received.
    fn finish(self: Box<Self>, tag: &mut [u8]) -> Result<usize>;
}
