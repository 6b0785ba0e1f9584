//! The key store: the key table, volatile id allocation, persistent loading, the bounded
//! cache with CLOCK eviction, and the departure paths (destroy, purge, evict).
//!
//! No store-wide lock exists. Locks held here: the CLOCK list mutex, only while popping or
//! pushing one entry (never during I/O or cryptography, never on the path of a key use).
//! Storage I/O runs with only the affected id's slot reserved (`Creating` / `Loading`).
//!
//! Linearization points of the key-management calls (see also `slot.rs`):
//! - create: the store of `FULL` in `Slot::publish`; between two creators of one id the
//!   winner is decided by `KeyTable::try_insert`, and a loser returns `ALREADY_EXISTS` only
//!   after it has seen the winner's slot `FULL` (a creator that later fails never causes a
//!   false `ALREADY_EXISTS`: losers wait while the occupant is `Creating`/`Loading`).
//!   Lookups, destroy and purge also wait while a slot is `Creating`: the creation may
//!   fail because the key already exists in storage, so "absent" would be wrong;
//! - destroy of a cached key: the CAS `FULL → DESTROYING`; of an uncached persistent key:
//!   the storage removal, done while a `Loading` placeholder reserves the id;
//! - a use: `Slot::acquire` reading `FULL`.

use std::collections::VecDeque;
use std::sync::OnceLock;

use strongroom_driver::{PreparedAead, PreparedAsymmetric, PreparedCipher, PreparedMac};
use strongroom_storage::{Storage, StorageError};
use strongroom_types::{Algorithm, Error, KeyAttributes, KeyId, Lifetime, Result};
use zeroize::Zeroizing;

use crate::config::Config;
use crate::op::OpRegistry;
use crate::record;
use crate::slot::{Busy, Slot, State};
use crate::sync::{Arc, AtomicU32, AtomicUsize, Mutex, Ordering, lock, yield_now};
use crate::table::KeyTable;

/// First and last volatile key id: the whole vendor range, 2^30 ids.
pub const VOLATILE_MIN: u32 = 0x4000_0000;
/// See [`VOLATILE_MIN`].
pub const VOLATILE_MAX: u32 = 0x7fff_ffff;

/// A key in memory: attributes, material and prepared forms. Immutable once published,
/// except the prepared forms, each built once on first use (`OnceLock`) and then shared
/// read-only. Dropping it zeroizes the material, and the prepared forms zeroize themselves.
pub(crate) struct KeyData {
    pub(crate) attrs: KeyAttributes,
    pub(crate) material: Zeroizing<Box<[u8]>>,
    pub(crate) mac: OnceLock<Result<(Algorithm, Box<dyn PreparedMac>)>>,
    pub(crate) aead: OnceLock<Result<Box<dyn PreparedAead>>>,
    /// Prepared cipher key (expanded schedule), for unauthenticated ciphers.
    pub(crate) cipher: OnceLock<Result<Box<dyn PreparedCipher>>>,
    /// Prepared asymmetric key (parsed, validated, precomputed), for signatures,
    /// encryption and key agreement.
    pub(crate) asym: OnceLock<Result<Box<dyn PreparedAsymmetric>>>,
    /// Multi-part operations holding copies of this key (wiped when this is dropped).
    pub(crate) ops: OpRegistry,
}

impl Drop for KeyData {
    /// The key instance leaves memory (destroy, or purge/eviction of an unpinned key): wipe
    /// the copies held by operations bound to it. The material and prepared forms zeroize
    /// themselves as their fields drop.
    fn drop(&mut self) {
        self.ops.wipe_all();
    }
}

impl KeyData {
    pub(crate) fn new(attrs: KeyAttributes, material: &[u8]) -> Self {
        Self {
            attrs,
            material: Zeroizing::new(material.to_vec().into_boxed_slice()),
            mac: OnceLock::new(),
            aead: OnceLock::new(),
            cipher: OnceLock::new(),
            asym: OnceLock::new(),
            ops: OpRegistry::default(),
        }
    }
}

impl core::fmt::Debug for KeyData {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyData")
            .field("attrs", &self.attrs)
            .finish_non_exhaustive()
    }
}

/// Memory charged to the cache bound for one key, beyond its material: the slot, its
/// reader shards and a flat allowance for prepared forms.
const PREPARED_ALLOWANCE: usize = 1024;

pub(crate) type KeySlot = Slot<KeyData>;

#[derive(Debug)]
pub(crate) struct KeyStore {
    table: KeyTable<KeyData>,
    storage: std::sync::Arc<dyn Storage>,
    config: Config,
    /// Next volatile id offset. Written only at volatile creation.
    next_volatile: AtomicU32,
    /// Bytes charged against `config.memory_limit`. Written only at creation, load and
    /// departure, never on a use.
    resident: AtomicUsize,
    /// Persistent keys in memory, in CLOCK order (front = hand). Locked only to pop or push.
    clock: Mutex<VecDeque<(u32, Arc<KeySlot>)>>,
    /// Distinguishes this store in the per-thread slot caches.
    #[cfg_attr(loom, allow(dead_code))]
    instance: u64,
}

/// Source of [`KeyStore::instance`] numbers.
static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

enum Step<R> {
    Done(R),
    Missing,
    Absent,
    Retry,
}

fn charge_for(data: &KeyData, slot: &KeySlot) -> usize {
    data.material.len() + slot.overhead_bytes() + PREPARED_ALLOWANCE
}

/// Maps a storage failure to its PSA status.
pub(crate) fn storage_error(e: StorageError) -> Error {
    match e {
        StorageError::NotFound => Error::DoesNotExist,
        StorageError::AlreadyExists => Error::AlreadyExists,
        StorageError::Corrupt(_) => Error::DataCorrupt,
        StorageError::Invalid(_) => Error::DataInvalid,
        StorageError::InsufficientStorage => Error::InsufficientStorage,
        _ => Error::StorageFailure,
    }
}

fn is_persistent_id(id: KeyId) -> bool {
    (KeyId::USER_MIN.raw()..=KeyId::USER_MAX.raw()).contains(&id.raw())
}

impl KeyStore {
    pub(crate) fn new(storage: std::sync::Arc<dyn Storage>, config: Config) -> Self {
        Self {
            table: KeyTable::new(),
            storage,
            config,
            next_volatile: AtomicU32::new(0),
            resident: AtomicUsize::new(0),
            clock: Mutex::new(VecDeque::new()),
            instance: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    pub(crate) fn storage(&self) -> &dyn Storage {
        &*self.storage
    }

    /// Runs `f` on the key while registered as its reader. The common path: one lock-free
    /// table lookup and one shard read lock; no store-wide lock, no write to a cache line
    /// shared by all threads.
    pub(crate) fn with_key<R>(
        &self,
        id: KeyId,
        f: impl FnOnce(&KeyData) -> Result<R>,
    ) -> Result<R> {
        self.with_key_slot(id, |_, d| f(d))
    }

    /// [`with_key`](Self::with_key), also giving the slot (to bind an operation to it).
    pub(crate) fn with_key_slot<R>(
        &self,
        id: KeyId,
        f: impl FnOnce(&Arc<KeySlot>, &KeyData) -> Result<R>,
    ) -> Result<R> {
        if id.is_null() {
            return Err(Error::InvalidHandle);
        }
        let mut f = Some(f);
        // Fast path: this thread's cached slot for the id (see `slot_cache.rs`).
        #[cfg(not(loom))]
        {
            let cached =
                crate::slot_cache::with_cached(self.instance, id.raw(), |s| match s.acquire() {
                    Ok(guard) => {
                        let f = f.take().expect("first use of f");
                        Step::Done(
                            guard
                                .with(|d| f(s, d))
                                .unwrap_or(Err(Error::CorruptionDetected)),
                        )
                    }
                    Err(Busy::Absent) => Step::Absent,
                    Err(Busy::Retry) => Step::Retry,
                });
            match cached {
                Some(Step::Done(r)) => return r,
                Some(Step::Absent) => return Err(Error::InvalidHandle),
                Some(_) => crate::slot_cache::forget(self.instance, id.raw()),
                None => {}
            }
        }
        loop {
            let step = self.table.with(id.raw(), |slot| match slot {
                None => Step::Missing,
                Some(s) => match s.acquire() {
                    Ok(guard) => {
                        #[cfg(not(loom))]
                        crate::slot_cache::remember(self.instance, id.raw(), s);
                        let f = f.take().expect("called once: Done ends the loop");
                        Step::Done(
                            guard
                                .with(|d| f(s, d))
                                .unwrap_or(Err(Error::CorruptionDetected)),
                        )
                    }
                    Err(Busy::Absent) => Step::Absent,
                    Err(Busy::Retry) => Step::Retry,
                },
            });
            match step {
                Step::Done(r) => return r,
                Step::Absent => return Err(Error::InvalidHandle),
                Step::Retry => yield_now(),
                Step::Missing if is_persistent_id(id) => self.load(id)?,
                Step::Missing => return Err(Error::InvalidHandle),
            }
        }
    }

    /// Brings a persistent key into memory (or waits for the thread that is doing it).
    /// `Ok` means: look the id up again.
    fn load(&self, id: KeyId) -> Result<()> {
        let slot = Arc::new(Slot::loading(self.config.reader_shards));
        if self.table.try_insert(id.raw(), Arc::clone(&slot)).is_err() {
            return Ok(()); // another thread holds the id; its outcome decides
        }
        let result = self
            .storage
            .get(u64::from(id.raw()))
            .map(Zeroizing::new)
            .map_err(|e| match e {
                StorageError::NotFound => Error::InvalidHandle,
                e => storage_error(e),
            })
            .and_then(|bytes| record::decode(&bytes, id))
            .and_then(|data| {
                self.reserve(charge_for(&data, &slot))?;
                Ok(data)
            });
        match result {
            Ok(data) => {
                slot.publish(Some(Arc::new(data)));
                lock(&self.clock).push_back((id.raw(), slot));
                Ok(())
            }
            Err(e) => {
                drop(slot.abandon());
                self.table.remove_if_same(id.raw(), &slot);
                Err(e)
            }
        }
    }

    /// Creates a key with final attributes (type, bits, policy checked by the caller).
    /// Assigns the volatile id, or reserves and writes the persistent one.
    pub(crate) fn create(&self, attrs: KeyAttributes, material: &[u8]) -> Result<KeyId> {
        // A usage flag the spec does not define is an error, not something to store.
        let known = strongroom_types::Usage::NAMED
            .iter()
            .fold(0u32, |m, (flag, _)| m | flag.raw());
        if attrs.usage().raw() & !known != 0 {
            return Err(Error::InvalidArgument);
        }
        let lifetime = attrs.lifetime();
        if lifetime.location() != Lifetime::LOCATION_LOCAL_STORAGE {
            return Err(Error::InvalidArgument);
        }
        if lifetime.is_volatile() {
            if !attrs.id().is_null() {
                return Err(Error::InvalidArgument);
            }
            return self.create_volatile(attrs, material);
        }
        if lifetime.is_read_only() {
            return Err(Error::InvalidArgument);
        }
        if !is_persistent_id(attrs.id()) {
            return Err(Error::InvalidArgument);
        }
        self.create_persistent(attrs, material)
    }

    fn create_volatile(&self, attrs: KeyAttributes, material: &[u8]) -> Result<KeyId> {
        let span = VOLATILE_MAX - VOLATILE_MIN + 1;
        loop {
            // Ids advance through the whole 2^30 range before one is reused: a thread that
            // keeps a destroyed id sees INVALID_HANDLE until 2^30 more volatile keys have
            // been created in this instance (an id still in use is skipped, never shared).
            let n = self.next_volatile.fetch_add(1, Ordering::Relaxed);
            let id = KeyId::from_raw(VOLATILE_MIN + n % span);
            let data = Arc::new(KeyData::new(attrs.with_assigned_id(id), material));
            let slot = Arc::new(Slot::creating(Arc::clone(&data), self.config.reader_shards));
            let charge = charge_for(&data, &slot);
            self.reserve(charge)?;
            match self.table.try_insert(id.raw(), Arc::clone(&slot)) {
                Ok(()) => {
                    slot.publish(None);
                    return Ok(id);
                }
                Err(_) => {
                    self.release(charge);
                    continue;
                }
            }
        }
    }

    fn create_persistent(&self, attrs: KeyAttributes, material: &[u8]) -> Result<KeyId> {
        let id = attrs.id();
        let data = Arc::new(KeyData::new(attrs, material));
        let slot = Arc::new(Slot::creating(Arc::clone(&data), self.config.reader_shards));
        let charge = charge_for(&data, &slot);
        loop {
            match self.table.try_insert(id.raw(), Arc::clone(&slot)) {
                Ok(()) => break,
                Err(occupant) => match occupant.state() {
                    State::Full | State::Unloading => return Err(Error::AlreadyExists),
                    State::Dead => self.table.remove_if_same(id.raw(), &occupant),
                    State::Creating | State::Loading | State::Destroying => yield_now(),
                },
            }
        }
        let written = self.reserve(charge).and_then(|()| {
            let rec = record::encode(&data);
            self.storage
                .create(u64::from(id.raw()), &rec)
                .map_err(storage_error)
                .inspect_err(|_| self.release(charge))
        });
        drop(data);
        match written {
            Ok(()) => {
                slot.publish(None);
                lock(&self.clock).push_back((id.raw(), slot));
                Ok(id)
            }
            Err(e) => {
                drop(slot.abandon());
                self.table.remove_if_same(id.raw(), &slot);
                Err(e)
            }
        }
    }

    /// Destroys a key (DESIGN §3): when this returns, the id is free, and the material and
    /// every prepared form of it have been zeroized. Waits only for readers already inside.
    pub(crate) fn destroy(&self, id: KeyId) -> Result<()> {
        if id.is_null() {
            return Ok(());
        }
        loop {
            let slot = self.table.with(id.raw(), |s| s.cloned());
            let Some(slot) = slot else {
                if is_persistent_id(id) {
                    match self.destroy_uncached(id)? {
                        Some(r) => return r,
                        None => continue,
                    }
                }
                return Err(Error::InvalidHandle);
            };
            match slot.begin_departure(State::Destroying) {
                Ok(()) => {
                    let data = slot.drain_and_take();
                    let removed = if slot_is_persistent(&data) {
                        self.storage
                            .remove(u64::from(id.raw()))
                            .map_err(storage_error)
                    } else {
                        Ok(())
                    };
                    if let Some(d) = &data {
                        self.release(charge_for(d, &slot));
                    }
                    drop(data); // zeroizes: no reader holds it (slot invariant 5)
                    self.table.remove_if_same(id.raw(), &slot);
                    slot.finish_departure();
                    return match removed {
                        Ok(()) | Err(Error::DoesNotExist) => Ok(()),
                        Err(e) => Err(e),
                    };
                }
                Err(State::Destroying) => return Err(Error::InvalidHandle),
                Err(State::Dead) => self.table.remove_if_same(id.raw(), &slot),
                Err(_) => yield_now(), // Creating, Loading, Unloading: wait for the outcome
            }
        }
    }

    /// Destroys a persistent key that is not in memory, without loading it (so that even a
    /// corrupt key file can be destroyed). `None`: the id was busy, look it up again.
    fn destroy_uncached(&self, id: KeyId) -> Result<Option<Result<()>>> {
        let placeholder = Arc::new(Slot::loading(1));
        if self
            .table
            .try_insert(id.raw(), Arc::clone(&placeholder))
            .is_err()
        {
            return Ok(None);
        }
        let r = match self.storage.remove(u64::from(id.raw())) {
            Ok(()) => Ok(()),
            Err(StorageError::NotFound) => Err(Error::InvalidHandle),
            Err(e) => Err(storage_error(e)),
        };
        drop(placeholder.abandon());
        self.table.remove_if_same(id.raw(), &placeholder);
        Ok(Some(r))
    }

    /// Removes a persistent key's copy from memory (the key stays in storage). Volatile
    /// keys: nothing to do. Waits for readers already inside, like destroy.
    pub(crate) fn purge(&self, id: KeyId) -> Result<()> {
        if !is_persistent_id(id) {
            return self.with_key(id, |_| Ok(()));
        }
        loop {
            let slot = self.table.with(id.raw(), |s| s.cloned());
            let Some(slot) = slot else {
                return match self.storage.exists(u64::from(id.raw())) {
                    Ok(true) => Ok(()),
                    Ok(false) => Err(Error::InvalidHandle),
                    Err(e) => Err(storage_error(e)),
                };
            };
            match slot.begin_departure(State::Unloading) {
                Ok(()) => {
                    // A key bound to a multi-part operation stays in memory (the operation
                    // holds copies of it; purge removes only non-essential ones).
                    if let Ok(data) = slot.drain_and_take_unpinned() {
                        self.finish_unload(id.raw(), &slot, data);
                    }
                    return Ok(());
                }
                Err(State::Destroying) => return Err(Error::InvalidHandle),
                Err(State::Dead) => self.table.remove_if_same(id.raw(), &slot),
                Err(_) => yield_now(), // Creating, Loading, Unloading: wait for the outcome
            }
        }
    }

    fn finish_unload(&self, id: u32, slot: &Arc<KeySlot>, data: Option<Arc<KeyData>>) {
        if let Some(d) = &data {
            self.release(charge_for(d, slot));
        }
        drop(data);
        self.table.remove_if_same(id, slot);
        slot.finish_departure();
    }

    /// Charges `bytes` against the memory bound, evicting idle persistent keys (CLOCK,
    /// second chance) if needed. The only source of `INSUFFICIENT_MEMORY`.
    fn reserve(&self, bytes: usize) -> Result<()> {
        let limit = self.config.memory_limit;
        loop {
            let cur = self.resident.load(Ordering::Relaxed);
            let next = cur.checked_add(bytes).ok_or(Error::InsufficientMemory)?;
            if next <= limit {
                if self
                    .resident
                    .compare_exchange(cur, next, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
                {
                    return Ok(());
                }
                continue;
            }
            if !self.evict_one() {
                return Err(Error::InsufficientMemory);
            }
        }
    }

    fn release(&self, bytes: usize) {
        self.resident.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// One CLOCK sweep step: evicts one idle, not recently used persistent key. Returns
    /// false when a full sweep found nothing evictable (every cached key is in use).
    fn evict_one(&self) -> bool {
        let budget = 2 * lock(&self.clock).len() + 1;
        for _ in 0..budget {
            let Some((id, slot)) = lock(&self.clock).pop_front() else {
                return false;
            };
            if slot.state() != State::Full {
                if slot.state() == State::Unloading {
                    lock(&self.clock).push_back((id, slot));
                }
                continue; // departed: drop the entry
            }
            if slot.take_referenced() {
                lock(&self.clock).push_back((id, slot));
                continue;
            }
            if slot.begin_departure(State::Unloading).is_ok()
                && let Some(data) = slot.take_if_idle()
            {
                self.finish_unload(id, &slot, Some(data));
                return true;
            }
            lock(&self.clock).push_back((id, slot));
        }
        false
    }

    /// Ids of the persistent keys that exist, ascending.
    ///
    /// Storage alone would disagree with lookups around a creation (the record is written
    /// before the key is published) and a destroy (the record is removed after its
    /// linearization point). So each stored id is checked against the table: an id whose
    /// slot is being created or loaded is waited for; one being destroyed is left out.
    /// Each listed key existed at some instant during the call.
    pub(crate) fn persistent_ids(&self) -> Result<Vec<KeyId>> {
        let mut ids = Vec::new();
        for uid in self.storage.list().map_err(storage_error)? {
            let Some(id) = u32::try_from(uid).ok().map(KeyId::from_raw) else {
                continue;
            };
            if is_persistent_id(id) && self.listed(id) {
                ids.push(id);
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Whether a stored id is a key now (see [`persistent_ids`](Self::persistent_ids)).
    /// Not in memory: the record must still exist *after* that check, since a destroy
    /// removes the record before it removes the slot (a record seen earlier may belong to a
    /// destroy that completed in between).
    fn listed(&self, id: KeyId) -> bool {
        loop {
            match self.table.with(id.raw(), |s| s.map(|s| s.state())) {
                None => return self.storage.exists(u64::from(id.raw())).unwrap_or(false),
                Some(State::Full | State::Unloading) => return true,
                Some(State::Destroying) => return false,
                Some(State::Creating | State::Loading | State::Dead) => yield_now(),
            }
        }
    }

    /// Volatile keys currently in memory.
    pub(crate) fn volatile_ids(&self) -> Vec<KeyId> {
        let mut ids: Vec<KeyId> = self
            .table
            .ids()
            .into_iter()
            .filter(|id| *id >= VOLATILE_MIN)
            .map(KeyId::from_raw)
            .collect();
        ids.sort();
        ids
    }

    /// Bytes currently charged against the memory bound.
    pub(crate) fn resident_bytes(&self) -> usize {
        self.resident.load(Ordering::Relaxed)
    }
}

fn slot_is_persistent(data: &Option<Arc<KeyData>>) -> bool {
    data.as_ref()
        .is_some_and(|d| !d.attrs.lifetime().is_volatile())
}

/// loom models of the store-level races (run with the slot models, see `slot.rs`).
#[cfg(all(test, loom))]
mod loom_models {
    use super::*;
    use loom::thread;
    use strongroom_storage::MemoryStorage;
    use strongroom_types::{KeyType, Usage};

    fn store() -> Arc<KeyStore> {
        let storage: std::sync::Arc<dyn Storage> = std::sync::Arc::new(MemoryStorage::new());
        Arc::new(KeyStore::new(
            storage,
            Config::default().with_reader_shards(2),
        ))
    }

    fn attrs(id: u32) -> KeyAttributes {
        KeyAttributes::new(KeyType::RAW_DATA, 8)
            .with_usage(Usage::EXPORT)
            .with_id(KeyId::from_raw(id))
    }

    fn material(store: &KeyStore, id: u32) -> Result<u8> {
        store.with_key(KeyId::from_raw(id), |d| Ok(d.material[0]))
    }

    /// Two creators of one persistent id: exactly one wins, the loser gets
    /// ALREADY_EXISTS, and the key holds the winner's material.
    #[test]
    fn loom_same_id_creation_race() {
        // The loser spins (yielding) while the winner is `Creating`: allow more branches.
        let mut b = loom::model::Builder::new();
        b.max_branches = 20_000;
        b.check(|| {
            let s = store();
            let s2 = s.clone();
            let other = thread::spawn(move || s2.create(attrs(5), &[2]));
            let mine = s.create(attrs(5), &[1]);
            let theirs = other.join().unwrap();
            let winner = match (&mine, &theirs) {
                (Ok(_), Err(Error::AlreadyExists)) => 1,
                (Err(Error::AlreadyExists), Ok(_)) => 2,
                other => panic!("exactly one creator must win: {other:?}"),
            };
            assert_eq!(material(&s, 5), Ok(winner));
        });
    }

    /// A use racing a creation of the same id: the use sees no key or the full key.
    #[test]
    fn loom_use_vs_create() {
        loom::model(|| {
            let s = store();
            let s2 = s.clone();
            let user = thread::spawn(move || material(&s2, 6));
            s.create(attrs(6), &[7]).unwrap();
            match user.join().unwrap() {
                Ok(m) => assert_eq!(m, 7),
                Err(e) => assert_eq!(e, Error::InvalidHandle),
            }
        });
    }

    /// Destroy racing a re-creation of the same id: the outcome is one of the two
    /// sequential orders.
    #[test]
    fn loom_destroy_vs_recreate() {
        loom::model(|| {
            let s = store();
            s.create(attrs(9), &[1]).unwrap();
            let s2 = s.clone();
            let creator = thread::spawn(move || s2.create(attrs(9), &[2]));
            let destroyed = s.destroy(KeyId::from_raw(9));
            let created = creator.join().unwrap();
            assert_eq!(destroyed, Ok(()));
            match created {
                // create after destroy
                Ok(_) => assert_eq!(material(&s, 9), Ok(2)),
                // create before destroy
                Err(e) => {
                    assert_eq!(e, Error::AlreadyExists);
                    assert_eq!(material(&s, 9), Err(Error::InvalidHandle));
                }
            }
        });
    }
}
