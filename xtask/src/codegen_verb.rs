//! `cargo xtask codegen [--check]`: spec -> generated files, written or compared.

use std::collections::BTreeSet;
use std::path::Path;

/// The command to run when files are stale; every failure message names it.
const FIX: &str = "run `cargo xtask codegen` and commit the result";

pub fn run(root: &Path, check: bool) -> Result<(), String> {
    let plan = codegen::fs::plan(root).map_err(|e| e.to_string())?;
    let mut changed = Vec::new();
    for file in &plan.files {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        let what = if current.is_some() { "updated" } else { "created" };
        if !check {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        changed.push(format!("{what} {}", file.path));
    }
    for stale in &plan.stale {
        if !check {
            std::fs::remove_file(root.join(stale)).map_err(|e| format!("{stale}: {e}"))?;
        }
        changed.push(format!("removed {stale}"));
    }
    report(check, plan.files.len(), &changed)
}

fn report(check: bool, total: usize, changed: &[String]) -> Result<(), String> {
    let unchanged = total.saturating_sub(changed.iter().filter(|c| !c.starts_with("removed")).count());
    if check {
        if changed.is_empty() {
            println!("codegen: {total} generated files are up to date");
            return Ok(());
        }
        let list: BTreeSet<String> =
            changed.iter().map(|c| format!("  stale: {}", c.split_once(' ').map_or(c.as_str(), |x| x.1))).collect();
        return Err(format!(
            "codegen: {} generated file(s) are out of date with spec/:\n{}\n{FIX}",
            list.len(),
            list.into_iter().collect::<Vec<_>>().join("\n")
        ));
    }
    for c in changed {
        println!("  {c}");
    }
    println!("codegen: {} changed, {unchanged} unchanged", changed.len());
    Ok(())
}
