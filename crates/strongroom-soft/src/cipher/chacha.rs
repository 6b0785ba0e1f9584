//! ChaCha20 and XChaCha20 with `PSA_ALG_STREAM_CIPHER`, and their IV forms (spec 1.2,
//! "PSA_ALG_STREAM_CIPHER"):
//!
//! | key | IV | meaning |
//! |---|---|---|
//! | CHACHA20 | 12 bytes | RFC 8439 nonce, counter 0 (the default, `generate_iv`) |
//! | CHACHA20 | 16 bytes | 4-byte little-endian counter ‖ 12-byte nonce |
//! | CHACHA20 | 8 bytes | original ChaCha20: 64-bit nonce, 64-bit counter from 0 (optional in the spec) |
//! | XCHACHA20 | 24 bytes | nonce, counter 0 (the default) |
//! | XCHACHA20 | 32 bytes | 8-byte little-endian counter ‖ 24-byte nonce |
//!
//! XChaCha20 has a 64-bit counter in the spec, so it is built here as HChaCha20 (the
//! subkey from the first 16 nonce bytes) followed by the original 64-bit-counter ChaCha20
//! with the last 8 nonce bytes; for counters below 2^32 this is exactly the construction
//! of the XChaCha draft (whose 32-bit counter is followed by 4 zero bytes). A message that
//! would run the counter past its end is `InvalidArgument`.

use core::fmt;

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::{ChaCha20, ChaCha20Legacy, R20, hchacha};
use cipher::Array;
use strongroom_driver::{Error, KeyType, Result};
use zeroize::{Zeroize, Zeroizing};

/// ChaCha20 and XChaCha20 keys are 256 bits.
const KEY_LEN: usize = 32;
/// Bytes of key stream per counter step.
const BLOCK: u128 = 64;

/// A ChaCha20 or XChaCha20 key (the "prepared form" is the key itself: ChaCha has no
/// schedule).
pub(super) struct ChaChaKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    extended: bool,
}

impl ChaChaKey {
    /// A key of type CHACHA20 or XCHACHA20 (32 bytes).
    pub(super) fn new(key_type: KeyType, key: &[u8]) -> Result<Self> {
        let extended = match key_type {
            KeyType::CHACHA20 => false,
            KeyType::XCHACHA20 => true,
            _ => return Err(Error::NotSupported),
        };
        let key: [u8; KEY_LEN] = key.try_into().map_err(|_| Error::InvalidArgument)?;
        Ok(Self {
            key: Zeroizing::new(key),
            extended,
        })
    }

    /// The key stream for `iv` (one of the forms in the module table), positioned at its
    /// initial counter.
    pub(super) fn stream(&self, iv: &[u8]) -> Result<ChaChaStream> {
        let key = &self.key[..];
        fn bad<E>(_: E) -> Error {
            Error::InvalidArgument
        }
        let (counter, stream) = match (self.extended, iv.len()) {
            (false, 12) => (
                0,
                ChaChaStream::Ietf(ChaCha20::new_from_slices(key, iv).map_err(bad)?),
            ),
            (false, 16) => {
                let (ctr, nonce) = iv.split_at(4);
                let ctr = u32::from_le_bytes(ctr.try_into().map_err(bad)?);
                let s = ChaCha20::new_from_slices(key, nonce).map_err(bad)?;
                (u64::from(ctr), ChaChaStream::Ietf(s))
            }
            (false, 8) => (
                0,
                ChaChaStream::Original(ChaCha20Legacy::new_from_slices(key, iv).map_err(bad)?),
            ),
            (true, 24 | 32) => {
                let (ctr, nonce) = iv.split_at(iv.len() - 24);
                let ctr = if ctr.is_empty() {
                    0
                } else {
                    u64::from_le_bytes(ctr.try_into().map_err(bad)?)
                };
                let (head, tail) = nonce.split_at(16);
                let key: &Array<u8, _> = (&*self.key).into();
                let head: &Array<u8, _> = head.try_into().map_err(bad)?;
                let mut subkey = hchacha::<R20>(key, head);
                let s = ChaCha20Legacy::new_from_slices(&subkey, tail).map_err(bad);
                subkey.zeroize();
                (ctr, ChaChaStream::Original(s?))
            }
            _ => return Err(Error::InvalidArgument),
        };
        let mut stream = stream;
        if counter != 0 {
            stream.seek(u128::from(counter) * BLOCK)?;
        }
        Ok(stream)
    }
}

impl fmt::Debug for ChaChaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.extended {
            "ChaChaKey(XChaCha20)"
        } else {
            "ChaChaKey(ChaCha20)"
        })
    }
}

/// A running ChaCha20 key stream (both variants zeroize their state on drop).
pub(super) enum ChaChaStream {
    /// RFC 8439: 32-bit counter, 96-bit nonce.
    Ietf(ChaCha20),
    /// Original ChaCha20: 64-bit counter, 64-bit nonce (also the inner cipher of XChaCha20).
    Original(ChaCha20Legacy),
}

impl ChaChaStream {
    fn seek(&mut self, pos: u128) -> Result<()> {
        match self {
            Self::Ietf(s) => s.try_seek(pos),
            Self::Original(s) => s.try_seek(pos),
        }
        .map_err(|_| Error::InvalidArgument)
    }

    /// XORs the next `buf.len()` bytes of key stream into `buf`. Running past the end of
    /// the counter is `InvalidArgument`, with `buf` untouched.
    pub(super) fn apply(&mut self, buf: &mut [u8]) -> Result<()> {
        match self {
            Self::Ietf(s) => s.try_apply_keystream(buf),
            Self::Original(s) => s.try_apply_keystream(buf),
        }
        .map_err(|_| Error::InvalidArgument)
    }
}

impl fmt::Debug for ChaChaStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Ietf(_) => "ChaChaStream(RFC 8439)",
            Self::Original(_) => "ChaChaStream(original)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(extended: bool) -> ChaChaKey {
        let t = if extended {
            KeyType::XCHACHA20
        } else {
            KeyType::CHACHA20
        };
        ChaChaKey::new(t, &(0u8..32).collect::<Vec<_>>()).expect("key")
    }

    fn keystream(k: &ChaChaKey, iv: &[u8], len: usize) -> Vec<u8> {
        let mut buf = vec![0u8; len];
        k.stream(iv).expect("iv").apply(&mut buf).expect("apply");
        buf
    }

    /// RFC 8439 §2.4.2: counter 1 through the 16-byte IV form equals counter 0 from the
    /// 12-byte form, one block later.
    #[test]
    fn counter_forms_agree() {
        let k = key(false);
        let nonce = [0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0];
        let from_zero = keystream(&k, &nonce, 128);
        let mut iv = vec![1, 0, 0, 0];
        iv.extend_from_slice(&nonce);
        assert_eq!(keystream(&k, &iv, 64), from_zero[64..]);
    }

    /// The 24-byte form equals the `chacha20` crate's XChaCha20; the 32-byte form with
    /// counter 2 equals it two blocks in.
    #[test]
    fn xchacha_matches_the_crate() {
        let k = key(true);
        let nonce: Vec<u8> = (100u8..124).collect();
        let mut expected = vec![0u8; 256];
        let mut reference =
            chacha20::XChaCha20::new_from_slices(&(0u8..32).collect::<Vec<_>>(), &nonce)
                .expect("x");
        reference.apply_keystream(&mut expected);
        assert_eq!(keystream(&k, &nonce, 256), expected);
        let mut iv = vec![2, 0, 0, 0, 0, 0, 0, 0];
        iv.extend_from_slice(&nonce);
        assert_eq!(keystream(&k, &iv, 128), expected[128..]);
    }

    #[test]
    fn iv_lengths_and_counter_end() {
        assert!(key(false).stream(&[0; 24]).is_err());
        assert!(key(true).stream(&[0; 12]).is_err());
        assert!(key(false).stream(&[0; 8]).is_ok());
        // Counter 0xffffffff: no block left in the RFC 8439 variant.
        let mut s = key(false).stream(&[0xff; 16]).expect("iv");
        assert_eq!(s.apply(&mut [0; 1]), Err(Error::InvalidArgument));
        assert_eq!(
            ChaChaKey::new(KeyType::CHACHA20, &[0; 16]).err(),
            Some(Error::InvalidArgument)
        );
    }
}
