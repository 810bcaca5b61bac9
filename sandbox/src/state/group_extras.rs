//! What groups carry besides members: attributes, counters, bans and mutes.

/// Group attributes, counters, bans and mutes, by group ID.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct GroupExtras {}
