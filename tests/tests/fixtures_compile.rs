//! The generator's output for the fixtures (tests/fixtures/) compiles, and behaves as documented:
//! constructors take the required fields, optional ones are left out of the JSON, enums keep values
//! they do not know, limits inside nested types are checked with exact paths, codes map to variants.

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

use chat_api::runtime::{Endpoint, ErrorDetail, Limit, ServiceError, decode_reply};
use kitchen_sink::gadgets::{GetGadgetError, GetGadgetRequest};
use kitchen_sink::shared::{Color, CommonError, Label, Priority, Region};
use kitchen_sink::widgets::{Part, PutWidgetError, PutWidgetRequest};
use serde_json::json;

fn widget() -> PutWidgetRequest {
    PutWidgetRequest::new("w1", "round", [Part::new("axle")])
}

#[test]
fn constructor_takes_required_fields_and_optional_ones_stay_out_of_the_json() {
    let body = serde_json::to_value(widget()).unwrap();
    assert_eq!(body, json!({"Widget_Id": "w1", "Type": "round", "Parts": [{"Name": "axle"}]}));
    let full = widget()
        .with_grid([vec![1, 2], vec![3]])
        .with_tags(["a", "b"])
        .with_weight(1.5)
        .with_count(3)
        .with_visible(false)
        .with_app_data(json!({"k": [1]}))
        .with_priority(Priority::Low)
        .with_main_label(Label::new("x").with_color(Color::DarkBlue));
    let body = serde_json::to_value(&full).unwrap();
    assert_eq!(body["Grid"], json!([[1, 2], [3]]));
    assert_eq!(body["Priority"], json!(-1));
    assert_eq!(body["Main_Label"], json!({"Text": "x", "Color": "DARK_BLUE"}));
    assert_eq!(body["Visible"], json!(false));
    // Every field, including the keyword-named one, decodes back.
    let back: PutWidgetRequest = serde_json::from_value(body).unwrap();
    assert_eq!(back, full);
    assert_eq!(back.kind, "round");
}

#[test]
fn a_request_without_required_fields_has_a_default() {
    assert_eq!(GetGadgetRequest::default(), GetGadgetRequest::new());
    assert_eq!(serde_json::to_value(GetGadgetRequest::new()).unwrap(), json!({}));
}

#[test]
fn enums_keep_unknown_values_and_send_them_back_unchanged() {
    let c: Color = serde_json::from_value(json!("ultraviolet")).unwrap();
    assert_eq!(c, Color::Unknown("ultraviolet".into()));
    assert_eq!(serde_json::to_value(&c).unwrap(), json!("ultraviolet"));
    let p: Priority = serde_json::from_value(json!(7)).unwrap();
    assert_eq!((p.clone(), p.as_i64()), (Priority::Unknown(7), 7));
    assert_eq!(serde_json::from_value::<Priority>(json!(-1)).unwrap(), Priority::Low);
    assert_eq!(Color::from("DARK_BLUE"), Color::DarkBlue);
    assert!(serde_json::from_value::<Priority>(json!("10")).is_err(), "an integer enum wants a number");
}

#[test]
fn limits_are_checked_inside_nested_types_with_exact_paths() {
    assert!(widget().check_limits().is_ok());
    let part = Part::new("axle").with_labels([Label::new("ok"), Label::new("x".repeat(17))]);
    let v = PutWidgetRequest::new("w1", "round", [Part::new("a"), part]).check_limits().unwrap_err();
    assert_eq!((v.field.as_str(), v.limit, v.actual), ("Parts[1].Labels[1].Text", Limit::MaxBytes(16), 17));

    let v = PutWidgetRequest::new("w1", "round", Vec::<Part>::new()).check_limits().unwrap_err();
    assert_eq!((v.field.as_str(), v.limit), ("Parts", Limit::MinItems(1)));
    let v = widget().with_tags(["ok", "much too long"]).check_limits().unwrap_err();
    assert_eq!((v.field.as_str(), v.limit), ("Tags[1]", Limit::MaxBytes(8)));
    let v = widget().with_count(0).check_limits().unwrap_err();
    assert_eq!(v.limit, Limit::Min(1));
    let v = widget().with_main_label(Label::new("x".repeat(20))).check_limits().unwrap_err();
    assert_eq!(v.field, "Main_Label.Text");
}

#[test]
fn endpoint_constants_come_from_the_spec() {
    assert_eq!(PutWidgetRequest::PATH, "widget_svc/put_widget");
    let rate = PutWidgetRequest::RATE_LIMIT.unwrap();
    assert_eq!((rate.calls(), rate.period_secs()), (20, 1));
    assert_eq!(PutWidgetRequest::EDITION, Some(chat_api::runtime::Edition::Premium));
    assert_eq!(GetGadgetRequest::EDITION, None);
}

#[test]
fn codes_map_to_variants_with_common_and_unknown_fallbacks() {
    let e = PutWidgetError::from_detail(ErrorDetail::new(1001, "busy"));
    assert!(matches!(e, PutWidgetError::InternalError(_)) && e.is_retriable() && e.code() == 1001);
    let e = PutWidgetError::from_detail(ErrorDetail::new(-5, "neg"));
    assert!(matches!(e, PutWidgetError::NegativeCode(_)) && !e.is_retriable());
    let e = PutWidgetError::from_detail(ErrorDetail::new(70500, "oops"));
    assert!(matches!(e, PutWidgetError::Common(CommonError::InternalError(_))) && e.is_retriable());
    let e = GetGadgetError::from_detail(ErrorDetail::new(1001, "not a gadget code"));
    assert!(matches!(&e, GetGadgetError::Unknown(d) if d.code == 1001 && d.info == "not a gadget code"));
    assert_eq!(e.meaning(), None);
    assert_eq!(
        PutWidgetError::from_detail(ErrorDetail::new(1010, "too heavy: 5kg")).to_string(),
        "widget_svc/put_widget: error 1010: The widget weighs too much (service says: too heavy: 5kg)"
    );
}

#[test]
fn replies_decode_without_the_envelope_and_with_missing_optional_fields() {
    let body = br#"{"ActionStatus":"OK","ErrorCode":0,"Stored":[{"Name":"a","Seq":1,"Extra":true}],"New":1}"#;
    let reply = decode_reply::<PutWidgetRequest>(body).unwrap();
    assert_eq!((reply.stored.len(), reply.version), (1, None));
    let missing = br#"{"ActionStatus":"OK","ErrorCode":0}"#;
    assert!(decode_reply::<PutWidgetRequest>(missing).is_err(), "`Stored` is required in the reply");
}

#[test]
fn regions_parse_from_names_and_hosts() {
    assert_eq!("far-away".parse::<Region>().unwrap(), Region::FarAway);
    assert_eq!("Far Away".parse::<Region>().unwrap().host(), "far.example.com");
    assert_eq!("localhost".parse::<Region>().unwrap(), Region::Local);
    let err = "mars".parse::<Region>().unwrap_err().to_string();
    assert!(err.contains("mars") && err.contains("far_away"), "{err}");
}

#[test]
fn the_dedup_key_is_filled_once_unless_set_and_idempotence_comes_from_the_spec() {
    let mut request = widget();
    assert!(!request.carries_dedup_key());
    assert_eq!((request.nonce, request.serial), (None, None));
    chat_api::runtime::fill_dedup(&mut request);
    assert!(request.carries_dedup_key());
    let first = (request.nonce.expect("filled"), request.serial.expect("filled"));
    chat_api::runtime::fill_dedup(&mut request);
    assert_eq!((request.nonce, request.serial), (Some(first.0), Some(first.1)), "filled once, then kept");
    assert!((0..=i64::from(u32::MAX)).contains(&first.0) && (0..=i64::from(u32::MAX)).contains(&first.1));
    // A key the caller gave in part is completed: the given part is kept, only the other drawn.
    let mut chosen = widget().with_nonce(42);
    assert!(!chosen.carries_dedup_key(), "half a key is no key");
    let mut draws = 0;
    chosen.fill_dedup(&mut || {
        draws += 1;
        7
    });
    assert_eq!((chosen.nonce, chosen.serial, draws), (Some(42), Some(7), 1), "a caller's value is kept");
    assert_eq!((GetGadgetRequest::IDEMPOTENT, PutWidgetRequest::IDEMPOTENT), (true, false));
}

#[test]
fn a_type_and_a_table_shared_by_a_service_are_used_from_its_endpoints() {
    use kitchen_sink::widgets::Dimensions;
    let v = widget().with_size(Dimensions::new(0)).check_limits().unwrap_err();
    assert_eq!((v.field.as_str(), v.limit), ("Size.Width", Limit::Min(1)));
    let e = PutWidgetError::from_detail(ErrorDetail::new(1020, "no"));
    assert!(matches!(e, PutWidgetError::BadSize(_)));
}

#[test]
fn maps_with_app_defined_keys_round_trip_and_are_checked() {
    let attrs: std::collections::BTreeMap<String, Label> =
        [("a".to_string(), Label::new("ok")), ("b\"".to_string(), Label::new("x".repeat(17)))].into();
    let request = widget().with_attributes(attrs.clone());
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["Attributes"]["a"], json!({"Text": "ok"}));
    let v = request.check_limits().unwrap_err();
    assert_eq!((v.field.as_str(), v.limit), ("Attributes[\"b\\\"\"].Text", Limit::MaxBytes(16)));
    let many: std::collections::BTreeMap<String, Label> = (0..4).map(|i| (i.to_string(), Label::new("t"))).collect();
    assert_eq!(widget().with_attributes(many).check_limits().unwrap_err().limit, Limit::MaxItems(3));
}

#[test]
fn unions_decode_by_tag_and_keep_unknown_objects_whole() {
    use kitchen_sink::shared::{Element, TextBody};
    let note = json!([
        {"Kind": "TextElem", "Body": {"Text": "hi"}},
        {"Kind": "NumberElem", "Body": 7},
        {"Kind": "PingElem"},
        {"Kind": "FutureElem", "Body": {"Any": [1, 2]}, "Extra": true}
    ]);
    let elements: Vec<Element> = serde_json::from_value(note.clone()).unwrap();
    assert_eq!(elements[0], Element::Text(TextBody::new("hi")));
    assert_eq!(elements[1], Element::Number(7));
    assert_eq!(elements[2], Element::Ping);
    assert!(matches!(&elements[3], Element::Unknown(raw) if raw["Extra"] == json!(true)));
    assert_eq!(elements[3].tag(), Some("FutureElem"));
    assert_eq!(serde_json::to_value(&elements).unwrap(), note, "re-encoded unchanged, the unknown one included");
    assert!(
        serde_json::from_value::<Element>(json!({"Kind": "NumberElem", "Body": "seven"})).is_err(),
        "a known tag with the wrong content is an error"
    );

    let v =
        widget().with_note([Element::Ping, Element::Text(TextBody::new("far too long"))]).check_limits().unwrap_err();
    assert_eq!((v.field.as_str(), v.limit), ("Note[1].Body.Text", Limit::MaxBytes(10)));
}

mod paging_and_batches {
    use super::kitchen_sink::gadgets::{GadgetHistoryRequest, GadgetsApi, ListGadgetsRequest, ListOwnersRequest};
    use super::kitchen_sink::widgets::{Part, PutWidgetRequest, WidgetsApi};
    use chat_api::{Client, Region, RetryPolicy};
    use chat_api_tests::server::{Reply, TestServer};
    use futures_util::TryStreamExt;

    fn client(server: &TestServer) -> Client {
        Client::builder(1, "admin", "key", Region::Singapore)
            .base_url(server.url())
            .retry(RetryPolicy::none())
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_paged_endpoint_streams_every_item_following_the_cursor() {
        let server = TestServer::start().await.unwrap();
        let page = |texts: &[&str], next: Option<i64>, complete: i64| {
            let items: Vec<serde_json::Value> = texts.iter().map(|t| serde_json::json!({"Text": t})).collect();
            let mut body =
                serde_json::json!({"ActionStatus": "OK", "ErrorCode": 0, "Gadgets": items, "Complete": complete});
            if let Some(n) = next {
                body["Next"] = n.into();
            }
            Reply::json(200, body.to_string())
        };
        server.reply(page(&["a", "b"], Some(2), 0));
        server.reply(page(&["c"], Some(3), 0));
        server.reply(page(&["d"], None, 1));
        let client = client(&server);
        let all: Vec<String> = GadgetsApi::new(&client)
            .list_gadgets_all(ListGadgetsRequest::new().with_limit(2))
            .map_ok(|label| label.text)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all, ["a", "b", "c", "d"]);
        let cursors: Vec<serde_json::Value> = server.requests().iter().map(|r| r.json().unwrap()).collect();
        assert_eq!(cursors[0], serde_json::json!({"Limit": 2}));
        assert_eq!(cursors[1]["Cursor"], 2);
        assert_eq!(cursors[2]["Cursor"], 3);
        assert_eq!(server.requests().len(), 3, "the page marked complete is the last");
    }

    #[tokio::test]
    async fn a_history_pages_below_the_smallest_item_until_sequence_one() {
        let server = TestServer::start().await.unwrap();
        let page = |seqs: &[i64]| {
            let items: Vec<serde_json::Value> =
                seqs.iter().map(|s| serde_json::json!({"Seq": s, "Text": format!("e{s}")})).collect();
            Reply::json(200, serde_json::json!({"ActionStatus": "OK", "ErrorCode": 0, "Entries": items}).to_string())
        };
        // Out of order within a page on purpose: the smallest counts, not the last.
        server.reply(page(&[5, 7, 6]));
        server.reply(page(&[4, 3]));
        server.reply(page(&[2, 1]));
        let client = client(&server);
        let seqs: Vec<i64> = GadgetsApi::new(&client)
            .gadget_history_all(GadgetHistoryRequest::new())
            .map_ok(|e| e.seq)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(seqs, [5, 7, 6, 4, 3, 2, 1]);
        let asked: Vec<serde_json::Value> = server.requests().iter().map(|r| r.json().unwrap()).collect();
        assert_eq!(asked[0], serde_json::json!({}));
        assert_eq!(asked[1]["Below"], 4);
        assert_eq!(asked[2]["Below"], 2);
        assert_eq!(asked.len(), 3, "nothing lies below sequence number 1");
    }

    #[tokio::test]
    async fn an_offset_moves_past_the_items_received_until_the_total() {
        let server = TestServer::start().await.unwrap();
        let page = |owners: &[&str]| {
            Reply::json(
                200,
                serde_json::json!({"ActionStatus": "OK", "ErrorCode": 0, "Total": 5, "Owners": owners}).to_string(),
            )
        };
        // The server may give fewer than asked for: the offset follows what came, not the limit.
        server.reply(page(&["a", "b"]));
        server.reply(page(&["c"]));
        server.reply(page(&["d", "e"]));
        let client = client(&server);
        let all: Vec<String> = GadgetsApi::new(&client)
            .list_owners_all(ListOwnersRequest::new().with_offset(0).with_limit(2))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all, ["a", "b", "c", "d", "e"]);
        let asked: Vec<serde_json::Value> = server.requests().iter().map(|r| r.json().unwrap()).collect();
        let offsets: Vec<i64> = asked.iter().map(|a| a["Offset"].as_i64().unwrap()).collect();
        assert_eq!(offsets, [0, 2, 3]);
        assert_eq!(asked.len(), 3, "the total was reached: no fourth request");
    }

    #[tokio::test]
    async fn a_cursor_that_does_not_move_or_an_error_ends_the_stream() {
        let server = TestServer::start().await.unwrap();
        let stuck = r#"{"ActionStatus":"OK","ErrorCode":0,"Gadgets":[{"Text":"x"}],"Next":5,"Complete":0}"#;
        server.reply(Reply::json(200, stuck));
        server.reply(Reply::json(200, stuck));
        server.reply(Reply::json(200, stuck));
        let stuck_client = client(&server);
        let all: Vec<_> = GadgetsApi::new(&stuck_client)
            .list_gadgets_all(ListGadgetsRequest::new())
            .try_collect::<Vec<_>>()
            .await
            .unwrap();
        assert_eq!(all.len(), 2, "the second page repeats the cursor: no third request");
        assert_eq!(server.requests().len(), 2);

        let server = TestServer::start().await.unwrap();
        server.reply(Reply::json(200, r#"{"ActionStatus":"FAIL","ErrorCode":2001,"ErrorInfo":"none"}"#));
        let failing = client(&server);
        let items: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
            GadgetsApi::new(&failing).list_gadgets_all(ListGadgetsRequest::new()),
        )
        .await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap_err().code(), Some(2001));
    }

    #[tokio::test]
    async fn a_batch_splits_into_calls_within_the_limit_and_reports_each_item() {
        let server = TestServer::start().await.unwrap();
        let ok = r#"{"ActionStatus":"OK","ErrorCode":0,"Stored":[]}"#;
        server.reply(Reply::json(200, ok));
        server.reply(Reply::json(200, r#"{"ActionStatus":"FAIL","ErrorCode":1002,"ErrorInfo":"gone"}"#));
        server.reply(Reply::json(200, ok));
        let client = client(&server);
        let parts: Vec<Part> = (0..120).map(|i| Part::new(format!("p{i}"))).collect();
        let report = WidgetsApi::new(&client).put_widget_batched(PutWidgetRequest::new("w", "round", parts)).await;
        let sizes: Vec<usize> = report.calls.iter().map(|c| c.items.len()).collect();
        assert_eq!(sizes, [50, 50, 20], "at most the documented 50 parts per call");
        let bodies: Vec<serde_json::Value> = server.requests().iter().map(|r| r.json().unwrap()).collect();
        assert!(bodies.iter().all(|b| b["Widget_Id"] == "w"), "the other fields go with every call");
        let keys: Vec<&serde_json::Value> = bodies.iter().map(|b| &b["Nonce"]).collect();
        assert!(keys.iter().all(|k| k.is_i64()), "each call carries a de-duplication key");
        assert!(keys[0] != keys[1] && keys[1] != keys[2], "one key per call, not one for the batch");
        assert_eq!(bodies[1]["Parts"][0]["Name"], "p50");
        assert!(!report.all_ok());
        assert_eq!(report.failed_items().len(), 50);
        let failed: Vec<&str> = report.per_item().filter(|(_, r)| r.is_err()).map(|(p, _)| p.name.as_str()).collect();
        assert_eq!((failed[0], failed[49]), ("p50", "p99"));
    }
}
