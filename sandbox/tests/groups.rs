//! Group and member management through the real `chat_api::Client` against the sandbox: listing
//! the app's groups, member profiles, changing groups and members, roles, ownership, imports,
//! unread counts and online counts, with each documented error the sandbox's state can produce.

use chat_api::group::{
    AddGroupMemberError, AddGroupMemberRequest, ChangeGroupOwnerError, ChangeGroupOwnerRequest, CreateGroupError,
    CreateGroupMember, CreateGroupRequest, DeleteGroupMemberError, DeleteGroupMemberRequest, DestroyGroupRequest,
    GetAppidGroupListError, GetAppidGroupListRequest, GetGroupInfoRequest, GetGroupMemberInfoError,
    GetGroupMemberInfoRequest, GetJoinedGroupListRequest, GetOnlineMemberNumError, GetOnlineMemberNumRequest,
    GetRoleInGroupError, GetRoleInGroupRequest, GetSpecifiedGroupMemberInfoError, GetSpecifiedGroupMemberInfoRequest,
    ImportGroupError, ImportGroupMemberError, ImportGroupMemberRequest, ImportGroupRequest, ImportedMember,
    InviteJoinOption, JoinedGroupFilter, MemberAddOutcome, MemberOnlineStatus, ModifyGroupBaseInfoError,
    ModifyGroupBaseInfoRequest, ModifyGroupMemberInfoError, ModifyGroupMemberInfoRequest, MsgFlag, MuteAllMember,
    NewGroupMember, RoleInGroup, SetUnreadMsgNumError, SetUnreadMsgNumRequest,
};
use chat_api::{AppDefinedDataItem, Error, GroupMemberRole, GroupType};
use chat_api_sandbox::Sandbox;

mod common;
use common::{accounts, collect, config, once, start, unchecked};

/// A sandbox without call-frequency limits (get_appid_group_list allows one call a second).
async fn sandbox() -> Sandbox {
    start(config().rate_limits(false)).await
}

/// Now in the signed seconds the requests use.
fn now() -> i64 {
    common::now() as i64
}

/// Creates a group of `kind` owned by `owner` with `members` (ordinary members), returns its ID.
async fn group(api: &chat_api::Client, kind: GroupType, owner: &str, members: &[&str]) -> String {
    let mut request = CreateGroupRequest::new(kind, "g").with_owner_account(owner);
    if !members.is_empty() {
        request = request.with_member_list(members.iter().map(|m| CreateGroupMember::new(*m)));
    }
    api.group().create_group(request).await.unwrap().group_id
}

#[tokio::test]
async fn the_app_groups_are_listed_page_by_page_and_by_type() {
    let s = sandbox().await;
    accounts(&s, &["owner"]);
    let api = once(&s);
    let a = group(&api, GroupType::Public, "owner", &[]).await;
    let b = group(&api, GroupType::Private, "owner", &[]).await;
    let c = group(&api, GroupType::Public, "owner", &[]).await;

    let all = api.group().get_appid_group_list(GetAppidGroupListRequest::new()).await.unwrap();
    let ids: Vec<&str> = all.group_id_list.iter().map(|g| g.group_id.as_str()).collect();
    assert_eq!((all.total_count, ids, all.next), (3, vec![a.as_str(), b.as_str(), c.as_str()], Some(0)));

    let first = api.group().get_appid_group_list(GetAppidGroupListRequest::new().with_limit(2)).await.unwrap();
    assert_eq!((first.group_id_list.len(), first.total_count), (2, 3));
    let next = first.next.unwrap();
    assert_ne!(next, 0, "more groups follow");
    let second =
        api.group().get_appid_group_list(GetAppidGroupListRequest::new().with_limit(2).with_next(next)).await.unwrap();
    assert_eq!(
        (second.group_id_list[0].group_id.as_str(), second.group_id_list.len(), second.next),
        (c.as_str(), 1, Some(0))
    );

    let public = api
        .group()
        .get_appid_group_list(GetAppidGroupListRequest::new().with_group_type(GroupType::Public))
        .await
        .unwrap();
    assert_eq!(public.total_count, 2, "TotalCount counts the requested type only");
    assert!(public.group_id_list.iter().all(|g| g.group_id != b));

    let walked = collect(api.group().get_appid_group_list_all(GetAppidGroupListRequest::new().with_limit(1))).await;
    let walked: Vec<String> = walked.into_iter().map(|r| r.unwrap().group_id).collect();
    assert_eq!(walked, vec![a, b, c], "the stream follows Next to the end");

    let bogus = api
        .group()
        .get_appid_group_list(GetAppidGroupListRequest::new().with_group_type(GroupType::Unknown("Bogus".into())))
        .await
        .unwrap_err();
    assert!(matches!(bogus, Error::Service(GetAppidGroupListError::InvalidParameter(_))), "{bogus}");
    let too_many = api.group().get_appid_group_list(GetAppidGroupListRequest::new().with_limit(10_001)).await;
    assert!(matches!(too_many, Err(Error::Refused(_))), "{too_many:?}");
}

#[tokio::test]
async fn member_profiles_are_read_by_role_field_and_page() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob", "cy", "dee"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann", "bob", "cy", "dee"]).await;
    api.group()
        .modify_group_member_info(ModifyGroupMemberInfoRequest::new(&id, "ann").with_role(GroupMemberRole::Admin))
        .await
        .unwrap();

    let everyone = api.group().get_group_member_info(GetGroupMemberInfoRequest::new(&id)).await.unwrap();
    assert_eq!((everyone.member_num, everyone.member_list.len(), everyone.next.clone()), (5, 5, None));
    let owner = everyone.member_list.iter().find(|m| m.member_account == "owner").unwrap();
    assert_eq!(
        (owner.role.clone(), owner.msg_flag.clone(), owner.mute_until),
        (Some(GroupMemberRole::Owner), Some(MsgFlag::AcceptAndNotify), Some(0))
    );

    let admins = GetGroupMemberInfoRequest::new(&id)
        .with_member_role_filter([GroupMemberRole::Owner, GroupMemberRole::Admin])
        .with_member_info_filter(["Role"]);
    let admins = api.group().get_group_member_info(admins).await.unwrap();
    let mut names: Vec<&str> = admins.member_list.iter().map(|m| m.member_account.as_str()).collect();
    names.sort_unstable();
    assert_eq!((names, admins.member_num), (vec!["ann", "owner"], 5), "MemberNum counts everyone");
    assert!(admins.member_list.iter().all(|m| m.role.is_some() && m.join_time.is_none()), "only Role was asked");

    let page = |offset: i64| GetGroupMemberInfoRequest::new(&id).with_limit(2).with_offset(offset);
    let mut seen = Vec::new();
    for offset in [0, 2, 4] {
        let reply = api.group().get_group_member_info(page(offset)).await.unwrap();
        seen.extend(reply.member_list.into_iter().map(|m| m.member_account));
    }
    seen.sort_unstable();
    assert_eq!(seen, vec!["ann", "bob", "cy", "dee", "owner"], "three pages hold every member once");

    let missing = api.group().get_group_member_info(GetGroupMemberInfoRequest::new("@TGS#nothing")).await.unwrap_err();
    assert!(matches!(missing, Error::Service(GetGroupMemberInfoError::GroupNotFound(_))), "{missing}");
    let invalid = api.group().get_group_member_info(GetGroupMemberInfoRequest::new("")).await.unwrap_err();
    assert!(matches!(invalid, Error::Service(GetGroupMemberInfoError::InvalidGroupId(_))), "{invalid}");
}

#[tokio::test]
async fn community_members_are_paged_with_next() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob"]);
    let api = once(&s);
    let id = group(&api, GroupType::Community, "owner", &["ann", "bob"]).await;
    let mut next = String::new();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let request = GetGroupMemberInfoRequest::new(&id).with_limit(2).with_next(next.clone());
        let reply = api.group().get_group_member_info(request).await.unwrap();
        seen.extend(reply.member_list.into_iter().map(|m| m.member_account));
        next = reply.next.expect("Community replies carry Next");
        if next.is_empty() {
            break;
        }
    }
    seen.sort_unstable();
    assert_eq!((seen, next), (vec!["ann".to_string(), "bob".into(), "owner".into()], String::new()));
}

#[tokio::test]
async fn named_members_are_read_and_others_left_out() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob", "stranger"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann", "bob"]).await;
    let request = GetSpecifiedGroupMemberInfoRequest::new(&id, ["bob", "stranger", "ann"])
        .with_member_info_filter(["Role", "OnlineStatus"]);
    let reply = api.group().get_specified_group_member_info(request).await.unwrap();
    let names: Vec<&str> = reply.member_list.iter().map(|m| m.member_account.as_str()).collect();
    assert_eq!((reply.group_id.as_str(), names), (id.as_str(), vec!["bob", "ann"]));
    assert_eq!(reply.member_list[0].online_status, Some(MemberOnlineStatus::Offline));
    assert_eq!(reply.member_list[0].join_time, None, "JoinTime was not asked for");

    let owners = GetSpecifiedGroupMemberInfoRequest::new(&id, ["owner", "ann"])
        .with_member_role_filter([GroupMemberRole::Owner]);
    let owners = api.group().get_specified_group_member_info(owners).await.unwrap();
    assert_eq!(owners.member_list.len(), 1);
    assert_eq!(owners.member_list[0].online_status, None, "OnlineStatus only when the filter names it");

    let names: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    let refused =
        api.group().get_specified_group_member_info(GetSpecifiedGroupMemberInfoRequest::new(&id, names.clone())).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
    let too_many = unchecked(&s)
        .group()
        .get_specified_group_member_info(GetSpecifiedGroupMemberInfoRequest::new(&id, names.clone()))
        .await;
    assert!(
        matches!(too_many, Err(Error::Service(GetSpecifiedGroupMemberInfoError::TooManyAccounts(_)))),
        "{too_many:?}"
    );
    let batched =
        api.group().get_specified_group_member_info_batched(GetSpecifiedGroupMemberInfoRequest::new(&id, names)).await;
    assert_eq!((batched.calls.len(), batched.all_ok()), (2, true), "51 names go in two calls");

    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    let av = api.group().get_specified_group_member_info(GetSpecifiedGroupMemberInfoRequest::new(&live, ["ann"])).await;
    assert!(matches!(av, Err(Error::Service(GetSpecifiedGroupMemberInfoError::PermissionDenied(_)))), "{av:?}");
    let av = api.group().get_group_member_info(GetGroupMemberInfoRequest::new(&live)).await;
    assert!(matches!(av, Err(Error::Service(GetGroupMemberInfoError::PermissionDenied(_)))), "{av:?}");
}

#[tokio::test]
async fn the_group_profile_changes_and_its_limits_hold() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann", "bob"]).await;
    let before = s.emulator().state().groups[&id].info_seq;
    let change = ModifyGroupBaseInfoRequest::new(&id)
        .with_name("Renamed")
        .with_notification("read me")
        .with_mute_all_member(MuteAllMember::On)
        .with_invite_join_option(InviteJoinOption::NeedPermission)
        .with_app_defined_data([AppDefinedDataItem::new("k1", "v1"), AppDefinedDataItem::new("k2", "v2")]);
    api.group().modify_group_base_info(change).await.unwrap();
    api.group()
        .modify_group_base_info(
            ModifyGroupBaseInfoRequest::new(&id).with_app_defined_data([AppDefinedDataItem::new("k1", "")]),
        )
        .await
        .unwrap();
    let info = api.group().get_group_info(GetGroupInfoRequest::new([id.as_str()])).await.unwrap();
    let g = &info.group_info[0];
    assert_eq!(
        (g.name.as_deref(), g.notification.as_deref(), g.mute_all_member.clone()),
        (Some("Renamed"), Some("read me"), Some(MuteAllMember::On))
    );
    let keys: Vec<&str> = g.app_defined_data.as_ref().unwrap().iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys, vec!["k2"], "an empty value deletes the custom field");
    assert_eq!(g.info_seq, Some(before as i64 + 2), "each change raises InfoSeq");
    assert_eq!(s.emulator().state().groups[&id].invite_join_option.as_deref(), Some("NeedPermission"));

    let small = api.group().modify_group_base_info(ModifyGroupBaseInfoRequest::new(&id).with_max_member_num(2)).await;
    assert!(matches!(small, Err(Error::Service(ModifyGroupBaseInfoError::InvalidParameter(_)))), "{small:?}");
    // No lower bound on the pages: a negative limit is sent, and holds no member either.
    let negative =
        api.group().modify_group_base_info(ModifyGroupBaseInfoRequest::new(&id).with_max_member_num(-1)).await;
    assert!(matches!(negative, Err(Error::Service(ModifyGroupBaseInfoError::InvalidParameter(_)))), "{negative:?}");
    let empty = api.group().modify_group_base_info(ModifyGroupBaseInfoRequest::new(&id).with_name("")).await;
    assert!(matches!(empty, Err(Error::Service(ModifyGroupBaseInfoError::InvalidParameter(_)))), "{empty:?}");
    let gone = api.group().modify_group_base_info(ModifyGroupBaseInfoRequest::new("@TGS#gone").with_name("x")).await;
    assert!(matches!(gone, Err(Error::Service(ModifyGroupBaseInfoError::GroupNotFound(_)))), "{gone:?}");
    let long = unchecked(&s)
        .group()
        .modify_group_base_info(ModifyGroupBaseInfoRequest::new(&id).with_name("n".repeat(31)))
        .await;
    assert!(matches!(long, Err(Error::Service(ModifyGroupBaseInfoError::InvalidParameter(_)))), "{long:?}");
    assert_eq!(s.emulator().state().groups[&id].name, "Renamed", "refused changes change nothing");
}

#[tokio::test]
async fn a_group_takes_at_most_100_initial_members() {
    let s = sandbox().await;
    let names: Vec<String> = (0..101).map(|i| format!("m{i}")).collect();
    s.emulator().edit_state(|st| names.iter().for_each(|u| st.add_account(u)));
    let request =
        CreateGroupRequest::new(GroupType::Public, "big").with_member_list(names.iter().map(CreateGroupMember::new));
    let refused = once(&s).group().create_group(request.clone()).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "the client checks the limit first: {refused:?}");
    let answered = unchecked(&s).group().create_group(request).await;
    assert!(matches!(answered, Err(Error::Service(CreateGroupError::TooManyInitialMembers(_)))), "{answered:?}");
    assert!(s.emulator().state().groups.is_empty(), "nothing was created");
}

#[tokio::test]
async fn members_are_added_up_to_the_limit() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob", "cy"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann"]).await;
    let add = |names: &[&str]| AddGroupMemberRequest::new(&id, names.iter().map(|n| NewGroupMember::new(*n)));
    let reply = api.group().add_group_member(add(&["bob", "ann"])).await.unwrap();
    let results: Vec<(&str, MemberAddOutcome)> =
        reply.member_list.iter().map(|r| (r.member_account.as_str(), r.result.clone())).collect();
    assert_eq!(results, vec![("bob", MemberAddOutcome::Added), ("ann", MemberAddOutcome::AlreadyMember)]);
    assert_eq!(s.emulator().state().groups[&id].members["bob"].role, "Member");

    let nobody = api.group().add_group_member(add(&["nobody"])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(AddGroupMemberError::AccountNotFound(_))), "{nobody}");
    api.group().modify_group_base_info(ModifyGroupBaseInfoRequest::new(&id).with_max_member_num(3)).await.unwrap();
    let full = api.group().add_group_member(add(&["cy"])).await.unwrap_err();
    assert!(matches!(full, Error::Service(AddGroupMemberError::GroupFull(_))), "{full}");
    assert!(!s.emulator().state().groups[&id].members.contains_key("cy"));

    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    let av =
        api.group().add_group_member(AddGroupMemberRequest::new(&live, [NewGroupMember::new("cy")])).await.unwrap_err();
    assert!(matches!(av, Error::Service(AddGroupMemberError::PermissionDenied(_))), "{av}");

    let many: Vec<String> = (0..25).map(|i| format!("user{i}")).collect();
    s.emulator().edit_state(|st| many.iter().for_each(|u| st.add_account(u)));
    let big = group(&api, GroupType::Private, "owner", &[]).await;
    let too_many = unchecked(&s)
        .group()
        .add_group_member(AddGroupMemberRequest::new(&big, many.iter().map(NewGroupMember::new)))
        .await;
    assert!(matches!(too_many, Err(Error::Service(AddGroupMemberError::TooManyAccounts(_)))), "{too_many:?}");
    let batched = api
        .group()
        .add_group_member_batched(AddGroupMemberRequest::new(&big, many.iter().map(NewGroupMember::new)))
        .await;
    assert_eq!((batched.calls.len(), batched.all_ok()), (2, true), "25 users go in calls of 20 and 5");
    assert_eq!(s.emulator().state().groups[&big].members.len(), 26);
}

#[tokio::test]
async fn members_are_removed_but_never_the_owner() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann", "bob"]).await;
    api.group()
        .delete_group_member(
            DeleteGroupMemberRequest::new(&id, ["ann", "stranger"]).with_reason("spam").with_silence(true),
        )
        .await
        .unwrap();
    let members: Vec<String> = s.emulator().state().groups[&id].members.keys().cloned().collect();
    assert_eq!(members, vec!["bob".to_string(), "owner".into()], "non-members are passed over");
    api.group().delete_group_member(DeleteGroupMemberRequest::new(&id, ["ann"])).await.unwrap();

    let owner =
        api.group().delete_group_member(DeleteGroupMemberRequest::new(&id, ["bob", "owner"])).await.unwrap_err();
    assert!(matches!(owner, Error::Service(DeleteGroupMemberError::PermissionDenied(_))), "{owner}");
    assert!(s.emulator().state().groups[&id].members.contains_key("bob"), "a refused call removes nobody");

    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    let av = api.group().delete_group_member(DeleteGroupMemberRequest::new(&live, ["bob"])).await.unwrap_err();
    assert!(matches!(av, Error::Service(DeleteGroupMemberError::InvalidParameter(_))), "{av}");
    let gone = api.group().delete_group_member(DeleteGroupMemberRequest::new("@TGS#gone", ["bob"])).await.unwrap_err();
    assert!(matches!(gone, Error::Service(DeleteGroupMemberError::GroupNotFound(_))), "{gone}");
}

#[tokio::test]
async fn a_member_profile_changes_within_the_rules() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "stranger"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann"]).await;
    let change = ModifyGroupMemberInfoRequest::new(&id, "ann")
        .with_role(GroupMemberRole::Admin)
        .with_name_card("Annie")
        .with_msg_flag(MsgFlag::Discard)
        .with_app_member_defined_data([AppDefinedDataItem::new("level", "3")])
        .with_mute_time(600);
    api.group().modify_group_member_info(change).await.unwrap();
    let read = GetSpecifiedGroupMemberInfoRequest::new(&id, ["ann"]);
    let ann = api.group().get_specified_group_member_info(read.clone()).await.unwrap().member_list.remove(0);
    assert_eq!(
        (ann.role, ann.name_card.as_deref(), ann.msg_flag),
        (Some(GroupMemberRole::Admin), Some("Annie"), Some(MsgFlag::Discard))
    );
    assert_eq!(ann.app_member_defined_data.unwrap()[0].value, "3");
    let until = ann.mute_until.unwrap();
    assert!((now() + 590..=now() + 610).contains(&until), "muted for 600 s: {until}");
    api.group()
        .modify_group_member_info(ModifyGroupMemberInfoRequest::new(&id, "ann").with_mute_time(0))
        .await
        .unwrap();
    let ann = api.group().get_specified_group_member_info(read).await.unwrap().member_list.remove(0);
    assert_eq!(ann.mute_until, Some(0), "0 lifts the mute");

    let owner = ModifyGroupMemberInfoRequest::new(&id, "owner").with_role(GroupMemberRole::Member);
    let owner = api.group().modify_group_member_info(owner).await.unwrap_err();
    assert!(matches!(owner, Error::Service(ModifyGroupMemberInfoError::PermissionDenied(_))), "{owner}");
    let crown = ModifyGroupMemberInfoRequest::new(&id, "ann").with_role(GroupMemberRole::Owner);
    let crown = api.group().modify_group_member_info(crown).await.unwrap_err();
    assert!(matches!(crown, Error::Service(ModifyGroupMemberInfoError::InvalidParameter(_))), "{crown}");
    let stranger = ModifyGroupMemberInfoRequest::new(&id, "stranger").with_name_card("x");
    let stranger = api.group().modify_group_member_info(stranger).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(ModifyGroupMemberInfoError::PermissionDenied(_))), "{stranger}");
    let long = unchecked(&s)
        .group()
        .modify_group_member_info(ModifyGroupMemberInfoRequest::new(&id, "ann").with_name_card("n".repeat(51)))
        .await;
    assert!(matches!(long, Err(Error::Service(ModifyGroupMemberInfoError::InvalidParameter(_)))), "{long:?}");

    let work = group(&api, GroupType::Private, "owner", &["ann"]).await;
    let mute = ModifyGroupMemberInfoRequest::new(&work, "ann").with_mute_time(60);
    let mute = api.group().modify_group_member_info(mute).await.unwrap_err();
    assert!(matches!(mute, Error::Service(ModifyGroupMemberInfoError::PermissionDenied(_))), "{mute}");

    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    s.emulator().edit_state(|st| {
        let g = st.groups.get_mut(&live).unwrap();
        g.members.insert("ann".into(), chat_api_sandbox::state::Member::new("Member", 1));
    });
    let av =
        api.group().modify_group_member_info(ModifyGroupMemberInfoRequest::new(&live, "ann").with_name_card("x")).await;
    assert!(matches!(av, Err(Error::Service(ModifyGroupMemberInfoError::PermissionDenied(_)))), "{av:?}");
}

#[tokio::test]
async fn a_user_joined_groups_are_listed_with_filters_and_pages() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann"]);
    let api = once(&s);
    let public = group(&api, GroupType::Public, "owner", &["ann"]).await;
    let work = group(&api, GroupType::Private, "ann", &[]).await;
    let _other = group(&api, GroupType::Public, "owner", &[]).await;
    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    s.emulator().edit_state(|st| {
        st.groups
            .get_mut(&live)
            .unwrap()
            .members
            .insert("ann".into(), chat_api_sandbox::state::Member::new("Member", 1));
    });

    let basic = api.group().get_joined_group_list(GetJoinedGroupListRequest::new("ann")).await.unwrap();
    let ids: Vec<&str> = basic.group_id_list.iter().map(|g| g.group_id.as_str()).collect();
    assert_eq!((basic.total_count, ids), (2, vec![public.as_str(), work.as_str()]), "no audio-video group by default");
    assert!(basic.group_id_list[0].name.is_none(), "no filter: IDs only");

    let huge =
        api.group().get_joined_group_list(GetJoinedGroupListRequest::new("ann").with_huge_groups(true)).await.unwrap();
    assert_eq!(huge.total_count, 3);
    let typed = GetJoinedGroupListRequest::new("ann").with_group_type(GroupType::Private);
    let typed = api.group().get_joined_group_list(typed).await.unwrap();
    assert_eq!((typed.total_count, typed.group_id_list[0].group_id.as_str()), (1, work.as_str()));
    let second = GetJoinedGroupListRequest::new("ann").with_limit(1).with_offset(1);
    let second = api.group().get_joined_group_list(second).await.unwrap();
    assert_eq!(
        (second.total_count, second.group_id_list.len(), second.group_id_list[0].group_id.as_str()),
        (2, 1, work.as_str())
    );
    // The stream moves the offset past what came, a group a page, and stops at `TotalCount`.
    let paged =
        collect(api.group().get_joined_group_list_all(GetJoinedGroupListRequest::new("ann").with_limit(1))).await;
    let paged: Vec<String> = paged.into_iter().map(|g| g.unwrap().group_id).collect();
    assert_eq!(paged, [public.clone(), work.clone()]);

    let filter = JoinedGroupFilter::new()
        .with_group_base_info_filter(["Name", "MemberNum"])
        .with_self_info_filter(["Role", "UnreadMsgNum"]);
    let filtered = api
        .group()
        .get_joined_group_list(GetJoinedGroupListRequest::new("ann").with_response_filter(filter))
        .await
        .unwrap();
    let first = &filtered.group_id_list[0];
    assert_eq!((first.name.as_deref(), first.member_num, first.group_type.clone()), (Some("g"), Some(2), None));
    let me = first.self_info.clone().unwrap();
    assert_eq!((me.role, me.unread_msg_num, me.join_time), (Some(GroupMemberRole::Member), Some(0), None));
    assert_eq!(filtered.group_id_list[1].self_info.clone().unwrap().role, Some(GroupMemberRole::Owner));

    let nobody = api.group().get_joined_group_list(GetJoinedGroupListRequest::new("nobody")).await.unwrap();
    assert_eq!((nobody.total_count, nobody.group_id_list.len()), (0, 0));
}

#[tokio::test]
async fn community_groups_with_topics_are_listed_apart() {
    let s = sandbox().await;
    accounts(&s, &["ann"]);
    let api = once(&s);
    let plain = group(&api, GroupType::Community, "ann", &[]).await;
    let topics = CreateGroupRequest::new(GroupType::Community, "t").with_owner_account("ann").with_support_topic(true);
    let topics = api.group().create_group(topics).await.unwrap().group_id;
    let imported =
        ImportGroupRequest::new(GroupType::Community, "i").with_owner_account("ann").with_support_topic(true);
    let imported = api.group().import_group(imported).await.unwrap().group_id;
    let _public = group(&api, GroupType::Public, "ann", &[]).await;

    let with = api.group().get_joined_group_list(GetJoinedGroupListRequest::new("ann").with_support_topic(true)).await;
    let with = with.unwrap();
    let ids: Vec<&str> = with.group_id_list.iter().map(|g| g.group_id.as_str()).collect();
    assert_eq!((with.total_count, ids), (2, vec![topics.as_str(), imported.as_str()]));
    assert_eq!(
        (with.group_id_list[0].support_topic, with.group_id_list[0].group_type.clone()),
        (Some(1), Some(GroupType::Community))
    );
    let without = GetJoinedGroupListRequest::new("ann").with_group_type(GroupType::Community).with_support_topic(false);
    let without = api.group().get_joined_group_list(without).await.unwrap();
    assert_eq!((without.total_count, without.group_id_list[0].group_id.as_str()), (1, plain.as_str()));
    let wrong = GetJoinedGroupListRequest::new("ann").with_group_type(GroupType::Public).with_support_topic(true);
    let wrong = api.group().get_joined_group_list(wrong).await.unwrap_err();
    assert_eq!(wrong.code(), Some(10004), "{wrong}");
}

#[tokio::test]
async fn roles_of_several_users_are_read() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "bob"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann", "bob"]).await;
    api.group()
        .modify_group_member_info(ModifyGroupMemberInfoRequest::new(&id, "ann").with_role(GroupMemberRole::Admin))
        .await
        .unwrap();
    let reply =
        api.group().get_role_in_group(GetRoleInGroupRequest::new(&id, ["owner", "ann", "bob", "zed"])).await.unwrap();
    let roles: Vec<RoleInGroup> = reply.user_id_list.into_iter().map(|u| u.role).collect();
    assert_eq!(roles, vec![RoleInGroup::Owner, RoleInGroup::Admin, RoleInGroup::Member, RoleInGroup::NotMember]);

    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    let av = api.group().get_role_in_group(GetRoleInGroupRequest::new(&live, ["ann"])).await.unwrap_err();
    assert!(matches!(av, Error::Service(GetRoleInGroupError::PermissionDenied(_))), "{av}");
    let gone = api.group().get_role_in_group(GetRoleInGroupRequest::new("@TGS#gone", ["ann"])).await.unwrap_err();
    assert!(matches!(gone, Error::Service(GetRoleInGroupError::GroupNotFound(_))), "{gone}");
}

#[tokio::test]
async fn ownership_moves_to_a_member_only() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann", "stranger"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann"]).await;
    api.group().change_group_owner(ChangeGroupOwnerRequest::new(&id, "ann")).await.unwrap();
    let g = &s.emulator().state().groups[&id];
    assert_eq!(
        (g.owner.as_deref(), g.members["ann"].role.as_str(), g.members["owner"].role.as_str()),
        (Some("ann"), "Owner", "Member")
    );

    let stranger = api.group().change_group_owner(ChangeGroupOwnerRequest::new(&id, "stranger")).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(ChangeGroupOwnerError::InvalidParameter(_))), "{stranger}");
    assert_eq!(s.emulator().state().groups[&id].owner.as_deref(), Some("ann"));

    let ownerless = api
        .group()
        .create_group(
            CreateGroupRequest::new(GroupType::Public, "free").with_member_list([CreateGroupMember::new("ann")]),
        )
        .await
        .unwrap()
        .group_id;
    api.group().change_group_owner(ChangeGroupOwnerRequest::new(&ownerless, "ann")).await.unwrap();
    assert_eq!(s.emulator().state().groups[&ownerless].members["ann"].role, "Owner", "an ownerless group gets one");

    let live = api
        .group()
        .create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live").with_owner_account("owner"))
        .await
        .unwrap()
        .group_id;
    let av = api.group().change_group_owner(ChangeGroupOwnerRequest::new(&live, "owner")).await.unwrap_err();
    assert!(matches!(av, Error::Service(ChangeGroupOwnerError::PermissionDenied(_))), "{av}");
    let gone = api.group().change_group_owner(ChangeGroupOwnerRequest::new("@TGS#gone", "ann")).await.unwrap_err();
    assert!(matches!(gone, Error::Service(ChangeGroupOwnerError::GroupNotFound(_))), "{gone}");
}

#[tokio::test]
async fn historical_groups_and_members_keep_their_times() {
    let s = sandbox().await;
    accounts(&s, &["leckie", "tommy", "jared", "late"]);
    let api = once(&s);
    let created = 1_448_357_837;
    let imported = ImportGroupRequest::new(GroupType::Public, "Old")
        .with_owner_account("leckie")
        .with_create_time(created)
        .with_group_id("OldGroup");
    let id = api.group().import_group(imported).await.unwrap().group_id;
    assert_eq!(id, "OldGroup");
    let info = api.group().get_group_info(GetGroupInfoRequest::new([id.as_str()])).await.unwrap();
    let g = &info.group_info[0];
    assert_eq!(g.create_time, Some(created));
    assert_eq!(g.member_list.as_ref().unwrap()[0].join_time, Some(created), "the owner joined when the group was made");

    s.emulator().edit_state(|st| st.groups.get_mut(&id).unwrap().next_msg_seq = 4);
    let members = ImportGroupMemberRequest::new(
        &id,
        [
            ImportedMember::new("tommy")
                .with_role(GroupMemberRole::Admin)
                .with_join_time(created + 10)
                .with_unread_msg_num(5),
            ImportedMember::new("jared").with_join_time(created - 10),
            ImportedMember::new("leckie"),
            ImportedMember::new("late").with_join_time(now() + 3600),
        ],
    );
    let reply = api.group().import_group_member(members).await.unwrap();
    let results: Vec<MemberAddOutcome> = reply.member_list.into_iter().map(|r| r.result).collect();
    let expected =
        [MemberAddOutcome::Added, MemberAddOutcome::Failed, MemberAddOutcome::AlreadyMember, MemberAddOutcome::Failed];
    assert_eq!(results, expected, "join times must lie between the creation and now");
    let state = s.emulator().state();
    let tommy = &state.groups[&id].members["tommy"];
    assert_eq!(
        (tommy.role.as_str(), tommy.join_time, tommy.unread_msg_num),
        ("Admin", created as u64 + 10, 3),
        "unread lowered to the 3 messages"
    );

    let taken = api
        .group()
        .import_group(ImportGroupRequest::new(GroupType::Public, "x").with_group_id("OldGroup"))
        .await
        .unwrap_err();
    assert!(matches!(taken, Error::Service(ImportGroupError::GroupIdTaken(_))), "{taken}");
    let future = api
        .group()
        .import_group(ImportGroupRequest::new(GroupType::Public, "x").with_create_time(now() + 3600))
        .await
        .unwrap_err();
    assert!(matches!(future, Error::Service(ImportGroupError::InvalidParameter(_))), "{future}");
    // No lower bounds on the pages: a time before 1970 and a member limit of 0 are sent, and the
    // sandbox refuses both as it refuses a future time.
    let before_1970 = ImportGroupRequest::new(GroupType::Public, "x").with_create_time(-1);
    let before_1970 = api.group().import_group(before_1970).await.unwrap_err();
    assert!(matches!(before_1970, Error::Service(ImportGroupError::InvalidParameter(_))), "{before_1970}");
    let no_room = ImportGroupRequest::new(GroupType::Public, "x").with_max_member_count(0);
    let no_room = api.group().import_group(no_room).await.unwrap_err();
    assert!(matches!(no_room, Error::Service(ImportGroupError::InvalidParameter(_))), "{no_room}");
    let av = api.group().import_group(ImportGroupRequest::new(GroupType::AvChatRoom, "x")).await.unwrap_err();
    assert!(matches!(av, Error::Service(ImportGroupError::PermissionDenied(_))), "{av}");

    let nobody = api
        .group()
        .import_group_member(ImportGroupMemberRequest::new(&id, [ImportedMember::new("nobody")]))
        .await
        .unwrap_err();
    assert!(matches!(nobody, Error::Service(ImportGroupMemberError::AccountNotFound(_))), "{nobody}");
    let owner = ImportedMember::new("jared").with_role(GroupMemberRole::Owner);
    let owner = api.group().import_group_member(ImportGroupMemberRequest::new(&id, [owner])).await.unwrap_err();
    assert!(matches!(owner, Error::Service(ImportGroupMemberError::InvalidParameter(_))), "{owner}");
    let gone = api
        .group()
        .import_group_member(ImportGroupMemberRequest::new("@TGS#gone", [ImportedMember::new("jared")]))
        .await
        .unwrap_err();
    assert!(matches!(gone, Error::Service(ImportGroupMemberError::GroupNotFound(_))), "{gone}");
    let many: Vec<ImportedMember> = (0..21).map(|i| ImportedMember::new(format!("u{i}"))).collect();
    let too_many = unchecked(&s).group().import_group_member(ImportGroupMemberRequest::new(&id, many)).await;
    assert!(matches!(too_many, Err(Error::Service(ImportGroupMemberError::TooManyAccounts(_)))), "{too_many:?}");
}

#[tokio::test]
async fn unread_counts_are_set_within_the_message_count() {
    let s = sandbox().await;
    accounts(&s, &["owner", "ann"]);
    let api = once(&s);
    let id = group(&api, GroupType::Public, "owner", &["ann"]).await;
    let meeting = group(&api, GroupType::ChatRoom, "owner", &["ann"]).await;
    s.emulator().edit_state(|st| {
        st.groups.get_mut(&id).unwrap().next_msg_seq = 11;
        st.groups.get_mut(&meeting).unwrap().next_msg_seq = 11;
    });
    api.group().set_unread_msg_num(SetUnreadMsgNumRequest::new(&id, "ann", 4)).await.unwrap();
    let filter = JoinedGroupFilter::new().with_self_info_filter(["UnreadMsgNum"]);
    let joined = api
        .group()
        .get_joined_group_list(GetJoinedGroupListRequest::new("ann").with_response_filter(filter))
        .await
        .unwrap();
    assert_eq!(joined.group_id_list[0].self_info.clone().unwrap().unread_msg_num, Some(4));
    api.group().set_unread_msg_num(SetUnreadMsgNumRequest::new(&id, "ann", 50)).await.unwrap();
    assert_eq!(s.emulator().state().groups[&id].members["ann"].unread_msg_num, 10, "lowered to the 10 messages");
    // No lower bound on the pages: a negative count is sent, and the sandbox raises it to 0.
    api.group().set_unread_msg_num(SetUnreadMsgNumRequest::new(&id, "ann", -3)).await.unwrap();
    assert_eq!(s.emulator().state().groups[&id].members["ann"].unread_msg_num, 0);
    api.group().set_unread_msg_num(SetUnreadMsgNumRequest::new(&meeting, "ann", 4)).await.unwrap();
    assert_eq!(s.emulator().state().groups[&meeting].members["ann"].unread_msg_num, 0, "meeting groups keep no counts");

    let stranger = api.group().set_unread_msg_num(SetUnreadMsgNumRequest::new(&id, "nobody", 1)).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(SetUnreadMsgNumError::PermissionDenied(_))), "{stranger}");
    let gone = api.group().set_unread_msg_num(SetUnreadMsgNumRequest::new("@TGS#gone", "ann", 1)).await.unwrap_err();
    assert!(matches!(gone, Error::Service(SetUnreadMsgNumError::GroupNotFound(_))), "{gone}");
}

#[tokio::test]
async fn online_counts_are_zero_unless_set() {
    let s = sandbox().await;
    let api = once(&s);
    let live = api.group().create_group(CreateGroupRequest::new(GroupType::AvChatRoom, "live")).await.unwrap().group_id;
    let zero = api.group().get_online_member_num(GetOnlineMemberNumRequest::new(&live)).await.unwrap();
    assert_eq!(zero.online_member_num, 0);
    s.emulator().edit_state(|st| st.groups.get_mut(&live).unwrap().online_member_num = 7);
    let seven = api.group().get_online_member_num(GetOnlineMemberNumRequest::new(&live)).await.unwrap();
    assert_eq!(seven.online_member_num, 7);
    api.group().destroy_group(DestroyGroupRequest::new(&live)).await.unwrap();
    let gone = api.group().get_online_member_num(GetOnlineMemberNumRequest::new(&live)).await.unwrap_err();
    assert!(matches!(gone, Error::Service(GetOnlineMemberNumError::GroupNotFound(_))), "{gone}");
    let invalid = api.group().get_online_member_num(GetOnlineMemberNumRequest::new("")).await.unwrap_err();
    assert!(matches!(invalid, Error::Service(GetOnlineMemberNumError::InvalidGroupId(_))), "{invalid}");
}
