//! Runs the AEAD cases of Mbed TLS's `test_suite_psa_crypto.data` against the `strongroom`
//! API: one-shot (`aead_encrypt`, `aead_decrypt`, `aead_encrypt_decrypt`), multi-part
//! (`aead_multipart_*`: every split of the additional data and of the text, with and
//! without zero-length parts and `set_lengths`; nonce handling; buffer sizes; the state
//! machine) and `aead_key_policy`. Each test function re-implements the Mbed TLS one of
//! the same name (its C source is not stored here; what it checks follows its name and
//! parameters, the PSA spec and the Mbed TLS 3.6 behaviour its data encodes).
//!
//! Where the Rust API differs from C, the checks keep their meaning:
//! - output lengths come back as `usize` results (0 on failure, as C leaves them);
//! - C's NULL buffers are empty slices;
//! - a second `setup` on an active operation (`BAD_STATE` in C) cannot be written: setup
//!   returns a new operation. Those sub-checks of `aead_multipart_state_test` are left out.
//!
//! One deliberate difference: Mbed TLS limits CCM additional data to fewer than 0xFF00
//! bytes, so it refuses `set_lengths(UINT32_MAX or SIZE_MAX, …)` for CCM. Strongroom
//! takes any length up to 2^64 - 1 as SP 800-38C and RFC 3610 allow; the state test
//! checks that instead for those sub-steps.

use strongroom::policy::AeadMode;
use strongroom::{
    AeadOperation, Algorithm, Crypto, Error, KeyAttributes, KeyId, KeyType, Usage, sizes,
};
use strongroom_vectors::{
    Arg, Case, Outcome, Tally, eval_with, mbedtls_data_file, missing_vectors_notice, parse_file,
    print_reports,
};

const FILE: &str = "test_suite_psa_crypto.data";

/// The test functions this runner implements.
const FUNCTIONS: &[&str] = &[
    "aead_encrypt",
    "aead_decrypt",
    "aead_encrypt_decrypt",
    "aead_multipart_encrypt",
    "aead_multipart_decrypt",
    "aead_multipart_generate_nonce",
    "aead_multipart_set_nonce",
    "aead_multipart_update_buffer_test",
    "aead_multipart_finish_buffer_test",
    "aead_multipart_verify",
    "aead_multipart_setup",
    "aead_multipart_state_test",
    "aead_key_policy",
];

/// The test's own constants (`set_lengths_method_t`, `tag_usage_method_t`).
fn local(name: &str) -> Option<i64> {
    Some(match name {
        "DO_NOT_SET_LENGTHS" | "USE_NULL_TAG" => 0,
        "SET_LENGTHS_BEFORE_NONCE" | "USE_GIVEN_TAG" => 1,
        "SET_LENGTHS_AFTER_NONCE" => 2,
        _ => return None,
    })
}

/// A check that did not hold, as the failure text.
type Check = Result<(), String>;

fn int(case: &Case, i: usize) -> Result<i64, String> {
    match case.arg(i).map_err(|e| e.to_string())? {
        Arg::Expr(e) => eval_with(e, &local).map_err(|e| format!("argument {i}: {e}")),
        _ => Err(format!("argument {i} is not an expression")),
    }
}

fn data(case: &Case, i: usize) -> Result<Vec<u8>, String> {
    case.bytes(i)
        .map(<[u8]>::to_vec)
        .map_err(|e| format!("argument {i}: {e}"))
}

fn status(case: &Case, i: usize) -> Result<Result<(), Error>, String> {
    let v = int(case, i)?;
    let s = i32::try_from(v).map_err(|_| format!("status {v} out of range"))?;
    if s != 0 && Error::from_status(s).is_none() {
        return Err(format!("unknown status {s}"));
    }
    Ok(Error::check_status(s))
}

fn key_type(case: &Case, i: usize) -> Result<KeyType, String> {
    Ok(KeyType::from_raw(int(case, i)? as u16))
}

fn alg(case: &Case, i: usize) -> Result<Algorithm, String> {
    Ok(Algorithm::from_raw(int(case, i)? as u32))
}

fn expect<T: std::fmt::Debug>(what: &str, got: Result<T, Error>, want: Result<(), Error>) -> Check {
    match (&got, want) {
        (Ok(_), Ok(())) => Ok(()),
        (Err(e), Err(w)) if *e == w => Ok(()),
        _ => Err(format!("{what}: got {got:?}, expected {want:?}")),
    }
}

fn ok<T>(what: &str, r: Result<T, Error>) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

fn eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Check {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {want:?}"))
    }
}

/// A volatile key with exactly `usage` and `alg` as its policy.
fn import(
    c: &Crypto,
    kt: KeyType,
    key: &[u8],
    usage: Usage,
    alg: Algorithm,
) -> Result<KeyId, String> {
    let attrs = KeyAttributes::new(kt, 0)
        .with_usage(usage)
        .with_algorithm(alg);
    ok("import", c.import_key(&attrs, key))
}

fn bits(c: &Crypto, key: KeyId) -> Result<usize, String> {
    Ok(ok("attributes", c.key_attributes(key))?.bits() as usize)
}

/// `PSA_AEAD_TAG_LENGTH` (0 for an incompatible pair, as the C macro).
fn tag_length(kt: KeyType, bits: usize, alg: Algorithm) -> usize {
    sizes::aead_tag_length(kt, bits, alg).unwrap_or(0)
}

/// `PSA_AEAD_UPDATE_OUTPUT_SIZE` (0 for an incompatible pair).
fn update_size(kt: KeyType, alg: Algorithm, len: usize) -> usize {
    sizes::aead_update_output_size(kt, alg, len).unwrap_or(0)
}

/// Runs `f` with a fresh instance's key and destroys it afterwards.
fn with_key<T>(c: &Crypto, key: KeyId, f: impl FnOnce() -> T) -> T {
    let r = f();
    let _ = c.destroy_key(key);
    r
}

fn is_ccm(alg: Algorithm) -> bool {
    AeadMode::of(alg) == Some(AeadMode::Ccm)
}

// ---------------------------------------------------------------------------------------
// One-shot.

fn aead_encrypt(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let (nonce, ad, input, expected) = (
        data(case, 3)?,
        data(case, 4)?,
        data(case, 5)?,
        data(case, 6)?,
    );
    let key = import(c, kt, &key, Usage::ENCRYPT, alg)?;
    with_key(c, key, || {
        let size = input.len() + tag_length(kt, bits(c, key)?, alg);
        eq(
            "ENCRYPT_OUTPUT_SIZE",
            sizes::aead_encrypt_output_size(kt, alg, input.len()),
            Some(size),
        )?;
        if size > sizes::aead_encrypt_output_max_size(input.len()) {
            return Err("ENCRYPT_OUTPUT_MAX_SIZE too small".into());
        }
        let mut out = vec![0u8; size];
        let n = ok(
            "encrypt",
            c.aead_encrypt(key, alg, &nonce, &ad, &input, &mut out),
        )?;
        eq("ciphertext", &out[..n], &expected[..])
    })
}

fn aead_decrypt(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let (nonce, ad, input, expected) = (
        data(case, 3)?,
        data(case, 4)?,
        data(case, 5)?,
        data(case, 6)?,
    );
    let want = status(case, 7)?;
    let key = import(c, kt, &key, Usage::DECRYPT, alg)?;
    with_key(c, key, || {
        let size = input
            .len()
            .saturating_sub(tag_length(kt, bits(c, key)?, alg));
        if !matches!(want, Err(Error::InvalidArgument | Error::NotSupported)) {
            eq(
                "DECRYPT_OUTPUT_SIZE",
                sizes::aead_decrypt_output_size(kt, alg, input.len()),
                Some(size),
            )?;
        }
        let mut out = vec![0u8; size];
        let r = c.aead_decrypt(key, alg, &nonce, &ad, &input, &mut out);
        expect("decrypt", r, want)?;
        if let Ok(n) = r {
            eq("plaintext", &out[..n], &expected[..])?;
        }
        Ok(())
    })
}

fn aead_encrypt_decrypt(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let (nonce, ad, input) = (data(case, 3)?, data(case, 4)?, data(case, 5)?);
    let want = status(case, 6)?;
    let key = import(c, kt, &key, Usage::ENCRYPT | Usage::DECRYPT, alg)?;
    with_key(c, key, || {
        let size = input.len() + tag_length(kt, bits(c, key)?, alg);
        if !matches!(want, Err(Error::InvalidArgument | Error::NotSupported)) {
            eq(
                "ENCRYPT_OUTPUT_SIZE",
                sizes::aead_encrypt_output_size(kt, alg, input.len()),
                Some(size),
            )?;
        }
        let mut out = vec![0u8; size];
        let r = c.aead_encrypt(key, alg, &nonce, &ad, &input, &mut out);
        expect("encrypt", r, want)?;
        let Ok(n) = r else { return Ok(()) };
        eq(
            "DECRYPT_OUTPUT_SIZE",
            sizes::aead_decrypt_output_size(kt, alg, n),
            Some(input.len()),
        )?;
        let mut back = vec![0u8; n];
        let m = ok(
            "decrypt",
            c.aead_decrypt(key, alg, &nonce, &ad, &out[..n], &mut back),
        )?;
        eq("round trip", &back[..m], &input[..])
    })
}

// ---------------------------------------------------------------------------------------
// Multi-part.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lengths {
    No,
    BeforeNonce,
    AfterNonce,
}

impl Lengths {
    fn from_arg(v: i64) -> Result<Self, String> {
        match v {
            0 => Ok(Self::No),
            1 => Ok(Self::BeforeNonce),
            2 => Ok(Self::AfterNonce),
            _ => Err(format!("set_lengths method {v}")),
        }
    }
}

/// The parts a loop of Mbed TLS's internal function feeds: `part` bytes at a time, with
/// an empty part between any two when `zero_parts`.
fn parts(data: &[u8], part: Option<usize>, zero_parts: bool) -> Vec<&[u8]> {
    let Some(part) = part else {
        return vec![data];
    };
    let mut v = Vec::new();
    let (mut offset, mut count) = (0, 0usize);
    while offset < data.len() {
        let len = if zero_parts && count % 2 == 1 {
            0
        } else {
            part.min(data.len() - offset)
        };
        v.push(&data[offset..offset + len]);
        offset += len;
        count += 1;
    }
    v
}

/// Mbed TLS's `aead_multipart_internal_func`.
struct Multipart<'a> {
    kt: KeyType,
    key: &'a [u8],
    alg: Algorithm,
    nonce: &'a [u8],
    ad: &'a [u8],
    input: &'a [u8],
    expected: &'a [u8],
    encrypt: bool,
}

impl Multipart<'_> {
    fn run(
        &self,
        c: &Crypto,
        ad_part: Option<usize>,
        data_part: Option<usize>,
        lengths: Lengths,
        zero_parts: bool,
    ) -> Check {
        let usage = if self.encrypt {
            Usage::ENCRYPT
        } else {
            Usage::DECRYPT
        };
        let key = import(c, self.kt, self.key, usage, self.alg)?;
        with_key(c, key, || {
            self.run_with(c, key, ad_part, data_part, lengths, zero_parts)
        })
    }

    fn run_with(
        &self,
        c: &Crypto,
        key: KeyId,
        ad_part: Option<usize>,
        data_part: Option<usize>,
        lengths: Lengths,
        zero_parts: bool,
    ) -> Check {
        let (kt, alg) = (self.kt, self.alg);
        let tag_len = tag_length(kt, bits(c, key)?, alg);
        let text_len = if self.encrypt {
            self.input.len()
        } else {
            self.input
                .len()
                .checked_sub(tag_len)
                .ok_or("input shorter than the tag")?
        };
        let mut op = if self.encrypt {
            ok("encrypt_setup", c.aead_encrypt_setup(key, alg))?
        } else {
            ok("decrypt_setup", c.aead_decrypt_setup(key, alg))?
        };
        if lengths == Lengths::BeforeNonce {
            ok("set_lengths", op.set_lengths(self.ad.len(), text_len))?;
        }
        ok("set_nonce", op.set_nonce(self.nonce))?;
        if lengths == Lengths::AfterNonce {
            ok("set_lengths", op.set_lengths(self.ad.len(), text_len))?;
        }
        for p in parts(self.ad, ad_part, zero_parts) {
            ok("update_ad", op.update_ad(p))?;
        }
        let mut output = Vec::new();
        for p in parts(&self.input[..text_len], data_part, zero_parts) {
            let mut buf =
                vec![0u8; update_size(kt, alg, data_part.unwrap_or(text_len).max(p.len()))];
            let n = ok("update", op.update(p, &mut buf))?;
            if n > update_size(kt, alg, p.len()) {
                return Err(format!("update wrote {n} > UPDATE_OUTPUT_SIZE"));
            }
            output.extend_from_slice(&buf[..n]);
        }
        if self.encrypt {
            let mut fin = vec![0u8; sizes::aead_finish_output_size(kt, alg).unwrap_or(0)];
            let mut tag = vec![0u8; tag_len];
            let (n, t) = ok("finish", op.finish(&mut fin, &mut tag))?;
            eq("tag length", t, tag_len)?;
            output.extend_from_slice(&fin[..n]);
            output.extend_from_slice(&tag[..t]);
            eq(
                "ENCRYPT_OUTPUT_SIZE",
                sizes::aead_encrypt_output_size(kt, alg, self.input.len()),
                Some(output.len()),
            )?;
        } else {
            let mut fin = vec![0u8; sizes::aead_verify_output_size(kt, alg).unwrap_or(0)];
            let n = ok("verify", op.verify(&mut fin, &self.input[text_len..]))?;
            output.extend_from_slice(&fin[..n]);
            eq(
                "DECRYPT_OUTPUT_SIZE",
                sizes::aead_decrypt_output_size(kt, alg, self.input.len()),
                Some(output.len()),
            )?;
        }
        eq("output", &output[..], self.expected)
    }
}

/// `aead_multipart_encrypt` / `aead_multipart_decrypt`: every part length of the
/// additional data, then of the text, plain and with empty parts interleaved.
fn aead_multipart(c: &Crypto, case: &Case, encrypt: bool) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let (nonce, ad, input) = (data(case, 3)?, data(case, 4)?, data(case, 5)?);
    let do_set_lengths = int(case, 6)? != 0;
    let expected = data(case, 7)?;
    let m = Multipart {
        kt,
        key: &key,
        alg,
        nonce: &nonce,
        ad: &ad,
        input: &input,
        expected: &expected,
        encrypt,
    };
    let method = |part: usize| match (do_set_lengths, part % 2) {
        (false, _) => Lengths::No,
        (true, 1) => Lengths::AfterNonce,
        (true, _) => Lengths::BeforeNonce,
    };
    for part in 1..=ad.len() {
        m.run(c, Some(part), None, method(part), false)
            .map_err(|e| format!("ad part {part}: {e}"))?;
        m.run(c, Some(part), None, method(part), true)
            .map_err(|e| format!("ad part {part} with empty parts: {e}"))?;
    }
    for part in 1..=input.len() {
        m.run(c, None, Some(part), method(part), false)
            .map_err(|e| format!("data part {part}: {e}"))?;
        m.run(c, None, Some(part), method(part), true)
            .map_err(|e| format!("data part {part} with empty parts: {e}"))?;
    }
    Ok(())
}

fn aead_multipart_generate_nonce(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let nonce_len = usize::try_from(int(case, 3)?).map_err(|e| e.to_string())?;
    let expected_len = usize::try_from(int(case, 4)?).map_err(|e| e.to_string())?;
    let (ad, input, want) = (data(case, 5)?, data(case, 6)?, status(case, 7)?);
    let key = import(c, kt, &key, Usage::ENCRYPT, alg)?;
    with_key(c, key, || {
        let mut op = ok("encrypt_setup", c.aead_encrypt_setup(key, alg))?;
        let mut buf = [0u8; sizes::AEAD_NONCE_MAX_SIZE * 2];
        let r = op.generate_nonce(&mut buf[..nonce_len]);
        expect("generate_nonce", r, want)?;
        let got_len = r.unwrap_or(0);
        eq("nonce length", got_len, expected_len)?;
        if got_len > sizes::AEAD_NONCE_MAX_SIZE {
            return Err("nonce longer than NONCE_MAX_SIZE".into());
        }
        if r.is_ok() {
            eq(
                "NONCE_LENGTH",
                Some(got_len),
                sizes::aead_nonce_length(kt, alg),
            )?;
            ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
            ok("update_ad", op.update_ad(&ad))?;
            let mut out = vec![0u8; update_size(kt, alg, input.len())];
            ok("update", op.update(&input, &mut out))?;
            let mut fin = vec![0u8; sizes::aead_finish_output_size(kt, alg).unwrap_or(0)];
            ok(
                "finish",
                op.finish(&mut fin, &mut [0u8; sizes::AEAD_TAG_MAX_SIZE]),
            )?;
        }
        Ok(())
    })
}

fn aead_multipart_set_nonce(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    // -1: empty but valid buffer; 0: NULL. Both are an empty slice here.
    let nonce_len = usize::try_from(int(case, 3)?.max(0)).map_err(|e| e.to_string())?;
    let lengths = Lengths::from_arg(int(case, 4)?)?;
    let (ad, input, mut want) = (data(case, 5)?, data(case, 6)?, status(case, 7)?);
    let key = import(c, kt, &key, Usage::ENCRYPT, alg)?;
    with_key(c, key, || {
        let mut op = ok("encrypt_setup", c.aead_encrypt_setup(key, alg))?;
        let mut nonce: Vec<u8> = (0..nonce_len).map(|i| b'a'.wrapping_add(i as u8)).collect();
        if let Some(last) = nonce.last_mut() {
            *last = 0;
        }
        if lengths == Lengths::BeforeNonce {
            ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
        }
        let r = op.set_nonce(&nonce);
        expect("set_nonce", r, want)?;
        if r.is_ok() {
            if lengths == Lengths::AfterNonce {
                ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
            }
            if is_ccm(alg) && lengths == Lengths::No {
                want = Err(Error::BadState);
            }
            expect("update_ad", op.update_ad(&ad), want)?;
            let mut out = vec![0u8; update_size(kt, alg, input.len())];
            expect("update", op.update(&input, &mut out), want)?;
            let mut fin = vec![0u8; sizes::aead_finish_output_size(kt, alg).unwrap_or(0)];
            let mut tag = [0u8; sizes::AEAD_TAG_MAX_SIZE];
            expect("finish", op.finish(&mut fin, &mut tag), want)?;
        }
        Ok(())
    })
}

fn aead_multipart_update_buffer_test(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let out_size = usize::try_from(int(case, 3)?).map_err(|e| e.to_string())?;
    let (nonce, ad, input, want) = (
        data(case, 4)?,
        data(case, 5)?,
        data(case, 6)?,
        status(case, 7)?,
    );
    let key = import(c, kt, &key, Usage::ENCRYPT, alg)?;
    with_key(c, key, || {
        let mut op = ok("encrypt_setup", c.aead_encrypt_setup(key, alg))?;
        ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
        ok("set_nonce", op.set_nonce(&nonce))?;
        ok("update_ad", op.update_ad(&ad))?;
        let mut out = vec![0u8; out_size];
        let r = op.update(&input, &mut out);
        expect("update", r, want)?;
        if r.is_ok() {
            let mut fin = vec![0u8; sizes::aead_finish_output_size(kt, alg).unwrap_or(0)];
            ok(
                "finish",
                op.finish(&mut fin, &mut [0u8; sizes::AEAD_TAG_MAX_SIZE]),
            )?;
        }
        Ok(())
    })
}

fn aead_multipart_finish_buffer_test(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let fin_size = usize::try_from(int(case, 3)?).map_err(|e| e.to_string())?;
    let tag_size = usize::try_from(int(case, 4)?).map_err(|e| e.to_string())?;
    let (nonce, ad, input, want) = (
        data(case, 5)?,
        data(case, 6)?,
        data(case, 7)?,
        status(case, 8)?,
    );
    let key = import(c, kt, &key, Usage::ENCRYPT, alg)?;
    with_key(c, key, || {
        let mut op = ok("encrypt_setup", c.aead_encrypt_setup(key, alg))?;
        ok("set_nonce", op.set_nonce(&nonce))?;
        ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
        ok("update_ad", op.update_ad(&ad))?;
        let mut out = vec![0u8; update_size(kt, alg, input.len())];
        ok("update", op.update(&input, &mut out))?;
        let (mut fin, mut tag) = (vec![0u8; fin_size], vec![0u8; tag_size]);
        expect("finish", op.finish(&mut fin, &mut tag), want)
    })
}

fn aead_multipart_verify(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let (nonce, ad, input, tag) = (
        data(case, 3)?,
        data(case, 4)?,
        data(case, 5)?,
        data(case, 6)?,
    );
    let use_given_tag = int(case, 7)? != 0;
    let (want_setup, want) = (status(case, 8)?, status(case, 9)?);
    let key = import(c, kt, &key, Usage::DECRYPT, alg)?;
    with_key(c, key, || {
        let r = c.aead_decrypt_setup(key, alg);
        expect(
            "decrypt_setup",
            r.as_ref().map(|_| ()).map_err(|e| *e),
            want_setup,
        )?;
        let Ok(mut op) = r else { return Ok(()) };
        ok("set_nonce", op.set_nonce(&nonce))?;
        ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
        ok("update_ad", op.update_ad(&ad))?;
        let mut out = vec![0u8; update_size(kt, alg, input.len())];
        ok("update", op.update(&input, &mut out))?;
        let tag: &[u8] = if use_given_tag { &tag } else { &[] };
        let mut fin = vec![0u8; sizes::aead_verify_output_size(kt, alg).unwrap_or(0)];
        expect("verify", op.verify(&mut fin, tag), want)
    })
}

fn aead_multipart_setup(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg, want) = (
        key_type(case, 0)?,
        data(case, 1)?,
        alg(case, 2)?,
        status(case, 3)?,
    );
    let key = import(c, kt, &key, Usage::ENCRYPT | Usage::DECRYPT, alg)?;
    with_key(c, key, || {
        expect(
            "encrypt_setup",
            c.aead_encrypt_setup(key, alg).map(drop),
            want,
        )?;
        expect(
            "decrypt_setup",
            c.aead_decrypt_setup(key, alg).map(drop),
            want,
        )
    })
}

/// Mbed TLS's `aead_multipart_state_test`, step by step (see the module documentation for
/// what is left out and the one CCM difference).
fn aead_multipart_state_test(c: &Crypto, case: &Case) -> Check {
    let (kt, key, alg) = (key_type(case, 0)?, data(case, 1)?, alg(case, 2)?);
    let (nonce, ad, input) = (data(case, 3)?, data(case, 4)?, data(case, 5)?);
    let key = import(c, kt, &key, Usage::ENCRYPT | Usage::DECRYPT, alg)?;
    with_key(c, key, || state_test(c, key, kt, alg, &nonce, &ad, &input))
}

#[allow(clippy::too_many_lines)]
fn state_test(
    c: &Crypto,
    key: KeyId,
    kt: KeyType,
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    input: &[u8],
) -> Check {
    use Error::{BadState, InvalidArgument, InvalidSignature};
    let ccm = is_ccm(alg);
    let gcm = AeadMode::of(alg) == Some(AeadMode::Gcm);
    let tag_len = tag_length(kt, bits(c, key)?, alg);
    let mut out = vec![0u8; update_size(kt, alg, input.len())];
    let mut fin = vec![0u8; sizes::aead_finish_output_size(kt, alg).unwrap_or(0)];
    let mut tag = vec![0u8; tag_len];
    let mut nbuf = [0u8; sizes::AEAD_NONCE_MAX_SIZE];
    let enc = || ok("encrypt_setup", c.aead_encrypt_setup(key, alg));
    let dec = || ok("decrypt_setup", c.aead_decrypt_setup(key, alg));
    let bad = Err(BadState);
    let inval = Err(InvalidArgument);
    let (u32max, umax) = (u32::MAX as usize, usize::MAX);

    // Every step fails on an operation that was never set up.
    let mut op = AeadOperation::default();
    expect("set_nonce before setup", op.set_nonce(nonce), bad)?;
    expect(
        "generate_nonce before setup",
        op.generate_nonce(&mut nbuf),
        bad,
    )?;
    expect(
        "set_lengths before setup",
        op.set_lengths(ad.len(), input.len()),
        bad,
    )?;
    expect("update_ad before setup", op.update_ad(ad), bad)?;
    expect("update before setup", op.update(input, &mut out), bad)?;
    expect("finish before setup", op.finish(&mut fin, &mut tag), bad)?;
    expect("verify before setup", op.verify(&mut fin, &tag), bad)?;

    // No nonce.
    expect("update_ad without nonce", enc()?.update_ad(ad), bad)?;
    expect("update without nonce", enc()?.update(input, &mut out), bad)?;
    expect(
        "finish without nonce",
        enc()?.finish(&mut fin, &mut tag),
        bad,
    )?;
    expect("verify without nonce", dec()?.verify(&mut fin, &tag), bad)?;

    // Nonce twice, generated twice, generated then set.
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    expect("set_nonce twice", op.set_nonce(nonce), bad)?;
    let mut op = enc()?;
    ok("generate_nonce", op.generate_nonce(&mut nbuf))?;
    expect("generate_nonce twice", op.generate_nonce(&mut nbuf), bad)?;
    let mut op = enc()?;
    ok("generate_nonce", op.generate_nonce(&mut nbuf))?;
    expect("set_nonce after generate", op.set_nonce(nonce), bad)?;

    // Generate after set_lengths, with plain and huge additional-data lengths. (Mbed TLS
    // refuses the huge ones for CCM; see the module documentation.)
    let mut op = enc()?;
    ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
    ok(
        "generate_nonce after set_lengths",
        op.generate_nonce(&mut nbuf),
    )?;
    for (what, ad_len, refused) in [("UINT32_MAX", u32max, false), ("SIZE_MAX", umax, gcm)] {
        let mut op = enc()?;
        if refused {
            expect(what, op.set_lengths(ad_len, input.len()), inval)?;
            expect(
                "generate_nonce after a failure",
                op.generate_nonce(&mut nbuf),
                bad,
            )?;
        } else {
            ok(what, op.set_lengths(ad_len, input.len()))?;
            ok("generate_nonce", op.generate_nonce(&mut nbuf))?;
        }
        let mut op = enc()?;
        if refused {
            expect(what, op.set_lengths(ad_len, input.len()), inval)?;
            expect("set_nonce after a failure", op.set_nonce(nonce), bad)?;
        } else {
            ok(what, op.set_lengths(ad_len, input.len()))?;
            ok("set_nonce", op.set_nonce(nonce))?;
        }
    }
    let mut op = enc()?;
    ok("generate_nonce", op.generate_nonce(&mut nbuf))?;
    ok(
        "set_lengths UINT32_MAX after the nonce",
        op.set_lengths(u32max, input.len()),
    )?;
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    ok(
        "set_lengths UINT32_MAX after the nonce",
        op.set_lengths(u32max, input.len()),
    )?;
    let mut op = enc()?;
    ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
    ok("set_nonce after set_lengths", op.set_nonce(nonce))?;
    // A text length of SIZE_MAX: too long for GCM, fine for ChaCha20-Poly1305 (Mbed TLS
    // does not test CCM here; with a 13-byte nonce it is too long for CCM too).
    if !ccm {
        let mut op = enc()?;
        if gcm {
            expect("text SIZE_MAX", op.set_lengths(ad.len(), umax), inval)?;
            expect("set_nonce after a failure", op.set_nonce(nonce), bad)?;
        } else {
            ok("text SIZE_MAX", op.set_lengths(ad.len(), umax))?;
            ok("set_nonce", op.set_nonce(nonce))?;
        }
        let mut op = enc()?;
        ok("set_nonce", op.set_nonce(nonce))?;
        if gcm {
            expect(
                "text SIZE_MAX after the nonce",
                op.set_lengths(ad.len(), umax),
                inval,
            )?;
        } else {
            ok(
                "text SIZE_MAX after the nonce",
                op.set_lengths(ad.len(), umax),
            )?;
        }
    }
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    expect(
        "generate_nonce after set_nonce",
        op.generate_nonce(&mut nbuf),
        bad,
    )?;
    expect(
        "generate_nonce on a decryption",
        dec()?.generate_nonce(&mut nbuf),
        bad,
    )?;

    // set_lengths twice, or after data.
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
    expect(
        "set_lengths twice",
        op.set_lengths(ad.len(), input.len()),
        bad,
    )?;
    for generated in [false, true] {
        let start = |op: &mut AeadOperation| -> Check {
            if generated {
                let mut nbuf = [0u8; sizes::AEAD_NONCE_MAX_SIZE];
                ok("generate_nonce", op.generate_nonce(&mut nbuf)).map(drop)
            } else {
                ok("set_nonce", op.set_nonce(nonce))
            }
        };
        let mut op = enc()?;
        start(&mut op)?;
        if ccm {
            expect("CCM update_ad without lengths", op.update_ad(ad), bad)?;
        } else {
            ok("update_ad", op.update_ad(ad))?;
            expect(
                "set_lengths after update_ad",
                op.set_lengths(ad.len(), input.len()),
                bad,
            )?;
        }
        let mut op = enc()?;
        start(&mut op)?;
        if ccm {
            expect(
                "CCM update without lengths",
                op.update(input, &mut out),
                bad,
            )?;
        } else {
            ok("update", op.update(input, &mut out))?;
            expect(
                "set_lengths after update",
                op.set_lengths(ad.len(), input.len()),
                bad,
            )?;
        }
        let mut op = enc()?;
        start(&mut op)?;
        if ccm {
            expect(
                "CCM finish without lengths",
                op.finish(&mut fin, &mut tag),
                bad,
            )?;
            let mut op = enc()?;
            start(&mut op)?;
            ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
            expect(
                "CCM finish without data",
                op.finish(&mut fin, &mut tag),
                inval,
            )?;
            let mut op = enc()?;
            start(&mut op)?;
            ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
            ok("update_ad", op.update_ad(ad))?;
            ok("update", op.update(input, &mut out))?;
            ok("finish", op.finish(&mut fin, &mut tag))?;
            let mut op = dec()?;
            ok("set_nonce", op.set_nonce(nonce))?;
            expect("CCM verify without lengths", op.verify(&mut fin, &tag), bad)?;
            let mut op = dec()?;
            ok("set_nonce", op.set_nonce(nonce))?;
            ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
            expect("CCM verify without data", op.verify(&mut fin, &tag), inval)?;
            let mut op = dec()?;
            ok("set_nonce", op.set_nonce(nonce))?;
            ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
            ok("update_ad", op.update_ad(ad))?;
            ok("update", op.update(input, &mut out))?;
            expect(
                "CCM verify of a foreign tag",
                op.verify(&mut fin, &tag),
                Err(InvalidSignature),
            )?;
        } else {
            ok("finish", op.finish(&mut fin, &mut tag))?;
            expect(
                "set_lengths after finish",
                op.set_lengths(ad.len(), input.len()),
                bad,
            )?;
        }
    }

    // Announced lengths not met, or exceeded.
    let lengths_set = |dir_enc: bool| -> Result<AeadOperation, String> {
        let mut op = if dir_enc { enc()? } else { dec()? };
        ok("set_nonce", op.set_nonce(nonce))?;
        ok("set_lengths", op.set_lengths(ad.len(), input.len()))?;
        Ok(op)
    };
    expect(
        "finish without data",
        lengths_set(true)?.finish(&mut fin, &mut tag),
        inval,
    )?;
    expect(
        "verify without data",
        lengths_set(false)?.verify(&mut fin, &tag),
        inval,
    )?;
    expect(
        "update before the announced ad",
        lengths_set(true)?.update(input, &mut out),
        inval,
    )?;
    let mut op = lengths_set(true)?;
    ok("update_ad", op.update_ad(ad))?;
    expect(
        "finish without the announced text",
        op.finish(&mut fin, &mut tag),
        inval,
    )?;
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    ok("set_lengths 0 0", op.set_lengths(0, 0))?;
    expect("more ad than announced", op.update_ad(ad), inval)?;
    let mut op = lengths_set(true)?;
    ok("update_ad", op.update_ad(ad))?;
    expect(
        "one more byte of ad",
        op.update_ad(&ad[..1.min(ad.len())]),
        inval,
    )?;
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    ok("set_lengths 0 0", op.set_lengths(0, 0))?;
    expect(
        "more text than announced",
        op.update(input, &mut out),
        inval,
    )?;
    let mut op = lengths_set(true)?;
    ok("update_ad", op.update_ad(ad))?;
    ok("update", op.update(input, &mut out))?;
    expect(
        "one more byte of text",
        op.update(&input[..1.min(input.len())], &mut out),
        inval,
    )?;

    // Additional data after text; finish on a decryption; verify on an encryption.
    if !ccm {
        let mut op = enc()?;
        ok("set_nonce", op.set_nonce(nonce))?;
        ok("update", op.update(input, &mut out))?;
        expect("update_ad after update", op.update_ad(ad), bad)?;
    }
    let mut op = dec()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    expect("finish on a decryption", op.finish(&mut fin, &mut tag), bad)?;
    let mut op = enc()?;
    ok("set_nonce", op.set_nonce(nonce))?;
    expect("verify on an encryption", op.verify(&mut fin, &tag), bad)
}

// ---------------------------------------------------------------------------------------
// Policy.

fn aead_key_policy(c: &Crypto, case: &Case) -> Check {
    let usage = Usage::from_raw(int(case, 0)? as u32);
    let (policy_alg, kt, key) = (alg(case, 1)?, key_type(case, 2)?, data(case, 3)?);
    let nonce_len = usize::try_from(int(case, 4)?).map_err(|e| e.to_string())?;
    let tag_len = usize::try_from(int(case, 5)?).map_err(|e| e.to_string())?;
    let (exercise, want) = (alg(case, 6)?, status(case, 7)?);
    let key = import(c, kt, &key, usage, policy_alg)?;
    with_key(c, key, || {
        let nonce = vec![0u8; nonce_len];
        let mut tag = vec![0u8; tag_len];
        let r = c.aead_encrypt(key, exercise, &nonce, &[], &[], &mut tag);
        let want_enc = if usage.contains(Usage::ENCRYPT) {
            want
        } else {
            Err(Error::NotPermitted)
        };
        expect("encrypt", r, want_enc)?;
        tag.fill(0);
        let r = c.aead_decrypt(key, exercise, &nonce, &[], &tag, &mut []);
        let want_dec = if !usage.contains(Usage::DECRYPT) {
            Err(Error::NotPermitted)
        } else if want.is_ok() {
            Err(Error::InvalidSignature)
        } else {
            want
        };
        expect("decrypt", r, want_dec)
    })
}

// ---------------------------------------------------------------------------------------

/// Whether every `depends_on` symbol holds for Strongroom (`Err(reason)` if not).
fn dependencies_hold(case: &Case) -> Result<(), String> {
    for dep in &case.depends_on {
        let (negated, name) = match dep.strip_prefix('!') {
            Some(n) => (true, n),
            None => (false, dep.as_str()),
        };
        let holds = match name {
            "PSA_WANT_KEY_TYPE_AES"
            | "PSA_WANT_KEY_TYPE_ARIA"
            | "PSA_WANT_KEY_TYPE_CAMELLIA"
            | "PSA_WANT_KEY_TYPE_CHACHA20"
            | "PSA_WANT_KEY_TYPE_DES"
            | "PSA_WANT_ALG_GCM"
            | "PSA_WANT_ALG_CCM"
            | "PSA_WANT_ALG_CHACHA20_POLY1305"
            | "PSA_WANT_ALG_CTR"
            | "PSA_WANT_ALG_STREAM_CIPHER" => true,
            // Strongroom has no such restriction.
            "MBEDTLS_AES_ONLY_128_BIT_KEY_LENGTH" => false,
            other => return Err(format!("dependency outside this runner: {other}")),
        };
        if holds == negated {
            return Err(format!(
                "written for builds where {name} is {}",
                if negated { "off" } else { "on" }
            ));
        }
    }
    Ok(())
}

fn run_case(c: &Crypto, case: &Case) -> Outcome {
    if let Err(why) = dependencies_hold(case) {
        return Outcome::Skip(why);
    }
    let r = match case.function.as_str() {
        "aead_encrypt" => aead_encrypt(c, case),
        "aead_decrypt" => aead_decrypt(c, case),
        "aead_encrypt_decrypt" => aead_encrypt_decrypt(c, case),
        "aead_multipart_encrypt" => aead_multipart(c, case, true),
        "aead_multipart_decrypt" => aead_multipart(c, case, false),
        "aead_multipart_generate_nonce" => aead_multipart_generate_nonce(c, case),
        "aead_multipart_set_nonce" => aead_multipart_set_nonce(c, case),
        "aead_multipart_update_buffer_test" => aead_multipart_update_buffer_test(c, case),
        "aead_multipart_finish_buffer_test" => aead_multipart_finish_buffer_test(c, case),
        "aead_multipart_verify" => aead_multipart_verify(c, case),
        "aead_multipart_setup" => aead_multipart_setup(c, case),
        "aead_multipart_state_test" => aead_multipart_state_test(c, case),
        "aead_key_policy" => aead_key_policy(c, case),
        f => Err(format!("no runner for {f}")),
    };
    match r {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail(why),
    }
}

#[test]
fn aead_conformance() {
    let Some(path) = mbedtls_data_file(FILE) else {
        println!("{}", missing_vectors_notice(FILE));
        return;
    };
    let cases: Vec<Case> = parse_file(&path)
        .expect("the data file parses")
        .into_iter()
        .filter(|c| FUNCTIONS.contains(&c.function.as_str()))
        .collect();
    let c = Crypto::in_memory();
    let mut tally = Tally::new(format!("{FILE} (AEAD)"));
    tally.run(&cases, |case| run_case(&c, case));
    let total = print_reports(&[tally]);
    assert_eq!(
        total.failed(),
        0,
        "AEAD conformance failures:\n{}",
        total.report()
    );
    assert!(total.passed() > 0, "no AEAD case ran");
}
