//! Names that would break the generated crate are refused with a position and a hint: a spec type
//! that shadows a name generated code uses unqualified, and an enum value named `Self`. (The
//! names the loader accepts are generated and compiled by the test crate's `fixtures/prelude_names/`.)

mod common;

use common::*;

/// `shared/types.yaml` of the minimal spec with one more struct type named `name`.
fn with_type(name: &str) -> String {
    format!(
        "{MIN_TYPES}  {name}:\n    doc: A type.\n    fields:\n      - wire: A\n        type: string\n        required: true\n        doc: A field.\n"
    )
}

#[test]
fn type_names_that_shadow_what_generated_code_uses_are_refused() {
    let line = MIN_TYPES.lines().count() + 1;
    for name in ["Result", "Option", "String", "Vec", "Box", "Client", "Error", "Some", "Ok", "D", "Item", "Value"] {
        expect_one(
            &minimal_with(TYPES, &with_type(name)),
            &Expect {
                file: TYPES,
                line,
                column: 3,
                message: &format!("type name `{name}` would shadow the `{name}` that generated code relies on"),
                hint: &format!("rename the type, e.g. `{name}Info`"),
            },
        );
    }
    // Only the exact names: longer ones are fine.
    assert!(codegen::load(&minimal_with(TYPES, &with_type("ResultItem"))).is_ok());
}

#[test]
fn an_endpoint_type_that_shadows_is_refused_too() {
    let text = format!(
        "{MIN_DESTROY}types:\n  Option:\n    doc: A type.\n    fields:\n      - wire: A\n        type: string\n        required: true\n        doc: A field.\n"
    );
    let line = MIN_DESTROY.lines().count() + 2;
    expect_one(
        &minimal_with(DESTROY, &text),
        &Expect { file: DESTROY, line, column: 3, message: "type name `Option` would shadow", hint: "rename the type" },
    );
}

#[test]
fn an_enum_value_named_self_has_a_position() {
    let text = "types:\n  GroupType:\n    doc: The kind of a group.\n    enum: string\n    values:\n      - wire: Private\n        doc: Work group.\n      - wire: Public\n        rust: Self\n        doc: Public group.\n      - wire: AVChatRoom\n        doc: Live-streaming group.\n";
    expect_one(
        &minimal_with(TYPES, text),
        &Expect {
            file: TYPES,
            line: 9,
            column: 15,
            message: "value `Public` has a Rust keyword (`Self`)",
            hint: "add `rust: <UpperCamelName>`",
        },
    );
    // Derived from the wire value, too.
    let derived = text
        .replace("        rust: Self\n", "")
        .replace("      - wire: AVChatRoom", "      - wire: Self\n        doc: Oneself.\n      - wire: AVChatRoom");
    let d = only_error(&minimal_with(TYPES, &derived));
    assert_eq!((d.pos.line, d.pos.column), (10, 15), "{d}");
    assert!(d.message.contains("Rust keyword"), "{d}");
}
