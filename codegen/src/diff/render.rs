//! A diff report as terminal text, a markdown PR comment, or JSON for tools.

use super::{Change, Level, Report};
use std::collections::BTreeMap;

/// Output format of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, grouped by scope, breaking first.
    Text,
    /// A summary line and one table per scope, for a pull-request comment.
    Markdown,
    /// One JSON object.
    Json,
}

impl Format {
    /// Parses `text`, `markdown` or `json`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

/// "2 breaking, 3 additive, 5 docs" (only the non-zero parts; "no changes" when empty).
pub fn summary(report: &Report) -> String {
    let parts: Vec<String> = [(Level::Major, "breaking"), (Level::Minor, "additive"), (Level::Patch, "docs")]
        .into_iter()
        .filter_map(|(l, word)| {
            let n = report.count(l);
            (n > 0).then(|| format!("{n} {word}"))
        })
        .collect();
    if parts.is_empty() { "no changes".to_string() } else { parts.join(", ") }
}

/// Scopes with the most severe first, then by name; within a scope the report's order (breaking first).
fn grouped(report: &Report) -> Vec<(&str, Vec<&Change>)> {
    let mut by_scope: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in &report.changes {
        by_scope.entry(c.scope.as_str()).or_default().push(c);
    }
    let mut groups: Vec<(&str, Vec<&Change>)> = by_scope.into_iter().collect();
    groups.sort_by(|(a, ca), (b, cb)| {
        let top = |cs: &Vec<&Change>| cs.iter().map(|c| c.level).max();
        top(cb).cmp(&top(ca)).then(a.cmp(b))
    });
    groups
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    for (scope, changes) in grouped(report) {
        out.push_str(scope);
        out.push('\n');
        for c in changes {
            out.push_str(&format!("  {:<5}  {}\n", c.level.name(), c.message));
        }
    }
    let level = report.level().map_or_else(String::new, |l| format!(" (semver: {l})"));
    out.push_str(&format!("{}{level}\n", summary(report)));
    out
}

fn markdown(report: &Report) -> String {
    let level = report.level().map_or_else(String::new, |l| format!(" (semver: **{l}**)"));
    let mut out = format!("**Spec changes:** {}{level}\n", summary(report));
    for (scope, changes) in grouped(report) {
        out.push_str(&format!("\n#### `{scope}`\n\n| Level | Change |\n| --- | --- |\n"));
        for c in changes {
            let level = match c.level {
                Level::Major => "**major**",
                Level::Minor => "minor",
                Level::Patch => "patch",
            };
            out.push_str(&format!("| {level} | {} |\n", c.message.replace('|', "\\|")));
        }
    }
    out
}

fn json(report: &Report) -> String {
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| serde_json::json!({"scope": c.scope, "level": c.level.name(), "rule": c.rule, "message": c.message}))
        .collect();
    let value = serde_json::json!({
        "level": report.level().map(Level::name),
        "summary": {"major": report.count(Level::Major), "minor": report.count(Level::Minor), "patch": report.count(Level::Patch)},
        "changes": changes,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
