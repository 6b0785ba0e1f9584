//! GCM (NIST SP 800-38D) over any 16-byte block cipher, for nonces of any non-zero length:
//! [`Gcm`], the streaming state of a multi-part operation (over a copy of the key schedule
//! owned by its context), and [`seal`] / [`open`] for one-shot calls (over the shared
//! schedule, borrowed).
//!
//! `aes-gcm` fixes the nonce size at compile time and has no incremental interface, so
//! GCM is assembled here from its parts: CTR with a 32-bit big-endian counter (`ctr`) and
//! GHASH (`ghash`, PCLMULQDQ at run time) — the same parts `aes-gcm` uses. One-shot calls
//! with a 96-bit nonce go through `aes-gcm` itself ([`Fast`]), the fastest path.

use aes_gcm::AeadInOut;
use cipher::StreamCipherCoreWrapper;
use cipher::array::Array;
use cipher::consts::{U12, U16};
use cipher::inout::InOutBuf;
use cipher::{BlockCipherEncrypt, InnerIvInit, StreamCipher, StreamCipherCore};
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

/// The pre-counter block J0 for `nonce` (SP 800-38D §7.1): nonce ‖ 0^31 ‖ 1 for a 96-bit
/// nonce, otherwise the GHASH of the zero-padded nonce and its length in bits.
fn pre_counter_block(ghash: &GHash, nonce: &[u8]) -> Result<Block> {
    let mut j0 = Block::default();
    if nonce.len() == 12 {
        j0[..12].copy_from_slice(nonce);
        j0[15] = 1;
        return Ok(j0);
    }
    // The nonce's length in bits must fit the 64-bit field.
    let len = u64::try_from(nonce.len())
        .ok()
        .filter(|&n| n != 0 && n < 1 << 61)
        .ok_or(Error::InvalidArgument)?;
    let mut g = ghash.clone();
    g.update_padded(nonce);
    g.update(&[lengths_block(0, len, true)]);
    Ok(g.finalize())
}

/// The tag of a whole message: GHASH over the padded additional data and ciphertext and
/// their lengths, masked with `E_K(J0)`.
fn whole_message_tag(ghash: &GHash, mask: &Block, aad: &[u8], ct: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut g = ghash.clone();
    g.update_padded(aad);
    g.update_padded(ct);
    // Both fit: the callers' limits keep the byte counts below 2^61.
    g.update(&[lengths_block(aad.len() as u64, ct.len() as u64, true)]);
    let mut s = g.finalize();
    let mut tag = Zeroizing::new([0u8; 16]);
    for ((t, s), m) in tag.iter_mut().zip(s.iter()).zip(mask.iter()) {
        *t = s ^ m;
    }
    s.zeroize();
    tag
}

/// Checks a one-shot message against GCM's limits (`InvalidArgument`).
fn check_one_shot(aad: &[u8], text_len: usize) -> Result<()> {
    add_len(0, aad.len(), GCM_MAX_AD_LENGTH)?;
    add_len(0, text_len, GCM_MAX_TEXT_LENGTH)?;
    Ok(())
}

impl<C: BlockCipherEncrypt<BlockSize = U16>> Gcm<C> {
    /// Starts a streaming GCM computation with `nonce`.
    pub(super) fn new(cipher: C, ghash: &GHash, nonce: &[u8]) -> Result<Self> {
        let mut j0 = pre_counter_block(ghash, nonce)?;
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
        let out = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
        self.enter_text(input.len())?;
        self.keystream(input, out)?;
        self.ghash.absorb(out);
        Ok(())
    }

    /// Decrypts the next part of the ciphertext into `out[..input.len()]` (not yet
    /// authenticated).
    pub(super) fn decrypt(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        let out = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
        self.enter_text(input.len())?;
        self.ghash.absorb(input);
        self.keystream(input, out)
    }

    /// The full 16-byte tag of what has been processed.
    pub(super) fn tag(self) -> Zeroizing<[u8; 16]> {
        let Self {
            mut ghash,
            mask,
            ad_len,
            text_len,
            in_text,
            ..
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
        tag
    }
}

/// One-shot encryption: ciphertext into `out[..plaintext.len()]`, then the tag's first
/// `out.len() - plaintext.len()` bytes (GCM's shortened tags are prefixes, §5.2.1.2).
///
/// Computed directly rather than through [`Gcm`]: a whole message needs no buffering, and
/// moving the streaming state around costs a third of a 64-byte call.
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
    check_one_shot(aad, plaintext.len())?;
    let mut j0 = pre_counter_block(ghash, nonce)?;
    let mut core = CtrCore::<C, Ctr32BE>::inner_iv_init(cipher, &j0);
    j0.zeroize();
    let mut mask = Block::default();
    core.write_keystream_block(&mut mask);
    let buf = InOutBuf::new(plaintext, ct).map_err(|_| Error::InvalidArgument)?;
    let r = core
        .try_apply_keystream_partial(buf)
        .map_err(|_| Error::InvalidArgument);
    let tag = whole_message_tag(ghash, &mask, aad, ct);
    mask.zeroize();
    r?;
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
    check_one_shot(aad, ciphertext.len())?;
    let mut j0 = pre_counter_block(ghash, nonce)?;
    let mut core = CtrCore::<C, Ctr32BE>::inner_iv_init(cipher, &j0);
    j0.zeroize();
    let mut mask = Block::default();
    core.write_keystream_block(&mut mask);
    let expected = whole_message_tag(ghash, &mask, aad, ciphertext);
    mask.zeroize();
    if !bool::from(expected[..tag.len()].ct_eq(tag)) {
        return Err(Error::InvalidSignature);
    }
    let buf = InOutBuf::new(ciphertext, out).map_err(|_| Error::InvalidArgument)?;
    core.try_apply_keystream_partial(buf)
        .map_err(|_| Error::InvalidArgument)
}

/// The `aes-gcm` instance for 96-bit nonces and 16-byte tags: the common case
/// (TLS 1.3, the benchmarks) takes the crate's path, which spends about a fifth fewer
/// instructions on a 64-byte message than [`seal`]. The two agree (tests cross-check).
pub(super) type Fast<C> = aes_gcm::AesGcm<C, U12, U16>;

/// One-shot encryption with a 12-byte nonce through [`Fast`]: ciphertext, then the first
/// `out.len() - plaintext.len()` bytes of the tag.
pub(super) fn fast_seal<C: BlockCipherEncrypt<BlockSize = U16>>(
    gcm: &Fast<C>,
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let nonce = <&Array<u8, U12>>::try_from(nonce).map_err(|_| Error::InvalidArgument)?;
    let (ct, tag_out) = out
        .split_at_mut_checked(plaintext.len())
        .ok_or(Error::InvalidArgument)?;
    if tag_out.len() > 16 {
        return Err(Error::InvalidArgument);
    }
    let buf = InOutBuf::new(plaintext, ct).map_err(|_| Error::InvalidArgument)?;
    let mut tag = gcm
        .encrypt_inout_detached(nonce, aad, buf)
        .map_err(|_| Error::InvalidArgument)?;
    tag_out.copy_from_slice(&tag[..tag_out.len()]);
    tag.zeroize();
    Ok(())
}

/// One-shot decryption with a 12-byte nonce and a 16-byte tag through [`Fast`] (which
/// checks the tag in constant time before it decrypts).
pub(super) fn fast_open<C: BlockCipherEncrypt<BlockSize = U16>>(
    gcm: &Fast<C>,
    nonce: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let nonce = <&Array<u8, U12>>::try_from(nonce).map_err(|_| Error::InvalidArgument)?;
    let tag = <&Array<u8, U16>>::try_from(tag).map_err(|_| Error::InvalidArgument)?;
    let buf = InOutBuf::new(ciphertext, out).map_err(|_| Error::InvalidArgument)?;
    gcm.decrypt_inout_detached(nonce, aad, buf, tag)
        .map_err(|_| Error::InvalidSignature)
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
