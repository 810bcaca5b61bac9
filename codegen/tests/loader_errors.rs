//! One test per kind of spec mistake: each asserts where the loader points (file, line, column),
//! what it says, and that the hint tells what to write instead.
//!
//! Every test starts from the minimal valid spec of `common` and replaces one file, written out in
//! full so that the expected line and column can be read off the text.

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// Specs that load.

#[test]
fn minimal_spec_loads() {
    if let Err(diags) = codegen::load(&minimal()) {
        panic!("the minimal spec does not load:\n{}", render(&diags));
    }
}

#[test]
fn real_spec_loads() {
    let files = real_spec();
    assert!(files.iter().any(|f| f.path == "shared/errors.yaml"), "the real spec was not found");
    match codegen::load(&files) {
        Ok(spec) => {
            let endpoint_files = files.iter().filter(|f| {
                !f.path.starts_with("shared/")
                    && !f.path.starts_with("webhooks/")
                    && !f.path.rsplit('/').next().unwrap_or("").starts_with('_')
            });
            assert_eq!(spec.endpoints.len(), endpoint_files.count(), "one endpoint per endpoint file");
        }
        Err(diags) => panic!("the real spec does not load:\n{}", render(&diags)),
    }
}

#[test]
fn file_order_does_not_matter() {
    let mut files = minimal();
    files.reverse();
    assert!(codegen::load(&files).is_ok());
}

// ---------------------------------------------------------------------------------------------
// YAML itself.

#[test]
fn yaml_syntax_error() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands: a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 3,
            column: 18,
            message: "YAML syntax error: mapping values are not allowed",
            hint: "quoting",
        },
    );
}

#[test]
fn top_level_not_a_mapping() {
    let text = "- path: group_open_http_svc/destroy_group\n  title: Disband a group\n";
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 1,
            column: 1,
            message: "must be a YAML mapping",
            hint: "start the file with `path: <service>/<command>`",
        },
    );
}

#[test]
fn top_level_not_a_mapping_in_shared_file() {
    let text = "- wire: sns\n  module: sns\n  title: Relationship chain\n  doc: Friends.\n";
    let diags = errors(&minimal_with(SERVICES, text));
    let d = diags.iter().find(|d| d.pos.file == SERVICES).expect("a diagnostic in shared/services.yaml").clone();
    check(&d, &Expect { file: SERVICES, line: 1, column: 1, message: "must be a YAML mapping", hint: "services:" });
    assert!(!d.hint.unwrap_or_default().contains("path:"), "an endpoint hint for a shared file");
}

#[test]
fn duplicate_key() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
title: Disband
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 4,
            column: 1,
            message: "key `title` appears twice in this mapping (first at line 2)",
            hint: "keep one",
        },
    );
}

#[test]
fn anchor_and_alias() {
    let text = r#"path: group_open_http_svc/destroy_group
title: &title Disband a group
summary: *title
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 2,
            column: 8,
            message: "anchors and aliases are not supported",
            hint: "write the value out",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Keys.

#[test]
fn unknown_key_with_suggestion() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    requird: true
    doc: ID of the group to disband.
"#;
    // The misspelt key is reported, and so is the key it was meant to be (on the field's line; its
    // column is checked by `missing_field_type`).
    let diags = errors(&minimal_with(DESTROY, text));
    assert_eq!(diags.len(), 2, "{}", render(&diags));
    assert_eq!((diags[0].pos.file.as_str(), diags[0].pos.line), (DESTROY, 6), "{}", render(&diags));
    assert!(diags[0].message.contains("a field is missing the required key `required`"), "{}", render(&diags));
    check(
        &diags[1],
        &Expect {
            file: DESTROY,
            line: 8,
            column: 5,
            message: "unknown key `requird` in a field",
            hint: "did you mean `required`?",
        },
    );
}

#[test]
fn unknown_key_without_close_match() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    required: true
    doc: ID of the group to disband.
    description: The group.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 10,
            column: 5,
            message: "unknown key `description` in a field",
            hint: "allowed keys in a field: wire, rust, type, required, doc, limits",
        },
    );
}

#[test]
fn missing_field_type() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    required: true
    doc: ID of the group to disband.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 6,
            column: 5,
            message: "a field is missing the required key `type`",
            hint: "add `type: string`",
        },
    );
}

#[test]
fn missing_endpoint_summary() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 1,
            column: 1,
            message: "an endpoint is missing the required key `summary`",
            hint: "add `summary: ",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Values of the wrong kind.

#[test]
fn string_where_bool_belongs() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    required: "yes"
    doc: ID of the group to disband.
  - wire: Reason
    type: string
    required: "true"
    doc: Why.
"#;
    expect_all(
        &minimal_with(DESTROY, text),
        &[
            Expect {
                file: DESTROY,
                line: 8,
                column: 15,
                message: "required must be `true` or `false`, found the quoted text \"yes\"",
                hint: "write required as `true` or `false`",
            },
            Expect {
                file: DESTROY,
                line: 12,
                column: 15,
                message: "required must be `true` or `false`, found the quoted text \"true\"",
                hint: "write required as `true` or `false`",
            },
        ],
    );
}

#[test]
fn list_where_text_belongs() {
    let text = r#"path: group_open_http_svc/destroy_group
title: [Disband, a group]
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 2,
            column: 8,
            message: "title must be text, found a list",
            hint: "write title as text",
        },
    );
}

#[test]
fn quoted_number_for_code() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
errors:
  codes:
    - code: "10010"
      name: group_not_found
      meaning: The group does not exist.
      retriable: false
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 7,
            column: 13,
            message: "code must be a whole number, found the quoted text \"10010\"",
            hint: "write code as a whole number",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Empty lists and tables: write nothing instead.

#[test]
fn empty_lists() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request: []
errors:
  tables: [group]
  codes: []
"#;
    expect_all(
        &minimal_with(DESTROY, text),
        &[
            Expect {
                file: DESTROY,
                line: 5,
                column: 10,
                message: "request is an empty list",
                hint: "remove `request` when there is nothing to list",
            },
            Expect {
                file: DESTROY,
                line: 8,
                column: 10,
                message: "codes is an empty list",
                hint: "remove `codes` when there is nothing to list",
            },
        ],
    );
}

#[test]
fn empty_tables() {
    let text = r#"path: sns/group_delete
title: Delete friend lists
summary: Deletes friend lists of one account.
docs: https://www.tencentcloud.com/document/product/1047/34926
request:
  - wire: GroupName
    type: array<string>
    required: true
    doc: Names of the lists to delete.
    limits: {}
types: {}
"#;
    expect_all(
        &minimal_with(SNS, text),
        &[
            Expect {
                file: SNS,
                line: 10,
                column: 13,
                message: "the limits of field `GroupName` are empty",
                hint: "remove `limits` or write e.g. `limits: {max_items: 32}`",
            },
            Expect {
                file: SNS,
                line: 11,
                column: 8,
                message: "types is empty",
                hint: "remove `types` when there is nothing to define",
            },
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Error codes.

#[test]
fn duplicate_code_within_endpoint() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
errors:
  codes:
    - code: 10010
      name: group_not_found
      meaning: The group does not exist.
      retriable: false
    - code: 10010
      name: group_gone
      meaning: The group was disbanded.
      retriable: false
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 11,
            column: 13,
            message: "error code 10010 is listed twice in this endpoint \
                      (also in group_open_http_svc/destroy_group.yaml line 7)",
            hint: "keep one entry",
        },
    );
}

#[test]
fn duplicate_code_in_endpoint_and_its_table() {
    // Code 10004 is in the shared table `group` (shared/errors.yaml line 20).
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
errors:
  tables: [group]
  codes:
    - code: 10004
      name: bad_group_id
      meaning: The group ID is not valid.
      retriable: false
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 8,
            column: 13,
            message: "error code 10004 is listed twice in this endpoint (also in table `group`)",
            hint: "keep one entry",
        },
    );
}

#[test]
fn duplicate_code_in_shared_table_and_common() {
    // Table `group` repeats 60002 of the common table (line 4).
    let text = MIN_ERRORS.replace("      - code: 10004\n", "      - code: 60002\n");
    expect_one(
        &minimal_with(ERRORS, &text),
        &Expect { file: ERRORS, line: 20, column: 15, message: "60002", hint: "remove it from" },
    );
}

#[test]
fn non_snake_error_name() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
errors:
  codes:
    - code: 10010
      name: GroupNotFound
      meaning: The group does not exist.
      retriable: false
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 8,
            column: 13,
            message: "error name `GroupNotFound` is not snake_case",
            hint: "write `name: group_not_found`",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Names that collide once converted to Rust.

#[test]
fn field_names_collide_in_rust() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    required: true
    doc: ID of the group to disband.
  - wire: Group_Id
    type: string
    required: false
    doc: The same, as older pages spell it.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 10,
            column: 11,
            message: "fields `GroupId` (line 6) and `Group_Id` of the request both become `group_id` in Rust",
            hint: "add `rust: <other_name>` to `Group_Id`",
        },
    );
}

#[test]
fn error_names_collide_in_rust() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
errors:
  codes:
    - code: 10010
      name: group_gone
      meaning: The group does not exist.
      retriable: false
    - code: 10011
      name: group_gone
      meaning: The group was disbanded.
      retriable: false
    - code: 10012
      name: group_gone2
      meaning: The group was disbanded twice.
      retriable: false
    - code: 10013
      name: group_gone_2
      meaning: The group was disbanded twice, again.
      retriable: false
"#;
    expect_all(
        &minimal_with(DESTROY, text),
        &[
            Expect {
                file: DESTROY,
                line: 12,
                column: 13,
                message: "error name `group_gone` becomes variant `GroupGone`, \
                          which this endpoint already has (code 10010)",
                hint: "give the code a name that says what is different about it",
            },
            Expect {
                file: DESTROY,
                line: 20,
                column: 13,
                message: "error name `group_gone_2` becomes variant `GroupGone2`, \
                          which this endpoint already has (code 10012)",
                hint: "give the code a name that says what is different about it",
            },
        ],
    );
}

#[test]
fn enum_values_collide_in_rust() {
    let text = r#"types:
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
      - wire: AvChatRoom
        doc: The same, as one page spells it.
"#;
    expect_one(
        &minimal_with(TYPES, text),
        &Expect {
            file: TYPES,
            line: 12,
            column: 15,
            message: "value `AvChatRoom` becomes variant `AvChatRoom`, which is taken (line 10)",
            hint: "add `rust: <OtherName>` to one of them",
        },
    );
}

#[test]
fn rust_keyword_as_field_name() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: Type
    type: GroupType
    required: true
    doc: Kind of the group.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 6,
            column: 11,
            message: "field `Type` becomes `type` in Rust, which is a keyword",
            hint: "add `rust: kind`",
        },
    );
}

#[test]
fn invalid_rust_override() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    rust: GroupID
    type: string
    required: true
    doc: ID of the group to disband.
  - wire: Kind
    rust: type
    type: GroupType
    required: true
    doc: Kind of the group.
"#;
    expect_all(
        &minimal_with(DESTROY, text),
        &[
            Expect {
                file: DESTROY,
                line: 7,
                column: 11,
                message: "`rust: GroupID` is not a snake_case Rust name",
                hint: "write e.g. `rust: group_id`",
            },
            Expect {
                file: DESTROY,
                line: 12,
                column: 11,
                message: "`rust: type` is a Rust keyword",
                hint: "write e.g. `rust: kind`",
            },
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// References to shared definitions.

#[test]
fn unknown_error_table() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
errors:
  tables: [gruop]
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 6,
            column: 12,
            message: "unknown error table `gruop`",
            hint: "did you mean `group`?",
        },
    );
}

#[test]
fn unknown_type_name() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: Kinds
    type: array<GroupTyp>
    required: true
    doc: Kinds of group.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 7,
            column: 17,
            message: "unknown type `GroupTyp`",
            hint: "did you mean `GroupType`?",
        },
    );
}

#[test]
fn unknown_group_type() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
group_types: [Private, Pubic]
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 5,
            column: 24,
            message: "unknown group type `Pubic`",
            hint: "did you mean `Public`?",
        },
    );
}

#[test]
fn unknown_service_in_path() {
    let text = r#"path: group_open_http/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    let file = "group_open_http/destroy_group.yaml";
    expect_one(
        &with(without(minimal(), DESTROY), file, text),
        &Expect {
            file,
            line: 1,
            column: 7,
            message: "unknown service `group_open_http`",
            hint: "did you mean `group_open_http_svc`?",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Paths.

#[test]
fn file_location_does_not_match_path() {
    let text = r#"path: group_open_http_svc/create_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 1,
            column: 7,
            message: "path `group_open_http_svc/create_group` belongs in `group_open_http_svc/create_group.yaml`, \
                      not `group_open_http_svc/destroy_group.yaml`",
            hint: "move the file to spec/group_open_http_svc/create_group.yaml, or correct `path`",
        },
    );
}

#[test]
fn bad_path_format() {
    let text = r#"path: v4/group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 1,
            column: 7,
            message: "path `v4/group_open_http_svc/destroy_group` is not `<service>/<command>`",
            hint: "write e.g. `path: group_open_http_svc/destroy_group` (without `v4/`)",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Limits.

#[test]
fn limit_not_applicable_to_type() {
    let text = r#"path: sns/group_delete
title: Delete friend lists
summary: Deletes friend lists of one account.
docs: https://www.tencentcloud.com/document/product/1047/34926
request:
  - wire: GroupName
    type: array<string>
    required: true
    doc: Names of the lists to delete.
    limits: {max_items: 32, max_bytes: 64}
"#;
    expect_one(
        &minimal_with(SNS, text),
        &Expect {
            file: SNS,
            line: 10,
            column: 29,
            message: "limit `max_bytes` does not apply to field `GroupName` of type array<string>",
            hint: "write `item_max_bytes`",
        },
    );
}

#[test]
fn limit_min_above_max() {
    let text = r#"path: sns/group_delete
title: Delete friend lists
summary: Deletes friend lists of one account.
docs: https://www.tencentcloud.com/document/product/1047/34926
request:
  - wire: StartIndex
    type: integer
    required: false
    doc: Where to start.
    limits: {min: 10, max: 5}
"#;
    // Reported at the first limit's key, the `min`.
    expect_one(
        &minimal_with(SNS, text),
        &Expect {
            file: SNS,
            line: 10,
            column: 14,
            message: "field `StartIndex` has min 10 above max 5",
            hint: "check min and max",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Other values checked for meaning.

#[test]
fn invalid_examples_json() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
examples:
  request: '{"GroupId": }'
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 6,
            column: 12,
            message: "examples.request is not valid JSON (line 1, column 13 of the sample",
            hint: "fix the JSON",
        },
    );
}

#[test]
fn bad_docs_url() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: http://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 4,
            column: 7,
            message: "`http://www.tencentcloud.com/document/product/1047/34896` is not an https URL",
            hint: "starting with https://",
        },
    );
}

#[test]
fn erratum_at_missing_field() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    required: true
    doc: ID of the group to disband.
errata:
  - at: request.GroupID
    vendor: The ID of the Group whose messages will be modified
    fix: Copied from another page.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 11,
            column: 9,
            message: "erratum points at `request.GroupID`, which this endpoint does not have",
            hint: "write `request.<Field>`",
        },
    );
}

#[test]
fn recursive_struct_type() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
response:
  - wire: Root
    type: Member
    required: true
    doc: The first member.
types:
  Member:
    doc: A member and the next one.
    fields:
      - wire: Next
        type: Member
        required: false
        doc: The next member.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 11,
            column: 3,
            message: "type `Member` contains itself (through field `Next` of `Member`)",
            hint: "make one field on the loop an `array<...>`",
        },
    );
}

#[test]
fn unknown_edition() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
edition: premum
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 5,
            column: 10,
            message: "unknown edition `premum`",
            hint: "write one of: pro, premium, enterprise",
        },
    );
}

#[test]
fn unknown_rate_limit_period() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
rate_limit: {calls: 200, per: sec}
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 5,
            column: 31,
            message: "unknown period `sec`",
            hint: "write one of: second, minute, hour, day",
        },
    );
}

// ---------------------------------------------------------------------------------------------
// One run reports every problem, in file, line, column order.

#[test]
fn independent_errors_are_all_reported_in_order() {
    let destroy = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: http://www.tencentcloud.com/document/product/1047/34896
edition: premum
request:
  - wire: GroupId
    type: string
    required: yes
    doc: ID of the group to disband.
"#;
    let sns = r#"path: sns/group_delete
title: Delete friend lists
summary: Deletes friend lists of one account.
docs: https://www.tencentcloud.com/document/product/1047/34926
request:
  - wire: GroupName
    type: array<strng>
    required: true
    doc: Names of the lists to delete.
"#;
    let errors_yaml = MIN_ERRORS.replace(
        "name: invalid_parameter\n        meaning: A parameter",
        "name: InvalidParameter\n        meaning: A parameter",
    );
    let mut files = minimal_with(SNS, sns);
    files = with(files, DESTROY, destroy);
    files = with(files, ERRORS, &errors_yaml);
    files.reverse();
    expect_all(
        &files,
        &[
            Expect { file: DESTROY, line: 4, column: 7, message: "is not an https URL", hint: "https://" },
            Expect { file: DESTROY, line: 5, column: 10, message: "unknown edition `premum`", hint: "premium" },
            Expect {
                file: DESTROY,
                line: 9,
                column: 15,
                message: "required must be `true` or `false`, found `yes`",
                hint: "write required as `true` or `false`",
            },
            Expect {
                file: ERRORS,
                line: 21,
                column: 15,
                message: "error name `InvalidParameter` is not snake_case",
                hint: "write `name: invalid_parameter`",
            },
            Expect { file: SNS, line: 7, column: 17, message: "unknown type `strng`", hint: "did you mean `string`?" },
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Found while probing the loader; each documents one loader bug.

#[test]
fn second_yaml_document_is_reported() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
---
edition: bogus
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect { file: DESTROY, line: 5, column: 1, message: "document", hint: "---" },
    );
}

#[test]
fn byte_order_mark_is_accepted() {
    let files = minimal_with(DESTROY, &format!("\u{feff}{MIN_DESTROY}"));
    if let Err(diags) = codegen::load(&files) {
        panic!("a file starting with a byte order mark does not load:\n{}", render(&diags));
    }
}

#[test]
fn unknown_type_in_quoted_type() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: Kinds
    type: "array<GroupTyp>"
    required: true
    doc: Kinds of group.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 7,
            column: 18,
            message: "unknown type `GroupTyp`",
            hint: "did you mean `GroupType`?",
        },
    );
}

#[test]
fn empty_text_value() {
    let text = r#"path: group_open_http_svc/destroy_group
title:
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect {
            file: DESTROY,
            line: 2,
            column: 1,
            message: "title has no value",
            hint: "write a value after `title:`",
        },
    );
}

#[test]
fn empty_bool_value() {
    let text = r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    required:
    doc: ID of the group to disband.
"#;
    expect_one(
        &minimal_with(DESTROY, text),
        &Expect { file: DESTROY, line: 8, column: 5, message: "required has no value", hint: "`true` or `false`" },
    );
}

#[test]
fn limit_hint_for_array_of_integers() {
    let text = r#"path: sns/group_delete
title: Delete friend lists
summary: Deletes friend lists of one account.
docs: https://www.tencentcloud.com/document/product/1047/34926
request:
  - wire: Sequences
    type: array<integer>
    required: true
    doc: Sequence numbers.
    limits: {max_bytes: 64}
"#;
    // The column is the subject of `limit_not_applicable_to_type`; this test is about the hint.
    let d = only_error(&minimal_with(SNS, text));
    assert_eq!((d.pos.file.as_str(), d.pos.line), (SNS, 10), "{d}");
    assert!(d.message.contains("limit `max_bytes` does not apply to field `Sequences` of type array<integer>"), "{d}");
    let hint = d.hint.clone().unwrap_or_default();
    assert!(!hint.contains("item_max_bytes") && hint.contains("max_items"), "misleading hint:\n{d}");
}

#[test]
fn broken_services_file_does_not_cascade() {
    let text = "- wire: sns\n  module: sns\n  title: Relationship chain\n  doc: Friends.\n";
    expect_one(
        &minimal_with(SERVICES, text),
        &Expect { file: SERVICES, line: 1, column: 1, message: "must be a YAML mapping", hint: "" },
    );
}

// ---------------------------------------------------------------------------------------------
// Codes the service answers: for a broken limit, for another edition, for a bad parameter.

#[test]
fn limit_code_without_its_limit() {
    let text = MIN_DESTROY.replace(
        "    doc: ID of the group to disband.\n",
        "    doc: ID of the group to disband.\n    limits: {max_bytes: 48}\n    limit_codes: {max_items: 10010}\n",
    );
    expect_one(
        &minimal_with(DESTROY, &text),
        &Expect {
            file: DESTROY,
            line: 13,
            column: 19,
            message: "`limit_codes` names `max_items`, but field `GroupId` has no such limit",
            hint: "add `max_items` under `limits`",
        },
    );
}

#[test]
fn limit_code_the_endpoint_does_not_document() {
    let text = MIN_DESTROY.replace(
        "    doc: ID of the group to disband.\n",
        "    doc: ID of the group to disband.\n    limits: {max_bytes: 48}\n    limit_codes: {max_bytes: 99999}\n",
    );
    expect_one(
        &minimal_with(DESTROY, &text),
        &Expect {
            file: DESTROY,
            line: 13,
            column: 30,
            message: "code 99999 is not among this endpoint's error codes",
            hint: "list it under `errors.codes`",
        },
    );
}

#[test]
fn edition_code_without_edition() {
    let text = MIN_DESTROY.replace("rate_limit:", "edition_code: 10010\nrate_limit:");
    expect_one(
        &minimal_with(DESTROY, &text),
        &Expect {
            file: DESTROY,
            line: 5,
            column: 15,
            message: "`edition_code` without `edition`",
            hint: "add `edition: premium`",
        },
    );
}

#[test]
fn invalid_request_code_in_no_table() {
    let text = MIN_SERVICES.replacen("    doc:", "    invalid_request_code: 12345\n    doc:", 1);
    let d = only_error(&minimal_with(SERVICES, &text));
    assert_eq!(d.pos.file, SERVICES, "{d}");
    assert!(d.message.contains("code 12345 is in no error table"), "{d}");
    assert!(d.hint.unwrap_or_default().contains("define it"));
}

#[test]
fn the_codes_reach_the_model() {
    let text = MIN_DESTROY.replace("rate_limit:", "edition: premium\nedition_code: 10010\nrate_limit:").replace(
        "    doc: ID of the group to disband.\n",
        "    doc: ID of the group to disband.\n    limits: {max_bytes: 48}\n    limit_codes: {max_bytes: 10004}\n",
    );
    let services = MIN_SERVICES.replacen("    doc:", "    invalid_request_code: 10004\n    doc:", 1);
    let spec = codegen::load(&with(minimal_with(DESTROY, &text), SERVICES, &services))
        .unwrap_or_else(|d| panic!("{}", render(&d)));
    let e = spec.endpoint("group_open_http_svc/destroy_group").unwrap();
    assert_eq!(e.edition_code, Some(10010));
    assert_eq!(e.request[0].limits.code("max_bytes"), Some(10004));
    assert!(spec.services.iter().any(|s| s.invalid_request_code == Some(10004)));
}

// ---------------------------------------------------------------------------------------------
// Paging.

/// The minimal endpoint as a history read: `Below` in, a list of `Entry` out.
fn history(cursor: &str) -> Vec<codegen::SourceFile> {
    let added = "  - wire: Below\n    type: integer\n    required: false\n    doc: Highest sequence number.\n\
                 response:\n  - wire: Entries\n    type: array<Entry>\n    required: false\n    doc: The page.\n\
                 types:\n  Entry:\n    doc: One entry.\n    fields:\n\
                 \x20     - {wire: Seq, type: integer, required: true, doc: Its number.}\n\
                 \x20     - {wire: Note, type: string, required: true, doc: Its text.}\n\
                 errors:\n";
    let text = MIN_DESTROY.replacen("errors:\n", added, 1);
    minimal_with(DESTROY, &format!("{text}paging:\n  items: Entries\n  cursor:\n    - {cursor}\n"))
}

#[test]
fn paging_below_items_reaches_the_model() {
    let spec =
        codegen::load(&history("{request: Below, below_items: Seq}")).unwrap_or_else(|d| panic!("{}", render(&d)));
    let p = spec.endpoint("group_open_http_svc/destroy_group").unwrap().paging.clone().unwrap();
    assert_eq!(
        p.cursor,
        [(
            "Below".to_string(),
            codegen::model::CursorFrom::BelowItems { wire: "Seq".into(), rust: "seq".into(), required: true }
        )]
    );
}

#[test]
fn paging_below_a_text_item_field() {
    let d = only_error(&history("{request: Below, below_items: Note}"));
    assert_eq!(d.pos.file, DESTROY, "{d}");
    assert!(d.message.contains("`below_items` needs an integer field of the `Entries` items"), "{d}");
    assert!(d.hint.unwrap_or_default().contains("MsgSeq"));
}

#[test]
fn paging_cursor_with_two_sources() {
    let d = only_error(&history("{request: Below, reply: Entries, below_items: Seq}"));
    assert!(d.message.contains("a cursor takes one of `reply`, `below_items` and `add_items`"), "{d}");
}

#[test]
fn paging_offset_into_a_text_field() {
    let text = MIN_DESTROY.replacen(
        "errors:\n",
        "response:\n  - {wire: Ids, type: array<string>, required: true, doc: The page.}\nerrors:\n",
        1,
    );
    let text = format!("{text}paging:\n  items: Ids\n  cursor:\n    - {{request: GroupId, add_items: true}}\n");
    let d = only_error(&minimal_with(DESTROY, &text));
    assert!(d.message.contains("`add_items` needs an integer request field; `GroupId` is a string"), "{d}");
    assert!(d.hint.unwrap_or_default().contains("Offset"));
}

#[test]
fn paging_total_without_an_offset() {
    let d = only_error(&history("{request: Below, below_items: Seq}\n  total: Below"));
    assert!(d.message.contains("`total` needs an integer reply field; `Below` is not one"), "{d}");
}

#[test]
fn erratum_inside_a_type_of_the_services_shared_file() {
    let shared = r#"types:
  Person:
    doc: A person.
    fields:
      - wire: Name
        type: string
        required: true
        doc: The name.
"#;
    let endpoint = |at: &str| {
        format!(
            r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: Owner
    type: Person
    required: true
    doc: Who disbands it.
errata:
  - at: {at}
    vendor: Called Nick on the page.
    fix: The service reads Name.
"#
        )
    };
    for at in ["request.Owner.Name", "types.Person.Name"] {
        let files = common::with(minimal_with(DESTROY, &endpoint(at)), "group_open_http_svc/_people.yaml", shared);
        if let Err(diags) = codegen::load(&files) {
            panic!("an erratum at `{at}` inside a service-shared type is accepted:\n{}", render(&diags));
        }
    }
    // A near-miss of the shared type's field is refused there too.
    let files =
        common::with(minimal_with(DESTROY, &endpoint("request.Owner.Nme")), "group_open_http_svc/_people.yaml", shared);
    let diags = codegen::load(&files).expect_err("a near-miss of a shared type's field is refused");
    assert!(render(&diags).contains("erratum points at `request.Owner.Nme`"), "{}", render(&diags));
}

#[test]
fn erratum_at_a_field_the_page_lists_and_the_spec_leaves_out() {
    let endpoint = |at: &str| {
        format!(
            r#"path: group_open_http_svc/destroy_group
title: Disband a group
summary: Disbands a group.
docs: https://www.tencentcloud.com/document/product/1047/34896
request:
  - wire: GroupId
    type: string
    required: true
    doc: ID of the group to disband.
errata:
  - at: {at}
    vendor: The page's table lists it.
    fix: The service ignores it.
"#
        )
    };
    assert!(codegen::load(&minimal_with(DESTROY, &endpoint("request.Reason"))).is_ok(), "a field the spec leaves out");
    // A near-miss of a field the spec has is a typo, and a parent it lacks is no place.
    for at in ["request.GroupIdd", "request.Owner.Name"] {
        let diags =
            codegen::load(&minimal_with(DESTROY, &endpoint(at))).err().unwrap_or_else(|| panic!("`{at}` refused"));
        assert!(render(&diags).contains(&format!("erratum points at `{at}`")), "{}", render(&diags));
    }
}
