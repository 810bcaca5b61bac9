//! Typed client for the Tencent Cloud Chat (Tencent IM) server-side REST API.
//!
//! Every endpoint has a request type built from its required fields, a reply type, and an error
//! enum with one variant per documented code. All three, and the method that calls the endpoint,
//! are generated from a reviewed spec of the vendor's documentation; the client under them is
//! written by hand.
//!
//! ```no_run
//! use chat_api::{Client, Error, Region};
//! use chat_api::group::{DestroyGroupError, DestroyGroupRequest};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(1400000000, "administrator", "your-secret-key", Region::Singapore)?;
//! match client.group().destroy_group(DestroyGroupRequest::new("@TGS#2J4SZEAEL")).await {
//!     Ok(_) => println!("disbanded"),
//!     Err(Error::Service(DestroyGroupError::GroupNotFound(_))) => println!("already gone"),
//!     Err(e) if e.code() == Some(10015) => println!("bad group ID: {e}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! - Requests that break a documented limit are refused before anything is sent
//!   ([`Error::Refused`]); see [`ClientBuilder::check_limits`].
//! - The client signs its admin UserSig itself, shares it between calls and renews it before it
//!   expires. To issue UserSigs for your users, see [`usersig`].
//! - The secret key and UserSigs never appear in `Debug` output, error messages or logs.

// Generated code names this crate as `::chat_api`, inside it and out (tests compile it elsewhere).
extern crate self as chat_api;

mod client;
mod env;
mod error;
#[rustfmt::skip]
mod generated;
pub mod http;
mod messages;
mod pacer;
mod retry;
pub mod runtime;
mod secret;
mod signer;
pub mod usersig;
pub mod webhook;

pub use client::{Client, ClientBuilder};
pub use env::EnvError;
pub use error::{BuildError, Error};
pub use generated::*;
pub use retry::{RetryPolicy, WhenActed};
pub use runtime::{Edition, ErrorDetail};
pub use secret::SecretKey;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
