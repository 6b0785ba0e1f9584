//! Policy rules: one row per rule and its negative.

use strongroom_types::{
    Algorithm as A, EccFamily, Error, KeyAttributes, KeyType as K, Usage, policy,
};

const H: A = A::SHA_256;

#[test]
fn permits_table() {
    let ecc = K::ecc_key_pair(EccFamily::SECP_R1);
    let hmac = A::hmac(H);
    #[rustfmt::skip]
    let table: &[(A, K, A, bool, &str)] = &[
        (A::NONE, K::HMAC, hmac, false, "NONE permits nothing"),
        (A::NONE, K::HMAC, A::NONE, false, "NONE does not even permit NONE"),
        (hmac, K::HMAC, hmac, true, "exact match"),
        (hmac, K::HMAC, A::hmac(A::SHA_384), false, "different hash"),
        // 1. ANY_HASH in hash-and-sign.
        (A::ecdsa(A::ANY_HASH), ecc, A::ecdsa(H), true, "ECDSA(ANY_HASH) permits ECDSA(h)"),
        (A::ecdsa(A::ANY_HASH), ecc, A::ECDSA_ANY, true, "ECDSA(ANY_HASH) permits ECDSA_ANY"),
        (A::ecdsa(A::ANY_HASH), ecc, A::deterministic_ecdsa(H), false, "not the deterministic variant"),
        (A::ecdsa(H), ecc, A::ecdsa(A::SHA_384), false, "specific hash is specific"),
        (A::rsa_pkcs1v15_sign(A::ANY_HASH), K::RSA_KEY_PAIR, A::RSA_PKCS1V15_SIGN_RAW, true, "PKCS1 ANY_HASH permits raw"),
        (A::rsa_pkcs1v15_sign(A::ANY_HASH), K::RSA_KEY_PAIR, A::rsa_pkcs1v15_sign(H), true, "PKCS1 ANY_HASH permits PKCS1(h)"),
        (A::rsa_pkcs1v15_sign(H), K::RSA_KEY_PAIR, A::RSA_PKCS1V15_SIGN_RAW, false, "PKCS1(h) does not permit raw"),
        (A::RSA_PKCS1V15_SIGN_RAW, K::RSA_KEY_PAIR, A::rsa_pkcs1v15_sign(H), false, "raw does not permit PKCS1(h)"),
        (A::rsa_pss(A::ANY_HASH), K::RSA_KEY_PAIR, A::rsa_pss(H), true, "PSS ANY_HASH"),
        (A::rsa_pss(A::ANY_HASH), K::RSA_KEY_PAIR, A::rsa_pss_any_salt(H), false, "PSS is not PSS_ANY_SALT"),
        (A::rsa_pss_any_salt(H), K::RSA_KEY_PAIR, A::rsa_pss(H), false, "PSS_ANY_SALT is not PSS"),
        (A::rsa_pss_any_salt(A::ANY_HASH), K::RSA_KEY_PAIR, A::rsa_pss_any_salt(H), true, "PSS_ANY_SALT ANY_HASH"),
        (A::hmac(A::ANY_HASH), K::HMAC, hmac, false, "HMAC(ANY_HASH) is meaningless"),
        // 2. AEAD minimum tag length.
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), K::AES, A::aead_with_shortened_tag(A::CCM, 8), true, "tag = min"),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), K::AES, A::aead_with_shortened_tag(A::CCM, 12), true, "tag > min"),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), K::AES, A::CCM, true, "default tag > min"),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), K::AES, A::aead_with_shortened_tag(A::CCM, 4), false, "tag < min"),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), K::AES, A::GCM, false, "other AEAD"),
        (A::aead_with_shortened_tag(A::CCM, 8), K::AES, A::aead_with_shortened_tag(A::CCM, 12), false, "exact tag is exact"),
        (A::CCM, K::AES, A::aead_with_shortened_tag(A::CCM, 16), true, "default = shortened to 16 (same encoding)"),
        // 3. MAC lengths.
        (hmac, K::HMAC, A::truncated_mac(hmac, 32), true, "full = truncated to default length"),
        (A::truncated_mac(hmac, 32), K::HMAC, hmac, true, "truncated to default length = full"),
        (hmac, K::HMAC, A::truncated_mac(hmac, 16), false, "full does not permit shorter"),
        (A::truncated_mac(hmac, 20), K::HMAC, A::truncated_mac(hmac, 20), true, "exact truncation"),
        (A::truncated_mac(hmac, 20), K::HMAC, A::truncated_mac(hmac, 10), false, "other truncation"),
        (A::at_least_this_length_mac(hmac, 20), K::HMAC, A::truncated_mac(hmac, 30), true, "len > min"),
        (A::at_least_this_length_mac(hmac, 20), K::HMAC, A::truncated_mac(hmac, 20), true, "len = min"),
        (A::at_least_this_length_mac(hmac, 20), K::HMAC, A::truncated_mac(hmac, 10), false, "len < min"),
        (A::at_least_this_length_mac(hmac, 32), K::HMAC, hmac, true, "default len = min"),
        (A::at_least_this_length_mac(hmac, 33), K::HMAC, hmac, false, "default len < min"),
        (A::at_least_this_length_mac(hmac, 20), K::HMAC, A::truncated_mac(A::CMAC, 20), false, "other MAC"),
        (A::at_least_this_length_mac(A::CMAC, 10), K::AES, A::truncated_mac(A::CMAC, 16), true, "CMAC needs the key type"),
        (A::at_least_this_length_mac(A::CMAC, 10), K::AES, A::CMAC, true, "CMAC default is the AES block"),
        (A::CMAC, K::AES, A::truncated_mac(A::CMAC, 16), true, "CMAC full = truncated to 16 with AES"),
        (A::CMAC, K::DES, A::truncated_mac(A::CMAC, 16), false, "DES block is 8"),
        (A::CMAC, K::DES, A::truncated_mac(A::CMAC, 8), true, "DES block is 8 (positive)"),
        (A::CMAC, K::HMAC, A::truncated_mac(A::CMAC, 16), false, "CMAC cannot use an HMAC key"),
        (A::CMAC, K::CHACHA20, A::truncated_mac(A::CMAC, 1), false, "CMAC needs a block cipher"),
        // 4. Raw key agreement.
        (A::ECDH, ecc, A::key_agreement(A::ECDH, A::hkdf(H)), true, "ECDH permits ECDH+KDF"),
        (A::ECDH, ecc, A::ECDH, true, "ECDH permits ECDH"),
        (A::ECDH, ecc, A::key_agreement(A::FFDH, A::hkdf(H)), false, "ECDH does not permit FFDH"),
        (A::key_agreement(A::ECDH, A::hkdf(H)), ecc, A::ECDH, false, "ECDH+KDF does not permit raw ECDH"),
        (A::key_agreement(A::ECDH, A::hkdf(H)), ecc, A::key_agreement(A::ECDH, A::tls12_prf(H)), false, "KDF is fixed"),
        (A::hkdf(H), K::DERIVE, A::hkdf(A::SHA_384), false, "KDF hash is fixed"),
    ];
    for (policy_alg, key_type, requested, expected, why) in table {
        assert_eq!(
            policy::permits(*policy_alg, *key_type, *requested),
            *expected,
            "{why}"
        );
    }
}

fn attrs(key_type: K, usage: Usage, alg: A) -> KeyAttributes {
    KeyAttributes::new(key_type, 0)
        .with_usage(usage)
        .with_algorithm(alg)
}

#[test]
fn check_use_statuses() {
    let hmac = A::hmac(H);
    let a = attrs(K::HMAC, Usage::SIGN_MESSAGE, hmac);
    assert_eq!(policy::check_use(&a, Usage::SIGN_MESSAGE, hmac), Ok(()));
    assert_eq!(
        policy::check_use(&a, Usage::VERIFY_MESSAGE, hmac),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        policy::check_use(&a, Usage::SIGN_MESSAGE, A::hmac(A::SHA_1)),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        policy::check_use(&a, Usage::SIGN_MESSAGE, A::NONE),
        Err(Error::InvalidArgument)
    );
    let wild = attrs(
        K::HMAC,
        Usage::SIGN_MESSAGE,
        A::at_least_this_length_mac(hmac, 20),
    );
    assert_eq!(
        policy::check_use(
            &wild,
            Usage::SIGN_MESSAGE,
            A::at_least_this_length_mac(hmac, 20)
        ),
        Err(Error::InvalidArgument),
        "a wildcard is never a usable algorithm"
    );
    assert_eq!(
        policy::check_use(&wild, Usage::SIGN_MESSAGE, A::truncated_mac(hmac, 20)),
        Ok(())
    );
    // Usage is checked first (Mbed TLS order).
    assert_eq!(
        policy::check_use(&wild, Usage::VERIFY_MESSAGE, A::NONE),
        Err(Error::NotPermitted)
    );
    // Public keys are always exportable.
    let public = attrs(K::RSA_PUBLIC_KEY, Usage::empty(), A::NONE);
    assert_eq!(policy::check_usage(&public, Usage::EXPORT), Ok(()));
    let pair = attrs(K::RSA_KEY_PAIR, Usage::empty(), A::NONE);
    assert_eq!(
        policy::check_usage(&pair, Usage::EXPORT),
        Err(Error::NotPermitted)
    );
    assert_eq!(policy::check_usage(&pair, Usage::empty()), Ok(()));
}

#[test]
fn usage_implications() {
    assert_eq!(
        Usage::SIGN_HASH.with_implications(),
        Usage::SIGN_HASH | Usage::SIGN_MESSAGE
    );
    assert_eq!(
        Usage::VERIFY_HASH.with_implications(),
        Usage::VERIFY_HASH | Usage::VERIFY_MESSAGE
    );
    assert_eq!(Usage::SIGN_MESSAGE.with_implications(), Usage::SIGN_MESSAGE);
    assert_eq!(Usage::EXPORT.with_implications(), Usage::EXPORT);
    let mut u = Usage::empty();
    u |= Usage::COPY;
    assert!(u.contains(Usage::COPY) && !u.contains(Usage::COPY | Usage::EXPORT));
    assert!(u.contains(Usage::empty()) && Usage::empty().is_empty());
    assert_eq!((Usage::COPY | Usage::EXPORT) & Usage::EXPORT, Usage::EXPORT);
}

#[test]
fn intersections() {
    let hmac = A::hmac(H);
    let ecc = K::ecc_key_pair(EccFamily::SECP_R1);
    #[rustfmt::skip]
    let table: &[(A, A, K, Option<A>)] = &[
        (A::CTR, A::CTR, K::AES, Some(A::CTR)),
        (A::CTR, A::NONE, K::AES, Some(A::NONE)),
        (A::NONE, A::CTR, K::AES, Some(A::NONE)),
        (A::CTR, A::CBC_NO_PADDING, K::AES, None),
        (A::ecdsa(A::ANY_HASH), A::ecdsa(H), ecc, Some(A::ecdsa(H))),
        (A::ecdsa(H), A::ecdsa(A::ANY_HASH), ecc, Some(A::ecdsa(H))),
        (A::ecdsa(A::ANY_HASH), A::deterministic_ecdsa(H), ecc, None),
        (A::rsa_pkcs1v15_sign(A::ANY_HASH), A::RSA_PKCS1V15_SIGN_RAW, K::RSA_KEY_PAIR, Some(A::RSA_PKCS1V15_SIGN_RAW)),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), A::aead_with_at_least_this_length_tag(A::CCM, 12), K::AES,
            Some(A::aead_with_at_least_this_length_tag(A::CCM, 12))),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), A::aead_with_shortened_tag(A::CCM, 12), K::AES,
            Some(A::aead_with_shortened_tag(A::CCM, 12))),
        (A::aead_with_shortened_tag(A::CCM, 12), A::aead_with_at_least_this_length_tag(A::CCM, 8), K::AES,
            Some(A::aead_with_shortened_tag(A::CCM, 12))),
        (A::aead_with_at_least_this_length_tag(A::CCM, 12), A::aead_with_shortened_tag(A::CCM, 8), K::AES, None),
        (A::aead_with_at_least_this_length_tag(A::CCM, 8), A::GCM, K::AES, None),
        (A::at_least_this_length_mac(hmac, 10), A::at_least_this_length_mac(hmac, 20), K::HMAC,
            Some(A::at_least_this_length_mac(hmac, 20))),
        (A::at_least_this_length_mac(hmac, 10), A::truncated_mac(hmac, 20), K::HMAC, Some(A::truncated_mac(hmac, 20))),
        (A::truncated_mac(hmac, 20), A::at_least_this_length_mac(hmac, 10), K::HMAC, Some(A::truncated_mac(hmac, 20))),
        (A::at_least_this_length_mac(hmac, 20), A::truncated_mac(hmac, 10), K::HMAC, None),
        (A::at_least_this_length_mac(hmac, 20), hmac, K::HMAC, Some(hmac)),
        (hmac, A::truncated_mac(hmac, 32), K::HMAC, Some(A::truncated_mac(hmac, 32))),
        (A::truncated_mac(hmac, 32), hmac, K::HMAC, Some(A::truncated_mac(hmac, 32))),
        (hmac, A::truncated_mac(hmac, 16), K::HMAC, None),
        (A::CMAC, A::truncated_mac(A::CMAC, 16), K::AES, Some(A::truncated_mac(A::CMAC, 16))),
        (A::CMAC, A::truncated_mac(A::CMAC, 16), K::HMAC, None),
    ];
    for (a, b, t, expected) in table {
        assert_eq!(
            policy::intersect_algorithms(*a, *b, *t),
            *expected,
            "{a:?} ∩ {b:?}"
        );
    }
    let source = attrs(K::AES, Usage::COPY | Usage::ENCRYPT | Usage::EXPORT, A::CTR);
    let requested = attrs(K::AES, Usage::ENCRYPT | Usage::DECRYPT, A::CTR);
    assert_eq!(
        policy::intersect_policy(&source, &requested),
        Ok((Usage::ENCRYPT, A::CTR))
    );
    let bad = attrs(K::AES, Usage::ENCRYPT, A::CBC_PKCS7);
    assert_eq!(
        policy::intersect_policy(&source, &bad),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn mac_validation() {
    let hmac = A::hmac(H);
    assert_eq!(policy::validate_mac(K::HMAC, 256, hmac), Ok(32));
    assert_eq!(
        policy::validate_mac(K::HMAC, 256, A::truncated_mac(hmac, 4)),
        Ok(4)
    );
    assert_eq!(
        policy::validate_mac(K::HMAC, 256, A::truncated_mac(hmac, 3)),
        Err(Error::NotSupported)
    );
    assert_eq!(
        policy::validate_mac(K::HMAC, 256, A::truncated_mac(hmac, 33)),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::validate_mac(K::AES, 128, hmac),
        Err(Error::InvalidArgument)
    );
    assert_eq!(policy::validate_mac(K::AES, 128, A::CMAC), Ok(16));
    assert_eq!(policy::validate_mac(K::DES, 192, A::CBC_MAC), Ok(8));
    assert_eq!(
        policy::validate_mac(K::CHACHA20, 256, A::CMAC),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::validate_mac(K::AES, 128, A::CTR),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::validate_mac(K::HMAC, 256, A::hmac(A::from_raw(0x0200_0042))),
        Err(Error::NotSupported)
    );
}

#[test]
fn unstructured_key_sizes() {
    use policy::{validate_generate, validate_import, validate_key_bits_for_import as import};
    assert_eq!(import(K::AES, 16), Ok(128));
    assert_eq!(import(K::AES, 24), Ok(192));
    assert_eq!(import(K::AES, 32), Ok(256));
    assert_eq!(import(K::AES, 8), Err(Error::InvalidArgument));
    assert_eq!(import(K::ARIA, 24), Ok(192));
    assert_eq!(import(K::CAMELLIA, 33), Err(Error::InvalidArgument));
    assert_eq!(import(K::DES, 8), Ok(64));
    assert_eq!(import(K::DES, 16), Ok(128));
    assert_eq!(import(K::DES, 24), Ok(192));
    assert_eq!(import(K::DES, 32), Err(Error::InvalidArgument));
    assert_eq!(import(K::CHACHA20, 32), Ok(256));
    assert_eq!(import(K::CHACHA20, 16), Err(Error::InvalidArgument));
    assert_eq!(import(K::HMAC, 1), Ok(8));
    assert_eq!(import(K::PEPPER, 3), Ok(24));
    assert_eq!(import(K::RAW_DATA, 0), Err(Error::InvalidArgument));
    assert_eq!(import(K::RAW_DATA, 8191), Ok(65528));
    assert_eq!(import(K::RAW_DATA, 8192), Err(Error::NotSupported));
    assert_eq!(import(K::RAW_DATA, usize::MAX), Err(Error::NotSupported));
    assert_eq!(import(K::RSA_KEY_PAIR, 16), Err(Error::NotSupported));
    assert_eq!(validate_import(K::AES, 128, 16), Ok(128));
    assert_eq!(
        validate_import(K::AES, 256, 16),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        validate_import(K::RAW_DATA, 1, 0),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        validate_import(K::RAW_DATA, 0x1_0000, 1),
        Err(Error::NotSupported)
    );

    assert_eq!(validate_generate(K::RAW_DATA, 8), Ok(()));
    assert_eq!(
        validate_generate(K::RAW_DATA, 0),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        validate_generate(K::RAW_DATA, 7),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        validate_generate(K::RAW_DATA, 9),
        Err(Error::InvalidArgument)
    );
    assert_eq!(validate_generate(K::RAW_DATA, 65528), Ok(()));
    assert_eq!(
        validate_generate(K::RAW_DATA, 65536),
        Err(Error::NotSupported)
    );
    assert_eq!(validate_generate(K::AES, 64), Err(Error::InvalidArgument));
    assert_eq!(validate_generate(K::AES, 256), Ok(()));
    assert_eq!(validate_generate(K::DES, 192), Ok(()));
    assert_eq!(
        validate_generate(K::RSA_PUBLIC_KEY, 1024),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        validate_generate(K::RSA_KEY_PAIR, 1024),
        Err(Error::NotSupported)
    );
}
