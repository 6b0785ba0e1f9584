//! ChaCha20-Poly1305 (RFC 8439 §2.8) and XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha §2,
//! PSA spec 1.2), streaming, assembled from `chacha20` and `poly1305`.
//!
//! The first 64-byte keystream block makes the one-time Poly1305 key (its first 32 bytes);
//! the text is encrypted from block 1; Poly1305 covers the additional data and the
//! ciphertext, each zero-padded to 16 bytes, then their lengths (little-endian 64-bit).
//! XChaCha20 differs only in deriving a subkey from the first 16 nonce bytes (HChaCha20),
//! which `chacha20::XChaCha20` does. Only 16-byte tags exist.

use chacha20::{ChaCha20, KeyIvInit, XChaCha20};
use cipher::StreamCipher;
use poly1305::Poly1305;
use poly1305::universal_hash::KeyInit;
use strongroom_driver::{AeadContext, AeadDirection, Error, Result};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::gcm::add_len;
use super::uhash::{Absorber, lengths_block};

/// The one tag length of these constructions.
pub(super) const TAG_LEN: usize = 16;

/// The key stream: ChaCha20 (12-byte nonce) or XChaCha20 (24-byte nonce).
enum Stream {
    ChaCha(ChaCha20),
    XChaCha(XChaCha20),
}

impl Stream {
    fn cipher(&mut self) -> &mut dyn StreamCipher {
        match self {
            Self::ChaCha(c) => c,
            Self::XChaCha(c) => c,
        }
    }
}

/// The running state of one (X)ChaCha20-Poly1305 computation.
pub(super) struct ChaChaPoly {
    stream: Stream,
    mac: Absorber<Poly1305>,
    ad_len: u64,
    text_len: u64,
    in_text: bool,
}

impl ChaChaPoly {
    /// Starts ChaCha20-Poly1305 (`extended == false`: 12-byte nonce) or
    /// XChaCha20-Poly1305 (24-byte nonce) with a 32-byte key. Wrong sizes are
    /// `InvalidArgument`.
    pub(super) fn new(key: &[u8], nonce: &[u8], extended: bool) -> Result<Self> {
        let mut key = chacha20::Key::try_from(key).map_err(|_| Error::InvalidArgument)?;
        let stream = if extended {
            chacha20::XNonce::try_from(nonce).map(|n| Stream::XChaCha(XChaCha20::new(&key, &n)))
        } else {
            chacha20::Nonce::try_from(nonce).map(|n| Stream::ChaCha(ChaCha20::new(&key, &n)))
        };
        key.zeroize();
        let mut stream = stream.map_err(|_| Error::InvalidArgument)?;
        let mut block0 = Zeroizing::new([0u8; 64]);
        stream
            .cipher()
            .try_write_keystream(&mut block0[..])
            .map_err(|_| Error::InvalidArgument)?;
        let mut otk = poly1305::Key::try_from(&block0[..32]).map_err(|_| Error::InvalidArgument)?;
        let mac = Absorber::new(Poly1305::new(&otk));
        otk.zeroize();
        Ok(Self {
            stream,
            mac,
            ad_len: 0,
            text_len: 0,
            in_text: false,
        })
    }

    /// Absorbs additional data (all of it before any text).
    pub(super) fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        if self.in_text {
            return Err(Error::BadState);
        }
        self.ad_len = add_len(self.ad_len, ad.len(), u64::MAX)?;
        self.mac.absorb(ad);
        Ok(())
    }

    /// Authenticates ciphertext without decrypting it (one-shot decryption checks the tag
    /// before it decrypts).
    fn authenticate(&mut self, ciphertext: &[u8]) -> Result<()> {
        self.text_len = add_len(self.text_len, ciphertext.len(), u64::MAX)?;
        if !self.in_text {
            self.mac.pad();
            self.in_text = true;
        }
        self.mac.absorb(ciphertext);
        Ok(())
    }

    fn keystream(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        let out = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
        // The 32-bit block counter bounds a message to 256 GiB; past it, no output.
        self.stream
            .cipher()
            .try_apply_keystream_b2b(input, out)
            .map_err(|_| Error::InvalidArgument)
    }

    /// Encrypts into `out[..input.len()]`.
    pub(super) fn encrypt(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        let out = out.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
        self.keystream(input, out)?;
        self.authenticate(out)
    }

    /// Decrypts into `out[..input.len()]` (not yet authenticated).
    pub(super) fn decrypt(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        if out.len() < input.len() {
            return Err(Error::BufferTooSmall);
        }
        self.authenticate(input)?;
        self.keystream(input, out)
    }

    /// The 16-byte tag of what has been processed.
    pub(super) fn tag(&self) -> Zeroizing<[u8; TAG_LEN]> {
        let mut mac = self.mac.clone();
        if !self.in_text {
            mac.pad();
        }
        let mut t = mac.finalize_with(&lengths_block(self.ad_len, self.text_len, false));
        let mut tag = Zeroizing::new([0u8; TAG_LEN]);
        tag.copy_from_slice(&t);
        t.zeroize();
        tag
    }
}

/// One-shot encryption: ciphertext ‖ 16-byte tag into `out`.
pub(super) fn seal(
    key: &[u8],
    extended: bool,
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let (ct, tag_out) = out
        .split_at_mut_checked(plaintext.len())
        .ok_or(Error::InvalidArgument)?;
    if tag_out.len() != TAG_LEN {
        return Err(Error::InvalidArgument);
    }
    let mut st = ChaChaPoly::new(key, nonce, extended)?;
    st.update_ad(aad)?;
    st.encrypt(plaintext, ct)?;
    tag_out.copy_from_slice(&st.tag()[..]);
    Ok(())
}

/// One-shot decryption: checks the tag (constant-time) before decrypting into `out`.
pub(super) fn open(
    key: &[u8],
    extended: bool,
    nonce: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> Result<()> {
    if out.len() != ciphertext.len() || tag.len() != TAG_LEN {
        return Err(Error::InvalidArgument);
    }
    let mut st = ChaChaPoly::new(key, nonce, extended)?;
    st.update_ad(aad)?;
    st.authenticate(ciphertext)?;
    if !bool::from(st.tag()[..].ct_eq(tag)) {
        return Err(Error::InvalidSignature);
    }
    st.keystream(ciphertext, out)
}

/// A multi-part (X)ChaCha20-Poly1305 computation. The cipher state holds the key; both it
/// and the Poly1305 state zeroize on drop.
pub(super) struct ChaChaPolyContext {
    state: ChaChaPoly,
    dir: AeadDirection,
}

impl ChaChaPolyContext {
    pub(super) fn boxed(
        key: &[u8],
        extended: bool,
        nonce: &[u8],
        dir: AeadDirection,
    ) -> Result<Box<dyn AeadContext>> {
        Ok(Box::new(Self {
            state: ChaChaPoly::new(key, nonce, extended)?,
            dir,
        }))
    }
}

impl AeadContext for ChaChaPolyContext {
    fn update_ad(&mut self, ad: &[u8]) -> Result<()> {
        self.state.update_ad(ad)
    }

    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<()> {
        match self.dir {
            AeadDirection::Encrypt => self.state.encrypt(input, out),
            AeadDirection::Decrypt => self.state.decrypt(input, out),
        }
    }

    fn finish(self: Box<Self>, tag: &mut [u8]) -> Result<usize> {
        let dst = tag.get_mut(..TAG_LEN).ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&self.state.tag()[..]);
        Ok(TAG_LEN)
    }
}

impl core::fmt::Debug for ChaChaPolyContext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChaChaPolyContext")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}
