//! AEAD rules: constructions, tag and nonce lengths, key types, length limits, and the
//! AEAD size macros.

use strongroom_types::policy::{
    self, AeadMode, GCM_MAX_AD_LENGTH, GCM_MAX_TEXT_LENGTH, ccm_text_length_ok,
};
use strongroom_types::{Algorithm as A, Error, KeyType as K, sizes};

fn short(alg: A, len: usize) -> A {
    A::aead_with_shortened_tag(alg, len)
}

#[test]
fn modes_of_algorithms() {
    assert_eq!(AeadMode::of(A::CCM), Some(AeadMode::Ccm));
    assert_eq!(AeadMode::of(short(A::GCM, 4)), Some(AeadMode::Gcm));
    assert_eq!(
        AeadMode::of(A::aead_with_at_least_this_length_tag(
            A::CHACHA20_POLY1305,
            16
        )),
        Some(AeadMode::ChaCha20Poly1305)
    );
    assert_eq!(
        AeadMode::of(A::XCHACHA20_POLY1305),
        Some(AeadMode::XChaCha20Poly1305)
    );
    assert_eq!(AeadMode::of(A::CTR), None);
    assert_eq!(
        AeadMode::of(A::from_raw(0x0510_0f00)),
        None,
        "undefined AEAD"
    );
}

#[test]
fn tag_lengths() {
    let ok = |m: AeadMode| (0..=20).filter(|&l| m.tag_length_ok(l)).collect::<Vec<_>>();
    assert_eq!(ok(AeadMode::Ccm), [4, 6, 8, 10, 12, 14, 16]);
    assert_eq!(ok(AeadMode::Gcm), [4, 8, 12, 13, 14, 15, 16]);
    assert_eq!(ok(AeadMode::ChaCha20Poly1305), [16]);
    assert_eq!(ok(AeadMode::XChaCha20Poly1305), [16]);
}

#[test]
fn validate_aead_statuses() {
    #[rustfmt::skip]
    let table: &[(K, A, Result<usize, Error>)] = &[
        (K::AES, A::GCM, Ok(16)),
        (K::ARIA, short(A::GCM, 4), Ok(4)),
        (K::CAMELLIA, short(A::CCM, 6), Ok(6)),
        (K::AES, short(A::CCM, 5), Err(Error::InvalidArgument)),
        (K::AES, short(A::GCM, 10), Err(Error::InvalidArgument)),
        (K::AES, short(A::GCM, 0), Err(Error::InvalidArgument)),
        (K::AES, short(A::CCM, 18), Err(Error::InvalidArgument)),
        (K::CHACHA20, A::CHACHA20_POLY1305, Ok(16)),
        (K::CHACHA20, short(A::CHACHA20_POLY1305, 12), Err(Error::InvalidArgument)),
        (K::XCHACHA20, A::XCHACHA20_POLY1305, Ok(16)),
        (K::CHACHA20, A::XCHACHA20_POLY1305, Err(Error::InvalidArgument)),
        (K::AES, A::CHACHA20_POLY1305, Err(Error::InvalidArgument)),
        (K::CHACHA20, A::GCM, Err(Error::InvalidArgument)),
        (K::HMAC, A::CCM, Err(Error::InvalidArgument)),
        (K::RAW_DATA, A::GCM, Err(Error::InvalidArgument)),
        (K::DES, A::CCM, Err(Error::NotSupported)),
        (K::AES, A::aead_with_at_least_this_length_tag(A::GCM, 12), Err(Error::InvalidArgument)),
        (K::AES, A::CTR, Err(Error::InvalidArgument)),
        (K::AES, A::from_raw(0x0510_0f00), Err(Error::NotSupported)),
    ];
    for &(kt, alg, want) in table {
        assert_eq!(policy::validate_aead(kt, 128, alg), want, "{kt:?} {alg:?}");
    }
}

#[test]
fn nonce_lengths() {
    let ok = |alg: A| {
        (0..=30)
            .filter(|&n| policy::check_aead_nonce_length(alg, n).is_ok())
            .collect::<Vec<_>>()
    };
    assert_eq!(ok(A::CCM), (7..=13).collect::<Vec<_>>());
    assert_eq!(ok(short(A::GCM, 8)), (1..=30).collect::<Vec<_>>());
    assert_eq!(ok(A::CHACHA20_POLY1305), [12]);
    assert_eq!(ok(A::XCHACHA20_POLY1305), [24]);
    assert_eq!(
        policy::check_aead_nonce_length(A::CHACHA20_POLY1305, 8),
        Err(Error::NotSupported)
    );
    assert_eq!(
        policy::check_aead_nonce_length(A::CHACHA20_POLY1305, 11),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::check_aead_nonce_length(A::GCM, 0),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::check_aead_nonce_length(A::CTR, 12),
        Err(Error::NotSupported)
    );
}

#[test]
fn length_limits() {
    assert_eq!(
        policy::check_aead_lengths(A::GCM, GCM_MAX_AD_LENGTH, GCM_MAX_TEXT_LENGTH),
        Ok(())
    );
    assert_eq!(
        policy::check_aead_lengths(A::GCM, GCM_MAX_AD_LENGTH + 1, 0),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::check_aead_lengths(A::GCM, 0, GCM_MAX_TEXT_LENGTH + 1),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        policy::check_aead_lengths(A::CCM, u64::MAX, u64::MAX),
        Ok(())
    );
    assert_eq!(
        policy::check_aead_lengths(A::CHACHA20_POLY1305, u64::MAX, u64::MAX),
        Ok(())
    );
    // L = 15 - nonce length bytes of text length.
    assert!(ccm_text_length_ok(13, 0xffff));
    assert!(!ccm_text_length_ok(13, 0x1_0000));
    assert!(ccm_text_length_ok(12, 0xff_ffff));
    assert!(!ccm_text_length_ok(12, 0x100_0000));
    assert!(ccm_text_length_ok(7, u64::MAX));
    assert!(!ccm_text_length_ok(6, 0) && !ccm_text_length_ok(14, 0));
}

#[test]
fn size_macros() {
    let gcm8 = short(A::GCM, 8);
    assert_eq!(sizes::aead_encrypt_output_size(K::AES, gcm8, 10), Some(18));
    assert_eq!(
        sizes::aead_encrypt_output_size(K::AES, A::CHACHA20_POLY1305, 10),
        None
    );
    assert_eq!(
        sizes::aead_encrypt_output_size(K::AES, A::GCM, usize::MAX),
        None
    );
    assert_eq!(sizes::aead_encrypt_output_max_size(10), 26);
    assert_eq!(sizes::aead_decrypt_output_size(K::AES, gcm8, 18), Some(10));
    assert_eq!(sizes::aead_decrypt_output_size(K::AES, gcm8, 3), Some(0));
    assert_eq!(sizes::aead_decrypt_output_max_size(18), 18);
    assert_eq!(
        sizes::aead_update_output_size(K::CAMELLIA, A::CCM, 17),
        Some(17)
    );
    assert_eq!(sizes::aead_update_output_size(K::DES, A::CCM, 17), None);
    assert_eq!(sizes::aead_update_output_max_size(17), 17);
    assert_eq!(sizes::aead_finish_output_size(K::AES, A::GCM), Some(0));
    assert_eq!(
        sizes::aead_verify_output_size(K::XCHACHA20, A::XCHACHA20_POLY1305),
        Some(0)
    );
    assert_eq!(sizes::AEAD_FINISH_OUTPUT_MAX_SIZE, 0);
    assert_eq!(sizes::AEAD_VERIFY_OUTPUT_MAX_SIZE, 0);
}
