//! Conversations: `v4/recentcontact/*`.

use super::{Route, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{Contact, ContactGroup, State};
use chat_api::ConversationType;
use chat_api::recent_contact::{CreateContactGroupRequest, DelContactGroupRequest, GetContactGroupRequest};
use serde_json::{Value, json};

/// Conversation groups one account may have.

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(create_contact_group), route(del_contact_group), route(get_contact_group)]
}

const MAX_GROUPS: usize = 20;
/// Conversations one conversation group may hold.
const MAX_CONTACTS: usize = 1000;

fn require_account(state: &State, id: &str) -> Result<(), Fail> {
    if !state.accounts.contains_key(id) {
        return Err(Fail::new(50001, format!("account `{id}` has not been imported")));
    }
    Ok(())
}

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
    require_account(state, &req.from_account)?;
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
    require_account(state, &req.from_account)?;
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

/// All conversation groups and the conversations in them, in one page (`CompleteFlag` 1).
pub(super) fn get_contact_group(state: &mut State, _cx: &Ctx<'_>, req: GetContactGroupRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account)?;
    let groups = state.contact_groups.get(&req.from_account).cloned().unwrap_or_default();
    let group_items: Vec<Value> = groups.groups.iter().map(|g| json!({"GroupName": g.name, "GroupId": g.id})).collect();
    let mut contacts: Vec<&Contact> = groups.groups.iter().flat_map(|g| &g.contacts).collect();
    contacts.sort();
    contacts.dedup();
    let contact_items: Vec<Value> = contacts
        .iter()
        .map(|c| {
            let ids: Vec<i64> = groups.groups.iter().filter(|g| g.contacts.contains(c)).map(|g| g.id).collect();
            let mut item = contact_json(c);
            item["ContactGroupId"] = json!(ids);
            item
        })
        .collect();
    Ok(json!({"ContactItem": contact_items, "GroupItem": group_items, "CompleteFlag": 1, "NextStartIndex": 0}))
}
