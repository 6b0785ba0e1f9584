/*
 * test_oneshot.c -- one-shot calls as a C user writes them: hash, MAC, AEAD,
 * random, key import / export / destroy, each with its exact status.
 *
 * Link with libstrongroom. Last line: "N passed, M failed"; exit 1 on failure.
 */
#include <psa/crypto.h>

#include <stdio.h>
#include <string.h>

#include "test_util.h"

static void test_hash(void)
{
    static const unsigned char abc[3] = { 'a', 'b', 'c' };
    unsigned char out[PSA_HASH_MAX_SIZE];
    unsigned char wrong[32];
    size_t len = 0;

    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, abc, sizeof abc, out, sizeof out, &len),
                 PSA_SUCCESS);
    CHECK(len == PSA_HASH_LENGTH(PSA_ALG_SHA_256));
    CHECK_BYTES(out, TV_SHA256_ABC, 32);

    CHECK_STATUS(psa_hash_compare(PSA_ALG_SHA_256, abc, sizeof abc, TV_SHA256_ABC, 32),
                 PSA_SUCCESS);
    memcpy(wrong, TV_SHA256_ABC, 32);
    wrong[31] ^= 1;
    CHECK_STATUS(psa_hash_compare(PSA_ALG_SHA_256, abc, sizeof abc, wrong, 32),
                 PSA_ERROR_INVALID_SIGNATURE);
    /* A truncated reference value is a mismatch, never a prefix match. */
    CHECK_STATUS(psa_hash_compare(PSA_ALG_SHA_256, abc, sizeof abc, TV_SHA256_ABC, 31),
                 PSA_ERROR_INVALID_SIGNATURE);

    /* Not a hash algorithm. */
    CHECK_STATUS(psa_hash_compute(PSA_ALG_HMAC(PSA_ALG_SHA_256), abc, sizeof abc,
                                  out, sizeof out, &len),
                 PSA_ERROR_INVALID_ARGUMENT);
    /* Output buffer one byte short. */
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, abc, sizeof abc, out, 31, &len),
                 PSA_ERROR_BUFFER_TOO_SMALL);
}

static void test_mac(void)
{
    const psa_algorithm_t alg = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    unsigned char mac[PSA_MAC_MAX_SIZE];
    unsigned char wrong[32];
    size_t len = 0;
    psa_key_id_t key = test_import(PSA_KEY_TYPE_HMAC,
                                   PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE,
                                   alg, TV_HMAC_KEY, sizeof TV_HMAC_KEY);

    CHECK_STATUS(psa_mac_compute(key, alg, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                                 mac, sizeof mac, &len),
                 PSA_SUCCESS);
    CHECK(len == PSA_MAC_LENGTH(PSA_KEY_TYPE_HMAC, 160, alg));
    CHECK_BYTES(mac, TV_HMAC_SHA256, 32);

    CHECK_STATUS(psa_mac_verify(key, alg, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                                TV_HMAC_SHA256, 32),
                 PSA_SUCCESS);
    memcpy(wrong, TV_HMAC_SHA256, 32);
    wrong[0] ^= 0x80;
    CHECK_STATUS(psa_mac_verify(key, alg, TV_HMAC_DATA, sizeof TV_HMAC_DATA, wrong, 32),
                 PSA_ERROR_INVALID_SIGNATURE);

    /* The key's policy permits HMAC-SHA-256 only. */
    CHECK_STATUS(psa_mac_compute(key, PSA_ALG_HMAC(PSA_ALG_SHA_512), TV_HMAC_DATA,
                                 sizeof TV_HMAC_DATA, mac, sizeof mac, &len),
                 PSA_ERROR_NOT_PERMITTED);
    /* Truncated to 16 bytes: same prefix (not permitted by the exact policy). */
    CHECK_STATUS(psa_mac_compute(key, PSA_ALG_TRUNCATED_MAC(alg, 16), TV_HMAC_DATA,
                                 sizeof TV_HMAC_DATA, mac, sizeof mac, &len),
                 PSA_ERROR_NOT_PERMITTED);

    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_compute(key, alg, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                                 mac, sizeof mac, &len),
                 PSA_ERROR_INVALID_HANDLE);
}

static void test_aead(void)
{
    static const unsigned char key_bytes[16] = { 0 };
    static const unsigned char nonce[12] = { 0 };
    static const unsigned char plaintext[16] = { 0 };
    unsigned char ct[16 + PSA_AEAD_TAG_MAX_SIZE];
    unsigned char pt[16];
    size_t len = 0;
    psa_key_id_t key = test_import(PSA_KEY_TYPE_AES,
                                   PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT,
                                   PSA_ALG_GCM, key_bytes, sizeof key_bytes);

    CHECK_STATUS(psa_aead_encrypt(key, PSA_ALG_GCM, nonce, sizeof nonce, NULL, 0,
                                  plaintext, sizeof plaintext, ct, sizeof ct, &len),
                 PSA_SUCCESS);
    CHECK(len == PSA_AEAD_ENCRYPT_OUTPUT_SIZE(PSA_KEY_TYPE_AES, PSA_ALG_GCM, 16));
    CHECK(len == 32);
    CHECK_BYTES(ct, TV_GCM_CT_TAG, 32);

    CHECK_STATUS(psa_aead_decrypt(key, PSA_ALG_GCM, nonce, sizeof nonce, NULL, 0,
                                  TV_GCM_CT_TAG, 32, pt, sizeof pt, &len),
                 PSA_SUCCESS);
    CHECK(len == 16);
    CHECK_BYTES(pt, plaintext, 16);

    /* Empty plaintext: the output is the tag alone. */
    CHECK_STATUS(psa_aead_encrypt(key, PSA_ALG_GCM, nonce, sizeof nonce, NULL, 0,
                                  NULL, 0, ct, sizeof ct, &len),
                 PSA_SUCCESS);
    CHECK(len == 16);
    CHECK_BYTES(ct, TV_GCM_EMPTY_TAG, 16);

    /* A flipped tag bit: authentication fails. */
    memcpy(ct, TV_GCM_CT_TAG, 32);
    ct[31] ^= 1;
    CHECK_STATUS(psa_aead_decrypt(key, PSA_ALG_GCM, nonce, sizeof nonce, NULL, 0,
                                  ct, 32, pt, sizeof pt, &len),
                 PSA_ERROR_INVALID_SIGNATURE);
    /* A flipped ciphertext bit: authentication fails too. */
    memcpy(ct, TV_GCM_CT_TAG, 32);
    ct[0] ^= 1;
    CHECK_STATUS(psa_aead_decrypt(key, PSA_ALG_GCM, nonce, sizeof nonce, NULL, 0,
                                  ct, 32, pt, sizeof pt, &len),
                 PSA_ERROR_INVALID_SIGNATURE);
    /* Shorter than a tag. */
    CHECK_STATUS(psa_aead_decrypt(key, PSA_ALG_GCM, nonce, sizeof nonce, NULL, 0,
                                  TV_GCM_CT_TAG, 15, pt, sizeof pt, &len),
                 PSA_ERROR_INVALID_ARGUMENT);

    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
}

static void test_random(void)
{
    unsigned char a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CHECK_STATUS(psa_generate_random(a, sizeof a), PSA_SUCCESS);
    CHECK_STATUS(psa_generate_random(b, sizeof b), PSA_SUCCESS);
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK(!test_all_bytes_are(a, sizeof a, 0));
    CHECK_STATUS(psa_generate_random(NULL, 0), PSA_SUCCESS);
}

static void test_key_lifecycle(void)
{
    static const unsigned char material[16] = {
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
    };
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_attributes_t got = psa_key_attributes_init();
    unsigned char out[32];
    size_t len = 0;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_key_id_t no_export = PSA_KEY_ID_NULL;

    psa_set_key_type(&attr, PSA_KEY_TYPE_AES);
    psa_set_key_bits(&attr, 128);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_ENCRYPT);
    psa_set_key_algorithm(&attr, PSA_ALG_GCM);
    CHECK(psa_get_key_type(&attr) == PSA_KEY_TYPE_AES);
    CHECK(psa_get_key_bits(&attr) == 128);
    CHECK(psa_get_key_lifetime(&attr) == PSA_KEY_LIFETIME_VOLATILE);
    CHECK(psa_get_key_id(&attr) == PSA_KEY_ID_NULL);

    CHECK_STATUS(psa_import_key(&attr, material, sizeof material, &key), PSA_SUCCESS);
    CHECK(key >= PSA_KEY_ID_VENDOR_MIN && key <= PSA_KEY_ID_VENDOR_MAX);

    CHECK_STATUS(psa_get_key_attributes(key, &got), PSA_SUCCESS);
    CHECK(psa_get_key_type(&got) == PSA_KEY_TYPE_AES);
    CHECK(psa_get_key_bits(&got) == 128);
    CHECK(psa_get_key_lifetime(&got) == PSA_KEY_LIFETIME_VOLATILE);
    CHECK(psa_get_key_id(&got) == key);
    CHECK(psa_get_key_usage_flags(&got) == (PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_ENCRYPT));
    CHECK(psa_get_key_algorithm(&got) == PSA_ALG_GCM);
    psa_reset_key_attributes(&got);
    CHECK(psa_get_key_type(&got) == PSA_KEY_TYPE_NONE);

    CHECK_STATUS(psa_export_key(key, out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == sizeof material);
    CHECK_BYTES(out, material, sizeof material);
    CHECK_STATUS(psa_export_key(key, out, 15, &len), PSA_ERROR_BUFFER_TOO_SMALL);

    /* Without PSA_KEY_USAGE_EXPORT. */
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT);
    CHECK_STATUS(psa_import_key(&attr, material, sizeof material, &no_export), PSA_SUCCESS);
    CHECK(no_export != key);
    CHECK_STATUS(psa_export_key(no_export, out, sizeof out, &len), PSA_ERROR_NOT_PERMITTED);
    CHECK_STATUS(psa_destroy_key(no_export), PSA_SUCCESS);

    /* Declared size does not match the data. */
    psa_set_key_bits(&attr, 256);
    CHECK_STATUS(psa_import_key(&attr, material, sizeof material, &no_export),
                 PSA_ERROR_INVALID_ARGUMENT);
    /* An invalid AES key length. */
    psa_set_key_bits(&attr, 0);
    CHECK_STATUS(psa_import_key(&attr, material, 15, &no_export), PSA_ERROR_INVALID_ARGUMENT);

    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
    CHECK_STATUS(psa_export_key(key, out, sizeof out, &len), PSA_ERROR_INVALID_HANDLE);
    CHECK_STATUS(psa_get_key_attributes(key, &got), PSA_ERROR_INVALID_HANDLE);
    CHECK_STATUS(psa_destroy_key(key), PSA_ERROR_INVALID_HANDLE);
    /* Destroying the null id does nothing and succeeds. */
    CHECK_STATUS(psa_destroy_key(PSA_KEY_ID_NULL), PSA_SUCCESS);
}

int main(void)
{
    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS);
    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS); /* idempotent */
    test_hash();
    test_mac();
    test_aead();
    test_random();
    test_key_lifecycle();
    return test_finish();
}
