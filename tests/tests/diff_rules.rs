//! Every diff rule on its fixture pair: the change is reported with the expected rule and level, and
//! nothing above that level is reported alongside it. Also: a spec against itself, or against a copy
//! with keys, fields and files reordered, has no changes.

use chat_api_tests::diff_cases::{Edit, apply, base, cases};
use codegen::diff::{Level, diff};

fn load(files: &[codegen::SourceFile]) -> codegen::model::Spec {
    codegen::load(files).unwrap_or_else(|d| panic!("does not load: {d:#?}"))
}

#[test]
fn every_rule_is_reported_with_its_level() {
    let old = load(&base());
    for case in cases() {
        let new = load(&apply(base(), &case.edits));
        let report = diff(&old, &new);
        let level = Level::parse(case.level).unwrap();
        assert!(
            report.changes.iter().any(|c| c.rule == case.rule && c.level == level),
            "{}: expected {} `{}`, got {report:#?}",
            case.name,
            case.level,
            case.rule
        );
        assert_eq!(report.level(), Some(level), "{}: overall level, got {report:#?}", case.name);
        // The reverse edit is reported too (an addition reverses into a removal and so on).
        assert!(!diff(&new, &old).is_empty(), "{}: reverse", case.name);
    }
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    let spec = load(&base());
    assert!(diff(&spec, &spec).is_empty());
    let real = codegen::fs::read_spec_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let real = load(&real);
    assert!(diff(&real, &real).is_empty());
}

#[test]
fn reordering_keys_fields_types_and_files_is_no_change() {
    let old = load(&base());
    let mut files = base();
    files.reverse();
    for f in &mut files {
        if f.path == "widget_svc/put_widget.yaml" {
            // Keys of the endpoint in another order: move `title` and `docs` to the end.
            let title = "title: Store a widget\n";
            let docs = "docs: https://example.com/docs/put_widget\n";
            f.text = format!("{}{title}{docs}", f.text.replacen(title, "", 1).replacen(docs, "", 1));
            // Two types swapped: the model sorts them.
            let part_at = f.text.find("  Part:\n").unwrap();
            let stored_at = f.text.find("  StoredPart:\n").unwrap();
            let errors_at = f.text.find("errors:\n").unwrap();
            let part = f.text[part_at..stored_at].to_string();
            let stored = f.text[stored_at..errors_at].to_string();
            f.text = format!("{}{stored}{part}{}", &f.text[..part_at], &f.text[errors_at..]);
        }
        if f.path == "shared/errors.yaml" {
            // Codes of a table in another order.
            let a = "      - code: 1001\n        name: internal_error\n        meaning: Internal error; send again.\n        retriable: true\n";
            assert!(f.text.contains(a));
            f.text = f
                .text
                .replacen(a, "", 1)
                .replace("        retriable: false\n", &format!("        retriable: false\n{a}"));
        }
    }
    let new = load(&files);
    let report = diff(&old, &new);
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn field_order_is_not_a_change_but_field_content_is() {
    let old = load(&base());
    let swapped = apply(
        base(),
        &[Edit::Replace {
            file: "gadget_svc/get_gadget.yaml",
            find: "  - wire: Id\n    type: string\n    required: false\n    doc: ID of the gadget; the newest when absent.\n  - wire: Colors\n    type: array<Color>\n    required: false\n    doc: Only gadgets of these colors.\n",
            with: "  - wire: Colors\n    type: array<Color>\n    required: false\n    doc: Only gadgets of these colors.\n  - wire: Id\n    type: string\n    required: false\n    doc: ID of the gadget; the newest when absent.\n",
        }],
    );
    assert!(diff(&old, &load(&swapped)).is_empty());
}

#[test]
fn moving_a_type_into_a_service_shared_file_is_no_change() {
    let old = load(&base());
    let moved = apply(
        base(),
        &[
            Edit::Replace {
                file: "widget_svc/_widgets.yaml",
                find: "types:\n",
                with: "types:\n  StoredPart:\n    doc: A part as the service stored it.\n    fields:\n      - wire: Name\n        type: string\n        required: true\n        doc: Name of the part.\n      - wire: Seq\n        type: integer\n        required: true\n        doc: Sequence number the service gave it.\n",
            },
            Edit::Replace {
                file: "widget_svc/put_widget.yaml",
                find: "  StoredPart:\n    doc: A part as the service stored it.\n    fields:\n      - wire: Name\n        type: string\n        required: true\n        doc: Name of the part.\n      - wire: Seq\n        type: integer\n        required: true\n        doc: Sequence number the service gave it.\n",
                with: "",
            },
        ],
    );
    let report = diff(&old, &load(&moved));
    assert!(report.is_empty(), "{report:#?}");
}
