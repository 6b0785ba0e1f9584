//! PKCS#7 padding (RFC 2315 §10.3) for `PSA_ALG_CBC_PKCS7`, with a constant-time check.
//!
//! The check runs in time independent of the decrypted block's contents: a padding oracle
//! (telling a valid pad from an invalid one, or one invalid pad from another, by timing) is
//! how CBC decryption gets broken. The only thing revealed is what the API reveals
//! anyway: valid or `INVALID_PADDING`, and on success the plaintext length.

use subtle::{ConstantTimeEq, ConstantTimeGreater, CtOption};

/// Fills `tail` (the last 1 to block-size bytes of the last block) with its own length.
pub(super) fn pad(tail: &mut [u8]) {
    let value = tail.len() as u8;
    tail.fill(value);
}

/// The number of message bytes in `block`, the decrypted last block, or `None` if its
/// padding is malformed (last byte 0 or above the block size, or a padding byte that
/// differs from it). Constant time.
pub(super) fn data_len(block: &[u8]) -> Option<usize> {
    let b = block.len() as u8; // 8 or 16
    let &pad = block.last()?;
    let mut ok = !pad.ct_eq(&0) & !pad.ct_gt(&b);
    for (i, &byte) in block.iter().enumerate() {
        // Byte i is padding when it lies in the last `pad` bytes: b - i <= pad.
        let in_pad = !(b - i as u8).ct_gt(&pad);
        ok &= !in_pad | byte.ct_eq(&pad);
    }
    Option::<u8>::from(CtOption::new(b.wrapping_sub(pad), ok)).map(usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_unpads() {
        for b in [8usize, 16] {
            for data in 0..b {
                let mut block = vec![0xeeu8; b];
                pad(&mut block[data..]);
                assert_eq!(data_len(&block), Some(data), "block {b}, {data} data bytes");
            }
        }
    }

    #[test]
    fn rejects_malformed_padding() {
        let mut block = [0x10u8; 16];
        assert_eq!(data_len(&block), Some(0));
        block[0] = 0x0f; // a full-block pad with one wrong byte
        assert_eq!(data_len(&block), None);
        let mut block = [0u8; 16];
        assert_eq!(data_len(&block), None); // pad 0
        block[15] = 17; // longer than the block
        assert_eq!(data_len(&block), None);
        block[15] = 3;
        block[14] = 3;
        block[13] = 2; // a short run
        assert_eq!(data_len(&block), None);
        block[13] = 3;
        assert_eq!(data_len(&block), Some(13));
        assert_eq!(data_len(&[9u8; 8]), None); // longer than an 8-byte block
        assert_eq!(data_len(&[]), None);
    }
}
