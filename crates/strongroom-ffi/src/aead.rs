//! AEAD: one-shot (`psa_aead_encrypt`/`decrypt`) and multi-part (`psa_aead_*`).

use strongroom::{AeadOperation, Algorithm, KeyId};

use crate::init::crypto;

use crate::optable::{OpTable, word};
use crate::panic::ffi_boundary;
use crate::ptr::{Buf, check_disjoint, try_input, try_output, try_ptr, try_write, with_len_out};
use crate::types::{
    OperationObject, psa_aead_operation_t, psa_algorithm_t, psa_key_id_t, psa_status_t,
};

/// The live multi-part AEAD operations.
pub(crate) static TABLE: OpTable<AeadOperation> = OpTable::new();

/// `psa_aead_encrypt`: ciphertext ‖ tag.
///
/// # Safety
/// Inputs readable for their lengths, `ciphertext` writable for `ciphertext_size` (may
/// overlap any input), `ciphertext_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_encrypt(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    nonce: *const u8,
    nonce_length: usize,
    additional_data: *const u8,
    additional_data_length: usize,
    plaintext: *const u8,
    plaintext_length: usize,
    ciphertext: *mut u8,
    ciphertext_size: usize,
    ciphertext_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; inputs overlapping the output are copied.
        unsafe {
            with_len_out(ciphertext_length, || {
                let c = crypto()?;
                let outs = [Buf::new(ciphertext, ciphertext_size)?];
                let nonce = try_input(nonce, nonce_length, &outs)?;
                let ad = try_input(additional_data, additional_data_length, &outs)?;
                let pt = try_input(plaintext, plaintext_length, &outs)?;
                let out = try_output(ciphertext, ciphertext_size)?;
                c.aead_encrypt(
                    KeyId::from_raw(key),
                    Algorithm::from_raw(alg),
                    &nonce,
                    &ad,
                    &pt,
                    out,
                )
            })
        }
    })
}

/// `psa_aead_decrypt`: verifies the tag; a wrong tag is `INVALID_SIGNATURE`.
///
/// # Safety
/// Inputs readable for their lengths, `plaintext` writable for `plaintext_size` (may
/// overlap any input), `plaintext_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_decrypt(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    nonce: *const u8,
    nonce_length: usize,
    additional_data: *const u8,
    additional_data_length: usize,
    ciphertext: *const u8,
    ciphertext_length: usize,
    plaintext: *mut u8,
    plaintext_size: usize,
    plaintext_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; inputs overlapping the output are copied.
        unsafe {
            with_len_out(plaintext_length, || {
                let c = crypto()?;
                let outs = [Buf::new(plaintext, plaintext_size)?];
                let nonce = try_input(nonce, nonce_length, &outs)?;
                let ad = try_input(additional_data, additional_data_length, &outs)?;
                let ct = try_input(ciphertext, ciphertext_length, &outs)?;
                let out = try_output(plaintext, plaintext_size)?;
                c.aead_decrypt(
                    KeyId::from_raw(key),
                    Algorithm::from_raw(alg),
                    &nonce,
                    &ad,
                    &ct,
                    out,
                )
            })
        }
    })
}

/// `psa_aead_operation_init`: an inactive object (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_aead_operation_init() -> psa_aead_operation_t {
    OperationObject::default()
}

/// Frees every live multi-part AEAD operation (teardown).
pub(crate) fn clear_operations() {
    TABLE.clear();
}

/// `psa_aead_encrypt_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_encrypt_setup(
    operation: *mut psa_aead_operation_t,
    key: psa_key_id_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || {
            c.aead_encrypt_setup(KeyId::from_raw(key), Algorithm::from_raw(alg))
        })
    })
}

/// `psa_aead_decrypt_setup`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_decrypt_setup(
    operation: *mut psa_aead_operation_t,
    key: psa_key_id_t,
    alg: psa_algorithm_t,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        let c = crypto()?;
        TABLE.setup(w, || {
            c.aead_decrypt_setup(KeyId::from_raw(key), Algorithm::from_raw(alg))
        })
    })
}

/// `psa_aead_set_lengths`.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_set_lengths(
    operation: *mut psa_aead_operation_t,
    ad_length: usize,
    plaintext_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        crypto()?;
        TABLE.with(w, |op| op.set_lengths(ad_length, plaintext_length))
    })
}

/// `psa_aead_generate_nonce`.
///
/// # Safety
/// `operation` must point to an operation object, `nonce` writable for `nonce_size`,
/// `nonce_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_generate_nonce(
    operation: *mut psa_aead_operation_t,
    nonce: *mut u8,
    nonce_size: usize,
    nonce_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        unsafe {
            let w = word(operation)?;
            with_len_out(nonce_length, || {
                crypto()?;
                let out = try_output(nonce, nonce_size)?;
                TABLE.with(w, |op| op.generate_nonce(out))
            })
        }
    })
}

/// `psa_aead_set_nonce`.
///
/// # Safety
/// `operation` must point to an operation object, `nonce` readable for `nonce_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_set_nonce(
    operation: *mut psa_aead_operation_t,
    nonce: *const u8,
    nonce_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, nonce) = unsafe { (word(operation)?, try_input(nonce, nonce_length, &[])?) };
        crypto()?;
        TABLE.with(w, |op| op.set_nonce(&nonce))
    })
}

/// `psa_aead_update_ad`.
///
/// # Safety
/// `operation` must point to an operation object, `input` readable for `input_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_update_ad(
    operation: *mut psa_aead_operation_t,
    input: *const u8,
    input_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let (w, input) = unsafe { (word(operation)?, try_input(input, input_length, &[])?) };
        crypto()?;
        TABLE.with(w, |op| op.update_ad(&input))
    })
}

/// `psa_aead_update`.
///
/// # Safety
/// `operation` must point to an operation object, `input` readable for `input_length`,
/// `output` writable for `output_size` (may overlap `input`), `output_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_update(
    operation: *mut psa_aead_operation_t,
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

/// `psa_aead_finish`: the last ciphertext bytes and the tag; on success the operation
/// becomes inactive. The two output buffers must not overlap (`INVALID_ARGUMENT`).
///
/// # Safety
/// `operation` must point to an operation object; `ciphertext`/`tag` writable for their
/// sizes; both length pointers writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_finish(
    operation: *mut psa_aead_operation_t,
    ciphertext: *mut u8,
    ciphertext_size: usize,
    ciphertext_length: *mut usize,
    tag: *mut u8,
    tag_size: usize,
    tag_length: *mut usize,
) -> psa_status_t {
    ffi_boundary(|| {
        try_ptr(ciphertext_length)?;
        try_ptr(tag_length)?;
        // SAFETY: forwarded caller contract; the outputs are checked disjoint before both
        // slices exist.
        let r = unsafe {
            let w = word(operation)?;
            crypto()?;
            check_disjoint(
                Buf::new(ciphertext, ciphertext_size)?,
                Buf::new(tag, tag_size)?,
            )?;
            let ct = try_output(ciphertext, ciphertext_size)?;
            let tg = try_output(tag, tag_size)?;
            TABLE.step(w, |op| op.finish(ct, tg), Result::is_ok)
        };
        let (n, t) = *r.as_ref().unwrap_or(&(0, 0));
        // SAFETY: checked non-NULL and aligned above; the output slices are gone.
        unsafe {
            try_write(ciphertext_length, n)?;
            try_write(tag_length, t)?;
        }
        r.map(|_| ())
    })
}

/// `psa_aead_verify`: the last plaintext bytes, after checking the tag; on success the
/// operation becomes inactive.
///
/// # Safety
/// `operation` must point to an operation object, `plaintext` writable for
/// `plaintext_size`, `plaintext_length` writable, `tag` readable for `tag_length` (may
/// overlap `plaintext`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_verify(
    operation: *mut psa_aead_operation_t,
    plaintext: *mut u8,
    plaintext_size: usize,
    plaintext_length: *mut usize,
    tag: *const u8,
    tag_length: usize,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; a tag overlapping the output is copied.
        unsafe {
            let w = word(operation)?;
            with_len_out(plaintext_length, || {
                crypto()?;
                let tag = try_input(tag, tag_length, &[Buf::new(plaintext, plaintext_size)?])?;
                let out = try_output(plaintext, plaintext_size)?;
                TABLE.step(w, |op| op.verify(out, &tag), Result::is_ok)
            })
        }
    })
}

/// `psa_aead_abort`: succeeds on an inactive or finished object; zeroes it.
///
/// # Safety
/// `operation` must point to an operation object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_aead_abort(operation: *mut psa_aead_operation_t) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract (NULL/alignment checked).
        let w = unsafe { word(operation)? };
        TABLE.abort(w, AeadOperation::abort)
    })
}
