//! Second pass: references between files, Rust names and collisions. Produces the model, or nothing
//! when any diagnostic was reported.

use super::parse::{Raw, RawCode, RawCursorFrom, RawEndpoint, RawField, RawKind, RawTable, RawType};
use crate::diag::{Diags, Pos, did_you_mean};
use crate::model::*;
use crate::naming::{camel, is_camel, is_ident, is_keyword, is_snake, shadows, snake};
use crate::yaml::Sp;
use std::collections::{BTreeMap, BTreeSet};

#[path = "webhook_resolve.rs"]
mod webhook;

/// Module names the hand-written part of chat-api already uses.
const RESERVED_MODULES: &[&str] = &["shared", "runtime", "usersig", "client", "error", "region", "generated", "types"];
/// Names of generated items in the shared module.
const SHARED_ITEMS: &[&str] = &["CommonError", "Region"];
/// Query parameters every call carries; errata may point at them.
const QUERY_PARAMS: &[&str] = &["sdkappid", "identifier", "usersig", "random", "contenttype"];
/// Endpoint-level keys an erratum may point at directly.
const ERRATA_TOP: &[&str] =
    &["title", "summary", "docs", "rate_limit", "edition", "group_types", "related", "webhooks", "examples"];

pub(crate) fn resolve(raw: Raw, diags: &mut Diags) -> Option<Spec> {
    let broken = |f: &str| raw.broken.contains(f);
    let mut cx = Cx {
        diags,
        shared_names: BTreeMap::new(),
        shared_types: Vec::new(),
        services_broken: broken("shared/services.yaml"),
        errors_broken: broken("shared/errors.yaml"),
        types_broken: raw.broken.iter().any(|f| {
            f.starts_with("shared/")
                && !["shared/services.yaml", "shared/regions.yaml", "shared/errors.yaml"].contains(&f.as_str())
        }),
    };

    let services = cx.services(&raw);
    let regions = cx.regions(&raw);
    let common = match &raw.common {
        Some(t) => cx.table(t),
        None => {
            if !cx.errors_broken {
                cx.diags.error_hint(
                    &Pos::file_start("shared/errors.yaml"),
                    "the spec has no shared/errors.yaml with a `common` table",
                    "create spec/shared/errors.yaml with `common: {doc: ..., codes: [...]}`",
                );
            }
            ErrorTable { name: "common".into(), service: None, doc: String::new(), codes: Vec::new() }
        }
    };
    cx.check_common_range(&raw);
    let all_tables: Vec<(Option<String>, &RawTable)> = raw
        .tables
        .iter()
        .map(|t| (None, t))
        .chain(raw.service_shared.iter().flat_map(|f| f.tables.iter().map(move |t| (Some(f.service.clone()), t))))
        .collect();
    let tables = cx.tables(&all_tables, &common);
    for s in raw.services.iter().flat_map(|(_, list)| list) {
        let Some(code) = &s.invalid_request_code else { continue };
        let known = common.codes.iter().chain(tables.iter().flat_map(|t| &t.codes)).any(|c| c.code == code.value);
        if !known && !cx.errors_broken {
            cx.diags.error_hint(
                &code.pos,
                format!("code {} is in no error table (spec/shared/errors.yaml or the service's _*.yaml)", code.value),
                "define it in the service's table first",
            );
        }
    }

    for t in &raw.shared_types {
        cx.shared_names.insert(t.name.value.clone(), t);
    }
    cx.shared_types = cx.shared_types(&raw.shared_types);

    // Types shared by the endpoints of one service, from its `_*.yaml` files.
    let mut service_raw: BTreeMap<String, Vec<&RawType>> = BTreeMap::new();
    for f in &raw.service_shared {
        if !cx.services_broken && !services.iter().any(|s| s.wire == f.service) {
            cx.diags.error_hint(
                &Pos::file_start(&f.file),
                format!("`{}` is in the directory of no known service", f.file),
                "declare the service in spec/shared/services.yaml, or move the file",
            );
        }
        service_raw.entry(f.service.clone()).or_default().extend(f.types.iter());
    }
    let mut services = services;
    for s in &mut services {
        s.types = cx.service_types(service_raw.get(&s.wire).map_or(&[], Vec::as_slice));
    }

    let mut endpoints: Vec<Endpoint> = Vec::new();
    for e in &raw.endpoints {
        let service_types = e.path.value.split('/').next().and_then(|s| service_raw.get(s));
        if let Some(ep) = cx.endpoint(e, &services, &common, &tables, service_types.map_or(&[], Vec::as_slice)) {
            endpoints.push(ep);
        }
    }
    endpoints.sort_by_key(|e| e.path());
    cx.module_collisions(&raw, &services);
    let (webhooks, webhook_protocol, webhook_types) = webhook::resolve(&mut cx, &raw, &endpoints, &services);

    let spec = Spec {
        services,
        regions,
        common_errors: common,
        error_tables: tables,
        shared_types: std::mem::take(&mut cx.shared_types),
        endpoints,
        webhooks,
        webhook_protocol,
        webhook_types,
        digest: String::new(),
    };
    cx.diags.is_empty().then_some(spec)
}

struct Cx<'a, 'r> {
    diags: &'a mut Diags,
    shared_names: BTreeMap<String, &'r RawType>,
    /// The shared types once resolved (before any endpoint is).
    shared_types: Vec<TypeDef>,
    /// A shared file had errors: references to what it defines are not checked, since what is
    /// missing may just have failed to load.
    services_broken: bool,
    errors_broken: bool,
    types_broken: bool,
}

/// Where named types are looked up from one file.
struct Scope<'r> {
    local: BTreeMap<String, &'r RawType>,
    shared_only: bool,
}

impl<'r> Cx<'_, 'r> {
    fn services(&mut self, raw: &Raw) -> Vec<Service> {
        let Some((_, list)) = &raw.services else {
            if self.services_broken {
                return Vec::new();
            }
            self.diags.error_hint(
                &Pos::file_start("shared/services.yaml"),
                "the spec has no shared/services.yaml",
                "create it with `services: [{wire: ..., module: ..., title: ..., doc: ...}]`",
            );
            return Vec::new();
        };
        let mut seen_wire: BTreeMap<&str, &Pos> = BTreeMap::new();
        let mut seen_module: BTreeMap<&str, &Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for s in list {
            if let Some(first) = seen_wire.insert(&s.wire.value, &s.wire.pos) {
                self.diags.error_hint(
                    &s.wire.pos,
                    format!("service `{}` is listed twice (first at line {})", s.wire.value, first.line),
                    "keep one entry",
                );
            }
            let module = &s.module.value;
            if !is_snake(module) || is_keyword(module) {
                self.diags.error_hint(
                    &s.module.pos,
                    format!("module name `{module}` is not a snake_case Rust name"),
                    format!("write e.g. `module: {}`", valid_snake(module)),
                );
            } else if RESERVED_MODULES.contains(&module.as_str()) {
                self.diags.error_hint(
                    &s.module.pos,
                    format!("module name `{module}` is taken by chat-api itself"),
                    "choose another module name",
                );
            } else if let Some(first) = seen_module.insert(module, &s.module.pos) {
                self.diags.error_hint(
                    &s.module.pos,
                    format!("module `{module}` is used by two services (first at line {})", first.line),
                    "give each service its own module name",
                );
            }
            out.push(Service {
                wire: s.wire.value.clone(),
                module: module.clone(),
                title: s.title.clone(),
                doc: s.doc.clone(),
                invalid_request_code: s.invalid_request_code.as_ref().map(|c| c.value),
                types: Vec::new(),
            });
        }
        out.sort_by(|a, b| a.wire.cmp(&b.wire));
        out
    }

    fn regions(&mut self, raw: &Raw) -> Vec<Region> {
        let Some(list) = &raw.regions else {
            if raw.broken.contains("shared/regions.yaml") {
                return Vec::new();
            }
            self.diags.error_hint(
                &Pos::file_start("shared/regions.yaml"),
                "the spec has no shared/regions.yaml",
                "create it with `regions: [{name: ..., host: ..., doc: ...}]`",
            );
            return Vec::new();
        };
        let mut seen: BTreeMap<String, &Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for r in list {
            let name = &r.name.value;
            if !is_snake(name) || is_keyword(name) {
                self.diags.error_hint(
                    &r.name.pos,
                    format!("region name `{name}` is not snake_case"),
                    format!("write e.g. `name: {}`", valid_snake(name)),
                );
                continue;
            }
            let variant = camel(name);
            if let Some(first) = seen.insert(variant.clone(), &r.name.pos) {
                self.diags.error_hint(
                    &r.name.pos,
                    format!("region `{name}` is listed twice (first at line {})", first.line),
                    "keep one entry",
                );
            }
            if r.host.contains('/') || r.host.contains(' ') {
                self.diags.error_hint(
                    &r.name.pos,
                    format!("host of region `{name}` must be a bare host name"),
                    "write e.g. `host: adminapisgp.im.qcloud.com`, without scheme or path",
                );
            }
            out.push(Region { name: name.clone(), variant, host: r.host.clone(), doc: r.doc.clone() });
        }
        out
    }

    fn table(&mut self, t: &RawTable) -> ErrorTable {
        let codes = self.codes(&t.codes, &format!("table `{}`", t.name.value), &[]);
        ErrorTable { name: t.name.value.clone(), service: None, doc: t.doc.clone(), codes }
    }

    fn check_common_range(&mut self, raw: &Raw) {
        for c in raw.common.iter().flat_map(|t| &t.codes) {
            if !(60000..=79999).contains(&c.code.value) {
                self.diags.error_hint(
                    &c.code.pos,
                    format!("code {} is outside the common range 60000-79999", c.code.value),
                    "move it to a service table under `tables:` or to the endpoints that return it",
                );
            }
        }
    }

    fn tables(&mut self, raw: &[(Option<String>, &RawTable)], common: &ErrorTable) -> Vec<ErrorTable> {
        let mut seen: BTreeMap<&str, &Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for (service, t) in raw.iter().map(|(s, t)| (s.clone(), *t)) {
            for c in t.codes.iter().filter(|c| common.codes.iter().any(|x| x.code == c.code.value)) {
                self.diags.error_hint(
                    &c.code.pos,
                    format!("error code {} of table `{}` is also a common code", c.code.value, t.name.value),
                    "remove it from the table: every endpoint already has the common codes",
                );
            }
            if t.name.value == "common" {
                self.diags.error_hint(
                    &t.name.pos,
                    "`common` is not a table name: the common codes are defined by the top-level `common` key",
                    "rename the table",
                );
            } else if let Some(first) = seen.insert(&t.name.value, &t.name.pos) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("table `{}` is defined twice (first at line {})", t.name.value, first.line),
                    "merge them",
                );
            }
            out.push(ErrorTable { service, ..self.table(t) });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Validates codes of one enum. `taken` holds codes and variants already in the enum, with where.
    fn codes(&mut self, raw: &[RawCode], what: &str, taken: &[(i64, String, String)]) -> Vec<ErrorCode> {
        let mut by_code: BTreeMap<i64, String> = taken.iter().map(|(c, _, at)| (*c, at.clone())).collect();
        let mut by_variant: BTreeMap<String, String> = taken.iter().map(|(_, v, at)| (v.clone(), at.clone())).collect();
        for reserved in ["Common", "Unknown"] {
            by_variant.entry(reserved.to_string()).or_insert_with(|| "the generated fallback variants".to_string());
        }
        let mut out = Vec::new();
        for c in raw {
            let code = c.code.value;
            if code == 0 {
                self.diags.error_hint(&c.code.pos, "code 0 means success, not an error", "remove this entry");
                continue;
            }
            if let Some(at) = by_code.get(&code) {
                self.diags.error_hint(
                    &c.code.pos,
                    format!("error code {code} is listed twice in {what} (also in {at})"),
                    "keep one entry; an endpoint lists a code once, shared tables included",
                );
                continue;
            }
            by_code.insert(code, format!("{} line {}", c.code.pos.file, c.code.pos.line));
            let name = &c.name.value;
            if !is_snake(name) {
                self.diags.error_hint(
                    &c.name.pos,
                    format!("error name `{name}` is not snake_case"),
                    format!("write `name: {}`", valid_snake(name)),
                );
                continue;
            }
            let variant = camel(name);
            if let Some(at) = by_variant.get(&variant) {
                self.diags.error_hint(
                    &c.name.pos,
                    format!("error name `{name}` becomes variant `{variant}`, which {what} already has ({at})"),
                    "give the code a name that says what is different about it",
                );
                continue;
            }
            by_variant.insert(variant.clone(), format!("code {code}"));
            out.push(ErrorCode {
                code,
                name: name.clone(),
                variant,
                meaning: c.meaning.clone(),
                retriable: c.retriable,
            });
        }
        out.sort_by_key(|c| c.code);
        out
    }

    fn shared_types(&mut self, raw: &'r [RawType]) -> Vec<TypeDef> {
        let scope = Scope { local: BTreeMap::new(), shared_only: true };
        let mut seen: BTreeMap<&str, &Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for t in raw {
            if SHARED_ITEMS.contains(&t.name.value.as_str()) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type name `{}` is taken by a generated item", t.name.value),
                    "choose another name",
                );
            } else if let Some(first) = seen.insert(&t.name.value, &t.name.pos) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type `{}` is defined twice (first at line {})", t.name.value, first.line),
                    "keep one definition",
                );
            }
            if let Some(def) = self.type_def(t, &scope) {
                out.push(def);
            }
        }
        self.cycles(raw.iter().collect(), &scope);
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The types of one service's `_*.yaml` files, resolved among themselves and the shared ones.
    fn service_types(&mut self, raws: &[&'r RawType]) -> Vec<TypeDef> {
        let local: BTreeMap<String, &RawType> = raws.iter().map(|t| (t.name.value.clone(), *t)).collect();
        let scope = Scope { local, shared_only: false };
        let mut seen: BTreeMap<&str, &Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for t in raws {
            if let Some(first) = seen.insert(&t.name.value, &t.name.pos) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type `{}` is defined twice (first at {first})", t.name.value),
                    "keep one definition",
                );
            } else if self.shared_names.contains_key(&t.name.value) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type `{}` is also defined in spec/shared/types.yaml", t.name.value),
                    "keep one of them",
                );
            }
            if let Some(def) = self.type_def(t, &scope) {
                out.push(def);
            }
        }
        self.cycles(raws.to_vec(), &scope);
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn type_def(&mut self, t: &RawType, scope: &Scope) -> Option<TypeDef> {
        if !is_camel(&t.name.value) {
            self.diags.error_hint(
                &t.name.pos,
                format!("type name `{}` is not UpperCamelCase", t.name.value),
                format!("write `{}`", camel(&t.name.value)),
            );
            return None;
        }
        if shadows(&t.name.value) {
            self.diags.error_hint(
                &t.name.pos,
                format!("type name `{}` would shadow the `{0}` that generated code relies on", t.name.value),
                format!("rename the type, e.g. `{}Info`, or a name that says what it holds", t.name.value),
            );
            return None;
        }
        let kind = match &t.kind {
            RawKind::Struct(fields) => {
                TypeKind::Struct(self.fields(fields, &format!("type `{}`", t.name.value), scope, true))
            }
            RawKind::Union { tag, content, variants } => self.union(t, tag, content, variants, scope)?,
            RawKind::Enum { repr, values } => {
                let mut names = VariantNames::new("value", &t.name.pos);
                let mut out = Vec::new();
                for v in values {
                    let derived = match &v.wire.value {
                        WireValue::String(s) => Some(camel(s)),
                        WireValue::Integer(_) => None,
                    };
                    if derived.is_none() && v.rust.is_none() {
                        self.diags.error_hint(
                            &v.wire.pos,
                            format!("integer value {} needs a Rust name", v.wire.value),
                            "add `rust: <UpperCamelName>` saying what the number means",
                        );
                        continue;
                    }
                    let wire = v.wire.value.to_string();
                    let Some(rust) = names.claim(self.diags, &wire, &v.wire.pos, v.rust.as_ref(), derived) else {
                        continue;
                    };
                    out.push(EnumValue { wire: v.wire.value.clone(), rust, doc: v.doc.clone() });
                }
                TypeKind::Enum { repr: *repr, values: out }
            }
        };
        Some(TypeDef { name: t.name.value.clone(), doc: t.doc.clone(), kind })
    }

    fn union(
        &mut self,
        t: &RawType,
        tag: &Sp<String>,
        content: &Sp<String>,
        variants: &[super::parse::RawVariant],
        scope: &Scope,
    ) -> Option<TypeKind> {
        if tag.value == content.value {
            self.diags.error_hint(
                &content.pos,
                format!("the tag and the content of union `{}` use the same key `{}`", t.name.value, tag.value),
                "they are two keys of one object, e.g. `tag: MsgType`, `content: MsgContent`",
            );
            return None;
        }
        let mut names = VariantNames::new("variant", &t.name.pos);
        let mut out = Vec::new();
        for v in variants {
            let derived = Some(camel(&v.tag.value));
            let Some(rust) = names.claim(self.diags, &v.tag.value, &v.tag.pos, v.rust.as_ref(), derived) else {
                continue;
            };
            let ty = match &v.ty {
                Some(text) => Some(self.ty(text, scope)?),
                None => None,
            };
            out.push(UnionVariant { tag: v.tag.value.clone(), rust, ty, doc: v.doc.clone() });
        }
        Some(TypeKind::Union { tag: tag.value.clone(), content: content.value.clone(), variants: out })
    }

    fn fields(&mut self, raw: &[RawField], what: &str, scope: &Scope, limits_allowed: bool) -> Vec<Field> {
        let mut wires: BTreeMap<&str, &Pos> = BTreeMap::new();
        let mut rusts: BTreeMap<String, (&str, &Pos)> = BTreeMap::new();
        let mut out = Vec::new();
        for f in raw {
            let wire = &f.wire.value;
            if let Some(first) = wires.insert(wire, &f.wire.pos) {
                self.diags.error_hint(
                    &f.wire.pos,
                    format!("{what} has field `{wire}` twice (first at line {})", first.line),
                    "keep one of them",
                );
                continue;
            }
            let Some(rust) = self.field_name(f) else { continue };
            if let Some((other, pos)) = rusts.get(&rust) {
                let at = f.rust.as_ref().map_or(&f.wire.pos, |r| &r.pos);
                self.diags.error_hint(
                    at,
                    format!("fields `{other}` (line {}) and `{wire}` of {what} both become `{rust}` in Rust", pos.line),
                    format!("add `rust: <other_name>` to `{wire}`"),
                );
                continue;
            }
            rusts.insert(rust.clone(), (wire, &f.wire.pos));
            let Some(ty) = self.ty(&f.ty, scope) else { continue };
            // On a bad limit the field is kept (the error is reported), so that nothing cascades from it.
            let limits = self.limits(f, &ty, limits_allowed);
            out.push(Field {
                wire: wire.clone(),
                rust,
                ty,
                required: f.required,
                doc: f.doc.clone(),
                limits,
                dedup: f.dedup.is_some(),
            });
        }
        out
    }

    fn field_name(&mut self, f: &RawField) -> Option<String> {
        let wire = &f.wire.value;
        if let Some(r) = &f.rust {
            if !is_snake(&r.value) || is_keyword(&r.value) {
                let why = if is_keyword(&r.value) { "a Rust keyword" } else { "not a snake_case Rust name" };
                self.diags.error_hint(
                    &r.pos,
                    format!("`rust: {}` is {why}", r.value),
                    format!("write e.g. `rust: {}`", keyword_alternative(&valid_snake(&r.value))),
                );
                return None;
            }
            return Some(r.value.clone());
        }
        let derived = snake(wire);
        if is_keyword(&derived) {
            self.diags.error_hint(
                &f.wire.pos,
                format!("field `{wire}` becomes `{derived}` in Rust, which is a keyword"),
                format!("add `rust: {}` (or another name) to the field", keyword_alternative(&derived)),
            );
            return None;
        }
        if !is_snake(&derived) {
            self.diags.error_hint(
                &f.wire.pos,
                format!("no Rust name can be derived from field `{wire}`"),
                "add `rust: <snake_case_name>` to the field",
            );
            return None;
        }
        Some(derived)
    }

    /// Parses and resolves a type expression: builtins, `array<T>` and type names.
    fn ty(&mut self, text: &Sp<String>, scope: &Scope) -> Option<Type> {
        // Arrays are peeled in a loop, not by recursion: the depth comes from the input.
        const MAX_ARRAY_DEPTH: usize = 4;
        let (mut s, mut offset) = (text.value.trim(), 0);
        let mut wrappers: Vec<bool> = Vec::new(); // true: map, false: array, outermost first
        loop {
            let (inner, is_map, head) = if let Some(inner) = s.strip_prefix("array<").and_then(|r| r.strip_suffix('>'))
            {
                (inner, false, "array<".len())
            } else if let Some(rest) = s.strip_prefix("map<").and_then(|r| r.strip_suffix('>')) {
                let Some((key, value)) = rest.split_once(',') else {
                    self.diags.error_hint(
                        &text.pos.shifted(offset),
                        format!("`map<{rest}>` has no value type"),
                        "write `map<string, T>`",
                    );
                    return None;
                };
                if key.trim() != "string" {
                    self.diags.error_hint(
                        &text.pos.shifted(offset + "map<".len()),
                        format!("map keys must be `string`, not `{}`", key.trim()),
                        "JSON object keys are text: write `map<string, T>`",
                    );
                    return None;
                }
                (value, true, "map<".len() + key.len() + 1)
            } else {
                break;
            };
            offset += head + inner.len() - inner.trim_start().len();
            s = inner.trim();
            wrappers.push(is_map);
            if wrappers.len() > MAX_ARRAY_DEPTH {
                let depth = wrappers.len() + s.matches("array<").count() + s.matches("map<").count();
                self.diags.error_hint(&text.pos, format!("arrays and maps nested {depth} deep"), format!("at most {MAX_ARRAY_DEPTH} levels of `array<...>`/`map<...>`; use a named type for deeper structures"));
                return None;
            }
        }
        let mut ty = self.base_ty(s, &text.pos.shifted(offset), scope)?;
        if ty == Type::Flag && !wrappers.is_empty() {
            self.diags.error_hint(
                &text.pos.shifted(offset),
                "`flag` inside an array or map",
                "`flag` is for a field's own 0/1 value; write `array<integer>` (or `map<string, integer>`)",
            );
            return None;
        }
        for is_map in wrappers.into_iter().rev() {
            ty = if is_map { Type::Map(Box::new(ty)) } else { Type::Array(Box::new(ty)) };
        }
        Some(ty)
    }

    fn base_ty(&mut self, s: &str, here: &Pos, scope: &Scope) -> Option<Type> {
        const BUILTINS: &[&str] =
            &["string", "integer", "bool", "flag", "number", "json", "array<T>", "map<string, T>"];
        match s {
            "string" => return Some(Type::String),
            "integer" => return Some(Type::Integer),
            "bool" => return Some(Type::Bool),
            "flag" => return Some(Type::Flag),
            "number" => return Some(Type::Number),
            "json" => return Some(Type::Json),
            _ => {}
        }
        if s.starts_with(|c: char| c.is_ascii_uppercase()) && is_ident(s) {
            if scope.local.contains_key(s) && !scope.shared_only {
                return Some(Type::Named(TypeRef { name: s.to_string(), shared: false }));
            }
            if self.shared_names.contains_key(s) {
                return Some(Type::Named(TypeRef { name: s.to_string(), shared: true }));
            }
            let known: Vec<&str> =
                scope.local.keys().map(String::as_str).chain(self.shared_names.keys().map(String::as_str)).collect();
            let hint = match did_you_mean(s, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("define `{s}` under `types:` in this file, or in spec/shared/types.yaml"),
            };
            self.diags.error_hint(here, format!("unknown type `{s}`"), hint);
            return None;
        }
        let aliases = [
            ("str", "string"),
            ("int", "integer"),
            ("i64", "integer"),
            ("u32", "integer"),
            ("boolean", "bool"),
            ("float", "number"),
            ("object", "json or a named type"),
            ("list", "array<T>"),
            ("array", "array<T>"),
        ];
        let hint = match aliases.iter().find(|(a, _)| s.eq_ignore_ascii_case(a) || s.starts_with(&format!("{a}<"))) {
            Some((_, good)) => format!("write `{good}`"),
            None => match did_you_mean(s, BUILTINS.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("types are {}, or a type name in UpperCamelCase", BUILTINS.join(", ")),
            },
        };
        self.diags.error_hint(here, format!("unknown type `{s}`"), hint);
        None
    }

    fn limits(&mut self, f: &RawField, ty: &Type, allowed: bool) -> Limits {
        let mut l = Limits::default();
        if !f.limits.is_empty() && !allowed {
            let pos = &f.limits[0].0.pos;
            self.diags.error_hint(
                pos,
                format!("reply field `{}` has limits, but only requests are checked", f.wire.value),
                "describe the bound in `doc` instead",
            );
            return l;
        }
        for (key, value) in &f.limits {
            let fits = match key.value.as_str() {
                "min_items" | "max_items" => matches!(ty, Type::Array(_) | Type::Map(_)),
                "max_bytes" => *ty == Type::String,
                "item_max_bytes" => *ty == Type::Array(Box::new(Type::String)),
                _ => *ty == Type::Integer,
            };
            if !fits {
                let hint = match (key.value.as_str(), ty) {
                    ("max_bytes", Type::Array(inner)) if **inner == Type::String => "for the length of each string in a list write `item_max_bytes`".to_string(),
                    ("max_bytes", Type::Array(_)) => "max_bytes applies to strings; for the number of items write `max_items`".to_string(),
                    ("max_items", Type::String) => "for the length of a string write `max_bytes`".to_string(),
                    _ => "min_items/max_items apply to arrays, max_bytes to strings, item_max_bytes to array<string>, min/max to integers".to_string(),
                };
                self.diags.error_hint(
                    &key.pos,
                    format!("limit `{}` does not apply to field `{}` of type {ty}", key.value, f.wire.value),
                    hint,
                );
                continue;
            }
            let as_count = u64::try_from(value.value);
            let slot = match key.value.as_str() {
                "min_items" => &mut l.min_items,
                "max_items" => &mut l.max_items,
                "max_bytes" => &mut l.max_bytes,
                "item_max_bytes" => &mut l.item_max_bytes,
                "min" => {
                    l.min = Some(value.value);
                    continue;
                }
                _ => {
                    l.max = Some(value.value);
                    continue;
                }
            };
            match as_count {
                Ok(n) => *slot = Some(n),
                Err(_) => {
                    self.diags.error_hint(
                        &value.pos,
                        format!("limit `{}` cannot be negative", key.value),
                        "write a count of 0 or more",
                    );
                }
            }
        }
        let pos = f.limits.first().map_or(&f.pos, |(k, _)| &k.pos);
        if let (Some(lo), Some(hi)) = (l.min_items, l.max_items) {
            if lo > hi {
                self.diags.error_hint(
                    pos,
                    format!("field `{}` needs at least {lo} items but allows at most {hi}", f.wire.value),
                    "check min_items and max_items",
                );
            }
        }
        if let (Some(lo), Some(hi)) = (l.min, l.max) {
            if lo > hi {
                self.diags.error_hint(
                    pos,
                    format!("field `{}` has min {lo} above max {hi}", f.wire.value),
                    "check min and max",
                );
            }
        }
        for (key, code) in &f.limit_codes {
            let has_limit = f.limits.iter().any(|(k, _)| k.value == key.value);
            if !has_limit {
                self.diags.error_hint(
                    &key.pos,
                    format!("`limit_codes` names `{}`, but field `{}` has no such limit", key.value, f.wire.value),
                    format!("add `{}` under `limits`, or remove the code", key.value),
                );
            } else if code.value == 0 {
                self.diags.error_hint(
                    &code.pos,
                    "code 0 means success, not an error",
                    "write the code the service answers when the limit is broken",
                );
            } else {
                l.codes.insert(key.value.clone(), code.value);
            }
        }
        l
    }

    /// Struct types that contain themselves other than through a list have no finite size.
    fn cycles(&mut self, types: Vec<&RawType>, scope: &Scope) {
        let by_name: BTreeMap<&str, &RawType> = types.iter().map(|t| (t.name.value.as_str(), *t)).collect();
        for start in &types {
            let mut stack = vec![start.name.value.as_str()];
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                // (what to name in the message, type text) of each directly contained value
                let contained: Vec<(String, &str)> = match by_name.get(name).map(|t| &t.kind) {
                    Some(RawKind::Struct(fields)) => {
                        fields.iter().map(|f| (format!("field `{}`", f.wire.value), f.ty.value.trim())).collect()
                    }
                    Some(RawKind::Union { variants, .. }) => variants
                        .iter()
                        .filter_map(|v| v.ty.as_ref().map(|ty| (format!("variant `{}`", v.tag.value), ty.value.trim())))
                        .collect(),
                    _ => continue,
                };
                for (via, t) in contained {
                    if t.starts_with("array<")
                        || t.starts_with("map<")
                        || !(scope.local.contains_key(t) || by_name.contains_key(t))
                    {
                        continue;
                    }
                    if t == start.name.value {
                        self.diags.error_hint(
                            &start.name.pos,
                            format!("type `{t}` contains itself (through {via} of `{name}`)"),
                            "make one field on the loop an `array<...>`, as the JSON must end somewhere",
                        );
                        stack.clear();
                        break;
                    }
                    if seen.insert(t) {
                        stack.push(t);
                    }
                }
            }
        }
    }

    fn endpoint(
        &mut self,
        e: &'r RawEndpoint,
        services: &[Service],
        common: &ErrorTable,
        tables: &[ErrorTable],
        service_types: &[&'r RawType],
    ) -> Option<Endpoint> {
        let errors_before = self.diags.len();
        let (service, command) = match e.path.value.split_once('/') {
            Some((s, c)) if !s.is_empty() && !c.is_empty() && !c.contains('/') => (s.to_string(), c.to_string()),
            _ => {
                self.diags.error_hint(
                    &e.path.pos,
                    format!("path `{}` is not `<service>/<command>`", e.path.value),
                    "write e.g. `path: group_open_http_svc/destroy_group` (without `v4/`)",
                );
                return None;
            }
        };
        let expected_file = format!("{service}/{command}.yaml");
        if e.file != expected_file {
            self.diags.error_hint(
                &e.path.pos,
                format!("path `{}` belongs in `{expected_file}`, not `{}`", e.path.value, e.file),
                format!("move the file to spec/{expected_file}, or correct `path`"),
            );
        }
        if !self.services_broken && !services.iter().any(|s| s.wire == service) {
            let hint = match did_you_mean(&service, services.iter().map(|s| s.wire.as_str())) {
                Some(s) => format!("did you mean `{s}`? New services are declared in spec/shared/services.yaml"),
                None => "declare the service in spec/shared/services.yaml".to_string(),
            };
            self.diags.error_hint(&e.path.pos, format!("unknown service `{service}`"), hint);
        }
        let method = match &e.name {
            Some(n) => n.clone(),
            None => Sp { value: command.clone(), pos: e.path.pos.shifted(service.len() + 1) },
        };
        if !is_snake(&method.value) || is_keyword(&method.value) {
            let how = if e.name.is_some() { "write" } else { "add" };
            self.diags.error_hint(
                &method.pos,
                format!("`{}` cannot be a Rust method name", method.value),
                format!("{how} `name: {}`", keyword_alternative(&valid_snake(&method.value))),
            );
        }
        let type_prefix = camel(&method.value);

        // The endpoint's own types, and those its service shares (`<service>/_*.yaml`).
        let mut local: BTreeMap<String, &RawType> = service_types.iter().map(|t| (t.name.value.clone(), *t)).collect();
        for t in &e.types {
            if let Some(other) = local.insert(t.name.value.clone(), t) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type `{}` is also defined for the whole service ({})", t.name.value, other.name.pos),
                    "use the service's type, or rename this one",
                );
            }
        }
        let scope = Scope { local, shared_only: false };
        let mut types = Vec::new();
        let mut seen_types: BTreeMap<&str, &Pos> = BTreeMap::new();
        for t in &e.types {
            let name = t.name.value.as_str();
            if let Some(first) = seen_types.insert(name, &t.name.pos) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type `{name}` is defined twice (first at line {})", first.line),
                    "keep one definition",
                );
            } else if self.shared_names.contains_key(name) {
                self.diags.error_hint(
                    &t.name.pos,
                    format!("type `{name}` is also defined in spec/shared/types.yaml"),
                    "use the shared type, or rename this one",
                );
            }
            if let Some(def) = self.type_def(t, &scope) {
                types.push(def);
            }
        }
        self.cycles(e.types.iter().collect(), &scope);
        types.sort_by(|a, b| a.name.cmp(&b.name));

        self.dedup_fields(e);
        let request = self.fields(&e.request, "the request", &scope, true);
        let response = self.fields(&e.response, "the reply", &scope, false);
        let group_types = self.group_types(e);
        let related = self.related(e, services);

        let mut taken: Vec<(i64, String, String)> =
            common.codes.iter().map(|c| (c.code, String::new(), "the common table".to_string())).collect();
        let mut table_names = Vec::new();
        for t in &e.tables {
            match tables.iter().find(|x| x.name == t.value) {
                Some(table) if table.service.as_ref().is_some_and(|owner| *owner != service) => {
                    let owner = table.service.clone().unwrap_or_default();
                    self.diags.error_hint(
                        &t.pos,
                        format!("table `{}` belongs to service `{owner}`", t.value),
                        "move the table to spec/shared/errors.yaml to share it between services",
                    );
                }
                Some(table) => {
                    if table_names.contains(&t.value) {
                        self.diags.error_hint(&t.pos, format!("table `{}` is listed twice", t.value), "keep one");
                        continue;
                    }
                    for c in &table.codes {
                        let in_common = common.codes.iter().any(|x| x.code == c.code);
                        if let Some((_, _, at)) =
                            taken.iter().find(|(code, _, _)| *code == c.code).filter(|_| !in_common)
                        {
                            self.diags.error_hint(
                                &t.pos,
                                format!("error code {} of table `{}` is also in {at}", c.code, t.value),
                                "a code may be defined once per endpoint; remove it from one table",
                            );
                        }
                        if let Some((_, _, at)) = taken.iter().find(|(_, v, _)| *v == c.variant) {
                            self.diags.error_hint(
                                &t.pos,
                                format!("error name `{}` of table `{}` is also used by {at}", c.name, t.value),
                                "rename one of them",
                            );
                        }
                        taken.push((c.code, c.variant.clone(), format!("table `{}`", t.value)));
                    }
                    table_names.push(t.value.clone());
                }
                None if self.errors_broken => {}
                None => {
                    let hint = match did_you_mean(&t.value, tables.iter().map(|x| x.name.as_str())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "define the table under `tables:` in spec/shared/errors.yaml".to_string(),
                    };
                    self.diags.error_hint(&t.pos, format!("unknown error table `{}`", t.value), hint);
                }
            }
        }
        let errors = self.codes(&e.codes, "this endpoint", &taken);
        let known = |code: i64| taken.iter().any(|(c, _, _)| *c == code) || errors.iter().any(|c| c.code == code);
        let undocumented = |code: i64| format!("code {code} is not among this endpoint's error codes");
        let add_it = "list it under `errors.codes`, or use a table that has it";
        match (&e.edition_code, e.edition) {
            (Some(c), None) => self.diags.error_hint(
                &c.pos,
                "`edition_code` without `edition`",
                "add `edition: premium` (or the least edition), or remove `edition_code`",
            ),
            (Some(c), Some(_)) if !known(c.value) && !self.errors_broken => {
                self.diags.error_hint(&c.pos, undocumented(c.value), add_it)
            }
            _ => {}
        }
        for f in &e.request {
            for (_, code) in f.limit_codes.iter().filter(|(_, c)| !known(c.value) && !self.errors_broken) {
                self.diags.error_hint(&code.pos, undocumented(code.value), add_it);
            }
        }

        let webhook_docs = e.webhooks.iter().filter_map(|w| w.docs.as_ref());
        let source_url = e.source.as_ref().and_then(|(url, _)| url.as_ref());
        for u in std::iter::once(&e.docs).chain(webhook_docs).chain(source_url) {
            if !u.value.starts_with("https://") || u.value.contains(char::is_whitespace) {
                self.diags.error_hint(
                    &u.pos,
                    format!("`{}` is not an https URL", u.value),
                    "write the vendor page's full address, starting with https://",
                );
            }
        }

        let service_types = services.iter().find(|s| s.wire == service).map_or(&[][..], |s| &s.types[..]);
        let known: Vec<&TypeDef> = types.iter().chain(service_types).collect();
        let paging = self.paging(e, &request, &response, &known);
        let batch = self.batch(e, &request);
        let endpoint = Endpoint {
            file: e.file.clone(),
            service,
            command,
            method: method.value,
            type_prefix,
            title: e.title.clone(),
            summary: e.summary.clone(),
            docs: e.docs.value.clone(),
            rate_limit: e.rate_limit.map(|(calls, per)| RateLimit { calls, per }),
            edition: e.edition,
            edition_code: e.edition_code.as_ref().map(|c| c.value),
            group_types,
            irreversible: e.irreversible,
            idempotent: e.idempotent,
            notes: e.notes.clone(),
            related,
            webhooks: e
                .webhooks
                .iter()
                .map(|w| Webhook {
                    name: w.name.value.clone(),
                    summary: w.summary.clone(),
                    docs: w.docs.as_ref().map(|d| d.value.clone()),
                })
                .collect(),
            request,
            response,
            types,
            error_tables: table_names,
            errors,
            errata: Vec::new(),
            examples: e
                .examples
                .iter()
                .map(|(request, response)| Example { request: request.clone(), response: response.clone() })
                .collect(),
            paging,
            batch,
            source: self.source(e),
        };
        let service_types =
            services.iter().find(|s| s.wire == endpoint.service).map_or(&[][..], |s| s.types.as_slice());
        let errata = self.errata(e, &endpoint, service_types);
        (self.diags.len() == errors_before).then_some(Endpoint { errata, ..endpoint })
    }

    /// `paging` names a reply list, cursor fields present on both sides with the same type (or an
    /// integer item field to go below, or an integer offset), an integer field that says the last
    /// page came, and an integer total for an offset to reach.
    /// `types`: the named types the endpoint sees besides the shared ones.
    fn paging(&mut self, e: &RawEndpoint, request: &[Field], response: &[Field], types: &[&TypeDef]) -> Option<Paging> {
        let p = e.paging.as_ref()?;
        fn find<'f>(fields: &'f [Field], wire: &str) -> Option<&'f Field> {
            fields.iter().find(|f| f.wire == wire)
        }
        let mut ok = true;
        let mut item_fields: Option<&[Field]> = None;
        match find(response, &p.items.value) {
            Some(f) if matches!(f.ty, Type::Array(_)) => {
                item_fields = f.ty.named().and_then(|r| struct_fields(types.iter().copied(), &self.shared_types, r));
            }
            Some(f) => {
                self.diags.error_hint(
                    &p.items.pos,
                    format!("paging items `{}` is a {}, not a list", f.wire, f.ty),
                    "name the reply field holding one page's items",
                );
                ok = false;
            }
            None => {
                self.diags.error_hint(
                    &p.items.pos,
                    format!("the reply has no field `{}`", p.items.value),
                    "name the reply list holding one page's items",
                );
                ok = false;
            }
        }
        let mut cursor = Vec::new();
        for (req, from) in &p.cursor {
            let Some(a) = find(request, &req.value) else {
                self.diags.error_hint(
                    &req.pos,
                    format!("the request has no field `{}`", req.value),
                    "name the request field the cursor goes into",
                );
                ok = false;
                continue;
            };
            match from {
                RawCursorFrom::Reply(rep) => match find(response, &rep.value) {
                    Some(b) if a.ty == b.ty => cursor.push((a.wire.clone(), CursorFrom::Reply(b.wire.clone()))),
                    Some(b) => {
                        self.diags.error_hint(
                            &rep.pos,
                            format!("cursor `{}` ({}) and `{}` ({}) differ in type", a.wire, a.ty, b.wire, b.ty),
                            "a cursor copies the reply's value into the request: the types must match",
                        );
                        ok = false;
                    }
                    None => {
                        self.diags.error_hint(
                            &rep.pos,
                            format!("the reply has no field `{}`", rep.value),
                            "name the reply field the cursor comes from",
                        );
                        ok = false;
                    }
                },
                RawCursorFrom::AddItems(flag) if !flag.value => {
                    self.diags.error_hint(
                        &flag.pos,
                        "`add_items: false` says nothing",
                        "write `add_items: true` for an offset, or name a `reply` field",
                    );
                    ok = false;
                }
                RawCursorFrom::AddItems(flag) => {
                    if a.ty == Type::Integer {
                        cursor.push((a.wire.clone(), CursorFrom::AddItems));
                    } else {
                        self.diags.error_hint(
                            &flag.pos,
                            format!("`add_items` needs an integer request field; `{}` is a {}", a.wire, a.ty),
                            "name the request's offset, e.g. Offset",
                        );
                        ok = false;
                    }
                }
                RawCursorFrom::BelowItems(w) => {
                    let item = item_fields.and_then(|fs| find(fs, &w.value));
                    match item {
                        Some(f) if f.ty == Type::Integer && a.ty == Type::Integer => cursor.push((
                            a.wire.clone(),
                            CursorFrom::BelowItems { wire: f.wire.clone(), rust: f.rust.clone(), required: f.required },
                        )),
                        _ if item_fields.is_none() && !ok => {}
                        _ => {
                            self.diags.error_hint(
                                &w.pos,
                                format!(
                                    "`below_items` needs an integer field of the `{}` items and an integer \
                                     request field; `{}` into `{}` is not that",
                                    p.items.value, w.value, a.wire
                                ),
                                "name the items' sequence field, e.g. MsgSeq, for a request field like ReqMsgSeq",
                            );
                            ok = false;
                        }
                    }
                }
            }
        }
        if let Some((field, _)) = &p.done {
            if !find(response, &field.value).is_some_and(|f| f.ty == Type::Integer) {
                self.diags.error_hint(
                    &field.pos,
                    format!("`done` needs an integer reply field; `{}` is not one", field.value),
                    "name the reply flag that marks the last page, e.g. CompleteFlag",
                );
                ok = false;
            }
        }
        if let Some(total) = &p.total {
            if !find(response, &total.value).is_some_and(|f| f.ty == Type::Integer) {
                self.diags.error_hint(
                    &total.pos,
                    format!("`total` needs an integer reply field; `{}` is not one", total.value),
                    "name the reply field counting the items of all pages, e.g. TotalCount",
                );
                ok = false;
            } else if !cursor.iter().any(|(_, from)| *from == CursorFrom::AddItems) && ok {
                self.diags.error_hint(
                    &total.pos,
                    "`total` is compared with an offset, and no cursor has `add_items: true`",
                    "add `{request: Offset, add_items: true}` to `cursor`, or remove `total`",
                );
                ok = false;
            }
        }
        ok.then(|| Paging {
            items: p.items.value.clone(),
            cursor,
            done: p.done.as_ref().map(|(f, v)| (f.value.clone(), v.value)),
            total: p.total.as_ref().map(|t| t.value.clone()),
        })
    }

    /// `source`: a real `YYYY-MM-DD` date (its URL is checked with the endpoint's other links).
    fn source(&mut self, e: &RawEndpoint) -> Option<Source> {
        let (url, updated) = e.source.as_ref()?;
        if let Some(d) = updated {
            if !is_date(&d.value) {
                self.diags.error_hint(
                    &d.pos,
                    format!("`{}` is not a date", d.value),
                    "write the page's last-updated date as YYYY-MM-DD",
                );
            }
        }
        Some(Source { url: url.as_ref().map(|u| u.value.clone()), updated: updated.as_ref().map(|d| d.value.clone()) })
    }

    /// `batch` names a request list with a `max_items` limit: the size of each call.
    fn batch(&mut self, e: &RawEndpoint, request: &[Field]) -> Option<String> {
        let b = e.batch.as_ref()?;
        match request.iter().find(|f| f.wire == b.value) {
            Some(f) if matches!(f.ty, Type::Array(_)) && f.limits.max_items.is_some() => Some(f.wire.clone()),
            Some(f) => {
                self.diags.error_hint(
                    &b.pos,
                    format!("batch field `{}` must be a list with a `max_items` limit", f.wire),
                    "add `limits: {max_items: N}` (N per call) to the field",
                );
                None
            }
            None => {
                self.diags.error_hint(
                    &b.pos,
                    format!("the request has no field `{}`", b.value),
                    "name the request list to split",
                );
                None
            }
        }
    }

    /// `dedup` marks integer fields of the request itself: together they are the key by which the
    /// service recognises a repeat (e.g. `MsgSeq` and `MsgRandom`).
    fn dedup_fields(&mut self, e: &RawEndpoint) {
        let misplaced = e.response.iter().chain(e.types.iter().flat_map(|t| match &t.kind {
            RawKind::Struct(fields) => fields.as_slice(),
            RawKind::Enum { .. } | RawKind::Union { .. } => &[],
        }));
        for f in misplaced {
            if let Some(pos) = &f.dedup {
                self.diags.error_hint(
                    pos,
                    format!("`dedup` on `{}`, which is not a field of the request", f.wire.value),
                    "mark the request's own de-duplication fields",
                );
            }
        }
        for f in e.request.iter().filter(|f| f.dedup.is_some()) {
            if f.ty.value.trim() != "integer" {
                let pos = f.dedup.as_ref().unwrap_or(&f.pos);
                self.diags.error_hint(
                    pos,
                    format!("de-duplication field `{}` must be an integer", f.wire.value),
                    "the client fills each one it is not given with a random 32-bit number",
                );
            }
        }
    }

    fn group_types(&mut self, e: &RawEndpoint) -> Vec<String> {
        if e.group_types.is_empty() {
            return Vec::new();
        }
        let values: Vec<String> = match self.shared_names.get("GroupType").map(|t| &t.kind) {
            Some(RawKind::Enum { values, .. }) => values.iter().map(|v| v.wire.value.to_string()).collect(),
            _ if self.types_broken => return Vec::new(),
            _ => {
                let pos = &e.group_types[0].pos;
                self.diags.error_hint(
                    pos,
                    "`group_types` needs the enum `GroupType` in spec/shared/types.yaml",
                    "define `GroupType` with `enum: string` and the group types as values",
                );
                return Vec::new();
            }
        };
        let mut out: Vec<String> = Vec::new();
        for g in &e.group_types {
            if !values.contains(&g.value) {
                let hint = match did_you_mean(&g.value, values.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "known group types: {}; add new ones to `GroupType` in spec/shared/types.yaml",
                        values.join(", ")
                    ),
                };
                self.diags.error_hint(&g.pos, format!("unknown group type `{}`", g.value), hint);
            } else if out.contains(&g.value) {
                self.diags.error_hint(&g.pos, format!("group type `{}` is listed twice", g.value), "keep one");
            } else {
                out.push(g.value.clone());
            }
        }
        out
    }

    fn related(&mut self, e: &RawEndpoint, services: &[Service]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &e.related {
            let v = r.value.trim_start_matches("v4/");
            let known = match v.split_once('/') {
                Some((s, c)) if !c.is_empty() && !c.contains('/') => {
                    services.is_empty() || services.iter().any(|x| x.wire == s)
                }
                _ => {
                    self.diags.error_hint(
                        &r.pos,
                        format!("related endpoint `{}` is not `<service>/<command>`", r.value),
                        "write e.g. `group_open_http_svc/create_group`",
                    );
                    continue;
                }
            };
            if !known {
                self.diags.error_hint(
                    &r.pos,
                    format!("related endpoint `{v}` is in an unknown service"),
                    "declare the service in spec/shared/services.yaml, or correct the path",
                );
            } else if v == e.path.value {
                self.diags.error_hint(&r.pos, "an endpoint cannot be related to itself", "remove this entry");
            } else if out.iter().any(|x| x == v) {
                self.diags.error_hint(&r.pos, format!("related endpoint `{v}` is listed twice"), "keep one");
            } else {
                out.push(v.to_string());
            }
        }
        out
    }

    fn errata(&mut self, e: &RawEndpoint, ep: &Endpoint, service_types: &[TypeDef]) -> Vec<Erratum> {
        let mut out = Vec::new();
        for x in &e.errata {
            let at = x.at.value.as_str();
            let ok = match at.split_once('.') {
                Some(("query", p)) => QUERY_PARAMS.contains(&p),
                Some(("request", p)) => self.field_path(&ep.request, p, ep, service_types),
                Some(("response", p)) => self.field_path(&ep.response, p, ep, service_types),
                Some(("errors", code)) => code.parse::<i64>().is_ok_and(|c| ep.errors.iter().any(|x| x.code == c)),
                Some(("types", p)) => {
                    let (name, rest) = p.split_once('.').unwrap_or((p, ""));
                    match ep.types.iter().chain(service_types).find(|t| t.name == name) {
                        Some(TypeDef { kind: TypeKind::Struct(fields), .. }) if !rest.is_empty() => {
                            self.field_path(fields, rest, ep, service_types)
                        }
                        Some(_) => rest.is_empty(),
                        None => false,
                    }
                }
                None => ERRATA_TOP.contains(&at),
                Some(_) => false,
            };
            // A field the page lists and the spec leaves out: its parent exists and its name is
            // no near-miss of a field there (`GroupID` for `GroupId` is a typo), unless `vendor`
            // quotes that name: the page's own spelling of a field the spec names otherwise.
            let quoted = |leaf: &str| x.vendor.contains(&format!("`{leaf}`"));
            let left_out = |fields: &[Field], p: &str| {
                let (parent, leaf) = p.rsplit_once('.').map_or(("", p), |(a, b)| (a, b));
                self.fields_at(fields, parent, ep, service_types).is_some_and(|sib| {
                    quoted(leaf) || did_you_mean(leaf, sib.iter().map(|f| f.wire.as_str())).is_none()
                })
            };
            let ok = ok
                || match at.split_once('.') {
                    Some(("request", p)) => left_out(&ep.request, p),
                    Some(("response", p)) => left_out(&ep.response, p),
                    _ => false,
                };
            if !ok {
                self.diags.error_hint(&x.at.pos, format!("erratum points at `{at}`, which this endpoint does not have"), "write `request.<Field>`, `response.<Field>`, `query.<param>`, `errors.<code>`, `types.<Name>[.<Field>]` or a top-level key such as `summary`");
                continue;
            }
            out.push(Erratum { at: at.to_string(), vendor: x.vendor.clone(), fix: x.fix.clone() });
        }
        out
    }

    /// The fields inside `a.b` (the side's own for an empty path), following named struct types
    /// as `field_path` does; none when the path names no struct.
    fn fields_at<'f>(
        &'f self,
        fields: &'f [Field],
        path: &str,
        ep: &'f Endpoint,
        service_types: &'f [TypeDef],
    ) -> Option<&'f [Field]> {
        const MAX_SEGMENTS: usize = 16;
        if path.split('.').count() >= MAX_SEGMENTS {
            return None;
        }
        let mut fields = fields;
        for segment in path.split('.').filter(|s| !s.is_empty()) {
            let f = fields.iter().find(|f| f.wire == segment)?;
            fields = struct_fields(ep.types.iter().chain(service_types), &self.shared_types, f.ty.named()?)?;
        }
        Some(fields)
    }

    /// Whether `a.b.c` names a field, following named struct types of the endpoint, of its
    /// service's shared files and of spec/shared.
    fn field_path(&self, fields: &[Field], path: &str, ep: &Endpoint, service_types: &[TypeDef]) -> bool {
        let (parent, leaf) = path.rsplit_once('.').map_or(("", path), |(a, b)| (a, b));
        self.fields_at(fields, parent, ep, service_types).is_some_and(|fs| fs.iter().any(|f| f.wire == leaf))
    }

    /// Types of different endpoints land in one module per service: their names must not collide.
    fn module_collisions(&mut self, raw: &Raw, services: &[Service]) {
        for s in services {
            let mut names: BTreeMap<String, (String, Pos)> = BTreeMap::new();
            names.insert(s.handle(), ("the service handle".into(), Pos::file_start("shared/services.yaml")));
            for f in raw.service_shared.iter().filter(|f| f.service == s.wire) {
                for t in &f.types {
                    names.entry(t.name.value.clone()).or_insert_with(|| (f.file.clone(), t.name.pos.clone()));
                }
            }
            let in_service = raw.endpoints.iter().filter(|e| e.path.value.split('/').next() == Some(s.wire.as_str()));
            let mut methods: BTreeMap<String, &Pos> = BTreeMap::new();
            for e in in_service {
                let method = e.name.as_ref().map_or_else(
                    || e.path.value.split('/').nth(1).unwrap_or_default().to_string(),
                    |n| n.value.clone(),
                );
                if let Some(first) = methods.insert(method.clone(), &e.path.pos) {
                    self.diags.error_hint(
                        &e.path.pos,
                        format!("two endpoints of `{}` get the method name `{method}` (other: {first})", s.wire),
                        "add `name: <method_name>` to one of them",
                    );
                    // Their generated type names collide too; one message says it.
                    continue;
                }
                let extras = [(e.paging.is_some(), "_all"), (e.batch.is_some(), "_batched")];
                for suffix in extras.iter().filter(|(on, _)| *on).map(|(_, s)| s) {
                    let extra = format!("{method}{suffix}");
                    if let Some(first) = methods.insert(extra.clone(), &e.path.pos) {
                        self.diags.error_hint(
                            &e.path.pos,
                            format!(
                                "the generated method `{extra}` collides with a method of `{}` (at {first})",
                                s.wire
                            ),
                            "add `name: <method_name>` to one of the endpoints",
                        );
                    }
                }
                let prefix = camel(&method);
                let generated = [format!("{prefix}Request"), format!("{prefix}Response"), format!("{prefix}Error")];
                let declared = e.types.iter().map(|t| (t.name.value.clone(), t.name.pos.clone()));
                for (name, pos) in generated.into_iter().map(|n| (n, e.path.pos.clone())).chain(declared) {
                    if let Some((owner, first)) = names.get(&name) {
                        if first != &pos {
                            self.diags.error_hint(
                                &pos,
                                format!(
                                    "`{name}` is defined twice in module `{}` (also by {owner} at {first})",
                                    s.module
                                ),
                                "rename one, or move a shared type to spec/shared/types.yaml",
                            );
                        }
                        continue;
                    }
                    names.insert(name, (e.file.clone(), pos));
                }
            }
        }
    }
}

/// The variants of one enum or union: each wire value once, each Rust name once, `Unknown` kept for
/// the fallback.
struct VariantNames<'p> {
    what: &'static str,
    wires: BTreeMap<String, &'p Pos>,
    rusts: BTreeMap<String, &'p Pos>,
}

impl<'p> VariantNames<'p> {
    fn new(what: &'static str, type_pos: &'p Pos) -> Self {
        let rusts = BTreeMap::from([("Unknown".to_string(), type_pos)]);
        VariantNames { what, wires: BTreeMap::new(), rusts }
    }

    /// The Rust name of the variant `wire` written at `pos`: `rust` if given, else `derived`.
    /// `None`, reported, for a repeated wire value, an unusable name or a name already taken.
    fn claim(
        &mut self,
        diags: &mut Diags,
        wire: &str,
        pos: &'p Pos,
        rust: Option<&'p Sp<String>>,
        derived: Option<String>,
    ) -> Option<String> {
        let what = self.what;
        if let Some(first) = self.wires.insert(wire.to_string(), pos) {
            diags.error_hint(
                pos,
                format!("{what} `{wire}` is listed twice (first at line {})", first.line),
                "keep one entry",
            );
            return None;
        }
        let (name, at) = match rust {
            Some(r) => (r.value.clone(), &r.pos),
            None => (derived.unwrap_or_default(), pos),
        };
        if !is_camel(&name) || is_keyword(&name) {
            let why = if is_keyword(&name) { "a Rust keyword" } else { "no usable Rust name" };
            diags.error_hint(at, format!("{what} `{wire}` has {why} (`{name}`)"), "add `rust: <UpperCamelName>`");
            return None;
        }
        if let Some(first) = self.rusts.insert(name.clone(), at) {
            let why =
                if name == "Unknown" { "the fallback variant".to_string() } else { format!("line {}", first.line) };
            diags.error_hint(
                at,
                format!("{what} `{wire}` becomes variant `{name}`, which is taken ({why})"),
                "add `rust: <OtherName>` to one of them",
            );
            return None;
        }
        Some(name)
    }
}

/// The fields of the struct `r` names: one of `local` unless `r` is shared, else a shared type.
fn struct_fields<'t>(
    local: impl IntoIterator<Item = &'t TypeDef>,
    shared: &'t [TypeDef],
    r: &TypeRef,
) -> Option<&'t [Field]> {
    let local = local.into_iter().find(|t| t.name == r.name && !r.shared);
    match &local.or_else(|| shared.iter().find(|t| t.name == r.name))?.kind {
        TypeKind::Struct(fields) => Some(fields),
        _ => None,
    }
}

/// `YYYY-MM-DD` with a month and a day that exist (February up to 29).
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let (m, d): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// A snake_case spelling of anything, for hints.
fn valid_snake(s: &str) -> String {
    let s = snake(s);
    match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => s,
        _ => format!("x_{s}").trim_end_matches('_').to_string(),
    }
}

/// A suggestion for a name that is a keyword.
fn keyword_alternative(name: &str) -> String {
    match name {
        "type" => "kind".into(),
        "ref" => "reference".into(),
        "match" => "matched".into(),
        "self" => "this".into(),
        "move" => "moved".into(),
        n if is_keyword(n) => format!("{n}_value"),
        n => n.to_string(),
    }
}
