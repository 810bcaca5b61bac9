//! Call frequency and edition as pages phrase them, in every language of the vocabulary tables:
//! "200 calls per second", "200/second", "200 times/second", "100次/秒", "每秒200次",
//! "초당 200회", "200 раз в секунду"; "Only the Premium edition...", "仅旗舰版支持".

use super::text::words;
use super::vocab::{self, Vocab};

/// Separators between the count and the period ("per", "/", "每", "в").
const PER: &[&str] =
    &["/", "per ", "a ", "every ", "each ", "в ", "per", "每", "毎", "あたり", "につき", "당", "setiap "];

/// The first call frequency stated in `text`, as (calls, period).
pub(crate) fn rate(text: &str) -> Option<(u64, String)> {
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..)?.find(|c: char| c.is_ascii_digit()).map(|i| i + from) {
        let tail = lower.get(i..)?;
        let len = tail.find(|c: char| !c.is_ascii_digit() && c != ',').unwrap_or(tail.len());
        let digits: String = tail.get(..len)?.chars().filter(char::is_ascii_digit).collect();
        from = i + len.max(1);
        let glued = lower.get(..i).and_then(|b| b.chars().last()).is_some_and(|c| c.is_ascii_alphanumeric());
        let Some(n) = digits.parse::<u64>().ok().filter(|n| *n > 0 && !glued) else { continue };
        let rest = tail.get(len..)?.trim_start();
        let (counted, rest) = match strip_any(rest, |v| v.calls) {
            Some(r) => (true, r.trim_start()),
            None => (false, rest),
        };
        let (slashed, rest) = match PER.iter().find(|p| rest.starts_with(**p)) {
            Some(p) => (*p == "/", rest.get(p.len()..).unwrap_or_default().trim_start()),
            None => (false, rest),
        };
        if counted || slashed {
            if let Some(per) = period_at(rest) {
                return Some((n, per.to_string()));
            }
        }
        // The period before the number: "每秒200次", "초당 최대 200회".
        if counted {
            let before: String = lower.get(..i)?.chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
            let per_before = vocab::ALL.iter().flat_map(|v| v.periods.iter()).find(|(w, _)| {
                PER.iter().any(|p| before.contains(&format!("{p}{w}")) || before.contains(&format!("{w}{p}")))
            });
            if let Some((_, per)) = per_before {
                return Some((n, per.to_string()));
            }
        }
    }
    None
}

/// `rest` after one of the words `pick` gives, in any language.
fn strip_any(rest: &str, pick: fn(&Vocab) -> &'static [&'static str]) -> Option<&str> {
    let mut all: Vec<&str> = vocab::ALL.iter().flat_map(|v| pick(v).iter().copied()).collect();
    all.sort_by_key(|w| std::cmp::Reverse(w.len()));
    all.into_iter().find(|w| rest.starts_with(w)).and_then(|w| rest.get(w.len()..))
}

/// The period a unit of time at the start of `rest` names; Latin words must end there
/// (a plural `s` or a case ending allowed), so "s" is "second" only alone.
fn period_at(rest: &str) -> Option<&'static str> {
    if rest.starts_with('s') && !rest.chars().nth(1).is_some_and(char::is_alphabetic) {
        return Some("second");
    }
    let mut all: Vec<(&str, &str)> = vocab::ALL.iter().flat_map(|v| v.periods.iter().copied()).collect();
    all.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    all.into_iter().find(|(w, _)| rest.starts_with(w)).map(|(_, p)| p)
}

/// "Only the Premium edition supports...", "仅旗舰版支持", "プレミアム版のみ": the least edition.
pub(crate) fn edition(text: &str) -> Option<String> {
    let w = words(text);
    for (i, word) in w.iter().enumerate() {
        if word != "only" {
            continue;
        }
        let mut j = i + 1;
        if w.get(j).is_some_and(|x| x == "the") {
            j += 1;
        }
        if w.get(j + 1).is_none_or(|x| x != "edition") {
            continue;
        }
        let found = vocab::ALL
            .first()
            .and_then(|en| en.editions.iter().find(|(name, _)| w.get(j).is_some_and(|x| x == name)).map(|(_, e)| *e));
        if let Some(e) = found {
            return Some(e.to_string());
        }
    }
    // Other languages: an edition name with an "only" word just before or after it.
    let lower = text.to_lowercase();
    for v in vocab::ALL.iter().skip(1) {
        for (name, ed) in v.editions {
            for (at, _) in lower.match_indices(name) {
                let before: String = lower.get(..at).unwrap_or_default().chars().rev().take(6).collect();
                let before: String = before.chars().rev().collect();
                let after: String = lower.get(at + name.len()..).unwrap_or_default().chars().take(6).collect();
                if v.only.iter().any(|o| before.contains(o) || after.starts_with(o)) {
                    return Some(ed.to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Option<(u64, String)> {
        rate(text)
    }

    #[test]
    fn rates_in_every_phrasing() {
        let s = |n: u64, p: &str| Some((n, p.to_string()));
        assert_eq!(r("The maximum calling frequency is 200 times per second."), s(200, "second"));
        assert_eq!(r("Up to 200/second."), s(200, "second"));
        assert_eq!(r("200 times/second"), s(200, "second"));
        assert_eq!(r("200 calls per minute per app"), s(200, "minute"));
        assert_eq!(r("100次/秒。"), s(100, "second"));
        assert_eq!(r("每秒200次"), s(200, "second"));
        assert_eq!(r("1日に10000回"), None);
        assert_eq!(r("200回/秒"), s(200, "second"));
        assert_eq!(r("1秒あたり最大200回"), s(200, "second"));
        assert_eq!(r("초당 200회"), s(200, "second"));
        assert_eq!(r("200 раз в секунду"), s(200, "second"));
        assert_eq!(r("200 kali per detik"), s(200, "second"));
        assert_eq!(r("10 calls/s"), s(10, "second"));
        assert_eq!(r("100次/分钟"), s(100, "minute"));
        assert_eq!(r("每天最多1000次"), s(1000, "day"));
        assert_eq!(r("up to 5 calls per day"), s(5, "day"));
        assert_eq!(r("60 раз в минуту"), s(60, "minute"));
        assert_eq!(r("Store up to 7 days"), None);
        assert_eq!(r("A 32-bit random number"), None);
    }

    #[test]
    fn editions_in_every_language() {
        assert_eq!(edition("Only the Premium edition supports it.").as_deref(), Some("premium"));
        assert_eq!(edition("Pro Edition and Flagship Edition do not support it"), None);
        assert_eq!(edition("此接口仅旗舰版支持。").as_deref(), Some("premium"));
        assert_eq!(edition("この API はプレミアム版のみ利用できます").as_deref(), Some("premium"));
    }
}
