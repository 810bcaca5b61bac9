//! A non-idempotent call is repeated after the service may have acted only when it carries the
//! vendor's de-duplication key, and then every attempt carries the same key.

use chat_api::runtime::{Endpoint, ErrorDetail, ServiceError};
use chat_api::{Client, Error, Region, RetryPolicy};
use chat_api_tests::server::{Reply, TestServer};
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// A message send as a hand-written endpoint: not idempotent, with `MsgRandom` as its key.
#[derive(Serialize)]
struct Send {
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
    fn dedup(&self) -> Option<i64> {
        self.msg_random
    }
    fn fill_dedup(&mut self, value: u32) {
        self.msg_random.get_or_insert(i64::from(value));
    }
}

fn client(server: &TestServer) -> Client {
    Client::builder(1400000000, "admin", "key", Region::Singapore)
        .base_url(server.url())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn with_a_key_the_call_is_repeated_with_the_same_key() {
    let server = TestServer::start().await.unwrap();
    server.reply(Reply::close());
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#));
    let mut send = Send { msg_random: None };
    chat_api::runtime::fill_dedup(&mut send);
    client(&server).call(&send).await.unwrap();
    let keys: Vec<serde_json::Value> =
        server.requests().iter().map(|r| r.json().unwrap()["MsgRandom"].clone()).collect();
    assert_eq!(keys.len(), 2, "dropped after the service may have acted, then sent again");
    assert_eq!(keys[0], keys[1], "one key for both attempts");
    assert!(keys[0].is_i64());
}

#[tokio::test]
async fn without_a_key_it_is_not_repeated() {
    let server = TestServer::start().await.unwrap();
    server.reply(Reply::close());
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#));
    let err = client(&server).call(&Send { msg_random: None }).await.unwrap_err();
    assert!(matches!(err, Error::Transport { connect: false, .. }), "{err}");
    assert_eq!(server.requests().len(), 1, "a non-idempotent call is not repeated blindly");
}
