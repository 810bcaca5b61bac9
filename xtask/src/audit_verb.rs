//! `cargo xtask import --audit [PAGE...] [--git REPO[:PATHSPEC]]... [--recorded FILE]...
//! [--record FILE] [--format text|json] [--fail-on unexplained]`: the spec held against vendor
//! pages (see `codegen::import::audit`). Reads the pages (files, a git repository's files at HEAD
//! dated by their last commit, or a record of what pages state) and spec/, prints one line per
//! disagreement and a summary; `--record` keeps what the newest pages state for a later audit.

use crate::import_verb::read_pages;
use codegen::import::{
    AuditPage, Context, Import, addresses_from_links, audit_pages, import_page, read_record, write_record,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Options {
    pub pages: Vec<String>,
    /// Git repositories to read pages from, each with an optional pathspec.
    pub git: Vec<String>,
    /// Records of what pages state (`--record` output) to audit as well.
    pub recorded: Vec<PathBuf>,
    /// Where to write the record of the pages read.
    pub record: Option<PathBuf>,
    pub json: bool,
    pub fail_on_unexplained: bool,
}

/// Exit status 0, or 1 with `--fail-on unexplained` when a disagreement (with the spec, or between
/// pages) no erratum explains exists.
pub fn run(root: &Path, opts: &Options) -> Result<u8, String> {
    let spec_dir = root.join("spec");
    let files = codegen::fs::read_spec_dir(&spec_dir).map_err(|e| format!("{}: {e}", spec_dir.display()))?;
    let spec = codegen::load(&files).map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(|d| format!("spec/{d}")).collect();
        format!("{}\nthe spec does not load; nothing to audit", lines.join("\n"))
    })?;
    let cx = Context::from_spec(&spec);
    // Files say their date only in their text (front matter, a "last updated" line); a git
    // repository gives each file's last commit.
    let mut dated: Vec<(String, Option<String>, String)> =
        read_pages(&opts.pages)?.into_iter().map(|(name, text)| (name, None, text)).collect();
    for g in &opts.git {
        dated.extend(read_git(g)?.into_iter().map(|(name, date, text)| (name, Some(date), text)));
    }
    let mut imported: Vec<(String, Option<String>, Option<Import>)> = dated
        .into_iter()
        .map(|(name, date, text)| {
            let import = import_page(&text, &cx).ok();
            let date = date.or_else(|| import.as_ref().and_then(|i| i.facts.updated.clone()));
            (name, date, import)
        })
        .collect();
    addresses_from_links(&mut imported.iter_mut().filter_map(|p| p.2.as_mut()).collect::<Vec<_>>());
    let mut pages: Vec<AuditPage> =
        imported.into_iter().map(|(name, date, import)| AuditPage::new(name, date, import.as_ref())).collect();
    for file in &opts.recorded {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        pages.extend(read_record(&text).map_err(|e| format!("{}:{e}", file.display()))?);
    }
    if let Some(file) = &opts.record {
        std::fs::write(file, write_record(&pages)).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    let result = audit_pages(&spec, &files, &pages);
    if opts.json {
        print!("{}", result.render_json());
    } else {
        print!("{}", result.render_text());
    }
    Ok(u8::from(opts.fail_on_unexplained && result.unexplained() + result.unexplained_conflicts() > 0))
}

/// The files of `REPO[:PATHSPEC]` at HEAD as (path, date of its last commit, text): the list and
/// blob ids from one `diff-tree` against the empty tree, the dates from one `log --name-only`
/// pass (newest first, so a path's first appearance is its last change), the texts from one
/// `cat-file --batch`.
fn read_git(arg: &str) -> Result<Vec<(String, String, String)>, String> {
    let (repo, spec) = arg.split_once(':').unwrap_or((arg, ""));
    let pathspec: Vec<&str> = if spec.is_empty() { vec![] } else { vec!["--", spec] };
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .args(["-C", repo, "-c", "core.quotepath=off"])
            .args(args)
            .args(&pathspec)
            .output()
            .map_err(|e| format!("--git {arg}: cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "--git {arg}: git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(out.stdout)
    };
    const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    let listing = git(&["diff-tree", "-r", "-z", "--no-renames", EMPTY_TREE, "HEAD"])?;
    // -z: ":000000 100644 0000 BLOB A\0PATH\0" per file.
    let mut blobs: Vec<(String, String)> = Vec::new();
    let mut parts = listing.split(|b| *b == 0);
    while let (Some(meta), Some(path)) = (parts.next(), parts.next()) {
        let meta = String::from_utf8_lossy(meta);
        let path = String::from_utf8_lossy(path).into_owned();
        let Some(blob) = meta.split_whitespace().nth(3) else { continue };
        if is_page(&path) {
            blobs.push((path, blob.to_string()));
        }
    }
    let log = git(&["log", "--format=@@%cs", "--name-only", "--no-renames", "HEAD"])?;
    let mut dates: BTreeMap<String, String> = BTreeMap::new();
    let mut date = String::new();
    for line in String::from_utf8_lossy(&log).lines() {
        if let Some(d) = line.strip_prefix("@@") {
            date = d.to_string();
        } else if !line.is_empty() {
            dates.entry(line.to_string()).or_insert_with(|| date.clone());
        }
    }
    let texts = cat_blobs(repo, blobs.iter().map(|(_, b)| b.as_str()))?;
    let mut out = Vec::new();
    for ((path, blob), text) in blobs.into_iter().zip(texts) {
        let date =
            dates.get(&path).cloned().ok_or_else(|| format!("--git {arg}: no commit found for {path} ({blob})"))?;
        out.push((path, date, text));
    }
    Ok(out)
}

/// Files that can be pages: not images or data, not READMEs.
fn is_page(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    !file.starts_with('.')
        && !file.starts_with("README")
        && [".md", ".txt", ".html", ".htm"].iter().any(|x| file.to_ascii_lowercase().ends_with(x))
}

/// The texts of `blobs`, in order, from one `git cat-file --batch`.
fn cat_blobs<'a>(repo: &str, blobs: impl Iterator<Item = &'a str>) -> Result<Vec<String>, String> {
    let mut child = Command::new("git")
        .args(["-C", repo, "cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("--git {repo}: cannot run git cat-file: {e}"))?;
    let input: String = blobs.map(|b| format!("{b}\n")).collect();
    let mut stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
    // Written from a thread: git answers while it reads, and a full pipe would stall both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| format!("git cat-file: {e}"))?;
    writer.join().map_err(|_| "git cat-file: the writer failed")?.map_err(|e| format!("git cat-file: {e}"))?;
    // "<oid> blob <size>\n<content>\n" per blob.
    let mut texts = Vec::new();
    let mut rest = out.stdout.as_slice();
    while !rest.is_empty() {
        let nl = rest.iter().position(|b| *b == b'\n').ok_or("git cat-file: a truncated header")?;
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: `{header}`"))?;
        let body = rest.get(nl + 1..nl + 1 + size).ok_or("git cat-file: a truncated blob")?;
        texts.push(String::from_utf8_lossy(body).into_owned());
        rest = rest.get(nl + 2 + size..).unwrap_or_default();
    }
    Ok(texts)
}
