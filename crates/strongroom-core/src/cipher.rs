//! Unauthenticated ciphers: `psa_cipher_encrypt`/`decrypt` and the multi-part cipher operation.
//!
//! The engine's part (the driver only transforms bytes in place, see
//! `strongroom_driver::PreparedCipher`): policy and support checks, the IV on the wire
//! (`IV ‖ ciphertext`, with a random IV from the per-thread DRBG on encryption), the
//! input-length rules of each mode, PKCS#7 padding and its constant-time check
//! ([`padding`]), buffering of partial blocks in multi-part operations ([`buffer`]), and
//! output-size checks made before anything is written.
//!
//! Status codes follow Mbed TLS 3.6 where the spec leaves a choice: a non-cipher algorithm
//! is `INVALID_ARGUMENT` before the key is looked up; a key type or size the algorithm
//! cannot use is `NOT_SUPPORTED`; a message that is not a whole number of blocks (ECB, CBC
//! without padding, CBC_PKCS7 decryption), shorter than the IV, or shorter than a block
//! (XTS) is `INVALID_ARGUMENT`; malformed padding is `INVALID_PADDING`.

mod buffer;
mod operation;
mod padding;

pub use operation::CipherOperation;

use strongroom_driver::{CipherDirection, PreparedCipher};
use strongroom_types::{Algorithm, Error, KeyId, KeyType, Result, Usage, policy, sizes};
use zeroize::{Zeroize, Zeroizing};

use crate::Crypto;
use crate::crypto::DriverHandle;
use crate::store::KeyData;
use buffer::HoldBack;

/// How a cipher algorithm consumes its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// CTR, CFB, OFB, CCM\*-no-tag, stream ciphers: any length.
    Stream,
    /// ECB and CBC without padding: whole blocks only.
    Blocks,
    /// CBC with PKCS#7 padding.
    Pkcs7,
    /// XTS: at least one block.
    Xts,
}

/// A cipher algorithm as it runs on one key: checked once at setup or per one-shot call.
#[derive(Clone, Copy, Debug)]
struct Spec {
    alg: Algorithm,
    /// Block size (1 for stream ciphers).
    block: usize,
    /// Default IV length (`PSA_CIPHER_IV_LENGTH`): what `generate_iv` and the one-shot
    /// calls use; 0 for ECB.
    iv_len: usize,
    shape: Shape,
}

impl Spec {
    fn new(key_type: KeyType, alg: Algorithm) -> Result<Self> {
        let iv_len = sizes::cipher_iv_length(key_type, alg).ok_or(Error::NotSupported)?;
        let block = key_type.block_size().ok_or(Error::NotSupported)?;
        let shape = match alg {
            Algorithm::ECB_NO_PADDING | Algorithm::CBC_NO_PADDING => Shape::Blocks,
            Algorithm::CBC_PKCS7 => Shape::Pkcs7,
            Algorithm::XTS => Shape::Xts,
            _ => Shape::Stream,
        };
        // Block modes buffer at most two blocks of the sizes PSA defines (8 and 16 bytes).
        if shape != Shape::Stream && !(2..=sizes::BLOCK_CIPHER_BLOCK_MAX_SIZE).contains(&block) {
            return Err(Error::NotSupported);
        }
        Ok(Self {
            alg,
            block,
            iv_len,
            shape,
        })
    }

    /// Ciphertext length for `n` bytes of plaintext; `InvalidArgument` for a length the
    /// mode cannot encrypt.
    fn ciphertext_len(&self, n: usize) -> Result<usize> {
        match self.shape {
            Shape::Stream => Ok(n),
            Shape::Blocks if n.is_multiple_of(self.block) => Ok(n),
            Shape::Pkcs7 => (n / self.block)
                .checked_add(1)
                .and_then(|blocks| blocks.checked_mul(self.block))
                .ok_or(Error::InvalidArgument),
            Shape::Xts if n >= self.block => Ok(n),
            _ => Err(Error::InvalidArgument),
        }
    }

    /// Checks a ciphertext length (without the IV): `InvalidArgument` if the mode cannot
    /// have produced it.
    fn check_ciphertext_len(&self, n: usize) -> Result<()> {
        let ok = match self.shape {
            Shape::Stream => true,
            Shape::Blocks => n.is_multiple_of(self.block),
            Shape::Pkcs7 => n.is_multiple_of(self.block) && n > 0,
            Shape::Xts => n >= self.block,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidArgument)
        }
    }

    /// What a multi-part operation in direction `dir` holds back (`None`: a stream, which
    /// releases everything at once).
    fn hold_back(&self, dir: CipherDirection) -> Option<HoldBack> {
        match (self.shape, dir) {
            (Shape::Stream, _) => None,
            (Shape::Blocks, _) | (Shape::Pkcs7, CipherDirection::Encrypt) => {
                Some(HoldBack::Partial)
            }
            (Shape::Pkcs7, CipherDirection::Decrypt) => Some(HoldBack::LastBlock),
            (Shape::Xts, _) => Some(HoldBack::StealingTail),
        }
    }
}

/// Checks that the key allows `usage` with `alg` (Mbed TLS order: usage and policy first,
/// `NOT_PERMITTED`) and that the driver can run `alg` with it (`NOT_SUPPORTED`).
fn check_key(driver: &DriverHandle, d: &KeyData, alg: Algorithm, usage: Usage) -> Result<Spec> {
    policy::check_use(&d.attrs, usage, alg)?;
    let key_type = d.attrs.key_type();
    let bits = d.attrs.bits() as usize;
    let supported = driver.call(|drv| {
        drv.cipher()
            .is_some_and(|c| c.supports(key_type, bits, alg))
    });
    if !supported {
        return Err(Error::NotSupported);
    }
    Spec::new(key_type, alg)
}

/// Runs `f` on the key's prepared cipher (its expanded schedule, built on first use and
/// shared by every thread). If the cached form cannot run `alg` (only possible with a
/// driver whose forms depend on the algorithm and a key used with two algorithms), a
/// form is prepared for this call alone.
fn with_prepared<R>(
    driver: &DriverHandle,
    d: &KeyData,
    alg: Algorithm,
    f: impl FnOnce(&dyn PreparedCipher) -> Result<R>,
) -> Result<R> {
    let key_type = d.attrs.key_type();
    let prepare = || {
        driver.call(|drv| {
            drv.cipher()
                .ok_or(Error::NotSupported)?
                .prepare(key_type, &d.material, alg)
        })
    };
    match d.cipher.get_or_init(prepare) {
        Ok(p) if p.serves(alg) => f(p.as_ref()),
        Ok(_) => f(prepare()?.as_ref()),
        Err(e) => Err(*e),
    }
}

/// Fails with `InvalidArgument` unless `alg` is a cipher algorithm (checked before the key
/// is looked up, as Mbed TLS does).
fn require_cipher(alg: Algorithm) -> Result<()> {
    if alg.is_cipher() {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

impl Crypto {
    /// `psa_cipher_encrypt`: encrypts `input` with a fresh random IV and writes
    /// `IV ‖ ciphertext` into `out`; returns its length
    /// ([`sizes::cipher_encrypt_output_size`] is enough). Needs `ENCRYPT` usage and a
    /// policy permitting `alg`. A short `out` is `BUFFER_TOO_SMALL` with nothing written.
    pub fn cipher_encrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        input: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        require_cipher(alg)?;
        self.store.with_key(key, |d| {
            let spec = check_key(&self.driver, d, alg, Usage::ENCRYPT)?;
            let body_len = spec.ciphertext_len(input.len())?;
            let total = body_len
                .checked_add(spec.iv_len)
                .ok_or(Error::InvalidArgument)?;
            let out = out.get_mut(..total).ok_or(Error::BufferTooSmall)?;
            let (iv, body) = out.split_at_mut(spec.iv_len);
            self.generate_random(iv)?;
            let (data, tail) = body.split_at_mut(input.len());
            data.copy_from_slice(input);
            if spec.shape == Shape::Pkcs7 {
                padding::pad(tail);
            }
            let r = with_prepared(&self.driver, d, alg, |p| {
                self.driver
                    .call(|_| p.crypt(alg, CipherDirection::Encrypt, iv, body))
            });
            if r.is_err() {
                out.zeroize(); // no plaintext left behind in the caller's buffer
            }
            r.map(|()| total)
        })
    }

    /// `psa_cipher_decrypt`: `input` is `IV ‖ ciphertext` as [`Crypto::cipher_encrypt`]
    /// writes it; writes the plaintext into `out` and returns its length. Needs `DECRYPT` usage. Malformed CBC_PKCS7 padding is `INVALID_PADDING`
    /// (checked in constant time); a short `out` is `BUFFER_TOO_SMALL` with nothing
    /// written.
    pub fn cipher_decrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        input: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        require_cipher(alg)?;
        self.store.with_key(key, |d| {
            let spec = check_key(&self.driver, d, alg, Usage::DECRYPT)?;
            let (iv, ct) = input
                .split_at_checked(spec.iv_len)
                .ok_or(Error::InvalidArgument)?;
            spec.check_ciphertext_len(ct.len())?;
            if spec.shape == Shape::Pkcs7 {
                return self.decrypt_padded(d, &spec, iv, ct, out);
            }
            let dst = out.get_mut(..ct.len()).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(ct);
            let r = with_prepared(&self.driver, d, alg, |p| {
                self.driver
                    .call(|_| p.crypt(alg, CipherDirection::Decrypt, iv, dst))
            });
            if r.is_err() {
                dst.zeroize();
            }
            r.map(|()| ct.len())
        })
    }

    /// CBC_PKCS7 decryption: the plaintext length is known only once the last block is
    /// decrypted, so when `out` cannot hold the padded plaintext the work is done in a
    /// temporary buffer (zeroized) and copied only if the result fits.
    fn decrypt_padded(
        &self,
        d: &KeyData,
        spec: &Spec,
        iv: &[u8],
        ct: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        let n = ct.len();
        let shortest = n - spec.block; // ct is a non-zero whole number of blocks
        let room = out.len();
        if room < shortest {
            return Err(Error::BufferTooSmall);
        }
        let mut temp = Zeroizing::new(Vec::new());
        let buf: &mut [u8] = if room >= n {
            &mut out[..n]
        } else {
            temp.extend_from_slice(ct);
            &mut temp
        };
        buf.copy_from_slice(ct);
        let decrypted = with_prepared(&self.driver, d, spec.alg, |p| {
            self.driver
                .call(|_| p.crypt(spec.alg, CipherDirection::Decrypt, iv, buf))
        });
        let len = decrypted
            .and_then(|()| padding::data_len(&buf[shortest..]).ok_or(Error::InvalidPadding));
        let plain_len = match len {
            Ok(k) if shortest + k <= room => shortest + k,
            other => {
                buf.zeroize();
                return Err(other.err().unwrap_or(Error::BufferTooSmall));
            }
        };
        if temp.is_empty() {
            out[plain_len..n].zeroize(); // the padding bytes
        } else {
            out[..plain_len].copy_from_slice(&temp[..plain_len]);
        }
        Ok(plain_len)
    }
}
