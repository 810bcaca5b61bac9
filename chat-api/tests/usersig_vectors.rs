//! UserSigs made by the vendor's own reference package verify with this crate, and what this crate
//! signs verifies the same way. The vectors are old: each is judged at its own `time`.

use chat_api::SecretKey;
use chat_api::usersig::{VerifyError, sign, verify};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    sdkappid: u64,
    key: String,
    identifier: String,
    time: u64,
    expire: u64,
    usersig: String,
    userbuf_base64: Option<String>,
}

fn vectors() -> Vec<Vector> {
    let text = include_str!("fixtures/usersig-vectors.json");
    let v: Vectors = serde_json::from_str(text).expect("fixture is valid JSON");
    assert!(v.vectors.len() >= 5, "the fixture holds five vectors");
    v.vectors
}

fn userbuf(v: &Vector) -> Option<Vec<u8>> {
    use base64::Engine;
    v.userbuf_base64.as_ref().map(|b| base64::engine::general_purpose::STANDARD.decode(b).unwrap())
}

#[test]
fn every_reference_vector_verifies_at_its_own_time() {
    for v in vectors() {
        let claims = verify(&v.usersig, &SecretKey::new(v.key.as_str()), v.sdkappid, v.time + 1)
            .unwrap_or_else(|e| panic!("vector for {} does not verify: {e}", v.identifier));
        assert_eq!(claims.identifier, v.identifier);
        assert_eq!((claims.sdkappid, claims.issued_at, claims.expire), (v.sdkappid, v.time, v.expire));
        assert_eq!(claims.userbuf, userbuf(&v));
    }
}

#[test]
fn reference_vectors_expire_at_time_plus_expire() {
    for v in vectors() {
        let key = SecretKey::new(v.key.as_str());
        assert!(verify(&v.usersig, &key, v.sdkappid, v.time + v.expire - 1).is_ok());
        assert_eq!(
            verify(&v.usersig, &key, v.sdkappid, v.time + v.expire),
            Err(VerifyError::Expired { expired_at: v.time + v.expire })
        );
    }
}

#[test]
fn reference_vectors_are_rejected_with_another_key_or_app_or_when_altered() {
    for v in vectors() {
        let key = SecretKey::new(v.key.as_str());
        let other_key = SecretKey::new(format!("{}0", v.key));
        assert_eq!(verify(&v.usersig, &other_key, v.sdkappid, v.time), Err(VerifyError::BadSignature));
        assert!(matches!(verify(&v.usersig, &key, v.sdkappid + 1, v.time), Err(VerifyError::WrongApp { .. })));
        let mut altered = v.usersig.clone().into_bytes();
        let mid = altered.len() / 2;
        altered[mid] = if altered[mid] == b'A' { b'B' } else { b'A' };
        assert!(verify(&String::from_utf8(altered).unwrap(), &key, v.sdkappid, v.time).is_err());
    }
}

#[test]
fn what_this_crate_signs_verifies_like_the_reference() {
    for v in vectors() {
        let key = SecretKey::new(v.key.as_str());
        let ours = sign(&key, v.sdkappid, &v.identifier, v.time, v.expire, userbuf(&v).as_deref());
        let mine = verify(ours.expose(), &key, v.sdkappid, v.time + 1).unwrap();
        let theirs = verify(&v.usersig, &key, v.sdkappid, v.time + 1).unwrap();
        assert_eq!(mine, theirs, "same claims for {}", v.identifier);
    }
}
