//! Runs `test_suite_psa_crypto_attributes.data` against `KeyAttributes`.
//!
//! Mbed TLS's `owner_id` arguments belong to its multi-tenant build option
//! (`MBEDTLS_PSA_CRYPTO_KEY_ID_ENCODES_OWNER`), which has no Strongroom counterpart: they
//! are ignored. `slot_number_attribute` tests Mbed TLS's secure-element extension and is
//! skipped with that reason.

use strongroom_types::{Algorithm, KeyAttributes, KeyId, KeyType, Lifetime, Usage};
use strongroom_vectors::{
    Case, EvalError, Outcome, Tally, mbedtls_data_file, missing_vectors_notice, parse_file,
    print_reports,
};

const FILE: &str = "test_suite_psa_crypto_attributes.data";

fn ints(case: &Case) -> Result<Vec<i64>, EvalError> {
    (0..case.args.len()).map(|i| case.int(i)).collect()
}

fn attributes_set_get(v: &[i64]) -> Result<(), String> {
    let [_owner, id, lifetime, usage, alg, key_type, bits] = v else {
        return Err(format!("expected 7 arguments, found {}", v.len()));
    };
    let (id, lifetime) = (
        KeyId::from_raw(*id as u32),
        Lifetime::from_raw(*lifetime as u32),
    );
    let (usage, alg) = (
        Usage::from_raw(*usage as u32),
        Algorithm::from_raw(*alg as u32),
    );
    let (key_type, bits) = (KeyType::from_raw(*key_type as u16), *bits as u32);
    let mut a = KeyAttributes::default();
    a.set_id(id);
    a.set_lifetime(lifetime);
    a.set_usage(usage);
    a.set_algorithm(alg);
    a.set_key_type(key_type);
    a.set_bits(bits);
    let got = (
        a.id(),
        a.lifetime(),
        a.usage(),
        a.algorithm(),
        a.key_type(),
        a.bits(),
    );
    let want = (id, lifetime, usage, alg, key_type, bits);
    if got != want {
        return Err(format!("got {got:?}, expected {want:?}"));
    }
    a.reset();
    if a != KeyAttributes::default() {
        return Err(format!("reset left {a:?}"));
    }
    Ok(())
}

fn persistence_attributes(v: &[i64]) -> Result<(), String> {
    let [
        id1,
        _owner1,
        lifetime,
        id2,
        _owner2,
        expected_id,
        _expected_owner,
        expected_lifetime,
    ] = v
    else {
        return Err(format!("expected 8 arguments, found {}", v.len()));
    };
    let mut a = KeyAttributes::default();
    if *id1 != -1 {
        a.set_id(KeyId::from_raw(*id1 as u32));
    }
    if *lifetime != -1 {
        a.set_lifetime(Lifetime::from_raw(*lifetime as u32));
    }
    if *id2 != -1 {
        a.set_id(KeyId::from_raw(*id2 as u32));
    }
    let want = (
        KeyId::from_raw(*expected_id as u32),
        Lifetime::from_raw(*expected_lifetime as u32),
    );
    if (a.id(), a.lifetime()) != want {
        return Err(format!(
            "got {:?}, expected {want:?}",
            (a.id(), a.lifetime())
        ));
    }
    Ok(())
}

fn run_case(case: &Case) -> Outcome {
    if case.function == "slot_number_attribute" {
        return Outcome::Skip("secure-element slot numbers: Mbed TLS extension".into());
    }
    let v = match ints(case) {
        Ok(v) => v,
        Err(EvalError::Unknown(n)) => return Outcome::Skip(format!("unknown name {n}")),
        Err(e) => return Outcome::Fail(e.to_string()),
    };
    let result = match case.function.as_str() {
        "attributes_set_get" => attributes_set_get(&v),
        "persistence_attributes" => persistence_attributes(&v),
        other => Err(format!("no runner for test function {other}")),
    };
    result.map_or_else(Outcome::Fail, |()| Outcome::Pass)
}

#[test]
fn attributes_conformance() {
    let Some(path) = mbedtls_data_file(FILE) else {
        println!("{}", missing_vectors_notice(FILE));
        return;
    };
    let cases = parse_file(&path).expect("the attributes data file parses");
    let mut tally = Tally::new(FILE);
    tally.run(&cases, run_case);
    let total = print_reports(&[tally]);
    assert_eq!(
        total.failed(),
        0,
        "attribute conformance failures:\n{}",
        total.report()
    );
    assert!(total.passed() > 0);
}
