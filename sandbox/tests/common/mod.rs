//! Setup steps the group tests share: accounts, groups and members.

use chat_api::GroupType;
use chat_api::account::AccountImportRequest;
use chat_api::group::{CreateGroupMember, CreateGroupRequest};
use sandbox::Sandbox;
use sandbox::state::Member;

/// Imports `ids` as accounts.
pub async fn import(s: &Sandbox, ids: &[&str]) {
    for id in ids {
        s.client().account().account_import(AccountImportRequest::new(*id)).await.unwrap();
    }
}

/// A group of `kind` with ID `id`, owned by `owner` (when given) and with `members`.
pub async fn group(s: &Sandbox, kind: GroupType, id: &str, owner: Option<&str>, members: &[&str]) -> String {
    let mut request = CreateGroupRequest::new(kind, "g").with_group_id(id);
    if let Some(owner) = owner {
        request = request.with_owner_account(owner);
    }
    if !members.is_empty() {
        request = request.with_member_list(members.iter().map(|m| CreateGroupMember::new(*m)));
    }
    s.client().group().create_group(request).await.unwrap().group_id
}

/// Puts `accounts` into group `id` as ordinary members (audio-video groups get theirs through the
/// client SDK, which the sandbox does not emulate).
pub fn join(s: &Sandbox, id: &str, accounts: &[&str]) {
    s.emulator().edit_state(|st| {
        let group = st.groups.get_mut(id).unwrap();
        for a in accounts {
            group.members.insert((*a).to_string(), Member::new("Member", 0));
        }
    });
}
