//! Strongroom: the PSA Certified Crypto API in Rust, with every call thread-safe and
//! linearizable, keys shared safely across threads, and destruction that leaves no copy.
//!
//! ```no_run
//! use strongroom::{Algorithm, Crypto, KeyAttributes, KeyId, KeyType, Usage};
//! # fn main() -> Result<(), strongroom::Error> {
//! let crypto = Crypto::open("/tmp/strongroom-doc")?;
//! let attrs = KeyAttributes::new(KeyType::HMAC, 256)
//!     .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
//!     .with_algorithm(Algorithm::hmac(Algorithm::SHA_256))
//!     .with_id(KeyId::from_raw(42));
//! let key = crypto.generate_key(&attrs)?;
//! let mut tag = [0u8; 32];
//! let n = crypto.mac_compute(key, Algorithm::hmac(Algorithm::SHA_256), b"message", &mut tag)?;
//! crypto.mac_verify(key, Algorithm::hmac(Algorithm::SHA_256), b"message", &tag[..n])?;
//! crypto.destroy_key(key)?; // safe at any time, from any thread
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub use strongroom_core::driver;
pub use strongroom_core::ops::*;
pub use strongroom_core::{Config, VOLATILE_MAX, VOLATILE_MIN};
pub use strongroom_soft::SoftDriver;
pub use strongroom_storage::{FileStorage, MemoryStorage, Storage, StorageError};
pub use strongroom_types::{
    Algorithm, DhFamily, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime, Result, Usage,
    policy, sizes,
};
pub use zeroize::Zeroizing;

/// The engine with all its methods (`import_key`, `mac_compute`, `destroy_key`, …).
pub use strongroom_core::Crypto as Engine;

/// A Strongroom instance: the [`Engine`] wired to the software driver and a storage
/// backend. Dereferences to [`Engine`] for every PSA call.
#[derive(Debug)]
pub struct Crypto(Engine);

impl core::ops::Deref for Crypto {
    type Target = Engine;
    fn deref(&self) -> &Engine {
        &self.0
    }
}

impl Crypto {
    /// An instance whose persistent keys live in the directory `dir` (created if missing).
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        Self::open_with_config(dir, Config::default())
    }

    /// [`open`](Self::open) with explicit settings.
    pub fn open_with_config(dir: impl AsRef<Path>, config: Config) -> Result<Self> {
        let storage = FileStorage::open(dir).map_err(storage_status)?;
        Ok(Self::with_storage(Arc::new(storage), config))
    }

    /// An instance whose "persistent" keys live in memory (tests, ephemeral services).
    pub fn in_memory() -> Self {
        Self::with_storage(Arc::new(MemoryStorage::new()), Config::default())
    }

    /// An instance over any storage backend.
    pub fn with_storage(storage: Arc<dyn Storage>, config: Config) -> Self {
        Self(Engine::new(storage, Arc::new(SoftDriver::new()), config))
    }

    /// The process-wide default instance (what the C ABI's `psa_crypto_init` opens), over
    /// [`default_store_dir`]. Idempotent and safe to call from many threads at once: the
    /// first successful call opens it, every other call returns the same instance. A failed
    /// open is reported and retried by the next call.
    pub fn global() -> Result<&'static Crypto> {
        static GLOBAL: OnceLock<Crypto> = OnceLock::new();
        static OPENING: Mutex<()> = Mutex::new(());
        if let Some(c) = GLOBAL.get() {
            return Ok(c);
        }
        let _g = OPENING.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = GLOBAL.get() {
            return Ok(c);
        }
        let c = Crypto::open(default_store_dir())?;
        Ok(GLOBAL.get_or_init(|| c))
    }
}

fn storage_status(e: StorageError) -> Error {
    match e {
        StorageError::Corrupt(_) => Error::DataCorrupt,
        StorageError::Invalid(_) => Error::DataInvalid,
        StorageError::InsufficientStorage => Error::InsufficientStorage,
        _ => Error::StorageFailure,
    }
}

/// Where the default instance keeps persistent keys: `$STRONGROOM_HOME` if set, else
/// `$XDG_DATA_HOME/strongroom`, else `$HOME/.local/share/strongroom`, else
/// `./strongroom-store`.
pub fn default_store_dir() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = env("STRONGROOM_HOME") {
        return p;
    }
    if let Some(p) = env("XDG_DATA_HOME") {
        return p.join("strongroom");
    }
    if let Some(p) = env("HOME") {
        return p.join(".local").join("share").join("strongroom");
    }
    PathBuf::from("strongroom-store")
}
