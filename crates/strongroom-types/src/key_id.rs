//! Key identifiers (`psa_key_id_t`).
//!
//! Ranges: `0` null; `0x00000001..=0x3fffffff` application (user) range;
//! `0x40000000..=0x7fffffff` implementation (vendor) range, also used for volatile keys;
//! `0x80000000..` invalid.

use core::fmt;

/// A key identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KeyId(u32);

impl KeyId {
    /// `PSA_KEY_ID_NULL`.
    pub const NULL: Self = Self(0);
    /// `PSA_KEY_ID_USER_MIN`.
    pub const USER_MIN: Self = Self(0x0000_0001);
    /// `PSA_KEY_ID_USER_MAX`.
    pub const USER_MAX: Self = Self(0x3fff_ffff);
    /// `PSA_KEY_ID_VENDOR_MIN`.
    pub const VENDOR_MIN: Self = Self(0x4000_0000);
    /// `PSA_KEY_ID_VENDOR_MAX`.
    pub const VENDOR_MAX: Self = Self(0x7fff_ffff);

    /// Wraps any raw id (not checked).
    pub const fn from_raw(raw: u32) -> Self {
        Self(raw)
    }
    /// The raw `psa_key_id_t` value.
    pub const fn raw(self) -> u32 {
        self.0
    }
    /// An id in the application range, `None` outside it.
    pub const fn user(raw: u32) -> Option<KeyId> {
        let id = Self(raw);
        if id.is_user() { Some(id) } else { None }
    }
    /// An id in the implementation (vendor) range, `None` outside it.
    pub const fn vendor(raw: u32) -> Option<KeyId> {
        let id = Self(raw);
        if id.is_vendor() { Some(id) } else { None }
    }
    /// Whether this is `PSA_KEY_ID_NULL`.
    pub const fn is_null(self) -> bool {
        self.0 == 0
    }
    /// Whether this id is in the application range.
    pub const fn is_user(self) -> bool {
        self.0 >= Self::USER_MIN.0 && self.0 <= Self::USER_MAX.0
    }
    /// Whether this id is in the implementation (vendor) range.
    pub const fn is_vendor(self) -> bool {
        self.0 >= Self::VENDOR_MIN.0 && self.0 <= Self::VENDOR_MAX.0
    }
    /// Whether this id is valid for a key (user or vendor range).
    pub const fn is_valid(self) -> bool {
        self.is_user() || self.is_vendor()
    }
}

impl fmt::Display for KeyId {
    /// `0x%08x`, as the spec and Mbed TLS print key ids.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010x}", self.0)
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({:#010x})", self.0)
    }
}

impl From<KeyId> for u32 {
    fn from(k: KeyId) -> u32 {
        k.0
    }
}
impl From<u32> for KeyId {
    fn from(raw: u32) -> KeyId {
        KeyId(raw)
    }
}
