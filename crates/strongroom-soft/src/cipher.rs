//! Unauthenticated ciphers (block cipher modes and stream ciphers), one-shot and multi-part.

/// The software CipherDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftCipher;

impl strongroom_driver::CipherDriver for SoftCipher {}
