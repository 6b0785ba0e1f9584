//! Key derivation primitives: HKDF (extract/expand), the TLS 1.2 PRF, PBKDF2 (HMAC,
//! AES-CMAC-PRF-128), SP 800-108 counter mode, and the spec's procedure for turning a
//! derivation stream into an ECC private key.
//!
//! Implemented by a driver and reached through [`crate::Driver::kdf`].
//!
//! Division of work with the engine: the engine runs the PSA key-derivation operation (which
//! inputs each algorithm takes, in which order, capacity, policy, and assembling inputs such
//! as the TLS 1.2 PSK-to-MS premaster secret). Once it has every input of an algorithm it
//! asks the driver for an output stream ([`KdfStream`]) and reads from it. The driver only
//! computes; it never sees an input it is not about to use, and it never checks PSA
//! ordering rules.

use crate::{Algorithm, KeyType, Result};

/// The output of a key derivation, read front to back in pieces of any size.
///
/// Streams hold keyed states derived from secrets: they zeroize on drop and their `Debug`
/// shows no secret. The engine enforces the capacity, so a read past what the algorithm can
/// produce (HKDF's 255 blocks, PBKDF2's 2^32 - 1 blocks) is a defensive error
/// (`InsufficientData`), never a panic.
pub trait KdfStream: Send + core::fmt::Debug {
    /// Fills `out` with the next `out.len()` bytes of the stream.
    fn read(&mut self, out: &mut [u8]) -> Result<()>;
}

/// Key derivation primitives.
///
/// PRFs are named by algorithm: [`Algorithm::hmac`]`(hash)` for HMAC, and
/// [`Algorithm::CMAC`] for CMAC over the block cipher of the key (for PBKDF2 that is
/// AES-CMAC-PRF-128 of RFC 4615, whose key is a password of any length).
pub trait KdfDriver: Send + Sync + core::fmt::Debug {
    /// Whether the driver implements the key derivation algorithm `kdf` (not combined with
    /// a key agreement) with the hash it names. The engine has checked the algorithm's
    /// structure; this answers the "is that hash/PRF built in" question for
    /// `psa_key_derivation_setup`.
    fn supports(&self, kdf: Algorithm) -> bool;

    /// HKDF-Extract (RFC 5869 §2.2): writes `PRK = HMAC-hash(salt, ikm)` into `prk` (at
    /// least the hash length) and returns its length.
    fn hkdf_extract(
        &self,
        hash: Algorithm,
        salt: &[u8],
        ikm: &[u8],
        prk: &mut [u8],
    ) -> Result<usize>;

    /// HKDF-Expand (RFC 5869 §2.3): the stream `T(1) || T(2) || …` for `prk` and `info`.
    fn hkdf_expand(&self, hash: Algorithm, prk: &[u8], info: &[u8]) -> Result<Box<dyn KdfStream>>;

    /// The TLS 1.2 PRF (RFC 5246 §5): the stream `P_hash(secret, label || seed)`.
    fn tls12_prf(
        &self,
        hash: Algorithm,
        secret: &[u8],
        label: &[u8],
        seed: &[u8],
    ) -> Result<Box<dyn KdfStream>>;

    /// PBKDF2 (RFC 8018 §5.2): the stream `T_1 || T_2 || …` with PRF `prf`
    /// ([`Algorithm::hmac`] or [`Algorithm::CMAC`] for AES-CMAC-PRF-128), `iterations` ≥ 1.
    fn pbkdf2(
        &self,
        prf: Algorithm,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<Box<dyn KdfStream>>;

    /// NIST SP 800-108 counter-mode KDF as the PSA spec fixes it (32-bit big-endian
    /// counter from 1 and length `L` in bits; for CMAC, the `K_0` mitigation):
    /// `K_i = PRF(K, [i]_4 || label || 0x00 || context || [L]_4 [|| K_0])`.
    /// `key_type` is the type of `key` (the block cipher, for CMAC).
    fn sp800_108_counter(
        &self,
        prf: Algorithm,
        key_type: KeyType,
        key: &[u8],
        label: &[u8],
        context: &[u8],
        length_bits: u32,
    ) -> Result<Box<dyn KdfStream>> {
        let _ = (prf, key_type, key, label, context, length_bits);
        Err(crate::Error::NotSupported)
    }

    /// How many stream bytes one attempt at deriving the private key of an ECC key pair
    /// of `key_type` and `bits` draws (spec "Key derivation" of ECC key pairs:
    /// `ceil(bits/8)` for Weierstrass and Montgomery curves, the seed length for Edwards
    /// curves).
    ///
    /// Errors: a size the family does not have → `InvalidArgument`; a curve the driver
    /// does not implement → `NotSupported`.
    fn ecc_private_key_draw_len(&self, key_type: KeyType, bits: u32) -> Result<usize> {
        let _ = (key_type, bits);
        Err(crate::Error::NotSupported)
    }

    /// One attempt of the spec's procedure over `draw` (exactly
    /// [`ecc_private_key_draw_len`](Self::ecc_private_key_draw_len) bytes of the stream):
    /// writes the private key in its export format into `out` and returns its length, or
    /// `Ok(None)` when the draw must be discarded and another one made (Weierstrass
    /// curves: the masked value is above `n - 2`). Weierstrass: mask the excess high
    /// bits, key = value + 1; Montgomery: clamp as RFC 7748; Edwards: the seed itself.
    fn ecc_private_key_from_draw(
        &self,
        key_type: KeyType,
        bits: u32,
        draw: &[u8],
        out: &mut [u8],
    ) -> Result<Option<usize>> {
        let _ = (key_type, bits, draw, out);
        Err(crate::Error::NotSupported)
    }
}
