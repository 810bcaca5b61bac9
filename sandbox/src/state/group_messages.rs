//! Group messages: what each group (and each topic of a Community group) stores, with sequence
//! numbers, recalls, modifications, clears and read receipts; the system notifications sent to
//! groups; the broadcasts to every audio-video group; and the recent sends remembered to drop a
//! repeated `Random`.
//!
//! The sequence numbers of a group's own messages come from [`Group::next_msg_seq`], so that the
//! group profile (`NextMsgSeq`) and the message log agree; a topic numbers its messages itself.
//! Each log remembers which group it belongs to by the group's place in the app's creation order
//! ([`Group::seq`]): a group disbanded and made again under the same ID, even within the same
//! second, starts with an empty log.
//!
//! [`Group::next_msg_seq`]: super::Group::next_msg_seq
//! [`Group::seq`]: super::Group::seq

use super::RecentCalls;
use chat_api::MsgElement;
use std::collections::{BTreeMap, BTreeSet};

/// How many of a group's latest messages `delete_group_msg_by_sender` looks at.
pub const SENDER_SWEEP: usize = 1000;

/// Group messages, per group, plus broadcasts to audio-video groups.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupMessages {
    /// Message logs by group ID.
    pub groups: BTreeMap<String, GroupLog>,
    /// Broadcasts to every audio-video group, oldest first; their sequence numbers are 1, 2, ...
    pub broadcasts: Vec<Broadcast>,
    /// Recent broadcasts, for de-duplication.
    pub recent_broadcasts: RecentCalls,
}

/// What one group stores.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupLog {
    /// [`Group::seq`](super::Group::seq) of the group this log belongs to.
    pub group_seq: u64,
    /// The group's own messages (no topic), by sequence number.
    pub messages: BTreeMap<u64, GroupMessage>,
    /// Topics of a Community group, by topic ID.
    pub topics: BTreeMap<String, TopicLog>,
    /// System notifications sent to the group, oldest first.
    pub notifications: Vec<SystemNotification>,
    /// Recent sends (the target is the topic, empty for the group itself), for de-duplication.
    pub recent_sends: RecentCalls,
}

/// The messages of one topic.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TopicLog {
    /// Messages by sequence number.
    pub messages: BTreeMap<u64, GroupMessage>,
    /// Sequence number of the topic's next message (0 until the first).
    pub next_seq: u64,
}

impl TopicLog {
    /// Hands out the topic's next sequence number (topics number their messages from 1).
    pub fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq.max(1);
        self.next_seq = seq + 1;
        seq
    }
}

/// A stored group message.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupMessage {
    /// Sequence number in its group (or topic).
    pub seq: u64,
    /// The `Random` it was sent with (its de-duplication key); 0 when none was given.
    pub random: i64,
    /// When it was sent (Unix seconds); the historical time for imported messages.
    pub time: u64,
    /// User ID of the sender (the admin's when the admin sent it).
    pub sender: String,
    /// The elements, as last written (sent or modified).
    pub body: Vec<MsgElement>,
    /// App-defined data stored with it.
    pub cloud_custom_data: Option<String>,
    /// Priority as the history writes it: 1 high, 2 normal, 3 low, 4 lowest.
    pub priority: u8,
    /// Members it was targeted at; empty for a message to everyone.
    pub to_accounts: Vec<String>,
    /// Sent for online members only: never shown in the history.
    pub online_only: bool,
    /// Brought in with `import_group_msg`.
    pub imported: bool,
    /// Recalled (by `group_msg_recall`, or silently by `delete_group_msg_by_sender`).
    pub recalled: bool,
    /// Changed by `modify_group_msg`.
    pub modified: bool,
    /// Cleared by `clear_group_msg`: hidden from clients, still read by the admin.
    pub cleared: bool,
    /// Whether it asked for read receipts.
    pub need_receipt: bool,
    /// Whether it may carry message extensions.
    pub supports_extension: bool,
    /// Who was expected to read it when it was sent: the members other than the sender, or the
    /// targeted members.
    pub audience: BTreeSet<String>,
    /// Who has sent a read receipt for it.
    pub read_by: BTreeSet<String>,
}

/// A system notification sent to a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SystemNotification {
    /// When it was sent (Unix seconds).
    pub time: u64,
    /// Its text.
    pub content: String,
    /// The members it went to.
    pub recipients: Vec<String>,
    /// The topic it was sent in (Community groups with topics), if any.
    pub topic: Option<String>,
}

/// A message broadcast to every audio-video group.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Broadcast {
    /// Its sequence number.
    pub seq: u64,
    /// When it was sent (Unix seconds).
    pub time: u64,
    /// The sender shown (the admin's ID when none was named).
    pub sender: String,
    /// Its elements.
    pub body: Vec<MsgElement>,
    /// App-defined data sent with it.
    pub cloud_custom_data: Option<String>,
    /// The audio-video groups that existed when it was sent.
    pub groups: Vec<String>,
}

impl GroupMessages {
    /// The log of group `id`, if it has one that belongs to the group whose
    /// [`Group::seq`](super::Group::seq) is `group_seq`.
    pub fn log(&self, id: &str, group_seq: u64) -> Option<&GroupLog> {
        self.groups.get(id).filter(|l| l.group_seq == group_seq)
    }

    /// The log of group `id`, made empty if there was none or if it belonged to an earlier group
    /// of the same ID.
    pub fn log_mut(&mut self, id: &str, group_seq: u64) -> &mut GroupLog {
        let log = self.groups.entry(id.to_string()).or_insert_with(|| GroupLog { group_seq, ..GroupLog::default() });
        if log.group_seq != group_seq {
            *log = GroupLog { group_seq, ..GroupLog::default() };
        }
        log
    }

    /// The message with sequence number `seq` of group `id` (not of a topic), for other areas
    /// (message extensions) to look messages up. The caller checks that the group still exists
    /// (and that [`GroupLog::group_seq`] is its `seq`): a log outlives a disbanded group until a
    /// new group of that ID stores a message.
    pub fn message(&self, id: &str, seq: u64) -> Option<&GroupMessage> {
        self.groups.get(id)?.messages.get(&seq)
    }

    /// The message with sequence number `seq` of topic `topic` in group `id`.
    pub fn topic_message(&self, id: &str, topic: &str, seq: u64) -> Option<&GroupMessage> {
        self.groups.get(id)?.topics.get(topic)?.messages.get(&seq)
    }
}

impl GroupLog {
    /// The messages of the group itself (`topic` None) or of one topic.
    pub fn thread(&self, topic: Option<&str>) -> Option<&BTreeMap<u64, GroupMessage>> {
        match topic {
            None => Some(&self.messages),
            Some(t) => self.topics.get(t).map(|t| &t.messages),
        }
    }

    /// The messages of the group itself or of one topic, if that topic has any, for changing them.
    pub fn thread_get_mut(&mut self, topic: Option<&str>) -> Option<&mut BTreeMap<u64, GroupMessage>> {
        match topic {
            None => Some(&mut self.messages),
            Some(t) => self.topics.get_mut(t).map(|t| &mut t.messages),
        }
    }

    /// The messages of the group itself or of one topic, made if the topic had none.
    pub fn thread_mut(&mut self, topic: Option<&str>) -> &mut BTreeMap<u64, GroupMessage> {
        match topic {
            None => &mut self.messages,
            Some(t) => &mut self.topics.entry(t.to_string()).or_default().messages,
        }
    }
}

impl GroupMessage {
    /// A message `seq` sent by `sender` at `time` with `body`, at normal priority.
    pub fn new(seq: u64, sender: impl Into<String>, time: u64, body: Vec<MsgElement>) -> GroupMessage {
        GroupMessage { seq, sender: sender.into(), time, body, priority: 2, ..GroupMessage::default() }
    }

    /// Whether it shows in the history the admin reads (online-only messages never do).
    pub fn in_history(&self) -> bool {
        !self.online_only
    }
}
