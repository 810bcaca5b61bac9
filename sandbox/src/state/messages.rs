//! One-to-one messages: stored per conversation, with read marks and unread counts.
//!
//! A conversation is keyed by its two accounts in sorted order ([`c2c_pair`]), so that the messages
//! of `a` to `b` and of `b` to `a` live together. Every message has its key in the vendor's form,
//! `<MsgSeq>_<MsgRandom>_<MsgTime>`; [`Messages::find`] and [`Messages::by_key`] look one up
//! (the message-extension endpoints use them).

use super::RecentCalls;
use chat_api::MsgElement;
use std::collections::{BTreeMap, BTreeSet};

/// The key of the conversation between `a` and `b`: the two user IDs in sorted order.
pub fn c2c_pair(a: &str, b: &str) -> (String, String) {
    if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) }
}

/// A message key in the vendor's form.
pub fn c2c_key(seq: i64, random: i64, time: i64) -> String {
    format!("{seq}_{random}_{time}")
}

/// The parts of a message key (`<MsgSeq>_<MsgRandom>_<MsgTime>`, three unsigned numbers), or
/// `None` when `key` is not one.
pub fn parse_c2c_key(key: &str) -> Option<(i64, i64, i64)> {
    let mut parts = key.split('_');
    let mut next = || -> Option<i64> {
        let p = parts.next()?;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let out = (next()?, next()?, next()?);
    parts.next().is_none().then_some(out)
}

/// One stored one-to-one message.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct StoredMessage {
    /// `MsgSeq`: given by the sender or drawn by the sandbox.
    pub seq: i64,
    /// `MsgRandom`.
    pub random: i64,
    /// When it was sent (Unix seconds): the send time, or `MsgTimeStamp` of an import.
    pub time: i64,
    /// `MsgKey`: `<seq>_<random>_<time>`.
    pub key: String,
    /// Sender.
    pub from: String,
    /// Receiver.
    pub to: String,
    /// The elements as the request gave them.
    pub body: Vec<MsgElement>,
    /// `CloudCustomData`, if any.
    pub cloud_custom_data: Option<String>,
    /// Recalled with admin_msgwithdraw.
    pub recalled: bool,
    /// Changed with modify_c2c_msg.
    pub modified: bool,
    /// Whether it adds to the receiver's unread count (not with `NoUnread`, nor when imported as
    /// read history).
    pub counts_unread: bool,
    /// Whether the receiver sent a read receipt for it (`IsPeerRead`).
    pub peer_read: bool,
    /// Whether the sender asked for a read receipt (`IsNeedReadReceipt`).
    pub need_read_receipt: bool,
    /// Whether it may carry message extensions (`SupportMessageExtension`).
    pub supports_extension: bool,
    /// Accounts that do not see it in their history: the sender with `SyncOtherMachine` 2, and
    /// whoever deleted it with delete_c2c_msg_ramble.
    pub hidden_for: BTreeSet<String>,
}

impl StoredMessage {
    /// A message from `from` to `to` with its numbers and body; every flag off.
    pub fn new(from: &str, to: &str, seq: i64, random: i64, time: i64, body: Vec<MsgElement>) -> StoredMessage {
        StoredMessage {
            seq,
            random,
            time,
            key: c2c_key(seq, random, time),
            from: from.to_string(),
            to: to.to_string(),
            body,
            cloud_custom_data: None,
            recalled: false,
            modified: false,
            counts_unread: true,
            peer_read: false,
            need_read_receipt: false,
            supports_extension: false,
            hidden_for: BTreeSet::new(),
        }
    }

    /// Whether `account` sees it in its history.
    pub fn visible_to(&self, account: &str) -> bool {
        !self.hidden_for.contains(account)
    }
}

/// The messages of one conversation and its read marks.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct C2cConversation {
    /// The messages, in the order they were stored.
    pub messages: Vec<StoredMessage>,
    /// Per receiving account: messages up to this time (Unix seconds) have been read.
    pub read_up_to: BTreeMap<String, i64>,
}

impl C2cConversation {
    /// How many messages `reader` has received here and not read.
    pub fn unread(&self, reader: &str) -> i64 {
        let mark = self.read_up_to.get(reader).copied().unwrap_or(i64::MIN);
        let n = self
            .messages
            .iter()
            .filter(|m| m.to == reader && m.counts_unread && !m.recalled && m.visible_to(reader) && m.time > mark)
            .count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }
}

/// One-to-one messages, per conversation.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Messages {
    /// Conversations by their two accounts in sorted order (see [`c2c_pair`]).
    #[serde(with = "crate::persist::pairs")]
    pub conversations: BTreeMap<(String, String), C2cConversation>,
    /// Recent sends, for the `MsgRandom` de-duplication.
    pub recent: RecentCalls,
    /// Counter behind the `MsgSeq` the sandbox draws when a send leaves it out.
    pub next_seq: i64,
}

impl Messages {
    /// The conversation between `a` and `b`, if it has ever held a message.
    pub fn conversation(&self, a: &str, b: &str) -> Option<&C2cConversation> {
        self.conversations.get(&c2c_pair(a, b))
    }

    /// The conversation between `a` and `b`, created empty if needed.
    pub fn conversation_mut(&mut self, a: &str, b: &str) -> &mut C2cConversation {
        self.conversations.entry(c2c_pair(a, b)).or_default()
    }

    /// The message with key `key` in the conversation between `a` and `b`.
    pub fn find(&self, a: &str, b: &str, key: &str) -> Option<&StoredMessage> {
        self.conversation(a, b)?.messages.iter().find(|m| m.key == key)
    }

    /// The message with key `key` in the conversation between `a` and `b`, to change it.
    pub fn find_mut(&mut self, a: &str, b: &str, key: &str) -> Option<&mut StoredMessage> {
        self.conversations.get_mut(&c2c_pair(a, b))?.messages.iter_mut().find(|m| m.key == key)
    }

    /// The first message with key `key` in any conversation (keys are not unique across
    /// conversations; prefer [`Messages::find`] when the two accounts are known).
    pub fn by_key(&self, key: &str) -> Option<&StoredMessage> {
        self.conversations.values().flat_map(|c| c.messages.iter()).find(|m| m.key == key)
    }

    /// Stores `message` in its conversation.
    pub fn store(&mut self, message: StoredMessage) {
        let (from, to) = (message.from.clone(), message.to.clone());
        self.conversation_mut(&from, &to).messages.push(message);
    }

    /// The next `MsgSeq` the sandbox draws.
    pub fn draw_seq(&mut self) -> i64 {
        self.next_seq = self.next_seq.saturating_add(1);
        self.next_seq
    }

    /// How many messages `reader` has received from `peer` and not read.
    pub fn unread(&self, reader: &str, peer: &str) -> i64 {
        self.conversation(reader, peer).map_or(0, |c| c.unread(reader))
    }

    /// How many one-to-one messages `reader` has not read, in all conversations.
    pub fn unread_total(&self, reader: &str) -> i64 {
        self.conversations
            .iter()
            .filter(|((a, b), _)| a == reader || b == reader)
            .fold(0i64, |n, (_, c)| n.saturating_add(c.unread(reader)))
    }

    /// Marks what `reader` received from `peer` up to `time` as read (a mark never moves back).
    pub fn mark_read(&mut self, reader: &str, peer: &str, time: i64) {
        let mark = self.conversation_mut(reader, peer).read_up_to.entry(reader.to_string()).or_insert(i64::MIN);
        *mark = (*mark).max(time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_only_in_the_vendor_form() {
        assert_eq!(parse_c2c_key("549396494_2578554_1584669680"), Some((549396494, 2578554, 1584669680)));
        for bad in ["", "1_2", "1_2_3_4", "a_2_3", "1__3", "-1_2_3", "1_2_99999999999999999999"] {
            assert_eq!(parse_c2c_key(bad), None, "{bad}");
        }
        assert_eq!(c2c_key(1, 2, 3), "1_2_3");
    }

    #[test]
    fn unread_counts_follow_read_marks_recalls_and_flags() {
        let mut m = Messages::default();
        for (i, t) in [(1, 100), (2, 200), (3, 300)] {
            m.store(StoredMessage::new("a", "b", i, i, t, Vec::new()));
        }
        m.store(StoredMessage::new("b", "a", 9, 9, 150, Vec::new()));
        assert_eq!((m.unread("b", "a"), m.unread("a", "b")), (3, 1));
        m.mark_read("b", "a", 200);
        assert_eq!(m.unread("b", "a"), 1);
        m.mark_read("b", "a", 50);
        assert_eq!(m.unread("b", "a"), 1, "a read mark never moves back");
        m.find_mut("a", "b", "3_3_300").unwrap().recalled = true;
        assert_eq!(m.unread("b", "a"), 0);
        assert_eq!(m.unread_total("a"), 1);
    }
}
