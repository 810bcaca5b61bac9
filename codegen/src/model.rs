//! The validated spec: every reference resolved, every Rust name decided. The generator reads only
//! this; the loader is the only producer. Positions are gone: nothing after loading can fail on input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The whole spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Services in wire-name order.
    pub services: Vec<Service>,
    /// API hosts, in the order the spec lists them.
    pub regions: Vec<Region>,
    /// Codes any endpoint can return (the vendor's 60000-79999 range).
    pub common_errors: ErrorTable,
    /// Tables of codes shared by the endpoints of a service, by name.
    pub error_tables: Vec<ErrorTable>,
    /// Named types shared by all services, in name order.
    pub shared_types: Vec<TypeDef>,
    /// Endpoints in path order.
    pub endpoints: Vec<Endpoint>,
    /// Callback commands (`spec/webhooks/`), in command order.
    pub webhooks: Vec<WebhookDef>,
    /// What every callback shares: query parameters, signature, timeout (`webhooks/_protocol.yaml`).
    pub webhook_protocol: Option<WebhookProtocol>,
    /// Named types of the webhook module, in name order.
    pub webhook_types: Vec<TypeDef>,
    /// SHA-256 (hex) of the source files' paths and texts. Not part of the API description: it lets
    /// the generated code name the exact spec text it came from, comments included.
    pub digest: String,
}

impl Spec {
    /// The endpoints of one service, in path order.
    pub fn endpoints_of<'a>(&'a self, service: &'a Service) -> impl Iterator<Item = &'a Endpoint> + 'a {
        self.endpoints.iter().filter(move |e| e.service == service.wire)
    }

    /// A shared error table by name.
    pub fn table(&self, name: &str) -> Option<&ErrorTable> {
        self.error_tables.iter().find(|t| t.name == name)
    }

    /// The codes one endpoint can return besides the common ones: its shared tables, then its own.
    pub fn endpoint_errors<'a>(&'a self, endpoint: &'a Endpoint) -> impl Iterator<Item = &'a ErrorCode> + 'a {
        let shared = endpoint.error_tables.iter().filter_map(|t| self.table(t)).flat_map(|t| t.codes.iter());
        shared.chain(endpoint.errors.iter())
    }

    /// An endpoint by path (`service/command`).
    pub fn endpoint(&self, path: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.path() == path)
    }

    /// A named type as seen from `service`: its own module's types, or a shared one.
    pub fn type_def(&self, service: &str, r: &TypeRef) -> Option<&TypeDef> {
        if r.shared {
            return self.shared_types.iter().find(|t| t.name == r.name);
        }
        let service_types = self.services.iter().filter(|s| s.wire == service).flat_map(|s| &s.types);
        let endpoint_types = self.endpoints.iter().filter(|e| e.service == service).flat_map(|e| &e.types);
        service_types.chain(endpoint_types).find(|t| t.name == r.name)
    }

    /// Named types a caller may have to build: those reachable from some request. Keys are
    /// (service wire name, or "" for shared types; type name). The others appear only in replies.
    pub fn input_types(&self) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        let mut todo: Vec<(&str, &Type)> =
            self.endpoints.iter().flat_map(|e| e.request.iter().map(move |f| (e.service.as_str(), &f.ty))).collect();
        while let Some((service, ty)) = todo.pop() {
            let Some(r) = ty.named() else { continue };
            let key = (if r.shared { String::new() } else { service.to_string() }, r.name.clone());
            if !out.insert(key) {
                continue;
            }
            if let Some(def) = self.type_def(service, r) {
                todo.extend(def.kind.nested().into_iter().map(|ty| (service, ty)));
            }
        }
        out
    }
}

/// A service: the first path segment after `v4/`.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Wire name, e.g. `group_open_http_svc`.
    pub wire: String,
    /// Rust module and accessor name, e.g. `group`.
    pub module: String,
    /// Short title.
    pub title: String,
    /// What the service covers.
    pub doc: String,
    /// The code its endpoints answer for a request that breaks the protocol (a bad parameter), when
    /// a limit does not name a code of its own.
    pub invalid_request_code: Option<i64>,
    /// Named types shared by its endpoints (`<service>/_*.yaml`), in name order.
    pub types: Vec<TypeDef>,
}

impl Service {
    /// Name of the generated handle type, e.g. `GroupApi`.
    pub fn handle(&self) -> String {
        format!("{}Api", crate::naming::camel(&self.module))
    }
}

/// An API host.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// snake_case name, e.g. `silicon_valley`.
    pub name: String,
    /// Variant name, e.g. `SiliconValley`.
    pub variant: String,
    /// Host name without scheme.
    pub host: String,
    /// Where it is.
    pub doc: String,
}

/// One REST endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// Spec file it came from, relative to the spec root.
    pub file: String,
    /// Service wire name.
    pub service: String,
    /// Command, the last path segment.
    pub command: String,
    /// Rust method name on the service handle.
    pub method: String,
    /// Prefix of the generated type names, e.g. `DestroyGroup`.
    pub type_prefix: String,
    /// Short title.
    pub title: String,
    /// What it does, in our words.
    pub summary: String,
    /// Vendor documentation URL.
    pub docs: String,
    /// Documented call-frequency limit.
    pub rate_limit: Option<RateLimit>,
    /// Least edition of the app that may call it.
    pub edition: Option<Edition>,
    /// The code other editions get.
    pub edition_code: Option<i64>,
    /// Group types it applies to (values of the shared `GroupType` enum), as written.
    pub group_types: Vec<String>,
    /// Whether its effect cannot be undone.
    pub irreversible: bool,
    /// Whether sending it twice leaves the service as sending it once (reads; deletes whose repeat
    /// is harmless). The client retries such calls after timeouts and 5xx answers.
    pub idempotent: bool,
    /// Further notes for callers.
    pub notes: Vec<String>,
    /// Paths of related endpoints.
    pub related: Vec<String>,
    /// Webhooks the call may trigger.
    pub webhooks: Vec<Webhook>,
    /// Request body fields, in wire order.
    pub request: Vec<Field>,
    /// Response body fields besides the envelope, in wire order.
    pub response: Vec<Field>,
    /// Named types local to this endpoint's service module, in name order.
    pub types: Vec<TypeDef>,
    /// Names of the shared error tables it returns codes from.
    pub error_tables: Vec<String>,
    /// Its own error codes, in code order.
    pub errors: Vec<ErrorCode>,
    /// Corrections of the vendor page.
    pub errata: Vec<Erratum>,
    /// The page's samples: request bodies and reply bodies (JSON, envelope included), in pairs.
    pub examples: Vec<Example>,
    /// How to fetch every page, when the endpoint returns its results in pages.
    pub paging: Option<Paging>,
    /// The request list a batched call splits into calls of at most its `max_items`.
    pub batch: Option<String>,
    /// The vendor page the spec was last imported from, and that page's last-updated date.
    pub source: Option<Source>,
}

/// Provenance of an endpoint's spec: the page it was imported from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The page's address.
    pub url: Option<String>,
    /// Its last-updated date, `YYYY-MM-DD`.
    pub updated: Option<String>,
}

/// One sample of a page: a request body, a reply body, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// Request body (JSON).
    pub request: Option<String>,
    /// Reply body (JSON, envelope included).
    pub response: Option<String>,
}

/// How an endpoint pages: which reply list holds a page, which reply fields feed the next request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paging {
    /// Wire name of the reply list holding one page's items.
    pub items: String,
    /// (request field, source) pairs: where each cursor value of the next request comes from.
    pub cursor: Vec<(String, CursorFrom)>,
    /// A reply field and the value that means "no more pages".
    pub done: Option<(String, i64)>,
    /// A reply field counting the items of all pages: no more pages once the offset cursor
    /// (`CursorFrom::AddItems`) reaches it.
    pub total: Option<String>,
}

/// Where a paging cursor's next value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CursorFrom {
    /// The value of this reply field (wire name).
    Reply(String),
    /// One below the smallest value of an integer field of the page's items: a history read newest
    /// first continues below what it has. Ends at 1, where nothing lies below.
    BelowItems {
        /// Wire name of the item field.
        wire: String,
        /// Its Rust name.
        rust: String,
        /// Whether every item has it.
        required: bool,
    },
    /// The request's own value (0 when unset) plus the number of items received: an offset.
    AddItems,
}

impl Endpoint {
    /// `service/command`, the path after `v4/`.
    pub fn path(&self) -> String {
        format!("{}/{}", self.service, self.command)
    }
}

/// A documented call-frequency limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Number of calls allowed per period.
    pub calls: u64,
    /// The period.
    pub per: Period,
}

/// Period of a rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    /// One second.
    Second,
    /// One minute.
    Minute,
    /// One hour.
    Hour,
    /// One day.
    Day,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 4] = [Period::Second, Period::Minute, Period::Hour, Period::Day];

    /// Spec spelling.
    pub fn name(self) -> &'static str {
        match self {
            Period::Second => "second",
            Period::Minute => "minute",
            Period::Hour => "hour",
            Period::Day => "day",
        }
    }

    /// Length in seconds.
    pub fn seconds(self) -> u64 {
        match self {
            Period::Second => 1,
            Period::Minute => 60,
            Period::Hour => 3600,
            Period::Day => 86_400,
        }
    }
}

/// App editions, least to most capable. An endpoint that needs one works on it and those above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edition {
    /// Pro edition.
    Pro,
    /// Premium edition (formerly Ultimate).
    Premium,
    /// Enterprise edition.
    Enterprise,
}

impl Edition {
    /// Every edition, least capable first.
    pub const ALL: [Edition; 3] = [Edition::Pro, Edition::Premium, Edition::Enterprise];

    /// Spec spelling.
    pub fn name(self) -> &'static str {
        match self {
            Edition::Pro => "pro",
            Edition::Premium => "premium",
            Edition::Enterprise => "enterprise",
        }
    }

    /// Rust variant name in the runtime's `Edition`.
    pub fn variant(self) -> &'static str {
        match self {
            Edition::Pro => "Pro",
            Edition::Premium => "Premium",
            Edition::Enterprise => "Enterprise",
        }
    }
}

/// A webhook an endpoint may trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Callback command, e.g. `Group.CallbackAfterGroupDestroyed`.
    pub name: String,
    /// When it is sent.
    pub summary: String,
    /// Vendor documentation URL.
    pub docs: Option<String>,
}

/// A field of a request, reply or named struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Exact JSON key.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// Its type.
    pub ty: Type,
    /// Requests: the caller must give it. Replies: the service always sends it.
    pub required: bool,
    /// What it holds.
    pub doc: String,
    /// Documented limits, checked before a request is sent.
    pub limits: Limits,
    /// The vendor's de-duplication key (e.g. `MsgRandom`): the client fills it once when unset and
    /// keeps it across retries, so the service can drop a repeated call.
    pub dedup: bool,
}

/// A field type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// UTF-8 text.
    String,
    /// 64-bit signed integer: wide enough for millisecond timestamps and sequence numbers.
    Integer,
    /// `true` / `false`.
    Bool,
    /// `bool` in Rust, `0` / `1` on the wire (the API's many 0/1 switches). Only a field's own
    /// type, never inside an array or map.
    Flag,
    /// 64-bit float.
    Number,
    /// Any JSON value, kept as is (app-defined data).
    Json,
    /// A list.
    Array(Box<Type>),
    /// A JSON object with keys the app chooses (text) and values of one type.
    Map(Box<Type>),
    /// A named type.
    Named(TypeRef),
}

/// A reference to a named type and where it is defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRef {
    /// The type's name.
    pub name: String,
    /// Defined in `spec/shared/types.yaml` (else in the endpoint's service module).
    pub shared: bool,
}

impl Type {
    /// The named type inside, through any number of arrays and maps.
    pub fn named(&self) -> Option<&TypeRef> {
        match self {
            Type::Array(inner) | Type::Map(inner) => inner.named(),
            Type::Named(r) => Some(r),
            _ => None,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Bool => f.write_str("bool"),
            Type::Flag => f.write_str("flag"),
            Type::Number => f.write_str("number"),
            Type::Json => f.write_str("json"),
            Type::Array(t) => write!(f, "array<{t}>"),
            Type::Map(t) => write!(f, "map<string, {t}>"),
            Type::Named(r) => f.write_str(&r.name),
        }
    }
}

/// Documented limits of a field. A limit on a list's items applies to each item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Least number of items in a list.
    pub min_items: Option<u64>,
    /// Greatest number of items in a list.
    pub max_items: Option<u64>,
    /// Greatest length of a string in UTF-8 bytes.
    pub max_bytes: Option<u64>,
    /// Greatest length in bytes of each string in a list.
    pub item_max_bytes: Option<u64>,
    /// Least value of an integer.
    pub min: Option<i64>,
    /// Greatest value of an integer.
    pub max: Option<i64>,
    /// The code the service answers when a limit is broken, by limit name (`item_max_bytes`...),
    /// where the page documents one.
    pub codes: BTreeMap<String, i64>,
}

impl Limits {
    /// Whether no limit is set.
    pub fn is_empty(&self) -> bool {
        self.min_items.is_none()
            && self.max_items.is_none()
            && self.max_bytes.is_none()
            && self.item_max_bytes.is_none()
            && self.min.is_none()
            && self.max.is_none()
    }

    /// The documented code for breaking limit `name`.
    pub fn code(&self, name: &str) -> Option<i64> {
        self.codes.get(name).copied()
    }
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust and spec name (UpperCamelCase).
    pub name: String,
    /// What it holds.
    pub doc: String,
    /// Struct or enum.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A JSON object with these fields.
    Struct(Vec<Field>),
    /// Objects tagged by one key (`tag`) with their value under another (`content`), like message
    /// elements (`MsgType` / `MsgContent`). Unknown tags keep the whole object as received.
    Union {
        /// Wire key of the tag.
        tag: String,
        /// Wire key of the content.
        content: String,
        /// The documented variants.
        variants: Vec<UnionVariant>,
    },
    /// A closed set of values; the generated enum keeps unknown values in a fallback variant.
    Enum {
        /// How values travel.
        repr: EnumRepr,
        /// The documented values.
        values: Vec<EnumValue>,
    },
}

/// One variant of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The tag's value.
    pub tag: String,
    /// Rust variant name.
    pub rust: String,
    /// Type of the content; `None` when the variant carries none.
    pub ty: Option<Type>,
    /// What it carries.
    pub doc: String,
}

impl TypeKind {
    /// The types a value of this kind contains: its fields', or its variants' contents.
    pub fn nested(&self) -> Vec<&Type> {
        match self {
            TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
            TypeKind::Enum { .. } => Vec::new(),
        }
    }
}

/// How an enum's values are written in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumRepr {
    /// As strings.
    String,
    /// As integers.
    Integer,
}

/// One documented enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: WireValue,
    /// Rust variant name.
    pub rust: String,
    /// What it means.
    pub doc: String,
}

/// An enum value as it travels.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WireValue {
    /// A string value.
    String(String),
    /// An integer value.
    Integer(i64),
}

impl fmt::Display for WireValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireValue::String(s) => f.write_str(s),
            WireValue::Integer(i) => write!(f, "{i}"),
        }
    }
}

/// A table of error codes.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorTable {
    /// Name endpoints refer to it by (`common` for the common table).
    pub name: String,
    /// The service it belongs to, for a table in `<service>/_*.yaml`; `None` for shared tables.
    pub service: Option<String>,
    /// What the codes have in common.
    pub doc: String,
    /// Codes in code order.
    pub codes: Vec<ErrorCode>,
}

/// A documented error code.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// The `ErrorCode` value.
    pub code: i64,
    /// snake_case name from the spec.
    pub name: String,
    /// Rust variant name.
    pub variant: String,
    /// What it means, in our words.
    pub meaning: String,
    /// Whether sending the same request again may succeed.
    pub retriable: bool,
}

/// A correction of the vendor page.
#[derive(Clone, Debug, PartialEq)]
pub struct Erratum {
    /// What it corrects: `request.GroupId`, `query.usersig`, `errors.10010`...
    pub at: String,
    /// What the page says.
    pub vendor: String,
    /// Why and how the spec differs.
    pub fix: String,
}

/// A callback command the service posts to the app's webhook URL.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookDef {
    /// Spec file it came from.
    pub file: String,
    /// `CallbackCommand`, e.g. `Group.CallbackBeforeSendMsg`.
    pub command: String,
    /// Rust name of the payload struct and of the `Event` variant, e.g. `GroupBeforeSendMsg`.
    pub rust: String,
    /// Whether the app's answer decides what happens.
    pub when: When,
    /// Short title.
    pub title: String,
    /// When it is sent and what the app can do, in our words.
    pub summary: String,
    /// Vendor documentation URL.
    pub docs: String,
    /// The page checked, and its date.
    pub source: Option<Source>,
    /// Paths of the covered endpoints whose calls send it.
    pub triggers: Vec<String>,
    /// Further notes (other triggers, such as client SDK actions).
    pub notes: Vec<String>,
    /// Body fields besides `CallbackCommand`, in wire order.
    pub payload: Vec<Field>,
    /// What the app may answer, for `before` callbacks.
    pub reply: Option<WebhookReply>,
    /// Corrections of the vendor page.
    pub errata: Vec<Erratum>,
    /// The page's samples.
    pub examples: Vec<WebhookExample>,
}

/// Before or after the action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Sent before the action; the answer may refuse or change it.
    Before,
    /// Sent after the action; the answer is ignored.
    After,
}

/// The answer to a `before` callback: the status envelope (`ErrorCode` 0 allows) and fields that
/// change what happens.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookReply {
    /// `ErrorCode` values besides 0, in code order.
    pub codes: Vec<ReplyCode>,
    /// The range of codes the app may choose, which the service passes on to the caller.
    pub app_codes: Option<(i64, i64)>,
    /// Fields besides the envelope, in wire order.
    pub fields: Vec<Field>,
}

/// A documented `ErrorCode` of a reply.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplyCode {
    /// The value.
    pub code: i64,
    /// snake_case name; becomes the reply's constructor (`refuse`, `discard`).
    pub name: String,
    /// What the service does on it.
    pub doc: String,
}

/// One sample of a webhook page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookExample {
    /// A callback body (JSON).
    pub payload: Option<String>,
    /// An answer (JSON).
    pub reply: Option<String>,
}

/// What every callback shares.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookProtocol {
    /// The overview page.
    pub docs: String,
    /// The page checked, and its date.
    pub source: Option<Source>,
    /// The parameters appended to the webhook URL, in the pages' order.
    pub query: Vec<QueryParam>,
    /// How long the service waits for an answer.
    pub timeout_ms: Option<u64>,
    /// The receiver's default window for `RequestTime`, either way.
    pub window_secs: Option<u64>,
    /// The pages' worked signature: token, request time, sign.
    pub sample: Option<(String, u64, String)>,
    /// Further notes.
    pub notes: Vec<String>,
    /// Corrections of the vendor pages.
    pub errata: Vec<Erratum>,
}

/// A query parameter of every callback.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryParam {
    /// Exact name, e.g. `SdkAppid`.
    pub name: String,
    /// What it holds.
    pub doc: String,
    /// Present only with webhook authentication on.
    pub signed: bool,
}
