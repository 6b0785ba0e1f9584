//! Key usage flags (`psa_key_usage_t`).

use core::fmt;
use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Not};

/// A set of key usage flags (`psa_key_usage_t`), bitflags-style.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Usage(u32);

impl Usage {
    /// `PSA_KEY_USAGE_EXPORT`: the key material may be exported.
    pub const EXPORT: Self = Self(0x0000_0001);
    /// `PSA_KEY_USAGE_COPY`: the key may be copied with `psa_copy_key`.
    pub const COPY: Self = Self(0x0000_0002);
    /// `PSA_KEY_USAGE_CACHE` (1.1): the implementation may cache the key material.
    pub const CACHE: Self = Self(0x0000_0004);
    /// `PSA_KEY_USAGE_ENCRYPT`.
    pub const ENCRYPT: Self = Self(0x0000_0100);
    /// `PSA_KEY_USAGE_DECRYPT`.
    pub const DECRYPT: Self = Self(0x0000_0200);
    /// `PSA_KEY_USAGE_SIGN_MESSAGE` (also MAC computation).
    pub const SIGN_MESSAGE: Self = Self(0x0000_0400);
    /// `PSA_KEY_USAGE_VERIFY_MESSAGE` (also MAC verification).
    pub const VERIFY_MESSAGE: Self = Self(0x0000_0800);
    /// `PSA_KEY_USAGE_SIGN_HASH`.
    pub const SIGN_HASH: Self = Self(0x0000_1000);
    /// `PSA_KEY_USAGE_VERIFY_HASH`.
    pub const VERIFY_HASH: Self = Self(0x0000_2000);
    /// `PSA_KEY_USAGE_DERIVE`.
    pub const DERIVE: Self = Self(0x0000_4000);
    /// `PSA_KEY_USAGE_VERIFY_DERIVATION`.
    pub const VERIFY_DERIVATION: Self = Self(0x0000_8000);

    /// Every named flag with its spec name (for Debug and for the vectors evaluator).
    pub const NAMED: [(Usage, &'static str); 11] = [
        (Self::EXPORT, "EXPORT"),
        (Self::COPY, "COPY"),
        (Self::CACHE, "CACHE"),
        (Self::ENCRYPT, "ENCRYPT"),
        (Self::DECRYPT, "DECRYPT"),
        (Self::SIGN_MESSAGE, "SIGN_MESSAGE"),
        (Self::VERIFY_MESSAGE, "VERIFY_MESSAGE"),
        (Self::SIGN_HASH, "SIGN_HASH"),
        (Self::VERIFY_HASH, "VERIFY_HASH"),
        (Self::DERIVE, "DERIVE"),
        (Self::VERIFY_DERIVATION, "VERIFY_DERIVATION"),
    ];

    /// No flags.
    pub const fn empty() -> Self {
        Self(0)
    }
    /// Wraps raw flags (unknown bits are kept: they are the caller's business).
    pub const fn from_raw(raw: u32) -> Self {
        Self(raw)
    }
    /// The raw `psa_key_usage_t` value.
    pub const fn raw(self) -> u32 {
        self.0
    }
    /// Whether no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether every flag of `other` is set in `self`.
    pub const fn contains(self, other: Usage) -> bool {
        self.0 & other.0 == other.0
    }
    /// Whether any flag of `other` is set in `self`.
    pub const fn intersects(self, other: Usage) -> bool {
        self.0 & other.0 != 0
    }
    /// Set union (const-usable `|`).
    pub const fn union(self, other: Usage) -> Usage {
        Self(self.0 | other.0)
    }
    /// Set intersection (const-usable `&`).
    pub const fn intersection(self, other: Usage) -> Usage {
        Self(self.0 & other.0)
    }
    /// The flags with the spec's implications added: `SIGN_HASH` implies `SIGN_MESSAGE`,
    /// `VERIFY_HASH` implies `VERIFY_MESSAGE` (applied when a key is created, and visible in
    /// its attributes afterwards).
    pub const fn with_implications(self) -> Usage {
        let mut r = self.0;
        if r & Self::SIGN_HASH.0 != 0 {
            r |= Self::SIGN_MESSAGE.0;
        }
        if r & Self::VERIFY_HASH.0 != 0 {
            r |= Self::VERIFY_MESSAGE.0;
        }
        Self(r)
    }
}

impl BitOr for Usage {
    type Output = Usage;
    fn bitor(self, rhs: Usage) -> Usage {
        Usage(self.0 | rhs.0)
    }
}
impl BitOrAssign for Usage {
    fn bitor_assign(&mut self, rhs: Usage) {
        self.0 |= rhs.0;
    }
}
impl BitAnd for Usage {
    type Output = Usage;
    fn bitand(self, rhs: Usage) -> Usage {
        Usage(self.0 & rhs.0)
    }
}
impl BitAndAssign for Usage {
    fn bitand_assign(&mut self, rhs: Usage) {
        self.0 &= rhs.0;
    }
}
impl Not for Usage {
    type Output = Usage;
    fn not(self) -> Usage {
        Usage(!self.0)
    }
}

impl fmt::Debug for Usage {
    /// `EXPORT | SIGN_HASH`, `(empty)`, unknown bits as hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("(empty)");
        }
        let mut rest = self.0;
        let mut first = true;
        for (flag, name) in Self::NAMED {
            if self.contains(flag) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
                rest &= !flag.0;
            }
        }
        if rest != 0 {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "{rest:#x}")?;
        }
        Ok(())
    }
}

impl From<Usage> for u32 {
    fn from(u: Usage) -> u32 {
        u.0
    }
}
impl From<u32> for Usage {
    fn from(raw: u32) -> Usage {
        Usage(raw)
    }
}
