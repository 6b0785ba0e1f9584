//! Key-derivation input steps (`psa_key_derivation_step_t`).
//!
//! The spec leaves the values implementation-defined; these are Mbed TLS's (and the ones
//! every PSA implementation in the wild uses), so that C code and test data that spell
//! out the numbers keep working.

use core::fmt;

/// Which input of a key derivation a value is for (`psa_key_derivation_step_t`).
///
/// Any value is representable (a C caller can pass anything); the algorithms say which
/// steps they take, and an unknown step is simply one that no algorithm accepts.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DerivationStep(u32);

impl DerivationStep {
    /// `PSA_KEY_DERIVATION_INPUT_SECRET`: a high-entropy secret (usually a key).
    pub const SECRET: Self = Self(0x0101);
    /// `PSA_KEY_DERIVATION_INPUT_PASSWORD`: a low-entropy secret for password hashing.
    pub const PASSWORD: Self = Self(0x0102);
    /// `PSA_KEY_DERIVATION_INPUT_OTHER_SECRET`: a second secret (e.g. a key agreement's
    /// output in TLS 1.2 PSK-to-MS).
    pub const OTHER_SECRET: Self = Self(0x0103);
    /// `PSA_KEY_DERIVATION_INPUT_LABEL`.
    pub const LABEL: Self = Self(0x0201);
    /// `PSA_KEY_DERIVATION_INPUT_SALT`.
    pub const SALT: Self = Self(0x0202);
    /// `PSA_KEY_DERIVATION_INPUT_INFO`.
    pub const INFO: Self = Self(0x0203);
    /// `PSA_KEY_DERIVATION_INPUT_SEED`.
    pub const SEED: Self = Self(0x0204);
    /// `PSA_KEY_DERIVATION_INPUT_COST`: an integer (iteration count), given with
    /// `input_integer` only.
    pub const COST: Self = Self(0x0205);
    /// `PSA_KEY_DERIVATION_INPUT_CONTEXT` (spec 1.2, SP 800-108 counter-mode KDFs).
    pub const CONTEXT: Self = Self(0x0206);

    /// Wraps a raw step value (not checked).
    pub const fn from_raw(raw: u32) -> Self {
        Self(raw)
    }
    /// The raw value.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// Whether this step carries a secret (`SECRET`, `PASSWORD`, `OTHER_SECRET`): such an
    /// input is copied into the operation only in derived form or zeroizing buffers.
    pub const fn is_secret(self) -> bool {
        matches!(self.0, 0x0101..=0x0103)
    }

    /// The spec name without the `PSA_KEY_DERIVATION_INPUT_` prefix, when known.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0101 => "SECRET",
            0x0102 => "PASSWORD",
            0x0103 => "OTHER_SECRET",
            0x0201 => "LABEL",
            0x0202 => "SALT",
            0x0203 => "INFO",
            0x0204 => "SEED",
            0x0205 => "COST",
            0x0206 => "CONTEXT",
            _ => return None,
        })
    }
}

impl fmt::Debug for DerivationStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "DerivationStep({:#06x})", self.0),
        }
    }
}

impl From<DerivationStep> for u32 {
    fn from(s: DerivationStep) -> u32 {
        s.0
    }
}
impl From<u32> for DerivationStep {
    fn from(raw: u32) -> DerivationStep {
        DerivationStep(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_name_themselves() {
        let all = [
            (DerivationStep::SECRET, 0x101, "SECRET"),
            (DerivationStep::PASSWORD, 0x102, "PASSWORD"),
            (DerivationStep::OTHER_SECRET, 0x103, "OTHER_SECRET"),
            (DerivationStep::LABEL, 0x201, "LABEL"),
            (DerivationStep::SALT, 0x202, "SALT"),
            (DerivationStep::INFO, 0x203, "INFO"),
            (DerivationStep::SEED, 0x204, "SEED"),
            (DerivationStep::COST, 0x205, "COST"),
            (DerivationStep::CONTEXT, 0x206, "CONTEXT"),
        ];
        for (step, raw, name) in all {
            assert_eq!(step.raw(), raw);
            assert_eq!(DerivationStep::from_raw(raw), step);
            assert_eq!(u32::from(step), raw);
            assert_eq!(step.name(), Some(name));
            assert_eq!(step.is_secret(), raw < 0x200);
        }
        assert_eq!(DerivationStep::from_raw(7).name(), None);
    }

    #[test]
    fn debug_uses_spec_names() {
        extern crate std;
        use std::format;
        assert_eq!(format!("{:?}", DerivationStep::SALT), "SALT");
        assert_eq!(
            format!("{:?}", DerivationStep::from_raw(0x301)),
            "DerivationStep(0x0301)"
        );
    }
}
