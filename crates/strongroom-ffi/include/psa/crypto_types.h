/*
 * psa/crypto_types.h -- integral types of the PSA Crypto API 1.2.
 *
 * Do not include directly: include <psa/crypto.h>.
 *
 * Every type here has the width the specification fixes; the values that
 * populate them are in psa/crypto_values.h.
 */
#ifndef PSA_CRYPTO_TYPES_H
#define PSA_CRYPTO_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Key identifier: 0 is null, 1..0x3fffffff the application's range,
 * 0x40000000..0x7fffffff Strongroom's (volatile keys). */
typedef uint32_t psa_key_id_t;

/* Key type (16 bits; see PSA_KEY_TYPE_*). */
typedef uint16_t psa_key_type_t;

/* Elliptic-curve family (see PSA_ECC_FAMILY_*). */
typedef uint8_t psa_ecc_family_t;

/* Finite-field Diffie-Hellman group family (see PSA_DH_FAMILY_*). */
typedef uint8_t psa_dh_family_t;

/* Algorithm identifier (32 bits; see PSA_ALG_*). */
typedef uint32_t psa_algorithm_t;

/* Key size in bits. The API passes sizes as size_t; this is the type of the
 * `bits` field of psa_key_attributes_t. */
typedef size_t psa_key_bits_t;

/* Key lifetime: persistence level in bits 0-7, location in bits 8-31. */
typedef uint32_t psa_key_lifetime_t;

/* Persistence level (bits 0-7 of a lifetime). */
typedef uint8_t psa_key_persistence_t;

/* Location indicator (bits 8-31 of a lifetime; 24 bits used). */
typedef uint32_t psa_key_location_t;

/* Usage flags of a key policy (see PSA_KEY_USAGE_*). */
typedef uint32_t psa_key_usage_t;

/* Input step of a key derivation (see PSA_KEY_DERIVATION_INPUT_*). */
typedef uint16_t psa_key_derivation_step_t;

/* PAKE (password-authenticated key exchange) types. */
typedef uint32_t psa_pake_primitive_t;      /* type << 24 | family << 16 | bits */
typedef uint8_t psa_pake_primitive_type_t;  /* see PSA_PAKE_PRIMITIVE_TYPE_* */
typedef uint8_t psa_pake_family_t;          /* an ECC or DH family */
typedef uint8_t psa_pake_role_t;            /* see PSA_PAKE_ROLE_* */
typedef uint8_t psa_pake_step_t;            /* see PSA_PAKE_STEP_* */

#ifdef __cplusplus
}
#endif

#endif /* PSA_CRYPTO_TYPES_H */
