//! The optional client-side pacer: keeps each endpoint within its documented call frequency by
//! delaying calls, so that a burst is smoothed instead of refused by the service.

use crate::runtime::RateLimit;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Start times of recent and scheduled calls, per endpoint.
#[derive(Debug, Default)]
pub(crate) struct Pacer {
    windows: Mutex<HashMap<&'static str, VecDeque<Instant>>>,
}

impl Pacer {
    /// Reserves a start time for a call to `path` at or after `now`, and returns how long to wait
    /// for it. Calls reserve in order, so concurrent callers queue instead of racing.
    pub(crate) fn reserve(&self, path: &'static str, rate: RateLimit, now: Instant) -> Duration {
        let period = Duration::from_secs(rate.period_secs());
        let calls = usize::try_from(rate.calls()).unwrap_or(usize::MAX).max(1);
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let window = windows.entry(path).or_default();
        while window.front().is_some_and(|t| now.saturating_duration_since(*t) >= period) {
            window.pop_front();
        }
        // With `calls` starts in the last period, the next may start one period after the oldest.
        let start = if window.len() >= calls { window[window.len() - calls] + period } else { now };
        let start = start.max(now);
        window.push_back(start);
        while window.len() > calls {
            window.pop_front();
        }
        start - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_spread_over_the_period() {
        let p = Pacer::default();
        let rate = RateLimit::new(4, 1);
        let t0 = Instant::now();
        let waits: Vec<Duration> = (0..10).map(|_| p.reserve("a", rate, t0)).collect();
        assert!(waits[..4].iter().all(|w| w.is_zero()), "{waits:?}");
        assert_eq!(waits[4], Duration::from_secs(1));
        assert_eq!(waits[8], Duration::from_secs(2));
        // In any one second, at most four calls start.
        let starts: Vec<Duration> = waits.clone();
        for (i, s) in starts.iter().enumerate() {
            let in_window = starts.iter().filter(|t| **t >= *s && **t < *s + Duration::from_secs(1)).count();
            assert!(in_window <= 4, "window at call {i}: {in_window}");
        }
        assert!(p.reserve("b", rate, t0).is_zero(), "endpoints are paced separately");
        assert!(p.reserve("a", rate, t0 + Duration::from_secs(10)).is_zero(), "an idle endpoint starts at once");
    }
}
