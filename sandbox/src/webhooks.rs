//! The app's webhook server as the sandbox sees it: signed callbacks posted to a configured URL,
//! `before` callbacks awaited and their answer applied, `after` callbacks sent without waiting.
//! Follows the overview page: 2 seconds to answer; an unanswered or failed `before` callback lets
//! the action go ahead unless the app set the console to refuse ([`OnFailure`]).
//!
//! The endpoint handlers call in with one line each; the HTTP/1.1 client here is a few lines of
//! `std::net`, since handlers run on blocking threads and callbacks go to 127.0.0.1.

use crate::emulator::{Config, Ctx, Fail};
use chat_api::MsgElement;
use chat_api::group::SendGroupMsgRequest;
use chat_api::webhook::{GroupBeforeSendMsgReply, Verifier};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// What the service does when a `before` callback gets no usable answer (the console setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// Go ahead (the vendor's default).
    Allow,
    /// Refuse the action.
    Refuse,
}

/// Where and how the sandbox posts callbacks.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    /// `http://host:port/path`, the app's webhook URL (plain HTTP; the sandbox talks to local servers).
    pub url: String,
    /// Signs every callback (`Sign`, `RequestTime`); `None` sends them unsigned.
    pub verifier: Verifier,
    /// How long an answer is awaited (the vendor's 2 seconds by default).
    pub timeout: Duration,
    /// What an unanswered `before` callback means.
    pub on_failure: OnFailure,
}

impl WebhookConfig {
    /// Signed callbacks to `url` with `token`.
    pub fn new(sdkappid: u64, url: impl Into<String>, token: Option<&str>) -> Self {
        let verifier = match token {
            Some(t) => Verifier::new(sdkappid, t),
            None => Verifier::unsigned(sdkappid),
        };
        WebhookConfig { url: url.into(), verifier, timeout: Duration::from_secs(2), on_failure: OnFailure::Allow }
    }
}

impl Config {
    /// The same app with a webhook URL (and token, for signed callbacks).
    #[must_use]
    pub fn webhook(mut self, url: impl Into<String>, token: Option<&str>) -> Self {
        self.webhooks = Some(WebhookConfig::new(self.sdkappid, url, token));
        self
    }

    /// The same app with its webhook answered within `timeout`, and `on_failure` otherwise.
    #[must_use]
    pub fn webhook_policy(mut self, timeout: Duration, on_failure: OnFailure) -> Self {
        if let Some(w) = &mut self.webhooks {
            w.timeout = timeout;
            w.on_failure = on_failure;
        }
        self
    }
}

/// Posts one callback and waits for the answer; `None` when there is none to use (timeout, refused
/// connection, a status other than 200, a body that is not JSON).
fn post(w: &WebhookConfig, command: &str, now: u64, body: &Value) -> Option<Value> {
    let rest = w.url.strip_prefix("http://")?;
    let (host, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let sep = if path.contains('?') { '&' } else { '?' };
    let target = format!("{path}{sep}{}", w.verifier.signed_query(command, now, "RESTAPI"));
    let addr = host.to_socket_addrs().ok()?.next()?;
    let mut stream = TcpStream::connect_timeout(&addr, w.timeout).ok()?;
    stream.set_read_timeout(Some(w.timeout)).ok()?;
    stream.set_write_timeout(Some(w.timeout)).ok()?;
    let payload = body.to_string();
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(payload.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw);
    let (status, rest) = text.split_once("\r\n")?;
    if status.split_whitespace().nth(1) != Some("200") {
        return None;
    }
    let (_, body) = rest.split_once("\r\n\r\n")?;
    serde_json::from_str(body.trim()).ok()
}

/// An `after` callback: sent from its own thread, its answer ignored.
fn notify(cx: &Ctx<'_>, command: &'static str, body: Value) {
    if let Some(w) = cx.config.webhooks.clone() {
        let now = cx.now;
        std::thread::spawn(move || post(&w, command, now, &body));
    }
}

/// What a `before` callback decided.
enum Decision<R> {
    Go(Option<R>),
    Refuse(Fail),
    Discard,
}

/// Posts a `before` callback and reads the answer: 0 goes ahead, 2 drops silently (where the page
/// documents it), a code in `app_codes` reaches the caller with the app's text, any other refuses
/// with `refusal`.
fn ask<R: serde::de::DeserializeOwned>(
    cx: &Ctx<'_>,
    command: &str,
    body: Value,
    refusal: i64,
    app_codes: std::ops::RangeInclusive<i64>,
) -> Decision<R> {
    let Some(w) = &cx.config.webhooks else { return Decision::Go(None) };
    let Some(answer) = post(w, command, cx.now, &body) else {
        return match w.on_failure {
            OnFailure::Refuse => Decision::Refuse(Fail::new(refusal, "the app's webhook did not answer")),
            OnFailure::Allow => Decision::Go(None),
        };
    };
    let code = answer.get("ErrorCode").and_then(Value::as_i64).unwrap_or(0);
    let info = answer.get("ErrorInfo").and_then(Value::as_str).unwrap_or_default().to_string();
    match code {
        0 => Decision::Go(serde_json::from_value(answer).ok()),
        2 => Decision::Discard,
        c if app_codes.contains(&c) => Decision::Refuse(Fail::new(c, info)),
        _ => Decision::Refuse(Fail::new(refusal, format!("refused by the app's webhook: {info}"))),
    }
}

/// `Group.CallbackBeforeSendMsg`: the request to go ahead with (its body as the app changed it), or
/// `None` when the app dropped the message silently, or the refusal (10016, or the app's own code
/// from 10100..=10200 with its text).
pub(crate) fn before_group_msg(
    state: &crate::state::State,
    cx: &Ctx<'_>,
    mut req: SendGroupMsgRequest,
) -> Result<Option<SendGroupMsgRequest>, Fail> {
    // A group that does not exist fails in the handler, before any callback.
    let Some(group_type) = state.groups.get(&req.group_id).map(|g| g.group_type.clone()) else { return Ok(Some(req)) };
    let sender = cx.sender(req.from_account.as_deref());
    let body = json!({
        "CallbackCommand": "Group.CallbackBeforeSendMsg", "GroupId": req.group_id, "Type": group_type,
        "From_Account": sender, "Operator_Account": cx.config.admin, "Random": req.random,
        "OnlineOnlyFlag": req.online_only_flag.unwrap_or(0), "MsgBody": req.msg_body,
        "CloudCustomData": req.cloud_custom_data, "TopicId": req.topic_id, "EventTime": cx.now * 1000,
    });
    let command = "Group.CallbackBeforeSendMsg";
    match ask::<GroupBeforeSendMsgReply>(cx, command, body, 10016, GroupBeforeSendMsgReply::APP_CODES) {
        Decision::Go(Some(r)) => {
            if let Some(b) = r.msg_body.filter(|b: &Vec<MsgElement>| !b.is_empty()) {
                req.msg_body = b;
            }
            if r.cloud_custom_data.is_some() {
                req.cloud_custom_data = r.cloud_custom_data;
            }
            Ok(Some(req))
        }
        Decision::Go(None) => Ok(Some(req)),
        Decision::Discard => Ok(None),
        Decision::Refuse(f) => Err(f),
    }
}

/// `Group.CallbackAfterSendMsg`, once the message is stored.
pub(crate) fn after_group_msg(cx: &Ctx<'_>, group_id: &str, group_type: &str, m: &crate::state::GroupMessage) {
    notify(
        cx,
        "Group.CallbackAfterSendMsg",
        json!({
            "CallbackCommand": "Group.CallbackAfterSendMsg", "GroupId": group_id, "Type": group_type,
            "From_Account": m.sender, "Operator_Account": cx.config.admin, "Random": m.random,
            "MsgSeq": m.seq, "MsgTime": m.time, "OnlineOnlyFlag": i64::from(m.online_only), "MsgBody": m.body,
            "CloudCustomData": m.cloud_custom_data, "EventTime": cx.now * 1000,
        }),
    );
}
