//! One tracing span per call that names the endpoint, attempts, code and latency but never a
//! secret.
//!
//! Alone in its test binary: a subscriber set with `set_default` races with other threads that
//! meet the same callsites first (tracing caches each callsite's interest), which made the span
//! go missing now and then when this test shared a binary with others.

use chat_api::RetryPolicy;
use chat_api::sns::GroupDeleteRequest;
use sandbox::{Config, Fault, Sandbox};
use std::time::Duration;

const KEY: &str = "traces-test-secret-key";

#[path = "../../tests/support/log_capture.rs"]
mod log_capture;

#[tokio::test]
async fn each_call_is_a_span_with_endpoint_attempts_code_and_latency_and_no_secret() {
    let (capture, _guard) = log_capture::capture(true);

    let s = Sandbox::start(Config::new(1400000000, "administrator", KEY).rate_limits(false)).await.unwrap();
    s.emulator().edit_state(|st| st.add_account("alice"));
    let client = s
        .client_builder()
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap();
    s.emulator().faults().next(Fault::Status(502));
    client.sns().group_delete(GroupDeleteRequest::new("alice", ["x"])).await.unwrap();
    let _ = client.sns().group_delete(GroupDeleteRequest::new("nobody", ["x"])).await.unwrap_err();

    let text = capture.text();
    assert!(text.contains("chat_api.call"), "{text}");
    assert!(text.contains("endpoint=\"sns/group_delete\"") || text.contains("endpoint=sns/group_delete"), "{text}");
    assert!(text.contains("attempts=2"), "the retried call reports two attempts: {text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("code=30003"), "the failed call reports its code: {text}");
    assert!(text.contains("latency_ms="), "{text}");
    assert!(!text.contains(KEY), "the key leaks into traces");
    assert!(!text.to_ascii_lowercase().contains("usersig="), "the query leaks into traces: {text}");
}
