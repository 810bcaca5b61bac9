//! The query every call carries, checked as the service does, with its codes from the common
//! range (60000-79999).

use crate::emulator::{Config, Fail};
use chat_api::usersig::{self, VerifyError};

/// Checks `sdkappid`, `identifier`, `usersig`, `random` and `contenttype`.
pub(crate) fn check(config: &Config, query: &str, now: u64) -> Result<(), Fail> {
    let params = parse_query(query);
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());

    let sdkappid = get("sdkappid").ok_or_else(|| Fail::new(60012, "the sdkappid query parameter is missing"))?;
    let sdkappid: u64 =
        sdkappid.parse().map_err(|_| Fail::new(60006, format!("sdkappid `{sdkappid}` is not a number")))?;
    if sdkappid != config.sdkappid {
        return Err(Fail::new(70020, format!("no app has SDKAppID {sdkappid}")));
    }
    let identifier = get("identifier").unwrap_or_default();
    if identifier != config.admin {
        return Err(Fail::new(60010, format!("identifier `{identifier}` is not the app admin")));
    }
    let sig = get("usersig").unwrap_or_default();
    if sig.is_empty() {
        return Err(Fail::new(70002, "the usersig query parameter is empty"));
    }
    let claims = usersig::verify(sig, &config.key, config.sdkappid, now).map_err(|e| match e {
        VerifyError::Malformed(why) => Fail::new(70003, format!("usersig is invalid: {why}")),
        VerifyError::WrongApp { found, .. } => Fail::new(70014, format!("usersig was issued for app {found}")),
        VerifyError::BadSignature => Fail::new(70009, "usersig does not verify with the app's key"),
        VerifyError::Expired { expired_at } => Fail::new(70001, format!("usersig expired at {expired_at}")),
        other => Fail::new(70003, format!("usersig is invalid: {other}")),
    })?;
    if claims.identifier != identifier {
        return Err(Fail::new(70013, format!("usersig was issued for `{}`, not `{identifier}`", claims.identifier)));
    }
    match get("random").map(str::parse::<u32>) {
        Some(Ok(_)) => {}
        _ => return Err(Fail::new(60002, "random must be a 32-bit unsigned integer")),
    }
    if get("contenttype") != Some("json") {
        return Err(Fail::new(60002, "contenttype must be json"));
    }
    Ok(())
}

/// `a=1&b=x%20y` into pairs, percent-decoded (`+` stays `+`: UserSigs use it literally).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode_and_keep_malformed_escapes() {
        let q = parse_query("identifier=a%20b%E4%B8%AD&usersig=eJy*-_&x&bad=%G1%");
        assert_eq!(q[0], ("identifier".into(), "a b中".into()));
        assert_eq!(q[1].1, "eJy*-_");
        assert_eq!(q[2], ("x".into(), String::new()));
        assert_eq!(q[3].1, "%G1%");
    }
}
