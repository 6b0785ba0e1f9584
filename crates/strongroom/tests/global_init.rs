//! `Crypto::global()` under a concurrent first call (DESIGN §2; `psa_bench` S0 runs
//! `psa_crypto_init` from 8 threads): 8 threads released together by a barrier all get
//! `Ok`, and all get the *same* instance, which keeps its keys in `$STRONGROOM_HOME`.
//!
//! It fails if any call errors, if two threads get different instances (two opens racing
//! past the `OnceLock`), or if the instance ignores `STRONGROOM_HOME`.
//!
//! `STRONGROOM_HOME` must be set before the first call, in this process only, and setting
//! environment variables in-process is `unsafe` (forbidden here). So the test binary
//! re-executes itself as a child with `STRONGROOM_HOME` pointing at a scratch directory;
//! the child does the racing and reports, the parent checks its report, its exit status and
//! the directory.

mod common;

use std::process::Command;
use std::sync::Barrier;

use common::{HMAC_SHA256, MSG, TestDir, hmac_sha256, material, persistent_hmac_attrs};
use strongroom::{Crypto, KeyId};

const TEST: &str = "concurrent_global_init_returns_one_instance";
const ROLE: &str = "STRONGROOM_GLOBAL_TEST_CHILD";
const THREADS: usize = 8;
const KEY_ID: u32 = 0x0004_0001;

fn child() {
    let barrier = Barrier::new(THREADS);
    let got: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let c = Crypto::global().expect("Crypto::global");
                    std::ptr::from_ref::<Crypto>(c) as usize
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert!(
        got.iter().all(|&p| p == got[0]),
        "different instances: {got:x?}"
    );
    // A later call gets the same instance too, and it is usable.
    let c = Crypto::global().expect("Crypto::global");
    assert_eq!(std::ptr::from_ref::<Crypto>(c) as usize, got[0]);
    let m = material(7);
    let id = c
        .import_key(&persistent_hmac_attrs(KEY_ID), &m)
        .expect("import via global");
    let mut tag = [0u8; 32];
    c.mac_compute(id, HMAC_SHA256, MSG, &mut tag)
        .expect("mac via global");
    assert_eq!(tag, hmac_sha256(&m, MSG));
    println!("GLOBAL-OK {} calls, one instance", THREADS + 1);
}

#[test]
fn concurrent_global_init_returns_one_instance() {
    if std::env::var_os(ROLE).is_some() {
        child();
        return;
    }
    let home = TestDir::new("global");
    let store = home.path().join("store");
    let out = Command::new(std::env::current_exe().expect("current_exe"))
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(ROLE, "1")
        .env("STRONGROOM_HOME", &store)
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "child failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains("GLOBAL-OK"),
        "child did not report:\n{stdout}\n{stderr}"
    );
    // The global instance kept its persistent key in $STRONGROOM_HOME.
    let c = Crypto::open(&store).expect("open the global store");
    assert_eq!(c.persistent_keys(), Ok(vec![KeyId::from_raw(KEY_ID)]));
    assert_eq!(
        c.export_key_to_vec(KeyId::from_raw(KEY_ID))
            .map(|m| m.to_vec()),
        Ok(material(7).to_vec())
    );
}
