//! Which Mbed TLS `depends_on:` symbols hold for Strongroom, and why a case is skipped
//! when one does not.
//!
//! `PSA_WANT_*` symbols are looked up in [`psa_want`], Strongroom's algorithm set for
//! issue 3 (spec 1.2 algorithms with an implementation in the RustCrypto crates of
//! `reference/rust-dependencies.md`). A negated symbol (`!PSA_WANT_X`) marks a case
//! written for a build *without* X: it applies only when X is outside the set. Mbed TLS
//! build options (`MBEDTLS_*`) are false unless they describe something Strongroom has too
//! (its software driver plays the part of Mbed TLS's built-in implementations).
//! Comparisons (`PSA_VENDOR_RSA_MAX_KEY_BITS>=4096`) are evaluated.

use strongroom_vectors::{Case, EvalError, eval_with};

/// `Ok(())` if X is in Strongroom's algorithm set, `Err(reason)` if it is deliberately
/// outside it, `None` if the symbol is unknown.
pub fn psa_want(symbol: &str) -> Option<Result<(), &'static str>> {
    const NO_CURVE: &str =
        "curve outside Strongroom's set (no implementation in the chosen RustCrypto crates)";
    const PAKE: &str = "PAKE: out of scope for issue 3";
    let name = symbol.strip_prefix("PSA_WANT_")?;
    if let Some(curve) = name.strip_prefix("ECC_") {
        return Some(match curve {
            "SECP_R1_192"
            | "SECP_R1_224"
            | "SECP_R1_256"
            | "SECP_R1_384"
            | "SECP_R1_521"
            | "SECP_K1_256"
            | "BRAINPOOL_P_R1_256"
            | "BRAINPOOL_P_R1_384"
            | "MONTGOMERY_255"
            | "MONTGOMERY_448"
            | "TWISTED_EDWARDS_255"
            | "TWISTED_EDWARDS_448" => Ok(()),
            "SECP_K1_192" | "SECP_K1_225" | "SECP_R2_160" | "BRAINPOOL_P_R1_160"
            | "BRAINPOOL_P_R1_192" | "BRAINPOOL_P_R1_224" | "BRAINPOOL_P_R1_320"
            | "BRAINPOOL_P_R1_512" => Err(NO_CURVE),
            c if c.starts_with("SECT_") => Err(NO_CURVE),
            _ => return None,
        });
    }
    if let Some(group) = name.strip_prefix("DH_RFC7919_") {
        return matches!(group, "2048" | "3072" | "4096" | "6144" | "8192").then_some(Ok(()));
    }
    if let Some(key_type) = name.strip_prefix("KEY_TYPE_") {
        let known = [
            "AES",
            "ARIA",
            "CAMELLIA",
            "CHACHA20",
            "DES",
            "DERIVE",
            "HMAC",
            "PASSWORD",
            "PASSWORD_HASH",
            "PEPPER",
            "RAW_DATA",
            "RSA_PUBLIC_KEY",
            "ECC_PUBLIC_KEY",
            "DH_PUBLIC_KEY",
        ];
        let pair = ["RSA", "ECC", "DH"].iter().any(|f| {
            key_type
                .strip_prefix(f)
                .and_then(|r| r.strip_prefix("_KEY_PAIR_"))
                .is_some_and(|op| {
                    matches!(op, "BASIC" | "IMPORT" | "EXPORT" | "GENERATE" | "DERIVE")
                })
        });
        return (known.contains(&key_type) || pair).then_some(Ok(()));
    }
    let alg = name.strip_prefix("ALG_")?;
    Some(match alg {
        "JPAKE" => Err(PAKE),
        "MD5"
        | "RIPEMD160"
        | "SHA_1"
        | "SHA_224"
        | "SHA_256"
        | "SHA_384"
        | "SHA_512"
        | "SHA_512_224"
        | "SHA_512_256"
        | "SHA3_224"
        | "SHA3_256"
        | "SHA3_384"
        | "SHA3_512"
        | "SHAKE256_512"
        | "HMAC"
        | "CMAC"
        | "CBC_MAC"
        | "STREAM_CIPHER"
        | "CTR"
        | "CFB"
        | "OFB"
        | "XTS"
        | "CBC_NO_PADDING"
        | "CBC_PKCS7"
        | "ECB_NO_PADDING"
        | "CCM_STAR_NO_TAG"
        | "CCM"
        | "GCM"
        | "CHACHA20_POLY1305"
        | "HKDF"
        | "HKDF_EXTRACT"
        | "HKDF_EXPAND"
        | "TLS12_PRF"
        | "TLS12_PSK_TO_MS"
        | "TLS12_ECJPAKE_TO_PMS"
        | "PBKDF2_HMAC"
        | "PBKDF2_AES_CMAC_PRF_128"
        | "ECDSA"
        | "ECDSA_ANY"
        | "DETERMINISTIC_ECDSA"
        | "EDDSA"
        | "RSA_PKCS1V15_SIGN"
        | "RSA_PKCS1V15_SIGN_RAW"
        | "RSA_PSS"
        | "RSA_PSS_ANY_SALT"
        | "RSA_OAEP"
        | "RSA_PKCS1V15_CRYPT"
        | "ECDH"
        | "FFDH" => Ok(()),
        _ => return None,
    })
}

/// Mbed TLS build options that describe something Strongroom has as well.
fn mbedtls_option(name: &str) -> bool {
    if let Some(rest) = name.strip_prefix("MBEDTLS_PSA_BUILTIN_") {
        // Strongroom's software driver is its built-in implementation.
        return matches!(psa_want(&format!("PSA_WANT_{rest}")), Some(Ok(())));
    }
    matches!(
        name,
        "MBEDTLS_PSA_CRYPTO_C" | "MBEDTLS_PSA_CRYPTO_STORAGE_C" | "MBEDTLS_PSA_KEY_STORE_DYNAMIC"
    )
}

/// Values for the test-local and Mbed TLS names that appear in the vectors' arguments and
/// dependency comparisons, where a value has a Strongroom meaning:
/// - `TEST_DRIVER_LOCATION`: Mbed TLS's test-driver location (cases needing the driver
///   are skipped by their `PSA_CRYPTO_DRIVER_TEST` dependency);
/// - `MBEDTLS_CTR_DRBG_MAX_REQUEST`: only used as a request size (1024, Mbed TLS's value);
/// - `MBEDTLS_PSA_KEY_BUFFER_MAX_SIZE`: the largest key material Strongroom stores, the
///   8191 bytes of `KeyAttributes::MAX_KEY_BITS`.
pub fn local_name(name: &str) -> Option<i64> {
    match name {
        "TEST_DRIVER_LOCATION" => Some(0x7f_ffff),
        "MBEDTLS_CTR_DRBG_MAX_REQUEST" => Some(1024),
        "MBEDTLS_PSA_KEY_BUFFER_MAX_SIZE" => Some(8191),
        _ => None,
    }
}

/// Evaluates an expression argument with [`local_name`].
pub fn eval(expr: &str) -> Result<i64, EvalError> {
    eval_with(expr, &local_name)
}

/// `Ok(())` if every dependency of `case` holds for Strongroom, else the skip reason of
/// the first that does not.
pub fn check(case: &Case) -> Result<(), String> {
    for dep in &case.depends_on {
        check_one(dep)?;
    }
    Ok(())
}

fn check_one(dep: &str) -> Result<(), String> {
    if dep.contains(|c: char| " <>=()+*".contains(c)) {
        return match eval(dep) {
            Ok(0) => Err(format!("build limit does not hold here: {dep}")),
            Ok(_) => Ok(()),
            Err(EvalError::Unknown(n)) => Err(format!("depends on Mbed TLS internal {n}")),
            Err(e) => Err(format!("dependency {dep}: {e}")),
        };
    }
    let (negated, name) = match dep.strip_prefix('!') {
        Some(n) => (true, n),
        None => (false, dep),
    };
    let holds = if name.starts_with("PSA_WANT_") {
        match psa_want(name) {
            Some(Ok(())) => true,
            Some(Err(reason)) if !negated => return Err(format!("{reason}: {name}")),
            Some(Err(_)) => false,
            None => return Err(format!("unknown dependency {name}")),
        }
    } else if name.starts_with("MBEDTLS_") {
        let on = mbedtls_option(name);
        if !on && !negated {
            return Err(format!("Mbed TLS build option or internal: {name}"));
        }
        on
    } else if name == "PSA_CRYPTO_DRIVER_TEST" {
        if !negated {
            return Err("Mbed TLS test-driver hooks (PSA_CRYPTO_DRIVER_TEST)".into());
        }
        false
    } else {
        return Err(format!("unknown dependency {name}"));
    };
    if negated && holds {
        Err(format!(
            "written for builds without {}…, which Strongroom implements",
            category(name)
        ))
    } else {
        Ok(())
    }
}

/// The category prefix of a symbol (`PSA_WANT_KEY_TYPE_AES` → `PSA_WANT_KEY_TYPE_`), so
/// that "written for builds without X" skips group by kind in the report.
fn category(name: &str) -> &str {
    const PREFIXES: [&str; 6] = [
        "PSA_WANT_ALG_",
        "PSA_WANT_KEY_TYPE_",
        "PSA_WANT_ECC_",
        "PSA_WANT_DH_",
        "MBEDTLS_PSA_BUILTIN_",
        "MBEDTLS_",
    ];
    PREFIXES
        .iter()
        .find(|p| name.starts_with(*p))
        .copied()
        .unwrap_or(name)
}
