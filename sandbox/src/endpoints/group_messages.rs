//! Group messages (`v4/group_open_http_svc/*`, `v4/openim/modify_group_msg`): sending, system
//! notifications, broadcasts, imports, the history, recalls, removals, clears, modifications and
//! read receipts.
//!
//! Every handler first finds the group: an ID that cannot be a group's answers 10015, a group that
//! does not exist 10010 (modify_group_msg, whose page lists only the one-to-one message codes,
//! answers 20001 for both). A `TopicId` is only accepted for Community groups (10004 otherwise);
//! topics are not modelled beyond that, so any topic ID of a Community group is taken to exist.
//!
//! What the handlers keep lives in [`GroupMessages`](crate::state::GroupMessages). Sending also
//! moves the fields of the group and its members that describe messages
//! ([`Group::next_msg_seq`], [`Group::last_msg_time`], [`Member::msg_seq`],
//! [`Member::last_send_msg_time`], [`Member::unread_msg_num`]), so that the group profile reads
//! agree with the log.

use super::{
    Route, check_topic, distinct, find_group, find_group_mut, ok, page, require_account, require_member, route,
};
use crate::emulator::{Ctx, Fail};
use crate::state::{
    Broadcast, DedupKey, GlobalMute, Group, GroupExtras, GroupMessage, MuteEnd, SENDER_SWEEP, Sessions, State,
    SystemNotification,
};
use chat_api::group::{
    ClearGroupMsgRequest, DeleteGroupMsgBySenderRequest, GetGroupMsgReceiptDetailRequest, GetGroupMsgReceiptRequest,
    GroupMsgGetSimpleRequest, GroupMsgPriority, GroupMsgRecallRequest, GroupMsgReceiptRequest, ImportGroupMsgRequest,
    ReceiptFilter, SendBroadcastMsgRequest, SendGroupMsgRequest, SendGroupSystemNotificationRequest,
};
use chat_api::openim::ModifyGroupMsgRequest;
use chat_api::runtime::Edition;
use chat_api::{MsgElement, SendMsgControl};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(send_group_msg),
        route(send_group_system_notification),
        route(group_msg_recall),
        route(import_group_msg),
        route(delete_group_msg_by_sender),
        route(group_msg_get_simple),
        route(send_broadcast_msg),
        route(clear_group_msg),
        route(group_msg_receipt),
        route(get_group_msg_receipt),
        route(get_group_msg_receipt_detail),
        route(modify_group_msg),
    ]
}

/// Most messages one history read returns.
const HISTORY_PAGE: usize = 20;
/// Longest message body, in bytes of JSON (the 2023 pages' 12 KB, read as 12,000 bytes).
const MAX_BODY_BYTES: usize = 12_000;
/// Group types whose messages take read receipts.
const RECEIPT_TYPES: [&str; 3] = ["Private", "Public", "ChatRoom"];
/// Group types that accept targeted messages (`To_Account`).
const TARGETED_TYPES: [&str; 3] = ["Private", "Public", "ChatRoom"];
/// Group types that keep unread counts (set_unread_msg_num leaves the others alone).
const UNREAD_TYPES: [&str; 3] = ["Private", "Public", "Community"];
/// The per-message code a read-receipt count answers for a message without receipts.
const NO_RECEIPT: i64 = 10062;

/// A sequence number from a request; negative numbers name no message.
fn seq_of(n: i64) -> Option<u64> {
    u64::try_from(n).ok()
}

/// Size of a body as JSON, the measure the sandbox applies the 12,000-byte limit to.
fn body_bytes(body: &[MsgElement]) -> usize {
    serde_json::to_vec(body).map_or(0, |b| b.len())
}

/// Whether `end` lies after `now`.
fn running(end: MuteEnd, now: u64) -> bool {
    match end {
        MuteEnd::Never => true,
        MuteEnd::At(t) => t > now,
    }
}

/// Whether `account` may not send in group `g` (or its topic) at `now`: a global group-message
/// mute, a mute in the group or in the topic, or the group's all-members mute (which holds
/// ordinary members only).
fn muted(sessions: &Sessions, extras: &GroupExtras, g: &Group, account: &str, topic: Option<&str>, now: u64) -> bool {
    let global = sessions.mutes.get(account).and_then(|m: &GlobalMute| m.group).is_some_and(|end| running(end, now));
    let in_group = extras.mute_until(&g.id, account, now).is_some();
    let in_topic = topic.is_some_and(|t| {
        extras.of(&g.id).and_then(|e| e.topic_mutes.get(t)).and_then(|m| m.get(account)).is_some_and(|end| *end > now)
    });
    let all = g.mute_all && g.members.get(account).is_none_or(|m| m.role != "Owner" && m.role != "Admin");
    global || in_group || in_topic || all
}

fn priority_number(p: Option<&GroupMsgPriority>) -> u8 {
    match p {
        Some(GroupMsgPriority::High) => 1,
        Some(GroupMsgPriority::Low) => 3,
        _ => 2,
    }
}

/// A message as the history returns it: recalled ones as placeholders without a body. The
/// message's `CloudCustomData` is kept but not shown: no page lists it in this reply.
fn history_entry(m: &GroupMessage) -> Value {
    let (place, body) = if m.recalled { (2, json!([])) } else { (0, json!(m.body)) };
    json!({
        "From_Account": m.sender,
        "IsPlaceMsg": place,
        "MsgBody": body,
        "MsgPriority": m.priority,
        "MsgRandom": m.random,
        "MsgSeq": m.seq,
        "MsgTimeStamp": m.time,
    })
}

/// Sends a message. Sandbox choices where the page is silent: a `From_Account` that is no
/// imported account is refused with 10004, one that is not a member of the group (or is banned
/// from it) with 10007; `Random` missing from the raw request is refused with 10004 (the client
/// always fills it). A muted sender gets 10017 (see [`muted`]); the admin is never muted. A body
/// that is empty answers 10004, one over 12,000 bytes of JSON 80002. `OnlineOnlyFlag` and
/// `SendMsgControl` are ignored in audio-video groups, as the page says they do not apply there;
/// together elsewhere they are refused with 10004. `To_Account` needs the Premium edition and a
/// Work, Public or Meeting group (10007 otherwise) and members only (10004 naming the stranger).
///
/// A repeat of the same sender, group (or topic), `Random` and `MsgBody` within five minutes
/// ([`dedup_window`](crate::state::dedup_window)) answers the first reply again and stores
/// nothing. Audio-video groups' messages are stored too (recalls name them), though the history
/// refuses those groups. Unread counts rise for the other members of Work, Public and Community
/// groups, except for online-only, targeted, `NoUnread` and topic messages.
pub(super) fn send_group_msg(state: &mut State, cx: &Ctx<'_>, req: SendGroupMsgRequest) -> Result<Value, Fail> {
    let topic = req.topic_id.as_deref().filter(|t| !t.is_empty());
    let g = find_group(&state.groups, &req.group_id)?;
    check_topic(g, req.topic_id.as_deref())?;
    super::topics::check_known(&state.topics, g, topic)?; // topics made by the topic commands
    let sender = cx.sender(req.from_account.as_deref());
    if sender != cx.config.admin {
        require_account(state, &sender, 10004)?;
        require_member(g, &sender, 10007)?;
        if state.group_extras.is_banned(&g.id, &sender, cx.now) {
            return Err(Fail::new(10007, format!("`{sender}` is banned from group {}", g.id)));
        }
        if muted(&state.sessions, &state.group_extras, g, &sender, topic, cx.now) {
            return Err(Fail::new(10017, format!("`{sender}` is muted in group {}", g.id)));
        }
    }
    let Some(random) = req.random else {
        return Err(Fail::new(10004, "Random is required"));
    };
    if req.msg_body.is_empty() {
        return Err(Fail::new(10004, "MsgBody holds no element"));
    }
    let size = body_bytes(&req.msg_body);
    if size > MAX_BODY_BYTES {
        return Err(Fail::new(80002, format!("the message is {size} bytes; at most {MAX_BODY_BYTES}")));
    }
    let av = g.is_av();
    let online_only = !av && req.online_only_flag == Some(true);
    let controls = if av { Vec::new() } else { req.send_msg_control.clone().unwrap_or_default() };
    if online_only && !controls.is_empty() {
        return Err(Fail::new(10004, "SendMsgControl cannot be used with OnlineOnlyFlag 1"));
    }
    let targets = req.to_account.clone().unwrap_or_default();
    if !targets.is_empty() {
        if cx.config.edition < Edition::Premium {
            return Err(Fail::new(10007, "targeted messages (To_Account) need the Premium edition"));
        }
        if !TARGETED_TYPES.contains(&g.group_type.as_str()) {
            return Err(Fail::new(10007, format!("{} groups do not take targeted messages", g.group_type)));
        }
        if let Some(stranger) = targets.iter().find(|t| !g.members.contains_key(*t)) {
            return Err(Fail::new(10004, format!("To_Account `{stranger}` is not a member of group {}", g.id)));
        }
    }
    let number = g.seq;
    let counts_unread = topic.is_none()
        && !online_only
        && targets.is_empty()
        && !controls.contains(&SendMsgControl::NoUnread)
        && UNREAD_TYPES.contains(&g.group_type.as_str());
    let takes_receipts = RECEIPT_TYPES.contains(&g.group_type.as_str());
    let audience: BTreeSet<String> = if targets.is_empty() {
        g.members.keys().filter(|m| **m != sender).cloned().collect()
    } else {
        targets.iter().cloned().collect()
    };

    let State { groups, group_messages, .. } = state;
    let log = group_messages.log_mut(&req.group_id, number);
    let key = DedupKey::new("send_group_msg", &sender, topic.unwrap_or_default(), random).with_content(&req.msg_body);
    if let Some(reply) = log.recent_sends.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let seq = match topic {
        None => {
            let g = find_group_mut(groups, &req.group_id)?;
            let seq = g.next_msg_seq.max(1);
            g.next_msg_seq = seq + 1;
            g.last_msg_time = cx.now;
            for (account, m) in &mut g.members {
                if *account == sender {
                    m.last_send_msg_time = cx.now;
                    m.msg_seq = seq;
                } else if counts_unread {
                    m.unread_msg_num += 1;
                }
            }
            seq
        }
        Some(t) => log.topics.entry(t.to_string()).or_default().take_seq(),
    };
    let mut message = GroupMessage::new(seq, sender, cx.now, req.msg_body);
    message.random = random;
    message.cloud_custom_data = req.cloud_custom_data;
    message.priority = priority_number(req.msg_priority.as_ref());
    message.to_accounts = targets;
    message.online_only = online_only;
    message.need_receipt = takes_receipts && req.need_read_receipt == Some(true);
    message.supports_extension = req.support_message_extension == Some(true);
    message.audience = audience;
    log.thread_mut(topic).insert(seq, message);
    let reply = json!({"MsgTime": cx.now, "MsgSeq": seq});
    log.recent_sends.remember(key, cx.now, reply.clone());
    Ok(reply)
}

/// Records a system notification for the members named, or for every member. Sandbox choices:
/// naming members in an audio-video group is refused with 10004 (the page only says those groups
/// take notifications for everyone); named users who are not members are left out. A `TopicId`
/// is only for Community groups (10004 otherwise) and is kept with the notification.
pub(super) fn send_group_system_notification(
    state: &mut State,
    cx: &Ctx<'_>,
    req: SendGroupSystemNotificationRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    check_topic(g, req.topic_id.as_deref())?;
    let named = req.to_members_account.unwrap_or_default();
    if g.is_av() && !named.is_empty() {
        return Err(Fail::new(10004, "audio-video groups take system notifications for all members only"));
    }
    let recipients: Vec<String> = if named.is_empty() {
        g.members.keys().cloned().collect()
    } else {
        distinct(&named).into_iter().filter(|a| g.members.contains_key(*a)).cloned().collect()
    };
    let number = g.seq;
    let log = state.group_messages.log_mut(&req.group_id, number);
    let topic = req.topic_id.filter(|t| !t.is_empty());
    log.notifications.push(SystemNotification { time: cx.now, content: req.content, recipients, topic });
    ok()
}

/// Recalls the named messages, each with its own `RetCode`: 0 when recalled, 10030 when the group
/// (or topic) has no such stored message or it was recalled already (sandbox choice: a recalled
/// message no longer exists for the clients). Online-only messages were never stored: 10030.
pub(super) fn group_msg_recall(state: &mut State, _cx: &Ctx<'_>, req: GroupMsgRecallRequest) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    check_topic(g, req.topic_id.as_deref())?;
    let number = g.seq;
    let log = state.group_messages.log_mut(&req.group_id, number);
    let mut thread = log.thread_get_mut(req.topic_id.as_deref());
    let results: Vec<Value> = req
        .msg_seq_list
        .iter()
        .map(|item| {
            let found = seq_of(item.msg_seq)
                .and_then(|s| thread.as_mut()?.get_mut(&s))
                .filter(|m| m.in_history() && !m.recalled);
            let code = match found {
                Some(m) => {
                    m.recalled = true;
                    0
                }
                None => 10030,
            };
            json!({"MsgSeq": item.msg_seq, "RetCode": code})
        })
        .collect();
    Ok(json!({"RecallRetList": results}))
}

/// Imports historical messages in order. Audio-video groups are refused with 10007, as
/// documented; a sender who is no imported account fails the whole call with 10004 (sandbox
/// choice). Per message, `Result` 10004 when its time is not after the group's creation, is
/// before the latest message's time (the same second is allowed: sandbox choice), or lies in the
/// future; 80002 when its body is over 12,000 bytes; failed messages take no sequence number
/// (`MsgSeq` 0). As documented, every member's unread count becomes 0 afterwards.
/// `RecentContactFlag` touches no conversation list: the sandbox keeps group conversations apart.
/// With `TopicId` (Community groups only, 10004 otherwise) the messages go into that topic, which
/// numbers its own messages and leaves the group's counters alone.
pub(super) fn import_group_msg(state: &mut State, cx: &Ctx<'_>, req: ImportGroupMsgRequest) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    if g.is_av() {
        return Err(Fail::new(10007, "audio-video groups keep no history to import into"));
    }
    check_topic(g, req.topic_id.as_deref())?;
    for m in &req.msg_list {
        require_account(state, &m.from_account, 10004)?;
    }
    let topic = req.topic_id.as_deref().filter(|t| !t.is_empty());
    let (created, number) = (g.create_time, g.seq);
    let State { groups, group_messages, .. } = state;
    let log = group_messages.log_mut(&req.group_id, number);
    let g = find_group_mut(groups, &req.group_id)?;
    let thread_latest = log.thread(topic).and_then(|t| t.values().map(|m| m.time).max()).unwrap_or(0);
    let mut latest = if topic.is_some() { thread_latest } else { thread_latest.max(g.last_msg_time) };
    let mut results = Vec::new();
    for m in req.msg_list {
        let time = seq_of(m.send_time).unwrap_or(0);
        let result = if time <= created || time < latest || time > cx.now {
            10004
        } else if body_bytes(&m.msg_body) > MAX_BODY_BYTES {
            80002
        } else {
            0
        };
        if result != 0 {
            results.push(json!({"MsgSeq": 0, "MsgTime": m.send_time, "Result": result}));
            continue;
        }
        let seq = match topic {
            None => {
                let seq = g.next_msg_seq.max(1);
                g.next_msg_seq = seq + 1;
                g.last_msg_time = g.last_msg_time.max(time);
                seq
            }
            Some(t) => log.topics.entry(t.to_string()).or_default().take_seq(),
        };
        latest = time;
        let mut message = GroupMessage::new(seq, m.from_account, time, m.msg_body);
        message.random = m.random.unwrap_or(0);
        message.imported = true;
        log.thread_mut(topic).insert(seq, message);
        results.push(json!({"MsgSeq": seq, "MsgTime": time, "Result": 0}));
    }
    for member in g.members.values_mut() {
        member.unread_msg_num = 0;
    }
    Ok(json!({"ImportMsgResult": results}))
}

/// Silently recalls what `Sender_Account` sent among the group's latest
/// [`SENDER_SWEEP`] messages: the group's own, or with `TopicId` (Community groups only, 10004
/// otherwise) that topic's. Audio-video groups answer OK and change nothing, as documented; a
/// sender with no messages changes nothing either.
pub(super) fn delete_group_msg_by_sender(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: DeleteGroupMsgBySenderRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    if g.is_av() {
        return ok();
    }
    check_topic(g, req.topic_id.as_deref())?;
    let number = g.seq;
    let log = state.group_messages.log_mut(&req.group_id, number);
    let topic = req.topic_id.as_deref().filter(|t| !t.is_empty());
    let Some(thread) = log.thread_get_mut(topic) else { return ok() };
    for m in thread.values_mut().rev().take(SENDER_SWEEP) {
        if m.sender == req.sender_account {
            m.recalled = true;
        }
    }
    ok()
}

/// The stored messages at or below `ReqMsgSeq` (or the latest), newest first, at most 20.
/// Audio-video groups are refused with 10007 (the page says they have no history; it names no
/// code). `ReqMsgNumber` below 1 is refused with 10004 (sandbox choice). Recalled messages come as
/// placeholders (`IsPlaceMsg` 2) with `WithRecalledMsg` 1 and are left out otherwise (sandbox
/// reading of the field); online-only messages never show; cleared ones do, as documented.
/// `IsFinished` is 0 only when more than 20 were asked for and more than 20 were there.
pub(super) fn group_msg_get_simple(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GroupMsgGetSimpleRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    if g.is_av() {
        return Err(Fail::new(10007, "audio-video groups keep no message history"));
    }
    check_topic(g, req.topic_id.as_deref())?;
    super::topics::check_known(&state.topics, g, req.topic_id.as_deref())?; // topics made by the topic commands
    let Some(wanted) = usize::try_from(req.req_msg_number).ok().filter(|n| *n > 0) else {
        return Err(Fail::new(10004, "ReqMsgNumber must be at least 1"));
    };
    let upper = match req.req_msg_seq {
        Some(s) => seq_of(s),
        None => Some(u64::MAX),
    };
    let with_recalled = req.with_recalled_msg == Some(true);
    let thread = state.group_messages.log(&req.group_id, g.seq).and_then(|l| l.thread(req.topic_id.as_deref()));
    let available: Vec<&GroupMessage> = match (thread, upper) {
        (Some(thread), Some(upper)) => thread
            .range(..=upper)
            .rev()
            .map(|(_, m)| m)
            .filter(|m| m.in_history() && (with_recalled || !m.recalled))
            .collect(),
        _ => Vec::new(),
    };
    let take = wanted.min(HISTORY_PAGE);
    let finished = if wanted > HISTORY_PAGE && available.len() > HISTORY_PAGE { 0 } else { 1 };
    let list: Vec<Value> = available.into_iter().take(take).map(history_entry).collect();
    Ok(json!({"GroupId": req.group_id, "IsFinished": finished, "RspMsgList": list}))
}

/// Delivers a message to every audio-video group and records it with an app-wide sequence
/// number. `From_Account` must be an imported account (10004, sandbox choice); `Random` missing
/// from the raw request is refused with 10004. A repeat of the same sender, `Random` and `MsgBody`
/// within five minutes answers the first reply again. The console switch the page mentions is
/// taken to be on; the edition is checked from the spec (10007 below Pro).
pub(super) fn send_broadcast_msg(state: &mut State, cx: &Ctx<'_>, req: SendBroadcastMsgRequest) -> Result<Value, Fail> {
    let sender = cx.sender(req.from_account.as_deref());
    require_account(state, &sender, 10004)?;
    let Some(random) = req.random else {
        return Err(Fail::new(10004, "Random is required"));
    };
    if req.msg_body.is_empty() {
        return Err(Fail::new(10004, "MsgBody holds no element"));
    }
    let broadcasts = &mut state.group_messages;
    let key = DedupKey::new("send_broadcast_msg", &sender, "", random).with_content(&req.msg_body);
    if let Some(reply) = broadcasts.recent_broadcasts.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let seq = broadcasts.broadcasts.len() as u64 + 1;
    let av_groups: Vec<String> = state.groups.values().filter(|g| g.is_av()).map(|g| g.id.clone()).collect();
    broadcasts.broadcasts.push(Broadcast {
        seq,
        time: cx.now,
        sender,
        body: req.msg_body,
        cloud_custom_data: req.cloud_custom_data,
        groups: av_groups,
    });
    let reply = json!({"MsgSeq": seq});
    broadcasts.recent_broadcasts.remember(key, cx.now, reply.clone());
    Ok(reply)
}

/// Marks the group's own messages at or below `MsgSeq` (all without it) as cleared; the admin's
/// history still returns them. Community groups are refused with 10007 (the page excludes them
/// without a code: sandbox choice); a negative `MsgSeq` clears nothing.
pub(super) fn clear_group_msg(state: &mut State, _cx: &Ctx<'_>, req: ClearGroupMsgRequest) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    if g.group_type == "Community" {
        return Err(Fail::new(10007, "Community groups do not support clearing their history"));
    }
    let upper = match req.msg_seq {
        Some(s) => seq_of(s),
        None => Some(u64::MAX),
    };
    let number = g.seq;
    let log = state.group_messages.log_mut(&req.group_id, number);
    if let Some(upper) = upper {
        for m in log.messages.range_mut(..=upper).map(|(_, m)| m) {
            m.cleared = true;
        }
    }
    ok()
}

/// The group's type must take read receipts (10007 otherwise, sandbox choice of code).
fn receipt_group<'s>(groups: &'s BTreeMap<String, Group>, id: &str) -> Result<&'s Group, Fail> {
    let g = find_group(groups, id)?;
    if !RECEIPT_TYPES.contains(&g.group_type.as_str()) {
        return Err(Fail::new(10007, format!("{} groups do not support read receipts", g.group_type)));
    }
    Ok(g)
}

/// Records `From_Account`'s read receipts. The reader must be a member (10007, sandbox choice).
/// Messages that do not exist, were recalled, asked for no receipts, or were sent by the reader
/// are passed over (sandbox choice: the page is not available); a receipt given twice counts
/// once.
pub(super) fn group_msg_receipt(state: &mut State, _cx: &Ctx<'_>, req: GroupMsgReceiptRequest) -> Result<Value, Fail> {
    let g = receipt_group(&state.groups, &req.group_id)?;
    require_member(g, &req.from_account, 10007)?;
    let number = g.seq;
    let log = state.group_messages.log_mut(&req.group_id, number);
    for item in &req.msg_seq_list {
        let Some(m) = seq_of(item.msg_seq).and_then(|s| log.messages.get_mut(&s)) else { continue };
        if m.need_receipt && !m.recalled && m.sender != req.from_account {
            m.read_by.insert(req.from_account.clone());
        }
    }
    ok()
}

/// The read and unread counts of the named messages. A message that does not exist, was
/// recalled or asked for no receipts gets `Code` 10062 without counts. The unread count is the
/// message's audience (the members other than the sender when it was sent, or its targets) less
/// those who have read it.
pub(super) fn get_group_msg_receipt(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetGroupMsgReceiptRequest,
) -> Result<Value, Fail> {
    let g = receipt_group(&state.groups, &req.group_id)?;
    let log = state.group_messages.log(&req.group_id, g.seq);
    let list: Vec<Value> = req
        .msg_seq_list
        .iter()
        .map(|item| {
            let found = seq_of(item.msg_seq)
                .and_then(|s| log.and_then(|l| l.messages.get(&s)))
                .filter(|m| m.need_receipt && !m.recalled);
            match found {
                Some(m) => {
                    let read = m.audience.intersection(&m.read_by).count();
                    json!({"Code": 0, "MsgSeq": item.msg_seq, "ReadNum": read, "UnreadNum": m.audience.len() - read})
                }
                None => json!({"Code": NO_RECEIPT, "MsgSeq": item.msg_seq}),
            }
        })
        .collect();
    Ok(json!({"GroupMsgReceiptList": list}))
}

/// One page of the members who have (`Filter` 0) or have not (1) read a message, in user-ID
/// order. The sandbox's `Cursor` is the number of members already listed, as decimal text (empty
/// for the first page); any other text is refused with 10004, as are a `Count` below 1, an
/// unknown `Filter`, and a message that does not exist, was recalled or asked for no receipts
/// (sandbox choices: the page names no codes). A `Count` above the pages' 200 is refused before
/// this runs, as the spec's limit.
pub(super) fn get_group_msg_receipt_detail(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetGroupMsgReceiptDetailRequest,
) -> Result<Value, Fail> {
    let g = receipt_group(&state.groups, &req.group_id)?;
    let message = seq_of(req.msg_seq)
        .and_then(|s| state.group_messages.log(&req.group_id, g.seq)?.messages.get(&s))
        .filter(|m| m.need_receipt && !m.recalled)
        .ok_or_else(|| Fail::new(10004, format!("message {} has no read receipts", req.msg_seq)))?;
    let read = matches!(req.filter, ReceiptFilter::Read);
    if matches!(req.filter, ReceiptFilter::Unknown(_)) {
        return Err(Fail::new(10004, "Filter must be 0 (read) or 1 (unread)"));
    }
    let Some(count) = usize::try_from(req.count).ok().filter(|c| *c > 0) else {
        return Err(Fail::new(10004, "Count must be at least 1"));
    };
    let start = if req.cursor.is_empty() {
        0
    } else {
        req.cursor.parse::<usize>().map_err(|_| Fail::new(10004, format!("`{}` is not a cursor", req.cursor)))?
    };
    let members: Vec<&String> = if read {
        message.audience.intersection(&message.read_by).collect()
    } else {
        message.audience.difference(&message.read_by).collect()
    };
    let (shown, next) = page(&members, start, count);
    let cursor = start.saturating_add(shown.len());
    let finished = if next.is_some() { 0 } else { 1 };
    let (key, item) = if read { ("ReadList", "Read_Account") } else { ("UnreadList", "Unread_Account") };
    let list: Vec<Value> = shown.iter().map(|a| json!({ item: a })).collect();
    // The sample replies name the flag `IsFinish` (the field table `IsFinished`); the sandbox
    // answers as the samples do.
    Ok(json!({"IsFinish": finished, "MsgSeq": req.msg_seq, "Cursor": cursor.to_string(), key: list}))
}

/// Replaces the body and/or the custom data of a stored message. The page lists only the
/// one-to-one message codes, so every refusal of the state uses its 20001 ("invalid request"):
/// a group that does not exist or an invalid ID, an audio-video group, a `TopicId` outside a
/// Community group, a message that is not stored (or was recalled), and a request that changes
/// nothing. An empty `MsgBody` list answers 90002 (not a valid message body).
pub(super) fn modify_group_msg(state: &mut State, _cx: &Ctx<'_>, req: ModifyGroupMsgRequest) -> Result<Value, Fail> {
    let invalid = |what: String| Fail::new(20001, what);
    let g = find_group(&state.groups, &req.group_id).map_err(|f| invalid(f.info))?;
    if g.is_av() {
        return Err(invalid("messages of audio-video groups cannot be modified".into()));
    }
    check_topic(g, req.topic_id.as_deref()).map_err(|f| invalid(f.info))?;
    if req.msg_body.is_none() && req.cloud_custom_data.is_none() {
        return Err(invalid("give MsgBody, CloudCustomData or both".into()));
    }
    if req.msg_body.as_ref().is_some_and(Vec::is_empty) {
        return Err(Fail::new(90002, "MsgBody holds no element"));
    }
    let number = g.seq;
    let log = state.group_messages.log_mut(&req.group_id, number);
    let thread = log.thread_get_mut(req.topic_id.as_deref());
    let Some(m) = seq_of(req.msg_seq).and_then(|s| thread?.get_mut(&s)).filter(|m| m.in_history() && !m.recalled)
    else {
        return Err(invalid(format!("group {} has no stored message {}", req.group_id, req.msg_seq)));
    };
    if let Some(body) = req.msg_body {
        m.body = body;
    }
    if let Some(data) = req.cloud_custom_data {
        m.cloud_custom_data = Some(data);
    }
    m.modified = true;
    ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Member;

    #[test]
    fn history_entries_hide_what_recalled_messages_said() {
        let mut m = GroupMessage::new(3, "bob", 10, vec![MsgElement::Text(chat_api::TextElem::new("hi"))]);
        m.cloud_custom_data = Some("data".into());
        let shown = history_entry(&m);
        assert_eq!((shown["IsPlaceMsg"].as_i64(), shown.get("CloudCustomData")), (Some(0), None));
        assert_eq!(shown["MsgBody"][0]["MsgContent"]["Text"], "hi");
        m.recalled = true;
        let hidden = history_entry(&m);
        assert_eq!(hidden["IsPlaceMsg"], 2);
        assert_eq!(hidden["MsgBody"], json!([]));
        assert!(hidden.get("CloudCustomData").is_none());
    }

    #[test]
    fn mute_checks_cover_global_group_and_all_member_mutes() {
        let mut g = Group { id: "g".into(), group_type: "Public".into(), ..Group::default() };
        g.members.insert("owner".into(), Member::new("Owner", 0));
        g.members.insert("bob".into(), Member::new("Member", 0));
        let (sessions, extras) = (Sessions::default(), GroupExtras::default());
        assert!(!muted(&sessions, &extras, &g, "bob", None, 100));
        g.mute_all = true;
        assert!(muted(&sessions, &extras, &g, "bob", None, 100));
        assert!(!muted(&sessions, &extras, &g, "owner", None, 100), "the owner is not held by the all-members mute");
        g.mute_all = false;
        let mut sessions = Sessions::default();
        sessions.mutes.insert("bob".into(), GlobalMute { group: Some(MuteEnd::At(150)), ..GlobalMute::default() });
        assert!(muted(&sessions, &extras, &g, "bob", None, 100));
        assert!(!muted(&sessions, &extras, &g, "bob", None, 150), "a mute ends at its time");
    }
}
