//! Operations: `v4/openconfigsvr/getappinfo`, `v4/open_msg_svc/get_history`,
//! `v4/ConfigSvc/GetIPList`.
//!
//! What the sandbox decides where the pages leave it open:
//! - getappinfo answers one day, today (Beijing time), with the figures the sandbox's state can
//!   count: registered accounts, groups, and the day's one-to-one and group messages. Figures it
//!   does not track (logins, APNs pushes, webhooks...) are left out rather than made up; names in
//!   `RequestField` that it does not know are ignored.
//! - get_history exports an hour (Beijing time) once it has ended: 1002 for a `MsgTime` that is no
//!   real hour or an unknown `ChatType`, 1004 for an hour not over yet or without messages, 1005
//!   for an hour more than seven days ago. The file is written in the page's layout from the
//!   stored messages (recalled ones left out), gzip-compressed; its bytes are kept in
//!   `state.operations.exports` under the download URL, which does not resolve.
//! - GetIPList answers `state.operations.server_ips` (the loopback address by default).

use super::{Route, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{State, beijing_date, beijing_time, hour_start};
use chat_api::config::GetAppInfoRequest;
use chat_api::message_history::{GetHistoryRequest, HistoryChatType};
use chat_api::server_addresses::GetIpListRequest;
use flate2::Compression;
use flate2::write::GzEncoder;
use md5::{Digest, Md5};
use serde_json::{Map, Value, json};
use std::io::Write;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(get_app_info), route(get_history), route(get_ip_list)]
}

/// How long exported files are kept.
const KEEP_SECONDS: i64 = 7 * 86_400;
/// How long a download address stays valid.
const ADDRESS_SECONDS: i64 = 86_400;

/// Today's figures as far as the state counts them.
pub(super) fn get_app_info(state: &mut State, cx: &Ctx<'_>, req: GetAppInfoRequest) -> Result<Value, Fail> {
    let now = cx.signed_now();
    let today = beijing_date(now);
    let on_today = |t: i64| beijing_date(t) == today;
    let c2c: usize =
        state.messages.conversations.values().map(|c| c.messages.iter().filter(|m| on_today(m.time)).count()).sum();
    let group: usize = state
        .group_messages
        .groups
        .values()
        .flat_map(|log| log.messages.values().chain(log.topics.values().flat_map(|t| t.messages.values())))
        .filter(|m| on_today(i64::try_from(m.time).unwrap_or(i64::MAX)))
        .count();
    let figures = [
        ("AppId", cx.config.sdkappid.to_string()),
        ("RegistUserNumTotal", state.accounts.len().to_string()),
        ("GroupAllGroupNum", state.groups.len().to_string()),
        ("C2CUpMsgNum", c2c.to_string()),
        ("GroupUpMsgNum", group.to_string()),
        ("UpMsgNum", (c2c + group).to_string()),
    ];
    let wanted = |name: &str| req.request_field.as_ref().is_none_or(|names| names.iter().any(|n| n == name));
    let mut day: Map<String, Value> =
        figures.into_iter().filter(|(name, _)| wanted(name)).map(|(k, v)| (k.to_string(), json!(v))).collect();
    day.insert("Date".into(), json!(today));
    Ok(json!({"Result": [day]}))
}

/// The record file of one hour in the page's layout: a first line opening `MsgList`, one line
/// per message, and `]}`. `None` when the hour has no messages.
fn record_file(state: &State, sdkappid: u64, chat_type: &str, msg_time: &str, start: i64) -> Option<String> {
    let in_hour = |t: i64| (start..start + 3600).contains(&t);
    let mut lines: Vec<(i64, Value)> = Vec::new();
    if chat_type == "C2C" {
        for m in state.messages.conversations.values().flat_map(|c| &c.messages) {
            if in_hour(m.time) && !m.recalled {
                let line = json!({"From_Account": m.from, "To_Account": m.to, "MsgTimestamp": m.time,
                    "MsgSeq": m.seq, "MsgRandom": m.random, "MsgBody": m.body});
                lines.push((m.time, line));
            }
        }
    } else {
        for (id, log) in &state.group_messages.groups {
            for m in log.messages.values().chain(log.topics.values().flat_map(|t| t.messages.values())) {
                let time = i64::try_from(m.time).unwrap_or(i64::MAX);
                if in_hour(time) && !m.recalled {
                    let line = json!({"From_Account": m.sender, "GroupId": id, "MsgTimestamp": m.time,
                        "MsgSeq": m.seq, "MsgBody": m.body});
                    lines.push((time, line));
                }
            }
        }
    }
    if lines.is_empty() {
        return None;
    }
    lines.sort_by_key(|(time, _)| *time);
    // Written by hand: the page's key order, which serde_json's sorted maps would not keep.
    let mut file = format!(
        "{{\"SdkAppId\":{sdkappid},\"ChatType\":\"{chat_type}\",\"MsgTime\":{},\"MsgList\":[\n",
        json!(msg_time)
    );
    let body: Vec<String> = lines.iter().map(|(_, line)| line.to_string()).collect();
    file.push_str(&body.join(",\n"));
    file.push_str("\n]}\n");
    Some(file)
}

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Exports one hour of messages.
pub(super) fn get_history(state: &mut State, cx: &Ctx<'_>, req: GetHistoryRequest) -> Result<Value, Fail> {
    let chat_type = match &req.chat_type {
        HistoryChatType::C2c => "C2C",
        HistoryChatType::Group => "Group",
        other => return Err(Fail::new(1002, format!("ChatType `{}` is neither C2C nor Group", other.as_str()))),
    };
    let start = hour_start(&req.msg_time)
        .ok_or_else(|| Fail::new(1002, format!("MsgTime `{}` is not an hour as YYYYMMDDHH", req.msg_time)))?;
    let now = cx.signed_now();
    if start + 3600 > now {
        return Err(Fail::new(1004, format!("the hour {} is not over yet", req.msg_time)));
    }
    if start + 3600 < now - KEEP_SECONDS {
        return Err(Fail::new(1005, format!("the files of {} have expired", req.msg_time)));
    }
    let sdkappid = cx.config.sdkappid;
    let file = record_file(state, sdkappid, chat_type, &req.msg_time, start)
        .ok_or_else(|| Fail::new(1004, format!("no {chat_type} message was sent in {}", req.msg_time)))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(file.as_bytes()).map_err(|e| Fail::new(1003, format!("compressing failed: {e}")))?;
    let gzip = gz.finish().map_err(|e| Fail::new(1003, format!("compressing failed: {e}")))?;
    let url = format!("https://download.sandbox.invalid/msg_history/{sdkappid}_{chat_type}_{}.gz", req.msg_time);
    let reply = json!({"File": [{
        "URL": url,
        "ExpireTime": beijing_time(now + ADDRESS_SECONDS),
        "FileSize": file.len(),
        "FileMD5": md5_hex(file.as_bytes()),
        "GzipSize": gzip.len(),
        "GzipMD5": md5_hex(&gzip),
    }]});
    state.operations.exports.insert(url, gzip);
    Ok(reply)
}

/// The configured addresses.
pub(super) fn get_ip_list(state: &mut State, _cx: &Ctx<'_>, _req: GetIpListRequest) -> Result<Value, Fail> {
    Ok(json!({"IPList": state.operations.server_ips}))
}
