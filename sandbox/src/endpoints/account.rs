//! Accounts: `v4/im_open_login_svc/*`, and the online-status query of `v4/openim`, which reads the
//! same login state.

use super::{Route, ok, require_account, route, with_list};
use crate::emulator::{Ctx, Fail};
use crate::state::{OnlineState, State};
use chat_api::account::{
    AccountCheckRequest, AccountDeleteRequest, AccountImportRequest, KickRequest, MultiaccountImportRequest,
};
use chat_api::openim::QueryOnlineStatusRequest;
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(account_import),
        route(multiaccount_import),
        route(account_delete),
        route(account_check),
        route(kick),
        route(query_online_status),
    ]
}

/// Longest user ID the service accepts.
const MAX_ID_BYTES: usize = 32;
/// The code of a missing account on the account pages.
const NO_ACCOUNT: i64 = 70107;

fn valid_id(id: &str) -> bool {
    !id.trim().is_empty() && id.len() <= MAX_ID_BYTES
}

/// Importing an existing ID keeps the one account and updates the nickname and photo given.
pub(super) fn account_import(state: &mut State, _cx: &Ctx<'_>, req: AccountImportRequest) -> Result<Value, Fail> {
    if req.user_id.trim().is_empty() {
        return Err(Fail::new(70402, "UserID must not be empty"));
    }
    import(state, req.user_id, req.nick, req.face_url);
    ok()
}

/// Imports `id`, keeping the account if it exists, and sets the nickname and photo URL given.
fn import(state: &mut State, id: String, nick: Option<String>, face_url: Option<String>) {
    let account = state.accounts.entry(id).or_default();
    if nick.is_some() {
        account.nick = nick;
    }
    if face_url.is_some() {
        account.face_url = face_url;
    }
}

/// Either form is accepted, both together too; neither is 70402. An ID fails (and is listed in
/// `FailAccounts`, which is left out when empty) when it is blank or was deleted less than three
/// months ago: the sandbox app is never a trial app. Existing IDs are kept, and the newer form
/// updates their nickname and photo URL.
pub(super) fn multiaccount_import(
    state: &mut State,
    cx: &Ctx<'_>,
    req: MultiaccountImportRequest,
) -> Result<Value, Fail> {
    if req.accounts.is_none() && req.account_list.is_none() {
        return Err(Fail::new(70402, "give `Accounts` or `AccountList`"));
    }
    let mut failed = Vec::new();
    let bare = req.accounts.unwrap_or_default().into_iter().map(|id| (id, None, None));
    let full = req.account_list.unwrap_or_default().into_iter().map(|a| (a.user_id, a.nick, a.face_url));
    for (id, nick, face_url) in bare.chain(full) {
        if !valid_id(&id) || state.sessions.recently_deleted(&id, cx.now) {
            if !failed.contains(&id) {
                failed.push(id);
            }
            continue;
        }
        state.sessions.deleted.remove(&id);
        import(state, id, nick, face_url);
    }
    Ok(with_list(json!({}), "FailAccounts", failed))
}

/// Refused as a whole with 71000 when deletion is switched off (`Sessions::deletion_disabled`).
/// Otherwise each account gets its result: 70107 when it does not exist; deleted, it loses its
/// profile, friend lists, conversation groups, conversations, login state and mutes, leaves every
/// group (an owner leaves the group ownerless) and every other account's friend lists, and is
/// remembered as deleted.
pub(super) fn account_delete(state: &mut State, cx: &Ctx<'_>, req: AccountDeleteRequest) -> Result<Value, Fail> {
    if state.sessions.deletion_disabled {
        return Err(Fail::new(71000, "account deletion is not enabled for this app"));
    }
    let mut results = Vec::new();
    for item in req.delete_item {
        let id = item.user_id;
        if state.accounts.contains_key(&id) {
            remove_account(state, &id, cx.now);
            results.push(json!({"ResultCode": 0, "ResultInfo": "", "UserID": id}));
        } else {
            results.push(json!({
                "ResultCode": NO_ACCOUNT,
                "ResultInfo": "Err_TLS_PT_Open_Login_Account_Not_Exist",
                "UserID": id,
            }));
        }
    }
    Ok(json!({"ResultItem": results}))
}

fn remove_account(state: &mut State, id: &str, now: u64) {
    state.accounts.remove(id);
    state.profiles.fields.remove(id);
    state.friend_lists.remove(id);
    for lists in state.friend_lists.values_mut() {
        for list in &mut lists.lists {
            list.members.retain(|m| m != id);
        }
    }
    state.contact_groups.remove(id);
    state.conversations.by_user.remove(id);
    for group in state.groups.values_mut() {
        group.members.remove(id);
        if group.owner.as_deref() == Some(id) {
            group.owner = None;
        }
    }
    state.sessions.sign_out(id);
    state.sessions.kicks.remove(id);
    state.sessions.mutes.remove(id);
    state.sessions.deleted.insert(id.to_string(), now);
}

/// Every account named gets `Imported` or `NotImported` with `ResultCode` 0.
pub(super) fn account_check(state: &mut State, _cx: &Ctx<'_>, req: AccountCheckRequest) -> Result<Value, Fail> {
    let results: Vec<Value> = req
        .check_item
        .into_iter()
        .map(|item| {
            let status = if state.accounts.contains_key(&item.user_id) { "Imported" } else { "NotImported" };
            json!({"UserID": item.user_id, "ResultCode": 0, "ResultInfo": "", "AccountStatus": status})
        })
        .collect();
    Ok(json!({"ResultItem": results}))
}

/// The account must exist (70107). It is signed out of every platform, and the sign-out is
/// counted in `Sessions::kicks`.
pub(super) fn kick(state: &mut State, _cx: &Ctx<'_>, req: KickRequest) -> Result<Value, Fail> {
    require_account(state, &req.user_id, NO_ACCOUNT)?;
    state.sessions.sign_out(&req.user_id);
    *state.sessions.kicks.entry(req.user_id).or_default() += 1;
    ok()
}

/// The sandbox has no client logins: an account is `Offline` unless a test logged it in on some
/// platforms (`Sessions::set_online`). Its overall state is `Online` when any platform is online,
/// else `PushOnline` when any is in the background. Accounts that do not exist go to `ErrorList`
/// with 70107. The instance-ID and custom-status flags are accepted and add nothing.
pub(super) fn query_online_status(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: QueryOnlineStatusRequest,
) -> Result<Value, Fail> {
    let detail = req.is_need_detail == Some(true);
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for id in req.to_account {
        if !state.accounts.contains_key(&id) {
            errors.push(json!({"To_Account": id, "ErrorCode": NO_ACCOUNT}));
            continue;
        }
        let platforms = state.sessions.online.get(&id);
        let states: Vec<OnlineState> = platforms.map(|p| p.values().copied().collect()).unwrap_or_default();
        let overall = if states.contains(&OnlineState::Online) {
            "Online"
        } else if states.contains(&OnlineState::PushOnline) {
            "PushOnline"
        } else {
            "Offline"
        };
        let mut entry = json!({"To_Account": id, "Status": overall});
        if let (true, Some(platforms)) = (detail, platforms) {
            let list: Vec<Value> = platforms
                .iter()
                .map(|(platform, state)| {
                    let status = match state {
                        OnlineState::Online => "Online",
                        OnlineState::PushOnline => "PushOnline",
                    };
                    json!({"Platform": platform, "Status": status})
                })
                .collect();
            entry["Detail"] = json!(list);
        }
        results.push(entry);
    }
    Ok(with_list(json!({"QueryResult": results}), "ErrorList", errors))
}
