//! `cargo xtask bench [--json]`: how much the client costs per call.
//!
//! Against one in-process sandbox, in one run, it measures:
//! - calls per second through `Client` and through a bare reqwest loop posting the same bytes to
//!   the same server, and their ratio (target: the client at 90% of the bare loop or better);
//! - UserSig signatures per 10,000 calls (target: 1);
//! - time to load and generate the whole spec;
//! - per-call latency at p50 and p99 for both, and what the client adds;
//! - the sandbox's cost per sendmsg over 100,000 sends (one emulated second per 100 sends), the
//!   first and the last 10,000 compared (target: flat, the ratio near 1), with how many sends the
//!   de-duplication store holds.
//! - chat-api's own build time with every service and with one (`build_time.rs`).
//!
//! Rounds alternate between the two loops so that drift (CPU frequency, other load) hits both alike;
//! each figure is the median over rounds.

mod build_time;

use chat_api::sns::GroupGetRequest;
use sandbox::{Call, Config, Emulator, Outcome, Sandbox};
use std::path::Path;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;
const CALLS_PER_ROUND: usize = 2_000;
const SIGN_CALLS: usize = 10_000;
const SENDS: usize = 100_000;
const SENDS_PER_SECOND: usize = 100;
const SEND_SLICE: usize = 10_000;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let sandbox = Sandbox::start(Config::new(1400000000, "administrator", "bench-key").rate_limits(false))
        .await
        .expect("a local port for the sandbox");
    sandbox.emulator().edit_state(|s| s.add_account("alice"));
    let client = sandbox.client();
    let request = GroupGetRequest::new("alice");

    // The bare loop posts exactly what the client sends: the same body, the same query.
    let body = serde_json::to_vec(&request).expect("request encodes");
    let sig = chat_api::usersig::sign(
        &chat_api::SecretKey::new("bench-key"),
        1400000000,
        "administrator",
        unix_now(),
        86_400,
        None,
    );
    let url = format!(
        "{}/v4/sns/group_get?sdkappid=1400000000&identifier=administrator&usersig={}&random=12345&contenttype=json",
        sandbox.url(),
        sig.expose()
    );
    let bare = reqwest::Client::builder().no_proxy().build().expect("reqwest client");

    // Warm up both paths (connections, allocator, caches).
    for _ in 0..200 {
        client.sns().group_get(request.clone()).await.expect("warm-up call");
        bare.post(&url).body(body.clone()).send().await.expect("warm-up post").bytes().await.expect("body");
    }

    let (mut client_rates, mut bare_rates) = (Vec::new(), Vec::new());
    let (mut client_lat, mut bare_lat) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..CALLS_PER_ROUND {
            let t = Instant::now();
            let reply = bare.post(&url).body(body.clone()).send().await.expect("post");
            reply.bytes().await.expect("body");
            bare_lat.push(t.elapsed());
        }
        bare_rates.push(CALLS_PER_ROUND as f64 / started.elapsed().as_secs_f64());

        let started = Instant::now();
        for _ in 0..CALLS_PER_ROUND {
            let t = Instant::now();
            client.sns().group_get(request.clone()).await.expect("call");
            client_lat.push(t.elapsed());
        }
        client_rates.push(CALLS_PER_ROUND as f64 / started.elapsed().as_secs_f64());
    }

    let signs_before = client.usersig_signatures();
    for _ in 0..SIGN_CALLS {
        client.sns().group_get(request.clone()).await.expect("call");
    }
    // Counted over 10,000 calls of a fresh client, the first signature included.
    let fresh = sandbox.client();
    for _ in 0..SIGN_CALLS {
        fresh.sns().group_get(request.clone()).await.expect("call");
    }
    let signs_per_10k = fresh.usersig_signatures();
    let reused_signs = client.usersig_signatures() - signs_before;

    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let sources = codegen::fs::read_spec_dir(&spec_dir).expect("spec is readable");
    let mut gen_times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let spec = codegen::load(&sources).expect("spec loads");
        let files = codegen::generate(&spec).expect("generation works");
        gen_times.push(t.elapsed());
        assert!(!files.is_empty());
    }

    let (send_first_us, send_last_us, send_store) = sendmsg_cost();

    let client_cps = median(&client_rates);
    let bare_cps = median(&bare_rates);
    let (c50, c99) = (percentile(&mut client_lat, 50.0), percentile(&mut client_lat, 99.0));
    let (b50, b99) = (percentile(&mut bare_lat, 50.0), percentile(&mut bare_lat, 99.0));
    gen_times.sort();
    let mut figures: Vec<(&str, f64, &str)> = vec![
        ("client_calls_per_sec", client_cps, "calls/s through Client (median of rounds)"),
        ("bare_calls_per_sec", bare_cps, "calls/s through a bare reqwest loop"),
        ("client_vs_bare_ratio", client_cps / bare_cps, "client / bare (target >= 0.90)"),
        (
            "usersig_signs_per_10k_calls",
            signs_per_10k as f64,
            "UserSigs signed in 10,000 calls of a new client (target 1)",
        ),
        ("usersig_signs_in_10k_more_calls", reused_signs as f64, "signed in 10,000 further calls of a warm client"),
        (
            "codegen_ms",
            gen_times[gen_times.len() / 2].as_secs_f64() * 1e3,
            "load + generate the whole spec (median of 10)",
        ),
        ("client_latency_p50_us", micros(c50), "per call through Client, p50"),
        ("client_latency_p99_us", micros(c99), "per call through Client, p99"),
        ("bare_latency_p50_us", micros(b50), "per call through the bare loop, p50"),
        ("bare_latency_p99_us", micros(b99), "per call through the bare loop, p99"),
        ("added_latency_p50_us", micros(c50) - micros(b50), "latency the client adds, p50"),
        ("added_latency_p99_us", micros(c99) - micros(b99), "latency the client adds, p99"),
        ("sendmsg_first_10k_us", send_first_us, "sandbox sendmsg, mean of the first 10,000 of 100,000"),
        ("sendmsg_last_10k_us", send_last_us, "sandbox sendmsg, mean of the last 10,000 of 100,000"),
        ("sendmsg_last_vs_first", send_last_us / send_first_us, "last / first (target: flat, near 1)"),
        ("sendmsg_dedup_store", send_store as f64, "sends the de-duplication store holds at the end"),
    ];
    drop(sandbox);
    figures.extend(build_time::measure(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")));
    if json {
        let map: serde_json::Map<String, serde_json::Value> = figures
            .iter()
            .map(|(k, v, _)| ((*k).to_string(), serde_json::json!((v * 1000.0).round() / 1000.0)))
            .collect();
        println!("{}", serde_json::Value::Object(map));
    } else {
        println!("{:<34} {:>14}  meaning", "figure", "value");
        for (k, v, what) in &figures {
            println!("{k:<34} {v:>14.3}  {what}");
        }
        println!(
            "\n{ROUNDS} rounds of {CALLS_PER_ROUND} sequential calls each way (sns/group_get), one process, loopback"
        );
    }
}

/// 100,000 sendmsg calls straight into an emulator (no HTTP, so the figure is the sandbox's own
/// work under its lock), each with a new `MsgSeq`, `SENDS_PER_SECOND` to an emulated second, so
/// that the de-duplication store fills to its 120-second window and then expires as it goes.
/// Returns the mean cost of the first and of the last `SEND_SLICE` sends, in microseconds, and
/// the store's size at the end.
fn sendmsg_cost() -> (f64, f64, usize) {
    let config = Config::new(1400000000, "administrator", "bench-key").rate_limits(false);
    let start = unix_now();
    let sig = chat_api::usersig::sign(
        &chat_api::SecretKey::new("bench-key"),
        1400000000,
        "administrator",
        start,
        86_400,
        None,
    );
    let query =
        format!("sdkappid=1400000000&identifier=administrator&usersig={}&random=1&contenttype=json", sig.expose());
    let emulator = Emulator::new(config);
    emulator.edit_state(|s| {
        s.add_account("alice");
        s.add_account("bob");
    });
    let mut times = Vec::with_capacity(SENDS);
    for i in 0..SENDS {
        let body = format!(
            r#"{{"From_Account":"alice","To_Account":"bob","MsgSeq":{i},"MsgRandom":{},"MsgBody":[{{"MsgType":"TIMTextElem","MsgContent":{{"Text":"hi"}}}}]}}"#,
            i % 1000
        );
        let now = start + (i / SENDS_PER_SECOND) as u64;
        let call = Call { path: "/v4/openim/sendmsg", query: &query, body: body.as_bytes() };
        let t = Instant::now();
        let outcome = emulator.call_at(call, now, Instant::now());
        times.push(t.elapsed());
        let Outcome::Reply { body, .. } = outcome else { panic!("sendmsg was not answered") };
        let reply: serde_json::Value = serde_json::from_slice(&body).expect("a JSON reply");
        assert_eq!(reply["ErrorCode"], 0, "{reply}");
    }
    let mean = |slice: &[Duration]| micros(slice.iter().sum::<Duration>()) / slice.len() as f64;
    let store = emulator.edit_state(|s| s.messages.recent.len());
    (mean(&times[..SEND_SLICE]), mean(&times[SENDS - SEND_SLICE..]), store)
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i.min(v.len() - 1)]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
