//! Key generation conformance:
//! - `test_suite_psa_crypto_generate_key.generated.data`: `psa_generate_key` of every key
//!   type at its sizes succeeds (key pairs, symmetric and raw types) or fails with
//!   `INVALID_ARGUMENT` (public-key types); a generated key has exactly the requested type
//!   and size and the (empty) policy it was given;
//! - `test_suite_psa_crypto_ecp.data`: Mbed TLS's unit test of its internal ECC generator
//!   (`mbedtls_psa_ecp_generate_key`), run through the public API: generate a key pair of
//!   the family and size, then export it into a buffer of the case's size (success or
//!   `BUFFER_TOO_SMALL`), and check the exported private key has the curve's length, is
//!   not all zero and has no bit set above the curve size. Mbed TLS's statistics over 256
//!   generations and its Montgomery clamping check test its own generator and are not
//!   run. An unknown family or a size the family does not have must be `NOT_SUPPORTED`; a
//!   size of 0 may also be `INVALID_ARGUMENT` through the public API (the spec allows
//!   either for an invalid size).
//!
//! The main suite's `generate_key` cases of unstructured types are run by `main_misc.rs`.

mod support;

use strongroom::{Crypto, EccFamily, Error, KeyAttributes, KeyType, Lifetime, Usage};
use strongroom_vectors::Case;
use support::report::{Report, Verdict, print_all};
use support::util::{Args, Key, check, expect, ok, status, status_name, verdict};

const GENERATED: &str = "test_suite_psa_crypto_generate_key.generated.data";
const ECP: &str = "test_suite_psa_crypto_ecp.data";

fn bits_arg(a: &Args, i: usize) -> Result<u32, Verdict> {
    u32::try_from(a.size(i)?).map_err(|_| Verdict::Fail(format!("argument {i}: bits out of range")))
}

/// The generated suite: `generate_key(type, bits, expected)`.
fn generated(c: &Crypto, a: &Args) -> Result<(), Verdict> {
    let (key_type, bits, want) = (a.key_type(0)?, bits_arg(a, 1)?, a.int(2)?);
    let subject = format!("{key_type:?}");
    let r = c.generate_key(&KeyAttributes::new(key_type, bits));
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    expect("generate_key", &subject, &r, want)?;
    let Some(key) = key else { return Ok(()) };
    let got = ok("key_attributes", &subject, c.key_attributes(key.id))?;
    check(got.lifetime() == Lifetime::VOLATILE, || {
        format!("lifetime {:?}", got.lifetime())
    })?;
    check(got.usage() == Usage::empty(), || {
        format!("usage {:?}", got.usage())
    })?;
    check(got.algorithm() == strongroom::Algorithm::NONE, || {
        format!("algorithm {:?}", got.algorithm())
    })?;
    check(got.key_type() == key_type, || {
        format!("type {:?}", got.key_type())
    })?;
    check(got.bits() == bits, || format!("bits {}", got.bits()))
}

/// The ECC generator suite: `generate_key(family, bits, output_size, expected)`.
fn ecp(c: &Crypto, a: &Args) -> Result<(), Verdict> {
    let family = EccFamily::from_raw(a.int(0)? as u8);
    let (bits, out_size, want) = (bits_arg(a, 1)?, a.size(2)?, a.int(3)?);
    let key_type = KeyType::ecc_key_pair(family);
    let subject = format!("{key_type:?}");
    let attrs = KeyAttributes::new(key_type, bits).with_usage(Usage::EXPORT);
    let r = c.generate_key(&attrs);
    let key = r.as_ref().ok().map(|id| Key::adopt(c, *id));
    let not_supported = i64::from(Error::NotSupported.status());
    if want == not_supported {
        let s = status(&r);
        let invalid = i64::from(Error::InvalidArgument.status());
        return check(s == not_supported || (bits == 0 && s == invalid), || {
            format!("generate_key({key_type:?}, {bits}): got {}", status_name(s))
        });
    }
    ok("generate_key", &subject, r)?;
    let key = key.ok_or_else(|| Verdict::Fail("no key".into()))?;
    let mut out = vec![0u8; out_size];
    let r = c.export_key(key.id, &mut out);
    expect("export_key", &subject, &r, want)?;
    let Ok(n) = r else { return Ok(()) };
    let bytes = (bits as usize).div_ceil(8);
    check(n == bytes, || {
        format!("export_key: {n} bytes, expected {bytes}")
    })?;
    check(out[..n].iter().any(|b| *b != 0), || {
        "exported key is all zero".into()
    })?;
    if bits % 8 != 0 && family != EccFamily::MONTGOMERY {
        // Big-endian scalar: nothing above the curve size.
        let mask = 0xffu8 << (bits % 8);
        check(out[0] & mask == 0, || {
            format!("top byte {:#04x} has bits above {bits}", out[0])
        })?;
    }
    Ok(())
}

fn run_case(c: &Crypto, case: &Case, ecp_file: bool) -> Verdict {
    if let Err(why) = support::deps::check(case) {
        return Verdict::Skip(why);
    }
    let a = Args(case);
    let r = match (case.function.as_str(), ecp_file) {
        ("generate_key", false) => generated(c, &a),
        ("generate_key", true) => ecp(c, &a),
        (f, _) => Err(Verdict::Fail(format!("unknown test function {f}"))),
    };
    verdict(r)
}

#[test]
fn generate_key_conformance() {
    let c = Crypto::in_memory();
    let mut reports = Vec::new();
    for (file, ecp_file) in [(GENERATED, false), (ECP, true)] {
        let Some(cases) = support::load(file) else {
            return;
        };
        let mut report = Report::new(file);
        for case in &cases {
            report.record(&support::label(case), run_case(&c, case, ecp_file));
        }
        reports.push(report);
    }
    let total = print_all("generate_key", &reports);
    total.assert_ok();
    assert!(total.passed() > 0, "no generate_key case ran");
}
