//! Key attributes (`psa_key_attributes_t`) with the exact setter semantics of the spec.

use crate::{Algorithm, KeyId, KeyType, Lifetime, Usage};

/// The attributes of a key: identity, lifetime, type, size and policy.
///
/// `KeyAttributes::default()` is `PSA_KEY_ATTRIBUTES_INIT` (all zero: volatile, no type,
/// no usage, no algorithm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct KeyAttributes {
    id: KeyId,
    lifetime: Lifetime,
    key_type: KeyType,
    bits: u32,
    usage: Usage,
    algorithm: Algorithm,
}

impl KeyAttributes {
    /// The largest key size in bits an implementation must handle in attributes
    /// (Mbed TLS `PSA_MAX_KEY_BITS`); larger sizes are rejected with `NotSupported`.
    pub const MAX_KEY_BITS: u32 = 0xfff8;

    /// Attributes for a volatile key of `key_type` and `bits` (0 = derive from data),
    /// with no usage and no algorithm.
    pub const fn new(key_type: KeyType, bits: u32) -> Self {
        Self {
            id: KeyId::NULL,
            lifetime: Lifetime::VOLATILE,
            key_type,
            bits,
            usage: Usage::empty(),
            algorithm: Algorithm::NONE,
        }
    }

    /// `psa_get_key_id`.
    pub const fn id(&self) -> KeyId {
        self.id
    }
    /// `psa_get_key_lifetime`.
    pub const fn lifetime(&self) -> Lifetime {
        self.lifetime
    }
    /// `psa_get_key_type`.
    pub const fn key_type(&self) -> KeyType {
        self.key_type
    }
    /// `psa_get_key_bits` (0 when unset).
    pub const fn bits(&self) -> u32 {
        self.bits
    }
    /// `psa_get_key_usage_flags`.
    pub const fn usage(&self) -> Usage {
        self.usage
    }
    /// `psa_get_key_algorithm`.
    pub const fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// `psa_set_key_id`: setting an id on a volatile attribute object makes it persistent,
    /// because only persistent keys have caller-chosen ids. The persistence becomes
    /// `PSA_KEY_PERSISTENCE_DEFAULT` and the location is kept (so the default volatile
    /// lifetime becomes `PSA_KEY_LIFETIME_PERSISTENT`, as the spec says, and a volatile
    /// key in a secure element becomes a persistent one there, as Mbed TLS does). A
    /// non-volatile lifetime is kept.
    pub fn set_id(&mut self, id: KeyId) {
        self.id = id;
        if self.lifetime.is_volatile() {
            self.lifetime = Lifetime::from_persistence_and_location(
                Lifetime::PERSISTENCE_DEFAULT,
                self.lifetime.location(),
            );
        }
    }
    /// `psa_set_key_lifetime`: a volatile lifetime clears the id (volatile keys get an
    /// implementation-chosen id at creation).
    pub fn set_lifetime(&mut self, lifetime: Lifetime) {
        self.lifetime = lifetime;
        if lifetime.is_volatile() {
            self.id = KeyId::NULL;
        }
    }
    /// `psa_set_key_type`.
    pub fn set_key_type(&mut self, key_type: KeyType) {
        self.key_type = key_type;
    }
    /// `psa_set_key_bits`. Any value is stored; creation functions reject sizes above
    /// [`Self::MAX_KEY_BITS`].
    pub fn set_bits(&mut self, bits: u32) {
        self.bits = bits;
    }
    /// `psa_set_key_usage_flags` (stored as given; implications are added at creation).
    pub fn set_usage(&mut self, usage: Usage) {
        self.usage = usage;
    }
    /// `psa_set_key_algorithm`.
    pub fn set_algorithm(&mut self, algorithm: Algorithm) {
        self.algorithm = algorithm;
    }
    /// The attributes of a created key: `self` with the id the implementation assigned,
    /// keeping the lifetime as it is (a volatile key reports its assigned id with a
    /// volatile lifetime, which the PSA setters cannot express).
    pub const fn with_assigned_id(mut self, id: KeyId) -> Self {
        self.id = id;
        self
    }

    /// `psa_reset_key_attributes`: back to `PSA_KEY_ATTRIBUTES_INIT`.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Builder form of [`Self::set_usage`].
    #[must_use]
    pub const fn with_usage(mut self, usage: Usage) -> Self {
        self.usage = usage;
        self
    }
    /// Builder form of [`Self::set_algorithm`].
    #[must_use]
    pub const fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
    /// Builder form of [`Self::set_id`] (same lifetime switch).
    #[must_use]
    pub fn with_id(mut self, id: KeyId) -> Self {
        self.set_id(id);
        self
    }
    /// Builder form of [`Self::set_lifetime`] (same id reset).
    #[must_use]
    pub fn with_lifetime(mut self, lifetime: Lifetime) -> Self {
        self.set_lifetime(lifetime);
        self
    }
    /// Builder form of [`Self::set_key_type`].
    #[must_use]
    pub const fn with_key_type(mut self, key_type: KeyType) -> Self {
        self.key_type = key_type;
        self
    }
    /// Builder form of [`Self::set_bits`].
    #[must_use]
    pub const fn with_bits(mut self, bits: u32) -> Self {
        self.bits = bits;
        self
    }
}
