//! A non-idempotent call is repeated after the service may have acted only when it carries the
//! vendor's whole de-duplication key (for one-to-one sends `MsgSeq` and `MsgRandom`), and then
//! every attempt carries the same key.

use chat_api::runtime::{Endpoint, ErrorDetail, ServiceError};
use chat_api::{Client, Error, Region, RetryPolicy};
use chat_api_tests::server::{Reply, TestServer};
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// A message send as a hand-written endpoint: not idempotent, with `MsgSeq` and `MsgRandom` as
/// its key.
#[derive(Serialize)]
struct Send {
    #[serde(rename = "MsgSeq", skip_serializing_if = "Option::is_none")]
    msg_seq: Option<i64>,
    #[serde(rename = "MsgRandom", skip_serializing_if = "Option::is_none")]
    msg_random: Option<i64>,
}

#[derive(Debug)]
struct SendError(ErrorDetail);

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error {}", self.0.code)
    }
}

impl ServiceError for SendError {
    const ENDPOINT: &'static str = "openim/sendmsg";
    fn from_detail(detail: ErrorDetail) -> Self {
        SendError(detail)
    }
    fn detail(&self) -> &ErrorDetail {
        &self.0
    }
    fn meaning(&self) -> Option<&'static str> {
        None
    }
    fn is_retriable(&self) -> bool {
        false
    }
}

impl Endpoint for Send {
    const PATH: &'static str = "openim/sendmsg";
    const RATE_LIMIT: Option<chat_api::runtime::RateLimit> = None;
    const EDITION: Option<chat_api::runtime::Edition> = None;
    type Response = serde_json::Value;
    type Error = SendError;
    fn carries_dedup_key(&self) -> bool {
        self.msg_seq.is_some() && self.msg_random.is_some()
    }
    fn fill_dedup(&mut self, draw: &mut dyn FnMut() -> u32) {
        self.msg_seq.get_or_insert_with(|| i64::from(draw()));
        self.msg_random.get_or_insert_with(|| i64::from(draw()));
    }
}

fn client(server: &TestServer) -> Client {
    Client::builder(1400000000, "admin", "key", Region::Singapore)
        .base_url(server.url())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap()
}

/// The key parts of every request the server saw.
fn keys(server: &TestServer) -> Vec<(serde_json::Value, serde_json::Value)> {
    server
        .requests()
        .iter()
        .map(|r| {
            let body = r.json().unwrap();
            (body["MsgSeq"].clone(), body["MsgRandom"].clone())
        })
        .collect()
}

#[tokio::test]
async fn with_a_key_the_call_is_repeated_with_the_same_key() {
    let server = TestServer::start().await.unwrap();
    server.reply(Reply::close());
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#));
    let mut send = Send { msg_seq: None, msg_random: None };
    chat_api::runtime::fill_dedup(&mut send);
    client(&server).call(&send).await.unwrap();
    let keys = keys(&server);
    assert_eq!(keys.len(), 2, "dropped after the service may have acted, then sent again");
    assert_eq!(keys[0], keys[1], "one key for both attempts");
    assert!(keys[0].0.is_i64() && keys[0].1.is_i64());
}

#[tokio::test]
async fn without_a_key_it_is_not_repeated() {
    let server = TestServer::start().await.unwrap();
    server.reply(Reply::close());
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#));
    let err = client(&server).call(&Send { msg_seq: None, msg_random: None }).await.unwrap_err();
    assert!(matches!(err, Error::Transport { connect: false, .. }), "{err}");
    assert_eq!(server.requests().len(), 1, "a non-idempotent call is not repeated blindly");
}

#[tokio::test]
async fn half_a_key_is_no_key() {
    // `MsgRandom` alone: the service would draw a new `MsgSeq` for each attempt and store both.
    let server = TestServer::start().await.unwrap();
    server.reply(Reply::json(502, "bad gateway"));
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#));
    let err = client(&server).call(&Send { msg_seq: None, msg_random: Some(7) }).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 502, .. }), "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn generated_sends_fill_both_parts_once_per_call() {
    use chat_api::MsgElement;
    use chat_api::openim::{BatchSendMsgRequest, SendMsgRequest};
    let server = TestServer::start().await.unwrap();
    let ok = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgTime":1,"MsgKey":"1_2_1"}"#;
    for _ in 0..2 {
        server.reply(Reply::json(503, "unavailable"));
        server.reply(Reply::json(200, ok));
    }
    let client = client(&server);
    client.openim().send_msg(SendMsgRequest::new("bob", [MsgElement::text("hi")])).await.unwrap();
    // A caller's `MsgSeq` is kept, and only `MsgRandom` is drawn.
    let batch = BatchSendMsgRequest::new(["bob", "carol"], [MsgElement::text("hi")]).with_msg_seq(99);
    client.openim().batch_send_msg(batch).await.unwrap();
    let keys = keys(&server);
    assert_eq!(keys.len(), 4, "each call retried once after a 5xx answer");
    assert_eq!(keys[0], keys[1], "sendmsg: one key for both attempts");
    assert_eq!(keys[2], keys[3], "batchsendmsg: one key for both attempts");
    assert_eq!(keys[2].0, 99);
    assert!(keys.iter().all(|(seq, random)| seq.is_i64() && random.is_i64()));
    assert_ne!(keys[0], keys[2], "each call draws its own key");
}
