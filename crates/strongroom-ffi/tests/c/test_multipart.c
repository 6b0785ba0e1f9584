/*
 * test_multipart.c -- multi-part hash and MAC as a C user writes them,
 * including an operation object moved with memcpy between calls (the object
 * holds a handle, never a pointer to itself) and abort on zeroed objects.
 *
 * Link with libstrongroom. Last line: "N passed, M failed"; exit 1 on failure.
 */
#include <psa/crypto.h>

#include <stdio.h>
#include <string.h>

#include "test_util.h"

static void test_init_and_abort(void)
{
    psa_hash_operation_t h = PSA_HASH_OPERATION_INIT;
    psa_mac_operation_t m = PSA_MAC_OPERATION_INIT;
    psa_cipher_operation_t c = PSA_CIPHER_OPERATION_INIT;
    psa_aead_operation_t a = PSA_AEAD_OPERATION_INIT;
    psa_key_derivation_operation_t k = PSA_KEY_DERIVATION_OPERATION_INIT;
    psa_pake_operation_t p = PSA_PAKE_OPERATION_INIT;
    psa_hash_operation_t h2 = psa_hash_operation_init();
    psa_mac_operation_t m2 = psa_mac_operation_init();
    psa_hash_operation_t hz;
    psa_mac_operation_t mz;
    unsigned char out[PSA_HASH_MAX_SIZE];
    size_t len = 0;

    memset(out, 0, sizeof out);
    memset(&hz, 0, sizeof hz);
    memset(&mz, 0, sizeof mz);

    /* The *_init() functions return the same all-zero inactive value. */
    CHECK(memcmp(&h, &h2, sizeof h) == 0);
    CHECK(memcmp(&m, &m2, sizeof m) == 0);
    CHECK(memcmp(&h, &hz, sizeof h) == 0);

    /* Abort on an inactive (zeroed) object succeeds, twice. */
    CHECK_STATUS(psa_hash_abort(&h), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_abort(&h), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_abort(&hz), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_abort(&m), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_abort(&mz), PSA_SUCCESS);
    CHECK_STATUS(psa_cipher_abort(&c), PSA_SUCCESS);
    CHECK_STATUS(psa_aead_abort(&a), PSA_SUCCESS);
    CHECK_STATUS(psa_key_derivation_abort(&k), PSA_SUCCESS);
    CHECK_STATUS(psa_pake_abort(&p), PSA_SUCCESS);

    /* Steps on an inactive object are BAD_STATE. */
    CHECK_STATUS(psa_hash_update(&hz, out, 1), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_hash_finish(&hz, out, sizeof out, &len), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_hash_abort(&hz), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_update(&mz, out, 1), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_mac_sign_finish(&mz, out, sizeof out, &len), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_mac_abort(&mz), PSA_SUCCESS);
}

static void test_hash_multipart(void)
{
    static const unsigned char abc[3] = { 'a', 'b', 'c' };
    psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;
    psa_hash_operation_t moved;
    psa_hash_operation_t clone = PSA_HASH_OPERATION_INIT;
    unsigned char out[PSA_HASH_MAX_SIZE];
    unsigned char wrong[32];
    size_t len = 0;

    /* "a" | move with memcpy | "" | "bc" */
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_update(&op, abc, 1), PSA_SUCCESS);
    memcpy(&moved, &op, sizeof op);
    memset(&op, 0, sizeof op); /* the old location is now an inactive object */
    CHECK_STATUS(psa_hash_update(&moved, NULL, 0), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_update(&moved, abc + 1, 2), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_finish(&moved, out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(out, TV_SHA256_ABC, 32);
    /* Finished: the object is inactive again. */
    CHECK_STATUS(psa_hash_update(&moved, abc, 1), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_hash_abort(&moved), PSA_SUCCESS);

    /* Setup on an active object: BAD_STATE, then abort recovers it. */
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);

    /* Not a hash algorithm. */
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_HMAC(PSA_ALG_SHA_256)), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);

    /* verify: match and mismatch. */
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_update(&op, abc, 3), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_clone(&op, &clone), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_verify(&op, TV_SHA256_ABC, 32), PSA_SUCCESS);
    memcpy(wrong, TV_SHA256_ABC, 32);
    wrong[5] ^= 0x10;
    CHECK_STATUS(psa_hash_verify(&clone, wrong, 32), PSA_ERROR_INVALID_SIGNATURE);
    CHECK_STATUS(psa_hash_abort(&clone), PSA_SUCCESS);

    /* Short output: BUFFER_TOO_SMALL; the operation then needs an abort. */
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_finish(&op, out, 31, &len), PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);
}

static void test_mac_multipart(void)
{
    const psa_algorithm_t alg = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    psa_mac_operation_t op = PSA_MAC_OPERATION_INIT;
    psa_mac_operation_t moved;
    unsigned char mac[PSA_MAC_MAX_SIZE];
    unsigned char wrong[32];
    size_t len = 0;
    size_t i;
    psa_key_id_t key = test_import(PSA_KEY_TYPE_HMAC,
                                   PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE,
                                   alg, TV_HMAC_KEY, sizeof TV_HMAC_KEY);

    /* Sign "Hi There" one byte at a time, moving the object after every step. */
    CHECK_STATUS(psa_mac_sign_setup(&op, key, alg), PSA_SUCCESS);
    for (i = 0; i < sizeof TV_HMAC_DATA; i++) {
        CHECK_STATUS(psa_mac_update(&op, TV_HMAC_DATA + i, 1), PSA_SUCCESS);
        memcpy(&moved, &op, sizeof op);
        memset(&op, 0xff, sizeof op); /* scribble over the old copy */
        memcpy(&op, &moved, sizeof op);
        memset(&moved, 0, sizeof moved);
    }
    CHECK_STATUS(psa_mac_abort(&moved), PSA_SUCCESS); /* zeroed copy */
    CHECK_STATUS(psa_mac_sign_finish(&op, mac, sizeof mac, &len), PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(mac, TV_HMAC_SHA256, 32);
    CHECK_STATUS(psa_mac_update(&op, TV_HMAC_DATA, 1), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);

    /* Verify, moved between update and finish. */
    CHECK_STATUS(psa_mac_verify_setup(&op, key, alg), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_update(&op, TV_HMAC_DATA, 3), PSA_SUCCESS);
    memcpy(&moved, &op, sizeof op);
    memset(&op, 0, sizeof op);
    CHECK_STATUS(psa_mac_update(&moved, TV_HMAC_DATA + 3, sizeof TV_HMAC_DATA - 3), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_verify_finish(&moved, TV_HMAC_SHA256, 32), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_abort(&moved), PSA_SUCCESS);

    /* Wrong MAC. */
    memcpy(wrong, TV_HMAC_SHA256, 32);
    wrong[31] ^= 1;
    CHECK_STATUS(psa_mac_verify_setup(&op, key, alg), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_update(&op, TV_HMAC_DATA, sizeof TV_HMAC_DATA), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_verify_finish(&op, wrong, 32), PSA_ERROR_INVALID_SIGNATURE);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);

    /* sign_finish on a verify operation, verify_finish on a sign operation. */
    CHECK_STATUS(psa_mac_verify_setup(&op, key, alg), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_sign_finish(&op, mac, sizeof mac, &len), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_sign_setup(&op, key, alg), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_verify_finish(&op, TV_HMAC_SHA256, 32), PSA_ERROR_BAD_STATE);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);

    /* Destroy the key under an active operation: its next step fails with
     * INVALID_HANDLE (DESIGN §3.3), abort still succeeds. */
    CHECK_STATUS(psa_mac_sign_setup(&op, key, alg), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_update(&op, TV_HMAC_DATA, 4), PSA_SUCCESS);
    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_update(&op, TV_HMAC_DATA + 4, 4), PSA_ERROR_INVALID_HANDLE);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_sign_setup(&op, key, alg), PSA_ERROR_INVALID_HANDLE);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);
}

int main(void)
{
    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS);
    test_init_and_abort();
    test_hash_multipart();
    test_mac_multipart();
    return test_finish();
}
