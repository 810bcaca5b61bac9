//! Mutes, bans, group attributes and group counters, through the real `chat_api::Client` against
//! the sandbox: the happy paths, and each documented error the sandbox's state can produce.

use chat_api::group::{
    BanGroupMemberError, BanGroupMemberRequest, ClearGroupAttrError, ClearGroupAttrRequest, DeleteGroupAttrError,
    DeleteGroupAttrRequest, DeleteGroupCounterError, DeleteGroupCounterRequest, DestroyGroupRequest,
    ForbidSendMsgError, ForbidSendMsgRequest, GetGroupBanMemberError, GetGroupBanMemberRequest, GetGroupCounterError,
    GetGroupCounterRequest, GetGroupMutedAccountError, GetGroupMutedAccountRequest, GetGroupShuttedUinError,
    GetGroupShuttedUinRequest, GroupAttributeKey, GroupCounter, GroupCounterMode, ModifyGroupAttrError,
    ModifyGroupAttrRequest, SetGroupAttrError, SetGroupAttrRequest, UnbanGroupMemberError, UnbanGroupMemberRequest,
    UpdateGroupCounterError, UpdateGroupCounterRequest,
};
use chat_api::group_attr::GetGroupAttrRequest;
use chat_api::runtime::Edition;
use chat_api::{Error, GroupAttribute, GroupType};
use chat_api_sandbox::state::{FOREVER, Member};
use chat_api_sandbox::{Config, Emulator};
use serde_json::Value;

mod common;
use common::{
    Rng, admin_query, assert_answers, collect, config, group, import, join, once, sandbox, spec, start, unchecked,
};

/// Now in the signed seconds the replies use.
fn now() -> i64 {
    common::now() as i64
}

fn attr(key: &str, value: &str) -> GroupAttribute {
    GroupAttribute::new(key, value)
}

#[tokio::test]
async fn mutes_last_their_time_and_are_listed_under_both_names() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter", "carol"]).await;
    let id = group(&s, GroupType::Public, "MuteGroup", Some("owner"), &["bob", "peter"]).await;
    let api = once(&s);
    let start = now();
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["bob", "peter"], 60)).await.unwrap();

    let muted = api.group().get_group_muted_account(GetGroupMutedAccountRequest::new(id.as_str())).await.unwrap();
    assert_eq!(muted.group_id.as_deref(), Some(id.as_str()));
    let muted = muted.muted_account_list.unwrap();
    let names: Vec<&str> = muted.iter().map(|m| m.member_account.as_str()).collect();
    assert_eq!(names, ["bob", "peter"]);
    for m in &muted {
        assert!((start + 60..=now() + 60).contains(&m.muted_until), "{} until {}", m.member_account, m.muted_until);
    }
    let old = api.group().get_group_shutted_uin(GetGroupShuttedUinRequest::new(id.as_str())).await.unwrap();
    let old: Vec<(String, i64)> =
        old.shutted_uin_list.unwrap().into_iter().map(|m| (m.member_account, m.shutted_until)).collect();
    let new: Vec<(String, i64)> = muted.into_iter().map(|m| (m.member_account, m.muted_until)).collect();
    assert_eq!(old, new, "the older command lists the same mutes");

    // 0 unmutes; 4294967295 mutes without end.
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["peter"], 0)).await.unwrap();
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["bob"], 4_294_967_295)).await.unwrap();
    let muted = api.group().get_group_muted_account(GetGroupMutedAccountRequest::new(id.as_str())).await.unwrap();
    let muted: Vec<(String, i64)> =
        muted.muted_account_list.unwrap().into_iter().map(|m| (m.member_account, m.muted_until)).collect();
    assert_eq!(muted, [("bob".to_string(), FOREVER as i64)]);

    // A mute outlives membership: bob leaves and is still listed; an ended mute is gone.
    s.emulator().edit_state(|st| st.groups.get_mut(&id).unwrap().members.remove("bob"));
    let state = s.emulator().state();
    assert_eq!(state.group_extras.mute_until(&id, "bob", now() as u64), Some(FOREVER));
    s.emulator().edit_state(|st| st.group_extras.groups.get_mut(&id).unwrap().mutes.insert("bob".into(), 1));
    let muted = api.group().get_group_muted_account(GetGroupMutedAccountRequest::new(id.as_str())).await.unwrap();
    assert_eq!(muted.muted_account_list.unwrap().len(), 0, "a mute whose end has passed is not listed");
}

#[tokio::test]
async fn mutes_are_refused_as_documented() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "carol"]).await;
    let id = group(&s, GroupType::Public, "MuteGroup", Some("owner"), &["bob"]).await;
    let work = group(&s, GroupType::Private, "WorkGroup", Some("owner"), &["bob"]).await;
    let api = once(&s);
    let mute = |group: &str, who: &str| ForbidSendMsgRequest::new(group, [who], 60);

    let stranger = api.group().forbid_send_msg(mute(&id, "carol")).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(ForbidSendMsgError::InvalidParameter(_))), "{stranger}");
    let owner = api.group().forbid_send_msg(mute(&id, "owner")).await.unwrap_err();
    assert!(matches!(owner, Error::Service(ForbidSendMsgError::PermissionDenied(_))), "{owner}");
    let private = api.group().forbid_send_msg(mute(&work, "bob")).await.unwrap_err();
    assert!(matches!(private, Error::Service(ForbidSendMsgError::PermissionDenied(_))), "{private}");
    let topic = api.group().forbid_send_msg(mute(&id, "bob").with_topic_id("t1")).await.unwrap_err();
    assert!(matches!(topic, Error::Service(ForbidSendMsgError::InvalidParameter(_))), "{topic}");
    let missing = api.group().forbid_send_msg(mute("@TGS#missing", "bob")).await.unwrap_err();
    assert!(matches!(missing, Error::Service(ForbidSendMsgError::GroupNotFound(_))), "{missing}");
    let bad = api.group().forbid_send_msg(mute("", "bob")).await.unwrap_err();
    assert!(matches!(bad, Error::Service(ForbidSendMsgError::InvalidGroupId(_))), "{bad}");
    let long =
        unchecked(&s).group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["bob"], 4_294_967_296)).await;
    assert!(matches!(long, Err(Error::Service(ForbidSendMsgError::InvalidParameter(_)))), "{long:?}");
    let refused = api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["bob"], -1)).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "the client checks the documented range: {refused}");
    // Nothing was muted by the refused calls, and an unmute of a non-member is accepted.
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["carol"], 0)).await.unwrap();
    let muted = api.group().get_group_muted_account(GetGroupMutedAccountRequest::new(id.as_str())).await.unwrap();
    assert!(muted.muted_account_list.unwrap().is_empty());
}

#[tokio::test]
async fn topic_mutes_of_a_community_group_are_kept_apart() {
    let s = sandbox().await;
    import(&s, &["owner", "bob"]).await;
    let id = group(&s, GroupType::Community, "Community1", Some("owner"), &["bob"]).await;
    let api = once(&s);
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["bob"], 60).with_topic_id("t1")).await.unwrap();
    let topic = GetGroupMutedAccountRequest::new(id.as_str()).with_topic_id("t1");
    let in_topic = api.group().get_group_muted_account(topic).await.unwrap().muted_account_list.unwrap();
    assert_eq!(in_topic.len(), 1);
    let group_wide = api.group().get_group_muted_account(GetGroupMutedAccountRequest::new(id.as_str())).await.unwrap();
    assert!(group_wide.muted_account_list.unwrap().is_empty(), "a topic mute is not a group-wide one");
}

#[tokio::test]
async fn bans_remove_members_and_page_through_the_list() {
    let s = sandbox().await;
    import(&s, &["host"]).await;
    let live = group(&s, GroupType::AvChatRoom, "Live", Some("host"), &[]).await;
    join(&s, &live, &["fan1", "fan2", "fan3"]);
    let api = once(&s);
    let start = now();
    let ban = BanGroupMemberRequest::new(live.as_str(), ["fan1", "fan2"], 3600).with_description("spam");
    api.group().ban_group_member(ban).await.unwrap();

    let state = s.emulator().state();
    let members: Vec<&String> = state.groups[&live].members.keys().collect();
    assert_eq!(members, ["fan3", "host"], "banned accounts are put out of the group");
    assert!(state.group_extras.is_banned(&live, "fan1", now() as u64));
    assert!(!state.group_extras.is_banned(&live, "fan3", now() as u64));
    assert_eq!(state.group_extras.of(&live).unwrap().bans["fan2"].description.as_deref(), Some("spam"));

    let first =
        api.group().get_group_ban_member(GetGroupBanMemberRequest::new(live.as_str(), 0).with_limit(1)).await.unwrap();
    let page = first.banned_account_list.unwrap();
    assert_eq!((page.len(), page[0].member_account.as_str(), first.next_offset), (1, "fan1", 1));
    assert!((start + 3600..=now() + 3600).contains(&page[0].banned_until), "{}", page[0].banned_until);
    let second = GetGroupBanMemberRequest::new(live.as_str(), first.next_offset).with_limit(1);
    let second = api.group().get_group_ban_member(second).await.unwrap();
    assert_eq!(second.banned_account_list.unwrap()[0].member_account, "fan2");
    assert_eq!(second.next_offset, 0, "the last page says so");

    api.group()
        .unban_group_member(UnbanGroupMemberRequest::new(live.as_str(), ["fan1", "never-banned"]))
        .await
        .unwrap();
    let left = api.group().get_group_ban_member(GetGroupBanMemberRequest::new(live.as_str(), 0)).await.unwrap();
    let left: Vec<String> = left.banned_account_list.unwrap().into_iter().map(|b| b.member_account).collect();
    assert_eq!(left, ["fan2"]);
    assert!(!s.emulator().state().groups[&live].members.contains_key("fan1"), "unbanning does not rejoin");

    // An ended ban is not listed.
    s.emulator()
        .edit_state(|st| st.group_extras.groups.get_mut(&live).unwrap().bans.get_mut("fan2").unwrap().until = 1);
    let none = api.group().get_group_ban_member(GetGroupBanMemberRequest::new(live.as_str(), 0)).await.unwrap();
    assert_eq!((none.banned_account_list.unwrap().len(), none.next_offset), (0, 0));
}

#[tokio::test]
async fn many_bans_go_in_batches_and_come_back_through_every_page() {
    let s = sandbox().await;
    let live = group(&s, GroupType::AvChatRoom, "Live", None, &[]).await;
    let api = s.client();
    let fans: Vec<String> = (0..25).map(|i| format!("fan{i:02}")).collect();
    let refused = api.group().ban_group_member(BanGroupMemberRequest::new(live.as_str(), fans.clone(), 60)).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "more than 20 at once is refused before sending");
    let batch = api.group().ban_group_member_batched(BanGroupMemberRequest::new(live.as_str(), fans.clone(), 60)).await;
    assert_eq!(batch.calls.len(), 2);
    assert!(batch.calls.iter().all(|c| c.result.is_ok()));

    let all =
        collect(api.group().get_group_ban_member_all(GetGroupBanMemberRequest::new(live.as_str(), 0).with_limit(10)))
            .await;
    let all: Vec<String> = all.into_iter().map(|b| b.unwrap().member_account).collect();
    assert_eq!(all, fans, "three pages of 10, 10 and 5, in account order");
}

#[tokio::test]
async fn bans_are_refused_as_documented() {
    let s = sandbox().await;
    import(&s, &["host", "bob"]).await;
    let live = group(&s, GroupType::AvChatRoom, "Live", Some("host"), &[]).await;
    let public = group(&s, GroupType::Public, "Pub", Some("host"), &["bob"]).await;
    let api = once(&s);

    let wrong =
        api.group().ban_group_member(BanGroupMemberRequest::new(public.as_str(), ["bob"], 60)).await.unwrap_err();
    assert!(matches!(wrong, Error::Service(BanGroupMemberError::PermissionDenied(_))), "{wrong}");
    let wrong =
        api.group().unban_group_member(UnbanGroupMemberRequest::new(public.as_str(), ["bob"])).await.unwrap_err();
    assert!(matches!(wrong, Error::Service(UnbanGroupMemberError::PermissionDenied(_))), "{wrong}");
    let wrong = api.group().get_group_ban_member(GetGroupBanMemberRequest::new(public.as_str(), 0)).await.unwrap_err();
    assert!(matches!(wrong, Error::Service(GetGroupBanMemberError::PermissionDenied(_))), "{wrong}");
    let owner =
        api.group().ban_group_member(BanGroupMemberRequest::new(live.as_str(), ["host"], 60)).await.unwrap_err();
    assert!(matches!(owner, Error::Service(BanGroupMemberError::PermissionDenied(_))), "{owner}");
    let zero = api.group().ban_group_member(BanGroupMemberRequest::new(live.as_str(), ["bob"], 0)).await.unwrap_err();
    assert!(matches!(zero, Error::Service(BanGroupMemberError::InvalidParameter(_))), "{zero}");
    let long = BanGroupMemberRequest::new(live.as_str(), ["bob"], 60).with_description("x".repeat(1001));
    let long = unchecked(&s).group().ban_group_member(long).await;
    assert!(matches!(long, Err(Error::Service(BanGroupMemberError::InvalidParameter(_)))), "{long:?}");
    let missing =
        api.group().ban_group_member(BanGroupMemberRequest::new("@TGS#missing", ["bob"], 60)).await.unwrap_err();
    assert!(matches!(missing, Error::Service(BanGroupMemberError::GroupNotFound(_))), "{missing}");
    let crowd: Vec<String> = (0..21).map(|i| format!("u{i}")).collect();
    let crowd = unchecked(&s).group().ban_group_member(BanGroupMemberRequest::new(live.as_str(), crowd, 60)).await;
    assert!(matches!(crowd, Err(Error::Service(BanGroupMemberError::TooManyAccounts(_)))), "{crowd:?}");
    assert!(s.emulator().state().group_extras.of(&live).is_none_or(|e| e.bans.is_empty()), "nothing was banned");
}

#[tokio::test]
async fn bans_and_counters_need_the_premium_edition() {
    let s = start(config().edition(Edition::Pro)).await;
    let live = group(&s, GroupType::AvChatRoom, "Live", None, &[]).await;
    let api = once(&s);
    let ban = api.group().ban_group_member(BanGroupMemberRequest::new(live.as_str(), ["bob"], 60)).await.unwrap_err();
    assert_eq!(ban.code(), Some(10004), "the page names no code for other editions: {ban}");
    let counter = api.group().get_group_counter(GetGroupCounterRequest::new(live.as_str())).await.unwrap_err();
    assert!(matches!(counter, Error::Service(GetGroupCounterError::EditionRequired(_))), "the page's 10059: {counter}");
    // Mutes and attributes need no particular edition.
    api.group().get_group_muted_account(GetGroupMutedAccountRequest::new(live.as_str())).await.unwrap();
    api.group_attr().get_group_attr(GetGroupAttrRequest::new(live.as_str())).await.unwrap();
}

#[tokio::test]
async fn attributes_are_modified_replaced_deleted_and_cleared() {
    let s = sandbox().await;
    let id = group(&s, GroupType::Public, "Attrs", None, &[]).await;
    let api = once(&s);
    let read = || async {
        let reply = api.group_attr().get_group_attr(GetGroupAttrRequest::new(id.as_str())).await.unwrap();
        reply.group_attr_ary.unwrap_or_default().into_iter().map(|a| (a.key, a.value)).collect::<Vec<_>>()
    };
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();

    api.group()
        .modify_group_attr(ModifyGroupAttrRequest::new(id.as_str(), [attr("a", "1"), attr("b", "2")]))
        .await
        .unwrap();
    api.group()
        .modify_group_attr(ModifyGroupAttrRequest::new(id.as_str(), [attr("b", "3"), attr("c", "4")]))
        .await
        .unwrap();
    assert_eq!(read().await, pairs(&[("a", "1"), ("b", "3"), ("c", "4")]), "modify keeps the keys it does not name");
    api.group().set_group_attr(SetGroupAttrRequest::new(id.as_str(), [attr("x", "9"), attr("y", "8")])).await.unwrap();
    assert_eq!(read().await, pairs(&[("x", "9"), ("y", "8")]), "set replaces everything");
    api.group()
        .delete_group_attr(DeleteGroupAttrRequest::new(id.as_str(), [GroupAttributeKey::new("x")]))
        .await
        .unwrap();
    assert_eq!(read().await, pairs(&[("y", "8")]));
    let gone =
        api.group().delete_group_attr(DeleteGroupAttrRequest::new(id.as_str(), [GroupAttributeKey::new("x")])).await;
    assert!(matches!(gone, Err(Error::Service(DeleteGroupAttrError::AttrNotFound(_)))), "{gone:?}");
    api.group().clear_group_attr(ClearGroupAttrRequest::new(id.as_str())).await.unwrap();
    assert_eq!(read().await, pairs(&[]));
}

#[tokio::test]
async fn attribute_limits_answer_their_codes() {
    let s = sandbox().await;
    let api = once(&s);
    let raw = unchecked(&s);

    let id = group(&s, GroupType::AvChatRoom, "Limits", None, &[]).await;
    let key =
        raw.group().modify_group_attr(ModifyGroupAttrRequest::new(id.as_str(), [attr(&"k".repeat(33), "v")])).await;
    assert!(matches!(key, Err(Error::Service(ModifyGroupAttrError::AttrKeyTooLong(_)))), "{key:?}");
    let value = raw.group().set_group_attr(SetGroupAttrRequest::new(id.as_str(), [attr("k", &"v".repeat(4001))])).await;
    assert!(matches!(value, Err(Error::Service(SetGroupAttrError::AttrValueTooLong(_)))), "{value:?}");
    let seventeen: Vec<GroupAttribute> = (0..17).map(|i| attr(&format!("k{i}"), "v")).collect();
    let many = raw.group().set_group_attr(SetGroupAttrRequest::new(id.as_str(), seventeen)).await;
    assert!(matches!(many, Err(Error::Service(SetGroupAttrError::TooManyAttrs(_)))), "{many:?}");
    let key = raw
        .group()
        .delete_group_attr(DeleteGroupAttrRequest::new(id.as_str(), [GroupAttributeKey::new("k".repeat(33))]))
        .await;
    assert!(matches!(key, Err(Error::Service(DeleteGroupAttrError::AttrKeyTooLong(_)))), "{key:?}");

    // The group's totals: 10 keys, then 7 more make 17; 4 values of 4000 bytes, then a fifth.
    let ten: Vec<GroupAttribute> = (0..10).map(|i| attr(&format!("k{i}"), "v")).collect();
    api.group().set_group_attr(SetGroupAttrRequest::new(id.as_str(), ten)).await.unwrap();
    let seven: Vec<GroupAttribute> = (10..17).map(|i| attr(&format!("k{i}"), "v")).collect();
    let over = api.group().modify_group_attr(ModifyGroupAttrRequest::new(id.as_str(), seven)).await;
    assert!(matches!(over, Err(Error::Service(ModifyGroupAttrError::TooManyAttrs(_)))), "{over:?}");
    let big = "v".repeat(4000);
    let four: Vec<GroupAttribute> = (0..4).map(|i| attr(&format!("big{i}"), &big)).collect();
    api.group().set_group_attr(SetGroupAttrRequest::new(id.as_str(), four)).await.unwrap();
    let fifth = api.group().modify_group_attr(ModifyGroupAttrRequest::new(id.as_str(), [attr("big4", &big)])).await;
    assert!(matches!(fifth, Err(Error::Service(ModifyGroupAttrError::AttrsTooLarge(_)))), "{fifth:?}");
    let kept = s.emulator().state().group_extras.of(&id).unwrap().attributes.len();
    assert_eq!(kept, 4, "refused writes change nothing");
}

#[tokio::test]
async fn attribute_writes_are_limited_to_five_a_second_per_group() {
    let s = sandbox().await;
    let id = group(&s, GroupType::ChatRoom, "Busy", None, &[]).await;
    let other = group(&s, GroupType::ChatRoom, "Calm", None, &[]).await;
    let api = once(&s);
    let (start, mut accepted, mut limited) = (now(), 0, None);
    for i in 0..40 {
        let write = ModifyGroupAttrRequest::new(id.as_str(), [attr("n", &i.to_string())]);
        match api.group().modify_group_attr(write).await {
            Ok(_) => accepted += 1,
            Err(e) => {
                limited = Some(e);
                break;
            }
        }
    }
    let seconds = now() - start + 1;
    let limited = limited.expect("a 10049 within 40 quick writes");
    assert!(matches!(limited, Error::Service(ModifyGroupAttrError::AttrWritesTooFrequent(_))), "{limited}");
    assert!(accepted >= 5, "the first 5 writes of a second are accepted: {accepted}");
    assert!(accepted <= 5 * seconds, "{accepted} writes accepted over {seconds} started seconds");
    // The limit is per group.
    api.group().set_group_attr(SetGroupAttrRequest::new(other.as_str(), [attr("n", "1")])).await.unwrap();
}

#[tokio::test]
async fn community_groups_keep_attributes_but_no_counters_and_no_clear() {
    let s = sandbox().await;
    let id = group(&s, GroupType::Community, "Community1", None, &[]).await;
    let api = once(&s);
    api.group().modify_group_attr(ModifyGroupAttrRequest::new(id.as_str(), [attr("a", "1")])).await.unwrap();
    let get = api.group_attr().get_group_attr(GetGroupAttrRequest::new(id.as_str())).await.unwrap();
    assert_eq!(get.group_attr_ary.unwrap_or_default().len(), 1, "the attribute pages list Community");
    let clear = api.group().clear_group_attr(ClearGroupAttrRequest::new(id.as_str())).await.unwrap_err();
    assert!(matches!(clear, Error::Service(ClearGroupAttrError::PermissionDenied(_))), "{clear}");
    let update = UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("like", 1)]);
    let update = api.group().update_group_counter(update).await.unwrap_err();
    assert!(matches!(update, Error::Service(UpdateGroupCounterError::PermissionDenied(_))), "{update}");
    let delete = api.group().delete_group_counter(DeleteGroupCounterRequest::new(id.as_str())).await.unwrap_err();
    assert!(matches!(delete, Error::Service(DeleteGroupCounterError::PermissionDenied(_))), "{delete}");
}

#[tokio::test]
async fn counters_set_increase_decrease_read_and_delete() {
    let s = sandbox().await;
    let id = group(&s, GroupType::Public, "Counted", None, &[]).await;
    let api = once(&s);
    let values = |list: Option<Vec<GroupCounter>>| {
        list.unwrap_or_default().into_iter().map(|c| (c.key, c.value)).collect::<Vec<(String, i64)>>()
    };
    let pairs = |list: &[(&str, i64)]| list.iter().map(|(k, v)| (k.to_string(), *v)).collect::<Vec<_>>();

    let set =
        UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("like", 5), GroupCounter::new("unlike", 1)])
            .with_mode(GroupCounterMode::Set);
    let set = api.group().update_group_counter(set).await.unwrap();
    assert_eq!(values(set.group_counter), pairs(&[("like", 5), ("unlike", 1)]));
    let up = UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("like", 3)])
        .with_mode(GroupCounterMode::Increase);
    assert_eq!(values(api.group().update_group_counter(up).await.unwrap().group_counter), pairs(&[("like", 8)]));
    let down = UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("unlike", 4)])
        .with_mode(GroupCounterMode::Decrease);
    assert_eq!(values(api.group().update_group_counter(down).await.unwrap().group_counter), pairs(&[("unlike", -3)]));
    let fresh = UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("views", 7)]);
    assert_eq!(
        values(api.group().update_group_counter(fresh).await.unwrap().group_counter),
        pairs(&[("views", 7)]),
        "without Mode the values are set"
    );

    let all = api.group().get_group_counter(GetGroupCounterRequest::new(id.as_str())).await.unwrap();
    assert_eq!(values(all.group_counter), pairs(&[("like", 8), ("unlike", -3), ("views", 7)]));
    let some = GetGroupCounterRequest::new(id.as_str()).with_group_counter_keys(["views", "missing", "like"]);
    assert_eq!(
        values(api.group().get_group_counter(some).await.unwrap().group_counter),
        pairs(&[("views", 7), ("like", 8)])
    );

    api.group()
        .delete_group_counter(DeleteGroupCounterRequest::new(id.as_str()).with_group_counter_keys(["like"]))
        .await
        .unwrap();
    let all = api.group().get_group_counter(GetGroupCounterRequest::new(id.as_str())).await.unwrap();
    assert_eq!(values(all.group_counter), pairs(&[("unlike", -3), ("views", 7)]));
    api.group().delete_group_counter(DeleteGroupCounterRequest::new(id.as_str())).await.unwrap();
    let all = api.group().get_group_counter(GetGroupCounterRequest::new(id.as_str())).await.unwrap();
    assert_eq!(values(all.group_counter), pairs(&[]));
}

#[tokio::test]
async fn counter_limits_are_kept() {
    let s = sandbox().await;
    let id = group(&s, GroupType::AvChatRoom, "Counted", None, &[]).await;
    let api = once(&s);
    let twenty: Vec<GroupCounter> = (0..20).map(|i| GroupCounter::new(format!("c{i}"), i)).collect();
    api.group().update_group_counter(UpdateGroupCounterRequest::new(id.as_str(), twenty)).await.unwrap();
    let more = api
        .group()
        .update_group_counter(UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("c20", 1)]))
        .await;
    assert!(matches!(more, Err(Error::Service(UpdateGroupCounterError::TooManyCounters(_)))), "{more:?}");

    api.group()
        .update_group_counter(UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("c0", i64::MAX)]))
        .await
        .unwrap();
    let overflow =
        UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("c0", 1)]).with_mode(GroupCounterMode::Increase);
    let overflow = api.group().update_group_counter(overflow).await;
    assert!(matches!(overflow, Err(Error::Service(UpdateGroupCounterError::InvalidParameter(_)))), "{overflow:?}");
    let state = s.emulator().state();
    let counters = &state.group_extras.of(&id).unwrap().counters;
    assert_eq!((counters.len(), counters["c0"]), (20, i64::MAX), "refused updates change nothing");

    let long = UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("k".repeat(129), 1)]);
    assert!(matches!(api.group().update_group_counter(long).await, Err(Error::Refused(_))));
}

#[tokio::test]
async fn a_disbanded_group_answers_10010_everywhere_and_a_new_one_starts_empty() {
    let s = sandbox().await;
    import(&s, &["owner", "bob"]).await;
    let id = group(&s, GroupType::Public, "Gone", Some("owner"), &["bob"]).await;
    let api = once(&s);
    api.group().forbid_send_msg(ForbidSendMsgRequest::new(id.as_str(), ["bob"], 600)).await.unwrap();
    api.group().set_group_attr(SetGroupAttrRequest::new(id.as_str(), [attr("a", "1")])).await.unwrap();
    api.group()
        .update_group_counter(UpdateGroupCounterRequest::new(id.as_str(), [GroupCounter::new("c", 1)]))
        .await
        .unwrap();
    api.group().destroy_group(DestroyGroupRequest::new(id.as_str())).await.unwrap();

    let g = api.group();
    let id = id.as_str();
    let codes = [
        g.forbid_send_msg(ForbidSendMsgRequest::new(id, ["bob"], 60)).await.unwrap_err().code(),
        g.get_group_muted_account(GetGroupMutedAccountRequest::new(id)).await.unwrap_err().code(),
        g.get_group_shutted_uin(GetGroupShuttedUinRequest::new(id)).await.unwrap_err().code(),
        g.ban_group_member(BanGroupMemberRequest::new(id, ["bob"], 60)).await.unwrap_err().code(),
        g.unban_group_member(UnbanGroupMemberRequest::new(id, ["bob"])).await.unwrap_err().code(),
        g.get_group_ban_member(GetGroupBanMemberRequest::new(id, 0)).await.unwrap_err().code(),
        api.group_attr().get_group_attr(GetGroupAttrRequest::new(id)).await.unwrap_err().code(),
        g.modify_group_attr(ModifyGroupAttrRequest::new(id, [attr("a", "1")])).await.unwrap_err().code(),
        g.set_group_attr(SetGroupAttrRequest::new(id, [attr("a", "1")])).await.unwrap_err().code(),
        g.delete_group_attr(DeleteGroupAttrRequest::new(id, [GroupAttributeKey::new("a")])).await.unwrap_err().code(),
        g.clear_group_attr(ClearGroupAttrRequest::new(id)).await.unwrap_err().code(),
        g.get_group_counter(GetGroupCounterRequest::new(id)).await.unwrap_err().code(),
        g.update_group_counter(UpdateGroupCounterRequest::new(id, [GroupCounter::new("c", 1)]))
            .await
            .unwrap_err()
            .code(),
        g.delete_group_counter(DeleteGroupCounterRequest::new(id)).await.unwrap_err().code(),
    ];
    assert_eq!(codes, [Some(10010); 14]);
    let named = g.get_group_shutted_uin(GetGroupShuttedUinRequest::new(id)).await.unwrap_err();
    assert!(matches!(named, Error::Service(GetGroupShuttedUinError::GroupNotFound(_))), "{named}");
    let named = g.get_group_counter(GetGroupCounterRequest::new(id)).await.unwrap_err();
    assert!(matches!(named, Error::Service(GetGroupCounterError::GroupNotFound(_))), "{named}");
    let named = g.get_group_muted_account(GetGroupMutedAccountRequest::new("")).await.unwrap_err();
    assert!(matches!(named, Error::Service(GetGroupMutedAccountError::InvalidGroupId(_))), "{named}");
    assert!(s.emulator().state().group_extras.of(id).is_none(), "what the group carried went with it");

    // A group made again under the same ID starts without the old one's mutes, even when nothing
    // looked at the old group in between: its creation time tells them apart.
    let again = group(&s, GroupType::Public, "Gone", Some("owner"), &["bob"]).await;
    g.forbid_send_msg(ForbidSendMsgRequest::new(again.as_str(), ["bob"], 600)).await.unwrap();
    s.emulator().edit_state(|st| st.groups.get_mut(&again).unwrap().create_time += 1);
    let muted = g.get_group_muted_account(GetGroupMutedAccountRequest::new(again.as_str())).await.unwrap();
    assert!(muted.muted_account_list.unwrap().is_empty());
}

/// The spec's sample requests, mutated, against groups that exist (the shared no-panic test
/// meets only missing groups): every answer is JSON with a code, and nothing panics.
#[test]
fn mutated_samples_against_existing_groups_never_panic() {
    let now = 1_800_000_000;
    let config = Config::new(1, "administrator", "k").rate_limits(false);
    let query = admin_query(&config, now);
    let e = Emulator::new(config);
    let kinds = [
        ("@TGS#2C5SZEAEF", "Public"),
        ("@TGS#1KGZ2RAEU", "ChatRoom"),
        ("@TGS#aJRGC4MH6", "AVChatRoom"),
        ("@TGS#aC5SZEAEF", "Private"),
    ];
    e.edit_state(|st| {
        for (id, kind) in kinds {
            let mut g = chat_api_sandbox::state::Group::default();
            g.id = id.to_string();
            g.group_type = kind.to_string();
            for m in ["peter", "leckie", "brennanli3"] {
                g.members.insert(m.to_string(), Member::default());
            }
            st.groups.insert(id.to_string(), g);
        }
    });
    let spec = spec();
    let mine = [
        "forbid_send_msg",
        "get_group_muted_account",
        "get_group_shutted_uin",
        "ban_group_member",
        "unban_group_member",
        "get_group_ban_member",
        "get_group_attr",
        "modify_group_attr",
        "set_group_attr",
        "delete_group_attr",
        "clear_group_attr",
        "get_group_counter",
        "update_group_counter",
        "delete_group_counter",
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let odd = [
        Value::Null,
        Value::from(-1),
        Value::from(i64::MAX),
        Value::from(i64::MIN),
        Value::from(4_294_967_295_u64),
        Value::from(""),
        Value::from("x".repeat(5000)),
        serde_json::json!([]),
        serde_json::json!([{"key": "", "value": ""}, {"Key": "", "Value": i64::MIN}]),
        Value::from("Decrease"),
    ];
    let mut served = 0;
    for endpoint in spec.endpoints.iter().filter(|ep| mine.iter().any(|m| ep.path().ends_with(m))) {
        let Some(sample) = endpoint.examples.first().and_then(|x| x.request.as_ref()) else { continue };
        served += 1;
        let url = format!("/v4/{}", endpoint.path());
        let base: Value = serde_json::from_str(sample).unwrap();
        for round in 0..400 {
            let mut body = base.clone();
            if let Value::Object(map) = &mut body {
                let keys: Vec<String> = map.keys().cloned().collect();
                let key = &keys[rng.below(keys.len())];
                if key != "GroupId" || round % 4 == 0 {
                    map.insert(key.clone(), odd[rng.below(odd.len())].clone());
                }
                if round % 3 == 0 {
                    let id = kinds[rng.below(kinds.len())].0;
                    map.insert("GroupId".into(), Value::from(id));
                }
            }
            assert_answers(&e, &url, &query, body.to_string().as_bytes(), now);
        }
    }
    assert_eq!(served, mine.len(), "every endpoint of this area has a sample");
}
