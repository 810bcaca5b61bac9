//! A local, stateful emulator of the Tencent Cloud Chat REST API, for the endpoints chat-api
//! covers: what LocalStack or moto are to AWS.
//!
//! It checks the query every call carries (app, admin identifier, UserSig verified with the app's
//! key, `random`, `contenttype`) with the vendor's codes, decodes bodies into chat-api's generated
//! request types and applies the same documented limits the client checks, keeps accounts, groups,
//! friend lists and conversation groups in memory, enforces the documented call frequencies, and
//! can inject faults.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use chat_api_sandbox::{Config, Sandbox};
//!
//! let sandbox = Sandbox::start(Config::new(1400000000, "administrator", "a-secret-key")).await?;
//! let client = sandbox.client();
//! let reply = client
//!     .group()
//!     .destroy_group(chat_api::group::DestroyGroupRequest::new("@TGS#missing"))
//!     .await;
//! assert_eq!(reply.unwrap_err().code(), Some(10010));
//! # Ok(())
//! # }
//! ```
//!
//! As a server for tests in any language (the `chat-api-sandbox` binary), it adds a control
//! surface under `/_sandbox/` ([`control`]: reset, dump and seed the state, inject faults, save and
//! load a state file) and a JSON-lines request log ([`Emulator::log_requests`]).
//!
//! Where the vendor's pages leave behaviour open, the sandbox's choice is documented on the handler
//! (e.g. deleting a friend list that does not exist is not an error).

mod auth;
pub mod control;
mod emulator;
mod endpoints;
mod faults;
mod log;
mod persist;
mod rate;
mod server;
pub mod state;
mod webhooks;

pub use emulator::{Call, Config, Ctx, Emulator, Fail, Outcome};
pub use faults::{Fault, Faults};
pub use server::{Sandbox, ServerOptions};
pub use webhooks::{OnFailure, WebhookConfig};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
