//! [`FileStorage`]: one file per uid in a directory; the embedded default backend.
//!
//! # Directory layout
//!
//! - `key-<uid as 16 lowercase hex digits>.srk`: one record (see `envelope.rs`) per uid.
//! - `tmp-<pid>-<thread>-<counter>.srk-tmp`: a record being written; never read.
//! - `LOCK`: an empty file that only carries advisory locks.
//! - Any other name is left alone and ignored.
//!
//! # Durability and atomicity
//!
//! A record file is written once, under a temporary name, and never modified after it is
//! given its final name. Writing `uid`:
//! 1. create a temporary file with a fresh name (`O_EXCL`, mode 0600), write the whole
//!    record, `fsync` it;
//! 2. publish it: `create` hard-links it to the final name (the link fails if that name
//!    exists, even if another process just made it: "create never overwrites" comes from
//!    the file system, not from our lock), then unlinks the temporary name; `set` renames
//!    it over the final name;
//! 3. `fsync` the directory, so the new name survives a power loss.
//!
//! `remove` unlinks the final name, then `fsync`s the directory. Since publication is a
//! single `link`/`rename`/`unlink`, a crash at any instant leaves each uid with its old
//! record, its new record, or no record; never a torn one. A crash can leave a temporary
//! file behind; it is ignored and deleted by a later [`FileStorage::open`].
//!
//! # Locking protocol (between threads and processes)
//!
//! All locks are advisory `flock`-style locks ([`File::lock`]). Every acquisition opens
//! its own file handle, so threads of one process exclude each other exactly as
//! processes do, and no in-process mutex is needed.
//!
//! | who                                   | holds                              | for how long |
//! |---------------------------------------|------------------------------------|--------------|
//! | `create`/`set`/`remove` publishing    | `LOCK` exclusive                   | the one `link`/`rename`/`unlink` call |
//! | `list`                                | `LOCK` shared                      | the directory scan |
//! | a writer creating its temporary file  | `LOCK` shared, then its temp file exclusive | shared: until the temp file is created and locked; temp lock: until the temp file is gone or renamed |
//! | stale temp cleanup in `open`          | `LOCK` exclusive                   | the cleanup scan |
//! | `get`, `exists`                       | nothing                            |  |
//!
//! What each lock buys:
//! - `list` is linearizable: a directory scan is not atomic, but no entry can appear or
//!   disappear while the shared lock is held, so the listing is the state at one instant.
//! - Cleanup never deletes a live writer's temporary file: while cleanup holds `LOCK`
//!   exclusively no writer is between creating and locking its temporary file, so each
//!   temporary file is either locked by a live writer (skipped) or unlocked, which means
//!   its writer died (the OS drops the locks of a dead process): deleted.
//! - Writing and `fsync`ing records holds no lock, so writers of different uids proceed in
//!   parallel; the exclusive section is one metadata call, never a write or an `fsync`.
//! - `get` and `exists` need no lock: they open or `stat` the final name, which always
//!   names a complete record or nothing.
//!
//! Fairness: `flock` grants no order; a stream of `list` calls could in principle delay a
//! writer's publication, but each shared section is one directory scan.
//!
//! # Linearization points
//!
//! - `get`: the `open` of the final name (the record file is immutable once named).
//! - `exists`: the `lstat` of the final name.
//! - `create`: the `link` (or, when it fails early, the `lstat` that saw the name taken).
//! - `set`: the `rename`.
//! - `remove`: the `unlink`.
//! - `list`: any instant while the shared lock is held.
//!
//! Visibility precedes durability: a change is visible to other callers as soon as it is
//! published, before its directory `fsync` returns. A power loss in that window may undo a
//! change that its own caller has not yet seen succeed.
//!
//! # Assumptions
//!
//! A local POSIX file system with hard links, atomic `rename`, and `flock` locks that
//! exclude between file handles of one process (Linux, the BSDs and macOS on local disks;
//! not NFS, where Linux emulates `flock` with per-process POSIX locks). On non-Unix targets
//! the directory `fsync` is skipped.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use zeroize::Zeroizing;

use crate::envelope::{self, HEADER_LEN};
use crate::{Storage, StorageError, Uid, check_data_len};

const LOCK_FILE: &str = "LOCK";
const KEY_PREFIX: &str = "key-";
const KEY_SUFFIX: &str = ".srk";
const TMP_PREFIX: &str = "tmp-";
const TMP_SUFFIX: &str = ".srk-tmp";
/// How many fresh temporary names a writer tries before giving up (a name collides only
/// with a leftover of a dead process that had the same pid).
const TMP_NAME_ATTEMPTS: u32 = 64;

/// A [`Storage`] keeping one integrity-checked file per uid in a directory.
///
/// Cheap to clone; clones (and other instances, in this or other processes, opened on the
/// same directory) share the store safely. See the module documentation for the on-disk
/// layout and the locking protocol.
#[derive(Debug, Clone)]
pub struct FileStorage {
    dir: PathBuf,
}

impl FileStorage {
    /// Opens the store in `dir`, creating the directory (mode 0700 on Unix) if it is
    /// missing, and deletes temporary files left behind by writers that died.
    ///
    /// An existing directory keeps its permissions.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, StorageError> {
        let dir = dir.as_ref().to_path_buf();
        match fs::metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(StorageError::Io(io::ErrorKind::NotADirectory.into())),
            Err(err) if err.kind() == io::ErrorKind::NotFound => create_dir(&dir)?,
            Err(err) => return Err(err.into()),
        }
        let storage = Self { dir };
        storage.remove_stale_temp_files()?;
        Ok(storage)
    }

    /// The directory this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn key_path(&self, uid: Uid) -> PathBuf {
        self.dir.join(key_file_name(uid))
    }

    /// Takes `LOCK` (shared or exclusive) through a handle of its own; released on drop.
    fn lock_dir(&self, mode: LockMode) -> Result<File, StorageError> {
        let path = self.dir.join(LOCK_FILE);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true);
        set_private_mode(&mut options);
        let file = match options.open(&path) {
            Ok(file) => file,
            // A read-only store can still be listed: lock the existing file read-only.
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                File::open(&path)?
            }
            Err(err) => return Err(err.into()),
        };
        match mode {
            LockMode::Shared => file.lock_shared()?,
            LockMode::Exclusive => file.lock()?,
        }
        Ok(file)
    }

    /// `fsync`s the directory so that names created, replaced or removed in it are durable.
    fn sync_dir(&self) -> Result<(), StorageError> {
        sync_dir(&self.dir)
    }

    /// Creates a fresh, locked temporary file (protocol: under a shared `LOCK`).
    fn new_temp_file(&self) -> Result<TempFile, StorageError> {
        let _shared = self.lock_dir(LockMode::Shared)?;
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        set_private_mode(&mut options);
        for _ in 0..TMP_NAME_ATTEMPTS {
            let path = self.dir.join(temp_file_name());
            match options.open(&path) {
                Ok(file) => {
                    let temp = TempFile {
                        path,
                        file,
                        delete_on_drop: true,
                    };
                    // Nobody else can hold it: it is brand new, and cleanup (the only
                    // other locker of temp files) is excluded by our shared `LOCK`.
                    temp.file.lock()?;
                    return Ok(temp);
                }
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(StorageError::Io(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary file name",
        )))
    }

    /// Writes the complete, `fsync`ed record for `uid` under a temporary name.
    fn write_temp_record(&self, uid: Uid, data: &[u8]) -> Result<TempFile, StorageError> {
        let record = envelope::encode(uid, data)?;
        let mut temp = self.new_temp_file()?;
        temp.file.write_all(&record)?;
        temp.file.sync_all()?;
        Ok(temp)
    }

    /// Deletes temporary files whose writers are gone (protocol: under exclusive `LOCK`).
    /// Best effort: a file that cannot be inspected or deleted is left for next time.
    fn remove_stale_temp_files(&self) -> Result<(), StorageError> {
        let _exclusive = self.lock_dir(LockMode::Exclusive)?;
        for entry in fs::read_dir(&self.dir)? {
            let Ok(entry) = entry else { continue };
            if !is_temp_file_name(&entry.file_name()) {
                continue;
            }
            let path = entry.path();
            let Ok(file) = File::open(&path) else {
                continue;
            };
            match file.try_lock() {
                // Unlocked: its writer died. Delete it while we hold its lock.
                Ok(()) => {
                    let _ = fs::remove_file(&path);
                }
                // Locked: a live writer is still using it.
                Err(TryLockError::WouldBlock | TryLockError::Error(_)) => {}
            }
        }
        Ok(())
    }
}

impl Storage for FileStorage {
    fn get(&self, uid: Uid) -> Result<Vec<u8>, StorageError> {
        // Linearization point: the open. The named file is immutable from here on.
        let mut file = match File::open(self.key_path(uid)) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Err(StorageError::NotFound);
            }
            Err(err) => return Err(err.into()),
        };
        let file_len = file.metadata()?.len();

        // Check the header before reading (or allocating) the rest, so that a foreign or
        // huge file costs no more than its first bytes.
        let mut header = [0u8; HEADER_LEN];
        let header_len = file_len.min(HEADER_LEN as u64) as usize;
        read_exact(&mut file, &mut header[..header_len])?;
        let total = envelope::declared_len(&header[..header_len])?;
        if file_len < total {
            return Err(StorageError::Corrupt("truncated record"));
        }
        if file_len > total {
            return Err(StorageError::Corrupt("trailing data after record"));
        }
        let total = usize::try_from(total)
            .map_err(|_| StorageError::Invalid("record too large for this platform"))?;

        // Exact size up front: no reallocation leaves copies of the payload behind.
        let mut record = Zeroizing::new(vec![0u8; total]);
        record[..HEADER_LEN].copy_from_slice(&header);
        read_exact(&mut file, &mut record[HEADER_LEN..])?;
        // The file must end here; a record file that grew was not written by us.
        let mut probe = [0u8; 1];
        if read_some(&mut file, &mut probe)? != 0 {
            return Err(StorageError::Corrupt("trailing data after record"));
        }
        envelope::decode(uid, &record)
    }

    fn create(&self, uid: Uid, data: &[u8]) -> Result<(), StorageError> {
        check_data_len(data)?;
        let path = self.key_path(uid);
        // Fast path: do not write and fsync a record that cannot be published.
        if exists(&path)? {
            return Err(StorageError::AlreadyExists);
        }
        let temp = self.write_temp_record(uid, data)?;
        let linked = {
            let _exclusive = self.lock_dir(LockMode::Exclusive)?;
            // Linearization point: `link` fails if the name exists.
            fs::hard_link(&temp.path, &path)
        };
        // Unlink the temporary name (and release its lock) before the directory fsync,
        // which then covers both names.
        drop(temp);
        match linked {
            Ok(()) => self.sync_dir(),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                Err(StorageError::AlreadyExists)
            }
            Err(err) => Err(err.into()),
        }
    }

    fn set(&self, uid: Uid, data: &[u8]) -> Result<(), StorageError> {
        check_data_len(data)?;
        let mut temp = self.write_temp_record(uid, data)?;
        {
            let _exclusive = self.lock_dir(LockMode::Exclusive)?;
            // Linearization point: `rename` atomically replaces the final name.
            fs::rename(&temp.path, self.key_path(uid))?;
        }
        temp.delete_on_drop = false;
        drop(temp);
        self.sync_dir()
    }

    fn remove(&self, uid: Uid) -> Result<(), StorageError> {
        let removed = {
            let _exclusive = self.lock_dir(LockMode::Exclusive)?;
            // Linearization point.
            fs::remove_file(self.key_path(uid))
        };
        match removed {
            Ok(()) => self.sync_dir(),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Err(StorageError::NotFound),
            Err(err) => Err(err.into()),
        }
    }

    fn list(&self) -> Result<Vec<Uid>, StorageError> {
        let mut uids = Vec::new();
        {
            // No name is published or removed while we scan.
            let _shared = self.lock_dir(LockMode::Shared)?;
            for entry in fs::read_dir(&self.dir)? {
                if let Some(uid) = parse_key_file_name(&entry?.file_name()) {
                    uids.push(uid);
                }
            }
        }
        uids.sort_unstable();
        Ok(uids)
    }

    fn exists(&self, uid: Uid) -> Result<bool, StorageError> {
        // Linearization point: the lstat.
        exists(&self.key_path(uid))
    }
}

#[derive(Clone, Copy)]
enum LockMode {
    Shared,
    Exclusive,
}

/// A temporary record file, locked for as long as this handle lives (see the protocol).
struct TempFile {
    path: PathBuf,
    file: File,
    /// False once the file has been renamed to its final name.
    delete_on_drop: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Unlink before the handle (and with it the lock) goes: cleanup never sees this
        // file unlocked while we are alive. A failure leaves it for a later cleanup.
        if self.delete_on_drop {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn key_file_name(uid: Uid) -> String {
    format!("{KEY_PREFIX}{uid:016x}{KEY_SUFFIX}")
}

/// The uid a final record name stands for, or `None` for any other name. Only the exact
/// form [`key_file_name`] produces is accepted, so each uid has exactly one name.
fn parse_key_file_name(name: &OsStr) -> Option<Uid> {
    let hex = name
        .to_str()?
        .strip_prefix(KEY_PREFIX)?
        .strip_suffix(KEY_SUFFIX)?;
    let canonical = hex.len() == 16 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !canonical {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// A temporary name unique among live writers: pid, a per-process thread number and a
/// per-process counter (the counter alone would do; the rest helps a human reading the
/// directory).
fn temp_file_name() -> String {
    static NEXT_THREAD: AtomicU64 = AtomicU64::new(0);
    static NEXT_FILE: AtomicU64 = AtomicU64::new(0);
    thread_local! {
        static THREAD: u64 = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
    }
    let thread = THREAD.with(|t| *t);
    let counter = NEXT_FILE.fetch_add(1, Ordering::Relaxed);
    format!(
        "{TMP_PREFIX}{}-{thread:x}-{counter:x}{TMP_SUFFIX}",
        std::process::id()
    )
}

fn is_temp_file_name(name: &OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(TMP_PREFIX) && n.ends_with(TMP_SUFFIX))
}

fn exists(path: &Path) -> Result<bool, StorageError> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Fills `buf`; a file that ends early is a truncated record.
fn read_exact(file: &mut File, buf: &mut [u8]) -> Result<(), StorageError> {
    file.read_exact(buf).map_err(|err| match err.kind() {
        io::ErrorKind::UnexpectedEof => StorageError::Corrupt("truncated record"),
        _ => err.into(),
    })
}

fn read_some(file: &mut File, buf: &mut [u8]) -> Result<usize, StorageError> {
    loop {
        match file.read(buf) {
            Ok(n) => return Ok(n),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err.into()),
        }
    }
}

fn create_dir(dir: &Path) -> Result<(), StorageError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    // Make the new directory's own name durable.
    match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => sync_dir(parent),
        _ => Ok(()),
    }
}

/// Owner-only permissions for files that hold secrets.
fn set_private_mode(options: &mut OpenOptions) {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    #[cfg(not(unix))]
    let _ = options;
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), StorageError> {
    File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), StorageError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_names_roundtrip() {
        for uid in [0, 1, 0x2A, 0xDEAD_BEEF, u64::MAX] {
            let name = key_file_name(uid);
            assert_eq!(name.len(), 4 + 16 + 4);
            assert_eq!(parse_key_file_name(OsStr::new(&name)), Some(uid));
        }
        assert_eq!(key_file_name(0x2A), "key-000000000000002a.srk");
    }

    #[test]
    fn only_canonical_key_names_parse() {
        for name in [
            "key-000000000000002A.srk",
            "key-2a.srk",
            "key-0000000000000002a.srk",
            "key-000000000000002a.srk.bak",
            "key-000000000000002a",
            "KEY-000000000000002a.srk",
            "key-+00000000000002a.srk",
            "key-00000000000000 a.srk",
            "LOCK",
            "tmp-1-0-0.srk-tmp",
            "",
        ] {
            assert_eq!(parse_key_file_name(OsStr::new(name)), None, "{name:?}");
        }
    }

    #[test]
    fn temp_names_are_unique_and_recognized() {
        let a = temp_file_name();
        let b = temp_file_name();
        assert_ne!(a, b);
        assert!(is_temp_file_name(OsStr::new(&a)));
        assert!(parse_key_file_name(OsStr::new(&a)).is_none());
        assert!(!is_temp_file_name(OsStr::new("key-000000000000002a.srk")));
        assert!(!is_temp_file_name(OsStr::new("LOCK")));
    }
}
