//! The emulator without the network: one call in (path, query, body), one outcome out. The HTTP
//! server in `server.rs` is a thin shell around it, and tests may drive it directly.

use crate::auth;
use crate::endpoints::{Route, routes};
use crate::faults::{Fault, Faults};
use crate::rate::Limiter;
use crate::state::State;
use chat_api::SecretKey;
use chat_api::runtime::Edition;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The app the sandbox pretends to be.
#[derive(Clone, Debug)]
pub struct Config {
    /// The app's SDKAppID.
    pub sdkappid: u64,
    /// Its admin account: the only `identifier` accepted.
    pub admin: String,
    /// Its secret key, to verify UserSigs with.
    pub key: SecretKey,
    /// Its edition (default Premium, so that every covered endpoint works).
    pub edition: Edition,
    /// Whether the documented call frequencies are enforced (default on).
    pub rate_limits: bool,
    /// The app's webhook server, if it has one (`Config::webhook`).
    pub webhooks: Option<crate::webhooks::WebhookConfig>,
}

impl Config {
    /// An app with the given identity, on the Premium edition, with frequency limits on.
    pub fn new(sdkappid: u64, admin: impl Into<String>, key: impl Into<SecretKey>) -> Self {
        Config {
            sdkappid,
            admin: admin.into(),
            key: key.into(),
            edition: Edition::Premium,
            rate_limits: true,
            webhooks: None,
        }
    }

    /// The same app on another edition.
    #[must_use]
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = edition;
        self
    }

    /// The same app with frequency limits on or off.
    #[must_use]
    pub fn rate_limits(mut self, on: bool) -> Self {
        self.rate_limits = on;
        self
    }
}

/// One request as it arrived.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    /// URL path, e.g. `/v4/sns/group_delete`.
    pub path: &'a str,
    /// URL query, without `?`.
    pub query: &'a str,
    /// Request body.
    pub body: &'a [u8],
}

/// What to do with a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answer after `delay`.
    Reply {
        /// HTTP status.
        status: u16,
        /// `Content-Type` of the body.
        content_type: &'static str,
        /// The body.
        body: Vec<u8>,
        /// How long to wait before answering.
        delay: Duration,
    },
    /// Close the connection without answering.
    Drop,
}

impl Outcome {
    fn json(value: &Value) -> Outcome {
        Outcome::Reply {
            status: 200,
            content_type: "application/json",
            body: value.to_string().into_bytes(),
            delay: Duration::ZERO,
        }
    }

    /// The body as JSON, for a reply that has one.
    pub fn json_body(&self) -> Option<Value> {
        match self {
            Outcome::Reply { body, .. } => serde_json::from_slice(body).ok(),
            Outcome::Drop => None,
        }
    }
}

/// A refused call: the code and text the service answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fail {
    /// `ErrorCode`.
    pub code: i64,
    /// `ErrorInfo`.
    pub info: String,
}

impl Fail {
    /// A failure with code and text.
    pub fn new(code: i64, info: impl Into<String>) -> Fail {
        Fail { code, info: info.into() }
    }
}

/// What a handler sees besides the state: the app and the time.
pub struct Ctx<'a> {
    /// The app.
    pub config: &'a Config,
    /// Seconds since the Unix epoch.
    pub now: u64,
}

impl Ctx<'_> {
    /// `now` as the signed seconds of the one-to-one message and friend pages.
    pub(crate) fn signed_now(&self) -> i64 {
        i64::try_from(self.now).unwrap_or(i64::MAX)
    }

    /// The sender a request names, else the admin (the services' default for `From_Account`).
    pub(crate) fn sender(&self, from: Option<&str>) -> String {
        from.unwrap_or(&self.config.admin).to_string()
    }
}

/// The emulated service: state, frequency windows and pending faults, behind locks so that one
/// emulator serves concurrent connections.
pub struct Emulator {
    config: Config,
    routes: BTreeMap<&'static str, Route>,
    state: Mutex<State>,
    limiter: Mutex<Limiter>,
    faults: Faults,
    /// The request log and the state file (`log.rs`, `persist.rs`, `control.rs`).
    pub(crate) tooling: crate::control::Tooling,
}

impl Emulator {
    /// An emulator with empty state (the admin account exists).
    pub fn new(config: Config) -> Emulator {
        let state = State::with_admin(&config.admin);
        Emulator {
            config,
            routes: routes(),
            state: Mutex::new(state),
            limiter: Mutex::new(Limiter::default()),
            faults: Faults::default(),
            tooling: crate::control::Tooling::default(),
        }
    }

    /// The app it pretends to be.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Paths it serves (after `v4/`), in order.
    pub fn endpoints(&self) -> Vec<&'static str> {
        self.routes.keys().copied().collect()
    }

    /// Faults to inject into coming calls.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// A copy of the current state, to assert on.
    pub fn state(&self) -> State {
        self.lock_state().clone()
    }

    /// Changes the state directly, e.g. to set up a test.
    pub fn edit_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.lock_state())
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held cannot leave the state half-changed in a way that matters
        // more than losing the sandbox: keep serving.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Back to a fresh start: the admin account only, no pending faults, fresh frequency windows.
    pub fn reset(&self) {
        *self.lock_state() = State::with_admin(&self.config.admin);
        self.faults.clear();
        *self.limiter.lock().unwrap_or_else(|p| p.into_inner()) = Limiter::default();
    }

    /// Handles one call at the current time (and logs it, see [`Emulator::log_requests`]).
    pub fn call(&self, call: Call<'_>) -> Outcome {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let outcome = self.call_at(call, now, Instant::now());
        self.tooling.log.record(&call, &outcome, now);
        outcome
    }

    /// Handles one call at `now` (Unix seconds; UserSig expiry is judged against it) and `instant`
    /// (for frequency windows).
    pub fn call_at(&self, call: Call<'_>, now: u64, instant: Instant) -> Outcome {
        let Some(path) = call.path.strip_prefix("/v4/") else {
            return fail_reply(&Fail::new(60009, format!("no resource at `{}`; paths start with /v4/", call.path)));
        };
        if let Err(fail) = auth::check(&self.config, call.query, now) {
            return fail_reply(&fail);
        }
        let Some(route) = self.routes.get(path) else {
            return fail_reply(&Fail::new(60009, format!("unknown command `{path}`")));
        };
        if self.config.rate_limits {
            let allowed = self.limiter.lock().unwrap_or_else(|p| p.into_inner()).allow(route.path, route.rate, instant);
            if !allowed {
                return fail_reply(&Fail::new(
                    60007,
                    format!("more than the documented call frequency of {}", route.path),
                ));
            }
        }
        let fault = self.faults.take(route.path);
        let cx = Ctx { config: &self.config, now };
        match fault {
            None => self.apply(route, &cx, call.body),
            Some(Fault::Status(status)) => Outcome::Reply {
                status,
                content_type: "text/html",
                body: format!("<html><body><h1>{status}</h1>injected by the sandbox</body></html>").into_bytes(),
                delay: Duration::ZERO,
            },
            Some(Fault::Delay(delay)) => match self.apply(route, &cx, call.body) {
                Outcome::Reply { status, content_type, body, .. } => {
                    Outcome::Reply { status, content_type, body, delay }
                }
                Outcome::Drop => Outcome::Drop,
            },
            Some(Fault::DropBefore) => Outcome::Drop,
            Some(Fault::DropAfter) => {
                self.apply(route, &cx, call.body);
                Outcome::Drop
            }
            Some(Fault::Truncated) => match self.apply(route, &cx, call.body) {
                Outcome::Reply { status, content_type, mut body, delay } => {
                    body.truncate(body.len() / 2);
                    Outcome::Reply { status, content_type, body, delay }
                }
                Outcome::Drop => Outcome::Drop,
            },
            Some(Fault::NotJson) => Outcome::Reply {
                status: 200,
                content_type: "text/html",
                body: b"<html><body>Service temporarily unavailable (injected by the sandbox)</body></html>".to_vec(),
                delay: Duration::ZERO,
            },
            Some(Fault::Code { code, info }) => fail_reply(&Fail::new(code, info)),
        }
    }

    fn apply(&self, route: &Route, cx: &Ctx<'_>, body: &[u8]) -> Outcome {
        let result =
            crate::webhooks::around(route.path, cx, &mut self.lock_state(), body, |st, b| (route.handler)(st, cx, b));
        match result {
            Ok(Value::Object(fields)) => {
                let mut reply = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""});
                if let Value::Object(map) = &mut reply {
                    map.extend(fields);
                }
                Outcome::json(&reply)
            }
            Ok(_) => Outcome::json(&json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})),
            Err(fail) => fail_reply(&fail),
        }
    }
}

fn fail_reply(fail: &Fail) -> Outcome {
    Outcome::json(&json!({"ActionStatus": "FAIL", "ErrorCode": fail.code, "ErrorInfo": fail.info, "ErrorDisplay": ""}))
}
