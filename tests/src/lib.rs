//! Helpers shared by the workspace-level tests.

pub mod diff_cases;
pub mod server;
