//! The two versions of the destroy_group page in the seeds (2020 and 2025) as a fixture pair
//! (tests/diff-fixtures/destroy_group/): their diff is exactly the version differences, snapshotted
//! in every output format.

use codegen::diff::{Format, Level, diff, render};
use std::path::Path;

fn load(version: &str) -> codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("diff-fixtures/destroy_group").join(version);
    let files = codegen::fs::read_spec_dir(&dir).unwrap();
    codegen::load(&files).unwrap_or_else(|d| panic!("{version} does not load: {d:#?}"))
}

#[test]
fn the_2020_and_2025_pages_differ_by_their_version_differences() {
    let report = diff(&load("2020"), &load("2025"));
    assert_eq!(report.level(), Some(Level::Minor), "nothing breaks between the versions");
    let has = |rule: &str, text: &str| report.changes.iter().any(|c| c.rule == rule && c.message.contains(text));
    assert!(has("group-types-changed", "added Community; removed BChatRoom"));
    assert!(has("enum-value-added", "Community"));
    assert!(has("docs-changed", "value `Private`") && has("docs-changed", "value `ChatRoom`"), "Work/Meeting names");
    for region in ["singapore", "seoul", "tokyo", "frankfurt", "mumbai", "silicon_valley", "jakarta"] {
        assert!(has("region-added", region), "{region}");
    }
    assert!(has("docs-changed", "errata"), "contenttype documented, GroupId erratum");
    insta::assert_snapshot!("destroy_group_2020_to_2025_text", render(&report, Format::Text));
    insta::assert_snapshot!("destroy_group_2020_to_2025_markdown", render(&report, Format::Markdown));
    insta::assert_snapshot!("destroy_group_2020_to_2025_json", render(&report, Format::Json));
}

#[test]
fn going_back_from_2025_to_2020_is_breaking() {
    let report = diff(&load("2025"), &load("2020"));
    assert_eq!(report.level(), Some(Level::Major));
    assert!(report.changes.iter().any(|c| c.rule == "region-removed" && c.message.contains("singapore")));
    assert!(report.changes.iter().any(|c| c.rule == "enum-value-removed" && c.message.contains("Community")));
}
