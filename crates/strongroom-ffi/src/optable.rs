//! The operation table: C operation objects (`struct { uint64_t opaque[4]; }`, zero =
//! inactive) hold a *handle* into a Rust-side table of boxed Rust operations.
//!
//! # Handle
//! `opaque[0] = (generation << 32) | (index + 1)`: never zero for a live operation, and
//! position-independent, so an object moved by `memcpy` between calls keeps working.
//! `opaque[1..4]` stay zero. Word 0 is only ever accessed atomically from Rust
//! (`AtomicU64::from_ptr`), so two C threads misusing one object race on an atomic, never
//! on plain memory: the misuse is detected (`PSA_ERROR_BAD_STATE`), it is not UB.
//!
//! # Table
//! One table per operation kind (`static`), made of lazily allocated segments of
//! [`SEG`] entries; an index maps to its entry without any lock (`OnceLock` per segment).
//! Each entry (64-byte aligned: no false sharing) is a `Mutex<Slot>` whose `try_lock` is the entry's *busy flag* (a
//! compare-exchange): a step that finds the entry locked returns `PSA_ERROR_BAD_STATE`
//! (another thread is using the same operation object), it never waits. The slot stores
//! the generation; a handle whose generation differs (a finished/aborted operation, or a
//! stale copy of the object) is `PSA_ERROR_BAD_STATE`. Generations are 32 bits: a stale
//! handle could name a new operation only after its entry was reused 2^32 times.
//! Free indices live in [`SHARDS`] sharded free lists (each thread picks its shard), so
//! setup/abort take a lock shared only by 1/16 of the threads and steps take no shared
//! lock at all: the hot path touches only the operation's own entry.
//!
//! # Life cycle
//! - setup: the C word must be 0 (else `BAD_STATE`); an entry is allocated and the handle
//!   is published with a compare-exchange 0 → handle (two threads setting up one object:
//!   one wins, the other frees its entry and gets `BAD_STATE`).
//! - step: lock (try), check generation, run. A panic inside a step drops the Rust
//!   operation and leaves the entry in the error state (next step `BAD_STATE`).
//! - finish (success): entry freed (generation bumped), C word back to 0. On failure the
//!   operation stays allocated in its error state until `*_abort`.
//! - abort: on a zero word or a stale handle succeeds (the object is inactive); else frees
//!   the entry and zeroes the word.
//! - `strongroom_crypto_free`: [`OpTable::clear`] frees every entry (generation bumped),
//!   so all outstanding C objects become stale.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError, TryLockError};

use strongroom::Error;

use crate::ptr::try_ptr;
use crate::types::OperationObject;

type Result<T> = core::result::Result<T, Error>;

/// Entries per segment.
pub const SEG: usize = 1024;
/// Segments per table: at most `SEG * SEGMENTS` (1 Mi) live operations of one kind.
pub const SEGMENTS: usize = 1024;
/// Free-list shards.
pub const SHARDS: usize = 16;

#[derive(Debug)]
struct Slot<T> {
    generation: u32,
    allocated: bool,
    /// `None` while allocated: the operation panicked (error state until abort).
    op: Option<T>,
}

/// One table entry on its own cache line(s): operations of different threads never share
/// a line (their indices are adjacent, see `alloc`).
#[derive(Debug)]
#[repr(align(64))]
struct Entry<T>(Mutex<Slot<T>>);

type Segment<T> = Box<[Entry<T>]>;

#[derive(Debug, Default)]
struct Shard {
    free: Vec<u32>,
    /// Next never-used local index k (global index = k * SHARDS + shard).
    next: u32,
}

/// A table of operations of one kind.
#[derive(Debug)]
pub struct OpTable<T> {
    segments: [OnceLock<Segment<T>>; SEGMENTS],
    shards: [Mutex<Shard>; SHARDS],
}

fn shard_of_thread() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SHARD: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    SHARD.with(|s| *s)
}

fn lock<S>(m: &Mutex<S>) -> std::sync::MutexGuard<'_, S> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The handle word of a C operation object.
///
/// # Safety
/// `obj` must point to a live operation object (32 bytes, 8-aligned: alignment and NULL
/// are checked) for the duration of the call; C code may copy it but Rust only touches
/// word 0, atomically.
pub(crate) unsafe fn word<'a>(obj: *mut OperationObject) -> Result<&'a AtomicU64> {
    let nn = try_ptr(obj)?;
    // SAFETY: non-NULL and 8-aligned (try_ptr; OperationObject is align 8), pointing to a
    // live object (caller's contract). Word 0 is a u64 at offset 0, valid for the call and
    // accessed only atomically from Rust.
    Ok(unsafe { AtomicU64::from_ptr(nn.as_ptr().cast::<u64>()) })
}

const fn handle(index: u32, generation: u32) -> u64 {
    ((generation as u64) << 32) | (index as u64 + 1)
}

const fn split(h: u64) -> (usize, u32) {
    (((h & 0xffff_ffff) - 1) as usize, (h >> 32) as u32)
}

impl<T> OpTable<T> {
    /// An empty table (no memory until the first operation).
    pub const fn new() -> Self {
        Self {
            segments: [const { OnceLock::new() }; SEGMENTS],
            shards: [const {
                Mutex::new(Shard {
                    free: Vec::new(),
                    next: 0,
                })
            }; SHARDS],
        }
    }

    fn entry(&self, index: usize) -> Option<&Mutex<Slot<T>>> {
        self.segments
            .get(index / SEG)?
            .get()
            .map(|s| &s[index % SEG].0)
    }

    fn entry_or_alloc(&self, index: usize) -> Result<&Mutex<Slot<T>>> {
        let seg = self
            .segments
            .get(index / SEG)
            .ok_or(Error::InsufficientMemory)?;
        let s = seg.get_or_init(|| {
            (0..SEG)
                .map(|_| {
                    Entry(Mutex::new(Slot {
                        generation: 0,
                        allocated: false,
                        op: None,
                    }))
                })
                .collect()
        });
        Ok(&s[index % SEG].0)
    }

    /// Stores `op` in a free entry and returns its handle.
    fn alloc(&self, op: T) -> Result<u64> {
        let shard_no = shard_of_thread();
        let index = {
            let mut shard = lock(&self.shards[shard_no]);
            match shard.free.pop() {
                Some(i) => i as usize,
                None => {
                    let i = shard.next as usize * SHARDS + shard_no;
                    if i >= SEG * SEGMENTS {
                        return Err(Error::InsufficientMemory);
                    }
                    shard.next += 1;
                    i
                }
            }
        };
        let entry = match self.entry_or_alloc(index) {
            Ok(e) => e,
            Err(e) => {
                lock(&self.shards[shard_no]).free.push(index as u32);
                return Err(e);
            }
        };
        // Blocking lock: a free entry is only ever held for an instant by a stale handle's
        // generation check.
        let mut slot = lock(entry);
        slot.allocated = true;
        slot.op = Some(op);
        Ok(handle(index as u32, slot.generation))
    }

    fn release(&self, index: usize, slot: &mut Slot<T>) -> Option<T> {
        slot.allocated = false;
        slot.generation = slot.generation.wrapping_add(1);
        let op = slot.op.take();
        lock(&self.shards[index % SHARDS]).free.push(index as u32);
        op
    }

    /// Setup: the object must be inactive (word 0); `make` builds the operation; the handle
    /// is published with a compare-exchange.
    pub(crate) fn setup(&self, w: &AtomicU64, make: impl FnOnce() -> Result<T>) -> Result<()> {
        if w.load(Ordering::Acquire) != 0 {
            return Err(Error::BadState);
        }
        let op = make()?;
        let h = self.alloc(op)?;
        if w.compare_exchange(0, h, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            self.free_handle(h);
            return Err(Error::BadState);
        }
        Ok(())
    }

    /// Runs one step on the operation of handle word `w`. `done(&result)` says whether the
    /// operation is finished afterwards (then it is freed and the word zeroed).
    pub(crate) fn step<R>(
        &self,
        w: &AtomicU64,
        f: impl FnOnce(&mut T) -> Result<R>,
        done: impl FnOnce(&Result<R>) -> bool,
    ) -> Result<R> {
        let h = w.load(Ordering::Acquire);
        if h == 0 {
            return Err(Error::BadState);
        }
        let (index, generation) = split(h);
        let entry = self.entry(index).ok_or(Error::BadState)?;
        let mut slot = match entry.try_lock() {
            Ok(g) => g,
            Err(TryLockError::WouldBlock) => return Err(Error::BadState),
            Err(TryLockError::Poisoned(p)) => {
                entry.clear_poison();
                let mut g = p.into_inner();
                g.op = None;
                g
            }
        };
        if !slot.allocated || slot.generation != generation {
            return Err(Error::BadState);
        }
        let op = slot.op.as_mut().ok_or(Error::BadState)?;
        let r = match catch_unwind(AssertUnwindSafe(|| f(op))) {
            Ok(r) => r,
            Err(p) => {
                slot.op = None; // error state until abort
                drop(slot);
                resume_unwind(p); // reported by the entry point's boundary
            }
        };
        if done(&r) {
            drop(self.release(index, &mut slot));
            let _ = w.compare_exchange(h, 0, Ordering::AcqRel, Ordering::Acquire);
        }
        r
    }

    /// Takes a copy-like product of the operation (e.g. a clone) without finishing it.
    pub(crate) fn with<R>(&self, w: &AtomicU64, f: impl FnOnce(&mut T) -> Result<R>) -> Result<R> {
        self.step(w, f, |_| false)
    }

    /// Stores a new operation for an inactive target object (clone).
    pub(crate) fn install(&self, w: &AtomicU64, op: T) -> Result<()> {
        self.setup(w, || Ok(op))
    }

    /// `*_abort`: succeeds on an inactive object or a stale handle; `BAD_STATE` only when
    /// another thread is inside a step of this very operation.
    pub(crate) fn abort(&self, w: &AtomicU64, abort_op: impl FnOnce(&mut T)) -> Result<()> {
        let h = w.load(Ordering::Acquire);
        if h == 0 {
            return Ok(());
        }
        let (index, generation) = split(h);
        if let Some(entry) = self.entry(index) {
            let mut slot = match entry.try_lock() {
                Ok(g) => g,
                Err(TryLockError::WouldBlock) => return Err(Error::BadState),
                Err(TryLockError::Poisoned(p)) => {
                    entry.clear_poison();
                    p.into_inner()
                }
            };
            if slot.allocated
                && slot.generation == generation
                && let Some(mut op) = self.release(index, &mut slot)
            {
                drop(slot);
                abort_op(&mut op);
            }
        }
        let _ = w.compare_exchange(h, 0, Ordering::AcqRel, Ordering::Acquire);
        Ok(())
    }

    fn free_handle(&self, h: u64) {
        let (index, generation) = split(h);
        if let Some(entry) = self.entry(index) {
            let mut slot = lock(entry);
            if slot.allocated && slot.generation == generation {
                drop(self.release(index, &mut slot));
            }
        }
    }

    /// Frees every live operation (library teardown; single-threaded by contract).
    /// Returns how many were freed.
    pub(crate) fn clear(&self) -> usize {
        let mut n = 0;
        for (si, seg) in self.segments.iter().enumerate() {
            let Some(entries) = seg.get() else { continue };
            for (i, e) in entries.iter().enumerate() {
                let mut slot = lock(&e.0);
                if slot.allocated {
                    drop(self.release(si * SEG + i, &mut slot));
                    n += 1;
                }
            }
        }
        n
    }

    /// Number of live operations (tests, diagnostics).
    pub fn live(&self) -> usize {
        self.segments
            .iter()
            .filter_map(|s| s.get())
            .flat_map(|s| s.iter())
            .filter(|e| lock(&e.0).allocated)
            .count()
    }
}

impl<T> Default for OpTable<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_handles_never_reach_a_reused_entry() {
        let t: OpTable<u64> = OpTable::new();
        let w = AtomicU64::new(0);
        t.setup(&w, || Ok(1)).unwrap();
        let old = w.load(Ordering::Relaxed);
        let stale = AtomicU64::new(old); // a memcpy'd copy of the object
        t.abort(&w, |_| {}).unwrap();
        assert_eq!(w.load(Ordering::Relaxed), 0);
        // The same thread reuses the freed index at once, with a new generation.
        t.setup(&w, || Ok(2)).unwrap();
        let new = w.load(Ordering::Relaxed);
        assert_eq!(split(new).0, split(old).0, "index reused");
        assert_ne!(new, old);
        assert_eq!(t.with(&stale, |v| Ok(*v)), Err(Error::BadState));
        assert_eq!(
            t.abort(&stale, |_| {}),
            Ok(()),
            "abort of a stale copy succeeds"
        );
        assert_eq!(
            t.with(&w, |v| Ok(*v)),
            Ok(2),
            "and does not touch the live op"
        );
        assert_eq!(
            t.setup(&w, || Ok(3)),
            Err(Error::BadState),
            "setup on an active object"
        );
        // A finishing step frees the entry and zeroes the word; a failed one does not.
        assert_eq!(
            t.step(&w, |_| Err::<(), _>(Error::InvalidSignature), Result::is_ok),
            Err(Error::InvalidSignature)
        );
        assert_ne!(w.load(Ordering::Relaxed), 0);
        assert_eq!(t.step(&w, |v| Ok(*v), Result::is_ok), Ok(2));
        assert_eq!(w.load(Ordering::Relaxed), 0);
        assert_eq!(t.live(), 0);
    }

    #[test]
    fn panicking_step_leaves_error_state() {
        let t: OpTable<u64> = OpTable::new();
        let w = AtomicU64::new(0);
        t.setup(&w, || Ok(1)).unwrap();
        let r = catch_unwind(AssertUnwindSafe(|| {
            t.with(&w, |_| -> Result<()> { panic!("expected test panic") })
        }));
        assert!(r.is_err());
        assert_eq!(t.with(&w, |v| Ok(*v)), Err(Error::BadState));
        assert_eq!(t.abort(&w, |_| {}), Ok(()));
        assert_eq!(t.live(), 0);
    }

    #[test]
    fn concurrent_setup_steps_and_aborts() {
        let t: OpTable<u64> = OpTable::new();
        std::thread::scope(|s| {
            for id in 0..8u64 {
                let t = &t;
                s.spawn(move || {
                    let w = AtomicU64::new(0);
                    for i in 0..5_000u64 {
                        let v = id << 32 | i;
                        t.setup(&w, || Ok(v)).unwrap();
                        assert_eq!(t.with(&w, |x| Ok(*x)), Ok(v));
                        if i % 2 == 0 {
                            t.abort(&w, |_| {}).unwrap();
                        } else {
                            assert_eq!(t.step(&w, |x| Ok(*x), Result::is_ok), Ok(v));
                        }
                        assert_eq!(w.load(Ordering::Relaxed), 0);
                    }
                });
            }
        });
        assert_eq!(t.live(), 0);
        // Two threads setting up the same object: exactly one wins.
        for _ in 0..200 {
            let w = AtomicU64::new(0);
            let wins = AtomicUsize::new(0);
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| {
                        if t.setup(&w, || Ok(0)).is_ok() {
                            wins.fetch_add(1, Ordering::Relaxed);
                        }
                    });
                }
            });
            assert_eq!(wins.load(Ordering::Relaxed), 1);
            t.abort(&w, |_| {}).unwrap();
        }
        assert_eq!(t.live(), 0);
    }
}
