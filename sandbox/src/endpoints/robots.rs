//! Chatbots: `v4/openim_robot_http_svc/*`.
//!
//! What the sandbox decides where the pages leave it open:
//! - Creating an active chatbot's ID again changes nothing (the page: it still makes one chatbot);
//!   creating a disabled one's ID enables it again, with the profile given.
//! - Disabling an ID that is no chatbot, or one already disabled, is 10004.
//! - The 20-chatbot limit (10008) counts the chatbots that are not disabled.

use super::{Route, ok, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{MAX_ROBOTS, ROBOT_PREFIX, State};
use chat_api::robot::{CreateRobotRequest, DeleteRobotRequest, GetAllRobotsRequest};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![route(create_robot), route(delete_robot), route(get_all_robots)]
}

/// 10004 unless `id` is a chatbot's user ID.
fn check_robot_id(id: &str) -> Result<(), Fail> {
    if id.len() <= ROBOT_PREFIX.len() || !id.starts_with(ROBOT_PREFIX) {
        return Err(Fail::new(10004, format!("`{id}` is not a chatbot ID: it must start with {ROBOT_PREFIX}")));
    }
    Ok(())
}

/// Creates (or enables again) a chatbot and its account.
pub(super) fn create_robot(state: &mut State, _cx: &Ctx<'_>, req: CreateRobotRequest) -> Result<Value, Fail> {
    check_robot_id(&req.user_id)?;
    let existing = state.robots.bots.get(&req.user_id);
    if existing.is_some_and(|r| !r.disabled) {
        return ok();
    }
    if state.robots.active().len() >= MAX_ROBOTS {
        return Err(Fail::new(10008, format!("the app already has {MAX_ROBOTS} chatbots")));
    }
    let robot = state.robots.bots.entry(req.user_id.clone()).or_default();
    robot.disabled = false;
    robot.self_signature = req.self_signature;
    let account = state.accounts.entry(req.user_id).or_default();
    account.nick = req.nick;
    account.face_url = req.face_url;
    ok()
}

/// Disables a chatbot; its ID and account stay.
pub(super) fn delete_robot(state: &mut State, _cx: &Ctx<'_>, req: DeleteRobotRequest) -> Result<Value, Fail> {
    check_robot_id(&req.robot_account)?;
    match state.robots.bots.get_mut(&req.robot_account) {
        Some(robot) if !robot.disabled => {
            robot.disabled = true;
            ok()
        }
        _ => Err(Fail::new(10004, format!("`{}` is no active chatbot", req.robot_account))),
    }
}

/// The active chatbots.
pub(super) fn get_all_robots(state: &mut State, _cx: &Ctx<'_>, _req: GetAllRobotsRequest) -> Result<Value, Fail> {
    Ok(json!({"Robot_Account": state.robots.active()}))
}
