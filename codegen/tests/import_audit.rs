//! The audit (`codegen::import::audit`) on a spec file and two pages of its endpoint written for
//! the test (`import_fixtures/audit/`): the English page disagrees with the spec once in every
//! way the audit knows, one disagreement is explained by an erratum, and the Chinese page
//! disagrees with the English one.

use codegen::import::{
    Audit, AuditPage, Context, Finding, audit, audit_pages, import_page, page_language, read_record, write_record,
};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_fixtures/audit")
}

const EN: &str = "pages/modify_group_base_info_en.md";
const ZH: &str = "pages/modify_group_base_info_zh.md";

fn run(pages: &[&str]) -> Audit {
    run_edited(pages, |_| {})
}

/// `run` with the fixture's spec file edited first.
fn run_edited(pages: &[&str], edit: impl FnOnce(&mut String)) -> Audit {
    let mut files = codegen::fs::read_spec_dir(&dir().join("spec")).expect("the fixture spec is readable");
    let file = files.iter_mut().find(|f| f.path.ends_with("modify_group_base_info.yaml")).expect("the fixture file");
    edit(&mut file.text);
    let spec = codegen::load(&files).unwrap_or_else(|d| panic!("the fixture spec does not load: {d:?}"));
    let cx = Context::from_spec(&spec);
    let pages: Vec<_> = pages
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(dir().join(p)).expect("the fixture page is readable");
            (p.to_string(), import_page(&text, &cx).ok())
        })
        .collect();
    audit(&spec, &files, &pages)
}

/// The one finding whose message contains `what`.
fn finding<'a>(a: &'a Audit, page: &str, what: &str) -> &'a Finding {
    let found: Vec<&Finding> = a.findings.iter().filter(|f| f.page == page && f.message.contains(what)).collect();
    assert_eq!(found.len(), 1, "one finding with `{what}` on {page}, got:\n{}", a.render_text());
    found[0]
}

#[test]
fn every_kind_of_disagreement_is_found_with_both_places() {
    let a = run(&[EN]);
    // (what the message says, spec line, page line)
    let planted = [
        ("request field Notification missing", 11, 42),
        ("request field GroupId: wire name `GroupID` on the page, `GroupId` in the spec", 12, 40),
        ("request field Role: nesting: the page has it at request.Role, the spec at request.Members.Role", 45, 39),
        ("request field Silence: type string on the page (its sample shows integer), integer in the spec", 21, 43),
        ("request field Name: required on the page, optional in the spec", 16, 41),
        ("request field Name: limit max_bytes 64 on the page, 30 in the spec", 16, 41),
        ("rate 100/second on the page, 200/second in the spec", 7, 21),
        ("edition pro on the page, premium in the spec", 8, 2),
        ("group type AVChatRoom on the page, not in the spec", 9, 9),
        ("error 10099 on the page is not among the spec's codes", 61, 74),
        ("error 10015 of the spec is not on the page", 68, 69),
        ("reply field ExtensionList missing; the spec has ResultList", 32, 61),
    ];
    for (what, spec_line, page_line) in planted {
        let f = finding(&a, EN, what);
        assert_eq!(
            (f.spec_file.as_str(), f.spec_line, f.page_line),
            ("group_open_http_svc/modify_group_base_info.yaml", spec_line, page_line),
            "places of `{what}`"
        );
    }
    assert_eq!(a.findings.len(), planted.len(), "nothing but the planted disagreements:\n{}", a.render_text());
    // Type words that mean the same compare equal: "Array" is array<MemberInput>, "Integer" is
    // integer, and the Members list's limit agrees.
    assert!(!a.render_text().contains("Members:"), "{}", a.render_text());
}

#[test]
fn an_erratum_explains_the_disagreement_it_covers_and_no_other() {
    let a = run(&[EN]);
    let f = finding(&a, EN, "reply field ExtensionList missing");
    assert_eq!(f.explained_by.as_deref(), Some("response.ResultList"));
    assert_eq!(a.explained(), 1);
    assert_eq!(a.unexplained(), a.findings.len() - 1);
    let text = a.render_text();
    assert!(
        text.contains(&format!(
            "spec/group_open_http_svc/modify_group_base_info.yaml:32: page {EN}:61: reply field ExtensionList missing; the spec has ResultList [explained: erratum at response.ResultList]"
        )),
        "{text}"
    );
    assert_eq!(text.lines().filter(|l| l.contains("[explained")).count(), 1);
}

#[test]
fn the_summary_counts_what_was_compared() {
    let a = run(&[EN]);
    assert_eq!((a.pages, a.endpoints), (1, 1));
    assert_eq!(a.agreeing() + a.findings.len(), a.compared);
    assert!(a.agreeing() > 10, "the fields, codes and types that agree are counted: {}", a.summary());
    let json: serde_json::Value = serde_json::from_str(&a.render_json()).expect("the JSON output parses");
    assert_eq!(json["summary"]["unexplained"], a.unexplained());
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(a.findings.len()));
}

#[test]
fn a_chinese_page_is_audited_and_two_pages_of_one_endpoint_are_compared() {
    let a = run(&[EN, ZH]);
    assert_eq!(a.endpoints, 1);
    // The Chinese page agrees with the spec on the name's limit, the rate and its fields...
    let zh: Vec<&Finding> = a.findings.iter().filter(|f| f.page == ZH).collect();
    assert!(zh.iter().all(|f| !f.message.contains("rate") && !f.message.contains("Name")), "{}", a.render_text());
    assert!(zh.iter().any(|f| f.message.contains("edition pro on the page")), "仅专业版 is read: {}", a.render_text());
    // ...and differs from the English page, which is said with both pages' lines.
    let rate = a.conflicts.iter().find(|c| c.message == "rate 100/second against 200/second").expect("rate conflict");
    assert_eq!((rate.page.as_str(), rate.line, rate.other.as_str(), rate.other_line), (EN, 21, ZH, 12));
    assert!(a.conflicts.iter().any(|c| c.message == "request field Name: limit max_bytes 64 against 30"));
    assert!(a.conflicts.iter().any(|c| c.message == "request field Name: required true against false"));
    assert!(a.render_text().contains("the pages disagree: rate 100/second against 200/second"));
    // A name spelt two ways is one difference.
    let respelt: Vec<_> =
        a.conflicts.iter().filter(|c| c.message.contains("GroupI")).map(|c| c.message.as_str()).collect();
    assert_eq!(respelt, ["request field GroupID: wire name `GroupID` against `GroupId`"]);
}

#[test]
fn an_erratum_at_a_fact_the_pages_state_differently_records_which_wins() {
    let a = run(&[EN, ZH]);
    assert!(a.conflicts.iter().all(|c| c.explained_by.is_none()));
    assert_eq!(a.unexplained_conflicts(), a.conflicts.len());
    // The same spec with an erratum at the rate: the rate conflict is explained, the others not.
    let b = run_edited(&[EN, ZH], |text| {
        *text = text.replace(
            "errata:\n",
            "errata:\n  - at: rate_limit\n    vendor: \"100/second (English), 200/second (Chinese)\"\n    fix: The Chinese page is newer.\n",
        )
    });
    let rate = b.conflicts.iter().find(|c| c.message.starts_with("rate ")).expect("rate conflict");
    assert_eq!(
        (rate.keys.as_slice(), rate.explained_by.as_deref()),
        (&["rate_limit".to_string()][..], Some("rate_limit"))
    );
    assert_eq!(b.unexplained_conflicts(), b.conflicts.len() - 1);
    let name = b.conflicts.iter().find(|c| c.message.contains("Name: required")).unwrap();
    assert_eq!((name.keys.as_slice(), name.explained_by.as_deref()), (&["request.Name".to_string()][..], None));
    assert!(b.render_text().contains("rate 100/second against 200/second [explained: erratum at rate_limit]"));
    assert!(b.summary().contains(&format!("({} unexplained)", b.conflicts.len() - 1)), "{}", b.summary());
}

#[test]
fn pages_of_endpoints_the_spec_lacks_are_listed() {
    let files = codegen::fs::read_spec_dir(&dir().join("spec")).unwrap();
    let spec = codegen::load(&files).unwrap();
    let text = std::fs::read_to_string(dir().join(EN)).unwrap().replace("modify_group_base_info", "set_group_widget");
    let pages = vec![("other.md".to_string(), import_page(&text, &Context::from_spec(&spec)).ok())];
    let a = audit(&spec, &files, &pages);
    assert_eq!(a.missing, [("other.md".to_string(), "group_open_http_svc/set_group_widget".to_string())]);
    assert!(a.findings.is_empty() && a.endpoints == 0);
    assert!(a.render_text().contains("page other.md: v4/group_open_http_svc/set_group_widget is not in the spec"));
}

#[test]
fn a_page_without_its_address_takes_the_one_other_pages_link_to_its_path() {
    let files = codegen::fs::read_spec_dir(&dir().join("spec")).unwrap();
    let spec = codegen::load(&files).unwrap();
    let cx = Context::from_spec(&spec);
    let en = std::fs::read_to_string(dir().join(EN)).unwrap();
    let linking = |id: &str| {
        format!(
            "## Feature Description\nReads a group.\n\n### Sample request URL\n```\nhttps://xxxxxx/v4/group_open_http_svc/get_group_info?sdkappid=1\n```\n### Sample request\n```\n{{\"GroupIdList\": [\"@TGS#1\"]}}\n```\n## References\n- Changing a profile ([v4/group_open_http_svc/modify_group_base_info](https://intl.cloud.tencent.com/document/product/1047/{id}))\n"
        )
    };
    for (id, agrees) in [("34962", true), ("99999", false)] {
        let mut a = import_page(&en, &cx).unwrap();
        let mut b = import_page(&linking(id), &cx).unwrap();
        assert_eq!(codegen::import::addresses_from_links(&mut [&mut a, &mut b]), 1);
        assert_eq!(a.draft.docs, format!("https://intl.cloud.tencent.com/document/product/1047/{id}"));
        assert!(!a.warnings.iter().any(|w| w.message.contains("does not give its address")));
        let result = audit(&spec, &files, &[(EN.to_string(), Some(a))]);
        let wrong = result.findings.iter().any(|f| f.message.starts_with("address "));
        assert_eq!(wrong, !agrees, "{}", result.render_text());
    }
}

/// Pages of the fixture's endpoint with the dates given.
fn run_dated(pages: &[(&str, &str, Option<&str>)]) -> Audit {
    let files = codegen::fs::read_spec_dir(&dir().join("spec")).unwrap();
    let spec = codegen::load(&files).unwrap();
    let cx = Context::from_spec(&spec);
    let pages: Vec<AuditPage> = pages
        .iter()
        .map(|(name, file, date)| {
            let import = import_page(&std::fs::read_to_string(dir().join(file)).unwrap(), &cx).ok();
            AuditPage::new(name.to_string(), date.map(str::to_string), import.as_ref())
        })
        .collect();
    audit_pages(&spec, &files, &pages)
}

#[test]
fn the_newest_page_of_a_language_is_held_against_the_spec_and_older_ones_are_listed_apart() {
    let alone = run(&[EN]);
    // The same English page twice: the 2020 copy is superseded by the 2023 one.
    let a = run_dated(&[("old/x_intl_en.md", EN, Some("2020-05-01")), ("new/x_intl_en.md", EN, Some("2023-04-03"))]);
    assert_eq!(a.findings.len(), alone.findings.len(), "{}", a.render_text());
    assert!(a.findings.iter().all(|f| f.page == "new/x_intl_en.md" && f.superseded_by.is_none()));
    assert_eq!(a.older.len(), alone.findings.len());
    assert!(a.older.iter().all(|f| f.superseded_by.as_deref() == Some("new/x_intl_en.md")));
    assert_eq!((a.older_pages, a.compared), (1, alone.compared), "older pages' facts are not counted as compared");
    assert!(a.conflicts.is_empty(), "an older page is not compared with the newer: {:?}", a.conflicts);
    let text = a.render_text();
    assert!(
        text.contains("older: spec/group_open_http_svc/modify_group_base_info.yaml:7: page old/x_intl_en.md:21: rate 100/second on the page, 200/second in the spec [superseded by new/x_intl_en.md]"),
        "{text}"
    );
    assert!(
        a.summary().contains(&format!("{} disagreement(s) of 1 older page(s) with the spec", alone.findings.len()))
    );
    // Written the other way round, the newer page is still the one that counts.
    let b = run_dated(&[("new/x_intl_en.md", EN, Some("2023-04-03")), ("old/x_intl_en.md", EN, Some("2020-05-01"))]);
    assert!(b.findings.iter().all(|f| f.page == "new/x_intl_en.md"));
}

#[test]
fn undated_pages_count_as_oldest_and_are_named() {
    let a = run_dated(&[("a_intl_en.md", EN, None), ("b_intl_en.md", EN, Some("2021-01-01"))]);
    assert!(a.findings.iter().all(|f| f.page == "b_intl_en.md"));
    assert!(a.older.iter().all(|f| f.page == "a_intl_en.md") && !a.older.is_empty());
    assert_eq!(a.undated, ["a_intl_en.md"]);
    assert!(a.render_text().contains("page a_intl_en.md: undated; counted as the oldest page of its endpoint"));
    assert!(a.summary().contains("1 undated page(s) counted as oldest"));
    // Every page undated: none is older than another, all are held against the spec.
    let b = run_dated(&[("a_intl_en.md", EN, None), ("b_intl_en.md", EN, None)]);
    assert!(b.older.is_empty() && b.findings.len() == 2 * run(&[EN]).findings.len());
}

#[test]
fn the_newest_pages_of_two_languages_are_both_held_and_compared() {
    // An old Chinese page does not hide the newer English one, nor the other way round.
    let a = run_dated(&[
        ("en_intl_en.md", EN, Some("2020-01-01")),
        ("zh_intl_zh.md", ZH, Some("2023-01-01")),
        ("old_zh_intl_zh.md", EN, Some("2019-01-01")),
    ]);
    assert!(a.findings.iter().any(|f| f.page == "en_intl_en.md"));
    assert!(a.findings.iter().any(|f| f.page == "zh_intl_zh.md"));
    assert!(a.older.iter().all(|f| f.page == "old_zh_intl_zh.md"));
    assert!(
        a.conflicts
            .iter()
            .any(|c| c.page == "en_intl_en.md" && c.other == "zh_intl_zh.md" && c.message.starts_with("rate")),
        "{:?}",
        a.conflicts
    );
    assert!(a.conflicts.iter().all(|c| c.page != "old_zh_intl_zh.md" && c.other != "old_zh_intl_zh.md"));
    for (name, lang) in [
        ("a/b_intl_en.md", "en"),
        ("c_intl_cn.md", "zh"),
        ("d_intl_jp.md", "ja"),
        ("e_ko.md", "ko"),
        ("page.md", "und"),
    ] {
        assert_eq!(page_language(name), lang, "{name}");
    }
}

/// The fixture spec with `edit` applied to its endpoint file, against one page written here.
fn run_text(edit: impl Fn(&str) -> String, page: &str) -> Audit {
    let mut files = codegen::fs::read_spec_dir(&dir().join("spec")).unwrap();
    for f in files.iter_mut().filter(|f| f.path.ends_with("modify_group_base_info.yaml")) {
        f.text = edit(&f.text);
    }
    let spec = codegen::load(&files).unwrap_or_else(|d| panic!("{d:?}"));
    let import = import_page(page, &Context::from_spec(&spec)).ok();
    audit(&spec, &files, &[("p_en.md".to_string(), import)])
}

/// A page of the fixture endpoint that agrees with its spec, except as each test changes it.
const AGREEING: &str = r#"## Feature Description
The admin changes a group's profile.

### Sample request URL
```
https://xxxxxx/v4/group_open_http_svc/modify_group_base_info?sdkappid=88888888&identifier=admin&usersig=xxx&random=99999999&contenttype=json
```

### Sample request
```
{"GroupId": "@TGS#1", "Name": "Hi", "Silence": 1, "Members": [{"Member_Account": "peter", "Role": "Admin"}]}
```

### Request fields

| Field | Type | Required | Description |
|---|---|---|---|
| GroupId | String | Yes | Which group. |
| Name | String | No | The new name, 30 bytes at most. |
| Silence | Integer | No | SILENCE |
| Members | Array | No | Members whose role changes, up to 500 of them. |
| Member_Account | String | Yes | The member. |
| Role | String | No | Its new role. |

### Sample response
```
{"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "ResultList": [{"Member_Account": "peter", "ResultCode": 0}]}
```

### Response fields

| Field | Type | Description |
|---|---|---|
| ResultList | Array | One result per member. |
| ResultCode | Integer | 0 on success. |
"#;

#[test]
fn a_spec_field_the_page_shows_in_its_samples_is_on_the_page() {
    // The reply table lists ResultCode but not Member_Account, which the reply sample shows.
    let a = run_text(str::to_string, &AGREEING.replace("SILENCE", "Whether members are told."));
    assert!(a.findings.is_empty(), "{}", a.render_text());
    // Not shown anywhere, it is missing.
    let page = AGREEING
        .replace("SILENCE", "Whether members are told.")
        .replace(r#""Member_Account": "peter", "ResultCode""#, r#""ResultCode""#);
    let a = run_text(str::to_string, &page);
    assert_eq!(
        a.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
        ["reply field ResultList.Member_Account is in the spec but not on the page"]
    );
}

#[test]
fn value_bounds_agree_with_the_values_the_page_lists() {
    let bounded = |min: i64, max: i64| {
        move |t: &str| {
            t.replace(
                "doc: 1 to change the profile without telling the members.",
                &format!(
                    "doc: 1 to change the profile without telling the members.\n    limits: {{min: {min}, max: {max}}}"
                ),
            )
        }
    };
    let page = |desc: &str| AGREEING.replace("SILENCE", desc);
    // `0` and `1` listed: 0..=1 agrees; `1` listed with 0 the default: so does it.
    for desc in ["`0`: tell them. `1`: do not.", "`1`: do not tell them. They are told by default (0)."] {
        let a = run_text(bounded(0, 1), &page(desc));
        assert!(a.findings.is_empty(), "{desc}: {}", a.render_text());
    }
    // A range wider than the values is not implied.
    let a = run_text(bounded(0, 5), &page("`0`: tell them. `1`: do not."));
    let msgs: Vec<&str> = a.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(msgs, ["request field Silence: limit max 5 in the spec; the page states none"]);
    // Nor are bounds where the page lists nothing.
    let a = run_text(bounded(0, 1), &page("Whether members are told."));
    assert_eq!(a.findings.len(), 2, "{}", a.render_text());
    // The range of a 32-bit unsigned integer.
    let a = run_text(bounded(0, 4_294_967_295), &page("A 32-bit unsigned flag word."));
    assert!(a.findings.is_empty(), "{}", a.render_text());
}

#[test]
fn a_record_of_the_newest_pages_audits_as_the_pages_do_and_keeps_none_of_their_words() {
    let files = codegen::fs::read_spec_dir(&dir().join("spec")).unwrap();
    let spec = codegen::load(&files).unwrap();
    let cx = Context::from_spec(&spec);
    let page = |p: &str, date: &str| {
        let text = std::fs::read_to_string(dir().join(p)).unwrap();
        AuditPage::new(p.to_string(), Some(date.to_string()), import_page(&text, &cx).ok().as_ref())
    };
    // An older English page besides the two newest: the record keeps the newest of each language.
    let mut pages = vec![page(EN, "2024-01-01"), page(ZH, "2024-01-01"), page(EN, "2020-01-01")];
    pages[2].name = "older_intl_en.md".into();
    let direct = audit_pages(&spec, &files, &pages);
    let record = write_record(&pages);
    assert_eq!(record.lines().count(), 2, "{record}");
    assert!(!record.contains("older_intl_en.md"));
    let replayed = audit_pages(&spec, &files, &read_record(&record).expect("the record reads back"));
    assert_eq!(replayed.findings, direct.findings);
    assert_eq!(replayed.conflicts, direct.conflicts);
    assert_eq!(replayed.compared, direct.compared);
    assert!(!direct.findings.is_empty() && !direct.conflicts.is_empty());
    // Facts, not sentences: no run of four words of the page's prose is in the record.
    let en = std::fs::read_to_string(dir().join(EN)).unwrap();
    let prose: Vec<&str> = en
        .lines()
        .filter(|l| l.starts_with('|') && !l.contains("---"))
        .filter_map(|l| l.trim_matches('|').rsplit('|').next())
        .map(str::trim)
        .filter(|d| d.split_whitespace().count() >= 4)
        .collect();
    assert!(prose.len() > 3, "the fixture page describes its fields: {prose:?}");
    for d in prose {
        let words: Vec<&str> = d.split_whitespace().take(4).collect();
        assert!(!record.contains(&words.join(" ")), "`{}` of the page is in the record", words.join(" "));
    }
    // A damaged line is named.
    let broken = record.replacen("\"stated\"", "\"stat", 1);
    let err = read_record(&broken).expect_err("a damaged record is refused");
    assert!(err.starts_with("1:"), "{err}");
}

#[test]
fn the_specs_examples_are_the_pages_own_samples_or_an_erratum_says_why_not() {
    let with_example = |request: &str, erratum: bool| {
        run_edited(&[EN, ZH], |text| {
            if erratum {
                *text = text.replace(
                    "errata:\n",
                    "errata:\n  - at: examples\n    vendor: \"the group named Weekend hikes\"\n    fix: Renamed to show a longer name.\n",
                );
            }
            text.push_str(&format!("\nexamples:\n  request: '{request}'\n"));
        })
    };
    let examples = |a: &Audit| -> Vec<Finding> {
        a.findings.iter().filter(|f| f.keys.iter().any(|k| k.starts_with("examples"))).cloned().collect()
    };
    // The page's sample written on one line, its keys in the page's order: the same sample.
    let own = r#"{"Role": "Admin", "GroupID": "@TGS#1NVTZEAE4", "Name": "Weekend hikes", "Notification": "Bring water", "Silence": 1, "Members": [{"Member_Account": "peter"}]}"#;
    assert!(examples(&with_example(own, false)).is_empty());
    let edited = own.replace("Weekend hikes", "Weekend hikes in the hills");
    let found = examples(&with_example(&edited, false));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.starts_with("request example of the spec is none of the "), "{}", found[0].message);
    assert_eq!(found[0].explained_by, None);
    let found = examples(&with_example(&edited, true));
    assert_eq!(found[0].explained_by.as_deref(), Some("examples"));
}

#[test]
fn a_fields_erratum_covers_that_field_and_a_types_erratum_everything_in_it() {
    fn erratum(at: &'static str) -> impl FnOnce(&mut String) {
        move |text: &mut String| {
            *text = text.replace("errata:\n", &format!("errata:\n  - at: {at}\n    vendor: \"x\"\n    fix: Why.\n"))
        }
    }
    let role = |a: &Audit| a.findings.iter().find(|f| f.message.starts_with("request field Role: nesting")).cloned();
    // An erratum about the list does not hide a disagreement about one of its members...
    let a = run_edited(&[EN], erratum("request.Members"));
    assert_eq!(role(&a).expect("the Role finding").explained_by, None);
    // ...one at the member itself, or at the members' type, explains it.
    let a = run_edited(&[EN], erratum("request.Members.Role"));
    assert_eq!(role(&a).expect("the Role finding").explained_by.as_deref(), Some("request.Members.Role"));
    let a = run_edited(&[EN], erratum("types.MemberInput"));
    assert_eq!(role(&a).expect("the Role finding").explained_by.as_deref(), Some("types.MemberInput"));
}
