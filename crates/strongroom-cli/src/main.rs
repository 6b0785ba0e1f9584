//! `strongroom`: a command-line tool over a Strongroom key store (persistent keys, hashing,
//! MACs, randomness) and the `bench` throughput harness (the scenarios of
//! `shared/bench/psa_bench.c`, run over the Rust API).
//!
//! Exit codes: 0 success, 1 a PSA error (or an I/O error), 2 a usage error. Errors are one
//! line on stderr naming the PSA status. Key material is printed only by `key export`.
#![forbid(unsafe_code)]

mod bench;
mod commands;
mod names;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use strongroom::{Algorithm, Error, KeyType, Usage};

use crate::names::IdArg;

/// Command-line access to a Strongroom key store.
#[derive(Parser)]
#[command(name = "strongroom", version, about, max_term_width = 100)]
struct Cli {
    /// Key store directory [default: $STRONGROOM_HOME, else $XDG_DATA_HOME/strongroom, else
    /// ~/.local/share/strongroom]
    #[arg(long, global = true, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Create, list, inspect, export and destroy persistent keys.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Print N random bytes as hex.
    Random {
        /// Number of bytes.
        n: usize,
    },
    /// Print the hash of the input as hex.
    Hash {
        /// Hash algorithm: sha256, sha1, sha224, sha384, sha512, ...
        #[arg(long, value_parser = names::parse_alg)]
        alg: Algorithm,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Print the MAC of the input under a stored key as hex, or verify one (--verify).
    Mac {
        /// Key id (decimal or 0x hex).
        #[arg(long, value_parser = names::parse_id)]
        key: IdArg,
        /// MAC algorithm, e.g. hmac-sha256.
        #[arg(long, value_parser = names::parse_alg)]
        alg: Algorithm,
        /// Check the input's MAC against this hex value instead of printing it; exits 1 with
        /// PSA_ERROR_INVALID_SIGNATURE on mismatch.
        #[arg(long, value_name = "HEX")]
        verify: Option<String>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// The main job in one command: make sure the store has the demo HMAC-SHA-256 key
    /// (persistent id 1, generated on first run), MAC a message with it from several
    /// threads, verify the MAC, and list the store.
    Demo {
        /// Message to authenticate.
        #[arg(long, default_value = "hello from strongroom")]
        message: String,
    },
    /// Throughput benchmark: the psa_bench.c scenarios over one shared instance. Its
    /// persistent keys live in a temporary directory under --store or $STRONGROOM_HOME (else
    /// the system temp directory), removed at the end.
    Bench(bench::BenchArgs),
}

/// Where a command's input comes from: --hex, --file, or standard input.
#[derive(Args)]
struct InputArgs {
    /// Input given as hex on the command line.
    #[arg(long, value_name = "HEX", conflicts_with = "file")]
    hex: Option<String>,
    /// Input file, read as raw bytes ("-" for standard input) [default: standard input].
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
}

/// The policy options shared by `key generate` and `key import`.
#[derive(Args)]
struct PolicyArgs {
    /// Key type: hmac, aes, derive, raw, password, password-hash, pepper, ...
    #[arg(long = "type", value_name = "TYPE", value_parser = names::parse_key_type)]
    key_type: KeyType,
    /// Comma-separated usage flags: sign, verify, sign-hash, verify-hash, export, copy,
    /// cache, encrypt, decrypt, derive, verify-derivation.
    #[arg(long, value_name = "LIST", value_parser = names::parse_usage)]
    usage: Usage,
    /// Permitted algorithm, e.g. hmac-sha256, gcm, hkdf-sha256.
    #[arg(long, value_name = "ALG", value_parser = names::parse_alg, default_value = "none")]
    alg: Algorithm,
}

#[derive(Subcommand)]
enum KeyCmd {
    /// Generate a random persistent key; prints its id.
    Generate {
        /// Persistent key id, 1..=0x3fffffff (decimal or 0x hex).
        #[arg(long, value_parser = names::parse_id)]
        id: IdArg,
        /// Key size in bits.
        #[arg(long)]
        bits: u32,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// Import key material as a persistent key; prints its id. Material comes from --hex,
    /// --file (raw bytes) or standard input (raw bytes); prefer the latter two, since
    /// command lines are visible to other processes.
    Import {
        /// Persistent key id, 1..=0x3fffffff (decimal or 0x hex).
        #[arg(long, value_parser = names::parse_id)]
        id: IdArg,
        /// Key size in bits [default: from the material].
        #[arg(long)]
        bits: Option<u32>,
        #[command(flatten)]
        policy: PolicyArgs,
        #[command(flatten)]
        input: InputArgs,
    },
    /// List the persistent keys (id, type, bits, usage, algorithm). Never prints material.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one key's attributes.
    Show {
        /// Key id (decimal or 0x hex).
        #[arg(value_parser = names::parse_id)]
        id: IdArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a key's material as hex (needs the key's export usage). The only command that
    /// prints secrets.
    Export {
        /// Key id (decimal or 0x hex).
        #[arg(value_parser = names::parse_id)]
        id: IdArg,
    },
    /// Destroy a key: its record is removed and its material wiped.
    Destroy {
        /// Key id (decimal or 0x hex).
        #[arg(value_parser = names::parse_id)]
        id: IdArg,
    },
}

/// A failure, reported as one line `strongroom: CONTEXT: DETAIL` on stderr.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A bad argument the parser could not catch (exit 2).
    Usage { ctx: String, msg: String },
    /// A PSA status from the engine (exit 1).
    Psa { ctx: String, err: Error },
    /// An input/output failure outside the engine (exit 1).
    Io { ctx: String, err: io::Error },
    /// Any other failure (exit 1).
    Other { ctx: String, msg: String },
}

impl CliError {
    pub(crate) fn usage(ctx: impl Into<String>, msg: impl Into<String>) -> Self {
        Self::Usage {
            ctx: ctx.into(),
            msg: msg.into(),
        }
    }
    pub(crate) fn io(ctx: impl Into<String>, err: io::Error) -> Self {
        Self::Io {
            ctx: ctx.into(),
            err,
        }
    }
}

/// Attaches a command context to engine errors: `crypto.call().psa("key show 5")?`.
pub(crate) trait PsaContext<T> {
    fn psa(self, ctx: impl FnOnce() -> String) -> Result<T, CliError>;
}

impl<T> PsaContext<T> for strongroom::Result<T> {
    fn psa(self, ctx: impl FnOnce() -> String) -> Result<T, CliError> {
        self.map_err(|err| CliError::Psa { ctx: ctx(), err })
    }
}

/// A short explanation of a status, for the error line.
pub(crate) fn hint(err: Error) -> Option<&'static str> {
    Some(match err {
        Error::InvalidHandle => "no such key",
        Error::AlreadyExists => "a key with this id already exists",
        Error::NotPermitted => "the key's policy does not permit this",
        Error::NotSupported => "not supported",
        Error::InvalidArgument => "invalid argument for this key or algorithm",
        Error::InvalidSignature => "the MAC does not match",
        Error::DataCorrupt => "the key's stored record is corrupt",
        Error::DataInvalid => "the key's stored record is not valid",
        Error::StorageFailure => "key store I/O failed",
        Error::InsufficientStorage => "key store is full",
        Error::InsufficientMemory => "key memory limit reached",
        Error::InsufficientEntropy => "no entropy available",
        _ => return None,
    })
}

fn report(e: &CliError) -> ExitCode {
    let (line, code) = match e {
        CliError::Usage { ctx, msg } => (format!("{ctx}: {msg}"), 2),
        CliError::Psa { ctx, err } => match hint(*err) {
            Some(h) => (format!("{ctx}: {err} ({h})"), 1),
            None => (format!("{ctx}: {err}"), 1),
        },
        // A closed pipe downstream (`strongroom random 100 | head -c 4`) is not news.
        CliError::Io { err, .. } if err.kind() == io::ErrorKind::BrokenPipe => {
            return ExitCode::from(1);
        }
        CliError::Io { ctx, err } => (format!("{ctx}: {err}"), 1),
        CliError::Other { ctx, msg } => (format!("{ctx}: {msg}"), 1),
    };
    eprintln!("strongroom: {line}");
    ExitCode::from(code)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let explicit_store = cli.store.clone().or_else(|| {
        std::env::var_os("STRONGROOM_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let store = cli.store.unwrap_or_else(strongroom::default_store_dir);
    match cli.cmd {
        Cmd::Key(k) => commands::key(&store, k),
        Cmd::Random { n } => commands::random(n),
        Cmd::Hash { alg, input } => commands::hash(alg, &input),
        Cmd::Mac {
            key,
            alg,
            verify,
            input,
        } => commands::mac(&store, &key, alg, verify.as_deref(), &input),
        Cmd::Demo { message } => commands::demo(&store, &message),
        Cmd::Bench(args) => bench::run(&args, explicit_store.as_deref()),
    }
}
