//! The app's secret key, kept out of every `Debug`, `Display` and log line.

use std::fmt;
use std::sync::Arc;

/// The secret key of a Chat app (console: *Basic Configuration* > *Key*). Signs UserSigs.
///
/// `Debug` prints `SecretKey(<redacted>)`; there is no `Display`. Cloning shares the key.
#[derive(Clone)]
pub struct SecretKey(Arc<str>);

impl SecretKey {
    /// Wraps the key text as shown in the console.
    pub fn new(key: impl Into<String>) -> Self {
        SecretKey(Arc::from(key.into()))
    }

    /// The key itself; used only to sign and verify.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        SecretKey::new(key)
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        SecretKey::new(key)
    }
}
