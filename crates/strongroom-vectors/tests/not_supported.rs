//! Runs Mbed TLS's `test_suite_psa_crypto_not_supported.{generated,misc}.data` against the
//! `strongroom` API: importing or generating a key of a type the build does not support
//! must fail with exactly `PSA_ERROR_NOT_SUPPORTED` (and create nothing).
//!
//! Most generated cases are written for builds that leave out a type Strongroom
//! implements (`depends_on:!PSA_WANT_KEY_TYPE_AES`); they are skipped with that reason.
//! The ones that apply are the curves outside Strongroom's set (binary curves, secp192k1,
//! secp224k1, secp160r2, the brainpool curves other than 256 and 384) and the
//! never-supported types (`PSA_KEY_TYPE_NONE`, a bare category).

mod support;

use strongroom::{Crypto, KeyAttributes};
use strongroom_vectors::Case;
use support::report::{Report, Verdict, print_all};
use support::util::{Args, check, status, status_name, verdict};

const FILES: [&str; 2] = [
    "test_suite_psa_crypto_not_supported.generated.data",
    "test_suite_psa_crypto_not_supported.misc.data",
];

fn run_case(c: &Crypto, case: &Case) -> Verdict {
    if let Err(why) = support::deps::check(case) {
        return Verdict::Skip(why);
    }
    let args = Args(case);
    let r = (|| {
        let key_type = args.key_type(0)?;
        let before = c.volatile_keys().len();
        let (what, got) = match case.function.as_str() {
            "import_not_supported" => {
                let attrs = KeyAttributes::new(key_type, 0);
                ("import_key", c.import_key(&attrs, args.bytes(1)?))
            }
            "generate_not_supported" => {
                let bits = u32::try_from(args.size(1)?)
                    .map_err(|_| Verdict::Fail("bits out of range".into()))?;
                (
                    "generate_key",
                    c.generate_key(&KeyAttributes::new(key_type, bits)),
                )
            }
            f => return Err(Verdict::Fail(format!("unknown test function {f}"))),
        };
        if let Ok(id) = got {
            let _ = c.destroy_key(id);
        }
        let s = status(&got);
        check(
            s == i64::from(strongroom::Error::NotSupported.status()),
            || {
                format!(
                    "{what}({key_type:?}): got {}, expected PSA_ERROR_NOT_SUPPORTED",
                    status_name(s)
                )
            },
        )?;
        check(c.volatile_keys().len() == before, || {
            format!("{what} failed but left a key behind")
        })
    })();
    verdict(r)
}

#[test]
fn not_supported_conformance() {
    let c = Crypto::in_memory();
    let mut reports = Vec::new();
    for file in FILES {
        let Some(cases) = support::load(file) else {
            return;
        };
        let mut report = Report::new(file);
        for case in &cases {
            report.record(&support::label(case), run_case(&c, case));
        }
        reports.push(report);
    }
    let total = print_all("not_supported", &reports);
    total.assert_ok();
    assert!(total.passed() > 0, "no not-supported case ran");
}
