//! HMAC against RFC 4231 (SHA-224/256/384/512), prepared-key sharing and hygiene.

mod common;

use std::sync::Arc;

use common::hex;
use strongroom_driver::{Algorithm, Driver, Error, KeyType, PreparedMac};
use strongroom_soft::SoftDriver;

/// One RFC 4231 test case: key, data, then HMAC-SHA-224/256/384/512 (§4.2–4.8).
struct Case {
    key: Vec<u8>,
    data: Vec<u8>,
    macs: [&'static str; 4],
}

const HASHES: [Algorithm; 4] = [
    Algorithm::SHA_224,
    Algorithm::SHA_256,
    Algorithm::SHA_384,
    Algorithm::SHA_512,
];

fn rfc4231() -> Vec<Case> {
    vec![
        Case {
            key: vec![0x0b; 20],
            data: b"Hi There".to_vec(),
            macs: [
                "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec6\
                 82aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde\
                 daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
            ],
        },
        Case {
            key: b"Jefe".to_vec(),
            data: b"what do ya want for nothing?".to_vec(),
            macs: [
                "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47\
                 e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
                 9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
            ],
        },
        Case {
            key: vec![0xaa; 20],
            data: vec![0xdd; 50],
            macs: [
                "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9feb\
                 e83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
                "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39\
                 bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
            ],
        },
        Case {
            key: (0x01..=0x19).collect(),
            data: vec![0xcd; 50],
            macs: [
                "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                "3e8a69b7783c25851933ab6290af6ca77a9981480850009c\
                 c5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
                "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db\
                 a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
            ],
        },
        // Test case 5 (truncated to 128 bits): the first 16 bytes of the full MAC.
        Case {
            key: vec![0x0c; 20],
            data: b"Test With Truncation".to_vec(),
            macs: [
                "0e2aea68a90c8d37c988bcdb9fca6fa8",
                "a3b6167473100ee06e0c796c2955552b",
                "3abf34c3503b2a23a46efc619baef897",
                "415fad6271580a531d4179bc891d87a6",
            ],
        },
        Case {
            key: vec![0xaa; 131],
            data: b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            macs: [
                "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f\
                 3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352\
                 6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
            ],
        },
        Case {
            key: vec![0xaa; 131],
            data: b"This is a test using a larger than block-size key and a larger than \
                    block-size data. The key needs to be hashed before being used by the \
                    HMAC algorithm."
                .to_vec(),
            macs: [
                "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9a\
                 dccebb82461e99c5a678cc31e799176d3860e6110c46523e",
                "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944\
                 b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
            ],
        },
    ]
}

fn prepare(hash: Algorithm, key: &[u8]) -> Box<dyn PreparedMac> {
    SoftDriver::new()
        .prepare_mac(KeyType::HMAC, key, Algorithm::hmac(hash))
        .expect("supported HMAC")
}

#[test]
fn rfc4231_one_shot_and_multi_part() {
    for (i, case) in rfc4231().iter().enumerate() {
        for (hash, expected) in HASHES.iter().zip(case.macs) {
            let expected = hex(expected);
            let key = prepare(*hash, &case.key);
            assert_eq!(Some(key.mac_len()), hash.hash_length());

            let mut out = [0x5au8; 64];
            let n = key.compute(&case.data, &mut out);
            assert_eq!(n, key.mac_len());
            assert_eq!(
                &out[..expected.len()],
                &expected[..],
                "case {} {hash:?}",
                i + 1
            );

            let mut op = key.start();
            let (a, b) = case.data.split_at(case.data.len() / 3);
            op.update(a);
            op.update(b);
            let mut out2 = [0u8; 64];
            let n2 = op.finish(&mut out2);
            assert_eq!(out2[..n2], out[..n], "case {} {hash:?} multi-part", i + 1);
        }
    }
}

#[test]
fn hmac_sha1_and_sha512_variants() {
    // RFC 2202 test case 2 (HMAC-SHA-1).
    let mut out = [0u8; 20];
    prepare(Algorithm::SHA_1, b"Jefe").compute(b"what do ya want for nothing?", &mut out);
    assert_eq!(out[..], hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")[..]);
    for hash in [Algorithm::SHA_512_224, Algorithm::SHA_512_256] {
        assert_eq!(Some(prepare(hash, b"k").mac_len()), hash.hash_length());
    }
}

#[test]
fn prepared_key_shared_by_four_threads() {
    let key: Arc<dyn PreparedMac> = Arc::from(prepare(Algorithm::SHA_256, &[0x0b; 20]));
    let expected = hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let key = Arc::clone(&key);
            std::thread::spawn(move || {
                let mut results = Vec::new();
                for _ in 0..1000 {
                    let mut out = [0u8; 32];
                    key.compute(b"Hi There", &mut out);
                    results.push(out);
                }
                results
            })
        })
        .collect();
    for t in threads {
        for out in t.join().expect("thread") {
            assert_eq!(out[..], expected[..]);
        }
    }
}

#[test]
fn unsupported_mac_algorithms_and_key_types() {
    let driver = SoftDriver::new();
    let cases = [
        (KeyType::HMAC, Algorithm::CMAC),
        (KeyType::CHACHA20, Algorithm::CMAC),
        (KeyType::HMAC, Algorithm::hmac(Algorithm::MD4)),
        (KeyType::HMAC, Algorithm::hmac(Algorithm::SHAKE256_512)),
        (KeyType::AES, Algorithm::hmac(Algorithm::SHA_256)),
    ];
    for (key_type, alg) in cases {
        assert_eq!(
            driver.prepare_mac(key_type, &[1; 16], alg).err(),
            Some(Error::NotSupported),
            "{key_type:?} {alg:?}"
        );
        assert!(!driver.supports(key_type, alg), "{key_type:?} {alg:?}");
    }
}

#[test]
fn supports_full_and_truncated_hmac() {
    let driver = SoftDriver::new();
    let hmac256 = Algorithm::hmac(Algorithm::SHA_256);
    assert!(driver.supports(KeyType::HMAC, hmac256));
    assert!(driver.supports(KeyType::HMAC, Algorithm::truncated_mac(hmac256, 4)));
    assert!(driver.supports(KeyType::HMAC, Algorithm::truncated_mac(hmac256, 32)));
    assert!(!driver.supports(KeyType::HMAC, Algorithm::truncated_mac(hmac256, 3)));
    assert!(!driver.supports(KeyType::HMAC, Algorithm::truncated_mac(hmac256, 33)));
}

#[test]
fn debug_shows_the_algorithm_only() {
    let key = prepare(Algorithm::SHA_256, &[0x42; 32]);
    assert_eq!(format!("{key:?}"), "MacKey { alg: HMAC(SHA_256), .. }");
    assert_eq!(
        format!("{:?}", key.start()),
        "MacRun { alg: HMAC(SHA_256), .. }"
    );
}
