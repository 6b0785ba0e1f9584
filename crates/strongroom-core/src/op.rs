//! Multi-part operations and key destruction (DESIGN §3.3, §3.4).
//!
//! A multi-part operation keeps key-dependent state between its steps (a cloned HMAC
//! state, an expanded cipher context). That state is a copy of the key, so destroying the
//! key must wipe it. The mechanism:
//!
//! - At setup the operation *binds* to the key: it keeps an `Arc` of the key's slot, puts
//!   its state in an [`OpCell`], registers a weak reference to the cell with the key's
//!   data, and pins the slot (a pinned slot is never evicted or purged).
//! - Every step registers as a reader of the slot for its duration, exactly like a one-shot
//!   call, and runs on the state inside the cell.
//! - A destroy, after it has drained the readers (so no step is in flight), drops the
//!   key's data; dropping it wipes every registered cell that is still alive
//!   ([`KeyData`]'s `Drop`). Destroy waits only for steps in flight, never for the
//!   operation's remaining life.
//! - The operation's next step cannot register (the slot is `Destroying` or `Dead`) and
//!   returns `PSA_ERROR_INVALID_HANDLE`; the operation is then in its error state until
//!   `abort` (PSA's rule for a failed step).
//!
//! Invariant: an `OpCell`'s state is touched only by its operation while a step holds a
//! shard read lock of the slot, or by the wipe, which runs after all shard write locks were
//! taken (so no step is in flight); the cell's mutex therefore never blocks in practice and
//! exists to make that hand-over safe in the type system.

use std::sync::{Arc as StdArc, Mutex as StdMutex, Weak};

use strongroom_types::{Error, KeyId, Result};

use crate::slot::{Busy, Slot, State};
use crate::store::KeyData;
use crate::sync::{Arc, yield_now};

/// Locks a std mutex, ignoring poisoning (each critical section here is a take or a
/// step on data that stays consistent).
fn lock<T>(m: &StdMutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Something that holds a copy of key material on behalf of an operation and can wipe it.
pub(crate) trait Wipe: Send + Sync {
    /// Drops (and thereby zeroizes) the operation's key-dependent state.
    fn wipe(&self);
}

/// The key-dependent state of one operation, shared with the key's registry.
pub(crate) struct OpCell<S> {
    state: StdMutex<Option<S>>,
}

impl<S: Send> Wipe for OpCell<S> {
    fn wipe(&self) {
        let taken = lock(&self.state).take();
        drop(taken);
    }
}

/// The registry of live operation cells of one key instance, in its [`KeyData`].
#[derive(Default)]
pub(crate) struct OpRegistry {
    cells: StdMutex<Vec<Weak<dyn Wipe>>>,
}

impl OpRegistry {
    fn register(&self, cell: Weak<dyn Wipe>) {
        let mut cells = lock(&self.cells);
        // Drop the entries of finished operations now and then (amortized O(1)).
        if cells.len() >= 16 && cells.len().is_power_of_two() {
            cells.retain(|w| w.strong_count() > 0);
        }
        cells.push(cell);
    }

    /// Wipes every live operation's state (the key's data is being dropped).
    pub(crate) fn wipe_all(&self) {
        let cells = std::mem::take(&mut *lock(&self.cells));
        for cell in cells.iter().filter_map(Weak::upgrade) {
            cell.wipe();
        }
    }
}

impl core::fmt::Debug for OpRegistry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("OpRegistry(..)")
    }
}

/// An operation's hold on a key: the slot, and the cell with the operation's state.
pub(crate) struct Binding<S> {
    id: KeyId,
    slot: Arc<Slot<KeyData>>,
    cell: StdArc<OpCell<S>>,
}

impl<S> core::fmt::Debug for Binding<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Binding")
            .field("key", &self.id)
            .finish_non_exhaustive()
    }
}

impl<S: Send + 'static> Binding<S> {
    /// Binds a new operation to `slot`, whose data the caller is reading (`data`, under a
    /// read guard of `slot`: required for the pin, see `Slot::pins`).
    pub(crate) fn new(id: KeyId, slot: &Arc<Slot<KeyData>>, data: &KeyData, state: S) -> Self {
        let cell = StdArc::new(OpCell {
            state: StdMutex::new(Some(state)),
        });
        let weak: Weak<dyn Wipe> = StdArc::downgrade(&cell) as Weak<dyn Wipe>;
        data.ops.register(weak);
        slot.pin();
        Self {
            id,
            slot: Arc::clone(slot),
            cell,
        }
    }

    /// Runs one step on the operation's state, registered as a reader of the key.
    /// `INVALID_HANDLE` if the key was destroyed since setup (the state is gone).
    pub(crate) fn step<R>(&self, f: impl FnOnce(&mut S, &KeyData) -> Result<R>) -> Result<R> {
        loop {
            match self.slot.acquire() {
                Ok(guard) => {
                    let mut state = lock(&self.cell.state);
                    let Some(s) = state.as_mut() else {
                        return Err(Error::InvalidHandle);
                    };
                    return guard
                        .with(|d| f(s, d))
                        .unwrap_or(Err(Error::CorruptionDetected));
                }
                // A purge that found the key pinned is restoring it: wait.
                Err(Busy::Retry) if self.slot.state() == State::Unloading => yield_now(),
                Err(_) => return Err(Error::InvalidHandle),
            }
        }
    }

    /// Runs the final step: takes the state out of the cell (the operation is over) and
    /// hands it to `f` by value.
    pub(crate) fn finish<R>(&self, f: impl FnOnce(S, &KeyData) -> Result<R>) -> Result<R> {
        loop {
            match self.slot.acquire() {
                Ok(guard) => {
                    let Some(s) = lock(&self.cell.state).take() else {
                        return Err(Error::InvalidHandle);
                    };
                    return guard
                        .with(|d| f(s, d))
                        .unwrap_or(Err(Error::CorruptionDetected));
                }
                Err(Busy::Retry) if self.slot.state() == State::Unloading => yield_now(),
                Err(_) => return Err(Error::InvalidHandle),
            }
        }
    }

    /// The key this operation is bound to.
    pub(crate) fn id(&self) -> KeyId {
        self.id
    }
}

impl<S> Drop for Binding<S> {
    fn drop(&mut self) {
        // Wipe this operation's copy now, not when the key goes.
        let taken = lock(&self.cell.state).take();
        drop(taken);
        self.slot.unpin();
    }
}

/// An operation's hold on any number of keys: one cell with the operation's state,
/// registered with every key attached so far (a key derivation takes several key inputs).
///
/// Destroying *any* attached key wipes the state (the key's `KeyData` drop wipes every
/// registered cell), after which every step returns `INVALID_HANDLE`. Steps do not
/// register as readers of the keys: the state is self-contained (copies and derived forms
/// of the inputs, taken while the input step held the key's read guard), and a wipe takes
/// the cell's mutex, so it waits for a step in flight and the next step finds the state
/// gone. A step that overlaps a destroy is ordered before it; one that starts after the
/// destroy returned fails. Attached keys stay pinned (not purged or evicted) until the
/// operation ends, as with [`Binding`].
pub(crate) struct MultiBinding<S> {
    cell: StdArc<OpCell<S>>,
    keys: Vec<(KeyId, Arc<Slot<KeyData>>)>,
}

impl<S> core::fmt::Debug for MultiBinding<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let ids: Vec<KeyId> = self.keys.iter().map(|(id, _)| *id).collect();
        f.debug_struct("MultiBinding")
            .field("keys", &ids)
            .finish_non_exhaustive()
    }
}

impl<S: Send + 'static> MultiBinding<S> {
    /// An operation holding `state`, attached to no key yet.
    pub(crate) fn new(state: S) -> Self {
        Self {
            cell: StdArc::new(OpCell {
                state: StdMutex::new(Some(state)),
            }),
            keys: Vec::new(),
        }
    }

    /// Attaches the operation to one more key, whose data the caller is reading (`data`,
    /// under a read guard of `slot`, as for [`Binding::new`]). Attaching the same key
    /// instance twice registers it once. Call this *before* copying anything of the key
    /// into the state, while still holding the read guard.
    pub(crate) fn attach(&mut self, id: KeyId, slot: &Arc<Slot<KeyData>>, data: &KeyData) {
        if self.keys.iter().any(|(_, s)| Arc::ptr_eq(s, slot)) {
            return;
        }
        let weak: Weak<dyn Wipe> = StdArc::downgrade(&self.cell) as Weak<dyn Wipe>;
        data.ops.register(weak);
        slot.pin();
        self.keys.push((id, Arc::clone(slot)));
    }

    /// Runs one step on the operation's state. `INVALID_HANDLE` if an attached key was
    /// destroyed since it was attached (the state is gone).
    pub(crate) fn step<R>(&self, f: impl FnOnce(&mut S) -> Result<R>) -> Result<R> {
        let mut state = lock(&self.cell.state);
        match state.as_mut() {
            Some(s) => f(s),
            None => Err(Error::InvalidHandle),
        }
    }

    /// The keys attached so far, in attachment order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.keys.iter().map(|(id, _)| *id)
    }
}

impl<S> Drop for MultiBinding<S> {
    fn drop(&mut self) {
        // Wipe this operation's state now, not when its keys go.
        let taken = lock(&self.cell.state).take();
        drop(taken);
        for (_, slot) in &self.keys {
            slot.unpin();
        }
    }
}
