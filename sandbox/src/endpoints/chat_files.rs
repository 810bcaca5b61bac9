//! Rich-media files of chat messages: `v4/im_cos_msg/{forbid_illegal_object,allow_banned_object,
//! get_cos_sig}`.
//!
//! The files are the ones a client SDK uploaded, which tests record in `state.chat_files`. What
//! the sandbox decides where the pages leave it open (they list no codes):
//! - Banning or lifting the ban on a URL that names no recorded file is 70402 (the common range's
//!   bad parameter); banning twice, or lifting a ban that is not there, succeeds and changes
//!   nothing.
//! - get_cos_sig answers every item, in the request's order, with `Code` 0: `Status` 0 for a file
//!   that is not banned, 1 for a banned one, 2 for a URL that names no recorded file (then without
//!   `PreSigURL`). The signed URL is the sandbox's own: the file's URL followed by
//!   `?sign-time=<now>;<now + 900>&sign=<32 hex digits>`, the 15 minutes the page states; the
//!   digits depend on the app, the URL and the end time, so a URL signed for another file or time
//!   does not match. No download behind it resolves.

use super::{Route, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{ChatFile, State};
use chat_api::chat_files::{BanFileRequest, GetFileSignaturesRequest, UnbanFileRequest};
use md5::{Digest, Md5};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(ban_file), route(unban_file), route(get_file_signatures)]
}

/// How long a signed URL is valid, in seconds (the page: 15 minutes).
const SIGNATURE_SECONDS: u64 = 15 * 60;

/// The recorded file at `url`, or 70402.
fn file<'s>(state: &'s mut State, url: &str) -> Result<&'s mut ChatFile, Fail> {
    state.chat_files.files.get_mut(url).ok_or_else(|| Fail::new(70402, format!("no uploaded file at {url}")))
}

fn ban_file(state: &mut State, _cx: &Ctx<'_>, req: BanFileRequest) -> Result<Value, Fail> {
    file(state, &req.raw_url)?.banned = true;
    Ok(json!({}))
}

fn unban_file(state: &mut State, _cx: &Ctx<'_>, req: UnbanFileRequest) -> Result<Value, Fail> {
    file(state, &req.raw_url)?.banned = false;
    Ok(json!({}))
}

fn get_file_signatures(state: &mut State, cx: &Ctx<'_>, req: GetFileSignaturesRequest) -> Result<Value, Fail> {
    let items: Vec<Value> = req
        .raw_urls
        .iter()
        .map(|item| match state.chat_files.files.get(&item.raw_url) {
            Some(f) => json!({
                "ResourceID": item.resource_id,
                "Code": 0,
                "Desc": "",
                "PreSigURL": signed_url(cx.config.sdkappid, &item.raw_url, cx.now),
                "Status": u8::from(f.banned),
            }),
            None => json!({"ResourceID": item.resource_id, "Code": 0, "Desc": "no such file", "Status": 2}),
        })
        .collect();
    Ok(json!({"PreSigURLs": items}))
}

/// The sandbox's full-control URL for `url`, signed at `now` (seconds) for [`SIGNATURE_SECONDS`].
fn signed_url(sdkappid: u64, url: &str, now: u64) -> String {
    let end = now.saturating_add(SIGNATURE_SECONDS);
    let digest = Md5::digest(format!("{sdkappid}\n{url}\n{end}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{url}?sign-time={now};{end}&sign={hex}")
}
