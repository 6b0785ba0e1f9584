//! Test-vector support for Strongroom's conformance tests.
//!
//! Reads the Mbed TLS PSA test data kept *outside* the repository (`shared/vectors/`,
//! never copied in), parses its `.data` format ([`parse_file`]), evaluates its C
//! expressions over `strongroom-types` ([`eval`]) and counts results ([`Tally`]). Other
//! crates use it as a dev-dependency; each re-implements the Mbed TLS test functions it
//! can run against its own API.

use std::path::PathBuf;

mod eval;
pub mod names;
mod parse;
mod tally;

pub use eval::{EvalError, eval, eval_with};
pub use parse::{Arg, Case, ParseError, parse_file, parse_str};
pub use tally::{Outcome, Tally, print_reports};

/// The sub-directory of the vectors folder that holds the Mbed TLS 3.6.6 data files.
pub const MBEDTLS_DIR: &str = "mbedtls-3.6.6";

/// The folder that holds the test vectors: `$STRONGROOM_VECTORS` if set, else the
/// `shared/vectors` folder beside the repository root. `None` if that folder does not
/// exist (tests then print a skip notice and pass).
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("STRONGROOM_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => default_vectors_dir(),
    };
    dir.is_dir().then_some(dir)
}

/// Where [`vectors_dir`] looks when `$STRONGROOM_VECTORS` is unset (for messages).
pub fn default_vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors")
}

/// The path of an Mbed TLS data file (e.g. `"test_suite_psa_crypto_metadata.data"`), or
/// `None` if the vectors folder or the file is absent.
pub fn mbedtls_data_file(name: &str) -> Option<PathBuf> {
    let path = vectors_dir()?.join(MBEDTLS_DIR).join(name);
    path.is_file().then_some(path)
}

/// A one-line notice for tests that skip because the vectors are absent.
pub fn missing_vectors_notice(what: &str) -> String {
    let looked = match std::env::var_os("STRONGROOM_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => default_vectors_dir(),
    };
    format!(
        "SKIPPED: vectors not found at {} ({what})",
        looked.display()
    )
}
