//! Parser for the Mbed TLS `.data` test-case format (see `shared/vectors/FORMAT.md`).
//!
//! A case is a description line, an optional `depends_on:` line, one
//! `function:arg:arg:...` line, then a blank line. Lines starting with `#` are comments
//! (the generated files use them for commented-out cases) and are ignored anywhere.
//!
//! Arguments are split on `:` that are neither escaped (`\:`) nor inside a double-quoted
//! string. (Mbed TLS's own splitter ignores quotes; no stored file has a `:` inside quotes,
//! so respecting them only makes hand-written data safer.) Like Mbed TLS, empty unquoted
//! pieces are dropped, so `static_checks:` has no arguments.

use std::fmt;
use std::io;
use std::path::Path;

use crate::eval::{EvalError, eval};

/// One argument of a test function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A quoted string made only of hex digit pairs (`"00ff"`, or `""`): a `data_t *`.
    Hex(Vec<u8>),
    /// Any other quoted string (a `char *` such as `"abc"`), with escapes resolved.
    Str(String),
    /// An unquoted C expression (`PSA_ALG_HMAC(PSA_ALG_SHA_256)`, `-1`, …), trimmed.
    Expr(String),
}

impl Arg {
    /// Evaluates an [`Arg::Expr`]; other variants are an [`EvalError::NotAnExpression`].
    pub fn eval(&self) -> Result<i64, EvalError> {
        match self {
            Arg::Expr(e) => eval(e),
            _ => Err(EvalError::NotAnExpression),
        }
    }
    /// The bytes of an [`Arg::Hex`], or the UTF-8 bytes of an [`Arg::Str`].
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Arg::Hex(b) => Some(b),
            Arg::Str(s) => Some(s.as_bytes()),
            Arg::Expr(_) => None,
        }
    }
    /// The text of a quoted argument as written. A `char *` argument that happens to look
    /// like hex (`"ab"`) is parsed as [`Arg::Hex`]; this returns it as lowercase hex text.
    pub fn text(&self) -> Option<String> {
        match self {
            Arg::Str(s) => Some(s.clone()),
            Arg::Hex(b) => Some(b.iter().map(|x| format!("{x:02x}")).collect()),
            Arg::Expr(_) => None,
        }
    }
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The description line.
    pub description: String,
    /// The `depends_on:` symbols, as written (a leading `!` means "must not be set").
    pub depends_on: Vec<String>,
    /// The test function name.
    pub function: String,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// 1-based line number of the description, for messages.
    pub line: usize,
}

impl Case {
    /// Argument `i`, or [`EvalError::MissingArgument`].
    pub fn arg(&self, i: usize) -> Result<&Arg, EvalError> {
        self.args.get(i).ok_or(EvalError::MissingArgument(i))
    }
    /// Argument `i` evaluated as an integer expression.
    pub fn int(&self, i: usize) -> Result<i64, EvalError> {
        self.arg(i)?.eval()
    }
    /// Argument `i` as bytes (hex data or a string).
    pub fn bytes(&self, i: usize) -> Result<&[u8], EvalError> {
        self.arg(i)?.bytes().ok_or(EvalError::NotAnExpression)
    }
    /// The first positive `MBEDTLS_*` dependency: an Mbed TLS build option or internal,
    /// which is out of scope for Strongroom (FORMAT.md). Negated ones (`!MBEDTLS_X`) are
    /// satisfied, since Strongroom defines no `MBEDTLS_*` option.
    pub fn mbedtls_internal_dependency(&self) -> Option<&str> {
        self.depends_on
            .iter()
            .map(String::as_str)
            .find(|d| d.starts_with("MBEDTLS_"))
    }
}

/// Where and why a file could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Reads and parses a `.data` file. Malformed content is an `InvalidData` I/O error that
/// names the line.
pub fn parse_file(path: impl AsRef<Path>) -> io::Result<Vec<Case>> {
    let text = std::fs::read_to_string(path.as_ref())?;
    parse_str(&text).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {e}", path.as_ref().display()),
        )
    })
}

/// Parses the text of a `.data` file.
pub fn parse_str(text: &str) -> Result<Vec<Case>, ParseError> {
    let mut cases = Vec::new();
    // Lines of the case being read: (line number, text).
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !block.is_empty() {
                cases.push(parse_block(&block)?);
                block.clear();
            }
            continue;
        }
        block.push((i + 1, line));
    }
    if !block.is_empty() {
        cases.push(parse_block(&block)?);
    }
    Ok(cases)
}

fn parse_block(block: &[(usize, &str)]) -> Result<Case, ParseError> {
    let (line, description) = block[0];
    let err = |message: String| ParseError { line, message };
    let (depends_on, function_line) = match block {
        [_, (_, f)] => (Vec::new(), *f),
        [_, (_, d), (_, f)] => {
            let deps = d
                .strip_prefix("depends_on:")
                .ok_or_else(|| err(format!("expected `depends_on:` line, found {d:?}")))?;
            (
                deps.split(':')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
                *f,
            )
        }
        _ => {
            return Err(err(format!(
                "a case needs 2 or 3 lines, found {}",
                block.len()
            )));
        }
    };
    let mut pieces = split_args(function_line).map_err(&err)?.into_iter();
    let function = match pieces.next() {
        Some(Piece::Bare(f)) if is_identifier(f.trim()) => f.trim().to_owned(),
        _ => return Err(err(format!("no function name in {function_line:?}"))),
    };
    let args = pieces
        .map(|p| match p {
            Piece::Quoted(s) => hex_decode(&s).map_or(Arg::Str(s), Arg::Hex),
            Piece::Bare(s) => Arg::Expr(s.trim().to_owned()),
        })
        .collect();
    Ok(Case {
        description: description.to_owned(),
        depends_on,
        function,
        args,
        line,
    })
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

enum Piece {
    Bare(String),
    Quoted(String),
}

/// Splits a function line on unescaped, unquoted `:`.
fn split_args(line: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted: Option<String> = None;
    let mut in_quotes = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().ok_or("line ends with a backslash")?;
                let target = if in_quotes { quoted.as_mut() } else { None };
                let target = target.unwrap_or(&mut cur);
                match next {
                    'n' if in_quotes => target.push('\n'),
                    ':' | '\\' | '"' => target.push(next),
                    other => {
                        target.push('\\');
                        target.push(other);
                    }
                }
            }
            '"' if in_quotes => in_quotes = false,
            '"' => {
                if !cur.trim().is_empty() || quoted.is_some() {
                    return Err(format!("unexpected quote in {line:?}"));
                }
                in_quotes = true;
                quoted = Some(String::new());
            }
            ':' if !in_quotes => flush(&mut out, &mut cur, &mut quoted)?,
            _ if in_quotes => quoted.get_or_insert_with(String::new).push(c),
            _ => {
                if quoted.is_some() && !c.is_whitespace() {
                    return Err(format!("text after a quoted string in {line:?}"));
                }
                cur.push(c);
            }
        }
    }
    if in_quotes {
        return Err(format!("unterminated string in {line:?}"));
    }
    flush(&mut out, &mut cur, &mut quoted)?;
    Ok(out)
}

fn flush(
    out: &mut Vec<Piece>,
    cur: &mut String,
    quoted: &mut Option<String>,
) -> Result<(), String> {
    if let Some(q) = quoted.take() {
        out.push(Piece::Quoted(q));
    } else if !cur.trim().is_empty() {
        out.push(Piece::Bare(cur.clone()));
    }
    cur.clear();
    Ok(())
}

/// Decodes an even-length string of hex digits; `None` if it is anything else.
fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cases_comments_and_args() {
        let text = "First case\ndepends_on:PSA_WANT_ALG_SHA_256:!MBEDTLS_X\nfunc:\"00ff\":PSA_ALG_SHA_256:-1\n\n# comment\n## Commented:case\nSecond\nother:\"abc\":\"\"\n";
        let cases = parse_str(text).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].description, "First case");
        assert_eq!(cases[0].depends_on, ["PSA_WANT_ALG_SHA_256", "!MBEDTLS_X"]);
        assert_eq!(cases[0].function, "func");
        assert_eq!(
            cases[0].args,
            [
                Arg::Hex(vec![0, 0xff]),
                Arg::Expr("PSA_ALG_SHA_256".into()),
                Arg::Expr("-1".into())
            ]
        );
        assert_eq!(cases[0].line, 1);
        assert_eq!(cases[0].mbedtls_internal_dependency(), None);
        assert_eq!(cases[1].args, [Arg::Str("abc".into()), Arg::Hex(vec![])]);
        assert_eq!(cases[1].line, 7);
    }

    #[test]
    fn colons_in_quotes_and_escapes() {
        let cases = parse_str("d\nf:\"a:b\":x\\:y:\"q\\:r\\\"s\"\n").unwrap();
        assert_eq!(
            cases[0].args,
            [
                Arg::Str("a:b".into()),
                Arg::Expr("x:y".into()),
                Arg::Str("q:r\"s".into())
            ]
        );
    }

    #[test]
    fn no_args_and_crlf() {
        let cases = parse_str("d\r\nstatic_checks:\r\n\r\n").unwrap();
        assert_eq!(cases[0].function, "static_checks");
        assert!(cases[0].args.is_empty());
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for bad in [
            "only a description\n",
            "d\nnot_depends:x\nf:1\n",
            "d\nf:\"unterminated\n",
            "d\nf:\"a\"b\n",
            "d\n:1\n",
            "d\nf:1\\",
            "a\nb\nc\nd\n",
        ] {
            assert!(parse_str(bad).is_err(), "{bad:?}");
        }
        // Arbitrary bytes never panic.
        let junk: String = (0u8..=255).map(char::from).collect();
        let _ = parse_str(&junk);
    }
}
