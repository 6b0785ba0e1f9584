//! `KeyAttributes` setter semantics and size macros.

use strongroom_types::{
    Algorithm as A, EccFamily, KeyAttributes, KeyId, KeyType as K, Lifetime, Usage, sizes,
};

#[test]
fn init_is_all_zero() {
    let a = KeyAttributes::default();
    assert_eq!(a.id(), KeyId::NULL);
    assert_eq!(a.lifetime(), Lifetime::VOLATILE);
    assert_eq!(a.key_type(), K::NONE);
    assert_eq!(a.bits(), 0);
    assert_eq!(a.usage(), Usage::empty());
    assert_eq!(a.algorithm(), A::NONE);
    assert_eq!(KeyAttributes::new(K::NONE, 0), a);
}

#[test]
fn set_id_makes_persistent_and_volatile_clears_id() {
    let mut a = KeyAttributes::default();
    a.set_id(KeyId::from_raw(0x1234));
    assert_eq!(a.lifetime(), Lifetime::PERSISTENT);
    a.set_lifetime(Lifetime::VOLATILE);
    assert_eq!(a.id(), KeyId::NULL);
    assert_eq!(a.lifetime(), Lifetime::VOLATILE);

    // A non-volatile lifetime survives set_id.
    let three = Lifetime::from_raw(3);
    let mut b = KeyAttributes::default();
    b.set_lifetime(three);
    b.set_id(KeyId::from_raw(7));
    assert_eq!((b.id(), b.lifetime()), (KeyId::from_raw(7), three));

    // A volatile lifetime in another location becomes persistent there.
    let mut c = KeyAttributes::default();
    c.set_lifetime(Lifetime::from_persistence_and_location(0, 3));
    c.set_id(KeyId::from_raw(7));
    assert_eq!(c.lifetime(), Lifetime::from_persistence_and_location(1, 3));

    // Builder form, same rules.
    let d = KeyAttributes::new(K::AES, 128).with_id(KeyId::from_raw(9));
    assert_eq!(d.lifetime(), Lifetime::PERSISTENT);
    let e = d.with_lifetime(Lifetime::VOLATILE);
    assert_eq!(e.id(), KeyId::NULL);
}

#[test]
fn setters_getters_reset() {
    let mut a = KeyAttributes::new(K::AES, 128)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(A::CCM)
        .with_id(KeyId::from_raw(0x6963))
        .with_lifetime(Lifetime::PERSISTENT);
    assert_eq!(a.key_type(), K::AES);
    assert_eq!(a.bits(), 128);
    assert_eq!(a.usage(), Usage::ENCRYPT | Usage::DECRYPT);
    assert_eq!(a.algorithm(), A::CCM);
    assert_eq!(a.id(), KeyId::from_raw(0x6963));
    a.set_key_type(K::HMAC);
    a.set_bits(KeyAttributes::MAX_KEY_BITS + 1);
    a.set_usage(Usage::SIGN_HASH);
    a.set_algorithm(A::hmac(A::SHA_256));
    assert_eq!(a.key_type(), K::HMAC);
    assert_eq!(a.bits(), 0xfff9);
    assert_eq!(a.usage(), Usage::SIGN_HASH, "usage is stored as given");
    a.reset();
    assert_eq!(a, KeyAttributes::default());
}

#[test]
fn size_macros() {
    let h = A::hmac(A::SHA_256);
    assert_eq!(sizes::mac_length(K::HMAC, 256, h), Some(32));
    assert_eq!(
        sizes::mac_length(K::HMAC, 256, A::truncated_mac(h, 10)),
        Some(10)
    );
    assert_eq!(
        sizes::mac_length(K::HMAC, 256, A::at_least_this_length_mac(h, 10)),
        Some(10)
    );
    assert_eq!(sizes::mac_length(K::AES, 128, A::CMAC), Some(16));
    assert_eq!(sizes::mac_length(K::DES, 192, A::CBC_MAC), Some(8));
    assert_eq!(sizes::mac_length(K::HMAC, 0, A::CMAC), None);
    assert_eq!(sizes::mac_length(K::HMAC, 0, A::SHA_256), None);
    assert_eq!(sizes::aead_tag_length(K::AES, 128, A::GCM), Some(16));
    assert_eq!(
        sizes::aead_tag_length(K::AES, 128, A::aead_with_shortened_tag(A::CCM, 8)),
        Some(8)
    );
    assert_eq!(
        sizes::aead_tag_length(K::CHACHA20, 256, A::CHACHA20_POLY1305),
        Some(16)
    );
    assert_eq!(sizes::aead_tag_length(K::DES, 192, A::GCM), None);
    assert_eq!(
        sizes::aead_tag_length(K::AES, 128, A::CHACHA20_POLY1305),
        None
    );
    assert_eq!(sizes::aead_nonce_length(K::AES, A::CCM), Some(13));
    assert_eq!(sizes::aead_nonce_length(K::AES, A::GCM), Some(12));
    assert_eq!(
        sizes::aead_nonce_length(K::XCHACHA20, A::XCHACHA20_POLY1305),
        Some(24)
    );
    assert_eq!(sizes::cipher_iv_length(K::AES, A::CBC_PKCS7), Some(16));
    assert_eq!(sizes::cipher_iv_length(K::DES, A::CTR), Some(8));
    assert_eq!(sizes::cipher_iv_length(K::AES, A::ECB_NO_PADDING), Some(0));
    assert_eq!(
        sizes::cipher_iv_length(K::AES, A::CCM_STAR_NO_TAG),
        Some(13)
    );
    assert_eq!(
        sizes::cipher_iv_length(K::CHACHA20, A::STREAM_CIPHER),
        Some(12)
    );
    assert_eq!(sizes::cipher_iv_length(K::CHACHA20, A::CTR), None);
    assert_eq!(sizes::cipher_iv_length(K::HMAC, A::CTR), None);
    assert_eq!(sizes::export_key_output_size(K::AES, 256), Some(32));
    assert_eq!(sizes::export_key_output_size(K::RAW_DATA, 9), Some(2));
    let p256 = K::ecc_key_pair(EccFamily::SECP_R1);
    assert_eq!(sizes::export_key_output_size(p256, 256), Some(32));
    assert_eq!(sizes::export_public_key_output_size(p256, 256), Some(65));
    assert_eq!(sizes::export_key_output_size(K::NONE, 8), None);
    assert_eq!(
        sizes::sign_output_size(p256, 256, A::ecdsa(A::SHA_256)),
        Some(64)
    );
    assert_eq!(
        sizes::sign_output_size(K::RSA_KEY_PAIR, 2048, A::rsa_pss(A::SHA_256)),
        Some(256)
    );
    assert_eq!(
        sizes::sign_output_size(K::AES, 128, A::rsa_pss(A::SHA_256)),
        None
    );
    assert_eq!(sizes::raw_key_agreement_output_size(p256, 256), Some(32));
}

#[test]
fn assigned_id_keeps_volatile_lifetime() {
    let a = KeyAttributes::new(K::AES, 128).with_assigned_id(KeyId::VENDOR_MIN);
    assert_eq!(a.id(), KeyId::VENDOR_MIN);
    assert_eq!(a.lifetime(), Lifetime::VOLATILE);
}
