//! One handler per endpoint, on the generated request types: decode, check the spec's limits and
//! edition, then act on the state the way the vendor's pages describe.

// One module per area; each lists its routes. Areas are kept apart so that they can grow
// independently.
mod account;
mod chat_files;
mod config;
mod follow;
mod group;
mod group_extras;
mod group_messages;
mod live_groups;
mod message_ext;
mod messages;
mod moderation;
mod official_accounts;
mod operations;
mod permission_groups;
mod profile;
mod push;
mod recent_contact;
mod robots;
mod sns;
mod topics;

use crate::emulator::{Ctx, Fail};
use crate::state::{Group, Member, State};
use chat_api::runtime::{Endpoint, RateLimit};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

type Handler = Box<dyn Fn(&mut State, &Ctx<'_>, &[u8]) -> Result<Value, Fail> + Send + Sync>;

/// How one endpoint is served.
pub(crate) struct Route {
    pub path: &'static str,
    pub rate: Option<RateLimit>,
    pub handler: Handler,
}

/// Every endpoint the sandbox serves, by path after `v4/`.
pub(crate) fn routes() -> BTreeMap<&'static str, Route> {
    let all = [
        account::routes(),
        chat_files::routes(),
        config::routes(),
        follow::routes(),
        group::routes(),
        group_extras::routes(),
        group_messages::routes(),
        live_groups::routes(),
        message_ext::routes(),
        messages::routes(),
        moderation::routes(),
        official_accounts::routes(),
        operations::routes(),
        permission_groups::routes(),
        profile::routes(),
        push::routes(),
        recent_contact::routes(),
        robots::routes(),
        sns::routes(),
        topics::routes(),
    ];
    all.into_iter().flatten().map(|r| (r.path, r)).collect()
}

fn route<E>(handler: fn(&mut State, &Ctx<'_>, E) -> Result<Value, Fail>) -> Route
where
    E: Endpoint + DeserializeOwned + 'static,
{
    Route {
        path: E::PATH,
        rate: E::RATE_LIMIT,
        handler: Box::new(move |state, cx, body| handler(state, cx, decode::<E>(cx, body)?)),
    }
}

/// The body as the endpoint's request type, refused as the service would: not JSON (60003), not the
/// documented shape or beyond a documented limit (the field's code, else the service's), or from
/// an app whose edition is too low.
fn decode<E: Endpoint + DeserializeOwned>(cx: &Ctx<'_>, body: &[u8]) -> Result<E, Fail> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| Fail::new(60003, format!("the body is not valid JSON: {e}")))?;
    let invalid = E::INVALID_REQUEST_CODE.unwrap_or(60003);
    if !value.is_object() {
        return Err(Fail::new(invalid, "the body must be a JSON object"));
    }
    let request: E = serde_json::from_value(value).map_err(|e| Fail::new(invalid, format!("invalid request: {e}")))?;
    request.check_limits().map_err(|v| {
        let v = v.at_endpoint(E::PATH);
        Fail::new(v.code.unwrap_or(invalid), v.to_string())
    })?;
    if let Some(least) = E::EDITION {
        if cx.config.edition < least {
            let code = E::EDITION_CODE.unwrap_or(invalid);
            return Err(Fail::new(
                code,
                format!("{} needs the {least:?} edition; the app is {:?}", E::PATH, cx.config.edition),
            ));
        }
    }
    Ok(request)
}

/// An empty success reply (the envelope is added by the emulator).
fn ok() -> Result<Value, Fail> {
    Ok(Value::Object(serde_json::Map::new()))
}

// What several areas check or answer alike. The codes differ by area where the pages say so, and
// are then passed in.

/// Longest group ID the service accepts.
const MAX_GROUP_ID_BYTES: usize = 48;

/// `id` must be an imported account; `code` otherwise (each area's pages name their own).
fn require_account(state: &State, id: &str, code: i64) -> Result<(), Fail> {
    if !state.accounts.contains_key(id) {
        return Err(Fail::new(code, format!("account `{id}` has not been imported")));
    }
    Ok(())
}

/// 10015 for an ID that cannot be a group's.
fn check_group_id(id: &str) -> Result<(), Fail> {
    if id.is_empty() || id.len() > MAX_GROUP_ID_BYTES || id.chars().any(char::is_control) {
        return Err(Fail::new(10015, format!("`{id}` is not a valid group ID")));
    }
    Ok(())
}

fn no_group(id: &str) -> Fail {
    Fail::new(10010, format!("group {id} does not exist or was disbanded"))
}

/// The group `id`: 10015 for an ID that cannot be one, 10010 for a group that does not exist.
/// It takes the map rather than the state so that handlers can borrow other fields beside it.
fn find_group<'s>(groups: &'s BTreeMap<String, Group>, id: &str) -> Result<&'s Group, Fail> {
    check_group_id(id)?;
    groups.get(id).ok_or_else(|| no_group(id))
}

/// [`find_group`], to change the group.
fn find_group_mut<'s>(groups: &'s mut BTreeMap<String, Group>, id: &str) -> Result<&'s mut Group, Fail> {
    check_group_id(id)?;
    groups.get_mut(id).ok_or_else(|| no_group(id))
}

/// The member `account` of `g`; `code` when it is none.
fn require_member<'g>(g: &'g Group, account: &str, code: i64) -> Result<&'g Member, Fail> {
    g.members.get(account).ok_or_else(|| Fail::new(code, format!("`{account}` is not a member of group {}", g.id)))
}

/// A topic is only meaningful in a Community group (10004 otherwise, or for an empty ID).
fn check_topic(g: &Group, topic: Option<&str>) -> Result<(), Fail> {
    match topic {
        Some("") => Err(Fail::new(10004, "TopicId is empty")),
        Some(t) if g.group_type != "Community" => {
            Err(Fail::new(10004, format!("TopicId `{t}` given for a {} group, which has no topics", g.group_type)))
        }
        _ => Ok(()),
    }
}

/// `MsgRandom`, which the services require (90005 when left out; the client always fills it).
fn msg_random(random: Option<i64>) -> Result<i64, Fail> {
    random.ok_or_else(|| Fail::new(90005, "MsgRandom is missing"))
}

/// Distinct items, in the order first named.
fn distinct(items: &[String]) -> Vec<&String> {
    let mut seen = BTreeSet::new();
    items.iter().filter(|item| seen.insert(item.as_str())).collect()
}

/// One page of `items`: at most `limit` from `start` on, and where the next page starts (`None`
/// after the last).
fn page<T>(items: &[T], start: usize, limit: usize) -> (&[T], Option<usize>) {
    let start = start.min(items.len());
    let end = start.saturating_add(limit).min(items.len());
    (&items[start..end], (end < items.len()).then_some(end))
}

/// `reply` with `list` under `key`, which is left out when empty (`ErrorList`, `Fail_Account`...).
fn with_list<T: Serialize>(mut reply: Value, key: &str, list: Vec<T>) -> Value {
    if !list.is_empty() {
        reply[key] = json!(list);
    }
    reply
}
