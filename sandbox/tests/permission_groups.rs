//! Permission groups of Community groups (`v4/group_open_http_svc/*permission_group`) through the
//! real `chat_api::Client` against the sandbox. The pages' replies and permission bits are not
//! stored, so these tests check what the sandbox keeps and refuses.

use chat_api::GroupType;
use chat_api::group::{
    AddTopicPermissionGroupRequest, CreatePermissionGroupRequest, GetPermissionGroupRequest,
    SetTopicPermissionGroupRequest, TopicPermission,
};
use chat_api::topic::CreateTopicRequest;

mod common;
use common::{group, once, sandbox_with};

const G: &str = "community1";
const PG: &str = "@PMG#_readers";

#[tokio::test]
async fn permission_groups_keep_topic_permissions() {
    let s = sandbox_with(&["owner"]).await;
    group(&s, GroupType::Community, G, Some("owner"), &[]).await;
    group(&s, GroupType::Public, "plain1", Some("owner"), &[]).await;
    let api = once(&s);
    let topic = api.topic().create_topic(CreateTopicRequest::new(G, "News")).await.unwrap().topic_id;

    let create = CreatePermissionGroupRequest::new(G)
        .with_permission_group_id(PG)
        .with_permission_group_name("Readers")
        .with_permission(3);
    api.group().create_permission_group(create.clone()).await.unwrap();
    let again = api.group().create_permission_group(create).await.unwrap_err();
    assert_eq!(again.code(), Some(10004), "an ID in use: {again:?}");
    let plain = api.group().create_permission_group(CreatePermissionGroupRequest::new("plain1")).await.unwrap_err();
    assert_eq!(plain.code(), Some(10004), "not a Community: {plain:?}");
    api.group().create_permission_group(CreatePermissionGroupRequest::new(G)).await.unwrap();

    let set = SetTopicPermissionGroupRequest::new(G, PG, [TopicPermission::new(topic.as_str(), 2)]);
    let early = api.group().set_topic_permission_group(set.clone()).await.unwrap_err();
    assert_eq!(early.code(), Some(10004), "nothing to change yet: {early:?}");
    let add = AddTopicPermissionGroupRequest::new(G, PG, [TopicPermission::new(topic.as_str(), 1)]);
    api.group().add_topic_permission_group(add).await.unwrap();
    api.group().set_topic_permission_group(set).await.unwrap();
    let stranger = AddTopicPermissionGroupRequest::new(G, PG, [TopicPermission::new(format!("{G}@TOPIC#_nope"), 1)]);
    let stranger = api.group().add_topic_permission_group(stranger).await.unwrap_err();
    assert_eq!(stranger.code(), Some(10004), "a topic the group lacks: {stranger:?}");

    let state = s.emulator().state();
    let kept = &state.permission_groups.groups[G].permission_groups;
    assert_eq!(kept.len(), 2, "one named, one with an assigned ID");
    assert_eq!(kept[PG].topics[&topic], 2);
    assert_eq!((kept[PG].name.as_deref(), kept[PG].permission), (Some("Readers"), Some(3)));

    api.group()
        .get_permission_group(GetPermissionGroupRequest::new(G).with_permission_group_id_list([PG]))
        .await
        .unwrap();
    let missing = GetPermissionGroupRequest::new(G).with_permission_group_id_list(["@PMG#_none"]);
    let missing = api.group().get_permission_group(missing).await.unwrap_err();
    assert_eq!(missing.code(), Some(10004), "{missing:?}");
    let no_group = api.group().get_permission_group(GetPermissionGroupRequest::new("gone1")).await.unwrap_err();
    assert_eq!(no_group.code(), Some(10010), "{no_group:?}");
}
