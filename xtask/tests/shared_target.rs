//! Two checkouts that share one target directory share one xtask binary (Cargo names it the same
//! wherever the checkout lies); each `cargo xtask` run must still read and write its own tree.

mod common;

use common::repo;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A checkout: the repository's files without `target/` and `.git/`.
fn clone_into(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(repo()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if name == "target" || name == ".git" {
            continue;
        }
        let to = dir.join(name);
        if path.is_dir() { common::copy_dir(&path, &to) } else { std::fs::copy(&path, &to).map(|_| ()).unwrap() }
    }
}

/// `cargo xtask ARGS` as a maintainer types it in `checkout`, building into `target`:
/// (success, stdout and stderr).
fn cargo_xtask(checkout: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(checkout)
        .args(["xtask"])
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        // The test's own environment names this repository; a maintainer's shell does not.
        .env_remove("CARGO_MANIFEST_DIR")
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn sns(checkout: &Path) -> String {
    std::fs::read_to_string(checkout.join("chat-api/src/generated/sns.rs")).unwrap()
}

#[test]
fn two_checkouts_sharing_a_target_directory_each_act_on_their_own_tree() {
    let scratch = std::env::temp_dir().join(format!("chat-api-xtask-shared-{}", std::process::id()));
    let (a, b): (PathBuf, PathBuf) = (scratch.join("a"), scratch.join("b"));
    clone_into(&a);
    clone_into(&b);
    // Kept across runs so that only the first one compiles codegen.
    let target = repo().join("target/shared-xtask-target");

    let (ok, out) = cargo_xtask(&a, &target, &["codegen", "--check"]);
    assert!(ok, "a fresh checkout is up to date: {out}");

    // An edit in b only: b is stale, a is not, though b runs the binary built for a.
    let file = b.join("spec/sns/group_delete.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("doc: Names of the lists to delete.", "doc: Names of the lists to remove."))
        .unwrap();
    let (ok, out) = cargo_xtask(&b, &target, &["codegen", "--check"]);
    assert!(!ok && out.contains("stale: chat-api/src/generated/sns.rs"), "b reads its own spec: {out}");
    let (ok, out) = cargo_xtask(&a, &target, &["codegen", "--check"]);
    assert!(ok, "a reads its own spec, not b's: {out}");

    // Regenerating in b writes b's tree and leaves a's alone.
    let a_before = sns(&a);
    let (ok, out) = cargo_xtask(&b, &target, &["codegen"]);
    assert!(ok && out.contains("updated chat-api/src/generated/sns.rs"), "{out}");
    assert!(sns(&b).contains("Names of the lists to remove."));
    assert_eq!(sns(&a), a_before, "regenerating b must not write into a");

    // With a gone, b still works: nothing of a was remembered by the shared binary.
    std::fs::remove_dir_all(&a).unwrap();
    let (ok, out) = cargo_xtask(&b, &target, &["codegen", "--check"]);
    assert!(ok, "{out}");
    // Run from a subdirectory, the checkout is still found.
    let (ok, out) = cargo_xtask(&b.join("spec/sns"), &target, &["codegen", "--check"]);
    assert!(ok, "{out}");
    let _ = std::fs::remove_dir_all(&scratch);
}
