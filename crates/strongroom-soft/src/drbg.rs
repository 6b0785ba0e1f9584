//! HMAC_DRBG with HMAC-SHA-256 (NIST SP 800-90A Rev. 1, §10.1.2), security strength 256
//! bits, no prediction resistance (callers reseed on their own policy, see
//! [`crate::SoftRandom`]).
//!
//! State: the key `K`, kept only as the keyed HMAC state (the ipad/opad blocks absorbed),
//! so that each `HMAC(K, ·)` during generation is a clone rather than a key schedule; the
//! value `V`; the reseed counter. Everything zeroizes on drop.
//!
//! SHA-256 rather than SHA-512: both give 256-bit strength here, and SHA-256 runs on the SHA
//! extensions of current x86 and Arm cores, SHA-512 mostly does not.
//!
//! Validated against the NIST CAVP vectors in `tests/data/hmac_drbg_cavp.txt`.

use core::fmt;

use hmac::Hmac;
use hmac::digest::{FixedOutput, Key, KeyInit, Update};
use sha2::Sha256;
use strongroom_driver::{Error, Result};
use zeroize::Zeroize;

type HmacSha256 = Hmac<Sha256>;

/// Output length of the HMAC (`outlen`), bytes.
const OUT_LEN: usize = 32;

/// An HMAC_DRBG instance over HMAC-SHA-256.
///
/// [`generate`](Self::generate) takes requests of any length and splits them into requests of
/// at most [`MAX_REQUEST_BYTES`](Self::MAX_REQUEST_BYTES), each a separate SP 800-90A generate
/// call that advances the reseed counter.
#[cfg_attr(feature = "test-seams", derive(Clone))]
pub struct HmacDrbg {
    /// `HMAC(K, ·)` keyed state.
    key: HmacSha256,
    /// `V`.
    v: [u8; OUT_LEN],
    /// Generate calls since instantiation or the last reseed, plus one (SP 800-90A).
    reseed_counter: u64,
}

impl HmacDrbg {
    /// Security strength in bytes; also the minimum entropy input length.
    pub const SECURITY_STRENGTH: usize = 32;
    /// Most bytes one SP 800-90A generate call may return (2^19 bits).
    pub const MAX_REQUEST_BYTES: usize = 1 << 16;
    /// Generate calls allowed between reseeds (the SP 800-90A maximum, 2^48).
    pub const RESEED_INTERVAL: u64 = 1 << 48;
    /// Longest entropy input, nonce, personalization string or additional input (2^35
    /// bits).
    pub const MAX_INPUT_BYTES: u64 = 1 << 32;

    /// Instantiate (§10.1.2.3): `entropy` must hold at least
    /// [`SECURITY_STRENGTH`](Self::SECURITY_STRENGTH) bytes (else `InsufficientEntropy`);
    /// `nonce` should hold at least half as many.
    pub fn instantiate(entropy: &[u8], nonce: &[u8], personalization: &[u8]) -> Result<Self> {
        check_entropy(entropy)?;
        check_input(nonce)?;
        check_input(personalization)?;
        let mut drbg = Self {
            key: keyed(&[0; OUT_LEN]),
            v: [1; OUT_LEN],
            reseed_counter: 1,
        };
        drbg.update(&[entropy, nonce, personalization]);
        Ok(drbg)
    }

    /// Reseed (§10.1.2.4) with fresh `entropy` (at least
    /// [`SECURITY_STRENGTH`](Self::SECURITY_STRENGTH) bytes) and optional `additional` input.
    pub fn reseed(&mut self, entropy: &[u8], additional: &[u8]) -> Result<()> {
        check_entropy(entropy)?;
        check_input(additional)?;
        self.update(&[entropy, additional]);
        self.reseed_counter = 1;
        Ok(())
    }

    /// Generate (§10.1.2.5): fills `out` (any length, 0 included), with `additional` input
    /// applied to the first request of the split. `BadState` when a reseed is required (after
    /// [`RESEED_INTERVAL`](Self::RESEED_INTERVAL) requests); nothing is written then.
    pub fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<()> {
        check_input(additional)?;
        let mut additional = additional;
        for chunk in out.chunks_mut(Self::MAX_REQUEST_BYTES) {
            self.generate_request(chunk, additional)?;
            additional = &[];
        }
        Ok(())
    }

    /// Generate calls made since instantiation or the last reseed.
    pub fn requests_since_reseed(&self) -> u64 {
        self.reseed_counter - 1
    }

    /// One SP 800-90A generate call (`out.len() <= MAX_REQUEST_BYTES`).
    fn generate_request(&mut self, out: &mut [u8], additional: &[u8]) -> Result<()> {
        if self.reseed_counter > Self::RESEED_INTERVAL {
            return Err(Error::BadState);
        }
        if !additional.is_empty() {
            self.update(&[additional]);
        }
        for block in out.chunks_mut(OUT_LEN) {
            self.v = self.mac(&[&self.v]);
            block.copy_from_slice(&self.v[..block.len()]);
        }
        self.update(&[additional]);
        self.reseed_counter += 1;
        Ok(())
    }

    /// HMAC_DRBG_Update (§10.1.2.2) with `provided_data` = the concatenation of `data`.
    fn update(&mut self, data: &[&[u8]]) {
        self.update_round(0x00, data);
        if data.iter().any(|d| !d.is_empty()) {
            self.update_round(0x01, data);
        }
    }

    /// `K = HMAC(K, V || byte || data); V = HMAC(K, V)`.
    fn update_round(&mut self, byte: u8, data: &[&[u8]]) {
        let mut mac = self.key.clone();
        mac.update(&self.v);
        mac.update(&[byte]);
        for d in data {
            mac.update(d);
        }
        let mut k: [u8; OUT_LEN] = mac.finalize_fixed().into();
        self.key = keyed(&k);
        k.zeroize();
        self.v = self.mac(&[&self.v]);
    }

    /// `HMAC(K, concatenation of data)`.
    fn mac(&self, data: &[&[u8]]) -> [u8; OUT_LEN] {
        let mut mac = self.key.clone();
        for d in data {
            mac.update(d);
        }
        mac.finalize_fixed().into()
    }
}

/// The HMAC-SHA-256 state keyed with `k`. A key shorter than the hash block is zero-padded
/// to a block by HMAC itself (RFC 2104 §2), so padding it here and using the infallible
/// fixed-size constructor gives the same MAC.
fn keyed(k: &[u8; OUT_LEN]) -> HmacSha256 {
    let mut block = Key::<HmacSha256>::default();
    block[..OUT_LEN].copy_from_slice(k);
    let mac = HmacSha256::new(&block);
    block.as_mut_slice().zeroize();
    mac
}

fn check_entropy(entropy: &[u8]) -> Result<()> {
    if entropy.len() < HmacDrbg::SECURITY_STRENGTH {
        return Err(Error::InsufficientEntropy);
    }
    check_input(entropy)
}

fn check_input(input: &[u8]) -> Result<()> {
    if input.len() as u64 > HmacDrbg::MAX_INPUT_BYTES {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

impl Drop for HmacDrbg {
    fn drop(&mut self) {
        // `key` zeroizes itself (hmac's `zeroize` feature).
        self.v.zeroize();
        self.reseed_counter.zeroize();
    }
}

impl zeroize::ZeroizeOnDrop for HmacDrbg {}

impl fmt::Debug for HmacDrbg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacDrbg")
            .field("hash", &"SHA-256")
            .field("requests_since_reseed", &self.requests_since_reseed())
            .finish_non_exhaustive()
    }
}
