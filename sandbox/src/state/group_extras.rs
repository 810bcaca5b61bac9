//! What groups carry besides members: attributes, counters, bans and mutes.
//!
//! Kept apart from [`Group`](super::Group) and keyed by group ID. Each entry remembers the
//! creation time of the group it belongs to, so that a group disbanded and made again under the
//! same ID does not inherit the old group's mutes, bans, attributes or counters.

use std::collections::BTreeMap;

/// The largest 32-bit unsigned value. As a mute length it means "without end"; it is also the
/// latest end time the sandbox records for a mute or a ban (a Unix time in 2106).
pub const FOREVER: u64 = 4_294_967_295;
/// Attribute keys one group may hold.
pub const MAX_ATTRIBUTES: usize = 16;
/// Bytes all attribute values of one group may add up to.
pub const MAX_ATTRIBUTE_BYTES: usize = 16_000;
/// Attribute writes (modify, set, delete) one group accepts per second.
pub const ATTRIBUTE_WRITES_PER_SECOND: u32 = 5;
/// Counters one group may hold.
pub const MAX_COUNTERS: usize = 20;

/// Attributes, counters, bans and mutes of every group that has any, by group ID.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupExtras {
    /// By group ID.
    pub groups: BTreeMap<String, Extras>,
}

/// What one group carries besides its members.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Extras {
    /// Creation time of the group these belong to (Unix seconds).
    pub group_created: u64,
    /// Mutes of the whole group: account to the end of its mute (Unix seconds).
    pub mutes: BTreeMap<String, u64>,
    /// Mutes limited to one topic of a Community group: topic ID, then account to end.
    pub topic_mutes: BTreeMap<String, BTreeMap<String, u64>>,
    /// Bans (audio-video groups): account to its ban.
    pub bans: BTreeMap<String, Ban>,
    /// Custom attributes, key to value.
    pub attributes: BTreeMap<String, String>,
    /// Counters, key to value.
    pub counters: BTreeMap<String, i64>,
    /// Attribute writes accepted in one second: (that second, how many).
    pub attribute_writes: (u64, u32),
}

/// A ban from an audio-video group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Ban {
    /// When it ends (Unix seconds).
    pub until: u64,
    /// The reason given, if any.
    pub description: Option<String>,
}

impl Ban {
    /// A ban ending at `until`.
    pub fn new(until: u64, description: Option<String>) -> Ban {
        Ban { until, description }
    }
}

impl GroupExtras {
    /// What the group `id` carries, if anything was ever set for it.
    pub fn of(&self, id: &str) -> Option<&Extras> {
        self.groups.get(id)
    }

    /// The entry of group `id`, made empty if there was none or if it belonged to an earlier
    /// group of the same ID (created at another time).
    pub fn entry(&mut self, id: &str, group_created: u64) -> &mut Extras {
        let extras = self.groups.entry(id.to_string()).or_insert_with(|| Extras { group_created, ..Extras::default() });
        if extras.group_created != group_created {
            *extras = Extras { group_created, ..Extras::default() };
        }
        extras
    }

    /// Drops what belongs to groups that no longer exist.
    pub fn retain_groups(&mut self, exists: impl Fn(&str) -> bool) {
        self.groups.retain(|id, _| exists(id));
    }

    /// When the group-wide mute of `account` in group `id` ends, if it is muted at `now`.
    pub fn mute_until(&self, id: &str, account: &str, now: u64) -> Option<u64> {
        self.of(id)?.mutes.get(account).copied().filter(|end| *end > now)
    }

    /// Whether `account` is banned from group `id` at `now`: such an account may not join it.
    pub fn is_banned(&self, id: &str, account: &str, now: u64) -> bool {
        self.of(id).and_then(|e| e.bans.get(account)).is_some_and(|b| b.until > now)
    }
}

impl Extras {
    /// The mutes of the group (`topic` None) or of one topic, expired ones removed.
    pub fn mutes_at(&mut self, topic: Option<&str>, now: u64) -> &mut BTreeMap<String, u64> {
        let mutes = match topic {
            None => &mut self.mutes,
            Some(t) => self.topic_mutes.entry(t.to_string()).or_default(),
        };
        mutes.retain(|_, end| *end > now);
        mutes
    }

    /// The running bans, expired ones removed.
    pub fn bans_at(&mut self, now: u64) -> &BTreeMap<String, Ban> {
        self.bans.retain(|_, b| b.until > now);
        &self.bans
    }

    /// Whether one more attribute write fits in the second `now`.
    pub fn attribute_write_allowed(&self, now: u64) -> bool {
        let (second, count) = self.attribute_writes;
        second != now || count < ATTRIBUTE_WRITES_PER_SECOND
    }

    /// Counts one attribute write in the second `now`.
    pub fn count_attribute_write(&mut self, now: u64) {
        let (second, count) = self.attribute_writes;
        self.attribute_writes = if second == now { (now, count.saturating_add(1)) } else { (now, 1) };
    }
}

/// The end of something lasting `seconds` from `now`: [`FOREVER`] for that length, and never
/// later than [`FOREVER`].
pub fn end_after(now: u64, seconds: u64) -> u64 {
    if seconds >= FOREVER { FOREVER } else { now.saturating_add(seconds).min(FOREVER) }
}
