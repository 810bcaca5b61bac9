//! What a call can fail with. Each failure has its own variant, and every message names the
//! endpoint. None of them carries the secret key or the UserSig: transport errors are stripped of
//! the request URL, whose query holds the signature.

use crate::runtime::{LimitViolation, ServiceError};
use std::fmt;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of a call to an endpoint whose documented codes are `E`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The service answered with an error code. Match on the endpoint's variants, or on
    /// [`code()`](Error::code) to handle codes the spec does not name yet.
    Service(E),
    /// The request breaks a documented limit and was not sent.
    Refused(LimitViolation),
    /// The HTTP status was not 200 (the service answers 200 even for API errors; anything else
    /// comes from the network path, e.g. a 502 from a proxy).
    Status {
        /// Path after `v4/`.
        endpoint: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The start of the body, for diagnosis.
        body: String,
    },
    /// The body is not a reply of this API: not JSON, no status fields, or a code that is not a
    /// number. The service may or may not have acted.
    Decode {
        /// Path after `v4/`.
        endpoint: &'static str,
        /// What did not fit.
        reason: String,
        /// The start of the body, for diagnosis.
        body: String,
    },
    /// The service says it acted (`ActionStatus` OK, no error code), but the rest of the reply does
    /// not fit the reply type: a documented field is missing, `null` or of another JSON type. The
    /// call is never retried (repeating it could apply it twice); `reply` keeps the whole reply
    /// (with any echo of the UserSig blanked) for the caller to read what it needs.
    Acted {
        /// Path after `v4/`.
        endpoint: &'static str,
        /// What did not fit.
        reason: String,
        /// The reply as received.
        reply: serde_json::Value,
    },
    /// No complete reply arrived within the client's timeout. The service may or may not have acted.
    Timeout {
        /// Path after `v4/`.
        endpoint: &'static str,
    },
    /// The request could not be sent or the reply not read (DNS, connection, TLS, reset).
    Transport {
        /// Path after `v4/`.
        endpoint: &'static str,
        /// Whether it failed while connecting, i.e. before anything was sent.
        connect: bool,
        /// The underlying error, without the request URL.
        source: BoxError,
    },
    /// The request could not be encoded as JSON (only possible for hand-written [`Endpoint`](crate::runtime::Endpoint) types).
    Encode {
        /// Path after `v4/`.
        endpoint: &'static str,
        /// What serde reported.
        reason: String,
    },
}

impl<E: ServiceError> Error<E> {
    /// Path after `v4/` of the endpoint that failed.
    pub fn endpoint(&self) -> &'static str {
        match self {
            Error::Service(_) => E::ENDPOINT,
            Error::Refused(v) => v.endpoint,
            Error::Status { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::Acted { endpoint, .. }
            | Error::Timeout { endpoint }
            | Error::Transport { endpoint, .. }
            | Error::Encode { endpoint, .. } => endpoint,
        }
    }

    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Service(e) => Some(e.detail().code),
            _ => None,
        }
    }

    /// Whether the service is known to have applied the request although the call returned an
    /// error ([`Error::Acted`]): do not send it again.
    pub fn service_acted(&self) -> bool {
        matches!(self, Error::Acted { .. })
    }

    /// Whether the same request may succeed if sent again later: a retriable service code, a
    /// timeout, a failed connection or transfer, an HTTP 429 or 5xx from the network path. It says
    /// nothing of whether a repeat is harmless (the service may have acted before a timeout);
    /// [`RetryPolicy`](crate::RetryPolicy) weighs that for the client's own retries.
    pub fn is_retriable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retriable(),
            Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Status { status, .. } => *status == 429 || (500..600).contains(status),
            // The service acted: sending it again is not "the same request succeeding".
            Error::Refused(_) | Error::Decode { .. } | Error::Encode { .. } | Error::Acted { .. } => false,
        }
    }

    /// The endpoint's error, when the service answered with one.
    pub fn service(&self) -> Option<&E> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Refused(v) => v.fmt(f),
            Error::Status { endpoint, status, body } => {
                write!(f, "{endpoint}: HTTP status {status}")?;
                if !body.is_empty() {
                    write!(f, " (body: {body})")?;
                }
                Ok(())
            }
            Error::Decode { endpoint, reason, body } => {
                write!(f, "{endpoint}: unexpected reply: {reason} (body: {body})")
            }
            Error::Acted { endpoint, reason, .. } => write!(
                f,
                "{endpoint}: the service acted (ActionStatus OK), but its reply does not fit the spec: {reason}; \
                 the reply is kept in the error, do not repeat the call"
            ),
            Error::Timeout { endpoint } => write!(f, "{endpoint}: no reply within the timeout"),
            Error::Transport { endpoint, connect: true, source } => {
                write!(f, "{endpoint}: could not connect: {source}")
            }
            Error::Transport { endpoint, source, .. } => write!(f, "{endpoint}: request failed: {source}"),
            Error::Encode { endpoint, reason } => write!(f, "{endpoint}: request could not be encoded: {reason}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service(e) => Some(e),
            Error::Refused(v) => Some(v),
            Error::Transport { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The start of a body, as text, short enough for a log line. A proxy's error page may echo the
/// request URL, so any `usersig=` value in it is blanked out.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 256;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    let mut text: String = redact_usersig(&text).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if body.len() > MAX {
        text.push('…');
    }
    text
}

/// Replaces the value after every `usersig=` (any case) with `<redacted>`.
pub(crate) fn redact_usersig(text: &str) -> String {
    const KEY: &str = "usersig=";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(found) = lower[rest..].find(KEY) {
        let value_start = rest + found + KEY.len();
        let value_len = text[value_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "*-_%.~+/=".contains(c)))
            .unwrap_or(text.len() - value_start);
        out.push_str(&text[rest..value_start]);
        out.push_str("<redacted>");
        rest = value_start + value_len;
    }
    out.push_str(&text[rest..]);
    out
}

/// `text` with every piece of `secret` of [`MIN_PIECE`] characters or more replaced by
/// `<redacted>`, whether written plainly, percent-encoded (`%2A` for `*`, any byte) or in the
/// standard base64 alphabet (`+/=` for the UserSig's `*-_`). Borrowed when nothing matched.
///
/// Every window of `MIN_PIECE` bytes of the decoded text is looked up among the secret's windows;
/// a piece of the secret is covered by its windows, so the union of matches covers it whole.
pub(crate) fn scrub<'a>(text: &'a [u8], secret: &str) -> std::borrow::Cow<'a, [u8]> {
    use std::borrow::Cow;
    let canon = |b: u8| match b {
        b'+' => b'*',
        b'/' => b'-',
        b'=' => b'_',
        b => b,
    };
    let secret: Vec<u8> = secret.bytes().map(canon).collect();
    if secret.len() < MIN_PIECE || text.len() < MIN_PIECE {
        return Cow::Borrowed(text);
    }
    let key = |w: &[u8]| w.iter().fold(0u64, |k, b| (k << 8) | u64::from(*b));
    let windows: std::collections::HashSet<u64> = secret.windows(MIN_PIECE).map(key).collect();
    // The text with percent escapes decoded, and where each decoded byte starts in the original.
    let (mut decoded, mut starts) = (Vec::with_capacity(text.len()), Vec::with_capacity(text.len() + 1));
    let mut i = 0;
    while i < text.len() {
        starts.push(i);
        let hex = |b: u8| char::from(b).to_digit(16);
        match (text[i], text.get(i + 1).and_then(|b| hex(*b)), text.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(hi), Some(lo)) => {
                decoded.push(canon(u8::try_from(hi * 16 + lo).unwrap_or(0)));
                i += 3;
            }
            (b, ..) => {
                decoded.push(canon(b));
                i += 1;
            }
        }
    }
    starts.push(text.len());
    let mut hidden = vec![false; decoded.len()];
    let mut any = false;
    for (at, w) in decoded.windows(MIN_PIECE).enumerate() {
        if windows.contains(&key(w)) {
            hidden[at..at + MIN_PIECE].iter_mut().for_each(|h| *h = true);
            any = true;
        }
    }
    if !any {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < decoded.len() {
        if hidden[at] {
            out.extend_from_slice(b"<redacted>");
            while at < decoded.len() && hidden[at] {
                at += 1;
            }
        } else {
            out.extend_from_slice(&text[starts[at]..starts[at + 1]]);
            at += 1;
        }
    }
    Cow::Owned(out)
}

/// The shortest piece of a secret [`scrub`] hides: shorter runs match ordinary text by chance.
pub(crate) const MIN_PIECE: usize = 8;

/// Why a [`Client`](crate::Client) could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an `http://` or `https://` URL.
    BaseUrl(String),
    /// The HTTP client could not be initialised (TLS setup).
    Http(BoxError),
    /// A builder option has a value that cannot be used.
    Invalid {
        /// The builder method, e.g. `proxy`.
        option: &'static str,
        /// What is wrong with the value.
        reason: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::BaseUrl(url) => write!(f, "base URL `{url}` must start with http:// or https://"),
            BuildError::Http(e) => write!(f, "cannot set up the HTTP client: {e}"),
            BuildError::Invalid { option, reason } => write!(f, "ClientBuilder::{option}: {reason}"),
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_blank_out_usersig_values() {
        let page = b"<html>502 Bad Gateway for /v4/x?sdkappid=1&usersig=eJwtjU*-_abc&random=5 USERSIG=eJy</html>";
        let text = excerpt(page);
        assert!(!text.contains("eJwtjU") && !text.contains("eJy<"), "{text}");
        assert!(text.contains("usersig=<redacted>&random=5") && text.contains("USERSIG=<redacted></html>"), "{text}");
        assert_eq!(redact_usersig("no signature here"), "no signature here");
        assert_eq!(excerpt(&[b'a'; 300]).chars().count(), 257);
    }

    #[test]
    fn scrub_hides_the_secret_whole_in_pieces_and_encoded() {
        let sig = "eJwtjU*-_abcDEF0123456789xyz*QRS";
        let hide = |t: &str| String::from_utf8(scrub(t.as_bytes(), sig).into_owned()).unwrap();
        assert_eq!(hide(&format!("sig {sig} end")), "sig <redacted> end");
        assert_eq!(
            hide("a piece: 0123456789 and a short one: eJwtjU*"),
            "a piece: <redacted> and a short one: eJwtjU*"
        );
        assert_eq!(
            hide("encoded: eJwtjU%2A-_abc, all: %65%4A%77%74%6a%55%2a%2D"),
            "encoded: <redacted>, all: <redacted>"
        );
        assert_eq!(hide("standard base64: eJwtjU+/=abc."), "standard base64: <redacted>.");
        assert!(matches!(scrub(b"nothing of it here", sig), std::borrow::Cow::Borrowed(_)));
        assert_eq!(hide("%zz%4"), "%zz%4", "broken escapes are kept");
    }
}
