//! Audio-video groups: `v4/group_open_avchatroom_http_svc/*`.
//!
//! What the sandbox decides where the pages leave it open:
//! - Nobody connects to the sandbox, so the members of an audio-video group (`Group::members`,
//!   which tests fill) count as its online members; get_members lists them in the order they
//!   joined, `page_size` (500) at a time. `NextTimestamp` is a position in that order, not a
//!   time. Members carrying mark 600 are left out unless `Mark` asks for 600.
//! - Groups of other types are 10007 (the get_members page's code), for every command here.
//! - modify_user_info: a mark below 1000 other than 500 and 600, an 11th distinct mark in the
//!   group, or a 1,001st member on one mark is 10004; members not in the group are left out of
//!   the reply, and 10004 comes when nobody could be changed.
//! - check_members answers the accounts asked for that are in `Group::members`, in the order
//!   asked, each once.
//! - modify_admin: admins must be imported accounts (10004 otherwise); appointing past 5 admins
//!   is 10004. Removing an account that is no admin changes nothing.

use super::{Route, find_group, require_account, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Group, MARK_ALWAYS_ONLINE, MARK_HIDDEN, MAX_LIVE_ADMINS, MAX_MARKED, MAX_MARKS, State};
use chat_api::live_group::{
    AdminCommand, CheckMembersRequest, GetAdminListRequest, GetMembersRequest, MarkCommand, ModifyAdminRequest,
    ModifyUserInfoRequest,
};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(get_members), route(modify_user_info), route(modify_admin), route(get_admin_list), route(check_members)]
}

/// The audio-video group `id` (10015, 10010; 10007 for other types).
fn live_group<'s>(state: &'s State, id: &str) -> Result<&'s Group, Fail> {
    let g = find_group(&state.groups, id)?;
    if !g.is_av() {
        return Err(Fail::new(10007, format!("group {id} is a {} group, not an audio-video group", g.group_type)));
    }
    Ok(g)
}

/// The profile fields the live-group replies carry for `account`.
fn profile(state: &State, account: &str) -> (Option<String>, Option<String>) {
    state.accounts.get(account).map_or((None, None), |a| (a.nick.clone(), a.face_url.clone()))
}

/// One page of the online members, by join order.
pub(super) fn get_members(state: &mut State, _cx: &Ctx<'_>, req: GetMembersRequest) -> Result<Value, Fail> {
    let g = live_group(state, &req.group_id)?;
    let start = usize::try_from(req.timestamp).map_err(|_| Fail::new(10004, "Timestamp must not be negative"))?;
    let marks = state.live_groups.of(&g.id, g.seq);
    let has = |account: &str, mark: i64| marks.and_then(|m| m.marks.get(account)).is_some_and(|m| m.contains(&mark));
    let mut members: Vec<(&String, u64)> = g
        .members
        .iter()
        .filter(|(a, _)| match req.mark {
            Some(mark) => has(a, mark),
            None => !has(a, MARK_HIDDEN),
        })
        .map(|(a, m)| (a, m.join_time))
        .collect();
    members.sort_by_key(|(a, t)| (*t, (*a).clone()));
    let (page, next) = super::page(&members, start, state.live_groups.page_size.max(1));
    let list: Vec<Value> = page
        .iter()
        .map(|(account, joined)| {
            let (nick, avatar) = profile(state, account);
            json!({"Member_Account": account, "JoinTime": joined, "NickName": nick.unwrap_or_default(),
                "Avatar": avatar.unwrap_or_default()})
        })
        .collect();
    Ok(json!({"MemberList": list, "NextTimestamp": next.unwrap_or(0)}))
}

/// 10004 unless `mark` may be set.
fn check_mark(mark: i64) -> Result<(), Fail> {
    if mark >= 1000 || mark == MARK_ALWAYS_ONLINE || mark == MARK_HIDDEN {
        return Ok(());
    }
    Err(Fail::new(10004, format!("mark {mark} is below 1000 and not one of the special marks 500 and 600")))
}

/// Sets or removes marks of members in the group.
pub(super) fn modify_user_info(state: &mut State, _cx: &Ctx<'_>, req: ModifyUserInfoRequest) -> Result<Value, Fail> {
    let g = live_group(state, &req.group_id)?.clone();
    let set = match &req.command_type {
        MarkCommand::Set => true,
        MarkCommand::Remove => false,
        other => return Err(Fail::new(10004, format!("CommandType {other:?} is neither 1 nor 2"))),
    };
    for entry in &req.member_list {
        entry.marks.iter().try_for_each(|m| check_mark(*m))?;
    }
    let live = state.live_groups.of_mut(&g.id, g.seq);
    let mut changed = Vec::new();
    for entry in &req.member_list {
        if !g.members.contains_key(&entry.member_account) {
            continue;
        }
        if set {
            for mark in &entry.marks {
                let mut in_use = live.marks_in_use();
                if in_use.insert(*mark) && in_use.len() > MAX_MARKS {
                    return Err(Fail::new(10004, format!("the group already uses {MAX_MARKS} different marks")));
                }
                let has = live.marks.get(&entry.member_account).is_some_and(|m| m.contains(mark));
                if !has && live.carriers(*mark) >= MAX_MARKED {
                    return Err(Fail::new(10004, format!("mark {mark} is already on {MAX_MARKED} members")));
                }
                live.marks.entry(entry.member_account.clone()).or_default().insert(*mark);
            }
        } else if let Some(marks) = live.marks.get_mut(&entry.member_account) {
            entry.marks.iter().for_each(|m| {
                marks.remove(m);
            });
        }
        changed.push(json!({"Member_Account": entry.member_account, "Marks": entry.marks}));
    }
    if changed.is_empty() {
        return Err(Fail::new(10004, "none of the members is in the group"));
    }
    Ok(json!({"CommandType": if set { 1 } else { 2 }, "MemberList": changed}))
}

/// Appoints or removes live-group admins.
pub(super) fn modify_admin(state: &mut State, _cx: &Ctx<'_>, req: ModifyAdminRequest) -> Result<Value, Fail> {
    let g = live_group(state, &req.group_id)?.clone();
    let appoint = match &req.command_type {
        AdminCommand::Appoint => true,
        AdminCommand::Remove => false,
        other => return Err(Fail::new(10004, format!("CommandType {other:?} is neither 1 nor 2"))),
    };
    if appoint {
        req.admin_account.iter().try_for_each(|a| require_account(state, a, 10004))?;
    }
    let live = state.live_groups.of_mut(&g.id, g.seq);
    if appoint {
        let mut admins = live.admins.clone();
        admins.extend(req.admin_account.iter().cloned());
        if admins.len() > MAX_LIVE_ADMINS {
            return Err(Fail::new(10004, format!("an audio-video group can have at most {MAX_LIVE_ADMINS} admins")));
        }
        live.admins = admins;
    } else {
        req.admin_account.iter().for_each(|a| {
            live.admins.remove(a);
        });
    }
    super::ok()
}

/// The live-group admins with their profiles.
pub(super) fn get_admin_list(state: &mut State, _cx: &Ctx<'_>, req: GetAdminListRequest) -> Result<Value, Fail> {
    let g = live_group(state, &req.group_id)?;
    let admins = state.live_groups.of(&g.id, g.seq).map(|l| l.admins.iter().collect::<Vec<_>>()).unwrap_or_default();
    let list: Vec<Value> = admins
        .into_iter()
        .map(|a| {
            let (nick, avatar) = profile(state, a);
            json!({"Admin_Account": a, "NickName": nick.unwrap_or_default(), "Avatar": avatar.unwrap_or_default()})
        })
        .collect();
    Ok(json!({"Admin_List": list}))
}

/// The accounts asked about that are members of the group.
fn check_members(state: &mut State, _cx: &Ctx<'_>, req: CheckMembersRequest) -> Result<Value, Fail> {
    let g = live_group(state, &req.group_id)?;
    let mut seen = std::collections::BTreeSet::new();
    let members: Vec<&String> =
        req.accounts.iter().filter(|a| g.members.contains_key(*a) && seen.insert(a.as_str())).collect();
    Ok(json!({"Member_Account": members}))
}
