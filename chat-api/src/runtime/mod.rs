//! The plumbing generated code stands on: the [`Endpoint`] and [`ServiceError`] traits, limit
//! checks, reply decoding. Public so an application can call an endpoint the spec does not cover yet
//! by implementing [`Endpoint`] for its own request type.

mod check;
pub mod flag;
mod pages;
mod reply;

pub use check::{CheckLimits, FieldPath, Limit, LimitViolation, limit};
pub use pages::{Batch, BatchCall, paginate, run_batch};
pub use reply::decode_reply;

/// The stream trait paged methods return; `futures_util::StreamExt` (or `TryStreamExt`) consumes it.
pub use futures_util::Stream;

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// A request type of one REST endpoint: where it goes, what comes back, what may go wrong.
///
/// Generated for every endpoint in the spec. To call an endpoint the spec lacks, implement it for a
/// `Serialize` struct and pass that to [`Client::call`](crate::Client::call).
pub trait Endpoint: Serialize {
    /// Path after `v4/`, e.g. `group_open_http_svc/destroy_group`.
    const PATH: &'static str;
    /// Documented call-frequency limit, if any.
    const RATE_LIMIT: Option<RateLimit>;
    /// Least app edition allowed to call the endpoint, if it is restricted.
    const EDITION: Option<Edition>;
    /// The code apps of a lesser edition get, when documented.
    const EDITION_CODE: Option<i64> = None;
    /// The code the service answers for a request with a bad parameter (a broken limit that has no
    /// code of its own), when documented.
    const INVALID_REQUEST_CODE: Option<i64> = None;
    /// Whether sending the request twice leaves the service as sending it once (reads, deletes
    /// whose repeat is harmless). Only such calls are retried after a timeout or a 5xx answer.
    const IDEMPOTENT: bool = false;
    /// The reply body, without the status envelope.
    type Response: DeserializeOwned;
    /// The endpoint's error codes.
    type Error: ServiceError;

    /// Checks the documented limits (list lengths, string sizes) before anything is sent.
    ///
    /// # Errors
    /// The first field that breaks a limit.
    fn check_limits(&self) -> Result<(), LimitViolation> {
        Ok(())
    }

    /// Whether the request carries the whole key by which the service recognises a repeat (e.g.
    /// `MsgSeq` and `MsgRandom` for one-to-one sends). A call that carries one may be retried even
    /// after the service may have acted: the service drops the repeat.
    fn carries_dedup_key(&self) -> bool {
        false
    }

    /// Sets each part of the de-duplication key the caller left out to a number from `draw`.
    fn fill_dedup(&mut self, draw: &mut dyn FnMut() -> u32) {
        let _ = draw;
    }
}

/// Fills the parts of `request`'s de-duplication key the caller left out with fresh random
/// numbers. Generated methods call it once per call, before the first attempt, so every retry
/// carries the same key.
pub fn fill_dedup<E: Endpoint>(request: &mut E) {
    request.fill_dedup(&mut || fastrand::u32(..));
}

/// An endpoint's error enum, built from the `ErrorCode` of a failed reply.
pub trait ServiceError: Sized + fmt::Debug + fmt::Display {
    /// Path after `v4/` of the endpoint the errors belong to.
    const ENDPOINT: &'static str;
    /// The variant for a reply's code; codes the spec does not list become the fallback.
    fn from_detail(detail: ErrorDetail) -> Self;
    /// Code and texts as received.
    fn detail(&self) -> &ErrorDetail;
    /// What the code means according to the spec, if the spec knows it.
    fn meaning(&self) -> Option<&'static str>;
    /// Whether sending the same request again may succeed.
    fn is_retriable(&self) -> bool;
}

/// What a failed reply said: its code and the service's own texts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// `ErrorCode` (or `ResultCode` for services that use it).
    pub code: i64,
    /// `ErrorInfo`: the service's description, often naming the bad parameter.
    pub info: String,
    /// `ErrorDisplay`: text meant for end users, when the service sends one.
    pub display: Option<String>,
}

impl ErrorDetail {
    /// A detail with a code and a message, e.g. to build errors in tests.
    pub fn new(code: i64, info: impl Into<String>) -> Self {
        ErrorDetail { code, info: info.into(), display: None }
    }

    /// The numeric code (`ErrorCode`), as the error enums' `code()`.
    pub fn code(&self) -> i64 {
        self.code
    }

    /// The service's own text (`ErrorInfo`), as the error enums' `message()`.
    pub fn message(&self) -> &str {
        &self.info
    }

    /// The text meant for end users (`ErrorDisplay`), when the service sent one that is not empty.
    pub fn display(&self) -> Option<&str> {
        self.display.as_deref().filter(|d| !d.is_empty())
    }
}

/// A documented call-frequency limit: `calls` per `period_secs` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    calls: u64,
    period_secs: u64,
}

impl RateLimit {
    /// `calls` calls per `period_secs` seconds.
    pub const fn new(calls: u64, period_secs: u64) -> Self {
        RateLimit { calls, period_secs }
    }

    /// Calls allowed per period.
    pub const fn calls(self) -> u64 {
        self.calls
    }

    /// Length of the period in seconds.
    pub const fn period_secs(self) -> u64 {
        self.period_secs
    }
}

/// App editions, least capable first. An endpoint restricted to one works on it and those above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Edition {
    /// Pro edition.
    Pro,
    /// Premium edition (formerly Ultimate).
    Premium,
    /// Enterprise edition.
    Enterprise,
}

/// How every service error displays: endpoint, code, the spec's meaning, then the service's text.
///
/// # Errors
/// Only those of the formatter.
pub fn fmt_service_error(
    f: &mut fmt::Formatter<'_>,
    endpoint: Option<&str>,
    detail: &ErrorDetail,
    meaning: Option<&str>,
) -> fmt::Result {
    if let Some(endpoint) = endpoint {
        write!(f, "{endpoint}: ")?;
    }
    write!(f, "error {}", detail.code)?;
    if let Some(meaning) = meaning {
        write!(f, ": {}", meaning.trim_end_matches('.'))?;
    }
    if !detail.info.is_empty() {
        write!(f, " (service says: {})", detail.info)?;
    }
    Ok(())
}

/// A region name that is not in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRegion {
    given: String,
    known: Vec<&'static str>,
}

impl UnknownRegion {
    /// The error for `given`, listing the names that would have worked.
    pub fn new(given: &str, known: impl IntoIterator<Item = &'static str>) -> Self {
        UnknownRegion { given: given.to_string(), known: known.into_iter().collect() }
    }
}

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown region `{}`; known regions: {}", self.given, self.known.join(", "))
    }
}

impl std::error::Error for UnknownRegion {}
