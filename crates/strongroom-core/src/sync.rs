//! The only module that names atomics, locks and `Arc`.
//!
//! Under `cfg(loom)` every primitive is loom's, so the loom models in `slot.rs` explore the
//! real state machine. The one container loom cannot look inside, the lock-free key table
//! (`papaya`), gets a lock-based stand-in with the same linearizable interface under loom.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
#[cfg(loom)]
pub(crate) use loom::thread::yield_now;

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Gives way to another thread while waiting for a bounded step of another thread
/// (a storage read, a crypto step in flight).
#[cfg(not(loom))]
pub(crate) fn yield_now() {
    std::thread::yield_now();
}

/// Locks a mutex, ignoring poisoning: every critical section in the engine leaves its data
/// consistent at every point where it could panic, so a poisoned lock holds valid data.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    #[cfg(not(loom))]
    {
        m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    #[cfg(loom)]
    {
        m.lock().unwrap()
    }
}

/// Aligns its content to 128 bytes, so two of them never share a cache line (x86 prefetches
/// pairs of 64-byte lines).
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct CachePadded<T>(pub(crate) T);

/// Read-locks, ignoring poisoning (a read guard never poisons; a write guard is held only
/// by engine code that leaves the data consistent at every panic point).
pub(crate) fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    #[cfg(not(loom))]
    {
        l.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    #[cfg(loom)]
    {
        l.read().unwrap()
    }
}

/// Write-locks, ignoring poisoning (see [`read`]).
pub(crate) fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    #[cfg(not(loom))]
    {
        l.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    #[cfg(loom)]
    {
        l.write().unwrap()
    }
}

/// Write-locks if no one holds the lock now.
pub(crate) fn try_write<T>(l: &RwLock<T>) -> Option<RwLockWriteGuard<'_, T>> {
    #[cfg(not(loom))]
    {
        match l.try_write() {
            Ok(g) => Some(g),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }
    #[cfg(loom)]
    {
        l.try_write().ok()
    }
}

/// A small per-thread number, assigned round-robin at a thread's first call, used to pick
/// a reader shard. Threads spread over shards without hashing thread ids on every call.
pub(crate) fn thread_index() -> usize {
    #[cfg(not(loom))]
    {
        use std::cell::Cell;
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        thread_local! {
            static INDEX: Cell<usize> = const { Cell::new(usize::MAX) };
        }
        INDEX.with(|i| {
            let mut v = i.get();
            if v == usize::MAX {
                v = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i.set(v);
            }
            v
        })
    }
    #[cfg(loom)]
    {
        // Under loom: the same round-robin, with loom's per-execution statics, so that the
        // model's threads land on different shards and each execution is deterministic.
        use std::cell::Cell;
        loom::lazy_static! {
            static ref NEXT: loom::sync::atomic::AtomicUsize =
                loom::sync::atomic::AtomicUsize::new(0);
        }
        loom::thread_local! {
            static INDEX: Cell<usize> = Cell::new(usize::MAX);
        }
        INDEX.with(|i| {
            let mut v = i.get();
            if v == usize::MAX {
                v = NEXT.fetch_add(1, Ordering::Relaxed);
                i.set(v);
            }
            v
        })
    }
}
