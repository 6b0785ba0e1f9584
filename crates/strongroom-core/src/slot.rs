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
//! # Reader registration: a striped reader-writer lock
//! The key data is held by `S` cache-padded shards (`Config::reader_shards`), each an
//! `RwLock<Option<Arc<T>>>` holding its own reference to the same data. A reader picks the
//! shard of its thread and holds that shard's *read* lock for the whole of its step: that is
//! its registration. A departure write-locks every shard in turn and takes the data out.
//! Readers of one hot key on different cores touch different cache lines; a departure
//! pays `S` lock acquisitions (rare). Nothing is deferred: when the departure has taken the
//! last shard's reference, it holds the only one.
//!
//! # Invariants
//! 1. Every shard holds `Some(data)` from the creation of a `CREATING` slot, or from
//!    [`Slot::publish`] of a `LOADING` one, until a departure owner takes it; all shards
//!    hold the same `Arc`. Shards are written only under their write lock.
//! 2. A reader uses the data only while it holds its shard's read lock, and only if it read
//!    `state == FULL` while holding it ([`Slot::acquire`]).
//! 3. Every transition out of `FULL` is a compare-and-swap from `FULL`, so exactly one
//!    thread owns a slot's departure (one destroy wins; the others see `DESTROYING`).
//! 4. The departure owner write-locks each shard only *after* its CAS. For each shard,
//!    either a reader's read lock comes first (the owner waits for it), or the owner's write
//!    unlock happens-before the reader's read lock, so the reader sees the new state (and an
//!    empty shard) and does not use the data. Lock semantics alone give this; there is no
//!    reasoning about memory orderings between locations. (An earlier version used striped
//!    counters with `SeqCst` loads; the loom model rejected it.)
//! 5. Only the departure owner drops the data references it took, the last one last, so
//!    the key material and its prepared forms are zeroized before `destroy`/`purge`
//!    returns.
//!
//! # Linearization points
//! - creation of a key: the store of `FULL` in [`Slot::publish`] (before it, lookups wait
//!   for the outcome; the *decision* between two same-id creators is the table insert);
//! - destroy: the successful CAS `FULL → DESTROYING` in [`Slot::begin_departure`];
//! - a use of a key (one-shot call or one step of a multi-part operation): the load of
//!   `state` in [`Slot::acquire`] that reads `FULL`, under the shard's read lock;
//! - purge/eviction are not visible to callers (the key still exists); an eviction only
//!   *tries* the write locks and gives up if any shard has a reader, so it never evicts a
//!   key in use.
//!
//! # Fairness
//! A departure stops new readers at once (they see the new state) and waits only for the
//! readers already inside, each of which is doing one bounded step. Readers cannot starve a
//! destroy: a reader that arrives after the CAS sees the new state and leaves at once
//! (std's `RwLock` also queues new readers behind a waiting writer). A destroy makes
//! concurrent readers fail (`DESTROYING`) or retry (`UNLOADING`).
//!
//! # Cost of a use
//! One read lock and unlock of the caller's shard (two atomic read-modify-writes on a
//! cache line shared only with the threads that map to the same shard), a load of `state`,
//! and a relaxed load (and, rarely, a store) of the CLOCK bit. No write to a line shared by
//! all threads, no reference-count traffic on the shared `Arc`.

use crate::sync::{
    Arc, AtomicBool, AtomicU32, AtomicUsize, CachePadded, Ordering, RwLock, RwLockReadGuard, read,
    thread_index, try_write, write,
};

/// Slot states (see the module documentation for the diagram).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum State {
    /// A creator holds the slot. Lookups wait: the creation may still fail, and a
    /// persistent key of that id may already exist in storage (the creator learns that only
    /// when its write is refused), so "absent" would be a guess.
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
    /// The key is being destroyed: the caller reports it absent.
    Absent,
    /// The slot is in transit (loading, unloading, dead): the caller looks it up again.
    Retry,
}

type Shard<T> = CachePadded<RwLock<Option<Arc<T>>>>;

/// One key instance in memory. `T` is the key data (material, attributes, prepared forms).
#[derive(Debug)]
pub(crate) struct Slot<T> {
    state: AtomicU32,
    shards: Box<[Shard<T>]>,
    /// CLOCK "recently used" bit for cache eviction; written only when it was clear.
    referenced: AtomicBool,
    /// Live multi-part operations bound to this key instance. Incremented only while the
    /// binder holds a shard read lock, so a thread holding every write lock reads the true
    /// value: a pinned key is never evicted or purged (its operations hold copies of it
    /// that only destroy may wipe).
    pins: AtomicUsize,
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
        let n = shards.max(1).next_power_of_two();
        Self {
            state: AtomicU32::new(state as u32),
            shards: (0..n)
                .map(|_| CachePadded(RwLock::new(data.clone())))
                .collect(),
            referenced: AtomicBool::new(true),
            pins: AtomicUsize::new(0),
        }
    }

    /// Records a multi-part operation bound to this key. Call only while holding a
    /// [`ReadGuard`] of this slot (see `pins`).
    pub(crate) fn pin(&self) {
        self.pins.fetch_add(1, Ordering::AcqRel);
    }

    /// The bound operation ended.
    pub(crate) fn unpin(&self) {
        self.pins.fetch_sub(1, Ordering::AcqRel);
    }

    pub(crate) fn state(&self) -> State {
        State::from_u32(self.state.load(Ordering::Acquire))
    }

    /// Memory the slot itself takes, beyond the key data (for the cache bound).
    pub(crate) fn overhead_bytes(&self) -> usize {
        core::mem::size_of::<Self>() + self.shards.len() * core::mem::size_of::<Shard<T>>()
    }

    /// Makes a `CREATING` or `LOADING` slot usable. For `LOADING`, `data` is the loaded key.
    /// Linearization point of a key's creation (or, for a load, of nothing visible).
    pub(crate) fn publish(&self, data: Option<Arc<T>>) {
        if let Some(d) = data {
            for s in &self.shards {
                *write(&s.0) = Some(Arc::clone(&d));
            }
        }
        self.state.store(State::Full as u32, Ordering::SeqCst);
    }

    /// Abandons a `CREATING`/`LOADING` slot that never became `FULL`, returning its data
    /// (the caller drops it). The caller removes the slot from the table.
    pub(crate) fn abandon(&self) -> Option<Arc<T>> {
        self.state.store(State::Dead as u32, Ordering::SeqCst);
        self.take_all()
    }

    /// Registers as a reader. On `Ok`, the key data is usable until the guard drops.
    /// Linearization point of the use: the load of `state` below that reads `FULL`.
    pub(crate) fn acquire(&self) -> Result<ReadGuard<'_, T>, Busy> {
        let shard = &self.shards[thread_index() & (self.shards.len() - 1)];
        let guard = read(&shard.0);
        match self.state() {
            State::Full if guard.is_some() => {
                if !self.referenced.load(Ordering::Relaxed) {
                    self.referenced.store(true, Ordering::Relaxed);
                }
                Ok(ReadGuard { guard })
            }
            State::Destroying => Err(Busy::Absent),
            _ => Err(Busy::Retry),
        }
    }

    /// Starts the departure of a `FULL` slot: `Destroying` for destroy, `Unloading` for
    /// purge and eviction. Exactly one caller wins (invariant 3); the loser gets the state
    /// it found. For destroy, a successful CAS is the linearization point.
    pub(crate) fn begin_departure(&self, to: State) -> Result<(), State> {
        debug_assert!(matches!(to, State::Destroying | State::Unloading));
        self.state
            .compare_exchange(
                State::Full as u32,
                to as u32,
                Ordering::SeqCst,
                Ordering::SeqCst,
            )
            .map(|_| ())
            .map_err(State::from_u32)
    }

    /// After a successful [`begin_departure`](Self::begin_departure): waits for the readers
    /// already inside (each is one bounded step) by write-locking every shard, and takes
    /// the data out. The caller drops it (zeroizing it) and marks the slot dead with
    /// [`finish_departure`](Self::finish_departure).
    pub(crate) fn drain_and_take(&self) -> Option<Arc<T>> {
        self.take_all()
    }

    /// For purge: like [`drain_and_take`](Self::drain_and_take) (waits for readers), but
    /// if a multi-part operation is bound to the key, puts the slot back to `FULL` and
    /// returns `Err(())`: the key stays in memory.
    pub(crate) fn drain_and_take_unpinned(&self) -> Result<Option<Arc<T>>, ()> {
        let guards: Vec<_> = self.shards.iter().map(|s| write(&s.0)).collect();
        if self.pins.load(Ordering::Acquire) != 0 {
            drop(guards);
            self.state.store(State::Full as u32, Ordering::SeqCst);
            return Err(());
        }
        let mut last = None;
        for mut g in guards {
            let taken = g.take();
            drop(g);
            if taken.is_some() {
                drop(core::mem::replace(&mut last, taken));
            }
        }
        Ok(last)
    }

    fn take_all(&self) -> Option<Arc<T>> {
        let mut last = None;
        for s in &self.shards {
            let taken = write(&s.0).take();
            if taken.is_some() {
                drop(core::mem::replace(&mut last, taken));
            }
        }
        last
    }

    /// For eviction: after `begin_departure(Unloading)`, takes the data only if no reader is
    /// inside any shard; otherwise puts the slot back to `FULL` and returns `None` (a key in
    /// use is never evicted).
    pub(crate) fn take_if_idle(&self) -> Option<Arc<T>> {
        let mut guards = Vec::with_capacity(self.shards.len());
        for s in &self.shards {
            match try_write(&s.0) {
                Some(g) => guards.push(g),
                None => {
                    drop(guards);
                    self.state.store(State::Full as u32, Ordering::SeqCst);
                    return None;
                }
            }
        }
        if self.pins.load(Ordering::Acquire) != 0 {
            drop(guards);
            self.state.store(State::Full as u32, Ordering::SeqCst);
            return None;
        }
        let mut last = None;
        for mut g in guards {
            let taken = g.take();
            drop(g);
            if taken.is_some() {
                drop(core::mem::replace(&mut last, taken));
            }
        }
        last
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

/// A registered reader of a `FULL` slot: the read lock of its shard. Dropping it
/// deregisters. It borrows the slot (no reference-count traffic on the key's `Arc`).
#[derive(Debug)]
pub(crate) struct ReadGuard<'a, T> {
    guard: RwLockReadGuard<'a, Option<Arc<T>>>,
}

impl<T> ReadGuard<'_, T> {
    /// Runs `f` on the key data, present while the guard lives (invariants 1, 2).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.guard.as_deref().map(f)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn reader_blocks_eviction_but_not_destroy_start() {
        let slot = Arc::new(Slot::creating(Arc::new(7u32), 4));
        assert_eq!(slot.acquire().unwrap_err(), Busy::Retry);
        slot.publish(None);
        let g = slot.acquire().expect("full");
        assert_eq!(g.with(|v| *v), Some(7));
        slot.begin_departure(State::Unloading).unwrap();
        assert!(
            slot.take_if_idle().is_none(),
            "a key in use must not be evicted"
        );
        assert_eq!(slot.state(), State::Full);
        drop(g);
        slot.begin_departure(State::Destroying).unwrap();
        assert_eq!(
            slot.begin_departure(State::Destroying),
            Err(State::Destroying)
        );
        assert_eq!(slot.acquire().unwrap_err(), Busy::Absent);
        let data = slot.drain_and_take().expect("data");
        assert_eq!(
            Arc::strong_count(&data),
            1,
            "no reader may still hold the data"
        );
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
        let slot = Arc::new(Slot::creating(
            Arc::new(Material {
                alive: alive.clone(),
            }),
            2,
        ));
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
                    let seen = g
                        .with(|m| m.alive.load(Ordering::SeqCst))
                        .expect("data present");
                    thread::yield_now();
                    let still = g
                        .with(|m| m.alive.load(Ordering::SeqCst))
                        .expect("data present");
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
                    // registers only after checking the state, and trusts that check
                    let shard = &s2.shards[thread_index() & (s2.shards.len() - 1)];
                    let g = read(&shard.0);
                    let seen = g.as_ref().is_some_and(|m| m.alive.load(Ordering::SeqCst));
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
