//! Asymmetric operations: signatures (`psa_sign_hash`, `psa_sign_message` and their
//! verifications), asymmetric encryption, raw key agreement and `psa_key_agreement`, and
//! `psa_export_public_key`.
//!
//! Every call is one-shot: it registers as a reader of the key for its duration (so a
//! destroy waits only for calls in flight, DESIGN §3.4), checks the policy, and runs on the
//! key's prepared form (`KeyData::asym`: parsed key and precomputed values, built once by
//! the driver and shared read-only by every thread). No asymmetric call keeps key-dependent
//! state between calls, so none needs an operation binding.
//!
//! Check order and statuses follow Mbed TLS (its test data fixes them): the algorithm's
//! category first (`INVALID_ARGUMENT`), then the key's policy (`NOT_PERMITTED`, or
//! `INVALID_ARGUMENT` for a wildcard), then the key type (`INVALID_ARGUMENT`), then the
//! driver (hash lengths, buffer sizes, the data itself).
//!
//! Linearization point of each call: the key's `Slot::acquire` (the key is used as it is at
//! that instant); `key_agreement` additionally has the creation's point for the new key.

use strongroom_driver::{PreparedAsymmetric, RandomSource};
use strongroom_types::{Algorithm, Error, KeyAttributes, KeyId, KeyType, Result, Usage, policy};
use zeroize::Zeroizing;

use crate::Crypto;
use crate::store::KeyData;

/// Largest hash a signature algorithm uses (`PSA_HASH_MAX_SIZE`).
const HASH_MAX: usize = 64;

/// Largest raw key agreement output (`PSA_RAW_KEY_AGREEMENT_OUTPUT_MAX_SIZE`): P-521's 66
/// bytes, or 1024 for finite-field groups up to 8192 bits.
const AGREEMENT_MAX: usize = 1024;

impl Crypto {
    /// Runs `f` on the key's prepared asymmetric form (built on first use) and the driver's
    /// randomness source, under the driver's serialization if it has one.
    fn with_prepared_asym<R>(
        &self,
        d: &KeyData,
        f: impl FnOnce(&dyn PreparedAsymmetric, &dyn RandomSource) -> Result<R>,
    ) -> Result<R> {
        let prepared = d.asym.get_or_init(|| {
            self.driver.call(|drv| {
                let asym = drv.asymmetric().ok_or(Error::NotSupported)?;
                asym.prepare(d.attrs.key_type(), d.attrs.bits(), &d.material)
            })
        });
        match prepared {
            Ok(p) => self.driver.call(|drv| f(p.as_ref(), drv.random())),
            Err(e) => Err(*e),
        }
    }

    /// `psa_export_public_key`: writes the public key (of a key pair, or a public key
    /// itself) in its export format into `out` and returns its length. Needs no usage flag.
    /// A key that is not asymmetric → `INVALID_ARGUMENT`; `out` too small →
    /// `BUFFER_TOO_SMALL`.
    pub fn export_public_key(&self, key: KeyId, out: &mut [u8]) -> Result<usize> {
        self.store.with_key(key, |d| {
            let key_type = d.attrs.key_type();
            if !key_type.is_asymmetric() {
                return Err(Error::InvalidArgument);
            }
            if key_type.is_public_key() {
                let n = d.material.len();
                let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
                dst.copy_from_slice(&d.material);
                return Ok(n);
            }
            self.with_prepared_asym(d, |p, _| p.export_public(out))
        })
    }

    /// [`export_public_key`](Self::export_public_key) into a new vector, sized and filled
    /// under one registration (so a concurrent re-creation of the id cannot slip in).
    pub fn export_public_key_to_vec(&self, key: KeyId) -> Result<Vec<u8>> {
        self.store.with_key(key, |d| {
            let key_type = d.attrs.key_type();
            let size = strongroom_types::sizes::export_public_key_output_size(
                key_type,
                d.attrs.bits() as usize,
            )
            .ok_or(Error::InvalidArgument)?;
            let mut out = vec![0u8; size];
            let n = if key_type.is_public_key() {
                let n = d.material.len();
                out.get_mut(..n)
                    .ok_or(Error::BufferTooSmall)?
                    .copy_from_slice(&d.material);
                n
            } else {
                self.with_prepared_asym(d, |p, _| p.export_public(&mut out))?
            };
            out.truncate(n);
            Ok(out)
        })
    }

    /// `psa_sign_hash`: signs `hash` (already computed) with a key pair and a sign-hash
    /// algorithm (`RSA_PKCS1V15_SIGN`, `RSA_PSS`, `ECDSA`, `DETERMINISTIC_ECDSA`,
    /// `ED25519PH`, `ED448PH`); writes the signature into `out` and returns its length
    /// (`sizes::sign_output_size` bytes suffice). Needs `SIGN_HASH` usage.
    pub fn sign_hash(
        &self,
        key: KeyId,
        alg: Algorithm,
        hash: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        if !alg.is_sign_hash() {
            return Err(Error::InvalidArgument);
        }
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, Usage::SIGN_HASH, alg)?;
            require_key_pair(d.attrs.key_type())?;
            self.with_prepared_asym(d, |p, rng| p.sign_hash(alg, hash, rng, out))
        })
    }

    /// `psa_verify_hash`: `Ok` if `signature` is a valid signature of `hash`, else
    /// `INVALID_SIGNATURE` (also for a signature of the wrong length). Works with a key pair
    /// or a public key; needs `VERIFY_HASH` usage.
    pub fn verify_hash(
        &self,
        key: KeyId,
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        if !alg.is_sign_hash() {
            return Err(Error::InvalidArgument);
        }
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, Usage::VERIFY_HASH, alg)?;
            require_asymmetric(d.attrs.key_type())?;
            self.with_prepared_asym(d, |p, _| p.verify_hash(alg, hash, signature))
        })
    }

    /// `psa_sign_message`: signs `message` with a key pair. A hash-and-sign algorithm hashes
    /// the message with its hash, then signs as [`sign_hash`](Self::sign_hash) does; pure
    /// EdDSA signs the message itself. Needs `SIGN_MESSAGE` usage (implied by `SIGN_HASH`).
    pub fn sign_message(
        &self,
        key: KeyId,
        alg: Algorithm,
        message: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        let mut digest = Zeroizing::new([0u8; HASH_MAX]);
        let hashed = self.message_digest(alg, message, &mut digest)?;
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, Usage::SIGN_MESSAGE, alg)?;
            require_key_pair(d.attrs.key_type())?;
            self.with_prepared_asym(d, |p, rng| match hashed {
                Some(Ok(n)) => p.sign_hash(alg, &digest[..n], rng, out),
                Some(Err(e)) => Err(e),
                None => p.sign_message(alg, message, rng, out),
            })
        })
    }

    /// `psa_verify_message`: `Ok` if `signature` is a valid signature of `message`, else
    /// `INVALID_SIGNATURE`. Needs `VERIFY_MESSAGE` usage (implied by `VERIFY_HASH`).
    pub fn verify_message(
        &self,
        key: KeyId,
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        let mut digest = Zeroizing::new([0u8; HASH_MAX]);
        let hashed = self.message_digest(alg, message, &mut digest)?;
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, Usage::VERIFY_MESSAGE, alg)?;
            require_asymmetric(d.attrs.key_type())?;
            self.with_prepared_asym(d, |p, _| match hashed {
                Some(Ok(n)) => p.verify_hash(alg, &digest[..n], signature),
                Some(Err(e)) => Err(e),
                None => p.verify_message(alg, message, signature),
            })
        })
    }

    /// Checks a sign-message algorithm and, for one the engine splits into hash-then-sign,
    /// hashes `message` into `digest` *before* the key is looked up, so that no hashing of
    /// a long message happens while registered as the key's reader. The hash's own failure
    /// is returned inside, to be reported after the policy checks (as Mbed TLS orders
    /// them). `None`: the driver signs the message itself (EdDSA).
    fn message_digest(
        &self,
        alg: Algorithm,
        message: &[u8],
        digest: &mut [u8; HASH_MAX],
    ) -> Result<Option<Result<usize>>> {
        if !alg.is_sign_message() {
            return Err(Error::InvalidArgument);
        }
        if alg == Algorithm::PURE_EDDSA || alg.is_hash_eddsa() {
            return Ok(None);
        }
        let hash = alg.sign_get_hash().ok_or(Error::InvalidArgument)?;
        if hash == Algorithm::ANY_HASH {
            // A wildcard: the policy check reports it (INVALID_ARGUMENT).
            return Ok(Some(Err(Error::InvalidArgument)));
        }
        Ok(Some(self.hash_compute(hash, message, digest)))
    }

    /// `psa_asymmetric_encrypt`: encrypts `input` with a public key or key pair
    /// (`RSA_PKCS1V15_CRYPT`, `RSA_OAEP`); `salt` is the OAEP label (must be empty for
    /// PKCS#1 v1.5). Writes the ciphertext into `out`, returns its length. Needs `ENCRYPT`.
    pub fn asymmetric_encrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        input: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        check_salt(alg, salt)?;
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, Usage::ENCRYPT, alg)?;
            require_asymmetric(d.attrs.key_type())?;
            self.with_prepared_asym(d, |p, rng| p.encrypt(alg, input, salt, rng, out))
        })
    }

    /// `psa_asymmetric_decrypt`: decrypts `input` with a key pair; writes the plaintext into
    /// `out`, returns its length. Any padding or ciphertext defect is `INVALID_PADDING`,
    /// found in constant time. Needs `DECRYPT` usage.
    pub fn asymmetric_decrypt(
        &self,
        key: KeyId,
        alg: Algorithm,
        input: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        check_salt(alg, salt)?;
        self.store.with_key(key, |d| {
            policy::check_use(&d.attrs, Usage::DECRYPT, alg)?;
            require_key_pair(d.attrs.key_type())?;
            self.with_prepared_asym(d, |p, rng| p.decrypt(alg, input, salt, rng, out))
        })
    }

    /// `psa_raw_key_agreement`: the shared secret of `private_key` and the peer's public key
    /// (given in the public-key export format of the private key's type), written into
    /// `out` (at least `sizes::raw_key_agreement_output_size` bytes). `alg` is a standalone
    /// agreement (`ECDH`); an invalid peer key → `INVALID_ARGUMENT`. Needs `DERIVE` usage.
    pub fn raw_key_agreement(
        &self,
        alg: Algorithm,
        private_key: KeyId,
        peer_public_key: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        if !alg.is_key_agreement() {
            return Err(Error::InvalidArgument);
        }
        self.store.with_key(private_key, |d| {
            policy::check_use(&d.attrs, Usage::DERIVE, alg)?;
            self.agree_checked(d, alg, peer_public_key, out)
        })
    }

    /// `psa_key_agreement` (spec 1.2): computes the shared secret as
    /// [`raw_key_agreement`](Self::raw_key_agreement) does and stores it as a new key with
    /// `attrs` (type `DERIVE`, `RAW_DATA`, `HMAC` or `PASSWORD`; bits unset or equal to the
    /// secret's size). The private key's registration ends before the new key is created.
    pub fn key_agreement(
        &self,
        private_key: KeyId,
        peer_public_key: &[u8],
        alg: Algorithm,
        attrs: &KeyAttributes,
    ) -> Result<KeyId> {
        if !alg.is_key_agreement() {
            return Err(Error::InvalidArgument);
        }
        let t = attrs.key_type();
        if t != KeyType::DERIVE
            && t != KeyType::RAW_DATA
            && t != KeyType::HMAC
            && t != KeyType::PASSWORD
        {
            return Err(Error::InvalidArgument);
        }
        let mut secret = Zeroizing::new([0u8; AGREEMENT_MAX]);
        let n = self.store.with_key(private_key, |d| {
            policy::check_use(&d.attrs, Usage::DERIVE, alg)?;
            self.agree_checked(d, alg, peer_public_key, &mut secret[..])
        })?;
        self.import_key(attrs, &secret[..n])
    }

    /// The shared secret of `private_key` and `peer_public_key` under the standalone
    /// agreement `ka_alg`, for `psa_key_derivation_key_agreement`: the policy is checked
    /// against `policy_alg` (the operation's combined algorithm) with `DERIVE` usage.
    pub(crate) fn shared_secret(
        &self,
        private_key: KeyId,
        peer_public_key: &[u8],
        ka_alg: Algorithm,
        policy_alg: Algorithm,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let mut secret = Zeroizing::new(vec![0u8; AGREEMENT_MAX]);
        let n = self.store.with_key(private_key, |d| {
            policy::check_use(&d.attrs, Usage::DERIVE, policy_alg)?;
            self.agree_checked(d, ka_alg, peer_public_key, &mut secret)
        })?;
        secret.truncate(n);
        Ok(secret)
    }

    /// The raw agreement after the policy check: a standalone algorithm (a combined one →
    /// `NOT_SUPPORTED`, as Mbed TLS), a key pair, an output buffer of the full size.
    fn agree_checked(
        &self,
        d: &KeyData,
        alg: Algorithm,
        peer_public_key: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        if !alg.is_raw_key_agreement() {
            return Err(Error::NotSupported);
        }
        let key_type = d.attrs.key_type();
        require_key_pair(key_type)?;
        let size = strongroom_types::sizes::raw_key_agreement_output_size(
            key_type,
            d.attrs.bits() as usize,
        )
        .ok_or(Error::InvalidArgument)?;
        if out.len() < size {
            return Err(Error::BufferTooSmall);
        }
        self.with_prepared_asym(d, |p, _| p.agree(alg, peer_public_key, out))
    }
}

/// Only key pairs sign, decrypt and agree.
fn require_key_pair(key_type: KeyType) -> Result<()> {
    if key_type.is_key_pair() {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Verification and encryption take a public key or a key pair.
fn require_asymmetric(key_type: KeyType) -> Result<()> {
    if key_type.is_key_pair() || key_type.is_public_key() {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// A salt (label) is meaningful only for OAEP (Mbed TLS rejects it for anything else before
/// looking at the key).
fn check_salt(alg: Algorithm, salt: &[u8]) -> Result<()> {
    if !alg.is_rsa_oaep() && !salt.is_empty() {
        Err(Error::InvalidArgument)
    } else {
        Ok(())
    }
}
