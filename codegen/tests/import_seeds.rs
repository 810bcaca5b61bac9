//! The importer on the five seed pages: drafts that load next to the real spec's shared files
//! (snapshotted), the three destroy_group pages agreeing on every fact they share, merges into the
//! checked-in spec that change nothing, warnings at the right page lines, provenance.

mod common;

use codegen::SourceFile;
use codegen::import::{
    Context, Draft, Import, SourceStyle, Warning, import_page, merge, newer, read_existing, report, source_of, to_yaml,
};
use codegen::model::Spec;
use common::{real_spec, render};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_fixtures")
}

/// The seed pages (the vendor's, so kept outside the repository): `shared/seeds/` in the first
/// ancestor of the repository that has it (CI puts `shared/` beside the clone).
fn seeds_dir() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen is inside the repository");
    repo.ancestors()
        .skip(1)
        .map(|a| a.join("shared/seeds"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| panic!("no shared/seeds/ beside {} or above it", repo.display()))
}

/// The seed page whose file name starts with `n` (`000`...).
fn seed(n: &str) -> String {
    let dir = seeds_dir();
    let entry = std::fs::read_dir(&dir)
        .expect("the seed directory is readable")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(&format!("{n}_")))
        .unwrap_or_else(|| panic!("no seed {n} in {}", dir.display()));
    std::fs::read_to_string(entry.path()).expect("the seed is readable")
}

/// The checked-in spec: its files, loaded, and what the importer knows of it. Loaded once.
struct Real {
    files: Vec<SourceFile>,
    spec: Spec,
    cx: Context,
}

fn real() -> &'static Real {
    static REAL: OnceLock<Real> = OnceLock::new();
    REAL.get_or_init(|| {
        let files = real_spec();
        let spec = codegen::load(&files).unwrap_or_else(|d| panic!("the real spec does not load:\n{}", render(&d)));
        Real { cx: Context::from_spec(&spec), files, spec }
    })
}

fn context() -> &'static Context {
    &real().cx
}

fn import(n: &str) -> Import {
    import_page(&seed(n), context()).unwrap_or_else(|f| panic!("seed {n}: {f}"))
}

/// What the snapshots are drafted against: the shared files as they were when the snapshots were
/// taken (`import_fixtures/context/`), so that new tables or types in spec/ do not move them.
fn pinned_context() -> Context {
    let files = codegen::fs::read_spec_dir(&fixtures().join("context")).expect("the pinned shared files are readable");
    match codegen::load(&files) {
        Ok(spec) => Context::from_spec(&spec),
        Err(d) => panic!("the pinned shared files do not load:\n{}", render(&d)),
    }
}

/// Files of the spec that define what endpoints share: `shared/` and each service's `_*.yaml`.
fn is_shared(f: &SourceFile) -> bool {
    f.path.starts_with("shared/") || f.path.contains("/_")
}

/// The real spec's shared files and the draft.
fn with_shared(d: &Draft, style: SourceStyle) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = real().files.iter().filter(|f| is_shared(f)).cloned().collect();
    files.push(SourceFile { path: format!("{}.yaml", d.path), text: to_yaml(d, style) });
    files
}

fn warnings(i: &Import, page: &str) -> String {
    i.warnings.iter().map(|w| format!("{}\n", w.render(page))).collect()
}

/// A draft whose descriptions (copied from the page) are replaced by a mark of where they were.
fn without_page_sentences(d: &Draft) -> Draft {
    let mark = |s: &mut String| {
        if !s.is_empty() {
            *s = "(the page's words)".to_string();
        }
    };
    let mut d = d.clone();
    mark(&mut d.title);
    mark(&mut d.summary);
    d.notes.iter_mut().for_each(mark);
    d.webhooks.iter_mut().for_each(|w| mark(&mut w.summary));
    d.errors.iter_mut().for_each(|c| mark(&mut c.meaning));
    let fields =
        d.request.iter_mut().chain(d.response.iter_mut()).chain(d.types.iter_mut().flat_map(|t| t.fields.iter_mut()));
    fields.for_each(|f| mark(&mut f.doc));
    d.types.iter_mut().for_each(|t| mark(&mut t.doc));
    d
}

const SEEDS: [&str; 5] = ["000", "001", "002", "003", "004"];

#[test]
fn each_seed_drafts_a_spec_file_that_loads() {
    let pinned = pinned_context();
    for n in SEEDS {
        let i = import_page(&seed(n), &pinned).expect("imports");
        // Drafted against today's spec, and against the pinned shared files: both load next to
        // today's shared files (without provenance here; `drafts_load_with_their_source_key`).
        for d in [&import(n).draft, &i.draft] {
            if let Err(e) = codegen::load(&with_shared(d, SourceStyle::Omit)) {
                panic!("seed {n}: the draft does not load:\n{}\n{}", render(&e), to_yaml(d, SourceStyle::Omit));
            }
        }
        // As written by `cargo xtask import`, with the page's sentences left out (the seeds are
        // the vendor's pages, which the repository does not copy): the facts are what is pinned.
        let written = to_yaml(&without_page_sentences(&i.draft), codegen::import::SOURCE_STYLE);
        let snapshot = format!("{}---\n{written}", warnings(&i, &format!("seed {n}")));
        insta::with_settings!({snapshot_path => "import_fixtures/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("seed_{n}"), snapshot);
        });
    }
}

#[test]
fn drafts_load_with_their_source_key() {
    for n in SEEDS {
        let i = import(n);
        if let Err(d) = codegen::load(&with_shared(&i.draft, SourceStyle::Key)) {
            panic!("seed {n}:\n{}", render(&d));
        }
    }
}

#[test]
fn provenance_as_a_comment_loads_and_reads_back() {
    let i = import("000");
    let text = to_yaml(&i.draft, SourceStyle::Comment);
    assert!(codegen::load(&with_shared(&i.draft, SourceStyle::Comment)).is_ok());
    let s = source_of(&text).expect("provenance is recorded");
    assert_eq!(s.updated.as_deref(), Some("2025-10-23"));
    let key = to_yaml(&i.draft, SourceStyle::Key);
    assert!(key.contains("\nsource: {updated: 2025-10-23}\n"), "{key}");
    assert_eq!(source_of(&key), Some(s));
}

#[test]
fn stale_pages_are_the_newer_ones() {
    let old = import("001").facts.updated.expect("the 2020 page has a date");
    let new = import("000").facts.updated.expect("the 2025 page has a date");
    assert_eq!((old.as_str(), new.as_str()), ("2020-03-12", "2025-10-23"));
    let imported_2020 = to_yaml(&import("001").draft, SourceStyle::Comment);
    let recorded = source_of(&imported_2020).and_then(|s| s.updated);
    assert!(newer(&new, recorded.as_deref()), "the 2025 page is newer than a file imported from 2020");
    assert!(!newer(&old, recorded.as_deref()));
}

/// The facts a page states, to compare versions of one page. `None`/empty: not stated.
#[derive(Debug)]
struct PageFacts {
    rate: Option<(u64, String)>,
    group_types: BTreeSet<String>,
    request: Vec<(String, String, bool)>,
    response: Vec<(String, String, bool)>,
    codes: BTreeSet<(i64, bool)>,
    tables: Vec<String>,
    related: Vec<String>,
    webhooks: usize,
    examples: (Option<String>, Option<String>),
    irreversible: bool,
    regions: BTreeSet<(String, String)>,
    query: BTreeSet<String>,
    wording: Vec<String>,
    webhook_names: Vec<String>,
}

fn facts(i: &Import) -> PageFacts {
    let d = &i.draft;
    let shape =
        |fs: &[codegen::import::DraftField]| fs.iter().map(|f| (f.wire.clone(), f.ty.clone(), f.required)).collect();
    let mut wording = vec![d.summary.clone()];
    wording.extend(d.request.iter().map(|f| f.doc.clone()));
    wording.extend(d.errors.iter().map(|c| c.meaning.clone()));
    PageFacts {
        rate: d.rate_limit.clone(),
        group_types: d.group_types.iter().cloned().collect(),
        request: shape(&d.request),
        response: shape(&d.response),
        codes: d.errors.iter().map(|c| (c.code, c.retriable)).collect(),
        tables: d.error_tables.clone(),
        related: d.related.clone(),
        webhooks: d.webhooks.len(),
        examples: (d.example_request.clone(), d.example_response.clone()),
        irreversible: d.irreversible,
        regions: i.facts.regions.iter().cloned().collect(),
        query: i.facts.query_params.iter().cloned().collect(),
        wording,
        webhook_names: d.webhooks.iter().map(|w| w.name.clone()).collect(),
    }
}

/// Labels of the facts both pages state and state differently.
fn differences(a: &PageFacts, b: &PageFacts) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    let mut both = |label: &'static str, stated: bool, same: bool| {
        if stated && !same {
            out.insert(label);
        }
    };
    both("rate limit", a.rate.is_some() && b.rate.is_some(), a.rate == b.rate);
    both("group types", !a.group_types.is_empty() && !b.group_types.is_empty(), a.group_types == b.group_types);
    both("request fields", true, a.request == b.request);
    both("reply fields", true, a.response == b.response);
    both("error codes", true, a.codes == b.codes && a.tables == b.tables);
    both("related", !a.related.is_empty() && !b.related.is_empty(), a.related == b.related);
    both("webhooks", a.webhooks > 0 && b.webhooks > 0, a.webhooks == b.webhooks);
    both("samples", true, a.examples == b.examples);
    both("irreversible", true, a.irreversible == b.irreversible);
    both("regions", !a.regions.is_empty() && !b.regions.is_empty(), a.regions == b.regions);
    both("contenttype", true, a.query.contains("contenttype") == b.query.contains("contenttype"));
    both("wording", true, a.wording == b.wording);
    both("wording", a.webhooks > 0 && b.webhooks > 0, a.webhook_names == b.webhook_names);
    out
}

#[test]
fn the_three_destroy_group_pages_differ_only_where_the_versions_do() {
    let (p2025_scraped, p2020, p2025_md) = (facts(&import("000")), facts(&import("001")), facts(&import("002")));
    // The two 2025 pages: the same text, but the scraped one lists Tokyo and Jakarta, the markdown
    // one Mumbai (the scrape also lost the links, so related endpoints and webhooks are not stated).
    assert_eq!(differences(&p2025_scraped, &p2025_md), BTreeSet::from(["regions"]));
    // 2020 against 2025: BChatRoom became Community, `contenttype` joined the parameter table, and
    // every sentence was reworded. The 2020 page lists no hosts.
    let versions = BTreeSet::from(["group types", "contenttype", "wording"]);
    assert_eq!(differences(&p2020, &p2025_md), versions);
    assert_eq!(differences(&p2020, &p2025_scraped), versions);
    assert!(p2020.group_types.contains("BChatRoom") && p2025_md.group_types.contains("Community"));
}

/// What merging seed `n` into the checked-in spec reports.
fn merge_report(n: &str) -> Vec<String> {
    let i = import(n);
    let real = real();
    let file = format!("{}.yaml", i.draft.path);
    let existing = real.files.iter().find(|f| f.path == file).unwrap_or_else(|| panic!("{file} is in the spec"));
    let curated = read_existing(&existing.text).expect("the spec file reads back");
    let merged = merge(&curated, &i.draft, &real.cx);
    match report(&real.spec, &real.files, &file, &to_yaml(&merged.draft, SourceStyle::Omit)) {
        Ok(r) => r.changes.iter().map(|c| format!("{} {}: {}", c.level, c.rule, c.message)).collect(),
        Err(d) => panic!("seed {n}: the merged file does not load:\n{}", render(&d)),
    }
}

#[test]
fn merging_the_seeds_into_the_spec_changes_nothing_the_maintainers_curated() {
    for n in ["000", "002", "003"] {
        assert_eq!(merge_report(n), Vec::<String>::new(), "seed {n}");
    }
    // The del_contact_group seed predates the page of 2026-04-14 that opened conversation groups
    // to the Pro edition: merging it would raise the edition back to what it says.
    assert_eq!(merge_report("004"), ["major edition-raised: edition Pro -> Premium (fewer apps may call it)"]);
    // The 2020 page is older than the spec: merging it would bring BChatRoom back and drop
    // Community, which is what that page says; nothing curated changes.
    assert_eq!(merge_report("001"), ["patch group-types-changed: group types: added BChatRoom; removed Community"]);
}

#[test]
fn merged_files_keep_their_text() {
    for (n, file) in
        [("002", "group_open_http_svc/destroy_group.yaml"), ("004", "recentcontact/del_contact_group.yaml")]
    {
        let existing = &real().files.iter().find(|f| f.path == file).expect("in the spec").text;
        let merged = merge(&read_existing(existing).expect("reads"), &import(n).draft, context());
        // Comments, wrapping, key order and blank lines as they were; only provenance is new, and
        // the older del_contact_group seed brings its edition back (see the test above).
        let text = to_yaml(&merged.draft, SourceStyle::Key);
        let expected =
            if n == "004" { existing.replace("edition: pro\n", "edition: premium\n") } else { existing.clone() };
        assert_eq!(text, expected, "seed {n}");
    }
}

#[test]
fn a_merge_reports_what_the_page_changed() {
    let mut spec = real().files.clone();
    let file = "group_open_http_svc/destroy_group.yaml";
    // A spec that lacks 10015 and states a tighter rate: the page brings both back.
    let f = spec.iter_mut().find(|f| f.path == file).expect("in the spec");
    let start = f.text.find("    - code: 10015").expect("10015 is listed");
    let end =
        f.text[start..].find("retriable: false\n").map(|e| start + e + "retriable: false\n".len()).expect("entry end");
    f.text.replace_range(start..end, "");
    f.text = f.text.replace("rate_limit: {calls: 200, per: second}", "rate_limit: {calls: 100, per: second}");
    let curated = read_existing(&f.text).expect("reads");
    let merged = merge(&curated, &import("002").draft, context());
    let old = codegen::load(&spec).unwrap_or_else(|d| panic!("the edited spec does not load:\n{}", render(&d)));
    let r = report(&old, &spec, file, &to_yaml(&merged.draft, SourceStyle::Omit)).expect("both sides load");
    let lines: Vec<String> = r.changes.iter().map(|c| c.message.clone()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("error 10015 `invalid_group_id`") && l.contains("added")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("call frequency 100/second -> 200/second")), "{lines:?}");
    // The new code comes with the page's words, and the file says so.
    assert!(merged.draft.vendor_text.contains(&"errors.10015".to_string()));
}

fn has(ws: &[Warning], line: usize, part: &str) -> bool {
    ws.iter().any(|w| w.line == line && w.message.contains(part))
}

#[test]
fn warnings_point_at_page_lines() {
    let i = import("000");
    assert!(has(&i.warnings, 162, "`GroupId`") && has(&i.warnings, 162, "will be modified"), "{:?}", i.warnings);
    let i = import("002");
    assert!(has(&i.warnings, 49, "will be modified"), "{:?}", i.warnings);
    let i = import("004");
    assert!(has(&i.warnings, 13, "`identifier` empty") && has(&i.warnings, 14, "`usersig` empty"), "{:?}", i.warnings);
    let i = import("001");
    assert!(has(&i.warnings, 26, "`contenttype`"), "{:?}", i.warnings);
    // The 2020 page's description is its own: no copied-description warning there.
    assert!(!i.warnings.iter().any(|w| w.message.contains("copied")), "{:?}", i.warnings);
}

#[test]
fn warnings_for_a_page_with_mistakes() {
    // Seed 004 with an error listed twice, a limit stated twice differently, a sample key the
    // table lacks, a sample value of the wrong kind, and a row with no description.
    let page = seed("004")
        .replace("50002 | Incorrect", "50001 | Again.|\n50002 | Incorrect")
        .replace("can be deleted at a time. |", "can be deleted at a time. The list must not exceed 5 groups. |")
        .replace(r#"{"From_Account":"user15","#, r#"{"From_Account":15,"Extra":1,"#)
        .replace("UID of the requester |", "|");
    let i = import_page(&page, context()).expect("imports");
    let ws = i.warnings.iter().map(|w| w.render("p")).collect::<Vec<_>>().join("\n");
    assert!(has(&i.warnings, 45, "error 50001 is listed twice"), "{ws}");
    assert!(has(&i.warnings, 24, "max_items 5 here (its description), but 1"), "{ws}");
    assert!(has(&i.warnings, 20, "`Extra`, which the field table does not list"), "{ws}");
    assert!(
        has(&i.warnings, 20, "gives `From_Account` a integer value")
            || has(&i.warnings, 20, "`From_Account` a integer"),
        "{ws}"
    );
    assert!(has(&i.warnings, 23, "`From_Account` has an empty description"), "{ws}");
}

#[test]
fn a_reply_sample_that_would_not_decode_is_warned_about() {
    // The table says GroupItem is a list; this sample gives an object.
    let page = seed("004").replace(
        r#"{"GroupItem": [{"GroupName": "test0","GroupId": 2}],"#,
        r#"{"GroupItem": {"GroupName": "test0","GroupId": 2},"#,
    );
    let i = import_page(&page, context()).expect("imports");
    assert!(
        has(&i.warnings, 26, "would not decode with the drafted type: `GroupItem` is a list, the sample has an object"),
        "{:?}",
        i.warnings
    );
}

#[test]
fn nested_reply_fields_become_a_named_type_and_the_sample_is_cleaned() {
    let d = import("004").draft;
    assert_eq!(d.response.len(), 1);
    assert_eq!(d.response[0].ty, "array<GroupItem>");
    let t = d.type_named("GroupItem").expect("a type for the items");
    let fields: Vec<(&str, &str)> = t.fields.iter().map(|f| (f.wire.as_str(), f.ty.as_str())).collect();
    assert_eq!(fields, [("GroupName", "string"), ("GroupId", "integer")]);
    // The `//` comment (which swallowed the closing brace) is gone; its limit is kept.
    assert_eq!(d.example_request.as_deref(), Some("{\"From_Account\": \"user15\", \"GroupName\": [\"test0\"]}\n"));
    let g = &d.request[1];
    assert_eq!(g.limits, [("max_items".to_string(), 1), ("item_max_bytes".to_string(), 32)]);
    assert_eq!(g.limit_codes, [("item_max_bytes".to_string(), 51011)]);
    assert_eq!((d.edition.as_deref(), d.edition_code), (Some("premium"), Some(51013)));
}

#[test]
fn a_page_without_a_path_gives_no_draft() {
    let e = import_page("# Some page\n\nNothing here.\n", &Context::default()).unwrap_err();
    assert!(e.message.contains("v4/"), "{e}");
}

#[test]
fn every_spec_file_reads_back_and_writes_out_unchanged() {
    // What a merge starts from: any endpoint file of the spec, read and written again, is the same
    // spec (and, byte for byte, the same file).
    let real = real();
    let mut rewritten = Vec::new();
    // Endpoint files only: `shared/` and a service's `_<name>.yaml` hold shared definitions,
    // `webhooks/` the callbacks.
    for f in real.files.iter().filter(|f| !is_shared(f) && !f.path.starts_with("webhooks/")) {
        let d = read_existing(&f.text).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        let text = to_yaml(&d, SourceStyle::Key);
        match report(&real.spec, &real.files, &f.path, &text) {
            Ok(r) => assert!(r.is_empty(), "{}: {:?}", f.path, r.changes),
            Err(d) => panic!("{}:\n{}\n{text}", f.path, render(&d)),
        }
        if text != f.text {
            rewritten.push(first_difference(&f.path, &f.text, &text));
        }
    }
    assert!(rewritten.is_empty(), "rewritten:\n{}", rewritten.join("\n"));
}

/// `path:line` of the first line that differs, with both versions of it.
fn first_difference(path: &str, was: &str, now: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (was.lines().collect(), now.lines().collect());
    let i = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)).unwrap_or(0);
    format!("{path}:{}\n  was: {:?}\n  now: {:?}", i + 1, a.get(i), b.get(i))
}
