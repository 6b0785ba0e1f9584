/*
 * test_pointers.c -- the buffer rules of DESIGN.md §8 at the C boundary:
 *
 *  - NULL with length 0 is a valid (empty) buffer;
 *  - NULL with a non-zero length is PSA_ERROR_INVALID_ARGUMENT;
 *  - output buffers may overlap input buffers (in place and shifted) for
 *    cipher and AEAD, with the same result as separate buffers;
 *  - a short output buffer is PSA_ERROR_BUFFER_TOO_SMALL and nothing is
 *    written past its declared size (a guard pattern stays intact);
 *  - with a larger buffer, nothing is written past the bytes produced.
 *
 * Link with libstrongroom. Last line: "N passed, M failed"; exit 1 on failure.
 * Unauthenticated cipher checks are skipped (with a note) while the library
 * reports AES-CTR as PSA_ERROR_NOT_SUPPORTED.
 */
#include <psa/crypto.h>

#include <stdio.h>
#include <string.h>

#include "test_util.h"

#define GUARD 0xa5
#define BUF 256

static const unsigned char ZERO16[16] = { 0 };
static const unsigned char NONCE12[12] = { 0 };

static void test_null_pointers(psa_key_id_t mac_key, psa_key_id_t aead_key)
{
    const psa_algorithm_t hmac = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;
    unsigned char out[BUF];
    size_t len = 0;
    psa_key_id_t id = PSA_KEY_ID_NULL;

    /* NULL, length 0: valid. */
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, NULL, 0, out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(out, TV_SHA256_EMPTY, 32);
    CHECK_STATUS(psa_hash_compare(PSA_ALG_SHA_256, NULL, 0, TV_SHA256_EMPTY, 32), PSA_SUCCESS);
    CHECK_STATUS(psa_generate_random(NULL, 0), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_compute(mac_key, hmac, NULL, 0, out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0, NULL, 0,
                                  out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 16);
    CHECK_BYTES(out, TV_GCM_EMPTY_TAG, 16);
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_update(&op, NULL, 0), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_finish(&op, out, sizeof out, &len), PSA_SUCCESS);
    CHECK_BYTES(out, TV_SHA256_EMPTY, 32);

    /* NULL, length > 0: INVALID_ARGUMENT, never a crash. */
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, NULL, 5, out, sizeof out, &len),
                 PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, TV_HMAC_DATA, 8, NULL, 32, &len),
                 PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_hash_compare(PSA_ALG_SHA_256, TV_HMAC_DATA, 8, NULL, 32),
                 PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_generate_random(NULL, 16), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_mac_compute(mac_key, hmac, NULL, 8, out, sizeof out, &len),
                 PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_mac_compute(mac_key, hmac, TV_HMAC_DATA, 8, NULL, 32, &len),
                 PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_mac_verify(mac_key, hmac, TV_HMAC_DATA, 8, NULL, 32),
                 PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NULL, 12, NULL, 0, ZERO16, 16,
                                  out, sizeof out, &len), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 4, ZERO16, 16,
                                  out, sizeof out, &len), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0, NULL, 16,
                                  out, sizeof out, &len), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0, ZERO16, 16,
                                  NULL, 32, &len), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0, NULL, 32,
                                  out, sizeof out, &len), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_update(&op, NULL, 3), PSA_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);

    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_MESSAGE);
    psa_set_key_algorithm(&attr, hmac);
    CHECK_STATUS(psa_import_key(&attr, NULL, 16, &id), PSA_ERROR_INVALID_ARGUMENT);
    CHECK(id == PSA_KEY_ID_NULL);
    CHECK_STATUS(psa_export_key(mac_key, NULL, 32, &len), PSA_ERROR_INVALID_ARGUMENT);
}

/* Short buffers: BUFFER_TOO_SMALL, and the guard after the declared size
 * stays intact. Larger buffers: nothing written past the bytes produced. */
static void test_output_bounds(psa_key_id_t mac_key, psa_key_id_t aead_key)
{
    const psa_algorithm_t hmac = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    unsigned char out[BUF];
    size_t len;

    /* Hash: 31 of 32 bytes. */
    memset(out, GUARD, sizeof out);
    len = 0;
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, TV_HMAC_DATA, 8, out, 31, &len),
                 PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK(test_all_bytes_are(out + 31, sizeof out - 31, GUARD));
    /* Hash: a 256-byte buffer gets exactly 32 bytes. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, TV_HMAC_DATA, 0, out, sizeof out, &len),
                 PSA_SUCCESS);
    CHECK(len == 32);
    CHECK(test_all_bytes_are(out + 32, sizeof out - 32, GUARD));

    /* MAC. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_mac_compute(mac_key, hmac, TV_HMAC_DATA, 8, out, 31, &len),
                 PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK(test_all_bytes_are(out + 31, sizeof out - 31, GUARD));
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_mac_compute(mac_key, hmac, TV_HMAC_DATA, 8, out, sizeof out, &len),
                 PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(out, TV_HMAC_SHA256, 32);
    CHECK(test_all_bytes_are(out + 32, sizeof out - 32, GUARD));

    /* AEAD encrypt: 16 bytes in, 32 out; 31 is short. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0, ZERO16, 16,
                                  out, 31, &len), PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK(test_all_bytes_are(out + 31, sizeof out - 31, GUARD));
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0, ZERO16, 16,
                                  out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(out, TV_GCM_CT_TAG, 32);
    CHECK(test_all_bytes_are(out + 32, sizeof out - 32, GUARD));

    /* AEAD decrypt: 32 bytes in, 16 out; 15 is short. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0,
                                  TV_GCM_CT_TAG, 32, out, 15, &len),
                 PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK(test_all_bytes_are(out + 15, sizeof out - 15, GUARD));
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0,
                                  TV_GCM_CT_TAG, 32, out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 16);
    CHECK_BYTES(out, ZERO16, 16);
    CHECK(test_all_bytes_are(out + 16, sizeof out - 16, GUARD));
    /* A failed authentication releases no plaintext. */
    {
        unsigned char bad[32];
        memcpy(bad, TV_GCM_CT_TAG, 32);
        bad[20] ^= 4;
        memset(out, GUARD, sizeof out);
        CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, NULL, 0,
                                      bad, 32, out, sizeof out, &len),
                     PSA_ERROR_INVALID_SIGNATURE);
        CHECK(test_all_bytes_are(out + 16, sizeof out - 16, GUARD));
    }

    /* Export: a 20-byte key into 19 bytes, then into 256. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_export_key(mac_key, out, 19, &len), PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK(test_all_bytes_are(out + 19, sizeof out - 19, GUARD));
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_export_key(mac_key, out, sizeof out, &len), PSA_SUCCESS);
    CHECK(len == 20);
    CHECK_BYTES(out, TV_HMAC_KEY, 20);
    CHECK(test_all_bytes_are(out + 20, sizeof out - 20, GUARD));

    /* Random: exactly the requested bytes. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_generate_random(out, 7), PSA_SUCCESS);
    CHECK(test_all_bytes_are(out + 7, sizeof out - 7, GUARD));
}

/* AEAD with overlapping input and output: exactly in place, and with the
 * output shifted before / after the input. */
static void test_aead_overlap(psa_key_id_t aead_key)
{
    unsigned char msg[64], ref_ct[64 + 16], ref_pt[64];
    unsigned char buf[BUF];
    size_t ref_len = 0, len = 0, i;
    static const unsigned char ad[5] = { 1, 2, 3, 4, 5 };
    const size_t shifts[3] = { 0, 8, 40 };

    for (i = 0; i < sizeof msg; i++) {
        msg[i] = (unsigned char)(i * 7 + 1);
    }
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, ad, sizeof ad,
                                  msg, sizeof msg, ref_ct, sizeof ref_ct, &ref_len),
                 PSA_SUCCESS);
    CHECK(ref_len == sizeof ref_ct);
    CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, ad, sizeof ad,
                                  ref_ct, ref_len, ref_pt, sizeof ref_pt, &len),
                 PSA_SUCCESS);
    CHECK_BYTES(ref_pt, msg, sizeof msg);

    for (i = 0; i < 3; i++) {
        const size_t s = shifts[i];
        /* Encrypt: input at buf+64, output at buf+64-s (overlapping). */
        memset(buf, GUARD, sizeof buf);
        memcpy(buf + 64, msg, sizeof msg);
        CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, ad, sizeof ad,
                                      buf + 64, sizeof msg, buf + 64 - s, sizeof buf - 64 + s,
                                      &len), PSA_SUCCESS);
        CHECK(len == ref_len);
        CHECK_BYTES(buf + 64 - s, ref_ct, ref_len);
        /* Encrypt: output after the input (buf+64+s). */
        memset(buf, GUARD, sizeof buf);
        memcpy(buf + 64, msg, sizeof msg);
        CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, ad, sizeof ad,
                                      buf + 64, sizeof msg, buf + 64 + s, sizeof buf - 64 - s,
                                      &len), PSA_SUCCESS);
        CHECK(len == ref_len);
        CHECK_BYTES(buf + 64 + s, ref_ct, ref_len);
        /* Decrypt in place / shifted. */
        memset(buf, GUARD, sizeof buf);
        memcpy(buf + 64, ref_ct, ref_len);
        CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, ad, sizeof ad,
                                      buf + 64, ref_len, buf + 64 - s, sizeof buf - 64 + s,
                                      &len), PSA_SUCCESS);
        CHECK(len == sizeof msg);
        CHECK_BYTES(buf + 64 - s, msg, sizeof msg);
        memset(buf, GUARD, sizeof buf);
        memcpy(buf + 64, ref_ct, ref_len);
        CHECK_STATUS(psa_aead_decrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, ad, sizeof ad,
                                      buf + 64, ref_len, buf + 64 + s, sizeof buf - 64 - s,
                                      &len), PSA_SUCCESS);
        CHECK(len == sizeof msg);
        CHECK_BYTES(buf + 64 + s, msg, sizeof msg);
    }

    /* The additional data may overlap the output too. */
    memset(buf, GUARD, sizeof buf);
    memcpy(buf, ad, sizeof ad);
    memcpy(buf + 64, msg, sizeof msg);
    CHECK_STATUS(psa_aead_encrypt(aead_key, PSA_ALG_GCM, NONCE12, 12, buf, sizeof ad,
                                  buf + 64, sizeof msg, buf, sizeof buf, &len), PSA_SUCCESS);
    CHECK(len == ref_len);
    CHECK_BYTES(buf, ref_ct, ref_len);
}

/* Cipher (AES-CTR) with overlapping buffers: encrypt writes IV || ct. */
static void test_cipher_overlap(void)
{
    static const unsigned char key_bytes[16] = {
        0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
        0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c
    };
    unsigned char msg[40], ref[16 + 40], buf[BUF], out[BUF];
    size_t ref_len = 0, len = 0, i;
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t st;

    psa_set_key_type(&attr, PSA_KEY_TYPE_AES);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attr, PSA_ALG_CTR);
    st = psa_import_key(&attr, key_bytes, sizeof key_bytes, &key);
    if (st == PSA_ERROR_NOT_SUPPORTED) {
        fprintf(stderr, "note: AES-CTR not supported yet, cipher overlap checks skipped\n");
        return;
    }
    CHECK_STATUS(st, PSA_SUCCESS);
    for (i = 0; i < sizeof msg; i++) {
        msg[i] = (unsigned char)(0x30 + i);
    }
    st = psa_cipher_encrypt(key, PSA_ALG_CTR, msg, sizeof msg, ref, sizeof ref, &ref_len);
    if (st == PSA_ERROR_NOT_SUPPORTED) {
        fprintf(stderr, "note: AES-CTR not supported yet, cipher overlap checks skipped\n");
        CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
        return;
    }
    CHECK_STATUS(st, PSA_SUCCESS);
    CHECK(ref_len == PSA_CIPHER_ENCRYPT_OUTPUT_SIZE(PSA_KEY_TYPE_AES, PSA_ALG_CTR, sizeof msg));

    /* Decrypt out of place: round trip. */
    CHECK_STATUS(psa_cipher_decrypt(key, PSA_ALG_CTR, ref, ref_len, out, sizeof out, &len),
                 PSA_SUCCESS);
    CHECK(len == sizeof msg);
    CHECK_BYTES(out, msg, sizeof msg);

    /* Decrypt in place: IV || ct at buf, plaintext to buf. */
    memset(buf, GUARD, sizeof buf);
    memcpy(buf, ref, ref_len);
    CHECK_STATUS(psa_cipher_decrypt(key, PSA_ALG_CTR, buf, ref_len, buf, sizeof buf, &len),
                 PSA_SUCCESS);
    CHECK(len == sizeof msg);
    CHECK_BYTES(buf, msg, sizeof msg);
    /* Decrypt: plaintext exactly where the ciphertext was (buf + 16). */
    memset(buf, GUARD, sizeof buf);
    memcpy(buf, ref, ref_len);
    CHECK_STATUS(psa_cipher_decrypt(key, PSA_ALG_CTR, buf, ref_len, buf + 16,
                                    sizeof buf - 16, &len), PSA_SUCCESS);
    CHECK(len == sizeof msg);
    CHECK_BYTES(buf + 16, msg, sizeof msg);

    /* Encrypt with the plaintext at buf + 16 and the output (IV || ct) at buf:
     * the ciphertext lands exactly on the plaintext. The IV is random, so
     * check by decrypting. */
    memset(buf, GUARD, sizeof buf);
    memcpy(buf + 16, msg, sizeof msg);
    CHECK_STATUS(psa_cipher_encrypt(key, PSA_ALG_CTR, buf + 16, sizeof msg, buf, sizeof buf,
                                    &len), PSA_SUCCESS);
    CHECK(len == ref_len);
    CHECK(test_all_bytes_are(buf + ref_len, sizeof buf - ref_len, GUARD));
    CHECK_STATUS(psa_cipher_decrypt(key, PSA_ALG_CTR, buf, len, out, sizeof out, &len),
                 PSA_SUCCESS);
    CHECK(len == sizeof msg);
    CHECK_BYTES(out, msg, sizeof msg);

    /* Short output. */
    memset(out, GUARD, sizeof out);
    CHECK_STATUS(psa_cipher_encrypt(key, PSA_ALG_CTR, msg, sizeof msg, out, ref_len - 1, &len),
                 PSA_ERROR_BUFFER_TOO_SMALL);
    CHECK(test_all_bytes_are(out + ref_len - 1, sizeof out - ref_len + 1, GUARD));
    /* NULL input with a length. */
    CHECK_STATUS(psa_cipher_encrypt(key, PSA_ALG_CTR, NULL, 16, out, sizeof out, &len),
                 PSA_ERROR_INVALID_ARGUMENT);

    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
}

int main(void)
{
    static const unsigned char aes_key[16] = { 0 };
    psa_key_id_t mac_key, aead_key;

    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS);
    mac_key = test_import(PSA_KEY_TYPE_HMAC,
                          PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE |
                              PSA_KEY_USAGE_EXPORT,
                          PSA_ALG_HMAC(PSA_ALG_SHA_256), TV_HMAC_KEY, sizeof TV_HMAC_KEY);
    aead_key = test_import(PSA_KEY_TYPE_AES, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT,
                           PSA_ALG_GCM, aes_key, sizeof aes_key);

    test_null_pointers(mac_key, aead_key);
    test_output_bounds(mac_key, aead_key);
    test_aead_overlap(aead_key);
    test_cipher_overlap();

    CHECK_STATUS(psa_destroy_key(mac_key), PSA_SUCCESS);
    CHECK_STATUS(psa_destroy_key(aead_key), PSA_SUCCESS);
    return test_finish();
}
