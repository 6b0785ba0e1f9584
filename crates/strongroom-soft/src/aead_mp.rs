//! Multi-part AEAD (GCM, CCM, ChaCha20-Poly1305): incremental contexts the engine drives through the PSA AEAD state machine.

/// The software AeadDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftAead;

impl strongroom_driver::AeadDriver for SoftAead {}
