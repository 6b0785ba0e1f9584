//! One-shot AEAD over a prepared key (expanded schedule built once per key).

use strongroom_driver::PreparedAead;
use strongroom_types::{Algorithm, Error, KeyId, Result, Usage, policy};

use crate::Crypto;
use crate::store::KeyData;

impl Crypto {
    /// `psa_aead_encrypt`: writes ciphertext ‖ tag into `out`, returns its length.
    pub fn aead_encrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        plaintext: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        self.aead_with(key, alg, Usage::ENCRYPT, nonce, |d, p, tag_len| {
            let n = plaintext
                .len()
                .checked_add(tag_len)
                .ok_or(Error::InvalidArgument)?;
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            let _ = d;
            self.driver
                .call(|_| p.encrypt(alg, nonce, aad, plaintext, dst))?;
            Ok(n)
        })
    }

    /// `psa_aead_decrypt`: verifies the tag and writes the plaintext into `out`. A wrong
    /// tag is `INVALID_SIGNATURE` and leaves no plaintext in `out`.
    pub fn aead_decrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        nonce: &[u8],
        aad: &[u8],
        input: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        self.aead_with(key, alg, Usage::DECRYPT, nonce, |_, p, tag_len| {
            let n = input
                .len()
                .checked_sub(tag_len)
                .ok_or(Error::InvalidSignature)?;
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            self.driver
                .call(|_| p.decrypt(alg, nonce, aad, input, dst))?;
            Ok(n)
        })
    }

    fn aead_with<R>(
        &self,
        key: KeyId,
        alg: Algorithm,
        usage: Usage,
        nonce: &[u8],
        f: impl FnOnce(&KeyData, &dyn PreparedAead, usize) -> Result<R>,
    ) -> Result<R> {
        if !alg.is_aead() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, usage, alg)?;
            let key_type = d.attrs.key_type();
            let tag_len =
                strongroom_types::sizes::aead_tag_length(key_type, d.attrs.bits() as usize, alg)
                    .ok_or(Error::InvalidArgument)?;
            if !self
                .driver
                .call(|drv| drv.aead_nonce_ok(key_type, alg, nonce.len()))
            {
                return Err(Error::InvalidArgument);
            }
            let base = Algorithm::aead_with_default_length_tag(alg);
            let prepared = d.aead.get_or_init(|| {
                self.driver
                    .call(|drv| drv.prepare_aead(key_type, &d.material, base))
            });
            match prepared {
                Ok(p) => f(d, p.as_ref(), tag_len),
                Err(e) => Err(*e),
            }
        })
    }
}
