//! Feeding a universal hash (GHASH, Poly1305) with byte strings cut anywhere.
//!
//! GCM and ChaCha20-Poly1305 authenticate the additional data, then the ciphertext, each
//! zero-padded to a whole 16-byte block, then a block of lengths. A multi-part caller may
//! cut both strings at any byte, so a partial block is held back until more bytes arrive
//! or the segment ends ([`Absorber::pad`]). The bytes held are additional data or
//! ciphertext, both public; the hash state itself zeroizes on drop (the crates'
//! `zeroize` features).

use cipher::array::Array;
use cipher::consts::U16;
use ghash::universal_hash::UniversalHash;

/// One 16-byte block.
pub(super) type Block = Array<u8, U16>;

/// A universal hash that takes bytes in pieces of any size.
#[derive(Clone)]
pub(super) struct Absorber<U: UniversalHash<BlockSize = U16>> {
    hash: U,
    /// Bytes of the current segment not yet hashed (`buf[..held]`).
    buf: Block,
    held: usize,
}

impl<U: UniversalHash<BlockSize = U16>> Absorber<U> {
    pub(super) fn new(hash: U) -> Self {
        Self {
            hash,
            buf: Block::default(),
            held: 0,
        }
    }

    /// Hashes the whole blocks of `data` (after any held bytes) and holds the rest.
    pub(super) fn absorb(&mut self, mut data: &[u8]) {
        if self.held > 0 {
            let take = (16 - self.held).min(data.len());
            self.buf[self.held..self.held + take].copy_from_slice(&data[..take]);
            self.held += take;
            data = &data[take..];
            if self.held < 16 {
                return;
            }
            self.hash.update(core::slice::from_ref(&self.buf));
            self.held = 0;
        }
        let (blocks, tail) = Block::slice_as_chunks(data);
        self.hash.update(blocks);
        self.buf[..tail.len()].copy_from_slice(tail);
        self.held = tail.len();
    }

    /// Ends the current segment: a held partial block is zero-padded and hashed.
    pub(super) fn pad(&mut self) {
        if self.held > 0 {
            self.buf[self.held..].fill(0);
            self.hash.update(core::slice::from_ref(&self.buf));
            self.held = 0;
        }
    }

    /// Hashes the final block (after [`pad`](Self::pad)) and returns the hash output.
    pub(super) fn finalize_with(mut self, last: &Block) -> Block {
        self.pad();
        self.hash.update(core::slice::from_ref(last));
        self.hash.finalize()
    }
}

/// The block of lengths that ends GCM's GHASH input (big-endian bit counts) and
/// ChaCha20-Poly1305's Poly1305 input (little-endian byte counts).
pub(super) fn lengths_block(ad: u64, text: u64, big_endian_bits: bool) -> Block {
    let mut block = Block::default();
    if big_endian_bits {
        // Both fit: the callers' limits keep the byte counts below 2^61.
        block[..8].copy_from_slice(&ad.wrapping_mul(8).to_be_bytes());
        block[8..].copy_from_slice(&text.wrapping_mul(8).to_be_bytes());
    } else {
        block[..8].copy_from_slice(&ad.to_le_bytes());
        block[8..].copy_from_slice(&text.to_le_bytes());
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;
    use ghash::GHash;

    fn key() -> ghash::Key {
        let mut k = ghash::Key::default();
        for (i, b) in k.iter_mut().enumerate() {
            *b = i as u8 * 7 + 3;
        }
        k
    }

    #[test]
    fn any_cut_gives_the_padded_hash() {
        let data: Vec<u8> = (0..70u8).collect();
        let mut whole = GHash::new(&key());
        whole.update_padded(&data);
        whole.update_padded(&data[..21]);
        let expected = whole.finalize();
        for cut in [0, 1, 15, 16, 17, 33, 69, 70] {
            let mut a = Absorber::new(GHash::new(&key()));
            a.absorb(&data[..cut]);
            a.absorb(&[]);
            a.absorb(&data[cut..]);
            a.pad();
            for piece in data[..21].chunks(4) {
                a.absorb(piece);
            }
            a.pad();
            let got = a.hash.clone().finalize();
            assert_eq!(got, expected, "cut at {cut}");
        }
    }
}
