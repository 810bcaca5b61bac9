//! Conversations: recent conversations, their marks, and conversation groups.

use std::collections::BTreeMap;

/// Conversation groups of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ContactGroups {
    /// The groups, in creation order.
    pub groups: Vec<ContactGroup>,
    /// Number for the next group.
    pub next_id: i64,
}

/// A conversation group.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Contact {
    /// One-to-one conversation with this user.
    User(String),
    /// Conversation of this group.
    Group(String),
}

/// One entry of a user's conversation list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RecentConversation {
    /// The conversation.
    pub contact: Contact,
    /// Time of its latest message (Unix seconds); 0 for a conversation without messages.
    pub msg_time: u64,
    /// Whether it is pinned to the top.
    pub pinned: bool,
}

/// The marks of one conversation (kept apart from the conversation list).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ConversationMark {
    /// Standard mark bits (bit n = mark n).
    pub standard: u64,
    /// The app-defined mark.
    pub custom: Option<String>,
    /// When the marks last changed (Unix seconds).
    pub changed: u64,
}

impl ConversationMark {
    /// Whether the conversation carries any mark at all.
    pub fn is_empty(&self) -> bool {
        self.standard == 0 && self.custom.is_none()
    }
}

/// The conversations of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct UserConversations {
    /// The conversation list (the sandbox has no messages: tests fill it with
    /// [`Conversations::touch`]).
    pub recent: Vec<RecentConversation>,
    /// Marks, by conversation.
    #[serde(with = "crate::persist::pairs")]
    pub marks: BTreeMap<Contact, ConversationMark>,
}

/// Recent conversations and their marks.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Conversations {
    /// By the account that owns them.
    pub by_user: BTreeMap<String, UserConversations>,
    /// Conversations per page of `get_list` (default [`Conversations::DEFAULT_PAGE`]).
    pub page_size: Option<usize>,
}

impl Conversations {
    /// Conversations per page when no page size is set.
    pub const DEFAULT_PAGE: usize = 100;

    /// Records that `user`'s conversation with `contact` had a message at `msg_time` (creating the
    /// conversation if needed); `msg_time` 0 makes an empty conversation.
    pub fn touch(&mut self, user: &str, contact: Contact, msg_time: u64) {
        let list = &mut self.by_user.entry(user.to_string()).or_default().recent;
        match list.iter_mut().find(|c| c.contact == contact) {
            Some(c) => c.msg_time = c.msg_time.max(msg_time),
            None => list.push(RecentConversation { contact, msg_time, pinned: false }),
        }
    }

    /// Pins or unpins one of `user`'s conversations (a client-side action; tests use it).
    pub fn pin(&mut self, user: &str, contact: &Contact, pinned: bool) {
        if let Some(c) = self.by_user.get_mut(user).and_then(|u| u.recent.iter_mut().find(|c| &c.contact == contact)) {
            c.pinned = pinned;
        }
    }
}
