//! The C integral types of `psa/crypto.h`, spelled as in C so that the exported
//! prototypes read like the header (tests/signatures.rs generates C prototypes from them).

use strongroom::Error;

/// `psa_status_t`.
pub type psa_status_t = i32;
/// `psa_key_id_t`.
pub type psa_key_id_t = u32;
/// `psa_key_type_t`.
pub type psa_key_type_t = u16;
/// `psa_algorithm_t`.
pub type psa_algorithm_t = u32;
/// `psa_key_usage_t`.
pub type psa_key_usage_t = u32;
/// `psa_key_lifetime_t`.
pub type psa_key_lifetime_t = u32;
/// `psa_key_derivation_step_t`.
pub type psa_key_derivation_step_t = u16;

/// `PSA_SUCCESS`.
pub const PSA_SUCCESS: psa_status_t = 0;

/// The status of a `Result`.
pub(crate) fn status(r: Result<(), Error>) -> psa_status_t {
    match r {
        Ok(()) => PSA_SUCCESS,
        Err(e) => e.status(),
    }
}

/// A C operation object: `struct { uint64_t opaque[4]; }`, 32 bytes, align 8, zero =
/// inactive. Word 0 holds the handle (see [`crate::optable`]); words 1–3 stay zero.
#[repr(C)]
#[derive(Debug, Default)]
pub struct OperationObject {
    /// Word 0: the table handle (0 = inactive); the rest is reserved.
    pub opaque: [u64; 4],
}

/// `psa_hash_operation_t`.
pub type psa_hash_operation_t = OperationObject;
/// `psa_mac_operation_t`.
pub type psa_mac_operation_t = OperationObject;
/// `psa_cipher_operation_t`.
pub type psa_cipher_operation_t = OperationObject;
/// `psa_aead_operation_t`.
pub type psa_aead_operation_t = OperationObject;
/// `psa_key_derivation_operation_t`.
pub type psa_key_derivation_operation_t = OperationObject;
/// `psa_pake_operation_t`.
pub type psa_pake_operation_t = OperationObject;
