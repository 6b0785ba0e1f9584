//! Tests with real separate processes: the test binary re-executes itself as a child
//! (`current_exe() --exact <test> --nocapture`, with an environment variable saying which
//! role to play).
//!
//! - `crash_at_random_instants_never_tears_a_record`: a child churns the store; the parent
//!   SIGKILLs it after 0–30 ms, reopens the directory and checks that every record present
//!   is a complete, self-consistent payload. `STRONGROOM_CRASH_ITERS` sets the number of
//!   kills (default 200). `STRONGROOM_CRASH_SEED` replays a run.
//! - `processes_race_create_exactly_one_wins`: several processes race `create` on the
//!   same uids.
//!
//! A SIGKILL tests atomicity against process death (the kernel keeps what was written);
//! it cannot simulate a power loss, which is what the `fsync`s are for.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{Rng, TestDir};
use strongroom_storage::{FileStorage, Storage, StorageError, Uid};

const ROLE_CHILD_DIR: &str = "STRONGROOM_STORAGE_TEST_CHILD_DIR";
const ROLE_CHILD_ARG: &str = "STRONGROOM_STORAGE_TEST_CHILD_ARG";

/// Starts this test binary again, running only `test` in the child role.
fn spawn_child(test: &str, dir: &Path, arg: u64) -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(ROLE_CHILD_DIR, dir)
        .env(ROLE_CHILD_ARG, arg.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

/// In a child: the directory and argument the parent passed, or `None` in the parent.
fn child_role() -> Option<(PathBuf, u64)> {
    let dir = std::env::var_os(ROLE_CHILD_DIR)?;
    let arg = std::env::var(ROLE_CHILD_ARG).ok()?.parse().ok()?;
    Some((PathBuf::from(dir), arg))
}

/// Reads the child's stdout up to a line ending in `marker`; panics if the child ends first.
fn wait_for_line(stdout: &mut BufReader<ChildStdout>, marker: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        let n = stdout.read_line(&mut line).unwrap();
        assert!(n != 0, "child exited before printing {marker}");
        // libtest prints "test <name> ... " without a newline before the test runs.
        if line.trim_end().ends_with(marker) {
            return;
        }
    }
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

// ---------------------------------------------------------------------------------------
// Crash test

const CRASH_TEST: &str = "crash_at_random_instants_never_tears_a_record";
const CRASH_UIDS: u64 = 16;

/// The payload stored for (`uid`, `version`): it names both, and its length and body are
/// derived from them, so any payload can be checked on its own.
fn crash_payload(uid: Uid, version: u64) -> Vec<u8> {
    let mut mix = Rng::new(uid.rotate_left(32) ^ version);
    let len = 16 + mix.below(6000) as usize;
    let mut payload = Vec::with_capacity(len);
    payload.extend_from_slice(&uid.to_le_bytes());
    payload.extend_from_slice(&version.to_le_bytes());
    payload.extend(mix.bytes(len - 16));
    payload
}

fn check_crash_payload(uid: Uid, payload: &[u8]) -> Result<u64, String> {
    let head: [u8; 16] = payload
        .get(..16)
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| format!("uid {uid}: payload of {} bytes", payload.len()))?;
    let named_uid = u64::from_le_bytes(head[..8].try_into().unwrap());
    let version = u64::from_le_bytes(head[8..].try_into().unwrap());
    if named_uid != uid {
        return Err(format!("uid {uid} holds the payload of uid {named_uid}"));
    }
    if payload != crash_payload(uid, version) {
        return Err(format!(
            "uid {uid} version {version}: payload is not the one written"
        ));
    }
    Ok(version)
}

/// The child: churn the store until killed (or, as a safety net, for 10 s).
fn crash_child(dir: &Path, seed: u64) {
    let storage = FileStorage::open(dir).unwrap();
    let mut rng = Rng::new(seed);
    // Versions unique across children: the seed picks the range.
    let mut version = seed << 20;
    say("READY");
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let uid = rng.below(CRASH_UIDS);
        version += 1;
        match rng.below(10) {
            0..4 => storage.set(uid, &crash_payload(uid, version)).unwrap(),
            4..7 => match storage.create(uid, &crash_payload(uid, version)) {
                Ok(()) | Err(StorageError::AlreadyExists) => {}
                Err(err) => panic!("create {uid}: {err:?}"),
            },
            7..9 => match storage.remove(uid) {
                Ok(()) | Err(StorageError::NotFound) => {}
                Err(err) => panic!("remove {uid}: {err:?}"),
            },
            _ => match storage.get(uid) {
                Ok(payload) => {
                    check_crash_payload(uid, &payload).unwrap();
                }
                Err(StorageError::NotFound) => {}
                Err(err) => panic!("get {uid}: {err:?}"),
            },
        }
    }
}

#[test]
fn crash_at_random_instants_never_tears_a_record() {
    if let Some((dir, seed)) = child_role() {
        crash_child(&dir, seed);
        return;
    }
    let iterations: u64 = std::env::var("STRONGROOM_CRASH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed = std::env::var("STRONGROOM_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| Rng::from_time().next_u64() >> 24);
    println!("crash test: {iterations} iterations, STRONGROOM_CRASH_SEED={seed}");
    let mut rng = Rng::new(seed);
    let dir = TestDir::new("crash");
    let started = Instant::now();
    let (mut records_checked, mut versions) = (0u64, std::collections::HashSet::new());

    for iteration in 0..iterations {
        let (mut child, mut stdout) = spawn_child(CRASH_TEST, dir.path(), seed + iteration + 1);
        wait_for_line(&mut stdout, "READY");
        thread::sleep(Duration::from_millis(rng.below(31)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                status.signal(),
                Some(9),
                "iteration {iteration}: the child ended on its own ({status}); see its output"
            );
        }
        #[cfg(not(unix))]
        let _ = status;

        // What a restarted process sees: open (cleans stale temp files), list, read all.
        let storage = FileStorage::open(dir.path()).unwrap();
        for uid in storage.list().unwrap() {
            assert!(
                uid < CRASH_UIDS,
                "iteration {iteration}: unexpected uid {uid}"
            );
            let payload = storage
                .get(uid)
                .unwrap_or_else(|err| panic!("iteration {iteration}: uid {uid}: {err:?}"));
            let version = check_crash_payload(uid, &payload)
                .unwrap_or_else(|err| panic!("iteration {iteration}: {err}"));
            versions.insert(version);
            records_checked += 1;
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("tmp-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "iteration {iteration}: temp files left: {leftovers:?}"
        );
    }
    println!(
        "crash test: {records_checked} records checked, {} distinct versions, {:?}",
        versions.len(),
        started.elapsed()
    );
    // The children must have got some work done between kills, or the test proved
    // nothing. (Typically about half the kills leave a new version behind; the bound is
    // loose so that a machine with slow `fsync` does not fail it.)
    assert!(
        versions.len() as u64 >= iterations / 50,
        "too little progress: {} versions",
        versions.len()
    );
}

// ---------------------------------------------------------------------------------------
// Cross-process create race

const RACE_TEST: &str = "processes_race_create_exactly_one_wins";
const RACE_PROCESSES: u64 = 4;
const RACE_ROUNDS: u64 = 10;

fn race_payload(process: u64, uid: Uid) -> Vec<u8> {
    vec![(process * 16 + uid) as u8; 50 + process as usize * 10]
}

/// Waits until every process has reached `round`: a barrier made of marker files.
fn file_barrier(dir: &Path, round: u64, me: u64) {
    std::fs::write(dir.join(format!("barrier-{round}-{me}")), b"").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !(0..RACE_PROCESSES).all(|p| dir.join(format!("barrier-{round}-{p}")).exists()) {
        assert!(Instant::now() < deadline, "barrier {round} timed out");
        thread::sleep(Duration::from_micros(200));
    }
}

fn race_child(dir: &Path, me: u64) {
    let storage = FileStorage::open(dir).unwrap();
    for uid in 0..RACE_ROUNDS {
        file_barrier(dir, uid, me);
        let outcome = match storage.create(uid, &race_payload(me, uid)) {
            Ok(()) => "won",
            Err(StorageError::AlreadyExists) => "lost",
            Err(err) => panic!("process {me} uid {uid}: {err:?}"),
        };
        say(&format!("RESULT {uid} {outcome}"));
    }
    say("DONE");
}

#[test]
fn processes_race_create_exactly_one_wins() {
    if let Some((dir, me)) = child_role() {
        race_child(&dir, me);
        return;
    }
    let dir = TestDir::new("race");
    let store_dir = dir.path().join("store");
    FileStorage::open(&store_dir).unwrap();
    let children: Vec<_> = (0..RACE_PROCESSES)
        .map(|p| spawn_child(RACE_TEST, &store_dir, p))
        .collect();
    let mut winners = vec![Vec::new(); RACE_ROUNDS as usize];
    for (p, (mut child, stdout)) in children.into_iter().enumerate() {
        for line in stdout.lines() {
            let line = line.unwrap();
            let Some(at) = line.find("RESULT ") else {
                continue;
            };
            let fields: Vec<&str> = line[at..].split_whitespace().collect();
            if let ["RESULT", uid, "won"] = fields[..] {
                winners[uid.parse::<usize>().unwrap()].push(p as u64);
            }
        }
        assert!(child.wait().unwrap().success(), "race child {p} failed");
    }
    let storage = FileStorage::open(&store_dir).unwrap();
    for uid in 0..RACE_ROUNDS {
        let won = &winners[uid as usize];
        assert_eq!(won.len(), 1, "uid {uid}: winners {won:?}");
        assert_eq!(storage.get(uid).unwrap(), race_payload(won[0], uid));
    }
    assert_eq!(
        storage.list().unwrap(),
        (0..RACE_ROUNDS).collect::<Vec<_>>()
    );
}
