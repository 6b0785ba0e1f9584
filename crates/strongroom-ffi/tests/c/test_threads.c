/*
 * test_threads.c -- the thread-safety promises of DESIGN.md §2-3, checked
 * from C with pthreads:
 *
 *  1. Same-id creation race: 8 threads import persistent key id X at once
 *     (behind a barrier): exactly one PSA_SUCCESS, every other thread
 *     PSA_ERROR_ALREADY_EXISTS, and the stored material is the winner's.
 *  2. Destroy under load: 8 threads run psa_mac_compute on one key while the
 *     main thread destroys it. A call that started after psa_destroy_key
 *     returned never succeeds (INVALID_HANDLE); a call that succeeds returns
 *     the correct MAC; no other status appears.
 *  3. One operation object used by two threads at once: the second caller
 *     gets PSA_ERROR_BAD_STATE, the first completes, nothing crashes.
 *
 * Needs STRONGROOM_HOME (a scratch key-store directory) for part 1.
 * Link with libstrongroom and -lpthread.
 * Last line: "N passed, M failed"; exit 1 on failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <psa/crypto.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test_util.h"

#define THREADS 8

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static int load_flag(const int *flag)
{
    return __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

static void store_flag(int *flag, int value)
{
    __atomic_store_n(flag, value, __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------------------ */
/* 1. Same-id creation race                                                 */
/* ------------------------------------------------------------------------ */

#define RACE_ROUNDS 50

struct race_arg {
    pthread_barrier_t *barrier;
    psa_key_id_t id;
    unsigned char material[32];
    psa_status_t status;
    psa_key_id_t created;
};

static void *race_thread(void *p)
{
    struct race_arg *arg = (struct race_arg *)p;
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_id(&attr, arg->id);
    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_SIGN_MESSAGE);
    psa_set_key_algorithm(&attr, PSA_ALG_HMAC(PSA_ALG_SHA_256));
    pthread_barrier_wait(arg->barrier);
    arg->status = psa_import_key(&attr, arg->material, sizeof arg->material, &arg->created);
    return NULL;
}

static void test_same_id_race(void)
{
    const char *home = getenv("STRONGROOM_HOME");
    int round;

    CHECK(home != NULL && home[0] != '\0');
    if (home == NULL || home[0] == '\0') {
        fprintf(stderr, "same-id race skipped: set STRONGROOM_HOME to a scratch directory\n");
        return;
    }
    for (round = 0; round < RACE_ROUNDS; round++) {
        pthread_t th[THREADS];
        struct race_arg args[THREADS];
        pthread_barrier_t barrier;
        const psa_key_id_t id = (psa_key_id_t)(0x00030000u + (unsigned)round);
        int winners = 0, losers = 0, winner = -1, i;
        unsigned char exported[32];
        size_t len = 0;
        psa_status_t st;

        /* A leftover from an earlier, interrupted run. */
        st = psa_destroy_key(id);
        CHECK(st == PSA_SUCCESS || st == PSA_ERROR_INVALID_HANDLE);

        pthread_barrier_init(&barrier, NULL, THREADS);
        for (i = 0; i < THREADS; i++) {
            args[i].barrier = &barrier;
            args[i].id = id;
            memset(args[i].material, 0x40 + i, sizeof args[i].material);
            args[i].status = PSA_ERROR_GENERIC_ERROR;
            args[i].created = PSA_KEY_ID_NULL;
            pthread_create(&th[i], NULL, race_thread, &args[i]);
        }
        for (i = 0; i < THREADS; i++) {
            pthread_join(th[i], NULL);
        }
        pthread_barrier_destroy(&barrier);

        for (i = 0; i < THREADS; i++) {
            if (args[i].status == PSA_SUCCESS) {
                winners++;
                winner = i;
                CHECK(args[i].created == id);
            } else if (args[i].status == PSA_ERROR_ALREADY_EXISTS) {
                losers++;
            } else {
                fprintf(stderr, "race round %d thread %d: status %d\n",
                        round, i, (int)args[i].status);
            }
        }
        CHECK(winners == 1);
        CHECK(losers == THREADS - 1);
        if (winner >= 0) {
            CHECK_STATUS(psa_export_key(id, exported, sizeof exported, &len), PSA_SUCCESS);
            CHECK(len == sizeof exported);
            CHECK_BYTES(exported, args[winner].material, sizeof exported);
        }
        CHECK_STATUS(psa_destroy_key(id), PSA_SUCCESS);
    }
}

/* ------------------------------------------------------------------------ */
/* 2. Destroy while 8 threads compute MACs                                  */
/* ------------------------------------------------------------------------ */

#define DESTROY_ROUNDS 5

struct destroy_shared {
    psa_key_id_t key;
    int destroyed;  /* set (seq_cst) after psa_destroy_key returned */
    int stop;
};

struct destroy_arg {
    struct destroy_shared *shared;
    unsigned long ok_before;        /* successes that started before the flag */
    unsigned long handle_errors;    /* INVALID_HANDLE results */
    unsigned long calls_after;      /* calls that started after destroy returned */
    unsigned long ok_after;         /* successes among those: must be 0 */
    unsigned long wrong_mac;        /* successes with a wrong MAC: must be 0 */
    unsigned long other_status;     /* any other status: must be 0 */
};

static void *destroy_worker(void *p)
{
    struct destroy_arg *arg = (struct destroy_arg *)p;
    const psa_algorithm_t alg = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    unsigned char mac[PSA_MAC_MAX_SIZE];
    size_t len;

    while (!load_flag(&arg->shared->stop)) {
        int after = load_flag(&arg->shared->destroyed);
        psa_status_t st;
        len = 0;
        st = psa_mac_compute(arg->shared->key, alg, TV_HMAC_DATA, sizeof TV_HMAC_DATA,
                             mac, sizeof mac, &len);
        if (after) {
            arg->calls_after++;
        }
        if (st == PSA_SUCCESS) {
            if (after) {
                arg->ok_after++;
            } else {
                arg->ok_before++;
            }
            if (len != 32 || memcmp(mac, TV_HMAC_SHA256, 32) != 0) {
                arg->wrong_mac++;
            }
        } else if (st == PSA_ERROR_INVALID_HANDLE) {
            arg->handle_errors++;
        } else {
            arg->other_status++;
        }
    }
    return NULL;
}

static void test_destroy_under_load(void)
{
    int round;
    for (round = 0; round < DESTROY_ROUNDS; round++) {
        pthread_t th[THREADS];
        struct destroy_arg args[THREADS];
        struct destroy_shared shared;
        unsigned long ok_before = 0, calls_after = 0, ok_after = 0, wrong = 0, other = 0;
        psa_key_id_t next;
        int i;

        shared.key = test_import(PSA_KEY_TYPE_HMAC, PSA_KEY_USAGE_SIGN_MESSAGE,
                                 PSA_ALG_HMAC(PSA_ALG_SHA_256),
                                 TV_HMAC_KEY, sizeof TV_HMAC_KEY);
        shared.destroyed = 0;
        shared.stop = 0;
        for (i = 0; i < THREADS; i++) {
            memset(&args[i], 0, sizeof args[i]);
            args[i].shared = &shared;
            pthread_create(&th[i], NULL, destroy_worker, &args[i]);
        }
        sleep_ms(30);
        CHECK_STATUS(psa_destroy_key(shared.key), PSA_SUCCESS);
        store_flag(&shared.destroyed, 1);
        sleep_ms(20);
        store_flag(&shared.stop, 1);
        for (i = 0; i < THREADS; i++) {
            pthread_join(th[i], NULL);
            ok_before += args[i].ok_before;
            calls_after += args[i].calls_after;
            ok_after += args[i].ok_after;
            wrong += args[i].wrong_mac;
            other += args[i].other_status;
        }
        if (ok_after != 0 || wrong != 0 || other != 0) {
            fprintf(stderr, "destroy round %d: %lu successes after destroy, %lu wrong MACs, "
                    "%lu unexpected statuses\n", round, ok_after, wrong, other);
        }
        CHECK(ok_after == 0);
        CHECK(wrong == 0);
        CHECK(other == 0);
        CHECK(ok_before > 0);    /* the key was really in use */
        CHECK(calls_after > 0);  /* and used after its destruction */

        /* The destroyed id stays dead; a new key gets a different id. */
        CHECK_STATUS(psa_destroy_key(shared.key), PSA_ERROR_INVALID_HANDLE);
        next = test_import(PSA_KEY_TYPE_HMAC, PSA_KEY_USAGE_SIGN_MESSAGE,
                           PSA_ALG_HMAC(PSA_ALG_SHA_256), TV_HMAC_KEY, sizeof TV_HMAC_KEY);
        CHECK(next != shared.key);
        CHECK_STATUS(psa_destroy_key(next), PSA_SUCCESS);
    }
}

/* ------------------------------------------------------------------------ */
/* 3. One operation object, two threads                                     */
/* ------------------------------------------------------------------------ */

struct shared_op {
    psa_hash_operation_t *op;
    const unsigned char *big;
    size_t big_len;
    int started;
    int done;
    psa_status_t status;
};

static void *long_update(void *p)
{
    struct shared_op *s = (struct shared_op *)p;
    store_flag(&s->started, 1);
    s->status = psa_hash_update(s->op, s->big, s->big_len);
    store_flag(&s->done, 1);
    return NULL;
}

static void test_shared_hash_operation(void)
{
    static const unsigned char one = 'x';
    size_t big_len = (size_t)64 << 20;
    int attempt;

    for (attempt = 0; attempt < 3; attempt++, big_len *= 2) {
        psa_hash_operation_t op = PSA_HASH_OPERATION_INIT;
        unsigned char *big = (unsigned char *)malloc(big_len);
        unsigned char expected[32], got[PSA_HASH_MAX_SIZE];
        struct shared_op s;
        pthread_t th;
        unsigned long overlapped = 0, not_bad_state = 0, b_success = 0, odd = 0;
        size_t len = 0;
        psa_status_t st;

        CHECK(big != NULL);
        if (big == NULL) {
            return;
        }
        memset(big, 0x5a, big_len);
        CHECK_STATUS(psa_hash_compute(PSA_ALG_SHA_256, big, big_len, expected, sizeof expected,
                                      &len), PSA_SUCCESS);

        CHECK_STATUS(psa_hash_setup(&op, PSA_ALG_SHA_256), PSA_SUCCESS);
        s.op = &op;
        s.big = big;
        s.big_len = big_len;
        s.started = 0;
        s.done = 0;
        s.status = PSA_ERROR_GENERIC_ERROR;
        pthread_create(&th, NULL, long_update, &s);
        while (!load_flag(&s.started)) {
            sleep_ms(1);
        }
        sleep_ms(5); /* let the first call get inside the library */
        while (!load_flag(&s.done)) {
            /* A call that starts and ends while the long update is still
             * running overlaps it for certain: it must be refused. */
            st = psa_hash_update(&op, &one, 1);
            if (!load_flag(&s.done)) {
                overlapped++;
                if (st != PSA_ERROR_BAD_STATE) {
                    not_bad_state++;
                }
            } else if (st == PSA_SUCCESS) {
                b_success++;  /* ran after the long update: legitimate */
            } else if (st != PSA_ERROR_BAD_STATE) {
                odd++;
            }
        }
        pthread_join(th, NULL);

        if (not_bad_state != 0) {
            fprintf(stderr, "shared operation: %lu of %lu overlapping calls were not "
                    "refused with BAD_STATE\n", not_bad_state, overlapped);
        }
        CHECK(not_bad_state == 0);
        CHECK(odd == 0);
        CHECK_STATUS(s.status, PSA_SUCCESS); /* the first caller is unaffected */

        /* The refused calls had no effect: finishing gives the hash of the big
         * buffer alone (or BAD_STATE if the misuse put the object in its
         * error state). */
        st = psa_hash_finish(&op, got, sizeof got, &len);
        CHECK(st == PSA_SUCCESS || st == PSA_ERROR_BAD_STATE);
        if (st == PSA_SUCCESS && b_success == 0) {
            CHECK(len == 32);
            CHECK_BYTES(got, expected, 32);
        }
        CHECK_STATUS(psa_hash_abort(&op), PSA_SUCCESS);
        free(big);

        if (overlapped > 0) {
            return;
        }
        fprintf(stderr, "shared operation: no overlapping call observed with %lu MiB, "
                "retrying with more\n", (unsigned long)(big_len >> 20));
    }
    CHECK(!"no overlapping call observed: the shared-operation check did not run");
}

/* Two threads hammer psa_mac_update on the same object: every result is
 * SUCCESS or BAD_STATE, and abort afterwards succeeds. */
struct mac_hammer {
    psa_mac_operation_t *op;
    int stop;
    unsigned long bad_state;
    unsigned long other;
};

static void *mac_hammer_thread(void *p)
{
    struct mac_hammer *h = (struct mac_hammer *)p;
    while (!load_flag(&h->stop)) {
        psa_status_t st = psa_mac_update(h->op, TV_HMAC_DATA, sizeof TV_HMAC_DATA);
        if (st == PSA_ERROR_BAD_STATE) {
            __atomic_fetch_add(&h->bad_state, 1UL, __ATOMIC_RELAXED);
        } else if (st != PSA_SUCCESS) {
            __atomic_fetch_add(&h->other, 1UL, __ATOMIC_RELAXED);
        }
    }
    return NULL;
}

static void test_shared_mac_operation(void)
{
    psa_mac_operation_t op = PSA_MAC_OPERATION_INIT;
    struct mac_hammer h;
    pthread_t th[2];
    psa_key_id_t key = test_import(PSA_KEY_TYPE_HMAC, PSA_KEY_USAGE_SIGN_MESSAGE,
                                   PSA_ALG_HMAC(PSA_ALG_SHA_256),
                                   TV_HMAC_KEY, sizeof TV_HMAC_KEY);
    int i;

    CHECK_STATUS(psa_mac_sign_setup(&op, key, PSA_ALG_HMAC(PSA_ALG_SHA_256)), PSA_SUCCESS);
    h.op = &op;
    h.stop = 0;
    h.bad_state = 0;
    h.other = 0;
    for (i = 0; i < 2; i++) {
        pthread_create(&th[i], NULL, mac_hammer_thread, &h);
    }
    sleep_ms(100);
    store_flag(&h.stop, 1);
    for (i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    CHECK(h.other == 0);
    fprintf(stderr, "shared MAC operation: %lu BAD_STATE results (informational)\n",
            h.bad_state);
    CHECK_STATUS(psa_mac_abort(&op), PSA_SUCCESS);
    CHECK_STATUS(psa_destroy_key(key), PSA_SUCCESS);
}

int main(void)
{
    CHECK_STATUS(psa_crypto_init(), PSA_SUCCESS);
    test_same_id_race();
    test_destroy_under_load();
    test_shared_hash_operation();
    test_shared_mac_operation();
    return test_finish();
}
