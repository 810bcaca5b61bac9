//! Follow: `v4/follow/*`.
//!
//! What the sandbox decides where the pages leave it open:
//! - The feature is on unless a test switches it off (`state.follows.enabled = false`); off,
//!   every call answers 30005, as for an app that has not enabled follows in the console.
//! - Following a user already followed, and unfollowing one not followed, succeed and change
//!   nothing.
//! - Per-user outcomes: 30001 for the caller itself, 30003 for a user never imported.
//! - follow_get lists by user ID; its cursor is the last user ID of the page, so `NextCursor` is
//!   empty exactly when the page is the last.

use super::{Route, require_account, route};
use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::follow::{
    FollowAddRequest, FollowCheckRequest, FollowDeleteRequest, FollowGetInfoRequest, FollowGetRequest, FollowType,
};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(follow_add), route(follow_delete), route(follow_check), route(follow_get), route(follow_get_info)]
}

/// The checks every follow call starts with: the feature is on, the caller exists.
fn start(state: &State, from: &str) -> Result<(), Fail> {
    if !state.follows.enabled {
        return Err(Fail::new(30005, "the app has not enabled follows"));
    }
    require_account(state, from, 30003)
}

fn item(to: &str, code: i64, info: &str) -> Value {
    json!({"To_Account": to, "ResultCode": code, "ResultInfo": info})
}

/// Follows users, per user: 32100 when the caller follows as many as allowed, 32101 when the user
/// has as many fans as allowed, 32102 / 32103 when the follow would make a mutual follow past the
/// caller's / the user's allowance (limits in `Follows`).
pub(super) fn follow_add(state: &mut State, cx: &Ctx<'_>, req: FollowAddRequest) -> Result<Value, Fail> {
    start(state, &req.from_account)?;
    let from = req.from_account.as_str();
    let mut items = Vec::new();
    for follow in &req.follow_item {
        let to = follow.to_account.as_str();
        let f = &state.follows;
        let code = if to == from {
            (30001, "Err_Follow_Cannot_Follow_Self")
        } else if !state.accounts.contains_key(to) {
            (30003, "Err_Follow_Account_Not_Exist")
        } else if f.follows(from, to) {
            (0, "")
        } else if f.following_of(from).len() >= f.max_following {
            (32100, "Err_Follow_Following_Num_Exceed_Threshold")
        } else if f.fans_of(to).len() >= f.max_followers {
            (32101, "Err_Follow_Follower_Num_Exceed_Threshold")
        } else if f.follows(to, from) && f.mutual_of(from).len() >= f.max_mutual {
            (32102, "Err_Follow_My_Mutual_Num_Exceed_Threshold")
        } else if f.follows(to, from) && f.mutual_of(to).len() >= f.max_mutual {
            (32103, "Err_Follow_Peer_Mutual_Num_Exceed_Threshold")
        } else {
            state.follows.following.entry(from.to_string()).or_default().insert(to.to_string(), cx.now);
            (0, "")
        };
        items.push(item(to, code.0, code.1));
    }
    Ok(json!({"ResultItem": items}))
}

/// Unfollows users; a user not followed succeeds with nothing to do.
pub(super) fn follow_delete(state: &mut State, _cx: &Ctx<'_>, req: FollowDeleteRequest) -> Result<Value, Fail> {
    start(state, &req.from_account)?;
    let from = req.from_account.as_str();
    let mut items = Vec::new();
    for to in &req.to_account {
        if !state.accounts.contains_key(to) {
            items.push(item(to, 30003, "Err_Follow_Account_Not_Exist"));
            continue;
        }
        if let Some(stars) = state.follows.following.get_mut(from) {
            stars.remove(to);
        }
        items.push(item(to, 0, ""));
    }
    Ok(json!({"ResultItem": items}))
}

fn relation(state: &State, from: &str, to: &str) -> i64 {
    match (state.follows.follows(to, from), state.follows.follows(from, to)) {
        (false, false) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (true, true) => 3,
    }
}

/// The relation of each user to the caller, numbered as `FollowType`.
pub(super) fn follow_check(state: &mut State, _cx: &Ctx<'_>, req: FollowCheckRequest) -> Result<Value, Fail> {
    start(state, &req.from_account)?;
    let items: Vec<Value> = req
        .to_account
        .iter()
        .map(|to| {
            if state.accounts.contains_key(to) {
                json!({"To_Account": to, "ResultCode": 0, "ResultInfo": "", "FollowType": relation(state, &req.from_account, to)})
            } else {
                json!({"To_Account": to, "ResultCode": 30003, "ResultInfo": "Err_Follow_Account_Not_Exist", "FollowType": 0})
            }
        })
        .collect();
    Ok(json!({"ResultItem": items}))
}

/// One page of fans (1), follows (2) or mutual follows (3), by user ID, after the user ID in
/// `StartCursor`. Profile items carry the nickname and photo given at import, when set. Any other
/// `FollowType` answers 30001.
pub(super) fn follow_get(state: &mut State, _cx: &Ctx<'_>, req: FollowGetRequest) -> Result<Value, Fail> {
    start(state, &req.from_account)?;
    let from = req.from_account.as_str();
    let entries = match req.follow_type {
        FollowType::Fan => state.follows.fans_of(from),
        FollowType::Following => state.follows.following_of(from),
        FollowType::Mutual => state.follows.mutual_of(from),
        other => return Err(Fail::new(30001, format!("FollowType {} names no list", other.as_i64()))),
    };
    let want = usize::try_from(req.want_num).unwrap_or(0);
    let after: Vec<&(String, u64)> = entries
        .iter()
        .filter(|(id, _)| req.start_cursor.is_empty() || id.as_str() > req.start_cursor.as_str())
        .collect();
    let page: Vec<&(String, u64)> = after.iter().take(want).copied().collect();
    let next = if after.len() > page.len() {
        page.last().map(|(id, _)| id.clone()).unwrap_or_default()
    } else {
        String::new()
    };
    let items: Vec<Value> = page
        .iter()
        .map(|(id, at)| {
            let mut entry = json!({"To_Account": id, "FollowTime": at});
            let account = state.accounts.get(id);
            let mut profile = Vec::new();
            if let Some(nick) = account.and_then(|a| a.nick.as_ref()) {
                profile.push(json!({"Tag": "Tag_Profile_IM_Nick", "Value": nick}));
            }
            if let Some(url) = account.and_then(|a| a.face_url.as_ref()) {
                profile.push(json!({"Tag": "Tag_Profile_IM_Image", "Value": url}));
            }
            if !profile.is_empty() {
                entry["ProfileItem"] = json!(profile);
            }
            entry
        })
        .collect();
    Ok(json!({"FollowItem": items, "NextCursor": next}))
}

/// Fans, follows and mutual follows of each user; 30003 (without counts) for a user never
/// imported.
pub(super) fn follow_get_info(state: &mut State, _cx: &Ctx<'_>, req: FollowGetInfoRequest) -> Result<Value, Fail> {
    start(state, &req.from_account)?;
    let items: Vec<Value> = req
        .to_account
        .iter()
        .map(|to| {
            if !state.accounts.contains_key(to) {
                return item(to, 30003, "Err_Follow_Account_Not_Exist");
            }
            let f = &state.follows;
            json!({"To_Account": to, "ResultCode": 0, "ResultInfo": "",
                "FollowerCount": f.fans_of(to).len(), "FollowingCount": f.following_of(to).len(),
                "MutualFollowingCount": f.mutual_of(to).len()})
        })
        .collect();
    Ok(json!({"FollowInfo": items}))
}
