//! Group messages: stored per group, with recalls, receipts and unread counts.

/// Group messages, per group.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct GroupMessages {}
