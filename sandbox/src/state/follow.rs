//! The follow relationship (v4/follow).

/// Who follows whom.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Follows {}
