//! A vendor page as numbered lines: which layout it is in, where the article starts (after the
//! site's navigation), and its sections by heading.

use super::text::{clean, is_chrome};
use super::vocab;

/// How a page was written down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Markdown: `#` headings, pipe tables, code fences.
    Markdown,
    /// Text scraped from the web page: every table cell on a line of its own, header cells first.
    Cells,
    /// Scraped text whose table rows are `|`-separated on one line.
    PipeRows,
    /// An older page whose table rows are words separated by spaces.
    Words,
}

impl Layout {
    /// Lower-case name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Markdown => "markdown",
            Layout::Cells => "one cell per line",
            Layout::PipeRows => "pipe-separated rows",
            Layout::Words => "space-separated rows",
        }
    }
}

/// One line of the page, numbered from 1.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub no: usize,
    pub text: String,
}

/// What a section holds, from its heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Overview,
    Calling,
    GroupTypes,
    Url,
    Params,
    Rate,
    RequestSample,
    RequestFields,
    ResponseSample,
    ResponseFields,
    Errors,
    Debug,
    Related,
    Webhooks,
    Other,
}

/// A heading and the lines under it, up to the next heading that starts a section.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    pub kind: Kind,
    pub line: usize,
    pub body: Vec<Line>,
}

/// The page, split.
pub(crate) struct Page {
    pub layout: Layout,
    /// Lines before the article: navigation, title, date.
    pub preamble: Vec<Line>,
    pub sections: Vec<Section>,
    /// Lines from the footer on: the site's, but the page's own address may be among them.
    pub tail: Vec<Line>,
}

impl Page {
    /// Sections of one kind, in page order.
    pub fn all(&self, kind: Kind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// Body lines of every section of one kind.
    pub fn lines(&self, kind: Kind) -> Vec<Line> {
        self.all(kind).flat_map(|s| s.body.iter().cloned()).collect()
    }
}

/// Lines longer than this are cut: no heading or cell needs more, and it bounds the work per line.
const MAX_LINE: usize = 20_000;

pub(crate) fn read(text: &str) -> Page {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            let l = l.trim_end_matches('\r').replace('\u{a0}', " ");
            let l = if l.len() > MAX_LINE { l.chars().take(MAX_LINE).collect() } else { l };
            Line { no: i + 1, text: doc_source(l.trim_end()) }
        })
        .collect();
    let lines = without_front_matter(lines);
    let layout = layout(&lines);
    let markdown = layout == Layout::Markdown;

    // Headings, with the level of markdown ones (0 for plain lines) and whether in a code fence.
    let mut heads: Vec<(usize, Kind, usize)> = Vec::new();
    let mut fenced = false;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if markdown {
            let level = t.chars().take_while(|c| *c == '#').count();
            if level > 0 && t.chars().nth(level) == Some(' ') {
                let kind = classify(t.get(level..).unwrap_or_default(), false).unwrap_or(Kind::Other);
                heads.push((i, kind, level));
            }
        } else if let Some(kind) = classify(t, true) {
            heads.push((i, kind, 0));
        } else if next_is_blank(&lines, i) {
            // "エラーコード" alone, a blank line after it: a heading, though the same words head a
            // column ("エラーコード" then "説明" on the next line).
            if let Some(kind) = vocab::header_column(t).and_then(|_| vocab::heading(&t.to_lowercase())) {
                heads.push((i, kind, 0));
            }
        }
    }

    // The article starts at the overview heading before the request URL (navigation may name any
    // heading too, but not in that order right before the content).
    // A run of three or more heading-like lines with nothing between them is a menu (the site's
    // navigation or a table of contents naming the sections), not the sections themselves.
    let mut menu: Vec<usize> = Vec::new();
    if !markdown {
        let mut k = 0;
        while k < heads.len() {
            let mut end = k;
            while heads.get(end + 1).is_some_and(|(i, _, _)| *i == heads.get(end).map_or(0, |h| h.0) + 1) {
                end += 1;
            }
            if end >= k + 2 {
                menu.extend(heads.get(k..=end).unwrap_or_default().iter().map(|(i, _, _)| *i));
            }
            k = end + 1;
        }
        heads.retain(|(i, _, _)| !menu.contains(i));
    }
    let first_url = heads.iter().position(|(_, k, _)| matches!(k, Kind::Url | Kind::Params));
    let start_head = match first_url {
        Some(u) => heads
            .get(..u)
            .and_then(|before| before.iter().rposition(|(_, k, _)| matches!(k, Kind::Overview | Kind::Calling)))
            .map(|o| {
                // Back over a calling-description heading to the overview right before it.
                let mut o = o;
                // (Only from a calling heading: an overview heading just before an overview is
                // the site's navigation naming one.)
                while o > 0
                    && heads.get(o).is_some_and(|(_, k, _)| *k == Kind::Calling)
                    && heads.get(o - 1).is_some_and(|(_, k, _)| matches!(k, Kind::Overview | Kind::Calling))
                {
                    o -= 1;
                }
                o
            })
            .unwrap_or(u),
        None => 0,
    };
    let heads: Vec<(usize, Kind, usize)> = heads.into_iter().skip(start_head).collect();
    let start_line = heads.first().map_or(lines.len(), |(i, _, _)| *i);
    let preamble = lines.get(..start_line).unwrap_or_default().to_vec();

    // Unknown markdown headings deeper than the current section's stay in its body ("#### When
    // details are needed" under a sample heading); every recognised heading starts a section.
    let mut sections: Vec<Section> = Vec::new();
    let mut current_level = 0;
    let mut next_head = 0;
    // The article ends at the site's footer ("Was this page helpful?"), in any language.
    let mut fenced = false;
    let mut tail = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(start_line) {
        if l.text.trim().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && !sections.is_empty() && vocab::is_footer(&l.text) {
            tail = lines.get(i..).unwrap_or_default().to_vec();
            break;
        }
        if let Some((_, kind, level)) = heads.get(next_head).filter(|(hi, _, _)| *hi == i) {
            next_head += 1;
            // A deeper heading that reads as a sentence captions a sample ("#### The admin sends a
            // message and forbids callbacks for it."), whatever words it happens to use.
            let deeper = markdown && *level > current_level && !sections.is_empty();
            let nested = deeper && (*kind == Kind::Other || is_caption(l.text.trim_start_matches('#')));
            if !nested {
                current_level = *level;
                sections.push(Section { kind: *kind, line: l.no, body: Vec::new() });
                continue;
            }
        }
        if is_chrome(&l.text) || menu.contains(&i) {
            continue;
        }
        if let Some(s) = sections.last_mut() {
            s.body.push(l.clone());
        }
    }
    Page { layout, preamble, sections, tail }
}

/// A heading written as a sentence: long, or with a sentence's punctuation.
fn is_caption(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() > 8
        || t.chars().count() > 60
        || (!t.is_ascii() && t.chars().count() > 20)
        || t.ends_with(['.', '。'])
        || t.contains(['，', '、', ','])
}

fn next_is_blank(lines: &[Line], i: usize) -> bool {
    lines.get(i + 1).is_some_and(|l| l.text.trim().is_empty())
}

/// A line of the vendor's doc-repo markdown as the readers expect it: `::: json` code fences (inside
/// `<dx-codeblock>`) as backtick fences, lines of `<dx-...>` tags alone as blank, image links
/// dropped.
fn doc_source(line: &str) -> String {
    let t = line.trim();
    if t.starts_with(":::") {
        return "```".to_string();
    }
    let only_tags = t.starts_with("<dx-") || t.starts_with("</dx-");
    if only_tags && t.ends_with('>') && t.matches('<').count() == t.matches('>').count() {
        return String::new();
    }
    let mut out = line.to_string();
    while let Some(start) = out.find("![") {
        let Some(end) = out.get(start..).and_then(|r| r.find(')')).map(|e| start + e + 1) else { break };
        if !out.get(start..end).is_some_and(|img| img.contains("](")) {
            break;
        }
        out.replace_range(start..end, "");
    }
    out
}

/// A front matter block (`---` ... `---` at the top) blanked: its keys are no article text. The
/// title and address it may give stay readable through the preamble (`title:`, `url:`).
fn without_front_matter(mut lines: Vec<Line>) -> Vec<Line> {
    if lines.first().is_some_and(|l| l.text.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.text.trim() == "---") {
            for l in lines.iter_mut().take(end + 2) {
                let t = l.text.trim();
                l.text = match t.split_once(':') {
                    // `title: X` becomes the title line; `url: X` a labelled address.
                    Some(("title", v)) => v.trim().trim_matches(['"', '\'']).to_string(),
                    Some(("url" | "canonical" | "source", _)) => {
                        format!("source: {}", t.split_once(':').map_or("", |x| x.1).trim())
                    }
                    _ => String::new(),
                };
            }
        }
    }
    lines
}

fn layout(lines: &[Line]) -> Layout {
    let mut md = 0;
    let mut pipes = 0;
    let mut cells = 0;
    let trimmed: Vec<&str> = lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
    for (i, t) in trimmed.iter().enumerate() {
        let heading = t.starts_with('#') && t.trim_start_matches('#').starts_with(' ');
        if heading || t.starts_with("```") || (t.starts_with('|') && t.ends_with('|')) {
            md += 1;
        } else if t.contains(" | ") || t.ends_with(" |") {
            pipes += 1;
        }
        let next = trimmed.get(i + 1).copied().unwrap_or_default();
        let (here, then) = (vocab::header_column(t), vocab::header_column(next));
        if matches!((here, then), (Some("field"), Some("type")) | (Some("error code"), Some("description"))) {
            cells += 1;
        }
    }
    if md >= 3 {
        Layout::Markdown
    } else if pipes >= 3 {
        Layout::PipeRows
    } else if cells > 0 {
        Layout::Cells
    } else {
        Layout::Words
    }
}

/// The kind of a heading, if `text` is one. Plain lines (`strict`) must match closely, since
/// a scraped page's headings look like any other line; markdown headings are headings anyway.
pub(crate) fn classify(text: &str, strict: bool) -> Option<Kind> {
    let english = classify_english(text, strict);
    if english.is_some_and(|k| k != Kind::Other) {
        return english;
    }
    classify_vocab(text, strict).or(english)
}

/// Headings in any language, from the vocabulary tables. Plain lines must be short, not a
/// sentence and not a table's header cell ("错误码" heads a column; "错误码说明" a section).
fn classify_vocab(text: &str, strict: bool) -> Option<Kind> {
    let t = clean(text).trim_end_matches([':', '：', ' ']).to_lowercase();
    if t.is_empty() {
        return None;
    }
    if strict {
        let sentence = t.ends_with(['.', '。', ';', '；', ',', '，']) || t.contains(['|', ':', '：', '。']);
        if t.chars().count() > 40 || t.split(' ').count() > 8 || sentence || vocab::header_column(&t).is_some() {
            return None;
        }
    }
    vocab::heading(&t)
}

fn classify_english(text: &str, strict: bool) -> Option<Kind> {
    let t = clean(text).trim_end_matches([':', '：', ' ']).to_lowercase();
    if t.is_empty() {
        return None;
    }
    if strict {
        let words = t.split(' ').count();
        let plain = text.trim();
        let looks_like = plain.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && plain.len() <= 60
            && words <= 8
            && !plain.contains('|')
            && !plain.ends_with('.')
            && !t.contains(':');
        if !looks_like {
            return None;
        }
    }
    let has = |w: &str| t.contains(w);
    let starts = |w: &str| t.starts_with(w);
    let kind = if has("request url") || has("url example") {
        Kind::Url
    } else if has("frequency") {
        Kind::Rate
    } else if has("group type") {
        Kind::GroupTypes
    } else if has("request parameter") {
        Kind::Params
    } else if has("response") && (has("field") || has("parameter")) {
        Kind::ResponseFields
    } else if has("request") && has("field") {
        Kind::RequestFields
    } else if has("response") && (has("sample") || has("example")) {
        Kind::ResponseSample
    } else if has("request") && (has("sample") || has("example")) {
        Kind::RequestSample
    } else if starts("error code") {
        Kind::Errors
    } else if has("debug") || has("commissioning") || has("tester") {
        Kind::Debug
    } else if starts("reference") || starts("see also") || starts("related") {
        Kind::Related
    } else if has("webhook") || has("callback") {
        Kind::Webhooks
    } else if has("calling description") || has("call description") || has("invocation description") {
        Kind::Calling
    } else if starts("feature") || starts("api description") || t == "overview" || t == "description" {
        Kind::Overview
    } else {
        return if strict { None } else { Some(Kind::Other) };
    };
    if !strict {
        return Some(kind);
    }
    // Plain lines: only the phrasings headings use, so that a table's header cell ("Error Code",
    // "Group Type ID") or a callback's name in a list is not taken for a heading.
    let ok = match kind {
        Kind::Errors => starts("error codes"),
        Kind::Webhooks => {
            starts("possible") || t == "webhooks" || t == "callbacks" || has("may be triggered") || has("may trigger")
        }
        Kind::Related => matches!(t.as_str(), "reference" | "references" | "see also" | "related apis"),
        Kind::GroupTypes => starts("applicable") || starts("supported"),
        Kind::Params => starts("request parameter"),
        Kind::Overview => {
            matches!(t.as_str(), "feature overview" | "feature description" | "api description" | "overview")
        }
        Kind::Debug => has("tool"),
        Kind::Rate => starts("maximum") || starts("call frequency") || starts("calling frequency"),
        _ => true,
    };
    ok.then_some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_section_names_is_a_menu_not_the_sections() {
        let text = "Getting friends\n\nFeature Overview\nRequest fields\nResponse fields\nError Codes\n\nFeature Overview\n\nReads friends.\n\nSample request URL\n\nhttps://x/v4/sns/friend_get?a=1\n\nError Codes\n\nError Code\nDescription\n30001\nBad.\n";
        let p = read(text);
        let kinds: Vec<(Kind, usize)> = p.sections.iter().map(|s| (s.kind, s.line)).collect();
        assert_eq!(kinds, [(Kind::Overview, 8), (Kind::Url, 12), (Kind::Errors, 16)]);
    }

    #[test]
    fn headings() {
        assert_eq!(classify("Sample request URL", true), Some(Kind::Url));
        assert_eq!(classify("Error Code", true), None);
        assert_eq!(classify("Error Codes", true), Some(Kind::Errors));
        assert_eq!(classify("Group Type ID", true), None);
        assert_eq!(classify("Callback after dismissing a group", true), None);
        assert_eq!(classify("Callback That May Be Triggered", true), Some(Kind::Webhooks));
        assert_eq!(classify("Description of fields in a response packet", false), Some(Kind::ResponseFields));
        assert_eq!(classify("When details are needed", false), Some(Kind::Other));
        assert_eq!(classify("Request API", true), None);
    }
}
