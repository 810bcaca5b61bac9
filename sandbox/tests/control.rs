//! The sandbox as a tool for any language: the HTTP control surface, the state file, the request
//! log and the binary's options. Stands alone (no spec, no workspace files), so the package ships it.

use chat_api::openim::SendMsgRequest;
use chat_api::recent_contact::{ConversationMarkChange, ConversationRef, MarkContactRequest, MarkOp};
use chat_api::sns::{GroupAddRequest, GroupGetRequest};
use chat_api::{ConversationType, Error, MsgElement, RetryPolicy};
use chat_api_sandbox::{Config, Sandbox};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// One HTTP/1.1 request, the answer's status and JSON body. Blocking, as a curl would be.
fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// Control calls run off the async executor, like a test in another process would.
async fn control(s: &Sandbox, method: &'static str, path: &'static str, body: String) -> (u16, Value) {
    let addr = s.addr();
    tokio::task::spawn_blocking(move || http(addr, method, path, &body)).await.unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sandbox-control");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test]
async fn the_control_surface_seeds_dumps_injects_faults_and_resets() {
    let s = Sandbox::start(Config::new(1400000000, "administrator", "ctl-key")).await.unwrap();
    let client = s.client_builder().retry(RetryPolicy::none()).build().unwrap();

    // A seed names only what it sets up.
    let seed = json!({"accounts": {"administrator": {}, "alice": {}}}).to_string();
    assert_eq!(control(&s, "PUT", "/_sandbox/state", seed).await, (200, json!({"ok": true})));
    assert!(s.emulator().state().accounts.contains_key("alice"));
    client.sns().group_add(GroupAddRequest::new("alice", ["work"])).await.unwrap();
    let (status, state) = control(&s, "GET", "/_sandbox/state", String::new()).await;
    assert_eq!(status, 200);
    assert!(state["friend_lists"]["alice"].to_string().contains("work"), "{state}");

    let fault = json!({"fault": "status", "status": 502, "endpoint": "sns/group_get", "times": 1}).to_string();
    assert_eq!(control(&s, "POST", "/_sandbox/faults", fault).await, (200, json!({"ok": true, "pending": 1})));
    let err = client.sns().group_get(GroupGetRequest::new("alice")).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 502, .. }), "{err}");
    client.sns().group_get(GroupGetRequest::new("alice")).await.unwrap();

    let fault = json!({"fault": "code", "code": 10002, "times": 3}).to_string();
    control(&s, "POST", "/_sandbox/faults", fault).await;
    assert_eq!(control(&s, "GET", "/_sandbox/faults", String::new()).await.1["pending"], 3);
    assert_eq!(control(&s, "DELETE", "/_sandbox/faults", String::new()).await.0, 200);
    assert_eq!(s.emulator().faults().pending(), 0);

    assert_eq!(control(&s, "POST", "/_sandbox/reset", String::new()).await.0, 200);
    let accounts: Vec<String> = s.emulator().state().accounts.into_keys().collect();
    assert_eq!(accounts, ["administrator"]);
    assert!(s.emulator().state().friend_lists.is_empty());

    // Mistakes are answered, not swallowed.
    let (status, reply) = control(&s, "PUT", "/_sandbox/state", r#"{"accounts": 5}"#.into()).await;
    assert_eq!(status, 400);
    assert!(reply["error"].as_str().unwrap().contains("not a sandbox state"), "{reply}");
    let (status, reply) = control(&s, "POST", "/_sandbox/faults", r#"{"fault": "explode"}"#.into()).await;
    assert_eq!(status, 400);
    assert!(reply["error"].as_str().unwrap().contains("must be one of"), "{reply}");
    assert_eq!(control(&s, "DELETE", "/_sandbox/state", String::new()).await.0, 405);
    assert_eq!(control(&s, "GET", "/_sandbox/nothing", String::new()).await.0, 404);
    let (status, reply) = control(&s, "POST", "/_sandbox/save", String::new()).await;
    assert_eq!(status, 409);
    assert!(reply["error"].as_str().unwrap().contains("--state"), "{reply}");
    // The API itself is untouched by all of it.
    client.sns().group_get(GroupGetRequest::new("administrator")).await.unwrap();
}

#[tokio::test]
async fn the_state_file_round_trips_messages_marks_and_groups() {
    let file = scratch("state.json");
    let a = Sandbox::start(Config::new(1400000000, "administrator", "ctl-key")).await.unwrap();
    let client = a.client();
    a.emulator().edit_state(|s| ["alice", "bob"].iter().for_each(|id| s.add_account(id)));
    // Keys that are not strings in memory (account pairs, conversations) must survive JSON.
    client
        .openim()
        .send_msg(SendMsgRequest::new("bob", [MsgElement::text("hello")]).with_from_account("alice"))
        .await
        .unwrap();
    let to_bob = ConversationRef::new(ConversationType::OneToOne).with_to_account("bob");
    let mark = ConversationMarkChange::new(MarkOp::Custom, to_bob).with_custom_mark("vip");
    client.recent_contact().mark_contact(MarkContactRequest::new("alice", [mark])).await.unwrap();
    client.sns().group_add(GroupAddRequest::new("alice", ["work"])).await.unwrap();

    a.emulator().set_state_file(&file);
    let (status, reply) = control(&a, "POST", "/_sandbox/save", String::new()).await;
    assert_eq!((status, reply["file"].as_str()), (200, file.to_str()), "{reply}");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("hello") && saved.contains("vip"), "{saved}");

    let b = Sandbox::start(Config::new(1400000000, "administrator", "ctl-key")).await.unwrap();
    b.emulator().set_state_file(&file);
    assert_ne!(b.emulator().state_json(), a.emulator().state_json());
    assert_eq!(control(&b, "POST", "/_sandbox/load", String::new()).await.0, 200);
    assert_eq!(b.emulator().state_json(), a.emulator().state_json());
    let reply = b.client().sns().group_get(GroupGetRequest::new("alice")).await.unwrap();
    assert!(format!("{reply:?}").contains("work"), "the loaded state serves calls: {reply:?}");

    std::fs::write(&file, "{\n  \"accounts\": [\n").unwrap();
    let (status, reply) = control(&b, "POST", "/_sandbox/load", String::new()).await;
    assert_eq!(status, 409);
    let error = reply["error"].as_str().unwrap();
    assert!(error.contains(file.to_str().unwrap()) && error.contains("line"), "{error}");
    assert_eq!(b.emulator().state_json(), a.emulator().state_json(), "a bad file loses nothing");
}

/// A `Write` the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_call_is_logged_as_a_json_line_without_the_usersig() {
    let s = Sandbox::start(Config::new(1400000000, "administrator", "ctl-key")).await.unwrap();
    let log = Shared::default();
    s.emulator().log_requests(log.clone());
    let client = s.client_builder().retry(RetryPolicy::none()).build().unwrap();
    client.sns().group_add(GroupAddRequest::new("administrator", ["work"])).await.unwrap();
    let err = client.sns().group_add(GroupAddRequest::new("nobody", ["x"])).await.unwrap_err();

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["path"], "/v4/sns/group_add");
    assert_eq!(lines[0]["body"]["GroupName"], json!(["work"]));
    assert_eq!((lines[0]["status"].as_u64(), lines[0]["code"].as_i64()), (Some(200), Some(0)));
    assert_eq!(lines[1]["code"].as_i64(), err.code());
    let query = lines[0]["query"].as_str().unwrap();
    assert!(query.contains("usersig=<redacted>") && query.contains("sdkappid=1400000000"), "{query}");
    assert!(!text.contains("eJ"), "no UserSig (they start eJ) in the log: {text}");
}

#[test]
fn the_binary_binds_logs_seeds_and_saves_as_its_help_says() {
    let help = Command::new(env!("CARGO_BIN_EXE_chat-api-sandbox")).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for item in ["--bind", "--log", "--seed", "--state", "/_sandbox/reset", "/_sandbox/faults", "drop_before"] {
        assert!(help.contains(item), "--help documents {item}:\n{help}");
    }

    let (seed, state, log) = (scratch("seed.json"), scratch("bin-state.json"), scratch("calls.jsonl"));
    std::fs::write(&seed, r#"{"accounts": {"administrator": {}, "seeded": {}}}"#).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chat-api-sandbox"))
        .args(["--sdkappid", "1400000000", "--key", "bin-key", "--bind", "127.0.0.1:0"])
        .arg("--seed")
        .arg(&seed)
        .arg("--state")
        .arg(&state)
        .arg("--log")
        .arg(&log)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let addr: SocketAddr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("an address in {first}"));

    let (_, dump) = http(addr, "GET", "/_sandbox/state", "");
    assert!(dump["accounts"].get("seeded").is_some(), "--seed was loaded: {dump}");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client = chat_api::Client::builder(1400000000, "administrator", "bin-key", chat_api::Region::China)
            .base_url(format!("http://{addr}"))
            .build()
            .unwrap();
        client.sns().group_add(GroupAddRequest::new("seeded", ["from-the-binary"])).await.unwrap();
    });
    assert_eq!(http(addr, "POST", "/_sandbox/save", "").0, 200);
    child.kill().unwrap();
    let _ = child.wait();

    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("from-the-binary"), "{saved}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("/v4/sns/group_add") && logged.contains("usersig=<redacted>"), "{logged}");

    // A state file that exists is loaded at start.
    let mut child = Command::new(env!("CARGO_BIN_EXE_chat-api-sandbox"))
        .args(["--sdkappid", "1400000000", "--key", "bin-key", "--bind", "127.0.0.1"])
        .arg("--state")
        .arg(&state)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let addr: SocketAddr = first.split_whitespace().find_map(|w| w.strip_prefix("http://")).unwrap().parse().unwrap();
    let (_, dump) = http(addr, "GET", "/_sandbox/state", "");
    child.kill().unwrap();
    let _ = child.wait();
    assert!(dump.to_string().contains("from-the-binary"), "{dump}");

    let bad = Command::new(env!("CARGO_BIN_EXE_chat-api-sandbox"))
        .args(["--sdkappid", "1", "--key", "k", "--bind", "localhost:x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--bind must be an IP address"));
}
