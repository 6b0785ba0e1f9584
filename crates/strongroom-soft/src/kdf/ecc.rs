//! Deriving an ECC private key from a derivation stream, by the procedure of the PSA spec
//! (section "Key derivation" of `PSA_KEY_TYPE_ECC_KEY_PAIR`):
//!
//! - Weierstrass curves: draw `ceil(m/8)` bytes, clear the excess high bits, read a
//!   big-endian integer `k`; if `k > n - 2` draw again; the key is `k + 1`.
//! - Montgomery curves: draw 32 (Curve25519) or 56 (Curve448) bytes and clamp them as
//!   RFC 7748's `decodeScalar` does.
//! - Twisted Edwards curves: draw the 32- (Ed25519) or 57-byte (Ed448) private key.
//!
//! The engine draws from the stream and calls [`from_draw`] until it accepts a draw, so
//! the driver never calls back into the engine.
//!
//! The comparison with `n - 2` and the increment run over every byte without
//! data-dependent branches; only whether a redraw happened is visible, which the spec's
//! procedure makes public anyway (it consumes capacity).

use elliptic_curve::Curve;
use strongroom_driver::{Error, KeyType, Result};
use strongroom_types::EccFamily;

/// The curve sizes (bits) of each Weierstrass family in the spec.
fn weierstrass_sizes(family: EccFamily) -> &'static [u32] {
    match family {
        EccFamily::SECP_R1 => &[192, 224, 256, 384, 521],
        EccFamily::SECP_K1 => &[192, 224, 256],
        EccFamily::SECP_R2 => &[160],
        EccFamily::SECT_K1 => &[163, 233, 239, 283, 409, 571],
        EccFamily::SECT_R1 => &[163, 233, 283, 409, 571],
        EccFamily::SECT_R2 => &[163],
        EccFamily::BRAINPOOL_P_R1 => &[160, 192, 224, 256, 320, 384, 512],
        EccFamily::FRP => &[256],
        _ => &[],
    }
}

/// The big-endian group order of a curve's crate type.
macro_rules! order_of {
    ($curve:ty) => {{
        let encoded = <$curve as Curve>::ORDER.get().to_be_bytes();
        encoded.as_ref().to_vec()
    }};
}

/// The group order `n` of the implemented Weierstrass curves, big-endian in exactly
/// `ceil(bits/8)` bytes; `None` for a curve this driver does not implement.
fn order(family: EccFamily, bits: u32) -> Option<Vec<u8>> {
    let wide = match (family, bits) {
        (EccFamily::SECP_R1, 192) => order_of!(p192::NistP192),
        (EccFamily::SECP_R1, 224) => order_of!(p224::NistP224),
        (EccFamily::SECP_R1, 256) => order_of!(p256::NistP256),
        (EccFamily::SECP_R1, 384) => order_of!(p384::NistP384),
        (EccFamily::SECP_R1, 521) => order_of!(p521::NistP521),
        (EccFamily::SECP_K1, 256) => order_of!(k256::Secp256k1),
        (EccFamily::BRAINPOOL_P_R1, 256) => order_of!(bp256::BrainpoolP256r1),
        (EccFamily::BRAINPOOL_P_R1, 384) => order_of!(bp384::BrainpoolP384r1),
        _ => return None,
    };
    let len = (bits as usize).div_ceil(8);
    // The crates' integers are whole words: drop the leading zero bytes.
    let skip = wide.len().checked_sub(len)?;
    if wide[..skip].iter().any(|&b| b != 0) {
        return None;
    }
    Some(wide[skip..].to_vec())
}

/// What one attempt of a curve's procedure draws and does.
enum Procedure {
    /// Mask the excess high bits, reject above `n - 2`, add one. Holds `n - 1`.
    Weierstrass { n_minus_1: Vec<u8>, excess: usize },
    /// RFC 7748 clamping of a Curve25519 (255) or Curve448 (448) scalar.
    Montgomery { bits: u32 },
    /// The RFC 8032 private key (seed) as drawn.
    Edwards,
}

impl Procedure {
    fn of(key_type: KeyType, bits: u32) -> Result<(Self, usize)> {
        let family = key_type.ecc_family().ok_or(Error::InvalidArgument)?;
        match family {
            EccFamily::MONTGOMERY => match bits {
                255 => Ok((Procedure::Montgomery { bits }, 32)),
                448 => Ok((Procedure::Montgomery { bits }, 56)),
                _ => Err(Error::InvalidArgument),
            },
            EccFamily::TWISTED_EDWARDS => match bits {
                255 => Ok((Procedure::Edwards, 32)),
                448 => Ok((Procedure::Edwards, 57)),
                _ => Err(Error::InvalidArgument),
            },
            _ => {
                if !weierstrass_sizes(family).contains(&bits) {
                    return Err(Error::InvalidArgument);
                }
                let n = order(family, bits).ok_or(Error::NotSupported)?;
                let len = n.len();
                let excess = 8 * len - bits as usize;
                Ok((
                    Procedure::Weierstrass {
                        n_minus_1: sub_one(&n),
                        excess,
                    },
                    len,
                ))
            }
        }
    }
}

/// Bytes drawn per attempt for an ECC key pair of `key_type` and `bits`.
pub(super) fn draw_len(key_type: KeyType, bits: u32) -> Result<usize> {
    Procedure::of(key_type, bits).map(|(_, len)| len)
}

/// One attempt over `draw`; `Ok(None)`: draw again. `out` receives the key in its export
/// format.
pub(super) fn from_draw(
    key_type: KeyType,
    bits: u32,
    draw: &[u8],
    out: &mut [u8],
) -> Result<Option<usize>> {
    let (procedure, len) = Procedure::of(key_type, bits)?;
    if draw.len() != len {
        return Err(Error::InvalidArgument);
    }
    let k = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    k.copy_from_slice(draw);
    match procedure {
        Procedure::Weierstrass { n_minus_1, excess } => {
            k[0] &= 0xff >> excess;
            // k <= n - 2  ⟺  k < n - 1.
            if !less_than(k, &n_minus_1) {
                k.fill(0);
                return Ok(None);
            }
            add_one(k);
        }
        Procedure::Montgomery { bits: 255 } => {
            k[0] &= 0xf8;
            k[31] &= 0x7f;
            k[31] |= 0x40;
        }
        Procedure::Montgomery { .. } => {
            k[0] &= 0xfc;
            k[55] |= 0x80;
        }
        Procedure::Edwards => {}
    }
    Ok(Some(len))
}

/// `a < b` for big-endian integers of equal length, without early exit.
fn less_than(a: &[u8], b: &[u8]) -> bool {
    // The borrow out of `a - b` is 1 exactly when a < b.
    let mut borrow = 0u16;
    for (x, y) in a.iter().zip(b).rev() {
        let d = u16::from(*x)
            .wrapping_sub(u16::from(*y))
            .wrapping_sub(borrow);
        borrow = (d >> 8) & 1;
    }
    borrow == 1
}

/// `x + 1` in place (big-endian), without early exit. The caller ensures no overflow.
fn add_one(x: &mut [u8]) {
    let mut carry = 1u16;
    for b in x.iter_mut().rev() {
        let s = u16::from(*b) + carry;
        *b = s as u8;
        carry = s >> 8;
    }
}

/// `x - 1` (big-endian) of a nonzero public value (a group order).
fn sub_one(x: &[u8]) -> Vec<u8> {
    let mut r = x.to_vec();
    for b in r.iter_mut().rev() {
        let (v, borrow) = b.overflowing_sub(1);
        *b = v;
        if !borrow {
            break;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::test_util::hex;

    /// Runs the procedure over `stream` the way the engine does: draw, attempt, repeat.
    fn from_bytes(key_type: KeyType, bits: u32, stream: &[u8]) -> (Result<Vec<u8>>, usize) {
        let mut pos = 0;
        let r = (|| {
            let len = draw_len(key_type, bits)?;
            loop {
                let end = pos + len;
                let draw = stream.get(pos..end).ok_or(Error::InsufficientData)?;
                pos = end;
                let mut out = [0u8; 80];
                if let Some(n) = from_draw(key_type, bits, draw, &mut out)? {
                    return Ok(out[..n].to_vec());
                }
            }
        })();
        (r, pos)
    }

    const SECP_R1: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    const MONTGOMERY: KeyType = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);

    #[test]
    fn orders_are_the_published_ones() {
        assert_eq!(
            order(EccFamily::SECP_R1, 256),
            Some(hex(
                "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
            ))
        );
        let p521 = order(EccFamily::SECP_R1, 521).expect("P-521");
        assert_eq!(p521.len(), 66);
        assert_eq!(p521[0], 0x01);
        assert_eq!(p521[65], 0x09);
        assert_eq!(
            order(EccFamily::SECP_K1, 256),
            Some(hex(
                "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
            ))
        );
        for (family, bits) in [
            (EccFamily::SECP_R1, 192),
            (EccFamily::SECP_R1, 224),
            (EccFamily::SECP_R1, 384),
            (EccFamily::BRAINPOOL_P_R1, 256),
            (EccFamily::BRAINPOOL_P_R1, 384),
        ] {
            assert_eq!(
                order(family, bits).map(|o| o.len()),
                Some(bits as usize / 8),
                "{family:?} {bits}"
            );
        }
    }

    /// The first draw (the HKDF output of RFC 5869 case 1) is below n - 1: the key is it
    /// plus one (Mbed TLS test "HKDF-SHA-256 -> ECC secp256r1").
    #[test]
    fn weierstrass_adds_one() {
        let stream = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
        let (key, used) = from_bytes(SECP_R1, 256, &stream);
        assert_eq!(
            key,
            Ok(hex(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5c0"
            ))
        );
        assert_eq!(used, 32);
    }

    /// A first draw above n - 2 is discarded (Mbed TLS "secp256r1 (1 redraw)").
    #[test]
    fn weierstrass_redraws() {
        let mut stream = hex("ffffffff55f60cea989fe02543c81b28aff09b5b51fdc43f91fe5c2511b0b9d9");
        stream.extend(hex(
            "46a5850b60ba10b0fd8e0feb8790e2819d46ea26fede564ff6dea94ef194565f",
        ));
        let (key, used) = from_bytes(SECP_R1, 256, &stream);
        assert_eq!(
            key,
            Ok(hex(
                "46a5850b60ba10b0fd8e0feb8790e2819d46ea26fede564ff6dea94ef1945660"
            ))
        );
        assert_eq!(used, 64);
        // n - 2 itself is accepted (k + 1 = n - 1), n - 1 is not.
        let n = order(EccFamily::SECP_R1, 256).expect("P-256");
        let n2 = sub_one(&sub_one(&n));
        assert_eq!(from_bytes(SECP_R1, 256, &n2).0, Ok(sub_one(&n)));
        assert_eq!(
            from_bytes(SECP_R1, 256, &sub_one(&n)).0,
            Err(Error::InsufficientData)
        );
    }

    /// P-521 masks the 7 excess bits of the first byte.
    #[test]
    fn p521_masks_high_bits() {
        let mut stream = vec![0xffu8; 66];
        stream[0] = 0x3c;
        stream[65] = 0x10;
        let (key, _) = from_bytes(SECP_R1, 521, &stream);
        let key = key.expect("P-521");
        assert_eq!(key[0], 0x00);
        assert_eq!(key[65], 0x11);
    }

    /// Curve25519 clamping (Mbed TLS "HKDF-SHA-256 -> ECC curve25519 #1").
    #[test]
    fn montgomery_clamps() {
        let stream = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
        assert_eq!(
            from_bytes(MONTGOMERY, 255, &stream).0,
            Ok(hex(
                "38b25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c57f"
            ))
        );
        let (k448, used) = from_bytes(MONTGOMERY, 448, &[0xff; 56]);
        let k448 = k448.expect("X448");
        assert_eq!((k448[0], k448[55], used), (0xfc, 0xff, 56));
    }

    #[test]
    fn sizes_the_family_lacks_are_invalid_and_unimplemented_curves_not_supported() {
        for (family, bits) in [
            (EccFamily::SECP_R1, 7),
            (EccFamily::SECP_K1, 7),
            (EccFamily::SECT_K1, 7),
            (EccFamily::MONTGOMERY, 256),
            (EccFamily::TWISTED_EDWARDS, 256),
        ] {
            let t = KeyType::ecc_key_pair(family);
            assert_eq!(from_bytes(t, bits, &[0; 80]).0, Err(Error::InvalidArgument));
        }
        for (family, bits) in [(EccFamily::SECT_K1, 163), (EccFamily::BRAINPOOL_P_R1, 512)] {
            let t = KeyType::ecc_key_pair(family);
            assert_eq!(from_bytes(t, bits, &[0; 80]).0, Err(Error::NotSupported));
        }
    }

    #[test]
    fn comparisons() {
        assert!(less_than(&[0, 1], &[0, 2]));
        assert!(!less_than(&[0, 2], &[0, 2]));
        assert!(!less_than(&[1, 0], &[0, 255]));
        let mut x = [0x00, 0xff, 0xff];
        add_one(&mut x);
        assert_eq!(x, [0x01, 0, 0]);
        assert_eq!(sub_one(&[1, 0]), vec![0, 0xff]);
    }
}
