//! What one page states about its endpoint, as the audit compares it, and without the page's
//! words: field keys, wire names, type classes, required flags, limits, rate, edition, group
//! types, error codes, and the page lines they stand on. The audit reads it from an import
//! (`Stated::of`); a record of the newest pages (`spec/audit/pages.jsonl`, one page per line)
//! lets the audit run where the vendor's doc repository is not at hand, as in CI.

use super::Import;
use super::draft::named;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Coarse type classes, so that the page's vocabulary ("Integer", "Array", "Object") and the
/// spec's (integer, array<T>, a named struct, an enum of strings) compare equal where they mean
/// the same thing. `Any` (json, an unknown or unstated type) agrees with everything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Class {
    /// Text.
    Str,
    /// A whole number (flags and integer enums too).
    Int,
    /// true / false.
    Bool,
    /// Unstated, or any JSON.
    Any,
    /// An object.
    Obj,
    /// A list of the class.
    Arr(Box<Class>),
}

impl Class {
    /// Whether the two say the same (`Any` agrees with every class).
    pub fn agrees(&self, other: &Class) -> bool {
        match (self, other) {
            (Class::Any, _) | (_, Class::Any) => true,
            (Class::Arr(a), Class::Arr(b)) => a.agrees(b),
            (a, b) => a == b,
        }
    }

    /// As messages and the record write it: `string`, `array of object`...
    pub fn name(&self) -> String {
        match self {
            Class::Str => "string".into(),
            Class::Int => "integer".into(),
            Class::Bool => "bool".into(),
            Class::Any => "any".into(),
            Class::Obj => "object".into(),
            Class::Arr(c) => format!("array of {}", c.name()),
        }
    }

    /// The class `name` gives back.
    pub fn parse(name: &str) -> Option<Class> {
        if let Some(inner) = name.strip_prefix("array of ") {
            return Class::parse(inner).map(|c| Class::Arr(Box::new(c)));
        }
        Some(match name {
            "string" => Class::Str,
            "integer" => Class::Int,
            "bool" => Class::Bool,
            "any" => Class::Any,
            "object" => Class::Obj,
            _ => return None,
        })
    }

    /// The class of a drafted spec type expression.
    pub fn of_draft(ty: &str) -> Class {
        let t = ty.trim();
        if let Some(inner) = t.strip_prefix("array<").and_then(|r| r.strip_suffix('>')) {
            return Class::Arr(Box::new(Class::of_draft(inner)));
        }
        match t {
            "string" => Class::Str,
            "integer" | "number" => Class::Int,
            "bool" => Class::Bool,
            "json" | "" => Class::Any,
            _ => Class::Obj,
        }
    }

    /// The class a Type cell names, the drafted class filling in what it leaves open (an "Array"
    /// cell says nothing of its items).
    fn of_cell(cell: &str, drafted: &Class) -> Option<Class> {
        let first = cell.split([' ', '<', '(', '[']).next().unwrap_or_default();
        Some(match first {
            "string" => Class::Str,
            "integer" | "int" | "int32" | "int64" | "uint32" | "uint64" | "number" => Class::Int,
            "bool" | "boolean" => Class::Bool,
            "object" | "json" => Class::Any,
            "array" | "list" => match drafted {
                Class::Arr(_) => drafted.clone(),
                _ => Class::Arr(Box::new(Class::Any)),
            },
            _ => return None,
        })
    }
}

impl From<Class> for String {
    fn from(c: Class) -> String {
        c.name()
    }
}

impl TryFrom<String> for Class {
    type Error = String;
    fn try_from(s: String) -> Result<Class, String> {
        Class::parse(&s)
            .ok_or_else(|| format!("`{s}` is not a type class (string, integer, bool, any, object, array of ...)"))
    }
}

/// A field a page's table describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedField {
    /// `request.A.B`.
    pub key: String,
    /// The JSON key as the page spells it.
    pub wire: String,
    /// The table's type (the drafted one where the cell names none).
    pub class: Class,
    /// The class the page's samples show, where it contradicts the table's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<Class>,
    /// None: the table does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// By spec key (`max_items`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<(String, i64)>,
    /// Values the description lists, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<i64>,
    /// (min, max) of the integer type the description names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(i64, i64)>,
    /// The page line of its row.
    pub line: usize,
}

impl StatedField {
    /// `request.A` for `request.A.B`.
    pub fn parent(&self) -> &str {
        self.key.rsplit_once('.').map_or("", |(p, _)| p)
    }
}

/// What a page states about its endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    /// `service/command`.
    pub path: String,
    /// The page documents that endpoint (states its path and describes a body or a reply),
    /// rather than showing it as an example.
    pub documents: bool,
    /// The page's address, when it gives one (or other pages link to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// Calls per `second`/`minute`/...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<(u64, String)>,
    /// Least edition (`pro`, `premium`, `enterprise`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// The group types, when the page names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_types: Option<Vec<String>>,
    /// Every code the page lists, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<i64>,
    /// Lines of the facts that are not fields: `rate_limit`, `edition`, `group_types`,
    /// `errors.<code>`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lines: BTreeMap<String, usize>,
    /// Request fields the tables describe, parents before children.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<StatedField>,
    /// Reply fields, likewise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<StatedField>,
    /// Keys the page shows besides its tables' (in its samples, or drafted from them), by side.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shown: BTreeMap<String, BTreeSet<String>>,
    /// The page's sample bodies by side, as (`sample_digest` of the compact JSON, line): what
    /// the spec's examples are held against, without the samples themselves.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub samples: BTreeMap<String, Vec<(String, usize)>>,
}

/// A short digest of a sample's compact JSON (whitespace and comments gone, keys in order).
pub fn sample_digest(compact: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(compact.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The digest of a JSON text as pages and spec files write it (comments and trailing commas
/// allowed), or none when it does not read.
pub fn digest_of(text: &str) -> Option<String> {
    super::json::parse(text).ok().map(|(v, _)| sample_digest(&v.compact()))
}

const MAX_DEPTH: usize = 12;

impl Stated {
    /// What `i` states.
    pub fn of(i: &Import) -> Stated {
        let d = &i.draft;
        let documents = i.facts.path_stated
            && (!d.request.is_empty()
                || !d.response.is_empty()
                || d.example_request.is_some()
                || d.example_response.is_some());
        let mut s = Stated {
            path: d.path.clone(),
            documents,
            docs: (d.docs != super::extract::DOCS_FALLBACK).then(|| d.docs.clone()),
            rate_limit: d.rate_limit.clone(),
            edition: d.edition.clone(),
            group_types: i.facts.lines.contains_key("group_types").then(|| d.group_types.clone()),
            codes: Vec::new(),
            lines: i
                .facts
                .lines
                .iter()
                .filter(|(k, _)| !k.starts_with("request.") && !k.starts_with("response."))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            ..Stated::default()
        };
        for (side, compact, line) in &i.facts.samples {
            s.samples.entry(side.clone()).or_default().push((sample_digest(compact), *line));
        }
        for c in &d.page_codes {
            if !s.codes.contains(&c.code) {
                s.codes.push(c.code);
            }
        }
        for side in ["request", "response"] {
            let fields = if side == "request" { &d.request } else { &d.response };
            let mut out = Vec::new();
            table_walk(i, fields, side, &mut out, 0);
            let tabled: BTreeSet<&str> = out.iter().map(|f| f.key.as_str()).collect();
            let extra: BTreeSet<String> =
                shown_keys(i, side).into_iter().filter(|k| !tabled.contains(k.as_str())).collect();
            if !extra.is_empty() {
                s.shown.insert(side.to_string(), extra);
            }
            if side == "request" { s.request = out } else { s.response = out }
        }
        s
    }

    /// The fields of one side the page's tables describe.
    pub fn fields(&self, side: &str) -> &[StatedField] {
        if side == "request" { &self.request } else { &self.response }
    }

    /// Every key the page shows on one side: its tables', its samples' and what was drafted.
    pub fn shown(&self, side: &str) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.fields(side).iter().map(|f| f.key.clone()).collect();
        out.extend(self.shown.get(side).into_iter().flatten().cloned());
        out
    }

    /// The line of a non-field fact; 0 when the page does not place it.
    pub fn line(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(0)
    }
}

/// Only what the page's tables state: fields drafted from samples alone (app-defined keys,
/// message contents) are not the page's word on the API.
fn table_walk(i: &Import, fields: &[super::DraftField], parent: &str, out: &mut Vec<StatedField>, depth: usize) {
    for f in fields {
        let key = format!("{parent}.{}", f.wire);
        let Some(line) = i.facts.lines.get(&key).copied() else { continue };
        let drafted = Class::of_draft(&f.ty);
        // The table's word is the page's fact; the draft may follow a sample instead.
        let stated = i.facts.table_types.get(&key).and_then(|t| Class::of_cell(t, &drafted));
        let sample = stated.as_ref().filter(|s| !s.agrees(&drafted)).map(|_| drafted.clone());
        let implied = super::limits::implied(&f.doc);
        out.push(StatedField {
            key: key.clone(),
            wire: f.wire.clone(),
            class: stated.unwrap_or(drafted),
            sample,
            required: i.facts.required_stated.get(&key).copied(),
            limits: f.limits.clone(),
            values: implied.values,
            range: implied.range,
            line,
        });
        if depth >= MAX_DEPTH {
            continue;
        }
        if let Some(t) = named(&f.ty).and_then(|n| i.draft.type_named(n)) {
            table_walk(i, &t.fields, &key, out, depth + 1);
        }
    }
}

/// Every key the draft holds on one side, those drafted from the page's samples alone included.
fn shown_keys(i: &Import, side: &str) -> BTreeSet<String> {
    fn walk(i: &Import, fields: &[super::DraftField], parent: &str, out: &mut BTreeSet<String>, depth: usize) {
        for f in fields {
            let key = format!("{parent}.{}", f.wire);
            if depth < MAX_DEPTH {
                if let Some(t) = named(&f.ty).and_then(|n| i.draft.type_named(n)) {
                    walk(i, &t.fields, &key, out, depth + 1);
                }
            }
            out.insert(key);
        }
    }
    fn keys(v: &super::json::Json, at: &str, out: &mut BTreeSet<String>, depth: usize) {
        use super::json::Json;
        if depth > MAX_DEPTH {
            return;
        }
        match v {
            Json::Object(fields) => {
                for (k, v) in fields {
                    let key = format!("{at}.{k}");
                    keys(v, &key, out, depth + 1);
                    out.insert(key);
                }
            }
            Json::Array(items) => items.iter().for_each(|v| keys(v, at, out, depth + 1)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(i, if side == "request" { &i.draft.request } else { &i.draft.response }, side, &mut out, 0);
    // Every sample of the side, not only the fullest the draft keeps (one of them): a field one
    // sample shows is on the page.
    for (_, text, _) in i.facts.samples.iter().filter(|(s, _, _)| s == side) {
        if let Ok((v, _)) = super::json::parse(text) {
            keys(&v, side, &mut out, 0);
        }
    }
    out
}

/// One page of a record: its name, date and what it states.
#[derive(Serialize, Deserialize)]
struct RecordLine {
    page: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    stated: Stated,
}

/// The record of `pages`: for each endpoint and language, the newest pages that document it
/// (all of that date), one JSON object per line, in page order. Only these count in an audit,
/// so an audit of the record finds what an audit of the pages finds, older pages apart.
pub fn write_record(pages: &[super::AuditPage]) -> String {
    let documenting: Vec<(&super::AuditPage, &Stated)> =
        pages.iter().filter_map(|p| p.stated.as_ref().filter(|s| s.documents).map(|s| (p, s))).collect();
    let newest = super::audit::newest_pages(documenting.iter().map(|(p, s)| (*p, s.path.as_str())));
    let mut lines: Vec<String> = documenting
        .iter()
        .filter(|(p, s)| newest[&(s.path.as_str(), super::page_language(&p.name))].0 == p.date.as_deref())
        .map(|(p, s)| {
            let line = RecordLine { page: p.name.clone(), date: p.date.clone(), stated: (*s).clone() };
            serde_json::to_string(&line).unwrap_or_default()
        })
        .collect();
    lines.sort();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The pages of a record `write_record` wrote.
///
/// # Errors
/// The first line that does not read, as `LINE:COLUMN: why`.
pub fn read_record(text: &str) -> Result<Vec<super::AuditPage>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let r: RecordLine = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e} (a line is one page's JSON object)", n + 1, e.column()))?;
        out.push(super::AuditPage { name: r.page, date: r.date, stated: Some(r.stated) });
    }
    Ok(out)
}
