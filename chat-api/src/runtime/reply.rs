//! Reply bodies: the status envelope first (`ActionStatus`, `ErrorCode`, `ErrorInfo`,
//! `ErrorDisplay`, and `ResultCode`/`ResultInfo` on some services), then the endpoint's own fields.

use super::{Endpoint, ErrorDetail, ServiceError};
use crate::error::{Error, excerpt};
use serde::Deserialize;
use serde_json::Value;

/// The status fields every reply carries. Other keys are skipped here and read by the reply type.
/// Each is read leniently (any JSON value), so that a code sent as a string keeps its number and a
/// text sent as a number is still shown.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ActionStatus")]
    action_status: Option<Value>,
    #[serde(rename = "ErrorCode")]
    error_code: Option<Value>,
    #[serde(rename = "ErrorInfo")]
    error_info: Option<Value>,
    #[serde(rename = "ErrorDisplay")]
    error_display: Option<Value>,
    #[serde(rename = "ResultCode")]
    result_code: Option<Value>,
    #[serde(rename = "ResultInfo")]
    result_info: Option<Value>,
}

/// A code as a number, or as a string holding one (`"10010"`). `Err` keeps what was there.
fn code(value: Option<&Value>) -> Option<Result<i64, String>> {
    match value? {
        Value::Null => None,
        Value::Number(n) => Some(
            n.as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .ok_or_else(|| n.to_string()),
        ),
        Value::String(s) => Some(s.trim().parse().map_err(|_| format!("{s:?}"))),
        other => Some(Err(other.to_string())),
    }
}

/// A text field: a string as is, any other value as its JSON.
fn text(value: Option<Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// Decodes a reply body of endpoint `E`: `Ok` with its fields, the endpoint's error for a failure
/// code, [`Error::Acted`] for a reply that says it acted but does not fit the reply type, or
/// [`Error::Decode`] for a body that is not a reply of this API.
///
/// # Errors
/// [`Error::Service`] when the reply carries a non-zero code (a number or a numeric string),
/// [`Error::Acted`] when the envelope says OK but a field is missing, `null` or mistyped,
/// [`Error::Decode`] when the body is not JSON, lacks the status fields, or has an unreadable code.
pub fn decode_reply<E: Endpoint>(body: &[u8]) -> Result<E::Response, Error<E::Error>> {
    let decode = |reason: String| Error::Decode { endpoint: E::PATH, reason, body: excerpt(body) };
    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|e| decode(format!("the body is not a JSON object ({e})")))?;
    let (error_code, result_code) = (code(envelope.error_code.as_ref()), code(envelope.result_code.as_ref()));
    let has_code = error_code.is_some() || result_code.is_some();
    let failure = match (error_code, result_code) {
        (Some(Err(raw)), _) => return Err(decode(format!("`ErrorCode` {raw} is not a number"))),
        (_, Some(Err(raw))) => return Err(decode(format!("`ResultCode` {raw} is not a number"))),
        (Some(Ok(code)), _) if code != 0 => Some((code, text(envelope.error_info))),
        (_, Some(Ok(code))) if code != 0 => Some((code, text(envelope.result_info).or(text(envelope.error_info)))),
        _ => None,
    };
    if let Some((code, info)) = failure {
        let detail = ErrorDetail {
            code,
            info: info.unwrap_or_default(),
            display: text(envelope.error_display).filter(|d| !d.is_empty()),
        };
        return Err(Error::Service(E::Error::from_detail(detail)));
    }
    match text(envelope.action_status).as_deref() {
        // "SomeError" with code 0: a batch that reached some receivers (batchsendmsg's page).
        Some("OK" | "SomeError") => {}
        Some("FAIL") => return Err(decode("`ActionStatus` is FAIL but no error code was given".into())),
        Some(other) => return Err(decode(format!("`ActionStatus` is `{other}`, neither OK nor FAIL"))),
        None if has_code => {}
        None => return Err(decode("the body has neither `ActionStatus` nor `ErrorCode`".into())),
    }
    // The service acted: from here on, nothing may look like a failure worth repeating.
    serde_json::from_slice(body).map_err(|e| Error::Acted {
        endpoint: E::PATH,
        reason: e.to_string(),
        reply: serde_json::from_slice(body).unwrap_or(Value::Null),
    })
}
