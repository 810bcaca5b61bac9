//! Groups and their members.

use std::collections::BTreeMap;

/// A group.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Group {
    /// Group ID.
    pub id: String,
    /// Group type as sent (`Public`, `Private`...).
    pub group_type: String,
    /// Name.
    pub name: String,
    /// Owner, if any (a group made by the admin without owner has none).
    pub owner: Option<String>,
    /// Introduction.
    pub introduction: Option<String>,
    /// Notice.
    pub notification: Option<String>,
    /// Photo URL.
    pub face_url: Option<String>,
    /// Member limit.
    pub max_member_count: Option<i64>,
    /// How users join.
    pub apply_join_option: Option<String>,
    /// Creation time (Unix seconds).
    pub create_time: u64,
    /// Members by user ID, with their role.
    pub members: BTreeMap<String, Member>,
    /// App-defined group data, by key.
    pub app_defined: BTreeMap<String, String>,
}

/// A member of a group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Member {
    /// `Owner`, `Admin` or `Member`.
    pub role: String,
    /// When the member joined (Unix seconds).
    pub join_time: u64,
}
