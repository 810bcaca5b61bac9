//! Every endpoint the sandbox serves, through the real `chat_api::Client`: the happy path, and
//! each documented error the sandbox's state can produce.

use chat_api::account::{AccountImportError, AccountImportRequest};
use chat_api::group::{
    CreateGroupError, CreateGroupMember, CreateGroupRequest, DestroyGroupRequest, GetGroupInfoRequest, GroupInfoFilter,
};
use chat_api::recent_contact::{
    ContactRef, CreateContactGroupError, CreateContactGroupRequest, GetContactGroupError, GetContactGroupRequest,
    NewContactGroup,
};
use chat_api::runtime::Edition;
use chat_api::sns::{GroupAddError, GroupAddRequest, GroupGetError, GroupGetRequest, NeedFriend};
use chat_api::{CommonError, ConversationType, Error, GroupMemberRole, GroupType};

mod common;
use common::{config, import, once, sandbox, start, unchecked};

#[tokio::test]
async fn account_import_creates_once_and_updates_the_profile() {
    let s = sandbox().await;
    let api = s.client();
    api.account().account_import(AccountImportRequest::new("alice").with_nick("Al")).await.unwrap();
    api.account().account_import(AccountImportRequest::new("alice").with_face_url("https://x/a.png")).await.unwrap();
    let state = s.emulator().state();
    let alice = &state.accounts["alice"];
    assert_eq!((alice.nick.as_deref(), alice.face_url.as_deref()), (Some("Al"), Some("https://x/a.png")));
    assert_eq!(state.accounts.len(), 2, "alice and the admin");

    let empty = api.account().account_import(AccountImportRequest::new(" ")).await.unwrap_err();
    assert!(matches!(empty, Error::Service(AccountImportError::Common(CommonError::InvalidParameter(_)))), "{empty}");
    let long =
        unchecked(&s).account().account_import(AccountImportRequest::new("bob").with_nick("n".repeat(501))).await;
    assert!(matches!(long, Err(Error::Service(AccountImportError::ProfileValueTooLong(_)))), "{long:?}");
}

#[tokio::test]
async fn create_group_then_read_it_back_then_disband_it() {
    let s = sandbox().await;
    import(&s, &["owner", "bob", "peter"]).await;
    let api = s.client();
    let request = CreateGroupRequest::new(GroupType::Public, "Friends")
        .with_owner_account("owner")
        .with_introduction("hello")
        .with_member_list([
            CreateGroupMember::new("bob").with_role(GroupMemberRole::Admin),
            CreateGroupMember::new("peter"),
        ]);
    let created = api.group().create_group(request).await.unwrap();
    assert!(created.group_id.starts_with("@TGS#"), "{}", created.group_id);

    let info = api
        .group()
        .get_group_info(GetGroupInfoRequest::new([created.group_id.as_str(), "@TGS#missing"]))
        .await
        .unwrap();
    let (found, missing) = (&info.group_info[0], &info.group_info[1]);
    assert_eq!((found.error_code, found.name.as_deref(), found.member_num), (0, Some("Friends"), Some(3)));
    assert_eq!(found.owner_account.as_deref(), Some("owner"));
    let roles: Vec<(String, Option<GroupMemberRole>)> =
        found.member_list.clone().unwrap().into_iter().map(|m| (m.member_account, m.role)).collect();
    assert!(roles.contains(&("bob".into(), Some(GroupMemberRole::Admin))));
    assert!(roles.contains(&("owner".into(), Some(GroupMemberRole::Owner))));
    assert_eq!(missing.error_code, 10010, "a missing group has its own code in its entry");

    let narrow = GetGroupInfoRequest::new([created.group_id.as_str()])
        .with_response_filter(GroupInfoFilter::new().with_group_base_info_filter(["Name"]));
    let narrow = api.group().get_group_info(narrow).await.unwrap();
    assert_eq!(
        (narrow.group_info[0].name.as_deref(), narrow.group_info[0].introduction.as_deref()),
        (Some("Friends"), None)
    );

    api.group().destroy_group(DestroyGroupRequest::new(created.group_id.as_str())).await.unwrap();
    let info = api.group().get_group_info(GetGroupInfoRequest::new([created.group_id.as_str()])).await.unwrap();
    assert_eq!(info.group_info[0].error_code, 10010);
    let bad = api.group().get_group_info(GetGroupInfoRequest::new([""])).await.unwrap();
    assert_eq!(bad.group_info[0].error_code, 10015);
}

#[tokio::test]
async fn create_group_refuses_as_documented() {
    let s = sandbox().await;
    import(&s, &["owner", "bob"]).await;
    let api = once(&s);
    let make =
        |id: &str| CreateGroupRequest::new(GroupType::Private, "g").with_group_id(id).with_owner_account("owner");
    api.group().create_group(make("MyGroup")).await.unwrap();

    let taken = api.group().create_group(make("MyGroup").with_owner_account("bob")).await.unwrap_err();
    assert!(matches!(taken, Error::Service(CreateGroupError::GroupIdTaken(_))), "{taken}");
    let mine = api.group().create_group(make("MyGroup")).await.unwrap_err();
    assert!(matches!(mine, Error::Service(CreateGroupError::GroupIdTakenByCaller(_))), "{mine}");
    let prefix = api.group().create_group(make("@TGS#mine")).await.unwrap_err();
    assert!(matches!(prefix, Error::Service(CreateGroupError::InvalidParameter(_))), "{prefix}");
    let stranger = api
        .group()
        .create_group(CreateGroupRequest::new(GroupType::Public, "g").with_owner_account("nobody"))
        .await
        .unwrap_err();
    assert!(matches!(stranger, Error::Service(CreateGroupError::InvalidParameter(_))), "{stranger}");
    let live = CreateGroupRequest::new(GroupType::AvChatRoom, "live").with_member_list([CreateGroupMember::new("bob")]);
    let live = api.group().create_group(live).await.unwrap_err();
    assert!(matches!(live, Error::Service(CreateGroupError::PermissionDenied(_))), "{live}");
    let full = make("Full").with_max_member_count(1).with_member_list([CreateGroupMember::new("bob")]);
    let full = api.group().create_group(full).await.unwrap_err();
    assert!(matches!(full, Error::Service(CreateGroupError::TooManyMembers(_))), "{full}");
    let community = api.group().create_group(CreateGroupRequest::new(GroupType::Community, "c")).await.unwrap();
    assert!(community.group_id.starts_with("@TGS#_"), "{}", community.group_id);
    let long = unchecked(&s).group().create_group(CreateGroupRequest::new(GroupType::Public, "n".repeat(31))).await;
    assert!(matches!(long, Err(Error::Service(CreateGroupError::InvalidParameter(_)))), "{long:?}");
    assert_eq!(s.emulator().state().groups.len(), 2, "only MyGroup and the community were made");
}

#[tokio::test]
async fn friend_lists_add_get_and_their_errors() {
    let s = sandbox().await;
    import(&s, &["alice", "bob", "carol"]).await;
    let api = once(&s);
    let added = api
        .sns()
        .group_add(GroupAddRequest::new("alice", ["work", "family"]).with_to_account(["bob", "nobody"]))
        .await
        .unwrap();
    assert_eq!(added.current_sequence, 1);
    assert_eq!(added.fail_account.as_deref(), Some(&["nobody".to_string()][..]));
    assert_eq!(added.result_item.unwrap()[0].to_account, "bob");

    let got = api.sns().group_get(GroupGetRequest::new("alice").with_need_friend(NeedFriend::Yes)).await.unwrap();
    let lists: Vec<(String, i64, Option<Vec<String>>)> =
        got.result_item.into_iter().map(|l| (l.group_name, l.friend_number, l.to_account)).collect();
    assert_eq!(lists[0], ("work".into(), 1, Some(vec!["bob".to_string()])));
    assert_eq!(got.current_sequence, 1);
    let only = api.sns().group_get(GroupGetRequest::new("alice").with_group_name(["family"])).await.unwrap();
    assert_eq!((only.result_item.len(), only.result_item[0].to_account.clone()), (1, None));

    let names: Vec<String> = (0..31).map(|i| format!("l{i}")).collect();
    let too_many = api.sns().group_add(GroupAddRequest::new("alice", names)).await.unwrap_err();
    assert!(matches!(too_many, Error::Service(GroupAddError::TooManyLists(_))), "{too_many}");
    let nobody = api.sns().group_get(GroupGetRequest::new("nobody")).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(GroupGetError::AccountNotFound(_))), "{nobody}");
    let nobody = api.sns().group_add(GroupAddRequest::new("nobody", ["x"])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(GroupAddError::AccountNotFound(_))), "{nobody}");
}

fn contact_group(name: &str, users: &[&str]) -> CreateContactGroupRequest {
    let refs = users.iter().map(|u| ContactRef::new(ConversationType::OneToOne).with_to_account(*u));
    CreateContactGroupRequest::new("alice", [NewContactGroup::new(name, refs)])
}

#[tokio::test]
async fn conversation_groups_create_get_and_their_errors() {
    let s = sandbox().await;
    import(&s, &["alice"]).await;
    let api = once(&s);
    let created = api.recent_contact().create_contact_group(contact_group("work", &["bob", "carol"])).await.unwrap();
    let first = &created.group_result_item[0];
    assert_eq!((first.group_item.group_name.as_str(), first.result_item.len()), ("work", 2));

    let got = api.recent_contact().get_contact_group(GetContactGroupRequest::new("alice", 0)).await.unwrap();
    assert_eq!(got.group_item.unwrap()[0].group_name, "work");
    assert_eq!(got.contact_item.unwrap().len(), 2);
    assert_eq!(got.complete_flag, 1);

    let twice = api.recent_contact().create_contact_group(contact_group("work", &[])).await.unwrap_err();
    assert!(matches!(twice, Error::Service(CreateContactGroupError::InvalidParameter(_))), "{twice}");
    for i in 1..20 {
        api.recent_contact().create_contact_group(contact_group(&format!("g{i}"), &[])).await.unwrap();
    }
    let full = api.recent_contact().create_contact_group(contact_group("g20", &[])).await.unwrap_err();
    assert!(matches!(full, Error::Service(CreateContactGroupError::TooManyContactGroups(_))), "{full}");
    let long = unchecked(&s).recent_contact().create_contact_group(contact_group(&"x".repeat(33), &[])).await;
    assert!(matches!(long, Err(Error::Service(CreateContactGroupError::ContactGroupNameTooLong(_)))), "{long:?}");
    let mut stranger = contact_group("x", &[]);
    stranger.from_account = "nobody".into();
    let stranger = api.recent_contact().create_contact_group(stranger).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(CreateContactGroupError::AccountNotImported(_))), "{stranger}");
    let nobody = api.recent_contact().get_contact_group(GetContactGroupRequest::new("nobody", 0)).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(GetContactGroupError::AccountNotImported(_))), "{nobody}");
}

#[tokio::test]
async fn conversation_groups_work_on_the_pro_edition() {
    // The newest pages name Pro, Pro Plus and Enterprise (older ones said Ultimate, then Premium).
    let s = start(config().edition(Edition::Pro)).await;
    s.emulator().edit_state(|st| st.add_account("alice"));
    let api = s.client();
    let create = api.recent_contact().create_contact_group(contact_group("work", &[])).await.unwrap();
    assert_eq!(create.group_result_item.len(), 1, "{create:?}");
    let get = api.recent_contact().get_contact_group(GetContactGroupRequest::new("alice", 0)).await.unwrap();
    let names: Vec<&str> = get.group_item.iter().flatten().map(|g| g.group_name.as_str()).collect();
    assert_eq!(names, ["work"]);
}
