//! What `psa_key_derivation_setup` decides: which KDF an algorithm runs (a key agreement
//! combined with a KDF runs that KDF), whether it is a KDF at all, and its initial
//! capacity.

use strongroom_types::{Algorithm, Error, Result};

/// SP 800-108 counter mode's initial capacity (spec: `2^29 - 1` bytes, so that
/// `L = 8 * capacity` fits its 32-bit field).
pub(super) const SP800_108_MAX_CAPACITY: usize = 0x1fff_ffff;
/// Output of TLS 1.2 PSK-to-MS: the 48-byte master secret (RFC 5246 §8.1).
const TLS12_MASTER_SECRET_LEN: usize = 48;
/// Output of TLS 1.2 ECJPAKE-to-PMS: one SHA-256 digest.
pub(super) const ECJPAKE_TO_PMS_LEN: usize = 32;
/// PBKDF2's block count is a 32-bit integer (RFC 8018 §5.2: `dkLen <= (2^32 - 1) * hLen`).
const PBKDF2_MAX_BLOCKS: usize = u32::MAX as usize;
/// AES-CMAC-PRF-128's output length.
pub(super) const CMAC_PRF_LEN: usize = 16;

/// The KDF that `alg` runs: `alg` itself for a key derivation, the KDF part of a key
/// agreement combined with a KDF. A raw key agreement or any other category is
/// `InvalidArgument`; a combination with an unknown agreement is `NotSupported`; the
/// ECJPAKE-to-PMS KDF cannot take a free-form shared secret and is `InvalidArgument`
/// in a combination (as in Mbed TLS).
pub(super) fn kdf_of(alg: Algorithm) -> Result<Algorithm> {
    if alg.is_key_agreement() {
        if alg.is_raw_key_agreement() {
            return Err(Error::InvalidArgument);
        }
        let base = alg.key_agreement_get_base();
        if base != Algorithm::ECDH && base != Algorithm::FFDH {
            return Err(Error::NotSupported);
        }
        let kdf = alg.key_agreement_get_kdf();
        if kdf == Algorithm::TLS12_ECJPAKE_TO_PMS {
            return Err(Error::InvalidArgument);
        }
        Ok(kdf)
    } else if alg.is_key_derivation() {
        Ok(alg)
    } else {
        Err(Error::InvalidArgument)
    }
}

/// The capacity of a fresh operation running `kdf`: the most the algorithm can produce
/// (`NotSupported` for a KDF Strongroom does not know, or whose hash has no length).
pub(super) fn initial_capacity(kdf: Algorithm) -> Result<usize> {
    let hash_len = || {
        kdf.hash()
            .and_then(Algorithm::hash_length)
            .ok_or(Error::NotSupported)
    };
    Ok(if kdf.is_hkdf() || kdf.is_hkdf_expand() {
        255 * hash_len()?
    } else if kdf.is_hkdf_extract() {
        hash_len()?
    } else if kdf.is_tls12_prf() {
        hash_len()?;
        usize::MAX
    } else if kdf.is_tls12_psk_to_ms() {
        hash_len()?;
        TLS12_MASTER_SECRET_LEN
    } else if kdf.is_pbkdf2_hmac() {
        PBKDF2_MAX_BLOCKS.saturating_mul(hash_len()?)
    } else if kdf == Algorithm::PBKDF2_AES_CMAC_PRF_128 {
        PBKDF2_MAX_BLOCKS.saturating_mul(CMAC_PRF_LEN)
    } else if kdf == Algorithm::TLS12_ECJPAKE_TO_PMS {
        ECJPAKE_TO_PMS_LEN
    } else if kdf.is_sp800_108_counter_hmac() {
        hash_len()?;
        SP800_108_MAX_CAPACITY
    } else if kdf == Algorithm::SP800_108_COUNTER_CMAC {
        SP800_108_MAX_CAPACITY
    } else {
        return Err(Error::NotSupported);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA256: Algorithm = Algorithm::SHA_256;

    #[test]
    fn kdf_of_classifies() {
        let hkdf = Algorithm::hkdf(SHA256);
        assert_eq!(kdf_of(hkdf), Ok(hkdf));
        assert_eq!(
            kdf_of(Algorithm::key_agreement(Algorithm::ECDH, hkdf)),
            Ok(hkdf)
        );
        assert_eq!(kdf_of(Algorithm::ECDH), Err(Error::InvalidArgument));
        assert_eq!(kdf_of(Algorithm::hmac(SHA256)), Err(Error::InvalidArgument));
        assert_eq!(
            kdf_of(Algorithm::key_agreement(
                Algorithm::ECDH,
                Algorithm::TLS12_ECJPAKE_TO_PMS
            )),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            kdf_of(Algorithm::from_raw(0x0903_0109)),
            Err(Error::NotSupported)
        );
    }

    #[test]
    fn capacities() {
        assert_eq!(initial_capacity(Algorithm::hkdf(SHA256)), Ok(255 * 32));
        assert_eq!(initial_capacity(Algorithm::hkdf_extract(SHA256)), Ok(32));
        assert_eq!(
            initial_capacity(Algorithm::hkdf_expand(SHA256)),
            Ok(255 * 32)
        );
        assert_eq!(
            initial_capacity(Algorithm::tls12_prf(SHA256)),
            Ok(usize::MAX)
        );
        assert_eq!(initial_capacity(Algorithm::tls12_psk_to_ms(SHA256)), Ok(48));
        assert_eq!(
            initial_capacity(Algorithm::pbkdf2_hmac(SHA256)),
            Ok(u32::MAX as usize * 32)
        );
        assert_eq!(
            initial_capacity(Algorithm::PBKDF2_AES_CMAC_PRF_128),
            Ok(u32::MAX as usize * 16)
        );
        assert_eq!(initial_capacity(Algorithm::TLS12_ECJPAKE_TO_PMS), Ok(32));
        assert_eq!(
            initial_capacity(Algorithm::SP800_108_COUNTER_CMAC),
            Ok(0x1fff_ffff)
        );
        // HKDF over "hash 0" and the bare category are unknown.
        assert_eq!(
            initial_capacity(Algorithm::from_raw(0x0800_0100)),
            Err(Error::NotSupported)
        );
        assert_eq!(
            initial_capacity(Algorithm::from_raw(0x0800_0000)),
            Err(Error::NotSupported)
        );
    }
}
