//! Strongroom's engine: the concurrent key store, policy enforcement and dispatch to
//! drivers. It holds no cryptography of its own (see `strongroom-driver`).
//!
//! Start with `slot.rs` (the slot state machine, its invariants and linearization points),
//! then `store.rs` (creation, loading, destroy, purge, eviction). `docs/ARCHITECTURE.md`
//! at the repository root is the map.
#![forbid(unsafe_code)]

mod aead;
mod aead_op;
mod asymmetric;
mod cipher;
mod config;
mod crypto;
mod hash;
mod hash_op;
mod kdf;
mod keys;
mod mac;
mod mac_op;
mod op;
mod random;
mod record;
mod slot;
#[cfg(not(loom))]
mod slot_cache;
mod store;
mod sync;
mod table;

pub use config::Config;
pub use crypto::Crypto;

/// The operation objects and other public types of each algorithm family (re-exported by
/// the `strongroom` crate).
pub mod ops {
    pub use crate::aead_op::*;
    pub use crate::cipher::*;
    pub use crate::hash_op::HashOperation;
    pub use crate::kdf::*;
    pub use crate::mac_op::MacOperation;
}
pub use store::{VOLATILE_MAX, VOLATILE_MIN};
pub use strongroom_driver as driver;
pub use strongroom_storage as storage;
pub use strongroom_types as types;
