//! The hand-written C header is the contract; these tests hold the Rust side to it.
//!
//! `signatures_match_header`: the exported Rust signatures match the header. The prototypes
//! are *generated* from this crate's sources (every `extern "C" fn` and every entry of a
//! `stubs!` block), translated to C (`*const u8` → `const uint8_t *`, `usize` → `size_t`,
//! C type names kept as they are: the crate spells its aliases like the header), and
//! compiled by the C compiler in one translation unit after `#include <strongroom.h>`:
//! any difference in a return or parameter type is a "conflicting types" compile error.
//! It also checks that every function the header declares is exported (no link errors for
//! users) and that nothing is exported that the header does not declare.
//!
//! `header_values_match_strongroom_types`: builds and runs `tests/c/values_check.c` (prints
//! `NAME=VALUE` for every constant and many macro applications) and evaluates each NAME
//! with `strongroom_vectors::eval` (strongroom-types' encodings): every value must match.
//!
//! Both need a C compiler (`$CC`, else `cc`); without one they print why and pass.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cc() -> Option<String> {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let ok = Command::new(&cc)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Some(cc)
    } else {
        eprintln!("SKIPPED: no C compiler ({cc})");
        None
    }
}

fn out_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("strongroom-ffi-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A Rust parameter or return type as C.
fn c_type(rust: &str) -> String {
    let t = rust.trim();
    if let Some(inner) = t.strip_prefix("*const ") {
        return format!("const {} *", c_type(inner));
    }
    if let Some(inner) = t.strip_prefix("*mut ") {
        return format!("{} *", c_type(inner));
    }
    let base = t.rsplit("::").next().unwrap_or(t);
    match base {
        "" | "()" => "void".into(),
        "u8" => "uint8_t".into(),
        "u16" => "uint16_t".into(),
        "u32" => "uint32_t".into(),
        "u64" => "uint64_t".into(),
        "i32" => "int32_t".into(),
        "usize" => "size_t".into(),
        other => {
            assert!(
                other.starts_with("psa_"),
                "type `{other}` has no C spelling: spell exported types like the header"
            );
            other.into()
        }
    }
}

/// Splits at commas outside brackets.
fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut cur) = (0i32, String::new());
    for ch in s.chars() {
        match ch {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    out.push(cur);
    out.into_iter()
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|a| !a.is_empty())
        .collect()
}

/// (name, C prototype) of every function this crate exports.
fn exported_prototypes() -> Vec<(String, String)> {
    let mut protos = Vec::new();
    let src = crate_dir().join("src");
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // 1. `extern "C" fn name(args) -> ret {`
        let mut rest = text.as_str();
        while let Some(i) = rest.find("extern \"C\" fn ") {
            rest = &rest[i + "extern \"C\" fn ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let open = rest.find('(').unwrap();
            let mut depth = 0;
            let mut close = open;
            for (j, ch) in rest[open..].char_indices() {
                match ch {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let args = &rest[open + 1..close];
            let after = &rest[close + 1..];
            let sig_end = after.find('{').unwrap();
            let ret = after[..sig_end]
                .trim()
                .strip_prefix("->")
                .unwrap_or("")
                .trim();
            if name != "$name" && !name.is_empty() {
                protos.push((name.clone(), proto(&name, args, ret)));
            }
        }
        // 2. `stubs! { fn name(args); ... }` (each returns psa_status_t).
        if let Some(i) = text.find("crate::stubs! {") {
            let block = &text[i..];
            let block = &block[..block.find("\n}").unwrap()];
            for line in block
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("fn "))
            {
                let name = &line[3..line.find('(').unwrap()];
                let args = &line[line.find('(').unwrap() + 1..line.rfind(')').unwrap()];
                protos.push((name.to_string(), proto(name, args, "psa_status_t")));
            }
        }
    }
    protos
}

fn proto(name: &str, args: &str, ret: &str) -> String {
    let params: Vec<String> = split_args(args)
        .iter()
        .map(|a| {
            let (n, t) = a.split_once(':').expect("name: type");
            let n = n.trim().trim_start_matches('_');
            let n = if n.is_empty() { "unused" } else { n };
            let t = c_type(t);
            if t.ends_with('*') {
                format!("{t}{n}")
            } else {
                format!("{t} {n}")
            }
        })
        .collect();
    let params = if params.is_empty() {
        "void".to_string()
    } else {
        params.join(", ")
    };
    let ret = c_type(ret);
    let sep = if ret.ends_with('*') { "" } else { " " };
    format!("{ret}{sep}{name}({params});")
}

/// Names of the functions declared in the public headers.
fn header_functions() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for h in ["include/psa/crypto.h", "include/strongroom.h"] {
        let text = std::fs::read_to_string(crate_dir().join(h)).unwrap();
        for line in text.lines() {
            let first = line.chars().next().unwrap_or(' ');
            if !(first.is_ascii_alphabetic())
                || line.starts_with("typedef")
                || line.starts_with("extern")
            {
                continue;
            }
            // The declared name: the first identifier followed by `(`.
            let mut rest = line;
            while let Some(i) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
                let name: String = rest[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                rest = &rest[i + name.len()..];
                if rest.trim_start().starts_with('(') {
                    if name.starts_with("psa_") || name.starts_with("strongroom_") {
                        names.insert(name);
                    }
                    break;
                }
            }
        }
    }
    names
}

#[test]
fn signatures_match_header() {
    let protos = exported_prototypes();
    let exported: BTreeSet<String> = protos.iter().map(|p| p.0.clone()).collect();
    assert_eq!(exported.len(), protos.len(), "a function is exported twice");
    let declared = header_functions();
    let missing: Vec<_> = declared.difference(&exported).collect();
    let extra: Vec<_> = exported.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "declared in the header but not exported: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "exported but not declared in the header: {extra:?}"
    );
    eprintln!(
        "{} functions exported, all declared in the header",
        exported.len()
    );

    let Some(cc) = cc() else { return };
    let dir = out_dir("sig");
    let mut c = String::from(
        "/* Generated by crates/strongroom-ffi/tests/header.rs from the Rust sources. */\n\
         #include <strongroom.h>\n\n",
    );
    for (_, p) in &protos {
        c.push_str(p);
        c.push('\n');
    }
    let file = dir.join("generated_prototypes.c");
    std::fs::write(&file, &c).unwrap();
    let out = Command::new(&cc)
        .args([
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-c",
            "-o",
        ])
        .arg(dir.join("generated_prototypes.o"))
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the generated prototypes ({}) conflict with the header:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn compile_and_run(cc: &str, src: &Path, dir: &Path) -> String {
    let exe = dir.join("values_check");
    let out = Command::new(cc)
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o"])
        .arg(&exe)
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(src)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "values_check.c does not compile:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(&exe).output().unwrap();
    assert!(run.status.success(), "values_check failed");
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn header_values_match_strongroom_types() {
    let src = crate_dir().join("tests/c/values_check.c");
    if !src.exists() {
        eprintln!("SKIPPED: {} not written yet", src.display());
        return;
    }
    let Some(cc) = cc() else { return };
    let dir = out_dir("values");
    let output = compile_and_run(&cc, &src, &dir);
    let (mut checked, mut mismatches, mut unknown) = (0, Vec::new(), Vec::new());
    for line in output.lines() {
        let Some((name, value)) = line.rsplit_once('=') else {
            continue;
        };
        let c: i128 = value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("bad line {line}"));
        match strongroom_vectors::eval(name) {
            Ok(v) => {
                checked += 1;
                // Compare bit patterns: C prints unsigned values as u64, statuses signed.
                if (v as u64) != (c as i64 as u64) && (v as u64) != (c as u64) {
                    mismatches.push(format!("{name}: header {c}, strongroom-types {v}"));
                }
            }
            Err(e) => unknown.push(format!("{name} ({e:?})")),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{checked} values checked, {} not evaluable by strongroom-vectors",
        unknown.len()
    );
    for u in &unknown {
        eprintln!("  not evaluated: {u}");
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(checked > 0, "nothing checked");
}
