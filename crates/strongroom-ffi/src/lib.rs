//! libstrongroom: the PSA Certified Crypto C ABI over Strongroom (issue 4 builds it out).
//!
//! This crate is the only one allowed `unsafe`; each block carries a `// SAFETY:` comment
//! (enforced by `clippy::undocumented_unsafe_blocks`). Its test `heap_canary` also lives
//! here because tracking live heap blocks needs a global allocator, which is `unsafe` to
//! implement.
