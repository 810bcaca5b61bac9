//! `cargo xtask diff`: sides as directories or git revisions, the default sides, the three output
//! formats, `--fail-on`, and a side that does not load.

mod common;

use common::{copy_dir, repo, xtask};
use std::path::{Path, PathBuf};
use std::process::Command;

fn seed(version: &str) -> PathBuf {
    repo().join("tests/diff-fixtures/destroy_group").join(version)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn directories_in_three_formats() {
    let (code, text, _) = xtask(&repo(), &["diff", s(&seed("2020")), s(&seed("2025"))]);
    assert_eq!(code, 0);
    assert!(
        text.contains("group_open_http_svc/destroy_group\n")
            && text.contains("group types: added Community; removed BChatRoom"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("8 additive, 14 docs (semver: minor)"), "{text}");

    let (_, md, _) = xtask(&repo(), &["diff", s(&seed("2020")), s(&seed("2025")), "--format", "markdown"]);
    assert!(md.starts_with("**Spec changes:** 8 additive, 14 docs"), "{md}");
    assert!(md.contains("| Level | Change |"), "{md}");

    let (_, json, _) = xtask(&repo(), &["diff", s(&seed("2020")), s(&seed("2025")), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["level"], "minor");
    assert_eq!(v["summary"]["minor"], 8);
    assert!(v["changes"].as_array().unwrap().iter().all(|c| c["rule"].is_string() && c["scope"].is_string()));
}

#[test]
fn fail_on_exits_non_zero_at_or_above_the_level() {
    let args = |level: &'static str| ["diff", "", "", "--fail-on", level];
    let run = |old: &str, new: &str, level: &'static str| {
        let mut a = args(level);
        a[1] = old;
        a[2] = new;
        xtask(&repo(), &a).0
    };
    let (old, new) = (seed("2020"), seed("2025"));
    assert_eq!(run(s(&old), s(&new), "minor"), 1, "minor changes, --fail-on minor");
    assert_eq!(run(s(&old), s(&new), "major"), 0, "no major change, --fail-on major");
    assert_eq!(run(s(&new), s(&old), "major"), 1, "going back removes regions");
    assert_eq!(run(s(&old), s(&old), "minor"), 0, "no change at all");
    let (code, _, err) = xtask(&repo(), &["diff", s(&old), s(&new), "--fail-on", "patch"]);
    assert_eq!(code, 2, "a usage error");
    assert!(err.contains("use major or minor"), "{err}");
}

#[test]
fn a_side_that_does_not_load_is_an_error_with_its_position() {
    let dir = std::env::temp_dir().join(format!("chat-api-diff-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&seed("2025"), &dir);
    let file = dir.join("group_open_http_svc/destroy_group.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace("type: string", "type: strin");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = xtask(&repo(), &["diff", s(&seed("2025")), s(&dir)]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "no diff is printed: {out}");
    assert!(err.contains("group_open_http_svc/destroy_group.yaml:") && err.contains("unknown type `strin`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
}

#[test]
fn git_revisions_and_the_default_sides() {
    let dir = std::env::temp_dir().join(format!("chat-api-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    copy_dir(&seed("2020"), &dir.join("spec"));
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "2020"]);
    git(&dir, &["checkout", "-qb", "update"]);
    std::fs::remove_dir_all(dir.join("spec")).unwrap();
    copy_dir(&seed("2025"), &dir.join("spec"));
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "2025"]);

    let (code, by_rev, err) = xtask(&dir, &["diff", "main", "update"]);
    assert_eq!(code, 0, "{err}");
    let (_, by_dir, _) = xtask(&repo(), &["diff", s(&seed("2020")), s(&seed("2025"))]);
    assert_eq!(by_rev, by_dir, "a revision reads the same as a directory");

    // Defaults: the merge base with main, against the working tree (with an uncommitted edit).
    let file = dir.join("spec/group_open_http_svc/destroy_group.yaml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("edition: premium\n", "")
        .replace("rate_limit:", "edition: premium\nrate_limit:");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = xtask(&dir, &["diff", "--fail-on", "major"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("now needs the Premium edition") && out.contains("region `singapore`"), "{out}");
    let (_, head_only, _) = xtask(&dir, &["diff", "HEAD"]);
    assert!(head_only.contains("now needs the Premium edition") && !head_only.contains("singapore"), "{head_only}");
    let _ = std::fs::remove_dir_all(&dir);
}
