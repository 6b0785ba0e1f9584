/*
 * test_persistent.c -- a persistent key survives the process.
 *
 *   STRONGROOM_HOME=DIR test_persistent write   creates HMAC key id 7 in DIR
 *   STRONGROOM_HOME=DIR test_persistent read    checks it (attributes,
 *                                               material, a MAC) and destroys it
 *
 * Run "write" then "read" as two processes on the same fresh directory; a
 * second "read" then finds no key. Link with libstrongroom.
 * Last line: "N passed, M failed"; exit 1 on failure (2 on bad usage).
 */
#include <psa/crypto.h>
#include <strongroom.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#define KEY_ID ((psa_key_id_t)7)
#define KEY_ALG PSA_ALG_HMAC(PSA_ALG_SHA_256)
#define KEY_USAGE (PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE | PSA_KEY_USAGE_EXPORT)

static void do_write(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t id = PSA_KEY_ID_NULL;
    psa_key_id_t again = PSA_KEY_ID_NULL;

    psa_set_key_id(&attr, KEY_ID);
    /* Setting an id makes the (volatile) lifetime persistent. */
    CHECK(psa_get_key_lifetime(&attr) == PSA_KEY_LIFETIME_PERSISTENT);
    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_usage_flags(&attr, KEY_USAGE);
    psa_set_key_algorithm(&attr, KEY_ALG);

    CHECK_STATUS(psa_import_key(&attr, TV_HMAC_KEY, sizeof TV_HMAC_KEY, &id), PSA_SUCCESS);
    CHECK(id == KEY_ID);
    /* The id is taken now. */
    CHECK_STATUS(psa_import_key(&attr, TV_HMAC_KEY, sizeof TV_HMAC_KEY, &again),
                 PSA_ERROR_ALREADY_EXISTS);
    /* Purge drops the cached copy only; the key still works afterwards. */
    CHECK_STATUS(psa_purge_key(KEY_ID), PSA_SUCCESS);
}

static void do_read(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    unsigned char buf[64];
    size_t len = 0;

    CHECK_STATUS(psa_get_key_attributes(KEY_ID, &attr), PSA_SUCCESS);
    CHECK(psa_get_key_id(&attr) == KEY_ID);
    CHECK(psa_get_key_lifetime(&attr) == PSA_KEY_LIFETIME_PERSISTENT);
    CHECK(psa_get_key_type(&attr) == PSA_KEY_TYPE_HMAC);
    CHECK(psa_get_key_bits(&attr) == 8 * sizeof TV_HMAC_KEY);
    CHECK(psa_get_key_usage_flags(&attr) == KEY_USAGE);
    CHECK(psa_get_key_algorithm(&attr) == KEY_ALG);

    CHECK_STATUS(psa_export_key(KEY_ID, buf, sizeof buf, &len), PSA_SUCCESS);
    CHECK(len == sizeof TV_HMAC_KEY);
    CHECK_BYTES(buf, TV_HMAC_KEY, sizeof TV_HMAC_KEY);

    CHECK_STATUS(psa_mac_compute(KEY_ID, KEY_ALG, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                                 buf, sizeof buf, &len),
                 PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(buf, TV_HMAC_SHA256, 32);

    CHECK_STATUS(psa_destroy_key(KEY_ID), PSA_SUCCESS);
    CHECK_STATUS(psa_get_key_attributes(KEY_ID, &attr), PSA_ERROR_INVALID_HANDLE);
    CHECK_STATUS(psa_destroy_key(KEY_ID), PSA_ERROR_INVALID_HANDLE);
}

int main(int argc, char **argv)
{
    const char *home = getenv("STRONGROOM_HOME");
    int write_mode;

    if (argc != 2 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: STRONGROOM_HOME=DIR %s write|read\n", argv[0]);
        return 2;
    }
    write_mode = strcmp(argv[1], "write") == 0;
    /* The test must not touch the user's real key store. */
    CHECK(home != NULL && home[0] != '\0');
    if (home == NULL || home[0] == '\0') {
        return test_finish();
    }

    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS);
    if (write_mode) {
        do_write();
    } else {
        do_read();
    }
    strongroom_crypto_free();
    return test_finish();
}
