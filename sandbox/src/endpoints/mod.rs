//! One handler per endpoint, on the generated request types: decode, check the spec's limits and
//! edition, then act on the state the way the vendor's pages describe.

// One module per area; each lists its routes. Areas are kept apart so that they can grow
// independently.
mod account;
mod config;
mod follow;
mod group;
mod group_extras;
mod group_messages;
mod message_ext;
mod messages;
mod profile;
mod push;
mod recent_contact;
mod sns;

use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::runtime::{Endpoint, RateLimit};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

type Handler = Box<dyn Fn(&mut State, &Ctx<'_>, &[u8]) -> Result<Value, Fail> + Send + Sync>;

/// How one endpoint is served.
pub(crate) struct Route {
    pub path: &'static str,
    pub rate: Option<RateLimit>,
    pub handler: Handler,
}

/// Every endpoint the sandbox serves, by path after `v4/`.
pub(crate) fn routes() -> BTreeMap<&'static str, Route> {
    let all = [
        account::routes(),
        config::routes(),
        follow::routes(),
        group::routes(),
        group_extras::routes(),
        group_messages::routes(),
        message_ext::routes(),
        messages::routes(),
        profile::routes(),
        push::routes(),
        recent_contact::routes(),
        sns::routes(),
    ];
    all.into_iter().flatten().map(|r| (r.path, r)).collect()
}

fn route<E>(handler: fn(&mut State, &Ctx<'_>, E) -> Result<Value, Fail>) -> Route
where
    E: Endpoint + DeserializeOwned + 'static,
{
    Route {
        path: E::PATH,
        rate: E::RATE_LIMIT,
        handler: Box::new(move |state, cx, body| handler(state, cx, decode::<E>(cx, body)?)),
    }
}

/// The body as the endpoint's request type, refused as the service would: not JSON (60003), not the
/// documented shape or beyond a documented limit (the field's code, else the service's), or from
/// an app whose edition is too low.
fn decode<E: Endpoint + DeserializeOwned>(cx: &Ctx<'_>, body: &[u8]) -> Result<E, Fail> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| Fail::new(60003, format!("the body is not valid JSON: {e}")))?;
    let invalid = E::INVALID_REQUEST_CODE.unwrap_or(60003);
    if !value.is_object() {
        return Err(Fail::new(invalid, "the body must be a JSON object"));
    }
    let request: E = serde_json::from_value(value).map_err(|e| Fail::new(invalid, format!("invalid request: {e}")))?;
    request.check_limits().map_err(|v| {
        let v = v.at_endpoint(E::PATH);
        Fail::new(v.code.unwrap_or(invalid), v.to_string())
    })?;
    if let Some(least) = E::EDITION {
        if cx.config.edition < least {
            let code = E::EDITION_CODE.unwrap_or(invalid);
            return Err(Fail::new(
                code,
                format!("{} needs the {least:?} edition; the app is {:?}", E::PATH, cx.config.edition),
            ));
        }
    }
    Ok(request)
}

/// An empty success reply (the envelope is added by the emulator).
fn ok() -> Result<Value, Fail> {
    Ok(Value::Object(serde_json::Map::new()))
}
