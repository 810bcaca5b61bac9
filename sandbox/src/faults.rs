//! Faults to inject into coming calls, for testing how clients behave when the service or the
//! network misbehaves.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

/// Something going wrong with one call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this HTTP status and an HTML page (as a proxy would); the call is not applied.
    Status(u16),
    /// Apply the call, then wait this long before answering (past a client's timeout, say).
    Delay(Duration),
    /// Close the connection without answering; the call is not applied.
    DropBefore,
    /// Apply the call, then close the connection without answering.
    DropAfter,
    /// Apply the call and answer 200 with the first half of the JSON reply.
    Truncated,
    /// Answer 200 with an HTML page instead of JSON; the call is not applied.
    NotJson,
    /// Answer with this error code and text; the call is not applied.
    Code {
        /// `ErrorCode`.
        code: i64,
        /// `ErrorInfo`.
        info: String,
    },
}

impl Fault {
    /// The service answers `code` (e.g. 10002, a retriable internal error).
    pub fn code(code: i64) -> Fault {
        Fault::Code { code, info: format!("error {code} injected by the sandbox") }
    }
}

#[derive(Debug)]
struct Rule {
    fault: Fault,
    /// Only calls to this path (after `v4/`), or any.
    path: Option<String>,
    remaining: usize,
}

/// The queue of pending faults. The first rule that matches a call is used and counted down.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<VecDeque<Rule>>,
}

impl Faults {
    /// `fault` for the next call, whatever its endpoint.
    pub fn next(&self, fault: Fault) {
        self.push(fault, None, 1);
    }

    /// `fault` for the next `times` calls, whatever their endpoint.
    pub fn next_n(&self, fault: Fault, times: usize) {
        self.push(fault, None, times);
    }

    /// `fault` for the next `times` calls to `path` (e.g. `sns/group_delete`).
    pub fn for_endpoint(&self, path: &str, fault: Fault, times: usize) {
        self.push(fault, Some(path.trim_start_matches("v4/").to_string()), times);
    }

    /// Forgets every pending fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many injections are still pending.
    pub fn pending(&self) -> usize {
        self.lock().iter().map(|r| r.remaining).sum()
    }

    fn push(&self, fault: Fault, path: Option<String>, times: usize) {
        if times > 0 {
            self.lock().push_back(Rule { fault, path, remaining: times });
        }
    }

    /// The fault for a call to `path`, if one is pending.
    pub(crate) fn take(&self, path: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let i = rules.iter().position(|r| r.path.as_deref().is_none_or(|p| p == path))?;
        let rule = rules.get_mut(i)?;
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        if rule.remaining == 0 {
            rules.remove(i);
        }
        Some(fault)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Rule>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_count_down_and_match_their_endpoint() {
        let f = Faults::default();
        f.for_endpoint("v4/sns/group_delete", Fault::code(30006), 2);
        f.next(Fault::Status(502));
        assert_eq!(f.take("group_open_http_svc/destroy_group"), Some(Fault::Status(502)));
        assert_eq!(f.take("group_open_http_svc/destroy_group"), None);
        assert_eq!(f.pending(), 2);
        assert_eq!(f.take("sns/group_delete"), Some(Fault::code(30006)));
        assert_eq!(f.take("sns/group_delete"), Some(Fault::code(30006)));
        assert_eq!(f.take("sns/group_delete"), None);
    }
}
