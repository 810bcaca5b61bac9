//! Message extensions (`openim_msg_ext_http_svc`), the legacy push to all users
//! (`all_member_push`) and the push plugin (`timpush`), through the real `chat_api::Client`: the
//! happy paths, and each documented error the sandbox's state can produce.

use chat_api::all_member_push::{
    ImAddTagError, ImAddTagRequest, ImGetAttrNameRequest, ImGetAttrRequest, ImGetTagRequest, ImPushError,
    ImPushRequest, ImRemoveAllTagsRequest, ImRemoveAttrError, ImRemoveAttrRequest, ImRemoveTagRequest, ImSetAttrError,
    ImSetAttrNameError, ImSetAttrNameRequest, ImSetAttrRequest, NewUserTags, PushCondition, UserAttrNames, UserAttrs,
    UserTags,
};
use chat_api::group::{CreateGroupRequest, DestroyGroupRequest, SendGroupMsgRequest};
use chat_api::message_ext::{
    ExtensionKeyValue, ExtensionOperation, GetKeyValuesError, GetKeyValuesRequest, GroupGetKeyValuesError,
    GroupGetKeyValuesRequest, GroupSetKeyValuesError, GroupSetKeyValuesRequest, SetKeyValuesError, SetKeyValuesRequest,
};
use chat_api::openim::{AdminMsgWithdrawRequest, SendMsgRequest};
use chat_api::runtime::Edition;
use chat_api::timpush::{
    AttrAccountType, BatchError, BatchRequest, ClearAllTagsRequest, GetAttrRequest, PushError, PushRequest,
    RemoveTagRequest, RevokeError, RevokeRequest, SetAttrNameError, SetAttrNameRequest, SetAttrRequest,
    TimPushCondition, TimPushUserAttrs, TimPushUserTags,
};
use chat_api::{CommonError, Error, GroupType, OfflinePushInfo};
use chat_api_sandbox::state::{PushOrigin, State};
use chat_api_sandbox::{Call, Config, Sandbox};
use std::collections::BTreeMap;
use std::time::Instant;

mod common;
use common::{accounts, admin_query, config, now, once, sandbox, start, text, unchecked};

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
}

/// Forgets when the last pushes and revoke were made, so that the next ones are not "too soon".
fn rested(s: &Sandbox) {
    s.emulator().edit_state(|st: &mut State| {
        st.push.legacy.last_push = None;
        st.push.plugin.last_push = None;
        st.push.last_revoke = None;
    });
}

fn kv(key: &str, value: &str, seq: Option<i64>) -> ExtensionKeyValue {
    let pair = ExtensionKeyValue::new(key, value);
    match seq {
        Some(seq) => pair.with_seq(seq),
        None => pair,
    }
}

// ---- message extensions ----

/// Sends a message from alice to bob, with extensions enabled or not; its `MsgKey`.
async fn c2c_message(api: &chat_api::Client, extensions: bool) -> String {
    let req = SendMsgRequest::new("bob", text("vote: tea or coffee?")).with_from_account("alice");
    let req = if extensions { req.with_support_message_extension(true) } else { req };
    api.openim().send_msg(req).await.unwrap().msg_key
}

fn c2c_set(key: &str, op: ExtensionOperation, pairs: Vec<ExtensionKeyValue>) -> SetKeyValuesRequest {
    let req = SetKeyValuesRequest::new("bob", key, op).with_from_account("alice");
    if pairs.is_empty() { req } else { req.with_extension_list(pairs) }
}

fn c2c_get(key: &str, start: Option<i64>) -> GetKeyValuesRequest {
    let req = GetKeyValuesRequest::new("bob", key).with_from_account("alice");
    match start {
        Some(s) => req.with_start_seq(s),
        None => req,
    }
}

#[tokio::test]
async fn one_to_one_extensions_are_versioned_per_change() {
    let s = sandbox().await;
    accounts(&s, &["alice", "bob"]);
    let api = once(&s);
    let key = c2c_message(&api, true).await;
    let ext = api.message_ext();

    let empty = ext.get_key_values(c2c_get(&key, None)).await.unwrap();
    assert_eq!((empty.latest_seq, empty.complete_flag, empty.extension_list.unwrap_or_default().len()), (0, 1, 0));

    let set = c2c_set(
        &key,
        ExtensionOperation::Set,
        vec![kv("k1", "v1", Some(0)), kv("k2", "v2", Some(0)), kv("k3", "v3", None)],
    );
    let set = ext.set_key_values(set).await.unwrap().results.unwrap();
    assert!(set.iter().all(|r| r.error_code == 0 && r.extension.as_ref().unwrap().seq == 1), "{set:?}");

    let stale = c2c_set(&key, ExtensionOperation::Set, vec![kv("k1", "mine", Some(0)), kv("k2", "v2b", Some(1))]);
    let stale = ext.set_key_values(stale).await.unwrap().results.unwrap();
    assert_eq!(stale[0].error_code, 23001, "k1 is at version 1, not 0");
    let current = stale[0].extension.as_ref().unwrap();
    assert_eq!((current.value.as_str(), current.seq), ("v1", 1), "a conflict reports the stored pair");
    assert_eq!((stale[1].error_code, stale[1].extension.as_ref().unwrap().seq), (0, 2));

    // A negative version (no lower bound on the pages) is sent and matches no pair: stale.
    let negative = c2c_set(&key, ExtensionOperation::Set, vec![kv("k2", "never", Some(-1))]);
    let negative = ext.set_key_values(negative).await.unwrap().results.unwrap();
    assert_eq!((negative[0].error_code, negative[0].extension.as_ref().unwrap().value.as_str()), (23001, "v2b"));
    // Likewise a negative `StartSeq` is sent, and reads from the first version.
    let from_below = ext.get_key_values(c2c_get(&key, Some(-5))).await.unwrap();
    assert_eq!(from_below.extension_list.unwrap_or_default().len(), 3);

    let since = ext.get_key_values(c2c_get(&key, Some(2))).await.unwrap();
    let keys: Vec<(String, String, i64)> =
        since.extension_list.unwrap().into_iter().map(|e| (e.key, e.value, e.seq)).collect();
    assert_eq!(keys, [("k2".to_string(), "v2b".to_string(), 2)]);
    assert_eq!(since.latest_seq, 2);

    let gone =
        ext.set_key_values(c2c_set(&key, ExtensionOperation::Delete, vec![kv("k3", "", Some(1))])).await.unwrap();
    assert_eq!(gone.results.unwrap()[0].extension.as_ref().unwrap().seq, 3);
    let all = ext.get_key_values(c2c_get(&key, None)).await.unwrap();
    let keys: Vec<String> = all.extension_list.unwrap().into_iter().map(|e| e.key).collect();
    assert_eq!(keys, ["k1", "k2"], "ordered by version: k1 (1), then k2 (2)");

    ext.set_key_values(c2c_set(&key, ExtensionOperation::Clear, vec![])).await.unwrap();
    let cleared = ext.get_key_values(c2c_get(&key, None)).await.unwrap();
    assert_eq!((cleared.latest_seq, cleared.clear_seq), (4, 4));
    assert!(cleared.extension_list.unwrap_or_default().is_empty());
    let state = s.emulator().state();
    let stored = state.message_ext.one_to_one("bob", "alice", &key).unwrap();
    assert_eq!((stored.pairs.len(), stored.latest_seq), (0, 4));
    let reverse = GetKeyValuesRequest::new("alice", key.as_str()).with_from_account("bob");
    assert_eq!(ext.get_key_values(reverse).await.unwrap().latest_seq, 4, "either side names the conversation");
}

#[tokio::test]
async fn one_to_one_extensions_refuse_as_documented() {
    let s = sandbox().await;
    accounts(&s, &["alice", "bob", "carol"]);
    let api = once(&s);
    let key = c2c_message(&api, true).await;
    let plain = c2c_message(&api, false).await;
    let ext = api.message_ext();

    let stranger = GetKeyValuesRequest::new("nobody", key.as_str());
    let stranger = ext.get_key_values(stranger).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(GetKeyValuesError::Common(CommonError::UserNotFound(_)))), "{stranger}");
    let stranger = c2c_set(&key, ExtensionOperation::Clear, vec![]).with_from_account("nobody");
    let stranger = ext.set_key_values(stranger).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(SetKeyValuesError::Common(CommonError::UserNotFound(_)))), "{stranger}");

    let unknown = ext.get_key_values(c2c_get("1_2_3", None)).await.unwrap_err();
    assert!(matches!(unknown, Error::Service(GetKeyValuesError::MessageNotFound(_))), "{unknown}");
    let elsewhere = GetKeyValuesRequest::new("carol", key.as_str()).with_from_account("alice");
    let elsewhere = ext.get_key_values(elsewhere).await.unwrap_err();
    assert_eq!(elsewhere.code(), Some(23004), "the key belongs to another conversation");
    let not_enabled = ext.set_key_values(c2c_set(&plain, ExtensionOperation::Clear, vec![])).await.unwrap_err();
    assert!(matches!(not_enabled, Error::Service(SetKeyValuesError::ExtensionNotSupported(_))), "{not_enabled}");

    let no_list = ext.set_key_values(c2c_set(&key, ExtensionOperation::Set, vec![])).await.unwrap_err();
    assert!(matches!(no_list, Error::Service(SetKeyValuesError::InvalidParameter(_))), "{no_list}");
    let unknown_op = ext.set_key_values(c2c_set(&key, ExtensionOperation::Unknown(9), vec![kv("k", "v", None)])).await;
    assert!(matches!(unknown_op, Err(Error::Service(SetKeyValuesError::InvalidParameter(_)))), "{unknown_op:?}");

    let twenty_one: Vec<ExtensionKeyValue> = (0..21).map(|i| kv(&format!("k{i}"), "v", None)).collect();
    let refused = ext.set_key_values(c2c_set(&key, ExtensionOperation::Set, twenty_one.clone())).await.unwrap_err();
    assert!(matches!(&refused, Error::Refused(v) if v.field == "ExtensionList"), "{refused}");
    let long_key = c2c_set(&key, ExtensionOperation::Set, vec![kv(&"k".repeat(101), "v", None)]);
    let long_key = unchecked(&s).message_ext().set_key_values(long_key).await;
    assert!(matches!(long_key, Err(Error::Service(SetKeyValuesError::InvalidParameter(_)))), "{long_key:?}");

    // A message holds at most 300 pairs: 15 calls of 20 fill it, the next new key is refused.
    for call in 0..15 {
        let pairs = (0..20).map(|i| kv(&format!("k{call}_{i}"), "v", None)).collect();
        ext.set_key_values(c2c_set(&key, ExtensionOperation::Set, pairs)).await.unwrap();
    }
    let full =
        ext.set_key_values(c2c_set(&key, ExtensionOperation::Set, vec![kv("one more", "v", None)])).await.unwrap_err();
    assert!(matches!(full, Error::Service(SetKeyValuesError::InvalidParameter(_))), "{full}");
    let overwrite = c2c_set(&key, ExtensionOperation::Set, vec![kv("k0_0", "again", None)]);
    ext.set_key_values(overwrite).await.unwrap();
    let page = ext.get_key_values(c2c_get(&key, None)).await.unwrap();
    assert_eq!((page.complete_flag, page.extension_list.unwrap().len()), (0, 200), "a read returns 200 at most");
    assert_eq!(s.emulator().state().message_ext.one_to_one("alice", "bob", &key).unwrap().pairs.len(), 300);

    api.openim().admin_msg_withdraw(AdminMsgWithdrawRequest::new("alice", "bob", key.as_str())).await.unwrap();
    let recalled = ext.get_key_values(c2c_get(&key, None)).await.unwrap_err();
    assert_eq!(recalled.code(), Some(23004), "a recalled message has no extension to read");
}

#[tokio::test]
async fn extensions_need_the_premium_edition() {
    let s = start(config().edition(Edition::Pro)).await;
    accounts(&s, &["alice", "bob"]);
    let refused = once(&s).message_ext().get_key_values(c2c_get("1_2_3", None)).await.unwrap_err();
    assert!(matches!(refused, Error::Service(GetKeyValuesError::EditionRequired(_))), "{refused}");
}

/// Sends a group message as the admin, with extensions enabled or not; its sequence number.
async fn group_message(api: &chat_api::Client, group: &str, extensions: bool) -> i64 {
    let req = SendGroupMsgRequest::new(group, text("sign up here"));
    let req = if extensions { req.with_support_message_extension(true) } else { req };
    api.group().send_group_msg(req).await.unwrap().msg_seq
}

#[tokio::test]
async fn group_extensions_follow_their_group_and_message() {
    let s = sandbox().await;
    let api = once(&s);
    let made = CreateGroupRequest::new(GroupType::Public, "g").with_group_id("votes");
    let group = api.group().create_group(made.clone()).await.unwrap().group_id;
    let seq = group_message(&api, &group, true).await;
    let plain = group_message(&api, &group, false).await;
    let ext = api.message_ext();

    let set = GroupSetKeyValuesRequest::new(group.as_str(), seq, ExtensionOperation::Set)
        .with_extension_list([kv("key1", "value1", Some(0)), kv("key2", "value2", Some(0))]);
    let set = ext.group_set_key_values(set).await.unwrap().results.unwrap();
    assert_eq!(set.iter().map(|r| r.error_code).collect::<Vec<_>>(), [0, 0]);
    let stale = GroupSetKeyValuesRequest::new(group.as_str(), seq, ExtensionOperation::Delete)
        .with_extension_list([kv("key1", "", Some(5))]);
    let stale = ext.group_set_key_values(stale).await.unwrap().results.unwrap();
    assert_eq!((stale[0].error_code, stale[0].extension.as_ref().unwrap().value.as_str()), (23001, "value1"));
    let read = ext.group_get_key_values(GroupGetKeyValuesRequest::new(group.as_str(), seq)).await.unwrap();
    assert_eq!((read.latest_seq, read.extension_list.unwrap().len()), (1, 2));

    let not_enabled = ext.group_get_key_values(GroupGetKeyValuesRequest::new(group.as_str(), plain)).await;
    assert!(
        matches!(not_enabled, Err(Error::Service(GroupGetKeyValuesError::Unknown(ref d))) if d.code == 23002),
        "{not_enabled:?}"
    );
    let unsent = ext.group_get_key_values(GroupGetKeyValuesRequest::new(group.as_str(), plain + 10)).await;
    assert!(matches!(unsent, Err(Error::Service(GroupGetKeyValuesError::MessageNotFound(_)))), "{unsent:?}");
    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap();
    let live = ext.group_get_key_values(GroupGetKeyValuesRequest::new(live.group_id.as_str(), 1)).await.unwrap_err();
    assert_eq!(live.code(), Some(23002), "{live}");
    let bad = ext.group_get_key_values(GroupGetKeyValuesRequest::new("", 1)).await.unwrap_err();
    assert!(matches!(bad, Error::Service(GroupGetKeyValuesError::InvalidParameter(_))), "{bad}");
    let zero = ext.group_get_key_values(GroupGetKeyValuesRequest::new(group.as_str(), 0)).await.unwrap_err();
    assert!(matches!(&zero, Error::Refused(v) if v.field == "MsgSeq"), "{zero}");

    api.group().destroy_group(DestroyGroupRequest::new(group.as_str())).await.unwrap();
    let gone = GroupSetKeyValuesRequest::new(group.as_str(), seq, ExtensionOperation::Clear);
    let gone = ext.group_set_key_values(gone).await.unwrap_err();
    assert!(matches!(gone, Error::Service(GroupSetKeyValuesError::MessageNotFound(_))), "{gone}");
    api.group().create_group(made).await.unwrap();
    let again = group_message(&api, &group, true).await;
    assert_eq!(again, seq, "the new group numbers its messages afresh");
    let fresh = ext.group_get_key_values(GroupGetKeyValuesRequest::new(group.as_str(), again)).await.unwrap();
    assert_eq!(fresh.latest_seq, 0, "a group made again under the same ID starts without extensions");
}

// ---- push to all users (legacy) ----

fn name_attrs() -> ImSetAttrNameRequest {
    ImSetAttrNameRequest::new(map(&[("0", "level"), ("1", "city")]))
}

#[tokio::test]
async fn im_push_reaches_the_users_its_condition_selects() {
    let s = sandbox().await;
    accounts(&s, &["ann", "ben", "cat"]);
    let api = once(&s);
    let push = api.all_member_push();
    push.im_set_attr_name(name_attrs()).await.unwrap();
    push.im_set_attr(ImSetAttrRequest::new([
        UserAttrs::new("ann", map(&[("level", "gold"), ("city", "SZ")])),
        UserAttrs::new("ben", map(&[("level", "gold"), ("city", "BJ")])),
    ]))
    .await
    .unwrap();
    push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", ["A", "B"]), NewUserTags::new("cat", ["B"])]))
        .await
        .unwrap();

    let everyone = push.im_push(ImPushRequest::new(text("hi")).with_msg_life_time(120)).await.unwrap();
    rested(&s);
    let both = ImPushRequest::new(text("hi"))
        .with_from_account("ann")
        .with_condition(PushCondition::new().with_tags_and(["A", "B"]));
    let both = push.im_push(both).await.unwrap();
    rested(&s);
    let either = PushCondition::new().with_tags_or(["A", "B"]);
    let either = push.im_push(ImPushRequest::new(text("hi")).with_condition(either)).await.unwrap();
    rested(&s);
    let gold_sz = PushCondition::new().with_attrs_and(map(&[("level", "gold"), ("city", "SZ")]));
    let gold_sz = push.im_push(ImPushRequest::new(text("hi")).with_condition(gold_sz)).await.unwrap();
    rested(&s);
    let sz_or_bj = PushCondition::new().with_attrs_or(map(&[("city", "BJ")]));
    let sz_or_bj = push.im_push(ImPushRequest::new(text("hi")).with_condition(sz_or_bj)).await.unwrap();

    let state = s.emulator().state();
    let reached = |id: &str| state.push.tasks[id].recipients.clone();
    assert_eq!(reached(&everyone.task_id), ["ann", "ben", "cat"], "every account but the admin");
    assert_eq!(reached(&both.task_id), ["ann"]);
    assert_eq!(state.push.tasks[&both.task_id].sender, "ann");
    assert_eq!(reached(&either.task_id), ["ann", "cat"]);
    assert_eq!(reached(&gold_sz.task_id), ["ann"]);
    assert_eq!(reached(&sz_or_bj.task_id), ["ben"]);
    assert_eq!(state.push.legacy.pushes_today, 5);
    assert!(everyone.task_id.starts_with("1400000000_"), "{}", everyone.task_id);
}

#[tokio::test]
async fn im_push_refuses_as_documented() {
    let s = sandbox().await;
    accounts(&s, &["ann"]);
    let api = once(&s);
    let push = api.all_member_push();
    push.im_set_attr_name(name_attrs()).await.unwrap();
    let with = |c: PushCondition| ImPushRequest::new(text("hi")).with_condition(c);

    let mixed =
        push.im_push(with(PushCondition::new().with_tags_or(["A"]).with_attrs_and(map(&[("city", "SZ")])))).await;
    assert!(matches!(mixed, Err(Error::Service(ImPushError::TagsAndAttrsCombined(_)))), "{mixed:?}");
    let twice = push.im_push(with(PushCondition::new().with_tags_or(["A"]).with_tags_and(["A"]))).await;
    assert!(matches!(twice, Err(Error::Service(ImPushError::DuplicateTag(_)))), "{twice:?}");
    let empty = push.im_push(with(PushCondition::new().with_tags_and([""]))).await;
    assert!(matches!(empty, Err(Error::Service(ImPushError::EmptyTag(_)))), "{empty:?}");
    let unknown = push.im_push(with(PushCondition::new().with_attrs_or(map(&[("planet", "Mars")])))).await;
    assert!(matches!(unknown, Err(Error::Service(ImPushError::InvalidAttribute(_)))), "{unknown:?}");
    let long = push.im_push(ImPushRequest::new(text("hi")).with_msg_life_time(604_801)).await.unwrap_err();
    assert!(matches!(&long, Error::Refused(v) if v.code == Some(90026)), "{long}");
    let unchecked = unchecked(&s);
    let long = unchecked.all_member_push().im_push(ImPushRequest::new(text("hi")).with_msg_life_time(604_801)).await;
    assert!(matches!(long, Err(Error::Service(ImPushError::InvalidLifeTime(_)))), "{long:?}");
    let tags: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let many = unchecked.all_member_push().im_push(with(PushCondition::new().with_tags_or(tags))).await;
    assert!(matches!(many, Err(Error::Service(ImPushError::TooManyTags(_)))), "{many:?}");
    let wide = unchecked.all_member_push().im_push(with(PushCondition::new().with_tags_or(["x".repeat(51)]))).await;
    assert!(matches!(wide, Err(Error::Service(ImPushError::TagTooLong(_)))), "{wide:?}");
    // No page gives a least number of elements: the client sends an empty body, the sandbox refuses it.
    let no_body = push.im_push(ImPushRequest::new([])).await;
    assert!(matches!(no_body, Err(Error::Service(ImPushError::InvalidMsgBody(_)))), "{no_body:?}");
    assert!(s.emulator().state().push.tasks.is_empty(), "nothing refused was pushed");

    // The same MsgRandom from the same sender to the same users is one push.
    let first = push.im_push(ImPushRequest::new(text("hi")).with_msg_random(77)).await.unwrap();
    let again = push.im_push(ImPushRequest::new(text("hi")).with_msg_random(77)).await.unwrap();
    assert_eq!(first.task_id, again.task_id);
    assert_eq!((s.emulator().state().push.tasks.len(), s.emulator().state().push.legacy.pushes_today), (1, 1));

    s.emulator().edit_state(|st| st.push.legacy.last_push = Some(now() + 60));
    let soon = push.im_push(ImPushRequest::new(text("hi"))).await.unwrap_err();
    assert!(matches!(soon, Error::Service(ImPushError::PushTooFrequent(_))), "{soon}");
    rested(&s);
    s.emulator().edit_state(|st| st.push.legacy.pushes_today = st.push.legacy.daily_quota);
    let quota = push.im_push(ImPushRequest::new(text("hi"))).await.unwrap_err();
    assert!(matches!(quota, Error::Service(ImPushError::DailyQuotaExceeded(_))), "{quota}");
    s.emulator().edit_state(|st| st.push.legacy.enabled = false);
    let off = push.im_push(ImPushRequest::new(text("hi"))).await.unwrap_err();
    assert!(matches!(off, Error::Service(ImPushError::FeatureNotEnabled(_))), "{off}");
    let off = push.im_get_tag(ImGetTagRequest::new(["ann"])).await.unwrap_err();
    assert_eq!(off.code(), Some(90045));
}

#[tokio::test]
async fn im_push_needs_msg_random_and_the_premium_edition() {
    let s = start(config().edition(Edition::Pro)).await;
    let refused = once(&s).all_member_push().im_push(ImPushRequest::new(text("hi"))).await.unwrap_err();
    assert!(matches!(refused, Error::Service(ImPushError::FeatureNotEnabled(_))), "{refused}");

    // The client always draws MsgRandom; a raw body without it meets 90005.
    let e = chat_api_sandbox::Emulator::new(Config::new(1, "administrator", "a-secret-key"));
    let query = admin_query(e.config(), now());
    let body = br#"{"MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}"#;
    let call = Call { path: "/v4/all_member_push/im_push", query: &query, body };
    let reply = e.call_at(call, now(), Instant::now()).json_body().unwrap();
    assert_eq!(reply["ErrorCode"], 90005, "{reply}");
    let call = Call { path: "/v4/timpush/push", query: &query, body: b"{}" };
    let reply = e.call_at(call, now(), Instant::now()).json_body().unwrap();
    assert_eq!(reply["ErrorCode"], 90005, "{reply}");
}

#[tokio::test]
async fn legacy_attributes_are_named_set_read_and_removed() {
    let s = sandbox().await;
    let api = once(&s);
    let push = api.all_member_push();
    assert_eq!(push.im_get_attr_name(ImGetAttrNameRequest::new()).await.unwrap().attr_names, None);
    push.im_set_attr_name(name_attrs()).await.unwrap();
    push.im_set_attr_name(ImSetAttrNameRequest::new(map(&[("2", "country")]))).await.unwrap();
    let names = push.im_get_attr_name(ImGetAttrNameRequest::new()).await.unwrap().attr_names.unwrap();
    assert_eq!(names, map(&[("0", "level"), ("1", "city"), ("2", "country")]));

    push.im_set_attr(ImSetAttrRequest::new([UserAttrs::new("ann", map(&[("level", "gold"), ("city", "SZ")]))]))
        .await
        .unwrap();
    push.im_set_attr(ImSetAttrRequest::new([UserAttrs::new("ann", map(&[("city", "BJ")]))])).await.unwrap();
    let got = push.im_get_attr(ImGetAttrRequest::new(["ann", "nobody"])).await.unwrap().user_attrs;
    assert_eq!(got[0].attrs, map(&[("level", "gold"), ("city", "BJ")]), "attributes not named keep their values");
    assert_eq!((got[1].to_account.as_str(), got[1].attrs.len()), ("nobody", 0));
    push.im_remove_attr(ImRemoveAttrRequest::new([UserAttrNames::new("ann", ["city"])])).await.unwrap();
    let got = push.im_get_attr(ImGetAttrRequest::new(["ann"])).await.unwrap().user_attrs;
    assert_eq!(got[0].attrs, map(&[("level", "gold")]));

    let unknown = ImSetAttrRequest::new([UserAttrs::new("ann", map(&[("planet", "Mars")]))]);
    let unknown = push.im_set_attr(unknown).await.unwrap_err();
    assert!(matches!(unknown, Error::Service(ImSetAttrError::InvalidAttribute(_))), "{unknown}");
    let long = ImSetAttrRequest::new([UserAttrs::new("ann", map(&[("level", &"x".repeat(51))]))]);
    let long = push.im_set_attr(long).await.unwrap_err();
    assert!(matches!(long, Error::Service(ImSetAttrError::InvalidAttribute(_))), "{long}");
    let unknown = push.im_remove_attr(ImRemoveAttrRequest::new([UserAttrNames::new("ann", ["planet"])])).await;
    assert!(matches!(unknown, Err(Error::Service(ImRemoveAttrError::InvalidAttribute(_)))), "{unknown:?}");
    let same = push.im_set_attr_name(ImSetAttrNameRequest::new(map(&[("3", "city")]))).await.unwrap_err();
    assert!(matches!(same, Error::Service(ImSetAttrNameError::MalformedRequest(_))), "{same}");
    let eleventh = push.im_set_attr_name(ImSetAttrNameRequest::new(map(&[("10", "planet")]))).await.unwrap_err();
    assert!(matches!(eleventh, Error::Service(ImSetAttrNameError::MalformedRequest(_))), "{eleventh}");
    let users: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let wide = unchecked(&s).all_member_push().im_get_attr(ImGetAttrRequest::new(users.clone())).await.unwrap_err();
    assert_eq!(wide.code(), Some(90018));
    let batched = push.im_get_attr_batched(ImGetAttrRequest::new(users)).await;
    assert!(batched.all_ok() && batched.calls.len() == 2, "101 users take two calls");
}

#[tokio::test]
async fn legacy_tags_are_added_read_and_removed() {
    let s = sandbox().await;
    let api = once(&s);
    let push = api.all_member_push();
    push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", ["a", "b"]), NewUserTags::new("ben", ["a"])]))
        .await
        .unwrap();
    push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", ["b", "c"])])).await.unwrap();
    let got = push.im_get_tag(ImGetTagRequest::new(["ann", "ben", "cat"])).await.unwrap().user_tags;
    let tags: Vec<(String, Vec<String>)> = got.into_iter().map(|t| (t.to_account, t.tags)).collect();
    assert_eq!(tags[0], ("ann".to_string(), vec!["a".to_string(), "b".into(), "c".into()]), "kept once each");
    assert_eq!(tags[2], ("cat".to_string(), vec![]));

    push.im_remove_tag(ImRemoveTagRequest::new([UserTags::new("ann", ["a", "zzz"])])).await.unwrap();
    assert_eq!(s.emulator().state().push.legacy.tags_of("ann"), ["b", "c"]);
    push.im_remove_all_tags(ImRemoveAllTagsRequest::new(["ann", "ben"])).await.unwrap();
    assert!(s.emulator().state().push.legacy.user_tags.is_empty());
    // No page gives a least number of users, so an empty list is sent and answered.
    assert!(push.im_get_tag(ImGetTagRequest::new(Vec::<String>::new())).await.unwrap().user_tags.is_empty());
    // No user holds a tag over 50 bytes: removing one is refused before sending, with im_push's 90020.
    let long = push.im_remove_tag(ImRemoveTagRequest::new([UserTags::new("ann", ["x".repeat(51)])])).await;
    assert!(matches!(&long, Err(Error::Refused(v)) if v.code == Some(90020)), "{long:?}");

    let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let refused = push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", eleven.clone())])).await.unwrap_err();
    assert!(matches!(&refused, Error::Refused(v) if v.code == Some(90032)), "{refused}");
    let unchecked = unchecked(&s);
    let many = unchecked.all_member_push().im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", eleven)])).await;
    assert!(matches!(many, Err(Error::Service(ImAddTagError::TooManyTags(_)))), "{many:?}");
    let long = ImAddTagRequest::new([NewUserTags::new("ann", ["x".repeat(51)])]);
    let long = unchecked.all_member_push().im_add_tag(long).await;
    assert!(matches!(long, Err(Error::Service(ImAddTagError::TagTooLong(_)))), "{long:?}");
    let empty = push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", [""])])).await;
    assert!(matches!(empty, Err(Error::Service(ImAddTagError::MalformedRequest(_)))), "{empty:?}");

    // A user holds at most 100 tags.
    for round in 0..10 {
        let tags: Vec<String> = (0..10).map(|i| format!("r{round}_{i}")).collect();
        push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", tags)])).await.unwrap();
    }
    let full = push.im_add_tag(ImAddTagRequest::new([NewUserTags::new("ann", ["one more"])])).await.unwrap_err();
    assert!(matches!(full, Error::Service(ImAddTagError::TooManyTags(_))), "{full}");
    assert_eq!(s.emulator().state().push.legacy.tags_of("ann").len(), 100);

    let users: Vec<NewUserTags> = (0..101).map(|i| NewUserTags::new(format!("u{i}"), ["t"])).collect();
    let wide = unchecked.all_member_push().im_add_tag(ImAddTagRequest::new(users.clone())).await;
    assert!(matches!(wide, Err(Error::Service(ImAddTagError::TooManyAccounts(_)))), "{wide:?}");
    let batched = push.im_add_tag_batched(ImAddTagRequest::new(users)).await;
    assert!(batched.all_ok() && batched.calls.len() == 2);
    assert_eq!(s.emulator().state().push.legacy.tags_of("u100"), ["t"]);
}

// ---- the push plugin ----

fn notice() -> OfflinePushInfo {
    OfflinePushInfo::new().with_title("Offline Push Title").with_desc("Offline Push Content")
}

#[tokio::test]
async fn plugin_pushes_select_users_and_tasks_can_be_revoked() {
    let s = sandbox().await;
    accounts(&s, &["ann", "ben", "cat"]);
    s.emulator().edit_state(|st| {
        st.push.plugin.user_tags.insert("ann".into(), vec!["A".into(), "C".into(), "D".into()]);
        st.push.plugin.user_tags.insert("ben".into(), vec!["B".into(), "C".into()]);
    });
    let api = once(&s);
    let tp = api.timpush();

    let all = tp.push(PushRequest::new().with_offline_push_info(notice())).await.unwrap();
    rested(&s);
    let cond = TimPushCondition::new().with_tags_or(["A", "B"]).with_tags_not(["C", "D"]);
    let some =
        tp.push(PushRequest::new().with_condition(cond).with_online_only_flag(true).with_data_id("d1")).await.unwrap();
    let listed = BatchRequest::new("administrator", ["cat", "ghost"], notice());
    let listed = tp.batch(listed).await.unwrap();
    let errors = listed.error_list.unwrap();
    assert_eq!((errors[0].to_account.as_str(), errors[0].error_code), ("ghost", 70107));
    assert!(listed.task_id.starts_with("batch_"), "{}", listed.task_id);

    let state = s.emulator().state();
    assert_eq!(state.push.tasks[&all.task_id].recipients, ["ann", "ben", "cat"]);
    assert_eq!(state.push.tasks[&some.task_id].recipients, ["ben"], "ann carries both C and D");
    assert_eq!(state.push.tasks[&some.task_id].data_id.as_deref(), Some("d1"));
    assert_eq!(state.push.tasks[&listed.task_id].recipients, ["cat"]);
    assert_eq!(state.push.tasks[&listed.task_id].origin, PushOrigin::PluginBatch);
    assert_eq!(state.push.plugin.pushes_today, 2, "single pushes do not count against the daily quota");

    // Revokes: a task that kept its messages needs a replacing notification.
    let bare = tp.revoke(RevokeRequest::new(all.task_id.as_str())).await.unwrap_err();
    assert!(matches!(bare, Error::Service(RevokeError::OfflinePushInfoRequired(_))), "{bare}");
    tp.revoke(RevokeRequest::new(all.task_id.as_str()).with_offline_push_info(notice())).await.unwrap();
    rested(&s);
    tp.revoke(RevokeRequest::new(some.task_id.as_str())).await.unwrap();
    rested(&s);
    let again = tp.revoke(RevokeRequest::new(some.task_id.as_str())).await.unwrap_err();
    assert!(matches!(again, Error::Service(RevokeError::AlreadyRevoked(_))), "{again}");
    let missing = tp.revoke(RevokeRequest::new("no-such-task")).await.unwrap_err();
    assert!(matches!(missing, Error::Service(RevokeError::TaskNotFound(_))), "{missing}");
    s.emulator().edit_state(|st| st.push.tasks.get_mut(&listed.task_id).unwrap().created = now() - 86_401);
    let old = tp.revoke(RevokeRequest::new(listed.task_id.as_str())).await.unwrap_err();
    assert!(matches!(old, Error::Service(RevokeError::RevokeExpired(_))), "{old}");
    let legacy = api.all_member_push().im_push(ImPushRequest::new(text("hi"))).await.unwrap();
    let legacy = tp.revoke(RevokeRequest::new(legacy.task_id.as_str())).await.unwrap_err();
    assert!(matches!(legacy, Error::Service(RevokeError::TaskNotFound(_))), "{legacy}");
    s.emulator().edit_state(|st| st.push.last_revoke = Some(now() + 60));
    let soon = tp.revoke(RevokeRequest::new(listed.task_id.as_str())).await.unwrap_err();
    assert!(matches!(soon, Error::Service(RevokeError::RevokeTooFrequent(_))), "{soon}");
    let state = s.emulator().state();
    assert!(state.push.tasks[&all.task_id].revoked && state.push.tasks[&some.task_id].revoked);
    assert!(!state.push.tasks[&listed.task_id].revoked);
}

#[tokio::test]
async fn plugin_pushes_refuse_as_documented() {
    let s = sandbox().await;
    accounts(&s, &["ann"]);
    let api = once(&s);
    let tp = api.timpush();
    let with = |c: TimPushCondition| PushRequest::new().with_condition(c).with_offline_push_info(notice());

    let mixed = tp.push(with(TimPushCondition::new().with_tags_not(["A"]).with_attrs_or(map(&[("city", "SZ")])))).await;
    assert!(matches!(mixed, Err(Error::Service(PushError::TagsAndAttrsCombined(_)))), "{mixed:?}");
    let twice = tp.push(with(TimPushCondition::new().with_tags_or(["A"]).with_tags_and(["A"]))).await;
    assert!(matches!(twice, Err(Error::Service(PushError::DuplicateTag(_)))), "{twice:?}");
    let empty = tp.push(with(TimPushCondition::new().with_tags_not([""]))).await;
    assert!(matches!(empty, Err(Error::Service(PushError::EmptyTag(_)))), "{empty:?}");
    let unknown = tp.push(with(TimPushCondition::new().with_attrs_and(map(&[("city", "SZ")])))).await;
    assert!(matches!(unknown, Err(Error::Service(PushError::InvalidAttribute(_)))), "{unknown:?}");
    let unchecked = unchecked(&s);
    let long_id = unchecked.timpush().push(PushRequest::new().with_data_id("d".repeat(65))).await;
    assert!(matches!(long_id, Err(Error::Service(PushError::DataIdTooLong(_)))), "{long_id:?}");
    let long_id = BatchRequest::new("administrator", ["ann"], notice()).with_data_id("d".repeat(65));
    let long_id = tp.batch(long_id).await.unwrap_err();
    assert!(matches!(&long_id, Error::Refused(v) if v.code == Some(90057)), "{long_id}");
    let big = PushRequest::new().with_msg_body(text(&"x".repeat(11 * 1024)));
    let big = tp.push(big).await.unwrap_err();
    assert!(matches!(big, Error::Service(PushError::BodyTooLarge(_))), "{big}");
    let nobody = unchecked.timpush().batch(BatchRequest::new("administrator", Vec::<String>::new(), notice())).await;
    assert_eq!(nobody.unwrap_err().code(), Some(90001), "1 to 500 accounts");
    assert!(s.emulator().state().push.tasks.is_empty(), "nothing refused was pushed");

    let first = tp.batch(BatchRequest::new("administrator", ["ann"], notice()).with_msg_random(5)).await.unwrap();
    let again = tp.batch(BatchRequest::new("administrator", ["ann"], notice()).with_msg_random(5)).await.unwrap();
    assert_eq!((first.task_id, s.emulator().state().push.tasks.len()), (again.task_id, 1));

    tp.push(PushRequest::new()).await.unwrap();
    let soon = tp.push(PushRequest::new().with_msg_random(1)).await;
    let soon = match soon {
        // The second push may land in the next second; then force the case.
        Ok(_) => {
            s.emulator().edit_state(|st| st.push.plugin.last_push = Some(now() + 60));
            tp.push(PushRequest::new()).await.unwrap_err()
        }
        Err(e) => e,
    };
    assert!(matches!(soon, Error::Service(PushError::PushTooFrequent(_))), "{soon}");
    rested(&s);
    s.emulator().edit_state(|st| st.push.plugin.pushes_today = 100);
    let quota = tp.push(PushRequest::new()).await.unwrap_err();
    assert!(matches!(quota, Error::Service(PushError::DailyQuotaExceeded(_))), "{quota}");
    s.emulator().edit_state(|st| st.push.plugin.enabled = false);
    let off = tp.batch(BatchRequest::new("administrator", ["ann"], notice())).await.unwrap_err();
    assert!(matches!(off, Error::Service(BatchError::PushNotEnabled(_))), "{off}");
}

#[tokio::test]
async fn plugin_attributes_and_tags() {
    let s = sandbox().await;
    accounts(&s, &["ann", "ben"]);
    let api = once(&s);
    let tp = api.timpush();
    let names = SetAttrNameRequest::new(map(&[("0", "sex"), ("1", "city"), ("2", "device")])).with_attr_types(
        [("0", AttrAccountType::UserId), ("2", AttrAccountType::RegistrationId)]
            .into_iter()
            .map(|(k, t)| (k.to_string(), t))
            .collect(),
    );
    tp.set_attr_name(names).await.unwrap();
    let same = tp.set_attr_name(SetAttrNameRequest::new(map(&[("3", "city")]))).await.unwrap_err();
    assert!(matches!(same, Error::Service(SetAttrNameError::InvalidAttribute(_))), "{same}");
    let retype = SetAttrNameRequest::new(map(&[("0", "sex")]))
        .with_attr_types(BTreeMap::from([("0".to_string(), AttrAccountType::RegistrationId)]));
    let retype = tp.set_attr_name(retype).await.unwrap_err();
    assert!(matches!(retype, Error::Service(SetAttrNameError::InvalidAttribute(_))), "{retype}");
    assert!(s.emulator().state().push.legacy.attr_names.is_empty(), "the two products keep their own names");

    let set = SetAttrRequest::new([
        TimPushUserAttrs::new("ann", map(&[("sex", "f"), ("city", "SZ")])),
        TimPushUserAttrs::new("ghost", map(&[("city", "BJ")])),
        TimPushUserAttrs::new("ben", map(&[("device", "x")])),
    ]);
    let errors = tp.set_attr(set).await.unwrap().error_list.unwrap();
    let codes: Vec<(String, i64)> = errors.into_iter().map(|e| (e.to_account, e.error_code)).collect();
    assert_eq!(codes, [("ghost".to_string(), 70107), ("ben".to_string(), 90035)]);
    let unknown = tp.set_attr(SetAttrRequest::new([TimPushUserAttrs::new("ann", map(&[("planet", "Mars")]))])).await;
    assert_eq!(unknown.unwrap_err().code(), Some(90033));

    let got = tp.get_attr(GetAttrRequest::new(["ann", "ben", "ghost"])).await.unwrap();
    let attrs = got.user_attrs.unwrap();
    assert_eq!((attrs[0].attrs.clone(), attrs[1].attrs.len()), (map(&[("sex", "f"), ("city", "SZ")]), 0));
    assert_eq!(got.error_list.unwrap()[0].to_account, "ghost");
    rested(&s);
    let by_attr = TimPushCondition::new().with_attrs_and(map(&[("city", "SZ")]));
    let task = tp.push(PushRequest::new().with_condition(by_attr)).await.unwrap().task_id;
    assert_eq!(s.emulator().state().push.tasks[&task].recipients, ["ann"]);

    s.emulator().edit_state(|st| {
        st.push.plugin.user_tags.insert("ann".into(), vec!["a".into(), "b".into()]);
        st.push.plugin.user_tags.insert("ben".into(), vec!["a".into()]);
    });
    let removed = tp
        .remove_tag(RemoveTagRequest::new([TimPushUserTags::new("ann", ["a"]), TimPushUserTags::new("ghost", ["a"])]));
    assert_eq!(removed.await.unwrap().error_list.unwrap()[0].error_code, 70107);
    assert_eq!(s.emulator().state().push.plugin.tags_of("ann"), ["b"]);
    let cleared = tp.clear_all_tags(ClearAllTagsRequest::new(["ann", "ben"])).await.unwrap();
    assert!(cleared.error_list.is_none());
    assert!(s.emulator().state().push.plugin.user_tags.is_empty());
    let users: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let wide = unchecked(&s).timpush().clear_all_tags(ClearAllTagsRequest::new(users)).await.unwrap_err();
    assert_eq!(wide.code(), Some(90018));
}
