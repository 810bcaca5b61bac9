//! The importer's output: an endpoint in the spec's terms, not yet validated. Written out by
//! `yaml_out`, read back from a spec file by `existing`, combined by `merge`.

use std::collections::BTreeMap;

/// One endpoint file's worth of spec, as drafted from a page or read from `spec/`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// `service/command`.
    pub path: String,
    /// Rust method name, when it is not the command.
    pub name: Option<String>,
    /// Short title.
    pub title: String,
    /// What the endpoint does.
    pub summary: String,
    /// Vendor page URL.
    pub docs: String,
    /// Documented call frequency: calls per `second`/`minute`/`hour`/`day`.
    pub rate_limit: Option<(u64, String)>,
    /// Least edition (`pro`, `premium`, `enterprise`).
    pub edition: Option<String>,
    /// The code other editions get.
    pub edition_code: Option<i64>,
    /// Group types it applies to.
    pub group_types: Vec<String>,
    /// The call cannot be undone.
    pub irreversible: bool,
    /// A repeat leaves the service as one call does (curated; pages do not say).
    pub idempotent: bool,
    /// Further advice for callers.
    pub notes: Vec<String>,
    /// Related endpoints, by path.
    pub related: Vec<String>,
    /// Webhooks the call may trigger.
    pub webhooks: Vec<DraftWebhook>,
    /// Request body fields.
    pub request: Vec<DraftField>,
    /// Reply fields besides the envelope.
    pub response: Vec<DraftField>,
    /// Named types.
    pub types: Vec<DraftType>,
    /// Shared error tables used.
    pub error_tables: Vec<String>,
    /// Own error codes.
    pub errors: Vec<DraftCode>,
    /// Corrections of the vendor page.
    pub errata: Vec<DraftErratum>,
    /// Sample request body (one line of JSON).
    pub example_request: Option<String>,
    /// Sample reply body.
    pub example_response: Option<String>,
    /// Where and when the page was read.
    pub source: Option<Source>,
    /// Keys of an existing file this version does not know, kept verbatim: (the known key they
    /// followed, their YAML text).
    pub extras: Vec<(String, String)>,
    /// Comment lines of an existing file, by what they stood above (see `existing`).
    pub comments: BTreeMap<String, Vec<String>>,
    /// Descriptions still in the vendor's words: where (for the file's header comment).
    pub vendor_text: Vec<String>,
    /// Every code the page lists, tables' and common ones included (not written out: merging
    /// uses it to add codes a curated file lacks).
    pub page_codes: Vec<DraftCode>,
    /// Top-level keys in the order of the file this was read from (empty for a fresh draft).
    pub key_order: Vec<String>,
    /// Scalars as the file wrote them, by anchor: (value, the key's lines). A value the merge left
    /// alone is written back byte for byte, wrapping included.
    pub raw: BTreeMap<String, (String, String)>,
}

/// Provenance of a draft: the page's address and its last-updated date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// The page's URL, when the page gives it.
    pub url: Option<String>,
    /// `YYYY-MM-DD`, when the page gives it.
    pub updated: Option<String>,
}

/// A field of a request, reply or named struct.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftField {
    /// JSON key.
    pub wire: String,
    /// Rust name, when it is not derived from `wire`.
    pub rust: Option<String>,
    /// Spec type expression (`string`, `array<Name>`...).
    pub ty: String,
    /// Required (request) or always present (reply).
    pub required: bool,
    /// Description.
    pub doc: String,
    /// Limits by spec key (`max_items`...), in spec key order.
    pub limits: Vec<(String, i64)>,
    /// Codes for broken limits, by limit key.
    pub limit_codes: Vec<(String, i64)>,
    /// The vendor's de-duplication key (curated).
    pub dedup: bool,
    /// Keys this version does not know, kept verbatim.
    pub extras: Vec<(String, String)>,
}

/// A named type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftType {
    /// UpperCamelCase name.
    pub name: String,
    /// Description.
    pub doc: String,
    /// Struct fields; empty for an enum.
    pub fields: Vec<DraftField>,
    /// An enum, kept verbatim from an existing file (pages give no enums the importer reads).
    pub enum_yaml: Option<String>,
}

/// A webhook.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftWebhook {
    /// Callback name.
    pub name: String,
    /// When it is sent.
    pub summary: String,
    /// Vendor page.
    pub docs: Option<String>,
}

/// An error code of the endpoint's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftCode {
    /// The code.
    pub code: i64,
    /// snake_case name.
    pub name: String,
    /// What it means.
    pub meaning: String,
    /// Whether sending again may succeed.
    pub retriable: bool,
}

/// A recorded correction of the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftErratum {
    /// What it corrects (`request.GroupId`...).
    pub at: String,
    /// What the page says.
    pub vendor: String,
    /// Why the spec differs.
    pub fix: String,
}

impl Draft {
    /// The service part of the path.
    pub fn service(&self) -> &str {
        self.path.split('/').next().unwrap_or_default()
    }

    /// The command part of the path.
    pub fn command(&self) -> &str {
        self.path.split('/').nth(1).unwrap_or_default()
    }

    /// A named type by name.
    pub fn type_named(&self, name: &str) -> Option<&DraftType> {
        self.types.iter().find(|t| t.name == name)
    }
}

/// Limit keys in the order the spec writes them.
const LIMIT_ORDER: [&str; 6] = ["min_items", "max_items", "max_bytes", "item_max_bytes", "min", "max"];

/// Sorts `(key, value)` pairs into [`LIMIT_ORDER`].
pub(crate) fn sort_limits<T>(pairs: &mut [(String, T)]) {
    pairs.sort_by_key(|(k, _)| LIMIT_ORDER.iter().position(|o| o == k));
}

/// The named type a type expression refers to, through `array<...>`.
pub(crate) fn named(ty: &str) -> Option<&str> {
    let mut t = ty.trim();
    while let Some(inner) = t.strip_prefix("array<").and_then(|r| r.strip_suffix('>')) {
        t = inner.trim();
    }
    t.starts_with(|c: char| c.is_ascii_uppercase()).then_some(t)
}

/// `ty` with the named type `from` replaced by `to`.
pub(crate) fn rename_in(ty: &str, from: &str, to: &str) -> String {
    match named(ty) {
        Some(n) if n == from => ty.replacen(from, to, 1),
        _ => ty.to_string(),
    }
}
