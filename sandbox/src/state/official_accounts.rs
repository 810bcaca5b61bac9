//! Official accounts and their subscribers (v4/official_account_open_http_svc).

use std::collections::{BTreeMap, BTreeSet};

/// The prefix every official account's ID carries (the create page).
pub const OFFICIAL_ACCOUNT_PREFIX: &str = "@TOA#_";
/// The subscriber cap of an official account created without one (the create page).
pub const DEFAULT_MAX_SUBSCRIBERS: i64 = 100_000;

/// The app's official accounts, by ID.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OfficialAccounts {
    /// The official accounts that exist.
    pub accounts: BTreeMap<String, OfficialAccount>,
    /// IDs of destroyed official accounts; they answer as not found and are not handed out again.
    pub destroyed: BTreeSet<String>,
    /// Counter behind generated IDs.
    pub next_number: u64,
}

/// One official account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OfficialAccount {
    /// The imported account that owns it.
    pub owner: String,
    /// Its name (`Name`).
    pub name: String,
    /// `Introduction`, as last set.
    pub introduction: Option<String>,
    /// `FaceUrl`, as last set.
    pub face_url: Option<String>,
    /// `Organization`, as last set.
    pub organization: Option<String>,
    /// `CustomString`, as last set.
    pub custom_string: Option<String>,
    /// The most subscribers it may have.
    pub max_subscribers: i64,
    /// When it was created (Unix seconds).
    pub create_time: u64,
    /// Its subscribers, by user ID.
    pub subscribers: BTreeMap<String, Subscriber>,
    /// Its messages, oldest first.
    pub messages: Vec<OfficialAccountMessage>,
}

/// One subscriber of an official account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Subscriber {
    /// When the user subscribed (Unix seconds).
    pub since: u64,
    /// The app-defined string modify_subscriber_info sets.
    pub custom_string: Option<String>,
}

/// One message an official account sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OfficialAccountMessage {
    /// Sequence number: 1 for the account's first message, then one more each.
    pub seq: u64,
    /// `<seq>_1_<time>`, the key recalls name it by.
    pub key: String,
    /// The `Random` it was sent with.
    pub random: i64,
    /// When it was sent (Unix seconds).
    pub time: u64,
    /// Its elements, as sent.
    pub body: serde_json::Value,
    /// The subscribers it was delivered to (the subscribers when it was sent, or the connected
    /// ones for an online-only message).
    pub recipients: Vec<String>,
    /// Recalled by official_account_msg_recall.
    pub recalled: bool,
}
