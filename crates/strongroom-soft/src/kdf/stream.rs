//! A derivation output produced block by block and read in pieces of any size.

use core::fmt;

use strongroom_driver::{Algorithm, KdfStream, Result};
use zeroize::Zeroizing;

use super::prf::MAX_LEN;

/// The blocks of one derivation, in order (`T(1)`, `T(2)`, … of HKDF-Expand, PBKDF2, …).
pub(super) trait BlockSource: Send {
    /// Block length in bytes (at most [`MAX_LEN`]).
    fn block_len(&self) -> usize;
    /// Writes the next block into `out` (exactly `block_len()` bytes). Fails, without
    /// panicking, when the algorithm has no more blocks.
    fn next_block(&mut self, out: &mut [u8]) -> Result<()>;
}

/// A [`KdfStream`] over a [`BlockSource`]: keeps the current block and how much of it has
/// been read.
pub(super) struct Blocks<S> {
    name: &'static str,
    alg: Algorithm,
    source: S,
    block: Zeroizing<[u8; MAX_LEN]>,
    used: usize,
}

impl<S: BlockSource> Blocks<S> {
    /// A stream whose first read starts a new block. `name` and `alg` are for `Debug`.
    pub(super) fn new(name: &'static str, alg: Algorithm, source: S) -> Self {
        let used = source.block_len();
        Self {
            name,
            alg,
            source,
            block: Zeroizing::new([0u8; MAX_LEN]),
            used,
        }
    }
}

impl<S: BlockSource> KdfStream for Blocks<S> {
    fn read(&mut self, mut out: &mut [u8]) -> Result<()> {
        let len = self.source.block_len().min(MAX_LEN);
        while !out.is_empty() {
            if self.used >= len {
                self.source.next_block(&mut self.block[..len])?;
                self.used = 0;
            }
            let n = (len - self.used).min(out.len());
            let (head, tail) = out.split_at_mut(n);
            head.copy_from_slice(&self.block[self.used..self.used + n]);
            self.used += n;
            out = tail;
        }
        Ok(())
    }
}

impl<S> fmt::Debug for Blocks<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(self.name)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}
