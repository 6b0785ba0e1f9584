//! NIST SP 800-108 counter-mode KDF in the form the PSA spec fixes:
//! `K_i = PRF(K_IN, [i]_4 || Label || 0x00 || Context || [L]_4)` for HMAC, and for CMAC
//! the robust variant with `K_0 = CMAC(K_IN, Label || 0x00 || Context || [L]_4)` appended
//! to every block's input.

use strongroom_driver::{Algorithm, Error, KdfStream, KeyType, Result};
use zeroize::Zeroizing;

use super::prf::{self, MAX_LEN, Prf};
use super::stream::{BlockSource, Blocks};

/// The counter-mode stream. `prf` is `HMAC(hash)` (key of any type the engine accepted)
/// or `CMAC` (a block-cipher key of `key_type`).
pub(super) fn counter(
    prf_alg: Algorithm,
    key_type: KeyType,
    key: &[u8],
    label: &[u8],
    context: &[u8],
    length_bits: u32,
) -> Result<Box<dyn KdfStream>> {
    let (prf, cmac) = if prf_alg == Algorithm::CMAC {
        (prf::cmac(key_type, key)?, true)
    } else {
        let hash = prf_alg.hmac_get_hash().ok_or(Error::NotSupported)?;
        (prf::hmac(hash, key)?, false)
    };
    let mut fixed = Vec::with_capacity(label.len() + context.len() + 5 + MAX_LEN);
    fixed.extend_from_slice(label);
    fixed.push(0);
    fixed.extend_from_slice(context);
    fixed.extend_from_slice(&length_bits.to_be_bytes());
    let mut fixed = Zeroizing::new(fixed);
    if cmac {
        let mut k0 = Zeroizing::new([0u8; MAX_LEN]);
        prf.compute(&[&fixed], &mut k0[..]);
        fixed.extend_from_slice(&k0[..prf.len()]);
    }
    let source = Counter {
        prf,
        fixed,
        counter: 0,
    };
    Ok(Box::new(Blocks::new("Sp800108Counter", prf_alg, source)))
}

struct Counter {
    prf: Box<dyn Prf>,
    /// `Label || 0x00 || Context || [L]_4 [|| K_0]` (K_0 is secret).
    fixed: Zeroizing<Vec<u8>>,
    counter: u32,
}

impl BlockSource for Counter {
    fn block_len(&self) -> usize {
        self.prf.len()
    }

    fn next_block(&mut self, out: &mut [u8]) -> Result<()> {
        let Some(counter) = self.counter.checked_add(1) else {
            return Err(Error::InsufficientData);
        };
        self.counter = counter;
        self.prf
            .compute(&[&counter.to_be_bytes(), &self.fixed], out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::test_util::read_all;

    /// The construction by hand: block i of the HMAC variant is HMAC over
    /// `[i]_4 || label || 00 || context || [L]_4`.
    #[test]
    fn hmac_blocks_follow_the_construction() {
        let key = [7u8; 32];
        let mut s = counter(
            Algorithm::hmac(Algorithm::SHA_256),
            KeyType::DERIVE,
            &key,
            b"label",
            b"ctx",
            8 * 40,
        )
        .expect("stream");
        let got = read_all(&mut *s, 40, 9);
        let mac = prf::hmac(Algorithm::SHA_256, &key).expect("hmac");
        let mut expected = Vec::new();
        for i in 1u32..=2 {
            let mut block = [0u8; 32];
            mac.compute(
                &[&i.to_be_bytes(), b"label\0ctx", &320u32.to_be_bytes()],
                &mut block,
            );
            expected.extend_from_slice(&block);
        }
        assert_eq!(got, expected[..40]);
    }

    /// The CMAC variant appends `K_0 = CMAC(K, fixed)` to every block's input.
    #[test]
    fn cmac_appends_k0() {
        let key = [9u8; 16];
        let mut s = counter(Algorithm::CMAC, KeyType::AES, &key, b"", b"", 128).expect("stream");
        let got = read_all(&mut *s, 16, 16);
        let mac = prf::cmac(KeyType::AES, &key).expect("cmac");
        let fixed = [0u8, 0, 0, 0, 128];
        let mut k0 = [0u8; 16];
        mac.compute(&[&fixed], &mut k0);
        let mut block = [0u8; 16];
        mac.compute(&[&1u32.to_be_bytes(), &fixed, &k0], &mut block);
        assert_eq!(got, block);
    }
}
