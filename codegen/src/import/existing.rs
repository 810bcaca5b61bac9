//! A spec file read back as a draft, for merging: every key this version knows, the ones it does
//! not kept as YAML text, and each comment tied to the key below it so it is written back there.
//!
//! Reads the YAML itself (marked-yaml) instead of going through the loader: the loader's model
//! drops comments and decides Rust names, and a merge must keep what was written.

use super::draft::{Draft, DraftCode, DraftErratum, DraftField, DraftType, DraftWebhook, Source};
use super::yaml_out::{plain_block, quoted, slot_of};
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoaderOptions, Node};
use std::collections::BTreeMap;

/// Reads an endpoint spec file.
///
/// # Errors
/// When the text is not YAML, or not an endpoint file (`path:` missing); the message names
/// `line:column` where marked-yaml says.
pub fn read_existing(text: &str) -> Result<Draft, String> {
    let options = LoaderOptions::default().prevent_coercion(true).toplevel_mapping();
    let root = marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| e.to_string())?;
    let map = root.as_mapping().ok_or("the file is not a YAML mapping")?;
    let mut r =
        Reader { anchors: BTreeMap::new(), kept: Vec::new(), lines: text.lines().map(str::to_string).collect() };
    let mut d = Draft::default();
    let mut last_known = String::new();
    for (k, v) in map.iter() {
        let key: &str = k;
        r.anchor(k, key);
        d.key_order.push(key.to_string());
        match key {
            "path" => d.path = text_of(v),
            "name" => d.name = Some(text_of(v)),
            "title" => d.title = text_of(v),
            "summary" => d.summary = text_of(v),
            "docs" => d.docs = text_of(v),
            "source" => {
                let m = v.as_mapping();
                let get = |k: &str| m.and_then(|m| m.get_node(k)).map(text_of);
                d.source = Some(Source { url: get("url"), updated: get("updated") });
            }
            "rate_limit" => {
                let m = v.as_mapping();
                let calls = m.and_then(|m| m.get_scalar("calls")).and_then(|s| s.as_str().parse::<u64>().ok());
                let per = m.and_then(|m| m.get_node("per")).map(text_of);
                if let (Some(c), Some(p)) = (calls, per) {
                    d.rate_limit = Some((c, p));
                }
            }
            "edition" => d.edition = Some(text_of(v)),
            "edition_code" => d.edition_code = int_of(v),
            "group_types" => d.group_types = strings(v),
            "irreversible" => d.irreversible = bool_of(v),
            "idempotent" => d.idempotent = bool_of(v),
            "notes" => {
                d.notes = strings(v);
                for (i, item) in seq(v).iter().enumerate() {
                    if let Some(m) = item.span().start() {
                        r.anchors.entry(m.line()).or_insert_with(|| format!("notes.{i}"));
                    }
                }
            }
            "related" => d.related = strings(v),
            "webhooks" => {
                for (i, item) in seq(v).iter().enumerate() {
                    let Some(m) = item.as_mapping() else { continue };
                    r.item(m, &format!("webhooks.{i}"));
                    d.webhooks.push(DraftWebhook {
                        name: field_text(m, "name"),
                        summary: field_text(m, "summary"),
                        docs: m.get_node("docs").map(text_of),
                    });
                }
            }
            "request" => d.request = r.fields(v, "request"),
            "response" => d.response = r.fields(v, "response"),
            "types" => {
                if let Some(m) = v.as_mapping() {
                    for (name_node, t) in m.iter() {
                        let name: &str = name_node;
                        let anchor = format!("types.{name}");
                        r.anchor(name_node, &anchor);
                        let Some(tm) = t.as_mapping() else { continue };
                        let mut ty =
                            DraftType { name: name.to_string(), doc: field_text(tm, "doc"), ..DraftType::default() };
                        // A struct as this version knows it; any other shape is kept as written.
                        let plain_struct = tm.get_node("fields").is_some()
                            && tm.keys().all(|k| matches!(k.as_str(), "doc" | "fields"));
                        if plain_struct {
                            r.keys(tm, &anchor, 0);
                            ty.fields = tm.get_node("fields").map(|f| r.fields(f, &anchor)).unwrap_or_default();
                        } else {
                            // The body as written, under the name line, unindented.
                            let body = r.verbatim(name_node).map(|t| {
                                t.lines()
                                    .skip(1)
                                    .map(|l| format!("{}\n", l.get(2..).unwrap_or_else(|| l.trim_start())))
                                    .collect::<String>()
                            });
                            ty.enum_yaml =
                                Some(body.filter(|b| !b.trim().is_empty()).unwrap_or_else(|| render_map(tm, 0)));
                        }
                        d.types.push(ty);
                    }
                }
            }
            "errors" => {
                if let Some(m) = v.as_mapping() {
                    r.keys(m, "errors", 0);
                    d.error_tables = m.get_node("tables").map(strings).unwrap_or_default();
                    for item in m.get_node("codes").map(seq).unwrap_or_default() {
                        let Some(cm) = item.as_mapping() else { continue };
                        let Some(code) = cm.get_node("code").and_then(int_of) else { continue };
                        r.item(cm, &format!("errors.codes.{code}"));
                        d.errors.push(DraftCode {
                            code,
                            name: field_text(cm, "name"),
                            meaning: field_text(cm, "meaning"),
                            retriable: cm.get_node("retriable").is_some_and(bool_of),
                        });
                    }
                }
            }
            "errata" => {
                for (i, item) in seq(v).iter().enumerate() {
                    let Some(m) = item.as_mapping() else { continue };
                    r.item(m, &format!("errata.{i}"));
                    d.errata.push(DraftErratum {
                        at: field_text(m, "at"),
                        vendor: field_text(m, "vendor"),
                        fix: field_text(m, "fix"),
                    });
                }
            }
            // The list form (several sample pairs) is kept as written.
            "examples" if v.as_sequence().is_some() => {
                let kept = r.verbatim(k).unwrap_or_else(|| render_entry(key, v, 0));
                d.extras.push((last_known.clone(), kept));
                continue;
            }
            "examples" => {
                if let Some(m) = v.as_mapping() {
                    r.keys(m, "examples", 0);
                    d.example_request = m.get_node("request").map(text_of);
                    d.example_response = m.get_node("response").map(text_of);
                }
            }
            other => {
                let kept = r.verbatim(k).unwrap_or_else(|| render_entry(other, v, 0));
                d.extras.push((last_known.clone(), kept));
                continue;
            }
        }
        last_known = slot_of(key).to_string();
    }
    if d.path.is_empty() {
        return Err("the file has no `path`: it is not an endpoint file".into());
    }
    d.comments = comments(text, &r.anchors, &r.kept);
    d.raw = raw_scalars(&r.lines, &r.anchors, &d);
    Ok(d)
}

struct Reader {
    /// Page line -> anchor of the key written on it.
    anchors: BTreeMap<usize, String>,
    /// Lines (1-based) under kept keys, written back as they are: their comments travel with them.
    kept: Vec<std::ops::Range<usize>>,
    lines: Vec<String>,
}

impl Reader {
    /// A key and its value as the file wrote them, unindented; None where that cannot be told.
    fn verbatim(&mut self, key: &MarkedScalarNode) -> Option<String> {
        let no = key.span().start()?.line();
        let first = self.lines.get(no.checked_sub(1)?)?;
        let col = first.len() - first.trim_start().len();
        if !first.trim_start().starts_with(key.as_str()) {
            return None;
        }
        let end = block_end(&self.lines, no, col);
        let text: String = self
            .lines
            .get(no - 1..end)?
            .iter()
            .map(|l| format!("{}\n", l.get(col..).unwrap_or_else(|| l.trim_start())))
            .collect();
        // The key's own line still carries the comments above it.
        self.kept.push(no + 1..end + 1);
        Some(text)
    }

    fn anchor(&mut self, key: &MarkedScalarNode, anchor: &str) {
        if let Some(m) = key.span().start() {
            self.anchors.entry(m.line()).or_insert_with(|| anchor.to_string());
        }
    }

    /// Anchors `at.<key>` for the keys of `m` after the first `skip`.
    fn keys(&mut self, m: &MarkedMappingNode, at: &str, skip: usize) {
        for (k, _) in m.iter().skip(skip) {
            let key: &str = k;
            self.anchor(k, &format!("{at}.{key}"));
        }
    }

    /// A list item's anchor sits on the line of its first key (`- wire: ...`).
    fn item_anchor(&mut self, m: &MarkedMappingNode, anchor: &str) {
        if let Some((k, _)) = m.iter().next() {
            self.anchor(k, anchor);
        }
    }

    /// A list item: its anchor, and `anchor.<key>` for its other keys.
    fn item(&mut self, m: &MarkedMappingNode, anchor: &str) {
        self.item_anchor(m, anchor);
        self.keys(m, anchor, 1);
    }

    fn fields(&mut self, v: &Node, at: &str) -> Vec<DraftField> {
        let mut out = Vec::new();
        for item in seq(v) {
            let Some(m) = item.as_mapping() else { continue };
            let wire = field_text(m, "wire");
            let anchor = format!("{at}.{wire}");
            self.item_anchor(m, &anchor);
            let mut f = DraftField { wire, ..DraftField::default() };
            for (k, v) in m.iter() {
                let key: &str = k;
                if key != "wire" {
                    self.anchor(k, &format!("{anchor}.{key}"));
                }
                match key {
                    "wire" => {}
                    "rust" => f.rust = Some(text_of(v)),
                    "type" => f.ty = text_of(v),
                    "required" => f.required = bool_of(v),
                    "doc" => f.doc = text_of(v),
                    "limits" => f.limits = int_pairs(v),
                    "limit_codes" => f.limit_codes = int_pairs(v),
                    "dedup" => f.dedup = bool_of(v),
                    other => {
                        let kept = self.verbatim(k).unwrap_or_else(|| render_entry(other, v, 0));
                        f.extras.push((String::new(), kept));
                    }
                }
            }
            out.push(f);
        }
        out
    }
}

fn text_of(v: &Node) -> String {
    v.as_scalar().map(|s| s.as_str().to_string()).unwrap_or_default()
}

fn field_text(m: &MarkedMappingNode, key: &str) -> String {
    m.get_node(key).map(text_of).unwrap_or_default()
}

fn int_of(v: &Node) -> Option<i64> {
    v.as_scalar().and_then(|s| s.as_str().parse().ok())
}

fn bool_of(v: &Node) -> bool {
    v.as_scalar().is_some_and(|s| s.as_str() == "true")
}

fn seq(v: &Node) -> Vec<Node> {
    v.as_sequence().map(|s| s.iter().cloned().collect()).unwrap_or_default()
}

fn strings(v: &Node) -> Vec<String> {
    seq(v).iter().map(text_of).collect()
}

fn int_pairs(v: &Node) -> Vec<(String, i64)> {
    v.as_mapping()
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.as_str().to_string(), int_of(v)?))).collect())
        .unwrap_or_default()
}

/// `key: value` as YAML text at `indent`, for keys kept verbatim.
fn render_entry(key: &str, v: &Node, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match v {
        Node::Scalar(s) => format!("{pad}{key}: {}\n", scalar(s.as_str())),
        Node::Sequence(items) if items.is_empty() => format!("{pad}{key}: []\n"),
        Node::Mapping(m) if m.is_empty() => format!("{pad}{key}: {{}}\n"),
        Node::Sequence(_) => format!("{pad}{key}:\n{}", render_seq(v, indent + 2, 0)),
        Node::Mapping(m) => format!("{pad}{key}:\n{}", render_map(m, indent + 2)),
    }
}

fn render_map(m: &MarkedMappingNode, indent: usize) -> String {
    m.iter().map(|(k, v)| render_entry(k, v, indent)).collect()
}

fn render_seq(v: &Node, indent: usize, depth: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for item in seq(v) {
        match &item {
            Node::Scalar(s) => out.push_str(&format!("{pad}- {}\n", scalar(s.as_str()))),
            Node::Mapping(m) if !m.is_empty() => {
                let body = render_map(m, indent + 2);
                // The first key goes on the dash's line.
                let body = body.get(indent + 2..).unwrap_or_default();
                out.push_str(&format!("{pad}- {body}"));
            }
            Node::Sequence(_) if depth < 16 => {
                out.push_str(&format!("{pad}-\n{}", render_seq(&item, indent + 2, depth + 1)));
            }
            _ => out.push_str(&format!("{pad}- []\n")),
        }
    }
    out
}

fn scalar(s: &str) -> String {
    if plain_block(s) && !s.contains([',', '[', ']', '{', '}']) { s.to_string() } else { quoted(s) }
}

/// Comment blocks tied to the anchor of the next anchored line below them; comments after the
/// last key go to `$end`. A comment at the end of a key's line becomes a line above it. Lines kept
/// verbatim are skipped: their comments are already in the kept text.
fn comments(
    text: &str,
    anchors: &BTreeMap<usize, String>,
    kept: &[std::ops::Range<usize>],
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut pending: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let no = i + 1;
        if kept.iter().any(|r| r.contains(&no)) {
            continue;
        }
        let t = line.trim_start();
        if t.starts_with('#') {
            pending.push(line.trim_end().to_string());
            continue;
        }
        // Blank lines are kept with the comments, so that a rewritten file keeps its spacing.
        if t.is_empty() {
            if i > 0 {
                pending.push(String::new());
            }
            continue;
        }
        if let Some(c) = trailing_comment(line).filter(|_| anchors.contains_key(&no)) {
            let indent = line.len() - t.len();
            pending.push(format!("{:indent$}{c}", ""));
        }
        if pending.is_empty() {
            continue;
        }
        let anchor = anchors.range(no..).next().map_or_else(|| "$end".to_string(), |(_, a)| a.clone());
        out.entry(anchor).or_default().append(&mut pending);
    }
    if !pending.is_empty() {
        out.entry("$end".to_string()).or_default().append(&mut pending);
    }
    out
}

/// The lines of every scalar-valued key, by anchor, with the value read: from the key's line to the
/// last line indented deeper than the key (trailing blank and comment lines left out).
fn raw_scalars(lines: &[String], anchors: &BTreeMap<usize, String>, d: &Draft) -> BTreeMap<String, (String, String)> {
    let values = scalar_values(d);
    let mut out = BTreeMap::new();
    for (no, anchor) in anchors {
        let Some(value) = values.get(anchor.as_str()) else { continue };
        // A block scalar in a list starts on the line after its dash: go back to the dash.
        let no = if anchor.starts_with("notes.") {
            (1..=*no).rev().find(|k| lines.get(k - 1).is_some_and(|l| l.trim_start().starts_with("- "))).unwrap_or(*no)
        } else {
            *no
        };
        let Some(first) = no.checked_sub(1).and_then(|i| lines.get(i)) else { continue };
        // The key's column; a list item (a note) is measured from its dash.
        let body = first.trim_start();
        if body.starts_with("- ") != anchor.starts_with("notes.") {
            continue;
        }
        let end = block_end(lines, no, first.len() - body.len());
        let raw: String =
            lines.get(no.saturating_sub(1)..end).unwrap_or_default().iter().map(|l| format!("{l}\n")).collect();
        out.insert(anchor.clone(), (value.clone(), raw));
    }
    out
}

/// The last line (1-based) of what the key on line `no`, at column `col`, holds: the lines indented
/// deeper, less trailing blank and comment lines.
fn block_end(lines: &[String], no: usize, col: usize) -> usize {
    let mut end = no;
    while let Some(l) = lines.get(end) {
        let t = l.trim_start();
        if !t.is_empty() && l.len() - t.len() <= col {
            break;
        }
        end += 1;
    }
    while end > no && lines.get(end - 1).is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        end -= 1;
    }
    end
}

/// Scalar values of a draft by the anchor of their key.
fn scalar_values(d: &Draft) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (k, v) in [("title", &d.title), ("summary", &d.summary), ("docs", &d.docs), ("path", &d.path)] {
        m.insert(k.to_string(), v.clone());
    }
    fn fields(m: &mut BTreeMap<String, String>, at: &str, fs: &[DraftField]) {
        for f in fs {
            m.insert(format!("{at}.{}.doc", f.wire), f.doc.clone());
            m.insert(format!("{at}.{}.type", f.wire), f.ty.clone());
            if let Some(r) = &f.rust {
                m.insert(format!("{at}.{}.rust", f.wire), r.clone());
            }
        }
    }
    fields(&mut m, "request", &d.request);
    fields(&mut m, "response", &d.response);
    for t in &d.types {
        m.insert(format!("types.{}.doc", t.name), t.doc.clone());
        fields(&mut m, &format!("types.{}", t.name), &t.fields);
    }
    for c in &d.errors {
        m.insert(format!("errors.codes.{}.name", c.code), c.name.clone());
        m.insert(format!("errors.codes.{}.meaning", c.code), c.meaning.clone());
    }
    for (i, w) in d.webhooks.iter().enumerate() {
        m.insert(format!("webhooks.{i}.summary"), w.summary.clone());
        if let Some(docs) = &w.docs {
            m.insert(format!("webhooks.{i}.docs"), docs.clone());
        }
    }
    for (i, e) in d.errata.iter().enumerate() {
        m.insert(format!("errata.{i}.vendor"), e.vendor.clone());
        m.insert(format!("errata.{i}.fix"), e.fix.clone());
    }
    for (i, n) in d.notes.iter().enumerate() {
        m.insert(format!("notes.{i}"), n.clone());
    }
    if let Some(r) = &d.example_request {
        m.insert("examples.request".into(), r.clone());
    }
    if let Some(r) = &d.example_response {
        m.insert("examples.response".into(), r.clone());
    }
    m
}

/// `# ...` after a value on the same line, outside quotes.
fn trailing_comment(line: &str) -> Option<String> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') if matches!(prev, ' ' | ':' | '[' | '{' | ',' | '-') => quote = Some(c),
            (Some(q), c) if c == q && prev != '\\' => quote = None,
            (None, '#') if prev == ' ' && !line.get(..i).unwrap_or_default().trim().is_empty() => {
                return line.get(i..).map(|c| c.trim_end().to_string());
            }
            _ => {}
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_comments() {
        assert_eq!(trailing_comment("a: b  # why").as_deref(), Some("# why"));
        assert_eq!(trailing_comment("a: \"b # not\""), None);
        assert_eq!(trailing_comment("# only"), None);
    }
}
