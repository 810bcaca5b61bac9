//! Group messages (`v4/group_open_http_svc/*`, `v4/openim/modify_group_msg`).

use super::Route;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
