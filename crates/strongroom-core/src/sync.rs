//! The only module that names atomics, locks and `Arc`.
//!
//! Under `cfg(loom)` every primitive is loom's, so the loom models in `slot.rs` explore the
//! real state machine. Two containers that loom cannot look inside (the lock-free key table
//! and the lock-free data cell) get a lock-based stand-in with the same linearizable
//! interface under loom; the production versions are `papaya` and `arc-swap`.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Mutex, MutexGuard};
#[cfg(loom)]
pub(crate) use loom::thread::yield_now;

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Mutex, MutexGuard};

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

/// A cell holding an optional `Arc<T>`, read without writing any shared cache line.
///
/// Only written while the slot protocol guarantees no reader is inside (see `slot.rs`), so
/// the production version's guards never outlive a registration.
#[cfg(not(loom))]
pub(crate) struct DataCell<T>(arc_swap::ArcSwapOption<T>);

#[cfg(not(loom))]
impl<T> DataCell<T> {
    pub(crate) fn new(value: Option<Arc<T>>) -> Self {
        Self(arc_swap::ArcSwapOption::new(value))
    }
    /// Runs `f` on the current value.
    pub(crate) fn with<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        let guard = self.0.load();
        f(guard.as_deref())
    }
    pub(crate) fn store(&self, value: Option<Arc<T>>) {
        self.0.store(value);
    }
    pub(crate) fn take(&self) -> Option<Arc<T>> {
        self.0.swap(None)
    }
}

#[cfg(loom)]
pub(crate) struct DataCell<T>(Mutex<Option<Arc<T>>>);

#[cfg(loom)]
impl<T> DataCell<T> {
    pub(crate) fn new(value: Option<Arc<T>>) -> Self {
        Self(Mutex::new(value))
    }
    pub(crate) fn with<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        let v = lock(&self.0).clone();
        f(v.as_deref())
    }
    pub(crate) fn store(&self, value: Option<Arc<T>>) {
        *lock(&self.0) = value;
    }
    pub(crate) fn take(&self) -> Option<Arc<T>> {
        lock(&self.0).take()
    }
}

impl<T> std::fmt::Debug for DataCell<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataCell(..)")
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
