//! AEAD through the public API: known answers (GCM incl. 8- and 60-byte IVs, CCM,
//! ChaCha20-Poly1305, XChaCha20-Poly1305), multi-part = one-shot for random splits,
//! tampering, the PSA state machine and its statuses, policy, buffer sizes, and key
//! destruction during a multi-part operation.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use strongroom::{AeadOperation, Algorithm, Crypto, Error, KeyAttributes, KeyId, KeyType, Usage};

fn hex(s: &str) -> Vec<u8> {
    let s: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    s.chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).expect("ascii"), 16).expect("hex"))
        .collect()
}

/// xorshift64*: deterministic pseudo-random splits and data.
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
}

fn short(alg: Algorithm, len: usize) -> Algorithm {
    Algorithm::aead_with_shortened_tag(alg, len)
}

fn import(c: &Crypto, kt: KeyType, key: &[u8], alg: Algorithm) -> KeyId {
    let attrs = KeyAttributes::new(kt, 0)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(alg);
    c.import_key(&attrs, key).expect("import")
}

fn seal(c: &Crypto, key: KeyId, alg: Algorithm, nonce: &[u8], aad: &[u8], pt: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; pt.len() + 16];
    let n = c
        .aead_encrypt(key, alg, nonce, aad, pt, &mut out)
        .expect("encrypt");
    out.truncate(n);
    out
}

const GCM_P: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                     1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const GCM_A: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const SUNSCREEN: &str = "4c616469657320616e642047656e746c656d656e206f662074686520636c6173\
                         73206f66202739393a204966204920636f756c64206f6666657220796f75206f\
                         6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73\
                         637265656e20776f756c642062652069742e";

/// (key type, key, algorithm, nonce, aad, plaintext, ciphertext ‖ tag)
fn known_answers() -> Vec<(
    KeyType,
    &'static str,
    Algorithm,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    vec![
        // GCM specification test case 4 (96-bit IV).
        (
            KeyType::AES,
            "feffe9928665731c6d6a8f9467308308",
            Algorithm::GCM,
            "cafebabefacedbaddecaf888",
            GCM_A,
            GCM_P,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
          21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091\
          5bc94fbc3221a5db94fae95ae7121a47",
        ),
        // Test case 5 (64-bit IV).
        (
            KeyType::AES,
            "feffe9928665731c6d6a8f9467308308",
            Algorithm::GCM,
            "cafebabefacedbad",
            GCM_A,
            GCM_P,
            "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423\
          73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598\
          3612d2e79e3b0785561be14aaca2fccb",
        ),
        // Test case 6 (60-byte IV).
        (
            KeyType::AES,
            "feffe9928665731c6d6a8f9467308308",
            Algorithm::GCM,
            "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728\
          c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
            GCM_A,
            GCM_P,
            "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7\
          01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5\
          619cc5aefffe0bfa462af43c1699d050",
        ),
        // RFC 3610 packet vector #1.
        (
            KeyType::AES,
            "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
            short(Algorithm::CCM, 8),
            "00000003020100a0a1a2a3a4a5",
            "0001020304050607",
            "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
            "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0",
        ),
        // SP 800-38C example 1.
        (
            KeyType::AES,
            "404142434445464748494a4b4c4d4e4f",
            short(Algorithm::CCM, 4),
            "10111213141516",
            "0001020304050607",
            "20212223",
            "7162015b4dac255d",
        ),
        // RFC 8439 §2.8.2.
        (
            KeyType::CHACHA20,
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
            Algorithm::CHACHA20_POLY1305,
            "070000004041424344454647",
            "50515253c0c1c2c3c4c5c6c7",
            SUNSCREEN,
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
          3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
          92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
          3ff4def08e4b7a9de576d26586cec64b6116\
          1ae10b594f09e26a7e902ecbd0600691",
        ),
        // draft-irtf-cfrg-xchacha-03 A.3.1.
        (
            KeyType::XCHACHA20,
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
            Algorithm::XCHACHA20_POLY1305,
            "404142434445464748494a4b4c4d4e4f5051525354555657",
            "50515253c0c1c2c3c4c5c6c7",
            SUNSCREEN,
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb\
          731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452\
          2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9\
          21f9664c97637da9768812f615c68b13b52e\
          c0875924c1c7987947deafd8780acf49",
        ),
    ]
}

#[test]
fn known_answers_one_shot_and_multi_part() {
    let c = Crypto::in_memory();
    for (kt, key, alg, nonce, aad, pt, expected) in known_answers() {
        let key = import(&c, kt, &hex(key), alg);
        let (nonce, aad, pt, expected) = (hex(nonce), hex(aad), hex(pt), hex(expected));
        assert_eq!(seal(&c, key, alg, &nonce, &aad, &pt), expected, "{alg:?}");
        let mut back = vec![0u8; pt.len()];
        let n = c
            .aead_decrypt(key, alg, &nonce, &aad, &expected, &mut back)
            .expect("decrypt");
        assert_eq!(&back[..n], &pt[..]);

        let (ct, tag) = mp_encrypt(&c, key, alg, &nonce, &aad, &pt, &[7], &[1, 20]);
        assert_eq!([ct, tag].concat(), expected);
        let split = pt.len();
        let back = mp_decrypt(
            &c,
            key,
            alg,
            &nonce,
            &aad,
            &expected[..split],
            &expected[split..],
            &[3],
            &[16, 17],
        )
        .expect("verify");
        assert_eq!(back, pt);
        c.destroy_key(key).expect("destroy");
    }
}

/// A multi-part encryption with the additional data and text cut at the given offsets.
#[allow(clippy::too_many_arguments)]
fn mp_encrypt(
    c: &Crypto,
    key: KeyId,
    alg: Algorithm,
    nonce: &[u8],
    aad: &[u8],
    pt: &[u8],
    ad_cuts: &[usize],
    cuts: &[usize],
) -> (Vec<u8>, Vec<u8>) {
    let mut op = c.aead_encrypt_setup(key, alg).expect("setup");
    op.set_lengths(aad.len(), pt.len()).expect("lengths");
    op.set_nonce(nonce).expect("nonce");
    feed_ad(&mut op, aad, ad_cuts);
    let out = feed(&mut op, pt, cuts).expect("update");
    let mut tag = [0u8; 16];
    let (n_ct, n_tag) = op.finish(&mut [], &mut tag).expect("finish");
    assert_eq!(n_ct, 0);
    (out, tag[..n_tag].to_vec())
}

/// The matching multi-part decryption; `Err` if `verify` fails.
#[allow(clippy::too_many_arguments)]
fn mp_decrypt(
    c: &Crypto,
    key: KeyId,
    alg: Algorithm,
    nonce: &[u8],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
    ad_cuts: &[usize],
    cuts: &[usize],
) -> Result<Vec<u8>, Error> {
    let mut op = c.aead_decrypt_setup(key, alg)?;
    op.set_nonce(nonce)?;
    op.set_lengths(aad.len(), ct.len())?;
    feed_ad(&mut op, aad, ad_cuts);
    let out = feed(&mut op, ct, cuts)?;
    assert_eq!(op.verify(&mut [], tag)?, 0);
    Ok(out)
}

fn pieces<'a>(data: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut v = Vec::new();
    let mut prev = 0;
    for &c in cuts
        .iter()
        .filter(|&&c| c <= data.len())
        .chain([&data.len()])
    {
        let c = c.max(prev);
        v.push(&data[prev..c]);
        prev = c;
    }
    v
}

fn feed_ad(op: &mut AeadOperation, aad: &[u8], cuts: &[usize]) {
    for p in pieces(aad, cuts) {
        op.update_ad(p).expect("update_ad");
    }
}

fn feed(op: &mut AeadOperation, data: &[u8], cuts: &[usize]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    for p in pieces(data, cuts) {
        let mut buf = vec![0u8; p.len()];
        let n = op.update(p, &mut buf)?;
        assert_eq!(n, p.len(), "streaming: every byte comes back at once");
        out.extend_from_slice(&buf[..n]);
    }
    Ok(out)
}

fn all_algorithms() -> Vec<(KeyType, usize, Algorithm, usize)> {
    let mut v = Vec::new();
    for kt in [KeyType::AES, KeyType::ARIA, KeyType::CAMELLIA] {
        v.push((kt, 16, Algorithm::GCM, 12));
        v.push((kt, 32, short(Algorithm::GCM, 8), 8));
        v.push((kt, 24, short(Algorithm::GCM, 13), 60));
        v.push((kt, 16, Algorithm::CCM, 13));
        v.push((kt, 32, short(Algorithm::CCM, 4), 7));
    }
    v.push((KeyType::CHACHA20, 32, Algorithm::CHACHA20_POLY1305, 12));
    v.push((KeyType::XCHACHA20, 32, Algorithm::XCHACHA20_POLY1305, 24));
    v
}

fn random_cuts(r: &mut Prng, len: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..r.below(6)).map(|_| r.below(len + 1)).collect();
    v.sort_unstable();
    v
}

#[test]
fn multi_part_equals_one_shot_for_random_splits() {
    let c = Crypto::in_memory();
    let mut r = Prng(0xa5a5_5a5a_0f0f_f0f0);
    for (kt, key_len, alg, nonce_len) in all_algorithms() {
        let key = import(&c, kt, &r.bytes(key_len), alg);
        for _ in 0..10 {
            let nonce = r.bytes(nonce_len);
            let aad_len = r.below(60);
            let pt_len = r.below(200);
            let (aad, pt) = (r.bytes(aad_len), r.bytes(pt_len));
            let sealed = seal(&c, key, alg, &nonce, &aad, &pt);
            let (ad_cuts, cuts) = (
                random_cuts(&mut r, aad.len()),
                random_cuts(&mut r, pt.len()),
            );
            let (ct, tag) = mp_encrypt(&c, key, alg, &nonce, &aad, &pt, &ad_cuts, &cuts);
            assert_eq!([ct, tag].concat(), sealed, "{kt:?} {alg:?}");
            let back = mp_decrypt(
                &c,
                key,
                alg,
                &nonce,
                &aad,
                &sealed[..pt.len()],
                &sealed[pt.len()..],
                &ad_cuts,
                &cuts,
            );
            assert_eq!(back, Ok(pt.clone()));
            // Without set_lengths (not allowed for CCM).
            if !matches!(
                strongroom::policy::AeadMode::of(alg),
                Some(strongroom::policy::AeadMode::Ccm)
            ) {
                let mut op = c.aead_decrypt_setup(key, alg).expect("setup");
                op.set_nonce(&nonce).expect("nonce");
                feed_ad(&mut op, &aad, &ad_cuts);
                let back = feed(&mut op, &sealed[..pt.len()], &cuts).expect("update");
                op.verify(&mut [], &sealed[pt.len()..]).expect("verify");
                assert_eq!(back, pt);
            }
        }
        c.destroy_key(key).expect("destroy");
    }
}

#[test]
fn tampering_fails_one_shot_and_multi_part() {
    let c = Crypto::in_memory();
    let mut r = Prng(7);
    for (kt, key_len, alg, nonce_len) in all_algorithms() {
        let key = import(&c, kt, &r.bytes(key_len), alg);
        let (nonce, aad, pt) = (r.bytes(nonce_len), r.bytes(20), r.bytes(40));
        let sealed = seal(&c, key, alg, &nonce, &aad, &pt);
        let (ct, tag) = sealed.split_at(pt.len());
        let mut cases: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = Vec::new();
        for at in [0, sealed.len() / 2, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[at] ^= 0x01;
            cases.push((nonce.clone(), aad.clone(), bad));
        }
        let mut bad_aad = aad.clone();
        bad_aad[3] ^= 0x80;
        cases.push((nonce.clone(), bad_aad, sealed.clone()));
        let mut bad_nonce = nonce.clone();
        bad_nonce[0] ^= 0x01;
        cases.push((bad_nonce, aad.clone(), sealed.clone()));
        for (n, a, input) in cases {
            let mut out = vec![0xaau8; pt.len()];
            assert_eq!(
                c.aead_decrypt(key, alg, &n, &a, &input, &mut out),
                Err(Error::InvalidSignature),
                "{alg:?}"
            );
            assert!(
                out.iter().all(|&b| b == 0),
                "no plaintext left in the output"
            );
            let r = mp_decrypt(
                &c,
                key,
                alg,
                &n,
                &a,
                &input[..pt.len()],
                &input[pt.len()..],
                &[],
                &[5],
            );
            assert_eq!(r, Err(Error::InvalidSignature));
        }
        // A tag of the wrong length is wrong, whatever it holds.
        for bad_tag in [&tag[..tag.len() - 1], &[tag, &[0]].concat()[..], &[][..]] {
            let r = mp_decrypt(&c, key, alg, &nonce, &aad, ct, bad_tag, &[], &[]);
            assert_eq!(r, Err(Error::InvalidSignature));
        }
        c.destroy_key(key).expect("destroy");
    }
}

#[test]
fn one_shot_statuses_and_buffers() {
    let c = Crypto::in_memory();
    let key = import(&c, KeyType::AES, &[1; 16], Algorithm::GCM);
    let mut out = [0xffu8; 64];
    let n = c
        .aead_encrypt(key, Algorithm::GCM, &[0; 12], b"", b"abc", &mut out[..19])
        .expect("exact size");
    assert_eq!(n, 19);
    let before = out;
    assert_eq!(
        c.aead_encrypt(key, Algorithm::GCM, &[0; 12], b"", b"abc", &mut out[..18]),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        out, before,
        "a short buffer is left untouched (nothing half-written)"
    );
    let sealed = seal(&c, key, Algorithm::GCM, &[0; 12], b"", b"abc");
    assert_eq!(
        c.aead_decrypt(key, Algorithm::GCM, &[0; 12], b"", &sealed, &mut out[..2]),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        c.aead_decrypt(key, Algorithm::GCM, &[0; 12], b"", &sealed[..15], &mut out),
        Err(Error::InvalidArgument),
        "input shorter than the tag"
    );
    assert_eq!(
        c.aead_encrypt(key, Algorithm::GCM, &[], b"", b"", &mut out),
        Err(Error::InvalidArgument),
        "empty nonce"
    );
    assert_eq!(
        c.aead_encrypt(key, Algorithm::CTR, &[0; 12], b"", b"", &mut out),
        Err(Error::InvalidArgument),
        "not an AEAD"
    );
    assert_eq!(
        c.aead_encrypt(
            key,
            Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 12),
            &[0; 12],
            b"",
            b"",
            &mut out
        ),
        Err(Error::InvalidArgument),
        "a wildcard is not an algorithm"
    );
    assert_eq!(
        c.aead_encrypt(key, Algorithm::CCM, &[0; 13], b"", b"", &mut out),
        Err(Error::NotPermitted),
        "policy names GCM"
    );
    assert_eq!(
        c.aead_encrypt(
            KeyId::from_raw(0x4000_1234),
            Algorithm::GCM,
            &[0; 12],
            b"",
            b"",
            &mut out
        ),
        Err(Error::InvalidHandle)
    );
    // Tag lengths a construction does not have.
    let any_gcm = import(
        &c,
        KeyType::AES,
        &[1; 16],
        Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 4),
    );
    for len in [5, 10, 11] {
        assert_eq!(
            c.aead_encrypt(
                any_gcm,
                short(Algorithm::GCM, len),
                &[0; 12],
                b"",
                b"",
                &mut out
            ),
            Err(Error::InvalidArgument),
            "GCM tag {len}"
        );
    }
    // Key types a construction does not take.
    let des = import(&c, KeyType::DES, &[1; 8], Algorithm::CCM);
    assert_eq!(
        c.aead_encrypt(des, Algorithm::CCM, &[0; 13], b"", b"", &mut out),
        Err(Error::NotSupported)
    );
    let chacha_gcm = import(&c, KeyType::CHACHA20, &[1; 32], Algorithm::GCM);
    assert_eq!(
        c.aead_encrypt(chacha_gcm, Algorithm::GCM, &[0; 12], b"", b"", &mut out),
        Err(Error::InvalidArgument)
    );
    let chacha = import(
        &c,
        KeyType::CHACHA20,
        &[1; 32],
        Algorithm::CHACHA20_POLY1305,
    );
    assert_eq!(
        c.aead_encrypt(
            chacha,
            Algorithm::CHACHA20_POLY1305,
            &[0; 8],
            b"",
            b"",
            &mut out
        ),
        Err(Error::NotSupported),
        "the 64-bit-nonce variant"
    );
    assert_eq!(
        c.aead_encrypt(
            chacha,
            Algorithm::CHACHA20_POLY1305,
            &[0; 11],
            b"",
            b"",
            &mut out
        ),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn usage_and_wildcard_policies() {
    let c = Crypto::in_memory();
    let enc_only = c
        .import_key(
            &KeyAttributes::new(KeyType::AES, 0)
                .with_usage(Usage::ENCRYPT)
                .with_algorithm(Algorithm::CCM),
            &[2; 16],
        )
        .expect("import");
    let mut out = [0u8; 32];
    c.aead_encrypt(enc_only, Algorithm::CCM, &[0; 13], b"", b"x", &mut out)
        .expect("encrypt allowed");
    assert_eq!(
        c.aead_decrypt(
            enc_only,
            Algorithm::CCM,
            &[0; 13],
            b"",
            &out[..17],
            &mut [0; 1]
        ),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        c.aead_decrypt_setup(enc_only, Algorithm::CCM).err(),
        Some(Error::NotPermitted)
    );
    let at_least_8 = import(
        &c,
        KeyType::AES,
        &[2; 16],
        Algorithm::aead_with_at_least_this_length_tag(Algorithm::CCM, 8),
    );
    for (len, ok) in [(4, false), (6, false), (8, true), (12, true), (16, true)] {
        let r = c.aead_encrypt(
            at_least_8,
            short(Algorithm::CCM, len),
            &[0; 13],
            b"",
            b"",
            &mut out,
        );
        assert_eq!(r.is_ok(), ok, "tag {len}: {r:?}");
        if !ok {
            assert_eq!(r, Err(Error::NotPermitted));
        }
    }
    assert_eq!(
        c.aead_encrypt_setup(at_least_8, Algorithm::GCM).err(),
        Some(Error::NotPermitted)
    );
}

#[test]
fn state_machine() {
    let c = Crypto::in_memory();
    for (kt, key_len, alg, nonce_len) in [
        (KeyType::AES, 16, Algorithm::GCM, 12),
        (KeyType::AES, 16, Algorithm::CCM, 13),
        (KeyType::CHACHA20, 32, Algorithm::CHACHA20_POLY1305, 12),
    ] {
        let ccm = alg == Algorithm::CCM;
        let key = import(&c, kt, &vec![9; key_len], alg);
        let nonce = vec![1u8; nonce_len];
        let (ad, text) = (b"additional".as_slice(), b"text to protect".as_slice());
        let mut out = [0u8; 64];
        let mut tag = [0u8; 16];
        let enc = || c.aead_encrypt_setup(key, alg).expect("setup");
        let dec = || c.aead_decrypt_setup(key, alg).expect("setup");

        // An inactive operation refuses everything but abort.
        let mut op = AeadOperation::default();
        assert_eq!(op.set_nonce(&nonce), Err(Error::BadState));
        assert_eq!(op.generate_nonce(&mut out), Err(Error::BadState));
        assert_eq!(op.set_lengths(1, 1), Err(Error::BadState));
        assert_eq!(op.update_ad(ad), Err(Error::BadState));
        assert_eq!(op.update(text, &mut out), Err(Error::BadState));
        assert_eq!(op.finish(&mut [], &mut tag), Err(Error::BadState));
        assert_eq!(op.verify(&mut [], &tag), Err(Error::BadState));
        op.abort();

        // Data before the nonce.
        let mut op = enc();
        assert_eq!(op.update_ad(ad), Err(Error::BadState));
        assert_eq!(
            op.update(text, &mut out),
            Err(Error::BadState),
            "still in the error state"
        );
        op.abort();
        assert_eq!(
            op.update(text, &mut out),
            Err(Error::BadState),
            "aborted is inactive"
        );
        assert_eq!(enc().update(text, &mut out), Err(Error::BadState));
        assert_eq!(enc().finish(&mut [], &mut tag), Err(Error::BadState));
        assert_eq!(dec().verify(&mut [], &tag), Err(Error::BadState));

        // Nonce twice, generated then set, generated on a decryption.
        let mut op = enc();
        op.set_nonce(&nonce).expect("nonce");
        assert_eq!(op.set_nonce(&nonce), Err(Error::BadState));
        let mut op = enc();
        op.set_nonce(&nonce).expect("nonce");
        assert_eq!(op.generate_nonce(&mut out), Err(Error::BadState));
        let mut op = enc();
        assert_eq!(op.generate_nonce(&mut out), Ok(nonce_len));
        assert_eq!(op.generate_nonce(&mut out), Err(Error::BadState));
        let mut op = enc();
        op.generate_nonce(&mut out).expect("nonce");
        assert_eq!(op.set_nonce(&nonce), Err(Error::BadState));
        assert_eq!(dec().generate_nonce(&mut out), Err(Error::BadState));
        assert_eq!(
            enc().generate_nonce(&mut out[..nonce_len - 1]),
            Err(Error::BufferTooSmall)
        );

        // Lengths: twice, after data, too much or too little data.
        let mut op = enc();
        op.set_nonce(&nonce).expect("nonce");
        op.set_lengths(ad.len(), text.len()).expect("lengths");
        assert_eq!(op.set_lengths(ad.len(), text.len()), Err(Error::BadState));
        if !ccm {
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            op.update_ad(ad).expect("ad");
            assert_eq!(op.set_lengths(ad.len(), text.len()), Err(Error::BadState));
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            op.update(text, &mut out).expect("text");
            assert_eq!(
                op.update_ad(ad),
                Err(Error::BadState),
                "additional data after text"
            );
        }
        let lengths_set = || {
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            op.set_lengths(ad.len(), text.len()).expect("lengths");
            op
        };
        let mut op = lengths_set();
        assert_eq!(
            op.finish(&mut [], &mut tag),
            Err(Error::InvalidArgument),
            "no data"
        );
        let mut op = lengths_set();
        assert_eq!(
            op.update(text, &mut out),
            Err(Error::InvalidArgument),
            "text before all the ad"
        );
        let mut op = lengths_set();
        op.update_ad(ad).expect("ad");
        assert_eq!(
            op.update_ad(b"x"),
            Err(Error::InvalidArgument),
            "too much ad"
        );
        let mut op = lengths_set();
        op.update_ad(ad).expect("ad");
        assert_eq!(
            op.finish(&mut [], &mut tag),
            Err(Error::InvalidArgument),
            "no text"
        );
        let mut op = lengths_set();
        op.update_ad(ad).expect("ad");
        op.update(text, &mut out).expect("text");
        assert_eq!(
            op.update(b"x", &mut out),
            Err(Error::InvalidArgument),
            "too much text"
        );
        let mut op = enc();
        op.set_nonce(&nonce).expect("nonce");
        op.set_lengths(0, 0).expect("lengths");
        assert_eq!(op.update_ad(ad), Err(Error::InvalidArgument));

        // CCM needs the lengths before any data.
        if ccm {
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            assert_eq!(op.update_ad(ad), Err(Error::BadState));
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            assert_eq!(op.update(text, &mut out), Err(Error::BadState));
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            assert_eq!(op.finish(&mut [], &mut tag), Err(Error::BadState));
            let mut op = dec();
            op.set_nonce(&nonce).expect("nonce");
            assert_eq!(op.verify(&mut [], &tag), Err(Error::BadState));
            // A 13-byte nonce leaves 2 bytes of length: 65536 bytes do not fit.
            let mut op = enc();
            op.set_nonce(&nonce).expect("nonce");
            assert_eq!(op.set_lengths(0, 0x1_0000), Err(Error::InvalidArgument));
            let mut op = enc();
            op.set_lengths(0, 0x1_0000).expect("fits a shorter nonce");
            assert_eq!(op.set_nonce(&nonce), Err(Error::InvalidArgument));
        }

        // Finish on a decryption, verify on an encryption.
        let mut op = dec();
        op.set_nonce(&nonce).expect("nonce");
        assert_eq!(op.finish(&mut [], &mut tag), Err(Error::BadState));
        let mut op = enc();
        op.set_nonce(&nonce).expect("nonce");
        assert_eq!(op.verify(&mut [], &tag), Err(Error::BadState));

        // Buffers: update output and tag.
        let mut op = lengths_set();
        op.update_ad(ad).expect("ad");
        assert_eq!(
            op.update(text, &mut out[..text.len() - 1]),
            Err(Error::BufferTooSmall)
        );
        let mut op = lengths_set();
        op.update_ad(ad).expect("ad");
        op.update(text, &mut out).expect("text");
        let mut short_tag = [0xffu8; 15];
        assert_eq!(
            op.finish(&mut [], &mut short_tag),
            Err(Error::BufferTooSmall)
        );
        assert_eq!(short_tag, [0; 15], "tag buffer wiped on failure");

        // A complete operation becomes inactive.
        let mut op = lengths_set();
        op.update_ad(ad).expect("ad");
        op.update(text, &mut out).expect("text");
        let mut big_tag = [0u8; 20];
        assert_eq!(op.finish(&mut [], &mut big_tag), Ok((0, 16)));
        assert_eq!(op.set_lengths(1, 1), Err(Error::BadState));
        assert_eq!(op.update(text, &mut out), Err(Error::BadState));

        // Lengths limits: GCM caps both; CCM and ChaCha20 take huge announcements.
        let mut op = enc();
        let r = op.set_lengths(usize::MAX, 0);
        assert_eq!(r.is_err(), alg == Algorithm::GCM, "{alg:?}: {r:?}");
        let mut op = enc();
        let r = op.set_lengths(0, usize::MAX);
        assert_eq!(r.is_err(), alg == Algorithm::GCM, "{alg:?}: {r:?}");
        if r.is_err() {
            assert_eq!(r, Err(Error::InvalidArgument));
            assert_eq!(
                op.set_nonce(&nonce),
                Err(Error::BadState),
                "error state after a failure"
            );
        }
        c.destroy_key(key).expect("destroy");
    }
}

#[test]
fn generated_nonce_round_trip() {
    let c = Crypto::in_memory();
    for (kt, key_len, alg, nonce_len) in [
        (KeyType::AES, 32, Algorithm::GCM, 12),
        (KeyType::CAMELLIA, 16, Algorithm::CCM, 13),
        (KeyType::XCHACHA20, 32, Algorithm::XCHACHA20_POLY1305, 24),
    ] {
        let key = import(&c, kt, &vec![5; key_len], alg);
        let mut op = c.aead_encrypt_setup(key, alg).expect("setup");
        let mut nonce = [0u8; 32];
        assert_eq!(op.generate_nonce(&mut nonce), Ok(nonce_len));
        op.set_lengths(1, 3).expect("lengths");
        op.update_ad(b"a").expect("ad");
        let mut ct = [0u8; 3];
        op.update(b"xyz", &mut ct).expect("text");
        let mut tag = [0u8; 16];
        op.finish(&mut [], &mut tag).expect("finish");
        let mut pt = [0u8; 3];
        let sealed = [&ct[..], &tag[..]].concat();
        c.aead_decrypt(key, alg, &nonce[..nonce_len], b"a", &sealed, &mut pt)
            .expect("the generated nonce decrypts");
        assert_eq!(&pt, b"xyz");
        let mut other = [0u8; 32];
        let mut op2 = c.aead_encrypt_setup(key, alg).expect("setup");
        op2.generate_nonce(&mut other).expect("nonce");
        assert_ne!(nonce[..nonce_len], other[..nonce_len], "fresh randomness");
    }
}

#[test]
fn destroy_during_multi_part_is_invalid_handle() {
    let c = Crypto::in_memory();
    let alg = Algorithm::GCM;
    // Destroyed before the nonce, after it, in the middle of the text, before verify.
    for at in 0..4 {
        let key = import(&c, KeyType::AES, &[4; 16], alg);
        let mut op = if at == 3 {
            c.aead_decrypt_setup(key, alg).expect("setup")
        } else {
            c.aead_encrypt_setup(key, alg).expect("setup")
        };
        let mut out = [0u8; 16];
        if at >= 1 {
            op.set_nonce(&[0; 12]).expect("nonce");
        }
        if at >= 2 {
            op.update(b"part", &mut out).expect("update");
        }
        c.destroy_key(key).expect("destroy while in use");
        let r = match at {
            0 => op.set_nonce(&[0; 12]),
            1 => op.update_ad(b"ad"),
            2 => op.update(b"more", &mut out).map(|_| ()),
            _ => op.verify(&mut [], &[0; 16]).map(|_| ()),
        };
        assert_eq!(r, Err(Error::InvalidHandle), "destroyed at step {at}");
        assert_eq!(
            op.update(b"x", &mut out),
            Err(Error::BadState),
            "error state until abort"
        );
        op.abort();
    }
    // Even a step that does no cryptography reports the destroy.
    let key = import(&c, KeyType::AES, &[4; 16], Algorithm::CCM);
    let mut op = c.aead_encrypt_setup(key, Algorithm::CCM).expect("setup");
    op.set_nonce(&[0; 13]).expect("nonce");
    c.destroy_key(key).expect("destroy");
    assert_eq!(op.set_lengths(0, 0), Err(Error::InvalidHandle));
}

#[test]
fn destroy_from_another_thread_while_operations_run() {
    let c = Arc::new(Crypto::in_memory());
    let key = import(
        &c,
        KeyType::CHACHA20,
        &[8; 32],
        Algorithm::CHACHA20_POLY1305,
    );
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|t| {
            let (c, stop) = (Arc::clone(&c), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut saw_invalid_handle = false;
                let mut rounds = 0u32;
                while !saw_invalid_handle && rounds < 1_000_000 {
                    rounds += 1;
                    let mut op = match c.aead_encrypt_setup(key, Algorithm::CHACHA20_POLY1305) {
                        Ok(op) => op,
                        Err(e) => {
                            assert_eq!(e, Error::InvalidHandle);
                            break;
                        }
                    };
                    let mut out = [0u8; 64];
                    let r = op
                        .set_nonce(&[t as u8; 12])
                        .and_then(|()| op.update(&[1; 64], &mut out).map(|_| ()))
                        .and_then(|()| op.finish(&mut [], &mut [0; 16]).map(|_| ()));
                    match r {
                        Ok(()) => {}
                        Err(Error::InvalidHandle) => saw_invalid_handle = true,
                        Err(e) => panic!("unexpected {e}"),
                    }
                    if stop.load(Ordering::Relaxed) && rounds > 10 {
                        break;
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    c.destroy_key(key).expect("destroy");
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("worker");
    }
    assert_eq!(
        c.aead_encrypt_setup(key, Algorithm::CHACHA20_POLY1305)
            .err(),
        Some(Error::InvalidHandle)
    );
}

#[test]
fn purge_does_not_disturb_a_running_operation() {
    let c = Crypto::in_memory();
    let attrs = KeyAttributes::new(KeyType::AES, 0)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(Algorithm::GCM)
        .with_id(KeyId::from_raw(77));
    let key = c.import_key(&attrs, &[6; 16]).expect("import");
    let (ct, tag) = {
        let mut op = c.aead_encrypt_setup(key, Algorithm::GCM).expect("setup");
        op.set_nonce(&[3; 12]).expect("nonce");
        let mut out = [0u8; 5];
        op.update(b"hello", &mut out).expect("update");
        c.purge_key(key).expect("purge");
        let mut tag = [0u8; 16];
        op.finish(&mut [], &mut tag).expect("finish after purge");
        (out, tag)
    };
    let mut pt = [0u8; 5];
    c.aead_decrypt(
        key,
        Algorithm::GCM,
        &[3; 12],
        b"",
        &[&ct[..], &tag[..]].concat(),
        &mut pt,
    )
    .expect("decrypt");
    assert_eq!(&pt, b"hello");
    c.destroy_key(key).expect("destroy");
}

#[test]
fn operation_is_send_and_debug_shows_no_secret() {
    fn assert_send<T: Send>() {}
    assert_send::<AeadOperation>();
    let c = Crypto::in_memory();
    let key = import(&c, KeyType::AES, &[0x42; 16], Algorithm::GCM);
    let mut op = c.aead_encrypt_setup(key, Algorithm::GCM).expect("setup");
    op.set_nonce(&[0; 12]).expect("nonce");
    let s = format!("{op:?}");
    assert!(s.starts_with("AeadOperation { state: \"Encrypt"), "{s}");
    assert!(!s.contains("4242"), "{s}");
    assert_eq!(
        format!("{:?}", AeadOperation::default()),
        "AeadOperation { state: \"inactive\" }"
    );
}
