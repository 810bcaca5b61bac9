//! Groups and their members.
//!
//! Mutes of members are kept with the other per-group extras (`State::group_extras`), so that
//! modify_group_member_info and the mute endpoints share one record of them.

use std::collections::BTreeMap;

/// A group.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
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
    /// How invitations are handled (`FreeAccess`, `NeedPermission`, `DisableInvite`), if set.
    pub invite_join_option: Option<String>,
    /// Whether every member but the owner and admins is muted.
    pub mute_all: bool,
    /// Community groups: whether the group has topics enabled (`SupportTopic` 1 at creation).
    pub support_topic: bool,
    /// Creation time (Unix seconds); the historical time for imported groups.
    pub create_time: u64,
    /// Order of creation in the app: the listing of the app's groups follows it.
    pub seq: u64,
    /// Grows with every change of the profile.
    pub info_seq: u64,
    /// When the profile last changed (Unix seconds).
    pub last_info_time: u64,
    /// When the last message was sent (Unix seconds); 0 while no message was.
    pub last_msg_time: u64,
    /// Sequence number of the next message; the group holds `next_msg_seq - 1` messages.
    pub next_msg_seq: u64,
    /// Members online now. Nobody connects to the sandbox, so it stays 0 unless a test sets it
    /// through `Emulator::edit_state`.
    pub online_member_num: u64,
    /// Members by user ID, with their role.
    pub members: BTreeMap<String, Member>,
    /// App-defined group data, by key.
    pub app_defined: BTreeMap<String, String>,
}

impl Group {
    /// Whether this is an audio-video (live streaming) group.
    pub fn is_av(&self) -> bool {
        self.group_type == "AVChatRoom"
    }

    /// Number of messages the group holds.
    pub fn message_count(&self) -> u64 {
        self.next_msg_seq.saturating_sub(1)
    }
}

/// A member of a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Member {
    /// `Owner`, `Admin` or `Member`.
    pub role: String,
    /// When the member joined (Unix seconds).
    pub join_time: u64,
    /// Name card (display name in the group); empty when none was set.
    pub name_card: String,
    /// How the member receives messages: `AcceptAndNotify`, `AcceptNotNotify` or `Discard`.
    pub msg_flag: String,
    /// Sequence number of the last message the member has read.
    pub msg_seq: u64,
    /// When the member last sent a message (Unix seconds); 0 when never.
    pub last_send_msg_time: u64,
    /// Messages of the group the member has not read.
    pub unread_msg_num: u64,
    /// Member-level custom fields, by key.
    pub app_defined: BTreeMap<String, String>,
}

impl Member {
    /// A member with `role` who joined at `join_time`, receiving messages with notifications.
    pub fn new(role: impl Into<String>, join_time: u64) -> Member {
        Member { role: role.into(), join_time, msg_flag: "AcceptAndNotify".into(), ..Member::default() }
    }
}
