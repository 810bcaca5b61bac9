//! Replies of recent calls, kept so that a repeat (the same command, sender, target and random
//! number within [`DEDUP_WINDOW`]) is answered with the first reply and not acted on twice. One-to-one
//! sends, group sends, broadcasts and pushes all use it.

use serde_json::Value;
use std::collections::BTreeMap;

/// How long a call is remembered for de-duplication, in seconds. (The group pages say five
/// minutes; the sandbox keeps one shorter window for every area.)
pub const DEDUP_WINDOW: u64 = 60;

/// What makes two calls the same call.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
}

impl DedupKey {
    /// The key of a call.
    pub fn new(command: &'static str, from: &str, target: impl Into<String>, random: i64) -> DedupKey {
        DedupKey { command, from: from.to_string(), target: target.into(), random }
    }
}

/// Replies of the calls of the last [`DEDUP_WINDOW`] seconds, by key, with when each was made.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecentCalls {
    calls: BTreeMap<DedupKey, (u64, Value)>,
}

impl RecentCalls {
    /// The reply of a call with `key` made less than [`DEDUP_WINDOW`] seconds before `now`, if
    /// any; older calls are forgotten first.
    pub fn repeat_of(&mut self, key: &DedupKey, now: u64) -> Option<Value> {
        self.calls.retain(|_, (at, _)| now.saturating_sub(*at) < DEDUP_WINDOW);
        self.calls.get(key).map(|(_, reply)| reply.clone())
    }

    /// Remembers the reply of a call made at `now`.
    pub fn remember(&mut self, key: DedupKey, now: u64, reply: Value) {
        self.calls.insert(key, (now, reply));
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
        m.remember(key("sendmsg", "b"), 1000, serde_json::json!({"MsgKey": "k"}));
        assert!(m.repeat_of(&key("sendmsg", "b"), 1059).is_some());
        assert!(m.repeat_of(&key("sendmsg", "c"), 1059).is_none());
        assert!(m.repeat_of(&key("batchsendmsg", "b"), 1059).is_none());
        assert!(m.repeat_of(&key("sendmsg", "b"), 1060).is_none());
        assert!(m.is_empty());
    }
}
