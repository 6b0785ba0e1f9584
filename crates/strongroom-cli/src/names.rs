//! Command-line spellings of PSA values (key ids, types, usage flags, algorithms) and hex.
//!
//! Parsing is forgiving about case and separators (`hmac-sha256`, `HMAC(SHA_256)` and
//! `hmac_sha_256` are the same algorithm); output uses the spec names (`HMAC(SHA_256)`,
//! `SIGN_MESSAGE`), which the parsers accept too, so anything printed can be typed back.

use std::fmt;

use strongroom::{Algorithm, KeyId, KeyType, Usage, Zeroizing};

/// A key id as typed on the command line (decimal or `0x` hex), kept with its spelling so
/// that error messages quote the user's own words.
#[derive(Clone, Debug)]
pub(crate) struct IdArg {
    pub(crate) id: KeyId,
    text: String,
}

impl fmt::Display for IdArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Parses `42` or `0x2a` into a key id (any 32-bit value; the engine judges validity).
pub(crate) fn parse_id(s: &str) -> Result<IdArg, String> {
    let t = s.trim();
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        u32::from_str_radix(h, 16)
    } else {
        t.parse::<u32>()
    };
    let raw = v.map_err(|_| {
        "expected a key id: a decimal or 0x-prefixed hex number below 2^32".to_string()
    })?;
    Ok(IdArg {
        id: KeyId::from_raw(raw),
        text: t.to_string(),
    })
}

/// Lowercase, without the separators people use inconsistently.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '-' | '_' | '(' | ')' | ' ' | ','))
        .flat_map(char::to_lowercase)
        .collect()
}

fn parse_hex_u32(s: &str) -> Option<u32> {
    let h = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    u32::from_str_radix(h, 16).ok()
}

/// Key type names accepted by `--type` (besides a raw `0x` value).
const KEY_TYPES: [(&str, KeyType); 12] = [
    ("raw", KeyType::RAW_DATA),
    ("rawdata", KeyType::RAW_DATA),
    ("hmac", KeyType::HMAC),
    ("derive", KeyType::DERIVE),
    ("password", KeyType::PASSWORD),
    ("passwordhash", KeyType::PASSWORD_HASH),
    ("pepper", KeyType::PEPPER),
    ("aes", KeyType::AES),
    ("aria", KeyType::ARIA),
    ("camellia", KeyType::CAMELLIA),
    ("chacha20", KeyType::CHACHA20),
    ("des", KeyType::DES),
];

/// Parses a `--type` value.
pub(crate) fn parse_key_type(s: &str) -> Result<KeyType, String> {
    if let Some(v) = parse_hex_u32(s.trim()) {
        return u16::try_from(v)
            .map(KeyType::from_raw)
            .map_err(|_| "key type out of range".into());
    }
    let k = squash(s).replace("psakeytype", "");
    KEY_TYPES
        .iter()
        .find(|(n, _)| *n == k)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            "unknown key type (expected raw, hmac, derive, password, password-hash, pepper, aes, \
         aria, camellia, chacha20, des, or a 0x value)"
                .to_string()
        })
}

/// The spec name of a key type (`HMAC`, `AES`, `RAW_DATA`, `KeyType(0x…)`).
pub(crate) fn key_type_name(t: KeyType) -> String {
    format!("{t:?}")
}

/// Short usage names accepted by `--usage` besides the spec names.
const USAGE_ALIASES: [(&str, Usage); 2] = [
    ("sign", Usage::SIGN_MESSAGE),
    ("verify", Usage::VERIFY_MESSAGE),
];

/// Parses a comma-separated `--usage` list (`sign,verify,export`, spec names, `0x` values).
/// An empty string is the empty set.
pub(crate) fn parse_usage(s: &str) -> Result<Usage, String> {
    let mut u = Usage::empty();
    for item in s.split([',', '|']).map(str::trim).filter(|i| !i.is_empty()) {
        if let Some(v) = parse_hex_u32(item) {
            u |= Usage::from_raw(v);
            continue;
        }
        let k = squash(item).replace("psakeyusage", "");
        let flag = USAGE_ALIASES
            .iter()
            .map(|(n, f)| ((*n).to_string(), *f))
            .chain(Usage::NAMED.iter().map(|(f, n)| (squash(n), *f)))
            .find(|(n, _)| *n == k)
            .map(|(_, f)| f)
            .ok_or_else(|| {
                format!(
                    "unknown usage flag '{item}' (expected sign, verify, sign-hash, verify-hash, \
                     export, copy, cache, encrypt, decrypt, derive, verify-derivation)"
                )
            })?;
        u |= flag;
    }
    Ok(u)
}

/// The spec names of the flags in `u` (unknown bits as one hex value).
pub(crate) fn usage_names(u: Usage) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = u.raw();
    for (flag, name) in Usage::NAMED {
        if u.contains(flag) {
            names.push(name.to_string());
            rest &= !flag.raw();
        }
    }
    if rest != 0 {
        names.push(format!("{rest:#x}"));
    }
    names
}

/// Hash names, squashed.
const HASHES: [(&str, Algorithm); 14] = [
    ("md5", Algorithm::MD5),
    ("ripemd160", Algorithm::RIPEMD160),
    ("sha1", Algorithm::SHA_1),
    ("sha224", Algorithm::SHA_224),
    ("sha256", Algorithm::SHA_256),
    ("sha384", Algorithm::SHA_384),
    ("sha512", Algorithm::SHA_512),
    ("sha512224", Algorithm::SHA_512_224),
    ("sha512256", Algorithm::SHA_512_256),
    ("sha3224", Algorithm::SHA3_224),
    ("sha3256", Algorithm::SHA3_256),
    ("sha3384", Algorithm::SHA3_384),
    ("sha3512", Algorithm::SHA3_512),
    ("sm3", Algorithm::SM3),
];

/// Algorithms that take no parameter, squashed (besides the hashes).
const CONSTANTS: [(&str, Algorithm); 16] = [
    ("none", Algorithm::NONE),
    ("gcm", Algorithm::GCM),
    ("aesgcm", Algorithm::GCM),
    ("ccm", Algorithm::CCM),
    ("chacha20poly1305", Algorithm::CHACHA20_POLY1305),
    ("cmac", Algorithm::CMAC),
    ("cbcmac", Algorithm::CBC_MAC),
    ("ctr", Algorithm::CTR),
    ("cfb", Algorithm::CFB),
    ("ofb", Algorithm::OFB),
    ("xts", Algorithm::XTS),
    ("cbcnopadding", Algorithm::CBC_NO_PADDING),
    ("cbcpkcs7", Algorithm::CBC_PKCS7),
    ("ecbnopadding", Algorithm::ECB_NO_PADDING),
    ("streamcipher", Algorithm::STREAM_CIPHER),
    ("anyhash", Algorithm::ANY_HASH),
];

/// Hash-parameterised constructors, squashed; longer prefixes first.
/// A hash-parameterised algorithm constructor (`Algorithm::hmac`, …).
type Constructor = fn(Algorithm) -> Algorithm;

const CONSTRUCTORS: [(&str, Constructor); 8] = [
    ("hkdfextract", Algorithm::hkdf_extract),
    ("hkdfexpand", Algorithm::hkdf_expand),
    ("hkdf", Algorithm::hkdf),
    ("pbkdf2hmac", Algorithm::pbkdf2_hmac),
    ("tls12psktoms", Algorithm::tls12_psk_to_ms),
    ("tls12prf", Algorithm::tls12_prf),
    ("sp800108counterhmac", Algorithm::sp800_108_counter_hmac),
    ("hmac", Algorithm::hmac),
];

fn lookup_hash(k: &str) -> Option<Algorithm> {
    HASHES.iter().find(|(n, _)| *n == k).map(|(_, a)| *a)
}

/// Parses an `--alg` value: `hmac-sha256`, `gcm`, `sha256`, `hkdf-sha256`, `none`, spec
/// names such as `HMAC(SHA_256)`, or a raw `0x` value.
pub(crate) fn parse_alg(s: &str) -> Result<Algorithm, String> {
    if let Some(v) = parse_hex_u32(s.trim()) {
        return Ok(Algorithm::from_raw(v));
    }
    let k = squash(s).replace("psaalg", "");
    let k = k.as_str();
    if let Some(a) = lookup_hash(k) {
        return Ok(a);
    }
    if let Some((_, a)) = CONSTANTS.iter().find(|(n, _)| *n == k) {
        return Ok(*a);
    }
    for (prefix, make) in CONSTRUCTORS {
        if let Some(h) = k.strip_prefix(prefix).and_then(lookup_hash) {
            return Ok(make(h));
        }
    }
    Err(
        "unknown algorithm (examples: hmac-sha256, gcm, sha256, hkdf-sha256, none, or a 0x value)"
            .to_string(),
    )
}

/// The spec name of an algorithm (`HMAC(SHA_256)`, `GCM`, `NONE`).
pub(crate) fn alg_name(a: Algorithm) -> String {
    format!("{a:?}")
}

/// Lowercase hex of `bytes`, in a buffer wiped on drop (it may be key material).
pub(crate) fn to_hex(bytes: &[u8]) -> Zeroizing<String> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = Zeroizing::new(String::with_capacity(bytes.len() * 2 + 1));
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// Decodes hex (either case; whitespace ignored) into a buffer wiped on drop. The error
/// never quotes the input, which may be key material.
pub(crate) fn from_hex(s: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Zeroizing::new(Vec::with_capacity(s.len() / 2));
    let mut high: Option<u8> = None;
    for (pos, c) in s.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let n = nibble(c).ok_or_else(|| format!("not a hex digit at position {pos}"))?;
        match high.take() {
            None => high = Some(n),
            Some(h) => out.push((h << 4) | n),
        }
    }
    if high.is_some() {
        return Err("odd number of hex digits".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(parse_id("42").unwrap().id, KeyId::from_raw(42));
        assert_eq!(parse_id("0x2A").unwrap().id, KeyId::from_raw(42));
        assert_eq!(parse_id("0x2a").unwrap().to_string(), "0x2a");
        assert!(parse_id("-1").is_err());
        assert!(parse_id("0x100000000").is_err());
        assert!(parse_id("forty").is_err());
    }

    #[test]
    fn algorithms_round_trip() {
        for s in [
            "hmac-sha256",
            "HMAC(SHA_256)",
            "hmac_sha_256",
            "PSA_ALG_HMAC(PSA_ALG_SHA_256)",
        ] {
            assert_eq!(
                parse_alg(s).unwrap(),
                Algorithm::hmac(Algorithm::SHA_256),
                "{s}"
            );
        }
        assert_eq!(parse_alg("gcm").unwrap(), Algorithm::GCM);
        assert_eq!(parse_alg("sha-512").unwrap(), Algorithm::SHA_512);
        assert_eq!(parse_alg("sha3-256").unwrap(), Algorithm::SHA3_256);
        assert_eq!(
            parse_alg("hkdf-extract-sha256").unwrap(),
            Algorithm::hkdf_extract(Algorithm::SHA_256)
        );
        assert_eq!(parse_alg("0x05500200").unwrap(), Algorithm::GCM);
        assert!(parse_alg("rot13").is_err());
        for a in [
            Algorithm::GCM,
            Algorithm::hmac(Algorithm::SHA_384),
            Algorithm::NONE,
            Algorithm::SHA_256,
        ] {
            assert_eq!(parse_alg(&alg_name(a)).unwrap(), a);
        }
    }

    #[test]
    fn usages_round_trip() {
        let u = parse_usage("sign,verify,export").unwrap();
        assert_eq!(
            u,
            Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE | Usage::EXPORT
        );
        assert_eq!(
            parse_usage("SIGN_MESSAGE|verify-hash").unwrap(),
            Usage::SIGN_MESSAGE | Usage::VERIFY_HASH
        );
        assert_eq!(parse_usage("").unwrap(), Usage::empty());
        assert!(parse_usage("sing").is_err());
        let names = usage_names(u).join(",");
        assert_eq!(parse_usage(&names).unwrap(), u);
        assert_eq!(
            usage_names(Usage::from_raw(0x1_0000)),
            vec!["0x10000".to_string()]
        );
    }

    #[test]
    fn key_types() {
        assert_eq!(parse_key_type("hmac").unwrap(), KeyType::HMAC);
        assert_eq!(parse_key_type("RAW_DATA").unwrap(), KeyType::RAW_DATA);
        assert_eq!(
            parse_key_type("password-hash").unwrap(),
            KeyType::PASSWORD_HASH
        );
        assert_eq!(
            parse_key_type(&key_type_name(KeyType::AES)).unwrap(),
            KeyType::AES
        );
        assert!(parse_key_type("rsa").is_err());
    }

    #[test]
    fn hex() {
        assert_eq!(to_hex(&[0x00, 0xab, 0xff]).as_str(), "00abff");
        assert_eq!(
            from_hex("00 AB\nff").unwrap().as_slice(),
            &[0x00, 0xab, 0xff]
        );
        assert!(from_hex("abc").is_err());
        let e = from_hex("zz").unwrap_err();
        assert!(!e.contains("zz"));
    }
}
