//! Finite-field Diffie-Hellman (`PSA_ALG_FFDH`) over the RFC 7919 groups ffdhe2048 …
//! ffdhe8192 (generator 2), with constant-time modular exponentiation (`crypto-bigint`).
//!
//! Formats (PSA): a key pair is the private exponent `x`, a public key the value
//! `y = 2^x mod p`, each big-endian and exactly as long as `p`; the shared secret `y'^x mod
//! p` is as long as `p` too (leading zeros kept). Strict validation: `2 ≤ x ≤ p - 2` and
//! `2 ≤ y ≤ p - 2` (SP 800-56A §5.6.2.3.1; a peer key of 0, 1, p - 1 or ≥ p would force the
//! secret into a tiny subgroup or is not an element at all); a length that is not one of
//! the groups' is `InvalidArgument`.

use core::fmt;

use crypto_bigint::BoxedUint;
use crypto_bigint::ctutils::{CtGt, CtLt};
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use rand_core::TryRng;
use strongroom_driver::{Algorithm, Error, PreparedAsymmetric, RandomSource, Result};
use strongroom_types::{DhFamily, KeyType};
use zeroize::Zeroizing;

use super::rng::DriverRng;

/// ffdhe2048 (RFC 7919 Appendix A.1).
const FFDHE2048: &str = concat!(
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695",
    "a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a",
    "d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935",
    "984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a",
    "bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4",
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61",
    "9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005",
    "c58ef1837d1683b2c6f34a26c1b2effa886b423861285c97ffffffffffffffff",
);
/// ffdhe3072 (RFC 7919 Appendix A.2).
const FFDHE3072: &str = concat!(
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695",
    "a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a",
    "d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935",
    "984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a",
    "bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4",
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61",
    "9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005",
    "c58ef1837d1683b2c6f34a26c1b2effa886b4238611fcfdcde355b3b6519035b",
    "bc34f4def99c023861b46fc9d6e6c9077ad91d2691f7f7ee598cb0fac186d91c",
    "aefe130985139270b4130c93bc437944f4fd4452e2d74dd364f2e21e71f54bff",
    "5cae82ab9c9df69ee86d2bc522363a0dabc521979b0deada1dbf9a42d5c4484e",
    "0abcd06bfa53ddef3c1b20ee3fd59d7c25e41d2b66c62e37ffffffffffffffff",
);
/// ffdhe4096 (RFC 7919 Appendix A.3).
const FFDHE4096: &str = concat!(
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695",
    "a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a",
    "d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935",
    "984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a",
    "bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4",
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61",
    "9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005",
    "c58ef1837d1683b2c6f34a26c1b2effa886b4238611fcfdcde355b3b6519035b",
    "bc34f4def99c023861b46fc9d6e6c9077ad91d2691f7f7ee598cb0fac186d91c",
    "aefe130985139270b4130c93bc437944f4fd4452e2d74dd364f2e21e71f54bff",
    "5cae82ab9c9df69ee86d2bc522363a0dabc521979b0deada1dbf9a42d5c4484e",
    "0abcd06bfa53ddef3c1b20ee3fd59d7c25e41d2b669e1ef16e6f52c3164df4fb",
    "7930e9e4e58857b6ac7d5f42d69f6d187763cf1d5503400487f55ba57e31cc7a",
    "7135c886efb4318aed6a1e012d9e6832a907600a918130c46dc778f971ad0038",
    "092999a333cb8b7a1a1db93d7140003c2a4ecea9f98d0acc0a8291cdcec97dcf",
    "8ec9b55a7f88a46b4db5a851f44182e1c68a007e5e655f6affffffffffffffff",
);
/// ffdhe6144 (RFC 7919 Appendix A.4).
const FFDHE6144: &str = concat!(
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695",
    "a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a",
    "d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935",
    "984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a",
    "bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4",
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61",
    "9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005",
    "c58ef1837d1683b2c6f34a26c1b2effa886b4238611fcfdcde355b3b6519035b",
    "bc34f4def99c023861b46fc9d6e6c9077ad91d2691f7f7ee598cb0fac186d91c",
    "aefe130985139270b4130c93bc437944f4fd4452e2d74dd364f2e21e71f54bff",
    "5cae82ab9c9df69ee86d2bc522363a0dabc521979b0deada1dbf9a42d5c4484e",
    "0abcd06bfa53ddef3c1b20ee3fd59d7c25e41d2b669e1ef16e6f52c3164df4fb",
    "7930e9e4e58857b6ac7d5f42d69f6d187763cf1d5503400487f55ba57e31cc7a",
    "7135c886efb4318aed6a1e012d9e6832a907600a918130c46dc778f971ad0038",
    "092999a333cb8b7a1a1db93d7140003c2a4ecea9f98d0acc0a8291cdcec97dcf",
    "8ec9b55a7f88a46b4db5a851f44182e1c68a007e5e0dd9020bfd64b645036c7a",
    "4e677d2c38532a3a23ba4442caf53ea63bb454329b7624c8917bdd64b1c0fd4c",
    "b38e8c334c701c3acdad0657fccfec719b1f5c3e4e46041f388147fb4cfdb477",
    "a52471f7a9a96910b855322edb6340d8a00ef092350511e30abec1fff9e3a26e",
    "7fb29f8c183023c3587e38da0077d9b4763e4e4b94b2bbc194c6651e77caf992",
    "eeaac0232a281bf6b3a739c1226116820ae8db5847a67cbef9c9091b462d538c",
    "d72b03746ae77f5e62292c311562a846505dc82db854338ae49f5235c95b9117",
    "8ccf2dd5cacef403ec9d1810c6272b045b3b71f9dc6b80d63fdd4a8e9adb1e69",
    "62a69526d43161c1a41d570d7938dad4a40e329cd0e40e65ffffffffffffffff",
);
/// ffdhe8192 (RFC 7919 Appendix A.5).
const FFDHE8192: &str = concat!(
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695",
    "a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a",
    "d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935",
    "984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a",
    "bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4",
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61",
    "9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005",
    "c58ef1837d1683b2c6f34a26c1b2effa886b4238611fcfdcde355b3b6519035b",
    "bc34f4def99c023861b46fc9d6e6c9077ad91d2691f7f7ee598cb0fac186d91c",
    "aefe130985139270b4130c93bc437944f4fd4452e2d74dd364f2e21e71f54bff",
    "5cae82ab9c9df69ee86d2bc522363a0dabc521979b0deada1dbf9a42d5c4484e",
    "0abcd06bfa53ddef3c1b20ee3fd59d7c25e41d2b669e1ef16e6f52c3164df4fb",
    "7930e9e4e58857b6ac7d5f42d69f6d187763cf1d5503400487f55ba57e31cc7a",
    "7135c886efb4318aed6a1e012d9e6832a907600a918130c46dc778f971ad0038",
    "092999a333cb8b7a1a1db93d7140003c2a4ecea9f98d0acc0a8291cdcec97dcf",
    "8ec9b55a7f88a46b4db5a851f44182e1c68a007e5e0dd9020bfd64b645036c7a",
    "4e677d2c38532a3a23ba4442caf53ea63bb454329b7624c8917bdd64b1c0fd4c",
    "b38e8c334c701c3acdad0657fccfec719b1f5c3e4e46041f388147fb4cfdb477",
    "a52471f7a9a96910b855322edb6340d8a00ef092350511e30abec1fff9e3a26e",
    "7fb29f8c183023c3587e38da0077d9b4763e4e4b94b2bbc194c6651e77caf992",
    "eeaac0232a281bf6b3a739c1226116820ae8db5847a67cbef9c9091b462d538c",
    "d72b03746ae77f5e62292c311562a846505dc82db854338ae49f5235c95b9117",
    "8ccf2dd5cacef403ec9d1810c6272b045b3b71f9dc6b80d63fdd4a8e9adb1e69",
    "62a69526d43161c1a41d570d7938dad4a40e329ccff46aaa36ad004cf600c838",
    "1e425a31d951ae64fdb23fcec9509d43687feb69edd1cc5e0b8cc3bdf64b10ef",
    "86b63142a3ab8829555b2f747c932665cb2c0f1cc01bd70229388839d2af05e4",
    "54504ac78b7582822846c0ba35c35f5c59160cc046fd8251541fc68c9c86b022",
    "bb7099876a460e7451a8a93109703fee1c217e6c3826e52c51aa691e0e423cfc",
    "99e9e31650c1217b624816cdad9a95f9d5b8019488d9c0a0a1fe3075a577e231",
    "83f81d4a3f2fa4571efc8ce0ba8a4fe8b6855dfe72b0a66eded2fbabfbe58a30",
    "fafabe1c5d71a87e2f741ef8c1fe86fea6bbfde530677f0d97d11d49f7a8443d",
    "0822e506a9f4614e011e2a94838ff88cd68c8bb7c5c6424cffffffffffffffff",
);

/// The group sizes, bits.
const SIZES: [u32; 5] = [2048, 3072, 4096, 6144, 8192];

/// An RFC 7919 group: the prime and its Montgomery parameters.
struct Group {
    bits: u32,
    p: BoxedUint,
    params: BoxedMontyParams,
}

impl Group {
    /// The group of `bits` bits; `None` for another size.
    fn new(bits: u32) -> Option<Self> {
        let hex = match bits {
            2048 => FFDHE2048,
            3072 => FFDHE3072,
            4096 => FFDHE4096,
            6144 => FFDHE6144,
            8192 => FFDHE8192,
            _ => return None,
        };
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
        let p = BoxedUint::from_be_slice(&bytes, bits).ok()?;
        let odd = crypto_bigint::Odd::new(p.clone()).into_option()?;
        Some(Self {
            bits,
            p,
            params: BoxedMontyParams::new(odd),
        })
    }

    fn len(&self) -> usize {
        self.bits as usize / 8
    }

    /// Parses a group element or exponent of exactly the group's length, checking
    /// `2 ≤ v ≤ p - 2` in constant time.
    fn parse(&self, bytes: &[u8]) -> Result<Zeroizing<BoxedUint>> {
        if bytes.len() != self.len() {
            return Err(Error::InvalidArgument);
        }
        let v = Zeroizing::new(
            BoxedUint::from_be_slice(bytes, self.bits).map_err(|_| Error::InvalidArgument)?,
        );
        let one = BoxedUint::one_with_precision(self.bits);
        let p_minus_1 = self.p.wrapping_sub(&one);
        let in_range = v.ct_gt(&one) & v.ct_lt(&p_minus_1);
        if bool::from(in_range) {
            Ok(v)
        } else {
            Err(Error::InvalidArgument)
        }
    }

    /// `base^exponent mod p` as big-endian bytes of the group's length.
    fn pow(&self, base: &BoxedUint, exponent: &BoxedUint) -> Zeroizing<Vec<u8>> {
        let mut form = BoxedMontyForm::new(base.clone(), &self.params).pow(exponent);
        let value = Zeroizing::new(form.retrieve());
        zeroize::Zeroize::zeroize(&mut form);
        let bytes = Zeroizing::new(value.to_be_bytes());
        // The precision is the group size (a multiple of 64 bits), so no padding is needed.
        Zeroizing::new(bytes.to_vec())
    }

    fn generator(&self) -> BoxedUint {
        BoxedUint::from_be_slice(&[2], self.bits)
            .unwrap_or_else(|_| BoxedUint::one_with_precision(self.bits))
    }
}

/// The group size of a DH key of `key_type` with `len` bytes of material: `NotSupported`
/// for a family other than RFC 7919, `InvalidArgument` for a length no group has.
pub(crate) fn bits_for(key_type: KeyType, len: usize) -> Result<u32> {
    if key_type.dh_family() != Some(DhFamily::RFC7919) {
        return Err(Error::NotSupported);
    }
    SIZES
        .into_iter()
        .find(|&b| b as usize / 8 == len)
        .ok_or(Error::InvalidArgument)
}

/// Validates a DH key (private exponent or public value); returns its size in bits.
pub(crate) fn validate(key_type: KeyType, data: &[u8]) -> Result<u32> {
    let bits = bits_for(key_type, data.len())?;
    let group = Group::new(bits).ok_or(Error::NotSupported)?;
    group.parse(data)?;
    Ok(bits)
}

/// Generates a private exponent uniformly in `[2, p - 2]` into `out`.
pub(crate) fn generate(
    key_type: KeyType,
    bits: u32,
    rng: &dyn RandomSource,
    out: &mut [u8],
) -> Result<usize> {
    if key_type.dh_family() != Some(DhFamily::RFC7919) {
        return Err(Error::NotSupported);
    }
    let group = Group::new(bits).ok_or(Error::NotSupported)?;
    let n = group.len();
    let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    let mut rng = DriverRng::new(rng)?;
    // p = 2^b - 2^(b-64) + …: a random b-bit string is in range but for a 2^-64 chance.
    loop {
        let _ = rng.try_fill_bytes(dst);
        if group.parse(dst).is_ok() {
            return Ok(n);
        }
    }
}

/// A parsed DH key: the group, the private exponent (key pair) and the public value.
pub(crate) struct DhKey {
    group: Group,
    secret: Option<Zeroizing<BoxedUint>>,
    public: Box<[u8]>,
}

impl fmt::Debug for DhKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.secret.is_some() {
            "key pair"
        } else {
            "public key"
        };
        write!(f, "DhKey(ffdhe{} {kind})", self.group.bits)
    }
}

impl DhKey {
    /// Parses key material of a group of `bits` bits.
    pub(crate) fn new(bits: u32, material: &[u8], public: bool) -> Result<Self> {
        let group = Group::new(bits).ok_or(Error::NotSupported)?;
        let value = group.parse(material)?;
        if public {
            return Ok(Self {
                group,
                secret: None,
                public: material.into(),
            });
        }
        let y = group.pow(&group.generator(), &value);
        Ok(Self {
            public: y.as_slice().into(),
            group,
            secret: Some(value),
        })
    }
}

impl PreparedAsymmetric for DhKey {
    fn export_public(&self, out: &mut [u8]) -> Result<usize> {
        let n = self.public.len();
        out.get_mut(..n)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&self.public);
        Ok(n)
    }

    fn sign_hash(
        &self,
        _: Algorithm,
        _: &[u8],
        _: &dyn RandomSource,
        _: &mut [u8],
    ) -> Result<usize> {
        Err(Error::InvalidArgument)
    }

    fn verify_hash(&self, _: Algorithm, _: &[u8], _: &[u8]) -> Result<()> {
        Err(Error::InvalidArgument)
    }

    fn agree(&self, alg: Algorithm, peer_public: &[u8], out: &mut [u8]) -> Result<usize> {
        if !alg.is_ffdh() {
            return Err(Error::InvalidArgument);
        }
        let x = self.secret.as_ref().ok_or(Error::InvalidArgument)?;
        let y = self.group.parse(peer_public)?;
        let n = self.group.len();
        let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        let shared = self.group.pow(&y, x);
        dst.copy_from_slice(&shared);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_safe_prime_shaped() {
        for bits in SIZES {
            let g = Group::new(bits).expect("group");
            let bytes = g.p.to_be_bytes();
            assert_eq!(bytes.len(), bits as usize / 8);
            // RFC 7919: the top and bottom 64 bits are all ones.
            assert!(
                bytes[..8]
                    .iter()
                    .chain(&bytes[bytes.len() - 8..])
                    .all(|&b| b == 0xff)
            );
        }
        assert!(Group::new(1024).is_none());
    }

    #[test]
    fn agreement_is_symmetric_and_rejects_bad_peers() {
        let source = crate::SoftRandom::new();
        let kt = KeyType::dh_key_pair(DhFamily::RFC7919);
        let mut a = [0u8; 256];
        let mut b = [0u8; 256];
        generate(kt, 2048, &source, &mut a).expect("a");
        generate(kt, 2048, &source, &mut b).expect("b");
        let ka = DhKey::new(2048, &a, false).expect("key a");
        let kb = DhKey::new(2048, &b, false).expect("key b");
        let (mut sa, mut sb) = ([0u8; 256], [0u8; 256]);
        ka.agree(Algorithm::FFDH, &kb.public, &mut sa)
            .expect("a with b");
        kb.agree(Algorithm::FFDH, &ka.public, &mut sb)
            .expect("b with a");
        assert_eq!(sa, sb);
        let mut one = [0u8; 256];
        one[255] = 1;
        assert_eq!(
            ka.agree(Algorithm::FFDH, &one, &mut sa),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            ka.agree(Algorithm::FFDH, &[0xff; 256], &mut sa),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            ka.agree(Algorithm::FFDH, &kb.public[1..], &mut sa),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            ka.agree(Algorithm::ECDH, &kb.public, &mut sa),
            Err(Error::InvalidArgument)
        );
        assert_eq!(format!("{ka:?}"), "DhKey(ffdhe2048 key pair)");
    }
}
