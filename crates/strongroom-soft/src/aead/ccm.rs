//! CCM (RFC 3610, NIST SP 800-38C) over any 16-byte block cipher, streaming.
//!
//! CCM authenticates with CBC-MAC over a first block `B0` that holds the nonce, the tag
//! length and the text length, then the length-prefixed additional data, then the
//! plaintext; it encrypts with CTR from counter 1, counter 0 masking the tag. Because `B0`
//! needs the text length and the additional-data prefix needs the additional-data length,
//! both must be known before the first byte: the multi-part API requires
//! `psa_aead_set_lengths` for CCM.
//!
//! `ccm` (the crate) fixes nonce and tag sizes at compile time and has no incremental
//! interface, hence this module. The CBC-MAC state and the held partial block (which may
//! be plaintext) zeroize on drop.

use cipher::{BlockCipherEncrypt, InnerIvInit, StreamCipher, StreamCipherCore};
use cipher::{StreamCipherCoreWrapper, consts::U16};
use ctr::CtrCore;
use ctr::flavors::Ctr64BE;
use strongroom_driver::{AeadContext, AeadDirection, AeadLengths, Error, Result};
use strongroom_types::policy::ccm_text_length_ok;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::gcm::{Cipher16, add_len};
use super::uhash::Block;

/// CBC-MAC over a stream of bytes cut anywhere.
struct CbcMac<C: BlockCipherEncrypt<BlockSize = U16>> {
    cipher: C,
    /// The chaining value `X_i`.
    x: Zeroizing<[u8; 16]>,
    /// Bytes of the current segment not yet chained (`buf[..held]`).
    buf: Zeroizing<[u8; 16]>,
    held: usize,
}

impl<C: BlockCipherEncrypt<BlockSize = U16>> CbcMac<C> {
    fn new(cipher: C) -> Self {
        Self {
            cipher,
            x: Zeroizing::new([0; 16]),
            buf: Zeroizing::new([0; 16]),
            held: 0,
        }
    }

    fn absorb(&mut self, mut data: &[u8]) {
        if self.held > 0 {
            let take = (16 - self.held).min(data.len());
            self.buf[self.held..self.held + take].copy_from_slice(&data[..take]);
            self.held += take;
            data = &data[take..];
            if self.held < 16 {
                return;
            }
            chain(&self.cipher, &mut self.x, &self.buf[..]);
            self.held = 0;
        }
        let mut blocks = data.chunks_exact(16);
        for block in &mut blocks {
            chain(&self.cipher, &mut self.x, block);
        }
        let tail = blocks.remainder();
        self.buf[..tail.len()].copy_from_slice(tail);
        self.held = tail.len();
    }

    /// Ends a segment: zero-pads and chains a held partial block.
    fn pad(&mut self) {
        if self.held > 0 {
            self.buf[self.held..].fill(0);
            chain(&self.cipher, &mut self.x, &self.buf[..]);
            self.held = 0;
        }
    }
}

/// One CBC-MAC step: `x = E_K(x ⊕ block)` (`block` is 16 bytes).
fn chain<C: BlockCipherEncrypt<BlockSize = U16>>(cipher: &C, x: &mut [u8; 16], block: &[u8]) {
    let mut b = Block::default();
    for ((o, x), m) in b.iter_mut().zip(x.iter()).zip(block) {
        *o = x ^ m;
    }
    cipher.encrypt_block(&mut b);
    x.copy_from_slice(&b);
    b.zeroize();
}

/// The running state of one CCM computation.
pub(super) struct Ccm<C: BlockCipherEncrypt<BlockSize = U16>> {
    mac: CbcMac<C>,
    ctr: StreamCipherCoreWrapper<CtrCore<C, Ctr64BE>>,
    /// `E_K(A0)`, which masks the CBC-MAC to make the tag.
    s0: Zeroizing<[u8; 16]>,
    lengths: AeadLengths,
    ad_seen: u64,
    text_seen: u64,
    in_text: bool,
    tag_len: usize,
}

impl<C: BlockCipherEncrypt<BlockSize = U16> + Clone> Ccm<C> {
    /// Starts CCM: nonce of 7..=13 bytes, tag of 4, 6, …, 16 bytes, a text that fits the
    /// `15 - nonce length` bytes of length field; anything else is `InvalidArgument`.
    pub(super) fn new(
        cipher: C,
        nonce: &[u8],
        lengths: AeadLengths,
        tag_len: usize,
    ) -> Result<Self> {
        let n = nonce.len();
        if !(7..=13).contains(&n)
            || !(4..=16).contains(&tag_len)
            || !tag_len.is_multiple_of(2)
            || !ccm_text_length_ok(n, lengths.text)
        {
            return Err(Error::InvalidArgument);
        }
        let l = 15 - n;
        // B0 = flags ‖ nonce ‖ text length (RFC 3610 §2.2).
        let mut b0 = [0u8; 16];
        b0[0] = (u8::from(lengths.ad > 0) << 6) | (((tag_len as u8 - 2) / 2) << 3) | (l as u8 - 1);
        b0[1..=n].copy_from_slice(nonce);
        b0[16 - l..].copy_from_slice(&lengths.text.to_be_bytes()[8 - l..]);
        let mut mac = CbcMac::new(cipher.clone());
        chain(&mac.cipher, &mut mac.x, &b0);
        b0.zeroize();
        // The additional data starts with its length (RFC 3610 §2.2).
        if lengths.ad > 0 {
            let ad = lengths.ad;
            if ad < 0xff00 {
                mac.absorb(&(ad as u16).to_be_bytes());
            } else if let Ok(ad) = u32::try_from(ad) {
                mac.absorb(&[0xff, 0xfe]);
                mac.absorb(&ad.to_be_bytes());
            } else {
                mac.absorb(&[0xff, 0xff]);
                mac.absorb(&ad.to_be_bytes());
            }
        }
        // A0 = flags ‖ nonce ‖ 0; CTR for the text starts at A1 (§2.3).
        let mut a0 = Block::default();
        a0[0] = l as u8 - 1;
        a0[1..=n].copy_from_slice(nonce);
        let mut core = CtrCore::<C, Ctr64BE>::inner_iv_init(cipher, &a0);
        let mut s0 = Block::default();
        core.write_keystream_block(&mut s0);
        let state = Self {
            mac,
            ctr: StreamCipherCoreWrapper::from_core(core),
            s0: Zeroizing::new(s0.into()),
            lengths,
            ad_seen: 0,
            text_seen: 0,
            in_text: false,
            tag_len,
        };
        s0.zeroize();
        Ok(state)
    }

    /// Absorbs additional data (all of it before any text, no more than announced).
    pub(super) fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        if self.in_text {
            return Err(Error::BadState);
        }
        self.ad_seen = add_len(self.ad_seen, ad.len(), self.lengths.ad)?;
        self.mac.absorb(ad);
        Ok(())
    }

    fn enter_text(&mut self, n: usize) -> Result<()> {
        if self.ad_seen != self.lengths.ad {
            return Err(Error::InvalidArgument);
        }
        self.text_seen = add_len(self.text_seen, n, self.lengths.text)?;
        if !self.in_text {
            self.mac.pad();
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
        if out.len() < input.len() {
            return Err(Error::BufferTooSmall);
        }
        self.enter_text(input.len())?;
        self.mac.absorb(input);
        self.keystream(input, out)
    }

    /// Decrypts the next part of the ciphertext into `out[..input.len()]` (not yet
    /// authenticated).
    pub(super) fn decrypt(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        self.enter_text(input.len())?;
        self.keystream(input, out)?;
        self.mac.absorb(&out[..input.len()]);
        Ok(())
    }

    /// The tag (of the length given at the start) into `tag[..tag_len]`; returns the
    /// length. The whole message announced must have been processed (`InvalidArgument`).
    pub(super) fn finish(mut self, tag: &mut [u8]) -> Result<usize> {
        self.enter_text(0)?;
        if self.text_seen != self.lengths.text {
            return Err(Error::InvalidArgument);
        }
        self.mac.pad();
        let dst = tag.get_mut(..self.tag_len).ok_or(Error::BufferTooSmall)?;
        for ((t, x), s) in dst.iter_mut().zip(self.mac.x.iter()).zip(self.s0.iter()) {
            *t = x ^ s;
        }
        Ok(self.tag_len)
    }
}

/// Checks a one-shot call's sizes and builds its lengths.
fn one_shot_lengths(aad: &[u8], text_len: usize) -> Result<AeadLengths> {
    Ok(AeadLengths {
        ad: u64::try_from(aad.len()).map_err(|_| Error::InvalidArgument)?,
        text: u64::try_from(text_len).map_err(|_| Error::InvalidArgument)?,
    })
}

/// One-shot encryption: ciphertext ‖ tag into `out` (the tag length is what remains
/// after the plaintext).
pub(super) fn seal<C: BlockCipherEncrypt<BlockSize = U16> + Clone>(
    cipher: C,
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let (ct, tag_out) = out
        .split_at_mut_checked(plaintext.len())
        .ok_or(Error::InvalidArgument)?;
    let mut ccm = Ccm::new(
        cipher,
        nonce,
        one_shot_lengths(aad, plaintext.len())?,
        tag_out.len(),
    )?;
    ccm.update_ad(aad)?;
    ccm.encrypt(plaintext, ct)?;
    ccm.finish(tag_out).map(|_| ())
}

/// One-shot decryption. CCM authenticates the plaintext, so it is decrypted into `out`
/// first; on a wrong tag `out` is wiped before returning `InvalidSignature`.
pub(super) fn open<C: BlockCipherEncrypt<BlockSize = U16> + Clone>(
    cipher: C,
    nonce: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> Result<()> {
    if out.len() != ciphertext.len() {
        return Err(Error::InvalidArgument);
    }
    let mut ccm = Ccm::new(
        cipher,
        nonce,
        one_shot_lengths(aad, ciphertext.len())?,
        tag.len(),
    )?;
    ccm.update_ad(aad)?;
    let mut expected = Zeroizing::new([0u8; 16]);
    let n = ccm
        .decrypt(ciphertext, out)
        .and_then(|()| ccm.finish(&mut expected[..]));
    match n {
        Ok(n) if bool::from(expected[..n].ct_eq(tag)) => Ok(()),
        Ok(_) => {
            out.zeroize();
            Err(Error::InvalidSignature)
        }
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

/// A multi-part CCM computation over owned copies of the key schedule.
pub(super) struct CcmContext<C: Cipher16> {
    ccm: Ccm<C>,
    dir: AeadDirection,
}

impl<C: Cipher16> CcmContext<C> {
    pub(super) fn boxed(
        cipher: C,
        nonce: &[u8],
        lengths: Option<AeadLengths>,
        dir: AeadDirection,
        tag_len: usize,
    ) -> Result<Box<dyn AeadContext>> {
        let lengths = lengths.ok_or(Error::InvalidArgument)?;
        Ok(Box::new(Self {
            ccm: Ccm::new(cipher, nonce, lengths, tag_len)?,
            dir,
        }))
    }
}

impl<C: Cipher16> AeadContext for CcmContext<C> {
    fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        self.ccm.update_ad(ad)
    }

    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        match self.dir {
            AeadDirection::Encrypt => self.ccm.encrypt(input, out),
            AeadDirection::Decrypt => self.ccm.decrypt(input, out),
        }
    }

    fn finish(self: Box<Self>, tag: &mut [u8]) -> Result<usize> {
        self.ccm.finish(tag)
    }
}

impl<C: Cipher16> core::fmt::Debug for CcmContext<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CcmContext")
            .field("dir", &self.dir)
            .field("tag_len", &self.ccm.tag_len)
            .finish_non_exhaustive()
    }
}
