//! AES-GCM against the GCM specification test cases (also in NIST SP 800-38D's validation
//! examples), shortened tags, tag tampering and buffer wiping.

mod common;

use common::hex;
use strongroom_driver::{Algorithm, Driver, Error, KeyType, PreparedAead};
use strongroom_soft::SoftDriver;

const NONCE: &str = "cafebabefacedbaddecaf888";
const AAD: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const PLAINTEXT: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                         1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

/// Key, ciphertext, tag of GCM test cases 4 (AES-128) and 16 (AES-256).
const CASES: [(&str, &str, &str); 2] = [
    (
        "feffe9928665731c6d6a8f9467308308",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
         21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        "5bc94fbc3221a5db94fae95ae7121a47",
    ),
    (
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
         8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b",
    ),
];

fn prepare(key: &[u8]) -> Box<dyn PreparedAead> {
    SoftDriver::new()
        .prepare_aead(KeyType::AES, key, Algorithm::GCM)
        .expect("AES-GCM")
}

fn seal(key: &dyn PreparedAead, alg: Algorithm, tag_len: usize) -> Vec<u8> {
    let pt = hex(PLAINTEXT);
    let mut out = vec![0xeeu8; pt.len() + tag_len];
    key.encrypt(alg, &hex(NONCE), &hex(AAD), &pt, &mut out)
        .expect("encrypt");
    out
}

#[test]
fn gcm_known_answers_encrypt_and_decrypt() {
    for (key, ct, tag) in CASES {
        let key = prepare(&hex(key));
        let expected = [hex(ct), hex(tag)].concat();
        assert_eq!(seal(&*key, Algorithm::GCM, 16), expected);

        let mut out = vec![0xeeu8; expected.len() - 16];
        key.decrypt(Algorithm::GCM, &hex(NONCE), &hex(AAD), &expected, &mut out)
            .expect("decrypt");
        assert_eq!(out, hex(PLAINTEXT));
    }
}

#[test]
fn tampering_fails_and_wipes_the_output() {
    for (key, ct, tag) in CASES {
        let key = prepare(&hex(key));
        let good = [hex(ct), hex(tag)].concat();
        let flips = [0, good.len() - 16, good.len() - 1];
        for at in flips {
            let mut bad = good.clone();
            bad[at] ^= 0x01;
            let mut out = vec![0xeeu8; good.len() - 16];
            let r = key.decrypt(Algorithm::GCM, &hex(NONCE), &hex(AAD), &bad, &mut out);
            assert_eq!(r, Err(Error::InvalidSignature), "flip at {at}");
            assert!(out.iter().all(|&b| b == 0), "output wiped (flip at {at})");
        }
        let mut out = vec![0xeeu8; good.len() - 16];
        let r = key.decrypt(Algorithm::GCM, &hex(NONCE), b"other aad", &good, &mut out);
        assert_eq!(r, Err(Error::InvalidSignature));
        assert!(out.iter().all(|&b| b == 0));
    }
}

#[test]
fn shortened_tags_are_prefixes_of_the_full_tag() {
    for (key, ct, tag) in CASES {
        let key = prepare(&hex(key));
        for len in [4, 8, 12, 13, 14, 15] {
            let alg = Algorithm::aead_with_shortened_tag(Algorithm::GCM, len);
            let sealed = seal(&*key, alg, len);
            assert_eq!(
                sealed,
                [hex(ct), hex(tag)[..len].to_vec()].concat(),
                "tag {len}"
            );

            let mut out = vec![0u8; sealed.len() - len];
            key.decrypt(alg, &hex(NONCE), &hex(AAD), &sealed, &mut out)
                .expect("decrypt");
            assert_eq!(out, hex(PLAINTEXT), "tag {len}");

            let mut bad = sealed.clone();
            *bad.last_mut().expect("tag") ^= 0x80;
            let r = key.decrypt(alg, &hex(NONCE), &hex(AAD), &bad, &mut out);
            assert_eq!(r, Err(Error::InvalidSignature), "tag {len}");
            assert!(out.iter().all(|&b| b == 0));
        }
    }
}

#[test]
fn unsupported_tag_lengths_nonces_and_keys() {
    let driver = SoftDriver::new();
    let key = prepare(&[7; 16]);
    let mut out = [0u8; 128];
    for len in [0, 1, 3, 5, 7, 9, 11, 17, 63] {
        let alg = Algorithm::aead_with_shortened_tag(Algorithm::GCM, len);
        assert!(!driver.supports(KeyType::AES, alg), "tag {len}");
        let r = key.encrypt(alg, &[0; 12], b"", &[0; 8], &mut out[..8 + len]);
        assert_eq!(r, Err(Error::NotSupported), "tag {len}");
    }
    let wildcard = Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 12);
    assert_eq!(
        key.encrypt(wildcard, &[0; 12], b"", b"", &mut out[..16]),
        Err(Error::InvalidArgument)
    );

    assert!(driver.aead_nonce_ok(KeyType::AES, Algorithm::GCM, 12));
    for n in [0, 8, 11, 13, 16] {
        assert!(
            !driver.aead_nonce_ok(KeyType::AES, Algorithm::GCM, n),
            "nonce {n}"
        );
    }
    assert!(!driver.aead_nonce_ok(KeyType::AES, Algorithm::CCM, 12));

    assert!(driver.supports(KeyType::AES, Algorithm::GCM));
    assert!(!driver.supports(KeyType::AES, Algorithm::CCM));
    assert!(!driver.supports(KeyType::CHACHA20, Algorithm::CHACHA20_POLY1305));
    assert!(!driver.supports(KeyType::HMAC, Algorithm::GCM));
    assert_eq!(
        driver
            .prepare_aead(KeyType::AES, &[0; 16], Algorithm::CCM)
            .err(),
        Some(Error::NotSupported)
    );
    assert_eq!(
        driver
            .prepare_aead(KeyType::AES, &[0; 20], Algorithm::GCM)
            .err(),
        Some(Error::InvalidArgument)
    );
    for bits in [128, 192, 256] {
        let key = driver.prepare_aead(KeyType::AES, &vec![1; bits / 8], Algorithm::GCM);
        assert!(key.is_ok(), "AES-{bits}");
    }
}

#[test]
fn bad_lengths_are_errors_not_panics() {
    let key = prepare(&[7; 16]);
    let mut out = [0u8; 64];
    // Output not plaintext + tag.
    assert_eq!(
        key.encrypt(Algorithm::GCM, &[0; 12], b"", &[0; 8], &mut out[..20]),
        Err(Error::InvalidArgument)
    );
    // Input shorter than the tag.
    assert_eq!(
        key.decrypt(Algorithm::GCM, &[0; 12], b"", &[0; 15], &mut out[..0]),
        Err(Error::InvalidArgument)
    );
    // Wrong nonce length.
    assert_eq!(
        key.encrypt(Algorithm::GCM, &[0; 16], b"", &[0; 8], &mut out[..24]),
        Err(Error::InvalidArgument)
    );
    // Empty plaintext round trip.
    key.encrypt(Algorithm::GCM, &[0; 12], b"a", b"", &mut out[..16])
        .expect("encrypt");
    let sealed = out[..16].to_vec();
    key.decrypt(Algorithm::GCM, &[0; 12], b"a", &sealed, &mut out[..0])
        .expect("decrypt");
}

#[test]
fn debug_shows_no_key() {
    let key = prepare(&[0x42; 32]);
    assert_eq!(format!("{key:?}"), "AesGcmKey { key_bits: 256, .. }");
}
