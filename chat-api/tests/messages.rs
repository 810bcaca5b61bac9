//! The message model (spec/shared/messages.yaml): message bodies decode into typed elements and
//! encode back to the same JSON, and element types the spec does not know survive the trip whole.

use chat_api::{ImageFormat, ImageInfoType, MsgElement, OfflinePushInfo, PushFlag};
use serde_json::{Value, json};

/// Decodes `body` as a message body, encodes it again and returns both the typed elements and the
/// re-encoded JSON.
fn round_trip(body: &Value) -> (Vec<MsgElement>, Value) {
    let elements: Vec<MsgElement> = serde_json::from_value(body.clone()).expect("message body decodes");
    let again = serde_json::to_value(&elements).expect("message body encodes");
    (elements, again)
}

#[test]
fn an_element_type_the_spec_lacks_survives_decode_and_encode() {
    let body = json!([
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "before"}},
        {
            "MsgType": "TIMUnknownFutureElem",
            "MsgContent": {"Shape": "hexagon", "Sides": 6, "Nested": {"List": [1, 2.5, null, true]}},
            "ExtraTopLevel": "kept too"
        },
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "after"}}
    ]);
    let (elements, again) = round_trip(&body);
    assert_eq!(again, body);
    assert_eq!(elements.len(), 3);
    match &elements[1] {
        MsgElement::Unknown(raw) => assert_eq!(raw, &body[1]),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(elements[1].tag(), Some("TIMUnknownFutureElem"));
    assert!(matches!(&elements[0], MsgElement::Text(t) if t.text == "before"));
    assert!(matches!(&elements[2], MsgElement::Text(t) if t.text == "after"));
}

#[test]
fn an_element_without_a_tag_is_kept_as_unknown() {
    let body = json!([{"MsgContent": {"Text": "no tag"}}]);
    let (elements, again) = round_trip(&body);
    assert_eq!(again, body);
    assert!(matches!(&elements[0], MsgElement::Unknown(_)));
    assert_eq!(elements[0].tag(), None);
}

#[test]
fn every_known_element_kind_round_trips() {
    // One element of each kind, with every documented field, in the forms of the vendor's pages.
    let body = json!([
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello world"}},
        {"MsgType": "TIMLocationElem", "MsgContent": {"Desc": "someinfo", "Latitude": 29.340656774469956, "Longitude": 116.77497920478824}},
        {"MsgType": "TIMFaceElem", "MsgContent": {"Index": 1, "Data": "content"}},
        {"MsgType": "TIMCustomElem", "MsgContent": {"Data": "message", "Desc": "notification", "Ext": "url", "Sound": "dingdong.aiff"}},
        {"MsgType": "TIMSoundElem", "MsgContent": {"Url": "https://example.com/voice", "UUID": "1053D4B3", "Size": 62351, "Second": 1, "Download_Flag": 2}},
        {"MsgType": "TIMImageElem", "MsgContent": {"UUID": "1853095_D610", "ImageFormat": 1, "ImageInfoArray": [
            {"Type": 1, "Size": 1853095, "Width": 2448, "Height": 3264, "URL": "http://example.com/0"},
            {"Type": 2, "Size": 2565240, "Width": 0, "Height": 0, "URL": "http://example.com/720"},
            {"Type": 3, "Size": 12535, "Width": 0, "Height": 0, "URL": "http://example.com/198"}
        ]}},
        {"MsgType": "TIMFileElem", "MsgContent": {"Url": "https://example.com/file", "UUID": "1053D4B3", "FileSize": 1773552, "FileName": "trim.MOV", "Download_Flag": 2}},
        {"MsgType": "TIMVideoFileElem", "MsgContent": {
            "VideoUrl": "https://example.com/video", "VideoUUID": "5da38ba8", "VideoSize": 1194603, "VideoSecond": 5,
            "VideoFormat": "mp4", "VideoDownloadFlag": 2, "ThumbUrl": "https://example.com/thumb", "ThumbUUID": "6edaffed",
            "ThumbSize": 13907, "ThumbWidth": 720, "ThumbHeight": 1280, "ThumbFormat": "JPG", "ThumbDownloadFlag": 2
        }},
        {"MsgType": "TIMRelayElem", "MsgContent": {
            "Title": "Group chat history", "MsgNum": 2, "CompatibleText": "Upgrade to see merged messages.",
            "AbstractList": ["A: What do you think of this?", "B: I think it's great."],
            "MsgList": [
                {"From_Account": "A", "GroupId": "group1", "MsgSeq": 85, "MsgRandom": 3998651049u64, "MsgTimeStamp": 1664437702,
                 "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "What do you think of this?"}}]},
                {"From_Account": "B", "To_Account": "A", "MsgSeq": 86, "MsgRandom": 965790, "MsgTimeStamp": 1664437703,
                 "MsgBody": [{"MsgType": "TIMFutureElem", "MsgContent": {"X": 1}}], "CloudCustomData": "cc"}
            ]
        }}
    ]);
    let (elements, again) = round_trip(&body);
    assert_eq!(again, body);

    let tags: Vec<_> = elements.iter().map(|e| e.tag().unwrap_or("?")).collect();
    assert_eq!(
        tags,
        [
            "TIMTextElem",
            "TIMLocationElem",
            "TIMFaceElem",
            "TIMCustomElem",
            "TIMSoundElem",
            "TIMImageElem",
            "TIMFileElem",
            "TIMVideoFileElem",
            "TIMRelayElem"
        ]
    );
    // Each decoded into its own variant with typed content, not into `Unknown`.
    match &elements[1] {
        MsgElement::Location(l) => {
            assert_eq!(l.desc, "someinfo");
            assert!((l.latitude - 29.340656774469956).abs() < 1e-12);
        }
        other => panic!("expected Location, got {other:?}"),
    }
    assert!(matches!(&elements[2], MsgElement::Face(f) if f.index == 1 && f.data.as_deref() == Some("content")));
    assert!(matches!(&elements[3], MsgElement::Custom(c) if c.sound.as_deref() == Some("dingdong.aiff")));
    assert!(matches!(&elements[4], MsgElement::Sound(s) if s.size == 62351 && s.second == 1));
    match &elements[5] {
        MsgElement::Image(i) => {
            assert_eq!(i.image_format, ImageFormat::Jpg);
            let kinds: Vec<_> = i.image_info_array.iter().map(|x| x.kind.clone()).collect();
            assert_eq!(kinds, [ImageInfoType::Original, ImageInfoType::Large, ImageInfoType::Thumbnail]);
        }
        other => panic!("expected Image, got {other:?}"),
    }
    assert!(matches!(&elements[6], MsgElement::File(f) if f.file_name == "trim.MOV"));
    assert!(matches!(&elements[7], MsgElement::Video(v) if v.thumb_height == 1280));
    match &elements[8] {
        MsgElement::Relay(r) => {
            let list = r.msg_list.as_ref().expect("MsgList decoded");
            assert_eq!(list.len(), 2);
            assert!(matches!(&list[0].msg_body[0], MsgElement::Text(t) if t.text == "What do you think of this?"));
            // An unknown element nested inside a relayed message is kept as well.
            assert!(matches!(&list[1].msg_body[0], MsgElement::Unknown(_)));
        }
        other => panic!("expected Relay, got {other:?}"),
    }
}

#[test]
fn older_sdk_forms_without_download_urls_decode() {
    // 2.x/3.x SDKs write only the UUIDs; reading such history back must not fail.
    let body = json!([
        {"MsgType": "TIMSoundElem", "MsgContent": {"UUID": "305c0201", "Size": 62351, "Second": 1}},
        {"MsgType": "TIMFileElem", "MsgContent": {"UUID": "305c02010", "FileSize": 1773552, "FileName": "a.MOV"}},
        {"MsgType": "TIMVideoFileElem", "MsgContent": {"VideoUUID": "v", "VideoSize": 1, "VideoSecond": 5, "VideoFormat": "mp4",
            "ThumbUUID": "t", "ThumbSize": 2, "ThumbWidth": 720, "ThumbHeight": 1280, "ThumbFormat": "JPG"}}
    ]);
    let (elements, again) = round_trip(&body);
    assert_eq!(again, body);
    assert!(matches!(&elements[0], MsgElement::Sound(s) if s.url.is_none()));
}

#[test]
fn a_known_tag_with_a_wrong_shape_is_an_error_that_names_the_tag() {
    let err = serde_json::from_value::<Vec<MsgElement>>(json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": 5}}]))
        .expect_err("a number is not text");
    assert!(err.to_string().contains("TIMTextElem"), "{err}");
}

#[test]
fn offline_push_info_round_trips() {
    let info = json!({
        "PushFlag": 0, "Title": "t", "Desc": "d", "Ext": "{\"entity\":{}}",
        "MultiLanguageContent": [{"Language": "en", "Title": "T", "Desc": "D"}],
        "AndroidInfo": {"Sound": "shake", "XiaoMiChannelID": "x", "OPPOCategory": "IM", "HonorImportance": "LOW",
            "HuaWeiImportance": "NORMAL", "OPPOPrivateTitleParameters": {"k1": "v1"}, "GooglePriority": "high", "PushStyle": 1},
        "ApnsInfo": {"Sound": "apns.mp3", "BadgeMode": 1, "MutableContent": 1, "InterruptionLevel": "time-sensitive",
            "LiveActivity": {"LaId": "timpush", "Event": "end", "ContentState": {"k1": 1}, "DismissalDate": 1739502750}},
        "HarmonyInfo": {"Category": "IM", "SoundDuration": 30},
        "BadgeSetNum": 3, "PushTemplateId": "1400000000-2", "PushTemplateParam": {"UserName": "aaaa"}
    });
    let typed: OfflinePushInfo = serde_json::from_value(info.clone()).expect("decodes");
    assert_eq!(typed.push_flag, Some(PushFlag::Push));
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), info);
}
