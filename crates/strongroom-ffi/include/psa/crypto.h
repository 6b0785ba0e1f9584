/*
 * psa/crypto.h -- Strongroom's implementation of the PSA Certified Crypto API
 * 1.2 (105 functions, the PAKE extension included).
 *
 * This is the only header applications include. It pulls in, in order:
 *   psa/error.h          psa_status_t and the PSA status codes
 *   psa/crypto_types.h   the integral types
 *   psa/crypto_values.h  key types, algorithms, usage flags, lifetimes ...
 *   psa/crypto_sizes.h   buffer-size macros and Strongroom's vendor limits
 *   psa/crypto_struct.h  attribute, operation and cipher-suite objects
 * Strongroom's own extensions are in <strongroom.h>.
 *
 * Conventions that hold for every function below (DESIGN.md §2, §8):
 *  - Thread safety: every function may be called from any thread at any time
 *    after psa_crypto_init(); the results are linearizable. The only caller
 *    obligations: do not use one operation object from two threads at once
 *    (the second caller gets PSA_ERROR_BAD_STATE), and do not modify an input
 *    buffer during the call.
 *  - Buffers: a pointer may be NULL when its length is 0; NULL with a
 *    non-zero length is PSA_ERROR_INVALID_ARGUMENT. Output buffers may
 *    overlap input buffers. Nothing is written past the bytes produced. A
 *    short output buffer is PSA_ERROR_BUFFER_TOO_SMALL.
 *  - Operations: objects must start zeroed (PSA_xxx_OPERATION_INIT,
 *    psa_xxx_operation_init() or memset 0). After an error a multi-part
 *    operation stays in an error state until psa_xxx_abort().
 *  - Verification failures are reported in constant time, without detail.
 *  - Call psa_crypto_init() first. Before it, functions other than the
 *    attribute, cipher-suite and *_init helpers may fail with
 *    PSA_ERROR_BAD_STATE.
 */
#ifndef PSA_CRYPTO_H
#define PSA_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"
#include "psa/crypto_types.h"
#include "psa/crypto_values.h"
#include "psa/crypto_sizes.h"
#include "psa/crypto_struct.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PSA_CRYPTO_API_VERSION_MAJOR 1
#define PSA_CRYPTO_API_VERSION_MINOR 2

/* ======================================================================== */
/* Library initialization                                                   */
/* ======================================================================== */

/* Initialize the library. Idempotent and thread-safe: any number of threads
 * may call it, concurrently or not. */
psa_status_t psa_crypto_init(void);

/* ======================================================================== */
/* Key attributes                                                           */
/* ======================================================================== */

/* An all-zero attribute object (same as PSA_KEY_ATTRIBUTES_INIT). */
psa_key_attributes_t psa_key_attributes_init(void);

/* Fill *attributes with the attributes of an existing key. On failure
 * *attributes is reset. */
psa_status_t psa_get_key_attributes(psa_key_id_t key,
                                    psa_key_attributes_t *attributes);

/* Return *attributes to the freshly initialized state. */
void psa_reset_key_attributes(psa_key_attributes_t *attributes);

/* Setting a non-null id also makes a volatile lifetime persistent. */
void psa_set_key_id(psa_key_attributes_t *attributes, psa_key_id_t id);
psa_key_id_t psa_get_key_id(const psa_key_attributes_t *attributes);

/* Setting a volatile lifetime also resets the id to PSA_KEY_ID_NULL. */
void psa_set_key_lifetime(psa_key_attributes_t *attributes,
                          psa_key_lifetime_t lifetime);
psa_key_lifetime_t psa_get_key_lifetime(const psa_key_attributes_t *attributes);

void psa_set_key_algorithm(psa_key_attributes_t *attributes,
                           psa_algorithm_t alg);
psa_algorithm_t psa_get_key_algorithm(const psa_key_attributes_t *attributes);

void psa_set_key_usage_flags(psa_key_attributes_t *attributes,
                             psa_key_usage_t usage_flags);
psa_key_usage_t psa_get_key_usage_flags(const psa_key_attributes_t *attributes);

void psa_set_key_type(psa_key_attributes_t *attributes, psa_key_type_t type);
psa_key_type_t psa_get_key_type(const psa_key_attributes_t *attributes);

void psa_set_key_bits(psa_key_attributes_t *attributes, size_t bits);
size_t psa_get_key_bits(const psa_key_attributes_t *attributes);

/* ======================================================================== */
/* Key management                                                           */
/* ======================================================================== */

psa_status_t psa_import_key(const psa_key_attributes_t *attributes,
                            const uint8_t *data,
                            size_t data_length,
                            psa_key_id_t *key);

psa_status_t psa_generate_key(const psa_key_attributes_t *attributes,
                              psa_key_id_t *key);

/* Requires PSA_KEY_USAGE_COPY on the source; the new policy is the
 * intersection of the source's and the requested one. */
psa_status_t psa_copy_key(psa_key_id_t source_key,
                          const psa_key_attributes_t *attributes,
                          psa_key_id_t *target_key);

/* When this returns the id is free, and no copy of the key material remains
 * in memory; operations that were using the key fail on their next step.
 * Waits only for steps already in flight on the key. */
psa_status_t psa_destroy_key(psa_key_id_t key);

/* Drop cached copies of a persistent key (it stays in storage). */
psa_status_t psa_purge_key(psa_key_id_t key);

psa_status_t psa_export_key(psa_key_id_t key,
                            uint8_t *data,
                            size_t data_size,
                            size_t *data_length);

psa_status_t psa_export_public_key(psa_key_id_t key,
                                   uint8_t *data,
                                   size_t data_size,
                                   size_t *data_length);

/* ======================================================================== */
/* Message digests (hash)                                                   */
/* ======================================================================== */

psa_status_t psa_hash_compute(psa_algorithm_t alg,
                              const uint8_t *input,
                              size_t input_length,
                              uint8_t *hash,
                              size_t hash_size,
                              size_t *hash_length);

psa_status_t psa_hash_compare(psa_algorithm_t alg,
                              const uint8_t *input,
                              size_t input_length,
                              const uint8_t *hash,
                              size_t hash_length);

psa_hash_operation_t psa_hash_operation_init(void);

psa_status_t psa_hash_setup(psa_hash_operation_t *operation,
                            psa_algorithm_t alg);

psa_status_t psa_hash_update(psa_hash_operation_t *operation,
                             const uint8_t *input,
                             size_t input_length);

psa_status_t psa_hash_finish(psa_hash_operation_t *operation,
                             uint8_t *hash,
                             size_t hash_size,
                             size_t *hash_length);

psa_status_t psa_hash_verify(psa_hash_operation_t *operation,
                             const uint8_t *hash,
                             size_t hash_length);

psa_status_t psa_hash_abort(psa_hash_operation_t *operation);

/* Export the intermediate state (format: "Hash suspend state" in the spec;
 * size: PSA_HASH_SUSPEND_OUTPUT_SIZE). */
psa_status_t psa_hash_suspend(psa_hash_operation_t *operation,
                              uint8_t *hash_state,
                              size_t hash_state_size,
                              size_t *hash_state_length);

psa_status_t psa_hash_resume(psa_hash_operation_t *operation,
                             const uint8_t *hash_state,
                             size_t hash_state_length);

psa_status_t psa_hash_clone(const psa_hash_operation_t *source_operation,
                            psa_hash_operation_t *target_operation);

/* ======================================================================== */
/* Message authentication codes (MAC)                                       */
/* ======================================================================== */

psa_status_t psa_mac_compute(psa_key_id_t key,
                             psa_algorithm_t alg,
                             const uint8_t *input,
                             size_t input_length,
                             uint8_t *mac,
                             size_t mac_size,
                             size_t *mac_length);

psa_status_t psa_mac_verify(psa_key_id_t key,
                            psa_algorithm_t alg,
                            const uint8_t *input,
                            size_t input_length,
                            const uint8_t *mac,
                            size_t mac_length);

psa_mac_operation_t psa_mac_operation_init(void);

psa_status_t psa_mac_sign_setup(psa_mac_operation_t *operation,
                                psa_key_id_t key,
                                psa_algorithm_t alg);

psa_status_t psa_mac_verify_setup(psa_mac_operation_t *operation,
                                  psa_key_id_t key,
                                  psa_algorithm_t alg);

psa_status_t psa_mac_update(psa_mac_operation_t *operation,
                            const uint8_t *input,
                            size_t input_length);

psa_status_t psa_mac_sign_finish(psa_mac_operation_t *operation,
                                 uint8_t *mac,
                                 size_t mac_size,
                                 size_t *mac_length);

psa_status_t psa_mac_verify_finish(psa_mac_operation_t *operation,
                                   const uint8_t *mac,
                                   size_t mac_length);

psa_status_t psa_mac_abort(psa_mac_operation_t *operation);

/* ======================================================================== */
/* Unauthenticated ciphers                                                  */
/* ======================================================================== */

/* Output: a generated IV followed by the ciphertext. */
psa_status_t psa_cipher_encrypt(psa_key_id_t key,
                                psa_algorithm_t alg,
                                const uint8_t *input,
                                size_t input_length,
                                uint8_t *output,
                                size_t output_size,
                                size_t *output_length);

/* Input: the IV followed by the ciphertext. */
psa_status_t psa_cipher_decrypt(psa_key_id_t key,
                                psa_algorithm_t alg,
                                const uint8_t *input,
                                size_t input_length,
                                uint8_t *output,
                                size_t output_size,
                                size_t *output_length);

psa_cipher_operation_t psa_cipher_operation_init(void);

psa_status_t psa_cipher_encrypt_setup(psa_cipher_operation_t *operation,
                                      psa_key_id_t key,
                                      psa_algorithm_t alg);

psa_status_t psa_cipher_decrypt_setup(psa_cipher_operation_t *operation,
                                      psa_key_id_t key,
                                      psa_algorithm_t alg);

psa_status_t psa_cipher_generate_iv(psa_cipher_operation_t *operation,
                                    uint8_t *iv,
                                    size_t iv_size,
                                    size_t *iv_length);

psa_status_t psa_cipher_set_iv(psa_cipher_operation_t *operation,
                               const uint8_t *iv,
                               size_t iv_length);

psa_status_t psa_cipher_update(psa_cipher_operation_t *operation,
                               const uint8_t *input,
                               size_t input_length,
                               uint8_t *output,
                               size_t output_size,
                               size_t *output_length);

psa_status_t psa_cipher_finish(psa_cipher_operation_t *operation,
                               uint8_t *output,
                               size_t output_size,
                               size_t *output_length);

psa_status_t psa_cipher_abort(psa_cipher_operation_t *operation);

/* ======================================================================== */
/* Authenticated encryption with associated data (AEAD)                     */
/* ======================================================================== */

/* Output: the ciphertext followed by the tag. */
psa_status_t psa_aead_encrypt(psa_key_id_t key,
                              psa_algorithm_t alg,
                              const uint8_t *nonce,
                              size_t nonce_length,
                              const uint8_t *additional_data,
                              size_t additional_data_length,
                              const uint8_t *plaintext,
                              size_t plaintext_length,
                              uint8_t *ciphertext,
                              size_t ciphertext_size,
                              size_t *ciphertext_length);

/* Input: the ciphertext followed by the tag. A wrong tag is
 * PSA_ERROR_INVALID_SIGNATURE and no plaintext is released. */
psa_status_t psa_aead_decrypt(psa_key_id_t key,
                              psa_algorithm_t alg,
                              const uint8_t *nonce,
                              size_t nonce_length,
                              const uint8_t *additional_data,
                              size_t additional_data_length,
                              const uint8_t *ciphertext,
                              size_t ciphertext_length,
                              uint8_t *plaintext,
                              size_t plaintext_size,
                              size_t *plaintext_length);

psa_aead_operation_t psa_aead_operation_init(void);

psa_status_t psa_aead_encrypt_setup(psa_aead_operation_t *operation,
                                    psa_key_id_t key,
                                    psa_algorithm_t alg);

psa_status_t psa_aead_decrypt_setup(psa_aead_operation_t *operation,
                                    psa_key_id_t key,
                                    psa_algorithm_t alg);

psa_status_t psa_aead_set_lengths(psa_aead_operation_t *operation,
                                  size_t ad_length,
                                  size_t plaintext_length);

psa_status_t psa_aead_generate_nonce(psa_aead_operation_t *operation,
                                     uint8_t *nonce,
                                     size_t nonce_size,
                                     size_t *nonce_length);

psa_status_t psa_aead_set_nonce(psa_aead_operation_t *operation,
                                const uint8_t *nonce,
                                size_t nonce_length);

psa_status_t psa_aead_update_ad(psa_aead_operation_t *operation,
                                const uint8_t *input,
                                size_t input_length);

psa_status_t psa_aead_update(psa_aead_operation_t *operation,
                             const uint8_t *input,
                             size_t input_length,
                             uint8_t *output,
                             size_t output_size,
                             size_t *output_length);

psa_status_t psa_aead_finish(psa_aead_operation_t *operation,
                             uint8_t *ciphertext,
                             size_t ciphertext_size,
                             size_t *ciphertext_length,
                             uint8_t *tag,
                             size_t tag_size,
                             size_t *tag_length);

psa_status_t psa_aead_verify(psa_aead_operation_t *operation,
                             uint8_t *plaintext,
                             size_t plaintext_size,
                             size_t *plaintext_length,
                             const uint8_t *tag,
                             size_t tag_length);

psa_status_t psa_aead_abort(psa_aead_operation_t *operation);

/* ======================================================================== */
/* Key derivation                                                           */
/* ======================================================================== */

psa_key_derivation_operation_t psa_key_derivation_operation_init(void);

psa_status_t psa_key_derivation_setup(psa_key_derivation_operation_t *operation,
                                      psa_algorithm_t alg);

psa_status_t psa_key_derivation_get_capacity(
    const psa_key_derivation_operation_t *operation,
    size_t *capacity);

psa_status_t psa_key_derivation_set_capacity(
    psa_key_derivation_operation_t *operation,
    size_t capacity);

psa_status_t psa_key_derivation_input_bytes(
    psa_key_derivation_operation_t *operation,
    psa_key_derivation_step_t step,
    const uint8_t *data,
    size_t data_length);

psa_status_t psa_key_derivation_input_integer(
    psa_key_derivation_operation_t *operation,
    psa_key_derivation_step_t step,
    uint64_t value);

psa_status_t psa_key_derivation_input_key(
    psa_key_derivation_operation_t *operation,
    psa_key_derivation_step_t step,
    psa_key_id_t key);

psa_status_t psa_key_derivation_output_bytes(
    psa_key_derivation_operation_t *operation,
    uint8_t *output,
    size_t output_length);

psa_status_t psa_key_derivation_output_key(
    const psa_key_attributes_t *attributes,
    psa_key_derivation_operation_t *operation,
    psa_key_id_t *key);

psa_status_t psa_key_derivation_verify_bytes(
    psa_key_derivation_operation_t *operation,
    const uint8_t *expected_output,
    size_t output_length);

psa_status_t psa_key_derivation_verify_key(
    psa_key_derivation_operation_t *operation,
    psa_key_id_t expected);

psa_status_t psa_key_derivation_abort(psa_key_derivation_operation_t *operation);

/* ======================================================================== */
/* Asymmetric signature                                                     */
/* ======================================================================== */

psa_status_t psa_sign_message(psa_key_id_t key,
                              psa_algorithm_t alg,
                              const uint8_t *input,
                              size_t input_length,
                              uint8_t *signature,
                              size_t signature_size,
                              size_t *signature_length);

psa_status_t psa_verify_message(psa_key_id_t key,
                                psa_algorithm_t alg,
                                const uint8_t *input,
                                size_t input_length,
                                const uint8_t *signature,
                                size_t signature_length);

psa_status_t psa_sign_hash(psa_key_id_t key,
                           psa_algorithm_t alg,
                           const uint8_t *hash,
                           size_t hash_length,
                           uint8_t *signature,
                           size_t signature_size,
                           size_t *signature_length);

psa_status_t psa_verify_hash(psa_key_id_t key,
                             psa_algorithm_t alg,
                             const uint8_t *hash,
                             size_t hash_length,
                             const uint8_t *signature,
                             size_t signature_length);

/* ======================================================================== */
/* Asymmetric encryption                                                    */
/* ======================================================================== */

psa_status_t psa_asymmetric_encrypt(psa_key_id_t key,
                                    psa_algorithm_t alg,
                                    const uint8_t *input,
                                    size_t input_length,
                                    const uint8_t *salt,
                                    size_t salt_length,
                                    uint8_t *output,
                                    size_t output_size,
                                    size_t *output_length);

psa_status_t psa_asymmetric_decrypt(psa_key_id_t key,
                                    psa_algorithm_t alg,
                                    const uint8_t *input,
                                    size_t input_length,
                                    const uint8_t *salt,
                                    size_t salt_length,
                                    uint8_t *output,
                                    size_t output_size,
                                    size_t *output_length);

/* ======================================================================== */
/* Key agreement                                                            */
/* ======================================================================== */

/* The shared secret becomes a new key described by *attributes. */
psa_status_t psa_key_agreement(psa_key_id_t private_key,
                               const uint8_t *peer_key,
                               size_t peer_key_length,
                               psa_algorithm_t alg,
                               const psa_key_attributes_t *attributes,
                               psa_key_id_t *key);

psa_status_t psa_raw_key_agreement(psa_algorithm_t alg,
                                   psa_key_id_t private_key,
                                   const uint8_t *peer_key,
                                   size_t peer_key_length,
                                   uint8_t *output,
                                   size_t output_size,
                                   size_t *output_length);

psa_status_t psa_key_derivation_key_agreement(
    psa_key_derivation_operation_t *operation,
    psa_key_derivation_step_t step,
    psa_key_id_t private_key,
    const uint8_t *peer_key,
    size_t peer_key_length);

/* ======================================================================== */
/* Random generation                                                        */
/* ======================================================================== */

/* Fill output[0..output_size) from this thread's DRBG (no global lock). */
psa_status_t psa_generate_random(uint8_t *output, size_t output_size);

/* ======================================================================== */
/* Password-authenticated key exchange (PAKE)                               */
/* ======================================================================== */

/* Cipher suites: plain accessors, no library state involved. */
psa_pake_cipher_suite_t psa_pake_cipher_suite_init(void);

psa_algorithm_t psa_pake_cs_get_algorithm(
    const psa_pake_cipher_suite_t *cipher_suite);
void psa_pake_cs_set_algorithm(psa_pake_cipher_suite_t *cipher_suite,
                               psa_algorithm_t alg);

psa_pake_primitive_t psa_pake_cs_get_primitive(
    const psa_pake_cipher_suite_t *cipher_suite);
void psa_pake_cs_set_primitive(psa_pake_cipher_suite_t *cipher_suite,
                               psa_pake_primitive_t primitive);

uint32_t psa_pake_cs_get_key_confirmation(
    const psa_pake_cipher_suite_t *cipher_suite);
void psa_pake_cs_set_key_confirmation(psa_pake_cipher_suite_t *cipher_suite,
                                      uint32_t key_confirmation);

psa_pake_operation_t psa_pake_operation_init(void);

psa_status_t psa_pake_setup(psa_pake_operation_t *operation,
                            psa_key_id_t password_key,
                            const psa_pake_cipher_suite_t *cipher_suite);

psa_status_t psa_pake_set_role(psa_pake_operation_t *operation,
                               psa_pake_role_t role);

psa_status_t psa_pake_set_user(psa_pake_operation_t *operation,
                               const uint8_t *user_id,
                               size_t user_id_len);

psa_status_t psa_pake_set_peer(psa_pake_operation_t *operation,
                               const uint8_t *peer_id,
                               size_t peer_id_len);

psa_status_t psa_pake_set_context(psa_pake_operation_t *operation,
                                  const uint8_t *context,
                                  size_t context_len);

psa_status_t psa_pake_output(psa_pake_operation_t *operation,
                             psa_pake_step_t step,
                             uint8_t *output,
                             size_t output_size,
                             size_t *output_length);

psa_status_t psa_pake_input(psa_pake_operation_t *operation,
                            psa_pake_step_t step,
                            const uint8_t *input,
                            size_t input_length);

psa_status_t psa_pake_get_shared_key(psa_pake_operation_t *operation,
                                     const psa_key_attributes_t *attributes,
                                     psa_key_id_t *key);

psa_status_t psa_pake_abort(psa_pake_operation_t *operation);

#ifdef __cplusplus
}
#endif

#endif /* PSA_CRYPTO_H */
