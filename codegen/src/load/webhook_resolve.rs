//! Second pass for `webhooks/`: names, types, the links with endpoints (both ways) and the samples.
//! A child of `resolve`, so fields and types resolve exactly as they do for endpoints.

use super::super::parse::{Raw, RawProtocol, RawReply, RawSource, RawType, RawWebhookDef, RawWhen};
use super::{Cx, Scope, is_date};
use crate::diag::Pos;
use crate::model::*;
use crate::naming::{camel, is_camel, is_snake};
use std::collections::BTreeMap;

/// Names the webhook module defines itself, by hand or generated.
const TAKEN: &[&str] = &["Event", "Query", "Verifier", "VerifyError", "WebhookToken", "Ack", "Answer", "ReplyBody"];
/// Roots an erratum of a webhook may point at.
const ERRATA_ROOTS: &[&str] =
    &["payload", "reply", "query", "types", "examples", "title", "summary", "docs", "triggers", "when", "signature"];

type Resolved = (Vec<WebhookDef>, Option<WebhookProtocol>, Vec<TypeDef>);

pub(super) fn resolve<'r>(cx: &mut Cx<'_, 'r>, raw: &'r Raw, endpoints: &[Endpoint], services: &[Service]) -> Resolved {
    if raw.webhooks.is_empty() {
        // A spec without webhook files (a fixture, an old tree, shared files with a draft):
        // endpoint lists are not checked.
        let protocol = raw.webhook_protocol.as_ref().and_then(|p| protocol(cx, p));
        return (Vec::new(), protocol, Vec::new());
    }
    if let Some(s) = services.iter().find(|s| s.module == "webhook") {
        cx.diags.error_hint(
            &Pos::file_start("shared/services.yaml"),
            format!("service `{}` uses the module name `webhook`, which holds the callbacks", s.wire),
            "choose another module name",
        );
    }
    let types = types(cx, raw);
    let local: BTreeMap<String, &RawType> =
        raw.webhooks.iter().flat_map(|w| &w.types).map(|t| (t.name.value.clone(), t)).collect();
    let scope = Scope { local, shared_only: false };
    let mut names: BTreeMap<String, Pos> =
        types.iter().map(|t| (t.name.clone(), Pos::file_start("webhooks/"))).collect();
    let mut commands: BTreeMap<&str, &Pos> = BTreeMap::new();
    let mut out = Vec::new();
    for w in &raw.webhooks {
        if let Some(first) = commands.insert(&w.command.value, &w.command.pos) {
            cx.diags.error_hint(
                &w.command.pos,
                format!("command `{}` is described twice (first at {first})", w.command.value),
                "keep one file per command",
            );
            continue;
        }
        if let Some(def) = webhook(cx, w, &scope, endpoints, &mut names) {
            out.push(def);
        }
    }
    links(cx, raw, &out);
    out.sort_by(|a, b| a.command.cmp(&b.command));
    let protocol = raw.webhook_protocol.as_ref().and_then(|p| protocol(cx, p));
    if protocol.is_none() && raw.webhook_protocol.is_none() {
        cx.diags.error_hint(
            &Pos::file_start(&raw.webhooks[0].file),
            "the spec describes webhooks but not their protocol",
            "create spec/webhooks/_protocol.yaml (query parameters, signature, timeout)",
        );
    }
    (out, protocol, types)
}

/// The named types of every webhook file: one module, so names are unique across files.
fn types<'r>(cx: &mut Cx<'_, 'r>, raw: &'r Raw) -> Vec<TypeDef> {
    let all: Vec<&RawType> = raw.webhooks.iter().flat_map(|w| &w.types).collect();
    let mut seen: BTreeMap<&str, &Pos> = BTreeMap::new();
    for t in &all {
        if let Some(first) = seen.insert(&t.name.value, &t.name.pos) {
            cx.diags.error_hint(
                &t.name.pos,
                format!("webhook type `{}` is defined twice (first at {first})", t.name.value),
                "webhook types share one module: define it once and use it from both files",
            );
        }
    }
    let out = cx.service_types(&all);
    let mut out: Vec<TypeDef> = out;
    out.dedup_by(|a, b| a.name == b.name);
    out
}

fn webhook(
    cx: &mut Cx,
    w: &RawWebhookDef,
    scope: &Scope,
    endpoints: &[Endpoint],
    names: &mut BTreeMap<String, Pos>,
) -> Option<WebhookDef> {
    let command = &w.command.value;
    let Some((prefix, name)) = command
        .split_once('.')
        .filter(|(p, n)| [p, n].iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())))
    else {
        cx.diags.error_hint(
            &w.command.pos,
            format!("`{command}` is not a callback command"),
            "write it as the pages do, `<Area>.<Name>`, e.g. `Group.CallbackBeforeSendMsg`",
        );
        return None;
    };
    let expected_file = format!("webhooks/{command}.yaml");
    if w.file != expected_file {
        cx.diags.error_hint(
            &w.command.pos,
            format!("command `{command}` is described in `{}`", w.file),
            format!("name the file `{expected_file}`"),
        );
    }
    let rust = match &w.rust {
        Some(r) if !is_camel(&r.value) => {
            cx.diags.error_hint(
                &r.pos,
                format!("`rust: {}` is not UpperCamelCase", r.value),
                format!("write `rust: {}`", camel(&r.value)),
            );
            return None;
        }
        Some(r) => r.value.clone(),
        None => format!("{}{}", camel(&prefix.to_ascii_lowercase()), name.strip_prefix("Callback").unwrap_or(name)),
    };
    let at = w.rust.as_ref().map_or(&w.command.pos, |r| &r.pos);
    for item in [rust.clone(), format!("{rust}Reply")] {
        if TAKEN.contains(&item.as_str()) || cx.shared_names.contains_key(&item) {
            cx.diags.error_hint(
                at,
                format!("`{item}` is already taken in the webhook module"),
                "add `rust: <OtherName>`",
            );
        } else if let Some(first) = names.insert(item.clone(), at.clone()) {
            cx.diags.error_hint(
                at,
                format!("`{item}` is also the name of something at {first}"),
                "add `rust: <OtherName>`",
            );
        }
    }
    let what = format!("webhook `{command}`");
    let payload = cx.fields(&w.payload, &format!("the payload of {what}"), scope, false);
    if let Some(f) = payload.iter().find(|f| f.wire == "CallbackCommand") {
        let pos =
            w.payload.iter().find(|r| r.wire.value == f.wire).map_or(w.command.pos.clone(), |r| r.wire.pos.clone());
        cx.diags.error_hint(&pos, "`CallbackCommand` is implied by `command`", "remove the field");
    }
    let reply = match (w.when.value, &w.reply) {
        (RawWhen::Before, Some(r)) => Some(reply(cx, r, &what, scope)?),
        (RawWhen::Before, None) => {
            cx.diags.error_hint(
                &w.when.pos,
                format!("{what} is sent before the action but has no `reply`"),
                "add `reply:` with the codes and fields the app may answer",
            );
            None
        }
        (RawWhen::After, Some(r)) => {
            cx.diags.error_hint(
                &r.pos,
                format!("{what} is sent after the action, whose answer is ignored"),
                "remove `reply`, or write `when: before`",
            );
            None
        }
        (RawWhen::After, None) => None,
    };
    for t in &w.triggers {
        if !endpoints.iter().any(|e| e.path() == t.value) {
            let known = endpoints.iter().map(Endpoint::path).collect::<Vec<_>>();
            let hint = match crate::diag::did_you_mean(&t.value, known.iter().map(String::as_str)) {
                Some(k) => format!("did you mean `{k}`?"),
                None => "name a covered endpoint (`<service>/<command>`), or say it in `notes`".to_string(),
            };
            cx.diags.error_hint(&t.pos, format!("trigger `{}` is not an endpoint of the spec", t.value), hint);
        }
    }
    let mut examples = Vec::new();
    for (payload_sample, reply_sample) in &w.examples {
        if let Some(s) = payload_sample {
            let value: serde_json::Value = serde_json::from_str(&s.value).unwrap_or_default();
            if let Some(c) = value.get("CallbackCommand").and_then(|c| c.as_str()).filter(|c| c != command) {
                cx.diags.error_hint(
                    &s.pos,
                    format!("this sample is a `{c}` callback"),
                    format!("samples of this file are `{command}` callbacks"),
                );
            }
        }
        if reply_sample.is_some() && w.when.value == RawWhen::After {
            let pos = reply_sample.as_ref().map(|s| s.pos.clone()).unwrap_or_default();
            cx.diags.error_hint(&pos, format!("{what} takes no reply"), "remove the reply sample");
        }
        examples.push(WebhookExample {
            payload: payload_sample.as_ref().map(|s| s.value.clone()),
            reply: reply_sample.as_ref().map(|s| s.value.clone()),
        });
    }
    let errata = errata(cx, &w.errata, &what);
    Some(WebhookDef {
        file: w.file.clone(),
        command: command.clone(),
        rust,
        when: if w.when.value == RawWhen::Before { When::Before } else { When::After },
        title: w.title.clone(),
        summary: w.summary.clone(),
        docs: w.docs.value.clone(),
        source: w.source.as_ref().map(|s| source(cx, s)),
        triggers: w.triggers.iter().map(|t| t.value.clone()).collect(),
        notes: w.notes.clone(),
        payload,
        reply,
        errata,
        examples,
    })
}

fn reply(cx: &mut Cx, r: &RawReply, what: &str, scope: &Scope) -> Option<WebhookReply> {
    let mut codes: Vec<ReplyCode> = Vec::new();
    for c in &r.codes {
        let bad_name = !is_snake(&c.name.value) || ["allow", "new", "refuse_with"].contains(&c.name.value.as_str());
        if c.code.value == 0 {
            cx.diags.error_hint(&c.code.pos, "code 0 always means allow", "list only the other codes");
        } else if bad_name {
            cx.diags.error_hint(
                &c.name.pos,
                format!("reply code name `{}` is not a free snake_case name", c.name.value),
                "write e.g. `refuse` or `discard`",
            );
        } else if codes.iter().any(|x| x.code == c.code.value || x.name == c.name.value) {
            cx.diags.error_hint(
                &c.code.pos,
                format!("code {} or name `{}` is listed twice", c.code.value, c.name.value),
                "keep one",
            );
        } else {
            codes.push(ReplyCode { code: c.code.value, name: c.name.value.clone(), doc: c.doc.clone() });
        }
    }
    codes.sort_by_key(|c| c.code);
    let app_codes = r.app_codes.as_ref().map(|(min, max)| {
        if min.value > max.value || min.value <= 0 {
            cx.diags.error_hint(
                &min.pos,
                format!("app codes {}..={} are not a range of positive codes", min.value, max.value),
                "write `{min: 10100, max: 10200}`",
            );
        }
        (min.value, max.value)
    });
    let fields = cx.fields(&r.fields, &format!("the reply of {what}"), scope, false);
    for f in &r.fields {
        if ["ActionStatus", "ErrorCode", "ErrorInfo"].contains(&f.wire.value.as_str()) {
            cx.diags.error_hint(
                &f.wire.pos,
                format!("`{}` is part of every reply", f.wire.value),
                "remove it; list only the fields besides the status envelope",
            );
        }
    }
    Some(WebhookReply { codes, app_codes, fields })
}

/// Endpoints name the webhooks they trigger, webhooks name their triggers: each side must agree.
fn links(cx: &mut Cx, raw: &Raw, webhooks: &[WebhookDef]) {
    // An endpoint may name a webhook it does not send itself (a read of what the webhook reports).
    // A webhook file with errors may be what an endpoint names: not reported twice.
    let broken = raw.broken.iter().any(|f| f.starts_with("webhooks/"));
    for e in raw.endpoints.iter().filter(|_| !broken) {
        for w in &e.webhooks {
            if webhooks.iter().any(|d| d.command == w.name.value) {
                continue;
            }
            let known = webhooks.iter().map(|d| d.command.as_str());
            let hint = match crate::diag::did_you_mean(&w.name.value, known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("describe it in spec/webhooks/{}.yaml", w.name.value),
            };
            let message = format!("webhook `{}` is not described in spec/webhooks/", w.name.value);
            cx.diags.error_hint(&w.name.pos, message, hint);
        }
    }
    for d in webhooks {
        for t in &d.triggers {
            let Some(e) = raw.endpoints.iter().find(|e| &e.path.value == t) else { continue };
            if !e.webhooks.iter().any(|w| w.name.value == d.command) {
                let pos = raw
                    .webhooks
                    .iter()
                    .find(|w| w.command.value == d.command)
                    .and_then(|w| w.triggers.iter().find(|x| &x.value == t))
                    .map(|x| x.pos.clone())
                    .unwrap_or_default();
                cx.diags.error_hint(
                    &pos,
                    format!("endpoint `{t}` does not list webhook `{}`", d.command),
                    format!("add `- {{name: {}, summary: ...}}` to `webhooks` in {}", d.command, e.file),
                );
            }
        }
    }
}

fn errata(cx: &mut Cx, raw: &[super::super::parse::RawErratum], what: &str) -> Vec<Erratum> {
    let mut out = Vec::new();
    for x in raw {
        let root = x.at.value.split('.').next().unwrap_or_default();
        if !ERRATA_ROOTS.contains(&root) {
            cx.diags.error_hint(
                &x.at.pos,
                format!("erratum of {what} points at `{}`", x.at.value),
                format!("start with one of: {}", ERRATA_ROOTS.join(", ")),
            );
            continue;
        }
        out.push(Erratum { at: x.at.value.clone(), vendor: x.vendor.clone(), fix: x.fix.clone() });
    }
    out
}

fn source(cx: &mut Cx, (url, updated): &RawSource) -> Source {
    if let Some(d) = updated.as_ref().filter(|d| !is_date(&d.value)) {
        cx.diags.error_hint(
            &d.pos,
            format!("`{}` is not a date", d.value),
            "write the page's last-updated date as YYYY-MM-DD",
        );
    }
    Source { url: url.as_ref().map(|u| u.value.clone()), updated: updated.as_ref().map(|d| d.value.clone()) }
}

fn protocol(cx: &mut Cx, p: &RawProtocol) -> Option<WebhookProtocol> {
    let mut query: Vec<QueryParam> = Vec::new();
    for q in &p.query {
        if query.iter().any(|x| x.name == q.name.value) {
            cx.diags.error_hint(&q.name.pos, format!("query parameter `{}` is listed twice", q.name.value), "keep one");
            continue;
        }
        query.push(QueryParam { name: q.name.value.clone(), doc: q.doc.clone(), signed: q.signed });
    }
    for needed in ["SdkAppid", "CallbackCommand", "Sign", "RequestTime"] {
        if !query.iter().any(|q| q.name == needed) {
            cx.diags.error_hint(
                &Pos::file_start(&p.file),
                format!("the protocol lists no query parameter `{needed}`"),
                "add it under `query`",
            );
        }
    }
    let sample = p.sample.as_ref().map(|(token, time, sign)| {
        if sign.value.len() != 64 || !sign.value.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()) {
            cx.diags.error_hint(&sign.pos, "a SHA-256 sign is 64 lowercase hex digits", "copy the page's sample sign");
        }
        (token.clone(), time.value, sign.value.clone())
    });
    Some(WebhookProtocol {
        docs: p.docs.value.clone(),
        source: p.source.as_ref().map(|s| source(cx, s)),
        query,
        timeout_ms: p.timeout_ms.as_ref().map(|t| t.value),
        window_secs: p.window_secs.as_ref().map(|t| t.value),
        sample,
        notes: p.notes.clone(),
        errata: errata(cx, &p.errata, "the webhook protocol"),
    })
}
