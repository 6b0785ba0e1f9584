//! Key policy rules (spec "Key policies"; Mbed TLS `psa_key_algorithm_permits`).
//!
//! Pure functions: the engine calls [`check_use`] at every key use, [`intersect_policy`]
//! in `psa_copy_key`, and the `validate_*` functions when creating unstructured keys.

use crate::{Algorithm, Error, KeyAttributes, KeyType, Result, Usage, sizes};

/// Whether a MAC algorithm can be used with a key type at all (HMAC needs an HMAC key;
/// a block-cipher MAC needs a symmetric key with a block larger than one byte).
pub const fn mac_key_can_do(alg: Algorithm, key_type: KeyType) -> bool {
    if alg.is_hmac() {
        return key_type.raw() == KeyType::HMAC.raw();
    }
    if alg.is_block_cipher_mac() {
        return key_type.is_symmetric() && matches!(key_type.block_size(), Some(b) if b > 1);
    }
    false
}

/// Whether a key whose policy algorithm is `policy_alg` may be used for `requested_alg`.
///
/// Exact match, plus the spec's wildcard rules:
/// 1. a hash-and-sign policy with [`Algorithm::ANY_HASH`] permits the same scheme with any
///    hash, including the hash-less variant (`RSA_PKCS1V15_SIGN(ANY_HASH)` permits
///    `RSA_PKCS1V15_SIGN_RAW`, `ECDSA(ANY_HASH)` permits `ECDSA_ANY`);
/// 2. `AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(base, n)` permits `base` with a tag ≥ n;
/// 3. MACs of the same base compare by output length: a full-length MAC is the same as the
///    MAC truncated to the default length (which needs `key_type` for CMAC / CBC-MAC), and
///    `AT_LEAST_THIS_LENGTH_MAC(base, n)` permits any length ≥ n;
/// 4. a raw key agreement (ECDH, FFDH) permits that agreement combined with any KDF.
///
/// `policy_alg == NONE` permits nothing. Wildcard requests are not rejected here; see
/// [`check_use`].
pub const fn permits(policy_alg: Algorithm, key_type: KeyType, requested_alg: Algorithm) -> bool {
    let p = policy_alg.raw();
    let r = requested_alg.raw();
    if p == 0 {
        return false;
    }
    if p == r {
        return true;
    }
    // 1. Hash-and-sign with a wildcard hash.
    if requested_alg.is_sign_hash() && policy_alg.is_any_hash_wildcard() {
        return (p & !0xff) == (r & !0xff);
    }
    // 2. AEAD with a minimum tag length.
    if policy_alg.is_aead_at_least_this_length_tag()
        && requested_alg.is_aead()
        && policy_alg.aead_base().raw() == requested_alg.aead_base().raw()
    {
        return policy_alg.aead_tag_length_field() <= requested_alg.aead_tag_length_field();
    }
    // 3. MACs of the same base.
    if policy_alg.is_mac()
        && requested_alg.is_mac()
        && Algorithm::full_length_mac(policy_alg).raw()
            == Algorithm::full_length_mac(requested_alg).raw()
    {
        if !mac_key_can_do(policy_alg, key_type) {
            return false;
        }
        let requested_len = sizes::mac_length(key_type, 0, requested_alg);
        let default_len = sizes::mac_length(key_type, 0, Algorithm::full_length_mac(requested_alg));
        let (Some(requested_len), Some(default_len)) = (requested_len, default_len) else {
            return false;
        };
        let policy_len = policy_alg.mac_truncated_length();
        if policy_len == 0 {
            return requested_len == default_len;
        }
        if requested_alg.mac_truncated_length() == 0 && policy_len == default_len {
            return true;
        }
        if policy_alg.is_at_least_this_length_mac() {
            return policy_len <= requested_len;
        }
        return false;
    }
    // 4. Raw key agreement permits it combined with any KDF.
    if policy_alg.is_raw_key_agreement() && requested_alg.is_key_agreement() {
        return requested_alg.key_agreement_get_base().raw() == p;
    }
    false
}

/// Checks that `attrs` allows `usage` (all flags) with `alg`.
///
/// Order and statuses follow Mbed TLS: missing usage flags → `NotPermitted` (public keys
/// count as exportable); then a requested algorithm that is `NONE` or a wildcard →
/// `InvalidArgument` (operations always name one specific algorithm); then an algorithm
/// the policy does not permit → `NotPermitted`.
pub fn check_use(attrs: &KeyAttributes, usage: Usage, alg: Algorithm) -> Result<()> {
    check_usage(attrs, usage)?;
    if alg == Algorithm::NONE || alg.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    if permits(attrs.algorithm(), attrs.key_type(), alg) {
        Ok(())
    } else {
        Err(Error::NotPermitted)
    }
}

/// Checks a key given as an input of a key derivation running `alg`
/// (`psa_key_derivation_input_key`, `psa_key_derivation_key_agreement`).
///
/// The key needs `DERIVE` or `VERIFY_DERIVATION` usage and a policy that permits `alg`
/// (the operation's algorithm, a key agreement combined with its KDF included), else
/// `NotPermitted`. Returns `true` when the key permits `DERIVE` (output of bytes and
/// keys), `false` when it permits verification only (spec 1.2).
pub fn check_derivation_input(attrs: &KeyAttributes, alg: Algorithm) -> Result<bool> {
    let usage = attrs.usage();
    let derive = usage.contains(Usage::DERIVE);
    if !derive && !usage.contains(Usage::VERIFY_DERIVATION) {
        return Err(Error::NotPermitted);
    }
    if permits(attrs.algorithm(), attrs.key_type(), alg) {
        Ok(derive)
    } else {
        Err(Error::NotPermitted)
    }
}

/// Checks the usage flags only (for uses that involve no algorithm, e.g. export, copy).
/// Public keys are always exportable, so `EXPORT` is not required of them.
pub fn check_usage(attrs: &KeyAttributes, usage: Usage) -> Result<()> {
    let mut needed = usage;
    if attrs.key_type().is_public_key() {
        needed &= !Usage::EXPORT;
    }
    if attrs.usage().contains(needed) {
        Ok(())
    } else {
        Err(Error::NotPermitted)
    }
}

/// The intersection of two permitted-algorithm policies on a key of `key_type`, as
/// `psa_copy_key` computes it: `Some(NONE)` if either side is `NONE`; the common
/// algorithm or most restrictive wildcard otherwise; `None` if they are incompatible.
pub fn intersect_algorithms(a: Algorithm, b: Algorithm, key_type: KeyType) -> Option<Algorithm> {
    if a == Algorithm::NONE || b == Algorithm::NONE {
        return Some(Algorithm::NONE);
    }
    if a == b {
        return Some(a);
    }
    // Same hash-and-sign family, one side with the ANY_HASH wildcard.
    if a.is_sign_hash() && b.is_sign_hash() && (a.raw() & !0xff) == (b.raw() & !0xff) {
        if a.is_any_hash_wildcard() {
            return Some(b);
        }
        if b.is_any_hash_wildcard() {
            return Some(a);
        }
    }
    // Same AEAD family: at least one is a minimum-tag-length wildcard.
    if a.is_aead() && b.is_aead() && a.aead_base() == b.aead_base() {
        let (la, lb) = (a.aead_tag_length_field(), b.aead_tag_length_field());
        let (wa, wb) = (
            a.is_aead_at_least_this_length_tag(),
            b.is_aead_at_least_this_length_tag(),
        );
        if wa && wb {
            return Some(Algorithm::aead_with_at_least_this_length_tag(a, la.max(lb)));
        }
        if wa && la <= lb {
            return Some(b);
        }
        if wb && lb <= la {
            return Some(a);
        }
    }
    // Same MAC family: compare output lengths.
    if a.is_mac() && b.is_mac() && Algorithm::full_length_mac(a) == Algorithm::full_length_mac(b) {
        if !mac_key_can_do(a, key_type) {
            return None;
        }
        let la = sizes::mac_length(key_type, 0, a)?;
        let lb = sizes::mac_length(key_type, 0, b)?;
        let (wa, wb) = (
            a.is_at_least_this_length_mac(),
            b.is_at_least_this_length_mac(),
        );
        if wa && wb {
            return Some(Algorithm::at_least_this_length_mac(a, la.max(lb)));
        }
        if wa {
            return if la <= lb { Some(b) } else { None };
        }
        if wb {
            return if lb <= la { Some(a) } else { None };
        }
        if la == lb {
            // Always name the specific length, so the result does not depend on argument
            // order when one side is default-length.
            return Some(Algorithm::truncated_mac(a, la));
        }
    }
    None
}

/// The policy of a key copied from `source` with the `requested` attributes:
/// usage = intersection of the flags, algorithm = [`intersect_algorithms`];
/// incompatible algorithms → `InvalidArgument`.
pub fn intersect_policy(
    source: &KeyAttributes,
    requested: &KeyAttributes,
) -> Result<(Usage, Algorithm)> {
    let alg = intersect_algorithms(source.algorithm(), requested.algorithm(), source.key_type())
        .ok_or(Error::InvalidArgument)?;
    Ok((source.usage() & requested.usage(), alg))
}

/// Checks a MAC algorithm against the key it will run with and returns its output length,
/// as MAC setup must (Mbed TLS `psa_mac_finalize_alg_and_key_validation`):
/// not a MAC, or a key type the MAC cannot use → `InvalidArgument`; an output shorter
/// than [`sizes::MAC_MIN_TRUNCATED_LENGTH`] (brute-forceable) or of an unknown hash →
/// `NotSupported`; a truncation longer than the full MAC → `InvalidArgument`.
pub fn validate_mac(key_type: KeyType, key_bits: usize, alg: Algorithm) -> Result<usize> {
    if !alg.is_mac() || !mac_key_can_do(alg, key_type) {
        return Err(Error::InvalidArgument);
    }
    let full = sizes::mac_length(key_type, key_bits, Algorithm::full_length_mac(alg))
        .ok_or(Error::NotSupported)?;
    let len = sizes::mac_length(key_type, key_bits, alg).ok_or(Error::NotSupported)?;
    if len < sizes::MAC_MIN_TRUNCATED_LENGTH {
        return Err(Error::NotSupported);
    }
    if len > full {
        return Err(Error::InvalidArgument);
    }
    if len > sizes::MAC_MAX_SIZE {
        return Err(Error::NotSupported);
    }
    Ok(len)
}

/// Checks a key size for an unstructured (raw or symmetric) key type.
///
/// AES / ARIA / CAMELLIA: 128, 192, 256; DES: 64, 128, 192; CHACHA20, XCHACHA20: 256;
/// RAW_DATA, HMAC, DERIVE, PASSWORD, PASSWORD_HASH, PEPPER: any. In every case the size
/// must be a whole number of bytes. A wrong size is `InvalidArgument`; an unknown type is
/// `NotSupported`.
pub fn validate_unstructured_bits(key_type: KeyType, bits: u32) -> Result<()> {
    let ok = match key_type {
        KeyType::RAW_DATA
        | KeyType::HMAC
        | KeyType::DERIVE
        | KeyType::PASSWORD
        | KeyType::PASSWORD_HASH
        | KeyType::PEPPER => true,
        KeyType::AES | KeyType::ARIA | KeyType::CAMELLIA => matches!(bits, 128 | 192 | 256),
        KeyType::DES => matches!(bits, 64 | 128 | 192),
        KeyType::CHACHA20 | KeyType::XCHACHA20 => bits == 256,
        _ => return Err(Error::NotSupported),
    };
    if ok && bits.is_multiple_of(8) {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// The key size of an unstructured key imported from `data_len` bytes.
///
/// Empty data → `InvalidArgument`; a size above [`KeyAttributes::MAX_KEY_BITS`] →
/// `NotSupported`; otherwise [`validate_unstructured_bits`].
pub fn validate_key_bits_for_import(key_type: KeyType, data_len: usize) -> Result<u32> {
    validate_import(key_type, 0, data_len)
}

/// The key size of an unstructured key imported from `data_len` bytes with attributes
/// that declare `declared_bits` (0 = not declared), in the order `psa_import_key` checks:
/// empty data → `InvalidArgument`; declared size above [`KeyAttributes::MAX_KEY_BITS`] →
/// `NotSupported`; [`validate_unstructured_bits`] on the data size; a declared size that
/// differs from the data → `InvalidArgument`; data above the maximum → `NotSupported`.
pub fn validate_import(key_type: KeyType, declared_bits: u32, data_len: usize) -> Result<u32> {
    if data_len == 0 {
        return Err(Error::InvalidArgument);
    }
    if declared_bits > KeyAttributes::MAX_KEY_BITS {
        return Err(Error::NotSupported);
    }
    let bits = u32::try_from(data_len)
        .ok()
        .and_then(|n| n.checked_mul(8))
        .ok_or(Error::NotSupported)?;
    validate_unstructured_bits(key_type, bits)?;
    if declared_bits != 0 && declared_bits != bits {
        return Err(Error::InvalidArgument);
    }
    if bits > KeyAttributes::MAX_KEY_BITS {
        return Err(Error::NotSupported);
    }
    Ok(bits)
}

/// Checks the attributes of an unstructured key to generate with `bits` bits.
///
/// 0 bits or a public-key type → `InvalidArgument`; above
/// [`KeyAttributes::MAX_KEY_BITS`] → `NotSupported`; then
/// [`validate_unstructured_bits`]. Key-pair types get `NotSupported` from the last step:
/// their sizes (RSA, ECC curves, DH groups) are checked by the code that generates them.
pub fn validate_generate(key_type: KeyType, bits: u32) -> Result<()> {
    if bits == 0 || key_type.is_public_key() {
        return Err(Error::InvalidArgument);
    }
    if bits > KeyAttributes::MAX_KEY_BITS {
        return Err(Error::NotSupported);
    }
    validate_unstructured_bits(key_type, bits)
}

/// The AEAD constructions of spec 1.2, whatever their tag length or wildcard flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AeadMode {
    /// `PSA_ALG_CCM` (SP 800-38C) over a 16-byte block cipher.
    Ccm,
    /// `PSA_ALG_GCM` (SP 800-38D) over a 16-byte block cipher.
    Gcm,
    /// `PSA_ALG_CHACHA20_POLY1305` (RFC 8439).
    ChaCha20Poly1305,
    /// `PSA_ALG_XCHACHA20_POLY1305` (spec 1.2; draft-irtf-cfrg-xchacha).
    XChaCha20Poly1305,
}

impl AeadMode {
    /// The construction of an AEAD algorithm; `None` for anything else (including AEAD
    /// encodings the spec does not define).
    pub const fn of(alg: Algorithm) -> Option<Self> {
        if !alg.is_aead() {
            return None;
        }
        let base = alg.aead_base().raw();
        if base == Algorithm::CCM.aead_base().raw() {
            Some(Self::Ccm)
        } else if base == Algorithm::GCM.aead_base().raw() {
            Some(Self::Gcm)
        } else if base == Algorithm::CHACHA20_POLY1305.aead_base().raw() {
            Some(Self::ChaCha20Poly1305)
        } else if base == Algorithm::XCHACHA20_POLY1305.aead_base().raw() {
            Some(Self::XChaCha20Poly1305)
        } else {
            None
        }
    }

    /// Whether the construction accepts tags of `len` bytes: CCM 4, 6, …, 16; GCM 4, 8
    /// and 12..=16 (SP 800-38D §5.2.1.2); the ChaCha20 constructions 16 only.
    pub const fn tag_length_ok(self, len: usize) -> bool {
        match self {
            Self::Ccm => len >= 4 && len <= 16 && len.is_multiple_of(2),
            Self::Gcm => matches!(len, 4 | 8 | 12..=16),
            Self::ChaCha20Poly1305 | Self::XChaCha20Poly1305 => len == 16,
        }
    }
}

/// Checks an AEAD algorithm against the key it will run with and returns its tag length,
/// as AEAD setup must (Mbed TLS `psa_aead_setup` / `psa_validate_tag_length`):
/// - not an AEAD algorithm, or an at-least-this-length wildcard → `InvalidArgument`;
/// - an AEAD encoding the spec does not define → `NotSupported`;
/// - CCM / GCM with a key that is not a block cipher: `InvalidArgument`; with a block
///   cipher whose block is not 16 bytes (DES): `NotSupported`, as Mbed TLS answers;
/// - (X)ChaCha20-Poly1305 with a key other than `(X)CHACHA20` → `InvalidArgument`;
/// - a tag length the construction does not have → `InvalidArgument`.
pub fn validate_aead(key_type: KeyType, key_bits: usize, alg: Algorithm) -> Result<usize> {
    let _ = key_bits; // Every supported key size gives the same tag lengths.
    if !alg.is_aead() || alg.is_aead_at_least_this_length_tag() {
        return Err(Error::InvalidArgument);
    }
    let mode = AeadMode::of(alg).ok_or(Error::NotSupported)?;
    match mode {
        AeadMode::Ccm | AeadMode::Gcm => match key_type.block_size() {
            Some(16) => {}
            Some(b) if b > 1 => return Err(Error::NotSupported),
            _ => return Err(Error::InvalidArgument),
        },
        AeadMode::ChaCha20Poly1305 if key_type.raw() != KeyType::CHACHA20.raw() => {
            return Err(Error::InvalidArgument);
        }
        AeadMode::XChaCha20Poly1305 if key_type.raw() != KeyType::XCHACHA20.raw() => {
            return Err(Error::InvalidArgument);
        }
        _ => {}
    }
    let tag_len = alg.aead_tag_length_field();
    if mode.tag_length_ok(tag_len) {
        Ok(tag_len)
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Checks a nonce length for an AEAD algorithm (Mbed TLS `psa_aead_check_nonce_length`):
/// GCM any non-zero length, CCM 7..=13, ChaCha20-Poly1305 12, XChaCha20-Poly1305 24;
/// otherwise `InvalidArgument`, except the 8-byte nonce of the original ChaCha20-Poly1305
/// (`NotSupported`: a variant the spec allows but Strongroom does not implement) and an
/// unknown AEAD (`NotSupported`).
pub fn check_aead_nonce_length(alg: Algorithm, nonce_len: usize) -> Result<()> {
    let ok = match AeadMode::of(alg).ok_or(Error::NotSupported)? {
        AeadMode::Gcm => nonce_len != 0,
        AeadMode::Ccm => matches!(nonce_len, 7..=13),
        AeadMode::ChaCha20Poly1305 if nonce_len == 8 => return Err(Error::NotSupported),
        AeadMode::ChaCha20Poly1305 => nonce_len == 12,
        AeadMode::XChaCha20Poly1305 => nonce_len == 24,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Longest GCM additional data in bytes (SP 800-38D: 2^64 - 1 bits).
pub const GCM_MAX_AD_LENGTH: u64 = (1 << 61) - 1;
/// Longest GCM plaintext in bytes (SP 800-38D: 2^39 - 256 bits).
pub const GCM_MAX_TEXT_LENGTH: u64 = (1 << 36) - 32;

/// Checks the message lengths announced with `psa_aead_set_lengths` against the limits of
/// the construction that do not depend on the nonce: GCM's (see [`GCM_MAX_AD_LENGTH`],
/// [`GCM_MAX_TEXT_LENGTH`]) → `InvalidArgument`. CCM's limit on the text depends on the
/// nonce length ([`ccm_text_length_ok`]); CCM additional data may be up to 2^64 - 1
/// bytes (SP 800-38C; Mbed TLS stops at 0xFF00); ChaCha20's keystream limit is enforced
/// as the data arrives, as Mbed TLS does.
pub fn check_aead_lengths(alg: Algorithm, ad_len: u64, text_len: u64) -> Result<()> {
    match AeadMode::of(alg) {
        Some(AeadMode::Gcm) if ad_len > GCM_MAX_AD_LENGTH || text_len > GCM_MAX_TEXT_LENGTH => {
            Err(Error::InvalidArgument)
        }
        _ => Ok(()),
    }
}

/// Whether a CCM text of `text_len` bytes fits the length field left by a nonce of
/// `nonce_len` bytes (RFC 3610: L = 15 - nonce length octets, text < 2^(8L)).
pub const fn ccm_text_length_ok(nonce_len: usize, text_len: u64) -> bool {
    if nonce_len < 7 || nonce_len > 13 {
        return false;
    }
    let l = 15 - nonce_len;
    l >= 8 || text_len < (1u64 << (8 * l))
}
