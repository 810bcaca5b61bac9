//! Reply bodies: the status envelope first (`ActionStatus`, `ErrorCode`, `ErrorInfo`,
//! `ErrorDisplay`, and `ResultCode`/`ResultInfo` on some services), then the endpoint's own fields.

use super::{Endpoint, ErrorDetail, ServiceError};
use crate::error::{Error, excerpt};
use serde::Deserialize;

/// The status fields every reply carries. Other keys are skipped here and read by the reply type.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ActionStatus")]
    action_status: Option<String>,
    #[serde(rename = "ErrorCode")]
    error_code: Option<i64>,
    #[serde(rename = "ErrorInfo")]
    error_info: Option<String>,
    #[serde(rename = "ErrorDisplay")]
    error_display: Option<String>,
    #[serde(rename = "ResultCode")]
    result_code: Option<i64>,
    #[serde(rename = "ResultInfo")]
    result_info: Option<String>,
}

/// Decodes a reply body of endpoint `E`: `Ok` with its fields, the endpoint's error for a failure
/// code, or [`Error::Decode`] for a body that is not a reply of this API.
///
/// # Errors
/// [`Error::Service`] when the reply carries a non-zero code, [`Error::Decode`] when it is not JSON,
/// lacks the status fields, or does not fit the reply type.
pub fn decode_reply<E: Endpoint>(body: &[u8]) -> Result<E::Response, Error<E::Error>> {
    let decode = |reason: String| Error::Decode { endpoint: E::PATH, reason, body: excerpt(body) };
    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|e| decode(format!("the body is not a JSON object ({e})")))?;
    let code = match (envelope.error_code, envelope.result_code) {
        (Some(code), _) if code != 0 => Some((code, envelope.error_info)),
        (_, Some(code)) if code != 0 => Some((code, envelope.result_info.or(envelope.error_info))),
        _ => None,
    };
    if let Some((code, info)) = code {
        let detail = ErrorDetail {
            code,
            info: info.unwrap_or_default(),
            display: envelope.error_display.filter(|d| !d.is_empty()),
        };
        return Err(Error::Service(E::Error::from_detail(detail)));
    }
    match envelope.action_status.as_deref() {
        // "SomeError" with code 0: a batch that reached some receivers (batchsendmsg's page).
        Some("OK" | "SomeError") => {}
        Some("FAIL") => return Err(decode("`ActionStatus` is FAIL but no error code was given".into())),
        Some(other) => return Err(decode(format!("`ActionStatus` is `{other}`, neither OK nor FAIL"))),
        None if envelope.error_code.is_some() || envelope.result_code.is_some() => {}
        None => return Err(decode("the body has neither `ActionStatus` nor `ErrorCode`".into())),
    }
    serde_json::from_slice(body).map_err(|e| decode(format!("the reply does not match the spec ({e})")))
}
