//! The per-thread randomness source: lengths, thread independence, explicit reseed.

use std::collections::HashSet;

use strongroom_driver::{Driver, RandomSource};
use strongroom_soft::{HmacDrbg, SoftDriver, SoftRandom, seams};

#[test]
fn fills_any_length() {
    let rng = SoftRandom::new();
    rng.fill(&mut []).expect("empty fill");
    for len in [
        1,
        31,
        32,
        33,
        1000,
        HmacDrbg::MAX_REQUEST_BYTES + 1,
        3 * HmacDrbg::MAX_REQUEST_BYTES,
    ] {
        let mut buf = vec![0u8; len];
        rng.fill(&mut buf).expect("fill");
        if len >= 32 {
            assert!(buf.iter().any(|&b| b != 0), "len {len}");
        }
    }
    // The tail of a long request is not a copy of its head.
    let mut buf = vec![0u8; 2 * HmacDrbg::MAX_REQUEST_BYTES];
    rng.fill(&mut buf).expect("fill");
    let (a, b) = buf.split_at(HmacDrbg::MAX_REQUEST_BYTES);
    assert_ne!(a, b);
}

#[test]
fn consecutive_outputs_differ() {
    let rng = SoftDriver::new();
    let mut seen = HashSet::new();
    for _ in 0..1000 {
        let mut buf = [0u8; 16];
        rng.random().fill(&mut buf).expect("fill");
        assert!(seen.insert(buf), "repeated output");
    }
}

#[test]
fn each_thread_has_its_own_stream() {
    let outputs: Vec<Vec<[u8; 32]>> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                (0..100)
                    .map(|_| {
                        let mut buf = [0u8; 32];
                        SoftRandom::new().fill(&mut buf).expect("fill");
                        buf
                    })
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    let all: HashSet<[u8; 32]> = outputs.iter().flatten().copied().collect();
    assert_eq!(all.len(), 400, "a block repeated across or within threads");
}

#[test]
fn reseed_epoch_forces_a_reseed_in_every_thread() {
    let rng = SoftRandom::new();
    // Seed this thread and another one.
    rng.fill(&mut [0; 8]).expect("fill");
    let (ready, seeded) = std::sync::mpsc::channel::<()>();
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let (done, finished) = std::sync::mpsc::channel::<(u64, u64)>();
    let other = std::thread::spawn(move || {
        SoftRandom::new().fill(&mut [0; 8]).expect("fill");
        let before = seams::thread_reseeds().expect("seeded");
        ready.send(()).expect("ready");
        wait.recv().expect("go");
        SoftRandom::new().fill(&mut [0; 8]).expect("fill");
        let after = seams::thread_reseeds().expect("seeded");
        done.send((before, after)).expect("send");
    });

    seeded.recv().expect("other thread seeded");
    let before = seams::thread_reseeds().expect("seeded");
    rng.fill(&mut [0; 8]).expect("fill");
    let unchanged = seams::thread_reseeds().expect("seeded");
    rng.reseed().expect("reseed");
    rng.fill(&mut [0; 8]).expect("fill");
    let after = seams::thread_reseeds().expect("seeded");
    go.send(()).expect("go");
    let (other_before, other_after) = finished.recv().expect("other thread");
    other.join().expect("thread");

    // Other tests in this binary may reseed too: only "at least one" is certain.
    assert!(unchanged >= before);
    assert!(after > unchanged, "this thread reseeded after reseed()");
    assert!(
        other_after > other_before,
        "the other thread reseeded after reseed()"
    );
}

#[test]
fn debug_strings() {
    assert_eq!(
        format!("{:?}", SoftRandom::new()),
        "SoftRandom { drbg: HMAC_DRBG(SHA-256), per_thread: true }"
    );
    assert_eq!(
        format!("{:?}", SoftDriver::new()),
        "SoftDriver { random: SoftRandom { drbg: HMAC_DRBG(SHA-256), per_thread: true } }"
    );
    assert_eq!(SoftDriver::new().name(), "strongroom-soft");
    assert!(SoftDriver::new().is_thread_safe());
}
