//! Key derivation (`psa_key_derivation_*`). Derivation operations never finish by
//! themselves: they stay allocated until `psa_key_derivation_abort`.

use strongroom::{Algorithm, KeyId};
use strongroom::{DerivationStep, KeyDerivationOperation};

use crate::attributes::{psa_key_attributes_t, read_attrs};
use crate::init::crypto;
use crate::optable::{OpTable, word};
use crate::panic::ffi_boundary;
use crate::ptr::{try_input, try_output, try_ptr, try_write};
use crate::types::{
    OperationObject, psa_algorithm_t, psa_key_derivation_operation_t, psa_key_derivation_step_t,
    psa_key_id_t, psa_status_t,
};

/// The live key-derivation operations (over the process-wide engine, hence `'static`).
pub(crate) static TABLE: OpTable<KeyDerivationOperation<'static>> = OpTable::new();

/// Frees every live key-derivation operation (teardown).
pub(crate) fn clear_operations() {
    TABLE.clear();
}

fn step_of(step: psa_key_derivation_step_t) -> DerivationStep {
    DerivationStep::from_raw(u32::from(step))
}

/// `psa_key_derivation_operation_init`: an inactive object (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_key_derivation_operation_init() -> psa_key_derivation_operation_t {
    OperationObject::default()
}

/// `psa_key_derivation_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_setup(
    operation: *mut psa_key_derivation_operation_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || c.key_derivation_setup(Algorithm::from_raw(alg)))
    })
}

/// `psa_key_derivation_get_capacity`.
///
/// # Safety
/// `operation` must point to an operation object, `capacity` writable. The object is not
/// modified (only its handle word is read).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_get_capacity(
    operation: *const psa_key_derivation_operation_t,
    capacity: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        try_ptr(capacity)?;
        // SAFETY: forwarded caller contract (NULL/alignment checked); the word is only read.
        let w = unsafe { word(operation.cast_mut())? };
        crypto()?;
        let n = TABLE.with(w, |op| op.capacity())?;
        // SAFETY: checked non-NULL and aligned; writable per the caller's contract.
        unsafe { try_write(capacity, n) }
    })
}

/// `psa_key_derivation_set_capacity`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_set_capacity(
    operation: *mut psa_key_derivation_operation_t,
    capacity: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        crypto()?;
        TABLE.with(w, |op| op.set_capacity(capacity))
    })
}

/// `psa_key_derivation_input_bytes`.
///
/// # Safety
/// `operation` must point to an operation object, `data` readable for `data_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_input_bytes(
    operation: *mut psa_key_derivation_operation_t,
    step: psa_key_derivation_step_t,
    data: *const u8,
    data_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, data) = unsafe { (word(operation)?, try_input(data, data_length, &[])?) };
        crypto()?;
        TABLE.with(w, |op| op.input_bytes(step_of(step), &data))
    })
}

/// `psa_key_derivation_input_integer`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_input_integer(
    operation: *mut psa_key_derivation_operation_t,
    step: psa_key_derivation_step_t,
    value: u64,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        crypto()?;
        TABLE.with(w, |op| op.input_integer(step_of(step), value))
    })
}

/// `psa_key_derivation_input_key`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_input_key(
    operation: *mut psa_key_derivation_operation_t,
    step: psa_key_derivation_step_t,
    key: psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        crypto()?;
        TABLE.with(w, |op| op.input_key(step_of(step), KeyId::from_raw(key)))
    })
}

/// `psa_key_derivation_key_agreement`.
///
/// # Safety
/// `operation` must point to an operation object, `peer_key` readable for
/// `peer_key_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_key_agreement(
    operation: *mut psa_key_derivation_operation_t,
    step: psa_key_derivation_step_t,
    private_key: psa_key_id_t,
    peer_key: *const u8,
    peer_key_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, peer) = unsafe { (word(operation)?, try_input(peer_key, peer_key_length, &[])?) };
        crypto()?;
        TABLE.with(w, |op| {
            op.key_agreement(step_of(step), KeyId::from_raw(private_key), &peer)
        })
    })
}

/// `psa_key_derivation_output_bytes`.
///
/// # Safety
/// `operation` must point to an operation object, `output` writable for `output_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_output_bytes(
    operation: *mut psa_key_derivation_operation_t,
    output: *mut u8,
    output_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, out) = unsafe { (word(operation)?, try_output(output, output_length)?) };
        crypto()?;
        TABLE.with(w, |op| op.output_bytes(out))
    })
}

/// `psa_key_derivation_output_key`.
///
/// # Safety
/// `attributes` an initialized attribute struct, `operation` an operation object, `key`
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_output_key(
    attributes: *const psa_key_attributes_t,
    operation: *mut psa_key_derivation_operation_t,
    key: *mut psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        try_ptr(key)?;
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (attrs, w) = unsafe { (read_attrs(attributes)?, word(operation)?) };
        let r = crypto().and_then(|_| TABLE.with(w, |op| op.output_key(&attrs)));
        // SAFETY: checked non-NULL and aligned; writable per the caller's contract.
        unsafe { try_write(key, r.as_ref().map_or(0, |k| k.raw()))? };
        r.map(|_| ())
    })
}

/// `psa_key_derivation_verify_bytes`.
///
/// # Safety
/// `operation` must point to an operation object, `expected_output` readable for
/// `output_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_verify_bytes(
    operation: *mut psa_key_derivation_operation_t,
    expected_output: *const u8,
    output_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, expected) = unsafe {
            (
                word(operation)?,
                try_input(expected_output, output_length, &[])?,
            )
        };
        crypto()?;
        TABLE.with(w, |op| op.verify_bytes(&expected))
    })
}

/// `psa_key_derivation_verify_key`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_verify_key(
    operation: *mut psa_key_derivation_operation_t,
    expected: psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        crypto()?;
        TABLE.with(w, |op| op.verify_key(KeyId::from_raw(expected)))
    })
}

/// `psa_key_derivation_abort`: succeeds on an inactive object; frees and zeroes it.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_derivation_abort(
    operation: *mut psa_key_derivation_operation_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        TABLE.abort(w, KeyDerivationOperation::abort)
    })
}
