//! A draft as a spec file, in the order and style of the checked-in ones: flow style for short
//! lists and maps, folded text for long descriptions, a literal block for samples, blank lines
//! before the big sections, and the comments of the file it was merged with.

use super::draft::{Draft, DraftField, DraftType};
use std::fmt::Write;

/// How provenance is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceStyle {
    /// As the endpoint key `source: {url: ..., updated: ...}`.
    Key,
    /// As a comment line of the same text, for a loader that does not know the key.
    Comment,
    /// Not at all.
    Omit,
}

/// How drafts record provenance: the format's endpoint key. (`Comment` is for a loader that does
/// not know `source:`; `--stale` reads either.)
pub const SOURCE_STYLE: SourceStyle = SourceStyle::Key;

/// Lines are wrapped to this width where folding allows.
const WIDTH: usize = 104;

/// The draft as YAML text.
pub fn to_yaml(d: &Draft, source: SourceStyle) -> String {
    let mut o = Out { text: String::new(), d, chunks: Vec::new(), mark: 0 };
    o.header();
    o.comments("");
    let head = std::mem::take(&mut o.text);
    o.key_value(0, "path", &d.path, "path");
    o.cut("path");
    if let Some(n) = &d.name {
        o.key_value(0, "name", n, "name");
    }
    o.cut("name");
    o.key_value(0, "title", described(&d.title), "title");
    o.cut("title");
    o.key_value(0, "summary", described(&d.summary), "summary");
    o.cut("summary");
    o.key_value(0, "docs", &d.docs, "docs");
    o.cut("docs");
    if let Some(s) = &d.source {
        let mut parts = Vec::new();
        if let Some(u) = &s.url {
            // Quoted: a plain `://` inside a flow map is valid YAML but trips some readers.
            parts.push(format!("url: {}", quoted(u)));
        }
        if let Some(u) = &s.updated {
            parts.push(format!("updated: {}", flow(u)));
        }
        if !parts.is_empty() {
            match source {
                SourceStyle::Key => {
                    o.comments("source");
                    o.line(0, &format!("source: {{{}}}", parts.join(", ")));
                }
                SourceStyle::Comment => o.line(0, &format!("# source: {{{}}}", parts.join(", "))),
                SourceStyle::Omit => {}
            }
        }
    }
    o.cut("source");
    o.extras("docs");
    if let Some((calls, per)) = &d.rate_limit {
        o.comments("rate_limit");
        o.line(0, &format!("rate_limit: {{calls: {calls}, per: {}}}", flow(per)));
    }
    o.cut("rate_limit");
    o.extras("rate_limit");
    if let Some(e) = &d.edition {
        o.key_value(0, "edition", e, "edition");
    }
    o.cut("edition");
    if let Some(c) = d.edition_code {
        o.comments("edition_code");
        o.line(0, &format!("edition_code: {c}"));
    }
    o.cut("edition_code");
    o.extras("edition");
    if !d.group_types.is_empty() {
        o.comments("group_types");
        let list: Vec<String> = d.group_types.iter().map(|g| flow(g)).collect();
        o.line(0, &format!("group_types: [{}]", list.join(", ")));
    }
    o.cut("group_types");
    o.extras("group_types");
    if d.irreversible {
        o.comments("irreversible");
        o.line(0, "irreversible: true");
    }
    o.cut("irreversible");
    o.extras("irreversible");
    if d.idempotent {
        o.comments("idempotent");
        o.line(0, "idempotent: true");
    }
    o.cut("idempotent");
    o.extras("idempotent");
    if !d.notes.is_empty() {
        o.comments("notes");
        o.line(0, "notes:");
        for (i, n) in d.notes.iter().enumerate() {
            o.item_text(2, n, &format!("notes.{i}"));
        }
    }
    o.cut("notes");
    o.extras("notes");
    if !d.related.is_empty() {
        o.comments("related");
        o.line(0, "related:");
        for r in &d.related {
            o.line(2, &format!("- {}", block(r)));
        }
    }
    o.cut("related");
    o.extras("related");
    if !d.webhooks.is_empty() {
        o.comments("webhooks");
        o.line(0, "webhooks:");
        for (i, w) in d.webhooks.iter().enumerate() {
            o.comments(&format!("webhooks.{i}"));
            o.first_key_value(2, "name", described(&w.name));
            o.key_value(4, "summary", described(&w.summary), &format!("webhooks.{i}.summary"));
            if let Some(docs) = &w.docs {
                o.key_value(4, "docs", docs, &format!("webhooks.{i}.docs"));
            }
        }
    }
    o.cut("webhooks");
    o.extras("webhooks");
    if !d.request.is_empty() {
        o.section("request");
        o.fields(0, "request", &d.request);
    }
    o.cut("request");
    o.extras("request");
    if !d.response.is_empty() {
        o.section("response");
        o.fields(0, "response", &d.response);
    }
    o.cut("response");
    o.extras("response");
    if !d.types.is_empty() {
        o.section("types");
        for t in &d.types {
            o.type_def(t);
        }
    }
    o.cut("types");
    o.extras("types");
    if !d.error_tables.is_empty() || !d.errors.is_empty() {
        o.section("errors");
        if !d.error_tables.is_empty() {
            o.comments("errors.tables");
            let list: Vec<String> = d.error_tables.iter().map(|t| flow(t)).collect();
            o.line(2, &format!("tables: [{}]", list.join(", ")));
        }
        if !d.errors.is_empty() {
            o.comments("errors.codes");
            o.line(2, "codes:");
            for c in &d.errors {
                o.comments(&format!("errors.codes.{}", c.code));
                o.line(4, &format!("- code: {}", c.code));
                o.key_value(6, "name", &c.name, &format!("errors.codes.{}.name", c.code));
                o.key_value(6, "meaning", described(&c.meaning), &format!("errors.codes.{}.meaning", c.code));
                o.line(6, &format!("retriable: {}", c.retriable));
            }
        }
    }
    o.cut("errors");
    o.extras("errors");
    if !d.errata.is_empty() {
        o.section("errata");
        for (i, e) in d.errata.iter().enumerate() {
            o.comments(&format!("errata.{i}"));
            o.first_key_value(2, "at", &e.at);
            o.key_value(4, "vendor", &e.vendor, &format!("errata.{i}.vendor"));
            o.key_value(4, "fix", described(&e.fix), &format!("errata.{i}.fix"));
        }
    }
    o.cut("errata");
    o.extras("errata");
    if d.example_request.is_some() || d.example_response.is_some() {
        o.section("examples");
        for (key, value) in [("request", &d.example_request), ("response", &d.example_response)] {
            if let Some(v) = value {
                o.comments(&format!("examples.{key}"));
                o.literal(2, key, v);
            }
        }
    }
    o.cut("examples");
    o.extras("examples");
    for (after, text) in &d.extras {
        if !is_slot(after) {
            o.extra(text);
        }
    }
    o.cut("");
    o.comments("$end");
    let end = o.text.get(o.mark..).unwrap_or_default().to_string();
    let mut chunks = o.chunks;
    chunks.sort_by_key(|(k, _)| order_key(d, k));
    let mut out = head;
    for (_, text) in chunks {
        out.push_str(&text);
    }
    out.push_str(&end);
    out
}

/// The order of top-level keys: a fresh draft's is the format's; a file's own order is kept, with
/// new keys after the closest earlier key the file has.
const CANON: &[&str] = &[
    "path",
    "name",
    "title",
    "summary",
    "docs",
    "source",
    "rate_limit",
    "edition",
    "edition_code",
    "group_types",
    "irreversible",
    "idempotent",
    "notes",
    "related",
    "webhooks",
    "request",
    "response",
    "types",
    "errors",
    "errata",
    "examples",
];

fn order_key(d: &Draft, key: &str) -> (usize, usize) {
    let canon = CANON.iter().position(|k| *k == key).unwrap_or(CANON.len());
    if d.key_order.is_empty() {
        return (canon, 0);
    }
    if let Some(i) = d.key_order.iter().position(|k| k == key) {
        return (i, 0);
    }
    let before = CANON.get(..canon).unwrap_or(CANON).iter().rev().find_map(|k| d.key_order.iter().position(|o| o == k));
    match before {
        Some(i) => (i, 1 + canon),
        None => (0, canon),
    }
}

/// The slot a known key's kept unknown followers are put back after: the header keys share one.
pub(crate) fn slot_of(key: &str) -> &str {
    match key {
        "path" | "name" | "title" | "summary" | "docs" | "source" => "docs",
        "edition_code" => "edition",
        other => other,
    }
}

/// Whether `key` is a slot that [`to_yaml`] writes kept keys after.
fn is_slot(key: &str) -> bool {
    CANON.iter().any(|k| slot_of(k) == key)
}

struct Out<'a> {
    text: String,
    d: &'a Draft,
    /// Top-level keys and their text, to be put in order.
    chunks: Vec<(String, String)>,
    mark: usize,
}

impl<'a> Out<'a> {
    /// The text `value` was read from, when a file gave it at `anchor` and `indent`: a value left
    /// unchanged is written back as it was.
    fn unchanged(&self, anchor: &str, value: &str, indent: usize) -> Option<&'a str> {
        let (v, raw) = self.d.raw.get(anchor)?;
        (v == value && raw.len() - raw.trim_start_matches(' ').len() == indent).then_some(raw.as_str())
    }

    /// Ends the chunk of top-level key `key` (extras written since go with it).
    fn cut(&mut self, key: &str) {
        let text = self.text.get(self.mark..).unwrap_or_default().to_string();
        self.mark = self.text.len();
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((k, t)) if key.is_empty() || k == key => t.push_str(&text),
            _ => self.chunks.push((key.to_string(), text)),
        }
    }

    fn line(&mut self, indent: usize, s: &str) {
        let _ = writeln!(self.text, "{:indent$}{s}", "");
    }

    fn header(&mut self) {
        if self.d.vendor_text.is_empty() {
            return;
        }
        let fresh = self.d.vendor_text.iter().any(|v| v == "summary");
        if fresh {
            self.line(
                0,
                "# DRAFT imported from the vendor's page by `cargo xtask import`. Every description below (title,",
            );
            self.line(
                0,
                "# summary, field docs, error meanings, webhooks) is the vendor's own words: rewrite each in our",
            );
            self.line(
                0,
                "# words before committing, record corrections of the page under `errata`, and delete this comment.",
            );
        } else {
            self.line(
                0,
                "# DRAFT merged from the vendor's page by `cargo xtask import --merge`. New descriptions are the",
            );
            self.line(0, "# vendor's own words; rewrite them before committing, then delete this comment:");
            let list = self.d.vendor_text.join(", ");
            for chunk in wrap(&list, WIDTH - 4) {
                self.line(0, &format!("#   {chunk}"));
            }
        }
    }

    fn comments(&mut self, anchor: &str) {
        if let Some(lines) = self.d.comments.get(anchor) {
            for l in lines {
                self.text.push_str(l);
                self.text.push('\n');
            }
        }
    }

    /// Kept unknown keys, each a top-level chunk of its own (placed by the file's key order).
    fn extras(&mut self, slot: &str) {
        let d = self.d;
        for (after, text) in &d.extras {
            if after == slot {
                self.extra(text);
            }
        }
    }

    fn extra(&mut self, text: &str) {
        let key = text.split(':').next().unwrap_or_default().trim().to_string();
        let mut chunk = self
            .d
            .comments
            .get(&key)
            .map(|c| c.iter().map(|l| format!("{l}\n")).collect::<String>())
            .unwrap_or_default();
        chunk.push_str(text);
        self.chunks.push((key, chunk));
    }

    fn raw(&mut self, indent: usize, text: &str) {
        for l in text.lines() {
            self.line(indent, l);
        }
    }

    /// A blank line, its comments, and `key:` of a big top-level section. A file's own blank lines
    /// are among its comments, so only sections new to it get one.
    fn section(&mut self, key: &str) {
        if !self.d.key_order.iter().any(|k| k == key) {
            self.text.push('\n');
        }
        self.comments(key);
        self.line(0, &format!("{key}:"));
    }

    fn key_value(&mut self, indent: usize, key: &str, value: &str, anchor: &str) {
        self.comments(anchor);
        let raw = self.unchanged(anchor, value, indent).filter(|raw| raw.trim_start().starts_with(&format!("{key}:")));
        match raw {
            Some(raw) => self.text.push_str(raw),
            None => self.scalar(indent, &format!("{key}: "), value),
        }
    }

    /// The first key of a list item: `- key: value`.
    fn first_key_value(&mut self, indent: usize, key: &str, value: &str) {
        self.scalar(indent, &format!("- {key}: "), value);
    }

    fn item_text(&mut self, indent: usize, value: &str, anchor: &str) {
        self.comments(anchor);
        match self.unchanged(anchor, value, indent) {
            Some(raw) => self.text.push_str(raw),
            None => self.scalar(indent, "- ", value),
        }
    }

    /// `lead` then the value: plain when YAML allows, folded when long, double-quoted otherwise.
    fn scalar(&mut self, indent: usize, lead: &str, value: &str) {
        let width = indent + lead.len() + value.chars().count();
        if width <= WIDTH && plain_block(value) {
            self.line(indent, &format!("{lead}{value}"));
        } else if foldable(value) && width > WIDTH {
            // Under `- key: >-` the text is indented past the key; under a bare `- >-` past the dash.
            let inner = indent + if lead.starts_with("- ") && lead.len() > 2 { 4 } else { 2 };
            self.line(indent, &format!("{lead}>-"));
            for chunk in wrap(value, WIDTH.saturating_sub(inner).max(40)) {
                self.line(inner, &chunk);
            }
        } else {
            self.line(indent, &format!("{lead}{}", quoted(value)));
        }
    }

    fn literal(&mut self, indent: usize, key: &str, value: &str) {
        if let Some(raw) = self.unchanged(&format!("examples.{key}"), value, indent) {
            self.text.push_str(raw);
            return;
        }
        let body = value.strip_suffix('\n').unwrap_or(value);
        let literal_ok = !body.is_empty()
            && !body.contains('\n')
            && !body.starts_with(char::is_whitespace)
            && !body.ends_with(char::is_whitespace)
            && body.chars().all(printable)
            && value.ends_with('\n');
        if literal_ok {
            self.line(indent, &format!("{key}: |"));
            self.line(indent + 2, body);
        } else {
            self.line(indent, &format!("{key}: {}", quoted(value)));
        }
    }

    fn fields(&mut self, indent: usize, at: &str, fields: &[DraftField]) {
        for f in fields {
            let anchor = format!("{at}.{}", f.wire);
            self.comments(&anchor);
            self.first_key_value(indent + 2, "wire", &f.wire);
            let i = indent + 4;
            if let Some(r) = &f.rust {
                self.key_value(i, "rust", r, &format!("{anchor}.rust"));
            }
            self.key_value(i, "type", &f.ty, &format!("{anchor}.type"));
            self.comments(&format!("{anchor}.required"));
            self.line(i, &format!("required: {}", f.required));
            // Next to `required`: both say how the caller deals with the field.
            if f.dedup {
                self.comments(&format!("{anchor}.dedup"));
                self.line(i, "dedup: true");
            }
            self.key_value(i, "doc", described(&f.doc), &format!("{anchor}.doc"));
            if !f.limits.is_empty() {
                self.comments(&format!("{anchor}.limits"));
                let l: Vec<String> = f.limits.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                self.line(i, &format!("limits: {{{}}}", l.join(", ")));
            }
            if !f.limit_codes.is_empty() {
                self.comments(&format!("{anchor}.limit_codes"));
                let l: Vec<String> = f.limit_codes.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                self.line(i, &format!("limit_codes: {{{}}}", l.join(", ")));
            }
            for (_, text) in &f.extras {
                self.raw(i, text);
            }
        }
    }

    fn type_def(&mut self, t: &DraftType) {
        let anchor = format!("types.{}", t.name);
        self.comments(&anchor);
        self.line(2, &format!("{}:", t.name));
        if let Some(raw) = &t.enum_yaml {
            self.raw(4, raw);
            return;
        }
        self.key_value(4, "doc", described(&t.doc), &format!("{anchor}.doc"));
        self.comments(&format!("{anchor}.fields"));
        self.line(4, "fields:");
        self.fields(4, &anchor, &t.fields);
    }
}

/// What an empty description is written as: the loader wants a sentence, and the page has none
/// (the importer has warned about it).
pub const NO_DESCRIPTION: &str = "The vendor's page gives no description.";

fn described(s: &str) -> &str {
    if s.trim().is_empty() { NO_DESCRIPTION } else { s }
}

/// Characters written as they are; the rest are escaped in double quotes.
fn printable(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
}

/// Whether `s` may be written as a plain scalar in block context and read back as the same string.
pub(crate) fn plain_block(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];
    !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains("  ")
        && s.chars().all(|c| printable(c) && c != '\t')
        && !reserved.contains(&s.to_lowercase().as_str())
        && !first.is_ascii_digit()
        && !(s.starts_with(['.', '+']) && s.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
        && !s.starts_with("---")
        && !s.starts_with("...")
}

/// Plain in flow context (`[a, b]`, `{k: v}`), else double-quoted.
fn flow(s: &str) -> String {
    let date_like = s.len() == 10 && s.chars().all(|c| c.is_ascii_digit() || c == '-');
    if (plain_block(s) && !s.contains([',', '[', ']', '{', '}'])) || date_like { s.to_string() } else { quoted(s) }
}

/// Plain in a block list item, else double-quoted.
fn block(s: &str) -> String {
    if plain_block(s) { s.to_string() } else { quoted(s) }
}

/// Whether `s` survives folding (`>-`) unchanged when wrapped at single spaces.
fn foldable(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains("  ")
        && s.chars().all(|c| printable(c) && c != '\t')
}

/// Words joined into lines of at most `width` characters (a longer word gets a line of its own).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A double-quoted YAML scalar.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if !printable(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert!(plain_block("ID of the group to disband."));
        assert!(!plain_block("OK: successful") && !plain_block("yes") && !plain_block("10 items") && !plain_block(""));
        assert_eq!(quoted("a\"b\\\u{1}"), "\"a\\\"b\\\\\\u0001\"");
        assert_eq!(flow("2025-10-23"), "2025-10-23");
        assert_eq!(flow("a, b"), "\"a, b\"");
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
    }
}
