//! Every constant and constructor against the value the spec gives (literals copied from
//! the spec's encoding tables, not computed), plus lossless integer round trips.

use strongroom_types::{
    Algorithm as A, DhFamily, EccFamily, KeyAttributes, KeyId, KeyType as K, Lifetime, Usage,
};

#[test]
fn algorithm_constants() {
    let table: &[(A, u32)] = &[
        (A::NONE, 0x0000_0000),
        (A::MD2, 0x0200_0001),
        (A::MD4, 0x0200_0002),
        (A::MD5, 0x0200_0003),
        (A::RIPEMD160, 0x0200_0004),
        (A::SHA_1, 0x0200_0005),
        (A::SHA_224, 0x0200_0008),
        (A::SHA_256, 0x0200_0009),
        (A::SHA_384, 0x0200_000a),
        (A::SHA_512, 0x0200_000b),
        (A::SHA_512_224, 0x0200_000c),
        (A::SHA_512_256, 0x0200_000d),
        (A::SHA3_224, 0x0200_0010),
        (A::SHA3_256, 0x0200_0011),
        (A::SHA3_384, 0x0200_0012),
        (A::SHA3_512, 0x0200_0013),
        (A::SM3, 0x0200_0014),
        (A::SHAKE256_512, 0x0200_0015),
        (A::ANY_HASH, 0x0200_00ff),
        (A::CBC_MAC, 0x03c0_0100),
        (A::CMAC, 0x03c0_0200),
        (A::STREAM_CIPHER, 0x0480_0100),
        (A::CTR, 0x04c0_1000),
        (A::CFB, 0x04c0_1100),
        (A::OFB, 0x04c0_1200),
        (A::CCM_STAR_NO_TAG, 0x04c0_1300),
        (A::XTS, 0x0440_ff00),
        (A::CBC_NO_PADDING, 0x0440_4000),
        (A::CBC_PKCS7, 0x0440_4100),
        (A::ECB_NO_PADDING, 0x0440_4400),
        (A::CCM, 0x0550_0100),
        (A::GCM, 0x0550_0200),
        (A::CHACHA20_POLY1305, 0x0510_0500),
        (A::XCHACHA20_POLY1305, 0x0510_0600),
        (A::RSA_PKCS1V15_SIGN_RAW, 0x0600_0200),
        (A::ECDSA_ANY, 0x0600_0600),
        (A::PURE_EDDSA, 0x0600_0800),
        (A::ED25519PH, 0x0600_090b),
        (A::ED448PH, 0x0600_0915),
        (A::RSA_PKCS1V15_CRYPT, 0x0700_0200),
        (A::TLS12_ECJPAKE_TO_PMS, 0x0800_0609),
        (A::SP800_108_COUNTER_CMAC, 0x0800_0800),
        (A::PBKDF2_AES_CMAC_PRF_128, 0x0880_0200),
        (A::FFDH, 0x0901_0000),
        (A::ECDH, 0x0902_0000),
        (A::JPAKE_BASE, 0x0a00_0100),
    ];
    for (alg, raw) in table {
        assert_eq!(alg.raw(), *raw, "{alg:?}");
        assert_eq!(A::from_raw(*raw), *alg);
    }
}

#[test]
fn algorithm_constructors() {
    let h = A::SHA_256;
    let table: &[(A, u32)] = &[
        (A::hmac(h), 0x0380_0009),
        (A::rsa_pkcs1v15_sign(h), 0x0600_0209),
        (A::rsa_pss(h), 0x0600_0309),
        (A::rsa_pss_any_salt(h), 0x0600_1309),
        (A::ecdsa(h), 0x0600_0609),
        (A::deterministic_ecdsa(h), 0x0600_0709),
        (A::rsa_oaep(h), 0x0700_0309),
        (A::hkdf(h), 0x0800_0109),
        (A::tls12_prf(h), 0x0800_0209),
        (A::tls12_psk_to_ms(h), 0x0800_0309),
        (A::hkdf_extract(h), 0x0800_0409),
        (A::hkdf_expand(h), 0x0800_0509),
        (A::sp800_108_counter_hmac(h), 0x0800_0709),
        (A::pbkdf2_hmac(h), 0x0880_0109),
        (A::jpake(h), 0x0a00_0109),
        (A::key_agreement(A::ECDH, A::hkdf(h)), 0x0902_0109),
        (
            A::key_agreement(A::FFDH, A::tls12_prf(A::SHA_384)),
            0x0901_020a,
        ),
        (A::truncated_mac(A::hmac(h), 16), 0x0390_0009),
        (
            A::full_length_mac(A::truncated_mac(A::hmac(h), 16)),
            0x0380_0009,
        ),
        (A::at_least_this_length_mac(A::CMAC, 8), 0x03c8_8200),
        (
            A::full_length_mac(A::at_least_this_length_mac(A::CMAC, 8)),
            0x03c0_0200,
        ),
        (A::aead_with_shortened_tag(A::CCM, 8), 0x0548_0100),
        (
            A::aead_with_at_least_this_length_tag(A::GCM, 12),
            0x054c_8200,
        ),
        (
            A::aead_with_default_length_tag(A::aead_with_shortened_tag(A::CCM, 8)),
            0x0550_0100,
        ),
        (
            A::aead_with_default_length_tag(A::aead_with_at_least_this_length_tag(A::GCM, 4)),
            0x0550_0200,
        ),
        (
            A::aead_with_default_length_tag(A::aead_with_shortened_tag(A::CHACHA20_POLY1305, 12)),
            0x0510_0500,
        ),
        (A::aead_with_default_length_tag(A::from_raw(0x0512_3400)), 0),
        // The hash argument is masked to its 8-bit field, as the C macros do.
        (A::hmac(A::from_raw(0xffff_ff09)), 0x0380_0009),
        (A::truncated_mac(A::hmac(h), 0x41), 0x0381_0009),
        (A::ecdsa(A::ANY_HASH), 0x0600_06ff),
    ];
    for (alg, raw) in table {
        assert_eq!(alg.raw(), *raw, "{alg:?}");
    }
}

#[test]
fn key_type_constants() {
    let table: &[(K, u16)] = &[
        (K::NONE, 0x0000),
        (K::RAW_DATA, 0x1001),
        (K::HMAC, 0x1100),
        (K::DERIVE, 0x1200),
        (K::PASSWORD, 0x1203),
        (K::PASSWORD_HASH, 0x1205),
        (K::PEPPER, 0x1206),
        (K::ARC4, 0x2002),
        (K::CHACHA20, 0x2004),
        (K::XCHACHA20, 0x2007),
        (K::DES, 0x2301),
        (K::AES, 0x2400),
        (K::CAMELLIA, 0x2403),
        (K::SM4, 0x2405),
        (K::ARIA, 0x2406),
        (K::RSA_PUBLIC_KEY, 0x4001),
        (K::RSA_KEY_PAIR, 0x7001),
        (K::ecc_key_pair(EccFamily::SECP_R1), 0x7112),
        (K::ecc_public_key(EccFamily::SECP_R1), 0x4112),
        (K::ecc_key_pair(EccFamily::MONTGOMERY), 0x7141),
        (K::ecc_key_pair(EccFamily::TWISTED_EDWARDS), 0x7142),
        (K::dh_key_pair(DhFamily::RFC7919), 0x7203),
        (K::dh_public_key(DhFamily::RFC7919), 0x4203),
    ];
    for (t, raw) in table {
        assert_eq!(t.raw(), *raw, "{t:?}");
        assert_eq!(K::from_raw(*raw), *t);
        assert!(t.is_valid_parity(), "{t:?}");
    }
    assert!(!K::from_raw(0x2401).is_valid_parity());
}

#[test]
fn families() {
    let ecc: &[(EccFamily, u8)] = &[
        (EccFamily::SECP_K1, 0x17),
        (EccFamily::SECP_R1, 0x12),
        (EccFamily::SECP_R2, 0x1b),
        (EccFamily::SECT_K1, 0x27),
        (EccFamily::SECT_R1, 0x22),
        (EccFamily::SECT_R2, 0x2b),
        (EccFamily::BRAINPOOL_P_R1, 0x30),
        (EccFamily::FRP, 0x33),
        (EccFamily::MONTGOMERY, 0x41),
        (EccFamily::TWISTED_EDWARDS, 0x42),
    ];
    for (f, raw) in ecc {
        assert_eq!(f.raw(), *raw);
        assert_eq!(EccFamily::from_raw(*raw), *f);
        assert_eq!(K::ecc_key_pair(*f).ecc_family(), Some(*f));
        assert_eq!(K::ecc_public_key(*f).ecc_family(), Some(*f));
    }
    assert_eq!(DhFamily::RFC7919.raw(), 0x03);
    assert_eq!(DhFamily::RFC3526.raw(), 0x05);
    assert_eq!(
        K::dh_key_pair(DhFamily::RFC7919).dh_family(),
        Some(DhFamily::RFC7919)
    );
}

#[test]
fn usage_lifetime_key_id_constants() {
    let usage: &[(Usage, u32)] = &[
        (Usage::EXPORT, 0x0001),
        (Usage::COPY, 0x0002),
        (Usage::CACHE, 0x0004),
        (Usage::ENCRYPT, 0x0100),
        (Usage::DECRYPT, 0x0200),
        (Usage::SIGN_MESSAGE, 0x0400),
        (Usage::VERIFY_MESSAGE, 0x0800),
        (Usage::SIGN_HASH, 0x1000),
        (Usage::VERIFY_HASH, 0x2000),
        (Usage::DERIVE, 0x4000),
        (Usage::VERIFY_DERIVATION, 0x8000),
    ];
    for (u, raw) in usage {
        assert_eq!(u.raw(), *raw);
    }
    assert_eq!(Lifetime::VOLATILE.raw(), 0);
    assert_eq!(Lifetime::PERSISTENT.raw(), 1);
    assert_eq!(Lifetime::PERSISTENCE_VOLATILE, 0x00);
    assert_eq!(Lifetime::PERSISTENCE_DEFAULT, 0x01);
    assert_eq!(Lifetime::PERSISTENCE_READ_ONLY, 0xff);
    assert_eq!(Lifetime::LOCATION_LOCAL_STORAGE, 0);
    assert_eq!(Lifetime::LOCATION_PRIMARY_SECURE_ELEMENT, 1);
    assert_eq!(
        Lifetime::from_persistence_and_location(0xff, 0x12_3456).raw(),
        0x1234_56ff
    );
    assert_eq!(KeyId::NULL.raw(), 0);
    assert_eq!(KeyId::USER_MIN.raw(), 0x0000_0001);
    assert_eq!(KeyId::USER_MAX.raw(), 0x3fff_ffff);
    assert_eq!(KeyId::VENDOR_MIN.raw(), 0x4000_0000);
    assert_eq!(KeyId::VENDOR_MAX.raw(), 0x7fff_ffff);
    assert_eq!(KeyAttributes::MAX_KEY_BITS, 0xfff8);
}

#[test]
fn integer_round_trips() {
    let mut x: u32 = 0x1234_5678;
    let mut samples = vec![0, 1, u32::MAX, 0x8000_0000, 0x7fff_ffff];
    for _ in 0..2000 {
        // xorshift: cheap, deterministic coverage of all bit positions.
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        samples.push(x);
    }
    for v in samples {
        assert_eq!(A::from_raw(v).raw(), v);
        assert_eq!(u32::from(A::from(v)), v);
        assert_eq!(Usage::from_raw(v).raw(), v);
        assert_eq!(u32::from(Usage::from(v)), v);
        assert_eq!(Lifetime::from_raw(v).raw(), v);
        assert_eq!(u32::from(Lifetime::from(v)), v);
        let l = Lifetime::from_raw(v);
        assert_eq!(
            Lifetime::from_persistence_and_location(l.persistence(), l.location()),
            l
        );
        assert_eq!(KeyId::from_raw(v).raw(), v);
        assert_eq!(u32::from(KeyId::from(v)), v);
        let t = v as u16;
        assert_eq!(K::from_raw(t).raw(), t);
        assert_eq!(u16::from(K::from(t)), t);
    }
}
