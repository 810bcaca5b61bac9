//! First pass: each file on its own, YAML to positioned declarations. Only shapes are checked here
//! (keys, value kinds, name spelling); references between files are resolved in `resolve`.

use super::SourceFile;
use crate::diag::{Diags, Pos};
use crate::model::{Edition, EnumRepr, Period, WireValue};
use crate::yaml::{Map, Reader, Sp, Val, parse};
use std::collections::BTreeSet;

#[path = "webhook_parse.rs"]
mod webhook;
pub(crate) use webhook::{RawProtocol, RawReply, RawWebhookDef, RawWhen};

pub(crate) struct RawService {
    pub wire: Sp<String>,
    pub module: Sp<String>,
    pub title: String,
    pub doc: String,
    pub invalid_request_code: Option<Sp<i64>>,
}

pub(crate) struct RawRegion {
    pub name: Sp<String>,
    pub host: String,
    pub doc: String,
}

pub(crate) struct RawTable {
    pub name: Sp<String>,
    pub doc: String,
    pub codes: Vec<RawCode>,
}

pub(crate) struct RawCode {
    pub code: Sp<i64>,
    pub name: Sp<String>,
    pub meaning: String,
    pub retriable: bool,
}

pub(crate) struct RawField {
    pub pos: Pos,
    pub wire: Sp<String>,
    pub rust: Option<Sp<String>>,
    pub ty: Sp<String>,
    pub required: bool,
    pub doc: String,
    pub limits: Vec<(Sp<String>, Sp<i64>)>,
    /// Where `dedup: true` was written, if it was.
    pub dedup: Option<Pos>,
    pub limit_codes: Vec<(Sp<String>, Sp<i64>)>,
}

pub(crate) struct RawType {
    pub name: Sp<String>,
    pub doc: String,
    pub kind: RawKind,
}

pub(crate) enum RawKind {
    Struct(Vec<RawField>),
    Enum { repr: EnumRepr, values: Vec<RawValue> },
    Union { tag: Sp<String>, content: Sp<String>, variants: Vec<RawVariant> },
}

pub(crate) struct RawVariant {
    pub tag: Sp<String>,
    pub rust: Option<Sp<String>>,
    pub ty: Option<Sp<String>>,
    pub doc: String,
}

pub(crate) struct RawValue {
    pub wire: Sp<WireValue>,
    pub rust: Option<Sp<String>>,
    pub doc: String,
}

pub(crate) struct RawServiceShared {
    pub service: String,
    pub file: String,
    pub types: Vec<RawType>,
    pub tables: Vec<RawTable>,
}

pub(crate) struct RawWebhook {
    pub name: Sp<String>,
    pub summary: String,
    pub docs: Option<Sp<String>>,
}

pub(crate) struct RawErratum {
    pub at: Sp<String>,
    pub vendor: String,
    pub fix: String,
}

pub(crate) struct RawEndpoint {
    pub file: String,
    pub path: Sp<String>,
    pub name: Option<Sp<String>>,
    pub title: String,
    pub summary: String,
    pub docs: Sp<String>,
    pub rate_limit: Option<(u64, Period)>,
    pub edition: Option<Edition>,
    pub edition_code: Option<Sp<i64>>,
    pub group_types: Vec<Sp<String>>,
    pub irreversible: bool,
    pub idempotent: bool,
    pub notes: Vec<String>,
    pub related: Vec<Sp<String>>,
    pub webhooks: Vec<RawWebhook>,
    pub request: Vec<RawField>,
    pub response: Vec<RawField>,
    pub types: Vec<RawType>,
    pub tables: Vec<Sp<String>>,
    pub codes: Vec<RawCode>,
    pub errata: Vec<RawErratum>,
    pub examples: Vec<(Option<String>, Option<String>)>,
    pub paging: Option<RawPaging>,
    pub batch: Option<Sp<String>>,
    pub source: Option<RawSource>,
}

/// `source: {url, updated}`, each optional.
pub(crate) type RawSource = (Option<Sp<String>>, Option<Sp<String>>);

pub(crate) struct RawPaging {
    pub items: Sp<String>,
    pub cursor: Vec<(Sp<String>, RawCursorFrom)>,
    pub done: Option<(Sp<String>, Sp<i64>)>,
    /// `total: TotalCount`: the reply field counting the items of all pages.
    pub total: Option<Sp<String>>,
}

/// Where a cursor's next value comes from.
pub(crate) enum RawCursorFrom {
    /// `reply: Next`: a reply field.
    Reply(Sp<String>),
    /// `below_items: MsgSeq`: one below the smallest value of an item field.
    BelowItems(Sp<String>),
    /// `add_items: true`: the request's value plus the number of items received (an offset).
    AddItems(Sp<bool>),
}

/// Everything the files declare, before resolution.
#[derive(Default)]
pub(crate) struct Raw {
    pub services: Option<(Pos, Vec<RawService>)>,
    pub regions: Option<Vec<RawRegion>>,
    pub common: Option<RawTable>,
    pub tables: Vec<RawTable>,
    pub shared_types: Vec<RawType>,
    /// Definitions shared by the endpoints of one service (`<service>/_<name>.yaml`).
    pub service_shared: Vec<RawServiceShared>,
    pub endpoints: Vec<RawEndpoint>,
    /// Callback commands (`webhooks/<Command>.yaml`) and their shared protocol (`webhooks/_protocol.yaml`).
    pub webhooks: Vec<RawWebhookDef>,
    pub webhook_protocol: Option<RawProtocol>,
    /// Shared files that exist but had errors: what they define may be missing, which is not
    /// worth reporting again at every use.
    pub broken: BTreeSet<String>,
}

pub(crate) fn parse_all(files: &[SourceFile], diags: &mut Diags) -> Raw {
    let mut raw = Raw::default();
    for f in files {
        let before = diags.len();
        parse_file(f, diags, &mut raw);
        if (f.path.starts_with("shared/") || f.path.starts_with("webhooks/")) && diags.len() > before {
            raw.broken.insert(f.path.clone());
        }
    }
    raw
}

fn parse_file(f: &SourceFile, diags: &mut Diags, raw: &mut Raw) {
    let node = match parse(&f.path, &f.text) {
        Ok(node) => node,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    let mut r = Reader::new(&f.path, &f.text, diags);
    let segments: Vec<&str> = f.path.split('/').collect();
    match segments.as_slice() {
        ["shared", _] => match f.path.as_str() {
            "shared/services.yaml" => raw.services = services(&mut r, (&node).into()),
            "shared/regions.yaml" => raw.regions = regions(&mut r, (&node).into()),
            "shared/errors.yaml" => {
                if let Some((common, tables)) = errors_file(&mut r, (&node).into()) {
                    raw.common = Some(common);
                    raw.tables = tables;
                }
            }
            // Any other shared file holds types used across services (e.g. the message model).
            _ => raw.shared_types.extend(types_file(&mut r, (&node).into())),
        },
        ["webhooks", name] => webhook::file(&mut r, (&node).into(), name, raw),
        [service, name] if name.starts_with('_') => {
            raw.service_shared.extend(service_shared_file(&mut r, (&node).into(), service));
        }
        [_, _] => raw.endpoints.extend(endpoint(&mut r, (&node).into())),
        _ => r.err(
            &Pos::file_start(&f.path),
            "spec files live at `<service>/<command>.yaml`, `<service>/_<name>.yaml` or `shared/<name>.yaml`",
            format!("move `{}` to `<service>/<command>.yaml`", f.path),
        ),
    }
}

/// `<service>/_<name>.yaml`: types and error tables shared by the service's endpoints.
fn service_shared_file(r: &mut Reader, node: Val, service: &str) -> Option<RawServiceShared> {
    let file = r.file.clone();
    let m = r.map(node, &format!("`{file}`"), &["types", "tables"])?;
    let types = m.get("types").map(|n| types(r, n)).unwrap_or_default();
    let mut tables = Vec::new();
    if let Some(n) = m.get("tables") {
        for (name, n) in r.named_entries(n, "tables") {
            tables.extend(table(r, name, n));
        }
    }
    if m.get("types").is_none() && m.get("tables").is_none() {
        r.err(
            &m.pos,
            "a service's shared file defines neither types nor tables",
            "add `types:` or `tables:`, or delete the file",
        );
    }
    Some(RawServiceShared { service: service.to_string(), file, types, tables })
}

/// Reads a required list key and maps each element; an absent key was already reported.
fn list<'n, T>(
    r: &mut Reader,
    map: &Map<'n>,
    key: &str,
    example: &str,
    mut each: impl FnMut(&mut Reader, Val<'n>) -> Option<T>,
) -> Vec<T> {
    match r.req(map, key, example) {
        Some(node) => opt_list(r, Some(node), key, &mut each),
        None => Vec::new(),
    }
}

fn opt_list<'n, T>(
    r: &mut Reader,
    node: Option<Val<'n>>,
    key: &str,
    mut each: impl FnMut(&mut Reader, Val<'n>) -> Option<T>,
) -> Vec<T> {
    let Some(node) = node else { return Vec::new() };
    let Some(seq) = r.seq(node, key) else { return Vec::new() };
    seq.iter().filter_map(|item| each(r, item.into())).collect()
}

fn req_text(r: &mut Reader, map: &Map, key: &str, example: &str) -> Option<String> {
    let node = r.req(map, key, example)?;
    r.text(node, key).map(|s| s.value)
}

fn req_bool(r: &mut Reader, map: &Map, key: &str) -> Option<bool> {
    let node = r.req(map, key, "true")?;
    r.bool(node, key).map(|b| b.value)
}

fn services(r: &mut Reader, node: Val) -> Option<(Pos, Vec<RawService>)> {
    let top = r.map(node, "shared/services.yaml", &["services"])?;
    let pos = top.pos.clone();
    let list = list(r, &top, "services", "[{wire: sns, module: sns, title: ..., doc: ...}]", |r, n| {
        let m = r.map(n, "a service", &["wire", "module", "title", "doc", "invalid_request_code"])?;
        let wire = r.req(&m, "wire", "group_open_http_svc").and_then(|n| r.text(n, "wire"));
        let module = r.req(&m, "module", "group").and_then(|n| r.text(n, "module"));
        let title = req_text(r, &m, "title", "Group management");
        let doc = req_text(r, &m, "doc", "What the service covers.");
        let invalid_request_code = m.get("invalid_request_code").and_then(|n| r.int(n, "invalid_request_code"));
        Some(RawService { wire: wire?, module: module?, title: title?, doc: doc?, invalid_request_code })
    });
    Some((pos, list))
}

fn regions(r: &mut Reader, node: Val) -> Option<Vec<RawRegion>> {
    let top = r.map(node, "shared/regions.yaml", &["regions"])?;
    Some(list(r, &top, "regions", "[{name: singapore, host: adminapisgp.im.qcloud.com, doc: Singapore.}]", |r, n| {
        let m = r.map(n, "a region", &["name", "host", "doc"])?;
        let name = r.req(&m, "name", "singapore").and_then(|n| r.text(n, "name"));
        let host = req_text(r, &m, "host", "adminapisgp.im.qcloud.com");
        let doc = req_text(r, &m, "doc", "Where it is.");
        Some(RawRegion { name: name?, host: host?, doc: doc? })
    }))
}

fn errors_file(r: &mut Reader, node: Val) -> Option<(RawTable, Vec<RawTable>)> {
    let top = r.map(node, "shared/errors.yaml", &["common", "tables"])?;
    let common_node = r.req(&top, "common", "{doc: ..., codes: [...]}");
    let common = common_node.and_then(|n| {
        let pos = r.pos(n);
        table(r, Sp { value: "common".to_string(), pos }, n)
    });
    let mut tables = Vec::new();
    if let Some(n) = top.get("tables") {
        for (name, n) in r.named_entries(n, "tables") {
            tables.extend(table(r, name, n));
        }
    }
    Some((common?, tables))
}

fn table(r: &mut Reader, name: Sp<String>, node: Val) -> Option<RawTable> {
    let what = format!("error table `{}`", name.value);
    let m = r.map(node, &what, &["doc", "codes"])?;
    let doc = req_text(r, &m, "doc", "What these codes have in common.");
    let codes =
        list(r, &m, "codes", "[{code: 10002, name: internal_error, meaning: ..., retriable: true}]", error_code);
    Some(RawTable { name, doc: doc?, codes })
}

fn error_code(r: &mut Reader, node: Val) -> Option<RawCode> {
    let m = r.map(node, "an error code", &["code", "name", "meaning", "retriable"])?;
    let code = r.req(&m, "code", "10010").and_then(|n| r.int(n, "code"));
    let name = r.req(&m, "name", "group_not_found").and_then(|n| r.text(n, "name"));
    let meaning = req_text(r, &m, "meaning", "What the code means, in our words.");
    let retriable = req_bool(r, &m, "retriable");
    Some(RawCode { code: code?, name: name?, meaning: meaning?, retriable: retriable? })
}

fn types_file(r: &mut Reader, node: Val) -> Vec<RawType> {
    let Some(top) = r.map(node, "shared/types.yaml", &["types"]) else { return Vec::new() };
    match r.req(&top, "types", "{Name: {doc: ..., fields: [...]}}") {
        Some(n) => types(r, n),
        None => Vec::new(),
    }
}

fn types(r: &mut Reader, node: Val) -> Vec<RawType> {
    let mut out = Vec::new();
    for (name, n) in r.named_entries(node, "types") {
        out.extend(type_def(r, name, n));
    }
    out
}

fn type_def(r: &mut Reader, name: Sp<String>, node: Val) -> Option<RawType> {
    let what = format!("type `{}`", name.value);
    let m = r.map(node, &what, &["doc", "fields", "enum", "values", "union"])?;
    let doc = req_text(r, &m, "doc", "What the type holds.");
    if let Some(u) = m.get("union") {
        if m.get("fields").is_some() || m.get("enum").is_some() {
            r.err(
                &m.pos,
                format!("{what} has `union` and `fields` or `enum`"),
                "a type is a struct, an enum or a union: keep one",
            );
            return None;
        }
        let kind = union(r, u, &what)?;
        return Some(RawType { name, doc: doc?, kind });
    }
    let kind = match (m.get("fields"), m.get("enum")) {
        (Some(fields), None) => {
            if let Some(v) = m.get("values") {
                let pos = r.pos(v);
                r.err(
                    &pos,
                    format!("{what} has `values` but is a struct"),
                    "`values` belongs to enums; add `enum: string` or remove it",
                );
            }
            RawKind::Struct(opt_list(r, Some(fields), "fields", field))
        }
        (None, Some(repr_node)) => {
            let repr = r.text(repr_node, "enum").and_then(|s| match s.value.as_str() {
                "string" => Some(EnumRepr::String),
                "integer" => Some(EnumRepr::Integer),
                other => {
                    r.err(
                        &s.pos,
                        format!("unknown enum representation `{other}`"),
                        "write `enum: string` or `enum: integer`",
                    );
                    None
                }
            });
            let values = list(r, &m, "values", "[{wire: Private, doc: ...}]", |r, n| enum_value(r, n, repr));
            RawKind::Enum { repr: repr?, values }
        }
        (Some(_), Some(_)) => {
            r.err(
                &m.pos,
                format!("{what} has both `fields` and `enum`"),
                "a type is either a struct (`fields`) or an enum (`enum` + `values`)",
            );
            return None;
        }
        (None, None) => {
            r.err(
                &m.pos,
                format!("{what} has neither `fields` nor `enum`"),
                "add `fields: [...]` for an object or `enum: string` with `values: [...]`",
            );
            return None;
        }
    };
    Some(RawType { name, doc: doc?, kind })
}

/// A union: objects whose `tag` key names the variant and whose `content` key holds its value.
fn union(r: &mut Reader, node: Val, what: &str) -> Option<RawKind> {
    let m = r.map(node, &format!("the union of {what}"), &["tag", "content", "variants"])?;
    let tag = r.req(&m, "tag", "MsgType").and_then(|n| r.text(n, "tag"));
    let content = r.req(&m, "content", "MsgContent").and_then(|n| r.text(n, "content"));
    let variants = list(r, &m, "variants", "[{tag: TIMTextElem, type: TextContent, doc: ...}]", |r, n| {
        let v = r.map(n, "a union variant", &["tag", "rust", "type", "doc"])?;
        let tag = r.req(&v, "tag", "TIMTextElem").and_then(|n| r.text(n, "tag"));
        let rust = v.get("rust").and_then(|n| r.text(n, "rust"));
        let ty = v.get("type").and_then(|n| r.inner_text(n, "type"));
        let doc = req_text(r, &v, "doc", "What the variant carries.");
        Some(RawVariant { tag: tag?, rust, ty, doc: doc? })
    });
    Some(RawKind::Union { tag: tag?, content: content?, variants })
}

fn enum_value(r: &mut Reader, node: Val, repr: Option<EnumRepr>) -> Option<RawValue> {
    let m = r.map(node, "an enum value", &["wire", "rust", "doc"])?;
    let wire_node = r.req(&m, "wire", "Private");
    let wire = match (wire_node, repr) {
        (Some(n), Some(EnumRepr::Integer)) => {
            r.int(n, "wire").map(|v| Sp { value: WireValue::Integer(v.value), pos: v.pos })
        }
        (Some(n), _) => r.text(n, "wire").map(|v| Sp { value: WireValue::String(v.value), pos: v.pos }),
        (None, _) => None,
    };
    let rust = m.get("rust").and_then(|n| r.text(n, "rust"));
    let doc = req_text(r, &m, "doc", "What the value means.");
    Some(RawValue { wire: wire?, rust, doc: doc? })
}

const LIMIT_KEYS: &[&str] = &["min_items", "max_items", "max_bytes", "item_max_bytes", "min", "max"];

fn field(r: &mut Reader, node: Val) -> Option<RawField> {
    let m = r.map(node, "a field", &["wire", "rust", "type", "required", "doc", "limits", "limit_codes", "dedup"])?;
    let dedup = m.get("dedup").and_then(|n| r.bool(n, "dedup")).filter(|b| b.value).map(|b| b.pos);
    let wire = r.req(&m, "wire", "GroupId").and_then(|n| r.text(n, "wire"));
    let what = match &wire {
        Some(w) => format!("field `{}`", w.value),
        None => "the field".to_string(),
    };
    let rust = m.get("rust").and_then(|n| r.text(n, "rust"));
    let ty = r.req(&m, "type", "string").and_then(|n| r.inner_text(n, "type"));
    let required = req_bool(r, &m, "required");
    let doc = req_text(r, &m, "doc", "What the field holds.");
    let limits = limit_map(r, &m, "limits", &format!("the limits of {what}"), "{max_items: 32}");
    let limit_codes = limit_map(r, &m, "limit_codes", &format!("the limit codes of {what}"), "{item_max_bytes: 51011}");
    Some(RawField {
        pos: m.pos.clone(),
        wire: wire?,
        rust,
        ty: ty?,
        required: required?,
        doc: doc?,
        limits,
        limit_codes,
        dedup,
    })
}

/// A field's `key: {limit name: number, ...}` (its limits, or their codes), each number with the
/// position of its limit name.
fn limit_map(r: &mut Reader, m: &Map, key: &str, what: &str, example: &str) -> Vec<(Sp<String>, Sp<i64>)> {
    let Some(lm) = m.get(key).and_then(|n| r.map(n, what, LIMIT_KEYS)) else { return Vec::new() };
    let mut out = Vec::new();
    for name in LIMIT_KEYS {
        if let Some(v) = lm.get(name).and_then(|n| r.int(n, name)) {
            let pos = lm.key_pos(&r.file, name).unwrap_or_else(|| v.pos.clone());
            out.push((Sp { value: name.to_string(), pos }, v));
        }
    }
    if lm.is_empty() {
        r.err(&lm.pos, format!("{what} are empty"), format!("remove `{key}` or write e.g. `{key}: {example}`"));
    }
    out
}

const ENDPOINT_KEYS: &[&str] = &[
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
    "paging",
    "batch",
];

fn endpoint(r: &mut Reader, node: Val) -> Option<RawEndpoint> {
    let m = r.map(node, "an endpoint", ENDPOINT_KEYS)?;
    let path = r.req(&m, "path", "group_open_http_svc/destroy_group").and_then(|n| r.text(n, "path"));
    let name = m.get("name").and_then(|n| r.text(n, "name"));
    let title = req_text(r, &m, "title", "Disband a group");
    let summary = req_text(r, &m, "summary", "What the endpoint does, in our words.");
    let docs =
        r.req(&m, "docs", "https://www.tencentcloud.com/document/product/1047/34896").and_then(|n| r.text(n, "docs"));
    let rate_limit = m.get("rate_limit").and_then(|n| rate_limit(r, n));
    let edition = m.get("edition").and_then(|n| edition(r, n));
    let edition_code = m.get("edition_code").and_then(|n| r.int(n, "edition_code"));
    let group_types = opt_list(r, m.get("group_types"), "group_types", |r, n| r.text(n, "a group type"));
    let irreversible = m.get("irreversible").and_then(|n| r.bool(n, "irreversible")).is_some_and(|b| b.value);
    let idempotent = m.get("idempotent").and_then(|n| r.bool(n, "idempotent")).is_some_and(|b| b.value);
    let notes = opt_list(r, m.get("notes"), "notes", |r, n| r.text(n, "a note").map(|s| s.value));
    let related = opt_list(r, m.get("related"), "related", |r, n| r.text(n, "a related endpoint"));
    let webhooks = opt_list(r, m.get("webhooks"), "webhooks", webhook);
    let request = opt_list(r, m.get("request"), "request", field);
    let response = opt_list(r, m.get("response"), "response", field);
    let types = m.get("types").map(|n| types(r, n)).unwrap_or_default();
    let (tables, codes) = m.get("errors").and_then(|n| endpoint_errors(r, n)).unwrap_or_default();
    let errata = opt_list(r, m.get("errata"), "errata", erratum);
    // One sample pair, or a list of them (pages often show a basic and a complete form).
    let examples = match m.get("examples") {
        Some(n) if n.node.as_sequence().is_some() => opt_list(r, Some(n), "examples", examples),
        Some(n) => examples(r, n).into_iter().collect(),
        None => Vec::new(),
    };
    let paging = m.get("paging").and_then(|n| paging(r, n));
    let source = m.get("source").and_then(|n| source(r, n));
    let batch = m.get("batch").and_then(|n| {
        let b = r.map(n, "batch", &["items"])?;
        r.req(&b, "items", "MemberList").and_then(|n| r.text(n, "items"))
    });
    Some(RawEndpoint {
        file: r.file.clone(),
        path: path?,
        name,
        title: title?,
        summary: summary?,
        docs: docs?,
        rate_limit,
        edition,
        edition_code,
        group_types,
        irreversible,
        idempotent,
        notes,
        related,
        webhooks,
        request,
        response,
        types,
        tables,
        codes,
        errata,
        examples,
        paging,
        batch,
        source,
    })
}

/// `source: {url, updated}`, at least one of them.
fn source(r: &mut Reader, n: Val) -> Option<RawSource> {
    let s = r.map(n, "source", &["url", "updated"])?;
    let url = s.get("url").and_then(|n| r.text(n, "url"));
    let updated = s.get("updated").and_then(|n| r.text(n, "updated"));
    if url.is_none() && updated.is_none() {
        r.err(
            &s.pos,
            "`source` names neither the page's `url` nor the date it was `updated`",
            "write e.g. `source: {url: https://..., updated: 2025-10-23}`, or remove it",
        );
    }
    Some((url, updated))
}

/// `paging: {items: ..., cursor: [{request: ..., reply: ... | below_items: ... | add_items: true}],
/// done: {reply: ..., equals: 1}, total: ...}`.
fn paging(r: &mut Reader, node: Val) -> Option<RawPaging> {
    let m = r.map(node, "paging", &["items", "cursor", "done", "total"])?;
    let items = r.req(&m, "items", "GroupIdList").and_then(|n| r.text(n, "items"));
    let cursor = list(r, &m, "cursor", "[{request: Next, reply: Next}]", |r, n| {
        let c = r.map(n, "a cursor field", &["request", "reply", "below_items", "add_items"])?;
        let request = r.req(&c, "request", "Next").and_then(|n| r.text(n, "request"));
        let sources: Vec<(&str, Val)> =
            ["reply", "below_items", "add_items"].into_iter().filter_map(|k| Some((k, c.get(k)?))).collect();
        let from = match sources.as_slice() {
            [("below_items", n)] => r.text(*n, "below_items").map(RawCursorFrom::BelowItems),
            [("add_items", n)] => r.bool(*n, "add_items").map(RawCursorFrom::AddItems),
            [(_, n)] => r.text(*n, "reply").map(RawCursorFrom::Reply),
            [] => r.req(&c, "reply", "Next").and_then(|n| r.text(n, "reply")).map(RawCursorFrom::Reply),
            [_, (_, n), ..] => {
                let pos = r.pos(*n);
                r.err(
                    &pos,
                    "a cursor takes one of `reply`, `below_items` and `add_items`",
                    "keep the one the next page needs",
                );
                None
            }
        };
        Some((request?, from?))
    });
    let done = m.get("done").and_then(|n| {
        let d = r.map(n, "done", &["reply", "equals"])?;
        let reply = r.req(&d, "reply", "CompleteFlag").and_then(|n| r.text(n, "reply"));
        let equals = r.req(&d, "equals", "1").and_then(|n| r.int(n, "equals"));
        Some((reply?, equals?))
    });
    let total = m.get("total").and_then(|n| r.text(n, "total"));
    Some(RawPaging { items: items?, cursor, done, total })
}

fn rate_limit(r: &mut Reader, node: Val) -> Option<(u64, Period)> {
    let m = r.map(node, "rate_limit", &["calls", "per"])?;
    let calls = r.req(&m, "calls", "200").and_then(|n| r.count(n, "calls"));
    let per = r.req(&m, "per", "second").and_then(|n| r.text(n, "per")).and_then(|s| {
        let found = Period::ALL.into_iter().find(|p| p.name() == s.value);
        if found.is_none() {
            let names: Vec<&str> = Period::ALL.iter().map(|p| p.name()).collect();
            r.err(&s.pos, format!("unknown period `{}`", s.value), format!("write one of: {}", names.join(", ")));
        }
        found
    });
    let calls = calls?;
    if calls.value == 0 {
        r.err(
            &calls.pos,
            "a rate limit of 0 calls allows nothing",
            "write the documented number of calls, or remove `rate_limit`",
        );
        return None;
    }
    Some((calls.value, per?))
}

fn edition(r: &mut Reader, node: Val) -> Option<Edition> {
    let s = r.text(node, "edition")?;
    let found = Edition::ALL.into_iter().find(|e| e.name() == s.value);
    if found.is_none() {
        let names: Vec<&str> = Edition::ALL.iter().map(|e| e.name()).collect();
        r.err(
            &s.pos,
            format!("unknown edition `{}`", s.value),
            format!("write one of: {} (the least edition that may call the endpoint)", names.join(", ")),
        );
    }
    found
}

fn webhook(r: &mut Reader, node: Val) -> Option<RawWebhook> {
    let m = r.map(node, "a webhook", &["name", "summary", "docs"])?;
    let name = r.req(&m, "name", "Group.CallbackAfterGroupDestroyed").and_then(|n| r.text(n, "name"));
    let summary = req_text(r, &m, "summary", "When the webhook is sent.");
    let docs = m.get("docs").and_then(|n| r.text(n, "docs"));
    Some(RawWebhook { name: name?, summary: summary?, docs })
}

fn endpoint_errors(r: &mut Reader, node: Val) -> Option<(Vec<Sp<String>>, Vec<RawCode>)> {
    let m = r.map(node, "errors", &["tables", "codes"])?;
    let tables = opt_list(r, m.get("tables"), "tables", |r, n| r.text(n, "a table name"));
    let codes = opt_list(r, m.get("codes"), "codes", error_code);
    if m.get("tables").is_none() && m.get("codes").is_none() {
        r.err(
            &m.pos,
            "`errors` lists neither tables nor codes",
            "remove `errors`, or add `tables: [name]` or `codes: [...]`",
        );
    }
    Some((tables, codes))
}

fn erratum(r: &mut Reader, node: Val) -> Option<RawErratum> {
    let m = r.map(node, "an erratum", &["at", "vendor", "fix"])?;
    let at = r.req(&m, "at", "request.GroupId").and_then(|n| r.text(n, "at"));
    let vendor = r.req(&m, "vendor", "\"what the page says\"").and_then(|n| r.string(n, "vendor"));
    let fix = req_text(r, &m, "fix", "Why the spec differs.");
    Some(RawErratum { at: at?, vendor: vendor?.value, fix: fix? })
}

fn examples(r: &mut Reader, node: Val) -> Option<(Option<String>, Option<String>)> {
    let m = r.map(node, "examples", &["request", "response"])?;
    let mut one = |key: &str| {
        let s = m.get(key).and_then(|n| r.text(n, key))?;
        json_object(r, &s, &format!("examples.{key}"))?;
        Some(s.value)
    };
    let request = one("request");
    let response = one("response");
    Some((request, response))
}

/// Checks that a sample is one JSON object; reports where it is not.
fn json_object(r: &mut Reader, s: &Sp<String>, what: &str) -> Option<()> {
    match serde_json::from_str::<serde_json::Value>(&s.value) {
        Ok(serde_json::Value::Object(_)) => Some(()),
        Ok(_) => {
            r.err(&s.pos, format!("{what} is not a JSON object"), "write the body as `{...}`");
            None
        }
        Err(e) => {
            let msg = format!("{what} is not valid JSON (line {}, column {} of the sample: {e})", e.line(), e.column());
            r.err(&s.pos, msg, "fix the JSON; comments and trailing commas are not allowed");
            None
        }
    }
}
