//! The relationship chain: friend lists, friends, friend requests and blocklists.

use std::collections::{BTreeMap, BTreeSet};

/// Friend lists of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FriendLists {
    /// Grows with every change to the lists.
    pub sequence: i64,
    /// The lists, in creation order.
    pub lists: Vec<FriendList>,
}

impl FriendLists {
    /// List names, in creation order.
    pub fn names(&self) -> Vec<&str> {
        self.lists.iter().map(|l| l.name.as_str()).collect()
    }

    /// Names of the lists `member` is in, in creation order.
    pub fn lists_of(&self, member: &str) -> Vec<String> {
        self.lists.iter().filter(|l| l.members.iter().any(|m| m == member)).map(|l| l.name.clone()).collect()
    }

    /// Takes `member` out of every list; whether any list changed.
    pub fn remove_member(&mut self, member: &str) -> bool {
        let mut changed = false;
        for list in &mut self.lists {
            let before = list.members.len();
            list.members.retain(|m| m != member);
            changed |= list.members.len() != before;
        }
        changed
    }
}

/// One friend list.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FriendList {
    /// Its name.
    pub name: String,
    /// Accounts in it, in the order they were added.
    pub members: Vec<String>,
}

impl FriendList {
    /// An empty list.
    pub fn new(name: impl Into<String>) -> Self {
        FriendList { name: name.into(), members: Vec::new() }
    }
}

/// Friends, friend requests and blocklists of every account, and the limits the sandbox applies.
///
/// Friend lists (`Tag_SNS_IM_Group`) are not kept here: a friend's lists are the entries of
/// [`State::friend_lists`](super::State) that name them, so sns/group_* and the friend endpoints
/// agree.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Relations {
    /// The relationship chain of each account that has one, by user ID.
    pub chains: BTreeMap<String, Chain>,
    /// Most friends one account may have (3,000, page 1047/33521).
    pub max_friends: usize,
    /// Most users one blocklist may hold (1,000, page 1047/34914).
    pub max_blocked: usize,
}

impl Default for Relations {
    fn default() -> Self {
        Relations { chains: BTreeMap::new(), max_friends: 3000, max_blocked: 1000 }
    }
}

impl Relations {
    /// The chain of `id`, empty if it has none yet.
    pub fn chain(&self, id: &str) -> Option<&Chain> {
        self.chains.get(id)
    }

    /// The chain of `id`, created empty if needed.
    pub fn chain_mut(&mut self, id: &str) -> &mut Chain {
        self.chains.entry(id.to_string()).or_default()
    }

    /// Whether `friend` is in `owner`'s friend list.
    pub fn is_friend(&self, owner: &str, friend: &str) -> bool {
        self.chains.get(owner).is_some_and(|c| c.friends.contains_key(friend))
    }

    /// Whether `blocked` is on `owner`'s blocklist.
    pub fn has_blocked(&self, owner: &str, blocked: &str) -> bool {
        self.chains.get(owner).is_some_and(|c| c.blocked.contains_key(blocked))
    }

    /// How many friends `owner` has.
    pub fn friend_count(&self, owner: &str) -> usize {
        self.chains.get(owner).map_or(0, |c| c.friends.len())
    }

    /// How `id` handles friend requests (`AllowType_Type_AllowAny` unless a test set otherwise).
    pub fn allow_type(&self, id: &str) -> AllowType {
        self.chains.get(id).map_or(AllowType::AllowAny, |c| c.allow_type)
    }

    /// Sets how `id` handles friend requests (the profile field `Tag_Profile_IM_AllowType`).
    pub fn set_allow_type(&mut self, id: &str, allow: AllowType) {
        self.chain_mut(id).allow_type = allow;
    }
}

/// One account's side of the relationship chain.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Chain {
    /// Its friend list: friend's user ID to the fields the account keeps about them.
    pub friends: BTreeMap<String, Friend>,
    /// Its blocklist: blocked user ID to when they were blocked (Unix seconds).
    pub blocked: BTreeMap<String, u64>,
    /// Users it asked to be friends with who have not answered yet.
    pub pending: BTreeSet<String>,
    /// How it handles friend requests.
    pub allow_type: AllowType,
    /// Grows with every change to its standard friend fields (friends added, removed, remarked).
    pub standard_sequence: i64,
    /// Grows with every change to its custom friend fields.
    pub custom_sequence: i64,
    /// Grows with every change to its blocklist.
    pub block_sequence: i64,
}

/// What an account keeps about one friend.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Friend {
    /// Remark (alias), if set.
    pub remark: Option<String>,
    /// When the remark was set (Unix seconds).
    pub remark_time: Option<i64>,
    /// Where the request came from (`AddSource_Type_...`).
    pub add_source: String,
    /// The request's message, if any.
    pub add_wording: Option<String>,
    /// When the friendship was formed (Unix seconds).
    pub add_time: i64,
    /// Custom friend fields (`Tag_SNS_Custom_*`), by tag.
    pub custom: BTreeMap<String, serde_json::Value>,
}

impl Friend {
    /// A friend added from `source` at `time`, with no other field set.
    pub fn new(source: impl Into<String>, time: i64) -> Self {
        Friend { add_source: source.into(), add_time: time, ..Friend::default() }
    }
}

/// How an account handles friend requests: the profile field `Tag_Profile_IM_AllowType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AllowType {
    /// Anyone may add the account at once (`AllowType_Type_AllowAny`); the sandbox's default.
    #[default]
    AllowAny,
    /// Requests wait for the account's approval (`AllowType_Type_NeedConfirm`).
    NeedConfirm,
    /// Requests are refused (`AllowType_Type_DenyAny`).
    DenyAny,
}
