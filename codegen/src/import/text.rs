//! Small text helpers shared by the importer: cleaning markup out of cells, words, dates, links and
//! `v4/` paths. No regex crate: the patterns are few and simple, and hand-written scanners cannot
//! blow up on hostile input.

/// Markdown and HTML markup removed, entities decoded, whitespace collapsed.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                // A tag: dropped; block-ish tags become a space so words do not run together.
                let mut tag = String::new();
                let mut closed = false;
                for t in chars.by_ref() {
                    if t == '>' {
                        closed = true;
                        break;
                    }
                    if tag.len() < 200 {
                        tag.push(t);
                    }
                }
                if !closed {
                    out.push('<');
                    out.push_str(&tag);
                } else {
                    out.push(' ');
                }
            }
            '&' => {
                let mut entity = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() && entity.len() < 8 {
                        entity.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if chars.peek() == Some(&';') && !entity.is_empty() {
                    chars.next();
                    out.push_str(match entity.as_str() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        _ => " ",
                    });
                } else {
                    out.push('&');
                    out.push_str(&entity);
                }
            }
            '*' | '`' => {}
            '[' => {
                // [text](url) keeps the text; a lone bracket stays.
                let mut inner = String::new();
                let mut closed = false;
                for t in chars.by_ref() {
                    if t == ']' {
                        closed = true;
                        break;
                    }
                    inner.push(t);
                }
                if closed && chars.peek() == Some(&'(') {
                    for t in chars.by_ref() {
                        if t == ')' {
                            break;
                        }
                    }
                    out.push_str(&clean(&inner));
                } else {
                    out.push('[');
                    out.push_str(&inner);
                    if closed {
                        out.push(']');
                    }
                }
            }
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase words of letters and digits; a number written `1,000` stays one word.
pub(crate) fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let digit_comma = c == ','
            && cur.chars().all(|d| d.is_ascii_digit())
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || c == '_' {
            cur.extend(c.to_lowercase());
        } else if digit_comma {
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The words of a wire name: `Member_Account` -> member account, `GroupName` -> group name.
pub(crate) fn name_words(wire: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in wire.chars() {
        if c == '_' || c == '.' || !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `needle` occurs in `hay` as consecutive words; the last may carry a plural `s`.
pub(crate) fn has_words(hay: &[String], needle: &[String]) -> bool {
    if needle.is_empty() || hay.len() < needle.len() {
        return false;
    }
    hay.windows(needle.len()).any(|w| {
        w.iter().zip(needle).enumerate().all(|(i, (h, n))| {
            h == n || (i + 1 == needle.len() && (h.strip_suffix('s') == Some(n) || h.strip_suffix("es") == Some(n)))
        })
    })
}

/// A number word (`1000`, or `one`...`ten`) as a value.
pub(crate) fn number(word: &str) -> Option<i64> {
    let spelled = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    if let Some(i) = spelled.iter().position(|w| *w == word) {
        return i64::try_from(i).ok();
    }
    if word.is_empty() || word.len() > 18 || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

/// Whether a line is a label of the site's page furniture ("PDF", a font-size button) rather than
/// the article. Navigation is set aside by its place (before the article's first heading, after
/// its footer), never by the script a line is written in.
pub(crate) fn is_chrome(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    CHROME.contains(&t.as_str())
}

/// Labels of page furniture in the languages of the vendor's sites.
const CHROME: &[&str] = &[
    "pdf",
    "tencent cloud",
    "chat",
    "focus mode",
    "font size",
    "フォーカスモード",
    "フォントサイズ",
    "专注模式",
    "字号",
    "포커스 모드",
    "글꼴 크기",
    "폰트 크기",
    "режим фокусировки",
    "размер шрифта",
    "mode fokus",
    "ukuran font",
];

/// The first `YYYY-MM-DD` in `s`.
pub(crate) fn find_date(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    for start in 0..chars.len() {
        let Some(w) = chars.get(start..start + 10) else { break };
        let digits = |r: std::ops::Range<usize>| w.get(r).is_some_and(|d| d.iter().all(char::is_ascii_digit));
        let before_ok = start == 0 || chars.get(start - 1).is_none_or(|c| !c.is_ascii_digit());
        let after_ok = chars.get(start + 10).is_none_or(|c| !c.is_ascii_digit());
        if before_ok && after_ok && digits(0..4) && w[4] == '-' && digits(5..7) && w[7] == '-' && digits(8..10) {
            let text: String = w.iter().collect();
            let month: u32 = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
            let day: u32 = text.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
            if (1..=12).contains(&month) && (1..=31).contains(&day) {
                return Some(text);
            }
        }
    }
    None
}

/// Every `v4/<service>/<command>` in `s`, as `service/command`.
pub(crate) fn v4_paths(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("v4/") {
        let after = rest.get(i + 3..).unwrap_or_default();
        let seg = |t: &str| -> String {
            t.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').take(100).collect()
        };
        let service = seg(after);
        let command = after.get(service.len()..).and_then(|r| r.strip_prefix('/')).map(seg).unwrap_or_default();
        if !service.is_empty() && !command.is_empty() {
            out.push(format!("{service}/{command}"));
        }
        rest = after;
    }
    out
}

/// Links in markdown (`[text](url)`) or HTML (`<a href="url">text</a>`), as (text, url).
pub(crate) fn links(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find("](") else { break };
        let text = after.get(..close).unwrap_or_default();
        let tail = after.get(close + 2..).unwrap_or_default();
        let Some(end) = tail.find(')') else { break };
        out.push((clean(text), tail.get(..end).unwrap_or_default().trim().to_string()));
        rest = tail.get(end..).unwrap_or_default();
    }
    let mut rest = s;
    while let Some(i) = rest.find("href=\"") {
        let after = rest.get(i + 6..).unwrap_or_default();
        let Some(q) = after.find('"') else { break };
        let url = after.get(..q).unwrap_or_default().to_string();
        let tail = after.get(q..).unwrap_or_default();
        let text = tail.find('>').and_then(|g| {
            let t = tail.get(g + 1..)?;
            t.find("</a>").and_then(|e| t.get(..e))
        });
        if let Some(text) = text {
            out.push((clean(text), url));
        }
        rest = tail;
    }
    out
}

/// A string made a valid snake_case name: words of ASCII letters and digits joined by `_`.
pub(crate) fn snake_words(words: &[String], max: usize) -> String {
    let ascii: Vec<String> = words
        .iter()
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|w| !w.is_empty())
        .take(max)
        .collect();
    let mut s = ascii.join("_");
    if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
        s = format!("e_{s}");
    }
    s.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_cells() {
        assert_eq!(clean("`OK`: successful<br><li>**bold** [Link](https://x.y/z)</li>"), "OK: successful bold Link");
        assert_eq!(clean("a &lt; b &emsp;c"), "a < b c");
        assert_eq!(clean("[unclosed"), "[unclosed");
    }

    #[test]
    fn words_and_numbers() {
        assert_eq!(words("exceeds 1,000. Try"), ["exceeds", "1000", "try"]);
        assert_eq!(name_words("Member_Account"), ["member", "account"]);
        assert_eq!(name_words("GroupName"), ["group", "name"]);
        assert_eq!(name_words("AVChatRoom"), ["avchat", "room"]);
        assert!(has_words(&words("the member accounts exceed"), &name_words("Member_Account")));
        assert_eq!(number("one"), Some(1));
    }

    #[test]
    fn dates_paths_links() {
        assert_eq!(find_date("最終更新日: 2025-10-23 11:54:22").as_deref(), Some("2025-10-23"));
        assert_eq!(find_date("2025-13-01"), None);
        assert_eq!(v4_paths("see (v4/sns/group_add) and https://x/v4/a_b/c?x"), ["sns/group_add", "a_b/c"]);
        let l = links("[After](https://a/1)ã€‚ <a href=\"https://b/2\">Cb</a>");
        assert_eq!(l, [("After".to_string(), "https://a/1".to_string()), ("Cb".into(), "https://b/2".into())]);
    }

    #[test]
    fn chrome() {
        assert!(is_chrome("フォーカスモード") && is_chrome("PDF") && !is_chrome("Feature Overview"));
        assert!(!is_chrome("请求包示例") && !is_chrome("エラーコード"), "no line is chrome for its script");
    }
}
