//! Profiles: the profile fields of accounts. Nickname and photo URL live in [`super::Account`]
//! (account_import writes them too); every other field is kept here by tag.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Profile fields by account, and the app's configured custom fields.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Profiles {
    /// Field values by account, then by tag (`Tag_Profile_IM_Gender`, `Tag_Profile_Custom_Test`...).
    pub fields: BTreeMap<String, BTreeMap<String, Value>>,
    /// Custom field tags configured in the console (`Tag_Profile_Custom_<keyword>`); others are
    /// refused with 40009. Empty by default: tests add the ones they use.
    pub custom_tags: BTreeSet<String>,
}

impl Profiles {
    /// Configures the custom field `tag` (the console step before it can be used).
    pub fn add_custom_tag(&mut self, tag: &str) {
        self.custom_tags.insert(tag.to_string());
    }
}
