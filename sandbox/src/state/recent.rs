//! Replies of recent calls, kept so that a repeat (the same command, sender, target, numbers and
//! content within the command's [`dedup_window`]) is answered with the first reply and not acted
//! on twice. One-to-one sends, group sends, broadcasts and pushes all use it.
//!
//! Calls expire in time order: each one is queued with its expiry when it is remembered, and the
//! queue's front is dropped as far as it has expired whenever the store is used, so every call is
//! queued and dropped once (amortised O(1)) instead of the whole store being swept per send.

use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

/// How long a call is remembered for commands not in [`WINDOWS`], in seconds.
pub const DEDUP_WINDOW: u64 = 60;

/// De-duplication windows by command, in seconds, where the pages give one: five minutes for
/// group messages and broadcasts (their `Random` rows), 120 seconds for one-to-one sends (the
/// newest sendmsg page as the project read it; the 2023 pages say only that `MsgSeq` and
/// `MsgRandom` serve de-duplication).
pub const WINDOWS: &[(&str, u64)] =
    &[("sendmsg", 120), ("batchsendmsg", 120), ("send_group_msg", 300), ("send_broadcast_msg", 300)];

/// The window of `command`.
pub fn dedup_window(command: &str) -> u64 {
    WINDOWS.iter().find(|(c, _)| *c == command).map_or(DEDUP_WINDOW, |(_, w)| *w)
}

/// What makes two calls the same call.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DedupKey {
    /// The command (`sendmsg`, `timpush/push`...).
    pub command: &'static str,
    /// The sender.
    pub from: String,
    /// What the call is sent to: a receiver, receivers joined by commas, a topic, a condition.
    pub target: String,
    /// The caller's random number (`MsgRandom`, `Random`).
    pub random: i64,
    /// The sequence number, for commands whose key includes it (`MsgSeq` of one-to-one sends).
    pub seq: Option<i64>,
    /// A hash of the content, for commands whose key includes it (0 otherwise).
    pub content: u64,
}

impl DedupKey {
    /// The key of a call, by command, sender, target and random number.
    pub fn new(command: &'static str, from: &str, target: impl Into<String>, random: i64) -> DedupKey {
        DedupKey { command, from: from.to_string(), target: target.into(), random, seq: None, content: 0 }
    }

    /// The key with the call's sequence number as a part.
    #[must_use]
    pub fn with_seq(mut self, seq: i64) -> DedupKey {
        self.seq = Some(seq);
        self
    }

    /// The key with the call's content (e.g. `MsgBody`) as a part.
    #[must_use]
    pub fn with_content(mut self, content: &impl Serialize) -> DedupKey {
        let mut h = DefaultHasher::new();
        serde_json::to_string(content).unwrap_or_default().hash(&mut h);
        self.content = h.finish();
        self
    }
}

/// Replies of the calls still within their window, by key, with when each expires.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RecentCalls {
    // Not saved: a restored sandbox answers repeats of earlier calls as new ones.
    #[serde(skip)]
    calls: HashMap<DedupKey, (u64, Value)>,
    /// Keys with their expiry, in the order they were remembered.
    #[serde(skip)]
    expiries: VecDeque<(u64, DedupKey)>,
}

impl RecentCalls {
    /// The reply of a call with `key` whose window had not passed at `now`, if any.
    pub fn repeat_of(&mut self, key: &DedupKey, now: u64) -> Option<Value> {
        self.expire(now);
        self.calls.get(key).filter(|(until, _)| now < *until).map(|(_, reply)| reply.clone())
    }

    /// Remembers the reply of a call made at `now`.
    pub fn remember(&mut self, key: DedupKey, now: u64, reply: Value) {
        self.expire(now);
        let until = now.saturating_add(dedup_window(key.command));
        self.expiries.push_back((until, key.clone()));
        self.calls.insert(key, (until, reply));
    }

    /// Drops the calls at the front of the queue whose window has passed. A call behind one with
    /// a longer window waits for it (lookups check the expiry, so it is not answered meanwhile).
    fn expire(&mut self, now: u64) {
        while let Some((until, _)) = self.expiries.front() {
            if *until > now {
                break;
            }
            let Some((until, key)) = self.expiries.pop_front() else { break };
            // A key remembered again later has a later expiry, and stays.
            if self.calls.get(&key).is_some_and(|(u, _)| *u == until) {
                self.calls.remove(&key);
            }
        }
    }

    /// How many calls are remembered.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether no call is remembered.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_recognised_within_the_window_only() {
        let key = |command, target| DedupKey::new(command, "a", target, 7);
        let mut m = RecentCalls::default();
        m.remember(key("timpush/push", "b"), 1000, serde_json::json!({"TaskId": "k"}));
        assert!(m.repeat_of(&key("timpush/push", "b"), 1059).is_some());
        assert!(m.repeat_of(&key("timpush/push", "c"), 1059).is_none());
        assert!(m.repeat_of(&key("timpush/batch", "b"), 1059).is_none());
        assert!(m.repeat_of(&key("timpush/push", "b"), 1060).is_none());
        assert!(m.is_empty());
    }

    #[test]
    fn each_command_has_its_window_and_every_part_counts() {
        let mut m = RecentCalls::default();
        let send = DedupKey::new("sendmsg", "a", "b", 7).with_seq(1).with_content(&"hi");
        m.remember(send.clone(), 1000, serde_json::json!({}));
        assert!(m.repeat_of(&send, 1119).is_some(), "one-to-one sends: 120 s");
        assert!(m.repeat_of(&DedupKey::new("sendmsg", "a", "b", 7).with_seq(2).with_content(&"hi"), 1001).is_none());
        assert!(m.repeat_of(&DedupKey::new("sendmsg", "a", "b", 7).with_seq(1).with_content(&"ho"), 1001).is_none());
        assert!(m.repeat_of(&send, 1120).is_none());
        let group = DedupKey::new("send_group_msg", "a", "", 7);
        m.remember(group.clone(), 2000, serde_json::json!({}));
        assert!(m.repeat_of(&group, 2299).is_some(), "group messages: five minutes");
        assert!(m.repeat_of(&group, 2300).is_none());
    }

    #[test]
    fn expiry_goes_by_time_order_and_keeps_a_key_remembered_again() {
        let mut m = RecentCalls::default();
        for i in 0..1000 {
            m.remember(DedupKey::new("timpush/push", "a", "", i), 1000 + (i as u64) / 100, serde_json::json!(i));
        }
        // At 1061 the calls made at 1000 and 1001 have expired, the rest not.
        assert!(m.repeat_of(&DedupKey::new("timpush/push", "a", "", 0), 1061).is_none());
        assert_eq!(m.len(), 800);
        let again = DedupKey::new("timpush/push", "a", "", 999);
        m.remember(again.clone(), 1100, serde_json::json!("again"));
        // The first entry of 999 (made at 1009) expires at 1069; the second one stays.
        assert_eq!(m.repeat_of(&again, 1150), Some(serde_json::json!("again")));
        assert_eq!(m.len(), 1);
    }
}
