//! The relationship chain: friend lists (friends and blocklists as they are added).

/// Friend lists of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
}

/// One friend list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// Friends and blocklists.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Relations {}
