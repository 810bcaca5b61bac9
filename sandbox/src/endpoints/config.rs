//! Global mute: `v4/openconfigsvr/*`.

use super::{Route, ok, require_account, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{MuteEnd, State};
use chat_api::config::{GetNoSpeakingRequest, SetNoSpeakingRequest};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(set_no_speaking), route(get_no_speaking)]
}

/// An empty account name is `missing`, an account that is not imported `missing + 1` (the pages
/// call it "invalid"): 130004/130005 when setting, 130002/130003 when reading.
fn check_account(state: &State, id: &str, missing: i64) -> Result<(), Fail> {
    if id.is_empty() {
        return Err(Fail::new(missing, "no account given"));
    }
    require_account(state, id, missing + 1)
}

/// At least one duration (130008). Each given duration replaces that mute: 0 lifts it,
/// 4294967295 makes it permanent, other values end it that many seconds from now; the other mute
/// is kept.
pub(super) fn set_no_speaking(state: &mut State, cx: &Ctx<'_>, req: SetNoSpeakingRequest) -> Result<Value, Fail> {
    check_account(state, &req.set_account, 130004)?;
    if req.c2c_msg_nospeaking_time.is_none() && req.group_msg_nospeaking_time.is_none() {
        return Err(Fail::new(130008, "give C2CmsgNospeakingTime or GroupmsgNospeakingTime"));
    }
    let mute = state.sessions.mutes.entry(req.set_account).or_default();
    if let Some(seconds) = req.c2c_msg_nospeaking_time {
        mute.c2c = MuteEnd::from_seconds(seconds, cx.now);
    }
    if let Some(seconds) = req.group_msg_nospeaking_time {
        mute.group = MuteEnd::from_seconds(seconds, cx.now);
    }
    ok()
}

/// The seconds left of each mute at the time of the call.
pub(super) fn get_no_speaking(state: &mut State, cx: &Ctx<'_>, req: GetNoSpeakingRequest) -> Result<Value, Fail> {
    check_account(state, &req.get_account, 130002)?;
    let mute = state.sessions.mutes.get(&req.get_account).copied().unwrap_or_default();
    Ok(json!({
        "C2CmsgNospeakingTime": MuteEnd::remaining(mute.c2c, cx.now),
        "GroupmsgNospeakingTime": MuteEnd::remaining(mute.group, cx.now),
    }))
}
