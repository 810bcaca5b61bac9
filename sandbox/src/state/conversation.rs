//! Conversations: conversation groups (recent contacts and marks as they are added).

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

/// Recent conversations and their marks.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Conversations {}
