//! Library life cycle: `psa_crypto_init`, the "initialized" check every other function
//! makes, and `strongroom_crypto_free` (teardown).
//!
//! The C ABI uses one process-wide engine, `strongroom::Crypto::global()`: persistent keys
//! live in `$STRONGROOM_HOME`, else `$XDG_DATA_HOME/strongroom`, else
//! `$HOME/.local/share/strongroom`, else `./strongroom-store` (the first init creates the
//! directory). Before `psa_crypto_init` succeeds, and after `strongroom_crypto_free`, every
//! function returns `PSA_ERROR_BAD_STATE`, except the key-attribute helpers and the
//! `*_operation_init` functions (and `*_abort` on an inactive object, which succeeds).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use strongroom::{Crypto, Error};

use crate::panic::ffi_boundary;
use crate::types::psa_status_t;

/// Whether `psa_crypto_init` succeeded since the last teardown. Read on every call (a
/// read-only shared cache line after init).
static INITIALIZED: AtomicBool = AtomicBool::new(false);
/// Serializes init against teardown (never taken on the hot path).
static LIFECYCLE: Mutex<()> = Mutex::new(());

/// The engine, or `BAD_STATE` when the library is not initialized.
pub(crate) fn crypto() -> Result<&'static Crypto, Error> {
    if INITIALIZED.load(Ordering::Acquire) {
        Crypto::global()
    } else {
        Err(Error::BadState)
    }
}

/// `psa_crypto_init`: opens the process-wide engine. Idempotent and thread-safe: every call
/// after the first successful one returns `PSA_SUCCESS` at once. A failure (e.g. the store
/// directory cannot be created: `PSA_ERROR_STORAGE_FAILURE`) leaves the library
/// uninitialized and the next call retries.
#[unsafe(no_mangle)]
pub extern "C" fn psa_crypto_init() -> psa_status_t {
    ffi_boundary(|| {
        if INITIALIZED.load(Ordering::Acquire) {
            return Ok(());
        }
        let _g = LIFECYCLE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Crypto::global()?;
        INITIALIZED.store(true, Ordering::Release);
        Ok(())
    })
}

/// `strongroom_crypto_free` (the counterpart of Mbed TLS's `mbedtls_psa_crypto_free`):
/// whole-library teardown. **Single-threaded by contract**: no other thread may be inside
/// any `psa_*` call, or call one, until it returns. It
/// 1. marks the library uninitialized: every later call (other than the attribute
///    helpers, `*_operation_init` and `*_abort`) returns `PSA_ERROR_BAD_STATE` until
///    `psa_crypto_init` is called again;
/// 2. frees every live multi-part operation (their C objects become stale: steps return
///    `PSA_ERROR_BAD_STATE`, `*_abort` succeeds and zeroes them);
/// 3. destroys every volatile key (material zeroized, DESIGN §3);
/// 4. purges every persistent key from memory (zeroized; the keys stay in storage and are
///    loaded again after the next `psa_crypto_init`).
///
/// The process-wide engine itself (a `OnceLock`) stays allocated, empty, and is reused by
/// the next `psa_crypto_init`. Calling it when the library is not initialized does nothing.
#[unsafe(no_mangle)]
pub extern "C" fn strongroom_crypto_free() {
    let _ = ffi_boundary(|| {
        let _g = LIFECYCLE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !INITIALIZED.swap(false, Ordering::AcqRel) {
            return Ok(());
        }
        crate::hash::TABLE.clear();
        crate::mac::TABLE.clear();
        crate::cipher::clear_operations();
        crate::aead::clear_operations();
        crate::kdf::clear_operations();
        let c = Crypto::global()?;
        for id in c.volatile_keys() {
            let _ = c.destroy_key(id);
        }
        if let Ok(ids) = c.persistent_keys() {
            for id in ids {
                let _ = c.purge_key(id);
            }
        }
        Ok(())
    });
}
