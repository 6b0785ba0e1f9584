//! The prepared forms of AEAD keys, built once per key and shared read-only.
//!
//! - [`BlockKey`]: a 16-byte block cipher's expanded schedule and its GHASH key
//!   `H = E_K(0^128)`, plus `aes-gcm`'s instance for one-shot GCM with 96-bit nonces;
//!   serves GCM and CCM. One-shot calls borrow the schedule; a multi-part context gets its
//!   own copy (so that destroying the key can wipe it).
//! - [`ChaChaKey`]: the 32-byte (X)ChaCha20 key (ChaCha20 has no schedule to expand).
//!
//! Both zeroize on drop (the cipher crates' `zeroize` features, `Zeroizing`) and print
//! no secret in `Debug`.

use core::fmt;

use cipher::KeyInit;
use ghash::GHash;
use strongroom_driver::{
    AeadContext, AeadDirection, AeadLengths, Algorithm, Error, PreparedAead, Result,
};
use strongroom_types::policy::AeadMode;
use zeroize::{Zeroize, Zeroizing};

use super::ccm::{self, CcmContext};
use super::chachapoly::{self, ChaChaPolyContext};
use super::gcm::{self, Cipher16, GcmContext};

/// The construction and tag length of a specific algorithm (not a wildcard) that `serves`
/// accepts; anything else is `InvalidArgument` (the engine has checked already).
fn mode_and_tag(alg: Algorithm) -> Result<(AeadMode, usize)> {
    let mode = AeadMode::of(alg).ok_or(Error::NotSupported)?;
    let tag_len = alg.aead_tag_length_field();
    if alg.is_aead_at_least_this_length_tag() || !mode.tag_length_ok(tag_len) {
        return Err(Error::InvalidArgument);
    }
    Ok((mode, tag_len))
}

/// A 16-byte block cipher key prepared for GCM and CCM.
pub(super) struct BlockKey<C: Cipher16> {
    cipher: C,
    ghash: GHash,
    /// `aes-gcm`'s instance for the common case (12-byte nonce): a second copy of the
    /// schedule, for speed.
    fast: gcm::Fast<C>,
    /// The cipher's name and key size, for `Debug`.
    name: &'static str,
}

impl<C: Cipher16 + KeyInit + Sync> BlockKey<C> {
    pub(super) fn boxed(key: &[u8], name: &'static str) -> Result<Box<dyn PreparedAead>> {
        let cipher = C::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
        let mut h = ghash::Key::default();
        cipher.encrypt_block(&mut h);
        let ghash = GHash::new(&h);
        h.zeroize();
        Ok(Box::new(Self {
            fast: gcm::Fast::from(cipher.clone()),
            cipher,
            ghash,
            name,
        }))
    }
}

impl<C: Cipher16 + Sync> PreparedAead for BlockKey<C> {
    fn serves(&self, alg: Algorithm) -> bool {
        matches!(AeadMode::of(alg), Some(AeadMode::Gcm | AeadMode::Ccm))
    }

    fn encrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        let (mode, tag_len) = mode_and_tag(alg)?;
        if plaintext.len().checked_add(tag_len) != Some(out.len()) {
            return Err(Error::InvalidArgument);
        }
        match mode {
            AeadMode::Gcm if nonce.len() == 12 => {
                gcm::fast_seal(&self.fast, nonce, aad, plaintext, out)
            }
            AeadMode::Gcm => gcm::seal(&self.cipher, &self.ghash, nonce, aad, plaintext, out),
            AeadMode::Ccm => ccm::seal(&self.cipher, nonce, aad, plaintext, out),
            _ => Err(Error::NotSupported),
        }
    }

    fn decrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        let (mode, tag_len) = mode_and_tag(alg)?;
        let Some((ct, tag)) = input.split_at_checked(input.len().wrapping_sub(tag_len)) else {
            return Err(Error::InvalidArgument);
        };
        let r = match mode {
            AeadMode::Gcm if nonce.len() == 12 && tag.len() == 16 => {
                gcm::fast_open(&self.fast, nonce, aad, ct, tag, out)
            }
            AeadMode::Gcm => gcm::open(&self.cipher, &self.ghash, nonce, aad, ct, tag, out),
            AeadMode::Ccm => ccm::open(&self.cipher, nonce, aad, ct, tag, out),
            _ => Err(Error::NotSupported),
        };
        if r.is_err() {
            out.zeroize();
        }
        r
    }

    fn start(
        &self,
        alg: Algorithm,
        dir: AeadDirection,
        nonce: &[u8],
        lengths: Option<AeadLengths>,
    ) -> Result<Box<dyn AeadContext>> {
        let (mode, tag_len) = mode_and_tag(alg)?;
        match mode {
            AeadMode::Gcm => {
                GcmContext::boxed(self.cipher.clone(), &self.ghash, nonce, dir, tag_len)
            }
            AeadMode::Ccm => CcmContext::boxed(self.cipher.clone(), nonce, lengths, dir, tag_len),
            _ => Err(Error::NotSupported),
        }
    }
}

impl<C: Cipher16> fmt::Debug for BlockKey<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockKey")
            .field("cipher", &self.name)
            .finish_non_exhaustive()
    }
}

/// A ChaCha20 or XChaCha20 key prepared for (X)ChaCha20-Poly1305.
pub(super) struct ChaChaKey {
    key: Zeroizing<[u8; 32]>,
    /// XChaCha20 (24-byte nonces) rather than ChaCha20 (12-byte nonces).
    extended: bool,
}

impl ChaChaKey {
    pub(super) fn boxed(key: &[u8], extended: bool) -> Result<Box<dyn PreparedAead>> {
        let mut k = Zeroizing::new([0u8; 32]);
        if key.len() != k.len() {
            return Err(Error::InvalidArgument);
        }
        k.copy_from_slice(key);
        Ok(Box::new(Self { key: k, extended }))
    }

    fn mode(&self) -> AeadMode {
        if self.extended {
            AeadMode::XChaCha20Poly1305
        } else {
            AeadMode::ChaCha20Poly1305
        }
    }

    /// Checks that `alg` is this key's construction.
    fn check(&self, alg: Algorithm) -> Result<()> {
        let (mode, _) = mode_and_tag(alg)?;
        if mode == self.mode() {
            Ok(())
        } else {
            Err(Error::NotSupported)
        }
    }
}

impl PreparedAead for ChaChaKey {
    fn serves(&self, alg: Algorithm) -> bool {
        AeadMode::of(alg) == Some(self.mode())
    }

    fn encrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        self.check(alg)?;
        chachapoly::seal(&self.key[..], self.extended, nonce, aad, plaintext, out)
    }

    fn decrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        self.check(alg)?;
        let tag_len = chachapoly::TAG_LEN;
        let Some((ct, tag)) = input.split_at_checked(input.len().wrapping_sub(tag_len)) else {
            return Err(Error::InvalidArgument);
        };
        let r = chachapoly::open(&self.key[..], self.extended, nonce, aad, ct, tag, out);
        if r.is_err() {
            out.zeroize();
        }
        r
    }

    fn start(
        &self,
        alg: Algorithm,
        dir: AeadDirection,
        nonce: &[u8],
        lengths: Option<AeadLengths>,
    ) -> Result<Box<dyn AeadContext>> {
        let _ = lengths; // Not needed: the lengths block comes at the end.
        self.check(alg)?;
        ChaChaPolyContext::boxed(&self.key[..], self.extended, nonce, dir)
    }
}

impl fmt::Debug for ChaChaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = if self.extended {
            "XChaCha20"
        } else {
            "ChaCha20"
        };
        f.debug_struct("ChaChaKey")
            .field("cipher", &name)
            .finish_non_exhaustive()
    }
}
