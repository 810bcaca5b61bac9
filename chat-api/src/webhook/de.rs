//! Lenient decoding used by the generated webhook types: the pages' samples send some integers
//! (`EventTime`, `ErrorCode`) as JSON text, so both forms are accepted.

use serde::{Deserialize, Deserializer, de::Error};

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrText {
    Int(i64),
    Text(String),
}

fn to_int<E: Error>(v: IntOrText) -> Result<i64, E> {
    match v {
        IntOrText::Int(i) => Ok(i),
        IntOrText::Text(s) => s.trim().parse().map_err(|_| E::custom(format!("expected an integer, got {s:?}"))),
    }
}

/// An integer, written as a number or as decimal text.
///
/// # Errors
/// When the value is neither.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    to_int(IntOrText::deserialize(d)?)
}

/// An optional integer, written as a number or as decimal text; `null` is none.
///
/// # Errors
/// When the value is neither.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<IntOrText>::deserialize(d)?.map(to_int).transpose()
}
