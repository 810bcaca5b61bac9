//! Official accounts: `v4/official_account_open_http_svc/*`.
//!
//! What the sandbox decides where the stored copies of the pages leave it open:
//! - An owner that is not an imported account is 6017 (the page: it must be one; no code named).
//! - An ID of the caller's choosing must start with `@TOA#_` and have more after it (130007); one
//!   in use or once destroyed is 130008. Generated IDs are `@TOA#_` and a number.
//! - A destroyed or unknown official account is 130004 for every call.
//! - add_subscriber answers 0 (failed) for a user that is not imported and for one beyond the
//!   subscriber cap.
//! - get_subscriber_info's `Next` is the position to continue at, in decimal; an unreadable one is
//!   6017.

use super::{Route, ok, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{DEFAULT_MAX_SUBSCRIBERS, OFFICIAL_ACCOUNT_PREFIX, OfficialAccount, OfficialAccounts, State};
use chat_api::official_account::{
    AddSubscriberRequest, CreateOfficialAccountRequest, DeleteSubscriberRequest, DestroyOfficialAccountRequest,
    GetSubscriberInfoRequest, ModifyOfficialAccountRequest,
};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(create_official_account),
        route(destroy_official_account),
        route(modify_official_account),
        route(add_subscriber),
        route(delete_subscriber),
        route(get_subscriber_info),
    ]
}

/// The official account `id`, or 130004.
fn existing<'s>(all: &'s mut OfficialAccounts, id: &str) -> Result<&'s mut OfficialAccount, Fail> {
    all.accounts.get_mut(id).ok_or_else(|| Fail::new(130004, format!("official account `{id}` does not exist")))
}

/// One subscriber result as the pages lay it out.
fn result(account: &str, result: i64) -> Value {
    json!({"Subscriber_Account": account, "Result": result})
}

fn create_official_account(state: &mut State, cx: &Ctx<'_>, req: CreateOfficialAccountRequest) -> Result<Value, Fail> {
    if !state.accounts.contains_key(&req.owner_account) {
        return Err(Fail::new(6017, format!("Owner_Account `{}` is not an imported account", req.owner_account)));
    }
    let all = &mut state.official_accounts;
    let id = match req.official_account_user_id {
        Some(id) => {
            if id.len() <= OFFICIAL_ACCOUNT_PREFIX.len() || !id.starts_with(OFFICIAL_ACCOUNT_PREFIX) {
                return Err(Fail::new(130007, format!("`{id}` must start with {OFFICIAL_ACCOUNT_PREFIX}")));
            }
            if all.accounts.contains_key(&id) || all.destroyed.contains(&id) {
                return Err(Fail::new(130008, format!("official account ID `{id}` is already used")));
            }
            id
        }
        None => loop {
            all.next_number += 1;
            let id = format!("{OFFICIAL_ACCOUNT_PREFIX}{}", all.next_number);
            if !all.accounts.contains_key(&id) && !all.destroyed.contains(&id) {
                break id;
            }
        },
    };
    let account = OfficialAccount {
        owner: req.owner_account,
        name: req.name,
        introduction: req.introduction,
        face_url: req.face_url,
        organization: req.organization,
        custom_string: req.custom_string,
        max_subscribers: req.max_subscriber_num.unwrap_or(DEFAULT_MAX_SUBSCRIBERS),
        create_time: cx.now,
        subscribers: Default::default(),
    };
    all.accounts.insert(id.clone(), account);
    Ok(json!({"OfficialAccountUserID": id}))
}

fn destroy_official_account(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: DestroyOfficialAccountRequest,
) -> Result<Value, Fail> {
    let all = &mut state.official_accounts;
    existing(all, &req.official_account)?;
    all.accounts.remove(&req.official_account);
    all.destroyed.insert(req.official_account);
    ok()
}

fn modify_official_account(state: &mut State, _cx: &Ctx<'_>, req: ModifyOfficialAccountRequest) -> Result<Value, Fail> {
    let account = existing(&mut state.official_accounts, &req.official_account)?;
    if let Some(name) = req.name {
        account.name = name;
    }
    let optional = [
        (&mut account.introduction, req.introduction),
        (&mut account.face_url, req.face_url),
        (&mut account.organization, req.organization),
        (&mut account.custom_string, req.custom_string),
    ];
    for (field, value) in optional {
        if value.is_some() {
            *field = value;
        }
    }
    if let Some(max) = req.max_subscriber_num {
        account.max_subscribers = max;
    }
    ok()
}

fn add_subscriber(state: &mut State, cx: &Ctx<'_>, req: AddSubscriberRequest) -> Result<Value, Fail> {
    let imported = &state.accounts;
    let account = existing(&mut state.official_accounts, &req.official_account)?;
    let results: Vec<Value> = req
        .subscriber_list
        .iter()
        .map(|s| {
            let id = &s.subscriber_account;
            let code = if account.subscribers.contains_key(id) {
                2
            } else if !imported.contains_key(id) || account.subscribers.len() as i64 >= account.max_subscribers {
                0
            } else {
                account.subscribers.insert(id.clone(), cx.now);
                1
            };
            result(id, code)
        })
        .collect();
    Ok(json!({"SubscriberList": results}))
}

fn delete_subscriber(state: &mut State, _cx: &Ctx<'_>, req: DeleteSubscriberRequest) -> Result<Value, Fail> {
    let account = existing(&mut state.official_accounts, &req.official_account)?;
    let results: Vec<Value> = req
        .subscribers
        .iter()
        .map(|id| result(id, if account.subscribers.remove(id).is_some() { 1 } else { 2 }))
        .collect();
    Ok(json!({"SubscriberList": results}))
}

fn get_subscriber_info(state: &mut State, _cx: &Ctx<'_>, req: GetSubscriberInfoRequest) -> Result<Value, Fail> {
    let account = existing(&mut state.official_accounts, &req.official_account)?;
    let start: usize = match req.next.as_str() {
        "" => 0,
        next => {
            next.parse().map_err(|_| Fail::new(6017, format!("Next `{next}` is not a position this sandbox gave")))?
        }
    };
    let total = account.subscribers.len();
    let limit = req.limit.map_or(total, |l| usize::try_from(l).unwrap_or(0));
    let page: Vec<Value> = account
        .subscribers
        .iter()
        .skip(start)
        .take(limit)
        .map(|(id, since)| json!({"Subscriber_Account": id, "SubscribeTime": since}))
        .collect();
    let end = start.saturating_add(page.len());
    let next = if end < total { end.to_string() } else { String::new() };
    Ok(json!({"Next": next, "SubscriberNum": total, "SubscriberList": page}))
}
