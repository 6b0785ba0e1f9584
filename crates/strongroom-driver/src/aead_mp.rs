//! Multi-part AEAD (GCM, CCM, ChaCha20-Poly1305): incremental contexts the engine drives through the PSA AEAD state machine.
//!
//! Implemented by a driver and reached through [`crate::Driver::aead`].

/// Multi-part AEAD (GCM, CCM, ChaCha20-Poly1305): incremental contexts the engine drives through the PSA AEAD state machine.
pub trait AeadDriver: Send + Sync + core::fmt::Debug {}
