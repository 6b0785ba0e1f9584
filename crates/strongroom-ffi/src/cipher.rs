//! Unauthenticated ciphers: one-shot and multi-part (`psa_cipher_*`).

use strongroom::{Algorithm, CipherOperation, KeyId};

use crate::init::crypto;
use crate::optable::{OpTable, word};
use crate::panic::ffi_boundary;
use crate::ptr::{Buf, try_input, try_output, with_len_out};
use crate::types::{
    OperationObject, psa_algorithm_t, psa_cipher_operation_t, psa_key_id_t, psa_status_t,
};

/// The live multi-part cipher operations.
pub(crate) static TABLE: OpTable<CipherOperation> = OpTable::new();

/// Frees every live cipher operation (teardown).
pub(crate) fn clear_operations() {
    TABLE.clear();
}

/// `psa_cipher_encrypt`: a random IV is generated and written first.
///
/// # Safety
/// `input` readable for `input_length`, `output` writable for `output_size` (may overlap
/// `input`), `output_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_encrypt(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; the input is copied if it overlaps the output.
        unsafe {
            with_len_out(output_length, || {
                let c = crypto()?;
                let input = try_input(input, input_length, &[Buf::new(output, output_size)?])?;
                let out = try_output(output, output_size)?;
                c.cipher_encrypt(KeyId::from_raw(key), Algorithm::from_raw(alg), &input, out)
            })
        }
    })
}

/// `psa_cipher_decrypt`: the input starts with the IV.
///
/// # Safety
/// As [`psa_cipher_encrypt`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_decrypt(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; the input is copied if it overlaps the output.
        unsafe {
            with_len_out(output_length, || {
                let c = crypto()?;
                let input = try_input(input, input_length, &[Buf::new(output, output_size)?])?;
                let out = try_output(output, output_size)?;
                c.cipher_decrypt(KeyId::from_raw(key), Algorithm::from_raw(alg), &input, out)
            })
        }
    })
}

/// `psa_cipher_operation_init`: an inactive object (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_cipher_operation_init() -> psa_cipher_operation_t {
    OperationObject::default()
}

/// `psa_cipher_encrypt_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_encrypt_setup(
    operation: *mut psa_cipher_operation_t,
    key: psa_key_id_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || {
            c.cipher_encrypt_setup(KeyId::from_raw(key), Algorithm::from_raw(alg))
        })
    })
}

/// `psa_cipher_decrypt_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_decrypt_setup(
    operation: *mut psa_cipher_operation_t,
    key: psa_key_id_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || {
            c.cipher_decrypt_setup(KeyId::from_raw(key), Algorithm::from_raw(alg))
        })
    })
}

/// `psa_cipher_generate_iv`.
///
/// # Safety
/// `operation` must point to an operation object, `iv` writable for `iv_size`,
/// `iv_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_generate_iv(
    operation: *mut psa_cipher_operation_t,
    iv: *mut u8,
    iv_size: usize,
    iv_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        unsafe {
            let w = word(operation)?;
            with_len_out(iv_length, || {
                crypto()?;
                let out = try_output(iv, iv_size)?;
                TABLE.with(w, |op| op.generate_iv(out))
            })
        }
    })
}

/// `psa_cipher_set_iv`.
///
/// # Safety
/// `operation` must point to an operation object, `iv` readable for `iv_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_set_iv(
    operation: *mut psa_cipher_operation_t,
    iv: *const u8,
    iv_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, iv) = unsafe { (word(operation)?, try_input(iv, iv_length, &[])?) };
        crypto()?;
        TABLE.with(w, |op| op.set_iv(&iv))
    })
}

/// `psa_cipher_update`.
///
/// # Safety
/// `operation` must point to an operation object, `input` readable for `input_length`,
/// `output` writable for `output_size` (may overlap `input`), `output_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_update(
    operation: *mut psa_cipher_operation_t,
    input: *const u8,
    input_length: usize,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; the input is copied if it overlaps the output.
        unsafe {
            let w = word(operation)?;
            with_len_out(output_length, || {
                crypto()?;
                let input = try_input(input, input_length, &[Buf::new(output, output_size)?])?;
                let out = try_output(output, output_size)?;
                TABLE.with(w, |op| op.update(&input, out))
            })
        }
    })
}

/// `psa_cipher_finish`: on success the operation becomes inactive.
///
/// # Safety
/// `operation` must point to an operation object, `output` writable for `output_size`,
/// `output_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_finish(
    operation: *mut psa_cipher_operation_t,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        unsafe {
            let w = word(operation)?;
            with_len_out(output_length, || {
                crypto()?;
                let out = try_output(output, output_size)?;
                TABLE.step(w, |op| op.finish(out), Result::is_ok)
            })
        }
    })
}

/// `psa_cipher_abort`: succeeds on an inactive or finished object; zeroes it.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_cipher_abort(operation: *mut psa_cipher_operation_t) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        TABLE.abort(w, CipherOperation::abort)
    })
}
