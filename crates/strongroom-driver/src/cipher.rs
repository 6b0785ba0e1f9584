//! Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
//!
//! Implemented by a driver and reached through [`crate::Driver::cipher`].
//!
//! The split of work: the engine owns everything that is the same for every driver — the
//! PSA state machine, policy, the IV on the wire, buffering of partial blocks, PKCS#7
//! padding and its constant-time check, output-size checks. A driver only transforms
//! bytes in place: whole blocks for the block modes (ECB, CBC, XTS), any length for the
//! stream modes (CTR, CFB, OFB, CCM\*-no-tag, stream ciphers). That keeps drivers small and
//! makes the padding oracle surface exist exactly once.

use crate::{Algorithm, KeyType, Result};

/// Whether an operation encrypts or decrypts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CipherDirection {
    /// Plaintext in, ciphertext out.
    Encrypt,
    /// Ciphertext in, plaintext out.
    Decrypt,
}

/// Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
pub trait CipherDriver: Send + Sync + core::fmt::Debug {
    /// Whether the driver can run `alg` (a specific cipher algorithm) with a key of
    /// `key_type` and `key_bits` bits. The engine asks before anything else, so that an
    /// unsupported combination is `NOT_SUPPORTED` and `prepare` is only called for keys it
    /// will accept.
    fn supports(&self, key_type: KeyType, key_bits: usize, alg: Algorithm) -> bool;

    /// Builds the prepared form of a key (its expanded schedule) for `alg`. The form
    /// depends on the algorithm only where the key is used differently (XTS splits the key
    /// in two); [`PreparedCipher::serves`] says which algorithms a form can run.
    fn prepare(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedCipher>>;
}

/// A key of this family in prepared form (built once per key, shared read-only by all
/// threads using the key; zeroizes on drop; `Debug` shows no secret).
pub trait PreparedCipher: Send + Sync + core::fmt::Debug {
    /// Whether this form can run `alg` (a supported algorithm for its key type). When it
    /// cannot, the engine prepares a form for that call alone.
    fn serves(&self, alg: Algorithm) -> bool;

    /// One-shot: transforms a whole message in place, borrowing the key (no copy of the
    /// schedule, no allocation, nothing written to memory shared with other threads).
    ///
    /// The engine has checked `buf`: a whole number of blocks for ECB and CBC (padding is
    /// already applied or still present), at least one block for XTS. A wrong IV length
    /// is `InvalidArgument`; a message too long for the algorithm (a stream cipher's
    /// counter would wrap) is `InvalidArgument`, with `buf` left unspecified.
    fn crypt(&self, alg: Algorithm, dir: CipherDirection, iv: &[u8], buf: &mut [u8]) -> Result<()>;

    /// Starts a multi-part context for `alg` with `iv` (empty for algorithms without an IV).
    /// The context owns what it needs of the key (a copy of the schedule, zeroized on
    /// drop), so that the engine can wipe it when the key is destroyed.
    /// A wrong IV length is `InvalidArgument`.
    fn start(
        &self,
        alg: Algorithm,
        dir: CipherDirection,
        iv: &[u8],
    ) -> Result<Box<dyn CipherContext>>;
}

/// A running multi-part cipher computation (one per operation). Zeroizes its state on
/// drop; `Debug` shows no secret.
pub trait CipherContext: Send + core::fmt::Debug {
    /// Transforms the next part of the message in place. For ECB, CBC and XTS the engine
    /// passes whole blocks only; stream modes take any length and carry the position in
    /// the key stream from one call to the next. For XTS the engine always holds back the
    /// last block (and any partial block) for [`finish`](Self::finish).
    fn update(&mut self, buf: &mut [u8]) -> Result<()>;

    /// Transforms the final part of the message in place. Only XTS needs it (1 to 2 blocks
    /// less one byte, with ciphertext stealing); for every other mode it is an `update`.
    fn finish(&mut self, buf: &mut [u8]) -> Result<()> {
        self.update(buf)
    }
}
