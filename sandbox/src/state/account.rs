//! Accounts and what belongs to them beyond groups and friends.

/// An imported account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Account {
    /// Nickname.
    pub nick: Option<String>,
    /// Profile photo URL.
    pub face_url: Option<String>,
}

/// Login, online state and global mutes of accounts.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Sessions {}
