//! Official accounts (`v4/official_account_open_http_svc/*`) through the real `chat_api::Client`
//! against the sandbox.

use chat_api::Error;
use chat_api::official_account::{
    AddSubscriberRequest, CreateOfficialAccountError, CreateOfficialAccountRequest, DeleteSubscriberRequest,
    DestroyOfficialAccountError, DestroyOfficialAccountRequest, GetOfficialAccountInfoError,
    GetOfficialAccountInfoRequest, GetOfficialAccountMsgsRequest, GetSubscribedOfficialAccountsRequest,
    GetSubscriberInfoError, GetSubscriberInfoRequest, ModifyOfficialAccountRequest, ModifySubscriberInfoRequest,
    NewSubscriber, OfficialAccountFilter, OfficialAccountId, OfficialAccountInfo, OfficialAccountMsg,
    RecallOfficialAccountMsgRequest, SendOfficialAccountMsgRequest, SubscriberResult,
};
use futures_util::TryStreamExt;

mod common;
use common::{once, sandbox_with, text};

fn results(list: Option<Vec<SubscriberResult>>) -> Vec<(String, i64)> {
    list.unwrap_or_default().into_iter().map(|r| (r.subscriber_account, r.result)).collect()
}

fn pair(id: &str, result: i64) -> (String, i64) {
    (id.to_string(), result)
}

#[tokio::test]
async fn official_accounts_are_created_changed_and_destroyed() {
    let s = sandbox_with(&["owner"]).await;
    let api = once(&s);
    let oa = api.official_account();
    let chosen = CreateOfficialAccountRequest::new("owner", "News").with_official_account_user_id("@TOA#_news");
    let created = oa.create_official_account(chosen.clone()).await.unwrap();
    assert_eq!(created.official_account_user_id, "@TOA#_news");
    let generated = oa.create_official_account(CreateOfficialAccountRequest::new("owner", "Other")).await.unwrap();
    assert!(generated.official_account_user_id.starts_with("@TOA#_"), "{generated:?}");
    assert_ne!(generated.official_account_user_id, "@TOA#_news");
    let state = s.emulator().state();
    assert_eq!(state.official_accounts.accounts["@TOA#_news"].max_subscribers, 100_000, "the page's default cap");

    let again = oa.create_official_account(chosen).await.unwrap_err();
    assert!(matches!(again, Error::Service(CreateOfficialAccountError::OfficialAccountIdTaken(_))), "{again:?}");
    let bad = CreateOfficialAccountRequest::new("owner", "x").with_official_account_user_id("news");
    let bad = oa.create_official_account(bad).await.unwrap_err();
    assert!(matches!(bad, Error::Service(CreateOfficialAccountError::InvalidOfficialAccountId(_))), "{bad:?}");
    let stranger = oa.create_official_account(CreateOfficialAccountRequest::new("nobody", "x")).await.unwrap_err();
    assert!(matches!(stranger, Error::Service(CreateOfficialAccountError::InvalidParameter(_))), "{stranger:?}");
    let long = oa.create_official_account(CreateOfficialAccountRequest::new("owner", "n".repeat(151))).await;
    assert!(matches!(long, Err(Error::Refused(_))), "151 bytes is over the 150-byte name limit: {long:?}");

    let change = ModifyOfficialAccountRequest::new("@TOA#_news").with_introduction("Daily").with_max_subscriber_num(1);
    oa.modify_official_account(change).await.unwrap();
    let state = s.emulator().state();
    let news = &state.official_accounts.accounts["@TOA#_news"];
    assert_eq!((news.name.as_str(), news.introduction.as_deref(), news.max_subscribers), ("News", Some("Daily"), 1));

    oa.destroy_official_account(DestroyOfficialAccountRequest::new("@TOA#_news")).await.unwrap();
    let gone = oa.destroy_official_account(DestroyOfficialAccountRequest::new("@TOA#_news")).await.unwrap_err();
    assert!(matches!(gone, Error::Service(DestroyOfficialAccountError::OfficialAccountNotFound(_))), "{gone:?}");
    let reuse = CreateOfficialAccountRequest::new("owner", "News").with_official_account_user_id("@TOA#_news");
    let reuse = oa.create_official_account(reuse).await.unwrap_err();
    assert_eq!(reuse.code(), Some(130008), "a destroyed ID is not handed out again: {reuse:?}");
}

#[tokio::test]
async fn subscribers_are_added_listed_by_page_and_removed() {
    let s = sandbox_with(&["owner", "u1", "u2", "u3"]).await;
    let api = once(&s);
    let oa = api.official_account();
    let id = "@TOA#_club";
    let create =
        CreateOfficialAccountRequest::new("owner", "Club").with_official_account_user_id(id).with_max_subscriber_num(2);
    oa.create_official_account(create).await.unwrap();

    let add = |ids: &[&str]| AddSubscriberRequest::new(id, ids.iter().map(|u| NewSubscriber::new(*u)));
    let added = oa.add_subscriber(add(&["u1", "ghost"])).await.unwrap();
    assert_eq!(results(added.subscriber_list), [pair("u1", 1), pair("ghost", 0)], "not imported: failed");
    let added = oa.add_subscriber(add(&["u1", "u2", "u3"])).await.unwrap();
    assert_eq!(
        results(added.subscriber_list),
        [pair("u1", 2), pair("u2", 1), pair("u3", 0)],
        "u3 is over the cap of 2"
    );
    let too_many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let refused = oa.add_subscriber(AddSubscriberRequest::new(id, too_many.iter().map(NewSubscriber::new))).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "101 is over 100 per call: {refused:?}");

    let first = oa.get_subscriber_info(GetSubscriberInfoRequest::new(id, "").with_limit(1)).await.unwrap();
    assert_eq!(first.subscriber_num, Some(2));
    let names = |page: &Option<Vec<chat_api::official_account::SubscriberInfo>>| -> Vec<String> {
        page.iter().flatten().map(|s| s.subscriber_account.clone()).collect()
    };
    assert_eq!(names(&first.subscriber_list), ["u1"]);
    let next = first.next.clone().unwrap();
    assert!(!next.is_empty(), "one more page");
    let second = oa.get_subscriber_info(GetSubscriberInfoRequest::new(id, next)).await.unwrap();
    assert_eq!(names(&second.subscriber_list), ["u2"]);
    assert_eq!(second.next.as_deref(), Some(""), "no more pages");
    assert!(second.subscriber_list.unwrap()[0].subscribe_time.is_some());

    let removed = oa.delete_subscriber(DeleteSubscriberRequest::new(id, ["u1", "u3"])).await.unwrap();
    assert_eq!(results(removed.subscriber_list), [pair("u1", 1), pair("u3", 2)], "u3 was never subscribed");
    let all = oa.get_subscriber_info(GetSubscriberInfoRequest::new(id, "")).await.unwrap();
    assert_eq!(names(&all.subscriber_list), ["u2"]);

    let unknown = oa.get_subscriber_info(GetSubscriberInfoRequest::new("@TOA#_none", "")).await.unwrap_err();
    assert!(matches!(unknown, Error::Service(GetSubscriberInfoError::OfficialAccountNotFound(_))), "{unknown:?}");
}

/// Sends `body` from `id` and returns its key.
async fn broadcast(
    oa: &chat_api::official_account::OfficialAccountApi<'_>,
    id: &str,
    body: &str,
    random: i64,
) -> String {
    let req = SendOfficialAccountMsgRequest::new(id, text(body)).with_random(random);
    oa.send_official_account_msg(req).await.unwrap().msg_key.unwrap()
}

#[tokio::test]
async fn messages_reach_subscribers_and_are_read_back_and_recalled() {
    let s = sandbox_with(&["owner", "u1", "u2", "late"]).await;
    let api = once(&s);
    let oa = api.official_account();
    let id = "@TOA#_daily";
    oa.create_official_account(CreateOfficialAccountRequest::new("owner", "Daily").with_official_account_user_id(id))
        .await
        .unwrap();
    let subscribe = AddSubscriberRequest::new(id, ["u1", "u2"].map(NewSubscriber::new));
    oa.add_subscriber(subscribe).await.unwrap();

    let first = broadcast(&oa, id, "one", 1).await;
    assert!(first.starts_with("1_1_"), "the history page's key layout: {first}");
    assert_eq!(broadcast(&oa, id, "one", 1).await, first, "the same content and Random is a duplicate");
    oa.add_subscriber(AddSubscriberRequest::new(id, [NewSubscriber::new("late")])).await.unwrap();
    let second = broadcast(&oa, id, "two", 2).await;
    let third = broadcast(&oa, id, "three", 3).await;
    let state = s.emulator().state();
    let sent = &state.official_accounts.accounts[id].messages;
    assert_eq!(sent.len(), 3, "the duplicate was not stored");
    assert_eq!(sent[0].recipients, ["u1", "u2"], "subscribers of the moment");
    assert_eq!(sent[1].recipients, ["late", "u1", "u2"]);

    let page =
        oa.get_official_account_msgs(GetOfficialAccountMsgsRequest::new(id).with_req_msg_number(2)).await.unwrap();
    let keys = |msgs: &[OfficialAccountMsg]| -> Vec<String> { msgs.iter().filter_map(|m| m.msg_key.clone()).collect() };
    assert_eq!(keys(page.rsp_msg_list.as_deref().unwrap()), [third.clone(), second.clone()], "newest first");
    assert_eq!(page.is_finished, Some(0));
    let all: Vec<OfficialAccountMsg> = oa
        .get_official_account_msgs_all(GetOfficialAccountMsgsRequest::new(id).with_req_msg_number(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys(&all), [third.clone(), second.clone(), first.clone()], "the stream follows LastMsgKey to the end");

    let recall = RecallOfficialAccountMsgRequest::new(id, [second.clone(), "9_1_1".to_string()]).with_reason("typo");
    let recalled = oa.recall_official_account_msg(recall).await.unwrap();
    let codes: Vec<i64> = recalled.recall_ret_list.unwrap().iter().map(|r| r.ret_code).collect();
    assert_eq!(codes, [0, 10004], "an unknown key fails alone");
    let after = oa.get_official_account_msgs(GetOfficialAccountMsgsRequest::new(id)).await.unwrap();
    assert_eq!(
        keys(after.rsp_msg_list.as_deref().unwrap()),
        [third.clone(), first.clone()],
        "recalled messages are left out"
    );
    let with =
        oa.get_official_account_msgs(GetOfficialAccountMsgsRequest::new(id).with_recalled_msg(true)).await.unwrap();
    let shown = with.rsp_msg_list.unwrap();
    assert_eq!(shown[1].is_place_msg, Some(2), "a recalled message is marked");
    let eleven: Vec<String> = (0..11).map(|i| format!("{i}_1_1")).collect();
    let refused = oa.recall_official_account_msg(RecallOfficialAccountMsgRequest::new(id, eleven)).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "11 keys is over 10 per call: {refused:?}");

    let unknown =
        oa.send_official_account_msg(SendOfficialAccountMsgRequest::new("@TOA#_none", text("x"))).await.unwrap_err();
    assert_eq!(unknown.code(), Some(10010), "{unknown:?}");
}

#[tokio::test]
async fn profiles_subscriptions_and_subscriber_data_are_read_back() {
    let s = sandbox_with(&["owner", "fan"]).await;
    let api = once(&s);
    let oa = api.official_account();
    for (id, name) in [("@TOA#_a", "A"), ("@TOA#_b", "B"), ("@TOA#_c", "C")] {
        let create =
            CreateOfficialAccountRequest::new("owner", name).with_official_account_user_id(id).with_introduction("hi");
        oa.create_official_account(create).await.unwrap();
    }
    for id in ["@TOA#_a", "@TOA#_c"] {
        oa.add_subscriber(AddSubscriberRequest::new(id, [NewSubscriber::new("fan")])).await.unwrap();
    }

    let names = OfficialAccountFilter::new().with_official_account_base_info_filter(["Name", "SubscriberNum"]);
    let ask = GetOfficialAccountInfoRequest::new(["@TOA#_a", "@TOA#_b"].map(OfficialAccountId::new))
        .with_response_filter(names);
    let info = oa.get_official_account_info(ask).await.unwrap().official_account_info_list.unwrap();
    let got: Vec<(Option<String>, Option<i64>)> = info.iter().map(|i| (i.name.clone(), i.subscriber_num)).collect();
    assert_eq!(got, [(Some("A".into()), Some(1)), (Some("B".into()), Some(0))]);
    assert!(info[0].introduction.is_none(), "the filter leaves Introduction out");
    let unknown = GetOfficialAccountInfoRequest::new([OfficialAccountId::new("@TOA#_zzz")]);
    let unknown = oa.get_official_account_info(unknown).await.unwrap_err();
    assert!(matches!(unknown, Error::Service(GetOfficialAccountInfoError::OfficialAccountNotFound(_))), "{unknown:?}");

    let custom = ModifySubscriberInfoRequest::new("@TOA#_c", "fan").with_custom_string("vip");
    oa.modify_subscriber_info(custom).await.unwrap();
    let stranger = oa.modify_subscriber_info(ModifySubscriberInfoRequest::new("@TOA#_b", "fan")).await.unwrap_err();
    assert_eq!(stranger.code(), Some(6017), "fan does not subscribe to b: {stranger:?}");

    let page = GetSubscribedOfficialAccountsRequest::new("fan").with_limit(1);
    let first = oa.get_subscribed_official_accounts(page.clone()).await.unwrap();
    assert_eq!((first.total_count, first.complete_flag, first.next), (Some(2), Some(0), Some(1)));
    let all: Vec<OfficialAccountInfo> = oa.get_subscribed_official_accounts_all(page).try_collect().await.unwrap();
    let listed: Vec<Option<String>> = all.iter().map(|i| i.name.clone()).collect();
    assert_eq!(listed, [Some("A".to_string()), Some("C".to_string())]);
    let own = all[1].self_info.as_ref().unwrap();
    assert_eq!(own.custom_string.as_deref(), Some("vip"));
    assert!(own.subscribe_time.is_some());
}
