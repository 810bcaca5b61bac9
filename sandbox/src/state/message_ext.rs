//! Message extensions: key/value data attached to a message, versioned per message.
//!
//! Every change of a message's extension raises its version (`latest_seq`) by one, and every pair
//! that change writes or deletes takes the new version as its `seq`, as the vendor's webhook
//! samples show. One-to-one messages are keyed by their conversation and `MsgKey` (keys are not
//! unique across conversations), group messages by group and message sequence number; the
//! messages themselves live in `State::messages` and `State::group_messages`.

use super::c2c_pair;
use std::collections::BTreeMap;

/// Pairs one message may hold (the pages: 300).
pub const MAX_PAIRS: usize = 300;
/// Pairs one read returns at most (the pages: 200).
pub const READ_PAGE: usize = 200;
/// The per-pair code of a version conflict.
pub const CONFLICT: i64 = 23001;

/// Extensions, per message.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct MessageExtensions {
    /// Extensions of one-to-one messages, by the conversation's two accounts in sorted order and
    /// the message's `MsgKey`.
    #[serde(with = "crate::persist::pairs")]
    pub one_to_one: BTreeMap<(String, String, String), Extension>,
    /// Extensions of group messages, by group ID.
    pub groups: BTreeMap<String, GroupExtensions>,
}

/// The extensions of one group's messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupExtensions {
    /// `Group::seq` of the group they belong to: a group disbanded and made again under the same
    /// ID starts without extensions.
    pub group_seq: u64,
    /// Extensions by message sequence number.
    pub messages: BTreeMap<u64, Extension>,
}

impl MessageExtensions {
    /// The extension of one-to-one message `key` between `a` and `b`, if it was ever changed.
    pub fn one_to_one(&self, a: &str, b: &str, key: &str) -> Option<&Extension> {
        self.one_to_one.get(&c2c_ext_key(a, b, key))
    }

    /// The extension of one-to-one message `key` between `a` and `b`, made empty if needed.
    pub fn one_to_one_mut(&mut self, a: &str, b: &str, key: &str) -> &mut Extension {
        self.one_to_one.entry(c2c_ext_key(a, b, key)).or_default()
    }

    /// The extension of message `seq` of group `id` (made `group_seq`), if it was ever changed.
    pub fn group(&self, id: &str, group_seq: u64, seq: u64) -> Option<&Extension> {
        self.groups.get(id).filter(|g| g.group_seq == group_seq)?.messages.get(&seq)
    }

    /// The extension of message `seq` of group `id` (made `group_seq`), made empty if needed;
    /// extensions of an earlier group of the same ID are dropped.
    pub fn group_mut(&mut self, id: &str, group_seq: u64, seq: u64) -> &mut Extension {
        let g = self
            .groups
            .entry(id.to_string())
            .or_insert_with(|| GroupExtensions { group_seq, ..GroupExtensions::default() });
        if g.group_seq != group_seq {
            *g = GroupExtensions { group_seq, ..GroupExtensions::default() };
        }
        g.messages.entry(seq).or_default()
    }
}

fn c2c_ext_key(a: &str, b: &str, key: &str) -> (String, String, String) {
    let (a, b) = c2c_pair(a, b);
    (a, b, key.to_string())
}

/// The extension of one message.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Extension {
    /// The stored pairs, by key.
    pub pairs: BTreeMap<String, Pair>,
    /// The message's extension version: grows by one with every change.
    pub latest_seq: u64,
    /// The version of the last clear; 0 when never cleared.
    pub clear_seq: u64,
}

/// One stored value and the version at which it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Pair {
    /// The value.
    pub value: String,
    /// The message version at which it was written.
    pub seq: u64,
}

/// One pair of a change request: key, value, and the version the caller last saw (if given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The key.
    pub key: String,
    /// The value (ignored when deleting).
    pub value: String,
    /// The version the caller believes current; `None` skips the check.
    pub seq: Option<u64>,
}

/// What a change did with one pair: 0 or [`CONFLICT`], and the pair as it now stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairOutcome {
    /// 0 when applied, [`CONFLICT`] when the version did not match.
    pub code: i64,
    /// The key.
    pub key: String,
    /// The value now stored (empty for a deleted or absent key).
    pub value: String,
    /// Its version (0 for a key never written).
    pub seq: u64,
}

/// A set that would leave the message with more than [`MAX_PAIRS`] pairs; nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyPairs {
    /// How many pairs the message would hold.
    pub would_hold: usize,
}

impl Extension {
    /// The version of `key` now (0 when absent).
    pub fn version_of(&self, key: &str) -> u64 {
        self.pairs.get(key).map_or(0, |p| p.seq)
    }

    /// Pairs whose version is at least `start`, ordered by version then key, at most
    /// [`READ_PAGE`]; and whether that is all of them.
    pub fn read(&self, start: u64) -> (Vec<(&str, &Pair)>, bool) {
        let mut all: Vec<(&str, &Pair)> =
            self.pairs.iter().filter(|(_, p)| p.seq >= start).map(|(k, p)| (k.as_str(), p)).collect();
        all.sort_by(|a, b| a.1.seq.cmp(&b.1.seq).then_with(|| a.0.cmp(b.0)));
        let complete = all.len() <= READ_PAGE;
        all.truncate(READ_PAGE);
        (all, complete)
    }

    /// Whether `change` is refused because its version is stale.
    fn stale(&self, change: &Change) -> bool {
        change.seq.is_some_and(|seq| seq != self.version_of(&change.key))
    }

    fn outcome(&self, code: i64, key: &str) -> PairOutcome {
        let (value, seq) = self.pairs.get(key).map_or((String::new(), 0), |p| (p.value.clone(), p.seq));
        PairOutcome { code, key: key.to_string(), value, seq }
    }

    /// Writes the pairs whose version matches (or that carry none) at a new version; the others
    /// come back with [`CONFLICT`] and the stored pair. Versions are judged against the state
    /// before the call. Refused whole when the message would hold more than [`MAX_PAIRS`].
    ///
    /// # Errors
    /// [`TooManyPairs`], with nothing written.
    pub fn set(&mut self, changes: &[Change]) -> Result<Vec<PairOutcome>, TooManyPairs> {
        let accepted: Vec<bool> = changes.iter().map(|c| !self.stale(c)).collect();
        let mut new_keys: Vec<&str> = changes
            .iter()
            .zip(&accepted)
            .filter(|(c, ok)| **ok && !self.pairs.contains_key(&c.key))
            .map(|(c, _)| c.key.as_str())
            .collect();
        new_keys.sort_unstable();
        new_keys.dedup();
        let would_hold = self.pairs.len() + new_keys.len();
        if would_hold > MAX_PAIRS {
            return Err(TooManyPairs { would_hold });
        }
        let version = self.latest_seq + 1;
        let mut outcomes = Vec::with_capacity(changes.len());
        for (change, ok) in changes.iter().zip(&accepted) {
            if *ok {
                self.pairs.insert(change.key.clone(), Pair { value: change.value.clone(), seq: version });
                outcomes.push(PairOutcome {
                    code: 0,
                    key: change.key.clone(),
                    value: change.value.clone(),
                    seq: version,
                });
            } else {
                outcomes.push(self.outcome(CONFLICT, &change.key));
            }
        }
        if accepted.iter().any(|ok| *ok) {
            self.latest_seq = version;
        }
        Ok(outcomes)
    }

    /// Deletes the keys whose version matches (or that carry none), reported with an empty value
    /// and the new version; the others come back with [`CONFLICT`] and the stored pair.
    pub fn delete(&mut self, changes: &[Change]) -> Vec<PairOutcome> {
        let accepted: Vec<bool> = changes.iter().map(|c| !self.stale(c)).collect();
        let version = self.latest_seq + 1;
        let mut outcomes = Vec::with_capacity(changes.len());
        for (change, ok) in changes.iter().zip(&accepted) {
            if *ok {
                self.pairs.remove(&change.key);
                outcomes.push(PairOutcome { code: 0, key: change.key.clone(), value: String::new(), seq: version });
            } else {
                outcomes.push(self.outcome(CONFLICT, &change.key));
            }
        }
        if accepted.iter().any(|ok| *ok) {
            self.latest_seq = version;
        }
        outcomes
    }

    /// Deletes every pair; the new version becomes the clear version.
    pub fn clear(&mut self) {
        self.pairs.clear();
        self.latest_seq += 1;
        self.clear_seq = self.latest_seq;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: &str, value: &str, seq: Option<u64>) -> Change {
        Change { key: key.into(), value: value.into(), seq }
    }

    #[test]
    fn versions_move_per_change_and_stale_writes_conflict() {
        let mut e = Extension::default();
        let out = e.set(&[change("a", "1", Some(0)), change("b", "2", None)]).unwrap();
        assert_eq!((out[0].code, out[0].seq, out[1].seq, e.latest_seq), (0, 1, 1, 1));
        let out = e.set(&[change("a", "x", Some(0)), change("b", "3", Some(1))]).unwrap();
        assert_eq!((out[0].code, out[0].value.as_str(), out[0].seq), (CONFLICT, "1", 1));
        assert_eq!((out[1].code, out[1].seq, e.latest_seq), (0, 2, 2));
        let out = e.delete(&[change("a", "", Some(1))]);
        assert_eq!((out[0].code, out[0].seq, e.pairs.len()), (0, 3, 1));
        let (page, complete) = e.read(3);
        assert!(page.is_empty() && complete, "b was written at 2");
        e.clear();
        assert_eq!((e.pairs.len(), e.latest_seq, e.clear_seq), (0, 4, 4));
    }

    #[test]
    fn a_set_beyond_the_pair_limit_writes_nothing() {
        let mut e = Extension::default();
        let many: Vec<Change> = (0..MAX_PAIRS).map(|i| change(&format!("k{i}"), "v", None)).collect();
        e.set(&many).unwrap();
        assert_eq!(e.set(&[change("one more", "v", None)]), Err(TooManyPairs { would_hold: MAX_PAIRS + 1 }));
        assert_eq!(e.latest_seq, 1);
        e.set(&[change("k0", "overwritten", None)]).unwrap();
        let (page, complete) = e.read(0);
        assert_eq!((page.len(), complete), (READ_PAGE, false));
    }
}
