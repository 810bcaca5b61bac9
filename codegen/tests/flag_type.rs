//! The `flag` type (the API's 0/1 switches: `bool` in Rust, 0/1 on the wire) and setter names.

mod common;

use common::{Expect, MIN_SNS, SNS, expect_one, minimal_with};

/// MIN_SNS with extra request fields after `GroupName`.
fn sns_with(extra: &str) -> String {
    MIN_SNS.replacen("response:", &format!("{extra}response:"), 1)
}

fn generated_sns(extra: &str) -> String {
    let spec = codegen::load(&minimal_with(SNS, &sns_with(extra))).unwrap_or_else(|d| panic!("{}", common::render(&d)));
    let files = codegen::generate(&spec).unwrap();
    files.into_iter().find(|f| f.path.ends_with("/sns.rs")).unwrap().contents
}

// Raw, so that the first line keeps its indentation.
const FLAGS: &str = r#"  - wire: Force
    type: flag
    required: true
    doc: Whether to delete lists that still hold friends.
  - wire: Notify
    type: flag
    required: false
    doc: Whether to tell the devices of the account.
  - wire: WithMembers
    type: flag
    required: false
    doc: Whether the reply lists the members.
"#;

#[test]
fn a_flag_is_bool_in_rust_and_0_or_1_on_the_wire() {
    let code = generated_sns(FLAGS);
    let squashed: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squashed.contains(r#"#[serde(rename = "Force", with = "::chat_api::runtime::flag")] pub force: bool,"#),
        "{code}"
    );
    assert!(
        squashed.contains(r#"with = "::chat_api::runtime::flag::option" )] pub notify: Option<bool>,"#)
            || squashed.contains(r#"with = "::chat_api::runtime::flag::option")] pub notify: Option<bool>,"#),
        "{code}"
    );
    assert!(squashed.contains("force: bool, ) -> Self"), "the constructor takes a bool: {code}");
    assert!(squashed.contains("pub fn with_notify(mut self, value: bool) -> Self"), "{code}");
    assert!(code.contains("`true` is sent as 1"), "the setter says how it is sent: {code}");
}

#[test]
fn a_field_named_with_something_gets_no_with_with_setter() {
    let code = generated_sns(FLAGS);
    assert!(code.contains("pub fn with_members(mut self, value: bool) -> Self"), "{code}");
    assert!(!code.contains("with_with_"), "{code}");
}

#[test]
fn a_flag_inside_an_array_is_an_error_with_a_hint() {
    let extra = "  - wire: Switches\n    type: array<flag>\n    required: false\n    doc: Several switches.\n";
    let text = sns_with(extra);
    let line = text.lines().position(|l| l.contains("array<flag>")).unwrap() + 1;
    expect_one(
        &minimal_with(SNS, &text),
        &Expect { file: SNS, line, column: 17, message: "`flag` inside an array or map", hint: "array<integer>" },
    );
}

#[test]
fn limits_on_a_flag_are_refused() {
    let extra =
        "  - wire: Notify\n    type: flag\n    required: false\n    doc: A switch.\n    limits: {min: 0, max: 1}\n";
    let diags = common::errors(&minimal_with(SNS, &sns_with(extra)));
    assert!(common::render(&diags).contains("min/max to integers"), "{}", common::render(&diags));
}
