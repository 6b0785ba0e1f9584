/*
 * psa/crypto_sizes.h -- buffer-size macros of the PSA Crypto API 1.2.
 *
 * Do not include directly: include <psa/crypto.h>.
 *
 * The function-like macros return a size in bytes that is sufficient for the
 * given key type / size / algorithm, or 0 when the combination is invalid or
 * unknown to Strongroom. They are constant expressions when their arguments
 * are. The *_MAX_SIZE macros are sufficient for every combination Strongroom
 * supports, given the vendor limits below.
 */
#ifndef PSA_CRYPTO_SIZES_H
#define PSA_CRYPTO_SIZES_H

#include "psa/crypto_values.h"

/* ------------------------------------------------------------------------ */
/* Strongroom's vendor limits (these fix every *_MAX_SIZE below)            */
/* ------------------------------------------------------------------------ */

/* Largest RSA modulus, in bits. */
#define PSA_VENDOR_RSA_MAX_KEY_BITS     4096
/* Largest elliptic curve, in bits (P-521). */
#define PSA_VENDOR_ECC_MAX_CURVE_BITS   521
/* Largest finite-field Diffie-Hellman group, in bits (ffdhe8192 of the
 * RFC 7919 family). */
#define PSA_VENDOR_FFDH_MAX_KEY_BITS    8192

/* ------------------------------------------------------------------------ */
/* Helpers (the names are also used by Mbed TLS)                            */
/* ------------------------------------------------------------------------ */

#define PSA_BITS_TO_BYTES(bits)         (((size_t)(bits) + 7u) / 8u)
#define PSA_BYTES_TO_BITS(bytes)        ((size_t)(bytes) * 8u)
/* Smallest multiple of `block` that is >= `length`; `length` when block is 0. */
#define PSA_ROUND_UP_TO_MULTIPLE(block, length) \
    (((block) == 0u) ? (size_t)(length) : \
     (((size_t)(length) + (size_t)(block) - 1u) / (size_t)(block)) * (size_t)(block))
#define PSA_SIZE_MAX_OF(a, b)           (((a) > (b)) ? (a) : (b))

/* The length field (bits 21-16, bytes) of a MAC / AEAD algorithm. */
#define PSA_MAC_TRUNCATED_LENGTH(alg)   ((size_t)(((alg) >> 16) & 0x3fu))
#define PSA_ALG_AEAD_GET_TAG_LENGTH(alg) ((size_t)(((alg) >> 16) & 0x3fu))

/* ------------------------------------------------------------------------ */
/* Hash                                                                     */
/* ------------------------------------------------------------------------ */

/* Output size of a hash algorithm, or of the hash of an HMAC algorithm. */
#define PSA_HASH_LENGTH(alg) \
    ((size_t)(!(PSA_ALG_IS_HASH(alg) || PSA_ALG_IS_HMAC(alg)) ? 0u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_MD2 ? 16u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_MD4 ? 16u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_MD5 ? 16u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_RIPEMD160 ? 20u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_1 ? 20u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_AES_MMO_ZIGBEE ? 16u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_224 ? 28u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_256 ? 32u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_384 ? 48u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_512 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_512_224 ? 28u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_512_256 ? 32u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_224 ? 28u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_256 ? 32u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_384 ? 48u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_512 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SM3 ? 32u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHAKE256_512 ? 64u : \
     0u))

#define PSA_HASH_MAX_SIZE               64u

/* Input block size of a hash algorithm (or of the hash of an HMAC). */
#define PSA_HASH_BLOCK_LENGTH(alg) \
    ((size_t)(!(PSA_ALG_IS_HASH(alg) || PSA_ALG_IS_HMAC(alg)) ? 0u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_MD2 ? 16u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_MD4 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_MD5 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_RIPEMD160 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_1 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_AES_MMO_ZIGBEE ? 16u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_224 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_256 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_384 ? 128u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_512 ? 128u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_512_224 ? 128u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA_512_256 ? 128u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_224 ? 144u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_256 ? 136u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_384 ? 104u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHA3_512 ? 72u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SM3 ? 64u : \
     PSA_ALG_GET_HASH(alg) == PSA_ALG_SHAKE256_512 ? 136u : \
     0u))

/* Hash suspend state (psa_hash_suspend): algorithm field, input-length field,
 * hash-state field, then up to one block minus one of unprocessed input. */
#define PSA_HASH_SUSPEND_ALGORITHM_FIELD_LENGTH ((size_t)4)
#define PSA_HASH_SUSPEND_INPUT_LENGTH_FIELD_LENGTH(alg) \
    ((size_t)((alg) == PSA_ALG_MD2 ? 1u : \
     ((alg) == PSA_ALG_MD4 || (alg) == PSA_ALG_MD5 || \
      (alg) == PSA_ALG_RIPEMD160 || (alg) == PSA_ALG_SHA_1 || \
      (alg) == PSA_ALG_SHA_224 || (alg) == PSA_ALG_SHA_256) ? 8u : \
     ((alg) == PSA_ALG_SHA_512 || (alg) == PSA_ALG_SHA_384 || \
      (alg) == PSA_ALG_SHA_512_224 || (alg) == PSA_ALG_SHA_512_256) ? 16u : \
     0u))
#define PSA_HASH_SUSPEND_HASH_STATE_FIELD_LENGTH(alg) \
    ((size_t)((alg) == PSA_ALG_MD2 ? 64u : \
     ((alg) == PSA_ALG_MD4 || (alg) == PSA_ALG_MD5) ? 16u : \
     ((alg) == PSA_ALG_RIPEMD160 || (alg) == PSA_ALG_SHA_1) ? 20u : \
     ((alg) == PSA_ALG_SHA_224 || (alg) == PSA_ALG_SHA_256) ? 32u : \
     ((alg) == PSA_ALG_SHA_512 || (alg) == PSA_ALG_SHA_384 || \
      (alg) == PSA_ALG_SHA_512_224 || (alg) == PSA_ALG_SHA_512_256) ? 64u : \
     0u))
/* 0 for a hash that cannot be suspended. */
#define PSA_HASH_SUSPEND_OUTPUT_SIZE(alg) \
    ((size_t)(PSA_HASH_SUSPEND_HASH_STATE_FIELD_LENGTH(alg) == 0u ? 0u : \
     PSA_HASH_SUSPEND_ALGORITHM_FIELD_LENGTH + \
     PSA_HASH_SUSPEND_INPUT_LENGTH_FIELD_LENGTH(alg) + \
     PSA_HASH_SUSPEND_HASH_STATE_FIELD_LENGTH(alg) + \
     PSA_HASH_BLOCK_LENGTH(alg) - 1u))
/* SHA-512: 4 + 16 + 64 + 128 - 1. */
#define PSA_HASH_SUSPEND_OUTPUT_MAX_SIZE 211u

/* ------------------------------------------------------------------------ */
/* MAC                                                                      */
/* ------------------------------------------------------------------------ */

/* Block size of a symmetric cipher key type (1 for a stream cipher); 0 for a
 * key type that is not a symmetric cipher key. */
#define PSA_BLOCK_CIPHER_BLOCK_LENGTH(type) \
    ((size_t)((((type) & 0x7000u) == 0x2000u) ? (1u << (((type) >> 8) & 7u)) : 0u))
#define PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE 16u

/* MAC size: the truncation length if any, else the hash length for HMAC or
 * the block size for a block-cipher MAC. No supported MAC depends on
 * key_bits. */
#define PSA_MAC_LENGTH(key_type, key_bits, alg) \
    ((size_t)(!PSA_ALG_IS_MAC(alg) ? 0u : \
     PSA_MAC_TRUNCATED_LENGTH(alg) != 0u ? PSA_MAC_TRUNCATED_LENGTH(alg) : \
     PSA_ALG_IS_HMAC(alg) ? PSA_HASH_LENGTH(alg) : \
     PSA_ALG_IS_BLOCK_CIPHER_MAC(alg) ? PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) : \
     0u))
#define PSA_MAC_MAX_SIZE                64u

/* ------------------------------------------------------------------------ */
/* Unauthenticated ciphers                                                  */
/* ------------------------------------------------------------------------ */

/* Default IV size; 0 for ECB and for invalid combinations. */
#define PSA_CIPHER_IV_LENGTH(key_type, alg) \
    ((size_t)( \
     (PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) > 1u && \
      ((alg) == PSA_ALG_CTR || (alg) == PSA_ALG_CFB || (alg) == PSA_ALG_OFB || \
       (alg) == PSA_ALG_XTS || (alg) == PSA_ALG_CBC_NO_PADDING || \
       (alg) == PSA_ALG_CBC_PKCS7)) ? PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) : \
     (PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) == 16u && \
      (alg) == PSA_ALG_CCM_STAR_NO_TAG) ? 13u : \
     ((key_type) == PSA_KEY_TYPE_CHACHA20 && (alg) == PSA_ALG_STREAM_CIPHER) ? 12u : \
     ((key_type) == PSA_KEY_TYPE_XCHACHA20 && (alg) == PSA_ALG_STREAM_CIPHER) ? 24u : \
     0u))
/* 24: the XChaCha20 nonce. */
#define PSA_CIPHER_IV_MAX_SIZE          24u

/* Whether `alg` works on whole blocks, so that a multi-part operation
 * buffers partial blocks (ECB, CBC; XTS holds back the end of the data unit
 * for ciphertext stealing). The other cipher modes are streams. */
#define PSA_STRONGROOM_CIPHER_IS_BLOCK_MODE(alg) \
    ((alg) == PSA_ALG_CBC_NO_PADDING || (alg) == PSA_ALG_CBC_PKCS7 || \
     (alg) == PSA_ALG_ECB_NO_PADDING || (alg) == PSA_ALG_XTS)

/* Whether (key_type, alg) is a valid unauthenticated-cipher pair. */
#define PSA_STRONGROOM_CIPHER_VALID(key_type, alg) \
    ((PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) > 1u && \
      ((alg) == PSA_ALG_CTR || (alg) == PSA_ALG_CFB || (alg) == PSA_ALG_OFB || \
       (alg) == PSA_ALG_XTS || (alg) == PSA_ALG_CBC_NO_PADDING || \
       (alg) == PSA_ALG_CBC_PKCS7 || (alg) == PSA_ALG_ECB_NO_PADDING)) || \
     (PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) == 16u && \
      (alg) == PSA_ALG_CCM_STAR_NO_TAG) || \
     (((key_type) == PSA_KEY_TYPE_CHACHA20 || (key_type) == PSA_KEY_TYPE_XCHACHA20) && \
      (alg) == PSA_ALG_STREAM_CIPHER))

/* psa_cipher_encrypt output: the generated IV followed by the ciphertext
 * (PKCS#7 padding adds 1 to block-size bytes). */
#define PSA_CIPHER_ENCRYPT_OUTPUT_SIZE(key_type, alg, input_length) \
    ((size_t)(!PSA_STRONGROOM_CIPHER_VALID(key_type, alg) ? 0u : \
     (alg) == PSA_ALG_CBC_PKCS7 ? \
        PSA_ROUND_UP_TO_MULTIPLE(PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type), \
                                 (size_t)(input_length) + 1u) + \
        PSA_CIPHER_IV_LENGTH(key_type, alg) : \
     (size_t)(input_length) + PSA_CIPHER_IV_LENGTH(key_type, alg)))
#define PSA_CIPHER_ENCRYPT_OUTPUT_MAX_SIZE(input_length) \
    ((size_t)(PSA_ROUND_UP_TO_MULTIPLE(PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE, \
                                       (size_t)(input_length) + 1u) + \
              PSA_CIPHER_IV_MAX_SIZE))
/* psa_cipher_decrypt output: never more than the input (IV included). */
#define PSA_CIPHER_DECRYPT_OUTPUT_SIZE(key_type, alg, input_length) \
    ((size_t)(!PSA_STRONGROOM_CIPHER_VALID(key_type, alg) ? 0u : \
     (size_t)(input_length)))
#define PSA_CIPHER_DECRYPT_OUTPUT_MAX_SIZE(input_length) ((size_t)(input_length))
/* psa_cipher_update output: a block mode may release up to the input rounded
 * up to whole blocks (bytes buffered by earlier calls come out with it). */
#define PSA_CIPHER_UPDATE_OUTPUT_SIZE(key_type, alg, input_length) \
    ((size_t)(!PSA_STRONGROOM_CIPHER_VALID(key_type, alg) ? 0u : \
     PSA_STRONGROOM_CIPHER_IS_BLOCK_MODE(alg) ? \
        PSA_ROUND_UP_TO_MULTIPLE(PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type), input_length) : \
     (size_t)(input_length)))
#define PSA_CIPHER_UPDATE_OUTPUT_MAX_SIZE(input_length) \
    ((size_t)PSA_ROUND_UP_TO_MULTIPLE(PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE, input_length))
/* psa_cipher_finish output: one block for CBC with PKCS#7 padding (the padded
 * last block); two blocks less one byte for XTS (the held-back end of the
 * data unit); 0 for the other modes. */
#define PSA_CIPHER_FINISH_OUTPUT_SIZE(key_type, alg) \
    ((size_t)(!PSA_STRONGROOM_CIPHER_VALID(key_type, alg) ? 0u : \
     (alg) == PSA_ALG_CBC_PKCS7 ? PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) : \
     (alg) == PSA_ALG_XTS ? 2u * PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) - 1u : 0u))
/* XTS: 31. */
#define PSA_CIPHER_FINISH_OUTPUT_MAX_SIZE (2u * PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE - 1u)

/* ------------------------------------------------------------------------ */
/* AEAD                                                                     */
/* ------------------------------------------------------------------------ */

/* Whether two AEAD algorithms are the same mode (tag length ignored). */
#define PSA_STRONGROOM_AEAD_EQUAL(a, b) \
    ((((a) ^ (b)) & ~0x003f8000u) == 0u)

/* Default nonce size; 0 for an invalid key type / algorithm pair. */
#define PSA_AEAD_NONCE_LENGTH(key_type, alg) \
    ((size_t)(!PSA_ALG_IS_AEAD(alg) ? 0u : \
     PSA_BLOCK_CIPHER_BLOCK_LENGTH(key_type) == 16u ? \
        (PSA_STRONGROOM_AEAD_EQUAL(alg, PSA_ALG_CCM) ? 13u : \
         PSA_STRONGROOM_AEAD_EQUAL(alg, PSA_ALG_GCM) ? 12u : 0u) : \
     ((key_type) == PSA_KEY_TYPE_CHACHA20 && \
      PSA_STRONGROOM_AEAD_EQUAL(alg, PSA_ALG_CHACHA20_POLY1305)) ? 12u : \
     ((key_type) == PSA_KEY_TYPE_XCHACHA20 && \
      PSA_STRONGROOM_AEAD_EQUAL(alg, PSA_ALG_XCHACHA20_POLY1305)) ? 24u : \
     0u))
/* 24: the XChaCha20-Poly1305 nonce. */
#define PSA_AEAD_NONCE_MAX_SIZE         24u

/* Tag size: the algorithm's tag-length field (the minimum for a wildcard).
 * No supported AEAD depends on key_bits. */
#define PSA_AEAD_TAG_LENGTH(key_type, key_bits, alg) \
    ((size_t)(PSA_AEAD_NONCE_LENGTH(key_type, alg) != 0u ? \
     PSA_ALG_AEAD_GET_TAG_LENGTH(alg) : 0u))
#define PSA_AEAD_TAG_MAX_SIZE           16u

#define PSA_AEAD_ENCRYPT_OUTPUT_SIZE(key_type, alg, plaintext_length) \
    ((size_t)(PSA_AEAD_NONCE_LENGTH(key_type, alg) != 0u ? \
     (size_t)(plaintext_length) + PSA_ALG_AEAD_GET_TAG_LENGTH(alg) : 0u))
#define PSA_AEAD_ENCRYPT_OUTPUT_MAX_SIZE(plaintext_length) \
    ((size_t)(plaintext_length) + PSA_AEAD_TAG_MAX_SIZE)
#define PSA_AEAD_DECRYPT_OUTPUT_SIZE(key_type, alg, ciphertext_length) \
    ((size_t)((PSA_AEAD_NONCE_LENGTH(key_type, alg) != 0u && \
               (size_t)(ciphertext_length) >= PSA_ALG_AEAD_GET_TAG_LENGTH(alg)) ? \
     (size_t)(ciphertext_length) - PSA_ALG_AEAD_GET_TAG_LENGTH(alg) : 0u))
#define PSA_AEAD_DECRYPT_OUTPUT_MAX_SIZE(ciphertext_length) \
    ((size_t)(ciphertext_length))
/* Strongroom's multi-part AEAD operations stream: psa_aead_update writes
 * exactly input_length bytes, and psa_aead_finish / psa_aead_verify write no
 * ciphertext / plaintext (Mbed TLS asks for whole blocks for CCM and GCM). */
#define PSA_AEAD_UPDATE_OUTPUT_SIZE(key_type, alg, input_length) \
    ((size_t)(PSA_AEAD_NONCE_LENGTH(key_type, alg) == 0u ? 0u : (size_t)(input_length)))
#define PSA_AEAD_UPDATE_OUTPUT_MAX_SIZE(input_length) ((size_t)(input_length))
#define PSA_AEAD_FINISH_OUTPUT_SIZE(key_type, alg) \
    ((size_t)0u)
#define PSA_AEAD_VERIFY_OUTPUT_SIZE(key_type, alg) \
    PSA_AEAD_FINISH_OUTPUT_SIZE(key_type, alg)
/* The implementation needs 0; the maxima stay one block so that arrays sized
 * by them are valid C (a zero-length array is not) and code written for
 * block-buffering implementations keeps working. */
#define PSA_AEAD_FINISH_OUTPUT_MAX_SIZE PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE
#define PSA_AEAD_VERIFY_OUTPUT_MAX_SIZE PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE

/* ------------------------------------------------------------------------ */
/* Key export                                                               */
/* ------------------------------------------------------------------------ */

/* DER INTEGER of at most `bits` bits: tag, up to 3 length bytes, a leading
 * zero byte (bounded generously, as Mbed TLS does). */
#define PSA_KEY_EXPORT_ASN1_INTEGER_MAX_SIZE(bits) ((size_t)(bits) / 8u + 5u)
/* DER RSAPublicKey: SEQUENCE header (4) + modulus INTEGER + publicExponent
 * INTEGER (at most 7 for an exponent below 2^32). RSA-2048: 272. */
#define PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE(key_bits) \
    (PSA_KEY_EXPORT_ASN1_INTEGER_MAX_SIZE(key_bits) + 11u)
/* DER RSAPrivateKey: 9 INTEGERs of at most key_bits/2 + 1 bits each (a
 * generous bound for n and d, which are key_bits long) + headers. */
#define PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(key_bits) \
    (9u * PSA_KEY_EXPORT_ASN1_INTEGER_MAX_SIZE((size_t)(key_bits) / 2u + 1u) + 14u)
/* Uncompressed point 04 || X || Y (Weierstrass); a bound for the others. */
#define PSA_KEY_EXPORT_ECC_PUBLIC_KEY_MAX_SIZE(key_bits) \
    (2u * PSA_BITS_TO_BYTES(key_bits) + 1u)
#define PSA_KEY_EXPORT_ECC_KEY_PAIR_MAX_SIZE(key_bits) PSA_BITS_TO_BYTES(key_bits)
#define PSA_KEY_EXPORT_FFDH_MAX_SIZE(key_bits) PSA_BITS_TO_BYTES(key_bits)

/* Edwards448 elements are 57 bytes (RFC 8032), one more than ceil(448 / 8). */
#define PSA_STRONGROOM_IS_ED448(key_type, key_bits) \
    (PSA_KEY_TYPE_IS_ECC(key_type) && \
     PSA_KEY_TYPE_ECC_GET_FAMILY(key_type) == PSA_ECC_FAMILY_TWISTED_EDWARDS && \
     (size_t)(key_bits) == 448u)

#define PSA_EXPORT_KEY_OUTPUT_SIZE(key_type, key_bits) \
    ((size_t)( \
     (PSA_KEY_TYPE_IS_ECC_KEY_PAIR(key_type) && PSA_STRONGROOM_IS_ED448(key_type, key_bits)) ? \
        57u : \
     (PSA_KEY_TYPE_IS_UNSTRUCTURED(key_type) || PSA_KEY_TYPE_IS_ECC_KEY_PAIR(key_type) || \
      PSA_KEY_TYPE_IS_DH(key_type)) ? PSA_BITS_TO_BYTES(key_bits) : \
     PSA_KEY_TYPE_IS_ECC_PUBLIC_KEY(key_type) ? \
        PSA_KEY_EXPORT_ECC_PUBLIC_KEY_MAX_SIZE(key_bits) : \
     (key_type) == PSA_KEY_TYPE_RSA_KEY_PAIR ? \
        PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(key_bits) : \
     (key_type) == PSA_KEY_TYPE_RSA_PUBLIC_KEY ? \
        PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE(key_bits) : \
     0u))
#define PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE(key_type, key_bits) \
    ((size_t)( \
     PSA_KEY_TYPE_IS_RSA(key_type) ? PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE(key_bits) : \
     PSA_KEY_TYPE_IS_ECC(key_type) ? PSA_KEY_EXPORT_ECC_PUBLIC_KEY_MAX_SIZE(key_bits) : \
     PSA_KEY_TYPE_IS_DH(key_type) ? PSA_KEY_EXPORT_FFDH_MAX_SIZE(key_bits) : \
     0u))

/* RSA-4096 key pair: 2363. */
#define PSA_EXPORT_KEY_PAIR_MAX_SIZE \
    ((size_t)PSA_SIZE_MAX_OF( \
        PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(PSA_VENDOR_RSA_MAX_KEY_BITS), \
        PSA_SIZE_MAX_OF( \
            PSA_KEY_EXPORT_ECC_KEY_PAIR_MAX_SIZE(PSA_VENDOR_ECC_MAX_CURVE_BITS), \
            PSA_KEY_EXPORT_FFDH_MAX_SIZE(PSA_VENDOR_FFDH_MAX_KEY_BITS))))
/* FFDH-8192 public key: 1024 (RSA-4096: 528, P-521: 133). */
#define PSA_EXPORT_PUBLIC_KEY_MAX_SIZE \
    ((size_t)PSA_SIZE_MAX_OF( \
        PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE(PSA_VENDOR_RSA_MAX_KEY_BITS), \
        PSA_SIZE_MAX_OF( \
            PSA_KEY_EXPORT_ECC_PUBLIC_KEY_MAX_SIZE(PSA_VENDOR_ECC_MAX_CURVE_BITS), \
            PSA_KEY_EXPORT_FFDH_MAX_SIZE(PSA_VENDOR_FFDH_MAX_KEY_BITS))))

/* ------------------------------------------------------------------------ */
/* Asymmetric signature, encryption, key agreement                          */
/* ------------------------------------------------------------------------ */

/* ECDSA: r || s; EdDSA: R || S (Ed448: 114 bytes). */
#define PSA_ECDSA_SIGNATURE_SIZE(curve_bits) (2u * PSA_BITS_TO_BYTES(curve_bits))

#define PSA_SIGN_OUTPUT_SIZE(key_type, key_bits, alg) \
    ((size_t)(!PSA_ALG_IS_SIGN(alg) ? 0u : \
     PSA_KEY_TYPE_IS_RSA(key_type) ? PSA_BITS_TO_BYTES(key_bits) : \
     PSA_STRONGROOM_IS_ED448(key_type, key_bits) ? 114u : \
     PSA_KEY_TYPE_IS_ECC(key_type) ? PSA_ECDSA_SIGNATURE_SIZE(key_bits) : \
     0u))
/* RSA-4096: 512 (P-521: 132). */
#define PSA_SIGNATURE_MAX_SIZE \
    ((size_t)PSA_SIZE_MAX_OF(PSA_BITS_TO_BYTES(PSA_VENDOR_RSA_MAX_KEY_BITS), \
                             PSA_ECDSA_SIGNATURE_SIZE(PSA_VENDOR_ECC_MAX_CURVE_BITS)))

#define PSA_ASYMMETRIC_ENCRYPT_OUTPUT_SIZE(key_type, key_bits, alg) \
    ((size_t)((PSA_ALG_IS_ASYMMETRIC_ENCRYPTION(alg) && PSA_KEY_TYPE_IS_RSA(key_type)) ? \
     PSA_BITS_TO_BYTES(key_bits) : 0u))
#define PSA_ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE \
    ((size_t)PSA_BITS_TO_BYTES(PSA_VENDOR_RSA_MAX_KEY_BITS))
#define PSA_ASYMMETRIC_DECRYPT_OUTPUT_SIZE(key_type, key_bits, alg) \
    ((size_t)((PSA_ALG_IS_ASYMMETRIC_ENCRYPTION(alg) && PSA_KEY_TYPE_IS_RSA(key_type)) ? \
     PSA_BITS_TO_BYTES(key_bits) : 0u))
#define PSA_ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE \
    ((size_t)PSA_BITS_TO_BYTES(PSA_VENDOR_RSA_MAX_KEY_BITS))

/* The shared secret: the x-coordinate (ECDH) or the group element (FFDH). */
#define PSA_RAW_KEY_AGREEMENT_OUTPUT_SIZE(key_type, key_bits) \
    ((size_t)((PSA_KEY_TYPE_IS_ECC(key_type) || PSA_KEY_TYPE_IS_DH(key_type)) ? \
     PSA_BITS_TO_BYTES(key_bits) : 0u))
/* FFDH-8192: 1024 (P-521: 66). */
#define PSA_RAW_KEY_AGREEMENT_OUTPUT_MAX_SIZE \
    ((size_t)PSA_SIZE_MAX_OF(PSA_BITS_TO_BYTES(PSA_VENDOR_ECC_MAX_CURVE_BITS), \
                             PSA_BITS_TO_BYTES(PSA_VENDOR_FFDH_MAX_KEY_BITS)))

/* ------------------------------------------------------------------------ */
/* Key derivation                                                           */
/* ------------------------------------------------------------------------ */

/* Passed to psa_key_derivation_set_capacity: no limit beyond the algorithm's. */
#define PSA_KEY_DERIVATION_UNLIMITED_CAPACITY ((size_t)-1)
/* Largest PSK accepted by TLS-1.2 PSK-to-MS. */
#define PSA_TLS12_PSK_TO_MS_PSK_MAX_SIZE 128u
/* TLS-1.2 ECJPAKE-to-PMS output (fixed by the specification). */
#define PSA_TLS12_ECJPAKE_TO_PMS_OUTPUT_SIZE 32u

/* ------------------------------------------------------------------------ */
/* PAKE                                                                     */
/* ------------------------------------------------------------------------ */

/* For an ECC primitive: a point for KEY_SHARE and ZK_PUBLIC, a scalar for
 * ZK_PROOF, a MAC for CONFIRM. 0 for other primitives and steps. */
#define PSA_PAKE_OUTPUT_SIZE(alg, primitive, output_step) \
    ((size_t)((!PSA_ALG_IS_PAKE(alg) || \
               PSA_PAKE_PRIMITIVE_GET_TYPE(primitive) != PSA_PAKE_PRIMITIVE_TYPE_ECC) ? 0u : \
     ((output_step) == PSA_PAKE_STEP_KEY_SHARE || (output_step) == PSA_PAKE_STEP_ZK_PUBLIC) ? \
        PSA_KEY_EXPORT_ECC_PUBLIC_KEY_MAX_SIZE(PSA_PAKE_PRIMITIVE_GET_BITS(primitive)) : \
     (output_step) == PSA_PAKE_STEP_ZK_PROOF ? \
        PSA_BITS_TO_BYTES(PSA_PAKE_PRIMITIVE_GET_BITS(primitive)) : \
     (output_step) == PSA_PAKE_STEP_CONFIRM ? PSA_MAC_MAX_SIZE : \
     0u))
#define PSA_PAKE_INPUT_SIZE(alg, primitive, input_step) \
    PSA_PAKE_OUTPUT_SIZE(alg, primitive, input_step)
/* A P-521 point: 133. */
#define PSA_PAKE_OUTPUT_MAX_SIZE \
    ((size_t)PSA_KEY_EXPORT_ECC_PUBLIC_KEY_MAX_SIZE(PSA_VENDOR_ECC_MAX_CURVE_BITS))
#define PSA_PAKE_INPUT_MAX_SIZE PSA_PAKE_OUTPUT_MAX_SIZE

#endif /* PSA_CRYPTO_SIZES_H */
