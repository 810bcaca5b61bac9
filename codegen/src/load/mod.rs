//! Spec files in, validated model out. Two passes: `parse` reads each file on its own, `resolve`
//! connects them. Every problem becomes a [`Diagnostic`]; nothing here panics on any input.

mod parse;
mod resolve;

use crate::diag::{Diagnostic, Diags};
use crate::model::Spec;

/// One spec file: its path relative to the spec root (`/`-separated) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// e.g. `sns/group_delete.yaml` or `shared/errors.yaml`.
    pub path: String,
    /// The YAML text.
    pub text: String,
}

/// Loads and validates a spec. The order of `files` does not matter.
///
/// # Errors
/// Every problem found, sorted by file, line and column.
pub fn load(files: &[SourceFile]) -> Result<Spec, Vec<Diagnostic>> {
    let mut files = files.to_vec();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut diags = Diags::default();
    let raw = parse::parse_all(&files, &mut diags);
    match resolve::resolve(raw, &mut diags) {
        Some(spec) if diags.is_empty() => Ok(Spec { digest: digest(&files), ..spec }),
        _ => Err(diags.into_sorted()),
    }
}

/// SHA-256 over the sorted files' paths and texts.
fn digest(files: &[SourceFile]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for f in files {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update(f.text.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
