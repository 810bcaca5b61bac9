//! Group attributes, counters, bans and mutes (`v4/group_open_http_svc/*`, `v4/group_open_attr_http_svc/*`).
//!
//! Every handler first finds the group: an ID that cannot be a group's answers 10015, a group that
//! does not exist (never made, or disbanded) 10010. What the handlers keep lives in
//! [`GroupExtras`](crate::state::GroupExtras); entries of groups that are gone are dropped on the
//! way.

use super::{Route, check_topic, distinct, find_group_mut, ok, page, require_member, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Ban, Extras, Group, MAX_ATTRIBUTE_BYTES, MAX_ATTRIBUTES, MAX_COUNTERS, State, end_after};
use chat_api::group::{
    BanGroupMemberRequest, ClearGroupAttrRequest, DeleteGroupAttrRequest, DeleteGroupCounterRequest,
    ForbidSendMsgRequest, GetGroupBanMemberRequest, GetGroupCounterRequest, GetGroupMutedAccountRequest,
    GetGroupShuttedUinRequest, GroupCounterMode, ModifyGroupAttrRequest, SetGroupAttrRequest, UnbanGroupMemberRequest,
    UpdateGroupCounterRequest,
};
use chat_api::group_attr::GetGroupAttrRequest;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(forbid_send_msg),
        route(get_group_muted_account),
        route(get_group_shutted_uin),
        route(ban_group_member),
        route(unban_group_member),
        route(get_group_ban_member),
        route(get_group_attr),
        route(modify_group_attr),
        route(set_group_attr),
        route(delete_group_attr),
        route(clear_group_attr),
        route(get_group_counter),
        route(update_group_counter),
        route(delete_group_counter),
    ]
}

/// Bans listed per page when the request gives no `Limit`.
const DEFAULT_BAN_PAGE: usize = 100;
/// Group types whose attributes can be read and written (every type, on the 2023-2024 pages).
const ATTRIBUTE_TYPES: [&str; 5] = ["Private", "Public", "ChatRoom", "AVChatRoom", "Community"];
/// Group types whose attributes can be cleared and that have counters: the clear and counter
/// pages leave Community out.
const NOT_COMMUNITY: [&str; 4] = ["Private", "Public", "ChatRoom", "AVChatRoom"];

/// The group `id` and its extras (made empty if it had none), or 10015 / 10010.
fn target<'s>(state: &'s mut State, id: &str) -> Result<(&'s mut Group, &'s mut Extras), Fail> {
    let State { groups, group_extras, .. } = state;
    group_extras.retain_groups(|g| groups.contains_key(g));
    let group = find_group_mut(groups, id)?;
    let extras = group_extras.entry(id, group.create_time);
    Ok((group, extras))
}

/// The group for a ban command: only audio-video groups have bans (10007 for the others).
fn ban_target<'s>(state: &'s mut State, id: &str) -> Result<(&'s mut Group, &'s mut Extras), Fail> {
    let (group, extras) = target(state, id)?;
    if !group.is_av() {
        return Err(refuse_type(group, "bans"));
    }
    Ok((group, extras))
}

fn refuse_type(group: &Group, what: &str) -> Fail {
    Fail::new(10007, format!("{} groups do not support {what}", group.group_type))
}

fn is_owner(group: &Group, account: &str) -> bool {
    group.owner.as_deref() == Some(account) || group.members.get(account).is_some_and(|m| m.role == "Owner")
}

fn seconds(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Mutes (`MuteTime` > 0) or unmutes (0) the named accounts, all or none. Sandbox choices where
/// the page is silent: a mute needs the account to be a member now (10004 otherwise), except in
/// audio-video groups, whose members are not stored; the owner cannot be muted (10007); unmuting
/// accepts any account, since a mute outlives membership. Work (Private) groups answer 10007, and
/// a `TopicId` outside a Community group 10004.
pub(super) fn forbid_send_msg(state: &mut State, cx: &Ctx<'_>, req: ForbidSendMsgRequest) -> Result<Value, Fail> {
    let (group, extras) = target(state, &req.group_id)?;
    if group.group_type == "Private" {
        return Err(refuse_type(group, "muting members"));
    }
    check_topic(group, req.topic_id.as_deref())?;
    let accounts = distinct(&req.members_account);
    let length = seconds(req.mute_time);
    if length > 0 {
        for account in &accounts {
            if is_owner(group, account) {
                return Err(Fail::new(10007, format!("`{account}` owns the group and cannot be muted")));
            }
            if !group.is_av() {
                require_member(group, account, 10004)?;
            }
        }
    }
    let mutes = extras.mutes_at(req.topic_id.as_deref(), cx.now);
    for account in accounts {
        if length == 0 {
            mutes.remove(account);
        } else {
            mutes.insert(account.clone(), end_after(cx.now, length));
        }
    }
    ok()
}

fn muted_list(state: &mut State, cx: &Ctx<'_>, id: &str, topic: Option<&str>) -> Result<Vec<(String, u64)>, Fail> {
    let (group, extras) = target(state, id)?;
    check_topic(group, topic)?;
    Ok(extras.mutes_at(topic, cx.now).iter().map(|(a, end)| (a.clone(), *end)).collect())
}

/// The running mutes of the group (or of one topic), by account; a mute without end reports
/// [`FOREVER`](crate::state::FOREVER).
pub(super) fn get_group_muted_account(
    state: &mut State,
    cx: &Ctx<'_>,
    req: GetGroupMutedAccountRequest,
) -> Result<Value, Fail> {
    let list = muted_list(state, cx, &req.group_id, req.topic_id.as_deref())?;
    let list: Vec<Value> = list.into_iter().map(|(a, end)| json!({"Member_Account": a, "MutedUntil": end})).collect();
    Ok(json!({"GroupId": req.group_id, "MutedAccountList": list}))
}

/// The same list as [`get_group_muted_account`] under the older field names.
pub(super) fn get_group_shutted_uin(
    state: &mut State,
    cx: &Ctx<'_>,
    req: GetGroupShuttedUinRequest,
) -> Result<Value, Fail> {
    let list = muted_list(state, cx, &req.group_id, None)?;
    let list: Vec<Value> = list.into_iter().map(|(a, end)| json!({"Member_Account": a, "ShuttedUntil": end})).collect();
    Ok(json!({"GroupId": req.group_id, "ShuttedUinList": list}))
}

/// Bans the named accounts from an audio-video group (others answer 10007): each is removed from
/// the members and recorded with the end of its ban; banning again replaces the end. Sandbox
/// choices: a `Duration` of 0 bans nobody and answers 10004; the owner cannot be banned (10007).
/// Accounts need not be members, since audio-video groups store no member list.
pub(super) fn ban_group_member(state: &mut State, cx: &Ctx<'_>, req: BanGroupMemberRequest) -> Result<Value, Fail> {
    let (group, extras) = ban_target(state, &req.group_id)?;
    let length = seconds(req.duration);
    if length == 0 {
        return Err(Fail::new(10004, "Duration must be at least 1 second"));
    }
    let accounts = distinct(&req.members_account);
    if let Some(owner) = accounts.iter().find(|a| is_owner(group, a)) {
        return Err(Fail::new(10007, format!("`{owner}` owns the group and cannot be banned")));
    }
    for account in accounts {
        group.members.remove(account.as_str());
        extras.bans.insert(account.clone(), Ban::new(end_after(cx.now, length), req.description.clone()));
    }
    ok()
}

/// Lifts the bans of the named accounts in an audio-video group (others answer 10007). Accounts
/// without a ban are not an error. The accounts are not put back into the group.
pub(super) fn unban_group_member(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: UnbanGroupMemberRequest,
) -> Result<Value, Fail> {
    let (_, extras) = ban_target(state, &req.group_id)?;
    for account in &req.members_account {
        extras.bans.remove(account);
    }
    ok()
}

/// One page of the running bans of an audio-video group, ordered by account; `NextOffset` is where
/// the next page starts, or 0 after the last. Without `Limit` a page holds up to 100 bans (the
/// page gives no default; the sandbox uses the maximum).
pub(super) fn get_group_ban_member(
    state: &mut State,
    cx: &Ctx<'_>,
    req: GetGroupBanMemberRequest,
) -> Result<Value, Fail> {
    let (_, extras) = ban_target(state, &req.group_id)?;
    let bans: Vec<Value> =
        extras.bans_at(cx.now).iter().map(|(a, b)| json!({"Member_Account": a, "BannedUntil": b.until})).collect();
    let offset = usize::try_from(req.offset).unwrap_or(0);
    let limit = req.limit.and_then(|l| usize::try_from(l).ok()).unwrap_or(DEFAULT_BAN_PAGE).max(1);
    let (shown, next) = page(&bans, offset, limit);
    Ok(json!({"BannedAccountList": shown, "NextOffset": next.unwrap_or(0)}))
}

/// The group for an attribute or counter command: a group whose type is not in `types` (and any
/// type the sandbox does not know) answers 10007.
fn attribute_target<'s>(state: &'s mut State, id: &str, types: &[&str], what: &str) -> Result<&'s mut Extras, Fail> {
    let (group, extras) = target(state, id)?;
    if !types.contains(&group.group_type.as_str()) {
        return Err(refuse_type(group, what));
    }
    Ok(extras)
}

/// The attributes as they would be after a write, checked against the group's limits: at most 16
/// keys (10047) and 16,000 bytes of values (10048). An empty key is refused with 10004 (sandbox
/// choice). Then the write must fit the group's 5 writes per second (10049).
fn commit_attributes(extras: &mut Extras, now: u64, next: BTreeMap<String, String>) -> Result<Value, Fail> {
    if next.contains_key("") {
        return Err(Fail::new(10004, "an attribute key is empty"));
    }
    if next.len() > MAX_ATTRIBUTES {
        return Err(Fail::new(10047, format!("a group holds at most {MAX_ATTRIBUTES} attribute keys")));
    }
    let bytes: usize = next.values().map(String::len).sum();
    if bytes > MAX_ATTRIBUTE_BYTES {
        return Err(Fail::new(
            10048,
            format!("attribute values would take {bytes} bytes; at most {MAX_ATTRIBUTE_BYTES}"),
        ));
    }
    if !extras.attribute_write_allowed(now) {
        return Err(Fail::new(10049, "more than 5 attribute writes to this group in one second"));
    }
    extras.count_attribute_write(now);
    extras.attributes = next;
    ok()
}

/// The group's attributes, ordered by key.
pub(super) fn get_group_attr(state: &mut State, _cx: &Ctx<'_>, req: GetGroupAttrRequest) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &ATTRIBUTE_TYPES, "group attributes")?;
    let list: Vec<Value> = extras.attributes.iter().map(|(k, v)| json!({"key": k, "value": v})).collect();
    Ok(json!({"GroupAttrAry": list}))
}

/// Adds or changes the given keys and keeps the others; a key named twice takes its last value.
pub(super) fn modify_group_attr(state: &mut State, cx: &Ctx<'_>, req: ModifyGroupAttrRequest) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &ATTRIBUTE_TYPES, "group attributes")?;
    let mut next = extras.attributes.clone();
    next.extend(req.group_attr.into_iter().map(|a| (a.key, a.value)));
    commit_attributes(extras, cx.now, next)
}

/// Replaces all attributes with the given ones.
pub(super) fn set_group_attr(state: &mut State, cx: &Ctx<'_>, req: SetGroupAttrRequest) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &ATTRIBUTE_TYPES, "group attributes")?;
    let next = req.group_attr.into_iter().map(|a| (a.key, a.value)).collect();
    commit_attributes(extras, cx.now, next)
}

/// Removes the named keys, all or none: a key the group does not have answers 10050. Counts as a
/// write for the 5-per-second limit (10049).
pub(super) fn delete_group_attr(state: &mut State, cx: &Ctx<'_>, req: DeleteGroupAttrRequest) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &ATTRIBUTE_TYPES, "group attributes")?;
    if let Some(missing) = req.group_attr.iter().find(|k| !extras.attributes.contains_key(&k.key)) {
        return Err(Fail::new(10050, format!("the group has no attribute `{}`", missing.key)));
    }
    if !extras.attribute_write_allowed(cx.now) {
        return Err(Fail::new(10049, "more than 5 attribute writes to this group in one second"));
    }
    extras.count_attribute_write(cx.now);
    for k in &req.group_attr {
        extras.attributes.remove(&k.key);
    }
    ok()
}

/// Removes every attribute. Community groups are refused (10007), as the page says; the page
/// lists 10049, so a clear counts against the 5 writes per second like the other writes.
pub(super) fn clear_group_attr(state: &mut State, cx: &Ctx<'_>, req: ClearGroupAttrRequest) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &NOT_COMMUNITY, "group attributes")?;
    if !extras.attribute_write_allowed(cx.now) {
        return Err(Fail::new(10049, "more than 5 attribute writes to this group in one second"));
    }
    extras.count_attribute_write(cx.now);
    extras.attributes.clear();
    ok()
}

/// The named counters in the order named (keys the group does not have are left out: sandbox
/// choice), or all of them ordered by key.
pub(super) fn get_group_counter(state: &mut State, _cx: &Ctx<'_>, req: GetGroupCounterRequest) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &NOT_COMMUNITY, "group counters")?;
    let list: Vec<Value> = match &req.group_counter_keys {
        Some(keys) => distinct(keys)
            .into_iter()
            .filter_map(|k| extras.counters.get(k).map(|v| json!({"Key": k, "Value": v})))
            .collect(),
        None => extras.counters.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect(),
    };
    Ok(json!({"GroupCounter": list}))
}

/// Applies the counters in order (`Mode` left out means `Set`; a missing counter starts from 0)
/// and replies with each changed counter's final value. All or nothing. More than 20 counters in
/// the group answer the page's 10063; sandbox choices, as the page names no codes: a result
/// outside the signed 64-bit range, an empty key or an unknown mode answer 10004.
pub(super) fn update_group_counter(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: UpdateGroupCounterRequest,
) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &NOT_COMMUNITY, "group counters")?;
    let mode = req.mode.unwrap_or(GroupCounterMode::Set);
    let mut next = extras.counters.clone();
    let mut changed: Vec<&str> = Vec::new();
    for c in &req.group_counter {
        if c.key.is_empty() {
            return Err(Fail::new(10004, "a counter key is empty"));
        }
        let base = next.get(&c.key).copied().unwrap_or(0);
        let value = match &mode {
            GroupCounterMode::Set => Some(c.value),
            GroupCounterMode::Increase => base.checked_add(c.value),
            GroupCounterMode::Decrease => base.checked_sub(c.value),
            other => return Err(Fail::new(10004, format!("unknown Mode `{}`", other.as_str()))),
        };
        let Some(value) = value else {
            return Err(Fail::new(10004, format!("counter `{}` would leave the signed 64-bit range", c.key)));
        };
        next.insert(c.key.clone(), value);
        if !changed.contains(&c.key.as_str()) {
            changed.push(&c.key);
        }
    }
    if next.len() > MAX_COUNTERS {
        return Err(Fail::new(10063, format!("a group holds at most {MAX_COUNTERS} counters")));
    }
    let list: Vec<Value> = changed.iter().map(|k| json!({"Key": k, "Value": next.get(*k).copied()})).collect();
    extras.counters = next;
    Ok(json!({"GroupCounter": list}))
}

/// Removes the named counters (names the group does not have are ignored), or all of them.
pub(super) fn delete_group_counter(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: DeleteGroupCounterRequest,
) -> Result<Value, Fail> {
    let extras = attribute_target(state, &req.group_id, &NOT_COMMUNITY, "group counters")?;
    match &req.group_counter_keys {
        Some(keys) => keys.iter().for_each(|k| {
            extras.counters.remove(k);
        }),
        None => extras.counters.clear(),
    }
    ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::FOREVER;

    #[test]
    fn a_mute_without_end_and_a_long_one_stop_at_forever() {
        assert_eq!(end_after(100, 60), 160);
        assert_eq!(end_after(100, FOREVER), FOREVER);
        assert_eq!(end_after(FOREVER - 10, 60), FOREVER);
    }
}
