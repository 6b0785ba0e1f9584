//! GCM (NIST SP 800-38D) over any 16-byte block cipher, for nonces of any non-zero length,
//! streaming: the same code serves one-shot calls (over a borrowed key schedule) and
//! multi-part operations (over a copy owned by the context).
//!
//! `aes-gcm` fixes the nonce size at compile time and has no incremental interface, so
//! GCM is assembled here from its parts: CTR with a 32-bit big-endian counter (`ctr`) and
//! GHASH (`ghash`, PCLMULQDQ at run time) — the same parts `aes-gcm` uses, so one-shot
//! AES-GCM runs at its speed.

use cipher::{BlockCipherEncrypt, InnerIvInit, StreamCipher, StreamCipherCore};
use cipher::{StreamCipherCoreWrapper, consts::U16};
use ctr::CtrCore;
use ctr::flavors::Ctr32BE;
use ghash::GHash;
use ghash::universal_hash::UniversalHash;
use strongroom_driver::{AeadContext, AeadDirection, Error, Result};
use strongroom_types::policy::{GCM_MAX_AD_LENGTH, GCM_MAX_TEXT_LENGTH};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::uhash::{Absorber, Block, lengths_block};

/// What a block cipher must offer to run GCM (and CCM) here.
pub(super) trait Cipher16:
    BlockCipherEncrypt<BlockSize = U16> + Clone + Send + 'static
{
}
impl<C: BlockCipherEncrypt<BlockSize = U16> + Clone + Send + 'static> Cipher16 for C {}

/// The running state of one GCM computation.
pub(super) struct Gcm<C: BlockCipherEncrypt<BlockSize = U16>> {
    ctr: StreamCipherCoreWrapper<CtrCore<C, Ctr32BE>>,
    ghash: Absorber<GHash>,
    /// `E_K(J0)`, which masks the GHASH output to make the tag.
    mask: Zeroizing<[u8; 16]>,
    ad_len: u64,
    text_len: u64,
    in_text: bool,
}

/// Adds `n` to a running length, failing past `max` (`InvalidArgument`).
pub(super) fn add_len(total: u64, n: usize, max: u64) -> Result<u64> {
    u64::try_from(n)
        .ok()
        .and_then(|n| total.checked_add(n))
        .filter(|&t| t <= max)
        .ok_or(Error::InvalidArgument)
}

impl<C: BlockCipherEncrypt<BlockSize = U16>> Gcm<C> {
    /// Starts GCM with `nonce` (SP 800-38D §7.1: J0 = nonce ‖ 0^31 ‖ 1 for a 96-bit nonce,
    /// GHASH of the padded nonce and its bit length otherwise).
    pub(super) fn new(cipher: C, ghash: &GHash, nonce: &[u8]) -> Result<Self> {
        let mut j0 = Block::default();
        if nonce.len() == 12 {
            j0[..12].copy_from_slice(nonce);
            j0[15] = 1;
        } else {
            // The nonce's length in bits must fit the 64-bit field.
            let len = u64::try_from(nonce.len())
                .ok()
                .filter(|&n| n != 0 && n < 1 << 61)
                .ok_or(Error::InvalidArgument)?;
            let mut g = ghash.clone();
            g.update_padded(nonce);
            g.update(&[lengths_block(0, len, true)]);
            j0 = g.finalize();
        }
        let mut core = CtrCore::<C, Ctr32BE>::inner_iv_init(cipher, &j0);
        let mut mask = Block::default();
        core.write_keystream_block(&mut mask);
        let state = Self {
            ctr: StreamCipherCoreWrapper::from_core(core),
            ghash: Absorber::new(ghash.clone()),
            mask: Zeroizing::new(mask.into()),
            ad_len: 0,
            text_len: 0,
            in_text: false,
        };
        mask.zeroize();
        j0.zeroize();
        Ok(state)
    }

    /// Absorbs additional data (all of it before any text).
    pub(super) fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        if self.in_text {
            return Err(Error::BadState);
        }
        self.ad_len = add_len(self.ad_len, ad.len(), GCM_MAX_AD_LENGTH)?;
        self.ghash.absorb(ad);
        Ok(())
    }

    fn enter_text(&mut self, n: usize) -> Result<()> {
        self.text_len = add_len(self.text_len, n, GCM_MAX_TEXT_LENGTH)?;
        if !self.in_text {
            self.ghash.pad();
            self.in_text = true;
        }
        Ok(())
    }

    fn keystream(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        let out = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
        self.ctr
            .try_apply_keystream_b2b(input, out)
            .map_err(|_| Error::InvalidArgument)
    }

    /// Encrypts the next part of the plaintext into `out[..input.len()]`.
    pub(super) fn encrypt(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        self.enter_text(input.len())?;
        self.keystream(input, out)?;
        self.ghash.absorb(&out[..input.len()]);
        Ok(())
    }

    /// Decrypts the next part of the ciphertext into `out[..input.len()]` (not yet
    /// authenticated).
    pub(super) fn decrypt(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        self.enter_text(input.len())?;
        self.ghash.absorb(input);
        self.keystream(input, out)
    }

    /// The full 16-byte tag of what has been processed.
    pub(super) fn tag(self) -> Zeroizing<[u8; 16]> {
        self.tag_and_keystream().0
    }

    /// The tag, and the key stream positioned after the text processed so far (one-shot
    /// decryption authenticates first and decrypts afterwards).
    fn tag_and_keystream(
        self,
    ) -> (
        Zeroizing<[u8; 16]>,
        StreamCipherCoreWrapper<CtrCore<C, Ctr32BE>>,
    ) {
        let Self {
            ctr,
            mut ghash,
            mask,
            ad_len,
            text_len,
            in_text,
        } = self;
        if !in_text {
            ghash.pad();
        }
        let mut s = ghash.finalize_with(&lengths_block(ad_len, text_len, true));
        let mut tag = Zeroizing::new([0u8; 16]);
        for ((t, s), m) in tag.iter_mut().zip(s.iter()).zip(mask.iter()) {
            *t = s ^ m;
        }
        s.zeroize();
        (tag, ctr)
    }
}

/// One-shot encryption: ciphertext into `out[..plaintext.len()]`, then the tag's first
/// `out.len() - plaintext.len()` bytes (GCM's shortened tags are prefixes, §5.2.1.2).
pub(super) fn seal<C: BlockCipherEncrypt<BlockSize = U16>>(
    cipher: C,
    ghash: &GHash,
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let (ct, tag_out) = out
        .split_at_mut_checked(plaintext.len())
        .ok_or(Error::InvalidArgument)?;
    if tag_out.len() > 16 {
        return Err(Error::InvalidArgument);
    }
    let mut gcm = Gcm::new(cipher, ghash, nonce)?;
    gcm.update_ad(aad)?;
    gcm.encrypt(plaintext, ct)?;
    let tag = gcm.tag();
    tag_out.copy_from_slice(&tag[..tag_out.len()]);
    Ok(())
}

/// One-shot decryption: authenticates `ciphertext` against `tag` first (constant-time
/// comparison) and writes the plaintext into `out` only if the tag is right.
pub(super) fn open<C: BlockCipherEncrypt<BlockSize = U16>>(
    cipher: C,
    ghash: &GHash,
    nonce: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> Result<()> {
    if out.len() != ciphertext.len() || tag.is_empty() || tag.len() > 16 {
        return Err(Error::InvalidArgument);
    }
    let mut gcm = Gcm::new(cipher, ghash, nonce)?;
    gcm.update_ad(aad)?;
    gcm.enter_text(ciphertext.len())?;
    gcm.ghash.absorb(ciphertext);
    let (expected, mut ctr) = gcm.tag_and_keystream();
    if !bool::from(expected[..tag.len()].ct_eq(tag)) {
        return Err(Error::InvalidSignature);
    }
    ctr.try_apply_keystream_b2b(ciphertext, out)
        .map_err(|_| Error::InvalidArgument)
}

/// A multi-part GCM computation over an owned copy of the key schedule.
pub(super) struct GcmContext<C: Cipher16> {
    gcm: Gcm<C>,
    dir: AeadDirection,
    tag_len: usize,
}

impl<C: Cipher16> GcmContext<C> {
    pub(super) fn boxed(
        cipher: C,
        ghash: &GHash,
        nonce: &[u8],
        dir: AeadDirection,
        tag_len: usize,
    ) -> Result<Box<dyn AeadContext>> {
        if tag_len > 16 {
            return Err(Error::InvalidArgument);
        }
        Ok(Box::new(Self {
            gcm: Gcm::new(cipher, ghash, nonce)?,
            dir,
            tag_len,
        }))
    }
}

impl<C: Cipher16> AeadContext for GcmContext<C> {
    fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        self.gcm.update_ad(ad)
    }

    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        match self.dir {
            AeadDirection::Encrypt => self.gcm.encrypt(input, out),
            AeadDirection::Decrypt => self.gcm.decrypt(input, out),
        }
    }

    fn finish(self: Box<Self>, tag: &mut [u8]) -> Result<usize> {
        let n = self.tag_len;
        let dst = tag.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&self.gcm.tag()[..n]);
        Ok(n)
    }
}

impl<C: Cipher16> core::fmt::Debug for GcmContext<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GcmContext")
            .field("dir", &self.dir)
            .field("tag_len", &self.tag_len)
            .finish_non_exhaustive()
    }
}
