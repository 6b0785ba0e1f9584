//! Runs the unauthenticated-cipher cases of Mbed TLS's `test_suite_psa_crypto.data`
//! against the `strongroom` API. Each Mbed TLS test function is re-implemented from its
//! name, parameters and the PSA spec:
//!
//! | function | what it checks |
//! |---|---|
//! | `cipher_setup` | `encrypt_setup` status; a failed setup repeats; a good setup follows |
//! | `cipher_bad_order` | the state machine (the parts Rust's types do not already rule out) |
//! | `cipher_bad_key` | non-cipher key and algorithm: size macros 0, setup `INVALID_ARGUMENT` |
//! | `cipher_encrypt_fail`, `cipher_decrypt_fail` | one-shot status |
//! | `cipher_encrypt_validation` | one-shot output = IV ‖ multi-part output with that IV |
//! | `cipher_encrypt_multipart`, `cipher_decrypt_multipart` | two updates: exact lengths, output, final status |
//! | `cipher_decrypt` | one-shot decryption of IV ‖ ciphertext |
//! | `cipher_verify_output`, `cipher_verify_output_multipart` | round trips, size macros |
//! | `cipher_alg_without_iv` | ECB: no IV accepted or generated; one-shot and multi-part |
//! | `cipher_encrypt_validate_iv_length` | `set_iv` status for an IV length |
//! | `cipher_key_policy`, `cipher_operation_init` | policy; an inactive operation |
//!
//! Skipped, with the reason printed: cases for a build *without* an algorithm, cases that
//! need an Mbed TLS build option, and the "without initialization" cases (a Rust
//! `Crypto` is initialized by existing). Cases whose key is asymmetric are skipped while
//! the engine does not import that key type yet (another family's work).

use strongroom::{
    Algorithm as A, CipherOperation, Crypto, Error, KeyAttributes, KeyId, KeyType as K, Usage,
    sizes,
};
use strongroom_vectors::{
    Case, Outcome, Tally, mbedtls_data_file, missing_vectors_notice, parse_file, print_reports,
};

const FILE: &str = "test_suite_psa_crypto.data";

const SUCCESS: i64 = 0;
const BAD_STATE: i64 = Error::BadState.status() as i64;
const INVALID_ARGUMENT: i64 = Error::InvalidArgument.status() as i64;
const NOT_PERMITTED: i64 = Error::NotPermitted.status() as i64;

/// A check inside a case: `Err` carries the case's outcome (failure or skip).
type Check<T = ()> = Result<T, Outcome>;

fn fail(msg: impl Into<String>) -> Outcome {
    Outcome::Fail(msg.into())
}

fn status_name(code: i64) -> String {
    i32::try_from(code)
        .ok()
        .and_then(strongroom_types::status_name)
        .map_or_else(|| code.to_string(), str::to_owned)
}

fn code<T>(r: &Result<T, Error>) -> i64 {
    i64::from(strongroom_types::status_of(r))
}

/// `what` returned `want` (a status code).
fn expect_status<T>(what: &str, r: &Result<T, Error>, want: i64) -> Check {
    let got = code(r);
    if got == want {
        Ok(())
    } else {
        Err(fail(format!(
            "{what}: got {}, expected {}",
            status_name(got),
            status_name(want)
        )))
    }
}

/// `what` succeeded.
fn ok<T>(what: &str, r: Result<T, Error>) -> Check<T> {
    r.map_err(|e| fail(format!("{what}: {e}")))
}

fn ensure(cond: bool, msg: impl FnOnce() -> String) -> Check {
    if cond { Ok(()) } else { Err(fail(msg())) }
}

/// The arguments of a case, evaluated lazily by position.
struct Args<'a>(&'a Case);

impl Args<'_> {
    fn int(&self, i: usize) -> Check<i64> {
        self.0
            .int(i)
            .map_err(|e| fail(format!("argument {i}: {e}")))
    }
    fn usize(&self, i: usize) -> Check<usize> {
        usize::try_from(self.int(i)?).map_err(|_| fail(format!("argument {i}: negative")))
    }
    fn alg(&self, i: usize) -> Check<A> {
        Ok(A::from_raw(self.int(i)? as u32))
    }
    fn key_type(&self, i: usize) -> Check<K> {
        Ok(K::from_raw(self.int(i)? as u16))
    }
    fn bytes(&self, i: usize) -> Check<&[u8]> {
        self.0
            .bytes(i)
            .map_err(|e| fail(format!("argument {i}: {e}")))
    }
}

/// Imports a key; an asymmetric key type the engine cannot import yet is a skip.
fn import(c: &Crypto, t: K, usage: Usage, alg: A, data: &[u8]) -> Check<KeyId> {
    let attrs = KeyAttributes::new(t, 0)
        .with_usage(usage)
        .with_algorithm(alg);
    match c.import_key(&attrs, data) {
        Ok(k) => Ok(k),
        Err(Error::NotSupported) if t.is_asymmetric() => Err(Outcome::Skip(
            "needs an asymmetric key type the engine does not import yet (asymmetric family)"
                .into(),
        )),
        Err(e) => Err(fail(format!("import: {e}"))),
    }
}

const BOTH: Usage = Usage::ENCRYPT.union(Usage::DECRYPT);

/// `cipher_setup(key_type, key, alg, expected_status)`.
fn cipher_setup(c: &Crypto, a: &Args) -> Check {
    let (t, data, alg, want) = (a.key_type(0)?, a.bytes(1)?, a.alg(2)?, a.int(3)?);
    let k = import(c, t, Usage::ENCRYPT, alg, data)?;
    let r = c.cipher_encrypt_setup(k, alg);
    expect_status("cipher_encrypt_setup", &r, want)?;
    if r.is_err() {
        expect_status(
            "cipher_encrypt_setup again",
            &c.cipher_encrypt_setup(k, alg),
            want,
        )?;
    }
    // A supported setup works after it.
    let good = import(c, K::AES, Usage::ENCRYPT, A::CTR, &[0; 16])?;
    ok(
        "setup of a known-good key",
        c.cipher_encrypt_setup(good, A::CTR),
    )
    .map(drop)
}

/// `cipher_bad_order()`: AES-128 CBC_PKCS7. Double setup is impossible in Rust (setup
/// returns a new operation), so it is not part of this check.
fn cipher_bad_order(c: &Crypto) -> Check {
    let key_data = [
        1, 2, 3, 4, 5, 6, 7, 8, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
    ];
    let alg = A::CBC_PKCS7;
    let k = import(c, K::AES, BOTH, alg, &key_data)?;
    let iv = [0u8; 16];
    let text = [0xbbu8; 16];
    let mut buf = [0u8; 16];
    let bad = |what: &str, r: Result<usize, Error>| expect_status(what, &r, BAD_STATE);
    let setup = || ok("setup", c.cipher_encrypt_setup(k, alg));

    let mut inactive = CipherOperation::default();
    bad("generate_iv without setup", inactive.generate_iv(&mut buf))?;
    bad("set_iv without setup", inactive.set_iv(&iv).map(|()| 0))?;
    bad("update without setup", inactive.update(&text, &mut buf))?;
    bad("finish without setup", inactive.finish(&mut buf))?;
    inactive.abort();

    let mut op = setup()?;
    ok("generate_iv", op.generate_iv(&mut buf))?;
    bad("generate_iv twice", op.generate_iv(&mut buf))?;
    op.abort();
    let mut op = setup()?;
    ok("set_iv", op.set_iv(&iv))?;
    bad("generate_iv after set_iv", op.generate_iv(&mut buf))?;
    let mut op = setup()?;
    ok("set_iv", op.set_iv(&iv))?;
    bad("set_iv twice", op.set_iv(&iv).map(|()| 0))?;
    let mut op = setup()?;
    ok("generate_iv", op.generate_iv(&mut buf))?;
    bad("set_iv after generate_iv", op.set_iv(&iv).map(|()| 0))?;
    let mut op = setup()?;
    bad("update without an IV", op.update(&text, &mut buf))?;
    op.abort();
    let mut op = setup()?;
    ok("set_iv", op.set_iv(&iv))?;
    ok("finish", op.finish(&mut buf))?;
    bad("update after finish", op.update(&text, &mut buf))?;
    let mut op = setup()?;
    bad("finish without an IV", op.finish(&mut buf))?;
    op.abort();
    let mut op = setup()?;
    ok("set_iv", op.set_iv(&iv))?;
    ok("finish", op.finish(&mut buf))?;
    bad("finish twice", op.finish(&mut buf))?;
    op.abort();
    ok("destroy", c.destroy_key(k))
}

/// `cipher_bad_key(alg, key_type, key_data)`.
fn cipher_bad_key(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data) = (a.alg(0)?, a.key_type(1)?, a.bytes(2)?);
    ensure(
        sizes::cipher_encrypt_output_size(t, alg, 16).is_none(),
        || "PSA_CIPHER_ENCRYPT_OUTPUT_SIZE is not 0".into(),
    )?;
    ensure(
        sizes::cipher_update_output_size(t, alg, 16).is_none(),
        || "PSA_CIPHER_UPDATE_OUTPUT_SIZE is not 0".into(),
    )?;
    let k = import(c, t, BOTH, alg, data)?;
    expect_status(
        "cipher_encrypt_setup",
        &c.cipher_encrypt_setup(k, alg),
        INVALID_ARGUMENT,
    )
}

/// `cipher_encrypt_fail(alg, key_type, key_data, input, expected_status)` and
/// `cipher_decrypt_fail(alg, key_type, key_data, iv, input, expected_status)`.
fn cipher_oneshot_fail(c: &Crypto, a: &Args, decrypt: bool) -> Check {
    let (alg, t, data) = (a.alg(0)?, a.key_type(1)?, a.bytes(2)?);
    let (input, want) = if decrypt {
        ([a.bytes(3)?, a.bytes(4)?].concat(), a.int(5)?)
    } else {
        (a.bytes(3)?.to_vec(), a.int(4)?)
    };
    if want == BAD_STATE {
        return Err(Outcome::Skip(
            "\"without initialization\": a Rust Crypto is initialized when it exists".into(),
        ));
    }
    let usage = if decrypt {
        Usage::DECRYPT
    } else {
        Usage::ENCRYPT
    };
    let k = import(c, t, usage, alg, data)?;
    let r = if decrypt {
        let mut out = vec![0; sizes::cipher_decrypt_output_size(t, alg, input.len()).unwrap_or(0)];
        c.cipher_decrypt(k, alg, &input, &mut out)
    } else {
        let mut out = vec![0; sizes::cipher_encrypt_output_size(t, alg, input.len()).unwrap_or(0)];
        c.cipher_encrypt(k, alg, &input, &mut out)
    };
    expect_status(
        if decrypt {
            "cipher_decrypt"
        } else {
            "cipher_encrypt"
        },
        &r,
        want,
    )
}

/// Update (whole input) then finish, into buffers of the macros' sizes.
fn update_finish(op: &mut CipherOperation, t: K, alg: A, input: &[u8]) -> Check<Vec<u8>> {
    let mut out = vec![0u8; sizes::cipher_update_output_size(t, alg, input.len()).unwrap_or(0)];
    let n = ok("update", op.update(input, &mut out))?;
    ensure(n <= out.len(), || "update wrote more than the macro".into())?;
    out.truncate(n);
    let mut last = vec![0u8; sizes::cipher_finish_output_size(t, alg).unwrap_or(0)];
    let m = ok("finish", op.finish(&mut last))?;
    out.extend_from_slice(&last[..m]);
    Ok(out)
}

/// `cipher_encrypt_validation(alg, key_type, key_data, input)`.
fn cipher_encrypt_validation(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data, input) = (a.alg(0)?, a.key_type(1)?, a.bytes(2)?, a.bytes(3)?);
    let k = import(c, t, Usage::ENCRYPT, alg, data)?;
    let iv_len = sizes::cipher_iv_length(t, alg).unwrap_or(0);
    let mut one = vec![0u8; sizes::cipher_encrypt_output_size(t, alg, input.len()).unwrap_or(0)];
    let n = ok("cipher_encrypt", c.cipher_encrypt(k, alg, input, &mut one))?;
    ensure(
        n <= sizes::cipher_encrypt_output_max_size(input.len()).unwrap_or(0),
        || "one-shot output above PSA_CIPHER_ENCRYPT_OUTPUT_MAX_SIZE".into(),
    )?;
    let mut op = ok("setup", c.cipher_encrypt_setup(k, alg))?;
    ok("set_iv", op.set_iv(&one[..iv_len]))?;
    let multi = update_finish(&mut op, t, alg, input)?;
    ensure(one[iv_len..n] == multi[..], || {
        "one-shot and multi-part differ".into()
    })
}

/// `cipher_encrypt_multipart` / `cipher_decrypt_multipart(alg, key_type, key_data, iv,
/// input, first_part_size, output1_length, output2_length, expected_output,
/// expected_status)`.
fn cipher_multipart(c: &Crypto, a: &Args, decrypt: bool) -> Check {
    let (alg, t, data, iv, input) = (
        a.alg(0)?,
        a.key_type(1)?,
        a.bytes(2)?,
        a.bytes(3)?,
        a.bytes(4)?,
    );
    let (first, len1, len2) = (a.usize(5)?, a.usize(6)?, a.usize(7)?);
    let (expected, want) = (a.bytes(8)?, a.int(9)?);
    let usage = if decrypt {
        Usage::DECRYPT
    } else {
        Usage::ENCRYPT
    };
    let k = import(c, t, usage, alg, data)?;
    let mut op = if decrypt {
        ok("cipher_decrypt_setup", c.cipher_decrypt_setup(k, alg))?
    } else {
        ok("cipher_encrypt_setup", c.cipher_encrypt_setup(k, alg))?
    };
    if !iv.is_empty() {
        ok("set_iv", op.set_iv(iv))?;
    }
    ensure(first <= input.len(), || {
        "first part longer than the input".into()
    })?;
    let size = sizes::cipher_update_output_size(t, alg, input.len()).unwrap_or(0)
        + sizes::cipher_finish_output_size(t, alg).unwrap_or(0);
    let mut out = vec![0u8; size];
    let n1 = ok("first update", op.update(&input[..first], &mut out))?;
    ensure(n1 == len1, || {
        format!("first update wrote {n1}, expected {len1}")
    })?;
    let mut total = n1;
    if first < input.len() {
        let n2 = ok(
            "second update",
            op.update(&input[first..], &mut out[total..]),
        )?;
        ensure(n2 == len2, || {
            format!("second update wrote {n2}, expected {len2}")
        })?;
        total += n2;
    }
    let r = op.finish(&mut out[total..]);
    expect_status("finish", &r, want)?;
    if let Ok(m) = r {
        total += m;
        ensure(&out[..total] == expected, || {
            format!("output {:02x?}", &out[..total])
        })?;
    }
    Ok(())
}

/// `cipher_decrypt(alg, key_type, key_data, iv, input, expected_output)`.
fn cipher_decrypt(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data) = (a.alg(0)?, a.key_type(1)?, a.bytes(2)?);
    let input = [a.bytes(3)?, a.bytes(4)?].concat();
    let expected = a.bytes(5)?;
    let k = import(c, t, Usage::DECRYPT, alg, data)?;
    let mut out = vec![0u8; sizes::cipher_decrypt_output_size(t, alg, input.len()).unwrap_or(0)];
    let n = ok("cipher_decrypt", c.cipher_decrypt(k, alg, &input, &mut out))?;
    ensure(&out[..n] == expected, || {
        format!("plaintext {:02x?}", &out[..n])
    })
}

/// `cipher_verify_output(alg, key_type, key_data, input)`.
fn cipher_verify_output(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data, input) = (a.alg(0)?, a.key_type(1)?, a.bytes(2)?, a.bytes(3)?);
    let k = import(c, t, BOTH, alg, data)?;
    let mut ct = vec![0u8; sizes::cipher_encrypt_output_size(t, alg, input.len()).unwrap_or(0)];
    let n = ok("cipher_encrypt", c.cipher_encrypt(k, alg, input, &mut ct))?;
    let mut pt = vec![0u8; n];
    let m = ok(
        "cipher_decrypt",
        c.cipher_decrypt(k, alg, &ct[..n], &mut pt),
    )?;
    ensure(
        m <= sizes::cipher_decrypt_output_size(t, alg, n).unwrap_or(0),
        || "decrypted length above PSA_CIPHER_DECRYPT_OUTPUT_SIZE".into(),
    )?;
    ensure(&pt[..m] == input, || "round trip differs".into())
}

/// `cipher_verify_output_multipart(alg, key_type, key_data, input, first_part_size)`.
fn cipher_verify_output_multipart(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data, input, first) = (
        a.alg(0)?,
        a.key_type(1)?,
        a.bytes(2)?,
        a.bytes(3)?,
        a.usize(4)?,
    );
    let k = import(c, t, BOTH, alg, data)?;
    let mut enc = ok("encrypt setup", c.cipher_encrypt_setup(k, alg))?;
    let mut dec = ok("decrypt setup", c.cipher_decrypt_setup(k, alg))?;
    let mut iv = [0u8; sizes::CIPHER_IV_MAX_SIZE];
    let iv_len = if alg == A::ECB_NO_PADDING {
        0
    } else {
        ok("generate_iv", enc.generate_iv(&mut iv))?
    };
    let two_parts = |op: &mut CipherOperation, input: &[u8], cap: usize| -> Check<Vec<u8>> {
        let mut out = vec![0u8; cap];
        let mut total = 0;
        for part in [
            &input[..first.min(input.len())],
            &input[first.min(input.len())..],
        ] {
            let n = ok("update", op.update(part, &mut out[total..]))?;
            let bound = sizes::cipher_update_output_size(t, alg, part.len()).unwrap_or(0);
            ensure(
                n <= bound && n <= sizes::cipher_update_output_max_size(part.len()).unwrap_or(0),
                || format!("update wrote {n} > {bound}"),
            )?;
            total += n;
        }
        let m = ok("finish", op.finish(&mut out[total..]))?;
        ensure(
            m <= sizes::cipher_finish_output_size(t, alg).unwrap_or(0)
                && m <= sizes::CIPHER_FINISH_OUTPUT_MAX_SIZE,
            || format!("finish wrote {m}"),
        )?;
        out.truncate(total + m);
        Ok(out)
    };
    let cap = sizes::cipher_encrypt_output_size(t, alg, input.len()).unwrap_or(0);
    let ct = two_parts(&mut enc, input, cap)?;
    if iv_len > 0 {
        ok("set_iv", dec.set_iv(&iv[..iv_len]))?;
    }
    let pt = two_parts(&mut dec, &ct, ct.len())?;
    ensure(pt == input, || "round trip differs".into())
}

/// `cipher_alg_without_iv(alg, key_type, key_data, plaintext, ciphertext)`.
fn cipher_alg_without_iv(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data, pt, ct) = (
        a.alg(0)?,
        a.key_type(1)?,
        a.bytes(2)?,
        a.bytes(3)?,
        a.bytes(4)?,
    );
    ensure(
        ct.len() <= sizes::cipher_encrypt_output_size(t, alg, pt.len()).unwrap_or(0),
        || "PSA_CIPHER_ENCRYPT_OUTPUT_SIZE too small".into(),
    )?;
    ensure(
        pt.len() <= sizes::cipher_decrypt_output_size(t, alg, ct.len()).unwrap_or(0),
        || "PSA_CIPHER_DECRYPT_OUTPUT_SIZE too small".into(),
    )?;
    let k = import(c, t, BOTH, alg, data)?;
    let iv = [0x5au8];
    for decrypt in [false, true] {
        let setup = || {
            if decrypt {
                c.cipher_decrypt_setup(k, alg)
            } else {
                c.cipher_encrypt_setup(k, alg)
            }
        };
        let mut op = ok("setup", setup())?;
        expect_status("set_iv", &op.set_iv(&iv), BAD_STATE)?;
        let mut op = ok("setup", setup())?;
        expect_status("generate_iv", &op.generate_iv(&mut [0u8; 1]), BAD_STATE)?;
        let mut op = ok("setup", setup())?;
        let (input, want) = if decrypt { (ct, pt) } else { (pt, ct) };
        let out = update_finish(&mut op, t, alg, input)?;
        ensure(out == want, || format!("multi-part output {out:02x?}"))?;
        let mut one = vec![0u8; input.len() + 16];
        let n = if decrypt {
            ok("cipher_decrypt", c.cipher_decrypt(k, alg, input, &mut one))?
        } else {
            ok("cipher_encrypt", c.cipher_encrypt(k, alg, input, &mut one))?
        };
        ensure(&one[..n] == want, || {
            format!("one-shot output {:02x?}", &one[..n])
        })?;
    }
    Ok(())
}

/// `cipher_encrypt_validate_iv_length(alg, key_type, key_data, input, iv_length,
/// expected_result)`.
fn cipher_encrypt_validate_iv_length(c: &Crypto, a: &Args) -> Check {
    let (alg, t, data) = (a.alg(0)?, a.key_type(1)?, a.bytes(2)?);
    let (iv_len, want) = (a.usize(4)?, a.int(5)?);
    let k = import(c, t, Usage::ENCRYPT, alg, data)?;
    let mut op = ok("setup", c.cipher_encrypt_setup(k, alg))?;
    expect_status("set_iv", &op.set_iv(&vec![0x2a; iv_len]), want)
}

/// `cipher_key_policy(policy_usage, policy_alg, key_type, key_data, exercise_alg)`.
fn cipher_key_policy(c: &Crypto, a: &Args) -> Check {
    let usage = Usage::from_raw(a.int(0)? as u32);
    let (policy_alg, t, data, alg) = (a.alg(1)?, a.key_type(2)?, a.bytes(3)?, a.alg(4)?);
    let k = import(c, t, usage, policy_alg, data)?;
    for (flag, decrypt) in [(Usage::ENCRYPT, false), (Usage::DECRYPT, true)] {
        let r = if decrypt {
            c.cipher_decrypt_setup(k, alg)
        } else {
            c.cipher_encrypt_setup(k, alg)
        };
        let want = if policy_alg == alg && usage.contains(flag) {
            SUCCESS
        } else {
            NOT_PERMITTED
        };
        expect_status(
            if decrypt {
                "decrypt setup"
            } else {
                "encrypt setup"
            },
            &r,
            want,
        )?;
    }
    Ok(())
}

/// The Mbed TLS dependencies of a cipher case that Strongroom does not meet.
fn unmet_dependency(case: &Case) -> Option<String> {
    if let Some(dep) = case.mbedtls_internal_dependency() {
        return Some(format!("depends on Mbed TLS build option {dep}"));
    }
    case.depends_on
        .iter()
        .find(|d| d.starts_with("!PSA_WANT_"))
        .map(|d| format!("written for a build without {}", &d[1..]))
}

fn run_case(c: &Crypto, case: &Case) -> Outcome {
    let a = Args(case);
    let r = match case.function.as_str() {
        "cipher_setup" => cipher_setup(c, &a),
        "cipher_bad_order" => cipher_bad_order(c),
        "cipher_bad_key" => cipher_bad_key(c, &a),
        "cipher_encrypt_fail" => cipher_oneshot_fail(c, &a, false),
        "cipher_decrypt_fail" => cipher_oneshot_fail(c, &a, true),
        "cipher_encrypt_validation" => cipher_encrypt_validation(c, &a),
        "cipher_encrypt_multipart" => cipher_multipart(c, &a, false),
        "cipher_decrypt_multipart" => cipher_multipart(c, &a, true),
        "cipher_decrypt" => cipher_decrypt(c, &a),
        "cipher_verify_output" => cipher_verify_output(c, &a),
        "cipher_verify_output_multipart" => cipher_verify_output_multipart(c, &a),
        "cipher_alg_without_iv" => cipher_alg_without_iv(c, &a),
        "cipher_encrypt_validate_iv_length" => cipher_encrypt_validate_iv_length(c, &a),
        "cipher_key_policy" => cipher_key_policy(c, &a),
        "cipher_operation_init" => {
            let mut op = CipherOperation::default();
            op.abort();
            ensure(op.finish(&mut []) == Err(Error::BadState), || {
                "not inactive".into()
            })
        }
        f => return fail(format!("not a cipher function: {f}")),
    };
    match r {
        Ok(()) => Outcome::Pass,
        Err(o) => o,
    }
}

#[test]
fn cipher_conformance() {
    let Some(path) = mbedtls_data_file(FILE) else {
        println!("{}", missing_vectors_notice(FILE));
        return;
    };
    let cases = parse_file(&path).expect("the main data file parses");
    let mut tally = Tally::new(format!("{FILE} (cipher cases)"));
    for case in cases.iter().filter(|c| c.function.starts_with("cipher_")) {
        let outcome = match unmet_dependency(case) {
            Some(why) => Outcome::Skip(why),
            // A fresh instance per case, as each Mbed TLS case starts from psa_crypto_init.
            None => run_case(&Crypto::in_memory(), case),
        };
        tally.record(case, outcome);
    }
    let total = print_reports(&[tally]);
    assert_eq!(
        total.failed(),
        0,
        "cipher conformance failures:\n{}",
        total.report()
    );
    assert!(total.passed() > 0, "no cipher case ran");
}
