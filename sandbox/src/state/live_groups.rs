//! What audio-video groups keep besides their members: their own admins and members' marks
//! (v4/group_open_avchatroom_http_svc).

use std::collections::{BTreeMap, BTreeSet};

/// Admins an audio-video group may have (the modify_admin page: 5).
pub const MAX_LIVE_ADMINS: usize = 5;
/// Distinct marks one group may use (the modify_user_info page: 10).
pub const MAX_MARKS: usize = 10;
/// Members one mark may be set on (the modify_user_info page: 1,000).
pub const MAX_MARKED: usize = 1000;
/// Mark that hides a member from the online list unless that mark is asked for.
pub const MARK_HIDDEN: i64 = 600;
/// Mark that keeps a member counted as online.
pub const MARK_ALWAYS_ONLINE: i64 = 500;

/// Admins and marks of audio-video groups, by group ID.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct LiveGroups {
    /// Per group.
    pub groups: BTreeMap<String, LiveGroup>,
    /// Members per page of get_members (the page: 500); tests lower it to see paging.
    pub page_size: usize,
}

impl Default for LiveGroups {
    fn default() -> Self {
        LiveGroups { groups: BTreeMap::new(), page_size: 500 }
    }
}

/// One audio-video group's admins and marks.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LiveGroup {
    /// `Group::seq` of the group they belong to, so that a new group of the same ID starts
    /// without them.
    pub group_seq: u64,
    /// Live-group admins (they need not be members).
    pub admins: BTreeSet<String>,
    /// Marks by member.
    pub marks: BTreeMap<String, BTreeSet<i64>>,
}

impl LiveGroups {
    /// The entry of group `id` created as `group_seq`, if it has one.
    pub fn of(&self, id: &str, group_seq: u64) -> Option<&LiveGroup> {
        self.groups.get(id).filter(|g| g.group_seq == group_seq)
    }

    /// The entry of group `id`, made empty if it had none or it belonged to an earlier group of
    /// the same ID.
    pub fn of_mut(&mut self, id: &str, group_seq: u64) -> &mut LiveGroup {
        let entry = self.groups.entry(id.to_string()).or_default();
        if entry.group_seq != group_seq {
            *entry = LiveGroup { group_seq, ..LiveGroup::default() };
        }
        entry
    }
}

impl LiveGroup {
    /// The distinct marks in use.
    pub fn marks_in_use(&self) -> BTreeSet<i64> {
        self.marks.values().flatten().copied().collect()
    }

    /// How many members carry `mark`.
    pub fn carriers(&self, mark: i64) -> usize {
        self.marks.values().filter(|m| m.contains(&mark)).count()
    }
}
