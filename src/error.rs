//! The one error type of the core.
//!
//! Owns: every failure the library reports, its stable machine-readable `code` and its
//! human message. Each message says what went wrong and what to do next.
//! Must not: know about JavaScript. `src/wasm.rs` turns an [`Error`] into a JS
//! `ConsentryError` carrying the same `code` and message.

use std::fmt;

/// Everything that can go wrong in consentry.
///
/// The enum is `#[non_exhaustive]`: match on [`Error::code`] or use a wildcard arm, because
/// new variants will be added as capabilities grow.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The text does not look like a phone number at all (no digits, wrong characters,
    /// or no country could be determined).
    PhoneUnparseable { reason: String },
    /// A region code was given that the phone metadata does not know.
    RegionUnknown { region: String },
    /// An input is larger than the library accepts for that field.
    InputTooLong {
        what: &'static str,
        max: usize,
        got: usize,
    },
    /// An argument has the wrong shape (wrong type, out of range, unknown option value).
    InvalidArgument { what: &'static str, detail: String },
    /// A suppression-filter contact is neither a phone number nor an email address.
    ContactInvalid { detail: String },
    /// Serialized filter bytes are damaged, truncated or not a consentry filter.
    FilterCorrupt { detail: String },
    /// Serialized filter bytes use a format version this build cannot read.
    FilterVersion { found: u16, supported: u16 },
    /// The filter was built with a different hashing key than the one supplied.
    FilterKeyMismatch,
    /// Two filters cannot be merged or compared because their parameters differ.
    FilterIncompatible { detail: String },
    /// The operation is not allowed on this kind of filter.
    FilterKind { detail: String },
    /// A buffer sized from the arguments does not fit in memory (a wasm instance has at most
    /// 4 GiB, shared by everything in it). Nothing was changed.
    OutOfMemory { what: &'static str, bytes: u64 },
}

impl Error {
    /// The stable code for this error. Codes never change meaning between versions.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PhoneUnparseable { .. } => "PHONE_UNPARSEABLE",
            Error::RegionUnknown { .. } => "REGION_UNKNOWN",
            Error::InputTooLong { .. } => "INPUT_TOO_LONG",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::ContactInvalid { .. } => "CONTACT_INVALID",
            Error::FilterCorrupt { .. } => "FILTER_CORRUPT",
            Error::FilterVersion { .. } => "FILTER_VERSION",
            Error::FilterKeyMismatch => "FILTER_KEY_MISMATCH",
            Error::FilterIncompatible { .. } => "FILTER_INCOMPATIBLE",
            Error::FilterKind { .. } => "FILTER_KIND",
            Error::OutOfMemory { .. } => "OUT_OF_MEMORY",
        }
    }

    pub(crate) fn invalid(what: &'static str, detail: impl Into<String>) -> Self {
        Error::InvalidArgument {
            what,
            detail: detail.into(),
        }
    }

    pub(crate) fn corrupt(detail: impl Into<String>) -> Self {
        Error::FilterCorrupt {
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::PhoneUnparseable { reason } => write!(
                f,
                "not a phone number ({reason}); pass digits with a leading + and country code, \
                 or a national number together with its region (e.g. \"US\")"
            ),
            Error::RegionUnknown { region } => write!(
                f,
                "unknown region code {region:?}; use a two-letter ISO 3166-1 code such as \"US\", \"GB\" or \"DE\""
            ),
            Error::InputTooLong { what, max, got } => write!(
                f,
                "{what} is {got} characters long, more than the {max} accepted; check that the right field was passed"
            ),
            Error::InvalidArgument { what, detail } => write!(f, "invalid {what}: {detail}"),
            Error::ContactInvalid { detail } => write!(
                f,
                "{detail}; pass E.164 (+14155550123), a national number with its defaultRegion, or an email address"
            ),
            Error::FilterCorrupt { detail } => write!(
                f,
                "filter bytes are corrupt ({detail}); download or rebuild the filter, nothing was loaded"
            ),
            Error::FilterVersion { found, supported } => write!(
                f,
                "filter format version {found} is not supported by this build (reads up to {supported}); \
                 upgrade consentry or rebuild the filter with this version"
            ),
            Error::FilterKeyMismatch => write!(
                f,
                "the key does not match the key this filter was built with; pass the same 128-bit key \
                 (or none, if it was built without one)"
            ),
            Error::FilterIncompatible { detail } => write!(
                f,
                "filters are incompatible ({detail}); build both with the same capacity, false-positive \
                 rate and key, or rebuild one from the opt-out ledger"
            ),
            Error::FilterKind { detail } => write!(f, "{detail}"),
            Error::OutOfMemory { what, bytes } => write!(
                f,
                "{what} needs {bytes} bytes, more than memory allows (a wasm instance has at most \
                 4 GiB): lower the capacity, raise the false-positive rate, or split the contacts \
                 across several filters"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
