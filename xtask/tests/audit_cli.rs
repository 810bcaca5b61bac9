//! `cargo xtask import --audit`: text and JSON output over a fixture spec and its pages, and
//! `--fail-on unexplained` as a CI gate.

mod common;

use common::repo;
use std::path::PathBuf;

fn fixture() -> PathBuf {
    repo().join("codegen/tests/import_fixtures/audit")
}

fn audit(args: &[&str]) -> (i32, String, String) {
    let pages = fixture().join("pages");
    let mut all = vec!["import", "--audit", pages.to_str().unwrap()];
    all.extend_from_slice(args);
    common::xtask(&fixture(), &all)
}

#[test]
fn text_names_both_places_and_ends_with_the_summary() {
    let (code, out, err) = audit(&[]);
    assert_eq!(code, 0, "without --fail-on the audit reports and succeeds: {err}");
    assert!(
        out.lines().any(|l| l.starts_with("spec/group_open_http_svc/modify_group_base_info.yaml:7: page ")
            && l.ends_with("modify_group_base_info_en.md:21: rate 100/second on the page, 200/second in the spec")),
        "{out}"
    );
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("audit: 2 pages read, 1 endpoints audited, ") && last.contains(" 1 explained, "),
        "{last}"
    );
}

#[test]
fn fail_on_unexplained_exits_1_and_json_parses() {
    let (code, out, _) = audit(&["--fail-on", "unexplained", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(v["summary"]["unexplained"].as_u64().unwrap() > 0);
    assert!(v["conflicts"].as_array().is_some_and(|c| !c.is_empty()));
    let (code, _, err) = audit(&["--fail-on", "major"]);
    assert_eq!(code, 2, "a wrong level is a usage error: {err}");
}
