//! Crash consistency of persistent keys (DESIGN §5): a process killed at any instant leaves
//! each key either fully present, exactly as created, or absent, never torn; and every
//! create or destroy that *returned* before the kill has taken effect.
//!
//! The test binary re-executes itself as a child (`current_exe() --exact <test>
//! --nocapture`, with an environment variable giving the role). The child opens the store
//! with `Crypto::open`, prints `ready`, and churns a few persistent HMAC keys: it creates,
//! destroys, purges (forcing reloads) and uses them, printing `begin ...` before and
//! `done ...` after each create/destroy. Each key's material is self-describing: its first
//! 8 bytes are a counter unique to that creation, the rest a deterministic function of
//! (id, counter); its length and policy depend on the id. The parent SIGKILLs the child
//! (`Child::kill`) 0–40 ms after `ready`, reopens the store and checks that:
//! - every key present has the attributes it was created with, self-consistent material
//!   that exports, and a MAC equal to an independent HMAC of that material;
//! - the store equals the parent's model (the initial state plus the child's completed
//!   operations), except the one operation in flight at the kill, which may or may not
//!   have happened;
//! - no temporary file survives the reopen.
//!
//! It fails if a record is torn or mixed (wrong length, counter or tail, corrupt-file
//! error), if an operation that returned was lost or a failed one took effect, or if the
//! child hits an unexpected status (it then exits early, which the parent detects).
//!
//! Knobs: `STRONGROOM_CRASH_ITERS` (kills, default 200), `STRONGROOM_CRASH_SEED` (replay).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{HMAC_SHA256, MSG, Rng, TestDir, env_u64, hmac_sha256, say};
use strongroom::{Algorithm, Crypto, Error, KeyAttributes, KeyId, KeyType, Usage};

const TEST: &str = "crash_at_random_instants_leaves_each_key_whole_or_absent";
const ROLE_DIR: &str = "STRONGROOM_CRASH_CHILD_DIR";
const ROLE_INDEX: &str = "STRONGROOM_CRASH_CHILD_INDEX";
/// Persistent ids `BASE .. BASE + IDS`.
const BASE: u32 = 0x0003_0000;
const IDS: u32 = 6;
/// A child left alone stops after this long (in case its parent died).
const CHILD_LIFETIME: Duration = Duration::from_secs(20);

/// What was requested at creation for `id`: the length (and so the bits) and the policy
/// vary with the id, so a record attached to the wrong id, or a mixed record, shows.
fn requested_attrs(id: u32) -> KeyAttributes {
    let bytes = 32 + 8 * (id % 3);
    let (usage, alg) = if id.is_multiple_of(2) {
        (
            Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE | Usage::EXPORT,
            HMAC_SHA256,
        )
    } else {
        (
            Usage::SIGN_MESSAGE | Usage::EXPORT,
            Algorithm::hmac(Algorithm::SHA_1),
        )
    };
    KeyAttributes::new(KeyType::HMAC, bytes * 8)
        .with_usage(usage)
        .with_algorithm(alg)
        .with_id(KeyId::from_raw(id))
}

/// The material of creation `counter` of `id`: the counter, then bytes derived from both.
fn material_for(id: u32, counter: u64) -> Vec<u8> {
    let len = requested_attrs(id).bits() as usize / 8;
    let mut out = counter.to_le_bytes().to_vec();
    let mut rng = Rng::new(u64::from(id).rotate_left(40) ^ counter);
    while out.len() < len {
        out.push(rng.next_u64() as u8);
    }
    out
}

/// The counter of a self-consistent material of `id`, or `None` if it is torn or foreign.
fn counter_of(id: u32, material: &[u8]) -> Option<u64> {
    let counter = u64::from_le_bytes(material.get(..8)?.try_into().ok()?);
    (material == material_for(id, counter).as_slice()).then_some(counter)
}

/// The store's state as the model sees it: id → counter of the key present.
type State = BTreeMap<u32, u64>;

/// Reads the whole store through the public API, checking every key on the way.
fn read_store(c: &Crypto, expected_attrs: &BTreeMap<u32, KeyAttributes>) -> Result<State, String> {
    let mut state = State::new();
    let listed = c
        .persistent_keys()
        .map_err(|e| format!("persistent_keys -> {e:?}"))?;
    for id in &listed {
        if !expected_attrs.contains_key(&id.raw()) {
            return Err(format!("unexpected key {id:?} in the store"));
        }
    }
    for (&raw, want) in expected_attrs {
        let id = KeyId::from_raw(raw);
        match c.key_attributes(id) {
            Ok(a) => {
                if a != *want {
                    return Err(format!("{id:?}: attributes {a:?}, created as {want:?}"));
                }
                let m = c
                    .export_key_to_vec(id)
                    .map_err(|e| format!("{id:?}: export -> {e:?}"))?;
                let counter = counter_of(raw, &m)
                    .ok_or_else(|| format!("{id:?}: torn or foreign material"))?;
                let mut tag = [0u8; 32];
                let n = c
                    .mac_compute(id, want.algorithm(), MSG, &mut tag)
                    .map_err(|e| format!("{id:?}: mac -> {e:?}"))?;
                if want.algorithm() == HMAC_SHA256 && tag[..n] != hmac_sha256(&m, MSG) {
                    return Err(format!("{id:?}: MAC does not match its material"));
                }
                if !listed.contains(&id) {
                    return Err(format!("{id:?} exists but is not listed"));
                }
                state.insert(raw, counter);
            }
            Err(Error::InvalidHandle) => {
                if listed.contains(&id) {
                    return Err(format!("{id:?} listed but absent"));
                }
            }
            Err(e) => return Err(format!("{id:?}: key_attributes -> {e:?}")),
        }
    }
    Ok(state)
}

// ---------------------------------------------------------------------------------------
// The child

/// One line of the child's journal: `begin|done create|destroy <id> <counter>`.
fn journal(phase: &str, op: &str, id: u32, counter: u64) {
    println!("{phase} {op} {id} {counter}");
}

fn child_main(dir: &Path, index: u64) -> ! {
    let outcome = std::panic::catch_unwind(|| child_churn(dir, index));
    let code = match outcome {
        Ok(()) => 0,
        Err(_) => 3,
    };
    std::process::exit(code);
}

fn child_churn(dir: &Path, index: u64) {
    let c = Crypto::open(dir).expect("child: open");
    let attrs: BTreeMap<u32, KeyAttributes> = (BASE..BASE + IDS)
        .map(|id| (id, requested_attrs(id)))
        .collect();
    // The child starts from what the store holds (the parent checks the same state).
    let expected = expected_attributes();
    let mut state = read_store(&c, &expected).expect("child: initial store");
    println!("ready");
    let mut rng = Rng::new(index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xC0FFEE);
    let mut counter = index << 32;
    let t0 = Instant::now();
    while t0.elapsed() < CHILD_LIFETIME {
        let id = BASE + rng.below(u64::from(IDS)) as u32;
        let kid = KeyId::from_raw(id);
        match state.get(&id).copied() {
            None => {
                counter += 1;
                journal("begin", "create", id, counter);
                let r = c.import_key(&attrs[&id], &material_for(id, counter));
                assert_eq!(r, Ok(kid), "child: create {id:#x}");
                journal("done", "create", id, counter);
                state.insert(id, counter);
            }
            Some(have) => match rng.below(4) {
                0 | 1 => {
                    journal("begin", "destroy", id, have);
                    assert_eq!(c.destroy_key(kid), Ok(()), "child: destroy {id:#x}");
                    journal("done", "destroy", id, have);
                    state.remove(&id);
                }
                2 => {
                    // Drop the cached copy: the next use reloads the record from disk.
                    c.purge_key(kid).expect("child: purge");
                    let m = c
                        .export_key_to_vec(kid)
                        .expect("child: export after reload");
                    assert_eq!(counter_of(id, &m), Some(have), "child: reloaded material");
                }
                _ => {
                    let m = c.export_key_to_vec(kid).expect("child: export");
                    assert_eq!(counter_of(id, &m), Some(have), "child: material");
                }
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// The parent

/// The attributes each id reads back with (the request plus the usage flags PSA implies),
/// as an in-memory instance reports them.
fn expected_attributes() -> BTreeMap<u32, KeyAttributes> {
    let c = Crypto::in_memory();
    (BASE..BASE + IDS)
        .map(|id| {
            let key = c
                .import_key(&requested_attrs(id), &material_for(id, 0))
                .expect("reference import");
            (id, c.key_attributes(key).expect("reference attributes"))
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Op {
    Create(u32, u64),
    Destroy(u32),
}

fn parse_line(line: &str) -> Option<(bool, Op)> {
    let mut it = line.split_whitespace();
    let done = match it.next()? {
        "begin" => false,
        "done" => true,
        _ => return None,
    };
    let op = it.next()?;
    let id: u32 = it.next()?.parse().ok()?;
    let counter: u64 = it.next()?.parse().ok()?;
    let op = match op {
        "create" => Op::Create(id, counter),
        "destroy" => Op::Destroy(id),
        _ => return None,
    };
    Some((done, op))
}

fn apply(state: &mut State, op: Op) {
    match op {
        Op::Create(id, counter) => {
            state.insert(id, counter);
        }
        Op::Destroy(id) => {
            state.remove(&id);
        }
    }
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn crash_at_random_instants_leaves_each_key_whole_or_absent() {
    if let (Some(dir), Some(index)) = (std::env::var_os(ROLE_DIR), std::env::var_os(ROLE_INDEX)) {
        let index = index.to_string_lossy().parse().expect("child index");
        child_main(&PathBuf::from(dir), index);
    }

    let iters = env_u64("STRONGROOM_CRASH_ITERS", 200);
    let seed = std::env::var("STRONGROOM_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Rng::from_time().next_u64());
    let mut rng = Rng::new(seed);
    let dir = TestDir::new("crash");
    let expected = expected_attributes();
    let mut model = State::new();
    let (mut completed_ops, mut in_flight, mut in_flight_applied, mut keys_checked) =
        (0u64, 0u64, 0u64, 0u64);
    let mut max_present = 0usize;
    let t0 = Instant::now();

    for it in 0..iters {
        let ctx = |what: String| format!("iteration {it} (STRONGROOM_CRASH_SEED={seed}): {what}");
        let mut child = Command::new(std::env::current_exe().expect("current_exe"))
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(ROLE_DIR, dir.path())
            .env(ROLE_INDEX, (it + 1).to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn child");
        // A reader thread drains the journal so the child never blocks on a full pipe.
        let stdout = child.stdout.take().expect("child stdout");
        let (tx, rx) = mpsc::channel::<String>();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait for `ready` (libtest prints "test <name> ... " before it, on the same line).
        loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.trim_end().ends_with("ready") => break,
                Ok(_) => {}
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("{}", ctx(format!("child never got ready: {e:?}")));
                }
            }
        }
        thread::sleep(Duration::from_millis(rng.below(41)));
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!(
                "{}",
                ctx(format!(
                    "child exited on its own ({status}): it hit an unexpected status"
                ))
            );
        }
        child.kill().expect("kill child");
        let status = child.wait().expect("wait child");
        assert!(!status.success(), "{}", ctx("the child was killed".into()));
        reader.join().expect("journal reader");

        // Replay the journal: completed operations happened; at most one was in flight.
        let mut pending: Option<Op> = None;
        for line in rx.try_iter() {
            let Some((done, op)) = parse_line(&line) else {
                continue;
            };
            if done {
                assert_eq!(
                    pending.take(),
                    Some(op),
                    "{}",
                    ctx(format!("journal out of order at {line:?}"))
                );
                apply(&mut model, op);
                completed_ops += 1;
            } else {
                assert_eq!(pending, None, "{}", ctx("two operations in flight".into()));
                pending = Some(op);
            }
        }

        let c = Crypto::open(dir.path()).expect("reopen after kill");
        let actual = read_store(&c, &expected).unwrap_or_else(|e| panic!("{}", ctx(e)));
        drop(c);
        let mut with_pending = model.clone();
        if let Some(op) = pending {
            in_flight += 1;
            apply(&mut with_pending, op);
        }
        if actual == with_pending && actual != model {
            in_flight_applied += 1;
            model = with_pending;
        } else if actual != model {
            panic!(
                "{}",
                ctx(format!(
                    "store {actual:?} is neither the state before the operation in flight \
                     {model:?} nor after it ({pending:?})"
                ))
            );
        }
        keys_checked += actual.len() as u64;
        max_present = max_present.max(actual.len());
        // The reopen deleted the dead writer's temporary files; only records and LOCK stay.
        let stray: Vec<String> = dir_entries(dir.path())
            .into_iter()
            .filter(|n| n != "LOCK" && !(n.starts_with("key-") && n.ends_with(".srk")))
            .collect();
        assert!(
            stray.is_empty(),
            "{}",
            ctx(format!("files left after reopen: {stray:?}"))
        );
    }

    say(&format!(
        "crash: {iters} kills in {:.1} s (seed {seed}); completed create/destroy operations \
         replayed={completed_ops}; kills with an operation in flight={in_flight} (of which it \
         had taken effect: {in_flight_applied}); keys checked present={keys_checked}, at most \
         {max_present} at once",
        t0.elapsed().as_secs_f64()
    ));
    assert!(
        completed_ops > 0,
        "the child never completed an operation: nothing was tested"
    );
}
