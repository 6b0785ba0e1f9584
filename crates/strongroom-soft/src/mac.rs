//! MAC keys in prepared form: HMAC over every hash of [`crate::hash`] except SHAKE256/512,
//! and CMAC and CBC-MAC over AES, ARIA, Camellia and three-key Triple-DES.
//!
//! A prepared key ([`MacKey`]) holds a keyed MAC state built once per key: for HMAC the
//! inner and outer hash states with the padded key already absorbed, for CMAC and CBC-MAC
//! the expanded block-cipher key schedule. Every computation clones that state, so no call
//! repeats the key schedule, and a one-shot [`PreparedMac::compute`] clones it on the stack
//! and allocates nothing. Each state zeroizes on drop (the `zeroize` features of the hash,
//! cipher and MAC crates, checked at compile time by `ZeroizeOnDrop` bounds in the
//! submodules), and `Debug` names the algorithm only.
//!
//! The engine validates key type, truncation and policy before it asks for a prepared
//! key; anything this driver cannot do is `NotSupported`.

mod block;
mod cbc_mac;
mod cmac;
mod hmac;

use core::fmt;

use sha2::digest::{FixedOutput, Update};
use strongroom_driver::{Algorithm, Error, KeyType, MacOp, PreparedMac, Result};

/// Smallest truncated MAC length accepted (as Mbed TLS: shorter tags can be brute-forced).
const MIN_TRUNCATED_LEN: usize = 4;

/// Whether keys of `key_type` can be used with the MAC algorithm `alg` (full length,
/// truncated to `MIN_TRUNCATED_LEN..=` full length bytes, or an at-least-this-length
/// wildcard that some supported length satisfies).
///
/// The key size is not known here: for block-cipher MACs over DES this says yes although
/// only three-key (192-bit) keys are supported, and `prepare` reports the rest.
pub(crate) fn supports(key_type: KeyType, alg: Algorithm) -> bool {
    if !alg.is_mac() {
        return false;
    }
    let full = Algorithm::full_length_mac(alg);
    let full_len = if full.is_hmac() {
        match full.hmac_get_hash() {
            Some(hash) if key_type == KeyType::HMAC && hmac::supports_hash(hash) => {
                hash.hash_length()
            }
            _ => None,
        }
    } else if full == Algorithm::CMAC || full == Algorithm::CBC_MAC {
        block::block_size(key_type)
    } else {
        None
    };
    let Some(full_len) = full_len else {
        return false;
    };
    let len = alg.mac_truncated_length();
    if alg.is_at_least_this_length_mac() {
        (1..=full_len).contains(&len)
    } else {
        len == 0 || (MIN_TRUNCATED_LEN..=full_len).contains(&len)
    }
}

/// Builds the prepared form of a MAC key. `alg` should be the full-length MAC; a truncated
/// form is accepted and prepared at full length (the engine truncates).
pub(crate) fn prepare(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
) -> Result<Box<dyn PreparedMac>> {
    let alg = Algorithm::full_length_mac(alg);
    if alg.is_hmac() {
        if key_type != KeyType::HMAC {
            return Err(Error::NotSupported);
        }
        let hash = alg.hmac_get_hash().ok_or(Error::NotSupported)?;
        hmac::prepare(alg, hash, key)
    } else if alg == Algorithm::CMAC {
        cmac::prepare(alg, key_type, key)
    } else if alg == Algorithm::CBC_MAC {
        cbc_mac::prepare(alg, key_type, key)
    } else {
        Err(Error::NotSupported)
    }
}

/// What a keyed RustCrypto-style MAC state must offer: cloning it starts a computation.
/// `hmac::Hmac`, `cmac::Cmac` and this module's own HMAC-SHA-3 and CBC-MAC states are all
/// such states.
trait MacState: Update + FixedOutput + Clone + Send + Sync + 'static {}
impl<M: Update + FixedOutput + Clone + Send + Sync + 'static> MacState for M {}

/// Boxes the prepared key of algorithm `alg` holding the keyed state `mac`.
fn boxed_key<M: MacState>(alg: Algorithm, mac: M) -> Box<dyn PreparedMac> {
    Box::new(MacKey { alg, mac })
}

/// Writes the tag of a finished `mac` into `out`, returning its length.
fn finish_into<M: MacState>(mac: M, out: &mut [u8]) -> usize {
    let tag = mac.finalize_fixed();
    // The engine passes at least `mac_len` bytes; `min` keeps a short buffer from panicking.
    let n = tag.len().min(out.len());
    out[..n].copy_from_slice(&tag[..n]);
    n
}

/// A prepared MAC key: the keyed state of algorithm `alg`, shared read-only by every user.
struct MacKey<M> {
    alg: Algorithm,
    mac: M,
}

impl<M: MacState> PreparedMac for MacKey<M> {
    fn mac_len(&self) -> usize {
        M::output_size()
    }

    fn compute(&self, data: &[u8], out: &mut [u8]) -> usize {
        let mut mac = self.mac.clone();
        mac.update(data);
        finish_into(mac, out)
    }

    fn start(&self) -> Box<dyn MacOp> {
        Box::new(MacRun {
            alg: self.alg,
            mac: self.mac.clone(),
        })
    }
}

impl<M> fmt::Debug for MacKey<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// A multi-part MAC computation, started from a clone of the prepared state.
struct MacRun<M> {
    alg: Algorithm,
    mac: M,
}

impl<M: MacState> MacOp for MacRun<M> {
    fn update(&mut self, data: &[u8]) {
        self.mac.update(data);
    }

    fn finish(self: Box<Self>, out: &mut [u8]) -> usize {
        finish_into(self.mac, out)
    }
}

impl<M> fmt::Debug for MacRun<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacRun")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// The MAC of `msg` under a fresh prepared key, one-shot and in pieces (which must
    /// agree); the one-shot result is returned.
    pub(crate) fn mac(key_type: KeyType, key: &[u8], alg: Algorithm, msg: &[u8]) -> Vec<u8> {
        let prepared = prepare(key_type, key, alg).expect("supported");
        let mut out = [0u8; 64];
        let n = prepared.compute(msg, &mut out);
        assert_eq!(n, prepared.mac_len());
        for split in [0, 1, msg.len() / 2, msg.len()] {
            let split = split.min(msg.len());
            let mut op = prepared.start();
            op.update(&msg[..split]);
            op.update(&msg[split..]);
            let mut out2 = [0u8; 64];
            assert_eq!(op.finish(&mut out2), n);
            assert_eq!(out2[..n], out[..n], "{alg:?} split at {split}");
        }
        out[..n].to_vec()
    }

    #[test]
    fn supports_matches_prepare() {
        let hmac256 = Algorithm::hmac(Algorithm::SHA_256);
        let yes = [
            (KeyType::HMAC, hmac256),
            (KeyType::HMAC, Algorithm::truncated_mac(hmac256, 4)),
            (KeyType::HMAC, Algorithm::truncated_mac(hmac256, 32)),
            (
                KeyType::HMAC,
                Algorithm::at_least_this_length_mac(hmac256, 1),
            ),
            (KeyType::HMAC, Algorithm::hmac(Algorithm::SHA3_512)),
            (KeyType::HMAC, Algorithm::hmac(Algorithm::MD5)),
            (KeyType::AES, Algorithm::CMAC),
            (KeyType::ARIA, Algorithm::truncated_mac(Algorithm::CMAC, 8)),
            (KeyType::CAMELLIA, Algorithm::CBC_MAC),
            (KeyType::DES, Algorithm::CMAC),
        ];
        for (kt, alg) in yes {
            assert!(supports(kt, alg), "{kt:?} {alg:?}");
        }
        let no = [
            (KeyType::HMAC, Algorithm::truncated_mac(hmac256, 3)),
            (KeyType::HMAC, Algorithm::truncated_mac(hmac256, 33)),
            (
                KeyType::HMAC,
                Algorithm::at_least_this_length_mac(hmac256, 33),
            ),
            (KeyType::HMAC, Algorithm::hmac(Algorithm::SHAKE256_512)),
            (KeyType::HMAC, Algorithm::hmac(Algorithm::NONE)),
            (KeyType::HMAC, Algorithm::CMAC),
            (KeyType::AES, hmac256),
            (KeyType::DES, Algorithm::truncated_mac(Algorithm::CMAC, 9)),
            (KeyType::CHACHA20, Algorithm::CMAC),
            (KeyType::SM4, Algorithm::CMAC),
            (KeyType::RAW_DATA, Algorithm::CBC_MAC),
            (KeyType::AES, Algorithm::CBC_NO_PADDING),
        ];
        for (kt, alg) in no {
            assert!(!supports(kt, alg), "{kt:?} {alg:?}");
        }
    }

    #[test]
    fn unsupported_requests_are_not_supported() {
        let cases: [(KeyType, &[u8], Algorithm); 7] = [
            (KeyType::AES, &[1; 16], Algorithm::hmac(Algorithm::SHA_256)),
            (KeyType::HMAC, &[1; 16], Algorithm::CMAC),
            (
                KeyType::HMAC,
                &[1; 16],
                Algorithm::hmac(Algorithm::SHAKE256_512),
            ),
            (KeyType::DES, &[1; 8], Algorithm::CMAC),
            (KeyType::DES, &[1; 16], Algorithm::CBC_MAC),
            (KeyType::AES, &[1; 15], Algorithm::CMAC),
            (KeyType::AES, &[1; 16], Algorithm::GCM),
        ];
        for (kt, key, alg) in cases {
            assert_eq!(
                prepare(kt, key, alg).err(),
                Some(Error::NotSupported),
                "{kt:?} {alg:?}"
            );
        }
    }

    #[test]
    fn truncated_alg_is_prepared_at_full_length() {
        let alg = Algorithm::truncated_mac(Algorithm::CMAC, 4);
        let key = prepare(KeyType::AES, &[7; 16], alg).expect("supported");
        assert_eq!(key.mac_len(), 16);
        assert_eq!(format!("{key:?}"), "MacKey { alg: CMAC, .. }");
        assert_eq!(format!("{:?}", key.start()), "MacRun { alg: CMAC, .. }");
    }
}
