//! Hashes and MACs through the public API: known answers for every algorithm, multi-part
//! against one-shot at random split points, clone independence, the PSA state machines,
//! exact status codes for misuse and policy, and what destroying a key does to a running
//! MAC operation.
//!
//! Sources of the known answers: FIPS 180-4 / FIPS 202 example messages, RFC 1321 (MD5),
//! the RIPEMD-160 authors' examples, RFC 4231 (HMAC-SHA-2), RFC 2202 (HMAC-MD5, HMAC-SHA-1),
//! RFC 2286 (HMAC-RIPEMD-160), NIST's HMAC-SHA3 examples, RFC 4493 and NIST SP 800-38B
//! (CMAC). Where no standard example exists (HMAC over SHA-512/t and long-key SHA-3,
//! CMAC and CBC-MAC over ARIA and Camellia, CBC-MAC in general) the values come from an
//! independent implementation (Python's `hashlib`/`hmac`, OpenSSL 3's `mac` and `enc`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};

use strongroom::{
    Algorithm, Crypto, Error, HashOperation, KeyAttributes, KeyId, KeyType, MacOperation, Usage,
};

const HMAC256: Algorithm = Algorithm::hmac(Algorithm::SHA_256);

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// A small deterministic PRNG (xorshift64*) for split points and messages.
struct Rng(u64);

impl Rng {
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
    /// Cut points splitting `len` bytes into 1..=5 parts (possibly empty ones).
    fn splits(&mut self, len: usize) -> Vec<usize> {
        let mut cuts: Vec<usize> = (0..self.below(5)).map(|_| self.below(len + 1)).collect();
        cuts.sort_unstable();
        cuts
    }
}

fn parts<'a>(msg: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    for &c in cuts {
        out.push(&msg[at..c]);
        at = c;
    }
    out.push(&msg[at..]);
    out
}

fn mac_key(c: &Crypto, key_type: KeyType, key: &[u8], alg: Algorithm) -> KeyId {
    let attrs = KeyAttributes::new(key_type, 0)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        .with_algorithm(alg);
    c.import_key(&attrs, key).expect("import")
}

// ---------------------------------------------------------------------------------------
// Hashes
// ---------------------------------------------------------------------------------------

/// The FIPS 180-4 two-block example message (448 bits).
const MSG448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

/// Digests of "", "abc" and [`MSG448`] for every supported hash.
const HASH_KATS: [(Algorithm, [&str; 3]); 14] = [
    (
        Algorithm::MD5,
        [
            "d41d8cd98f00b204e9800998ecf8427e",
            "900150983cd24fb0d6963f7d28e17f72",
            "8215ef0796a20bcaaae116d3876c664a",
        ],
    ),
    (
        Algorithm::RIPEMD160,
        [
            "9c1185a5c5e9fc54612808977ee8f548b2258d31",
            "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
            "12a053384a9c0c88e405a06c27dcf49ada62eb2b",
        ],
    ),
    (
        Algorithm::SHA_1,
        [
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "a9993e364706816aba3e25717850c26c9cd0d89d",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
        ],
    ),
    (
        Algorithm::SHA_224,
        [
            "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
        ],
    ),
    (
        Algorithm::SHA_256,
        [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ],
    ),
    (
        Algorithm::SHA_384,
        [
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da
             274edebfe76f65fbd51ad2f14898b95b",
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed
             8086072ba1e7cc2358baeca134c825a7",
            "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6
             b0455a8520bc4e6f5fe95b1fe3c8452b",
        ],
    ),
    (
        Algorithm::SHA_512,
        [
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce
             47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335
             96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
        ],
    ),
    (
        Algorithm::SHA_512_224,
        [
            "6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4",
            "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
            "e5302d6d54bb242275d1e7622d68df6eb02dedd13f564c13dbda2174",
        ],
    ),
    (
        Algorithm::SHA_512_256,
        [
            "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a",
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
            "bde8e1f9f19bb9fd3406c90ec6bc47bd36d8ada9f11880dbc8a22a7078b6a461",
        ],
    ),
    (
        Algorithm::SHA3_224,
        [
            "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7",
            "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
            "8a24108b154ada21c9fd5574494479ba5c7e7ab76ef264ead0fcce33",
        ],
    ),
    (
        Algorithm::SHA3_256,
        [
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
            "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376",
        ],
    ),
    (
        Algorithm::SHA3_384,
        [
            "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2a
             c3713831264adb47fb6bd1e058d5f004",
            "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2
             98d88cea927ac7f539f1edf228376d25",
            "991c665755eb3a4b6bbdfb75c78a492e8c56a22c5c4d7e429bfdbc32b9d4ad5a
             a04a1f076e62fea19eef51acd0657c22",
        ],
    ),
    (
        Algorithm::SHA3_512,
        [
            "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6
             15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26",
            "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e
             10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0",
            "04a371e84ecfb5b8b77cb48610fca8182dd457ce6f326a0fd3d7ec2f1e91636d
             ee691fbe0c985302ba1b0d8dc78c086346b533b49c030d99a27daf1139d6e75e",
        ],
    ),
    (
        Algorithm::SHAKE256_512,
        [
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f
             d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be",
            "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739
             d5a15bef186a5386c75744c0527e1faa9f8726e462a12a4feb06bd8801e751e4",
            "4d8c2dd2435a0128eefbb8c36f6f87133a7911e18d979ee1ae6be5d4fd2e3329
             40d8688a4e6a59aa8060f1f9bc996c05aca3c696a8b66279dc672c740bb224ec",
        ],
    ),
];

fn hash_multi(c: &Crypto, alg: Algorithm, pieces: &[&[u8]]) -> Vec<u8> {
    let mut op = c.hash_setup(alg).expect("setup");
    for p in pieces {
        op.update(p).expect("update");
    }
    let mut out = [0xa5u8; 64];
    let n = op.finish(&mut out).expect("finish");
    out[..n].to_vec()
}

#[test]
fn hash_known_answers_one_shot_compare_and_multi_part() {
    let c = Crypto::in_memory();
    for (alg, digests) in HASH_KATS {
        for (msg, expected) in [&b""[..], b"abc", MSG448].into_iter().zip(digests) {
            let expected = hex(expected);
            assert_eq!(alg.hash_length(), Some(expected.len()), "{alg:?}");
            // Tight buffer, then a larger one.
            let mut tight = vec![0u8; expected.len()];
            assert_eq!(c.hash_compute(alg, msg, &mut tight), Ok(expected.len()));
            assert_eq!(tight, expected, "{alg:?} {msg:?}");
            let mut big = [0u8; 65];
            assert_eq!(c.hash_compute(alg, msg, &mut big), Ok(expected.len()));
            assert_eq!(c.hash_compare(alg, msg, &expected), Ok(()), "{alg:?}");
            assert_eq!(hash_multi(&c, alg, &[msg]), expected, "{alg:?}");
            let mut op = c.hash_setup(alg).expect("setup");
            op.update(msg).expect("update");
            assert_eq!(op.verify(&expected), Ok(()), "{alg:?} verify");
        }
    }
}

#[test]
fn hash_million_a_in_many_updates() {
    let c = Crypto::in_memory();
    let cases = [
        (Algorithm::SHA_1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        (
            Algorithm::SHA_256,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        ),
        (
            Algorithm::SHA3_256,
            "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1",
        ),
    ];
    let chunk = [b'a'; 1000];
    for (alg, expected) in cases {
        let mut op = c.hash_setup(alg).expect("setup");
        for _ in 0..1000 {
            op.update(&chunk).expect("update");
        }
        let mut out = [0u8; 64];
        let n = op.finish(&mut out).expect("finish");
        assert_eq!(out[..n], hex(expected)[..], "{alg:?}");
    }
}

#[test]
fn hash_compare_rejects_every_wrong_digest() {
    let c = Crypto::in_memory();
    for (alg, digests) in HASH_KATS {
        let good = hex(digests[1]);
        let mut longer = good.clone();
        longer.push(0);
        for wrong in [&good[..good.len() - 1], &longer[..], &[][..]] {
            assert_eq!(
                c.hash_compare(alg, b"abc", wrong),
                Err(Error::InvalidSignature),
                "{alg:?} length {}",
                wrong.len()
            );
        }
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 1;
            assert_eq!(
                c.hash_compare(alg, b"abc", &bad),
                Err(Error::InvalidSignature)
            );
        }
        assert_eq!(
            c.hash_compare(alg, b"abd", &good),
            Err(Error::InvalidSignature)
        );
    }
}

#[test]
fn hash_multi_part_equals_one_shot_at_random_splits() {
    let c = Crypto::in_memory();
    let mut rng = Rng(0x5eed_0001);
    for (alg, _) in HASH_KATS {
        for _ in 0..40 {
            let len = rng.below(400);
            let msg = rng.bytes(len);
            let mut one = [0u8; 64];
            let n = c.hash_compute(alg, &msg, &mut one).expect("compute");
            let cuts = rng.splits(len);
            assert_eq!(
                hash_multi(&c, alg, &parts(&msg, &cuts)),
                one[..n],
                "{alg:?} len {len} cuts {cuts:?}"
            );
        }
    }
}

#[test]
fn hash_clone_is_independent_of_its_source() {
    let c = Crypto::in_memory();
    for (alg, digests) in HASH_KATS {
        let mut src = c.hash_setup(alg).expect("setup");
        src.update(b"ab").expect("update");
        let mut copy = src.try_clone().expect("clone of an active operation");
        src.update(b"x").expect("update");
        copy.update(b"c").expect("update");
        let mut out = [0u8; 64];
        let n = copy.finish(&mut out).expect("finish");
        assert_eq!(out[..n], hex(digests[1])[..], "{alg:?} clone");
        // The source is unaffected by the clone's finish and continues on its own.
        src.update(b"y").expect("update");
        let mut op = c.hash_setup(alg).expect("setup");
        op.update(b"abxy").expect("update");
        let mut expected = [0u8; 64];
        op.finish(&mut expected).expect("finish");
        assert_eq!(src.verify(&expected[..n]), Ok(()), "{alg:?} source");
    }
}

#[test]
fn hash_state_machine() {
    let c = Crypto::in_memory();
    let alg = Algorithm::SHA_256;
    let empty = hex(HASH_KATS[4].1[0]);
    let mut out = [0u8; 64];

    // Inactive: every step is BAD_STATE, abort always succeeds.
    let mut op = HashOperation::default();
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    assert_eq!(op.finish(&mut out), Err(Error::BadState));
    assert_eq!(op.verify(&empty), Err(Error::BadState));
    assert_eq!(op.try_clone().err(), Some(Error::BadState));
    op.abort();
    op.abort();

    // After finish: inactive.
    let mut op = c.hash_setup(alg).unwrap();
    assert_eq!(op.finish(&mut out), Ok(32));
    assert_eq!(out[..32], empty[..]);
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    assert_eq!(op.finish(&mut out), Err(Error::BadState));
    assert_eq!(op.verify(&empty), Err(Error::BadState));
    assert_eq!(op.try_clone().err(), Some(Error::BadState));

    // After a successful verify: inactive.
    let mut op = c.hash_setup(alg).unwrap();
    assert_eq!(op.verify(&empty), Ok(()));
    assert_eq!(op.verify(&empty), Err(Error::BadState));
    assert_eq!(op.finish(&mut out), Err(Error::BadState));

    // A failed verify (short, long, wrong): error state until abort.
    for wrong in [
        &empty[..31],
        &[empty.clone(), vec![0]].concat()[..],
        &[0u8; 32][..],
    ] {
        let mut op = c.hash_setup(alg).unwrap();
        assert_eq!(op.verify(wrong), Err(Error::InvalidSignature));
        assert_eq!(op.update(b"x"), Err(Error::BadState));
        assert_eq!(op.finish(&mut out), Err(Error::BadState));
        op.abort();
        assert_eq!(op.update(b"x"), Err(Error::BadState), "aborted is inactive");
    }

    // A finish into a short buffer: BUFFER_TOO_SMALL, nothing written, error state.
    let mut op = c.hash_setup(alg).unwrap();
    let mut small = [0x77u8; 31];
    assert_eq!(op.finish(&mut small), Err(Error::BufferTooSmall));
    assert_eq!(small, [0x77; 31]);
    assert_eq!(op.update(b""), Err(Error::BadState));
    assert_eq!(op.try_clone().err(), Some(Error::BadState));
    op.abort();

    // Suspend / resume are not supported (see `Crypto::hash_resume`).
    let mut op = c.hash_setup(alg).unwrap();
    let mut state = [0u8; 256];
    assert_eq!(op.suspend(&mut state), Err(Error::NotSupported));
    assert_eq!(op.update(b""), Err(Error::BadState));
    assert_eq!(
        HashOperation::default().suspend(&mut state),
        Err(Error::BadState)
    );
    assert_eq!(
        c.hash_resume(&[0x02, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0, 0])
            .err(),
        Some(Error::NotSupported)
    );
    assert_eq!(c.hash_resume(&[]).err(), Some(Error::InvalidArgument));
    assert_eq!(
        c.hash_resume(&[0x03, 0x80, 0, 0x09, 0, 0, 0, 0]).err(),
        Some(Error::InvalidArgument),
        "HMAC(SHA_256) is not a hash"
    );
}

#[test]
fn hash_algorithm_errors() {
    let c = Crypto::in_memory();
    let mut out = [0u8; 64];
    // Not a hash: INVALID_ARGUMENT. A hash encoding without an implementation (the
    // wildcard, the bare category, MD2, MD4, SM3, vendor-defined): NOT_SUPPORTED.
    for alg in [
        HMAC256,
        Algorithm::CMAC,
        Algorithm::NONE,
        Algorithm::ECDSA_ANY,
    ] {
        assert_eq!(
            c.hash_setup(alg).err(),
            Some(Error::InvalidArgument),
            "{alg:?}"
        );
        assert_eq!(
            c.hash_compute(alg, b"", &mut out),
            Err(Error::InvalidArgument)
        );
        assert_eq!(c.hash_compare(alg, b"", &out), Err(Error::InvalidArgument));
    }
    for alg in [
        Algorithm::ANY_HASH,
        Algorithm::from_raw(0x0200_0000),
        Algorithm::MD2,
        Algorithm::MD4,
        Algorithm::SM3,
        Algorithm::from_raw(0x8200_0009),
    ] {
        assert_eq!(
            c.hash_setup(alg).err(),
            Some(Error::NotSupported),
            "{alg:?}"
        );
        assert_eq!(c.hash_compute(alg, b"", &mut out), Err(Error::NotSupported));
        assert_eq!(c.hash_compare(alg, b"", &out), Err(Error::NotSupported));
    }
    for (alg, _) in HASH_KATS {
        let len = alg.hash_length().unwrap();
        let mut short = vec![0x55u8; len - 1];
        assert_eq!(
            c.hash_compute(alg, b"abc", &mut short),
            Err(Error::BufferTooSmall)
        );
        assert!(short.iter().all(|&b| b == 0x55), "nothing written");
        assert_eq!(
            c.hash_compute(alg, b"abc", &mut []),
            Err(Error::BufferTooSmall)
        );
    }
}

#[test]
fn hash_operation_is_send_and_moves_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let c = Crypto::in_memory();
    let mut op = c.hash_setup(Algorithm::SHA3_256).unwrap();
    op.update(b"a").unwrap();
    assert_send(&op);
    let op = std::thread::spawn(move || {
        op.update(b"bc").unwrap();
        op
    })
    .join()
    .unwrap();
    let mut op = op;
    assert_eq!(op.verify(&hex(HASH_KATS[10].1[1])), Ok(()));
}

// ---------------------------------------------------------------------------------------
// MAC known answers
// ---------------------------------------------------------------------------------------

/// Computes `alg` over `msg` one-shot, checks the length, verifies it one-shot and
/// multi-part (sign and verify) at a few split points; returns the MAC.
fn mac_all_ways(c: &Crypto, key: KeyId, alg: Algorithm, msg: &[u8]) -> Vec<u8> {
    let mut out = [0u8; 64];
    let n = c.mac_compute(key, alg, msg, &mut out).expect("mac_compute");
    let tag = out[..n].to_vec();
    assert_eq!(
        c.mac_verify(key, alg, msg, &tag),
        Ok(()),
        "{alg:?} mac_verify"
    );
    for cut in [0, msg.len() / 3, msg.len()] {
        let mut op = c.mac_sign_setup(key, alg).expect("sign setup");
        op.update(&msg[..cut]).unwrap();
        op.update(&msg[cut..]).unwrap();
        let mut out2 = [0u8; 64];
        assert_eq!(op.sign_finish(&mut out2), Ok(n), "{alg:?}");
        assert_eq!(out2[..n], tag[..], "{alg:?} multi-part sign at {cut}");
        let mut op = c.mac_verify_setup(key, alg).expect("verify setup");
        op.update(&msg[..cut]).unwrap();
        op.update(&msg[cut..]).unwrap();
        assert_eq!(op.verify_finish(&tag), Ok(()), "{alg:?} multi-part verify");
    }
    tag
}

fn check_mac(key_type: KeyType, key: &[u8], alg: Algorithm, msg: &[u8], expected: &str) {
    let c = Crypto::in_memory();
    let id = mac_key(&c, key_type, key, alg);
    assert_eq!(
        mac_all_ways(&c, id, alg, msg),
        hex(expected),
        "{key_type:?} {alg:?} key {} bytes, msg {} bytes",
        key.len(),
        msg.len()
    );
    c.destroy_key(id).unwrap();
}

/// RFC 4231 inputs (test cases 1 to 7).
fn rfc4231_inputs() -> [(Vec<u8>, Vec<u8>); 7] {
    [
        (vec![0x0b; 20], b"Hi There".to_vec()),
        (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec()),
        (vec![0xaa; 20], vec![0xdd; 50]),
        ((1..=25).collect(), vec![0xcd; 50]),
        (vec![0x0c; 20], b"Test With Truncation".to_vec()),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size \
              data. The key needs to be hashed before being used by the HMAC algorithm."
                .to_vec(),
        ),
    ]
}

#[test]
fn hmac_sha2_rfc4231() {
    let expected: [(Algorithm, [&str; 7]); 4] = [
        (
            Algorithm::SHA_224,
            [
                "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
                "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
                "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
                "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
                "0e2aea68a90c8d37c988bcdb9fca6fa8",
                "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
                "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
            ],
        ),
        (
            Algorithm::SHA_256,
            [
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                "a3b6167473100ee06e0c796c2955552b",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ],
        ),
        (
            Algorithm::SHA_384,
            [
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c
                 faea9ea9076ede7f4af152e8b2fa9cb6",
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e
                 8e2240ca5e69e2c78b3239ecfab21649",
                "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b
                 2a5ab39dc13814b94e3ab6e101a34f27",
                "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e
                 6801dd23c4a7d679ccf8a386c674cffb",
                "3abf34c3503b2a23a46efc619baef897",
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6
                 0c2ef6ab4030fe8296248df163f44952",
                "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5
                 a678cc31e799176d3860e6110c46523e",
            ],
        ),
        (
            Algorithm::SHA_512,
            [
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde
                 daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554
                 9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
                "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39
                 bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
                "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db
                 a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
                "415fad6271580a531d4179bc891d87a6",
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352
                 6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
                "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944
                 b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
            ],
        ),
    ];
    for (hash, tags) in expected {
        for (i, ((key, msg), tag)) in rfc4231_inputs().iter().zip(tags).enumerate() {
            // Test case 5 is specified truncated to 128 bits.
            let alg = if i == 4 {
                Algorithm::truncated_mac(Algorithm::hmac(hash), 16)
            } else {
                Algorithm::hmac(hash)
            };
            check_mac(KeyType::HMAC, key, alg, msg, tag);
        }
    }
}

#[test]
fn hmac_md5_sha1_ripemd160_rfc2202_rfc2286() {
    let inputs = |n: usize| -> [(Vec<u8>, Vec<u8>); 7] {
        [
            (vec![0x0b; n], b"Hi There".to_vec()),
            (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec()),
            (vec![0xaa; n], vec![0xdd; 50]),
            ((1..=25).collect(), vec![0xcd; 50]),
            (vec![0x0c; n], b"Test With Truncation".to_vec()),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"
                    .to_vec(),
            ),
        ]
    };
    let expected: [(Algorithm, usize, [&str; 7]); 3] = [
        (
            Algorithm::MD5,
            16,
            [
                "9294727a3638bb1c13f48ef8158bfc9d",
                "750c783e6ab0b503eaa86e310a5db738",
                "56be34521d144c88dbb8c733f0e8b3f6",
                "697eaf0aca3a3aea3a75164746ffaa79",
                "56461ef2342edc00f9bab995690efd4c",
                "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
                "6f630fad67cda0ee1fb1f562db3aa53e",
            ],
        ),
        (
            Algorithm::SHA_1,
            20,
            [
                "b617318655057264e28bc0b6fb378c8ef146be00",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
                "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
                "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ],
        ),
        (
            Algorithm::RIPEMD160,
            20,
            [
                "24cb4bd67d20fc1a5d2ed7732dcc39377f0a5668",
                "dda6c0213a485a9e24f4742064a7f033b43c4069",
                "b0b105360de759960ab4f35298e116e295d8e7c1",
                "d5ca862f4d21d5e610e18b4cf1beb97a4365ecf4",
                "7619693978f91d90539ae786500ff3d8e0518e39",
                "6466ca07ac5eac29e1bd523e5ada7605b791fd8b",
                "69ea60798d71616cce5fd0871e23754cd75d5a0a",
            ],
        ),
    ];
    for (hash, key_len, tags) in expected {
        for ((key, msg), tag) in inputs(key_len).iter().zip(tags) {
            check_mac(KeyType::HMAC, key, Algorithm::hmac(hash), msg, tag);
        }
    }
}

#[test]
fn hmac_sha3_and_sha512_t() {
    let short_key: Vec<u8> = (0..0x1c).collect();
    let long_key: Vec<u8> = (0..0xc8).collect();
    let short_msg = b"Sample message for keylen<blocklen";
    let long_msg = b"Sample message for keylen>blocklen";
    let cases: [(Algorithm, &str, &str); 6] = [
        (
            Algorithm::SHA3_224,
            "332cfd59347fdb8e576e77260be4aba2d6dc53117b3bfb52c6d18c04",
            "864c08adc09ac45a90ac08f8a31e22777a2c74889ce3fb1dd50bf723",
        ),
        (
            Algorithm::SHA3_256,
            "186b8ee333bd586f944b192934e20d5a7fc8de45bcdde7db392f55c98fdbf2b9",
            "8eb54ac58c2ac2827ca8655a9a4142a6780fff463176e10a8aac5ab4f26c485a",
        ),
        (
            Algorithm::SHA3_384,
            "0774db636974fb40b9e1730965379e41de323412cc65723b4261c9c8f8e5d1a5
             5b4c00e0235a9ad7115e52210572c209",
            "f69a0a2e65f9fcfc9a3e281effaa780caf154b61d7ee29d4d6703d91281678bb
             1c099a9ec1dfb5820a3996cf40532e77",
        ),
        (
            Algorithm::SHA3_512,
            "f8716384ec3666a01ebc21ea9eea837d0da162e2df4bf1fbb66dadc6be938b95
             a8c6b1e08445aff3a477a60cfecc474d67a4bf9c793e5ae38f9d5a17e625b9fa",
            "eba5b7668e85748ab6d5f4800f48c292a5085820904091cda307f8431ef37763
             680ddeed39f4aa9b262f1aa8691e2331563eb0169aaa1249575a4ad17dbd6c53",
        ),
        (
            Algorithm::SHA_512_224,
            "fb4ebd56303fdaea9f3e32ed474ceb44c867fb9c80adaf9552490523",
            "e7d6b954bdf1a1fa383df233449d4ac17a3d32757c8bbef8e6cc3a31",
        ),
        (
            Algorithm::SHA_512_256,
            "05eef178c1285226971503df0ecc2dfb20416666baf83cbcca8043afcd01bc07",
            "c3236c3b336e1352ad39fbd54a9c7d760033d7e3f425d829af52f2cb7c797433",
        ),
    ];
    for (hash, short_tag, long_tag) in cases {
        let alg = Algorithm::hmac(hash);
        check_mac(KeyType::HMAC, &short_key, alg, short_msg, short_tag);
        check_mac(KeyType::HMAC, &long_key, alg, long_msg, long_tag);
    }
}

/// NIST SP 800-38A's four-block example plaintext, the message of the CMAC examples.
const SP800_38A: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51
                         30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const AES128: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const AES192: &str = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
const AES256: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const TDEA3: &str = "8aa83bf8cbda10620bc1bf19fbb6cd58bc313d4a371ca8b5";
const K128: &str = "000102030405060708090a0b0c0d0e0f";
const K192: &str = "000102030405060708090a0b0c0d0e0f1011121314151617";
const K256: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

#[test]
fn cmac_rfc4493_sp800_38b_and_other_ciphers() {
    let msg = hex(SP800_38A);
    let cases = [
        // RFC 4493 §4.
        (KeyType::AES, AES128, 0, "bb1d6929e95937287fa37d129b756746"),
        (KeyType::AES, AES128, 16, "070a16b46b4d4144f79bdd9dd04a287c"),
        (KeyType::AES, AES128, 40, "dfa66747de9ae63030ca32611497c827"),
        (KeyType::AES, AES128, 64, "51f0bebf7e3b9d92fc49741779363cfe"),
        // SP 800-38B Appendix D.
        (KeyType::AES, AES192, 0, "d17ddf46adaacde531cac483de7a9367"),
        (KeyType::AES, AES192, 16, "9e99a7bf31e710900662f65e617c5184"),
        (KeyType::AES, AES256, 64, "e1992190549f6ed5696a2c056c315410"),
        (KeyType::DES, TDEA3, 0, "b7a688e122ffaf95"),
        (KeyType::DES, TDEA3, 20, "743ddbe0ce2dc2ed"),
        // ARIA and Camellia (OpenSSL 3).
        (KeyType::ARIA, K128, 40, "3fbe177567f5f927ae3130369cc95776"),
        (KeyType::ARIA, K256, 16, "20c753c441f829ec0eae863b97b72506"),
        (
            KeyType::CAMELLIA,
            K128,
            40,
            "fa07d173a1e0298ac8ee80d479a7d48e",
        ),
        (
            KeyType::CAMELLIA,
            K192,
            0,
            "392700e3dba24ca440a4b611390b8532",
        ),
    ];
    for (kt, key, len, tag) in cases {
        check_mac(kt, &hex(key), Algorithm::CMAC, &msg[..len], tag);
    }
    // Truncated CMAC is the prefix of the full one.
    let t8 = Algorithm::truncated_mac(Algorithm::CMAC, 8);
    check_mac(
        KeyType::AES,
        &hex(AES128),
        t8,
        &msg[..40],
        "dfa66747de9ae630",
    );
}

#[test]
fn cbc_mac_known_answers() {
    let msg = hex(SP800_38A);
    let cases = [
        // One block under AES-128 is SP 800-38A F.1.1's first ECB block.
        (KeyType::AES, AES128, 16, "3ad77bb40d7a3660a89ecaf32466ef97"),
        (KeyType::AES, AES128, 64, "a7356e1207bb406639e5e5ceb9a9ed93"),
        (KeyType::AES, AES256, 64, "7e149874d994f5550bcbd66d917315d6"),
        (KeyType::ARIA, K192, 32, "ce7948129885ddce234fe2ffba9255a2"),
        (
            KeyType::CAMELLIA,
            K256,
            32,
            "d8df215e16b35078a1e092238be8aa5c",
        ),
        (KeyType::DES, TDEA3, 16, "daede062dfd9e40f"),
    ];
    for (kt, key, len, tag) in cases {
        check_mac(kt, &hex(key), Algorithm::CBC_MAC, &msg[..len], tag);
    }
}

#[test]
fn cbc_mac_requires_whole_non_empty_blocks() {
    let c = Crypto::in_memory();
    let key = mac_key(&c, KeyType::AES, &hex(AES128), Algorithm::CBC_MAC);
    let mut out = [0u8; 16];
    for len in [0, 1, 15, 17, 31] {
        let msg = vec![7u8; len];
        assert_eq!(
            c.mac_compute(key, Algorithm::CBC_MAC, &msg, &mut out),
            Err(Error::InvalidArgument),
            "one-shot, {len} bytes"
        );
        assert_eq!(
            c.mac_verify(key, Algorithm::CBC_MAC, &msg, &out),
            Err(Error::InvalidArgument)
        );
        let mut op = c.mac_sign_setup(key, Algorithm::CBC_MAC).unwrap();
        op.update(&msg).unwrap();
        assert_eq!(op.sign_finish(&mut out), Err(Error::InvalidArgument));
        assert_eq!(
            op.sign_finish(&mut out),
            Err(Error::BadState),
            "error state"
        );
        let mut op = c.mac_verify_setup(key, Algorithm::CBC_MAC).unwrap();
        op.update(&msg).unwrap();
        assert_eq!(op.verify_finish(&out), Err(Error::InvalidArgument));
    }
    // Whole blocks in uneven parts are fine.
    let msg = hex(SP800_38A);
    let mut op = c.mac_sign_setup(key, Algorithm::CBC_MAC).unwrap();
    for piece in [&msg[..5], &msg[5..21], &msg[21..]] {
        op.update(piece).unwrap();
    }
    assert_eq!(op.sign_finish(&mut out), Ok(16));
    assert_eq!(out[..], hex("a7356e1207bb406639e5e5ceb9a9ed93")[..]);
    // 3DES blocks are 8 bytes.
    let des = mac_key(&c, KeyType::DES, &hex(TDEA3), Algorithm::CBC_MAC);
    assert_eq!(
        c.mac_compute(des, Algorithm::CBC_MAC, &[1; 8], &mut out),
        Ok(8)
    );
    assert_eq!(
        c.mac_compute(des, Algorithm::CBC_MAC, &[1; 12], &mut out),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn mac_multi_part_equals_one_shot_at_random_splits() {
    let c = Crypto::in_memory();
    let mut rng = Rng(0x5eed_0002);
    let mut keys = Vec::new();
    for (hash, _) in HASH_KATS {
        if hash == Algorithm::SHAKE256_512 {
            continue;
        }
        let alg = Algorithm::hmac(hash);
        let key_len = 1 + rng.below(200);
        keys.push((mac_key(&c, KeyType::HMAC, &rng.bytes(key_len), alg), alg, 1));
    }
    for (kt, len) in [
        (KeyType::AES, 16),
        (KeyType::AES, 24),
        (KeyType::AES, 32),
        (KeyType::ARIA, 16),
        (KeyType::CAMELLIA, 32),
        (KeyType::DES, 24),
    ] {
        let block = kt.block_size().unwrap();
        let key = rng.bytes(len);
        keys.push((mac_key(&c, kt, &key, Algorithm::CMAC), Algorithm::CMAC, 1));
        let cbc = mac_key(&c, kt, &key, Algorithm::CBC_MAC);
        keys.push((cbc, Algorithm::CBC_MAC, block));
    }
    let t = Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA3_256), 10);
    keys.push((mac_key(&c, KeyType::HMAC, &[9; 32], t), t, 1));
    for (key, alg, unit) in keys {
        for _ in 0..25 {
            let len = unit * (1 + rng.below(300 / unit));
            let msg = rng.bytes(len);
            let mut one = [0u8; 64];
            let n = c.mac_compute(key, alg, &msg, &mut one).expect("compute");
            let cuts = rng.splits(len);
            let mut op = c.mac_sign_setup(key, alg).unwrap();
            for p in parts(&msg, &cuts) {
                op.update(p).unwrap();
            }
            let mut multi = [0u8; 64];
            assert_eq!(op.sign_finish(&mut multi), Ok(n));
            assert_eq!(multi[..n], one[..n], "{alg:?} len {len} cuts {cuts:?}");
            let mut op = c.mac_verify_setup(key, alg).unwrap();
            for p in parts(&msg, &cuts) {
                op.update(p).unwrap();
            }
            assert_eq!(op.verify_finish(&one[..n]), Ok(()), "{alg:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// MAC verification, truncation, buffers
// ---------------------------------------------------------------------------------------

#[test]
fn mac_verify_rejects_every_wrong_tag() {
    let c = Crypto::in_memory();
    for (kt, key, alg) in [
        (KeyType::HMAC, vec![0x0b; 20], HMAC256),
        (KeyType::AES, hex(AES128), Algorithm::CMAC),
        (
            KeyType::HMAC,
            vec![1; 16],
            Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_512), 20),
        ),
    ] {
        let id = mac_key(&c, kt, &key, alg);
        let tag = mac_all_ways(&c, id, alg, b"message");
        let mut longer = tag.clone();
        longer.push(0);
        let mut wrongs = vec![tag[..tag.len() - 1].to_vec(), longer, Vec::new()];
        for i in 0..tag.len() {
            let mut bad = tag.clone();
            bad[i] ^= 0x80;
            wrongs.push(bad);
        }
        for wrong in wrongs {
            assert_eq!(
                c.mac_verify(id, alg, b"message", &wrong),
                Err(Error::InvalidSignature),
                "{alg:?} {wrong:02x?}"
            );
            let mut op = c.mac_verify_setup(id, alg).unwrap();
            op.update(b"message").unwrap();
            assert_eq!(op.verify_finish(&wrong), Err(Error::InvalidSignature));
            assert_eq!(op.verify_finish(&tag), Err(Error::BadState), "error state");
            op.abort();
        }
        assert_eq!(
            c.mac_verify(id, alg, b"messagE", &tag),
            Err(Error::InvalidSignature)
        );
    }
}

#[test]
fn truncated_macs_are_prefixes_and_lengths_are_checked() {
    let c = Crypto::in_memory();
    let key = [0x42u8; 32];
    let full_key = mac_key(&c, KeyType::HMAC, &key, HMAC256);
    let full = mac_all_ways(&c, full_key, HMAC256, b"msg");
    for len in [4, 5, 16, 31, 32] {
        let alg = Algorithm::truncated_mac(HMAC256, len);
        let id = mac_key(&c, KeyType::HMAC, &key, alg);
        assert_eq!(mac_all_ways(&c, id, alg, b"msg"), full[..len], "{len}");
        if len < 32 {
            // The full tag is not a valid truncated tag (lengths must match).
            assert_eq!(
                c.mac_verify(id, alg, b"msg", &full),
                Err(Error::InvalidSignature)
            );
        }
    }
    // Too short to be safe: NOT_SUPPORTED; longer than the MAC: INVALID_ARGUMENT.
    for (len, err) in [
        (1, Error::NotSupported),
        (3, Error::NotSupported),
        (33, Error::InvalidArgument),
        (63, Error::InvalidArgument),
    ] {
        let alg = Algorithm::truncated_mac(HMAC256, len);
        let id = mac_key(&c, KeyType::HMAC, &key, alg);
        let mut out = [0u8; 64];
        assert_eq!(c.mac_compute(id, alg, b"m", &mut out), Err(err), "{len}");
        assert_eq!(c.mac_sign_setup(id, alg).err(), Some(err), "{len}");
        assert_eq!(c.mac_verify_setup(id, alg).err(), Some(err), "{len}");
    }
    let cmac17 = Algorithm::truncated_mac(Algorithm::CMAC, 17);
    let id = mac_key(&c, KeyType::AES, &[1; 16], cmac17);
    assert_eq!(
        c.mac_sign_setup(id, cmac17).err(),
        Some(Error::InvalidArgument)
    );
    let des9 = Algorithm::truncated_mac(Algorithm::CMAC, 9);
    let id = mac_key(&c, KeyType::DES, &[1; 24], des9);
    assert_eq!(
        c.mac_sign_setup(id, des9).err(),
        Some(Error::InvalidArgument)
    );
}

#[test]
fn mac_output_buffers() {
    let c = Crypto::in_memory();
    let id = mac_key(&c, KeyType::HMAC, &[3; 32], HMAC256);
    let full = mac_all_ways(&c, id, HMAC256, b"x");
    for size in [0, 1, 31] {
        let mut out = vec![0x99u8; size];
        assert_eq!(
            c.mac_compute(id, HMAC256, b"x", &mut out),
            Err(Error::BufferTooSmall)
        );
        assert!(out.iter().all(|&b| b == 0x99), "nothing written");
        let mut op = c.mac_sign_setup(id, HMAC256).unwrap();
        op.update(b"x").unwrap();
        assert_eq!(op.sign_finish(&mut out), Err(Error::BufferTooSmall));
        assert!(out.iter().all(|&b| b == 0x99), "nothing written");
        let mut big = [0u8; 64];
        assert_eq!(
            op.sign_finish(&mut big),
            Err(Error::BadState),
            "error state"
        );
        op.abort();
    }
    let mut out = [0x99u8; 40];
    assert_eq!(c.mac_compute(id, HMAC256, b"x", &mut out), Ok(32));
    assert_eq!(out[..32], full[..]);
    assert_eq!(out[32..], [0x99; 8], "nothing written past the MAC");
}

// ---------------------------------------------------------------------------------------
// MAC state machine and policy
// ---------------------------------------------------------------------------------------

#[test]
fn mac_state_machine() {
    let c = Crypto::in_memory();
    let attrs = KeyAttributes::new(KeyType::HMAC, 0)
        .with_usage(Usage::SIGN_HASH | Usage::VERIFY_HASH)
        .with_algorithm(HMAC256);
    let key = c.import_key(&attrs, &[0xaa; 32]).unwrap();
    let input = [0xbb; 4];
    // Mbed TLS `mac_bad_order`: HMAC-SHA-256 of bb bb bb bb under 32 bytes of aa.
    let tag = hex("7465938ceb1db3765a38e7dd85c5ad4f07e7d5b264f01a1a2cf918ca597e5df6");
    let mut out = [0u8; 74];

    let mut op = MacOperation::default();
    assert_eq!(op.update(&input), Err(Error::BadState));
    assert_eq!(op.sign_finish(&mut out), Err(Error::BadState));
    assert_eq!(op.verify_finish(&tag), Err(Error::BadState));
    op.abort();
    op.abort();

    // Update after sign finish / verify finish; finish twice.
    let mut op = c.mac_sign_setup(key, HMAC256).unwrap();
    op.update(&input).unwrap();
    assert_eq!(op.sign_finish(&mut out), Ok(32));
    assert_eq!(out[..32], tag[..]);
    assert_eq!(op.update(&input), Err(Error::BadState));
    assert_eq!(op.sign_finish(&mut out), Err(Error::BadState));
    op.abort();
    let mut op = c.mac_verify_setup(key, HMAC256).unwrap();
    op.update(&input).unwrap();
    assert_eq!(op.verify_finish(&tag), Ok(()));
    assert_eq!(op.update(&input), Err(Error::BadState));
    assert_eq!(op.verify_finish(&tag), Err(Error::BadState));

    // The wrong finish for the direction: BAD_STATE, then the error state until abort.
    let mut op = c.mac_sign_setup(key, HMAC256).unwrap();
    op.update(&input).unwrap();
    assert_eq!(op.verify_finish(&tag), Err(Error::BadState));
    assert_eq!(op.update(&input), Err(Error::BadState));
    assert_eq!(op.sign_finish(&mut out), Err(Error::BadState));
    op.abort();
    assert_eq!(op.update(&input), Err(Error::BadState));
    let mut op = c.mac_verify_setup(key, HMAC256).unwrap();
    op.update(&input).unwrap();
    assert_eq!(op.sign_finish(&mut out), Err(Error::BadState));
    assert_eq!(op.verify_finish(&tag), Err(Error::BadState));

    // An aborted operation is inactive; a fresh setup works again.
    let mut op = c.mac_sign_setup(key, HMAC256).unwrap();
    op.update(&input).unwrap();
    op.abort();
    assert_eq!(op.update(&input), Err(Error::BadState));
    let mut op = c.mac_verify_setup(key, HMAC256).unwrap();
    op.update(&input[..1]).unwrap();
    op.update(&input[1..]).unwrap();
    assert_eq!(op.verify_finish(&tag), Ok(()));
}

#[test]
fn mac_policy_and_key_type_errors() {
    let c = Crypto::in_memory();
    let mut out = [0u8; 64];
    let import = |kt: KeyType, usage: Usage, policy: Algorithm, len: usize| {
        c.import_key(
            &KeyAttributes::new(kt, 0)
                .with_usage(usage)
                .with_algorithm(policy),
            &vec![0x11; len],
        )
        .unwrap()
    };
    let both = Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE;
    // Every entry point, with one expected status for sign and one for verify.
    let expect =
        |key: KeyId, alg: Algorithm, sign: Result<(), Error>, verify: Result<(), Error>| {
            let mut out = [0u8; 64];
            let as_unit = |r: Result<usize, Error>| r.map(|_| ());
            assert_eq!(
                as_unit(c.mac_compute(key, alg, b"m", &mut out)),
                sign,
                "{alg:?} compute"
            );
            assert_eq!(
                c.mac_sign_setup(key, alg).map(|_| ()).err(),
                sign.err(),
                "{alg:?}"
            );
            let v = c.mac_verify(key, alg, b"m", &out[..]);
            match verify {
                // With a correct key but a made-up tag, verification fails as a signature.
                Ok(()) => assert_eq!(v, Err(Error::InvalidSignature), "{alg:?} verify"),
                Err(e) => assert_eq!(v, Err(e), "{alg:?} verify"),
            }
            assert_eq!(c.mac_verify_setup(key, alg).map(|_| ()).err(), verify.err());
        };

    // Usage flags: SIGN_HASH implies SIGN_MESSAGE (set at creation), likewise verify.
    let k = import(KeyType::HMAC, Usage::SIGN_HASH, HMAC256, 32);
    expect(k, HMAC256, Ok(()), Err(Error::NotPermitted));
    let k = import(KeyType::HMAC, Usage::VERIFY_MESSAGE, HMAC256, 32);
    expect(k, HMAC256, Err(Error::NotPermitted), Ok(()));
    let k = import(KeyType::HMAC, Usage::EXPORT, HMAC256, 32);
    expect(
        k,
        HMAC256,
        Err(Error::NotPermitted),
        Err(Error::NotPermitted),
    );

    // Algorithm not permitted by the policy.
    let k = import(KeyType::HMAC, both, HMAC256, 32);
    let h224 = Algorithm::hmac(Algorithm::SHA_224);
    expect(k, h224, Err(Error::NotPermitted), Err(Error::NotPermitted));
    let k = import(KeyType::HMAC, both, Algorithm::NONE, 32);
    expect(
        k,
        HMAC256,
        Err(Error::NotPermitted),
        Err(Error::NotPermitted),
    );
    let k = import(
        KeyType::HMAC,
        both,
        Algorithm::hmac(Algorithm::ANY_HASH),
        32,
    );
    expect(
        k,
        HMAC256,
        Err(Error::NotPermitted),
        Err(Error::NotPermitted),
    );

    // At-least-this-length policies.
    let atl20 = Algorithm::at_least_this_length_mac(HMAC256, 20);
    let k = import(KeyType::HMAC, both, atl20, 32);
    expect(k, Algorithm::truncated_mac(HMAC256, 30), Ok(()), Ok(()));
    expect(k, Algorithm::truncated_mac(HMAC256, 20), Ok(()), Ok(()));
    expect(k, HMAC256, Ok(()), Ok(()));
    let t10 = Algorithm::truncated_mac(HMAC256, 10);
    expect(k, t10, Err(Error::NotPermitted), Err(Error::NotPermitted));
    let cmac20 = Algorithm::truncated_mac(Algorithm::CMAC, 20);
    expect(
        k,
        cmac20,
        Err(Error::NotPermitted),
        Err(Error::NotPermitted),
    );
    // A wildcard is never an algorithm to run.
    expect(
        k,
        atl20,
        Err(Error::InvalidArgument),
        Err(Error::InvalidArgument),
    );
    let k = import(
        KeyType::AES,
        both,
        Algorithm::at_least_this_length_mac(Algorithm::CMAC, 10),
        16,
    );
    expect(k, Algorithm::CMAC, Ok(()), Ok(()));
    expect(
        k,
        Algorithm::truncated_mac(Algorithm::CMAC, 8),
        Err(Error::NotPermitted),
        Err(Error::NotPermitted),
    );

    // A truncated policy equal to the full length permits the full-length MAC.
    let k = import(
        KeyType::HMAC,
        both,
        Algorithm::truncated_mac(HMAC256, 32),
        32,
    );
    expect(k, HMAC256, Ok(()), Ok(()));

    // Not a MAC algorithm.
    let k = import(KeyType::AES, both, Algorithm::CBC_NO_PADDING, 16);
    expect(
        k,
        Algorithm::CBC_NO_PADDING,
        Err(Error::InvalidArgument),
        Err(Error::InvalidArgument),
    );

    // A key type the MAC cannot use: INVALID_ARGUMENT.
    for (kt, len, alg) in [
        (KeyType::RAW_DATA, 32, HMAC256),
        (KeyType::AES, 16, HMAC256),
        (KeyType::HMAC, 16, Algorithm::CMAC),
        (KeyType::DERIVE, 16, Algorithm::CMAC),
        (KeyType::CHACHA20, 32, Algorithm::CMAC),
        (KeyType::CHACHA20, 32, Algorithm::CBC_MAC),
        (KeyType::RAW_DATA, 16, Algorithm::CBC_MAC),
    ] {
        let k = import(kt, both, alg, len);
        expect(
            k,
            alg,
            Err(Error::InvalidArgument),
            Err(Error::InvalidArgument),
        );
    }

    // Combinations this implementation does not have: NOT_SUPPORTED.
    for (kt, len, alg) in [
        (KeyType::DES, 8, Algorithm::CMAC),
        (KeyType::DES, 16, Algorithm::CMAC),
        (KeyType::DES, 8, Algorithm::CBC_MAC),
        (KeyType::HMAC, 32, Algorithm::hmac(Algorithm::SHAKE256_512)),
        (KeyType::HMAC, 32, Algorithm::hmac(Algorithm::NONE)),
        (KeyType::HMAC, 32, Algorithm::hmac(Algorithm::MD4)),
        (KeyType::HMAC, 32, Algorithm::hmac(Algorithm::SM3)),
    ] {
        let k = import(kt, both, alg, len);
        expect(k, alg, Err(Error::NotSupported), Err(Error::NotSupported));
    }

    // Not a key.
    for id in [
        KeyId::from_raw(0),
        KeyId::from_raw(0x4000_1234),
        KeyId::from_raw(77),
    ] {
        assert_eq!(
            c.mac_compute(id, HMAC256, b"m", &mut out),
            Err(Error::InvalidHandle)
        );
        assert_eq!(
            c.mac_sign_setup(id, HMAC256).err(),
            Some(Error::InvalidHandle)
        );
        assert_eq!(
            c.mac_verify(id, HMAC256, b"m", &out),
            Err(Error::InvalidHandle)
        );
    }
}

#[test]
fn prepared_key_serves_every_permitted_length() {
    // One key, one prepared form, several truncations permitted by a wildcard policy.
    let c = Crypto::in_memory();
    let policy = Algorithm::at_least_this_length_mac(Algorithm::CMAC, 4);
    let key = mac_key(&c, KeyType::AES, &hex(AES128), policy);
    let msg = hex(SP800_38A);
    let full = hex("dfa66747de9ae63030ca32611497c827");
    for len in [4, 8, 15, 16] {
        let alg = Algorithm::truncated_mac(Algorithm::CMAC, len);
        assert_eq!(mac_all_ways(&c, key, alg, &msg[..40]), full[..len]);
    }
    assert_eq!(mac_all_ways(&c, key, Algorithm::CMAC, &msg[..40]), full);
}

// ---------------------------------------------------------------------------------------
// Destroying the key under a running MAC operation
// ---------------------------------------------------------------------------------------

#[test]
fn destroy_during_multi_part_mac_wipes_the_operation() {
    let c = Crypto::in_memory();
    for (kt, key, alg) in [
        (KeyType::HMAC, vec![1u8; 32], HMAC256),
        (
            KeyType::HMAC,
            vec![2u8; 32],
            Algorithm::hmac(Algorithm::SHA3_256),
        ),
        (KeyType::AES, vec![3u8; 16], Algorithm::CMAC),
        (KeyType::CAMELLIA, vec![4u8; 32], Algorithm::CBC_MAC),
    ] {
        let id = mac_key(&c, kt, &key, alg);
        let mut sign = c.mac_sign_setup(id, alg).unwrap();
        let mut verify = c.mac_verify_setup(id, alg).unwrap();
        sign.update(&[0; 16]).unwrap();
        verify.update(&[0; 16]).unwrap();
        c.destroy_key(id).unwrap();

        // The next step fails with INVALID_HANDLE; every later one is BAD_STATE.
        let mut out = [0u8; 64];
        assert_eq!(sign.update(&[0; 16]), Err(Error::InvalidHandle), "{alg:?}");
        assert_eq!(sign.update(&[0; 16]), Err(Error::BadState));
        assert_eq!(sign.sign_finish(&mut out), Err(Error::BadState));
        assert_eq!(verify.verify_finish(&out[..16]), Err(Error::InvalidHandle));
        assert_eq!(verify.verify_finish(&out[..16]), Err(Error::BadState));
        sign.abort();
        verify.abort();
        assert_eq!(
            sign.update(&[0; 16]),
            Err(Error::BadState),
            "inactive after abort"
        );
        // The key is gone for new operations too.
        assert_eq!(c.mac_sign_setup(id, alg).err(), Some(Error::InvalidHandle));
    }
}

#[test]
fn destroy_during_finish_of_persistent_key_and_recreation() {
    let c = Crypto::in_memory();
    let id = KeyId::from_raw(0x1234);
    let attrs = KeyAttributes::new(KeyType::HMAC, 0)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        .with_algorithm(HMAC256)
        .with_id(id);
    c.import_key(&attrs, &[5; 32]).unwrap();
    let mut op = c.mac_sign_setup(id, HMAC256).unwrap();
    op.update(b"before").unwrap();
    // Purge (drop from memory, keep in storage) must not disturb a bound operation.
    c.purge_key(id).unwrap();
    op.update(b" and after purge").unwrap();
    c.destroy_key(id).unwrap();
    // A new key under the same id is a different key instance: the operation stays dead.
    c.import_key(&attrs, &[6; 32]).unwrap();
    let mut out = [0u8; 32];
    assert_eq!(op.sign_finish(&mut out), Err(Error::InvalidHandle));
    assert_eq!(op.sign_finish(&mut out), Err(Error::BadState));
    op.abort();
    // The new key works, and its MAC is that of its own material.
    let mut expected = [0u8; 32];
    c.mac_compute(id, HMAC256, b"x", &mut expected).unwrap();
    let mut op = c.mac_sign_setup(id, HMAC256).unwrap();
    op.update(b"x").unwrap();
    assert_eq!(op.sign_finish(&mut out), Ok(32));
    assert_eq!(out, expected);
    c.destroy_key(id).unwrap();
}

/// Threads run multi-part MACs on one key while it is destroyed: each step either succeeds
/// with the right MAC or fails with INVALID_HANDLE (then BAD_STATE), never anything else.
#[test]
fn concurrent_multi_part_macs_and_destroy() {
    let c = Arc::new(Crypto::in_memory());
    let key = mac_key(&c, KeyType::HMAC, &[9; 32], HMAC256);
    let mut expected = [0u8; 32];
    c.mac_compute(key, HMAC256, &[7; 96], &mut expected)
        .unwrap();
    let threads = 4;
    let start = Arc::new(Barrier::new(threads + 1));
    let destroyed = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (c, start, destroyed) =
                (Arc::clone(&c), Arc::clone(&start), Arc::clone(&destroyed));
            std::thread::spawn(move || {
                start.wait();
                let mut completed = 0u32;
                loop {
                    let gone_before = destroyed.load(Ordering::Acquire);
                    let mut op = match c.mac_sign_setup(key, HMAC256) {
                        Ok(op) => op,
                        Err(Error::InvalidHandle) => return completed,
                        Err(e) => panic!("setup: {e:?}"),
                    };
                    assert!(!gone_before, "setup succeeded after destroy returned");
                    let mut failed = false;
                    for _ in 0..3 {
                        match op.update(&[7; 32]) {
                            Ok(()) => {}
                            Err(Error::InvalidHandle) => {
                                failed = true;
                                break;
                            }
                            Err(e) => panic!("update: {e:?}"),
                        }
                    }
                    let mut out = [0u8; 32];
                    if failed {
                        assert_eq!(op.sign_finish(&mut out), Err(Error::BadState));
                        return completed;
                    }
                    match op.sign_finish(&mut out) {
                        Ok(32) => {
                            assert_eq!(out, expected);
                            completed += 1;
                        }
                        Err(Error::InvalidHandle) => return completed,
                        other => panic!("finish: {other:?}"),
                    }
                }
            })
        })
        .collect();
    start.wait();
    std::thread::sleep(std::time::Duration::from_millis(20));
    c.destroy_key(key).unwrap();
    destroyed.store(true, Ordering::Release);
    for w in workers {
        w.join().expect("worker");
    }
}

#[test]
fn mac_operation_is_send_and_debug_shows_no_secret() {
    fn assert_send<T: Send>(_: &T) {}
    let c = Crypto::in_memory();
    let key = mac_key(&c, KeyType::HMAC, &[0x5a; 32], HMAC256);
    let mut op = c.mac_sign_setup(key, HMAC256).unwrap();
    assert_send(&op);
    let dbg = format!("{op:?}");
    assert!(
        dbg.starts_with("MacOperation { state: \"Sign with key"),
        "{dbg}"
    );
    assert!(!dbg.to_lowercase().contains("5a5a"), "{dbg}");
    op.update(b"half").unwrap();
    let mut op = std::thread::spawn(move || {
        op.update(b" and half").unwrap();
        op
    })
    .join()
    .unwrap();
    let mut out = [0u8; 32];
    assert_eq!(op.sign_finish(&mut out), Ok(32));
    assert_eq!(format!("{op:?}"), "MacOperation { state: \"inactive\" }");
    assert_eq!(
        format!("{:?}", HashOperation::default()),
        "HashOperation { state: \"inactive\" }"
    );
}
