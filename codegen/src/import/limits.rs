//! Limits stated in prose: "must not exceed 32", "up to 300 members", "only one ... at a time",
//! "more than 32 bytes", "maximum length is 30 bytes", "the maximum value is 4294967295",
//! "最大长度为30字节", "单次最多500个", "500件まで". English is read word by word below; the
//! phrasings of every language come from the vocabulary tables (`vocab`). Which field a limit
//! belongs to is decided by the caller.

use super::text::{number, words};
use super::vocab::{self, Vocab};

/// What a limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Unit {
    /// Items of a list.
    Items,
    /// Bytes of a string.
    Bytes,
    /// The value of an integer.
    Value,
    /// Characters of a string: not bytes, so no limit is drafted (the caller warns).
    Characters,
}

/// A stated bound: an upper one unless `lower`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bound {
    pub unit: Unit,
    pub value: i64,
    pub lower: bool,
}

impl Bound {
    fn most(unit: Unit, value: i64) -> Bound {
        Bound { unit, value, lower: false }
    }
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
                out.push(Bound::most(Unit::Items, 1));
            }
            continue;
        }
        // "the maximum duration is 604,800 seconds", "max. period: 7 days (604800 seconds)": a
        // duration bounds the value in seconds, wherever the seconds are given.
        if matches!(at(i), "maximum" | "max") && matches!(at(i + 1), "duration" | "period" | "retention") {
            if let Some(k) =
                (i + 2..i + 10).find(|&k| number(at(k)).is_some() && matches!(at(k + 1), "seconds" | "second" | "s"))
            {
                if let Some(v) = number(at(k)) {
                    out.push(Bound::most(Unit::Value, v));
                }
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
    out.extend(phrased(text));
    out.extend(longest_in_seconds(text));
    out
}

/// "最长为7天（604800秒）", "最多保存7天（604800秒）": the longest duration, given again in
/// seconds, bounds the value.
fn longest_in_seconds(text: &str) -> Vec<Bound> {
    let mut out = Vec::new();
    let starts = ["最长", "最多保存"].iter().flat_map(|w| text.match_indices(w).map(|(at, _)| at));
    for at in starts {
        let rest: String = text.get(at..).unwrap_or_default().chars().take(20).collect();
        let Some(open) = rest.find('（').or_else(|| rest.find('(')) else { continue };
        let inner = rest.get(open..).unwrap_or_default().trim_start_matches(['（', '(']);
        let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
        if inner.get(digits.len()..).is_some_and(|r| r.starts_with('秒')) {
            if let Some(v) = number(&digits) {
                out.push(Bound::most(Unit::Value, v));
            }
        }
    }
    out
}

/// Bounds the vocabulary tables phrase, in every language: a phrase, a few words, a number and
/// its unit ("最多支持500个", "maximum length is 30 bytes"), a number and its unit followed by a
/// phrase ("30バイト以内"), a value bound ("最大值为4294967295"), "non-negative".
fn phrased(text: &str) -> Vec<Bound> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut seen: Vec<(usize, bool)> = Vec::new();
    for v in vocab::ALL {
        let tables: [(&[&str], Option<Unit>, bool); 4] = [
            (v.at_most, None, false),
            (v.at_least, None, true),
            (v.max_value, Some(Unit::Value), false),
            (v.min_value, Some(Unit::Value), true),
        ];
        for (phrases, unit, is_lower) in tables {
            for p in phrases {
                for (at, _) in lower.match_indices(p) {
                    if !boundary_before(&lower, at) {
                        continue;
                    }
                    // "最大値は..." is a value bound, not the count "最大" would make of it.
                    let here = lower.get(at..).unwrap_or_default();
                    if unit.is_none() && vocab::ALL.iter().any(|x| x.max_value.iter().any(|m| here.starts_with(m))) {
                        continue;
                    }
                    let rest = lower.get(at + p.len()..).unwrap_or_default();
                    if let Some((value, found, used)) = number_after(rest, 10) {
                        // Phrases of several tables may name one number ("最大长度为", "最大"): once.
                        let end = at + p.len() + used;
                        if let Some(unit) = unit.or(found).filter(|_| !seen.contains(&(end, is_lower))) {
                            seen.push((end, is_lower));
                            out.push(Bound { unit, value, lower: is_lower });
                        }
                    }
                }
            }
        }
        for p in v.ranges {
            for (at, _) in lower.match_indices(p) {
                if !boundary_before(&lower, at) {
                    continue;
                }
                let rest = lower.get(at + p.len()..).unwrap_or_default();
                if let Some((low, high, end)) = range_after(rest) {
                    let end = at + p.len() + end;
                    if !seen.contains(&(end, true)) {
                        seen.push((end, true));
                        out.push(Bound { unit: Unit::Value, value: low, lower: true });
                        out.push(Bound { unit: Unit::Value, value: high, lower: false });
                    }
                }
            }
        }
        for p in v.non_negative {
            if lower.contains(p) && !out.iter().any(|b: &Bound| b.lower && b.unit == Unit::Value) {
                out.push(Bound { unit: Unit::Value, value: 0, lower: true });
            }
        }
        out.extend(trailing(&lower, v, &mut seen));
        if v.single.iter().any(|p| lower.contains(p)) && !out.iter().any(|b| b.unit == Unit::Items && !b.lower) {
            out.push(Bound::most(Unit::Items, 1));
        }
    }
    out
}

/// "0 to 4294967295", "1-6000", "0～100": two numbers and a separator, within a few characters
/// of the phrase before; (low, high, bytes read). A negative low end is left to the spec.
fn range_after(rest: &str) -> Option<(i64, i64, usize)> {
    let start = rest.char_indices().take(6).find(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i)?;
    if rest.get(..start)?.contains(['-', '−', '。', '.', ';', '；']) {
        return None;
    }
    let digits = |s: &str| -> (String, usize) {
        let n: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
        let len = n.len();
        (n.replace(',', ""), len)
    };
    let (a, alen) = digits(rest.get(start..)?);
    let after = rest.get(start + alen..)?;
    let trimmed = after.trim_start();
    let sep = ["to", "-", "~", "～", "到", "至", "—", "–", "and", "до"].iter().find(|s| trimmed.starts_with(**s))?;
    let more = trimmed.get(sep.len()..)?;
    let b_text = more.trim_start();
    let (b, blen) = digits(b_text);
    let (low, high) = (a.parse::<i64>().ok()?, b.parse::<i64>().ok()?);
    if high <= low {
        return None;
    }
    let used = rest.len() - b_text.len() + blen;
    Some((low, high, used))
}

/// "30バイト以内", "500个以下", "10개 이하": a number, its unit, then the phrase.
fn trailing(lower: &str, v: &Vocab, seen: &mut Vec<(usize, bool)>) -> Vec<Bound> {
    let mut out = Vec::new();
    if v.most_after.is_empty() && v.least_after.is_empty() {
        return out;
    }
    let mut rest = lower;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let here = rest.get(i..).unwrap_or_default();
        let Some((value, unit, used)) = number_after(here, 0) else { break };
        let tail = here.get(used..).unwrap_or_default().trim_start();
        let before_ok = rest.get(..i).and_then(|b| b.chars().last()).is_none_or(|c| !c.is_ascii_alphanumeric());
        if before_ok {
            for (phrases, is_lower) in [(v.most_after, false), (v.least_after, true)] {
                let end = lower.len() - here.len() + used;
                if let (Some(unit), true) = (unit, phrases.iter().any(|p| tail.starts_with(p))) {
                    if !seen.contains(&(end, is_lower)) {
                        seen.push((end, is_lower));
                        out.push(Bound { unit, value, lower: is_lower });
                    }
                }
            }
        }
        rest = here.get(used.max(1)..).unwrap_or_default();
    }
    out
}

/// Whether a phrase found at `at` starts a word (CJK phrases start anywhere).
fn boundary_before(text: &str, at: usize) -> bool {
    let prev = text.get(..at).and_then(|b| b.chars().last());
    let first = text.get(at..).and_then(|r| r.chars().next());
    match (prev, first) {
        (Some(p), Some(f)) if f.is_ascii_alphabetic() || is_cyrillic(f) => !p.is_alphanumeric(),
        _ => true,
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// The first number within `skip` characters of `rest` (not across a sentence end), its unit
/// (bytes, items; None for characters, durations, calls) and the bytes read up to after the unit.
fn number_after(rest: &str, skip: usize) -> Option<(i64, Option<Unit>, usize)> {
    let mut start = None;
    for (k, (i, c)) in rest.char_indices().enumerate() {
        if c.is_ascii_digit() {
            start = Some(i);
            break;
        }
        if k >= skip || matches!(c, '。' | '.' | ';' | '；' | ',' | '，' | '\n' | '(' | '（' | '、') {
            return None;
        }
    }
    let start = start?;
    let tail = rest.get(start..)?;
    let mut digits = String::new();
    let mut used = start;
    let mut chars = tail.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == ',' && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit()) && !digits.is_empty() {
        } else {
            used = start + i;
            break;
        }
        used = start + i + c.len_utf8();
    }
    let value: i64 = number(&digits)?;
    if value <= 0 {
        return None;
    }
    let after = rest.get(used..)?;
    let trimmed = after.trim_start();
    let used = used + (after.len() - trimmed.len());
    let is = |words: &[&str]| words.iter().find(|w| trimmed.starts_with(**w)).map(|w| w.len());
    let all = |pick: fn(&Vocab) -> &'static [&'static str]| vocab::ALL.iter().find_map(|v| is(pick(v)));
    if let Some(n) = all(|v| v.bytes) {
        return Some((value, Some(Unit::Bytes), used + n));
    }
    if trimmed.starts_with("kb") {
        return Some((value.checked_mul(1024)?, Some(Unit::Bytes), used + 2));
    }
    let measure: &[&str] = &["個", "个", "개", "件", "条", "條", "名", "人"];
    let m = is(measure).unwrap_or(0);
    let unit_text = trimmed.get(m..).unwrap_or_default();
    if let Some(n) =
        vocab::ALL.iter().find_map(|v| v.bytes.iter().find(|w| unit_text.starts_with(**w)).map(|w| w.len()))
    {
        return Some((value, Some(Unit::Bytes), used + m + n));
    }
    if vocab::ALL.iter().any(|v| v.characters.iter().any(|w| unit_text.starts_with(w))) {
        return Some((value, Some(Unit::Characters), used + m));
    }
    let not_a_count = vocab::ALL.iter().any(|v| {
        v.calls.iter().any(|w| unit_text.starts_with(w)) || v.periods.iter().any(|(w, _)| unit_text.starts_with(w))
    }) || NOT_LIMITS.iter().any(|w| unit_text.starts_with(w));
    if not_a_count {
        return Some((value, None, used + m));
    }
    Some((value, Some(Unit::Items), used + m))
}

/// The bound whose number is word `i`, unless the word after says it is a duration or the like.
fn bound_at(w: &[String], i: usize) -> Option<Bound> {
    let value = number(w.get(i)?)?;
    let next = w.get(i + 1).map(String::as_str).unwrap_or_default();
    if matches!(next, "characters" | "character" | "chars") && value > 0 {
        return Some(Bound::most(Unit::Characters, value));
    }
    if NOT_LIMITS.contains(&next) || value <= 0 {
        return None;
    }
    match next {
        "byte" | "bytes" => Some(Bound::most(Unit::Bytes, value)),
        "kb" => Some(Bound::most(Unit::Bytes, value.checked_mul(1024)?)),
        _ => Some(Bound::most(Unit::Items, value)),
    }
}

/// What a description implies of an integer's range without stating a bound: the values it
/// enumerates ("`0`: No. `1`: Yes", "1：置顶", "The default value is 0") and the range of a
/// "32-bit unsigned integer". The audit holds a spec bound the page does not state against it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Implied {
    /// Values the description names, sorted and without repeats.
    pub values: Vec<i64>,
    /// (min, max) of the integer type the description names.
    pub range: Option<(i64, i64)>,
}

/// Words after which a number is a value: "default value is 0", "默认值为0", "默认为 0".
const DEFAULT_WORDS: &[&str] = &["default value is", "defaults to", "default is", "默认值为", "默认为", "默认值是"];

/// Marks after a number that make it a listed value: "`1`: ...", "1：...", "1 表示 ...".
const VALUE_MARKS: &[&str] =
    &[":", "：", " -", " means", " indicates", " 表示", "表示", "为", " 为", "表明", "代表", " =", "（", " ("];

pub(crate) fn implied(doc: &str) -> Implied {
    let text = doc.replace(['`', '*'], "").replace("<br>", " ").replace("<br/>", " ").replace("<li>", " ");
    let lower = text.to_lowercase();
    let mut values = Vec::new();
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        // A number that starts a word...
        if !c.is_ascii_digit() || k > 0 && chars[k - 1].1.is_ascii_alphanumeric() {
            continue;
        }
        let neg = k > 0 && chars[k - 1].1 == '-' && (k < 2 || !chars[k - 2].1.is_ascii_alphanumeric());
        let digits: String = lower.get(at..).unwrap_or_default().chars().take_while(char::is_ascii_digit).collect();
        let rest = lower.get(at + digits.len()..).unwrap_or_default();
        let Some(v) = number(&digits) else { continue };
        let v = if neg { -v } else { v };
        // ...followed by a value mark, or after a "default" phrase.
        let before = lower.get(..at).unwrap_or_default().trim_end();
        let listed = VALUE_MARKS.iter().any(|m| {
            rest.strip_prefix(m).is_some_and(|after| !after.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        });
        let default = DEFAULT_WORDS.iter().any(|w| before.ends_with(w));
        if listed || default {
            values.push(v);
        }
    }
    values.sort_unstable();
    values.dedup();
    let range = ["32-bit unsigned", "32位无符号", "无符号32位", "uint32"]
        .iter()
        .any(|w| lower.contains(w))
        .then_some((0, i64::from(u32::MAX)));
    Implied { values, range }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(text: &str) -> Vec<(Unit, i64)> {
        bounds(text).into_iter().filter(|b| !b.lower).map(|b| (b.unit, b.value)).collect()
    }

    fn least(text: &str) -> Vec<(Unit, i64)> {
        bounds(text).into_iter().filter(|b| b.lower).map(|b| (b.unit, b.value)).collect()
    }

    #[test]
    fn values_a_description_enumerates_and_ranges_it_names() {
        let v = |t: &str| implied(t).values;
        assert_eq!(v("Whether it is supported. `0`: No. `1`: Yes. The default value is `0`."), [0, 1]);
        assert_eq!(v("Whether to pull recalled ones. `1`: pull them. Not pulled by default."), [1]);
        assert_eq!(v("Attribute. 0: normal; 8: recalled"), [0, 8]);
        assert_eq!(v("类型：1 表示置顶，2 表示取消"), [1, 2]);
        assert_eq!(v("是否支持，0为不支持，1为支持。"), [0, 1]);
        assert_eq!(v("填1表明需要拉取；默认不拉取"), [1]);
        assert_eq!(v("最长为7天（604800秒）"), Vec::<i64>::new(), "a bound is not a value");
        assert_eq!(implied("封禁时长，单位秒，无符号32位数字").range, Some((0, 4_294_967_295)));
        assert_eq!(v("Offline retention in seconds, 604800 at most. The default value is 0."), [0]);
        assert_eq!(v("Sent at 12:30 on day 3 of 10 days"), Vec::<i64>::new(), "times and counts are not values");
        assert_eq!(implied("Sequence number (32-bit unsigned integer)").range, Some((0, 4_294_967_295)));
        assert_eq!(implied("A number").range, None);
    }

    #[test]
    fn phrasings_of_every_language() {
        assert_eq!(b("The name, with a maximum length of 30 bytes."), [(Unit::Bytes, 30)]);
        assert_eq!(b("The maximum length is 30 bytes."), [(Unit::Bytes, 30)]);
        assert_eq!(b("Up to 150 bytes."), [(Unit::Bytes, 150)]);
        assert_eq!(b("The new name, 30 bytes at most."), [(Unit::Bytes, 30)]);
        assert_eq!(b("Kept offline; the maximum duration is 604,800 seconds (7 days)."), [(Unit::Value, 604_800)]);
        assert_eq!(b("Retention in seconds; max. period: 7 days (604800 seconds)."), [(Unit::Value, 604_800)]);
        assert_eq!(b("The maximum period is 7 days."), [], "no seconds given");
        assert_eq!(b("单次请求的 To_Account 数不得超过1000"), [(Unit::Items, 1000)]);
        assert_eq!(b("离线保存时长（单位：秒），最长为7天（604800秒）"), [(Unit::Value, 604_800)]);
        assert_eq!(b("When the group has 500 or less members, all are returned."), [], "a condition, not a bound");
        assert_eq!(b("Must not exceed 500."), [(Unit::Items, 500)]);
        assert_eq!(b("Up to 150 characters."), [(Unit::Characters, 150)], "characters are not bytes");
        assert_eq!(b("The maximum value is 4294967295 (0xFFFFFFFF)."), [(Unit::Value, 4_294_967_295)]);
        assert_eq!(least("A non-negative integer."), [(Unit::Value, 0)]);
        assert_eq!(b("群名称，最大长度为30字节"), [(Unit::Bytes, 30)]);
        assert_eq!(b("单次最多500个"), [(Unit::Items, 500)]);
        assert_eq!(b("最多支持500个帐号"), [(Unit::Items, 500)]);
        assert_eq!(b("最大不超过50个字节"), [(Unit::Bytes, 50)]);
        assert_eq!(b("最大值为4294967295（十六进制 0xFFFFFFFF）"), [(Unit::Value, 4_294_967_295)]);
        assert_eq!(b("グループ名は30バイト以内"), [(Unit::Bytes, 30)]);
        assert_eq!(b("한 번에 최대 500개"), [(Unit::Items, 500)]);
        assert_eq!(b("не более 500 аккаунтов"), [(Unit::Items, 500)]);
        assert_eq!(b("maksimal 30 byte"), [(Unit::Bytes, 30)]);
        assert!(b("最多保存7天").is_empty(), "a duration is not a limit");
        assert_eq!(b("最多30个字符"), [(Unit::Characters, 30)]);
        assert_eq!(least("取值范围：1-6000"), [(Unit::Value, 1)]);
        assert_eq!(b("取值范围：1-6000"), [(Unit::Value, 6000)]);
        assert_eq!(b("The value ranges from 0 to 100."), [(Unit::Value, 100)]);
        assert_eq!(b("ranging from 1 to 1,000"), [(Unit::Value, 1000)]);
        assert!(b("最高调用频率为200次/秒").is_empty(), "a rate is not a limit");
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
        assert_eq!(b("A random 32-bit unsigned integer ranging from 0 to 4294967295"), [(Unit::Value, 4_294_967_295)]);
        assert!(b("stored for up to 7 days").is_empty());
        assert!(b("The number of groups exceeds the limit.").is_empty());
    }
}
