//! Asymmetric keys over the public API: import / export / generation, ECDSA (randomized,
//! deterministic, `ECDSA_ANY`), EdDSA, RSA signatures and encryption, ECDH / X25519 / X448
//! / FFDH, `psa_key_agreement`, invalid-key rejection, policy and buffer errors, destroy.
//!
//! Known answers come from the RFCs (RFC 6979 A.2.5, RFC 8032 §7, RFC 7748 §6, RFC 5903
//! §8.1) and, for RSA and FFDH, from keys, signatures and secrets made with OpenSSL (Python
//! `cryptography`) for this test.

use std::sync::Arc;

use strongroom::{
    Algorithm, Crypto, EccFamily, Error, KeyAttributes, KeyId, KeyType, Usage, sizes,
};

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

const SHA256: Algorithm = Algorithm::SHA_256;
const SIGN_ALL: Usage = Usage::SIGN_HASH.union(Usage::VERIFY_HASH);

fn pair(f: EccFamily) -> KeyType {
    KeyType::ecc_key_pair(f)
}

fn public(f: EccFamily) -> KeyType {
    KeyType::ecc_public_key(f)
}

fn attrs(key_type: KeyType, bits: u32, usage: Usage, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new(key_type, bits)
        .with_usage(usage)
        .with_algorithm(alg)
}

fn import(c: &Crypto, key_type: KeyType, usage: Usage, alg: Algorithm, data: &[u8]) -> KeyId {
    c.import_key(&attrs(key_type, 0, usage, alg), data)
        .unwrap_or_else(|e| panic!("import {key_type:?}: {e}"))
}

fn export(c: &Crypto, key: KeyId) -> Vec<u8> {
    c.export_key_to_vec(key).expect("export").to_vec()
}

fn export_public(c: &Crypto, key: KeyId) -> Vec<u8> {
    c.export_public_key_to_vec(key).expect("export public")
}

fn sign_hash(c: &Crypto, key: KeyId, alg: Algorithm, hash: &[u8]) -> Result<Vec<u8>, Error> {
    let mut sig = vec![0u8; 1024];
    let n = c.sign_hash(key, alg, hash, &mut sig)?;
    sig.truncate(n);
    Ok(sig)
}

fn sign_message(c: &Crypto, key: KeyId, alg: Algorithm, msg: &[u8]) -> Result<Vec<u8>, Error> {
    let mut sig = vec![0u8; 1024];
    let n = c.sign_message(key, alg, msg, &mut sig)?;
    sig.truncate(n);
    Ok(sig)
}

fn agree(c: &Crypto, key: KeyId, peer: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; 128];
    let n = c.raw_key_agreement(Algorithm::ECDH, key, peer, &mut out)?;
    out.truncate(n);
    Ok(out)
}

fn sha(c: &Crypto, alg: Algorithm, msg: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 64];
    let n = c.hash_compute(alg, msg, &mut out).expect("hash");
    out.truncate(n);
    out
}

/// Every short-Weierstrass curve the driver implements.
const WEIERSTRASS: [(EccFamily, u32); 8] = [
    (EccFamily::SECP_R1, 192),
    (EccFamily::SECP_R1, 224),
    (EccFamily::SECP_R1, 256),
    (EccFamily::SECP_R1, 384),
    (EccFamily::SECP_R1, 521),
    (EccFamily::SECP_K1, 256),
    (EccFamily::BRAINPOOL_P_R1, 256),
    (EccFamily::BRAINPOOL_P_R1, 384),
];

#[test]
fn ecdsa_sign_verify_round_trips_on_every_curve() {
    let c = Crypto::in_memory();
    for (family, bits) in WEIERSTRASS {
        let what = format!("{family:?} {bits}");
        let field = (bits as usize).div_ceil(8);
        let usage = SIGN_ALL | Usage::EXPORT;
        let any = Algorithm::ecdsa(Algorithm::ANY_HASH);
        let key = c
            .generate_key(&attrs(pair(family), bits, usage, any))
            .unwrap_or_else(|e| panic!("{what}: generate: {e}"));
        let got = c.key_attributes(key).expect("attributes");
        assert_eq!(got.bits(), bits, "{what}");
        assert!(
            got.usage()
                .contains(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        );
        let private = export(&c, key);
        assert_eq!(private.len(), field, "{what}");
        let public_bytes = export_public(&c, key);
        assert_eq!(public_bytes.len(), 1 + 2 * field, "{what}");
        assert_eq!(public_bytes[0], 0x04);

        // Randomized ECDSA over a hash, then over a message, then ECDSA_ANY.
        let hash = sha(&c, SHA256, b"message");
        let alg = Algorithm::ecdsa(SHA256);
        let sig = sign_hash(&c, key, alg, &hash).expect("sign");
        assert_eq!(sig.len(), 2 * field, "{what}");
        assert_eq!(
            sizes::sign_output_size(pair(family), bits as usize, alg),
            Some(sig.len())
        );
        c.verify_hash(key, alg, &hash, &sig).expect("verify");
        let mut bad = sig.clone();
        bad[field + 3] ^= 0x40;
        assert_eq!(
            c.verify_hash(key, alg, &hash, &bad),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            c.verify_hash(key, alg, &hash, &sig[..sig.len() - 1]),
            Err(Error::InvalidSignature)
        );
        let other = sha(&c, SHA256, b"other message");
        assert_eq!(
            c.verify_hash(key, alg, &other, &sig),
            Err(Error::InvalidSignature)
        );
        let sig2 = sign_hash(&c, key, alg, &hash).expect("sign again");
        assert_ne!(sig, sig2, "{what}: randomized ECDSA repeated a signature");

        let alg384 = Algorithm::ecdsa(Algorithm::SHA_384);
        let msig = sign_message(&c, key, alg384, b"a message").expect("sign message");
        c.verify_message(key, alg384, b"a message", &msig)
            .expect("verify message");
        let h384 = sha(&c, Algorithm::SHA_384, b"a message");
        c.verify_hash(key, alg384, &h384, &msig)
            .expect("sign_message = hash then sign_hash");
        assert_eq!(
            c.verify_message(key, alg384, b"another message", &msig),
            Err(Error::InvalidSignature)
        );
        let short = [0x5au8; 20];
        let asig = sign_hash(&c, key, Algorithm::ECDSA_ANY, &short).expect("ECDSA_ANY");
        c.verify_hash(key, Algorithm::ECDSA_ANY, &short, &asig)
            .expect("verify ECDSA_ANY");

        // The public key alone verifies, and cannot sign.
        let pubkey = import(&c, public(family), Usage::VERIFY_HASH, any, &public_bytes);
        assert_eq!(c.key_attributes(pubkey).expect("attrs").bits(), bits);
        c.verify_hash(pubkey, alg, &hash, &sig)
            .expect("verify with the public key");
        assert_eq!(export_public(&c, pubkey), public_bytes);
        assert_eq!(
            export(&c, pubkey),
            public_bytes,
            "public keys export without EXPORT"
        );
        assert_eq!(
            sign_hash(&c, pubkey, alg, &hash),
            Err(Error::NotPermitted),
            "{what}: public key without SIGN_HASH"
        );

        // The exported private key re-imports to the same key; deterministic ECDSA.
        let det = Algorithm::deterministic_ecdsa(SHA256);
        let again = import(&c, pair(family), SIGN_ALL, det, &private);
        assert_eq!(export_public(&c, again), public_bytes);
        let d1 = sign_hash(&c, again, det, &hash).expect("deterministic");
        let d2 = sign_hash(&c, again, det, &hash).expect("deterministic");
        assert_eq!(d1, d2, "{what}: RFC 6979 is deterministic");
        c.verify_hash(pubkey, alg, &hash, &d1)
            .expect("a deterministic signature is an ECDSA signature");
        for k in [key, pubkey, again] {
            c.destroy_key(k).expect("destroy");
        }
    }
}

#[test]
fn deterministic_ecdsa_p256_rfc6979_a25() {
    let c = Crypto::in_memory();
    let d = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let det = Algorithm::deterministic_ecdsa(SHA256);
    let key = import(&c, pair(EccFamily::SECP_R1), SIGN_ALL, det, &d);
    assert_eq!(c.key_attributes(key).expect("attrs").bits(), 256);
    let ux = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
    let uy = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
    assert_eq!(export_public(&c, key), hex(&format!("04{ux}{uy}")));
    let cases = [
        (
            &b"sample"[..],
            "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
            "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        ),
        (
            &b"test"[..],
            "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
            "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
        ),
    ];
    for (msg, r, s) in cases {
        let expected = hex(&format!("{r}{s}"));
        assert_eq!(sign_message(&c, key, det, msg).expect("sign"), expected);
        let hash = sha(&c, SHA256, msg);
        assert_eq!(sign_hash(&c, key, det, &hash).expect("sign hash"), expected);
        c.verify_message(key, det, msg, &expected).expect("verify");
    }
}

#[test]
fn ed25519_rfc8032() {
    let c = Crypto::in_memory();
    let usage = Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE;
    let ed = EccFamily::TWISTED_EDWARDS;
    // RFC 8032 §7.1 tests 1 and 2.
    let vectors = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
    ];
    for (secret, public_hex, msg, sig) in vectors {
        let key = import(&c, pair(ed), usage, Algorithm::PURE_EDDSA, &hex(secret));
        assert_eq!(c.key_attributes(key).expect("attrs").bits(), 255);
        assert_eq!(export_public(&c, key), hex(public_hex));
        let got = sign_message(&c, key, Algorithm::PURE_EDDSA, &hex(msg)).expect("sign");
        assert_eq!(got, hex(sig));
        let pubkey = import(
            &c,
            public(ed),
            usage,
            Algorithm::PURE_EDDSA,
            &hex(public_hex),
        );
        c.verify_message(pubkey, Algorithm::PURE_EDDSA, &hex(msg), &got)
            .expect("verify");
        let mut bad = got.clone();
        bad[0] ^= 1;
        assert_eq!(
            c.verify_message(pubkey, Algorithm::PURE_EDDSA, &hex(msg), &bad),
            Err(Error::InvalidSignature)
        );
        // Pure EdDSA is not a sign-hash algorithm.
        assert_eq!(
            sign_hash(&c, key, Algorithm::PURE_EDDSA, &[0; 64]),
            Err(Error::InvalidArgument)
        );
    }

    // RFC 8032 §7.3, Ed25519ph of "abc": through sign_message and through sign_hash with
    // the SHA-512 prehash.
    let ph = Algorithm::ED25519PH;
    let key = import(
        &c,
        pair(ed),
        SIGN_ALL,
        ph,
        &hex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42"),
    );
    assert_eq!(
        export_public(&c, key),
        hex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf")
    );
    let expected = hex(
        "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
    );
    assert_eq!(sign_message(&c, key, ph, b"abc").expect("sign"), expected);
    let prehash = sha(&c, Algorithm::SHA_512, b"abc");
    assert_eq!(
        sign_hash(&c, key, ph, &prehash).expect("sign hash"),
        expected
    );
    c.verify_hash(key, ph, &prehash, &expected).expect("verify");
    assert_eq!(
        sign_hash(&c, key, ph, &prehash[..32]),
        Err(Error::InvalidArgument),
        "the prehash is 64 bytes"
    );
}

#[test]
fn ed448_rfc8032_and_ed448ph_round_trip() {
    let c = Crypto::in_memory();
    let ed = EccFamily::TWISTED_EDWARDS;
    let usage = Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE | Usage::EXPORT;
    // RFC 8032 §7.4, "1 octet".
    let secret = hex(
        "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
    );
    let public_bytes = hex(
        "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
    );
    let expected = hex(
        "26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f4352541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cbcee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0ff3348ab21aa4adafd1d234441cf807c03a00",
    );
    let key = import(&c, pair(ed), usage, Algorithm::PURE_EDDSA, &secret);
    assert_eq!(c.key_attributes(key).expect("attrs").bits(), 448);
    assert_eq!(export(&c, key), secret);
    assert_eq!(export_public(&c, key), public_bytes);
    let sig = sign_message(&c, key, Algorithm::PURE_EDDSA, &[0x03]).expect("sign");
    assert_eq!(sig, expected);
    assert_eq!(
        sizes::sign_output_size(pair(ed), 448, Algorithm::PURE_EDDSA),
        Some(114)
    );
    let pubkey = import(&c, public(ed), usage, Algorithm::PURE_EDDSA, &public_bytes);
    c.verify_message(pubkey, Algorithm::PURE_EDDSA, &[0x03], &sig)
        .expect("verify");
    assert_eq!(
        c.verify_message(pubkey, Algorithm::PURE_EDDSA, &[0x04], &sig),
        Err(Error::InvalidSignature)
    );

    // Ed448ph: generated key, sign_message and sign_hash agree (SHAKE256/64 prehash
    // computed by the driver for sign_message).
    let ph = Algorithm::ED448PH;
    let key = c
        .generate_key(&attrs(pair(ed), 448, SIGN_ALL | Usage::EXPORT, ph))
        .expect("generate Ed448");
    assert_eq!(export(&c, key).len(), 57);
    let sig = sign_message(&c, key, ph, b"abc").expect("sign");
    assert_eq!(sig.len(), 114);
    c.verify_message(key, ph, b"abc", &sig).expect("verify");
    assert_eq!(
        c.verify_message(key, ph, b"abd", &sig),
        Err(Error::InvalidSignature)
    );
    // Ed25519ph on an Ed448 key does not fit the key.
    assert_eq!(
        c.sign_message(key, Algorithm::ED25519PH, b"abc", &mut [0; 114]),
        Err(Error::NotPermitted)
    );
}

#[test]
fn edwards_and_montgomery_generation() {
    let c = Crypto::in_memory();
    for bits in [255, 448] {
        let ed = c
            .generate_key(&attrs(
                pair(EccFamily::TWISTED_EDWARDS),
                bits,
                Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE,
                Algorithm::PURE_EDDSA,
            ))
            .expect("generate EdDSA key");
        let sig = sign_message(&c, ed, Algorithm::PURE_EDDSA, b"hello").expect("sign");
        c.verify_message(ed, Algorithm::PURE_EDDSA, b"hello", &sig)
            .expect("verify");
        let x = |c: &Crypto| {
            c.generate_key(&attrs(
                pair(EccFamily::MONTGOMERY),
                bits,
                Usage::DERIVE | Usage::EXPORT,
                Algorithm::ECDH,
            ))
            .expect("generate Montgomery key")
        };
        let (a, b) = (x(&c), x(&c));
        assert_eq!(export(&c, a).len(), (bits as usize).div_ceil(8));
        let ab = agree(&c, a, &export_public(&c, b)).expect("a with b");
        let ba = agree(&c, b, &export_public(&c, a)).expect("b with a");
        assert_eq!(ab, ba);
        assert_eq!(ab.len(), (bits as usize).div_ceil(8));
    }
}

#[test]
fn x25519_and_x448_rfc7748() {
    let c = Crypto::in_memory();
    let m = EccFamily::MONTGOMERY;
    let x25519 = [
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
    ];
    let x448 = [
        "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
        "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
        "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
        "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
        "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d",
    ];
    for (bits, [alice, alice_pub, bob, bob_pub, shared]) in [(255u32, x25519), (448, x448)] {
        let a = import(&c, pair(m), Usage::DERIVE, Algorithm::ECDH, &hex(alice));
        let b = import(&c, pair(m), Usage::DERIVE, Algorithm::ECDH, &hex(bob));
        assert_eq!(c.key_attributes(a).expect("attrs").bits(), bits);
        assert_eq!(export_public(&c, a), hex(alice_pub));
        assert_eq!(export_public(&c, b), hex(bob_pub));
        assert_eq!(agree(&c, a, &hex(bob_pub)).expect("alice"), hex(shared));
        assert_eq!(agree(&c, b, &hex(alice_pub)).expect("bob"), hex(shared));
        let n = hex(shared).len();
        let mut short = vec![0u8; n - 1];
        assert_eq!(
            c.raw_key_agreement(Algorithm::ECDH, a, &hex(bob_pub), &mut short),
            Err(Error::BufferTooSmall)
        );
        // Wrong peer length, and the all-zero point (small order: zero shared secret).
        assert_eq!(
            agree(&c, a, &hex(bob_pub)[1..]),
            Err(Error::InvalidArgument)
        );
        assert_eq!(agree(&c, a, &vec![0u8; n]), Err(Error::InvalidArgument));
        // A public key cannot agree.
        let p = import(&c, public(m), Usage::DERIVE, Algorithm::ECDH, &hex(bob_pub));
        assert_eq!(agree(&c, p, &hex(alice_pub)), Err(Error::InvalidArgument));
    }
}

#[test]
fn ecdh_p256_rfc5903_and_key_agreement() {
    let c = Crypto::in_memory();
    let r1 = EccFamily::SECP_R1;
    let i = hex("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433");
    let gr = hex(concat!(
        "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63",
        "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab"
    ));
    let gir = hex("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
    let key = import(&c, pair(r1), Usage::DERIVE, Algorithm::ECDH, &i);
    assert_eq!(agree(&c, key, &gr).expect("ECDH"), gir);

    // psa_key_agreement: the secret becomes a DERIVE (or RAW_DATA …) key.
    let derive = KeyAttributes::new(KeyType::DERIVE, 0).with_usage(Usage::EXPORT | Usage::DERIVE);
    let k = c
        .key_agreement(key, &gr, Algorithm::ECDH, &derive)
        .expect("key agreement");
    let got = c.key_attributes(k).expect("attrs");
    assert_eq!((got.key_type(), got.bits()), (KeyType::DERIVE, 256));
    assert_eq!(export(&c, k), gir);
    let raw = KeyAttributes::new(KeyType::RAW_DATA, 256).with_usage(Usage::EXPORT);
    let k2 = c
        .key_agreement(key, &gr, Algorithm::ECDH, &raw)
        .expect("raw data");
    assert_eq!(export(&c, k2), gir);
    let wrong_bits = KeyAttributes::new(KeyType::DERIVE, 128);
    assert_eq!(
        c.key_agreement(key, &gr, Algorithm::ECDH, &wrong_bits),
        Err(Error::InvalidArgument)
    );
    let aes = KeyAttributes::new(KeyType::AES, 0);
    assert_eq!(
        c.key_agreement(key, &gr, Algorithm::ECDH, &aes),
        Err(Error::InvalidArgument)
    );
    let hkdf = Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(SHA256));
    let mut out = [0u8; 32];
    assert_eq!(
        c.raw_key_agreement(hkdf, key, &gr, &mut out),
        Err(Error::NotSupported),
        "a combined agreement is for key derivation operations"
    );
    assert_eq!(
        c.raw_key_agreement(Algorithm::hkdf(SHA256), key, &gr, &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.raw_key_agreement(Algorithm::FFDH, key, &gr, &mut out),
        Err(Error::NotPermitted)
    );

    // Invalid peer keys: off the curve, compressed, wrong length, the identity.
    let mut off = gr.clone();
    off[64] ^= 1;
    assert_eq!(agree(&c, key, &off), Err(Error::InvalidArgument));
    let mut compressed = vec![0x02 | (gr[64] & 1)];
    compressed.extend_from_slice(&gr[1..33]);
    assert_eq!(agree(&c, key, &compressed), Err(Error::InvalidArgument));
    assert_eq!(agree(&c, key, &gr[..64]), Err(Error::InvalidArgument));
    assert_eq!(agree(&c, key, &[0x00]), Err(Error::InvalidArgument));
}

#[test]
fn ecdh_round_trips_on_every_weierstrass_curve() {
    let c = Crypto::in_memory();
    for (family, bits) in WEIERSTRASS {
        let gen_key = || {
            c.generate_key(&attrs(pair(family), bits, Usage::DERIVE, Algorithm::ECDH))
                .expect("generate")
        };
        let (a, b) = (gen_key(), gen_key());
        let ab = agree(&c, a, &export_public(&c, b)).expect("a with b");
        let ba = agree(&c, b, &export_public(&c, a)).expect("b with a");
        assert_eq!(ab, ba, "{family:?} {bits}");
        assert_eq!(ab.len(), (bits as usize).div_ceil(8));
        assert_eq!(
            sizes::raw_key_agreement_output_size(pair(family), bits as usize),
            Some(ab.len())
        );
    }
}
const RSA_KEY_PAIR_DER: &str = concat!(
    "3082025c02010002818100b6aa59988deb6dab21d54c0940f1cc32faaa2b368ed34a90ced792d23b6e8ed8d2",
    "96a9c2a6ceaa3869e1608f2d7a1190b704d9792062758f68804bd188fa7aea7e422dcd410be4d019e0b2cb1f",
    "f72972a88227b63b1542736668bd4f6476e7cf218158cfd9521852d9580ef97fa4f3cc89575cde12dfb2cfb8",
    "eadba5b094c185020301000102818026ca23fe965ca14c4f01f984998aff5ef00604e9300944735dc93f7f6f",
    "6979e2274e213c99a997522581dbbc6bded92e0eff73a31a326e5e86c57fd43e2f5abc6715653f9eb3071a9e",
    "271a32176a68de2f57ef5ebb97912b99a1f0e40976100332d3efe485eeb788b8923e33f94e002e3858d6480e",
    "5f6be4f35b57a14ac4203d024100e54a3ba9d9e306a8c5cc9ceb0ef511dd6ca4f2899729d82120482131fb60",
    "8dd569690b530eead9577c1801d2ac2968c773a90b74a104a1b2e75f4d195e367bc7024100cbf1b433ec2453",
    "f11d4466effc2d1352a41178f71805986f1a276800beb68faa3cfea0f45769c6a2a03e9ee8673f8c7cc50e3c",
    "34668d7453bd9e43b9958060530241009b9926a7fafebf7424d6d7de0406771b2631418df19129e440fdf1d8",
    "f357f0a854a23e571d166e6b9a00c8abe8bd2927c0eb84a49ee87fbae29c9fbb895dbbdd0240355cdd05e8f7",
    "e86ee2758f69a3d637841c21e640e12c35a27c796b2126c5a5f9a95406d1683de9178c4e564e011603b071ef",
    "3399926bd8d0408134bf4e7af4b90240211022951272ef45c9d874add090beb6c34c5c0da30539c2ae1931ad",
    "75585197164adad296a7795c758c115879dbd43211fb72c17169a5990d650879a8938d29",
);
const RSA_PUBLIC_DER: &str = concat!(
    "30818902818100b6aa59988deb6dab21d54c0940f1cc32faaa2b368ed34a90ced792d23b6e8ed8d296a9c2a6",
    "ceaa3869e1608f2d7a1190b704d9792062758f68804bd188fa7aea7e422dcd410be4d019e0b2cb1ff72972a8",
    "8227b63b1542736668bd4f6476e7cf218158cfd9521852d9580ef97fa4f3cc89575cde12dfb2cfb8eadba5b0",
    "94c1850203010001",
);
const RSA_MESSAGE: &[u8] = b"Strongroom RSA known answer";
const RSA_PKCS1V15_SHA256_SIG: &str = concat!(
    "6ff85387c7a5ba3669fba2efac948b53b32ce9ba252819133ecb1736c05bccd460135cf65efe5970dcb89774",
    "df134e81a2ee4c522736258035413bef39fc402e4e8387d1343702893f7dd22f1d2cf2ce1f6d0f9e11b9fec5",
    "6df35f05d28016f61a4c718d73a5fd9248f8f834d317392a9a3f3a37d223250b20ee7543158137c4",
);
const RSA_PSS_SHA256_SIG: &str = concat!(
    "91e5ff310dd4e69013abd8124f55c3437c85ece4a74ee1bea1f29c823b18f2c4638826212c4cc1c0020b3eb7",
    "13cd2f876ed3c6f715ef144acca047c25c544243af98335b696384274d4cd65761988f2f6705402b75f46f72",
    "44207bbbd964c3ee0370bb2d28fd9a2ad02e0c3f872fc9aac041316b62cd49f188770a961796ed4f",
);
const RSA_PSS_SALT0_SIG: &str = concat!(
    "0d20de1121f7440812acee9417cbc382ba14d4005410177c3802abb5585d16d27bee29489a7088875755390c",
    "cbc12109e6ca95c60877382e1760c9cf727c10f00f08ae8b4d98efe64d768012e470a3422a7da4ea9a71244a",
    "40d5ecbec9c8ca8d0a1460a358c1edd24b4d11c5755e3fc72ef140ac65728322f4d51f6c53dce114",
);
const RSA_OAEP_SHA256_LABEL_CT: &str = concat!(
    "3a3791936de0162be89f091c45fd64f40e5a121866a95dcb6105c0edbf2588e33e5ecbfb65b96a0fa5c820f1",
    "b5050865722684b59eedfb6fad09039ee219d765674029a7caea9bc3681c7b9f5a08cd83808b0d53bf28ab38",
    "6d805bc1406f22860ad80622bffdcc3d4142d2279a7455b53cfe5fe8e2fe0a118e2467b45dfb8eb5",
);

fn rsa_pair(c: &Crypto, usage: Usage, alg: Algorithm) -> KeyId {
    import(c, KeyType::RSA_KEY_PAIR, usage, alg, &hex(RSA_KEY_PAIR_DER))
}

#[test]
fn rsa_known_key_and_signatures() {
    let c = Crypto::in_memory();
    let pkcs1 = Algorithm::rsa_pkcs1v15_sign(SHA256);
    let key = rsa_pair(&c, SIGN_ALL | Usage::EXPORT, pkcs1);
    let got = c.key_attributes(key).expect("attrs");
    assert_eq!(got.bits(), 1024);
    assert_eq!(
        export(&c, key),
        hex(RSA_KEY_PAIR_DER),
        "export gives the DER back"
    );
    assert_eq!(export_public(&c, key), hex(RSA_PUBLIC_DER));
    // PKCS#1 v1.5 is deterministic: the known signature, by message and by hash.
    let sig = sign_message(&c, key, pkcs1, RSA_MESSAGE).expect("sign");
    assert_eq!(sig, hex(RSA_PKCS1V15_SHA256_SIG));
    let hash = sha(&c, SHA256, RSA_MESSAGE);
    assert_eq!(sign_hash(&c, key, pkcs1, &hash).expect("sign hash"), sig);
    assert_eq!(
        sign_hash(&c, key, pkcs1, &hash[..31]),
        Err(Error::InvalidArgument),
        "hash of the wrong length"
    );
    let mut small = [0u8; 127];
    assert_eq!(
        c.sign_hash(key, pkcs1, &hash, &mut small),
        Err(Error::BufferTooSmall)
    );

    // The public key verifies the known PKCS#1 v1.5 and PSS signatures.
    let pss = Algorithm::rsa_pss(SHA256);
    let pss_any = Algorithm::rsa_pss_any_salt(SHA256);
    let verify_policy = Algorithm::rsa_pkcs1v15_sign(Algorithm::ANY_HASH);
    let public_key = import(
        &c,
        KeyType::RSA_PUBLIC_KEY,
        Usage::VERIFY_HASH,
        verify_policy,
        &hex(RSA_PUBLIC_DER),
    );
    assert_eq!(c.key_attributes(public_key).expect("attrs").bits(), 1024);
    c.verify_message(public_key, pkcs1, RSA_MESSAGE, &sig)
        .expect("verify PKCS#1 v1.5");
    let mut bad = sig.clone();
    bad[100] ^= 1;
    assert_eq!(
        c.verify_message(public_key, pkcs1, RSA_MESSAGE, &bad),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        c.verify_message(public_key, pkcs1, RSA_MESSAGE, &sig[1..]),
        Err(Error::InvalidSignature)
    );
    let pss_key = import(
        &c,
        KeyType::RSA_PUBLIC_KEY,
        Usage::VERIFY_HASH,
        pss,
        &hex(RSA_PUBLIC_DER),
    );
    let any_key = import(
        &c,
        KeyType::RSA_PUBLIC_KEY,
        Usage::VERIFY_HASH,
        pss_any,
        &hex(RSA_PUBLIC_DER),
    );
    let pss32 = hex(RSA_PSS_SHA256_SIG);
    let pss0 = hex(RSA_PSS_SALT0_SIG);
    c.verify_message(pss_key, pss, RSA_MESSAGE, &pss32)
        .expect("PSS, salt = hash length");
    assert_eq!(
        c.verify_message(pss_key, pss, RSA_MESSAGE, &pss0),
        Err(Error::InvalidSignature),
        "RSA_PSS verifies only the standard salt length"
    );
    c.verify_message(any_key, pss_any, RSA_MESSAGE, &pss32)
        .expect("any salt: 32");
    c.verify_message(any_key, pss_any, RSA_MESSAGE, &pss0)
        .expect("any salt: 0");

    // The raw variant signs a DigestInfo the caller built: the same signature.
    let raw = Algorithm::RSA_PKCS1V15_SIGN_RAW;
    let raw_key = rsa_pair(&c, SIGN_ALL, verify_policy);
    let mut digest_info = hex("3031300d060960864801650304020105000420");
    digest_info.extend_from_slice(&hash);
    assert_eq!(
        sign_hash(&c, raw_key, raw, &digest_info).expect("raw sign"),
        sig
    );
    c.verify_hash(raw_key, raw, &digest_info, &sig)
        .expect("raw verify");
    assert_eq!(
        sign_hash(&c, raw_key, raw, &[0xaa; 118]),
        Err(Error::InvalidArgument),
        "raw input longer than k - 11"
    );
    assert_eq!(
        sign_message(&c, raw_key, raw, b"m"),
        Err(Error::InvalidArgument),
        "the raw variant cannot sign a message"
    );

    // PSS signing: salt = hash length, verifiable by both policies.
    let pss_signer = rsa_pair(&c, SIGN_ALL, pss);
    let s = sign_message(&c, pss_signer, pss, b"pss message").expect("PSS sign");
    assert_eq!(s.len(), 128);
    c.verify_message(pss_key, pss, b"pss message", &s)
        .expect("PSS verify");
    c.verify_message(any_key, pss_any, b"pss message", &s)
        .expect("PSS any-salt verify");
}

#[test]
fn rsa_encryption() {
    let c = Crypto::in_memory();
    let oaep = Algorithm::rsa_oaep(SHA256);
    let usage = Usage::ENCRYPT | Usage::DECRYPT;
    let key = rsa_pair(&c, usage, oaep);
    // A ciphertext made by OpenSSL with the label "label".
    let ct = hex(RSA_OAEP_SHA256_LABEL_CT);
    let mut out = [0u8; 128];
    let n = c
        .asymmetric_decrypt(key, oaep, &ct, b"label", &mut out)
        .expect("decrypt");
    assert_eq!(&out[..n], RSA_MESSAGE);
    assert_eq!(
        c.asymmetric_decrypt(key, oaep, &ct, b"other", &mut out),
        Err(Error::InvalidPadding),
        "wrong label"
    );
    let mut tampered = ct.clone();
    tampered[5] ^= 0x80;
    assert_eq!(
        c.asymmetric_decrypt(key, oaep, &tampered, b"label", &mut out),
        Err(Error::InvalidPadding)
    );
    assert_eq!(
        c.asymmetric_decrypt(key, oaep, &ct[1..], b"label", &mut out),
        Err(Error::InvalidArgument),
        "a ciphertext of the wrong length"
    );
    let mut short = [0u8; 10];
    assert_eq!(
        c.asymmetric_decrypt(key, oaep, &ct, b"label", &mut short),
        Err(Error::BufferTooSmall)
    );

    // Round trips: OAEP (SHA-256, SHA-1) with and without label, PKCS#1 v1.5.
    let public_key = import(
        &c,
        KeyType::RSA_PUBLIC_KEY,
        Usage::ENCRYPT,
        oaep,
        &hex(RSA_PUBLIC_DER),
    );
    for (alg, label) in [
        (oaep, &b""[..]),
        (oaep, &b"a label"[..]),
        (Algorithm::rsa_oaep(Algorithm::SHA_1), &b""[..]),
        (Algorithm::RSA_PKCS1V15_CRYPT, &b""[..]),
    ] {
        let key = rsa_pair(&c, usage, alg);
        let enc_key = if alg == oaep { public_key } else { key };
        let mut ct = [0u8; 128];
        let m = b"attack at dawn";
        let n = c
            .asymmetric_encrypt(enc_key, alg, m, label, &mut ct)
            .expect("encrypt");
        assert_eq!(n, 128);
        let mut ct2 = [0u8; 128];
        c.asymmetric_encrypt(enc_key, alg, m, label, &mut ct2)
            .expect("encrypt again");
        assert_ne!(ct, ct2, "encryption is randomized");
        let mut pt = [0u8; 128];
        let n = c
            .asymmetric_decrypt(key, alg, &ct, label, &mut pt)
            .expect("decrypt");
        assert_eq!(&pt[..n], m);
    }
    let pkcs = rsa_pair(&c, usage, Algorithm::RSA_PKCS1V15_CRYPT);
    let mut ct = [0u8; 128];
    assert_eq!(
        c.asymmetric_encrypt(pkcs, Algorithm::RSA_PKCS1V15_CRYPT, b"m", b"salt", &mut ct),
        Err(Error::InvalidArgument),
        "PKCS#1 v1.5 takes no label"
    );
    assert_eq!(
        c.asymmetric_encrypt(pkcs, Algorithm::RSA_PKCS1V15_CRYPT, &[1; 118], b"", &mut ct),
        Err(Error::InvalidArgument),
        "message longer than k - 11"
    );
    assert_eq!(
        c.asymmetric_encrypt(
            pkcs,
            Algorithm::RSA_PKCS1V15_CRYPT,
            b"m",
            b"",
            &mut ct[..127]
        ),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        c.asymmetric_decrypt(
            pkcs,
            Algorithm::RSA_PKCS1V15_CRYPT,
            &[0x42; 128],
            b"",
            &mut ct
        ),
        Err(Error::InvalidPadding)
    );
    // Decryption needs the private key.
    let enc_only = import(
        &c,
        KeyType::RSA_PUBLIC_KEY,
        usage,
        oaep,
        &hex(RSA_PUBLIC_DER),
    );
    assert_eq!(
        c.asymmetric_decrypt(
            enc_only,
            oaep,
            &hex(RSA_OAEP_SHA256_LABEL_CT),
            b"label",
            &mut out
        ),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn rsa_generation() {
    let c = Crypto::in_memory();
    let pss = Algorithm::rsa_pss(Algorithm::ANY_HASH);
    let key = c
        .generate_key(&attrs(
            KeyType::RSA_KEY_PAIR,
            1024,
            SIGN_ALL | Usage::EXPORT,
            pss,
        ))
        .expect("generate RSA-1024");
    assert_eq!(c.key_attributes(key).expect("attrs").bits(), 1024);
    let der = export(&c, key);
    assert!(der.len() <= sizes::export_key_output_size(KeyType::RSA_KEY_PAIR, 1024).unwrap());
    let public_der = export_public(&c, key);
    assert!(
        public_der.ends_with(&[0x02, 0x03, 0x01, 0x00, 0x01]),
        "e = 65537"
    );
    let alg = Algorithm::rsa_pss(Algorithm::SHA_384);
    let sig = sign_message(&c, key, alg, b"generated").expect("sign");
    c.verify_message(key, alg, b"generated", &sig)
        .expect("verify");
    let again = import(&c, KeyType::RSA_KEY_PAIR, SIGN_ALL, pss, &der);
    c.verify_message(again, alg, b"generated", &sig)
        .expect("the re-imported key verifies");
    assert_eq!(
        c.generate_key(&attrs(KeyType::RSA_KEY_PAIR, 512, SIGN_ALL, pss)),
        Err(Error::NotSupported)
    );
    assert_eq!(
        c.generate_key(&attrs(KeyType::RSA_KEY_PAIR, 8192, SIGN_ALL, pss)),
        Err(Error::NotSupported)
    );
    assert_eq!(
        c.generate_key(&attrs(KeyType::RSA_PUBLIC_KEY, 1024, SIGN_ALL, pss)),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn invalid_keys_are_rejected() {
    let c = Crypto::in_memory();
    let r1 = EccFamily::SECP_R1;
    let try_import = |t: KeyType, bits: u32, data: &[u8]| {
        c.import_key(
            &attrs(t, bits, Usage::SIGN_HASH, Algorithm::ecdsa(SHA256)),
            data,
        )
        .map(|k| c.destroy_key(k).expect("destroy"))
    };
    let n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    let n_minus_1 = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550";
    let n_plus_1 = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552";
    assert_eq!(try_import(pair(r1), 0, &hex(n_minus_1)), Ok(()));
    for bad in [n, n_plus_1, &"00".repeat(32)] {
        assert_eq!(
            try_import(pair(r1), 0, &hex(bad)),
            Err(Error::InvalidArgument),
            "{bad}"
        );
    }
    let d = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    assert_eq!(
        try_import(pair(r1), 0, &d[1..]),
        Err(Error::InvalidArgument)
    );
    let mut longer = vec![0u8];
    longer.extend_from_slice(&d);
    assert_eq!(
        try_import(pair(r1), 256, &longer),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        try_import(pair(r1), 384, &d),
        Err(Error::InvalidArgument),
        "declared bits"
    );
    assert_eq!(try_import(pair(r1), 255, &d), Err(Error::InvalidArgument));
    assert_eq!(try_import(pair(r1), 0, &[]), Err(Error::InvalidArgument));

    let point = hex(concat!(
        "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
        "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
    ));
    assert_eq!(try_import(public(r1), 0, &point), Ok(()));
    let mut off_curve = point.clone();
    off_curve[64] ^= 1;
    assert_eq!(
        try_import(public(r1), 0, &off_curve),
        Err(Error::InvalidArgument)
    );
    let mut compressed = vec![0x02 | (point[64] & 1)];
    compressed.extend_from_slice(&point[1..33]);
    assert_eq!(
        try_import(public(r1), 0, &compressed),
        Err(Error::InvalidArgument)
    );
    let mut wrong_tag = point.clone();
    wrong_tag[0] = 0x06;
    assert_eq!(
        try_import(public(r1), 0, &wrong_tag),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        try_import(public(r1), 0, &point[..64]),
        Err(Error::InvalidArgument)
    );
    // A private scalar is not a public key and vice versa.
    assert_eq!(try_import(public(r1), 0, &d), Err(Error::InvalidArgument));
    assert_eq!(try_import(pair(r1), 0, &point), Err(Error::InvalidArgument));

    // Curves and types the driver does not implement.
    assert_eq!(
        try_import(pair(EccFamily::BRAINPOOL_P_R1), 0, &[1; 64]),
        Err(Error::NotSupported)
    );
    assert_eq!(
        try_import(pair(EccFamily::SECT_K1), 0, &[1; 21]),
        Err(Error::NotSupported)
    );
    assert_eq!(
        try_import(pair(EccFamily::SECP_K1), 0, &[1; 24]),
        Err(Error::NotSupported)
    );
    // An Edwards25519 public key must decode to a point (y = 2 has no x on the curve).
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert_eq!(
        try_import(public(EccFamily::TWISTED_EDWARDS), 0, &not_a_point),
        Err(Error::InvalidArgument)
    );

    // RSA: truncated DER, trailing garbage, a public key given as a key pair.
    let der = hex(RSA_KEY_PAIR_DER);
    let rsa_import = |t: KeyType, data: &[u8]| {
        c.import_key(
            &attrs(t, 0, Usage::SIGN_HASH, Algorithm::rsa_pkcs1v15_sign(SHA256)),
            data,
        )
        .map(|k| c.destroy_key(k).expect("destroy"))
    };
    assert_eq!(rsa_import(KeyType::RSA_KEY_PAIR, &der), Ok(()));
    assert_eq!(
        rsa_import(KeyType::RSA_KEY_PAIR, &der[..der.len() - 1]),
        Err(Error::InvalidArgument)
    );
    let mut trailing = der.clone();
    trailing.push(0);
    assert_eq!(
        rsa_import(KeyType::RSA_KEY_PAIR, &trailing),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        rsa_import(KeyType::RSA_KEY_PAIR, &hex(RSA_PUBLIC_DER)),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        rsa_import(KeyType::RSA_PUBLIC_KEY, &der),
        Err(Error::InvalidArgument)
    );
    let mut inconsistent = der.clone();
    inconsistent[200] ^= 1; // inside the private exponent
    assert_eq!(
        rsa_import(KeyType::RSA_KEY_PAIR, &inconsistent),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.import_key(
            &attrs(
                KeyType::RSA_KEY_PAIR,
                2048,
                Usage::SIGN_HASH,
                Algorithm::NONE
            ),
            &der
        ),
        Err(Error::InvalidArgument),
        "declared bits differ"
    );
}

#[test]
fn policy_errors() {
    let c = Crypto::in_memory();
    let r1 = EccFamily::SECP_R1;
    let d = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let alg = Algorithm::ecdsa(SHA256);
    let hash = [0x11u8; 32];
    let mut sig = [0u8; 64];

    // Usage: verify-only keys cannot sign; SIGN_HASH implies SIGN_MESSAGE.
    let verify_only = import(&c, pair(r1), Usage::VERIFY_HASH, alg, &d);
    assert_eq!(
        c.sign_hash(verify_only, alg, &hash, &mut sig),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        c.sign_message(verify_only, alg, b"m", &mut sig),
        Err(Error::NotPermitted)
    );
    let signer = import(&c, pair(r1), Usage::SIGN_HASH, alg, &d);
    assert!(
        c.key_attributes(signer)
            .expect("attrs")
            .usage()
            .contains(Usage::SIGN_MESSAGE)
    );
    c.sign_message(signer, alg, b"m", &mut sig)
        .expect("SIGN_HASH implies SIGN_MESSAGE");
    let message_only = import(&c, pair(r1), Usage::SIGN_MESSAGE, alg, &d);
    assert_eq!(
        c.sign_hash(message_only, alg, &hash, &mut sig),
        Err(Error::NotPermitted)
    );
    c.sign_message(message_only, alg, b"m", &mut sig)
        .expect("sign message");

    // Algorithm: another hash is not permitted; ANY_HASH permits every hash but is not
    // itself usable; a deterministic policy does not permit randomized signing.
    assert_eq!(
        c.sign_hash(
            signer,
            Algorithm::ecdsa(Algorithm::SHA_384),
            &[0; 48],
            &mut sig
        ),
        Err(Error::NotPermitted)
    );
    let any = import(
        &c,
        pair(r1),
        Usage::SIGN_HASH,
        Algorithm::ecdsa(Algorithm::ANY_HASH),
        &d,
    );
    c.sign_hash(
        any,
        Algorithm::ecdsa(Algorithm::SHA_384),
        &[0; 48],
        &mut sig,
    )
    .expect("ANY_HASH policy");
    c.sign_hash(any, Algorithm::ECDSA_ANY, &[0; 20], &mut sig)
        .expect("ECDSA(ANY_HASH) permits ECDSA_ANY");
    assert_eq!(
        c.sign_hash(any, Algorithm::ecdsa(Algorithm::ANY_HASH), &hash, &mut sig),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.sign_message(any, Algorithm::ecdsa(Algorithm::ANY_HASH), b"m", &mut sig),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.sign_hash(any, Algorithm::deterministic_ecdsa(SHA256), &hash, &mut sig),
        Err(Error::NotPermitted)
    );
    // Not a signature algorithm, or not one this call takes.
    assert_eq!(
        c.sign_hash(signer, Algorithm::ECDH, &hash, &mut sig),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.sign_hash(signer, SHA256, &hash, &mut sig),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.sign_message(signer, Algorithm::ECDSA_ANY, b"m", &mut sig),
        Err(Error::InvalidArgument),
        "ECDSA_ANY cannot hash a message"
    );
    // An algorithm of the wrong family for the key.
    let rsa_alg_key = import(
        &c,
        pair(r1),
        Usage::SIGN_HASH,
        Algorithm::rsa_pss(SHA256),
        &d,
    );
    assert_eq!(
        c.sign_hash(rsa_alg_key, Algorithm::rsa_pss(SHA256), &hash, &mut sig),
        Err(Error::InvalidArgument)
    );
    // A symmetric key with a signature policy.
    let hmac = c
        .import_key(&attrs(KeyType::HMAC, 0, Usage::SIGN_HASH, alg), &[7; 32])
        .expect("hmac key");
    assert_eq!(
        c.sign_hash(hmac, alg, &hash, &mut sig),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.export_public_key(hmac, &mut sig),
        Err(Error::InvalidArgument)
    );

    // Agreement needs DERIVE and an agreement policy; encryption its own usage.
    let peer = export_public(&c, signer);
    let mut out = [0u8; 32];
    let no_derive = import(&c, pair(r1), Usage::SIGN_HASH, Algorithm::ECDH, &d);
    assert_eq!(
        c.raw_key_agreement(Algorithm::ECDH, no_derive, &peer, &mut out),
        Err(Error::NotPermitted)
    );
    let ecdsa_policy = import(&c, pair(r1), Usage::DERIVE, alg, &d);
    assert_eq!(
        c.raw_key_agreement(Algorithm::ECDH, ecdsa_policy, &peer, &mut out),
        Err(Error::NotPermitted)
    );
    let ok = import(&c, pair(r1), Usage::DERIVE, Algorithm::ECDH, &d);
    c.raw_key_agreement(Algorithm::ECDH, ok, &peer, &mut out)
        .expect("agreement");

    // Export: the private key needs EXPORT, the public part never does.
    let mut buf = [0u8; 100];
    assert_eq!(c.export_key(signer, &mut buf), Err(Error::NotPermitted));
    assert_eq!(c.export_public_key(signer, &mut buf), Ok(65));
    assert_eq!(
        c.export_public_key(signer, &mut buf[..64]),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        c.sign_hash(signer, alg, &hash, &mut sig[..63]),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        c.sign_hash(signer, alg, &hash, &mut []),
        Err(Error::BufferTooSmall)
    );
}

#[test]
fn destroy_invalidates_and_persistent_keys_reload() {
    let dir = std::env::temp_dir().join(format!("strongroom-asym-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let det = Algorithm::deterministic_ecdsa(SHA256);
    let d = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let id = KeyId::from_raw(0x4150);
    let expected;
    {
        let c = Crypto::open(&dir).expect("open");
        let key = c
            .import_key(
                &attrs(pair(EccFamily::SECP_R1), 0, SIGN_ALL, det).with_id(id),
                &d,
            )
            .expect("persistent import");
        expected = sign_message(&c, key, det, b"sample").expect("sign");
        c.purge_key(key).expect("purge");
        assert_eq!(
            sign_message(&c, key, det, b"sample").expect("reloaded"),
            expected
        );
    }
    let c = Crypto::open(&dir).expect("reopen");
    assert_eq!(
        sign_message(&c, id, det, b"sample").expect("after reopen"),
        expected
    );
    c.destroy_key(id).expect("destroy");
    assert_eq!(
        sign_message(&c, id, det, b"sample"),
        Err(Error::InvalidHandle)
    );
    assert_eq!(
        c.export_public_key(id, &mut [0; 65]),
        Err(Error::InvalidHandle)
    );
    let _ = std::fs::remove_dir_all(&dir);

    let v = Crypto::in_memory();
    let key = import(
        &v,
        pair(EccFamily::MONTGOMERY),
        Usage::DERIVE,
        Algorithm::ECDH,
        &[9; 32],
    );
    v.destroy_key(key).expect("destroy");
    assert_eq!(agree(&v, key, &[9; 32]), Err(Error::InvalidHandle));
}

#[test]
fn concurrent_signing_with_one_shared_key() {
    let c = Arc::new(Crypto::in_memory());
    let alg = Algorithm::ecdsa(SHA256);
    let key = c
        .generate_key(&attrs(pair(EccFamily::SECP_R1), 256, SIGN_ALL, alg))
        .expect("generate");
    let threads: Vec<_> = (0..4u8)
        .map(|t| {
            let c = Arc::clone(&c);
            std::thread::spawn(move || {
                for i in 0..10u8 {
                    let hash = [t ^ i; 32];
                    let sig = sign_hash(&c, key, alg, &hash).expect("sign");
                    c.verify_hash(key, alg, &hash, &sig).expect("verify");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
}
const DH_PRIVATE: &str = concat!(
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "000000000000000173cd1e65e1b8202256688591f3b340ef10d72b418e08adf8f25b2f2d",
);
const DH_PUBLIC: &str = concat!(
    "bc66e946c8b01cde50fbc8e3a8e550f9e9d8b54a0ec3e83abda11ce3996da46e49b3f032ac018d7dea7ec466",
    "534fda86e00050ad7db77f7ccf4ad361baf300b0d4df52bcc37b74459c94a0d10e820b17b454823e5204525d",
    "7606af633d034c3aa7a158ae27bddfce07d0b0133b63418671e0573d44639c9059db6d6e0d8270407bb77df9",
    "aff58ec3797bbd7b80b002f177a0436092229097bfbd9bd040ad096acf327ebf54f7e18e47ad95332de939a9",
    "f73688c6fd4bd60b5841e13f16047c060c6f2c0a82ed0d89c43d13c08bffd16ec65319696a2f53cc3faa3206",
    "83f78e19686cb95a9ace11faa4aece443e4090db1543cee8bce7fecc61846620ac52c894",
);
const DH_PEER_PUBLIC: &str = concat!(
    "e6aafd134d150f7667b8187d77a36c18d7b7f7b6216b548bf562d88ee667a5d96ddea7dea2e4dd64638967fc",
    "92e702fed98182f265ff50a1548edcaee4cfcde30020d1d40079cc8e8dc20df09d6c9210a6a1ed64bce25268",
    "66aa2ca104ae818800b2c958be601a3c0eda5888c6457ee48012e7a182ee1e5cf0aaafdfa0761db9c9cf1f4b",
    "dc4bf056a74886459fb0f285dbad71ac0bbb2d6e455023453aadf35bd1168d3ccda344ae4868953ff7a49195",
    "24c2f78c5d54abbfbb1e22b0a56f8a695c3006ef3a0d316767b6d6949438479ad9305f8213778daa314e1688",
    "a9d90e7d4d44f0f84154e050936e57ea2a5ab83bd16692bff8aa6f1e05e7d387283f2e08",
);
const DH_SHARED: &str = concat!(
    "0e5000b49b7f45b9e0303546c0c0c6ff55dbbbbb1ce01763c2fad1f113193fe39a93322f3ee23eddfcb91f96",
    "cdc6d425b6d1ba121618ca96cf1e1b9a571b76bbb8165c7639f3981d0601c98f5fbfb2d2e6344e52ca812fa6",
    "9ef6d4cd12b8d537a2b4c38f30066b9a76571adefa46c4d0a22bdc2284817fd16045ec7e5cb0a9549819d8c9",
    "7a13d7cd1c24288b34b2e48408330a2814aefbef5a2a0607991920437e7f641c960c2c3440ab9ebae01f777f",
    "28e546febaad7a1ad1fcf8448940953e60f39d09bc5654e60747176545ab2faa7c80c59db3db607dae92f2e2",
    "675326f45bc424e4a7e30efb78593f3de3163529cb0aa290b4c562d4430f9fc102b7fc69",
);

#[test]
fn ffdh_rfc7919_known_answer_and_round_trip() {
    // A key pair and peer made with OpenSSL (Python `cryptography`) in ffdhe2048.
    let c = Crypto::in_memory();
    let family = strongroom::DhFamily::RFC7919;
    let pair_type = KeyType::dh_key_pair(family);
    let key = import(
        &c,
        pair_type,
        Usage::DERIVE | Usage::EXPORT,
        Algorithm::FFDH,
        &hex(DH_PRIVATE),
    );
    assert_eq!(c.key_attributes(key).expect("attrs").bits(), 2048);
    assert_eq!(export_public(&c, key), hex(DH_PUBLIC));
    let mut out = vec![0u8; 256];
    let n = c
        .raw_key_agreement(Algorithm::FFDH, key, &hex(DH_PEER_PUBLIC), &mut out)
        .expect("FFDH");
    assert_eq!(&out[..n], hex(DH_SHARED).as_slice());
    // Invalid peers: 1, p - 1, wrong length.
    let mut one = vec![0u8; 256];
    one[255] = 1;
    assert_eq!(
        c.raw_key_agreement(Algorithm::FFDH, key, &one, &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.raw_key_agreement(Algorithm::FFDH, key, &hex(DH_PEER_PUBLIC)[1..], &mut out),
        Err(Error::InvalidArgument)
    );
    // Generated keys agree both ways; the public key alone cannot.
    let gen_key = || {
        c.generate_key(&attrs(pair_type, 2048, Usage::DERIVE, Algorithm::FFDH))
            .expect("generate")
    };
    let (a, b) = (gen_key(), gen_key());
    let (pa, pb) = (export_public(&c, a), export_public(&c, b));
    let mut sa = vec![0u8; 256];
    let mut sb = vec![0u8; 256];
    c.raw_key_agreement(Algorithm::FFDH, a, &pb, &mut sa)
        .expect("a");
    c.raw_key_agreement(Algorithm::FFDH, b, &pa, &mut sb)
        .expect("b");
    assert_eq!(sa, sb);
    let public_key = import(
        &c,
        KeyType::dh_public_key(family),
        Usage::DERIVE,
        Algorithm::FFDH,
        &pb,
    );
    assert_eq!(
        c.raw_key_agreement(Algorithm::FFDH, public_key, &pa, &mut sa),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        c.generate_key(&attrs(pair_type, 1024, Usage::DERIVE, Algorithm::FFDH)),
        Err(Error::NotSupported)
    );
}
