//! Message extensions: `v4/openim_msg_ext_http_svc/*`.

use super::Route;

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    Vec::new()
}
