//! The `try_*` pointer helpers: every C pointer goes through one of these before use.
//!
//! Rules (DESIGN §8, inventory §8):
//! - NULL with length 0 is a valid empty buffer (never `from_raw_parts(NULL, 0)`, which is
//!   undefined behaviour); NULL with length > 0 is `PSA_ERROR_INVALID_ARGUMENT`; so is a
//!   length above `isize::MAX`.
//! - Output buffers may overlap inputs (in-place use). We never hold a `&[u8]` and a
//!   `&mut [u8]` over the same bytes: an input that overlaps any output is first copied to a
//!   zeroizing temporary ([`Input::Copied`]); then the output slice is formed.
//! - Nothing is written past the bytes produced (the engine writes `out[..n]` only), and a
//!   short output buffer is `PSA_ERROR_BUFFER_TOO_SMALL` from the engine with the output
//!   untouched. Output lengths are written last, through a raw pointer, after every slice
//!   is gone (a length pointer may even point into an output buffer).
//! - Two *outputs* that overlap each other are `PSA_ERROR_INVALID_ARGUMENT`.

use core::ops::Deref;
use core::ptr::NonNull;

use strongroom::{Error, Zeroizing};

type Result<T> = core::result::Result<T, Error>;

/// A C buffer (pointer and length) before it becomes a slice.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Buf {
    addr: usize,
    len: usize,
}

impl Buf {
    /// Validates a buffer: NULL only with length 0, length at most `isize::MAX`.
    pub(crate) fn new<T>(p: *const T, len: usize) -> Result<Buf> {
        if len > isize::MAX as usize || (p.is_null() && len > 0) {
            return Err(Error::InvalidArgument);
        }
        let addr = p as usize;
        if len > 0 && addr.checked_add(len).is_none() {
            return Err(Error::InvalidArgument);
        }
        Ok(Buf { addr, len })
    }

    fn overlaps(self, other: Buf) -> bool {
        self.len > 0
            && other.len > 0
            && self.addr < other.addr + other.len
            && other.addr < self.addr + self.len
    }
}

/// An input buffer: borrowed when it overlaps no output, else copied.
#[derive(Debug)]
pub(crate) enum Input<'a> {
    /// The caller's bytes (no output overlaps them).
    Borrowed(&'a [u8]),
    /// A zeroizing copy, because an output overlaps the caller's bytes.
    Copied(Zeroizing<Vec<u8>>),
}

impl Deref for Input<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Input::Borrowed(s) => s,
            Input::Copied(v) => v,
        }
    }
}

/// An input buffer that no output of the same call overlaps (or a copy of it).
///
/// # Safety
/// When `len > 0` and `p` is not NULL, `p` must be valid for reads of `len` bytes for `'a`,
/// and not written by anyone else during the call (the spec's caller obligation).
/// `outputs` are the output buffers of the same call.
pub(crate) unsafe fn try_input<'a>(p: *const u8, len: usize, outputs: &[Buf]) -> Result<Input<'a>> {
    let b = Buf::new(p, len)?;
    if len == 0 {
        return Ok(Input::Borrowed(&[]));
    }
    // SAFETY: p is non-NULL (checked by Buf::new since len > 0) and the caller guarantees
    // it is readable for len bytes; len <= isize::MAX.
    let s = unsafe { core::slice::from_raw_parts(p, len) };
    if outputs.iter().any(|o| o.overlaps(b)) {
        Ok(Input::Copied(Zeroizing::new(s.to_vec())))
    } else {
        Ok(Input::Borrowed(s))
    }
}

/// An output buffer as a mutable slice (empty for length 0, whatever the pointer).
///
/// # Safety
/// When `len > 0`, `p` must be valid for writes of `len` bytes for `'a`, and no other live
/// slice may cover those bytes: inputs of the same call must have been taken with
/// [`try_input`] listing this buffer, and other outputs must have been checked with
/// [`check_disjoint`].
pub(crate) unsafe fn try_output<'a>(p: *mut u8, len: usize) -> Result<&'a mut [u8]> {
    Buf::new(p, len)?;
    if len == 0 {
        return Ok(&mut []);
    }
    // SAFETY: non-NULL (len > 0 checked above), writable for len bytes and not aliased by
    // any live slice (caller's contract); len <= isize::MAX.
    Ok(unsafe { core::slice::from_raw_parts_mut(p, len) })
}

/// Output buffers of one call must not overlap each other.
pub(crate) fn check_disjoint(a: Buf, b: Buf) -> Result<()> {
    if a.overlaps(b) {
        Err(Error::InvalidArgument)
    } else {
        Ok(())
    }
}

/// A non-NULL, aligned pointer to one `T` (a length or attribute output, an attribute
/// input); NULL or misaligned is `PSA_ERROR_INVALID_ARGUMENT`.
pub(crate) fn try_ptr<T>(p: *const T) -> Result<NonNull<T>> {
    match NonNull::new(p.cast_mut()) {
        Some(nn) if p.is_aligned() => Ok(nn),
        _ => Err(Error::InvalidArgument),
    }
}

/// Reads a `T` from C memory.
///
/// # Safety
/// `p` must point to a readable, initialized `T` (non-NULL and aligned: checked).
pub(crate) unsafe fn try_read<T: Copy>(p: *const T) -> Result<T> {
    let nn = try_ptr(p)?;
    // SAFETY: non-NULL and aligned (try_ptr), readable and initialized (caller's contract).
    Ok(unsafe { nn.as_ptr().read() })
}

/// Writes a `T` to C memory (no reference is formed, so it may alias an output buffer
/// that is no longer borrowed).
///
/// # Safety
/// `p` must point to memory writable as a `T` (non-NULL and aligned: checked).
pub(crate) unsafe fn try_write<T>(p: *mut T, v: T) -> Result<()> {
    let nn = try_ptr(p)?;
    // SAFETY: non-NULL and aligned (try_ptr), writable (caller's contract).
    unsafe { nn.as_ptr().write(v) };
    Ok(())
}

/// Runs `f`, which produces a byte count, and stores the count in `*len_out` (0 when `f`
/// fails). A NULL or misaligned `len_out` is `PSA_ERROR_INVALID_ARGUMENT` before `f` runs.
///
/// # Safety
/// `len_out` must be writable as a `usize` (checked for NULL and alignment).
pub(crate) unsafe fn with_len_out(
    len_out: *mut usize,
    f: impl FnOnce() -> Result<usize>,
) -> Result<()> {
    try_ptr(len_out)?;
    let r = f();
    let n = *r.as_ref().unwrap_or(&0);
    // SAFETY: checked non-NULL and aligned above; writable per the caller's contract. Any
    // output slice `f` used is dropped by now.
    unsafe { try_write(len_out, n)? };
    r.map(|_| ())
}
