//! Message extensions: key/value data attached to a message.

/// Extensions, per message.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct MessageExtensions {}
