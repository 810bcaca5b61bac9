//! The JSON samples of a section, wherever the layout puts them (code fences, lines from `{` on, a
//! whole sample on one line), and what they tell about field nesting, types and presence.

use super::json::{Comment, Json, parse};
use super::page::{Layout, Line};
use std::collections::{BTreeMap, BTreeSet};

/// A parsed sample.
#[derive(Clone, Debug)]
pub(crate) struct Sample {
    /// Page line of its first line.
    pub line: usize,
    pub value: Json,
    pub comments: Vec<Comment>,
}

/// A sample that did not parse: where, and why.
pub(crate) struct BadSample {
    pub line: usize,
    pub message: String,
}

/// Samples longer than this many lines are not read further.
const MAX_SAMPLE_LINES: usize = 2_000;

/// Every JSON object sample in `body`.
pub(crate) fn samples(body: &[Line], layout: Layout) -> (Vec<Sample>, Vec<BadSample>) {
    let mut blocks: Vec<(usize, String)> = Vec::new();
    if layout == Layout::Markdown {
        let mut current: Option<(usize, Vec<&str>)> = None;
        for l in body {
            if l.text.trim().starts_with("```") {
                match current.take() {
                    Some((start, lines)) => blocks.push((start, lines.join("\n"))),
                    None => current = Some((l.no + 1, Vec::new())),
                }
            } else if let Some((_, lines)) = current.as_mut() {
                if lines.len() < MAX_SAMPLE_LINES {
                    lines.push(&l.text);
                }
            }
        }
    }
    if blocks.is_empty() {
        // Unfenced: from a line starting with `{` until the braces close or a blank line.
        let mut i = 0;
        while let Some(l) = body.get(i) {
            i += 1;
            if !l.text.trim_start().starts_with('{') {
                continue;
            }
            let mut lines = vec![l.text.as_str()];
            let mut depth = depth_change(&l.text);
            while depth > 0 && lines.len() < MAX_SAMPLE_LINES {
                match body.get(i) {
                    Some(n) if !n.text.trim().is_empty() && n.no == l.no + lines.len() => {
                        depth += depth_change(&n.text);
                        lines.push(&n.text);
                        i += 1;
                    }
                    _ => break,
                }
            }
            blocks.push((l.no, lines.join("\n")));
        }
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (line, text) in blocks {
        let trimmed = text.trim_start();
        if !trimmed.starts_with('{') {
            continue;
        }
        match parse(&text) {
            Ok((value, comments)) => good.push(Sample { line, value, comments }),
            Err(e) => bad.push(BadSample { line: line + e.line, message: e.message }),
        }
    }
    (good, bad)
}

/// Opening minus closing brackets outside strings and `//` comments.
fn depth_change(line: &str) -> i64 {
    let mut d = 0;
    let mut in_str = false;
    let mut escaped = false;
    let mut prev = ' ';
    for c in line.chars() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else {
            match c {
                '"' => in_str = true,
                '/' if prev == '/' => break,
                '{' | '[' => d += 1,
                '}' | ']' => d -= 1,
                _ => {}
            }
        }
        prev = c;
    }
    d
}

/// What the samples show about one key path (array levels are transparent).
#[derive(Clone, Debug, Default)]
pub(crate) struct PathInfo {
    /// Kinds of its values (`string`, `list`...).
    pub kinds: BTreeSet<&'static str>,
    /// Kinds of the items of its lists.
    pub items: BTreeSet<&'static str>,
    /// How many of the objects that could hold it do.
    pub seen: usize,
    /// Page line of the sample it was first seen in.
    pub line: usize,
}

/// Key paths of a set of samples, with how many objects exist at each container path.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shape {
    pub paths: BTreeMap<Vec<String>, PathInfo>,
    pub containers: BTreeMap<Vec<String>, usize>,
    /// Key paths in the order first met.
    pub order: Vec<Vec<String>>,
}

impl Shape {
    pub fn of(samples: &[&Sample]) -> Shape {
        let mut s = Shape::default();
        for sample in samples {
            s.walk(&sample.value, &mut Vec::new(), sample.line, 0);
        }
        s
    }

    fn walk(&mut self, v: &Json, path: &mut Vec<String>, line: usize, depth: usize) {
        if depth > 32 {
            return;
        }
        match v {
            Json::Object(fields) => {
                *self.containers.entry(path.clone()).or_default() += 1;
                for (k, value) in fields {
                    path.push(k.clone());
                    if !self.paths.contains_key(path.as_slice()) {
                        self.order.push(path.clone());
                    }
                    let info =
                        self.paths.entry(path.clone()).or_insert_with(|| PathInfo { line, ..PathInfo::default() });
                    info.seen += 1;
                    info.kinds.insert(value.kind());
                    if let Json::Array(items) = value {
                        for item in items {
                            info.items.insert(item.kind());
                        }
                        for item in items {
                            self.walk(item, path, line, depth + 1);
                        }
                    } else {
                        self.walk(value, path, line, depth + 1);
                    }
                    path.pop();
                }
            }
            Json::Array(items) => {
                for item in items {
                    self.walk(item, path, line, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Whether every object that could hold `path` does.
    pub fn always_present(&self, path: &[String]) -> bool {
        let parent = path.get(..path.len().saturating_sub(1)).unwrap_or_default();
        match (self.paths.get(path), self.containers.get(parent)) {
            (Some(info), Some(n)) => info.seen >= *n,
            _ => true,
        }
    }

    /// Whether the value at `path` holds fields of its own.
    pub fn is_container(&self, path: &[String]) -> bool {
        self.paths.get(path).is_some_and(|i| i.kinds.contains("object") || i.items.contains("object"))
    }
}

/// How many keys a sample has, nested ones included: the fullest sample is the example kept.
pub(crate) fn size(v: &Json) -> usize {
    match v {
        Json::Object(fields) => fields.iter().map(|(_, v)| 1 + size(v)).sum(),
        Json::Array(items) => items.iter().map(size).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether a reply sample reports a failure (its fields are then not those of a success).
pub(crate) fn is_failure(v: &Json) -> bool {
    match v {
        Json::Object(fields) => fields.iter().any(|(k, v)| k == "ActionStatus" && *v == Json::String("FAIL".into())),
        _ => false,
    }
}
