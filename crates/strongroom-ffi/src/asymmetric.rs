//! Asymmetric signature (hash and message), encryption, key agreement; the public half of
//! key pairs (`psa_export_public_key` is in `keys.rs` and calls [`export_public_key`]).

use strongroom::{Algorithm, Crypto, Error, KeyId};

use crate::attributes::{psa_key_attributes_t, read_attrs};
use crate::init::crypto;
use crate::panic::ffi_boundary;
use crate::ptr::{Buf, try_input, try_output, try_ptr, try_write, with_len_out};
use crate::types::{psa_algorithm_t, psa_key_id_t, psa_status_t};

/// `psa_export_public_key`'s engine call.
pub(crate) fn export_public_key(c: &Crypto, key: KeyId, out: &mut [u8]) -> Result<usize, Error> {
    c.export_public_key(key, out)
}

/// The shape of sign, encrypt, decrypt and raw agreement: one or two inputs, one output
/// (which may overlap the inputs), a length out.
///
/// # Safety
/// Inputs readable for their lengths, `out` writable for `out_size`, `out_len` writable.
unsafe fn produce(
    in1: (*const u8, usize),
    in2: (*const u8, usize),
    out: *mut u8,
    out_size: usize,
    out_len: *mut usize,
    f: impl FnOnce(&Crypto, &[u8], &[u8], &mut [u8]) -> Result<usize, Error>,
) -> psa_status_t {
    ffi_boundary(|| {
        // SAFETY: forwarded caller contract; inputs overlapping the output are copied.
        unsafe {
            with_len_out(out_len, || {
                let c = crypto()?;
                let outs = [Buf::new(out, out_size)?];
                let a = try_input(in1.0, in1.1, &outs)?;
                let b = try_input(in2.0, in2.1, &outs)?;
                let o = try_output(out, out_size)?;
                f(c, &a, &b, o)
            })
        }
    })
}

/// The shape of verify: two inputs, no output.
///
/// # Safety
/// Inputs readable for their lengths.
unsafe fn check(
    in1: (*const u8, usize),
    in2: (*const u8, usize),
    f: impl FnOnce(&Crypto, &[u8], &[u8]) -> Result<(), Error>,
) -> psa_status_t {
    ffi_boundary(|| {
        let c = crypto()?;
        // SAFETY: forwarded caller contract; inputs only.
        let (a, b) = unsafe { (try_input(in1.0, in1.1, &[])?, try_input(in2.0, in2.1, &[])?) };
        f(c, &a, &b)
    })
}

/// `psa_sign_message`.
///
/// # Safety
/// `input` readable for `input_length`, `signature` writable for `signature_size` (may
/// overlap `input`), `signature_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_sign_message(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    signature: *mut u8,
    signature_size: usize,
    signature_length: *mut usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        produce(
            (input, input_length),
            (core::ptr::null(), 0),
            signature,
            signature_size,
            signature_length,
            |c, m, _, o| c.sign_message(key, alg, m, o),
        )
    }
}

/// `psa_verify_message`.
///
/// # Safety
/// `input` readable for `input_length`, `signature` for `signature_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_verify_message(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    signature: *const u8,
    signature_length: usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        check(
            (input, input_length),
            (signature, signature_length),
            |c, m, s| c.verify_message(key, alg, m, s),
        )
    }
}

/// `psa_sign_hash`.
///
/// # Safety
/// `hash` readable for `hash_length`, `signature` writable for `signature_size` (may
/// overlap `hash`), `signature_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_sign_hash(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    hash: *const u8,
    hash_length: usize,
    signature: *mut u8,
    signature_size: usize,
    signature_length: *mut usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        produce(
            (hash, hash_length),
            (core::ptr::null(), 0),
            signature,
            signature_size,
            signature_length,
            |c, h, _, o| c.sign_hash(key, alg, h, o),
        )
    }
}

/// `psa_verify_hash`.
///
/// # Safety
/// `hash` readable for `hash_length`, `signature` for `signature_length`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_verify_hash(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    hash: *const u8,
    hash_length: usize,
    signature: *const u8,
    signature_length: usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        check(
            (hash, hash_length),
            (signature, signature_length),
            |c, h, s| c.verify_hash(key, alg, h, s),
        )
    }
}

/// `psa_asymmetric_encrypt`.
///
/// # Safety
/// `input`/`salt` readable for their lengths, `output` writable for `output_size` (may
/// overlap the inputs), `output_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_asymmetric_encrypt(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    salt: *const u8,
    salt_length: usize,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        produce(
            (input, input_length),
            (salt, salt_length),
            output,
            output_size,
            output_length,
            |c, i, s, o| c.asymmetric_encrypt(key, alg, i, s, o),
        )
    }
}

/// `psa_asymmetric_decrypt`.
///
/// # Safety
/// As [`psa_asymmetric_encrypt`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_asymmetric_decrypt(
    key: psa_key_id_t,
    alg: psa_algorithm_t,
    input: *const u8,
    input_length: usize,
    salt: *const u8,
    salt_length: usize,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        produce(
            (input, input_length),
            (salt, salt_length),
            output,
            output_size,
            output_length,
            |c, i, s, o| c.asymmetric_decrypt(key, alg, i, s, o),
        )
    }
}

/// `psa_raw_key_agreement`.
///
/// # Safety
/// `peer_key` readable for `peer_key_length`, `output` writable for `output_size` (may
/// overlap `peer_key`), `output_length` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_raw_key_agreement(
    alg: psa_algorithm_t,
    private_key: psa_key_id_t,
    peer_key: *const u8,
    peer_key_length: usize,
    output: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> psa_status_t {
    let (key, alg) = (KeyId::from_raw(private_key), Algorithm::from_raw(alg));
    // SAFETY: forwarded caller contract.
    unsafe {
        produce(
            (peer_key, peer_key_length),
            (core::ptr::null(), 0),
            output,
            output_size,
            output_length,
            |c, p, _, o| c.raw_key_agreement(alg, key, p, o),
        )
    }
}

/// `psa_key_agreement`: the shared secret becomes a new key.
///
/// # Safety
/// `peer_key` readable for `peer_key_length`, `attributes` an initialized attribute
/// struct, `key` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_key_agreement(
    private_key: psa_key_id_t,
    peer_key: *const u8,
    peer_key_length: usize,
    alg: psa_algorithm_t,
    attributes: *const psa_key_attributes_t,
    key: *mut psa_key_id_t,
) -> psa_status_t {
    ffi_boundary(|| {
        try_ptr(key)?;
        // SAFETY: forwarded caller contract (NULL/alignment checked by the helpers).
        let (attrs, peer) = unsafe {
            (
                read_attrs(attributes)?,
                try_input(peer_key, peer_key_length, &[])?,
            )
        };
        let r = crypto().and_then(|c| {
            c.key_agreement(
                KeyId::from_raw(private_key),
                &peer,
                Algorithm::from_raw(alg),
                &attrs,
            )
        });
        // SAFETY: checked non-NULL and aligned; writable per the caller's contract.
        unsafe { try_write(key, r.as_ref().map_or(0, |k| k.raw()))? };
        r.map(|_| ())
    })
}
