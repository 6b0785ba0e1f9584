//! The software driver's AEAD family against published vectors (the GCM specification's
//! test cases incl. 8- and 60-byte IVs, RFC 3610 and SP 800-38C CCM, RFC 8439
//! ChaCha20-Poly1305, draft-irtf-cfrg-xchacha XChaCha20-Poly1305), cross-checked against
//! the one-shot RustCrypto `aead` crates on pseudo-random inputs; multi-part contexts
//! against one-shot for every split; tampering; bad sizes; `Debug` hygiene.

mod common;

use common::hex;
use strongroom_driver::{
    AeadDirection, AeadLengths, Algorithm, Driver, Error, KeyType, PreparedAead,
};
use strongroom_soft::SoftDriver;

/// A deterministic pseudo-random byte source for the property tests (xorshift64*).
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Fewer than `n` random bytes.
    fn upto(&mut self, n: usize) -> Vec<u8> {
        let len = self.below(n);
        self.bytes(len)
    }
}

fn prepare(key_type: KeyType, key: &[u8], alg: Algorithm) -> Box<dyn PreparedAead> {
    SoftDriver::new()
        .aead()
        .expect("AEAD family")
        .prepare(key_type, key, alg)
        .expect("prepare")
}

fn short(alg: Algorithm, tag: usize) -> Algorithm {
    Algorithm::aead_with_shortened_tag(alg, tag)
}

/// One known answer: seal must give `ct ‖ tag`, open must give the plaintext back, and
/// every single-bit change of ciphertext, tag, nonce or additional data must fail.
struct Kat {
    key_type: KeyType,
    key: &'static str,
    alg: Algorithm,
    nonce: &'static str,
    aad: &'static str,
    pt: &'static str,
    ct_tag: &'static str,
}

fn check_kat(k: &Kat) {
    let key = prepare(k.key_type, &hex(k.key), k.alg);
    let (nonce, aad, pt, expected) = (hex(k.nonce), hex(k.aad), hex(k.pt), hex(k.ct_tag));
    let mut out = vec![0xeeu8; expected.len()];
    key.encrypt(k.alg, &nonce, &aad, &pt, &mut out)
        .expect("encrypt");
    assert_eq!(out, expected, "{:?} nonce {}", k.alg, k.nonce);
    let mut back = vec![0xeeu8; pt.len()];
    key.decrypt(k.alg, &nonce, &aad, &expected, &mut back)
        .expect("decrypt");
    assert_eq!(back, pt);
    for at in [0, expected.len() / 2, expected.len() - 1] {
        let mut bad = expected.clone();
        bad[at] ^= 0x10;
        let mut back = vec![0xeeu8; pt.len()];
        let r = key.decrypt(k.alg, &nonce, &aad, &bad, &mut back);
        assert_eq!(r, Err(Error::InvalidSignature), "flip at {at}");
        assert!(back.iter().all(|&b| b == 0), "output wiped");
    }
    let mut bad_nonce = nonce.clone();
    bad_nonce[0] ^= 1;
    let mut back = vec![0u8; pt.len()];
    let r = key.decrypt(k.alg, &bad_nonce, &aad, &expected, &mut back);
    assert_eq!(r, Err(Error::InvalidSignature));
    let mut bad_aad = aad.clone();
    bad_aad.push(0);
    let r = key.decrypt(k.alg, &nonce, &bad_aad, &expected, &mut back);
    assert_eq!(r, Err(Error::InvalidSignature));
}

const GCM_P: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                     1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const GCM_A: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const GCM_K128: &str = "feffe9928665731c6d6a8f9467308308";
const GCM_K256: &str = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
const GCM_IV60: &str = "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728\
                        c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b";

#[test]
fn gcm_spec_test_cases() {
    let aes = KeyType::AES;
    let gcm = Algorithm::GCM;
    let cases = [
        // Test case 2: zero key, one zero block.
        Kat {
            key_type: aes,
            key: "00000000000000000000000000000000",
            alg: gcm,
            nonce: "000000000000000000000000",
            aad: "",
            pt: "00000000000000000000000000000000",
            ct_tag: "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf",
        },
        // Test case 4: 96-bit IV.
        Kat {
            key_type: aes,
            key: GCM_K128,
            alg: gcm,
            nonce: "cafebabefacedbaddecaf888",
            aad: GCM_A,
            pt: GCM_P,
            ct_tag: "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
                     21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091\
                     5bc94fbc3221a5db94fae95ae7121a47",
        },
        // Test case 5: 64-bit IV.
        Kat {
            key_type: aes,
            key: GCM_K128,
            alg: gcm,
            nonce: "cafebabefacedbad",
            aad: GCM_A,
            pt: GCM_P,
            ct_tag: "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423\
                     73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598\
                     3612d2e79e3b0785561be14aaca2fccb",
        },
        // Test case 6: 480-bit (60-byte) IV.
        Kat {
            key_type: aes,
            key: GCM_K128,
            alg: gcm,
            nonce: GCM_IV60,
            aad: GCM_A,
            pt: GCM_P,
            ct_tag: "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7\
                     01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5\
                     619cc5aefffe0bfa462af43c1699d050",
        },
        // Test cases 16, 17, 18: the same with AES-256.
        Kat {
            key_type: aes,
            key: GCM_K256,
            alg: gcm,
            nonce: "cafebabefacedbaddecaf888",
            aad: GCM_A,
            pt: GCM_P,
            ct_tag: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
                     8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662\
                     76fc6ece0f4e1768cddf8853bb2d551b",
        },
        Kat {
            key_type: aes,
            key: GCM_K256,
            alg: gcm,
            nonce: "cafebabefacedbad",
            aad: GCM_A,
            pt: GCM_P,
            ct_tag: "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0\
                     feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f\
                     3a337dbf46a792c45e454913fe2ea8f2",
        },
        Kat {
            key_type: aes,
            key: GCM_K256,
            alg: gcm,
            nonce: GCM_IV60,
            aad: GCM_A,
            pt: GCM_P,
            ct_tag: "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4\
                     0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f\
                     a44a8266ee1c8eb0c8b5d4cf5ae9f19a",
        },
    ];
    for k in &cases {
        check_kat(k);
    }
}

#[test]
fn gcm_shortened_tags_are_prefixes() {
    let key = prepare(KeyType::AES, &hex(GCM_K128), Algorithm::GCM);
    let full_tag = hex("5bc94fbc3221a5db94fae95ae7121a47");
    let (nonce, aad, pt) = (hex("cafebabefacedbaddecaf888"), hex(GCM_A), hex(GCM_P));
    for len in [4, 8, 12, 13, 14, 15, 16] {
        let alg = short(Algorithm::GCM, len);
        let mut out = vec![0u8; pt.len() + len];
        key.encrypt(alg, &nonce, &aad, &pt, &mut out)
            .expect("encrypt");
        assert_eq!(&out[pt.len()..], &full_tag[..len], "tag {len}");
        let mut back = vec![0u8; pt.len()];
        key.decrypt(alg, &nonce, &aad, &out, &mut back)
            .expect("decrypt");
        assert_eq!(back, pt);
    }
}

#[test]
fn ccm_rfc3610_and_sp800_38c() {
    let aes = KeyType::AES;
    let cases = [
        // RFC 3610 packet vector #1 (M = 8, L = 2).
        Kat {
            key_type: aes,
            key: "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
            alg: short(Algorithm::CCM, 8),
            nonce: "00000003020100a0a1a2a3a4a5",
            aad: "0001020304050607",
            pt: "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
            ct_tag: "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0",
        },
        // SP 800-38C appendix C, examples 1 to 3.
        Kat {
            key_type: aes,
            key: "404142434445464748494a4b4c4d4e4f",
            alg: short(Algorithm::CCM, 4),
            nonce: "10111213141516",
            aad: "0001020304050607",
            pt: "20212223",
            ct_tag: "7162015b4dac255d",
        },
        Kat {
            key_type: aes,
            key: "404142434445464748494a4b4c4d4e4f",
            alg: short(Algorithm::CCM, 6),
            nonce: "1011121314151617",
            aad: "000102030405060708090a0b0c0d0e0f",
            pt: "202122232425262728292a2b2c2d2e2f",
            ct_tag: "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd",
        },
        Kat {
            key_type: aes,
            key: "404142434445464748494a4b4c4d4e4f",
            alg: short(Algorithm::CCM, 8),
            nonce: "101112131415161718191a1b",
            aad: "000102030405060708090a0b0c0d0e0f10111213",
            pt: "202122232425262728292a2b2c2d2e2f3031323334353637",
            ct_tag: "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951",
        },
    ];
    for k in &cases {
        check_kat(k);
    }
}

const SUNSCREEN: &str = "4c616469657320616e642047656e746c656d656e206f662074686520636c6173\
                         73206f66202739393a204966204920636f756c64206f6666657220796f75206f\
                         6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73\
                         637265656e20776f756c642062652069742e";

#[test]
fn chacha20_poly1305_rfc8439_and_xchacha() {
    let cases = [
        // RFC 8439 §2.8.2.
        Kat {
            key_type: KeyType::CHACHA20,
            key: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
            alg: Algorithm::CHACHA20_POLY1305,
            nonce: "070000004041424344454647",
            aad: "50515253c0c1c2c3c4c5c6c7",
            pt: SUNSCREEN,
            ct_tag: "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
                     3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
                     92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
                     3ff4def08e4b7a9de576d26586cec64b6116\
                     1ae10b594f09e26a7e902ecbd0600691",
        },
        // draft-irtf-cfrg-xchacha-03 appendix A.3.1.
        Kat {
            key_type: KeyType::XCHACHA20,
            key: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
            alg: Algorithm::XCHACHA20_POLY1305,
            nonce: "404142434445464748494a4b4c4d4e4f5051525354555657",
            aad: "50515253c0c1c2c3c4c5c6c7",
            pt: SUNSCREEN,
            ct_tag: "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb\
                     731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452\
                     2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9\
                     21f9664c97637da9768812f615c68b13b52e\
                     c0875924c1c7987947deafd8780acf49",
        },
    ];
    for k in &cases {
        check_kat(k);
    }
}

/// Cross-checks against the RustCrypto one-shot crates, which fix sizes at compile time.
mod cross {
    use super::*;
    use aes_gcm::aead::consts::{U8, U12, U13, U16};
    use aes_gcm::aead::{AeadInOut, KeyInit};
    use aes_gcm::aes::{Aes128, Aes256};

    fn ours(
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        pt: &[u8],
        tag: usize,
    ) -> Vec<u8> {
        let mut out = vec![0u8; pt.len() + tag];
        prepare(key_type, key, alg)
            .encrypt(alg, nonce, aad, pt, &mut out)
            .expect("encrypt");
        out
    }

    fn theirs<A: AeadInOut>(a: &A, nonce: &[u8], aad: &[u8], pt: &[u8]) -> Vec<u8> {
        let mut buf = pt.to_vec();
        let nonce = aes_gcm::aead::Nonce::<A>::try_from(nonce).expect("nonce size");
        let tag = a
            .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
            .expect("encrypt");
        buf.extend_from_slice(&tag);
        buf
    }

    #[test]
    fn gcm_matches_aes_gcm_for_12_and_16_byte_nonces() {
        let mut r = Prng(0x9e37_79b9_7f4a_7c15);
        for i in 0..40 {
            let (k128, k256) = (r.bytes(16), r.bytes(32));
            let (aad, pt) = (r.upto(70), r.upto(200));
            let n12 = r.bytes(12);
            let n16 = r.bytes(16);
            let a = aes_gcm::AesGcm::<Aes128, U12>::new_from_slice(&k128).expect("key");
            assert_eq!(
                ours(KeyType::AES, &k128, Algorithm::GCM, &n12, &aad, &pt, 16),
                theirs(&a, &n12, &aad, &pt),
                "case {i}"
            );
            let a = aes_gcm::AesGcm::<Aes256, U16>::new_from_slice(&k256).expect("key");
            assert_eq!(
                ours(KeyType::AES, &k256, Algorithm::GCM, &n16, &aad, &pt, 16),
                theirs(&a, &n16, &aad, &pt),
                "case {i}"
            );
        }
    }

    #[test]
    fn ccm_matches_ccm_crate() {
        let mut r = Prng(0x0123_4567_89ab_cdef);
        for i in 0..40 {
            let key = r.bytes(16);
            let (aad, pt) = (r.upto(300), r.upto(200));
            let n13 = r.bytes(13);
            let c = ccm::Ccm::<Aes128, U16, U13>::new_from_slice(&key).expect("key");
            assert_eq!(
                ours(KeyType::AES, &key, Algorithm::CCM, &n13, &aad, &pt, 16),
                theirs(&c, &n13, &aad, &pt),
                "case {i}"
            );
            let n12 = r.bytes(12);
            let c = ccm::Ccm::<Aes128, U8, U12>::new_from_slice(&key).expect("key");
            assert_eq!(
                ours(
                    KeyType::AES,
                    &key,
                    short(Algorithm::CCM, 8),
                    &n12,
                    &aad,
                    &pt,
                    8
                ),
                theirs(&c, &n12, &aad, &pt),
                "case {i}"
            );
        }
        // Additional data long enough for the 6-byte length prefix (≥ 0xff00 bytes).
        let key = r.bytes(16);
        let (aad, pt, n13) = (r.bytes(0x1_0000), r.bytes(33), r.bytes(13));
        let c = ccm::Ccm::<Aes128, U16, U13>::new_from_slice(&key).expect("key");
        assert_eq!(
            ours(KeyType::AES, &key, Algorithm::CCM, &n13, &aad, &pt, 16),
            theirs(&c, &n13, &aad, &pt)
        );
    }

    #[test]
    fn chacha_poly_matches_chacha20poly1305_crate() {
        let mut r = Prng(0x5555_aaaa_1234_5678);
        for i in 0..30 {
            let key = r.bytes(32);
            let (aad, pt) = (r.upto(70), r.upto(300));
            let n = r.bytes(12);
            let c = chacha20poly1305::ChaCha20Poly1305::new_from_slice(&key).expect("key");
            assert_eq!(
                ours(
                    KeyType::CHACHA20,
                    &key,
                    Algorithm::CHACHA20_POLY1305,
                    &n,
                    &aad,
                    &pt,
                    16
                ),
                theirs(&c, &n, &aad, &pt),
                "case {i}"
            );
            let xn = r.bytes(24);
            let c = chacha20poly1305::XChaCha20Poly1305::new_from_slice(&key).expect("key");
            assert_eq!(
                ours(
                    KeyType::XCHACHA20,
                    &key,
                    Algorithm::XCHACHA20_POLY1305,
                    &xn,
                    &aad,
                    &pt,
                    16
                ),
                theirs(&c, &xn, &aad, &pt),
                "case {i}"
            );
        }
    }
}

/// Every construction and key type this driver runs, with a nonce it accepts.
fn all_setups() -> Vec<(KeyType, usize, Algorithm, usize)> {
    let mut v = Vec::new();
    for kt in [KeyType::AES, KeyType::ARIA, KeyType::CAMELLIA] {
        for bits in [128, 192, 256] {
            v.push((kt, bits, Algorithm::GCM, 12));
            v.push((kt, bits, short(Algorithm::GCM, 12), 1));
            v.push((kt, bits, short(Algorithm::GCM, 4), 61));
            v.push((kt, bits, Algorithm::CCM, 13));
            v.push((kt, bits, short(Algorithm::CCM, 6), 7));
            v.push((kt, bits, short(Algorithm::CCM, 10), 10));
        }
    }
    v.push((KeyType::CHACHA20, 256, Algorithm::CHACHA20_POLY1305, 12));
    v.push((KeyType::XCHACHA20, 256, Algorithm::XCHACHA20_POLY1305, 24));
    v
}

/// Runs a multi-part context over `input` cut at the given points.
#[allow(clippy::too_many_arguments)] // one per input of the computation
fn multipart(
    key: &dyn PreparedAead,
    alg: Algorithm,
    dir: AeadDirection,
    nonce: &[u8],
    aad: &[u8],
    input: &[u8],
    ad_cuts: &[usize],
    cuts: &[usize],
) -> (Vec<u8>, Vec<u8>) {
    let lengths = AeadLengths {
        ad: aad.len() as u64,
        text: input.len() as u64,
    };
    let mut ctx = key.start(alg, dir, nonce, Some(lengths)).expect("start");
    let mut prev = 0;
    for &c in ad_cuts.iter().chain([&aad.len()]) {
        ctx.update_ad(&aad[prev..c]).expect("update_ad");
        prev = c;
    }
    let mut out = vec![0u8; input.len()];
    let mut prev = 0;
    for &c in cuts.iter().chain([&input.len()]) {
        ctx.update(&input[prev..c], &mut out[prev..c])
            .expect("update");
        prev = c;
    }
    let mut tag = [0u8; 16];
    let n = ctx.finish(&mut tag).expect("finish");
    (out, tag[..n].to_vec())
}

fn cuts(r: &mut Prng, len: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..r.below(5)).map(|_| r.below(len + 1)).collect();
    v.sort_unstable();
    v
}

#[test]
fn multipart_equals_one_shot_for_random_splits() {
    let mut r = Prng(42);
    for (kt, bits, alg, nonce_len) in all_setups() {
        let key = prepare(kt, &r.bytes(bits / 8), alg);
        for _ in 0..12 {
            let nonce = r.bytes(nonce_len);
            let (aad, pt) = (r.upto(50), r.upto(150));
            let tag_len = alg.aead_tag_length_field();
            let mut sealed = vec![0u8; pt.len() + tag_len];
            key.encrypt(alg, &nonce, &aad, &pt, &mut sealed)
                .expect("encrypt");
            let (ad_cuts, text_cuts) = (cuts(&mut r, aad.len()), cuts(&mut r, pt.len()));
            let (ct, tag) = multipart(
                &*key,
                alg,
                AeadDirection::Encrypt,
                &nonce,
                &aad,
                &pt,
                &ad_cuts,
                &text_cuts,
            );
            assert_eq!([ct, tag].concat(), sealed, "{kt:?}-{bits} {alg:?}");
            let (back, tag) = multipart(
                &*key,
                alg,
                AeadDirection::Decrypt,
                &nonce,
                &aad,
                &sealed[..pt.len()],
                &ad_cuts,
                &text_cuts,
            );
            assert_eq!(back, pt);
            assert_eq!(tag, &sealed[pt.len()..], "expected tag on decryption");
        }
    }
}

#[test]
fn ccm_context_needs_lengths_that_fit() {
    let key = prepare(KeyType::AES, &[7; 16], Algorithm::CCM);
    let start = |nonce: &[u8], lengths| {
        key.start(Algorithm::CCM, AeadDirection::Encrypt, nonce, lengths)
            .map(|_| ())
    };
    assert_eq!(start(&[0; 13], None), Err(Error::InvalidArgument));
    let fits = AeadLengths {
        ad: 0,
        text: 0xffff,
    };
    let too_long = AeadLengths {
        ad: 0,
        text: 0x1_0000,
    };
    assert_eq!(start(&[0; 13], Some(fits)), Ok(()));
    assert_eq!(start(&[0; 13], Some(too_long)), Err(Error::InvalidArgument));
    assert_eq!(start(&[0; 12], Some(too_long)), Ok(()));
    // More data than announced, or finishing early, is refused.
    let mut ctx = key
        .start(
            Algorithm::CCM,
            AeadDirection::Encrypt,
            &[0; 13],
            Some(AeadLengths { ad: 1, text: 2 }),
        )
        .expect("start");
    assert_eq!(ctx.update_ad(&[1, 2]), Err(Error::InvalidArgument));
    ctx.update_ad(&[1]).expect("ad");
    let mut out = [0u8; 3];
    assert_eq!(
        ctx.update(&[1, 2, 3], &mut out),
        Err(Error::InvalidArgument)
    );
    ctx.update(&[1], &mut out).expect("text");
    let mut tag = [0u8; 16];
    assert_eq!(ctx.finish(&mut tag), Err(Error::InvalidArgument));
}

#[test]
fn bad_sizes_are_errors_not_panics() {
    let mut out = [0u8; 64];
    for (kt, bits, alg, nonce_len) in all_setups() {
        let key = prepare(kt, &vec![3; bits / 8], alg);
        let tag = alg.aead_tag_length_field();
        let nonce = vec![0; nonce_len];
        // Output not plaintext + tag.
        assert_eq!(
            key.encrypt(alg, &nonce, b"", &[0; 8], &mut out[..8 + tag - 1]),
            Err(Error::InvalidArgument)
        );
        // Input shorter than the tag.
        assert_eq!(
            key.decrypt(alg, &nonce, b"", &[0; 3], &mut out[..0]),
            Err(Error::InvalidArgument)
        );
        // A wildcard is not an algorithm.
        let wildcard = Algorithm::aead_with_at_least_this_length_tag(alg, 4);
        assert_eq!(
            key.encrypt(wildcard, &nonce, b"", b"", &mut out[..tag]),
            Err(Error::InvalidArgument)
        );
        // Empty message round trip.
        key.encrypt(alg, &nonce, b"a", b"", &mut out[..tag])
            .expect("encrypt");
        let sealed = out[..tag].to_vec();
        key.decrypt(alg, &nonce, b"a", &sealed, &mut out[..0])
            .expect("decrypt");
    }
    let gcm = prepare(KeyType::AES, &[0; 16], Algorithm::GCM);
    assert_eq!(
        gcm.encrypt(Algorithm::GCM, &[], b"", b"", &mut out[..16]),
        Err(Error::InvalidArgument),
        "GCM needs a nonce"
    );
    for n in [6, 14] {
        assert_eq!(
            gcm.encrypt(Algorithm::CCM, &vec![0; n], b"", b"", &mut out[..16]),
            Err(Error::InvalidArgument),
            "CCM nonce {n}"
        );
    }
    for len in [0, 2, 5, 7, 9, 17] {
        assert_eq!(
            gcm.encrypt(
                short(Algorithm::CCM, len),
                &[0; 13],
                b"",
                b"",
                &mut out[..len]
            ),
            Err(Error::InvalidArgument),
            "CCM tag {len}"
        );
    }
    for len in [0, 3, 9, 10, 11, 17] {
        assert_eq!(
            gcm.encrypt(
                short(Algorithm::GCM, len),
                &[0; 12],
                b"",
                b"",
                &mut out[..len]
            ),
            Err(Error::InvalidArgument),
            "GCM tag {len}"
        );
    }
    let chacha = prepare(KeyType::CHACHA20, &[0; 32], Algorithm::CHACHA20_POLY1305);
    for n in [8, 11, 13, 24] {
        assert_eq!(
            chacha.encrypt(
                Algorithm::CHACHA20_POLY1305,
                &vec![0; n],
                b"",
                b"",
                &mut out[..16]
            ),
            Err(Error::InvalidArgument),
            "ChaCha20 nonce {n}"
        );
    }
    assert_eq!(
        chacha.encrypt(Algorithm::GCM, &[0; 12], b"", b"", &mut out[..16]),
        Err(Error::NotSupported),
        "a ChaCha20 key does not run GCM"
    );
}

#[test]
fn which_keys_and_algorithms() {
    let driver = SoftDriver::new();
    let aead = driver.aead().expect("AEAD family");
    for kt in [KeyType::AES, KeyType::ARIA, KeyType::CAMELLIA] {
        for alg in [Algorithm::GCM, Algorithm::CCM, short(Algorithm::CCM, 4)] {
            assert!(driver.supports(kt, alg), "{kt:?} {alg:?}");
            assert!(aead.supports(kt, 192, alg));
            assert!(!aead.supports(kt, 64, alg));
        }
        assert!(!driver.supports(kt, Algorithm::CHACHA20_POLY1305));
        assert!(driver.supports(
            kt,
            Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 13)
        ));
    }
    assert!(driver.supports(KeyType::CHACHA20, Algorithm::CHACHA20_POLY1305));
    assert!(driver.supports(KeyType::XCHACHA20, Algorithm::XCHACHA20_POLY1305));
    assert!(!driver.supports(KeyType::CHACHA20, short(Algorithm::CHACHA20_POLY1305, 12)));
    assert!(!driver.supports(KeyType::DES, Algorithm::CCM));
    assert!(!driver.supports(KeyType::HMAC, Algorithm::GCM));
    assert!(!driver.supports(KeyType::AES, short(Algorithm::GCM, 10)));
    assert!(driver.aead_nonce_ok(KeyType::AES, Algorithm::GCM, 1));
    assert!(driver.aead_nonce_ok(KeyType::AES, Algorithm::GCM, 100));
    assert!(!driver.aead_nonce_ok(KeyType::AES, Algorithm::GCM, 0));
    assert!(!driver.aead_nonce_ok(KeyType::AES, Algorithm::CCM, 14));
    let err = |kt, key: &[u8], alg| aead.prepare(kt, key, alg).err();
    assert_eq!(
        err(KeyType::DES, &[0; 8], Algorithm::CCM),
        Some(Error::NotSupported)
    );
    assert_eq!(
        err(KeyType::SM4, &[0; 16], Algorithm::GCM),
        Some(Error::NotSupported)
    );
    assert_eq!(
        err(KeyType::AES, &[0; 20], Algorithm::GCM),
        Some(Error::InvalidArgument)
    );
    assert_eq!(
        err(KeyType::CHACHA20, &[0; 16], Algorithm::CHACHA20_POLY1305),
        Some(Error::InvalidArgument)
    );
    assert_eq!(
        err(KeyType::AES, &[0; 16], Algorithm::CTR),
        Some(Error::NotSupported)
    );
    // One prepared block-cipher key serves both GCM and CCM.
    let key = prepare(KeyType::AES, &[1; 16], Algorithm::GCM);
    assert!(key.serves(Algorithm::CCM) && key.serves(short(Algorithm::GCM, 4)));
    assert!(!key.serves(Algorithm::CHACHA20_POLY1305));
}

#[test]
fn debug_shows_no_key() {
    let key = prepare(KeyType::AES, &[0x42; 32], Algorithm::GCM);
    assert_eq!(format!("{key:?}"), "BlockKey { cipher: \"AES-256\", .. }");
    let key = prepare(KeyType::CHACHA20, &[0x42; 32], Algorithm::CHACHA20_POLY1305);
    assert_eq!(format!("{key:?}"), "ChaChaKey { cipher: \"ChaCha20\", .. }");
    let ctx = key
        .start(
            Algorithm::CHACHA20_POLY1305,
            AeadDirection::Encrypt,
            &[0; 12],
            None,
        )
        .expect("start");
    assert_eq!(format!("{ctx:?}"), "ChaChaPolyContext { dir: Encrypt, .. }");
}
