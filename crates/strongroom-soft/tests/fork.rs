//! Fork detection, through the `test-seams` feature.
//!
//! A forked child starts with a copy of its parent's DRBG state. The test builds that
//! situation without forking: it copies this thread's DRBG state, lets the "parent" produce
//! output, restores the copy (the "child's" memory) and asks for output with a different
//! process id. Without fork detection the child would repeat the parent's bytes; with it the
//! child reseeds first. A control run with the same pid shows that the copy alone would
//! repeat the stream. (A real `fork()` test lives with the C ABI crate.)
//!
//! This binary never calls `reseed()`, so no explicit reseed can disturb the control run.

use strongroom_soft::seams;

#[test]
fn changed_pid_forces_reseed_and_a_new_stream() {
    let pid = std::process::id();
    let child_pid = pid.wrapping_add(1);

    // Seed this thread, then snapshot its state: the moment of the fork.
    seams::fill_with_pid(pid, &mut [0; 16]).expect("fill");
    let at_fork = seams::copy_thread_rng().expect("state");
    let reseeds_at_fork = seams::thread_reseeds().expect("state");

    // The parent continues.
    let mut parent = [0u8; 64];
    seams::fill_with_pid(pid, &mut parent).expect("fill");
    assert_eq!(
        seams::thread_reseeds(),
        Some(reseeds_at_fork),
        "no reseed in the parent"
    );

    // Control: the copied state with the same pid repeats the parent's output.
    seams::restore_thread_rng(at_fork.clone()).expect("restore");
    let mut replay = [0u8; 64];
    seams::fill_with_pid(pid, &mut replay).expect("fill");
    assert_eq!(replay, parent, "a copied state repeats its stream");

    // The child: same state, new pid.
    seams::restore_thread_rng(at_fork).expect("restore");
    let mut child = [0u8; 64];
    seams::fill_with_pid(child_pid, &mut child).expect("fill");
    assert_eq!(
        seams::thread_reseeds(),
        Some(reseeds_at_fork + 1),
        "the child reseeded"
    );
    assert_ne!(child, parent, "the child does not repeat the parent");

    // Later calls in the child keep its pid and do not reseed again.
    seams::fill_with_pid(child_pid, &mut child).expect("fill");
    assert_eq!(seams::thread_reseeds(), Some(reseeds_at_fork + 1));
}

#[test]
fn pid_change_with_empty_request_produces_nothing_and_later_reseeds() {
    std::thread::spawn(|| {
        let pid = std::process::id();
        seams::fill_with_pid(pid, &mut [0; 1]).expect("fill");
        let before = seams::thread_reseeds().expect("state");
        seams::fill_with_pid(pid ^ 0x8000_0000, &mut []).expect("empty fill");
        assert_eq!(seams::thread_reseeds(), Some(before));
        seams::fill_with_pid(pid ^ 0x8000_0000, &mut [0; 1]).expect("fill");
        assert_eq!(seams::thread_reseeds(), Some(before + 1));
    })
    .join()
    .expect("thread");
}
