//! The record format of [`FileStorage`](crate::FileStorage): one record per file.
//!
//! ```text
//! offset  size  field
//!      0     8  magic            b"SRSTORE\0"
//!      8     2  format version   u16 little-endian, = 1
//!     10     2  flags            u16 little-endian, = 0 (reserved, e.g. for encryption at rest)
//!     12     8  uid              u64 little-endian, must match the file name
//!     20     4  payload length   u32 little-endian, = n
//!     24     n  payload
//!   24+n     4  CRC-32C          u32 little-endian, of bytes 0 .. 24+n
//! ```
//!
//! Decoding checks, in order (the first failure wins):
//! 1. magic: a file that does not start with it is [`Invalid`]`("foreign file")`, unless it
//!    is a strict prefix of the magic (a record cut short), which is [`Corrupt`];
//! 2. version: anything but 1 is [`Invalid`] (the rest of the layout is unknown);
//! 3. length: fewer bytes than the header, or than the payload length says, is [`Corrupt`];
//!    more is [`Corrupt`] too (trailing data);
//! 4. CRC-32C over everything before it: a mismatch is [`Corrupt`];
//! 5. flags: a record that checks out but sets a flag this version does not know is
//!    [`Invalid`];
//! 6. uid: a well-formed record under another uid's name is [`Corrupt`].
//!
//! Decoding never panics and never indexes out of bounds: every slice is taken with a
//! checked `get`, and lengths are computed in `u64`.
//!
//! [`Invalid`]: StorageError::Invalid
//! [`Corrupt`]: StorageError::Corrupt

use zeroize::Zeroizing;

use crate::crc32c::crc32c;
use crate::{StorageError, Uid, check_data_len};

pub(crate) const MAGIC: [u8; 8] = *b"SRSTORE\0";
pub(crate) const FORMAT_VERSION: u16 = 1;
/// Bytes before the payload.
pub(crate) const HEADER_LEN: usize = 24;
/// Bytes after the payload (the CRC).
const TRAILER_LEN: usize = 4;

const VERSION_AT: usize = 8;
const FLAGS_AT: usize = 10;
const UID_AT: usize = 12;
const LEN_AT: usize = 20;

const TRUNCATED: StorageError = StorageError::Corrupt("truncated record");
const FOREIGN: StorageError = StorageError::Invalid("foreign file");

/// The record for `payload` stored under `uid`. The buffer is allocated at its final size
/// (so no reallocation leaves a copy of the payload behind) and wiped when dropped.
pub(crate) fn encode(uid: Uid, payload: &[u8]) -> Result<Zeroizing<Vec<u8>>, StorageError> {
    check_data_len(payload)?;
    let payload_len = payload.len() as u32; // checked just above
    let total = HEADER_LEN + payload.len() + TRAILER_LEN;
    let mut record = Zeroizing::new(Vec::with_capacity(total));
    record.extend_from_slice(&MAGIC);
    record.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    record.extend_from_slice(&0u16.to_le_bytes());
    record.extend_from_slice(&uid.to_le_bytes());
    record.extend_from_slice(&payload_len.to_le_bytes());
    record.extend_from_slice(payload);
    let crc = crc32c(&record);
    record.extend_from_slice(&crc.to_le_bytes());
    debug_assert_eq!(record.len(), total);
    Ok(record)
}

/// Checks the magic and version in the first bytes of a record (at most [`HEADER_LEN`]
/// are looked at) and returns the record's total length as its header declares it.
///
/// Lets a reader reject a foreign or oversized file before reading all of it.
pub(crate) fn declared_len(prefix: &[u8]) -> Result<u64, StorageError> {
    let Some(magic) = prefix.get(..MAGIC.len()) else {
        return Err(if MAGIC.starts_with(prefix) {
            TRUNCATED
        } else {
            FOREIGN
        });
    };
    if magic != MAGIC {
        return Err(FOREIGN);
    }
    let version = read_u16(prefix, VERSION_AT).ok_or(TRUNCATED)?;
    if version != FORMAT_VERSION {
        return Err(StorageError::Invalid("unsupported format version"));
    }
    let payload_len = read_u32(prefix, LEN_AT).ok_or(TRUNCATED)?;
    Ok(HEADER_LEN as u64 + u64::from(payload_len) + TRAILER_LEN as u64)
}

/// The payload of `record`, which must be a complete, intact record stored under
/// `expected_uid`.
pub(crate) fn decode(expected_uid: Uid, record: &[u8]) -> Result<Vec<u8>, StorageError> {
    let total = declared_len(record)?;
    let actual = record.len() as u64;
    if actual < total {
        return Err(TRUNCATED);
    }
    if actual > total {
        return Err(StorageError::Corrupt("trailing data after record"));
    }
    // From here on `record.len() == total >= HEADER_LEN + TRAILER_LEN`.
    let crc_at = record.len() - TRAILER_LEN;
    let (body, trailer) = record.split_at(crc_at);
    let stored_crc = read_u32(trailer, 0).ok_or(TRUNCATED)?;
    if crc32c(body) != stored_crc {
        return Err(StorageError::Corrupt("checksum mismatch"));
    }
    let flags = read_u16(body, FLAGS_AT).ok_or(TRUNCATED)?;
    if flags != 0 {
        return Err(StorageError::Invalid("unsupported record flags"));
    }
    let uid = read_u64(body, UID_AT).ok_or(TRUNCATED)?;
    if uid != expected_uid {
        return Err(StorageError::Corrupt("record belongs to another uid"));
    }
    let payload = body.get(HEADER_LEN..).ok_or(TRUNCATED)?;
    Ok(payload.to_vec())
}

fn read_array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    read_array(bytes, at).map(u16::from_le_bytes)
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    read_array(bytes, at).map(u32::from_le_bytes)
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    read_array(bytes, at).map(u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64: a tiny deterministic generator for the fuzz-ish loops.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn sample_record() -> Vec<u8> {
        encode(0x0123_4567_89AB_CDEF, b"secret key bytes")
            .unwrap()
            .to_vec()
    }

    #[test]
    fn layout_is_pinned() {
        let record = encode(0x2A, b"abc").unwrap();
        assert_eq!(&record[..8], b"SRSTORE\0");
        assert_eq!(&record[8..10], &[1, 0]);
        assert_eq!(&record[10..12], &[0, 0]);
        assert_eq!(&record[12..20], &[0x2A, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(&record[20..24], &[3, 0, 0, 0]);
        assert_eq!(&record[24..27], b"abc");
        assert_eq!(record.len(), 31);
        assert_eq!(record[27..31], crc32c(&record[..27]).to_le_bytes());
        assert_eq!(
            record.capacity(),
            record.len(),
            "no spare capacity: no regrowth copies"
        );
    }

    #[test]
    fn roundtrip_various_lengths() {
        for len in [0usize, 1, 2, 23, 24, 100, 4096, 70_000] {
            let payload: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let record = encode(len as u64, &payload).unwrap();
            assert_eq!(decode(len as u64, &record).unwrap(), payload);
            assert_eq!(declared_len(&record).unwrap(), record.len() as u64);
        }
    }

    #[test]
    fn every_truncation_is_an_error() {
        let record = sample_record();
        for cut in 0..record.len() {
            let err = decode(0x0123_4567_89AB_CDEF, &record[..cut]).unwrap_err();
            assert!(
                matches!(err, StorageError::Corrupt("truncated record")),
                "cut at {cut}: {err:?}"
            );
        }
    }

    #[test]
    fn every_single_bit_flip_is_an_error() {
        let record = sample_record();
        for bit in 0..record.len() * 8 {
            let mut damaged = record.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            let err = decode(0x0123_4567_89AB_CDEF, &damaged).unwrap_err();
            assert!(
                matches!(err, StorageError::Corrupt(_) | StorageError::Invalid(_)),
                "bit {bit}: {err:?}"
            );
        }
    }

    #[test]
    fn random_multi_byte_damage_is_an_error() {
        let record = sample_record();
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            let mut damaged = record.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(damaged.len());
                damaged[at] ^= 1 + rng.below(255) as u8;
            }
            if damaged == record {
                continue; // two changes to one byte cancelled out
            }
            assert!(decode(0x0123_4567_89AB_CDEF, &damaged).is_err());
        }
    }

    #[test]
    fn random_bytes_are_an_error() {
        let mut rng = Rng(42);
        for round in 0..20_000 {
            let len = rng.below(80);
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            // Half of the time give the garbage a valid magic and version so that the
            // later checks see it too.
            if round % 2 == 0 && len >= 10 {
                bytes[..8].copy_from_slice(&MAGIC);
                bytes[8..10].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
            }
            assert!(decode(rng.next(), &bytes).is_err());
        }
    }

    #[test]
    fn foreign_and_unknown_version_are_invalid() {
        assert!(matches!(
            decode(1, b"-----BEGIN PRIVATE KEY-----"),
            Err(StorageError::Invalid("foreign file"))
        ));
        assert!(matches!(
            decode(1, b"x"),
            Err(StorageError::Invalid("foreign file"))
        ));
        assert!(matches!(decode(1, b""), Err(StorageError::Corrupt(_))));
        assert!(matches!(decode(1, b"SRST"), Err(StorageError::Corrupt(_))));

        let mut record = encode(1, b"k").unwrap().to_vec();
        record[8] = 2;
        assert!(matches!(
            decode(1, &record),
            Err(StorageError::Invalid("unsupported format version"))
        ));
    }

    #[test]
    fn flags_with_valid_crc_are_invalid() {
        let mut record = encode(1, b"k").unwrap().to_vec();
        record[FLAGS_AT] = 1;
        let crc_at = record.len() - 4;
        let crc = crc32c(&record[..crc_at]);
        record[crc_at..].copy_from_slice(&crc.to_le_bytes());
        assert!(matches!(
            decode(1, &record),
            Err(StorageError::Invalid("unsupported record flags"))
        ));
    }

    #[test]
    fn trailing_data_and_length_mismatch_are_corrupt() {
        let mut record = sample_record();
        record.push(0);
        assert!(matches!(
            decode(0x0123_4567_89AB_CDEF, &record),
            Err(StorageError::Corrupt("trailing data after record"))
        ));

        // A length field that claims 4 GiB must not make anyone allocate or panic.
        let mut record = sample_record();
        record[LEN_AT..LEN_AT + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(declared_len(&record).unwrap(), u64::from(u32::MAX) + 28);
        assert!(matches!(
            decode(0x0123_4567_89AB_CDEF, &record),
            Err(StorageError::Corrupt("truncated record"))
        ));
    }

    #[test]
    fn uid_mismatch_is_corrupt() {
        let record = encode(5, b"k").unwrap();
        assert!(matches!(
            decode(6, &record),
            Err(StorageError::Corrupt("record belongs to another uid"))
        ));
    }
}
