//! Operations: the service's addresses and the message-record files it exports
//! (v4/ConfigSvc/GetIPList, v4/open_msg_svc/get_history).

use std::collections::BTreeMap;

/// What the operations commands answer from besides the rest of the state.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Operations {
    /// What GetIPList answers: the sandbox's own loopback address unless a test sets others.
    pub server_ips: Vec<String>,
    /// The record files get_history has exported, gzip bytes by download URL, so that tests can
    /// "download" what an address names (the addresses themselves do not resolve).
    pub exports: BTreeMap<String, Vec<u8>>,
}

impl Default for Operations {
    fn default() -> Self {
        Operations { server_ips: vec!["127.0.0.1".to_string()], exports: BTreeMap::new() }
    }
}

/// Beijing time, in which the service's days and hours run.
pub(crate) const BEIJING_OFFSET: i64 = 8 * 3600;
/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day count since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Unix seconds as Beijing `YYYYMMDD`.
pub(crate) fn beijing_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days((unix + BEIJING_OFFSET).div_euclid(86_400));
    format!("{y:04}{m:02}{d:02}")
}

/// Unix seconds as Beijing `YYYY-MM-DD hh:mm:ss`.
pub(crate) fn beijing_time(unix: i64) -> String {
    let local = unix + BEIJING_OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The Unix second a `YYYYMMDDHH` Beijing hour starts at, or `None` when it is no real hour.
pub(crate) fn hour_start(msg_time: &str) -> Option<i64> {
    if msg_time.len() != 10 || !msg_time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| msg_time[r].parse::<i64>().ok();
    let (y, m, d, h) = (num(0..4)?, num(4..6)?, num(6..8)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // 31 February and the like come back as another date.
    (civil_from_days(days) == (y, m, d)).then_some(days * 86_400 + h * 3600 - BEIJING_OFFSET)
}

/// The `MsgTime` (Beijing `YYYYMMDDHH`) of the hour that Unix second `unix` falls in, as
/// get_history takes it.
pub fn beijing_hour(unix: i64) -> String {
    let local = unix + BEIJING_OFFSET;
    format!("{}{:02}", beijing_date(unix), local.rem_euclid(86_400) / 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_hours_are_beijing_time() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        // 2015-12-01 21:00 Beijing is 13:00 UTC.
        assert_eq!(hour_start("2015120121"), Some(1_448_974_800));
        assert_eq!(beijing_date(1_448_974_806), "20151201");
        assert_eq!(beijing_time(1_448_974_806), "2015-12-01 21:00:06");
        assert_eq!(hour_start("2015022921"), None, "2015 has no 29 February");
        assert_eq!(hour_start("2015120124"), None);
        assert_eq!(hour_start("201512012"), None);
        assert_eq!(beijing_hour(1_448_974_806), "2015120121");
    }
}
