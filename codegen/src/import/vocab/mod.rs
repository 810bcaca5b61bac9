//! The words pages use, one table per language, kept as data: adding a language is adding a
//! table here (and to [`ALL`]), not code. Entries are lower case; matching lower-cases the page.
//!
//! English headings are also classified by the rules in `page::classify`, tuned on the English
//! pages; the tables below add every language's headings on top of them.

use super::page::Kind;

mod en;
mod id;
mod ja;
mod ko;
mod ru;
mod zh;

/// The vocabulary of one language.
pub(crate) struct Vocab {
    /// BCP 47 tag, for messages.
    #[allow(dead_code)]
    pub lang: &'static str,
    /// Heading phrases by section kind, in the order they are tried: a heading containing one of
    /// the phrases is that kind.
    pub headings: &'static [(Kind, &'static [&'static str])],
    /// Table header cells and the column each is: `field`, `type`, `required`, `description`,
    /// `error code`, `group type`, `support`, `parameter`.
    pub header_cells: &'static [(&'static str, &'static str)],
    /// Cell words meaning "required" (checked after `optional`, as "非必填" holds "必填").
    pub required: &'static [&'static str],
    /// Cell words meaning "optional".
    pub optional: &'static [&'static str],
    /// Cell words meaning "supported" in a group-type table (checked after `unsupported`).
    pub supported: &'static [&'static str],
    /// Cell words meaning "not supported".
    pub unsupported: &'static [&'static str],
    /// Type words of the Type column and the spec scalar each is (`array`, `object` for lists
    /// and objects).
    pub types: &'static [(&'static str, &'static str)],
    /// Names of group types and the `GroupType` value each is.
    pub group_types: &'static [(&'static str, &'static str)],
    /// Rates: the words after a number that make it a count of calls ("次", "calls").
    pub calls: &'static [&'static str],
    /// Rates: units of time and the spec's period (`second`, `minute`, `hour`, `day`).
    pub periods: &'static [(&'static str, &'static str)],
    /// Phrases before a number that make it an upper bound ("最多", "up to").
    pub at_most: &'static [&'static str],
    /// Phrases before a number that make it a lower bound ("至少", "at least").
    pub at_least: &'static [&'static str],
    /// Phrases after a number and its unit that make it an upper bound ("以内", "まで").
    pub most_after: &'static [&'static str],
    /// Phrases after a number and its unit that make it a lower bound ("以上").
    pub least_after: &'static [&'static str],
    /// Phrases before a number that make it an integer's greatest value ("最大值为").
    pub max_value: &'static [&'static str],
    /// Phrases before a number that make it an integer's least value ("最小值为").
    pub min_value: &'static [&'static str],
    /// Phrases before "A to B" / "A-B" / "A～B" that make them an integer's least and greatest
    /// values ("ranging from", "取值范围").
    pub ranges: &'static [&'static str],
    /// Words that make an integer's least value 0 ("non-negative", "非负").
    pub non_negative: &'static [&'static str],
    /// Words after a number that make it bytes.
    pub bytes: &'static [&'static str],
    /// Words after a number that make it characters (not bytes: no byte limit is drafted).
    pub characters: &'static [&'static str],
    /// Edition names and the spec's edition (`pro`, `premium`, `enterprise`).
    pub editions: &'static [(&'static str, &'static str)],
    /// Lines of the page footer that ends the article ("Was this page helpful?"): a line that is
    /// one of these, or starts with one, ends the last section.
    pub footer: &'static [&'static str],
    /// Phrases that, near an edition name, say only that edition may call ("only", "仅").
    pub only: &'static [&'static str],
    /// Phrases that make a list take one item per call ("仅支持单个"); English's "only one ...
    /// at a time" is read word by word in `limits`.
    pub single: &'static [&'static str],
}

/// Every language the importer reads.
pub(crate) const ALL: &[&Vocab] = &[&en::EN, &zh::ZH, &ja::JA, &ko::KO, &ru::RU, &id::ID];

/// Whether a line is the start of the site's footer, in any language.
pub(crate) fn is_footer(line: &str) -> bool {
    let t = line.trim().trim_end_matches(['?', '？', '!', '！', '.', '。', ' ']).to_lowercase();
    !t.is_empty()
        && t.chars().count() <= 60
        && ALL
            .iter()
            .flat_map(|v| v.footer.iter())
            .any(|w| t == *w || t.starts_with(w) && t.chars().count() <= w.chars().count() + 12)
}

/// A heading's kind from the tables (after the English rules found none).
pub(crate) fn heading(text: &str) -> Option<Kind> {
    ALL.iter().flat_map(|v| v.headings.iter()).find(|(_, ws)| ws.iter().any(|w| text.contains(w))).map(|(k, _)| *k)
}

/// The column a header cell names, if it is one.
pub(crate) fn header_column(cell: &str) -> Option<&'static str> {
    let t = cell.trim().to_lowercase();
    ALL.iter().flat_map(|v| v.header_cells.iter()).find(|(w, _)| *w == t).map(|(_, c)| *c)
}

/// "Yes" / "Required" / "必填" -> true; "No" / "Optional" / "选填" -> false.
pub(crate) fn required(cell: &str) -> Option<bool> {
    // "Yes (when UpdateGroupType is 1)": required only on a condition, which a type cannot say;
    // the field is optional.
    read_required(cell).map(|(required, on_condition)| required && !on_condition)
}

/// Whether a Required cell makes the field required only on a condition ("Yes (when ...)"):
/// the page then says neither required nor optional of it.
pub(crate) fn required_on_condition(cell: &str) -> bool {
    read_required(cell) == Some((true, true))
}

/// A Required cell as (a required word, said with a condition); none when it starts with
/// neither a required nor an optional word.
fn read_required(cell: &str) -> Option<(bool, bool)> {
    let t = cell.trim().to_lowercase();
    let starts = |words: &[&str]| words.iter().any(|w| t.starts_with(w));
    let conditional = [" when", " if", " only", "(", "（", "时", "條件", "条件"].iter().any(|c| t.contains(c));
    if ALL.iter().any(|v| starts(v.optional)) {
        Some((false, false))
    } else if ALL.iter().any(|v| starts(v.required)) {
        Some((true, conditional))
    } else {
        None
    }
}

/// Whether `word` (lower case) is exactly a required or optional word ("yes", "必填").
pub(crate) fn is_required_word(word: &str) -> bool {
    ALL.iter().flat_map(|v| v.required.iter().chain(v.optional)).any(|w| *w == word)
}

/// Whether a group-type table's cell says the type is supported.
pub(crate) fn supported(cell: &str) -> Option<bool> {
    let t = cell.trim().to_lowercase();
    let starts =
        |pick: fn(&Vocab) -> &'static [&'static str]| ALL.iter().flat_map(|v| pick(v).iter()).any(|w| t.starts_with(w));
    if starts(|v| v.unsupported) {
        Some(false)
    } else if starts(|v| v.supported) {
        Some(true)
    } else {
        None
    }
}

/// The `GroupType` value a group-type cell names: "(Private)" in brackets, the value itself, or
/// a name in any language ("Chat room", "聊天室").
pub(crate) fn group_type(cell: &str, known: &[String]) -> Option<String> {
    let t = cell.trim();
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = t.split_once(open).and_then(|(_, r)| r.split_once(close)).map(|(i, _)| i.trim()) {
            if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(inner)) {
                return Some(k.clone());
            }
        }
    }
    let squashed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(&squashed)) {
        return Some(k.clone());
    }
    let lower = t.to_lowercase();
    // Longest name first: "audio-video chat room" before "chat room".
    let mut names: Vec<(&str, &str)> = ALL.iter().flat_map(|v| v.group_types.iter().copied()).collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    names.into_iter().find(|(n, _)| lower.contains(n)).map(|(_, g)| g.to_string())
}

/// The spec scalar a Type cell's first word is (`string`, `integer`, `number`, `bool`, `json`,
/// `array`), in any language.
pub(crate) fn type_word(word: &str) -> Option<&'static str> {
    let t = word.trim().to_lowercase();
    ALL.iter().flat_map(|v| v.types.iter()).find(|(w, _)| *w == t).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_every_language() {
        let known: Vec<String> = ["Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom", "Community"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(group_type("Audio-video chat room", &known).as_deref(), Some("AVChatRoom"));
        assert_eq!(group_type("聊天室（ChatRoom）", &known).as_deref(), Some("ChatRoom"));
        assert_eq!(group_type("在线成员广播大群", &known).as_deref(), Some("BChatRoom"));
        assert_eq!(group_type("Private group", &known).as_deref(), Some("Private"));
        assert_eq!(supported("不支持"), Some(false));
        assert_eq!(supported("支持"), Some(true));
        assert_eq!(required("Yes"), Some(true));
        assert_eq!(required("Yes (when `UpdateGroupType` is 1)"), Some(false), "required on a condition");
        assert_eq!(required("是（UpdateType 为 1 时）"), Some(false));
        // Support on a condition is support.
        assert_eq!(supported("只有开启了话题的社群可用本接口"), Some(true));
        assert_eq!(supported("This API applies only to communities with topics."), Some(true));
        assert_eq!(supported("Only for communities with topics"), Some(true));
        assert_eq!(supported("No"), Some(false));
        assert_eq!(supported("Yes"), Some(true));
        assert_eq!(required("非必填"), Some(false));
        assert_eq!(required("必填"), Some(true));
        assert_eq!(required("Optional"), Some(false));
        assert_eq!(required("Обязательный"), Some(true));
        assert_eq!(header_column("字段"), Some("field"));
        assert_eq!(header_column("エラーコード"), Some("error code"));
    }
}
