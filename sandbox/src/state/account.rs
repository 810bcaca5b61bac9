//! Accounts and what belongs to them beyond groups and friends: login state, sign-outs, global
//! mutes, deletions.

use std::collections::BTreeMap;

/// An imported account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Account {
    /// Nickname (`Tag_Profile_IM_Nick`).
    pub nick: Option<String>,
    /// Profile photo URL (`Tag_Profile_IM_Image`).
    pub face_url: Option<String>,
}

/// How an account is logged in on one platform. The sandbox has no client logins: tests put
/// accounts online with [`Sessions::set_online`], and `kick` or deletion signs them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OnlineState {
    /// Connected.
    Online,
    /// In the background, reachable by offline push.
    PushOnline,
}

/// When a global mute ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MuteEnd {
    /// At this Unix time (seconds).
    At(u64),
    /// Never (set with 4294967295).
    Never,
}

/// The mute value meaning "for good".
pub const MUTE_FOREVER: i64 = 4_294_967_295;

impl MuteEnd {
    /// The end of a mute of `seconds` set at `now`: `None` lifts it.
    pub fn from_seconds(seconds: i64, now: u64) -> Option<MuteEnd> {
        match seconds {
            s if s <= 0 => None,
            MUTE_FOREVER => Some(MuteEnd::Never),
            s => Some(MuteEnd::At(now.saturating_add(u64::try_from(s).unwrap_or(0)))),
        }
    }

    /// Seconds left at `now` in the reply's form: 0 when over, 4294967295 when permanent.
    pub fn remaining(end: Option<MuteEnd>, now: u64) -> i64 {
        match end {
            None => 0,
            Some(MuteEnd::Never) => MUTE_FOREVER,
            Some(MuteEnd::At(t)) => i64::try_from(t.saturating_sub(now)).unwrap_or(MUTE_FOREVER),
        }
    }
}

/// The global mutes of one account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GlobalMute {
    /// Mute of one-to-one messages.
    pub c2c: Option<MuteEnd>,
    /// Mute of group messages.
    pub group: Option<MuteEnd>,
}

/// Login, online state and global mutes of accounts.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Sessions {
    /// The platforms each account is logged in on, with the state on each.
    pub online: BTreeMap<String, BTreeMap<String, OnlineState>>,
    /// How many times each account was signed out with `kick`.
    pub kicks: BTreeMap<String, u32>,
    /// Global mutes, by account.
    pub mutes: BTreeMap<String, GlobalMute>,
    /// Deleted user IDs and when they were deleted (Unix seconds); they cannot be imported in
    /// bulk again for [`Sessions::REIMPORT_AFTER`] seconds.
    pub deleted: BTreeMap<String, u64>,
    /// Whether account deletion is switched off in the console (then deletion fails with 71000).
    /// Off by default, as for trial apps.
    pub deletion_disabled: bool,
}

impl Sessions {
    /// Three months (90 days): how long a deleted ID stays blocked for import.
    pub const REIMPORT_AFTER: u64 = 90 * 86_400;

    /// Logs `account` in on `platform` with `state` (tests use it; the sandbox has no logins).
    pub fn set_online(&mut self, account: &str, platform: &str, state: OnlineState) {
        self.online.entry(account.to_string()).or_default().insert(platform.to_string(), state);
    }

    /// Signs `account` out of every platform.
    pub fn sign_out(&mut self, account: &str) {
        self.online.remove(account);
    }

    /// Whether `account` was deleted less than three months before `now`.
    pub fn recently_deleted(&self, account: &str, now: u64) -> bool {
        self.deleted.get(account).is_some_and(|&at| now.saturating_sub(at) < Self::REIMPORT_AFTER)
    }
}
