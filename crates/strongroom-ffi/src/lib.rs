//! libstrongroom: the PSA Certified Crypto C ABI (spec 1.2 function set) over Strongroom.
//!
//! Thin modules that convert C arguments and delegate to the engine, in the manner of
//! rustls-ffi: no cryptography and no policy logic lives here.
//!
//! - [`panic`]: the one panic boundary every entry point runs inside.
//! - [`ptr`]: the `try_*` pointer helpers (NULL/length rules, overlapping buffers).
//! - [`optable`]: the Rust-side table that C operation objects hold handles into.
//! - [`init`]: `psa_crypto_init`, `strongroom_crypto_free` and the "initialized" check.
//! - one module per PSA function group, each exporting the spec's exact prototypes.
//!
//! This crate is the only one allowed `unsafe`; each block carries a `// SAFETY:` comment
//! (enforced by `clippy::undocumented_unsafe_blocks`). Its test `heap_canary` also lives
//! here because tracking live heap blocks needs a global allocator, which is `unsafe` to
//! implement.
// The exported names and types are the C spellings of the PSA specification.
#![allow(non_camel_case_types)]

pub mod aead;
pub mod asymmetric;
pub mod attributes;
pub mod cipher;
pub mod hash;
pub mod init;
pub mod kdf;
pub mod keys;
pub mod mac;
pub mod optable;
pub mod pake;
pub mod panic;
pub mod ptr;
pub mod random;
pub mod types;

#[cfg(test)]
mod tests;
