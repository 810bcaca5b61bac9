//! The disk edge: reading a spec tree. Everything else in this crate works on values.

use crate::diag::Diagnostic;
use crate::emit::{
    GENERATED_DIR, GenerateError, GeneratedFile, coverage, generate, service_features, splice_coverage, splice_features,
};
use crate::load::{SourceFile, load};
use std::fmt;
use std::io;
use std::path::Path;

/// Reads every `.yaml`/`.yml` file under `root`, with paths relative to it and `/`-separated.
/// Other files (a README, say) are left out. The order is by path, whatever the file system's.
///
/// # Errors
/// When a directory or file cannot be read, or a file is not UTF-8.
pub fn read_spec_dir(root: &Path) -> io::Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(SourceFile { path: rel.join("/"), text });
        }
    }
    Ok(())
}

/// What `cargo xtask codegen` would write: every generated file, and files in the generated
/// directory that the spec no longer produces.
#[derive(Debug)]
pub struct Plan {
    /// Files to write, paths relative to the repository root.
    pub files: Vec<GeneratedFile>,
    /// Files to delete, paths relative to the repository root.
    pub stale: Vec<String>,
}

/// Why no plan could be made.
#[derive(Debug)]
pub enum PlanError {
    /// The spec tree or the generated directory could not be read.
    Io(io::Error),
    /// The spec is invalid.
    Spec(Vec<Diagnostic>),
    /// The generator failed (a bug).
    Generate(GenerateError),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Io(e) => write!(f, "cannot read the spec: {e}"),
            PlanError::Spec(diags) => {
                for d in diags {
                    writeln!(f, "spec/{d}")?;
                }
                write!(f, "the spec has {} error(s); nothing was generated", diags.len())
            }
            PlanError::Generate(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PlanError {}

/// Loads `root/spec`, generates, and lists stale files under the generated directory.
///
/// # Errors
/// See [`PlanError`].
pub fn plan(root: &Path) -> Result<Plan, PlanError> {
    let sources = read_spec_dir(&root.join("spec")).map_err(PlanError::Io)?;
    let spec = load(&sources).map_err(PlanError::Spec)?;
    let mut files = generate(&spec).map_err(PlanError::Generate)?;
    // The README's coverage table comes from the spec too.
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(PlanError::Io)?;
    let contents = splice_coverage(&readme, &coverage(&spec)).map_err(|e| PlanError::Io(io::Error::other(e)))?;
    files.push(GeneratedFile { path: "README.md".into(), contents });
    // So do chat-api's per-service cargo features.
    let manifest = std::fs::read_to_string(root.join("chat-api/Cargo.toml")).map_err(PlanError::Io)?;
    let contents =
        splice_features(&manifest, &service_features(&spec)).map_err(|e| PlanError::Io(io::Error::other(e)))?;
    files.push(GeneratedFile { path: "chat-api/Cargo.toml".into(), contents });
    let mut stale = Vec::new();
    let dir = root.join(GENERATED_DIR);
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir).map_err(PlanError::Io)? {
            let name = entry.map_err(PlanError::Io)?.file_name().to_string_lossy().into_owned();
            let rel = format!("{GENERATED_DIR}/{name}");
            if name.ends_with(".rs") && !files.iter().any(|f| f.path == rel) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    Ok(Plan { files, stale })
}
