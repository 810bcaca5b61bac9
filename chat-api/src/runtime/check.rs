//! Documented limits, checked before a request leaves the process. A violation names the endpoint,
//! the field (with list indices) and the limit, so the caller can fix the call without guessing.

use std::fmt;

/// Where a value sits in a request body: `GroupName[3]`, `MemberList[0].Member_Account`.
///
/// A chain of borrowed segments, so checking a valid request allocates nothing.
#[derive(Clone, Copy, Debug)]
pub struct FieldPath<'a> {
    parent: Option<&'a FieldPath<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Field(&'static str),
    Index(usize),
    Key(&'a str),
}

impl FieldPath<'static> {
    /// The request body itself.
    pub const ROOT: FieldPath<'static> = FieldPath { parent: None, segment: Segment::Root };
}

impl<'a> FieldPath<'a> {
    /// The field `wire` of the value at this path.
    pub fn field<'b>(&'b self, wire: &'static str) -> FieldPath<'b> {
        FieldPath { parent: Some(self), segment: Segment::Field(wire) }
    }

    /// Item `i` of the list at this path.
    pub fn index<'b>(&'b self, i: usize) -> FieldPath<'b> {
        FieldPath { parent: Some(self), segment: Segment::Index(i) }
    }

    /// Entry `key` of the map at this path.
    pub fn key<'b>(&'b self, key: &'b str) -> FieldPath<'b> {
        FieldPath { parent: Some(self), segment: Segment::Key(key) }
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.segment {
            Segment::Root => Ok(()),
            Segment::Field(name) if self.parent.is_some_and(|p| !matches!(p.segment, Segment::Root)) => {
                write!(f, ".{name}")
            }
            Segment::Field(name) => f.write_str(name),
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Key(k) => write!(f, "[{k:?}]"),
        }
    }
}

/// A limit from the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// A list needs at least this many items.
    MinItems(u64),
    /// A list may hold at most this many items.
    MaxItems(u64),
    /// A string may be at most this many bytes long (UTF-8).
    MaxBytes(u64),
    /// A number must be at least this.
    Min(i64),
    /// A number must be at most this.
    Max(i64),
}

/// A request refused before sending because a field breaks a documented limit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LimitViolation {
    /// Path after `v4/` of the endpoint (empty until the client fills it in).
    pub endpoint: &'static str,
    /// The field, as wire names with list indices, e.g. `GroupName[2]`.
    pub field: String,
    /// The limit it breaks.
    pub limit: Limit,
    /// What the field has: its item count, byte length or value.
    pub actual: i64,
    /// The error code the service answers to such a request, when the spec knows it.
    pub code: Option<i64>,
}

impl LimitViolation {
    fn new(at: &FieldPath<'_>, limit: Limit, actual: i64, code: Option<i64>) -> Self {
        LimitViolation { endpoint: "", field: at.to_string(), limit, actual, code }
    }

    /// The same violation with `code` as its code, unless it already has one (a limit's own code
    /// wins over the endpoint's general "invalid parameter" code).
    #[must_use]
    pub fn or_code(mut self, code: Option<i64>) -> Self {
        self.code = self.code.or(code);
        self
    }

    /// The same violation, attributed to `endpoint`.
    #[must_use]
    pub fn at_endpoint(mut self, endpoint: &'static str) -> Self {
        self.endpoint = endpoint;
        self
    }
}

impl fmt::Display for LimitViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.endpoint.is_empty() {
            write!(f, "{}: ", self.endpoint)?;
        }
        let (field, actual) = (&self.field, self.actual);
        match self.limit {
            Limit::MinItems(n) => write!(f, "`{field}` has {actual} items, fewer than the documented minimum of {n}"),
            Limit::MaxItems(n) => write!(f, "`{field}` has {actual} items, more than the documented limit of {n}"),
            Limit::MaxBytes(n) => {
                write!(f, "`{field}` is {actual} bytes long, more than the documented limit of {n} bytes")
            }
            Limit::Min(n) => write!(f, "`{field}` is {actual}, below the documented minimum of {n}"),
            Limit::Max(n) => write!(f, "`{field}` is {actual}, above the documented maximum of {n}"),
        }?;
        f.write_str("; the request was not sent")?;
        if let Some(code) = self.code {
            write!(f, " (the service would answer error {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LimitViolation {}

/// Types whose fields carry limits. Generated for request and nested types that need it.
pub trait CheckLimits {
    /// Checks this value, found at `at` in the request.
    ///
    /// # Errors
    /// The first field that breaks a limit.
    fn check_limits_at(&self, at: &FieldPath<'_>) -> Result<(), LimitViolation>;
}

/// The individual checks generated code calls. Each takes the code the service answers when the
/// limit is broken, if the spec documents one.
pub mod limit {
    use super::{FieldPath, Limit, LimitViolation};

    fn count(n: usize) -> i64 {
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// At least `min` items (of a list, or entries of a map).
    ///
    /// # Errors
    /// When there are fewer.
    pub fn min_items(at: &FieldPath<'_>, len: usize, min: u64, code: Option<i64>) -> Result<(), LimitViolation> {
        if (len as u64) < min {
            return Err(LimitViolation::new(at, Limit::MinItems(min), count(len), code));
        }
        Ok(())
    }

    /// At most `max` items (of a list, or entries of a map).
    ///
    /// # Errors
    /// When there are more.
    pub fn max_items(at: &FieldPath<'_>, len: usize, max: u64, code: Option<i64>) -> Result<(), LimitViolation> {
        if len as u64 > max {
            return Err(LimitViolation::new(at, Limit::MaxItems(max), count(len), code));
        }
        Ok(())
    }

    /// At most `max` bytes of UTF-8; `len` is the string's length in bytes.
    ///
    /// # Errors
    /// When the string is longer.
    pub fn max_bytes(at: &FieldPath<'_>, len: usize, max: u64, code: Option<i64>) -> Result<(), LimitViolation> {
        if len as u64 > max {
            return Err(LimitViolation::new(at, Limit::MaxBytes(max), count(len), code));
        }
        Ok(())
    }

    /// At least `min`.
    ///
    /// # Errors
    /// When the value is smaller.
    pub fn min(at: &FieldPath<'_>, value: i64, min: i64, code: Option<i64>) -> Result<(), LimitViolation> {
        if value < min {
            return Err(LimitViolation::new(at, Limit::Min(min), value, code));
        }
        Ok(())
    }

    /// At most `max`.
    ///
    /// # Errors
    /// When the value is larger.
    pub fn max(at: &FieldPath<'_>, value: i64, max: i64, code: Option<i64>) -> Result<(), LimitViolation> {
        if value > max {
            return Err(LimitViolation::new(at, Limit::Max(max), value, code));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_as_wire_names_with_indices() {
        let root = FieldPath::ROOT;
        let list = root.field("MemberList");
        let item = list.index(2);
        assert_eq!(item.field("Member_Account").to_string(), "MemberList[2].Member_Account");
        assert_eq!(root.field("GroupName").index(0).to_string(), "GroupName[0]");
        let data = root.field("AppData");
        assert_eq!(data.key("k\"1").field("Value").to_string(), "AppData[\"k\\\"1\"].Value");
    }

    #[test]
    fn checks_pass_at_the_bound_and_fail_past_it() {
        let at = FieldPath::ROOT.field("GroupName");
        assert!(limit::max_items(&at, 32, 32, None).is_ok());
        let err = limit::max_items(&at, 33, 32, None).unwrap_err().at_endpoint("sns/group_delete");
        assert_eq!((err.limit, err.actual), (Limit::MaxItems(32), 33));
        assert_eq!(
            err.to_string(),
            "sns/group_delete: `GroupName` has 33 items, more than the documented limit of 32; the request was not sent"
        );
        let with_code = err.or_code(Some(30001));
        assert_eq!(with_code.code, Some(30001));
        assert!(with_code.to_string().ends_with("(the service would answer error 30001)"));
        // Bytes, not characters: 11 three-byte characters are 33 bytes.
        assert!(limit::max_bytes(&at, "é".repeat(16).len(), 32, None).is_ok());
        let long = limit::max_bytes(&at, "中".repeat(11).len(), 32, Some(51011)).unwrap_err();
        assert_eq!((long.actual, long.code), (33, Some(51011)));
        assert_eq!(long.or_code(Some(50002)).code, Some(51011), "a limit's own code wins");
        assert!(limit::min_items(&at, 0, 1, None).is_err());
        assert_eq!(limit::max(&at, 5, 4, None).unwrap_err().limit, Limit::Max(4));
        assert_eq!(limit::min(&at, 0, 1, None).unwrap_err().limit, Limit::Min(1));
        assert!(limit::min(&at, 3, 1, None).is_ok() && limit::max(&at, 3, 4, None).is_ok());
    }
}
