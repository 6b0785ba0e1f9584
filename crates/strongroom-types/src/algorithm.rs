//! Algorithm identifiers (`psa_algorithm_t`, 32 bits): constants, constructors and the
//! classification macros of the spec, as `const fn`s on [`Algorithm`].
//!
//! Encoding (spec appendix "Algorithm encoding"), from bit 31 down:
//! `V[31] vendor | CAT[30:24] category | S[23] stream / stretching flag |
//! B[22] built on a block cipher | LEN[21:16] MAC or AEAD tag length (or key-agreement
//! sub-type) | T[15:8] sub-type | H[7:0] hash`.

use core::fmt;

pub(crate) const VENDOR_FLAG: u32 = 0x8000_0000;
pub(crate) const CATEGORY_MASK: u32 = 0x7f00_0000;
pub(crate) const CATEGORY_HASH: u32 = 0x0200_0000;
pub(crate) const CATEGORY_MAC: u32 = 0x0300_0000;
pub(crate) const CATEGORY_CIPHER: u32 = 0x0400_0000;
pub(crate) const CATEGORY_AEAD: u32 = 0x0500_0000;
pub(crate) const CATEGORY_SIGN: u32 = 0x0600_0000;
pub(crate) const CATEGORY_ASYMMETRIC_ENCRYPTION: u32 = 0x0700_0000;
pub(crate) const CATEGORY_KEY_DERIVATION: u32 = 0x0800_0000;
pub(crate) const CATEGORY_KEY_AGREEMENT: u32 = 0x0900_0000;
pub(crate) const CATEGORY_PAKE: u32 = 0x0a00_0000;

const HASH_MASK: u32 = 0x0000_00ff;

const MAC_SUBCATEGORY_MASK: u32 = 0x00c0_0000;
const HMAC_BASE: u32 = 0x0380_0000;
const CIPHER_MAC_BASE: u32 = 0x03c0_0000;
const MAC_TRUNCATION_MASK: u32 = 0x003f_0000;
const MAC_TRUNCATION_OFFSET: u32 = 16;
const MAC_AT_LEAST_THIS_LENGTH_FLAG: u32 = 0x0000_8000;

const CIPHER_STREAM_FLAG: u32 = 0x0080_0000;
const AEAD_FROM_BLOCK_FLAG: u32 = 0x0040_0000;
const AEAD_TAG_LENGTH_MASK: u32 = 0x003f_0000;
const AEAD_TAG_LENGTH_OFFSET: u32 = 16;
const AEAD_AT_LEAST_THIS_LENGTH_FLAG: u32 = 0x0000_8000;

const RSA_PKCS1V15_SIGN_BASE: u32 = 0x0600_0200;
const RSA_PSS_BASE: u32 = 0x0600_0300;
const RSA_PSS_ANY_SALT_BASE: u32 = 0x0600_1300;
const ECDSA_BASE: u32 = 0x0600_0600;
const DETERMINISTIC_ECDSA_BASE: u32 = 0x0600_0700;
const ECDSA_DETERMINISTIC_FLAG: u32 = 0x0000_0100;
const HASH_EDDSA_BASE: u32 = 0x0600_0900;
const RSA_OAEP_BASE: u32 = 0x0700_0300;

const HKDF_BASE: u32 = 0x0800_0100;
const TLS12_PRF_BASE: u32 = 0x0800_0200;
const TLS12_PSK_TO_MS_BASE: u32 = 0x0800_0300;
const HKDF_EXTRACT_BASE: u32 = 0x0800_0400;
const HKDF_EXPAND_BASE: u32 = 0x0800_0500;
const SP800_108_COUNTER_HMAC_BASE: u32 = 0x0800_0700;
const PBKDF2_HMAC_BASE: u32 = 0x0880_0100;
const KEY_DERIVATION_STRETCHING_FLAG: u32 = 0x0080_0000;

/// Bits of a combined key-agreement algorithm that hold the KDF. Masking category `0x09`
/// with `0xfe` yields `0x08`, the key-derivation category, and bit 23 (stretching) belongs
/// to the KDF (spec example macro `PSA_ALG_KEY_AGREEMENT_GET_KDF`).
const KEY_DERIVATION_MASK: u32 = 0xfe80_ffff;
/// Bits of a combined key-agreement algorithm that hold the raw agreement.
const KEY_AGREEMENT_MASK: u32 = 0xff7f_0000;

const JPAKE_BASE: u32 = 0x0a00_0100;

/// A PSA algorithm identifier (`psa_algorithm_t`).
///
/// Any 32-bit value is representable; the classification methods say what it means.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Algorithm(u32);

/// Constants.
impl Algorithm {
    /// `PSA_ALG_NONE`: no algorithm (a key with this policy permits nothing).
    pub const NONE: Self = Self(0);

    /// `PSA_ALG_MD2` (not supported by any modern implementation; kept for its encoding).
    pub const MD2: Self = Self(0x0200_0001);
    /// `PSA_ALG_MD4`.
    pub const MD4: Self = Self(0x0200_0002);
    /// `PSA_ALG_MD5`.
    pub const MD5: Self = Self(0x0200_0003);
    /// `PSA_ALG_RIPEMD160`.
    pub const RIPEMD160: Self = Self(0x0200_0004);
    /// `PSA_ALG_SHA_1`.
    pub const SHA_1: Self = Self(0x0200_0005);
    /// `PSA_ALG_SHA_224`.
    pub const SHA_224: Self = Self(0x0200_0008);
    /// `PSA_ALG_SHA_256`.
    pub const SHA_256: Self = Self(0x0200_0009);
    /// `PSA_ALG_SHA_384`.
    pub const SHA_384: Self = Self(0x0200_000a);
    /// `PSA_ALG_SHA_512`.
    pub const SHA_512: Self = Self(0x0200_000b);
    /// `PSA_ALG_SHA_512_224`.
    pub const SHA_512_224: Self = Self(0x0200_000c);
    /// `PSA_ALG_SHA_512_256`.
    pub const SHA_512_256: Self = Self(0x0200_000d);
    /// `PSA_ALG_SHA3_224`.
    pub const SHA3_224: Self = Self(0x0200_0010);
    /// `PSA_ALG_SHA3_256`.
    pub const SHA3_256: Self = Self(0x0200_0011);
    /// `PSA_ALG_SHA3_384`.
    pub const SHA3_384: Self = Self(0x0200_0012);
    /// `PSA_ALG_SHA3_512`.
    pub const SHA3_512: Self = Self(0x0200_0013);
    /// `PSA_ALG_SM3`.
    pub const SM3: Self = Self(0x0200_0014);
    /// `PSA_ALG_SHAKE256_512`: the first 512 bits of SHAKE256 (used by Ed448ph).
    pub const SHAKE256_512: Self = Self(0x0200_0015);
    /// `PSA_ALG_ANY_HASH`: wildcard hash, only valid inside a hash-and-sign policy.
    pub const ANY_HASH: Self = Self(0x0200_00ff);

    /// `PSA_ALG_CBC_MAC`.
    pub const CBC_MAC: Self = Self(0x03c0_0100);
    /// `PSA_ALG_CMAC`.
    pub const CMAC: Self = Self(0x03c0_0200);

    /// `PSA_ALG_STREAM_CIPHER`.
    pub const STREAM_CIPHER: Self = Self(0x0480_0100);
    /// `PSA_ALG_CTR`.
    pub const CTR: Self = Self(0x04c0_1000);
    /// `PSA_ALG_CFB`.
    pub const CFB: Self = Self(0x04c0_1100);
    /// `PSA_ALG_OFB`.
    pub const OFB: Self = Self(0x04c0_1200);
    /// `PSA_ALG_CCM_STAR_NO_TAG`.
    pub const CCM_STAR_NO_TAG: Self = Self(0x04c0_1300);
    /// `PSA_ALG_XTS`.
    pub const XTS: Self = Self(0x0440_ff00);
    /// `PSA_ALG_CBC_NO_PADDING`.
    pub const CBC_NO_PADDING: Self = Self(0x0440_4000);
    /// `PSA_ALG_CBC_PKCS7`.
    pub const CBC_PKCS7: Self = Self(0x0440_4100);
    /// `PSA_ALG_ECB_NO_PADDING`.
    pub const ECB_NO_PADDING: Self = Self(0x0440_4400);

    /// `PSA_ALG_CCM` (default 16-byte tag).
    pub const CCM: Self = Self(0x0550_0100);
    /// `PSA_ALG_GCM` (default 16-byte tag).
    pub const GCM: Self = Self(0x0550_0200);
    /// `PSA_ALG_CHACHA20_POLY1305`.
    pub const CHACHA20_POLY1305: Self = Self(0x0510_0500);
    /// `PSA_ALG_XCHACHA20_POLY1305` (spec 1.2).
    pub const XCHACHA20_POLY1305: Self = Self(0x0510_0600);

    /// `PSA_ALG_RSA_PKCS1V15_SIGN_RAW`: PKCS#1 v1.5 signature without DigestInfo.
    pub const RSA_PKCS1V15_SIGN_RAW: Self = Self(RSA_PKCS1V15_SIGN_BASE);
    /// `PSA_ALG_ECDSA_ANY`: ECDSA over a pre-computed hash of any length.
    pub const ECDSA_ANY: Self = Self(ECDSA_BASE);
    /// `PSA_ALG_PURE_EDDSA`.
    pub const PURE_EDDSA: Self = Self(0x0600_0800);
    /// `PSA_ALG_ED25519PH` (HashEdDSA with SHA-512).
    pub const ED25519PH: Self = Self(0x0600_090b);
    /// `PSA_ALG_ED448PH` (HashEdDSA with SHAKE256/512).
    pub const ED448PH: Self = Self(0x0600_0915);

    /// `PSA_ALG_RSA_PKCS1V15_CRYPT`.
    pub const RSA_PKCS1V15_CRYPT: Self = Self(0x0700_0200);

    /// `PSA_ALG_TLS12_ECJPAKE_TO_PMS`.
    pub const TLS12_ECJPAKE_TO_PMS: Self = Self(0x0800_0609);
    /// `PSA_ALG_SP800_108_COUNTER_CMAC`.
    pub const SP800_108_COUNTER_CMAC: Self = Self(0x0800_0800);
    /// `PSA_ALG_PBKDF2_AES_CMAC_PRF_128`.
    pub const PBKDF2_AES_CMAC_PRF_128: Self = Self(0x0880_0200);

    /// `PSA_ALG_FFDH` (raw finite-field Diffie-Hellman).
    pub const FFDH: Self = Self(0x0901_0000);
    /// `PSA_ALG_ECDH` (raw elliptic-curve Diffie-Hellman).
    pub const ECDH: Self = Self(0x0902_0000);

    /// The J-PAKE base without a hash (`PSA_ALG_JPAKE` of the Mbed TLS 3.6 PAKE beta API,
    /// where the hash is carried by the cipher suite).
    pub const JPAKE_BASE: Self = Self(JPAKE_BASE);
}

const fn hash_bits(hash: Algorithm) -> u32 {
    hash.0 & HASH_MASK
}

/// Constructors (`PSA_ALG_xxx(...)` function-like macros).
impl Algorithm {
    /// Wraps a raw algorithm value (not checked).
    pub const fn from_raw(raw: u32) -> Self {
        Self(raw)
    }
    /// The raw `psa_algorithm_t` value.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// `PSA_ALG_HMAC(hash_alg)`.
    pub const fn hmac(hash: Algorithm) -> Self {
        Self(HMAC_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_TRUNCATED_MAC(mac_alg, mac_length)`; the length is in bytes and is masked to
    /// the 6-bit field exactly as the C macro does.
    pub const fn truncated_mac(mac: Algorithm, length: usize) -> Self {
        Self(
            (mac.0 & !(MAC_TRUNCATION_MASK | MAC_AT_LEAST_THIS_LENGTH_FLAG))
                | (((length as u32) << MAC_TRUNCATION_OFFSET) & MAC_TRUNCATION_MASK),
        )
    }
    /// `PSA_ALG_FULL_LENGTH_MAC(mac_alg)`.
    pub const fn full_length_mac(mac: Algorithm) -> Self {
        Self(mac.0 & !(MAC_TRUNCATION_MASK | MAC_AT_LEAST_THIS_LENGTH_FLAG))
    }
    /// `PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(mac_alg, min_mac_length)` (policy wildcard).
    pub const fn at_least_this_length_mac(mac: Algorithm, min_length: usize) -> Self {
        Self(Self::truncated_mac(mac, min_length).0 | MAC_AT_LEAST_THIS_LENGTH_FLAG)
    }
    /// `PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead_alg, tag_length)`.
    pub const fn aead_with_shortened_tag(aead: Algorithm, tag_length: usize) -> Self {
        Self(
            (aead.0 & !(AEAD_TAG_LENGTH_MASK | AEAD_AT_LEAST_THIS_LENGTH_FLAG))
                | (((tag_length as u32) << AEAD_TAG_LENGTH_OFFSET) & AEAD_TAG_LENGTH_MASK),
        )
    }
    /// `PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG(aead_alg)`: the base AEAD algorithm with its
    /// default tag length (CCM, GCM, ChaCha20-Poly1305, XChaCha20-Poly1305), whatever tag
    /// length or wildcard flag `aead` carries. [`Algorithm::NONE`] for an unknown AEAD, as in
    /// the spec's example definition.
    pub const fn aead_with_default_length_tag(aead: Algorithm) -> Self {
        let base = aead.aead_base().0;
        if base == Self::CCM.aead_base().0 {
            Self::CCM
        } else if base == Self::GCM.aead_base().0 {
            Self::GCM
        } else if base == Self::CHACHA20_POLY1305.aead_base().0 {
            Self::CHACHA20_POLY1305
        } else if base == Self::XCHACHA20_POLY1305.aead_base().0 {
            Self::XCHACHA20_POLY1305
        } else {
            Self::NONE
        }
    }
    /// `PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(aead_alg, min_tag_length)` (wildcard).
    pub const fn aead_with_at_least_this_length_tag(aead: Algorithm, min_length: usize) -> Self {
        Self(Self::aead_with_shortened_tag(aead, min_length).0 | AEAD_AT_LEAST_THIS_LENGTH_FLAG)
    }

    /// `PSA_ALG_RSA_PKCS1V15_SIGN(hash_alg)`.
    pub const fn rsa_pkcs1v15_sign(hash: Algorithm) -> Self {
        Self(RSA_PKCS1V15_SIGN_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_RSA_PSS(hash_alg)`: salt length equal to the hash length.
    pub const fn rsa_pss(hash: Algorithm) -> Self {
        Self(RSA_PSS_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_RSA_PSS_ANY_SALT(hash_alg)`: verification accepts any salt length.
    pub const fn rsa_pss_any_salt(hash: Algorithm) -> Self {
        Self(RSA_PSS_ANY_SALT_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_ECDSA(hash_alg)` (randomized).
    pub const fn ecdsa(hash: Algorithm) -> Self {
        Self(ECDSA_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_DETERMINISTIC_ECDSA(hash_alg)` (RFC 6979).
    pub const fn deterministic_ecdsa(hash: Algorithm) -> Self {
        Self(DETERMINISTIC_ECDSA_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_RSA_OAEP(hash_alg)`.
    pub const fn rsa_oaep(hash: Algorithm) -> Self {
        Self(RSA_OAEP_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_HKDF(hash_alg)`.
    pub const fn hkdf(hash: Algorithm) -> Self {
        Self(HKDF_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_HKDF_EXTRACT(hash_alg)`.
    pub const fn hkdf_extract(hash: Algorithm) -> Self {
        Self(HKDF_EXTRACT_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_HKDF_EXPAND(hash_alg)`.
    pub const fn hkdf_expand(hash: Algorithm) -> Self {
        Self(HKDF_EXPAND_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_TLS12_PRF(hash_alg)`.
    pub const fn tls12_prf(hash: Algorithm) -> Self {
        Self(TLS12_PRF_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_TLS12_PSK_TO_MS(hash_alg)`.
    pub const fn tls12_psk_to_ms(hash: Algorithm) -> Self {
        Self(TLS12_PSK_TO_MS_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_PBKDF2_HMAC(hash_alg)`.
    pub const fn pbkdf2_hmac(hash: Algorithm) -> Self {
        Self(PBKDF2_HMAC_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_SP800_108_COUNTER_HMAC(hash_alg)`.
    pub const fn sp800_108_counter_hmac(hash: Algorithm) -> Self {
        Self(SP800_108_COUNTER_HMAC_BASE | hash_bits(hash))
    }
    /// `PSA_ALG_KEY_AGREEMENT(ka_alg, kdf_alg)`: a raw agreement followed by a KDF.
    pub const fn key_agreement(ka: Algorithm, kdf: Algorithm) -> Self {
        Self(ka.0 | kdf.0)
    }
    /// `PSA_ALG_JPAKE(hash_alg)` (spec 1.2 PAKE).
    pub const fn jpake(hash: Algorithm) -> Self {
        Self(JPAKE_BASE | hash_bits(hash))
    }
}

/// Classification (`PSA_ALG_IS_xxx` macros) and accessors.
impl Algorithm {
    const fn category(self) -> u32 {
        self.0 & CATEGORY_MASK
    }
    const fn without_hash(self) -> u32 {
        self.0 & !HASH_MASK
    }

    /// `PSA_ALG_IS_VENDOR_DEFINED`.
    pub const fn is_vendor_defined(self) -> bool {
        self.0 & VENDOR_FLAG != 0
    }
    /// `PSA_ALG_IS_HASH`.
    pub const fn is_hash(self) -> bool {
        self.category() == CATEGORY_HASH
    }
    /// `PSA_ALG_IS_MAC`.
    pub const fn is_mac(self) -> bool {
        self.category() == CATEGORY_MAC
    }
    /// `PSA_ALG_IS_HMAC`.
    pub const fn is_hmac(self) -> bool {
        self.0 & (CATEGORY_MASK | MAC_SUBCATEGORY_MASK) == HMAC_BASE
    }
    /// `PSA_ALG_IS_BLOCK_CIPHER_MAC`: CBC-MAC, CMAC.
    pub const fn is_block_cipher_mac(self) -> bool {
        self.0 & (CATEGORY_MASK | MAC_SUBCATEGORY_MASK) == CIPHER_MAC_BASE
    }
    /// `PSA_ALG_IS_CIPHER`: unauthenticated symmetric encryption.
    pub const fn is_cipher(self) -> bool {
        self.category() == CATEGORY_CIPHER
    }
    /// `PSA_ALG_IS_STREAM_CIPHER`.
    pub const fn is_stream_cipher(self) -> bool {
        self.0 & (CATEGORY_MASK | CIPHER_STREAM_FLAG) == (CATEGORY_CIPHER | CIPHER_STREAM_FLAG)
    }
    /// `PSA_ALG_IS_AEAD`.
    pub const fn is_aead(self) -> bool {
        self.category() == CATEGORY_AEAD
    }
    /// `PSA_ALG_IS_AEAD_ON_BLOCK_CIPHER`: CCM, GCM.
    pub const fn is_aead_on_block_cipher(self) -> bool {
        self.0 & (CATEGORY_MASK | AEAD_FROM_BLOCK_FLAG) == (CATEGORY_AEAD | AEAD_FROM_BLOCK_FLAG)
    }
    /// `PSA_ALG_IS_SIGN`.
    pub const fn is_sign(self) -> bool {
        self.category() == CATEGORY_SIGN
    }
    /// `PSA_ALG_IS_ASYMMETRIC_ENCRYPTION`.
    pub const fn is_asymmetric_encryption(self) -> bool {
        self.category() == CATEGORY_ASYMMETRIC_ENCRYPTION
    }
    /// `PSA_ALG_IS_KEY_AGREEMENT` (raw or combined with a KDF).
    pub const fn is_key_agreement(self) -> bool {
        self.category() == CATEGORY_KEY_AGREEMENT
    }
    /// `PSA_ALG_IS_RAW_KEY_AGREEMENT` (1.2: `PSA_ALG_IS_STANDALONE_KEY_AGREEMENT`): a key
    /// agreement without a KDF.
    pub const fn is_raw_key_agreement(self) -> bool {
        self.is_key_agreement() && self.key_agreement_get_kdf().0 == CATEGORY_KEY_DERIVATION
    }
    /// `PSA_ALG_IS_STANDALONE_KEY_AGREEMENT` (spec 1.2 name of [`Self::is_raw_key_agreement`]).
    pub const fn is_standalone_key_agreement(self) -> bool {
        self.is_raw_key_agreement()
    }
    /// `PSA_ALG_IS_KEY_DERIVATION`.
    pub const fn is_key_derivation(self) -> bool {
        self.category() == CATEGORY_KEY_DERIVATION
    }
    /// `PSA_ALG_IS_KEY_DERIVATION_STRETCHING`: PBKDF2 and other password-stretching KDFs.
    pub const fn is_key_derivation_stretching(self) -> bool {
        self.is_key_derivation() && self.0 & KEY_DERIVATION_STRETCHING_FLAG != 0
    }
    /// `PSA_ALG_IS_PAKE`.
    pub const fn is_pake(self) -> bool {
        self.category() == CATEGORY_PAKE
    }
    /// `PSA_ALG_IS_JPAKE`.
    pub const fn is_jpake(self) -> bool {
        self.without_hash() == JPAKE_BASE
    }
    /// `PSA_ALG_IS_FFDH` (raw or combined with a KDF).
    pub const fn is_ffdh(self) -> bool {
        self.0 & 0x7fff_0000 == Self::FFDH.0
    }
    /// `PSA_ALG_IS_ECDH` (raw or combined with a KDF).
    pub const fn is_ecdh(self) -> bool {
        self.0 & 0x7fff_0000 == Self::ECDH.0
    }

    /// `PSA_ALG_IS_RSA_PKCS1V15_SIGN` (including the raw variant).
    pub const fn is_rsa_pkcs1v15_sign(self) -> bool {
        self.without_hash() == RSA_PKCS1V15_SIGN_BASE
    }
    /// `PSA_ALG_IS_RSA_PSS_STANDARD_SALT`.
    pub const fn is_rsa_pss_standard_salt(self) -> bool {
        self.without_hash() == RSA_PSS_BASE
    }
    /// `PSA_ALG_IS_RSA_PSS_ANY_SALT`.
    pub const fn is_rsa_pss_any_salt(self) -> bool {
        self.without_hash() == RSA_PSS_ANY_SALT_BASE
    }
    /// `PSA_ALG_IS_RSA_PSS`: either salt variant.
    pub const fn is_rsa_pss(self) -> bool {
        self.is_rsa_pss_standard_salt() || self.is_rsa_pss_any_salt()
    }
    /// `PSA_ALG_IS_ECDSA`: randomized or deterministic.
    pub const fn is_ecdsa(self) -> bool {
        self.0 & !HASH_MASK & !ECDSA_DETERMINISTIC_FLAG == ECDSA_BASE
    }
    /// `PSA_ALG_IS_DETERMINISTIC_ECDSA`.
    pub const fn is_deterministic_ecdsa(self) -> bool {
        self.is_ecdsa() && self.0 & ECDSA_DETERMINISTIC_FLAG != 0
    }
    /// `PSA_ALG_IS_RANDOMIZED_ECDSA`.
    pub const fn is_randomized_ecdsa(self) -> bool {
        self.is_ecdsa() && self.0 & ECDSA_DETERMINISTIC_FLAG == 0
    }
    /// `PSA_ALG_IS_HASH_EDDSA`: Ed25519ph, Ed448ph.
    pub const fn is_hash_eddsa(self) -> bool {
        self.without_hash() == HASH_EDDSA_BASE
    }
    /// `PSA_ALG_IS_SIGN_HASH`: usable with `psa_sign_hash` / `psa_verify_hash`: RSA
    /// PKCS#1 v1.5 (including raw), RSA PSS, ECDSA (including `ECDSA_ANY`), HashEdDSA.
    pub const fn is_sign_hash(self) -> bool {
        self.is_rsa_pss() || self.is_rsa_pkcs1v15_sign() || self.is_ecdsa() || self.is_hash_eddsa()
    }
    /// `PSA_ALG_IS_HASH_AND_SIGN`: a sign-hash algorithm that names its hash, so that
    /// signing a message is hashing it then signing the hash. False for the hash-less
    /// `RSA_PKCS1V15_SIGN_RAW` and `ECDSA_ANY` (as in Mbed TLS and its metadata tests).
    pub const fn is_hash_and_sign(self) -> bool {
        self.is_sign_hash() && hash_bits(self) != 0
    }
    /// `PSA_ALG_IS_SIGN_MESSAGE`: usable with `psa_sign_message` / `psa_verify_message`:
    /// hash-and-sign algorithms and `PURE_EDDSA` (not the hash-less raw variants, which
    /// cannot hash a message).
    pub const fn is_sign_message(self) -> bool {
        self.is_hash_and_sign() || self.0 == Self::PURE_EDDSA.0
    }
    /// `PSA_ALG_IS_RSA_OAEP`.
    pub const fn is_rsa_oaep(self) -> bool {
        self.without_hash() == RSA_OAEP_BASE
    }

    /// `PSA_ALG_IS_HKDF`.
    pub const fn is_hkdf(self) -> bool {
        self.without_hash() == HKDF_BASE
    }
    /// `PSA_ALG_IS_HKDF_EXTRACT`.
    pub const fn is_hkdf_extract(self) -> bool {
        self.without_hash() == HKDF_EXTRACT_BASE
    }
    /// `PSA_ALG_IS_HKDF_EXPAND`.
    pub const fn is_hkdf_expand(self) -> bool {
        self.without_hash() == HKDF_EXPAND_BASE
    }
    /// `PSA_ALG_IS_TLS12_PRF`.
    pub const fn is_tls12_prf(self) -> bool {
        self.without_hash() == TLS12_PRF_BASE
    }
    /// `PSA_ALG_IS_TLS12_PSK_TO_MS`.
    pub const fn is_tls12_psk_to_ms(self) -> bool {
        self.without_hash() == TLS12_PSK_TO_MS_BASE
    }
    /// `PSA_ALG_IS_PBKDF2_HMAC`.
    pub const fn is_pbkdf2_hmac(self) -> bool {
        self.without_hash() == PBKDF2_HMAC_BASE
    }
    /// `PSA_ALG_IS_SP800_108_COUNTER_HMAC`.
    pub const fn is_sp800_108_counter_hmac(self) -> bool {
        self.without_hash() == SP800_108_COUNTER_HMAC_BASE
    }

    /// Whether this hash-and-sign algorithm carries the `ANY_HASH` wildcard.
    pub const fn is_any_hash_wildcard(self) -> bool {
        self.is_hash_and_sign() && hash_bits(self) == hash_bits(Self::ANY_HASH)
    }
    /// `PSA_ALG_IS_WILDCARD`: a policy-only value that names a family of algorithms
    /// (`ANY_HASH` in a hash-and-sign algorithm, at-least-this-length MAC / AEAD, or
    /// `ANY_HASH` itself). A wildcard can never be used to run an operation.
    pub const fn is_wildcard(self) -> bool {
        if self.is_hash_and_sign() {
            self.is_any_hash_wildcard()
        } else if self.is_mac() {
            self.0 & MAC_AT_LEAST_THIS_LENGTH_FLAG != 0
        } else if self.is_aead() {
            self.0 & AEAD_AT_LEAST_THIS_LENGTH_FLAG != 0
        } else {
            self.0 == Self::ANY_HASH.0
        }
    }

    /// `PSA_ALG_SIGN_GET_HASH`: the hash of a hash-and-sign algorithm; `None` for the raw
    /// variants (`RSA_PKCS1V15_SIGN_RAW`, `ECDSA_ANY`) and for other algorithms. May return
    /// [`Algorithm::ANY_HASH`] for a wildcard policy.
    pub const fn sign_get_hash(self) -> Option<Algorithm> {
        if self.is_hash_and_sign() {
            Some(Self(CATEGORY_HASH | hash_bits(self)))
        } else {
            None
        }
    }
    /// `PSA_ALG_GET_HASH`: the hash carried in bits 7..0 of any algorithm that has one
    /// (hash-and-sign, HMAC, hash-based KDFs, OAEP, combined key agreements …); `None`
    /// when that field is zero.
    pub const fn hash(self) -> Option<Algorithm> {
        if hash_bits(self) == 0 {
            None
        } else {
            Some(Self(CATEGORY_HASH | hash_bits(self)))
        }
    }
    /// `PSA_ALG_HMAC_GET_HASH`; `None` unless this is an HMAC algorithm.
    pub const fn hmac_get_hash(self) -> Option<Algorithm> {
        if self.is_hmac() {
            Some(Self(CATEGORY_HASH | hash_bits(self)))
        } else {
            None
        }
    }
    /// `PSA_ALG_KEY_AGREEMENT_GET_BASE`: the raw agreement of a (combined) key agreement.
    /// Only meaningful when [`Self::is_key_agreement`].
    pub const fn key_agreement_get_base(self) -> Algorithm {
        Self(self.0 & KEY_AGREEMENT_MASK)
    }
    /// `PSA_ALG_KEY_AGREEMENT_GET_KDF`: the KDF of a combined key agreement (the bare
    /// key-derivation category value `0x08000000` for a raw agreement). Only meaningful
    /// when [`Self::is_key_agreement`].
    pub const fn key_agreement_get_kdf(self) -> Algorithm {
        Self(self.0 & KEY_DERIVATION_MASK)
    }
    /// `PSA_MAC_TRUNCATED_LENGTH`: the truncation length in bytes, 0 for a full-length MAC.
    pub const fn mac_truncated_length(self) -> usize {
        ((self.0 & MAC_TRUNCATION_MASK) >> MAC_TRUNCATION_OFFSET) as usize
    }
    /// Whether this MAC is an `AT_LEAST_THIS_LENGTH_MAC` wildcard.
    pub const fn is_at_least_this_length_mac(self) -> bool {
        self.is_mac() && self.0 & MAC_AT_LEAST_THIS_LENGTH_FLAG != 0
    }
    /// `PSA_ALG_AEAD_GET_TAG_LENGTH`: the raw tag-length field in bytes.
    pub const fn aead_tag_length_field(self) -> usize {
        ((self.0 & AEAD_TAG_LENGTH_MASK) >> AEAD_TAG_LENGTH_OFFSET) as usize
    }
    /// Whether this AEAD is an `AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG` wildcard.
    pub const fn is_aead_at_least_this_length_tag(self) -> bool {
        self.is_aead() && self.0 & AEAD_AT_LEAST_THIS_LENGTH_FLAG != 0
    }
    /// The AEAD base with the tag length field cleared (`AEAD_WITH_SHORTENED_TAG(alg, 0)`),
    /// which identifies the AEAD mode independently of tag length and wildcard flag.
    pub const fn aead_base(self) -> Algorithm {
        Self::aead_with_shortened_tag(self, 0)
    }

    /// `PSA_HASH_LENGTH`: the output size of a hash algorithm (or of the hash of an HMAC
    /// algorithm), `None` when unknown (including vendor-defined algorithms).
    pub const fn hash_length(self) -> Option<usize> {
        if self.is_vendor_defined() || !(self.is_hash() || self.is_hmac()) {
            return None;
        }
        Some(match hash_bits(self) {
            0x01..=0x03 => 16,
            0x04 | 0x05 => 20,
            0x08 | 0x0c | 0x10 => 28,
            0x09 | 0x0d | 0x11 | 0x14 => 32,
            0x0a | 0x12 => 48,
            0x0b | 0x13 | 0x15 => 64,
            _ => return None,
        })
    }
    /// `PSA_HASH_BLOCK_LENGTH`: the input block size of a hash algorithm (or of the hash of
    /// an HMAC algorithm), `None` when unknown.
    pub const fn hash_block_size(self) -> Option<usize> {
        if self.is_vendor_defined() || !(self.is_hash() || self.is_hmac()) {
            return None;
        }
        Some(match hash_bits(self) {
            0x01 => 16,
            0x02..=0x05 | 0x08 | 0x09 | 0x14 => 64,
            0x0a..=0x0d => 128,
            0x10 => 144,
            0x11 | 0x15 => 136,
            0x12 => 104,
            0x13 => 72,
            _ => return None,
        })
    }
}

/// Spec name of a hash algorithm (without `PSA_ALG_`).
const fn hash_name(bits: u32) -> Option<&'static str> {
    Some(match bits {
        0x01 => "MD2",
        0x02 => "MD4",
        0x03 => "MD5",
        0x04 => "RIPEMD160",
        0x05 => "SHA_1",
        0x08 => "SHA_224",
        0x09 => "SHA_256",
        0x0a => "SHA_384",
        0x0b => "SHA_512",
        0x0c => "SHA_512_224",
        0x0d => "SHA_512_256",
        0x10 => "SHA3_224",
        0x11 => "SHA3_256",
        0x12 => "SHA3_384",
        0x13 => "SHA3_512",
        0x14 => "SM3",
        0x15 => "SHAKE256_512",
        0xff => "ANY_HASH",
        _ => return None,
    })
}

struct HashName(u32);
impl fmt::Display for HashName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match hash_name(self.0) {
            Some(n) => f.write_str(n),
            None => write!(f, "{:#010x}", CATEGORY_HASH | self.0),
        }
    }
}

impl Algorithm {
    /// The name of an object-like constant (without `PSA_ALG_`), when this is one.
    const fn constant_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "NONE",
            0x03c0_0100 => "CBC_MAC",
            0x03c0_0200 => "CMAC",
            0x0480_0100 => "STREAM_CIPHER",
            0x04c0_1000 => "CTR",
            0x04c0_1100 => "CFB",
            0x04c0_1200 => "OFB",
            0x04c0_1300 => "CCM_STAR_NO_TAG",
            0x0440_ff00 => "XTS",
            0x0440_4000 => "CBC_NO_PADDING",
            0x0440_4100 => "CBC_PKCS7",
            0x0440_4400 => "ECB_NO_PADDING",
            0x0550_0100 => "CCM",
            0x0550_0200 => "GCM",
            0x0510_0500 => "CHACHA20_POLY1305",
            0x0510_0600 => "XCHACHA20_POLY1305",
            0x0600_0200 => "RSA_PKCS1V15_SIGN_RAW",
            0x0600_0600 => "ECDSA_ANY",
            0x0600_0800 => "PURE_EDDSA",
            0x0600_090b => "ED25519PH",
            0x0600_0915 => "ED448PH",
            0x0700_0200 => "RSA_PKCS1V15_CRYPT",
            0x0800_0609 => "TLS12_ECJPAKE_TO_PMS",
            0x0800_0800 => "SP800_108_COUNTER_CMAC",
            0x0880_0200 => "PBKDF2_AES_CMAC_PRF_128",
            0x0901_0000 => "FFDH",
            0x0902_0000 => "ECDH",
            0x0a00_0100 => "JPAKE",
            _ => return None,
        })
    }

    /// The name of a hash-parameterised constructor for this value, if any.
    const fn hash_constructor_name(self) -> Option<&'static str> {
        Some(match self.without_hash() {
            HMAC_BASE => "HMAC",
            RSA_PKCS1V15_SIGN_BASE => "RSA_PKCS1V15_SIGN",
            RSA_PSS_BASE => "RSA_PSS",
            RSA_PSS_ANY_SALT_BASE => "RSA_PSS_ANY_SALT",
            ECDSA_BASE => "ECDSA",
            DETERMINISTIC_ECDSA_BASE => "DETERMINISTIC_ECDSA",
            RSA_OAEP_BASE => "RSA_OAEP",
            HKDF_BASE => "HKDF",
            HKDF_EXTRACT_BASE => "HKDF_EXTRACT",
            HKDF_EXPAND_BASE => "HKDF_EXPAND",
            TLS12_PRF_BASE => "TLS12_PRF",
            TLS12_PSK_TO_MS_BASE => "TLS12_PSK_TO_MS",
            PBKDF2_HMAC_BASE => "PBKDF2_HMAC",
            SP800_108_COUNTER_HMAC_BASE => "SP800_108_COUNTER_HMAC",
            JPAKE_BASE => "JPAKE",
            _ => return None,
        })
    }
}

impl fmt::Debug for Algorithm {
    /// Spec-like names: `SHA_256`, `HMAC(SHA_256)`, `TRUNCATED_MAC(CMAC, 8)`,
    /// `KEY_AGREEMENT(ECDH, HKDF(SHA_256))`; `Algorithm(0x…)` when not recognised.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = *self;
        if a.is_vendor_defined() {
            return write!(f, "Algorithm({:#010x})", a.0);
        }
        if let Some(n) = a.constant_name() {
            return f.write_str(n);
        }
        if a.is_hash() {
            if let (Some(n), true) = (hash_name(hash_bits(a)), a.without_hash() == CATEGORY_HASH) {
                return f.write_str(n);
            }
            return write!(f, "Algorithm({:#010x})", a.0);
        }
        if a.is_mac() {
            let base = Self::full_length_mac(a);
            if base.0 != a.0 {
                let len = a.mac_truncated_length();
                let kind = if a.is_at_least_this_length_mac() {
                    "AT_LEAST_THIS_LENGTH_MAC"
                } else {
                    "TRUNCATED_MAC"
                };
                return write!(f, "{kind}({base:?}, {len})");
            }
        }
        if a.is_aead() {
            let default = Self::aead_with_default_length_tag(a);
            if default.0 != a.0 && default.constant_name().is_some() {
                let len = a.aead_tag_length_field();
                let kind = if a.is_aead_at_least_this_length_tag() {
                    "AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG"
                } else {
                    "AEAD_WITH_SHORTENED_TAG"
                };
                return write!(f, "{kind}({default:?}, {len})");
            }
        }
        if a.is_key_agreement() && !a.is_raw_key_agreement() {
            let base = a.key_agreement_get_base();
            let kdf = a.key_agreement_get_kdf();
            if base.constant_name().is_some() {
                return write!(f, "KEY_AGREEMENT({base:?}, {kdf:?})");
            }
        }
        if let Some(n) = a.hash_constructor_name() {
            return write!(f, "{n}({})", HashName(hash_bits(a)));
        }
        write!(f, "Algorithm({:#010x})", a.0)
    }
}

impl From<Algorithm> for u32 {
    fn from(a: Algorithm) -> u32 {
        a.0
    }
}
impl From<u32> for Algorithm {
    fn from(raw: u32) -> Algorithm {
        Algorithm(raw)
    }
}
