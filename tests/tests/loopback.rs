//! End-to-end calls through the real `chat_api::Client` against a scripted HTTP server on
//! `127.0.0.1`: what goes on the wire, how replies and failures come back, limit checks, and that no
//! secret leaks into error or debug output.

use chat_api::group::{DestroyGroupError, DestroyGroupRequest, DestroyGroupResponse};
use chat_api::recent_contact::{DelContactGroupError, DelContactGroupRequest, DelContactGroupResponse};
use chat_api::runtime::{Limit, ServiceError};
use chat_api::sns::{GroupDeleteError, GroupDeleteRequest, GroupDeleteResponse};
use chat_api::usersig;
use chat_api::{Client, ClientBuilder, CommonError, Error, Region, RetryPolicy, SecretKey};
use chat_api_tests::server::{Reply, Request, TestServer, refused_url};
use serde_json::{Value, json};
use std::fmt::Debug;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SDKAPPID: u64 = 1_400_123_456;
const ADMIN: &str = "admin";
/// Distinctive enough that finding it in any output can only mean a leak.
const KEY: &str = "loopback-SECRET-key-7f3a9c2e5b1d4068a9e7c3f1b2d5e8a0";

// Reply samples of the spec files' `examples`.
const DESTROY_GROUP_OK: &str = r#"{"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0}"#;
const GROUP_DELETE_OK: &str =
    r#"{"CurrentSequence": 4, "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "0", "ErrorDisplay": ""}"#;
const DEL_CONTACT_GROUP_OK: &str =
    r#"{"GroupItem": [{"GroupName": "test0", "GroupId": 2}], "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""}"#;

async fn server() -> TestServer {
    TestServer::start().await.expect("bind 127.0.0.1:0")
}

/// One attempt per call everywhere here: these tests script one reply per request (retries have
/// tests of their own).
fn builder_for(url: &str) -> ClientBuilder {
    Client::builder(SDKAPPID, ADMIN, KEY, Region::Singapore).retry(RetryPolicy::none()).base_url(url)
}

fn client_for(url: &str) -> Client {
    builder_for(url).build().expect("client builds")
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs()
}

/// A failed reply with `code` and `info`.
fn fail(code: i64, info: &str) -> Reply {
    Reply::json(200, json!({"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info}).to_string())
}

/// Asserts everything the client must put on the wire for one call, and returns its `random`.
fn assert_request(request: &Request, path: &str, body: Value, called_at: (u64, u64)) -> u32 {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, path);
    assert_eq!(request.query_names(), ["sdkappid", "identifier", "usersig", "random", "contenttype"]);
    assert_eq!(request.query_value("sdkappid"), Some(SDKAPPID.to_string().as_str()));
    assert_eq!(request.query_value("identifier"), Some(ADMIN));
    assert_eq!(request.query_value("contenttype"), Some("json"));
    let random = request.query_value("random").unwrap_or_default();
    let random: u32 = random.parse().unwrap_or_else(|e| panic!("random `{random}` is not a u32: {e}"));

    let sig = request.query_value("usersig").expect("usersig sent");
    let claims = usersig::verify(sig, &SecretKey::new(KEY), SDKAPPID, unix_now())
        .unwrap_or_else(|e| panic!("the UserSig sent does not verify: {e}"));
    assert_eq!(claims.identifier, ADMIN);
    assert_eq!(claims.sdkappid, SDKAPPID);
    let (before, after) = called_at;
    assert!(
        (before.saturating_sub(1)..=after).contains(&claims.issued_at),
        "UserSig issued at {}, call made in {before}..={after}",
        claims.issued_at
    );
    assert_eq!(claims.expire, 24 * 3600, "the default UserSig lifetime is 24 h");

    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), Some(body), "body: {}", String::from_utf8_lossy(&request.body));
    random
}

// 1. The exact request and the decoded success reply, twice per endpoint.

#[tokio::test]
async fn destroy_group_sends_the_documented_request_and_decodes_the_reply() {
    let server = server().await;
    let client = client_for(&server.url());
    let before = unix_now();
    for _ in 0..2 {
        server.reply(Reply::json(200, DESTROY_GROUP_OK));
        let reply = client.group().destroy_group(DestroyGroupRequest::new("@TGS#2J4SZEAEL")).await;
        assert_eq!(reply.expect("success reply"), DestroyGroupResponse::default());
    }
    let after = unix_now();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    let randoms: Vec<u32> = seen
        .iter()
        .map(|r| {
            assert_request(
                r,
                "/v4/group_open_http_svc/destroy_group",
                json!({"GroupId": "@TGS#2J4SZEAEL"}),
                (before, after),
            )
        })
        .collect();
    assert_ne!(randoms[0], randoms[1], "`random` must change between calls");
    assert_eq!(seen[0].query_value("usersig"), seen[1].query_value("usersig"), "the UserSig is cached");
}

#[tokio::test]
async fn group_delete_sends_the_documented_request_and_decodes_the_reply() {
    let server = server().await;
    let client = client_for(&server.url());
    let before = unix_now();
    for _ in 0..2 {
        server.reply(Reply::json(200, GROUP_DELETE_OK));
        let request = GroupDeleteRequest::new("id", ["group1", "group2", "group3"]);
        let reply: GroupDeleteResponse = client.sns().group_delete(request).await.expect("success reply");
        assert_eq!(reply.current_sequence, 4);
    }
    let after = unix_now();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    let body = json!({"From_Account": "id", "GroupName": ["group1", "group2", "group3"]});
    let randoms: Vec<u32> =
        seen.iter().map(|r| assert_request(r, "/v4/sns/group_delete", body.clone(), (before, after))).collect();
    assert_ne!(randoms[0], randoms[1], "`random` must change between calls");
}

#[tokio::test]
async fn del_contact_group_sends_the_documented_request_and_decodes_the_reply() {
    let server = server().await;
    let client = client_for(&server.url());
    let before = unix_now();
    for _ in 0..2 {
        server.reply(Reply::json(200, DEL_CONTACT_GROUP_OK));
        let request = DelContactGroupRequest::new("user15", ["test0"]);
        let reply: DelContactGroupResponse =
            client.recent_contact().del_contact_group(request).await.expect("success reply");
        let items: Vec<(&str, i64)> = reply.group_item.iter().map(|g| (g.group_name.as_str(), g.group_id)).collect();
        assert_eq!(items, [("test0", 2)]);
    }
    let after = unix_now();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    let body = json!({"From_Account": "user15", "GroupName": ["test0"]});
    let randoms: Vec<u32> = seen
        .iter()
        .map(|r| assert_request(r, "/v4/recentcontact/del_contact_group", body.clone(), (before, after)))
        .collect();
    assert_ne!(randoms[0], randoms[1], "`random` must change between calls");
}

#[tokio::test]
async fn identifier_is_percent_encoded_and_decodes_back() {
    let server = server().await;
    let client = Client::builder(SDKAPPID, "ad min&x=1/中", KEY, Region::Singapore)
        .retry(RetryPolicy::none())
        .base_url(server.url())
        .build()
        .unwrap();
    server.reply(Reply::json(200, DESTROY_GROUP_OK));
    client.group().destroy_group(DestroyGroupRequest::new("g")).await.expect("success reply");
    let seen = server.requests();
    assert_eq!(seen[0].query_names(), ["sdkappid", "identifier", "usersig", "random", "contenttype"]);
    assert_eq!(seen[0].query_value("identifier"), Some("ad min&x=1/中"));
    let sig = seen[0].query_value("usersig").unwrap();
    let claims = usersig::verify(sig, &SecretKey::new(KEY), SDKAPPID, unix_now()).unwrap();
    assert_eq!(claims.identifier, "ad min&x=1/中");
}

// 2. Error codes.

/// One documented code: the variant it must become and whether the spec calls it retriable.
struct Case<E> {
    code: i64,
    is_variant: fn(&E) -> bool,
    retriable: bool,
}

fn case<E>(code: i64, is_variant: fn(&E) -> bool, retriable: bool) -> Case<E> {
    Case { code, is_variant, retriable }
}

/// A common code, the check that it became its variant, and whether the spec calls it retriable.
type CommonCase = (i64, fn(&CommonError) -> bool, bool);

/// The common table of spec/shared/errors.yaml.
fn common_cases() -> Vec<CommonCase> {
    use CommonError as C;
    vec![
        (60002, |e| matches!(e, C::MalformedHttpRequest(_)), false),
        (60003, |e| matches!(e, C::MalformedJson(_)), false),
        (60004, |e| matches!(e, C::BadIdentity(_)), false),
        (60005, |e| matches!(e, C::BadIdentityInBody(_)), false),
        (60006, |e| matches!(e, C::InvalidSdkAppId(_)), false),
        (60007, |e| matches!(e, C::ApiRateLimited(_)), true),
        (60008, |e| matches!(e, C::ServiceTimeout(_)), true),
        (60009, |e| matches!(e, C::UnknownResource(_)), false),
        (60010, |e| matches!(e, C::NotAdmin(_)), false),
        (60011, |e| matches!(e, C::AppRateLimited(_)), true),
        (60012, |e| matches!(e, C::MissingSdkAppId(_)), false),
        (60013, |e| matches!(e, C::MalformedJsonReply(_)), false),
        (60014, |e| matches!(e, C::AccountSwitchTimeout(_)), true),
        (60015, |e| matches!(e, C::UserIdNotString(_)), false),
        (60016, |e| matches!(e, C::AppDisabled(_)), false),
        (60017, |e| matches!(e, C::RequestDisabled(_)), false),
        (60018, |e| matches!(e, C::TooManyRequests(_)), true),
        (60019, |e| matches!(e, C::TooManyRequestsRetry(_)), true),
        (60020, |e| matches!(e, C::PlanExpired(_)), false),
        (60021, |e| matches!(e, C::SourceIpNotAllowed(_)), false),
        (70001, |e| matches!(e, C::UserSigExpired(_)), false),
        (70002, |e| matches!(e, C::UserSigEmpty(_)), false),
        (70003, |e| matches!(e, C::UserSigInvalid(_)), false),
        (70005, |e| matches!(e, C::UserSigMalformed(_)), false),
        (70009, |e| matches!(e, C::UserSigWrongKey(_)), false),
        (70013, |e| matches!(e, C::UserSigIdentifierMismatch(_)), false),
        (70014, |e| matches!(e, C::UserSigAppMismatch(_)), false),
        (70016, |e| matches!(e, C::KeyNotFound(_)), false),
        (70020, |e| matches!(e, C::AppNotFound(_)), false),
        (70050, |e| matches!(e, C::UserSigAttemptsThrottled(_)), false),
        (70051, |e| matches!(e, C::AccountBlocked(_)), false),
        (70107, |e| matches!(e, C::UserNotFound(_)), false),
        (70114, |e| matches!(e, C::LoginThrottled(_)), false),
        (70169, |e| matches!(e, C::ServerTimeout(_)), true),
        (70202, |e| matches!(e, C::ServerTimeoutRetry(_)), true),
        (70206, |e| matches!(e, C::InvalidBatchSize(_)), false),
        (70398, |e| matches!(e, C::AccountQuotaExceeded(_)), false),
        (70402, |e| matches!(e, C::InvalidParameter(_)), false),
        (70403, |e| matches!(e, C::AdminRequired(_)), false),
        (70500, |e| matches!(e, C::InternalError(_)), true),
        (71000, |e| matches!(e, C::AccountDeleteRefused(_)), false),
    ]
}

/// Scripts a failed reply for every documented code of an endpoint (its own cases, then the whole
/// common table), makes the call, and checks variant, code, retriability, message and meaning.
/// `common` unwraps the endpoint's `Common` variant.
async fn check_codes<E, R, Fut>(
    cases: Vec<Case<E>>,
    common: fn(&E) -> Option<&CommonError>,
    call: impl Fn(Client) -> Fut,
) where
    E: ServiceError,
    Fut: std::future::Future<Output = Result<R, Error<E>>>,
    R: Debug,
{
    let server = server().await;
    let client = client_for(&server.url());
    let fail_with = async |code: i64| -> (E, String) {
        let info = format!("service text for {code}");
        server.reply(fail(code, &info));
        let err = match call(client.clone()).await {
            Err(err) => err,
            Ok(reply) => panic!("code {code}: expected an error, got {reply:?}"),
        };
        assert_eq!(err.code(), Some(code), "{err:?}");
        assert_eq!(err.endpoint(), E::ENDPOINT);
        let Error::Service(e) = err else { panic!("code {code}: not a service error: {err:?}") };
        assert_eq!(e.detail().code, code);
        assert_eq!(e.detail().info, info, "the service's message is kept");
        assert!(e.meaning().is_some(), "code {code}: documented codes have a meaning");
        let text = e.to_string();
        assert!(
            text.contains(E::ENDPOINT) && text.contains(&format!("error {code}")) && text.contains(&info),
            "{text}"
        );
        (e, info)
    };

    for case in &cases {
        let (e, _) = fail_with(case.code).await;
        assert!((case.is_variant)(&e), "code {} became {e:?}", case.code);
        assert!(common(&e).is_none(), "code {} is the endpoint's own, not common: {e:?}", case.code);
        assert_eq!(e.is_retriable(), case.retriable, "code {}: {e:?}", case.code);
    }
    let common_table = common_cases();
    for &(code, is_variant, retriable) in &common_table {
        let (e, info) = fail_with(code).await;
        let c = common(&e).unwrap_or_else(|| panic!("code {code} is not `Common`: {e:?}"));
        assert!(is_variant(c), "code {code} became {c:?}");
        assert_eq!((c.code(), c.message()), (code, info.as_str()));
        assert_eq!(c.is_retriable(), retriable, "code {code}: {c:?}");
        assert_eq!(e.is_retriable(), retriable, "code {code}: {e:?}");
    }
    assert_eq!(server.requests().len(), cases.len() + common_table.len());
}

#[tokio::test]
async fn destroy_group_error_codes_become_their_variants() {
    use DestroyGroupError as D;
    let cases = vec![
        // table `group`
        case(10002, |e| matches!(e, D::InternalError(_)), true),
        case(10003, |e| matches!(e, D::InvalidCommand(_)), false),
        case(10004, |e| matches!(e, D::InvalidParameter(_)), false),
        case(10007, |e| matches!(e, D::PermissionDenied(_)), false),
        // the endpoint's own
        case(10010, |e| matches!(e, D::GroupNotFound(_)), false),
        case(10015, |e| matches!(e, D::InvalidGroupId(_)), false),
    ];
    let common: fn(&D) -> Option<&CommonError> = |e| match e {
        D::Common(c) => Some(c),
        _ => None,
    };
    check_codes(cases, common, |client| async move {
        client.group().destroy_group(DestroyGroupRequest::new("@TGS#2J4SZEAEL")).await
    })
    .await;
}

#[tokio::test]
async fn group_delete_error_codes_become_their_variants() {
    use GroupDeleteError as G;
    let cases = vec![
        // table `sns`
        case(30001, |e| matches!(e, G::InvalidParameter(_)), false),
        case(30003, |e| matches!(e, G::AccountNotFound(_)), false),
        case(30004, |e| matches!(e, G::AdminRequired(_)), false),
        case(30006, |e| matches!(e, G::InternalError(_)), true),
        case(30007, |e| matches!(e, G::NetworkTimeout(_)), true),
        case(30008, |e| matches!(e, G::WriteConflict(_)), true),
    ];
    let common: fn(&G) -> Option<&CommonError> = |e| match e {
        G::Common(c) => Some(c),
        _ => None,
    };
    check_codes(cases, common, |client| async move {
        client.sns().group_delete(GroupDeleteRequest::new("id", ["group1"])).await
    })
    .await;
}

#[tokio::test]
async fn del_contact_group_error_codes_become_their_variants() {
    use DelContactGroupError as D;
    let cases = vec![
        // table `recentcontact`
        case(50001, |e| matches!(e, D::AccountNotImported(_)), false),
        case(50002, |e| matches!(e, D::InvalidParameter(_)), false),
        case(50003, |e| matches!(e, D::AdminRequired(_)), false),
        case(50004, |e| matches!(e, D::InternalError(_)), true),
        case(50005, |e| matches!(e, D::NetworkTimeout(_)), true),
        // table `contact_group`
        case(51006, |e| matches!(e, D::MarkConversationCount(_)), false),
        case(51007, |e| matches!(e, D::GroupCodeLookupFailed(_)), false),
        case(51008, |e| matches!(e, D::TooManyConversationsInGroup(_)), false),
        case(51009, |e| matches!(e, D::ContactGroupNotFound(_)), false),
        case(51010, |e| matches!(e, D::TooManyContactGroups(_)), false),
        case(51011, |e| matches!(e, D::ContactGroupNameTooLong(_)), false),
        case(51012, |e| matches!(e, D::TooManyPinned(_)), false),
        case(51013, |e| matches!(e, D::EditionNotSupported(_)), false),
    ];
    let common: fn(&D) -> Option<&CommonError> = |e| match e {
        D::Common(c) => Some(c),
        _ => None,
    };
    check_codes(cases, common, |client| async move {
        client.recent_contact().del_contact_group(DelContactGroupRequest::new("user15", ["test0"])).await
    })
    .await;
}

#[tokio::test]
async fn a_code_of_another_service_is_unknown_not_misread() {
    // 10010 is a group code; for sns/group_delete it means nothing, and 30008 nothing for group.
    let server = server().await;
    let client = client_for(&server.url());
    server.reply(fail(10010, "group gone"));
    let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
    assert!(matches!(&err, Error::Service(GroupDeleteError::Unknown(d)) if d.code == 10010 && d.info == "group gone"));
    server.reply(fail(30008, "conflict"));
    let err = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    let Error::Service(e) = err else { panic!("{err:?}") };
    assert!(matches!(e, DestroyGroupError::Unknown(_)), "{e:?}");
    assert!(!e.is_retriable(), "unknown codes are not retriable even if another service retries them");
}

#[tokio::test]
async fn common_unknown_and_result_code_replies() {
    let server = server().await;
    let client = client_for(&server.url());

    // A common code, on each endpoint.
    server.reply(fail(70001, "sig expired"));
    let err = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    match &err {
        Error::Service(DestroyGroupError::Common(CommonError::UserSigExpired(d))) => {
            assert_eq!((d.code, d.info.as_str()), (70001, "sig expired"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.service().unwrap().is_retriable());
    server.reply(fail(60007, "slow down"));
    let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
    let Error::Service(GroupDeleteError::Common(c @ CommonError::ApiRateLimited(_))) = &err else { panic!("{err:?}") };
    assert!(c.is_retriable() && err.service().unwrap().is_retriable());
    assert_eq!(c.message(), "slow down");
    server.reply(fail(70500, "oops"));
    let err = client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", ["a"])).await.unwrap_err();
    assert!(matches!(&err, Error::Service(DelContactGroupError::Common(CommonError::InternalError(_)))), "{err:?}");
    assert!(err.service().unwrap().is_retriable());

    // An unknown code keeps its number and message.
    server.reply(fail(12345, "something new"));
    let err = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    assert_eq!(err.code(), Some(12345));
    match &err {
        Error::Service(DestroyGroupError::Unknown(detail)) => {
            assert_eq!(detail.code, 12345);
            assert_eq!(detail.info, "something new");
        }
        other => panic!("{other:?}"),
    }
    let e = err.service().unwrap();
    assert!(!e.is_retriable());
    assert_eq!(e.meaning(), None);
    assert!(e.to_string().contains("12345") && e.to_string().contains("something new"), "{e}");

    // `ResultCode`/`ResultInfo` instead of `ErrorCode`/`ErrorInfo`.
    server.reply(Reply::json(200, r#"{"ActionStatus":"FAIL","ResultCode":30008,"ResultInfo":"write conflict"}"#));
    let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
    match &err {
        Error::Service(e @ GroupDeleteError::WriteConflict(d)) => {
            assert_eq!((d.code, d.info.as_str()), (30008, "write conflict"));
            assert!(e.is_retriable());
        }
        other => panic!("{other:?}"),
    }
    // Both present: a zero `ErrorCode` does not hide a failing `ResultCode`.
    server.reply(Reply::json(
        200,
        r#"{"ActionStatus":"FAIL","ErrorCode":0,"ErrorInfo":"","ResultCode":30003,"ResultInfo":"no such account"}"#,
    ));
    let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
    assert!(
        matches!(&err, Error::Service(GroupDeleteError::AccountNotFound(d)) if d.info == "no such account"),
        "{err:?}"
    );
    // `ErrorDisplay` is kept when the service sends one.
    server.reply(Reply::json(
        200,
        r#"{"ActionStatus":"FAIL","ErrorCode":51009,"ErrorInfo":"not found","ErrorDisplay":"Group not found"}"#,
    ));
    let err = client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", ["a"])).await.unwrap_err();
    let Error::Service(DelContactGroupError::ContactGroupNotFound(d)) = &err else { panic!("{err:?}") };
    assert_eq!(d.display.as_deref(), Some("Group not found"));
}

// 3. Failures below the API: HTTP status, bodies that are not replies, timeouts, broken connections.

/// One error of every kind, from the same client where possible, and the UserSig it sent.
struct Failures {
    status: Error<DestroyGroupError>,
    not_json: Error<GroupDeleteError>,
    wrong_type: Error<DelContactGroupError>,
    timeout: Error<DestroyGroupError>,
    closed: Error<GroupDeleteError>,
    refused: Error<DelContactGroupError>,
    usersigs: Vec<String>,
}

async fn failures() -> Failures {
    let server = server().await;
    let client = builder_for(&server.url()).timeout(Duration::from_millis(200)).build().unwrap();

    server.reply(Reply::with_type(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    let status = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();

    server.reply(Reply::with_type(200, "text/plain", "this is not JSON"));
    let not_json = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();

    server.reply(Reply::json(
        200,
        r#"{"GroupItem": [{"GroupName": "test0", "GroupId": "two"}], "ActionStatus": "OK", "ErrorCode": 0}"#,
    ));
    let wrong_type =
        client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", ["test0"])).await.unwrap_err();

    server.reply(Reply::json(200, DESTROY_GROUP_OK).delay(Duration::from_secs(3)));
    let started = std::time::Instant::now();
    let timeout = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "the timeout took {:?}", started.elapsed());

    server.reply(Reply::close());
    let closed = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();

    let mut usersigs: Vec<String> =
        server.requests().iter().filter_map(|r| r.query_value("usersig").map(str::to_string)).collect();
    assert_eq!(usersigs.len(), 5, "every call but the refused one reached the server");

    // Nothing listens there. The UserSig this client would send never reaches a server, so add every
    // UserSig it could have signed around the call.
    let refused_client = builder_for(&refused_url().unwrap()).timeout(Duration::from_secs(5)).build().unwrap();
    let before = unix_now();
    let refused =
        refused_client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", ["a"])).await.unwrap_err();
    let after = unix_now();
    for t in before.saturating_sub(1)..=after + 1 {
        usersigs.push(usersig::sign(&SecretKey::new(KEY), SDKAPPID, ADMIN, t, 24 * 3600, None).expose().to_string());
    }
    usersigs.sort();
    usersigs.dedup();
    Failures { status, not_json, wrong_type, timeout, closed, refused, usersigs }
}

#[tokio::test]
async fn failures_below_the_api_have_their_own_variants() {
    let f = failures().await;

    match &f.status {
        Error::Status { endpoint, status, body } => {
            assert_eq!((*endpoint, *status), ("group_open_http_svc/destroy_group", 502));
            assert!(body.contains("502 Bad Gateway"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.status.code(), None);

    match &f.not_json {
        Error::Decode { endpoint, body, .. } => {
            assert_eq!(*endpoint, "sns/group_delete");
            assert_eq!(body, "this is not JSON");
        }
        other => panic!("{other:?}"),
    }
    match &f.wrong_type {
        Error::Acted { endpoint, reason, reply } => {
            assert_eq!(*endpoint, "recentcontact/del_contact_group");
            assert!(reason.contains("invalid type"), "{reason}");
            assert_eq!(reply["GroupItem"][0]["GroupId"], "two", "the reply is kept");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&f.timeout, Error::Timeout { endpoint: "group_open_http_svc/destroy_group" }), "{:?}", f.timeout);
    assert!(
        matches!(&f.closed, Error::Transport { endpoint: "sns/group_delete", connect: false, .. }),
        "{:?}",
        f.closed
    );
    assert!(
        matches!(&f.refused, Error::Transport { endpoint: "recentcontact/del_contact_group", connect: true, .. }),
        "{:?}",
        f.refused
    );
}

#[tokio::test]
async fn reply_without_status_fields_or_with_a_bad_status_is_a_decode_error() {
    let server = server().await;
    let client = client_for(&server.url());
    for body in [
        r#"{"CurrentSequence": 4}"#,
        r#"{"ActionStatus":"FAIL","ErrorCode":0}"#,
        r#"{"ActionStatus":"MAYBE","ErrorCode":0,"CurrentSequence":4}"#,
        r#"[1, 2, 3]"#,
        r#"{"ActionStatus":"OK","ErrorCode":"ten"}"#,
        "",
    ] {
        server.reply(Reply::json(200, body));
        let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
        assert!(matches!(err, Error::Decode { endpoint: "sns/group_delete", .. }), "{body}: {err:?}");
    }
}

/// Replies whose envelope says the service acted, but whose fields do not fit the reply type.
#[tokio::test]
async fn an_ok_reply_that_does_not_fit_is_kept_and_never_retried() {
    let server = server().await;
    // The default policy, which repeats idempotent calls such as this one after a decode failure.
    let client = Client::builder(SDKAPPID, ADMIN, KEY, Region::Singapore).base_url(server.url()).build().unwrap();
    let cases = [
        ("missing", r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#, Value::Null),
        ("null", r#"{"ActionStatus":"OK","ErrorCode":0,"CurrentSequence":null}"#, Value::Null),
        ("mistyped", r#"{"ActionStatus":"OK","ErrorCode":0,"CurrentSequence":"four"}"#, json!("four")),
        ("no ActionStatus", r#"{"ErrorCode":0,"CurrentSequence":[4]}"#, json!([4])),
    ];
    for (i, (what, body, sequence)) in cases.into_iter().enumerate() {
        server.reply(Reply::json(200, body));
        let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
        assert_eq!(server.requests().len(), i + 1, "{what}: sent once, never repeated");
        let Error::Acted { endpoint, reason, reply } = &err else { panic!("{what}: {err:?}") };
        assert_eq!(*endpoint, "sns/group_delete");
        assert!(reason.contains("CurrentSequence") || reason.contains("invalid type"), "{what}: {reason}");
        assert_eq!(reply.get("CurrentSequence").cloned().unwrap_or(Value::Null), sequence, "{what}: the reply is kept");
        assert!(err.service_acted() && err.code().is_none(), "{what}");
        assert!(err.to_string().contains("the service acted") && err.to_string().contains("do not repeat"), "{err}");
    }
}

#[tokio::test]
async fn an_error_code_sent_as_a_string_keeps_its_code() {
    let server = server().await;
    let client = client_for(&server.url());
    server.reply(Reply::json(200, r#"{"ActionStatus":"FAIL","ErrorCode":"10010","ErrorInfo":"gone"}"#));
    let err = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    assert!(matches!(&err, Error::Service(DestroyGroupError::GroupNotFound(d)) if d.info == "gone"), "{err:?}");
    server.reply(Reply::json(200, r#"{"ActionStatus":"FAIL","ResultCode":" 30008 ","ResultInfo":7}"#));
    let err = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err();
    let Error::Service(e) = &err else { panic!("{err:?}") };
    assert_eq!((e.code(), e.detail().info.as_str()), (30008, "7"), "a text sent as a number is still shown");
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":"0","CurrentSequence":4}"#));
    let ok = client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap();
    assert_eq!(ok.current_sequence, 4);
}

// 4. Limits.

#[tokio::test]
async fn requests_breaking_a_limit_are_refused_before_sending() {
    let server = server().await;
    let client = client_for(&server.url());

    let names: Vec<String> = (0..33).map(|i| format!("list{i}")).collect();
    let err = client.sns().group_delete(GroupDeleteRequest::new("id", names.clone())).await.unwrap_err();
    let Error::Refused(v) = &err else { panic!("{err:?}") };
    assert_eq!(
        (v.endpoint, v.field.as_str(), v.limit, v.actual),
        ("sns/group_delete", "GroupName", Limit::MaxItems(32), 33)
    );
    assert!(err.to_string().contains("`GroupName`") && err.to_string().contains("32"), "{err}");
    assert_eq!(err.endpoint(), "sns/group_delete");

    let long = "x".repeat(40);
    let err =
        client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", [long.clone()])).await.unwrap_err();
    let Error::Refused(v) = &err else { panic!("{err:?}") };
    assert_eq!(
        (v.endpoint, v.field.as_str(), v.limit, v.actual),
        ("recentcontact/del_contact_group", "GroupName[0]", Limit::MaxBytes(32), 40)
    );
    assert!(err.to_string().contains("`GroupName[0]`") && err.to_string().contains("32 bytes"), "{err}");

    let err =
        client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", ["a", "b"])).await.unwrap_err();
    let Error::Refused(v) = &err else { panic!("{err:?}") };
    assert_eq!((v.field.as_str(), v.limit, v.actual), ("GroupName", Limit::MaxItems(1), 2));
    assert!(server.requests().is_empty(), "a refused request reached the server: {:?}", server.requests());

    // At the limits the requests go out.
    server.reply(Reply::json(200, GROUP_DELETE_OK));
    client.sns().group_delete(GroupDeleteRequest::new("id", &names[..32])).await.expect("32 names are allowed");
    server.reply(Reply::json(200, DEL_CONTACT_GROUP_OK));
    let name32 = "中".repeat(10) + "xx"; // 32 bytes, 12 characters
    client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", [&name32])).await.expect("32 bytes");
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "only the requests within the limits reached the server");
    assert_eq!(seen[0].json(), Some(json!({"From_Account": "id", "GroupName": &names[..32]})));
    assert_eq!(seen[1].json(), Some(json!({"From_Account": "u", "GroupName": [name32]})));
}

#[tokio::test]
async fn with_limit_checks_off_the_same_requests_are_sent() {
    let server = server().await;
    let client = builder_for(&server.url()).check_limits(false).build().unwrap();

    let names: Vec<String> = (0..33).map(|i| format!("list{i}")).collect();
    server.reply(Reply::json(200, GROUP_DELETE_OK));
    let reply = client.sns().group_delete(GroupDeleteRequest::new("id", names.clone())).await.expect("sent");
    assert_eq!(reply.current_sequence, 4);

    let long = "x".repeat(40);
    server.reply(Reply::json(200, DEL_CONTACT_GROUP_OK));
    client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", [long.clone()])).await.expect("sent");
    server.reply(fail(50002, "only one group at a time"));
    let err =
        client.recent_contact().del_contact_group(DelContactGroupRequest::new("u", ["a", "b"])).await.unwrap_err();
    assert!(matches!(err, Error::Service(DelContactGroupError::InvalidParameter(_))), "{err:?}");

    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].path, "/v4/sns/group_delete");
    assert_eq!(seen[0].json(), Some(json!({"From_Account": "id", "GroupName": names})));
    assert_eq!(seen[1].json(), Some(json!({"From_Account": "u", "GroupName": [long]})));
    assert_eq!(seen[2].json(), Some(json!({"From_Account": "u", "GroupName": ["a", "b"]})));
}

// 5. Secrets.

/// Display and Debug of `value` and, for errors, of every source in the chain.
fn renderings(value: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = Some(value);
    while let Some(e) = next {
        out.push(e.to_string());
        out.push(format!("{e:?}"));
        out.push(format!("{e:#?}"));
        next = e.source();
    }
    out
}

fn assert_no_secret(what: &str, texts: &[String], usersigs: &[String]) {
    assert!(!usersigs.is_empty());
    for text in texts {
        assert!(!text.contains(KEY), "{what} shows the secret key: {text}");
        // Any long piece of the key would be a leak too.
        assert!(!text.contains(&KEY[8..30]), "{what} shows part of the secret key: {text}");
        for sig in usersigs {
            assert!(!text.contains(sig.as_str()), "{what} shows the UserSig: {text}");
            assert!(!text.contains(&sig[..40]), "{what} shows part of the UserSig: {text}");
        }
        assert!(!text.to_ascii_lowercase().contains("usersig="), "{what} shows the query: {text}");
    }
}

#[tokio::test]
async fn no_error_and_no_debug_output_shows_the_key_or_the_usersig() {
    let f = failures().await;
    let sigs = &f.usersigs;
    assert_no_secret("Status", &renderings(&f.status), sigs);
    assert_no_secret("Decode (not JSON)", &renderings(&f.not_json), sigs);
    assert_no_secret("Acted (wrong type)", &renderings(&f.wrong_type), sigs);
    assert_no_secret("Timeout", &renderings(&f.timeout), sigs);
    assert_no_secret("Transport (closed)", &renderings(&f.closed), sigs);
    assert_no_secret("Transport (refused)", &renderings(&f.refused), sigs);

    let server = server().await;
    let client = client_for(&server.url());
    let mut texts = Vec::new();
    for code in [10010, 70001, 12345] {
        server.reply(fail(code, "message"));
        let err = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
        texts.extend(renderings(&err));
    }
    server.reply(Reply::json(200, r#"{"ActionStatus":"FAIL","ResultCode":30008,"ResultInfo":"conflict"}"#));
    texts.extend(renderings(&client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.unwrap_err()));
    let refused =
        client.sns().group_delete(GroupDeleteRequest::new("id", (0..33).map(|i| i.to_string()))).await.unwrap_err();
    assert!(matches!(refused, Error::Refused(_)));
    texts.extend(renderings(&refused));
    texts.push(format!("{client:?}"));
    texts.push(format!("{client:#?}"));
    let builder = builder_for(&server.url());
    texts.push(format!("{builder:?}"));
    texts.push(format!("{:?}", SecretKey::new(KEY)));

    let mut sigs = sigs.clone();
    sigs.extend(server.requests().iter().filter_map(|r| r.query_value("usersig").map(str::to_string)));
    assert_eq!(server.requests().len(), 4);
    assert_no_secret("service errors and the client", &texts, &sigs);
    // The check above is only worth something if the texts say something.
    assert!(texts.iter().any(|t| t.contains("12345")) && texts.iter().any(|t| t.contains(ADMIN)));
}

#[tokio::test]
async fn a_body_that_echoes_the_request_url_does_not_leak_the_usersig() {
    let server = server().await;
    let client = client_for(&server.url());
    // The first call makes the client sign; the signature is then reused, so it can be echoed.
    server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#));
    client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap();
    let sig = server.requests()[0].query_value("usersig").unwrap().to_string();

    let page = format!("<html>502 Bad Gateway: POST /v4/x?sdkappid=1&usersig={sig}&random=1</html>");
    server.reply(Reply::with_type(502, "text/html", page));
    let status = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    assert!(matches!(status, Error::Status { status: 502, .. }));

    server.reply(Reply::json(200, format!(r#"{{"echo": "{sig}"}}"#)));
    let decode = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    assert!(matches!(decode, Error::Decode { .. }));

    // Echoed where the excerpt is cut (256 bytes): no leading piece of it may survive the cut.
    server.reply(Reply::json(200, format!(r#"{{"pad": "{}", "echo": "{sig}"}}"#, "x".repeat(150))));
    let cut = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    assert!(matches!(cut, Error::Decode { .. }));

    let mut texts = renderings(&status);
    texts.extend(renderings(&decode));
    texts.extend(renderings(&cut));
    for text in &texts {
        assert!(!text.contains(&sig[..40]), "the UserSig leaks: {text}");
    }
    assert!(texts.iter().any(|t| t.contains("<redacted>")), "the excerpt is kept, with the signature blanked");
}

/// Asserts that no piece of `sig` of 8 characters or more, plain or percent-encoded, is in `texts`.
fn assert_no_piece(what: &str, texts: &[String], sig: &str) {
    let percent: Vec<String> = sig.bytes().map(|b| format!("%{b:02X}")).collect();
    for text in texts {
        for start in 0..=sig.len() - 8 {
            let piece = &sig[start..start + 8];
            assert!(!text.contains(piece), "{what} shows `{piece}` of the UserSig: {text}");
            let encoded = percent[start..start + 8].concat();
            assert!(!text.to_ascii_uppercase().contains(&encoded), "{what} shows `{encoded}`: {text}");
        }
    }
}

#[tokio::test]
async fn whatever_the_server_echoes_no_piece_of_the_usersig_shows() {
    let server = server().await;
    let client = client_for(&server.url());
    let ok = Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#);
    server.reply(ok.clone());
    client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap();
    let sig = server.requests()[0].query_value("usersig").unwrap().to_string();

    let scripts = [
        ("ErrorInfo", fail(10010, "bad usersig {usersig}")),
        ("ErrorInfo, percent-encoded", fail(10010, "bad usersig {usersig%}")),
        ("ErrorInfo, in pieces", fail(10010, "pieces: {usersig/8}")),
        ("ErrorDisplay", Reply::json(200, r#"{"ActionStatus":"FAIL","ErrorCode":10010,"ErrorDisplay":"{usersig/8}"}"#)),
        ("ResultInfo", Reply::json(200, r#"{"ActionStatus":"FAIL","ResultCode":1,"ResultInfo":"{usersig}"}"#)),
        ("a decode reason", Reply::json(200, r#"{"ActionStatus":"{usersig}","ErrorCode":0}"#)),
        ("an excerpt", Reply::with_type(200, "text/plain", "not JSON {usersig} {usersig%}")),
        ("a status page", Reply::with_type(503, "text/html", "<p>{usersig/8} {usersig%}</p>")),
        ("a kept reply", Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0,"GroupItem":"{usersig}"}"#)),
    ];
    let mut all = Vec::new();
    for (what, reply) in scripts {
        server.reply(reply.echo_usersig());
        let request = DelContactGroupRequest::new("u", ["a"]);
        let err = client.recent_contact().del_contact_group(request).await.unwrap_err();
        let texts = renderings(&err);
        assert_no_piece(what, &texts, &sig);
        all.extend(texts);
    }
    assert_eq!(server.requests().iter().filter(|r| r.query_value("usersig") == Some(&sig)).count(), 10);
    // What the echo did not carry is kept: the texts are still worth reading.
    assert!(all.iter().any(|t| t.contains("bad usersig <redacted>")), "{all:#?}");
    assert!(all.iter().any(|t| t.contains("pieces: <redacted>")), "{all:#?}");
}

// 6. Time: the whole call, each attempt, and the documented call frequency.

#[tokio::test]
async fn the_timeout_bounds_the_whole_call_retries_included() {
    let server = server().await;
    for _ in 0..3 {
        server.reply(Reply::json(200, DESTROY_GROUP_OK).delay(Duration::from_secs(3)));
    }
    // The default policy retries timeouts of this idempotent endpoint.
    let client = Client::builder(SDKAPPID, ADMIN, KEY, Region::Singapore)
        .base_url(server.url())
        .timeout(Duration::from_millis(600))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.group().destroy_group(DestroyGroupRequest::new("g")).await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(took < Duration::from_millis(1500), "a 600 ms call took {took:?}");
    assert_eq!(server.requests().len(), 1, "no attempt starts that could not finish in time");
}

#[tokio::test]
async fn the_attempt_timeout_leaves_time_to_retry_a_hung_attempt() {
    let server = server().await;
    server.reply(Reply::json(200, DESTROY_GROUP_OK).delay(Duration::from_secs(3)));
    server.reply(Reply::json(200, DESTROY_GROUP_OK));
    let client = Client::builder(SDKAPPID, ADMIN, KEY, Region::Singapore)
        .base_url(server.url())
        .timeout(Duration::from_secs(5))
        .attempt_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap();
    client.group().destroy_group(DestroyGroupRequest::new("g")).await.expect("the second attempt answers");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_frequency_refusal_is_retried_after_the_window_moved() {
    let server = server().await;
    server.reply(fail(60007, "too often"));
    server.reply(Reply::json(200, GROUP_DELETE_OK));
    let client = Client::builder(SDKAPPID, ADMIN, KEY, Region::Singapore).base_url(server.url()).build().unwrap();
    client.sns().group_delete(GroupDeleteRequest::new("id", ["a"])).await.expect("retried");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    let gap = seen[1].received - seen[0].received;
    assert!(gap >= Duration::from_secs(1), "group_delete allows 200 calls per second: waited only {gap:?}");
}

/// An endpoint of our own with a small documented frequency, so that windows pass quickly.
#[derive(Clone, serde::Serialize)]
struct Paced {
    #[serde(rename = "Items")]
    items: Vec<u32>,
}

const PACED_RATE: chat_api::runtime::RateLimit = chat_api::runtime::RateLimit::new(10, 1);

impl chat_api::runtime::Endpoint for Paced {
    const PATH: &'static str = "test/paced";
    const RATE_LIMIT: Option<chat_api::runtime::RateLimit> = Some(PACED_RATE);
    const EDITION: Option<chat_api::runtime::Edition> = None;
    type Response = Value;
    type Error = DestroyGroupError;
}

/// The most calls that arrived within any one window of the rate, and how many the first window
/// holds (what a burst reaches).
fn per_window(seen: &[Request]) -> (usize, usize) {
    let period = Duration::from_secs(PACED_RATE.period_secs());
    let counts: Vec<usize> = seen
        .iter()
        .map(|a| seen.iter().filter(|b| b.received >= a.received && b.received - a.received < period).count())
        .collect();
    (counts.iter().copied().max().unwrap_or(0), counts.first().copied().unwrap_or(0))
}

#[tokio::test]
async fn paced_and_batched_calls_stay_within_the_documented_frequency_and_reach_it() {
    let calls = usize::try_from(PACED_RATE.calls()).unwrap();
    let server = server().await;
    for _ in 0..5 * calls {
        server.reply(Reply::json(200, DESTROY_GROUP_OK));
    }
    // A burst of concurrent calls on a pacing client.
    let client = builder_for(&server.url()).pace_to_rate_limits(true).build().unwrap();
    let burst = (0..25).map(|i| {
        let client = client.clone();
        async move { client.call(&Paced { items: vec![i] }).await }
    });
    let results = futures_util::future::join_all(burst).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let (most, first) = per_window(&server.requests());
    eprintln!("paced burst: at most {most} calls per window, {first} in the first, {calls} allowed");
    assert!(most <= calls, "{most} paced calls in one window, {calls} allowed");
    assert!(first * 10 >= calls * 9, "a burst reaches the frequency: {first} of {calls} in its first window");

    // A batch split into one call per item, on a client that does not pace.
    let before = server.requests().len();
    let client = client_for(&server.url());
    let batch = chat_api::runtime::run_batch(
        &client,
        Paced { items: (0..25).collect() },
        1,
        |p| std::mem::take(&mut p.items),
        |p, items| p.items = items,
    )
    .await;
    assert!(batch.all_ok() && batch.calls.len() == 25);
    let (most, first) = per_window(&server.requests()[before..]);
    eprintln!("batch: at most {most} calls per window, {first} in the first, {calls} allowed");
    assert!(most <= calls, "{most} batched calls in one window, {calls} allowed");
    assert!(first * 10 >= calls * 9, "a batch reaches the frequency: {first} of {calls} in its first window");
}
