//! `cargo xtask import PAGE... [--out DIR] [--merge] [--stale]`: vendor doc pages to spec drafts.
//!
//! The importer itself is `codegen::import` (pure); this verb reads pages (files, directories, `-`
//! for stdin), prints warnings as `PAGE:LINE: warning: ...`, and writes or prints drafts.

use codegen::SourceFile;
use codegen::diff::{Format, render};
use codegen::import::{
    Context, Import, SOURCE_STYLE, SourceStyle, addresses_from_links, import_page, merge, newer, read_existing, report,
    source_of, to_yaml,
};
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Options {
    pub pages: Vec<String>,
    pub out: Option<PathBuf>,
    pub merge: bool,
    pub stale: bool,
}

/// Exit status 0, or 1 when a page gave no draft or (`--stale`) a spec file is stale.
pub fn run(root: &Path, opts: &Options) -> Result<u8, String> {
    let spec_dir = root.join("spec");
    let spec: Vec<SourceFile> = codegen::fs::read_spec_dir(&spec_dir).unwrap_or_default();
    // Loaded once: the context of every draft, and the old side of every merge report.
    let loaded = codegen::load(&spec);
    let cx = match &loaded {
        Ok(s) => Context::from_spec(s),
        Err(diags) => {
            eprintln!("note: spec/ does not load ({} error(s)); drafting without its names and tables", diags.len());
            Context::default()
        }
    };
    let pages = read_pages(&opts.pages)?;
    let mut status = 0;
    let mut imported: Vec<(String, Import)> = Vec::new();
    for (name, text) in pages {
        match import_page(&text, &cx) {
            Ok(i) => {
                // `--stale` only compares dates; the page's problems are for when it is imported.
                if !opts.stale {
                    for w in &i.warnings {
                        eprintln!("{}", w.render(&name));
                    }
                }
                if let Some((other, _)) = imported.iter().find(|(_, o)| o.draft.path == i.draft.path) {
                    if !opts.stale && (opts.out.is_some() || opts.merge) {
                        eprintln!(
                            "note: {other} and {name} both describe v4/{}; the draft of {name} is written last",
                            i.draft.path
                        );
                    }
                }
                imported.push((name, i));
            }
            Err(f) => {
                eprintln!("{name}:{f}");
                status = 1;
            }
        }
    }
    // Pages of one folder link to each other by path: an address a page does not state itself.
    addresses_from_links(&mut imported.iter_mut().map(|(_, i)| i).collect::<Vec<_>>());
    if opts.stale {
        return Ok(stale(&spec_dir, &imported).max(status));
    }
    if opts.out.is_none() && !opts.merge {
        match imported.as_slice() {
            [(_, one)] => print!("{}", to_yaml(&one.draft, SOURCE_STYLE)),
            [] => {}
            _ => return Err("several pages give several drafts: name a directory with --out".into()),
        }
        return Ok(status);
    }
    let target_root = opts.out.clone().unwrap_or_else(|| spec_dir.clone());
    for (name, i) in &imported {
        let rel = format!("{}.yaml", i.draft.path);
        let target = target_root.join(&rel);
        let mut draft = i.draft.clone();
        if opts.merge && target.is_file() {
            let text = std::fs::read_to_string(&target).map_err(|e| format!("{}: {e}", target.display()))?;
            let curated = read_existing(&text).map_err(|e| format!("{}: {e}", target.display()))?;
            let merged = merge(&curated, &draft, &cx);
            for n in &merged.notes {
                eprintln!("{}: note: {n}", target.display());
            }
            draft = merged.draft;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, to_yaml(&draft, SOURCE_STYLE)).map_err(|e| format!("{}: {e}", target.display()))?;
        println!("{name} -> {}", target.display());
        if opts.merge {
            // What the page changed, in the diff engine's words (which do not compare provenance).
            let changes = match &loaded {
                Ok(old) => report(old, &spec, &rel, &to_yaml(&draft, SourceStyle::Omit)),
                Err(diags) => Err(diags.clone()),
            };
            match changes {
                Ok(r) if r.is_empty() => println!("  no change to the spec"),
                Ok(r) => {
                    for line in render(&r, Format::Text).lines() {
                        println!("  {line}");
                    }
                }
                Err(diags) => {
                    for d in diags {
                        eprintln!("spec/{d}");
                    }
                    status = 1;
                }
            }
        }
    }
    Ok(status)
}

/// Lists spec files whose page is newer than the page they were imported from.
fn stale(spec_dir: &Path, imported: &[(String, Import)]) -> u8 {
    let mut any = false;
    for (name, i) in imported {
        let file = spec_dir.join(format!("{}.yaml", i.draft.path));
        let Some(updated) = &i.facts.updated else {
            eprintln!("{name}: note: the page gives no last-updated date");
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&file) else {
            println!("{name}: v4/{} is not in the spec yet (page updated {updated})", i.draft.path);
            any = true;
            continue;
        };
        let recorded = source_of(&text).and_then(|s| s.updated);
        if newer(updated, recorded.as_deref()) {
            let since = recorded.map_or_else(|| "no recorded import".to_string(), |r| format!("imported from {r}"));
            println!("{}: page updated {updated}, {since} ({name})", file.display());
            any = true;
        }
    }
    u8::from(any)
}

/// Pages as (name for messages, text): files, the files under directories (sorted), `-` for stdin.
pub(crate) fn read_pages(args: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("<stdin>: {e}"))?;
            out.push(("<stdin>".to_string(), text));
            continue;
        }
        let p = Path::new(a);
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files).map_err(|e| format!("{a}: {e}"))?;
            files.sort();
            for f in files {
                out.push((f.display().to_string(), read(&f)?));
            }
        } else {
            out.push((a.clone(), read(p)?));
        }
    }
    Ok(out)
}

fn read(p: &Path) -> Result<String, String> {
    let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Page files under `dir`: not hidden, not READMEs, not the expected-facts JSON of tests.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name.starts_with("README") {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml" | "snap")) {
            out.push(path);
        }
    }
    Ok(())
}
