//! `cargo xtask codegen --check` passes on the repository, fails after any edit of a spec file
//! (a comment included) naming the stale file, and passes again once `codegen` has regenerated.

mod common;

use common::{copy_dir, repo};
use std::path::{Path, PathBuf};

/// A scratch copy of the spec and the generated files, in a directory of its own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-api-xtask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo().join("spec"), &dir.join("spec"));
    copy_dir(&repo().join("chat-api/src/generated"), &dir.join("chat-api/src/generated"));
    copy_dir(&repo().join("chat-api/tests/generated"), &dir.join("chat-api/tests/generated"));
    std::fs::copy(repo().join("README.md"), dir.join("README.md")).unwrap();
    std::fs::copy(repo().join("chat-api/Cargo.toml"), dir.join("chat-api/Cargo.toml")).unwrap();
    dir
}

/// Success, and stdout and stderr together.
fn xtask(root: &Path, args: &[&str]) -> (bool, String) {
    let (code, out, err) = common::xtask(root, args);
    (code == 0, format!("{out}{err}"))
}

#[test]
fn check_passes_on_the_repository() {
    let (ok, out) = xtask(&repo(), &["codegen", "--check"]);
    assert!(ok, "generated code is stale: {out}");
}

#[test]
fn check_fails_after_a_spec_edit_until_regenerated() {
    let root = scratch("edit");
    let file = root.join("spec/sns/group_delete.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("doc: Names of the lists to delete.", "doc: Names of the friend lists to delete."),
    )
    .unwrap();

    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(!ok, "check must fail: {out}");
    assert!(out.contains("stale: chat-api/src/generated/sns.rs"), "{out}");
    assert!(out.contains("run `cargo xtask codegen`"), "{out}");
    assert!(!out.contains("group.rs"), "an sns edit leaves group.rs alone: {out}");

    let (ok, out) = xtask(&root, &["codegen"]);
    assert!(ok && out.contains("updated chat-api/src/generated/sns.rs"), "{out}");
    let regenerated = std::fs::read_to_string(root.join("chat-api/src/generated/sns.rs")).unwrap();
    assert!(regenerated.contains("Names of the friend lists to delete."));
    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(ok, "{out}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_comment_edit_also_makes_the_code_stale() {
    let root = scratch("comment");
    let file = root.join("spec/group_open_http_svc/destroy_group.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("# reviewed again\n{text}")).unwrap();
    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(!ok && out.contains("stale: chat-api/src/generated/mod.rs"), "{out}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_invalid_spec_fails_with_positions_and_writes_nothing() {
    let root = scratch("invalid");
    let file = root.join("spec/sns/group_delete.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("type: integer", "type: integr")).unwrap();
    let before = std::fs::read_to_string(root.join("chat-api/src/generated/sns.rs")).unwrap();
    let (ok, out) = xtask(&root, &["codegen"]);
    assert!(!ok, "{out}");
    assert!(out.contains("spec/sns/group_delete.yaml:") && out.contains("unknown type `integr`"), "{out}");
    assert!(out.contains("did you mean `integer`?"), "{out}");
    assert_eq!(std::fs::read_to_string(root.join("chat-api/src/generated/sns.rs")).unwrap(), before);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_file_the_spec_no_longer_produces_is_stale_and_removed() {
    let root = scratch("leftover");
    std::fs::write(root.join("chat-api/src/generated/old_service.rs"), "// left over\n").unwrap();
    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(!ok && out.contains("stale: chat-api/src/generated/old_service.rs"), "{out}");
    let (ok, out) = xtask(&root, &["codegen"]);
    assert!(ok && out.contains("removed chat-api/src/generated/old_service.rs"), "{out}");
    assert!(!root.join("chat-api/src/generated/old_service.rs").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_readme_coverage_table_is_generated_and_checked() {
    let root = scratch("readme");
    let readme = root.join("README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(text.contains("| `group_open_http_svc/destroy_group` |"), "the table lists the endpoints");
    std::fs::write(&readme, text.replace("| `sns/group_delete` |", "| `sns/group_delete_edited` |")).unwrap();
    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(!ok && out.contains("stale: README.md"), "{out}");
    let (ok, _) = xtask(&root, &["codegen"]);
    assert!(ok);
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), text, "regenerated as it was");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn check_fails_when_the_service_features_drift_from_the_spec() {
    let root = scratch("features");
    let manifest = root.join("chat-api/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("\nsns = []\n"), "one feature per service: {text}");
    // A service dropped from the features by hand...
    std::fs::write(&manifest, text.replace("\nsns = []\n", "\n")).unwrap();
    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(!ok && out.contains("chat-api/Cargo.toml"), "{out}");
    // ...and a service added to the spec without its feature.
    let (ok, _) = xtask(&root, &["codegen"]);
    assert!(ok);
    let services = root.join("spec/shared/services.yaml");
    let yaml = std::fs::read_to_string(&services).unwrap();
    let added = format!(
        "{yaml}  - wire: extra_svc\n    module: extra\n    title: Extra\n    doc: A service with no endpoints yet.\n"
    );
    std::fs::write(&services, added).unwrap();
    let (ok, out) = xtask(&root, &["codegen", "--check"]);
    assert!(!ok && out.contains("chat-api/Cargo.toml"), "{out}");
    let (ok, out) = xtask(&root, &["codegen"]);
    assert!(ok, "{out}");
    let regenerated = std::fs::read_to_string(&manifest).unwrap();
    assert!(regenerated.contains("\nextra = []\n") && regenerated.contains("\"extra\", "), "{regenerated}");
    let _ = std::fs::remove_dir_all(&root);
}
