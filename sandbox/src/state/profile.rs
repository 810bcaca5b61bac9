//! Profiles: the profile fields of accounts.

/// Profile fields by account.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Profiles {}
