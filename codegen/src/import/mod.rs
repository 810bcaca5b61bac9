//! The doc importer: a vendor page in, a spec draft and warnings out. Pure, like the rest of this
//! crate: `cargo xtask import` reads pages and writes drafts.
//!
//! - `page`: lines, layout (markdown, one cell per line, pipe rows, word rows), sections by heading,
//!   the site's navigation set aside.
//! - `table`, `sample` + `json`: tables in any layout; JSON samples, comments and trailing commas
//!   allowed.
//! - `extract` (+ `fields`, `limits`): the facts, as a [`Draft`]; `check`: what looks wrong.
//! - `yaml_out`: a draft as a spec file; `existing`: a spec file as a draft; `merge`: both
//!   combined, keeping what maintainers curated; `stale`: provenance of spec files.

mod audit;
mod check;
mod draft;
mod existing;
mod extract;
mod fields;
mod json;
mod limits;
mod merge;
mod page;
mod rate;
mod sample;
mod stale;
mod stated;
mod table;
mod text;
mod vocab;
mod yaml_out;

pub use audit::{Audit, AuditPage, Conflict, Finding, audit, audit_pages, page_language};
pub use draft::{Draft, DraftCode, DraftErratum, DraftField, DraftType, DraftWebhook, Source};
pub use existing::read_existing;
pub use merge::{Merged, merge, report};
pub use page::Layout;
pub use stale::{newer, source_of};
pub use stated::{Class, Stated, StatedField, read_record, write_record};
pub use yaml_out::{SOURCE_STYLE, SourceStyle, to_yaml};

use crate::model::{Spec, TypeKind, WireValue};
use std::collections::BTreeMap;
use std::fmt;

/// What the importer knows of the spec it drafts for: names a draft may refer to, and the shared
/// error tables whose codes it need not repeat. `Context::default()` knows nothing.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Service wire names.
    pub services: Vec<String>,
    /// API hosts.
    pub hosts: Vec<String>,
    /// Values of the shared `GroupType` enum.
    pub group_types: Vec<String>,
    /// Names of shared types (a draft's own types must not take them).
    pub shared_types: Vec<String>,
    /// Shared error tables and their codes.
    pub tables: Vec<(String, Vec<i64>)>,
    /// Services whose endpoints use each table (empty: none yet); a draft takes a table only
    /// when no other service uses it.
    pub table_services: Vec<(String, Vec<String>)>,
    /// (table, code, name) of every table's codes.
    pub table_names: Vec<(String, i64, String)>,
    /// Codes of the common range the spec defines.
    pub common_codes: Vec<i64>,
    /// Their names.
    pub common_names: Vec<String>,
}

impl Context {
    /// What a loaded spec offers.
    pub fn from_spec(spec: &Spec) -> Context {
        let group_types = spec
            .shared_types
            .iter()
            .find(|t| t.name == "GroupType")
            .map(|t| match &t.kind {
                TypeKind::Enum { values, .. } => values
                    .iter()
                    .filter_map(|v| match &v.wire {
                        WireValue::String(s) => Some(s.clone()),
                        WireValue::Integer(_) => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default();
        Context {
            services: spec.services.iter().map(|s| s.wire.clone()).collect(),
            hosts: spec.regions.iter().map(|r| r.host.clone()).collect(),
            group_types,
            shared_types: spec.shared_types.iter().map(|t| t.name.clone()).collect(),
            tables: spec
                .error_tables
                .iter()
                .map(|t| (t.name.clone(), t.codes.iter().map(|c| c.code).collect()))
                .collect(),
            table_services: spec
                .error_tables
                .iter()
                .map(|t| {
                    let mut users: Vec<String> = spec
                        .endpoints
                        .iter()
                        .filter(|e| e.error_tables.contains(&t.name))
                        .map(|e| e.service.clone())
                        .collect();
                    users.sort();
                    users.dedup();
                    (t.name.clone(), users)
                })
                .collect(),
            table_names: spec
                .error_tables
                .iter()
                .flat_map(|t| t.codes.iter().map(move |c| (t.name.clone(), c.code, c.name.clone())))
                .collect(),
            common_codes: spec.common_errors.codes.iter().map(|c| c.code).collect(),
            common_names: spec.common_errors.codes.iter().map(|c| c.name.clone()).collect(),
        }
    }
}

/// Something that looks wrong in a page, at a line of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// 1-based page line.
    pub line: usize,
    /// What looks wrong.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Warning {
        Warning { line, message: message.into() }
    }

    /// `PAGE:LINE: warning: ...`.
    pub fn render(&self, page: &str) -> String {
        format!("{page}:{}: warning: {}", self.line, self.message)
    }
}

/// Why no draft came out of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// 1-based page line.
    pub line: usize,
    /// Why.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.line, self.message)
    }
}

/// Facts of a page that have no place in an endpoint file.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// How the page was written down.
    pub layout: Layout,
    /// API hosts the page lists, as (region, host).
    pub regions: Vec<(String, String)>,
    /// Query parameters the page describes.
    pub query_params: Vec<String>,
    /// Last-updated date.
    pub updated: Option<String>,
    /// The page's address.
    pub url: Option<String>,
    /// Whether the path came from the page's own request URL, parameter table or debugging link
    /// (not from a mention somewhere, as on an index page).
    pub path_stated: bool,
    /// Page lines of the facts the page states, by erratum-style key: `request.A.B`,
    /// `response.A`, `errors.<code>`, `rate_limit`, `edition`, `group_types`.
    pub lines: BTreeMap<String, usize>,
    /// Fields whose table says whether they are required, by key (`request.A.B`).
    pub required_stated: BTreeMap<String, bool>,
    /// The Type cell of each field's row (lower case, in English), by key: the page's word even
    /// where the draft follows a sample that contradicts it.
    pub table_types: BTreeMap<String, String>,
    /// Addresses the page gives other endpoints: links whose text is a `v4/` path, as
    /// (`service/command`, URL). Pages of one folder thus name each other's address.
    pub links: Vec<(String, String)>,
    /// Every sample body the page shows, as (`request`/`response`, compact JSON, line).
    pub samples: Vec<(String, String, usize)>,
}

/// A page imported.
#[derive(Clone, Debug)]
pub struct Import {
    /// The draft.
    pub draft: Draft,
    /// What looked wrong, by page line.
    pub warnings: Vec<Warning>,
    /// The rest of what the page says.
    pub facts: Facts,
}

/// Gives each draft that lacks its page's address (`docs` is the product index) the address
/// the other pages link to its path with ("Adding a group ([v4/sns/group_add](https://...))"),
/// as the vendor's doc repository cross-links its files. Returns the drafts so addressed.
pub fn addresses_from_links(imports: &mut [&mut Import]) -> usize {
    let known: BTreeMap<String, String> = imports
        .iter()
        .flat_map(|i| i.facts.links.iter().cloned())
        .filter(|(_, url)| url.starts_with("https://") && !url.contains(char::is_whitespace))
        .collect();
    let mut n = 0;
    for i in imports.iter_mut().filter(|i| i.facts.url.is_none()) {
        let i: &mut Import = i;
        if let Some(url) = known.get(&i.draft.path) {
            i.draft.docs = url.clone();
            i.warnings.retain(|w| !w.message.starts_with("the page does not give its address"));
            n += 1;
        }
    }
    n
}

/// Imports one page. Never panics; a page without a `v4/` path gives no draft.
///
/// # Errors
/// When the page names no REST API path.
pub fn import_page(text: &str, cx: &Context) -> Result<Import, Failure> {
    let page = page::read(text);
    let (draft, mut warnings, facts) = extract::extract(&page, cx)?;
    warnings.sort();
    warnings.dedup();
    Ok(Import { draft, warnings, facts })
}
