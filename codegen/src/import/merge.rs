//! A fresh draft merged into the spec file maintainers curated. The page supplies facts (types,
//! required, limits, codes, rate limit, group types, samples); the file keeps its wording, Rust
//! names, notes, errata, type names, limit codes, flags, tables and comments. Merging only adds and
//! updates: what the page no longer mentions stays, with a note, for a maintainer to decide.
//!
//! [`report`] then says what the merge changed in the diff engine's terms, by loading the spec
//! with the merged file and comparing it with the spec before.

use super::Context;
use super::draft::{Draft, DraftField, DraftType, Source, named, rename_in, sort_limits};
use crate::diag::Diagnostic;
use crate::diff::{Report, diff};
use crate::load::{SourceFile, load};
use crate::model::Spec;
use std::collections::BTreeMap;

/// The merged draft, and what was kept although the page no longer says it.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The result.
    pub draft: Draft,
    /// Notes for the maintainer (not page warnings: they concern the spec file).
    pub notes: Vec<String>,
}

/// Merges `page` (freshly imported) into `curated` (read from the spec).
pub fn merge(curated: &Draft, page: &Draft, cx: &Context) -> Merged {
    let mut notes = Vec::new();
    let mut d = curated.clone();
    d.vendor_text = Vec::new();
    // The page's address and date win where it gives them; what it leaves out stays as curated.
    if let Some(p) = &page.source {
        let kept = d.source.take().unwrap_or_default();
        d.source = Some(Source { url: p.url.clone().or(kept.url), updated: p.updated.clone().or(kept.updated) });
    }
    if page.rate_limit.is_some() {
        d.rate_limit = page.rate_limit.clone();
    }
    if page.edition.is_some() {
        d.edition = page.edition.clone();
    }
    if d.edition.is_some() && d.edition_code.is_none() {
        d.edition_code = page.edition_code;
    }
    if !page.group_types.is_empty() {
        d.group_types = page.group_types.clone();
    }
    d.irreversible |= page.irreversible;
    for r in &page.related {
        if !d.related.contains(r) {
            d.related.push(r.clone());
        }
    }
    let number = |u: &Option<String>| u.as_deref().and_then(|u| u.rsplit('/').next()).map(str::to_string);
    for w in &page.webhooks {
        let known =
            d.webhooks.iter().any(|c| c.name == w.name || (w.docs.is_some() && number(&c.docs) == number(&w.docs)));
        // A page without links names its webhooks in prose only: those cannot be matched, and
        // as many as the spec has are taken for the same ones.
        let unlinked_covered = w.docs.is_none() && page.webhooks.len() <= curated.webhooks.len();
        if !known && !unlinked_covered {
            d.webhooks.push(w.clone());
            d.vendor_text.push(format!("webhooks `{}`", w.name));
        }
    }

    // Types of the page mapped to the spec's names, through the fields that use them.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    map_types(&curated.request, &page.request, curated, page, &mut names, 0);
    map_types(&curated.response, &page.response, curated, page, &mut names, 0);
    for t in &page.types {
        if !names.contains_key(&t.name) {
            let mut name = t.name.clone();
            let mut i = 2;
            while curated.types.iter().any(|c| c.name == name) || cx.shared_types.contains(&name) {
                name = format!("{}{i}", t.name);
                i += 1;
            }
            names.insert(t.name.clone(), name);
        }
    }
    let rename = |ty: &str| -> String {
        match named(ty) {
            Some(n) => names.get(n).map_or_else(|| ty.to_string(), |to| rename_in(ty, n, to)),
            None => ty.to_string(),
        }
    };
    d.request = fields(&curated.request, &page.request, "request", &rename, &mut d.vendor_text, &mut notes);
    d.response = fields(&curated.response, &page.response, "response", &rename, &mut d.vendor_text, &mut notes);
    for t in &page.types {
        let to = names.get(&t.name).cloned().unwrap_or_else(|| t.name.clone());
        let at = format!("types.{to}");
        match d.types.iter_mut().find(|c| c.name == to) {
            Some(c) => {
                if c.enum_yaml.is_none() {
                    c.fields = fields(&c.fields, &t.fields, &at, &rename, &mut d.vendor_text, &mut notes);
                }
            }
            None => {
                let fields = t.fields.iter().map(|f| DraftField { ty: rename(&f.ty), ..f.clone() }).collect();
                d.vendor_text.push(at);
                d.types.push(DraftType { name: to, fields, ..t.clone() });
            }
        }
    }

    // Errors: the spec's tables stay, and a page table joins them unless it clashes with own codes.
    let table_codes =
        |name: &str| -> &[i64] { cx.tables.iter().find(|(n, _)| n == name).map_or(&[], |(_, c)| c.as_slice()) };
    for t in &page.error_tables {
        let taken: Vec<i64> = d
            .errors
            .iter()
            .map(|e| e.code)
            .chain(d.error_tables.iter().flat_map(|t| table_codes(t)).copied())
            .collect();
        let clashes = table_codes(t).iter().any(|c| taken.contains(c));
        if !d.error_tables.contains(t) && !clashes {
            d.error_tables.push(t.clone());
        }
    }
    let tabled: Vec<i64> = d.error_tables.iter().flat_map(|t| table_codes(t)).copied().collect();
    // Every code the page lists that the merged file does not cover becomes an own code.
    let listed = if page.page_codes.is_empty() { &page.errors } else { &page.page_codes };
    for c in listed {
        if tabled.contains(&c.code) || cx.common_codes.contains(&c.code) || d.errors.iter().any(|e| e.code == c.code) {
            continue;
        }
        d.vendor_text.push(format!("errors.{}", c.code));
        d.errors.push(c.clone());
    }
    d.errors.sort_by_key(|c| c.code);
    if !page.errors.is_empty() || !page.error_tables.is_empty() {
        let on_page: Vec<i64> = page
            .errors
            .iter()
            .chain(&page.page_codes)
            .map(|c| c.code)
            .chain(page.error_tables.iter().flat_map(|t| table_codes(t)).copied())
            .collect();
        for c in &curated.errors {
            if !on_page.contains(&c.code) {
                notes.push(format!("error {} `{}` is in the spec but not on the page; kept", c.code, c.name));
            }
        }
    }
    if page.example_request.is_some() {
        d.example_request = page.example_request.clone();
    }
    if page.example_response.is_some() {
        d.example_response = page.example_response.clone();
    }
    Merged { draft: d, notes }
}

/// Records which page type each spec type is, following fields both sides have.
fn map_types(
    c: &[DraftField],
    p: &[DraftField],
    cd: &Draft,
    pd: &Draft,
    names: &mut BTreeMap<String, String>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    for pf in p {
        let Some(cf) = c.iter().find(|f| f.wire == pf.wire) else { continue };
        let (Some(pn), Some(cn)) = (named(&pf.ty), named(&cf.ty)) else { continue };
        if names.contains_key(pn) {
            continue;
        }
        names.insert(pn.to_string(), cn.to_string());
        if let (Some(pt), Some(ct)) = (pd.type_named(pn), cd.type_named(cn)) {
            map_types(&ct.fields, &pt.fields, cd, pd, names, depth + 1);
        }
    }
}

fn array_depth(ty: &str) -> usize {
    ty.matches("array<").count()
}

/// Curated fields updated with the page's facts; new page fields appended.
fn fields(
    curated: &[DraftField],
    page: &[DraftField],
    at: &str,
    rename: &dyn Fn(&str) -> String,
    vendor_text: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Vec<DraftField> {
    let mut out = Vec::new();
    for c in curated {
        let Some(p) = page.iter().find(|p| p.wire == c.wire) else {
            if !page.is_empty() {
                notes.push(format!("{at}.{} is in the spec but not on the page; kept", c.wire));
            }
            out.push(c.clone());
            continue;
        };
        let mut f = c.clone();
        let pty = rename(&p.ty);
        // A curated named type (an enum, a shared struct) refines what the page calls a string or
        // an object; anything else the page says about the type wins.
        let refined = named(&c.ty).is_some() && array_depth(&c.ty) == array_depth(&pty);
        let vague = pty.contains("json");
        if !refined && !vague {
            f.ty = pty;
        }
        f.required = p.required;
        for (k, v) in &p.limits {
            match f.limits.iter_mut().find(|(ck, _)| ck == k) {
                Some(slot) => slot.1 = *v,
                None => f.limits.push((k.clone(), *v)),
            }
        }
        sort_limits(&mut f.limits);
        for (k, v) in &p.limit_codes {
            if !f.limit_codes.iter().any(|(ck, _)| ck == k) {
                f.limit_codes.push((k.clone(), *v));
            }
        }
        out.push(f);
    }
    for p in page {
        if !curated.iter().any(|c| c.wire == p.wire) {
            vendor_text.push(format!("{at}.{}", p.wire));
            out.push(DraftField { ty: rename(&p.ty), ..p.clone() });
        }
    }
    out
}

/// What putting `text` at `file` (relative to the spec root) changes in `spec`, as the diff engine
/// says it. `old` is `spec` loaded: callers load it once for every file they report on.
///
/// # Errors
/// The diagnostics of the new side when it does not load (naming `file`).
pub fn report(old: &Spec, spec: &[SourceFile], file: &str, text: &str) -> Result<Report, Vec<Diagnostic>> {
    let mut files: Vec<SourceFile> = spec.iter().filter(|f| f.path != file).cloned().collect();
    files.push(SourceFile { path: file.to_string(), text: text.to_string() });
    let new = load(&files)?;
    Ok(diff(old, &new))
}
