//! Setup steps the sandbox tests share: the app, clients, accounts, groups and members.

// Each test file is a crate of its own and uses only some of these.
#![allow(dead_code)]

use chat_api::account::AccountImportRequest;
use chat_api::group::{CreateGroupMember, CreateGroupRequest};
use chat_api::runtime::Stream;
use chat_api::{Client, GroupType, MsgElement, RetryPolicy, TextElem};
use chat_api_sandbox::state::Member;
use chat_api_sandbox::{Call, Config, Emulator, Outcome, Sandbox};
use serde_json::Value;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The app the tests' sandboxes pretend to be.
pub fn config() -> Config {
    Config::new(1400000000, "administrator", "a-secret-key")
}

/// A sandbox for `config`.
pub async fn start(config: Config) -> Sandbox {
    Sandbox::start(config).await.unwrap()
}

/// A sandbox for [`config`].
pub async fn sandbox() -> Sandbox {
    start(config()).await
}

/// A sandbox for [`config`] with `ids` imported.
pub async fn sandbox_with(ids: &[&str]) -> Sandbox {
    let s = sandbox().await;
    accounts(&s, ids);
    s
}

/// A client that makes one attempt per call, so that every answer is the sandbox's first.
pub fn once(s: &Sandbox) -> Client {
    s.client_builder().retry(RetryPolicy::none()).build().unwrap()
}

/// A client whose own limit checks are off, to see what the sandbox says about such requests.
pub fn unchecked(s: &Sandbox) -> Client {
    s.client_builder().check_limits(false).retry(RetryPolicy::none()).build().unwrap()
}

/// Puts `ids` into the state as imported accounts, without a call.
pub fn accounts(s: &Sandbox, ids: &[&str]) {
    s.emulator().edit_state(|st| ids.iter().for_each(|id| st.add_account(id)));
}

/// Imports `ids` as accounts.
pub async fn import(s: &Sandbox, ids: &[&str]) {
    for id in ids {
        s.client().account().account_import(AccountImportRequest::new(*id)).await.unwrap();
    }
}

/// A group of `kind` with ID `id`, owned by `owner` (when given) and with `members`.
pub async fn group(s: &Sandbox, kind: GroupType, id: &str, owner: Option<&str>, members: &[&str]) -> String {
    let mut request = CreateGroupRequest::new(kind, "g").with_group_id(id);
    if let Some(owner) = owner {
        request = request.with_owner_account(owner);
    }
    if !members.is_empty() {
        request = request.with_member_list(members.iter().map(|m| CreateGroupMember::new(*m)));
    }
    s.client().group().create_group(request).await.unwrap().group_id
}

/// Puts `accounts` into group `id` as ordinary members (audio-video groups get theirs through the
/// client SDK, which the sandbox does not emulate).
pub fn join(s: &Sandbox, id: &str, accounts: &[&str]) {
    s.emulator().edit_state(|st| {
        let group = st.groups.get_mut(id).unwrap();
        for a in accounts {
            group.members.insert((*a).to_string(), Member::new("Member", 0));
        }
    });
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// Every item of a stream, in order.
pub async fn collect<T>(stream: impl Stream<Item = T>) -> Vec<T> {
    futures_util::StreamExt::collect(stream).await
}

/// A message body of one text element.
pub fn text(t: &str) -> Vec<MsgElement> {
    vec![MsgElement::Text(TextElem::new(t))]
}

// ---- driving the emulator directly, for the no-panic tests ----

/// The query of an admin call to the app of `config`, signed at `now` for an hour.
pub fn admin_query(config: &Config, now: u64) -> String {
    let sig = chat_api::usersig::sign(&config.key, config.sdkappid, &config.admin, now, 3600, None);
    format!(
        "sdkappid={}&identifier={}&usersig={}&random=1&contenttype=json",
        config.sdkappid,
        config.admin,
        sig.expose()
    )
}

/// The spec the sandbox serves, for its sample requests.
pub fn spec() -> codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    codegen::load(&codegen::fs::read_spec_dir(&dir).unwrap()).unwrap()
}

/// A xorshift generator: the same numbers on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Calls `path` on `e` at `now` and asserts that it answers, without panicking, with a JSON reply
/// that carries an error code (0 or another).
pub fn assert_answers(e: &Emulator, path: &str, query: &str, body: &[u8], now: u64) {
    let call = Call { path, query, body };
    let outcome = catch_unwind(AssertUnwindSafe(|| e.call_at(call, now, Instant::now())))
        .unwrap_or_else(|_| panic!("the sandbox panicked on {path} with body {:?}", String::from_utf8_lossy(body)));
    let Outcome::Reply { body, .. } = outcome else { panic!("{path}: no reply") };
    let reply: Value = serde_json::from_slice(&body).expect("every reply is JSON");
    assert!(reply["ErrorCode"].is_i64(), "{path}: {reply}");
}
