//! Permission groups of Community groups: `v4/group_open_http_svc/{create,get}_permission_group`,
//! `{add,set}_topic_permission_group`.
//!
//! The stored copies of these pages end inside their request tables: they give neither the
//! replies, nor the meaning of the permission bits, nor the error codes. The bits are documented
//! for the client SDKs (V2TIMTopicPermissionValue: 8 send in the topic, 16 read history from
//! before joining; the "permission group" guide, cloud.tencent.com/document/product/269/104417:
//! a member holds the union of the everyone defaults and the groups it is in, the owner all),
//! but the sandbox gates nothing on them: no covered call puts a member into a permission group,
//! switches permission groups on or sets the default permissions, and no page says that REST
//! calls made for a member honour the bits or which code a refusal would carry. So it keeps
//! permission groups and their topic permissions, answers with the status envelope only, and
//! decides its own codes: the group checks of the other group
//! commands (10015, 10010), 10004 for a group that is not a Community, a permission-group ID in
//! use or unknown, or a topic the group does not have (when it has topics made through the topic
//! commands), and for set_topic_permission_group a topic the permission group has no permission for.

use super::topics::check_known;
use super::{Route, find_group, ok, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Group, GroupPermissions, PermissionGroup, State};
use chat_api::group::{
    AddTopicPermissionGroupRequest, CreatePermissionGroupRequest, GetPermissionGroupRequest,
    SetTopicPermissionGroupRequest, TopicPermission,
};
use serde_json::Value;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(create_permission_group),
        route(get_permission_group),
        route(add_topic_permission_group),
        route(set_topic_permission_group),
    ]
}

/// The Community group `id`.
fn community(state: &State, id: &str) -> Result<Group, Fail> {
    let g = find_group(&state.groups, id)?;
    if g.group_type != "Community" {
        return Err(Fail::new(
            10004,
            format!("group {id} is a {} group; permission groups are for Communities", g.group_type),
        ));
    }
    Ok(g.clone())
}

fn create_permission_group(state: &mut State, _cx: &Ctx<'_>, req: CreatePermissionGroupRequest) -> Result<Value, Fail> {
    let g = community(state, &req.group_id)?;
    let id = match req.permission_group_id {
        Some(id) => id,
        None => {
            state.permission_groups.next_number += 1;
            format!("@PMG#_@PMG#c{}", state.permission_groups.next_number)
        }
    };
    let all = state.permission_groups.of_mut(&g.id, g.seq);
    if all.permission_groups.contains_key(&id) {
        return Err(Fail::new(10004, format!("permission group {id} already exists")));
    }
    let pg = PermissionGroup {
        name: req.permission_group_name,
        permission: req.permission,
        custom_string: req.custom_string,
        topics: Default::default(),
    };
    all.permission_groups.insert(id, pg);
    ok()
}

/// Reads are answered with the envelope only (the reply's fields are unknown), after the checks.
fn get_permission_group(state: &mut State, _cx: &Ctx<'_>, req: GetPermissionGroupRequest) -> Result<Value, Fail> {
    let g = community(state, &req.group_id)?;
    let all = state.permission_groups.of_mut(&g.id, g.seq);
    for id in req.permission_group_id_list.iter().flatten() {
        known(all, id)?;
    }
    ok()
}

fn known<'s>(all: &'s mut GroupPermissions, id: &str) -> Result<&'s mut PermissionGroup, Fail> {
    all.permission_groups.get_mut(id).ok_or_else(|| Fail::new(10004, format!("permission group {id} does not exist")))
}

/// What add and set share: the checks, then each topic's bits; `must_exist` (set) refuses topics
/// the permission group has no entry for.
fn topic_permissions(
    state: &mut State,
    group_id: &str,
    permission_group: &str,
    list: &[TopicPermission],
    must_exist: bool,
) -> Result<Value, Fail> {
    let g = community(state, group_id)?;
    for t in list {
        check_known(&state.topics, &g, Some(&t.topic_id)).map_err(|e| Fail::new(10004, e.info))?;
    }
    let pg = known(state.permission_groups.of_mut(&g.id, g.seq), permission_group)?;
    if must_exist {
        if let Some(t) = list.iter().find(|t| !pg.topics.contains_key(&t.topic_id)) {
            return Err(Fail::new(10004, format!("permission group has no permission for topic {}", t.topic_id)));
        }
    }
    for t in list {
        pg.topics.insert(t.topic_id.clone(), t.permission);
    }
    ok()
}

fn add_topic_permission_group(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: AddTopicPermissionGroupRequest,
) -> Result<Value, Fail> {
    topic_permissions(state, &req.group_id, &req.permission_group_id, &req.topic_permission_list, false)
}

fn set_topic_permission_group(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: SetTopicPermissionGroupRequest,
) -> Result<Value, Fail> {
    topic_permissions(state, &req.group_id, &req.permission_group_id, &req.topic_permission_list, true)
}
