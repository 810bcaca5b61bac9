//! The app's webhook server as the sandbox sees it: signed callbacks posted to a configured URL,
//! `before` callbacks awaited and their answer applied, `after` callbacks sent without waiting.
//! Follows the overview page: 2 seconds to answer; an unanswered or failed `before` callback lets
//! the action go ahead unless the app set the console to refuse ([`OnFailure`]).
//!
//! The emulator calls [`around`] for every endpoint call: the callbacks of each covered trigger are
//! built here from the request, the state before and after, and the reply, so that the endpoint
//! handlers need no change. The HTTP/1.1 client is a few lines of `std::net`: handlers run on
//! blocking threads, and callbacks go to local servers.

use crate::emulator::{Config, Ctx, Fail};
use crate::state::{Group, State};
use chat_api::webhook::Verifier;
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
fn notify(w: &WebhookConfig, now: u64, command: &'static str, mut body: Value) {
    stamp(&mut body, command, now);
    let w = w.clone();
    std::thread::spawn(move || post(&w, command, now, &body));
}

/// Every body names its command and the event time (milliseconds).
fn stamp(body: &mut Value, command: &str, now: u64) {
    if let Value::Object(map) = body {
        map.insert("CallbackCommand".into(), json!(command));
        map.insert("EventTime".into(), json!(now * 1000));
        map.retain(|_, v| !v.is_null());
    }
}

/// What a `before` callback decided.
enum Gate {
    /// Go ahead, with the request as the app may have changed it.
    Go,
    /// Refused: this failure is the caller's answer.
    Refuse(Fail),
    /// Dropped silently: this reply tells the caller it went ahead.
    Discard(Value),
}

/// One `before` callback of a command whose refusal code is `refusal` and whose app codes (passed
/// on to the caller with the app's text) are `app_codes`. `edit` applies a go-ahead answer to the
/// request; `discard` is the reply for a silent drop, where the command has one.
struct Before {
    command: &'static str,
    body: Value,
    refusal: i64,
    app_codes: std::ops::RangeInclusive<i64>,
    edit: fn(&Value, &mut Value),
    discard: Option<Value>,
}

fn ask(w: &WebhookConfig, now: u64, b: Before, req: &mut Value) -> Gate {
    let mut body = b.body;
    stamp(&mut body, b.command, now);
    let Some(answer) = post(w, b.command, now, &body) else {
        return match w.on_failure {
            OnFailure::Refuse => Gate::Refuse(Fail::new(b.refusal, "the app's webhook did not answer")),
            OnFailure::Allow => Gate::Go,
        };
    };
    let code = answer.get("ErrorCode").and_then(|c| c.as_i64().or_else(|| c.as_str()?.parse().ok())).unwrap_or(0);
    let info = answer.get("ErrorInfo").and_then(Value::as_str).unwrap_or_default().to_string();
    match (code, b.discard) {
        (0, _) => {
            (b.edit)(&answer, req);
            Gate::Go
        }
        (2, Some(reply)) => Gate::Discard(reply),
        (c, _) if b.app_codes.contains(&c) => Gate::Refuse(Fail::new(c, info)),
        _ => Gate::Refuse(Fail::new(b.refusal, format!("refused by the app's webhook: {info}"))),
    }
}

fn keep(_: &Value, _: &mut Value) {}

/// A message body and its custom data as the app's answer changed them.
fn edit_message(answer: &Value, req: &mut Value) {
    if let Some(body) = answer.get("MsgBody").filter(|b| b.as_array().is_some_and(|a| !a.is_empty())) {
        req["MsgBody"] = body.clone();
    }
    if let Some(data) = answer.get("CloudCustomData") {
        req["CloudCustomData"] = data.clone();
    }
}

/// The members the app refused, taken out of the request.
fn drop_refused_members(answer: &Value, req: &mut Value) {
    let refused: Vec<&str> = answer
        .get("RefusedMembers_Account")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(list) = req.get_mut("MemberList").and_then(Value::as_array_mut) {
        list.retain(|m| !m.get("Member_Account").and_then(Value::as_str).is_some_and(|a| refused.contains(&a)));
    }
}

/// Whether the message asks for no callback of this kind (`ForbidCallbackControl`).
fn forbidden(req: &Value, which: &str) -> bool {
    req.get("ForbidCallbackControl").and_then(Value::as_array).is_some_and(|l| l.iter().any(|v| v == which))
}

fn sender(cx: &Ctx<'_>, req: &Value) -> String {
    req.get("From_Account").and_then(Value::as_str).unwrap_or(&cx.config.admin).to_string()
}

fn str_at<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn members(g: &Group) -> Vec<Value> {
    g.members.keys().map(|m| json!({"Member_Account": m})).collect()
}

fn owner(g: &Group) -> Option<&String> {
    g.members.iter().find(|(_, m)| m.role == "Owner").map(|(a, _)| a)
}

/// The `before` callback a call sends, if any.
fn before(path: &str, cx: &Ctx<'_>, state: &State, req: &Value) -> Option<Before> {
    let admin = &cx.config.admin;
    let group = state.groups.get(str_at(req, "GroupId"));
    let b = match path {
        "group_open_http_svc/send_group_msg" if !forbidden(req, "ForbidBeforeSendMsgCallback") => Before {
            command: "Group.CallbackBeforeSendMsg",
            body: json!({
                "GroupId": req["GroupId"], "Type": group?.group_type, "From_Account": sender(cx, req),
                "Operator_Account": admin, "Random": req["Random"], "OnlineOnlyFlag": req.get("OnlineOnlyFlag").cloned().unwrap_or(json!(0)),
                "MsgBody": req["MsgBody"], "CloudCustomData": req.get("CloudCustomData"), "TopicId": req.get("TopicId"),
            }),
            refusal: 10016,
            app_codes: 10100..=10200,
            edit: edit_message,
            discard: Some(json!({"MsgTime": cx.now, "MsgSeq": 0})),
        },
        "openim/sendmsg" if !forbidden(req, "ForbidBeforeSendMsgCallback") => Before {
            command: "C2C.CallbackBeforeSendMsg",
            body: json!({
                "From_Account": sender(cx, req), "To_Account": req["To_Account"], "MsgRandom": req["MsgRandom"],
                "MsgTime": cx.now, "OnlineOnlyFlag": 0, "MsgBody": req["MsgBody"], "CloudCustomData": req.get("CloudCustomData"),
            }),
            refusal: 20006,
            app_codes: 120001..=130000,
            edit: edit_message,
            discard: Some(json!({"MsgTime": cx.now, "MsgKey": ""})),
        },
        "group_open_http_svc/create_group" => Before {
            command: "Group.CallbackBeforeCreateGroup",
            body: json!({
                "Operator_Account": admin, "Owner_Account": req.get("Owner_Account"), "Type": req["Type"], "Name": req["Name"],
                "CreateGroupNum": 0, "MemberList": req.get("MemberList").and_then(Value::as_array).map(|l| l.iter().map(|m| json!({"Member_Account": m["Member_Account"]})).collect::<Vec<_>>()),
                "UserDefinedDataList": req.get("AppDefinedData"),
            }),
            refusal: 10016,
            app_codes: 10100..=10200,
            edit: keep,
            discard: None,
        },
        "group_open_http_svc/add_group_member" => Before {
            command: "Group.CallbackBeforeInviteJoinGroup",
            body: json!({
                "GroupId": req["GroupId"], "Type": group?.group_type, "Operator_Account": admin,
                "DestinationMembers": req["MemberList"].as_array().map(|l| l.iter().map(|m| json!({"Member_Account": m["Member_Account"]})).collect::<Vec<_>>()),
            }),
            refusal: 10016,
            app_codes: 10100..=10200,
            edit: drop_refused_members,
            discard: None,
        },
        _ => return None,
    };
    Some(b)
}

/// The `after` callbacks of a call that succeeded, from the request, the state before and after,
/// and the reply.
fn after(path: &str, cx: &Ctx<'_>, old: &State, new: &State, req: &Value, reply: &Value) -> Vec<(&'static str, Value)> {
    let admin = &cx.config.admin;
    let id = str_at(req, "GroupId");
    let (was, is) = (old.groups.get(id), new.groups.get(id));
    let kind = |g: Option<&Group>| g.map(|g| g.group_type.clone());
    let pairs = |req: &Value| -> Vec<Value> {
        let from = str_at(req, "From_Account");
        req["To_Account"]
            .as_array()
            .map_or(Vec::new(), |l| l.iter().map(|t| json!({"From_Account": from, "To_Account": t})).collect())
    };
    match path {
        "group_open_http_svc/send_group_msg" if !forbidden(req, "ForbidAfterSendMsgCallback") => vec![(
            "Group.CallbackAfterSendMsg",
            json!({
                "GroupId": id, "Type": kind(is), "From_Account": sender(cx, req), "Operator_Account": admin,
                "Random": req["Random"], "MsgSeq": reply["MsgSeq"], "MsgTime": reply["MsgTime"],
                "OnlineOnlyFlag": req.get("OnlineOnlyFlag").cloned().unwrap_or(json!(0)), "MsgBody": req["MsgBody"],
                "CloudCustomData": req.get("CloudCustomData"), "TopicId": req.get("TopicId"),
            }),
        )],
        "openim/sendmsg" if !forbidden(req, "ForbidAfterSendMsgCallback") => vec![(
            "C2C.CallbackAfterSendMsg",
            json!({
                "From_Account": sender(cx, req), "To_Account": req["To_Account"], "MsgRandom": req["MsgRandom"],
                "MsgTime": reply["MsgTime"], "MsgKey": reply["MsgKey"], "OnlineOnlyFlag": 0, "SendMsgResult": 0,
                "ErrorInfo": "send msg succeed", "MsgBody": req["MsgBody"], "CloudCustomData": req.get("CloudCustomData"),
            }),
        )],
        "openim/admin_set_msg_read" => vec![(
            "C2C.CallbackAfterMsgReport",
            json!({"Report_Account": req["Report_Account"], "Peer_Account": req["Peer_Account"], "LastReadTime": cx.now, "UnreadMsgNum": 0}),
        )],
        "group_open_http_svc/create_group" => {
            let Some(g) = new.groups.get(str_at(reply, "GroupId")) else { return Vec::new() };
            vec![(
                "Group.CallbackAfterCreateGroup",
                json!({
                    "GroupId": reply["GroupId"], "Type": g.group_type, "Operator_Account": admin, "Owner_Account": owner(g),
                    "Name": g.name, "CreateGroupNum": 1, "MemberList": members(g),
                }),
            )]
        }
        "group_open_http_svc/add_group_member" => {
            let (Some(was), Some(is)) = (was, is) else { return Vec::new() };
            let joined: Vec<Value> = is
                .members
                .keys()
                .filter(|m| !was.members.contains_key(*m))
                .map(|m| json!({"Member_Account": m}))
                .collect();
            if joined.is_empty() {
                return Vec::new();
            }
            let mut out = vec![(
                "Group.CallbackAfterNewMemberJoin",
                json!({"GroupId": id, "Type": is.group_type, "JoinType": "Invited", "Operator_Account": admin, "NewMemberList": joined}),
            )];
            if is.max_member_count.is_some_and(|max| is.members.len() as i64 >= max) {
                out.push(("Group.CallbackAfterGroupFull", json!({"GroupId": id, "Type": is.group_type})));
            }
            out
        }
        "group_open_http_svc/delete_group_member" => {
            let (Some(was), Some(is)) = (was, is) else { return Vec::new() };
            let left: Vec<Value> = was
                .members
                .keys()
                .filter(|m| !is.members.contains_key(*m))
                .map(|m| json!({"Member_Account": m}))
                .collect();
            if left.is_empty() {
                return Vec::new();
            }
            vec![(
                "Group.CallbackAfterMemberExit",
                json!({"GroupId": id, "Type": is.group_type, "ExitType": "Kicked", "Operator_Account": admin, "ExitMemberList": left}),
            )]
        }
        "group_open_http_svc/destroy_group" => {
            let Some(g) = was else { return Vec::new() };
            vec![(
                "Group.CallbackAfterGroupDestroyed",
                json!({"GroupId": id, "Type": g.group_type, "Owner_Account": owner(g), "Name": g.name, "MemberList": members(g)}),
            )]
        }
        "group_open_http_svc/modify_group_base_info" => {
            // Only these four fields send the callback, says its page.
            let changed = ["Name", "Introduction", "Notification", "FaceUrl"];
            if !changed.iter().any(|k| req.get(*k).is_some()) {
                return Vec::new();
            }
            let mut body = json!({"GroupId": id, "Type": kind(is), "Operator_Account": admin});
            for k in changed {
                if let Some(v) = req.get(k) {
                    body[k] = v.clone();
                }
            }
            vec![("Group.CallbackAfterGroupInfoChanged", body)]
        }
        "group_open_http_svc/group_msg_recall" => vec![(
            "Group.CallbackAfterRecallMsg",
            json!({"GroupId": id, "Type": kind(is), "Operator_Account": admin, "MsgSeqList": req["MsgSeqList"], "TopicId": req.get("TopicId")}),
        )],
        "group_open_http_svc/change_group_owner" => {
            vec![("Group.CallbackAfterChangeGroupOwner", json!({"GroupId": id, "Type": kind(is)}))]
        }
        "group_open_http_svc/group_msg_receipt" => {
            vec![("Group.CallbackAfterReadReceipt", json!({"GroupId": id, "Type": kind(is)}))]
        }
        "sns/friend_add" => {
            // Those the reply says were added; both ways for two-way adding.
            let from = str_at(req, "From_Account");
            let both = str_at(req, "AddType") != "Add_Type_Single";
            let mut list = Vec::new();
            for item in reply["ResultItem"].as_array().into_iter().flatten().filter(|r| r["ResultCode"] == 0) {
                let to = str_at(item, "To_Account");
                list.push(json!({"From_Account": from, "To_Account": to, "Initiator_Account": from}));
                if both {
                    list.push(json!({"From_Account": to, "To_Account": from, "Initiator_Account": from}));
                }
            }
            if list.is_empty() {
                return Vec::new();
            }
            let body = json!({"PairList": list, "ClientCmd": "friend_add", "Admin_Account": admin, "ForceFlag": req.get("ForceAddFlags")});
            vec![("Sns.CallbackFriendAdd", body)]
        }
        "sns/black_list_delete" => vec![("Sns.CallbackBlackListDelete", json!({"PairList": pairs(req)}))],
        "profile/portrait_set" => vec![(
            "Profile.CallbackPortraitSet",
            json!({"Operator_Account": admin, "From_Account": req["From_Account"], "ProfileItem": req["ProfileItem"]}),
        )],
        "openim/admin_msgwithdraw" => vec![(
            "C2C.CallbackAfterMsgWithDraw",
            json!({"From_Account": req["From_Account"], "To_Account": req["To_Account"], "MsgKey": req["MsgKey"], "UnreadMsgNum": 0}),
        )],
        "openim_msg_ext_http_svc/set_key_values" => {
            // The pairs the call wrote or deleted, as the reply gives them back; a pair refused
            // for its version (23001) changed nothing. A clear names no pairs.
            let done: Vec<Value> = reply["ExtensionList"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| r["ErrorCode"] == 0)
                .filter_map(|r| r.get("Extension").cloned())
                .collect();
            let op = req["OperateType"].clone();
            if done.is_empty() && op != 3 {
                return Vec::new();
            }
            let seq = done.iter().filter_map(|e| e["Seq"].as_i64()).max();
            vec![(
                "C2C.CallbackAfterC2CMsgExtension",
                json!({
                    "From_Account": req.get("From_Account").cloned().unwrap_or(json!(admin)), "To_Account": req["To_Account"],
                    "MsgKey": req["MsgKey"], "OperateType": op, "ExtensionList": done, "Seq": seq,
                }),
            )]
        }
        "sns/friend_delete" => vec![("Sns.CallbackFriendDelete", json!({"PairList": pairs(req)}))],
        "sns/black_list_add" => vec![("Sns.CallbackBlackListAdd", json!({"PairList": pairs(req)}))],
        _ => Vec::new(),
    }
}

/// One endpoint call with the app's webhooks around it: the `before` callback (whose answer may
/// refuse the call, drop it silently or change the request), the handler, then the `after`
/// callbacks of what it did. Without a webhook URL, just the handler.
pub(crate) fn around(
    path: &str,
    cx: &Ctx<'_>,
    state: &mut State,
    body: &[u8],
    handler: impl FnOnce(&mut State, &[u8]) -> Result<Value, Fail>,
) -> Result<Value, Fail> {
    let Some(w) = &cx.config.webhooks else { return handler(state, body) };
    let Ok(mut req) = serde_json::from_slice::<Value>(body) else { return handler(state, body) };
    if let Some(b) = before(path, cx, state, &req) {
        match ask(w, cx.now, b, &mut req) {
            Gate::Go => {}
            Gate::Refuse(f) => return Err(f),
            Gate::Discard(reply) => return Ok(reply),
        }
    }
    let old = state.clone();
    let body = serde_json::to_vec(&req).unwrap_or_else(|_| body.to_vec());
    let result = handler(state, &body);
    if let Ok(reply) = &result {
        for (command, payload) in after(path, cx, &old, state, &req, reply) {
            notify(w, cx.now, command, payload);
        }
    }
    result
}
