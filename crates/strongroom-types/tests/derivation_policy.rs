//! `policy::check_derivation_input`: the usage and algorithm rules for key-derivation
//! input keys.

use strongroom_types::{Algorithm, Error, KeyAttributes, KeyType, Usage, policy};

const HKDF: Algorithm = Algorithm::hkdf(Algorithm::SHA_256);

fn key(usage: Usage, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new(KeyType::DERIVE, 128)
        .with_usage(usage)
        .with_algorithm(alg)
}

#[test]
fn derive_usage_permits_output() {
    assert_eq!(
        policy::check_derivation_input(&key(Usage::DERIVE, HKDF), HKDF),
        Ok(true)
    );
}

#[test]
fn verify_derivation_alone_permits_verification_only() {
    assert_eq!(
        policy::check_derivation_input(&key(Usage::VERIFY_DERIVATION, HKDF), HKDF),
        Ok(false)
    );
}

#[test]
fn other_usages_and_algorithms_are_not_permitted() {
    assert_eq!(
        policy::check_derivation_input(&key(Usage::EXPORT, HKDF), HKDF),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        policy::check_derivation_input(
            &key(Usage::DERIVE, HKDF),
            Algorithm::hkdf(Algorithm::SHA_512)
        ),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        policy::check_derivation_input(&key(Usage::DERIVE, Algorithm::NONE), HKDF),
        Err(Error::NotPermitted)
    );
}

#[test]
fn raw_agreement_policy_permits_combined_algorithm() {
    let combined = Algorithm::key_agreement(Algorithm::ECDH, HKDF);
    assert_eq!(
        policy::check_derivation_input(&key(Usage::DERIVE, Algorithm::ECDH), combined),
        Ok(true)
    );
}
