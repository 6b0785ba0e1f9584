//! Unauthenticated ciphers over the public API: known answers (NIST SP 800-38A, RFC 8439,
//! RFC 5794, RFC 3713, FIPS 46 / SP 800-67, IEEE 1619, SP 800-38C), multi-part equal to
//! one-shot for random splits, padding errors, input-length rules, the state machine,
//! destroy during a multi-part operation, and short output buffers.

mod common;

use common::Rng;
use strongroom::{
    Algorithm as A, CipherOperation, Crypto, Error, KeyAttributes, KeyId, KeyType as K, Usage,
    sizes,
};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A volatile key of `t` for `alg`, usable both ways.
fn key(c: &Crypto, t: K, alg: A, material: &[u8]) -> KeyId {
    let attrs = KeyAttributes::new(t, 0)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(alg);
    c.import_key(&attrs, material).expect("import")
}

/// Runs a set-up operation over `input` cut at `cuts` (offsets, clamped and sorted),
/// checking every output length against the size macros; returns the whole output.
fn run(
    op: &mut CipherOperation,
    t: K,
    alg: A,
    input: &[u8],
    cuts: &[usize],
) -> Result<Vec<u8>, Error> {
    let mut bounds: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
    bounds.push(input.len());
    bounds.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for end in bounds {
        let part = &input[at..end];
        let size = sizes::cipher_update_output_size(t, alg, part.len()).expect("size");
        let mut buf = vec![0xa5; size];
        let n = op.update(part, &mut buf)?;
        assert!(n <= size, "update wrote {n} > {size}");
        out.extend_from_slice(&buf[..n]);
        at = end;
    }
    let size = sizes::cipher_finish_output_size(t, alg).expect("size");
    let mut buf = vec![0xa5; size];
    let n = op.finish(&mut buf)?;
    out.extend_from_slice(&buf[..n]);
    Ok(out)
}

/// Multi-part encryption with a given IV (`None`: the algorithm takes none).
fn encrypt_with_iv(
    c: &Crypto,
    k: KeyId,
    t: K,
    alg: A,
    iv: Option<&[u8]>,
    pt: &[u8],
    cuts: &[usize],
) -> Vec<u8> {
    let mut op = c.cipher_encrypt_setup(k, alg).expect("setup");
    if let Some(iv) = iv {
        op.set_iv(iv).expect("set_iv");
    }
    run(&mut op, t, alg, pt, cuts).expect("encrypt")
}

fn decrypt_with_iv(
    c: &Crypto,
    k: KeyId,
    t: K,
    alg: A,
    iv: Option<&[u8]>,
    ct: &[u8],
    cuts: &[usize],
) -> Result<Vec<u8>, Error> {
    let mut op = c.cipher_decrypt_setup(k, alg)?;
    if let Some(iv) = iv {
        op.set_iv(iv)?;
    }
    run(&mut op, t, alg, ct, cuts)
}

/// One-shot decryption of `iv ‖ ct` into a buffer of exactly the macro's size.
fn decrypt_oneshot(
    c: &Crypto,
    k: KeyId,
    t: K,
    alg: A,
    iv: &[u8],
    ct: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut input = iv.to_vec();
    input.extend_from_slice(ct);
    let mut out = vec![0; sizes::cipher_decrypt_output_size(t, alg, input.len()).expect("size")];
    let n = c.cipher_decrypt(k, alg, &input, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// Checks a known answer every way: multi-part encryption (whole and split), one-shot
/// and multi-part decryption.
fn known_answer(t: K, alg: A, k: &str, iv: &str, pt: &str, ct: &str) {
    let c = Crypto::in_memory();
    let id = key(&c, t, alg, &hex(k));
    let (iv, pt, ct) = (hex(iv), hex(pt), hex(ct));
    let iv_opt = (!iv.is_empty()).then_some(&iv[..]);
    for cuts in [&[][..], &[1, 7], &[16, 17, 33]] {
        assert_eq!(
            encrypt_with_iv(&c, id, t, alg, iv_opt, &pt, cuts),
            ct,
            "{alg:?} encrypt {cuts:?}"
        );
        assert_eq!(
            decrypt_with_iv(&c, id, t, alg, iv_opt, &ct, cuts).expect("decrypt"),
            pt,
            "{alg:?}"
        );
    }
    // One-shot decryption takes the IV of the default length only.
    if Some(iv.len()) == sizes::cipher_iv_length(t, alg) {
        assert_eq!(
            decrypt_oneshot(&c, id, t, alg, &iv, &ct).expect("one-shot"),
            pt,
            "{alg:?}"
        );
    }
}

const SP800_38A_KEY: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const SP800_38A_PT: &str = "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
                            30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";
const SP800_38A_IV: &str = "000102030405060708090a0b0c0d0e0f";

#[test]
fn sp800_38a_aes128() {
    let (k, pt, iv) = (SP800_38A_KEY, SP800_38A_PT, SP800_38A_IV);
    known_answer(
        K::AES,
        A::ECB_NO_PADDING,
        k,
        "",
        pt,
        "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
        43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4",
    );
    known_answer(
        K::AES,
        A::CBC_NO_PADDING,
        k,
        iv,
        pt,
        "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
        73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7",
    );
    known_answer(
        K::AES,
        A::CFB,
        k,
        iv,
        pt,
        "3b3fd92eb72dad20333449f8e83cfb4a c8a64537a0b3a93fcde3cdad9f1ce58b
        26751f67a3cbb140b1808cf187a4f4df c04b05357c5d1c0eeac4c66f9ff7f2e6",
    );
    known_answer(
        K::AES,
        A::OFB,
        k,
        iv,
        pt,
        "3b3fd92eb72dad20333449f8e83cfb4a 7789508d16918f03f53c52dac54ed825
        9740051e9c5fecf64344f7a82260edcc 304c6528f659c77866a510d9c1d6ae5e",
    );
    known_answer(
        K::AES,
        A::CTR,
        k,
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        pt,
        "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
        5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee",
    );
}

#[test]
fn sp800_38a_aes192_and_aes256_first_blocks() {
    let pt = "6bc1bee22e409f96e93d7e117393172a";
    let k192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
    let k256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    known_answer(
        K::AES,
        A::ECB_NO_PADDING,
        k192,
        "",
        pt,
        "bd334f1d6e45f25ff712a214571fa5cc",
    );
    known_answer(
        K::AES,
        A::ECB_NO_PADDING,
        k256,
        "",
        pt,
        "f3eed1bdb5d2a03c064b5a7e3db181f8",
    );
    known_answer(
        K::AES,
        A::CBC_NO_PADDING,
        k256,
        SP800_38A_IV,
        pt,
        "f58c4c04d6e5f1ba779eabfb5f7bfbd6",
    );
    known_answer(
        K::AES,
        A::CTR,
        k256,
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        pt,
        "601ec313775789a5b7a7f504bbf3d228",
    );
}

/// RFC 8439 §2.4.2 (counter 1, through the 16-byte counter ‖ nonce IV form).
#[test]
fn rfc8439_chacha20() {
    let pt = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
    let ct = "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d";
    let pt_hex: String = pt.iter().map(|b| format!("{b:02x}")).collect();
    known_answer(
        K::CHACHA20,
        A::STREAM_CIPHER,
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "01000000 000000000000004a00000000",
        &pt_hex,
        ct,
    );
}

/// Single-block known answers of the other block ciphers, through ECB.
#[test]
fn aria_camellia_des_known_answers() {
    let ecb = |t, k: &str, pt: &str, ct: &str| known_answer(t, A::ECB_NO_PADDING, k, "", pt, ct);
    // RFC 5794 appendix A.
    let aria_pt = "00112233445566778899aabbccddeeff";
    ecb(
        K::ARIA,
        "000102030405060708090a0b0c0d0e0f",
        aria_pt,
        "d718fbd6ab644c739da95f3be6451778",
    );
    ecb(
        K::ARIA,
        "000102030405060708090a0b0c0d0e0f1011121314151617",
        aria_pt,
        "26449c1805dbe7aa25a468ce263a9e79",
    );
    ecb(
        K::ARIA,
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        aria_pt,
        "f92bd7c79fb72e2f2b8f80c1972d24fc",
    );
    // RFC 3713 appendix A.
    let cam_pt = "0123456789abcdeffedcba9876543210";
    ecb(
        K::CAMELLIA,
        cam_pt,
        cam_pt,
        "67673138549669730857065648eabe43",
    );
    ecb(
        K::CAMELLIA,
        "0123456789abcdeffedcba98765432100011223344556677",
        cam_pt,
        "b4993401b3e996f84ee5cee7d79b09b9",
    );
    ecb(
        K::CAMELLIA,
        "0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff",
        cam_pt,
        "9acc237dff16d76c20ef7c919e3a7509",
    );
    // The classic DES worked example (FIPS 46 tutorials).
    ecb(
        K::DES,
        "133457799bbcdff1",
        "0123456789abcdef",
        "85e813540f0ab405",
    );
}

/// 3DES with all keys equal is single DES (E K1, D K1, E K1): 2-key and 3-key forms.
#[test]
fn triple_des_degenerates_to_des() {
    let c = Crypto::in_memory();
    let k = hex("133457799bbcdff1");
    let pt = hex("0123456789abcdef0011223344556677");
    let single = key(&c, K::DES, A::CBC_NO_PADDING, &k);
    let two = key(
        &c,
        K::DES,
        A::CBC_NO_PADDING,
        &[k.clone(), k.clone()].concat(),
    );
    let three = key(
        &c,
        K::DES,
        A::CBC_NO_PADDING,
        &[k.clone(), k.clone(), k].concat(),
    );
    let iv = [7u8; 8];
    let want = encrypt_with_iv(&c, single, K::DES, A::CBC_NO_PADDING, Some(&iv), &pt, &[]);
    for id in [two, three] {
        assert_eq!(
            encrypt_with_iv(&c, id, K::DES, A::CBC_NO_PADDING, Some(&iv), &pt, &[3]),
            want
        );
    }
}

/// SP 800-38C (NIST CCM test data): CCM* without a tag is the CCM ciphertext without its
/// tag.
#[test]
fn ccm_star_no_tag_known_answer() {
    known_answer(
        K::AES,
        A::CCM_STAR_NO_TAG,
        "90929a4b0ac65b350ad1591611fe4829",
        "5a8aa485c316e9403aff859fbb",
        "a16a2e741f1cd9717285b6d882c1fc53655e9773761ad697",
        "4bfe4e35784f0a65b545477e5e2f4bae0e1e6fa717eaf2cb",
    );
}

/// IEEE 1619-2007 vector 1 (XTS-AES-128: a 256-bit PSA AES key).
#[test]
fn xts_ieee_1619_vector_1() {
    known_answer(
        K::AES,
        A::XTS,
        &"00".repeat(32),
        &"00".repeat(16),
        &"00".repeat(32),
        "917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e",
    );
}

/// Every supported (key, algorithm) pair: random messages and random cuts; one-shot and
/// multi-part agree both ways, and output sizes match the size macros.
#[test]
fn multipart_equals_oneshot_for_random_splits() {
    let c = Crypto::in_memory();
    let mut rng = Rng::new(0x5eed_c1f3);
    let wide = [
        (K::AES, 16),
        (K::AES, 24),
        (K::AES, 32),
        (K::ARIA, 16),
        (K::CAMELLIA, 32),
    ];
    let des = [(K::DES, 8), (K::DES, 16), (K::DES, 24)];
    let mut cases: Vec<(K, usize, A)> = Vec::new();
    for (t, len) in wide.iter().chain(&des) {
        for alg in [
            A::ECB_NO_PADDING,
            A::CBC_NO_PADDING,
            A::CBC_PKCS7,
            A::CFB,
            A::OFB,
            A::CTR,
        ] {
            cases.push((*t, *len, alg));
        }
    }
    for (t, len) in wide {
        cases.push((t, len, A::CCM_STAR_NO_TAG));
    }
    for t in [K::AES, K::ARIA, K::CAMELLIA] {
        cases.push((t, 32, A::XTS));
    }
    cases.push((K::CHACHA20, 32, A::STREAM_CIPHER));
    cases.push((K::XCHACHA20, 32, A::STREAM_CIPHER));

    for (t, klen, alg) in cases {
        let material: Vec<u8> = (0..klen).map(|_| rng.next_u64() as u8).collect();
        let id = key(&c, t, alg, &material);
        let block = t.block_size().expect("block");
        for _ in 0..12 {
            let mut len = rng.below(100) as usize;
            if matches!(alg, A::ECB_NO_PADDING | A::CBC_NO_PADDING) {
                len -= len % block;
            }
            if alg == A::XTS {
                len = len.max(16);
            }
            let pt: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
            let mut oneshot =
                vec![0u8; sizes::cipher_encrypt_output_size(t, alg, len).expect("size")];
            let n = c
                .cipher_encrypt(id, alg, &pt, &mut oneshot)
                .expect("one-shot encrypt");
            assert_eq!(n, oneshot.len(), "{t:?} {alg:?}: the macro is exact");
            let iv_len = sizes::cipher_iv_length(t, alg).expect("iv");
            let (iv, ct) = oneshot.split_at(iv_len);
            let iv_opt = (iv_len > 0).then_some(iv);
            let cuts: Vec<usize> = (0..rng.below(4))
                .map(|_| rng.below(len as u64 + 1) as usize)
                .collect();
            let what = format!("{t:?}/{klen} {alg:?} len {len} cuts {cuts:?}");
            assert_eq!(
                encrypt_with_iv(&c, id, t, alg, iv_opt, &pt, &cuts),
                ct,
                "{what}"
            );
            assert_eq!(
                decrypt_with_iv(&c, id, t, alg, iv_opt, ct, &cuts).expect("decrypt"),
                pt,
                "{what}"
            );
            assert_eq!(
                decrypt_oneshot(&c, id, t, alg, iv, ct).expect("one-shot decrypt"),
                pt,
                "{what}"
            );
        }
        c.destroy_key(id).expect("destroy");
    }
}

/// `generate_iv` gives the default length, random values, and a usable IV.
#[test]
fn generate_iv() {
    let c = Crypto::in_memory();
    for (t, klen, alg, want) in [
        (K::AES, 16, A::CBC_PKCS7, 16),
        (K::DES, 8, A::CTR, 8),
        (K::AES, 16, A::CCM_STAR_NO_TAG, 13),
        (K::CHACHA20, 32, A::STREAM_CIPHER, 12),
        (K::XCHACHA20, 32, A::STREAM_CIPHER, 24),
    ] {
        let id = key(&c, t, alg, &vec![3; klen]);
        let mut ivs = Vec::new();
        for _ in 0..2 {
            let mut op = c.cipher_encrypt_setup(id, alg).expect("setup");
            let mut iv = [0u8; sizes::CIPHER_IV_MAX_SIZE];
            assert_eq!(op.generate_iv(&mut iv).expect("generate"), want);
            let ct = run(&mut op, t, alg, b"fourteen bytes", &[]).expect("encrypt");
            assert_eq!(
                decrypt_oneshot(&c, id, t, alg, &iv[..want], &ct).expect("decrypt"),
                b"fourteen bytes"
            );
            ivs.push(iv);
        }
        assert_ne!(ivs[0], ivs[1], "two generated IVs are equal");
        let mut op = c.cipher_encrypt_setup(id, alg).expect("setup");
        assert_eq!(
            op.generate_iv(&mut vec![0; want - 1]),
            Err(Error::BufferTooSmall)
        );
        assert_eq!(
            op.set_iv(&vec![0; want]),
            Err(Error::BadState),
            "error state after a failed step"
        );
    }
}

/// IV lengths: the alternatives the spec defines are accepted, others are INVALID_ARGUMENT.
#[test]
fn iv_forms() {
    let c = Crypto::in_memory();
    let aes = key(&c, K::AES, A::CTR, &[1; 16]);
    // A short CTR IV is the counter block's leading bytes, zero-padded.
    let short = encrypt_with_iv(&c, aes, K::AES, A::CTR, Some(&[9, 8, 7]), &[0; 40], &[]);
    let mut full = [0u8; 16];
    full[..3].copy_from_slice(&[9, 8, 7]);
    assert_eq!(
        encrypt_with_iv(&c, aes, K::AES, A::CTR, Some(&full), &[0; 40], &[5]),
        short
    );
    for bad in [0usize, 17, 24] {
        let mut op = c.cipher_encrypt_setup(aes, A::CTR).expect("setup");
        assert_eq!(
            op.set_iv(&vec![0; bad]),
            Err(Error::InvalidArgument),
            "CTR IV of {bad}"
        );
    }
    let cbc = key(&c, K::AES, A::CBC_NO_PADDING, &[1; 16]);
    let mut op = c
        .cipher_decrypt_setup(cbc, A::CBC_NO_PADDING)
        .expect("setup");
    assert_eq!(op.set_iv(&[0; 15]), Err(Error::InvalidArgument));
    let ccm = key(&c, K::AES, A::CCM_STAR_NO_TAG, &[1; 16]);
    for (len, want) in [
        (12, Err(Error::InvalidArgument)),
        (13, Ok(())),
        (14, Err(Error::InvalidArgument)),
    ] {
        let mut op = c
            .cipher_encrypt_setup(ccm, A::CCM_STAR_NO_TAG)
            .expect("setup");
        assert_eq!(op.set_iv(&vec![0x2a; len]), want, "CCM* IV of {len}");
    }
    // ChaCha20: 12-byte nonce; 16 = counter ‖ nonce; 8 = original ChaCha20.
    let cha = key(&c, K::CHACHA20, A::STREAM_CIPHER, &[5; 32]);
    let nonce = [4u8; 12];
    let from0 = encrypt_with_iv(
        &c,
        cha,
        K::CHACHA20,
        A::STREAM_CIPHER,
        Some(&nonce),
        &[0; 128],
        &[],
    );
    let mut with_ctr = vec![1, 0, 0, 0];
    with_ctr.extend_from_slice(&nonce);
    let from1 = encrypt_with_iv(
        &c,
        cha,
        K::CHACHA20,
        A::STREAM_CIPHER,
        Some(&with_ctr),
        &[0; 64],
        &[],
    );
    assert_eq!(from1, from0[64..]);
    assert_eq!(
        encrypt_with_iv(
            &c,
            cha,
            K::CHACHA20,
            A::STREAM_CIPHER,
            Some(&[0; 8]),
            &[0; 10],
            &[]
        )
        .len(),
        10
    );
    for bad in [0usize, 11, 13, 24] {
        let mut op = c
            .cipher_encrypt_setup(cha, A::STREAM_CIPHER)
            .expect("setup");
        assert_eq!(
            op.set_iv(&vec![0; bad]),
            Err(Error::InvalidArgument),
            "ChaCha20 IV of {bad}"
        );
    }
    // XChaCha20: 24-byte nonce; 32 = counter ‖ nonce.
    let x = key(&c, K::XCHACHA20, A::STREAM_CIPHER, &[6; 32]);
    let xn = [8u8; 24];
    let from0 = encrypt_with_iv(
        &c,
        x,
        K::XCHACHA20,
        A::STREAM_CIPHER,
        Some(&xn),
        &[0; 192],
        &[],
    );
    let mut with_ctr = vec![2, 0, 0, 0, 0, 0, 0, 0];
    with_ctr.extend_from_slice(&xn);
    let from2 = encrypt_with_iv(
        &c,
        x,
        K::XCHACHA20,
        A::STREAM_CIPHER,
        Some(&with_ctr),
        &[0; 64],
        &[],
    );
    assert_eq!(from2, from0[128..]);
    let mut op = c.cipher_encrypt_setup(x, A::STREAM_CIPHER).expect("setup");
    assert_eq!(op.set_iv(&[0; 12]), Err(Error::InvalidArgument));
}

/// Malformed PKCS#7 padding is INVALID_PADDING, one-shot and multi-part; the multi-part
/// operation is then in its error state.
#[test]
fn padding_errors() {
    let c = Crypto::in_memory();
    let id = key(&c, K::AES, A::CBC_PKCS7, &[0x11; 16]);
    for len in [0usize, 5, 16, 31] {
        let pt = vec![0x42u8; len];
        let mut out =
            vec![0u8; sizes::cipher_encrypt_output_size(K::AES, A::CBC_PKCS7, len).expect("size")];
        let n = c
            .cipher_encrypt(id, A::CBC_PKCS7, &pt, &mut out)
            .expect("encrypt");
        out.truncate(n);
        let pad = (16 - len % 16) as u8;
        // Flipping a byte of the block before the last (or of the IV) flips the same byte
        // of the last plaintext block.
        let at = n - 17;
        for new_last in [0u8, 17, 0xff, pad ^ 1] {
            if new_last == pad {
                continue;
            }
            let mut bad = out.clone();
            bad[at] ^= pad ^ new_last;
            let mut plain = vec![0u8; n];
            assert_eq!(
                c.cipher_decrypt(id, A::CBC_PKCS7, &bad, &mut plain),
                Err(Error::InvalidPadding),
                "len {len} last {new_last}"
            );
            let (iv, ct) = bad.split_at(16);
            let mut op = c.cipher_decrypt_setup(id, A::CBC_PKCS7).expect("setup");
            op.set_iv(iv).expect("iv");
            let mut buf = vec![0u8; ct.len()];
            let k = op.update(ct, &mut buf).expect("update");
            assert_eq!(k, ct.len() - 16, "the last block is held back");
            assert_eq!(op.finish(&mut [0u8; 16]), Err(Error::InvalidPadding));
            assert_eq!(op.finish(&mut [0u8; 16]), Err(Error::BadState));
            op.abort();
        }
        // A padding byte inside the pad that differs (pad >= 2).
        if pad >= 2 {
            let mut bad = out.clone();
            bad[at - 1] ^= 0x01;
            let mut plain = vec![0u8; n];
            assert_eq!(
                c.cipher_decrypt(id, A::CBC_PKCS7, &bad, &mut plain),
                Err(Error::InvalidPadding)
            );
        }
    }
}

/// Lengths a mode cannot process are INVALID_ARGUMENT, one-shot and at `finish`.
#[test]
fn input_length_rules() {
    let c = Crypto::in_memory();
    let mut out = [0u8; 128];
    let ecb = key(&c, K::AES, A::ECB_NO_PADDING, &[1; 16]);
    assert_eq!(
        c.cipher_encrypt(ecb, A::ECB_NO_PADDING, &[0; 15], &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.cipher_decrypt(ecb, A::ECB_NO_PADDING, &[0; 17], &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.cipher_encrypt(ecb, A::ECB_NO_PADDING, &[], &mut out),
        Ok(0)
    );
    let mut op = c
        .cipher_encrypt_setup(ecb, A::ECB_NO_PADDING)
        .expect("setup");
    assert_eq!(op.update(&[0; 20], &mut out), Ok(16));
    assert_eq!(op.finish(&mut out), Err(Error::InvalidArgument));

    let pkcs = key(&c, K::AES, A::CBC_PKCS7, &[1; 16]);
    assert_eq!(
        c.cipher_decrypt(pkcs, A::CBC_PKCS7, &[0; 16], &mut out),
        Err(Error::InvalidArgument),
        "no ciphertext block"
    );
    assert_eq!(
        c.cipher_decrypt(pkcs, A::CBC_PKCS7, &[0; 31], &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.cipher_decrypt(pkcs, A::CBC_PKCS7, &[0; 15], &mut out),
        Err(Error::InvalidArgument),
        "shorter than the IV"
    );
    let mut op = c.cipher_decrypt_setup(pkcs, A::CBC_PKCS7).expect("setup");
    op.set_iv(&[0; 16]).expect("iv");
    assert_eq!(op.update(&[0; 15], &mut out), Ok(0));
    assert_eq!(op.finish(&mut out), Err(Error::InvalidArgument));

    let xts = key(&c, K::AES, A::XTS, &[1; 32]);
    assert_eq!(
        c.cipher_encrypt(xts, A::XTS, &[0; 15], &mut out),
        Err(Error::InvalidArgument)
    );
    let mut op = c.cipher_encrypt_setup(xts, A::XTS).expect("setup");
    op.set_iv(&[0; 16]).expect("iv");
    assert_eq!(op.update(&[0; 15], &mut out), Ok(0));
    assert_eq!(op.finish(&mut out), Err(Error::InvalidArgument));

    let ccm = key(&c, K::AES, A::CCM_STAR_NO_TAG, &[1; 16]);
    assert_eq!(
        c.cipher_decrypt(ccm, A::CCM_STAR_NO_TAG, &[0; 12], &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.cipher_decrypt(ccm, A::CCM_STAR_NO_TAG, &[0; 13], &mut out),
        Ok(0)
    );
}

/// The PSA state machine: what each step answers in each state.
#[test]
fn state_machine_misuse() {
    let c = Crypto::in_memory();
    let id = key(&c, K::AES, A::CBC_PKCS7, &[0xaa; 16]);
    let iv = [0u8; 16];
    let text = [0xbbu8; 16];
    let mut buf = [0u8; 48];

    // Update or finish before the IV; generate after set; set twice; set after generate.
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    assert_eq!(op.update(&text, &mut buf), Err(Error::BadState));
    assert_eq!(
        op.set_iv(&iv),
        Err(Error::BadState),
        "error state until abort"
    );
    op.abort();
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    assert_eq!(op.finish(&mut buf), Err(Error::BadState));
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.set_iv(&iv).expect("iv");
    assert_eq!(op.generate_iv(&mut buf), Err(Error::BadState));
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.set_iv(&iv).expect("iv");
    assert_eq!(op.set_iv(&iv), Err(Error::BadState));
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.generate_iv(&mut buf).expect("generate");
    assert_eq!(op.generate_iv(&mut buf), Err(Error::BadState));
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.generate_iv(&mut buf).expect("generate");
    assert_eq!(op.set_iv(&iv), Err(Error::BadState));

    // After finish: update and finish are BAD_STATE; abort is always fine; reuse by setup.
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.set_iv(&iv).expect("iv");
    assert_eq!(
        op.finish(&mut buf),
        Ok(16),
        "empty message: one block of padding"
    );
    assert_eq!(op.update(&text, &mut buf), Err(Error::BadState));
    assert_eq!(op.finish(&mut buf), Err(Error::BadState));
    op.abort();
    op.abort();
    op = c
        .cipher_decrypt_setup(id, A::CBC_PKCS7)
        .expect("setup again");
    op.set_iv(&iv).expect("iv");

    // A failed update (short output) leaves the operation in its error state.
    let mut op = c.cipher_encrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.set_iv(&iv).expect("iv");
    assert_eq!(op.update(&text, &mut buf[..15]), Err(Error::BufferTooSmall));
    assert_eq!(op.update(&text, &mut buf), Err(Error::BadState));
    assert_eq!(format!("{op:?}"), "CipherOperation { state: \"error\" }");
    op.abort();

    // ECB takes no IV: generate_iv and set_iv are BAD_STATE (even with a short buffer).
    let ecb = key(&c, K::AES, A::ECB_NO_PADDING, &[0xaa; 16]);
    for mut op in [
        c.cipher_encrypt_setup(ecb, A::ECB_NO_PADDING)
            .expect("setup"),
        c.cipher_decrypt_setup(ecb, A::ECB_NO_PADDING)
            .expect("setup"),
    ] {
        assert_eq!(op.generate_iv(&mut [0u8; 1]), Err(Error::BadState));
    }
    let mut op = c
        .cipher_decrypt_setup(ecb, A::ECB_NO_PADDING)
        .expect("setup");
    assert_eq!(op.set_iv(&[0x5a]), Err(Error::BadState));
    let mut op = c
        .cipher_encrypt_setup(ecb, A::ECB_NO_PADDING)
        .expect("setup");
    assert_eq!(op.update(&text, &mut buf), Ok(16));
    assert_eq!(op.finish(&mut buf), Ok(0));
}

/// Destroying the key wipes a multi-part operation's copy: its next step is
/// INVALID_HANDLE, then BAD_STATE until abort.
#[test]
fn destroy_during_multipart_operation() {
    let c = Crypto::in_memory();
    for alg in [A::CBC_PKCS7, A::CTR, A::ECB_NO_PADDING] {
        let id = key(&c, K::AES, alg, &[0x77; 16]);
        let mut op = c.cipher_encrypt_setup(id, alg).expect("setup");
        if alg != A::ECB_NO_PADDING {
            op.set_iv(&[1; 16]).expect("iv");
        }
        let mut buf = [0u8; 64];
        op.update(&[2; 20], &mut buf).expect("update");
        // Destroy from another thread while the operation is alive (operations are Send).
        std::thread::scope(|s| {
            s.spawn(|| c.destroy_key(id).expect("destroy"));
        });
        assert_eq!(
            op.update(&[2; 20], &mut buf),
            Err(Error::InvalidHandle),
            "{alg:?}"
        );
        assert_eq!(op.finish(&mut buf), Err(Error::BadState));
        op.abort();
    }
    // Destroyed between setup and set_iv; and before finish.
    let id = key(&c, K::AES, A::CBC_NO_PADDING, &[0x77; 16]);
    let mut op = c
        .cipher_decrypt_setup(id, A::CBC_NO_PADDING)
        .expect("setup");
    let mut op2 = c
        .cipher_decrypt_setup(id, A::CBC_NO_PADDING)
        .expect("setup");
    op2.set_iv(&[0; 16]).expect("iv");
    c.destroy_key(id).expect("destroy");
    assert_eq!(op.set_iv(&[0; 16]), Err(Error::InvalidHandle));
    assert_eq!(op2.finish(&mut [0; 16]), Err(Error::InvalidHandle));
    // A new key with the same material does not revive the old operations.
    let _other = key(&c, K::AES, A::CBC_NO_PADDING, &[0x77; 16]);
    assert_eq!(op2.update(&[0; 16], &mut [0; 16]), Err(Error::BadState));
}

/// A short output buffer is BUFFER_TOO_SMALL and the buffer is left as it was.
#[test]
fn short_buffers_are_left_untouched() {
    let c = Crypto::in_memory();
    let id = key(&c, K::AES, A::CBC_PKCS7, &[9; 16]);
    let pt = [0x33u8; 20];
    let need = sizes::cipher_encrypt_output_size(K::AES, A::CBC_PKCS7, pt.len()).expect("size");
    let mut short = vec![0xeeu8; need - 1];
    assert_eq!(
        c.cipher_encrypt(id, A::CBC_PKCS7, &pt, &mut short),
        Err(Error::BufferTooSmall)
    );
    assert!(short.iter().all(|&b| b == 0xee));

    let mut ct = vec![0u8; need];
    c.cipher_encrypt(id, A::CBC_PKCS7, &pt, &mut ct)
        .expect("encrypt");
    // Decryption into exactly the plaintext length works (through a temporary buffer);
    // one byte less is refused without writing.
    let mut exact = vec![0u8; pt.len()];
    assert_eq!(
        c.cipher_decrypt(id, A::CBC_PKCS7, &ct, &mut exact),
        Ok(pt.len())
    );
    assert_eq!(exact, pt);
    let mut short = vec![0xeeu8; pt.len() - 1];
    assert_eq!(
        c.cipher_decrypt(id, A::CBC_PKCS7, &ct, &mut short),
        Err(Error::BufferTooSmall)
    );
    assert!(short.iter().all(|&b| b == 0xee));

    let ctr = key(&c, K::AES, A::CTR, &[9; 16]);
    let mut short = vec![0xeeu8; 16 + 19];
    assert_eq!(
        c.cipher_encrypt(ctr, A::CTR, &pt, &mut short),
        Err(Error::BufferTooSmall)
    );
    assert!(short.iter().all(|&b| b == 0xee));

    // Multi-part: finish of CBC_PKCS7 decryption with room for less than the plaintext.
    let (iv, body) = ct.split_at(16);
    let mut op = c.cipher_decrypt_setup(id, A::CBC_PKCS7).expect("setup");
    op.set_iv(iv).expect("iv");
    let mut out = [0u8; 32];
    assert_eq!(op.update(body, &mut out), Ok(16));
    let mut last = [0xeeu8; 3];
    assert_eq!(op.finish(&mut last), Err(Error::BufferTooSmall));
    assert_eq!(last, [0xee; 3]);
}

/// Usage, policy, algorithm category and key support statuses.
#[test]
fn policy_and_support_statuses() {
    let c = Crypto::in_memory();
    let mut out = [0u8; 64];
    let enc_only = c
        .import_key(
            &KeyAttributes::new(K::AES, 0)
                .with_usage(Usage::ENCRYPT)
                .with_algorithm(A::CTR),
            &[1; 16],
        )
        .expect("import");
    assert!(c.cipher_encrypt(enc_only, A::CTR, b"x", &mut out).is_ok());
    assert_eq!(
        c.cipher_decrypt(enc_only, A::CTR, &[0; 17], &mut out),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        c.cipher_decrypt_setup(enc_only, A::CTR).err(),
        Some(Error::NotPermitted)
    );
    assert_eq!(
        c.cipher_encrypt_setup(enc_only, A::CBC_NO_PADDING).err(),
        Some(Error::NotPermitted)
    );
    assert_eq!(
        c.cipher_encrypt(enc_only, A::CMAC, b"x", &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.cipher_encrypt_setup(enc_only, A::GCM).err(),
        Some(Error::InvalidArgument)
    );
    assert_eq!(
        c.cipher_encrypt_setup(KeyId::from_raw(0x7fff_fff0), A::CTR)
            .err(),
        Some(Error::InvalidHandle)
    );
    // Keys the algorithm cannot use, with a policy that names it.
    let raw = key(&c, K::RAW_DATA, A::CTR, &[1; 16]);
    assert_eq!(
        c.cipher_encrypt_setup(raw, A::CTR).err(),
        Some(Error::NotSupported)
    );
    let cha = key(&c, K::CHACHA20, A::CTR, &[1; 32]);
    assert_eq!(
        c.cipher_encrypt(cha, A::CTR, b"x", &mut out),
        Err(Error::NotSupported)
    );
    let des = key(&c, K::DES, A::CCM_STAR_NO_TAG, &[1; 8]);
    assert_eq!(
        c.cipher_encrypt_setup(des, A::CCM_STAR_NO_TAG).err(),
        Some(Error::NotSupported)
    );
    let aes128_xts = key(&c, K::AES, A::XTS, &[1; 16]);
    assert_eq!(
        c.cipher_encrypt_setup(aes128_xts, A::XTS).err(),
        Some(Error::NotSupported)
    );
    let unknown = A::from_raw(0x0400_0000);
    let u = key(&c, K::AES, unknown, &[1; 16]);
    assert_eq!(
        c.cipher_encrypt_setup(u, unknown).err(),
        Some(Error::NotSupported)
    );
}

/// Neither the operation's nor the engine's `Debug` output shows key material.
#[test]
fn debug_shows_no_key_material() {
    let c = Crypto::in_memory();
    let id = key(&c, K::AES, A::CTR, &[0xa5; 16]);
    let mut op = c.cipher_encrypt_setup(id, A::CTR).expect("setup");
    op.set_iv(&[0xa5; 16]).expect("iv");
    let mut out = [0u8; 8];
    op.update(&[0; 8], &mut out).expect("update");
    let dbg = format!("{op:?} {c:?}");
    assert!(
        !dbg.contains("165") && !dbg.to_lowercase().contains("a5a5"),
        "{dbg}"
    );
    assert!(dbg.contains("Encrypt"), "{dbg}");
}

/// One key, several threads, one-shot and multi-part at once: each result decrypts.
#[test]
fn shared_key_across_threads() {
    let c = Crypto::in_memory();
    let id = key(&c, K::AES, A::CBC_PKCS7, &[0x3c; 32]);
    std::thread::scope(|s| {
        for t in 0..4u8 {
            let c = &c;
            s.spawn(move || {
                for i in 0..50u8 {
                    let pt = vec![t ^ i; usize::from(i)];
                    let mut ct = vec![0u8; 16 + (pt.len() / 16 + 1) * 16];
                    let n = c
                        .cipher_encrypt(id, A::CBC_PKCS7, &pt, &mut ct)
                        .expect("encrypt");
                    let (iv, body) = ct[..n].split_at(16);
                    let back = decrypt_with_iv(c, id, K::AES, A::CBC_PKCS7, Some(iv), body, &[7])
                        .expect("decrypt");
                    assert_eq!(back, pt);
                }
            });
        }
    });
}
