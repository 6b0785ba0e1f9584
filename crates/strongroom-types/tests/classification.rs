//! Classification methods and accessors, including their negatives.

use strongroom_types::{Algorithm as A, DhFamily, EccFamily, KeyId, KeyType as K, Lifetime, sizes};

#[test]
fn algorithm_categories() {
    let cases: &[(A, &str)] = &[
        (A::SHA_256, "hash"),
        (A::hmac(A::SHA_256), "mac"),
        (A::CMAC, "mac"),
        (A::CTR, "cipher"),
        (A::GCM, "aead"),
        (A::ecdsa(A::SHA_256), "sign"),
        (A::RSA_PKCS1V15_CRYPT, "asym"),
        (A::hkdf(A::SHA_256), "kdf"),
        (A::ECDH, "ka"),
        (A::jpake(A::SHA_256), "pake"),
    ];
    for (a, cat) in cases {
        let got = [
            (a.is_hash(), "hash"),
            (a.is_mac(), "mac"),
            (a.is_cipher(), "cipher"),
            (a.is_aead(), "aead"),
            (a.is_sign(), "sign"),
            (a.is_asymmetric_encryption(), "asym"),
            (a.is_key_derivation(), "kdf"),
            (a.is_key_agreement(), "ka"),
            (a.is_pake(), "pake"),
        ];
        for (is, name) in got {
            assert_eq!(is, name == *cat, "{a:?} {name}");
        }
        assert!(!a.is_vendor_defined());
    }
    // The vendor flag is outside the category mask: a vendor hash is still a hash, but
    // its sub-type is the vendor's, so no size is known for it.
    let vendor_hash = A::from_raw(0x8200_0009);
    assert!(vendor_hash.is_vendor_defined() && vendor_hash.is_hash());
    assert_eq!(vendor_hash.hash_length(), None);
    assert_eq!(vendor_hash.hash_block_size(), None);
}

#[test]
fn signature_classification() {
    let raw = A::RSA_PKCS1V15_SIGN_RAW;
    assert!(raw.is_rsa_pkcs1v15_sign() && raw.is_sign_hash());
    assert!(!raw.is_hash_and_sign() && !raw.is_sign_message());
    assert_eq!(raw.sign_get_hash(), None);
    let any = A::ECDSA_ANY;
    assert!(any.is_ecdsa() && any.is_randomized_ecdsa() && any.is_sign_hash());
    assert!(!any.is_hash_and_sign() && !any.is_deterministic_ecdsa());
    let det = A::deterministic_ecdsa(A::SHA_384);
    assert!(det.is_ecdsa() && det.is_deterministic_ecdsa() && !det.is_randomized_ecdsa());
    assert!(det.is_hash_and_sign() && det.is_sign_message());
    assert_eq!(det.sign_get_hash(), Some(A::SHA_384));
    let pss = A::rsa_pss(A::SHA_256);
    assert!(pss.is_rsa_pss() && pss.is_rsa_pss_standard_salt() && !pss.is_rsa_pss_any_salt());
    let pss_any = A::rsa_pss_any_salt(A::SHA_256);
    assert!(pss_any.is_rsa_pss() && pss_any.is_rsa_pss_any_salt());
    assert!(!pss_any.is_rsa_pss_standard_salt());
    assert!(A::PURE_EDDSA.is_sign_message() && !A::PURE_EDDSA.is_sign_hash());
    assert!(A::ED25519PH.is_hash_eddsa() && A::ED25519PH.is_hash_and_sign());
    assert_eq!(A::ED25519PH.sign_get_hash(), Some(A::SHA_512));
    assert_eq!(A::ED448PH.sign_get_hash(), Some(A::SHAKE256_512));
    assert!(!A::hmac(A::SHA_256).is_sign_hash());
    assert_eq!(A::hmac(A::SHA_256).sign_get_hash(), None);
}

#[test]
fn wildcards() {
    assert!(A::ANY_HASH.is_wildcard());
    assert!(A::ecdsa(A::ANY_HASH).is_wildcard() && A::ecdsa(A::ANY_HASH).is_any_hash_wildcard());
    assert!(A::rsa_pkcs1v15_sign(A::ANY_HASH).is_wildcard());
    assert!(A::at_least_this_length_mac(A::CMAC, 8).is_wildcard());
    assert!(A::aead_with_at_least_this_length_tag(A::CCM, 8).is_wildcard());
    for specific in [
        A::NONE,
        A::SHA_256,
        A::ecdsa(A::SHA_256),
        A::RSA_PKCS1V15_SIGN_RAW,
        A::truncated_mac(A::CMAC, 8),
        A::aead_with_shortened_tag(A::CCM, 8),
        A::hmac(A::ANY_HASH), // Not a wildcard: HMAC has no ANY_HASH form.
        A::ECDH,
    ] {
        assert!(!specific.is_wildcard(), "{specific:?}");
    }
}

#[test]
fn mac_cipher_aead_classification() {
    let hmac = A::hmac(A::SHA_256);
    assert!(hmac.is_hmac() && !hmac.is_block_cipher_mac());
    assert!(A::truncated_mac(hmac, 10).is_hmac());
    assert!(A::at_least_this_length_mac(hmac, 10).is_hmac());
    assert!(A::at_least_this_length_mac(hmac, 10).is_at_least_this_length_mac());
    assert_eq!(A::truncated_mac(hmac, 10).hmac_get_hash(), Some(A::SHA_256));
    assert_eq!(A::truncated_mac(hmac, 10).mac_truncated_length(), 10);
    assert_eq!(hmac.mac_truncated_length(), 0);
    assert!(A::CMAC.is_block_cipher_mac() && A::CBC_MAC.is_block_cipher_mac());
    assert!(!A::CMAC.is_hmac());
    assert_eq!(A::CMAC.hmac_get_hash(), None);
    for s in [A::STREAM_CIPHER, A::CTR, A::CFB, A::OFB, A::CCM_STAR_NO_TAG] {
        assert!(s.is_stream_cipher(), "{s:?}");
    }
    for s in [A::ECB_NO_PADDING, A::CBC_NO_PADDING, A::CBC_PKCS7, A::XTS] {
        assert!(!s.is_stream_cipher() && s.is_cipher(), "{s:?}");
    }
    assert!(A::CCM.is_aead_on_block_cipher() && A::GCM.is_aead_on_block_cipher());
    assert!(!A::CHACHA20_POLY1305.is_aead_on_block_cipher());
    assert_eq!(A::CCM.aead_tag_length_field(), 16);
    assert_eq!(
        A::aead_with_shortened_tag(A::CCM, 4).aead_tag_length_field(),
        4
    );
    assert_eq!(
        A::aead_with_shortened_tag(A::CCM, 4).aead_base(),
        A::aead_with_shortened_tag(A::CCM, 0)
    );
}

#[test]
fn kdf_and_key_agreement_classification() {
    let h = A::SHA_256;
    let kdfs = [
        (A::hkdf(h), "hkdf"),
        (A::hkdf_extract(h), "extract"),
        (A::hkdf_expand(h), "expand"),
        (A::tls12_prf(h), "prf"),
        (A::tls12_psk_to_ms(h), "psk"),
        (A::pbkdf2_hmac(h), "pbkdf2"),
        (A::sp800_108_counter_hmac(h), "sp800"),
    ];
    for (a, name) in kdfs {
        let flags = [
            (a.is_hkdf(), "hkdf"),
            (a.is_hkdf_extract(), "extract"),
            (a.is_hkdf_expand(), "expand"),
            (a.is_tls12_prf(), "prf"),
            (a.is_tls12_psk_to_ms(), "psk"),
            (a.is_pbkdf2_hmac(), "pbkdf2"),
            (a.is_sp800_108_counter_hmac(), "sp800"),
        ];
        for (is, n) in flags {
            assert_eq!(is, n == name, "{a:?} {n}");
        }
        assert_eq!(a.hash(), Some(h));
        assert_eq!(a.is_key_derivation_stretching(), name == "pbkdf2");
    }
    assert!(A::PBKDF2_AES_CMAC_PRF_128.is_key_derivation_stretching());
    let combined = A::key_agreement(A::ECDH, A::hkdf(h));
    assert!(combined.is_key_agreement() && combined.is_ecdh() && !combined.is_ffdh());
    assert!(!combined.is_raw_key_agreement());
    assert_eq!(combined.key_agreement_get_base(), A::ECDH);
    assert_eq!(combined.key_agreement_get_kdf(), A::hkdf(h));
    assert!(A::ECDH.is_raw_key_agreement() && A::FFDH.is_standalone_key_agreement());
    assert_eq!(A::ECDH.key_agreement_get_kdf().raw(), 0x0800_0000);
    // A stretching KDF survives the round trip through a key agreement.
    let stretch = A::key_agreement(A::FFDH, A::pbkdf2_hmac(h));
    assert_eq!(stretch.key_agreement_get_kdf(), A::pbkdf2_hmac(h));
    assert_eq!(stretch.key_agreement_get_base(), A::FFDH);
    assert!(A::jpake(h).is_jpake() && A::JPAKE_BASE.is_jpake());
}

#[test]
fn hash_sizes() {
    let table: &[(A, usize, usize)] = &[
        (A::MD5, 16, 64),
        (A::RIPEMD160, 20, 64),
        (A::SHA_1, 20, 64),
        (A::SHA_224, 28, 64),
        (A::SHA_256, 32, 64),
        (A::SHA_384, 48, 128),
        (A::SHA_512, 64, 128),
        (A::SHA_512_224, 28, 128),
        (A::SHA_512_256, 32, 128),
        (A::SHA3_224, 28, 144),
        (A::SHA3_256, 32, 136),
        (A::SHA3_384, 48, 104),
        (A::SHA3_512, 64, 72),
        (A::SM3, 32, 64),
        (A::SHAKE256_512, 64, 136),
    ];
    for (a, len, block) in table {
        assert_eq!(a.hash_length(), Some(*len), "{a:?}");
        assert_eq!(a.hash_block_size(), Some(*block), "{a:?}");
        assert_eq!(A::hmac(*a).hash_length(), Some(*len), "{a:?}");
        assert!(*len <= sizes::HASH_MAX_SIZE && *block <= sizes::HASH_BLOCK_MAX_SIZE);
    }
    assert_eq!(A::ANY_HASH.hash_length(), None);
    assert_eq!(A::CMAC.hash_length(), None);
    assert_eq!(A::ecdsa(A::SHA_256).hash_length(), None);
}

#[test]
fn key_type_classification() {
    for t in [
        K::RAW_DATA,
        K::HMAC,
        K::DERIVE,
        K::PASSWORD,
        K::PASSWORD_HASH,
        K::PEPPER,
    ] {
        assert!(t.is_unstructured() && t.is_raw() && !t.is_symmetric() && !t.is_asymmetric());
        assert_eq!(t.block_size(), None);
    }
    for (t, block) in [
        (K::AES, 16),
        (K::ARIA, 16),
        (K::CAMELLIA, 16),
        (K::SM4, 16),
        (K::DES, 8),
        (K::CHACHA20, 1),
        (K::XCHACHA20, 1),
        (K::ARC4, 1),
    ] {
        assert!(
            t.is_unstructured() && t.is_symmetric() && !t.is_raw(),
            "{t:?}"
        );
        assert_eq!(t.block_size(), Some(block), "{t:?}");
        assert_eq!(sizes::block_cipher_block_length(t), Some(block));
    }
    let pair = K::RSA_KEY_PAIR;
    let public = K::RSA_PUBLIC_KEY;
    assert!(pair.is_rsa() && pair.is_key_pair() && pair.is_asymmetric() && !pair.is_public_key());
    assert!(public.is_rsa() && public.is_public_key() && !public.is_key_pair());
    assert_eq!(pair.public_key_of_pair(), public);
    assert_eq!(public.key_pair_of_public(), pair);
    assert!(!pair.is_ecc() && !pair.is_dh() && !pair.is_unstructured());
    let ecc = K::ecc_key_pair(EccFamily::SECP_R1);
    assert!(ecc.is_ecc() && ecc.is_ecc_key_pair() && !ecc.is_ecc_public_key() && !ecc.is_dh());
    assert!(ecc.public_key_of_pair().is_ecc_public_key());
    assert_eq!(K::AES.ecc_family(), None);
    let dh = K::dh_public_key(DhFamily::RFC7919);
    assert!(dh.is_dh() && dh.is_dh_public_key() && !dh.is_dh_key_pair() && !dh.is_ecc());
    assert_eq!(ecc.dh_family(), None);
    assert!(!K::NONE.is_unstructured() && !K::NONE.is_asymmetric());
    assert!(K::from_raw(0x8400).is_vendor_defined() && !K::AES.is_vendor_defined());
    // WPA3-SAE tokens (0x3280 | f, spec 1.5) are not ECC keys.
    assert!(!K::from_raw(0x3292).is_ecc());
}

#[test]
fn lifetime_and_key_id() {
    let l = Lifetime::from_persistence_and_location(Lifetime::PERSISTENCE_READ_ONLY, 0x12_3456);
    assert!(l.is_read_only() && !l.is_volatile() && !l.is_local());
    assert_eq!(l.persistence(), 0xff);
    assert_eq!(l.location(), 0x12_3456);
    assert!(Lifetime::VOLATILE.is_volatile() && Lifetime::VOLATILE.is_local());
    assert!(!Lifetime::PERSISTENT.is_volatile() && !Lifetime::PERSISTENT.is_read_only());
    assert!(Lifetime::from_persistence_and_location(0, 7).is_volatile());

    assert!(KeyId::NULL.is_null() && !KeyId::NULL.is_user() && !KeyId::NULL.is_vendor());
    assert!(KeyId::USER_MIN.is_user() && KeyId::USER_MAX.is_user());
    assert!(KeyId::VENDOR_MIN.is_vendor() && KeyId::VENDOR_MAX.is_vendor());
    assert!(!KeyId::USER_MAX.is_vendor() && !KeyId::VENDOR_MIN.is_user());
    assert!(!KeyId::from_raw(0x8000_0000).is_valid());
    assert_eq!(KeyId::user(42), Some(KeyId::from_raw(42)));
    assert_eq!(KeyId::user(0), None);
    assert_eq!(KeyId::user(0x4000_0000), None);
    assert_eq!(KeyId::vendor(0x4000_0000), Some(KeyId::VENDOR_MIN));
    assert_eq!(KeyId::vendor(0x8000_0000), None);
    assert_eq!(KeyId::from_raw(0x2a).to_string(), "0x0000002a");
}
