//! Compares two loaded specs and classifies each change twice: for users of the generated crate
//! (semver: major, minor, patch) and for the API, in one line.
//!
//! Models are compared, not text: reordering keys, fields or files is no change. Every rule agrees
//! with what the generator does: a change is major exactly when code written against the old
//! generated crate may stop compiling or stop working (`tests/tests/diff_semver.rs` compiles such
//! code against the new side to prove it).

mod render;
mod webhooks;

pub use render::{Format, render};

use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Semver level of a change, for users of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Documentation only, or behaviour that cannot break a caller.
    Patch,
    /// Additions: existing code keeps compiling and working.
    Minor,
    /// Breaking: existing code may stop compiling, or calls that worked are now refused or different.
    Major,
}

impl Level {
    /// `major`, `minor`, `patch`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Major => "major",
            Level::Minor => "minor",
            Level::Patch => "patch",
        }
    }

    /// Parses `major` / `minor` / `patch`.
    pub fn parse(s: &str) -> Option<Level> {
        [Level::Major, Level::Minor, Level::Patch].into_iter().find(|l| l.name() == s)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One change between two specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What it belongs to: an endpoint path, `type <Name>`, `common errors`, `regions`, `services`.
    pub scope: String,
    /// Semver level for the crate.
    pub level: Level,
    /// Stable rule identifier, e.g. `request-field-added-required`.
    pub rule: &'static str,
    /// What changed, in one line.
    pub message: String,
}

/// All changes, breaking first within each scope, scopes in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// The highest level present, if anything changed.
    pub fn level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }

    /// How many changes there are of `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Spec, new: &Spec) -> Report {
    let mut d = Differ { out: Vec::new(), old, new, old_inputs: old.input_types(), new_inputs: new.input_types() };
    d.services();
    d.regions();
    d.common_errors();
    d.shared_types();
    d.endpoints();
    d.webhooks();
    let mut changes = d.out;
    changes.sort_by(|a, b| {
        a.scope.cmp(&b.scope).then(b.level.cmp(&a.level)).then(a.rule.cmp(b.rule)).then(a.message.cmp(&b.message))
    });
    changes.dedup();
    Report { changes }
}

struct Differ<'a> {
    out: Vec<Change>,
    old: &'a Spec,
    new: &'a Spec,
    old_inputs: BTreeSet<(String, String)>,
    new_inputs: BTreeSet<(String, String)>,
}

/// Which side of a call a list of fields is on; decides how changes to it are classified.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Built by callers: a request, or a type a request holds.
    Input,
    /// Only read by callers: a reply, or a type only replies hold.
    Output,
}

impl<'a> Differ<'a> {
    fn push(&mut self, scope: &str, level: Level, rule: &'static str, message: impl Into<String>) {
        self.out.push(Change { scope: scope.to_string(), level, rule, message: message.into() });
    }

    fn services(&mut self) {
        let old: BTreeMap<&str, &Service> = self.old.services.iter().map(|s| (s.wire.as_str(), s)).collect();
        let new: BTreeMap<&str, &Service> = self.new.services.iter().map(|s| (s.wire.as_str(), s)).collect();
        for (wire, o) in &old {
            match new.get(wire) {
                None => self.push(
                    "services",
                    Level::Major,
                    "service-removed",
                    format!("service `{wire}` removed (module `{}` is gone)", o.module),
                ),
                Some(n) if n.module != o.module => self.push(
                    "services",
                    Level::Major,
                    "service-module-renamed",
                    format!("service `{wire}`: module `{}` renamed `{}`", o.module, n.module),
                ),
                Some(n) if n.title != o.title || n.doc != o.doc => self.push(
                    "services",
                    Level::Patch,
                    "docs-changed",
                    format!("service `{wire}`: description reworded"),
                ),
                Some(_) => {}
            }
        }
        for (wire, n) in &new {
            if !old.contains_key(wire) {
                self.push(
                    "services",
                    Level::Minor,
                    "service-added",
                    format!("service `{wire}` added (module `{}`)", n.module),
                );
            }
        }
    }

    fn regions(&mut self) {
        let old: BTreeMap<&str, &Region> = self.old.regions.iter().map(|r| (r.name.as_str(), r)).collect();
        let new: BTreeMap<&str, &Region> = self.new.regions.iter().map(|r| (r.name.as_str(), r)).collect();
        for (name, o) in &old {
            match new.get(name) {
                None => self.push(
                    "regions",
                    Level::Major,
                    "region-removed",
                    format!("region `{name}` ({}) removed", o.host),
                ),
                Some(n) if n.host != o.host => self.push(
                    "regions",
                    Level::Patch,
                    "region-host-changed",
                    format!("region `{name}`: host {} -> {}", o.host, n.host),
                ),
                Some(n) if n.doc != o.doc => {
                    self.push("regions", Level::Patch, "docs-changed", format!("region `{name}`: description reworded"))
                }
                Some(_) => {}
            }
        }
        for (name, n) in &new {
            if !old.contains_key(name) {
                self.push("regions", Level::Minor, "region-added", format!("region `{name}` ({}) added", n.host));
            }
        }
    }

    fn common_errors(&mut self) {
        let (old, new) = (self.old, self.new);
        self.codes("common errors", &old.common_errors.codes, &new.common_errors.codes);
        if self.old.common_errors.doc != self.new.common_errors.doc {
            self.push("common errors", Level::Patch, "docs-changed", "description of the common errors reworded");
        }
    }

    fn codes<'c>(
        &mut self,
        scope: &str,
        old: impl IntoIterator<Item = &'c ErrorCode>,
        new: impl IntoIterator<Item = &'c ErrorCode>,
    ) {
        let o: BTreeMap<i64, &ErrorCode> = old.into_iter().map(|c| (c.code, c)).collect();
        let n: BTreeMap<i64, &ErrorCode> = new.into_iter().map(|c| (c.code, c)).collect();
        for (code, oc) in &o {
            let Some(nc) = n.get(code) else {
                self.push(
                    scope,
                    Level::Major,
                    "error-removed",
                    format!("error {code} `{}` removed (its variant `{}` is gone)", oc.name, oc.variant),
                );
                continue;
            };
            if nc.variant != oc.variant {
                self.push(
                    scope,
                    Level::Major,
                    "error-renamed",
                    format!("error {code}: variant `{}` renamed `{}`", oc.variant, nc.variant),
                );
            }
            if nc.retriable != oc.retriable {
                let now = if nc.retriable { "retriable" } else { "not retriable" };
                self.push(
                    scope,
                    Level::Minor,
                    "error-retriable-changed",
                    format!("error {code} `{}` is now {now}", nc.name),
                );
            }
            if nc.meaning != oc.meaning {
                self.push(
                    scope,
                    Level::Patch,
                    "error-reworded",
                    format!("error {code} `{}`: meaning reworded", nc.name),
                );
            }
        }
        for (code, nc) in &n {
            if !o.contains_key(code) {
                let retry = if nc.retriable { ", retriable" } else { "" };
                self.push(
                    scope,
                    Level::Minor,
                    "error-added",
                    format!("error {code} `{}` added{retry}: {}", nc.name, nc.meaning),
                );
            }
        }
    }

    fn shared_types(&mut self) {
        let o: BTreeMap<&str, &TypeDef> = self.old.shared_types.iter().map(|t| (t.name.as_str(), t)).collect();
        let n: BTreeMap<&str, &TypeDef> = self.new.shared_types.iter().map(|t| (t.name.as_str(), t)).collect();
        self.type_maps("", &o, &n);
    }

    /// Compares the named types of one module (`service` "" for the shared one).
    fn type_maps(&mut self, service: &str, o: &BTreeMap<&str, &TypeDef>, n: &BTreeMap<&str, &TypeDef>) {
        let module = if service.is_empty() { "shared".to_string() } else { self.module_of(service) };
        for (name, ot) in o {
            let scope = format!("type {module}::{name}");
            match n.get(name) {
                None => self.push(&scope, Level::Major, "type-removed", format!("type `{name}` removed")),
                Some(nt) => {
                    let key = (service.to_string(), name.to_string());
                    let (was_input, is_input) = (self.old_inputs.contains(&key), self.new_inputs.contains(&key));
                    let side = if was_input || is_input { Side::Input } else { Side::Output };
                    let is_struct = matches!(nt.kind, TypeKind::Struct(_));
                    match (was_input, is_input) {
                        (false, true) if is_struct => self.push(
                            &scope,
                            Level::Minor,
                            "type-now-input",
                            format!("type `{name}` is now used in a request (it gains a constructor and setters)"),
                        ),
                        (true, false) if is_struct => self.push(
                            &scope,
                            Level::Major,
                            "type-now-output",
                            format!("type `{name}` is now only in replies (its constructor and setters are gone)"),
                        ),
                        _ => {}
                    }
                    self.type_def(&scope, ot, nt, side);
                }
            }
        }
        for (name, nt) in n {
            if !o.contains_key(name) {
                let what = match nt.kind {
                    TypeKind::Struct(_) => "struct",
                    TypeKind::Enum { .. } => "enum",
                    TypeKind::Union { .. } => "union",
                };
                self.push(
                    &format!("type {module}::{name}"),
                    Level::Minor,
                    "type-added",
                    format!("{what} `{name}` added"),
                );
            }
        }
    }

    fn module_of(&self, service: &str) -> String {
        self.new
            .services
            .iter()
            .chain(&self.old.services)
            .find(|s| s.wire == service)
            .map_or_else(|| service.to_string(), |s| s.module.clone())
    }

    fn type_def(&mut self, scope: &str, o: &TypeDef, n: &TypeDef, side: Side) {
        if o.doc != n.doc {
            self.push(scope, Level::Patch, "docs-changed", format!("type `{}`: description reworded", n.name));
        }
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(of), TypeKind::Struct(nf)) => self.fields(scope, "field", of, nf, side),
            (TypeKind::Enum { repr: or, values: ov }, TypeKind::Enum { repr: nr, values: nv }) => {
                if or != nr {
                    self.push(
                        scope,
                        Level::Major,
                        "enum-repr-changed",
                        format!("enum `{}` now travels as {}", n.name, repr_name(*nr)),
                    );
                }
                self.enum_values(scope, ov, nv);
            }
            (
                TypeKind::Union { tag: ot, content: oc, variants: ov },
                TypeKind::Union { tag: nt, content: nc, variants: nv },
            ) => {
                if ot != nt || oc != nc {
                    let text = format!(
                        "union `{}` now tagged by `{nt}` with content under `{nc}` (was `{ot}`/`{oc}`)",
                        n.name
                    );
                    self.push(scope, Level::Major, "union-keys-changed", text);
                }
                self.union_variants(scope, ov, nv);
            }
            _ => self.push(
                scope,
                Level::Major,
                "type-kind-changed",
                format!("type `{}` changed between struct, enum and union", n.name),
            ),
        }
    }

    fn union_variants(&mut self, scope: &str, o: &[UnionVariant], n: &[UnionVariant]) {
        let om: BTreeMap<&str, &UnionVariant> = o.iter().map(|v| (v.tag.as_str(), v)).collect();
        let nm: BTreeMap<&str, &UnionVariant> = n.iter().map(|v| (v.tag.as_str(), v)).collect();
        for (tag, ov) in &om {
            let Some(nv) = nm.get(tag) else {
                self.push(
                    scope,
                    Level::Major,
                    "union-variant-removed",
                    format!("variant `{tag}` removed (`{}` is gone)", ov.rust),
                );
                continue;
            };
            if nv.rust != ov.rust {
                self.push(
                    scope,
                    Level::Major,
                    "union-variant-renamed",
                    format!("variant `{tag}`: `{}` renamed `{}`", ov.rust, nv.rust),
                );
            }
            if nv.ty != ov.ty {
                let show = |t: &Option<Type>| t.as_ref().map_or_else(|| "nothing".to_string(), ToString::to_string);
                self.push(
                    scope,
                    Level::Major,
                    "union-variant-type-changed",
                    format!("variant `{tag}`: content {} -> {}", show(&ov.ty), show(&nv.ty)),
                );
            }
            if nv.doc != ov.doc {
                self.push(scope, Level::Patch, "docs-changed", format!("variant `{tag}`: description reworded"));
            }
        }
        for (tag, nv) in &nm {
            if !om.contains_key(tag) {
                self.push(
                    scope,
                    Level::Minor,
                    "union-variant-added",
                    format!("variant `{tag}` added (`{}`; it used to arrive as `Unknown`)", nv.rust),
                );
            }
        }
    }

    fn enum_values(&mut self, scope: &str, o: &[EnumValue], n: &[EnumValue]) {
        let om: BTreeMap<&WireValue, &EnumValue> = o.iter().map(|v| (&v.wire, v)).collect();
        let nm: BTreeMap<&WireValue, &EnumValue> = n.iter().map(|v| (&v.wire, v)).collect();
        for (w, ov) in &om {
            match nm.get(w) {
                None => self.push(
                    scope,
                    Level::Major,
                    "enum-value-removed",
                    format!("value `{w}` removed (variant `{}` is gone)", ov.rust),
                ),
                Some(nv) if nv.rust != ov.rust => self.push(
                    scope,
                    Level::Major,
                    "enum-value-renamed",
                    format!("value `{w}`: variant `{}` renamed `{}`", ov.rust, nv.rust),
                ),
                Some(nv) if nv.doc != ov.doc => {
                    self.push(scope, Level::Patch, "docs-changed", format!("value `{w}`: description reworded"))
                }
                Some(_) => {}
            }
        }
        for (w, nv) in &nm {
            if !om.contains_key(w) {
                self.push(
                    scope,
                    Level::Minor,
                    "enum-value-added",
                    format!("value `{w}` added (variant `{}`)", nv.rust),
                );
            }
        }
    }

    /// Compares two field lists. `what` names them in messages ("request field", "reply field"...).
    fn fields(&mut self, scope: &str, what: &str, o: &[Field], n: &[Field], side: Side) {
        let om: BTreeMap<&str, &Field> = o.iter().map(|f| (f.wire.as_str(), f)).collect();
        let nm: BTreeMap<&str, &Field> = n.iter().map(|f| (f.wire.as_str(), f)).collect();
        let removed: Vec<&Field> = o.iter().filter(|f| !nm.contains_key(f.wire.as_str())).collect();
        let added: Vec<&Field> = n.iter().filter(|f| !om.contains_key(f.wire.as_str())).collect();
        // A field whose JSON key changed but whose Rust name did not: same field, new wire name.
        let mut renamed: BTreeSet<&str> = BTreeSet::new();
        for of in &removed {
            if let Some(nf) = added.iter().find(|nf| nf.rust == of.rust) {
                renamed.insert(of.wire.as_str());
                renamed.insert(nf.wire.as_str());
                self.push(
                    scope,
                    Level::Major,
                    "wire-name-changed",
                    format!("{what} `{}` is now sent as `{}` (Rust name `{}` unchanged)", of.wire, nf.wire, nf.rust),
                );
                self.field(scope, what, of, nf, side);
            }
        }
        for of in removed.iter().filter(|f| !renamed.contains(f.wire.as_str())) {
            let why = match side {
                Side::Input if of.required => "`new` loses a parameter",
                Side::Input => "its setter is gone",
                Side::Output => "the Rust field is gone",
            };
            self.push(scope, Level::Major, "field-removed", format!("{what} `{}` removed ({why})", of.wire));
        }
        for nf in added.iter().filter(|f| !renamed.contains(f.wire.as_str())) {
            let ty = &nf.ty;
            match (side, nf.required) {
                (Side::Input, true) => self.push(
                    scope,
                    Level::Major,
                    "field-added-required",
                    format!("{what} `{}` ({ty}) added, required (`new` gains a parameter)", nf.wire),
                ),
                (Side::Input, false) => self.push(
                    scope,
                    Level::Minor,
                    "field-added-optional",
                    format!("{what} `{}` ({ty}) added, optional", nf.wire),
                ),
                (Side::Output, required) => {
                    let presence = if required { "always present" } else { "optional" };
                    self.push(
                        scope,
                        Level::Minor,
                        "field-added",
                        format!("{what} `{}` ({ty}) added, {presence}", nf.wire),
                    );
                }
            }
        }
        for (wire, of) in &om {
            if let Some(nf) = nm.get(wire) {
                self.field(scope, what, of, nf, side);
            }
        }
    }

    fn field(&mut self, scope: &str, what: &str, o: &Field, n: &Field, side: Side) {
        let wire = &n.wire;
        if o.rust != n.rust {
            self.push(
                scope,
                Level::Major,
                "rust-name-changed",
                format!("{what} `{wire}`: Rust name `{}` renamed `{}`", o.rust, n.rust),
            );
        }
        if o.ty != n.ty {
            self.push(scope, Level::Major, "field-type-changed", format!("{what} `{wire}`: type {} -> {}", o.ty, n.ty));
        }
        match (side, o.required, n.required) {
            (Side::Input, false, true) => self.push(scope, Level::Major, "field-now-required", format!("{what} `{wire}` is now required (`new` gains a parameter)")),
            (Side::Input, true, false) => self.push(
                scope,
                Level::Major,
                "field-now-optional",
                format!("{what} `{wire}` is now optional: the API accepts more, but `new` loses the parameter and the field becomes an `Option`"),
            ),
            (Side::Output, false, true) => self.push(scope, Level::Major, "field-now-always-present", format!("{what} `{wire}` is now always present (its Rust type loses the `Option`)")),
            (Side::Output, true, false) => self.push(scope, Level::Major, "field-now-optional", format!("{what} `{wire}` may now be absent (its Rust type becomes an `Option`)")),
            _ => {}
        }
        if o.doc != n.doc {
            self.push(scope, Level::Patch, "docs-changed", format!("{what} `{wire}`: description reworded"));
        }
        if o.dedup != n.dedup {
            let now = if n.dedup { "is now the de-duplication key" } else { "is no longer the de-duplication key" };
            self.push(scope, Level::Patch, "dedup-changed", format!("{what} `{wire}` {now}"));
        }
        if side == Side::Input {
            self.limits(scope, what, wire, &o.limits, &n.limits);
        } else if o.limits != n.limits {
            self.push(
                scope,
                Level::Patch,
                "docs-changed",
                format!("{what} `{wire}`: limits changed (not checked: replies only)"),
            );
        }
    }

    fn limits(&mut self, scope: &str, what: &str, wire: &str, o: &Limits, n: &Limits) {
        // (name, old, new, whether a larger value is looser)
        let pairs: [(&str, Option<i128>, Option<i128>, bool); 6] = [
            ("min_items", o.min_items.map(i128::from), n.min_items.map(i128::from), false),
            ("max_items", o.max_items.map(i128::from), n.max_items.map(i128::from), true),
            ("max_bytes", o.max_bytes.map(i128::from), n.max_bytes.map(i128::from), true),
            ("item_max_bytes", o.item_max_bytes.map(i128::from), n.item_max_bytes.map(i128::from), true),
            ("min", o.min.map(i128::from), n.min.map(i128::from), false),
            ("max", o.max.map(i128::from), n.max.map(i128::from), true),
        ];
        if o.codes != n.codes {
            self.push(
                scope,
                Level::Patch,
                "limit-code-changed",
                format!("{what} `{wire}`: documented codes of its limits changed"),
            );
        }
        for (name, ov, nv, larger_is_looser) in pairs {
            let tighter = match (ov, nv) {
                (None, None) => continue,
                (Some(a), Some(b)) if a == b => continue,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => (b < a) == larger_is_looser,
            };
            let show = |v: Option<i128>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
            let text = format!("{what} `{wire}`: {name} {} -> {}", show(ov), show(nv));
            if tighter {
                self.push(
                    scope,
                    Level::Major,
                    "limit-tightened",
                    format!("{text} (requests that passed are now refused)"),
                );
            } else {
                self.push(scope, Level::Minor, "limit-loosened", text);
            }
        }
    }

    fn endpoints(&mut self) {
        let o: BTreeMap<String, &Endpoint> = self.old.endpoints.iter().map(|e| (e.path(), e)).collect();
        let n: BTreeMap<String, &Endpoint> = self.new.endpoints.iter().map(|e| (e.path(), e)).collect();
        let removed: Vec<&Endpoint> = o.iter().filter(|(p, _)| !n.contains_key(*p)).map(|(_, e)| *e).collect();
        let added: Vec<&Endpoint> = n.iter().filter(|(p, _)| !o.contains_key(*p)).map(|(_, e)| *e).collect();
        // An endpoint that moved keeps its vendor page or its Rust name.
        let mut moved: BTreeSet<String> = BTreeSet::new();
        for oe in &removed {
            let Some(ne) =
                added.iter().find(|ne| ne.docs == oe.docs || (ne.service == oe.service && ne.method == oe.method))
            else {
                continue;
            };
            moved.insert(oe.path());
            moved.insert(ne.path());
            self.push(&ne.path(), Level::Major, "path-changed", format!("path v4/{} -> v4/{}", oe.path(), ne.path()));
            self.endpoint(oe, ne);
        }
        for oe in removed.iter().filter(|e| !moved.contains(&e.path())) {
            self.push(
                &oe.path(),
                Level::Major,
                "endpoint-removed",
                format!("endpoint removed (method `{}` and its types are gone)", oe.method),
            );
        }
        for ne in added.iter().filter(|e| !moved.contains(&e.path())) {
            self.push(
                &ne.path(),
                Level::Minor,
                "endpoint-added",
                format!("endpoint added: {} (method `{}::{}`)", ne.title, self.module_of(&ne.service), ne.method),
            );
        }
        for (path, oe) in &o {
            if let Some(ne) = n.get(path) {
                self.endpoint(oe, ne);
            }
        }
        // Local types are grouped per service module.
        let services: BTreeSet<&str> =
            self.old.endpoints.iter().chain(&self.new.endpoints).map(|e| e.service.as_str()).collect();
        for s in services {
            // An endpoint's types and the service's shared ones land in the same module: a type
            // moved between them is no change.
            let local = |spec: &'a Spec| -> BTreeMap<&'a str, &'a TypeDef> {
                let service = spec.services.iter().filter(|x| x.wire == s).flat_map(|x| &x.types);
                let endpoints = spec.endpoints.iter().filter(|e| e.service == s).flat_map(|e| &e.types);
                service.chain(endpoints).map(|t| (t.name.as_str(), t)).collect()
            };
            let (om, nm) = (local(self.old), local(self.new));
            self.type_maps(s, &om, &nm);
        }
    }

    fn endpoint(&mut self, o: &Endpoint, n: &Endpoint) {
        let scope = n.path();
        let scope = scope.as_str();
        if o.method != n.method {
            self.push(scope, Level::Major, "method-renamed", format!("method `{}` renamed `{}`", o.method, n.method));
        }
        if o.type_prefix != n.type_prefix {
            self.push(
                scope,
                Level::Major,
                "types-renamed",
                format!("types `{}Request`/`Response`/`Error` renamed `{}...`", o.type_prefix, n.type_prefix),
            );
        }
        self.fields(scope, "request field", &o.request, &n.request, Side::Input);
        self.fields(scope, "reply field", &o.response, &n.response, Side::Output);
        let (old, new) = (self.old, self.new);
        self.codes(scope, old.endpoint_errors(o), new.endpoint_errors(n));

        match (o.rate_limit, n.rate_limit) {
            (a, b) if a == b => {}
            (a, b) => self.push(
                scope,
                Level::Patch,
                "rate-limit-changed",
                format!(
                    "call frequency {} -> {} (the service enforces it; nothing the crate refuses)",
                    rate(a),
                    rate(b)
                ),
            ),
        }
        match (o.edition, n.edition) {
            (None, None) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, Some(b)) => self.push(
                scope,
                Level::Major,
                "edition-added",
                format!("now needs the {} edition (other apps' calls fail)", b.variant()),
            ),
            (Some(a), None) => self.push(
                scope,
                Level::Minor,
                "edition-dropped",
                format!("no longer needs the {} edition", a.variant()),
            ),
            (Some(a), Some(b)) if b > a => self.push(
                scope,
                Level::Major,
                "edition-raised",
                format!("edition {} -> {} (fewer apps may call it)", a.variant(), b.variant()),
            ),
            (Some(a), Some(b)) => {
                self.push(scope, Level::Minor, "edition-lowered", format!("edition {} -> {}", a.variant(), b.variant()))
            }
        }
        if o.group_types != n.group_types {
            let (os, ns): (BTreeSet<&String>, BTreeSet<&String>) =
                (o.group_types.iter().collect(), n.group_types.iter().collect());
            let gone: Vec<&str> = os.difference(&ns).map(|s| s.as_str()).collect();
            let new: Vec<&str> = ns.difference(&os).map(|s| s.as_str()).collect();
            let mut parts = Vec::new();
            if !new.is_empty() {
                parts.push(format!("added {}", new.join(", ")));
            }
            if !gone.is_empty() {
                parts.push(format!("removed {}", gone.join(", ")));
            }
            let text = if parts.is_empty() { "reordered".to_string() } else { parts.join("; ") };
            self.push(scope, Level::Patch, "group-types-changed", format!("group types: {text}"));
        }
        if o.webhooks != n.webhooks {
            let names = |e: &Endpoint| e.webhooks.iter().map(|w| w.name.clone()).collect::<BTreeSet<_>>();
            let (on, nn) = (names(o), names(n));
            let mut parts: Vec<String> = nn.difference(&on).map(|w| format!("added {w}")).collect();
            parts.extend(on.difference(&nn).map(|w| format!("removed {w}")));
            if parts.is_empty() {
                parts.push("descriptions or links changed".into());
            }
            self.push(scope, Level::Patch, "webhooks-changed", format!("webhooks: {}", parts.join("; ")));
        }
        if o.title != n.title {
            self.push(scope, Level::Patch, "docs-changed", format!("title \"{}\" -> \"{}\"", o.title, n.title));
        }
        let docs = [
            ("summary", o.summary != n.summary),
            ("vendor documentation URL", o.docs != n.docs),
            ("notes", o.notes != n.notes),
            ("irreversibility caution", o.irreversible != n.irreversible),
            ("related endpoints", o.related != n.related),
            ("errata", o.errata != n.errata),
            ("samples", o.examples != n.examples),
        ];
        for (what, changed) in docs {
            if changed {
                self.push(scope, Level::Patch, "docs-changed", format!("{what} changed"));
            }
        }
    }
}

fn rate(r: Option<RateLimit>) -> String {
    r.map_or_else(|| "none".to_string(), |r| format!("{}/{}", r.calls, r.per.name()))
}

fn repr_name(r: EnumRepr) -> &'static str {
    match r {
        EnumRepr::String => "strings",
        EnumRepr::Integer => "integers",
    }
}
