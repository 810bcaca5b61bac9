//! The documented call frequencies, per endpoint, over a sliding window.

use chat_api::runtime::RateLimit;
use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

/// Times of recent calls per endpoint.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    windows: BTreeMap<&'static str, VecDeque<Instant>>,
}

impl Limiter {
    /// Whether a call to `path` at `now` is within `rate`; records it if so.
    pub(crate) fn allow(&mut self, path: &'static str, rate: Option<RateLimit>, now: Instant) -> bool {
        let Some(rate) = rate else { return true };
        let period = Duration::from_secs(rate.period_secs());
        let window = self.windows.entry(path).or_default();
        while window.front().is_some_and(|t| now.saturating_duration_since(*t) >= period) {
            window.pop_front();
        }
        if window.len() as u64 >= rate.calls() {
            return false;
        }
        window.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_call_past_the_limit_is_refused_until_the_window_moves() {
        let mut l = Limiter::default();
        let rate = Some(RateLimit::new(3, 1));
        let t0 = Instant::now();
        assert!((0..3).all(|_| l.allow("a", rate, t0)));
        assert!(!l.allow("a", rate, t0 + Duration::from_millis(999)));
        assert!(l.allow("b", rate, t0), "endpoints have windows of their own");
        assert!(l.allow("a", rate, t0 + Duration::from_secs(1)));
        assert!(l.allow("a", None, t0), "no documented limit, no limit");
    }
}
