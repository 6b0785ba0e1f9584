//! `Debug` output: pinned spec-like names, and no panic for any value.

use std::fmt::Write as _;

use strongroom_types::{
    Algorithm as A, DhFamily, EccFamily, Error, KeyAttributes, KeyId, KeyType as K, Lifetime, Usage,
};

#[test]
fn pinned_algorithm_names() {
    let h = A::SHA_256;
    let table: &[(A, &str)] = &[
        (A::NONE, "NONE"),
        (h, "SHA_256"),
        (A::hmac(h), "HMAC(SHA_256)"),
        (
            A::truncated_mac(A::hmac(h), 16),
            "TRUNCATED_MAC(HMAC(SHA_256), 16)",
        ),
        (
            A::at_least_this_length_mac(A::CMAC, 8),
            "AT_LEAST_THIS_LENGTH_MAC(CMAC, 8)",
        ),
        (
            A::aead_with_shortened_tag(A::CCM, 8),
            "AEAD_WITH_SHORTENED_TAG(CCM, 8)",
        ),
        (
            A::aead_with_at_least_this_length_tag(A::GCM, 12),
            "AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(GCM, 12)",
        ),
        (A::ecdsa(A::ANY_HASH), "ECDSA(ANY_HASH)"),
        (
            A::deterministic_ecdsa(A::SHA3_512),
            "DETERMINISTIC_ECDSA(SHA3_512)",
        ),
        (A::rsa_pss_any_salt(h), "RSA_PSS_ANY_SALT(SHA_256)"),
        (
            A::key_agreement(A::ECDH, A::hkdf(h)),
            "KEY_AGREEMENT(ECDH, HKDF(SHA_256))",
        ),
        (A::ECDH, "ECDH"),
        (A::pbkdf2_hmac(A::SHA_1), "PBKDF2_HMAC(SHA_1)"),
        (A::RSA_PKCS1V15_SIGN_RAW, "RSA_PKCS1V15_SIGN_RAW"),
        (A::ED25519PH, "ED25519PH"),
        (A::from_raw(0x0200_0042), "Algorithm(0x02000042)"),
        (A::from_raw(0x8380_0009), "Algorithm(0x83800009)"),
    ];
    for (a, name) in table {
        assert_eq!(format!("{a:?}"), *name);
    }
}

#[test]
fn pinned_other_names() {
    assert_eq!(format!("{:?}", K::AES), "AES");
    assert_eq!(
        format!("{:?}", K::ecc_key_pair(EccFamily::SECP_R1)),
        "ECC_KEY_PAIR(SECP_R1)"
    );
    assert_eq!(
        format!("{:?}", K::dh_public_key(DhFamily::RFC7919)),
        "DH_PUBLIC_KEY(RFC7919)"
    );
    assert_eq!(format!("{:?}", K::from_raw(0x1234)), "KeyType(0x1234)");
    assert_eq!(
        format!("{:?}", EccFamily::from_raw(0x7f)),
        "EccFamily(0x7f)"
    );
    assert_eq!(
        format!("{:?}", Usage::EXPORT | Usage::SIGN_HASH),
        "EXPORT | SIGN_HASH"
    );
    assert_eq!(format!("{:?}", Usage::empty()), "(empty)");
    assert_eq!(
        format!("{:?}", Usage::from_raw(0x1_0001)),
        "EXPORT | 0x10000"
    );
    assert_eq!(format!("{:?}", Lifetime::PERSISTENT), "PERSISTENT");
    assert_eq!(format!("{:?}", KeyId::from_raw(5)), "KeyId(0x00000005)");
    assert_eq!(
        format!("{}", Error::NotPermitted),
        "PSA_ERROR_NOT_PERMITTED"
    );
    let attrs = KeyAttributes::new(K::AES, 128);
    assert!(format!("{attrs:?}").contains("AES"));
}

#[test]
fn debug_never_panics() {
    let mut out = String::new();
    let mut x: u32 = 0x9e37_79b9;
    for i in 0..=0xffffu32 {
        let _ = write!(out, "{:?}{:?}", K::from_raw(i as u16), Usage::from_raw(i));
        // Each category with every low-16-bit pattern, plus pseudo-random values.
        let cat = (i & 0xf) << 24;
        let _ = write!(
            out,
            "{:?}",
            A::from_raw(cat | (i << 4 & 0x00ff_fff0) | (i & 0xff))
        );
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let _ = write!(
            out,
            "{:?}{:?}{:?}",
            A::from_raw(x),
            Lifetime::from_raw(x),
            KeyId::from_raw(x)
        );
        out.clear();
    }
    for v in [0, u32::MAX, 0x8000_0000, 0x7fff_ffff] {
        let _ = write!(out, "{:?}{:?}", A::from_raw(v), Lifetime::from_raw(v));
    }
}
