//! One-to-one messages: stored per conversation, with read marks and unread counts.

/// One-to-one messages, per conversation.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Messages {}
