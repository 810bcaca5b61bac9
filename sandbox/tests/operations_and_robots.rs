//! Chatbots (`v4/openim_robot_http_svc/*`) and operations (`v4/openconfigsvr/getappinfo`,
//! `v4/open_msg_svc/get_history`, `v4/ConfigSvc/GetIPList`) through the real `chat_api::Client`
//! against the sandbox.

use chat_api::config::GetAppInfoRequest;
use chat_api::group::{ImportGroupMsgRequest, ImportGroupRequest, ImportedGroupMsg};
use chat_api::message_history::{GetHistoryError, GetHistoryRequest, HistoryChatType};
use chat_api::openim::{ImportMode, ImportMsgRequest};
use chat_api::robot::{
    CreateRobotError, CreateRobotRequest, DeleteRobotError, DeleteRobotRequest, GetAllRobotsRequest,
};
use chat_api::server_addresses::GetIpListRequest;
use chat_api::{Error, GroupType};
use chat_api_sandbox::state::beijing_hour;
use md5::{Digest, Md5};
use std::io::Read;

mod common;
use common::{import, now, once, sandbox_with, text};

fn bots(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

#[tokio::test]
async fn chatbots_are_created_once_listed_and_disabled() {
    let s = sandbox_with(&[]).await;
    let api = once(&s);
    let jarvis = CreateRobotRequest::new("@RBT#001").with_nick("Jarvis").with_self_signature("hello, world");
    api.robot().create_robot(jarvis).await.unwrap();
    // The same ID again still makes one chatbot, and keeps the first profile.
    api.robot().create_robot(CreateRobotRequest::new("@RBT#001").with_nick("Other")).await.unwrap();
    api.robot().create_robot(CreateRobotRequest::new("@RBT#002")).await.unwrap();
    let all = api.robot().get_all_robots(GetAllRobotsRequest::new()).await.unwrap();
    assert_eq!(all.robot_account, bots(&["@RBT#001", "@RBT#002"]));
    let state = s.emulator().state();
    assert_eq!(state.accounts["@RBT#001"].nick.as_deref(), Some("Jarvis"), "a chatbot is an account");
    assert_eq!(state.robots.bots["@RBT#001"].self_signature.as_deref(), Some("hello, world"));

    api.robot().delete_robot(DeleteRobotRequest::new("@RBT#001")).await.unwrap();
    let all = api.robot().get_all_robots(GetAllRobotsRequest::new()).await.unwrap();
    assert_eq!(all.robot_account, bots(&["@RBT#002"]));
    assert!(s.emulator().state().accounts.contains_key("@RBT#001"), "its user ID is kept");
    let again = api.robot().delete_robot(DeleteRobotRequest::new("@RBT#001")).await.unwrap_err();
    assert!(matches!(again, Error::Service(DeleteRobotError::InvalidParameter(_))), "{again:?}");
    // Created again, it is listed again.
    api.robot().create_robot(CreateRobotRequest::new("@RBT#001")).await.unwrap();
    let all = api.robot().get_all_robots(GetAllRobotsRequest::new()).await.unwrap();
    assert_eq!(all.robot_account, bots(&["@RBT#001", "@RBT#002"]));
}

#[tokio::test]
async fn chatbot_ids_and_the_limit_of_twenty_are_enforced() {
    let s = sandbox_with(&[]).await;
    let api = once(&s);
    let plain = api.robot().create_robot(CreateRobotRequest::new("user1")).await.unwrap_err();
    assert!(matches!(plain, Error::Service(CreateRobotError::InvalidParameter(_))), "{plain:?}");
    let long = format!("@RBT#{}", "x".repeat(28));
    let refused = api.robot().create_robot(CreateRobotRequest::new(long)).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)), "33 bytes is over the 32-byte limit: {refused:?}");

    for n in 0..20 {
        api.robot().create_robot(CreateRobotRequest::new(format!("@RBT#{n:02}"))).await.unwrap();
    }
    let full = api.robot().create_robot(CreateRobotRequest::new("@RBT#20")).await.unwrap_err();
    assert!(matches!(full, Error::Service(CreateRobotError::RequestNotAllowed(_))), "{full:?}");
    // A disabled chatbot frees its place.
    api.robot().delete_robot(DeleteRobotRequest::new("@RBT#00")).await.unwrap();
    api.robot().create_robot(CreateRobotRequest::new("@RBT#20")).await.unwrap();
    assert_eq!(api.robot().get_all_robots(GetAllRobotsRequest::new()).await.unwrap().robot_account.len(), 20);
}

#[tokio::test]
async fn operations_data_counts_the_state_and_filters_by_request_field() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let sent = ImportMsgRequest::new(ImportMode::Read, "alice", "bob", now() as i64, text("hi"));
    api.openim().import_msg(sent).await.unwrap();
    common::group(&s, GroupType::Public, "G1", Some("alice"), &[]).await;

    let all = api.config().get_app_info(GetAppInfoRequest::new()).await.unwrap();
    assert_eq!(all.result.len(), 1, "the sandbox answers today only");
    let today = &all.result[0];
    assert_eq!(today.app_id.as_deref(), Some("1400000000"));
    assert_eq!(today.regist_user_num_total.as_deref(), Some("3"), "alice, bob and the admin");
    assert_eq!(today.group_all_group_num.as_deref(), Some("1"));
    assert_eq!(today.c2c_up_msg_num.as_deref(), Some("1"));
    assert_eq!(today.date.as_deref().map(str::len), Some(8));
    assert_eq!(today.login_times, None, "what the sandbox does not count is left out");

    let some = GetAppInfoRequest::new().with_request_field(["GroupAllGroupNum".to_string()]);
    let day = api.config().get_app_info(some).await.unwrap().result.remove(0);
    assert_eq!(day.group_all_group_num.as_deref(), Some("1"));
    assert_eq!((day.app_id, day.c2c_up_msg_num), (None, None));
    assert!(day.date.is_some(), "Date always comes");
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut out).unwrap();
    out
}

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn message_records_of_a_past_hour_are_exported_and_match_their_sums() {
    let s = sandbox_with(&["alice", "bob"]).await;
    let api = once(&s);
    let two_hours_ago = now() as i64 - 7200;
    let hour = beijing_hour(two_hours_ago);
    let old = ImportMsgRequest::new(ImportMode::Read, "alice", "bob", two_hours_ago, text("from the past"));
    api.openim().import_msg(old).await.unwrap();

    let reply = api.message_history().get_history(GetHistoryRequest::new(HistoryChatType::C2c, &hour)).await.unwrap();
    let [file] = reply.file.as_slice() else { panic!("one file: {reply:?}") };
    let gzip = s.emulator().state().operations.exports[&file.url].clone();
    let records = gunzip(&gzip);
    assert_eq!((file.gzip_size, file.file_size), (gzip.len() as i64, records.len() as i64));
    assert_eq!((file.gzip_md5.clone(), file.file_md5.clone()), (md5_hex(&gzip), md5_hex(records.as_bytes())));
    let lines: Vec<&str> = records.lines().collect();
    assert!(lines[0].starts_with(r#"{"SdkAppId":1400000000,"ChatType":"C2C","MsgTime":""#), "{}", lines[0]);
    assert!(lines[1].contains(r#""From_Account":"alice""#) && lines[1].contains("from the past"), "{}", lines[1]);
    assert_eq!(lines.last(), Some(&"]}"));

    // No group message in that hour; the current hour is not over; eight days ago has expired.
    let group = api.message_history().get_history(GetHistoryRequest::new(HistoryChatType::Group, &hour)).await;
    assert!(matches!(group, Err(Error::Service(GetHistoryError::FileNotReady(_)))), "{group:?}");
    let current = GetHistoryRequest::new(HistoryChatType::C2c, beijing_hour(now() as i64));
    let current = api.message_history().get_history(current).await;
    assert!(matches!(current, Err(Error::Service(GetHistoryError::FileNotReady(_)))), "{current:?}");
    let expired = GetHistoryRequest::new(HistoryChatType::C2c, beijing_hour(now() as i64 - 8 * 86_400));
    let expired = api.message_history().get_history(expired).await;
    assert!(matches!(expired, Err(Error::Service(GetHistoryError::FileExpired(_)))), "{expired:?}");
    let bad = api.message_history().get_history(GetHistoryRequest::new(HistoryChatType::C2c, "2015023021")).await;
    assert!(matches!(bad, Err(Error::Service(GetHistoryError::InvalidParameter(_)))), "{bad:?}");
}

#[tokio::test]
async fn group_records_name_the_group() {
    let s = sandbox_with(&[]).await;
    import(&s, &["owner"]).await;
    let api = once(&s);
    let created = now() as i64 - 20_000;
    let old = ImportGroupRequest::new(GroupType::Public, "Old").with_group_id("OldGroup").with_owner_account("owner");
    let id = api.group().import_group(old.with_create_time(created)).await.unwrap().group_id;
    let at = now() as i64 - 7200;
    let msg = ImportedGroupMsg::new("owner", at, text("group past"));
    api.group().import_group_msg(ImportGroupMsgRequest::new(&id, [msg])).await.unwrap();

    let request = GetHistoryRequest::new(HistoryChatType::Group, beijing_hour(at));
    let reply = api.message_history().get_history(request).await.unwrap();
    let records = gunzip(&s.emulator().state().operations.exports[&reply.file[0].url]);
    assert!(records.lines().nth(1).unwrap().contains(r#""GroupId":"OldGroup""#), "{records}");
}

#[tokio::test]
async fn server_addresses_come_from_the_state() {
    let s = sandbox_with(&[]).await;
    let api = once(&s);
    assert_eq!(api.server_addresses().get_ip_list(GetIpListRequest::new()).await.unwrap().ip_list, ["127.0.0.1"]);
    s.emulator().edit_state(|st| st.operations.server_ips = vec!["183.192.202.0/25".into()]);
    assert_eq!(
        api.server_addresses().get_ip_list(GetIpListRequest::new()).await.unwrap().ip_list,
        ["183.192.202.0/25"]
    );
}
