//! DESIGN §3.3, proven: after `destroy_key` returns, no live heap block holds a copy of the
//! key's bytes, while one-shot users and multi-part operations on other threads were using
//! the key when it was destroyed.
//!
//! A global allocator records every live block (address and size) in a lock-free table.
//! The key is a random AES-128 key: its expanded schedule starts with the key itself, so the
//! scan also finds prepared forms and operation states, not only the stored material.
//! Worker threads use the key (one-shot AES-CTR racing the destroy, and multi-part AES-CTR
//! operations kept open across steps) until the main thread destroys it; then they pause at a barrier (their
//! operations still alive), the main thread scans every live block for the key bytes, and
//! the workers check that their operations now fail with `INVALID_HANDLE`.
//!
//! The test can fail: a second run keeps one extra copy of the key in a live `Vec` and
//! requires the scan to find it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use strongroom::{Algorithm, Crypto, Error, KeyAttributes, KeyId, KeyType, Usage};

/// Capacity of the live-block table (open addressing; ample for this test's process).
const SLOTS: usize = 1 << 20;
const EMPTY: usize = 0;
const TOMBSTONE: usize = usize::MAX;

struct Tracking;

static ADDRS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(EMPTY) }; SLOTS];
static SIZES: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
/// Serializes table updates and the scan (a spin lock: the allocator cannot allocate).
static TABLE_LOCK: AtomicBool = AtomicBool::new(false);

fn lock_table() {
    while TABLE_LOCK
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::hint::spin_loop();
    }
}

fn unlock_table() {
    TABLE_LOCK.store(false, Ordering::Release);
}

fn slot_of(addr: usize) -> usize {
    (addr >> 4).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (usize::BITS - 20) as usize
}

fn record(addr: usize, size: usize) {
    lock_table();
    let mut i = slot_of(addr);
    loop {
        let a = ADDRS[i].load(Ordering::Relaxed);
        if a == EMPTY || a == TOMBSTONE {
            ADDRS[i].store(addr, Ordering::Relaxed);
            SIZES[i].store(size, Ordering::Relaxed);
            break;
        }
        i = (i + 1) & (SLOTS - 1);
    }
    unlock_table();
}

fn forget(addr: usize) {
    lock_table();
    let mut i = slot_of(addr);
    loop {
        let a = ADDRS[i].load(Ordering::Relaxed);
        if a == addr {
            ADDRS[i].store(TOMBSTONE, Ordering::Relaxed);
            break;
        }
        if a == EMPTY {
            break; // allocated before tracking started (cannot happen: static allocator)
        }
        i = (i + 1) & (SLOTS - 1);
    }
    unlock_table();
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract is `System`'s; the bookkeeping allocates nothing and only records
// addresses and sizes.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's (a non-zero-size layout).
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            record(p as usize, layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            record(p as usize, layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        forget(ptr as usize);
        // SAFETY: `ptr` was returned by `System` for `layout` (the caller's contract).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        forget(ptr as usize);
        // SAFETY: the caller's contract for `realloc`, forwarded.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            record(ptr as usize, layout.size()); // the old block is still live
        } else {
            record(p as usize, new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// Counts the live heap blocks that contain `needle`. Other threads must not be writing to
/// the heap concurrently (the callers park them at a barrier first).
fn live_blocks_containing(needle: &[u8]) -> usize {
    lock_table();
    let mut found = 0;
    for i in 0..SLOTS {
        let a = ADDRS[i].load(Ordering::Relaxed);
        if a == EMPTY || a == TOMBSTONE {
            continue;
        }
        let size = SIZES[i].load(Ordering::Relaxed);
        if size < needle.len() {
            continue;
        }
        // SAFETY: `a..a+size` is a live block handed out by `System` (recorded at
        // allocation, not yet freed: the table lock keeps it from being freed while we
        // read, since `dealloc` takes the lock first), and no other thread writes to the
        // heap during the scan (workers are parked).
        let block = unsafe { std::slice::from_raw_parts(a as *const u8, size) };
        if block.windows(needle.len()).any(|w| w == needle) {
            found += 1;
        }
    }
    unlock_table();
    found
}

fn random_key(c: &Crypto) -> [u8; 16] {
    let mut k = [0u8; 16];
    c.generate_random(&mut k).unwrap();
    k
}

/// Runs workers on `key` until it is destroyed, then scans; returns the number of live
/// blocks holding the key bytes after destroy returned.
fn destroy_under_load(plant_copy: bool) -> usize {
    let c = Arc::new(Crypto::in_memory());
    let material = random_key(&c);
    let attrs = KeyAttributes::new(KeyType::AES, 128)
        .with_usage(Usage::ENCRYPT | Usage::DECRYPT)
        .with_algorithm(Algorithm::CTR);
    let key = c.import_key(&attrs, &material).unwrap();
    assert!(
        live_blocks_containing(&material) >= 1,
        "the scan must see the key itself"
    );

    const WORKERS: usize = 4;
    let sync = Arc::new(Sync {
        hold: AtomicBool::new(false),
        destroyed: AtomicBool::new(false),
        holding: Barrier::new(WORKERS + 1),
        parked: Barrier::new(WORKERS + 1),
        resume: Barrier::new(WORKERS + 1),
    });
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (c, sync) = (c.clone(), sync.clone());
            thread::spawn(move || worker(w, &c, key, &sync))
        })
        .collect();
    // Let the operations run a while, then hold them open; destroy while the one-shot
    // workers are mid-use.
    thread::sleep(std::time::Duration::from_millis(30));
    sync.hold.store(true, Ordering::SeqCst);
    sync.holding.wait();
    thread::sleep(std::time::Duration::from_millis(10));
    c.destroy_key(key).unwrap();
    sync.destroyed.store(true, Ordering::SeqCst);
    let planted = plant_copy.then(|| material.to_vec());
    sync.parked.wait(); // workers stopped, the multi-part operations still alive
    let found = live_blocks_containing(&material);
    drop(planted);
    sync.resume.wait();
    for w in workers {
        w.join().unwrap();
    }
    found
}

/// One worker. Even workers call one-shot `cipher_encrypt` in a loop, racing the destroy
/// (the key's prepared schedule is in use). Odd workers keep a multi-part CTR operation
/// open (its own copy of the schedule lives in the operation between steps): they step
/// until told to hold, then wait with the operation open, so that only the destroy can
/// wipe that copy (a failed step would drop it itself and hide a missing wipe).
fn worker(w: usize, c: &Crypto, key: KeyId, sync: &Sync) {
    let mut out = [0u8; 16 + 64];
    let mut ok_after = 0u64;
    let mut op = (w % 2 == 1).then(|| {
        let mut op = c.cipher_encrypt_setup(key, Algorithm::CTR).unwrap();
        op.set_iv(&[w as u8; 16]).unwrap();
        op
    });
    if let Some(op) = op.as_mut() {
        while !sync.hold.load(Ordering::SeqCst) {
            op.update(&[7u8; 16], &mut out).unwrap();
        }
        sync.holding.wait();
    } else {
        sync.holding.wait();
        let mut steps: u64 = 0;
        loop {
            let after = sync.destroyed.load(Ordering::SeqCst);
            steps += 1;
            match c.cipher_encrypt(key, Algorithm::CTR, &[7u8; 64], &mut out) {
                Ok(_) if after => ok_after += 1,
                Ok(_) => {}
                Err(Error::InvalidHandle) => break,
                Err(e) => panic!("worker {w}: unexpected {e}"),
            }
            assert!(
                !(after && steps > 10_000_000),
                "worker {w}: the key never went away"
            );
        }
    }
    assert_eq!(
        ok_after, 0,
        "a use that started after destroy returned succeeded"
    );
    sync.parked.wait(); // the multi-part operation is still alive here
    sync.resume.wait();
    if let Some(op) = op.as_mut() {
        // Its next step fails, and it stays in the error state until aborted.
        assert_eq!(
            op.update(&[1u8; 16], &mut out).unwrap_err(),
            Error::InvalidHandle
        );
        assert_eq!(
            op.update(&[1u8; 16], &mut out).unwrap_err(),
            Error::BadState
        );
        op.abort();
    }
}

/// What the main thread and the workers coordinate with.
struct Sync {
    hold: AtomicBool,
    destroyed: AtomicBool,
    holding: Barrier,
    parked: Barrier,
    resume: Barrier,
}

/// One test function, so that the two runs never overlap (the scan must not race with
/// another test's threads).
#[test]
fn destroyed_key_leaves_no_copy_in_live_heap_memory() {
    let found = destroy_under_load(false);
    assert_eq!(
        found, 0,
        "{found} live heap block(s) still hold the destroyed key"
    );
    // The same run with one deliberate copy kept alive: the scan must report it. This is
    // the proof that a copy left behind would be caught.
    let planted = destroy_under_load(true);
    assert!(planted >= 1, "the scan missed a live copy of the key");
}
