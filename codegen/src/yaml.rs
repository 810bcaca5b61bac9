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

/// Parses one file. Duplicate keys are an error; anchors and tags are refused by marked-yaml.
pub(crate) fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    let options = LoaderOptions::default().error_on_duplicate_keys(true).prevent_coercion(true).toplevel_mapping();
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| load_error(file, e))
}

fn load_error(file: &str, e: LoadError) -> Diagnostic {
    let at = |m: &marked_yaml::Marker| Pos { file: file.to_string(), line: m.line(), column: m.column() };
    match e {
        LoadError::TopLevelMustBeMapping(m) => {
            Diagnostic::new(at(&m), "the file must be a YAML mapping (`key: value` lines)")
                .hint("start the file with `path: <service>/<command>`, or see spec/README.md")
        }
        LoadError::TopLevelMustBeSequence(m) => Diagnostic::new(at(&m), "the file must be a YAML list"),
        LoadError::UnexpectedAnchor(m) => Diagnostic::new(at(&m), "YAML anchors and aliases are not supported")
            .hint("write the value out, or move it to a shared definition in spec/shared/"),
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

pub(crate) fn span_pos(file: &str, span: &Span) -> Pos {
    match span.start() {
        Some(m) => Pos { file: file.to_string(), line: m.line(), column: m.column() },
        None => Pos { file: file.to_string(), line: 0, column: 0 },
    }
}

/// Reading context: the file being read and the diagnostics so far.
pub(crate) struct Reader<'d> {
    pub file: String,
    pub diags: &'d mut Diags,
}

/// A mapping whose keys were checked against the allowed set.
pub(crate) struct Map<'n> {
    node: &'n MarkedMappingNode,
    pub pos: Pos,
    what: String,
}

impl<'d> Reader<'d> {
    pub(crate) fn pos(&self, node: &Node) -> Pos {
        span_pos(&self.file, node.span())
    }

    pub(crate) fn err(&mut self, pos: &Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.error_hint(pos, message, hint);
    }

    /// Reads `node` as a mapping described as `what`; keys outside `allowed` are reported.
    pub(crate) fn map<'n>(&mut self, node: &'n Node, what: &str, allowed: &[&str]) -> Option<Map<'n>> {
        let pos = self.pos(node);
        let Some(node) = node.as_mapping() else {
            self.type_mismatch(&pos, what, "a mapping of `key: value` lines", describe(node_kind_of(node)));
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

    fn type_mismatch(&mut self, pos: &Pos, what: &str, expected: &str, found: String) {
        self.err(pos, format!("{what} must be {expected}, found {found}"), format!("write {what} as {expected}"));
    }

    /// A required key; reports it when missing, with `example` as the fix.
    pub(crate) fn req<'n>(&mut self, map: &Map<'n>, key: &str, example: &str) -> Option<&'n Node> {
        let node = map.node.get_node(key);
        if node.is_none() {
            let hint = format!("add `{key}: {example}`");
            self.err(&map.pos, format!("{} is missing the required key `{key}`", map.what), hint);
        }
        node
    }

    /// A string scalar. Numbers and booleans written without quotes are taken as their text.
    pub(crate) fn string(&mut self, node: &Node, what: &str) -> Option<Sp<String>> {
        let pos = self.pos(node);
        match node {
            Node::Scalar(s) if s.is_empty() && s.may_coerce() => {
                self.err(&pos, format!("{what} has no value"), format!("write a value after `{what}:`"));
                None
            }
            Node::Scalar(s) => Some(Sp { value: s.as_str().to_string(), pos }),
            other => {
                self.type_mismatch(&pos, what, "text", describe(node_kind_of(other)));
                None
            }
        }
    }

    /// A non-empty string after trimming.
    pub(crate) fn text(&mut self, node: &Node, what: &str) -> Option<Sp<String>> {
        let s = self.string(node, what)?;
        let trimmed = s.value.trim();
        if trimmed.is_empty() {
            self.err(&s.pos, format!("{what} is empty"), format!("write {what} in a sentence, or remove the key"));
            return None;
        }
        Some(Sp { value: trimmed.to_string(), pos: s.pos })
    }

    pub(crate) fn bool(&mut self, node: &Node, what: &str) -> Option<Sp<bool>> {
        let pos = self.pos(node);
        let Some(s) = node.as_scalar() else {
            self.type_mismatch(&pos, what, "`true` or `false`", describe(node_kind_of(node)));
            return None;
        };
        match (s.may_coerce(), s.as_str()) {
            (true, "true") => Some(Sp { value: true, pos }),
            (true, "false") => Some(Sp { value: false, pos }),
            _ => {
                self.type_mismatch(&pos, what, "`true` or `false`", scalar_found(s));
                None
            }
        }
    }

    pub(crate) fn int(&mut self, node: &Node, what: &str) -> Option<Sp<i64>> {
        let pos = self.pos(node);
        let Some(s) = node.as_scalar() else {
            self.type_mismatch(&pos, what, "a whole number", describe(node_kind_of(node)));
            return None;
        };
        match s.as_str().parse::<i64>() {
            Ok(v) if s.may_coerce() => Some(Sp { value: v, pos }),
            _ => {
                self.type_mismatch(&pos, what, "a whole number", scalar_found(s));
                None
            }
        }
    }

    /// A non-negative count (a limit, a number of calls).
    pub(crate) fn count(&mut self, node: &Node, what: &str) -> Option<Sp<u64>> {
        let v = self.int(node, what)?;
        match u64::try_from(v.value) {
            Ok(n) => Some(Sp { value: n, pos: v.pos }),
            Err(_) => {
                self.err(&v.pos, format!("{what} must not be negative"), "write a number of 0 or more");
                None
            }
        }
    }

    /// A non-empty sequence. An explicitly empty one is reported: write nothing instead.
    pub(crate) fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n MarkedSequenceNode> {
        let pos = self.pos(node);
        let Some(seq) = node.as_sequence() else {
            self.type_mismatch(&pos, what, "a list", describe(node_kind_of(node)));
            return None;
        };
        if seq.is_empty() {
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
    pub(crate) fn named_entries<'n>(&mut self, node: &'n Node, what: &str) -> Vec<(Sp<String>, &'n Node)> {
        let pos = self.pos(node);
        let Some(map) = node.as_mapping() else {
            self.type_mismatch(&pos, what, "a mapping of `Name:` entries", describe(node_kind_of(node)));
            return Vec::new();
        };
        if map.is_empty() {
            self.err(&pos, format!("{what} is empty"), format!("remove `{what}` when there is nothing to define"));
        }
        map.iter()
            .map(|(k, v)| (Sp { value: k.as_str().to_string(), pos: span_pos(&self.file, k.span()) }, v))
            .collect()
    }
}

impl<'n> Map<'n> {
    pub(crate) fn get(&self, key: &str) -> Option<&'n Node> {
        self.node.get_node(key)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.node.is_empty()
    }
}

enum Kind {
    Scalar,
    Mapping,
    Sequence,
}

fn node_kind_of(node: &Node) -> Kind {
    match node {
        Node::Scalar(_) => Kind::Scalar,
        Node::Mapping(_) => Kind::Mapping,
        Node::Sequence(_) => Kind::Sequence,
    }
}

fn describe(kind: Kind) -> String {
    match kind {
        Kind::Scalar => "a single value".to_string(),
        Kind::Mapping => "a mapping".to_string(),
        Kind::Sequence => "a list".to_string(),
    }
}

fn scalar_found(s: &MarkedScalarNode) -> String {
    if s.may_coerce() { format!("`{}`", s.as_str()) } else { format!("the quoted text \"{}\"", s.as_str()) }
}
