//! The importer must never panic, whatever the page: fed every truncation of every fixture page
//! (ours, in every language and layout, plus the audit's), random mutations of them (proptest,
//! shrinking to the fewest changes), and pathological inputs. Where a draft
//! comes out, its YAML must parse, read back, and merge with a real spec file without panicking.

mod common;

use codegen::import::{Context, SourceStyle, import_page, merge, read_existing, to_yaml};
use proptest::prelude::*;
use proptest::sample::Index;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::OnceLock;

fn seeds() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_fixtures");
    let mut out: Vec<(String, String)> = ["pages", "audit/pages"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("the fixture pages are there"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .map(|p| {
            (
                p.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).expect("readable"),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 8, "the fixture pages");
    out
}

/// Runs the importer and everything downstream of it on `text`; `Err` describes a failure.
fn exercise(text: &str, cx: &Context, curated: &codegen::import::Draft) -> Result<(), String> {
    let run = panic::catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let Ok(i) = import_page(text, cx) else { return Ok(()) };
        for style in [SourceStyle::Key, SourceStyle::Comment, SourceStyle::Omit] {
            let yaml = to_yaml(&i.draft, style);
            let options = marked_yaml::LoaderOptions::default().prevent_coercion(true).toplevel_mapping();
            if let Err(e) = marked_yaml::parse_yaml_with_options(0, yaml.as_str(), options) {
                return Err(format!("the draft is not YAML ({e}):\n{yaml}"));
            }
            let back = read_existing(&yaml).map_err(|e| format!("the draft does not read back: {e}\n{yaml}"))?;
            if back.path != i.draft.path {
                return Err(format!("path {} read back as {}", i.draft.path, back.path));
            }
        }
        let merged = merge(curated, &i.draft, cx);
        let _ = to_yaml(&merged.draft, SourceStyle::Omit);
        Ok(())
    }));
    match run {
        Ok(r) => r,
        Err(p) => Err(format!(
            "panicked: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

fn setup() -> (Context, codegen::import::Draft) {
    let spec = common::real_spec();
    let cx = codegen::load(&spec).map(|s| Context::from_spec(&s)).unwrap_or_default();
    let file = spec.iter().find(|f| f.path == "recentcontact/del_contact_group.yaml").expect("in the spec");
    (cx, read_existing(&file.text).expect("reads"))
}

/// Pieces that mean something to the importer, to splice in.
const TOKENS: &[&str] = &[
    "|",
    "| ",
    " |\n",
    "```\n",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "//",
    "/*",
    ",",
    ":",
    "\n",
    "\n\n",
    "#",
    "## Error Codes\n",
    "Field\nType\nRequired\nDescription\n",
    "v4/",
    "v4/sns/x?",
    "Request fields\n",
    "Sample response\n",
    "10010",
    "must not exceed 3",
    "only one at a time",
    "é",
    "グループ",
    "\u{0}",
    "\t",
    "\r\n",
    "<a href=\"",
    "](",
    "&emsp;",
    "\\",
    "2025-13-45",
    "Array",
    "Object",
    ".",
    "ErrorList.X",
];

/// One change to a page, drawn by proptest; positions are `Index`es scaled to the page, so that a
/// failing case shrinks to fewer, smaller changes.
#[derive(Clone, Debug)]
enum Edit {
    /// Delete up to 40 characters.
    Delete(Index, usize),
    /// Insert one of `TOKENS`.
    Token(Index, Index),
    /// Replace a character with any below U+3000.
    Replace(Index, u32),
    /// Duplicate a stretch of up to 200 characters.
    Duplicate(Index, usize),
    SwapLines(Index, Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 0usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Edit::Token(i, t)),
        (any::<Index>(), 0u32..0x3000).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<Index>(), 0usize..200).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(edits: &[Edit], text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let at = |i: &Index, chars: &[char]| i.index(chars.len() + 1);
        match edit {
            Edit::Delete(i, n) => {
                let at = at(i, &chars);
                chars.drain(at..(at + n).min(chars.len()));
            }
            Edit::Token(i, t) => {
                let at = at(i, &chars);
                chars.splice(at..at, TOKENS[t.index(TOKENS.len())].chars());
            }
            Edit::Replace(i, c) if !chars.is_empty() => {
                let i = i.index(chars.len());
                chars[i] = char::from_u32(*c).unwrap_or('?');
            }
            Edit::Duplicate(i, n) => {
                let at = at(i, &chars);
                let piece: Vec<char> = chars[at..(at + n).min(chars.len())].to_vec();
                chars.splice(at..at, piece);
            }
            Edit::SwapLines(a, b) => {
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let n = lines.len();
                lines.swap(a.index(n), b.index(n));
                chars = lines.join("\n").chars().collect();
            }
            Edit::Replace(..) => {}
        }
    }
    chars.into_iter().collect()
}

fn assert_none(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failures, first:\n{}",
        failures.len(),
        failures.first().cloned().unwrap_or_default()
    );
}

#[test]
fn every_truncation_of_every_seed() {
    let (cx, curated) = setup();
    let mut failures = Vec::new();
    for (name, text) in seeds() {
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        // Every line end, and every character in a stretch around each section's start.
        for (k, &cut) in cuts.iter().enumerate() {
            let at_line = text.get(cut..).is_some_and(|r| r.starts_with('\n'));
            if !(at_line || k % 7 == 0) {
                continue;
            }
            let page = text.get(..cut).unwrap_or_default();
            if let Err(e) = exercise(page, &cx, &curated) {
                failures.push(format!("{name} cut at byte {cut}: {e}"));
            }
        }
    }
    assert_none(&failures);
}

/// The importer's context and the curated file merges go into, and the seed pages (name, text).
type Fixture = ((Context, codegen::import::Draft), Vec<(String, String)>);

/// The [`Fixture`], made once.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| (setup(), seeds()))
}

proptest! {
    // Enough cases to reach every layout's rows and samples; each imports, writes and merges a page.
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_mutations(seed in any::<Index>(), edits in proptest::collection::vec(edit(), 1..=4)) {
        let ((cx, curated), seeds) = fixture();
        let (name, text) = &seeds[seed.index(seeds.len())];
        let page = apply(&edits, text);
        if let Err(e) = exercise(&page, cx, curated) {
            prop_assert!(false, "{name} after {edits:?}: {e}\n--- page:\n{page}");
        }
    }
}

#[test]
fn pathological_pages() {
    let (cx, curated) = setup();
    let deep = format!("Sample request\n{}\nv4/a/b?x\n", "[".repeat(50_000));
    let wide = format!("Request fields\n{}\nv4/a/b?x", "|".repeat(100_000));
    let cells = format!(
        "Sample request URL\nv4/a/b?x\nRequest fields\n{}",
        "Field\nType\nRequired\nDescription\nA.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R\nArray\nYes\nx\n".repeat(300)
    );
    let dotted = format!(
        "## Sample request URL\n```\nv4/a/b?x\n```\n## Request fields\n| Field | Type | Required | Description |\n|-|-|-|-|\n| {} | Array | Yes | up to 9 |\n",
        vec!["X"; 400].join(".")
    );
    let many_fences = "```\n{\n".repeat(5_000);
    let long_line = format!("v4/a/b?{}", "x".repeat(200_000));
    let inputs: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "v4/a/b".into(),
        "v4//".into(),
        "\u{feff}v4/a/b?\r\n".into(),
        "\u{0}\u{0}v4/a/b?\u{0}".into(),
        deep,
        wide,
        cells,
        dotted,
        many_fences,
        long_line,
        "## Sample request\n```\n{\"a\": \"\\u12\"}\n```\nv4/a/b?".into(),
        "Error Codes\nError Code\nDescription\n99999999999999999999\nx\nv4/a/b?".into(),
        "Maximum call frequency\n18446744073709551616 calls per second\nv4/a/b?".into(),
        "Request fields\nField Type Attribute Description\ntype String Required the type\nself Integer Optional x\nv4/a/b?".into(),
    ];
    for (k, page) in inputs.iter().enumerate() {
        if let Err(e) = exercise(page, &cx, &curated) {
            panic!("input {k}: {e}");
        }
    }
}
