//! The key store and one-shot crypto commands (`key …`, `random`, `hash`, `mac`).

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use serde_json::{Value, json};
use strongroom::{Algorithm, Crypto, Error, KeyAttributes, KeyId, Zeroizing};

use crate::names::{self, IdArg};
use crate::{CliError, InputArgs, KeyCmd, PolicyArgs, PsaContext, hint};

/// Opens the key store (creating the directory if needed).
fn open(store: &Path) -> Result<Crypto, CliError> {
    Crypto::open(store).psa(|| format!("key store {}", store.display()))
}

/// Writes `text` and a newline to stdout.
fn print(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("writing output", e))
}

/// Reads the input named by `--hex`/`--file`, else standard input, into a buffer that is
/// wiped on drop (for `key import` it is key material).
fn read_input(ctx: &str, input: &InputArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    if let Some(hex) = &input.hex {
        return names::from_hex(hex).map_err(|m| CliError::usage(ctx, format!("--hex: {m}")));
    }
    match &input.file {
        Some(path) if path.as_os_str() != "-" => fs::read(path)
            .map(Zeroizing::new)
            .map_err(|e| CliError::io(format!("{ctx}: {}", path.display()), e)),
        _ => {
            let mut buf = Zeroizing::new(Vec::with_capacity(64 << 10));
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| CliError::io(format!("{ctx}: standard input"), e))?;
            Ok(buf)
        }
    }
}

fn persistent_attrs(id: &IdArg, bits: u32, policy: &PolicyArgs) -> KeyAttributes {
    KeyAttributes::new(policy.key_type, bits)
        .with_usage(policy.usage)
        .with_algorithm(policy.alg)
        .with_id(id.id)
}

/// A key's attributes as JSON (never its material).
fn attrs_json(id: KeyId, a: &KeyAttributes) -> Value {
    json!({
        "id": id.raw(),
        "id_hex": id.to_string(),
        "lifetime": format!("{:?}", a.lifetime()),
        "type": names::key_type_name(a.key_type()),
        "bits": a.bits(),
        "usage": names::usage_names(a.usage()),
        "alg": names::alg_name(a.algorithm()),
    })
}

fn error_json(id: KeyId, err: Error) -> Value {
    json!({
        "id": id.raw(),
        "id_hex": id.to_string(),
        "error": err.name(),
        "status": err.status(),
    })
}

fn error_text(err: Error) -> String {
    match hint(err) {
        Some(h) => format!("{err} ({h})"),
        None => err.to_string(),
    }
}

fn print_json(v: &Value) -> Result<(), CliError> {
    // Serializing a Value built from strings and numbers cannot fail.
    print(&serde_json::to_string_pretty(v).unwrap_or_default())
}

pub(crate) fn key(store: &Path, cmd: KeyCmd) -> Result<(), CliError> {
    match cmd {
        KeyCmd::Generate { id, bits, policy } => {
            let crypto = open(store)?;
            let attrs = persistent_attrs(&id, bits, &policy);
            let got = crypto
                .generate_key(&attrs)
                .psa(|| format!("key generate {id}"))?;
            print(&got.to_string())
        }
        KeyCmd::Import {
            id,
            bits,
            policy,
            input,
        } => {
            let ctx = format!("key import {id}");
            let material = read_input(&ctx, &input)?;
            let crypto = open(store)?;
            let attrs = persistent_attrs(&id, bits.unwrap_or(0), &policy);
            let got = crypto.import_key(&attrs, &material).psa(|| ctx)?;
            print(&got.to_string())
        }
        KeyCmd::List { json } => list(store, json),
        KeyCmd::Show { id, json } => {
            let crypto = open(store)?;
            let a = crypto
                .key_attributes(id.id)
                .psa(|| format!("key show {id}"))?;
            if json {
                return print_json(&attrs_json(id.id, &a));
            }
            print(&format!(
                "id:       {}\nlifetime: {:?}\ntype:     {}\nbits:     {}\nusage:    {}\nalg:      {}",
                id.id,
                a.lifetime(),
                names::key_type_name(a.key_type()),
                a.bits(),
                names::usage_names(a.usage()).join(","),
                names::alg_name(a.algorithm()),
            ))
        }
        KeyCmd::Export { id } => {
            let crypto = open(store)?;
            let material = crypto
                .export_key_to_vec(id.id)
                .psa(|| format!("key export {id}"))?;
            print(&names::to_hex(&material))
        }
        KeyCmd::Destroy { id } => {
            let crypto = open(store)?;
            crypto
                .destroy_key(id.id)
                .psa(|| format!("key destroy {id}"))
        }
    }
}

/// `key list`: every persistent key with its attributes; a key whose record cannot be read
/// is listed with its error (the listing itself still succeeds).
fn list(store: &Path, json: bool) -> Result<(), CliError> {
    let crypto = open(store)?;
    let ids = crypto.persistent_keys().psa(|| "key list".into())?;
    let mut entries = Vec::with_capacity(ids.len());
    for id in ids {
        match crypto.key_attributes(id) {
            // Destroyed by someone else since the directory scan: no longer a key.
            Err(Error::InvalidHandle | Error::DoesNotExist) => {}
            r => entries.push((id, r)),
        }
        // Only the attributes were wanted: drop the cached copy of the material now.
        let _ = crypto.purge_key(id);
    }
    if json {
        let keys: Vec<Value> = entries
            .iter()
            .map(|(id, r)| match r {
                Ok(a) => attrs_json(*id, a),
                Err(e) => error_json(*id, *e),
            })
            .collect();
        return print_json(&json!({ "store": store.display().to_string(), "keys": keys }));
    }
    if entries.is_empty() {
        eprintln!("strongroom: no persistent keys in {}", store.display());
        return Ok(());
    }
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|(id, r)| match r {
            Ok(a) => [
                id.to_string(),
                names::key_type_name(a.key_type()),
                a.bits().to_string(),
                names::usage_names(a.usage()).join(","),
                names::alg_name(a.algorithm()),
            ],
            Err(e) => [
                id.to_string(),
                format!("error: {}", error_text(*e)),
                String::new(),
                String::new(),
                String::new(),
            ],
        })
        .collect();
    let header = ["ID", "TYPE", "BITS", "USAGE", "ALG"].map(String::from);
    let mut width = [0usize; 5];
    for row in rows.iter().chain([&header]) {
        // An error row's message spans the remaining columns: it sets no width.
        let cols = if row[2].is_empty() && row != &header {
            1
        } else {
            5
        };
        for (w, cell) in width.iter_mut().zip(row).take(cols) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    for row in [&header].into_iter().chain(&rows) {
        let line = if row[2].is_empty() && row != &header {
            format!("{:<w$}  {}", row[0], row[1], w = width[0])
        } else {
            format!(
                "{:<w0$}  {:<w1$}  {:>w2$}  {:<w3$}  {}",
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                w0 = width[0],
                w1 = width[1],
                w2 = width[2],
                w3 = width[3]
            )
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.pop();
    print(&out)
}

/// `random N`: N bytes from the DRBG, as hex.
pub(crate) fn random(n: usize) -> Result<(), CliError> {
    let crypto = Crypto::in_memory();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut buf = Zeroizing::new([0u8; 1024]);
    let mut left = n;
    while left > 0 {
        let k = left.min(buf.len());
        crypto
            .generate_random(&mut buf[..k])
            .psa(|| format!("random {n}"))?;
        out.write_all(names::to_hex(&buf[..k]).as_bytes())
            .map_err(|e| CliError::io("writing output", e))?;
        left -= k;
    }
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("writing output", e))
}

/// `hash --alg ALG`: the digest of the input, as hex.
pub(crate) fn hash(alg: Algorithm, input: &InputArgs) -> Result<(), CliError> {
    let data = read_input("hash", input)?;
    let crypto = Crypto::in_memory();
    let mut digest = [0u8; 64];
    let n = crypto
        .hash_compute(alg, &data, &mut digest)
        .psa(|| "hash".into())?;
    print(&names::to_hex(&digest[..n]))
}

/// `mac --key ID --alg ALG [--verify HEX]`: the MAC of the input as hex, or a check of it.
pub(crate) fn mac(
    store: &Path,
    key: &IdArg,
    alg: Algorithm,
    verify: Option<&str>,
    input: &InputArgs,
) -> Result<(), CliError> {
    let ctx = format!("mac --key {key}");
    let data = read_input(&ctx, input)?;
    let expected = match verify {
        Some(v) => {
            Some(names::from_hex(v).map_err(|m| CliError::usage(&ctx, format!("--verify: {m}")))?)
        }
        None => None,
    };
    let crypto = open(store)?;
    match expected {
        Some(tag) => {
            crypto
                .mac_verify(key.id, alg, &data, &tag)
                .psa(|| format!("{ctx} --verify"))?;
            print("OK")
        }
        None => {
            let mut tag = [0u8; 64];
            let n = crypto
                .mac_compute(key.id, alg, &data, &mut tag)
                .psa(|| ctx)?;
            print(&names::to_hex(&tag[..n]))
        }
    }
}

/// The demo key: persistent id 1, HMAC-SHA-256, sign and verify only (never exportable).
const DEMO_KEY: KeyId = KeyId::from_raw(1);

/// `demo`: the key store's main job end to end. Creates the demo key on first run (a
/// concurrent first run in another process is fine: exactly one creates it), computes the
/// message's MAC on four threads sharing the key, checks they agree and verify, and lists
/// the store.
pub(crate) fn demo(store: &Path, message: &str) -> Result<(), CliError> {
    let crypto = open(store)?;
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let attrs = KeyAttributes::new(strongroom::KeyType::HMAC, 256)
        .with_usage(strongroom::Usage::SIGN_MESSAGE | strongroom::Usage::VERIFY_MESSAGE)
        .with_algorithm(alg)
        .with_id(DEMO_KEY);
    match crypto.generate_key(&attrs) {
        Ok(id) => eprintln!("strongroom: generated demo key {id} in {}", store.display()),
        Err(Error::AlreadyExists) => {
            eprintln!(
                "strongroom: using demo key {DEMO_KEY} in {}",
                store.display()
            );
        }
        Err(err) => {
            return Err(CliError::Psa {
                ctx: "demo: generate key".into(),
                err,
            });
        }
    }
    let tags: Vec<strongroom::Result<Vec<u8>>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let mut tag = [0u8; 32];
                    let n = crypto.mac_compute(DEMO_KEY, alg, message.as_bytes(), &mut tag)?;
                    Ok(tag[..n].to_vec())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or(Err(Error::CorruptionDetected)))
            .collect()
    });
    let mut first: Option<Vec<u8>> = None;
    for t in tags {
        let t = t.psa(|| format!("demo: mac with key {DEMO_KEY}"))?;
        match &first {
            None => first = Some(t),
            Some(f) if *f == t => {}
            Some(_) => {
                return Err(CliError::Psa {
                    ctx: "demo: threads disagree on the MAC".into(),
                    err: Error::CorruptionDetected,
                });
            }
        }
    }
    let tag = first.unwrap_or_default();
    crypto
        .mac_verify(DEMO_KEY, alg, message.as_bytes(), &tag)
        .psa(|| "demo: verify".into())?;
    print(&format!(
        "HMAC-SHA-256({message:?}) = {}",
        names::to_hex(&tag).as_str()
    ))?;
    print("verified: ok (4 threads agreed)")?;
    list(store, false)
}
