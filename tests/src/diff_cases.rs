//! Fixture pairs for the spec diff: each case is the kitchen-sink fixture (`fixtures/kitchen_sink/`)
//! before and after a small edit, with the rule and semver level the diff must report. Breaking
//! cases that change the Rust API also carry a user program written against the old side, which
//! must stop compiling against the new side.

use codegen::SourceFile;
use std::path::Path;

/// One edit of a spec tree.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Replace the only occurrence of `find` in `file` by `with`.
    Replace {
        /// File relative to the spec root.
        file: &'static str,
        /// Text that must occur exactly once.
        find: &'static str,
        /// Its replacement.
        with: &'static str,
    },
    /// Add a new file.
    Add {
        /// File relative to the spec root.
        file: &'static str,
        /// Its text.
        text: &'static str,
    },
    /// Delete a file.
    Remove {
        /// File relative to the spec root.
        file: &'static str,
    },
}

/// A fixture pair and what the diff must say about it.
#[derive(Clone, Debug)]
pub struct Case {
    /// Short name, also the name of the user program.
    pub name: &'static str,
    /// The rule the diff must report.
    pub rule: &'static str,
    /// Its level: `major`, `minor` or `patch`.
    pub level: &'static str,
    /// Old side = fixture, new side = fixture with these edits.
    pub edits: Vec<Edit>,
    /// For a major change of the Rust API: a `main` body written against the old side that must
    /// fail to compile against the new side, and a word the compiler's error must mention.
    pub breaks: Option<(&'static str, &'static str)>,
}

/// The kitchen-sink fixture, as source files.
pub fn base() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kitchen_sink");
    codegen::fs::read_spec_dir(&dir).expect("fixture is readable")
}

/// Applies `edits` to `files`.
///
/// # Panics
/// When an edit does not apply exactly (the fixture has drifted from the cases).
pub fn apply(files: Vec<SourceFile>, edits: &[Edit]) -> Vec<SourceFile> {
    try_apply(files, edits).unwrap_or_else(|e| panic!("{e}"))
}

/// Applies `edits` to `files`, or says which edit does not apply.
///
/// # Errors
/// An edit whose text or file is not there (exactly once).
pub fn try_apply(mut files: Vec<SourceFile>, edits: &[Edit]) -> Result<Vec<SourceFile>, String> {
    for e in edits {
        match e {
            Edit::Replace { file, find, with } => {
                let f = files.iter_mut().find(|f| f.path == *file).ok_or_else(|| format!("no file {file}"))?;
                if f.text.matches(find).count() != 1 {
                    return Err(format!("`{find}` must occur once in {file}"));
                }
                f.text = f.text.replacen(find, with, 1);
            }
            Edit::Add { file, text } => files.push(SourceFile { path: file.to_string(), text: text.to_string() }),
            Edit::Remove { file } => {
                let before = files.len();
                files.retain(|f| f.path != *file);
                if files.len() == before {
                    return Err(format!("no file {file}"));
                }
            }
        }
    }
    Ok(files)
}

const PUT: &str = "widget_svc/put_widget.yaml";
const GADGET: &str = "gadget_svc/get_gadget.yaml";
const TYPES: &str = "shared/types.yaml";

fn replace(file: &'static str, find: &'static str, with: &'static str) -> Vec<Edit> {
    vec![Edit::Replace { file, find, with }]
}

fn case(name: &'static str, rule: &'static str, level: &'static str, edits: Vec<Edit>) -> Case {
    Case { name, rule, level, edits, breaks: None }
}

fn breaking(
    name: &'static str,
    rule: &'static str,
    edits: Vec<Edit>,
    program: &'static str,
    mentions: &'static str,
) -> Case {
    Case { name, rule, level: "major", edits, breaks: Some((program, mentions)) }
}

const NEW_ENDPOINT: &str = "path: widget_svc/list_widgets
title: List widgets
summary: Lists the stored widgets.
docs: https://example.com/docs/list_widgets
response:
  - wire: Ids
    type: array<string>
    required: true
    doc: IDs of the widgets.
";

/// Every rule, as a fixture pair.
pub fn cases() -> Vec<Case> {
    vec![
        // Endpoints.
        case(
            "endpoint_added",
            "endpoint-added",
            "minor",
            vec![Edit::Add { file: "widget_svc/list_widgets.yaml", text: NEW_ENDPOINT }],
        ),
        breaking(
            "endpoint_removed",
            "endpoint-removed",
            vec![Edit::Remove { file: GADGET }],
            "let _ = gadgets::GetGadgetRequest::new();",
            "GetGadgetRequest",
        ),
        breaking(
            "path_changed",
            "path-changed",
            vec![
                Edit::Remove { file: "widget_svc/ping.yaml" },
                Edit::Add {
                    file: "widget_svc/health.yaml",
                    text: "path: widget_svc/health\ntitle: Check the service\nsummary: Asks whether the service is up.\ndocs: https://example.com/docs/ping\n",
                },
            ],
            "let _ = widgets::PingServiceRequest::new();",
            "PingServiceRequest",
        ),
        // Request fields.
        case(
            "request_field_added_optional",
            "field-added-optional",
            "minor",
            replace(
                PUT,
                "request:\n",
                "request:\n  - wire: Extra\n    type: string\n    required: false\n    doc: Something new.\n",
            ),
        ),
        breaking(
            "request_field_added_required",
            "field-added-required",
            replace(
                PUT,
                "request:\n",
                "request:\n  - wire: Owner\n    type: string\n    required: true\n    doc: Who owns it.\n",
            ),
            "let _ = widgets::PutWidgetRequest::new(\"w\", \"round\", [widgets::Part::new(\"axle\")]);",
            "arguments",
        ),
        breaking(
            "request_field_removed",
            "field-removed",
            replace(PUT, "  - wire: Weight\n    type: number\n    required: false\n    doc: Weight in grams.\n", ""),
            "let _ = widgets::PutWidgetRequest::new(\"w\", \"round\", []).with_weight(1.5);",
            "with_weight",
        ),
        breaking(
            "request_field_now_required",
            "field-now-required",
            replace(
                TYPES,
                "        type: Color\n        required: false\n        doc: Its color.",
                "        type: Color\n        required: true\n        doc: Its color.",
            ),
            "let _ = shared::Label::new(\"text\");",
            "arguments",
        ),
        breaking(
            "request_field_now_optional",
            "field-now-optional",
            replace(
                PUT,
                "        type: string\n        required: true\n        doc: Name of the part.\n        limits",
                "        type: string\n        required: false\n        doc: Name of the part.\n        limits",
            ),
            "let _ = widgets::Part::new(\"axle\");",
            "argument",
        ),
        breaking(
            "request_field_type_changed",
            "field-type-changed",
            replace(
                PUT,
                "    type: bool\n    required: false\n    doc: Whether others can see it.",
                "    type: string\n    required: false\n    doc: Whether others can see it.",
            ),
            "let _ = widgets::PutWidgetRequest::new(\"w\", \"round\", []).with_visible(true);",
            "From<bool>",
        ),
        case(
            "request_field_wire_name_changed",
            "wire-name-changed",
            "major",
            replace(PUT, "  - wire: Widget_Id\n", "  - wire: WidgetId\n"),
        ),
        breaking(
            "request_field_rust_name_changed",
            "rust-name-changed",
            replace(PUT, "  - wire: Main_Label\n", "  - wire: Main_Label\n    rust: headline\n"),
            "let _ = widgets::PutWidgetRequest::new(\"w\", \"round\", []).with_main_label(shared::Label::new(\"x\"));",
            "with_main_label",
        ),
        // Reply fields.
        case(
            "response_field_added",
            "field-added",
            "minor",
            replace(
                PUT,
                "response:\n",
                "response:\n  - wire: Note\n    type: string\n    required: false\n    doc: A remark.\n",
            ),
        ),
        case(
            "reply_type_field_added_required",
            "field-added",
            "minor",
            replace(
                PUT,
                "        doc: Sequence number the service gave it.\n",
                "        doc: Sequence number the service gave it.\n      - wire: Size\n        type: integer\n        required: true\n        doc: Its size.\n",
            ),
        ),
        breaking(
            "response_field_removed",
            "field-removed",
            replace(
                PUT,
                "  - wire: Version\n    type: integer\n    required: false\n    doc: Version after storing.\n",
                "",
            ),
            "fn read(r: &widgets::PutWidgetResponse) -> Option<i64> { r.version } let _ = read;",
            "version",
        ),
        breaking(
            "response_field_type_changed",
            "field-type-changed",
            replace(PUT, "      - wire: Seq\n        type: integer", "      - wire: Seq\n        type: string"),
            "fn seq(r: &widgets::StoredPart) -> i64 { r.seq } let _ = seq;",
            "mismatched types",
        ),
        breaking(
            "response_field_now_optional",
            "field-now-optional",
            replace(GADGET, "    type: Priority\n    required: true", "    type: Priority\n    required: false"),
            "fn p(r: &gadgets::GetGadgetResponse) -> shared::Priority { r.priority.clone() } let _ = p;",
            "mismatched types",
        ),
        breaking(
            "response_field_now_always_present",
            "field-now-always-present",
            replace(GADGET, "    type: Label\n    required: false", "    type: Label\n    required: true"),
            "fn l(r: &gadgets::GetGadgetResponse) -> Option<shared::Label> { r.label.clone() } let _ = l;",
            "mismatched types",
        ),
        // Enums.
        case(
            "enum_value_added_request",
            "enum-value-added",
            "minor",
            replace(
                TYPES,
                "      - wire: DARK_BLUE\n",
                "      - wire: green\n        doc: Green.\n      - wire: DARK_BLUE\n",
            ),
        ),
        case(
            "enum_value_added_response",
            "enum-value-added",
            "minor",
            replace(
                TYPES,
                "      - wire: 10\n",
                "      - wire: 20\n        rust: Critical\n        doc: Above urgent.\n      - wire: 10\n",
            ),
        ),
        breaking(
            "enum_value_removed",
            "enum-value-removed",
            replace(TYPES, "      - wire: red\n        doc: Red.\n", ""),
            "let _ = shared::Color::Red;",
            "Red",
        ),
        // Limits, frequency, edition.
        case(
            "limit_tightened",
            "limit-tightened",
            "major",
            replace(PUT, "limits: {max_bytes: 64}", "limits: {max_bytes: 32}"),
        ),
        case(
            "limit_added",
            "limit-tightened",
            "major",
            replace(
                PUT,
                "    doc: A matrix of numbers.\n",
                "    doc: A matrix of numbers.\n    limits: {max_items: 10}\n",
            ),
        ),
        case(
            "range_narrowed",
            "limit-tightened",
            "major",
            replace(PUT, "limits: {min: 1, max: 1000}", "limits: {min: 1, max: 100}"),
        ),
        case(
            "limit_loosened",
            "limit-loosened",
            "minor",
            replace(PUT, "limits: {min_items: 1, max_items: 50}", "limits: {max_items: 100}"),
        ),
        case(
            "rate_limit_changed",
            "rate-limit-changed",
            "patch",
            replace(PUT, "rate_limit: {calls: 20, per: second}", "rate_limit: {calls: 10, per: second}"),
        ),
        case("edition_added", "edition-added", "major", replace(GADGET, "rate_limit:", "edition: pro\nrate_limit:")),
        case("edition_dropped", "edition-dropped", "minor", replace(PUT, "edition: premium\n", "")),
        case("edition_raised", "edition-raised", "major", replace(PUT, "edition: premium\n", "edition: enterprise\n")),
        // Error codes.
        case(
            "error_added",
            "error-added",
            "minor",
            replace(
                PUT,
                "  codes:\n",
                "  codes:\n    - code: 1011\n      name: too_wide\n      meaning: The widget is too wide.\n      retriable: false\n",
            ),
        ),
        breaking(
            "error_removed",
            "error-removed",
            replace(
                PUT,
                "    - code: 1010\n      name: too_heavy\n      meaning: The widget weighs too much.\n      retriable: false\n",
                "",
            ),
            "fn heavy(e: &widgets::PutWidgetError) -> bool { matches!(e, widgets::PutWidgetError::TooHeavy(_)) } let _ = heavy;",
            "TooHeavy",
        ),
        case(
            "error_retriable_changed",
            "error-retriable-changed",
            "minor",
            replace(
                PUT,
                "      meaning: The widget weighs too much.\n      retriable: false",
                "      meaning: The widget weighs too much.\n      retriable: true",
            ),
        ),
        case(
            "error_reworded",
            "error-reworded",
            "patch",
            replace(PUT, "meaning: The widget weighs too much.", "meaning: The widget is heavier than allowed."),
        ),
        case(
            "error_added_to_shared_table",
            "error-added",
            "minor",
            replace(
                "shared/errors.yaml",
                "      - code: 1002\n",
                "      - code: 1003\n        name: widget_locked\n        meaning: The widget is locked.\n        retriable: false\n      - code: 1002\n",
            ),
        ),
        // Documentation and metadata.
        case(
            "webhook_added",
            "webhooks-changed",
            "patch",
            replace(
                PUT,
                "webhooks:\n",
                "webhooks:\n  - name: Widget.CallbackAfterCheck\n    summary: Sent after a check.\n",
            ),
        ),
        case(
            "summary_reworded",
            "docs-changed",
            "patch",
            replace(PUT, "Every kind of field appears here once.", "Every kind of field is used once."),
        ),
        case(
            "docs_url_changed",
            "docs-changed",
            "patch",
            replace(PUT, "https://example.com/docs/put_widget", "https://example.com/docs/v2/put_widget"),
        ),
        case(
            "field_doc_reworded",
            "docs-changed",
            "patch",
            replace(PUT, "doc: Free-form tags.", "doc: Tags of any kind."),
        ),
        // Shared definitions.
        case(
            "type_added",
            "type-added",
            "minor",
            replace(
                TYPES,
                "types:\n",
                "types:\n  Shape:\n    doc: A shape.\n    enum: string\n    values:\n      - wire: round\n        doc: Round.\n",
            ),
        ),
        case(
            "region_added",
            "region-added",
            "minor",
            replace(
                "shared/regions.yaml",
                "regions:\n",
                "regions:\n  - name: moon\n    host: moon.example.com\n    doc: The moon.\n",
            ),
        ),
        breaking(
            "region_removed",
            "region-removed",
            replace(
                "shared/regions.yaml",
                "  - name: far_away\n    host: far.example.com\n    doc: Another one, with a two-word name.\n",
                "",
            ),
            "let _ = shared::Region::FarAway;",
            "FarAway",
        ),
    ]
}

/// A user program written against the old side of the fixture: it touches every part of the API
/// that a minor or patch change may affect, and must compile against both sides of those cases.
pub const COMPAT_PROGRAM: &str = r#"
    let part = widgets::Part::new("axle").with_labels([shared::Label::new("new").with_color(shared::Color::Red)]).with_color(shared::Color::DarkBlue);
    let request = widgets::PutWidgetRequest::new("w1", "round", [part])
        .with_grid([vec![1, 2]])
        .with_tags(["a"])
        .with_weight(1.5)
        .with_count(3)
        .with_visible(true)
        .with_app_data(serde_json::json!({"k": 1}))
        .with_priority(shared::Priority::Urgent)
        .with_main_label(shared::Label::new("x"));
    let _ = <widgets::PutWidgetRequest as chat_api::runtime::Endpoint>::check_limits(&request);
    let _ = gadgets::GetGadgetRequest::new().with_id("g").with_colors([shared::Color::Red]);
    fn reply(r: &widgets::PutWidgetResponse) -> (usize, Option<i64>, String, i64) {
        (r.stored.len(), r.version, r.stored[0].name.clone(), r.stored[0].seq)
    }
    fn gadget(r: &gadgets::GetGadgetResponse) -> (Option<shared::Label>, shared::Priority) {
        (r.label.clone(), r.priority.clone())
    }
    fn error(e: &widgets::PutWidgetError) -> (&'static str, i64, bool) {
        let name = match e {
            widgets::PutWidgetError::InternalError(_) => "internal",
            widgets::PutWidgetError::NoSuchWidget(_) => "missing",
            widgets::PutWidgetError::TooHeavy(_) => "heavy",
            widgets::PutWidgetError::NegativeCode(_) => "negative",
            widgets::PutWidgetError::Common(shared::CommonError::SignatureExpired(_)) => "expired",
            widgets::PutWidgetError::Common(_) => "common",
            widgets::PutWidgetError::Unknown(_) => "unknown",
            _ => "later",
        };
        (name, e.code(), e.is_retriable())
    }
    fn color(c: &shared::Color) -> &str {
        match c {
            shared::Color::Red => "red",
            shared::Color::DarkBlue => "blue",
            shared::Color::Unknown(raw) => raw,
            _ => "later",
        }
    }
    fn priority(p: &shared::Priority) -> i64 {
        match p {
            shared::Priority::Low | shared::Priority::Normal | shared::Priority::Urgent => p.as_i64(),
            _ => 0,
        }
    }
    async fn calls(client: &chat_api::Client, request: widgets::PutWidgetRequest) {
        let api = widgets::WidgetsApi::new(client);
        let _ = api.put_widget(request).await;
        let _ = api.ping_service(widgets::PingServiceRequest::new()).await;
        let _ = gadgets::GadgetsApi::new(client).get_gadget(gadgets::GetGadgetRequest::default()).await;
    }
    let _ = (reply, gadget, error, color, priority, calls);
    let _ = (shared::Region::Local.host(), shared::Region::FarAway.name(), shared::Region::ALL.len());
    let _ = (<widgets::PutWidgetRequest as chat_api::runtime::Endpoint>::PATH, request);
"#;
