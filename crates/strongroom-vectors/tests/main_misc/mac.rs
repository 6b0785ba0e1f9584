//! MAC functions of the main suite (`mac_*`): setup statuses, one-shot and multi-part
//! sign and verify, policy, state machine.

use super::*;

pub(super) fn mac_operation_init() -> Outcome {
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
pub(super) fn mac_setup_status(
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

pub(super) fn mac_setup(c: &Crypto, a: &Args) -> Outcome {
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

pub(super) fn mac_bad_order(c: &Crypto) -> Outcome {
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

/// One MAC computed or verified in parts (Mbed TLS's `mac_multipart_internal_func`).
#[derive(Debug)]
pub(super) struct Multipart<'a> {
    key: KeyId,
    alg: Algorithm,
    input: &'a [u8],
    verify: bool,
    expected: &'a [u8],
}

impl Multipart<'_> {
    /// Feeds the input in parts of `part` bytes (with empty parts in between when
    /// `zero_parts`), then signs or verifies.
    fn run(&self, c: &Crypto, part: usize, zero_parts: bool) -> Outcome {
        let (alg, input) = (self.alg, self.input);
        let s = family(alg);
        let mut op = if self.verify {
            ok("mac_verify_setup", &s, c.mac_verify_setup(self.key, alg))?
        } else {
            ok("mac_sign_setup", &s, c.mac_sign_setup(self.key, alg))?
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
        if self.verify {
            ok("mac_verify_finish", &s, op.verify_finish(self.expected))
        } else {
            let mut mac = [0u8; sizes::MAC_MAX_SIZE];
            let n = ok("mac_sign_finish", &s, op.sign_finish(&mut mac))?;
            check(&mac[..n] == self.expected, || {
                format!("MAC in parts of {part}")
            })
        }
    }
}

pub(super) fn mac_sign_verify_multi(c: &Crypto, a: &Args) -> Outcome {
    let (key_type, data, alg, input) = (a.key_type(0)?, a.bytes(1)?, a.alg(2)?, a.bytes(3)?);
    let (verify, expected) = (a.int(4)? != 0, a.bytes(5)?);
    let usage = if verify {
        Usage::VERIFY_HASH
    } else {
        Usage::SIGN_HASH
    };
    let key = import(c, &attrs(key_type, usage, alg), data)?;
    let m = Multipart {
        key: key.id,
        alg,
        input,
        verify,
        expected,
    };
    for part in 1..=input.len() {
        for zero_parts in [false, true] {
            m.run(c, part, zero_parts)?;
        }
    }
    Ok(())
}

pub(super) fn mac_sign(c: &Crypto, a: &Args) -> Outcome {
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

pub(super) fn mac_verify(c: &Crypto, a: &Args) -> Outcome {
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

pub(super) fn mac_key_policy(c: &Crypto, a: &Args) -> Outcome {
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
