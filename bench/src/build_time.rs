//! How long chat-api itself takes to compile (dev profile, what a user's `cargo build` pays), with
//! every service and with one: the point of the per-service features. Dependencies are built first
//! and not counted; only chat-api is cleaned and rebuilt, in a target directory of its own so the
//! workspace's stays untouched.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The one service measured alone: a small, typical one.
pub const ONE_SERVICE: &str = "sns";

/// `(figure, seconds, meaning)` for all services and for [`ONE_SERVICE`].
pub fn measure(root: &Path) -> Vec<(&'static str, f64, &'static str)> {
    let one = format!("rustls,{ONE_SERVICE}");
    let all = seconds(root, &[]);
    let single = seconds(root, &["--no-default-features", "--features", &one]);
    vec![
        ("build_all_services_s", all, "chat-api's own dev build, every service (default features)"),
        ("build_one_service_s", single, "chat-api's own dev build, `--no-default-features -F rustls,sns`"),
        ("build_one_vs_all_ratio", single / all, "one service / all services"),
    ]
}

fn seconds(root: &Path, features: &[&str]) -> f64 {
    let target = root.join("target/bench-build");
    let cargo = |args: &[&str]| {
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .args(args)
            .arg("--target-dir")
            .arg(&target)
            .arg("--quiet")
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo {args:?} failed");
    };
    let build: Vec<&str> = ["build", "-p", "chat-api"].iter().copied().chain(features.iter().copied()).collect();
    cargo(&build);
    cargo(&["clean", "-p", "chat-api"]);
    let started = Instant::now();
    cargo(&build);
    started.elapsed().as_secs_f64()
}
