//! The elliptic curves of the PSA ECC families, which of them this driver implements, and
//! how a key's size is found from its family and encoded length.

use strongroom_driver::{Error, KeyType, Result};
use strongroom_types::EccFamily;

/// A curve this driver implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    /// secp192r1 (P-192).
    P192,
    /// secp224r1 (P-224).
    P224,
    /// secp256r1 (P-256).
    P256,
    /// secp384r1 (P-384).
    P384,
    /// secp521r1 (P-521).
    P521,
    /// secp256k1.
    K256,
    /// brainpoolP256r1.
    Bp256,
    /// brainpoolP384r1.
    Bp384,
    /// Curve25519 for X25519.
    X25519,
    /// Curve448 for X448.
    X448,
    /// Edwards25519 for Ed25519.
    Ed25519,
    /// Edwards448 for Ed448.
    Ed448,
}

/// Bytes of one encoded field element / scalar of a `bits`-bit curve of `family`: RFC 8032
/// encodes Edwards448 elements in 57 bytes, every other curve uses `ceil(bits / 8)`.
fn field_len(family: EccFamily, bits: u32) -> usize {
    if family == EccFamily::TWISTED_EDWARDS && bits == 448 {
        57
    } else {
        (bits as usize).div_ceil(8)
    }
}

/// Bytes of one coordinate of a Weierstrass public point: the field size, which differs
/// from the key size only for secp224k1 (224-bit field, 225-bit order).
fn coordinate_len(family: EccFamily, bits: u32) -> usize {
    if family == EccFamily::SECP_K1 && bits == 225 {
        28
    } else {
        field_len(family, bits)
    }
}

/// The curve sizes (bits) the spec defines for each family, implemented or not.
fn known_sizes(family: EccFamily) -> &'static [u32] {
    match family {
        EccFamily::SECP_R1 => &[192, 224, 256, 384, 521],
        // secp224k1 is a 225-bit curve (its order has 225 bits).
        EccFamily::SECP_K1 => &[192, 225, 256],
        EccFamily::SECP_R2 => &[160],
        EccFamily::SECT_K1 => &[163, 233, 239, 283, 409, 571],
        EccFamily::SECT_R1 => &[163, 233, 283, 409, 571],
        EccFamily::SECT_R2 => &[163],
        EccFamily::BRAINPOOL_P_R1 => &[160, 192, 224, 256, 320, 384, 512],
        EccFamily::FRP => &[256],
        EccFamily::MONTGOMERY | EccFamily::TWISTED_EDWARDS => &[255, 448],
        _ => &[],
    }
}

impl Curve {
    /// The implemented curve of `family` with `bits`; `NotSupported` for a curve this driver
    /// lacks or an unknown family, `InvalidArgument` for a size no curve of a known family
    /// has.
    pub(crate) fn from_family_bits(family: EccFamily, bits: u32) -> Result<Self> {
        let curve = match (family, bits) {
            (EccFamily::SECP_R1, 192) => Curve::P192,
            (EccFamily::SECP_R1, 224) => Curve::P224,
            (EccFamily::SECP_R1, 256) => Curve::P256,
            (EccFamily::SECP_R1, 384) => Curve::P384,
            (EccFamily::SECP_R1, 521) => Curve::P521,
            (EccFamily::SECP_K1, 256) => Curve::K256,
            (EccFamily::BRAINPOOL_P_R1, 256) => Curve::Bp256,
            (EccFamily::BRAINPOOL_P_R1, 384) => Curve::Bp384,
            (EccFamily::MONTGOMERY, 255) => Curve::X25519,
            (EccFamily::MONTGOMERY, 448) => Curve::X448,
            (EccFamily::TWISTED_EDWARDS, 255) => Curve::Ed25519,
            (EccFamily::TWISTED_EDWARDS, 448) => Curve::Ed448,
            _ => {
                let sizes = known_sizes(family);
                return Err(if sizes.is_empty() || sizes.contains(&bits) {
                    Error::NotSupported
                } else {
                    Error::InvalidArgument
                });
            }
        };
        Ok(curve)
    }

    /// The curve of an ECC key type whose material is `data` (PSA import format), checked
    /// against `declared_bits` when nonzero. The curve size comes from the data length:
    /// a Weierstrass public key is `0x04 ‖ X ‖ Y`, every other form is one field element or
    /// scalar of the curve's byte size.
    pub(crate) fn for_import(key_type: KeyType, declared_bits: u32, data: &[u8]) -> Result<Self> {
        let family = key_type.ecc_family().ok_or(Error::NotSupported)?;
        if !matches!(
            family,
            EccFamily::SECP_R1
                | EccFamily::SECP_K1
                | EccFamily::BRAINPOOL_P_R1
                | EccFamily::MONTGOMERY
                | EccFamily::TWISTED_EDWARDS
        ) {
            // No curve of the family is implemented (SECT, SECP_R2, FRP, unknown): whatever
            // the data, the answer is the same. (Their key lengths follow the group order,
            // which for the binary curves is not the field size, so a length check here
            // would only guess.)
            return Err(Error::NotSupported);
        }
        let weierstrass = family != EccFamily::MONTGOMERY && family != EccFamily::TWISTED_EDWARDS;
        let curve_bytes = if key_type.is_public_key() && weierstrass {
            if data.len().is_multiple_of(2) {
                return Err(Error::InvalidArgument);
            }
            data.len() / 2
        } else {
            data.len()
        };
        let public_point = key_type.is_public_key() && weierstrass;
        let len_of = |b: u32| {
            if public_point {
                coordinate_len(family, b)
            } else {
                field_len(family, b)
            }
        };
        let bits = if declared_bits != 0 {
            if curve_bytes != len_of(declared_bits) {
                return Err(Error::InvalidArgument);
            }
            declared_bits
        } else {
            let mut sizes = known_sizes(family)
                .iter()
                .copied()
                .filter(|&b| len_of(b) == curve_bytes);
            match (sizes.next(), sizes.next()) {
                (Some(b), None) => b,
                (Some(_), Some(_)) => return Err(Error::NotSupported),
                (None, _) => return Err(Error::InvalidArgument),
            }
        };
        let curve = Self::from_family_bits(family, bits)?;
        if data.len() != curve.encoded_len(key_type.is_public_key()) {
            return Err(Error::InvalidArgument);
        }
        Ok(curve)
    }

    /// The key size in bits (`psa_get_key_bits`).
    pub(crate) const fn bits(self) -> u32 {
        match self {
            Curve::P192 => 192,
            Curve::P224 => 224,
            Curve::P256 | Curve::K256 | Curve::Bp256 => 256,
            Curve::P384 | Curve::Bp384 => 384,
            Curve::P521 => 521,
            Curve::X25519 | Curve::Ed25519 => 255,
            Curve::X448 | Curve::Ed448 => 448,
        }
    }

    /// Bytes of a field element / private key.
    pub(crate) const fn scalar_len(self) -> usize {
        match self {
            Curve::Ed448 => 57,
            c => (c.bits() as usize).div_ceil(8),
        }
    }

    /// Whether this is a short-Weierstrass curve (ECDSA, ECDH with `0x04 ‖ X ‖ Y` points).
    pub(crate) const fn is_weierstrass(self) -> bool {
        !matches!(
            self,
            Curve::X25519 | Curve::X448 | Curve::Ed25519 | Curve::Ed448
        )
    }

    /// Length of the key material: the private key, or the public key in export format.
    pub(crate) const fn encoded_len(self, public: bool) -> usize {
        if public && self.is_weierstrass() {
            1 + 2 * self.scalar_len()
        } else {
            self.scalar_len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(f: EccFamily) -> KeyType {
        KeyType::ecc_key_pair(f)
    }
    fn public(f: EccFamily) -> KeyType {
        KeyType::ecc_public_key(f)
    }

    #[test]
    fn sizes_are_inferred_from_the_data_length() {
        let r1 = EccFamily::SECP_R1;
        assert_eq!(Curve::for_import(pair(r1), 0, &[1; 32]), Ok(Curve::P256));
        assert_eq!(Curve::for_import(pair(r1), 0, &[1; 66]), Ok(Curve::P521));
        assert_eq!(Curve::for_import(pair(r1), 521, &[1; 66]), Ok(Curve::P521));
        assert_eq!(Curve::for_import(public(r1), 0, &[4; 65]), Ok(Curve::P256));
        let ed = EccFamily::TWISTED_EDWARDS;
        assert_eq!(Curve::for_import(pair(ed), 0, &[1; 57]), Ok(Curve::Ed448));
        assert_eq!(
            Curve::for_import(public(ed), 448, &[1; 57]),
            Ok(Curve::Ed448)
        );
        let m = EccFamily::MONTGOMERY;
        assert_eq!(Curve::for_import(pair(m), 0, &[1; 32]), Ok(Curve::X25519));
        assert_eq!(
            Curve::for_import(public(m), 255, &[1; 32]),
            Ok(Curve::X25519)
        );
    }

    #[test]
    fn bad_sizes_and_unsupported_curves() {
        let r1 = EccFamily::SECP_R1;
        let bad = Err(Error::InvalidArgument);
        assert_eq!(Curve::for_import(pair(r1), 0, &[1; 16]), bad);
        assert_eq!(Curve::for_import(pair(r1), 255, &[1; 32]), bad);
        assert_eq!(Curve::for_import(pair(r1), 528, &[1; 66]), bad);
        assert_eq!(Curve::for_import(pair(r1), 256, &[1; 33]), bad);
        assert_eq!(Curve::for_import(public(r1), 0, &[4; 64]), bad);
        let unsupported = Err(Error::NotSupported);
        let bp = EccFamily::BRAINPOOL_P_R1;
        assert_eq!(Curve::for_import(pair(bp), 0, &[1; 64]), unsupported);
        assert_eq!(
            Curve::for_import(pair(EccFamily::SECT_K1), 0, &[1; 30]),
            unsupported
        );
        assert_eq!(
            Curve::for_import(pair(EccFamily::from_raw(0x7f)), 0, &[1; 32]),
            unsupported
        );
        // secp224k1 (225 bits, 29-byte keys), secp160r2 (21-byte keys), sect409k1.
        assert_eq!(
            Curve::for_import(pair(EccFamily::SECP_K1), 0, &[1; 29]),
            unsupported
        );
        assert_eq!(
            Curve::for_import(public(EccFamily::SECP_K1), 0, &[4; 57]),
            unsupported
        );
        assert_eq!(
            Curve::for_import(pair(EccFamily::SECP_R2), 0, &[1; 21]),
            unsupported
        );
        assert_eq!(
            Curve::for_import(pair(EccFamily::SECT_K1), 0, &[1; 51]),
            unsupported
        );
        assert_eq!(Curve::from_family_bits(r1, 512), bad);
        assert_eq!(
            Curve::from_family_bits(EccFamily::SECP_K1, 192),
            unsupported
        );
    }
}
