//! PSA names for the expression evaluator, mapped onto `strongroom-types` so that the
//! vectors check Strongroom's encodings rather than a second copy of them.
//!
//! Only spec names (and the few Mbed TLS public names that the vector files use as
//! parameters, such as `PSA_VENDOR_RSA_MAX_KEY_BITS` with Mbed TLS's default values) are
//! known. Mbed TLS internals (`MBEDTLS_*`, `PSA_KEY_ID_VOLATILE_MIN`,
//! `PSA_CRYPTO_ITS_RANDOM_SEED_UID`, …) are deliberately unknown: a case that needs them
//! is out of scope and its runner reports the name as the skip reason.

use strongroom_types::{
    Algorithm as A, DhFamily, EccFamily, Error, KeyAttributes, KeyId, KeyType as K, Lifetime,
    Usage, sizes,
};

use crate::eval::EvalError;

/// Object-like `PSA_ALG_*` names.
pub const ALGORITHMS: &[(&str, A)] = &[
    ("PSA_ALG_NONE", A::NONE),
    ("PSA_ALG_MD2", A::MD2),
    ("PSA_ALG_MD4", A::MD4),
    ("PSA_ALG_MD5", A::MD5),
    ("PSA_ALG_RIPEMD160", A::RIPEMD160),
    ("PSA_ALG_SHA_1", A::SHA_1),
    ("PSA_ALG_SHA_224", A::SHA_224),
    ("PSA_ALG_SHA_256", A::SHA_256),
    ("PSA_ALG_SHA_384", A::SHA_384),
    ("PSA_ALG_SHA_512", A::SHA_512),
    ("PSA_ALG_SHA_512_224", A::SHA_512_224),
    ("PSA_ALG_SHA_512_256", A::SHA_512_256),
    ("PSA_ALG_SHA3_224", A::SHA3_224),
    ("PSA_ALG_SHA3_256", A::SHA3_256),
    ("PSA_ALG_SHA3_384", A::SHA3_384),
    ("PSA_ALG_SHA3_512", A::SHA3_512),
    ("PSA_ALG_SM3", A::SM3),
    ("PSA_ALG_SHAKE256_512", A::SHAKE256_512),
    ("PSA_ALG_ANY_HASH", A::ANY_HASH),
    ("PSA_ALG_CBC_MAC", A::CBC_MAC),
    ("PSA_ALG_CMAC", A::CMAC),
    ("PSA_ALG_STREAM_CIPHER", A::STREAM_CIPHER),
    ("PSA_ALG_CTR", A::CTR),
    ("PSA_ALG_CFB", A::CFB),
    ("PSA_ALG_OFB", A::OFB),
    ("PSA_ALG_CCM_STAR_NO_TAG", A::CCM_STAR_NO_TAG),
    ("PSA_ALG_XTS", A::XTS),
    ("PSA_ALG_CBC_NO_PADDING", A::CBC_NO_PADDING),
    ("PSA_ALG_CBC_PKCS7", A::CBC_PKCS7),
    ("PSA_ALG_ECB_NO_PADDING", A::ECB_NO_PADDING),
    ("PSA_ALG_CCM", A::CCM),
    ("PSA_ALG_GCM", A::GCM),
    ("PSA_ALG_CHACHA20_POLY1305", A::CHACHA20_POLY1305),
    ("PSA_ALG_XCHACHA20_POLY1305", A::XCHACHA20_POLY1305),
    ("PSA_ALG_RSA_PKCS1V15_SIGN_RAW", A::RSA_PKCS1V15_SIGN_RAW),
    ("PSA_ALG_ECDSA_ANY", A::ECDSA_ANY),
    ("PSA_ALG_PURE_EDDSA", A::PURE_EDDSA),
    ("PSA_ALG_ED25519PH", A::ED25519PH),
    ("PSA_ALG_ED448PH", A::ED448PH),
    ("PSA_ALG_RSA_PKCS1V15_CRYPT", A::RSA_PKCS1V15_CRYPT),
    ("PSA_ALG_TLS12_ECJPAKE_TO_PMS", A::TLS12_ECJPAKE_TO_PMS),
    ("PSA_ALG_SP800_108_COUNTER_CMAC", A::SP800_108_COUNTER_CMAC),
    (
        "PSA_ALG_PBKDF2_AES_CMAC_PRF_128",
        A::PBKDF2_AES_CMAC_PRF_128,
    ),
    ("PSA_ALG_FFDH", A::FFDH),
    ("PSA_ALG_ECDH", A::ECDH),
    // Mbed TLS 3.6's object-like J-PAKE (hash carried by the cipher suite). A call
    // `PSA_ALG_JPAKE(h)` is the spec 1.2 function-like macro.
    ("PSA_ALG_JPAKE", A::JPAKE_BASE),
];

/// Algorithm category values (`PSA_ALG_CATEGORY_*`, Mbed TLS names used in the vectors).
const ALG_CATEGORIES: &[(&str, u32)] = &[
    ("PSA_ALG_CATEGORY_HASH", 0x0200_0000),
    ("PSA_ALG_CATEGORY_MAC", 0x0300_0000),
    ("PSA_ALG_CATEGORY_CIPHER", 0x0400_0000),
    ("PSA_ALG_CATEGORY_AEAD", 0x0500_0000),
    ("PSA_ALG_CATEGORY_SIGN", 0x0600_0000),
    ("PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION", 0x0700_0000),
    ("PSA_ALG_CATEGORY_KEY_DERIVATION", 0x0800_0000),
    ("PSA_ALG_CATEGORY_KEY_AGREEMENT", 0x0900_0000),
    ("PSA_ALG_CATEGORY_PAKE", 0x0a00_0000),
];

/// Object-like `PSA_KEY_TYPE_*` names.
pub const KEY_TYPES: &[(&str, K)] = &[
    ("PSA_KEY_TYPE_NONE", K::NONE),
    ("PSA_KEY_TYPE_RAW_DATA", K::RAW_DATA),
    ("PSA_KEY_TYPE_HMAC", K::HMAC),
    ("PSA_KEY_TYPE_DERIVE", K::DERIVE),
    ("PSA_KEY_TYPE_PASSWORD", K::PASSWORD),
    ("PSA_KEY_TYPE_PASSWORD_HASH", K::PASSWORD_HASH),
    ("PSA_KEY_TYPE_PEPPER", K::PEPPER),
    ("PSA_KEY_TYPE_AES", K::AES),
    ("PSA_KEY_TYPE_ARIA", K::ARIA),
    ("PSA_KEY_TYPE_CAMELLIA", K::CAMELLIA),
    ("PSA_KEY_TYPE_DES", K::DES),
    ("PSA_KEY_TYPE_SM4", K::SM4),
    ("PSA_KEY_TYPE_ARC4", K::ARC4),
    ("PSA_KEY_TYPE_CHACHA20", K::CHACHA20),
    ("PSA_KEY_TYPE_XCHACHA20", K::XCHACHA20),
    ("PSA_KEY_TYPE_RSA_PUBLIC_KEY", K::RSA_PUBLIC_KEY),
    ("PSA_KEY_TYPE_RSA_KEY_PAIR", K::RSA_KEY_PAIR),
];

/// Key type category values (Mbed TLS names used in the vectors).
const KEY_TYPE_CATEGORIES: &[(&str, u16)] = &[
    ("PSA_KEY_TYPE_VENDOR_FLAG", 0x8000),
    ("PSA_KEY_TYPE_CATEGORY_MASK", 0x7000),
    ("PSA_KEY_TYPE_CATEGORY_RAW", 0x1000),
    ("PSA_KEY_TYPE_CATEGORY_SYMMETRIC", 0x2000),
    ("PSA_KEY_TYPE_CATEGORY_PUBLIC_KEY", 0x4000),
    ("PSA_KEY_TYPE_CATEGORY_KEY_PAIR", 0x7000),
    ("PSA_KEY_TYPE_CATEGORY_FLAG_PAIR", 0x3000),
];

/// `PSA_ECC_FAMILY_*` names.
pub const ECC_FAMILIES: &[(&str, EccFamily)] = &[
    ("PSA_ECC_FAMILY_SECP_K1", EccFamily::SECP_K1),
    ("PSA_ECC_FAMILY_SECP_R1", EccFamily::SECP_R1),
    ("PSA_ECC_FAMILY_SECP_R2", EccFamily::SECP_R2),
    ("PSA_ECC_FAMILY_SECT_K1", EccFamily::SECT_K1),
    ("PSA_ECC_FAMILY_SECT_R1", EccFamily::SECT_R1),
    ("PSA_ECC_FAMILY_SECT_R2", EccFamily::SECT_R2),
    ("PSA_ECC_FAMILY_BRAINPOOL_P_R1", EccFamily::BRAINPOOL_P_R1),
    ("PSA_ECC_FAMILY_FRP", EccFamily::FRP),
    ("PSA_ECC_FAMILY_MONTGOMERY", EccFamily::MONTGOMERY),
    ("PSA_ECC_FAMILY_TWISTED_EDWARDS", EccFamily::TWISTED_EDWARDS),
];

/// `PSA_DH_FAMILY_*` names.
pub const DH_FAMILIES: &[(&str, DhFamily)] = &[
    ("PSA_DH_FAMILY_RFC7919", DhFamily::RFC7919),
    ("PSA_DH_FAMILY_RFC3526", DhFamily::RFC3526),
];

/// Other object-like names: lifetimes, ids, derivation steps, PAKE, sizes, vendor knobs.
const OTHER: &[(&str, i64)] = &[
    ("PSA_SUCCESS", 0),
    ("PSA_KEY_LIFETIME_VOLATILE", Lifetime::VOLATILE.raw() as i64),
    (
        "PSA_KEY_LIFETIME_PERSISTENT",
        Lifetime::PERSISTENT.raw() as i64,
    ),
    (
        "PSA_KEY_PERSISTENCE_VOLATILE",
        Lifetime::PERSISTENCE_VOLATILE as i64,
    ),
    (
        "PSA_KEY_PERSISTENCE_DEFAULT",
        Lifetime::PERSISTENCE_DEFAULT as i64,
    ),
    (
        "PSA_KEY_PERSISTENCE_READ_ONLY",
        Lifetime::PERSISTENCE_READ_ONLY as i64,
    ),
    (
        "PSA_KEY_LOCATION_LOCAL_STORAGE",
        Lifetime::LOCATION_LOCAL_STORAGE as i64,
    ),
    (
        "PSA_KEY_LOCATION_PRIMARY_SECURE_ELEMENT",
        Lifetime::LOCATION_PRIMARY_SECURE_ELEMENT as i64,
    ),
    ("PSA_KEY_ID_NULL", KeyId::NULL.raw() as i64),
    ("PSA_KEY_ID_USER_MIN", KeyId::USER_MIN.raw() as i64),
    ("PSA_KEY_ID_USER_MAX", KeyId::USER_MAX.raw() as i64),
    ("PSA_KEY_ID_VENDOR_MIN", KeyId::VENDOR_MIN.raw() as i64),
    ("PSA_KEY_ID_VENDOR_MAX", KeyId::VENDOR_MAX.raw() as i64),
    ("PSA_MAX_KEY_BITS", KeyAttributes::MAX_KEY_BITS as i64),
    ("PSA_KEY_DERIVATION_INPUT_SECRET", 0x0101),
    ("PSA_KEY_DERIVATION_INPUT_PASSWORD", 0x0102),
    ("PSA_KEY_DERIVATION_INPUT_OTHER_SECRET", 0x0103),
    ("PSA_KEY_DERIVATION_INPUT_LABEL", 0x0201),
    ("PSA_KEY_DERIVATION_INPUT_SALT", 0x0202),
    ("PSA_KEY_DERIVATION_INPUT_INFO", 0x0203),
    ("PSA_KEY_DERIVATION_INPUT_SEED", 0x0204),
    ("PSA_KEY_DERIVATION_INPUT_COST", 0x0205),
    ("PSA_KEY_DERIVATION_INPUT_CONTEXT", 0x0206),
    ("PSA_PAKE_PRIMITIVE_TYPE_ECC", 0x01),
    ("PSA_PAKE_PRIMITIVE_TYPE_DH", 0x02),
    ("PSA_PAKE_ROLE_NONE", 0x00),
    ("PSA_PAKE_ROLE_FIRST", 0x01),
    ("PSA_PAKE_ROLE_SECOND", 0x02),
    ("PSA_PAKE_ROLE_CLIENT", 0x11),
    ("PSA_PAKE_ROLE_SERVER", 0x12),
    ("PSA_PAKE_STEP_KEY_SHARE", 0x01),
    ("PSA_PAKE_STEP_ZK_PUBLIC", 0x02),
    ("PSA_PAKE_STEP_ZK_PROOF", 0x03),
    ("PSA_PAKE_STEP_CONFIRM", 0x04),
    ("PSA_HASH_MAX_SIZE", sizes::HASH_MAX_SIZE as i64),
    ("PSA_MAC_MAX_SIZE", sizes::MAC_MAX_SIZE as i64),
    (
        "PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE",
        sizes::BLOCK_CIPHER_BLOCK_MAX_SIZE as i64,
    ),
    ("PSA_AEAD_TAG_MAX_SIZE", sizes::AEAD_TAG_MAX_SIZE as i64),
    ("PSA_AEAD_NONCE_MAX_SIZE", sizes::AEAD_NONCE_MAX_SIZE as i64),
    ("PSA_CIPHER_IV_MAX_SIZE", sizes::CIPHER_IV_MAX_SIZE as i64),
    // Mbed TLS's default vendor limits, used by the vectors as parameters.
    ("PSA_VENDOR_RSA_MAX_KEY_BITS", 4096),
    ("PSA_VENDOR_RSA_GENERATE_MIN_KEY_BITS", 1024),
    ("PSA_VENDOR_ECC_MAX_CURVE_BITS", 521),
    ("PSA_VENDOR_PBKDF2_MAX_ITERATIONS", 0xffff_ffff),
    ("PSA_INTERRUPTIBLE_MAX_OPS_UNLIMITED", 0xffff_ffff),
    ("PSA_KEY_DERIVATION_UNLIMITED_CAPACITY", -1),
    // C limits that appear in arguments (64-bit target: SIZE_MAX wraps to -1 in i64, as
    // the C value does when stored in a signed 64-bit parameter).
    ("SIZE_MAX", -1),
    ("INT_MAX", i32::MAX as i64),
    ("UINT32_MAX", u32::MAX as i64),
];

/// A name → value table.
type Table<T> = &'static [(&'static str, T)];

fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The value of an object-like PSA name, `None` if unknown.
pub fn constant(name: &str) -> Option<i64> {
    if let Some(rest) = name.strip_prefix("PSA_ERROR_") {
        return Error::ALL
            .iter()
            .find(|e| e.name().strip_prefix("PSA_ERROR_") == Some(rest))
            .map(|e| i64::from(e.status()));
    }
    if name == "PSA_OPERATION_INCOMPLETE" {
        return Some(i64::from(Error::OperationIncomplete.status()));
    }
    lookup(ALGORITHMS, name)
        .map(|a| i64::from(a.raw()))
        .or_else(|| lookup(ALG_CATEGORIES, name).map(i64::from))
        .or_else(|| lookup(KEY_TYPES, name).map(|t| i64::from(t.raw())))
        .or_else(|| lookup(KEY_TYPE_CATEGORIES, name).map(i64::from))
        .or_else(|| lookup(ECC_FAMILIES, name).map(|f| i64::from(f.raw())))
        .or_else(|| lookup(DH_FAMILIES, name).map(|f| i64::from(f.raw())))
        .or_else(|| usage(name))
        .or_else(|| lookup(OTHER, name))
}

fn usage(name: &str) -> Option<i64> {
    let rest = name.strip_prefix("PSA_KEY_USAGE_")?;
    Usage::NAMED
        .iter()
        .find(|(_, n)| *n == rest)
        .map(|(u, _)| i64::from(u.raw()))
}

// C macro arguments are converted to the macro's parameter type as C would convert them:
// by truncation to the type's width.
fn alg(v: i64) -> A {
    A::from_raw(v as u32)
}
fn key_type(v: i64) -> K {
    K::from_raw(v as u16)
}
fn size(v: i64) -> usize {
    v as usize
}
fn b(v: bool) -> i64 {
    i64::from(v)
}
fn opt(v: Option<usize>) -> i64 {
    v.map_or(0, |n| n as i64)
}

/// Function-like macros taking one algorithm and returning an algorithm.
const ALG_TO_ALG: Table<fn(A) -> A> = &[
    ("PSA_ALG_HMAC", A::hmac),
    ("PSA_ALG_RSA_PKCS1V15_SIGN", A::rsa_pkcs1v15_sign),
    ("PSA_ALG_RSA_PSS", A::rsa_pss),
    ("PSA_ALG_RSA_PSS_ANY_SALT", A::rsa_pss_any_salt),
    ("PSA_ALG_ECDSA", A::ecdsa),
    ("PSA_ALG_DETERMINISTIC_ECDSA", A::deterministic_ecdsa),
    ("PSA_ALG_RSA_OAEP", A::rsa_oaep),
    ("PSA_ALG_HKDF", A::hkdf),
    ("PSA_ALG_HKDF_EXTRACT", A::hkdf_extract),
    ("PSA_ALG_HKDF_EXPAND", A::hkdf_expand),
    ("PSA_ALG_TLS12_PRF", A::tls12_prf),
    ("PSA_ALG_TLS12_PSK_TO_MS", A::tls12_psk_to_ms),
    ("PSA_ALG_PBKDF2_HMAC", A::pbkdf2_hmac),
    ("PSA_ALG_SP800_108_COUNTER_HMAC", A::sp800_108_counter_hmac),
    ("PSA_ALG_JPAKE", A::jpake),
    ("PSA_ALG_FULL_LENGTH_MAC", A::full_length_mac),
    (
        "PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG",
        A::aead_with_default_length_tag,
    ),
    ("PSA_ALG_KEY_AGREEMENT_GET_BASE", A::key_agreement_get_base),
    ("PSA_ALG_KEY_AGREEMENT_GET_KDF", A::key_agreement_get_kdf),
];

/// Function-like macros taking one algorithm and returning an optional algorithm
/// (`PSA_ALG_NONE` when absent, as the C macros return 0).
const ALG_TO_OPT_ALG: Table<fn(A) -> Option<A>> = &[
    ("PSA_ALG_SIGN_GET_HASH", A::sign_get_hash),
    ("PSA_ALG_GET_HASH", A::hash),
    ("PSA_ALG_HMAC_GET_HASH", A::hmac_get_hash),
    ("PSA_ALG_RSA_OAEP_GET_HASH", A::hash),
    ("PSA_ALG_HKDF_GET_HASH", A::hash),
];

/// `PSA_ALG_IS_*` classification macros.
const ALG_PREDICATES: Table<fn(A) -> bool> = &[
    ("PSA_ALG_IS_VENDOR_DEFINED", A::is_vendor_defined),
    ("PSA_ALG_IS_HASH", A::is_hash),
    ("PSA_ALG_IS_MAC", A::is_mac),
    ("PSA_ALG_IS_HMAC", A::is_hmac),
    ("PSA_ALG_IS_BLOCK_CIPHER_MAC", A::is_block_cipher_mac),
    ("PSA_ALG_IS_CIPHER", A::is_cipher),
    ("PSA_ALG_IS_STREAM_CIPHER", A::is_stream_cipher),
    ("PSA_ALG_IS_AEAD", A::is_aead),
    (
        "PSA_ALG_IS_AEAD_ON_BLOCK_CIPHER",
        A::is_aead_on_block_cipher,
    ),
    ("PSA_ALG_IS_SIGN", A::is_sign),
    ("PSA_ALG_IS_SIGN_HASH", A::is_sign_hash),
    ("PSA_ALG_IS_SIGN_MESSAGE", A::is_sign_message),
    ("PSA_ALG_IS_HASH_AND_SIGN", A::is_hash_and_sign),
    (
        "PSA_ALG_IS_ASYMMETRIC_ENCRYPTION",
        A::is_asymmetric_encryption,
    ),
    ("PSA_ALG_IS_KEY_AGREEMENT", A::is_key_agreement),
    ("PSA_ALG_IS_RAW_KEY_AGREEMENT", A::is_raw_key_agreement),
    (
        "PSA_ALG_IS_STANDALONE_KEY_AGREEMENT",
        A::is_standalone_key_agreement,
    ),
    ("PSA_ALG_IS_KEY_DERIVATION", A::is_key_derivation),
    (
        "PSA_ALG_IS_KEY_DERIVATION_STRETCHING",
        A::is_key_derivation_stretching,
    ),
    ("PSA_ALG_IS_PAKE", A::is_pake),
    ("PSA_ALG_IS_JPAKE", A::is_jpake),
    ("PSA_ALG_IS_WILDCARD", A::is_wildcard),
    ("PSA_ALG_IS_RSA_PKCS1V15_SIGN", A::is_rsa_pkcs1v15_sign),
    ("PSA_ALG_IS_RSA_PSS", A::is_rsa_pss),
    ("PSA_ALG_IS_RSA_PSS_ANY_SALT", A::is_rsa_pss_any_salt),
    (
        "PSA_ALG_IS_RSA_PSS_STANDARD_SALT",
        A::is_rsa_pss_standard_salt,
    ),
    ("PSA_ALG_IS_ECDSA", A::is_ecdsa),
    ("PSA_ALG_IS_DETERMINISTIC_ECDSA", A::is_deterministic_ecdsa),
    ("PSA_ALG_IS_RANDOMIZED_ECDSA", A::is_randomized_ecdsa),
    ("PSA_ALG_IS_HASH_EDDSA", A::is_hash_eddsa),
    ("PSA_ALG_IS_RSA_OAEP", A::is_rsa_oaep),
    ("PSA_ALG_IS_HKDF", A::is_hkdf),
    ("PSA_ALG_IS_HKDF_EXTRACT", A::is_hkdf_extract),
    ("PSA_ALG_IS_HKDF_EXPAND", A::is_hkdf_expand),
    ("PSA_ALG_IS_TLS12_PRF", A::is_tls12_prf),
    ("PSA_ALG_IS_TLS12_PSK_TO_MS", A::is_tls12_psk_to_ms),
    ("PSA_ALG_IS_PBKDF2_HMAC", A::is_pbkdf2_hmac),
    (
        "PSA_ALG_IS_SP800_108_COUNTER_HMAC",
        A::is_sp800_108_counter_hmac,
    ),
    ("PSA_ALG_IS_ECDH", A::is_ecdh),
    ("PSA_ALG_IS_FFDH", A::is_ffdh),
];

/// `PSA_KEY_TYPE_IS_*` classification macros.
const KEY_TYPE_PREDICATES: Table<fn(K) -> bool> = &[
    ("PSA_KEY_TYPE_IS_VENDOR_DEFINED", K::is_vendor_defined),
    ("PSA_KEY_TYPE_IS_UNSTRUCTURED", K::is_unstructured),
    ("PSA_KEY_TYPE_IS_ASYMMETRIC", K::is_asymmetric),
    ("PSA_KEY_TYPE_IS_PUBLIC_KEY", K::is_public_key),
    ("PSA_KEY_TYPE_IS_KEY_PAIR", K::is_key_pair),
    ("PSA_KEY_TYPE_IS_RSA", K::is_rsa),
    ("PSA_KEY_TYPE_IS_ECC", K::is_ecc),
    ("PSA_KEY_TYPE_IS_ECC_KEY_PAIR", K::is_ecc_key_pair),
    ("PSA_KEY_TYPE_IS_ECC_PUBLIC_KEY", K::is_ecc_public_key),
    ("PSA_KEY_TYPE_IS_DH", K::is_dh),
    ("PSA_KEY_TYPE_IS_DH_KEY_PAIR", K::is_dh_key_pair),
    ("PSA_KEY_TYPE_IS_DH_PUBLIC_KEY", K::is_dh_public_key),
];

fn arity(name: &str, args: &[i64], n: usize) -> Result<(), EvalError> {
    if args.len() == n {
        Ok(())
    } else {
        Err(EvalError::Arity {
            name: name.to_owned(),
            expected: n,
            found: args.len(),
        })
    }
}

/// Evaluates a function-like PSA macro; `None` if the name is unknown.
pub fn call(name: &str, args: &[i64]) -> Option<Result<i64, EvalError>> {
    let one = |f: &dyn Fn(i64) -> i64| Some(arity(name, args, 1).map(|()| f(args[0])));
    if let Some(f) = lookup(ALG_TO_ALG, name) {
        return one(&|x| i64::from(f(alg(x)).raw()));
    }
    if let Some(f) = lookup(ALG_TO_OPT_ALG, name) {
        return one(&|x| i64::from(f(alg(x)).map_or(0, A::raw)));
    }
    if let Some(f) = lookup(ALG_PREDICATES, name) {
        return one(&|x| b(f(alg(x))));
    }
    if let Some(f) = lookup(KEY_TYPE_PREDICATES, name) {
        return one(&|x| b(f(key_type(x))));
    }
    let two =
        |f: &dyn Fn(i64, i64) -> i64| Some(arity(name, args, 2).map(|()| f(args[0], args[1])));
    let three = |f: &dyn Fn(i64, i64, i64) -> i64| {
        Some(arity(name, args, 3).map(|()| f(args[0], args[1], args[2])))
    };
    let fam = |x: i64| x as u8;
    let raw_t = |t: K| i64::from(t.raw());
    let raw_a = |a: A| i64::from(a.raw());
    match name {
        "PSA_ALG_TRUNCATED_MAC" => two(&|m, l| raw_a(A::truncated_mac(alg(m), size(l)))),
        "PSA_ALG_AT_LEAST_THIS_LENGTH_MAC" => {
            two(&|m, l| raw_a(A::at_least_this_length_mac(alg(m), size(l))))
        }
        "PSA_ALG_AEAD_WITH_SHORTENED_TAG" => {
            two(&|m, l| raw_a(A::aead_with_shortened_tag(alg(m), size(l))))
        }
        "PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG" => {
            two(&|m, l| raw_a(A::aead_with_at_least_this_length_tag(alg(m), size(l))))
        }
        "PSA_ALG_KEY_AGREEMENT" => two(&|ka, kdf| raw_a(A::key_agreement(alg(ka), alg(kdf)))),
        "PSA_MAC_TRUNCATED_LENGTH" => one(&|m| alg(m).mac_truncated_length() as i64),
        "PSA_ALG_AEAD_GET_TAG_LENGTH" => one(&|m| alg(m).aead_tag_length_field() as i64),
        "PSA_HASH_LENGTH" => one(&|a| opt(alg(a).hash_length())),
        "PSA_HASH_BLOCK_LENGTH" => one(&|a| opt(alg(a).hash_block_size())),
        "PSA_KEY_TYPE_ECC_KEY_PAIR" => {
            one(&|f| raw_t(K::ecc_key_pair(EccFamily::from_raw(fam(f)))))
        }
        "PSA_KEY_TYPE_ECC_PUBLIC_KEY" => {
            one(&|f| raw_t(K::ecc_public_key(EccFamily::from_raw(fam(f)))))
        }
        "PSA_KEY_TYPE_DH_KEY_PAIR" => one(&|f| raw_t(K::dh_key_pair(DhFamily::from_raw(fam(f))))),
        "PSA_KEY_TYPE_DH_PUBLIC_KEY" => {
            one(&|f| raw_t(K::dh_public_key(DhFamily::from_raw(fam(f)))))
        }
        "PSA_KEY_TYPE_ECC_GET_FAMILY" => {
            one(&|t| key_type(t).ecc_family().map_or(0, |f| i64::from(f.raw())))
        }
        "PSA_KEY_TYPE_DH_GET_FAMILY" => {
            one(&|t| key_type(t).dh_family().map_or(0, |f| i64::from(f.raw())))
        }
        "PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR" => one(&|t| raw_t(key_type(t).public_key_of_pair())),
        "PSA_KEY_TYPE_KEY_PAIR_OF_PUBLIC_KEY" => one(&|t| raw_t(key_type(t).key_pair_of_public())),
        "PSA_BLOCK_CIPHER_BLOCK_LENGTH" => one(&|t| opt(key_type(t).block_size())),
        "PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION" => {
            two(&|p, l| i64::from(Lifetime::from_persistence_and_location(p as u8, l as u32).raw()))
        }
        "PSA_KEY_LIFETIME_GET_PERSISTENCE" => {
            one(&|l| i64::from(Lifetime::from_raw(l as u32).persistence()))
        }
        "PSA_KEY_LIFETIME_GET_LOCATION" => {
            one(&|l| i64::from(Lifetime::from_raw(l as u32).location()))
        }
        "PSA_KEY_LIFETIME_IS_VOLATILE" => one(&|l| b(Lifetime::from_raw(l as u32).is_volatile())),
        "PSA_KEY_LIFETIME_IS_READ_ONLY" => one(&|l| b(Lifetime::from_raw(l as u32).is_read_only())),
        "PSA_MAC_LENGTH" => {
            three(&|t, bits, a| opt(sizes::mac_length(key_type(t), size(bits), alg(a))))
        }
        "PSA_AEAD_TAG_LENGTH" => {
            three(&|t, bits, a| opt(sizes::aead_tag_length(key_type(t), size(bits), alg(a))))
        }
        "PSA_AEAD_NONCE_LENGTH" => two(&|t, a| opt(sizes::aead_nonce_length(key_type(t), alg(a)))),
        "PSA_CIPHER_IV_LENGTH" => two(&|t, a| opt(sizes::cipher_iv_length(key_type(t), alg(a)))),
        "PSA_EXPORT_KEY_OUTPUT_SIZE" => {
            two(&|t, bits| opt(sizes::export_key_output_size(key_type(t), size(bits))))
        }
        "PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE" => two(&|t, bits| {
            opt(sizes::export_public_key_output_size(
                key_type(t),
                size(bits),
            ))
        }),
        "PSA_SIGN_OUTPUT_SIZE" => {
            three(&|t, bits, a| opt(sizes::sign_output_size(key_type(t), size(bits), alg(a))))
        }
        "PSA_BITS_TO_BYTES" => one(&|x| x.wrapping_add(7) / 8),
        "PSA_BYTES_TO_BITS" => one(&|x| x.wrapping_mul(8)),
        "PSA_PAKE_PRIMITIVE" => three(&|t, f, bits| {
            if bits & 0xffff != bits {
                0
            } else {
                ((t & 0xff) << 24) | ((f & 0xff) << 16) | bits
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::eval;

    #[test]
    fn spec_examples() {
        assert_eq!(eval("PSA_ALG_HMAC(PSA_ALG_SHA_256)"), Ok(0x0380_0009));
        assert_eq!(
            eval("PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 16)"),
            Ok(0x0390_0009)
        );
        assert_eq!(
            eval("PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 8)"),
            Ok(0x03c8_8200)
        );
        assert_eq!(
            eval("PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 8)"),
            Ok(0x0548_0100)
        );
        assert_eq!(
            eval("PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 12)"),
            Ok(0x054c_8200)
        );
        assert_eq!(
            eval("PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH, PSA_ALG_HKDF(PSA_ALG_SHA_256))"),
            Ok(0x0902_0109)
        );
        assert_eq!(
            eval("PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)"),
            Ok(0x7112)
        );
        assert_eq!(
            eval("PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919)"),
            Ok(0x7203)
        );
        assert_eq!(eval("PSA_ERROR_NOT_PERMITTED"), Ok(-133));
        assert_eq!(eval("PSA_OPERATION_INCOMPLETE"), Ok(-248));
        assert_eq!(eval("PSA_SUCCESS"), Ok(0));
        assert_eq!(
            eval("PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH"),
            Ok(0x3000)
        );
        assert_eq!(
            eval(
                "PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(PSA_KEY_PERSISTENCE_READ_ONLY, 0x123456)"
            ),
            Ok(0x1234_56ff)
        );
        assert_eq!(
            eval("PSA_PAKE_PRIMITIVE(PSA_PAKE_PRIMITIVE_TYPE_ECC, PSA_ECC_FAMILY_SECP_R1, 256)"),
            Ok(0x0112_0100)
        );
        assert_eq!(eval("PSA_HASH_LENGTH(PSA_ALG_SHA_384)"), Ok(48));
        assert_eq!(eval("PSA_ALG_JPAKE"), Ok(0x0a00_0100));
        assert_eq!(eval("PSA_ALG_JPAKE(PSA_ALG_SHA_256)"), Ok(0x0a00_0109));
        assert_eq!(eval("PSA_ALG_IS_HASH(PSA_ALG_SHA_256)"), Ok(1));
        assert_eq!(
            eval("PSA_ALG_SIGN_GET_HASH(PSA_ALG_RSA_PKCS1V15_SIGN_RAW)"),
            Ok(0)
        );
        assert_eq!(
            eval("PSA_MAC_LENGTH(PSA_KEY_TYPE_AES, 128, PSA_ALG_CMAC)"),
            Ok(16)
        );
    }

    #[test]
    fn internals_are_unknown() {
        for n in [
            "MBEDTLS_CTR_DRBG_MAX_REQUEST",
            "PSA_KEY_ID_VOLATILE_MIN",
            "TEST_DRIVER_LOCATION",
        ] {
            assert_eq!(eval(n), Err(EvalError::Unknown(n.into())));
        }
    }
}
