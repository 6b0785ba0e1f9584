//! Hash functions of the main suite (`hash_*`): one-shot and multi-part, statuses, state
//! machine, clone.

use super::*;

pub(super) fn hash_operation_init() -> Outcome {
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

pub(super) fn hash_len(alg: Algorithm) -> usize {
    sizes::hash_length(alg).unwrap_or(0)
}

pub(super) fn hash_setup(c: &Crypto, a: &Args) -> Outcome {
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

pub(super) fn hash_compute_fail(c: &Crypto, a: &Args) -> Outcome {
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

pub(super) fn hash_compare_fail(c: &Crypto, a: &Args) -> Outcome {
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

pub(super) fn multipart_digest(
    c: &Crypto,
    alg: Algorithm,
    input: &[u8],
    out: &mut [u8],
) -> strongroom::Result<usize> {
    let mut op = c.hash_setup(alg)?;
    op.update(input)?;
    op.finish(out)
}

pub(super) fn hash_compute_compare(c: &Crypto, a: &Args) -> Outcome {
    let (alg, input, expected) = (a.alg(0)?, a.bytes(1)?, a.bytes(2)?);
    let s = format!("{alg:?}");
    let len = hash_len(alg);
    check(len > 0 && expected.len() == len, || {
        format!("PSA_HASH_LENGTH is {len}")
    })?;
    let mut out = [0u8; sizes::HASH_MAX_SIZE + 1];
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
pub(super) const EMPTY_SHA256: [u8; 32] = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

pub(super) fn hash_bad_order(c: &Crypto) -> Outcome {
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

pub(super) fn hash_verify_bad_args(c: &Crypto) -> Outcome {
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

pub(super) fn hash_finish_bad_args(c: &Crypto) -> Outcome {
    let mut op = ok("hash_setup", "SHA_256", c.hash_setup(Algorithm::SHA_256))?;
    let mut hash = [0u8; 31];
    expect(
        "hash_finish into 31 bytes",
        "",
        &op.finish(&mut hash),
        error_status(Error::BufferTooSmall),
    )
}

pub(super) fn hash_clone_source_state(c: &Crypto) -> Outcome {
    let source = ok("hash_setup", "SHA_256", c.hash_setup(Algorithm::SHA_256))?;
    let mut hash = [0u8; 64];
    // Mbed TLS clones into targets in every state; a Rust clone is always a new value.
    for _ in 0..3 {
        let mut copy = ok("hash_clone", "", source.try_clone())?;
        ok("hash_finish of a clone", "", copy.finish(&mut hash))?;
    }
    check(hash[..32] == EMPTY_SHA256, || "clone digest".into())
}

pub(super) fn hash_clone_target_state(c: &Crypto) -> Outcome {
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
