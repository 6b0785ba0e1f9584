//! Asymmetric keys: generation, import validation and export formats, signatures, encryption, raw key agreement.
//!
//! Implemented by a driver and reached through [`crate::Driver::asymmetric`].

/// Asymmetric keys: generation, import validation and export formats, signatures, encryption, raw key agreement.
pub trait AsymmetricDriver: Send + Sync + core::fmt::Debug {}

/// A key of this family in prepared form (built once per key, shared read-only by all
/// threads using the key; zeroizes on drop; `Debug` shows no secret).
pub trait PreparedAsymmetric: Send + Sync + core::fmt::Debug {}
