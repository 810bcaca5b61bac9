//! `cargo xtask diff [OLD] [NEW]`: what changed between two spec trees, classified.
//!
//! OLD and NEW are each a directory (a repository checkout or a spec directory) or a git revision.
//! Defaults: OLD is the merge base of `main` and `HEAD` (or `HEAD` when there is no `main`), NEW
//! the working tree.

use codegen::SourceFile;
use codegen::diff::{Format, Level, diff, render};
use std::path::Path;
use std::process::Command;

pub struct Options {
    pub old: Option<String>,
    pub new: Option<String>,
    pub format: Format,
    pub fail_on: Option<Level>,
}

/// Exit status: 0 no failure, 1 `--fail-on` level reached; errors (unloadable spec) are `Err`.
pub fn run(root: &Path, opts: &Options) -> Result<u8, String> {
    let old_ref = match &opts.old {
        Some(r) => r.clone(),
        None => default_base(root)?,
    };
    let old = load_side(root, &old_ref)?;
    let new = match &opts.new {
        Some(r) => load_side(root, r)?,
        None => load_side(root, &root.display().to_string())?,
    };
    let report = diff(&old, &new);
    print!("{}", render(&report, opts.format));
    Ok(match (opts.fail_on, report.level()) {
        (Some(threshold), Some(level)) if level >= threshold => 1,
        _ => 0,
    })
}

fn load_side(root: &Path, what: &str) -> Result<codegen::model::Spec, String> {
    let (label, sources) = read_side(root, what)?;
    codegen::load(&sources).map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(|d| format!("{label}{d}")).collect();
        format!("{}\n{label}: the spec does not load, so there is nothing to compare", lines.join("\n"))
    })
}

fn read_side(root: &Path, what: &str) -> Result<(String, Vec<SourceFile>), String> {
    let dir = Path::new(what);
    if dir.is_dir() {
        let spec = if dir.join("spec").is_dir() { dir.join("spec") } else { dir.to_path_buf() };
        let files = codegen::fs::read_spec_dir(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        return Ok((format!("{}/", spec.display()), files));
    }
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{what}^{{commit}}")])
        .map_err(|_| format!("`{what}` is neither a directory nor a git revision"))?;
    let commit = commit.trim().to_string();
    let listing = git(root, &["ls-tree", "-r", "--name-only", &commit, "--", "spec/"])?;
    let mut files = Vec::new();
    for path in listing.lines().filter(|p| p.ends_with(".yaml") || p.ends_with(".yml")) {
        let text = git(root, &["show", &format!("{commit}:{path}")])?;
        files.push(SourceFile { path: path.trim_start_matches("spec/").to_string(), text });
    }
    let short: String = commit.chars().take(10).collect();
    Ok((format!("{what} ({short}):spec/"), files))
}

fn default_base(root: &Path) -> Result<String, String> {
    if git(root, &["rev-parse", "--verify", "--quiet", "main^{commit}"]).is_ok() {
        if let Ok(base) = git(root, &["merge-base", "main", "HEAD"]) {
            return Ok(base.trim().to_string());
        }
    }
    Ok("HEAD".to_string())
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out =
        Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("git {} printed non-UTF-8 text", args.join(" ")))
}
