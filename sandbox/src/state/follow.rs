//! The follow relationship (v4/follow).

use std::collections::BTreeMap;

/// Who follows whom, whether the app has the feature on, and the limits the sandbox applies.
///
/// The follow pages name the codes for too many follows, fans and mutual follows (32100-32103) but
/// not the numbers; the sandbox allows 5,000 follows and 5,000 mutual follows per account and any
/// number of fans. Tests lower them through `Emulator::edit_state`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Follows {
    /// Whether the app switched follows on in the console; off, every follow call answers 30005.
    pub enabled: bool,
    /// For each account, the users it follows and since when (Unix seconds).
    pub following: BTreeMap<String, BTreeMap<String, u64>>,
    /// Most users one account may follow (32100).
    pub max_following: usize,
    /// Most fans one account may have (32101).
    pub max_followers: usize,
    /// Most mutual follows one account may have (32102, 32103).
    pub max_mutual: usize,
}

impl Default for Follows {
    fn default() -> Self {
        Follows {
            enabled: true,
            following: BTreeMap::new(),
            max_following: 5000,
            max_followers: usize::MAX,
            max_mutual: 5000,
        }
    }
}

impl Follows {
    /// Whether `fan` follows `star`.
    pub fn follows(&self, fan: &str, star: &str) -> bool {
        self.following.get(fan).is_some_and(|f| f.contains_key(star))
    }

    /// Users `id` follows, with the time each follow began, by user ID.
    pub fn following_of(&self, id: &str) -> Vec<(String, u64)> {
        self.following.get(id).map(|f| f.iter().map(|(k, v)| (k.clone(), *v)).collect()).unwrap_or_default()
    }

    /// Users who follow `id` (its fans), with the time each follow began, by user ID.
    pub fn fans_of(&self, id: &str) -> Vec<(String, u64)> {
        self.following.iter().filter_map(|(fan, stars)| stars.get(id).map(|t| (fan.clone(), *t))).collect()
    }

    /// Users `id` and they follow each other, with the time `id` began to follow each, by user ID.
    pub fn mutual_of(&self, id: &str) -> Vec<(String, u64)> {
        self.following_of(id).into_iter().filter(|(other, _)| self.follows(other, id)).collect()
    }
}
