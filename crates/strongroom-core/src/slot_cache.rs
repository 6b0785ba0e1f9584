//! A small per-thread cache of recently used slots, so that the common path of a key use
//! skips the key-table lookup (which pins an epoch and hashes: about a tenth of a 64-byte
//! HMAC call).
//!
//! Correctness rests on one property of the store: at any instant at most one slot per id
//! is `FULL`, and it is the table's entry for that id (a slot becomes `FULL` only while in
//! the table, leaves `FULL` by a CAS before it is removed, and a successor is inserted only
//! after the removal). So a cached slot that [`Slot::acquire`](crate::slot::Slot::acquire)
//! finds `FULL` is exactly the slot the table would have returned; any other answer makes
//! the caller drop the entry and fall back to the table. A cached slot keeps only the slot
//! shell alive: its key data is taken out at the slot's departure.

use std::cell::RefCell;

use crate::store::KeySlot;
use crate::sync::Arc;

const WAYS: usize = 4;

#[derive(Default)]
struct Entries {
    next: usize,
    entries: [Option<(u64, u32, Arc<KeySlot>)>; WAYS],
}

thread_local! {
    static CACHE: RefCell<Entries> = RefCell::new(Entries::default());
}

/// Runs `f` on the cached slot for (`instance`, `id`), if this thread has one. `None` when
/// there is none (or the cache is in use further up this thread's stack).
pub(crate) fn with_cached<R>(
    instance: u64,
    id: u32,
    f: impl FnOnce(&Arc<KeySlot>) -> R,
) -> Option<R> {
    CACHE
        .try_with(|c| {
            let c = c.try_borrow().ok()?;
            let slot = c
                .entries
                .iter()
                .flatten()
                .find(|(i, k, _)| *i == instance && *k == id)?;
            Some(f(&slot.2))
        })
        .ok()
        .flatten()
}

/// Remembers `slot` as the slot of (`instance`, `id`), replacing the oldest entry.
pub(crate) fn remember(instance: u64, id: u32, slot: &Arc<KeySlot>) {
    let _ = CACHE.try_with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            let i = c.next;
            c.entries[i] = Some((instance, id, Arc::clone(slot)));
            c.next = (i + 1) % WAYS;
        }
    });
}

/// Drops the entry for (`instance`, `id`) (its slot left `FULL`).
pub(crate) fn forget(instance: u64, id: u32) {
    let _ = CACHE.try_with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            for e in c.entries.iter_mut() {
                if e.as_ref()
                    .is_some_and(|(i, k, _)| *i == instance && *k == id)
                {
                    *e = None;
                }
            }
        }
    });
}
