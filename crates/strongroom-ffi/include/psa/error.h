/*
 * psa/error.h -- PSA Status Code API, as used by Strongroom.
 *
 * Part of Strongroom's hand-written C99 headers for the PSA Certified Crypto
 * API 1.2. Applications normally include <psa/crypto.h>, which includes this
 * file; including it on its own is also fine.
 *
 * The status values are fixed by the PSA Status Code API and are shared by
 * every PSA component: they must not change.
 */
#ifndef PSA_ERROR_H
#define PSA_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The result of every fallible call. 0 is success, negative values are
 * errors, positive values are never returned by Strongroom. */
#ifndef PSA_STATUS_T_DEFINED
#define PSA_STATUS_T_DEFINED
typedef int32_t psa_status_t;
#endif

/* Success. */
#define PSA_SUCCESS                     ((psa_status_t)0)

/* Firmware-framework codes: defined for completeness, never returned by the
 * crypto API. */
#define PSA_ERROR_PROGRAMMER_ERROR      ((psa_status_t)-129)
#define PSA_ERROR_CONNECTION_REFUSED    ((psa_status_t)-130)
#define PSA_ERROR_CONNECTION_BUSY       ((psa_status_t)-131)

/* General error codes. */
#define PSA_ERROR_GENERIC_ERROR         ((psa_status_t)-132)
#define PSA_ERROR_NOT_PERMITTED         ((psa_status_t)-133)
#define PSA_ERROR_NOT_SUPPORTED         ((psa_status_t)-134)
#define PSA_ERROR_INVALID_ARGUMENT      ((psa_status_t)-135)
#define PSA_ERROR_INVALID_HANDLE        ((psa_status_t)-136)
#define PSA_ERROR_BAD_STATE             ((psa_status_t)-137)
#define PSA_ERROR_BUFFER_TOO_SMALL      ((psa_status_t)-138)
#define PSA_ERROR_ALREADY_EXISTS        ((psa_status_t)-139)
#define PSA_ERROR_DOES_NOT_EXIST        ((psa_status_t)-140)
#define PSA_ERROR_INSUFFICIENT_MEMORY   ((psa_status_t)-141)
#define PSA_ERROR_INSUFFICIENT_STORAGE  ((psa_status_t)-142)
#define PSA_ERROR_INSUFFICIENT_DATA     ((psa_status_t)-143)
#define PSA_ERROR_SERVICE_FAILURE       ((psa_status_t)-144)
#define PSA_ERROR_COMMUNICATION_FAILURE ((psa_status_t)-145)
#define PSA_ERROR_STORAGE_FAILURE       ((psa_status_t)-146)
#define PSA_ERROR_HARDWARE_FAILURE      ((psa_status_t)-147)
/* -148 (PSA_ERROR_INSUFFICIENT_ENTROPY) and -150 (PSA_ERROR_INVALID_PADDING)
 * belong to the Crypto API and are defined in psa/crypto_values.h. */
#define PSA_ERROR_INVALID_SIGNATURE     ((psa_status_t)-149)
#define PSA_ERROR_CORRUPTION_DETECTED   ((psa_status_t)-151)
#define PSA_ERROR_DATA_CORRUPT          ((psa_status_t)-152)
#define PSA_ERROR_DATA_INVALID          ((psa_status_t)-153)

#ifdef __cplusplus
}
#endif

#endif /* PSA_ERROR_H */
