//! One-to-one messages (`v4/openim/*`: send, batch send, import, history, recall, read marks,
//! unread counts, edit, one-sided delete, read receipts) through the real `chat_api::Client`
//! against the sandbox: the happy paths, each documented code the sandbox's state can produce,
//! history paging through `admin_get_roam_msg_all`, and a retried send that is stored once.

use chat_api::openim::{
    AdminGetRoamMsgError, AdminGetRoamMsgRequest, AdminMsgWithdrawError, AdminMsgWithdrawRequest, AdminSetMsgReadError,
    AdminSetMsgReadRequest, BatchSendMsgError, BatchSendMsgRequest, C2cMsgReadReceiptError, C2cMsgReadReceiptRequest,
    DeleteC2cMsgRambleError, DeleteC2cMsgRambleRequest, GetC2cUnreadMsgNumError, GetC2cUnreadMsgNumRequest, ImportMode,
    ImportMsgError, ImportMsgRequest, ModifyC2cMsgError, ModifyC2cMsgRequest, MsgFlag, QueryOnlineStatusError,
    QueryOnlineStatusRequest, ReceiptMessage, RoamMessage, SendMsgError, SendMsgRequest,
};
use chat_api::{Client, CustomElem, Error, MsgElement, SendMsgControl, SyncOtherMachine, TextElem};
use chat_api_sandbox::state::{Contact, GlobalMute, MuteEnd, c2c_key};
use chat_api_sandbox::{Fault, Sandbox};

mod common;
use common::{collect, once, sandbox_with, unchecked};

const ADMIN: &str = "administrator";

/// One refused call: sender, receiver, key, and the variant expected.
type Case<'a, E> = (&'a str, &'a str, &'a str, fn(&E) -> bool);

fn text(t: &str) -> MsgElement {
    MsgElement::Text(TextElem::new(t))
}

fn texts(body: &[MsgElement]) -> Vec<String> {
    body.iter()
        .map(|e| match e {
            MsgElement::Text(t) => t.text.clone(),
            other => format!("{:?}", other.tag()),
        })
        .collect()
}

/// The whole conversation as `operator` sees it (one page of up to 1,000).
async fn history(api: &Client, operator: &str, peer: &str) -> Vec<RoamMessage> {
    let req = AdminGetRoamMsgRequest::new(operator, peer, 1000, 0, i64::from(u32::MAX));
    api.openim().admin_get_roam_msg(req).await.unwrap().msg_list.unwrap_or_default()
}

async fn unread(api: &Client, reader: &str, peer: &str) -> i64 {
    let req = GetC2cUnreadMsgNumRequest::new(reader).with_peer_account([peer]);
    let reply = api.openim().get_c2c_unread_msg_num(req).await.unwrap();
    reply.c2c_unread_msg_num_list.unwrap()[0].unread
}

/// Sends `t`, with rising `MsgSeq` values so that messages of the same second keep their order
/// (the client would draw them at random).
async fn send(api: &Client, from: &str, to: &str, t: &str) -> String {
    static SEQ: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let req = SendMsgRequest::new(to, [text(t)]).with_from_account(from).with_msg_seq(seq);
    api.openim().send_msg(req).await.unwrap().msg_key
}

async fn import(api: &Client, from: &str, to: &str, time: i64, t: &str) {
    let req = ImportMsgRequest::new(ImportMode::Unread, from, to, time, [text(t)]);
    api.openim().import_msg(req).await.unwrap();
}

fn stored_count(s: &Sandbox, a: &str, b: &str) -> usize {
    s.emulator().state().messages.conversation(a, b).map_or(0, |c| c.messages.len())
}

#[tokio::test]
async fn a_sent_message_is_stored_with_its_key_and_read_back_by_both_sides() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let req = SendMsgRequest::new("bob", [text("hi"), MsgElement::Custom(CustomElem::new().with_data("{\"x\":1}"))])
        .with_from_account("alice")
        .with_msg_seq(77)
        .with_msg_random(4242)
        .with_cloud_custom_data("ccd")
        .with_support_message_extension(true);
    let reply = api.openim().send_msg(req).await.unwrap();
    assert_eq!(reply.msg_key, c2c_key(77, 4242, reply.msg_time));

    for side in [("alice", "bob"), ("bob", "alice")] {
        let list = history(&api, side.0, side.1).await;
        assert_eq!(list.len(), 1, "{side:?}");
        let m = &list[0];
        assert_eq!((m.from_account.as_str(), m.to_account.as_str()), ("alice", "bob"));
        assert_eq!((m.msg_seq, m.msg_random, m.msg_time_stamp), (77, 4242, reply.msg_time));
        assert_eq!(m.msg_key, reply.msg_key);
        assert_eq!(m.msg_flag_bits, MsgFlag::Normal);
        assert_eq!(m.cloud_custom_data.as_deref(), Some("ccd"));
        assert!(matches!(&m.msg_body[1], MsgElement::Custom(c) if c.data.as_deref() == Some("{\"x\":1}")));
    }

    // The public lookup the message-extension endpoints use.
    let state = s.emulator().state();
    let stored = state.messages.find("bob", "alice", &reply.msg_key).expect("found by key");
    assert!(stored.supports_extension);
    assert_eq!(state.messages.by_key(&reply.msg_key).map(|m| m.to.as_str()), Some("bob"));
    // Both conversation lists show it.
    for (user, peer) in [("alice", "bob"), ("bob", "alice")] {
        let recent = &state.conversations.by_user[user].recent;
        assert!(recent.iter().any(|c| c.contact == Contact::User(peer.into())), "{user}");
    }
}

#[tokio::test]
async fn without_a_sender_the_admin_sends_and_a_left_out_seq_is_drawn() {
    let s = sandbox_with(&["bob"]).await;
    let api = once(&s);
    // `Client::call` sends `MsgSeq` as left out (the generated method would draw one).
    let first = api.call(&SendMsgRequest::new("bob", [text("1")]).with_msg_random(1)).await.unwrap();
    let second = api.call(&SendMsgRequest::new("bob", [text("2")]).with_msg_random(2)).await.unwrap();
    assert_ne!(first.msg_key, second.msg_key);
    let list = history(&api, "bob", ADMIN).await;
    assert_eq!(texts(&list.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>()), ["1", "2"]);
    assert!(list.iter().all(|m| m.from_account == ADMIN));
    assert!(list[0].msg_seq < list[1].msg_seq);
}

#[tokio::test]
async fn sending_reports_unknown_accounts_bad_bodies_and_bad_lifetimes() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let from_ghost = SendMsgRequest::new("bob", [text("x")]).with_from_account("ghost");
    assert!(matches!(
        api.openim().send_msg(from_ghost).await,
        Err(Error::Service(SendMsgError::ActingAccountInvalid(_)))
    ));
    let to_ghost = SendMsgRequest::new("ghost", [text("x")]).with_from_account("alice");
    assert!(matches!(api.openim().send_msg(to_ghost).await, Err(Error::Service(SendMsgError::ReceiverNotImported(_)))));
    let two_custom =
        SendMsgRequest::new("bob", [MsgElement::Custom(CustomElem::new()), MsgElement::Custom(CustomElem::new())]);
    assert!(matches!(api.openim().send_msg(two_custom).await, Err(Error::Service(SendMsgError::InvalidMsgElement(_)))));
    let too_long = || SendMsgRequest::new("bob", [text("x")]).with_msg_life_time(604_801);
    assert!(matches!(api.openim().send_msg(too_long()).await, Err(Error::Refused(_))));
    assert!(matches!(
        unchecked(&s).openim().send_msg(too_long()).await,
        Err(Error::Service(SendMsgError::InvalidMsgLifetime(_)))
    ));
    assert_eq!(stored_count(&s, ADMIN, "bob") + stored_count(&s, "alice", "bob"), 0);
}

#[tokio::test]
async fn blocklists_and_global_mutes_do_not_stop_the_admin_s_messages() {
    let s = sandbox_with(&["alice", "bob"]).await;
    s.emulator().edit_state(|state| {
        state.relations.chain_mut("bob").blocked.insert("alice".into(), 1);
        state.sessions.mutes.entry("alice".into()).or_insert_with(GlobalMute::default).c2c = Some(MuteEnd::Never);
    });
    let api = once(&s);
    send(&api, "alice", "bob", "still delivered").await;
    assert_eq!(stored_count(&s, "alice", "bob"), 1);
}

#[tokio::test]
async fn send_controls_sync_and_lifetime_shape_what_is_kept() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    // Not for the sender's history.
    let no_sync = SendMsgRequest::new("bob", [text("quiet")])
        .with_from_account("alice")
        .with_sync_other_machine(SyncOtherMachine::NoSync);
    api.openim().send_msg(no_sync).await.unwrap();
    assert_eq!(history(&api, "alice", "bob").await.len(), 0);
    assert_eq!(history(&api, "bob", "alice").await.len(), 1);
    // Online only: nothing kept, but a key is answered.
    let online = SendMsgRequest::new("bob", [text("ping")]).with_from_account("alice").with_msg_life_time(0);
    assert!(!api.openim().send_msg(online).await.unwrap().msg_key.is_empty());
    assert_eq!(stored_count(&s, "alice", "bob"), 1);
    // No unread count.
    let silent = SendMsgRequest::new("bob", [text("fyi")])
        .with_from_account("alice")
        .with_send_msg_control([SendMsgControl::NoUnread]);
    api.openim().send_msg(silent).await.unwrap();
    assert_eq!(unread(&api, "bob", "alice").await, 1);
    // No conversation update.
    let s2 = sandbox_with(&["carol", "dave"]).await;
    let api2 = once(&s2);
    let hidden = SendMsgRequest::new("dave", [text("x")])
        .with_from_account("carol")
        .with_send_msg_control([SendMsgControl::NoLastMsg]);
    api2.openim().send_msg(hidden).await.unwrap();
    assert!(s2.emulator().state().conversations.by_user.get("dave").is_none_or(|u| u.recent.is_empty()));
    assert_eq!(stored_count(&s2, "carol", "dave"), 1);
}

#[tokio::test]
async fn a_repeated_key_answers_the_first_reply_and_stores_once() {
    let s = sandbox_with(&["alice", "bob", "carol"]).await;
    let api = once(&s);
    let req = |to: &str, seq: i64, t: &str| {
        SendMsgRequest::new(to, [text(t)]).with_from_account("alice").with_msg_seq(seq).with_msg_random(99)
    };
    let first = api.openim().send_msg(req("bob", 1, "once")).await.unwrap();
    let again = api.openim().send_msg(req("bob", 1, "once")).await.unwrap();
    assert_eq!((again.msg_key.as_str(), again.msg_time), (first.msg_key.as_str(), first.msg_time));
    assert_eq!(stored_count(&s, "alice", "bob"), 1);
    // Another receiver with the same numbers is another message.
    api.openim().send_msg(req("carol", 1, "once")).await.unwrap();
    assert_eq!(stored_count(&s, "alice", "carol"), 1);
    // So is another `MsgSeq`, or other content, with the same `MsgRandom` to the same receiver.
    api.openim().send_msg(req("bob", 2, "once")).await.unwrap();
    api.openim().send_msg(req("bob", 1, "twice")).await.unwrap();
    assert_eq!(stored_count(&s, "alice", "bob"), 3);
    // And so is every send that leaves `MsgSeq` to the service, which draws a new one each time
    // (`Client::call` fills nothing, unlike the generated method).
    let bare = SendMsgRequest::new("carol", [text("bare")]).with_from_account("alice").with_msg_random(5);
    let k1 = api.call(&bare).await.unwrap().msg_key;
    let k2 = api.call(&bare).await.unwrap().msg_key;
    assert_ne!(k1, k2);
    assert_eq!(stored_count(&s, "alice", "carol"), 3);
}

/// The client draws `MsgSeq` and `MsgRandom` once per call and keeps them across attempts; the
/// sandbox drops the repeat. The first attempt is applied but its answer is lost, the retry is answered with the
/// first attempt's reply, and the message is stored once.
#[tokio::test]
async fn a_send_retried_after_a_lost_answer_is_stored_once() {
    let s = sandbox_with(&["alice", "bob"]).await;
    s.emulator().faults().next(Fault::DropAfter);
    let client = s.client(); // the default retry policy
    let reply = client.openim().send_msg(SendMsgRequest::new("bob", [text("hello")]).with_from_account("alice")).await;
    let reply = reply.expect("the retry succeeds");
    let state = s.emulator().state();
    let messages = &state.messages.conversation("alice", "bob").unwrap().messages;
    assert_eq!(messages.len(), 1, "stored once");
    assert_eq!(messages[0].key, reply.msg_key, "the answer is the first attempt's");
    // Without a key kept across attempts the same fault would have stored it twice: a send with a
    // different random number in the same second is a second message.
    let other = SendMsgRequest::new("bob", [text("hello")])
        .with_from_account("alice")
        .with_msg_seq(messages[0].seq)
        .with_msg_random((messages[0].random + 1) % i64::from(u32::MAX));
    once(&s).openim().send_msg(other).await.unwrap();
    assert_eq!(stored_count(&s, "alice", "bob"), 2);
}

#[tokio::test]
async fn a_batch_reaches_the_imported_receivers_and_lists_the_others() {
    let s = sandbox_with(&["alice", "bob", "carol"]).await;
    let api = once(&s);
    let req = BatchSendMsgRequest::new(["bob", "ghost", "carol", "bob"], [text("news")]).with_from_account("alice");
    // The sandbox answers `ActionStatus` "SomeError" with code 0 here, as the page does: a reply.
    let reply = api.openim().batch_send_msg(req).await.unwrap();
    let failed: Vec<_> =
        reply.error_list.unwrap().into_iter().map(|f| (f.to_account, f.error_code)).collect::<Vec<_>>();
    assert_eq!(failed, [("ghost".to_string(), 70107)]);
    let key = reply.msg_key.unwrap();
    for to in ["bob", "carol"] {
        let list = history(&api, to, "alice").await;
        assert_eq!(list.len(), 1, "{to} got it once");
        assert_eq!(list[0].msg_key, key);
    }
    assert_eq!(unread(&api, "bob", "alice").await, 1);

    // All reached: no ErrorList.
    let ok = api.openim().batch_send_msg(BatchSendMsgRequest::new(["bob"], [text("more")])).await.unwrap();
    assert!(ok.error_list.is_none_or(|l| l.is_empty()));

    let from_ghost = BatchSendMsgRequest::new(["bob"], [text("x")]).with_from_account("ghost");
    assert!(matches!(
        api.openim().batch_send_msg(from_ghost).await,
        Err(Error::Service(BatchSendMsgError::ActingAccountInvalid(_)))
    ));
}

#[tokio::test]
async fn a_batch_that_reaches_nobody_fails_with_90012() {
    let s = sandbox_with(&["alice"]).await;
    let empty = || BatchSendMsgRequest::new(Vec::<String>::new(), [text("x")]);
    match once(&s).openim().batch_send_msg(empty()).await {
        Err(Error::Refused(v)) => assert_eq!((v.field.as_str(), v.code), ("To_Account", Some(90012))),
        other => panic!("an empty receiver list was not refused before sending: {other:?}"),
    }
    // Sent anyway, or to accounts never imported: the call fails, as the page's third reply shows.
    assert!(matches!(
        unchecked(&s).openim().batch_send_msg(empty()).await,
        Err(Error::Service(BatchSendMsgError::ReceiverNotImported(_)))
    ));
    let ghosts = BatchSendMsgRequest::new(["ghost", "phantom"], [text("x")]).with_from_account("alice");
    assert!(matches!(
        once(&s).openim().batch_send_msg(ghosts).await,
        Err(Error::Service(BatchSendMsgError::ReceiverNotImported(_)))
    ));
    assert_eq!(stored_count(&s, "alice", "ghost"), 0);
}

#[tokio::test]
async fn an_empty_online_status_query_is_refused_with_90001() {
    let s = sandbox_with(&["alice"]).await;
    let empty = || QueryOnlineStatusRequest::new(Vec::<String>::new());
    match once(&s).openim().query_online_status(empty()).await {
        Err(Error::Refused(v)) => assert_eq!((v.field.as_str(), v.code), ("To_Account", Some(90001))),
        other => panic!("an empty account list was not refused before sending: {other:?}"),
    }
    assert!(matches!(
        unchecked(&s).openim().query_online_status(empty()).await,
        Err(Error::Service(QueryOnlineStatusError::MalformedJson(_)))
    ));
}

#[tokio::test]
async fn more_than_500_receivers_are_refused_and_batched_calls_split_them() {
    let ids: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let s = sandbox_with(&refs).await;
    let too_many = || BatchSendMsgRequest::new(ids.clone(), [text("x")]);
    assert!(matches!(once(&s).openim().batch_send_msg(too_many()).await, Err(Error::Refused(_))));
    assert!(matches!(
        unchecked(&s).openim().batch_send_msg(too_many()).await,
        Err(Error::Service(BatchSendMsgError::TooManyReceivers(_)))
    ));
    // The batch helper sends the request as given, so it carries its own MsgRandom.
    let report = once(&s).openim().batch_send_msg_batched(too_many().with_msg_random(5)).await;
    assert_eq!(report.calls.len(), 2);
    assert_eq!(report.calls.iter().map(|c| c.items.len()).collect::<Vec<_>>(), [500, 1]);
    assert!(report.calls.iter().all(|c| c.result.is_ok()));
    let state = s.emulator().state();
    assert!(ids.iter().all(|id| state.messages.conversation(ADMIN, id).is_some_and(|c| c.messages.len() == 1)));
}

#[tokio::test]
async fn imports_keep_their_time_and_read_state_and_are_deduplicated() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let new = ImportMsgRequest::new(ImportMode::Unread, "alice", "bob", 1_556_178_721, [text("new")])
        .with_msg_seq(7)
        .with_msg_random(1)
        .with_cloud_custom_data("c");
    api.openim().import_msg(new.clone()).await.unwrap();
    let old = ImportMsgRequest::new(ImportMode::Read, "bob", "alice", 1_556_178_000, [text("old")]).with_msg_random(2);
    api.openim().import_msg(old).await.unwrap();

    let list = history(&api, "alice", "bob").await;
    assert_eq!(texts(&list.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>()), ["old", "new"]);
    assert_eq!(list[1].msg_time_stamp, 1_556_178_721);
    assert_eq!(list[1].cloud_custom_data.as_deref(), Some("c"));
    // Imported as unread counts; imported as read does not.
    assert_eq!((unread(&api, "bob", "alice").await, unread(&api, "alice", "bob").await), (1, 0));

    // A repeat (same conversation, sequence, random and time), whatever its content, keeps the
    // first import; so does one with the accounts swapped.
    let import = |from: &str, to: &str, seq: i64, t: &str| {
        ImportMsgRequest::new(ImportMode::Unread, from, to, 1_556_178_721, [text(t)])
            .with_msg_seq(seq)
            .with_msg_random(1)
    };
    api.openim().import_msg(import("alice", "bob", 7, "changed")).await.unwrap();
    api.openim().import_msg(import("bob", "alice", 7, "swapped")).await.unwrap();
    let list = history(&api, "alice", "bob").await;
    assert_eq!(texts(&list.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>()), ["old", "new"]);
    // Another `MsgSeq` is another message.
    api.openim().import_msg(import("alice", "bob", 8, "later")).await.unwrap();
    assert_eq!(history(&api, "alice", "bob").await.len(), 3);

    let from_ghost = ImportMsgRequest::new(ImportMode::Unread, "ghost", "bob", 1, [text("x")]);
    assert!(matches!(
        api.openim().import_msg(from_ghost).await,
        Err(Error::Service(ImportMsgError::ActingAccountInvalid(_)))
    ));
    let to_ghost = ImportMsgRequest::new(ImportMode::Unread, "alice", "ghost", 1, [text("x")]);
    assert!(matches!(
        api.openim().import_msg(to_ghost).await,
        Err(Error::Service(ImportMsgError::ReceiverNotImported(_)))
    ));
    let bad_mode = ImportMsgRequest::new(ImportMode::Unknown(3), "alice", "bob", 1, [text("x")]);
    assert!(matches!(
        api.openim().import_msg(bad_mode).await,
        Err(Error::Service(ImportMsgError::SyncFromOldSystemMissing(_)))
    ));
    // The 2020 page's 1 is no longer a mode.
    let old_mode = ImportMsgRequest::new(ImportMode::Unknown(1), "alice", "bob", 1, [text("x")]);
    assert!(api.openim().import_msg(old_mode).await.is_err());
    assert_eq!(stored_count(&s, "alice", "bob"), 3);
}

#[tokio::test]
async fn history_pages_go_back_in_time_and_the_stream_reads_them_all() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    // Seven messages: two share second 1000 (ordered by MsgSeq), the rest one second apart.
    for (i, time) in [1000, 1000, 1001, 1002, 1003, 1004, 1005].into_iter().enumerate() {
        let i = i64::try_from(i).unwrap();
        let (from, to) = if i % 2 == 0 { ("alice", "bob") } else { ("bob", "alice") };
        let req = ImportMsgRequest::new(ImportMode::Unread, from, to, time, [text(&format!("m{i}"))])
            .with_msg_seq(i + 1)
            .with_msg_random(i + 100);
        api.openim().import_msg(req).await.unwrap();
    }
    let first = AdminGetRoamMsgRequest::new("alice", "bob", 3, 1000, 1005);
    let page = api.openim().admin_get_roam_msg(first.clone()).await.unwrap();
    assert_eq!((page.complete, page.msg_cnt), (0, 3));
    let list = page.msg_list.unwrap();
    assert_eq!(texts(&list.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>()), ["m4", "m5", "m6"]);
    assert_eq!(page.last_msg_time, Some(1003));
    assert_eq!(page.last_msg_key.as_deref(), Some(list[0].msg_key.as_str()));

    // Every page through the stream, continuing within second 1000 by key: newest page first,
    // each page oldest first.
    let all: Vec<RoamMessage> =
        collect(api.openim().admin_get_roam_msg_all(first)).await.into_iter().map(Result::unwrap).collect();
    let order = texts(&all.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>());
    assert_eq!(order, ["m4", "m5", "m6", "m1", "m2", "m3", "m0"]);

    // The range bounds are inclusive and filter.
    let window = AdminGetRoamMsgRequest::new("bob", "alice", 10, 1001, 1002);
    let list = api.openim().admin_get_roam_msg(window).await.unwrap().msg_list.unwrap();
    assert_eq!(texts(&list.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>()), ["m2", "m3"]);
    // An empty range is one complete, empty page.
    let empty = api.openim().admin_get_roam_msg(AdminGetRoamMsgRequest::new("bob", "alice", 10, 1, 2)).await.unwrap();
    assert_eq!((empty.complete, empty.msg_cnt, empty.last_msg_key), (1, 0, None));

    let ghost_op = AdminGetRoamMsgRequest::new("ghost", "bob", 10, 0, 1);
    assert!(matches!(
        api.openim().admin_get_roam_msg(ghost_op).await,
        Err(Error::Service(AdminGetRoamMsgError::ActingAccountInvalid(_)))
    ));
    let ghost_peer = AdminGetRoamMsgRequest::new("alice", "ghost", 10, 0, 1);
    assert!(matches!(
        api.openim().admin_get_roam_msg(ghost_peer).await,
        Err(Error::Service(AdminGetRoamMsgError::PeerAccountInvalid(_)))
    ));
}

#[tokio::test]
async fn a_recall_flags_the_message_and_repeats_or_bad_keys_are_refused() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let key = send(&api, "alice", "bob", "oops").await;
    assert_eq!(unread(&api, "bob", "alice").await, 1);
    api.openim().admin_msg_withdraw(AdminMsgWithdrawRequest::new("alice", "bob", &key)).await.unwrap();
    let list = history(&api, "bob", "alice").await;
    assert_eq!(list[0].msg_flag_bits, MsgFlag::Recalled);
    assert_eq!(unread(&api, "bob", "alice").await, 0, "a recalled message is not unread");

    let cases: [Case<'_, AdminMsgWithdrawError>; 6] = [
        ("alice", "bob", &key, |e| matches!(e, AdminMsgWithdrawError::MessageRecalled(_))),
        ("alice", "bob", "not-a-key", |e| matches!(e, AdminMsgWithdrawError::InvalidMsgKey(_))),
        ("alice", "bob", "1_2_3", |e| matches!(e, AdminMsgWithdrawError::MessageNotFound(_))),
        // The key exists, but bob did not send it.
        ("bob", "alice", &key, |e| matches!(e, AdminMsgWithdrawError::MessageNotFound(_))),
        ("ghost", "bob", &key, |e| matches!(e, AdminMsgWithdrawError::ActingAccountInvalid(_))),
        ("alice", "ghost", &key, |e| matches!(e, AdminMsgWithdrawError::PeerAccountInvalid(_))),
    ];
    for (from, to, key, expected) in cases {
        match api.openim().admin_msg_withdraw(AdminMsgWithdrawRequest::new(from, to, key)).await {
            Err(Error::Service(e)) => assert!(expected(&e), "{from} {to} {key}: {e}"),
            other => panic!("{from} {to} {key}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn read_marks_lower_unread_counts_up_to_a_time() {
    let s = sandbox_with(&["alice", "bob", "carol"]).await;
    let api = once(&s);
    for (t, time) in [("a", 100), ("b", 200), ("c", 300)] {
        import(&api, "alice", "bob", time, t).await;
    }
    import(&api, "carol", "bob", 150, "from carol").await;
    assert_eq!(unread(&api, "bob", "alice").await, 3);
    let up_to = AdminSetMsgReadRequest::new("bob", "alice").with_msg_read_time(200);
    api.openim().admin_set_msg_read(up_to).await.unwrap();
    assert_eq!(unread(&api, "bob", "alice").await, 1);
    api.openim().admin_set_msg_read(AdminSetMsgReadRequest::new("bob", "alice")).await.unwrap();
    assert_eq!(unread(&api, "bob", "alice").await, 0);
    assert_eq!(unread(&api, "bob", "carol").await, 1, "other conversations keep their counts");

    assert!(matches!(
        api.openim().admin_set_msg_read(AdminSetMsgReadRequest::new("ghost", "alice")).await,
        Err(Error::Service(AdminSetMsgReadError::ActingAccountInvalid(_)))
    ));
    assert!(matches!(
        api.openim().admin_set_msg_read(AdminSetMsgReadRequest::new("bob", "ghost")).await,
        Err(Error::Service(AdminSetMsgReadError::PeerAccountInvalid(_)))
    ));
}

#[tokio::test]
async fn unread_counts_come_as_a_total_or_per_peer_with_unknown_peers_listed() {
    let ids: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
    let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
    all.push("bob");
    let s = sandbox_with(&all).await;
    let api = once(&s);
    import(&api, "p0", "bob", 10, "x").await;
    import(&api, "p0", "bob", 11, "y").await;
    import(&api, "p1", "bob", 12, "z").await;
    import(&api, "bob", "p2", 13, "sent by bob: not unread for bob").await;

    let total = api.openim().get_c2c_unread_msg_num(GetC2cUnreadMsgNumRequest::new("bob")).await.unwrap();
    assert_eq!(total.all_c2c_unread_msg_num, Some(3));
    assert!(total.c2c_unread_msg_num_list.is_none());

    let named = GetC2cUnreadMsgNumRequest::new("bob").with_peer_account(["p0", "ghost", "p2"]);
    let reply = api.openim().get_c2c_unread_msg_num(named).await.unwrap();
    let counts: Vec<_> =
        reply.c2c_unread_msg_num_list.unwrap().into_iter().map(|c| (c.peer_account, c.unread)).collect();
    assert_eq!(counts, [("p0".to_string(), 2), ("p2".to_string(), 0)]);
    let errors: Vec<_> = reply.error_list.unwrap().into_iter().map(|e| (e.peer_account, e.error_code)).collect();
    assert_eq!(errors, [("ghost".to_string(), 70107)]);

    assert!(matches!(
        api.openim().get_c2c_unread_msg_num(GetC2cUnreadMsgNumRequest::new("ghost")).await,
        Err(Error::Service(GetC2cUnreadMsgNumError::PeerAccountInvalid(_)))
    ));
    // More than 10 peers: refused before sending; the batched method splits them.
    let many = || GetC2cUnreadMsgNumRequest::new("bob").with_peer_account(ids.clone());
    assert!(matches!(api.openim().get_c2c_unread_msg_num(many()).await, Err(Error::Refused(_))));
    let report = api.openim().get_c2c_unread_msg_num_batched(many()).await;
    assert_eq!(report.calls.iter().map(|c| c.items.len()).collect::<Vec<_>>(), [10, 2]);
    let sum: i64 = report
        .calls
        .iter()
        .flat_map(|c| c.result.as_ref().unwrap().c2c_unread_msg_num_list.clone().unwrap())
        .map(|c| c.unread)
        .sum();
    assert_eq!(sum, 3);
}

#[tokio::test]
async fn an_edit_replaces_body_and_custom_data_for_both_sides() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let key = send(&api, "alice", "bob", "typo").await;
    let body_only = ModifyC2cMsgRequest::new("alice", "bob", &key).with_msg_body([text("fixed")]);
    api.openim().modify_c2c_msg(body_only).await.unwrap();
    let data_only = ModifyC2cMsgRequest::new("alice", "bob", &key).with_cloud_custom_data("v2");
    api.openim().modify_c2c_msg(data_only).await.unwrap();
    for side in [("alice", "bob"), ("bob", "alice")] {
        let list = history(&api, side.0, side.1).await;
        assert_eq!(texts(&list[0].msg_body), ["fixed"], "{side:?}");
        assert_eq!(list[0].cloud_custom_data.as_deref(), Some("v2"));
    }
    assert!(s.emulator().state().messages.find("alice", "bob", &key).unwrap().modified);

    let recalled = send(&api, "alice", "bob", "gone").await;
    api.openim().admin_msg_withdraw(AdminMsgWithdrawRequest::new("alice", "bob", &recalled)).await.unwrap();
    let cases: [Case<'_, ModifyC2cMsgError>; 5] = [
        ("alice", "bob", &recalled, |e| matches!(e, ModifyC2cMsgError::MessageRecalled(_))),
        ("alice", "bob", "x_y", |e| matches!(e, ModifyC2cMsgError::InvalidMsgKey(_))),
        ("alice", "bob", "9_9_9", |e| matches!(e, ModifyC2cMsgError::MessageNotFound(_))),
        ("ghost", "bob", &key, |e| matches!(e, ModifyC2cMsgError::ActingAccountInvalid(_))),
        ("alice", "ghost", &key, |e| matches!(e, ModifyC2cMsgError::PeerAccountInvalid(_))),
    ];
    for (from, to, key, expected) in cases {
        let req = ModifyC2cMsgRequest::new(from, to, key).with_msg_body([text("new")]);
        match api.openim().modify_c2c_msg(req).await {
            Err(Error::Service(e)) => assert!(expected(&e), "{from} {to} {key}: {e}"),
            other => panic!("{from} {to} {key}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_one_sided_delete_hides_messages_from_the_operator_only() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let k1 = send(&api, "alice", "bob", "one").await;
    let k2 = send(&api, "bob", "alice", "two").await;
    send(&api, "alice", "bob", "three").await;
    let req = DeleteC2cMsgRambleRequest::new("alice", "bob", [k1.as_str(), k2.as_str(), "5_5_5"]);
    api.openim().delete_c2c_msg_ramble(req.clone()).await.unwrap();
    assert_eq!(
        texts(&history(&api, "alice", "bob").await.iter().flat_map(|m| m.msg_body.clone()).collect::<Vec<_>>()),
        ["three"]
    );
    assert_eq!(history(&api, "bob", "alice").await.len(), 3);
    // Again: nothing changes.
    api.openim().delete_c2c_msg_ramble(req).await.unwrap();
    assert_eq!(history(&api, "alice", "bob").await.len(), 1);

    let bad = DeleteC2cMsgRambleRequest::new("bob", "alice", [k1.as_str(), "nope"]);
    assert!(matches!(
        api.openim().delete_c2c_msg_ramble(bad).await,
        Err(Error::Service(DeleteC2cMsgRambleError::InvalidMsgKey(_)))
    ));
    assert_eq!(history(&api, "bob", "alice").await.len(), 3, "nothing deleted when a key is bad");
    assert!(matches!(
        api.openim().delete_c2c_msg_ramble(DeleteC2cMsgRambleRequest::new("ghost", "alice", [k1.as_str()])).await,
        Err(Error::Service(DeleteC2cMsgRambleError::ActingAccountInvalid(_)))
    ));
    assert!(matches!(
        api.openim().delete_c2c_msg_ramble(DeleteC2cMsgRambleRequest::new("bob", "ghost", [k1.as_str()])).await,
        Err(Error::Service(DeleteC2cMsgRambleError::PeerAccountInvalid(_)))
    ));
}

#[tokio::test]
async fn read_receipts_mark_messages_read_by_the_peer() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let k1 = send(&api, "alice", "bob", "one").await;
    let k2 = send(&api, "alice", "bob", "two").await;
    let receipt = C2cMsgReadReceiptRequest::new("bob", "alice", [ReceiptMessage::new("alice", "bob", &k1)]);
    api.openim().c2c_msg_read_receipt(receipt).await.unwrap();
    let list = history(&api, "alice", "bob").await;
    let read: Vec<_> = list.iter().map(|m| (m.msg_key.clone(), m.is_peer_read)).collect();
    assert_eq!(read, [(k1.clone(), Some(1)), (k2.clone(), Some(0))]);

    // An entry the wrong way round is refused and marks nothing.
    let wrong = C2cMsgReadReceiptRequest::new(
        "bob",
        "alice",
        [ReceiptMessage::new("alice", "bob", &k2), ReceiptMessage::new("bob", "alice", &k2)],
    );
    assert!(matches!(
        api.openim().c2c_msg_read_receipt(wrong).await,
        Err(Error::Service(C2cMsgReadReceiptError::InvalidRequest(_)))
    ));
    assert_eq!(history(&api, "alice", "bob").await[1].is_peer_read, Some(0));
    let ghost = C2cMsgReadReceiptRequest::new("ghost", "alice", [ReceiptMessage::new("alice", "ghost", &k1)]);
    assert!(matches!(
        api.openim().c2c_msg_read_receipt(ghost).await,
        Err(Error::Service(C2cMsgReadReceiptError::ActingAccountInvalid(_)))
    ));
    let ghost_peer = C2cMsgReadReceiptRequest::new("bob", "ghost", [ReceiptMessage::new("ghost", "bob", &k1)]);
    assert!(matches!(
        api.openim().c2c_msg_read_receipt(ghost_peer).await,
        Err(Error::Service(C2cMsgReadReceiptError::PeerAccountInvalid(_)))
    ));
}
