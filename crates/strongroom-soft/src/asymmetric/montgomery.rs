//! Montgomery curves (RFC 7748): X25519 and X448 key agreement.
//!
//! Formats (PSA): a private key is the scalar as RFC 7748 encodes it (32 or 56 bytes,
//! little-endian, stored as given: clamping happens at use); a public key is the
//! u-coordinate (32 or 56 bytes). The shared secret is the X25519 / X448 output; a peer key
//! of the wrong length, or one of small order (an all-zero shared secret), is
//! `InvalidArgument`.

use core::fmt;

use rand_core::TryRng;
use strongroom_driver::{Algorithm, Error, PreparedAsymmetric, RandomSource, Result};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::curves::Curve;
use super::rng::DriverRng;

/// Generates an RFC 7748 private key for `curve` (X25519 or X448) into `out`, clamped as
/// RFC 7748 §5 decodes it (so the stored key is the scalar actually used).
pub(crate) fn generate(curve: Curve, rng: &dyn RandomSource, out: &mut [u8]) -> Result<usize> {
    let n = curve.scalar_len();
    let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    let mut rng = DriverRng::new(rng)?;
    let _ = rng.try_fill_bytes(dst);
    match curve {
        Curve::X25519 => {
            dst[0] &= 248;
            dst[31] &= 127;
            dst[31] |= 64;
        }
        _ => {
            dst[0] &= 252;
            dst[55] |= 128;
        }
    }
    Ok(n)
}

/// An X25519 or X448 key.
pub(crate) enum MontgomeryKey {
    /// X25519: the secret (zeroizes on drop) and the public u-coordinate.
    X25519 {
        secret: Option<x25519_dalek::StaticSecret>,
        public: [u8; 32],
    },
    /// X448: the secret (zeroizes on drop) and the public u-coordinate.
    X448 {
        secret: Option<Box<x448::StaticSecret>>,
        public: [u8; 56],
    },
}

impl fmt::Debug for MontgomeryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, pair) = match self {
            MontgomeryKey::X25519 { secret, .. } => ("X25519", secret.is_some()),
            MontgomeryKey::X448 { secret, .. } => ("X448", secret.is_some()),
        };
        let kind = if pair { "key pair" } else { "public key" };
        write!(f, "MontgomeryKey({name} {kind})")
    }
}

impl MontgomeryKey {
    /// Parses key material of `curve` (X25519 or X448); the length was checked by
    /// [`Curve::for_import`], and every string of that length is a valid key.
    pub(crate) fn new(curve: Curve, material: &[u8], public: bool) -> Result<Self> {
        match curve {
            Curve::X25519 => {
                let bytes = Zeroizing::new(
                    <[u8; 32]>::try_from(material).map_err(|_| Error::InvalidArgument)?,
                );
                if public {
                    return Ok(MontgomeryKey::X25519 {
                        secret: None,
                        public: *bytes,
                    });
                }
                let secret = x25519_dalek::StaticSecret::from(*bytes);
                let public = x25519_dalek::PublicKey::from(&secret).to_bytes();
                Ok(MontgomeryKey::X25519 {
                    secret: Some(secret),
                    public,
                })
            }
            Curve::X448 => {
                let bytes = Zeroizing::new(
                    <[u8; 56]>::try_from(material).map_err(|_| Error::InvalidArgument)?,
                );
                if public {
                    return Ok(MontgomeryKey::X448 {
                        secret: None,
                        public: *bytes,
                    });
                }
                let secret = Box::new(x448::StaticSecret::from(*bytes));
                let public = *x448::PublicKey::from(&*secret).as_bytes();
                Ok(MontgomeryKey::X448 {
                    secret: Some(secret),
                    public,
                })
            }
            _ => Err(Error::NotSupported),
        }
    }

    fn public_bytes(&self) -> &[u8] {
        match self {
            MontgomeryKey::X25519 { public, .. } => public,
            MontgomeryKey::X448 { public, .. } => public,
        }
    }
}

/// Copies `shared` to `out` unless it is all zero (a small-order peer point: RFC 7748 §6
/// lets a party abort then, and Mbed TLS does), checked in constant time.
fn emit(shared: &[u8], out: &mut [u8]) -> Result<usize> {
    let dst = out.get_mut(..shared.len()).ok_or(Error::BufferTooSmall)?;
    let zero = Zeroizing::new(vec![0u8; shared.len()]);
    if bool::from(shared.ct_eq(&zero[..])) {
        return Err(Error::InvalidArgument);
    }
    dst.copy_from_slice(shared);
    Ok(shared.len())
}

impl PreparedAsymmetric for MontgomeryKey {
    fn export_public(&self, out: &mut [u8]) -> Result<usize> {
        let p = self.public_bytes();
        out.get_mut(..p.len())
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(p);
        Ok(p.len())
    }

    fn sign_hash(
        &self,
        _: Algorithm,
        _: &[u8],
        _: &dyn RandomSource,
        _: &mut [u8],
    ) -> Result<usize> {
        Err(Error::InvalidArgument)
    }

    fn verify_hash(&self, _: Algorithm, _: &[u8], _: &[u8]) -> Result<()> {
        Err(Error::InvalidArgument)
    }

    fn agree(&self, alg: Algorithm, peer_public: &[u8], out: &mut [u8]) -> Result<usize> {
        if !alg.is_ecdh() {
            return Err(Error::InvalidArgument);
        }
        match self {
            MontgomeryKey::X25519 { secret, .. } => {
                let secret = secret.as_ref().ok_or(Error::InvalidArgument)?;
                let peer = <[u8; 32]>::try_from(peer_public).map_err(|_| Error::InvalidArgument)?;
                let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(peer));
                emit(shared.as_bytes(), out)
            }
            MontgomeryKey::X448 { secret, .. } => {
                let secret = secret.as_ref().ok_or(Error::InvalidArgument)?;
                let peer =
                    x448::PublicKey::from_bytes(peer_public).ok_or(Error::InvalidArgument)?;
                let shared = secret.diffie_hellman(&peer);
                emit(shared.as_bytes(), out)
            }
        }
    }
}
