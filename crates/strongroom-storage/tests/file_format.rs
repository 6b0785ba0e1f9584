//! `FileStorage` on disk: names, record layout, permissions, corrupt and foreign files,
//! leftover temporary files.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Rng, TestDir, forge_record, key_file_name};
use strongroom_storage::{FileStorage, Storage, StorageError};

fn open(dir: &TestDir) -> FileStorage {
    FileStorage::open(dir.path()).unwrap()
}

fn key_path(dir: &TestDir, uid: u64) -> PathBuf {
    dir.path().join(key_file_name(uid))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn record_file_has_the_documented_name_and_layout() {
    let dir = TestDir::new("layout");
    let storage = open(&dir);
    storage.create(0x2A, b"payload").unwrap();
    let on_disk = fs::read(dir.path().join("key-000000000000002a.srk")).unwrap();
    assert_eq!(on_disk, forge_record(0x2A, 1, 0, b"payload"));
    assert_eq!(names_in(dir.path()), ["LOCK", "key-000000000000002a.srk"]);
}

#[test]
fn forged_record_in_the_documented_format_is_read() {
    let dir = TestDir::new("forged");
    let storage = open(&dir);
    fs::write(key_path(&dir, 77), forge_record(77, 1, 0, b"hello")).unwrap();
    assert_eq!(storage.get(77).unwrap(), b"hello");
    assert_eq!(storage.list().unwrap(), vec![77]);
}

#[test]
fn open_creates_missing_directories() {
    let dir = TestDir::new("mkdir");
    let nested = dir.path().join("a").join("b");
    let storage = FileStorage::open(&nested).unwrap();
    assert!(nested.is_dir());
    assert_eq!(storage.dir(), nested);
    storage.create(1, b"x").unwrap();
}

#[cfg(unix)]
#[test]
fn directory_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TestDir::new("perms");
    let storage = open(&dir);
    storage.create(1, b"secret").unwrap();
    storage.set(2, b"secret").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(dir.path()), 0o700);
    assert_eq!(mode(&key_path(&dir, 1)), 0o600);
    assert_eq!(mode(&key_path(&dir, 2)), 0o600);
    assert_eq!(mode(&dir.path().join("LOCK")), 0o600);
}

#[test]
fn open_on_a_regular_file_fails() {
    let dir = TestDir::new("notdir");
    fs::create_dir_all(dir.path()).unwrap();
    let file = dir.path().join("plain");
    fs::write(&file, b"not a directory").unwrap();
    assert!(matches!(FileStorage::open(&file), Err(StorageError::Io(_))));
}

#[test]
fn unrelated_files_are_ignored_by_list_and_left_alone() {
    let dir = TestDir::new("unrelated");
    let storage = open(&dir);
    storage.create(5, b"five").unwrap();
    let unrelated = [
        "README",
        "key-000000000000002A.srk",
        "key-2a.srk",
        "key-000000000000002a.srk.bak",
        "KEY-000000000000002a.srk",
        "key-00000000000000zz.srk",
    ];
    for name in unrelated {
        fs::write(dir.path().join(name), b"whatever").unwrap();
    }
    fs::create_dir(dir.path().join("subdir")).unwrap();
    assert_eq!(storage.list().unwrap(), vec![5]);
    drop(storage);
    let storage = open(&dir);
    assert_eq!(storage.list().unwrap(), vec![5]);
    for name in unrelated {
        assert!(dir.path().join(name).exists(), "{name} was deleted");
    }
}

#[test]
fn stale_temp_files_are_ignored_then_cleaned_on_open() {
    let dir = TestDir::new("stale");
    let storage = open(&dir);
    storage.create(1, b"one").unwrap();
    // What a writer killed after writing (part of) a record leaves behind.
    let stale = dir.path().join("tmp-999999-0-0.srk-tmp");
    fs::write(&stale, &forge_record(2, 1, 0, b"never published")[..20]).unwrap();
    assert_eq!(storage.list().unwrap(), vec![1]);
    assert!(matches!(storage.get(2), Err(StorageError::NotFound)));
    assert!(stale.exists(), "only open cleans up");

    let _reopened = open(&dir);
    assert!(!stale.exists(), "stale temp file survived open");
    assert_eq!(names_in(dir.path()), ["LOCK", "key-0000000000000001.srk"]);
}

#[test]
fn temp_file_of_a_live_writer_is_not_cleaned() {
    let dir = TestDir::new("live-temp");
    let _storage = open(&dir);
    // A live writer holds an exclusive lock on its temp file until it is published.
    let live = dir.path().join("tmp-1-2-3.srk-tmp");
    let file = fs::File::create(&live).unwrap();
    file.lock().unwrap();
    let _other_process = open(&dir);
    assert!(live.exists(), "cleanup deleted a locked temp file");
    drop(file);
    let _later = open(&dir);
    assert!(!live.exists());
}

#[test]
fn no_temp_files_remain_after_operations() {
    let dir = TestDir::new("no-temp");
    let storage = open(&dir);
    storage.create(1, b"a").unwrap();
    storage.set(1, b"b").unwrap();
    storage.set(2, b"c").unwrap();
    assert!(matches!(
        storage.create(2, b"d"),
        Err(StorageError::AlreadyExists)
    ));
    storage.remove(2).unwrap();
    assert_eq!(names_in(dir.path()), ["LOCK", "key-0000000000000001.srk"]);
}

/// Writes `bytes` as the record of uid 1 and returns what `get(1)` says.
fn get_after_writing(
    dir: &TestDir,
    storage: &FileStorage,
    bytes: &[u8],
) -> Result<Vec<u8>, StorageError> {
    fs::write(key_path(dir, 1), bytes).unwrap();
    storage.get(1)
}

#[test]
fn foreign_file_is_invalid() {
    let dir = TestDir::new("foreign");
    let storage = open(&dir);
    for bytes in [
        &b"-----BEGIN PRIVATE KEY-----\n"[..],
        b"\x7fELF\x02\x01\x01",
        b"{}",
        b"x",
    ] {
        assert!(matches!(
            get_after_writing(&dir, &storage, bytes),
            Err(StorageError::Invalid("foreign file"))
        ));
    }
}

#[test]
fn unknown_version_or_flags_are_invalid() {
    let dir = TestDir::new("version");
    let storage = open(&dir);
    assert!(matches!(
        get_after_writing(&dir, &storage, &forge_record(1, 2, 0, b"from the future")),
        Err(StorageError::Invalid(_))
    ));
    assert!(matches!(
        get_after_writing(&dir, &storage, &forge_record(1, 1, 1, b"encrypted?")),
        Err(StorageError::Invalid(_))
    ));
}

#[test]
fn empty_short_and_truncated_files_are_corrupt() {
    let dir = TestDir::new("truncated");
    let storage = open(&dir);
    let record = forge_record(1, 1, 0, b"0123456789abcdef");
    for cut in 0..record.len() {
        let result = get_after_writing(&dir, &storage, &record[..cut]);
        assert!(
            matches!(result, Err(StorageError::Corrupt(_))),
            "cut {cut}: {result:?}"
        );
    }
}

#[test]
fn trailing_garbage_is_corrupt() {
    let dir = TestDir::new("trailing");
    let storage = open(&dir);
    let mut record = forge_record(1, 1, 0, b"payload");
    record.extend_from_slice(b"junk");
    assert!(matches!(
        get_after_writing(&dir, &storage, &record),
        Err(StorageError::Corrupt(_))
    ));
}

#[test]
fn record_under_another_uids_name_is_corrupt() {
    let dir = TestDir::new("wrong-uid");
    let storage = open(&dir);
    storage.create(2, b"two").unwrap();
    fs::copy(key_path(&dir, 2), key_path(&dir, 1)).unwrap();
    assert!(matches!(storage.get(1), Err(StorageError::Corrupt(_))));
    assert_eq!(storage.get(2).unwrap(), b"two");
}

#[test]
fn every_bit_flip_is_detected() {
    let dir = TestDir::new("bitflip");
    let storage = open(&dir);
    let record = forge_record(1, 1, 0, b"key material!");
    for bit in 0..record.len() * 8 {
        let mut damaged = record.clone();
        damaged[bit / 8] ^= 1 << (bit % 8);
        let result = get_after_writing(&dir, &storage, &damaged);
        assert!(
            matches!(
                result,
                Err(StorageError::Corrupt(_) | StorageError::Invalid(_))
            ),
            "bit {bit}: {result:?}"
        );
    }
}

#[test]
fn random_files_never_panic_and_never_read_ok() {
    let dir = TestDir::new("random");
    let storage = open(&dir);
    let valid = forge_record(1, 1, 0, b"some secret bytes");
    let mut rng = Rng::new(0xF00D);
    for round in 0..400 {
        let bytes = match round % 3 {
            // Pure noise.
            0 => rng.bytes_below(100),
            // A valid header followed by noise.
            1 => {
                let mut b = valid[..24].to_vec();
                b.extend(rng.bytes_below(60));
                b
            }
            // A valid record with a few random bytes changed.
            _ => {
                let mut b = valid.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(b.len() as u64) as usize;
                    b[at] ^= 1 + rng.below(255) as u8;
                }
                if b == valid {
                    continue; // two changes to one byte cancelled out
                }
                b
            }
        };
        let result = get_after_writing(&dir, &storage, &bytes);
        assert!(
            matches!(
                result,
                Err(StorageError::Corrupt(_) | StorageError::Invalid(_))
            ),
            "round {round}: {result:?}"
        );
    }
}

#[test]
fn huge_declared_length_is_rejected_without_reading() {
    let dir = TestDir::new("huge");
    let storage = open(&dir);
    let mut record = forge_record(1, 1, 0, b"tiny");
    record[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(
        get_after_writing(&dir, &storage, &record),
        Err(StorageError::Corrupt(_))
    ));
}

#[test]
fn corrupt_record_can_still_be_listed_replaced_and_removed() {
    let dir = TestDir::new("repair");
    let storage = open(&dir);
    fs::write(key_path(&dir, 1), b"garbage").unwrap();
    fs::write(key_path(&dir, 2), b"garbage").unwrap();
    assert_eq!(storage.list().unwrap(), vec![1, 2]);
    assert!(storage.exists(1).unwrap());
    assert!(matches!(
        storage.create(1, b"new"),
        Err(StorageError::AlreadyExists)
    ));
    storage.set(1, b"repaired").unwrap();
    assert_eq!(storage.get(1).unwrap(), b"repaired");
    storage.remove(2).unwrap();
    assert_eq!(storage.list().unwrap(), vec![1]);
}

#[test]
fn record_path_that_is_a_directory_is_an_error_not_a_panic() {
    let dir = TestDir::new("dir-record");
    let storage = open(&dir);
    fs::create_dir(key_path(&dir, 1)).unwrap();
    assert!(storage.get(1).is_err());
    assert!(matches!(
        storage.create(1, b"x"),
        Err(StorageError::AlreadyExists)
    ));
}

#[test]
fn debug_shows_only_the_directory() {
    let storage = FileStorage::open(TestDir::new("debug").path()).unwrap();
    let shown = format!("{storage:?}");
    assert_eq!(shown, format!("FileStorage {{ dir: {:?} }}", storage.dir()));
}
