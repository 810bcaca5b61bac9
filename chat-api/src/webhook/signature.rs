//! The webhook query string and its signature: `Sign = hex(SHA-256(token ++ RequestTime))`, with the
//! token configured next to the webhook URL in the console. Works on the raw query string, so any web
//! framework (or none) can call it.

use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Arc;

/// How far `RequestTime` may lie from the receiver's clock, either way, by default (seconds). The
/// vendor's pages give no window (see `spec/webhooks/_protocol.yaml`); five minutes allows for clock
/// skew while keeping a captured URL short-lived.
pub const DEFAULT_WINDOW_SECS: u64 = 300;

/// The webhook authentication token. `Debug` prints `WebhookToken(<redacted>)`; there is no `Display`.
#[derive(Clone)]
pub struct WebhookToken(Arc<str>);

impl WebhookToken {
    /// Wraps the token text as configured in the console.
    pub fn new(token: impl Into<String>) -> Self {
        WebhookToken(Arc::from(token.into()))
    }
}

impl fmt::Debug for WebhookToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookToken(<redacted>)")
    }
}

/// The signature the service puts in `Sign`: lowercase hex of SHA-256 over the token followed by the
/// decimal `RequestTime`, nothing between them.
pub fn sign(token: &WebhookToken, request_time: u64) -> String {
    let mut h = Sha256::new();
    h.update(token.0.as_bytes());
    h.update(request_time.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Equality of two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The parameters the service appends to the webhook URL.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Query {
    /// `SdkAppid`: the app the callback is about.
    pub sdkappid: u64,
    /// `CallbackCommand`, e.g. `Group.CallbackBeforeSendMsg`.
    pub command: String,
    /// `contenttype` (`json`), when sent.
    pub content_type: Option<String>,
    /// `ClientIP`: the address of the client that acted, when sent.
    pub client_ip: Option<String>,
    /// `OptPlatform`: `RESTAPI`, `Web`, `Android`, `iOS` (`IOS` in `State.StateChange`), ...
    pub platform: Option<String>,
    /// `RequestTime` (Unix seconds), present when authentication is on.
    pub request_time: Option<u64>,
    /// `Sign`, present when authentication is on.
    pub sign: Option<String>,
}

/// Why a callback was not accepted. Each kind is distinct so that a server can log and count them
/// apart; none of them carries the token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// A parameter the protocol requires is missing (`SdkAppid`, `CallbackCommand`, or with a token
    /// configured, `Sign` and `RequestTime`).
    Missing(&'static str),
    /// A parameter is not what the protocol says (a non-numeric `SdkAppid` or `RequestTime`, bad
    /// percent-encoding).
    Malformed {
        /// The parameter.
        name: &'static str,
        /// Its raw value.
        value: String,
    },
    /// `SdkAppid` names another app than the receiver's.
    ForeignApp {
        /// The receiver's app.
        expected: u64,
        /// The app the query names.
        got: u64,
    },
    /// `Sign` does not match the token and `RequestTime`.
    BadSign,
    /// `RequestTime` lies further in the past than the window allows.
    Stale {
        /// `RequestTime`.
        request_time: u64,
        /// The receiver's clock.
        now: u64,
        /// The window, in seconds.
        window: u64,
    },
    /// `RequestTime` lies further in the future than the window allows.
    Future {
        /// `RequestTime`.
        request_time: u64,
        /// The receiver's clock.
        now: u64,
        /// The window, in seconds.
        window: u64,
    },
    /// The body is not the JSON the command's type describes.
    Body(String),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Missing(name) => write!(f, "webhook query has no `{name}`"),
            VerifyError::Malformed { name, value } => write!(f, "webhook query `{name}` is malformed: {value:?}"),
            VerifyError::ForeignApp { expected, got } => {
                write!(f, "webhook is for app {got}, not this app ({expected})")
            }
            VerifyError::BadSign => f.write_str("webhook `Sign` does not match the token and `RequestTime`"),
            VerifyError::Stale { request_time, now, window } => write!(
                f,
                "webhook `RequestTime` {request_time} is {}s old, more than the {window}s allowed",
                now - request_time
            ),
            VerifyError::Future { request_time, now, window } => write!(
                f,
                "webhook `RequestTime` {request_time} is {}s ahead of this clock, more than the {window}s allowed",
                request_time - now
            ),
            VerifyError::Body(e) => write!(f, "webhook body does not decode: {e}"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Checks callbacks for one app: the `SdkAppid`, and with a token the `Sign` and the age of
/// `RequestTime`.
#[derive(Clone, Debug)]
pub struct Verifier {
    sdkappid: u64,
    token: Option<WebhookToken>,
    window: u64,
}

impl Verifier {
    /// A verifier for an app with webhook authentication on: every callback must be signed.
    pub fn new(sdkappid: u64, token: impl Into<String>) -> Self {
        Verifier { sdkappid, token: Some(WebhookToken::new(token)), window: DEFAULT_WINDOW_SECS }
    }

    /// A verifier for an app with authentication off: only `SdkAppid` is checked. Anyone who knows
    /// the URL can then post callbacks; prefer [`Verifier::new`].
    pub fn unsigned(sdkappid: u64) -> Self {
        Verifier { sdkappid, token: None, window: DEFAULT_WINDOW_SECS }
    }

    /// How far `RequestTime` may lie from `now`, either way, in seconds.
    #[must_use]
    pub fn window_secs(mut self, secs: u64) -> Self {
        self.window = secs;
        self
    }

    /// The app this verifier accepts.
    pub fn sdkappid(&self) -> u64 {
        self.sdkappid
    }

    /// Parses and checks a query string (without the leading `?`) at `now` (Unix seconds).
    ///
    /// # Errors
    /// See [`VerifyError`]; the checks run in the order app, presence, sign, time.
    pub fn verify_query(&self, query: &str, now: u64) -> Result<Query, VerifyError> {
        let q = parse_query(query)?;
        if q.sdkappid != self.sdkappid {
            return Err(VerifyError::ForeignApp { expected: self.sdkappid, got: q.sdkappid });
        }
        let Some(token) = &self.token else { return Ok(q) };
        let sign_given = q.sign.as_deref().ok_or(VerifyError::Missing("Sign"))?;
        let time = q.request_time.ok_or(VerifyError::Missing("RequestTime"))?;
        // Hex case is not significant; compare lowercase in constant time.
        let given = sign_given.to_ascii_lowercase();
        if !constant_time_eq(given.as_bytes(), sign(token, time).as_bytes()) {
            return Err(VerifyError::BadSign);
        }
        let window = self.window;
        if time + window < now {
            return Err(VerifyError::Stale { request_time: time, now, window });
        }
        if time > now + window {
            return Err(VerifyError::Future { request_time: time, now, window });
        }
        Ok(q)
    }

    /// [`Verifier::verify_query`] at the system clock.
    ///
    /// # Errors
    /// See [`VerifyError`].
    pub fn verify_query_now(&self, query: &str) -> Result<Query, VerifyError> {
        self.verify_query(query, unix_now())
    }

    /// Checks the query and decodes the body into the command's [`Event`](super::Event).
    ///
    /// # Errors
    /// See [`VerifyError`]; a body that is not JSON, or not the shape of a known command, is
    /// [`VerifyError::Body`]. An unknown command is not an error: it arrives as `Event::Unknown`.
    pub fn receive(&self, query: &str, body: &[u8], now: u64) -> Result<(Query, super::Event), VerifyError> {
        let q = self.verify_query(query, now)?;
        let event = super::Event::parse(&q.command, body).map_err(|e| VerifyError::Body(e.to_string()))?;
        Ok((q, event))
    }

    /// The query string the service would append for `command` at `request_time`, signed with this
    /// verifier's token when it has one. For tests and emulators (the sandbox signs with it).
    pub fn signed_query(&self, command: &str, request_time: u64, platform: &str) -> String {
        let mut q = format!(
            "SdkAppid={}&CallbackCommand={}&contenttype=json&ClientIP=127.0.0.1&OptPlatform={}",
            self.sdkappid,
            encode(command),
            encode(platform)
        );
        if let Some(token) = &self.token {
            q.push_str(&format!("&Sign={}&RequestTime={request_time}", sign(token, request_time)));
        }
        q
    }
}

/// The system clock in Unix seconds (0 before 1970).
pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn parse_query(query: &str) -> Result<Query, VerifyError> {
    let mut sdkappid = None;
    let mut q = Query {
        sdkappid: 0,
        command: String::new(),
        content_type: None,
        client_ip: None,
        platform: None,
        request_time: None,
        sign: None,
    };
    let mut command = None;
    for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let name: &'static str = match k {
            "SdkAppid" => "SdkAppid",
            "CallbackCommand" => "CallbackCommand",
            "contenttype" => "contenttype",
            "ClientIP" => "ClientIP",
            "OptPlatform" => "OptPlatform",
            "RequestTime" => "RequestTime",
            "Sign" => "Sign",
            _ => continue, // the app's own parameters in its URL
        };
        let value = decode(v).ok_or_else(|| VerifyError::Malformed { name, value: v.to_string() })?;
        let number =
            |value: &str| value.parse::<u64>().map_err(|_| VerifyError::Malformed { name, value: value.to_string() });
        match name {
            "SdkAppid" => sdkappid = Some(number(&value)?),
            "CallbackCommand" => command = Some(value),
            "contenttype" => q.content_type = Some(value),
            "ClientIP" => q.client_ip = Some(value),
            "OptPlatform" => q.platform = Some(value),
            "RequestTime" => q.request_time = Some(number(&value)?),
            _ => q.sign = Some(value),
        }
    }
    q.sdkappid = sdkappid.ok_or(VerifyError::Missing("SdkAppid"))?;
    q.command = command.ok_or(VerifyError::Missing("CallbackCommand"))?;
    Ok(q)
}

/// Percent-decoding (`+` as space); `None` on a bad escape or non-UTF-8 result.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_sample_follows_the_formula_not_the_pages_digest() {
        // The overview page's worked example: token `xxxyyy`, RequestTime 1669872112. Its printed
        // digest (17773bc3...) is not SHA-256 of `xxxyyy1669872112` (an erratum of the spec); the
        // formula is, as Python's hashlib computes it (tests/fixtures/webhook-sign-vectors.json).
        let s = sign(&WebhookToken::new("xxxyyy"), 1_669_872_112);
        assert_eq!(s, "e78a85473bed2cdc8d6fa8c4d5a4ba4735fd64156e15a99516b9890293e135de");
    }

    #[test]
    fn queries_decode_and_keep_the_apps_own_parameters_out() {
        let q =
            parse_query("a=1&SdkAppid=14&CallbackCommand=Group.CallbackAfterSendMsg&ClientIP=%3A%3A1&OptPlatform=iOS")
                .unwrap();
        assert_eq!(
            (q.sdkappid, q.command.as_str(), q.client_ip.as_deref()),
            (14, "Group.CallbackAfterSendMsg", Some("::1"))
        );
        assert_eq!(parse_query("CallbackCommand=x"), Err(VerifyError::Missing("SdkAppid")));
        assert!(matches!(parse_query("SdkAppid=1&CallbackCommand=%zz"), Err(VerifyError::Malformed { .. })));
    }

    #[test]
    fn the_token_never_shows() {
        let v = Verifier::new(1, "very-secret-token");
        assert!(!format!("{v:?}").contains("very-secret"));
    }
}
