//! Group management: `v4/group_open_http_svc/*`.

use super::{Route, ok, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Group, Member, State};
use chat_api::GroupType;
use chat_api::group::{CreateGroupRequest, DestroyGroupRequest, GetGroupInfoRequest};
use serde_json::{Map, Value, json};

/// Longest group ID the service accepts.

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(create_group), route(destroy_group), route(get_group_info)]
}

const MAX_GROUP_ID_BYTES: usize = 48;
/// Prefix of the IDs the service assigns; apps may not use it.
const ASSIGNED_PREFIX: &str = "@TGS#";
/// Member limit of a group whose creator sets none.
const DEFAULT_MAX_MEMBERS: i64 = 2000;

fn check_group_id(id: &str) -> Result<(), Fail> {
    if id.is_empty() || id.len() > MAX_GROUP_ID_BYTES || id.chars().any(char::is_control) {
        return Err(Fail::new(10015, format!("`{id}` is not a valid group ID")));
    }
    Ok(())
}

/// Owner and members must be imported accounts; an audio-video group takes no members at
/// creation (10007); a custom ID must be printable ASCII without the service's prefix, and free
/// (10021, or 10025 when the caller would own the existing group); the member limit holds (10038).
pub(super) fn create_group(state: &mut State, cx: &Ctx<'_>, req: CreateGroupRequest) -> Result<Value, Fail> {
    let members = req.member_list.clone().unwrap_or_default();
    for account in req.owner_account.iter().chain(members.iter().map(|m| &m.member_account)) {
        if !state.accounts.contains_key(account) {
            return Err(Fail::new(10004, format!("account `{account}` has not been imported")));
        }
    }
    if req.group_type == GroupType::AvChatRoom && !members.is_empty() {
        return Err(Fail::new(10007, "an audio-video group takes no members at creation"));
    }
    let id = match &req.group_id {
        Some(id) => {
            if !id.bytes().all(|b| (0x20..=0x7e).contains(&b)) || id.starts_with(ASSIGNED_PREFIX) {
                return Err(Fail::new(
                    10004,
                    format!("custom group ID `{id}` must be printable ASCII and not start with {ASSIGNED_PREFIX}"),
                ));
            }
            check_group_id(id)?;
            if let Some(existing) = state.groups.get(id) {
                let mine = existing.owner.is_some() && existing.owner == req.owner_account;
                let code = if mine { 10025 } else { 10021 };
                return Err(Fail::new(code, format!("group ID `{id}` is in use")));
            }
            id.clone()
        }
        None => {
            state.next_group_number += 1;
            let community = if req.group_type == GroupType::Community { "_" } else { "" };
            format!("{ASSIGNED_PREFIX}{community}{:08X}{:04X}", state.next_group_number, cx.now % 0x10000)
        }
    };
    let max = req.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS);
    let count = members.len() + usize::from(req.owner_account.is_some());
    if count as i64 > max {
        return Err(Fail::new(10038, format!("{count} members exceed the group's limit of {max}")));
    }
    let mut group = Group {
        id: id.clone(),
        group_type: req.group_type.as_str().to_string(),
        name: req.name,
        owner: req.owner_account.clone(),
        introduction: req.introduction,
        notification: req.notification,
        face_url: req.face_url,
        max_member_count: Some(max),
        apply_join_option: req.apply_join_option.map(|o| o.as_str().to_string()),
        create_time: cx.now,
        ..Group::default()
    };
    for item in req.app_defined_data.unwrap_or_default() {
        group.app_defined.insert(item.key, item.value);
    }
    if let Some(owner) = &req.owner_account {
        group.members.insert(owner.clone(), Member { role: "Owner".into(), join_time: cx.now });
    }
    for m in members {
        let role = m.role.map_or("Member".to_string(), |r| r.as_str().to_string());
        group.members.entry(m.member_account).or_insert(Member { role, join_time: cx.now });
    }
    state.groups.insert(id.clone(), group);
    Ok(json!({"GroupId": id, "Type": req.group_type.as_str()}))
}

pub(super) fn destroy_group(state: &mut State, _cx: &Ctx<'_>, req: DestroyGroupRequest) -> Result<Value, Fail> {
    check_group_id(&req.group_id)?;
    if state.groups.remove(&req.group_id).is_none() {
        return Err(Fail::new(10010, format!("group {} does not exist or was disbanded", req.group_id)));
    }
    ok()
}

/// One entry per requested ID, in order, each with its own code: 10015 for an ID that cannot be a
/// group's, 10010 for a group that does not exist. Filters narrow the fields as documented;
/// without filters every basic field and the member list are returned.
pub(super) fn get_group_info(state: &mut State, _cx: &Ctx<'_>, req: GetGroupInfoRequest) -> Result<Value, Fail> {
    let filter = req.response_filter.unwrap_or_default();
    let base = filter.group_base_info_filter;
    let member_fields = filter.member_info_filter;
    let wanted = |list: &Option<Vec<String>>, key: &str| list.as_ref().is_none_or(|l| l.iter().any(|k| k == key));
    let infos: Vec<Value> = req
        .group_id_list
        .iter()
        .map(|id| {
            if check_group_id(id).is_err() {
                return json!({"GroupId": id, "ErrorCode": 10015, "ErrorInfo": "invalid group ID"});
            }
            let Some(g) = state.groups.get(id) else {
                return json!({"GroupId": id, "ErrorCode": 10010, "ErrorInfo": "group does not exist"});
            };
            let mut info = Map::new();
            info.insert("GroupId".into(), json!(g.id));
            info.insert("ErrorCode".into(), json!(0));
            info.insert("ErrorInfo".into(), json!(""));
            let fields: [(&str, Value); 10] = [
                ("Type", json!(g.group_type)),
                ("Name", json!(g.name)),
                ("Introduction", json!(g.introduction.clone().unwrap_or_default())),
                ("Notification", json!(g.notification.clone().unwrap_or_default())),
                ("FaceUrl", json!(g.face_url.clone().unwrap_or_default())),
                ("Owner_Account", json!(g.owner.clone().unwrap_or_default())),
                ("CreateTime", json!(g.create_time)),
                ("MemberNum", json!(g.members.len())),
                ("MaxMemberNum", json!(g.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS))),
                ("ApplyJoinOption", json!(g.apply_join_option.clone().unwrap_or_else(|| "NeedPermission".into()))),
            ];
            for (key, value) in fields {
                if wanted(&base, key) {
                    info.insert(key.into(), value);
                }
            }
            if !g.app_defined.is_empty() {
                let data: Vec<Value> = g
                    .app_defined
                    .iter()
                    .filter(|(k, _)| wanted(&filter.app_defined_data_filter_group, k))
                    .map(|(k, v)| json!({"Key": k, "Value": v}))
                    .collect();
                info.insert("AppDefinedData".into(), json!(data));
            }
            let members: Vec<Value> = g
                .members
                .iter()
                .map(|(account, m)| {
                    let mut entry = Map::new();
                    entry.insert("Member_Account".into(), json!(account));
                    for (key, value) in [("Role", json!(m.role)), ("JoinTime", json!(m.join_time))] {
                        if wanted(&member_fields, key) {
                            entry.insert(key.into(), value);
                        }
                    }
                    Value::Object(entry)
                })
                .collect();
            info.insert("MemberList".into(), json!(members));
            Value::Object(info)
        })
        .collect();
    Ok(json!({"GroupInfo": infos}))
}
