//! RSAES-PKCS1-v1_5 decryption with an explicit, constant-time padding check.
//!
//! Why not the `rsa` crate's own PKCS#1 v1.5 decryption: it implements *implicit
//! rejection* (draft-irtf-cfrg-rsa-guidance §7.2), returning a pseudo-random message for a
//! ciphertext with bad padding. PSA requires `PSA_ERROR_INVALID_PADDING` there. So this
//! module runs the blinded, fault-checked RSA private operation of the crate's `hazmat`
//! module and decodes EME-PKCS1-v1_5 itself, touching every byte the same way whatever the
//! padding holds; the only data-dependent branch is the final status, which the API
//! reveals anyway. (A caller that shows that status to an attacker offers a Bleichenbacher
//! oracle; that is inherent to the PSA algorithm, and OAEP is the recommended choice.)

use ::rsa::RsaPrivateKey;
use ::rsa::hazmat::rsa_decrypt_and_check;
use ::rsa::traits::PublicKeyParts;
use crypto_bigint::BoxedUint;
use strongroom_driver::{Error, Result};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroizing;

use super::rng::DriverRng;

/// Decrypts a `k`-byte ciphertext (the caller checked the length) and returns the message;
/// any defect is `InvalidPadding`.
pub(crate) fn decrypt(
    key: &RsaPrivateKey,
    rng: &mut DriverRng,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let k = key.size();
    let c = BoxedUint::from_be_slice(ciphertext, key.n_bits_precision())
        .map_err(|_| Error::InvalidPadding)?;
    // `c ≥ n` is rejected here; that depends only on the public ciphertext.
    let m = Zeroizing::new(
        rsa_decrypt_and_check(key, Some(rng), &c).map_err(|_| Error::InvalidPadding)?,
    );
    let bytes = Zeroizing::new(m.to_be_bytes());
    // The integer's storage is whole limbs; `m < n` fits in the last `k` bytes.
    let em = bytes
        .get(bytes.len().saturating_sub(k)..)
        .filter(|em| em.len() == k)
        .ok_or(Error::InvalidPadding)?;
    let (valid, start) = decode(em);
    if !bool::from(valid) {
        return Err(Error::InvalidPadding);
    }
    Ok(Zeroizing::new(em[start..].to_vec()))
}

/// EME-PKCS1-v1_5 decoding (RFC 8017 §7.2.2 step 3) of `em = 0x00 ‖ 0x02 ‖ PS ‖ 0x00 ‖ M`
/// with `PS` at least 8 nonzero bytes. Returns validity and the offset of `M`; the work
/// done does not depend on the bytes.
fn decode(em: &[u8]) -> (Choice, usize) {
    let mut valid = em.first().map_or(Choice::from(0), |b| b.ct_eq(&0x00));
    valid &= em.get(1).map_or(Choice::from(0), |b| b.ct_eq(&0x02));
    let mut found = Choice::from(0);
    let mut separator = 0u32;
    for (i, b) in em.iter().enumerate().skip(2) {
        let is_zero = b.ct_eq(&0);
        let first = is_zero & !found;
        separator.conditional_assign(&(i as u32), first);
        found |= is_zero;
    }
    // The separator follows at least 8 bytes of padding: index ≥ 10.
    valid &= found & separator.ct_gt(&9);
    (valid, separator as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(em: &[u8]) -> Option<&[u8]> {
        let (valid, start) = decode(em);
        bool::from(valid).then(|| &em[start..])
    }

    #[test]
    fn decodes_valid_padding() {
        let mut em = vec![0x00, 0x02];
        em.extend_from_slice(&[0x11; 8]);
        em.push(0x00);
        em.extend_from_slice(b"msg");
        assert_eq!(check(&em), Some(&b"msg"[..]));
        // Empty message.
        let mut em = vec![0x00, 0x02];
        em.extend_from_slice(&[0x11; 20]);
        em.push(0x00);
        assert_eq!(check(&em), Some(&b""[..]));
    }

    #[test]
    fn rejects_bad_padding() {
        let good = |ps: usize| {
            let mut em = vec![0x00, 0x02];
            em.extend_from_slice(&vec![0x33; ps]);
            em.push(0x00);
            em.extend_from_slice(b"m");
            em
        };
        assert!(check(&good(7)).is_none(), "padding shorter than 8 bytes");
        let mut e = good(8);
        e[0] = 1;
        assert!(check(&e).is_none());
        let mut e = good(8);
        e[1] = 1;
        assert!(check(&e).is_none());
        let mut e = good(8);
        e[10] = 0x44;
        e.truncate(11);
        assert!(check(&e).is_none(), "no separator");
        assert!(check(&[]).is_none());
        assert!(check(&[0x00]).is_none());
    }
}
