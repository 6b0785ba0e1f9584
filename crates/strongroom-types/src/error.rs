//! PSA status codes (`psa_status_t`) as one Rust error enum.
//!
//! The mapping between [`Error`] variants, their numeric status and their spec name lives in a
//! single table ([`TABLE`]) so that the conversions in both directions cannot drift apart.

use core::fmt;

/// `PSA_SUCCESS`: the status of a call that did not fail.
pub const PSA_SUCCESS: i32 = 0;

/// Convenience alias used by every fallible Strongroom function.
pub type Result<T> = core::result::Result<T, Error>;

/// A PSA error status (`psa_status_t` other than `PSA_SUCCESS`).
///
/// `#[non_exhaustive]` because later spec versions add statuses.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// `PSA_ERROR_GENERIC_ERROR` (-132).
    GenericError,
    /// `PSA_ERROR_NOT_PERMITTED` (-133).
    NotPermitted,
    /// `PSA_ERROR_NOT_SUPPORTED` (-134).
    NotSupported,
    /// `PSA_ERROR_INVALID_ARGUMENT` (-135).
    InvalidArgument,
    /// `PSA_ERROR_INVALID_HANDLE` (-136).
    InvalidHandle,
    /// `PSA_ERROR_BAD_STATE` (-137).
    BadState,
    /// `PSA_ERROR_BUFFER_TOO_SMALL` (-138).
    BufferTooSmall,
    /// `PSA_ERROR_ALREADY_EXISTS` (-139).
    AlreadyExists,
    /// `PSA_ERROR_DOES_NOT_EXIST` (-140).
    DoesNotExist,
    /// `PSA_ERROR_INSUFFICIENT_MEMORY` (-141).
    InsufficientMemory,
    /// `PSA_ERROR_INSUFFICIENT_STORAGE` (-142).
    InsufficientStorage,
    /// `PSA_ERROR_INSUFFICIENT_DATA` (-143).
    InsufficientData,
    /// `PSA_ERROR_SERVICE_FAILURE` (-144).
    ServiceFailure,
    /// `PSA_ERROR_COMMUNICATION_FAILURE` (-145).
    CommunicationFailure,
    /// `PSA_ERROR_STORAGE_FAILURE` (-146).
    StorageFailure,
    /// `PSA_ERROR_HARDWARE_FAILURE` (-147).
    HardwareFailure,
    /// `PSA_ERROR_INSUFFICIENT_ENTROPY` (-148).
    InsufficientEntropy,
    /// `PSA_ERROR_INVALID_SIGNATURE` (-149).
    InvalidSignature,
    /// `PSA_ERROR_INVALID_PADDING` (-150).
    InvalidPadding,
    /// `PSA_ERROR_CORRUPTION_DETECTED` (-151).
    CorruptionDetected,
    /// `PSA_ERROR_DATA_CORRUPT` (-152).
    DataCorrupt,
    /// `PSA_ERROR_DATA_INVALID` (-153).
    DataInvalid,
    /// `PSA_OPERATION_INCOMPLETE` (-248): an interruptible operation needs more calls
    /// (Mbed TLS extension kept for interruptible sign/verify).
    OperationIncomplete,
}

/// The one table: variant, numeric status, spec name.
pub(crate) const TABLE: [(Error, i32, &str); 23] = [
    (Error::GenericError, -132, "PSA_ERROR_GENERIC_ERROR"),
    (Error::NotPermitted, -133, "PSA_ERROR_NOT_PERMITTED"),
    (Error::NotSupported, -134, "PSA_ERROR_NOT_SUPPORTED"),
    (Error::InvalidArgument, -135, "PSA_ERROR_INVALID_ARGUMENT"),
    (Error::InvalidHandle, -136, "PSA_ERROR_INVALID_HANDLE"),
    (Error::BadState, -137, "PSA_ERROR_BAD_STATE"),
    (Error::BufferTooSmall, -138, "PSA_ERROR_BUFFER_TOO_SMALL"),
    (Error::AlreadyExists, -139, "PSA_ERROR_ALREADY_EXISTS"),
    (Error::DoesNotExist, -140, "PSA_ERROR_DOES_NOT_EXIST"),
    (
        Error::InsufficientMemory,
        -141,
        "PSA_ERROR_INSUFFICIENT_MEMORY",
    ),
    (
        Error::InsufficientStorage,
        -142,
        "PSA_ERROR_INSUFFICIENT_STORAGE",
    ),
    (Error::InsufficientData, -143, "PSA_ERROR_INSUFFICIENT_DATA"),
    (Error::ServiceFailure, -144, "PSA_ERROR_SERVICE_FAILURE"),
    (
        Error::CommunicationFailure,
        -145,
        "PSA_ERROR_COMMUNICATION_FAILURE",
    ),
    (Error::StorageFailure, -146, "PSA_ERROR_STORAGE_FAILURE"),
    (Error::HardwareFailure, -147, "PSA_ERROR_HARDWARE_FAILURE"),
    (
        Error::InsufficientEntropy,
        -148,
        "PSA_ERROR_INSUFFICIENT_ENTROPY",
    ),
    (Error::InvalidSignature, -149, "PSA_ERROR_INVALID_SIGNATURE"),
    (Error::InvalidPadding, -150, "PSA_ERROR_INVALID_PADDING"),
    (
        Error::CorruptionDetected,
        -151,
        "PSA_ERROR_CORRUPTION_DETECTED",
    ),
    (Error::DataCorrupt, -152, "PSA_ERROR_DATA_CORRUPT"),
    (Error::DataInvalid, -153, "PSA_ERROR_DATA_INVALID"),
    (Error::OperationIncomplete, -248, "PSA_OPERATION_INCOMPLETE"),
];

impl Error {
    /// Every variant, in table order (useful for exhaustive tests and FFI tables).
    pub const ALL: [Error; 23] = {
        let mut all = [Error::GenericError; 23];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    /// The numeric `psa_status_t` value (always negative).
    pub const fn status(self) -> i32 {
        let mut i = 0;
        while i < TABLE.len() {
            if TABLE[i].0 as u8 == self as u8 {
                return TABLE[i].1;
            }
            i += 1;
        }
        // Every variant is in TABLE (checked by the round-trip test); keep a defined answer.
        -132
    }

    /// The error for a numeric status; `None` for `PSA_SUCCESS` and unknown values.
    pub fn from_status(status: i32) -> Option<Error> {
        TABLE.iter().find(|e| e.1 == status).map(|e| e.0)
    }

    /// The spec name, e.g. `"PSA_ERROR_NOT_PERMITTED"`.
    pub fn name(self) -> &'static str {
        TABLE
            .iter()
            .find(|e| e.0 == self)
            .map_or("PSA_ERROR_GENERIC_ERROR", |e| e.2)
    }

    /// Converts a raw status into a `Result`: `PSA_SUCCESS` is `Ok(())`, unknown negative
    /// values become [`Error::GenericError`] (the spec's catch-all), positive values are
    /// not statuses and also map to `GenericError`.
    pub fn check_status(status: i32) -> Result<()> {
        if status == PSA_SUCCESS {
            Ok(())
        } else {
            Err(Error::from_status(status).unwrap_or(Error::GenericError))
        }
    }
}

/// The status code for a `Result` (`PSA_SUCCESS` for `Ok`).
pub fn status_of<T>(r: &Result<T>) -> i32 {
    match r {
        Ok(_) => PSA_SUCCESS,
        Err(e) => e.status(),
    }
}

/// The spec name of a numeric status, including `"PSA_SUCCESS"`; `None` when unknown.
pub fn status_name(status: i32) -> Option<&'static str> {
    if status == PSA_SUCCESS {
        Some("PSA_SUCCESS")
    } else {
        Error::from_status(status).map(Error::name)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl core::error::Error for Error {}

impl From<Error> for i32 {
    fn from(e: Error) -> i32 {
        e.status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_round_trips() {
        for (e, s, n) in TABLE {
            assert_eq!(e.status(), s);
            assert_eq!(Error::from_status(s), Some(e));
            assert_eq!(e.name(), n);
            assert_eq!(status_name(s), Some(n));
        }
        assert_eq!(Error::ALL.len(), TABLE.len());
        for (i, e) in Error::ALL.iter().enumerate() {
            assert_eq!(*e, TABLE[i].0);
        }
    }

    #[test]
    fn spec_values() {
        assert_eq!(Error::GenericError.status(), -132);
        assert_eq!(Error::NotPermitted.status(), -133);
        assert_eq!(Error::NotSupported.status(), -134);
        assert_eq!(Error::InvalidArgument.status(), -135);
        assert_eq!(Error::InvalidHandle.status(), -136);
        assert_eq!(Error::BadState.status(), -137);
        assert_eq!(Error::BufferTooSmall.status(), -138);
        assert_eq!(Error::AlreadyExists.status(), -139);
        assert_eq!(Error::DoesNotExist.status(), -140);
        assert_eq!(Error::InsufficientMemory.status(), -141);
        assert_eq!(Error::InsufficientStorage.status(), -142);
        assert_eq!(Error::InsufficientData.status(), -143);
        assert_eq!(Error::ServiceFailure.status(), -144);
        assert_eq!(Error::CommunicationFailure.status(), -145);
        assert_eq!(Error::StorageFailure.status(), -146);
        assert_eq!(Error::HardwareFailure.status(), -147);
        assert_eq!(Error::InsufficientEntropy.status(), -148);
        assert_eq!(Error::InvalidSignature.status(), -149);
        assert_eq!(Error::InvalidPadding.status(), -150);
        assert_eq!(Error::CorruptionDetected.status(), -151);
        assert_eq!(Error::DataCorrupt.status(), -152);
        assert_eq!(Error::DataInvalid.status(), -153);
        assert_eq!(Error::OperationIncomplete.status(), -248);
    }

    #[test]
    fn unknown_and_success() {
        assert_eq!(Error::from_status(0), None);
        assert_eq!(Error::from_status(-1), None);
        assert_eq!(Error::from_status(i32::MIN), None);
        assert_eq!(status_name(0), Some("PSA_SUCCESS"));
        assert_eq!(status_name(5), None);
        assert_eq!(Error::check_status(0), Ok(()));
        assert_eq!(Error::check_status(-135), Err(Error::InvalidArgument));
        assert_eq!(Error::check_status(-7), Err(Error::GenericError));
    }

    #[test]
    fn display_is_name() {
        extern crate std;
        use std::string::ToString;
        assert_eq!(Error::NotPermitted.to_string(), "PSA_ERROR_NOT_PERMITTED");
    }
}
