//! MAC: one-shot and multi-part (`psa_mac_*`).

use strongroom::{Algorithm, KeyId, MacOperation};

use crate::init::crypto;
use crate::optable::{OpTable, word};
use crate::panic::ffi_boundary;
use crate::ptr::{Buf, try_input, try_output, with_len_out};
use crate::types::{
    OperationObject, psa_algorithm_t, psa_key_id_t, psa_mac_operation_t, psa_status_t,
};

/// The live multi-part MAC operations.
pub(crate) static TABLE: OpTable<MacOperation> = OpTable::new();

/// `psa_mac_compute`.
///
/// # Safety
/// `input` readable for `input_length`, `mac` writable for `mac_size` (may overlap
/// `input`), `mac_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_compute(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    mac: *mut u8,
    mac_size: usize,
    mac_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; the input is copied if it overlaps the output.
        unsafe {
            with_len_out(mac_length, || {
                let c = crypto()?;
                let input = try_input(input, input_length, &[Buf::new(mac, mac_size)?])?;
                let out = try_output(mac, mac_size)?;
                c.mac_compute(KeyId::from_raw(key), Algorithm::from_raw(alg), &input, out)
            })
        }
    })
}

/// `psa_mac_verify`.
///
/// # Safety
/// `input` readable for `input_length`, `mac` readable for `mac_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_verify(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    mac: *const u8,
    mac_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        let c = crypto()?;
        // SAFETY: forwarded caller contract; inputs only.
        let (input, mac) = unsafe {
            (
                try_input(input, input_length, &[])?,
                try_input(mac, mac_length, &[])?,
            )
        };
        c.mac_verify(KeyId::from_raw(key), Algorithm::from_raw(alg), &input, &mac)
    })
}

/// `psa_mac_operation_init`: an inactive object (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_mac_operation_init() -> psa_mac_operation_t {
    OperationObject::default()
}

/// `psa_mac_sign_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_sign_setup(
    operation: *mut psa_mac_operation_t,
    key: psa_key_id_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || {
            c.mac_sign_setup(KeyId::from_raw(key), Algorithm::from_raw(alg))
        })
    })
}

/// `psa_mac_verify_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_verify_setup(
    operation: *mut psa_mac_operation_t,
    key: psa_key_id_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || {
            c.mac_verify_setup(KeyId::from_raw(key), Algorithm::from_raw(alg))
        })
    })
}

/// `psa_mac_update`.
///
/// # Safety
/// `operation` must point to an operation object, `input` readable for `input_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_update(
    operation: *mut psa_mac_operation_t,
    input: *const u8,
    input_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, input) = unsafe { (word(operation)?, try_input(input, input_length, &[])?) };
        crypto()?;
        TABLE.step(w, |op| op.update(&input), |_| false)
    })
}

/// `psa_mac_sign_finish`: on success the operation becomes inactive.
///
/// # Safety
/// `operation` must point to an operation object, `mac` writable for `mac_size`,
/// `mac_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_sign_finish(
    operation: *mut psa_mac_operation_t,
    mac: *mut u8,
    mac_size: usize,
    mac_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        unsafe {
            let w = word(operation)?;
            with_len_out(mac_length, || {
                crypto()?;
                let out = try_output(mac, mac_size)?;
                TABLE.step(w, |op| op.sign_finish(out), Result::is_ok)
            })
        }
    })
}

/// `psa_mac_verify_finish`: on success the operation becomes inactive.
///
/// # Safety
/// `operation` must point to an operation object, `mac` readable for `mac_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_verify_finish(
    operation: *mut psa_mac_operation_t,
    mac: *const u8,
    mac_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, mac) = unsafe { (word(operation)?, try_input(mac, mac_length, &[])?) };
        crypto()?;
        TABLE.step(w, |op| op.verify_finish(&mac), Result::is_ok)
    })
}

/// `psa_mac_abort`: succeeds on an inactive or finished object; zeroes it.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_mac_abort(operation: *mut psa_mac_operation_t) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        TABLE.abort(w, MacOperation::abort)
    })
}
