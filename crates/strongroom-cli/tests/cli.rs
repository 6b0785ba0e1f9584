//! End-to-end tests of the `strongroom` binary against temporary key stores.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// A temporary key store directory, removed on drop.
struct Store {
    dir: PathBuf,
}

/// What one run of the binary produced.
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Store {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("strongroom-cli-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self { dir }
    }

    /// Runs `strongroom --store DIR ARGS…` with `stdin` (or an empty standard input).
    fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Out {
        let mut child = Command::new(env!("CARGO_BIN_EXE_strongroom"))
            .arg("--store")
            .arg(&self.dir)
            .args(args)
            .env_remove("STRONGROOM_HOME")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        let o = child.wait_with_output().unwrap();
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8(o.stdout).unwrap(),
            stderr: String::from_utf8(o.stderr).unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> Out {
        self.run_with_stdin(args, b"")
    }

    /// Runs and expects success; returns stdout without the trailing newline.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(o.code, 0, "{args:?} failed: {o:?}");
        o.stdout.trim_end().to_string()
    }

    fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// RFC 4231 test case 1: HMAC-SHA-256 with key 0x0b × 20 over "Hi There".
const RFC4231_KEY: &str = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
const RFC4231_MAC: &str = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";

#[test]
fn generate_list_show_export_mac_verify_destroy_round_trip() {
    let s = Store::new("roundtrip");
    let gen_args = [
        "key",
        "generate",
        "--id",
        "42",
        "--type",
        "hmac",
        "--bits",
        "256",
        "--usage",
        "sign,verify,export",
        "--alg",
        "hmac-sha256",
    ];
    assert_eq!(s.ok(&gen_args), "0x0000002a");

    let list = s.ok(&["key", "list"]);
    let row = list
        .lines()
        .find(|l| l.starts_with("0x0000002a"))
        .expect("key 42 listed");
    for word in [
        "HMAC",
        "256",
        "SIGN_MESSAGE",
        "VERIFY_MESSAGE",
        "EXPORT",
        "HMAC(SHA_256)",
    ] {
        assert!(row.contains(word), "{word} missing in {row}");
    }

    let v = json(&s.ok(&["key", "list", "--json"]));
    let keys = v["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["id"], 42);
    assert_eq!(keys[0]["type"], "HMAC");
    assert_eq!(keys[0]["bits"], 256);
    assert_eq!(keys[0]["alg"], "HMAC(SHA_256)");
    assert_eq!(keys[0]["lifetime"], "PERSISTENT");
    let usage: Vec<&str> = keys[0]["usage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert!(
        usage.contains(&"SIGN_MESSAGE")
            && usage.contains(&"VERIFY_MESSAGE")
            && usage.contains(&"EXPORT")
    );

    let shown = json(&s.ok(&["key", "show", "0x2a", "--json"]));
    assert_eq!(shown, keys[0]);
    assert!(s.ok(&["key", "show", "42"]).contains("HMAC(SHA_256)"));

    let material = s.ok(&["key", "export", "42"]);
    assert_eq!(material.len(), 64);
    assert!(material.bytes().all(|c| c.is_ascii_hexdigit()));

    // The same key material imported under another id gives the same MAC; input via
    // --hex, --file and standard input agree.
    let input_file = s.path().join("input.bin");
    std::fs::write(&input_file, b"message").unwrap();
    let tag = s.ok(&[
        "mac",
        "--key",
        "42",
        "--alg",
        "hmac-sha256",
        "--hex",
        "6d657373616765",
    ]);
    assert_eq!(tag.len(), 64);
    let from_file = s.ok(&[
        "mac",
        "--key",
        "42",
        "--alg",
        "hmac-sha256",
        "--file",
        input_file.to_str().unwrap(),
    ]);
    assert_eq!(from_file, tag);
    let o = s.run_with_stdin(&["mac", "--key", "42", "--alg", "hmac-sha256"], b"message");
    assert_eq!((o.code, o.stdout.trim_end()), (0, tag.as_str()));
    let import = [
        "key",
        "import",
        "--id",
        "43",
        "--type",
        "hmac",
        "--usage",
        "sign",
        "--alg",
        "hmac-sha256",
        "--hex",
        &material,
    ];
    assert_eq!(s.ok(&import), "0x0000002b");
    assert_eq!(
        s.ok(&[
            "mac",
            "--key",
            "43",
            "--alg",
            "hmac-sha256",
            "--hex",
            "6d657373616765"
        ]),
        tag
    );

    // Verify: match and mismatch.
    let verify = [
        "mac",
        "--key",
        "42",
        "--alg",
        "hmac-sha256",
        "--hex",
        "6d657373616765",
        "--verify",
        &tag,
    ];
    assert_eq!(s.ok(&verify), "OK");
    let mut bad = tag.clone().into_bytes();
    bad[0] = if bad[0] == b'0' { b'1' } else { b'0' };
    let bad = String::from_utf8(bad).unwrap();
    let o = s.run(&[
        "mac",
        "--key",
        "42",
        "--alg",
        "hmac-sha256",
        "--hex",
        "6d657373616765",
        "--verify",
        &bad,
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("PSA_ERROR_INVALID_SIGNATURE"), "{o:?}");
    assert_eq!(o.stderr.lines().count(), 1, "{o:?}");

    // Destroy: gone from show and list.
    assert_eq!(s.ok(&["key", "destroy", "42"]), "");
    let o = s.run(&["key", "show", "42"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("PSA_ERROR_INVALID_HANDLE"), "{o:?}");
    let v = json(&s.ok(&["key", "list", "--json"]));
    let ids: Vec<u64> = v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![43]);
}

#[test]
fn mac_matches_rfc4231_and_import_reads_stdin_and_files() {
    let s = Store::new("rfc4231");
    let o = s.run_with_stdin(
        &[
            "key",
            "import",
            "--id",
            "1",
            "--type",
            "hmac",
            "--usage",
            "sign,verify",
            "--alg",
            "hmac-sha256",
        ],
        &[0x0b; 20],
    );
    assert_eq!((o.code, o.stdout.as_str()), (0, "0x00000001\n"), "{o:?}");
    assert_eq!(
        s.ok(&[
            "mac",
            "--key",
            "1",
            "--alg",
            "hmac-sha256",
            "--hex",
            "4869205468657265"
        ]),
        RFC4231_MAC
    );

    let key_file = s.path().join("key.bin");
    std::fs::write(&key_file, [0x0b; 20]).unwrap();
    let file_import = [
        "key",
        "import",
        "--id",
        "2",
        "--type",
        "hmac",
        "--usage",
        "sign",
        "--alg",
        "hmac-sha256",
        "--file",
        key_file.to_str().unwrap(),
    ];
    s.ok(&file_import);
    assert_eq!(
        s.ok(&[
            "mac",
            "--key",
            "2",
            "--alg",
            "hmac-sha256",
            "--hex",
            "4869205468657265"
        ]),
        RFC4231_MAC
    );
    let hex_import = [
        "key",
        "import",
        "--id",
        "3",
        "--type",
        "hmac",
        "--usage",
        "sign",
        "--alg",
        "hmac-sha256",
        "--hex",
        RFC4231_KEY,
    ];
    s.ok(&hex_import);
    let o = s.run_with_stdin(&["mac", "--key", "3", "--alg", "hmac-sha256"], b"Hi There");
    assert_eq!(o.stdout.trim_end(), RFC4231_MAC);
    let v = json(&s.ok(&["key", "show", "1", "--json"]));
    assert_eq!(v["bits"], 160);
}

#[test]
fn errors_name_the_psa_status_and_set_the_exit_code() {
    let s = Store::new("errors");
    let o = s.run(&["key", "destroy", "5"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "strongroom: key destroy 5: PSA_ERROR_INVALID_HANDLE (no such key)\n"
    );
    assert_eq!(o.stdout, "");

    let gen_args = [
        "key",
        "generate",
        "--id",
        "7",
        "--type",
        "aes",
        "--bits",
        "128",
        "--usage",
        "encrypt,decrypt",
        "--alg",
        "gcm",
    ];
    s.ok(&gen_args);
    let o = s.run(&gen_args);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .starts_with("strongroom: key generate 7: PSA_ERROR_ALREADY_EXISTS"),
        "{o:?}"
    );

    // No export usage.
    let o = s.run(&["key", "export", "7"]);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .starts_with("strongroom: key export 7: PSA_ERROR_NOT_PERMITTED"),
        "{o:?}"
    );
    assert_eq!(o.stdout, "");

    // Wrong algorithm for the key.
    let o = s.run(&["mac", "--key", "7", "--alg", "hmac-sha256", "--hex", "00"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("PSA_ERROR_"), "{o:?}");

    // A curve with no implementation is NOT_SUPPORTED; an invalid persistent id is rejected.
    let o = s.run(&[
        "key",
        "generate",
        "--id",
        "8",
        "--type",
        "0x7127",
        "--bits",
        "163",
        "--usage",
        "sign-hash",
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("PSA_ERROR_NOT_SUPPORTED"), "{o:?}");
    let o = s.run(&[
        "key",
        "generate",
        "--id",
        "0x40000000",
        "--type",
        "hmac",
        "--bits",
        "256",
        "--usage",
        "sign",
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("PSA_ERROR_INVALID_ARGUMENT"), "{o:?}");

    // Usage errors exit 2.
    for args in [
        &[
            "key", "generate", "--type", "hmac", "--bits", "256", "--usage", "sign",
        ][..],
        &[
            "key", "generate", "--id", "9", "--type", "rot13", "--bits", "256", "--usage", "sign",
        ],
        &[
            "key", "generate", "--id", "9", "--type", "hmac", "--bits", "256", "--usage", "sing",
        ],
        &["key", "show", "not-a-number"],
        &[
            "mac",
            "--key",
            "7",
            "--alg",
            "hmac-sha256",
            "--hex",
            "00",
            "--verify",
            "xyz",
        ],
        &["bench", "-s", "zz"],
        &["frobnicate"],
    ] {
        let o = s.run(args);
        assert_eq!(o.code, 2, "{args:?}: {o:?}");
        assert!(!o.stderr.is_empty());
    }

    // A malformed --hex key is rejected without echoing it.
    let o = s.run(&[
        "key",
        "import",
        "--id",
        "9",
        "--type",
        "aes",
        "--usage",
        "encrypt",
        "--hex",
        "00112233445566778899aabbccddeeXY",
    ]);
    assert_eq!(o.code, 2);
    assert!(!o.stderr.contains("00112233"), "{o:?}");
}

#[test]
fn list_and_show_never_print_key_material() {
    let s = Store::new("nosecrets");
    let secret = "5ec12e75ec12e75ec12e75ec12e75ec1";
    let import = [
        "key",
        "import",
        "--id",
        "11",
        "--type",
        "aes",
        "--usage",
        "encrypt,decrypt,export",
        "--alg",
        "gcm",
        "--hex",
        secret,
    ];
    s.ok(&import);
    let raw = [
        "key", "import", "--id", "12", "--type", "raw", "--usage", "export", "--hex", secret,
    ];
    s.ok(&raw);
    for args in [
        &["key", "list"][..],
        &["key", "list", "--json"],
        &["key", "show", "11"],
        &["key", "show", "12", "--json"],
    ] {
        let o = s.run(args);
        assert_eq!(o.code, 0, "{o:?}");
        for text in [&o.stdout, &o.stderr] {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains(secret),
                "{args:?} printed key material: {text}"
            );
            assert!(
                !lower.contains(&secret[..16]) && !lower.contains(&secret[16..]),
                "{args:?}: {text}"
            );
        }
    }
    assert_eq!(s.ok(&["key", "export", "11"]), secret);
}

#[test]
fn corrupt_key_is_listed_with_its_error() {
    let s = Store::new("corrupt");
    s.ok(&[
        "key",
        "generate",
        "--id",
        "1",
        "--type",
        "hmac",
        "--bits",
        "256",
        "--usage",
        "sign",
        "--alg",
        "hmac-sha256",
    ]);
    // A record file in the store's naming scheme (`key-<uid hex>.srk`) with garbage inside.
    std::fs::write(
        s.path().join("key-0000000000000002.srk"),
        b"not a key record",
    )
    .unwrap();
    let o = s.run(&["key", "list"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout
            .lines()
            .any(|l| l.starts_with("0x00000001") && l.contains("HMAC")),
        "{o:?}"
    );
    let bad = o
        .stdout
        .lines()
        .find(|l| l.starts_with("0x00000002"))
        .expect("corrupt key listed");
    assert!(bad.contains("PSA_ERROR_DATA_"), "{bad}");

    let v = json(&s.ok(&["key", "list", "--json"]));
    let keys = v["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(
        keys[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("PSA_ERROR_DATA_")
    );
    assert!(keys[1]["status"].as_i64().unwrap() < 0);

    let o = s.run(&["key", "show", "2"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("PSA_ERROR_DATA_"), "{o:?}");
    // A corrupt key can still be destroyed.
    s.ok(&["key", "destroy", "2"]);
    assert!(!s.ok(&["key", "list"]).contains("0x00000002"));
}

#[test]
fn random_and_hash() {
    let s = Store::new("randhash");
    let r = s.ok(&["random", "16"]);
    assert_eq!(r.len(), 32);
    assert_ne!(r, s.ok(&["random", "16"]));
    assert_eq!(s.ok(&["random", "3000"]).len(), 6000);
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_eq!(s.ok(&["hash", "--alg", "sha256", "--hex", "616263"]), abc);
    let o = s.run_with_stdin(&["hash", "--alg", "sha-256"], b"abc");
    assert_eq!(o.stdout.trim_end(), abc);
}

#[test]
fn short_bench_prints_every_row_with_nonzero_rates() {
    let s = Store::new("bench");
    let csv = s.path().join("out.csv");
    let o = s.run(&[
        "bench",
        "-t",
        "1",
        "-d",
        "0.2",
        "-s",
        "a,c,g",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    for id in ["a", "c", "g"] {
        let row = o
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("row {id}: {o:?}"));
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols.len(), 3, "{row}");
        assert_ne!(cols[1], "0", "{row}");
        assert_eq!(cols[2], "0", "errors in {row}");
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("scenario,threads,ops_per_s,ok_ops,seconds,errors")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows.iter().map(|r| r[0]).collect::<Vec<_>>(),
        ["a", "c", "g"]
    );
    for r in &rows {
        assert_eq!(r[1], "1");
        assert!(r[2].parse::<f64>().unwrap() > 0.0, "{r:?}");
        assert!(r[3].parse::<u64>().unwrap() > 0, "{r:?}");
        assert_eq!(r[5], "0", "{r:?}");
    }
    // The bench's temporary store under --store is gone; only the CSV remains.
    let left: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["out.csv".to_string()]);
}

#[test]
fn short_persistent_bench_checks_macs() {
    let s = Store::new("bench-f");
    let o = s.run(&["bench", "-t", "1", "-d", "0.1", "-s", "f64,h"]);
    assert_eq!(o.code, 0, "{o:?}");
    for id in ["f64", "h"] {
        let row = o
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("row {id}: {o:?}"));
        assert!(row.ends_with("  0"), "errors in {row}");
    }
}
