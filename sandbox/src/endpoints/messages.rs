//! One-to-one messages: `v4/openim/*` (send, import, history, recall, read marks...).
//!
//! What the sandbox decides where the pages leave it open:
//! - Sending does not look at friendships, blocklists or global mutes: the sendmsg and
//!   batchsendmsg pages say the admin's messages go through regardless.
//! - A repeat of a send (same command, sender, target, `MsgSeq`, `MsgRandom` and `MsgBody` within
//!   the command's window, 120 seconds) is answered with the first call's reply and stored once;
//!   for a batch the target is the whole receiver list. Imports are de-duplicated as their page
//!   says (the conversation, `MsgSeq`, `MsgRandom` and `MsgTimeStamp`), without a time window.
//! - A left-out `MsgSeq` is drawn from a counter, so keys are predictable in tests. As at the
//!   service, a drawn `MsgSeq` is new for every attempt: a send or import repeated without one is
//!   not recognised as a repeat.
//! - `MsgLifeTime` 0 stores nothing (online delivery only), but the call still answers a key.
//! - A message body with more than one custom element is refused with 90010.
//! - A left-out `MsgRandom` (the client always fills it) is refused with 90005, as the service
//!   requires the field.
//! - History pages hold at most `MaxCnt` messages (at least 1); the sandbox has no 13 KB cap.
//!   Recalled messages keep their body in history, flagged with `MsgFlagBits` 8.

use super::{Route, distinct, msg_random, require_account, route, with_list};
use crate::emulator::{Ctx, Fail};
use crate::state::{Contact, DedupKey, State, StoredMessage, c2c_key, c2c_pair, parse_c2c_key};
use chat_api::openim::{
    AdminGetRoamMsgRequest, AdminMsgWithdrawRequest, AdminSetMsgReadRequest, BatchSendMsgRequest,
    C2cMsgReadReceiptRequest, DeleteC2cMsgRambleRequest, GetC2cUnreadMsgNumRequest, ImportMode, ImportMsgRequest,
    ModifyC2cMsgRequest, SendMsgRequest,
};
use chat_api::{MsgElement, SendMsgControl, SyncOtherMachine};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(send_msg),
        route(batch_send_msg),
        route(import_msg),
        route(admin_get_roam_msg),
        route(admin_msg_withdraw),
        route(admin_set_msg_read),
        route(get_c2c_unread_msg_num),
        route(modify_c2c_msg),
        route(delete_c2c_msg_ramble),
        route(c2c_msg_read_receipt),
    ]
}

/// A body the service would refuse: more than one custom element (90010).
fn check_body(body: &[MsgElement]) -> Result<(), Fail> {
    let custom = body.iter().filter(|e| matches!(e, MsgElement::Custom(_))).count();
    if custom > 1 {
        return Err(Fail::new(90010, "a message may hold at most one TIMCustomElem"));
    }
    Ok(())
}

/// The settings a send request and a batch share.
struct Send<'a> {
    from: &'a str,
    seq: i64,
    random: i64,
    time: i64,
    body: &'a [MsgElement],
    cloud_custom_data: Option<&'a String>,
    life_time: Option<i64>,
    controls: &'a [SendMsgControl],
    sync: Option<&'a SyncOtherMachine>,
    supports_extension: bool,
    need_read_receipt: bool,
}

/// A `Send` from a request type with the send fields (`sendmsg` and `batchsendmsg` share them but
/// are different generated types; only `sendmsg` takes `SupportMessageExtension`).
macro_rules! send_of {
    ($req:expr, $from:expr, $seq:expr, $random:expr, $time:expr, $extension:expr) => {
        Send {
            from: $from,
            seq: $seq,
            random: $random,
            time: $time,
            body: &$req.msg_body,
            cloud_custom_data: $req.cloud_custom_data.as_ref(),
            life_time: $req.msg_life_time,
            controls: $req.send_msg_control.as_deref().unwrap_or_default(),
            sync: $req.sync_other_machine.as_ref(),
            supports_extension: $extension,
            need_read_receipt: $req.is_need_read_receipt == Some(true),
        }
    };
}

/// Stores one copy of `send` for `to` and updates both conversation lists.
fn deliver(state: &mut State, send: &Send<'_>, to: &str) {
    let no_sync = matches!(send.sync, Some(SyncOtherMachine::NoSync));
    if send.life_time != Some(0) {
        let mut m = StoredMessage::new(send.from, to, send.seq, send.random, send.time, send.body.to_vec());
        m.cloud_custom_data = send.cloud_custom_data.cloned();
        m.counts_unread = !send.controls.contains(&SendMsgControl::NoUnread);
        m.supports_extension = send.supports_extension;
        m.need_read_receipt = send.need_read_receipt;
        if no_sync && send.from != to {
            m.hidden_for.insert(send.from.to_string());
        }
        state.messages.store(m);
    }
    if !send.controls.contains(&SendMsgControl::NoLastMsg) {
        let at = u64::try_from(send.time).unwrap_or(0);
        state.conversations.touch(to, Contact::User(send.from.to_string()), at);
        if !no_sync {
            state.conversations.touch(send.from, Contact::User(to.to_string()), at);
        }
    }
}

/// sendmsg: 90008 for an unknown sender, 90012 for an unknown receiver, 90005 without
/// `MsgRandom`, 90010 for a body with two custom elements. Friendships, blocklists and mutes are
/// not checked (the page says so).
fn send_msg(state: &mut State, cx: &Ctx<'_>, req: SendMsgRequest) -> Result<Value, Fail> {
    let from = cx.sender(req.from_account.as_deref());
    require_account(state, &from, 90008)?;
    require_account(state, &req.to_account, 90012)?;
    let random = msg_random(req.msg_random)?;
    check_body(&req.msg_body)?;
    let seq = req.msg_seq.unwrap_or_else(|| state.messages.draw_seq());
    let key = DedupKey::new("sendmsg", &from, &req.to_account, random).with_seq(seq).with_content(&req.msg_body);
    if let Some(reply) = state.messages.recent.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let time = cx.signed_now();
    let send = send_of!(req, &from, seq, random, time, req.support_message_extension == Some(true));
    deliver(state, &send, &req.to_account);
    let reply = json!({"MsgTime": time, "MsgKey": c2c_key(seq, random, time)});
    state.messages.recent.remember(key, cx.now, reply.clone());
    Ok(reply)
}

/// batchsendmsg: the call fails for an unknown sender (90008), a missing `MsgRandom` (90005), a
/// bad body (90010) or when no receiver was ever imported (90012). Otherwise receivers that were
/// never imported are listed in `ErrorList` with 70107 (and `ActionStatus` is `SomeError`, the
/// code 0) and the others get the message, all under one key. A receiver named twice gets it once.
fn batch_send_msg(state: &mut State, cx: &Ctx<'_>, req: BatchSendMsgRequest) -> Result<Value, Fail> {
    let from = cx.sender(req.from_account.as_deref());
    require_account(state, &from, 90008)?;
    let random = msg_random(req.msg_random)?;
    check_body(&req.msg_body)?;
    let seq = req.msg_seq.unwrap_or_else(|| state.messages.draw_seq());
    let key = DedupKey::new("batchsendmsg", &from, req.to_account.join(","), random)
        .with_seq(seq)
        .with_content(&req.msg_body);
    if let Some(reply) = state.messages.recent.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let time = cx.signed_now();
    let send = send_of!(req, &from, seq, random, time, false);
    let receivers = distinct(&req.to_account);
    // Sent to nobody, the call fails, as the page's third reply sample does.
    if !receivers.iter().any(|to| state.accounts.contains_key(to.as_str())) {
        return Err(Fail::new(90012, "invalid To_Account: no receiver has been imported"));
    }
    let mut failed = Vec::new();
    for to in receivers {
        if state.accounts.contains_key(to) {
            deliver(state, &send, to);
        } else {
            failed.push(json!({"To_Account": to, "ErrorCode": 70107}));
        }
    }
    // A partial failure says so in the envelope, with code 0, as the page's sample does.
    let mut reply = json!({"MsgKey": c2c_key(seq, random, time)});
    if !failed.is_empty() {
        reply["ActionStatus"] = json!("SomeError");
    }
    let reply = with_list(reply, "ErrorList", failed);
    state.messages.recent.remember(key, cx.now, reply.clone());
    Ok(reply)
}

/// importmsg: 90008 / 90012 for unknown accounts, 90030 for an unknown `SyncFromOldSystem`,
/// 90005 without `MsgRandom`. A repeat (see the module notes) answers OK and keeps the first
/// import. Imported as read history (2), the message does not count as unread.
fn import_msg(state: &mut State, _cx: &Ctx<'_>, req: ImportMsgRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, 90008)?;
    require_account(state, &req.to_account, 90012)?;
    let unread = match req.sync_from_old_system {
        ImportMode::Unread => true,
        ImportMode::Read => false,
        _ => return Err(Fail::new(90030, "SyncFromOldSystem must be 2 or 5")),
    };
    let random = msg_random(req.msg_random)?;
    check_body(&req.msg_body)?;
    let time = req.msg_time_stamp;
    let seq = req.msg_seq.unwrap_or_else(|| state.messages.draw_seq());
    // The conversation holds both directions, so a swapped sender and receiver match too.
    let repeat = state
        .messages
        .conversation(&req.from_account, &req.to_account)
        .is_some_and(|c| c.messages.iter().any(|m| m.random == random && m.time == time && m.seq == seq));
    if repeat {
        return Ok(json!({}));
    }
    let mut m = StoredMessage::new(&req.from_account, &req.to_account, seq, random, time, req.msg_body.clone());
    m.cloud_custom_data = req.cloud_custom_data.clone();
    m.counts_unread = unread;
    state.messages.store(m);
    let at = u64::try_from(time).unwrap_or(0);
    state.conversations.touch(&req.to_account, Contact::User(req.from_account.clone()), at);
    state.conversations.touch(&req.from_account, Contact::User(req.to_account.clone()), at);
    Ok(json!({}))
}

fn roam_json(m: &StoredMessage) -> Value {
    let mut v = json!({
        "From_Account": m.from,
        "To_Account": m.to,
        "MsgSeq": m.seq,
        "MsgRandom": m.random,
        "MsgTimeStamp": m.time,
        "MsgFlagBits": if m.recalled { 8 } else { 0 },
        "IsPeerRead": i64::from(m.peer_read),
        "MsgKey": m.key,
        "MsgBody": m.body,
    });
    if let Some(data) = &m.cloud_custom_data {
        v["CloudCustomData"] = json!(data);
    }
    v
}

/// admin_getroammsg: 90008 / 90003 for unknown accounts. The operator's view of the conversation
/// between `MinTime` and `MaxTime` (inclusive), newest page first, each page oldest first. With
/// `LastMsgKey` the page starts below that message (a key the range does not hold is ignored).
/// `MaxCnt` below 1 counts as 1. An empty page has no `LastMsgTime`/`LastMsgKey`.
fn admin_get_roam_msg(state: &mut State, _cx: &Ctx<'_>, req: AdminGetRoamMsgRequest) -> Result<Value, Fail> {
    require_account(state, &req.operator_account, 90008)?;
    require_account(state, &req.peer_account, 90003)?;
    let op = req.operator_account.as_str();
    let mut list: Vec<&StoredMessage> = state
        .messages
        .conversation(op, &req.peer_account)
        .map(|c| {
            c.messages.iter().filter(|m| m.visible_to(op) && m.time >= req.min_time && m.time <= req.max_time).collect()
        })
        .unwrap_or_default();
    list.sort_by_key(|m| (m.time, m.seq));
    if let Some(pos) = req.last_msg_key.as_deref().and_then(|k| list.iter().position(|m| m.key == k)) {
        list.truncate(pos);
    }
    let max = usize::try_from(req.max_cnt.max(1)).unwrap_or(usize::MAX);
    let start = list.len().saturating_sub(max);
    let page = &list[start..];
    let mut reply = json!({
        "Complete": i64::from(start == 0),
        "MsgCnt": page.len(),
        "MsgList": page.iter().map(|m| roam_json(m)).collect::<Vec<_>>(),
    });
    if let Some(oldest) = page.first() {
        reply["LastMsgTime"] = json!(oldest.time);
        reply["LastMsgKey"] = json!(oldest.key);
    }
    Ok(reply)
}

/// The message `key` of `from` to `to`: 90054 for a key that is not one, 20022 when there is no
/// such message from `from`, 20023 when it was recalled.
fn sent_message<'s>(state: &'s mut State, from: &str, to: &str, key: &str) -> Result<&'s mut StoredMessage, Fail> {
    if parse_c2c_key(key).is_none() {
        return Err(Fail::new(90054, format!("`{key}` is not a message key")));
    }
    let m = state
        .messages
        .find_mut(from, to, key)
        .filter(|m| m.from == from)
        .ok_or_else(|| Fail::new(20022, format!("no message `{key}` from `{from}` to `{to}`")))?;
    if m.recalled {
        return Err(Fail::new(20023, format!("message `{key}` was already recalled")));
    }
    Ok(m)
}

/// admin_msgwithdraw: 90008 / 90003 for unknown accounts, then see [`sent_message`]. No time
/// limit (the page's rule for the admin).
fn admin_msg_withdraw(state: &mut State, _cx: &Ctx<'_>, req: AdminMsgWithdrawRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, 90008)?;
    require_account(state, &req.to_account, 90003)?;
    sent_message(state, &req.from_account, &req.to_account, &req.msg_key)?.recalled = true;
    Ok(json!({}))
}

/// admin_set_msg_read: 90008 for an unknown `Report_Account`, 90003 for an unknown
/// `Peer_Account`. Marks what the reporter received from the peer up to `MsgReadTime` (default
/// now) as read; a mark never moves back.
fn admin_set_msg_read(state: &mut State, cx: &Ctx<'_>, req: AdminSetMsgReadRequest) -> Result<Value, Fail> {
    require_account(state, &req.report_account, 90008)?;
    require_account(state, &req.peer_account, 90003)?;
    let time = req.msg_read_time.unwrap_or_else(|| cx.signed_now());
    state.messages.mark_read(&req.report_account, &req.peer_account, time);
    Ok(json!({}))
}

/// get_c2c_unread_msg_num: 90003 for an unknown `To_Account`; unknown peers are listed in
/// `ErrorList` with 70107. Without peers the reply is the total only, with peers the list only
/// (as the page's samples show).
fn get_c2c_unread_msg_num(state: &mut State, _cx: &Ctx<'_>, req: GetC2cUnreadMsgNumRequest) -> Result<Value, Fail> {
    require_account(state, &req.to_account, 90003)?;
    let Some(peers) = &req.peer_account else {
        return Ok(json!({"AllC2CUnreadMsgNum": state.messages.unread_total(&req.to_account)}));
    };
    let mut counts = Vec::new();
    let mut errors = Vec::new();
    for peer in peers {
        if state.accounts.contains_key(peer) {
            counts.push(json!({"Peer_Account": peer, "C2CUnreadMsgNum": state.messages.unread(&req.to_account, peer)}));
        } else {
            errors.push(json!({"Peer_Account": peer, "ErrorCode": 70107}));
        }
    }
    Ok(with_list(json!({"C2CUnreadMsgNumList": counts}), "ErrorList", errors))
}

/// modify_c2c_msg: 90008 / 90003 for unknown accounts, then see [`sent_message`]; 90010 for a
/// body with two custom elements. Fields left out are kept.
fn modify_c2c_msg(state: &mut State, _cx: &Ctx<'_>, req: ModifyC2cMsgRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, 90008)?;
    require_account(state, &req.to_account, 90003)?;
    if let Some(body) = &req.msg_body {
        check_body(body)?;
    }
    let m = sent_message(state, &req.from_account, &req.to_account, &req.msg_key)?;
    if let Some(body) = req.msg_body {
        m.body = body;
        m.modified = true;
    }
    if let Some(data) = req.cloud_custom_data {
        m.cloud_custom_data = Some(data);
        m.modified = true;
    }
    Ok(json!({}))
}

/// delete_c2c_msg_ramble: 90008 / 90003 for unknown accounts, 90054 when a key is not a message
/// key (nothing is deleted then). The messages leave the operator's history only; keys the
/// conversation does not hold are ignored.
fn delete_c2c_msg_ramble(state: &mut State, _cx: &Ctx<'_>, req: DeleteC2cMsgRambleRequest) -> Result<Value, Fail> {
    require_account(state, &req.operator_account, 90008)?;
    require_account(state, &req.peer_account, 90003)?;
    if let Some(bad) = req.msg_key_list.iter().find(|k| parse_c2c_key(k).is_none()) {
        return Err(Fail::new(90054, format!("`{bad}` is not a message key")));
    }
    let op = req.operator_account.clone();
    if let Some(c) = state.messages.conversations.get_mut(&c2c_pair(&op, &req.peer_account)) {
        for m in c.messages.iter_mut().filter(|m| req.msg_key_list.contains(&m.key)) {
            m.hidden_for.insert(op.clone());
        }
    }
    Ok(json!({}))
}

/// c2c_msg_read_receipt: 90008 / 90003 for unknown accounts, 20001 for an entry whose accounts do
/// not match (`From_Account` must be the peer, `To_Account` the operator); nothing is marked then.
/// Keys of messages the conversation does not hold are ignored.
fn c2c_msg_read_receipt(state: &mut State, _cx: &Ctx<'_>, req: C2cMsgReadReceiptRequest) -> Result<Value, Fail> {
    require_account(state, &req.operator_account, 90008)?;
    require_account(state, &req.peer_account, 90003)?;
    if let Some(bad) =
        req.c2c_msg_info.iter().find(|i| i.from_account != req.peer_account || i.to_account != req.operator_account)
    {
        return Err(Fail::new(
            20001,
            format!(
                "receipt for `{}` names {} -> {}; it must be {} -> {}",
                bad.msg_key, bad.from_account, bad.to_account, req.peer_account, req.operator_account
            ),
        ));
    }
    for info in &req.c2c_msg_info {
        if let Some(m) = state
            .messages
            .find_mut(&req.peer_account, &req.operator_account, &info.msg_key)
            .filter(|m| m.from == req.peer_account)
        {
            m.peer_read = true;
        }
    }
    Ok(json!({}))
}
