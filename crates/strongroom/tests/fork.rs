//! Fork safety of `generate_random` (DESIGN §6) with a real `fork()`: a child process never
//! repeats its parent's random output, nor another child's.
//!
//! A forked child starts with a byte-for-byte copy of the forking thread's DRBG state. If
//! the library did not notice the fork (pid check, then reseed), every child and the parent
//! would produce the same bytes from that state on, and this test would see duplicates.
//! Three situations, each with 8 children that draw 4 × 32 bytes and write them, hex
//! encoded, to a file, while the parent draws 4 × 32 bytes after forking:
//! 1. the forking thread has never drawn (its DRBG is seeded after the fork, in each
//!    process: the outputs differ only if seeding draws fresh OS entropy);
//! 2. the same thread, now seeded, draws and forks again (its DRBG state is copied into
//!    every child: the case fork detection exists for);
//! 3. a second thread draws, then forks (the child continues on that thread's DRBG).
//!
//! All outputs, across the three situations, parent and children, including the parent's
//! draw before forking, must be pairwise distinct. Each child exits with
//! `std::process::exit`: 0 on success, 1 if its draw or its write failed.
//!
//! One `#[test]` in its own binary: the harness runs no other test thread that could hold a
//! lock across our `fork()`.

mod common;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use common::{TestDir, say};
use fork::{Fork, WEXITSTATUS, WIFEXITED, fork, waitpid};
use strongroom::Crypto;

const CHILDREN: usize = 8;
const DRAWS: usize = 4;

/// `DRAWS` draws of 32 bytes, hex encoded.
fn draw(c: &Crypto) -> Vec<String> {
    (0..DRAWS)
        .map(|_| {
            let mut b = [0u8; 32];
            c.generate_random(&mut b).expect("generate_random");
            b.iter().fold(String::with_capacity(64), |mut s, x| {
                let _ = write!(s, "{x:02x}");
                s
            })
        })
        .collect()
}

/// Forks `CHILDREN` children of the calling thread; each draws and writes its output to
/// `dir/<label>-<i>.hex`. Then the parent draws. Returns every output, parent's first.
fn fork_and_draw(c: &Crypto, dir: &Path, label: &str) -> Vec<String> {
    let mut pids = Vec::new();
    for i in 0..CHILDREN {
        match fork().expect("fork") {
            Fork::Child => {
                let path = dir.join(format!("{label}-{i}.hex"));
                let r = catch_unwind(AssertUnwindSafe(|| {
                    std::fs::write(&path, draw(c).join("\n"))
                }));
                std::process::exit(if matches!(r, Ok(Ok(()))) { 0 } else { 1 });
            }
            Fork::Parent(pid) => pids.push(pid),
        }
    }
    let mut all = draw(c);
    for (i, pid) in pids.into_iter().enumerate() {
        let status = waitpid(pid).expect("waitpid");
        assert!(
            WIFEXITED(status) && WEXITSTATUS(status) == 0,
            "{label}: child {i} failed (raw wait status {status:#x})"
        );
        let text =
            std::fs::read_to_string(dir.join(format!("{label}-{i}.hex"))).expect("child output");
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        assert_eq!(lines.len(), DRAWS, "{label}: child {i} output {text:?}");
        assert!(
            lines
                .iter()
                .all(|l| l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit())),
            "{label}: child {i} output {text:?}"
        );
        all.extend(lines);
    }
    all
}

#[test]
fn forked_children_never_repeat_random_output() {
    let dir = TestDir::new("fork");
    let c = Crypto::in_memory();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut add =
        |label: &str, v: Vec<String>| outputs.extend(v.into_iter().map(|s| (label.to_owned(), s)));

    // 1. This thread has never drawn: nothing seeded to copy.
    add(
        "no-draw-first",
        fork_and_draw(&c, dir.path(), "no-draw-first"),
    );

    // 2. The same thread, now seeded (it drew after forking in 1), draws again and forks:
    //    each child holds a copy of that state.
    add("parent-drew-first (before fork)", draw(&c));
    add(
        "parent-drew-first",
        fork_and_draw(&c, dir.path(), "parent-drew-first"),
    );

    // 3. A second thread seeds its own DRBG, then forks; the main thread keeps drawing.
    let (before, after) = std::thread::scope(|s| {
        s.spawn(|| {
            let before = draw(&c);
            (before, fork_and_draw(&c, dir.path(), "second-thread"))
        })
        .join()
        .expect("second thread")
    });
    add("second-thread (before fork)", before);
    add("second-thread", after);
    add("main thread", draw(&c));

    let mut seen = HashSet::new();
    let dups: Vec<&(String, String)> = outputs
        .iter()
        .filter(|(_, s)| !seen.insert(s.as_str()))
        .collect();
    say(&format!(
        "fork: {} outputs of 32 bytes from 3 x (1 parent + {CHILDREN} children) plus the parents' \
         other draws; duplicates: {}",
        outputs.len(),
        dups.len()
    ));
    assert!(
        dups.is_empty(),
        "{} repeated random outputs across fork (situation, hex); first ones: {:?}",
        dups.len(),
        &dups[..dups.len().min(8)]
    );
    assert_eq!(outputs.len(), 3 * (1 + CHILDREN) * DRAWS + 3 * DRAWS);
}
