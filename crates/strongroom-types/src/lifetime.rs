//! Key lifetimes (`psa_key_lifetime_t`): persistence level (bits 7..0) and location (bits 31..8).

use core::fmt;

/// A key lifetime: where the key lives and how long it persists.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Lifetime(u32);

impl Lifetime {
    /// `PSA_KEY_PERSISTENCE_VOLATILE`: the key is destroyed at reset / library teardown.
    pub const PERSISTENCE_VOLATILE: u8 = 0x00;
    /// `PSA_KEY_PERSISTENCE_DEFAULT`: the default persistent storage.
    pub const PERSISTENCE_DEFAULT: u8 = 0x01;
    /// `PSA_KEY_PERSISTENCE_READ_ONLY`: persistent and never destroyable.
    pub const PERSISTENCE_READ_ONLY: u8 = 0xff;
    /// `PSA_KEY_LOCATION_LOCAL_STORAGE`: the implementation's own key store.
    pub const LOCATION_LOCAL_STORAGE: u32 = 0x00_0000;
    /// `PSA_KEY_LOCATION_PRIMARY_SECURE_ELEMENT`.
    pub const LOCATION_PRIMARY_SECURE_ELEMENT: u32 = 0x00_0001;
    /// Bit 23 of a location marks a vendor-defined location.
    pub const LOCATION_VENDOR_FLAG: u32 = 0x80_0000;

    /// `PSA_KEY_LIFETIME_VOLATILE`.
    pub const VOLATILE: Self = Self(0x0000_0000);
    /// `PSA_KEY_LIFETIME_PERSISTENT`.
    pub const PERSISTENT: Self = Self(0x0000_0001);

    /// Wraps a raw lifetime.
    pub const fn from_raw(raw: u32) -> Self {
        Self(raw)
    }
    /// The raw `psa_key_lifetime_t` value.
    pub const fn raw(self) -> u32 {
        self.0
    }
    /// `PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION`; the location is truncated to its
    /// 24-bit field as the C macro does.
    pub const fn from_persistence_and_location(persistence: u8, location: u32) -> Self {
        Self((location << 8) | persistence as u32)
    }
    /// `PSA_KEY_LIFETIME_GET_PERSISTENCE`.
    pub const fn persistence(self) -> u8 {
        (self.0 & 0xff) as u8
    }
    /// `PSA_KEY_LIFETIME_GET_LOCATION`.
    pub const fn location(self) -> u32 {
        self.0 >> 8
    }
    /// `PSA_KEY_LIFETIME_IS_VOLATILE`.
    pub const fn is_volatile(self) -> bool {
        self.persistence() == Self::PERSISTENCE_VOLATILE
    }
    /// `PSA_KEY_LIFETIME_IS_READ_ONLY` (Mbed TLS name): persistence `0xff`.
    pub const fn is_read_only(self) -> bool {
        self.persistence() == Self::PERSISTENCE_READ_ONLY
    }
    /// Whether the key is stored in the implementation's own key store (location 0).
    pub const fn is_local(self) -> bool {
        self.location() == Self::LOCATION_LOCAL_STORAGE
    }
}

impl fmt::Debug for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("VOLATILE"),
            1 => f.write_str("PERSISTENT"),
            _ => write!(
                f,
                "Lifetime(persistence={:#04x}, location={:#08x})",
                self.persistence(),
                self.location()
            ),
        }
    }
}

impl From<Lifetime> for u32 {
    fn from(l: Lifetime) -> u32 {
        l.0
    }
}
impl From<u32> for Lifetime {
    fn from(raw: u32) -> Lifetime {
        Lifetime(raw)
    }
}
