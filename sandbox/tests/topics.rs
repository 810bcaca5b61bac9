//! Community topics (`v4/million_group_open_http_svc/*`, `v4/group_open_http_svc/import_topic`)
//! through the real `chat_api::Client` against the sandbox: profiles, messages per topic, and the
//! documented codes the sandbox's state can produce.

use chat_api::group::{GroupMsgGetSimpleRequest, ImportTopicError, ImportTopicRequest, SendGroupMsgRequest};
use chat_api::runtime::Edition;
use chat_api::topic::{
    CreateTopicError, CreateTopicRequest, DestroyTopicRequest, GetTopicRequest, ModifyTopicError, ModifyTopicRequest,
    TopicMuteAll,
};
use chat_api::{Error, GroupType};

mod common;
use common::{config, group, once, sandbox_with, start, text};

const G: &str = "community1";

async fn community(s: &chat_api_sandbox::Sandbox) {
    group(s, GroupType::Community, G, Some("owner"), &["alice"]).await;
}

#[tokio::test]
async fn topics_are_created_read_changed_and_carry_their_own_messages() {
    let s = sandbox_with(&["owner", "alice"]).await;
    community(&s).await;
    let api = once(&s);
    let custom = format!("{G}@TOPIC#_news");
    let made = CreateTopicRequest::new(G, "News").with_topic_id(&custom).with_notification("read me");
    assert_eq!(api.topic().create_topic(made).await.unwrap().topic_id, custom);
    let assigned = api.topic().create_topic(CreateTopicRequest::new(G, "Chat")).await.unwrap().topic_id;
    assert!(assigned.starts_with(&format!("{G}@TOPIC#_")), "{assigned}");

    let send = SendGroupMsgRequest::new(G, text("hello news")).with_from_account("alice").with_topic_id(&custom);
    let sent = api.group().send_group_msg(send).await.unwrap();
    assert_eq!(sent.msg_seq, 1, "a topic numbers its own messages");
    let history = GroupMsgGetSimpleRequest::new(G, 10).with_topic_id(&custom);
    let read = api.group().group_msg_get_simple(history).await.unwrap().rsp_msg_list.unwrap_or_default();
    assert_eq!(read.iter().map(|m| m.from_account.as_str()).collect::<Vec<_>>(), ["alice"]);
    let other = GroupMsgGetSimpleRequest::new(G, 10).with_topic_id(&assigned);
    assert!(api.group().group_msg_get_simple(other).await.unwrap().rsp_msg_list.unwrap_or_default().is_empty());

    let all = api.topic().get_topic(GetTopicRequest::new(G, "alice")).await.unwrap().topic_and_self_info;
    assert_eq!(all.len(), 2);
    let news = all.iter().find(|t| t.topic_info.as_ref().unwrap().topic_id.as_deref() == Some(&*custom)).unwrap();
    let info = news.topic_info.as_ref().unwrap();
    assert_eq!((info.topic_name.as_deref(), info.notification.as_deref()), (Some("News"), Some("read me")));
    assert_eq!(info.next_msg_seq, Some(2));
    assert!(info.last_msg_time.unwrap() > 0);
    assert_eq!(news.self_info.as_ref().unwrap().msg_flag.as_deref(), Some("AcceptAndNotify"));

    let change =
        ModifyTopicRequest::new(G, &custom).with_topic_name("Headlines").with_mute_all_member(TopicMuteAll::On);
    api.topic().modify_topic(change).await.unwrap();
    let filtered = GetTopicRequest::new(G, "alice")
        .with_topic_id_list([custom.clone()])
        .with_response_filter(["TopicName".to_string(), "MuteAllMember".to_string()]);
    let one = api.topic().get_topic(filtered).await.unwrap().topic_and_self_info.remove(0).topic_info.unwrap();
    assert_eq!((one.topic_name.as_deref(), one.mute_all_member.as_deref()), (Some("Headlines"), Some("On")));
    assert_eq!((one.notification, one.topic_id), (None, None), "the filter leaves the rest out");
}

#[tokio::test]
async fn disbanded_and_unknown_topics_refuse_messages_and_report_per_topic() {
    let s = sandbox_with(&["owner", "alice"]).await;
    community(&s).await;
    let api = once(&s);
    let topic = api.topic().create_topic(CreateTopicRequest::new(G, "Temp")).await.unwrap().topic_id;
    let unknown = SendGroupMsgRequest::new(G, text("?")).with_topic_id(format!("{G}@TOPIC#_nope"));
    let refused = api.group().send_group_msg(unknown).await.unwrap_err();
    assert_eq!(refused.code(), Some(10010), "{refused:?}");

    api.group().send_group_msg(SendGroupMsgRequest::new(G, text("bye")).with_topic_id(&topic)).await.unwrap();
    let gone = format!("{G}@TOPIC#_never");
    let out = api.topic().destroy_topic(DestroyTopicRequest::new(G, [topic.clone(), gone.clone()])).await.unwrap();
    let codes: Vec<(&str, i64)> = out.destroy_result_item.iter().map(|r| (r.topic_id.as_str(), r.error_code)).collect();
    assert_eq!(codes, [(topic.as_str(), 0), (gone.as_str(), 110003)]);
    let state = s.emulator().state();
    assert!(!state.group_messages.groups[G].topics.contains_key(&topic), "its messages go with it");
    let after = api.group().send_group_msg(SendGroupMsgRequest::new(G, text("late")).with_topic_id(&topic)).await;
    assert_eq!(after.unwrap_err().code(), Some(10010));
    let modify = api.topic().modify_topic(ModifyTopicRequest::new(G, &topic).with_topic_name("x")).await.unwrap_err();
    assert!(matches!(modify, Error::Service(ModifyTopicError::TopicGone(_))), "{modify:?}");
    let listed = api.topic().get_topic(GetTopicRequest::new(G, "owner").with_topic_id_list([topic])).await.unwrap();
    assert_eq!(listed.topic_and_self_info[0].error_code, 110003);
}

#[tokio::test]
async fn topic_ids_groups_members_and_editions_are_checked() {
    let s = sandbox_with(&["owner", "alice", "stranger"]).await;
    community(&s).await;
    group(&s, GroupType::Public, "plain", Some("owner"), &[]).await;
    let api = once(&s);
    let public = api.topic().create_topic(CreateTopicRequest::new("plain", "T")).await.unwrap_err();
    assert!(matches!(public, Error::Service(CreateTopicError::TopicsNotSupported(_))), "{public:?}");
    let bad_id = CreateTopicRequest::new(G, "T").with_topic_id("@TOPIC#_elsewhere");
    assert_eq!(api.topic().create_topic(bad_id).await.unwrap_err().code(), Some(10004));
    let custom = format!("{G}@TOPIC#_one");
    api.topic().create_topic(CreateTopicRequest::new(G, "T").with_topic_id(&custom)).await.unwrap();
    let twice = api.topic().create_topic(CreateTopicRequest::new(G, "T").with_topic_id(&custom)).await.unwrap_err();
    assert!(matches!(twice, Error::Service(CreateTopicError::TopicIdTaken(_))), "{twice:?}");
    let outsider = CreateTopicRequest::new(G, "T").with_from_account("stranger");
    assert_eq!(api.topic().create_topic(outsider).await.unwrap_err().code(), Some(10007));
    let long = api.topic().create_topic(CreateTopicRequest::new(G, "x".repeat(31))).await.unwrap_err();
    assert!(matches!(long, Error::Refused(_)), "TopicName is at most 30 bytes: {long:?}");

    let pro = start(config().edition(Edition::Pro)).await;
    pro.emulator().edit_state(|st| ["owner", "alice"].iter().for_each(|a| st.add_account(a)));
    group(&pro, GroupType::Community, G, Some("owner"), &[]).await;
    let refused = once(&pro).topic().create_topic(CreateTopicRequest::new(G, "T")).await.unwrap_err();
    assert!(matches!(refused, Error::Service(CreateTopicError::TopicsNotSupported(_))), "{refused:?}");
}

#[tokio::test]
async fn imported_topics_keep_their_creation_time() {
    let s = sandbox_with(&["owner", "alice"]).await;
    community(&s).await;
    let api = once(&s);
    let id = format!("{G}@TOPIC#_old");
    let old = ImportTopicRequest::new(G, "Old").with_topic_id(&id).with_create_time(1_448_357_837);
    assert_eq!(api.group().import_topic(old.clone()).await.unwrap().topic_id, id);
    let again = api.group().import_topic(old).await.unwrap_err();
    assert!(matches!(again, Error::Service(ImportTopicError::TopicIdTaken(_))), "{again:?}");
    let read = api.topic().get_topic(GetTopicRequest::new(G, "owner")).await.unwrap();
    assert_eq!(read.topic_and_self_info[0].topic_info.as_ref().unwrap().create_time, Some(1_448_357_837));
}
