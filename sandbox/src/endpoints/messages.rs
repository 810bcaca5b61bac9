//! One-to-one messages: `v4/openim/*` (send, import, history, recall, read marks...).

use super::Route;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
