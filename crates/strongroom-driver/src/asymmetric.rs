//! Asymmetric keys: generation, import validation and export formats, signatures, encryption, raw key agreement.
//!
//! Implemented by a driver and reached through [`crate::Driver::asymmetric`].

/// Asymmetric keys: generation, import validation and export formats, signatures, encryption, raw key agreement.
pub trait AsymmetricDriver: Send + Sync + core::fmt::Debug {}
