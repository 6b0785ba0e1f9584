//! Key derivation primitives: HKDF (extract/expand), TLS 1.2 PRF and PSK-to-MS, PBKDF2 (HMAC, AES-CMAC-PRF-128).

/// The software KdfDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftKdf;

impl strongroom_driver::KdfDriver for SoftKdf {}
