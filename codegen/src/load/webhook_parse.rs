//! First pass for `webhooks/`: one file per callback command (`webhooks/<Command>.yaml`) and the
//! protocol they share (`webhooks/_protocol.yaml`). A child of `parse`, so it reads fields, types
//! and errata exactly as endpoint files do.

use super::{RawErratum, RawField, RawType, erratum, field, opt_list, req_text, types};
use crate::diag::Pos;
use crate::yaml::{Reader, Sp, Val};

/// `before` callbacks decide; `after` callbacks report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawWhen {
    Before,
    After,
}

pub(crate) struct RawReplyCode {
    pub code: Sp<i64>,
    pub name: Sp<String>,
    pub doc: String,
}

pub(crate) struct RawReply {
    pub pos: Pos,
    pub codes: Vec<RawReplyCode>,
    pub app_codes: Option<(Sp<i64>, Sp<i64>)>,
    pub fields: Vec<RawField>,
}

pub(crate) struct RawWebhookDef {
    pub file: String,
    pub command: Sp<String>,
    pub rust: Option<Sp<String>>,
    pub when: Sp<RawWhen>,
    pub title: String,
    pub summary: String,
    pub docs: Sp<String>,
    pub source: Option<super::RawSource>,
    pub triggers: Vec<Sp<String>>,
    pub notes: Vec<String>,
    pub payload: Vec<RawField>,
    pub reply: Option<RawReply>,
    pub types: Vec<RawType>,
    pub errata: Vec<RawErratum>,
    pub examples: Vec<RawSample>,
}

/// (payload sample, reply sample), each with its position.
pub(crate) type RawSample = (Option<Sp<String>>, Option<Sp<String>>);

pub(crate) struct RawQueryParam {
    pub name: Sp<String>,
    pub doc: String,
    pub signed: bool,
}

pub(crate) struct RawProtocol {
    pub file: String,
    pub docs: Sp<String>,
    pub source: Option<super::RawSource>,
    pub query: Vec<RawQueryParam>,
    pub timeout_ms: Option<Sp<u64>>,
    pub window_secs: Option<Sp<u64>>,
    /// (token, request time, sign) of the pages' worked example.
    pub sample: Option<(String, Sp<u64>, Sp<String>)>,
    pub notes: Vec<String>,
    pub errata: Vec<RawErratum>,
}

const WEBHOOK_KEYS: &[&str] = &[
    "command", "rust", "when", "title", "summary", "docs", "source", "triggers", "notes", "payload", "reply", "types",
    "errata", "examples",
];

/// `webhooks/<name>.yaml`.
pub(crate) fn file(r: &mut Reader, node: Val, name: &str, raw: &mut super::Raw) {
    if name == "_protocol.yaml" {
        raw.webhook_protocol = protocol(r, node);
    } else {
        raw.webhooks.extend(webhook(r, node));
    }
}

fn webhook(r: &mut Reader, node: Val) -> Option<RawWebhookDef> {
    let m = r.map(node, "a webhook", WEBHOOK_KEYS)?;
    let command = r.req(&m, "command", "Group.CallbackBeforeSendMsg").and_then(|n| r.text(n, "command"));
    let rust = m.get("rust").and_then(|n| r.text(n, "rust"));
    let when = r.req(&m, "when", "before").and_then(|n| r.text(n, "when")).and_then(|s| {
        let when = match s.value.as_str() {
            "before" => RawWhen::Before,
            "after" => RawWhen::After,
            other => {
                r.err(
                    &s.pos,
                    format!("unknown `when: {other}`"),
                    "write `before` (the app's answer decides) or `after` (the app is told)",
                );
                return None;
            }
        };
        Some(Sp { value: when, pos: s.pos })
    });
    let title = req_text(r, &m, "title", "Before a group message is sent");
    let summary = req_text(r, &m, "summary", "When it is sent and what the app can do, in our words.");
    let docs =
        r.req(&m, "docs", "https://intl.cloud.tencent.com/document/product/1047/34374").and_then(|n| r.text(n, "docs"));
    let source = m.get("source").and_then(|n| super::source(r, n));
    let triggers = opt_list(r, m.get("triggers"), "triggers", |r, n| r.text(n, "an endpoint path"));
    let notes = opt_list(r, m.get("notes"), "notes", |r, n| r.text(n, "a note").map(|s| s.value));
    let payload = opt_list(r, m.get("payload"), "payload", field);
    let reply = m.get("reply").and_then(|n| reply(r, n));
    let types = m.get("types").map(|n| types(r, n)).unwrap_or_default();
    let errata = opt_list(r, m.get("errata"), "errata", erratum);
    let examples = opt_list(r, m.get("examples"), "examples", |r, n| {
        let e = r.map(n, "a webhook sample", &["payload", "reply"])?;
        let mut one = |key: &str| {
            let s = e.get(key).and_then(|n| r.text(n, key))?;
            super::json_object(r, &s, &format!("examples.{key}"))?;
            Some(s)
        };
        let payload = one("payload");
        let reply = one("reply");
        if payload.is_none() && reply.is_none() && e.is_empty() {
            r.err(&e.pos, "a sample without `payload` or `reply`", "write `- payload: '{...}'` or `- reply: '{...}'`");
        }
        Some((payload, reply))
    });
    Some(RawWebhookDef {
        file: r.file.clone(),
        command: command?,
        rust,
        when: when?,
        title: title?,
        summary: summary?,
        docs: docs?,
        source,
        triggers,
        notes,
        payload,
        reply,
        types,
        errata,
        examples,
    })
}

fn reply(r: &mut Reader, node: Val) -> Option<RawReply> {
    let m = r.map(node, "reply", &["codes", "app_codes", "fields"])?;
    let codes = opt_list(r, m.get("codes"), "codes", |r, n| {
        let c = r.map(n, "a reply code", &["code", "name", "doc"])?;
        let code = r.req(&c, "code", "1").and_then(|n| r.int(n, "code"));
        let name = r.req(&c, "name", "refuse").and_then(|n| r.text(n, "name"));
        let doc = req_text(r, &c, "doc", "What the service does on this answer.");
        Some(RawReplyCode { code: code?, name: name?, doc: doc? })
    });
    let app_codes = m.get("app_codes").and_then(|n| {
        let a = r.map(n, "app_codes", &["min", "max"])?;
        let min = r.req(&a, "min", "10100").and_then(|n| r.int(n, "min"));
        let max = r.req(&a, "max", "10200").and_then(|n| r.int(n, "max"));
        Some((min?, max?))
    });
    let fields = opt_list(r, m.get("fields"), "fields", field);
    Some(RawReply { pos: m.pos.clone(), codes, app_codes, fields })
}

fn protocol(r: &mut Reader, node: Val) -> Option<RawProtocol> {
    let m = r.map(
        node,
        "webhooks/_protocol.yaml",
        &["docs", "source", "query", "timeout_ms", "window_secs", "sample", "notes", "errata"],
    )?;
    let docs =
        r.req(&m, "docs", "https://intl.cloud.tencent.com/document/product/1047/34354").and_then(|n| r.text(n, "docs"));
    let source = m.get("source").and_then(|n| super::source(r, n));
    let query = opt_list(r, m.get("query"), "query", |r, n| {
        let q = r.map(n, "a query parameter", &["name", "doc", "signed"])?;
        let name = r.req(&q, "name", "SdkAppid").and_then(|n| r.text(n, "name"));
        let doc = req_text(r, &q, "doc", "What the parameter holds.");
        let signed = q.get("signed").and_then(|n| r.bool(n, "signed")).is_some_and(|b| b.value);
        Some(RawQueryParam { name: name?, doc: doc?, signed })
    });
    let timeout_ms = m.get("timeout_ms").and_then(|n| r.count(n, "timeout_ms"));
    let window_secs = m.get("window_secs").and_then(|n| r.count(n, "window_secs"));
    let sample = m.get("sample").and_then(|n| {
        let s = r.map(n, "sample", &["token", "request_time", "sign"])?;
        let token = req_text(r, &s, "token", "xxxyyy");
        let time = r.req(&s, "request_time", "1669872112").and_then(|n| r.count(n, "request_time"));
        let sign = r.req(&s, "sign", "17773bc3...").and_then(|n| r.text(n, "sign"));
        Some((token?, time?, sign?))
    });
    let notes = opt_list(r, m.get("notes"), "notes", |r, n| r.text(n, "a note").map(|s| s.value));
    let errata = opt_list(r, m.get("errata"), "errata", erratum);
    Some(RawProtocol {
        file: r.file.clone(),
        docs: docs?,
        source,
        query,
        timeout_ms,
        window_secs,
        sample,
        notes,
        errata,
    })
}
