//! Pass / fail / skip bookkeeping for conformance runs, one [`Tally`] per data file.
//!
//! The summary line is always exactly `conformance: N passed, M failed, K skipped` so that
//! scripts can grep it; skip reasons are grouped with counts and every failure is listed
//! with its description, because a count alone does not say what to fix.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use crate::parse::Case;

/// The outcome of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every check passed.
    Pass,
    /// A check failed; the text says which.
    Fail(String),
    /// The case was not run; the text says why (grouped in the report).
    Skip(String),
}

/// Results for one data file (or, after [`Tally::absorb`], several).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    name: String,
    passed: usize,
    failures: Vec<String>,
    skips: BTreeMap<String, usize>,
}

impl Tally {
    /// An empty tally named after its data file.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
    /// Records a passing case.
    pub fn pass(&mut self) {
        self.passed += 1;
    }
    /// Records a failing case: its description and what went wrong.
    pub fn fail(&mut self, description: &str, detail: impl fmt::Display) {
        self.failures.push(format!("{description}: {detail}"));
    }
    /// Records a skipped case with its reason.
    pub fn skip(&mut self, reason: impl Into<String>) {
        *self.skips.entry(reason.into()).or_default() += 1;
    }
    /// Records `outcome` for `case` (failures are labelled with the case's line and
    /// description).
    pub fn record(&mut self, case: &Case, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.pass(),
            Outcome::Fail(why) => {
                self.fail(&format!("line {}: {}", case.line, case.description), why);
            }
            Outcome::Skip(why) => self.skip(why),
        }
    }
    /// Runs `check` on every case and records the outcomes.
    pub fn run(&mut self, cases: &[Case], mut check: impl FnMut(&Case) -> Outcome) {
        for case in cases {
            let outcome = check(case);
            self.record(case, outcome);
        }
    }
    /// Adds another tally's counts into this one (for a total).
    pub fn absorb(&mut self, other: &Tally) {
        self.passed += other.passed;
        self.failures.extend(
            other
                .failures
                .iter()
                .map(|f| format!("{}: {f}", other.name)),
        );
        for (reason, n) in &other.skips {
            *self.skips.entry(reason.clone()).or_default() += n;
        }
    }
    /// Number of passing cases.
    pub fn passed(&self) -> usize {
        self.passed
    }
    /// Number of failing cases.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }
    /// Number of skipped cases.
    pub fn skipped(&self) -> usize {
        self.skips.values().sum()
    }
    /// Failure descriptions.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }
    /// Skip reasons with their counts.
    pub fn skip_reasons(&self) -> &BTreeMap<String, usize> {
        &self.skips
    }
    /// `conformance: N passed, M failed, K skipped`.
    pub fn summary_line(&self) -> String {
        format!(
            "conformance: {} passed, {} failed, {} skipped",
            self.passed,
            self.failed(),
            self.skipped()
        )
    }
    /// The full report: a header naming the file, the summary line, skip reasons and
    /// failures.
    pub fn report(&self) -> String {
        let mut s = format!("== {}\n{}\n", self.name, self.summary_line());
        for (reason, n) in &self.skips {
            let _ = writeln!(s, "  skipped {n:>5}: {reason}");
        }
        for f in &self.failures {
            let _ = writeln!(s, "  FAILED: {f}");
        }
        s
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report())
    }
}

/// Prints every file's report, then a total report, and returns the total.
pub fn print_reports(tallies: &[Tally]) -> Tally {
    let mut total = Tally::new(format!("total ({} file(s))", tallies.len()));
    for t in tallies {
        print!("{t}");
        total.absorb(t);
    }
    print!("{total}");
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lines() {
        let mut t = Tally::new("a.data");
        t.pass();
        t.pass();
        t.skip("needs MBEDTLS_X");
        t.skip("needs MBEDTLS_X");
        t.skip("other");
        t.fail("case 1", "expected 1, got 2");
        assert_eq!(
            t.summary_line(),
            "conformance: 2 passed, 1 failed, 3 skipped"
        );
        let r = t.report();
        assert!(r.contains("skipped     2: needs MBEDTLS_X"));
        assert!(r.contains("FAILED: case 1: expected 1, got 2"));
        let mut total = Tally::new("total");
        total.absorb(&t);
        total.absorb(&t);
        assert_eq!(
            total.summary_line(),
            "conformance: 4 passed, 2 failed, 6 skipped"
        );
    }
}
