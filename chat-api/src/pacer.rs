//! The optional client-side pacer: keeps each endpoint within its documented call frequency by
//! delaying calls, so that a burst is smoothed instead of refused by the service.
//!
//! The service counts a call when it arrives, which the client cannot see: it lies somewhere
//! between the call's start and its completion. So a call holds its place in the window from its
//! start until one period after it completed, and a new call starts only while fewer than the
//! allowed number hold places. Whatever the network delays, no window of arrivals at the service
//! then holds more calls than documented; the cost is one latency per period.

use crate::runtime::RateLimit;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a waiting call sleeps before looking again when every place is held by a call still
/// in flight (whose completion, and so whose release, is not known yet).
const IN_FLIGHT_POLL: Duration = Duration::from_millis(5);

/// Per endpoint: completion times of recent calls, and calls in flight.
#[derive(Debug, Default)]
pub(crate) struct Pacer {
    windows: Mutex<HashMap<&'static str, Window>>,
}

#[derive(Debug, Default)]
struct Window {
    completed: VecDeque<Instant>,
    in_flight: usize,
}

/// A place in an endpoint's window, held while the call is in flight; released (with the time the
/// call ended) when dropped, so that a cancelled call releases it too.
pub(crate) struct Place<'a> {
    pacer: &'a Pacer,
    path: &'static str,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        let mut windows = self.pacer.windows.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(w) = windows.get_mut(self.path) {
            w.in_flight = w.in_flight.saturating_sub(1);
            w.completed.push_back(Instant::now());
        }
    }
}

impl Pacer {
    /// A place for a call to `path` at `now`, or how long to wait before asking again.
    pub(crate) fn start(&self, path: &'static str, rate: RateLimit, now: Instant) -> Result<Place<'_>, Duration> {
        let period = Duration::from_secs(rate.period_secs());
        let calls = usize::try_from(rate.calls()).unwrap_or(usize::MAX).max(1);
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let w = windows.entry(path).or_default();
        while w.completed.front().is_some_and(|t| now.saturating_duration_since(*t) >= period) {
            w.completed.pop_front();
        }
        if w.completed.len() + w.in_flight < calls {
            w.in_flight += 1;
            return Ok(Place { pacer: self, path });
        }
        // Full: the oldest completed call leaves the window first; else one in flight must end.
        Err(w.completed.front().map_or(IN_FLIGHT_POLL, |t| (*t + period).saturating_duration_since(now)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_held_until_a_period_after_the_call_ended() {
        let p = Pacer::default();
        let rate = RateLimit::new(4, 1);
        let t0 = Instant::now();
        let held: Vec<Place<'_>> = (0..4).map(|_| p.start("a", rate, t0).unwrap()).collect();
        assert_eq!(p.start("a", rate, t0).err(), Some(IN_FLIGHT_POLL), "all four in flight");
        assert!(p.start("b", rate, t0).is_ok(), "endpoints are paced separately");
        drop(held);
        let ended = Instant::now();
        let wait = p.start("a", rate, ended).err().expect("the four ended within the period");
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(p.start("a", rate, ended + Duration::from_secs(1)).is_ok(), "a period after they ended");
    }
}
