//! Key attributes: the transparent C struct `psa_key_attributes_t`, its 12 setters and
//! getters (exported as symbols too, for non-C users; the header may also define them
//! inline with the same semantics), `psa_key_attributes_init`, `psa_get_key_attributes`
//! and `psa_reset_key_attributes`, and the conversions to and from
//! `strongroom::KeyAttributes`. The setter semantics are `KeyAttributes`'s (types crate).
//!
//! Setters and getters work before `psa_crypto_init`; a NULL attribute pointer makes a
//! setter do nothing and a getter return 0.

use strongroom::{Algorithm, KeyAttributes, KeyId, KeyType, Lifetime, Usage};

use crate::init::crypto;
use crate::panic::{ffi_boundary, ffi_boundary_or};
use crate::ptr::{try_ptr, try_read, try_write};
use crate::types::{
    psa_algorithm_t, psa_key_id_t, psa_key_lifetime_t, psa_key_type_t, psa_key_usage_t,
    psa_status_t,
};

/// `psa_key_attributes_t`, field for field as in `include/psa/crypto_struct.h`
/// (all zero = `PSA_KEY_ATTRIBUTES_INIT`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct psa_key_attributes_t {
    /// `psa_key_type_t type`.
    pub type_: psa_key_type_t,
    /// `psa_key_bits_t bits` (`size_t`).
    pub bits: usize,
    /// `psa_key_lifetime_t lifetime`.
    pub lifetime: psa_key_lifetime_t,
    /// `psa_key_id_t id`.
    pub id: psa_key_id_t,
    /// `psa_key_usage_t usage`.
    pub usage: psa_key_usage_t,
    /// `psa_algorithm_t alg`.
    pub alg: psa_algorithm_t,
}

impl psa_key_attributes_t {
    /// The engine's attributes. Bit sizes above `u32::MAX` saturate (creation rejects
    /// anything above `KeyAttributes::MAX_KEY_BITS`).
    pub(crate) fn to_rust(self) -> KeyAttributes {
        KeyAttributes::new(
            KeyType::from_raw(self.type_),
            u32::try_from(self.bits).unwrap_or(u32::MAX),
        )
        .with_usage(Usage::from_raw(self.usage))
        .with_algorithm(Algorithm::from_raw(self.alg))
        .with_lifetime(Lifetime::from_raw(self.lifetime))
        // Keeps the lifetime as it is (a volatile lifetime with an id is rejected by the
        // engine with INVALID_ARGUMENT, as the spec says).
        .with_assigned_id(KeyId::from_raw(self.id))
    }

    pub(crate) fn from_rust(a: &KeyAttributes) -> Self {
        Self {
            type_: a.key_type().raw(),
            bits: a.bits() as usize,
            lifetime: a.lifetime().raw(),
            id: a.id().raw(),
            usage: a.usage().raw(),
            alg: a.algorithm().raw(),
        }
    }
}

/// Reads a C attribute struct (NULL → `INVALID_ARGUMENT`).
///
/// # Safety
/// `p` must point to an initialized `psa_key_attributes_t` when non-NULL.
pub(crate) unsafe fn read_attrs(
    p: *const psa_key_attributes_t,
) -> Result<KeyAttributes, strongroom::Error> {
    // SAFETY: forwarded caller contract; try_read checks NULL and alignment.
    Ok(unsafe { try_read(p)? }.to_rust())
}

/// Applies `f` to the struct behind `p` (a no-op when NULL or misaligned).
fn modify(p: *mut psa_key_attributes_t, f: impl FnOnce(&mut psa_key_attributes_t)) {
    ffi_boundary_or((), || {
        if let Ok(nn) = try_ptr(p) {
            // SAFETY: non-NULL and aligned; C passes a valid attribute object it owns for
            // the call (the spec's contract for every attribute function).
            let a = unsafe { &mut *nn.as_ptr() };
            f(a);
        }
    });
}

/// Reads a field of the struct behind `p` (0 when NULL or misaligned).
fn get<T: Default>(
    p: *const psa_key_attributes_t,
    f: impl FnOnce(&psa_key_attributes_t) -> T,
) -> T {
    ffi_boundary_or(T::default(), || match try_ptr(p) {
        // SAFETY: non-NULL and aligned; a valid attribute object for the call (spec contract).
        Ok(nn) => f(unsafe { nn.as_ref() }),
        Err(_) => T::default(),
    })
}

/// `psa_key_attributes_init`: `PSA_KEY_ATTRIBUTES_INIT` (all zero).
#[unsafe(no_mangle)]
pub extern "C" fn psa_key_attributes_init() -> psa_key_attributes_t {
    psa_key_attributes_t::default()
}

/// `psa_set_key_id`: also makes a volatile lifetime persistent (default persistence, same
/// location).
#[unsafe(no_mangle)]
pub extern "C" fn psa_set_key_id(attributes: *mut psa_key_attributes_t, key: psa_key_id_t) {
    modify(attributes, |a| {
        let mut r = a.to_rust();
        r.set_id(KeyId::from_raw(key));
        let bits = a.bits;
        *a = psa_key_attributes_t {
            bits,
            ..psa_key_attributes_t::from_rust(&r)
        };
    });
}

/// `psa_get_key_id`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_get_key_id(attributes: *const psa_key_attributes_t) -> psa_key_id_t {
    get(attributes, |a| a.id)
}

/// `psa_set_key_lifetime`: a volatile lifetime also clears the id.
#[unsafe(no_mangle)]
pub extern "C" fn psa_set_key_lifetime(
    attributes: *mut psa_key_attributes_t,
    lifetime: psa_key_lifetime_t,
) {
    modify(attributes, |a| {
        a.lifetime = lifetime;
        if Lifetime::from_raw(lifetime).is_volatile() {
            a.id = 0;
        }
    });
}

/// `psa_get_key_lifetime`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_get_key_lifetime(
    attributes: *const psa_key_attributes_t,
) -> psa_key_lifetime_t {
    get(attributes, |a| a.lifetime)
}

/// `psa_set_key_usage_flags`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_set_key_usage_flags(
    attributes: *mut psa_key_attributes_t,
    usage_flags: psa_key_usage_t,
) {
    modify(attributes, |a| a.usage = usage_flags);
}

/// `psa_get_key_usage_flags`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_get_key_usage_flags(
    attributes: *const psa_key_attributes_t,
) -> psa_key_usage_t {
    get(attributes, |a| a.usage)
}

/// `psa_set_key_algorithm`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_set_key_algorithm(
    attributes: *mut psa_key_attributes_t,
    alg: psa_algorithm_t,
) {
    modify(attributes, |a| a.alg = alg);
}

/// `psa_get_key_algorithm`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_get_key_algorithm(
    attributes: *const psa_key_attributes_t,
) -> psa_algorithm_t {
    get(attributes, |a| a.alg)
}

/// `psa_set_key_type`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_set_key_type(attributes: *mut psa_key_attributes_t, type_: psa_key_type_t) {
    modify(attributes, |a| a.type_ = type_);
}

/// `psa_get_key_type`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_get_key_type(attributes: *const psa_key_attributes_t) -> psa_key_type_t {
    get(attributes, |a| a.type_)
}

/// `psa_set_key_bits`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_set_key_bits(attributes: *mut psa_key_attributes_t, bits: usize) {
    modify(attributes, |a| a.bits = bits);
}

/// `psa_get_key_bits`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_get_key_bits(attributes: *const psa_key_attributes_t) -> usize {
    get(attributes, |a| a.bits)
}

/// `psa_get_key_attributes`: the attributes of an existing key (its assigned id, actual
/// bit size and the usage flags with their implications).
///
/// # Safety
/// `attributes` must be writable as a `psa_key_attributes_t` (NULL: `INVALID_ARGUMENT`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_get_key_attributes(
    key: psa_key_id_t,
    attributes: *mut psa_key_attributes_t,
) -> psa_status_t {
    ffi_boundary(|| {
        try_ptr(attributes)?;
        let r = crypto().and_then(|c| c.key_attributes(KeyId::from_raw(key)));
        // On failure *attributes is reset (header contract).
        let v = r
            .as_ref()
            .map(psa_key_attributes_t::from_rust)
            .unwrap_or_default();
        // SAFETY: checked non-NULL and aligned; writable per the caller's contract.
        unsafe { try_write(attributes, v)? };
        r.map(|_| ())
    })
}

/// `psa_reset_key_attributes`: back to `PSA_KEY_ATTRIBUTES_INIT`.
#[unsafe(no_mangle)]
pub extern "C" fn psa_reset_key_attributes(attributes: *mut psa_key_attributes_t) {
    modify(attributes, |a| *a = psa_key_attributes_t::default());
}
