//! Spec encodings and policy of the PSA Certified Crypto API (spec 1.2) for Strongroom.
//!
//! Every type here is a thin, lossless wrapper over its spec integer (`psa_key_type_t`,
//! `psa_algorithm_t`, …) so that the C ABI is a plain translation, with the spec's
//! construction and classification macros as `const fn`s. [`policy`] holds the pure
//! permission rules applied at every key use; [`sizes`] the size macros.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod algorithm;
mod attributes;
mod derivation;
mod error;
mod key_id;
mod key_type;
mod lifetime;
pub mod policy;
pub mod sizes;
mod usage;

pub use algorithm::Algorithm;
pub use attributes::KeyAttributes;
pub use derivation::DerivationStep;
pub use error::{Error, PSA_SUCCESS, Result, status_name, status_of};
pub use key_id::KeyId;
pub use key_type::{DhFamily, EccFamily, KeyType};
pub use lifetime::Lifetime;
pub use usage::Usage;
