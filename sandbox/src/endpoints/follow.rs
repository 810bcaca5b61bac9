//! Follow: `v4/follow/*`.

use super::Route;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
