//! HKDF (RFC 5869): Extract gives the pseudorandom key, Expand the output stream
//! `T(i) = HMAC(PRK, T(i-1) || info || i)` for `i = 1..=255`.

use strongroom_driver::{Algorithm, Error, KdfStream, Result};
use zeroize::Zeroizing;

use super::prf::{self, MAX_LEN, Prf};
use super::stream::{BlockSource, Blocks};

/// `PRK = HMAC-hash(salt, ikm)` into `prk`; returns its length.
pub(super) fn extract(hash: Algorithm, salt: &[u8], ikm: &[u8], prk: &mut [u8]) -> Result<usize> {
    let mac = prf::hmac(hash, salt)?;
    let len = mac.len();
    let dst = prk.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    mac.compute(&[ikm], dst);
    Ok(len)
}

/// The HKDF-Expand stream for `prk` and `info`.
pub(super) fn expand(hash: Algorithm, prk: &[u8], info: &[u8]) -> Result<Box<dyn KdfStream>> {
    let source = Expand {
        prf: prf::hmac(hash, prk)?,
        info: info.to_vec(),
        previous: Zeroizing::new([0u8; MAX_LEN]),
        counter: 0,
    };
    Ok(Box::new(Blocks::new("HkdfExpand", hash, source)))
}

struct Expand {
    prf: Box<dyn Prf>,
    info: Vec<u8>,
    /// `T(counter)`; empty (unused) while `counter` is 0.
    previous: Zeroizing<[u8; MAX_LEN]>,
    counter: u8,
}

impl BlockSource for Expand {
    fn block_len(&self) -> usize {
        self.prf.len()
    }

    fn next_block(&mut self, out: &mut [u8]) -> Result<()> {
        // RFC 5869 allows 255 blocks; the engine's capacity stops reads before that.
        let Some(counter) = self.counter.checked_add(1) else {
            return Err(Error::InsufficientData);
        };
        let len = self.prf.len();
        let previous = if self.counter == 0 {
            &[][..]
        } else {
            &self.previous[..len]
        };
        self.prf.compute(&[previous, &self.info, &[counter]], out);
        self.previous[..len].copy_from_slice(&out[..len]);
        self.counter = counter;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::test_util::{hex, read_all};

    /// RFC 5869 appendix A, test cases 1 (SHA-256) and 4 (SHA-1), read in odd pieces.
    #[test]
    fn rfc5869_cases() {
        let cases = [
            (
                Algorithm::SHA_256,
                "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
                "000102030405060708090a0b0c",
                "f0f1f2f3f4f5f6f7f8f9",
                "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf\
                 34007208d5b887185865",
            ),
            (
                Algorithm::SHA_1,
                "0b0b0b0b0b0b0b0b0b0b0b",
                "000102030405060708090a0b0c",
                "f0f1f2f3f4f5f6f7f8f9",
                "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
                "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2\
                 c22e422478d305f3f896",
            ),
        ];
        for (hash, ikm, salt, info, prk_hex, okm) in cases {
            let mut prk = [0u8; 64];
            let n = extract(hash, &hex(salt), &hex(ikm), &mut prk).expect("extract");
            assert_eq!(prk[..n], hex(prk_hex)[..], "{hash:?}");
            for piece in [1, 7, 42] {
                let mut s = expand(hash, &prk[..n], &hex(info)).expect("expand");
                assert_eq!(
                    read_all(&mut *s, 42, piece),
                    hex(okm),
                    "{hash:?} piece {piece}"
                );
            }
        }
    }

    #[test]
    fn stops_after_255_blocks() {
        let mut s = expand(Algorithm::SHA_256, &[1; 32], b"").expect("expand");
        let mut big = vec![0u8; 255 * 32];
        s.read(&mut big).expect("255 blocks");
        assert_eq!(s.read(&mut [0u8; 1]), Err(Error::InsufficientData));
    }

    #[test]
    fn debug_shows_no_secret() {
        let s = expand(Algorithm::SHA_256, &[0xAA; 32], b"info").expect("expand");
        assert_eq!(format!("{s:?}"), "HkdfExpand { alg: SHA_256, .. }");
    }
}
