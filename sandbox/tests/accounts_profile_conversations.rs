//! Accounts, online status, profiles, global mutes and conversations through the real
//! `chat_api::Client` against the sandbox: the happy paths, and each documented error the
//! sandbox's state can produce.

use chat_api::account::{
    AccountCheckRequest, AccountDeleteRequest, AccountImportRequest, AccountRef, AccountStatus, AccountToImport,
    KickRequest, MultiaccountImportRequest,
};
use chat_api::config::{GetNoSpeakingError, GetNoSpeakingRequest, SetNoSpeakingError, SetNoSpeakingRequest};
use chat_api::openim::{OnlineStatus, QueryOnlineStatusRequest};
use chat_api::profile::{
    AllowType, Gender, PortraitGetError, PortraitGetRequest, PortraitSetError, PortraitSetRequest, ProfileItem,
};
use chat_api::recent_contact::{
    ClearRamble, ContactGroupChange, ContactGroupUpdate, ContactGroupUpdateScope, ContactMembershipChange,
    ContactMembershipOp, ContactRef, ConversationEntry, ConversationMarkChange, ConversationRef,
    CreateContactGroupRequest, DeleteConversationError, DeleteConversationRequest, GetContactGroupRequest,
    GetListError, GetListRequest, MarkContactError, MarkContactRequest, MarkOp, NewContactGroup, PinFlag,
    SearchContactGroupError, SearchContactGroupRequest, UpdateContactGroupError, UpdateContactGroupRequest,
};
use chat_api::runtime::Edition;
use chat_api::{ConversationType, Error};
use chat_api_sandbox::state::{Contact, ConversationMark, FriendList, FriendLists, Member, OnlineState};
use serde_json::json;

mod common;
use common::{accounts, collect, config, once, sandbox, start, unchecked};

// ---- accounts -------------------------------------------------------------------------------

#[tokio::test]
async fn multiaccount_import_takes_both_forms_and_reports_failures() {
    let s = sandbox().await;
    let api = once(&s);
    let old = MultiaccountImportRequest::new().with_accounts(["a1", "a2", " "]);
    let reply = api.account().multiaccount_import(old).await.unwrap();
    assert_eq!(reply.fail_accounts.as_deref(), Some(&[" ".to_string()][..]));

    let new = MultiaccountImportRequest::new().with_account_list([
        AccountToImport::new("a1").with_nick("Ann"),
        AccountToImport::new("a3").with_face_url("https://x/3.png"),
    ]);
    let reply = api.account().multiaccount_import(new).await.unwrap();
    assert_eq!(reply.fail_accounts, None, "no failure, no list");
    let state = s.emulator().state();
    assert!(["a1", "a2", "a3"].iter().all(|id| state.accounts.contains_key(*id)));
    assert_eq!(state.accounts["a1"].nick.as_deref(), Some("Ann"), "an existing ID is updated, not doubled");
    assert_eq!(state.accounts["a3"].face_url.as_deref(), Some("https://x/3.png"));
    assert_eq!(state.accounts.len(), 4, "three accounts and the admin");

    let neither = api.account().multiaccount_import(MultiaccountImportRequest::new()).await.unwrap_err();
    assert!(matches!(neither, Error::Service(e) if e.code() == 70402), "neither form is refused");

    let too_long = MultiaccountImportRequest::new().with_accounts(["x".repeat(33)]);
    let refused = api.account().multiaccount_import(too_long).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "a 33-byte ID never leaves the client: {refused}");
}

#[tokio::test]
async fn multiaccount_import_batched_splits_into_calls_of_100() {
    let s = start(config().rate_limits(false)).await;
    let ids: Vec<String> = (0..150).map(|i| format!("user{i:03}")).collect();
    let batch =
        s.client().account().multiaccount_import_batched(MultiaccountImportRequest::new().with_accounts(ids)).await;
    assert!(batch.all_ok());
    let sizes: Vec<usize> = batch.calls.iter().map(|c| c.items.len()).collect();
    assert_eq!(sizes, vec![100, 50]);
    assert_eq!(s.emulator().state().accounts.len(), 151);
}

#[tokio::test]
async fn account_delete_removes_the_account_and_its_data() {
    let s = sandbox().await;
    accounts(&s, &["gone", "friend", "owner"]);
    s.emulator().edit_state(|st| {
        st.profiles.fields.entry("gone".into()).or_default().insert("Tag_Profile_IM_Level".into(), json!(3));
        let mut list = FriendList::new("pals");
        list.members.push("gone".into());
        let mut lists = FriendLists::default();
        lists.lists.push(list);
        st.friend_lists.insert("friend".into(), lists);
        st.friend_lists.insert("gone".into(), FriendLists::default());
        st.conversations.touch("gone", Contact::User("friend".into()), 100);
        let mut group = chat_api_sandbox::state::Group::default();
        group.id = "g1".into();
        group.owner = Some("gone".into());
        group.members.insert("gone".into(), Member::default());
        group.members.insert("owner".into(), Member::default());
        st.groups.insert("g1".into(), group);
        st.sessions.set_online("gone", "iPhone", OnlineState::Online);
    });
    let api = once(&s);
    let reply = api
        .account()
        .account_delete(AccountDeleteRequest::new([AccountRef::new("gone"), AccountRef::new("never")]))
        .await
        .unwrap();
    let results: Vec<(String, i64)> = reply.result_item.into_iter().map(|r| (r.user_id, r.result_code)).collect();
    assert_eq!(results, vec![("gone".to_string(), 0), ("never".to_string(), 70107)]);

    let state = s.emulator().state();
    assert!(!state.accounts.contains_key("gone"));
    assert!(!state.profiles.fields.contains_key("gone"));
    assert!(!state.friend_lists.contains_key("gone"));
    assert!(state.friend_lists["friend"].lists[0].members.is_empty(), "gone from other accounts' lists");
    assert!(!state.conversations.by_user.contains_key("gone"));
    assert!(!state.groups["g1"].members.contains_key("gone"));
    assert_eq!(state.groups["g1"].owner, None, "the group lost its owner");
    assert!(!state.sessions.online.contains_key("gone"));
    assert!(state.sessions.deleted.contains_key("gone"));

    // A deleted ID cannot come back in bulk for three months; account_check says it is gone.
    let again = api.account().multiaccount_import(MultiaccountImportRequest::new().with_accounts(["gone"])).await;
    assert_eq!(again.unwrap().fail_accounts, Some(vec!["gone".to_string()]));
    let check = api.account().account_check(AccountCheckRequest::new([AccountRef::new("gone")])).await.unwrap();
    assert_eq!(check.result_item[0].account_status, Some(AccountStatus::NotImported));

    s.emulator().edit_state(|st| st.sessions.deletion_disabled = true);
    let refused = api.account().account_delete(AccountDeleteRequest::new([AccountRef::new("friend")])).await;
    assert!(
        matches!(refused, Err(Error::Service(ref e)) if e.code() == 71000 && e.to_string().contains("71000")),
        "{refused:?}"
    );
    assert!(s.emulator().state().accounts.contains_key("friend"), "a refused call deletes nothing");
}

#[tokio::test]
async fn account_check_tells_imported_from_not_imported() {
    let s = sandbox().await;
    accounts(&s, &["here"]);
    let reply = s
        .client()
        .account()
        .account_check(AccountCheckRequest::new([AccountRef::new("here"), AccountRef::new("absent")]))
        .await
        .unwrap();
    let statuses: Vec<(String, Option<AccountStatus>, i64)> =
        reply.result_item.into_iter().map(|r| (r.user_id, r.account_status, r.result_code)).collect();
    assert_eq!(
        statuses,
        vec![
            ("here".to_string(), Some(AccountStatus::Imported), 0),
            ("absent".to_string(), Some(AccountStatus::NotImported), 0)
        ]
    );
    // The pages state no least count: an empty list is sent and answered with no results.
    let empty = s.client().account().account_check(AccountCheckRequest::new([])).await.unwrap();
    assert!(empty.result_item.is_empty(), "{empty:?}");
}

#[tokio::test]
async fn kick_signs_out_and_online_status_reflects_it() {
    let s = sandbox().await;
    accounts(&s, &["bob", "carol", "dave"]);
    s.emulator().edit_state(|st| {
        st.sessions.set_online("bob", "iPhone", OnlineState::PushOnline);
        st.sessions.set_online("bob", "Web", OnlineState::Online);
        st.sessions.set_online("carol", "Android", OnlineState::PushOnline);
    });
    let api = once(&s);
    let query = QueryOnlineStatusRequest::new(["bob", "carol", "dave", "nobody"]).with_is_need_detail(true);
    let reply = api.openim().query_online_status(query).await.unwrap();
    let results = reply.query_result.unwrap();
    let overall: Vec<(&str, &OnlineStatus)> = results.iter().map(|r| (r.to_account.as_str(), &r.status)).collect();
    assert_eq!(
        overall,
        vec![("bob", &OnlineStatus::Online), ("carol", &OnlineStatus::PushOnline), ("dave", &OnlineStatus::Offline)]
    );
    let bob = results[0].detail.clone().unwrap();
    assert_eq!(bob.len(), 2);
    assert!(bob.iter().any(|p| p.platform == "iPhone" && p.status == OnlineStatus::PushOnline));
    assert_eq!(results[2].detail, None, "an offline account has no platforms");
    let errors = reply.error_list.unwrap();
    assert_eq!((errors[0].to_account.as_str(), errors[0].error_code), ("nobody", 70107));

    let plain = api.openim().query_online_status(QueryOnlineStatusRequest::new(["bob"])).await.unwrap();
    assert_eq!(plain.query_result.unwrap()[0].detail, None, "details only on request");

    api.account().kick(KickRequest::new("bob")).await.unwrap();
    let after = api.openim().query_online_status(QueryOnlineStatusRequest::new(["bob"])).await.unwrap();
    assert_eq!(after.query_result.unwrap()[0].status, OnlineStatus::Offline);
    assert_eq!(s.emulator().state().sessions.kicks.get("bob"), Some(&1));

    let nobody = api.account().kick(KickRequest::new("nobody")).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(ref e) if e.code() == 70107), "{nobody}");
    let too_many: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let refused = api.openim().query_online_status(QueryOnlineStatusRequest::new(too_many)).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "{refused}");
}

// ---- profiles -------------------------------------------------------------------------------

#[tokio::test]
async fn portrait_set_then_get_returns_the_requested_fields() {
    let s = sandbox().await;
    accounts(&s, &["alice", "bob"]);
    s.emulator().edit_state(|st| st.profiles.add_custom_tag("Tag_Profile_Custom_Hobby"));
    let api = once(&s);
    let items = [
        ProfileItem::Nick("Al".into()),
        ProfileItem::Gender(Gender::Female),
        ProfileItem::BirthDay(20190419),
        ProfileItem::AllowType(AllowType::DenyAny),
        ProfileItem::Level(7),
        ProfileItem::Unknown(json!({"Tag": "Tag_Profile_Custom_Hobby", "Value": "chess"})),
    ];
    api.profile().portrait_set(PortraitSetRequest::new("alice", items)).await.unwrap();
    assert_eq!(s.emulator().state().accounts["alice"].nick.as_deref(), Some("Al"), "the nickname is the account's");

    let tags = [
        "Tag_Profile_Custom_Hobby",
        "Tag_Profile_IM_Nick",
        "Tag_Profile_IM_Gender",
        "Tag_Profile_IM_BirthDay",
        "Tag_Profile_IM_AllowType",
        "Tag_Profile_IM_Level",
        "Tag_Profile_IM_Role",
    ];
    let got = api.profile().portrait_get(PortraitGetRequest::new(["alice", "bob"], tags)).await.unwrap();
    assert_eq!(got.fail_account, None);
    let alice = got.user_profile_item[0].profile_item.clone().unwrap();
    assert_eq!(
        alice,
        vec![
            ProfileItem::Unknown(json!({"Tag": "Tag_Profile_Custom_Hobby", "Value": "chess"})),
            ProfileItem::Nick("Al".into()),
            ProfileItem::Gender(Gender::Female),
            ProfileItem::BirthDay(20190419),
            ProfileItem::AllowType(AllowType::DenyAny),
            ProfileItem::Level(7),
        ],
        "in TagList order; the unset role is left out"
    );
    let bob = &got.user_profile_item[1];
    assert_eq!((bob.to_account.as_str(), bob.profile_item.as_deref(), bob.result_code), ("bob", Some(&[][..]), 0));

    // account_import writes the same nickname field.
    api.account().account_import(AccountImportRequest::new("bob").with_nick("Bobby")).await.unwrap();
    let got = api.profile().portrait_get(PortraitGetRequest::new(["bob"], ["Tag_Profile_IM_Nick"])).await.unwrap();
    assert_eq!(got.user_profile_item[0].profile_item.clone().unwrap(), vec![ProfileItem::Nick("Bobby".into())]);
}

#[tokio::test]
async fn portrait_set_refuses_as_documented() {
    let s = sandbox().await;
    accounts(&s, &["alice"]);
    s.emulator().edit_state(|st| st.profiles.add_custom_tag("Tag_Profile_Custom_Hobby"));
    let api = once(&s);
    let set = |item: ProfileItem| PortraitSetRequest::new("alice", [item]);

    let nobody = api.profile().portrait_set(PortraitSetRequest::new("nobody", [ProfileItem::Level(1)])).await;
    assert!(matches!(nobody, Err(Error::Service(PortraitSetError::AccountNotFound(_)))), "{nobody:?}");
    let unknown = api
        .profile()
        .portrait_set(set(ProfileItem::Unknown(json!({"Tag": "Tag_Profile_Custom_Pet", "Value": "cat"}))))
        .await;
    assert!(matches!(unknown, Err(Error::Service(PortraitSetError::TagNotFound(_)))), "{unknown:?}");
    let bad_std = api
        .profile()
        .portrait_set(set(ProfileItem::Unknown(json!({"Tag": "Tag_Profile_IM_Shoe", "Value": "42"}))))
        .await;
    assert!(matches!(bad_std, Err(Error::Service(PortraitSetError::TagNotFound(_)))), "{bad_std:?}");
    let typed_wrong = api
        .profile()
        .portrait_set(set(ProfileItem::Unknown(json!({"Tag": "Tag_Profile_IM_Level", "Value": "high"}))))
        .await;
    assert!(matches!(typed_wrong, Err(Error::Service(PortraitSetError::ValueTypeMismatch(_)))), "{typed_wrong:?}");
    let number_for_text = api
        .profile()
        .portrait_set(set(ProfileItem::Unknown(json!({"Tag": "Tag_Profile_Custom_Hobby", "Value": 3}))))
        .await;
    assert!(
        matches!(number_for_text, Err(Error::Service(PortraitSetError::ValueTypeMismatch(_)))),
        "{number_for_text:?}"
    );
    let gender =
        api.profile().portrait_set(set(ProfileItem::Gender(Gender::Unknown("Gender_Type_Robot".into())))).await;
    assert!(matches!(gender, Err(Error::Service(PortraitSetError::InvalidStandardValue(_)))), "{gender:?}");
    let negative = api.profile().portrait_set(set(ProfileItem::Role(-1))).await;
    assert!(matches!(negative, Err(Error::Service(PortraitSetError::InvalidStandardValue(_)))), "{negative:?}");
    let long = api.profile().portrait_set(set(ProfileItem::SelfSignature("s".repeat(501)))).await;
    assert!(matches!(long, Err(Error::Service(PortraitSetError::ValueTooLong(_)))), "{long:?}");

    // One bad item refuses the whole call: the good one before it is not written.
    let mixed = PortraitSetRequest::new("alice", [ProfileItem::Level(5), ProfileItem::Role(-1)]);
    assert!(api.profile().portrait_set(mixed).await.is_err());
    assert!(!s.emulator().state().profiles.fields.contains_key("alice"));
}

#[tokio::test]
async fn portrait_get_refuses_as_documented() {
    let s = sandbox().await;
    accounts(&s, &["alice"]);
    let api = once(&s);
    let nobody =
        api.profile().portrait_get(PortraitGetRequest::new(["alice", "nobody"], ["Tag_Profile_IM_Nick"])).await;
    assert!(matches!(nobody, Err(Error::Service(PortraitGetError::AccountNotFound(_)))), "{nobody:?}");
    let tag = api.profile().portrait_get(PortraitGetRequest::new(["alice"], ["Tag_Profile_Custom_Pet"])).await;
    assert!(matches!(tag, Err(Error::Service(PortraitGetError::TagNotFound(_)))), "{tag:?}");
    let empty = PortraitGetRequest::new(Vec::<String>::new(), ["Tag_Profile_IM_Nick"]);
    assert!(matches!(api.profile().portrait_get(empty.clone()).await, Err(Error::Refused(_))));
    let empty = unchecked(&s).profile().portrait_get(empty).await;
    assert!(matches!(empty, Err(Error::Service(PortraitGetError::NoAccountNamed(_)))), "{empty:?}");
}

// ---- global mutes ---------------------------------------------------------------------------

#[tokio::test]
async fn global_mutes_are_set_read_back_and_lifted() {
    let s = sandbox().await;
    accounts(&s, &["loud"]);
    let api = once(&s);
    let fresh = api.config().get_no_speaking(GetNoSpeakingRequest::new("loud")).await.unwrap();
    assert_eq!((fresh.c2c_msg_nospeaking_time, fresh.group_msg_nospeaking_time), (0, 0));

    let mute =
        SetNoSpeakingRequest::new("loud").with_c2c_msg_nospeaking_time(4294967295).with_group_msg_nospeaking_time(7200);
    api.config().set_no_speaking(mute).await.unwrap();
    let got = api.config().get_no_speaking(GetNoSpeakingRequest::new("loud")).await.unwrap();
    assert_eq!(got.c2c_msg_nospeaking_time, 4294967295, "permanent");
    assert!((7190..=7200).contains(&got.group_msg_nospeaking_time), "seconds left: {}", got.group_msg_nospeaking_time);

    api.config().set_no_speaking(SetNoSpeakingRequest::new("loud").with_c2c_msg_nospeaking_time(0)).await.unwrap();
    let got = api.config().get_no_speaking(GetNoSpeakingRequest::new("loud")).await.unwrap();
    assert_eq!(got.c2c_msg_nospeaking_time, 0, "lifted");
    assert!(got.group_msg_nospeaking_time > 7000, "the group mute is left as it was");

    let none = api.config().set_no_speaking(SetNoSpeakingRequest::new("loud")).await.unwrap_err();
    assert!(matches!(none, Error::Service(SetNoSpeakingError::NoDuration(_))), "{none}");
    let stranger =
        api.config().set_no_speaking(SetNoSpeakingRequest::new("nobody").with_c2c_msg_nospeaking_time(60)).await;
    assert!(matches!(stranger, Err(Error::Service(SetNoSpeakingError::AccountInvalid(_)))), "{stranger:?}");
    let blank = api.config().set_no_speaking(SetNoSpeakingRequest::new("").with_c2c_msg_nospeaking_time(60)).await;
    assert!(matches!(blank, Err(Error::Service(SetNoSpeakingError::AccountMissing(_)))), "{blank:?}");
    let get_stranger = api.config().get_no_speaking(GetNoSpeakingRequest::new("nobody")).await.unwrap_err();
    assert!(matches!(get_stranger, Error::Service(GetNoSpeakingError::AccountInvalid(_))), "{get_stranger}");
    assert_eq!(get_stranger.code(), Some(130003), "the reading page's own code");
    let too_long = SetNoSpeakingRequest::new("loud").with_c2c_msg_nospeaking_time(4294967296);
    assert!(matches!(api.config().set_no_speaking(too_long).await, Err(Error::Refused(_))));
}

// ---- conversations --------------------------------------------------------------------------

fn user(id: &str) -> Contact {
    Contact::User(id.into())
}

fn one_to_one(id: &str) -> ConversationRef {
    ConversationRef::new(ConversationType::OneToOne).with_to_account(id)
}

fn peer(e: &ConversationEntry) -> String {
    e.to_account.clone().or_else(|| e.group_id.clone()).unwrap_or_default()
}

#[tokio::test]
async fn get_list_pages_with_pinned_conversations_first() {
    let s = sandbox().await;
    accounts(&s, &["me"]);
    s.emulator().edit_state(|st| {
        let c = &mut st.conversations;
        for (i, id) in ["p1", "p2", "n1", "n2", "n3"].iter().enumerate() {
            c.touch("me", user(id), 1000 + i as u64);
        }
        c.touch("me", Contact::Group("@TGS#g".into()), 2000);
        c.touch("me", user("silent"), 0);
        c.pin("me", &user("p1"), true);
        c.pin("me", &user("p2"), true);
        c.page_size = Some(2);
    });
    let api = once(&s);
    let first = api.recent_contact().get_list(GetListRequest::new("me", 0, 0, 0, 0, 7)).await.unwrap();
    assert_eq!(first.complete_flag, 0);
    let items = first.session_item.clone().unwrap();
    assert_eq!(items.iter().map(peer).collect::<Vec<_>>(), vec!["p2", "p1"], "pinned first, newest first");
    assert!(items.iter().all(|e| e.top_flag == PinFlag::Pinned));
    assert_eq!((first.top_start_index, first.start_index), (2, 0));

    let all = collect(s.client().recent_contact().get_list_all(GetListRequest::new("me", 0, 0, 0, 0, 7))).await;
    let all: Vec<ConversationEntry> = all.into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.iter().map(peer).collect::<Vec<_>>(), vec!["p2", "p1", "@TGS#g", "n3", "n2", "n1", "silent"]);
    assert_eq!(all[2].kind, ConversationType::Group);
    assert_eq!(all[6].msg_time, 0, "bit 1 brings the conversation without messages");

    // Without bit 2 the pinned ones all come with the first page; without bit 1 no empty one;
    // without bit 0 pinned conversations are ordinary.
    let first = api.recent_contact().get_list(GetListRequest::new("me", 0, 0, 0, 0, 1)).await.unwrap();
    assert_eq!(first.session_item.unwrap().iter().map(peer).collect::<Vec<_>>(), vec!["p2", "p1", "@TGS#g", "n3"]);
    let plain = collect(s.client().recent_contact().get_list_all(GetListRequest::new("me", 0, 0, 0, 0, 0))).await;
    let plain: Vec<ConversationEntry> = plain.into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(plain.iter().map(peer).collect::<Vec<_>>(), vec!["@TGS#g", "n3", "n2", "n1", "p2", "p1"]);
    assert!(plain.iter().all(|e| e.top_flag == PinFlag::NotPinned));

    let nobody = api.recent_contact().get_list(GetListRequest::new("nobody", 0, 0, 0, 0, 7)).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(GetListError::AccountNotImported(_))), "{nobody}");
    let negative = api.recent_contact().get_list(GetListRequest::new("me", 0, -1, 0, 0, 7)).await.unwrap_err();
    assert!(matches!(negative, Error::Service(GetListError::InvalidParameter(_))), "{negative}");
}

#[tokio::test]
async fn delete_removes_a_conversation_and_keeps_its_marks() {
    let s = sandbox().await;
    accounts(&s, &["me"]);
    s.emulator().edit_state(|st| {
        st.conversations.touch("me", user("bob"), 10);
        st.conversations.touch("me", Contact::Group("@TGS#g".into()), 20);
        let mark = st.conversations.by_user.entry("me".into()).or_default().marks.entry(user("bob")).or_default();
        mark.standard = 1;
    });
    let api = once(&s);
    let delete = DeleteConversationRequest::new("me", ConversationType::OneToOne)
        .with_to_account("bob")
        .with_clear_ramble(ClearRamble::Clear);
    api.recent_contact().delete_conversation(delete.clone()).await.unwrap();
    api.recent_contact().delete_conversation(delete).await.expect("deleting it again is harmless");
    let group = DeleteConversationRequest::new("me", ConversationType::Group).with_to_group_id("@TGS#g");
    api.recent_contact().delete_conversation(group).await.unwrap();
    let state = s.emulator().state();
    assert!(state.conversations.by_user["me"].recent.is_empty());
    assert_eq!(state.conversations.by_user["me"].marks[&user("bob")].standard, 1, "marks stay");

    let no_peer = DeleteConversationRequest::new("me", ConversationType::Group).with_to_account("bob");
    let no_peer = api.recent_contact().delete_conversation(no_peer).await.unwrap_err();
    assert!(matches!(no_peer, Error::Service(DeleteConversationError::InvalidParameter(_))), "{no_peer}");
    let nobody = DeleteConversationRequest::new("nobody", ConversationType::OneToOne).with_to_account("bob");
    let nobody = api.recent_contact().delete_conversation(nobody).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(DeleteConversationError::AccountNotImported(_))), "{nobody}");
}

async fn make_group(api: &chat_api::Client, name: &str, users: &[&str]) {
    let refs = users.iter().map(|u| ContactRef::new(ConversationType::OneToOne).with_to_account(*u));
    api.recent_contact()
        .create_contact_group(CreateContactGroupRequest::new("me", [NewContactGroup::new(name, refs)]))
        .await
        .unwrap();
}

fn update(change: ContactGroupUpdate) -> UpdateContactGroupRequest {
    UpdateContactGroupRequest::new("me", ContactGroupUpdateScope::Group, change)
}

#[tokio::test]
async fn update_contact_group_renames_and_moves_conversations() {
    let s = sandbox().await;
    accounts(&s, &["me"]);
    let api = once(&s);
    make_group(&api, "work", &["bob"]).await;
    make_group(&api, "home", &[]).await;

    let rename = ContactGroupUpdate::new(ContactGroupChange::Rename, "work").with_new_group_name("office");
    let reply = api.recent_contact().update_contact_group(update(rename)).await.unwrap();
    let result = reply.update_group_result.unwrap();
    assert_eq!((result.group_name.as_deref(), result.old_group_name.as_deref()), (Some("office"), Some("work")));
    assert_eq!(result.group_id, Some(1));

    let changes = [
        ContactMembershipChange::new(ContactMembershipOp::Add, one_to_one("carol")),
        ContactMembershipChange::new(ContactMembershipOp::Remove, one_to_one("bob")),
        ContactMembershipChange::new(ContactMembershipOp::Add, ConversationRef::new(ConversationType::Group)),
    ];
    let change = ContactGroupUpdate::new(ContactGroupChange::Conversations, "office").with_contact_update_item(changes);
    let reply = api.recent_contact().update_contact_group(update(change)).await.unwrap();
    let codes: Vec<i64> =
        reply.update_group_result.unwrap().contact_result_item.unwrap().iter().map(|r| r.result_code).collect();
    assert_eq!(codes, vec![0, 0, 50002], "a reference without its group ID fails on its own");
    assert_eq!(s.emulator().state().contact_groups["me"].groups[0].contacts, vec![user("carol")]);

    let missing = ContactGroupUpdate::new(ContactGroupChange::Rename, "work").with_new_group_name("x");
    let missing = api.recent_contact().update_contact_group(update(missing)).await.unwrap_err();
    assert!(matches!(missing, Error::Service(UpdateContactGroupError::ContactGroupNotFound(_))), "{missing}");
    let clash = ContactGroupUpdate::new(ContactGroupChange::Rename, "office").with_new_group_name("home");
    let clash = api.recent_contact().update_contact_group(update(clash)).await.unwrap_err();
    assert!(matches!(clash, Error::Service(UpdateContactGroupError::InvalidParameter(_))), "{clash}");
    let long = ContactGroupUpdate::new(ContactGroupChange::Rename, "office").with_new_group_name("n".repeat(33));
    let long = unchecked(&s).recent_contact().update_contact_group(update(long)).await.unwrap_err();
    assert!(matches!(long, Error::Service(UpdateContactGroupError::ContactGroupNameTooLong(_))), "{long}");

    s.emulator().edit_state(|st| {
        let group = &mut st.contact_groups.get_mut("me").unwrap().groups[1];
        group.contacts = (0..1000).map(|i| user(&format!("u{i}"))).collect();
    });
    let full = ContactGroupUpdate::new(ContactGroupChange::Conversations, "home")
        .with_contact_update_item([ContactMembershipChange::new(ContactMembershipOp::Add, one_to_one("one-more"))]);
    let reply = api.recent_contact().update_contact_group(update(full)).await.unwrap();
    assert_eq!(reply.update_group_result.unwrap().contact_result_item.unwrap()[0].result_code, 51008);
}

#[tokio::test]
async fn marks_are_set_searched_and_limited() {
    let s = sandbox().await;
    accounts(&s, &["me"]);
    let api = once(&s);
    make_group(&api, "work", &["bob"]).await;
    let items = [
        ConversationMarkChange::new(MarkOp::Both, one_to_one("bob")).with_set_mark([0, 3]).with_custom_mark("vip"),
        ConversationMarkChange::new(MarkOp::Custom, one_to_one("carol")).with_custom_mark("later"),
        ConversationMarkChange::new(MarkOp::Standard, one_to_one("dave")).with_set_mark([64]),
    ];
    let reply = api.recent_contact().mark_contact(MarkContactRequest::new("me", items)).await.unwrap();
    let codes: Vec<i64> = reply.result_item.unwrap().iter().map(|r| r.result_code).collect();
    assert_eq!(codes, vec![0, 0, 50002], "bit 64 does not exist");

    let clear = ConversationMarkChange::new(MarkOp::Standard, one_to_one("bob")).with_clear_mark([0]);
    api.recent_contact().mark_contact(MarkContactRequest::new("me", [clear])).await.unwrap();

    let search = SearchContactGroupRequest::new("me", [one_to_one("bob"), one_to_one("carol"), one_to_one("erin")]);
    let found = api.recent_contact().search_contact_group(search).await.unwrap();
    let found_items = found.contact_result_item.unwrap();
    assert_eq!(found_items.len(), 2, "erin has no group and no mark");
    let bob = &found_items[0];
    assert_eq!(
        (bob.to_account.as_deref(), bob.standard_mark.as_deref(), bob.custom_mark.as_deref()),
        (Some("bob"), Some("1000"), Some("vip"))
    );
    assert_eq!(bob.contact_group_id, Some(vec![1]));
    assert_eq!(found_items[1].contact_group_id, None);
    assert_eq!(found.group_item.unwrap()[0].group_name, "work");

    // No page gives a least number of conversations to look up: an empty list finds nothing.
    let nothing = SearchContactGroupRequest::new("me", Vec::<ConversationRef>::new());
    let nothing = api.recent_contact().search_contact_group(nothing).await.unwrap();
    assert!(nothing.contact_result_item.unwrap_or_default().is_empty());

    // get_contact_group lists the marked conversations as well.
    let all = api.recent_contact().get_contact_group(GetContactGroupRequest::new("me", 0)).await.unwrap();
    assert_eq!(all.contact_item.unwrap().len(), 2);

    let none = unchecked(&s).recent_contact().mark_contact(MarkContactRequest::new("me", [])).await.unwrap_err();
    assert!(matches!(none, Error::Service(MarkContactError::MarkConversationCount(_))), "{none}");
    let many: Vec<ConversationMarkChange> = (0..101)
        .map(|i| ConversationMarkChange::new(MarkOp::Custom, one_to_one(&format!("u{i}"))).with_custom_mark("x"))
        .collect();
    let many = unchecked(&s).recent_contact().mark_contact(MarkContactRequest::new("me", many)).await.unwrap_err();
    assert!(matches!(many, Error::Service(MarkContactError::MarkConversationCount(_))), "{many}");

    s.emulator().edit_state(|st| {
        let marks = &mut st.conversations.by_user.get_mut("me").unwrap().marks;
        for i in marks.len()..1000 {
            let mut mark = ConversationMark::default();
            mark.standard = 1;
            marks.insert(user(&format!("filler{i}")), mark);
        }
    });
    let over = ConversationMarkChange::new(MarkOp::Custom, one_to_one("new")).with_custom_mark("x");
    let again = ConversationMarkChange::new(MarkOp::Custom, one_to_one("bob")).with_custom_mark("still fine");
    let reply = api.recent_contact().mark_contact(MarkContactRequest::new("me", [over, again])).await.unwrap();
    let codes: Vec<i64> = reply.result_item.unwrap().iter().map(|r| r.result_code).collect();
    assert_eq!(codes, vec![51008, 0], "the 1,001st marked conversation fails; already marked ones do not");

    let bad_ref = SearchContactGroupRequest::new("me", [ConversationRef::new(ConversationType::OneToOne)]);
    let bad_ref = api.recent_contact().search_contact_group(bad_ref).await.unwrap_err();
    assert!(matches!(bad_ref, Error::Service(SearchContactGroupError::InvalidParameter(_))), "{bad_ref}");
}

#[tokio::test]
async fn groups_and_marks_work_on_the_pro_edition() {
    // The newest pages open conversation groups and standard marks to Pro, Pro Plus and
    // Enterprise (older ones said Ultimate, then Premium).
    let s = start(config().edition(Edition::Pro)).await;
    accounts(&s, &["me"]);
    let api = once(&s);
    let standard = ConversationMarkChange::new(MarkOp::Standard, one_to_one("bob")).with_set_mark([1]);
    let custom = ConversationMarkChange::new(MarkOp::Custom, one_to_one("bob")).with_custom_mark("ok");
    let reply = api.recent_contact().mark_contact(MarkContactRequest::new("me", [standard, custom])).await.unwrap();
    let codes: Vec<i64> = reply.result_item.unwrap().iter().map(|r| r.result_code).collect();
    assert_eq!(codes, vec![0, 0], "standard and custom marks both work on Pro");

    let search =
        api.recent_contact().search_contact_group(SearchContactGroupRequest::new("me", [one_to_one("bob")])).await;
    let found = search.unwrap().contact_result_item.unwrap_or_default();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].standard_mark.as_deref(), Some("10"));
    assert_eq!(found[0].custom_mark.as_deref(), Some("ok"));
}

#[tokio::test]
async fn the_conversation_list_carries_marks_and_groups() {
    let s = sandbox().await;
    accounts(&s, &["me"]);
    s.emulator().edit_state(|st| {
        st.conversations.touch("me", Contact::User("bob".into()), 100);
        st.conversations.touch("me", Contact::User("carol".into()), 200);
    });
    let api = once(&s);
    let bob = ContactRef::new(ConversationType::OneToOne).with_to_account("bob");
    let create = CreateContactGroupRequest::new("me", [NewContactGroup::new("work", [bob])]);
    api.recent_contact().create_contact_group(create).await.unwrap();
    let mark =
        ConversationMarkChange::new(MarkOp::Both, one_to_one("bob")).with_set_mark([0, 3]).with_custom_mark("vip");
    api.recent_contact().mark_contact(MarkContactRequest::new("me", [mark])).await.unwrap();

    let list = api.recent_contact().get_list(GetListRequest::new("me", 0, 0, 0, 0, 63)).await.unwrap();
    let items = list.session_item.unwrap();
    let bob = items.iter().find(|c| c.to_account.as_deref() == Some("bob")).unwrap();
    assert_eq!(bob.standard_mark.as_deref(), Some("1001"));
    assert_eq!(bob.custom_mark.as_deref(), Some("vip"));
    assert_eq!(bob.contact_group_id.as_ref().map(Vec::len), Some(1));
    let carol = items.iter().find(|c| c.to_account.as_deref() == Some("carol")).unwrap();
    assert!(carol.standard_mark.is_none() && carol.custom_mark.is_none() && carol.contact_group_id.is_none());
}

#[tokio::test]
async fn conversation_commands_need_an_imported_account() {
    let s = sandbox().await;
    let api = once(&s);
    let mark = ConversationMarkChange::new(MarkOp::Custom, one_to_one("bob")).with_custom_mark("x");
    let mark = api.recent_contact().mark_contact(MarkContactRequest::new("nobody", [mark])).await.unwrap_err();
    assert!(matches!(mark, Error::Service(MarkContactError::AccountNotImported(_))), "{mark}");
    let search = SearchContactGroupRequest::new("nobody", [one_to_one("bob")]);
    let search = api.recent_contact().search_contact_group(search).await.unwrap_err();
    assert!(matches!(search, Error::Service(SearchContactGroupError::AccountNotImported(_))), "{search}");
    let change = ContactGroupUpdate::new(ContactGroupChange::Rename, "a").with_new_group_name("b");
    let change = UpdateContactGroupRequest::new("nobody", ContactGroupUpdateScope::Group, change);
    let change = api.recent_contact().update_contact_group(change).await.unwrap_err();
    assert!(matches!(change, Error::Service(UpdateContactGroupError::AccountNotImported(_))), "{change}");
    let get = api.recent_contact().get_list(GetListRequest::new("nobody", 0, 0, 0, 0, 0)).await.unwrap_err();
    assert!(matches!(get, Error::Service(GetListError::AccountNotImported(_))), "{get}");
}
