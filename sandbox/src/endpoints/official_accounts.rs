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
//! - The message calls' error tables are not stored (send, history) or cut (recall): an unknown
//!   official account is 10010 for all three (the recall page's code). A message reaches the
//!   subscribers of the moment (the connected ones only with `OnlineOnlyFlag` 1); the same
//!   elements and `Random` within five minutes return the first message's key and store nothing.
//! - A user who does not subscribe is 6017 for modify_subscriber_info.
//! - get_official_account_info answers 130004 when any official account asked for is unknown;
//!   get_subscribed_official_account_list lists a user's official accounts by ID.
//! - History pages hold at most 20 messages (the peer SDK: a wider range is not returned whole);
//!   `From_Account` is the official account. A recall of a key the account never sent answers
//!   RetCode 10004; recalling a recalled message again answers 0.

use super::{Route, ok, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{
    DEFAULT_MAX_SUBSCRIBERS, OFFICIAL_ACCOUNT_PREFIX, OfficialAccount, OfficialAccountMessage, OfficialAccounts,
    OnlineState, State, Subscriber,
};
use chat_api::official_account::{
    AddSubscriberRequest, CreateOfficialAccountRequest, DeleteSubscriberRequest, DestroyOfficialAccountRequest,
    GetOfficialAccountInfoRequest, GetOfficialAccountMsgsRequest, GetSubscribedOfficialAccountsRequest,
    GetSubscriberInfoRequest, ModifyOfficialAccountRequest, ModifySubscriberInfoRequest, OfficialAccountFilter,
    RecallOfficialAccountMsgRequest, SendOfficialAccountMsgRequest,
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
        route(send_official_account_msg),
        route(recall_official_account_msg),
        route(get_official_account_msgs),
        route(get_official_account_info),
        route(get_subscribed_official_accounts),
        route(modify_subscriber_info),
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
        messages: Vec::new(),
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
                account.subscribers.insert(id.clone(), Subscriber { since: cx.now, custom_string: None });
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
        .map(|(id, sub)| {
            let mut item = json!({"Subscriber_Account": id, "SubscribeTime": sub.since});
            if let Some(custom) = &sub.custom_string {
                item["CustomString"] = json!(custom);
            }
            item
        })
        .collect();
    let end = start.saturating_add(page.len());
    let next = if end < total { end.to_string() } else { String::new() };
    Ok(json!({"Next": next, "SubscriberNum": total, "SubscriberList": page}))
}

/// Seconds within which the same message is dropped as a duplicate (the send page: five minutes).
const DUPLICATE_WINDOW: u64 = 300;
/// The most messages one history page holds.
const HISTORY_PAGE: usize = 20;

/// The official account `id` for the message calls, or 10010.
fn sender<'s>(all: &'s mut OfficialAccounts, id: &str) -> Result<&'s mut OfficialAccount, Fail> {
    all.accounts.get_mut(id).ok_or_else(|| Fail::new(10010, format!("official account `{id}` does not exist")))
}

fn send_official_account_msg(
    state: &mut State,
    cx: &Ctx<'_>,
    req: SendOfficialAccountMsgRequest,
) -> Result<Value, Fail> {
    let online = &state.sessions.online;
    let account = sender(&mut state.official_accounts, &req.official_account)?;
    let body = serde_json::to_value(&req.msg_body).map_err(|e| Fail::new(6017, format!("MsgBody: {e}")))?;
    let random = req.random.unwrap_or(0);
    let duplicate = account.messages.iter().rev().take_while(|m| cx.now.saturating_sub(m.time) < DUPLICATE_WINDOW);
    if let Some(first) = duplicate.into_iter().find(|m| m.random == random && m.body == body) {
        return Ok(json!({"MsgTime": first.time, "MsgKey": first.key}));
    }
    let online_only = req.online_only_flag == Some(true);
    let connected = |id: &String| online.get(id).is_some_and(|p| p.values().any(|s| *s == OnlineState::Online));
    let recipients = account.subscribers.keys().filter(|id| !online_only || connected(id)).cloned().collect();
    let seq = account.messages.last().map_or(1, |m| m.seq + 1);
    let key = format!("{seq}_1_{}", cx.now);
    account.messages.push(OfficialAccountMessage {
        seq,
        key: key.clone(),
        random,
        time: cx.now,
        body,
        recipients,
        recalled: false,
    });
    Ok(json!({"MsgTime": cx.now, "MsgKey": key}))
}

fn recall_official_account_msg(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: RecallOfficialAccountMsgRequest,
) -> Result<Value, Fail> {
    let account = sender(&mut state.official_accounts, &req.official_account)?;
    let results: Vec<Value> = req
        .msg_key_list
        .iter()
        .map(|key| {
            let code = match account.messages.iter_mut().find(|m| &m.key == key) {
                Some(m) => {
                    m.recalled = true;
                    0
                }
                None => 10004,
            };
            json!({"MsgKey": key, "RetCode": code})
        })
        .collect();
    Ok(json!({"RecallRetList": results}))
}

fn get_official_account_msgs(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetOfficialAccountMsgsRequest,
) -> Result<Value, Fail> {
    let account = sender(&mut state.official_accounts, &req.official_account)?;
    let below =
        match &req.last_msg_key {
            None => u64::MAX,
            Some(key) => account.messages.iter().find(|m| &m.key == key).map(|m| m.seq).ok_or_else(|| {
                Fail::new(10004, format!("LastMsgKey `{key}` is no message of this official account"))
            })?,
        };
    let with_recalled = req.with_recalled_msg == Some(true);
    let wanted = req.req_msg_number.map_or(HISTORY_PAGE, |n| usize::try_from(n).unwrap_or(0)).min(HISTORY_PAGE);
    let mut older = account.messages.iter().rev().filter(|m| m.seq < below && (with_recalled || !m.recalled));
    let page: Vec<&OfficialAccountMessage> = older.by_ref().take(wanted).collect();
    let finished = if older.next().is_none() { 1 } else { 0 };
    let last_key = page.last().map(|m| m.key.clone()).or(req.last_msg_key.clone()).unwrap_or_default();
    let list: Vec<Value> = page
        .iter()
        .map(|m| {
            let (place, body) = if m.recalled { (2, json!([])) } else { (0, m.body.clone()) };
            json!({
                "From_Account": req.official_account, "IsPlaceMsg": place, "MsgBody": body, "MsgKey": m.key,
                "MsgSeq": m.seq, "MsgRandom": m.random, "MsgTimeStamp": m.time,
            })
        })
        .collect();
    Ok(
        json!({"Official_Account": req.official_account, "IsFinished": finished, "LastMsgKey": last_key, "RspMsgList": list}),
    )
}

/// `account`'s profile as the info calls return it, with only the fields `filter` names, and the
/// subscriber's own data when `subscriber` is given.
fn profile(
    account: &OfficialAccount,
    filter: Option<&OfficialAccountFilter>,
    subscriber: Option<&Subscriber>,
) -> Value {
    let last_msg = account.messages.last().map_or(0, |m| m.time);
    let all = [
        ("Name", json!(account.name)),
        ("Owner_Account", json!(account.owner)),
        ("CreateTime", json!(account.create_time)),
        ("LastMsgTime", json!(last_msg)),
        ("SubscriberNum", json!(account.subscribers.len())),
        ("Introduction", json!(account.introduction.clone().unwrap_or_default())),
        ("FaceUrl", json!(account.face_url.clone().unwrap_or_default())),
        ("Organization", json!(account.organization.clone().unwrap_or_default())),
        ("CustomString", json!(account.custom_string.clone().unwrap_or_default())),
    ];
    let wanted = |names: Option<&Vec<String>>, name: &str| names.is_none_or(|n| n.iter().any(|f| f == name));
    let base = filter.and_then(|f| f.official_account_base_info_filter.as_ref());
    let mut item: serde_json::Map<String, Value> =
        all.into_iter().filter(|(name, _)| wanted(base, name)).map(|(n, v)| (n.to_string(), v)).collect();
    if let Some(sub) = subscriber {
        let own = filter.and_then(|f| f.self_info_filter.as_ref());
        let mut info = serde_json::Map::new();
        if wanted(own, "SubscribeTime") {
            info.insert("SubscribeTime".into(), json!(sub.since));
        }
        if wanted(own, "CustomString") {
            info.insert("CustomString".into(), json!(sub.custom_string.clone().unwrap_or_default()));
        }
        item.insert("SelfInfo".into(), Value::Object(info));
    }
    Value::Object(item)
}

fn get_official_account_info(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetOfficialAccountInfoRequest,
) -> Result<Value, Fail> {
    let all = &mut state.official_accounts;
    let mut list = Vec::new();
    for asked in &req.official_accounts {
        let account = existing(all, &asked.official_account)?;
        list.push(profile(account, req.response_filter.as_ref(), None));
    }
    Ok(json!({"OfficialAccountInfoList": list}))
}

fn get_subscribed_official_accounts(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: GetSubscribedOfficialAccountsRequest,
) -> Result<Value, Fail> {
    let user = &req.subscriber_account;
    let subscribed: Vec<(&OfficialAccount, &Subscriber)> =
        state.official_accounts.accounts.values().filter_map(|a| a.subscribers.get(user).map(|s| (a, s))).collect();
    let start = usize::try_from(req.offset.unwrap_or(0)).unwrap_or(0);
    let limit = usize::try_from(req.limit.unwrap_or(200)).unwrap_or(0);
    let page: Vec<Value> = subscribed
        .iter()
        .skip(start)
        .take(limit)
        .map(|(a, s)| profile(a, req.response_filter.as_ref(), Some(s)))
        .collect();
    let next = start.saturating_add(page.len());
    let complete = if next >= subscribed.len() { 1 } else { 0 };
    Ok(json!({"OfficialAccountInfoList": page, "TotalCount": subscribed.len(), "CompleteFlag": complete, "Next": next}))
}

fn modify_subscriber_info(state: &mut State, _cx: &Ctx<'_>, req: ModifySubscriberInfoRequest) -> Result<Value, Fail> {
    let account = existing(&mut state.official_accounts, &req.official_account)?;
    let Some(sub) = account.subscribers.get_mut(&req.subscriber_account) else {
        return Err(Fail::new(
            6017,
            format!("`{}` does not subscribe to this official account", req.subscriber_account),
        ));
    };
    if req.custom_string.is_some() {
        sub.custom_string = req.custom_string;
    }
    ok()
}
