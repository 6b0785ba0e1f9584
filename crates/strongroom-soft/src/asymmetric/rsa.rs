//! RSA: PKCS#1 key formats, key generation, PKCS#1 v1.5 and PSS signatures, PKCS#1 v1.5 and
//! OAEP encryption, over the `rsa` crate (constant-time `crypto-bigint` arithmetic,
//! blinded private operations).
//!
//! Formats (PSA): a key pair is a DER `RSAPrivateKey` (PKCS#1, two primes), a public key a
//! DER `RSAPublicKey`; the key size is the modulus length in bytes times 8, as in Mbed TLS.
//! Keys from 512 to 4096 bits import (`PSA_VENDOR_RSA_MAX_KEY_BITS` = 4096; the small end
//! for interoperability with legacy keys and Mbed TLS's test data), generation makes 1024 to
//! 4096 bits (`PSA_VENDOR_RSA_GENERATE_MIN_KEY_BITS` = 1024); other sizes are
//! `NotSupported`. Public exponents are odd, from 3 to 2^33 - 1.
//!
//! Choices where PSA leaves room, as Mbed TLS does: `RSA_PSS(h)` signs with the largest
//! salt up to the hash length that fits the key, and verifies only that salt length;
//! `RSA_PSS_ANY_SALT(h)` verifies any salt length. MGF1 uses the same hash as the signature
//! or OAEP.

use core::fmt;

use ::rsa::pkcs1::der::Decode;
use ::rsa::pkcs1::der::asn1::AsUintRef;
use ::rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use ::rsa::traits::PublicKeyParts;
use ::rsa::{Oaep, Pkcs1v15Encrypt, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};
use crypto_bigint::BoxedUint;
use sha2::Digest;
use strongroom_driver::{Algorithm, Error, PreparedAsymmetric, RandomSource, Result};
use zeroize::Zeroizing;

use super::hashes::{digest_info_prefix, with_digest};
use super::pkcs1v15_decrypt;
use super::rng::DriverRng;

/// Smallest modulus accepted on import, bits.
const MIN_IMPORT_BITS: u32 = 512;
/// Smallest modulus generated, bits.
const MIN_BITS: u32 = 1024;
/// Largest supported modulus, bits (`PSA_VENDOR_RSA_MAX_KEY_BITS`).
const MAX_BITS: u32 = 4096;
/// The public exponent of generated keys.
const GENERATE_EXPONENT: u32 = 65537;

/// The PSA key size of a modulus given as big-endian bytes without leading zeros. A modulus
/// whose bit length is not a multiple of 8 is `NotSupported`, as in Mbed TLS (PSA sizes RSA
/// keys, signatures and ciphertexts in whole bytes).
fn bits_of_modulus(modulus: &[u8]) -> Result<u32> {
    if modulus.first().is_none_or(|&b| b & 0x80 == 0) {
        return Err(Error::NotSupported);
    }
    let bits = u32::try_from(modulus.len())
        .ok()
        .and_then(|n| n.checked_mul(8))
        .ok_or(Error::NotSupported)?;
    if !(MIN_IMPORT_BITS..=MAX_BITS).contains(&bits) {
        return Err(Error::NotSupported);
    }
    Ok(bits)
}

/// Parses a DER `RSAPrivateKey`: strict DER, two primes, consistent components (the
/// `rsa` crate checks `d·e ≡ 1 (mod λ(n))` and that the primes multiply to `n`).
fn parse_private(der: &[u8]) -> Result<(u32, RsaPrivateKey)> {
    let parsed =
        ::rsa::pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|_| Error::InvalidArgument)?;
    let bits = bits_of_modulus(parsed.modulus.as_uint_ref().as_bytes())?;
    let key = RsaPrivateKey::try_from(parsed).map_err(|_| Error::InvalidArgument)?;
    Ok((bits, key))
}

/// Parses a DER `RSAPublicKey` (odd modulus, odd exponent `3 ≤ e < n`).
fn parse_public(der: &[u8]) -> Result<(u32, RsaPublicKey)> {
    let parsed =
        ::rsa::pkcs1::RsaPublicKeyRef::from_der(der).map_err(|_| Error::InvalidArgument)?;
    let modulus = parsed.modulus.as_uint_ref().as_bytes();
    let exponent = parsed.public_exponent.as_uint_ref().as_bytes();
    let bits = bits_of_modulus(modulus)?;
    let uint = |b: &[u8]| {
        let precision = u32::try_from(b.len() * 8).map_err(|_| Error::InvalidArgument)?;
        BoxedUint::from_be_slice(b, precision).map_err(|_| Error::InvalidArgument)
    };
    let limits = MIN_IMPORT_BITS as usize..=MAX_BITS as usize;
    let key = RsaPublicKey::new_with_size_limits(uint(modulus)?, uint(exponent)?, limits)
        .map_err(|_| Error::InvalidArgument)?;
    Ok((bits, key))
}

/// Validates key material; returns the key size in bits.
pub(crate) fn validate(der: &[u8], public: bool) -> Result<u32> {
    if public {
        parse_public(der).map(|(bits, _)| bits)
    } else {
        parse_private(der).map(|(bits, _)| bits)
    }
}

/// Generates a key pair of `bits` bits (a multiple of 8 from 1024 to 4096) with exponent
/// 65537, writing its DER `RSAPrivateKey` into `out`.
pub(crate) fn generate(bits: u32, rng: &dyn RandomSource, out: &mut [u8]) -> Result<usize> {
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return Err(Error::NotSupported);
    }
    if !bits.is_multiple_of(8) {
        // Mbed TLS's PSA layer only handles whole-byte RSA keys.
        return Err(Error::NotSupported);
    }
    let mut rng = DriverRng::new(rng)?;
    let key =
        RsaPrivateKey::new_with_exp(&mut rng, bits as usize, BoxedUint::from(GENERATE_EXPONENT))
            .map_err(|_| Error::InsufficientEntropy)?;
    let der = key.to_pkcs1_der().map_err(|_| Error::CorruptionDetected)?;
    let bytes = der.as_bytes();
    out.get_mut(..bytes.len())
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(bytes);
    Ok(bytes.len())
}

/// A parsed RSA key with its public part and the public key's DER encoding.
pub(crate) struct RsaKey {
    /// Zeroizes on drop (`rsa::RsaPrivateKey`).
    private: Option<Box<RsaPrivateKey>>,
    public: RsaPublicKey,
    public_der: Box<[u8]>,
    bits: u32,
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.private.is_some() {
            "key pair"
        } else {
            "public key"
        };
        write!(f, "RsaKey({}-bit {kind})", self.bits)
    }
}

/// The PSS salt length PSA's `RSA_PSS(h)` uses with a `k`-byte key: the hash length, or
/// less if the key is too small for it (Mbed TLS `rsa_pss_expected_salt_len`).
fn standard_salt_len(k: usize, hash_len: usize) -> usize {
    k.saturating_sub(2 + hash_len).min(hash_len)
}

impl RsaKey {
    /// Parses key material.
    pub(crate) fn new(material: &[u8], public: bool) -> Result<Self> {
        let (bits, private, public) = if public {
            let (bits, key) = parse_public(material)?;
            (bits, None, key)
        } else {
            let (bits, key) = parse_private(material)?;
            let public = key.to_public_key();
            (bits, Some(Box::new(key)), public)
        };
        let public_der = public
            .to_pkcs1_der()
            .map_err(|_| Error::CorruptionDetected)?
            .as_bytes()
            .into();
        Ok(Self {
            private,
            public,
            public_der,
            bits,
        })
    }

    /// Modulus length in bytes (signature and ciphertext length).
    fn k(&self) -> usize {
        self.public.size()
    }

    fn private(&self) -> Result<&RsaPrivateKey> {
        self.private.as_deref().ok_or(Error::InvalidArgument)
    }

    /// The PKCS#1 v1.5 signature scheme of `alg` for a hash of `hash_len` bytes.
    fn pkcs1v15_scheme(alg: Algorithm, hash_len: usize) -> Result<Pkcs1v15Sign> {
        if alg == Algorithm::RSA_PKCS1V15_SIGN_RAW {
            return Ok(Pkcs1v15Sign::new_unprefixed());
        }
        let hash = alg.sign_get_hash().ok_or(Error::InvalidArgument)?;
        let prefix = digest_info_prefix(hash).ok_or(Error::NotSupported)?;
        if hash.hash_length() != Some(hash_len) {
            return Err(Error::InvalidArgument);
        }
        Ok(Pkcs1v15Sign {
            hash_len: Some(hash_len),
            prefix: prefix.into_boxed_slice(),
        })
    }

    /// Checks a PSS algorithm's hash against the given hash length; returns nothing, the
    /// digest type is chosen again by the caller's [`with_digest!`].
    fn pss_check(alg: Algorithm, hash_len: usize) -> Result<()> {
        let hash = alg.sign_get_hash().ok_or(Error::InvalidArgument)?;
        if !super::hashes::is_supported(hash) {
            return Err(Error::NotSupported);
        }
        if hash.hash_length() != Some(hash_len) {
            return Err(Error::InvalidArgument);
        }
        Ok(())
    }
}

impl PreparedAsymmetric for RsaKey {
    fn export_public(&self, out: &mut [u8]) -> Result<usize> {
        let n = self.public_der.len();
        out.get_mut(..n)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&self.public_der);
        Ok(n)
    }

    fn sign_hash(
        &self,
        alg: Algorithm,
        hash: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        let key = self.private()?;
        let k = self.k();
        let signature = if alg.is_rsa_pkcs1v15_sign() {
            let scheme = Self::pkcs1v15_scheme(alg, hash.len())?;
            if out.len() < k {
                return Err(Error::BufferTooSmall);
            }
            let mut rng = DriverRng::new(rng)?;
            key.sign_with_rng(&mut rng, scheme, hash)
                .map_err(|_| Error::InvalidArgument)?
        } else if alg.is_rsa_pss() {
            Self::pss_check(alg, hash.len())?;
            if out.len() < k {
                return Err(Error::BufferTooSmall);
            }
            let salt = standard_salt_len(k, hash.len());
            let mut rng = DriverRng::new(rng)?;
            let h = alg.sign_get_hash().ok_or(Error::InvalidArgument)?;
            with_digest!(
                h,
                |D| key.sign_with_rng(&mut rng, Pss::<D>::new_with_salt(salt), hash),
                return Err(Error::NotSupported)
            )
            .map_err(|_| Error::InvalidArgument)?
        } else {
            return Err(Error::InvalidArgument);
        };
        let dst = out
            .get_mut(..signature.len())
            .ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&signature);
        Ok(signature.len())
    }

    fn verify_hash(&self, alg: Algorithm, hash: &[u8], signature: &[u8]) -> Result<()> {
        let k = self.k();
        let verified = if alg.is_rsa_pkcs1v15_sign() {
            let scheme = Self::pkcs1v15_scheme(alg, hash.len())?;
            if signature.len() != k {
                return Err(Error::InvalidSignature);
            }
            self.public.verify(scheme, hash, signature)
        } else if alg.is_rsa_pss() {
            Self::pss_check(alg, hash.len())?;
            if k < hash.len() + 2 {
                // No PSS encoding of this hash fits the key (RFC 8017 §9.1.2 step 3).
                return Err(Error::InvalidArgument);
            }
            if signature.len() != k {
                return Err(Error::InvalidSignature);
            }
            let salt_len = if alg.is_rsa_pss_any_salt() {
                None
            } else {
                Some(standard_salt_len(k, hash.len()))
            };
            let h = alg.sign_get_hash().ok_or(Error::InvalidArgument)?;
            with_digest!(
                h,
                |D| {
                    let scheme = Pss::<D> {
                        blinded: false,
                        digest: <D as Digest>::new(),
                        salt_len,
                    };
                    self.public.verify(scheme, hash, signature)
                },
                return Err(Error::NotSupported)
            )
        } else {
            return Err(Error::InvalidArgument);
        };
        verified.map_err(|_| Error::InvalidSignature)
    }

    fn encrypt(
        &self,
        alg: Algorithm,
        input: &[u8],
        label: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        let k = self.k();
        let ciphertext = if alg == Algorithm::RSA_PKCS1V15_CRYPT {
            if !label.is_empty() {
                return Err(Error::InvalidArgument);
            }
            if out.len() < k {
                return Err(Error::BufferTooSmall);
            }
            let mut rng = DriverRng::new(rng)?;
            self.public.encrypt(&mut rng, Pkcs1v15Encrypt, input)
        } else if alg.is_rsa_oaep() {
            let h = alg.hash().ok_or(Error::InvalidArgument)?;
            if !super::hashes::is_supported(h) {
                return Err(Error::NotSupported);
            }
            if out.len() < k {
                return Err(Error::BufferTooSmall);
            }
            let mut rng = DriverRng::new(rng)?;
            with_digest!(
                h,
                |D| self.public.encrypt(&mut rng, oaep::<D>(label), input),
                return Err(Error::NotSupported)
            )
        } else {
            return Err(Error::InvalidArgument);
        }
        .map_err(|_| Error::InvalidArgument)?;
        let dst = out
            .get_mut(..ciphertext.len())
            .ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&ciphertext);
        Ok(ciphertext.len())
    }

    fn decrypt(
        &self,
        alg: Algorithm,
        input: &[u8],
        label: &[u8],
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        let key = self.private()?;
        if !alg.is_rsa_oaep() && alg != Algorithm::RSA_PKCS1V15_CRYPT {
            return Err(Error::InvalidArgument);
        }
        if alg == Algorithm::RSA_PKCS1V15_CRYPT && !label.is_empty() {
            return Err(Error::InvalidArgument);
        }
        if input.len() != self.k() {
            return Err(Error::InvalidArgument);
        }
        let mut rng = DriverRng::new(rng)?;
        // Every failure past this point is the same opaque status, found in constant time
        // (the `rsa` crate's OAEP decoding, `pkcs1v15_decrypt` for PKCS#1 v1.5).
        let plaintext = if alg == Algorithm::RSA_PKCS1V15_CRYPT {
            pkcs1v15_decrypt::decrypt(key, &mut rng, input)?
        } else {
            let h = alg.hash().ok_or(Error::InvalidArgument)?;
            with_digest!(
                h,
                |D| key.decrypt_blinded(&mut rng, oaep::<D>(label), input),
                return Err(Error::NotSupported)
            )
            .map(Zeroizing::new)
            .map_err(|_| Error::InvalidPadding)?
        };
        let dst = out
            .get_mut(..plaintext.len())
            .ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&plaintext);
        Ok(plaintext.len())
    }
}

/// OAEP with hash `D` for the label and MGF1; an empty label is the same as none.
fn oaep<D>(label: &[u8]) -> Oaep<D>
where
    D: Digest + sha2::digest::FixedOutputReset,
{
    if label.is_empty() {
        Oaep::<D>::new()
    } else {
        Oaep::<D>::new_with_label(label)
    }
}
