//! The sandbox over HTTP, called through the real `chat_api::Client`: the seed endpoints' happy
//! paths and documented errors, limits refused server-side, editions, the call frequency, and every
//! fault kind (with what each does to the state).

use chat_api::group::{DestroyGroupError, DestroyGroupRequest};
use chat_api::recent_contact::{DelContactGroupError, DelContactGroupRequest};
use chat_api::runtime::Edition;
use chat_api::sns::{GroupDeleteError, GroupDeleteRequest};
use chat_api::{CommonError, Error};
use chat_api_sandbox::state::{ContactGroup, Group};
use chat_api_sandbox::{Fault, Sandbox};
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
        lists.lists = ["a", "b", "c"].into_iter().map(chat_api_sandbox::state::FriendList::new).collect();
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
    // One attempt per call: the default policy would wait for the window and succeed.
    let client = s.client_builder().retry(chat_api::RetryPolicy::none()).build().unwrap();
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
async fn a_burst_past_the_frequency_gets_through_on_the_default_retries() {
    let s = sandbox().await;
    let client = s.client();
    let burst = (0..300).map(|_| {
        let client = client.clone();
        async move { client.group().destroy_group(DestroyGroupRequest::new("@TGS#none")).await }
    });
    let results = futures_util::future::join_all(burst).await;
    let limited = results.iter().filter(|r| r.as_ref().err().and_then(Error::code) == Some(60007)).count();
    assert_eq!(limited, 0, "a refused call waits for the window and is answered on a retry");
    assert!(results.iter().all(|r| r.as_ref().err().and_then(Error::code) == Some(10010)), "every call answered");
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

// ---- Connection guards: hostile or careless clients do not hang or starve the sandbox. ----

use chat_api_sandbox::ServerOptions;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn guarded(options: ServerOptions) -> Sandbox {
    Sandbox::start_with(config(), SocketAddr::from(([127, 0, 0, 1], 0)), options).await.unwrap()
}

/// A correctly signed request line for `path` on `s`.
fn signed_target(s: &Sandbox, path: &str) -> String {
    let c = s.emulator().config();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let sig = chat_api::usersig::sign(&c.key, c.sdkappid, &c.admin, now, 600, None);
    format!("{path}?sdkappid={}&identifier={}&usersig={}&random=7&contenttype=json", c.sdkappid, c.admin, sig.expose())
}

/// Reads until the peer closes, giving up after `within` (a bound against hanging, not a timing).
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut reply = Vec::new();
    match tokio::time::timeout(within, stream.read_to_end(&mut reply)).await {
        Ok(_) => Some(String::from_utf8_lossy(&reply).into_owned()),
        Err(_) => None,
    }
}

fn envelope(http: &str) -> serde_json::Value {
    let json = http.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(json).unwrap_or_else(|_| panic!("not a JSON reply: {http}"))
}

#[tokio::test]
async fn silent_slow_and_idle_connections_are_closed() {
    let s = guarded(ServerOptions::default().header_timeout(Duration::from_millis(300))).await;
    // Nothing sent at all.
    let mut silent = TcpStream::connect(s.addr()).await.unwrap();
    assert!(read_until_closed(&mut silent, Duration::from_secs(10)).await.is_some(), "a silent connection is closed");
    // Headers started and never finished.
    let mut slow = TcpStream::connect(s.addr()).await.unwrap();
    slow.write_all(b"POST /v4/x HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    assert!(read_until_closed(&mut slow, Duration::from_secs(10)).await.is_some(), "unfinished headers time out");
    // A kept-alive connection that sends no second request.
    let mut idle = TcpStream::connect(s.addr()).await.unwrap();
    let body = r#"{"GroupId":"@TGS#none"}"#;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        signed_target(&s, "/v4/group_open_http_svc/destroy_group"),
        body.len()
    );
    idle.write_all(head.as_bytes()).await.unwrap();
    let text =
        read_until_closed(&mut idle, Duration::from_secs(10)).await.expect("an idle keep-alive connection is closed");
    assert_eq!(envelope(&text)["ErrorCode"], 10010, "the request itself was answered first: {text}");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_answered() {
    let s = guarded(ServerOptions::default().body_timeout(Duration::from_millis(300))).await;
    let target = signed_target(&s, "/v4/group_open_http_svc/destroy_group");
    // The client stalls after part of the body.
    let mut stalled = TcpStream::connect(s.addr()).await.unwrap();
    stalled
        .write_all(format!("POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{{\"GroupId\"").as_bytes())
        .await
        .unwrap();
    let text = read_until_closed(&mut stalled, Duration::from_secs(10)).await.expect("a stalled body is answered");
    assert_eq!(envelope(&text)["ErrorCode"], 60008, "{text}");
    // The client closes its side after part of the body.
    let mut cut = TcpStream::connect(s.addr()).await.unwrap();
    cut.write_all(format!("POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{{\"GroupId\"").as_bytes())
        .await
        .unwrap();
    cut.shutdown().await.unwrap();
    let text = read_until_closed(&mut cut, Duration::from_secs(10)).await.expect("a cut body is answered");
    assert_eq!(envelope(&text)["ErrorCode"], 60002, "{text}");
}

#[tokio::test]
async fn a_request_followed_by_a_half_close_is_answered_every_time() {
    let s = sandbox().await;
    let target = signed_target(&s, "/v4/group_open_http_svc/destroy_group");
    let body = r#"{"GroupId":"@TGS#none"}"#;
    for i in 0..30 {
        let mut stream = TcpStream::connect(s.addr()).await.unwrap();
        let request = format!("POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        stream.write_all(request.as_bytes()).await.unwrap();
        stream.shutdown().await.unwrap();
        let text = read_until_closed(&mut stream, Duration::from_secs(10)).await.expect("no hang");
        assert!(text.starts_with("HTTP/1.1 200"), "attempt {i}: {text:?}");
        assert_eq!(envelope(&text)["ErrorCode"], 10010, "attempt {i}");
    }
}

#[tokio::test]
async fn malformed_requests_the_service_would_answer_get_its_envelope() {
    let s = guarded(ServerOptions::default()).await;
    let target = signed_target(&s, "/v4/group_open_http_svc/destroy_group");
    let mut get = TcpStream::connect(s.addr()).await.unwrap();
    get.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let text = read_until_closed(&mut get, Duration::from_secs(10)).await.unwrap();
    let reply = envelope(&text);
    assert_eq!((reply["ActionStatus"].as_str(), reply["ErrorCode"].as_i64()), (Some("FAIL"), Some(60002)), "{text}");
    let mut huge = TcpStream::connect(s.addr()).await.unwrap();
    let body = "x".repeat(2 << 20);
    let head =
        format!("POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    huge.write_all(head.as_bytes()).await.unwrap();
    let _ = huge.write_all(body.as_bytes()).await; // the sandbox may stop reading once over the limit
    let text = read_until_closed(&mut huge, Duration::from_secs(10)).await.unwrap();
    assert_eq!(envelope(&text)["ErrorCode"], 60002, "{text}");
}

#[tokio::test]
async fn past_the_connection_cap_clients_wait_instead_of_being_served() {
    let s = guarded(ServerOptions::default().max_connections(2)).await;
    let holders = [TcpStream::connect(s.addr()).await.unwrap(), TcpStream::connect(s.addr()).await.unwrap()];
    let client = s.client_builder().retry(chat_api::RetryPolicy::none()).build().unwrap();
    let request = DestroyGroupRequest::new("@TGS#none");
    let call = || client.call(&request);
    let waited = tokio::time::timeout(Duration::from_millis(500), call()).await;
    assert!(waited.is_err(), "a third connection is not served while two are open: {waited:?}");
    assert_eq!(s.connections_accepted(), 2);
    drop(holders);
    let answered = tokio::time::timeout(Duration::from_secs(10), call()).await.expect("served once a slot is free");
    assert_eq!(answered.unwrap_err().code(), Some(10010));
}

/// User plus system CPU time of process `pid` so far, in clock ticks (`/proc/<pid>/stat`).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn at_the_file_limit_the_binary_backs_off_and_stays_responsive() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    if Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("prlimit (util-linux) not installed: skipped");
        return;
    }
    /// Kills the sandbox however the test ends.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Command::new("prlimit")
        .args([
            "--nofile=128:128",
            env!("CARGO_BIN_EXE_chat-api-sandbox"),
            "--sdkappid",
            "1400000000",
            "--key",
            "a-secret-key",
        ])
        .args(["--header-timeout", "3"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let child = Killed(child);
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).expect("an address").to_string();
    let pid = child.0.id(); // prlimit sets the limit and executes the sandbox in its place
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    assert!(limits.lines().any(|l| l.starts_with("Max open files") && l.contains(" 128 ")), "{limits}");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let answered = runtime.block_on(async {
        let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
        let mut idle = Vec::new();
        for _ in 0..200 {
            idle.push(TcpStream::connect(addr).await.unwrap());
        }
        // The sandbox now has more connections queued than file descriptors: accepting fails.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (ticks, since) = (cpu_ticks(pid), std::time::Instant::now());
        tokio::time::sleep(Duration::from_secs(2)).await;
        let used = (cpu_ticks(pid) - ticks) as f64 / 100.0; // USER_HZ is 100 on Linux
        let share = used / since.elapsed().as_secs_f64();
        eprintln!("sandbox CPU with 200 queued connections at a 128-file limit: {:.1}%", share * 100.0);
        assert!(share < 0.2, "the accept loop must back off, not spin: {:.0}% CPU", share * 100.0);
        // A real client gets through once the idle connections time out.
        let client = chat_api::Client::builder(1400000000, "administrator", "a-secret-key", chat_api::Region::China)
            .base_url(&url)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let reply = client.group().destroy_group(DestroyGroupRequest::new("@TGS#none")).await;
        drop(idle);
        reply.unwrap_err().code()
    });
    drop(child);
    assert_eq!(answered, Some(10010), "answered despite 200 idle connections at a 128-file limit");
}
