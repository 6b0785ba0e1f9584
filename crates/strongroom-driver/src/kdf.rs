//! Key derivation primitives: HKDF (extract/expand), TLS 1.2 PRF and PSK-to-MS, PBKDF2 (HMAC, AES-CMAC-PRF-128).
//!
//! Implemented by a driver and reached through [`crate::Driver::kdf`].

/// Key derivation primitives: HKDF (extract/expand), TLS 1.2 PRF and PSK-to-MS, PBKDF2 (HMAC, AES-CMAC-PRF-128).
pub trait KdfDriver: Send + Sync + core::fmt::Debug {}
