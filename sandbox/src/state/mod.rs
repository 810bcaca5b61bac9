//! What the emulated service remembers: accounts, groups and their members, friend lists and
//! conversation groups. Public so tests can assert on it (`Emulator::state`) or set it up
//! (`Emulator::edit_state`).

mod account;
mod chat_files;
mod conversation;
mod follow;
mod group;
mod group_extras;
mod group_messages;
mod live_groups;
mod message_ext;
mod messages;
mod moderation;
mod official_accounts;
mod operations;
mod permission_groups;
mod profile;
mod push;
mod recent;
mod robots;
mod sns;
mod topics;

pub use account::*;
pub use chat_files::*;
pub use conversation::*;
pub use follow::*;
pub use group::*;
pub use group_extras::*;
pub use group_messages::*;
pub use live_groups::*;
pub use message_ext::*;
pub use messages::*;
pub use moderation::*;
pub use official_accounts::*;
pub use operations::*;
pub use permission_groups::*;
pub use profile::*;
pub use push::*;
pub use recent::*;
pub use robots::*;
pub use sns::*;
pub use topics::*;

use std::collections::BTreeMap;

/// The whole state.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct State {
    /// Imported accounts, by user ID.
    pub accounts: BTreeMap<String, Account>,
    /// Groups, by group ID.
    pub groups: BTreeMap<String, Group>,
    /// Friend lists, by the account that owns them.
    pub friend_lists: BTreeMap<String, FriendLists>,
    /// Conversation groups, by the account that owns them.
    pub contact_groups: BTreeMap<String, ContactGroups>,
    /// Counter behind generated group IDs.
    pub next_group_number: u64,
    /// Profiles by account (portrait_set/portrait_get).
    pub profiles: Profiles,
    /// Friends and blocklists.
    pub relations: Relations,
    /// Who follows whom.
    pub follows: Follows,
    /// Recent conversations and their marks.
    pub conversations: Conversations,
    /// Group attributes, counters, bans and mutes.
    pub group_extras: GroupExtras,
    /// Login, online state and global mutes of accounts.
    pub sessions: Sessions,
    /// One-to-one messages, per conversation.
    pub messages: Messages,
    /// Group messages, per group.
    pub group_messages: GroupMessages,
    /// Message extensions (key/value data attached to messages).
    pub message_ext: MessageExtensions,
    /// Push to all users: attribute names, user attributes and tags, push tasks.
    pub push: Push,
    /// Chatbot accounts.
    pub robots: Robots,
    /// Server addresses and exported message-record files.
    pub operations: Operations,
    /// Profiles of Community topics.
    pub topics: Topics,
    /// Admins and member marks of audio-video groups.
    pub live_groups: LiveGroups,
    /// Official accounts and their subscribers.
    pub official_accounts: OfficialAccounts,
    /// Permission groups of Community groups.
    pub permission_groups: PermissionGroups,
    /// Cloud moderation keyword libraries.
    pub moderation: Moderation,
    /// Rich-media files of chat messages and their bans.
    pub chat_files: ChatFiles,
}

impl State {
    /// Empty, except for the admin account, which every app has.
    pub fn with_admin(admin: &str) -> State {
        let mut s = State::default();
        s.accounts.insert(admin.to_string(), Account::default());
        s
    }

    /// Imports `id` as an account (tests use it to set up state quickly).
    pub fn add_account(&mut self, id: &str) {
        self.accounts.entry(id.to_string()).or_default();
    }
}
