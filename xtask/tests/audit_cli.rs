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

/// Runs git in `dir` with a fixed author and the commit date given.
fn git(dir: &std::path::Path, date: &str, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn pages_from_a_git_repository_are_dated_by_their_last_commit_and_the_newest_wins() {
    let tmp = std::env::temp_dir().join(format!("audit-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let docs = tmp.join("docs");
    let en = std::fs::read_to_string(fixture().join("pages/modify_group_base_info_en.md")).unwrap();
    std::fs::create_dir_all(docs.join("new/服务端 API")).unwrap();
    std::fs::create_dir_all(docs.join("old/服务端 API")).unwrap();
    std::fs::create_dir_all(docs.join("other")).unwrap();
    git(&docs, "2020-05-01", &["init", "-q"]);
    // Written first under new/, changed later; old/ is written in between and left alone.
    std::fs::write(docs.join("new/服务端 API/modify_intl_en.md"), "draft\n").unwrap();
    std::fs::write(docs.join("other/modify_intl_en.md"), &en).unwrap();
    git(&docs, "2020-05-01", &["add", "."]);
    git(&docs, "2020-05-01", &["commit", "-q", "-m", "one"]);
    std::fs::write(docs.join("old/服务端 API/modify_intl_en.md"), &en).unwrap();
    git(&docs, "2021-06-01", &["add", "."]);
    git(&docs, "2021-06-01", &["commit", "-q", "-m", "two"]);
    std::fs::write(docs.join("new/服务端 API/modify_intl_en.md"), &en).unwrap();
    git(&docs, "2023-04-03", &["add", "."]);
    git(&docs, "2023-04-03", &["commit", "-q", "-m", "three"]);
    let spec = format!("{}:*/服务端 API/*", docs.display());
    let (code, out, err) = common::xtask(&fixture(), &["import", "--audit", "--git", &spec]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("other/"), "the pathspec selects the pages: {out}");
    assert!(
        out.lines().any(|l| l.starts_with(
            "spec/group_open_http_svc/modify_group_base_info.yaml:7: page new/服务端 API/modify_intl_en.md:21: rate"
        )),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("older: ")
            && l.contains("page old/服务端 API/modify_intl_en.md:21: rate")
            && l.ends_with("[superseded by new/服务端 API/modify_intl_en.md]")),
        "{out}"
    );
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("audit: 2 pages read, 1 endpoints audited, ") && last.contains(" of 1 older page(s)"),
        "{last}"
    );
    let (code, _, err) =
        common::xtask(&fixture(), &["import", "--audit", "--git", &format!("{}/nothing", tmp.display())]);
    assert_eq!(code, 1, "a repository that is not one is an error: {err}");
    assert!(err.contains("--git"), "{err}");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_record_written_from_the_pages_audits_the_same_without_them() {
    let dir = std::env::temp_dir().join(format!("audit-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record = dir.join("pages.jsonl");
    let (code, direct, err) = audit(&["--record", record.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&record).expect("--record writes the file");
    assert_eq!(text.lines().count(), 2, "one line per newest page: {text}");
    let (code, replayed, err) =
        common::xtask(&fixture(), &["import", "--audit", "--recorded", record.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The same findings and conflicts, line for line; the summary differs only in what was read.
    let body = |s: &str| s.lines().filter(|l| !l.starts_with("audit: ")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&replayed), body(&direct));
    let unexplained = |s: &str| s.lines().last().and_then(|l| l.split(" explained, ").nth(1)).map(str::to_string);
    assert_eq!(unexplained(&replayed), unexplained(&direct));
    let (code, _, _) = common::xtask(
        &fixture(),
        &["import", "--audit", "--recorded", record.to_str().unwrap(), "--fail-on", "unexplained"],
    );
    assert_eq!(code, 1, "the gate holds on a record too");
    std::fs::write(&record, "{not json\n").unwrap();
    let (code, _, err) = common::xtask(&fixture(), &["import", "--audit", "--recorded", record.to_str().unwrap()]);
    assert!(code != 0 && err.contains("pages.jsonl:1:"), "a damaged record is named with its line: {err}");
    let _ = std::fs::remove_dir_all(&dir);
}
