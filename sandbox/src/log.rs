//! The request log: one JSON object per call, one per line, for whoever drives the sandbox from
//! another language and wants to see what arrived. The UserSig in the query is redacted.

use crate::emulator::{Call, Emulator, Outcome};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Mutex;

/// Where call records go, if anywhere.
#[derive(Default)]
pub(crate) struct RequestLog {
    sink: Mutex<Option<Box<dyn Write + Send>>>,
}

impl RequestLog {
    pub(crate) fn record(&self, call: &Call<'_>, outcome: &Outcome, now: u64) {
        let mut sink = self.sink.lock().unwrap_or_else(|p| p.into_inner());
        let Some(out) = sink.as_mut() else { return };
        let mut line = entry(call, outcome, now).to_string();
        line.push('\n');
        // A log that cannot be written must not fail the call it records.
        let _ = out.write_all(line.as_bytes()).and_then(|()| out.flush());
    }
}

impl Emulator {
    /// Logs every call from now on to `sink` as JSON lines: `time` (Unix seconds), `path`, `query`
    /// (UserSig redacted), `body` (JSON if it parses, else text), `status`, `code` (the reply's
    /// `ErrorCode`), `dropped` (the connection was closed without an answer).
    pub fn log_requests(&self, sink: impl Write + Send + 'static) {
        *self.tooling.log.sink.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(sink));
    }
}

/// One call's record.
fn entry(call: &Call<'_>, outcome: &Outcome, now: u64) -> Value {
    let body = serde_json::from_slice::<Value>(call.body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(call.body).into_owned()));
    let (status, code) = match outcome {
        Outcome::Reply { status, .. } => (Some(*status), outcome.json_body().and_then(|b| b["ErrorCode"].as_i64())),
        Outcome::Drop => (None, None),
    };
    json!({
        "time": now,
        "path": call.path,
        "query": redact(call.query),
        "body": body,
        "status": status,
        "code": code,
        "dropped": matches!(outcome, Outcome::Drop),
    })
}

/// The query with the value of `usersig` (any case) replaced.
fn redact(query: &str) -> String {
    let parts = query.split('&').map(|pair| match pair.split_once('=') {
        Some((key, _)) if key.eq_ignore_ascii_case("usersig") => format!("{key}=<redacted>"),
        _ => pair.to_string(),
    });
    parts.collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usersig_is_redacted_and_the_rest_kept() {
        assert_eq!(redact("sdkappid=1&UserSig=eJy*abc&random=5"), "sdkappid=1&UserSig=<redacted>&random=5");
        assert_eq!(redact("usersig=x"), "usersig=<redacted>");
        assert_eq!(redact("a=1&b"), "a=1&b");
    }

    #[test]
    fn a_record_carries_path_body_status_and_code() {
        let call =
            Call { path: "/v4/sns/group_get", query: "usersig=secret&random=1", body: b"{\"From_Account\":\"a\"}" };
        let outcome = Outcome::Reply {
            status: 200,
            content_type: "application/json",
            body: br#"{"ActionStatus":"FAIL","ErrorCode":30001}"#.to_vec(),
            delay: std::time::Duration::ZERO,
        };
        let e = entry(&call, &outcome, 7);
        assert_eq!(e["path"], "/v4/sns/group_get");
        assert_eq!(e["body"]["From_Account"], "a");
        assert_eq!((e["status"].as_u64(), e["code"].as_i64(), e["time"].as_u64()), (Some(200), Some(30001), Some(7)));
        assert!(!e.to_string().contains("secret"));
        assert_eq!(entry(&call, &Outcome::Drop, 7)["dropped"], true);
    }
}
