/*
 * psa/crypto_values.h -- constants and value macros of the PSA Crypto API 1.2.
 *
 * Do not include directly: include <psa/crypto.h>.
 *
 * Every encoding below is fixed by the specification ("Encodings" appendix);
 * the function-like macros build and classify those encodings. They are
 * constant expressions whenever their arguments are, and evaluate each
 * argument at least once, so do not pass expressions with side effects.
 *
 * Layout of a psa_algorithm_t (32 bits):
 *   bit 31      vendor-defined flag
 *   bits 30-24  category (0x02 hash, 0x03 MAC, 0x04 cipher, 0x05 AEAD,
 *               0x06 signature, 0x07 asymmetric encryption, 0x08 key
 *               derivation, 0x09 key agreement, 0x0a PAKE)
 *   bits 23-0   category-specific; bits 7-0 carry the hash of
 *               hash-parameterised algorithms.
 *
 * Layout of a psa_key_type_t (16 bits):
 *   bit 15      vendor-defined flag
 *   bit 14      asymmetric
 *   bits 13-12  category (1 raw, 2 symmetric; for asymmetric types 0 public
 *               key, 3 key pair)
 *   bits 11-0   category-specific (bits 10-8 of a symmetric type: log2 of
 *               the block size; bits 6-0 of ECC/DH types: the family)
 */
#ifndef PSA_CRYPTO_VALUES_H
#define PSA_CRYPTO_VALUES_H

#include "psa/crypto_types.h"

/* ======================================================================== */
/* Status codes defined by the Crypto API itself (the rest: psa/error.h)    */
/* ======================================================================== */

#define PSA_ERROR_INSUFFICIENT_ENTROPY  ((psa_status_t)-148)
#define PSA_ERROR_INVALID_PADDING       ((psa_status_t)-150)

/* ======================================================================== */
/* Key types                                                                */
/* ======================================================================== */

#define PSA_KEY_TYPE_NONE               ((psa_key_type_t)0x0000)

/* Unstructured (raw) keys. */
#define PSA_KEY_TYPE_RAW_DATA           ((psa_key_type_t)0x1001)
#define PSA_KEY_TYPE_HMAC               ((psa_key_type_t)0x1100)
#define PSA_KEY_TYPE_DERIVE             ((psa_key_type_t)0x1200)
#define PSA_KEY_TYPE_PASSWORD           ((psa_key_type_t)0x1203)
#define PSA_KEY_TYPE_PASSWORD_HASH      ((psa_key_type_t)0x1205)
#define PSA_KEY_TYPE_PEPPER             ((psa_key_type_t)0x1206)

/* Symmetric cipher keys. */
#define PSA_KEY_TYPE_ARC4               ((psa_key_type_t)0x2002)
#define PSA_KEY_TYPE_CHACHA20           ((psa_key_type_t)0x2004)
#define PSA_KEY_TYPE_XCHACHA20          ((psa_key_type_t)0x2007)
#define PSA_KEY_TYPE_DES                ((psa_key_type_t)0x2301)
#define PSA_KEY_TYPE_AES                ((psa_key_type_t)0x2400)
#define PSA_KEY_TYPE_CAMELLIA           ((psa_key_type_t)0x2403)
#define PSA_KEY_TYPE_SM4                ((psa_key_type_t)0x2405)
#define PSA_KEY_TYPE_ARIA               ((psa_key_type_t)0x2406)

/* RSA. */
#define PSA_KEY_TYPE_RSA_PUBLIC_KEY     ((psa_key_type_t)0x4001)
#define PSA_KEY_TYPE_RSA_KEY_PAIR       ((psa_key_type_t)0x7001)

/* Elliptic-curve families (psa_ecc_family_t). */
#define PSA_ECC_FAMILY_SECP_K1          ((psa_ecc_family_t)0x17)
#define PSA_ECC_FAMILY_SECP_R1          ((psa_ecc_family_t)0x12)
#define PSA_ECC_FAMILY_SECP_R2          ((psa_ecc_family_t)0x1b)
#define PSA_ECC_FAMILY_SECT_K1          ((psa_ecc_family_t)0x27)
#define PSA_ECC_FAMILY_SECT_R1          ((psa_ecc_family_t)0x22)
#define PSA_ECC_FAMILY_SECT_R2          ((psa_ecc_family_t)0x2b)
#define PSA_ECC_FAMILY_BRAINPOOL_P_R1   ((psa_ecc_family_t)0x30)
#define PSA_ECC_FAMILY_FRP              ((psa_ecc_family_t)0x33)
#define PSA_ECC_FAMILY_MONTGOMERY       ((psa_ecc_family_t)0x41)
#define PSA_ECC_FAMILY_TWISTED_EDWARDS  ((psa_ecc_family_t)0x42)

/* Diffie-Hellman group families (psa_dh_family_t). */
#define PSA_DH_FAMILY_RFC7919           ((psa_dh_family_t)0x03)

/* Parameterised asymmetric key types. */
#define PSA_KEY_TYPE_ECC_PUBLIC_KEY(curve) \
    ((psa_key_type_t)(0x4100u | ((curve) & 0x7fu)))
#define PSA_KEY_TYPE_ECC_KEY_PAIR(curve) \
    ((psa_key_type_t)(0x7100u | ((curve) & 0x7fu)))
#define PSA_KEY_TYPE_DH_PUBLIC_KEY(group) \
    ((psa_key_type_t)(0x4200u | ((group) & 0x7fu)))
#define PSA_KEY_TYPE_DH_KEY_PAIR(group) \
    ((psa_key_type_t)(0x7200u | ((group) & 0x7fu)))
#define PSA_KEY_TYPE_SPAKE2P_PUBLIC_KEY(curve) \
    ((psa_key_type_t)(0x4400u | ((curve) & 0x7fu)))
#define PSA_KEY_TYPE_SPAKE2P_KEY_PAIR(curve) \
    ((psa_key_type_t)(0x7400u | ((curve) & 0x7fu)))

/* Conversions between a public-key type and its key-pair type. */
#define PSA_KEY_TYPE_KEY_PAIR_OF_PUBLIC_KEY(type) \
    ((psa_key_type_t)((type) | 0x3000u))
#define PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR(type) \
    ((psa_key_type_t)((type) & ~0x3000u))

/* Family extraction. */
#define PSA_KEY_TYPE_ECC_GET_FAMILY(type) \
    ((psa_ecc_family_t)((type) & 0x7fu))
#define PSA_KEY_TYPE_DH_GET_FAMILY(type) \
    ((psa_dh_family_t)((type) & 0x7fu))
#define PSA_KEY_TYPE_SPAKE2P_GET_FAMILY(type) \
    ((psa_ecc_family_t)((type) & 0x7fu))

/* Key-type classification: each evaluates to 1 or 0. */
#define PSA_KEY_TYPE_IS_UNSTRUCTURED(type) \
    (((type) & 0x7000u) == 0x1000u || ((type) & 0x7000u) == 0x2000u)
#define PSA_KEY_TYPE_IS_ASYMMETRIC(type) \
    (((type) & 0x4000u) == 0x4000u)
#define PSA_KEY_TYPE_IS_PUBLIC_KEY(type) \
    (((type) & 0x7000u) == 0x4000u)
#define PSA_KEY_TYPE_IS_KEY_PAIR(type) \
    (((type) & 0x7000u) == 0x7000u)
#define PSA_KEY_TYPE_IS_RSA(type) \
    (PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR(type) == 0x4001u)
#define PSA_KEY_TYPE_IS_ECC(type) \
    ((PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR(type) & 0xff80u) == 0x4100u)
#define PSA_KEY_TYPE_IS_ECC_KEY_PAIR(type) \
    (((type) & 0xff80u) == 0x7100u)
#define PSA_KEY_TYPE_IS_ECC_PUBLIC_KEY(type) \
    (((type) & 0xff80u) == 0x4100u)
#define PSA_KEY_TYPE_IS_DH(type) \
    ((PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR(type) & 0xff80u) == 0x4200u)
#define PSA_KEY_TYPE_IS_DH_KEY_PAIR(type) \
    (((type) & 0xff80u) == 0x7200u)
#define PSA_KEY_TYPE_IS_DH_PUBLIC_KEY(type) \
    (((type) & 0xff80u) == 0x4200u)
#define PSA_KEY_TYPE_IS_SPAKE2P(type) \
    ((PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR(type) & 0xff80u) == 0x4400u)
#define PSA_KEY_TYPE_IS_SPAKE2P_KEY_PAIR(type) \
    (((type) & 0xff80u) == 0x7400u)
#define PSA_KEY_TYPE_IS_SPAKE2P_PUBLIC_KEY(type) \
    (((type) & 0xff80u) == 0x4400u)

/* ======================================================================== */
/* Key lifetimes, persistence levels, locations                             */
/* ======================================================================== */

#define PSA_KEY_LIFETIME_VOLATILE       ((psa_key_lifetime_t)0x00000000)
#define PSA_KEY_LIFETIME_PERSISTENT     ((psa_key_lifetime_t)0x00000001)

#define PSA_KEY_PERSISTENCE_VOLATILE    ((psa_key_persistence_t)0x00)
#define PSA_KEY_PERSISTENCE_DEFAULT     ((psa_key_persistence_t)0x01)
#define PSA_KEY_PERSISTENCE_READ_ONLY   ((psa_key_persistence_t)0xff)

#define PSA_KEY_LOCATION_LOCAL_STORAGE          ((psa_key_location_t)0x000000)
#define PSA_KEY_LOCATION_PRIMARY_SECURE_ELEMENT ((psa_key_location_t)0x000001)

#define PSA_KEY_LIFETIME_GET_PERSISTENCE(lifetime) \
    ((psa_key_persistence_t)((lifetime) & 0x000000ffu))
#define PSA_KEY_LIFETIME_GET_LOCATION(lifetime) \
    ((psa_key_location_t)((lifetime) >> 8))
#define PSA_KEY_LIFETIME_IS_VOLATILE(lifetime) \
    (PSA_KEY_LIFETIME_GET_PERSISTENCE(lifetime) == PSA_KEY_PERSISTENCE_VOLATILE)
#define PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(persistence, location) \
    ((psa_key_lifetime_t)(((psa_key_lifetime_t)(location) << 8) | \
                          (psa_key_lifetime_t)(persistence)))
/* Not in the specification (Mbed TLS has the same name): whether keys of this
 * lifetime can never be destroyed. */
#define PSA_KEY_LIFETIME_IS_READ_ONLY(lifetime) \
    (PSA_KEY_LIFETIME_GET_PERSISTENCE(lifetime) == PSA_KEY_PERSISTENCE_READ_ONLY)

/* ======================================================================== */
/* Key identifiers                                                          */
/* ======================================================================== */

#define PSA_KEY_ID_NULL                 ((psa_key_id_t)0)
#define PSA_KEY_ID_USER_MIN             ((psa_key_id_t)0x00000001)
#define PSA_KEY_ID_USER_MAX             ((psa_key_id_t)0x3fffffff)
#define PSA_KEY_ID_VENDOR_MIN           ((psa_key_id_t)0x40000000)
#define PSA_KEY_ID_VENDOR_MAX           ((psa_key_id_t)0x7fffffff)

/* ======================================================================== */
/* Usage flags                                                              */
/* ======================================================================== */

#define PSA_KEY_USAGE_EXPORT            ((psa_key_usage_t)0x00000001)
#define PSA_KEY_USAGE_COPY              ((psa_key_usage_t)0x00000002)
#define PSA_KEY_USAGE_CACHE             ((psa_key_usage_t)0x00000004)
#define PSA_KEY_USAGE_ENCRYPT           ((psa_key_usage_t)0x00000100)
#define PSA_KEY_USAGE_DECRYPT           ((psa_key_usage_t)0x00000200)
#define PSA_KEY_USAGE_SIGN_MESSAGE      ((psa_key_usage_t)0x00000400)
#define PSA_KEY_USAGE_VERIFY_MESSAGE    ((psa_key_usage_t)0x00000800)
#define PSA_KEY_USAGE_SIGN_HASH         ((psa_key_usage_t)0x00001000)
#define PSA_KEY_USAGE_VERIFY_HASH       ((psa_key_usage_t)0x00002000)
#define PSA_KEY_USAGE_DERIVE            ((psa_key_usage_t)0x00004000)
#define PSA_KEY_USAGE_VERIFY_DERIVATION ((psa_key_usage_t)0x00008000)

/* ======================================================================== */
/* Algorithms                                                               */
/* ======================================================================== */

#define PSA_ALG_NONE                    ((psa_algorithm_t)0)

/* --- Hash (category 0x02) ----------------------------------------------- */
#define PSA_ALG_MD2                     ((psa_algorithm_t)0x02000001)
#define PSA_ALG_MD4                     ((psa_algorithm_t)0x02000002)
#define PSA_ALG_MD5                     ((psa_algorithm_t)0x02000003)
#define PSA_ALG_RIPEMD160               ((psa_algorithm_t)0x02000004)
#define PSA_ALG_SHA_1                   ((psa_algorithm_t)0x02000005)
#define PSA_ALG_AES_MMO_ZIGBEE          ((psa_algorithm_t)0x02000007)
#define PSA_ALG_SHA_224                 ((psa_algorithm_t)0x02000008)
#define PSA_ALG_SHA_256                 ((psa_algorithm_t)0x02000009)
#define PSA_ALG_SHA_384                 ((psa_algorithm_t)0x0200000a)
#define PSA_ALG_SHA_512                 ((psa_algorithm_t)0x0200000b)
#define PSA_ALG_SHA_512_224             ((psa_algorithm_t)0x0200000c)
#define PSA_ALG_SHA_512_256             ((psa_algorithm_t)0x0200000d)
#define PSA_ALG_SHA3_224                ((psa_algorithm_t)0x02000010)
#define PSA_ALG_SHA3_256                ((psa_algorithm_t)0x02000011)
#define PSA_ALG_SHA3_384                ((psa_algorithm_t)0x02000012)
#define PSA_ALG_SHA3_512                ((psa_algorithm_t)0x02000013)
#define PSA_ALG_SM3                     ((psa_algorithm_t)0x02000014)
#define PSA_ALG_SHAKE256_512            ((psa_algorithm_t)0x02000015)
/* Policy wildcard: a hash-and-sign algorithm with any hash. */
#define PSA_ALG_ANY_HASH                ((psa_algorithm_t)0x020000ff)

/* --- MAC (category 0x03) ------------------------------------------------ */
#define PSA_ALG_CBC_MAC                 ((psa_algorithm_t)0x03c00100)
#define PSA_ALG_CMAC                    ((psa_algorithm_t)0x03c00200)
#define PSA_ALG_HMAC(hash_alg) \
    ((psa_algorithm_t)(0x03800000u | ((hash_alg) & 0x000000ffu)))
/* Length field (bits 21-16, in bytes) and at-least-this-length flag (bit 15)
 * of MAC and AEAD algorithms. */
#define PSA_ALG_TRUNCATED_MAC(mac_alg, mac_length) \
    ((psa_algorithm_t)(((mac_alg) & ~0x003f8000u) | \
                       (((psa_algorithm_t)(mac_length) & 0x3fu) << 16)))
#define PSA_ALG_FULL_LENGTH_MAC(mac_alg) \
    ((psa_algorithm_t)((mac_alg) & ~0x003f8000u))
#define PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(mac_alg, min_mac_length) \
    ((psa_algorithm_t)(PSA_ALG_TRUNCATED_MAC(mac_alg, min_mac_length) | \
                       0x00008000u))

/* --- Unauthenticated ciphers (category 0x04) ---------------------------- */
#define PSA_ALG_STREAM_CIPHER           ((psa_algorithm_t)0x04800100)
#define PSA_ALG_CTR                     ((psa_algorithm_t)0x04c01000)
#define PSA_ALG_CFB                     ((psa_algorithm_t)0x04c01100)
#define PSA_ALG_OFB                     ((psa_algorithm_t)0x04c01200)
#define PSA_ALG_CCM_STAR_NO_TAG         ((psa_algorithm_t)0x04c01300)
#define PSA_ALG_XTS                     ((psa_algorithm_t)0x0440ff00)
#define PSA_ALG_CBC_NO_PADDING          ((psa_algorithm_t)0x04404000)
#define PSA_ALG_CBC_PKCS7               ((psa_algorithm_t)0x04404100)
#define PSA_ALG_ECB_NO_PADDING          ((psa_algorithm_t)0x04404400)
/* Policy wildcard: CCM* as an AEAD with any tag length or as a cipher. */
#define PSA_ALG_CCM_STAR_ANY_TAG        ((psa_algorithm_t)0x04c09300)

/* --- AEAD (category 0x05) ----------------------------------------------- */
#define PSA_ALG_CCM                     ((psa_algorithm_t)0x05500100)
#define PSA_ALG_GCM                     ((psa_algorithm_t)0x05500200)
#define PSA_ALG_CHACHA20_POLY1305       ((psa_algorithm_t)0x05100500)
#define PSA_ALG_XCHACHA20_POLY1305      ((psa_algorithm_t)0x05100600)
#define PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead_alg, tag_length) \
    ((psa_algorithm_t)(((aead_alg) & ~0x003f8000u) | \
                       (((psa_algorithm_t)(tag_length) & 0x3fu) << 16)))
#define PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(aead_alg, min_tag_length) \
    ((psa_algorithm_t)(PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead_alg, min_tag_length) | \
                       0x00008000u))
/* The base AEAD algorithm with its default tag length, or PSA_ALG_NONE for an
 * AEAD this header does not know. The tag-length bits and flag are ignored. */
#define PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG(aead_alg) \
    ((((aead_alg) & ~0x003f8000u) == 0x05400100u) ? PSA_ALG_CCM : \
     (((aead_alg) & ~0x003f8000u) == 0x05400200u) ? PSA_ALG_GCM : \
     (((aead_alg) & ~0x003f8000u) == 0x05000500u) ? PSA_ALG_CHACHA20_POLY1305 : \
     (((aead_alg) & ~0x003f8000u) == 0x05000600u) ? PSA_ALG_XCHACHA20_POLY1305 : \
     PSA_ALG_NONE)

/* --- Key derivation (category 0x08) ------------------------------------- */
#define PSA_ALG_HKDF(hash_alg) \
    ((psa_algorithm_t)(0x08000100u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_TLS12_PRF(hash_alg) \
    ((psa_algorithm_t)(0x08000200u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_TLS12_PSK_TO_MS(hash_alg) \
    ((psa_algorithm_t)(0x08000300u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_HKDF_EXTRACT(hash_alg) \
    ((psa_algorithm_t)(0x08000400u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_HKDF_EXPAND(hash_alg) \
    ((psa_algorithm_t)(0x08000500u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_TLS12_ECJPAKE_TO_PMS    ((psa_algorithm_t)0x08000609)
#define PSA_ALG_SP800_108_COUNTER_HMAC(hash_alg) \
    ((psa_algorithm_t)(0x08000700u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_SP800_108_COUNTER_CMAC  ((psa_algorithm_t)0x08000800)
#define PSA_ALG_PBKDF2_HMAC(hash_alg) \
    ((psa_algorithm_t)(0x08800100u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_PBKDF2_AES_CMAC_PRF_128 ((psa_algorithm_t)0x08800200)

/* Key-derivation input steps (implementation-defined values; Strongroom uses
 * the same values as Mbed TLS and TF-PSA-Crypto). */
#define PSA_KEY_DERIVATION_INPUT_SECRET       ((psa_key_derivation_step_t)0x0101)
#define PSA_KEY_DERIVATION_INPUT_PASSWORD     ((psa_key_derivation_step_t)0x0102)
#define PSA_KEY_DERIVATION_INPUT_OTHER_SECRET ((psa_key_derivation_step_t)0x0103)
#define PSA_KEY_DERIVATION_INPUT_LABEL        ((psa_key_derivation_step_t)0x0201)
#define PSA_KEY_DERIVATION_INPUT_SALT         ((psa_key_derivation_step_t)0x0202)
#define PSA_KEY_DERIVATION_INPUT_INFO         ((psa_key_derivation_step_t)0x0203)
#define PSA_KEY_DERIVATION_INPUT_SEED         ((psa_key_derivation_step_t)0x0204)
#define PSA_KEY_DERIVATION_INPUT_COST         ((psa_key_derivation_step_t)0x0205)
#define PSA_KEY_DERIVATION_INPUT_CONTEXT      ((psa_key_derivation_step_t)0x0206)

/* --- Asymmetric signature (category 0x06) ------------------------------- */
#define PSA_ALG_RSA_PKCS1V15_SIGN(hash_alg) \
    ((psa_algorithm_t)(0x06000200u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_RSA_PKCS1V15_SIGN_RAW   ((psa_algorithm_t)0x06000200)
#define PSA_ALG_RSA_PSS(hash_alg) \
    ((psa_algorithm_t)(0x06000300u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_RSA_PSS_ANY_SALT(hash_alg) \
    ((psa_algorithm_t)(0x06001300u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_ECDSA(hash_alg) \
    ((psa_algorithm_t)(0x06000600u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_ECDSA_ANY               ((psa_algorithm_t)0x06000600)
#define PSA_ALG_DETERMINISTIC_ECDSA(hash_alg) \
    ((psa_algorithm_t)(0x06000700u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_PURE_EDDSA              ((psa_algorithm_t)0x06000800)
#define PSA_ALG_ED25519PH               ((psa_algorithm_t)0x0600090b)
#define PSA_ALG_ED448PH                 ((psa_algorithm_t)0x06000915)

/* --- Asymmetric encryption (category 0x07) ------------------------------ */
#define PSA_ALG_RSA_PKCS1V15_CRYPT      ((psa_algorithm_t)0x07000200)
#define PSA_ALG_RSA_OAEP(hash_alg) \
    ((psa_algorithm_t)(0x07000300u | ((hash_alg) & 0x000000ffu)))

/* --- Key agreement (category 0x09) -------------------------------------- */
#define PSA_ALG_FFDH                    ((psa_algorithm_t)0x09010000)
#define PSA_ALG_ECDH                    ((psa_algorithm_t)0x09020000)
/* A key agreement followed by a key derivation. */
#define PSA_ALG_KEY_AGREEMENT(ka_alg, kdf_alg) \
    ((psa_algorithm_t)((ka_alg) | (kdf_alg)))
#define PSA_ALG_KEY_AGREEMENT_GET_BASE(alg) \
    ((psa_algorithm_t)((alg) & 0xff7f0000u))
#define PSA_ALG_KEY_AGREEMENT_GET_KDF(alg) \
    ((psa_algorithm_t)((alg) & 0xfe80ffffu))

/* --- PAKE (category 0x0a) ----------------------------------------------- */
#define PSA_ALG_JPAKE(hash_alg) \
    ((psa_algorithm_t)(0x0a000100u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_SPAKE2P_HMAC(hash_alg) \
    ((psa_algorithm_t)(0x0a000400u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_SPAKE2P_CMAC(hash_alg) \
    ((psa_algorithm_t)(0x0a000500u | ((hash_alg) & 0x000000ffu)))
#define PSA_ALG_SPAKE2P_MATTER          ((psa_algorithm_t)0x0a000609)

/* --- Algorithm classification: each evaluates to 1 or 0 ----------------- */
#define PSA_ALG_IS_HASH(alg)            (((alg) & 0x7f000000u) == 0x02000000u)
#define PSA_ALG_IS_MAC(alg)             (((alg) & 0x7f000000u) == 0x03000000u)
#define PSA_ALG_IS_CIPHER(alg)          (((alg) & 0x7f000000u) == 0x04000000u)
#define PSA_ALG_IS_AEAD(alg)            (((alg) & 0x7f000000u) == 0x05000000u)
#define PSA_ALG_IS_SIGN(alg)            (((alg) & 0x7f000000u) == 0x06000000u)
#define PSA_ALG_IS_ASYMMETRIC_ENCRYPTION(alg) \
    (((alg) & 0x7f000000u) == 0x07000000u)
#define PSA_ALG_IS_KEY_DERIVATION(alg)  (((alg) & 0x7f000000u) == 0x08000000u)
#define PSA_ALG_IS_KEY_AGREEMENT(alg)   (((alg) & 0x7f000000u) == 0x09000000u)
#define PSA_ALG_IS_PAKE(alg)            (((alg) & 0x7f000000u) == 0x0a000000u)

/* The hash carried in bits 7-0, as a hash algorithm; PSA_ALG_NONE if none. */
#define PSA_ALG_GET_HASH(alg) \
    ((psa_algorithm_t)((((alg) & 0x000000ffu) == 0u) ? PSA_ALG_NONE : \
                       (0x02000000u | ((alg) & 0x000000ffu))))

#define PSA_ALG_IS_WILDCARD(alg) \
    ((PSA_ALG_GET_HASH(alg) == PSA_ALG_ANY_HASH) || \
     (((alg) & 0x7f008000u) == 0x03008000u) || \
     (((alg) & 0x7f008000u) == 0x05008000u))

/* MAC. */
#define PSA_ALG_IS_HMAC(alg)            (((alg) & 0x7fc0ff00u) == 0x03800000u)
#define PSA_ALG_IS_BLOCK_CIPHER_MAC(alg) (((alg) & 0x7fc00000u) == 0x03c00000u)

/* Cipher. */
#define PSA_ALG_IS_STREAM_CIPHER(alg)   (((alg) & 0x7f800000u) == 0x04800000u)

/* AEAD. */
#define PSA_ALG_IS_AEAD_ON_BLOCK_CIPHER(alg) \
    (((alg) & 0x7f400000u) == 0x05400000u)

/* Key derivation. */
#define PSA_ALG_IS_KEY_DERIVATION_STRETCHING(alg) \
    (((alg) & 0x7f800000u) == 0x08800000u)
#define PSA_ALG_IS_HKDF(alg)            (((alg) & ~0x000000ffu) == 0x08000100u)
#define PSA_ALG_IS_TLS12_PRF(alg)       (((alg) & ~0x000000ffu) == 0x08000200u)
#define PSA_ALG_IS_TLS12_PSK_TO_MS(alg) (((alg) & ~0x000000ffu) == 0x08000300u)
#define PSA_ALG_IS_HKDF_EXTRACT(alg)    (((alg) & ~0x000000ffu) == 0x08000400u)
#define PSA_ALG_IS_HKDF_EXPAND(alg)     (((alg) & ~0x000000ffu) == 0x08000500u)
#define PSA_ALG_IS_SP800_108_COUNTER_HMAC(alg) \
    (((alg) & ~0x000000ffu) == 0x08000700u)
#define PSA_ALG_IS_PBKDF2_HMAC(alg)     (((alg) & ~0x000000ffu) == 0x08800100u)

/* Signature. */
#define PSA_ALG_IS_RSA_PKCS1V15_SIGN(alg) \
    (((alg) & ~0x000000ffu) == 0x06000200u)
#define PSA_ALG_IS_RSA_PSS(alg)         (((alg) & ~0x000010ffu) == 0x06000300u)
#define PSA_ALG_IS_RSA_PSS_ANY_SALT(alg) \
    (((alg) & ~0x000000ffu) == 0x06001300u)
#define PSA_ALG_IS_RSA_PSS_STANDARD_SALT(alg) \
    (((alg) & ~0x000000ffu) == 0x06000300u)
#define PSA_ALG_IS_ECDSA(alg)           (((alg) & ~0x000001ffu) == 0x06000600u)
#define PSA_ALG_IS_DETERMINISTIC_ECDSA(alg) \
    (((alg) & ~0x000000ffu) == 0x06000700u)
#define PSA_ALG_IS_RANDOMIZED_ECDSA(alg) \
    (((alg) & ~0x000000ffu) == 0x06000600u)
#define PSA_ALG_IS_HASH_EDDSA(alg)      (((alg) & ~0x000000ffu) == 0x06000900u)
/* A hash-and-sign algorithm names its hash: the raw forms (RSA_PKCS1V15_SIGN_RAW,
 * ECDSA_ANY) are not hash-and-sign, as Mbed TLS's metadata tests require. */
#define PSA_ALG_IS_HASH_AND_SIGN(alg) \
    ((PSA_ALG_IS_RSA_PSS(alg) || PSA_ALG_IS_RSA_PKCS1V15_SIGN(alg) || \
      PSA_ALG_IS_ECDSA(alg) || PSA_ALG_IS_HASH_EDDSA(alg)) && \
     ((alg) & 0x000000ff) != 0)
#define PSA_ALG_IS_SIGN_HASH(alg) \
    (PSA_ALG_IS_SIGN(alg) && (alg) != PSA_ALG_PURE_EDDSA)
#define PSA_ALG_IS_SIGN_MESSAGE(alg) \
    (PSA_ALG_IS_SIGN(alg) && (alg) != PSA_ALG_ECDSA_ANY && \
     (alg) != PSA_ALG_RSA_PKCS1V15_SIGN_RAW)

/* Asymmetric encryption. */
#define PSA_ALG_IS_RSA_OAEP(alg)        (((alg) & ~0x000000ffu) == 0x07000300u)

/* Key agreement. */
#define PSA_ALG_IS_STANDALONE_KEY_AGREEMENT(alg) \
    (((alg) & 0x7f00ffffu) == 0x09000000u)
#define PSA_ALG_IS_RAW_KEY_AGREEMENT(alg) PSA_ALG_IS_STANDALONE_KEY_AGREEMENT(alg)
#define PSA_ALG_IS_FFDH(alg)            (((alg) & 0x7fff0000u) == 0x09010000u)
#define PSA_ALG_IS_ECDH(alg)            (((alg) & 0x7fff0000u) == 0x09020000u)

/* PAKE. */
#define PSA_ALG_IS_JPAKE(alg)           (((alg) & ~0x000000ffu) == 0x0a000100u)
#define PSA_ALG_IS_SPAKE2P(alg)         (((alg) & ~0x000003ffu) == 0x0a000400u)
#define PSA_ALG_IS_SPAKE2P_HMAC(alg)    (((alg) & ~0x000000ffu) == 0x0a000400u)
#define PSA_ALG_IS_SPAKE2P_CMAC(alg)    (((alg) & ~0x000000ffu) == 0x0a000500u)

/* ======================================================================== */
/* PAKE primitives, roles, steps, key confirmation                          */
/* ======================================================================== */

#define PSA_PAKE_PRIMITIVE_TYPE_ECC     ((psa_pake_primitive_type_t)0x01)
#define PSA_PAKE_PRIMITIVE_TYPE_DH      ((psa_pake_primitive_type_t)0x02)

/* type << 24 | family << 16 | bits; 0 if bits does not fit in 16 bits. */
#define PSA_PAKE_PRIMITIVE(pake_type, pake_family, pake_bits) \
    ((psa_pake_primitive_t)((((size_t)(pake_bits) & 0xffffu) != (size_t)(pake_bits)) ? 0u : \
        (((psa_pake_primitive_t)(pake_type) & 0xffu) << 24 | \
         ((psa_pake_primitive_t)(pake_family) & 0xffu) << 16 | \
         ((psa_pake_primitive_t)(pake_bits) & 0xffffu))))
#define PSA_PAKE_PRIMITIVE_GET_TYPE(pake_primitive) \
    ((psa_pake_primitive_type_t)(((pake_primitive) >> 24) & 0xffu))
#define PSA_PAKE_PRIMITIVE_GET_FAMILY(pake_primitive) \
    ((psa_pake_family_t)(((pake_primitive) >> 16) & 0xffu))
#define PSA_PAKE_PRIMITIVE_GET_BITS(pake_primitive) \
    ((size_t)((pake_primitive) & 0xffffu))

#define PSA_PAKE_ROLE_NONE              ((psa_pake_role_t)0x00)
#define PSA_PAKE_ROLE_FIRST             ((psa_pake_role_t)0x01)
#define PSA_PAKE_ROLE_SECOND            ((psa_pake_role_t)0x02)
#define PSA_PAKE_ROLE_CLIENT            ((psa_pake_role_t)0x11)
#define PSA_PAKE_ROLE_SERVER            ((psa_pake_role_t)0x12)

#define PSA_PAKE_STEP_KEY_SHARE         ((psa_pake_step_t)0x01)
#define PSA_PAKE_STEP_ZK_PUBLIC         ((psa_pake_step_t)0x02)
#define PSA_PAKE_STEP_ZK_PROOF          ((psa_pake_step_t)0x03)
#define PSA_PAKE_STEP_CONFIRM           ((psa_pake_step_t)0x04)

#define PSA_PAKE_CONFIRMED_KEY          0
#define PSA_PAKE_UNCONFIRMED_KEY        1

#endif /* PSA_CRYPTO_VALUES_H */
