//! The engine instance: one key store, one storage backend, one driver.

use strongroom_driver::Driver;
use strongroom_storage::Storage;

use crate::config::Config;
use crate::store::KeyStore;
use std::sync::Arc;

use crate::sync::{Mutex, lock};

/// One independent Strongroom instance (DESIGN §4: no hidden globals; a process may hold
/// several, each with its own storage and keys).
///
/// Every method takes `&self` and may be called from any number of threads at once; each
/// call is linearizable (its linearization point is named at the code).
#[derive(Debug)]
pub struct Crypto {
    pub(crate) store: KeyStore,
    pub(crate) driver: Arc<DriverHandle>,
}

impl Crypto {
    /// An instance over `storage` (persistent keys) and `driver` (algorithms).
    pub fn new(storage: Arc<dyn Storage>, driver: Arc<dyn Driver>, config: Config) -> Self {
        Self {
            store: KeyStore::new(storage, config),
            driver: Arc::new(DriverHandle::new(driver)),
        }
    }

    /// The storage backend of this instance.
    pub fn storage(&self) -> &dyn Storage {
        self.store.storage()
    }

    /// The driver of this instance.
    pub fn driver(&self) -> &dyn Driver {
        &*self.driver.driver
    }

    /// Bytes currently charged against [`Config::memory_limit`].
    pub fn resident_bytes(&self) -> usize {
        self.store.resident_bytes()
    }
}

/// A driver and, for a driver that is not thread-safe, the lock that serializes it (a lock
/// of the driver's own, never a store-wide one: DESIGN §2).
#[derive(Debug)]
pub(crate) struct DriverHandle {
    pub(crate) driver: Arc<dyn Driver>,
    serial: Option<Mutex<()>>,
}

impl DriverHandle {
    fn new(driver: Arc<dyn Driver>) -> Self {
        let serial = (!driver.is_thread_safe()).then(|| Mutex::new(()));
        Self { driver, serial }
    }

    /// Runs `f`, which calls into the driver or one of its prepared objects.
    pub(crate) fn call<R>(&self, f: impl FnOnce(&dyn Driver) -> R) -> R {
        match &self.serial {
            Some(m) => {
                let _g = lock(m);
                f(&*self.driver)
            }
            None => f(&*self.driver),
        }
    }
}
