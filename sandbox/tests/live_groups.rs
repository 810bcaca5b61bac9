//! Audio-video groups (`v4/group_open_avchatroom_http_svc/*`) through the real `chat_api::Client`
//! against the sandbox: online members page by page, marks that filter and hide them, live-group
//! admins, and the documented codes the sandbox's state can produce.

use chat_api::live_group::{
    AdminCommand, GetAdminListRequest, GetMembersError, GetMembersRequest, MarkCommand, MemberMarks,
    ModifyAdminRequest, ModifyUserInfoRequest,
};
use chat_api::{Error, GroupType};

mod common;
use common::{collect, group, join, once, sandbox_with, unchecked};

const LIVE: &str = "live1";

fn ids(list: &[chat_api::live_group::OnlineMember]) -> Vec<&str> {
    list.iter().map(|m| m.member_account.as_str()).collect()
}

async fn live_with(members: &[&str]) -> chat_api_sandbox::Sandbox {
    let mut all = vec!["owner"];
    all.extend_from_slice(members);
    let s = sandbox_with(&all).await;
    group(&s, GroupType::AvChatRoom, LIVE, Some("owner"), &[]).await;
    join(&s, LIVE, members);
    s
}

fn marks(account: &str, marks: &[i64]) -> MemberMarks {
    MemberMarks::new(account, marks.to_vec())
}

#[tokio::test]
async fn online_members_page_and_marks_filter_and_hide_them() {
    let s = live_with(&["a1", "a2", "a3"]).await;
    s.emulator().edit_state(|st| {
        st.accounts.get_mut("a1").unwrap().nick = Some("Ann".into());
        st.live_groups.page_size = 2;
    });
    let api = once(&s);
    let first = api.live_group().get_members(GetMembersRequest::new(LIVE, 0)).await.unwrap();
    assert_eq!(first.member_list.len(), 2);
    assert_ne!(first.next_timestamp, 0, "a second page follows");
    let all = collect(api.live_group().get_members_all(GetMembersRequest::new(LIVE, 0))).await;
    let all: Vec<_> = all.into_iter().map(Result::unwrap).collect();
    let mut names = ids(&all);
    names.sort_unstable();
    assert_eq!(names, ["a1", "a2", "a3", "owner"]);
    assert_eq!(all.iter().find(|m| m.member_account == "a1").unwrap().nick_name.as_deref(), Some("Ann"));

    let set = ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, [marks("a1", &[1000]), marks("nobody", &[1000])]);
    let reply = api.live_group().modify_user_info(set).await.unwrap();
    let changed: Vec<String> = reply.member_list.unwrap().into_iter().map(|m| m.member_account).collect();
    assert_eq!(changed, ["a1"], "members not in the group are left out");
    let marked = api.live_group().get_members(GetMembersRequest::new(LIVE, 0).with_mark(1000)).await.unwrap();
    assert_eq!(ids(&marked.member_list), ["a1"]);

    let hide = ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, [marks("a2", &[600])]);
    api.live_group().modify_user_info(hide).await.unwrap();
    let visible = collect(api.live_group().get_members_all(GetMembersRequest::new(LIVE, 0))).await;
    assert!(visible.iter().all(|m| m.as_ref().unwrap().member_account != "a2"), "mark 600 hides a2");
    let hidden = api.live_group().get_members(GetMembersRequest::new(LIVE, 0).with_mark(600)).await.unwrap();
    assert_eq!(ids(&hidden.member_list), ["a2"], "unless that mark is asked for");

    let remove = ModifyUserInfoRequest::new(LIVE, MarkCommand::Remove, [marks("a1", &[1000])]);
    api.live_group().modify_user_info(remove).await.unwrap();
    let none = api.live_group().get_members(GetMembersRequest::new(LIVE, 0).with_mark(1000)).await.unwrap();
    assert!(none.member_list.is_empty());
}

#[tokio::test]
async fn marks_are_limited_and_other_groups_refused() {
    let s = live_with(&["a1"]).await;
    group(&s, GroupType::Public, "public1", Some("owner"), &[]).await;
    let api = once(&s);
    let low = ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, [marks("a1", &[999])]);
    assert_eq!(api.live_group().modify_user_info(low).await.unwrap_err().code(), Some(10004));
    let ten: Vec<i64> = (1000..1010).collect();
    api.live_group()
        .modify_user_info(ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, [marks("a1", &ten)]))
        .await
        .unwrap();
    let eleventh = ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, [marks("owner", &[2000])]);
    assert_eq!(api.live_group().modify_user_info(eleventh).await.unwrap_err().code(), Some(10004), "11 marks");
    let nobody = ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, [marks("ghost", &[1000])]);
    assert_eq!(api.live_group().modify_user_info(nobody).await.unwrap_err().code(), Some(10004));
    let many: Vec<MemberMarks> = (0..501).map(|n| marks(&format!("u{n}"), &[1000])).collect();
    let refused = api.live_group().modify_user_info(ModifyUserInfoRequest::new(LIVE, MarkCommand::Set, many)).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "at most 500 members a call");

    let public = api.live_group().get_members(GetMembersRequest::new("public1", 0)).await.unwrap_err();
    assert!(matches!(public, Error::Service(GetMembersError::NotAudioVideoGroup(_))), "{public:?}");
    let missing = api.live_group().get_members(GetMembersRequest::new("missing", 0)).await.unwrap_err();
    assert!(matches!(missing, Error::Service(GetMembersError::GroupNotFound(_))), "{missing:?}");
}

#[tokio::test]
async fn live_group_admins_are_appointed_listed_and_removed() {
    let s = live_with(&["a1"]).await;
    s.emulator().edit_state(|st| {
        for id in ["x1", "x2", "x3", "x4", "x5", "x6"] {
            st.add_account(id);
        }
        st.accounts.get_mut("x1").unwrap().face_url = Some("https://example.com/x1.png".into());
    });
    let api = once(&s);
    let appoint = ModifyAdminRequest::new(LIVE, AdminCommand::Appoint, ["x1".to_string(), "x2".to_string()]);
    api.live_group().modify_admin(appoint).await.unwrap();
    let list = api.live_group().get_admin_list(GetAdminListRequest::new(LIVE)).await.unwrap().admin_list.unwrap();
    let names: Vec<&str> = list.iter().map(|a| a.admin_account.as_str()).collect();
    assert_eq!(names, ["x1", "x2"], "admins need not be members");
    assert_eq!(list[0].avatar.as_deref(), Some("https://example.com/x1.png"));

    let more = ModifyAdminRequest::new(LIVE, AdminCommand::Appoint, ["x3", "x4", "x5", "x6"].map(String::from));
    assert_eq!(api.live_group().modify_admin(more).await.unwrap_err().code(), Some(10004), "at most 5 admins");
    let six =
        ModifyAdminRequest::new(LIVE, AdminCommand::Appoint, ["x1", "x2", "x3", "x4", "x5", "x6"].map(String::from));
    assert!(matches!(api.live_group().modify_admin(six.clone()).await, Err(Error::Refused(_))));
    assert_eq!(unchecked(&s).live_group().modify_admin(six).await.unwrap_err().code(), Some(10004));
    let stranger = ModifyAdminRequest::new(LIVE, AdminCommand::Appoint, ["never_imported".to_string()]);
    assert_eq!(api.live_group().modify_admin(stranger).await.unwrap_err().code(), Some(10004));

    api.live_group()
        .modify_admin(ModifyAdminRequest::new(LIVE, AdminCommand::Remove, ["x1".to_string()]))
        .await
        .unwrap();
    let list = api.live_group().get_admin_list(GetAdminListRequest::new(LIVE)).await.unwrap().admin_list.unwrap();
    assert_eq!(list.iter().map(|a| a.admin_account.as_str()).collect::<Vec<_>>(), ["x2"]);
    // Leaving the group does not end the role.
    s.emulator().edit_state(|st| {
        st.groups.get_mut(LIVE).unwrap().members.remove("x2");
    });
    assert_eq!(
        api.live_group().get_admin_list(GetAdminListRequest::new(LIVE)).await.unwrap().admin_list.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn codes_past_the_read_part_of_a_cut_error_table_arrive_as_unknown_with_their_number() {
    // modify_admin's stored page ends after 10004; a later row (say 10010) is not in the spec.
    let s = live_with(&[]).await;
    s.emulator().faults().next(chat_api_sandbox::Fault::code(10010));
    let api = once(&s);
    let request = ModifyAdminRequest::new(LIVE, AdminCommand::Appoint, ["owner".to_string()]);
    let err = api.live_group().modify_admin(request).await.unwrap_err();
    assert!(matches!(err, Error::Service(chat_api::live_group::ModifyAdminError::Unknown(_))), "{err:?}");
    assert_eq!(err.code(), Some(10010));
}

#[tokio::test]
async fn check_members_answers_who_is_in_the_group() {
    let s = live_with(&["a", "b"]).await;
    let api = once(&s);
    let ask = chat_api::live_group::CheckMembersRequest::new(LIVE, ["b", "stranger", "a", "b"]);
    let found = api.live_group().check_members(ask).await.unwrap();
    assert_eq!(found.members.unwrap(), ["b", "a"], "members only, in the order asked, once each");
    group(&s, GroupType::Public, "public1", Some("owner"), &[]).await;
    let other = api.live_group().check_members(chat_api::live_group::CheckMembersRequest::new("public1", ["a"])).await;
    assert_eq!(other.unwrap_err().code(), Some(10007), "not an audio-video group");
}
