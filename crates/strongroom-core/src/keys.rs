//! Key management: import, generate, export, copy, destroy, purge, attributes.

use strongroom_types::{Error, KeyAttributes, KeyId, KeyType, Result, Usage, policy};
use zeroize::Zeroizing;

use crate::Crypto;

impl Crypto {
    /// `psa_import_key`. Returns the key's id (assigned for volatile keys).
    ///
    /// Linearization point: the key becomes visible (slot `FULL`), after the persistent
    /// record is durably written.
    pub fn import_key(&self, attrs: &KeyAttributes, data: &[u8]) -> Result<KeyId> {
        let key_type = attrs.key_type();
        if key_type.is_asymmetric() {
            return Err(Error::NotSupported);
        }
        let bits = policy::validate_import(key_type, attrs.bits(), data.len())?;
        self.create_key(attrs, bits, data)
    }

    /// `psa_generate_key` for unstructured key types (asymmetric types come with the
    /// algorithm issue and are `NOT_SUPPORTED` until then).
    pub fn generate_key(&self, attrs: &KeyAttributes) -> Result<KeyId> {
        policy::validate_generate(attrs.key_type(), attrs.bits())?;
        let mut material = Zeroizing::new(vec![0u8; attrs.bits() as usize / 8]);
        self.generate_random(&mut material)?;
        self.create_key(attrs, attrs.bits(), &material)
    }

    fn create_key(&self, attrs: &KeyAttributes, bits: u32, material: &[u8]) -> Result<KeyId> {
        let mut final_attrs = *attrs;
        final_attrs.set_bits(bits);
        final_attrs.set_usage(attrs.usage().with_implications());
        self.store.create(final_attrs, material)
    }

    /// `psa_export_key`: writes the key in its export format into `out`, returns the length.
    pub fn export_key(&self, id: KeyId, out: &mut [u8]) -> Result<usize> {
        self.store.with_key(id, |d| {
            check_exportable(&d.attrs)?;
            let n = d.material.len();
            let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(&d.material);
            Ok(n)
        })
    }

    /// [`export_key`](Self::export_key) into a buffer that zeroizes on drop (sized and
    /// filled under one registration, so a concurrent re-creation cannot slip in between).
    pub fn export_key_to_vec(&self, id: KeyId) -> Result<Zeroizing<Vec<u8>>> {
        self.store.with_key(id, |d| {
            check_exportable(&d.attrs)?;
            Ok(Zeroizing::new(d.material.to_vec()))
        })
    }

    /// `psa_copy_key`: a new key with the same material, the policy being the intersection
    /// of the source's and the requested one (`attrs` gives lifetime, id and policy; its
    /// type and bits must be unset or equal to the source's).
    pub fn copy_key(&self, source: KeyId, attrs: &KeyAttributes) -> Result<KeyId> {
        let (new_attrs, material) = self.store.with_key(source, |d| {
            let src = &d.attrs;
            if !src.usage().contains(Usage::COPY) {
                return Err(Error::NotPermitted);
            }
            if attrs.key_type() != KeyType::NONE && attrs.key_type() != src.key_type() {
                return Err(Error::InvalidArgument);
            }
            if attrs.bits() != 0 && attrs.bits() != src.bits() {
                return Err(Error::InvalidArgument);
            }
            let (usage, alg) = policy::intersect_policy(src, attrs)?;
            let new_attrs = KeyAttributes::new(src.key_type(), src.bits())
                .with_lifetime(attrs.lifetime())
                .with_id(attrs.id())
                .with_usage(usage)
                .with_algorithm(alg);
            Ok((new_attrs, Zeroizing::new(d.material.to_vec())))
        })?;
        // The source's read registration is released before the target is written, so a
        // destroy of the source never waits for the target's storage I/O.
        self.store.create(new_attrs, &material)
    }

    /// `psa_destroy_key` (DESIGN §3). When it returns: the id is free, the key's material
    /// and prepared forms have been zeroized, and no use that starts afterwards succeeds.
    /// It waits only for uses already in flight. `KeyId::NULL` succeeds and does nothing.
    pub fn destroy_key(&self, id: KeyId) -> Result<()> {
        self.store.destroy(id)
    }

    /// `psa_purge_key`: drops the in-memory copy of a persistent key (it is reloaded on
    /// next use). For a volatile key it checks existence only.
    pub fn purge_key(&self, id: KeyId) -> Result<()> {
        self.store.purge(id)
    }

    /// `psa_get_key_attributes`.
    pub fn key_attributes(&self, id: KeyId) -> Result<KeyAttributes> {
        self.store.with_key(id, |d| Ok(d.attrs))
    }

    /// The ids of all persistent keys in this instance's storage, ascending.
    pub fn persistent_keys(&self) -> Result<Vec<KeyId>> {
        self.store.persistent_ids()
    }

    /// The ids of the volatile keys that exist now, ascending.
    pub fn volatile_keys(&self) -> Vec<KeyId> {
        self.store.volatile_ids()
    }
}

/// Export needs the EXPORT usage flag, except for public keys.
fn check_exportable(a: &KeyAttributes) -> Result<()> {
    if a.usage().contains(Usage::EXPORT) || a.key_type().is_public_key() {
        Ok(())
    } else {
        Err(Error::NotPermitted)
    }
}
