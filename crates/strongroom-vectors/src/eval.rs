//! A small evaluator for the C integer expressions found in `.data` arguments.
//!
//! Supports integer literals (decimal, `0x` hex, octal `0…`, with `u`/`l` suffixes), the
//! unary operators `- + ~ !`, the binary operators `* / % + - << >> < <= > >= == != & ^ |
//! && ||`, the conditional `?:`, parentheses, and PSA names and function-like macros from
//! [`crate::names`]. Arithmetic is done on `i64` with C-like wrapping; anything that C
//! would leave undefined (division by zero, shifts out of range) is an error, never a
//! panic. Unknown names are [`EvalError::Unknown`] so that a runner can skip the case
//! and say why.

use std::fmt;

use crate::names;

/// Why an expression could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// A name that is neither a known PSA constant nor a known macro (nor resolved by the
    /// caller's resolver).
    Unknown(String),
    /// A function-like macro called with the wrong number of arguments.
    Arity {
        /// The macro.
        name: String,
        /// How many arguments it takes.
        expected: usize,
        /// How many it was given.
        found: usize,
    },
    /// The text is not a well-formed expression.
    Syntax(String),
    /// Division or remainder by zero (or `i64::MIN / -1`).
    DivisionByZero,
    /// A shift by a negative amount or by 64 or more.
    ShiftOutOfRange,
    /// Nesting deeper than the evaluator's limit.
    TooDeep,
    /// An argument that is quoted data was used as an expression.
    NotAnExpression,
    /// A case has fewer arguments than the runner needs.
    MissingArgument(usize),
    /// An argument is out of the range its PSA type can hold (e.g. a negative bit count).
    OutOfRange(i64),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Unknown(n) => write!(f, "unknown name {n}"),
            EvalError::Arity {
                name,
                expected,
                found,
            } => {
                write!(f, "{name} takes {expected} argument(s), {found} given")
            }
            EvalError::Syntax(m) => write!(f, "syntax error: {m}"),
            EvalError::DivisionByZero => f.write_str("division by zero"),
            EvalError::ShiftOutOfRange => f.write_str("shift amount out of range"),
            EvalError::TooDeep => f.write_str("expression nested too deeply"),
            EvalError::NotAnExpression => f.write_str("argument is quoted data, not an expression"),
            EvalError::MissingArgument(i) => write!(f, "missing argument {i}"),
            EvalError::OutOfRange(v) => write!(f, "value {v} out of range"),
        }
    }
}

impl std::error::Error for EvalError {}

/// Evaluates `expr` with the PSA names of [`crate::names`].
pub fn eval(expr: &str) -> Result<i64, EvalError> {
    eval_with(expr, &|_| None)
}

/// Evaluates `expr`, first asking `local` for each bare name (for a test's own constants
/// such as Mbed TLS's `ALG_IS_HASH_AND_SIGN` classification flags).
pub fn eval_with(expr: &str, local: &dyn Fn(&str) -> Option<i64>) -> Result<i64, EvalError> {
    let tokens = tokenize(expr)?;
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
        depth: 0,
        local,
    };
    let v = p.expr()?;
    match p.peek() {
        None => Ok(v),
        Some(t) => Err(EvalError::Syntax(format!("unexpected {t:?}"))),
    }
}

/// Deepest nesting accepted; keeps recursion far from the stack limit on hostile input.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Num(i64),
    Ident(String),
    Op(&'static str),
}

const OPS: [&str; 24] = [
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "~", "!", "&", "|",
    "^", "<", ">", "(", ")", ",", "?",
];

fn tokenize(s: &str) -> Result<Vec<Tok>, EvalError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Num(parse_int(&s[start..i])?));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(s[start..i].to_owned()));
        } else if c == b':' {
            out.push(Tok::Op(":"));
            i += 1;
        } else if let Some(op) = OPS.iter().find(|op| b[i..].starts_with(op.as_bytes())) {
            out.push(Tok::Op(op));
            i += op.len();
        } else {
            let ch = s[i..].chars().next().unwrap_or('?');
            return Err(EvalError::Syntax(format!("unexpected character {ch:?}")));
        }
    }
    Ok(out)
}

/// Parses a C integer literal; values above `i64::MAX` wrap, like a C cast of an
/// `unsigned long long` to a signed type.
fn parse_int(lit: &str) -> Result<i64, EvalError> {
    let digits = lit.trim_end_matches(['u', 'U', 'l', 'L']);
    let bad = || EvalError::Syntax(format!("bad integer literal {lit:?}"));
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
        (16, h)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() {
        return Err(bad());
    }
    u64::from_str_radix(body, radix)
        .map(|v| v as i64)
        .map_err(|_| bad())
}

struct Parser<'a> {
    tokens: &'a [Tok],
    pos: usize,
    depth: usize,
    local: &'a dyn Fn(&str) -> Option<i64>,
}

/// Binary operators by C precedence, loosest first (`?:` is handled above them).
const LEVELS: [&[&str]; 10] = [
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", "<=", ">", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect_op(&mut self, op: &str) -> Result<(), EvalError> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(EvalError::Syntax(format!(
                "expected `{op}`, found {:?}",
                self.peek()
            )))
        }
    }
    fn enter(&mut self) -> Result<(), EvalError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(EvalError::TooDeep)
        } else {
            Ok(())
        }
    }

    /// conditional := binary(0) [ '?' expr ':' conditional ]
    fn expr(&mut self) -> Result<i64, EvalError> {
        self.enter()?;
        let cond = self.binary(0)?;
        let v = if self.eat_op("?") {
            let a = self.expr()?;
            self.expect_op(":")?;
            let b = self.expr()?;
            if cond != 0 { a } else { b }
        } else {
            cond
        };
        self.depth -= 1;
        Ok(v)
    }

    fn binary(&mut self, level: usize) -> Result<i64, EvalError> {
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut lhs = self.binary(level + 1)?;
        loop {
            let Some(op) = ops
                .iter()
                .find(|op| matches!(self.peek(), Some(Tok::Op(o)) if o == *op))
            else {
                return Ok(lhs);
            };
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            lhs = apply(op, lhs, rhs)?;
        }
    }

    fn unary(&mut self) -> Result<i64, EvalError> {
        self.enter()?;
        let v = if self.eat_op("-") {
            self.unary()?.wrapping_neg()
        } else if self.eat_op("+") {
            self.unary()?
        } else if self.eat_op("~") {
            !self.unary()?
        } else if self.eat_op("!") {
            i64::from(self.unary()? == 0)
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(v)
    }

    fn primary(&mut self) -> Result<i64, EvalError> {
        match self.tokens.get(self.pos).cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(n)
            }
            Some(Tok::Op("(")) => {
                self.pos += 1;
                let v = self.expr()?;
                self.expect_op(")")?;
                Ok(v)
            }
            Some(Tok::Ident(name)) => {
                self.pos += 1;
                if self.eat_op("(") {
                    let mut args = Vec::new();
                    if !self.eat_op(")") {
                        loop {
                            args.push(self.expr()?);
                            if self.eat_op(")") {
                                break;
                            }
                            self.expect_op(",")?;
                        }
                    }
                    names::call(&name, &args).unwrap_or(Err(EvalError::Unknown(name)))
                } else if let Some(v) = (self.local)(&name) {
                    Ok(v)
                } else {
                    names::constant(&name).ok_or(EvalError::Unknown(name))
                }
            }
            other => Err(EvalError::Syntax(format!(
                "expected a value, found {other:?}"
            ))),
        }
    }
}

fn apply(op: &str, a: i64, b: i64) -> Result<i64, EvalError> {
    Ok(match op {
        "||" => i64::from(a != 0 || b != 0),
        "&&" => i64::from(a != 0 && b != 0),
        "|" => a | b,
        "^" => a ^ b,
        "&" => a & b,
        "==" => i64::from(a == b),
        "!=" => i64::from(a != b),
        "<" => i64::from(a < b),
        "<=" => i64::from(a <= b),
        ">" => i64::from(a > b),
        ">=" => i64::from(a >= b),
        "<<" | ">>" => {
            let n = u32::try_from(b)
                .ok()
                .filter(|n| *n < 64)
                .ok_or(EvalError::ShiftOutOfRange)?;
            if op == "<<" {
                a.wrapping_shl(n)
            } else {
                a >> n
            }
        }
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" => a.checked_div(b).ok_or(EvalError::DivisionByZero)?,
        "%" => a.checked_rem(b).ok_or(EvalError::DivisionByZero)?,
        _ => return Err(EvalError::Syntax(format!("unknown operator {op}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_operators() {
        assert_eq!(eval("42"), Ok(42));
        assert_eq!(eval("-1"), Ok(-1));
        assert_eq!(eval("0x10 | 0x01"), Ok(0x11));
        assert_eq!(eval("0xffffffffU"), Ok(0xffff_ffff));
        assert_eq!(eval("1ULL << 40"), Ok(1 << 40));
        assert_eq!(eval("010"), Ok(8));
        assert_eq!(eval("(2 * 3 + 1) * 8"), Ok(56));
        assert_eq!(eval("1 + 2 * 3"), Ok(7));
        assert_eq!(eval("~0 & 0xff"), Ok(0xff));
        assert_eq!(eval("0xf0 >> 4"), Ok(0xf));
        assert_eq!(eval("7 - 2 - 1"), Ok(4));
        assert_eq!(eval("8 / 2 % 3"), Ok(1));
        assert_eq!(eval("1 ? 2 : 3"), Ok(2));
        assert_eq!(eval("0 ? 2 : 1 == 1"), Ok(1));
        assert_eq!(eval("!0 && 3 > 2 || 0"), Ok(1));
        // `&` binds tighter than `^`, which binds tighter than `|`: 1 | (6 ^ (3 & 5)) = 7.
        assert_eq!(eval("1 | 6 ^ 3 & 5"), Ok(7));
    }

    #[test]
    fn errors_not_panics() {
        assert_eq!(eval("1 / 0"), Err(EvalError::DivisionByZero));
        assert!(eval("-9223372036854775807 - 1 / -1").is_ok());
        assert_eq!(
            eval("(-9223372036854775807 - 1) / -1"),
            Err(EvalError::DivisionByZero)
        );
        assert_eq!(eval("1 << 64"), Err(EvalError::ShiftOutOfRange));
        assert_eq!(eval("1 << -1"), Err(EvalError::ShiftOutOfRange));
        assert_eq!(
            eval("NOT_A_NAME"),
            Err(EvalError::Unknown("NOT_A_NAME".into()))
        );
        assert_eq!(
            eval("NOT_A_MACRO(1)"),
            Err(EvalError::Unknown("NOT_A_MACRO".into()))
        );
        assert!(matches!(
            eval("PSA_ALG_HMAC(1, 2)"),
            Err(EvalError::Arity { .. })
        ));
        for bad in [
            "", "(", ")", "1 +", "1 2", "0x", "08", "1 ? 2", "@", "é", "f(,)", "(1",
        ] {
            assert!(eval(bad).is_err(), "{bad:?}");
        }
        let deep = "(".repeat(100_000) + "1" + &")".repeat(100_000);
        assert_eq!(eval(&deep), Err(EvalError::TooDeep));
        let deep = "-".repeat(100_000) + "1";
        assert_eq!(eval(&deep), Err(EvalError::TooDeep));
        let long = vec!["1"; 10_000].join(" + ");
        assert_eq!(eval(&long), Ok(10_000));
    }

    #[test]
    fn local_names() {
        let local = |n: &str| (n == "FLAG_A").then_some(4);
        assert_eq!(eval_with("FLAG_A | 1", &local), Ok(5));
        assert_eq!(
            eval_with("FLAG_B", &local),
            Err(EvalError::Unknown("FLAG_B".into()))
        );
    }
}
