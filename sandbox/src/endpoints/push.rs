//! Push to all users: `v4/all_member_push/*` and `v4/timpush/*`.
//!
//! What the sandbox decides where the pages leave it open:
//! - The two products keep separate attribute and tag stores (`State::push.legacy` and
//!   `State::push.plugin`); each can be switched off (`enabled = false`) to see 90045.
//! - Recipients of a push are the imported accounts other than the app admin that meet the
//!   condition; they are recorded with the task (`PushTask::recipients`). Nothing is delivered.
//! - The daily quota (100 by default, `Audience::daily_quota`) is counted per UTC day by the
//!   handlers, with the documented 90047, instead of the generic frequency window (which would
//!   answer 60007); likewise the second between two pushes (90024) and between two revokes
//!   (90051), judged by whole seconds: a push in the same second as the previous one, or earlier,
//!   is refused.
//! - A repeat of a push (same command, sender, target and `MsgRandom` within 60 seconds) gets the
//!   first call's reply and is neither counted nor stored again.
//! - Attribute names: numbers outside 0-9, names of more than 50 bytes and (for the legacy
//!   service, whose page names no code) a name used twice answer 90001; the plugin answers 90033
//!   for a name used twice or an account type changed, as its page says.
//! - Legacy attribute and tag calls accept any user ID (values can be set before the account is
//!   imported); plugin calls report accounts that are not imported in `ErrorList` with 70107, and
//!   an imported account given an attribute meant for registration IDs with 90035.
//! - A user holds at most 100 tags; an `im_add_tag` that would go beyond answers 90032 and adds
//!   nothing. An empty tag answers 90001 there, 90040 in push conditions.
//! - An `im_push` with an empty `MsgBody` answers 90002 (the code for a body that is not a valid
//!   message), as the group message handlers refuse one; the pages give no least number.
//! - Only plugin tasks (`timpush/push`, `timpush/batch`) can be revoked; legacy task IDs answer
//!   90049 like unknown ones.

use super::{Route, msg_random, ok, route, with_list};
use crate::emulator::{Ctx, Fail};
use crate::state::{
    Audience, DedupKey, MAX_TAGS_PER_USER, NamingRefusal, PushOrigin, PushRefusal, PushTask, REVOKE_WINDOW, Selector,
    State,
};
use chat_api::all_member_push::{
    ImAddTagRequest, ImGetAttrNameRequest, ImGetAttrRequest, ImGetTagRequest, ImPushRequest, ImRemoveAllTagsRequest,
    ImRemoveAttrRequest, ImRemoveTagRequest, ImSetAttrNameRequest, ImSetAttrRequest,
};
use chat_api::timpush::{
    AttrAccountType, BatchRequest, ClearAllTagsRequest, GetAttrRequest, PushRequest, RemoveTagRequest, RevokeRequest,
    SetAttrNameRequest, SetAttrRequest,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The endpoints of this area. The pushes and the revoke count their frequency themselves (see
/// the module doc), so the generic window is not applied to them.
pub(super) fn routes() -> Vec<Route> {
    vec![
        Route { rate: None, ..route(im_push) },
        route(im_set_attr_name),
        route(im_get_attr_name),
        route(im_get_attr),
        route(im_set_attr),
        route(im_remove_attr),
        route(im_get_tag),
        route(im_add_tag),
        route(im_remove_tag),
        route(im_remove_all_tags),
        Route { rate: None, ..route(push) },
        route(batch),
        route(set_attr_name),
        route(set_attr),
        route(get_attr),
        route(remove_tag),
        route(clear_all_tags),
        Route { rate: None, ..route(revoke) },
    ]
}

/// The services' code for a request they cannot parse.
const MALFORMED: i64 = 90001;
/// Longest attribute value and tag, in bytes.
const MAX_VALUE_BYTES: usize = 50;
/// Largest plugin push request, in bytes.
const MAX_PUSH_BYTES: usize = 10 * 1024;

fn enabled(audience: &Audience) -> Result<(), Fail> {
    if !audience.enabled {
        return Err(Fail::new(90045, "pushing to all users is not switched on for this app"));
    }
    Ok(())
}

/// A push's condition, checked against the attribute names of `audience`: 90039 for tags and
/// attributes together, 90040 for an empty tag, 90020 for a long one, 90032 for more than ten in
/// a list, 90022 for a tag in both `TagsOr` and `TagsAnd`, 90033 for an unknown attribute.
fn check_condition(audience: &Audience, selector: &Selector<'_>) -> Result<(), Fail> {
    let lists = [selector.tags_and, selector.tags_or, selector.tags_not];
    let has_tags = lists.iter().any(|l| !l.is_empty());
    let attr_maps = [selector.attrs_and, selector.attrs_or];
    let has_attrs = attr_maps.iter().flatten().any(|m| !m.is_empty());
    if has_tags && has_attrs {
        return Err(Fail::new(90039, "tag conditions and attribute conditions cannot be combined"));
    }
    for list in lists {
        if list.len() > 10 {
            return Err(Fail::new(90032, "a tag condition names more than 10 tags"));
        }
        for tag in list {
            if tag.is_empty() {
                return Err(Fail::new(90040, "a tag of the condition is empty"));
            }
            if tag.len() > MAX_VALUE_BYTES {
                return Err(Fail::new(90020, format!("tag `{tag}` is longer than 50 bytes")));
            }
        }
    }
    if let Some(both) = selector.tags_or.iter().find(|t| selector.tags_and.contains(t)) {
        return Err(Fail::new(90022, format!("tag `{both}` is in both TagsOr and TagsAnd")));
    }
    for name in attr_maps.iter().flatten().flat_map(|m| m.keys()) {
        if !audience.has_attr(name) {
            return Err(Fail::new(90033, format!("`{name}` is not one of the app's attribute names")));
        }
    }
    Ok(())
}

/// The imported accounts other than the admin that `selector` selects.
fn recipients(state: &State, audience: &Audience, admin: &str, selector: &Selector<'_>) -> Vec<String> {
    state.accounts.keys().filter(|a| a.as_str() != admin && audience.selects(a, selector)).cloned().collect()
}

fn counted(audience: &mut Audience, now: u64) -> Result<(), Fail> {
    audience.count_push(now).map_err(|r| match r {
        PushRefusal::DailyQuota => {
            Fail::new(90047, format!("the app made its {} pushes of the day", audience.daily_quota))
        }
        PushRefusal::TooSoon => Fail::new(90024, "less than a second since the previous push"),
    })
}

/// Records a task and remembers its reply for de-duplication.
fn start_task(state: &mut State, task: PushTask, dedup_key: DedupKey, now: u64, reply: Value) -> Value {
    state.push.tasks.insert(task.id.clone(), task);
    state.push.recent.remember(dedup_key, now, reply.clone());
    reply
}

/// Pushes a message to the accounts the condition selects (every one without a condition): see
/// the module doc for recipients, frequency and repeats. `MsgRandom` missing answers 90005, an
/// empty `MsgBody` 90002.
pub(super) fn im_push(state: &mut State, cx: &Ctx<'_>, req: ImPushRequest) -> Result<Value, Fail> {
    enabled(&state.push.legacy)?;
    let random = msg_random(req.msg_random)?;
    if req.msg_body.is_empty() {
        return Err(Fail::new(90002, "MsgBody holds no message element"));
    }
    let cond = req.condition.as_ref();
    let empty = Vec::new();
    let selector = Selector {
        tags_and: cond.and_then(|c| c.tags_and.as_ref()).unwrap_or(&empty),
        tags_or: cond.and_then(|c| c.tags_or.as_ref()).unwrap_or(&empty),
        tags_not: &[],
        attrs_and: cond.and_then(|c| c.attrs_and.as_ref()),
        attrs_or: cond.and_then(|c| c.attrs_or.as_ref()),
    };
    check_condition(&state.push.legacy, &selector)?;
    let sender = cx.sender(req.from_account.as_deref());
    let target = serde_json::to_string(&req.condition).unwrap_or_default();
    let key = DedupKey::new("all_member_push/im_push", &sender, target, random);
    if let Some(reply) = state.push.recent.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let to = recipients(state, &state.push.legacy, &cx.config.admin, &selector);
    counted(&mut state.push.legacy, cx.now)?;
    let id = state.push.new_task_id(PushOrigin::Legacy, cx.config.sdkappid, cx.now, random);
    let task = PushTask {
        id: id.clone(),
        origin: PushOrigin::Legacy,
        sender,
        recipients: to,
        created: cx.now,
        keeps_messages: req.msg_life_time.is_some_and(|t| t > 0),
        revoked: false,
        data_id: None,
    };
    Ok(start_task(state, task, key, cx.now, json!({"TaskId": id})))
}

/// Names attributes (all or nothing; see the module doc for refusals).
pub(super) fn im_set_attr_name(state: &mut State, _cx: &Ctx<'_>, req: ImSetAttrNameRequest) -> Result<Value, Fail> {
    enabled(&state.push.legacy)?;
    state
        .push
        .legacy
        .name_attrs(&req.attr_names, &BTreeMap::new())
        .map_err(|r| Fail::new(MALFORMED, naming_text(&r)))?;
    ok()
}

fn naming_text(r: &NamingRefusal) -> String {
    match r {
        NamingRefusal::BadNumber(k) => format!("attribute number `{k}` is not one of 0 to 9 (or not named)"),
        NamingRefusal::NameTooLong(n) => format!("attribute name `{n}` is empty or longer than 50 bytes"),
        NamingRefusal::Duplicate(n) => format!("attrName:{n} already exists"),
        NamingRefusal::TypeChange(n) => format!("the account type of attribute {n} cannot change"),
    }
}

/// The attribute names by number; left out while none is named.
pub(super) fn im_get_attr_name(state: &mut State, _cx: &Ctx<'_>, _req: ImGetAttrNameRequest) -> Result<Value, Fail> {
    enabled(&state.push.legacy)?;
    Ok(names_reply(&state.push.legacy))
}

fn names_reply(audience: &Audience) -> Value {
    if audience.attr_names.is_empty() {
        return json!({});
    }
    let names: BTreeMap<String, &String> = audience.attr_names.iter().map(|(n, v)| (n.to_string(), v)).collect();
    json!({"AttrNames": names})
}

/// One entry per user named, empty `Attrs` for users without attributes.
pub(super) fn im_get_attr(state: &mut State, _cx: &Ctx<'_>, req: ImGetAttrRequest) -> Result<Value, Fail> {
    enabled(&state.push.legacy)?;
    let legacy = &state.push.legacy;
    let entries: Vec<Value> = req
        .to_account
        .iter()
        .map(|u| json!({"To_Account": u, "Attrs": legacy.user_attrs.get(u).cloned().unwrap_or_default()}))
        .collect();
    Ok(json!({"UserAttrs": entries}))
}

/// Attribute names of `attrs` that are not the app's, or values too long: 90033, nothing set.
fn check_attr_values<'a>(
    audience: &Audience,
    attrs: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Result<(), Fail> {
    for (name, value) in attrs {
        if !audience.has_attr(name) {
            return Err(Fail::new(90033, format!("`{name}` is not one of the app's attribute names")));
        }
        if value.len() > MAX_VALUE_BYTES {
            return Err(Fail::new(90033, format!("the value of `{name}` is longer than 50 bytes")));
        }
    }
    Ok(())
}

/// Sets attribute values; all or nothing (90033 for an unknown name or a long value).
pub(super) fn im_set_attr(state: &mut State, _cx: &Ctx<'_>, req: ImSetAttrRequest) -> Result<Value, Fail> {
    let legacy = &mut state.push.legacy;
    enabled(legacy)?;
    check_attr_values(legacy, req.user_attrs.iter().flat_map(|u| &u.attrs))?;
    for user in &req.user_attrs {
        let mine = legacy.user_attrs.entry(user.to_account.clone()).or_default();
        mine.extend(user.attrs.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    ok()
}

/// Removes attributes by name; all or nothing (90033 for an unknown name).
pub(super) fn im_remove_attr(state: &mut State, _cx: &Ctx<'_>, req: ImRemoveAttrRequest) -> Result<Value, Fail> {
    let legacy = &mut state.push.legacy;
    enabled(legacy)?;
    if let Some(name) = req.user_attrs.iter().flat_map(|u| &u.attrs).find(|n| !legacy.has_attr(n)) {
        return Err(Fail::new(90033, format!("`{name}` is not one of the app's attribute names")));
    }
    for user in &req.user_attrs {
        if let Some(mine) = legacy.user_attrs.get_mut(&user.to_account) {
            mine.retain(|k, _| !user.attrs.contains(k));
            if mine.is_empty() {
                legacy.user_attrs.remove(&user.to_account);
            }
        }
    }
    ok()
}

/// One entry per user named, an empty list for users without tags.
pub(super) fn im_get_tag(state: &mut State, _cx: &Ctx<'_>, req: ImGetTagRequest) -> Result<Value, Fail> {
    let legacy = &state.push.legacy;
    enabled(legacy)?;
    let entries: Vec<Value> =
        req.to_account.iter().map(|u| json!({"To_Account": u, "Tags": legacy.tags_of(u)})).collect();
    Ok(json!({"UserTags": entries}))
}

/// Adds tags, each kept once per user; all or nothing (see the module doc for refusals).
pub(super) fn im_add_tag(state: &mut State, _cx: &Ctx<'_>, req: ImAddTagRequest) -> Result<Value, Fail> {
    let legacy = &mut state.push.legacy;
    enabled(legacy)?;
    let mut next: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for user in &req.user_tags {
        if user.tags.len() > 10 {
            return Err(Fail::new(90032, format!("more than 10 tags for `{}` in one call", user.to_account)));
        }
        let tags = next.entry(&user.to_account).or_insert_with(|| legacy.tags_of(&user.to_account).to_vec());
        for tag in &user.tags {
            if tag.is_empty() {
                return Err(Fail::new(MALFORMED, "a tag is empty"));
            }
            if tag.len() > MAX_VALUE_BYTES {
                return Err(Fail::new(90020, format!("tag `{tag}` is longer than 50 bytes")));
            }
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        if tags.len() > MAX_TAGS_PER_USER {
            return Err(Fail::new(90032, format!("`{}` would hold more than 100 tags", user.to_account)));
        }
    }
    for (user, tags) in next {
        legacy.user_tags.insert(user.to_string(), tags);
    }
    ok()
}

fn drop_tags(audience: &mut Audience, user: &str, tags: &[String]) {
    if let Some(mine) = audience.user_tags.get_mut(user) {
        mine.retain(|t| !tags.contains(t));
        if mine.is_empty() {
            audience.user_tags.remove(user);
        }
    }
}

/// Removes the tags named; tags a user does not have are ignored.
pub(super) fn im_remove_tag(state: &mut State, _cx: &Ctx<'_>, req: ImRemoveTagRequest) -> Result<Value, Fail> {
    let legacy = &mut state.push.legacy;
    enabled(legacy)?;
    for user in &req.user_tags {
        drop_tags(legacy, &user.to_account, &user.tags);
    }
    ok()
}

/// Removes every tag of the users named.
pub(super) fn im_remove_all_tags(state: &mut State, _cx: &Ctx<'_>, req: ImRemoveAllTagsRequest) -> Result<Value, Fail> {
    let legacy = &mut state.push.legacy;
    enabled(legacy)?;
    for user in &req.to_account {
        legacy.user_tags.remove(user);
    }
    ok()
}

/// `ErrorList` entries (70107) for the accounts of `users` that are not imported.
fn unknown_accounts<'a>(state: &State, users: impl IntoIterator<Item = &'a String>) -> Vec<Value> {
    users.into_iter().filter(|u| !state.accounts.contains_key(*u)).map(|u| unknown_account(u)).collect()
}

fn unknown_account(user: &str) -> Value {
    json!({"To_Account": user, "ErrorCode": 70107, "ErrorInfo": "account does not exist"})
}

/// Pushes to all users, or by tags (`TagsNot` leaves out users with every one of its tags) or
/// attributes, with the plugin's checks: 90056 for a body over 10 KB, the condition codes, the
/// daily quota and the second between pushes.
pub(super) fn push(state: &mut State, cx: &Ctx<'_>, req: PushRequest) -> Result<Value, Fail> {
    enabled(&state.push.plugin)?;
    let random = msg_random(req.msg_random)?;
    if serde_json::to_vec(&req).map_or(0, |b| b.len()) > MAX_PUSH_BYTES {
        return Err(Fail::new(90056, "the push request is larger than 10 KB"));
    }
    let cond = req.condition.as_ref();
    let empty = Vec::new();
    let selector = Selector {
        tags_and: cond.and_then(|c| c.tags_and.as_ref()).unwrap_or(&empty),
        tags_or: cond.and_then(|c| c.tags_or.as_ref()).unwrap_or(&empty),
        tags_not: cond.and_then(|c| c.tags_not.as_ref()).unwrap_or(&empty),
        attrs_and: cond.and_then(|c| c.attrs_and.as_ref()),
        attrs_or: cond.and_then(|c| c.attrs_or.as_ref()),
    };
    check_condition(&state.push.plugin, &selector)?;
    let sender = cx.sender(req.from_account.as_deref());
    let target = serde_json::to_string(&req.condition).unwrap_or_default();
    let key = DedupKey::new("timpush/push", &sender, target, random);
    if let Some(reply) = state.push.recent.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let to = recipients(state, &state.push.plugin, &cx.config.admin, &selector);
    counted(&mut state.push.plugin, cx.now)?;
    let id = state.push.new_task_id(PushOrigin::Plugin, cx.config.sdkappid, cx.now, random);
    let task = PushTask {
        id: id.clone(),
        origin: PushOrigin::Plugin,
        sender,
        recipients: to,
        created: cx.now,
        keeps_messages: req.online_only_flag != Some(true),
        revoked: false,
        data_id: req.data_id.clone(),
    };
    Ok(start_task(state, task, key, cx.now, json!({"TaskId": id})))
}

/// Pushes to the listed accounts; those not imported are reported with 70107 while the others
/// are reached. Not counted against the daily quota (the page gives it a per-second frequency).
pub(super) fn batch(state: &mut State, cx: &Ctx<'_>, req: BatchRequest) -> Result<Value, Fail> {
    enabled(&state.push.plugin)?;
    let random = msg_random(req.msg_random)?;
    let key = DedupKey::new("timpush/batch", &req.from_account, req.to_account.join(","), random);
    if let Some(reply) = state.push.recent.repeat_of(&key, cx.now) {
        return Ok(reply);
    }
    let errors = unknown_accounts(state, &req.to_account);
    let mut to: Vec<String> = req.to_account.iter().filter(|u| state.accounts.contains_key(*u)).cloned().collect();
    to.dedup();
    let id = state.push.new_task_id(PushOrigin::PluginBatch, cx.config.sdkappid, cx.now, random);
    let task = PushTask {
        id: id.clone(),
        origin: PushOrigin::PluginBatch,
        sender: req.from_account.clone(),
        recipients: to,
        created: cx.now,
        keeps_messages: false,
        revoked: false,
        data_id: req.data_id.clone(),
    };
    let reply = with_list(json!({"TaskId": id}), "ErrorList", errors);
    Ok(start_task(state, task, key, cx.now, reply))
}

/// Names attributes and fixes their account types; all or nothing: 90033 for a name used twice
/// or an account type changed, 90001 for a bad number, name or type.
pub(super) fn set_attr_name(state: &mut State, _cx: &Ctx<'_>, req: SetAttrNameRequest) -> Result<Value, Fail> {
    let plugin = &mut state.push.plugin;
    enabled(plugin)?;
    let mut types = BTreeMap::new();
    for (k, t) in req.attr_types.iter().flatten() {
        let raw = match t {
            AttrAccountType::UserId => 0,
            AttrAccountType::RegistrationId => 1,
            other => return Err(Fail::new(MALFORMED, format!("unknown account type {}", other.as_i64()))),
        };
        types.insert(k.clone(), raw);
    }
    plugin.name_attrs(&req.attr_names, &types).map_err(|r| {
        let code =
            if matches!(r, NamingRefusal::Duplicate(_) | NamingRefusal::TypeChange(_)) { 90033 } else { MALFORMED };
        Fail::new(code, naming_text(&r))
    })?;
    ok()
}

/// Sets attribute values (90033 for an unknown name or a long value, nothing set); accounts not
/// imported (70107) and imported accounts given a registration-ID attribute (90035) are listed
/// in `ErrorList` and skipped.
pub(super) fn set_attr(state: &mut State, _cx: &Ctx<'_>, req: SetAttrRequest) -> Result<Value, Fail> {
    enabled(&state.push.plugin)?;
    check_attr_values(&state.push.plugin, req.user_attrs.iter().flat_map(|u| &u.attrs))?;
    let mut errors = Vec::new();
    for user in &req.user_attrs {
        if !state.accounts.contains_key(&user.to_account) {
            errors.push(unknown_account(&user.to_account));
            continue;
        }
        let plugin = &mut state.push.plugin;
        let for_devices = user
            .attrs
            .keys()
            .any(|name| plugin.attr_names.iter().any(|(n, v)| v == name && plugin.attr_types.get(n) == Some(&1)));
        if for_devices {
            errors.push(json!({
                "To_Account": user.to_account,
                "ErrorCode": 90035,
                "ErrorInfo": "an attribute applies to one account type only",
            }));
            continue;
        }
        let mine = plugin.user_attrs.entry(user.to_account.clone()).or_default();
        mine.extend(user.attrs.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(with_list(json!({}), "ErrorList", errors))
}

/// Attribute values of the imported accounts named; the others are listed with 70107.
pub(super) fn get_attr(state: &mut State, _cx: &Ctx<'_>, req: GetAttrRequest) -> Result<Value, Fail> {
    let plugin = &state.push.plugin;
    enabled(plugin)?;
    let entries: Vec<Value> = req
        .to_account
        .iter()
        .filter(|u| state.accounts.contains_key(*u))
        .map(|u| json!({"To_Account": u, "Attrs": plugin.user_attrs.get(u).cloned().unwrap_or_default()}))
        .collect();
    Ok(with_list(json!({"UserAttrs": entries}), "ErrorList", unknown_accounts(state, &req.to_account)))
}

/// Removes the tags named from the imported accounts; the others are listed with 70107.
pub(super) fn remove_tag(state: &mut State, _cx: &Ctx<'_>, req: RemoveTagRequest) -> Result<Value, Fail> {
    enabled(&state.push.plugin)?;
    let errors = unknown_accounts(state, req.user_tags.iter().map(|u| &u.to_account));
    for user in &req.user_tags {
        drop_tags(&mut state.push.plugin, &user.to_account, &user.tags);
    }
    Ok(with_list(json!({}), "ErrorList", errors))
}

/// Removes every tag of the imported accounts named; the others are listed with 70107.
pub(super) fn clear_all_tags(state: &mut State, _cx: &Ctx<'_>, req: ClearAllTagsRequest) -> Result<Value, Fail> {
    enabled(&state.push.plugin)?;
    let errors = unknown_accounts(state, &req.to_account);
    for user in &req.to_account {
        state.push.plugin.user_tags.remove(user);
    }
    Ok(with_list(json!({}), "ErrorList", errors))
}

/// Revokes a plugin task: 90051 when the previous revoke was in the same second or later, 90049
/// for an unknown (or legacy) task, 90050 when already revoked, 90052 after 24 hours, 90053 for a
/// task that kept its messages when no `OfflinePushInfo` is given.
pub(super) fn revoke(state: &mut State, cx: &Ctx<'_>, req: RevokeRequest) -> Result<Value, Fail> {
    let push = &mut state.push;
    if push.last_revoke.is_some_and(|last| cx.now <= last) {
        return Err(Fail::new(90051, "at most one revoke a second"));
    }
    let task = push
        .tasks
        .get_mut(&req.task_id)
        .filter(|t| matches!(t.origin, PushOrigin::Plugin | PushOrigin::PluginBatch))
        .ok_or_else(|| Fail::new(90049, format!("no push task `{}`", req.task_id)))?;
    if task.revoked {
        return Err(Fail::new(90050, "the push task was revoked already"));
    }
    if cx.now.saturating_sub(task.created) > REVOKE_WINDOW {
        return Err(Fail::new(90052, "the push task started more than 24 hours ago"));
    }
    if task.keeps_messages && req.offline_push_info.is_none() {
        return Err(Fail::new(90053, "the task kept its messages: give an OfflinePushInfo"));
    }
    task.revoked = true;
    push.last_revoke = Some(cx.now);
    ok()
}
