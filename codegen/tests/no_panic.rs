//! The loader must return `Ok` or `Err` on any input, never panic. Fed here: every truncation of every
//! real spec file, random mutations of spec files (proptest), and pathological
//! inputs. A panic is reported with the input, minimised (proptest shrinks the mutations).
//!
//! Inputs nested deep enough to overflow the stack abort the process instead of panicking, so they
//! are loaded in a child process (this test binary, run again with `CHILD_ENV` set).

mod common;

use codegen::SourceFile;
use common::*;
use proptest::prelude::*;
use proptest::sample::Index;
use std::cell::{Cell, RefCell};
use std::panic;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Catching panics quietly, with their message.

thread_local! {
    /// Set while the loader runs on this thread: its panics are recorded instead of printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The message and location of the last recorded panic on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.get() {
                LAST_PANIC.set(Some(info.to_string()));
            } else {
                default(info);
            }
        }));
    });
}

/// What is run on each input: the loader, or a stand-in that tests this harness.
type Loader = fn(&[SourceFile]);

fn real_loader(files: &[SourceFile]) {
    let _ = codegen::load(files);
}

/// Runs `load`; `Err` holds the panic (`panicked at file:line:col:\nmessage`) if it panicked.
fn try_load(load: Loader, files: &[SourceFile]) -> Result<(), String> {
    install_hook();
    QUIET.set(true);
    let result = panic::catch_unwind(|| load(files));
    QUIET.set(false);
    result.map_err(|_| LAST_PANIC.take().unwrap_or_else(|| "a panic without a message".to_string()))
}

/// Where a panic happened: the first line of its report.
fn panic_site(report: &str) -> &str {
    report.lines().next().unwrap_or(report)
}

// ---------------------------------------------------------------------------------------------
// Running many inputs on all cores, and reporting the panics.

/// One input: a spec, the file in it that was made up or changed, and how it was made.
struct Case {
    label: String,
    files: Vec<SourceFile>,
    target: String,
}

/// A case on which the loader panicked.
struct Failure {
    case: Case,
    report: String,
}

/// Loads cases `0..count` (made by `make`) on all cores. Returns the first failure per panic site.
fn run_cases(load: Loader, count: usize, make: impl Fn(usize) -> Case + Sync) -> Vec<Failure> {
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let case = make(i);
                    if let Err(report) = try_load(load, &case.files) {
                        let mut list = failures.lock().unwrap_or_else(PoisonError::into_inner);
                        if !list.iter().any(|f| panic_site(&f.report) == panic_site(&report)) {
                            list.push(Failure { case, report });
                        }
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// The target file's text, made smaller while the loader still panics at the same site: whole
/// chunks of lines first, then single characters (for short texts). Bounded in time.
fn minimise(load: Loader, case: &Case, report: &str) -> String {
    let site = panic_site(report).to_string();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut files = case.files.clone();
    let idx = files.iter().position(|f| f.path == case.target).expect("the target is in the spec");
    let still_panics = |files: &mut Vec<SourceFile>, text: String| -> bool {
        let old = std::mem::replace(&mut files[idx].text, text);
        let same = try_load(load, files).is_err_and(|r| panic_site(&r) == site);
        if !same {
            files[idx].text = old;
        }
        same
    };
    let mut chunk = files[idx].text.lines().count().div_ceil(2).max(1);
    while Instant::now() < deadline {
        let lines: Vec<String> = files[idx].text.split_inclusive('\n').map(str::to_string).collect();
        let mut removed = false;
        let mut start = 0;
        while start < lines.len() && Instant::now() < deadline {
            let end = (start + chunk).min(lines.len());
            let text: String = lines[..start].iter().chain(&lines[end..]).map(String::as_str).collect();
            if still_panics(&mut files, text) {
                removed = true;
                break;
            }
            start = end;
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    if files[idx].text.len() <= 2_000 {
        let mut i = 0;
        while Instant::now() < deadline {
            let text = &files[idx].text;
            let Some((at, c)) = text.char_indices().nth(i) else { break };
            let shorter = format!("{}{}", &text[..at], &text[at + c.len_utf8()..]);
            if !still_panics(&mut files, shorter) {
                i += 1;
            }
        }
    }
    files.swap_remove(idx).text
}

/// Fails the test with every distinct panic, each with its input minimised.
fn assert_no_failures(what: &str, failures: Vec<Failure>) {
    if failures.is_empty() {
        return;
    }
    let mut out = format!("the loader panicked on {} kind(s) of {what}:\n", failures.len());
    for f in failures.iter().take(5) {
        let small = minimise(real_loader, &f.case, &f.report);
        let shown: String = small.chars().take(1_500).collect();
        out += &format!(
            "\n* {}\n  {}\n  minimised `{}`: {shown:?}{}\n",
            f.case.label,
            f.report.replace('\n', "\n  "),
            f.case.target,
            if shown.len() < small.len() { " (cut)" } else { "" }
        );
    }
    panic!("{out}");
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// Small shared files naming everything the real endpoints use, so that a changed endpoint is
/// resolved against services, tables and types, at a fraction of the cost of the real shared files.
fn tiny_shared() -> Vec<SourceFile> {
    let errors = "\
common:
  doc: Common.
  codes:
    - {code: 60002, name: malformed_http_request, meaning: Bad request., retriable: false}
tables:
  group: {doc: Group., codes: [{code: 10002, name: internal_error, meaning: Internal., retriable: true}]}
  sns: {doc: Sns., codes: [{code: 30001, name: invalid_parameter, meaning: Bad., retriable: false}]}
  recentcontact: {doc: Rc., codes: [{code: 50001, name: account_not_imported, meaning: No., retriable: false}]}
  contact_group: {doc: Cg., codes: [{code: 51006, name: mark_conversation_count, meaning: No., retriable: false}]}
";
    let services = "\
services:
  - {wire: group_open_http_svc, module: group, title: Groups, doc: Groups.}
  - {wire: sns, module: sns, title: Friends, doc: Friends.}
  - {wire: recentcontact, module: recent_contact, title: Conversations, doc: Conversations.}
";
    let types = "\
types:
  GroupType:
    doc: Kind.
    enum: string
    values: [{wire: Private, doc: P.}, {wire: Public, doc: P.}, {wire: ChatRoom, doc: C.}, {wire: AVChatRoom, doc: A.}, {wire: Community, doc: C.}]
";
    [(SERVICES, services), (ERRORS, errors), (TYPES, types), (REGIONS, MIN_REGIONS)]
        .into_iter()
        .map(|(path, text)| SourceFile { path: path.to_string(), text: text.to_string() })
        .collect()
}

/// A spec around `file`: tiny shared files for an endpoint, or a small real endpoint for a shared file.
fn spec_around(file: SourceFile, real: &[SourceFile]) -> Vec<SourceFile> {
    if file.path.starts_with("shared/") {
        let endpoint = real.iter().find(|f| f.path == "sns/group_delete.yaml").cloned();
        endpoint.into_iter().chain([file]).collect()
    } else {
        with(tiny_shared(), &file.path, &file.text)
    }
}

/// Bits of YAML and of the spec format, inserted to reach the loader's less travelled paths.
const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "---\n",
    "...\n",
    "\"",
    "'",
    "|\n",
    ">-\n",
    "# ",
    "\t",
    "? ",
    "\n",
    "~",
    "null",
    "\\u0000",
    "0x10",
    "-1",
    "0",
    "99999999999999999999999",
    "\u{feff}",
    "é",
    "array<",
    ">",
    "array<GroupType>",
    "GroupType",
    "string",
    "integer",
    "json",
    "true",
    "false",
    "\"true\"",
    "required: ",
    "rust: type",
    "limits: {min: 5, max: 1}",
    "limits: {max_bytes: 1}",
    "types:\n",
    "tables: [group]",
    "codes: []",
    "request.",
    "errors.",
    "types.",
    "query.",
    "v4/",
    "/",
    "wire: ",
    "enum: integer",
    "values: ",
    "fields: ",
    "per: day",
    "edition: pro",
    "name: type",
    "group_types: [Public]",
    "related: [sns/x]",
    "\r\n",
];

/// One change to a spec file, drawn by proptest. Positions are `Index`es, scaled to the text when
/// applied, so that a failing case shrinks to fewer, earlier, simpler changes.
#[derive(Clone, Debug)]
enum Edit {
    /// Flip a bit of an ASCII byte (to another ASCII byte, control characters included).
    FlipBit(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    /// Swap the indentation of two lines.
    SwapIndent(Index, Index),
    /// Indent (true) or dedent a line by one or two spaces.
    Indent(Index, usize, bool),
    SwapLines(Index, Index),
    /// Delete up to 16 bytes.
    DeleteRange(Index, usize),
    /// Insert one of `TOKENS`.
    InsertToken(Index, Index),
    /// Insert printable ASCII.
    InsertText(Index, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ascii = proptest::collection::vec(b' '..=b'~', 1..=8).prop_map(|b| String::from_utf8(b).unwrap_or_default());
    prop_oneof![
        (any::<Index>(), 0u8..7).prop_map(|(i, b)| Edit::FlipBit(i, b)),
        any::<Index>().prop_map(Edit::DeleteLine),
        any::<Index>().prop_map(Edit::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapIndent(a, b)),
        (any::<Index>(), 1usize..=2, any::<bool>()).prop_map(|(i, n, d)| Edit::Indent(i, n, d)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<Index>(), 1usize..=16).prop_map(|(i, n)| Edit::DeleteRange(i, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Edit::InsertToken(i, t)),
        (any::<Index>(), ascii).prop_map(|(i, t)| Edit::InsertText(i, t)),
    ]
}

/// Applies `edit` to `text`, keeping it valid UTF-8.
fn apply(edit: &Edit, text: &mut String) {
    let boundary = |text: &str, mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = |i: &Index, text: &str| boundary(text, i.index(text.len() + 1));
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let n = lines.len();
    match edit {
        Edit::FlipBit(i, bit) => {
            let i = i.index(text.len() + 1);
            if let Some(b) = text.as_bytes().get(i).copied().filter(u8::is_ascii) {
                let flipped = char::from(b ^ (1 << bit));
                text.replace_range(i..i + 1, flipped.encode_utf8(&mut [0; 4]));
            }
            return;
        }
        Edit::DeleteLine(i) if n > 0 => {
            lines.remove(i.index(n));
        }
        Edit::DuplicateLine(i) if n > 0 => {
            let line = lines[i.index(n)].clone();
            lines.insert(i.index(n), line);
        }
        Edit::SwapIndent(a, b) if n > 0 => {
            let (a, b) = (a.index(n), b.index(n));
            let split = |l: &str| {
                let body = l.trim_start_matches([' ', '\t']);
                (l[..l.len() - body.len()].to_string(), body.to_string())
            };
            let ((ia, ba), (ib, bb)) = (split(&lines[a]), split(&lines[b]));
            lines[a] = format!("{ib}{ba}");
            lines[b] = format!("{ia}{bb}");
        }
        Edit::Indent(i, by, deeper) if n > 0 => {
            let line = &mut lines[i.index(n)];
            if *deeper {
                line.insert_str(0, &" ".repeat(*by));
            } else {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                line.drain(..(*by).min(spaces));
            }
        }
        Edit::SwapLines(a, b) if n > 0 => lines.swap(a.index(n), b.index(n)),
        Edit::DeleteRange(i, len) => {
            let start = at(i, text);
            let end = boundary(text, (start + len).min(text.len()));
            text.replace_range(start..end.max(start), "");
            return;
        }
        Edit::InsertToken(i, token) => {
            let i = at(i, text);
            text.insert_str(i, TOKENS[token.index(TOKENS.len())]);
            return;
        }
        Edit::InsertText(i, s) => {
            let i = at(i, text);
            text.insert_str(i, s);
            return;
        }
        _ => return,
    }
    *text = lines.concat();
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn harness_catches_and_minimises_panics() {
    fn fake(files: &[SourceFile]) {
        assert!(!files.iter().any(|f| f.text.contains("boom")), "the stand-in loader met a boom");
    }
    let failures = run_cases(fake, 8, |k| Case {
        label: format!("case {k}"),
        files: minimal_with(DESTROY, if k == 5 { "a: 1\nb: [boom]\nc: 3\n" } else { "a: 1\n" }),
        target: DESTROY.to_string(),
    });
    assert_eq!(failures.len(), 1, "one case panics");
    assert_eq!(failures[0].case.label, "case 5");
    assert!(failures[0].report.contains("the stand-in loader met a boom"), "{}", failures[0].report);
    assert_eq!(minimise(fake, &failures[0].case, &failures[0].report), "boom");
    assert!(try_load(real_loader, &minimal()).is_ok());
}

#[test]
fn every_truncation_of_every_real_file() {
    let real = real_spec();
    assert!(real.len() >= 7, "the real spec was not found");
    // (file index, prefix length): every char boundary of the seed endpoints and the small shared
    // files; in the others (over 100, written in the same few shapes), the start, the value and the
    // middle of every line, which keeps the test near a minute in a debug build.
    let cuts: Vec<(usize, usize)> =
        real.iter().enumerate().flat_map(|(i, f)| cut_points(f).into_iter().map(move |n| (i, n))).collect();
    let failures = run_cases(real_loader, cuts.len(), |k| {
        let (i, n) = cuts[k];
        let file = SourceFile { path: real[i].path.clone(), text: real[i].text[..n].to_string() };
        Case {
            label: format!("{} cut to {n} bytes", file.path),
            target: file.path.clone(),
            files: if file.path.starts_with("shared/") { vec![file] } else { spec_around(file, &real) },
        }
    });
    assert_no_failures("truncated files", failures);
}

/// Where `every_truncation_of_every_real_file` cuts a file.
fn cut_points(f: &SourceFile) -> Vec<usize> {
    const EVERY_BYTE: &[&str] =
        &["group_open_http_svc/destroy_group.yaml", "sns/group_delete.yaml", "recentcontact/del_contact_group.yaml"];
    let text = &f.text;
    let small_shared = f.path.starts_with("shared/") && f.text.len() < 10_000;
    if small_shared || EVERY_BYTE.contains(&f.path.as_str()) {
        return (0..text.len()).filter(|&n| text.is_char_boundary(n)).collect();
    }
    let mut cuts = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let value = line.find(": ").map_or(line.len() / 3, |c| c + 2);
        for n in [start, start + value, start + line.len() / 2] {
            if text.is_char_boundary(n) && cuts.last() != Some(&n) {
                cuts.push(n);
            }
        }
        start += line.len();
    }
    cuts
}

/// The files mutated by `random_mutations`: the real spec and the minimal one.
fn pool() -> &'static (Vec<SourceFile>, Vec<SourceFile>) {
    static POOL: OnceLock<(Vec<SourceFile>, Vec<SourceFile>)> = OnceLock::new();
    POOL.get_or_init(|| {
        let real = real_spec();
        (real.iter().cloned().chain(minimal()).collect(), real)
    })
}

proptest! {
    // A thousand cases: each loads a small spec; shrinking finds the fewest changes that panic.
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_mutations(file in any::<Index>(), edits in proptest::collection::vec(edit(), 1..=4)) {
        let (pool, real) = pool();
        let mut file = pool[file.index(pool.len())].clone();
        for e in &edits {
            apply(e, &mut file.text);
        }
        let path = file.path.clone();
        if let Err(report) = try_load(real_loader, &spec_around(file.clone(), real)) {
            prop_assert!(false, "the loader panicked on {path} after {edits:?}:\n{report}\n--- file:\n{}", file.text);
        }
    }
}

/// The required keys of an endpoint, which the odd inputs below follow.
const ENDPOINT_HEAD: &str = "path: group_open_http_svc/destroy_group\ntitle: t\nsummary: s\ndocs: https://x\n";

/// Inputs no editor would produce but a loader must survive. Each is loaded as an endpoint file and
/// as each shared file.
fn pathological() -> Vec<(&'static str, String)> {
    let head = ENDPOINT_HEAD;
    vec![
        ("empty file", String::new()),
        ("only ---", "---".into()),
        ("only --- twice", "---\n---\n".into()),
        ("only ...", "...\n".into()),
        ("only a comment", "# nothing\n".into()),
        ("only spaces", "   \n\n  \n".into()),
        ("deeply nested [", "[".repeat(100_000)),
        ("deeply nested [ under a key", format!("{head}notes: {}", "[".repeat(100_000))),
        ("deeply nested {", format!("{head}errors: {}", "{a: ".repeat(100_000))),
        ("nested [] within the flow limit", format!("{head}notes: {}{}\n", "[".repeat(250), "]".repeat(250))),
        ("block nesting 100 deep", format!("{head}notes:\n  {}x\n", "- ".repeat(100))),
        ("1 MB line", format!("{head}title: {}\n", "x".repeat(1 << 20))),
        ("1 MB key", format!("{head}{}: x\n", "k".repeat(1 << 20))),
        ("tab indentation", format!("{head}request:\n\t- wire: A\n\t  type: string\n")),
        ("tabs after colons", "path:\tgroup_open_http_svc/destroy_group\ntitle:\tt\n".into()),
        ("NUL bytes", format!("{head}notes: [a\0b]\n\0\0\0")),
        ("NUL only", "\0".into()),
        ("control characters", "\u{1}\u{7}\u{1b}[31m\u{7f}".into()),
        ("!!binary tag", format!("{head}notes: !!binary aGVsbG8=\n")),
        ("tagged document", "--- !tag\npath: x\n".into()),
        ("tagged mapping", "!!map {path: x}\n".into()),
        ("tag directive", "%TAG ! tag:example.com,2000:\n--- !x\na: b\n".into()),
        ("YAML directive", "%YAML 1.2\n---\npath: x\n".into()),
        ("huge integers", format!("{head}rate_limit: {{calls: 99999999999999999999999999, per: second}}\n")),
        (
            "extreme integers",
            format!(
                "{head}rate_limit: {{calls: -9223372036854775808, per: second}}\nrequest:\n  - wire: A\n    type: integer\n    required: true\n    doc: d\n    limits: {{min: 9223372036854775807, max: -9223372036854775808}}\n"
            ),
        ),
        (
            "extreme codes",
            format!(
                "{head}errors:\n  codes:\n    - {{code: -9223372036854775808, name: a, meaning: m, retriable: true}}\n    - {{code: 9223372036854775807, name: b, meaning: m, retriable: true}}\n"
            ),
        ),
        (
            "float and hex numbers",
            format!(
                "{head}rate_limit: {{calls: 1e400, per: second}}\nerrors: {{codes: [{{code: 0x10, name: a, meaning: m, retriable: .inf}}]}}\n"
            ),
        ),
        ("unknown alias", format!("{head}notes: [*a]\n")),
        ("anchor and alias", format!("{head}notes: [&a x, *a]\n")),
        ("complex key", "? [a, b]\n: c\n".into()),
        ("bad escapes", format!("{head}title: \"\\UFFFFFFFF \\uD800 \\x\"\n")),
        ("block scalar indicators", format!("{head}summary: |9\n  x\nnotes: >0\n")),
        ("byte order marks", "\u{feff}\u{feff}path: x\n".into()),
        ("CR line ends", head.replace('\n', "\r")),
        (
            "deep array type",
            format!(
                "{head}request:\n  - {{wire: A, type: {}string{}, required: true, doc: d}}\n",
                "array<".repeat(50),
                ">".repeat(50)
            ),
        ),
        (
            "unbalanced array type",
            format!("{head}request:\n  - {{wire: A, type: array<array<, required: true, doc: d}}\n"),
        ),
        (
            "empty type name",
            format!("{head}types: {{\"\": {{doc: d, fields: [{{wire: A, type: \"\", required: true, doc: d}}]}}}}\n"),
        ),
        (
            "odd erratum paths",
            format!(
                "{head}errata:\n  - {{at: ., vendor: v, fix: f}}\n  - {{at: request., vendor: v, fix: f}}\n  - {{at: types..x, vendor: v, fix: f}}\n  - {{at: errors.-0, vendor: v, fix: f}}\n"
            ),
        ),
        ("odd paths", "path: /\ntitle: t\nsummary: s\ndocs: https://x\n".into()),
        (
            "non-ASCII names",
            format!(
                "{head}request:\n  - {{wire: Größe, type: string, required: true, doc: d}}\n  - {{wire: 群组, type: string, required: true, doc: d}}\nerrors: {{codes: [{{code: 1, name: ñ, meaning: m, retriable: true}}]}}\n"
            ),
        ),
    ]
}

#[test]
fn pathological_inputs() {
    let real = real_spec();
    let targets = [DESTROY, SERVICES, REGIONS, ERRORS, TYPES];
    let inputs = pathological();
    let failures = run_cases(real_loader, inputs.len() * targets.len(), |k| {
        let (name, text) = &inputs[k / targets.len()];
        let target = targets[k % targets.len()];
        let files = if target == DESTROY { minimal_with(target, text) } else { with(real.clone(), target, text) };
        Case { label: format!("{name} as {target}"), files, target: target.to_string() }
    });
    assert_no_failures("pathological inputs", failures);
}

#[test]
fn odd_file_paths() {
    let paths =
        ["", "/", "x", "shared", "shared/", "shared/x.yaml", "a/b/c.yaml", "/a.yaml", "a//b.yaml", "群/组.yaml"];
    let failures = run_cases(real_loader, paths.len(), |k| Case {
        label: format!("a file at `{}`", paths[k]),
        files: with(minimal(), paths[k], "path: a/b\ntitle: t\nsummary: s\ndocs: https://x\n"),
        target: paths[k].to_string(),
    });
    assert_no_failures("file paths", failures);
    assert!(codegen::load(&[]).is_err(), "an empty spec is an error");
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: a stack overflow aborts the process, so each input runs in a child process.

/// Set in the child process to the name of the deep input to load.
const CHILD_ENV: &str = "CODEGEN_NO_PANIC_DEEP_INPUT";
/// How deep: far beyond any real spec, within a few hundred KB of text.
const DEPTH: usize = 100_000;

fn deep_input(name: &str) -> Vec<SourceFile> {
    let head = ENDPOINT_HEAD;
    let text = match name {
        "block sequences" => format!("{head}notes:\n  {}x\n", "- ".repeat(DEPTH)),
        "array types" => format!(
            "{head}request:\n  - {{wire: A, type: {}string{}, required: true, doc: d}}\n",
            "array<".repeat(DEPTH),
            ">".repeat(DEPTH)
        ),
        "erratum path" => format!(
            "{head}request:\n  - {{wire: N, type: array<Node>, required: true, doc: d}}\ntypes:\n  Node:\n    doc: d\n    \
             fields: [{{wire: N, type: array<Node>, required: false, doc: d}}]\nerrata:\n  - {{at: request{}, vendor: v, fix: f}}\n",
            ".N".repeat(DEPTH)
        ),
        other => panic!("unknown deep input `{other}`"),
    };
    minimal_with(DESTROY, &text)
}

/// Not a test of its own: the body of the child process started by `load_in_child`.
#[test]
fn deep_input_child() {
    if let Ok(name) = std::env::var(CHILD_ENV) {
        let _ = codegen::load(&deep_input(&name));
    }
}

/// Loads the deep input `name` in a child process; fails with the child's report if it crashed.
fn load_in_child(name: &str) {
    let exe = std::env::current_exe().expect("the test binary's path");
    let out = Command::new(exe)
        .args(["deep_input_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, name)
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    assert!(
        out.status.success(),
        "loading {name} nested {DEPTH} deep crashed the process ({}):\n{}",
        out.status,
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn deep_block_nesting() {
    load_in_child("block sequences");
}

#[test]
fn deep_array_type() {
    load_in_child("array types");
}

#[test]
fn deep_erratum_path() {
    load_in_child("erratum path");
}
