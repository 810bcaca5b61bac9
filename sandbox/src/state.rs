//! What the emulated service remembers: accounts, groups and their members, friend lists and
//! conversation groups. Public so tests can assert on it (`Emulator::state`) or set it up
//! (`Emulator::edit_state`).

use std::collections::BTreeMap;

/// The whole state.
#[derive(Clone, Debug, Default, PartialEq)]
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

/// An imported account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Account {
    /// Nickname.
    pub nick: Option<String>,
    /// Profile photo URL.
    pub face_url: Option<String>,
}

/// A group.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Group {
    /// Group ID.
    pub id: String,
    /// Group type as sent (`Public`, `Private`...).
    pub group_type: String,
    /// Name.
    pub name: String,
    /// Owner, if any (a group made by the admin without owner has none).
    pub owner: Option<String>,
    /// Introduction.
    pub introduction: Option<String>,
    /// Notice.
    pub notification: Option<String>,
    /// Photo URL.
    pub face_url: Option<String>,
    /// Member limit.
    pub max_member_count: Option<i64>,
    /// How users join.
    pub apply_join_option: Option<String>,
    /// Creation time (Unix seconds).
    pub create_time: u64,
    /// Members by user ID, with their role.
    pub members: BTreeMap<String, Member>,
    /// App-defined group data, by key.
    pub app_defined: BTreeMap<String, String>,
}

/// A member of a group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Member {
    /// `Owner`, `Admin` or `Member`.
    pub role: String,
    /// When the member joined (Unix seconds).
    pub join_time: u64,
}

/// Friend lists of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FriendLists {
    /// Grows with every change to the lists.
    pub sequence: i64,
    /// The lists, in creation order.
    pub lists: Vec<FriendList>,
}

impl FriendLists {
    /// List names, in creation order.
    pub fn names(&self) -> Vec<&str> {
        self.lists.iter().map(|l| l.name.as_str()).collect()
    }
}

/// One friend list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FriendList {
    /// Its name.
    pub name: String,
    /// Accounts in it, in the order they were added.
    pub members: Vec<String>,
}

impl FriendList {
    /// An empty list.
    pub fn new(name: impl Into<String>) -> Self {
        FriendList { name: name.into(), members: Vec::new() }
    }
}

/// Conversation groups of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContactGroups {
    /// The groups, in creation order.
    pub groups: Vec<ContactGroup>,
    /// Number for the next group.
    pub next_id: i64,
}

/// A conversation group.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContactGroup {
    /// Its name.
    pub name: String,
    /// The number the service gave it.
    pub id: i64,
    /// Conversations in it.
    pub contacts: Vec<Contact>,
}

impl ContactGroup {
    /// An empty conversation group.
    pub fn new(name: impl Into<String>, id: i64) -> Self {
        ContactGroup { name: name.into(), id, contacts: Vec::new() }
    }
}

/// A conversation: with a user (`Type` 1) or in a group (`Type` 2).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Contact {
    /// One-to-one conversation with this user.
    User(String),
    /// Conversation of this group.
    Group(String),
}
