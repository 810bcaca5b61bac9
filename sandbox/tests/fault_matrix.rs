//! The client's retry rules against every fault kind, for an idempotent endpoint (sns/group_delete)
//! and a non-idempotent one (create_group): the outcome the caller sees, and the state showing the
//! operation applied exactly once or not at all. A second test flips one rule (retry whatever may
//! have acted) and shows the matrix catching it.
//!
//! The sends the service de-duplicates (sendmsg, batchsendmsg, importmsg, send_group_msg, im_push,
//! timpush/push) have a matrix of their own: whatever the fault, every send is stored at most once, and every
//! acknowledged send exactly once. Its control shows a key without `MsgSeq`, retried anyway,
//! stored twice: the sandbox applies the documented key, so the client must send all of it.

use chat_api::all_member_push::ImPushRequest;
use chat_api::group::{CreateGroupRequest, SendGroupMsgRequest};
use chat_api::openim::{BatchSendMsgRequest, ImportMode, ImportMsgRequest, SendMsgRequest};
use chat_api::sns::GroupDeleteRequest;
use chat_api::timpush::PushRequest;
use chat_api::{Client, Error, GroupType, MsgElement, OfflinePushInfo, RetryPolicy, WhenActed};
use chat_api_sandbox::state::FriendList;
use chat_api_sandbox::{Config, Fault, Sandbox};
use std::time::Duration;

/// What the caller should see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seen {
    Ok,
    Status,
    Timeout,
    Transport,
    Decode,
    Service,
}

fn seen<E>(result: &Result<impl Sized, Error<E>>) -> Seen {
    match result {
        Ok(_) => Seen::Ok,
        Err(Error::Status { .. }) => Seen::Status,
        Err(Error::Timeout { .. }) => Seen::Timeout,
        Err(Error::Transport { .. }) => Seen::Transport,
        Err(Error::Decode { .. }) => Seen::Decode,
        Err(Error::Service(_)) => Seen::Service,
        Err(_) => panic!("unexpected error kind"),
    }
}

struct Row {
    name: &'static str,
    fault: Fault,
    times: usize,
    /// Idempotent endpoint: what the caller sees, and whether the deletion happened.
    idempotent: (Seen, bool),
    /// Non-idempotent endpoint: what the caller sees, and how many groups exist afterwards.
    once_only: (Seen, usize),
}

fn matrix() -> Vec<Row> {
    let row = |name, fault, times, idempotent, once_only| Row { name, fault, times, idempotent, once_only };
    vec![
        row("502 from the path", Fault::Status(502), 1, (Seen::Ok, true), (Seen::Status, 0)),
        row(
            "delay past the timeout",
            Fault::Delay(Duration::from_millis(900)),
            1,
            (Seen::Ok, true),
            (Seen::Timeout, 1),
        ),
        row("dropped before acting", Fault::DropBefore, 1, (Seen::Ok, true), (Seen::Transport, 0)),
        row("dropped after acting", Fault::DropAfter, 1, (Seen::Ok, true), (Seen::Transport, 1)),
        row("truncated body", Fault::Truncated, 1, (Seen::Ok, true), (Seen::Decode, 1)),
        row("non-JSON body", Fault::NotJson, 1, (Seen::Ok, true), (Seen::Decode, 0)),
        row("retriable code twice", Fault::code(-1), 2, (Seen::Ok, true), (Seen::Ok, 1)),
        row("retriable code past the attempts", Fault::code(-1), 3, (Seen::Service, false), (Seen::Service, 0)),
    ]
}

/// Runs the matrix with `policy`; returns a line per cell that does not match.
async fn run(policy: RetryPolicy) -> Vec<String> {
    let mut mismatches = Vec::new();
    for row in matrix() {
        let s =
            Sandbox::start(Config::new(1400000000, "administrator", "matrix-key").rate_limits(false)).await.unwrap();
        s.emulator().edit_state(|st| {
            st.add_account("alice");
            let lists = st.friend_lists.entry("alice".into()).or_default();
            lists.lists = vec![FriendList::new("old"), FriendList::new("keep")];
            lists.sequence = 7;
        });
        let client =
            s.client_builder().attempt_timeout(Duration::from_millis(300)).retry(policy.clone()).build().unwrap();
        // Retriable codes of each endpoint's own table: 30006 (sns), 10002 (group).
        let fault = |code: i64| match &row.fault {
            Fault::Code { .. } => Fault::code(code),
            other => other.clone(),
        };

        s.emulator().faults().for_endpoint("sns/group_delete", fault(30006), row.times);
        let result = client.sns().group_delete(GroupDeleteRequest::new("alice", ["old"])).await;
        let lists = s.emulator().state().friend_lists["alice"].clone();
        let deleted = lists.names() == ["keep"];
        let moved_once = lists.sequence == if deleted { 8 } else { 7 };
        if (seen(&result), deleted) != row.idempotent || !moved_once {
            mismatches.push(format!(
                "{} / idempotent: saw {:?}, deleted {deleted}, sequence {}",
                row.name,
                seen(&result),
                lists.sequence
            ));
        }

        s.emulator().faults().for_endpoint("group_open_http_svc/create_group", fault(10002), row.times);
        let result = client.group().create_group(CreateGroupRequest::new(GroupType::Public, "g")).await;
        // Let a delayed server finish acting before counting.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let groups = s.emulator().state().groups.len();
        if (seen(&result), groups) != row.once_only {
            mismatches.push(format!("{} / not idempotent: saw {:?}, {groups} groups", row.name, seen(&result)));
        }
    }
    mismatches
}

fn policy() -> RetryPolicy {
    RetryPolicy::default().max_attempts(3).backoff(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn every_fault_for_idempotent_and_non_idempotent_calls() {
    let mismatches = run(policy()).await;
    assert!(mismatches.is_empty(), "the retry rules do not hold:\n{}", mismatches.join("\n"));
}

#[tokio::test]
async fn the_matrix_catches_a_broken_rule() {
    // Retrying whatever may have acted repeats create_group after the service made the group.
    let mismatches = run(policy().when_acted(WhenActed::Always)).await;
    assert!(
        mismatches.iter().any(|m| m.starts_with("dropped after acting / not idempotent") && m.contains("2 groups")),
        "{mismatches:#?}"
    );
    assert!(mismatches.iter().any(|m| m.starts_with("truncated body / not idempotent")), "{mismatches:#?}");
    // And never retrying after a possible action loses the idempotent endpoint's recoveries.
    let mismatches = run(policy().when_acted(WhenActed::Never)).await;
    assert!(mismatches.iter().any(|m| m.starts_with("502 from the path / idempotent")), "{mismatches:#?}");
}

/// A send the service de-duplicates, and how to count what it stored.
#[derive(Clone, Copy, Debug)]
enum SendKind {
    Send,
    Batch,
    Import,
    Group,
    Push,
    PluginPush,
}

const SEND_KINDS: [SendKind; 6] =
    [SendKind::Send, SendKind::Batch, SendKind::Import, SendKind::Group, SendKind::Push, SendKind::PluginPush];

impl SendKind {
    fn path(self) -> &'static str {
        match self {
            SendKind::Send => "openim/sendmsg",
            SendKind::Batch => "openim/batchsendmsg",
            SendKind::Import => "openim/importmsg",
            SendKind::Group => "group_open_http_svc/send_group_msg",
            SendKind::Push => "all_member_push/im_push",
            SendKind::PluginPush => "timpush/push",
        }
    }

    /// A retriable code of the endpoint's own tables.
    fn retriable_code(self) -> i64 {
        match self {
            SendKind::Group => 10002,
            _ => 91000,
        }
    }

    /// Sends once, leaving the key to the generated method; with `half_key`, sends a request with
    /// `MsgRandom` (`Random`) only through `Client::call`, which fills nothing: the client of old,
    /// which left `MsgSeq` to the service.
    async fn send(self, client: &Client, half_key: bool) -> Seen {
        let body = [MsgElement::text("hello")];
        match (self, half_key) {
            (SendKind::Send, false) => {
                seen(&client.openim().send_msg(SendMsgRequest::new("bob", body).with_from_account("alice")).await)
            }
            (SendKind::Send, true) => seen(
                &client.call(&SendMsgRequest::new("bob", body).with_from_account("alice").with_msg_random(5)).await,
            ),
            (SendKind::Batch, half) => {
                let r = BatchSendMsgRequest::new(["bob", "carol"], body).with_from_account("alice");
                if half {
                    seen(&client.call(&r.with_msg_random(5)).await)
                } else {
                    seen(&client.openim().batch_send_msg(r).await)
                }
            }
            (SendKind::Import, half) => {
                let r = ImportMsgRequest::new(ImportMode::Unread, "alice", "bob", 1_556_178_721, body);
                if half {
                    seen(&client.call(&r.with_msg_random(5)).await)
                } else {
                    seen(&client.openim().import_msg(r).await)
                }
            }
            (SendKind::Group, half) => {
                let r = SendGroupMsgRequest::new("matrix", body);
                if half {
                    seen(&client.call(&r.with_random(5)).await)
                } else {
                    seen(&client.group().send_group_msg(r).await)
                }
            }
            // A push's key is `MsgRandom` alone: given, it is the whole key.
            (SendKind::Push, half) => {
                let r = ImPushRequest::new(body);
                if half {
                    seen(&client.call(&r.with_msg_random(5)).await)
                } else {
                    seen(&client.all_member_push().im_push(r).await)
                }
            }
            (SendKind::PluginPush, half) => {
                let r = PushRequest::new().with_offline_push_info(OfflinePushInfo::new().with_desc("hello"));
                if half {
                    seen(&client.call(&r.with_msg_random(5)).await)
                } else {
                    seen(&client.timpush().push(r).await)
                }
            }
        }
    }

    /// How many copies the sandbox stored (for a batch: per receiver, the larger count).
    fn stored(self, s: &Sandbox) -> usize {
        let st = s.emulator().state();
        let c2c = |a: &str, b: &str| st.messages.conversation(a, b).map_or(0, |c| c.messages.len());
        match self {
            SendKind::Send | SendKind::Import => c2c("alice", "bob"),
            SendKind::Batch => c2c("alice", "bob").max(c2c("alice", "carol")),
            SendKind::Group => st.group_messages.groups.get("matrix").map_or(0, |log| log.messages.len()),
            SendKind::Push | SendKind::PluginPush => st.push.tasks.len(),
        }
    }
}

/// What each fault should come to for a send with a whole key: the outcome and the copies stored.
fn send_matrix() -> Vec<(&'static str, Fault, usize, (Seen, usize))> {
    vec![
        ("502 from the path", Fault::Status(502), 1, (Seen::Ok, 1)),
        ("delay past the timeout", Fault::Delay(Duration::from_millis(900)), 1, (Seen::Ok, 1)),
        ("dropped before acting", Fault::DropBefore, 1, (Seen::Ok, 1)),
        ("dropped after acting", Fault::DropAfter, 1, (Seen::Ok, 1)),
        ("truncated body", Fault::Truncated, 1, (Seen::Ok, 1)),
        ("non-JSON body", Fault::NotJson, 1, (Seen::Ok, 1)),
        ("retriable code twice", Fault::code(-1), 2, (Seen::Ok, 1)),
        ("retriable code past the attempts", Fault::code(-1), 3, (Seen::Service, 0)),
    ]
}

/// Runs the send matrix; returns a line per cell that breaks "stored at most once, and exactly
/// once when acknowledged", or does not come out as expected.
async fn run_sends(policy: RetryPolicy, half_key: bool) -> Vec<String> {
    let mut mismatches = Vec::new();
    for (name, fault, times, expected) in send_matrix() {
        for kind in SEND_KINDS {
            let s = Sandbox::start(Config::new(1400000000, "administrator", "matrix-key").rate_limits(false))
                .await
                .unwrap();
            for account in ["alice", "bob", "carol"] {
                s.emulator().edit_state(|st| st.add_account(account));
            }
            let group = CreateGroupRequest::new(GroupType::Public, "g").with_group_id("matrix");
            s.client().group().create_group(group).await.unwrap();
            let client =
                s.client_builder().attempt_timeout(Duration::from_millis(300)).retry(policy.clone()).build().unwrap();
            let fault = match &fault {
                Fault::Code { .. } => Fault::code(kind.retriable_code()),
                other => other.clone(),
            };
            s.emulator().faults().for_endpoint(kind.path(), fault, times);
            let outcome = kind.send(&client, half_key).await;
            // Let a delayed first attempt finish acting before counting.
            if name.starts_with("delay") {
                tokio::time::sleep(Duration::from_millis(700)).await;
            }
            let stored = kind.stored(&s);
            let broken = stored > 1 || (outcome == Seen::Ok && stored != 1);
            if broken || (!half_key && (outcome, stored) != expected) {
                mismatches.push(format!("{name} / {}: saw {outcome:?}, stored {stored}", kind.path()));
            }
        }
    }
    mismatches
}

#[tokio::test]
async fn every_fault_stores_each_send_at_most_once_and_each_acknowledged_send_exactly_once() {
    let mismatches = run_sends(policy(), false).await;
    assert!(mismatches.is_empty(), "de-duplicated sends:\n{}", mismatches.join("\n"));
}

#[tokio::test]
async fn the_send_matrix_catches_a_key_without_msg_seq() {
    // The default policy does not retry half a key after the service may have acted: nothing is
    // stored twice, though the caller may see the failure.
    let mismatches = run_sends(policy(), true).await;
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    // Retried anyway, the service draws a new `MsgSeq` per attempt and stores the message twice.
    let mismatches = run_sends(policy().when_acted(WhenActed::Always), true).await;
    for path in ["openim/sendmsg", "openim/batchsendmsg", "openim/importmsg"] {
        assert!(
            mismatches
                .iter()
                .any(|m| m.starts_with("dropped after acting / ") && m.contains(path) && m.contains("stored 2")),
            "{path}: {mismatches:#?}"
        );
    }
    // A group message's key is `Random` and the content, a push's `MsgRandom`: kept across attempts.
    for path in ["send_group_msg", "im_push", "timpush/push"] {
        assert!(!mismatches.iter().any(|m| m.contains(path)), "{mismatches:#?}");
    }
}
