//! Authenticated encryption: which keys and algorithms the software driver runs, and
//! building their prepared forms.
//!
//! | construction | key types | nonce | tags |
//! |---|---|---|---|
//! | GCM | AES, ARIA, Camellia (128/192/256) | any non-zero length | 4, 8, 12..=16 |
//! | CCM | AES, ARIA, Camellia (128/192/256) | 7..=13 | 4, 6, …, 16 |
//! | ChaCha20-Poly1305 | CHACHA20 | 12 | 16 |
//! | XChaCha20-Poly1305 | XCHACHA20 | 24 | 16 |
//!
//! Every construction is written here as a streaming computation ([`gcm`], [`ccm`],
//! [`chachapoly`]) from RustCrypto primitives (block ciphers, `ctr`, `ghash`, `chacha20`,
//! `poly1305`): the `aead`-trait crates are one-shot only and fix nonce and tag sizes at
//! compile time. One-shot calls run the same code over the shared key schedule.

mod ccm;
mod chachapoly;
mod gcm;
mod prepared;
mod uhash;

use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aria::{Aria128, Aria192, Aria256};
use camellia::{Camellia128, Camellia192, Camellia256};
use strongroom_driver::{Algorithm, Error, KeyType, PreparedAead, Result};
use strongroom_types::policy::{self, AeadMode};

use prepared::{BlockKey, ChaChaKey};

/// Whether the key type is one of the block ciphers GCM and CCM run on here.
fn is_block_cipher(key_type: KeyType) -> bool {
    matches!(key_type, KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA)
}

/// Whether keys of `key_type` can be used with `alg` (a specific algorithm, or a
/// minimum-tag-length wildcard naming a construction that has such a tag).
pub(crate) fn supports(key_type: KeyType, alg: Algorithm) -> bool {
    let Some(mode) = AeadMode::of(alg) else {
        return false;
    };
    let key_ok = match mode {
        AeadMode::Gcm | AeadMode::Ccm => is_block_cipher(key_type),
        AeadMode::ChaCha20Poly1305 => key_type == KeyType::CHACHA20,
        AeadMode::XChaCha20Poly1305 => key_type == KeyType::XCHACHA20,
    };
    let len = alg.aead_tag_length_field();
    let tag_ok = if alg.is_aead_at_least_this_length_tag() {
        (len..=16).any(|l| mode.tag_length_ok(l))
    } else {
        mode.tag_length_ok(len)
    };
    key_ok && tag_ok
}

/// [`supports`], also checking the key size.
pub(crate) fn supports_bits(key_type: KeyType, key_bits: usize, alg: Algorithm) -> bool {
    let bits_ok = if is_block_cipher(key_type) {
        matches!(key_bits, 128 | 192 | 256)
    } else {
        key_bits == 256
    };
    bits_ok && supports(key_type, alg)
}

/// Whether a nonce of `nonce_len` bytes can be used with `alg` and keys of `key_type`.
pub(crate) fn nonce_ok(key_type: KeyType, alg: Algorithm, nonce_len: usize) -> bool {
    supports(key_type, alg) && policy::check_aead_nonce_length(alg, nonce_len).is_ok()
}

/// Builds the prepared form of a key for the construction of `alg`.
pub(crate) fn prepare(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
) -> Result<Box<dyn PreparedAead>> {
    let mode = AeadMode::of(alg).ok_or(Error::NotSupported)?;
    match (mode, key_type) {
        (AeadMode::Gcm | AeadMode::Ccm, KeyType::AES) => match key.len() {
            16 => BlockKey::<Aes128>::boxed(key, "AES-128"),
            24 => BlockKey::<Aes192>::boxed(key, "AES-192"),
            32 => BlockKey::<Aes256>::boxed(key, "AES-256"),
            _ => Err(Error::InvalidArgument),
        },
        (AeadMode::Gcm | AeadMode::Ccm, KeyType::ARIA) => match key.len() {
            16 => BlockKey::<Aria128>::boxed(key, "ARIA-128"),
            24 => BlockKey::<Aria192>::boxed(key, "ARIA-192"),
            32 => BlockKey::<Aria256>::boxed(key, "ARIA-256"),
            _ => Err(Error::InvalidArgument),
        },
        (AeadMode::Gcm | AeadMode::Ccm, KeyType::CAMELLIA) => match key.len() {
            16 => BlockKey::<Camellia128>::boxed(key, "Camellia-128"),
            24 => BlockKey::<Camellia192>::boxed(key, "Camellia-192"),
            32 => BlockKey::<Camellia256>::boxed(key, "Camellia-256"),
            _ => Err(Error::InvalidArgument),
        },
        (AeadMode::ChaCha20Poly1305, KeyType::CHACHA20) => ChaChaKey::boxed(key, false),
        (AeadMode::XChaCha20Poly1305, KeyType::XCHACHA20) => ChaChaKey::boxed(key, true),
        _ => Err(Error::NotSupported),
    }
}
