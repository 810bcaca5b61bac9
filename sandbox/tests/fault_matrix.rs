//! The client's retry rules against every fault kind, for an idempotent endpoint (sns/group_delete)
//! and a non-idempotent one (create_group): the outcome the caller sees, and the state showing the
//! operation applied exactly once or not at all. A second test flips one rule (retry whatever may
//! have acted) and shows the matrix catching it.

use chat_api::group::CreateGroupRequest;
use chat_api::sns::GroupDeleteRequest;
use chat_api::{Error, GroupType, RetryPolicy, WhenActed};
use sandbox::state::FriendList;
use sandbox::{Config, Fault, Sandbox};
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
