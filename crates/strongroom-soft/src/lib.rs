//! Strongroom's software driver: the [`Driver`] traits filled in with the RustCrypto crates,
//! and the randomness source.
//!
//! | family | algorithms | key types |
//! |---|---|---|
//! | hash | MD5, RIPEMD-160, SHA-1, SHA-2 (224, 256, 384, 512, 512/224, 512/256), SHA3-224/256/384/512, SHAKE256/512 | — |
//! | MAC | HMAC over those hashes but SHAKE256/512; CMAC and CBC-MAC (full length or truncated to 4.. bytes) | `HMAC`; `AES`, `ARIA`, `CAMELLIA`, `DES` (3-key) |
//! | AEAD | GCM (any nonce), CCM, ChaCha20-Poly1305, XChaCha20-Poly1305; one-shot and multi-part | `AES`, `ARIA`, `CAMELLIA`, `CHACHA20`, `XCHACHA20` |
//! | cipher | ECB, CBC (no padding, PKCS#7), CFB-128, OFB, CTR; CCM\*-no-tag; XTS; stream | `AES`, `ARIA`, `CAMELLIA`, `DES` (single, 2-key, 3-key); `CHACHA20`, `XCHACHA20` (see `cipher.rs`) |
//! | random | per-thread HMAC_DRBG (SHA-256) seeded from the OS | — |
//!
//! Everything else is `NotSupported`. Prepared forms (HMAC inner/outer states, AES-GCM key
//! schedules) are built once per key and shared read-only; all key material zeroizes on drop
//! and no `Debug` output shows it. The driver is thread-safe.
#![forbid(unsafe_code)]

mod aead;
mod aead_mp;
mod asymmetric;
mod cipher;
mod drbg;
mod hash;
mod kdf;
mod mac;
mod random;

use strongroom_driver::{
    Algorithm, Driver, HashOp, KeyType, PreparedAead, PreparedMac, RandomSource, Result,
};

pub use drbg::HmacDrbg;
#[cfg(feature = "test-seams")]
#[doc(hidden)]
pub use random::seams;
pub use random::{RESEED_AFTER_BYTES, RESEED_AFTER_REQUESTS, SoftRandom};

/// The software driver.
#[derive(Debug, Default)]
pub struct SoftDriver {
    random: SoftRandom,
}

impl SoftDriver {
    /// A software driver drawing randomness from the per-thread DRBGs.
    pub const fn new() -> Self {
        Self {
            random: SoftRandom::new(),
        }
    }
}

impl Driver for SoftDriver {
    fn name(&self) -> &'static str {
        "strongroom-soft"
    }

    fn cipher(&self) -> Option<&dyn strongroom_driver::CipherDriver> {
        Some(&cipher::SoftCipher)
    }

    fn aead(&self) -> Option<&dyn strongroom_driver::AeadDriver> {
        Some(&aead_mp::SoftAead)
    }

    fn asymmetric(&self) -> Option<&dyn strongroom_driver::AsymmetricDriver> {
        Some(&asymmetric::SoftAsymmetric)
    }

    fn kdf(&self) -> Option<&dyn strongroom_driver::KdfDriver> {
        Some(&kdf::SoftKdf)
    }

    fn hash_setup(&self, alg: Algorithm) -> Result<Box<dyn HashOp>> {
        hash::setup(alg)
    }

    fn prepare_mac(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedMac>> {
        mac::prepare(key_type, key, alg)
    }

    fn prepare_aead(
        &self,
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn PreparedAead>> {
        aead::prepare(key_type, key, alg)
    }

    fn aead_nonce_ok(&self, key_type: KeyType, alg: Algorithm, nonce_len: usize) -> bool {
        aead::nonce_ok(key_type, alg, nonce_len)
    }

    /// MAC and AEAD combinations as in the table above. Hash algorithms are keyless: they
    /// are "supported" only with `KeyType::NONE`.
    fn supports(&self, key_type: KeyType, alg: Algorithm) -> bool {
        if alg.is_hash() {
            key_type == KeyType::NONE && hash::is_supported(alg)
        } else if alg.is_mac() {
            mac::supports(key_type, alg)
        } else if alg.is_aead() {
            aead::supports(key_type, alg)
        } else if alg.is_cipher() {
            cipher::supports(key_type, alg)
        } else if alg.is_sign() || alg.is_asymmetric_encryption() || alg.is_raw_key_agreement() {
            asymmetric::supports(key_type, alg)
        } else {
            false
        }
    }

    fn random(&self) -> &dyn RandomSource {
        &self.random
    }
}
