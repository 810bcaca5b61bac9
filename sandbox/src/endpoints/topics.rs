//! Community topics: `v4/million_group_open_http_svc/*` and `v4/group_open_http_svc/import_topic`.
//!
//! What the sandbox decides where the pages leave it open:
//! - Every Community group counts as topic-enabled; other groups answer 11000.
//! - A custom `TopicId` must be the group ID, `@TOPIC#_` and a non-empty part (10004 otherwise);
//!   an ID in use is 10025 for create_topic and 10021 for import_topic (each page's code).
//!   Assigned IDs are `<GroupId>@TOPIC#_@TOPIC#c<n>`.
//! - A `From_Account` that is no member of the group is 10007; get_topic's `SelfInfo` reports
//!   the member's topic mute as the seconds left, its `MsgFlag`, and `MsgSeq` 0 (the sandbox
//!   keeps no read position per topic).
//! - Once a group has topics made through these commands, `send_group_msg` and
//!   `group_msg_get_simple` answer 10010 for a `TopicId` that is not one of them; groups without
//!   such topics keep the older rule (any topic ID of a Community group is taken to exist).
//! - Disbanding a topic drops its messages; an unknown or already disbanded topic is 110003 in its
//!   result item.

use super::{Route, find_group, require_member, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Group, State, TOPIC_INFIX, Topic, Topics};
use chat_api::group::ImportTopicRequest;
use chat_api::topic::{CreateTopicRequest, DestroyTopicRequest, GetTopicRequest, ModifyTopicRequest, TopicMuteAll};
use serde_json::{Map, Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(create_topic), route(destroy_topic), route(get_topic), route(modify_topic), route(import_topic)]
}

/// The Community group `id` (10015, 10010 as for other group commands; 11000 for other types).
fn community<'s>(state: &'s State, id: &str) -> Result<&'s Group, Fail> {
    let g = find_group(&state.groups, id)?;
    if g.group_type != "Community" {
        return Err(Fail::new(11000, format!("group {id} is a {} group, which has no topics", g.group_type)));
    }
    Ok(g)
}

/// For group commands that take a `TopicId`: 10010 when the group has topics made through the
/// topic commands and `topic` is none of them (see the module notes).
pub(super) fn check_known(topics: &Topics, g: &Group, topic: Option<&str>) -> Result<(), Fail> {
    let Some(t) = topic.filter(|t| !t.is_empty()) else { return Ok(()) };
    match topics.of(&g.id, g.seq) {
        Some(known) if !known.topics.contains_key(t) => {
            Err(Fail::new(10010, format!("topic {t} does not exist in group {}", g.id)))
        }
        _ => Ok(()),
    }
}

/// A new topic's ID: the one asked for, checked, or an assigned one; `taken` is the code for one
/// in use.
fn new_topic_id(state: &mut State, g: &Group, wanted: Option<String>, taken: i64) -> Result<String, Fail> {
    let id = match wanted {
        Some(id) => {
            let own = id.strip_prefix(g.id.as_str()).and_then(|rest| rest.strip_prefix(TOPIC_INFIX));
            if own.is_none_or(str::is_empty) {
                return Err(Fail::new(10004, format!("TopicId `{id}` is not `{}{TOPIC_INFIX}<part>`", g.id)));
            }
            id
        }
        None => {
            state.topics.next_number += 1;
            format!("{}{TOPIC_INFIX}@TOPIC#c{}", g.id, state.topics.next_number)
        }
    };
    if state.topics.of(&g.id, g.seq).is_some_and(|t| t.topics.contains_key(&id)) {
        return Err(Fail::new(taken, format!("topic ID {id} is already in use")));
    }
    Ok(id)
}

fn check_member(g: &Group, account: Option<&str>) -> Result<(), Fail> {
    match account {
        Some(a) => require_member(g, a, 10007).map(|_| ()),
        None => Ok(()),
    }
}

/// What create_topic and import_topic share: the checks, the ID, the stored profile.
struct NewTopic {
    group_id: String,
    topic_id: Option<String>,
    from: Option<String>,
    topic: Topic,
}

fn add_topic(state: &mut State, new: NewTopic, taken: i64) -> Result<Value, Fail> {
    let g = community(state, &new.group_id)?.clone();
    check_member(&g, new.from.as_deref())?;
    let id = new_topic_id(state, &g, new.topic_id, taken)?;
    state.topics.of_mut(&g.id, g.seq).topics.insert(id.clone(), new.topic);
    Ok(json!({"TopicId": id}))
}

/// A new topic's profile from a create or import request: name, then face URL, notification,
/// introduction and app-defined data; nobody muted.
fn profile(
    name: String,
    [face_url, notification, introduction, custom_string]: [Option<String>; 4],
    create_time: u64,
) -> Topic {
    Topic { name, face_url, notification, introduction, custom_string, mute_all: false, create_time }
}

/// Creates a topic, created now.
pub(super) fn create_topic(state: &mut State, cx: &Ctx<'_>, req: CreateTopicRequest) -> Result<Value, Fail> {
    let topic = profile(req.topic_name, [req.face_url, req.notification, req.introduction, req.custom_string], cx.now);
    add_topic(state, NewTopic { group_id: req.group_id, topic_id: req.topic_id, from: req.from_account, topic }, 10025)
}

/// Imports a topic with its creation time (the call's time when left out).
pub(super) fn import_topic(state: &mut State, cx: &Ctx<'_>, req: ImportTopicRequest) -> Result<Value, Fail> {
    if req.group_type.as_deref().is_some_and(|t| t != "Community") {
        return Err(Fail::new(10004, "Type must be Community"));
    }
    let create_time = match req.create_time {
        Some(t) => u64::try_from(t).map_err(|_| Fail::new(10004, format!("CreateTime {t} is not a time")))?,
        None => cx.now,
    };
    let topic =
        profile(req.topic_name, [req.face_url, req.notification, req.introduction, req.custom_string], create_time);
    add_topic(state, NewTopic { group_id: req.group_id, topic_id: req.topic_id, from: req.from_account, topic }, 10021)
}

/// Disbands topics, each with its own result, and drops their messages.
pub(super) fn destroy_topic(state: &mut State, _cx: &Ctx<'_>, req: DestroyTopicRequest) -> Result<Value, Fail> {
    let g = community(state, &req.group_id)?.clone();
    let mut items = Vec::new();
    for id in &req.topic_id_list {
        let removed = state.topics.of_mut(&g.id, g.seq).topics.remove(id).is_some();
        let (code, info) = if removed {
            if let Some(log) = state.group_messages.groups.get_mut(&g.id).filter(|l| l.group_seq == g.seq) {
                log.topics.remove(id);
            }
            (0, "ok")
        } else {
            (110003, "the topic does not exist or was disbanded already")
        };
        items.push(json!({"ErrorCode": code, "ErrorInfo": info, "TopicId": id}));
    }
    Ok(json!({"DestroyResultItem": items}))
}

/// The profile fields of `topic`, as get_topic names them.
fn topic_info(state: &State, g: &Group, id: &str, topic: &Topic) -> Map<String, Value> {
    let thread = state.group_messages.log(&g.id, g.seq).and_then(|l| l.topics.get(id));
    let next_seq = thread.map_or(1, |t| t.next_seq.max(1));
    let last_time = thread.and_then(|t| t.messages.values().map(|m| m.time).max()).unwrap_or(0);
    let mut info = Map::new();
    info.insert("TopicName".into(), json!(topic.name));
    info.insert("GroupID".into(), json!(g.id));
    info.insert("TopicId".into(), json!(id));
    info.insert("NextMsgSeq".into(), json!(next_seq));
    info.insert("CreateTime".into(), json!(topic.create_time));
    info.insert("LastMsgTime".into(), json!(last_time));
    info.insert("MuteAllMember".into(), json!(if topic.mute_all { "On" } else { "Off" }));
    let optional = [
        ("FaceUrl", &topic.face_url),
        ("Notification", &topic.notification),
        ("Introduction", &topic.introduction),
        ("CustomString", &topic.custom_string),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            info.insert(key.into(), json!(v));
        }
    }
    info
}

/// The topics asked for (all when none are named), filtered, with the member's state in each.
pub(super) fn get_topic(state: &mut State, cx: &Ctx<'_>, req: GetTopicRequest) -> Result<Value, Fail> {
    let g = community(state, &req.group_id)?;
    let member = require_member(g, &req.from_account, 10007)?;
    let known = state.topics.of(&g.id, g.seq);
    let ids: Vec<String> = match &req.topic_id_list {
        Some(ids) => ids.clone(),
        None => known.map(|k| k.topics.keys().cloned().collect()).unwrap_or_default(),
    };
    let mutes = state.group_extras.of(&g.id).map(|e| &e.topic_mutes);
    let mut items = Vec::new();
    for id in &ids {
        let Some(topic) = known.and_then(|k| k.topics.get(id)) else {
            items.push(json!({"ErrorCode": 110003, "ErrorInfo": "the topic does not exist or was disbanded"}));
            continue;
        };
        let mut info = topic_info(state, g, id, topic);
        if let Some(filter) = &req.response_filter {
            info.retain(|key, _| filter.iter().any(|f| f == key));
        }
        let end = mutes.and_then(|m| m.get(id)).and_then(|m| m.get(&req.from_account)).copied().unwrap_or(0);
        let self_info = json!({"ShutUpTime": end.saturating_sub(cx.now), "MsgSeq": 0, "MsgFlag": member.msg_flag});
        items.push(json!({"ErrorCode": 0, "ErrorInfo": "ok", "SelfInfo": self_info, "TopicInfo": info}));
    }
    Ok(json!({"TopicAndSelfInfo": items}))
}

/// Changes the fields given.
pub(super) fn modify_topic(state: &mut State, _cx: &Ctx<'_>, req: ModifyTopicRequest) -> Result<Value, Fail> {
    let g = community(state, &req.group_id)?.clone();
    check_member(&g, req.from_account.as_deref())?;
    let mute_all = match req.mute_all_member {
        None => None,
        Some(TopicMuteAll::On) => Some(true),
        Some(TopicMuteAll::Off) => Some(false),
        Some(other) => {
            return Err(Fail::new(10004, format!("MuteAllMember `{}` is neither On nor Off", other.as_str())));
        }
    };
    let topic = state
        .topics
        .of_mut(&g.id, g.seq)
        .topics
        .get_mut(&req.topic_id)
        .ok_or_else(|| Fail::new(10010, format!("topic {} does not exist or was disbanded", req.topic_id)))?;
    if let Some(name) = req.topic_name {
        topic.name = name;
    }
    let fields = [
        (&mut topic.face_url, req.face_url),
        (&mut topic.notification, req.notification),
        (&mut topic.introduction, req.introduction),
        (&mut topic.custom_string, req.custom_string),
    ];
    for (slot, value) in fields {
        if value.is_some() {
            *slot = value;
        }
    }
    if let Some(on) = mute_all {
        topic.mute_all = on;
    }
    super::ok()
}
