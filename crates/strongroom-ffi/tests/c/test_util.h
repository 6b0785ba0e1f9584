/*
 * test_util.h -- tiny check harness shared by the C tests (C99 and C++).
 *
 * Each test counts its checks and ends with test_finish(), which prints
 * "N passed, M failed" as the last line and returns the exit status.
 * Checks may run on any thread (the counters are atomic).
 */
#ifndef STRONGROOM_TEST_UTIL_H
#define STRONGROOM_TEST_UTIL_H

#include <psa/crypto.h>

#include <stdio.h>
#include <string.h>

static unsigned long test_passed_;
static unsigned long test_failed_;

static inline void test_count_(int ok)
{
    /* GCC/Clang builtins: no C11 <stdatomic.h> needed in -std=c99. */
    __atomic_fetch_add(ok ? &test_passed_ : &test_failed_, 1UL, __ATOMIC_SEQ_CST);
}

/* Check a condition. */
#define CHECK(cond) \
    do { \
        int ok_ = (cond) ? 1 : 0; \
        test_count_(ok_); \
        if (!ok_) { \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        } \
    } while (0)

/* Check that a call returns exactly the expected status. */
#define CHECK_STATUS(expr, expected) \
    do { \
        psa_status_t got_ = (expr); \
        psa_status_t want_ = (expected); \
        test_count_(got_ == want_); \
        if (got_ != want_) { \
            fprintf(stderr, "%s:%d: %s returned %d, expected %s (%d)\n", \
                    __FILE__, __LINE__, #expr, (int)got_, #expected, (int)want_); \
        } \
    } while (0)

/* Check that a buffer holds the expected bytes. */
#define CHECK_BYTES(buf, expected, len) \
    do { \
        int ok_ = memcmp((buf), (expected), (len)) == 0; \
        test_count_(ok_); \
        if (!ok_) { \
            fprintf(stderr, "%s:%d: bytes differ: %s vs %s (%lu bytes)\n", \
                    __FILE__, __LINE__, #buf, #expected, (unsigned long)(len)); \
        } \
    } while (0)

/* Whether every byte of buf[0..len) equals value. */
static inline int test_all_bytes_are(const unsigned char *buf, size_t len, unsigned char value)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (buf[i] != value) {
            return 0;
        }
    }
    return 1;
}

/* Print the summary line and return the process exit status. */
static inline int test_finish(void)
{
    unsigned long passed = __atomic_load_n(&test_passed_, __ATOMIC_SEQ_CST);
    unsigned long failed = __atomic_load_n(&test_failed_, __ATOMIC_SEQ_CST);
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/* Shared test vectors. */

/* SHA-256("abc") (FIPS 180-2). */
static const unsigned char TV_SHA256_ABC[32] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad
};

/* SHA-256("") */
static const unsigned char TV_SHA256_EMPTY[32] = {
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55
};

/* HMAC-SHA-256, RFC 4231 test case 1: key = 20 x 0x0b, data = "Hi There". */
static const unsigned char TV_HMAC_KEY[20] = {
    0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
    0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b
};
static const unsigned char TV_HMAC_DATA[8] = { 'H', 'i', ' ', 'T', 'h', 'e', 'r', 'e' };
static const unsigned char TV_HMAC_SHA256[32] = {
    0xb0, 0x34, 0x4c, 0x61, 0xd8, 0xdb, 0x38, 0x53, 0x5c, 0xa8, 0xaf, 0xce, 0xaf, 0x0b, 0xf1, 0x2b,
    0x88, 0x1d, 0xc2, 0x00, 0xc9, 0x83, 0x3d, 0xa7, 0x26, 0xe9, 0x37, 0x6c, 0x2e, 0x32, 0xcf, 0xf7
};

/* AES-128-GCM, McGrew & Viega test case 2: key, nonce, plaintext all zero
 * (16, 12, 16 bytes), no additional data. */
static const unsigned char TV_GCM_CT_TAG[32] = {
    0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92, 0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78,
    0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd, 0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf
};
/* Test case 1: the same key and nonce, empty plaintext: the tag alone. */
static const unsigned char TV_GCM_EMPTY_TAG[16] = {
    0x58, 0xe2, 0xfc, 0xce, 0xfa, 0x7e, 0x30, 0x61, 0x36, 0x7f, 0x1d, 0x57, 0xa4, 0xe7, 0x45, 0x5a
};

/* Import a volatile key; returns PSA_KEY_ID_NULL (and counts a failure) on error. */
static inline psa_key_id_t test_import(psa_key_type_t type, psa_key_usage_t usage,
                                       psa_algorithm_t alg,
                                       const unsigned char *data, size_t len)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t id = PSA_KEY_ID_NULL;
    psa_status_t st;
    psa_set_key_type(&attr, type);
    psa_set_key_usage_flags(&attr, usage);
    psa_set_key_algorithm(&attr, alg);
    st = psa_import_key(&attr, data, len, &id);
    if (st != PSA_SUCCESS) {
        test_count_(0);
        fprintf(stderr, "test_import(type 0x%04x, %lu bytes) failed: %d\n",
                (unsigned)type, (unsigned long)len, (int)st);
        return PSA_KEY_ID_NULL;
    }
    return id;
}

#endif /* STRONGROOM_TEST_UTIL_H */
