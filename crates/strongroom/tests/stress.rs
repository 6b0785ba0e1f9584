//! Concurrency stress of the key store: the stress phases S1–S5 of
//! `../shared/bench/psa_bench.c` reproduced over the Rust API, with their outcomes checked.
//!
//! What each phase checks (DESIGN §2, §3, §4) and how it can fail:
//! - S1 `s1_*`: all threads create the same persistent id at once (a barrier releases them).
//!   Exactly one creation may succeed, every other must be `AlreadyExists`, and the stored
//!   key must hold the winner's material (each thread offers distinct material). Fails on
//!   two winners, none, another status, or a loser's (or a mixed) material being stored.
//! - S2 `s2_*`: all threads destroy the same key (volatile, persistent in memory, and
//!   persistent not in memory). Exactly one destroy may succeed, the others must be
//!   `InvalidHandle`; afterwards the key is gone and a persistent id can be re-created.
//! - S3 `s3_*`: one thread destroys a key while the others keep computing MACs with it. Each
//!   use takes a ticket from one global counter *before* its call; the destroyer takes one
//!   *after* destroy returns. A successful use with a greater ticket started after destroy
//!   returned: linearizability forbids it. Every user keeps probing until one of its calls
//!   started after destroy returned, which must get `InvalidHandle`; and once a user saw the
//!   key gone, it must never see it again. Every successful MAC is compared with an
//!   independent HMAC of the key's material. Persistent rounds sometimes re-create the id
//!   at once (DESIGN §3.1: the id is free when destroy returns).
//! - S4 `s4_*`: destroy a volatile key, then at once import another, while stale users keep
//!   calling the old id. A stale id must never reach the new key's material (DESIGN §3;
//!   Mbed TLS did 1,031 times in the reference run), and stale uses get `InvalidHandle`.
//! - S5 `s5_*`: a 100-key persistent pool over a memory bound of about 40 keys, with 80% MAC
//!   uses (checked), 10% persistent create/use/destroy on a private id, 10% volatile
//!   import/use/destroy. No wrong MAC, no unexpected status, the pool intact at the end,
//!   the bound never exceeded, and every charged byte given back.
//!
//! Beyond `psa_bench.c`, races found while writing these (each a linearizability check):
//! - S6 `s6_*`: a same-id creation that must fail (`AlreadyExists`, because the key exists
//!   in storage but not in memory) races uses, purges and a destroy of that key. The key
//!   exists throughout, so no use may get `InvalidHandle`, and the destroy must succeed.
//! - S7 `s7_*`: `persistent_keys()` against lookups while a key is created or destroyed: a
//!   key that is listed must be found by a later lookup (no destroy runs), and a key that a
//!   lookup found gone must not be listed later (no creation runs).
//! - S8 `s8_*`: `export_key_to_vec` while the id is destroyed and re-created with another
//!   length: one call must export one key, whole (never `BufferTooSmall`, never torn).
//!
//! Knobs: `STRONGROOM_STRESS_MS` (per phase, default 300) and `STRONGROOM_STRESS_THREADS`
//! (default 8). Workers never panic mid-round (a panic would strand the others at a
//! barrier): they report into a [`Violations`] collector that the test asserts at the end.

mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use common::{
    HMAC_SHA256, MSG, Rng, TestDir, Violations, hmac_attrs, hmac_sha256, material,
    persistent_hmac_attrs, say, spin_for, stress_duration, stress_threads,
};
use strongroom::{
    Config, Crypto, Error, FileStorage, KeyAttributes, KeyId, KeyType, MemoryStorage, Result,
    Storage, Usage,
};

/// Persistent ids used here: `BASE + ...`, as `psa_bench.c`'s `STRESS_BASE`.
const BASE: u32 = 0x0002_0000;

#[derive(Clone, Copy, Debug)]
enum Backend {
    Memory,
    File,
}

/// An instance over `backend` (the directory, if any, lives as long as the returned guard).
fn open(backend: Backend, label: &str) -> (Crypto, Option<TestDir>) {
    match backend {
        Backend::Memory => (Crypto::in_memory(), None),
        Backend::File => {
            let dir = TestDir::new(label);
            let c = Crypto::open(dir.path()).expect("open file store");
            (c, Some(dir))
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs barrier-synchronized rounds for `dur`: the coordinator (this thread) calls
/// `setup(round)`, releases `threads` workers into `work(thread index)`, waits for all of
/// them, then calls `check(round)`. `setup` returning `false` ends the run. Returns the
/// number of rounds completed.
fn run_rounds(
    threads: usize,
    dur: Duration,
    mut setup: impl FnMut(u64) -> bool,
    work: impl Fn(usize) + Sync,
    mut check: impl FnMut(u64),
) -> u64 {
    let start = Barrier::new(threads + 1);
    let end = Barrier::new(threads + 1);
    let quit = AtomicBool::new(false);
    thread::scope(|s| {
        for i in 0..threads {
            let (start, end, quit, work) = (&start, &end, &quit, &work);
            s.spawn(move || {
                loop {
                    start.wait();
                    if quit.load(Ordering::SeqCst) {
                        break;
                    }
                    work(i);
                    end.wait();
                }
            });
        }
        // Releases the workers for good when the coordinator is done, even if `setup` or
        // `check` panics (the workers would otherwise wait at `start` forever).
        struct Release<'a>(&'a AtomicBool, &'a Barrier);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
                self.1.wait();
            }
        }
        let _release = Release(&quit, &start);
        let deadline = Instant::now() + dur;
        let mut round = 0;
        while Instant::now() < deadline && setup(round) {
            start.wait();
            end.wait();
            check(round);
            round += 1;
        }
        round
    })
}

fn status(r: &Result<impl Sized>) -> String {
    match r {
        Ok(_) => "Ok".to_owned(),
        Err(e) => format!("{e:?}"),
    }
}

/// The MAC of `MSG` under `key` through the store.
fn mac_of(c: &Crypto, key: KeyId) -> Result<[u8; 32]> {
    let mut out = [0u8; 32];
    let n = c.mac_compute(key, HMAC_SHA256, MSG, &mut out)?;
    assert_eq!(n, 32, "HMAC-SHA-256 is 32 bytes");
    Ok(out)
}

/// Reports keys left behind by a phase (each phase destroys everything it creates).
fn check_no_leftovers(c: &Crypto, v: &Violations, phase: &str) {
    let persistent = c.persistent_keys();
    if persistent.as_ref().map_or(true, |k| !k.is_empty()) {
        v.report(|| format!("{phase} left persistent keys behind: {persistent:?}"));
    }
    let volatile = c.volatile_keys();
    if !volatile.is_empty() {
        v.report(|| format!("{phase} left volatile keys behind: {volatile:?}"));
    }
}

// ---------------------------------------------------------------------------------------
// S1: same persistent id created by all threads

fn s1_same_id_create_race(backend: Backend) {
    let (c, _dir) = open(backend, "s1");
    let t = stress_threads();
    let v = Violations::new();
    let round_id = AtomicU64::new(0);
    let mats: Vec<Mutex<[u8; 32]>> = (0..t).map(|_| Mutex::new([0; 32])).collect();
    let results: Vec<Mutex<Option<Result<KeyId>>>> = (0..t).map(|_| Mutex::new(None)).collect();
    let (mut winners_ok, mut already, mut reloaded) = (0u64, 0u64, 0u64);

    let rounds = run_rounds(
        t,
        stress_duration(),
        |round| {
            round_id.store(u64::from(BASE + 1 + (round % 4) as u32), Ordering::SeqCst);
            for (i, m) in mats.iter().enumerate() {
                *lock(m) = material((round << 16) | i as u64 | 0x51 << 56);
            }
            for r in &results {
                *lock(r) = None;
            }
            true
        },
        |i| {
            let id = round_id.load(Ordering::SeqCst) as u32;
            let mat = *lock(&mats[i]);
            let r = c.import_key(&persistent_hmac_attrs(id), &mat);
            *lock(&results[i]) = Some(r);
        },
        |round| {
            let id = KeyId::from_raw(round_id.load(Ordering::SeqCst) as u32);
            let mut winners = Vec::new();
            for (i, r) in results.iter().enumerate() {
                match lock(r).take() {
                    Some(Ok(got)) => {
                        winners.push(i);
                        if got != id {
                            v.report(|| {
                                format!("S1 round {round}: winner got id {got:?}, asked {id:?}")
                            });
                        }
                    }
                    Some(Err(Error::AlreadyExists)) => already += 1,
                    other => v.report(|| format!("S1 round {round} thread {i}: {other:?}")),
                }
            }
            if winners.len() != 1 {
                v.report(|| format!("S1 round {round}: {} winners {winners:?}", winners.len()));
            }
            if winners.len() == 1 {
                winners_ok += 1;
            }
            if let Some(&w) = winners.first() {
                let want = *lock(&mats[w]);
                match c.export_key_to_vec(id) {
                    Ok(got) if got[..] == want[..] => {}
                    Ok(_) => v.report(|| {
                        format!("S1 round {round}: stored material is not the winner's")
                    }),
                    Err(e) => v.report(|| format!("S1 round {round}: export -> {e:?}")),
                }
                match c.key_attributes(id) {
                    Ok(a) if a.id() == id && a.key_type() == KeyType::HMAC && a.bits() == 256 => {}
                    other => v.report(|| format!("S1 round {round}: attributes {other:?}")),
                }
                // Every other round: drop the cached copy and read the record back, so the
                // check covers what storage holds, not only what is in memory.
                if round % 2 == 1 {
                    reloaded += 1;
                    let r = c.purge_key(id).and_then(|()| c.export_key_to_vec(id));
                    match r {
                        Ok(got) if got[..] == want[..] => {}
                        other => v.report(|| {
                            format!(
                                "S1 round {round}: reloaded {:?}",
                                other.map(|_| "other material")
                            )
                        }),
                    }
                }
                if let Err(e) = c.destroy_key(id) {
                    v.report(|| format!("S1 round {round}: destroy -> {e:?}"));
                }
            }
            if let Err(e) = c.key_attributes(id).map(|_| ()) {
                if e != Error::InvalidHandle {
                    v.report(|| format!("S1 round {round}: after destroy -> {e:?}"));
                }
            } else {
                v.report(|| format!("S1 round {round}: key still exists after destroy"));
            }
        },
    );
    say(&format!(
        "S1 same persistent id import race ({backend:?}): {rounds} rounds x {t} threads; \
         rounds with exactly one winner: {winners_ok}/{rounds}; ALREADY_EXISTS={already}; \
         reloaded from storage and checked: {reloaded}"
    ));
    check_no_leftovers(&c, &v, "S1");
    v.assert_none("S1");
    assert!(rounds > 0, "no round ran");
}

#[test]
fn s1_same_id_create_race_memory() {
    s1_same_id_create_race(Backend::Memory);
}

#[test]
fn s1_same_id_create_race_file() {
    s1_same_id_create_race(Backend::File);
}

// ---------------------------------------------------------------------------------------
// S2: concurrent destroy of one key

fn s2_concurrent_destroy(backend: Backend) {
    let (c, _dir) = open(backend, "s2");
    let t = stress_threads();
    let v = Violations::new();
    let key = AtomicU64::new(0);
    let results: Vec<Mutex<Option<Result<()>>>> = (0..t).map(|_| Mutex::new(None)).collect();
    let persistent_id = BASE + 0x100;
    let (mut ok, mut invalid) = (0u64, 0u64);
    let mut kinds = [0u64; 3]; // volatile, persistent cached, persistent not in memory

    let rounds = run_rounds(
        t,
        stress_duration(),
        |round| {
            // 0, 2: volatile; 1: persistent in memory; 3: persistent purged first, so the
            // racing destroys take the "not in memory" path.
            let mat = material(round | 0x52 << 56);
            let r = match round % 4 {
                0 | 2 => c.import_key(&hmac_attrs(), &mat),
                n => c
                    .import_key(&persistent_hmac_attrs(persistent_id), &mat)
                    .and_then(|id| {
                        if n == 3 {
                            c.purge_key(id)?;
                        }
                        Ok(id)
                    }),
            };
            match r {
                Ok(id) => {
                    key.store(u64::from(id.raw()), Ordering::SeqCst);
                    kinds[match round % 4 {
                        0 | 2 => 0,
                        1 => 1,
                        _ => 2,
                    }] += 1;
                    true
                }
                Err(e) => {
                    v.report(|| format!("S2 round {round}: setup import -> {e:?}"));
                    false
                }
            }
        },
        |i| {
            let id = KeyId::from_raw(key.load(Ordering::SeqCst) as u32);
            *lock(&results[i]) = Some(c.destroy_key(id));
        },
        |round| {
            let id = KeyId::from_raw(key.load(Ordering::SeqCst) as u32);
            let mut w = 0;
            for (i, r) in results.iter().enumerate() {
                match lock(r).take() {
                    Some(Ok(())) => w += 1,
                    Some(Err(Error::InvalidHandle)) => invalid += 1,
                    other => v.report(|| format!("S2 round {round} thread {i}: {other:?}")),
                }
            }
            ok += w;
            if w != 1 {
                v.report(|| format!("S2 round {round} ({id:?}): {w} successful destroys"));
            }
            let after = c.key_attributes(id);
            if after.as_ref().err() != Some(&Error::InvalidHandle) {
                v.report(|| format!("S2 round {round}: after destroy -> {}", status(&after)));
            }
            if id.is_user() {
                // DESIGN §3.1: the id is free once destroy returned.
                let r = c
                    .import_key(&persistent_hmac_attrs(id.raw()), &material(round))
                    .and_then(|_| c.destroy_key(id));
                if let Err(e) = r {
                    v.report(|| {
                        format!("S2 round {round}: re-create + destroy of {id:?} -> {e:?}")
                    });
                }
            }
        },
    );
    say(&format!(
        "S2 concurrent destroy of one key by {t} threads ({backend:?}): {rounds} rounds \
         (volatile {}, persistent cached {}, persistent not in memory {}); Ok={ok} \
         INVALID_HANDLE={invalid}",
        kinds[0], kinds[1], kinds[2]
    ));
    check_no_leftovers(&c, &v, "S2");
    v.assert_none("S2");
    assert!(rounds > 0, "no round ran");
}

#[test]
fn s2_concurrent_destroy_memory() {
    s2_concurrent_destroy(Backend::Memory);
}

#[test]
fn s2_concurrent_destroy_file() {
    s2_concurrent_destroy(Backend::File);
}

// ---------------------------------------------------------------------------------------
// S3 / S4: destroy while others use the key

/// Shared state of one use-while-destroy round.
struct UseRound {
    /// The key under test (the id the users keep calling).
    key: AtomicU64,
    /// Expected MAC of the key under test.
    mac_old: Mutex<[u8; 32]>,
    /// Material the destroyer creates right after its destroy (S4; S3 re-create rounds).
    mat_new: Mutex<Option<[u8; 32]>>,
    /// Its expected MAC.
    mac_new: Mutex<[u8; 32]>,
    /// Whether the new key takes the same (persistent) id, or is a volatile import.
    recreate_same_id: AtomicBool,
    /// Ticket taken by the destroyer after destroy returned (`u64::MAX`: not yet).
    destroy_ret: AtomicU64,
    /// The destroyer's results: destroy, the follow-up creation.
    destroy_result: Mutex<Option<Result<()>>>,
    create_result: Mutex<Option<Result<KeyId>>>,
    /// Start tickets of each user's successful uses with the old key's MAC, this round.
    ok_starts: Vec<Mutex<Vec<u64>>>,
    delay_ns: AtomicU64,
}

#[derive(Debug, Default)]
struct UseTally {
    rounds: u64,
    ok: u64,
    invalid: u64,
    /// Calls that started after destroy returned and got `InvalidHandle`.
    invalid_after: u64,
    new_key_mac: u64,
    after_destroy_ok: u64,
    wrong_mac: u64,
    other_err: u64,
    same_id_reused: u64,
    recreate_rounds: u64,
}

/// The global order of call starts and destroy returns (one RMW counter: its modification
/// order is total, and each RMW synchronizes with the next, so `a < b` means the event
/// that took `a` happened before the one that took `b`).
static TICKET: AtomicU64 = AtomicU64::new(0);

fn ticket() -> u64 {
    TICKET.fetch_add(1, Ordering::SeqCst)
}

/// One user thread of S3/S4: calls `mac_compute` on the key under test until it has made
/// a call that started after destroy returned (so every user probes the id once the key
/// must be gone). `alias_is_violation`: a success with the new key's material is a
/// violation (volatile: a stale id must never name the new key) rather than allowed
/// (persistent re-create: the same id now names the new key).
fn use_loop(
    c: &Crypto,
    st: &UseRound,
    i: usize,
    alias_is_violation: bool,
    v: &Violations,
    tally: &Mutex<UseTally>,
) {
    let key = KeyId::from_raw(st.key.load(Ordering::SeqCst) as u32);
    let mac_old = *lock(&st.mac_old);
    let has_new = lock(&st.mat_new).is_some();
    let mac_new = *lock(&st.mac_new);
    let mut starts = lock(&st.ok_starts[i]);
    starts.clear();
    let (mut ok, mut invalid, mut invalid_after, mut alias, mut wrong, mut other) =
        (0, 0, 0, 0, 0, 0);
    let mut seen_gone = false;
    // Bounded even if destroy never returns.
    for _ in 0..1_000_000u32 {
        let t = ticket();
        let mut out = [0u8; 32];
        let r = c.mac_compute(key, HMAC_SHA256, MSG, &mut out);
        // Did this call start after destroy returned? (`destroy_ret` is stored after the
        // destroyer's ticket is taken, so reading it after the call is enough.)
        let after_destroy = t > st.destroy_ret.load(Ordering::SeqCst);
        match r {
            Ok(32) if out == mac_old => {
                ok += 1;
                starts.push(t);
                if seen_gone {
                    // Linearizability: this call started after one that found the key gone.
                    v.report(|| format!("{key:?} came back after a use found it destroyed"));
                }
                if after_destroy {
                    break; // the round has its violation (counted from `starts`)
                }
            }
            Ok(32) if has_new && out == mac_new => {
                alias += 1;
                if alias_is_violation {
                    v.report(|| format!("stale id {key:?} reached the NEW key's material"));
                }
                break;
            }
            Ok(n) => {
                wrong += 1;
                v.report(|| format!("use of {key:?}: wrong MAC ({n} bytes)"));
                break;
            }
            Err(Error::InvalidHandle) => {
                invalid += 1;
                seen_gone = true;
                if after_destroy {
                    invalid_after += 1;
                    break;
                }
                // Destroy is under way: let the destroyer finish (sleeping, not spinning:
                // on a small machine spinning users starve it), then probe again.
                thread::sleep(Duration::from_micros(20));
            }
            Err(e) => {
                other += 1;
                v.report(|| format!("use of {key:?} -> {e:?}"));
                break;
            }
        }
    }
    let mut tl = lock(tally);
    tl.ok += ok;
    tl.invalid += invalid;
    tl.invalid_after += invalid_after;
    tl.new_key_mac += alias;
    tl.wrong_mac += wrong;
    tl.other_err += other;
}

/// S3 (`volatile_reimport == false`) and S4 (`true`).
fn use_while_destroy(backend: Backend, volatile_reimport: bool) -> (UseTally, Violations) {
    let phase = if volatile_reimport { "S4" } else { "S3" };
    let (c, _dir) = open(backend, phase);
    let t = stress_threads();
    let v = Violations::new();
    let tally = Mutex::new(UseTally::default());
    let st = UseRound {
        key: AtomicU64::new(0),
        mac_old: Mutex::new([0; 32]),
        mat_new: Mutex::new(None),
        mac_new: Mutex::new([0; 32]),
        recreate_same_id: AtomicBool::new(false),
        destroy_ret: AtomicU64::new(u64::MAX),
        destroy_result: Mutex::new(None),
        create_result: Mutex::new(None),
        ok_starts: (0..t).map(|_| Mutex::new(Vec::new())).collect(),
        delay_ns: AtomicU64::new(0),
    };
    let persistent_id = BASE + 0x200;
    let mut rng = Rng::from_time();

    run_rounds(
        t,
        stress_duration(),
        |round| {
            let persistent = !volatile_reimport && round % 2 == 1;
            let mat = material(round | 0x53 << 56);
            let r = if persistent {
                c.import_key(&persistent_hmac_attrs(persistent_id), &mat)
            } else {
                c.import_key(&hmac_attrs(), &mat)
            };
            let id = match r {
                Ok(id) => id,
                Err(e) => {
                    v.report(|| format!("{phase} round {round}: setup import -> {e:?}"));
                    return false;
                }
            };
            // The store must agree with the oracle before the race starts.
            let expected = hmac_sha256(&mat, MSG);
            if mac_of(&c, id) != Ok(expected) {
                v.report(|| format!("{phase} round {round}: MAC differs from the oracle"));
                return false;
            }
            st.key.store(u64::from(id.raw()), Ordering::SeqCst);
            *lock(&st.mac_old) = expected;
            // S4: a volatile import after every destroy. S3: every other persistent round
            // re-creates the same id at once (DESIGN §3.1).
            let recreate = persistent && round % 4 == 3;
            let new = (volatile_reimport || recreate).then(|| material(round | 0xA5 << 56));
            *lock(&st.mac_new) = new.map_or([0; 32], |m| hmac_sha256(&m, MSG));
            *lock(&st.mat_new) = new;
            st.recreate_same_id.store(recreate, Ordering::SeqCst);
            st.destroy_ret.store(u64::MAX, Ordering::SeqCst);
            st.delay_ns.store(rng.below(200_000), Ordering::SeqCst);
            true
        },
        |i| {
            if i == 0 {
                // The destroyer: a random delay of up to 200 µs, destroy, ticket, then
                // (S4 / re-create rounds) create the next key at once.
                spin_for(Duration::from_nanos(st.delay_ns.load(Ordering::SeqCst)));
                let key = KeyId::from_raw(st.key.load(Ordering::SeqCst) as u32);
                let r = c.destroy_key(key);
                st.destroy_ret.store(ticket(), Ordering::SeqCst);
                *lock(&st.destroy_result) = Some(r);
                if let Some(m) = *lock(&st.mat_new) {
                    let attrs = if st.recreate_same_id.load(Ordering::SeqCst) {
                        persistent_hmac_attrs(key.raw())
                    } else {
                        hmac_attrs()
                    };
                    *lock(&st.create_result) = Some(c.import_key(&attrs, &m));
                }
            } else {
                use_loop(&c, &st, i, volatile_reimport, &v, &tally);
            }
        },
        |round| {
            let key = KeyId::from_raw(st.key.load(Ordering::SeqCst) as u32);
            let destroy_ret = st.destroy_ret.load(Ordering::SeqCst);
            match lock(&st.destroy_result).take() {
                Some(Ok(())) => {}
                other => v.report(|| format!("{phase} round {round}: destroy -> {other:?}")),
            }
            let mut tl = lock(&tally);
            tl.rounds += 1;
            // Linearizability: no use that started after destroy returned may succeed.
            for s in &st.ok_starts {
                let late = lock(s).iter().filter(|&&t| t > destroy_ret).count() as u64;
                if late > 0 {
                    tl.after_destroy_ok += late;
                    v.report(|| format!("{phase} round {round}: {late} use(s) of {key:?} started after destroy returned and succeeded"));
                }
            }
            let recreate = st.recreate_same_id.load(Ordering::SeqCst);
            match lock(&st.create_result).take() {
                None => {}
                Some(Ok(k2)) => {
                    if recreate {
                        tl.recreate_rounds += 1;
                    } else if k2 == key {
                        tl.same_id_reused += 1;
                        v.report(|| format!("{phase} round {round}: destroyed volatile id {key:?} handed out again at once"));
                    }
                    if let Err(e) = c.destroy_key(k2) {
                        v.report(|| {
                            format!("{phase} round {round}: destroy of the new key -> {e:?}")
                        });
                    }
                }
                Some(Err(e)) => v.report(|| {
                    format!("{phase} round {round}: creation right after destroy -> {e:?}")
                }),
            }
            let after = c.key_attributes(key);
            if after.as_ref().err() != Some(&Error::InvalidHandle) {
                v.report(|| format!("{phase} round {round}: after destroy -> {}", status(&after)));
            }
        },
    );
    check_no_leftovers(&c, &v, phase);
    (
        tally.into_inner().unwrap_or_else(PoisonError::into_inner),
        v,
    )
}

fn s3_destroy_while_in_use(backend: Backend) {
    let (tl, v) = use_while_destroy(backend, false);
    let users = stress_threads() as u64 - 1;
    say(&format!(
        "S3 destroy while {users} threads use the key ({backend:?}): {} rounds (alternating \
         volatile/persistent, {} persistent re-created at once); uses: ok={}, \
         INVALID_HANDLE={} (of which started after destroy returned: {}), other errors={}, \
         wrong MAC={}, new key's MAC (re-created id)={}; successful uses that started after \
         destroy returned={}",
        tl.rounds,
        tl.recreate_rounds,
        tl.ok,
        tl.invalid,
        tl.invalid_after,
        tl.other_err,
        tl.wrong_mac,
        tl.new_key_mac,
        tl.after_destroy_ok
    ));
    v.assert_none("S3");
    assert_eq!((tl.after_destroy_ok, tl.wrong_mac, tl.other_err), (0, 0, 0));
    // Every user ended its round with a call that started after destroy returned and got
    // INVALID_HANDLE, or (re-created id) reached the new key.
    assert_eq!(tl.invalid_after + tl.new_key_mac, tl.rounds * users);
}

#[test]
fn s3_destroy_while_in_use_memory() {
    s3_destroy_while_in_use(Backend::Memory);
}

#[test]
fn s3_destroy_while_in_use_file() {
    s3_destroy_while_in_use(Backend::File);
}

#[test]
fn s4_volatile_id_reuse_with_stale_users() {
    let (tl, v) = use_while_destroy(Backend::Memory, true);
    say(&format!(
        "S4 volatile id reuse: destroy, then immediately import another HMAC key while {} \
         threads keep using the old id: {} rounds; new key got the destroyed id in {} rounds; \
         stale uses that SUCCEEDED with the NEW key's material={} (INVALID_HANDLE={}, of \
         which started after destroy returned: {}; ok before destroy={}, ok after destroy \
         returned={}, wrong MAC={}, other={})",
        stress_threads() - 1,
        tl.rounds,
        tl.same_id_reused,
        tl.new_key_mac,
        tl.invalid,
        tl.invalid_after,
        tl.ok,
        tl.after_destroy_ok,
        tl.wrong_mac,
        tl.other_err
    ));
    v.assert_none("S4");
    assert_eq!(
        (
            tl.new_key_mac,
            tl.same_id_reused,
            tl.after_destroy_ok,
            tl.wrong_mac
        ),
        (0, 0, 0, 0)
    );
    // Every stale user's last call started after destroy returned and got INVALID_HANDLE.
    assert_eq!(tl.invalid_after, tl.rounds * (stress_threads() as u64 - 1));
}

// ---------------------------------------------------------------------------------------
// S5: eviction and churn over a persistent pool

const S5_POOL: u32 = 100;
const S5_POOL_BASE: u32 = BASE + 0x1000;
const S5_PRIVATE_BASE: u32 = BASE + 0x4000;

#[derive(Debug, Default)]
struct S5Tally {
    ops: u64,
    uses: u64,
    persistent_churn: u64,
    volatile_churn: u64,
    wrong_mac: u64,
    insufficient_memory: u64,
    unexpected: u64,
}

fn s5_eviction_churn(storage: Arc<dyn Storage>, label: &str) {
    let t = stress_threads();
    // One key's charge, measured (it depends on the reader-shard count, i.e. the CPUs).
    let per_key = {
        let probe = Crypto::with_storage(Arc::new(MemoryStorage::new()), Config::default());
        let id = probe
            .import_key(&hmac_attrs(), &material(0))
            .expect("probe import");
        let n = probe.resident_bytes();
        probe.destroy_key(id).expect("probe destroy");
        n
    };
    // About 40 keys' worth. At any instant each thread pins at most one key (the pool key
    // it is using, or its private key, or the one it is loading), so at most `t` keys are
    // not evictable; the bound keeps room for 2t + 8 so that INSUFFICIENT_MEMORY would mean
    // a spurious failure, not exhaustion (DESIGN §2: a resource error only when resources
    // are really exhausted; §4: the bound is its only source).
    let slots = 40.max(2 * t + 8);
    let limit = slots * per_key;
    let c = Crypto::with_storage(storage, Config::default().with_memory_limit(limit));

    let pool: Vec<(KeyId, [u8; 32], [u8; 32])> = (0..S5_POOL)
        .map(|k| {
            let id = S5_POOL_BASE + k;
            let m = material(u64::from(id) | 0x55 << 56);
            let got = c
                .import_key(&persistent_hmac_attrs(id), &m)
                .expect("pool import");
            (got, m, hmac_sha256(&m, MSG))
        })
        .collect();
    for (id, _, mac) in &pool {
        assert_eq!(mac_of(&c, *id), Ok(*mac), "pool key {id:?} before the run");
    }

    let v = Violations::new();
    let stop = AtomicBool::new(false);
    let tally = Mutex::new(S5Tally::default());
    let max_resident = AtomicU64::new(0);
    let dur = stress_duration();
    thread::scope(|s| {
        for i in 0..t {
            let (c, pool, v, stop, tally) = (&c, &pool, &v, &stop, &tally);
            s.spawn(move || {
                let mut rng = Rng::new(0x0abc_def1_2345 + i as u64 * 7919);
                let mut tl = S5Tally::default();
                let private = KeyId::from_raw(S5_PRIVATE_BASE + i as u32);
                let note = |r: Error, what: &str, tl: &mut S5Tally| {
                    if r == Error::InsufficientMemory {
                        tl.insufficient_memory += 1;
                    } else {
                        tl.unexpected += 1;
                        v.report(|| format!("S5 thread {i}: {what} -> {r:?}"));
                    }
                };
                while !stop.load(Ordering::Relaxed) {
                    tl.ops += 1;
                    let r = rng.below(10);
                    if r < 8 {
                        let (id, _, want) = &pool[rng.below(u64::from(S5_POOL)) as usize];
                        tl.uses += 1;
                        match mac_of(c, *id) {
                            Ok(m) if m == *want => {}
                            Ok(_) => {
                                tl.wrong_mac += 1;
                                v.report(|| format!("S5: wrong MAC from pool key {id:?}"));
                            }
                            Err(e) => note(e, "pool use", &mut tl),
                        }
                        continue;
                    }
                    let m = material(rng.next_u64());
                    let (attrs, what) = if r == 8 {
                        tl.persistent_churn += 1;
                        (persistent_hmac_attrs(private.raw()), "private persistent")
                    } else {
                        tl.volatile_churn += 1;
                        (hmac_attrs(), "volatile")
                    };
                    match c.import_key(&attrs, &m) {
                        Ok(id) => {
                            match mac_of(c, id) {
                                Ok(got) if got == hmac_sha256(&m, MSG) => {}
                                Ok(_) => {
                                    tl.wrong_mac += 1;
                                    v.report(|| format!("S5: wrong MAC from fresh {what} key"));
                                }
                                Err(e) => note(e, "fresh key use", &mut tl),
                            }
                            // Any error here, INSUFFICIENT_MEMORY included, is a bug: the
                            // destroy of an existing key needs no memory.
                            if let Err(e) = c.destroy_key(id) {
                                tl.unexpected += 1;
                                v.report(|| format!("S5 thread {i}: destroy {what} -> {e:?}"));
                            }
                        }
                        Err(e) => note(e, what, &mut tl),
                    }
                }
                let mut all = lock(tally);
                all.ops += tl.ops;
                all.uses += tl.uses;
                all.persistent_churn += tl.persistent_churn;
                all.volatile_churn += tl.volatile_churn;
                all.wrong_mac += tl.wrong_mac;
                all.insufficient_memory += tl.insufficient_memory;
                all.unexpected += tl.unexpected;
            });
        }
        // The coordinator samples the charged bytes: they must never exceed the bound.
        let deadline = Instant::now() + dur;
        while Instant::now() < deadline {
            let r = c.resident_bytes();
            max_resident.fetch_max(r as u64, Ordering::Relaxed);
            if r > limit {
                v.report(|| format!("S5: {r} bytes charged, over the bound of {limit}"));
            }
            thread::sleep(Duration::from_millis(1));
        }
        stop.store(true, Ordering::Relaxed);
    });
    let tl = tally.into_inner().unwrap_or_else(PoisonError::into_inner);

    // The pool is intact: every key, from memory or reloaded, has its material and MAC.
    for (id, m, mac) in &pool {
        if mac_of(&c, *id) != Ok(*mac) {
            v.report(|| format!("S5 after the run: pool key {id:?} MAC differs"));
        }
        match c.export_key_to_vec(*id) {
            Ok(got) if got[..] == m[..] => {}
            other => v.report(|| {
                format!(
                    "S5 after the run: export of {id:?} -> {:?}",
                    other.map(|_| "other material")
                )
            }),
        }
    }
    let want_ids: Vec<KeyId> = pool.iter().map(|p| p.0).collect();
    let listed = c.persistent_keys();
    if listed.as_ref() != Ok(&want_ids) {
        v.report(|| format!("S5 after the run: persistent keys {listed:?}, want exactly the pool"));
    }
    let volatile = c.volatile_keys();
    if !volatile.is_empty() {
        v.report(|| format!("S5 left volatile keys behind: {volatile:?}"));
    }
    // Every charged byte is given back once nothing is in memory.
    for (id, _, _) in &pool {
        c.purge_key(*id).expect("purge pool key");
    }
    let left = c.resident_bytes();
    say(&format!(
        "S5 eviction/churn ({label}): {t} threads, {S5_POOL}-key persistent pool over a bound \
         of {slots} keys ({limit} bytes, {per_key} per key); {} ops ({} uses w/ MAC check, {} \
         persistent create/use/destroy, {} volatile); wrong MAC={}, INSUFFICIENT_MEMORY={}, \
         other errors={}; max charged={} bytes; charged after purging all={left}",
        tl.ops,
        tl.uses,
        tl.persistent_churn,
        tl.volatile_churn,
        tl.wrong_mac,
        tl.insufficient_memory,
        tl.unexpected,
        max_resident.load(Ordering::Relaxed)
    ));
    v.assert_none("S5");
    assert_eq!(tl.wrong_mac, 0);
    assert_eq!(
        tl.insufficient_memory, 0,
        "spurious INSUFFICIENT_MEMORY: at most {t} of {slots} keys can be pinned"
    );
    assert_eq!(
        left, 0,
        "bytes still charged with no key in memory (an accounting leak)"
    );
    assert!(
        tl.uses > 0 && tl.persistent_churn > 0 && tl.volatile_churn > 0,
        "S5 did not exercise every path: {tl:?}"
    );
}

#[test]
fn s5_eviction_churn_file() {
    let dir = TestDir::new("s5");
    let storage: Arc<dyn Storage> = Arc::new(FileStorage::open(dir.path()).expect("open"));
    s5_eviction_churn(Arc::clone(&storage), "file");
    // A fresh instance over the same directory sees the intact pool.
    let c = Crypto::open(dir.path()).expect("reopen");
    for k in 0..S5_POOL {
        let id = KeyId::from_raw(S5_POOL_BASE + k);
        let m = material(u64::from(id.raw()) | 0x55 << 56);
        assert_eq!(
            mac_of(&c, id),
            Ok(hmac_sha256(&m, MSG)),
            "pool key {id:?} after reopen"
        );
    }
    assert_eq!(c.persistent_keys().map(|v| v.len()), Ok(S5_POOL as usize));
}

#[test]
fn s5_eviction_churn_memory_storage() {
    s5_eviction_churn(Arc::new(MemoryStorage::new()), "memory storage");
}

// ---------------------------------------------------------------------------------------
// S6: a failing same-id creation must not hide the existing key

fn s6_failed_create_hides_nothing(backend: Backend) {
    let (c, _dir) = open(backend, "s6");
    let t = stress_threads().max(4);
    let v = Violations::new();
    let id = KeyId::from_raw(BASE + 0x300);
    let mat = material(0x56 << 56);
    let want = hmac_sha256(&mat, MSG);
    let other = material(0x57 << 56);
    c.import_key(&persistent_hmac_attrs(id.raw()), &mat)
        .expect("create");
    c.purge_key(id).expect("purge");

    // Part 1: the key exists throughout. One thread keeps trying to create it again (each
    // attempt must be ALREADY_EXISTS), one keeps purging it (so that it is often only in
    // storage when a creation starts), the others keep using it.
    let stop = AtomicBool::new(false);
    let (creates, purges, uses, hidden) = (
        AtomicU64::new(0),
        AtomicU64::new(0),
        AtomicU64::new(0),
        AtomicU64::new(0),
    );
    thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                creates.fetch_add(1, Ordering::Relaxed);
                match c.import_key(&persistent_hmac_attrs(id.raw()), &other) {
                    Err(Error::AlreadyExists) => {}
                    r => v.report(|| format!("S6 re-create of an existing key -> {}", status(&r))),
                }
            }
        });
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                purges.fetch_add(1, Ordering::Relaxed);
                match c.purge_key(id) {
                    Ok(()) => {}
                    Err(Error::InvalidHandle) => {
                        hidden.fetch_add(1, Ordering::Relaxed);
                        v.report(|| "S6 purge of an existing key -> InvalidHandle".to_owned());
                    }
                    Err(e) => v.report(|| format!("S6 purge -> {e:?}")),
                }
            }
        });
        for _ in 2..t {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    uses.fetch_add(1, Ordering::Relaxed);
                    match mac_of(&c, id) {
                        Ok(m) if m == want => {}
                        Ok(_) => v.report(|| "S6: wrong MAC".to_owned()),
                        Err(Error::InvalidHandle) => {
                            hidden.fetch_add(1, Ordering::Relaxed);
                            v.report(|| {
                                "S6 use of an existing key -> InvalidHandle (hidden by a \
                                 failing creation)"
                                    .to_owned()
                            });
                        }
                        Err(e) => v.report(|| format!("S6 use -> {e:?}")),
                    }
                }
            });
        }
        thread::sleep(stress_duration());
        stop.store(true, Ordering::Relaxed);
    });

    if let Err(e) = c.destroy_key(id) {
        v.report(|| format!("S6: destroy after part 1 -> {e:?}"));
    }

    // Part 2: rounds of one creation (ALREADY_EXISTS if it comes first, Ok if it comes
    // after the destroy) racing one destroy of the key, which is only in storage. The
    // destroy must succeed either way: nobody else destroys the key.
    let create_r = Mutex::new(None);
    let destroy_r = Mutex::new(None);
    let (mut destroy_invalid, mut create_first, mut destroy_first) = (0u64, 0u64, 0u64);
    let rounds = run_rounds(
        2,
        stress_duration(),
        |round| {
            let r = c
                .import_key(&persistent_hmac_attrs(id.raw()), &mat)
                .and_then(|_| c.purge_key(id));
            if let Err(e) = r {
                v.report(|| format!("S6 round {round}: setup -> {e:?}"));
                return false;
            }
            true
        },
        |i| {
            if i == 0 {
                *lock(&create_r) = Some(c.import_key(&persistent_hmac_attrs(id.raw()), &other));
            } else {
                *lock(&destroy_r) = Some(c.destroy_key(id));
            }
        },
        |round| {
            let cr = lock(&create_r).take();
            let dr = lock(&destroy_r).take();
            match (&cr, &dr) {
                (Some(Err(Error::AlreadyExists)), Some(Ok(()))) => create_first += 1,
                (Some(Ok(_)), Some(Ok(()))) => destroy_first += 1,
                _ => {
                    if matches!(dr, Some(Err(Error::InvalidHandle))) {
                        destroy_invalid += 1;
                    }
                    v.report(|| {
                        format!(
                            "S6 round {round}: create {cr:?} racing destroy {dr:?} of an \
                             existing key: no sequential order gives this"
                        )
                    });
                }
            }
            // Clean up whatever exists now, for the next round.
            match c.destroy_key(id) {
                Ok(()) | Err(Error::InvalidHandle) => {}
                Err(e) => v.report(|| format!("S6 round {round}: cleanup -> {e:?}")),
            }
        },
    );
    say(&format!(
        "S6 failing same-id creation vs the existing key ({backend:?}): part 1: {} creations \
         (all must be ALREADY_EXISTS), {} purges, {} uses; existing key reported absent {} \
         times; part 2: {rounds} create-vs-destroy rounds (create first {create_first}, \
         destroy first {destroy_first}), destroy of the existing key -> INVALID_HANDLE in \
         {destroy_invalid} rounds",
        creates.load(Ordering::Relaxed),
        purges.load(Ordering::Relaxed),
        uses.load(Ordering::Relaxed),
        hidden.load(Ordering::Relaxed),
    ));
    check_no_leftovers(&c, &v, "S6");
    v.assert_none("S6");
}

#[test]
fn s6_failed_same_id_create_hides_nothing_memory() {
    s6_failed_create_hides_nothing(Backend::Memory);
}

#[test]
fn s6_failed_same_id_create_hides_nothing_file() {
    s6_failed_create_hides_nothing(Backend::File);
}

// ---------------------------------------------------------------------------------------
// S7: the listing agrees with lookups

fn s7_listing_agrees_with_lookup(backend: Backend) {
    let (c, _dir) = open(backend, "s7");
    let v = Violations::new();
    let id = KeyId::from_raw(BASE + 0x400);
    let done = AtomicBool::new(false);
    let creating = AtomicBool::new(true);
    let tallies = Mutex::new((0u64, 0u64, 0u64));
    // Even rounds create the key, odd rounds destroy it; one thread does that, the other
    // probes until it is done (and once more after).
    let rounds = run_rounds(
        2,
        stress_duration(),
        |round| {
            done.store(false, Ordering::SeqCst);
            creating.store(round % 2 == 0, Ordering::SeqCst);
            true
        },
        |i| {
            let round_creates = creating.load(Ordering::SeqCst);
            if i == 0 {
                // Let the prober start first.
                thread::yield_now();
                let r = if round_creates {
                    c.import_key(&persistent_hmac_attrs(id.raw()), &material(1))
                        .map(|_| ())
                } else {
                    c.destroy_key(id)
                };
                if let Err(e) = r {
                    v.report(|| format!("S7: create/destroy -> {e:?}"));
                }
                done.store(true, Ordering::SeqCst);
                return;
            }
            let (mut lta, mut atl, mut n) = (0u64, 0u64, 0u64);
            loop {
                let last = done.load(Ordering::SeqCst);
                n += 1;
                if round_creates {
                    // No destroy runs: a listed key must be found afterwards.
                    let listed = c.persistent_keys().is_ok_and(|k| k.contains(&id));
                    if listed && c.key_attributes(id).is_err() {
                        lta += 1;
                        v.report(|| {
                            format!(
                                "S7: {id:?} listed, then not found (its creation not yet returned)"
                            )
                        });
                    }
                } else {
                    // No creation runs: a key found gone must not be listed afterwards.
                    let gone = c.key_attributes(id).is_err();
                    if gone && c.persistent_keys().is_ok_and(|k| k.contains(&id)) {
                        atl += 1;
                        v.report(|| {
                            format!(
                                "S7: {id:?} not found, then listed (its destroy not yet returned)"
                            )
                        });
                    }
                }
                if last {
                    break;
                }
            }
            let mut tl = lock(&tallies);
            tl.0 += lta;
            tl.1 += atl;
            tl.2 += n;
        },
        |_| {},
    );
    let (listed_then_absent, absent_then_listed, probes) =
        tallies.into_inner().unwrap_or_else(PoisonError::into_inner);
    let _ = c.destroy_key(id);
    say(&format!(
        "S7 listing vs lookup ({backend:?}): {rounds} rounds (create / destroy alternating), \
         {probes} probes; listed-then-not-found={listed_then_absent}, \
         not-found-then-listed={absent_then_listed}"
    ));
    check_no_leftovers(&c, &v, "S7");
    v.assert_none("S7");
}

#[test]
fn s7_listing_agrees_with_lookup_memory() {
    s7_listing_agrees_with_lookup(Backend::Memory);
}

#[test]
fn s7_listing_agrees_with_lookup_file() {
    s7_listing_agrees_with_lookup(Backend::File);
}

// ---------------------------------------------------------------------------------------
// S8: export_key_to_vec while the id is re-created with another length

/// Self-describing material of `len` bytes: `len`, a counter, then bytes derived from both.
fn sized_material(len: usize, counter: u64) -> Vec<u8> {
    let mut out = vec![len as u8];
    out.extend_from_slice(&counter.to_le_bytes());
    let mut rng = Rng::new(counter ^ (len as u64).rotate_left(48));
    while out.len() < len {
        out.push(rng.next_u64() as u8);
    }
    out
}

/// Whether `m` is one whole [`sized_material`].
fn is_whole_sized_material(m: &[u8]) -> bool {
    m.len() >= 9
        && usize::from(m[0]) == m.len()
        && m[1..9]
            .try_into()
            .is_ok_and(|c| m == &sized_material(m.len(), u64::from_le_bytes(c))[..])
}

fn s8_export_during_recreate(backend: Backend) {
    let (c, _dir) = open(backend, "s8");
    let t = stress_threads();
    // Several ids, each re-created by its own thread; exporters pick ids at random. The race
    // needs an exporter to pause between its two steps (on a busy machine: preempted) while
    // its id goes from a short key to a long one.
    let ids: Vec<KeyId> = (0..(t / 2).max(2) as u32)
        .map(|k| KeyId::from_raw(BASE + 0x500 + k))
        .collect();
    let v = Violations::new();
    let stop = AtomicBool::new(false);
    let (exports, recreations, too_small) =
        (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    thread::scope(|s| {
        for &id in &ids {
            let (c, v, stop, recreations) = (&c, &v, &stop, &recreations);
            s.spawn(move || {
                let mut counter = u64::from(id.raw()) << 32;
                while !stop.load(Ordering::Relaxed) {
                    counter += 1;
                    let len = if counter % 2 == 0 { 32 } else { 64 };
                    let attrs = KeyAttributes::new(KeyType::HMAC, len as u32 * 8)
                        .with_usage(Usage::EXPORT)
                        .with_algorithm(HMAC_SHA256)
                        .with_id(id);
                    // Keep each key a while (10 µs): exporters mostly find one, and the
                    // destroy + re-create that follows is a short gap.
                    let r = c
                        .import_key(&attrs, &sized_material(len, counter))
                        .and_then(|_| {
                            spin_for(Duration::from_micros(10));
                            c.destroy_key(id)
                        });
                    if let Err(e) = r {
                        v.report(|| format!("S8: re-create/destroy of {id:?} -> {e:?}"));
                    }
                    recreations.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        for i in 0..t {
            let (c, v, stop, exports, too_small, ids) = (&c, &v, &stop, &exports, &too_small, &ids);
            s.spawn(move || {
                let mut rng = Rng::new(i as u64);
                while !stop.load(Ordering::Relaxed) {
                    exports.fetch_add(1, Ordering::Relaxed);
                    let id = ids[rng.below(ids.len() as u64) as usize];
                    match c.export_key_to_vec(id) {
                        Ok(m) if is_whole_sized_material(&m) => {}
                        Ok(m) => v.report(|| format!("S8: exported {} torn bytes", m.len())),
                        Err(Error::InvalidHandle) => {}
                        Err(Error::BufferTooSmall) => {
                            too_small.fetch_add(1, Ordering::Relaxed);
                            v.report(|| {
                                "S8: export_key_to_vec -> BufferTooSmall (its length came \
                                 from one key, its copy from the next)"
                                    .to_owned()
                            });
                        }
                        Err(e) => v.report(|| format!("S8: export_key_to_vec -> {e:?}")),
                    }
                }
            });
        }
        // Three phase lengths: the race needs an exporter preempted inside a ~100 ns gap.
        thread::sleep(3 * stress_duration());
        stop.store(true, Ordering::Relaxed);
    });
    say(&format!(
        "S8 export_key_to_vec during re-creation ({backend:?}): {} exports over {} ids, {} \
         re-creations (32/64 bytes alternating); BufferTooSmall={}",
        exports.load(Ordering::Relaxed),
        ids.len(),
        recreations.load(Ordering::Relaxed),
        too_small.load(Ordering::Relaxed)
    ));
    check_no_leftovers(&c, &v, "S8");
    v.assert_none("S8");
}

#[test]
fn s8_export_to_vec_during_recreate_memory() {
    s8_export_during_recreate(Backend::Memory);
}
