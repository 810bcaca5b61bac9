//! The sandbox posts signed callbacks to a webhook server built with the crate's `webhook` module,
//! awaits `before` callbacks and applies their answers.

mod common;

use chat_api::GroupType;
use chat_api::group::{GroupMsgGetSimpleRequest, SendGroupMsgRequest};
use chat_api::webhook::{Event, GroupBeforeSendMsgReply, Verifier};
use chat_api::{MsgElement, TextElem};
use common::{group, once, start, text};
use sandbox::{Config, Sandbox};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "hook-token";

/// What the app's server saw: each callback's command and whether it verified.
type Seen = Arc<Mutex<Vec<(String, bool)>>>;

/// The app's webhook server: verifies each callback with the crate, refuses group messages that
/// say "spam" (code 10100), rewrites those that say "rewrite", lets the rest through; waits
/// `delay` before answering.
async fn app_server(delay: Duration) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook?app=1", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        let verifier = Verifier::new(1400000000, TOKEN);
        loop {
            let Ok((mut conn, _)) = listener.accept().await else { return };
            let (verifier, log) = (verifier.clone(), log.clone());
            tokio::spawn(async move {
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                let (head, body) = loop {
                    let n = conn.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    raw.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&raw).to_string();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("Content-Length: "))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if body.len() >= len {
                            break (head.to_string(), body.to_string());
                        }
                    }
                };
                let target = head.split_whitespace().nth(1).unwrap_or_default();
                let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
                let received = verifier.receive(query, body.as_bytes(), chat_api::webhook::unix_now());
                let answer = match &received {
                    Ok((q, event)) => {
                        log.lock().unwrap().push((q.command.clone(), true));
                        match event {
                            Event::GroupBeforeSendMsg(m) => {
                                let said = serde_json::to_string(&m.msg_body).unwrap();
                                if said.contains("spam") {
                                    GroupBeforeSendMsgReply::refuse(10100, "no spam here").into()
                                } else if said.contains("rewrite") {
                                    GroupBeforeSendMsgReply::allow_with_body(vec![MsgElement::text("rewritten")]).into()
                                } else {
                                    event.allow()
                                }
                            }
                            other => other.allow(),
                        }
                    }
                    Err(e) => {
                        log.lock().unwrap().push((format!("refused: {e}"), false));
                        chat_api::webhook::Ack::ok().into()
                    }
                };
                tokio::time::sleep(delay).await;
                let body = answer.to_bytes();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let _ = conn.write_all(head.as_bytes()).await;
                let _ = conn.write_all(&body).await;
            });
        }
    });
    (url, seen)
}

async fn setup(config: Config) -> (Sandbox, String) {
    let s = start(config.rate_limits(false)).await;
    common::accounts(&s, &["alice", "bob"]);
    let id = group(&s, GroupType::Public, "HooksGroup", Some("alice"), &["bob"]).await;
    (s, id)
}

fn say(group: &str, words: &str) -> SendGroupMsgRequest {
    SendGroupMsgRequest::new(group, text(words)).with_from_account("bob")
}

async fn history(s: &Sandbox, group: &str) -> Vec<String> {
    let list = s.client().group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(group, 20)).await.unwrap();
    list.rsp_msg_list
        .unwrap_or_default()
        .iter()
        .flat_map(|m| m.msg_body.iter().flatten())
        .filter_map(|e| match e {
            MsgElement::Text(TextElem { text, .. }) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

async fn wait_for(seen: &Seen, command: &str) -> bool {
    for _ in 0..100 {
        if seen.lock().unwrap().iter().any(|(c, _)| c == command) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_group_message_is_not_stored_and_a_changed_one_is_stored_changed() {
    let (url, seen) = app_server(Duration::ZERO).await;
    let (s, id) = setup(common::config().webhook(url, Some(TOKEN))).await;
    let api = once(&s);

    let err = api.group().send_group_msg(say(&id, "buy spam now")).await.unwrap_err();
    assert_eq!(err.code(), Some(10100), "the app's own code reaches the caller: {err}");
    api.group().send_group_msg(say(&id, "please rewrite me")).await.unwrap();
    api.group().send_group_msg(say(&id, "hello")).await.unwrap();

    assert_eq!(history(&s, &id).await, ["hello", "rewritten"], "newest first; the refused one is absent");
    assert!(wait_for(&seen, "Group.CallbackAfterSendMsg").await, "after-callbacks arrive");
    let seen = seen.lock().unwrap().clone();
    assert!(seen.iter().all(|(_, ok)| *ok), "every callback verified: {seen:?}");
    assert_eq!(seen.iter().filter(|(c, _)| c == "Group.CallbackBeforeSendMsg").count(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_or_absent_webhook_server_lets_messages_through_by_default() {
    let (url, seen) = app_server(Duration::from_millis(800)).await;
    let config = common::config()
        .webhook(url, Some(TOKEN))
        .webhook_policy(Duration::from_millis(200), sandbox::OnFailure::Allow);
    let (s, id) = setup(config).await;
    once(&s).group().send_group_msg(say(&id, "spam but slow")).await.unwrap();
    assert_eq!(history(&s, &id).await, ["spam but slow"], "unanswered in time counts as allowed");
    assert!(wait_for(&seen, "Group.CallbackBeforeSendMsg").await);

    // Nobody listens on the URL at all.
    let dead = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", dead.local_addr().unwrap());
    drop(dead);
    let (s, id) = setup(common::config().webhook(url.clone(), Some(TOKEN))).await;
    once(&s).group().send_group_msg(say(&id, "nobody home")).await.unwrap();
    assert_eq!(history(&s, &id).await, ["nobody home"]);

    // With the console set to refuse on failure, the same send is refused with 10016.
    let config = common::config()
        .webhook(url, Some(TOKEN))
        .webhook_policy(Duration::from_millis(200), sandbox::OnFailure::Refuse);
    let (s, id) = setup(config).await;
    let err = once(&s).group().send_group_msg(say(&id, "nobody home")).await.unwrap_err();
    assert_eq!(err.code(), Some(10016));
    assert!(history(&s, &id).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verifier_with_another_token_refuses_the_sandboxs_callbacks() {
    // The sandbox signs with its token; an app server holding another token sees every callback fail.
    let (url, seen) = app_server(Duration::ZERO).await;
    let (s, id) = setup(common::config().webhook(url, Some("another-token"))).await;
    once(&s).group().send_group_msg(say(&id, "hi")).await.unwrap();
    assert!(wait_for(&seen, "refused: webhook `Sign` does not match the token and `RequestTime`").await);
}
