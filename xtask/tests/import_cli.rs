//! `cargo xtask import`: a page to a draft on stdout, `--out` to files that load, and `--stale`
//! finding the spec files whose page is newer than what they were checked against.

mod common;

use common::repo;
use std::path::PathBuf;

/// A seed page (the vendor's, kept outside the repository): in `shared/seeds/` of the first
/// ancestor of the repository that has it (CI puts `shared/` beside the clone).
fn seed() -> PathBuf {
    let repo = repo();
    let dir = repo.ancestors().skip(1).map(|a| a.join("shared/seeds")).find(|d| d.is_dir());
    dir.unwrap_or_else(|| panic!("no shared/seeds/ beside {}", repo.display())).join("000_3353f6add4094ca4.txt")
}

fn xtask(args: &[&str]) -> (i32, String, String) {
    common::xtask(&repo(), args)
}

#[test]
fn one_page_prints_a_draft_and_warns_about_what_looks_wrong() {
    let (code, draft, warnings) = xtask(&["import", seed().to_str().unwrap()]);
    assert_eq!(code, 0, "{warnings}");
    assert!(
        draft.contains("path: group_open_http_svc/destroy_group") && draft.contains("source: {updated: 2025-10-23}"),
        "{draft}"
    );
    assert!(warnings.contains("warning:") && warnings.contains("will be modified"), "{warnings}");
}

#[test]
fn stale_lists_specs_whose_page_is_newer() {
    let dir = std::env::temp_dir().join(format!("chat-api-stale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(seed()).unwrap();
    let same = dir.join("same.txt");
    std::fs::write(&same, &text).unwrap();
    let (code, out, err) = xtask(&["import", "--stale", same.to_str().unwrap()]);
    assert_eq!(code, 0, "the page is as old as the spec's source: {out}{err}");

    let newer = dir.join("newer.txt");
    std::fs::write(&newer, text.replace("2025-10-23 11:54:22", "2026-03-01 10:00:00")).unwrap();
    let (code, out, err) = xtask(&["import", "--stale", newer.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("destroy_group.yaml") && all.contains("2026-03-01") && all.contains("2025-10-23"), "{all}");
    let _ = std::fs::remove_dir_all(&dir);
}
