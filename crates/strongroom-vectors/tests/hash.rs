//! Runs Mbed TLS's `test_suite_psa_crypto_hash.data` against the `strongroom` API, every
//! test function of it:
//! - `hash_finish`, `hash_verify`: one-shot (`hash_compute`, `hash_compare`, a wrong
//!   digest rejected) and multi-part (`finish` / `verify` on a `HashOperation`);
//! - `hash_multi_part`: at every split point of the input, a `HashOperation` fed in two
//!   parts, cloned at the split, both the operation and its clone finishing with the
//!   expected digest (as Mbed TLS's test does), plus three- and four-part splits;
//! - `hmac`: HMAC of a `char *` input under 32 bytes of 0xaa (Mbed TLS's test key),
//!   `mac_compute` and `mac_verify`.
//!
//! Every algorithm of the file is implemented: a case is skipped only for a dependency
//! that Strongroom does not satisfy, and there is none in this file today.

use strongroom::{Algorithm, Crypto, Error, KeyAttributes, KeyType, Usage};
use strongroom_vectors::{
    Arg, Case, Outcome, Tally, mbedtls_data_file, missing_vectors_notice, parse_file, print_reports,
};

const FILE: &str = "test_suite_psa_crypto_hash.data";

/// The `PSA_WANT_*` symbols of this file that Strongroom implements.
const IMPLEMENTED: [&str; 16] = [
    "PSA_WANT_ALG_MD5",
    "PSA_WANT_ALG_RIPEMD160",
    "PSA_WANT_ALG_SHA_1",
    "PSA_WANT_ALG_SHA_224",
    "PSA_WANT_ALG_SHA_256",
    "PSA_WANT_ALG_SHA_384",
    "PSA_WANT_ALG_SHA_512",
    "PSA_WANT_ALG_SHA_512_224",
    "PSA_WANT_ALG_SHA_512_256",
    "PSA_WANT_ALG_SHA3_224",
    "PSA_WANT_ALG_SHA3_256",
    "PSA_WANT_ALG_SHA3_384",
    "PSA_WANT_ALG_SHA3_512",
    "PSA_WANT_ALG_SHAKE256_512",
    "PSA_WANT_ALG_HMAC",
    "PSA_WANT_KEY_TYPE_HMAC",
];

/// Why the case does not apply to Strongroom, if it does not.
fn unmet_dependency(case: &Case) -> Option<String> {
    case.depends_on
        .iter()
        .find_map(|d| match d.strip_prefix('!') {
            Some(absent) if IMPLEMENTED.contains(&absent) => Some(format!(
                "written for a build without {absent}, which Strongroom implements"
            )),
            Some(_) => None,
            None if IMPLEMENTED.contains(&d.as_str()) => None,
            None => Some(format!("needs {d}, which Strongroom does not implement")),
        })
}

fn alg_of(case: &Case) -> Result<Algorithm, String> {
    let raw = case.int(0).map_err(|e| format!("algorithm: {e}"))?;
    u32::try_from(raw)
        .map(Algorithm::from_raw)
        .map_err(|_| format!("algorithm {raw} out of range"))
}

fn check(what: &str, ok: bool) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what.to_owned()) }
}

/// The digest of `pieces` fed to a `HashOperation` one after the other.
fn digest_of(c: &Crypto, alg: Algorithm, pieces: &[&[u8]]) -> Result<Vec<u8>, String> {
    let mut op = c.hash_setup(alg).map_err(|e| format!("hash_setup: {e}"))?;
    for p in pieces {
        op.update(p).map_err(|e| format!("hash_update: {e}"))?;
    }
    let mut out = [0u8; 64];
    let n = op
        .finish(&mut out)
        .map_err(|e| format!("hash_finish: {e}"))?;
    Ok(out[..n].to_vec())
}

/// `hash_finish` and `hash_verify`: one-shot and multi-part.
fn hash_one(c: &Crypto, alg: Algorithm, input: &[u8], expected: &[u8]) -> Result<(), String> {
    let mut out = [0u8; 64];
    let n = c
        .hash_compute(alg, input, &mut out)
        .map_err(|e| format!("hash_compute: {e}"))?;
    check(
        &format!("hash_compute gave {:02x?}", &out[..n]),
        &out[..n] == expected,
    )?;
    c.hash_compare(alg, input, expected)
        .map_err(|e| format!("hash_compare: {e}"))?;
    let mut wrong = expected.to_vec();
    wrong[0] ^= 1;
    check(
        "hash_compare accepted a wrong digest",
        c.hash_compare(alg, input, &wrong) == Err(Error::InvalidSignature),
    )?;
    check(
        "multi-part digest differs",
        digest_of(c, alg, &[input])? == expected,
    )?;
    let mut op = c.hash_setup(alg).map_err(|e| format!("hash_setup: {e}"))?;
    op.update(input).map_err(|e| format!("hash_update: {e}"))?;
    op.verify(expected)
        .map_err(|e| format!("hash_verify: {e}"))?;
    let mut op = c.hash_setup(alg).map_err(|e| format!("hash_setup: {e}"))?;
    op.update(input).map_err(|e| format!("hash_update: {e}"))?;
    check(
        "hash_verify accepted a wrong digest",
        op.verify(&wrong) == Err(Error::InvalidSignature),
    )
}

/// `hash_multi_part`: every split point, with a clone taken at the split.
fn hash_multi_part(
    c: &Crypto,
    alg: Algorithm,
    input: &[u8],
    expected: &[u8],
) -> Result<(), String> {
    for i in 0..=input.len() {
        let mut op = c.hash_setup(alg).map_err(|e| format!("hash_setup: {e}"))?;
        op.update(&input[..i])
            .map_err(|e| format!("hash_update: {e}"))?;
        let mut clone = op.try_clone().map_err(|e| format!("hash_clone: {e}"))?;
        for o in [&mut op, &mut clone] {
            o.update(&input[i..])
                .map_err(|e| format!("hash_update: {e}"))?;
            let mut out = [0u8; 64];
            let n = o
                .finish(&mut out)
                .map_err(|e| format!("hash_finish: {e}"))?;
            check(
                &format!("split at {i}: digest {:02x?}", &out[..n]),
                &out[..n] == expected,
            )?;
        }
        // Three and four parts, including empty ones.
        let j = (i + input.len()) / 2;
        let k = i / 2;
        check(
            &format!("parts at {k}, {i}, {j}"),
            digest_of(
                c,
                alg,
                &[&input[..k], &input[k..i], &input[i..j], &input[j..]],
            )? == expected,
        )?;
    }
    Ok(())
}

/// `hmac`: the key is 32 bytes of 0xaa, the input a C string.
fn hmac(c: &Crypto, hash: Algorithm, input: &[u8], expected: &[u8]) -> Result<(), String> {
    let alg = Algorithm::hmac(hash);
    let attrs = KeyAttributes::new(KeyType::HMAC, 0)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        .with_algorithm(alg);
    let key = c
        .import_key(&attrs, &[0xaa; 32])
        .map_err(|e| format!("import: {e}"))?;
    let mut out = [0u8; 64];
    let r = c.mac_compute(key, alg, input, &mut out);
    let verified = c.mac_verify(key, alg, input, expected);
    c.destroy_key(key).map_err(|e| format!("destroy: {e}"))?;
    let n = r.map_err(|e| format!("mac_compute: {e}"))?;
    check(&format!("mac {:02x?}", &out[..n]), &out[..n] == expected)?;
    verified.map_err(|e| format!("mac_verify: {e}"))
}

/// A `char *` argument: the text as the C test sees it. (A quoted string that looks like
/// hex is parsed as bytes; [`Arg::text`] gives its characters back.)
fn c_string(arg: &Arg) -> Option<Vec<u8>> {
    match arg {
        Arg::Str(s) => Some(s.clone().into_bytes()),
        other => other.text().map(String::into_bytes),
    }
}

fn run_case(c: &Crypto, case: &Case) -> Outcome {
    if let Some(why) = unmet_dependency(case) {
        return Outcome::Skip(why);
    }
    let result = alg_of(case).and_then(|alg| match case.function.as_str() {
        "hash_finish" | "hash_verify" | "hash_multi_part" => {
            let (Ok(input), Ok(expected)) = (case.bytes(1), case.bytes(2)) else {
                return Err("bad arguments".into());
            };
            if case.function == "hash_multi_part" {
                hash_multi_part(c, alg, input, expected)
            } else {
                hash_one(c, alg, input, expected)
            }
        }
        "hmac" => {
            let (Some(input), Ok(expected)) = (case.arg(1).ok().and_then(c_string), case.bytes(2))
            else {
                return Err("bad arguments".into());
            };
            hmac(c, alg, &input, expected)
        }
        f => Err(format!("unknown test function {f}")),
    });
    match result {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail(why),
    }
}

#[test]
fn hash_conformance() {
    let Some(path) = mbedtls_data_file(FILE) else {
        println!("{}", missing_vectors_notice(FILE));
        return;
    };
    let cases = parse_file(&path).expect("the hash data file parses");
    let c = Crypto::in_memory();
    let mut tally = Tally::new(FILE);
    tally.run(&cases, |case| run_case(&c, case));
    let total = print_reports(&[tally]);
    assert_eq!(
        total.failed(),
        0,
        "hash conformance failures:\n{}",
        total.report()
    );
    assert_eq!(
        total.skipped(),
        0,
        "every algorithm of the hash suite is implemented:\n{}",
        total.report()
    );
    assert!(total.passed() > 0, "no hash case ran");
}
