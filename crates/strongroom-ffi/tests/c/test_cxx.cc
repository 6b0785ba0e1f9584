// test_cxx.cc -- the headers from C++: <psa/crypto.h> and <strongroom.h> are
// extern "C"-clean and usable with C++ initialization (a small one-shot test:
// hash, MAC, AEAD, random, a multi-part hash, key destroy).
//
// Build: g++ -std=c++11 -Wall -Wextra -Werror -pedantic; link with
// libstrongroom. Last line: "N passed, M failed"; exit 1 on failure.
#include <psa/crypto.h>
#include <strongroom.h>

#include <cstdio>
#include <cstring>

#include "test_util.h"

namespace {

void hash_and_random()
{
    static const unsigned char abc[3] = { 'a', 'b', 'c' };
    unsigned char out[PSA_HASH_MAX_SIZE];
    size_t len = 0;
    CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, abc, sizeof abc, out, sizeof out, &len),
                 PSA_SUCCESS);
    CHECK(len == PSA_HASH_LENGTH(PSA_ALG_SHA_256));
    CHECK_BYTES(out, TV_SHA256_ABC, 32);

    psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;
    CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_update(&op, abc, 2), PSA_SUCCESS);
    psa_hash_operation_t moved = op; // a C++ copy is a bitwise move of the handle
    std::memset(&op, 0, sizeof op);
    CHECK_STATUS(psa_hash_update(&moved, abc + 2, 1), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_verify(&moved, TV_SHA256_ABC, 32), PSA_SUCCESS);
    CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);

    unsigned char r[16] = {};
    CHECK_STATUS(psa_generate_random(r, sizeof r), PSA_SUCCESS);
    CHECK_STATUS(psa_generate_random(nullptr, 0), PSA_SUCCESS);
}

void mac_and_aead()
{
    const psa_algorithm_t hmac = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE);
    psa_set_key_algorithm(&attr, hmac);
    psa_key_id_t key = PSA_KEY_ID_NULL;
    CHECK_STATUS(psa_import_key(&attr, TV_HMAC_KEY, sizeof TV_HMAC_KEY, &key), PSA_SUCCESS);

    unsigned char mac[PSA_MAC_MAX_SIZE];
    size_t len = 0;
    CHECK_STATUS(psa_mac_compute(key, hmac, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                                 mac, sizeof mac, &len), PSA_SUCCESS);
    CHECK(len == 32);
    CHECK_BYTES(mac, TV_HMAC_SHA256, 32);
    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
    CHECK_STATUS(psa_mac_verify(key, hmac, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                                TV_HMAC_SHA256, 32), PSA_ERROR_INVALID_HANDLE);

    static const unsigned char aes_key[16] = {};
    static const unsigned char nonce[12] = {};
    static const unsigned char pt[16] = {};
    psa_key_attributes_t a2 = psa_key_attributes_init();
    psa_set_key_type(&a2, PSA_KEY_TYPE_AES);
    psa_set_key_usage_flags(&a2, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&a2, PSA_ALG_GCM);
    psa_key_id_t aead = PSA_KEY_ID_NULL;
    CHECK_STATUS(psa_import_key(&a2, aes_key, sizeof aes_key, &aead), PSA_SUCCESS);
    unsigned char ct[PSA_AEAD_ENCRYPT_OUTPUT_SIZE(PSA_KEY_TYPE_AES, PSA_ALG_GCM, 16)];
    CHECK_STATUS(psa_aead_encrypt(aead, PSA_ALG_GCM, nonce, sizeof nonce, nullptr, 0,
                                  pt, sizeof pt, ct, sizeof ct, &len), PSA_SUCCESS);
    CHECK(len == sizeof ct);
    CHECK_BYTES(ct, TV_GCM_CT_TAG, 32);
    CHECK_STATUS(psa_destroy_key(aead), PSA_SUCCESS);
}

} // namespace

int main()
{
    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS);
    hash_and_random();
    mac_and_aead();
    psa_pake_cipher_suite_t suite = PSA_PAKE_CIPHER_SUITE_INIT;
    CHECK(psa_pake_cs_get_algorithm(&suite) == PSA_ALG_NONE);
    strongroom_crypto_free();
    return test_finish();
}
