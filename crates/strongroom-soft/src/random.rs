//! The randomness source (DESIGN §6): one [`HmacDrbg`] per thread, seeded from the OS.
//!
//! - **Per thread, no lock.** Each thread's DRBG lives in a `thread_local!` and is created on
//!   the thread's first request; the random path takes no lock and writes no shared memory.
//!   The DRBGs belong to the process, not to a [`SoftRandom`] value: every `SoftRandom` (and
//!   every driver instance) draws from the calling thread's DRBG, as every caller of the OS
//!   generator shares the kernel's.
//! - **Seeding.** Instantiate with 32 bytes of OS entropy and a 16-byte OS nonce; the
//!   personalization string holds the pid and a per-process thread sequence number. Reseed
//!   with 32 bytes of OS entropy (additional input: pid and reseed epoch). An OS failure is
//!   `InsufficientEntropy` and no output is produced.
//! - **Reseed policy.** Before producing output, a thread reseeds when its DRBG has served
//!   [`RESEED_AFTER_REQUESTS`] requests or [`RESEED_AFTER_BYTES`] bytes since its last
//!   (re)seed, when the process id changed, or when the reseed epoch changed. Requests are
//!   cut into pieces of [`HmacDrbg::MAX_REQUEST_BYTES`], and the policy is checked before
//!   each piece.
//! - **Fork detection.** The pid is remembered at seeding; each call compares it with
//!   `std::process::id()` and reseeds when it differs, so a forked child never continues its
//!   parent's stream. Cost: one `getpid` system call per call (glibc stopped caching the
//!   pid in 2.25), tens of nanoseconds.
//! - **Explicit reseed** ([`RandomSource::reseed`], for VM snapshots): bumps the global
//!   [`RESEED_EPOCH`]. Each call reads it (one load of a line that is written only by
//!   `reseed`, so it stays shared in every core's cache) and reseeds its thread's DRBG when
//!   the epoch differs from the one it was seeded at. Linearization point of `reseed`: the
//!   increment; a `fill` that starts after `reseed` returns loads the new epoch, so its
//!   output comes from fresh OS entropy.
//! - **Thread exit.** The DRBG zeroizes on drop when the thread-local is destroyed. A request
//!   made while the thread-local is being destroyed (from another thread-local's destructor)
//!   is served from the OS directly.

use core::cell::RefCell;
use core::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use strongroom_driver::{Error, RandomSource, Result};

use crate::drbg::HmacDrbg;

/// Requests served between two reseeds of a thread's DRBG.
pub const RESEED_AFTER_REQUESTS: u64 = 1 << 20;
/// Bytes served between two reseeds of a thread's DRBG.
pub const RESEED_AFTER_BYTES: u64 = 1 << 30;

/// The explicit-reseed epoch: bumped by [`RandomSource::reseed`], compared by every call.
static RESEED_EPOCH: AtomicU64 = AtomicU64::new(0);

/// Sequence number of the threads seeded in this process (personalization input). Written
/// once per thread, at seeding.
static THREAD_SEQ: AtomicU64 = AtomicU64::new(0);

/// Personalization label of the per-thread DRBGs.
const LABEL: &[u8] = b"strongroom-soft thread HMAC_DRBG v1";

thread_local! {
    /// This thread's DRBG; `None` until the first request.
    static THREAD_RNG: RefCell<Option<ThreadRng>> = const { RefCell::new(None) };
}

/// A thread's DRBG with the facts its reseed policy needs.
#[cfg_attr(feature = "test-seams", derive(Clone))]
pub(crate) struct ThreadRng {
    drbg: HmacDrbg,
    /// Process id when last (re)seeded.
    pid: u32,
    /// [`RESEED_EPOCH`] when last (re)seeded.
    epoch: u64,
    /// Requests (pieces) served since the last (re)seed.
    requests: u64,
    /// Bytes served since the last (re)seed.
    bytes: u64,
    /// Reseeds since instantiation (for tests and diagnostics).
    reseeds: u64,
}

impl ThreadRng {
    /// Instantiates from OS entropy.
    fn seed(pid: u32, epoch: u64) -> Result<Self> {
        let mut seed = zeroize::Zeroizing::new([0u8; 48]);
        os_entropy(&mut seed[..])?;
        let (entropy, nonce) = seed.split_at(HmacDrbg::SECURITY_STRENGTH);
        let seq = THREAD_SEQ.fetch_add(1, Ordering::Relaxed);
        let mut personalization = [0u8; LABEL.len() + 4 + 8];
        personalization[..LABEL.len()].copy_from_slice(LABEL);
        personalization[LABEL.len()..LABEL.len() + 4].copy_from_slice(&pid.to_be_bytes());
        personalization[LABEL.len() + 4..].copy_from_slice(&seq.to_be_bytes());
        let drbg = HmacDrbg::instantiate(entropy, nonce, &personalization)?;
        Ok(Self {
            drbg,
            pid,
            epoch,
            requests: 0,
            bytes: 0,
            reseeds: 0,
        })
    }

    /// Reseeds from OS entropy, recording `pid` and `epoch`.
    fn reseed(&mut self, pid: u32, epoch: u64) -> Result<()> {
        let mut entropy = zeroize::Zeroizing::new([0u8; HmacDrbg::SECURITY_STRENGTH]);
        os_entropy(&mut entropy[..])?;
        let mut additional = [0u8; 12];
        additional[..4].copy_from_slice(&pid.to_be_bytes());
        additional[4..].copy_from_slice(&epoch.to_be_bytes());
        self.drbg.reseed(&entropy[..], &additional)?;
        self.pid = pid;
        self.epoch = epoch;
        self.requests = 0;
        self.bytes = 0;
        self.reseeds += 1;
        Ok(())
    }

    /// Fills `out`, reseeding first whenever the policy asks for it.
    fn fill(&mut self, pid: u32, epoch: u64, out: &mut [u8]) -> Result<()> {
        for piece in out.chunks_mut(HmacDrbg::MAX_REQUEST_BYTES) {
            if pid != self.pid
                || epoch != self.epoch
                || self.requests >= RESEED_AFTER_REQUESTS
                || self.bytes >= RESEED_AFTER_BYTES
            {
                self.reseed(pid, epoch)?;
            }
            if self.drbg.generate(piece, &[]).is_err() {
                // Only "reseed required", which the policy above makes unreachable; reseed
                // and retry once rather than fail.
                self.reseed(pid, epoch)?;
                self.drbg.generate(piece, &[])?;
            }
            self.requests += 1;
            self.bytes += piece.len() as u64;
        }
        Ok(())
    }
}

/// Reads OS entropy; any failure is `InsufficientEntropy`.
fn os_entropy(out: &mut [u8]) -> Result<()> {
    getrandom::fill(out).map_err(|_| Error::InsufficientEntropy)
}

/// Runs `f` on this thread's DRBG, creating it if needed. `None` when the thread-local is
/// unavailable (being destroyed, or already borrowed further up this thread's stack).
fn with_thread_rng<R>(
    pid: u32,
    epoch: u64,
    f: impl FnOnce(&mut ThreadRng) -> Result<R>,
) -> Option<Result<R>> {
    THREAD_RNG
        .try_with(|cell| {
            let mut slot = cell.try_borrow_mut().ok()?;
            if slot.is_none() {
                match ThreadRng::seed(pid, epoch) {
                    Ok(rng) => *slot = Some(rng),
                    Err(e) => return Some(Err(e)),
                }
            }
            slot.as_mut().map(f)
        })
        .ok()
        .flatten()
}

/// Fills `out` from this thread's DRBG as if the process id were `pid`.
fn fill_as(pid: u32, out: &mut [u8]) -> Result<()> {
    if out.is_empty() {
        return Ok(());
    }
    let epoch = RESEED_EPOCH.load(Ordering::Acquire);
    with_thread_rng(pid, epoch, |rng| rng.fill(pid, epoch, out)).unwrap_or_else(|| os_entropy(out))
}

/// The software driver's [`RandomSource`]: per-thread HMAC_DRBGs seeded from the OS (see
/// the module documentation for the policy). Cheap to create; all values share the
/// per-thread generators.
#[derive(Clone, Copy, Default)]
pub struct SoftRandom {
    _private: (),
}

impl SoftRandom {
    /// A handle to the per-thread generators.
    pub const fn new() -> Self {
        Self { _private: () }
    }
}

impl RandomSource for SoftRandom {
    fn fill(&self, out: &mut [u8]) -> Result<()> {
        fill_as(std::process::id(), out)
    }

    fn reseed(&self) -> Result<()> {
        RESEED_EPOCH.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }
}

impl fmt::Debug for SoftRandom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SoftRandom { drbg: HMAC_DRBG(SHA-256), per_thread: true }")
    }
}

/// Seams for the fork-detection test (`tests/fork.rs`), behind the `test-seams` feature.
#[cfg(feature = "test-seams")]
#[doc(hidden)]
pub mod seams {
    use super::{RESEED_EPOCH, ThreadRng, fill_as, with_thread_rng};
    use core::fmt;
    use std::sync::atomic::Ordering;
    use strongroom_driver::Result;

    /// `SoftRandom::fill` with the process id `pid` in place of `std::process::id()`.
    pub fn fill_with_pid(pid: u32, out: &mut [u8]) -> Result<()> {
        fill_as(pid, out)
    }

    /// A copy of this thread's DRBG state, as `fork()` gives the child.
    #[derive(Clone)]
    pub struct ThreadRngCopy(ThreadRng);

    impl fmt::Debug for ThreadRngCopy {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("ThreadRngCopy { .. }")
        }
    }

    fn with_rng<R>(f: impl FnOnce(&mut ThreadRng) -> R) -> Option<R> {
        let pid = std::process::id();
        let epoch = RESEED_EPOCH.load(Ordering::Acquire);
        with_thread_rng(pid, epoch, |rng| Ok(f(rng)))?.ok()
    }

    /// Copies this thread's DRBG state (seeding it first if needed).
    pub fn copy_thread_rng() -> Option<ThreadRngCopy> {
        with_rng(|rng| ThreadRngCopy(rng.clone()))
    }

    /// Replaces this thread's DRBG state with `copy`.
    pub fn restore_thread_rng(copy: ThreadRngCopy) -> Option<()> {
        with_rng(|rng| *rng = copy.0)
    }

    /// How many times this thread's DRBG has been reseeded.
    pub fn thread_reseeds() -> Option<u64> {
        with_rng(|rng| rng.reseeds)
    }
}
