//! Nothing in the sandbox panics on any request body: every endpoint is fed the spec's samples
//! mutated thousands of ways, random bytes, and pathological JSON, and must answer each with a
//! JSON reply (success or an error code).

use chat_api_sandbox::{Config, Emulator};
use serde_json::Value;

mod common;
use common::{Rng, admin_query, assert_answers, spec};

const NOW: u64 = 1_800_000_000;

fn samples() -> Vec<(String, String)> {
    spec()
        .endpoints
        .iter()
        .flat_map(|e| e.examples.iter().filter_map(|x| x.request.clone()).map(|r| (e.path(), r)))
        .collect()
}

/// A JSON value changed in one random place: a value replaced by one of another type, a key
/// dropped or renamed, a string made huge, a number made extreme.
fn mutate(v: &mut Value, rng: &mut Rng) {
    let replacements = [
        Value::Null,
        Value::Bool(true),
        Value::from(-1),
        Value::from(i64::MAX),
        Value::from(1e300),
        Value::from(""),
        Value::from("x".repeat(5000)),
        Value::from("中\u{0}\u{202e}"),
        serde_json::json!([]),
        serde_json::json!([null, 1, "a", {}]),
        serde_json::json!({}),
        serde_json::json!({"GroupId": {"deep": [1]}}),
    ];
    match v {
        Value::Object(map) if !map.is_empty() && rng.below(3) > 0 => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = keys[rng.below(keys.len())].clone();
            match rng.below(4) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    let val = map.remove(&key).unwrap_or(Value::Null);
                    map.insert(format!("{key}x"), val);
                }
                _ => mutate(map.get_mut(&key).unwrap(), rng),
            }
        }
        Value::Array(items) if !items.is_empty() && rng.below(3) > 0 => {
            let i = rng.below(items.len());
            if rng.below(4) == 0 {
                let copy = items[i].clone();
                items.extend(std::iter::repeat_n(copy, 40));
            } else {
                mutate(&mut items[i], rng);
            }
        }
        other => *other = replacements[rng.below(replacements.len())].clone(),
    }
}

#[test]
fn no_request_body_makes_the_sandbox_panic() {
    let config = Config::new(1, "administrator", "k").rate_limits(false);
    let query = admin_query(&config, NOW);
    let e = Emulator::new(config);
    e.edit_state(|s| {
        for a in ["id", "user15", "alice"] {
            s.add_account(a);
        }
    });
    let samples = samples();
    assert!(samples.len() >= 3);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let served = e.endpoints();
    for (path, sample) in &samples {
        if !served.contains(&path.as_str()) {
            continue;
        }
        let url = format!("/v4/{path}");
        let base: Value = serde_json::from_str(sample).unwrap();
        assert_answers(&e, &url, &query, sample.as_bytes(), NOW);
        for _ in 0..1500 {
            let mut v = base.clone();
            for _ in 0..=rng.below(3) {
                mutate(&mut v, &mut rng);
            }
            assert_answers(&e, &url, &query, v.to_string().as_bytes(), NOW);
        }
        for _ in 0..300 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            assert_answers(&e, &url, &query, &bytes, NOW);
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let wide = format!("{{\"GroupName\": [{}]}}", vec!["\"a\""; 100_000].join(","));
        for body in ["", "null", "{", "{}", "[]", "\"x\"", "1e999999", &deep, &wide] {
            assert_answers(&e, &url, &query, body.as_bytes(), NOW);
        }
    }
}
