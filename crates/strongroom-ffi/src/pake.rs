//! PAKE (spec 1.2 PAKE extension). The cipher-suite accessors work (plain data, no library
//! state); the PAKE operation functions return `PSA_ERROR_NOT_SUPPORTED` (the engine has no
//! PAKE yet), and `psa_pake_abort` succeeds.

use strongroom::Error;

use crate::init::crypto;
use crate::panic::ffi_boundary_or;
use crate::ptr::try_ptr;
use crate::types::{
    OperationObject, psa_algorithm_t, psa_key_id_t, psa_pake_operation_t, psa_status_t,
};

/// `psa_pake_primitive_t`.
pub type psa_pake_primitive_t = u32;
/// `psa_pake_role_t`.
pub type psa_pake_role_t = u8;
/// `psa_pake_step_t`.
pub type psa_pake_step_t = u8;

/// `psa_pake_cipher_suite_t` as in `include/psa/crypto_struct.h` (all zero = fresh).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct psa_pake_cipher_suite_t {
    /// `psa_algorithm_t algorithm`.
    pub algorithm: psa_algorithm_t,
    /// `psa_pake_primitive_t primitive`.
    pub primitive: psa_pake_primitive_t,
    /// `uint32_t key_confirmation`.
    pub key_confirmation: u32,
}

fn modify(p: *mut psa_pake_cipher_suite_t, f: impl FnOnce(&mut psa_pake_cipher_suite_t)) {
    ffi_boundary_or((), || {
        if let Ok(nn) = try_ptr(p) {
            // SAFETY: non-NULL and aligned; a valid cipher-suite object owned by the caller
            // for the call (spec contract).
            f(unsafe { &mut *nn.as_ptr() });
        }
    });
}

fn get(p: *const psa_pake_cipher_suite_t, f: impl FnOnce(&psa_pake_cipher_suite_t) -> u32) -> u32 {
    ffi_boundary_or(0, || match try_ptr(p) {
        // SAFETY: non-NULL and aligned; a valid cipher-suite object for the call.
        Ok(nn) => f(unsafe { nn.as_ref() }),
        Err(_) => 0,
    })
}

/// `psa_pake_cipher_suite_init`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cipher_suite_init() -> psa_pake_cipher_suite_t {
    psa_pake_cipher_suite_t::default()
}

/// `psa_pake_cs_get_algorithm`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cs_get_algorithm(
    cipher_suite: *const psa_pake_cipher_suite_t,
) -> psa_algorithm_t {
    get(cipher_suite, |s| s.algorithm)
}

/// `psa_pake_cs_set_algorithm`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cs_set_algorithm(
    cipher_suite: *mut psa_pake_cipher_suite_t,
    alg: psa_algorithm_t,
) {
    modify(cipher_suite, |s| s.algorithm = alg);
}

/// `psa_pake_cs_get_primitive`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cs_get_primitive(
    cipher_suite: *const psa_pake_cipher_suite_t,
) -> psa_pake_primitive_t {
    get(cipher_suite, |s| s.primitive)
}

/// `psa_pake_cs_set_primitive`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cs_set_primitive(
    cipher_suite: *mut psa_pake_cipher_suite_t,
    primitive: psa_pake_primitive_t,
) {
    modify(cipher_suite, |s| s.primitive = primitive);
}

/// `psa_pake_cs_get_key_confirmation`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cs_get_key_confirmation(
    cipher_suite: *const psa_pake_cipher_suite_t,
) -> u32 {
    get(cipher_suite, |s| s.key_confirmation)
}

/// `psa_pake_cs_set_key_confirmation`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_cs_set_key_confirmation(
    cipher_suite: *mut psa_pake_cipher_suite_t,
    key_confirmation: u32,
) {
    modify(cipher_suite, |s| s.key_confirmation = key_confirmation);
}

/// `psa_pake_operation_init`: an inactive object (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_pake_operation_init() -> psa_pake_operation_t {
    OperationObject::default()
}

fn not_supported() -> Result<(), Error> {
    crypto()?;
    Err(Error::NotSupported)
}

crate::stubs! {
    /// `psa_pake_setup` (PAKE: not supported).
    fn psa_pake_setup(operation: *mut psa_pake_operation_t, password_key: psa_key_id_t, cipher_suite: *const psa_pake_cipher_suite_t);
    /// `psa_pake_set_role`.
    fn psa_pake_set_role(operation: *mut psa_pake_operation_t, role: psa_pake_role_t);
    /// `psa_pake_set_user`.
    fn psa_pake_set_user(operation: *mut psa_pake_operation_t, user_id: *const u8, user_id_len: usize);
    /// `psa_pake_set_peer`.
    fn psa_pake_set_peer(operation: *mut psa_pake_operation_t, peer_id: *const u8, peer_id_len: usize);
    /// `psa_pake_set_context`.
    fn psa_pake_set_context(operation: *mut psa_pake_operation_t, context: *const u8, context_len: usize);
    /// `psa_pake_output`.
    fn psa_pake_output(operation: *mut psa_pake_operation_t, step: psa_pake_step_t, output: *mut u8, output_size: usize, output_length: *mut usize);
    /// `psa_pake_input`.
    fn psa_pake_input(operation: *mut psa_pake_operation_t, step: psa_pake_step_t, input: *const u8, input_length: usize);
    /// `psa_pake_get_shared_key`.
    fn psa_pake_get_shared_key(operation: *mut psa_pake_operation_t, attributes: *const crate::attributes::psa_key_attributes_t, key: *mut psa_key_id_t);
}

/// `psa_pake_abort`: succeeds (no PAKE operation can be active).
///
/// # Safety
/// No pointer is dereferenced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_pake_abort(_operation: *mut psa_pake_operation_t) -> psa_status_t {
    0
}
