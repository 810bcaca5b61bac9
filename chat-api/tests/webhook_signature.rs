//! Webhook signatures against vectors computed by Python's hashlib (fixtures/webhook_sign_vectors.py),
//! and each way a callback can be refused.

use chat_api::webhook::{Event, Verifier, VerifyError, WebhookToken, sign};
use serde_json::Value;

fn vectors() -> Vec<(String, u64, String)> {
    let text = include_str!("fixtures/webhook-sign-vectors.json");
    let v: Value = serde_json::from_str(text).unwrap();
    v["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["token"].as_str().unwrap().to_string(),
                x["request_time"].as_u64().unwrap(),
                x["sign"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn query(sdkappid: u64, sign: &str, time: u64) -> String {
    format!(
        "SdkAppid={sdkappid}&CallbackCommand=Group.CallbackAfterSendMsg&contenttype=json&ClientIP=1.2.3.4&OptPlatform=RESTAPI&Sign={sign}&RequestTime={time}"
    )
}

#[test]
fn independent_vectors_verify() {
    let all = vectors();
    assert!(all.len() >= 5);
    for (token, time, expected) in all {
        assert_eq!(sign(&WebhookToken::new(token.clone()), time), expected, "token {token:?}");
        let v = Verifier::new(1400000000, token.clone());
        let q = v.verify_query(&query(1400000000, &expected, time), time + 10).expect("verifies");
        assert_eq!((q.request_time, q.command.as_str()), (Some(time), "Group.CallbackAfterSendMsg"));
        // Upper-case hex is the same signature.
        assert!(v.verify_query(&query(1400000000, &expected.to_uppercase(), time), time).is_ok());
    }
}

#[test]
fn tampered_vectors_fail() {
    for (token, time, expected) in vectors() {
        let v = Verifier::new(1400000000, token.clone());
        let mut flipped = expected.clone().into_bytes();
        flipped[10] = if flipped[10] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(v.verify_query(&query(1400000000, &flipped, time), time), Err(VerifyError::BadSign));
        // The sign of another time does not cover this one.
        assert_eq!(v.verify_query(&query(1400000000, &expected, time + 1), time), Err(VerifyError::BadSign));
        // Another token does not make the same sign.
        let other = Verifier::new(1400000000, format!("{token}x"));
        assert_eq!(other.verify_query(&query(1400000000, &expected, time), time), Err(VerifyError::BadSign));
        // A truncated sign fails without panicking.
        assert_eq!(v.verify_query(&query(1400000000, &expected[..63], time), time), Err(VerifyError::BadSign));
    }
}

#[test]
fn each_refusal_is_its_own_error() {
    let v = Verifier::new(1400000000, "my-webhook-token").window_secs(300);
    let t = 1_700_000_000;
    let s = sign(&WebhookToken::new("my-webhook-token"), t);
    assert_eq!(
        v.verify_query(&query(1400000001, &s, t), t),
        Err(VerifyError::ForeignApp { expected: 1400000000, got: 1400000001 })
    );
    assert_eq!(
        v.verify_query(&query(1400000000, &s, t), t + 301),
        Err(VerifyError::Stale { request_time: t, now: t + 301, window: 300 })
    );
    assert!(v.verify_query(&query(1400000000, &s, t), t + 300).is_ok(), "the window's edge is inside");
    assert_eq!(
        v.verify_query(&query(1400000000, &s, t), t - 301),
        Err(VerifyError::Future { request_time: t, now: t - 301, window: 300 })
    );
    let unsigned = "SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterSendMsg";
    assert_eq!(v.verify_query(unsigned, t), Err(VerifyError::Missing("Sign")));
    assert_eq!(v.verify_query(&format!("{unsigned}&Sign={s}"), t), Err(VerifyError::Missing("RequestTime")));
    assert!(matches!(
        v.verify_query(&format!("{unsigned}&Sign={s}&RequestTime=soon"), t),
        Err(VerifyError::Malformed { name: "RequestTime", .. })
    ));
    // Without a token only the app is checked.
    assert!(Verifier::unsigned(1400000000).verify_query(unsigned, t).is_ok());
    assert!(matches!(Verifier::unsigned(1).verify_query(unsigned, t), Err(VerifyError::ForeignApp { .. })));
    // Errors never show the token.
    for e in [VerifyError::BadSign, VerifyError::Missing("Sign")] {
        assert!(!e.to_string().contains("my-webhook-token"));
    }
}

#[test]
fn a_new_command_never_fails_the_parse_but_a_bad_body_does() {
    let body = br#"{"CallbackCommand":"Bot.OnC2CMessage","From_Account":"a"}"#;
    let e = Event::from_body(body).unwrap();
    assert_eq!(e, Event::Unknown { command: "Bot.OnC2CMessage".into(), body: serde_json::from_slice(body).unwrap() });
    assert_eq!(e.allow().json()["ErrorCode"], 0);
    let v = Verifier::new(7, "t");
    let q = v.signed_query("Group.CallbackAfterSendMsg", 100, "iOS");
    assert!(matches!(v.receive(&q, b"not json", 100), Err(VerifyError::Body(_))));
    // A known command whose required field is missing is an error, not a silent default.
    assert!(matches!(v.receive(&q, br#"{"Type":"Public"}"#, 100), Err(VerifyError::Body(_))));
}
