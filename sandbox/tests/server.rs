//! The sandbox over HTTP, called through the real `chat_api::Client`: the seed endpoints' happy
//! paths and documented errors, limits refused server-side, editions, the call frequency, and every
//! fault kind (with what each does to the state).

use chat_api::group::{DestroyGroupError, DestroyGroupRequest};
use chat_api::recent_contact::{DelContactGroupError, DelContactGroupRequest};
use chat_api::runtime::Edition;
use chat_api::sns::{GroupDeleteError, GroupDeleteRequest};
use chat_api::{CommonError, Error};
use sandbox::state::{ContactGroup, Group};
use sandbox::{Fault, Sandbox};
use std::time::Duration;

mod common;
use common::{config, sandbox, start};

fn add_group(s: &Sandbox, id: &str) {
    s.emulator().edit_state(|st| {
        let mut g = Group::default();
        g.id = id.to_string();
        g.group_type = "Public".into();
        st.groups.insert(id.to_string(), g);
    });
}

fn add_contact_group(s: &Sandbox, user: &str, name: &str, id: i64) {
    s.emulator().edit_state(|st| {
        st.add_account(user);
        st.contact_groups.entry(user.to_string()).or_default().groups.push(ContactGroup::new(name, id));
    });
}

#[tokio::test]
async fn destroy_group_removes_the_group_once() {
    let s = sandbox().await;
    add_group(&s, "@TGS#1");
    s.client().group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap();
    assert!(!s.emulator().state().groups.contains_key("@TGS#1"));
    let again = s.client().group().destroy_group(DestroyGroupRequest::new("@TGS#1")).await.unwrap_err();
    assert!(matches!(again, Error::Service(DestroyGroupError::GroupNotFound(_))), "{again}");
    let bad = s.client().group().destroy_group(DestroyGroupRequest::new("")).await.unwrap_err();
    assert!(matches!(bad, Error::Service(DestroyGroupError::InvalidGroupId(_))), "{bad}");
}

#[tokio::test]
async fn group_delete_advances_the_sequence_and_needs_an_imported_account() {
    let s = sandbox().await;
    s.emulator().edit_state(|st| {
        st.add_account("alice");
        let lists = st.friend_lists.entry("alice".into()).or_default();
        lists.lists = ["a", "b", "c"].into_iter().map(sandbox::state::FriendList::new).collect();
        lists.sequence = 3;
    });
    let reply = s.client().sns().group_delete(GroupDeleteRequest::new("alice", ["a", "c"])).await.unwrap();
    assert_eq!(reply.current_sequence, 4);
    assert_eq!(s.emulator().state().friend_lists["alice"].names(), ["b"]);
    let nobody = s.client().sns().group_delete(GroupDeleteRequest::new("nobody", ["a"])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(GroupDeleteError::AccountNotFound(_))), "{nobody}");
}

#[tokio::test]
async fn del_contact_group_returns_the_deleted_group_and_errors_as_documented() {
    let s = sandbox().await;
    add_contact_group(&s, "bob", "work", 7);
    let reply =
        s.client().recent_contact().del_contact_group(DelContactGroupRequest::new("bob", ["work"])).await.unwrap();
    assert_eq!((reply.group_item[0].group_name.as_str(), reply.group_item[0].group_id), ("work", 7));
    let gone =
        s.client().recent_contact().del_contact_group(DelContactGroupRequest::new("bob", ["work"])).await.unwrap_err();
    assert!(matches!(gone, Error::Service(DelContactGroupError::ContactGroupNotFound(_))), "{gone}");
    let nobody =
        s.client().recent_contact().del_contact_group(DelContactGroupRequest::new("nobody", ["x"])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(DelContactGroupError::AccountNotImported(_))), "{nobody}");
}

#[tokio::test]
async fn conversation_groups_can_be_deleted_on_the_pro_edition() {
    let s = start(config().edition(Edition::Pro)).await;
    add_contact_group(&s, "bob", "work", 1);
    s.client().recent_contact().del_contact_group(DelContactGroupRequest::new("bob", ["work"])).await.unwrap();
    assert!(s.emulator().state().contact_groups["bob"].groups.is_empty(), "deleted");
}

#[tokio::test]
async fn limits_are_refused_by_the_sandbox_too_with_the_documented_codes() {
    let s = sandbox().await;
    let client = s.client_builder().check_limits(false).build().unwrap();
    s.emulator().edit_state(|st| st.add_account("alice"));
    let many = client
        .sns()
        .group_delete(GroupDeleteRequest::new("alice", (0..33).map(|i| format!("l{i}"))))
        .await
        .unwrap_err();
    assert!(matches!(many, Error::Service(GroupDeleteError::InvalidParameter(_))), "{many}");
    let long = client
        .recent_contact()
        .del_contact_group(DelContactGroupRequest::new("alice", ["x".repeat(40)]))
        .await
        .unwrap_err();
    assert!(matches!(long, Error::Service(DelContactGroupError::ContactGroupNameTooLong(_))), "{long}");
    let two =
        client.recent_contact().del_contact_group(DelContactGroupRequest::new("alice", ["a", "b"])).await.unwrap_err();
    assert!(matches!(two, Error::Service(DelContactGroupError::InvalidParameter(_))), "{two}");
    // The client, with its checks on, refuses the same requests without sending them.
    let refused = s
        .client()
        .sns()
        .group_delete(GroupDeleteRequest::new("alice", (0..33).map(|i| format!("l{i}"))))
        .await
        .unwrap_err();
    let Error::Refused(v) = refused else { panic!("{refused}") };
    assert_eq!(v.code, Some(30001), "the client names the code the service would answer");
}

#[tokio::test]
async fn a_body_that_is_not_json_or_not_the_documented_shape_is_refused() {
    let s = sandbox().await;
    let http = reqwest_like_post(&s, "/v4/sns/group_delete", "not json").await;
    assert_eq!(http["ErrorCode"], 60003);
    let http = reqwest_like_post(&s, "/v4/sns/group_delete", r#"{"From_Account": 5}"#).await;
    assert_eq!(http["ErrorCode"], 30001);
}

/// Posts a raw body with a correctly signed query, as `curl` would.
async fn reqwest_like_post(s: &Sandbox, path: &str, body: &str) -> serde_json::Value {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let c = s.emulator().config();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let sig = chat_api::usersig::sign(&c.key, c.sdkappid, &c.admin, now, 600, None);
    let query =
        format!("sdkappid={}&identifier={}&usersig={}&random=7&contenttype=json", c.sdkappid, c.admin, sig.expose());
    let mut stream = tokio::net::TcpStream::connect(s.addr()).await.unwrap();
    let head = format!(
        "POST {path}?{query} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    let text = String::from_utf8_lossy(&reply);
    let json = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(json).unwrap_or_else(|_| panic!("not a JSON reply: {text}"))
}

#[tokio::test]
async fn the_documented_call_frequency_is_enforced_per_endpoint() {
    let s = sandbox().await;
    let client = s.client();
    let mut refused = 0;
    for _ in 0..201 {
        match client.group().destroy_group(DestroyGroupRequest::new("@TGS#none")).await {
            Err(Error::Service(DestroyGroupError::Common(CommonError::ApiRateLimited(_)))) => refused += 1,
            Err(Error::Service(DestroyGroupError::GroupNotFound(_))) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    // 200 per second: at least the 201st call within the second is refused (the loop takes well
    // under a second on loopback; if it ever took longer, fewer would be refused, never more).
    assert!(refused >= 1, "the 201st call in a second must be refused");
    assert!(refused <= 1, "only calls past the 200th are refused, got {refused}");
    // Another endpoint has a window of its own.
    s.emulator().edit_state(|st| st.add_account("alice"));
    client.sns().group_delete(GroupDeleteRequest::new("alice", ["x"])).await.unwrap();
}

#[tokio::test]
async fn faults_each_behave_as_documented() {
    let s = sandbox().await;
    // One attempt per call, to see each fault itself (retries are tested in the fault matrix).
    let client =
        s.client_builder().timeout(Duration::from_millis(300)).retry(chat_api::RetryPolicy::none()).build().unwrap();
    let state_has = |id: &str| s.emulator().state().groups.contains_key(id);

    add_group(&s, "@TGS#status");
    s.emulator().faults().next(Fault::Status(502));
    let e = client.group().destroy_group(DestroyGroupRequest::new("@TGS#status")).await.unwrap_err();
    assert!(matches!(e, Error::Status { status: 502, .. }), "{e}");
    assert!(state_has("@TGS#status"), "a 502 from the path leaves the state alone");

    add_group(&s, "@TGS#delay");
    s.emulator().faults().next(Fault::Delay(Duration::from_secs(2)));
    let e = client.group().destroy_group(DestroyGroupRequest::new("@TGS#delay")).await.unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e}");
    assert!(!state_has("@TGS#delay"), "the service acted although the client gave up");

    add_group(&s, "@TGS#before");
    s.emulator().faults().next(Fault::DropBefore);
    let e = client.group().destroy_group(DestroyGroupRequest::new("@TGS#before")).await.unwrap_err();
    assert!(matches!(e, Error::Transport { connect: false, .. }), "{e}");
    assert!(state_has("@TGS#before"), "dropped before acting");

    add_group(&s, "@TGS#after");
    s.emulator().faults().next(Fault::DropAfter);
    let e = client.group().destroy_group(DestroyGroupRequest::new("@TGS#after")).await.unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e}");
    assert!(!state_has("@TGS#after"), "dropped after acting");

    s.emulator().edit_state(|st| st.add_account("alice"));
    s.emulator().faults().next(Fault::Truncated);
    let e = client.sns().group_delete(GroupDeleteRequest::new("alice", ["x"])).await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");

    add_group(&s, "@TGS#html");
    s.emulator().faults().next(Fault::NotJson);
    let e = client.group().destroy_group(DestroyGroupRequest::new("@TGS#html")).await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");
    assert!(state_has("@TGS#html"));

    add_group(&s, "@TGS#code");
    s.emulator().faults().for_endpoint("group_open_http_svc/destroy_group", Fault::code(10002), 2);
    for _ in 0..2 {
        let e = client.group().destroy_group(DestroyGroupRequest::new("@TGS#code")).await.unwrap_err();
        assert!(matches!(&e, Error::Service(err) if err.is_retriable() && err.code() == 10002), "{e}");
    }
    assert!(state_has("@TGS#code"), "an injected code does not act");
    client.group().destroy_group(DestroyGroupRequest::new("@TGS#code")).await.unwrap();
    assert!(!state_has("@TGS#code"), "the third call goes through");
    assert_eq!(s.emulator().faults().pending(), 0);
}
