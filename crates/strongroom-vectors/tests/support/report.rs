//! Verdicts and per-file reports for the conformance runners.
//!
//! Besides pass / fail / skip, a runner has two more outcomes to report, so that the lead
//! can see progress while the algorithm families land:
//! - **not yet implemented**: the case is inside Strongroom's algorithm set (issue 3) but the
//!   engine answered `NOT_SUPPORTED`, or the API it needs does not exist yet. Counted in its
//!   own bucket, never as a failure (set `STRONGROOM_STRICT_NOT_YET=1` to count them as
//!   failures once every family is in);
//! - **acceptable** (Wycheproof): a case whose expected result is "acceptable" passes
//!   whether the engine accepts or rejects it; it is counted as passed and listed
//!   separately.
//!
//! The summary line keeps the grep-able prefix of `strongroom_vectors::Tally`:
//! `conformance: N passed, M failed, K skipped, J not yet implemented`.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// Failures listed per report (the count is always complete); set
/// `STRONGROOM_ALL_FAILURES=1` to list all of them.
const MAX_LISTED_FAILURES: usize = 25;

/// The outcome of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every check passed.
    Pass,
    /// A Wycheproof "acceptable" case (passes either way).
    Acceptable,
    /// A check failed; the text says which.
    Fail(String),
    /// Not run; the text says why (a legitimate reason: Mbed TLS internals, PAKE, an
    /// algorithm outside Strongroom's set, a premise that does not hold here).
    Skip(String),
    /// In scope, but the engine does not do it yet; the text says what is missing.
    NotYet(String),
}

/// Results for one data file, Wycheproof set or group of cases.
#[derive(Clone, Debug, Default)]
pub struct Report {
    name: String,
    passed: usize,
    acceptable: usize,
    failures: Vec<String>,
    skips: BTreeMap<String, usize>,
    not_yet: BTreeMap<String, usize>,
}

/// Whether not-yet-implemented cases count as failures (`STRONGROOM_STRICT_NOT_YET=1`).
pub fn strict_not_yet() -> bool {
    std::env::var_os("STRONGROOM_STRICT_NOT_YET").is_some_and(|v| v == "1")
}

impl Report {
    /// An empty report.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Records the verdict of the case labelled `label` (used in failure messages).
    pub fn record(&mut self, label: &str, verdict: Verdict) {
        match verdict {
            Verdict::Pass => self.passed += 1,
            Verdict::Acceptable => {
                self.passed += 1;
                self.acceptable += 1;
            }
            Verdict::Fail(why) => self.failures.push(format!("{label}: {why}")),
            Verdict::Skip(why) => *self.skips.entry(why).or_default() += 1,
            Verdict::NotYet(what) => *self.not_yet.entry(what).or_default() += 1,
        }
    }

    /// Adds another report's counts (for a total).
    pub fn absorb(&mut self, other: &Report) {
        self.passed += other.passed;
        self.acceptable += other.acceptable;
        self.failures.extend(
            other
                .failures
                .iter()
                .map(|f| format!("{}: {f}", other.name)),
        );
        for (k, n) in &other.skips {
            *self.skips.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &other.not_yet {
            *self.not_yet.entry(k.clone()).or_default() += n;
        }
    }

    /// Passed cases (acceptable ones included).
    pub fn passed(&self) -> usize {
        self.passed
    }
    /// Failed cases.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }
    /// Skipped cases.
    pub fn skipped(&self) -> usize {
        self.skips.values().sum()
    }
    /// Not-yet-implemented cases.
    pub fn not_yet(&self) -> usize {
        self.not_yet.values().sum()
    }
    /// All cases seen.
    pub fn total(&self) -> usize {
        self.passed + self.failed() + self.skipped() + self.not_yet()
    }

    /// `conformance: N passed, M failed, K skipped, J not yet implemented`.
    pub fn summary_line(&self) -> String {
        format!(
            "conformance: {} passed, {} failed, {} skipped, {} not yet implemented",
            self.passed,
            self.failed(),
            self.skipped(),
            self.not_yet()
        )
    }

    /// Header, summary, then the grouped reasons and every failure.
    pub fn report(&self) -> String {
        let mut s = format!("== {}\n{}\n", self.name, self.summary_line());
        if self.acceptable > 0 {
            let _ = writeln!(
                s,
                "  ({} of the passes are Wycheproof \"acceptable\" cases)",
                self.acceptable
            );
        }
        for (what, n) in &self.not_yet {
            let _ = writeln!(s, "  not yet {n:>5}: {what}");
        }
        for (why, n) in &self.skips {
            let _ = writeln!(s, "  skipped {n:>5}: {why}");
        }
        let limit = if std::env::var_os("STRONGROOM_ALL_FAILURES").is_some() {
            usize::MAX
        } else {
            MAX_LISTED_FAILURES
        };
        for f in self.failures.iter().take(limit) {
            let _ = writeln!(s, "  FAILED: {f}");
        }
        if self.failures.len() > limit {
            let more = self.failures.len() - limit;
            let _ = writeln!(s, "  FAILED: ... and {more} more");
        }
        s
    }

    /// Fails the calling test on real failures (and on not-yet cases in strict mode).
    pub fn assert_ok(&self) {
        assert_eq!(
            self.failed(),
            0,
            "{}: conformance failures (listed in the report above)",
            self.name
        );
        if strict_not_yet() {
            assert_eq!(
                self.not_yet(),
                0,
                "{}: not-yet-implemented cases in strict mode (listed above)",
                self.name
            );
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report())
    }
}

/// Prints each report, then a total named `total_name`, and returns the total.
pub fn print_all(total_name: &str, reports: &[Report]) -> Report {
    let mut total = Report::new(format!("{total_name} ({} part(s))", reports.len()));
    for r in reports {
        print!("{r}");
        total.absorb(r);
    }
    print!("{total}");
    total
}
