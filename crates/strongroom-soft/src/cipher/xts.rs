//! XTS (IEEE 1619 / SP 800-38E) with ciphertext stealing, over 128-bit block ciphers.
//!
//! A PSA XTS key is twice the cipher's key size: the first half encrypts the data, the
//! second the tweak. Key sizes are those the key store accepts for the key type, so a
//! 256-bit AES, ARIA or Camellia key gives the 128-bit cipher in XTS mode (AES-256-XTS
//! would need a 512-bit AES key, which PSA key-size validation does not admit).
//!
//! The IV is the 16-byte tweak (for disk sectors: the sector number, little-endian).
//! Multi-part: the engine passes whole blocks to [`Xts::blocks`] and keeps the last full
//! block plus any partial block for [`Xts::last`], which does the stealing.

use core::fmt;

use strongroom_driver::{CipherDirection, Error, KeyType, Result};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::block::BlockKey;

/// XTS is defined for 128-bit blocks only.
const BLOCK: usize = 16;

/// The two key schedules of an XTS key.
#[derive(Clone)]
pub(super) struct XtsKey {
    data: BlockKey,
    tweak: BlockKey,
}

impl XtsKey {
    /// Splits `key` into its data and tweak halves. Halves that are not a 128-bit-block
    /// cipher key are `NotSupported` (DES) or `InvalidArgument` (odd sizes).
    pub(super) fn new(key_type: KeyType, key: &[u8]) -> Result<Self> {
        if !key.len().is_multiple_of(2) {
            return Err(Error::InvalidArgument);
        }
        let (k1, k2) = key.split_at(key.len() / 2);
        let data = BlockKey::new(key_type, k1)?;
        let tweak = BlockKey::new(key_type, k2)?;
        if data.block_size() != BLOCK {
            return Err(Error::NotSupported);
        }
        Ok(Self { data, tweak })
    }
}

impl fmt::Debug for XtsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XtsKey({})", self.data.name())
    }
}

/// Multiplies the tweak by α in GF(2^128) (IEEE 1619's little-endian convention), in
/// constant time: the tweak derives from the secret tweak key.
fn double(t: &mut [u8; BLOCK]) {
    let carry = t[BLOCK - 1] >> 7;
    for i in (1..BLOCK).rev() {
        t[i] = (t[i] << 1) | (t[i - 1] >> 7);
    }
    t[0] = (t[0] << 1) ^ (0x87 & 0u8.wrapping_sub(carry));
}

/// The running state of one XTS data unit: the tweak of the next block.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(super) struct Xts {
    #[zeroize(skip)]
    encrypt: bool,
    t: [u8; BLOCK],
}

impl Xts {
    /// Starts a data unit with the 16-byte tweak value `iv`.
    pub(super) fn new(key: &XtsKey, dir: CipherDirection, iv: &[u8]) -> Result<Self> {
        let mut t: [u8; BLOCK] = iv.try_into().map_err(|_| Error::InvalidArgument)?;
        key.tweak.encrypt(&mut t);
        Ok(Self {
            encrypt: dir == CipherDirection::Encrypt,
            t,
        })
    }

    /// One block with tweak `t`: `C = E(P ⊕ T) ⊕ T` (or `D` when decrypting).
    fn one(encrypt: bool, key: &XtsKey, block: &mut [u8], t: &[u8; BLOCK]) {
        xor(block, t);
        if encrypt {
            key.data.encrypt(block);
        } else {
            key.data.decrypt(block);
        }
        xor(block, t);
    }

    /// Transforms whole blocks in place (a partial tail is left alone).
    pub(super) fn blocks(&mut self, key: &XtsKey, buf: &mut [u8]) {
        for block in buf.chunks_exact_mut(BLOCK) {
            Self::one(self.encrypt, key, block, &self.t);
            double(&mut self.t);
        }
    }

    /// The end of the data unit: one full block and 0 to 15 more bytes, with ciphertext
    /// stealing when there is a partial block. Other lengths are `InvalidArgument`.
    pub(super) fn last(&mut self, key: &XtsKey, buf: &mut [u8]) -> Result<()> {
        if !(BLOCK..2 * BLOCK).contains(&buf.len()) {
            return Err(Error::InvalidArgument);
        }
        let r = buf.len() - BLOCK;
        if r == 0 {
            self.blocks(key, buf);
            return Ok(());
        }
        let (full, tail) = buf.split_at_mut(BLOCK);
        // The tweak of the last (partial) block; the stack copies are wiped below, since
        // tweaks derive from the secret tweak key.
        let mut t_last = self.t;
        double(&mut t_last);
        // Encrypting, the full block uses the earlier tweak and the stolen block the later
        // one; decrypting, it is the other way round (IEEE 1619 §5.3.2, §5.4.2).
        let (first, second) = if self.encrypt {
            (&self.t, &t_last)
        } else {
            (&t_last, &self.t)
        };
        Self::one(self.encrypt, key, full, first);
        let mut stolen = [0u8; BLOCK];
        stolen[..r].copy_from_slice(tail);
        stolen[r..].copy_from_slice(&full[r..]);
        tail.copy_from_slice(&full[..r]);
        Self::one(self.encrypt, key, &mut stolen, second);
        full.copy_from_slice(&stolen);
        stolen.zeroize();
        self.t.copy_from_slice(&t_last);
        t_last.zeroize();
        Ok(())
    }

    /// One-shot: a whole data unit (at least one block).
    pub(super) fn unit(&mut self, key: &XtsKey, buf: &mut [u8]) -> Result<()> {
        if buf.len() < BLOCK {
            return Err(Error::InvalidArgument);
        }
        let keep = BLOCK + buf.len() % BLOCK;
        let (head, tail) = buf.split_at_mut(buf.len() - keep);
        self.blocks(key, head);
        self.last(key, tail)
    }
}

impl fmt::Debug for Xts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Xts(..)")
    }
}

fn xor(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    fn xts(key: &[u8], iv: &[u8], data: &[u8], dir: CipherDirection) -> Vec<u8> {
        let k = XtsKey::new(KeyType::AES, key).expect("key");
        let mut buf = data.to_vec();
        Xts::new(&k, dir, iv)
            .expect("iv")
            .unit(&k, &mut buf)
            .expect("unit");
        buf
    }

    /// IEEE 1619-2007 vector 1: all-zero keys, tweak 0, 32 zero bytes.
    #[test]
    fn ieee_1619_vector_1() {
        let ct = xts(&[0; 32], &[0; 16], &[0; 32], CipherDirection::Encrypt);
        assert_eq!(
            ct,
            hex("917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e")
        );
    }

    /// Agrees with the `xts-mode` crate for every length from one to four blocks
    /// (stealing included), both ways.
    #[test]
    fn matches_xts_mode_crate() {
        use aes_gcm::aes::Aes128;
        use cipher::KeyInit;
        let key: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(37)).collect();
        let tweak = [0x5au8; 16];
        let reference = xts_mode::Xts128::new(
            Aes128::new_from_slice(&key[..16]).expect("k1"),
            Aes128::new_from_slice(&key[16..]).expect("k2"),
        );
        for len in 16..=64 {
            let data: Vec<u8> = (0..len as u8).collect();
            let mut expected = data.clone();
            reference.encrypt_sector(&mut expected, tweak.into());
            let ct = xts(&key, &tweak, &data, CipherDirection::Encrypt);
            assert_eq!(ct, expected, "length {len}");
            assert_eq!(xts(&key, &tweak, &ct, CipherDirection::Decrypt), data);
        }
    }

    #[test]
    fn lengths() {
        let k = XtsKey::new(KeyType::AES, &[1; 32]).expect("key");
        let mut x = Xts::new(&k, CipherDirection::Encrypt, &[0; 16]).expect("iv");
        assert_eq!(x.unit(&k, &mut [0; 15]), Err(Error::InvalidArgument));
        assert_eq!(x.last(&k, &mut [0; 32]), Err(Error::InvalidArgument));
        assert!(Xts::new(&k, CipherDirection::Encrypt, &[0; 8]).is_err());
        assert_eq!(
            XtsKey::new(KeyType::DES, &[1; 16]).err(),
            Some(Error::NotSupported)
        );
    }
}
