//! Receiving the service's webhooks: check where a callback comes from ([`Verifier`]), decode it
//! ([`Event`], one variant per command), and answer it ([`Answer`]: a command's reply type, or
//! [`Ack`] for `after` callbacks). Works on the query string and body bytes, so any web server can
//! use it; the `hyper-server` feature adds a ready hyper service (`webhook::server`).
//!
//! ```
//! use chat_api::webhook::{Event, GroupBeforeSendMsgReply, Verifier, sign, WebhookToken};
//!
//! let verifier = Verifier::new(1400000000, "my-token");
//! let now = 1_700_000_000;
//! let query = verifier.signed_query("Group.CallbackBeforeSendMsg", now, "RESTAPI");
//! let body = br#"{"CallbackCommand":"Group.CallbackBeforeSendMsg","GroupId":"@TGS#1","Type":"Public",
//!     "From_Account":"jared","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#;
//! let (_query, event) = verifier.receive(&query, body, now)?;
//! let answer = match event {
//!     Event::GroupBeforeSendMsg(m) if m.from_account.as_deref() == Some("spammer") => {
//!         GroupBeforeSendMsgReply::refuse(10100, "not allowed").into()
//!     }
//!     other => other.allow(),
//! };
//! assert_eq!(answer.json()["ErrorCode"], 0);
//! # Ok::<(), chat_api::webhook::VerifyError>(())
//! ```

pub mod de;
#[cfg(feature = "hyper-server")]
pub mod server;
mod signature;

pub use crate::generated::webhook::*;
pub use signature::{DEFAULT_WINDOW_SECS, Query, Verifier, VerifyError, WebhookToken, sign, unix_now};

/// Implemented by the generated reply types and [`Ack`]: what may be sent back as an [`Answer`].
pub trait ReplyBody: serde::Serialize {}

/// The answer to an `after` callback, which the service does not act on: `ErrorCode` 0.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// `OK`.
    #[serde(rename = "ActionStatus")]
    pub action_status: String,
    /// 0.
    #[serde(rename = "ErrorCode")]
    pub error_code: i64,
    /// Empty.
    #[serde(rename = "ErrorInfo")]
    pub error_info: String,
}

impl Ack {
    /// `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`.
    pub fn ok() -> Self {
        Ack { action_status: "OK".into(), error_code: 0, error_info: String::new() }
    }
}

impl ReplyBody for Ack {}

/// A reply ready to be sent: a JSON body with status 200.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer(serde_json::Value);

impl Answer {
    /// The JSON body.
    pub fn json(&self) -> &serde_json::Value {
        &self.0
    }

    /// The body's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.0).unwrap_or_default()
    }
}

impl<T: ReplyBody> From<T> for Answer {
    fn from(reply: T) -> Self {
        // The reply types hold strings, integers and JSON values only: encoding cannot fail.
        Answer(serde_json::to_value(&reply).unwrap_or_default())
    }
}
