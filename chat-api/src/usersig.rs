//! UserSig, the vendor's signed login ticket (TLSSigAPIv2): generation and verification.
//!
//! A UserSig is an HMAC-SHA256 over the identifier, app ID, issue time and lifetime (and optional
//! user data), packed with those fields into JSON, zlib-compressed, and base64-encoded with the
//! vendor's URL-safe alphabet (`+` `/` `=` become `*` `-` `_`).
//!
//! The [`Client`](crate::Client) signs its admin UserSig itself and renews it before it expires; use
//! this module to issue UserSigs for your app's users, or to check one.

use crate::secret::SecretKey;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use std::io::{Read, Write};

/// Longest lifetime the format carries, in seconds: the vendor's reference signers take it as a
/// 32-bit signed integer (about 68 years). [`sign`] clamps to it; [`verify`] rejects more.
pub const MAX_LIFETIME: u64 = i32::MAX as u64;

/// How far in the future an issue time may lie (clock skew between signer and verifier), in seconds.
pub const MAX_CLOCK_SKEW: u64 = 300;

/// A signed UserSig. Its `Debug` output hides the value; read it with [`UserSig::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct UserSig(String);

impl UserSig {
    /// The UserSig text, to hand to a client SDK or put in a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UserSig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserSig(<redacted>)")
    }
}

/// What a valid UserSig says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Claims {
    /// The user (or admin) it was issued for.
    pub identifier: String,
    /// The app it was issued for.
    pub sdkappid: u64,
    /// Issue time, seconds since the Unix epoch.
    pub issued_at: u64,
    /// Lifetime in seconds from `issued_at`.
    pub expire: u64,
    /// Optional user data signed with it (`TLS.userbuf`).
    pub userbuf: Option<Vec<u8>>,
}

impl Claims {
    /// First second at which the UserSig is no longer valid.
    pub fn expires_at(&self) -> u64 {
        self.issued_at.saturating_add(self.expire)
    }
}

/// Why a UserSig was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// Not a UserSig at all: bad base64, not zlib, not the expected JSON.
    Malformed(String),
    /// Issued for another app.
    WrongApp {
        /// The app it was checked against.
        expected: u64,
        /// The app it names.
        found: u64,
    },
    /// The signature does not match: signed with another key, or altered.
    BadSignature,
    /// Past its lifetime.
    Expired {
        /// When it stopped being valid (Unix seconds).
        expired_at: u64,
    },
    /// Issued later than the verifier's clock allows ([`MAX_CLOCK_SKEW`] ahead).
    IssuedInFuture {
        /// The issue time it names (Unix seconds).
        issued_at: u64,
    },
    /// A lifetime longer than the format allows ([`MAX_LIFETIME`]).
    AbsurdLifetime {
        /// The lifetime it names, in seconds.
        expire: u64,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Malformed(why) => write!(f, "not a valid UserSig: {why}"),
            VerifyError::WrongApp { expected, found } => write!(f, "UserSig is for app {found}, not {expected}"),
            VerifyError::BadSignature => f.write_str("UserSig signature does not verify with this key"),
            VerifyError::Expired { expired_at } => write!(f, "UserSig expired at {expired_at} (Unix time)"),
            VerifyError::IssuedInFuture { issued_at } => {
                write!(f, "UserSig is issued at {issued_at} (Unix time), later than now plus {MAX_CLOCK_SKEW} s")
            }
            VerifyError::AbsurdLifetime { expire } => {
                write!(f, "UserSig lifetime of {expire} s exceeds the format's {MAX_LIFETIME} s")
            }
        }
    }
}

impl std::error::Error for VerifyError {}

/// Signs a UserSig for `identifier` in app `sdkappid`, issued at `issued_at` (Unix seconds) and valid
/// for `expire` seconds (at most [`MAX_LIFETIME`]; longer is clamped), optionally carrying `userbuf`.
pub fn sign(
    key: &SecretKey,
    sdkappid: u64,
    identifier: &str,
    issued_at: u64,
    expire: u64,
    userbuf: Option<&[u8]>,
) -> UserSig {
    let expire = expire.min(MAX_LIFETIME);
    let userbuf_b64 = userbuf.map(|b| STANDARD.encode(b));
    let sig = STANDARD
        .encode(mac(key, sdkappid, identifier, issued_at, expire, userbuf_b64.as_deref()).finalize().into_bytes());
    let mut doc = serde_json::json!({
        "TLS.ver": "2.0",
        "TLS.identifier": identifier,
        "TLS.sdkappid": sdkappid,
        "TLS.expire": expire,
        "TLS.time": issued_at,
        "TLS.sig": sig,
    });
    if let (Some(b), Some(map)) = (userbuf_b64, doc.as_object_mut()) {
        map.insert("TLS.userbuf".into(), b.into());
    }
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(doc.to_string().as_bytes());
    let packed = z.finish().unwrap_or_default();
    UserSig(to_url_alphabet(&STANDARD.encode(packed)))
}

/// Checks `usersig` against the app's key at time `now` (Unix seconds) and returns what it says.
///
/// # Errors
/// See [`VerifyError`]: besides a bad signature or app, an issue time more than [`MAX_CLOCK_SKEW`]
/// ahead of `now`, a lifetime beyond [`MAX_LIFETIME`], or expiry. The identifier is returned in the claims for the caller to compare.
pub fn verify(usersig: &str, key: &SecretKey, sdkappid: u64, now: u64) -> Result<Claims, VerifyError> {
    let malformed = |why: &str| VerifyError::Malformed(why.to_string());
    let packed = STANDARD
        .decode(from_url_alphabet(usersig.trim()))
        .map_err(|_| malformed("not base64 in the UserSig alphabet"))?;
    let mut json = Vec::new();
    ZlibDecoder::new(packed.as_slice())
        .take(64 * 1024)
        .read_to_end(&mut json)
        .map_err(|_| malformed("not zlib data"))?;
    let doc: serde_json::Value = serde_json::from_slice(&json).map_err(|_| malformed("not JSON inside"))?;
    let text = |k: &str| doc.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let number = |k: &str| match doc.get(k) {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    let identifier = text("TLS.identifier").ok_or_else(|| malformed("no TLS.identifier"))?;
    let found = number("TLS.sdkappid").ok_or_else(|| malformed("no TLS.sdkappid"))?;
    let issued_at = number("TLS.time").ok_or_else(|| malformed("no TLS.time"))?;
    let expire = number("TLS.expire").ok_or_else(|| malformed("no TLS.expire"))?;
    let sig = text("TLS.sig").ok_or_else(|| malformed("no TLS.sig"))?;
    let userbuf_b64 = text("TLS.userbuf");
    if found != sdkappid {
        return Err(VerifyError::WrongApp { expected: sdkappid, found });
    }
    let sig = STANDARD.decode(sig).map_err(|_| malformed("TLS.sig is not base64"))?;
    mac(key, found, &identifier, issued_at, expire, userbuf_b64.as_deref())
        .verify_slice(&sig)
        .map_err(|_| VerifyError::BadSignature)?;
    let userbuf = match userbuf_b64 {
        Some(b) => Some(STANDARD.decode(b).map_err(|_| malformed("TLS.userbuf is not base64"))?),
        None => None,
    };
    let claims = Claims { identifier, sdkappid: found, issued_at, expire, userbuf };
    if expire > MAX_LIFETIME {
        return Err(VerifyError::AbsurdLifetime { expire });
    }
    if issued_at > now.saturating_add(MAX_CLOCK_SKEW) {
        return Err(VerifyError::IssuedInFuture { issued_at });
    }
    if now >= claims.expires_at() {
        return Err(VerifyError::Expired { expired_at: claims.expires_at() });
    }
    Ok(claims)
}

/// The HMAC over the signed fields, in the order and format of the reference implementation.
fn mac(
    key: &SecretKey,
    sdkappid: u64,
    identifier: &str,
    time: u64,
    expire: u64,
    userbuf_b64: Option<&str>,
) -> Hmac<Sha256> {
    let mut content =
        format!("TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\nTLS.time:{time}\nTLS.expire:{expire}\n");
    if let Some(b) = userbuf_b64 {
        content.push_str(&format!("TLS.userbuf:{b}\n"));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose().as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(content.as_bytes());
    mac
}

fn to_url_alphabet(b64: &str) -> String {
    b64.chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            c => c,
        })
        .collect()
}

fn from_url_alphabet(sig: &str) -> String {
    sig.chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_700_000_000;

    fn key() -> SecretKey {
        SecretKey::new("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn signed_usersig_verifies_and_says_what_was_signed() {
        let sig = sign(&key(), 1_400_000_000, "admin", T, 86_400, Some(b"abc"));
        assert!(sig.expose().chars().all(|c| c.is_ascii_alphanumeric() || "*-_".contains(c)));
        let claims = verify(sig.expose(), &key(), 1_400_000_000, T + 10).unwrap();
        assert_eq!(claims.identifier, "admin");
        assert_eq!(claims.userbuf.as_deref(), Some(&b"abc"[..]));
        assert_eq!(claims.expires_at(), T + 86_400);
    }

    #[test]
    fn rejections_name_the_reason() {
        let sig = sign(&key(), 1_400_000_000, "admin", T, 60, None);
        assert_eq!(
            verify(sig.expose(), &key(), 1_400_000_000, T + 60),
            Err(VerifyError::Expired { expired_at: T + 60 })
        );
        assert_eq!(
            verify(sig.expose(), &key(), 1_400_000_001, T),
            Err(VerifyError::WrongApp { expected: 1_400_000_001, found: 1_400_000_000 })
        );
        assert_eq!(verify(sig.expose(), &SecretKey::new("other"), 1_400_000_000, T), Err(VerifyError::BadSignature));
        assert!(matches!(verify("not a sig!", &key(), 1, T), Err(VerifyError::Malformed(_))));
        assert!(matches!(verify("", &key(), 1, T), Err(VerifyError::Malformed(_))));
    }

    #[test]
    fn lifetimes_are_clamped_and_the_verifier_bounds_time() {
        let forever = sign(&key(), 1, "admin", T, u64::MAX, None);
        let claims = verify(forever.expose(), &key(), 1, T).unwrap();
        assert_eq!(claims.expire, MAX_LIFETIME, "clamped to the format's bound");
        // A validly signed but absurd lifetime, as another signer could make it.
        let absurd = signed_raw(T, u64::MAX);
        assert_eq!(verify(&absurd, &key(), 1, T), Err(VerifyError::AbsurdLifetime { expire: u64::MAX }));
        let early = sign(&key(), 1, "admin", T + MAX_CLOCK_SKEW + 1, 600, None);
        assert_eq!(
            verify(early.expose(), &key(), 1, T),
            Err(VerifyError::IssuedInFuture { issued_at: T + MAX_CLOCK_SKEW + 1 })
        );
        let skewed = sign(&key(), 1, "admin", T + MAX_CLOCK_SKEW, 600, None);
        assert!(verify(skewed.expose(), &key(), 1, T).is_ok(), "a small skew is tolerated");
    }

    /// A UserSig signed with any lifetime, bypassing `sign`'s clamp.
    fn signed_raw(time: u64, expire: u64) -> String {
        let sig = STANDARD.encode(mac(&key(), 1, "admin", time, expire, None).finalize().into_bytes());
        let doc = serde_json::json!({"TLS.ver": "2.0", "TLS.identifier": "admin", "TLS.sdkappid": 1,
            "TLS.expire": expire, "TLS.time": time, "TLS.sig": sig});
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(doc.to_string().as_bytes()).unwrap();
        to_url_alphabet(&STANDARD.encode(z.finish().unwrap()))
    }

    #[test]
    fn debug_hides_the_value() {
        let sig = sign(&key(), 1, "admin", T, 60, None);
        assert_eq!(format!("{sig:?}"), "UserSig(<redacted>)");
    }
}
