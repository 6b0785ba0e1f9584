//! One conformance and concurrency suite, run against every backend.

mod common;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use common::{Rng, TestDir};
use strongroom_storage::{FileStorage, MemoryStorage, Storage, StorageError, Uid};

/// A backend under test, plus whatever must outlive it.
struct Fixture {
    storages: Vec<Box<dyn Storage>>,
    _dir: Option<TestDir>,
}

impl Fixture {
    fn all(&self) -> Vec<&dyn Storage> {
        self.storages.iter().map(|s| &**s).collect()
    }
}

fn memory() -> Fixture {
    Fixture {
        storages: vec![Box::new(MemoryStorage::new())],
        _dir: None,
    }
}

fn file() -> Fixture {
    let dir = TestDir::new("backends");
    Fixture {
        storages: vec![Box::new(FileStorage::open(dir.path()).unwrap())],
        _dir: Some(dir),
    }
}

/// Two independent `FileStorage` instances on one directory: what two processes see.
fn file_two_instances() -> Fixture {
    let dir = TestDir::new("backends-pair");
    Fixture {
        storages: vec![
            Box::new(FileStorage::open(dir.path()).unwrap()),
            Box::new(FileStorage::open(dir.path()).unwrap()),
        ],
        _dir: Some(dir),
    }
}

/// Instantiates `$suite!` once per backend with the list of case names.
macro_rules! for_each_backend {
    ($suite:ident, [$($case:ident),* $(,)?]) => {
        mod memory_backend {
            $suite!(super::memory, [$($case),*]);
        }
        mod file_backend {
            $suite!(super::file, [$($case),*]);
        }
        mod file_backend_two_instances {
            $suite!(super::file_two_instances, [$($case),*]);
        }
    };
}

macro_rules! suite {
    ($fixture:path, [$($case:ident),*]) => {
        $(
            #[test]
            fn $case() {
                let fixture = $fixture();
                super::cases::$case(&fixture.all());
            }
        )*
    };
}

for_each_backend!(
    suite,
    [
        get_missing_is_not_found,
        exists_missing_is_false,
        remove_missing_is_not_found,
        list_empty,
        create_then_get_roundtrips,
        create_existing_is_already_exists_and_keeps_data,
        set_creates_when_absent,
        set_replaces_existing,
        remove_deletes_and_allows_recreate,
        list_returns_all_uids_sorted,
        extreme_uids_are_independent,
        get_returns_a_copy,
        mixed_sequence_matches_model,
        race_create_same_uid_exactly_one_wins,
        concurrent_set_and_get_never_tear,
        list_sees_stable_uids_during_churn,
        threads_on_disjoint_uids_do_not_interfere,
    ]
);

/// Each case gets one or more handles on the same store (`s[0]` for single-handle cases;
/// concurrent cases spread their threads over all of them).
mod cases {
    use super::*;

    fn one<'a>(s: &[&'a dyn Storage]) -> &'a dyn Storage {
        s[0]
    }

    /// The last handle, which is a different instance when the fixture has two.
    fn other<'a>(s: &[&'a dyn Storage]) -> &'a dyn Storage {
        s[s.len() - 1]
    }

    pub fn get_missing_is_not_found(s: &[&dyn Storage]) {
        assert!(matches!(one(s).get(7), Err(StorageError::NotFound)));
    }

    pub fn exists_missing_is_false(s: &[&dyn Storage]) {
        assert!(!one(s).exists(7).unwrap());
    }

    pub fn remove_missing_is_not_found(s: &[&dyn Storage]) {
        assert!(matches!(one(s).remove(7), Err(StorageError::NotFound)));
    }

    pub fn list_empty(s: &[&dyn Storage]) {
        assert_eq!(one(s).list().unwrap(), Vec::<Uid>::new());
    }

    pub fn create_then_get_roundtrips(s: &[&dyn Storage]) {
        for (uid, len) in [(1, 0usize), (2, 1), (3, 32), (4, 1000), (5, 70_000)] {
            let data: Vec<u8> = (0..len).map(|i| (i as u8) ^ (uid as u8)).collect();
            one(s).create(uid, &data).unwrap();
            assert_eq!(other(s).get(uid).unwrap(), data, "uid {uid}");
            assert!(other(s).exists(uid).unwrap());
        }
    }

    pub fn create_existing_is_already_exists_and_keeps_data(s: &[&dyn Storage]) {
        one(s).create(9, b"first").unwrap();
        assert!(matches!(
            other(s).create(9, b"second"),
            Err(StorageError::AlreadyExists)
        ));
        assert!(matches!(
            one(s).create(9, b""),
            Err(StorageError::AlreadyExists)
        ));
        assert_eq!(one(s).get(9).unwrap(), b"first");
    }

    pub fn set_creates_when_absent(s: &[&dyn Storage]) {
        one(s).set(11, b"made by set").unwrap();
        assert_eq!(other(s).get(11).unwrap(), b"made by set");
        assert_eq!(other(s).list().unwrap(), vec![11]);
    }

    pub fn set_replaces_existing(s: &[&dyn Storage]) {
        one(s).create(12, &[0xAA; 500]).unwrap();
        other(s).set(12, b"short").unwrap();
        assert_eq!(one(s).get(12).unwrap(), b"short");
        one(s).set(12, &[0xBB; 2000]).unwrap();
        assert_eq!(other(s).get(12).unwrap(), vec![0xBB; 2000]);
        one(s).set(12, b"").unwrap();
        assert_eq!(one(s).get(12).unwrap(), b"");
        assert_eq!(one(s).list().unwrap(), vec![12]);
    }

    pub fn remove_deletes_and_allows_recreate(s: &[&dyn Storage]) {
        one(s).create(13, b"old").unwrap();
        other(s).remove(13).unwrap();
        assert!(matches!(one(s).get(13), Err(StorageError::NotFound)));
        assert!(!one(s).exists(13).unwrap());
        assert!(matches!(one(s).remove(13), Err(StorageError::NotFound)));
        one(s).create(13, b"new").unwrap();
        assert_eq!(other(s).get(13).unwrap(), b"new");
    }

    pub fn list_returns_all_uids_sorted(s: &[&dyn Storage]) {
        let uids = [900, 3, u64::MAX, 0, 77, 1 << 40];
        for (i, &uid) in uids.iter().enumerate() {
            s[i % s.len()].create(uid, &uid.to_le_bytes()).unwrap();
        }
        let mut expected = uids.to_vec();
        expected.sort_unstable();
        assert_eq!(one(s).list().unwrap(), expected);
        one(s).remove(77).unwrap();
        expected.retain(|&u| u != 77);
        assert_eq!(other(s).list().unwrap(), expected);
    }

    pub fn extreme_uids_are_independent(s: &[&dyn Storage]) {
        one(s).set(0, b"zero").unwrap();
        one(s).set(u64::MAX, b"max").unwrap();
        one(s).set(1, b"one").unwrap();
        assert_eq!(other(s).get(0).unwrap(), b"zero");
        assert_eq!(other(s).get(u64::MAX).unwrap(), b"max");
        assert_eq!(other(s).get(1).unwrap(), b"one");
        one(s).remove(0).unwrap();
        assert_eq!(other(s).get(u64::MAX).unwrap(), b"max");
        assert!(matches!(other(s).get(0), Err(StorageError::NotFound)));
    }

    pub fn get_returns_a_copy(s: &[&dyn Storage]) {
        one(s).create(14, b"stable").unwrap();
        let mut copy = one(s).get(14).unwrap();
        copy.fill(0);
        assert_eq!(one(s).get(14).unwrap(), b"stable");
    }

    /// A random single-threaded sequence of operations agrees with a `BTreeMap` model.
    pub fn mixed_sequence_matches_model(s: &[&dyn Storage]) {
        let mut model: BTreeMap<Uid, Vec<u8>> = BTreeMap::new();
        let mut rng = Rng::new(0x5EED);
        for step in 0..300 {
            let storage = s[step % s.len()];
            let uid = rng.below(12);
            let data = rng.bytes_below(64);
            match rng.below(6) {
                0 => {
                    let result = storage.create(uid, &data);
                    match model.entry(uid) {
                        Entry::Occupied(_) => {
                            assert!(matches!(result, Err(StorageError::AlreadyExists)));
                        }
                        Entry::Vacant(slot) => {
                            result.unwrap();
                            slot.insert(data);
                        }
                    }
                }
                1 => {
                    storage.set(uid, &data).unwrap();
                    model.insert(uid, data);
                }
                2 => {
                    let result = storage.remove(uid);
                    if model.remove(&uid).is_some() {
                        result.unwrap();
                    } else {
                        assert!(matches!(result, Err(StorageError::NotFound)));
                    }
                }
                3 => match model.get(&uid) {
                    Some(expected) => assert_eq!(&storage.get(uid).unwrap(), expected),
                    None => assert!(matches!(storage.get(uid), Err(StorageError::NotFound))),
                },
                4 => assert_eq!(storage.exists(uid).unwrap(), model.contains_key(&uid)),
                _ => assert_eq!(
                    storage.list().unwrap(),
                    model.keys().copied().collect::<Vec<_>>()
                ),
            }
        }
    }

    /// N threads race `create` on one uid with different payloads: exactly one wins, the
    /// rest see `AlreadyExists`, and the stored data is the winner's.
    pub fn race_create_same_uid_exactly_one_wins(s: &[&dyn Storage]) {
        const THREADS: usize = 8;
        const ROUNDS: u64 = 12;
        let barrier = Barrier::new(THREADS);
        let outcomes: Vec<Vec<bool>> = thread::scope(|scope| {
            let handles: Vec<_> = (0..THREADS)
                .map(|t| {
                    let storage = s[t % s.len()];
                    let barrier = &barrier;
                    scope.spawn(move || {
                        (0..ROUNDS)
                            .map(|uid| {
                                barrier.wait();
                                match storage.create(uid, &race_payload(uid, t)) {
                                    Ok(()) => true,
                                    Err(StorageError::AlreadyExists) => false,
                                    Err(err) => panic!("thread {t} uid {uid}: {err:?}"),
                                }
                            })
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for uid in 0..ROUNDS {
            let winners: Vec<usize> = (0..THREADS)
                .filter(|&t| outcomes[t][uid as usize])
                .collect();
            assert_eq!(winners.len(), 1, "uid {uid}: winners {winners:?}");
            for storage in s {
                assert_eq!(storage.get(uid).unwrap(), race_payload(uid, winners[0]));
            }
        }
        assert_eq!(one(s).list().unwrap(), (0..ROUNDS).collect::<Vec<_>>());
    }

    fn race_payload(uid: Uid, thread: usize) -> Vec<u8> {
        // Different lengths too, so a mix of two payloads could not go unnoticed.
        vec![thread as u8 ^ uid as u8; 100 + thread * 37]
    }

    /// Readers racing writers that replace one uid always see one complete payload.
    pub fn concurrent_set_and_get_never_tear(s: &[&dyn Storage]) {
        let a = vec![0xAA; 3000];
        let b = vec![0xBB; 5000];
        one(s).set(1, &a).unwrap();
        let done = AtomicBool::new(false);
        thread::scope(|scope| {
            for w in 0..2 {
                let storage = s[w % s.len()];
                let (a, b, done) = (&a, &b, &done);
                scope.spawn(move || {
                    for i in 0..30 {
                        storage
                            .set(1, if (i + w) % 2 == 0 { b } else { a })
                            .unwrap();
                    }
                    done.store(true, Ordering::Release);
                });
            }
            for r in 0..2 {
                let storage = s[(r + 1) % s.len()];
                let (a, b, done) = (&a, &b, &done);
                scope.spawn(move || {
                    let mut reads = 0;
                    while !done.load(Ordering::Acquire) || reads < 10 {
                        let got = storage.get(1).unwrap();
                        assert!(got == *a || got == *b, "torn read of {} bytes", got.len());
                        reads += 1;
                    }
                });
            }
        });
    }

    /// Uids that nobody touches are in every listing taken while others churn.
    pub fn list_sees_stable_uids_during_churn(s: &[&dyn Storage]) {
        let stable: Vec<Uid> = (0..40).map(|i| i * 2).collect();
        for &uid in &stable {
            one(s).create(uid, b"stable").unwrap();
        }
        let done = AtomicBool::new(false);
        thread::scope(|scope| {
            for w in 0..2u64 {
                let storage = s[w as usize % s.len()];
                let done = &done;
                scope.spawn(move || {
                    for i in 0..25 {
                        let uid = 1 + 2 * ((i * 2 + w) % 40);
                        storage.set(uid, b"churn").unwrap();
                        storage.remove(uid).unwrap();
                    }
                    done.store(true, Ordering::Release);
                });
            }
            let storage = other(s);
            let stable = &stable;
            let done = &done;
            scope.spawn(move || {
                let mut lists = 0;
                while !done.load(Ordering::Acquire) || lists < 5 {
                    let listed = storage.list().unwrap();
                    assert!(
                        listed.windows(2).all(|w| w[0] < w[1]),
                        "sorted, no duplicates"
                    );
                    let even: Vec<Uid> = listed.into_iter().filter(|u| u % 2 == 0).collect();
                    assert_eq!(&even, stable);
                    lists += 1;
                }
            });
        });
        assert_eq!(one(s).list().unwrap(), stable);
    }

    /// Threads working on their own uids end with exactly the state each one expects.
    pub fn threads_on_disjoint_uids_do_not_interfere(s: &[&dyn Storage]) {
        const THREADS: u64 = 4;
        thread::scope(|scope| {
            for t in 0..THREADS {
                let storage = s[t as usize % s.len()];
                scope.spawn(move || {
                    for i in 0..10u64 {
                        let uid = t * 1000 + i;
                        storage.create(uid, &uid.to_be_bytes()).unwrap();
                        if i % 3 == 0 {
                            storage.set(uid, &[t as u8; 3]).unwrap();
                        }
                        if i % 4 == 0 {
                            storage.remove(uid).unwrap();
                        }
                        if i % 4 != 0 {
                            assert!(storage.exists(uid).unwrap());
                        }
                    }
                });
            }
        });
        for t in 0..THREADS {
            for i in 0..10u64 {
                let uid = t * 1000 + i;
                let got = one(s).get(uid);
                match (i % 4 == 0, i % 3 == 0) {
                    (true, _) => assert!(matches!(got, Err(StorageError::NotFound))),
                    (false, true) => assert_eq!(got.unwrap(), vec![t as u8; 3]),
                    (false, false) => assert_eq!(got.unwrap(), uid.to_be_bytes()),
                }
            }
        }
    }
}

#[test]
fn file_data_survives_reopen() {
    let dir = TestDir::new("reopen");
    {
        let storage = FileStorage::open(dir.path()).unwrap();
        storage.create(1, b"one").unwrap();
        storage.set(2, b"two").unwrap();
        storage.create(3, b"three").unwrap();
        storage.remove(3).unwrap();
    }
    let storage = FileStorage::open(dir.path()).unwrap();
    assert_eq!(storage.list().unwrap(), vec![1, 2]);
    assert_eq!(storage.get(1).unwrap(), b"one");
    assert_eq!(storage.get(2).unwrap(), b"two");
}
