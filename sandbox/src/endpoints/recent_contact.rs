//! Conversations: `v4/recentcontact/*`.

use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::recent_contact::DelContactGroupRequest;
use serde_json::{Value, json};

fn require_account(state: &State, id: &str) -> Result<(), Fail> {
    if !state.accounts.contains_key(id) {
        return Err(Fail::new(50001, format!("account `{id}` has not been imported")));
    }
    Ok(())
}

pub(super) fn del_contact_group(state: &mut State, _cx: &Ctx<'_>, req: DelContactGroupRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account)?;
    let groups = state.contact_groups.entry(req.from_account.clone()).or_default();
    // Every name is checked before anything is deleted: a refused call changes nothing.
    if let Some(missing) = req.group_name.iter().find(|name| !groups.groups.iter().any(|g| &g.name == *name)) {
        return Err(Fail::new(51009, format!("conversation group `{missing}` does not exist")));
    }
    let (deleted, kept) =
        std::mem::take(&mut groups.groups).into_iter().partition(|g| req.group_name.contains(&g.name));
    groups.groups = kept;
    let items: Vec<Value> =
        deleted.iter().map(|g: &crate::state::ContactGroup| json!({"GroupName": g.name, "GroupId": g.id})).collect();
    Ok(json!({"GroupItem": items}))
}
