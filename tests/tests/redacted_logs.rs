//! The client's DEBUG and INFO logs never carry the UserSig, whatever a server echoes: whole, in
//! pieces or percent-encoded, in error texts, decode reasons or bodies, on calls that fail, are
//! retried, or succeed after a retry.
//!
//! Alone in its test binary: a subscriber set with `set_default` races with other threads that meet
//! the same callsites first (see chat-api/tests/traces.rs).

use chat_api::group::DestroyGroupRequest;
use chat_api::{Client, Region, RetryPolicy};
use chat_api_tests::server::{Reply, TestServer};
use std::time::Duration;

#[path = "../support/log_capture.rs"]
mod log_capture;

#[tokio::test]
async fn no_log_line_carries_any_piece_of_the_usersig() {
    let (capture, _guard) = log_capture::capture(false);

    let server = TestServer::start().await.unwrap();
    let client = Client::builder(1_400_000_000, "admin", "logs-secret-key", Region::Singapore)
        .base_url(server.url())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap();
    let scripts = [
        // Retriable code (10002) echoing the UserSig, then success: logged as "retrying".
        r#"{"ActionStatus":"FAIL","ErrorCode":10002,"ErrorInfo":"busy {usersig}","ErrorDisplay":"{usersig/8}"}"#,
        r#"{"ActionStatus":"OK","ErrorCode":0}"#,
        // Final code echoing it percent-encoded.
        r#"{"ActionStatus":"FAIL","ErrorCode":10010,"ErrorInfo":"gone {usersig%}"}"#,
        // A decode reason that quotes it.
        r#"{"ActionStatus":"{usersig}","ErrorCode":0}"#,
    ];
    for body in scripts {
        server.reply(Reply::json(200, body).echo_usersig());
    }
    server.reply(Reply::with_type(502, "text/html", "<p>{usersig}</p>").echo_usersig());
    server.reply(Reply::with_type(502, "text/html", "<p>{usersig/8}</p>").echo_usersig());
    server.reply(Reply::with_type(502, "text/html", "<p>{usersig%}</p>").echo_usersig());
    client.group().destroy_group(DestroyGroupRequest::new("g")).await.expect("succeeds on the retry");
    for _ in 0..3 {
        let _ = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    }

    let sig = server.requests()[0].query_value("usersig").unwrap().to_string();
    let text = capture.text();
    assert!(
        text.contains("retrying") && text.contains("10010") && text.contains("502"),
        "the logs say something: {text}"
    );
    let percent: Vec<String> = sig.bytes().map(|b| format!("%{b:02X}")).collect();
    for start in 0..=sig.len() - 8 {
        assert!(!text.contains(&sig[start..start + 8]), "a piece of the UserSig is logged: {text}");
        assert!(!text.to_ascii_uppercase().contains(&percent[start..start + 8].concat()), "logged encoded: {text}");
    }
}
