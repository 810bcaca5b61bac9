//! Chatbot accounts (v4/openim_robot_http_svc).

use std::collections::BTreeMap;

/// Chatbots an app may have (the create page: 20).
pub const MAX_ROBOTS: usize = 20;
/// The prefix every chatbot's user ID carries.
pub const ROBOT_PREFIX: &str = "@RBT#";

/// The app's chatbots, by user ID. A chatbot is also an account (`State::accounts`), with its
/// nickname and photo, so that it can take part in chats.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Robots {
    /// Every chatbot ever created, disabled ones included (their IDs are kept).
    pub bots: BTreeMap<String, Robot>,
}

/// One chatbot.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Robot {
    /// Status line (`SelfSignature`).
    pub self_signature: Option<String>,
    /// Disabled by delete_robot.
    pub disabled: bool,
}

impl Robots {
    /// The user IDs of the chatbots that are not disabled, in order.
    pub fn active(&self) -> Vec<&str> {
        self.bots.iter().filter(|(_, r)| !r.disabled).map(|(id, _)| id.as_str()).collect()
    }
}
