//! `cargo xtask msrv`: is the `rust-version` the published crates declare true for what the
//! lockfile resolves? Older toolchains cannot be installed here, so instead of building with one,
//! the check compares the declaration with the highest `rust-version` any locked dependency of the
//! published crates declares (normal and build dependencies, every platform; dev-dependencies do
//! not reach users; all features on).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The crates users install.
const PUBLISHED: [&str; 2] = ["chat-api", "chat-api-sandbox"];

pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--locked", "--all-features"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let metadata: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    for line in check(&metadata, &PUBLISHED)? {
        println!("{line}");
    }
    Ok(())
}

/// One line per published crate when every declaration holds, else the first that does not.
pub fn check(metadata: &Value, published: &[&str]) -> Result<Vec<String>, String> {
    let packages = metadata["packages"].as_array().ok_or("cargo metadata: no `packages`")?;
    let nodes = metadata["resolve"]["nodes"].as_array().ok_or("cargo metadata: no `resolve.nodes`")?;
    let package = |id: &str| packages.iter().find(|p| p["id"] == id);
    let mut lines = Vec::new();
    for name in published {
        let root = packages
            .iter()
            .find(|p| p["name"] == *name && p["source"].is_null())
            .ok_or_else(|| format!("`{name}` is not a workspace member"))?;
        let declared = root["rust_version"]
            .as_str()
            .ok_or_else(|| format!("`{name}` declares no rust-version"))
            .and_then(|v| parse(v).ok_or_else(|| format!("`{name}`: rust-version `{v}` is not a version")))?;
        // Edition 2024 itself needs 1.85.
        let floor = if root["edition"] == "2024" { (1, 85, 0) } else { (0, 0, 0) };
        let mut needed = (floor, "edition 2024".to_string());
        for id in reachable(nodes, root["id"].as_str().unwrap_or_default()) {
            let Some(p) = package(&id) else { continue };
            if let Some(v) = p["rust_version"].as_str().and_then(parse) {
                if v > needed.0 {
                    needed =
                        (v, format!("{} {}", p["name"].as_str().unwrap_or("?"), p["version"].as_str().unwrap_or("?")));
                }
            }
        }
        if declared < needed.0 {
            return Err(format!(
                "`{name}` declares rust-version {} but {} needs {}: raise `rust-version` in the workspace Cargo.toml",
                show(declared),
                needed.1,
                show(needed.0)
            ));
        }
        lines.push(format!(
            "{name}: rust-version {} holds (highest need: {} by {})",
            show(declared),
            show(needed.0),
            needed.1
        ));
    }
    Ok(lines)
}

/// Package ids reachable from `root` through normal and build dependencies, `root` excluded.
fn reachable(nodes: &[Value], root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![root.to_string()];
    while let Some(id) = todo.pop() {
        let Some(node) = nodes.iter().find(|n| n["id"] == id.as_str()) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let kinds = dep["dep_kinds"].as_array().into_iter().flatten();
            let used = kinds.clone().any(|k| k["kind"] != "dev");
            let dep_id = dep["pkg"].as_str().unwrap_or_default();
            if used && dep_id != root && seen.insert(dep_id.to_string()) {
                todo.push(dep_id.to_string());
            }
        }
    }
    seen
}

fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(str::parse::<u64>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    parts.next().is_none().then_some((major, minor, patch))
}

fn show((major, minor, patch): (u64, u64, u64)) -> String {
    if patch == 0 { format!("{major}.{minor}") } else { format!("{major}.{minor}.{patch}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// app 1.85 depends on lib (normal) and tool (dev only); lib on deep (build).
    fn metadata(deep: &str, tool: &str) -> Value {
        let pkg = |id: &str, rv: &str, source: Value| json!({"id": id, "name": id, "version": "1.0.0", "rust_version": rv, "edition": "2021", "source": source});
        let reg = json!("registry+https://github.com/rust-lang/crates.io-index");
        let dep = |id: &str, kind: Value| json!({"pkg": id, "dep_kinds": [{"kind": kind, "target": null}]});
        json!({
            "packages": [pkg("app", "1.85", Value::Null), pkg("lib", "1.70", reg.clone()), pkg("deep", deep, reg.clone()), pkg("tool", tool, reg)],
            "resolve": {"nodes": [
                {"id": "app", "deps": [dep("lib", Value::Null), dep("tool", json!("dev"))]},
                {"id": "lib", "deps": [dep("deep", json!("build"))]},
                {"id": "deep", "deps": []},
                {"id": "tool", "deps": []},
            ]}
        })
    }

    #[test]
    fn a_transitive_dependency_above_the_declaration_fails() {
        let err = check(&metadata("1.88", "1.60"), &["app"]).unwrap_err();
        assert!(err.contains("declares rust-version 1.85 but deep 1.0.0 needs 1.88"), "{err}");
    }

    #[test]
    fn dev_dependencies_do_not_count_and_a_true_declaration_passes() {
        let lines = check(&metadata("1.80.1", "1.99"), &["app"]).unwrap();
        assert_eq!(lines, ["app: rust-version 1.85 holds (highest need: 1.80.1 by deep 1.0.0)"]);
    }

    #[test]
    fn versions_parse_with_two_or_three_parts() {
        assert_eq!(parse("1.85"), Some((1, 85, 0)));
        assert_eq!(parse("1.85.1"), Some((1, 85, 1)));
        assert_eq!(parse("1.x"), None);
        assert_eq!(parse("1.2.3.4"), None);
    }
}
