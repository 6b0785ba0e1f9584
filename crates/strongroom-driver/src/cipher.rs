//! Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
//!
//! Implemented by a driver and reached through [`crate::Driver::cipher`].

/// Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.
pub trait CipherDriver: Send + Sync + core::fmt::Debug {}

/// A key of this family in prepared form (built once per key, shared read-only by all
/// threads using the key; zeroizes on drop; `Debug` shows no secret).
pub trait PreparedCipher: Send + Sync + core::fmt::Debug {}
