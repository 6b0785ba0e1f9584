//! PBKDF2 (RFC 8018 §5.2): block `T_i = U_1 ^ U_2 ^ … ^ U_c` with
//! `U_1 = PRF(P, S || INT(i))` and `U_j = PRF(P, U_{j-1})`, for HMAC PRFs and for
//! AES-CMAC-PRF-128 (RFC 4615).

use strongroom_driver::{Algorithm, Error, KdfStream, Result};
use zeroize::Zeroizing;

use super::prf::{self, MAX_LEN, Prf};
use super::stream::{BlockSource, Blocks};

/// The PBKDF2 stream. `prf` is `HMAC(hash)` or `CMAC` (AES-CMAC-PRF-128).
pub(super) fn stream(
    prf_alg: Algorithm,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Box<dyn KdfStream>> {
    if iterations == 0 {
        return Err(Error::InvalidArgument);
    }
    let prf = if prf_alg == Algorithm::CMAC {
        prf::aes_cmac_prf_128(password)?
    } else {
        let hash = prf_alg.hmac_get_hash().ok_or(Error::NotSupported)?;
        prf::hmac(hash, password)?
    };
    let source = Pbkdf2 {
        prf,
        salt: Zeroizing::new(salt.to_vec()),
        iterations,
        index: 0,
    };
    Ok(Box::new(Blocks::new("Pbkdf2", prf_alg, source)))
}

struct Pbkdf2 {
    prf: Box<dyn Prf>,
    /// The salt may carry a pepper (spec: "both public and secret" sources).
    salt: Zeroizing<Vec<u8>>,
    iterations: u32,
    index: u32,
}

impl BlockSource for Pbkdf2 {
    fn block_len(&self) -> usize {
        self.prf.len()
    }

    fn next_block(&mut self, out: &mut [u8]) -> Result<()> {
        let Some(index) = self.index.checked_add(1) else {
            return Err(Error::InsufficientData); // 2^32 - 1 blocks at most
        };
        self.index = index;
        let len = self.prf.len();
        let mut u = Zeroizing::new([0u8; MAX_LEN]);
        self.prf
            .compute(&[&self.salt, &index.to_be_bytes()], &mut u[..]);
        let t = &mut out[..len];
        t.copy_from_slice(&u[..len]);
        let mut next = Zeroizing::new([0u8; MAX_LEN]);
        for _ in 1..self.iterations {
            self.prf.compute(&[&u[..len]], &mut next[..]);
            u[..len].copy_from_slice(&next[..len]);
            for (t, u) in t.iter_mut().zip(&u[..len]) {
                *t ^= u;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::test_util::{hex, read_all};

    /// RFC 6070 (PBKDF2-HMAC-SHA1) cases 1, 2, 3, 5 and 6.
    #[test]
    fn rfc6070_hmac_sha1() {
        let hmac_sha1 = Algorithm::hmac(Algorithm::SHA_1);
        let cases: [(&[u8], &[u8], u32, &str); 5] = [
            (
                b"password",
                b"salt",
                1,
                "0c60c80f961f0e71f3a9b524af6012062fe037a6",
            ),
            (
                b"password",
                b"salt",
                2,
                "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
            ),
            (
                b"password",
                b"salt",
                4096,
                "4b007901b765489abead49d926f721d065a429c1",
            ),
            (
                b"passwordPASSWORDpassword",
                b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
                4096,
                "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
            ),
            (
                b"pass\0word",
                b"sa\0lt",
                4096,
                "56fa6aa75548099dcc37d7f03425e0c3",
            ),
        ];
        for (password, salt, c, expected) in cases {
            let expected = hex(expected);
            let mut s = stream(hmac_sha1, password, salt, c).expect("pbkdf2");
            assert_eq!(read_all(&mut *s, expected.len(), 7), expected, "c={c}");
        }
    }

    /// RFC 7914 §11 (PBKDF2-HMAC-SHA256, c = 1, 64 bytes: two blocks).
    #[test]
    fn rfc7914_hmac_sha256() {
        let mut s =
            stream(Algorithm::hmac(Algorithm::SHA_256), b"passwd", b"salt", 1).expect("pbkdf2");
        assert_eq!(
            read_all(&mut *s, 64, 64),
            hex(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
                 49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
            )
        );
    }

    /// PBKDF2-AES-CMAC-PRF-128 over the RFC 6070 inputs (the values of Mbed TLS's test
    /// data, produced independently of this code).
    #[test]
    fn aes_cmac_prf_128() {
        let cases: [(&[u8], &[u8], u32, &str); 3] = [
            (
                b"password",
                b"salt",
                1,
                "1b72f6419173a06e27777606a315876ec71227de",
            ),
            (
                b"password",
                b"salt",
                2,
                "160597e28021fb3dd9cf088b007b688360fed438",
            ),
            (
                b"pass\0word",
                b"sa\0lt",
                4096,
                "3d2828c5a437d781e7733ca353c40579",
            ),
        ];
        for (password, salt, c, expected) in cases {
            let expected = hex(expected);
            let mut s = stream(Algorithm::CMAC, password, salt, c).expect("pbkdf2");
            assert_eq!(read_all(&mut *s, expected.len(), 5), expected, "c={c}");
        }
    }

    /// RFC 6070 case 4: 16 777 216 iterations (minutes in a debug build; run with
    /// `--ignored`, ideally `--release`).
    #[test]
    #[ignore = "slow: 2^24 iterations"]
    fn rfc6070_case4() {
        let mut s = stream(
            Algorithm::hmac(Algorithm::SHA_1),
            b"password",
            b"salt",
            1 << 24,
        )
        .expect("pbkdf2");
        assert_eq!(
            read_all(&mut *s, 20, 20),
            hex("eefe3d61cd4da4e4e9945b3d6ba2158c2634e984")
        );
    }

    #[test]
    fn zero_iterations_refused() {
        assert_eq!(
            stream(Algorithm::CMAC, b"p", b"s", 0).err(),
            Some(Error::InvalidArgument)
        );
    }
}
