//! `psa_generate_random`.

use crate::init::crypto;
use crate::panic::ffi_boundary;
use crate::ptr::try_output;
use crate::types::psa_status_t;

/// `psa_generate_random`.
///
/// # Safety
/// `output` writable for `output_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_generate_random(output: *mut u8, output_size: usize) -> psa_status_t {
    ffi_boundary(|| {
        let c = crypto()?;
        // SAFETY: forwarded caller contract (NULL with a length is INVALID_ARGUMENT).
        let out = unsafe { try_output(output, output_size)? };
        c.generate_random(out)
    })
}

/// `strongroom_random_reseed` (strongroom.h): every thread's generator reseeds from the
/// operating system before its next output.
#[unsafe(no_mangle)]
pub extern "C" fn strongroom_random_reseed() -> psa_status_t {
    ffi_boundary(|| crypto()?.reseed_random())
}
