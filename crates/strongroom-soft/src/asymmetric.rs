//! Asymmetric keys: import validation, generation, prepared forms (signatures, encryption,
//! raw key agreement), dispatched by key type to one module per key family.
//!
//! | key types | algorithms | module |
//! |---|---|---|
//! | RSA 1024–4096 bits | PKCS#1 v1.5 sign (hashed, raw), PSS, PKCS#1 v1.5 and OAEP encryption | `rsa` |
//! | SECP_R1 192/224/256/384/521, SECP_K1 256, BRAINPOOL_P_R1 256/384 | ECDSA (randomized, deterministic), ECDH | `weierstrass` |
//! | MONTGOMERY 255/448 | ECDH (X25519, X448) | `montgomery` |
//! | TWISTED_EDWARDS 255/448 | pure EdDSA, Ed25519ph, Ed448ph | `edwards` |
//! | DH RFC7919 2048/3072/4096/6144/8192 | FFDH | `ffdh` |
//!
//! Hashes inside the schemes: MD5, RIPEMD-160, SHA-1, SHA-2, SHA-3 (`hashes`). Every
//! operation that needs randomness draws it through a child generator seeded from the
//! driver's [`RandomSource`] (`rng`). Other curves (SECT, SECP_R2, FRP, the other
//! Brainpool and SECP_K1 sizes) and other DH groups are `NotSupported`.

mod curves;
mod edwards;
mod ffdh;
mod hashes;
mod montgomery;
mod pkcs1v15_decrypt;
mod rng;
mod rsa;
mod weierstrass;

use strongroom_driver::{
    Algorithm, AsymmetricDriver, Error, KeyType, PreparedAsymmetric, RandomSource, Result,
};
use strongroom_types::EccFamily;

use curves::Curve;

/// The software AsymmetricDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftAsymmetric;

/// Evaluates `$body` with `$C` bound to the RustCrypto curve type of a short-Weierstrass
/// `$curve`; `$otherwise` for the other curves.
macro_rules! with_weierstrass {
    ($curve:expr, |$C:ident| $body:expr, $otherwise:expr) => {{
        match $curve {
            Curve::P192 => {
                type $C = p192::NistP192;
                $body
            }
            Curve::P224 => {
                type $C = p224::NistP224;
                $body
            }
            Curve::P256 => {
                type $C = p256::NistP256;
                $body
            }
            Curve::P384 => {
                type $C = p384::NistP384;
                $body
            }
            Curve::P521 => {
                type $C = p521::NistP521;
                $body
            }
            Curve::K256 => {
                type $C = k256::Secp256k1;
                $body
            }
            Curve::Bp256 => {
                type $C = bp256::BrainpoolP256r1;
                $body
            }
            Curve::Bp384 => {
                type $C = bp384::BrainpoolP384r1;
                $body
            }
            _ => $otherwise,
        }
    }};
}

/// Whether `key_type` is a well-formed RSA, ECC or DH type (public key or key pair).
fn is_known_type(key_type: KeyType) -> bool {
    (key_type.is_public_key() || key_type.is_key_pair())
        && (key_type.is_rsa() || key_type.is_ecc() || key_type.is_dh())
}

impl AsymmetricDriver for SoftAsymmetric {
    fn import(&self, key_type: KeyType, data: &[u8]) -> Result<u32> {
        if !is_known_type(key_type) {
            return Err(Error::NotSupported);
        }
        let public = key_type.is_public_key();
        if key_type.is_rsa() {
            return rsa::validate(data, public);
        }
        if key_type.is_dh() {
            return ffdh::validate(key_type, data);
        }
        let curve = Curve::for_import(key_type, 0, data)?;
        with_weierstrass!(
            curve,
            |C| weierstrass::validate::<C>(data, public)?,
            if curve == Curve::Ed25519 || curve == Curve::Ed448 {
                // A public key must decode to a curve point; a seed is any string.
                if public {
                    edwards::EdwardsKey::new(curve, data, true)?;
                }
            }
        );
        Ok(curve.bits())
    }

    fn generate(
        &self,
        key_type: KeyType,
        bits: u32,
        rng: &dyn RandomSource,
        out: &mut [u8],
    ) -> Result<usize> {
        if key_type.is_public_key() {
            return Err(Error::InvalidArgument);
        }
        if !is_known_type(key_type) {
            return Err(Error::NotSupported);
        }
        if key_type.is_rsa() {
            return rsa::generate(bits, rng, out);
        }
        if key_type.is_dh() {
            return ffdh::generate(key_type, bits, rng, out);
        }
        let family = key_type.ecc_family().ok_or(Error::NotSupported)?;
        // Mbed TLS reports every size that names no implemented curve as not supported.
        let curve = Curve::from_family_bits(family, bits).map_err(|_| Error::NotSupported)?;
        with_weierstrass!(
            curve,
            |C| weierstrass::generate::<C>(rng, out),
            match curve {
                Curve::X25519 | Curve::X448 => montgomery::generate(curve, rng, out),
                _ => edwards::generate(curve, rng, out),
            }
        )
    }

    fn prepare(
        &self,
        key_type: KeyType,
        bits: u32,
        material: &[u8],
    ) -> Result<Box<dyn PreparedAsymmetric>> {
        if !is_known_type(key_type) {
            return Err(Error::NotSupported);
        }
        let public = key_type.is_public_key();
        if key_type.is_rsa() {
            return Ok(Box::new(rsa::RsaKey::new(material, public)?));
        }
        if key_type.is_dh() {
            ffdh::bits_for(key_type, material.len())?;
            return Ok(Box::new(ffdh::DhKey::new(bits, material, public)?));
        }
        let family = key_type.ecc_family().ok_or(Error::NotSupported)?;
        let curve = Curve::from_family_bits(family, bits)?;
        with_weierstrass!(
            curve,
            |C| Ok(Box::new(weierstrass::WeierstrassKey::<C>::new(
                material, public
            )?)),
            match curve {
                Curve::X25519 | Curve::X448 => Ok(Box::new(montgomery::MontgomeryKey::new(
                    curve, material, public
                )?)),
                _ => Ok(Box::new(edwards::EdwardsKey::new(curve, material, public)?)),
            }
        )
    }

    fn supports(&self, key_type: KeyType, alg: Algorithm) -> bool {
        supports(key_type, alg)
    }
}

/// Whether a hash-parameterised algorithm's hash is one this driver has (or the policy
/// wildcard `ANY_HASH`).
fn hash_ok(alg: Algorithm) -> bool {
    match alg.hash() {
        Some(Algorithm::ANY_HASH) => true,
        Some(h) => hashes::is_supported(h),
        None => false,
    }
}

/// Which (key type, algorithm) pairs this module implements, for the driver's `supports`.
/// The key size is not known here: a family counts when some of its sizes are implemented.
pub(crate) fn supports(key_type: KeyType, alg: Algorithm) -> bool {
    if !is_known_type(key_type) {
        return false;
    }
    if key_type.is_rsa() {
        return (alg == Algorithm::RSA_PKCS1V15_SIGN_RAW)
            || ((alg.is_rsa_pkcs1v15_sign() || alg.is_rsa_pss()) && hash_ok(alg))
            || alg == Algorithm::RSA_PKCS1V15_CRYPT
            || (alg.is_rsa_oaep() && hash_ok(alg));
    }
    if key_type.is_dh() {
        return alg == Algorithm::FFDH
            && key_type.is_key_pair()
            && key_type.dh_family() == Some(strongroom_types::DhFamily::RFC7919);
    }
    let Some(family) = key_type.ecc_family() else {
        return false;
    };
    let weierstrass = matches!(
        family,
        EccFamily::SECP_R1 | EccFamily::SECP_K1 | EccFamily::BRAINPOOL_P_R1
    );
    if weierstrass {
        let ecdsa = alg == Algorithm::ECDSA_ANY || (alg.is_ecdsa() && hash_ok(alg));
        let ecdh = alg == Algorithm::ECDH && key_type.is_key_pair();
        return ecdsa || ecdh;
    }
    match family {
        EccFamily::MONTGOMERY => alg == Algorithm::ECDH && key_type.is_key_pair(),
        EccFamily::TWISTED_EDWARDS => {
            alg == Algorithm::PURE_EDDSA || alg == Algorithm::ED25519PH || alg == Algorithm::ED448PH
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct NoEntropy;
    impl RandomSource for NoEntropy {
        fn fill(&self, _: &mut [u8]) -> Result<()> {
            Err(Error::InsufficientEntropy)
        }
        fn reseed(&self) -> Result<()> {
            Ok(())
        }
    }

    fn prepare(key_type: KeyType, bits: u32, material: &[u8]) -> Box<dyn PreparedAsymmetric> {
        SoftAsymmetric
            .prepare(key_type, bits, material)
            .expect("prepare")
    }

    #[test]
    fn debug_shows_the_kind_and_no_secret() {
        let d = [0x42u8; 32];
        let p256 = prepare(KeyType::ecc_key_pair(EccFamily::SECP_R1), 256, &d);
        assert_eq!(format!("{p256:?}"), "WeierstrassKey(P-256 key pair)");
        let x = prepare(KeyType::ecc_key_pair(EccFamily::MONTGOMERY), 255, &d);
        assert_eq!(format!("{x:?}"), "MontgomeryKey(X25519 key pair)");
        let ed = prepare(KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS), 255, &d);
        assert_eq!(format!("{ed:?}"), "EdwardsKey(Ed25519 key pair)");
        for p in [&p256, &x, &ed] {
            assert!(!format!("{p:?}").contains("42"), "{p:?}");
        }
    }

    #[test]
    fn a_failing_generator_fails_the_operation() {
        let key_type = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        let mut out = [0u8; 32];
        assert_eq!(
            SoftAsymmetric.generate(key_type, 256, &NoEntropy, &mut out),
            Err(Error::InsufficientEntropy)
        );
        let p = prepare(key_type, 256, &[0x42; 32]);
        let mut sig = [0u8; 64];
        let randomized = Algorithm::ecdsa(Algorithm::SHA_256);
        assert_eq!(
            p.sign_hash(randomized, &[1; 32], &NoEntropy, &mut sig),
            Err(Error::InsufficientEntropy)
        );
        // Deterministic ECDSA needs no randomness.
        let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
        assert_eq!(p.sign_hash(det, &[1; 32], &NoEntropy, &mut sig), Ok(64));
    }

    #[test]
    fn supports_by_family() {
        let r1 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        let r1_public = KeyType::ecc_public_key(EccFamily::SECP_R1);
        assert!(supports(r1, Algorithm::ecdsa(Algorithm::SHA_256)));
        assert!(supports(r1, Algorithm::ecdsa(Algorithm::ANY_HASH)));
        assert!(supports(r1, Algorithm::ECDH));
        assert!(!supports(r1_public, Algorithm::ECDH));
        assert!(!supports(r1, Algorithm::PURE_EDDSA));
        let rsa = KeyType::RSA_KEY_PAIR;
        assert!(supports(rsa, Algorithm::rsa_oaep(Algorithm::SHA_256)));
        assert!(supports(rsa, Algorithm::RSA_PKCS1V15_SIGN_RAW));
        assert!(!supports(rsa, Algorithm::ECDH));
        let ed = KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS);
        assert!(supports(ed, Algorithm::PURE_EDDSA));
        assert!(!supports(ed, Algorithm::ECDH));
        assert!(!supports(KeyType::AES, Algorithm::ECDH));
        let dh = KeyType::dh_key_pair(strongroom_types::DhFamily::RFC7919);
        assert!(supports(dh, Algorithm::FFDH));
        assert!(!supports(dh, Algorithm::ECDH));
    }
}
