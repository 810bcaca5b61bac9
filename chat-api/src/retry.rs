//! When a failed call is sent again, and how long to wait first.
//!
//! A call is repeated only where that is safe:
//! - the service answered a code the spec marks retriable (it did not act);
//! - the connection failed before anything was sent;
//! - the service may have acted (timeout, dropped connection, 5xx, a cut-off reply) and repeating
//!   cannot double the effect: the endpoint is idempotent, or the request carries the vendor's
//!   de-duplication key, which stays the same across attempts.
//!
//! A reply that says the service acted ([`Error::Acted`]) is never repeated.

use crate::error::Error;
use crate::runtime::{RateLimit, ServiceError};
use std::time::Duration;

/// Whether calls that may already have acted are repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WhenActed {
    /// Only idempotent endpoints, and requests carrying a de-duplication key (the default).
    IdempotentOnly,
    /// Never: a timeout or a dropped connection is always returned to the caller.
    Never,
    /// Always, even when a repeat may apply the call twice. Only for endpoints you know to be safe
    /// beyond what the spec says; the tests use it to show what the default prevents.
    Always,
}

/// How failed calls are retried: up to `max_attempts` tries, waiting an exponentially growing,
/// jittered delay between them, within an overall deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Option<Duration>,
    when_acted: WhenActed,
}

impl Default for RetryPolicy {
    /// Three attempts, 100 ms then 200 ms (with jitter), at most 20 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            deadline: Some(Duration::from_secs(20)),
            when_acted: WhenActed::IdempotentOnly,
        }
    }
}

/// What one failed attempt means for the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Send again (after the backoff).
    Retry,
    /// Return the error.
    Stop,
}

impl RetryPolicy {
    /// No retries: every call is tried once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Tries per call, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Delay before the second attempt; it doubles for each further one, up to `max`. Each wait is
    /// drawn uniformly between half the delay and the delay, so that clients do not retry in step.
    #[must_use]
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Time allowed for all attempts and waits of one call; no new attempt starts after it.
    /// `None` means no limit beyond `max_attempts`.
    #[must_use]
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Whether calls that may have acted are repeated (default: only when that is safe).
    #[must_use]
    pub fn when_acted(mut self, when: WhenActed) -> Self {
        self.when_acted = when;
        self
    }

    pub(crate) fn overall_deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// What to do after attempt number `attempt` (1-based) failed with `error`, for an endpoint
    /// that is `idempotent` and a request that does or does not carry a de-duplication key.
    pub(crate) fn verdict<E: ServiceError>(
        &self,
        error: &Error<E>,
        idempotent: bool,
        dedup: bool,
        attempt: u32,
    ) -> Verdict {
        if attempt >= self.max_attempts {
            return Verdict::Stop;
        }
        let safe_after_acting = match self.when_acted {
            WhenActed::IdempotentOnly => idempotent || dedup,
            WhenActed::Never => false,
            WhenActed::Always => true,
        };
        let retry = match error {
            // The service looked at the request and did not act.
            Error::Service(e) => e.is_retriable(),
            // Nothing left the process.
            Error::Transport { connect: true, .. } => true,
            // The request may have been applied.
            Error::Timeout { .. } | Error::Transport { .. } | Error::Decode { .. } => safe_after_acting,
            Error::Status { status, .. } => (500..600).contains(status) && safe_after_acting,
            _ => false,
        };
        if retry { Verdict::Retry } else { Verdict::Stop }
    }

    /// How long to wait after `error` before attempt `next`. A refusal for call frequency waits one
    /// to one and a half of the endpoint's windows (one second when it has no documented limit):
    /// the calls that filled the window when it refused have all left it by then, and the jitter
    /// spreads the refused calls of a burst. Anything else takes the exponential backoff. A window
    /// longer than the call's time left ends the call instead.
    pub(crate) fn wait_before<E: ServiceError>(
        &self,
        error: &Error<E>,
        rate: Option<RateLimit>,
        next: u32,
    ) -> Duration {
        match error {
            Error::Service(e) if RATE_LIMIT_CODES.contains(&e.detail().code) => {
                let window = Duration::from_secs(rate.map_or(1, RateLimit::period_secs).max(1));
                window + (window / 2).mul_f64(fastrand::f64())
            }
            _ => self.backoff_before(next),
        }
    }

    /// How long to wait before attempt `next` (2 for the first retry), jittered.
    pub(crate) fn backoff_before(&self, next: u32) -> Duration {
        let doublings = next.saturating_sub(2).min(16);
        let full = self.initial_backoff.saturating_mul(1 << doublings).min(self.max_backoff);
        let half = full / 2;
        half + full.saturating_sub(half).mul_f64(fastrand::f64())
    }
}

/// The common codes that refuse a call for frequency (`shared/errors.yaml`): per-API limit
/// (60007), the app's overall limit (60011), too many requests at once (60018, 60019).
pub(crate) const RATE_LIMIT_CODES: &[i64] = &[60007, 60011, 60018, 60019];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ErrorDetail;
    use std::fmt;

    #[derive(Debug)]
    struct Code(ErrorDetail, bool);

    impl fmt::Display for Code {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}", self.0.code)
        }
    }

    impl ServiceError for Code {
        const ENDPOINT: &'static str = "test/endpoint";
        fn from_detail(detail: ErrorDetail) -> Self {
            Code(detail, false)
        }
        fn detail(&self) -> &ErrorDetail {
            &self.0
        }
        fn meaning(&self) -> Option<&'static str> {
            None
        }
        fn is_retriable(&self) -> bool {
            self.1
        }
    }

    fn transport(connect: bool) -> Error<Code> {
        Error::Transport { endpoint: "x", connect, source: "reset".into() }
    }

    #[test]
    fn the_rules() {
        let p = RetryPolicy::default();
        let retriable = Error::Service(Code(ErrorDetail::new(10002, "busy"), true));
        let final_code = Error::Service(Code(ErrorDetail::new(10010, "gone"), false));
        let timeout = Error::<Code>::Timeout { endpoint: "x" };
        let status = |s| Error::<Code>::Status { endpoint: "x", status: s, body: String::new() };
        // (error, idempotent, dedup, expected)
        let cases: Vec<(Error<Code>, bool, bool, Verdict)> = vec![
            (retriable, false, false, Verdict::Retry),
            (final_code, true, true, Verdict::Stop),
            (transport(true), false, false, Verdict::Retry),
            (transport(false), false, false, Verdict::Stop),
            (transport(false), true, false, Verdict::Retry),
            (transport(false), false, true, Verdict::Retry),
            (timeout, false, false, Verdict::Stop),
            (Error::Timeout { endpoint: "x" }, true, false, Verdict::Retry),
            (status(502), false, false, Verdict::Stop),
            (status(502), true, false, Verdict::Retry),
            (status(404), true, false, Verdict::Stop),
            (Error::Decode { endpoint: "x", reason: String::new(), body: String::new() }, true, false, Verdict::Retry),
            (Error::Decode { endpoint: "x", reason: String::new(), body: String::new() }, false, false, Verdict::Stop),
            // The service said it acted: never again, whatever the endpoint.
            (
                Error::Acted { endpoint: "x", reason: String::new(), reply: serde_json::Value::Null },
                true,
                true,
                Verdict::Stop,
            ),
        ];
        for (i, (error, idempotent, dedup, expected)) in cases.iter().enumerate() {
            assert_eq!(p.verdict(error, *idempotent, *dedup, 1), *expected, "case {i}: {error}");
        }
        assert_eq!(p.verdict(&transport(true), false, false, 3), Verdict::Stop, "attempts used up");
        assert_eq!(RetryPolicy::none().verdict(&transport(true), false, false, 1), Verdict::Stop);
        let always = p.clone().when_acted(WhenActed::Always);
        assert_eq!(always.verdict(&Error::<Code>::Timeout { endpoint: "x" }, false, false, 1), Verdict::Retry);
        let never = p.when_acted(WhenActed::Never);
        assert_eq!(never.verdict(&Error::<Code>::Timeout { endpoint: "x" }, true, true, 1), Verdict::Stop);
    }

    #[test]
    fn a_frequency_refusal_waits_for_the_window_to_move() {
        let p = RetryPolicy::default();
        let limited = Error::Service(Code(ErrorDetail::new(60007, "too often"), true));
        let busy = Error::Service(Code(ErrorDetail::new(10002, "busy"), true));
        for _ in 0..100 {
            let w = p.wait_before(&limited, Some(RateLimit::new(200, 1)), 2);
            assert!(w >= Duration::from_secs(1) && w <= Duration::from_millis(1500), "{w:?}");
            let w = p.wait_before(&limited, Some(RateLimit::new(100, 60)), 2);
            assert!(w >= Duration::from_secs(60) && w <= Duration::from_secs(90), "{w:?}");
            assert!(p.wait_before(&busy, Some(RateLimit::new(200, 1)), 2) <= Duration::from_millis(100));
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        let p = RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(300));
        for _ in 0..100 {
            let first = p.backoff_before(2);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let second = p.backoff_before(3);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200), "{second:?}");
            assert!(p.backoff_before(30) <= Duration::from_millis(300));
        }
    }
}
