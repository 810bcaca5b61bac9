//! Group management: `v4/group_open_http_svc/*`.

use super::ok;
use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::group::DestroyGroupRequest;
use serde_json::Value;

/// Longest group ID the service accepts.
const MAX_GROUP_ID_BYTES: usize = 48;

fn check_group_id(id: &str) -> Result<(), Fail> {
    if id.is_empty() || id.len() > MAX_GROUP_ID_BYTES || id.chars().any(char::is_control) {
        return Err(Fail::new(10015, format!("`{id}` is not a valid group ID")));
    }
    Ok(())
}

pub(super) fn destroy_group(state: &mut State, _cx: &Ctx<'_>, req: DestroyGroupRequest) -> Result<Value, Fail> {
    check_group_id(&req.group_id)?;
    if state.groups.remove(&req.group_id).is_none() {
        return Err(Fail::new(10010, format!("group {} does not exist or was disbanded", req.group_id)));
    }
    ok()
}
