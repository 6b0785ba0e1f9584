//! [`MemoryStorage`]: the in-memory backend, for tests and volatile stores.
//!
//! Invariants:
//! 1. `entries` is only accessed while its mutex is held; every method takes it once, so
//!    the instant it holds the lock is the call's linearization point.
//! 2. Each payload lives in exactly one `Zeroizing<Box<[u8]>>` of its exact size; it is
//!    wiped when removed, overwritten, or when the storage is dropped. The map's own
//!    table holds only pointers, so its regrowth copies no payload bytes.
//! 3. A panic while the lock is held cannot leave the map half-updated (each mutation is
//!    one `insert`/`remove`), so a poisoned lock is simply taken over.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use zeroize::Zeroizing;

use crate::{Storage, StorageError, Uid, check_data_len};

type Payload = Zeroizing<Box<[u8]>>;

/// A [`Storage`] that keeps everything in memory and forgets it when dropped.
///
/// One mutex guards the map; it is held only for a map lookup or update plus one copy of
/// the payload, never for I/O.
#[derive(Default)]
pub struct MemoryStorage {
    entries: Mutex<HashMap<Uid, Payload>>,
}

impl MemoryStorage {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<Uid, Payload>> {
        // Invariant 3: a poisoned map is still consistent.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for MemoryStorage {
    /// Never shows contents (they are usually keys).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStorage").finish_non_exhaustive()
    }
}

fn payload(data: &[u8]) -> Payload {
    Zeroizing::new(Box::from(data))
}

impl Storage for MemoryStorage {
    fn get(&self, uid: Uid) -> Result<Vec<u8>, StorageError> {
        self.entries()
            .get(&uid)
            .map(|data| data.to_vec())
            .ok_or(StorageError::NotFound)
    }

    fn create(&self, uid: Uid, data: &[u8]) -> Result<(), StorageError> {
        check_data_len(data)?;
        // Copy before taking the lock to keep the critical section short.
        let new = payload(data);
        match self.entries().entry(uid) {
            Entry::Occupied(_) => Err(StorageError::AlreadyExists),
            Entry::Vacant(slot) => {
                slot.insert(new);
                Ok(())
            }
        }
    }

    fn set(&self, uid: Uid, data: &[u8]) -> Result<(), StorageError> {
        check_data_len(data)?;
        let new = payload(data);
        let old = self.entries().insert(uid, new);
        // The old payload (if any) is wiped here, after the lock is released.
        drop(old);
        Ok(())
    }

    fn remove(&self, uid: Uid) -> Result<(), StorageError> {
        let old = self.entries().remove(&uid);
        old.map(drop).ok_or(StorageError::NotFound)
    }

    fn list(&self) -> Result<Vec<Uid>, StorageError> {
        let mut uids: Vec<Uid> = self.entries().keys().copied().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    fn exists(&self, uid: Uid) -> Result<bool, StorageError> {
        Ok(self.entries().contains_key(&uid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_contents() {
        let storage = MemoryStorage::new();
        storage.set(1, b"top secret").unwrap();
        assert_eq!(format!("{storage:?}"), "MemoryStorage { .. }");
    }
}
