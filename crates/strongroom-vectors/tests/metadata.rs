//! Runs every case of Mbed TLS's `test_suite_psa_crypto_metadata.data` against
//! `strongroom-types`.
//!
//! The Mbed TLS test functions are re-implemented from their parameter names and the
//! spec. `classification_flags` is an OR of Mbed TLS test-local flag names
//! (`ALG_IS_HASH_AND_SIGN`, `KEY_TYPE_IS_RSA`, …); their bit values are defined here, and
//! every classification method is checked to be true exactly for the flags a case gives,
//! as Mbed TLS's own metadata test does. Mbed TLS's DSA checks have no counterpart: DSA is
//! not part of the PSA spec.

use strongroom_types::{
    Algorithm as A, DhFamily, EccFamily, KeyType as K, Lifetime, policy, sizes,
};
use strongroom_vectors::{
    Case, EvalError, Outcome, Tally, eval_with, mbedtls_data_file, missing_vectors_notice,
    parse_file, print_reports,
};

const FILE: &str = "test_suite_psa_crypto_metadata.data";

type Check = Result<(), String>;

/// A table of named predicates.
type Named<T> = &'static [(&'static str, T)];

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

macro_rules! ensure_eq {
    ($left:expr, $right:expr) => {{
        let (l, r) = (&$left, &$right);
        if l != r {
            return Err(format!(
                "{} == {:?}, expected {} == {:?}",
                stringify!($left),
                l,
                stringify!($right),
                r
            ));
        }
    }};
}

// --- Test-local classification flags (bit values are ours) -------------------------

/// An algorithm classification flag: its name, its predicate, and whether it applies to
/// a given algorithm at all (Mbed TLS checks `ALG_ECDSA_IS_DETERMINISTIC` only for
/// ECDSA algorithms).
struct AlgFlag {
    name: &'static str,
    test: fn(A) -> bool,
    applies: fn(A) -> bool,
}

const fn flag(name: &'static str, test: fn(A) -> bool) -> AlgFlag {
    AlgFlag {
        name,
        test,
        applies: |_| true,
    }
}

const ALG_FLAGS: &[AlgFlag] = &[
    flag("ALG_IS_VENDOR_DEFINED", A::is_vendor_defined),
    flag("ALG_IS_HMAC", A::is_hmac),
    flag("ALG_IS_BLOCK_CIPHER_MAC", A::is_block_cipher_mac),
    flag("ALG_IS_STREAM_CIPHER", A::is_stream_cipher),
    flag("ALG_IS_RSA_PKCS1V15_SIGN", A::is_rsa_pkcs1v15_sign),
    flag("ALG_IS_RSA_PSS", A::is_rsa_pss),
    flag("ALG_IS_RSA_PSS_ANY_SALT", A::is_rsa_pss_any_salt),
    flag("ALG_IS_RSA_PSS_STANDARD_SALT", A::is_rsa_pss_standard_salt),
    flag("ALG_IS_ECDSA", A::is_ecdsa),
    AlgFlag {
        name: "ALG_ECDSA_IS_DETERMINISTIC",
        test: |a| a.raw() & 0x100 != 0,
        applies: A::is_ecdsa,
    },
    flag("ALG_IS_DETERMINISTIC_ECDSA", A::is_deterministic_ecdsa),
    flag("ALG_IS_RANDOMIZED_ECDSA", A::is_randomized_ecdsa),
    flag("ALG_IS_HASH_EDDSA", A::is_hash_eddsa),
    flag("ALG_IS_SIGN_HASH", A::is_sign_hash),
    flag("ALG_IS_HASH_AND_SIGN", A::is_hash_and_sign),
    flag("ALG_IS_RSA_OAEP", A::is_rsa_oaep),
    flag("ALG_IS_HKDF", A::is_hkdf),
    flag("ALG_IS_HKDF_EXTRACT", A::is_hkdf_extract),
    flag("ALG_IS_HKDF_EXPAND", A::is_hkdf_expand),
    flag("ALG_IS_WILDCARD", A::is_wildcard),
    flag("ALG_IS_ECDH", A::is_ecdh),
    flag("ALG_IS_FFDH", A::is_ffdh),
    flag("ALG_IS_RAW_KEY_AGREEMENT", A::is_raw_key_agreement),
    flag("ALG_IS_AEAD_ON_BLOCK_CIPHER", A::is_aead_on_block_cipher),
    flag("ALG_IS_TLS12_PRF", A::is_tls12_prf),
    flag("ALG_IS_TLS12_PSK_TO_MS", A::is_tls12_psk_to_ms),
    flag("ALG_IS_PBKDF2_HMAC", A::is_pbkdf2_hmac),
    flag(
        "ALG_IS_SP800_108_COUNTER_HMAC",
        A::is_sp800_108_counter_hmac,
    ),
    flag(
        "ALG_IS_KEY_DERIVATION_STRETCHING",
        A::is_key_derivation_stretching,
    ),
];

const KEY_TYPE_FLAGS: Named<fn(K) -> bool> = &[
    ("KEY_TYPE_IS_VENDOR_DEFINED", K::is_vendor_defined),
    ("KEY_TYPE_IS_UNSTRUCTURED", K::is_unstructured),
    ("KEY_TYPE_IS_PUBLIC_KEY", K::is_public_key),
    ("KEY_TYPE_IS_KEY_PAIR", K::is_key_pair),
    ("KEY_TYPE_IS_RSA", K::is_rsa),
    ("KEY_TYPE_IS_ECC", K::is_ecc),
    ("KEY_TYPE_IS_DH", K::is_dh),
];

const LIFETIME_FLAGS: Named<fn(Lifetime) -> bool> = &[
    ("KEY_LIFETIME_IS_VOLATILE", Lifetime::is_volatile),
    ("KEY_LIFETIME_IS_READ_ONLY", Lifetime::is_read_only),
];

/// Bit `i` of a flag word is the `i`-th name of ALG_FLAGS, then KEY_TYPE_FLAGS, then
/// LIFETIME_FLAGS.
fn flag_bit(name: &str) -> Option<u64> {
    let names = ALG_FLAGS
        .iter()
        .map(|f| f.name)
        .chain(KEY_TYPE_FLAGS.iter().map(|f| f.0))
        .chain(LIFETIME_FLAGS.iter().map(|f| f.0));
    names
        .enumerate()
        .find(|(_, n)| *n == name)
        .map(|(i, _)| 1 << i)
}

fn bit(name: &str) -> u64 {
    // Only called with names from the tables above.
    flag_bit(name).unwrap_or(0)
}

fn local(name: &str) -> Option<i64> {
    flag_bit(name).map(|b| b as i64)
}

// --- Shared checks -----------------------------------------------------------------

const CATEGORIES: Named<fn(A) -> bool> = &[
    ("HASH", A::is_hash),
    ("MAC", A::is_mac),
    ("CIPHER", A::is_cipher),
    ("AEAD", A::is_aead),
    ("SIGN", A::is_sign),
    ("ASYMMETRIC_ENCRYPTION", A::is_asymmetric_encryption),
    ("KEY_AGREEMENT", A::is_key_agreement),
    ("KEY_DERIVATION", A::is_key_derivation),
    ("PAKE", A::is_pake),
];

/// Exactly one category predicate is true, and it is `category`.
fn check_category(alg: A, category: &str) -> Check {
    for (name, test) in CATEGORIES {
        ensure!(
            test(alg) == (*name == category),
            "{alg:?}: PSA_ALG_IS_{name} is {}, expected {}",
            test(alg),
            *name == category
        );
    }
    Ok(())
}

fn algorithm_classification(alg: A, flags: u64) -> Check {
    let mut tested = 0;
    for f in ALG_FLAGS {
        let b = bit(f.name);
        if (f.applies)(alg) {
            let expected = flags & b != 0;
            ensure!(
                (f.test)(alg) == expected,
                "{alg:?}: {} is {}, expected {expected}",
                f.name,
                (f.test)(alg)
            );
            tested |= b;
        }
    }
    let alg_bits = ALG_FLAGS.iter().fold(0, |acc, f| acc | bit(f.name));
    ensure!(
        flags & alg_bits & !tested == 0,
        "{alg:?}: flag given for an untested property"
    );
    // Debug must name the algorithm without panicking.
    ensure!(!format!("{alg:?}").is_empty(), "empty Debug");
    Ok(())
}

fn key_type_classification(t: K, flags: u64) -> Check {
    for (name, test) in KEY_TYPE_FLAGS {
        let expected = flags & bit(name) != 0;
        ensure!(
            test(t) == expected,
            "{t:?}: {name} is {}, expected {expected}",
            test(t)
        );
    }
    ensure_eq!(t.is_asymmetric(), t.is_public_key() || t.is_key_pair());
    ensure_eq!(t.is_ecc_key_pair(), t.is_ecc() && t.is_key_pair());
    ensure_eq!(t.is_ecc_public_key(), t.is_ecc() && t.is_public_key());
    ensure_eq!(t.is_dh_key_pair(), t.is_dh() && t.is_key_pair());
    ensure_eq!(t.is_dh_public_key(), t.is_dh() && t.is_public_key());
    ensure!(t.is_valid_parity(), "{t:?} has odd parity");
    ensure!(
        !format!("{t:?}").starts_with("KeyType("),
        "{t:?} has no spec name in Debug"
    );
    Ok(())
}

fn test_key_type(t: K, flags: u64) -> Check {
    key_type_classification(t, flags)?;
    let public = bit("KEY_TYPE_IS_PUBLIC_KEY");
    let pair = bit("KEY_TYPE_IS_KEY_PAIR");
    if flags & public != 0 {
        let pair_type = t.key_pair_of_public();
        ensure_eq!(pair_type.public_key_of_pair(), t);
        key_type_classification(pair_type, (flags & !public) | pair)?;
        ensure_eq!(t.public_key_of_pair(), t);
    }
    if flags & pair != 0 {
        let public_type = t.public_key_of_pair();
        ensure_eq!(public_type.key_pair_of_public(), t);
        key_type_classification(public_type, (flags & !pair) | public)?;
        ensure_eq!(t.key_pair_of_public(), t);
    }
    Ok(())
}

// --- The test functions ------------------------------------------------------------

fn hash_algorithm(alg: A, length: usize) -> Check {
    check_category(alg, "HASH")?;
    algorithm_classification(alg, 0)?;
    ensure_eq!(A::hmac(alg).hmac_get_hash(), Some(alg));
    ensure_eq!(A::rsa_pkcs1v15_sign(alg).sign_get_hash(), Some(alg));
    ensure_eq!(A::rsa_pss(alg).sign_get_hash(), Some(alg));
    ensure_eq!(A::rsa_pss_any_salt(alg).sign_get_hash(), Some(alg));
    ensure_eq!(A::ecdsa(alg).sign_get_hash(), Some(alg));
    ensure_eq!(A::deterministic_ecdsa(alg).sign_get_hash(), Some(alg));
    ensure_eq!(A::rsa_oaep(alg).hash(), Some(alg));
    ensure_eq!(A::hkdf(alg).hash(), Some(alg));
    ensure_eq!(alg.hash_length(), Some(length));
    ensure!(length <= sizes::HASH_MAX_SIZE, "{length} > HASH_MAX_SIZE");
    Ok(())
}

fn mac_algorithm_core(alg: A, flags: u64, key_type: K, key_bits: usize, length: usize) -> Check {
    check_category(alg, "MAC")?;
    algorithm_classification(alg, flags)?;
    ensure_eq!(sizes::mac_length(key_type, key_bits, alg), Some(length));
    ensure!(
        policy::mac_key_can_do(alg, key_type),
        "{alg:?} cannot use {key_type:?}"
    );
    Ok(())
}

fn mac_algorithm(alg: A, flags: u64, length: usize, key_type: K, key_bits: usize) -> Check {
    mac_algorithm_core(alg, flags, key_type, key_bits, length)?;
    ensure_eq!(A::full_length_mac(alg), alg);
    ensure!(length <= sizes::MAC_MAX_SIZE, "{length} > MAC_MAX_SIZE");
    for n in 1..=length {
        let truncated = A::truncated_mac(alg, n);
        mac_algorithm_core(truncated, flags, key_type, key_bits, n)?;
        ensure_eq!(A::full_length_mac(truncated), alg);
        // Truncating twice keeps the outer length, even when it is longer.
        for m in [1, length - 1, length] {
            ensure_eq!(A::truncated_mac(truncated, m), A::truncated_mac(alg, m));
        }
        // Truncating an at-least-this-length wildcard drops the wildcard flag, and
        // making a wildcard of a wildcard keeps it.
        let policy_alg = A::at_least_this_length_mac(alg, n);
        mac_algorithm_core(
            policy_alg,
            flags | bit("ALG_IS_WILDCARD"),
            key_type,
            key_bits,
            n,
        )?;
        ensure_eq!(A::full_length_mac(policy_alg), alg);
        for m in [1, length - 1, length] {
            ensure_eq!(A::truncated_mac(policy_alg, m), A::truncated_mac(alg, m));
            ensure_eq!(
                A::at_least_this_length_mac(policy_alg, m),
                A::at_least_this_length_mac(alg, m)
            );
        }
    }
    Ok(())
}

fn hmac_algorithm(alg: A, length: usize, block_size: usize) -> Check {
    let hash = alg
        .hmac_get_hash()
        .ok_or_else(|| format!("{alg:?} has no HMAC hash"))?;
    ensure!(hash.is_hash(), "{hash:?} is not a hash");
    ensure_eq!(A::hmac(hash), alg);
    ensure_eq!(alg.hash_block_size(), Some(block_size));
    ensure!(
        block_size <= sizes::HASH_BLOCK_MAX_SIZE,
        "{block_size} > HASH_BLOCK_MAX_SIZE"
    );
    mac_algorithm(alg, bit("ALG_IS_HMAC"), length, K::HMAC, length * 8)?;
    for n in 1..=length {
        ensure_eq!(A::truncated_mac(alg, n).hmac_get_hash(), Some(hash));
    }
    Ok(())
}

fn cipher_algorithm(alg: A, flags: u64) -> Check {
    check_category(alg, "CIPHER")?;
    algorithm_classification(alg, flags)
}

fn aead_algorithm_core(alg: A, flags: u64, key_type: K, key_bits: usize, tag: usize) -> Check {
    check_category(alg, "AEAD")?;
    algorithm_classification(alg, flags)?;
    ensure_eq!(sizes::aead_tag_length(key_type, key_bits, alg), Some(tag));
    Ok(())
}

fn aead_algorithm(alg: A, flags: u64, tag_length: usize, key_type: K, key_bits: usize) -> Check {
    aead_algorithm_core(alg, flags, key_type, key_bits, tag_length)?;
    ensure!(
        tag_length <= sizes::AEAD_TAG_MAX_SIZE,
        "{tag_length} > AEAD_TAG_MAX_SIZE"
    );
    for n in 1..=tag_length {
        let truncated = A::aead_with_shortened_tag(alg, n);
        aead_algorithm_core(truncated, flags, key_type, key_bits, n)?;
        ensure_eq!(A::aead_with_default_length_tag(truncated), alg);
        for m in [1, tag_length - 1, tag_length] {
            ensure_eq!(
                A::aead_with_shortened_tag(truncated, m),
                A::aead_with_shortened_tag(alg, m)
            );
        }
        let policy_alg = A::aead_with_at_least_this_length_tag(alg, n);
        aead_algorithm_core(
            policy_alg,
            flags | bit("ALG_IS_WILDCARD"),
            key_type,
            key_bits,
            n,
        )?;
        ensure_eq!(A::aead_with_default_length_tag(policy_alg), alg);
        for m in [1, tag_length - 1, tag_length] {
            ensure_eq!(
                A::aead_with_shortened_tag(policy_alg, m),
                A::aead_with_shortened_tag(alg, m)
            );
            ensure_eq!(
                A::aead_with_at_least_this_length_tag(policy_alg, m),
                A::aead_with_at_least_this_length_tag(alg, m)
            );
        }
    }
    Ok(())
}

fn asymmetric_signature_algorithm(alg: A, flags: u64) -> Check {
    check_category(alg, "SIGN")?;
    algorithm_classification(alg, flags)
}

fn asymmetric_signature_wildcard(alg: A, flags: u64) -> Check {
    let flags =
        flags | bit("ALG_IS_WILDCARD") | bit("ALG_IS_SIGN_HASH") | bit("ALG_IS_HASH_AND_SIGN");
    asymmetric_signature_algorithm(alg, flags)?;
    ensure_eq!(alg.sign_get_hash(), Some(A::ANY_HASH));
    Ok(())
}

fn asymmetric_encryption_algorithm(alg: A, flags: u64) -> Check {
    check_category(alg, "ASYMMETRIC_ENCRYPTION")?;
    algorithm_classification(alg, flags)
}

fn key_derivation_algorithm(alg: A, flags: u64) -> Check {
    check_category(alg, "KEY_DERIVATION")?;
    algorithm_classification(alg, flags)?;
    for ka in [A::ECDH, A::FFDH] {
        let combined = A::key_agreement(ka, alg);
        ensure!(
            combined.is_key_agreement(),
            "{combined:?} is not a key agreement"
        );
        ensure_eq!(combined.key_agreement_get_kdf(), alg);
        ensure_eq!(combined.key_agreement_get_base(), ka);
    }
    Ok(())
}

fn key_agreement_algorithm(alg: A, flags: u64, ka: A, kdf: A) -> Check {
    check_category(alg, "KEY_AGREEMENT")?;
    algorithm_classification(alg, flags)?;
    ensure_eq!(alg.key_agreement_get_base(), ka);
    ensure_eq!(alg.key_agreement_get_kdf(), kdf);
    Ok(())
}

fn pake_algorithm(alg: A) -> Check {
    check_category(alg, "PAKE")?;
    algorithm_classification(alg, 0)
}

fn block_cipher_key_type(t: K, block_size: usize) -> Check {
    test_key_type(t, bit("KEY_TYPE_IS_UNSTRUCTURED"))?;
    ensure!(t.is_symmetric(), "{t:?} is not in the symmetric category");
    ensure_eq!(t.block_size(), Some(block_size));
    ensure!(
        block_size.is_power_of_two(),
        "block size {block_size} is not a power of 2"
    );
    Ok(())
}

fn stream_cipher_key_type(t: K) -> Check {
    test_key_type(t, bit("KEY_TYPE_IS_UNSTRUCTURED"))?;
    ensure!(t.is_symmetric(), "{t:?} is not in the symmetric category");
    ensure_eq!(t.block_size(), Some(1));
    Ok(())
}

fn ecc_key_family(family: EccFamily) -> Check {
    ensure!(
        family.raw().count_ones().is_multiple_of(2),
        "{family:?} has odd parity"
    );
    ensure!(family.name().is_some(), "{family:?} has no name");
    let public = K::ecc_public_key(family);
    let pair = K::ecc_key_pair(family);
    test_key_type(
        public,
        bit("KEY_TYPE_IS_ECC") | bit("KEY_TYPE_IS_PUBLIC_KEY"),
    )?;
    test_key_type(pair, bit("KEY_TYPE_IS_ECC") | bit("KEY_TYPE_IS_KEY_PAIR"))?;
    ensure_eq!(public.ecc_family(), Some(family));
    ensure_eq!(pair.ecc_family(), Some(family));
    Ok(())
}

fn dh_key_family(family: DhFamily) -> Check {
    ensure!(
        family.raw().count_ones().is_multiple_of(2),
        "{family:?} has odd parity"
    );
    let public = K::dh_public_key(family);
    let pair = K::dh_key_pair(family);
    test_key_type(
        public,
        bit("KEY_TYPE_IS_DH") | bit("KEY_TYPE_IS_PUBLIC_KEY"),
    )?;
    test_key_type(pair, bit("KEY_TYPE_IS_DH") | bit("KEY_TYPE_IS_KEY_PAIR"))?;
    ensure_eq!(public.dh_family(), Some(family));
    ensure_eq!(pair.dh_family(), Some(family));
    Ok(())
}

fn lifetime(l: Lifetime, flags: u64, persistence: i64, location: i64) -> Check {
    for (name, test) in LIFETIME_FLAGS {
        let expected = flags & bit(name) != 0;
        ensure!(
            test(l) == expected,
            "{l:?}: {name} is {}, expected {expected}",
            test(l)
        );
    }
    ensure_eq!(i64::from(l.persistence()), persistence);
    ensure_eq!(i64::from(l.location()), location);
    ensure_eq!(
        Lifetime::from_persistence_and_location(l.persistence(), l.location()),
        l
    );
    Ok(())
}

// --- Dispatch ----------------------------------------------------------------------

/// Argument evaluation failed: an unknown name is a skip with that reason; anything
/// else is a broken vector or evaluator, hence a failure.
fn eval_failure(e: EvalError) -> Outcome {
    match e {
        EvalError::Unknown(name) => Outcome::Skip(format!("unknown name {name}")),
        other => Outcome::Fail(format!("cannot evaluate arguments: {other}")),
    }
}

fn run_case(case: &Case) -> Outcome {
    if let Some(dep) = case.mbedtls_internal_dependency() {
        return Outcome::Skip(format!("depends on Mbed TLS internal {dep}"));
    }
    let ints: Result<Vec<i64>, EvalError> = case
        .args
        .iter()
        .map(|a| match a {
            strongroom_vectors::Arg::Expr(e) => eval_with(e, &local),
            _ => Err(EvalError::NotAnExpression),
        })
        .collect();
    let v = match ints {
        Ok(v) => v,
        Err(e) => return eval_failure(e),
    };
    let want = |n: usize| -> Result<(), String> {
        if v.len() == n {
            Ok(())
        } else {
            Err(format!("expected {n} arguments, found {}", v.len()))
        }
    };
    let alg = |i: usize| A::from_raw(v[i] as u32);
    let kt = |i: usize| K::from_raw(v[i] as u16);
    let us = |i: usize| v[i] as usize;
    let fl = |i: usize| v[i] as u64;
    let result = match case.function.as_str() {
        "hash_algorithm" => want(2).and_then(|()| hash_algorithm(alg(0), us(1))),
        "mac_algorithm" => want(5).and_then(|()| mac_algorithm(alg(0), fl(1), us(2), kt(3), us(4))),
        "hmac_algorithm" => want(3).and_then(|()| hmac_algorithm(alg(0), us(1), us(2))),
        "cipher_algorithm" => want(2).and_then(|()| cipher_algorithm(alg(0), fl(1))),
        "aead_algorithm" => {
            want(5).and_then(|()| aead_algorithm(alg(0), fl(1), us(2), kt(3), us(4)))
        }
        "asymmetric_signature_algorithm" => {
            want(2).and_then(|()| asymmetric_signature_algorithm(alg(0), fl(1)))
        }
        "asymmetric_signature_wildcard" => {
            want(2).and_then(|()| asymmetric_signature_wildcard(alg(0), fl(1)))
        }
        "asymmetric_encryption_algorithm" => {
            want(2).and_then(|()| asymmetric_encryption_algorithm(alg(0), fl(1)))
        }
        "key_derivation_algorithm" => {
            want(2).and_then(|()| key_derivation_algorithm(alg(0), fl(1)))
        }
        "key_agreement_algorithm" => {
            want(4).and_then(|()| key_agreement_algorithm(alg(0), fl(1), alg(2), alg(3)))
        }
        "pake_algorithm" => want(1).and_then(|()| pake_algorithm(alg(0))),
        "key_type" => want(2).and_then(|()| test_key_type(kt(0), fl(1))),
        "block_cipher_key_type" => want(2).and_then(|()| block_cipher_key_type(kt(0), us(1))),
        "stream_cipher_key_type" => want(1).and_then(|()| stream_cipher_key_type(kt(0))),
        "ecc_key_family" => want(1).and_then(|()| ecc_key_family(EccFamily::from_raw(v[0] as u8))),
        "dh_key_family" => want(1).and_then(|()| dh_key_family(DhFamily::from_raw(v[0] as u8))),
        "lifetime" => {
            want(4).and_then(|()| lifetime(Lifetime::from_raw(v[0] as u32), fl(1), v[2], v[3]))
        }
        other => Err(format!("no runner for test function {other}")),
    };
    match result {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail(why),
    }
}

#[test]
fn metadata_conformance() {
    let Some(path) = mbedtls_data_file(FILE) else {
        println!("{}", missing_vectors_notice(FILE));
        return;
    };
    let cases = parse_file(&path).expect("the metadata data file parses");
    let mut tally = Tally::new(FILE);
    tally.run(&cases, run_case);
    let total = print_reports(&[tally]);
    assert_eq!(
        total.failed(),
        0,
        "metadata conformance failures:\n{}",
        total.report()
    );
    assert!(total.passed() > 0, "no metadata case ran");
}

#[test]
fn flag_bits_are_distinct() {
    let mut seen = 0u64;
    for name in ALG_FLAGS
        .iter()
        .map(|f| f.name)
        .chain(KEY_TYPE_FLAGS.iter().map(|f| f.0))
    {
        let b = bit(name);
        assert_ne!(b, 0, "{name}");
        assert_eq!(seen & b, 0, "{name}");
        seen |= b;
    }
}
