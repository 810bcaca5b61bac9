//! Rustdoc text from the spec: `#[doc]` attributes, wrapped, and the standard sections of an
//! endpoint's documentation.

use crate::model::{Endpoint, Field, Limits, Spec, Type};
use proc_macro2::TokenStream;
use quote::quote;

const WIDTH: usize = 96;

/// `#[doc = "..."]` attributes, one per line of `text`, wrapped at a readable width.
/// Blank lines separate paragraphs; lines starting with `- ` or `#` are kept as they are.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = wrap(text);
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// `#![doc = "..."]` attributes: the documentation of the module the file is.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let attrs = wrap(text).into_iter().map(|l| {
        let l = if l.is_empty() { l } else { format!(" {l}") };
        quote!(#![doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Square brackets of spec prose ("[Location]") escaped, so that rustdoc does not read them as
/// links. Code spans are left alone, and so are the links the generator writes itself,
/// [`Name`] or [`Name`](path): their brackets touch a backtick.
fn escape_brackets(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i + 1).copied();
        let prose_bracket = match c {
            '`' => {
                in_code = !in_code;
                false
            }
            '[' => !in_code && after != Some('`'),
            ']' => !in_code && before != Some('`'),
            _ => false,
        };
        if prose_bracket && before != Some('\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn wrap(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in escape_brackets(text.trim()).lines() {
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let cont = if line.trim_start().starts_with("- ") { format!("{indent}  ") } else { indent.clone() };
        let mut cur = String::new();
        for word in line.split_whitespace() {
            if !cur.is_empty() && cur.len() + 1 + word.len() > WIDTH && !word.starts_with('<') {
                out.push(std::mem::take(&mut cur));
                cur.push_str(&cont);
            } else if !cur.is_empty() {
                cur.push(' ');
            } else {
                cur.push_str(&indent);
            }
            cur.push_str(word);
        }
        out.push(cur);
    }
    out
}

/// Field documentation: the spec text, then its limits.
pub(crate) fn field(f: &Field) -> String {
    let mut text = f.doc.clone();
    let limits = describe_limits(&f.limits);
    if !limits.is_empty() {
        text.push_str("\n\n");
        text.push_str(&limits);
        text.push_str(" Checked before sending unless the client's limit checks are off.");
    }
    text
}

fn describe_limits(l: &Limits) -> String {
    let mut parts = Vec::new();
    match (l.min_items, l.max_items) {
        (Some(a), Some(b)) if a == b => parts.push(format!("Exactly {a} {}.", items(a))),
        (Some(a), Some(b)) => parts.push(format!("From {a} to {b} items.")),
        (Some(a), None) => parts.push(format!("At least {a} {}.", items(a))),
        (None, Some(b)) => parts.push(format!("At most {b} {}.", items(b))),
        (None, None) => {}
    }
    if let Some(b) = l.max_bytes {
        parts.push(format!("At most {b} bytes (UTF-8)."));
    }
    if let Some(b) = l.item_max_bytes {
        parts.push(format!("Each item at most {b} bytes (UTF-8)."));
    }
    match (l.min, l.max) {
        (Some(a), Some(b)) => parts.push(format!("From {a} to {b}.")),
        (Some(a), None) => parts.push(format!("At least {a}.")),
        (None, Some(b)) => parts.push(format!("At most {b}.")),
        (None, None) => {}
    }
    parts.join(" ")
}

fn items(n: u64) -> &'static str {
    if n == 1 { "item" } else { "items" }
}

/// The documentation of an endpoint's client method.
pub(crate) fn method(spec: &Spec, e: &Endpoint) -> String {
    let mut s = format!("{}.\n\n{}\n", e.title, e.summary);
    if e.irreversible {
        s.push_str(
            "\n**Irreversible:** the service cannot undo this call. Make sure of the request before sending it.\n",
        );
    }
    for note in &e.notes {
        s.push_str(&format!("\n{note}\n"));
    }
    s.push('\n');
    s.push_str(&format!("- Endpoint: `v4/{}`\n", e.path()));
    if let Some(r) = &e.rate_limit {
        s.push_str(&format!("- Rate limit: {} calls per {}.\n", r.calls, r.per.name()));
    }
    if let Some(ed) = e.edition {
        let name = ed.variant();
        s.push_str(&format!("- Edition: {name} or above; other apps get an error.\n"));
    }
    if !e.group_types.is_empty() {
        let types: Vec<String> = e.group_types.iter().map(|g| format!("`{g}`")).collect();
        s.push_str(&format!("- Group types: {}.\n", types.join(", ")));
    }
    for w in &e.webhooks {
        match &w.docs {
            Some(url) => {
                s.push_str(&format!("- May trigger the webhook [`{}`]({url}): {}\n", w.name, lower_first(&w.summary)))
            }
            None => s.push_str(&format!("- May trigger the webhook `{}`: {}\n", w.name, lower_first(&w.summary))),
        }
    }
    if !e.related.is_empty() {
        let links: Vec<String> = e.related.iter().map(|p| related_link(spec, e, p)).collect();
        s.push_str(&format!("- Related: {}.\n", links.join(", ")));
    }
    s.push_str(&format!("- Vendor documentation: <{}>\n", e.docs));
    s.push_str(&format!(
        "\n# Errors\n\n[`Error::Service`](crate::Error::Service) with a [`{}Error`] for the codes the service \
         documents; the other variants of [`Error`](crate::Error) for a request refused by a limit check, \
         HTTP and transport failures, and replies that do not decode.",
        e.type_prefix
    ));
    s
}

/// A link to a related endpoint: its method when the spec has it, else its path.
fn related_link(spec: &Spec, from: &Endpoint, path: &str) -> String {
    match spec.endpoint(path) {
        Some(other) if other.service == from.service => {
            let handle = spec.services.iter().find(|s| s.wire == other.service).map(|s| s.handle()).unwrap_or_default();
            format!("[`{}`]({handle}::{})", other.method, other.method)
        }
        Some(other) => {
            let module =
                spec.services.iter().find(|s| s.wire == other.service).map(|s| s.module.clone()).unwrap_or_default();
            let handle = spec.services.iter().find(|s| s.wire == other.service).map(|s| s.handle()).unwrap_or_default();
            format!("[`{module}::{}`](super::{module}::{handle}::{})", other.method, other.method)
        }
        None => format!("`v4/{path}`"),
    }
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "text", "a list of integers", "a [`Label`]"... for setter docs.
pub(crate) fn type_phrase(ty: &Type) -> String {
    match ty {
        Type::String => "text".into(),
        Type::Integer => "an integer".into(),
        Type::Bool => "a flag".into(),
        Type::Flag => "on or off (`true` is sent as 1, `false` as 0)".into(),
        Type::Number => "a number".into(),
        Type::Json => "any JSON value".into(),
        Type::Array(inner) => format!("a list of {}", plural(inner)),
        Type::Map(inner) => format!("a map from keys to {}", plural(inner)),
        Type::Named(r) => format!("a {}", type_link(r)),
    }
}

fn plural(ty: &Type) -> String {
    match ty {
        Type::String => "strings".into(),
        Type::Integer => "integers".into(),
        Type::Bool | Type::Flag => "flags".into(),
        Type::Number => "numbers".into(),
        Type::Json => "JSON values".into(),
        Type::Array(inner) => format!("lists of {}", plural(inner)),
        Type::Map(inner) => format!("maps of {}", plural(inner)),
        Type::Named(r) => format!("{} values", type_link(r)),
    }
}

/// A rustdoc link to a named type: shared types live at the crate root.
fn type_link(r: &crate::model::TypeRef) -> String {
    if r.shared { format!("[`{0}`](crate::{0})", r.name) } else { format!("[`{}`]", r.name) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_list_indent() {
        let long = format!("- {}", "word ".repeat(40));
        let lines = wrap(&long);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= WIDTH + 5));
        assert!(lines[1].starts_with("  word"));
        assert_eq!(wrap("a\n\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn prose_brackets_are_escaped_and_links_kept() {
        assert_eq!(escape_brackets("shows \"[Face]\""), "shows \"\\[Face\\]\"");
        assert_eq!(
            escape_brackets("see [`Error`](crate::Error) and [`Label`]"),
            "see [`Error`](crate::Error) and [`Label`]"
        );
        assert_eq!(escape_brackets("`a[0]` is kept"), "`a[0]` is kept");
        assert_eq!(escape_brackets("already \\[x\\]"), "already \\[x\\]");
    }
}
