//! `strongroom bench`: the throughput scenarios of `shared/bench/psa_bench.c`, with the same
//! semantics, over the Rust API and one `Crypto` instance shared by all threads.
//!
//! Per (scenario, thread count) cell: the threads do their per-thread setup, start together
//! on a barrier, call the scenario's operation until the main thread raises the stop flag
//! after the cell's duration, and count successes and failures (a call that succeeds with a
//! wrong output, e.g. a wrong MAC, counts as a failure, `HARNESS_BAD_OUTPUT`). The rate is
//! successes / wall time from the barrier to the last join, as in the C harness.
//!
//! Scenario d signs the fixed 32-byte hash with one shared ECDSA P-256 key generated at
//! setup (`PSA_ALG_ECDSA(PSA_ALG_SHA_256)`, randomized), as the C harness does.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use strongroom::driver::{Driver, PreparedAead, PreparedMac};
use strongroom::{
    Algorithm, Crypto, EccFamily, Error, KeyAttributes, KeyId, KeyType, SoftDriver, Usage,
};

use crate::{CliError, PsaContext};

/// Options of `strongroom bench`.
#[derive(Args)]
pub(crate) struct BenchArgs {
    /// Thread counts, comma-separated.
    #[arg(short = 't', long = "threads", value_name = "LIST", value_delimiter = ',',
          default_value = "1,2,4,8,16", value_parser = parse_threads)]
    threads: Vec<usize>,
    /// Seconds per (scenario, thread count) cell.
    #[arg(short = 'd', long = "duration", value_name = "SECONDS", default_value = "2",
          value_parser = parse_seconds)]
    duration: f64,
    /// Scenarios, comma-separated: a (volatile AES import+destroy), b (AES-GCM, shared
    /// key), c (HMAC, shared key), d (ECDSA P-256 sign, shared key), e (AES-GCM, per-thread
    /// keys), f64 / f1000 (N persistent HMAC keys), g (random), h (90% AEAD / 10% churn);
    /// b0 / c0: b's and c's primitive alone (the software driver's prepared key, called
    /// directly), the baseline for DESIGN §7's per-call layer overhead.
    #[arg(short = 's', long = "scenarios", value_name = "LIST", value_delimiter = ',',
          default_value = "a,b,c,d,e,f64,f1000,g,h,b0,c0", value_parser = parse_scen)]
    scenarios: Vec<Scen>,
    /// Also write the results as CSV to FILE.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n @ 1..=1024) => Ok(n),
        _ => Err("a thread count is a number from 1 to 1024".into()),
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(d) if d > 0.0 && d <= 86_400.0 => Ok(d),
        _ => Err("seconds must be a number above 0 (at most a day)".into()),
    }
}

fn parse_scen(s: &str) -> Result<Scen, String> {
    Scen::ALL
        .into_iter()
        .find(|sc| sc.id() == s.trim())
        .ok_or_else(|| {
            format!("unknown scenario '{s}' (expected a, b, c, d, e, f64, f1000, g, h, b0, c0)")
        })
}

/// A benchmark scenario of `psa_bench.c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scen {
    A,
    B,
    C,
    D,
    E,
    F64,
    F1000,
    G,
    H,
    B0,
    C0,
}

impl Scen {
    /// In the C harness's order (the order rows are run and printed), then the baselines.
    const ALL: [Scen; 11] = [
        Scen::A,
        Scen::B,
        Scen::C,
        Scen::D,
        Scen::E,
        Scen::F64,
        Scen::F1000,
        Scen::G,
        Scen::H,
        Scen::B0,
        Scen::C0,
    ];

    fn id(self) -> &'static str {
        match self {
            Scen::A => "a",
            Scen::B => "b",
            Scen::C => "c",
            Scen::D => "d",
            Scen::E => "e",
            Scen::F64 => "f64",
            Scen::F1000 => "f1000",
            Scen::G => "g",
            Scen::H => "h",
            Scen::B0 => "b0",
            Scen::C0 => "c0",
        }
    }

    fn desc(self) -> &'static str {
        match self {
            Scen::A => "volatile AES-128 import+destroy (churn)",
            Scen::B => "AEAD AES-128-GCM encrypt 64B, one shared key",
            Scen::C => "HMAC-SHA256 mac_compute 64B, one shared key",
            Scen::D => "ECDSA P-256 sign_hash, one shared key",
            Scen::E => "AEAD AES-128-GCM encrypt 64B, per-thread key",
            Scen::F64 => "persistent HMAC keys N=64, random id, mac_compute",
            Scen::F1000 => "persistent HMAC keys N=1000, random id, mac_compute",
            Scen::G => "generate_random 32B",
            Scen::H => "mixed: 90% shared AEAD / 10% import+destroy",
            Scen::B0 => "baseline of b: the driver's prepared AES-128-GCM key, called directly",
            Scen::C0 => "baseline of c: the driver's prepared HMAC-SHA256 key, called directly",
        }
    }

    /// How many persistent keys the scenario's setup creates.
    fn persistent_keys(self) -> usize {
        match self {
            Scen::F64 => 64,
            Scen::F1000 => 1000,
            _ => 0,
        }
    }
}

const MSG_LEN: usize = 64;
const TAG_LEN: usize = 16;
/// First persistent id of scenario f (`BENCH_PERSIST_BASE`).
const PERSIST_BASE: u32 = 0x0001_0000;
const HMAC_SHA256: Algorithm = Algorithm::hmac(Algorithm::SHA_256);

/// xorshift64*, as `rng_next` in the C harness.
fn rng_next(s: &mut u64) -> u64 {
    let mut x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// The material of persistent bench key `id` (`hmac_material_for`).
fn hmac_material_for(id: u32) -> [u8; 32] {
    let mut s = 0x9E37_79B9_7F4A_7C15_u64 ^ u64::from(id).wrapping_mul(0x0100_0000_01B3);
    let mut out = [0u8; 32];
    for chunk in out.chunks_exact_mut(8) {
        chunk.copy_from_slice(&rng_next(&mut s).to_le_bytes());
    }
    out
}

/// The fixed message and key material (`init_material`, same generator and order).
struct Material {
    msg: [u8; MSG_LEN],
    aes: [u8; 16],
    hmac: [u8; 32],
    /// Scenario d's input (`g_hash`).
    hash: [u8; 32],
}

fn init_material() -> Material {
    let mut s = 0x0123_4567_89ab_cdef_u64;
    let mut m = Material {
        msg: [0; MSG_LEN],
        aes: [0; 16],
        hmac: [0; 32],
        hash: [0; 32],
    };
    for b in &mut m.msg {
        *b = rng_next(&mut s) as u8;
    }
    for (h, k) in m.hash.iter_mut().zip(m.hmac.iter_mut()) {
        *h = rng_next(&mut s) as u8;
        *k = rng_next(&mut s) as u8;
    }
    for b in &mut m.aes {
        *b = rng_next(&mut s) as u8;
    }
    m
}

fn persist_hmac_attr(id: KeyId) -> KeyAttributes {
    KeyAttributes::new(KeyType::HMAC, 256)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE | Usage::EXPORT)
        .with_algorithm(HMAC_SHA256)
        .with_id(id)
}

/// Why one operation did not count as a success.
#[derive(Clone, Copy)]
enum Fail {
    Psa(Error),
    /// The call succeeded but its output was wrong (length, or MAC value).
    BadOutput,
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Psa(e)
    }
}

impl Fail {
    fn name(self) -> &'static str {
        match self {
            Fail::Psa(e) => e.name(),
            Fail::BadOutput => "HARNESS_BAD_OUTPUT",
        }
    }
}

type Outcome = Result<(), Fail>;

/// Everything the operations share (read-only while a cell runs).
struct Ctx<'a> {
    crypto: &'a Crypto,
    m: Material,
    attr_aes: KeyAttributes,
    aes_key: KeyId,
    hmac_key: KeyId,
    /// Scenario d's shared ECDSA P-256 key pair.
    ecc_key: KeyId,
    /// Expected MAC of `m.msg` under persistent key `PERSIST_BASE + i`.
    persist_macs: Vec<[u8; 32]>,
    /// Baselines b0/c0: the same keys prepared by the software driver, no PSA layer.
    raw_aead: Box<dyn PreparedAead>,
    raw_mac: Box<dyn PreparedMac>,
}

/// One thread's state and tallies.
struct Thr {
    idx: u32,
    rng: u64,
    nonce_ctr: u64,
    out: [u8; 256],
    ok: u64,
    errors: BTreeMap<&'static str, u64>,
}

impl Thr {
    fn new(idx: usize) -> Self {
        let seed = 0x853c_49e6_748f_ea9b_u64 ^ (idx as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Self {
            idx: idx as u32,
            rng: seed,
            nonce_ctr: 0,
            out: [0; 256],
            ok: 0,
            errors: BTreeMap::new(),
        }
    }

    fn fail(&mut self, f: Fail) {
        *self.errors.entry(f.name()).or_default() += 1;
    }

    /// A nonce unique per thread and call (`make_nonce`): thread index ‖ counter.
    fn next_nonce(&mut self) -> [u8; 12] {
        let mut n = [0u8; 12];
        n[..4].copy_from_slice(&self.idx.to_le_bytes());
        n[4..].copy_from_slice(&self.nonce_ctr.to_le_bytes());
        self.nonce_ctr += 1;
        n
    }
}

impl Ctx<'_> {
    /// Scenario a, and h's 10%: import a volatile AES key and destroy it.
    fn churn(&self) -> Outcome {
        let k = self.crypto.import_key(&self.attr_aes, &self.m.aes)?;
        self.crypto.destroy_key(k)?;
        Ok(())
    }

    /// Scenarios b, e and h's 90%: AES-128-GCM encrypt of the 64-byte message.
    fn aead(&self, t: &mut Thr, key: KeyId) -> Outcome {
        let nonce = t.next_nonce();
        let n =
            self.crypto
                .aead_encrypt(key, Algorithm::GCM, &nonce, &[], &self.m.msg, &mut t.out)?;
        if n != MSG_LEN + TAG_LEN {
            return Err(Fail::BadOutput);
        }
        Ok(())
    }

    /// Scenario c: HMAC-SHA256 of the message under the shared volatile key.
    /// Scenario d: ECDSA P-256 signature of the fixed hash with the shared key.
    fn sign_shared(&self, t: &mut Thr) -> Outcome {
        let alg = Algorithm::ecdsa(Algorithm::SHA_256);
        let n = self
            .crypto
            .sign_hash(self.ecc_key, alg, &self.m.hash, &mut t.out)?;
        if n != 64 {
            return Err(Fail::BadOutput);
        }
        Ok(())
    }

    fn mac_shared(&self, t: &mut Thr) -> Outcome {
        let n = self
            .crypto
            .mac_compute(self.hmac_key, HMAC_SHA256, &self.m.msg, &mut t.out)?;
        if n != 32 {
            return Err(Fail::BadOutput);
        }
        Ok(())
    }

    /// Scenario f: a random persistent key's MAC of the message, checked.
    fn persist_mac(&self, t: &mut Thr) -> Outcome {
        let i = (rng_next(&mut t.rng) % self.persist_macs.len() as u64) as usize;
        let id = KeyId::from_raw(PERSIST_BASE + i as u32);
        let n = self
            .crypto
            .mac_compute(id, HMAC_SHA256, &self.m.msg, &mut t.out)?;
        if n != 32 || t.out[..32] != self.persist_macs[i] {
            return Err(Fail::BadOutput);
        }
        Ok(())
    }

    /// Scenario g: 32 random bytes.
    fn random(&self, t: &mut Thr) -> Outcome {
        self.crypto.generate_random(&mut t.out[..32])?;
        Ok(())
    }

    /// Baseline b0: b's encryption on the driver's prepared key, without the PSA layer
    /// (no key lookup, registration, policy or size checks).
    fn raw_aead(&self, t: &mut Thr) -> Outcome {
        let nonce = t.next_nonce();
        let out = &mut t.out[..MSG_LEN + TAG_LEN];
        self.raw_aead
            .encrypt(Algorithm::GCM, &nonce, &[], &self.m.msg, out)?;
        Ok(())
    }

    /// Baseline c0: c's MAC on the driver's prepared key, without the PSA layer.
    fn raw_mac(&self, t: &mut Thr) -> Outcome {
        if self.raw_mac.compute(&self.m.msg, &mut t.out) != 32 {
            return Err(Fail::BadOutput);
        }
        Ok(())
    }

    /// Scenario h: 10% churn, 90% shared-key AEAD.
    fn mixed(&self, t: &mut Thr) -> Outcome {
        if rng_next(&mut t.rng).is_multiple_of(10) {
            self.churn()
        } else {
            self.aead(t, self.aes_key)
        }
    }
}

fn run_loop(t: &mut Thr, stop: &AtomicBool, mut op: impl FnMut(&mut Thr) -> Outcome) {
    while !stop.load(Ordering::Relaxed) {
        match op(t) {
            Ok(()) => t.ok += 1,
            Err(f) => t.fail(f),
        }
    }
}

fn worker(ctx: &Ctx<'_>, sc: Scen, idx: usize, start: &Barrier, stop: &AtomicBool) -> Thr {
    let mut t = Thr::new(idx);
    // Per-thread setup (scenario e: the thread's own key), before the start line.
    let own_key = if sc == Scen::E {
        match ctx.crypto.import_key(&ctx.attr_aes, &ctx.m.aes) {
            Ok(k) => Some(k),
            Err(e) => {
                t.fail(e.into());
                None
            }
        }
    } else {
        None
    };
    start.wait();
    match (sc, own_key) {
        (Scen::A, _) => run_loop(&mut t, stop, |_| ctx.churn()),
        (Scen::B, _) => run_loop(&mut t, stop, |t| ctx.aead(t, ctx.aes_key)),
        (Scen::C, _) => run_loop(&mut t, stop, |t| ctx.mac_shared(t)),
        (Scen::D, _) => run_loop(&mut t, stop, |t| ctx.sign_shared(t)),
        (Scen::E, Some(k)) => run_loop(&mut t, stop, |t| ctx.aead(t, k)),
        (Scen::F64 | Scen::F1000, _) => run_loop(&mut t, stop, |t| ctx.persist_mac(t)),
        (Scen::G, _) => run_loop(&mut t, stop, |t| ctx.random(t)),
        (Scen::H, _) => run_loop(&mut t, stop, |t| ctx.mixed(t)),
        (Scen::B0, _) => run_loop(&mut t, stop, |t| ctx.raw_aead(t)),
        (Scen::C0, _) => run_loop(&mut t, stop, |t| ctx.raw_mac(t)),
        // e without its key has failed its setup.
        (Scen::E, _) => {}
    }
    if let Some(k) = own_key
        && let Err(e) = ctx.crypto.destroy_key(k)
    {
        t.fail(e.into());
    }
    t
}

/// The result of one (scenario, thread count) cell.
struct Cell {
    scen: Scen,
    threads: usize,
    ok: u64,
    secs: f64,
    errors: BTreeMap<&'static str, u64>,
    /// CPU cores this process used during the cell, and cores used by other processes
    /// (from /proc; `None` where unavailable). Shown in the progress lines only.
    cpu: Option<f64>,
    foreign: Option<f64>,
}

impl Cell {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.secs
    }
    fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
    fn error_list(&self) -> String {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        parts.join(";")
    }
}

fn run_cell(ctx: &Ctx<'_>, sc: Scen, threads: usize, dur: Duration) -> Cell {
    let start = Barrier::new(threads + 1);
    let stop = AtomicBool::new(false);
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (start, stop) = (&start, &stop);
                s.spawn(move || worker(ctx, sc, i, start, stop))
            })
            .collect();
        start.wait();
        let t0 = Instant::now();
        let (c0, b0) = (process_cpu_s(), system_busy_s());
        thread::sleep(dur);
        stop.store(true, Ordering::Relaxed);
        let mut cell = Cell {
            scen: sc,
            threads,
            ok: 0,
            secs: 0.0,
            errors: BTreeMap::new(),
            cpu: None,
            foreign: None,
        };
        for h in handles {
            let t = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            cell.ok += t.ok;
            for (k, v) in t.errors {
                *cell.errors.entry(k).or_default() += v;
            }
        }
        cell.secs = t0.elapsed().as_secs_f64();
        let (c1, b1) = (process_cpu_s(), system_busy_s());
        if let (Some(c0), Some(c1)) = (c0, c1) {
            let cpu = (c1 - c0) / cell.secs;
            cell.cpu = Some(cpu);
            if let (Some(b0), Some(b1)) = (b0, b1) {
                cell.foreign = Some(((b1 - b0) / cell.secs - cpu).max(0.0));
            }
        }
        cell
    })
}

/// Clock ticks per second of the /proc CPU counters (`USER_HZ`: 100 on Linux).
const USER_HZ: f64 = 100.0;

/// CPU seconds (user + system) used by this process so far, from `/proc/self/stat`.
fn process_cpu_s() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / USER_HZ)
}

/// Busy CPU seconds of the whole machine (all processes, incl. steal), from `/proc/stat`.
fn system_busy_s() -> Option<f64> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let v: Vec<u64> = line
        .split_whitespace()
        .map_while(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    let busy = [0, 1, 2, 5, 6, 7]
        .iter()
        .map(|&i| v.get(i).copied().unwrap_or(0))
        .sum::<u64>();
    (v.len() >= 8).then_some(busy as f64 / USER_HZ)
}

/// Destroys persistent ids `[PERSIST_BASE, PERSIST_BASE + n)`, ignoring "no such key".
fn purge_ids(crypto: &Crypto, n: usize) {
    for i in 0..n {
        let id = KeyId::from_raw(PERSIST_BASE + i as u32);
        match crypto.destroy_key(id) {
            Ok(()) | Err(Error::InvalidHandle | Error::DoesNotExist) => {}
            Err(e) => eprintln!("  purge: destroy {id} -> {e}"),
        }
    }
}

/// Scenario f's setup: `n` persistent HMAC keys and their expected MACs.
fn setup_persistent(ctx: &mut Ctx<'_>, sc: Scen, n: usize) -> Result<(), CliError> {
    purge_ids(ctx.crypto, n);
    ctx.persist_macs.clear();
    let t0 = Instant::now();
    for i in 0..n {
        let id = KeyId::from_raw(PERSIST_BASE + i as u32);
        let ctx_msg = || format!("bench: setup {}: import persistent key {id}", sc.id());
        let got = ctx
            .crypto
            .import_key(&persist_hmac_attr(id), &hmac_material_for(id.raw()))
            .psa(ctx_msg)?;
        if got != id {
            return Err(CliError::Other {
                ctx: ctx_msg(),
                msg: format!("persistent import returned id {got}"),
            });
        }
        let mut mac = [0u8; 32];
        ctx.crypto
            .mac_compute(id, HMAC_SHA256, &ctx.m.msg, &mut mac)
            .psa(|| format!("bench: setup {}: mac_compute {id}", sc.id()))?;
        ctx.persist_macs.push(mac);
    }
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "  [setup {}: created {n} persistent HMAC keys in {secs:.3} s ({:.1} us/key incl. 1 MAC)]",
        sc.id(),
        secs * 1e6 / n as f64
    );
    Ok(())
}

fn teardown_persistent(ctx: &mut Ctx<'_>) {
    let n = ctx.persist_macs.len();
    let t0 = Instant::now();
    for i in 0..n {
        let id = KeyId::from_raw(PERSIST_BASE + i as u32);
        if let Err(e) = ctx.crypto.destroy_key(id) {
            eprintln!("  teardown: destroy persistent {id} -> {e}");
        }
    }
    eprintln!(
        "  [teardown: destroyed {n} persistent keys in {:.3} s]",
        t0.elapsed().as_secs_f64()
    );
    ctx.persist_macs.clear();
}

/// A fresh store directory for the bench's persistent keys, removed on drop.
struct TempStore(PathBuf);

impl TempStore {
    fn create(base: &Path) -> Result<Self, CliError> {
        fs::create_dir_all(base)
            .map_err(|e| CliError::io(format!("bench: {}", base.display()), e))?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = base.join(format!(
            "strongroom-bench-{}-{nanos:09}",
            std::process::id()
        ));
        fs::create_dir(&dir).map_err(|e| CliError::io(format!("bench: {}", dir.display()), e))?;
        Ok(Self(dir))
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        if let Err(e) = fs::remove_dir_all(&self.0) {
            eprintln!(
                "strongroom: bench: could not remove {}: {e}",
                self.0.display()
            );
        }
    }
}

/// `psa_bench`'s rate format: 1.23M, 456.7k, 89.
fn fmt_rate(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// The table printed on stdout: scenario rows × thread-count columns, plus error details.
fn table(cells: &[Cell], threads: &[usize], secs: f64) -> String {
    let mut s = format!(
        "ops/s (sum over threads), {secs:.1} s per cell\n{:<6}",
        "scen"
    );
    for t in threads {
        let _ = write!(s, " {:>9}", format!("T={t}"));
    }
    s.push_str("  errors\n");
    for row in cells.chunks(threads.len()) {
        let _ = write!(s, "{:<6}", row[0].scen.id());
        for c in row {
            let _ = write!(s, " {:>9}", fmt_rate(c.rate()));
        }
        let _ = writeln!(s, "  {}", row.iter().map(Cell::error_count).sum::<u64>());
    }
    for c in cells.iter().filter(|c| c.error_count() > 0) {
        let _ = writeln!(
            s,
            "errors {} T={}: {}",
            c.scen.id(),
            c.threads,
            c.error_list()
        );
    }
    s
}

fn csv(cells: &[Cell]) -> String {
    let mut s = String::from("scenario,threads,ops_per_s,ok_ops,seconds,errors\n");
    for c in cells {
        let _ = writeln!(
            s,
            "{},{},{:.1},{},{:.3},{}",
            c.scen.id(),
            c.threads,
            c.rate(),
            c.ok,
            c.secs,
            c.error_count()
        );
    }
    s
}

/// Runs the bench. Persistent keys live in a fresh directory under `store` (the `--store`
/// or `$STRONGROOM_HOME` directory when one was given, else the system temp directory),
/// removed at the end.
pub(crate) fn run(args: &BenchArgs, store: Option<&Path>) -> Result<(), CliError> {
    let dur = Duration::from_secs_f64(args.duration);
    let scens: Vec<Scen> = Scen::ALL
        .into_iter()
        .filter(|s| args.scenarios.contains(s))
        .collect();
    // Fail before the run, not after it, if the CSV cannot be written.
    let mut csv_file = match &args.csv {
        Some(p) => {
            Some(File::create(p).map_err(|e| CliError::io(format!("bench: {}", p.display()), e))?)
        }
        None => None,
    };

    let base = store.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let tmp = TempStore::create(&base)?;
    let crypto = Crypto::open(&tmp.0).psa(|| format!("bench: key store {}", tmp.0.display()))?;
    let m = init_material();
    let attr_aes = KeyAttributes::new(KeyType::AES, 128)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(Algorithm::GCM);
    let attr_hmac = KeyAttributes::new(KeyType::HMAC, 256)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        .with_algorithm(HMAC_SHA256);
    let aes_key = crypto
        .import_key(&attr_aes, &m.aes)
        .psa(|| "bench: setup: import shared AES key".into())?;
    let hmac_key = crypto
        .import_key(&attr_hmac, &m.hmac)
        .psa(|| "bench: setup: import shared HMAC key".into())?;
    let attr_ecc = KeyAttributes::new(KeyType::ecc_key_pair(EccFamily::SECP_R1), 256)
        .with_usage(Usage::SIGN_HASH | Usage::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
    let ecc_key = crypto
        .generate_key(&attr_ecc)
        .psa(|| "bench: setup: generate shared ECDSA P-256 key".into())?;
    let driver = SoftDriver::new();
    let (m_aes, m_hmac) = (m.aes, m.hmac);
    let mut ctx = Ctx {
        crypto: &crypto,
        m,
        attr_aes,
        aes_key,
        hmac_key,
        ecc_key,
        persist_macs: Vec::new(),
        raw_aead: driver
            .prepare_aead(KeyType::AES, &m_aes, Algorithm::GCM)
            .psa(|| "bench: prepare baseline AES-GCM key".into())?,
        raw_mac: driver
            .prepare_mac(KeyType::HMAC, &m_hmac, HMAC_SHA256)
            .psa(|| "bench: prepare baseline HMAC key".into())?,
    };

    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    let list: Vec<String> = args.threads.iter().map(ToString::to_string).collect();
    eprintln!(
        "=== bench: {:.1} s per cell, threads: {} (online CPUs: {cpus}), store {} ===",
        args.duration,
        list.join(" "),
        tmp.0.display()
    );
    let mut cells = Vec::new();
    for sc in scens {
        eprintln!("scenario {}: {}", sc.id(), sc.desc());
        let n = sc.persistent_keys();
        if n > 0 {
            setup_persistent(&mut ctx, sc, n)?;
        }
        for &t in &args.threads {
            let c = run_cell(&ctx, sc, t, dur);
            let errs = if c.error_count() > 0 {
                format!("  errors: {}", c.error_list())
            } else {
                String::new()
            };
            let load = match (c.cpu, c.foreign) {
                (Some(cpu), Some(f)) => format!(", cpu {cpu:.2} cores, other procs {f:.2} cores"),
                (Some(cpu), None) => format!(", cpu {cpu:.2} cores"),
                _ => String::new(),
            };
            eprintln!(
                "  T={t:<3} {:>12.0} ops/s  ({} ok in {:.2} s{load}){errs}",
                c.rate(),
                c.ok,
                c.secs
            );
            cells.push(c);
        }
        if n > 0 {
            teardown_persistent(&mut ctx);
        }
    }
    for k in [aes_key, hmac_key] {
        if let Err(e) = crypto.destroy_key(k) {
            eprintln!("bench: teardown: destroy {k} -> {e}");
        }
    }

    let mut out = io::stdout().lock();
    out.write_all(table(&cells, &args.threads, args.duration).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("writing output", e))?;
    if let (Some(f), Some(p)) = (&mut csv_file, &args.csv) {
        f.write_all(csv(&cells).as_bytes())
            .map_err(|e| CliError::io(format!("bench: {}", p.display()), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        crate::names::to_hex(b).to_string()
    }

    #[test]
    fn material_matches_the_c_harness() {
        // Expected values printed by the C harness's own functions (compiled from
        // psa_bench.c's rng_next / hmac_material_for / init_material).
        assert_eq!(
            hex(&hmac_material_for(0x10000)),
            "8691a24a4c048d37a62d94531a961d832e5d45af1be10170b4b72704f183a5b5"
        );
        let m = init_material();
        assert_eq!(
            hex(&m.msg),
            "8cdec0e6698ead5312140698badb44c000bb9ad6690adedf1a377c6eb5d80451\
             fbbdb9a92f90a61addb9aa32b80e4e65973f17374816106acef15a643249a9f9"
        );
        assert_eq!(
            hex(&m.hmac),
            "856cd650fae3ed917f7911c9dbb9e8ddd943fef77ab13074ad601b0b8bff66f7"
        );
        assert_eq!(hex(&m.aes), "8937b75b034c638a6c41c6ad470fa74b");
        assert_eq!(Thr::new(0).rng, 0x1b0b_305f_0bc5_968e);
    }

    #[test]
    fn nonces_are_unique_per_thread_and_call() {
        let mut t0 = Thr::new(0);
        let mut t1 = Thr::new(1);
        let a = t0.next_nonce();
        let b = t0.next_nonce();
        let c = t1.next_nonce();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(&c[..4], &1u32.to_le_bytes());
    }

    #[test]
    fn rates_format_like_psa_bench() {
        assert_eq!(fmt_rate(3_451_468.8), "3.45M");
        assert_eq!(fmt_rate(71_109.0), "71.1k");
        assert_eq!(fmt_rate(999.4), "999");
    }
}
