//! Push to all users (all_member_push and the TIMPush plugin): attributes, tags, tasks.

/// Attribute names, user attributes and tags, push tasks.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Push {}
