//! Relationship chain: `v4/sns/*`.

use super::{Route, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{FriendList, State};
use chat_api::sns::{GroupAddRequest, GroupDeleteRequest, GroupGetRequest, NeedFriend};
use serde_json::{Value, json};

/// Lists one account may have.

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(group_add), route(group_delete), route(group_get)]
}

const MAX_LISTS: usize = 32;

fn require_account(state: &State, id: &str) -> Result<(), Fail> {
    if !state.accounts.contains_key(id) {
        return Err(Fail::new(30003, format!("account `{id}` does not exist")));
    }
    Ok(())
}

/// Adds the lists that do not exist yet (existing names are not an error and are not doubled) and
/// puts the given accounts into every named list. The sandbox keeps no friendships yet, so any
/// imported account may be put in a list; others come back in `Fail_Account`.
pub(super) fn group_add(state: &mut State, _cx: &Ctx<'_>, req: GroupAddRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account)?;
    let (known, unknown): (Vec<String>, Vec<String>) =
        req.to_account.clone().unwrap_or_default().into_iter().partition(|a| state.accounts.contains_key(a));
    let lists = state.friend_lists.entry(req.from_account.clone()).or_default();
    let new: Vec<&String> = req.group_name.iter().filter(|n| !lists.lists.iter().any(|l| &&l.name == n)).collect();
    if lists.lists.len() + new.len() > MAX_LISTS {
        return Err(Fail::new(30011, format!("an account has at most {MAX_LISTS} lists")));
    }
    let mut changed = !new.is_empty();
    lists.lists.extend(new.into_iter().map(FriendList::new));
    for list in lists.lists.iter_mut().filter(|l| req.group_name.contains(&l.name)) {
        for account in &known {
            if !list.members.contains(account) {
                list.members.push(account.clone());
                changed = true;
            }
        }
    }
    if changed {
        lists.sequence += 1;
    }
    let mut reply = json!({"CurrentSequence": lists.sequence});
    if req.to_account.is_some() {
        let items: Vec<Value> =
            known.iter().map(|a| json!({"To_Account": a, "ResultCode": 0, "ResultInfo": ""})).collect();
        reply["ResultItem"] = json!(items);
    }
    if !unknown.is_empty() {
        reply["Fail_Account"] = json!(unknown);
    }
    Ok(reply)
}

/// Names that are not lists of the account are passed over (the pages do not say otherwise); the
/// sequence moves only when something was deleted.
pub(super) fn group_delete(state: &mut State, _cx: &Ctx<'_>, req: GroupDeleteRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account)?;
    let lists = state.friend_lists.entry(req.from_account.clone()).or_default();
    let before = lists.lists.len();
    lists.lists.retain(|l| !req.group_name.contains(&l.name));
    if lists.lists.len() != before {
        lists.sequence += 1;
    }
    Ok(json!({"CurrentSequence": lists.sequence}))
}

/// Every list, or the named ones, with their sizes; members too when asked for.
pub(super) fn group_get(state: &mut State, _cx: &Ctx<'_>, req: GroupGetRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account)?;
    let lists = state.friend_lists.get(&req.from_account).cloned().unwrap_or_default();
    let with_members = req.need_friend == Some(NeedFriend::Yes);
    let items: Vec<Value> = lists
        .lists
        .iter()
        .filter(|l| req.group_name.as_ref().is_none_or(|names| names.contains(&l.name)))
        .map(|l| {
            let mut item = json!({"GroupName": l.name, "FriendNumber": l.members.len()});
            if with_members {
                item["To_Account"] = json!(l.members);
            }
            item
        })
        .collect();
    Ok(json!({"ResultItem": items, "CurrentSequence": lists.sequence}))
}
