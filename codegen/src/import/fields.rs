//! Request and reply fields: the field table's rows, nested where the samples (or dotted names)
//! put them, typed from the table and the samples together, with the limits stated for them.

use super::Warning;
use super::draft::{DraftField, DraftType, sort_limits};
use super::limits::{Bound, Unit, bounds};
use super::sample::{Sample, Shape};
use super::table::{Table, is_reserved_name, is_type_word, strip_tree_marks};
use super::text::{clean, has_words, name_words, words};
use super::vocab;
use crate::naming::{camel, is_keyword, is_snake, snake};

/// A stated bound: the bound, its page line, the error code that reports it, and where it came from.
pub(crate) type Stated = (Bound, usize, Option<i64>, &'static str);

/// Limits or limit codes by spec key.
pub(crate) type KeyValues = Vec<(String, i64)>;

/// Keys of the reply envelope, which the spec leaves out of `response`.
pub(crate) const ENVELOPE: &[&str] = &["ActionStatus", "ErrorCode", "ErrorInfo", "ErrorDisplay"];

/// Which side of the call a table describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
}

impl Side {
    /// The word messages use for the side.
    pub fn noun(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "reply",
        }
    }
}

/// A field as the page describes it, before it becomes spec.
#[derive(Clone, Debug, Default)]
pub(crate) struct Node {
    pub wire: String,
    pub path: Vec<String>,
    /// The Type cell as written (lower case), empty when the table has no row for it.
    pub table_type: String,
    pub required: Option<bool>,
    /// The Required cell makes it required only on a condition (drafted optional; the page
    /// states neither).
    pub required_on_condition: bool,
    pub doc: String,
    /// Page line of its row (or of the sample that shows it).
    pub line: usize,
    pub in_table: bool,
    pub children: Vec<Node>,
    /// Stated bounds.
    pub bounds: Vec<Stated>,
}

/// Rows of the field tables, placed into a tree. Flat tables are nested by the samples: a row
/// goes where its name occurs in a sample, nearest to the list or object of the rows before it.
pub(crate) fn tree(tables: &[Table], side: Side, shape: &Shape, warnings: &mut Vec<Warning>) -> Vec<Node> {
    let mut placed: Vec<Node> = Vec::new();
    let mut container: Vec<String> = Vec::new();
    // An object row the samples show with keys of its own, none of which the table has listed
    // yet: its members are described elsewhere (another page), so a row the samples never show
    // is its sibling (`OfflinePushInfo`, then `IsNeedReadReceipt`), not its member.
    let mut opened: Option<Vec<String>> = None;
    for t in tables {
        let name_col = t.column(&["field", "parameter", "name"]).unwrap_or(0);
        let type_col = t.column(&["type"]);
        let req_col = t.column(&["required", "attribute", "mandatory"]);
        let desc_col = t.column(&["description", "meaning", "remark"]);
        let dotted = t.rows.iter().any(|r| {
            r.cells.get(name_col).is_some_and(|c| {
                let n = strip_tree_marks(c.trim());
                n.contains('.') && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            })
        });
        for row in &t.rows {
            let cell = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map(|s| s.trim().to_string());
            let raw_name = cell(Some(name_col)).unwrap_or_default();
            let name = strip_tree_marks(&raw_name).to_string();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            // A row named "Yes", "Integer" or "Description" is a cell out of place, not a field;
            // but a header word followed by a type word in the Type column is a real field
            // (ban_group_member's `Description | String`).
            let typed = type_col.and_then(|c| row.cells.get(c)).is_some_and(|c| is_type_word(c.trim()));
            let header_word = !is_type_word(&name) && !vocab::is_required_word(&name.to_lowercase());
            if is_reserved_name(&name) && !(typed && header_word) {
                warnings.push(Warning::new(
                    row.line,
                    format!("a row named `{name}` (a type, required or header word) is left out"),
                ));
                continue;
            }
            let unseen = !shape.order.iter().any(|p| p.last() == Some(&name));
            let path: Vec<String> = if name.contains('.') {
                name.split('.').filter(|s| !s.is_empty()).map(str::to_string).collect()
            } else if dotted {
                // A table that writes nested rows as `A.B` writes top-level ones bare.
                vec![name.clone()]
            } else if unseen && opened.as_ref() == Some(&container) {
                let mut p = container.get(..container.len().saturating_sub(1)).unwrap_or_default().to_vec();
                p.push(name.clone());
                p
            } else {
                place(&name, &container, shape)
            };
            // The envelope's keys at the top; an `ErrorCode` inside a list of failures is a field.
            if side == Side::Response && path.len() == 1 && ENVELOPE.contains(&name.as_str()) {
                continue;
            }
            if path.is_empty() {
                continue;
            }
            // A row one cell short, whose Required cell is no required word: the row leaves
            // Required out, and that cell is its description.
            let req_cell = cell(req_col).unwrap_or_default();
            let short = desc_col.is_some_and(|d| d >= row.cells.len())
                && !req_cell.is_empty()
                && vocab::required(&req_cell).is_none();
            if short {
                warnings.push(Warning::new(
                    row.line,
                    format!("the row of `{name}` has no Required cell; its last cell is taken as the description"),
                ));
            }
            let required = if short { None } else { vocab::required(&req_cell) };
            let required_on_condition = !short && vocab::required_on_condition(&req_cell);
            let doc = if short { req_cell } else { cell(desc_col).unwrap_or_default() };
            let node = Node {
                wire: path.last().cloned().unwrap_or_default(),
                path: path.clone(),
                table_type: type_in_english(&cell(type_col).unwrap_or_default()),
                required,
                required_on_condition,
                doc,
                line: row.line,
                in_table: true,
                ..Node::default()
            };
            if placed.iter().any(|p| p.path == path) {
                warnings.push(Warning::new(
                    row.line,
                    format!("field `{}` is listed twice; the first row is kept", path.join(".")),
                ));
                continue;
            }
            if opened.as_ref().is_some_and(|o| path.len() > o.len() && path.starts_with(o)) {
                opened = None;
            }
            container = if shape.is_container(&path)
                || node.table_type.starts_with("object") && !shape.paths.contains_key(&path)
            {
                let has_keys = shape.order.iter().any(|p| p.len() > path.len() && p.starts_with(&path));
                opened = ((node.table_type.starts_with("object") || node.table_type.starts_with("array")) && has_keys)
                    .then(|| path.clone());
                path.clone()
            } else {
                path.get(..path.len().saturating_sub(1)).unwrap_or_default().to_vec()
            };
            placed.push(node);
        }
    }
    let mut roots: Vec<Node> = Vec::new();
    for n in placed {
        let path = n.path.clone();
        insert(&mut roots, &path, n, 0);
    }
    roots
}

/// A Type cell in lower case, its first word in English when the page wrote it in another
/// language ("数组" -> "array", "Строка" -> "string").
fn type_in_english(cell: &str) -> String {
    let t = cell.trim().to_lowercase();
    let first = t.split([' ', '<', '(', '（', '[']).next().unwrap_or_default();
    match vocab::type_word(first) {
        Some(word) if !first.is_ascii() => format!("{word}{}", t.get(first.len()..).unwrap_or_default()),
        _ => t,
    }
}

/// Where a flat row named `name` belongs: the sample path ending in it whose parent is the deepest
/// prefix of the current container; a top-level one; or, unseen in samples, the container itself.
fn place(name: &str, container: &[String], shape: &Shape) -> Vec<String> {
    let candidates: Vec<&Vec<String>> = shape.order.iter().filter(|p| p.last().is_some_and(|l| l == name)).collect();
    let best = candidates
        .iter()
        .filter_map(|p| {
            let parent = p.get(..p.len().saturating_sub(1)).unwrap_or_default();
            (container.starts_with(parent)).then_some((parent.len(), *p))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, p)| p.clone());
    match best.or_else(|| candidates.first().map(|p| (*p).clone())) {
        Some(p) => p,
        None => {
            let mut p = container.to_vec();
            p.push(name.to_string());
            p
        }
    }
}

const MAX_DEPTH: usize = 16;

fn insert(list: &mut Vec<Node>, path: &[String], node: Node, depth: usize) {
    let Some((first, rest)) = path.split_first() else { return };
    if rest.is_empty() || depth >= MAX_DEPTH {
        list.push(node);
        return;
    }
    let parent_path = node.path.get(..depth + 1).unwrap_or_default().to_vec();
    let idx = match list.iter().position(|n| &n.wire == first) {
        Some(i) => i,
        None => {
            list.push(Node { wire: first.clone(), path: parent_path, line: node.line, ..Node::default() });
            list.len() - 1
        }
    };
    if let Some(parent) = list.get_mut(idx) {
        insert(&mut parent.children, rest, node, depth + 1);
    }
}

/// Visits every node, depth first.
pub(crate) fn each<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
    for n in nodes {
        out.push(n);
        each(&n.children, out);
    }
}

fn each_mut(nodes: &mut [Node], f: &mut dyn FnMut(&mut Node)) {
    for n in nodes {
        f(n);
        each_mut(&mut n.children, f);
    }
}

/// Attaches the bounds stated in descriptions, in notes that name one field, in sample comments,
/// and in error rows that name one field (with the error's code).
pub(crate) fn attach_bounds(
    nodes: &mut [Node],
    notes: &[(usize, String)],
    samples: &[&Sample],
    errors: &[(i64, String, usize)],
) {
    each_mut(nodes, &mut |n| {
        for b in bounds(&n.doc) {
            n.bounds.push((b, n.line, None, "its description"));
        }
    });
    let mut all = Vec::new();
    each(nodes, &mut all);
    let names: Vec<(Vec<String>, String)> = all.iter().map(|n| (n.path.clone(), n.wire.clone())).collect();
    let mentioned = |text: &str| -> Vec<Vec<String>> {
        let w = words(text);
        let mut hits: Vec<Vec<String>> = names
            .iter()
            .filter(|(_, wire)| {
                let nw = name_words(wire);
                text.contains(wire.as_str()) || (nw.len() > 1 && has_words(&w, &nw))
            })
            .map(|(p, _)| p.clone())
            .collect();
        hits.dedup();
        hits
    };
    let mut extra: Vec<(Vec<String>, Stated)> = Vec::new();
    for (line, note) in notes {
        let b = bounds(note);
        if let ([path], false) = (mentioned(note).as_slice(), b.is_empty()) {
            extra.extend(b.into_iter().map(|b| (path.clone(), (b, *line, None, "a note"))));
        }
    }
    for s in samples {
        for c in &s.comments {
            for b in bounds(&c.text) {
                extra.push((c.path.clone(), (b, s.line + c.line, None, "a sample's comment")));
            }
        }
    }
    for (code, meaning, line) in errors {
        let b = bounds(meaning);
        if let ([path], false) = (mentioned(meaning).as_slice(), b.is_empty()) {
            extra.extend(b.into_iter().map(|b| (path.clone(), (b, *line, Some(*code), "an error's description"))));
        }
    }
    each_mut(nodes, &mut |n| {
        for (path, stated) in &extra {
            if *path == n.path {
                n.bounds.push(*stated);
            }
        }
    });
}

/// Words that make a count in the overview a count per call: "a maximum of 100 users at a
/// time", "each request can ... for up to 100 users", "单次最多100个".
const PER_CALL: &[&str] = &[
    "at a time",
    "each request",
    "per request",
    "a single request",
    "in one request",
    "each call",
    "per call",
    "单次",
    "每次",
    "一次",
    "一度に",
    "1回",
    "한 번에",
];

/// A count per call stated in the overview (or a sample's caption) bounds the request's one
/// top-level list (by its Type cell or its samples), when there is exactly one and no bound of
/// its own says otherwise.
pub(crate) fn attach_call_counts(nodes: &mut [Node], overview: &[(usize, String)], shape: &Shape) {
    let is_list =
        |n: &Node| n.table_type.starts_with("array") || shape.paths.get(&n.path).is_some_and(|i| !i.items.is_empty());
    let mut lists = nodes.iter_mut().filter(|n| is_list(n));
    let (Some(list), None) = (lists.next(), lists.next()) else { return };
    if list.bounds.iter().any(|(b, ..)| b.unit == Unit::Items && !b.lower) {
        return;
    }
    for (line, text) in overview {
        let lower = text.to_lowercase();
        if !PER_CALL.iter().any(|p| lower.contains(p)) {
            continue;
        }
        if let Some(b) = bounds(text).into_iter().find(|b| b.unit == Unit::Items && !b.lower) {
            list.bounds.push((b, *line, None, "the overview"));
            return;
        }
    }
}

/// Turns nodes into spec fields, adding named types for nested objects. `taken` holds type names
/// already used (shared ones included).
pub(crate) struct Typer<'a> {
    pub side: Side,
    pub shape: &'a Shape,
    pub types: &'a mut Vec<DraftType>,
    pub taken: &'a [String],
    pub warnings: &'a mut Vec<Warning>,
    pub vendor_text: &'a mut Vec<String>,
}

impl Typer<'_> {
    pub fn fields(&mut self, nodes: &[Node], at: &str, depth: usize) -> Vec<DraftField> {
        let mut out: Vec<DraftField> = Vec::new();
        for n in nodes {
            let field = self.field(n, at, depth);
            if out.iter().any(|f| f.wire == field.wire) {
                continue;
            }
            out.push(field);
        }
        // Two keys with one Rust name (`To_Account`, `ToAccount`) get told apart.
        let mut seen: Vec<String> = Vec::new();
        for f in &mut out {
            let rust = f.rust.clone().unwrap_or_else(|| snake(&f.wire));
            if seen.contains(&rust) {
                f.rust = Some(format!("{rust}_{}", seen.len() + 1));
            }
            seen.push(f.rust.clone().unwrap_or(rust));
        }
        out
    }

    fn field(&mut self, n: &Node, at: &str, depth: usize) -> DraftField {
        // Fields the samples show under a row whose table lists none: drafted from the samples,
        // as a named type rather than `json`, with a warning.
        let from_samples;
        let n = if n.children.is_empty() && depth < MAX_DEPTH {
            let children = self.sample_children(&n.path);
            if children.is_empty() {
                n
            } else {
                if n.in_table {
                    self.warnings.push(Warning::new(
                        n.line,
                        format!(
                            "the fields of `{}` ({}) are shown only in the samples; drafted from them",
                            n.wire,
                            children.iter().map(|c| c.wire.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                from_samples = Node { children, ..n.clone() };
                &from_samples
            }
        } else {
            n
        };
        let where_ = format!("{at}.{}", n.wire);
        let info = self.shape.paths.get(&n.path);
        let kinds: Vec<&str> =
            info.map(|i| i.kinds.iter().copied().filter(|k| *k != "null").collect()).unwrap_or_default();
        let items: Vec<&str> = info.map(|i| i.items.iter().copied().collect()).unwrap_or_default();
        let tt = n.table_type.as_str();
        // A parent only dotted names imply ("ErrorList.ErrorCode"), with no sample: its name says.
        let implied = !n.in_table && info.is_none();
        let named_like_list = ["List", "Items", "Array"].iter().any(|s| n.wire.ends_with(s));
        let listy = tt.starts_with("array")
            || tt.starts_with("list")
            || tt.ends_with("array")
            || kinds == ["list"]
            || (implied && named_like_list);
        let ty = if !n.children.is_empty() && depth < MAX_DEPTH {
            let name = self.type_name(&n.wire);
            let fields = self.fields(&n.children, &format!("types.{name}"), depth + 1);
            let name = self.add_type(name, clean(&n.doc), fields);
            if listy || (tt.is_empty() && items.contains(&"object")) { format!("array<{name}>") } else { name }
        } else if listy {
            let inner = element(tt).or(sample_scalar(&items));
            match inner {
                Some(t) => format!("array<{t}>"),
                None => {
                    if n.in_table {
                        self.warnings.push(Warning::new(
                            n.line,
                            format!("`{}` is a list, but neither the table nor a sample shows of what; drafted as array<json>", n.wire),
                        ));
                    }
                    "array<json>".to_string()
                }
            }
        } else {
            let from_table = scalar(tt);
            let from_sample = if kinds == ["object"] { Some("json") } else { sample_scalar(&kinds) };
            match (from_table, from_sample) {
                // The samples are what the service sends: the draft follows them, so that its
                // own sample tests pass (an ID typed uint64 whose samples are strings).
                (Some(t), Some(s)) if t != s && !(t == "number" && s == "integer") && t != "json" => {
                    let line = info.map_or(n.line, |i| i.line);
                    self.warnings.push(Warning::new(
                        line,
                        format!(
                            "the sample gives `{}` a {s} value, but the field table says {}; the draft follows the sample",
                            n.wire, n.table_type
                        ),
                    ));
                    s.to_string()
                }
                (Some("number"), Some("integer")) => "integer".to_string(),
                (Some(t), _) => t.to_string(),
                (None, Some(s)) => s.to_string(),
                (None, None) => {
                    if !tt.is_empty() {
                        self.warnings.push(Warning::new(
                            n.line,
                            format!("unknown type `{}` of `{}`; drafted as json", n.table_type, n.wire),
                        ));
                    }
                    "json".to_string()
                }
            }
        };
        let required = match self.side {
            Side::Request => n.required.unwrap_or(true),
            Side::Response => {
                let d = n.doc.to_lowercase();
                let conditional = [
                    "only returned",
                    "returned only",
                    "only be returned",
                    "not returned",
                    "returned when",
                    "returned if",
                    "only when",
                ]
                .iter()
                .any(|p| d.contains(p));
                !conditional && !implied && self.shape.always_present(&n.path)
            }
        };
        let rust = rust_name(&n.wire);
        let doc = clean(&n.doc);
        if !doc.is_empty() {
            self.vendor_text.push(where_);
        }
        let (limits, limit_codes) =
            if self.side == Side::Request { limits_for(n, &ty, self.warnings) } else { (Vec::new(), Vec::new()) };
        DraftField { wire: n.wire.clone(), rust, ty, required, doc, limits, limit_codes, ..DraftField::default() }
    }

    /// Nodes for the keys the samples show directly under `path`, in sample order.
    fn sample_children(&self, path: &[String]) -> Vec<Node> {
        self.shape
            .order
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
            .map(|p| Node {
                wire: p.last().cloned().unwrap_or_default(),
                path: p.clone(),
                line: self.shape.paths.get(p).map_or(0, |i| i.line),
                ..Node::default()
            })
            .collect()
    }

    fn type_name(&self, wire: &str) -> String {
        let mut base = camel(wire);
        if let Some(stem) = base.strip_suffix("List") {
            base = format!("{stem}Item");
        }
        if !base.starts_with(|c: char| c.is_ascii_uppercase()) {
            base = format!("T{base}");
        }
        for suffix in ["Request", "Response", "Error"] {
            if base.ends_with(suffix) {
                base.push_str("Item");
            }
        }
        base
    }

    /// Adds a struct type, reusing an identical one; a different one of that name gets a suffix.
    fn add_type(&mut self, name: String, doc: String, fields: Vec<DraftField>) -> String {
        let suffix = if self.side == Side::Response { "Result" } else { "Input" };
        let mut candidate = name.clone();
        for i in 0..100 {
            match self.types.iter().find(|t| t.name == candidate) {
                Some(t) if t.fields == fields => return candidate,
                None if !self.taken.contains(&candidate) => {
                    self.types.push(DraftType { name: candidate.clone(), doc, fields, enum_yaml: None });
                    return candidate;
                }
                _ => candidate = if i == 0 { format!("{name}{suffix}") } else { format!("{name}{suffix}{i}") },
            }
        }
        candidate
    }
}

/// The Rust name to write, when deriving it from `wire` would not work.
pub(crate) fn rust_name(wire: &str) -> Option<String> {
    let derived = snake(wire);
    if is_keyword(&derived) {
        return Some(match derived.as_str() {
            "type" => "kind".to_string(),
            "ref" => "reference".to_string(),
            "match" => "matched".to_string(),
            "self" => "this".to_string(),
            other => format!("{other}_value"),
        });
    }
    if !is_snake(&derived) {
        let cleaned: String =
            derived.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let cleaned = cleaned.trim_matches('_').to_string();
        let cleaned = if cleaned.starts_with(|c: char| c.is_ascii_digit()) || cleaned.is_empty() {
            format!("f_{cleaned}")
        } else {
            cleaned
        };
        return Some(cleaned.split('_').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("_"));
    }
    None
}

fn scalar(tt: &str) -> Option<&'static str> {
    let first = tt.split([' ', '<', '(']).next().unwrap_or_default();
    match first {
        "string" => Some("string"),
        "integer" | "int" | "int32" | "int64" | "uint32" | "uint64" => Some("integer"),
        "number" => Some("number"),
        "bool" | "boolean" => Some("bool"),
        "object" | "json" => Some("json"),
        _ => None,
    }
}

/// The scalar type the kinds of a path's sample values agree on (a mix of integers and decimals
/// is a number).
fn sample_scalar(kinds: &[&str]) -> Option<&'static str> {
    match kinds {
        ["string"] => Some("string"),
        ["integer"] => Some("integer"),
        ["number"] | ["integer", "number"] => Some("number"),
        ["bool"] => Some("bool"),
        _ => None,
    }
}

/// The item type an Array cell names: "Array of String", "Array<String>", "String array".
fn element(tt: &str) -> Option<&'static str> {
    let w: Vec<&str> = tt.split(|c: char| !c.is_ascii_alphanumeric()).filter(|s| !s.is_empty()).collect();
    w.iter().filter(|x| !matches!(**x, "array" | "of" | "list")).find_map(|x| scalar(x)).filter(|t| *t != "json")
}

/// Moves counts stated for an item field ("the number of member accounts exceeds 300") to the
/// list that holds it: a count can only bound a list.
pub(crate) fn lift_counts(nodes: &mut [Node], shape: &Shape) {
    for n in nodes.iter_mut() {
        lift(n, shape, 0);
    }
}

/// Returns the counts this node could not hold and no list below took.
fn lift(n: &mut Node, shape: &Shape, depth: usize) -> Vec<Stated> {
    let mut up: Vec<Stated> = Vec::new();
    if depth < MAX_DEPTH {
        for c in &mut n.children {
            up.extend(lift(c, shape, depth + 1));
        }
    }
    let listy = n.table_type.starts_with("array")
        || n.table_type.starts_with("list")
        || shape.paths.get(&n.path).is_some_and(|i| i.kinds.contains("list"));
    if listy {
        n.bounds.extend(up);
        return Vec::new();
    }
    // A count stated for an integer ("cannot exceed 10,000", "at least 1") bounds its value;
    // counts stated for other items go to the list that holds them.
    let integer = ["integer", "int", "uint", "number"].iter().any(|t| n.table_type.starts_with(t));
    for (b, ..) in &mut n.bounds {
        if integer && b.unit == Unit::Items {
            b.unit = Unit::Value;
        }
    }
    let (counts, rest): (Vec<_>, Vec<_>) = n.bounds.drain(..).partition(|(b, ..)| b.unit == Unit::Items);
    n.bounds = rest;
    up.extend(counts);
    up
}

/// Limits a node's bounds give for its spec type, and the codes that report them. Two different
/// values for one limit are warned about; the first stated is kept.
pub(crate) fn limits_for(node: &Node, ty: &str, warnings: &mut Vec<Warning>) -> (KeyValues, KeyValues) {
    let mut limits: Vec<(String, i64, usize, &str)> = Vec::new();
    let mut codes: Vec<(String, i64)> = Vec::new();
    for (b, line, code, from) in &node.bounds {
        let key = match (b.unit, b.lower, ty) {
            (Unit::Items, false, t) if t.starts_with("array<") => "max_items",
            (Unit::Items, true, t) if t.starts_with("array<") => "min_items",
            (Unit::Bytes, false, "string") => "max_bytes",
            (Unit::Bytes, false, "array<string>") => "item_max_bytes",
            (Unit::Value, false, "integer") => "max",
            (Unit::Value, true, "integer") => "min",
            (Unit::Characters, ..) => {
                warnings.push(Warning::new(
                    *line,
                    format!(
                        "`{}`: the page limits it to {} characters, which the spec cannot state (it counts bytes); no limit is drafted",
                        node.wire, b.value
                    ),
                ));
                continue;
            }
            _ => continue,
        };
        match limits.iter().find(|(k, _, _, _)| k == key) {
            Some((_, v, first_line, first_from)) if *v != b.value => warnings.push(Warning::new(
                *line,
                format!(
                    "`{}`: {key} {} here ({from}), but {v} at line {first_line} ({first_from}); the first is kept",
                    node.wire, b.value
                ),
            )),
            Some(_) => {}
            None => limits.push((key.to_string(), b.value, *line, from)),
        }
        if let Some(c) = code {
            if !codes.iter().any(|(k, _)| k == key) && limits.iter().any(|(k, v, _, _)| k == key && *v == b.value) {
                codes.push((key.to_string(), *c));
            }
        }
    }
    let mut limits: KeyValues = limits.into_iter().map(|(k, v, _, _)| (k, v)).collect();
    sort_limits(&mut limits);
    sort_limits(&mut codes);
    (limits, codes)
}
