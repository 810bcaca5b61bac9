//! Push to all users: `v4/all_member_push/*` and `v4/timpush/*`.

use super::Route;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
