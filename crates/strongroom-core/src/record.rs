//! The persistent key record: what the storage backend keeps for one key (inside its own
//! integrity-checked envelope).
//!
//! ```text
//! offset  size  field
//!      0     4  magic "SRKR"
//!      4     2  record version (1)
//!      6     2  key type
//!      8     4  lifetime
//!     12     4  key bits
//!     16     4  usage flags
//!     20     4  permitted algorithm
//!     24     4  key id (must match the id it is stored under)
//!     28     4  material length n
//!     32     n  key material (the export format of the key type)
//! ```
//! All integers little-endian. A wrong magic or version is `DATA_INVALID` (a foreign or
//! newer file); a length mismatch or an id mismatch is `DATA_CORRUPT`.

use strongroom_types::{Algorithm, Error, KeyAttributes, KeyId, KeyType, Lifetime, Result, Usage};
use zeroize::Zeroizing;

use crate::store::KeyData;

const MAGIC: &[u8; 4] = b"SRKR";
const VERSION: u16 = 1;
const HEADER: usize = 32;

/// Encodes a key for storage. The returned buffer holds key material: it zeroizes on drop.
pub(crate) fn encode(data: &KeyData) -> Zeroizing<Vec<u8>> {
    let a = &data.attrs;
    let mut out = Zeroizing::new(Vec::with_capacity(HEADER + data.material.len()));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&a.key_type().raw().to_le_bytes());
    out.extend_from_slice(&a.lifetime().raw().to_le_bytes());
    out.extend_from_slice(&a.bits().to_le_bytes());
    out.extend_from_slice(&a.usage().raw().to_le_bytes());
    out.extend_from_slice(&a.algorithm().raw().to_le_bytes());
    out.extend_from_slice(&a.id().raw().to_le_bytes());
    out.extend_from_slice(&(data.material.len() as u32).to_le_bytes());
    out.extend_from_slice(&data.material);
    out
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Decodes a stored record for key `id`. Never panics on any input.
pub(crate) fn decode(bytes: &[u8], id: KeyId) -> Result<KeyData> {
    if bytes.len() < 6 || &bytes[..4] != MAGIC {
        return Err(Error::DataInvalid);
    }
    if u16_at(bytes, 4) != VERSION {
        return Err(Error::DataInvalid);
    }
    if bytes.len() < HEADER {
        return Err(Error::DataCorrupt);
    }
    let len = u32_at(bytes, 28) as usize;
    if bytes.len() - HEADER != len {
        return Err(Error::DataCorrupt);
    }
    if u32_at(bytes, 24) != id.raw() {
        return Err(Error::DataCorrupt);
    }
    let lifetime = Lifetime::from_raw(u32_at(bytes, 8));
    if lifetime.is_volatile() {
        return Err(Error::DataCorrupt);
    }
    let attrs = KeyAttributes::new(KeyType::from_raw(u16_at(bytes, 6)), u32_at(bytes, 12))
        .with_lifetime(lifetime)
        .with_id(id)
        .with_usage(Usage::from_raw(u32_at(bytes, 16)))
        .with_algorithm(Algorithm::from_raw(u32_at(bytes, 20)));
    Ok(KeyData::new(attrs, &bytes[HEADER..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> KeyData {
        let attrs = KeyAttributes::new(KeyType::HMAC, 256)
            .with_id(KeyId::from_raw(7))
            .with_usage(Usage::SIGN_MESSAGE)
            .with_algorithm(Algorithm::hmac(Algorithm::SHA_256));
        KeyData::new(attrs, &[0x5a; 32])
    }

    #[test]
    fn round_trip() {
        let rec = encode(&sample());
        let back = decode(&rec, KeyId::from_raw(7)).unwrap();
        assert_eq!(back.attrs, sample().attrs);
        assert_eq!(&back.material[..], &[0x5a; 32][..]);
    }

    #[test]
    fn damaged_records_are_errors_never_panics() {
        let rec = encode(&sample());
        assert_eq!(
            decode(&rec, KeyId::from_raw(8)).unwrap_err(),
            Error::DataCorrupt
        );
        for cut in 0..rec.len() {
            assert!(decode(&rec[..cut], KeyId::from_raw(7)).is_err());
        }
        let mut foreign = rec.to_vec();
        foreign[0] ^= 1;
        assert_eq!(
            decode(&foreign, KeyId::from_raw(7)).unwrap_err(),
            Error::DataInvalid
        );
        let mut newer = rec.to_vec();
        newer[4] = 9;
        assert_eq!(
            decode(&newer, KeyId::from_raw(7)).unwrap_err(),
            Error::DataInvalid
        );
        let mut longer = rec.to_vec();
        longer.push(0);
        assert_eq!(
            decode(&longer, KeyId::from_raw(7)).unwrap_err(),
            Error::DataCorrupt
        );
    }
}
