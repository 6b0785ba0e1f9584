//! Key types (`psa_key_type_t`, 16 bits) and the ECC / DH family identifiers.
//!
//! Encoding (spec appendix "Key type encoding"), from bit 15 down:
//! `V[15] vendor | A[14] asymmetric | CAT[13:12] category | [11:1] category-specific |
//! P[0] parity` (valid types have even parity). A key pair is its public key type with
//! `0x3000` set.

use core::fmt;

const VENDOR_FLAG: u16 = 0x8000;
const CATEGORY_MASK: u16 = 0x7000;
const CATEGORY_RAW: u16 = 0x1000;
const CATEGORY_SYMMETRIC: u16 = 0x2000;
const CATEGORY_PUBLIC_KEY: u16 = 0x4000;
const CATEGORY_KEY_PAIR: u16 = 0x7000;
const CATEGORY_FLAG_PAIR: u16 = 0x3000;
const ECC_PUBLIC_KEY_BASE: u16 = 0x4100;
const ECC_KEY_PAIR_BASE: u16 = 0x7100;
const DH_PUBLIC_KEY_BASE: u16 = 0x4200;
const DH_KEY_PAIR_BASE: u16 = 0x7200;
/// Family bits of an ECC / DH key type. Bit 7 is part of the type sub-category (the spec
/// uses `0x3280` for WPA3-SAE ECC tokens), so families are 7-bit values.
const FAMILY_MASK: u16 = 0x007f;
/// The bits of an ECC / DH key type that identify it as such (see [`FAMILY_MASK`]).
const FAMILY_TYPE_MASK: u16 = 0xff80;
/// Bits [10:8] of a symmetric key type hold log2 of its block size.
const BLOCK_SIZE_EXPONENT_MASK: u16 = 0x0700;

/// An elliptic-curve family (`psa_ecc_family_t`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EccFamily(u8);

impl EccFamily {
    /// `PSA_ECC_FAMILY_SECP_K1`: secp192k1, secp224k1, secp256k1.
    pub const SECP_K1: Self = Self(0x17);
    /// `PSA_ECC_FAMILY_SECP_R1`: secp192r1 … secp521r1 (P-256 etc.).
    pub const SECP_R1: Self = Self(0x12);
    /// `PSA_ECC_FAMILY_SECP_R2`: secp160r2 (deprecated).
    pub const SECP_R2: Self = Self(0x1b);
    /// `PSA_ECC_FAMILY_SECT_K1`: Koblitz binary curves.
    pub const SECT_K1: Self = Self(0x27);
    /// `PSA_ECC_FAMILY_SECT_R1`: random binary curves.
    pub const SECT_R1: Self = Self(0x22);
    /// `PSA_ECC_FAMILY_SECT_R2`: sect163r2.
    pub const SECT_R2: Self = Self(0x2b);
    /// `PSA_ECC_FAMILY_BRAINPOOL_P_R1`.
    pub const BRAINPOOL_P_R1: Self = Self(0x30);
    /// `PSA_ECC_FAMILY_FRP`: FRP256v1.
    pub const FRP: Self = Self(0x33);
    /// `PSA_ECC_FAMILY_MONTGOMERY`: Curve25519, Curve448.
    pub const MONTGOMERY: Self = Self(0x41);
    /// `PSA_ECC_FAMILY_TWISTED_EDWARDS`: Edwards25519, Edwards448.
    pub const TWISTED_EDWARDS: Self = Self(0x42);

    /// Wraps a raw family value (not checked).
    pub const fn from_raw(raw: u8) -> Self {
        Self(raw)
    }
    /// The raw family value.
    pub const fn raw(self) -> u8 {
        self.0
    }
    /// The spec name without the `PSA_ECC_FAMILY_` prefix, when known.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x17 => "SECP_K1",
            0x12 => "SECP_R1",
            0x1b => "SECP_R2",
            0x27 => "SECT_K1",
            0x22 => "SECT_R1",
            0x2b => "SECT_R2",
            0x30 => "BRAINPOOL_P_R1",
            0x33 => "FRP",
            0x41 => "MONTGOMERY",
            0x42 => "TWISTED_EDWARDS",
            _ => return None,
        })
    }
}

impl fmt::Debug for EccFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "EccFamily({:#04x})", self.0),
        }
    }
}

/// A finite-field Diffie-Hellman group family (`psa_dh_family_t`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DhFamily(u8);

impl DhFamily {
    /// `PSA_DH_FAMILY_RFC7919`: the ffdhe groups.
    pub const RFC7919: Self = Self(0x03);
    /// `PSA_DH_FAMILY_RFC3526` (spec 1.5): the MODP groups.
    pub const RFC3526: Self = Self(0x05);

    /// Wraps a raw family value (not checked).
    pub const fn from_raw(raw: u8) -> Self {
        Self(raw)
    }
    /// The raw family value.
    pub const fn raw(self) -> u8 {
        self.0
    }
    /// The spec name without the `PSA_DH_FAMILY_` prefix, when known.
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            0x03 => Some("RFC7919"),
            0x05 => Some("RFC3526"),
            _ => None,
        }
    }
}

impl fmt::Debug for DhFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "DhFamily({:#04x})", self.0),
        }
    }
}

/// A key type (`psa_key_type_t`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KeyType(u16);

impl KeyType {
    /// `PSA_KEY_TYPE_NONE`.
    pub const NONE: Self = Self(0x0000);
    /// `PSA_KEY_TYPE_RAW_DATA`: raw bytes usable only as KDF input.
    pub const RAW_DATA: Self = Self(0x1001);
    /// `PSA_KEY_TYPE_HMAC`.
    pub const HMAC: Self = Self(0x1100);
    /// `PSA_KEY_TYPE_DERIVE`: a key-derivation secret.
    pub const DERIVE: Self = Self(0x1200);
    /// `PSA_KEY_TYPE_PASSWORD`: a low-entropy password for stretching KDFs / PAKE.
    pub const PASSWORD: Self = Self(0x1203);
    /// `PSA_KEY_TYPE_PASSWORD_HASH`: the output of a password-hashing KDF.
    pub const PASSWORD_HASH: Self = Self(0x1205);
    /// `PSA_KEY_TYPE_PEPPER`: a secret added to password hashing.
    pub const PEPPER: Self = Self(0x1206);
    /// `PSA_KEY_TYPE_ARC4` (stream cipher, legacy).
    pub const ARC4: Self = Self(0x2002);
    /// `PSA_KEY_TYPE_CHACHA20`.
    pub const CHACHA20: Self = Self(0x2004);
    /// `PSA_KEY_TYPE_XCHACHA20` (spec 1.2).
    pub const XCHACHA20: Self = Self(0x2007);
    /// `PSA_KEY_TYPE_DES` (single, 2-key or 3-key DES).
    pub const DES: Self = Self(0x2301);
    /// `PSA_KEY_TYPE_AES`.
    pub const AES: Self = Self(0x2400);
    /// `PSA_KEY_TYPE_CAMELLIA`.
    pub const CAMELLIA: Self = Self(0x2403);
    /// `PSA_KEY_TYPE_SM4`.
    pub const SM4: Self = Self(0x2405);
    /// `PSA_KEY_TYPE_ARIA`.
    pub const ARIA: Self = Self(0x2406);
    /// `PSA_KEY_TYPE_RSA_PUBLIC_KEY`.
    pub const RSA_PUBLIC_KEY: Self = Self(0x4001);
    /// `PSA_KEY_TYPE_RSA_KEY_PAIR`.
    pub const RSA_KEY_PAIR: Self = Self(0x7001);

    /// Wraps a raw key type value (not checked: any 16-bit value is representable).
    pub const fn from_raw(raw: u16) -> Self {
        Self(raw)
    }
    /// The raw `psa_key_type_t` value.
    pub const fn raw(self) -> u16 {
        self.0
    }

    /// `PSA_KEY_TYPE_ECC_KEY_PAIR(family)`.
    pub const fn ecc_key_pair(family: EccFamily) -> Self {
        Self(ECC_KEY_PAIR_BASE | (family.0 as u16 & FAMILY_MASK))
    }
    /// `PSA_KEY_TYPE_ECC_PUBLIC_KEY(family)`.
    pub const fn ecc_public_key(family: EccFamily) -> Self {
        Self(ECC_PUBLIC_KEY_BASE | (family.0 as u16 & FAMILY_MASK))
    }
    /// `PSA_KEY_TYPE_DH_KEY_PAIR(group)`.
    pub const fn dh_key_pair(family: DhFamily) -> Self {
        Self(DH_KEY_PAIR_BASE | (family.0 as u16 & FAMILY_MASK))
    }
    /// `PSA_KEY_TYPE_DH_PUBLIC_KEY(group)`.
    pub const fn dh_public_key(family: DhFamily) -> Self {
        Self(DH_PUBLIC_KEY_BASE | (family.0 as u16 & FAMILY_MASK))
    }

    /// `PSA_KEY_TYPE_IS_VENDOR_DEFINED`.
    pub const fn is_vendor_defined(self) -> bool {
        self.0 & VENDOR_FLAG != 0
    }
    /// `PSA_KEY_TYPE_IS_UNSTRUCTURED`: raw-data or symmetric category (the key material is
    /// an opaque byte string).
    pub const fn is_unstructured(self) -> bool {
        let cat = self.0 & CATEGORY_MASK;
        cat == CATEGORY_RAW || cat == CATEGORY_SYMMETRIC
    }
    /// The "raw" category (`0x1xxx`): RAW_DATA, HMAC, DERIVE, PASSWORD, …
    pub const fn is_raw(self) -> bool {
        self.0 & CATEGORY_MASK == CATEGORY_RAW
    }
    /// The "symmetric" category (`0x2xxx`): block and stream cipher keys.
    pub const fn is_symmetric(self) -> bool {
        self.0 & CATEGORY_MASK == CATEGORY_SYMMETRIC
    }
    /// `PSA_KEY_TYPE_IS_ASYMMETRIC`: a public key or a key pair.
    pub const fn is_asymmetric(self) -> bool {
        self.0 & CATEGORY_PUBLIC_KEY == CATEGORY_PUBLIC_KEY
    }
    /// `PSA_KEY_TYPE_IS_PUBLIC_KEY`.
    pub const fn is_public_key(self) -> bool {
        self.0 & CATEGORY_MASK == CATEGORY_PUBLIC_KEY
    }
    /// `PSA_KEY_TYPE_IS_KEY_PAIR`.
    pub const fn is_key_pair(self) -> bool {
        self.0 & CATEGORY_MASK == CATEGORY_KEY_PAIR
    }
    /// `PSA_KEY_TYPE_KEY_PAIR_OF_PUBLIC_KEY`.
    pub const fn key_pair_of_public(self) -> Self {
        Self(self.0 | CATEGORY_FLAG_PAIR)
    }
    /// `PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR`.
    pub const fn public_key_of_pair(self) -> Self {
        Self(self.0 & !CATEGORY_FLAG_PAIR)
    }
    /// `PSA_KEY_TYPE_IS_RSA`.
    pub const fn is_rsa(self) -> bool {
        self.public_key_of_pair().0 == Self::RSA_PUBLIC_KEY.0
    }
    /// `PSA_KEY_TYPE_IS_ECC`.
    pub const fn is_ecc(self) -> bool {
        self.public_key_of_pair().0 & FAMILY_TYPE_MASK == ECC_PUBLIC_KEY_BASE
    }
    /// `PSA_KEY_TYPE_IS_ECC_KEY_PAIR`.
    pub const fn is_ecc_key_pair(self) -> bool {
        self.0 & FAMILY_TYPE_MASK == ECC_KEY_PAIR_BASE
    }
    /// `PSA_KEY_TYPE_IS_ECC_PUBLIC_KEY`.
    pub const fn is_ecc_public_key(self) -> bool {
        self.0 & FAMILY_TYPE_MASK == ECC_PUBLIC_KEY_BASE
    }
    /// `PSA_KEY_TYPE_IS_DH`.
    pub const fn is_dh(self) -> bool {
        self.public_key_of_pair().0 & FAMILY_TYPE_MASK == DH_PUBLIC_KEY_BASE
    }
    /// `PSA_KEY_TYPE_IS_DH_KEY_PAIR`.
    pub const fn is_dh_key_pair(self) -> bool {
        self.0 & FAMILY_TYPE_MASK == DH_KEY_PAIR_BASE
    }
    /// `PSA_KEY_TYPE_IS_DH_PUBLIC_KEY`.
    pub const fn is_dh_public_key(self) -> bool {
        self.0 & FAMILY_TYPE_MASK == DH_PUBLIC_KEY_BASE
    }
    /// `PSA_KEY_TYPE_ECC_GET_FAMILY`; `None` for non-ECC types.
    pub const fn ecc_family(self) -> Option<EccFamily> {
        if self.is_ecc() {
            Some(EccFamily((self.0 & FAMILY_MASK) as u8))
        } else {
            None
        }
    }
    /// `PSA_KEY_TYPE_DH_GET_FAMILY`; `None` for non-DH types.
    pub const fn dh_family(self) -> Option<DhFamily> {
        if self.is_dh() {
            Some(DhFamily((self.0 & FAMILY_MASK) as u8))
        } else {
            None
        }
    }
    /// `PSA_BLOCK_CIPHER_BLOCK_LENGTH` for symmetric key types: 16 for AES, ARIA, CAMELLIA,
    /// SM4, 8 for DES, 1 for the stream ciphers (CHACHA20, XCHACHA20, ARC4). `None` (the
    /// macro's 0) for other categories.
    pub const fn block_size(self) -> Option<usize> {
        if self.is_symmetric() {
            Some(1usize << ((self.0 & BLOCK_SIZE_EXPONENT_MASK) >> 8))
        } else {
            None
        }
    }
    /// Whether the encoding has even parity, as every spec-defined key type does (the
    /// parity bit lets implementations reject corrupted or made-up values cheaply).
    pub const fn is_valid_parity(self) -> bool {
        self.0.count_ones().is_multiple_of(2)
    }

    /// The spec name without the `PSA_KEY_TYPE_` prefix for non-parameterised types.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0000 => "NONE",
            0x1001 => "RAW_DATA",
            0x1100 => "HMAC",
            0x1200 => "DERIVE",
            0x1203 => "PASSWORD",
            0x1205 => "PASSWORD_HASH",
            0x1206 => "PEPPER",
            0x2002 => "ARC4",
            0x2004 => "CHACHA20",
            0x2007 => "XCHACHA20",
            0x2301 => "DES",
            0x2400 => "AES",
            0x2403 => "CAMELLIA",
            0x2405 => "SM4",
            0x2406 => "ARIA",
            0x4001 => "RSA_PUBLIC_KEY",
            0x7001 => "RSA_KEY_PAIR",
            _ => return None,
        })
    }
}

impl fmt::Debug for KeyType {
    /// Spec-like: `AES`, `ECC_KEY_PAIR(SECP_R1)`, `DH_PUBLIC_KEY(RFC7919)`, or
    /// `KeyType(0x1234)` for unknown values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.name() {
            return f.write_str(n);
        }
        if let Some(fam) = self.ecc_family() {
            let kind = if self.is_key_pair() {
                "ECC_KEY_PAIR"
            } else {
                "ECC_PUBLIC_KEY"
            };
            return write!(f, "{kind}({fam:?})");
        }
        if let Some(fam) = self.dh_family() {
            let kind = if self.is_key_pair() {
                "DH_KEY_PAIR"
            } else {
                "DH_PUBLIC_KEY"
            };
            return write!(f, "{kind}({fam:?})");
        }
        write!(f, "KeyType({:#06x})", self.0)
    }
}

impl From<KeyType> for u16 {
    fn from(t: KeyType) -> u16 {
        t.0
    }
}
impl From<u16> for KeyType {
    fn from(raw: u16) -> KeyType {
        KeyType(raw)
    }
}
