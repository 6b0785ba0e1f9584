//! The functions of Mbed TLS's main suite (`test_suite_psa_crypto.data`) that belong to no
//! algorithm family: key management (import, copy, policy, attributes), hashes, MACs,
//! random generation and generation of unstructured keys. Each Mbed TLS test function is
//! re-implemented over the `strongroom` API; the cipher, AEAD, key-derivation and
//! asymmetric functions are run by those families' runners and are not counted here,
//! nor are the asymmetric cases of `import_with_data` and `generate_key`.
//!
//! Checks that Rust's types make impossible are not run: calling a setup function on an
//! operation that is already active (setup returns a new operation) and poking an
//! operation's private fields (Mbed TLS's `operation.id = UINT_MAX`). Mbed TLS's
//! enrollment algorithm (`alg2`) is an Mbed TLS extension: those cases are skipped.

mod support;

use strongroom::{
    Algorithm, Crypto, Error, HashOperation, KeyAttributes, KeyId, KeyType, Lifetime, MacOperation,
    Usage, sizes,
};
use strongroom_vectors::Case;
use support::exercise::exercise;
use support::report::{Report, Verdict, print_all};
use support::util::{
    Args, Key, attrs, check, expect, expect_code, family, import, invalid_argument, not_supported,
    ok, status, status_name, verdict,
};

const MAIN: &str = "test_suite_psa_crypto.data";

type Outcome = Result<(), Verdict>;

fn error_status(e: Error) -> i64 {
    i64::from(e.status())
}

fn bits(v: i64) -> u32 {
    // `size_t` → `psa_set_key_bits`: any value too large for the attribute is too large
    // for a key, which creation rejects.
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Mbed TLS's `test_operations_on_invalid_key`: a destroyed key has no attributes and
/// cannot be exported.
fn check_destroyed(c: &Crypto, key: KeyId) -> Outcome {
    let invalid = error_status(Error::InvalidHandle);
    expect(
        "key_attributes after destroy",
        "",
        &c.key_attributes(key),
        invalid,
    )?;
    let mut buf = [0u8; 1];
    expect(
        "export_key after destroy",
        "",
        &c.export_key(key, &mut buf),
        invalid,
    )?;
    let r = c.export_public_key(key, &mut buf);
    expect("export_public_key after destroy", "", &r, invalid)
}

// ---------------------------------------------------------------------------------------
// Key management

fn key_attributes_init() -> Outcome {
    let a = KeyAttributes::default();
    check(
        a.lifetime() == Lifetime::VOLATILE
            && a.key_type() == KeyType::NONE
            && a.bits() == 0
            && a.usage() == Usage::empty()
            && a.algorithm() == Algorithm::NONE,
        || format!("KeyAttributes::default() is {a:?}"),
    )
}

fn import_with_policy(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, usage, alg, want) = (a.key_type(0)?, a.usage(1)?, a.alg(2)?, a.int(3)?);
    let subject = format!("{key_type:?}");
    let r = c.import_key(&attrs(key_type, usage, alg), &[0u8; 16]);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    expect("import_key", &subject, &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type, || {
        format!("type {:?}", got.key_type())
    })?;
    check(got.usage() == usage.with_implications(), || {
        format!(
            "usage {:?}, expected {:?}",
            got.usage(),
            usage.with_implications()
        )
    })?;
    check(got.algorithm() == alg, || {
        format!("algorithm {:?}", got.algorithm())
    })?;
    let id = key.id;
    drop(key);
    check_destroyed(c, id)
}

fn import_with_data(c: &Crypto, a: &Args) -> Outcome {
    let (data, key_type, attr_bits, want) =
        (a.bytes(0)?, a.key_type(1)?, bits(a.int(2)?), a.int(3)?);
    let subject = format!("{key_type:?}");
    let r = c.import_key(&KeyAttributes::new(key_type, attr_bits), data);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    // As in Mbed TLS: when INVALID_ARGUMENT is expected, NOT_SUPPORTED is accepted too.
    if !(want == invalid_argument() && status(&r) == not_supported()) {
        expect("import_key", &subject, &r, want)?;
    }
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type, || {
        format!("type {:?}", got.key_type())
    })?;
    check(attr_bits == 0 || got.bits() == attr_bits, || {
        format!("bits {}, expected {attr_bits}", got.bits())
    })?;
    let id = key.id;
    drop(key);
    check_destroyed(c, id)
}

fn import_large_key(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, size, want) = (a.key_type(0)?, a.size(1)?, a.int(2)?);
    let data = vec![b'K'; size];
    let attrs = KeyAttributes::new(key_type, 0).with_usage(Usage::EXPORT);
    let r = c.import_key(&attrs, &data);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    if matches!(r, Err(Error::InsufficientMemory)) {
        return Err(Verdict::Skip(
            "large key: INSUFFICIENT_MEMORY (TEST_ASSUME)".into(),
        ));
    }
    expect("import_key", &format!("{key_type:?}"), &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", "", c.key_attributes(key.id))?;
    check(
        got.key_type() == key_type && got.bits() as usize == size * 8,
        || format!("attributes {got:?}"),
    )?;
    let mut out = vec![0u8; size + 1];
    let n = ok("export_key", "", c.export_key(key.id, &mut out[..size]))?;
    check(
        n == size && out[..size].iter().all(|b| *b == b'K') && out[size] == 0,
        || "exported key differs".into(),
    )
}

fn check_key_policy(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, key_bits, usage, alg) =
        (a.key_type(0)?, bits(a.int(1)?), a.usage(2)?, a.alg(3)?);
    let subject = format!("{key_type:?}");
    let attrs = KeyAttributes::new(key_type, key_bits)
        .with_usage(usage)
        .with_algorithm(alg);
    let key = Key::adopt(c, ok("generate_key", &subject, c.generate_key(&attrs))?);
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type && got.bits() == key_bits, || {
        format!("type/bits {:?}/{}", got.key_type(), got.bits())
    })?;
    check(got.usage() == usage.with_implications(), || {
        format!(
            "usage {:?}, expected {:?}",
            got.usage(),
            usage.with_implications()
        )
    })?;
    check(got.algorithm() == alg, || {
        format!("algorithm {:?}", got.algorithm())
    })
}

fn alg2_skip() -> Verdict {
    Verdict::Skip("enrollment algorithm (alg2): Mbed TLS extension".into())
}

fn lifetime(v: i64) -> Lifetime {
    Lifetime::from_raw(v as u32)
}

fn copy_success(c: &Crypto, a: &Args) -> Outcome {
    let (src_usage, src_alg, src_alg2) = (a.usage(0)?, a.alg(1)?, a.int(2)?);
    let (src_lifetime, key_type, material) = (lifetime(a.int(3)?), a.key_type(4)?, a.bytes(5)?);
    let (copy_attrs, tgt_usage, tgt_alg, tgt_alg2) = (a.int(6)?, a.int(7)?, a.int(8)?, a.int(9)?);
    let tgt_lifetime = lifetime(a.int(10)?);
    let (exp_usage, exp_alg, exp_alg2) = (a.usage(11)?, a.alg(12)?, a.int(13)?);
    if src_alg2 != 0 || !matches!(tgt_alg2, -1 | 0) || exp_alg2 != 0 {
        return Err(alg2_skip());
    }
    let subject = format!("{key_type:?}");
    let source_attrs = attrs(key_type, src_usage, src_alg).with_lifetime(src_lifetime);
    let source = import(c, &source_attrs, material)?;
    let source_attrs = ok("key_attributes", &subject, c.key_attributes(source.id))?;
    let mut target = if copy_attrs != 0 {
        source_attrs
    } else {
        KeyAttributes::default()
    };
    target.set_lifetime(tgt_lifetime);
    if tgt_usage != -1 {
        target.set_usage(Usage::from_raw(tgt_usage as u32));
    }
    if tgt_alg != -1 {
        target.set_algorithm(Algorithm::from_raw(tgt_alg as u32));
    }
    let copy = Key::adopt(c, ok("copy_key", &subject, c.copy_key(source.id, &target))?);
    drop(source); // Destroying the source must not affect the copy.
    let got = ok("key_attributes", &subject, c.key_attributes(copy.id))?;
    check(
        got.key_type() == source_attrs.key_type() && got.bits() == source_attrs.bits(),
        || format!("copy has type/bits {:?}/{}", got.key_type(), got.bits()),
    )?;
    check(got.usage() == exp_usage, || {
        format!("copy usage {:?}, expected {exp_usage:?}", got.usage())
    })?;
    check(got.algorithm() == exp_alg, || {
        format!("copy algorithm {:?}, expected {exp_alg:?}", got.algorithm())
    })?;
    if exp_usage.contains(Usage::EXPORT) {
        let data = ok("export_key", &subject, c.export_key_to_vec(copy.id))?;
        check(data.as_slice() == material, || {
            "exported copy differs".into()
        })?;
    }
    exercise(c, copy.id, exp_usage, exp_alg)
}

fn copy_fail(c: &Crypto, a: &Args) -> Outcome {
    let (src_usage, src_alg, src_alg2) = (a.usage(0)?, a.alg(1)?, a.int(2)?);
    let (src_lifetime, key_type, material) = (lifetime(a.int(3)?), a.key_type(4)?, a.bytes(5)?);
    let (tgt_type, tgt_bits, tgt_usage) = (a.key_type(6)?, bits(a.int(7)?), a.usage(8)?);
    let (tgt_alg, tgt_alg2, tgt_id) = (a.alg(9)?, a.int(10)?, a.int(11)?);
    let (tgt_lifetime, want) = (lifetime(a.int(12)?), a.int(13)?);
    if src_alg2 != 0 || tgt_alg2 != 0 {
        return Err(alg2_skip());
    }
    let subject = format!("{key_type:?}");
    let source = import(
        c,
        &attrs(key_type, src_usage, src_alg).with_lifetime(src_lifetime),
        material,
    )?;
    let mut target = KeyAttributes::default();
    target.set_id(KeyId::from_raw(tgt_id as u32));
    target.set_lifetime(tgt_lifetime);
    target.set_key_type(tgt_type);
    target.set_bits(tgt_bits);
    target.set_usage(tgt_usage);
    target.set_algorithm(tgt_alg);
    let r = c.copy_key(source.id, &target);
    let _copy = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    expect("copy_key", &subject, &r, want)
}

// ---------------------------------------------------------------------------------------
// Hashes

fn hash_operation_init() -> Outcome {
    let mut op = HashOperation::default();
    expect(
        "hash_update on a new operation",
        "",
        &op.update(&[0]),
        error_status(Error::BadState),
    )?;
    op.abort();
    Ok(())
}

fn hash_len(alg: Algorithm) -> usize {
    sizes::hash_length(alg).unwrap_or(0)
}

fn hash_setup(c: &Crypto, a: &Args) -> Outcome {
    let (alg, want) = (a.alg(0)?, a.int(1)?);
    let s = format!("{alg:?}");
    let mut out = vec![0u8; hash_len(alg)];
    expect(
        "hash_compute",
        &s,
        &c.hash_compute(alg, b"", &mut out),
        want,
    )?;
    let r = c.hash_setup(alg);
    expect("hash_setup", &s, &r, want)?;
    if let Ok(mut op) = r {
        op.abort();
    } else {
        expect("hash_setup again", &s, &c.hash_setup(alg), want)?;
    }
    // The caller can go on with a supported algorithm.
    ok(
        "hash_setup(SHA_256)",
        "SHA_256",
        c.hash_setup(Algorithm::SHA_256),
    )
    .map(|_| ())
}

fn hash_compute_fail(c: &Crypto, a: &Args) -> Outcome {
    let (alg, input, size, want) = (a.alg(0)?, a.bytes(1)?, a.size(2)?, a.int(3)?);
    let s = format!("{alg:?}");
    let mut out = vec![0u8; size];
    let r = c.hash_compute(alg, input, &mut out);
    expect("hash_compute", &s, &r, want)?;
    let r = c.hash_setup(alg).and_then(|mut op| {
        op.update(input)?;
        op.finish(&mut out)
    });
    if r.is_err() {
        expect("hash_setup/update/finish", &s, &r, want)?;
    }
    Ok(())
}

fn hash_compare_fail(c: &Crypto, a: &Args) -> Outcome {
    let (alg, input, reference, want) = (a.alg(0)?, a.bytes(1)?, a.bytes(2)?, a.int(3)?);
    let s = format!("{alg:?}");
    expect(
        "hash_compare",
        &s,
        &c.hash_compare(alg, input, reference),
        want,
    )?;
    let r = c.hash_setup(alg).and_then(|mut op| {
        op.update(input)?;
        op.verify(reference)
    });
    expect("hash_setup/update/verify", &s, &r, want)
}

fn multipart_digest(
    c: &Crypto,
    alg: Algorithm,
    input: &[u8],
    out: &mut [u8],
) -> strongroom::Result<usize> {
    let mut op = c.hash_setup(alg)?;
    op.update(input)?;
    op.finish(out)
}

fn hash_compute_compare(c: &Crypto, a: &Args) -> Outcome {
    let (alg, input, expected) = (a.alg(0)?, a.bytes(1)?, a.bytes(2)?);
    let s = format!("{alg:?}");
    let len = hash_len(alg);
    check(len > 0 && expected.len() == len, || {
        format!("PSA_HASH_LENGTH is {len}")
    })?;
    let mut out = vec![0u8; sizes::HASH_MAX_SIZE + 1];
    for size in [len, out.len()] {
        let n = ok(
            "hash_compute",
            &s,
            c.hash_compute(alg, input, &mut out[..size]),
        )?;
        check(&out[..n] == expected, || {
            format!("hash_compute into {size} bytes")
        })?;
        out.fill(0);
        let n = ok(
            "hash multi-part",
            &s,
            multipart_digest(c, alg, input, &mut out[..size]),
        )?;
        check(&out[..n] == expected, || {
            format!("hash_finish into {size} bytes")
        })?;
    }
    let verify =
        |digest: &[u8]| -> Result<(strongroom::Result<()>, strongroom::Result<()>), Verdict> {
            let one_shot = c.hash_compare(alg, input, digest);
            let mut op = ok("hash_setup", &s, c.hash_setup(alg))?;
            ok("hash_update", &s, op.update(input))?;
            Ok((one_shot, op.verify(digest)))
        };
    let (a1, a2) = verify(expected)?;
    ok("hash_compare", &s, a1)?;
    ok("hash_verify", &s, a2)?;
    let bad = error_status(Error::InvalidSignature);
    let mut longer = expected.to_vec();
    longer.push(0);
    let mut variants = vec![
        ("trailing garbage", longer),
        ("truncated", expected[..len - 1].to_vec()),
    ];
    for i in 0..len {
        let mut flipped = expected.to_vec();
        flipped[i] ^= 1;
        variants.push(("flipped byte", flipped));
    }
    for (what, digest) in variants {
        let (r1, r2) = verify(&digest)?;
        expect(&format!("hash_compare ({what})"), &s, &r1, bad)?;
        expect(&format!("hash_verify ({what})"), &s, &r2, bad)?;
    }
    Ok(())
}

/// SHA-256 of the empty string.
const EMPTY_SHA256: [u8; 32] = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

fn hash_bad_order(c: &Crypto) -> Outcome {
    let alg = Algorithm::SHA_256;
    let bad = error_status(Error::BadState);
    let mut hash = [0u8; 32];
    let setup = || ok("hash_setup", "SHA_256", c.hash_setup(alg));
    let mut op = HashOperation::default();
    expect("update without setup", "", &op.update(b""), bad)?;
    expect("verify without setup", "", &op.verify(&EMPTY_SHA256), bad)?;
    expect("finish without setup", "", &op.finish(&mut hash), bad)?;
    op.abort();
    let mut op = setup()?;
    ok("hash_finish", "", op.finish(&mut hash))?;
    expect("update after finish", "", &op.update(b""), bad)?;
    expect("verify after finish", "", &op.verify(&EMPTY_SHA256), bad)?;
    expect("finish twice", "", &op.finish(&mut hash), bad)?;
    let mut op = setup()?;
    ok("hash_verify", "", op.verify(&EMPTY_SHA256))?;
    expect("verify twice", "", &op.verify(&EMPTY_SHA256), bad)?;
    expect("finish after verify", "", &op.finish(&mut hash), bad)?;
    op.abort();
    Ok(())
}

fn hash_verify_bad_args(c: &Crypto) -> Outcome {
    let mut hash = EMPTY_SHA256.to_vec();
    hash.extend([0xaa, 0xbb]);
    let bad = error_status(Error::InvalidSignature);
    for (what, digest) in [
        ("shorter", &hash[..31]),
        ("non-matching", &hash[1..33]),
        ("longer", &hash[..]),
    ] {
        let mut op = ok("hash_setup", "SHA_256", c.hash_setup(Algorithm::SHA_256))?;
        expect(
            &format!("hash_verify ({what})"),
            "",
            &op.verify(digest),
            bad,
        )?;
        // A failed verify leaves the operation unusable until abort.
        expect(
            "update after failed verify",
            "",
            &op.update(b""),
            error_status(Error::BadState),
        )?;
    }
    Ok(())
}

fn hash_finish_bad_args(c: &Crypto) -> Outcome {
    let mut op = ok("hash_setup", "SHA_256", c.hash_setup(Algorithm::SHA_256))?;
    let mut hash = [0u8; 31];
    expect(
        "hash_finish into 31 bytes",
        "",
        &op.finish(&mut hash),
        error_status(Error::BufferTooSmall),
    )
}

fn hash_clone_source_state(c: &Crypto) -> Outcome {
    let source = ok("hash_setup", "SHA_256", c.hash_setup(Algorithm::SHA_256))?;
    let mut hash = [0u8; 64];
    // Mbed TLS clones into targets in every state; a Rust clone is always a new value.
    for _ in 0..3 {
        let mut copy = ok("hash_clone", "", source.try_clone())?;
        ok("hash_finish of a clone", "", copy.finish(&mut hash))?;
    }
    check(hash[..32] == EMPTY_SHA256, || "clone digest".into())
}

fn hash_clone_target_state(c: &Crypto) -> Outcome {
    let bad = error_status(Error::BadState);
    let setup = ok("hash_setup", "SHA_256", c.hash_setup(Algorithm::SHA_256))?;
    let mut hash = [0u8; 64];
    let mut target = ok("hash_clone", "", setup.try_clone())?;
    ok("hash_finish of a clone", "", target.finish(&mut hash))?;
    let init = HashOperation::default();
    expect("clone of an inactive operation", "", &init.try_clone(), bad)?;
    let mut finished = ok("hash_setup", "", c.hash_setup(Algorithm::SHA_256))?;
    ok("hash_finish", "", finished.finish(&mut hash))?;
    expect(
        "clone of a finished operation",
        "",
        &finished.try_clone(),
        bad,
    )?;
    let mut aborted = ok("hash_setup", "", c.hash_setup(Algorithm::SHA_256))?;
    aborted.abort();
    expect(
        "clone of an aborted operation",
        "",
        &aborted.try_clone(),
        bad,
    )
}

// ---------------------------------------------------------------------------------------
// MACs

fn mac_operation_init() -> Outcome {
    let mut op = MacOperation::default();
    expect(
        "mac_update on a new operation",
        "",
        &op.update(&[0]),
        error_status(Error::BadState),
    )?;
    op.abort();
    Ok(())
}

/// Mbed TLS's `exercise_mac_setup`: import with `SIGN_HASH`, then sign setup.
fn mac_setup_status(
    c: &Crypto,
    key_type: KeyType,
    data: &[u8],
    alg: Algorithm,
) -> Result<i64, Verdict> {
    let key = import(c, &attrs(key_type, Usage::SIGN_HASH, alg), data)?;
    let r = c.mac_sign_setup(key.id, alg);
    let s = status(&r);
    if let Ok(mut op) = r {
        op.abort();
    } else {
        let again = status(&c.mac_sign_setup(key.id, alg));
        check(again == s, || {
            format!(
                "second setup: {} then {}",
                status_name(s),
                status_name(again)
            )
        })?;
    }
    Ok(s)
}

fn mac_setup(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, data, alg, want) = (a.key_type(0)?, a.bytes(1)?, a.alg(2)?, a.int(3)?);
    let got = mac_setup_status(c, key_type, data, alg)?;
    expect_code(
        "mac_sign_setup",
        &format!("{key_type:?} {}", family(alg)),
        got,
        want,
    )?;
    let smoke = mac_setup_status(
        c,
        KeyType::HMAC,
        b"kkkkkkkkkkkkkkkk",
        Algorithm::hmac(Algorithm::SHA_256),
    )?;
    check(smoke == 0, || {
        format!("HMAC-SHA-256 setup afterwards: {}", status_name(smoke))
    })
}

fn mac_bad_order(c: &Crypto) -> Outcome {
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let bad = error_status(Error::BadState);
    let key = import(
        c,
        &attrs(KeyType::HMAC, Usage::SIGN_HASH | Usage::VERIFY_HASH, alg),
        &[0xaa; 32],
    )?;
    let input = [0xbb; 4];
    let verify_mac: [u8; 32] = [
        0x74, 0x65, 0x93, 0x8c, 0xeb, 0x1d, 0xb3, 0x76, 0x5a, 0x38, 0xe7, 0xdd, 0x85, 0xc5, 0xad,
        0x4f, 0x07, 0xe7, 0xd5, 0xb2, 0x64, 0xf0, 0x1a, 0x1a, 0x2c, 0xf9, 0x18, 0xca, 0x59, 0x7e,
        0x5d, 0xf6,
    ];
    let mut mac = [0u8; sizes::MAC_MAX_SIZE + 10];
    let mut op = MacOperation::default();
    expect("update without setup", "", &op.update(&input), bad)?;
    expect(
        "sign_finish without setup",
        "",
        &op.sign_finish(&mut mac),
        bad,
    )?;
    expect(
        "verify_finish without setup",
        "",
        &op.verify_finish(&verify_mac),
        bad,
    )?;
    let sign = || -> Result<MacOperation, Verdict> {
        let mut op = ok("mac_sign_setup", "HMAC", c.mac_sign_setup(key.id, alg))?;
        ok("mac_update", "HMAC", op.update(&input))?;
        Ok(op)
    };
    let verify = || -> Result<MacOperation, Verdict> {
        let mut op = ok("mac_verify_setup", "HMAC", c.mac_verify_setup(key.id, alg))?;
        ok("mac_update", "HMAC", op.update(&input))?;
        Ok(op)
    };
    let mut op = sign()?;
    let n = ok("mac_sign_finish", "HMAC", op.sign_finish(&mut mac))?;
    check(mac[..n] == verify_mac, || "HMAC value".into())?;
    expect("update after sign_finish", "", &op.update(&input), bad)?;
    expect("sign_finish twice", "", &op.sign_finish(&mut mac), bad)?;
    let mut op = verify()?;
    ok("mac_verify_finish", "HMAC", op.verify_finish(&verify_mac))?;
    expect("update after verify_finish", "", &op.update(&input), bad)?;
    expect(
        "verify_finish twice",
        "",
        &op.verify_finish(&verify_mac),
        bad,
    )?;
    let mut op = sign()?;
    expect(
        "verify_finish on a sign operation",
        "",
        &op.verify_finish(&verify_mac),
        bad,
    )?;
    expect("update after a wrong finish", "", &op.update(&input), bad)?;
    op.abort();
    let mut op = verify()?;
    expect(
        "sign_finish on a verify operation",
        "",
        &op.sign_finish(&mut mac),
        bad,
    )?;
    expect("update after a wrong finish", "", &op.update(&input), bad)?;
    op.abort();
    Ok(())
}

/// Mbed TLS's `mac_multipart_internal_func`: the input in parts of `part` bytes (with
/// empty parts in between when `zero_parts`).
fn mac_multipart(
    c: &Crypto,
    key: KeyId,
    alg: Algorithm,
    input: &[u8],
    part: usize,
    zero_parts: bool,
    verify: bool,
    expected: &[u8],
) -> Outcome {
    let s = family(alg);
    let mut op = if verify {
        ok("mac_verify_setup", &s, c.mac_verify_setup(key, alg))?
    } else {
        ok("mac_sign_setup", &s, c.mac_sign_setup(key, alg))?
    };
    let (mut offset, mut count) = (0, 0);
    while offset < input.len() {
        let len = if zero_parts && count % 2 == 1 {
            0
        } else {
            part.min(input.len() - offset)
        };
        ok("mac_update", &s, op.update(&input[offset..offset + len]))?;
        offset += len;
        count += 1;
    }
    if verify {
        ok("mac_verify_finish", &s, op.verify_finish(expected))
    } else {
        let mut mac = [0u8; sizes::MAC_MAX_SIZE];
        let n = ok("mac_sign_finish", &s, op.sign_finish(&mut mac))?;
        check(&mac[..n] == expected, || format!("MAC in parts of {part}"))
    }
}

fn mac_sign_verify_multi(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, data, alg, input) = (a.key_type(0)?, a.bytes(1)?, a.alg(2)?, a.bytes(3)?);
    let (verify, expected) = (a.int(4)? != 0, a.bytes(5)?);
    let usage = if verify {
        Usage::VERIFY_HASH
    } else {
        Usage::SIGN_HASH
    };
    let key = import(c, &attrs(key_type, usage, alg), data)?;
    for part in 1..=input.len() {
        for zero_parts in [false, true] {
            mac_multipart(c, key.id, alg, input, part, zero_parts, verify, expected)?;
        }
    }
    Ok(())
}

fn mac_sign(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, data, alg, input, expected) = (
        a.key_type(0)?,
        a.bytes(1)?,
        a.alg(2)?,
        a.bytes(3)?,
        a.bytes(4)?,
    );
    let s = family(alg);
    let len = sizes::mac_length(key_type, data.len() * 8, alg);
    check(len == Some(expected.len()), || {
        format!("PSA_MAC_LENGTH is {len:?}")
    })?;
    let key = import(c, &attrs(key_type, Usage::SIGN_HASH, alg), data)?;
    let n = expected.len();
    for size in [0, 1, n.saturating_sub(1), n, n + 1] {
        let want = if size >= n {
            0
        } else {
            error_status(Error::BufferTooSmall)
        };
        let mut mac = vec![0u8; size];
        let r = c.mac_compute(key.id, alg, input, &mut mac);
        expect(&format!("mac_compute into {size} bytes"), &s, &r, want)?;
        if let Ok(m) = r {
            check(&mac[..m] == expected, || "mac_compute value".into())?;
        }
        mac.fill(0);
        let mut op = ok("mac_sign_setup", &s, c.mac_sign_setup(key.id, alg))?;
        ok("mac_update", &s, op.update(input))?;
        let r = op.sign_finish(&mut mac);
        expect(&format!("mac_sign_finish into {size} bytes"), &s, &r, want)?;
        if let Ok(m) = r {
            check(&mac[..m] == expected, || "mac_sign_finish value".into())?;
        }
    }
    Ok(())
}

fn mac_verify(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, data, alg, input, expected) = (
        a.key_type(0)?,
        a.bytes(1)?,
        a.alg(2)?,
        a.bytes(3)?,
        a.bytes(4)?,
    );
    let s = family(alg);
    check(!expected.is_empty(), || "empty expected MAC".into())?;
    let key = import(c, &attrs(key_type, Usage::VERIFY_HASH, alg), data)?;
    let verify_both =
        |mac: &[u8]| -> Result<(strongroom::Result<()>, strongroom::Result<()>), Verdict> {
            let one_shot = c.mac_verify(key.id, alg, input, mac);
            let mut op = ok("mac_verify_setup", &s, c.mac_verify_setup(key.id, alg))?;
            ok("mac_update", &s, op.update(input))?;
            Ok((one_shot, op.verify_finish(mac)))
        };
    let (r1, r2) = verify_both(expected)?;
    ok("mac_verify", &s, r1)?;
    ok("mac_verify_finish", &s, r2)?;
    let bad = error_status(Error::InvalidSignature);
    let mut longer = expected.to_vec();
    longer.push(0);
    let mut variants = vec![
        ("too short", expected[..expected.len() - 1].to_vec()),
        ("too long", longer),
    ];
    for i in 0..expected.len() {
        let mut flipped = expected.to_vec();
        flipped[i] ^= 1;
        variants.push(("flipped byte", flipped));
    }
    for (what, mac) in variants {
        let (r1, r2) = verify_both(&mac)?;
        expect(&format!("mac_verify ({what})"), &s, &r1, bad)?;
        expect(&format!("mac_verify_finish ({what})"), &s, &r2, bad)?;
    }
    Ok(())
}

fn mac_key_policy(c: &Crypto, a: &Args) -> Outcome {
    let (usage, policy_alg, key_type, data) = (a.usage(0)?, a.alg(1)?, a.key_type(2)?, a.bytes(3)?);
    let (alg, want_sign, want_verify) = (a.alg(4)?, a.int(5)?, a.int(6)?);
    let s = format!("{key_type:?} {}", family(alg));
    let key = import(c, &attrs(key_type, usage, policy_alg), data)?;
    let got = ok("key_attributes", &s, c.key_attributes(key.id))?;
    check(got.usage() == usage.with_implications(), || {
        format!("usage {:?}", got.usage())
    })?;
    expect(
        "mac_sign_setup",
        &s,
        &c.mac_sign_setup(key.id, alg),
        want_sign,
    )?;
    let input = [0u8; 128];
    let mut mac = [0u8; sizes::MAC_MAX_SIZE];
    let r = c.mac_compute(key.id, alg, &input, &mut mac);
    expect("mac_compute", &s, &r, want_sign)?;
    let mac_len = r.unwrap_or(0);
    let r = c.mac_sign_setup(key.id, alg).and_then(|mut op| {
        op.update(&input)?;
        op.sign_finish(&mut [0u8; sizes::MAC_MAX_SIZE])
    });
    expect("mac_sign_setup/update/sign_finish", &s, &r, want_sign)?;
    // A MAC that could not be computed does not verify, even where verification is allowed.
    let want_check = if want_sign != 0 && want_verify == 0 {
        error_status(Error::InvalidSignature)
    } else {
        want_verify
    };
    let r = c.mac_verify(key.id, alg, &input, &mac[..mac_len]);
    expect("mac_verify", &s, &r, want_check)?;
    let r = c.mac_verify_setup(key.id, alg);
    let (step, r, want) = match r {
        Err(e) => ("mac_verify_setup", Err(e), want_verify),
        Ok(mut op) => match op.update(&input) {
            Err(e) => ("mac_update", Err(e), want_verify),
            Ok(()) => (
                "mac_verify_finish",
                op.verify_finish(&mac[..mac_len]),
                want_check,
            ),
        },
    };
    expect(step, &s, &r, want)?;
    expect(
        "mac_verify_setup",
        &s,
        &c.mac_verify_setup(key.id, alg),
        want_verify,
    )
}

// ---------------------------------------------------------------------------------------
// Random generation and key generation

fn generate_random(c: &Crypto, a: &Args) -> Outcome {
    let n = a.size(0)?;
    let mut changed = vec![false; n];
    let mut out = vec![0u8; n];
    for _ in 0..10 {
        out.fill(0);
        ok("generate_random", "", c.generate_random(&mut out))?;
        for (seen, b) in changed.iter_mut().zip(&out) {
            *seen |= *b != 0;
        }
    }
    // Every byte of the buffer is written (nonzero at least once in 10 runs).
    check(changed.iter().all(|b| *b), || {
        "some output byte was never written".into()
    })
}

fn generate_key(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, key_bits, usage, alg) =
        (a.key_type(0)?, bits(a.int(1)?), a.usage(2)?, a.alg(3)?);
    let (want, large) = (a.int(4)?, a.int(5)? != 0);
    let subject = format!("{key_type:?}");
    let attrs = KeyAttributes::new(key_type, key_bits)
        .with_usage(usage)
        .with_algorithm(alg);
    let r = c.generate_key(&attrs);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    if large && matches!(r, Err(Error::InsufficientMemory)) {
        return Err(Verdict::Skip(
            "large key: INSUFFICIENT_MEMORY (TEST_ASSUME)".into(),
        ));
    }
    expect("generate_key", &subject, &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.key_type() == key_type && got.bits() == key_bits, || {
        format!("type/bits {:?}/{}", got.key_type(), got.bits())
    })?;
    exercise(c, key.id, usage, alg)
}

// ---------------------------------------------------------------------------------------

/// `None` for functions this runner does not cover (other families' runners do).
fn run_case(c: &Crypto, case: &Case) -> Option<Verdict> {
    let a = Args(case);
    let unstructured = |i: usize| a.key_type(i).is_ok_and(|t| t.is_unstructured());
    let mine = match case.function.as_str() {
        "import_with_data" => unstructured(1),
        "import_large_key" => unstructured(0),
        "generate_key" => unstructured(0),
        f => FUNCTIONS.contains(&f),
    };
    if !mine {
        return None;
    }
    if let Err(why) = support::deps::check(case) {
        return Some(Verdict::Skip(why));
    }
    let r = match case.function.as_str() {
        "static_checks" => check(sizes::MAC_MAX_SIZE <= 1 + 0x3f, || {
            "PSA_MAC_MAX_SIZE".into()
        }),
        "psa_can_do_hash" => Err(Verdict::Skip(
            "Mbed TLS internal function psa_can_do_hash".into(),
        )),
        "parse_binary_string_test" => Err(Verdict::Skip("Mbed TLS test framework internal".into())),
        "key_policy_alg2" => Err(alg2_skip()),
        "key_attributes_init" => key_attributes_init(),
        "import_with_policy" => import_with_policy(c, &a),
        "import_with_data" => import_with_data(c, &a),
        "import_large_key" => import_large_key(c, &a),
        "check_key_policy" => check_key_policy(c, &a),
        "copy_success" => copy_success(c, &a),
        "copy_fail" => copy_fail(c, &a),
        "hash_operation_init" => hash_operation_init(),
        "hash_setup" => hash_setup(c, &a),
        "hash_compute_fail" => hash_compute_fail(c, &a),
        "hash_compare_fail" => hash_compare_fail(c, &a),
        "hash_compute_compare" => hash_compute_compare(c, &a),
        "hash_bad_order" => hash_bad_order(c),
        "hash_verify_bad_args" => hash_verify_bad_args(c),
        "hash_finish_bad_args" => hash_finish_bad_args(c),
        "hash_clone_source_state" => hash_clone_source_state(c),
        "hash_clone_target_state" => hash_clone_target_state(c),
        "mac_operation_init" => mac_operation_init(),
        "mac_setup" => mac_setup(c, &a),
        "mac_bad_order" => mac_bad_order(c),
        "mac_sign_verify_multi" => mac_sign_verify_multi(c, &a),
        "mac_sign" => mac_sign(c, &a),
        "mac_verify" => mac_verify(c, &a),
        "mac_key_policy" => mac_key_policy(c, &a),
        "generate_random" => generate_random(c, &a),
        "generate_key" => generate_key(c, &a),
        f => Err(Verdict::Fail(format!("no runner for {f}"))),
    };
    Some(verdict(r))
}

/// The functions of the main suite run here (besides the unstructured-type cases of
/// `import_with_data`, `import_large_key` and `generate_key`).
const FUNCTIONS: [&str; 27] = [
    "static_checks",
    "psa_can_do_hash",
    "parse_binary_string_test",
    "key_policy_alg2",
    "key_attributes_init",
    "import_with_policy",
    "check_key_policy",
    "copy_success",
    "copy_fail",
    "hash_operation_init",
    "hash_setup",
    "hash_compute_fail",
    "hash_compare_fail",
    "hash_compute_compare",
    "hash_bad_order",
    "hash_verify_bad_args",
    "hash_finish_bad_args",
    "hash_clone_source_state",
    "hash_clone_target_state",
    "mac_operation_init",
    "mac_setup",
    "mac_bad_order",
    "mac_sign_verify_multi",
    "mac_sign",
    "mac_verify",
    "mac_key_policy",
    "generate_random",
];

#[test]
fn main_suite_misc_conformance() {
    let Some(cases) = support::load(MAIN) else {
        return;
    };
    let c = Crypto::in_memory();
    let mut report = Report::new(format!("{MAIN} (key management, hash, MAC, random)"));
    for case in &cases {
        if let Some(v) = run_case(&c, case) {
            report.record(&support::label(case), v);
        }
    }
    let total = print_all("main_misc", &[report]);
    total.assert_ok();
    assert!(total.passed() > 0, "no case ran");
}
