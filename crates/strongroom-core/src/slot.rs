//! The key slot state machine: one `Slot` per key *instance*, never reused.
//!
//! A slot is created for one key (one creation, or one load of a persistent key from
//! storage), lives in the key table while the key is in memory, and dies when the key is
//! destroyed or unloaded. A later key with the same id gets a fresh slot. Threads that
//! still hold the old `Arc<Slot>` see it `DEAD` and retry their lookup.
//!
//! # States
//! ```text
//!              publish                destroy (LP)
//!  CREATING ───────────► FULL ────────────────────► DESTROYING ──► DEAD
//!  LOADING  ───────────►  │  ▲                                      ▲
//!     │                   │  │ evict aborted (a reader was inside)  │
//!     │ load failed       ▼  │                                      │
//!     └──────► DEAD    UNLOADING (purge, eviction) ─────────────────┘
//! ```
//! `CREATING` and `LOADING` are the seed's *Filling*, `DESTROYING` and `UNLOADING` its
//! *PendingDeletion*, `DEAD` its *Empty*.
//!
//! # Invariants
//! 1. `data` is `Some` only in `CREATING` (set before the slot is shared), `FULL`,
//!    `UNLOADING` and `DESTROYING`; it is stored before the transition to `FULL` and taken
//!    only after the transition out of `FULL` *and* after every reader has left.
//! 2. A reader uses `data` only between [`Slot::acquire`] returning `Ok` and the drop of
//!    its [`ReadGuard`]. `acquire` registers the reader (an acquire-release increment of
//!    its shard) *before* it reads `state`, and returns `Ok` only if it read `FULL`.
//! 3. Every transition out of `FULL` is a compare-and-swap from `FULL`, so exactly one
//!    thread owns a slot's departure (one destroy wins; the others see `DESTROYING`).
//! 4. The owner of a departure waits until all reader shards read zero *after* its CAS,
//!    reading each shard with a read-modify-write (`fetch_add(0)`), not a plain load.
//!    RMWs on one counter are totally ordered: if the reader's increment comes first, the
//!    owner's RMW sees it and waits; if the owner's RMW comes first, the reader's increment
//!    reads from it and (acquire/release) synchronizes with it, so the reader's following
//!    load of `state` sees the departure. Either way no reader that saw `FULL` is missed,
//!    and none enters afterwards. This holds under the Rust/C++ memory model without
//!    relying on `SeqCst` between different locations (the loom models check it; loom
//!    rejected the plain-load version, which needs full sequential consistency).
//!    A reader's decrement (release) happens-before the owner's RMW that reads zero, so all
//!    of the reader's uses of `data` happen-before the owner takes it.
//! 5. Only the thread that took `data` (the departure owner) drops it, so the key material
//!    and its prepared forms are zeroized before `destroy`/`purge` returns.
//!
//! # Linearization points
//! - creation of a key: the store of `FULL` in [`Slot::publish`] (before it, lookups treat
//!   the id as absent; the *decision* between two same-id creators is the table insert);
//! - destroy: the successful CAS `FULL → DESTROYING` in [`Slot::begin_departure`];
//! - a use of a key (one-shot call or one step of a multi-part operation): the load of
//!   `state` in [`Slot::acquire`] that reads `FULL`;
//! - purge/eviction are not visible to callers (the key still exists); an eviction is
//!   *aborted* if a reader is inside, so it never evicts a key in use.
//!
//! # Fairness
//! A departure stops new readers at once (they see the new state) and waits only for the
//! readers already inside, each of which is doing one bounded step. Readers cannot starve a
//! destroy. A destroy makes concurrent readers fail (`DESTROYING`) or retry (`UNLOADING`).
//!
//! # Cost of a use
//! One `fetch_add` and one `fetch_sub` on the caller's reader shard (a cache line shared
//! only with the threads that map to the same shard), loads of `state` and of the data
//! cell, and a relaxed load (and, rarely, a store) of the CLOCK bit. No write to a line
//! shared by all threads.

use crate::sync::{AtomicBool, AtomicU32, AtomicUsize, CachePadded, DataCell, Ordering, yield_now};
use crate::sync::{Arc, thread_index};

/// Slot states (see the module documentation for the diagram).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum State {
    /// A creator holds the slot; the key does not exist yet.
    Creating = 0,
    /// A persistent key is being read from storage; lookups wait.
    Loading = 1,
    /// The key is usable.
    Full = 2,
    /// Being removed from memory (purge, eviction); the key still exists: lookups retry.
    Unloading = 3,
    /// Being destroyed; the key no longer exists: lookups fail.
    Destroying = 4,
    /// Gone from memory; holders of a stale `Arc<Slot>` retry their lookup.
    Dead = 5,
}

impl State {
    fn from_u32(v: u32) -> State {
        match v {
            0 => State::Creating,
            1 => State::Loading,
            2 => State::Full,
            3 => State::Unloading,
            4 => State::Destroying,
            _ => State::Dead,
        }
    }
}

/// Why [`Slot::acquire`] did not give access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Busy {
    /// The key does not exist (being created, destroyed): the caller reports it absent.
    Absent,
    /// The slot is in transit (loading, unloading, dead): the caller looks it up again.
    Retry,
}

/// Reader registration, striped over cache-padded counters so that readers of one hot key
/// on different cores do not write the same cache line.
#[derive(Debug)]
struct ReaderShards {
    shards: Box<[CachePadded<AtomicUsize>]>,
}

impl ReaderShards {
    fn new(n: usize) -> Self {
        let n = n.max(1).next_power_of_two();
        Self { shards: (0..n).map(|_| CachePadded(AtomicUsize::new(0))).collect() }
    }

    fn pick(&self) -> usize {
        thread_index() & (self.shards.len() - 1)
    }

    fn enter(&self, shard: usize) {
        self.shards[shard].0.fetch_add(1, Ordering::AcqRel);
    }

    fn leave(&self, shard: usize) {
        self.shards[shard].0.fetch_sub(1, Ordering::Release);
    }

    /// Whether every shard read zero in one pass of read-modify-writes (after the caller's
    /// state transition, this means no reader that saw `FULL` is still inside: invariant 4).
    fn all_zero(&self) -> bool {
        self.shards.iter().all(|s| s.0.fetch_add(0, Ordering::AcqRel) == 0)
    }

    fn bytes(&self) -> usize {
        self.shards.len() * core::mem::size_of::<CachePadded<AtomicUsize>>()
    }
}

/// One key instance in memory. `T` is the key data (material, attributes, prepared forms).
#[derive(Debug)]
pub(crate) struct Slot<T> {
    state: AtomicU32,
    readers: ReaderShards,
    data: DataCell<T>,
    /// CLOCK "recently used" bit for cache eviction; written only when it was clear.
    referenced: AtomicBool,
}

impl<T> Slot<T> {
    /// A slot for a key being created, holding its data already (invariant 1).
    pub(crate) fn creating(data: Arc<T>, shards: usize) -> Self {
        Self::with_state(State::Creating, Some(data), shards)
    }

    /// A slot for a persistent key about to be read from storage.
    pub(crate) fn loading(shards: usize) -> Self {
        Self::with_state(State::Loading, None, shards)
    }

    fn with_state(state: State, data: Option<Arc<T>>, shards: usize) -> Self {
        Self {
            state: AtomicU32::new(state as u32),
            readers: ReaderShards::new(shards),
            data: DataCell::new(data),
            referenced: AtomicBool::new(true),
        }
    }

    pub(crate) fn state(&self) -> State {
        State::from_u32(self.state.load(Ordering::SeqCst))
    }

    /// Memory the slot itself takes, beyond the key data (for the cache bound).
    pub(crate) fn overhead_bytes(&self) -> usize {
        core::mem::size_of::<Self>() + self.readers.bytes()
    }

    /// Makes a `CREATING` or `LOADING` slot usable. For `LOADING`, `data` is the loaded key.
    /// Linearization point of a key's creation (or, for a load, of nothing visible).
    pub(crate) fn publish(&self, data: Option<Arc<T>>) {
        if let Some(d) = data {
            self.data.store(Some(d));
        }
        self.state.store(State::Full as u32, Ordering::SeqCst);
    }

    /// Abandons a `CREATING`/`LOADING` slot that never became `FULL`, dropping its data.
    /// The caller removes the slot from the table.
    pub(crate) fn abandon(&self) -> Option<Arc<T>> {
        let data = self.data.take();
        self.state.store(State::Dead as u32, Ordering::SeqCst);
        data
    }

    /// Registers as a reader. On `Ok`, the key data is usable until the guard drops.
    /// Linearization point of the use: the load of `state` below that reads `FULL`.
    pub(crate) fn acquire(&self) -> Result<ReadGuard<'_, T>, Busy> {
        let shard = self.readers.pick();
        self.readers.enter(shard);
        match self.state() {
            State::Full => {
                if !self.referenced.load(Ordering::Relaxed) {
                    self.referenced.store(true, Ordering::Relaxed);
                }
                Ok(ReadGuard { slot: self, shard })
            }
            other => {
                self.readers.leave(shard);
                Err(match other {
                    State::Creating | State::Destroying => Busy::Absent,
                    _ => Busy::Retry,
                })
            }
        }
    }

    /// Starts the departure of a `FULL` slot: `Destroying` for destroy, `Unloading` for
    /// purge and eviction. Exactly one caller wins (invariant 3); the loser gets the state
    /// it found. For destroy, a successful CAS is the linearization point.
    pub(crate) fn begin_departure(&self, to: State) -> Result<(), State> {
        debug_assert!(matches!(to, State::Destroying | State::Unloading));
        self.state
            .compare_exchange(State::Full as u32, to as u32, Ordering::SeqCst, Ordering::SeqCst)
            .map(|_| ())
            .map_err(State::from_u32)
    }

    /// After a successful [`begin_departure`](Self::begin_departure): waits for the readers
    /// already inside (each is one bounded step), then takes the data out. The caller drops
    /// it (zeroizing it) and marks the slot dead with [`finish_departure`](Self::finish_departure).
    pub(crate) fn drain_and_take(&self) -> Option<Arc<T>> {
        while !self.readers.all_zero() {
            yield_now();
        }
        self.data.take()
    }

    /// For eviction: after `begin_departure(Unloading)`, takes the data only if no reader is
    /// inside; otherwise puts the slot back to `FULL` and returns `None` (a key in use is
    /// never evicted).
    pub(crate) fn take_if_idle(&self) -> Option<Arc<T>> {
        if self.readers.all_zero() {
            self.data.take()
        } else {
            self.state.store(State::Full as u32, Ordering::SeqCst);
            None
        }
    }

    /// Ends a departure: the slot is dead; the caller has removed it from the table.
    pub(crate) fn finish_departure(&self) {
        self.state.store(State::Dead as u32, Ordering::SeqCst);
    }

    /// CLOCK second chance: clears the bit and reports whether it was set.
    pub(crate) fn take_referenced(&self) -> bool {
        self.referenced.swap(false, Ordering::Relaxed)
    }
}

/// A registered reader of a `FULL` slot. Dropping it deregisters. It borrows the slot
/// (no reference-count traffic on the key's shared `Arc`).
#[derive(Debug)]
pub(crate) struct ReadGuard<'a, T> {
    slot: &'a Slot<T>,
    shard: usize,
}

impl<T> ReadGuard<'_, T> {
    /// Runs `f` on the key data. The data is present for as long as the guard lives
    /// (invariant 1 and 2).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.slot.data.with(|d| d.map(f))
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    fn drop(&mut self) {
        self.slot.readers.leave(self.shard);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn reader_blocks_eviction_but_not_destroy_start() {
        let slot = Arc::new(Slot::creating(Arc::new(7u32), 4));
        assert_eq!(slot.acquire().unwrap_err(), Busy::Absent);
        slot.publish(None);
        let g = slot.acquire().expect("full");
        assert_eq!(g.with(|v| *v), Some(7));
        slot.begin_departure(State::Unloading).unwrap();
        assert!(slot.take_if_idle().is_none(), "a key in use must not be evicted");
        assert_eq!(slot.state(), State::Full);
        drop(g);
        slot.begin_departure(State::Destroying).unwrap();
        assert_eq!(slot.begin_departure(State::Destroying), Err(State::Destroying));
        assert_eq!(slot.acquire().unwrap_err(), Busy::Absent);
        let data = slot.drain_and_take().expect("data");
        assert_eq!(Arc::strong_count(&data), 1, "no reader may still hold the data");
        slot.finish_departure();
        assert_eq!(slot.acquire().unwrap_err(), Busy::Retry);
    }
}

/// loom models of the protocol: `RUSTFLAGS="--cfg loom" cargo test -p strongroom-core
/// --release loom`. Each model asserts what every interleaving must satisfy.
#[cfg(all(test, loom))]
mod loom_models {
    use super::*;
    use loom::sync::atomic::AtomicBool as LAtomicBool;
    use loom::thread;

    /// Key data that records whether it has been wiped (dropped).
    #[derive(Debug)]
    struct Material {
        alive: Arc<LAtomicBool>,
    }
    impl Drop for Material {
        fn drop(&mut self) {
            self.alive.store(false, Ordering::SeqCst);
        }
    }

    fn full_slot() -> (Arc<Slot<Material>>, Arc<LAtomicBool>) {
        let alive = Arc::new(LAtomicBool::new(true));
        let slot = Arc::new(Slot::creating(Arc::new(Material { alive: alive.clone() }), 2));
        slot.publish(None);
        (slot, alive)
    }

    /// Destroy racing a use: the reader either fails or sees live material for the whole
    /// of its step; once destroy returns, the material is wiped.
    #[test]
    fn loom_destroy_vs_use() {
        loom::model(|| {
            let (slot, alive) = full_slot();
            let s2 = slot.clone();
            let reader = thread::spawn(move || match s2.acquire() {
                Ok(g) => {
                    let seen = g.with(|m| m.alive.load(Ordering::SeqCst)).expect("data present");
                    thread::yield_now();
                    let still = g.with(|m| m.alive.load(Ordering::SeqCst)).expect("data present");
                    assert!(seen && still, "material wiped under a registered reader");
                    true
                }
                Err(_) => false,
            });
            slot.begin_departure(State::Destroying).unwrap();
            let data = slot.drain_and_take();
            drop(data);
            slot.finish_departure();
            assert!(!alive.load(Ordering::SeqCst), "material survived destroy");
            // A use that starts after destroy returned must fail.
            assert!(slot.acquire().is_err());
            reader.join().unwrap();
        });
    }

    /// The model can fail: a reader that checks the state *before* registering (the
    /// classic check-then-act mistake) lets destroy wipe the material under it, and loom
    /// finds that interleaving.
    #[test]
    #[should_panic(expected = "material wiped under a registered reader")]
    fn loom_check_then_register_is_caught() {
        loom::model(|| {
            let (slot, _alive) = full_slot();
            let s2 = slot.clone();
            let reader = thread::spawn(move || {
                if s2.state() == State::Full {
                    let shard = s2.readers.pick();
                    s2.readers.enter(shard);
                    let seen = s2.data.with(|m| m.is_some_and(|m| m.alive.load(Ordering::SeqCst)));
                    s2.readers.leave(shard);
                    assert!(seen, "material wiped under a registered reader");
                }
            });
            slot.begin_departure(State::Destroying).unwrap();
            drop(slot.drain_and_take());
            slot.finish_departure();
            reader.join().unwrap();
        });
    }

    /// Two destroys and a use: exactly one destroy wins.
    #[test]
    fn loom_two_destroys_one_winner() {
        loom::model(|| {
            let (slot, alive) = full_slot();
            let destroy = |s: Arc<Slot<Material>>| {
                move || {
                    if s.begin_departure(State::Destroying).is_ok() {
                        drop(s.drain_and_take());
                        s.finish_departure();
                        1
                    } else {
                        0
                    }
                }
            };
            let a = thread::spawn(destroy(slot.clone()));
            let b = thread::spawn(destroy(slot.clone()));
            let s3 = slot.clone();
            let c = thread::spawn(move || {
                if let Ok(g) = s3.acquire() {
                    assert!(g.with(|m| m.alive.load(Ordering::SeqCst)).unwrap());
                }
            });
            let wins = a.join().unwrap() + b.join().unwrap();
            c.join().unwrap();
            assert_eq!(wins, 1);
            assert!(!alive.load(Ordering::SeqCst));
        });
    }

    /// Eviction racing a use: the key is never evicted while a reader is inside, and a
    /// reader never fails because of an eviction (it retries).
    #[test]
    fn loom_evict_vs_use() {
        loom::model(|| {
            let (slot, alive) = full_slot();
            let s2 = slot.clone();
            let reader = thread::spawn(move || {
                loop {
                    match s2.acquire() {
                        Ok(g) => {
                            assert!(g.with(|m| m.alive.load(Ordering::SeqCst)).unwrap());
                            return true;
                        }
                        Err(Busy::Retry) if s2.state() == State::Dead => return false,
                        Err(Busy::Retry) => thread::yield_now(),
                        Err(Busy::Absent) => panic!("eviction made a use fail"),
                    }
                }
            });
            let evicted = if slot.begin_departure(State::Unloading).is_ok() {
                match slot.take_if_idle() {
                    Some(d) => {
                        drop(d);
                        slot.finish_departure();
                        true
                    }
                    None => false,
                }
            } else {
                false
            };
            let used = reader.join().unwrap();
            if evicted {
                assert!(!alive.load(Ordering::SeqCst));
            } else {
                assert!(used);
                assert!(alive.load(Ordering::SeqCst));
            }
        });
    }

    /// Purge (unload with waiting) racing a use: like destroy, but the reader retries.
    #[test]
    fn loom_purge_vs_use() {
        loom::model(|| {
            let (slot, alive) = full_slot();
            let s2 = slot.clone();
            let reader = thread::spawn(move || {
                if let Ok(g) = s2.acquire() {
                    thread::yield_now();
                    assert!(g.with(|m| m.alive.load(Ordering::SeqCst)).unwrap());
                }
            });
            slot.begin_departure(State::Unloading).unwrap();
            drop(slot.drain_and_take());
            slot.finish_departure();
            assert!(!alive.load(Ordering::SeqCst));
            reader.join().unwrap();
        });
    }
}
