//! What looks wrong in a page: empty descriptions, a description copied from another API, samples
//! that disagree with the field tables.

use super::Warning;
use super::draft::{Draft, DraftField};
use super::fields::{ENVELOPE, Node, Side, each};
use super::json::Json;
use super::sample::{Sample, Shape};
use super::text::words;

/// Field rows with an empty description.
pub(crate) fn fields(nodes: &[Node], side: Side, w: &mut Vec<Warning>) {
    let mut all = Vec::new();
    each(nodes, &mut all);
    let what = side.noun();
    for n in all.iter().filter(|n| n.in_table && n.doc.trim().is_empty()) {
        w.push(Warning::new(n.line, format!("{what} field `{}` has an empty description", n.path.join("."))));
    }
}

/// Families of actions: a field described with an action of another family than the endpoint's
/// ("whose historical messages will be modified" on a page that disbands groups) was likely
/// copied from another API's page.
const ACTIONS: &[&[&str]] = &[
    &[
        "delete",
        "deleted",
        "destroy",
        "destroyed",
        "disband",
        "disbanded",
        "dismiss",
        "dismissed",
        "remove",
        "removed",
        "clear",
        "cleared",
    ],
    &["modify", "modified", "change", "changed", "update", "updated", "edit", "edited", "set"],
    &["add", "added", "create", "created", "import", "imported", "invite", "invited"],
    &["get", "query", "queried", "pull", "pulled", "fetch", "fetched", "check", "checked", "list", "listed"],
    &["send", "sent", "recall", "recalled", "withdraw", "withdrawn"],
];

fn family(word: &str) -> Option<usize> {
    ACTIONS.iter().position(|f| f.contains(&word))
}

pub(crate) fn action(req: &[Node], resp: &[Node], command: &str, overview: &str, w: &mut Vec<Warning>) {
    // The endpoint's own actions: from its command ("destroy_group", "querystate") and the
    // overview's "used to <verb>".
    let mut own: Vec<usize> = Vec::new();
    for part in command.split('_') {
        own.extend(ACTIONS.iter().enumerate().filter(|(_, f)| f.iter().any(|v| part.starts_with(v))).map(|(i, _)| i));
    }
    let ow = words(overview);
    for pair in ow.windows(2) {
        if let [a, b] = pair {
            if a == "to" {
                own.extend(family(b));
            }
        }
    }
    if own.is_empty() {
        return;
    }
    let mut all = Vec::new();
    each(req, &mut all);
    each(resp, &mut all);
    for n in all {
        let dw = words(&n.doc);
        for pair in dw.windows(3) {
            let [a, b, verb] = pair else { continue };
            if !((a == "will" || a == "to" || a == "are" || a == "is") && b == "be") {
                continue;
            }
            if let Some(f) = family(verb) {
                if !own.contains(&f) {
                    w.push(Warning::new(
                        n.line,
                        format!(
                            "the description of `{}` is about something that \"will be {verb}\", which this API does not do: copied from another API's page?",
                            n.wire
                        ),
                    ));
                }
            }
        }
    }
}

/// Samples against the field table, both ways, with JSON kinds against table types.
pub(crate) fn samples(nodes: &[Node], samples: &[&Sample], side: Side, w: &mut Vec<Warning>) {
    if samples.is_empty() {
        return;
    }
    let what = side.noun();
    let mut all = Vec::new();
    each(nodes, &mut all);
    let mut seen: Vec<Vec<String>> = Vec::new();
    for s in samples {
        for path in Shape::of(&[*s]).order {
            if side == Side::Response && path.len() == 1 && path.first().is_some_and(|k| ENVELOPE.contains(&k.as_str()))
            {
                continue;
            }
            if !seen.contains(&path) {
                seen.push(path.clone());
            }
            let node = all.iter().find(|n| n.path == path);
            let elsewhere =
                |p: &Vec<String>| all.iter().any(|n| p.last().is_some_and(|l| *l == n.wire) && n.path.len() != p.len());
            match node {
                None if !nodes.is_empty() && !elsewhere(&path) => w.push(Warning::new(
                    s.line,
                    format!("the {what} sample has `{}`, which the field table does not list", path.join(".")),
                )),
                _ => {}
            }
        }
    }
    for n in all.iter().filter(|n| n.in_table && !seen.contains(&n.path)) {
        w.push(Warning::new(n.line, format!("{what} field `{}` appears in no {what} sample", n.path.join("."))));
    }
    if side == Side::Request {
        // "(required)" / "(optional)" in a sample's comments against the Required column.
        for s in samples {
            for c in &s.comments {
                let t = c.text.to_lowercase();
                let said = if t.contains("(required)") || t.contains("required)") {
                    Some(true)
                } else if t.contains("(optional)") || t.contains("optional)") {
                    Some(false)
                } else {
                    None
                };
                let node = all.iter().find(|n| n.path == c.path);
                if let (Some(said), Some(n)) = (said, node) {
                    if n.required.is_some_and(|r| r != said) {
                        let (a, b) = if said { ("required", "optional") } else { ("optional", "required") };
                        w.push(Warning::new(
                            s.line + c.line,
                            format!("a sample's comment calls `{}` {a}, but the field table says {b}", n.wire),
                        ));
                    }
                }
            }
        }
    }
}

/// Whether each sample would decode with the drafted type: every value of the kind the field's
/// type says, every always-present reply field there (what the generated reply type checks).
pub(crate) fn decode(d: &Draft, samples: &[&Sample], side: Side, w: &mut Vec<Warning>) {
    let fields = if side == Side::Request { &d.request } else { &d.response };
    let what = side.noun();
    for s in samples {
        let Json::Object(obj) = &s.value else { continue };
        let mut problems = Vec::new();
        object(d, fields, obj, side, "", &mut problems, 0);
        for p in problems {
            w.push(Warning::new(s.line, format!("the {what} sample would not decode with the drafted type: {p}")));
        }
    }
}

fn object(
    d: &Draft,
    fields: &[DraftField],
    obj: &[(String, Json)],
    side: Side,
    at: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    for f in fields {
        let name = if at.is_empty() { f.wire.clone() } else { format!("{at}.{}", f.wire) };
        match obj.iter().find(|(k, _)| *k == f.wire) {
            None if f.required && side == Side::Response => out.push(format!("`{name}` is missing")),
            None => {}
            Some((_, v)) => value(d, &f.ty, v, side, &name, out, depth + 1),
        }
    }
}

fn value(d: &Draft, ty: &str, v: &Json, side: Side, at: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 16 || matches!(v, Json::Null) {
        return;
    }
    if let Some(inner) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
        match v {
            Json::Array(items) => items.iter().for_each(|i| value(d, inner, i, side, at, out, depth + 1)),
            other => out.push(format!("`{at}` is a list, the sample has {} {}", article(other.kind()), other.kind())),
        }
        return;
    }
    let fits = match (ty, v) {
        ("string", Json::String(_)) | ("bool", Json::Bool(_)) | ("json", _) => true,
        ("integer", Json::Number(_)) => v.kind() == "integer",
        ("number", Json::Number(_)) => true,
        (named, Json::Object(obj)) => match d.type_named(named) {
            Some(t) if t.enum_yaml.is_none() => {
                object(d, &t.fields, obj, side, at, out, depth + 1);
                true
            }
            Some(_) => true,
            None => named.starts_with(|c: char| c.is_ascii_uppercase()),
        },
        (named, _) => {
            named.starts_with(|c: char| c.is_ascii_uppercase())
                && d.type_named(named).is_some_and(|t| t.enum_yaml.is_some())
        }
    };
    if !fits {
        out.push(format!("`{at}` is {} {ty}, the sample has {} {}", article(ty), article(v.kind()), v.kind()));
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}
