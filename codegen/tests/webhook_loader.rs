//! `spec/webhooks/`: what loads, and one test per kind of mistake, each with its file, line,
//! column and hint. Every test starts from the minimal spec of `common` plus the files below.

mod common;

use codegen::SourceFile;
use common::*;

const PROTOCOL: &str = "webhooks/_protocol.yaml";
const AFTER: &str = "webhooks/Group.CallbackAfterGroupDestroyed.yaml";
const BEFORE: &str = "webhooks/Group.CallbackBeforeSendMsg.yaml";

const MIN_PROTOCOL: &str = "\
docs: https://intl.cloud.tencent.com/document/product/1047/34354
query:
  - {name: SdkAppid, doc: The app.}
  - {name: CallbackCommand, doc: The command.}
  - {name: Sign, signed: true, doc: The signature.}
  - {name: RequestTime, signed: true, doc: When it was signed.}
timeout_ms: 2000
";

/// Line 6 is `triggers`, line 8 the first payload field's `wire`.
const MIN_AFTER: &str = "\
command: Group.CallbackAfterGroupDestroyed
when: after
title: After a group was disbanded
summary: Sent after a group was disbanded.
docs: https://intl.cloud.tencent.com/document/product/1047/34377
triggers: [group_open_http_svc/destroy_group]
payload:
  - wire: GroupId
    type: string
    required: true
    doc: ID of the group.
  - wire: Type
    rust: group_type
    type: GroupType
    required: false
    doc: Type of the group.
examples:
  - payload: '{\"CallbackCommand\": \"Group.CallbackAfterGroupDestroyed\", \"GroupId\": \"g\", \"Type\": \"Public\"}'
";

const MIN_BEFORE: &str = "\
command: Group.CallbackBeforeSendMsg
when: before
title: Before a group message is sent
summary: Sent before a group message is delivered.
docs: https://intl.cloud.tencent.com/document/product/1047/34374
payload:
  - {wire: GroupId, type: string, required: true, doc: ID of the group.}
reply:
  codes:
    - {code: 1, name: refuse, doc: Refused with 10016.}
    - {code: 2, name: discard, doc: Dropped silently.}
  app_codes: {min: 10100, max: 10200}
  fields:
    - {wire: CloudCustomData, type: string, required: false, doc: Replaced data.}
";

/// destroy_group naming its webhook, as the minimal endpoint plus a `webhooks` list.
fn destroy_with_webhook(name: &str) -> String {
    MIN_DESTROY.replace(
        "request:\n",
        &format!("webhooks:\n  - name: {name}\n    summary: Sent after the group was disbanded.\nrequest:\n"),
    )
}

fn spec() -> Vec<SourceFile> {
    let files = minimal_with(DESTROY, &destroy_with_webhook("Group.CallbackAfterGroupDestroyed"));
    let files = with(files, PROTOCOL, MIN_PROTOCOL);
    let files = with(files, AFTER, MIN_AFTER);
    with(files, BEFORE, MIN_BEFORE)
}

#[test]
fn webhooks_load_with_their_links_replies_and_samples() {
    let spec = codegen::load(&spec()).unwrap_or_else(|d| panic!("{}", render(&d)));
    let commands: Vec<&str> = spec.webhooks.iter().map(|w| w.command.as_str()).collect();
    assert_eq!(commands, ["Group.CallbackAfterGroupDestroyed", "Group.CallbackBeforeSendMsg"]);
    let before = &spec.webhooks[1];
    assert_eq!(before.rust, "GroupBeforeSendMsg", "the Rust name drops `Callback`");
    let reply = before.reply.as_ref().unwrap();
    assert_eq!((reply.codes.len(), reply.app_codes), (2, Some((10100, 10200))));
    assert_eq!(spec.webhooks[0].triggers, ["group_open_http_svc/destroy_group"]);
    assert_eq!(spec.webhook_protocol.as_ref().unwrap().timeout_ms, Some(2000));
    // The generated module has the payload, the reply and the dispatch.
    let files = codegen::generate(&spec).unwrap();
    let module = files.iter().find(|f| f.path.ends_with("generated/webhook.rs")).unwrap();
    for needle in ["pub struct GroupBeforeSendMsgReply", "pub fn refuse(", "pub fn discard()", "Event::Unknown {"] {
        assert!(module.contents.contains(needle), "no `{needle}` in the webhook module");
    }
}

#[test]
fn a_spec_without_webhooks_does_not_check_endpoint_lists() {
    let files = minimal_with(DESTROY, &destroy_with_webhook("Group.CallbackSomethingNew"));
    assert!(codegen::load(&files).is_ok());
}

#[test]
fn an_endpoint_naming_an_undescribed_webhook() {
    let files = with(spec(), DESTROY, &destroy_with_webhook("Group.CallbackAfterGroupDestroy"));
    let files = with(files, AFTER, &MIN_AFTER.replace("triggers: [group_open_http_svc/destroy_group]\n", ""));
    expect_one(
        &files,
        &Expect {
            file: DESTROY,
            line: 8,
            column: 11,
            message: "webhook `Group.CallbackAfterGroupDestroy` is not described in spec/webhooks/",
            hint: "did you mean `Group.CallbackAfterGroupDestroyed`?",
        },
    );
}

#[test]
fn a_trigger_that_is_no_endpoint() {
    let text = MIN_AFTER.replace("[group_open_http_svc/destroy_group]", "[group_open_http_svc/destroy_grup]");
    let files = with(spec(), AFTER, &text);
    expect_one(
        &files,
        &Expect {
            file: AFTER,
            line: 6,
            column: 12,
            message: "trigger `group_open_http_svc/destroy_grup` is not an endpoint of the spec",
            hint: "did you mean `group_open_http_svc/destroy_group`?",
        },
    );
}

#[test]
fn a_trigger_whose_endpoint_does_not_list_the_webhook_back() {
    let text = MIN_AFTER.replace("[group_open_http_svc/destroy_group]", "[sns/group_delete]");
    let files = with(spec(), AFTER, &text);
    expect_one(
        &files,
        &Expect {
            file: AFTER,
            line: 6,
            column: 12,
            message: "endpoint `sns/group_delete` does not list webhook `Group.CallbackAfterGroupDestroyed`",
            hint: "add `- {name: Group.CallbackAfterGroupDestroyed, summary: ...}` to `webhooks` in sns/group_delete.yaml",
        },
    );
}

#[test]
fn a_before_callback_needs_a_reply_and_an_after_callback_takes_none() {
    let no_reply = MIN_BEFORE.split("reply:").next().unwrap().to_string();
    expect_one(
        &with(spec(), BEFORE, &no_reply),
        &Expect { file: BEFORE, line: 2, column: 7, message: "has no `reply`", hint: "add `reply:`" },
    );
    let with_reply = format!("{MIN_AFTER}reply:\n  codes: [{{code: 1, name: refuse, doc: No.}}]\n");
    expect_one(
        &with(spec(), AFTER, &with_reply),
        &Expect { file: AFTER, line: 20, column: 3, message: "whose answer is ignored", hint: "remove `reply`" },
    );
}

#[test]
fn reply_code_zero_and_envelope_fields_are_implied() {
    let text = MIN_BEFORE
        .replace("{code: 1, name: refuse", "{code: 0, name: refuse")
        .replace("{wire: CloudCustomData", "{wire: ErrorInfo");
    expect_all(
        &with(spec(), BEFORE, &text),
        &[
            Expect {
                file: BEFORE,
                line: 10,
                column: 14,
                message: "code 0 always means allow",
                hint: "list only the other codes",
            },
            Expect {
                file: BEFORE,
                line: 14,
                column: 14,
                message: "`ErrorInfo` is part of every reply",
                hint: "remove it",
            },
        ],
    );
}

#[test]
fn the_command_names_the_file_and_has_the_pages_shape() {
    let text = MIN_BEFORE.replace("command: Group.CallbackBeforeSendMsg", "command: Group.CallbackBeforeSendMessage");
    expect_one(
        &with(spec(), BEFORE, &text),
        &Expect {
            file: BEFORE,
            line: 1,
            column: 10,
            message: "is described in",
            hint: "name the file `webhooks/Group.CallbackBeforeSendMessage.yaml`",
        },
    );
    let text = MIN_BEFORE.replace("command: Group.CallbackBeforeSendMsg", "command: CallbackBeforeSendMsg");
    let d = errors(&with(spec(), BEFORE, &text));
    assert!(d.iter().any(|d| d.message.contains("is not a callback command") && d.pos.line == 1), "{}", render(&d));
}

#[test]
fn a_sample_of_another_command_and_the_implied_callback_command_field() {
    let text = MIN_AFTER.replace(
        "\"CallbackCommand\": \"Group.CallbackAfterGroupDestroyed\"",
        "\"CallbackCommand\": \"Group.CallbackAfterGroupFull\"",
    );
    expect_one(
        &with(spec(), AFTER, &text),
        &Expect {
            file: AFTER,
            line: 18,
            column: 14,
            message: "this sample is a `Group.CallbackAfterGroupFull` callback",
            hint: "samples of this file",
        },
    );
    let text = MIN_AFTER.replace(
        "  - wire: GroupId\n",
        "  - wire: CallbackCommand\n    type: string\n    required: true\n    doc: x.\n  - wire: GroupId\n",
    );
    let d = only_error(&with(spec(), AFTER, &text));
    assert!(d.message.contains("`CallbackCommand` is implied"), "{d}");
    assert_eq!((d.pos.line, d.pos.column), (8, 11));
}

#[test]
fn webhooks_need_their_protocol_and_unknown_types_are_named() {
    let d = errors(&without(spec(), PROTOCOL));
    assert!(
        d.iter().any(|d| d.message.contains("but not their protocol")
            && d.hint.as_deref().unwrap_or("").contains("_protocol.yaml")),
        "{}",
        render(&d)
    );
    let text = MIN_AFTER.replace("type: GroupType", "type: GroupTyp");
    let d = only_error(&with(spec(), AFTER, &text));
    assert!(d.message.contains("unknown type `GroupTyp`") && d.pos.line == 14, "{d}");
}

#[test]
fn unknown_keys_and_bad_when_are_reported_where_they_are() {
    let text = MIN_AFTER.replace("when: after", "when: later");
    expect_one(
        &with(spec(), AFTER, &text),
        &Expect { file: AFTER, line: 2, column: 7, message: "unknown `when: later`", hint: "write `before`" },
    );
    let text = format!("{MIN_AFTER}trigger: [x]\n");
    let d = only_error(&with(spec(), AFTER, &text));
    assert_eq!(d.pos.line, 19, "{d}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("`triggers`"), "{d}");
}

#[test]
fn spec_diffs_classify_webhook_changes() {
    use codegen::diff::{Level, diff};
    let old = codegen::load(&spec()).unwrap();
    let added_field = MIN_AFTER.replace(
        "examples:\n",
        "  - {wire: Owner_Account, type: string, required: false, doc: The owner.}\nexamples:\n",
    );
    let fewer_codes = MIN_BEFORE.replace("    - {code: 2, name: discard, doc: Dropped silently.}\n", "");
    let files = with(with(spec(), AFTER, &added_field), BEFORE, &fewer_codes);
    let new = codegen::load(&files).unwrap_or_else(|d| panic!("{}", render(&d)));
    let report = diff(&old, &new);
    let rules: Vec<(&str, Level)> = report.changes.iter().map(|c| (c.rule, c.level)).collect();
    assert!(rules.contains(&("field-added", Level::Minor)), "{rules:?}");
    assert!(rules.contains(&("webhook-reply-code-removed", Level::Major)), "{rules:?}");
    let gone = codegen::load(&with(
        without(spec(), BEFORE),
        DESTROY,
        &destroy_with_webhook("Group.CallbackAfterGroupDestroyed"),
    ))
    .unwrap();
    let report = diff(&old, &gone);
    assert!(
        report.changes.iter().any(|c| c.rule == "webhook-removed" && c.level == Level::Major),
        "{:?}",
        report.changes
    );
    assert!(diff(&gone, &old).changes.iter().any(|c| c.rule == "webhook-added" && c.level == Level::Minor));
    assert!(diff(&old, &old).is_empty());
}
