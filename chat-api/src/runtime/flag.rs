//! The API's 0/1 switches as `bool`: `#[serde(with = "chat_api::runtime::flag")]` on a `bool`
//! field, `flag::option` on an `Option<bool>` one. `true` is sent as `1`, `false` as `0`; replies
//! may say `0`/`1` or `true`/`false`, and any other value is a decode error.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

/// Writes `true` as 1 and `false` as 0.
///
/// # Errors
/// Only those of the serializer.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `with` passes a reference
pub fn serialize<S: Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(u8::from(*value))
}

/// Reads 0/1 (or `false`/`true`).
///
/// # Errors
/// Any other value.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(FlagVisitor)
}

struct FlagVisitor;

impl Visitor<'_> for FlagVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0 or 1")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
}

/// The same for optional fields (`Option<bool>`; a missing field or `null` is `None`).
pub mod option {
    use super::FlagVisitor;
    use serde::de::{self, Deserializer, Visitor};
    use serde::ser::Serializer;
    use std::fmt;

    /// Writes `Some(true)` as 1, `Some(false)` as 0, `None` as null (generated fields skip it).
    ///
    /// # Errors
    /// Only those of the serializer.
    #[allow(clippy::ref_option)] // serde's `with` passes a reference
    pub fn serialize<S: Serializer>(value: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    /// Reads 0/1 (or `false`/`true`), or `null`.
    ///
    /// # Errors
    /// Any other value.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        d.deserialize_option(OptionVisitor)
    }

    struct OptionVisitor;

    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<bool>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("0, 1 or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<bool>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<bool>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<bool>, D::Error> {
            d.deserialize_any(FlagVisitor).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Switches {
        #[serde(rename = "On", with = "super")]
        on: bool,
        #[serde(rename = "Maybe", default, skip_serializing_if = "Option::is_none", with = "super::option")]
        maybe: Option<bool>,
    }

    #[test]
    fn flags_are_bool_in_rust_and_0_or_1_on_the_wire() {
        let s = Switches { on: true, maybe: Some(false) };
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"On":1,"Maybe":0}"#);
        assert_eq!(serde_json::to_string(&Switches { on: false, maybe: None }).unwrap(), r#"{"On":0}"#);
        let back: Switches = serde_json::from_str(r#"{"On":1,"Maybe":1}"#).unwrap();
        assert_eq!(back, Switches { on: true, maybe: Some(true) });
        let tolerant: Switches = serde_json::from_str(r#"{"On":true,"Maybe":null}"#).unwrap();
        assert_eq!(tolerant, Switches { on: true, maybe: None });
        let missing: Switches = serde_json::from_str(r#"{"On":0}"#).unwrap();
        assert_eq!(missing.maybe, None);
        for bad in [r#"{"On":2}"#, r#"{"On":-1}"#, r#"{"On":"1"}"#, r#"{"On":0,"Maybe":7}"#] {
            let err = serde_json::from_str::<Switches>(bad).unwrap_err().to_string();
            assert!(err.contains("expected 0 or 1"), "{bad}: {err}");
        }
    }
}
