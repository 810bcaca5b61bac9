//! Rich-media files of chat messages (v4/im_cos_msg/*): which exist, and which are banned.

use std::collections::BTreeMap;

/// The files the client SDKs have uploaded for messages, by URL. No REST call uploads a file (the
/// client SDKs do), so tests put them here with `Emulator::edit_state` and [`ChatFiles::upload`].
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ChatFiles {
    /// By the URL a message element carries.
    pub files: BTreeMap<String, ChatFile>,
}

/// One uploaded file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ChatFile {
    /// Banned by forbid_illegal_object (and not since allowed again).
    pub banned: bool,
}

impl ChatFiles {
    /// Records a file at `url` as uploaded (not banned); one already there is left as it is.
    pub fn upload(&mut self, url: &str) {
        self.files.entry(url.to_string()).or_default();
    }
}
