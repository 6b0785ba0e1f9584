//! Small helpers shared by the runners: status comparison with the not-yet rule, argument
//! access, key import and clean-up.

use strongroom::{
    Algorithm, Crypto, Error, KeyAttributes, KeyId, KeyType, Result as PsaResult, Usage,
};
use strongroom_vectors::{Arg, Case};

use super::deps;
use super::report::Verdict;

/// The PSA status of a result, as the vectors write it (`0` or a negative code).
pub fn status<T>(r: &PsaResult<T>) -> i64 {
    i64::from(strongroom_types::status_of(r))
}

/// The name of a status (`PSA_SUCCESS`, `PSA_ERROR_…`), or the number.
pub fn status_name(s: i64) -> String {
    i32::try_from(s)
        .ok()
        .and_then(strongroom_types::status_name)
        .map_or_else(|| s.to_string(), str::to_owned)
}

/// `NOT_SUPPORTED` as the vectors write it.
pub fn not_supported() -> i64 {
    i64::from(Error::NotSupported.status())
}

/// `INVALID_ARGUMENT` as the vectors write it.
pub fn invalid_argument() -> i64 {
    i64::from(Error::InvalidArgument.status())
}

/// A short name for an algorithm's family, to group not-yet reasons
/// (`HMAC(SHA_256)` → `HMAC`, `AEAD_WITH_SHORTENED_TAG(CCM, 8)` → `CCM`).
pub fn family(alg: Algorithm) -> String {
    if alg.is_hash() {
        return format!("{alg:?}");
    }
    let base = if alg.is_mac() {
        Algorithm::full_length_mac(alg)
    } else if alg.is_aead() {
        Algorithm::aead_with_default_length_tag(alg)
    } else if alg.is_key_agreement() && !alg.is_raw_key_agreement() {
        alg.key_agreement_get_base()
    } else {
        alg
    };
    let s = format!("{base:?}");
    match s.find('(') {
        Some(i) if !s.starts_with("Algorithm(") => s[..i].to_owned(),
        _ => s,
    }
}

/// Compares a step's status with the expected one.
///
/// A `NOT_SUPPORTED` where something else was expected is "not yet implemented" (the
/// runner only gets here for cases inside Strongroom's algorithm set); `subject` names
/// what was unsupported, coarsely, so that such cases group in the report.
pub fn expect<T>(step: &str, subject: &str, got: &PsaResult<T>, want: i64) -> Result<(), Verdict> {
    expect_code(step, subject, status(got), want)
}

/// [`expect`] on a status code.
pub fn expect_code(step: &str, subject: &str, got: i64, want: i64) -> Result<(), Verdict> {
    if got == want {
        Ok(())
    } else if got == not_supported() {
        Err(Verdict::NotYet(format!(
            "{step}: NOT_SUPPORTED [{subject}]"
        )))
    } else {
        Err(Verdict::Fail(format!(
            "{step}: got {}, expected {}",
            status_name(got),
            status_name(want)
        )))
    }
}

/// [`expect`] with success expected, returning the value.
pub fn ok<T>(step: &str, subject: &str, got: PsaResult<T>) -> Result<T, Verdict> {
    got.map_err(|e| {
        if e == Error::NotSupported {
            Verdict::NotYet(format!("{step}: NOT_SUPPORTED [{subject}]"))
        } else {
            Verdict::Fail(format!("{step}: got {}, expected PSA_SUCCESS", e.name()))
        }
    })
}

/// A failure verdict from a check that did not hold.
pub fn check(cond: bool, what: impl FnOnce() -> String) -> Result<(), Verdict> {
    if cond {
        Ok(())
    } else {
        Err(Verdict::Fail(what()))
    }
}

/// Collapses a runner's `Result<(), Verdict>` into a verdict.
pub fn verdict(r: Result<(), Verdict>) -> Verdict {
    r.err().unwrap_or(Verdict::Pass)
}

/// Case arguments, with failures reported as verdicts.
#[derive(Debug)]
pub struct Args<'a>(pub &'a Case);

impl Args<'_> {
    /// Argument `i` evaluated as an integer (with the runner's local names); an unknown
    /// name is a skip (it is an Mbed TLS internal).
    pub fn int(&self, i: usize) -> Result<i64, Verdict> {
        match self.0.arg(i) {
            Ok(Arg::Expr(e)) => deps::eval(e).map_err(|err| match err {
                strongroom_vectors::EvalError::Unknown(n) => {
                    Verdict::Skip(format!("argument uses Mbed TLS internal {n}"))
                }
                other => Verdict::Fail(format!("argument {i}: {other}")),
            }),
            Ok(_) => Err(Verdict::Fail(format!(
                "argument {i} is data, not an integer"
            ))),
            Err(e) => Err(Verdict::Fail(e.to_string())),
        }
    }
    /// Argument `i` as bytes.
    pub fn bytes(&self, i: usize) -> Result<&[u8], Verdict> {
        self.0
            .bytes(i)
            .map_err(|e| Verdict::Fail(format!("argument {i}: {e}")))
    }
    /// Argument `i` as a key type.
    pub fn key_type(&self, i: usize) -> Result<KeyType, Verdict> {
        Ok(KeyType::from_raw(self.int(i)? as u16))
    }
    /// Argument `i` as an algorithm.
    pub fn alg(&self, i: usize) -> Result<Algorithm, Verdict> {
        Ok(Algorithm::from_raw(self.int(i)? as u32))
    }
    /// Argument `i` as usage flags.
    pub fn usage(&self, i: usize) -> Result<Usage, Verdict> {
        Ok(Usage::from_raw(self.int(i)? as u32))
    }
    /// Argument `i` as a size (negative values are a test-data error).
    pub fn size(&self, i: usize) -> Result<usize, Verdict> {
        let v = self.int(i)?;
        usize::try_from(v).map_err(|_| Verdict::Fail(format!("argument {i}: bad size {v}")))
    }
    /// The number of arguments.
    pub fn len(&self) -> usize {
        self.0.args.len()
    }
}

/// Attributes for a volatile key.
pub fn attrs(key_type: KeyType, usage: Usage, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new(key_type, 0)
        .with_usage(usage)
        .with_algorithm(alg)
}

/// Imports a key that the test needs (Mbed TLS `PSA_ASSERT(psa_import_key(...))`): an
/// import that fails is not-yet (`NOT_SUPPORTED`) or a failure.
pub fn import<'c>(c: &'c Crypto, a: &KeyAttributes, data: &[u8]) -> Result<Key<'c>, Verdict> {
    let subject = format!("{:?}", a.key_type());
    let id = ok("import_key", &subject, c.import_key(a, data))?;
    Ok(Key { crypto: c, id })
}

/// A key destroyed when dropped, so an early return never leaks it into later cases.
#[derive(Debug)]
pub struct Key<'a> {
    crypto: &'a Crypto,
    /// The key's id.
    pub id: KeyId,
}

impl Key<'_> {
    /// Wraps a key created by the test itself.
    pub fn adopt(crypto: &Crypto, id: KeyId) -> Key<'_> {
        Key { crypto, id }
    }
}

impl Drop for Key<'_> {
    fn drop(&mut self) {
        let _ = self.crypto.destroy_key(self.id);
    }
}
