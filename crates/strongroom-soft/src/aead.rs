//! AES-GCM (128/192/256-bit keys, 12-byte nonces) one-shot AEAD, in prepared form.
//!
//! [`AesGcmKey`] holds the expanded AES key schedule and GHASH key, built once per key and
//! shared read-only. The tag length comes from the algorithm of each call: 16 bytes by
//! default, or the PSA shortened tags 4, 8 and 12..=15.
//!
//! - Encryption always runs the 16-byte-tag instance and keeps the first `tag_len` bytes of
//!   the tag: a GCM tag of length t is by definition the leading t bytes of the full tag
//!   (SP 800-38D §7.1), and `aes-gcm` computes it that way too.
//! - Decryption with a shortened tag needs an instance whose tag size is that length (the
//!   tag size is a type parameter of `AesGcm`), built on first use from the stored key
//!   schedule and kept (one `OnceLock` per length).
//!
//! Other nonce lengths (GCM allows any non-zero length) are `NotSupported` for now: the nonce
//! size is a type parameter of `aes-gcm` too. Everything zeroizes on drop (`aes-gcm`'s and
//! `aes`'s `zeroize` features).

use core::fmt;
use std::sync::OnceLock;

use aes_gcm::aead::array::Array;
use aes_gcm::aead::consts::{U4, U8, U12, U13, U14, U15, U16};
use aes_gcm::aead::inout::InOutBuf;
use aes_gcm::aes::cipher::{BlockCipherEncrypt, BlockSizeUser};
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aes_gcm::{AeadInOut, AesGcm, KeyInit, TagSize};
use strongroom_driver::{Algorithm, Error, KeyType, PreparedAead, Result};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The only nonce length supported: GCM's recommended 96 bits.
const NONCE_LEN: usize = 12;
/// Default (full) GCM tag length.
const FULL_TAG_LEN: usize = 16;
/// `aes_gcm::P_MAX`: longest plaintext GCM can process.
const MAX_PLAINTEXT: u64 = aes_gcm::P_MAX;
/// `aes_gcm::A_MAX`: longest associated data GCM can process.
const MAX_AAD: u64 = aes_gcm::A_MAX;

/// Whether `alg` is GCM with any tag length or wildcard flag.
fn is_gcm(alg: Algorithm) -> bool {
    alg.is_aead() && alg.aead_base() == Algorithm::GCM.aead_base()
}

/// Whether GCM supports tags of `len` bytes (PSA: 4, 8, 12..=16).
fn tag_len_ok(len: usize) -> bool {
    matches!(len, 4 | 8 | 12..=16)
}

/// The tag length of a specific GCM algorithm: `InvalidArgument` for a wildcard (not an
/// algorithm one can run), `NotSupported` for a length GCM does not have.
fn tag_len(alg: Algorithm) -> Result<usize> {
    if !is_gcm(alg) {
        return Err(Error::NotSupported);
    }
    if alg.is_aead_at_least_this_length_tag() {
        return Err(Error::InvalidArgument);
    }
    let len = alg.aead_tag_length_field();
    if tag_len_ok(len) {
        Ok(len)
    } else {
        Err(Error::NotSupported)
    }
}

/// Whether keys of `key_type` can be used with `alg`.
pub(crate) fn supports(key_type: KeyType, alg: Algorithm) -> bool {
    key_type == KeyType::AES && is_gcm(alg) && tag_len_ok(alg.aead_tag_length_field())
}

/// Whether a nonce of `nonce_len` bytes can be used with `alg` and keys of `key_type`.
pub(crate) fn nonce_ok(key_type: KeyType, alg: Algorithm, nonce_len: usize) -> bool {
    key_type == KeyType::AES && is_gcm(alg) && nonce_len == NONCE_LEN
}

/// Builds the prepared form of an AES key for GCM.
pub(crate) fn prepare(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
) -> Result<Box<dyn PreparedAead>> {
    if key_type != KeyType::AES || !is_gcm(alg) {
        return Err(Error::NotSupported);
    }
    match key.len() {
        16 => AesGcmKey::<Aes128>::boxed(key),
        24 => AesGcmKey::<Aes192>::boxed(key),
        32 => AesGcmKey::<Aes256>::boxed(key),
        _ => Err(Error::InvalidArgument),
    }
}

/// What an AES variant must offer to back GCM here.
trait Aes:
    BlockCipherEncrypt
    + BlockSizeUser<BlockSize = U16>
    + KeyInit
    + Clone
    + ZeroizeOnDrop
    + Send
    + Sync
    + 'static
{
}
impl<A> Aes for A where
    A: BlockCipherEncrypt
        + BlockSizeUser<BlockSize = U16>
        + KeyInit
        + Clone
        + ZeroizeOnDrop
        + Send
        + Sync
        + 'static
{
}

type Gcm<A, T> = AesGcm<A, U12, T>;

/// A prepared AES-GCM key.
struct AesGcmKey<A: Aes> {
    /// The expanded key schedule, from which the shortened-tag instances are built.
    cipher: A,
    /// The 16-byte-tag instance (AES schedule + GHASH key), used for every encryption and
    /// for decryption with full-length tags.
    full: Gcm<A, U16>,
    /// Decryption instances for shortened tags, built on first use.
    short: ShortTags<A>,
}

/// One lazily built instance per shortened tag length.
struct ShortTags<A: Aes> {
    t4: OnceLock<Box<Gcm<A, U4>>>,
    t8: OnceLock<Box<Gcm<A, U8>>>,
    t12: OnceLock<Box<Gcm<A, U12>>>,
    t13: OnceLock<Box<Gcm<A, U13>>>,
    t14: OnceLock<Box<Gcm<A, U14>>>,
    t15: OnceLock<Box<Gcm<A, U15>>>,
}

impl<A: Aes> AesGcmKey<A> {
    fn boxed(key: &[u8]) -> Result<Box<dyn PreparedAead>> {
        let cipher = A::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
        let full = Gcm::<A, U16>::from(cipher.clone());
        Ok(Box::new(Self {
            cipher,
            full,
            short: ShortTags {
                t4: OnceLock::new(),
                t8: OnceLock::new(),
                t12: OnceLock::new(),
                t13: OnceLock::new(),
                t14: OnceLock::new(),
                t15: OnceLock::new(),
            },
        }))
    }

    /// The decryption instance for tags of `T` bytes, built on first use.
    fn short_tag<'a, T: TagSize>(&'a self, cell: &'a OnceLock<Box<Gcm<A, T>>>) -> &'a Gcm<A, T> {
        cell.get_or_init(|| Box::new(Gcm::<A, T>::from(self.cipher.clone())))
    }
}

/// Checks the length limits of GCM and of the output buffer.
fn check_lengths(aad: &[u8], text_len: usize, out_len: usize) -> Result<()> {
    if text_len as u64 > MAX_PLAINTEXT || aad.len() as u64 > MAX_AAD {
        return Err(Error::InvalidArgument);
    }
    if out_len != text_len {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

fn nonce_array(nonce: &[u8]) -> Result<&Array<u8, U12>> {
    <&Array<u8, U12>>::try_from(nonce).map_err(|_| Error::InvalidArgument)
}

/// Verifies `tag` (of `T` bytes) over `ciphertext` and decrypts it into `out`.
fn open<A: Aes, T: TagSize>(
    gcm: &Gcm<A, T>,
    nonce: &Array<u8, U12>,
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let tag = <&Array<u8, T>>::try_from(tag).map_err(|_| Error::InvalidArgument)?;
    let buf = InOutBuf::new(ciphertext, out).map_err(|_| Error::InvalidArgument)?;
    gcm.decrypt_inout_detached(nonce, aad, buf, tag)
        .map_err(|_| Error::InvalidSignature)
}

impl<A: Aes> PreparedAead for AesGcmKey<A> {
    fn encrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        let tag_len = tag_len(alg)?;
        let nonce = nonce_array(nonce)?;
        let Some(ct_len) = out.len().checked_sub(tag_len) else {
            return Err(Error::InvalidArgument);
        };
        check_lengths(aad, plaintext.len(), ct_len)?;
        let (ciphertext, tag_out) = out.split_at_mut(ct_len);
        let buf = InOutBuf::new(plaintext, ciphertext).map_err(|_| Error::InvalidArgument)?;
        let tag = self
            .full
            .encrypt_inout_detached(nonce, aad, buf)
            .map_err(|_| Error::InvalidArgument)?;
        tag_out.copy_from_slice(&tag[..tag_len]);
        Ok(())
    }

    fn decrypt(
        &self,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        let tag_len = tag_len(alg)?;
        let nonce = nonce_array(nonce)?;
        let Some(ct_len) = input.len().checked_sub(tag_len) else {
            return Err(Error::InvalidArgument);
        };
        check_lengths(aad, ct_len, out.len())?;
        let (ciphertext, tag) = input.split_at(ct_len);
        let s = &self.short;
        let result = match tag_len {
            FULL_TAG_LEN => open(&self.full, nonce, aad, ciphertext, tag, out),
            4 => open(self.short_tag(&s.t4), nonce, aad, ciphertext, tag, out),
            8 => open(self.short_tag(&s.t8), nonce, aad, ciphertext, tag, out),
            12 => open(self.short_tag(&s.t12), nonce, aad, ciphertext, tag, out),
            13 => open(self.short_tag(&s.t13), nonce, aad, ciphertext, tag, out),
            14 => open(self.short_tag(&s.t14), nonce, aad, ciphertext, tag, out),
            15 => open(self.short_tag(&s.t15), nonce, aad, ciphertext, tag, out),
            _ => Err(Error::NotSupported),
        };
        if result.is_err() {
            // `aes-gcm` checks the tag before decrypting, but the contract is explicit.
            out.zeroize();
        }
        result
    }
}

impl<A: Aes> fmt::Debug for AesGcmKey<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = A::key_size() * 8;
        f.debug_struct("AesGcmKey")
            .field("key_bits", &bits)
            .finish_non_exhaustive()
    }
}
