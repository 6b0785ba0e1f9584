//! Short-Weierstrass curves (NIST P-192 … P-521, secp256k1, brainpoolP256r1/P384r1): key
//! validation and generation, ECDSA (randomized and RFC 6979 deterministic) and ECDH, one
//! generic implementation over the RustCrypto curve types.
//!
//! Formats (PSA): a private key is the scalar `d` in big-endian, exactly `ceil(bits/8)`
//! bytes, `1 ≤ d < n`; a public key is the uncompressed point `0x04 ‖ X ‖ Y`, on the curve
//! and not the identity; a signature is `r ‖ s`, each `ceil(bits/8)` bytes; the ECDH shared
//! secret is the x-coordinate of `d·Q`.

use core::fmt;

use ecdsa::{EcdsaCurve, Signature, SignatureSize, SigningKey, hazmat};
use elliptic_curve::PrimeField;
use elliptic_curve::array::ArraySize;
use elliptic_curve::ops::Invert;
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::subtle::CtOption;
use elliptic_curve::zeroize::Zeroize;
use elliptic_curve::{
    CurveArithmetic, FieldBytes, FieldBytesSize, Generate, NonZeroScalar, PublicKey, Scalar, ecdh,
};
use rand_core::TryRng;
use strongroom_driver::{Algorithm, Error, PreparedAsymmetric, RandomSource, Result};

use super::hashes::with_digest;
use super::rng::DriverRng;

/// What the generic code needs of a curve type (all bounds in one place).
pub(crate) trait WeierstrassCurve:
    EcdsaCurve + CurveArithmetic<AffinePoint: FromSec1Point<Self> + ToSec1Point<Self>>
where
    FieldBytesSize<Self>: ModulusSize,
    SignatureSize<Self>: ArraySize,
    Scalar<Self>: Invert<Output = CtOption<Scalar<Self>>>,
{
    /// Curve name for `Debug`.
    const NAME: &'static str;
}

macro_rules! curve {
    ($t:ty, $name:literal) => {
        impl WeierstrassCurve for $t {
            const NAME: &'static str = $name;
        }
    };
}
curve!(p192::NistP192, "P-192");
curve!(p224::NistP224, "P-224");
curve!(p256::NistP256, "P-256");
curve!(p384::NistP384, "P-384");
curve!(p521::NistP521, "P-521");
curve!(k256::Secp256k1, "secp256k1");
curve!(bp256::BrainpoolP256r1, "brainpoolP256r1");
curve!(bp384::BrainpoolP384r1, "brainpoolP384r1");

/// Bytes of a scalar / coordinate of `C`.
fn field_len<C: WeierstrassCurve>() -> usize
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    FieldBytes::<C>::default().len()
}

/// Parses a private scalar (exactly the field length, `1 ≤ d < n`).
fn parse_private<C: WeierstrassCurve>(data: &[u8]) -> Result<NonZeroScalar<C>>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    let mut repr = FieldBytes::<C>::try_from(data).map_err(|_| Error::InvalidArgument)?;
    let d = NonZeroScalar::<C>::from_repr(repr).into_option();
    repr.zeroize();
    d.ok_or(Error::InvalidArgument)
}

/// Parses an uncompressed public point (`0x04 ‖ X ‖ Y`, on the curve, not the identity).
fn parse_public<C: WeierstrassCurve>(data: &[u8]) -> Result<PublicKey<C>>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    if data.len() != 1 + 2 * field_len::<C>() || data[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    PublicKey::<C>::from_sec1_bytes(data).map_err(|_| Error::InvalidArgument)
}

/// Validates key material of curve `C` (`public` selects the format).
pub(crate) fn validate<C: WeierstrassCurve>(data: &[u8], public: bool) -> Result<()>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    if public {
        parse_public::<C>(data).map(|_| ())
    } else {
        parse_private::<C>(data).map(|mut d| d.zeroize())
    }
}

/// Generates a private key into `out` (which the caller sized); returns its length.
pub(crate) fn generate<C: WeierstrassCurve>(rng: &dyn RandomSource, out: &mut [u8]) -> Result<usize>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    let n = field_len::<C>();
    let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    let mut rng = DriverRng::new(rng)?;
    let mut d = NonZeroScalar::<C>::generate_from_rng(&mut rng);
    let mut repr = d.to_repr();
    dst.copy_from_slice(&repr);
    repr.zeroize();
    d.zeroize();
    Ok(n)
}

/// A parsed key of curve `C`: the signing key (for a key pair) and the public point with
/// its encoding.
pub(crate) struct WeierstrassKey<C: WeierstrassCurve>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    /// Zeroizes on drop (`ecdsa::SigningKey`).
    secret: Option<SigningKey<C>>,
    public: PublicKey<C>,
    public_bytes: Box<[u8]>,
}

impl<C: WeierstrassCurve> fmt::Debug for WeierstrassKey<C>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.secret.is_some() {
            "key pair"
        } else {
            "public key"
        };
        write!(f, "WeierstrassKey({} {kind})", C::NAME)
    }
}

impl<C: WeierstrassCurve> WeierstrassKey<C>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    /// Parses key material (private scalar or public point).
    pub(crate) fn new(material: &[u8], public: bool) -> Result<Self> {
        let (secret, public) = if public {
            (None, parse_public::<C>(material)?)
        } else {
            let mut d = parse_private::<C>(material)?;
            let public = PublicKey::<C>::from_secret_scalar(&d);
            let secret = SigningKey::<C>::from(d);
            d.zeroize();
            (Some(secret), public)
        };
        let public_bytes = public.to_sec1_point(false).as_bytes().into();
        Ok(Self {
            secret,
            public,
            public_bytes,
        })
    }

    fn secret(&self) -> Result<&SigningKey<C>> {
        self.secret.as_ref().ok_or(Error::InvalidArgument)
    }

    fn signature_len() -> usize {
        2 * field_len::<C>()
    }
}

/// ECDSA of `hash` with the private scalar `d`; `deterministic` selects RFC 6979 with the
/// algorithm's hash, otherwise the nonce is RFC 6979 hedged with fresh random bytes (as the
/// `ecdsa` crate's randomized signer does), which stays safe if the generator is weak.
fn ecdsa_sign<C: WeierstrassCurve>(
    d: &NonZeroScalar<C>,
    alg: Algorithm,
    hash: &[u8],
    rng: &dyn RandomSource,
) -> Result<Signature<C>>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    if alg.is_deterministic_ecdsa() {
        let h = alg.sign_get_hash().ok_or(Error::InvalidArgument)?;
        with_digest!(
            h,
            |D| Ok(hazmat::sign_prehashed_rfc6979::<C, D>(d, hash, &[]).0),
            Err(Error::InvalidArgument)
        )
    } else {
        let mut ad = FieldBytes::<C>::default();
        let mut rng = DriverRng::new(rng)?;
        let _ = rng.try_fill_bytes(&mut ad);
        let sig = hazmat::sign_prehashed_rfc6979::<C, sha2::Sha512>(d, hash, &ad).0;
        ad.zeroize();
        Ok(sig)
    }
}

impl<C: WeierstrassCurve> PreparedAsymmetric for WeierstrassKey<C>
where
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
{
    fn export_public(&self, out: &mut [u8]) -> Result<usize> {
        let n = self.public_bytes.len();
        out.get_mut(..n)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&self.public_bytes);
        Ok(n)
    }

    fn sign_hash(
        &self,
        alg: Algorithm,
        hash: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        if !alg.is_ecdsa() {
            return Err(Error::InvalidArgument);
        }
        let secret = self.secret()?;
        let n = Self::signature_len();
        let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        let sig = ecdsa_sign::<C>(secret.as_nonzero_scalar(), alg, hash, rng)?;
        dst.copy_from_slice(&sig.to_bytes());
        Ok(n)
    }

    fn verify_hash(&self, alg: Algorithm, hash: &[u8], signature: &[u8]) -> Result<()> {
        if !alg.is_ecdsa() {
            return Err(Error::InvalidArgument);
        }
        if signature.len() != Self::signature_len() {
            return Err(Error::InvalidSignature);
        }
        let mut sig = Signature::<C>::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
        if C::NORMALIZE_S {
            // (r, s) and (r, n - s) verify alike; the crate rejects high s on curves that
            // normalize (secp256k1), PSA accepts both.
            sig = sig.normalize_s();
        }
        hazmat::verify_prehashed::<C>(&self.public.to_projective(), hash, &sig)
            .map_err(|_| Error::InvalidSignature)
    }

    fn agree(&self, alg: Algorithm, peer_public: &[u8], out: &mut [u8]) -> Result<usize> {
        if !alg.is_ecdh() {
            return Err(Error::InvalidArgument);
        }
        let secret = self.secret()?;
        let peer = parse_public::<C>(peer_public)?;
        let n = field_len::<C>();
        let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        let shared = ecdh::diffie_hellman(secret.as_nonzero_scalar(), peer.as_affine());
        dst.copy_from_slice(shared.raw_secret_bytes());
        Ok(n)
    }
}
