//! The sandbox posts signed callbacks to a webhook server built with the crate's `webhook` module,
//! awaits `before` callbacks and applies their answers.

mod common;

use chat_api::GroupType;
use chat_api::group::{CreateGroupRequest, GroupMsgGetSimpleRequest, SendGroupMsgRequest};
use chat_api::webhook::server::serve;
use chat_api::webhook::{
    C2cBeforeSendMsgReply, Event, GroupBeforeInviteJoinGroupReply, GroupBeforeSendMsgReply, Query, Verifier,
};
use chat_api::{MsgElement, TextElem};
use chat_api_sandbox::{Config, Sandbox};
use common::{group, once, start, text};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

const TOKEN: &str = "hook-token";

/// What the app's server saw: each callback's command, in order.
type Seen = Arc<Mutex<Vec<String>>>;

/// The app's webhook server, built with `chat_api::webhook::server`: it refuses group messages
/// that say "spam" (code 10100), rewrites those that say "rewrite", lets the rest through, and
/// waits `delay` before answering. Callbacks that fail verification never reach it (401).
async fn app_server(delay: Duration) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook?app=1", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let handler = move |q: Query, event: Event| {
        // A known command decodes into its own variant; `Unknown` would mean a name the crate lacks.
        let typed = !matches!(event, Event::Unknown { .. });
        log.lock().unwrap().push(if typed { q.command.clone() } else { format!("untyped {}", q.command) });
        async move {
            tokio::time::sleep(delay).await;
            match &event {
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
                Event::C2cBeforeSendMsg(m) => {
                    let said = serde_json::to_string(&m.msg_body).unwrap();
                    if said.contains("spam") {
                        C2cBeforeSendMsgReply::refuse(C2cBeforeSendMsgReply::REFUSE, "no").into()
                    } else if said.contains("ads") {
                        C2cBeforeSendMsgReply::refuse(120001, "no ads").into()
                    } else if said.contains("quiet") {
                        C2cBeforeSendMsgReply::discard().into()
                    } else if said.contains("rewrite") {
                        C2cBeforeSendMsgReply::allow_with_body(vec![MsgElement::text("rewritten")]).into()
                    } else {
                        event.allow()
                    }
                }
                Event::GroupBeforeInviteJoinGroup(_) => {
                    GroupBeforeInviteJoinGroupReply::allow().with_refused_members_account(vec!["mallory".into()]).into()
                }
                other => other.allow(),
            }
        }
    };
    tokio::spawn(serve(listener, Verifier::new(1400000000, TOKEN), handler));
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
        if seen.lock().unwrap().iter().any(|c| c == command) {
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
    // Only verified callbacks reach the handler: the sandbox signed all of them.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.iter().filter(|c| *c == "Group.CallbackBeforeSendMsg").count(), 3, "{seen:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_or_absent_webhook_server_lets_messages_through_by_default() {
    let (url, seen) = app_server(Duration::from_millis(800)).await;
    let config = common::config()
        .webhook(url, Some(TOKEN))
        .webhook_policy(Duration::from_millis(200), chat_api_sandbox::OnFailure::Allow);
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

    // With the console set to refuse on failure, unanswered `before` callbacks refuse: here the
    // group's creation (Group.CallbackBeforeCreateGroup) gets 10016 and no group is made.
    let config = common::config()
        .webhook(url, Some(TOKEN))
        .webhook_policy(Duration::from_millis(200), chat_api_sandbox::OnFailure::Refuse);
    let s = start(config.rate_limits(false)).await;
    common::accounts(&s, &["alice"]);
    let create = CreateGroupRequest::new(GroupType::Public, "g").with_owner_account("alice");
    let err = once(&s).group().create_group(create).await.unwrap_err();
    assert_eq!(err.code(), Some(10016));
    assert!(s.emulator().state().groups.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn callbacks_signed_with_another_token_never_reach_the_handler() {
    // The sandbox signs with its token; the app's server holds another, answers 401, and the
    // service (here the sandbox) treats that as no answer: the message goes ahead unreviewed.
    let (url, seen) = app_server(Duration::ZERO).await;
    let (s, id) = setup(common::config().webhook(url, Some("another-token"))).await;
    once(&s).group().send_group_msg(say(&id, "spam")).await.unwrap();
    assert_eq!(history(&s, &id).await, ["spam"]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(seen.lock().unwrap().is_empty(), "{:?}", seen.lock().unwrap());
}

/// One raw HTTP/1.1 exchange; the status code of the answer.
async fn status_of(url: &str, method: &str, query: &str, body: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, _) = rest.split_once('/').unwrap();
    let mut conn = tokio::net::TcpStream::connect(host).await.unwrap();
    let req = format!(
        "{method} /hook?{query} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    answer.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hyper_service_answers_forged_and_malformed_callbacks_with_an_error_status() {
    let (url, seen) = app_server(Duration::ZERO).await;
    let signer = Verifier::new(1400000000, TOKEN);
    let now = chat_api::webhook::unix_now();
    let good = signer.signed_query("Group.CallbackAfterSendMsg", now, "iOS");
    let body = r#"{"CallbackCommand":"Group.CallbackAfterSendMsg","GroupId":"g"}"#;
    assert_eq!(status_of(&url, "POST", &good, body).await, 200);
    let forged = Verifier::new(1400000000, "guess").signed_query("Group.CallbackAfterSendMsg", now, "iOS");
    assert_eq!(status_of(&url, "POST", &forged, body).await, 401);
    let stale = signer.signed_query("Group.CallbackAfterSendMsg", now - 3600, "iOS");
    assert_eq!(status_of(&url, "POST", &stale, body).await, 401);
    let other_app = Verifier::new(1400000001, TOKEN).signed_query("Group.CallbackAfterSendMsg", now, "iOS");
    assert_eq!(status_of(&url, "POST", &other_app, body).await, 401);
    assert_eq!(status_of(&url, "POST", &good, "not json").await, 400);
    assert_eq!(status_of(&url, "GET", &good, "").await, 405);
    assert_eq!(seen.lock().unwrap().len(), 1, "only the good one reached the handler");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_covered_trigger_sends_its_callbacks_and_each_decodes_into_its_type() {
    use chat_api::group::*;
    use chat_api::message_ext::{ExtensionKeyValue, ExtensionOperation, SetKeyValuesRequest};
    use chat_api::openim::{AdminMsgWithdrawRequest, AdminSetMsgReadRequest, SendMsgRequest};
    use chat_api::profile::{PortraitSetRequest, ProfileItem};
    use chat_api::sns::{
        BlackListAddRequest, BlackListDeleteRequest, FriendAddItem, FriendAddRequest, FriendDeleteRequest,
    };
    let (url, seen) = app_server(Duration::ZERO).await;
    let s = start(common::config().webhook(url, Some(TOKEN)).rate_limits(false)).await;
    common::accounts(&s, &["alice", "bob", "carol", "mallory"]);
    let api = once(&s);
    let create = CreateGroupRequest::new(GroupType::Public, "g").with_owner_account("alice").with_max_member_count(3);
    let id = api.group().create_group(create).await.unwrap().group_id;
    let add = AddGroupMemberRequest::new(&id, ["bob", "mallory", "carol"].map(NewGroupMember::new));
    api.group().add_group_member(add).await.unwrap();
    let members = &s.emulator().state().groups[&id].members;
    assert!(members.contains_key("bob") && !members.contains_key("mallory"), "the app refused mallory");
    let sent = api.group().send_group_msg(say(&id, "hi").with_need_read_receipt(true)).await.unwrap();
    let read = GroupMsgReceiptRequest::new(&id, "bob", [GroupMsgSeq::new(sent.msg_seq)]);
    api.group().group_msg_receipt(read).await.unwrap();
    api.group().modify_group_base_info(ModifyGroupBaseInfoRequest::new(&id).with_name("renamed")).await.unwrap();
    api.group().group_msg_recall(GroupMsgRecallRequest::new(&id, [GroupMsgSeq::new(sent.msg_seq)])).await.unwrap();
    api.group().change_group_owner(ChangeGroupOwnerRequest::new(&id, "bob")).await.unwrap();
    api.group().delete_group_member(DeleteGroupMemberRequest::new(&id, ["carol"])).await.unwrap();
    api.group().destroy_group(DestroyGroupRequest::new(&id)).await.unwrap();
    let sent =
        api.openim().send_msg(SendMsgRequest::new("bob", text("hello bob")).with_from_account("alice")).await.unwrap();
    api.openim().admin_msg_withdraw(AdminMsgWithdrawRequest::new("alice", "bob", sent.msg_key)).await.unwrap();
    let extensible = SendMsgRequest::new("bob", text("tea or coffee?")).with_from_account("alice");
    let key = api.openim().send_msg(extensible.with_support_message_extension(true)).await.unwrap().msg_key;
    let pair = ExtensionKeyValue::new("vote", "tea");
    let set = SetKeyValuesRequest::new("bob", &key, ExtensionOperation::Set).with_from_account("alice");
    api.message_ext().set_key_values(set.with_extension_list([pair])).await.unwrap();
    let nick = ProfileItem::Nick("Al".into());
    api.profile().portrait_set(PortraitSetRequest::new("alice", [nick])).await.unwrap();
    api.openim().admin_set_msg_read(AdminSetMsgReadRequest::new("bob", "alice")).await.unwrap();
    let item = FriendAddItem::new("bob", "AddSource_Type_Test");
    api.sns().friend_add(FriendAddRequest::new("alice", [item])).await.unwrap();
    api.sns().friend_delete(FriendDeleteRequest::new("alice", ["bob"])).await.unwrap();
    api.sns().black_list_add(BlackListAddRequest::new("alice", ["carol"])).await.unwrap();
    api.sns().black_list_delete(BlackListDeleteRequest::new("alice", ["carol"])).await.unwrap();

    let expected = [
        "Group.CallbackBeforeCreateGroup",
        "Group.CallbackAfterCreateGroup",
        "Group.CallbackBeforeInviteJoinGroup",
        "Group.CallbackAfterNewMemberJoin",
        "Group.CallbackAfterGroupFull",
        "Group.CallbackBeforeSendMsg",
        "Group.CallbackAfterSendMsg",
        "Group.CallbackAfterGroupInfoChanged",
        "Group.CallbackAfterRecallMsg",
        "Group.CallbackAfterChangeGroupOwner",
        "Group.CallbackAfterMemberExit",
        "Group.CallbackAfterGroupDestroyed",
        "C2C.CallbackBeforeSendMsg",
        "C2C.CallbackAfterSendMsg",
        "C2C.CallbackAfterMsgReport",
        "C2C.CallbackAfterMsgWithDraw",
        "C2C.CallbackAfterC2CMsgExtension",
        "Group.CallbackAfterReadReceipt",
        "Profile.CallbackPortraitSet",
        "Sns.CallbackFriendAdd",
        "Sns.CallbackFriendDelete",
        "Sns.CallbackBlackListAdd",
        "Sns.CallbackBlackListDelete",
    ];
    for command in expected {
        assert!(wait_for(&seen, command).await, "{command} never arrived: {:?}", seen.lock().unwrap());
    }
    let seen = seen.lock().unwrap().clone();
    assert!(seen.iter().all(|c| !c.starts_with("untyped")), "{seen:?}");
    // The spec's triggers and the sandbox agree: every webhook a covered endpoint triggers arrived.
    let spec = common::spec();
    for w in spec.webhooks.iter().filter(|w| !w.triggers.is_empty()) {
        assert!(expected.contains(&w.command.as_str()), "{} not tested", w.command);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_to_one_messages_are_refused_dropped_or_changed_as_the_app_answers() {
    use chat_api::openim::{AdminGetRoamMsgRequest, SendMsgRequest};
    let (url, _seen) = app_server(Duration::ZERO).await;
    let (s, _) = setup(common::config().webhook(url, Some(TOKEN))).await;
    let api = once(&s);
    let send = |words: &str| SendMsgRequest::new("bob", text(words)).with_from_account("alice");
    let err = api.openim().send_msg(send("spam")).await.unwrap_err();
    assert_eq!(err.code(), Some(20006), "code 1 refuses with the page's 20006: {err}");
    let err = api.openim().send_msg(send("ads")).await.unwrap_err();
    assert_eq!(err.code(), Some(120001), "an app code reaches the sender: {err}");
    api.openim().send_msg(send("quiet")).await.expect("a silent drop looks like success");
    api.openim().send_msg(send("rewrite this")).await.unwrap();
    api.openim().send_msg(send("plain")).await.unwrap();
    let now = i64::try_from(chat_api::webhook::unix_now()).unwrap();
    let roam =
        api.openim().admin_get_roam_msg(AdminGetRoamMsgRequest::new("alice", "bob", 100, 0, now + 60)).await.unwrap();
    let stored: Vec<String> = roam
        .msg_list
        .unwrap_or_default()
        .iter()
        .flat_map(|m| m.msg_body.iter())
        .filter_map(|e| match e {
            MsgElement::Text(TextElem { text, .. }) => Some(text.clone()),
            _ => None,
        })
        .collect();
    let mut stored = stored;
    stored.sort();
    assert_eq!(stored, ["plain", "rewritten"]);
}
