//! Message extensions: `v4/openim_msg_ext_http_svc/*`.
//!
//! What the sandbox decides where the pages leave it open:
//! - Versions are checked for the pairs that carry a `Seq` (0 for a key believed new), whoever
//!   the change is made for; a pair without `Seq` is written whatever its version. A stale pair
//!   is reported in `ExtensionList` with 23001 and the stored pair, and the call still succeeds
//!   for the others.
//! - The message is looked up in the message stores: a one-to-one message by `MsgKey` in the
//!   conversation of `From_Account` and `To_Account` (any conversation of `To_Account` when
//!   `From_Account` is left out), a group message by its sequence number. A message that is not
//!   there (never sent, recalled, sent for online members only, or in a group that does not
//!   exist) answers 23004; one sent without `SupportMessageExtension`, or in an audio-video or
//!   Community group, 23002 (the pages' codes).
//! - The accounts of a one-to-one call must be imported (70107 otherwise); a group ID that cannot
//!   be one answers 10004.
//! - `ExtensionList` missing or empty for a set or delete, an unknown `OperateType`, or a set that
//!   would leave a message with more than 300 pairs answer 10004 (the pages' code for a bad
//!   parameter); nothing is changed then. The pages' 200 changes a minute per message (23003)
//!   are not counted.

use super::{Route, check_group_id, require_account, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Change, Extension, PairOutcome, State};
use chat_api::message_ext::{
    ExtensionKeyValue, ExtensionOperation, GetKeyValuesRequest, GroupGetKeyValuesRequest, GroupSetKeyValuesRequest,
    SetKeyValuesRequest,
};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(get_key_values), route(set_key_values), route(group_get_key_values), route(group_set_key_values)]
}

/// The pages' code for a bad parameter.
const INVALID: i64 = 10004;
/// The pages' code for a message that does not exist.
const NOT_FOUND: i64 = 23004;
/// The pages' code for a message that cannot carry extensions.
const NOT_SUPPORTED: i64 = 23002;
/// Group types whose messages can carry extensions.
const EXTENSION_GROUP_TYPES: [&str; 3] = ["Private", "Public", "ChatRoom"];

/// The conversation (its two accounts) of one-to-one message `key`, once the accounts and the
/// message are checked.
fn c2c_message(state: &State, from: Option<&str>, to: &str, key: &str) -> Result<(String, String), Fail> {
    if let Some(from) = from {
        require_account(state, from, 70107)?;
    }
    require_account(state, to, 70107)?;
    let found = match from {
        Some(from) => state.messages.find(from, to, key),
        None => state.messages.by_key(key).filter(|m| m.to == to || m.from == to),
    };
    let Some(message) = found.filter(|m| !m.recalled) else {
        return Err(Fail::new(NOT_FOUND, format!("no one-to-one message `{key}` with `{to}`")));
    };
    if !message.supports_extension {
        return Err(Fail::new(NOT_SUPPORTED, format!("message `{key}` was sent without SupportMessageExtension")));
    }
    Ok((message.from.clone(), message.to.clone()))
}

/// The creation number of group `id` once the group and its message `seq` are checked.
fn group_message(state: &State, id: &str, seq: i64) -> Result<(u64, u64), Fail> {
    check_group_id(id).map_err(|f| Fail::new(INVALID, f.info))?;
    let Some(group) = state.groups.get(id) else {
        return Err(Fail::new(NOT_FOUND, format!("group {id} does not exist, nor its message {seq}")));
    };
    if !EXTENSION_GROUP_TYPES.contains(&group.group_type.as_str()) {
        return Err(Fail::new(NOT_SUPPORTED, format!("{} groups have no message extensions", group.group_type)));
    }
    let seq =
        u64::try_from(seq).ok().filter(|s| *s >= 1).ok_or_else(|| Fail::new(INVALID, "MsgSeq must be 1 or more"))?;
    let message = state.group_messages.log(id, group.seq).and_then(|l| l.messages.get(&seq));
    let Some(message) = message.filter(|m| !m.recalled && m.in_history()) else {
        return Err(Fail::new(NOT_FOUND, format!("group {id} has no message {seq}")));
    };
    if !message.supports_extension {
        return Err(Fail::new(NOT_SUPPORTED, format!("message {seq} was sent without SupportMessageExtension")));
    }
    Ok((group.seq, seq))
}

fn start_of(start: Option<i64>) -> u64 {
    start.and_then(|s| u64::try_from(s).ok()).unwrap_or(0)
}

/// The reply of a read.
fn read_reply(ext: Option<&Extension>, start: u64) -> Value {
    let Some(ext) = ext else {
        return json!({"CompleteFlag": 1, "LatestSeq": 0, "ClearSeq": 0, "ExtensionList": []});
    };
    let (page, complete) = ext.read(start);
    let list: Vec<Value> = page.into_iter().map(|(k, p)| json!({"Key": k, "Value": p.value, "Seq": p.seq})).collect();
    json!({
        "CompleteFlag": i64::from(complete),
        "LatestSeq": ext.latest_seq,
        "ClearSeq": ext.clear_seq,
        "ExtensionList": list,
    })
}

/// The pairs of a change request, refused with 10004 (or 23001 per pair later) as the module
/// doc says.
fn changes(list: Option<&[ExtensionKeyValue]>, op: &ExtensionOperation) -> Result<Vec<Change>, Fail> {
    match op {
        ExtensionOperation::Set | ExtensionOperation::Delete => {}
        ExtensionOperation::Clear => return Ok(Vec::new()),
        other => return Err(Fail::new(INVALID, format!("unknown OperateType {}", other.as_i64()))),
    }
    let list =
        list.filter(|l| !l.is_empty()).ok_or_else(|| Fail::new(INVALID, "ExtensionList is needed to set or delete"))?;
    list.iter()
        .map(|kv| {
            // Versions start at 0, so a negative `Seq` is stale for every pair (23001).
            let seq = kv.seq.map(|s| u64::try_from(s).unwrap_or(u64::MAX));
            if kv.key.is_empty() {
                return Err(Fail::new(INVALID, "an extension key is empty"));
            }
            Ok(Change { key: kv.key.clone(), value: kv.value.clone(), seq })
        })
        .collect()
}

/// Applies a change to `ext` and builds the reply.
fn apply(ext: &mut Extension, op: &ExtensionOperation, changes: &[Change]) -> Result<Value, Fail> {
    let outcomes: Vec<PairOutcome> = match op {
        ExtensionOperation::Set => ext.set(changes).map_err(|e| {
            Fail::new(INVALID, format!("the message would hold {} extension pairs; 300 at most", e.would_hold))
        })?,
        ExtensionOperation::Delete => ext.delete(changes),
        _ => {
            ext.clear();
            Vec::new()
        }
    };
    let results: Vec<Value> = outcomes
        .into_iter()
        .map(|o| json!({"ErrorCode": o.code, "Extension": {"Key": o.key, "Value": o.value, "Seq": o.seq}}))
        .collect();
    Ok(json!({"ExtensionList": results}))
}

/// Reads a one-to-one message's pairs from `StartSeq` on (all when left out), 200 at most. A
/// message never extended reads as empty, version 0.
pub(super) fn get_key_values(state: &mut State, _cx: &Ctx<'_>, req: GetKeyValuesRequest) -> Result<Value, Fail> {
    let (a, b) = c2c_message(state, req.from_account.as_deref(), &req.to_account, &req.msg_key)?;
    Ok(read_reply(state.message_ext.one_to_one(&a, &b, &req.msg_key), start_of(req.start_seq)))
}

/// Sets, deletes or clears a one-to-one message's pairs (see the module doc for versions).
pub(super) fn set_key_values(state: &mut State, _cx: &Ctx<'_>, req: SetKeyValuesRequest) -> Result<Value, Fail> {
    let (a, b) = c2c_message(state, req.from_account.as_deref(), &req.to_account, &req.msg_key)?;
    let changes = changes(req.extension_list.as_deref(), &req.operation)?;
    apply(state.message_ext.one_to_one_mut(&a, &b, &req.msg_key), &req.operation, &changes)
}

/// Reads a group message's pairs from `StartSeq` on (all when left out), 200 at most.
pub(super) fn group_get_key_values(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GroupGetKeyValuesRequest,
) -> Result<Value, Fail> {
    let (group_seq, seq) = group_message(state, &req.group_id, req.msg_seq)?;
    Ok(read_reply(state.message_ext.group(&req.group_id, group_seq, seq), start_of(req.start_seq)))
}

/// Sets, deletes or clears a group message's pairs (see the module doc for versions).
pub(super) fn group_set_key_values(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GroupSetKeyValuesRequest,
) -> Result<Value, Fail> {
    let (group_seq, seq) = group_message(state, &req.group_id, req.msg_seq)?;
    let changes = changes(req.extension_list.as_deref(), &req.operation)?;
    apply(state.message_ext.group_mut(&req.group_id, group_seq, seq), &req.operation, &changes)
}
