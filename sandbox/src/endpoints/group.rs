//! Group management: `v4/group_open_http_svc/*` (groups, members, roles, imports).
//!
//! Codes the pages leave open are the sandbox's choice, stated on each handler. Two apply
//! throughout: a member named by a call that needs one (modify_group_member_info,
//! set_unread_msg_num) but who does not belong to the group is refused with 10007, and a user ID
//! that is no imported account is refused with the code the endpoint's page gives (10019 where it
//! lists one, else 10004).

use super::{
    Route, check_group_id, distinct, find_group, find_group_mut, ok, page, require_account, require_member, route,
};
use crate::emulator::{Ctx, Fail};
use crate::state::{Group, Member, State, end_after};
use chat_api::AppDefinedDataItem;
use chat_api::GroupType;
use chat_api::group::{
    AddGroupMemberRequest, ChangeGroupOwnerRequest, CreateGroupRequest, DeleteGroupMemberRequest, DestroyGroupRequest,
    GetAppidGroupListRequest, GetGroupInfoRequest, GetGroupMemberInfoRequest, GetJoinedGroupListRequest,
    GetOnlineMemberNumRequest, GetRoleInGroupRequest, GetSpecifiedGroupMemberInfoRequest, ImportGroupMemberRequest,
    ImportGroupRequest, ModifyGroupBaseInfoRequest, ModifyGroupMemberInfoRequest, SetUnreadMsgNumRequest,
};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(create_group),
        route(destroy_group),
        route(get_group_info),
        route(get_appid_group_list),
        route(get_group_member_info),
        route(get_specified_group_member_info),
        route(modify_group_base_info),
        route(add_group_member),
        route(delete_group_member),
        route(modify_group_member_info),
        route(get_joined_group_list),
        route(get_role_in_group),
        route(change_group_owner),
        route(import_group),
        route(import_group_member),
        route(set_unread_msg_num),
        route(get_online_member_num),
    ]
}

/// Prefix of the IDs the service assigns; apps may not use it.
const ASSIGNED_PREFIX: &str = "@TGS#";
/// Member limit of a group whose creator sets none.
const DEFAULT_MAX_MEMBERS: i64 = 2000;
/// Group IDs one get_appid_group_list reply holds when `Limit` is left out.
const APP_GROUP_PAGE: usize = 10_000;

/// Refuses audio-video groups with `code`, for the endpoints whose pages exclude them.
fn not_av(g: &Group, code: i64, what: &str) -> Result<(), Fail> {
    if g.is_av() {
        return Err(Fail::new(code, format!("audio-video groups do not support {what}")));
    }
    Ok(())
}

/// A `GroupType` filter must name a type the service knows (10004, as get_appid_group_list's
/// page says for a bad `GroupType`).
fn known_type(t: Option<&GroupType>) -> Result<(), Fail> {
    if let Some(GroupType::Unknown(raw)) = t {
        return Err(Fail::new(10004, format!("`{raw}` is not a group type")));
    }
    Ok(())
}

/// Whether `key` is wanted by a filter list (a list left out wants everything).
fn wanted(list: Option<&[String]>, key: &str) -> bool {
    list.is_none_or(|l| l.iter().any(|k| k == key))
}

/// `Offset` and `Limit` as positions: a negative offset starts at the first item, a limit left out
/// (or negative) takes every item.
fn offset_limit(offset: i64, limit: Option<i64>) -> (usize, usize) {
    (usize::try_from(offset).unwrap_or(0), limit.and_then(|l| usize::try_from(l).ok()).unwrap_or(usize::MAX))
}

/// Sets custom fields from a request: an empty value deletes the key.
fn apply_custom(into: &mut BTreeMap<String, String>, items: Vec<AppDefinedDataItem>) {
    for item in items {
        if item.value.is_empty() {
            into.remove(&item.key);
        } else {
            into.insert(item.key, item.value);
        }
    }
}

fn custom_list(data: &BTreeMap<String, String>, filter: Option<&[String]>) -> Value {
    let items: Vec<Value> =
        data.iter().filter(|(k, _)| wanted(filter, k)).map(|(k, v)| json!({"Key": k, "Value": v})).collect();
    json!(items)
}

/// The basic fields of a group, by wire name, as get_group_info and get_joined_group_list return
/// them. Audio-video groups give no member count.
fn base_fields(g: &Group) -> Vec<(&'static str, Value)> {
    let mut fields = vec![
        ("Type", json!(g.group_type)),
        ("Name", json!(g.name)),
        ("Introduction", json!(g.introduction.clone().unwrap_or_default())),
        ("Notification", json!(g.notification.clone().unwrap_or_default())),
        ("FaceUrl", json!(g.face_url.clone().unwrap_or_default())),
        ("Owner_Account", json!(g.owner.clone().unwrap_or_default())),
        ("CreateTime", json!(g.create_time)),
        ("InfoSeq", json!(g.info_seq)),
        ("LastInfoTime", json!(g.last_info_time)),
        ("LastMsgTime", json!(g.last_msg_time)),
        ("NextMsgSeq", json!(g.next_msg_seq.max(1))),
        ("MaxMemberNum", json!(g.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS))),
        ("ApplyJoinOption", json!(g.apply_join_option.clone().unwrap_or_else(|| "NeedPermission".into()))),
        ("MuteAllMember", json!(if g.mute_all { "On" } else { "Off" })),
    ];
    if !g.is_av() {
        fields.push(("MemberNum", json!(g.members.len())));
    }
    fields
}

/// Which member fields and custom keys a member entry carries.
struct MemberView<'a> {
    fields: Option<&'a [String]>,
    custom: Option<&'a [String]>,
    online: bool,
}

/// One member as the profile reads return it. The mute end comes from the group's mutes
/// (`State::group_extras`), as `MuteUntil`.
fn member_entry(state: &State, g: &Group, account: &str, m: &Member, view: &MemberView<'_>, now: u64) -> Value {
    let mute_until = state.group_extras.mute_until(&g.id, account, now).unwrap_or(0);
    let mut entry = Map::new();
    entry.insert("Member_Account".into(), json!(account));
    let fields = [
        ("Role", json!(m.role)),
        ("JoinTime", json!(m.join_time)),
        ("MsgSeq", json!(m.msg_seq)),
        ("MsgFlag", json!(msg_flag(m))),
        ("LastSendMsgTime", json!(m.last_send_msg_time)),
        ("NameCard", json!(m.name_card)),
    ];
    for (key, value) in fields {
        if wanted(view.fields, key) {
            entry.insert(key.into(), value);
        }
    }
    if wanted(view.fields, "MuteUntil") {
        entry.insert("MuteUntil".into(), json!(mute_until));
    }
    // Nobody connects to the sandbox: a member asked about is always offline.
    if view.online && view.fields.is_some_and(|f| f.iter().any(|k| k == "OnlineStatus")) {
        entry.insert("OnlineStatus".into(), json!("Offline"));
    }
    if !m.app_defined.is_empty() {
        entry.insert("AppMemberDefinedData".into(), custom_list(&m.app_defined, view.custom));
    }
    Value::Object(entry)
}

/// How the member receives messages; a member set up without a flag gets the default.
fn msg_flag(m: &Member) -> &str {
    if m.msg_flag.is_empty() { "AcceptAndNotify" } else { &m.msg_flag }
}

/// Members in the order the reads return them: by join time, then user ID.
fn ordered_members(g: &Group) -> Vec<(&String, &Member)> {
    let mut members: Vec<(&String, &Member)> = g.members.iter().collect();
    members.sort_by_key(|(account, m)| (m.join_time, account.as_str()));
    members
}

/// A new group's ID: the custom one after the checks create_group documents (printable ASCII,
/// no `@TGS#` prefix, 10021 when taken, 10025 when the caller would own the existing group), else
/// one assigned from the state's counter (`@TGS#_` for Community groups).
fn new_group_id(
    state: &State,
    custom: Option<&str>,
    owner: Option<&String>,
    group_type: &GroupType,
    now: u64,
) -> Result<String, Fail> {
    match custom {
        Some(id) => {
            if !id.bytes().all(|b| (0x20..=0x7e).contains(&b)) || id.starts_with(ASSIGNED_PREFIX) {
                return Err(Fail::new(
                    10004,
                    format!("custom group ID `{id}` must be printable ASCII and not start with {ASSIGNED_PREFIX}"),
                ));
            }
            check_group_id(id)?;
            if let Some(existing) = state.groups.get(id) {
                let mine = existing.owner.is_some() && existing.owner.as_ref() == owner;
                let code = if mine { 10025 } else { 10021 };
                return Err(Fail::new(code, format!("group ID `{id}` is in use")));
            }
            Ok(id.to_string())
        }
        None => {
            let community = if *group_type == GroupType::Community { "_" } else { "" };
            Ok(format!("{ASSIGNED_PREFIX}{community}{:08X}{:04X}", state.next_group_number + 1, now % 0x10000))
        }
    }
}

/// A new group from the profile fields of `$req` (create_group and import_group share them but are
/// different generated types), made at `$created` and numbered next in the app; the owner, if
/// any, joins at `$created`.
macro_rules! new_group {
    ($state:expr, $req:expr, $id:expr, $created:expr) => {{
        $state.next_group_number += 1;
        let mut group = Group {
            id: $id,
            group_type: $req.group_type.as_str().to_string(),
            name: $req.name,
            owner: $req.owner_account.clone(),
            introduction: $req.introduction,
            notification: $req.notification,
            face_url: $req.face_url,
            max_member_count: Some($req.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS)),
            apply_join_option: $req.apply_join_option.map(|o| o.as_str().to_string()),
            support_topic: $req.group_type == GroupType::Community && $req.support_topic == Some(true),
            create_time: $created,
            seq: $state.next_group_number,
            info_seq: 1,
            last_info_time: $created,
            next_msg_seq: 1,
            ..Group::default()
        };
        apply_custom(&mut group.app_defined, $req.app_defined_data.unwrap_or_default());
        if let Some(owner) = &$req.owner_account {
            group.members.insert(owner.clone(), Member::new("Owner", $created));
        }
        group
    }};
}

/// Owner and members must be imported accounts; an audio-video group takes no members at
/// creation (10007); a custom ID must be printable ASCII without the service's prefix, and free
/// (10021, or 10025 when the caller would own the existing group); the member limit holds (10038).
pub(super) fn create_group(state: &mut State, cx: &Ctx<'_>, req: CreateGroupRequest) -> Result<Value, Fail> {
    let members = req.member_list.clone().unwrap_or_default();
    for account in req.owner_account.iter().chain(members.iter().map(|m| &m.member_account)) {
        require_account(state, account, 10004)?;
    }
    if req.group_type == GroupType::AvChatRoom && !members.is_empty() {
        return Err(Fail::new(10007, "an audio-video group takes no members at creation"));
    }
    let id = new_group_id(state, req.group_id.as_deref(), req.owner_account.as_ref(), &req.group_type, cx.now)?;
    let max = req.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS);
    let count = members.len() + usize::from(req.owner_account.is_some());
    if count as i64 > max {
        return Err(Fail::new(10038, format!("{count} members exceed the group's limit of {max}")));
    }
    let mut group = new_group!(state, req, id.clone(), cx.now);
    for m in members {
        let role = m.role.map_or("Member".to_string(), |r| r.as_str().to_string());
        let mut member = Member::new(role, cx.now);
        apply_custom(&mut member.app_defined, m.app_member_defined_data.unwrap_or_default());
        group.members.entry(m.member_account).or_insert(member);
    }
    state.groups.insert(id.clone(), group);
    Ok(json!({"GroupId": id, "Type": req.group_type.as_str()}))
}

/// Removes the group; its mutes, bans, attributes and counters go with it.
pub(super) fn destroy_group(state: &mut State, _cx: &Ctx<'_>, req: DestroyGroupRequest) -> Result<Value, Fail> {
    find_group(&state.groups, &req.group_id)?;
    state.groups.remove(&req.group_id);
    let groups = &state.groups;
    state.group_extras.retain_groups(|id| groups.contains_key(id));
    ok()
}

/// One entry per requested ID, in order, each with its own code: 10015 for an ID that cannot be a
/// group's, 10010 for a group that does not exist. Filters narrow the fields as documented;
/// without filters every basic field and the member list are returned. Audio-video groups give
/// neither a member count nor a member list.
pub(super) fn get_group_info(state: &mut State, cx: &Ctx<'_>, req: GetGroupInfoRequest) -> Result<Value, Fail> {
    let filter = req.response_filter.unwrap_or_default();
    let base = filter.group_base_info_filter.as_deref();
    let member_fields = filter.member_info_filter.as_deref();
    let view = MemberView {
        fields: member_fields,
        custom: filter.app_defined_data_filter_group_member.as_deref(),
        online: false,
    };
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
            info.insert("Appid".into(), json!(cx.config.sdkappid));
            for (key, value) in base_fields(g) {
                if wanted(base, key) {
                    info.insert(key.into(), value);
                }
            }
            if !g.app_defined.is_empty() {
                info.insert(
                    "AppDefinedData".into(),
                    custom_list(&g.app_defined, filter.app_defined_data_filter_group.as_deref()),
                );
            }
            if !g.is_av() {
                let members: Vec<Value> =
                    ordered_members(g).into_iter().map(|(a, m)| member_entry(state, g, a, m, &view, cx.now)).collect();
                info.insert("MemberList".into(), json!(members));
            }
            Value::Object(info)
        })
        .collect();
    Ok(json!({"GroupInfo": infos}))
}

/// The app's groups in creation order, optionally of one type. `Next` is the sandbox's cursor:
/// how many groups of the listing came before the next page (0 once the listing is complete).
/// Groups made between pages come last, so they are reached; a group disbanded between pages
/// may make the next page skip one group (the pages say nothing of either case). An unknown
/// `GroupType` is refused with 10004.
pub(super) fn get_appid_group_list(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetAppidGroupListRequest,
) -> Result<Value, Fail> {
    known_type(req.group_type.as_ref())?;
    let wanted_type = req.group_type.as_ref().map(|t| t.as_str().to_string());
    let mut groups: Vec<&Group> =
        state.groups.values().filter(|g| wanted_type.as_ref().is_none_or(|t| *t == g.group_type)).collect();
    groups.sort_by_key(|g| (g.seq, g.id.as_str()));
    let total = groups.len();
    let start = usize::try_from(req.next.unwrap_or(0)).unwrap_or(0);
    let limit = req.limit.and_then(|l| usize::try_from(l).ok()).unwrap_or(APP_GROUP_PAGE);
    let (shown, next) = page(&groups, start, limit);
    let ids: Vec<Value> = shown.iter().map(|g| json!({"GroupId": g.id})).collect();
    Ok(json!({"TotalCount": total, "GroupIdList": ids, "Next": next.unwrap_or(0)}))
}

/// Members by join time, narrowed by role and fields. Pages: `Offset`/`Limit` for every type but
/// Community, whose pages follow `Next` (the sandbox's cursor is the number of members already
/// returned, as a string; "" after the last page). Audio-video groups are refused (10007): they
/// store no member profiles. `MemberNum` counts every member.
pub(super) fn get_group_member_info(
    state: &mut State,
    cx: &Ctx<'_>,
    req: GetGroupMemberInfoRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    not_av(g, 10007, "reading member profiles; audio-video groups store none")?;
    let community = g.group_type == "Community";
    let view = MemberView {
        fields: req.member_info_filter.as_deref(),
        custom: req.app_defined_data_filter_group_member.as_deref(),
        online: false,
    };
    let members = ordered_members(g);
    let roles = req.member_role_filter.as_ref();
    let members: Vec<(&String, &Member)> =
        members.into_iter().filter(|(_, m)| roles.is_none_or(|r| r.iter().any(|r| r.as_str() == m.role))).collect();
    let offset = if community {
        req.next.as_deref().filter(|n| !n.is_empty()).map_or(Ok(0), |n| {
            n.parse::<i64>().map_err(|_| Fail::new(10004, format!("`{n}` is not a Next value this group gave")))
        })?
    } else {
        req.offset.unwrap_or(0)
    };
    let (start, limit) = offset_limit(offset, req.limit);
    let (shown, next) = page(&members, start, limit);
    let list: Vec<Value> = shown.iter().map(|(a, m)| member_entry(state, g, a, m, &view, cx.now)).collect();
    let mut reply = json!({"MemberNum": g.members.len(), "MemberList": list});
    if community {
        reply["Next"] = json!(next.map(|n| n.to_string()).unwrap_or_default());
    }
    Ok(reply)
}

/// The named users that are members, in the order named, narrowed by role and fields; others are
/// left out. Audio-video groups are refused (10007). `OnlineStatus` comes only when the filter
/// names it, and is always `Offline` (nobody connects to the sandbox).
pub(super) fn get_specified_group_member_info(
    state: &mut State,
    cx: &Ctx<'_>,
    req: GetSpecifiedGroupMemberInfoRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    not_av(g, 10007, "reading named members")?;
    let view = MemberView {
        fields: req.member_info_filter.as_deref(),
        custom: req.app_defined_data_filter_group_member.as_deref(),
        online: true,
    };
    let roles = req.member_role_filter.as_ref();
    let mut list = Vec::new();
    for account in distinct(&req.member_list_account) {
        let Some(m) = g.members.get(account) else { continue };
        if roles.is_none_or(|r| r.iter().any(|r| r.as_str() == m.role)) {
            list.push(member_entry(state, g, account, m, &view, cx.now));
        }
    }
    Ok(json!({"GroupId": g.id, "MemberList": list}))
}

/// Changes the fields given and raises `InfoSeq`. Sandbox choices: an empty `Name`, a
/// `MaxMemberNum` below the current member count, an `InviteJoinOption` for an audio-video group
/// and a `From_Account` that is not an imported account are refused with 10004. `MaxMemberNum` is
/// ignored for audio-video groups, as documented.
pub(super) fn modify_group_base_info(
    state: &mut State,
    cx: &Ctx<'_>,
    req: ModifyGroupBaseInfoRequest,
) -> Result<Value, Fail> {
    if let Some(from) = &req.from_account {
        require_account(state, from, 10004)?;
    }
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    if req.name.as_deref() == Some("") {
        return Err(Fail::new(10004, "a group name cannot be empty"));
    }
    if let Some(max) = req.max_member_num {
        if !g.is_av() && usize::try_from(max).map_or(true, |max| max < g.members.len()) {
            return Err(Fail::new(
                10004,
                format!("the group already has {} members, more than {max}", g.members.len()),
            ));
        }
    }
    if req.invite_join_option.is_some() && g.is_av() {
        return Err(Fail::new(10004, "audio-video groups have no invitation option"));
    }
    if let Some(name) = req.name {
        g.name = name;
    }
    if let Some(v) = req.introduction {
        g.introduction = Some(v);
    }
    if let Some(v) = req.notification {
        g.notification = Some(v);
    }
    if let Some(v) = req.face_url {
        g.face_url = Some(v);
    }
    if let Some(max) = req.max_member_num {
        if !g.is_av() {
            g.max_member_count = Some(max);
        }
    }
    if let Some(o) = req.apply_join_option {
        g.apply_join_option = Some(o.as_str().to_string());
    }
    if let Some(o) = req.invite_join_option {
        g.invite_join_option = Some(o.as_str().to_string());
    }
    if let Some(m) = req.mute_all_member {
        g.mute_all = m.as_str() == "On";
    }
    apply_custom(&mut g.app_defined, req.app_defined_data.unwrap_or_default());
    g.info_seq += 1;
    g.last_info_time = cx.now;
    ok()
}

/// Adds the named users (refused for audio-video groups with 10007). Every user must be imported
/// (10019); a user named twice counts once. Members already in the group get `Result` 2; when
/// the new ones would exceed the member limit the call fails with 10014 and adds nobody. The
/// admin adds directly, so no user is left waiting for consent (`Result` 3 never comes).
pub(super) fn add_group_member(state: &mut State, cx: &Ctx<'_>, req: AddGroupMemberRequest) -> Result<Value, Fail> {
    for m in &req.member_list {
        require_account(state, &m.member_account, 10019)?;
    }
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    not_av(g, 10007, "adding members; users join them from the client")?;
    let mut new: Vec<&String> = Vec::new();
    for m in &req.member_list {
        if !g.members.contains_key(&m.member_account) && !new.contains(&&m.member_account) {
            new.push(&m.member_account);
        }
    }
    let max = g.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS);
    if (g.members.len() + new.len()) as i64 > max {
        return Err(Fail::new(10014, format!("the group holds at most {max} members")));
    }
    let mut results = Vec::new();
    for m in &req.member_list {
        let account = &m.member_account;
        let result = if g.members.contains_key(account) {
            if new.contains(&account) { 1 } else { 2 }
        } else {
            g.members.insert(account.clone(), Member::new("Member", cx.now));
            1
        };
        results.push(json!({"Member_Account": account, "Result": result}));
    }
    Ok(json!({"MemberList": results}))
}

/// Removes the named members; users who are not members are passed over. Audio-video groups are
/// refused with 10004 and naming the owner with 10007, as documented (nobody is removed then).
pub(super) fn delete_group_member(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: DeleteGroupMemberRequest,
) -> Result<Value, Fail> {
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    not_av(g, 10004, "removing members")?;
    if let Some(owner) = req.member_to_del_account.iter().find(|a| g.members.get(*a).is_some_and(|m| m.role == "Owner"))
    {
        return Err(Fail::new(10007, format!("`{owner}` owns the group and cannot be removed")));
    }
    for account in &req.member_to_del_account {
        g.members.remove(account);
    }
    ok()
}

/// Changes one member. Refused with 10007: a user who is not a member (sandbox choice), the
/// owner's role, any member of an audio-video group, and mutes in Private groups; `Role`
/// `Owner` is refused with 10004 (ownership moves with change_group_owner). The mute is recorded
/// with the group's other mutes (`State::group_extras`).
pub(super) fn modify_group_member_info(
    state: &mut State,
    cx: &Ctx<'_>,
    req: ModifyGroupMemberInfoRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    let (created, private) = (g.create_time, g.group_type == "Private");
    not_av(g, 10007, "changing member profiles; audio-video groups store none")?;
    let m = require_member(g, &req.member_account, 10007)?;
    if let Some(role) = &req.role {
        match role.as_str() {
            "Admin" | "Member" if m.role == "Owner" => {
                return Err(Fail::new(10007, "the owner's role changes only with change_group_owner"));
            }
            "Admin" | "Member" => {}
            other => {
                return Err(Fail::new(10004, format!("role `{other}` cannot be given here; only Admin or Member")));
            }
        }
    }
    if req.mute_time.is_some() && private {
        return Err(Fail::new(10007, "members of Private (Work) groups cannot be muted"));
    }
    if let Some(seconds) = req.mute_time {
        let mutes = state.group_extras.entry(&req.group_id, created).mutes_at(None, cx.now);
        if seconds == 0 {
            mutes.remove(&req.member_account);
        } else {
            mutes.insert(req.member_account.clone(), end_after(cx.now, seconds.unsigned_abs()));
        }
    }
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    let Some(m) = g.members.get_mut(&req.member_account) else { return ok() };
    if let Some(role) = req.role {
        m.role = role.as_str().to_string();
    }
    if let Some(flag) = req.msg_flag {
        m.msg_flag = flag.as_str().to_string();
    }
    if let Some(card) = req.name_card {
        m.name_card = card;
    }
    apply_custom(&mut m.app_defined, req.app_member_defined_data.unwrap_or_default());
    ok()
}

/// The groups the user belongs to in creation order, narrowed by type; audio-video groups only
/// with `WithHugeGroups` 1. The sandbox keeps no notion of an inactive Private group, so
/// `WithNoActiveGroups` changes nothing. A user who is no imported account simply has no groups.
/// `SupportTopic` keeps Community groups with (1) or without (0) topics, whose entries then carry
/// `Type` and `SupportTopic`; with another `GroupType` it is refused (10004). The sandbox keeps
/// no topic messages, so the topic sequences (`GrossTopicNextMsgSeq`...) are not given.
pub(super) fn get_joined_group_list(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetJoinedGroupListRequest,
) -> Result<Value, Fail> {
    known_type(req.group_type.as_ref())?;
    let account = &req.member_account;
    let wanted_type = req.group_type.as_ref().map(|t| t.as_str().to_string());
    let with_av = req.with_huge_groups == Some(true);
    // `SupportTopic` narrows to Community groups with (1) or without (0) topics.
    let topics = req.support_topic;
    if topics.is_some() && wanted_type.as_ref().is_some_and(|t| t != "Community") {
        return Err(Fail::new(10004, "`SupportTopic` is for GroupType `Community` only"));
    }
    let mut groups: Vec<&Group> = state
        .groups
        .values()
        .filter(|g| g.members.contains_key(account))
        .filter(|g| wanted_type.as_ref().is_none_or(|t| *t == g.group_type))
        .filter(|g| with_av || !g.is_av())
        .filter(|g| topics.is_none_or(|t| g.group_type == "Community" && g.support_topic == t))
        .collect();
    groups.sort_by_key(|g| (g.seq, g.id.as_str()));
    let total = groups.len();
    let filter = req.response_filter.unwrap_or_default();
    let base = filter.group_base_info_filter.as_deref();
    let own = filter.self_info_filter.as_deref();
    let (start, limit) = offset_limit(req.offset.unwrap_or(0), req.limit);
    let (shown, _) = page(&groups, start, limit);
    let list: Vec<Value> = shown
        .iter()
        .map(|g| {
            let mut entry = Map::new();
            entry.insert("GroupId".into(), json!(g.id));
            if topics.is_some() {
                entry.insert("Type".into(), json!(g.group_type));
                entry.insert("SupportTopic".into(), json!(u8::from(g.support_topic)));
            }
            if let Some(base) = base {
                for (key, value) in base_fields(g) {
                    if base.iter().any(|k| k == key) {
                        entry.insert(key.into(), value);
                    }
                }
            }
            if let (Some(own), Some(m)) = (own, g.members.get(account)) {
                let mut me = Map::new();
                let fields = [
                    ("Role", json!(m.role)),
                    ("JoinTime", json!(m.join_time)),
                    ("MsgFlag", json!(msg_flag(m))),
                    ("MsgSeq", json!(m.msg_seq)),
                    ("UnreadMsgNum", json!(m.unread_msg_num)),
                ];
                for (key, value) in fields {
                    if own.iter().any(|k| k == key) {
                        me.insert(key.into(), value);
                    }
                }
                entry.insert("SelfInfo".into(), Value::Object(me));
            }
            Value::Object(entry)
        })
        .collect();
    Ok(json!({"TotalCount": total, "GroupIdList": list}))
}

/// Each named user's role, or `NotMember`, in the order named. Audio-video groups are refused
/// with 10007, as documented.
pub(super) fn get_role_in_group(state: &mut State, _cx: &Ctx<'_>, req: GetRoleInGroupRequest) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    not_av(g, 10007, "reading roles")?;
    let list: Vec<Value> = req
        .user_account
        .iter()
        .map(|a| json!({"Member_Account": a, "Role": g.members.get(a).map_or("NotMember", |m| m.role.as_str())}))
        .collect();
    Ok(json!({"UserIdList": list}))
}

/// Makes a member the owner; the former owner, if any, becomes an ordinary member. Audio-video
/// groups are refused with 10007 as documented; a new owner who is not a member of the group is
/// refused with 10004 (the page requires membership without naming a code: sandbox choice).
pub(super) fn change_group_owner(state: &mut State, cx: &Ctx<'_>, req: ChangeGroupOwnerRequest) -> Result<Value, Fail> {
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    not_av(g, 10007, "changing the owner")?;
    let new = &req.new_owner_account;
    require_member(g, new, 10004)?;
    if g.owner.as_ref() == Some(new) {
        return ok();
    }
    if let Some(old) = g.owner.take() {
        if let Some(m) = g.members.get_mut(&old) {
            m.role = "Member".into();
        }
    }
    if let Some(m) = g.members.get_mut(new) {
        m.role = "Owner".into();
    }
    g.owner = Some(new.clone());
    g.info_seq += 1;
    g.last_info_time = cx.now;
    ok()
}

/// Creates a group with its historical creation time (the time of the call when left out; a time
/// before 1970 or in the future is refused with 10004, sandbox choice, as is a member limit that
/// cannot hold the owner). Audio-video groups cannot be imported
/// (10007); the owner must be imported (10004, as for create_group) and joins at the creation
/// time; custom IDs follow create_group's rules.
pub(super) fn import_group(state: &mut State, cx: &Ctx<'_>, req: ImportGroupRequest) -> Result<Value, Fail> {
    if req.group_type == GroupType::AvChatRoom {
        return Err(Fail::new(10007, "audio-video groups cannot be imported"));
    }
    if let Some(owner) = &req.owner_account {
        require_account(state, owner, 10004)?;
    }
    // A time before 1970 or in the future cannot be a past creation (sandbox choice: 10004).
    let created = match req.create_time {
        None => cx.now,
        Some(t) => u64::try_from(t)
            .ok()
            .filter(|t| *t <= cx.now)
            .ok_or_else(|| Fail::new(10004, format!("creation time {t} is not between 1970 and now")))?,
    };
    if req.max_member_count.is_some_and(|max| max < 1) {
        return Err(Fail::new(10004, "a member limit below 1 cannot hold the owner"));
    }
    let id = new_group_id(state, req.group_id.as_deref(), req.owner_account.as_ref(), &req.group_type, cx.now)?;
    let group = new_group!(state, req, id.clone(), created);
    state.groups.insert(id.clone(), group);
    Ok(json!({"GroupId": id}))
}

/// Imports members with their join times, admin roles and unread counts (refused for audio-video
/// groups with 10007; a user who is no imported account fails the call with 10019; `Role` other
/// than `Admin` or `Member` with 10004). Per user: `Result` 2 for a member already there, 0 when
/// the join time is not after the group's creation and before now, or when the group is full
/// (sandbox choice: the page lists no group-full code), else 1. Unread counts above the number of
/// messages the group holds are lowered to it.
pub(super) fn import_group_member(
    state: &mut State,
    cx: &Ctx<'_>,
    req: ImportGroupMemberRequest,
) -> Result<Value, Fail> {
    for m in &req.member_list {
        require_account(state, &m.member_account, 10019)?;
        if let Some(role) = &m.role {
            if !matches!(role.as_str(), "Admin" | "Member") {
                return Err(Fail::new(10004, format!("role `{role}` cannot be imported; only Admin")));
            }
        }
    }
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    not_av(g, 10007, "importing members")?;
    let max = g.max_member_count.unwrap_or(DEFAULT_MAX_MEMBERS);
    let messages = g.message_count();
    let mut results = Vec::new();
    for m in req.member_list {
        let join = m.join_time.map_or(cx.now, |t| t.unsigned_abs());
        let result = if g.members.contains_key(&m.member_account) {
            2
        } else if join <= g.create_time || join > cx.now || g.members.len() as i64 >= max {
            0
        } else {
            let role = m.role.map_or("Member".to_string(), |r| r.as_str().to_string());
            let mut member = Member::new(role, join);
            member.unread_msg_num = m.unread_msg_num.map_or(0, |n| n.unsigned_abs()).min(messages);
            g.members.insert(m.member_account.clone(), member);
            1
        };
        results.push(json!({"Member_Account": m.member_account, "Result": result}));
    }
    Ok(json!({"MemberList": results}))
}

/// Sets a member's unread count, lowered to the number of messages the group holds. Meeting and
/// audio-video groups answer OK and change nothing, as documented; a user who is not a member is
/// refused with 10007 (sandbox choice).
pub(super) fn set_unread_msg_num(state: &mut State, _cx: &Ctx<'_>, req: SetUnreadMsgNumRequest) -> Result<Value, Fail> {
    let g = find_group_mut(&mut state.groups, &req.group_id)?;
    require_member(g, &req.member_account, 10007)?;
    let keeps_counts = !matches!(g.group_type.as_str(), "ChatRoom" | "AVChatRoom");
    let messages = g.message_count();
    if let (true, Some(m)) = (keeps_counts, g.members.get_mut(&req.member_account)) {
        // Counts above the group's message count are lowered (the page); below 0, raised to 0.
        m.unread_msg_num = u64::try_from(req.unread_msg_num).unwrap_or(0).min(messages);
    }
    ok()
}

/// The group's online count: 0, since nobody connects to the sandbox, unless a test has set
/// `Group::online_member_num` through `Emulator::edit_state`. Every group type answers (the app is
/// taken to have the online status feature switched on).
pub(super) fn get_online_member_num(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetOnlineMemberNumRequest,
) -> Result<Value, Fail> {
    let g = find_group(&state.groups, &req.group_id)?;
    Ok(json!({"OnlineMemberNum": g.online_member_num}))
}
