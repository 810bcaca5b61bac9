//! Helpers shared by the workspace-level tests.

pub mod server;
