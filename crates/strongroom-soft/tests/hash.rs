//! Hashes against the FIPS 180-4 "abc" examples, multi-part and clone behaviour.

mod common;

use common::hex;
use strongroom_driver::{Algorithm, Driver, Error};
use strongroom_soft::SoftDriver;

/// FIPS 180-4 example digests of "abc" (NIST "Examples with intermediate values").
const ABC: [(Algorithm, &str); 7] = [
    (Algorithm::SHA_1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    (
        Algorithm::SHA_224,
        "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
    ),
    (
        Algorithm::SHA_256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ),
    (
        Algorithm::SHA_384,
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163\
         1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    ),
    (
        Algorithm::SHA_512,
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
         2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    ),
    (
        Algorithm::SHA_512_224,
        "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
    ),
    (
        Algorithm::SHA_512_256,
        "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
    ),
];

fn digest(alg: Algorithm, parts: &[&[u8]]) -> Vec<u8> {
    let mut op = SoftDriver::new().hash_setup(alg).expect("supported hash");
    for part in parts {
        op.update(part);
    }
    let mut out = [0xa5u8; 64];
    let n = op.finish(&mut out);
    assert_eq!(Some(n), alg.hash_length(), "{alg:?}");
    out[..n].to_vec()
}

#[test]
fn fips180_abc_one_shot_and_multi_part() {
    for (alg, expected) in ABC {
        assert_eq!(digest(alg, &[b"abc"]), hex(expected), "{alg:?}");
        assert_eq!(
            digest(alg, &[b"a", b"", b"bc"]),
            hex(expected),
            "{alg:?} in parts"
        );
    }
}

#[test]
fn clone_continues_independently() {
    let driver = SoftDriver::new();
    for (alg, expected) in ABC {
        let mut op = driver.hash_setup(alg).expect("supported");
        op.update(b"ab");
        let mut copy = op.box_clone();
        op.update(b"c");
        copy.update(b"c");
        let mut a = [0u8; 64];
        let mut b = [0u8; 64];
        let na = op.finish(&mut a);
        let nb = copy.finish(&mut b);
        assert_eq!(&a[..na], &hex(expected)[..], "{alg:?}");
        assert_eq!(&b[..nb], &hex(expected)[..], "{alg:?} clone");
    }
}

#[test]
fn other_hashes_are_not_supported() {
    let driver = SoftDriver::new();
    for alg in [
        Algorithm::MD2,
        Algorithm::MD4,
        Algorithm::SM3,
        Algorithm::NONE,
    ] {
        assert_eq!(
            driver.hash_setup(alg).err(),
            Some(Error::NotSupported),
            "{alg:?}"
        );
    }
    assert_eq!(
        driver.hash_setup(Algorithm::hmac(Algorithm::SHA_256)).err(),
        Some(Error::NotSupported)
    );
}

#[test]
fn debug_names_the_algorithm() {
    let op = SoftDriver::new()
        .hash_setup(Algorithm::SHA_256)
        .expect("supported");
    assert_eq!(format!("{op:?}"), "HashOp { alg: SHA_256, .. }");
}
