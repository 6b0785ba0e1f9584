//! `psa_key_derivation_output_key`: turning derivation output into a key, by the procedure
//! the spec gives for each key type:
//!
//! - unstructured types (raw data, HMAC, DERIVE, PASSWORD(_HASH), PEPPER, symmetric
//!   ciphers): `bits / 8` output bytes, whole bytes only; DES keys then get their parity
//!   bits set (spec: "the parity bit of each byte is set");
//! - ECC key pairs: the curve family's procedure, run by the driver over the stream
//!   ([`strongroom_driver::KdfDriver::derive_ecc_private_key`]), then the scalar is
//!   imported as the key (so the asymmetric family validates and stores it as for
//!   `psa_import_key`);
//! - public keys are `INVALID_ARGUMENT`; other key pairs (RSA, DH) are `NOT_SUPPORTED`.
//!
//! The new key is created through [`Crypto::import_key`] with the caller's attributes,
//! so lifetime, id, usage and the size checks are exactly those of an import.

use strongroom_types::{KeyAttributes, KeyId, KeyType, Result, policy, sizes};
use zeroize::Zeroizing;

use super::machine::with_kdf;
use super::{Active, Error, KeyDerivationOperation};

/// Largest ECC private key in export format (Ed448's 57 bytes, P-521's 66).
const ECC_PRIVATE_MAX: usize = 66;

impl KeyDerivationOperation<'_> {
    /// `psa_key_derivation_output_key`: derives a key with the type, size and policy of
    /// `attrs` from the next output bytes and returns its id.
    ///
    /// `NOT_PERMITTED` unless the `SECRET` (or `PASSWORD`) input came from a key or a key
    /// agreement, and every input key permitted `DERIVE`. A size of 0 or one the type
    /// cannot have is `INVALID_ARGUMENT` (more than the largest key: `NOT_SUPPORTED`).
    /// Past the capacity: `INSUFFICIENT_DATA`, capacity 0, no key.
    pub fn output_key(&mut self, attrs: &KeyAttributes) -> Result<KeyId> {
        let r = if attrs.bits() == 0 {
            Err(Error::InvalidArgument)
        } else {
            self.active().and_then(|a| a.output_key(attrs))
        };
        self.settle(r)
    }
}

impl Active<'_> {
    fn output_key(&mut self, attrs: &KeyAttributes) -> Result<KeyId> {
        if !self.secret_from_key || !self.output_permitted {
            return Err(Error::NotPermitted);
        }
        let key_type = attrs.key_type();
        let bits = attrs.bits();
        if bits > KeyAttributes::MAX_KEY_BITS {
            return Err(Error::NotSupported);
        }
        if key_type.is_public_key() {
            return Err(Error::InvalidArgument);
        }
        // A password hash is bound to the derivation that produced it.
        if key_type == KeyType::PASSWORD_HASH && attrs.algorithm() != self.alg {
            return Err(Error::InvalidArgument);
        }
        let material = if key_type.is_ecc_key_pair() {
            self.ecc_private_key(key_type, bits)?
        } else if key_type.is_unstructured() {
            if !bits.is_multiple_of(8) {
                return Err(Error::InvalidArgument);
            }
            policy::validate_unstructured_bits(key_type, bits)?;
            let mut bytes = Zeroizing::new(vec![0u8; sizes::bits_to_bytes(bits as usize)]);
            self.read(&mut bytes)?;
            if key_type == KeyType::DES {
                set_des_parity(&mut bytes);
            }
            bytes
        } else {
            return Err(Error::NotSupported);
        };
        self.crypto.import_key(attrs, &material)
    }

    /// Runs the curve's procedure: draw from the stream (charged to the capacity), let the
    /// driver accept or reject the draw, repeat. Each rejection has probability below
    /// 1/2 for every implemented curve, and every draw consumes capacity, so the loop ends.
    fn ecc_private_key(&mut self, key_type: KeyType, bits: u32) -> Result<Zeroizing<Vec<u8>>> {
        let crypto = self.crypto;
        let driver = &crypto.driver;
        let len = with_kdf(driver, |k| k.ecc_private_key_draw_len(key_type, bits))?;
        let mut draw = Zeroizing::new(vec![0u8; len]);
        let mut key = Zeroizing::new(vec![0u8; ECC_PRIVATE_MAX.max(len)]);
        loop {
            self.read(&mut draw)?;
            let accepted = with_kdf(driver, |k| {
                k.ecc_private_key_from_draw(key_type, bits, &draw, &mut key)
            })?;
            if let Some(n) = accepted {
                key.truncate(n);
                return Ok(key);
            }
        }
    }
}

/// Sets the parity bit (least significant) of every byte so that each has an odd number
/// of ones, as DES keys require.
fn set_des_parity(key: &mut [u8]) {
    for b in key {
        let ones = (*b & 0xfe).count_ones();
        *b = (*b & 0xfe) | u8::from(ones % 2 == 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn des_parity_is_odd() {
        let mut k = [0x00, 0x01, 0xfe, 0xff, 0x3c, 0x80];
        set_des_parity(&mut k);
        assert_eq!(k, [0x01, 0x01, 0xfe, 0xfe, 0x3d, 0x80]);
        assert!(k.iter().all(|b| b.count_ones() % 2 == 1));
    }
}
