//! Support shared by the conformance runners (`op_fail`, `not_supported`, `generate_key`,
//! `main_misc`, `wycheproof`, and family runners such as `kdf`): verdicts and reports with
//! the not-yet-implemented bucket (`report`), Strongroom's algorithm set and the meaning
//! of Mbed TLS's `depends_on` symbols (`deps`), status and argument helpers (`util`), and
//! Mbed TLS's "exercise the key" checks (`exercise`). Each test binary uses part of it.
#![allow(dead_code)] // Each test binary compiles this module and uses a subset of it.

pub mod deps;
pub mod exercise;
pub mod report;
pub mod util;

use strongroom_vectors::{Case, mbedtls_data_file, missing_vectors_notice, parse_file};

/// The cases of an Mbed TLS data file, or `None` (after printing a notice) when the
/// vectors are absent.
pub fn load(file: &str) -> Option<Vec<Case>> {
    let Some(path) = mbedtls_data_file(file) else {
        println!("{}", missing_vectors_notice(file));
        return None;
    };
    Some(parse_file(&path).unwrap_or_else(|e| panic!("{file}: {e}")))
}

/// The label of a case in failure messages.
pub fn label(case: &Case) -> String {
    format!("line {}: {}", case.line, case.description)
}
