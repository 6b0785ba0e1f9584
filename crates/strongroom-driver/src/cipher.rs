//! Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
//!
//! Implemented by a driver and reached through [`crate::Driver::cipher`].

/// Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
pub trait CipherDriver: Send + Sync + core::fmt::Debug {}
