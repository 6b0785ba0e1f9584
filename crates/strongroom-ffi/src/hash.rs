//! Hash: one-shot and multi-part (`psa_hash_*`), clone; suspend/resume are not supported.

use strongroom::{Algorithm, Error, HashOperation};

use crate::init::crypto;
use crate::optable::{OpTable, word};
use crate::panic::ffi_boundary;
use crate::ptr::{Buf, try_input, try_output, with_len_out};
use crate::types::{OperationObject, psa_algorithm_t, psa_hash_operation_t, psa_status_t};

/// The live multi-part hash operations.
pub(crate) static TABLE: OpTable<HashOperation> = OpTable::new();

/// `psa_hash_compute`.
///
/// # Safety
/// `input` readable for `input_length` bytes, `hash` writable for `hash_size` bytes (may
/// overlap `input`), `hash_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_compute(
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    hash: *mut u8,
    hash_size: usize,
    hash_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; the input is copied if it overlaps the output.
        unsafe {
            with_len_out(hash_length, || {
                let c = crypto()?;
                let input = try_input(input, input_length, &[Buf::new(hash, hash_size)?])?;
                let out = try_output(hash, hash_size)?;
                c.hash_compute(Algorithm::from_raw(alg), &input, out)
            })
        }
    })
}

/// `psa_hash_compare`.
///
/// # Safety
/// `input` readable for `input_length` bytes, `hash` for `hash_length` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_compare(
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    hash: *const u8,
    hash_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        let c = crypto()?;
        // SAFETY: forwarded caller contract; inputs only.
        let (input, hash) = unsafe {
            (
                try_input(input, input_length, &[])?,
                try_input(hash, hash_length, &[])?,
            )
        };
        c.hash_compare(Algorithm::from_raw(alg), &input, &hash)
    })
}

/// `psa_hash_operation_init`: an inactive object (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_hash_operation_init() -> psa_hash_operation_t {
    OperationObject::default()
}

/// `psa_hash_setup`.
///
/// # Safety
/// `operation` must point to an operation object (NULL: `INVALID_ARGUMENT`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_setup(
    operation: *mut psa_hash_operation_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || c.hash_setup(Algorithm::from_raw(alg)))
    })
}

/// `psa_hash_update`.
///
/// # Safety
/// `operation` must point to an operation object, `input` readable for `input_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_update(
    operation: *mut psa_hash_operation_t,
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

/// `psa_hash_finish`: on success the operation becomes inactive.
///
/// # Safety
/// `operation` must point to an operation object, `hash` writable for `hash_size` bytes,
/// `hash_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_finish(
    operation: *mut psa_hash_operation_t,
    hash: *mut u8,
    hash_size: usize,
    hash_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        unsafe {
            let w = word(operation)?;
            with_len_out(hash_length, || {
                crypto()?;
                let out = try_output(hash, hash_size)?;
                TABLE.step(w, |op| op.finish(out), Result::is_ok)
            })
        }
    })
}

/// `psa_hash_verify`: on success the operation becomes inactive.
///
/// # Safety
/// `operation` must point to an operation object, `hash` readable for `hash_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_verify(
    operation: *mut psa_hash_operation_t,
    hash: *const u8,
    hash_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, hash) = unsafe { (word(operation)?, try_input(hash, hash_length, &[])?) };
        crypto()?;
        TABLE.step(w, |op| op.verify(&hash), Result::is_ok)
    })
}

/// `psa_hash_abort`: succeeds on an inactive or finished object; zeroes it.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_abort(operation: *mut psa_hash_operation_t) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        TABLE.abort(w, HashOperation::abort)
    })
}

/// `psa_hash_clone`: `target_operation` must be inactive.
///
/// # Safety
/// Both pointers must point to operation objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_clone(
    source_operation: *const psa_hash_operation_t,
    target_operation: *mut psa_hash_operation_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked). The source word is
        // only read (atomically), never written, by `with`.
        let (src, dst) = unsafe { (word(source_operation.cast_mut())?, word(target_operation)?) };
        crypto()?;
        if core::ptr::eq(src, dst) {
            return Err(Error::BadState);
        }
        let clone = TABLE.with(src, |op| op.try_clone())?;
        TABLE.install(dst, clone)
    })
}

/// `psa_hash_suspend`: not supported (no implementation ships it; the spec allows it).
///
/// # Safety
/// No pointer is dereferenced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_suspend(
    _operation: *mut psa_hash_operation_t,
    _hash_state: *mut u8,
    _hash_state_size: usize,
    _hash_state_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        crypto()?;
        Err(Error::NotSupported)
    })
}

/// `psa_hash_resume`: not supported.
///
/// # Safety
/// No pointer is dereferenced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_hash_resume(
    _operation: *mut psa_hash_operation_t,
    _hash_state: *const u8,
    _hash_state_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        crypto()?;
        Err(Error::NotSupported)
    })
}
