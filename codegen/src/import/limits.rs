//! Limits stated in prose: "must not exceed 32", "up to 300 members", "only one ... at a time",
//! "more than 32 bytes". Which field a limit belongs to is decided by the caller.

use super::text::{number, words};

/// What a limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Unit {
    /// Items of a list.
    Items,
    /// Bytes of a string.
    Bytes,
}

/// A stated upper bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bound {
    pub unit: Unit,
    pub value: i64,
}

/// Words after a number that make it something other than a count or a size.
const NOT_LIMITS: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "ms",
    "milliseconds",
    "times",
    "calls",
    "bit",
    "bits",
    "characters",
    "character",
    "percent",
    "years",
    "year",
    "months",
    "month",
    "weeks",
    "week",
];

/// Phrases that put an upper bound on the number after them.
const TRIGGERS: &[&[&str]] = &[
    &["exceed"],
    &["exceeds"],
    &["exceeding"],
    &["up", "to"],
    &["at", "most"],
    &["more", "than"],
    &["maximum", "of"],
    &["limit", "of"],
    &["max"],
];

/// Every upper bound stated in `text`, in order.
pub(crate) fn bounds(text: &str) -> Vec<Bound> {
    let w = words(text);
    let mut out = Vec::new();
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or_default();
    for i in 0..w.len() {
        // "only one ... at a time" / "in a single request".
        if at(i) == "only" && at(i + 1) == "one" {
            let window: Vec<&str> = (i + 2..i + 12).map(at).collect();
            let joined = window.join(" ");
            if joined.contains("at a time") || joined.contains("single request") || joined.contains("each request") {
                out.push(Bound { unit: Unit::Items, value: 1 });
            }
            continue;
        }
        // "the maximum number of groups is 32".
        if at(i) == "maximum" && at(i + 1) == "number" {
            if let Some(k) = (i + 2..i + 8).find(|&k| at(k) == "is") {
                if let Some(b) = bound_at(&w, k + 1) {
                    out.push(b);
                }
            }
            continue;
        }
        for t in TRIGGERS {
            let matches = t.iter().enumerate().all(|(k, word)| at(i + k) == *word);
            if matches {
                if let Some(b) = bound_at(&w, i + t.len()) {
                    out.push(b);
                }
            }
        }
    }
    out
}

/// The bound whose number is word `i`, unless the word after says it is a duration or the like.
fn bound_at(w: &[String], i: usize) -> Option<Bound> {
    let value = number(w.get(i)?)?;
    let next = w.get(i + 1).map(String::as_str).unwrap_or_default();
    if NOT_LIMITS.contains(&next) || value <= 0 {
        return None;
    }
    match next {
        "byte" | "bytes" => Some(Bound { unit: Unit::Bytes, value }),
        "kb" => Some(Bound { unit: Unit::Bytes, value: value.checked_mul(1024)? }),
        _ => Some(Bound { unit: Unit::Items, value }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(text: &str) -> Vec<(Unit, i64)> {
        bounds(text).into_iter().map(|b| (b.unit, b.value)).collect()
    }

    #[test]
    fn phrasings() {
        let note =
            "Since the maximum number of groups is 32, the number of groups in a single request must not exceed 32.";
        assert_eq!(b(note), [(Unit::Items, 32), (Unit::Items, 32)]);
        assert_eq!(b("Currently, only one conversation group can be deleted at a time."), [(Unit::Items, 1)]);
        assert_eq!(b("The conversation group name contains more than 32 bytes."), [(Unit::Bytes, 32)]);
        assert_eq!(b("Each request cannot contain more than 1,000 UserIDs."), [(Unit::Items, 1000)]);
        assert_eq!(b("exceeds the upper limit of 100."), [(Unit::Items, 100)]);
        assert!(b("A random 32-bit unsigned integer ranging from 0 to 4294967295").is_empty());
        assert!(b("stored for up to 7 days").is_empty());
        assert!(b("The number of groups exceeds the limit.").is_empty());
    }
}
