//! Key derivation primitives: HKDF (extract/expand), the TLS 1.2 PRF, PBKDF2 (HMAC,
//! AES-CMAC-PRF-128), SP 800-108 counter mode (HMAC, CMAC), and the derivation of ECC
//! private keys from a stream.
//!
//! Every KDF here is a loop over a keyed PRF ([`prf`]): HMAC over each hash of
//! [`crate::hash`] (the SHA-3 sponges through [`prf::SpongeHmac`]), or CMAC. The keyed PRF
//! state is built once per derivation and cloned for each PRF call, the way `mac.rs`
//! prepares HMAC keys. Outputs are produced a block at a time ([`stream::Blocks`]) so the
//! engine can read them in pieces of any size. All keyed states and block buffers zeroize
//! on drop; `Debug` shows the algorithm only.

mod ecc;
mod hkdf;
mod pbkdf2;
mod prf;
mod sp800_108;
mod stream;
mod tls12;

use strongroom_driver::{Algorithm, Error, KdfDriver, KdfStream, KeyType, Result};

/// The software KdfDriver.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SoftKdf;

impl KdfDriver for SoftKdf {
    fn supports(&self, kdf: Algorithm) -> bool {
        let hmac_of = |kdf: Algorithm| kdf.hash().is_some_and(prf::hmac_supported);
        if kdf.is_hkdf() || kdf.is_hkdf_extract() || kdf.is_hkdf_expand() {
            hmac_of(kdf)
        } else if kdf.is_tls12_prf() || kdf.is_tls12_psk_to_ms() {
            // RFC 5246 fixes SHA-256 (and cipher suites SHA-384); Mbed TLS offers only these.
            matches!(kdf.hash(), Some(Algorithm::SHA_256 | Algorithm::SHA_384)) && hmac_of(kdf)
        } else if kdf.is_pbkdf2_hmac() || kdf.is_sp800_108_counter_hmac() {
            hmac_of(kdf)
        } else {
            kdf == Algorithm::PBKDF2_AES_CMAC_PRF_128
                || kdf == Algorithm::SP800_108_COUNTER_CMAC
                || kdf == Algorithm::TLS12_ECJPAKE_TO_PMS
        }
    }

    fn hkdf_extract(
        &self,
        hash: Algorithm,
        salt: &[u8],
        ikm: &[u8],
        prk: &mut [u8],
    ) -> Result<usize> {
        hkdf::extract(hash, salt, ikm, prk)
    }

    fn hkdf_expand(&self, hash: Algorithm, prk: &[u8], info: &[u8]) -> Result<Box<dyn KdfStream>> {
        hkdf::expand(hash, prk, info)
    }

    fn tls12_prf(
        &self,
        hash: Algorithm,
        secret: &[u8],
        label: &[u8],
        seed: &[u8],
    ) -> Result<Box<dyn KdfStream>> {
        tls12::prf(hash, secret, label, seed)
    }

    fn pbkdf2(
        &self,
        prf: Algorithm,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<Box<dyn KdfStream>> {
        pbkdf2::stream(prf, password, salt, iterations)
    }

    fn sp800_108_counter(
        &self,
        prf: Algorithm,
        key_type: KeyType,
        key: &[u8],
        label: &[u8],
        context: &[u8],
        length_bits: u32,
    ) -> Result<Box<dyn KdfStream>> {
        sp800_108::counter(prf, key_type, key, label, context, length_bits)
    }

    fn ecc_private_key_draw_len(&self, key_type: KeyType, bits: u32) -> Result<usize> {
        if !key_type.is_ecc_key_pair() {
            return Err(Error::InvalidArgument);
        }
        ecc::draw_len(key_type, bits)
    }

    fn ecc_private_key_from_draw(
        &self,
        key_type: KeyType,
        bits: u32,
        draw: &[u8],
        out: &mut [u8],
    ) -> Result<Option<usize>> {
        if !key_type.is_ecc_key_pair() {
            return Err(Error::InvalidArgument);
        }
        ecc::from_draw(key_type, bits, draw, out)
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    /// Decodes a hex string (test vectors).
    pub(crate) fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// Reads `n` bytes from a stream in pieces of `piece` bytes.
    pub(crate) fn read_all(
        s: &mut dyn strongroom_driver::KdfStream,
        n: usize,
        piece: usize,
    ) -> Vec<u8> {
        let mut out = vec![0u8; n];
        for chunk in out.chunks_mut(piece.max(1)) {
            s.read(chunk).expect("read");
        }
        out
    }
}
