//! A split page to a draft: each section read for the facts it states.

use super::check;
use super::draft::{Draft, DraftCode, DraftWebhook, Source};
use super::fields::{self, Side, Typer};
use super::page::{Kind, Line, Page};
use super::rate::{edition, rate};
use super::sample::{self, Sample, Shape};
use super::table::{Shape as TableShape, tables};
use super::text::{clean, find_date, is_chrome, links, snake_words, v4_paths, words};
use super::vocab;
use super::{Context, Facts, Failure, Layout, Warning};
use crate::naming::{camel, is_keyword};
use std::collections::BTreeMap;

/// Where `docs` points when the page does not give its own address.
pub(crate) const DOCS_FALLBACK: &str = "https://www.tencentcloud.com/document/product/1047";

pub(crate) fn extract(page: &Page, cx: &Context) -> Result<(Draft, Vec<Warning>, Facts), Failure> {
    let mut w: Vec<Warning> = Vec::new();
    let layout = page.layout;

    // The command path: the parameter table's `v4/...` row, the sample URL, the debugging link.
    let params = table_rows(page, Kind::Params, TableShape::Params);
    let from_params = params.iter().find_map(|(line, cells)| {
        let first = cells.first()?;
        v4_paths(first).into_iter().next().map(|p| (p, *line))
    });
    let url_lines = page.lines(Kind::Url);
    // The sample URL is a URL (or a request line), not a table row that mentions a path.
    let sample_url = url_lines.iter().find(|l| {
        let t = l.text.trim();
        t.contains("v4/")
            && (t.contains("://") || t.starts_with("POST ") || t.starts_with("GET ") || t.starts_with("/v4/"))
    });
    let from_url = sample_url.and_then(|l| v4_paths(&l.text).into_iter().next().map(|p| (p, l.no)));
    let from_debug =
        page.lines(Kind::Debug).iter().find_map(|l| v4_paths(&l.text).into_iter().next().map(|p| (p, l.no)));
    let path_stated = from_params.is_some() || from_url.is_some() || from_debug.is_some();
    // The evidence that agrees wins: the parameter table, the sample URL and the debugging link
    // vote; on a tie, the sample URL. The row that disagrees is named.
    let evidence: Vec<(&str, &(String, usize))> =
        [("the parameter table", &from_params), ("the sample URL", &from_url), ("the debugging link", &from_debug)]
            .into_iter()
            .filter_map(|(what, e)| e.as_ref().map(|e| (what, e)))
            .collect();
    let votes = |p: &str| evidence.iter().filter(|(_, (q, _))| q == p).count();
    let chosen =
        evidence.iter().max_by_key(|(what, (p, _))| (votes(p), *what == "the sample URL")).map(|(_, e)| (*e).clone());
    if let Some((p, _)) = &chosen {
        for (what, (q, line)) in &evidence {
            if q != p {
                w.push(Warning::new(
                    *line,
                    format!("{what} names v4/{q}, but the rest of the page agrees on v4/{p}; v4/{p} is used"),
                ));
            }
        }
    }
    let (path, path_line) = match chosen {
        Some(c) => c,
        None => {
            let any = page
                .sections
                .iter()
                .filter(|s| !matches!(s.kind, Kind::Related | Kind::Webhooks))
                .flat_map(|s| &s.body)
                .find_map(|l| v4_paths(&l.text).into_iter().next().map(|p| (p, l.no)));
            any.ok_or_else(|| Failure {
                line: 1,
                message: "no `v4/<service>/<command>` path on the page: it does not look like a REST API page".into(),
            })?
        }
    };
    let (service, command) = path.split_once('/').unwrap_or((&path, ""));
    if !cx.services.is_empty() && !cx.services.iter().any(|s| s == service) {
        w.push(Warning::new(
            path_line,
            format!("service `{service}` is not in spec/shared/services.yaml; declare it before adding this endpoint"),
        ));
    }

    // Query parameters and regions.
    let mut query_params: Vec<String> = Vec::new();
    let mut regions: Vec<(String, String)> = Vec::new();
    for (line, cells) in &params {
        let name = cells.first().map(|c| c.trim().to_string()).unwrap_or_default();
        let desc = cells.get(1..).map(|c| c.join(" ")).unwrap_or_default();
        if name.starts_with("v4/") || name == "https" {
            continue;
        }
        if name.chars().all(|c| c == 'x') {
            regions.extend(hosts(&desc));
            continue;
        }
        if desc.trim().is_empty() {
            w.push(Warning::new(*line, format!("the parameter table leaves the description of `{name}` empty")));
        }
        query_params.push(name);
    }
    if regions.is_empty() {
        for l in page.lines(Kind::Params) {
            regions.extend(hosts(&clean(&l.text)));
        }
    }
    if let Some(l) = sample_url {
        let query = l.text.split_once('?').map(|(_, q)| q).unwrap_or_default();
        for key in query.split('&').filter_map(|kv| kv.split('=').next()) {
            let key: String = key.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !key.is_empty() && !params.is_empty() && !query_params.contains(&key) {
                w.push(Warning::new(
                    l.no,
                    format!("the sample URL carries `{key}`, which the parameter table does not describe"),
                ));
            }
        }
    }
    for (_, host) in &regions {
        if !cx.hosts.is_empty() && !cx.hosts.contains(host) {
            w.push(Warning::new(
                page.all(Kind::Params).next().map_or(1, |s| s.line),
                format!("host {host} is not in spec/shared/regions.yaml"),
            ));
        }
    }

    // Title, date, address.
    let updated = page
        .preamble
        .iter()
        .find_map(|l| find_date(&l.text))
        .or_else(|| page.sections.first().and_then(|s| s.body.iter().take(3).find_map(|l| find_date(&l.text))));
    // The page's own address: a canonical link, or a labelled line before the article or in the
    // footer ("Source: https://...", "原文链接：..."), never a link the article merely mentions.
    let url = page.preamble.iter().chain(&page.tail).find_map(|l| {
        let t = l.text.trim().to_lowercase();
        if t.contains("rel=\"canonical\"") || t.contains("rel='canonical'") {
            return l.text.split("href=").nth(1).and_then(|h| first_url(h.trim_start_matches(['"', '\''])));
        }
        let labelled = ["url", "source", "<!--", "canonical", "原文链接", "本文链接", "文档地址", "元のurl", "원문"]
            .iter()
            .any(|w| t.starts_with(w));
        labelled.then(|| first_url(&l.text)).flatten()
    });
    let title = title(page, command, &mut w);

    // What it does.
    let overview: Vec<String> = page
        .lines(Kind::Overview)
        .iter()
        .map(|l| clean(l.text.trim_start_matches(['-', '>', '?', '!', ' '])))
        .filter(|t| !t.is_empty())
        .collect();
    let overview = overview.join(" ");
    let summary = summarise(&overview);
    let irreversible_text: String = [Kind::Overview, Kind::Calling, Kind::RequestSample, Kind::Url]
        .iter()
        .flat_map(|k| page.lines(*k))
        .map(|l| l.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let irreversible = [
        "irrevocable",
        "irreversible",
        "cannot be restored",
        "cannot be recovered",
        "cannot be undone",
        "can not be recovered",
    ]
    .iter()
    .any(|p| irreversible_text.contains(p));
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    let edition = edition(&overview);
    if edition.is_some() {
        let no = page.lines(Kind::Overview).iter().find(|l| l.text.to_lowercase().contains("edition")).map(|l| l.no);
        lines.insert("edition".into(), no.or(page.all(Kind::Overview).next().map(|s| s.line)).unwrap_or(1));
    }

    // Call frequency.
    let rate_line = page.lines(Kind::Rate).iter().find_map(|l| rate(&l.text).map(|r| (r, l.no)));
    if let Some((_, no)) = rate_line {
        lines.insert("rate_limit".into(), no);
    }
    let rate_limit = rate_line.map(|(r, _)| r);
    if rate_limit.is_none() {
        if let Some(s) = page.all(Kind::Rate).next() {
            w.push(Warning::new(s.line, "no call frequency could be read under this heading"));
        }
    }

    // Group types.
    let mut group_types: Vec<String> = Vec::new();
    for (line, cells) in table_rows(page, Kind::GroupTypes, TableShape::GroupTypes) {
        lines.entry("group_types".into()).or_insert(line);
        let cell = cells.first().map(|c| c.trim().to_string()).unwrap_or_default();
        let support = cells.get(1).map(|c| c.trim().to_lowercase()).unwrap_or_default();
        if cell.is_empty() || vocab::supported(&support) != Some(true) {
            continue;
        }
        // "Audio-video chat room", "私有群（Private）": the value the name stands for.
        let name = vocab::group_type(&cell, &cx.group_types).unwrap_or(cell);
        if !cx.group_types.is_empty() && !cx.group_types.contains(&name) {
            w.push(Warning::new(
                line,
                format!("group type `{name}` is not a value of GroupType in spec/shared/types.yaml; left out"),
            ));
        } else if !group_types.contains(&name) {
            group_types.push(name);
        }
    }

    // Error codes.
    let mut errors: Vec<(i64, String, usize)> = Vec::new();
    for (line, cells) in table_rows(page, Kind::Errors, TableShape::Errors) {
        let Some(code) = cells.first().and_then(|c| c.trim().parse::<i64>().ok()) else { continue };
        let meaning = cells.get(1..).map(|c| c.join(" ")).unwrap_or_default().trim().to_string();
        if let Some((_, _, first)) = errors.iter().find(|(c, _, _)| *c == code) {
            w.push(Warning::new(
                line,
                format!("error {code} is listed twice (first at line {first}); the first is kept"),
            ));
            continue;
        }
        if meaning.is_empty() {
            w.push(Warning::new(line, format!("error {code} has no description")));
        }
        lines.insert(format!("errors.{code}"), line);
        errors.push((code, meaning, line));
    }

    // Samples.
    let (req_samples, bad_req) = collect_samples(page, Kind::RequestSample);
    let (resp_samples, bad_resp) = collect_samples(page, Kind::ResponseSample);
    for b in bad_req.iter().chain(&bad_resp) {
        w.push(Warning::new(
            b.line,
            format!("sample is not JSON, even with comments and trailing commas allowed: {}", b.message),
        ));
    }
    let req_refs: Vec<&Sample> = req_samples.iter().collect();
    let ok_resp: Vec<&Sample> = resp_samples.iter().filter(|s| !sample::is_failure(&s.value)).collect();
    let req_shape = Shape::of(&req_refs);
    let resp_shape = Shape::of(&ok_resp);

    // Fields.
    let req_tables: Vec<_> =
        page.all(Kind::RequestFields).flat_map(|s| tables(&s.body, layout, TableShape::Fields)).collect();
    let resp_tables: Vec<_> =
        page.all(Kind::ResponseFields).flat_map(|s| tables(&s.body, layout, TableShape::Fields)).collect();
    let mut req_nodes = fields::tree(&req_tables, Side::Request, &req_shape, &mut w);
    // Rows are placed by every reply sample, failures too: a list of failed items is only shown
    // in the failure sample.
    let all_resp: Vec<&Sample> = resp_samples.iter().collect();
    let resp_nodes = fields::tree(&resp_tables, Side::Response, &Shape::of(&all_resp), &mut w);
    // Notes beside the table: only where rows are marked by pipes can they be told from cells.
    let notes: Vec<(usize, String)> = if matches!(layout, Layout::Markdown | Layout::PipeRows) {
        page.all(Kind::RequestFields)
            .flat_map(|s| &s.body)
            .filter(|l| !l.text.contains('|') && !l.text.trim().is_empty())
            .map(|l| (l.no, clean(&l.text)))
            .collect()
    } else {
        Vec::new()
    };
    fields::attach_bounds(&mut req_nodes, &notes, &req_refs, &errors);
    let prose: Vec<(usize, String)> = [Kind::Overview, Kind::Calling, Kind::RequestSample]
        .iter()
        .flat_map(|k| page.lines(*k))
        .map(|l| (l.no, clean(&l.text)))
        .collect();
    fields::attach_call_counts(&mut req_nodes, &prose, &req_shape);
    fields::lift_counts(&mut req_nodes, &req_shape);
    check::fields(&req_nodes, Side::Request, &mut w);
    check::fields(&resp_nodes, Side::Response, &mut w);
    check::action(&req_nodes, &resp_nodes, command, &overview, &mut w);
    check::samples(&req_nodes, &req_refs, Side::Request, &mut w);
    check::samples(&resp_nodes, &ok_resp, Side::Response, &mut w);

    let mut draft = Draft {
        path: path.clone(),
        title,
        summary,
        docs: url.clone().unwrap_or_else(|| DOCS_FALLBACK.to_string()),
        rate_limit,
        group_types,
        irreversible,
        ..Draft::default()
    };
    if url.is_none() {
        w.push(Warning::new(
            1,
            format!("the page does not give its address; `docs` is the product index {DOCS_FALLBACK}"),
        ));
    }
    if is_keyword(command) || !crate::naming::is_snake(command) {
        let base: String =
            command.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        draft.name = Some(format!("{}_call", base.trim_matches('_')));
    }
    draft.source = (url.is_some() || updated.is_some()).then(|| Source { url: url.clone(), updated: updated.clone() });
    draft.vendor_text.push("title".into());
    draft.vendor_text.push("summary".into());

    let mut types = Vec::new();
    let mut typed = |side, shape, nodes, at| {
        let vendor_text = &mut draft.vendor_text;
        Typer { side, shape, types: &mut types, taken: &cx.shared_types, warnings: &mut w, vendor_text }
            .fields(nodes, at, 0)
    };
    let request = typed(Side::Request, &req_shape, &req_nodes, "request");
    let response = typed(Side::Response, &resp_shape, &resp_nodes, "response");
    (draft.request, draft.response, draft.types) = (request, response, types);

    // Errors: whole shared tables the page lists, the common range left to `Common`, the rest own.
    let codes: Vec<i64> = errors.iter().map(|(c, _, _)| *c).collect();
    // Biggest tables first; one that overlaps a table already taken is left out (a code may be
    // listed once per endpoint), as is one that another service's endpoints use.
    let mut candidates: Vec<&(String, Vec<i64>)> = cx
        .tables
        .iter()
        .filter(|(_, t)| !t.is_empty() && t.iter().all(|c| codes.contains(c)))
        .filter(|(name, _)| {
            cx.table_services
                .iter()
                .find(|(n, _)| n == name)
                .is_none_or(|(_, users)| users.is_empty() || users.iter().any(|u| u == service))
        })
        .collect();
    candidates.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let mut covered: Vec<i64> = Vec::new();
    for (name, table_codes) in candidates {
        if table_codes.iter().all(|c| !covered.contains(c)) {
            covered.extend(table_codes);
            draft.error_tables.push(name.clone());
        }
    }
    let in_tables: Vec<i64> =
        cx.tables.iter().filter(|(n, _)| draft.error_tables.contains(n)).flat_map(|(_, c)| c.iter().copied()).collect();
    let mut taken_names: Vec<String> = cx
        .table_names
        .iter()
        .filter(|(t, _, _)| draft.error_tables.contains(t))
        .map(|(_, _, n)| camel(n))
        .chain(cx.common_names.iter().map(|n| camel(n)))
        .collect();
    for (code, meaning, _) in &errors {
        // A code the spec names already keeps that name.
        let known = cx.table_names.iter().find(|(_, c, _)| c == code).map(|(_, _, n)| n.clone());
        let mut name = known.unwrap_or_else(|| code_name(meaning));
        if taken_names.contains(&camel(&name)) && !in_tables.contains(code) {
            name = format!("{name}_{code}");
        }
        let m = meaning.to_lowercase();
        let retriable = m.contains("try again") || m.contains("retry");
        let entry = DraftCode { code: *code, name: name.clone(), meaning: clean(meaning), retriable };
        draft.page_codes.push(entry.clone());
        if in_tables.contains(code) || cx.common_codes.contains(code) {
            continue;
        }
        taken_names.push(camel(&name));
        draft.vendor_text.push(format!("errors.{code}"));
        draft.errors.push(entry);
    }
    draft.errors.sort_by_key(|c| c.code);
    // Tables in the order the page lists their codes.
    let first_at = |t: &String| {
        let table = cx.tables.iter().find(|(n, _)| n == t).map_or(&[][..], |(_, c)| c.as_slice());
        codes.iter().position(|c| table.contains(c)).unwrap_or(usize::MAX)
    };
    draft.error_tables.sort_by_key(first_at);
    if let Some(ed) = &edition {
        draft.edition = Some(ed.clone());
        let word = format!("{ed} edition");
        draft.edition_code = errors.iter().find(|(_, m, _)| m.to_lowercase().contains(&word)).map(|(c, _, _)| *c);
    }

    // Related endpoints and webhooks.
    for l in page.lines(Kind::Related) {
        for p in v4_paths(&l.text) {
            let svc = p.split('/').next().unwrap_or_default();
            if p == path || draft.related.contains(&p) {
                continue;
            }
            if !cx.services.is_empty() && !cx.services.iter().any(|s| s == svc) {
                w.push(Warning::new(
                    l.no,
                    format!("related v4/{p} is in service `{svc}`, which the spec does not declare; left out"),
                ));
                continue;
            }
            draft.related.push(p);
        }
    }
    for l in page.lines(Kind::Webhooks) {
        let found = links(&l.text);
        if found.is_empty() {
            let t = clean(&l.text);
            let none = matches!(
                t.to_lowercase().trim_end_matches(['.', '。']),
                "none" | "n/a" | "-" | "无" | "暂无" | "なし" | "없음" | "нет" | "tidak ada"
            );
            if !t.is_empty() && !none && !is_chrome(&t) && !t.starts_with('<') {
                draft.webhooks.push(DraftWebhook { name: t.clone(), summary: t, docs: None });
            }
        }
        for (text, link) in found {
            if text.is_empty() {
                continue;
            }
            let docs = (link.starts_with("https://") && !link.contains(char::is_whitespace)).then_some(link);
            draft.webhooks.push(DraftWebhook { name: text.clone(), summary: text, docs });
        }
    }

    check::decode(&draft, &req_refs, Side::Request, &mut w);
    check::decode(&draft, &ok_resp, Side::Response, &mut w);

    // Samples kept: the fullest of each side.
    let best = |list: &[&Sample]| {
        list.iter()
            .max_by_key(|s| (sample::size(&s.value), std::cmp::Reverse(s.line)))
            .map(|s| format!("{}\n", s.value.compact()))
    };
    draft.example_request = best(&req_refs);
    draft.example_response = best(&ok_resp);

    let mut required_stated = BTreeMap::new();
    let mut table_types = BTreeMap::new();
    for (side, nodes) in [("request", &req_nodes), ("response", &resp_nodes)] {
        let mut all = Vec::new();
        fields::each(nodes, &mut all);
        for n in all {
            let key = format!("{side}.{}", n.path.join("."));
            if let Some(r) = n.required.filter(|_| !n.required_on_condition) {
                required_stated.insert(key.clone(), r);
            }
            if !n.table_type.is_empty() {
                table_types.insert(key.clone(), n.table_type.clone());
            }
            lines.insert(key, n.line);
        }
    }
    // Links named by a path: this page's word on where other endpoints' pages are.
    let mut page_links: Vec<(String, String)> = Vec::new();
    for l in page.sections.iter().flat_map(|s| &s.body) {
        for (text, link) in links(&l.text) {
            if let [p] = v4_paths(&text).as_slice() {
                if *p != path && !page_links.iter().any(|(q, _)| q == p) {
                    page_links.push((p.clone(), link.split('#').next().unwrap_or_default().to_string()));
                }
            }
        }
    }
    let facts = Facts {
        layout,
        regions,
        query_params,
        updated,
        url,
        path_stated,
        lines,
        required_stated,
        table_types,
        links: page_links,
        samples: [("request", &req_samples), ("response", &resp_samples)]
            .into_iter()
            .flat_map(|(side, list)| list.iter().map(move |s| (side.to_string(), s.value.compact(), s.line)))
            .collect(),
    };
    Ok((draft, w, facts))
}

/// Rows of every table of a kind of section, as (line, cells).
fn table_rows(page: &Page, kind: Kind, shape: TableShape) -> Vec<(usize, Vec<String>)> {
    page.all(kind)
        .flat_map(|s| tables(&s.body, page.layout, shape))
        .flat_map(|t| t.rows)
        .map(|r| (r.line, r.cells))
        .collect()
}

fn collect_samples(page: &Page, kind: Kind) -> (Vec<Sample>, Vec<sample::BadSample>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for s in page.all(kind) {
        let (g, b) = sample::samples(&s.body, page.layout);
        good.extend(g);
        bad.extend(b);
    }
    (good, bad)
}

/// "China: console.tim.qq.com Singapore: adminapisgp.im.qcloud.com" -> (name, host) pairs.
fn hosts(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name: Vec<String> = Vec::new();
    let tokens: Vec<String> =
        text.replace(':', ": ").split_whitespace().map(|t| t.trim_matches('`').to_string()).collect();
    for t in tokens {
        let host = t.trim_end_matches(['.', ',', ';']);
        let is_host = host.contains('.')
            && (host.ends_with(".com") || host.ends_with(".cn"))
            && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if is_host {
            let n = name.join(" ");
            let n = n.trim_end_matches(':').trim().to_string();
            if !n.is_empty() {
                out.push((n, host.to_string()));
            }
            name.clear();
        } else if t.ends_with('.') || t.ends_with(',') {
            name.clear();
        } else {
            name.push(t);
            if name.len() > 3 {
                name.remove(0);
            }
        }
    }
    out
}

fn first_url(s: &str) -> Option<String> {
    let i = s.find("https://")?;
    let url: String =
        s.get(i..)?.chars().take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '>' | '"' | '`')).collect();
    Some(url.trim_end_matches(['.', ',']).to_string())
}

/// The page title: the last line of the last paragraph before the article that is neither the
/// last-updated line's paragraph nor site chrome. In another language than English, or absent, a
/// title is made from the command.
fn title(page: &Page, command: &str, w: &mut Vec<Warning>) -> String {
    let mut blocks: Vec<Vec<&Line>> = vec![Vec::new()];
    for l in page.preamble.iter().filter(|l| !is_chrome(&l.text)) {
        if l.text.trim().is_empty() {
            blocks.push(Vec::new());
        } else if let Some(b) = blocks.last_mut() {
            b.push(l);
        }
    }
    // The date's paragraph is page furniture ("PDF", "Font size", the date); a line with an
    // address is not a title. The title is the last line left.
    let candidate = blocks
        .iter()
        .filter(|b| !b.iter().any(|l| find_date(&l.text).is_some()))
        .map(|b| b.iter().filter(|l| !l.text.contains("https://")).collect::<Vec<_>>())
        .filter(|b| !b.is_empty())
        .filter_map(|b| b.last().copied())
        .next_back();
    let fallback = || {
        let mut t = command.replace('_', " ");
        if let Some(first) = t.get(..1) {
            t = format!("{}{}", first.to_uppercase(), t.get(1..).unwrap_or_default());
        }
        t
    };
    match candidate {
        Some(l) => {
            let t = clean(l.text.trim_start_matches('#'));
            if is_chrome(&t) || t.is_empty() {
                w.push(Warning::new(
                    l.no,
                    format!(
                        "the page's title `{}` is not in English; the title is made from the command",
                        truncate(&t)
                    ),
                ));
                fallback()
            } else {
                t
            }
        }
        None => {
            w.push(Warning::new(1, "the page has no title; the title is made from the command"));
            fallback()
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// The overview's sentences, up to about 600 characters.
fn summarise(text: &str) -> String {
    let mut out = String::new();
    for sentence in text.split_inclusive(". ") {
        if !out.is_empty() && out.len() + sentence.len() > 600 {
            break;
        }
        out.push_str(sentence);
    }
    let out = out.trim().to_string();
    if out.chars().count() > 800 { out.chars().take(800).collect() } else { out }
}

/// A snake_case name from an error's meaning: its first sentence's telling words.
fn code_name(meaning: &str) -> String {
    const STOP: &[&str] = &[
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "or",
        "and",
        "of",
        "to",
        "in",
        "on",
        "for",
        "this",
        "that",
        "it",
        "its",
        "your",
        "you",
        "please",
        "when",
        "which",
        "with",
        "by",
        "as",
        "at",
        "does",
        "do",
        "will",
        "can",
        "error",
        "occurred",
        "request",
        "requested",
        "check",
        "try",
        "again",
        "later",
        "if",
        "from",
        "because",
        "so",
        "there",
    ];
    let first = meaning.split(". ").next().unwrap_or(meaning);
    let w: Vec<String> = words(first).into_iter().filter(|x| !STOP.contains(&x.as_str()) && x.is_ascii()).collect();
    // `snake_words` turns no words into "e"; a meaning of stop words only is named "failed".
    if !w.iter().any(|x| x.chars().any(|c| c.is_ascii_alphanumeric())) {
        return "failed".to_string();
    }
    snake_words(&w, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_meaning_of_stop_words_only_is_named_failed() {
        assert_eq!(code_name("An error occurred. Please try again later."), "failed");
        assert_eq!(code_name("The group is full."), "group_full");
    }

    #[test]
    fn small_readers() {
        assert_eq!(rate("The maximum calling frequency is 200 times per second."), Some((200, "second".into())));
        assert_eq!(rate("This API can be called up to 200 times per second."), Some((200, "second".into())));
        assert_eq!(edition("Only the Premium edition supports it."), Some("premium".into()));
        assert_eq!(edition("Pro Edition and Flagship Edition do not support it"), None);
        assert_eq!(code_name("The group does not exist or has been deleted."), "group_not_exist_deleted");
        assert_eq!(code_name("Invalid group ID. Use the correct group ID."), "invalid_group_id");
        let h = hosts(
            "Domain name. China: console.tim.qq.com Tokyo:adminapijpn.im.qcloud.com Silicon Valley: `adminapiusa.im.qcloud.com`",
        );
        assert_eq!(
            h,
            [
                ("China".to_string(), "console.tim.qq.com".to_string()),
                ("Tokyo".into(), "adminapijpn.im.qcloud.com".into()),
                ("Silicon Valley".into(), "adminapiusa.im.qcloud.com".into())
            ]
        );
    }
}
