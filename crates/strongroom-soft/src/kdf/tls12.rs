//! The TLS 1.2 PRF (RFC 5246 §5): `P_hash(secret, seed)` with `seed = label || seed`,
//! `A(0) = seed`, `A(i) = HMAC(secret, A(i-1))`, output blocks `HMAC(secret, A(i) || seed)`.

use strongroom_driver::{Algorithm, KdfStream, Result};
use zeroize::Zeroizing;

use super::prf::{self, MAX_LEN, Prf};
use super::stream::{BlockSource, Blocks};

/// The stream `P_hash(secret, label || seed)`.
pub(super) fn prf(
    hash: Algorithm,
    secret: &[u8],
    label: &[u8],
    seed: &[u8],
) -> Result<Box<dyn KdfStream>> {
    let mut label_seed = Vec::with_capacity(label.len() + seed.len());
    label_seed.extend_from_slice(label);
    label_seed.extend_from_slice(seed);
    let source = PHash {
        prf: prf::hmac(hash, secret)?,
        seed: label_seed,
        a: Zeroizing::new([0u8; MAX_LEN]),
        started: false,
    };
    Ok(Box::new(Blocks::new("Tls12Prf", hash, source)))
}

struct PHash {
    prf: Box<dyn Prf>,
    seed: Vec<u8>,
    /// `A(i)` of the block last produced.
    a: Zeroizing<[u8; MAX_LEN]>,
    started: bool,
}

impl BlockSource for PHash {
    fn block_len(&self) -> usize {
        self.prf.len()
    }

    fn next_block(&mut self, out: &mut [u8]) -> Result<()> {
        let len = self.prf.len();
        let mut next = Zeroizing::new([0u8; MAX_LEN]);
        if self.started {
            self.prf.compute(&[&self.a[..len]], &mut next[..]);
        } else {
            self.prf.compute(&[&self.seed], &mut next[..]);
            self.started = true;
        }
        self.a[..len].copy_from_slice(&next[..len]);
        self.prf.compute(&[&self.a[..len], &self.seed], out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::test_util::{hex, read_all};

    /// The TLS 1.2 PRF known answers circulated on the TLS WG list (also in Mbed TLS's
    /// and Go's test suites): secret, seed, label "test label", 100 bytes of SHA-256.
    #[test]
    fn sha256_known_answer() {
        let expected = hex(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a\
             6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab\
             4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701\
             87347b66",
        );
        for piece in [1, 31, 100] {
            let mut s = prf(
                Algorithm::SHA_256,
                &hex("9bbe436ba940f017b17652849a71db35"),
                b"test label",
                &hex("a0ba9f936cda311827a6f796ffd5198c"),
            )
            .expect("prf");
            assert_eq!(read_all(&mut *s, 100, piece), expected, "piece {piece}");
        }
    }
}
