//! Topics of Community groups (v4/million_group_open_http_svc, import_topic). Their messages live
//! with the group's (`GroupLog::topics`); this holds their profiles.

use std::collections::BTreeMap;

/// The part every topic ID has between the group ID and its own part.
pub const TOPIC_INFIX: &str = "@TOPIC#_";

/// Topic profiles, by group ID.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Topics {
    /// The topics of each group that has had one created or imported.
    pub groups: BTreeMap<String, GroupTopics>,
    /// Counter behind assigned topic IDs.
    pub next_number: u64,
}

/// The topics of one group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupTopics {
    /// `Group::seq` of the group they belong to, so that a new group of the same ID starts
    /// without them.
    pub group_seq: u64,
    /// Topics by ID.
    pub topics: BTreeMap<String, Topic>,
}

/// One topic's profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Topic {
    /// Name.
    pub name: String,
    /// Photo URL.
    pub face_url: Option<String>,
    /// Notice.
    pub notification: Option<String>,
    /// Introduction.
    pub introduction: Option<String>,
    /// App-defined data.
    pub custom_string: Option<String>,
    /// Whether everyone but the owner and admins is muted in it.
    pub mute_all: bool,
    /// Creation time (Unix seconds); the historical time for imported topics.
    pub create_time: u64,
}

impl Topics {
    /// The topics of group `id` created as `group_seq`, if any were made.
    pub fn of(&self, id: &str, group_seq: u64) -> Option<&GroupTopics> {
        self.groups.get(id).filter(|t| t.group_seq == group_seq)
    }

    /// The topics of group `id`, made empty if it had none or they belonged to an earlier group
    /// of the same ID.
    pub fn of_mut(&mut self, id: &str, group_seq: u64) -> &mut GroupTopics {
        let entry = self.groups.entry(id.to_string()).or_default();
        if entry.group_seq != group_seq {
            *entry = GroupTopics { group_seq, topics: BTreeMap::new() };
        }
        entry
    }
}
