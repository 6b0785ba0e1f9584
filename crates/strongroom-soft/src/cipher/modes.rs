//! The block cipher modes (SP 800-38A: ECB, CBC, CFB-128, OFB, CTR; and CCM\*-no-tag, which
//! is CTR with a CCM counter block), written once over a [`BlockKey`] that is passed in at
//! each call. The same code therefore runs a one-shot call (borrowing the key's shared
//! schedule) and a multi-part operation (owning a copy of it).
//!
//! A [`Mode`] holds only the running state: the chaining value, feedback register or counter
//! block, and the unused key stream of the current block. Padding and the buffering of
//! partial blocks for ECB and CBC belong to the engine, which passes those modes whole
//! blocks; the stream-like modes take any length and keep their position in the key stream.

use strongroom_driver::{Algorithm, CipherDirection, Error, Result};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::block::BlockKey;

/// The largest block size (AES, ARIA, Camellia).
const MAX_BLOCK: usize = 16;
/// Bytes of key stream generated per multi-block cipher call in CTR mode (8 AES blocks:
/// what AES-NI pipelines).
const CTR_BATCH: usize = 128;
/// CCM\* with a 13-byte nonce has a 2-byte counter field, starting at 1 for the message.
const CCM_STAR_NONCE: usize = 13;
/// Counter values 1..=0xffff: the counter field must not wrap into the nonce.
const CCM_STAR_MAX_BLOCKS: u64 = 0xffff;

/// Which mode a [`Mode`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ecb,
    Cbc,
    Cfb,
    Ofb,
    Ctr,
}

/// The running state of one mode over one message.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(super) struct Mode {
    #[zeroize(skip)]
    kind: Kind,
    #[zeroize(skip)]
    encrypt: bool,
    #[zeroize(skip)]
    bs: usize,
    /// CBC: the previous ciphertext block (the IV at first). CFB: the feedback register
    /// being filled with this block's ciphertext. OFB: the current key stream block.
    /// CTR: the next counter block.
    reg: [u8; MAX_BLOCK],
    /// CFB, CTR: the current key stream block.
    ks: [u8; MAX_BLOCK],
    /// Bytes of the current key stream block already used (`bs`: none left).
    pos: usize,
    /// Key stream blocks that may still be generated (CTR's counter-space limit).
    #[zeroize(skip)]
    blocks_left: u64,
}

/// `dst ^= src` over the shorter of the two.
fn xor(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

/// Adds one to a big-endian counter block, wrapping around (PSA's CTR counter is the whole
/// block). Counter values are public (they derive from the IV), so branching is fine.
fn increment(counter: &mut [u8]) {
    for byte in counter.iter_mut().rev() {
        *byte = byte.wrapping_add(1);
        if *byte != 0 {
            break;
        }
    }
}

impl Mode {
    /// The state for `alg` over a cipher with `bs`-byte blocks, or `None` if `alg` is not
    /// one of these modes. A wrong IV length is `InvalidArgument`:
    /// ECB takes none; CBC, CFB and OFB a full block; CTR 1 to `bs` bytes (the spec's
    /// rule: the counter block is the IV padded with zero bytes); CCM\* exactly 13 bytes.
    pub(super) fn new(
        alg: Algorithm,
        dir: CipherDirection,
        bs: usize,
        iv: &[u8],
    ) -> Option<Result<Self>> {
        let kind = match alg {
            Algorithm::ECB_NO_PADDING => Kind::Ecb,
            Algorithm::CBC_NO_PADDING | Algorithm::CBC_PKCS7 => Kind::Cbc,
            Algorithm::CFB => Kind::Cfb,
            Algorithm::OFB => Kind::Ofb,
            Algorithm::CTR | Algorithm::CCM_STAR_NO_TAG => Kind::Ctr,
            _ => return None,
        };
        let mut mode = Self {
            kind,
            encrypt: dir == CipherDirection::Encrypt,
            bs,
            reg: [0; MAX_BLOCK],
            ks: [0; MAX_BLOCK],
            pos: bs,
            blocks_left: u64::MAX,
        };
        let iv_ok = match (kind, alg) {
            (Kind::Ecb, _) => iv.is_empty(),
            (Kind::Ctr, Algorithm::CCM_STAR_NO_TAG) => {
                if bs != MAX_BLOCK || iv.len() != CCM_STAR_NONCE {
                    return Some(Err(Error::InvalidArgument));
                }
                // A_i = flags (L - 1 = 1) ‖ nonce ‖ i (2 bytes), with i = 1 for the message.
                mode.reg[0] = 1;
                mode.reg[1..=CCM_STAR_NONCE].copy_from_slice(iv);
                mode.reg[MAX_BLOCK - 1] = 1;
                mode.blocks_left = CCM_STAR_MAX_BLOCKS;
                return Some(Ok(mode));
            }
            (Kind::Ctr, _) => (1..=bs).contains(&iv.len()),
            _ => iv.len() == bs,
        };
        if !iv_ok || bs > MAX_BLOCK {
            return Some(Err(Error::InvalidArgument));
        }
        mode.reg[..iv.len()].copy_from_slice(iv);
        Some(Ok(mode))
    }

    /// Transforms `buf` in place: whole blocks for ECB and CBC, any length otherwise.
    /// CCM\* past its counter space is `InvalidArgument`, with `buf` untouched.
    pub(super) fn process(&mut self, key: &BlockKey, buf: &mut [u8]) -> Result<()> {
        debug_assert_eq!(key.block_size(), self.bs);
        match (self.kind, self.encrypt) {
            (Kind::Ecb, true) => key.encrypt(buf),
            (Kind::Ecb, false) => key.decrypt(buf),
            (Kind::Cbc, true) => self.cbc_encrypt(key, buf),
            (Kind::Cbc, false) => self.cbc_decrypt(key, buf),
            (Kind::Cfb, _) => self.cfb(key, buf),
            (Kind::Ofb, _) => self.ofb(key, buf),
            (Kind::Ctr, _) => self.ctr(key, buf)?,
        }
        Ok(())
    }

    fn cbc_encrypt(&mut self, key: &BlockKey, buf: &mut [u8]) {
        let bs = self.bs;
        for block in buf.chunks_exact_mut(bs) {
            xor(block, &self.reg[..bs]);
            key.encrypt(block);
            self.reg[..bs].copy_from_slice(block);
        }
    }

    /// CBC decryption is parallel: decrypt a batch of blocks with one call, then XOR each
    /// with the ciphertext block before it (saved before it was overwritten).
    fn cbc_decrypt(&mut self, key: &BlockKey, buf: &mut [u8]) {
        let bs = self.bs;
        let mut saved = [0u8; CTR_BATCH];
        for chunk in buf.chunks_mut(CTR_BATCH - CTR_BATCH % bs) {
            let n = chunk.len() - chunk.len() % bs;
            if n == 0 {
                break;
            }
            saved[..n].copy_from_slice(&chunk[..n]);
            key.decrypt(&mut chunk[..n]);
            xor(&mut chunk[..bs], &self.reg[..bs]);
            for i in 1..n / bs {
                xor(
                    &mut chunk[i * bs..(i + 1) * bs],
                    &saved[(i - 1) * bs..i * bs],
                );
            }
            self.reg[..bs].copy_from_slice(&saved[n - bs..n]);
        }
    }

    /// CFB with a segment of one block: the key stream block is the encryption of the
    /// previous ciphertext block; a partial block continues where it stopped.
    fn cfb(&mut self, key: &BlockKey, buf: &mut [u8]) {
        let bs = self.bs;
        for byte in buf.iter_mut() {
            if self.pos == bs {
                self.ks[..bs].copy_from_slice(&self.reg[..bs]);
                key.encrypt(&mut self.ks[..bs]);
                self.pos = 0;
            }
            let input = *byte;
            *byte ^= self.ks[self.pos];
            self.reg[self.pos] = if self.encrypt { *byte } else { input };
            self.pos += 1;
        }
    }

    /// OFB: the key stream is the IV encrypted again and again.
    fn ofb(&mut self, key: &BlockKey, buf: &mut [u8]) {
        let bs = self.bs;
        for byte in buf.iter_mut() {
            if self.pos == bs {
                key.encrypt(&mut self.reg[..bs]);
                self.pos = 0;
            }
            *byte ^= self.reg[self.pos];
            self.pos += 1;
        }
    }

    /// CTR: key stream blocks are encryptions of successive counter blocks, generated a
    /// batch at a time; the unused end of the last block is kept for the next call.
    fn ctr(&mut self, key: &BlockKey, buf: &mut [u8]) -> Result<()> {
        let bs = self.bs;
        let cached = bs - self.pos;
        let needed = buf.len().saturating_sub(cached).div_ceil(bs) as u64;
        if needed > self.blocks_left {
            return Err(Error::InvalidArgument);
        }
        let (head, rest) = buf.split_at_mut(cached.min(buf.len()));
        xor(head, &self.ks[self.pos..bs]);
        self.pos += head.len();

        let mut stream = Zeroizing::new([0u8; CTR_BATCH]);
        let batch = CTR_BATCH - CTR_BATCH % bs;
        for chunk in rest.chunks_mut(batch) {
            let span = chunk.len().div_ceil(bs) * bs;
            for block in stream[..span].chunks_exact_mut(bs) {
                block.copy_from_slice(&self.reg[..bs]);
                increment(&mut self.reg[..bs]);
            }
            key.encrypt(&mut stream[..span]);
            self.blocks_left -= (span / bs) as u64;
            xor(chunk, &stream[..span]);
            let used_of_last = chunk.len() - (span - bs);
            if used_of_last < bs {
                self.ks[..bs].copy_from_slice(&stream[span - bs..span]);
                self.pos = used_of_last;
            }
        }
        Ok(())
    }
}

impl core::fmt::Debug for Mode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Mode({:?}, {}-byte blocks)", self.kind, self.bs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strongroom_driver::KeyType;

    fn key() -> BlockKey {
        BlockKey::new(KeyType::AES, &[0x2b; 16]).expect("key")
    }

    fn run(
        alg: Algorithm,
        dir: CipherDirection,
        iv: &[u8],
        data: &[u8],
        splits: &[usize],
    ) -> Vec<u8> {
        let k = key();
        let mut m = Mode::new(alg, dir, 16, iv).expect("a mode").expect("iv");
        let mut buf = data.to_vec();
        let mut at = 0;
        for &s in splits.iter().chain(core::iter::once(&data.len())) {
            let end = s.min(data.len()).max(at);
            m.process(&k, &mut buf[at..end]).expect("process");
            at = end;
        }
        buf
    }

    #[test]
    fn stream_modes_are_split_invariant_and_invert() {
        let data: Vec<u8> = (0..200u8).collect();
        let iv = [9u8; 16];
        for alg in [Algorithm::CTR, Algorithm::CFB, Algorithm::OFB] {
            let whole = run(alg, CipherDirection::Encrypt, &iv, &data, &[]);
            for splits in [&[1usize, 17, 33][..], &[15, 16, 100, 199], &[0, 0, 128]] {
                assert_eq!(
                    run(alg, CipherDirection::Encrypt, &iv, &data, splits),
                    whole
                );
                let back = run(alg, CipherDirection::Decrypt, &iv, &whole, splits);
                assert_eq!(back, data, "{alg:?} {splits:?}");
            }
        }
    }

    #[test]
    fn cbc_batches_match_block_at_a_time() {
        let data: Vec<u8> = (0..=255u8).chain(0..=255).collect();
        let iv = [3u8; 16];
        let whole = run(
            Algorithm::CBC_NO_PADDING,
            CipherDirection::Encrypt,
            &iv,
            &data,
            &[],
        );
        let blocks: Vec<usize> = (1..32).map(|i| i * 16).collect();
        assert_eq!(
            run(
                Algorithm::CBC_NO_PADDING,
                CipherDirection::Encrypt,
                &iv,
                &data,
                &blocks
            ),
            whole
        );
        let back = run(
            Algorithm::CBC_NO_PADDING,
            CipherDirection::Decrypt,
            &iv,
            &whole,
            &[],
        );
        assert_eq!(back, data);
        let back = run(
            Algorithm::CBC_NO_PADDING,
            CipherDirection::Decrypt,
            &iv,
            &whole,
            &blocks,
        );
        assert_eq!(back, data);
    }

    #[test]
    fn ctr_wraps_the_whole_block() {
        let mut c = [0xff; 16];
        increment(&mut c);
        assert_eq!(c, [0; 16]);
        let mut c = [0, 0, 0xff];
        increment(&mut c);
        assert_eq!(c, [0, 1, 0]);
    }

    #[test]
    fn iv_lengths() {
        let m = |alg, len: usize| Mode::new(alg, CipherDirection::Encrypt, 16, &vec![0; len]);
        assert!(matches!(m(Algorithm::ECB_NO_PADDING, 0), Some(Ok(_))));
        assert!(matches!(
            m(Algorithm::ECB_NO_PADDING, 16),
            Some(Err(Error::InvalidArgument))
        ));
        assert!(matches!(
            m(Algorithm::CBC_PKCS7, 15),
            Some(Err(Error::InvalidArgument))
        ));
        assert!(matches!(m(Algorithm::CTR, 1), Some(Ok(_))));
        assert!(matches!(
            m(Algorithm::CTR, 0),
            Some(Err(Error::InvalidArgument))
        ));
        assert!(matches!(
            m(Algorithm::CTR, 17),
            Some(Err(Error::InvalidArgument))
        ));
        assert!(matches!(m(Algorithm::CCM_STAR_NO_TAG, 13), Some(Ok(_))));
        assert!(matches!(
            m(Algorithm::CCM_STAR_NO_TAG, 12),
            Some(Err(Error::InvalidArgument))
        ));
        assert!(m(Algorithm::XTS, 16).is_none());
    }

    #[test]
    fn ccm_star_stops_before_the_counter_wraps() {
        let k = key();
        let mut m = Mode::new(
            Algorithm::CCM_STAR_NO_TAG,
            CipherDirection::Encrypt,
            16,
            &[0; 13],
        )
        .expect("mode")
        .expect("iv");
        let mut big = vec![0u8; 0xffff * 16];
        m.process(&k, &mut big).expect("the whole counter space");
        assert_eq!(m.process(&k, &mut [0u8; 1]), Err(Error::InvalidArgument));
    }
}
