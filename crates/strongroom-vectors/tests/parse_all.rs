//! Every stored `.data` file parses, and every expression argument either evaluates or
//! names something unknown (never a syntax error). Prints the unknown names per file: the
//! list of what the evaluator deliberately leaves to each runner (test-local constants,
//! Mbed TLS internals).

use std::collections::BTreeMap;

use strongroom_vectors::{
    Arg, EvalError, MBEDTLS_DIR, eval, missing_vectors_notice, parse_file, vectors_dir,
};

#[test]
fn all_files_parse_and_evaluate() {
    let Some(dir) = vectors_dir() else {
        println!("{}", missing_vectors_notice("all data files"));
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(dir.join(MBEDTLS_DIR))
        .expect("vectors folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "data"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .data files in {}", dir.display());
    let mut problems = Vec::new();
    for path in &files {
        let cases = parse_file(path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!cases.is_empty(), "{} has no cases", path.display());
        let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
        let mut exprs = 0;
        for case in &cases {
            for arg in &case.args {
                let Arg::Expr(e) = arg else { continue };
                exprs += 1;
                match eval(e) {
                    Ok(_) => {}
                    Err(EvalError::Unknown(n)) => *unknown.entry(n).or_default() += 1,
                    Err(other) => {
                        problems.push(format!("{}:{}: {e:?}: {other}", path.display(), case.line))
                    }
                }
            }
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        println!("{name}: {} cases, {exprs} expressions", cases.len());
        for (n, count) in unknown {
            println!("  unknown {n} ({count})");
        }
    }
    assert!(
        problems.is_empty(),
        "expressions that do not evaluate:\n{}",
        problems.join("\n")
    );
}
