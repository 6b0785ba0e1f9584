/*
 * psa/crypto_struct.h -- layout of the implementation-defined PSA types.
 *
 * Do not include directly: include <psa/crypto.h>.
 *
 * ABI contract with libstrongroom (the Rust side mirrors these layouts with
 * #[repr(C)]; changing one is an ABI break):
 *
 *  - psa_key_attributes_t is transparent. Fields in this order: type
 *    (uint16_t), bits (size_t), lifetime, id, usage, alg (uint32_t each):
 *    32 bytes, alignment 8 on LP64 targets. All zero = a fresh object
 *    (volatile lifetime, no type, no policy). Read and write it through the
 *    psa_set_key_* / psa_get_key_* functions; the fields are public only so
 *    that the object can live on the caller's stack.
 *
 *  - Every multi-part operation object is opaque: 4 x uint64_t (32 bytes,
 *    alignment 8). It holds a handle into a table inside the library, never a
 *    pointer to itself, so it may be copied or moved with memcpy between
 *    calls. All zero = inactive; psa_*_abort() on an inactive object succeeds.
 *    Using one object from two threads at once is detected: the second caller
 *    gets PSA_ERROR_BAD_STATE (never undefined behaviour).
 *
 *  - psa_pake_cipher_suite_t is transparent: algorithm, primitive,
 *    key_confirmation (uint32_t each): 12 bytes, alignment 4. All zero = a
 *    fresh suite (no algorithm, confirmed key).
 */
#ifndef PSA_CRYPTO_STRUCT_H
#define PSA_CRYPTO_STRUCT_H

#include "psa/crypto_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Key attributes                                                           */
/* ------------------------------------------------------------------------ */

struct psa_key_attributes_s {
    psa_key_type_t type;          /* PSA_KEY_TYPE_NONE until set */
    psa_key_bits_t bits;          /* 0 = unspecified (import: from the data) */
    psa_key_lifetime_t lifetime;  /* PSA_KEY_LIFETIME_VOLATILE until set */
    psa_key_id_t id;              /* PSA_KEY_ID_NULL for volatile keys */
    psa_key_usage_t usage;        /* usage flags of the policy */
    psa_algorithm_t alg;          /* permitted algorithm of the policy */
};
typedef struct psa_key_attributes_s psa_key_attributes_t;

/* Every member spelled out: a bare {0} trips g++ -Wextra
 * (-Wmissing-field-initializers). Same value as {0}. */
#define PSA_KEY_ATTRIBUTES_INIT {0, 0, 0, 0, 0, 0}

/* ------------------------------------------------------------------------ */
/* Multi-part operation objects (opaque, fixed size)                        */
/* ------------------------------------------------------------------------ */

/* Number of 64-bit words in every operation object. */
#define PSA_STRONGROOM_OPERATION_WORDS 4

struct psa_hash_operation_s {
    uint64_t opaque[PSA_STRONGROOM_OPERATION_WORDS];
};
typedef struct psa_hash_operation_s psa_hash_operation_t;
#define PSA_HASH_OPERATION_INIT {{0}}

struct psa_mac_operation_s {
    uint64_t opaque[PSA_STRONGROOM_OPERATION_WORDS];
};
typedef struct psa_mac_operation_s psa_mac_operation_t;
#define PSA_MAC_OPERATION_INIT {{0}}

struct psa_cipher_operation_s {
    uint64_t opaque[PSA_STRONGROOM_OPERATION_WORDS];
};
typedef struct psa_cipher_operation_s psa_cipher_operation_t;
#define PSA_CIPHER_OPERATION_INIT {{0}}

struct psa_aead_operation_s {
    uint64_t opaque[PSA_STRONGROOM_OPERATION_WORDS];
};
typedef struct psa_aead_operation_s psa_aead_operation_t;
#define PSA_AEAD_OPERATION_INIT {{0}}

struct psa_key_derivation_operation_s {
    uint64_t opaque[PSA_STRONGROOM_OPERATION_WORDS];
};
typedef struct psa_key_derivation_operation_s psa_key_derivation_operation_t;
#define PSA_KEY_DERIVATION_OPERATION_INIT {{0}}

struct psa_pake_operation_s {
    uint64_t opaque[PSA_STRONGROOM_OPERATION_WORDS];
};
typedef struct psa_pake_operation_s psa_pake_operation_t;
#define PSA_PAKE_OPERATION_INIT {{0}}

/* ------------------------------------------------------------------------ */
/* PAKE cipher suite (transparent)                                          */
/* ------------------------------------------------------------------------ */

struct psa_pake_cipher_suite_s {
    psa_algorithm_t algorithm;       /* a PAKE algorithm (PSA_ALG_IS_PAKE) */
    psa_pake_primitive_t primitive;  /* PSA_PAKE_PRIMITIVE(type, family, bits) */
    uint32_t key_confirmation;       /* PSA_PAKE_CONFIRMED_KEY (0) or UNCONFIRMED */
};
typedef struct psa_pake_cipher_suite_s psa_pake_cipher_suite_t;
#define PSA_PAKE_CIPHER_SUITE_INIT {0, 0, 0}

#ifdef __cplusplus
}
#endif

#endif /* PSA_CRYPTO_STRUCT_H */
