//! Friends, blocklists and follows (`v4/sns/friend_*`, `v4/sns/black_list_*`, `v4/follow/*`)
//! through the real `chat_api::Client` against the sandbox: the happy paths, each documented code
//! the sandbox's state can produce (per account in `ResultItem`, or for the whole call), paging
//! and batching.

use chat_api::Error;
use chat_api::follow::{
    FollowAddError, FollowAddRequest, FollowCheckRequest, FollowDeleteRequest, FollowGetError, FollowGetInfoRequest,
    FollowGetRequest, FollowItem, FollowType,
};
use chat_api::sns::{
    AccountResult, AddType, BlackListAddError, BlackListAddRequest, BlackListCheckRequest, BlackListDeleteRequest,
    BlackListGetRequest, BlockCheckType, BlockRelation, DeleteType, FriendAddError, FriendAddItem, FriendAddRequest,
    FriendCheckError, FriendCheckRequest, FriendCheckType, FriendCustomItem, FriendDeleteAllRequest,
    FriendDeleteRequest, FriendGetListRequest, FriendGetRequest, FriendImportItem, FriendImportRequest, FriendRelation,
    FriendUpdateError, FriendUpdateItem, FriendUpdateRequest, GroupGetRequest, SnsItem, SnsProfileItem,
};
use chat_api_sandbox::state::AllowType;
use chat_api_sandbox::{Call, Outcome};
use serde_json::{Value, json};
use std::collections::BTreeSet;

mod common;
use common::{admin_query, collect, now, once, sandbox_with, unchecked};

const SOURCE: &str = "AddSource_Type_Test";

/// Each account's code, in request order.
fn codes(items: &[AccountResult]) -> Vec<(&str, i64)> {
    items.iter().map(|r| (r.to_account.as_str(), r.result_code)).collect()
}

fn add(to: &str) -> FriendAddItem {
    FriendAddItem::new(to, SOURCE)
}

/// The reply to `body` on `path` as the sandbox writes it, envelope and all.
fn raw_reply(s: &chat_api_sandbox::Sandbox, path: &str, body: &Value) -> Value {
    let e = s.emulator();
    let query = admin_query(e.config(), now());
    let body = body.to_string();
    let Outcome::Reply { body, .. } = e.call(Call { path, query: &query, body: body.as_bytes() }) else {
        panic!("{path}: no reply")
    };
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test]
async fn friends_added_both_ways_and_one_way_are_checked_and_read_back() {
    let s = sandbox_with(&["alice", "bob", "carol", "dave"]).await;
    s.emulator().edit_state(|state| {
        let bob = state.accounts.get_mut("bob").unwrap();
        bob.nick = Some("Bobby".into());
    });
    let api = once(&s);
    let both = FriendAddRequest::new(
        "alice",
        [add("bob").with_remark("old friend").with_group_name("school").with_add_wording("hi, it's Alice")],
    );
    let reply = api.sns().friend_add(both).await.unwrap();
    assert_eq!(codes(&reply.result_item), [("bob", 0)]);
    assert_eq!(reply.fail_account, None);
    let single = FriendAddRequest::new("alice", [add("carol")]).with_add_type(AddType::Single);
    assert_eq!(codes(&api.sns().friend_add(single).await.unwrap().result_item), [("carol", 0)]);

    let state = s.emulator().state();
    assert!(state.relations.is_friend("alice", "bob") && state.relations.is_friend("bob", "alice"));
    assert!(state.relations.is_friend("alice", "carol") && !state.relations.is_friend("carol", "alice"));
    assert_eq!(state.relations.chain("alice").unwrap().friends["bob"].remark.as_deref(), Some("old friend"));
    assert_eq!(state.friend_lists["alice"].lists_of("bob"), ["school"], "GroupName created the list");

    let check =
        |from: &str, kind: FriendCheckType| FriendCheckRequest::new(from, ["bob", "carol", "dave", "nobody"], kind);
    let two_way = api.sns().friend_check(check("alice", FriendCheckType::Both)).await.unwrap();
    let relations: Vec<(FriendRelation, i64)> =
        two_way.info_item.iter().map(|r| (r.relation.clone(), r.result_code)).collect();
    assert_eq!(
        relations,
        [
            (FriendRelation::BothWay, 0),
            (FriendRelation::AWithB, 0),
            (FriendRelation::NoRelation, 0),
            (FriendRelation::NoRelation, 30003)
        ]
    );
    assert_eq!(two_way.fail_account.as_deref(), Some(&["nobody".to_string()][..]));
    let from_carol =
        api.sns().friend_check(FriendCheckRequest::new("carol", ["alice"], FriendCheckType::Both)).await.unwrap();
    assert_eq!(from_carol.info_item[0].relation, FriendRelation::BWithA);
    let one_way =
        api.sns().friend_check(FriendCheckRequest::new("carol", ["alice"], FriendCheckType::Single)).await.unwrap();
    assert_eq!(one_way.info_item[0].relation, FriendRelation::NoRelation, "a one-way check reads carol's list only");

    let tags = [
        "Tag_SNS_IM_Remark",
        "Tag_SNS_IM_Group",
        "Tag_SNS_IM_AddSource",
        "Tag_SNS_IM_AddWording",
        "Tag_Profile_IM_Nick",
    ];
    let got = api.sns().friend_get_list(FriendGetListRequest::new("alice", ["bob", "dave"], tags)).await.unwrap();
    let bob = &got.info_item[0];
    assert_eq!(bob.result_code, 0);
    assert_eq!(
        bob.sns_profile_item.clone().unwrap(),
        [
            SnsProfileItem::Remark("old friend".into()),
            SnsProfileItem::Group(vec!["school".into()]),
            SnsProfileItem::AddSource(SOURCE.into()),
            SnsProfileItem::AddWording("hi, it's Alice".into()),
            SnsProfileItem::Nick("Bobby".into()),
        ]
    );
    assert_eq!((got.info_item[1].result_code, got.info_item[1].sns_profile_item.is_none()), (30001, true));
    assert_eq!(got.fail_account.as_deref(), Some(&["dave".to_string()][..]));

    let bad = api.sns().friend_check(check("alice", FriendCheckType::Unknown("CheckResult_Type_All".into()))).await;
    assert!(matches!(bad, Err(Error::Service(FriendCheckError::InvalidParameter(_)))), "{bad:?}");
}

#[tokio::test]
async fn friend_add_refuses_each_user_with_the_documented_code() {
    let s = sandbox_with(&["alice", "bob", "carol", "dave", "erin", "frank", "gina"]).await;
    let api = once(&s);
    api.sns().friend_add(FriendAddRequest::new("alice", [add("bob")])).await.unwrap();
    s.emulator().edit_state(|state| {
        state.relations.chain_mut("alice").blocked.insert("carol".into(), 1);
        state.relations.chain_mut("dave").blocked.insert("alice".into(), 1);
        state.relations.set_allow_type("erin", AllowType::DenyAny);
        state.relations.set_allow_type("frank", AllowType::NeedConfirm);
    });
    let request = FriendAddRequest::new(
        "alice",
        [
            add("alice"),
            add("nobody"),
            add("bob"),
            add("carol"),
            add("dave"),
            add("erin"),
            add("frank"),
            FriendAddItem::new("gina", "AddSource_Type_a-b"),
        ],
    );
    let reply = api.sns().friend_add(request).await.unwrap();
    assert_eq!(
        codes(&reply.result_item),
        [
            ("alice", 30001),
            ("nobody", 30003),
            ("bob", 30001),
            ("carol", 30515),
            ("dave", 30525),
            ("erin", 30516),
            ("frank", 30539),
            ("gina", 30001)
        ]
    );
    assert_eq!(reply.fail_account.unwrap().len(), 8, "every user failed, the call did not");
    let state = s.emulator().state();
    assert!(state.relations.chain("alice").unwrap().pending.contains("frank"), "the request waits for frank");
    assert!(!state.relations.is_friend("alice", "frank") && !state.relations.is_friend("alice", "erin"));

    let forced = FriendAddRequest::new("alice", [add("erin"), add("frank"), add("carol")]).with_force_add_flags(true);
    let forced = api.sns().friend_add(forced).await.unwrap();
    assert_eq!(
        codes(&forced.result_item),
        [("erin", 0), ("frank", 0), ("carol", 30515)],
        "force passes verification, not blocklists"
    );
    assert!(!s.emulator().state().relations.chain("alice").unwrap().pending.contains("frank"));

    // Friend limits: the caller's list full (30010), the other user's list full (30014).
    s.emulator().edit_state(|state| state.relations.max_friends = 3);
    let full = api.sns().friend_add(FriendAddRequest::new("alice", [add("gina")])).await.unwrap();
    assert_eq!(codes(&full.result_item), [("gina", 30010)]);
    let peer_full = api.sns().friend_add(FriendAddRequest::new("gina", [add("alice")])).await.unwrap();
    assert_eq!(codes(&peer_full.result_item), [("alice", 30014)]);
    let one_way_ok = FriendAddRequest::new("gina", [add("alice")]).with_add_type(AddType::Single);
    assert_eq!(codes(&api.sns().friend_add(one_way_ok).await.unwrap().result_item), [("alice", 0)]);

    // A 33rd list named in GroupName.
    s.emulator().edit_state(|state| {
        state.relations.max_friends = 3000;
        let lists = state.friend_lists.entry("gina".into()).or_default();
        lists.lists.extend((0..32).map(|i| chat_api_sandbox::state::FriendList::new(format!("l{i}"))));
    });
    let lists = api.sns().friend_add(FriendAddRequest::new("gina", [add("bob").with_group_name("l33")])).await.unwrap();
    assert_eq!(codes(&lists.result_item), [("bob", 30011)]);
    let existing =
        api.sns().friend_add(FriendAddRequest::new("gina", [add("bob").with_group_name("l0")])).await.unwrap();
    assert_eq!(codes(&existing.result_item), [("bob", 0)], "an existing list is not a new one");

    // Whole-call failures.
    let nobody = api.sns().friend_add(FriendAddRequest::new("nobody", [add("bob")])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(FriendAddError::AccountNotFound(_))), "{nobody}");
    let odd = FriendAddRequest::new("alice", [add("bob")]).with_add_type(AddType::Unknown("Add_Type_Sideways".into()));
    let odd = api.sns().friend_add(odd).await.unwrap_err();
    assert!(matches!(odd, Error::Service(FriendAddError::InvalidParameter(_))), "{odd}");
    let many: Vec<FriendAddItem> = (0..1001).map(|i| add(&format!("u{i}"))).collect();
    let refused = api.sns().friend_add(FriendAddRequest::new("alice", many.clone())).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "{refused}");
    let sent = unchecked(&s).sns().friend_add(FriendAddRequest::new("alice", many)).await.unwrap_err();
    assert!(matches!(sent, Error::Service(FriendAddError::InvalidParameter(_))), "{sent}");
}

#[tokio::test]
async fn imported_and_updated_friends_read_back_with_their_fields() {
    let s = sandbox_with(&["alice", "bob", "carol"]).await;
    let api = once(&s);
    let bob = FriendImportItem::new("bob", SOURCE)
        .with_remark("Bob")
        .with_remark_time(1420000001)
        .with_group_name(["work", "chess"])
        .with_add_wording("met at work")
        .with_add_time(1420000000)
        .with_custom_item([FriendCustomItem::new("Tag_SNS_Custom_Level", json!(3))]);
    let bad_tag = FriendImportItem::new("carol", SOURCE).with_custom_item([FriendCustomItem::new("Level", json!(1))]);
    let reply = api
        .sns()
        .friend_import(FriendImportRequest::new("alice", [bob, bad_tag, FriendImportItem::new("nobody", SOURCE)]))
        .await
        .unwrap();
    assert_eq!(codes(&reply.result_item), [("bob", 0), ("carol", 30001), ("nobody", 30003)]);
    let state = s.emulator().state();
    assert!(
        state.relations.is_friend("alice", "bob") && !state.relations.is_friend("bob", "alice"),
        "import is one way"
    );
    let lists = api.sns().group_get(GroupGetRequest::new("alice")).await.unwrap();
    let names: Vec<&str> = lists.result_item.iter().map(|l| l.group_name.as_str()).collect();
    assert_eq!(names, ["work", "chess"], "the imported lists are the account's friend lists");

    let again =
        api.sns().friend_import(FriendImportRequest::new("alice", [FriendImportItem::new("bob", SOURCE)])).await;
    assert_eq!(codes(&again.unwrap().result_item), [("bob", 30001)]);
    s.emulator().edit_state(|state| state.relations.max_friends = 1);
    let full =
        api.sns().friend_import(FriendImportRequest::new("alice", [FriendImportItem::new("carol", SOURCE)])).await;
    assert_eq!(codes(&full.unwrap().result_item), [("carol", 30010)]);
    s.emulator().edit_state(|state| state.relations.max_friends = 3000);
    let names: Vec<String> = (0..31).map(|i| format!("n{i}")).collect();
    let over = FriendImportItem::new("carol", SOURCE).with_group_name(names);
    let over = api.sns().friend_import(FriendImportRequest::new("alice", [over])).await.unwrap();
    assert_eq!(codes(&over.result_item), [("carol", 30011)], "2 lists + 31 new ones");

    let update = FriendUpdateRequest::new(
        "alice",
        [
            FriendUpdateItem::new(
                "bob",
                [
                    SnsItem::Remark("Robert".into()),
                    SnsItem::Group(vec!["family".into()]),
                    SnsItem::Unknown(json!({"Tag": "Tag_SNS_Custom_Level", "Value": 4})),
                ],
            ),
            FriendUpdateItem::new("carol", [SnsItem::Remark("not a friend".into())]),
        ],
    );
    let updated = api.sns().friend_update(update).await.unwrap();
    assert_eq!(codes(&updated.result_item), [("bob", 0), ("carol", 30001)]);
    let refused = FriendUpdateRequest::new(
        "alice",
        [
            FriendUpdateItem::new("bob", [SnsItem::Remark("r".repeat(97))]),
            FriendUpdateItem::new("bob", [SnsItem::AddSource("AddSource_Type_Web".into())]),
            FriendUpdateItem::new("bob", [SnsItem::Unknown(json!({"Tag": "Tag_Profile_IM_Nick", "Value": "x"}))]),
            FriendUpdateItem::new("bob", [SnsItem::Group(vec![String::new()])]),
        ],
    );
    let refused = api.sns().friend_update(refused).await.unwrap();
    assert_eq!(codes(&refused.result_item), [("bob", 30001), ("bob", 30001), ("bob", 30001), ("bob", 30001)]);
    let names: Vec<String> = (0..33).map(|i| format!("l{i}")).collect();
    let too_many = FriendUpdateRequest::new("alice", [FriendUpdateItem::new("bob", [SnsItem::Group(names)])]);
    let too_many = api.sns().friend_update(too_many).await.unwrap();
    assert_eq!(codes(&too_many.result_item), [("bob", 30011)], "33 lists: the page's 30011");

    let page = api.sns().friend_get(FriendGetRequest::new("alice", 0)).await.unwrap();
    assert_eq!((page.friend_num, page.complete_flag, page.next_start_index), (1, 1, 0));
    assert_eq!(page.user_data_item[0].to_account, "bob");
    assert_eq!(
        page.user_data_item[0].value_item,
        [
            SnsItem::AddSource(SOURCE.into()),
            SnsItem::Remark("Robert".into()),
            SnsItem::Group(vec!["family".into()]),
            SnsItem::AddTime(1420000000),
            SnsItem::AddWording("met at work".into()),
            SnsItem::Unknown(json!({"Tag": "Tag_SNS_Custom_Level", "Value": 4})),
        ],
        "the refused updates changed nothing"
    );
    let cached = FriendGetRequest::new("alice", 0)
        .with_standard_sequence(page.standard_sequence)
        .with_custom_sequence(page.custom_sequence);
    let cached = api.sns().friend_get(cached).await.unwrap();
    assert!(cached.user_data_item[0].value_item.is_empty(), "nothing changed since those sequences");

    let nobody = api
        .sns()
        .friend_update(FriendUpdateRequest::new(
            "nobody",
            [FriendUpdateItem::new("bob", [SnsItem::Remark("x".into())])],
        ))
        .await;
    assert!(matches!(nobody, Err(Error::Service(FriendUpdateError::AccountNotFound(_)))), "{nobody:?}");
}

#[tokio::test]
async fn friends_are_deleted_one_way_both_ways_or_all_at_once() {
    let s = sandbox_with(&["alice", "bob", "carol", "dave"]).await;
    let api = once(&s);
    let everyone = FriendAddRequest::new("alice", [add("bob").with_group_name("g"), add("carol"), add("dave")]);
    api.sns().friend_add(everyone).await.unwrap();

    let one_way = api.sns().friend_delete(FriendDeleteRequest::new("alice", ["bob", "nobody"])).await.unwrap();
    assert_eq!(codes(&one_way.result_item), [("bob", 0), ("nobody", 31704)]);
    let raw = raw_reply(&s, "/v4/sns/friend_delete", &json!({"From_Account": "alice", "To_Account": ["nobody"]}));
    assert_eq!(raw["ResultItem"][0]["ResultCode"], 31704);
    assert!(raw.get("Fail_Account").is_none(), "the page's reply has no Fail_Account: {raw}");
    let nothing = api.sns().friend_delete(FriendDeleteRequest::new("alice", Vec::<String>::new())).await.unwrap();
    assert!(nothing.result_item.is_empty(), "no least count is documented: an empty list is sent and answered");
    let state = s.emulator().state();
    assert!(!state.relations.is_friend("alice", "bob") && state.relations.is_friend("bob", "alice"));
    assert!(state.friend_lists["alice"].lists_of("bob").is_empty(), "a deleted friend leaves the lists");
    let repeat = api.sns().friend_delete(FriendDeleteRequest::new("alice", ["bob"])).await.unwrap();
    assert_eq!(codes(&repeat.result_item), [("bob", 31704)]);

    let both = FriendDeleteRequest::new("alice", ["carol"]).with_delete_type(DeleteType::Both);
    assert_eq!(codes(&api.sns().friend_delete(both).await.unwrap().result_item), [("carol", 0)]);
    let state = s.emulator().state();
    assert!(!state.relations.is_friend("alice", "carol") && !state.relations.is_friend("carol", "alice"));

    api.sns().friend_delete_all(FriendDeleteAllRequest::new("alice").with_delete_type(DeleteType::Both)).await.unwrap();
    let state = s.emulator().state();
    assert_eq!(state.relations.friend_count("alice"), 0);
    assert!(!state.relations.is_friend("dave", "alice"), "two-way: dave lost alice too");
    assert!(state.relations.is_friend("bob", "alice"), "bob was no longer alice's friend, so keeps her");
    assert_eq!(state.friend_lists["alice"].names(), ["g"], "the lists stay");
    let nobody = api.sns().friend_delete_all(FriendDeleteAllRequest::new("nobody")).await.unwrap_err();
    assert_eq!(nobody.code(), Some(30003));
}

#[tokio::test]
async fn friend_get_pages_through_many_friends() {
    let s = sandbox_with(&["alice"]).await;
    let ids: Vec<String> = (0..250).map(|i| format!("user{i:03}")).collect();
    s.emulator().edit_state(|state| ids.iter().for_each(|id| state.add_account(id)));
    let api = once(&s);
    let items: Vec<FriendImportItem> = ids.iter().map(|id| FriendImportItem::new(id.as_str(), SOURCE)).collect();
    let imported = api.sns().friend_import(FriendImportRequest::new("alice", items)).await.unwrap();
    assert!(imported.fail_account.is_none());

    let mut pages = Vec::new();
    let mut request = FriendGetRequest::new("alice", 0);
    loop {
        let page = api.sns().friend_get(request.clone()).await.unwrap();
        assert_eq!(page.friend_num, 250);
        pages.push((page.user_data_item.len(), page.complete_flag, page.next_start_index));
        if page.complete_flag == 1 {
            break;
        }
        request.start_index = page.next_start_index;
    }
    assert_eq!(pages, [(100, 0, 100), (100, 0, 200), (50, 1, 0)]);

    let all = collect(api.sns().friend_get_all(FriendGetRequest::new("alice", 0))).await;
    let seen: Vec<String> = all.into_iter().map(|f| f.unwrap().to_account).collect();
    assert_eq!(seen, ids, "every friend once, in order");
    let past = api.sns().friend_get(FriendGetRequest::new("alice", 999)).await.unwrap();
    assert_eq!((past.user_data_item.len(), past.complete_flag), (0, 1));
}

#[tokio::test]
async fn blocklists_end_friendships_refuse_requests_and_page() {
    let s = sandbox_with(&["alice", "bob", "carol", "dave", "erin", "frank"]).await;
    let api = once(&s);
    api.sns().friend_add(FriendAddRequest::new("alice", [add("bob")])).await.unwrap();

    let blocked =
        api.sns().black_list_add(BlackListAddRequest::new("alice", ["bob", "alice", "nobody"])).await.unwrap();
    assert_eq!(codes(&blocked.result_item), [("bob", 0), ("alice", 30001), ("nobody", 30003)]);
    let state = s.emulator().state();
    assert!(
        !state.relations.is_friend("alice", "bob") && !state.relations.is_friend("bob", "alice"),
        "blocking unfriends"
    );
    let again = api.sns().black_list_add(BlackListAddRequest::new("alice", ["bob"])).await.unwrap();
    assert_eq!(codes(&again.result_item), [("bob", 30001)]);
    let refused = api.sns().friend_add(FriendAddRequest::new("bob", [add("alice")])).await.unwrap();
    assert_eq!(codes(&refused.result_item), [("alice", 30525)]);

    api.sns().black_list_add(BlackListAddRequest::new("carol", ["alice"])).await.unwrap();
    api.sns().black_list_add(BlackListAddRequest::new("alice", ["carol", "dave"])).await.unwrap();
    let check = BlackListCheckRequest::new("alice", ["carol", "bob", "erin", "nobody"], BlockCheckType::Both);
    let check = api.sns().black_list_check(check).await.unwrap();
    let relations: Vec<(BlockRelation, i64)> =
        check.black_list_check_item.iter().map(|r| (r.relation.clone(), r.result_code)).collect();
    assert_eq!(
        relations,
        [(BlockRelation::BothWay, 0), (BlockRelation::AWithB, 0), (BlockRelation::No, 0), (BlockRelation::No, 30003)]
    );
    let from_carol = BlackListCheckRequest::new("carol", ["alice"], BlockCheckType::Both);
    assert_eq!(
        api.sns().black_list_check(from_carol).await.unwrap().black_list_check_item[0].relation,
        BlockRelation::BothWay
    );
    let from_bob = BlackListCheckRequest::new("bob", ["alice"], BlockCheckType::Both);
    assert_eq!(
        api.sns().black_list_check(from_bob).await.unwrap().black_list_check_item[0].relation,
        BlockRelation::BWithA
    );
    let single = BlackListCheckRequest::new("bob", ["alice"], BlockCheckType::Single);
    assert_eq!(api.sns().black_list_check(single).await.unwrap().black_list_check_item[0].relation, BlockRelation::No);

    // alice blocks bob, carol, dave and erin: pages of two.
    api.sns().black_list_add(BlackListAddRequest::new("alice", ["erin"])).await.unwrap();
    let first = api.sns().black_list_get(BlackListGetRequest::new("alice", 0, 2, 0)).await.unwrap();
    let ids: Vec<&str> = first.black_list_item.iter().map(|b| b.to_account.as_str()).collect();
    assert_eq!((ids, first.start_index), (vec!["bob", "carol"], 2));
    assert!(first.curruent_sequence > 0);
    let last = api.sns().black_list_get(BlackListGetRequest::new("alice", 2, 2, 0)).await.unwrap();
    assert_eq!((last.black_list_item.len(), last.start_index), (2, 0), "StartIndex 0 marks the last page");
    let all = collect(api.sns().black_list_get_all(BlackListGetRequest::new("alice", 0, 3, 0))).await;
    let all: Vec<String> = all.into_iter().map(|b| b.unwrap().to_account).collect();
    assert_eq!(all, ["bob", "carol", "dave", "erin"]);

    let removed = api.sns().black_list_delete(BlackListDeleteRequest::new("alice", ["bob", "frank"])).await.unwrap();
    assert_eq!(codes(&removed.result_item), [("bob", 0), ("frank", 30001)]);
    assert!(!s.emulator().state().relations.is_friend("alice", "bob"), "the friendship does not come back");
    let friends_again = api.sns().friend_add(FriendAddRequest::new("bob", [add("alice")])).await.unwrap();
    assert_eq!(codes(&friends_again.result_item), [("alice", 0)]);

    s.emulator().edit_state(|state| state.relations.max_blocked = 3);
    let full = api.sns().black_list_add(BlackListAddRequest::new("alice", ["frank"])).await.unwrap();
    assert_eq!(codes(&full.result_item), [("frank", 30013)]);
    let nobody = api.sns().black_list_add(BlackListAddRequest::new("nobody", ["bob"])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(BlackListAddError::AccountNotFound(_))), "{nobody}");
}

fn follow(from: &str, to: &[&str]) -> FollowAddRequest {
    FollowAddRequest::new(from, to.iter().map(|t| FollowItem::new(*t)))
}

#[tokio::test]
async fn follows_are_added_checked_listed_counted_and_removed() {
    let s = sandbox_with(&["alice", "bob", "carol", "dave"]).await;
    s.emulator().edit_state(|state| state.accounts.get_mut("bob").unwrap().nick = Some("Bobby".into()));
    let api = once(&s);
    let added = api.follow().follow_add(follow("alice", &["bob", "carol", "dave", "alice", "nobody"])).await.unwrap();
    assert_eq!(
        codes_of_follow(&added.result_item),
        [("bob", 0), ("carol", 0), ("dave", 0), ("alice", 30001), ("nobody", 30003)]
    );
    api.follow().follow_add(follow("bob", &["alice"])).await.unwrap();
    api.follow().follow_add(follow("carol", &["alice"])).await.unwrap();
    let again = api.follow().follow_add(follow("alice", &["bob"])).await.unwrap();
    assert_eq!(again.result_item[0].result_code, 0, "following again changes nothing");

    let check = api.follow().follow_check(FollowCheckRequest::new("bob", ["alice", "carol", "nobody"])).await.unwrap();
    let kinds: Vec<(FollowType, i64)> =
        check.result_item.iter().map(|r| (r.follow_type.clone(), r.result_code)).collect();
    assert_eq!(kinds, [(FollowType::Mutual, 0), (FollowType::NoRelation, 0), (FollowType::NoRelation, 30003)]);
    let from_dave = api.follow().follow_check(FollowCheckRequest::new("dave", ["alice"])).await.unwrap();
    assert_eq!(from_dave.result_item[0].follow_type, FollowType::Fan, "alice is dave's fan");
    let from_alice = api.follow().follow_check(FollowCheckRequest::new("alice", ["dave"])).await.unwrap();
    assert_eq!(from_alice.result_item[0].follow_type, FollowType::Following);

    let first = api.follow().follow_get(FollowGetRequest::new("alice", FollowType::Following, "", 2)).await.unwrap();
    let ids: Vec<&str> = first.follow_item.iter().map(|f| f.to_account.as_str()).collect();
    assert_eq!((ids, first.next_cursor.as_str()), (vec!["bob", "carol"], "carol"));
    assert!(
        first.follow_item[0]
            .profile_item
            .as_ref()
            .is_some_and(|p| p.contains(&chat_api::follow::FollowProfileItem::Nick("Bobby".into())))
    );
    let rest = api
        .follow()
        .follow_get(FollowGetRequest::new("alice", FollowType::Following, first.next_cursor, 2))
        .await
        .unwrap();
    let ids: Vec<&str> = rest.follow_item.iter().map(|f| f.to_account.as_str()).collect();
    assert_eq!((ids, rest.next_cursor.as_str()), (vec!["dave"], ""), "an empty cursor marks the last page");
    let fans = api.follow().follow_get(FollowGetRequest::new("alice", FollowType::Fan, "", 100)).await.unwrap();
    assert_eq!(fans.follow_item.iter().map(|f| f.to_account.as_str()).collect::<Vec<_>>(), ["bob", "carol"]);
    let mutual = api.follow().follow_get(FollowGetRequest::new("alice", FollowType::Mutual, "", 100)).await.unwrap();
    assert_eq!(mutual.follow_item.len(), 2);
    let bad =
        api.follow().follow_get(FollowGetRequest::new("alice", FollowType::NoRelation, "", 100)).await.unwrap_err();
    assert!(matches!(bad, Error::Service(FollowGetError::InvalidParameter(_))), "{bad}");

    let info =
        api.follow().follow_get_info(FollowGetInfoRequest::new("alice", ["alice", "dave", "nobody"])).await.unwrap();
    let counts: Vec<_> = info
        .follow_info
        .iter()
        .map(|c| (c.result_code, [c.follower_count, c.following_count, c.mutual_following_count]))
        .collect();
    let expected = [(0, [Some(2), Some(3), Some(2)]), (0, [Some(1), Some(0), Some(0)]), (30003, [None, None, None])];
    assert_eq!(counts, expected, "fans, follows, mutual follows");

    let gone = api.follow().follow_delete(FollowDeleteRequest::new("alice", ["bob", "nobody"])).await.unwrap();
    assert_eq!(codes_of_follow(&gone.result_item), [("bob", 0), ("nobody", 30003)]);
    let after = api.follow().follow_check(FollowCheckRequest::new("alice", ["bob"])).await.unwrap();
    assert_eq!(after.result_item[0].follow_type, FollowType::Fan, "bob still follows alice");
}

fn codes_of_follow(items: &[chat_api::follow::FollowResult]) -> Vec<(&str, i64)> {
    items.iter().map(|r| (r.to_account.as_str(), r.result_code)).collect()
}

#[tokio::test]
async fn follow_limits_and_a_disabled_feature_answer_their_codes() {
    let s = sandbox_with(&["alice", "bob", "carol", "dave"]).await;
    let api = once(&s);
    s.emulator().edit_state(|state| state.follows.max_following = 1);
    let over = api.follow().follow_add(follow("alice", &["bob", "carol"])).await.unwrap();
    assert_eq!(codes_of_follow(&over.result_item), [("bob", 0), ("carol", 32100)]);
    s.emulator().edit_state(|state| {
        state.follows.max_following = 100;
        state.follows.max_followers = 1;
    });
    let fans = api.follow().follow_add(follow("carol", &["bob"])).await.unwrap();
    assert_eq!(codes_of_follow(&fans.result_item), [("bob", 32101)]);
    s.emulator().edit_state(|state| {
        state.follows.max_followers = 100;
        state.follows.max_mutual = 0;
    });
    let mutual = api.follow().follow_add(follow("bob", &["alice"])).await.unwrap();
    assert_eq!(codes_of_follow(&mutual.result_item), [("alice", 32102)]);
    s.emulator().edit_state(|state| {
        state.follows.max_mutual = 1;
        let now = 1;
        state.follows.following.entry("dave".into()).or_default().insert("alice".into(), now);
        state.follows.following.entry("alice".into()).or_default().insert("dave".into(), now);
    });
    let peer = api.follow().follow_add(follow("bob", &["alice"])).await.unwrap();
    assert_eq!(codes_of_follow(&peer.result_item), [("alice", 32103)], "alice already has her one mutual follow");

    s.emulator().edit_state(|state| state.follows.enabled = false);
    let off = api.follow().follow_add(follow("alice", &["carol"])).await.unwrap_err();
    assert!(matches!(off, Error::Service(FollowAddError::FollowNotEnabled(_))), "{off}");
    let off = api.follow().follow_get_info(FollowGetInfoRequest::new("alice", ["alice"])).await.unwrap_err();
    assert_eq!(off.code(), Some(30005));
    s.emulator().edit_state(|state| state.follows.enabled = true);
    let nobody = api.follow().follow_add(follow("nobody", &["alice"])).await.unwrap_err();
    assert!(matches!(nobody, Error::Service(FollowAddError::AccountNotFound(_))), "{nobody}");
    let too_many = (0..101).map(|i| format!("u{i}"));
    let refused = api.follow().follow_check(FollowCheckRequest::new("alice", too_many)).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "101 users break the limit of 100: {refused}");
}

#[tokio::test]
async fn batched_calls_split_at_the_documented_limit() {
    let ids: Vec<String> = (0..45).map(|i| format!("fan{i:02}")).collect();
    let s = sandbox_with(&["star"]).await;
    s.emulator().edit_state(|state| ids.iter().for_each(|id| state.add_account(id)));
    let api = once(&s);
    let report = api.follow().follow_add_batched(FollowAddRequest::new("star", ids.iter().map(FollowItem::new))).await;
    let sizes: Vec<usize> = report.calls.iter().map(|c| c.items.len()).collect();
    assert_eq!(sizes, [20, 20, 5], "at most 20 users per follow_add");
    assert!(report.all_ok());
    let info = api.follow().follow_get_info(FollowGetInfoRequest::new("star", ["star"])).await.unwrap();
    assert_eq!(info.follow_info[0].following_count, Some(45));

    let check = api
        .sns()
        .friend_check_batched(FriendCheckRequest::new("star", ids.iter().cycle().take(1500), FriendCheckType::Single))
        .await;
    assert_eq!(check.calls.iter().map(|c| c.items.len()).collect::<Vec<_>>(), [1000, 500]);
    let answered: usize = check.calls.iter().map(|c| c.result.as_ref().unwrap().info_item.len()).sum();
    assert_eq!(answered, 1500);
    let distinct: BTreeSet<&String> = check.per_item().map(|(id, _)| id).collect();
    assert_eq!(distinct.len(), 45);
}
