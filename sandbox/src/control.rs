//! The HTTP control surface under `/_sandbox/`, so that tests in any language can drive the
//! sandbox: reset it, dump and seed its state, inject faults, save and load the state file. The
//! real API lives under `/v4/`, so the two never meet. There is no authentication: the sandbox is
//! a test tool, listening on 127.0.0.1 unless `--bind` says otherwise.

use crate::emulator::Emulator;
use crate::faults::Fault;
use crate::log::RequestLog;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// Where the control surface lives.
pub(crate) const PREFIX: &str = "/_sandbox/";

/// Largest control body (a seed can be large).
const MAX_BODY: usize = 64 << 20;

/// What the emulator keeps for the tools around it: the request log and the state file.
#[derive(Default)]
pub(crate) struct Tooling {
    pub(crate) log: RequestLog,
    pub(crate) state_file: Mutex<Option<PathBuf>>,
}

/// The routes, for `GET /_sandbox/` and `--help`.
pub const ROUTES: &str = "\
  POST   /_sandbox/reset    empty state (the admin account only), no faults, fresh rate windows
  GET    /_sandbox/state    the state as JSON
  PUT    /_sandbox/state    replace the state with the JSON body (a dump, or a seed naming only
                            some fields, e.g. {\"accounts\": {\"alice\": {}}})
  GET    /_sandbox/faults   {\"pending\": n}: injections still to come
  POST   /_sandbox/faults   inject a fault, e.g. {\"fault\": \"status\", \"status\": 502,
                            \"endpoint\": \"sns/group_get\", \"times\": 2}; faults: status (status),
                            delay (ms), drop_before, drop_after, truncated, not_json, code (code,
                            info); endpoint and times (default 1) are optional
  DELETE /_sandbox/faults   forget pending faults
  POST   /_sandbox/save     write the state to the --state file
  POST   /_sandbox/load     replace the state with the --state file's
";

/// Answers a control request.
pub(crate) async fn serve(emulator: &Emulator, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let (status, body) = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(body) => dispatch(emulator, &method, &path, &body.to_bytes()),
        Err(_) => (413, json!({"error": format!("body larger than {MAX_BODY} bytes or cut short")})),
    };
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_REQUEST);
    response
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    response
}

/// The control surface without HTTP: method, path and body in; status and JSON out.
pub fn dispatch(emulator: &Emulator, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let route = path.strip_prefix(PREFIX).unwrap_or_default().trim_end_matches('/');
    let ok = |extra: Value| {
        let mut reply = json!({"ok": true});
        if let (Value::Object(r), Value::Object(e)) = (&mut reply, extra) {
            r.extend(e);
        }
        (200, reply)
    };
    let bad = |status: u16, error: String| (status, json!({"ok": false, "error": error}));
    match (method, route) {
        ("GET", "") => ok(json!({"routes": ROUTES.lines().map(str::trim).collect::<Vec<_>>()})),
        ("POST", "reset") => {
            emulator.reset();
            ok(json!({}))
        }
        ("GET", "state") => (200, emulator.state_json()),
        ("PUT" | "POST", "state") => match emulator.seed(body) {
            Ok(()) => ok(json!({})),
            Err(e) => bad(400, e),
        },
        ("GET", "faults") => ok(json!({"pending": emulator.faults().pending()})),
        ("POST", "faults") => match parse_fault(body) {
            Ok((fault, endpoint, times)) => {
                match endpoint {
                    Some(path) => emulator.faults().for_endpoint(&path, fault, times),
                    None => emulator.faults().next_n(fault, times),
                }
                ok(json!({"pending": emulator.faults().pending()}))
            }
            Err(e) => bad(400, e),
        },
        ("DELETE", "faults") => {
            emulator.faults().clear();
            ok(json!({}))
        }
        ("POST", "save") => match emulator.save_state() {
            Ok(file) => ok(json!({"file": file.display().to_string()})),
            Err(e) => bad(409, e.to_string()),
        },
        ("POST", "load") => match emulator.load_state() {
            Ok(file) => ok(json!({"file": file.display().to_string()})),
            Err(e) => bad(409, e.to_string()),
        },
        (_, "" | "reset" | "state" | "faults" | "save" | "load") => {
            bad(405, format!("{method} is not allowed on {path}; see GET {PREFIX}"))
        }
        _ => bad(404, format!("no control route {path}; see GET {PREFIX}")),
    }
}

/// `{"fault": kind, ...fields, "endpoint"?, "times"?}` as a fault, its endpoint and count.
fn parse_fault(body: &[u8]) -> Result<(Fault, Option<String>, usize), String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let int = |key: &str| v[key].as_u64().ok_or_else(|| format!("fault `{}` needs `{key}`, a number", v["fault"]));
    let fault = match v["fault"].as_str() {
        Some("status") => Fault::Status(
            u16::try_from(int("status")?).ok().filter(|s| (100..600).contains(s)).ok_or("`status` must be 100-599")?,
        ),
        Some("delay") => Fault::Delay(Duration::from_millis(int("ms")?)),
        Some("drop_before") => Fault::DropBefore,
        Some("drop_after") => Fault::DropAfter,
        Some("truncated") => Fault::Truncated,
        Some("not_json") => Fault::NotJson,
        Some("code") => {
            let code = v["code"].as_i64().ok_or("fault `code` needs `code`, a number")?;
            match v["info"].as_str() {
                Some(info) => Fault::Code { code, info: info.to_string() },
                None => Fault::code(code),
            }
        }
        _ => {
            return Err(
                "`fault` must be one of status, delay, drop_before, drop_after, truncated, not_json, code".into()
            );
        }
    };
    let endpoint = match &v["endpoint"] {
        Value::Null => None,
        Value::String(path) => Some(path.clone()),
        _ => return Err("`endpoint` must be a path such as sns/group_get".into()),
    };
    let times = match &v["times"] {
        Value::Null => 1,
        t => t.as_u64().and_then(|t| usize::try_from(t).ok()).ok_or("`times` must be a count")?,
    };
    Ok((fault, endpoint, times))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_with_their_fields_and_bad_ones_are_named() {
        let (f, e, t) =
            parse_fault(br#"{"fault":"status","status":502,"endpoint":"sns/group_get","times":2}"#).unwrap();
        assert_eq!((f, e.as_deref(), t), (Fault::Status(502), Some("sns/group_get"), 2));
        let (f, _, t) = parse_fault(br#"{"fault":"delay","ms":1500}"#).unwrap();
        assert_eq!((f, t), (Fault::Delay(Duration::from_millis(1500)), 1));
        assert_eq!(
            parse_fault(br#"{"fault":"code","code":10002,"info":"busy"}"#).unwrap().0,
            Fault::Code { code: 10002, info: "busy".into() }
        );
        assert!(parse_fault(br#"{"fault":"status"}"#).unwrap_err().contains("needs `status`"));
        assert!(parse_fault(br#"{"fault":"status","status":99}"#).unwrap_err().contains("100-599"));
        assert!(parse_fault(br#"{"fault":"boom"}"#).unwrap_err().contains("must be one of"));
        assert!(parse_fault(b"nope").unwrap_err().contains("not JSON"));
    }
}
