//! The key table: key id → the slot of the key instance currently in memory.
//!
//! Production: a `papaya` lock-free hash map. A lookup pins an epoch guard (a write to the
//! calling thread's own record only) and reads; it writes no cache line shared with other
//! threads and takes no lock. Insert and remove are lock-free. Removed slots are freed when
//! no pinned reader can still see them; by then they hold no key data (the departure took
//! it), so deferred freeing keeps no secret alive.
//!
//! Under loom, and in ThreadSanitizer builds (`--cfg strongroom_tsan`): a mutex-protected
//! `HashMap` with the same linearizable interface. papaya's reclamation (seize) orders
//! memory with fences, which ThreadSanitizer does not model, so it reports false races
//! inside it; with the stand-in, TSan checks all of *our* synchronization.

use crate::slot::Slot;
use crate::sync::Arc;

/// A fixed, fast mixing hasher for 32-bit ids. Ids come from the local application or
/// from our own counter, not from a remote peer, so no keyed (DoS-resistant) hash is needed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        // splitmix64 finalizer
        let mut z = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = u64::from(v);
    }
}

type BuildIdHasher = std::hash::BuildHasherDefault<IdHasher>;

/// Removed slots retired per reclamation batch (see `KeyTable::new`).
#[cfg(not(any(loom, strongroom_tsan)))]
const RECLAIM_BATCH: usize = 2048;

#[derive(Debug)]
pub(crate) struct KeyTable<T> {
    #[cfg(not(any(loom, strongroom_tsan)))]
    map: papaya::HashMap<u32, Arc<Slot<T>>, BuildIdHasher>,
    #[cfg(any(loom, strongroom_tsan))]
    map: crate::sync::Mutex<std::collections::HashMap<u32, Arc<Slot<T>>, BuildIdHasher>>,
}

impl<T: Send + Sync> KeyTable<T> {
    pub(crate) fn new() -> Self {
        #[cfg(not(any(loom, strongroom_tsan)))]
        {
            // Removed slots are reclaimed in batches. Each batch costs one process-wide
            // memory barrier (`membarrier`, an interrupt on every core running the
            // process): with seize's default of 32, volatile-key churn spent ~20% of its
            // time there at T=2. Slots hold no key material once removed, so a larger
            // batch only delays freeing empty shells.
            let collector = seize::Collector::new().batch_size(RECLAIM_BATCH);
            Self {
                map: papaya::HashMap::builder()
                    .hasher(BuildIdHasher::default())
                    .collector(collector)
                    .build(),
            }
        }
        #[cfg(any(loom, strongroom_tsan))]
        {
            Self {
                map: Default::default(),
            }
        }
    }

    /// Runs `f` on the slot for `id`, if any. The reference is valid for the call.
    pub(crate) fn with<R>(&self, id: u32, f: impl FnOnce(Option<&Arc<Slot<T>>>) -> R) -> R {
        #[cfg(not(any(loom, strongroom_tsan)))]
        {
            let m = self.map.pin();
            f(m.get(&id))
        }
        #[cfg(any(loom, strongroom_tsan))]
        {
            let s = crate::sync::lock(&self.map).get(&id).cloned();
            f(s.as_ref())
        }
    }

    /// Inserts `slot` if `id` is free. Otherwise returns the current occupant. This is the
    /// single decision point between concurrent creators of one id.
    pub(crate) fn try_insert(&self, id: u32, slot: Arc<Slot<T>>) -> Result<(), Arc<Slot<T>>> {
        #[cfg(not(any(loom, strongroom_tsan)))]
        {
            let m = self.map.pin();
            match m.try_insert(id, slot) {
                Ok(_) => Ok(()),
                Err(e) => Err(Arc::clone(e.current)),
            }
        }
        #[cfg(any(loom, strongroom_tsan))]
        {
            use std::collections::hash_map::Entry;
            match crate::sync::lock(&self.map).entry(id) {
                Entry::Occupied(o) => Err(o.get().clone()),
                Entry::Vacant(v) => {
                    v.insert(slot);
                    Ok(())
                }
            }
        }
    }

    /// Removes the entry for `id` only if it is this very slot (a stale remover must not
    /// remove a successor).
    pub(crate) fn remove_if_same(&self, id: u32, slot: &Arc<Slot<T>>) {
        #[cfg(not(any(loom, strongroom_tsan)))]
        {
            let m = self.map.pin();
            let _ = m.remove_if(&id, |_, v| Arc::ptr_eq(v, slot));
        }
        #[cfg(any(loom, strongroom_tsan))]
        {
            let mut m = crate::sync::lock(&self.map);
            if m.get(&id).is_some_and(|v| Arc::ptr_eq(v, slot)) {
                m.remove(&id);
            }
        }
    }

    /// Snapshot of the ids present (any state).
    pub(crate) fn ids(&self) -> Vec<u32> {
        #[cfg(not(any(loom, strongroom_tsan)))]
        {
            self.map.pin().keys().copied().collect()
        }
        #[cfg(any(loom, strongroom_tsan))]
        {
            crate::sync::lock(&self.map).keys().copied().collect()
        }
    }
}
