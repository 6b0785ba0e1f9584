//! Persistent storage for Strongroom: a map from [`Uid`] to bytes (DESIGN.md §5).
//!
//! This crate knows nothing about keys or PSA types. The key store serializes a key into
//! bytes and hands them to a [`Storage`] backend under a 64-bit uid; the backend keeps them
//! durably and gives them back unchanged, or reports an error that maps onto a PSA status:
//!
//! | [`StorageError`]                         | PSA status                      |
//! |------------------------------------------|---------------------------------|
//! | [`NotFound`](StorageError::NotFound)     | `PSA_ERROR_DOES_NOT_EXIST`      |
//! | [`AlreadyExists`](StorageError::AlreadyExists) | `PSA_ERROR_ALREADY_EXISTS` |
//! | [`Corrupt`](StorageError::Corrupt)       | `PSA_ERROR_DATA_CORRUPT`        |
//! | [`Invalid`](StorageError::Invalid)       | `PSA_ERROR_DATA_INVALID`        |
//! | [`InsufficientStorage`](StorageError::InsufficientStorage) | `PSA_ERROR_INSUFFICIENT_STORAGE` |
//! | [`Io`](StorageError::Io)                 | `PSA_ERROR_STORAGE_FAILURE`     |
//!
//! Two backends:
//! - [`FileStorage`]: the embedded default, one integrity-checked file per uid in a
//!   directory; durable, crash-atomic and safe to share between processes (see the
//!   protocol at the top of its module).
//! - [`MemoryStorage`]: a map in memory, for tests and for stores that need no persistence.
//!
//! Secrets: the data handed to [`Storage::create`] / [`Storage::set`] and returned by
//! [`Storage::get`] is usually key material. Backends wipe every intermediate buffer that
//! held it; the caller owns (and must zeroize) the `Vec` that `get` returns.

#![forbid(unsafe_code)]

mod crc32c;
mod envelope;
mod file;
mod memory;

use std::fmt;
use std::io;

pub use file::FileStorage;
pub use memory::MemoryStorage;

/// The name of one stored item. The key store decides how key ids map onto uids.
pub type Uid = u64;

/// The largest payload a backend accepts (the on-disk length field is 32 bits).
/// A larger payload is refused with [`StorageError::InsufficientStorage`].
pub const MAX_DATA_LEN: usize = u32::MAX as usize;

/// Why a storage operation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum StorageError {
    /// Nothing is stored under this uid.
    NotFound,
    /// [`Storage::create`] found data already stored under this uid.
    AlreadyExists,
    /// The stored record is damaged: bad checksum, wrong length, torn, or stored under the
    /// wrong name. Maps to `PSA_ERROR_DATA_CORRUPT`.
    Corrupt(&'static str),
    /// The stored record is not one this version can read: a foreign file or an unknown
    /// format version or flag. Maps to `PSA_ERROR_DATA_INVALID`.
    Invalid(&'static str),
    /// The medium is full, a quota is exceeded, or the payload is larger than
    /// [`MAX_DATA_LEN`].
    InsufficientStorage,
    /// Any other I/O failure. Maps to `PSA_ERROR_STORAGE_FAILURE`.
    Io(io::Error),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no data is stored under this uid"),
            Self::AlreadyExists => f.write_str("data is already stored under this uid"),
            Self::Corrupt(why) => write!(f, "stored data is corrupt: {why}"),
            Self::Invalid(why) => write!(f, "stored data is in an unsupported format: {why}"),
            Self::InsufficientStorage => f.write_str("insufficient storage"),
            Self::Io(err) => write!(f, "storage failure: {err}"),
        }
    }
}

impl std::error::Error for StorageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl From<io::Error> for StorageError {
    /// A full medium or exceeded quota becomes [`StorageError::InsufficientStorage`]; every
    /// other error (including `NotFound`, whose meaning depends on the call) becomes
    /// [`StorageError::Io`].
    fn from(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::FileTooLarge => Self::InsufficientStorage,
            _ => Self::Io(err),
        }
    }
}

/// A persistent map from [`Uid`] to bytes.
///
/// Every method may be called from any number of threads at once, and each call is
/// linearizable: its effect happens atomically at one instant between its start and its
/// return (each implementation names that instant). An `Err` other than the ones a method
/// documents as a semantic answer (`NotFound`, `AlreadyExists`) leaves the stored item
/// either unchanged or fully changed, never partly written.
pub trait Storage: Send + Sync + fmt::Debug {
    /// The data stored under `uid`, or [`StorageError::NotFound`]. The caller owns the
    /// returned buffer and should zeroize it when done.
    fn get(&self, uid: Uid) -> Result<Vec<u8>, StorageError>;

    /// Stores `data` under `uid` only if nothing is stored there yet; never overwrites.
    /// Of several concurrent creations of one uid (from any threads or processes sharing
    /// the store) exactly one succeeds and the others get [`StorageError::AlreadyExists`].
    fn create(&self, uid: Uid, data: &[u8]) -> Result<(), StorageError>;

    /// Stores `data` under `uid`, creating it or atomically replacing what was there.
    fn set(&self, uid: Uid, data: &[u8]) -> Result<(), StorageError>;

    /// Deletes what is stored under `uid`, or returns [`StorageError::NotFound`].
    fn remove(&self, uid: Uid) -> Result<(), StorageError>;

    /// Every uid with data stored under it, in ascending order.
    fn list(&self) -> Result<Vec<Uid>, StorageError>;

    /// Whether anything is stored under `uid` (without reading or checking it).
    fn exists(&self, uid: Uid) -> Result<bool, StorageError>;
}

/// Rejects payloads that the record format cannot describe.
fn check_data_len(data: &[u8]) -> Result<(), StorageError> {
    if data.len() > MAX_DATA_LEN {
        Err(StorageError::InsufficientStorage)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_map_to_storage_errors() {
        let full = StorageError::from(io::Error::from(io::ErrorKind::StorageFull));
        assert!(matches!(full, StorageError::InsufficientStorage));
        let quota = StorageError::from(io::Error::from(io::ErrorKind::QuotaExceeded));
        assert!(matches!(quota, StorageError::InsufficientStorage));
        let other = StorageError::from(io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(
            matches!(other, StorageError::Io(ref e) if e.kind() == io::ErrorKind::PermissionDenied)
        );
        let not_found = StorageError::from(io::Error::from(io::ErrorKind::NotFound));
        assert!(matches!(not_found, StorageError::Io(_)));
    }

    #[test]
    fn display_and_source() {
        use std::error::Error as _;
        assert_eq!(
            StorageError::Corrupt("checksum mismatch").to_string(),
            "stored data is corrupt: checksum mismatch"
        );
        assert_eq!(
            StorageError::Invalid("foreign file").to_string(),
            "stored data is in an unsupported format: foreign file"
        );
        assert_eq!(
            StorageError::NotFound.to_string(),
            "no data is stored under this uid"
        );
        let io = StorageError::Io(io::Error::other("disk on fire"));
        assert_eq!(io.to_string(), "storage failure: disk on fire");
        assert!(io.source().is_some());
        assert!(StorageError::AlreadyExists.source().is_none());
    }

    #[test]
    fn storage_is_object_safe_and_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Box<dyn Storage>>();
        assert_send_sync::<FileStorage>();
        assert_send_sync::<MemoryStorage>();
    }
}
