//! Permission groups of Community groups (group_open_http_svc/*_permission_group).

use std::collections::BTreeMap;

/// Permission groups, by Community group ID.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PermissionGroups {
    /// Each group's permission groups.
    pub groups: BTreeMap<String, GroupPermissions>,
    /// Counter behind generated permission-group IDs.
    pub next_number: u64,
}

/// The permission groups of one Community group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GroupPermissions {
    /// `Group::seq` of the group they belong to, so that a group created again under the same ID
    /// starts without any.
    pub group_seq: u64,
    /// By permission-group ID.
    pub permission_groups: BTreeMap<String, PermissionGroup>,
}

/// One permission group. The stored pages do not say what the permission bits mean, so the
/// sandbox keeps them without acting on them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PermissionGroup {
    /// `PermissionGroupName`.
    pub name: Option<String>,
    /// Group-level `Permission` bits.
    pub permission: Option<i64>,
    /// `CustomString`.
    pub custom_string: Option<String>,
    /// Permission bits per topic ID.
    pub topics: BTreeMap<String, i64>,
}

impl PermissionGroups {
    /// The permission groups of group `id`, made empty if they belonged to an earlier group of
    /// the same ID.
    pub fn of_mut(&mut self, id: &str, group_seq: u64) -> &mut GroupPermissions {
        let entry = self.groups.entry(id.to_string()).or_default();
        if entry.group_seq != group_seq {
            *entry = GroupPermissions { group_seq, permission_groups: BTreeMap::new() };
        }
        entry
    }
}
