//! The spec held against vendor pages: every fact a page states about an endpoint of the spec
//! (fields with their nesting, wire names, types and required flags; limits; rate; edition; group
//! types; error codes) compared with the loaded spec, one finding per disagreement, each marked
//! explained when an erratum of the endpoint covers it. Pages of one endpoint are also compared
//! with each other. Pure: `cargo xtask import --audit` reads the pages and prints the result.

use super::Import;
use super::stated::{Class, Stated, StatedField};
use crate::load::SourceFile;
use crate::model::{Endpoint, Spec, Type, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// A disagreement between the spec and a page (or two pages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `service/command`.
    pub endpoint: String,
    /// Spec file, relative to the spec root (`sns/group_delete.yaml`); empty between pages.
    pub spec_file: String,
    /// 1-based line in it.
    pub spec_line: usize,
    /// The page, as named to the audit.
    pub page: String,
    /// 1-based page line.
    pub page_line: usize,
    /// Erratum-style keys of the facts concerned (`response.ResultList`, `errors.10010`...).
    pub keys: Vec<String>,
    /// What disagrees.
    pub message: String,
    /// The `at:` of the erratum that explains it.
    pub explained_by: Option<String>,
    /// For a page older than another of its endpoint and language: that newer page, which is
    /// the one held against the spec (the finding is then listed under `Audit::older`).
    pub superseded_by: Option<String>,
}

/// Two pages of one endpoint that state a fact differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// `service/command`.
    pub endpoint: String,
    /// The first page.
    pub page: String,
    /// Its line.
    pub line: usize,
    /// The other page.
    pub other: String,
    /// Its line.
    pub other_line: usize,
    /// What differs.
    pub message: String,
    /// Erratum-style keys of the fact (`request.Silence`, `rate_limit`, `errors.10010`).
    pub keys: Vec<String>,
    /// The `at:` of the endpoint's erratum that records which page wins, if one does.
    pub explained_by: Option<String>,
}

/// The audit's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audit {
    /// Disagreements with the spec, in page order.
    pub findings: Vec<Finding>,
    /// Pages whose endpoint the spec lacks: (page, `service/command`).
    pub missing: Vec<(String, String)>,
    /// Pages that document no single endpoint (index pages, webhooks, guides).
    pub not_endpoints: Vec<String>,
    /// Newest pages of one endpoint (each language's, and pages of the same date) that disagree
    /// with each other.
    pub conflicts: Vec<Conflict>,
    /// Disagreements of older pages with the spec: a newer page of the endpoint in the same
    /// language is the one held against the spec.
    pub older: Vec<Finding>,
    /// Older pages of audited endpoints.
    pub older_pages: usize,
    /// Endpoint pages with no date, counted as the oldest of their endpoint and language.
    pub undated: Vec<String>,
    /// Every page of an audited endpoint: (page, `service/command`, whether it is the newest of
    /// its language, i.e. held against the spec).
    pub audited_pages: Vec<(String, String, bool)>,

    /// Pages read.
    pub pages: usize,
    /// Distinct endpoints compared.
    pub endpoints: usize,
    /// Facts compared (page against spec).
    pub compared: usize,
}

impl Audit {
    /// Findings an erratum explains.
    pub fn explained(&self) -> usize {
        self.findings.iter().filter(|f| f.explained_by.is_some()).count()
    }

    /// Findings no erratum explains.
    pub fn unexplained(&self) -> usize {
        self.findings.len() - self.explained()
    }

    /// Conflicts between pages no erratum records.
    pub fn unexplained_conflicts(&self) -> usize {
        self.conflicts.iter().filter(|c| c.explained_by.is_none()).count()
    }

    /// Facts on which page and spec agree.
    pub fn agreeing(&self) -> usize {
        self.compared.saturating_sub(self.findings.len())
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        format!(
            "audit: {} pages read, {} endpoints audited, {} facts compared, {} agreeing, {} explained, {} unexplained; {} disagreement(s) of {} older page(s) with the spec, {} undated page(s) counted as oldest; {} page(s) of endpoints not in the spec, {} page(s) documenting no single endpoint, {} conflict(s) between pages ({} unexplained)",
            self.pages,
            self.endpoints,
            self.compared,
            self.agreeing(),
            self.explained(),
            self.unexplained(),
            self.older.len(),
            self.older_pages,
            self.undated.len(),
            self.missing.len(),
            self.not_endpoints.len(),
            self.conflicts.len(),
            self.unexplained_conflicts()
        )
    }

    /// One line per finding, then the pages the spec lacks, the conflicts between pages, and the
    /// summary. Stable and greppable: `grep -v explained` keeps what needs work.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&format!(
                "spec/{}:{}: page {}:{}: {}",
                f.spec_file, f.spec_line, f.page, f.page_line, f.message
            ));
            match &f.explained_by {
                Some(at) => out.push_str(&format!(" [explained: erratum at {at}]\n")),
                None => out.push('\n'),
            }
        }
        for f in &self.older {
            out.push_str(&format!(
                "older: spec/{}:{}: page {}:{}: {} [superseded by {}]\n",
                f.spec_file,
                f.spec_line,
                f.page,
                f.page_line,
                f.message,
                f.superseded_by.as_deref().unwrap_or_default()
            ));
        }
        for page in &self.undated {
            out.push_str(&format!("page {page}: undated; counted as the oldest page of its endpoint\n"));
        }
        for (page, path) in &self.missing {
            out.push_str(&format!("page {page}: v4/{path} is not in the spec\n"));
        }
        for c in &self.conflicts {
            out.push_str(&format!(
                "page {}:{}: page {}:{}: v4/{}: the pages disagree: {}",
                c.page, c.line, c.other, c.other_line, c.endpoint, c.message
            ));
            match &c.explained_by {
                Some(at) => out.push_str(&format!(" [explained: erratum at {at}]\n")),
                None => out.push('\n'),
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The same as one JSON object.
    pub fn render_json(&self) -> String {
        use serde_json::{Value, json};
        let finding = |f: &Finding| {
            json!({
                "endpoint": f.endpoint, "spec": format!("spec/{}", f.spec_file), "spec_line": f.spec_line,
                "page": f.page, "page_line": f.page_line, "keys": f.keys, "message": f.message,
                "explained_by": f.explained_by, "superseded_by": f.superseded_by,
            })
        };
        let findings: Vec<Value> = self.findings.iter().map(finding).collect();
        let older: Vec<Value> = self.older.iter().map(finding).collect();
        let missing: Vec<Value> = self.missing.iter().map(|(p, e)| json!({"page": p, "endpoint": e})).collect();
        let conflicts: Vec<Value> = self
            .conflicts
            .iter()
            .map(|c| {
                json!({"endpoint": c.endpoint, "page": c.page, "line": c.line, "other": c.other,
                       "other_line": c.other_line, "keys": c.keys, "message": c.message,
                       "explained_by": c.explained_by})
            })
            .collect();
        let v = json!({
            "findings": findings,
            "missing": missing,
            "not_endpoints": self.not_endpoints,
            "conflicts": conflicts,
            "older": older,
            "audited_pages": self.audited_pages.iter().map(|(p, e, newest)| json!({"page": p, "endpoint": e, "newest": newest})).collect::<Vec<_>>(),
            "undated": self.undated,
            "summary": {
                "pages": self.pages, "endpoints": self.endpoints, "compared": self.compared,
                "agreeing": self.agreeing(), "explained": self.explained(), "unexplained": self.unexplained(),
                "older_pages": self.older_pages, "older_disagreements": self.older.len(),
                "undated": self.undated.len(), "conflicts": self.conflicts.len(),
                "unexplained_conflicts": self.unexplained_conflicts(),
            },
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// A field of one side, flattened: where it sits and what is said of it.
#[derive(Clone, Debug)]
struct Flat {
    /// `request.A.B`.
    key: String,
    /// `request.A`.
    parent: String,
    wire: String,
    class: Class,
    /// None: not stated.
    required: Option<bool>,
    limits: Vec<(String, i64)>,
    /// Other keys an erratum may use for it (`types.T.B`).
    aliases: Vec<String>,
    /// The class the page's samples show, where it contradicts the table's.
    sample: Option<Class>,
    /// What the page's description implies of the value's range (values it lists).
    implied: super::limits::Implied,
    line: usize,
}

const MAX_DEPTH: usize = 12;

fn spec_class(spec: &Spec, service: &str, ty: &Type) -> Class {
    match ty {
        Type::String => Class::Str,
        // A flag is 0 or 1 on the wire: the pages call it an integer.
        Type::Integer | Type::Number | Type::Flag => Class::Int,
        Type::Bool => Class::Bool,
        Type::Json => Class::Any,
        Type::Array(t) => Class::Arr(Box::new(spec_class(spec, service, t))),
        Type::Map(_) => Class::Obj,
        Type::Named(r) => match spec.type_def(service, r).map(|d| &d.kind) {
            Some(TypeKind::Enum { repr, .. }) => {
                if matches!(repr, crate::model::EnumRepr::String) {
                    Class::Str
                } else {
                    Class::Int
                }
            }
            Some(_) => Class::Obj,
            None => Class::Any,
        },
    }
}

fn spec_fields(spec: &Spec, e: &Endpoint, side: &str) -> Vec<Flat> {
    let mut out = Vec::new();
    let fields = if side == "request" { &e.request } else { &e.response };
    spec_walk(spec, &e.service, fields, side, None, &mut out, 0);
    out
}

fn spec_walk(
    spec: &Spec,
    service: &str,
    fields: &[crate::model::Field],
    parent: &str,
    in_type: Option<&str>,
    out: &mut Vec<Flat>,
    depth: usize,
) {
    for f in fields {
        let key = format!("{parent}.{}", f.wire);
        let l = &f.limits;
        let mut limits: Vec<(String, i64)> = Vec::new();
        let as_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        for (k, v) in [
            ("min_items", l.min_items.map(as_i64)),
            ("max_items", l.max_items.map(as_i64)),
            ("max_bytes", l.max_bytes.map(as_i64)),
            ("item_max_bytes", l.item_max_bytes.map(as_i64)),
            ("min", l.min),
            ("max", l.max),
        ] {
            if let Some(v) = v {
                limits.push((k.to_string(), v));
            }
        }
        out.push(Flat {
            key: key.clone(),
            parent: parent.to_string(),
            wire: f.wire.clone(),
            class: spec_class(spec, service, &f.ty),
            required: Some(f.required),
            limits,
            aliases: in_type.map(|t| format!("types.{t}.{}", f.wire)).into_iter().collect(),
            sample: None,
            implied: Default::default(),
            line: 0,
        });
        if depth >= MAX_DEPTH {
            continue;
        }
        if let Some(r) = f.ty.named() {
            if let Some(def) = spec.type_def(service, r) {
                match &def.kind {
                    TypeKind::Struct(inner) => spec_walk(spec, service, inner, &key, Some(&def.name), out, depth + 1),
                    // A union's objects are its tag and its content, whatever the variant.
                    TypeKind::Union { tag, content, .. } => {
                        for (wire, class) in [(tag, Class::Str), (content, Class::Any)] {
                            out.push(Flat {
                                key: format!("{key}.{wire}"),
                                parent: key.clone(),
                                wire: wire.clone(),
                                class,
                                required: None,
                                limits: Vec::new(),
                                aliases: vec![format!("types.{}.{wire}", def.name)],
                                sample: None,
                                implied: Default::default(),
                                line: 0,
                            });
                        }
                    }
                    TypeKind::Enum { .. } => {}
                }
            }
        }
    }
}

/// A page's table fields as the comparison takes them.
fn page_fields(st: &Stated, side: &str) -> Vec<Flat> {
    st.fields(side)
        .iter()
        .map(|f: &StatedField| Flat {
            key: f.key.clone(),
            parent: f.parent().to_string(),
            wire: f.wire.clone(),
            class: f.class.clone(),
            sample: f.sample.clone(),
            implied: super::limits::Implied { values: f.values.clone(), range: f.range },
            required: f.required,
            limits: f.limits.clone(),
            aliases: Vec::new(),
            line: f.line,
        })
        .collect()
}

/// Lines of the keys of one spec file, found in its text.
struct SpecText<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SpecText<'a> {
    fn new(text: &'a str) -> SpecText<'a> {
        SpecText { lines: text.lines().collect() }
    }

    /// The line of top-level key `key:`.
    fn top(&self, key: &str) -> Option<usize> {
        let want = format!("{key}:");
        self.lines.iter().position(|l| l.starts_with(&want)).map(|i| i + 1)
    }

    /// The first line from `from` (1-based) holding `wire: NAME` before the next top-level key.
    fn wire_after(&self, from: usize, name: &str, stop_at_top: bool) -> Option<usize> {
        let rest = self.lines.get(from..)?;
        for (k, l) in rest.iter().enumerate() {
            if stop_at_top && !l.is_empty() && !l.starts_with([' ', '#', '-']) {
                return None;
            }
            if let Some(at) = l.find("wire:") {
                let v = l.get(at + 5..).unwrap_or_default().trim_start();
                let v = v.trim_start_matches(['"', '\'']);
                let word: String = v.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if word == name {
                    return Some(from + k + 1);
                }
            }
        }
        None
    }

    /// The line of `  NAME:` under `types:`.
    fn type_line(&self, name: &str) -> Option<usize> {
        let start = self.top("types")?;
        let want = format!("  {name}:");
        self.lines.get(start..)?.iter().position(|l| l.starts_with(&want)).map(|i| start + i + 1)
    }

    /// The line that best places a fact key.
    fn line_of(&self, spec: &Spec, e: &Endpoint, key: &str) -> usize {
        let mut parts = key.split('.');
        let head = parts.next().unwrap_or_default();
        let fallback = self.top(head).unwrap_or(1);
        match head {
            "request" | "response" => {
                let names: Vec<&str> = parts.collect();
                let mut fields = if head == "request" { &e.request } else { &e.response };
                let mut line = fallback;
                let mut in_type: Option<String> = None;
                for n in names {
                    let found = match &in_type {
                        None => self.wire_after(fallback, n, true),
                        Some(t) => self.type_line(t).and_then(|tl| self.wire_after(tl, n, true)),
                    };
                    match found {
                        Some(l) => line = l,
                        None => break,
                    }
                    let Some(f) = fields.iter().find(|f| f.wire == n) else { break };
                    let Some(def) = f.ty.named().and_then(|r| spec.type_def(&e.service, r)) else { break };
                    let TypeKind::Struct(inner) = &def.kind else { break };
                    fields = inner;
                    in_type = Some(def.name.clone());
                }
                line
            }
            "errors" => {
                let code = parts.next().unwrap_or_default();
                let want = format!("code: {code}");
                self.lines.iter().position(|l| l.contains(&want)).map_or(self.top("errors").unwrap_or(1), |i| i + 1)
            }
            _ => fallback,
        }
    }
}

/// What an endpoint's errata cover: a field's erratum (`request.A.B`) that field's facts only, so
/// that an erratum about a list does not hide a disagreement about one of its members; a type's
/// (`types.T`) and one at `examples` everything under them.
fn explains(e: &Endpoint, keys: &[String]) -> Option<String> {
    e.errata.iter().map(|x| x.at.trim()).find_map(|at| {
        let covers_below = !(at.starts_with("request.") || at.starts_with("response."));
        keys.iter()
            .any(|k| k == at || covers_below && k.strip_prefix(at).is_some_and(|r| r.starts_with('.')))
            .then(|| at.to_string())
    })
}

fn noun(side: &str) -> &'static str {
    if side == "request" { "request" } else { "reply" }
}

/// A key without its side: `request.A.B` -> `A.B`.
fn short(key: &str) -> &str {
    key.split_once('.').map_or(key, |(_, rest)| rest)
}

/// Comparable word for a wire name: case and underscores left out.
fn fold(wire: &str) -> String {
    wire.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// A disagreement before it is placed in the spec file.
struct Raw {
    keys: Vec<String>,
    page_line: usize,
    message: String,
}

/// Compares one side's fields. Returns facts compared.
fn compare_fields(page: &[Flat], shown: &BTreeSet<String>, spec: &[Flat], side: &str, out: &mut Vec<Raw>) -> usize {
    if page.is_empty() {
        // The page has no field table on this side: nothing stated to compare.
        return 0;
    }
    let mut compared = 0;
    let spec_by_key: BTreeMap<&str, &Flat> = spec.iter().map(|f| (f.key.as_str(), f)).collect();
    let page_by_key: BTreeMap<&str, &Flat> = page.iter().map(|f| (f.key.as_str(), f)).collect();
    // Parents whose children the page describes.
    let described: BTreeSet<&str> = std::iter::once(side).chain(page.iter().map(|f| f.parent.as_str())).collect();
    let mut page_only: Vec<&Flat> = Vec::new();
    let mut spec_only: Vec<&Flat> = Vec::new();
    for p in page {
        // Under a field the spec lacks: already reported with its parent.
        if !spec_by_key.contains_key(p.parent.as_str()) && p.parent != side {
            continue;
        }
        compared += 1;
        match spec_by_key.get(p.key.as_str()) {
            Some(s) => compare_one(p, s, side, out, &mut compared),
            None => page_only.push(p),
        }
    }
    for s in spec {
        if page_by_key.contains_key(s.key.as_str()) || !described.contains(s.parent.as_str()) {
            continue;
        }
        if !page_by_key.contains_key(s.parent.as_str()) && s.parent != side {
            continue;
        }
        compared += 1;
        // Not in the page's table but in its samples: the page shows it.
        if !shown.contains(&s.key) {
            spec_only.push(s);
        }
    }
    // Pair what is left: a wire name spelt differently, a field at another place, or simply missing.
    // A spec field is named by its key and by its type's (`types.T.F`), so errata may use either.
    let named = |s: &Flat| -> Vec<String> { std::iter::once(s.key.clone()).chain(s.aliases.iter().cloned()).collect() };
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut leftover_page: Vec<&Flat> = Vec::new();
    for p in &page_only {
        let same_parent = spec_only.iter().find(|s| s.parent == p.parent && fold(&s.wire) == fold(&p.wire));
        let elsewhere = spec.iter().find(|s| s.wire == p.wire && s.parent != p.parent);
        if let Some(s) = same_parent {
            used.insert(s.key.clone());
            compared = compared.saturating_sub(1);
            out.push(Raw {
                keys: std::iter::once(p.key.clone()).chain(named(s)).collect(),
                page_line: p.line,
                message: format!(
                    "{} field {}: wire name `{}` on the page, `{}` in the spec",
                    noun(side),
                    short(&s.key),
                    p.wire,
                    s.wire
                ),
            });
        } else if let Some(s) = elsewhere {
            used.insert(s.key.clone());
            out.push(Raw {
                keys: std::iter::once(p.key.clone()).chain(named(s)).collect(),
                page_line: p.line,
                message: format!(
                    "{} field {}: nesting: the page has it at {}, the spec at {}",
                    noun(side),
                    p.wire,
                    p.key,
                    s.key
                ),
            });
        } else {
            leftover_page.push(p);
        }
    }
    let spec_left: Vec<&&Flat> = spec_only.iter().filter(|s| !used.contains(&s.key)).collect();
    for p in &leftover_page {
        let siblings: Vec<&str> = spec_left.iter().filter(|s| s.parent == p.parent).map(|s| s.wire.as_str()).collect();
        let mut keys = vec![p.key.clone()];
        keys.extend(spec_left.iter().filter(|s| s.parent == p.parent).flat_map(|s| named(s)));
        let tail = if siblings.is_empty() { String::new() } else { format!("; the spec has {}", siblings.join(", ")) };
        out.push(Raw {
            keys,
            page_line: p.line,
            message: format!("{} field {} missing{tail}", noun(side), p.key.split_once('.').map_or("", |x| x.1)),
        });
    }
    for s in spec_left {
        if leftover_page.iter().any(|p| p.parent == s.parent) {
            continue;
        }
        let line = page_by_key.get(s.parent.as_str()).map_or_else(|| page.first().map_or(0, |f| f.line), |f| f.line);
        out.push(Raw {
            keys: named(s),
            page_line: line,
            message: format!(
                "{} field {} is in the spec but not on the page",
                noun(side),
                s.key.split_once('.').map_or("", |x| x.1)
            ),
        });
    }
    compared
}

/// One field on both sides: type, required flag, limits.
fn compare_one(p: &Flat, s: &Flat, side: &str, out: &mut Vec<Raw>, compared: &mut usize) {
    let what = format!("{} field {}", noun(side), s.key.split_once('.').map_or("", |x| x.1));
    let mut push = |message: String| {
        let mut keys = vec![s.key.clone()];
        keys.extend(s.aliases.iter().cloned());
        out.push(Raw { keys, page_line: p.line, message });
    };
    *compared += 1;
    if !p.class.agrees(&s.class) {
        let sample = p.sample.as_ref().map_or(String::new(), |c| format!(" (its sample shows {})", c.name()));
        push(format!("{what}: type {} on the page{sample}, {} in the spec", p.class.name(), s.class.name()));
    }
    if let (Some(pr), Some(sr)) = (p.required, s.required) {
        *compared += 1;
        if pr != sr && side == "request" {
            let word = |r: bool| if r { "required" } else { "optional" };
            push(format!("{what}: {} on the page, {} in the spec", word(pr), word(sr)));
        }
    }
    if side != "request" {
        return;
    }
    let keys: BTreeSet<&str> = p.limits.iter().chain(&s.limits).map(|(k, _)| k.as_str()).collect();
    for k in keys {
        *compared += 1;
        let pv = p.limits.iter().find(|(x, _)| x == k).map(|(_, v)| *v);
        let sv = s.limits.iter().find(|(x, _)| x == k).map(|(_, v)| *v);
        match (pv, sv) {
            (Some(a), Some(b)) if a != b => push(format!("{what}: limit {k} {a} on the page, {b} in the spec")),
            (Some(a), None) => push(format!("{what}: limit {k} {a} on the page; the spec has none")),
            (None, Some(b)) if implied_agrees(&p.implied, k, b) => {}
            (None, Some(b)) => push(format!("{what}: limit {k} {b} in the spec; the page states none")),
            _ => {}
        }
    }
}

/// Whether a value bound the page does not state is what its description implies: the bound of
/// the integer type it names ("32-bit unsigned"), or the values it lists, taken as a range that
/// may reach one past them (`1`: pull recalled messages, otherwise not: 0..=1).
fn implied_agrees(i: &super::limits::Implied, limit: &str, bound: i64) -> bool {
    let (lo, hi) = (i.values.first().copied(), i.values.last().copied());
    match limit {
        "min" => i.range.is_some_and(|r| r.0 == bound) || lo.is_some_and(|v| bound == v || bound == v - 1),
        "max" => i.range.is_some_and(|r| r.1 == bound) || hi.is_some_and(|v| bound == v || bound == v + 1),
        _ => false,
    }
}

/// Everything else: rate, edition, group types, error codes.
fn compare_rest(spec: &Spec, e: &Endpoint, d: &Stated, out: &mut Vec<Raw>) -> usize {
    let line = |k: &str| d.line(k);
    let mut compared = 0;
    let spec_rate = e.rate_limit.as_ref().map(|r| (r.calls, r.per.name().to_string()));
    if let Some((n, per)) = &d.rate_limit {
        compared += 1;
        match &spec_rate {
            Some((sn, sp)) if sn == n && sp == per => {}
            Some((sn, sp)) => out.push(Raw {
                keys: vec!["rate_limit".into()],
                page_line: line("rate_limit"),
                message: format!("rate {n}/{per} on the page, {sn}/{sp} in the spec"),
            }),
            None => out.push(Raw {
                keys: vec!["rate_limit".into()],
                page_line: line("rate_limit"),
                message: format!("rate {n}/{per} on the page; the spec states none"),
            }),
        }
    }
    // The page's address (stated, or as other pages link to it) against `docs`: the same
    // document whatever the site (intl.cloud.tencent.com, tencentcloud.com, trtc.io).
    if let Some(docs) = &d.docs {
        compared += 1;
        let doc_id = |u: &str| -> String {
            u.split(['?', '#'])
                .next()
                .unwrap_or_default()
                .rsplit('/')
                .find(|s| !s.is_empty())
                .unwrap_or_default()
                .to_string()
        };
        if doc_id(docs) != doc_id(&e.docs) {
            out.push(Raw {
                keys: vec!["docs".into()],
                page_line: 1,
                message: format!("address {docs} for the page, {} in the spec", e.docs),
            });
        }
    }
    let spec_edition = e.edition.map(|x| x.name().to_string());
    if let Some(ed) = &d.edition {
        compared += 1;
        if spec_edition.as_deref() != Some(ed.as_str()) {
            out.push(Raw {
                keys: vec!["edition".into()],
                page_line: line("edition"),
                message: format!("edition {ed} on the page, {} in the spec", spec_edition.as_deref().unwrap_or("none")),
            });
        }
    }
    if let Some(page_types) = &d.group_types {
        let all: BTreeSet<&String> = page_types.iter().chain(&e.group_types).collect();
        for g in all {
            compared += 1;
            let (on_page, in_spec) = (page_types.contains(g), e.group_types.contains(g));
            if on_page != in_spec {
                let (a, b) =
                    if on_page { ("on the page", "not in the spec") } else { ("in the spec", "not on the page") };
                out.push(Raw {
                    keys: vec!["group_types".into()],
                    page_line: line("group_types"),
                    message: format!("group type {g} {a}, {b}"),
                });
            }
        }
    }
    if !d.codes.is_empty() {
        let spec_codes: BTreeSet<i64> =
            spec.endpoint_errors(e).map(|c| c.code).chain(spec.common_errors.codes.iter().map(|c| c.code)).collect();
        let page_codes: BTreeSet<i64> = d.codes.iter().copied().collect();
        for c in &page_codes {
            compared += 1;
            if !spec_codes.contains(c) {
                let key = format!("errors.{c}");
                out.push(Raw {
                    page_line: line(&key),
                    keys: vec![key],
                    message: format!("error {c} on the page is not among the spec's codes for this endpoint"),
                });
            }
        }
        for c in e.errors.iter().map(|c| c.code).filter(|c| !page_codes.contains(c)) {
            compared += 1;
            out.push(Raw {
                keys: vec![format!("errors.{c}")],
                page_line: d.codes.first().map_or(0, |c| line(&format!("errors.{c}"))),
                message: format!("error {c} of the spec is not on the page"),
            });
        }
    }
    compared
}

/// The spec's examples against the samples of the endpoint's newest pages, whatever their
/// language: each example is one of them (an edited sample needs an erratum at `examples`).
fn compare_examples(spec: &Spec, e: &Endpoint, pages: &[(&str, &Stated)], text: &SpecText) -> (usize, Vec<Finding>) {
    let mut compared = 0;
    let mut out = Vec::new();
    for side in ["request", "response"] {
        let samples: Vec<(&str, &String, usize)> = pages
            .iter()
            .flat_map(|(name, st)| st.samples.get(side).into_iter().flatten().map(move |(d, l)| (*name, d, *l)))
            .collect();
        let Some(&(first_page, _, first_line)) = samples.first() else { continue };
        let examples =
            e.examples.iter().filter_map(|x| if side == "request" { &x.request } else { &x.response }.as_ref());
        for example in examples {
            compared += 1;
            let digest = super::stated::digest_of(example);
            if samples.iter().any(|(_, d, _)| Some(*d) == digest.as_ref()) {
                continue;
            }
            let keys = vec![format!("examples.{side}")];
            out.push(Finding {
                endpoint: e.path(),
                spec_file: e.file.clone(),
                spec_line: text.line_of(spec, e, "examples"),
                page: first_page.to_string(),
                page_line: first_line.max(1),
                explained_by: explains(e, &keys),
                keys,
                message: format!(
                    "{} example of the spec is none of the {} {} sample(s) of the endpoint's newest pages",
                    noun(side),
                    samples.len(),
                    noun(side)
                ),
                superseded_by: None,
            });
        }
    }
    (compared, out)
}

/// A page to audit: its name, its date (`YYYY-MM-DD`: the last commit of its file, or what the
/// page states) and what it states (none when the page gave no draft).
#[derive(Clone, Debug)]
pub struct AuditPage {
    /// The page, as named in findings.
    pub name: String,
    /// When it was last changed; undated pages count as the oldest.
    pub date: Option<String>,
    /// What the page states about its endpoint.
    pub stated: Option<Stated>,
}

impl AuditPage {
    /// A page as imported.
    pub fn new(name: String, date: Option<String>, import: Option<&Import>) -> AuditPage {
        AuditPage { name, date, stated: import.map(Stated::of) }
    }
}

/// The language of a page, from its file name's last `_xx` part (`..._intl_en.md`, `..._zh.md`):
/// the newest page of each language is the one held against the spec.
pub fn page_language(name: &str) -> &'static str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let tag = stem.rsplit_once('_').map_or("", |(_, t)| t).to_ascii_lowercase();
    LANGUAGE_TAGS.iter().find(|(t, _)| *t == tag).map_or("und", |(_, l)| l)
}

/// File-name tags and the language they mean.
const LANGUAGE_TAGS: &[(&str, &str)] = &[
    ("en", "en"),
    ("zh", "zh"),
    ("cn", "zh"),
    ("jp", "ja"),
    ("ja", "ja"),
    ("ko", "ko"),
    ("kr", "ko"),
    ("ru", "ru"),
    ("id", "id"),
];

/// Audits `pages` (name, import or none when the page gave no draft) against `spec`, each page
/// dated by what it states (`Facts::updated`).
pub fn audit(spec: &Spec, files: &[SourceFile], pages: &[(String, Option<Import>)]) -> Audit {
    let pages: Vec<AuditPage> = pages
        .iter()
        .map(|(name, import)| {
            AuditPage::new(name.clone(), import.as_ref().and_then(|i| i.facts.updated.clone()), import.as_ref())
        })
        .collect();
    audit_pages(spec, files, &pages)
}

/// For each (endpoint path, language) of `pages`: the newest date and the first page of that
/// date. None (undated) sorts first, so is oldest.
pub(crate) fn newest_pages<'a>(
    pages: impl IntoIterator<Item = (&'a AuditPage, &'a str)>,
) -> BTreeMap<(&'a str, &'static str), (Option<&'a str>, &'a str)> {
    let mut newest: BTreeMap<(&str, &str), (Option<&str>, &str)> = BTreeMap::new();
    for (p, path) in pages {
        let slot = newest.entry((path, page_language(&p.name))).or_insert((p.date.as_deref(), &p.name));
        if p.date.as_deref() > slot.0 {
            *slot = (p.date.as_deref(), &p.name);
        }
    }
    newest
}

/// Audits dated pages against `spec`, whose source files give the findings' lines. Newest wins:
/// for an endpoint, the newest page of each language is held against the spec (pages of the
/// same newest date all are); an older page's disagreements go to `Audit::older`, and only
/// the newest pages are compared with each other.
pub fn audit_pages(spec: &Spec, files: &[SourceFile], pages: &[AuditPage]) -> Audit {
    let mut a = Audit { pages: pages.len(), ..Audit::default() };
    let texts: BTreeMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect();
    let mut endpoint_pages: Vec<(&AuditPage, &Stated, &Endpoint)> = Vec::new();
    for p in pages {
        let Some(i) = p.stated.as_ref().filter(|s| s.documents) else {
            a.not_endpoints.push(p.name.clone());
            continue;
        };
        let Some(e) = spec.endpoint(&i.path) else {
            a.missing.push((p.name.clone(), i.path.clone()));
            continue;
        };
        if p.date.is_none() {
            a.undated.push(p.name.clone());
        }
        endpoint_pages.push((p, i, e));
    }
    let newest = newest_pages(endpoint_pages.iter().map(|(p, i, _)| (*p, i.path.as_str())));
    let mut current: BTreeMap<String, Vec<(&str, &Stated)>> = BTreeMap::new();
    let mut audited: BTreeSet<String> = BTreeSet::new();
    for (p, i, e) in &endpoint_pages {
        let (top, top_name) = newest[&(i.path.as_str(), page_language(&p.name))];
        let superseded = (p.date.as_deref() < top).then(|| top_name.to_string());
        audited.insert(e.path());
        a.audited_pages.push((p.name.clone(), e.path(), superseded.is_none()));
        if superseded.is_none() {
            current.entry(e.path()).or_default().push((&p.name, i));
        }
        let mut raw = Vec::new();
        let mut compared = 0;
        for side in ["request", "response"] {
            let shown = i.shown(side);
            compared += compare_fields(&page_fields(i, side), &shown, &spec_fields(spec, e, side), side, &mut raw);
        }
        compared += compare_rest(spec, e, i, &mut raw);
        if superseded.is_none() {
            a.compared += compared;
        } else {
            a.older_pages += 1;
        }
        let text = SpecText::new(texts.get(e.file.as_str()).copied().unwrap_or_default());
        for r in raw {
            let spec_key = r.keys.get(1).or(r.keys.first()).map_or("", String::as_str);
            let spec_line = text.line_of(spec, e, spec_key);
            let f = Finding {
                endpoint: e.path(),
                spec_file: e.file.clone(),
                spec_line,
                page: p.name.clone(),
                page_line: r.page_line.max(1),
                explained_by: explains(e, &r.keys),
                keys: r.keys,
                message: r.message,
                superseded_by: superseded.clone(),
            };
            if superseded.is_some() { a.older.push(f) } else { a.findings.push(f) }
        }
    }
    a.endpoints = audited.len();
    for (path, list) in &current {
        if let Some(e) = spec.endpoint(path) {
            let text = SpecText::new(texts.get(e.file.as_str()).copied().unwrap_or_default());
            let (compared, found) = compare_examples(spec, e, list, &text);
            a.compared += compared;
            a.findings.extend(found);
        }
    }
    for (path, list) in &current {
        for (x, (na, ia)) in list.iter().enumerate() {
            for (nb, ib) in list.iter().skip(x + 1) {
                let found = between(path, na, ia, nb, ib);
                let e = spec.endpoint(path);
                a.conflicts.extend(found.into_iter().map(|mut c| {
                    c.explained_by = e.and_then(|e| explains(e, &c.keys));
                    c
                }));
            }
        }
    }
    a
}

/// Facts two pages of one endpoint both state, and state differently.
fn between(path: &str, na: &str, a: &Stated, nb: &str, b: &Stated) -> Vec<Conflict> {
    let mut out = Vec::new();
    let mut push = |key: &str, la: usize, lb: usize, message: String| {
        out.push(Conflict {
            endpoint: path.to_string(),
            page: na.to_string(),
            line: la.max(1),
            other: nb.to_string(),
            other_line: lb.max(1),
            message,
            keys: vec![key.to_string()],
            explained_by: None,
        });
    };
    for side in ["request", "response"] {
        let (fa, fb) = (page_fields(a, side), page_fields(b, side));
        if fa.is_empty() || fb.is_empty() {
            continue;
        }
        let mb: BTreeMap<&str, &Flat> = fb.iter().map(|f| (f.key.as_str(), f)).collect();
        let ma: BTreeMap<&str, &Flat> = fa.iter().map(|f| (f.key.as_str(), f)).collect();
        // One name spelt two ways ("GroupID", "GroupId") is one difference, not two.
        let respelt = |f: &Flat, other: &[Flat], by_key: &BTreeMap<&str, &Flat>| {
            other
                .iter()
                .find(|g| g.parent == f.parent && g.wire != f.wire && fold(&g.wire) == fold(&f.wire))
                .filter(|g| !by_key.contains_key(g.key.as_str()))
                .map(|g| (g.line, g.wire.clone()))
        };
        for f in &fa {
            match mb.get(f.key.as_str()) {
                None => match respelt(f, &fb, &ma) {
                    Some((line, other)) => push(
                        &f.key,
                        f.line,
                        line,
                        format!("{} field {}: wire name `{}` against `{other}`", noun(side), short(&f.key), f.wire),
                    ),
                    None => push(
                        &f.key,
                        f.line,
                        fb.first().map_or(0, |x| x.line),
                        format!("{} field {} only on the first", noun(side), short(&f.key)),
                    ),
                },
                Some(g) => {
                    if !f.class.agrees(&g.class) {
                        push(
                            &f.key,
                            f.line,
                            g.line,
                            format!(
                                "{} field {}: type {} against {}",
                                noun(side),
                                short(&f.key),
                                f.class.name(),
                                g.class.name()
                            ),
                        );
                    }
                    if let (Some(x), Some(y)) = (f.required, g.required) {
                        if x != y && side == "request" {
                            push(
                                &f.key,
                                f.line,
                                g.line,
                                format!("{} field {}: required {x} against {y}", noun(side), short(&f.key)),
                            );
                        }
                    }
                    for (k, v) in &f.limits {
                        if let Some((_, w)) = g.limits.iter().find(|(x, _)| x == k) {
                            if v != w {
                                push(
                                    &f.key,
                                    f.line,
                                    g.line,
                                    format!("{} field {}: limit {k} {v} against {w}", noun(side), short(&f.key)),
                                );
                            }
                        }
                    }
                }
            }
        }
        for g in &fb {
            if !ma.contains_key(g.key.as_str()) && respelt(g, &fa, &mb).is_none() {
                push(
                    &g.key,
                    fa.first().map_or(0, |x| x.line),
                    g.line,
                    format!("{} field {} only on the second", noun(side), short(&g.key)),
                );
            }
        }
    }
    let line = |i: &Stated, k: &str| i.line(k);
    if let (Some(x), Some(y)) = (&a.rate_limit, &b.rate_limit) {
        if x != y {
            push(
                "rate_limit",
                line(a, "rate_limit"),
                line(b, "rate_limit"),
                format!("rate {}/{} against {}/{}", x.0, x.1, y.0, y.1),
            );
        }
    }
    if let (Some(x), Some(y)) = (&a.edition, &b.edition) {
        if x != y {
            push("edition", line(a, "edition"), line(b, "edition"), format!("edition {x} against {y}"));
        }
    }
    if let (Some(x), Some(y)) = (&a.group_types, &b.group_types) {
        let (x, y): (BTreeSet<_>, BTreeSet<_>) = (x.iter().collect(), y.iter().collect());
        if x != y {
            push(
                "group_types",
                line(a, "group_types"),
                line(b, "group_types"),
                format!("group types {x:?} against {y:?}"),
            );
        }
    }
    if !a.codes.is_empty() && !b.codes.is_empty() {
        let x: BTreeSet<i64> = a.codes.iter().copied().collect();
        let y: BTreeSet<i64> = b.codes.iter().copied().collect();
        // The other page's line: where its error table starts.
        let first_error = |i: &Stated| i.codes.iter().map(|c| line(i, &format!("errors.{c}"))).min();
        let (ea, eb) = (first_error(a).unwrap_or(0), first_error(b).unwrap_or(0));
        for c in x.difference(&y) {
            push(&format!("errors.{c}"), line(a, &format!("errors.{c}")), eb, format!("error {c} only on the first"));
        }
        for c in y.difference(&x) {
            push(&format!("errors.{c}"), ea, line(b, &format!("errors.{c}")), format!("error {c} only on the second"));
        }
    }
    out
}
