//! "Do something with the key according to its type and permitted usage" — what Mbed TLS's
//! `mbedtls_test_psa_exercise_key` does after creating a key: check its attributes, use it
//! with its algorithm in each permitted direction, and check that export and public-key
//! export follow the policy and the key type.
//!
//! A policy algorithm that is a wildcard is exercised with a specific member: the shortest
//! MAC or tag it permits, SHA-256 for `ANY_HASH`.

use strongroom::{Algorithm, Crypto, Error, KeyAttributes, KeyId, Usage, sizes};
use strongroom_types::DerivationStep;

use super::report::Verdict;
use super::util::{check, expect, family, ok, status};

const MESSAGE: &[u8] = b"Hello, world...\0";

fn code(e: Error) -> i64 {
    i64::from(e.status())
}

/// Exercises `key` for `usage` with `alg` (`NONE`: export checks only).
pub fn exercise(c: &Crypto, key: KeyId, usage: Usage, alg: Algorithm) -> Result<(), Verdict> {
    let attrs = ok("key_attributes", "exercise", c.key_attributes(key))?;
    check(attrs.id() == key, || {
        format!("key_attributes: id {} for key {key}", attrs.id())
    })?;
    let usage = usage.with_implications();
    if alg != Algorithm::NONE {
        if alg.is_mac() {
            exercise_mac(c, key, &attrs, usage, alg)?;
        } else if alg.is_aead() {
            exercise_aead(c, key, &attrs, usage, alg)?;
        } else if alg.is_cipher() {
            exercise_cipher(c, key, &attrs, usage, alg)?;
        } else if alg.is_sign() {
            exercise_signature(c, key, &attrs, usage, alg)?;
        } else if alg.is_asymmetric_encryption() {
            exercise_asymmetric_encryption(c, key, usage, alg)?;
        } else if alg.is_raw_key_agreement() {
            exercise_raw_agreement(c, key, usage, alg)?;
        } else if alg.is_key_derivation() || alg.is_key_agreement() {
            exercise_derivation(c, key, usage, alg)?;
        } else {
            return Err(Verdict::Fail(format!(
                "exercise: unexpected algorithm {alg:?}"
            )));
        }
    }
    exercise_export(c, key, &attrs, usage)?;
    exercise_export_public(c, key, &attrs)
}

fn exercise_mac(
    c: &Crypto,
    key: KeyId,
    attrs: &KeyAttributes,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    let alg = if alg.is_at_least_this_length_mac() {
        Algorithm::truncated_mac(alg, alg.mac_truncated_length())
    } else {
        alg
    };
    let subject = family(alg);
    let len = sizes::mac_length(attrs.key_type(), attrs.bits() as usize, alg).unwrap_or(0);
    let mut mac = vec![0u8; sizes::MAC_MAX_SIZE];
    let mut signed = false;
    if usage.contains(Usage::SIGN_MESSAGE) {
        let mut op = ok("mac_sign_setup", &subject, c.mac_sign_setup(key, alg))?;
        ok("mac_update", &subject, op.update(MESSAGE))?;
        let n = ok("mac_sign_finish", &subject, op.sign_finish(&mut mac))?;
        check(n == len, || {
            format!("mac_sign_finish: {n} bytes, expected {len}")
        })?;
        signed = true;
    }
    if usage.contains(Usage::VERIFY_MESSAGE) {
        let mut op = ok("mac_verify_setup", &subject, c.mac_verify_setup(key, alg))?;
        ok("mac_update", &subject, op.update(MESSAGE))?;
        let want = if signed {
            0
        } else {
            code(Error::InvalidSignature)
        };
        expect(
            "mac_verify_finish",
            &subject,
            &op.verify_finish(&mac[..len]),
            want,
        )?;
    }
    Ok(())
}

fn exercise_cipher(
    c: &Crypto,
    key: KeyId,
    attrs: &KeyAttributes,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    let subject = family(alg);
    let iv_len = sizes::cipher_iv_length(attrs.key_type(), alg).unwrap_or(0);
    let mut iv = vec![0u8; iv_len];
    let mut ciphertext = vec![0u8; MESSAGE.len() + 32];
    let mut encrypted = None;
    if usage.contains(Usage::ENCRYPT) {
        let mut op = ok(
            "cipher_encrypt_setup",
            &subject,
            c.cipher_encrypt_setup(key, alg),
        )?;
        if iv_len > 0 {
            ok("cipher_generate_iv", &subject, op.generate_iv(&mut iv))?;
        }
        let n = ok(
            "cipher_update",
            &subject,
            op.update(MESSAGE, &mut ciphertext),
        )?;
        let m = ok("cipher_finish", &subject, op.finish(&mut ciphertext[n..]))?;
        encrypted = Some(n + m);
    }
    if usage.contains(Usage::DECRYPT) {
        let len = encrypted.unwrap_or_else(|| {
            attrs
                .key_type()
                .block_size()
                .map_or(MESSAGE.len(), |b| b.max(MESSAGE.len()))
        });
        let mut op = ok(
            "cipher_decrypt_setup",
            &subject,
            c.cipher_decrypt_setup(key, alg),
        )?;
        if iv_len > 0 {
            ok("cipher_set_iv", &subject, op.set_iv(&iv))?;
        }
        let mut plain = vec![0u8; len + 32];
        let r = op.update(&ciphertext[..len], &mut plain).and_then(|n| {
            let m = op.finish(&mut plain[n..])?;
            Ok(n + m)
        });
        match (encrypted, r) {
            (Some(_), Ok(n)) => check(&plain[..n] == MESSAGE, || {
                "cipher: decryption differs from the plaintext".into()
            })?,
            (Some(_), Err(e)) => {
                return Err(Verdict::Fail(format!(
                    "cipher decryption of own ciphertext: {}",
                    e.name()
                )));
            }
            // Decrypting made-up data: padding may be wrong.
            (None, Err(Error::InvalidPadding)) if alg == Algorithm::CBC_PKCS7 => {}
            (None, r) => {
                ok("cipher decryption", &subject, r)?;
            }
        }
    }
    Ok(())
}

fn exercise_aead(
    c: &Crypto,
    key: KeyId,
    attrs: &KeyAttributes,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    let alg = if alg.is_aead_at_least_this_length_tag() {
        Algorithm::aead_with_shortened_tag(alg, alg.aead_tag_length_field())
    } else {
        alg
    };
    let subject = family(alg);
    let key_type = attrs.key_type();
    let nonce_len = sizes::aead_nonce_length(key_type, alg).unwrap_or(12);
    let nonce = vec![0u8; nonce_len];
    let mut ciphertext = vec![0u8; MESSAGE.len() + sizes::AEAD_TAG_MAX_SIZE];
    let mut encrypted = None;
    if usage.contains(Usage::ENCRYPT) {
        let n = ok(
            "aead_encrypt",
            &subject,
            c.aead_encrypt(key, alg, &nonce, b"", MESSAGE, &mut ciphertext),
        )?;
        encrypted = Some(n);
    }
    if usage.contains(Usage::DECRYPT) {
        let mut plain = vec![0u8; ciphertext.len()];
        let tag = sizes::aead_tag_length(key_type, attrs.bits() as usize, alg).unwrap_or(16);
        let (input, want) = match encrypted {
            Some(n) => (&ciphertext[..n], 0),
            None => (
                &ciphertext[..MESSAGE.len() + tag],
                code(Error::InvalidSignature),
            ),
        };
        let r = c.aead_decrypt(key, alg, &nonce, b"", input, &mut plain);
        expect("aead_decrypt", &subject, &r, want)?;
        if let (Ok(n), Some(_)) = (r, encrypted) {
            check(&plain[..n] == MESSAGE, || {
                "aead_decrypt: wrong plaintext".into()
            })?;
        }
    }
    Ok(())
}

fn exercise_signature(
    c: &Crypto,
    key: KeyId,
    attrs: &KeyAttributes,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    // A wildcard policy is exercised with SHA-256.
    let alg = if alg.is_any_hash_wildcard() {
        Algorithm::from_raw((alg.raw() & !0xff) | (Algorithm::SHA_256.raw() & 0xff))
    } else {
        alg
    };
    let subject = format!("{:?} {}", attrs.key_type(), family(alg));
    let sig_len =
        sizes::sign_output_size(attrs.key_type(), attrs.bits() as usize, alg).unwrap_or(0);
    let mut signature = vec![0u8; 1024];
    if alg.is_sign_hash() && usage.intersects(Usage::SIGN_HASH | Usage::VERIFY_HASH) {
        let hash_len = alg
            .sign_get_hash()
            .and_then(|h| h.hash_length())
            .unwrap_or(16);
        let payload = vec![1u8; hash_len];
        let mut signed = None;
        if usage.contains(Usage::SIGN_HASH) {
            let n = ok(
                "sign_hash",
                &subject,
                c.sign_hash(key, alg, &payload, &mut signature),
            )?;
            signed = Some(n);
        }
        if usage.contains(Usage::VERIFY_HASH) {
            let (sig, want) = match signed {
                Some(n) => (&signature[..n], 0),
                None => (&signature[..sig_len], code(Error::InvalidSignature)),
            };
            expect(
                "verify_hash",
                &subject,
                &c.verify_hash(key, alg, &payload, sig),
                want,
            )?;
        }
    }
    if alg.is_sign_message() && usage.intersects(Usage::SIGN_MESSAGE | Usage::VERIFY_MESSAGE) {
        signature.fill(0);
        let mut signed = None;
        if usage.contains(Usage::SIGN_MESSAGE) {
            let n = ok(
                "sign_message",
                &subject,
                c.sign_message(key, alg, MESSAGE, &mut signature),
            )?;
            signed = Some(n);
        }
        if usage.contains(Usage::VERIFY_MESSAGE) {
            let (sig, want) = match signed {
                Some(n) => (&signature[..n], 0),
                None => (&signature[..sig_len], code(Error::InvalidSignature)),
            };
            expect(
                "verify_message",
                &subject,
                &c.verify_message(key, alg, MESSAGE, sig),
                want,
            )?;
        }
    }
    Ok(())
}

fn exercise_asymmetric_encryption(
    c: &Crypto,
    key: KeyId,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    let subject = family(alg);
    let mut ciphertext = vec![0u8; 1024];
    let mut encrypted = 0;
    if usage.contains(Usage::ENCRYPT) {
        encrypted = ok(
            "asymmetric_encrypt",
            &subject,
            c.asymmetric_encrypt(key, alg, MESSAGE, b"", &mut ciphertext),
        )?;
    }
    if usage.contains(Usage::DECRYPT) {
        let mut plain = vec![0u8; 1024];
        let r = c.asymmetric_decrypt(key, alg, &ciphertext[..encrypted], b"", &mut plain);
        let s = status(&r);
        if usage.contains(Usage::ENCRYPT) {
            let n = ok("asymmetric_decrypt", &subject, r)?;
            check(&plain[..n] == MESSAGE, || {
                "asymmetric_decrypt: wrong plaintext".into()
            })?;
        } else {
            // Decrypting nothing: success or a clean rejection.
            let allowed = [0, code(Error::InvalidArgument), code(Error::InvalidPadding)];
            if !allowed.contains(&s) {
                expect("asymmetric_decrypt (no ciphertext)", &subject, &r, 0)?;
            }
        }
    }
    Ok(())
}

fn exercise_raw_agreement(
    c: &Crypto,
    key: KeyId,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    if !usage.contains(Usage::DERIVE) {
        return Ok(());
    }
    let subject = family(alg);
    let public = ok(
        "export_public_key",
        &subject,
        c.export_public_key_to_vec(key),
    )?;
    let mut secret = vec![0u8; 1024];
    ok(
        "raw_key_agreement with own public key",
        &subject,
        c.raw_key_agreement(alg, key, &public, &mut secret),
    )
    .map(|_| ())
}

/// Derives 16 bytes with the key as the derivation's secret (a key-derivation policy) or,
/// for a key agreement policy, with the agreement of the key with its own public key.
fn exercise_derivation(
    c: &Crypto,
    key: KeyId,
    usage: Usage,
    alg: Algorithm,
) -> Result<(), Verdict> {
    if !usage.contains(Usage::DERIVE) {
        return Ok(());
    }
    let subject = family(alg);
    let kdf = if alg.is_key_agreement() {
        alg.key_agreement_get_kdf()
    } else {
        alg
    };
    let public = if alg.is_key_agreement() {
        Some(ok(
            "export_public_key",
            &subject,
            c.export_public_key_to_vec(key),
        )?)
    } else {
        None
    };
    let mut op = ok(
        "key_derivation_setup",
        &subject,
        c.key_derivation_setup(alg),
    )?;
    let secret_step = if kdf.is_pbkdf2_hmac() || kdf == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
        DerivationStep::PASSWORD
    } else {
        DerivationStep::SECRET
    };
    let r: strongroom::Result<()> = (|| {
        if kdf.is_tls12_prf() || kdf.is_tls12_psk_to_ms() {
            op.input_bytes(DerivationStep::SEED, b"seed")?;
        } else if kdf.is_pbkdf2_hmac() || kdf == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
            op.input_integer(DerivationStep::COST, 1)?;
            op.input_bytes(DerivationStep::SALT, b"salt")?;
        } else if kdf.is_hkdf() || kdf.is_hkdf_extract() {
            op.input_bytes(DerivationStep::SALT, b"salt")?;
        }
        match &public {
            Some(peer) => op.key_agreement(secret_step, key, peer)?,
            None => op.input_key(secret_step, key)?,
        }
        if kdf.is_tls12_prf() || kdf.is_tls12_psk_to_ms() {
            op.input_bytes(DerivationStep::LABEL, b"label")?;
        } else if kdf.is_hkdf() || kdf.is_hkdf_expand() {
            op.input_bytes(DerivationStep::INFO, b"info")?;
        }
        let mut out = [0u8; 16];
        op.output_bytes(&mut out)
    })();
    ok("key derivation with the key", &subject, r)
}

/// Export follows the `EXPORT` flag (public keys are always exportable), and an exported
/// unstructured key has exactly `bits / 8` bytes.
fn exercise_export(
    c: &Crypto,
    key: KeyId,
    attrs: &KeyAttributes,
    usage: Usage,
) -> Result<(), Verdict> {
    let key_type = attrs.key_type();
    let subject = format!("{key_type:?}");
    let r = c.export_key_to_vec(key);
    if !usage.contains(Usage::EXPORT) && !key_type.is_public_key() {
        return expect(
            "export_key without EXPORT",
            &subject,
            &r,
            code(Error::NotPermitted),
        );
    }
    let data = ok("export_key", &subject, r)?;
    if key_type.is_unstructured() {
        let want = attrs.bits() as usize / 8;
        check(data.len() == want, || {
            format!("export_key: {} bytes, expected {want}", data.len())
        })?;
    }
    Ok(())
}

/// `export_public_key` works for asymmetric keys (whatever the usage) and is
/// `INVALID_ARGUMENT` for the others.
fn exercise_export_public(c: &Crypto, key: KeyId, attrs: &KeyAttributes) -> Result<(), Verdict> {
    let key_type = attrs.key_type();
    let subject = format!("{key_type:?}");
    let r = c.export_public_key_to_vec(key);
    if key_type.is_asymmetric() {
        let public = ok("export_public_key", &subject, r)?;
        check(!public.is_empty(), || "empty public key".into())
    } else {
        expect(
            "export_public_key of a non-asymmetric key",
            &subject,
            &r,
            code(Error::InvalidArgument),
        )
    }
}
