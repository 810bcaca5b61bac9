//! Typed, position-keeping reads from a YAML tree (marked-yaml), reporting every mismatch as a
//! diagnostic instead of failing: a missing key, an unknown key, a string where a number belongs.

use crate::diag::{Diagnostic, Diags, Pos, did_you_mean};
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{LoadError, LoaderOptions, Node, Span};

/// A value and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Sp<T> {
    pub value: T,
    pub pos: Pos,
}

/// Deepest block nesting accepted, in columns of indentation. Spec files need a handful of levels;
/// the YAML parser recurses once per level, so unbounded depth would overflow the stack.
const MAX_INDENT: usize = 200;

/// Parses one file. Duplicate keys are an error; anchors and tags are refused by marked-yaml.
pub(crate) fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    let text = without_bom(text);
    check_shape(file, text)?;
    let options = LoaderOptions::default().error_on_duplicate_keys(true).prevent_coercion(true).toplevel_mapping();
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| load_error(file, text, e))
}

/// The text marked-yaml's positions refer to: a leading byte order mark is not part of it.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// What the YAML parser would not report well: nesting too deep for its recursion, and a second
/// document (which it silently drops).
fn check_shape(file: &str, text: &str) -> Result<(), Diagnostic> {
    let mut content_seen = false;
    for (i, line) in text.lines().enumerate() {
        let at = |column: usize| Pos { file: file.to_string(), line: i + 1, column };
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line == "---" || line.starts_with("--- ") || line == "..." {
            if content_seen {
                return Err(Diagnostic::new(
                    at(1),
                    "a second YAML document begins here; everything after it would be ignored",
                )
                .hint(
                    "one file holds one document: remove the `---` line, or move what follows to a file of its own",
                ));
            }
            continue;
        }
        content_seen = true;
        let mut depth = line.len() - trimmed.len();
        let mut rest = trimmed;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            depth += 2;
            rest = r.trim_start();
        }
        if depth > MAX_INDENT {
            return Err(Diagnostic::new(at(1), format!("nesting is deeper than {MAX_INDENT} columns"))
                .hint("spec files need only a few levels; check the indentation of this line"));
        }
    }
    Ok(())
}

fn load_error(file: &str, text: &str, e: LoadError) -> Diagnostic {
    let at = |m: &marked_yaml::Marker| Pos { file: file.to_string(), line: m.line(), column: m.column() };
    match e {
        LoadError::TopLevelMustBeMapping(m) => {
            Diagnostic::new(at(&m), "the file must be a YAML mapping (`key: value` lines)").hint(top_level_hint(file))
        }
        LoadError::TopLevelMustBeSequence(m) => Diagnostic::new(at(&m), "the file must be a YAML list"),
        LoadError::UnexpectedAnchor(m) => {
            // The marker is on the value; the anchor or alias sign is before it on the same line.
            let line = text.lines().nth(m.line().saturating_sub(1)).unwrap_or_default();
            let before: Vec<char> = line.chars().take(m.column().saturating_sub(1)).collect();
            let column = before.iter().rposition(|c| *c == '&' || *c == '*').map_or(m.column(), |i| i + 1);
            Diagnostic::new(Pos { column, ..at(&m) }, "YAML anchors and aliases are not supported")
                .hint("write the value out, or move it to a shared definition in spec/shared/")
        }
        LoadError::MappingKeyMustBeScalar(m) => Diagnostic::new(at(&m), "a mapping key must be a plain word"),
        LoadError::UnexpectedTag(m) => Diagnostic::new(at(&m), "YAML tags (`!name`) are not supported")
            .hint("remove the tag; quote the value if it starts with `!`"),
        LoadError::ScanError(m, e) => Diagnostic::new(at(&m), format!("YAML syntax error: {}", e.info()))
            .hint("check indentation and quoting around this position"),
        LoadError::DuplicateKey(inner) => {
            let first = span_pos(file, inner.prev_key.span());
            Diagnostic::new(
                span_pos(file, inner.key.span()),
                format!("key `{}` appears twice in this mapping (first at line {})", inner.key.as_str(), first.line),
            )
            .hint("keep one of them")
        }
    }
}

fn top_level_hint(file: &str) -> String {
    match file {
        "shared/services.yaml" => "start the file with `services:` and list the services under it".into(),
        "shared/regions.yaml" => "start the file with `regions:` and list the regions under it".into(),
        "shared/errors.yaml" => "start the file with `common:` (and `tables:` if needed)".into(),
        f if f.starts_with("shared/") => "start the file with `types:` and define the types under it".into(),
        _ => "start the file with `path: <service>/<command>`, or see spec/README.md".into(),
    }
}

pub(crate) fn span_pos(file: &str, span: &Span) -> Pos {
    match span.start() {
        Some(m) => Pos { file: file.to_string(), line: m.line(), column: m.column() },
        None => Pos { file: file.to_string(), line: 0, column: 0 },
    }
}

/// A node as found under a key (the key is where an empty value is reported), or alone.
#[derive(Clone, Copy)]
pub(crate) struct Val<'n> {
    pub node: &'n Node,
    key: Option<&'n MarkedScalarNode>,
}

impl<'n> From<&'n Node> for Val<'n> {
    fn from(node: &'n Node) -> Self {
        Val { node, key: None }
    }
}

fn is_empty_plain(node: &Node) -> bool {
    matches!(node, Node::Scalar(s) if s.is_empty() && s.may_coerce())
}

/// Reading context: the file being read and the diagnostics so far.
pub(crate) struct Reader<'d> {
    pub file: String,
    /// The file's lines, split once: positions say where a node starts, not what character is there.
    lines: Vec<&'d str>,
    pub diags: &'d mut Diags,
}

/// A mapping whose keys were checked against the allowed set.
pub(crate) struct Map<'n> {
    node: &'n MarkedMappingNode,
    pub pos: Pos,
    what: String,
}

impl<'d> Reader<'d> {
    pub(crate) fn new(file: &str, text: &'d str, diags: &'d mut Diags) -> Self {
        Reader { file: file.to_string(), lines: without_bom(text).lines().collect(), diags }
    }

    /// Where `v` starts. A block mapping starts at its first key (marked-yaml would say the colon),
    /// an empty value at its key.
    pub(crate) fn pos<'n>(&self, v: impl Into<Val<'n>>) -> Pos {
        let v = v.into();
        if let (true, Some(key)) = (is_empty_plain(v.node), v.key) {
            return span_pos(&self.file, key.span());
        }
        match v.node {
            Node::Mapping(m) => match m.keys().next() {
                Some(first) if !self.starts_with(m.span(), '{') => span_pos(&self.file, first.span()),
                _ => span_pos(&self.file, m.span()),
            },
            other => span_pos(&self.file, other.span()),
        }
    }

    /// Text whose positions matter inside it (a type expression): the position is that of its
    /// first character, inside the quotes if it is quoted.
    pub(crate) fn inner_text<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<Sp<String>> {
        let v = v.into();
        let quoted =
            matches!(v.node, Node::Scalar(s) if self.starts_with(s.span(), '"') || self.starts_with(s.span(), '\''));
        let s = self.text(v, what)?;
        Some(if quoted { Sp { pos: s.pos.shifted(1), ..s } } else { s })
    }

    /// Whether the source text at the start of `span` is `c`.
    fn starts_with(&self, span: &Span, c: char) -> bool {
        let Some(m) = span.start() else { return false };
        let line = self.lines.get(m.line().saturating_sub(1)).copied().unwrap_or_default();
        line.chars().nth(m.column().saturating_sub(1)) == Some(c)
    }

    pub(crate) fn err(&mut self, pos: &Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.error_hint(pos, message, hint);
    }

    /// Reads `v` as a mapping described as `what`; keys outside `allowed` are reported.
    pub(crate) fn map<'n>(&mut self, v: impl Into<Val<'n>>, what: &str, allowed: &[&str]) -> Option<Map<'n>> {
        let v = v.into();
        let pos = self.pos(v);
        let Some(node) = v.node.as_mapping() else {
            self.mismatch(v, what, "a mapping of `key: value` lines");
            return None;
        };
        for key in node.keys() {
            if !allowed.contains(&key.as_str()) {
                let kpos = span_pos(&self.file, key.span());
                let hint = match did_you_mean(key.as_str(), allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("allowed keys in {what}: {}", allowed.join(", ")),
                };
                self.err(&kpos, format!("unknown key `{}` in {what}", key.as_str()), hint);
            }
        }
        Some(Map { node, pos, what: what.to_string() })
    }

    /// Reports that `v` is not what `what` must be, or that it is empty.
    fn mismatch(&mut self, v: Val, what: &str, expected: &str) {
        let pos = self.pos(v);
        if is_empty_plain(v.node) {
            self.err(&pos, format!("{what} has no value"), format!("write a value after `{what}:`: {expected}"));
            return;
        }
        let found = match v.node {
            Node::Scalar(s) if s.may_coerce() => format!("`{}`", s.as_str()),
            Node::Scalar(s) => format!("the quoted text \"{}\"", s.as_str()),
            Node::Mapping(_) => "a mapping".to_string(),
            Node::Sequence(_) => "a list".to_string(),
        };
        self.err(&pos, format!("{what} must be {expected}, found {found}"), format!("write {what} as {expected}"));
    }

    /// A required key; reports it when missing, with `example` as the fix.
    pub(crate) fn req<'n>(&mut self, map: &Map<'n>, key: &str, example: &str) -> Option<Val<'n>> {
        let v = map.get(key);
        if v.is_none() {
            let hint = format!("add `{key}: {example}`");
            self.err(&map.pos, format!("{} is missing the required key `{key}`", map.what), hint);
        }
        v
    }

    /// A string scalar. Numbers and booleans written without quotes are taken as their text.
    pub(crate) fn string<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<Sp<String>> {
        let v = v.into();
        match v.node {
            Node::Scalar(s) if !is_empty_plain(v.node) => Some(Sp { value: s.as_str().to_string(), pos: self.pos(v) }),
            _ => {
                self.mismatch(v, what, "text");
                None
            }
        }
    }

    /// A non-empty string after trimming.
    pub(crate) fn text<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<Sp<String>> {
        let s = self.string(v, what)?;
        let trimmed = s.value.trim();
        if trimmed.is_empty() {
            self.err(&s.pos, format!("{what} is empty"), format!("write {what} in a sentence, or remove the key"));
            return None;
        }
        Some(Sp { value: trimmed.to_string(), pos: s.pos })
    }

    pub(crate) fn bool<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<Sp<bool>> {
        let v = v.into();
        match v.node.as_scalar().map(|s| (s.may_coerce(), s.as_str())) {
            Some((true, "true")) => Some(Sp { value: true, pos: self.pos(v) }),
            Some((true, "false")) => Some(Sp { value: false, pos: self.pos(v) }),
            _ => {
                self.mismatch(v, what, "`true` or `false`");
                None
            }
        }
    }

    pub(crate) fn int<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<Sp<i64>> {
        let v = v.into();
        match v.node.as_scalar().filter(|s| s.may_coerce()).and_then(|s| s.as_str().parse::<i64>().ok()) {
            Some(value) => Some(Sp { value, pos: self.pos(v) }),
            None => {
                self.mismatch(v, what, "a whole number");
                None
            }
        }
    }

    /// A non-negative count (a limit, a number of calls).
    pub(crate) fn count<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<Sp<u64>> {
        let v = self.int(v, what)?;
        match u64::try_from(v.value) {
            Ok(n) => Some(Sp { value: n, pos: v.pos }),
            Err(_) => {
                self.err(&v.pos, format!("{what} must not be negative"), "write a number of 0 or more");
                None
            }
        }
    }

    /// A non-empty sequence. An explicitly empty one is reported: write nothing instead.
    pub(crate) fn seq<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Option<&'n MarkedSequenceNode> {
        let v = v.into();
        let Some(seq) = v.node.as_sequence() else {
            self.mismatch(v, what, "a list");
            return None;
        };
        if seq.is_empty() {
            let pos = self.pos(v);
            self.err(
                &pos,
                format!("{what} is an empty list"),
                format!("remove `{what}` when there is nothing to list"),
            );
            return None;
        }
        Some(seq)
    }

    /// A non-empty mapping whose keys are free-form names (e.g. type names), in written order.
    pub(crate) fn named_entries<'n>(&mut self, v: impl Into<Val<'n>>, what: &str) -> Vec<(Sp<String>, Val<'n>)> {
        let v = v.into();
        let Some(map) = v.node.as_mapping() else {
            self.mismatch(v, what, "a mapping of `Name:` entries");
            return Vec::new();
        };
        if map.is_empty() {
            let pos = self.pos(v);
            self.err(&pos, format!("{what} is empty"), format!("remove `{what}` when there is nothing to define"));
        }
        map.iter()
            .map(|(k, node)| {
                (Sp { value: k.as_str().to_string(), pos: span_pos(&self.file, k.span()) }, Val { node, key: Some(k) })
            })
            .collect()
    }
}

impl<'n> Map<'n> {
    /// The value under `key`, if present.
    pub(crate) fn get(&self, key: &str) -> Option<Val<'n>> {
        self.node.iter().find(|(k, _)| k.as_str() == key).map(|(k, node)| Val { node, key: Some(k) })
    }

    /// Where `key` is written, if present.
    pub(crate) fn key_pos(&self, file: &str, key: &str) -> Option<Pos> {
        self.node.keys().find(|k| k.as_str() == key).map(|k| span_pos(file, k.span()))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.node.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_before_the_parser_recurses() {
        let deep = format!("notes:\n  {}x\n", "- ".repeat(150));
        let d = parse("a/b.yaml", &deep).unwrap_err();
        assert_eq!((d.pos.line, d.pos.column), (2, 1));
        assert!(d.message.contains("nesting"));
        assert!(parse("a/b.yaml", "notes:\n  - - x\n").is_ok());
    }

    #[test]
    fn a_second_document_is_reported_a_leading_marker_is_not() {
        assert!(parse("a/b.yaml", "---\npath: x\n").is_ok());
        let d = parse("a/b.yaml", "path: x\n---\nedition: y\n").unwrap_err();
        assert_eq!(d.pos.line, 2);
    }
}
