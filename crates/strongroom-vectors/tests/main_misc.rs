//! The functions of Mbed TLS's main suite (`test_suite_psa_crypto.data`) that belong to no
//! algorithm family — key management (import, copy, policy, attributes), hashes, MACs,
//! random generation and generation of unstructured keys — and the persistent-key and
//! slot-management suites. Each Mbed TLS test function is re-implemented over the
//! `strongroom` API (`main_misc/{keys,hash,mac,random,storage}.rs`). The cipher, AEAD,
//! key-derivation and asymmetric functions of the main suite are run by those families'
//! runners and are not counted here, nor are the asymmetric cases of `import_with_data`
//! and `generate_key`.
//!
//! Checks that Rust's types make impossible are not run: calling a setup function on an
//! operation that is already active (setup returns a new operation) and poking an
//! operation's private fields (Mbed TLS's `operation.id = UINT_MAX`). Mbed TLS's
//! enrollment algorithm (`alg2`) is an Mbed TLS extension: those cases are skipped.

mod support;

#[path = "main_misc/hash.rs"]
mod hash;
#[path = "main_misc/keys.rs"]
mod keys;
#[path = "main_misc/mac.rs"]
mod mac;
#[path = "main_misc/random.rs"]
mod random;
#[path = "main_misc/storage.rs"]
mod storage;

use hash::*;
use keys::*;
use mac::*;
use random::*;

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
        // A truncated MAC length must fit the 6-bit field of the encoding
        // (PSA_ALG_MAC_TRUNCATION_MASK >> PSA_MAC_TRUNCATION_OFFSET = 0x3f).
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

/// The persistent-key and slot-management suites (see `main_misc/storage.rs`).
const STORAGE_SUITES: [&str; 2] = [
    "test_suite_psa_crypto_persistent_key.data",
    "test_suite_psa_crypto_slot_management.data",
];

#[test]
fn storage_suites_conformance() {
    let mut reports = Vec::new();
    let mut session = storage::Session::new();
    for file in STORAGE_SUITES {
        let Some(cases) = support::load(file) else {
            return;
        };
        let mut report = Report::new(file);
        for case in &cases {
            let v = storage::run_storage_case(&mut session, case);
            report.record(&support::label(case), v);
        }
        reports.push(report);
    }
    let total = print_all("persistent keys and slots", &reports);
    total.assert_ok();
    assert!(total.passed() > 0, "no case ran");
}
