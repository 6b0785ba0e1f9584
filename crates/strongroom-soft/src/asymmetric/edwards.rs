//! Twisted Edwards curves (RFC 8032): Ed25519 and Ed448, pure EdDSA and HashEdDSA
//! (Ed25519ph with SHA-512, Ed448ph with SHAKE256/64), without context.
//!
//! Formats (PSA): a private key is the RFC 8032 seed (32 or 57 bytes); a public key is the
//! encoded point (32 or 57 bytes), which must decode to a curve point; signatures are 64 or
//! 114 bytes. Pure EdDSA signs a message (`psa_sign_message` only); HashEdDSA signs a
//! 64-byte prehash (`psa_sign_hash`) or a message it hashes first.

use core::fmt;

use sha2::digest::consts::U64;
use sha2::digest::{FixedOutput, HashMarker, Output, OutputSizeUser, Update};
use sha2::{Digest, Sha512};
use shake::digest::{ExtendableOutput, XofReader};
use strongroom_driver::{Algorithm, Error, PreparedAsymmetric, RandomSource, Result};
use zeroize::Zeroizing;

use super::curves::Curve;
use super::rng::DriverRng;
use rand_core::TryRng;

/// Length of the HashEdDSA prehash (SHA-512, or SHAKE256 with 64 bytes of output).
const PREHASH_LEN: usize = 64;

/// Generates an RFC 8032 seed for `curve` into `out`.
pub(crate) fn generate(curve: Curve, rng: &dyn RandomSource, out: &mut [u8]) -> Result<usize> {
    let n = curve.scalar_len();
    let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    let mut rng = DriverRng::new(rng)?;
    let _ = rng.try_fill_bytes(dst);
    Ok(n)
}

/// A "hash" whose output is a prehash computed earlier: how `psa_sign_hash` hands a
/// HashEdDSA prehash to `ed25519-dalek`, whose API takes the hasher rather than its output.
#[derive(Clone)]
struct Prehashed {
    value: [u8; PREHASH_LEN],
}

impl Default for Prehashed {
    fn default() -> Self {
        Self {
            value: [0; PREHASH_LEN],
        }
    }
}

impl HashMarker for Prehashed {}
impl OutputSizeUser for Prehashed {
    type OutputSize = U64;
}
impl Update for Prehashed {
    fn update(&mut self, data: &[u8]) {
        // Called once, with exactly the 64-byte prehash (checked by the caller).
        let n = data.len().min(PREHASH_LEN);
        self.value[..n].copy_from_slice(&data[..n]);
    }
}
impl FixedOutput for Prehashed {
    fn finalize_into(self, out: &mut Output<Self>) {
        out.copy_from_slice(&self.value);
    }
}

impl Prehashed {
    fn of(hash: &[u8]) -> Result<Self> {
        let value = <[u8; PREHASH_LEN]>::try_from(hash).map_err(|_| Error::InvalidArgument)?;
        Ok(Self { value })
    }
}

impl ed448_goldilocks::PreHash for Prehashed {
    fn fill_bytes(&mut self, out: &mut [u8]) {
        let n = out.len().min(PREHASH_LEN);
        out[..n].copy_from_slice(&self.value[..n]);
    }
}

/// The Ed448ph prehash of a message: SHAKE256 with 64 bytes of output (RFC 8032 §5.2).
fn shake256_64(message: &[u8]) -> [u8; PREHASH_LEN] {
    let mut h = shake::Shake256::default();
    h.update(message);
    let mut out = [0u8; PREHASH_LEN];
    h.finalize_xof().read(&mut out);
    out
}

/// An Ed25519 or Ed448 key.
pub(crate) enum EdwardsKey {
    /// Ed25519: signing key (zeroizes on drop) and verifying key.
    Ed25519 {
        secret: Option<Box<ed25519_dalek::SigningKey>>,
        public: ed25519_dalek::VerifyingKey,
    },
    /// Ed448: signing key (zeroizes on drop) and verifying key.
    Ed448 {
        secret: Option<Box<ed448_goldilocks::SigningKey>>,
        public: Box<ed448_goldilocks::VerifyingKey>,
    },
}

impl fmt::Debug for EdwardsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, pair) = match self {
            EdwardsKey::Ed25519 { secret, .. } => ("Ed25519", secret.is_some()),
            EdwardsKey::Ed448 { secret, .. } => ("Ed448", secret.is_some()),
        };
        let kind = if pair { "key pair" } else { "public key" };
        write!(f, "EdwardsKey({name} {kind})")
    }
}

impl EdwardsKey {
    /// Parses key material of `curve` (Ed25519 or Ed448).
    pub(crate) fn new(curve: Curve, material: &[u8], public: bool) -> Result<Self> {
        match curve {
            Curve::Ed25519 => {
                let bytes = Zeroizing::new(
                    <[u8; 32]>::try_from(material).map_err(|_| Error::InvalidArgument)?,
                );
                if public {
                    let public = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                        .map_err(|_| Error::InvalidArgument)?;
                    return Ok(EdwardsKey::Ed25519 {
                        secret: None,
                        public,
                    });
                }
                let secret = Box::new(ed25519_dalek::SigningKey::from_bytes(&bytes));
                let public = secret.verifying_key();
                Ok(EdwardsKey::Ed25519 {
                    secret: Some(secret),
                    public,
                })
            }
            Curve::Ed448 => {
                if public {
                    let bytes =
                        <[u8; 57]>::try_from(material).map_err(|_| Error::InvalidArgument)?;
                    // Bits 448–454 of an encoded point are unused and must be zero.
                    if bytes[56] & 0x7f != 0 {
                        return Err(Error::InvalidArgument);
                    }
                    let public = ed448_goldilocks::VerifyingKey::from_bytes(&bytes)
                        .map_err(|_| Error::InvalidArgument)?;
                    return Ok(EdwardsKey::Ed448 {
                        secret: None,
                        public: Box::new(public),
                    });
                }
                let secret = Box::new(
                    ed448_goldilocks::SigningKey::try_from(material)
                        .map_err(|_| Error::InvalidArgument)?,
                );
                let public = Box::new(secret.verifying_key());
                Ok(EdwardsKey::Ed448 {
                    secret: Some(secret),
                    public,
                })
            }
            _ => Err(Error::NotSupported),
        }
    }

    /// Checks that `alg` is an EdDSA variant of this key's curve: pure EdDSA, or the
    /// HashEdDSA of the same curve (`hashed`).
    fn check_alg(&self, alg: Algorithm, hashed: bool) -> Result<()> {
        let ph = match self {
            EdwardsKey::Ed25519 { .. } => Algorithm::ED25519PH,
            EdwardsKey::Ed448 { .. } => Algorithm::ED448PH,
        };
        let ok = if hashed {
            alg == ph
        } else {
            alg == ph || alg == Algorithm::PURE_EDDSA
        };
        // Anything else (ECDSA, the other curve's HashEdDSA, pure EdDSA through
        // psa_sign_hash) does not fit the key.
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidArgument)
        }
    }

    fn sig_len(&self) -> usize {
        match self {
            EdwardsKey::Ed25519 { .. } => 64,
            EdwardsKey::Ed448 { .. } => 114,
        }
    }

    /// Signs `data`: the message for pure EdDSA, the 64-byte prehash for HashEdDSA.
    fn sign(&self, alg: Algorithm, data: &[u8], out: &mut [u8]) -> Result<usize> {
        let n = self.sig_len();
        let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        let prehashed = alg.is_hash_eddsa();
        match self {
            EdwardsKey::Ed25519 { secret, .. } => {
                let sk = secret.as_ref().ok_or(Error::InvalidArgument)?;
                let sig = if prehashed {
                    sk.sign_prehashed(Prehashed::of(data)?, None)
                        .map_err(|_| Error::InvalidArgument)?
                } else {
                    use ed25519_dalek::Signer;
                    sk.sign(data)
                };
                dst.copy_from_slice(&sig.to_bytes());
            }
            EdwardsKey::Ed448 { secret, .. } => {
                let sk = secret.as_ref().ok_or(Error::InvalidArgument)?;
                let sig = if prehashed {
                    sk.sign_prehashed(None, Prehashed::of(data)?)
                        .map_err(|_| Error::InvalidArgument)?
                } else {
                    sk.sign_raw(data)
                };
                dst.copy_from_slice(&sig.to_bytes());
            }
        }
        Ok(n)
    }

    /// Verifies a signature over `data` (message or prehash, as for [`sign`](Self::sign)).
    fn verify(&self, alg: Algorithm, data: &[u8], signature: &[u8]) -> Result<()> {
        if signature.len() != self.sig_len() {
            return Err(Error::InvalidSignature);
        }
        let prehashed = alg.is_hash_eddsa();
        let ok = match self {
            EdwardsKey::Ed25519 { public, .. } => {
                let sig = ed25519_dalek::Signature::from_slice(signature)
                    .map_err(|_| Error::InvalidSignature)?;
                if prehashed {
                    public
                        .verify_prehashed_strict(Prehashed::of(data)?, None, &sig)
                        .is_ok()
                } else {
                    public.verify_strict(data, &sig).is_ok()
                }
            }
            EdwardsKey::Ed448 { public, .. } => {
                // R's last byte holds only x's sign bit (bit 455): bits 448–454 must be zero
                // (RFC 8032 §5.2.2), which the crate's decoder does not check.
                if signature[56] & 0x7f != 0 {
                    return Err(Error::InvalidSignature);
                }
                let sig = ed448_goldilocks::Signature::from_slice(signature)
                    .map_err(|_| Error::InvalidSignature)?;
                if prehashed {
                    (**public)
                        .verify_prehashed(&sig, None, Prehashed::of(data)?)
                        .is_ok()
                } else {
                    public.verify_raw(&sig, data).is_ok()
                }
            }
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// The HashEdDSA prehash of `message` for this key's curve.
    fn prehash(&self, message: &[u8]) -> [u8; PREHASH_LEN] {
        match self {
            EdwardsKey::Ed25519 { .. } => Sha512::digest(message).into(),
            EdwardsKey::Ed448 { .. } => shake256_64(message),
        }
    }
}

impl PreparedAsymmetric for EdwardsKey {
    fn export_public(&self, out: &mut [u8]) -> Result<usize> {
        let bytes: &[u8] = match self {
            EdwardsKey::Ed25519 { public, .. } => public.as_bytes(),
            EdwardsKey::Ed448 { public, .. } => public.as_bytes(),
        };
        out.get_mut(..bytes.len())
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        Ok(bytes.len())
    }

    fn sign_hash(
        &self,
        alg: Algorithm,
        hash: &[u8],
        _: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        self.check_alg(alg, true)?;
        self.sign(alg, hash, out)
    }

    fn verify_hash(&self, alg: Algorithm, hash: &[u8], signature: &[u8]) -> Result<()> {
        self.check_alg(alg, true)?;
        self.verify(alg, hash, signature)
    }

    fn sign_message(
        &self,
        alg: Algorithm,
        message: &[u8],
        _: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        self.check_alg(alg, false)?;
        if alg.is_hash_eddsa() {
            let ph = self.prehash(message);
            self.sign(alg, &ph, out)
        } else {
            self.sign(alg, message, out)
        }
    }

    fn verify_message(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> Result<()> {
        self.check_alg(alg, false)?;
        if alg.is_hash_eddsa() {
            let ph = self.prehash(message);
            self.verify(alg, &ph, signature)
        } else {
            self.verify(alg, message, signature)
        }
    }
}
