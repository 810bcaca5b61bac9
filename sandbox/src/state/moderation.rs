//! Cloud moderation keyword libraries (v4/im_msg_audit_mgr/*_cloud_audit_keywords*).

use std::collections::BTreeMap;

/// The app's keyword libraries, by library ID. No call creates a library (the console does), so
/// tests put them here with `Emulator::edit_state`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Moderation {
    /// By library ID.
    pub libraries: BTreeMap<String, KeywordLibrary>,
    /// Counter behind word IDs.
    pub next_keyword: u64,
}

/// One keyword library.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct KeywordLibrary {
    /// `LibName`.
    pub name: String,
    /// `Describe`.
    pub describe: String,
    /// `CreateTime`, as the pages write it.
    pub create_time: String,
    /// `Suggestion` (e.g. `Block`).
    pub suggestion: String,
    /// Its words, by the word itself.
    pub keywords: BTreeMap<String, CloudKeyword>,
}

/// One word of a library.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CloudKeyword {
    /// Its ID (a number, as text).
    pub id: String,
    /// Its category, when given.
    pub label: Option<String>,
    /// When it was added, as the pages write it (`YYYY-MM-DD hh:mm:ss`, Beijing time).
    pub create_time: String,
}

impl KeywordLibrary {
    /// An empty library called `name` suggesting `suggestion`.
    pub fn new(name: &str, suggestion: &str) -> Self {
        KeywordLibrary { name: name.into(), suggestion: suggestion.into(), ..Default::default() }
    }
}
