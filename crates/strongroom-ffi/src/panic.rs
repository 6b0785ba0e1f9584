//! The panic boundary. Every exported function runs its body inside [`ffi_boundary`] (or
//! [`ffi_boundary_or`] for the few functions that return no status), so a panic never
//! unwinds into C (which would abort the process since Rust 1.81).
//!
//! A caught panic returns `PSA_ERROR_CORRUPTION_DETECTED` (-151): a panic is a broken
//! internal invariant, which is what the spec's "corruption detected" status means ("an
//! internal consistency check failed; the library may be in an inconsistent state"). The
//! panic message is printed to stderr by the default panic hook. An operation whose step
//! panicked is left in the error state: its next step returns `PSA_ERROR_BAD_STATE`, and
//! `*_abort` frees it (see `optable`). No input can reach a panic (DESIGN §8); this is a
//! backstop.

use std::panic::{AssertUnwindSafe, catch_unwind};

use strongroom::Error;

use crate::types::{psa_status_t, status};

/// The status returned for a caught panic.
pub const PANIC_STATUS: psa_status_t = -151; // PSA_ERROR_CORRUPTION_DETECTED

/// Runs an entry point's body, converting its `Result` to a `psa_status_t` and a panic to
/// [`PANIC_STATUS`].
pub(crate) fn ffi_boundary(f: impl FnOnce() -> Result<(), Error>) -> psa_status_t {
    // AssertUnwindSafe: after a panic no state the closure touched is used again except
    // the operation table entries, which `optable` resets on panic.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => status(r),
        Err(_) => PANIC_STATUS,
    }
}

/// [`ffi_boundary`] for functions returning a value instead of a status (attribute
/// getters): a panic returns `default`.
pub(crate) fn ffi_boundary_or<T>(default: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(default)
}

/// Exports functions of the spec-1.2 set that the engine does not implement yet, with their
/// exact prototypes: each returns `PSA_ERROR_BAD_STATE` before `psa_crypto_init` and
/// `PSA_ERROR_NOT_SUPPORTED` after, dereferencing none of its arguments. The module using it
/// defines `fn not_supported() -> Result<(), Error>`.
#[macro_export]
#[doc(hidden)]
macro_rules! stubs {
    ($( $(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?); )*) => {
        $(
            $(#[$m])*
            ///
            /// # Safety
            /// No pointer argument is dereferenced.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $name($($arg: $ty),*) -> $crate::types::psa_status_t {
                $( let _ = $arg; )*
                $crate::panic::ffi_boundary(not_supported)
            }
        )*
    };
}
