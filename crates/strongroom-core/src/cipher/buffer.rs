//! Buffering of a multi-part operation in a block mode (ECB, CBC, XTS): which part of the
//! data seen so far can be released by an `update`, and which must wait.
//!
//! PSA lets `update` take any amount of input; the driver transforms whole blocks only.
//! What is held back:
//! - ECB, CBC without padding, CBC_PKCS7 encryption: the partial block at the end;
//! - CBC_PKCS7 decryption: also the last whole block, which may be all padding and can be
//!   judged only at `finish` (as Mbed TLS does);
//! - XTS: the last whole block and any partial block, for ciphertext stealing at `finish`.
//!
//! Whatever the rule, an `update` releases at most its input rounded up to whole blocks
//! (`PSA_CIPHER_UPDATE_OUTPUT_SIZE`); the unit test `release_is_bounded_by_the_size_macro`
//! checks this for every amount that can be held back.

use strongroom_types::{Error, Result};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Most bytes ever held back: XTS's whole block plus a partial one.
const CAPACITY: usize = 32;

/// Which data a block-mode operation keeps back (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HoldBack {
    /// The partial block.
    Partial,
    /// The partial block, or else the last whole block.
    LastBlock,
    /// The last whole block and the partial block.
    StealingTail,
}

/// Input not yet released, in order. The bytes are plaintext or ciphertext of the
/// message, so they live in the operation's key-bound state and are wiped with it.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(super) struct BlockBuffer {
    data: [u8; CAPACITY],
    len: usize,
    #[zeroize(skip)]
    block: usize,
    #[zeroize(skip)]
    rule: HoldBack,
}

impl BlockBuffer {
    /// An empty buffer for `block`-byte blocks (8 or 16).
    pub(super) fn new(block: usize, rule: HoldBack) -> Self {
        debug_assert!(block > 1 && 2 * block <= CAPACITY);
        Self {
            data: [0; CAPACITY],
            len: 0,
            block,
            rule,
        }
    }

    /// Bytes to keep back when `total` bytes have not been released.
    fn keep(&self, total: usize) -> usize {
        let b = self.block;
        let partial = total % b;
        match self.rule {
            HoldBack::Partial => partial,
            HoldBack::LastBlock if partial == 0 => b.min(total),
            HoldBack::LastBlock => partial,
            HoldBack::StealingTail if total < b => total,
            HoldBack::StealingTail => b + partial,
        }
    }

    /// How many bytes an `update` with `input_len` more bytes releases (a whole number of
    /// blocks); `None` if the count overflows.
    pub(super) fn release_len(&self, input_len: usize) -> Option<usize> {
        let total = self.len.checked_add(input_len)?;
        Some(total - self.keep(total))
    }

    /// Writes the bytes that can be released — the held-back bytes, then `input` — into the
    /// start of `out`, keeps the rest, and returns how many were written. A short `out` is
    /// `BufferTooSmall`, and then nothing changes.
    pub(super) fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        let release = self
            .release_len(input.len())
            .ok_or(Error::InvalidArgument)?;
        let out = out.get_mut(..release).ok_or(Error::BufferTooSmall)?;
        let from_held = release.min(self.len);
        let (a, b) = out.split_at_mut(from_held);
        a.copy_from_slice(&self.data[..from_held]);
        b.copy_from_slice(&input[..release - from_held]);

        let mut next = [0u8; CAPACITY];
        let held_rest = &self.data[from_held..self.len];
        let input_rest = &input[release - from_held..];
        let kept = held_rest.len() + input_rest.len();
        next[..held_rest.len()].copy_from_slice(held_rest);
        next[held_rest.len()..kept].copy_from_slice(input_rest);
        self.data.copy_from_slice(&next);
        self.len = kept;
        next.zeroize();
        Ok(release)
    }

    /// The bytes held back.
    pub(super) fn held(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// The block size.
    pub(super) fn block(&self) -> usize {
        self.block
    }
}

impl core::fmt::Debug for BlockBuffer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "BlockBuffer({:?}, {} held)", self.rule, self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(rule: HoldBack, parts: &[usize]) -> (Vec<usize>, Vec<u8>, Vec<u8>) {
        let mut buf = BlockBuffer::new(16, rule);
        let mut out_all = Vec::new();
        let mut released = Vec::new();
        let mut next = 0u8;
        for &n in parts {
            let input: Vec<u8> = (0..n)
                .map(|_| {
                    next = next.wrapping_add(1);
                    next
                })
                .collect();
            let mut out = vec![0u8; n + 32];
            let r = buf.update(&input, &mut out).expect("update");
            released.push(r);
            out_all.extend_from_slice(&out[..r]);
        }
        (released, out_all, buf.held().to_vec())
    }

    #[test]
    fn mbedtls_release_pattern() {
        // ECB 13+19 and 24+12; CBC-PKCS7 decryption 16+16 (last block held back).
        assert_eq!(feed(HoldBack::Partial, &[13, 19]).0, vec![0, 32]);
        assert_eq!(feed(HoldBack::Partial, &[24, 12]).0, vec![16, 16]);
        assert_eq!(feed(HoldBack::LastBlock, &[16, 16]).0, vec![0, 16]);
        assert_eq!(feed(HoldBack::LastBlock, &[15]).0, vec![0]);
        assert_eq!(
            feed(HoldBack::StealingTail, &[31, 1, 1, 16]).0,
            vec![0, 16, 0, 16]
        );
    }

    #[test]
    fn order_is_preserved_and_nothing_is_lost() {
        for rule in [
            HoldBack::Partial,
            HoldBack::LastBlock,
            HoldBack::StealingTail,
        ] {
            for parts in [&[1usize, 2, 3, 40, 0, 7][..], &[33, 31, 16, 1], &[0, 64]] {
                let (_, out, held) = feed(rule, parts);
                let total: usize = parts.iter().sum();
                let mut all = out.clone();
                all.extend_from_slice(&held);
                let expected: Vec<u8> = (1..=total).map(|i| i as u8).collect();
                assert_eq!(all, expected, "{rule:?} {parts:?}");
                assert_eq!(out.len() % 16, 0);
            }
        }
    }

    #[test]
    fn release_is_bounded_by_the_size_macro() {
        for rule in [
            HoldBack::Partial,
            HoldBack::LastBlock,
            HoldBack::StealingTail,
        ] {
            for held in 0..32 {
                let mut buf = BlockBuffer::new(16, rule);
                buf.update(&vec![0; held], &mut [0; 64]).expect("fill");
                for n in 0..64 {
                    let r = buf.release_len(n).expect("no overflow");
                    assert!(r <= n.div_ceil(16) * 16, "{rule:?} held {held} n {n}: {r}");
                }
            }
        }
    }

    #[test]
    fn short_output_changes_nothing() {
        let mut buf = BlockBuffer::new(8, HoldBack::Partial);
        buf.update(&[1, 2, 3], &mut []).expect("held");
        assert_eq!(buf.update(&[0; 6], &mut [0; 7]), Err(Error::BufferTooSmall));
        assert_eq!(buf.held(), &[1, 2, 3]);
    }
}
