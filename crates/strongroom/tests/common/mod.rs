//! Helpers shared by the `strongroom` integration tests: scratch directories, a small PRNG,
//! an independent HMAC-SHA-256 oracle, the knobs that size the stress runs, and a violation
//! collector that lets worker threads report without panicking inside a barrier round.

#![allow(dead_code)] // each test binary uses a different subset

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use strongroom::{Algorithm, KeyAttributes, KeyId, KeyType, Usage};

/// HMAC-SHA-256, the algorithm every stress key uses.
pub const HMAC_SHA256: Algorithm = Algorithm::hmac(Algorithm::SHA_256);

/// The message every stress MAC is computed over (64 bytes, as `psa_bench.c`).
pub const MSG: &[u8; 64] = b"strongroom stress message: 64 bytes of input for every HMAC call";

/// Per-phase duration: `STRONGROOM_STRESS_MS` (default 300 ms).
pub fn stress_duration() -> Duration {
    Duration::from_millis(env_u64("STRONGROOM_STRESS_MS", 300))
}

/// Worker threads per phase: `STRONGROOM_STRESS_THREADS` (default 8, at least 2).
pub fn stress_threads() -> usize {
    (env_u64("STRONGROOM_STRESS_THREADS", 8) as usize).max(2)
}

/// A numeric environment knob, `default` when unset or unparsable.
pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// HMAC-SHA-256 of `msg` under `key`, computed with the `hmac` crate directly (not through
/// the key store), so a MAC that came from the wrong key's material is caught.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Attributes of a volatile HMAC-SHA-256 key of 256 bits (sign, verify, export).
pub fn hmac_attrs() -> KeyAttributes {
    KeyAttributes::new(KeyType::HMAC, 256)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE | Usage::EXPORT)
        .with_algorithm(HMAC_SHA256)
}

/// [`hmac_attrs`] made persistent with id `id`.
pub fn persistent_hmac_attrs(id: u32) -> KeyAttributes {
    hmac_attrs().with_id(KeyId::from_raw(id))
}

/// 32 bytes of key material determined by `seed`.
pub fn material(seed: u64) -> [u8; 32] {
    let mut rng = Rng::new(seed ^ 0x5354_524f_4e47_524d);
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    out
}

/// A fresh directory under the system temp dir, deleted (with its contents) on drop.
#[derive(Debug)]
pub struct TestDir {
    path: PathBuf,
}

impl TestDir {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "strongroom-it-{label}-{}-{}-{nanos:x}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("create test dir");
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// SplitMix64: a tiny deterministic generator for test decisions (not for keys).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Seeded from the clock, for the parts of a test that should vary between runs.
    pub fn from_time() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Self(nanos ^ u64::from(std::process::id()).rotate_left(32))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Busy-waits for `d` (a sleep would be far coarser than the race windows we aim at).
pub fn spin_for(d: Duration) {
    let t0 = std::time::Instant::now();
    while t0.elapsed() < d {
        std::hint::spin_loop();
    }
}

/// Collects contract violations from any thread; the test asserts none at the end, with
/// the first few described. Workers never panic mid-round (that would strand the others at
/// a barrier).
#[derive(Debug, Default)]
pub struct Violations {
    count: AtomicU64,
    first: Mutex<String>,
}

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn report(&self, what: impl FnOnce() -> String) {
        let n = self.count.fetch_add(1, Ordering::Relaxed);
        if n < 20 {
            let mut s = self
                .first
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let _ = writeln!(s, "  - {}", what());
        }
    }

    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Panics with the collected descriptions if any violation was reported.
    pub fn assert_none(&self, phase: &str) {
        let n = self.count();
        if n != 0 {
            let s = self
                .first
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            panic!("{phase}: {n} violation(s); first ones:\n{s}");
        }
    }
}

/// Prints one result line (visible with `--nocapture`, and in the output of a failing test).
pub fn say(line: &str) {
    println!("{line}");
}
