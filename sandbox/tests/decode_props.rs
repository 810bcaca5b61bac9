//! Property tests of request decoding (proptest, shrinking to the smallest failing body): whatever
//! JSON arrives at whichever endpoint, in place of a field of its sample or as the whole body, the
//! sandbox answers with the vendor's envelope, a numeric `ErrorCode`, and `ActionStatus` OK exactly
//! when the code is 0.

use chat_api_sandbox::{Call, Config, Emulator, Outcome};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use std::sync::OnceLock;
use std::time::Instant;

mod common;
use common::{admin_query, spec};

const NOW: u64 = 1_800_000_000;

/// The emulator, its query, and each served endpoint's sample request (URL path, body).
type Fixture = (Emulator, String, Vec<(String, Value)>);

/// The [`Fixture`], made once.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let config = Config::new(1, "administrator", "k").rate_limits(false);
        let query = admin_query(&config, NOW);
        let e = Emulator::new(config);
        e.edit_state(|s| ["id", "user15", "alice"].into_iter().for_each(|a| s.add_account(a)));
        let served = e.endpoints();
        let samples = spec()
            .endpoints
            .iter()
            .filter(|ep| served.contains(&ep.path().as_str()))
            .flat_map(|ep| ep.examples.iter().filter_map(|x| x.request.clone()).map(move |r| (ep.path(), r)))
            .filter_map(|(path, r)| Some((format!("/v4/{path}"), serde_json::from_str(&r).ok()?)))
            .collect();
        (e, query, samples)
    })
}

/// Any JSON value, a few levels deep, keys often the vendor's.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        Just(Value::from("x".repeat(5000))),
    ];
    let key = prop_oneof![any::<String>(), Just("GroupId".to_string()), Just("From_Account".to_string())];
    leaf.prop_recursive(3, 32, 4, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What replaces part of a sample.
#[derive(Clone, Debug)]
enum Change {
    /// The value of one top-level key.
    Value(Index, Value),
    /// One top-level key dropped.
    Drop(Index),
    /// The whole body.
    Body(Value),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<Index>(), json()).prop_map(|(k, v)| Change::Value(k, v)),
        1 => any::<Index>().prop_map(Change::Drop),
        1 => json().prop_map(Change::Body),
    ]
}

fn answer(path: &str, body: &[u8]) -> Result<Value, String> {
    let (e, query, _) = fixture();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        e.call_at(Call { path, query, body }, NOW, Instant::now())
    }))
    .map_err(|_| "panicked".to_string())?;
    let Outcome::Reply { body, .. } = outcome else { return Err("no reply".into()) };
    serde_json::from_slice(&body).map_err(|e| format!("not JSON: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_body_gets_the_envelope(sample in any::<Index>(), changes in proptest::collection::vec(change(), 1..=3)) {
        let (_, _, samples) = fixture();
        prop_assume!(!samples.is_empty());
        let (path, base) = &samples[sample.index(samples.len())];
        let mut body = base.clone();
        for c in &changes {
            match (c, &mut body) {
                (Change::Value(k, v), Value::Object(map)) if !map.is_empty() => {
                    let key = map.keys().nth(k.index(map.len())).cloned().unwrap_or_default();
                    map.insert(key, v.clone());
                }
                (Change::Drop(k), Value::Object(map)) if !map.is_empty() => {
                    let key = map.keys().nth(k.index(map.len())).cloned().unwrap_or_default();
                    map.remove(&key);
                }
                (Change::Body(v), _) => body = v.clone(),
                _ => {}
            }
        }
        let text = body.to_string();
        let reply = answer(path, text.as_bytes()).map_err(|e| TestCaseError::fail(format!("{path} {text}: {e}")))?;
        let code = reply["ErrorCode"].as_i64();
        prop_assert!(code.is_some(), "{path} {text}: {reply}");
        prop_assert_eq!(reply["ActionStatus"].as_str() == Some("OK"), code == Some(0), "{} {}: {}", path, text, reply);
    }

    #[test]
    fn bytes_that_are_not_json_are_refused_as_such(sample in any::<Index>(), bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let (_, _, samples) = fixture();
        prop_assume!(serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err());
        let path = &samples[sample.index(samples.len())].0;
        let reply = answer(path, &bytes).map_err(TestCaseError::fail)?;
        prop_assert_ne!(reply["ErrorCode"].as_i64().unwrap_or(0), 0, "{}: {:?} accepted", path, bytes);
    }
}
