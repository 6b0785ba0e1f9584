/*
 * strongroom.h -- Strongroom extensions to the PSA Crypto API.
 *
 * Include after (or instead of) <psa/crypto.h>; it includes it. Nothing here
 * is part of the PSA specification: portable code should not depend on it.
 */
#ifndef STRONGROOM_H
#define STRONGROOM_H

#include "psa/crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Tear down the process-wide library instance: destroy every volatile key
 * (zeroizing its material), drop every cached copy of a persistent key
 * (persistent keys stay in storage), and release the library's memory. After
 * it returns, the library is back in its uninitialized state: call
 * psa_crypto_init() again before any other psa_* function (except the
 * attribute / cipher-suite / *_init helpers).
 *
 * The one function that is NOT thread-safe: the caller must make sure no
 * other thread is inside, or will enter, any psa_* or strongroom_* call
 * while it runs (typically: call it once, at exit, from the main thread).
 * Operation objects active at that time become invalid; abort them first.
 * Calling it when the library is not initialized does nothing.
 */
void strongroom_crypto_free(void);

/*
 * Reseed every thread's random generator from the operating system before
 * its next output (for example after a VM snapshot is restored). Fork
 * detection is automatic and needs no call. Thread-safe.
 *
 * Returns PSA_SUCCESS; PSA_ERROR_BAD_STATE if the library is not
 * initialized; PSA_ERROR_INSUFFICIENT_ENTROPY if the operating system's
 * entropy source failed.
 */
psa_status_t strongroom_random_reseed(void);

#ifdef __cplusplus
}
#endif

#endif /* STRONGROOM_H */
