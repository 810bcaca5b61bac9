//! Group attributes, counters, bans and mutes (`v4/group_open_http_svc/*`, `v4/group_open_attr_http_svc/*`).

use super::Route;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
