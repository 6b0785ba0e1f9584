//! The key-derivation cases of Mbed TLS's main suite (`test_suite_psa_crypto.data`) and of
//! `test_suite_psa_crypto.pbkdf2.data`, each Mbed TLS test function re-implemented over
//! the `strongroom` API: `derive_output`, `derive_input`, `derive_setup`,
//! `derive_set_capacity`, `derive_full`, `derive_key*`, `derive_over_capacity`,
//! `derive_actions_without_setup`, `derive_input_invalid_cost`, `key_derivation_init`,
//! `derive_ecjpake_to_pms`.
//!
//! Not run, with the reason in the report:
//! - `derive_key_custom` / `derive_key_ext`: `psa_key_derivation_output_key_custom` (spec
//!   1.3) and `_ext` (an Mbed TLS extension) are not part of the spec 1.2 API;
//! - the two PBKDF2 cases with 16 777 216 iterations, in debug builds (minutes without
//!   optimization): run `cargo test --release -p strongroom-vectors --test kdf`, or set
//!   `STRONGROOM_SLOW_VECTORS=1`.
//!
//! Checks that Rust's types make impossible are left out: `derive_over_capacity`'s second
//! `psa_key_derivation_setup` on an active operation (setup returns a new operation), and
//! the three ways of initializing an operation object in C (`Default` is the only one).

mod support;

use strongroom::{
    Algorithm, Crypto, DerivationStep as Step, Error, KeyAttributes, KeyDerivationOperation, KeyId,
    KeyType, Usage,
};
use strongroom_vectors::{Arg, Case, EvalError, eval_with};
use support::deps;
use support::exercise::exercise;
use support::report::{Report, Verdict, print_all};
use support::util::{Args, Key, attrs, check, expect, expect_code, import, ok, status, verdict};

const MAIN: &str = "test_suite_psa_crypto.data";
const PBKDF2_FILE: &str = "test_suite_psa_crypto.pbkdf2.data";

/// The test functions this runner owns.
const FUNCTIONS: [&str; 17] = [
    "derive_output",
    "derive_input",
    "derive_setup",
    "derive_set_capacity",
    "derive_full",
    "derive_key",
    "derive_key_exercise",
    "derive_key_export",
    "derive_key_type",
    "derive_key_policy",
    "derive_key_custom",
    "derive_key_ext",
    "derive_over_capacity",
    "derive_actions_without_setup",
    "derive_input_invalid_cost",
    "key_derivation_init",
    "derive_ecjpake_to_pms",
];

/// PBKDF2 costs above this are skipped in debug builds (see the module documentation).
const SLOW_COST: u64 = 1_000_000;

type Outcome = Result<(), Verdict>;

fn code(e: Error) -> i64 {
    i64::from(e.status())
}

/// Mbed TLS's `parse_binary_string`: big-endian bytes (at most 8) as an integer.
fn parse_binary(bytes: &[u8]) -> Result<u64, Verdict> {
    if bytes.len() > 8 {
        return Err(Verdict::Fail("integer input longer than 8 bytes".into()));
    }
    Ok(bytes.iter().fold(0u64, |v, b| v << 8 | u64::from(*b)))
}

/// Argument `i` as an integer, with the test-local names of `derive_input`:
/// `INPUT_INTEGER` (a "key type" meaning: give this input with `input_integer`) and
/// `UNUSED` (a placeholder for skipped steps).
fn local_int(case: &Case, i: usize) -> Result<i64, Verdict> {
    match case.arg(i) {
        Ok(Arg::Expr(e)) => eval_with(e, &|n| match n {
            "INPUT_INTEGER" => Some(INPUT_INTEGER),
            "UNUSED" => Some(-1),
            other => deps::local_name(other),
        })
        .map_err(|err| match err {
            EvalError::Unknown(n) => Verdict::Skip(format!("argument uses Mbed TLS internal {n}")),
            other => Verdict::Fail(format!("argument {i}: {other}")),
        }),
        _ => Err(Verdict::Fail(format!("argument {i} is not an expression"))),
    }
}

/// Mbed TLS's test-local "input this with `input_integer`" marker (not a key type).
const INPUT_INTEGER: i64 = 0x10000;

fn step(v: i64) -> Step {
    Step::from_raw(v as u32)
}

fn slow_allowed() -> bool {
    !cfg!(debug_assertions) || std::env::var_os("STRONGROOM_SLOW_VECTORS").is_some_and(|v| v == "1")
}

fn skip_slow(cost: u64) -> Outcome {
    if cost > SLOW_COST && !slow_allowed() {
        return Err(Verdict::Skip(
            "PBKDF2 with more than 10^6 iterations: debug build (run with --release or \
             STRONGROOM_SLOW_VECTORS=1)"
                .into(),
        ));
    }
    Ok(())
}

/// A key usable as a derivation input of `alg`.
fn derive_input_key<'c>(
    c: &'c Crypto,
    key_type: KeyType,
    alg: Algorithm,
    data: &[u8],
) -> Result<Key<'c>, Verdict> {
    import(c, &attrs(key_type, Usage::DERIVE, alg), data)
}

fn setup<'c>(c: &'c Crypto, alg: Algorithm) -> Result<KeyDerivationOperation<'c>, Verdict> {
    ok(
        "key_derivation_setup",
        &format!("{alg:?}"),
        c.key_derivation_setup(alg),
    )
}

/// Mbed TLS's `mbedtls_test_psa_setup_key_derivation_wrap`: the usual inputs of each KDF
/// with `key` as the secret (or password), then the capacity unless it is
/// `usize::MAX`.
fn setup_wrap<'c>(
    c: &'c Crypto,
    key: KeyId,
    alg: Algorithm,
    input1: &[u8],
    input2: &[u8],
    capacity: usize,
) -> Result<KeyDerivationOperation<'c>, Verdict> {
    let mut op = setup(c, alg)?;
    let s = format!("{alg:?}");
    if alg.is_hkdf() {
        ok("input SALT", &s, op.input_bytes(Step::SALT, input1))?;
        ok("input_key SECRET", &s, op.input_key(Step::SECRET, key))?;
        ok("input INFO", &s, op.input_bytes(Step::INFO, input2))?;
    } else if alg.is_hkdf_extract() {
        ok("input SALT", &s, op.input_bytes(Step::SALT, input1))?;
        ok("input_key SECRET", &s, op.input_key(Step::SECRET, key))?;
    } else if alg.is_hkdf_expand() {
        ok("input_key SECRET", &s, op.input_key(Step::SECRET, key))?;
        ok("input INFO", &s, op.input_bytes(Step::INFO, input2))?;
    } else if alg.is_tls12_prf() || alg.is_tls12_psk_to_ms() {
        ok("input SEED", &s, op.input_bytes(Step::SEED, input1))?;
        ok("input_key SECRET", &s, op.input_key(Step::SECRET, key))?;
        ok("input LABEL", &s, op.input_bytes(Step::LABEL, input2))?;
    } else if alg.is_pbkdf2_hmac() || alg == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
        ok("input COST", &s, op.input_integer(Step::COST, 1))?;
        ok("input SALT", &s, op.input_bytes(Step::SALT, input2))?;
        ok("input_key PASSWORD", &s, op.input_key(Step::PASSWORD, key))?;
    } else if alg == Algorithm::TLS12_ECJPAKE_TO_PMS {
        ok("input SECRET", &s, op.input_bytes(Step::SECRET, input1))?;
    } else {
        return Err(Verdict::Fail(format!("no input recipe for {alg:?}")));
    }
    if capacity != usize::MAX {
        ok("set_capacity", &s, op.set_capacity(capacity))?;
    }
    Ok(op)
}

fn run(c: &Crypto, case: &Case) -> Outcome {
    let a = Args(case);
    match case.function.as_str() {
        "derive_output" => derive_output(c, case, &a),
        "derive_input" => derive_input(c, case, &a),
        "derive_setup" => {
            let alg = a.alg(0)?;
            expect(
                "setup",
                &format!("{alg:?}"),
                &c.key_derivation_setup(alg),
                a.int(1)?,
            )
        }
        "derive_set_capacity" => {
            let alg = a.alg(0)?;
            let mut op = setup(c, alg)?;
            // int64 → size_t: SIZE_MAX (-1) is the largest capacity.
            let capacity = a.int(1)? as usize;
            expect("set_capacity", "", &op.set_capacity(capacity), a.int(2)?)
        }
        "derive_full" => derive_full(c, &a),
        "derive_key" => derive_key(c, &a),
        "derive_key_exercise" => derive_key_exercise(c, &a),
        "derive_key_export" => derive_key_export(c, &a),
        "derive_key_type" => derive_key_type(c, &a),
        "derive_key_policy" => derive_key_policy(c, &a),
        "derive_key_custom" | "derive_key_ext" => Err(Verdict::Skip(
            "psa_key_derivation_output_key_custom (spec 1.3) / _ext (Mbed TLS extension): \
             not in the spec 1.2 API"
                .into(),
        )),
        "derive_over_capacity" => derive_over_capacity(c, &a),
        "derive_actions_without_setup" | "key_derivation_init" => without_setup(),
        "derive_input_invalid_cost" => {
            let mut op = setup(c, a.alg(0)?)?;
            let cost = a.int(1)? as u64;
            expect(
                "input_integer COST",
                "",
                &op.input_integer(Step::COST, cost),
                code(Error::NotSupported),
            )
        }
        "derive_ecjpake_to_pms" => derive_ecjpake_to_pms(c, &a),
        f => Err(Verdict::Fail(format!("unexpected function {f}"))),
    }
}

fn derive_output(c: &Crypto, case: &Case, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let subject = format!("{alg:?}");
    let steps: Vec<Step> = [1, 4, 7, 10]
        .iter()
        .map(|&i| a.int(i).map(step))
        .collect::<Result<_, _>>()?;
    let inputs = [a.bytes(2)?, a.bytes(5)?, a.bytes(8)?, a.bytes(11)?];
    let statuses = [a.int(3)?, a.int(6)?, a.int(9)?, a.int(12)?];
    let peer = a.bytes(13)?;
    let requested = a.size(14)?;
    let expected = [a.bytes(15)?, a.bytes(16)?];
    let (other_key_input, key_input, derive_type) = (a.int(17)?, a.int(18)?, a.int(19)?);
    if alg.is_key_derivation_stretching() {
        for (s, input) in steps.iter().zip(&inputs) {
            if *s == Step::COST {
                skip_slow(parse_binary(input)?)?;
            }
        }
    }
    let _ = case;

    let mut op = setup(c, alg)?;
    ok("set_capacity", &subject, op.set_capacity(requested))?;
    let mut keys: Vec<Key<'_>> = Vec::new();
    for i in 0..4 {
        let (s, input, want) = (steps[i], inputs[i], statuses[i]);
        if s.raw() == 0 {
            continue;
        }
        let what = format!("input #{} {s:?}", i + 1);
        let got = if s == Step::COST {
            status(&op.input_integer(s, parse_binary(input)?))
        } else if s == Step::SECRET || s == Step::PASSWORD {
            match key_input {
                0 => status(&op.input_bytes(s, input)),
                1 => {
                    let k = derive_input_key(c, KeyType::DERIVE, alg, input)?;
                    let r = op.input_key(s, k.id);
                    keys.push(k);
                    status(&r)
                }
                other => return Err(Verdict::Fail(format!("key_input_type {other}"))),
            }
        } else if s == Step::OTHER_SECRET {
            match other_key_input {
                0 => status(&op.input_bytes(s, input)),
                1 | 11 => {
                    let t = if other_key_input == 11 {
                        KeyType::RAW_DATA
                    } else {
                        KeyType::DERIVE
                    };
                    let k = derive_input_key(c, t, alg, input)?;
                    let r = op.input_key(s, k.id);
                    keys.push(k);
                    status(&r)
                }
                2 => {
                    let t = KeyType::ecc_key_pair(strongroom::EccFamily::SECP_R1);
                    let k = derive_input_key(c, t, alg, input)?;
                    let r = op.key_agreement(s, k.id, peer);
                    keys.push(k);
                    status(&r)
                }
                other => return Err(Verdict::Fail(format!("other_key_input_type {other}"))),
            }
        } else {
            status(&op.input_bytes(s, input))
        };
        expect_code(&what, &subject, got, want)?;
        if want != 0 {
            return Ok(());
        }
    }
    let capacity = ok("capacity", &subject, op.capacity())?;
    check(capacity == requested, || {
        format!("capacity {capacity} after the inputs, expected {requested}")
    })?;

    if derive_type == 1 {
        let want = if key_input == 1 {
            0
        } else {
            code(Error::NotPermitted)
        };
        let bits = u32::try_from(requested.saturating_mul(8)).unwrap_or(u32::MAX);
        let out_attrs = KeyAttributes::new(KeyType::DERIVE, bits)
            .with_usage(Usage::EXPORT)
            .with_algorithm(alg);
        let r = op.output_key(&out_attrs);
        if let Ok(k) = &r {
            keys.push(Key::adopt(c, *k));
        }
        return expect("output_key", &subject, &r, want);
    }
    let mut left = requested;
    for (n, want) in expected.iter().enumerate() {
        let mut buf = vec![0u8; want.len()];
        let r = op.output_bytes(&mut buf);
        if left == 0 && want.is_empty() {
            // Reading 0 bytes when 0 are available may go either way.
            check(matches!(r, Ok(()) | Err(Error::InsufficientData)), || {
                format!("output #{n} of 0 bytes at capacity 0: {r:?}")
            })?;
            continue;
        }
        if left == 0 || want.len() > left {
            expect(
                "output past capacity",
                &subject,
                &r,
                code(Error::InsufficientData),
            )?;
            left = 0;
            continue;
        }
        ok(&format!("output #{n}"), &subject, r)?;
        check(buf == *want, || format!("output #{n} differs"))?;
        left -= want.len();
        let now = ok("capacity", &subject, op.capacity())?;
        check(now == left, || format!("capacity {now}, expected {left}"))?;
    }
    op.abort();
    Ok(())
}

fn derive_input(c: &Crypto, case: &Case, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let subject = format!("{alg:?}");
    let mut op = if alg == Algorithm::NONE {
        KeyDerivationOperation::default()
    } else {
        setup(c, alg)?
    };
    let mut keys: Vec<Key<'_>> = Vec::new();
    for (n, base) in [1usize, 5, 9].into_iter().enumerate() {
        let s = step(local_int(case, base)?);
        if s.raw() == 0 {
            continue;
        }
        let key_type = local_int(case, base + 1)?;
        let input = a.bytes(base + 2)?;
        let want = local_int(case, base + 3)?;
        let what = format!("input #{} {s:?}", n + 1);
        let got = if key_type == INPUT_INTEGER {
            status(&op.input_integer(s, parse_binary(input)?))
        } else if key_type != 0 {
            let key_type = KeyType::from_raw(key_type as u16);
            let k = derive_input_key(c, key_type, alg, input)?;
            let r = if key_type.is_key_pair() && s == Step::SECRET {
                // Mbed TLS's key agreement with self: the key's own public key as peer.
                let public = ok(
                    "export_public_key",
                    &subject,
                    c.export_public_key_to_vec(k.id),
                )?;
                op.key_agreement(s, k.id, &public)
            } else {
                op.input_key(s, k.id)
            };
            keys.push(k);
            status(&r)
        } else {
            status(&op.input_bytes(s, input))
        };
        expect_code(&what, &subject, got, want)?;
    }
    let output_type = KeyType::from_raw(local_int(case, 13)? as u16);
    let want = local_int(case, 14)?;
    if output_type != KeyType::NONE {
        let r = op.output_key(&KeyAttributes::new(output_type, 8));
        if let Ok(k) = &r {
            keys.push(Key::adopt(c, *k));
        }
        expect("output_key", &subject, &r, want)
    } else {
        let mut one = [0u8; 1];
        expect("output_bytes", &subject, &op.output_bytes(&mut one), want)
    }
}

fn derive_full(c: &Crypto, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let key = derive_input_key(c, KeyType::DERIVE, alg, a.bytes(1)?)?;
    let requested = a.size(4)?;
    let mut op = setup_wrap(c, key.id, alg, a.bytes(2)?, a.bytes(3)?, requested)?;
    let mut capacity = ok("capacity", "", op.capacity())?;
    check(capacity == requested, || format!("capacity {capacity}"))?;
    // Mbed TLS reads in 32-byte pieces (ECJPAKE-to-PMS must be read in one).
    let mut buf = [0u8; 32];
    let mut expected = requested;
    while capacity > 0 {
        let n = buf.len().min(capacity);
        ok("output_bytes", "", op.output_bytes(&mut buf[..n]))?;
        expected -= n;
        capacity = ok("capacity", "", op.capacity())?;
        check(capacity == expected, || {
            format!("capacity {capacity}, expected {expected}")
        })?;
    }
    expect(
        "output past capacity",
        "",
        &op.output_bytes(&mut buf[..1]),
        code(Error::InsufficientData),
    )
}

fn derive_key(c: &Crypto, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let base = derive_input_key(c, KeyType::DERIVE, alg, a.bytes(1)?)?;
    let mut op = setup_wrap(c, base.id, alg, a.bytes(2)?, a.bytes(3)?, usize::MAX)?;
    let bits = u32::try_from(a.int(5)?).unwrap_or(u32::MAX);
    let derived = KeyAttributes::new(a.key_type(4)?, bits).with_usage(Usage::EXPORT);
    let r = op.output_key(&derived);
    let _k = r.as_ref().ok().map(|k| Key::adopt(c, *k));
    if a.int(7)? > 0 && r == Err(Error::InsufficientMemory) {
        return Err(Verdict::Skip("large key: not enough memory here".into()));
    }
    expect(
        "output_key",
        &format!("{:?}", derived.key_type()),
        &r,
        a.int(6)?,
    )
}

fn derive_key_exercise(c: &Crypto, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let base = derive_input_key(c, KeyType::DERIVE, alg, a.bytes(1)?)?;
    let mut op = setup_wrap(c, base.id, alg, a.bytes(2)?, a.bytes(3)?, usize::MAX)?;
    let (key_type, bits) = (a.key_type(4)?, a.int(5)? as u32);
    let (usage, derived_alg) = (a.usage(6)?, a.alg(7)?);
    let derived = KeyAttributes::new(key_type, bits)
        .with_usage(usage)
        .with_algorithm(derived_alg);
    let key = Key::adopt(
        c,
        ok(
            "output_key",
            &format!("{key_type:?}"),
            op.output_key(&derived),
        )?,
    );
    let got = ok("key_attributes", "", c.key_attributes(key.id))?;
    check(got.key_type() == key_type && got.bits() == bits, || {
        format!("derived key is {:?}/{}", got.key_type(), got.bits())
    })?;
    if derived_alg.is_key_derivation() {
        // Mbed TLS's exercise_key_derivation_key: one byte through the usual inputs.
        let mut op = setup_wrap(c, key.id, derived_alg, b"Input 1\0", b"Input 2\0", 1)?;
        let mut out = [0u8; 1];
        return ok(
            "output_bytes with the derived key",
            "",
            op.output_bytes(&mut out),
        );
    }
    exercise(c, key.id, usage, derived_alg).map_err(|v| match v {
        Verdict::NotYet(what) => Verdict::Skip(format!(
            "exercising the derived key needs another family: {what}"
        )),
        other => other,
    })
}

fn derive_key_export(c: &Crypto, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let base = derive_input_key(c, KeyType::DERIVE, alg, a.bytes(1)?)?;
    let (in1, in2) = (a.bytes(2)?, a.bytes(3)?);
    let (n1, n2) = (a.size(4)?, a.size(5)?);
    let mut op = setup_wrap(c, base.id, alg, in1, in2, n1 + n2)?;
    let mut bytes = vec![0u8; n1 + n2];
    ok("output_bytes", "", op.output_bytes(&mut bytes))?;
    op.abort();

    let mut op = setup_wrap(c, base.id, alg, in1, in2, n1 + n2)?;
    let mut exported = Vec::new();
    for n in [n1, n2] {
        let derived =
            KeyAttributes::new(KeyType::RAW_DATA, (n * 8) as u32).with_usage(Usage::EXPORT);
        let key = Key::adopt(c, ok("output_key", "", op.output_key(&derived))?);
        let e = ok("export_key", "", c.export_key_to_vec(key.id))?;
        check(e.len() == n, || {
            format!("exported {} bytes, expected {n}", e.len())
        })?;
        exported.extend_from_slice(&e);
    }
    check(exported == bytes, || {
        "keys differ from the output bytes".into()
    })
}

fn derive_key_type(c: &Crypto, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let base = derive_input_key(c, KeyType::DERIVE, alg, a.bytes(1)?)?;
    let mut op = setup_wrap(c, base.id, alg, a.bytes(2)?, a.bytes(3)?, usize::MAX)?;
    let key_type = a.key_type(4)?;
    let derived = KeyAttributes::new(key_type, a.int(5)? as u32).with_usage(Usage::EXPORT);
    let key = Key::adopt(
        c,
        ok(
            "output_key",
            &format!("{key_type:?}"),
            op.output_key(&derived),
        )?,
    );
    let e = ok("export_key", "", c.export_key_to_vec(key.id))?;
    check(&e[..] == a.bytes(6)?, || format!("derived {e:02x?}"))
}

fn derive_key_policy(c: &Crypto, a: &Args<'_>) -> Outcome {
    let (usage, policy_alg) = (a.usage(0)?, a.alg(1)?);
    let key = import(c, &attrs(a.key_type(2)?, usage, policy_alg), a.bytes(3)?)?;
    let exercise_alg = a.alg(4)?;
    let mut op = setup(c, exercise_alg)?;
    if exercise_alg.is_tls12_prf() || exercise_alg.is_tls12_psk_to_ms() {
        ok("input SEED", "", op.input_bytes(Step::SEED, b""))?;
    }
    let r = op.input_key(Step::SECRET, key.id);
    let want = if policy_alg == exercise_alg && usage.contains(Usage::DERIVE) {
        0
    } else {
        code(Error::NotPermitted)
    };
    expect("input_key SECRET", "", &r, want)
}

fn derive_over_capacity(c: &Crypto, a: &Args<'_>) -> Outcome {
    let alg = a.alg(0)?;
    let key = derive_input_key(c, KeyType::DERIVE, alg, &[0x0b; 22])?;
    // C's sizeof of the string literals includes their terminating NUL.
    let mut op = setup_wrap(c, key.id, alg, b"Input 1\0", b"Input 2\0", 42)?;
    let mut buf = [0u8; 42];
    ok("output_bytes", "", op.output_bytes(&mut buf))?;
    expect(
        "output past capacity",
        "",
        &op.output_bytes(&mut buf),
        code(Error::InsufficientData),
    )
}

/// `derive_actions_without_setup` and `key_derivation_init`: an operation that was never
/// set up refuses everything with `BAD_STATE`, and can be aborted, twice.
fn without_setup() -> Outcome {
    let bad = code(Error::BadState);
    let mut op = KeyDerivationOperation::default();
    let mut out = [0u8; 16];
    for _ in 0..2 {
        expect("output_bytes", "", &op.output_bytes(&mut out), bad)?;
        expect("capacity", "", &op.capacity(), bad)?;
        expect("set_capacity", "", &op.set_capacity(1), bad)?;
        expect("input_bytes", "", &op.input_bytes(Step::SECRET, b""), bad)?;
        op.abort();
    }
    Ok(())
}

fn derive_ecjpake_to_pms(c: &Crypto, a: &Args<'_>) -> Outcome {
    let mut op = setup(c, Algorithm::TLS12_ECJPAKE_TO_PMS)?;
    let s = step(a.int(2)?);
    expect("set_capacity", "", &op.set_capacity(a.size(3)?), a.int(4)?)?;
    let want_input = a.int(1)?;
    expect(
        "input_bytes",
        "",
        &op.input_bytes(s, a.bytes(0)?),
        want_input,
    )?;
    if want_input != 0 {
        return Ok(());
    }
    let expected = a.bytes(5)?;
    let mut out = vec![0u8; expected.len()];
    let want = a.int(6)?;
    expect("output_bytes", "", &op.output_bytes(&mut out), want)?;
    if want == 0 {
        check(out == expected, || format!("output {out:02x?}"))?;
    }
    Ok(())
}

#[test]
fn kdf_conformance() {
    let mut reports = Vec::new();
    for file in [MAIN, PBKDF2_FILE] {
        let Some(cases) = support::load(file) else {
            return;
        };
        let c = Crypto::in_memory();
        let mut report = Report::new(file);
        for case in cases
            .iter()
            .filter(|case| FUNCTIONS.contains(&case.function.as_str()))
        {
            let v = match deps::check(case) {
                Err(reason) => Verdict::Skip(reason),
                Ok(()) => verdict(run(&c, case)),
            };
            report.record(&support::label(case), v);
        }
        reports.push(report);
    }
    let total = print_all("key derivation", &reports);
    total.assert_ok();
    assert!(total.passed() > 0, "no key-derivation case ran");
}
