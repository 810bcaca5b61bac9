//! The open HTTP layer: the client's `User-Agent`, an application's own `reqwest::Client`, an
//! explicit proxy, extra root certificates, and the cap on reply size. Against a one-shot HTTP
//! server on 127.0.0.1 written here, so the test stands alone (and ships in the package).

use chat_api::group::DestroyGroupRequest;
use chat_api::{BuildError, Client, ClientBuilder, Error, Region, RetryPolicy};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const OK: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#;

/// How the server answers: a body, with or without `Content-Length` (without, it closes the
/// connection to end the body).
#[derive(Clone)]
struct Answer {
    body: String,
    content_length: bool,
}

/// Serves every connection once with `answer`; returns its address and the request heads seen.
async fn serve(answer: Answer) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (answer, seen) = (answer.clone(), seen.clone());
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                // The head, then as much body as Content-Length says.
                let head_end = loop {
                    let Ok(n) = stream.read(&mut buf).await else { return };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&request[..head_end]).to_string();
                let length = head
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                while request.len() < head_end + length {
                    let Ok(n) = stream.read(&mut buf).await else { return };
                    if n == 0 {
                        break;
                    }
                    request.extend_from_slice(&buf[..n]);
                }
                seen.lock().unwrap().push(head);
                let length_header = if answer.content_length {
                    format!("Content-Length: {}\r\n", answer.body.len())
                } else {
                    String::new()
                };
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length_header}Connection: close\r\n\r\n{}",
                    answer.body
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), heads)
}

fn builder() -> ClientBuilder {
    Client::builder(1400000000, "admin", "http-layer-key", Region::Singapore).retry(RetryPolicy::none())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
}

#[tokio::test]
async fn requests_say_chat_api_and_its_version() {
    let (url, heads) = serve(Answer { body: OK.into(), content_length: true }).await;
    builder().base_url(&url).build().unwrap().group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap();
    let heads = heads.lock().unwrap();
    assert_eq!(header(&heads[0], "user-agent"), Some(chat_api::http::USER_AGENT));
    assert_eq!(chat_api::http::USER_AGENT, concat!("chat-api/", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn an_application_client_is_used_as_given() {
    let (url, heads) = serve(Answer { body: OK.into(), content_length: true }).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "blue".parse().unwrap());
    let own = reqwest::Client::builder().user_agent("my-app/2").default_headers(headers).build().unwrap();
    let client = builder().base_url(&url).http_client(own).build().unwrap();
    client.group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap();
    let heads = heads.lock().unwrap();
    assert_eq!(header(&heads[0], "x-tenant"), Some("blue"));
    assert_eq!(header(&heads[0], "user-agent"), Some("my-app/2"));
}

#[tokio::test]
async fn an_explicit_proxy_carries_every_request() {
    let (proxy, heads) = serve(Answer { body: OK.into(), content_length: true }).await;
    // The host does not resolve: only the proxy can answer.
    let client = builder().base_url("http://chat-api-proxy-test.invalid").proxy(proxy).build().unwrap();
    client.group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap();
    let heads = heads.lock().unwrap();
    let request_line = heads[0].lines().next().unwrap();
    assert!(
        request_line.starts_with("POST http://chat-api-proxy-test.invalid/v4/group_open_http_svc/destroy_group?"),
        "{request_line}"
    );
}

#[tokio::test]
async fn a_reply_over_the_cap_is_an_error_with_or_without_its_length() {
    let padding = "x".repeat(4000);
    let big = format!(r#"{{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"{padding}"}}"#);
    for content_length in [true, false] {
        let (url, _) = serve(Answer { body: big.clone(), content_length }).await;
        let capped = builder().base_url(&url).max_reply_bytes(1000).build().unwrap();
        let err = capped.group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap_err();
        match &err {
            Error::Decode { reason, .. } => assert!(reason.contains("over the cap of 1000 bytes"), "{reason}"),
            other => panic!("content_length {content_length}: {other}"),
        }
        // The default cap takes it.
        let roomy = builder().base_url(&url).build().unwrap();
        roomy.group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap();
    }
}

#[test]
fn bad_proxy_and_certificate_options_name_themselves() {
    let err = builder().proxy("not a url").build().unwrap_err();
    assert!(matches!(err, BuildError::Invalid { option: "proxy", .. }), "{err}");
    assert!(err.to_string().starts_with("ClientBuilder::proxy: `not a url`"), "{err}");
    let err = builder().add_root_certificate_pem("no certificate here").build().unwrap_err();
    assert!(matches!(err, BuildError::Invalid { option: "add_root_certificate_pem", .. }), "{err}");
    let pem = include_str!("fixtures/test-root-ca.pem");
    builder().add_root_certificate_pem(pem).build().expect("a real PEM certificate is accepted");
}
