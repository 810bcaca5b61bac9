//! Conversations: `v4/recentcontact/*`.

use super::{Route, ok, require_account, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Contact, ContactGroup, ContactGroups, ConversationMark, Conversations, RecentConversation, State};
use chat_api::ConversationType;
use chat_api::recent_contact::{
    ContactGroupChange, ContactGroupUpdateScope, ContactMembershipOp, ConversationMarkChange, ConversationRef,
    CreateContactGroupRequest, DelContactGroupRequest, DeleteConversationRequest, GetContactGroupRequest,
    GetListRequest, MarkContactRequest, MarkOp, SearchContactGroupRequest, UpdateContactGroupRequest,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(create_contact_group),
        route(del_contact_group),
        route(get_contact_group),
        route(get_list),
        route(delete_conversation),
        route(update_contact_group),
        route(search_contact_group),
        route(mark_contact),
    ]
}

/// The code of an account that was not imported, on the conversation pages.
const NO_ACCOUNT: i64 = 50001;
/// Conversation groups one account may have.
const MAX_GROUPS: usize = 20;
/// Conversations one conversation group may hold.
const MAX_CONTACTS: usize = 1000;

fn contact_json(c: &Contact) -> Value {
    match c {
        Contact::User(id) => json!({"Type": 1, "To_Account": id}),
        Contact::Group(id) => json!({"Type": 2, "ToGroupId": id}),
    }
}

/// A 21st group fails with 51010, a name in use with 50002, more than 1,000 conversations with
/// 51008. Each conversation added gets a result of its own.
pub(super) fn create_contact_group(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: CreateContactGroupRequest,
) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let groups = state.contact_groups.entry(req.from_account.clone()).or_default();
    let mut created = Vec::new();
    for item in req.group_contact_item {
        if groups.groups.len() >= MAX_GROUPS {
            return Err(Fail::new(51010, format!("an account has at most {MAX_GROUPS} conversation groups")));
        }
        if groups.groups.iter().any(|g| g.name == item.group_name) {
            return Err(Fail::new(50002, format!("conversation group `{}` exists", item.group_name)));
        }
        if item.contact_item.len() > MAX_CONTACTS {
            return Err(Fail::new(51008, format!("a conversation group holds at most {MAX_CONTACTS} conversations")));
        }
        groups.next_id += 1;
        let mut group = ContactGroup::new(item.group_name, groups.next_id);
        let mut results = Vec::new();
        for c in item.contact_item {
            let contact = match (c.kind, c.to_account, c.to_group_id) {
                (ConversationType::Group, _, Some(g)) => Contact::Group(g),
                (ConversationType::OneToOne, Some(a), _) => Contact::User(a),
                (kind, to_account, to_group_id) => {
                    let echo = json!({"Type": kind.as_i64(), "To_Account": to_account, "ToGroupId": to_group_id});
                    results.push(json!({"ContactItem": echo, "ResultCode": 50002, "ResultInfo": "the conversation names no user or group of its type"}));
                    continue;
                }
            };
            results.push(json!({"ContactItem": contact_json(&contact), "ResultCode": 0, "ResultInfo": ""}));
            if !group.contacts.contains(&contact) {
                group.contacts.push(contact);
            }
        }
        created.push(json!({"GroupItem": {"GroupName": group.name, "GroupId": group.id}, "ResultItem": results}));
        groups.groups.push(group);
    }
    Ok(json!({"GroupResultItem": created}))
}

pub(super) fn del_contact_group(state: &mut State, _cx: &Ctx<'_>, req: DelContactGroupRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let groups = state.contact_groups.entry(req.from_account.clone()).or_default();
    // Every name is checked before anything is deleted: a refused call changes nothing.
    if let Some(missing) = req.group_name.iter().find(|name| !groups.groups.iter().any(|g| &g.name == *name)) {
        return Err(Fail::new(51009, format!("conversation group `{missing}` does not exist")));
    }
    let (deleted, kept): (Vec<ContactGroup>, Vec<ContactGroup>) =
        std::mem::take(&mut groups.groups).into_iter().partition(|g| req.group_name.contains(&g.name));
    groups.groups = kept;
    let items: Vec<Value> = deleted.iter().map(|g| json!({"GroupName": g.name, "GroupId": g.id})).collect();
    Ok(json!({"GroupItem": items}))
}

/// All conversation groups, and every conversation that is in a group or carries a mark, in one
/// page (`CompleteFlag` 1).
pub(super) fn get_contact_group(state: &mut State, _cx: &Ctx<'_>, req: GetContactGroupRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let groups = state.contact_groups.get(&req.from_account).cloned().unwrap_or_default();
    let group_items: Vec<Value> = groups.groups.iter().map(|g| json!({"GroupName": g.name, "GroupId": g.id})).collect();
    let marks = state.conversations.by_user.get(&req.from_account).map(|u| u.marks.clone()).unwrap_or_default();
    let mut contacts: Vec<&Contact> = groups.groups.iter().flat_map(|g| &g.contacts).chain(marks.keys()).collect();
    contacts.sort();
    contacts.dedup();
    let contact_items: Vec<Value> =
        contacts.iter().map(|c| conversation_marks_json(c, &groups, marks.get(*c))).collect();
    Ok(json!({"ContactItem": contact_items, "GroupItem": group_items, "CompleteFlag": 1, "NextStartIndex": 0}))
}

/// A conversation with the groups it belongs to and its marks, as get_contact_group and
/// search_contact_group report it.
fn conversation_marks_json(c: &Contact, groups: &ContactGroups, mark: Option<&ConversationMark>) -> Value {
    let mut item = contact_json(c);
    add_marks(&mut item, c, groups, mark);
    if let Some(mark) = mark {
        item["Timestamp"] = json!(mark.changed);
    }
    item
}

/// The groups a conversation belongs to and its marks, added to its entry (get_list too reports
/// them, the newest page says).
fn add_marks(item: &mut Value, c: &Contact, groups: &ContactGroups, mark: Option<&ConversationMark>) {
    let ids: Vec<i64> = groups.groups.iter().filter(|g| g.contacts.contains(c)).map(|g| g.id).collect();
    if !ids.is_empty() {
        item["ContactGroupId"] = json!(ids);
    }
    if let Some(mark) = mark {
        if mark.standard != 0 {
            item["StandardMark"] = json!(format!("{:b}", mark.standard));
        }
        if let Some(custom) = &mark.custom {
            item["CustomMark"] = json!(custom);
        }
    }
}

/// The conversation a reference names, or `None` when the name its type needs is missing.
fn contact_of(r: &ConversationRef) -> Option<Contact> {
    match r.kind {
        ConversationType::OneToOne => r.to_account.clone().filter(|a| !a.is_empty()).map(Contact::User),
        ConversationType::Group => r.to_group_id.clone().filter(|g| !g.is_empty()).map(Contact::Group),
        _ => None,
    }
}

/// The reference as sent back in results.
fn ref_json(r: &ConversationRef) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

const BAD_REF: &str = "the conversation names no user or group of its type";

/// Pages by position in the list, newest first. `AssistFlags` bit 0 lists pinned conversations
/// apart and first (without it they are ordinary ones, `TopFlag` 0), bit 1 includes conversations
/// without messages, bit 2 pages the pinned ones like the others (without it they all come with
/// the first page). A page holds `Conversations::page_size` conversations (100 by default), pinned
/// ones counted only when paged. `TimeStamp`/`TopTimeStamp` of the reply are the time the listing
/// began (the request's, or now on the first page); `StartIndex`/`TopStartIndex` the positions
/// where the next page starts, both 0 once `CompleteFlag` is 1. Negative cursors are 50002.
pub(super) fn get_list(state: &mut State, cx: &Ctx<'_>, req: GetListRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let (Ok(start), Ok(top_start)) = (usize::try_from(req.start_index), usize::try_from(req.top_start_index)) else {
        return Err(Fail::new(50002, "StartIndex and TopStartIndex must not be negative"));
    };
    if req.time_stamp < 0 || req.top_time_stamp < 0 {
        return Err(Fail::new(50002, "TimeStamp and TopTimeStamp must not be negative"));
    }
    let (apart, with_empty, page_pinned) =
        (req.assist_flags & 1 != 0, req.assist_flags & 2 != 0, req.assist_flags & 4 != 0);
    let user = state.conversations.by_user.get(&req.from_account);
    let mut all = user.map(|u| u.recent.clone()).unwrap_or_default();
    let marks = user.map(|u| u.marks.clone()).unwrap_or_default();
    let groups = state.contact_groups.get(&req.from_account).cloned().unwrap_or_default();
    all.retain(|c| with_empty || c.msg_time > 0);
    all.sort_by(|a, b| b.msg_time.cmp(&a.msg_time).then_with(|| a.contact.cmp(&b.contact)));
    let (pinned, normal): (Vec<_>, Vec<_>) = all.into_iter().partition(|c| apart && c.pinned);
    let page = state.conversations.page_size.unwrap_or(Conversations::DEFAULT_PAGE).max(1);

    let pinned_rest = pinned.get(top_start..).unwrap_or_default();
    let pinned_taken = if page_pinned { pinned_rest.len().min(page) } else { pinned_rest.len() };
    let room = if page_pinned { page - pinned_taken } else { page };
    let normal_rest = normal.get(start..).unwrap_or_default();
    let normal_taken = normal_rest.len().min(room);

    let entry = |c: &RecentConversation, top: bool| {
        let mut item = match &c.contact {
            Contact::User(id) => json!({"Type": 1, "To_Account": id}),
            Contact::Group(id) => json!({"Type": 2, "GroupId": id}),
        };
        item["MsgTime"] = json!(c.msg_time);
        item["TopFlag"] = json!(i64::from(top));
        add_marks(&mut item, &c.contact, &groups, marks.get(&c.contact));
        item
    };
    let items: Vec<Value> = pinned_rest[..pinned_taken]
        .iter()
        .map(|c| entry(c, true))
        .chain(normal_rest[..normal_taken].iter().map(|c| entry(c, false)))
        .collect();
    let next_top = top_start.saturating_add(pinned_taken);
    let next_start = start.saturating_add(normal_taken);
    let complete = next_top >= pinned.len() && next_start >= normal.len();
    let began = |t: i64| if t == 0 { cx.now } else { u64::try_from(t).unwrap_or(0) };
    let (next_start, next_top) = if complete { (0, 0) } else { (next_start, next_top) };
    Ok(json!({
        "SessionItem": items,
        "CompleteFlag": i64::from(complete),
        "TimeStamp": began(req.time_stamp),
        "StartIndex": next_start,
        "TopTimeStamp": began(req.top_time_stamp),
        "TopStartIndex": next_top,
    }))
}

/// Removes the conversation from the list (answering OK when it is not there). A one-to-one
/// conversation needs `To_Account`, a group one `ToGroupid` (50002). Roaming messages are not kept
/// by the sandbox, so `ClearRamble` changes nothing more; groups and marks stay.
pub(super) fn delete_conversation(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: DeleteConversationRequest,
) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let contact = match req.kind {
        ConversationType::OneToOne => req.to_account.filter(|a| !a.is_empty()).map(Contact::User),
        ConversationType::Group => req.to_group_id.filter(|g| !g.is_empty()).map(Contact::Group),
        _ => None,
    };
    let Some(contact) = contact else { return Err(Fail::new(50002, BAD_REF)) };
    if let Some(user) = state.conversations.by_user.get_mut(&req.from_account) {
        user.recent.retain(|c| c.contact != contact);
    }
    ok()
}

/// The group named by `OldGroupName` must exist (51009). A rename needs a `NewGroupName` no other
/// group of the user has (50002). A change of conversations gives each item its result: 50002
/// for a reference without its partner, 51008 for an addition beyond 1,000 conversations;
/// removing a conversation that is not in the group succeeds.
pub(super) fn update_contact_group(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: UpdateContactGroupRequest,
) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    if req.update_type != ContactGroupUpdateScope::Group {
        return Err(Fail::new(50002, "UpdateType must be 1"));
    }
    let update = req.update_group;
    let groups = state.contact_groups.entry(req.from_account.clone()).or_default();
    let Some(index) = groups.groups.iter().position(|g| g.name == update.old_group_name) else {
        return Err(Fail::new(51009, format!("conversation group `{}` does not exist", update.old_group_name)));
    };
    let mut result =
        json!({"UpdateGroupType": update.update_group_type.as_i64(), "OldGroupName": update.old_group_name});
    match update.update_group_type {
        ContactGroupChange::Rename => {
            let Some(new_name) = update.new_group_name.filter(|n| !n.is_empty()) else {
                return Err(Fail::new(50002, "a rename needs NewGroupName"));
            };
            if groups.groups.iter().enumerate().any(|(i, g)| i != index && g.name == new_name) {
                return Err(Fail::new(50002, format!("conversation group `{new_name}` exists")));
            }
            if let Some(group) = groups.groups.get_mut(index) {
                group.name = new_name;
            }
        }
        ContactGroupChange::Conversations => {
            let mut results = Vec::new();
            for change in update.contact_update_item.unwrap_or_default() {
                let Some(group) = groups.groups.get_mut(index) else { break };
                let echo = ref_json(&change.contact_item);
                let op = change.contact_opt_type.as_i64();
                let code = match (contact_of(&change.contact_item), change.contact_opt_type) {
                    (None, _) => (50002, BAD_REF),
                    (Some(c), ContactMembershipOp::Add) => {
                        if group.contacts.contains(&c) {
                            (0, "")
                        } else if group.contacts.len() >= MAX_CONTACTS {
                            (51008, "a conversation group holds at most 1000 conversations")
                        } else {
                            group.contacts.push(c);
                            (0, "")
                        }
                    }
                    (Some(c), ContactMembershipOp::Remove) => {
                        group.contacts.retain(|x| x != &c);
                        (0, "")
                    }
                    (Some(_), _) => (50002, "ContactOptType must be 1 or 2"),
                };
                results.push(
                    json!({"ContactOptType": op, "ContactItem": echo, "ResultCode": code.0, "ResultInfo": code.1}),
                );
            }
            result["ContactResultItem"] = json!(results);
        }
        _ => return Err(Fail::new(50002, "UpdateGroupType must be 1 or 2")),
    }
    if let Some(group) = groups.groups.get(index) {
        result["GroupName"] = json!(group.name);
        result["GroupId"] = json!(group.id);
    }
    Ok(json!({"UpdateType": 1, "UpdateGroupResult": result}))
}

/// Every reference must name its partner (50002). Conversations in no group and without marks are
/// left out; `GroupItem` lists the groups the returned conversations belong to.
pub(super) fn search_contact_group(
    state: &mut State,
    _cx: &Ctx<'_>,
    req: SearchContactGroupRequest,
) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let contacts = req.contact_item.iter().map(contact_of).collect::<Option<Vec<_>>>();
    let Some(mut contacts) = contacts else { return Err(Fail::new(50002, BAD_REF)) };
    contacts.dedup();
    let groups = state.contact_groups.get(&req.from_account).cloned().unwrap_or_default();
    let marks = state.conversations.by_user.get(&req.from_account).map(|u| u.marks.clone()).unwrap_or_default();
    let mut found = Vec::new();
    let mut group_ids = Vec::new();
    for c in &contacts {
        let in_groups: Vec<i64> = groups.groups.iter().filter(|g| g.contacts.contains(c)).map(|g| g.id).collect();
        let mark = marks.get(c);
        if in_groups.is_empty() && mark.is_none() {
            continue;
        }
        group_ids.extend(in_groups);
        found.push(conversation_marks_json(c, &groups, mark));
    }
    let group_items: Vec<Value> = groups
        .groups
        .iter()
        .filter(|g| group_ids.contains(&g.id))
        .map(|g| json!({"GroupName": g.name, "GroupId": g.id}))
        .collect();
    Ok(json!({"ContactResultItem": found, "GroupItem": group_items}))
}

/// Marks conversations.
const MAX_MARKED: usize = 1000;
/// Highest standard mark bit.
const MAX_MARK_BIT: i64 = 63;

/// Each item gets its result: 50002 for a reference without its partner, an unknown `OptType` or
/// a bit number outside 0..=63; 51008 when a conversation without marks would become the 1,001st
/// marked one. (Standard marks need Pro or above, the newest page says, which every sandbox
/// edition is; the 51013 of other plans does not arise.) With `OptType` 2 or 3 a missing
/// `CustomMark` clears the custom mark. A conversation left with no mark at all is no longer
/// counted.
pub(super) fn mark_contact(state: &mut State, cx: &Ctx<'_>, req: MarkContactRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let user = state.conversations.by_user.entry(req.from_account.clone()).or_default();
    let mut results = Vec::new();
    for item in req.mark_item {
        let echo = ref_json(&item.contact_item);
        let op = item.opt_type.as_i64();
        let outcome = apply_mark(&mut user.marks, &item, cx);
        let (code, info) = match outcome {
            Ok(()) => (0, String::new()),
            Err(fail) => (fail.code, fail.info),
        };
        results.push(json!({"OptType": op, "ContactItem": echo, "ResultCode": code, "ResultInfo": info}));
    }
    Ok(json!({"ResultItem": results}))
}

fn apply_mark(
    marks: &mut BTreeMap<Contact, ConversationMark>,
    item: &ConversationMarkChange,
    cx: &Ctx<'_>,
) -> Result<(), Fail> {
    let Some(contact) = contact_of(&item.contact_item) else { return Err(Fail::new(50002, BAD_REF)) };
    let (standard, custom) = match item.opt_type {
        MarkOp::Standard => (true, false),
        MarkOp::Custom => (false, true),
        MarkOp::Both => (true, true),
        _ => return Err(Fail::new(50002, "OptType must be 1, 2 or 3")),
    };
    let set = item.set_mark.clone().unwrap_or_default();
    let clear = item.clear_mark.clone().unwrap_or_default();
    if standard && set.iter().chain(&clear).any(|bit| !(0..=MAX_MARK_BIT).contains(bit)) {
        return Err(Fail::new(50002, "mark bits are numbered 0 to 63"));
    }
    let marked = marks.values().filter(|m| !m.is_empty()).count();
    let mut mark = marks.get(&contact).cloned().unwrap_or_default();
    let was_empty = mark.is_empty();
    if standard {
        for bit in clear {
            mark.standard &= !(1u64 << bit);
        }
        for bit in set {
            mark.standard |= 1u64 << bit;
        }
    }
    if custom {
        mark.custom = item.custom_mark.clone().filter(|m| !m.is_empty());
    }
    if was_empty && !mark.is_empty() && marked >= MAX_MARKED {
        return Err(Fail::new(51008, "marks cover at most 1000 conversations"));
    }
    mark.changed = cx.now;
    if mark.is_empty() {
        marks.remove(&contact);
    } else {
        marks.insert(contact, mark);
    }
    Ok(())
}
