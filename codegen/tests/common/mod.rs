//! Helpers shared by the loader tests: a minimal valid spec built in memory, ways to change one of
//! its files, and assertions on diagnostics.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use codegen::{Diagnostic, SourceFile};
use std::path::Path;

pub const SERVICES: &str = "shared/services.yaml";
pub const REGIONS: &str = "shared/regions.yaml";
pub const ERRORS: &str = "shared/errors.yaml";
pub const TYPES: &str = "shared/types.yaml";
pub const DESTROY: &str = "group_open_http_svc/destroy_group.yaml";
pub const SNS: &str = "sns/group_delete.yaml";

/// `shared/services.yaml` of the minimal spec.
pub const MIN_SERVICES: &str = "\
services:
  - wire: group_open_http_svc
    module: group
    title: Group management
    doc: Create, change and disband groups.
  - wire: sns
    module: sns
    title: Relationship chain
    doc: Friends and friend lists.
";

/// `shared/regions.yaml` of the minimal spec.
pub const MIN_REGIONS: &str = "\
regions:
  - name: singapore
    host: adminapisgp.im.qcloud.com
    doc: Singapore.
";

/// `shared/errors.yaml` of the minimal spec. Line numbers are relied on by the tests:
/// code 60002 is on line 4, table `group` on line 13, its code 10004 on line 20.
pub const MIN_ERRORS: &str = "\
common:
  doc: Errors any endpoint can return.
  codes:
    - code: 60002
      name: malformed_http_request
      meaning: The HTTP request could not be parsed.
      retriable: false
    - code: 70500
      name: internal_error
      meaning: Internal service error; send again later.
      retriable: true
tables:
  group:
    doc: Codes every group-management page lists.
    codes:
      - code: 10002
        name: internal_error
        meaning: Internal service error; send again.
        retriable: true
      - code: 10004
        name: invalid_parameter
        meaning: A parameter is not valid.
        retriable: false
  sns:
    doc: Codes every relationship-chain page lists.
    codes:
      - code: 30001
        name: invalid_parameter
        meaning: A request parameter is wrong.
        retriable: false
";

/// `shared/types.yaml` of the minimal spec.
pub const MIN_TYPES: &str = "\
types:
  GroupType:
    doc: The kind of a group.
    enum: string
    values:
      - wire: Private
        doc: Work group.
      - wire: Public
        doc: Public group.
      - wire: AVChatRoom
        doc: Live-streaming group.
";

/// `group_open_http_svc/destroy_group.yaml` of the minimal spec.
pub const MIN_DESTROY: &str = "\
path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
rate_limit: {calls: 200, per: second}
group_types: [Private, Public]
request:
  - wire: GroupId
    type: string
    required: true
    doc: ID of the group to disband.
errors:
  tables: [group]
  codes:
    - code: 10010
      name: group_not_found
      meaning: The group does not exist.
      retriable: false
errata:
  - at: request.GroupId
    vendor: The ID of the Group whose messages will be modified
    fix: Copied from another page.
examples:
  request: |
    {\"GroupId\": \"@TGS#2J4SZEAEL\"}
";

/// `sns/group_delete.yaml` of the minimal spec.
pub const MIN_SNS: &str = "\
path: sns/group_delete
title: Delete friend lists
summary: Deletes friend lists of one account.
docs: https://www.tencentcloud.com/document/product/1047/34926
request:
  - wire: From_Account
    type: string
    required: true
    doc: User ID of the account whose lists are deleted.
  - wire: GroupName
    type: array<string>
    required: true
    doc: Names of the lists to delete.
    limits: {max_items: 32}
response:
  - wire: CurrentSequence
    type: integer
    required: true
    doc: Sequence number of the lists after the deletion.
errors:
  tables: [sns]
";

/// A small spec that loads: the four shared files and two endpoints.
pub fn minimal() -> Vec<SourceFile> {
    [
        (SERVICES, MIN_SERVICES),
        (REGIONS, MIN_REGIONS),
        (ERRORS, MIN_ERRORS),
        (TYPES, MIN_TYPES),
        (DESTROY, MIN_DESTROY),
        (SNS, MIN_SNS),
    ]
    .into_iter()
    .map(|(path, text)| SourceFile { path: path.to_string(), text: text.to_string() })
    .collect()
}

/// `files` with the file at `path` replaced by `text` (or added, when there is none).
pub fn with(mut files: Vec<SourceFile>, path: &str, text: &str) -> Vec<SourceFile> {
    match files.iter_mut().find(|f| f.path == path) {
        Some(f) => f.text = text.to_string(),
        None => files.push(SourceFile { path: path.to_string(), text: text.to_string() }),
    }
    files
}

/// `files` without the file at `path`.
pub fn without(mut files: Vec<SourceFile>, path: &str) -> Vec<SourceFile> {
    files.retain(|f| f.path != path);
    files
}

/// The minimal spec with one file replaced.
pub fn minimal_with(path: &str, text: &str) -> Vec<SourceFile> {
    with(minimal(), path, text)
}

/// The real spec under `<workspace>/spec`.
pub fn real_spec() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    codegen::fs::read_spec_dir(&root).expect("the spec directory is readable")
}

/// Every diagnostic as `file:line:column: error: message\n  hint: ...`, for failure messages.
pub fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("{d}\n")).collect()
}

/// The diagnostics of a spec that must not load.
pub fn errors(files: &[SourceFile]) -> Vec<Diagnostic> {
    match codegen::load(files) {
        Ok(_) => panic!("the spec loaded, but errors were expected"),
        Err(diags) => {
            assert!(!diags.is_empty(), "load failed with an empty list of diagnostics");
            diags
        }
    }
}

/// The one diagnostic of a spec with a single mistake.
pub fn only_error(files: &[SourceFile]) -> Diagnostic {
    let diags = errors(files);
    assert_eq!(diags.len(), 1, "expected exactly one diagnostic, got:\n{}", render(&diags));
    diags.into_iter().next().unwrap()
}

/// What a diagnostic must say: where, a part of the message and a part of the hint.
pub struct Expect<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
    pub hint: &'a str,
}

/// Asserts the position exactly, and that message and hint contain the expected parts.
#[track_caller]
pub fn check(d: &Diagnostic, e: &Expect) {
    let at = (d.pos.file.as_str(), d.pos.line, d.pos.column);
    assert_eq!(at, (e.file, e.line, e.column), "wrong position for:\n{d}");
    assert!(d.message.contains(e.message), "message lacks `{}`:\n{d}", e.message);
    let hint = d.hint.as_deref().unwrap_or_else(|| panic!("no hint in:\n{d}"));
    assert!(hint.contains(e.hint), "hint lacks `{}`:\n{d}", e.hint);
}

/// Loads `files`, expects exactly one diagnostic and checks it.
#[track_caller]
pub fn expect_one(files: &[SourceFile], e: &Expect) {
    let d = only_error(files);
    check(&d, e);
}

/// Loads `files`, expects exactly these diagnostics in this order and checks each.
#[track_caller]
pub fn expect_all(files: &[SourceFile], expected: &[Expect]) {
    let diags = errors(files);
    assert_eq!(diags.len(), expected.len(), "wrong number of diagnostics:\n{}", render(&diags));
    for (d, e) in diags.iter().zip(expected) {
        check(d, e);
    }
}
