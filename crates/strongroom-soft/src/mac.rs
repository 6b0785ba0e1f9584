//! HMAC over the hashes of [`crate::hash`], in prepared form.
//!
//! [`HmacKey`] holds the keyed `Hmac<D>` state: the key has been hashed (when longer than a
//! block) and the inner and outer pads absorbed, once, when the key was prepared. Every
//! computation clones that state, so no call repeats the key schedule; a one-shot
//! [`PreparedMac::compute`] clones it on the stack and allocates nothing. The states zeroize
//! on drop (`hmac`'s `zeroize` feature, through the hash cores and block buffers), and the
//! `Debug` output names the algorithm only.

use core::fmt;

use hmac::Hmac;
use hmac::digest::block_api::EagerHash;
use hmac::digest::{FixedOutput, KeyInit, Update};
use strongroom_driver::{Algorithm, Error, KeyType, MacOp, PreparedMac, Result};
use zeroize::ZeroizeOnDrop;

use crate::hash::with_hash;

/// Smallest truncated MAC length accepted (as Mbed TLS: shorter tags are not supported).
const MIN_TRUNCATED_LEN: usize = 4;

/// Whether keys of `key_type` can be used with the MAC algorithm `alg` (full length or
/// truncated to `MIN_TRUNCATED_LEN..=hash length` bytes).
pub(crate) fn supports(key_type: KeyType, alg: Algorithm) -> bool {
    if key_type != KeyType::HMAC || !alg.is_hmac() {
        return false;
    }
    let full = Algorithm::full_length_mac(alg);
    let (Some(hash), Some(len)) = (full.hmac_get_hash(), full.hash_length()) else {
        return false;
    };
    let truncated = alg.mac_truncated_length();
    crate::hash::is_supported(hash)
        && (truncated == 0 || (MIN_TRUNCATED_LEN..=len).contains(&truncated))
}

/// Builds the prepared form of an HMAC key. `alg` should be the full-length MAC; a truncated
/// form is accepted and prepared at full length (the engine truncates).
pub(crate) fn prepare(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
) -> Result<Box<dyn PreparedMac>> {
    if key_type != KeyType::HMAC {
        return Err(Error::NotSupported);
    }
    let alg = Algorithm::full_length_mac(alg);
    let Some(hash) = alg.hmac_get_hash() else {
        return Err(Error::NotSupported);
    };
    with_hash!(hash, prepare_hmac(alg, key), Err(Error::NotSupported))
}

fn prepare_hmac<D: EagerHash>(alg: Algorithm, key: &[u8]) -> Result<Box<dyn PreparedMac>>
where
    Hmac<D>: MacState,
    // The keyed states zeroize on drop: the hash cores do (checked here for every hash of
    // the table), the block buffers through `digest`'s `zeroize` feature.
    D::Core: ZeroizeOnDrop,
{
    // HMAC takes keys of any length; the error branch is never taken.
    let mac = Hmac::<D>::new_from_slice(key).map_err(|_| Error::InvalidArgument)?;
    Ok(Box::new(HmacKey { alg, mac }))
}

/// What a keyed RustCrypto MAC state must offer.
trait MacState: KeyInit + Update + FixedOutput + Clone + Send + Sync + 'static {}
impl<M: KeyInit + Update + FixedOutput + Clone + Send + Sync + 'static> MacState for M {}

/// Writes the tag of a finished `mac` into `out`, returning its length.
fn finish_into<M: MacState>(mac: M, out: &mut [u8]) -> usize {
    let tag = mac.finalize_fixed();
    // The engine passes at least `mac_len` bytes; `min` keeps a short buffer from panicking.
    let n = tag.len().min(out.len());
    out[..n].copy_from_slice(&tag[..n]);
    n
}

/// A prepared HMAC key: the keyed inner/outer hash states of algorithm `alg`.
struct HmacKey<M> {
    alg: Algorithm,
    mac: M,
}

impl<M: MacState> PreparedMac for HmacKey<M> {
    fn mac_len(&self) -> usize {
        M::output_size()
    }

    fn compute(&self, data: &[u8], out: &mut [u8]) -> usize {
        let mut mac = self.mac.clone();
        mac.update(data);
        finish_into(mac, out)
    }

    fn start(&self) -> Box<dyn MacOp> {
        Box::new(HmacOp {
            alg: self.alg,
            mac: self.mac.clone(),
        })
    }
}

impl<M> fmt::Debug for HmacKey<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// A multi-part HMAC computation, started from a clone of the prepared state.
struct HmacOp<M> {
    alg: Algorithm,
    mac: M,
}

impl<M: MacState> MacOp for HmacOp<M> {
    fn update(&mut self, data: &[u8]) {
        self.mac.update(data);
    }

    fn finish(self: Box<Self>, out: &mut [u8]) -> usize {
        finish_into(self.mac, out)
    }
}

impl<M> fmt::Debug for HmacOp<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacOp")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}
