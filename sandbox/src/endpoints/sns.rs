//! Relationship chain: `v4/sns/*`.

use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::sns::GroupDeleteRequest;
use serde_json::{Value, json};

fn require_account(state: &State, id: &str) -> Result<(), Fail> {
    if !state.accounts.contains_key(id) {
        return Err(Fail::new(30003, format!("account `{id}` does not exist")));
    }
    Ok(())
}

/// Names that are not lists of the account are passed over (the pages do not say otherwise); the
/// sequence moves only when something was deleted.
pub(super) fn group_delete(state: &mut State, _cx: &Ctx<'_>, req: GroupDeleteRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account)?;
    let lists = state.friend_lists.entry(req.from_account.clone()).or_default();
    let before = lists.names.len();
    lists.names.retain(|n| !req.group_name.contains(n));
    if lists.names.len() != before {
        lists.sequence += 1;
    }
    Ok(json!({"CurrentSequence": lists.sequence}))
}
