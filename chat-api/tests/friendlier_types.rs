//! What makes the types pleasant to hold: crate-root exports, `Error::is_retriable`, the detail's
//! accessors named as the error enums', `Default` for requests without required fields, and setters
//! named once (`with_recalled_msg`, not `with_with_recalled_msg`).

use chat_api::group::{DestroyGroupError, GetAppidGroupListRequest, GroupMsgGetSimpleRequest};
use chat_api::runtime::{Endpoint, ServiceError};
use chat_api::sns::GroupDeleteRequest;
use chat_api::{Edition, Error, ErrorDetail};

#[test]
fn error_detail_and_edition_live_at_the_crate_root() {
    let detail = ErrorDetail::new(10010, "group gone");
    assert_eq!((detail.code(), detail.message(), detail.display()), (10010, "group gone", None));
    let e = DestroyGroupError::from_detail(detail.clone());
    // The same names on the enum and on its detail.
    assert_eq!((e.code(), e.message()), (detail.code(), detail.message()));
    assert!(Edition::Pro < Edition::Premium && Edition::Premium < Edition::Enterprise);
}

#[test]
fn is_retriable_on_the_top_level_error() {
    let service = |code| Error::Service(DestroyGroupError::from_detail(ErrorDetail::new(code, "")));
    assert!(service(10002).is_retriable(), "10002 is documented as retriable");
    assert!(!service(10010).is_retriable());
    let status = |status| Error::<DestroyGroupError>::Status { endpoint: "x", status, body: String::new() };
    assert!(status(502).is_retriable() && status(429).is_retriable() && !status(404).is_retriable());
    assert!(Error::<DestroyGroupError>::Timeout { endpoint: "x" }.is_retriable());
    let decode = Error::<DestroyGroupError>::Decode { endpoint: "x", reason: String::new(), body: String::new() };
    assert!(!decode.is_retriable());
    let names: Vec<String> = (0..33).map(|i| format!("list{i}")).collect();
    let violation = GroupDeleteRequest::new("a", names).check_limits().unwrap_err();
    let refused: Error<DestroyGroupError> = Error::Refused(violation);
    assert!(!refused.is_retriable());
}

#[test]
fn requests_without_required_fields_have_default() {
    assert_eq!(GetAppidGroupListRequest::default(), GetAppidGroupListRequest::new());
}

#[test]
fn setters_of_fields_named_with_something_are_not_doubled() {
    let request = GroupMsgGetSimpleRequest::new("@TGS#1", 20).with_recalled_msg(true);
    assert_eq!(serde_json::to_value(&request).unwrap()["WithRecalledMsg"], 1);
}
