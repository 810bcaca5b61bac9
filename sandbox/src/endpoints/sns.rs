//! Relationship chain: `v4/sns/*`: friend lists, friends and blocklists.
//!
//! What the sandbox decides where the pages leave it open:
//! - Every account handles friend requests with `AllowType_Type_AllowAny` unless a test sets
//!   another [`AllowType`](crate::state::AllowType) through `Emulator::edit_state`
//!   (`state.relations.set_allow_type(..)`); the sandbox keeps no profiles of its own for this.
//! - Per-account outcomes of batch calls come back in `ResultItem` with the call itself OK; only a
//!   bad `From_Account` (30003) or a bad enum value (30001) fails the whole call.
//! - A friend's lists (`Tag_SNS_IM_Group`) are the friend lists of `State::friend_lists` that hold
//!   them, so sns/group_* and the friend endpoints see the same lists.
//! - A list of users that is empty (the pages state no least count) is a call with nothing to do:
//!   it answers OK with empty results.

use super::{Route, page, require_account, route, with_list};
use crate::emulator::{Ctx, Fail};
use crate::state::{AllowType, Friend, FriendList, FriendLists, Relations, State};
use chat_api::sns::{
    AddType, BlackListAddRequest, BlackListCheckRequest, BlackListDeleteRequest, BlackListGetRequest, BlockCheckType,
    DeleteType, FriendAddItem, FriendAddRequest, FriendCheckRequest, FriendCheckType, FriendDeleteAllRequest,
    FriendDeleteRequest, FriendGetListRequest, FriendGetRequest, FriendImportItem, FriendImportRequest,
    FriendUpdateRequest, GroupAddRequest, GroupDeleteRequest, GroupGetRequest, NeedFriend, SnsItem,
};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(group_add),
        route(group_delete),
        route(group_get),
        route(friend_add),
        route(friend_import),
        route(friend_update),
        route(friend_delete),
        route(friend_delete_all),
        route(friend_check),
        route(friend_get),
        route(friend_get_list),
        route(black_list_add),
        route(black_list_delete),
        route(black_list_get),
        route(black_list_check),
    ]
}

/// The code of an account that was not imported, on the relationship pages.
const NO_ACCOUNT: i64 = 30003;
/// Lists one account may have.
const MAX_LISTS: usize = 32;
/// Friends per page of friend_get: the pages do not say; the sandbox's choice.
const FRIEND_PAGE: usize = 100;
/// Longest remark (page 1047/33521).
const MAX_REMARK: usize = 96;
/// Longest list name (page 1047/33521).
const MAX_LIST_NAME: usize = 30;

/// One account's outcome in a batch: 0 and empty text, or a code and the service-style text.
type Outcome = Result<(), (i64, &'static str)>;

/// `ResultItem` (and `Fail_Account` when something failed) from each account's outcome.
fn batch_reply(outcomes: Vec<(String, Outcome)>) -> Value {
    let (items, failed) = result_items(outcomes);
    with_list(json!({"ResultItem": items}), "Fail_Account", failed)
}

/// The `ResultItem` entries of each account's outcome, and the accounts that failed.
fn result_items(outcomes: Vec<(String, Outcome)>) -> (Vec<Value>, Vec<String>) {
    let mut failed = Vec::new();
    let items = outcomes
        .into_iter()
        .map(|(to, outcome)| {
            let (code, info) = outcome.err().unwrap_or((0, ""));
            if code != 0 {
                failed.push(to.clone());
            }
            json!({"To_Account": to, "ResultCode": code, "ResultInfo": info})
        })
        .collect();
    (items, failed)
}

/// Puts `member` into the list `name` of `lists`, creating the list; whether anything changed.
fn put_in_list(lists: &mut FriendLists, name: &str, member: &str) -> bool {
    let mut changed = false;
    if !lists.lists.iter().any(|l| l.name == name) {
        lists.lists.push(FriendList::new(name));
        changed = true;
    }
    if let Some(list) = lists.lists.iter_mut().find(|l| l.name == name) {
        if !list.members.iter().any(|m| m == member) {
            list.members.push(member.to_string());
            changed = true;
        }
    }
    changed
}

/// How many lists `owner` would have after naming `names` (existing ones are not counted twice).
fn lists_after(state: &State, owner: &str, names: &[String]) -> usize {
    let lists = state.friend_lists.get(owner);
    let existing = lists.map_or(0, |l| l.lists.len());
    let mut new: Vec<&String> =
        names.iter().filter(|n| lists.is_none_or(|l| !l.names().contains(&n.as_str()))).collect();
    new.sort();
    new.dedup();
    existing + new.len()
}

/// Removes `friend` from `owner`'s friend list and lists; whether `owner` had them.
fn unfriend(state: &mut State, owner: &str, friend: &str) -> bool {
    let had = state.relations.chains.get_mut(owner).is_some_and(|c| c.friends.remove(friend).is_some());
    if had {
        state.relations.chain_mut(owner).standard_sequence += 1;
    }
    if let Some(lists) = state.friend_lists.get_mut(owner) {
        if lists.remove_member(friend) {
            lists.sequence += 1;
        }
    }
    had
}

fn add_source_ok(source: &str) -> bool {
    source
        .strip_prefix("AddSource_Type_")
        .is_some_and(|k| !k.is_empty() && k.len() <= 8 && k.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Adds users as friends (per user, in order):
/// - 30001 for the caller itself, a source not of the form `AddSource_Type_<1-8 letters>`, or a
///   user already in the caller's list (both lists for a two-way add);
/// - 30003 for a user never imported;
/// - 30515 when the caller blocked the user, 30525 when the user blocked the caller, also with
///   `ForceAddFlags` (the sandbox's reading: the admin's force passes verification, not blocklists);
/// - 30010 / 30014 when the caller's / the user's list is full, 30011 when `GroupName` would be a
///   33rd list;
/// - without `ForceAddFlags: 1`, the user's [`AllowType`]: `DenyAny` answers 30516, `NeedConfirm`
///   records a pending request (`Chain::pending`) and answers 30539, `AllowAny` adds.
///
/// A two-way add completes a half-made friendship (the missing side is added).
pub(super) fn friend_add(state: &mut State, cx: &Ctx<'_>, req: FriendAddRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let both = match &req.add_type {
        None | Some(AddType::Both) => true,
        Some(AddType::Single) => false,
        Some(other) => return Err(Fail::new(30001, format!("unknown AddType `{}`", other.as_str()))),
    };
    let force = req.force_add_flags == Some(true);
    let now = cx.signed_now();
    let outcomes = req
        .add_friend_item
        .iter()
        .map(|item| (item.to_account.clone(), add_one(state, &req.from_account, item, both, force, now)))
        .collect();
    Ok(batch_reply(outcomes))
}

fn add_one(state: &mut State, from: &str, item: &FriendAddItem, both: bool, force: bool, now: i64) -> Outcome {
    let to = item.to_account.as_str();
    if to == from {
        return Err((30001, "Err_SNS_FriendAdd_Cannot_Add_Self"));
    }
    if !state.accounts.contains_key(to) {
        return Err((30003, "Err_SNS_FriendAdd_Account_Not_Exist"));
    }
    if !add_source_ok(&item.add_source) {
        return Err((30001, "Err_SNS_FriendAdd_AddSource_Invalid"));
    }
    let rel = &state.relations;
    let (a_has, b_has) = (rel.is_friend(from, to), rel.is_friend(to, from));
    if a_has && (!both || b_has) {
        return Err((30001, "Err_SNS_FriendAdd_Friend_Exist"));
    }
    if rel.has_blocked(from, to) {
        return Err((30515, "Err_SNS_FriendAdd_Peer_In_Your_BlackList"));
    }
    if rel.has_blocked(to, from) {
        return Err((30525, "Err_SNS_FriendAdd_You_In_Peer_BlackList"));
    }
    if !a_has && rel.friend_count(from) >= rel.max_friends {
        return Err((30010, "Err_SNS_FriendAdd_My_Friend_Num_Exceed_Threshold"));
    }
    if both && !b_has && rel.friend_count(to) >= rel.max_friends {
        return Err((30014, "Err_SNS_FriendAdd_Peer_Friend_Num_Exceed_Threshold"));
    }
    if let Some(name) = &item.group_name {
        if name.is_empty() {
            return Err((30001, "Err_SNS_FriendAdd_Group_Name_Empty"));
        }
        if lists_after(state, from, std::slice::from_ref(name)) > MAX_LISTS {
            return Err((30011, "Err_SNS_FriendAdd_Group_Num_Exceed_Threshold"));
        }
    }
    if !force {
        match state.relations.allow_type(to) {
            AllowType::AllowAny => {}
            AllowType::DenyAny => return Err((30516, "Err_SNS_FriendAdd_Peer_Deny_Any")),
            AllowType::NeedConfirm => {
                state.relations.chain_mut(from).pending.insert(to.to_string());
                return Err((30539, "Err_SNS_FriendAdd_Need_Confirm"));
            }
        }
    }
    if !a_has {
        let mut friend = Friend::new(item.add_source.clone(), now);
        friend.remark = item.remark.clone();
        friend.remark_time = item.remark.as_ref().map(|_| now);
        friend.add_wording = item.add_wording.clone();
        let chain = state.relations.chain_mut(from);
        chain.friends.insert(to.to_string(), friend);
        chain.pending.remove(to);
        chain.standard_sequence += 1;
    }
    if both && !b_has {
        let chain = state.relations.chain_mut(to);
        chain.friends.insert(from.to_string(), Friend::new(item.add_source.clone(), now));
        chain.pending.remove(from);
        chain.standard_sequence += 1;
    }
    if let Some(name) = &item.group_name {
        let lists = state.friend_lists.entry(from.to_string()).or_default();
        if put_in_list(lists, name, to) {
            lists.sequence += 1;
        }
    }
    Ok(())
}

/// Writes friend entries one way, without verification and without looking at blocklists (the
/// page lists neither). Per entry: 30001 for the caller itself, a user already in the list, an
/// empty list name or a custom tag not starting `Tag_SNS_Custom_`; 30003 for a user never
/// imported; 30010 when the list is full; 30011 when the lists named would be more than 32.
pub(super) fn friend_import(state: &mut State, cx: &Ctx<'_>, req: FriendImportRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let now = cx.signed_now();
    let outcomes = req
        .add_friend_item
        .iter()
        .map(|item| (item.to_account.clone(), import_one(state, &req.from_account, item, now)))
        .collect();
    Ok(batch_reply(outcomes))
}

fn import_one(state: &mut State, from: &str, item: &FriendImportItem, now: i64) -> Outcome {
    let to = item.to_account.as_str();
    if to == from {
        return Err((30001, "Err_SNS_FriendImport_Cannot_Import_Self"));
    }
    if !state.accounts.contains_key(to) {
        return Err((30003, "Err_SNS_FriendImport_Account_Not_Exist"));
    }
    if !add_source_ok(&item.add_source) {
        return Err((30001, "Err_SNS_FriendImport_AddSource_Invalid"));
    }
    if state.relations.is_friend(from, to) {
        return Err((30001, "Err_SNS_FriendImport_Friend_Exist"));
    }
    if state.relations.friend_count(from) >= state.relations.max_friends {
        return Err((30010, "Err_SNS_FriendImport_My_Friend_Num_Exceed_Threshold"));
    }
    let groups = item.group_name.clone().unwrap_or_default();
    if groups.iter().any(String::is_empty) {
        return Err((30001, "Err_SNS_FriendImport_Group_Name_Empty"));
    }
    if lists_after(state, from, &groups) > MAX_LISTS {
        return Err((30011, "Err_SNS_FriendImport_Group_Num_Exceed_Threshold"));
    }
    let custom = item.custom_item.clone().unwrap_or_default();
    if custom.iter().any(|c| !c.tag.starts_with("Tag_SNS_Custom_")) {
        return Err((30001, "Err_SNS_FriendImport_Custom_Tag_Invalid"));
    }
    let mut friend = Friend::new(item.add_source.clone(), item.add_time.unwrap_or(now));
    friend.remark = item.remark.clone();
    friend.remark_time = item.remark_time.or_else(|| item.remark.as_ref().map(|_| now));
    friend.add_wording = item.add_wording.clone();
    friend.custom = custom.into_iter().map(|c| (c.tag, c.value)).collect();
    let has_custom = !friend.custom.is_empty();
    let chain = state.relations.chain_mut(from);
    chain.friends.insert(to.to_string(), friend);
    chain.standard_sequence += 1;
    if has_custom {
        chain.custom_sequence += 1;
    }
    if !groups.is_empty() {
        let lists = state.friend_lists.entry(from.to_string()).or_default();
        let mut changed = false;
        for name in &groups {
            changed |= put_in_list(lists, name, to);
        }
        if changed {
            lists.sequence += 1;
        }
    }
    Ok(())
}

/// Changes remarks, lists and custom fields. Per friend, nothing is changed unless every item is
/// acceptable: 30001 for a user not in the friend list (FAQ 1047/34457), a remark over 96 bytes, an
/// empty or over-30-byte list name, a standard field that cannot be updated (source, wording,
/// time), or a tag that is neither standard nor `Tag_SNS_Custom_*`; 30011 for lists that would be
/// more than 32 (the page's code and sample). A list value replaces the friend's lists.
pub(super) fn friend_update(state: &mut State, cx: &Ctx<'_>, req: FriendUpdateRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let from = req.from_account.as_str();
    let now = cx.signed_now();
    let mut outcomes = Vec::new();
    for item in &req.update_item {
        let to = item.to_account.as_str();
        let outcome = check_update(state, from, to, &item.sns_item);
        if outcome.is_ok() {
            apply_update(state, from, to, &item.sns_item, now);
        }
        outcomes.push((to.to_string(), outcome));
    }
    Ok(batch_reply(outcomes))
}

fn check_update(state: &State, from: &str, to: &str, items: &[SnsItem]) -> Outcome {
    if !state.relations.is_friend(from, to) {
        return Err((30001, "Err_SNS_FriendUpdate_Friend_Not_Exist"));
    }
    for sns in items {
        match sns {
            SnsItem::Remark(remark) if remark.len() > MAX_REMARK => {
                return Err((30001, "Err_SNS_FriendUpdate_Remark_Too_Long"));
            }
            SnsItem::Remark(_) => {}
            SnsItem::Group(names) => {
                if names.iter().any(|n| n.is_empty() || n.len() > MAX_LIST_NAME) {
                    return Err((30001, "Err_SNS_FriendUpdate_Group_Name_Invalid"));
                }
                if lists_after(state, from, names) > MAX_LISTS {
                    return Err((30011, "Err_SNS_FriendUpdate_Group_Num_Exceed_Threshold"));
                }
            }
            SnsItem::Unknown(raw) => {
                let custom = raw.get("Tag").and_then(Value::as_str).is_some_and(|t| t.starts_with("Tag_SNS_Custom_"));
                if !custom || raw.get("Value").is_none() {
                    return Err((30001, "Err_SNS_FriendUpdate_Tag_Invalid"));
                }
            }
            _ => return Err((30001, "Err_SNS_FriendUpdate_Field_Not_Updatable")),
        }
    }
    Ok(())
}

fn apply_update(state: &mut State, from: &str, to: &str, items: &[SnsItem], now: i64) {
    for sns in items {
        match sns {
            SnsItem::Remark(remark) => {
                let chain = state.relations.chain_mut(from);
                if let Some(friend) = chain.friends.get_mut(to) {
                    friend.remark = Some(remark.clone());
                    friend.remark_time = Some(now);
                }
                chain.standard_sequence += 1;
            }
            SnsItem::Group(names) => {
                let lists = state.friend_lists.entry(from.to_string()).or_default();
                let mut changed = lists.remove_member(to);
                for name in names {
                    changed |= put_in_list(lists, name, to);
                }
                if changed {
                    lists.sequence += 1;
                }
                state.relations.chain_mut(from).standard_sequence += 1;
            }
            SnsItem::Unknown(raw) => {
                if let (Some(tag), Some(value)) = (raw.get("Tag").and_then(Value::as_str), raw.get("Value")) {
                    let chain = state.relations.chain_mut(from);
                    if let Some(friend) = chain.friends.get_mut(to) {
                        friend.custom.insert(tag.to_string(), value.clone());
                    }
                    chain.custom_sequence += 1;
                }
            }
            _ => {}
        }
    }
}

fn delete_both(delete_type: Option<&DeleteType>) -> Result<bool, Fail> {
    match delete_type {
        None | Some(DeleteType::Single) => Ok(false),
        Some(DeleteType::Both) => Ok(true),
        Some(other) => Err(Fail::new(30001, format!("unknown DeleteType `{}`", other.as_str()))),
    }
}

/// Removes friends; 31704 for a user not in the caller's friend list (even when the caller is in
/// theirs: the one-way side of a two-way delete is not done then). A removed friend leaves the
/// caller's lists; a two-way delete also removes the caller from the friend's list and lists. The
/// reply is `ResultItem` alone: the page lists no `Fail_Account` for this command.
pub(super) fn friend_delete(state: &mut State, _cx: &Ctx<'_>, req: FriendDeleteRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let both = delete_both(req.delete_type.as_ref())?;
    let from = req.from_account.as_str();
    let mut outcomes = Vec::new();
    for to in &req.to_account {
        let outcome = if unfriend(state, from, to) {
            if both {
                unfriend(state, to, from);
            }
            Ok(())
        } else {
            Err((31704, "Err_SNS_FriendDelete_Not_Friend"))
        };
        outcomes.push((to.clone(), outcome));
    }
    Ok(json!({"ResultItem": result_items(outcomes).0}))
}

/// Empties the caller's friend list (its lists stay, empty of those friends); two-way also takes
/// the caller out of each former friend's list.
pub(super) fn friend_delete_all(state: &mut State, _cx: &Ctx<'_>, req: FriendDeleteAllRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let both = delete_both(req.delete_type.as_ref())?;
    let from = req.from_account.as_str();
    let friends: Vec<String> =
        state.relations.chain(from).map(|c| c.friends.keys().cloned().collect()).unwrap_or_default();
    for to in &friends {
        unfriend(state, from, to);
        if both {
            unfriend(state, to, from);
        }
    }
    Ok(json!({}))
}

/// How friend_check and black_list_check name their reply: the list, the relations (none, A with
/// B, B with A, both ways) and the text for a user never imported.
struct CheckNames {
    list: &'static str,
    relations: [&'static str; 4],
    not_exist: &'static str,
}

const FRIEND_CHECK: CheckNames = CheckNames {
    list: "InfoItem",
    relations: [
        "CheckResult_Type_NoRelation",
        "CheckResult_Type_AWithB",
        "CheckResult_Type_BWithA",
        "CheckResult_Type_BothWay",
    ],
    not_exist: "Err_SNS_FriendCheck_Account_Not_Exist",
};

const BLOCK_CHECK: CheckNames = CheckNames {
    list: "BlackListCheckItem",
    relations: [
        "BlackCheckResult_Type_NO",
        "BlackCheckResult_Type_AWithB",
        "BlackCheckResult_Type_BWithA",
        "BlackCheckResult_Type_BothWay",
    ],
    not_exist: "Err_SNS_BlackListCheck_Account_Not_Exist",
};

/// The relation of each user in `to` to `from`: `related(owner, other)` read on `from`'s side and,
/// with `both`, on the user's; 30003 (with no relation) for a user never imported.
fn check_relations(
    state: &State,
    from: &str,
    to: &[String],
    both: bool,
    related: fn(&Relations, &str, &str) -> bool,
    names: &CheckNames,
) -> Value {
    let mut failed = Vec::new();
    let items: Vec<Value> = to
        .iter()
        .map(|to| {
            if !state.accounts.contains_key(to) {
                failed.push(to.clone());
                return json!({"To_Account": to, "Relation": names.relations[0], "ResultCode": NO_ACCOUNT,
                    "ResultInfo": names.not_exist});
            }
            let a_has = related(&state.relations, from, to);
            let b_has = both && related(&state.relations, to, from);
            let relation = names.relations[usize::from(a_has) + 2 * usize::from(b_has)];
            json!({"To_Account": to, "Relation": relation, "ResultCode": 0, "ResultInfo": ""})
        })
        .collect();
    with_list(json!({ names.list: items }), "Fail_Account", failed)
}

/// Relations of each user to the caller; 30003 (with `NoRelation`) for a user never imported.
pub(super) fn friend_check(state: &mut State, _cx: &Ctx<'_>, req: FriendCheckRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let both = match &req.check_type {
        FriendCheckType::Single => false,
        FriendCheckType::Both => true,
        other => return Err(Fail::new(30001, format!("unknown CheckType `{}`", other.as_str()))),
    };
    Ok(check_relations(state, &req.from_account, &req.to_account, both, Relations::is_friend, &FRIEND_CHECK))
}

/// A friend's fields as tag/value items: standard ones unless `standard` is false, custom ones
/// unless `custom` is false.
fn friend_items(lists: &[String], friend: &Friend, standard: bool, custom: bool) -> Vec<Value> {
    let mut items = Vec::new();
    if standard {
        items.push(json!({"Tag": "Tag_SNS_IM_AddSource", "Value": friend.add_source}));
        if let Some(remark) = &friend.remark {
            items.push(json!({"Tag": "Tag_SNS_IM_Remark", "Value": remark}));
        }
        if !lists.is_empty() {
            items.push(json!({"Tag": "Tag_SNS_IM_Group", "Value": lists}));
        }
        items.push(json!({"Tag": "Tag_SNS_IM_AddTime", "Value": friend.add_time}));
        if let Some(wording) = &friend.add_wording {
            items.push(json!({"Tag": "Tag_SNS_IM_AddWording", "Value": wording}));
        }
    }
    if custom {
        items.extend(friend.custom.iter().map(|(tag, value)| json!({"Tag": tag, "Value": value})));
    }
    items
}

/// One page of 100 friends, by user ID. A `StandardSequence` (`CustomSequence`) equal to the
/// current one leaves the standard (custom) fields out; a `StartIndex` past the end gives an empty
/// last page.
pub(super) fn friend_get(state: &mut State, _cx: &Ctx<'_>, req: FriendGetRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let from = req.from_account.as_str();
    let chain = state.relations.chain(from).cloned().unwrap_or_default();
    let lists = state.friend_lists.get(from).cloned().unwrap_or_default();
    let standard = req.standard_sequence != Some(chain.standard_sequence);
    let custom = req.custom_sequence != Some(chain.custom_sequence);
    let friends: Vec<(&String, &Friend)> = chain.friends.iter().collect();
    let start = usize::try_from(req.start_index).unwrap_or(usize::MAX);
    let (shown, next) = page(&friends, start, FRIEND_PAGE);
    let items: Vec<Value> = shown
        .iter()
        .map(|(id, friend)| json!({"To_Account": id, "ValueItem": friend_items(&lists.lists_of(id), friend, standard, custom)}))
        .collect();
    Ok(json!({
        "UserDataItem": items,
        "StandardSequence": chain.standard_sequence,
        "CustomSequence": chain.custom_sequence,
        "FriendNum": friends.len(),
        "CompleteFlag": i64::from(next.is_none()),
        "NextStartIndex": next.unwrap_or(0),
    }))
}

/// The fields named in `TagList` for each named friend, in `TagList` order. Friend fields come
/// from the relationship chain; of the profile fields the sandbox knows only the nickname
/// (`Tag_Profile_IM_Nick`) and photo (`Tag_Profile_IM_Image`) given at import; other tags, and
/// fields the friend does not have, are left out. 30001 for a user not in the friend list.
pub(super) fn friend_get_list(state: &mut State, _cx: &Ctx<'_>, req: FriendGetListRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let from = req.from_account.as_str();
    let lists = state.friend_lists.get(from).cloned().unwrap_or_default();
    let mut failed = Vec::new();
    let items: Vec<Value> = req
        .to_account
        .iter()
        .map(|to| {
            let Some(friend) = state.relations.chain(from).and_then(|c| c.friends.get(to)) else {
                failed.push(to.clone());
                return json!({"To_Account": to, "ResultCode": 30001, "ResultInfo": "Err_SNS_FriendGetList_Friend_Not_Exist"});
            };
            let account = state.accounts.get(to);
            let fields: Vec<Value> = req
                .tag_list
                .iter()
                .filter_map(|tag| {
                    let value = match tag.as_str() {
                        "Tag_SNS_IM_Group" => Some(json!(lists.lists_of(to))).filter(|v| v.as_array().is_some_and(|a| !a.is_empty())),
                        "Tag_SNS_IM_Remark" => friend.remark.as_ref().map(|r| json!(r)),
                        "Tag_SNS_IM_AddSource" => Some(json!(friend.add_source)),
                        "Tag_SNS_IM_AddWording" => friend.add_wording.as_ref().map(|w| json!(w)),
                        "Tag_SNS_IM_AddTime" => Some(json!(friend.add_time)),
                        "Tag_Profile_IM_Nick" => account.and_then(|a| a.nick.as_ref()).map(|n| json!(n)),
                        "Tag_Profile_IM_Image" => account.and_then(|a| a.face_url.as_ref()).map(|u| json!(u)),
                        other => friend.custom.get(other).cloned(),
                    }?;
                    Some(json!({"Tag": tag, "Value": value}))
                })
                .collect();
            json!({"To_Account": to, "SnsProfileItem": fields, "ResultCode": 0, "ResultInfo": ""})
        })
        .collect();
    Ok(with_list(json!({"InfoItem": items}), "Fail_Account", failed))
}

/// Blocks users (per user): 30001 for the caller itself or a user already blocked; 30003 for a
/// user never imported; 30013 when the blocklist is full. Blocking ends any friendship between
/// the two both ways (lists included) and drops pending requests between them.
pub(super) fn black_list_add(state: &mut State, cx: &Ctx<'_>, req: BlackListAddRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let from = req.from_account.as_str();
    let mut outcomes = Vec::new();
    for to in &req.to_account {
        let outcome = if to == from {
            Err((30001, "Err_SNS_BlackListAdd_Cannot_Block_Self"))
        } else if !state.accounts.contains_key(to) {
            Err((30003, "Err_SNS_BlackListAdd_Account_Not_Exist"))
        } else if state.relations.has_blocked(from, to) {
            Err((30001, "Err_SNS_BlackListAdd_Already_Exist"))
        } else if state.relations.chain(from).map_or(0, |c| c.blocked.len()) >= state.relations.max_blocked {
            Err((30013, "Err_SNS_BlackListAdd_BlackList_Num_Exceed_Threshold"))
        } else {
            let chain = state.relations.chain_mut(from);
            chain.blocked.insert(to.clone(), cx.now);
            chain.block_sequence += 1;
            chain.pending.remove(to);
            state.relations.chain_mut(to).pending.remove(from);
            unfriend(state, from, to);
            unfriend(state, to, from);
            Ok(())
        };
        outcomes.push((to.clone(), outcome));
    }
    Ok(batch_reply(outcomes))
}

/// Unblocks users; 30001 for a user not on the blocklist (FAQ 1047/34457). Friendships stay ended.
pub(super) fn black_list_delete(state: &mut State, _cx: &Ctx<'_>, req: BlackListDeleteRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let chain = state.relations.chain_mut(&req.from_account);
    let mut outcomes = Vec::new();
    for to in &req.to_account {
        let outcome = if chain.blocked.remove(to).is_some() {
            chain.block_sequence += 1;
            Ok(())
        } else {
            Err((30001, "Err_SNS_BlackListDelete_Not_Exist"))
        };
        outcomes.push((to.clone(), outcome));
    }
    Ok(batch_reply(outcomes))
}

/// One page of the blocklist, by user ID, with the next `StartIndex` (0 after the last page); a
/// `MaxLimited` below 1 or a negative `StartIndex` gives an empty page (the pages state no bound).
/// `LastSequence` is not looked at (the page asks REST callers to send 0). The sequence comes
/// back as `CurruentSequence`, the spelling of the page's sample.
pub(super) fn black_list_get(state: &mut State, _cx: &Ctx<'_>, req: BlackListGetRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let chain = state.relations.chain(&req.from_account).cloned().unwrap_or_default();
    let blocked: Vec<Value> =
        chain.blocked.iter().map(|(id, at)| json!({"To_Account": id, "AddBlackTimeStamp": at})).collect();
    let start = usize::try_from(req.start_index).unwrap_or(usize::MAX);
    let (shown, next) = page(&blocked, start, usize::try_from(req.max_limited).unwrap_or(0));
    Ok(json!({"BlackListItem": shown, "StartIndex": next.unwrap_or(0), "CurruentSequence": chain.block_sequence}))
}

/// Blocklist relations of each user to the caller; 30003 (with `BlackCheckResult_Type_NO`) for a
/// user never imported.
pub(super) fn black_list_check(state: &mut State, _cx: &Ctx<'_>, req: BlackListCheckRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let both = match &req.check_type {
        BlockCheckType::Single => false,
        BlockCheckType::Both => true,
        other => return Err(Fail::new(30001, format!("unknown CheckType `{}`", other.as_str()))),
    };
    Ok(check_relations(state, &req.from_account, &req.to_account, both, Relations::has_blocked, &BLOCK_CHECK))
}

/// Adds the lists that do not exist yet (existing names are not an error and are not doubled) and
/// puts the given accounts into every named list. Any imported account may be put in a list, friend
/// or not (the sandbox's reading, kept from before it had friendships so that existing callers keep
/// working); accounts never imported come back in `Fail_Account`.
pub(super) fn group_add(state: &mut State, _cx: &Ctx<'_>, req: GroupAddRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
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
    Ok(with_list(reply, "Fail_Account", unknown))
}

/// Names that are not lists of the account are passed over (the pages do not say otherwise); the
/// sequence moves only when something was deleted.
pub(super) fn group_delete(state: &mut State, _cx: &Ctx<'_>, req: GroupDeleteRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
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
    require_account(state, &req.from_account, NO_ACCOUNT)?;
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
