//! The importer on pages in every language and layout (`import_fixtures/pages/`: pages we wrote in
//! the vendor's layouts, our sentences and the vendor's facts): each page's draft is scored
//! against the facts written beside it (fields with type and required, limits, error codes, the
//! path), misses and extras both costing; rate, title, address, group types and warnings are
//! checked as well, no field is named like a type, required or header word, and the drafts load.

mod common;

use codegen::SourceFile;
use codegen::import::{Context, Draft, DraftField, SourceStyle, import_page, to_yaml};
use common::{real_spec, render};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Fields of a draft by dotted path, with a type in the facts' terms (`array<object>` for a list
/// of a struct type) and whether required.
fn flatten(d: &Draft, fields: &[DraftField], prefix: &str, out: &mut BTreeMap<String, (String, bool)>, depth: usize) {
    for f in fields {
        let path = if prefix.is_empty() { f.wire.clone() } else { format!("{prefix}.{}", f.wire) };
        let inner = f.ty.trim_start_matches("array<").trim_end_matches('>');
        let nested = d.type_named(inner).filter(|t| t.enum_yaml.is_none());
        let ty = match nested {
            Some(_) => f.ty.replace(inner, "object"),
            None => f.ty.clone(),
        };
        out.insert(path.clone(), (ty, f.required));
        if let (Some(t), true) = (nested, depth < 8) {
            flatten(d, &t.fields, &path, out, depth + 1);
        }
    }
}

#[derive(Default)]
struct Score {
    got: usize,
    total: usize,
    misses: Vec<String>,
}

impl Score {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.got += 1;
        } else {
            self.misses.push(what());
        }
    }
}

fn score(d: &Draft, facts: &Value, cx: &Context) -> Score {
    let mut s = Score::default();
    s.check(facts["path"] == d.path.as_str(), || format!("path {}", d.path));
    for (side, fields) in [("request", &d.request), ("response", &d.response)] {
        let mut got = BTreeMap::new();
        flatten(d, fields, "", &mut got, 0);
        let expected = facts[side].as_object().cloned().unwrap_or_default();
        for (name, want) in &expected {
            let Some((ty, required)) = got.get(name) else {
                s.check(false, || format!("{side} field {name} missing"));
                continue;
            };
            s.check(true, String::new);
            s.check(want["type"] == ty.as_str(), || format!("{side} {name}: type {ty}, expected {}", want["type"]));
            if let Some(r) = want.get("required") {
                s.check(r == required, || format!("{side} {name}: required {required}"));
            }
        }
        for name in got.keys().filter(|n| !expected.contains_key(*n)) {
            s.check(false, || format!("{side} field {name} not on the page"));
        }
    }
    let expected_limits = facts["limits"].as_object().cloned().unwrap_or_default();
    let mut got_limits = BTreeMap::new();
    for f in &d.request {
        for (k, v) in &f.limits {
            got_limits.insert(format!("request.{}.{k}", f.wire), *v);
        }
    }
    for t in &d.types {
        for f in &t.fields {
            for (k, v) in &f.limits {
                got_limits.insert(format!("types.{}.{}.{k}", t.name, f.wire), *v);
            }
        }
    }
    for (name, want) in &expected_limits {
        s.check(got_limits.get(name).is_some_and(|v| want == v), || {
            format!("limit {name}: {:?}", got_limits.get(name))
        });
    }
    for name in got_limits.keys().filter(|n| !expected_limits.contains_key(*n)) {
        s.check(false, || format!("limit {name} not on the page"));
    }
    // Codes a draft accounts for: its own, its tables', and the common ones the spec already has.
    let mut codes: Vec<i64> = d.errors.iter().map(|c| c.code).collect();
    for t in &d.error_tables {
        codes.extend(cx.tables.iter().filter(|(n, _)| n == t).flat_map(|(_, c)| c.iter().copied()));
    }
    let expected: Vec<i64> = facts["errors"].as_array().into_iter().flatten().filter_map(Value::as_i64).collect();
    for c in &expected {
        s.check(codes.contains(c) || cx.common_codes.contains(c), || format!("error {c} missing"));
    }
    for c in codes.iter().filter(|c| !expected.contains(c)) {
        s.check(false, || format!("error {c} not on the page"));
    }
    s
}

/// Facts beyond the score: rate, address, title, group types, warnings, webhooks.
fn other_facts(name: &str, i: &codegen::import::Import, facts: &Value) -> Vec<String> {
    let d = &i.draft;
    let mut wrong = Vec::new();
    if let Some(r) = facts.get("rate") {
        let want = (r[0].as_u64().unwrap_or(0), r[1].as_str().unwrap_or_default().to_string());
        if d.rate_limit.as_ref() != Some(&want) {
            wrong.push(format!("{name}: rate {:?}, expected {want:?}", d.rate_limit));
        }
    }
    for (key, got) in [("docs", d.docs.as_str()), ("title", d.title.as_str())] {
        if let Some(want) = facts.get(key).and_then(Value::as_str) {
            if got != want {
                wrong.push(format!("{name}: {key} `{got}`, expected `{want}`"));
            }
        }
    }
    if let Some(want) = facts.get("group_types") {
        let want: Vec<&str> = want.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if d.group_types != want {
            wrong.push(format!("{name}: group types {:?}, expected {want:?}", d.group_types));
        }
    }
    for w in facts.get("warnings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !i.warnings.iter().any(|x| x.message.contains(w)) {
            wrong.push(format!("{name}: no warning `{w}` among {:?}", i.warnings));
        }
    }
    if let Some(n) = facts.get("webhooks").and_then(Value::as_u64) {
        if d.webhooks.len() as u64 != n {
            wrong.push(format!("{name}: webhooks {:?} (the footer is not a webhook)", d.webhooks));
        }
    }
    // Descriptions are kept in the page's language (the draft's header asks for a rewrite).
    for (wire, want) in facts.get("descriptions").and_then(Value::as_object).into_iter().flatten() {
        let doc = d.request.iter().find(|f| &f.wire == wire).map(|f| f.doc.as_str());
        if doc != want.as_str() {
            wrong.push(format!("{name}: the description of {wire} is {doc:?}, expected {want}"));
        }
        if !d.vendor_text.iter().any(|v| v == &format!("request.{wire}")) {
            wrong.push(format!("{name}: the description of {wire} is not marked for rewriting"));
        }
    }
    // No field is named after a table header, a type or a required word (a shifted row).
    let reserved =
        ["Yes", "No", "Integer", "String", "Array", "Object", "Number", "Required", "Optional", "Description"];
    let mut all: Vec<&DraftField> = d.request.iter().chain(&d.response).collect();
    all.extend(d.types.iter().flat_map(|t| &t.fields));
    for f in all.iter().filter(|f| reserved.contains(&f.wire.as_str())) {
        wrong.push(format!("{name}: a field named `{}`", f.wire));
    }
    wrong
}

#[test]
fn pages_in_every_language_and_layout_score_at_least_95_percent() {
    let spec = real_spec();
    let cx = match codegen::load(&spec) {
        Ok(s) => Context::from_spec(&s),
        Err(d) => panic!("the real spec does not load:\n{}", render(&d)),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_fixtures/pages");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixture pages are there")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt") && !p.ends_with("README.md"))
        .collect();
    pages.sort();
    let languages: Vec<String> =
        pages.iter().filter_map(|p| p.file_name()?.to_str()?.split('_').next().map(str::to_string)).collect();
    for lang in ["en", "zh", "ja", "ko", "ru", "id"] {
        assert!(languages.iter().any(|l| l == lang), "a page in `{lang}`");
    }
    let (mut got, mut total) = (0, 0);
    let mut report = String::new();
    let mut wrong = Vec::new();
    for page in &pages {
        let name = page.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(page).expect("readable");
        let facts: Value = serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).expect("facts"))
            .expect("the facts are JSON");
        let i = import_page(&text, &cx).unwrap_or_else(|f| panic!("{name}: {f}"));
        let s = score(&i.draft, &facts, &cx);
        let pct = 100.0 * s.got as f64 / s.total.max(1) as f64;
        report.push_str(&format!(
            "{name}: {}/{} ({pct:.1}%){}\n",
            s.got,
            s.total,
            if s.misses.is_empty() { String::new() } else { format!("; missed: {}", s.misses.join("; ")) }
        ));
        if pct < 95.0 {
            wrong.push(format!("{name}: {pct:.1}% is under 95%"));
        }
        wrong.extend(other_facts(&name, &i, &facts));
        got += s.got;
        total += s.total;

        // The draft loads next to the shared files, once its service is declared.
        // `shared/` and each service's `_*.yaml` define what endpoints share.
        let mut files: Vec<SourceFile> =
            spec.iter().filter(|f| f.path.starts_with("shared/") || f.path.contains("/_")).cloned().collect();
        if !cx.services.iter().any(|s| s == i.draft.service()) {
            let services = files.iter_mut().find(|f| f.path == "shared/services.yaml").expect("services file");
            let svc = i.draft.service();
            services.text.push_str(&format!(
                "  - wire: {svc}\n    module: {svc}_test\n    title: Test\n    doc: Declared by the test.\n"
            ));
        }
        files.push(SourceFile { path: format!("{}.yaml", i.draft.path), text: to_yaml(&i.draft, SourceStyle::Omit) });
        if let Err(d) = codegen::load(&files) {
            wrong.push(format!(
                "{name}: the draft does not load:\n{}\n{}",
                render(&d),
                to_yaml(&i.draft, SourceStyle::Omit)
            ));
        }
    }
    let overall = 100.0 * got as f64 / total.max(1) as f64;
    println!("{report}overall: {got}/{total} ({overall:.1}%)");
    assert!(wrong.is_empty(), "{report}\n{}", wrong.join("\n"));
}
