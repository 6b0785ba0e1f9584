//! `generate_random`: every byte of the output buffer is written.

use super::*;

pub(super) fn generate_random(c: &Crypto, a: &Args) -> Outcome {
    let n = a.size(0)?;
    let mut changed = vec![false; n];
    let mut out = vec![0u8; n];
    for _ in 0..10 {
        out.fill(0);
        ok("generate_random", "", c.generate_random(&mut out))?;
        for (seen, b) in changed.iter_mut().zip(&out) {
            *seen |= *b != 0;
        }
    }
    // Every byte of the buffer is written (nonzero at least once in 10 runs).
    check(changed.iter().all(|b| *b), || {
        "some output byte was never written".into()
    })
}
