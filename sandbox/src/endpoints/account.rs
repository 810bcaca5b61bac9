//! Accounts: `v4/im_open_login_svc/*`.

use super::{Route, ok, route};
use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::account::AccountImportRequest;
use serde_json::Value;

/// Importing an existing ID keeps the one account and updates the nickname and photo given.

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(account_import)]
}

pub(super) fn account_import(state: &mut State, _cx: &Ctx<'_>, req: AccountImportRequest) -> Result<Value, Fail> {
    if req.user_id.trim().is_empty() {
        return Err(Fail::new(70402, "UserID must not be empty"));
    }
    let account = state.accounts.entry(req.user_id).or_default();
    if req.nick.is_some() {
        account.nick = req.nick;
    }
    if req.face_url.is_some() {
        account.face_url = req.face_url;
    }
    ok()
}
