//! Key management: import, generate, export, export public, copy, destroy, purge.

use strongroom::KeyId;

use crate::attributes::{psa_key_attributes_t, read_attrs};
use crate::init::crypto;
use crate::panic::ffi_boundary;
use crate::ptr::{try_input, try_output, try_ptr, try_write, with_len_out};
use crate::types::{psa_key_id_t, psa_status_t};

/// Stores a created key's id in `*key` (written only on success; the spec leaves it
/// unspecified on failure and we set it to 0, `PSA_KEY_ID_NULL`).
///
/// # Safety
/// `key` must be writable as a `psa_key_id_t` (checked for NULL and alignment).
unsafe fn with_key_out(
    key: *mut psa_key_id_t,
    f: impl FnOnce() -> Result<KeyId, strongroom::Error>,
) -> Result<(), strongroom::Error> {
    try_ptr(key)?;
    let r = f();
    let id = r.as_ref().map_or(0, |k| k.raw());
    // SAFETY: non-NULL and aligned (checked above), writable per the caller's contract.
    unsafe { try_write(key, id)? };
    r.map(|_| ())
}

/// `psa_import_key`.
///
/// # Safety
/// `attributes` must point to an initialized attribute struct, `data` must be readable for
/// `data_length` bytes, `key` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_import_key(
    attributes: *const psa_key_attributes_t,
    data: *const u8,
    data_length: usize,
    key: *mut psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked by the helpers).
        unsafe {
            let attrs = read_attrs(attributes)?;
            let data = try_input(data, data_length, &[])?;
            with_key_out(key, || crypto()?.import_key(&attrs, &data))
        }
    })
}

/// `psa_generate_key`.
///
/// # Safety
/// `attributes` must point to an initialized attribute struct, `key` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_generate_key(
    attributes: *const psa_key_attributes_t,
    key: *mut psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked by the helpers).
        unsafe {
            let attrs = read_attrs(attributes)?;
            with_key_out(key, || crypto()?.generate_key(&attrs))
        }
    })
}

/// `psa_copy_key`.
///
/// # Safety
/// `attributes` must point to an initialized attribute struct, `target_key` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_copy_key(
    source_key: psa_key_id_t,
    attributes: *const psa_key_attributes_t,
    target_key: *mut psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked by the helpers).
        unsafe {
            let attrs = read_attrs(attributes)?;
            with_key_out(target_key, || {
                crypto()?.copy_key(KeyId::from_raw(source_key), &attrs)
            })
        }
    })
}

/// `psa_destroy_key` (DESIGN §3). `PSA_KEY_ID_NULL` succeeds.
#[unsafe(no_mangle)]
pub extern "C" fn psa_destroy_key(key: psa_key_id_t) -> psa_status_t {
    ffi_boundary(|| crypto()?.destroy_key(KeyId::from_raw(key)))
}

/// `psa_purge_key`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_purge_key(key: psa_key_id_t) -> psa_status_t {
    ffi_boundary(|| crypto()?.purge_key(KeyId::from_raw(key)))
}

/// `psa_export_key`.
///
/// # Safety
/// `data` must be writable for `data_size` bytes, `data_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_export_key(
    key: psa_key_id_t,
    data: *mut u8,
    data_size: usize,
    data_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked by the helpers).
        unsafe {
            with_len_out(data_length, || {
                let c = crypto()?;
                let out = try_output(data, data_size)?;
                c.export_key(KeyId::from_raw(key), out)
            })
        }
    })
}

/// `psa_export_public_key`.
///
/// # Safety
/// `data` must be writable for `data_size` bytes, `data_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_export_public_key(
    key: psa_key_id_t,
    data: *mut u8,
    data_size: usize,
    data_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked by the helpers).
        unsafe {
            with_len_out(data_length, || {
                let c = crypto()?;
                let out = try_output(data, data_size)?;
                crate::asymmetric::export_public_key(c, KeyId::from_raw(key), out)
            })
        }
    })
}
