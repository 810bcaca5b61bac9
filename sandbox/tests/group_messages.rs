//! Group messages through the real `chat_api::Client` against the sandbox: sending (with its
//! de-duplication), system notifications, broadcasts, imports, the history, recalls, removals,
//! clears, modifications and read receipts, with each documented error the sandbox's state can
//! produce.

use chat_api::config::SetNoSpeakingRequest;
use chat_api::group::{
    ClearGroupMsgError, ClearGroupMsgRequest, DeleteGroupMsgBySenderError, DeleteGroupMsgBySenderRequest,
    ForbidSendMsgRequest, GetGroupMsgReceiptDetailError, GetGroupMsgReceiptDetailRequest, GetGroupMsgReceiptRequest,
    GroupMsgGetSimpleError, GroupMsgGetSimpleRequest, GroupMsgPriority, GroupMsgRecallError, GroupMsgRecallRequest,
    GroupMsgReceiptError, GroupMsgReceiptRequest, GroupMsgSeq, HistoryFinished, HistoryMessage, ImportGroupMsgError,
    ImportGroupMsgRequest, ImportGroupRequest, ImportedGroupMsg, ModifyGroupBaseInfoRequest, MuteAllMember,
    PlaceholderKind, ReceiptFilter, SendBroadcastMsgError, SendBroadcastMsgRequest, SendGroupMsgError,
    SendGroupMsgRequest, SendGroupSystemNotificationError, SendGroupSystemNotificationRequest, StoredMsgPriority,
};
use chat_api::openim::{ModifyGroupMsgError, ModifyGroupMsgRequest};
use chat_api::runtime::Edition;
use chat_api::{Client, CommonError, Error, GroupType, MsgElement, SendMsgControl};
use chat_api_sandbox::state::{Member, dedup_window};
use chat_api_sandbox::{Call, Config, Fault, Outcome, Sandbox};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use std::time::Instant;

mod common;
use common::{
    Rng, admin_query, assert_answers, config, group, import, join, now, once, sandbox, spec, start, text, unchecked,
};

fn say(group: &str, words: &str) -> SendGroupMsgRequest {
    SendGroupMsgRequest::new(group, text(words))
}

fn words(m: &HistoryMessage) -> Option<&str> {
    match m.msg_body.as_deref() {
        Some([MsgElement::Text(t)]) => Some(t.text.as_str()),
        _ => None,
    }
}

fn seqs(list: &[i64]) -> Vec<GroupMsgSeq> {
    list.iter().map(|s| GroupMsgSeq::new(*s)).collect()
}

/// The whole stored history of a group, newest first, recalled messages included.
async fn history(api: &Client, id: &str) -> Vec<HistoryMessage> {
    let request = GroupMsgGetSimpleRequest::new(id, 20).with_recalled_msg(true);
    api.group().group_msg_get_simple(request).await.unwrap().rsp_msg_list.unwrap_or_default()
}

fn unread(s: &Sandbox, id: &str, account: &str) -> u64 {
    s.emulator().state().groups[id].members[account].unread_msg_num
}

#[tokio::test]
async fn sending_stores_messages_in_order_and_the_history_reads_them_back() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter"]).await;
    let id = group(&s, GroupType::Public, "Chat", Some("owner"), &["bob", "peter"]).await;
    let api = once(&s);
    let before = now() as i64;
    let first = api.group().send_group_msg(say(&id, "hello all")).await.unwrap();
    let second = api
        .group()
        .send_group_msg(
            say(&id, "from bob")
                .with_from_account("bob")
                .with_msg_priority(GroupMsgPriority::High)
                .with_cloud_custom_data("extra"),
        )
        .await
        .unwrap();
    assert_eq!((first.msg_seq, second.msg_seq), (1, 2));
    assert!((before..=now() as i64).contains(&second.msg_time), "{}", second.msg_time);

    let read = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&id, 10)).await.unwrap();
    assert_eq!((read.group_id.as_str(), read.is_finished), (id.as_str(), HistoryFinished::Complete));
    let list = read.rsp_msg_list.unwrap();
    let shown: Vec<(i64, &str, Option<&str>)> =
        list.iter().map(|m| (m.msg_seq, m.from_account.as_str(), words(m))).collect();
    assert_eq!(shown, [(2, "bob", Some("from bob")), (1, "administrator", Some("hello all"))], "newest first");
    assert_eq!(list[0].msg_priority, Some(StoredMsgPriority::High));
    assert_eq!(list[1].msg_priority, Some(StoredMsgPriority::Normal));
    let stored = s.emulator().state().group_messages.message(&id, 2).unwrap().cloud_custom_data.clone();
    assert_eq!(stored.as_deref(), Some("extra"), "kept with the message (the history does not show it)");
    assert_eq!(list[0].is_place_msg, PlaceholderKind::Message);
    assert_ne!(list[0].msg_random, 0, "the client filled Random");

    // The group's profile and members follow: next sequence number, unread counts, last send.
    let state = s.emulator().state();
    let g = &state.groups[&id];
    assert_eq!(g.next_msg_seq, 3);
    assert_eq!((unread(&s, &id, "peter"), unread(&s, &id, "bob"), unread(&s, &id, "owner")), (2, 1, 2));
    assert!(g.members["bob"].last_send_msg_time >= before as u64);
    assert_eq!(g.members["bob"].msg_seq, 2);
    let stored = state.group_messages.message(&id, 2).unwrap();
    assert_eq!((stored.sender.as_str(), stored.priority), ("bob", 1));
}

#[tokio::test]
async fn sending_refuses_as_documented() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter", "stranger"]).await;
    let id = group(&s, GroupType::Public, "Strict", Some("owner"), &["bob", "peter"]).await;
    let live = group(&s, GroupType::AvChatRoom, "Live", None, &[]).await;
    let api = once(&s);
    let send = |r: SendGroupMsgRequest| {
        let api = api.clone();
        async move { api.group().send_group_msg(r).await.unwrap_err() }
    };

    let missing = send(say("NoSuchGroup", "x")).await;
    assert!(matches!(missing, Error::Service(SendGroupMsgError::GroupNotFound(_))), "{missing}");
    let bad = send(say("", "x")).await;
    assert!(matches!(bad, Error::Service(SendGroupMsgError::InvalidGroupId(_))), "{bad}");
    let outsider = send(say(&id, "x").with_from_account("stranger")).await;
    assert!(matches!(outsider, Error::Service(SendGroupMsgError::PermissionDenied(_))), "{outsider}");
    let unknown = send(say(&id, "x").with_from_account("nobody")).await;
    assert!(matches!(unknown, Error::Service(SendGroupMsgError::InvalidParameter(_))), "{unknown}");
    let empty = send(SendGroupMsgRequest::new(&id, Vec::new())).await;
    assert!(matches!(empty, Error::Service(SendGroupMsgError::InvalidParameter(_))), "{empty}");
    let long = send(say(&id, &"x".repeat(12_001))).await;
    assert!(matches!(long, Error::Service(SendGroupMsgError::MessageTooLong(_))), "{long}");
    let topic = send(say(&id, "x").with_topic_id("t1")).await;
    assert!(matches!(topic, Error::Service(SendGroupMsgError::InvalidParameter(_))), "{topic}");
    let both = send(say(&id, "x").with_online_only_flag(true).with_send_msg_control([SendMsgControl::NoUnread])).await;
    assert!(matches!(both, Error::Service(SendGroupMsgError::InvalidParameter(_))), "{both}");
    let to_stranger = send(say(&id, "x").with_to_account(["bob", "stranger"])).await;
    assert!(matches!(to_stranger, Error::Service(SendGroupMsgError::InvalidParameter(_))), "{to_stranger}");
    join(&s, &live, &["bob"]);
    let to_live = send(say(&live, "x").with_to_account(["bob"])).await;
    assert!(matches!(to_live, Error::Service(SendGroupMsgError::PermissionDenied(_))), "{to_live}");

    // Muted in the group (10017) until unmuted.
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(&id, ["bob"], 600)).await.unwrap();
    let muted = send(say(&id, "x").with_from_account("bob")).await;
    assert!(matches!(muted, Error::Service(SendGroupMsgError::SenderMuted(_))), "{muted}");
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(&id, ["bob"], 0)).await.unwrap();
    api.group().send_group_msg(say(&id, "x").with_from_account("bob")).await.unwrap();
    // All members muted: ordinary members are held, the owner and the admin are not.
    let all = ModifyGroupBaseInfoRequest::new(&id).with_mute_all_member(MuteAllMember::On);
    api.group().modify_group_base_info(all).await.unwrap();
    let held = send(say(&id, "x").with_from_account("peter")).await;
    assert!(matches!(held, Error::Service(SendGroupMsgError::SenderMuted(_))), "{held}");
    api.group().send_group_msg(say(&id, "x").with_from_account("owner")).await.unwrap();
    api.group().send_group_msg(say(&id, "x")).await.unwrap();
    let off = ModifyGroupBaseInfoRequest::new(&id).with_mute_all_member(MuteAllMember::Off);
    api.group().modify_group_base_info(off).await.unwrap();
    // A global mute of group messages holds too.
    api.config().set_no_speaking(SetNoSpeakingRequest::new("peter").with_group_msg_nospeaking_time(600)).await.unwrap();
    let global = send(say(&id, "x").with_from_account("peter")).await;
    assert!(matches!(global, Error::Service(SendGroupMsgError::SenderMuted(_))), "{global}");

    // Targeted messages need the Premium edition.
    let pro = start(config().edition(Edition::Pro)).await;
    import(&pro, &["owner", "bob"]).await;
    let pid = group(&pro, GroupType::Public, "ProChat", Some("owner"), &["bob"]).await;
    let targeted = once(&pro).group().send_group_msg(say(&pid, "x").with_to_account(["bob"])).await.unwrap_err();
    assert!(matches!(targeted, Error::Service(SendGroupMsgError::PermissionDenied(_))), "{targeted}");
    once(&pro).group().send_group_msg(say(&pid, "to all")).await.unwrap();

    // Only the three accepted sends are stored.
    assert_eq!(s.emulator().state().group_messages.groups[&id].messages.len(), 3);
}

#[tokio::test]
async fn targeted_online_only_and_no_unread_messages_spare_the_counts() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter"]).await;
    let id = group(&s, GroupType::Private, "Work", Some("owner"), &["bob", "peter"]).await;
    let api = once(&s);
    let targeted = api.group().send_group_msg(say(&id, "psst").with_to_account(["peter"])).await.unwrap();
    api.group().send_group_msg(say(&id, "live only").with_online_only_flag(true)).await.unwrap();
    api.group().send_group_msg(say(&id, "quiet").with_send_msg_control([SendMsgControl::NoUnread])).await.unwrap();
    assert_eq!((unread(&s, &id, "peter"), unread(&s, &id, "bob")), (0, 0), "none of the three counts");
    api.group().send_group_msg(say(&id, "loud")).await.unwrap();
    assert_eq!((unread(&s, &id, "peter"), unread(&s, &id, "bob")), (1, 1));

    let state = s.emulator().state();
    let stored = state.group_messages.message(&id, targeted.msg_seq as u64).unwrap();
    assert_eq!(stored.to_accounts, ["peter"]);
    let list = history(&api, &id).await;
    let shown: Vec<Option<&str>> = list.iter().map(words).collect();
    assert_eq!(shown, [Some("loud"), Some("quiet"), Some("psst")], "the online-only message is not in the history");
}

#[tokio::test]
async fn a_retried_send_is_stored_once() {
    let s = sandbox().await;
    import(&s, &["owner", "bob"]).await;
    let id = group(&s, GroupType::Public, "Retry", Some("owner"), &["bob"]).await;
    // The sandbox stores the message, then drops the connection; the client sends again with the
    // same Random and gets the first reply.
    s.emulator().faults().for_endpoint("group_open_http_svc/send_group_msg", Fault::DropAfter, 1);
    let reply = s.client().group().send_group_msg(say(&id, "once")).await.unwrap();
    assert_eq!(s.emulator().faults().pending(), 0, "the fault was used");
    assert_eq!(reply.msg_seq, 1);
    let state = s.emulator().state();
    assert_eq!(state.group_messages.groups[&id].messages.len(), 1, "stored once");
    assert_eq!(state.groups[&id].next_msg_seq, 2);
    assert_eq!(unread(&s, &id, "bob"), 1, "counted once");

    // The same Random from the same sender is one message; another sender's is another.
    let api = once(&s);
    let a = api.group().send_group_msg(say(&id, "a").with_random(77)).await.unwrap();
    let again = api.group().send_group_msg(say(&id, "a").with_random(77)).await.unwrap();
    assert_eq!((again.msg_seq, again.msg_time), (a.msg_seq, a.msg_time));
    let bobs = api.group().send_group_msg(say(&id, "a").with_random(77).with_from_account("bob")).await.unwrap();
    assert_ne!(bobs.msg_seq, a.msg_seq);
    assert_eq!(s.emulator().state().group_messages.groups[&id].messages.len(), 3);
}

/// Drives the emulator directly at chosen times, to step past the de-duplication window.
#[tokio::test]
async fn the_dedup_window_ends() {
    let s = sandbox().await;
    import(&s, &["owner"]).await;
    let id = group(&s, GroupType::Public, "Window", Some("owner"), &[]).await;
    let at = now();
    let query = admin_query(s.emulator().config(), at);
    let send = |body: &Value, when: u64| {
        let text = body.to_string();
        let call = Call { path: "/v4/group_open_http_svc/send_group_msg", query: &query, body: text.as_bytes() };
        let outcome = s.emulator().call_at(call, when, Instant::now());
        let Outcome::Reply { body, .. } = outcome else { panic!("no reply") };
        serde_json::from_slice::<Value>(&body).unwrap()
    };
    let body =
        json!({"GroupId": id, "Random": 5, "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    let first = send(&body, at);
    assert_eq!(first["MsgSeq"], 1, "{first}");
    let inside = send(&body, at + dedup_window("send_group_msg") - 1);
    assert_eq!((inside["MsgSeq"].clone(), inside["MsgTime"].clone()), (json!(1), json!(at)), "{inside}");
    let after = send(&body, at + dedup_window("send_group_msg"));
    assert_eq!(after["MsgSeq"], 2, "{after}");
    let no_random = send(&json!({"GroupId": id, "MsgBody": body["MsgBody"]}), at);
    assert_eq!(no_random["ErrorCode"], 10004, "{no_random}");
}

#[tokio::test]
async fn system_notifications_reach_the_members_named_or_everyone() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter"]).await;
    let id = group(&s, GroupType::Public, "Notes", Some("owner"), &["bob", "peter"]).await;
    let live = group(&s, GroupType::AvChatRoom, "LiveNotes", None, &[]).await;
    let api = once(&s);
    api.group().send_group_system_notification(SendGroupSystemNotificationRequest::new(&id, "to all")).await.unwrap();
    let named = SendGroupSystemNotificationRequest::new(&id, "to some").with_to_members_account(["peter", "stranger"]);
    api.group().send_group_system_notification(named).await.unwrap();
    api.group().send_group_system_notification(SendGroupSystemNotificationRequest::new(&live, "live")).await.unwrap();

    let state = s.emulator().state();
    let notes = &state.group_messages.groups[&id].notifications;
    let seen: Vec<(&str, Vec<&str>)> =
        notes.iter().map(|n| (n.content.as_str(), n.recipients.iter().map(String::as_str).collect())).collect();
    assert_eq!(seen, [("to all", vec!["bob", "owner", "peter"]), ("to some", vec!["peter"])]);
    assert!(state.group_messages.groups[&id].messages.is_empty(), "notifications are not group messages");

    let targeted = SendGroupSystemNotificationRequest::new(&live, "x").with_to_members_account(["bob"]);
    let av = api.group().send_group_system_notification(targeted).await.unwrap_err();
    assert!(matches!(av, Error::Service(SendGroupSystemNotificationError::InvalidParameter(_))), "{av}");
    let missing = SendGroupSystemNotificationRequest::new("Gone", "x");
    let missing = api.group().send_group_system_notification(missing).await.unwrap_err();
    assert!(matches!(missing, Error::Service(SendGroupSystemNotificationError::GroupNotFound(_))), "{missing}");
}

#[tokio::test]
async fn recall_marks_messages_and_answers_per_message() {
    let s = sandbox().await;
    import(&s, &["owner", "bob"]).await;
    let id = group(&s, GroupType::Public, "Recall", Some("owner"), &["bob"]).await;
    let live = group(&s, GroupType::AvChatRoom, "LiveRecall", None, &[]).await;
    let api = once(&s);
    for w in ["one", "two"] {
        api.group().send_group_msg(say(&id, w)).await.unwrap();
    }
    let out = api.group().group_msg_recall(GroupMsgRecallRequest::new(&id, seqs(&[1, 99, -3]))).await.unwrap();
    let codes: Vec<(i64, i64)> = out.recall_ret_list.iter().map(|r| (r.msg_seq, r.ret_code)).collect();
    assert_eq!(codes, [(1, 0), (99, 10030), (-3, 10030)]);
    let again = api.group().group_msg_recall(GroupMsgRecallRequest::new(&id, seqs(&[1]))).await.unwrap();
    assert_eq!(again.recall_ret_list[0].ret_code, 10030, "a recalled message is gone");

    let plain = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&id, 10)).await.unwrap();
    let plain: Vec<i64> = plain.rsp_msg_list.unwrap().iter().map(|m| m.msg_seq).collect();
    assert_eq!(plain, [2], "recalled messages are left out by default");
    let full = history(&api, &id).await;
    assert_eq!((full[1].msg_seq, full[1].is_place_msg.clone()), (1, PlaceholderKind::Recalled));
    assert_eq!(full[1].msg_body.as_deref(), Some(&[][..]), "a recalled message shows no body");

    // Audio-video groups keep their messages for recalls, though not for the history.
    let sent = api.group().send_group_msg(say(&live, "live")).await.unwrap();
    let out = api.group().group_msg_recall(GroupMsgRecallRequest::new(&live, seqs(&[sent.msg_seq]))).await.unwrap();
    assert_eq!(out.recall_ret_list[0].ret_code, 0);

    // More than ten at once: refused before sending, by the service without the client's check,
    // and split into conforming calls by the batched method.
    let many = GroupMsgRecallRequest::new(&id, seqs(&(1..=11).collect::<Vec<_>>()));
    assert!(matches!(api.group().group_msg_recall(many.clone()).await, Err(Error::Refused(_))));
    let service = unchecked(&s).group().group_msg_recall(many.clone()).await.unwrap_err();
    assert!(matches!(service, Error::Service(GroupMsgRecallError::InvalidParameter(_))), "{service}");
    let batch = api.group().group_msg_recall_batched(many).await;
    assert_eq!(batch.calls.len(), 2);
    let answered: usize = batch.calls.iter().map(|c| c.result.as_ref().unwrap().recall_ret_list.len()).sum();
    assert_eq!(answered, 11);
    assert!(s.emulator().state().group_messages.message(&id, 2).unwrap().recalled);

    let missing = api.group().group_msg_recall(GroupMsgRecallRequest::new("Gone", seqs(&[1]))).await.unwrap_err();
    assert!(matches!(missing, Error::Service(GroupMsgRecallError::GroupNotFound(_))), "{missing}");
    let topic = GroupMsgRecallRequest::new(&id, seqs(&[1])).with_topic_id("t");
    let topic = api.group().group_msg_recall(topic).await.unwrap_err();
    assert!(matches!(topic, Error::Service(GroupMsgRecallError::InvalidParameter(_))), "{topic}");
}

fn imported(from: &str, at: u64, words: &str) -> ImportedGroupMsg {
    ImportedGroupMsg::new(from, at as i64, text(words))
}

#[tokio::test]
async fn import_keeps_times_and_order_and_clears_unread_counts() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter"]).await;
    let api = once(&s);
    let created = now() - 10_000;
    let old = ImportGroupRequest::new(GroupType::Public, "Old")
        .with_group_id("OldGroup")
        .with_owner_account("owner")
        .with_create_time(created as i64);
    let id = api.group().import_group(old).await.unwrap().group_id;
    join(&s, &id, &["bob"]);
    s.emulator().edit_state(|st| st.groups.get_mut(&id).unwrap().members.get_mut("bob").unwrap().unread_msg_num = 4);

    let request = ImportGroupMsgRequest::new(
        &id,
        [
            imported("bob", created + 10, "first"),
            imported("owner", created + 20, "second"),
            imported("peter", created + 15, "too early"),
            imported("bob", created + 20, "same second"),
            imported("bob", now() + 1000, "future"),
            imported("bob", created, "at creation"),
        ],
    );
    let out = api.group().import_group_msg(request).await.unwrap();
    let results: Vec<(i64, i64)> = out.import_msg_result.iter().map(|r| (r.msg_seq, r.result)).collect();
    assert_eq!(results, [(1, 0), (2, 0), (0, 10004), (3, 0), (0, 10004), (0, 10004)]);
    assert_eq!(out.import_msg_result[1].msg_time, (created + 20) as i64);
    assert_eq!(unread(&s, &id, "bob"), 0, "importing sets unread counts to 0");

    let list = history(&api, &id).await;
    let shown: Vec<(i64, &str, i64)> =
        list.iter().map(|m| (m.msg_seq, m.from_account.as_str(), m.msg_time_stamp)).collect();
    let c = created as i64;
    assert_eq!(shown, [(3, "bob", c + 20), (2, "owner", c + 20), (1, "bob", c + 10)]);
    assert!(s.emulator().state().group_messages.message(&id, 1).unwrap().imported);

    // Eight messages: more than a call takes; the batched method splits them 7 + 1.
    let eight = ImportGroupMsgRequest::new(&id, (0..8).map(|i| imported("bob", created + 100 + i, "batch")));
    assert!(matches!(api.group().import_group_msg(eight.clone()).await, Err(Error::Refused(_))));
    let service = unchecked(&s).group().import_group_msg(eight.clone()).await.unwrap_err();
    assert!(matches!(service, Error::Service(ImportGroupMsgError::InvalidParameter(_))), "{service}");
    let batch = api.group().import_group_msg_batched(eight).await;
    let sizes: Vec<usize> = batch.calls.iter().map(|c| c.items.len()).collect();
    assert_eq!(sizes, [7, 1]);
    assert_eq!(s.emulator().state().groups[&id].next_msg_seq, 12);

    let stranger = ImportGroupMsgRequest::new(&id, [imported("nobody", created + 500, "x")]);
    let stranger = api.group().import_group_msg(stranger).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(ImportGroupMsgError::InvalidParameter(_))), "{stranger}");
    let live = group(&s, GroupType::AvChatRoom, "LiveImport", None, &[]).await;
    let av = api.group().import_group_msg(ImportGroupMsgRequest::new(&live, [imported("bob", now() - 5, "x")])).await;
    assert!(matches!(av, Err(Error::Service(ImportGroupMsgError::PermissionDenied(_)))), "{av:?}");
    let gone =
        api.group().import_group_msg(ImportGroupMsgRequest::new("Gone", [imported("bob", now() - 5, "x")])).await;
    assert!(matches!(gone, Err(Error::Service(ImportGroupMsgError::GroupNotFound(_)))), "{gone:?}");
}

#[tokio::test]
async fn removing_a_senders_messages_recalls_them_silently() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter"]).await;
    let id = group(&s, GroupType::Public, "Sweep", Some("owner"), &["bob", "peter"]).await;
    let live = group(&s, GroupType::AvChatRoom, "LiveSweep", None, &[]).await;
    let api = once(&s);
    for (who, w) in [("bob", "b1"), ("peter", "p1"), ("bob", "b2")] {
        api.group().send_group_msg(say(&id, w).with_from_account(who)).await.unwrap();
    }
    api.group().delete_group_msg_by_sender(DeleteGroupMsgBySenderRequest::new(&id, "bob")).await.unwrap();
    let plain = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&id, 10)).await.unwrap();
    let left: Vec<&str> = plain.rsp_msg_list.as_deref().unwrap().iter().filter_map(words).collect();
    assert_eq!(left, ["p1"]);
    let kinds: Vec<PlaceholderKind> = history(&api, &id).await.into_iter().map(|m| m.is_place_msg).collect();
    assert_eq!(kinds, [PlaceholderKind::Recalled, PlaceholderKind::Message, PlaceholderKind::Recalled]);
    // A repeat, a sender without messages and an audio-video group change nothing and answer OK.
    api.group().delete_group_msg_by_sender(DeleteGroupMsgBySenderRequest::new(&id, "bob")).await.unwrap();
    api.group().delete_group_msg_by_sender(DeleteGroupMsgBySenderRequest::new(&id, "owner")).await.unwrap();
    api.group().send_group_msg(say(&live, "kept")).await.unwrap();
    api.group().delete_group_msg_by_sender(DeleteGroupMsgBySenderRequest::new(&live, "administrator")).await.unwrap();
    assert!(!s.emulator().state().group_messages.message(&live, 1).unwrap().recalled);
    let missing = api.group().delete_group_msg_by_sender(DeleteGroupMsgBySenderRequest::new("Gone", "bob")).await;
    assert!(matches!(missing, Err(Error::Service(DeleteGroupMsgBySenderError::GroupNotFound(_)))), "{missing:?}");
}

#[tokio::test]
async fn the_history_pages_backwards_by_sequence_number() {
    let s = sandbox().await;
    import(&s, &["owner"]).await;
    let id = group(&s, GroupType::Public, "Long", Some("owner"), &[]).await;
    let api = once(&s);
    for i in 1..=25 {
        api.group().send_group_msg(say(&id, &format!("m{i}"))).await.unwrap();
    }
    let first = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&id, 30)).await.unwrap();
    assert_eq!(first.is_finished, HistoryFinished::Partial, "more than 20 asked for and there");
    let first = first.rsp_msg_list.unwrap();
    assert_eq!((first.len(), first[0].msg_seq, first[19].msg_seq), (20, 25, 6));

    // The spec's paging asks each time below the smallest sequence number returned, and stops below 1.
    let all: Vec<i64> = api
        .group()
        .group_msg_get_simple_all(GroupMsgGetSimpleRequest::new(&id, 7))
        .map_ok(|m| m.msg_seq)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (1..=25).rev().collect::<Vec<i64>>());
    let older: Vec<i64> = api
        .group()
        .group_msg_get_simple_all(GroupMsgGetSimpleRequest::new(&id, 20).with_req_msg_seq(9))
        .map_ok(|m| m.msg_seq)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(older, (1..=9).rev().collect::<Vec<i64>>(), "from a chosen sequence number down");

    let zero = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&id, 0)).await.unwrap_err();
    assert!(matches!(zero, Error::Service(GroupMsgGetSimpleError::InvalidParameter(_))), "{zero}");
    let live = group(&s, GroupType::AvChatRoom, "LiveHistory", None, &[]).await;
    let av = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&live, 5)).await.unwrap_err();
    assert!(matches!(av, Error::Service(GroupMsgGetSimpleError::PermissionDenied(_))), "{av}");
    let missing = api.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new("Gone", 5)).await.unwrap_err();
    assert!(matches!(missing, Error::Service(GroupMsgGetSimpleError::GroupNotFound(_))), "{missing}");
}

#[tokio::test]
async fn community_topics_number_their_messages_apart() {
    let s = sandbox().await;
    import(&s, &["owner"]).await;
    let id = group(&s, GroupType::Community, "Town", Some("owner"), &[]).await;
    let api = once(&s);
    api.group().send_group_msg(say(&id, "square")).await.unwrap();
    let in_topic = api.group().send_group_msg(say(&id, "corner").with_topic_id("t1")).await.unwrap();
    assert_eq!(in_topic.msg_seq, 1, "a topic numbers its messages itself");
    let read = GroupMsgGetSimpleRequest::new(&id, 5).with_topic_id("t1");
    let read = api.group().group_msg_get_simple(read).await.unwrap().rsp_msg_list.unwrap();
    assert_eq!(read.iter().filter_map(words).collect::<Vec<_>>(), ["corner"]);
    assert_eq!(s.emulator().state().group_messages.topic_message(&id, "t1", 1).unwrap().sender, "administrator");
    let unknown_topic = GroupMsgGetSimpleRequest::new(&id, 5).with_topic_id("t2");
    let unknown_topic = api.group().group_msg_get_simple(unknown_topic).await.unwrap();
    assert_eq!(unknown_topic.rsp_msg_list.unwrap_or_default().len(), 0);
    let recall = GroupMsgRecallRequest::new(&id, seqs(&[1])).with_topic_id("t1");
    assert_eq!(api.group().group_msg_recall(recall).await.unwrap().recall_ret_list[0].ret_code, 0);
    assert!(!s.emulator().state().group_messages.message(&id, 1).unwrap().recalled, "the group's own message 1 stays");
    let elsewhere = GroupMsgRecallRequest::new(&id, seqs(&[1])).with_topic_id("t9");
    assert_eq!(api.group().group_msg_recall(elsewhere).await.unwrap().recall_ret_list[0].ret_code, 10030);
    assert!(!s.emulator().state().group_messages.groups[&id].topics.contains_key("t9"));
}

#[tokio::test]
async fn topics_take_imports_removals_and_notifications() {
    let s = sandbox().await;
    import(&s, &["owner", "bob"]).await;
    let api = once(&s);
    let at = now() - 100;
    let town = ImportGroupRequest::new(GroupType::Community, "Town").with_owner_account("owner");
    let id = api.group().import_group(town.with_create_time((at - 100) as i64)).await.unwrap().group_id;
    join(&s, &id, &["bob"]);
    let import = ImportGroupMsgRequest::new(&id, [imported("bob", at, "old"), imported("owner", at + 1, "older")]);
    let import = api.group().import_group_msg(import.with_topic_id("t1")).await.unwrap();
    let seqs_in_topic: Vec<i64> = import.import_msg_result.iter().map(|r| r.msg_seq).collect();
    assert_eq!(seqs_in_topic, [1, 2], "the topic numbers the imports itself");
    assert_eq!(s.emulator().state().groups[&id].next_msg_seq, 1, "the group's own counter is untouched");

    let sweep = DeleteGroupMsgBySenderRequest::new(&id, "bob").with_topic_id("t1");
    api.group().delete_group_msg_by_sender(sweep).await.unwrap();
    let state = s.emulator().state();
    assert!(state.group_messages.topic_message(&id, "t1", 1).unwrap().recalled, "bob's topic message is removed");
    assert!(!state.group_messages.topic_message(&id, "t1", 2).unwrap().recalled);
    drop(state);

    let note = SendGroupSystemNotificationRequest::new(&id, "topic news").with_topic_id("t1");
    api.group().send_group_system_notification(note).await.unwrap();
    assert_eq!(s.emulator().state().group_messages.groups[&id].notifications[0].topic.as_deref(), Some("t1"));

    let public = group(&s, GroupType::Public, "Plain", Some("owner"), &[]).await;
    let note = SendGroupSystemNotificationRequest::new(&public, "x").with_topic_id("t1");
    let note = api.group().send_group_system_notification(note).await.unwrap_err();
    assert!(matches!(note, Error::Service(SendGroupSystemNotificationError::InvalidParameter(_))), "{note}");
    let sweep = DeleteGroupMsgBySenderRequest::new(&public, "bob").with_topic_id("t1");
    let sweep = api.group().delete_group_msg_by_sender(sweep).await.unwrap_err();
    assert!(matches!(sweep, Error::Service(DeleteGroupMsgBySenderError::InvalidParameter(_))), "{sweep}");
    let import = ImportGroupMsgRequest::new(&public, [imported("owner", now(), "x")]).with_topic_id("t1");
    let import = api.group().import_group_msg(import).await.unwrap_err();
    assert!(matches!(import, Error::Service(ImportGroupMsgError::InvalidParameter(_))), "{import}");
}

#[tokio::test]
async fn broadcasts_reach_every_audio_video_group_once() {
    let s = start(config().rate_limits(false)).await;
    import(&s, &["host"]).await;
    let a = group(&s, GroupType::AvChatRoom, "LiveA", None, &[]).await;
    let b = group(&s, GroupType::AvChatRoom, "LiveB", None, &[]).await;
    group(&s, GroupType::Public, "NotLive", None, &[]).await;
    let api = once(&s);
    let hi = || SendBroadcastMsgRequest::new(text("hi")).with_random(9).with_from_account("host");
    let first = api.group().send_broadcast_msg(hi()).await.unwrap();
    let again = api.group().send_broadcast_msg(hi()).await.unwrap();
    assert_eq!(again.msg_seq, first.msg_seq, "the same Random is one broadcast");
    let second = api.group().send_broadcast_msg(SendBroadcastMsgRequest::new(text("bye"))).await.unwrap();
    assert_eq!((first.msg_seq, second.msg_seq), (1, 2));
    let state = s.emulator().state();
    assert_eq!(state.group_messages.broadcasts.len(), 2);
    assert_eq!(state.group_messages.broadcasts[0].groups, [a, b]);
    assert_eq!(state.group_messages.broadcasts[0].sender, "host");

    let stranger = SendBroadcastMsgRequest::new(text("x")).with_from_account("nobody");
    let stranger = api.group().send_broadcast_msg(stranger).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(SendBroadcastMsgError::InvalidParameter(_))), "{stranger}");

    // With the documented frequency enforced, a second broadcast within the second is refused.
    let limited = sandbox().await;
    let api = once(&limited);
    api.group().send_broadcast_msg(SendBroadcastMsgRequest::new(text("1"))).await.unwrap();
    let fast = api.group().send_broadcast_msg(SendBroadcastMsgRequest::new(text("2"))).await.unwrap_err();
    assert!(matches!(fast, Error::Service(SendBroadcastMsgError::Common(CommonError::ApiRateLimited(_)))), "{fast}");
}

#[tokio::test]
async fn clearing_hides_messages_from_clients_but_not_from_the_admin() {
    let s = sandbox().await;
    import(&s, &["owner"]).await;
    let id = group(&s, GroupType::Public, "Clear", Some("owner"), &[]).await;
    let api = once(&s);
    for w in ["a", "b", "c"] {
        api.group().send_group_msg(say(&id, w)).await.unwrap();
    }
    api.group().clear_group_msg(ClearGroupMsgRequest::new(&id).with_msg_seq(2)).await.unwrap();
    let cleared = |s: &Sandbox| -> Vec<bool> {
        s.emulator().state().group_messages.groups[&id].messages.values().map(|m| m.cleared).collect()
    };
    assert_eq!(cleared(&s), [true, true, false]);
    assert_eq!(history(&api, &id).await.len(), 3, "the admin still reads cleared messages");
    api.group().clear_group_msg(ClearGroupMsgRequest::new(&id)).await.unwrap();
    assert_eq!(cleared(&s), [true, true, true]);

    let town = group(&s, GroupType::Community, "ClearTown", None, &[]).await;
    let community = api.group().clear_group_msg(ClearGroupMsgRequest::new(&town)).await.unwrap_err();
    assert!(matches!(community, Error::Service(ClearGroupMsgError::PermissionDenied(_))), "{community}");
    let missing = api.group().clear_group_msg(ClearGroupMsgRequest::new("Gone")).await.unwrap_err();
    assert!(matches!(missing, Error::Service(ClearGroupMsgError::GroupNotFound(_))), "{missing}");
}

#[tokio::test]
async fn read_receipts_count_and_list_the_readers() {
    let s = start(config().edition(Edition::Pro)).await;
    import(&s, &["owner", "ann", "bea", "cid", "out"]).await;
    let id = group(&s, GroupType::Public, "Reads", Some("owner"), &["ann", "bea", "cid"]).await;
    let api = once(&s);
    let asked = say(&id, "read me").with_from_account("owner").with_need_read_receipt(true);
    assert_eq!(api.group().send_group_msg(asked).await.unwrap().msg_seq, 1);
    api.group().send_group_msg(say(&id, "no receipts").with_from_account("owner")).await.unwrap();
    api.group().group_msg_receipt(GroupMsgReceiptRequest::new(&id, "ann", seqs(&[1, 2]))).await.unwrap();
    api.group().group_msg_receipt(GroupMsgReceiptRequest::new(&id, "bea", seqs(&[1]))).await.unwrap();
    api.group().group_msg_receipt(GroupMsgReceiptRequest::new(&id, "bea", seqs(&[1]))).await.unwrap();
    api.group().group_msg_receipt(GroupMsgReceiptRequest::new(&id, "owner", seqs(&[1]))).await.unwrap();

    let counts = api.group().get_group_msg_receipt(GetGroupMsgReceiptRequest::new(&id, seqs(&[1, 2, 99]))).await;
    let counts: Vec<(i64, i64, Option<i64>, Option<i64>)> = counts
        .unwrap()
        .group_msg_receipt_list
        .into_iter()
        .map(|r| (r.msg_seq, r.code, r.read_num, r.unread_num))
        .collect();
    assert_eq!(counts, [(1, 0, Some(2), Some(1)), (2, 10062, None, None), (99, 10062, None, None)]);

    let page = |filter: ReceiptFilter, cursor: &str| {
        let api = api.clone();
        let r = GetGroupMsgReceiptDetailRequest::new(&id, 1, filter, cursor, 1);
        async move { api.group().get_group_msg_receipt_detail(r).await }
    };
    let one = page(ReceiptFilter::Read, "").await.unwrap();
    let names = |r: &chat_api::group::GetGroupMsgReceiptDetailResponse| -> Vec<String> {
        r.read_list.iter().flatten().map(|m| m.read_account.clone()).collect()
    };
    assert_eq!((names(&one), one.is_finish, one.cursor.as_deref()), (vec!["ann".to_string()], Some(0), Some("1")));
    let two = page(ReceiptFilter::Read, "1").await.unwrap();
    assert_eq!((names(&two), two.is_finish, two.is_finished), (vec!["bea".to_string()], Some(1), None));
    let unread = page(ReceiptFilter::Unread, "").await.unwrap();
    let unread_names: Vec<&str> = unread.unread_list.iter().flatten().map(|m| m.unread_account.as_str()).collect();
    assert_eq!((unread_names, unread.read_list.is_none()), (vec!["cid"], true));

    let bad_cursor = page(ReceiptFilter::Read, "zz").await.unwrap_err();
    assert!(matches!(bad_cursor, Error::Service(GetGroupMsgReceiptDetailError::InvalidParameter(_))), "{bad_cursor}");
    let none = GetGroupMsgReceiptDetailRequest::new(&id, 2, ReceiptFilter::Read, "", 10);
    let none = api.group().get_group_msg_receipt_detail(none).await.unwrap_err();
    assert!(matches!(none, Error::Service(GetGroupMsgReceiptDetailError::InvalidParameter(_))), "{none}");
    // The pages' limit, 200 members per call: the client refuses more, and so does the sandbox.
    let big = GetGroupMsgReceiptDetailRequest::new(&id, 1, ReceiptFilter::Read, "", 201);
    let refused = api.group().get_group_msg_receipt_detail(big.clone()).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "{refused}");
    let answered = unchecked(&s).group().get_group_msg_receipt_detail(big).await.unwrap_err();
    assert!(matches!(answered, Error::Service(GetGroupMsgReceiptDetailError::InvalidParameter(_))), "{answered}");
    let outsider = api.group().group_msg_receipt(GroupMsgReceiptRequest::new(&id, "out", seqs(&[1]))).await;
    assert!(matches!(outsider, Err(Error::Service(GroupMsgReceiptError::PermissionDenied(_)))), "{outsider:?}");
    let town = group(&s, GroupType::Community, "ReadTown", Some("owner"), &[]).await;
    let community = api.group().group_msg_receipt(GroupMsgReceiptRequest::new(&town, "owner", seqs(&[1]))).await;
    assert!(matches!(community, Err(Error::Service(GroupMsgReceiptError::PermissionDenied(_)))), "{community:?}");
    let missing = api.group().get_group_msg_receipt(GetGroupMsgReceiptRequest::new("Gone", seqs(&[1]))).await;
    assert_eq!(missing.unwrap_err().code(), Some(10010));
}

#[tokio::test]
async fn modifying_replaces_the_body_or_the_custom_data() {
    let s = sandbox().await;
    import(&s, &["owner"]).await;
    let id = group(&s, GroupType::Public, "Edit", Some("owner"), &[]).await;
    let live = group(&s, GroupType::AvChatRoom, "LiveEdit", None, &[]).await;
    let api = once(&s);
    api.group().send_group_msg(say(&id, "typo").with_cloud_custom_data("v1")).await.unwrap();
    api.openim().modify_group_msg(ModifyGroupMsgRequest::new(&id, 1).with_msg_body(text("fixed"))).await.unwrap();
    let data = |s: &Sandbox| s.emulator().state().group_messages.message(&id, 1).unwrap().cloud_custom_data.clone();
    let shown = history(&api, &id).await;
    assert_eq!((words(&shown[0]), data(&s).as_deref()), (Some("fixed"), Some("v1")));
    api.openim().modify_group_msg(ModifyGroupMsgRequest::new(&id, 1).with_cloud_custom_data("v2")).await.unwrap();
    let shown = history(&api, &id).await;
    assert_eq!((words(&shown[0]), data(&s).as_deref()), (Some("fixed"), Some("v2")));
    assert!(s.emulator().state().group_messages.message(&id, 1).unwrap().modified);

    let modify = |r: ModifyGroupMsgRequest| {
        let api = api.clone();
        async move { api.openim().modify_group_msg(r).await.unwrap_err() }
    };
    let nothing = modify(ModifyGroupMsgRequest::new(&id, 1)).await;
    assert!(matches!(nothing, Error::Service(ModifyGroupMsgError::InvalidRequest(_))), "{nothing}");
    let empty = modify(ModifyGroupMsgRequest::new(&id, 1).with_msg_body(Vec::new())).await;
    assert!(matches!(empty, Error::Service(ModifyGroupMsgError::InvalidMsgBody(_))), "{empty}");
    let absent = modify(ModifyGroupMsgRequest::new(&id, 7).with_cloud_custom_data("x")).await;
    assert!(matches!(absent, Error::Service(ModifyGroupMsgError::InvalidRequest(_))), "{absent}");
    let gone = modify(ModifyGroupMsgRequest::new("Gone", 1).with_cloud_custom_data("x")).await;
    assert!(matches!(gone, Error::Service(ModifyGroupMsgError::InvalidRequest(_))), "{gone}");
    api.group().send_group_msg(say(&live, "live")).await.unwrap();
    let av = modify(ModifyGroupMsgRequest::new(&live, 1).with_cloud_custom_data("x")).await;
    assert!(matches!(av, Error::Service(ModifyGroupMsgError::InvalidRequest(_))), "{av}");
    api.group().group_msg_recall(GroupMsgRecallRequest::new(&id, seqs(&[1]))).await.unwrap();
    let recalled = modify(ModifyGroupMsgRequest::new(&id, 1).with_cloud_custom_data("x")).await;
    assert!(matches!(recalled, Error::Service(ModifyGroupMsgError::InvalidRequest(_))), "{recalled}");
}

#[tokio::test]
async fn a_group_made_again_under_an_old_id_starts_with_an_empty_log() {
    let s = sandbox().await;
    import(&s, &["owner"]).await;
    let id = group(&s, GroupType::Public, "Again", Some("owner"), &[]).await;
    let api = once(&s);
    api.group().send_group_msg(say(&id, "old")).await.unwrap();
    api.group().destroy_group(chat_api::group::DestroyGroupRequest::new(&id)).await.unwrap();
    // Made again within the same second: the log still tells the two groups apart.
    group(&s, GroupType::Public, "Again", Some("owner"), &[]).await;
    assert!(history(&api, &id).await.is_empty(), "the old group's messages are not the new one's");
    assert_eq!(api.group().send_group_msg(say(&id, "new")).await.unwrap().msg_seq, 1);
}

/// Every endpoint of this area, fed its sample (or, where the page gave none, a hand-written body)
/// mutated many ways against groups of every type that hold messages, answers with a JSON reply
/// and never panics.
#[test]
fn no_request_makes_a_handler_panic() {
    let now = 1_800_000_000;
    let config = Config::new(1, "administrator", "prop-key").rate_limits(false);
    let query = admin_query(&config, now);
    let e = chat_api_sandbox::Emulator::new(config);
    let kinds = [
        ("@TGS#2C5SZEAEF", "Public"),
        ("@TGS#15ERQPAER", "Private"),
        ("@TGS#2J4SZEAEL", "ChatRoom"),
        ("@TGS#12DEVUDHQ", "AVChatRoom"),
        ("@TGS#2TTV7VSII", "Community"),
        ("@TGS#1HYEP2SHC", "Public"),
    ];
    e.edit_state(|st| {
        for who in ["peter", "leckie", "brennanli2", "brennanli3", "tommy", "test"] {
            st.add_account(who);
        }
        for (n, (id, kind)) in kinds.iter().enumerate() {
            let mut g = chat_api_sandbox::state::Group::default();
            g.id = id.to_string();
            g.group_type = kind.to_string();
            g.seq = n as u64 + 1;
            g.next_msg_seq = 30;
            for m in ["peter", "leckie", "brennanli2", "brennanli3"] {
                g.members.insert(m.to_string(), Member::new("Member", 0));
            }
            let log = st.group_messages.log_mut(id, g.seq);
            for seq in [1_u64, 2, 23, 29] {
                let mut m = chat_api_sandbox::state::GroupMessage::new(seq, "peter", 100, text("stored"));
                m.need_receipt = true;
                m.audience = ["leckie".to_string(), "brennanli2".to_string()].into_iter().collect();
                m.read_by.insert("leckie".into());
                log.messages.insert(seq, m);
            }
            st.groups.insert(id.to_string(), g);
        }
    });
    let spec = spec();
    let handwritten = [
        (
            "group_open_http_svc/group_msg_receipt",
            json!({"GroupId": "@TGS#2C5SZEAEF", "From_Account": "brennanli2", "MsgSeqList": [{"MsgSeq": 1}, {"MsgSeq": 23}]}),
        ),
        (
            "group_open_http_svc/get_group_msg_receipt_detail",
            json!({"GroupId": "@TGS#2C5SZEAEF", "MsgSeq": 1, "Filter": 0, "Cursor": "", "Count": 1}),
        ),
    ];
    let mine = [
        "group_open_http_svc/send_group_msg",
        "group_open_http_svc/send_group_system_notification",
        "group_open_http_svc/group_msg_recall",
        "group_open_http_svc/import_group_msg",
        "group_open_http_svc/delete_group_msg_by_sender",
        "group_open_http_svc/group_msg_get_simple",
        "group_open_http_svc/send_broadcast_msg",
        "group_open_http_svc/clear_group_msg",
        "group_open_http_svc/group_msg_receipt",
        "group_open_http_svc/get_group_msg_receipt",
        "group_open_http_svc/get_group_msg_receipt_detail",
        "openim/modify_group_msg",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let odd = [
        Value::Null,
        Value::from(-1),
        Value::from(0),
        Value::from(i64::MAX),
        Value::from(i64::MIN),
        Value::from(4_294_967_295_u64),
        Value::from(""),
        Value::from("x".repeat(9000)),
        json!([]),
        json!([{"MsgSeq": i64::MAX}, {"MsgSeq": -1}]),
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "y"}}]),
        json!([{"From_Account": "peter", "SendTime": 1_799_999_999, "MsgBody": []}]),
        json!(["peter", "nobody"]),
        Value::from("t1"),
        Value::from("7"),
    ];
    let mut served = 0;
    for path in mine {
        let sample = spec
            .endpoints
            .iter()
            .find(|ep| ep.path() == path)
            .and_then(|ep| ep.examples.first())
            .and_then(|x| x.request.as_ref())
            .map(|r| serde_json::from_str::<Value>(r).unwrap());
        let Some(base) = sample.or_else(|| handwritten.iter().find(|(p, _)| *p == path).map(|(_, v)| v.clone())) else {
            panic!("{path}: neither a sample nor a hand-written body");
        };
        served += 1;
        let url = format!("/v4/{path}");
        for round in 0..300 {
            let mut body = base.clone();
            if let Value::Object(map) = &mut body {
                let keys: Vec<String> = map.keys().cloned().collect();
                let key = &keys[rng.below(keys.len())];
                if key != "GroupId" || round % 4 == 0 {
                    map.insert(key.clone(), odd[rng.below(odd.len())].clone());
                }
                if round % 2 == 0 && map.contains_key("GroupId") {
                    map.insert("GroupId".into(), Value::from(kinds[rng.below(kinds.len())].0));
                }
            }
            assert_answers(&e, &url, &query, body.to_string().as_bytes(), now + round);
        }
    }
    assert_eq!(served, mine.len());
    assert!(!e.state().group_messages.groups["@TGS#2C5SZEAEF"].messages.is_empty());
}
