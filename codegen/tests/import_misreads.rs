//! Misreadings of the vendor's pages found by auditing the whole doc repo, each on a page we
//! wrote in the vendor's layout (our sentences, the vendor's facts): the importer must read
//! them as the page means them.

use codegen::import::{Context, Draft, DraftField, import_page};

fn draft(page: &str) -> Draft {
    import_page(page, &Context::default()).expect("the page gives a draft").draft
}

fn field<'a>(fields: &'a [DraftField], wire: &str) -> Option<&'a DraftField> {
    fields.iter().find(|f| f.wire == wire)
}

/// A sendmsg-like page: samples captioned by deeper headings, one of which mentions callbacks,
/// and an object row whose members another page describes, followed by a plain field.
const SEND: &str = r#"## Feature Description
The admin sends a one-to-one message.

### Sample request URL
```
https://xxxxxx/v4/openim/sendmsg?sdkappid=88888888&identifier=admin&usersig=xxx&random=99999999&contenttype=json
```

### Sample request

#### The admin sends a plain text to someone.
```
{
    "To_Account": "lumotuwe2",
    "MsgRandom": 1287657,
    "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello"}}]
}
```

#### The admin sends a text and turns off the callbacks for this one message.
```
{
    "To_Account": "lumotuwe2",
    "MsgRandom": 1287657,
    "ForbidCallbackControl": ["ForbidBeforeSendMsgCallback"],
    "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello"}}]
}
```

#### The admin sends a text with what the offline push shows.
```
{
    "From_Account": "lumotuwe1",
    "To_Account": "lumotuwe2",
    "MsgRandom": 1287657,
    "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello"}}],
    "OfflinePushInfo": {"PushFlag": 0, "Desc": "offline text"}
}
```

### Request fields

| Field | Type | Required | Description |
|---|---|---|---|
| From_Account | String | No | Who the message appears to come from. |
| To_Account | String | Yes | Who gets it. |
| MsgRandom | Integer | Yes | A random 32-bit unsigned number. |
| ForbidCallbackControl | Array | No | Callbacks not to call for this message. |
| MsgBody | Array | Yes | The message's elements. |
| MsgType | String | Yes | The element's type. |
| MsgContent | Object | Yes | The element's content. |
| OfflinePushInfo | Object | No | What the offline push shows; its fields are on the message format page. |
| IsNeedReadReceipt | Integer | No | `1` asks for a read receipt. `0`, the default, does not. |

### Sample response
```
{"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "MsgTime": 1653977461, "MsgKey": "1_2_3"}
```

### Response fields

| Field | Type | Description |
|---|---|---|
| MsgTime | Integer | When the message was sent. |
| MsgKey | String | The message's key. |
"#;

#[test]
fn samples_under_caption_headings_belong_to_the_sample_section() {
    // "#### ... turns off the callbacks ..." reads as a webhooks heading; as a caption under
    // "### Sample request" it is one, and the samples after it stay request samples.
    let d = draft(SEND);
    let from = field(&d.request, "From_Account").expect("From_Account");
    assert!(!from.required);
    let push = field(&d.request, "OfflinePushInfo").expect("OfflinePushInfo");
    let ty = d.type_named(&push.ty).unwrap_or_else(|| panic!("OfflinePushInfo is a named type: {}", push.ty));
    let keys: Vec<&str> = ty.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(keys, ["PushFlag", "Desc"], "drafted from the third sample");
    assert!(
        field(&d.request, "ForbidCallbackControl").is_some_and(|f| f.ty == "array<string>"),
        "the second sample shows the list's items: {:?}",
        field(&d.request, "ForbidCallbackControl")
    );
}

#[test]
fn a_row_after_an_object_described_elsewhere_is_its_sibling() {
    let d = draft(SEND);
    assert!(field(&d.request, "IsNeedReadReceipt").is_some(), "at the top level: {:?}", d.request);
    let push = field(&d.request, "OfflinePushInfo").expect("OfflinePushInfo");
    let ty = d.type_named(&push.ty).expect("a named type");
    assert!(field(&ty.fields, "IsNeedReadReceipt").is_none());
}

#[test]
fn a_row_the_samples_do_not_show_under_an_object_whose_members_are_listed_stays_inside() {
    // The object's first member is listed, so the next unseen row is a member as well.
    let page = SEND.replace(
        "| IsNeedReadReceipt | Integer | No |",
        "| PushFlag | Integer | No | Whether to push. |\n| Title | String | No | The push's title. |\n| IsNeedReadReceipt | Integer | No |",
    );
    let d = draft(&page);
    let push = field(&d.request, "OfflinePushInfo").expect("OfflinePushInfo");
    let ty = d.type_named(&push.ty).expect("a named type");
    assert!(field(&ty.fields, "Title").is_some(), "{:?}", ty.fields);
}

/// A page whose only statement of the list's size is in its overview.
const TAGS: &str = r#"## Feature Overview
The admin removes tags from users with this call. Each request can remove tags for a maximum of 100 users.

### Sample request URL
```
https://xxxxxx/v4/all_member_push/im_remove_tag?sdkappid=88888888&identifier=admin&usersig=xxx&random=99999999&contenttype=json
```

### Sample request
```
{"UserTags": [{"To_Account": "xiaojun012", "Tags": ["a", "b"]}]}
```

### Request fields

| Field | Type | Required | Description |
|---|---|---|---|
| To_Account | String | Yes | The user. |
| Tags | Array | Yes | The tags to remove. |

### Sample response
```
{"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0}
```
"#;

#[test]
fn a_count_per_call_in_the_overview_bounds_the_one_list_of_the_request() {
    let d = draft(TAGS);
    let list = field(&d.request, "UserTags").expect("UserTags, from the sample");
    assert_eq!(list.limits, [("max_items".to_string(), 100)], "{list:?}");
    // Not when the request has two lists: which one it bounds is not said.
    let two = TAGS.replace(r#"{"UserTags": [{"#, r#"{"Other": ["x"], "UserTags": [{"#).replace(
        "| To_Account | String | Yes | The user. |",
        "| Other | Array | No | Something else. |\n| To_Account | String | Yes | The user. |",
    );
    let d = draft(&two);
    assert!(d.request.iter().all(|f| f.limits.is_empty()), "{:?}", d.request);
    // Nor when the count is not per call.
    let d = draft(
        &TAGS.replace("Each request can remove tags for a maximum of 100 users.", "An app has a maximum of 100 tags."),
    );
    assert!(field(&d.request, "UserTags").is_some_and(|f| f.limits.is_empty()));
}

#[test]
fn a_row_between_a_list_and_its_members_that_the_samples_never_show_is_the_lists_sibling() {
    // MsgBody's members (MsgType, MsgContent) follow a row the samples never show.
    let page = SEND
        .replace(
            "| MsgBody | Array | Yes | The message's elements. |",
            "| MsgBody | Array | Yes | The message's elements. |\n| MsgLifeTime | Integer | No | How long it is kept offline. |",
        );
    let d = draft(&page);
    assert!(field(&d.request, "MsgLifeTime").is_some(), "at the top level: {:?}", d.request);
    let body = field(&d.request, "MsgBody").expect("MsgBody");
    let item = d.type_named(body.ty.trim_start_matches("array<").trim_end_matches('>')).expect("a named item type");
    let keys: Vec<&str> = item.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(keys, ["MsgType", "MsgContent"]);
}

/// A search-like page: rows that leave the Required cell out, a Chinese one-at-a-time phrase,
/// and a field required only on a condition.
const SHORT_ROWS: &str = r#"## Feature Description
Looks up some conversations of a user.

### Sample request URL
```
https://xxxxxx/v4/recentcontact/search_contact_group?sdkappid=88888888&identifier=admin&usersig=xxx&random=99999999&contenttype=json
```

### Sample request
```
{"From_Account": "u1", "Mode": 1, "Label": "x", "Items": [{"Type": 1, "To_Account": "u2"}], "Groups": ["g"], "Count": 5, "LifeTime": 60}
```

### Request fields

| Field | Type | Required | Description |
|---|---|---|---|
| From_Account | String | Yes | The user whose conversations are looked up |
| Mode | Integer | Yes | 1 looks up by items, 2 by label |
| Label | String | Yes (when `Mode` is 2) | The label to look for |
| Items | Array | The conversations to look up; up to 300 per request. |
| Type | Integer | 1 for one-to-one, 2 for a group |
| To_Account | String | The other user |
| Groups | Array | 必填 | 要查的分组，当前仅支持单个查询 |
| Count | Integer | 必填 | 每次要几个，最高可填200 |
| LifeTime | Integer | 选填 | 保留多久，单位秒，最多保存7天（604800秒） |

### Sample response
```
{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""}
```
"#;

#[test]
fn a_row_without_its_required_cell_keeps_its_description_and_states_nothing_of_required() {
    let i = import_page(SHORT_ROWS, &Context::default()).expect("a draft");
    let items = field(&i.draft.request, "Items").expect("Items");
    assert!(items.doc.starts_with("The conversations to look up"), "{:?}", items.doc);
    assert_eq!(items.limits, [("max_items".to_string(), 300)]);
    assert!(!i.facts.required_stated.contains_key("request.Items"), "{:?}", i.facts.required_stated);
    assert_eq!(i.facts.required_stated.get("request.From_Account"), Some(&true));
    assert!(i.warnings.iter().any(|w| w.message.contains("`Items` has no Required cell")), "{:?}", i.warnings);
}

#[test]
fn a_field_required_on_a_condition_is_drafted_optional_and_the_page_states_neither() {
    let i = import_page(SHORT_ROWS, &Context::default()).expect("a draft");
    assert_eq!(field(&i.draft.request, "Label").map(|f| f.required), Some(false));
    assert!(!i.facts.required_stated.contains_key("request.Label"), "{:?}", i.facts.required_stated);
    assert_eq!(i.facts.required_stated.get("request.Mode"), Some(&true));
}

#[test]
fn a_chinese_one_at_a_time_phrase_bounds_a_list_to_one_item() {
    let d = draft(SHORT_ROWS);
    assert_eq!(field(&d.request, "Groups").map(|f| f.limits.clone()), Some(vec![("max_items".to_string(), 1)]));
}

#[test]
fn chinese_value_bounds_phrased_as_what_may_be_filled_in_or_kept() {
    let d = draft(SHORT_ROWS);
    assert_eq!(field(&d.request, "Count").map(|f| f.limits.clone()), Some(vec![("max".to_string(), 200)]));
    assert_eq!(field(&d.request, "LifeTime").map(|f| f.limits.clone()), Some(vec![("max".to_string(), 604800)]));
}

/// A status-like page: a reply table that writes nested rows as `A.B` and top-level ones bare, and
/// a request field named like a header word.
const DOTTED: &str = r#"## Feature Description
Reads some users' states.

### Sample request URL
```
https://xxxxxx/v4/openim/query_online_status?sdkappid=88888888&identifier=admin&usersig=xxx&random=99999999&contenttype=json
```

### Sample request
```
{"To_Account": ["a", "b"], "Description": "why"}
```

### Request fields

| Field | Type | Required | Description |
|---|---|---|---|
| To_Account | Array | Yes | Whose states |
| Description | String | No | Why they are asked for, at most 100 bytes |

### Sample response
```
{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "QueryResult": [{"To_Account": "a", "Detail": [{"Platform": "iPhone", "Status": "Online"}]}]}
```

### Response fields

| Field | Type | Description |
|---|---|---|
| QueryResult | Array | The states |
| QueryResult.To_Account | String | Whose |
| QueryResult.Detail | Array | Per platform |
| QueryResult.Detail.Platform | String | Which platform |
| ErrorList | Array | The users that could not be read |
| ErrorList.To_Account | String | Who |
"#;

#[test]
fn a_row_named_like_a_header_word_with_a_type_is_a_field() {
    let d = draft(DOTTED);
    let f = field(&d.request, "Description").expect("the Description row is a field");
    assert_eq!((f.ty.as_str(), f.limits.clone()), ("string", vec![("max_bytes".to_string(), 100)]));
}

#[test]
fn bare_rows_of_a_table_that_writes_nesting_as_dots_are_top_level() {
    let i = import_page(DOTTED, &Context::default()).expect("a draft");
    assert!(field(&i.draft.response, "ErrorList").is_some(), "{:?}", i.draft.response);
    assert!(i.facts.lines.contains_key("response.ErrorList"), "{:?}", i.facts.lines.keys());
    assert!(!i.facts.lines.keys().any(|k| k.contains("Detail.ErrorList")), "{:?}", i.facts.lines.keys());
}
