//! Asymmetric keys: import validation, generation, export formats, signatures, encryption
//! and raw key agreement.
//!
//! Implemented by a driver and reached through [`crate::Driver::asymmetric`].
//!
//! Division of work with the engine:
//! - The engine checks the policy (usage flags, permitted algorithm), that the algorithm is of
//!   the right category for the call, and the output buffer sizes it can compute from the
//!   key's type and size (`strongroom_types::sizes`). It computes the hash of a message for
//!   hash-and-sign algorithms and calls [`PreparedAsymmetric::sign_hash`].
//! - The driver parses and validates key material (in the PSA export formats), builds the
//!   prepared form once per key, and runs the algorithm. It checks everything that depends
//!   on the parsed key or on the algorithm's details (hash lengths, padding limits, the
//!   peer's public key).
//!
//! Key material is always kept in the PSA export format of the key type (the format of
//! `psa_export_key`), so the engine can export a key without the driver.

use crate::{Algorithm, KeyType, RandomSource, Result};

/// Asymmetric keys: import validation, generation and prepared forms.
pub trait AsymmetricDriver: Send + Sync + core::fmt::Debug {
    /// Validates key material in the PSA import format of `key_type` and returns the key
    /// size in bits. The engine stores `data` as given when this succeeds, so a driver
    /// accepts only the canonical encoding (the one `export` produces).
    ///
    /// Errors: malformed or out-of-range material → `InvalidArgument`; a type or size the
    /// driver does not implement → `NotSupported`.
    fn import(&self, key_type: KeyType, data: &[u8]) -> Result<u32>;

    /// Generates a key pair of `key_type` and `bits` from `rng`, writing its material (in
    /// export format) into `out` and returning the length. `out` is at least
    /// `sizes::export_key_output_size(key_type, bits)` bytes.
    ///
    /// Errors: a size that is not valid for the type → `InvalidArgument` or
    /// `NotSupported` (as Mbed TLS reports it); a public-key type → `InvalidArgument`.
    fn generate(
        &self,
        key_type: KeyType,
        bits: u32,
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize>;

    /// Builds the prepared form of a key whose material passed [`import`](Self::import) or
    /// came from [`generate`](Self::generate): parsed, validated, with the public key and
    /// any precomputation done.
    fn prepare(
        &self,
        key_type: KeyType,
        bits: u32,
        material: &[u8],
    ) -> Result<Box<dyn PreparedAsymmetric>>;

    /// Whether this driver implements `alg` (a specific algorithm, or a wildcard policy
    /// algorithm) with keys of `key_type`.
    fn supports(&self, key_type: KeyType, alg: Algorithm) -> bool;
}

/// A key of this family in prepared form (built once per key, shared read-only by all
/// threads using the key; zeroizes on drop; `Debug` shows no secret).
///
/// Every method that the key type cannot do returns `InvalidArgument` (an algorithm that
/// does not fit the key) or `NotSupported` (an algorithm this driver does not implement).
/// Output buffers that are too small are `BufferTooSmall`.
pub trait PreparedAsymmetric: Send + Sync + core::fmt::Debug {
    /// Writes the public key in export format (`psa_export_public_key`) into `out` and
    /// returns its length.
    fn export_public(&self, out: &mut [u8]) -> Result<usize>;

    /// Signs a hash (`psa_sign_hash`) with a sign-hash algorithm; the engine has checked the
    /// policy. Returns the signature length.
    fn sign_hash(
        &self,
        alg: Algorithm,
        hash: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize>;

    /// Verifies a signature of a hash; a wrong signature (of any length) is
    /// `InvalidSignature`.
    fn verify_hash(&self, alg: Algorithm, hash: &[u8], signature: &[u8]) -> Result<()>;

    /// Signs a message with an algorithm the engine cannot split into hash-then-sign
    /// (`PURE_EDDSA`, and the HashEdDSA variants, whose prehash the driver computes). The
    /// default, for key types without EdDSA: `InvalidArgument`.
    fn sign_message(
        &self,
        alg: Algorithm,
        message: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        let _ = (alg, message, rng, out);
        Err(crate::Error::InvalidArgument)
    }

    /// Verifies a message signature for the algorithms of
    /// [`sign_message`](Self::sign_message).
    fn verify_message(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> Result<()> {
        let _ = (alg, message, signature);
        Err(crate::Error::InvalidArgument)
    }

    /// Encrypts `input` (`psa_asymmetric_encrypt`); `label` is the OAEP label (must be
    /// empty for PKCS#1 v1.5). Returns the ciphertext length.
    fn encrypt(
        &self,
        alg: Algorithm,
        input: &[u8],
        label: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        let _ = (alg, input, label, rng, out);
        Err(crate::Error::InvalidArgument)
    }

    /// Decrypts `input` (`psa_asymmetric_decrypt`). Every padding or ciphertext failure is
    /// the same opaque `InvalidPadding`, found in constant time. `rng` is for blinding.
    fn decrypt(
        &self,
        alg: Algorithm,
        input: &[u8],
        label: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        let _ = (alg, input, label, rng, out);
        Err(crate::Error::InvalidArgument)
    }

    /// Raw key agreement (`psa_raw_key_agreement`) with the peer's public key given in the
    /// public-key export format of this key's type. An invalid peer key is
    /// `InvalidArgument`. Returns the shared secret's length.
    fn agree(&self, alg: Algorithm, peer_public: &[u8], out: &mut [u8]) -> Result<usize> {
        let _ = (alg, peer_public, out);
        Err(crate::Error::InvalidArgument)
    }
}
