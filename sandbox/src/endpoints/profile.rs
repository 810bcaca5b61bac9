//! Profiles: `v4/profile/*`.

use super::{Route, decode, ok, require_account, route};
use crate::emulator::{Ctx, Fail};
use crate::state::State;
use chat_api::profile::{AdminForbidType, AllowType, Gender, PortraitGetRequest, PortraitSetRequest, ProfileItem};
use chat_api::runtime::Endpoint;
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    // portrait_set looks at the raw items before decoding them: a value of the wrong type would
    // otherwise fail to decode as a whole request (40001) instead of answering 40610.
    let portrait_set_route = Route {
        path: PortraitSetRequest::PATH,
        rate: PortraitSetRequest::RATE_LIMIT,
        handler: Box::new(|state, cx, body| {
            check_value_types(body)?;
            portrait_set(state, cx, decode::<PortraitSetRequest>(cx, body)?)
        }),
    };
    vec![portrait_set_route, route(portrait_get)]
}

/// The code of an account that was not imported, on the profile pages.
const NO_ACCOUNT: i64 = 40003;
/// Longest profile value (40601).
const MAX_VALUE_BYTES: usize = 500;
/// Prefix of the app's custom fields.
const CUSTOM_PREFIX: &str = "Tag_Profile_Custom_";
const NICK: &str = "Tag_Profile_IM_Nick";
const IMAGE: &str = "Tag_Profile_IM_Image";

/// The value kind of a standard tag; `None` for tags that are not standard.
fn standard_kind(tag: &str) -> Option<Kind> {
    let kind = match tag.strip_prefix("Tag_Profile_IM_")? {
        "Nick" | "Gender" | "Location" | "SelfSignature" | "AllowType" | "Image" | "AdminForbidType" => Kind::Text,
        "BirthDay" | "Language" | "MsgSettings" | "Level" | "Role" => Kind::Number,
        _ => return None,
    };
    Some(kind)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Number,
}

/// 40610 for a value of the wrong type: a number for a string field or the reverse (custom fields
/// hold strings only), 40605 for a number outside 0..=4294967295. Bodies that are not the expected
/// shape are left to the decoder.
fn check_value_types(body: &[u8]) -> Result<(), Fail> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else { return Ok(()) };
    let Some(items) = value.get("ProfileItem").and_then(Value::as_array) else { return Ok(()) };
    for item in items {
        let (Some(tag), Some(value)) = (item.get("Tag").and_then(Value::as_str), item.get("Value")) else {
            continue;
        };
        let kind = match standard_kind(tag) {
            Some(kind) => kind,
            None if tag.starts_with(CUSTOM_PREFIX) => Kind::Text,
            None => continue,
        };
        match (kind, value) {
            (Kind::Text, Value::String(_)) => {}
            (Kind::Number, Value::Number(n)) if n.is_i64() || n.is_u64() => {
                if n.as_u64().is_none_or(|n| n > u64::from(u32::MAX)) {
                    return Err(Fail::new(40605, format!("{tag} must be an unsigned 32-bit number, not {n}")));
                }
            }
            (Kind::Text, _) => return Err(Fail::new(40610, format!("{tag} takes a string, not {value}"))),
            (Kind::Number, _) => return Err(Fail::new(40610, format!("{tag} takes a number, not {value}"))),
        }
    }
    Ok(())
}

fn check_text(tag: &str, text: &str) -> Result<(), Fail> {
    if text.len() > MAX_VALUE_BYTES {
        return Err(Fail::new(40601, format!("{tag}: {} bytes, at most {MAX_VALUE_BYTES}", text.len())));
    }
    Ok(())
}

fn check_number(tag: &str, n: i64) -> Result<(), Fail> {
    if !(0..=i64::from(u32::MAX)).contains(&n) {
        return Err(Fail::new(40605, format!("{tag} must be an unsigned 32-bit number, not {n}")));
    }
    Ok(())
}

/// The tag and wire value of a checked item, or the code that refuses it.
fn check_item(state: &State, item: &ProfileItem) -> Result<(String, Value), Fail> {
    let tag = item.tag().unwrap_or_default().to_string();
    let value = match item {
        ProfileItem::Nick(s) | ProfileItem::Location(s) | ProfileItem::SelfSignature(s) | ProfileItem::Image(s) => {
            check_text(&tag, s)?;
            json!(s)
        }
        ProfileItem::BirthDay(n)
        | ProfileItem::Language(n)
        | ProfileItem::MsgSettings(n)
        | ProfileItem::Level(n)
        | ProfileItem::Role(n) => {
            check_number(&tag, *n)?;
            json!(n)
        }
        ProfileItem::Gender(g) => match g {
            Gender::Unknown(v) => return Err(Fail::new(40605, format!("`{v}` is not a gender"))),
            g => json!(g.as_str()),
        },
        ProfileItem::AllowType(a) => match a {
            AllowType::Unknown(v) => return Err(Fail::new(40605, format!("`{v}` is not a friend-request setting"))),
            a => json!(a.as_str()),
        },
        ProfileItem::AdminForbidType(a) => match a {
            AdminForbidType::Unknown(v) => return Err(Fail::new(40605, format!("`{v}` is not an admin setting"))),
            a => json!(a.as_str()),
        },
        ProfileItem::Unknown(raw) => {
            if tag.is_empty() {
                return Err(Fail::new(40001, "a profile item has no `Tag`"));
            }
            if !state.profiles.custom_tags.contains(&tag) {
                return Err(Fail::new(40009, format!("profile tag `{tag}` does not exist")));
            }
            match raw.get("Value") {
                Some(Value::String(s)) => {
                    check_text(&tag, s)?;
                    json!(s)
                }
                _ => return Err(Fail::new(40610, format!("{tag} takes a string"))),
            }
        }
        // Variants a newer spec may add.
        #[allow(unreachable_patterns)]
        _ => return Err(Fail::new(40009, format!("profile tag `{tag}` is not served by the sandbox"))),
    };
    Ok((tag, value))
}

/// The account must exist (40003). Every item is checked before any is written, so a refused
/// call changes nothing: strings at most 500 bytes (40601), numbers unsigned 32-bit and enum
/// values from their documented sets (40605), custom tags configured (`Profiles::custom_tags`)
/// and holding strings, other tags unknown (40009). Nickname and photo URL are the account's own
/// fields (also written by account_import).
pub(super) fn portrait_set(state: &mut State, _cx: &Ctx<'_>, req: PortraitSetRequest) -> Result<Value, Fail> {
    require_account(state, &req.from_account, NO_ACCOUNT)?;
    let checked = req.profile_item.iter().map(|item| check_item(state, item)).collect::<Result<Vec<_>, _>>()?;
    for (tag, value) in checked {
        let text = value.as_str().map(str::to_string);
        match tag.as_str() {
            NICK => {
                if let Some(account) = state.accounts.get_mut(&req.from_account) {
                    account.nick = text;
                }
            }
            IMAGE => {
                if let Some(account) = state.accounts.get_mut(&req.from_account) {
                    account.face_url = text;
                }
            }
            _ => {
                state.profiles.fields.entry(req.from_account.clone()).or_default().insert(tag, value);
            }
        }
    }
    ok()
}

/// Every account must exist (40003 for the call) and every tag be standard or a configured custom
/// one (40009). Each account's entry lists, in `TagList` order, the fields that hold a value;
/// fields never set are left out. No account fails on its own, so `Fail_Account` never appears.
pub(super) fn portrait_get(state: &mut State, _cx: &Ctx<'_>, req: PortraitGetRequest) -> Result<Value, Fail> {
    for id in &req.to_account {
        require_account(state, id, NO_ACCOUNT)?;
    }
    if let Some(tag) =
        req.tag_list.iter().find(|t| standard_kind(t).is_none() && !state.profiles.custom_tags.contains(*t))
    {
        return Err(Fail::new(40009, format!("profile tag `{tag}` does not exist")));
    }
    let mut entries = Vec::new();
    for id in &req.to_account {
        let account = state.accounts.get(id);
        let fields = state.profiles.fields.get(id);
        let items: Vec<Value> = req
            .tag_list
            .iter()
            .filter_map(|tag| {
                let value = match tag.as_str() {
                    NICK => account.and_then(|a| a.nick.clone()).map(Value::String),
                    IMAGE => account.and_then(|a| a.face_url.clone()).map(Value::String),
                    _ => fields.and_then(|f| f.get(tag)).cloned(),
                }?;
                Some(json!({"Tag": tag, "Value": value}))
            })
            .collect();
        entries.push(json!({"To_Account": id, "ProfileItem": items, "ResultCode": 0, "ResultInfo": ""}));
    }
    Ok(json!({"UserProfileItem": entries}))
}
