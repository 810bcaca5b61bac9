//! The query every call carries: accepted when right, refused with the vendor's code when not.
//! The vendor's own UserSig vectors are accepted at their own time and refused after it.

use chat_api::SecretKey;
use chat_api::usersig::sign;
use chat_api_sandbox::{Call, Config, Emulator, Outcome};
use serde::Deserialize;
use std::time::Instant;

const APP: u64 = 1400000000;
const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const NOW: u64 = 1_800_000_000;

fn emulator() -> Emulator {
    Emulator::new(Config::new(APP, "administrator", KEY))
}

fn query(app: u64, identifier: &str, sig: &str) -> String {
    format!("sdkappid={app}&identifier={identifier}&usersig={sig}&random=12345&contenttype=json")
}

fn code(outcome: &Outcome) -> i64 {
    outcome.json_body().and_then(|v| v["ErrorCode"].as_i64()).expect("a JSON reply with a code")
}

fn destroy(e: &Emulator, query: &str, now: u64) -> i64 {
    let call = Call { path: "/v4/group_open_http_svc/destroy_group", query, body: br#"{"GroupId":"@TGS#nothing"}"# };
    code(&e.call_at(call, now, Instant::now()))
}

fn good_sig() -> String {
    sign(&SecretKey::new(KEY), APP, "administrator", NOW - 10, 3600, None).expose().to_string()
}

#[test]
fn a_valid_call_passes_authentication() {
    // 10010: the group does not exist, which only the handler can say.
    assert_eq!(destroy(&emulator(), &query(APP, "administrator", &good_sig()), NOW), 10010);
}

#[test]
fn each_bad_query_gets_its_code() {
    let e = emulator();
    let sig = good_sig();
    let cases: Vec<(String, i64, &str)> = vec![
        ("identifier=administrator&usersig=x&random=1&contenttype=json".into(), 60012, "no sdkappid"),
        (query(0, "administrator", &sig).replace("sdkappid=0", "sdkappid=abc"), 60006, "sdkappid not a number"),
        (query(1400000001, "administrator", &sig), 70020, "another app"),
        (query(APP, "someone", &sig), 60010, "identifier not the admin"),
        (query(APP, "administrator", ""), 70002, "empty usersig"),
        (query(APP, "administrator", "not-a-sig"), 70003, "undecodable usersig"),
        (
            query(
                APP,
                "administrator",
                sign(&SecretKey::new("another key"), APP, "administrator", NOW, 3600, None).expose(),
            ),
            70009,
            "forged",
        ),
        (
            query(
                APP,
                "administrator",
                sign(&SecretKey::new(KEY), APP, "administrator", NOW - 7200, 3600, None).expose(),
            ),
            70001,
            "expired",
        ),
        (
            query(APP, "administrator", sign(&SecretKey::new(KEY), APP, "bob", NOW, 3600, None).expose()),
            70013,
            "issued for another identifier",
        ),
        (
            query(
                APP,
                "administrator",
                sign(&SecretKey::new(KEY), 1400000001, "administrator", NOW, 3600, None).expose(),
            ),
            70014,
            "issued for another app",
        ),
        (
            query(APP, "administrator", &sig).replace("random=12345", "random=4294967296"),
            60002,
            "random beyond 32 bits",
        ),
        (query(APP, "administrator", &sig).replace("&random=12345", ""), 60002, "no random"),
        (
            query(APP, "administrator", &sig).replace("contenttype=json", "contenttype=xml"),
            60002,
            "contenttype not json",
        ),
    ];
    for (q, expected, why) in cases {
        assert_eq!(destroy(&e, &q, NOW), expected, "{why}");
    }
}

#[test]
fn unknown_paths_are_refused() {
    let e = emulator();
    let q = query(APP, "administrator", &good_sig());
    for path in ["/v4/group_open_http_svc/no_such_command", "/v5/sns/group_delete", "/"] {
        let outcome = e.call_at(Call { path, query: &q, body: b"{}" }, NOW, Instant::now());
        assert_eq!(code(&outcome), 60009, "{path}");
    }
}

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    sdkappid: u64,
    key: String,
    identifier: String,
    time: u64,
    expire: u64,
    usersig: String,
}

#[test]
fn the_vendors_usersig_vectors_are_accepted_in_their_lifetime_only() {
    let v: Vectors = serde_json::from_str(include_str!("../../chat-api/tests/fixtures/usersig-vectors.json")).unwrap();
    for v in v.vectors {
        let e = Emulator::new(Config::new(v.sdkappid, v.identifier.clone(), v.key.as_str()));
        let q = query(v.sdkappid, &v.identifier, &v.usersig);
        assert_eq!(destroy(&e, &q, v.time + 1), 10010, "{} accepted at its time", v.identifier);
        assert_eq!(destroy(&e, &q, v.time + v.expire), 70001, "{} expired after its lifetime", v.identifier);
        let other = Emulator::new(Config::new(v.sdkappid, v.identifier.clone(), "another key"));
        assert_eq!(destroy(&other, &q, v.time + 1), 70009, "{} refused with another key", v.identifier);
    }
}
