//! The parts of Mbed TLS's main suite that are pure policy, run against
//! `strongroom_types::policy`: the policy of a copied key (`copy_success`), MAC policy and
//! MAC setup validation (`mac_key_policy`), and key-size validation of unstructured keys
//! (`import_with_data`, `import_large_key`, `generate_key`). Cases of these functions
//! with asymmetric key types need key parsing and belong to the engine's conformance
//! tests; they are not counted here.

use strongroom_types::{Algorithm as A, Error, KeyAttributes, KeyType as K, Usage, policy};
use strongroom_vectors::{
    Case, EvalError, Outcome, Tally, mbedtls_data_file, missing_vectors_notice, parse_file,
    print_reports,
};

const MAIN: &str = "test_suite_psa_crypto.data";
const GENERATED: &str = "test_suite_psa_crypto_generate_key.generated.data";

fn status(r: Result<(), Error>) -> i64 {
    i64::from(strongroom_types::status_of(&r))
}

fn name(s: i64) -> String {
    i32::try_from(s)
        .ok()
        .and_then(strongroom_types::status_name)
        .map_or_else(|| s.to_string(), str::to_owned)
}

fn expect_status(got: i64, want: i64, what: &str) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{what}: got {}, expected {}",
            name(got),
            name(want)
        ))
    }
}

/// `copy_success`: the copy's usage and algorithm are the intersection of the source's
/// stored policy (usage implications applied at creation) and the requested one.
fn copy_success(case: &Case, v: &[i64]) -> Result<Outcome, String> {
    let [
        src_usage,
        src_alg,
        src_alg2,
        _src_lifetime,
        key_type,
        _material,
        copy_attrs,
        tgt_usage,
        tgt_alg,
        tgt_alg2,
        _tgt_lifetime,
        exp_usage,
        exp_alg,
        exp_alg2,
    ] = v
    else {
        return Err(format!("expected 14 arguments, found {}", v.len()));
    };
    let _ = case;
    if *src_alg2 != 0 || !matches!(tgt_alg2, -1 | 0) || *exp_alg2 != 0 {
        return Ok(Outcome::Skip(
            "enrollment algorithm (alg2): Mbed TLS extension".into(),
        ));
    }
    let key_type = K::from_raw(*key_type as u16);
    let source = KeyAttributes::new(key_type, 0)
        .with_usage(Usage::from_raw(*src_usage as u32).with_implications())
        .with_algorithm(A::from_raw(*src_alg as u32));
    let mut target = if *copy_attrs != 0 {
        source
    } else {
        KeyAttributes::default()
    };
    if *tgt_usage != -1 {
        target.set_usage(Usage::from_raw(*tgt_usage as u32));
    }
    if *tgt_alg != -1 {
        target.set_algorithm(A::from_raw(*tgt_alg as u32));
    }
    policy::check_usage(&source, Usage::COPY).map_err(|e| format!("source not copyable: {e}"))?;
    let (usage, alg) =
        policy::intersect_policy(&source, &target).map_err(|e| format!("intersection: {e}"))?;
    let got = (usage.with_implications(), alg);
    let want = (
        Usage::from_raw(*exp_usage as u32),
        A::from_raw(*exp_alg as u32),
    );
    if got == want {
        Ok(Outcome::Pass)
    } else {
        Err(format!("got {got:?}, expected {want:?}"))
    }
}

/// `mac_key_policy`: the status of MAC setup for signing and for verification is the
/// policy check followed by the MAC / key validation.
fn mac_key_policy(case: &Case, v: &[i64]) -> Result<Outcome, String> {
    let [
        usage,
        policy_alg,
        key_type,
        _data,
        exercise,
        want_sign,
        want_verify,
    ] = v
    else {
        return Err(format!("expected 7 arguments, found {}", v.len()));
    };
    let key_type = K::from_raw(*key_type as u16);
    let key_bits = case.bytes(3).map_err(|e| e.to_string())?.len() * 8;
    let attrs = KeyAttributes::new(key_type, key_bits as u32)
        .with_usage(Usage::from_raw(*usage as u32).with_implications())
        .with_algorithm(A::from_raw(*policy_alg as u32));
    let alg = A::from_raw(*exercise as u32);
    let setup = |u: Usage| {
        policy::check_use(&attrs, u, alg)
            .and_then(|()| policy::validate_mac(key_type, key_bits, alg).map(|_| ()))
    };
    expect_status(status(setup(Usage::SIGN_MESSAGE)), *want_sign, "sign")?;
    expect_status(status(setup(Usage::VERIFY_MESSAGE)), *want_verify, "verify")?;
    Ok(Outcome::Pass)
}

/// `import_with_data` for unstructured types.
fn import_with_data(case: &Case, v: &[i64]) -> Result<Outcome, String> {
    let [_data, key_type, bits, want] = v else {
        return Err(format!("expected 4 arguments, found {}", v.len()));
    };
    let key_type = K::from_raw(*key_type as u16);
    let len = case.bytes(0).map_err(|e| e.to_string())?.len();
    let got = policy::validate_import(key_type, *bits as u32, len).map(|_| ());
    expect_status(status(got), *want, "import")?;
    Ok(Outcome::Pass)
}

/// `import_large_key` (type, size in bytes, expected status) for unstructured types.
fn import_large_key(v: &[i64]) -> Result<Outcome, String> {
    let [key_type, bytes, want] = v else {
        return Err(format!("expected 3 arguments, found {}", v.len()));
    };
    let got = policy::validate_key_bits_for_import(K::from_raw(*key_type as u16), *bytes as usize);
    expect_status(status(got.map(|_| ())), *want, "import")?;
    Ok(Outcome::Pass)
}

/// `generate_key` for unstructured types, in both the main suite (type, bits, usage,
/// alg, expected, is_large) and the generated file (type, bits, expected).
fn generate_key(v: &[i64]) -> Result<Outcome, String> {
    let (key_type, bits, want) = match v {
        [t, b, _, _, want, _] | [t, b, want] => (t, b, want),
        _ => return Err(format!("unexpected argument count {}", v.len())),
    };
    let Ok(bits) = u32::try_from(*bits) else {
        return Err(format!("bits {bits} out of range"));
    };
    let got = policy::validate_generate(K::from_raw(*key_type as u16), bits);
    expect_status(status(got), *want, "generate")?;
    Ok(Outcome::Pass)
}

/// The key type argument of a case, when the function takes one at a known position.
fn key_type_arg(case: &Case) -> Option<K> {
    let i = match case.function.as_str() {
        "import_with_data" => 1,
        "import_large_key" | "generate_key" => 0,
        _ => return None,
    };
    case.int(i).ok().map(|t| K::from_raw(t as u16))
}

/// Mbed TLS's test-driver location (`TEST_DRIVER_LOCATION`, 0x7fffff) appears in the
/// lifetimes of some copy cases; lifetimes do not affect the policy computed here, so the
/// name only needs a value.
fn local(name: &str) -> Option<i64> {
    (name == "TEST_DRIVER_LOCATION").then_some(0x7f_ffff)
}

/// `None` for cases this runner does not cover.
fn run_case(case: &Case) -> Option<Outcome> {
    const FUNCTIONS: [&str; 5] = [
        "copy_success",
        "mac_key_policy",
        "import_with_data",
        "import_large_key",
        "generate_key",
    ];
    if !FUNCTIONS.contains(&case.function.as_str()) {
        return None;
    }
    if key_type_arg(case).is_some_and(|t| !t.is_unstructured()) {
        return None;
    }
    if let Some(dep) = case.mbedtls_internal_dependency() {
        return Some(Outcome::Skip(format!("depends on Mbed TLS internal {dep}")));
    }
    let v: Result<Vec<i64>, EvalError> = case
        .args
        .iter()
        .map(|a| match a {
            strongroom_vectors::Arg::Expr(e) => strongroom_vectors::eval_with(e, &local),
            _ => Ok(0), // Data arguments are read by the runner itself.
        })
        .collect();
    let v = match v {
        Ok(v) => v,
        Err(EvalError::Unknown(n)) => return Some(Outcome::Skip(format!("unknown name {n}"))),
        Err(e) => return Some(Outcome::Fail(e.to_string())),
    };
    let result = match case.function.as_str() {
        "copy_success" => copy_success(case, &v),
        "mac_key_policy" => mac_key_policy(case, &v),
        "import_with_data" => import_with_data(case, &v),
        "import_large_key" => import_large_key(&v),
        _ => generate_key(&v),
    };
    Some(result.unwrap_or_else(Outcome::Fail))
}

#[test]
fn policy_conformance() {
    let mut tallies = Vec::new();
    for file in [MAIN, GENERATED] {
        let Some(path) = mbedtls_data_file(file) else {
            println!("{}", missing_vectors_notice(file));
            return;
        };
        let cases = parse_file(&path).expect("data file parses");
        let mut tally = Tally::new(format!("{file} (pure-policy subset)"));
        for case in &cases {
            if let Some(outcome) = run_case(case) {
                tally.record(case, outcome);
            }
        }
        tallies.push(tally);
    }
    let total = print_reports(&tallies);
    assert_eq!(
        total.failed(),
        0,
        "policy conformance failures:\n{}",
        total.report()
    );
    assert!(total.passed() > 0);
}
