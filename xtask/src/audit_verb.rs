//! `cargo xtask import --audit PAGE... [--format text|json] [--fail-on unexplained]`: the spec
//! held against vendor pages (see `codegen::import::audit`). Reads the pages and spec/, prints
//! one line per disagreement and a summary.

use crate::import_verb::read_pages;
use codegen::import::{Context, addresses_from_links, audit, import_page};
use std::path::Path;

pub struct Options {
    pub pages: Vec<String>,
    pub json: bool,
    pub fail_on_unexplained: bool,
}

/// Exit status 0, or 1 with `--fail-on unexplained` when a disagreement no erratum explains exists.
pub fn run(root: &Path, opts: &Options) -> Result<u8, String> {
    let spec_dir = root.join("spec");
    let files = codegen::fs::read_spec_dir(&spec_dir).map_err(|e| format!("{}: {e}", spec_dir.display()))?;
    let spec = codegen::load(&files).map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(|d| format!("spec/{d}")).collect();
        format!("{}\nthe spec does not load; nothing to audit", lines.join("\n"))
    })?;
    let cx = Context::from_spec(&spec);
    let mut pages: Vec<(String, Option<codegen::import::Import>)> =
        read_pages(&opts.pages)?.into_iter().map(|(name, text)| (name, import_page(&text, &cx).ok())).collect();
    addresses_from_links(&mut pages.iter_mut().filter_map(|(_, i)| i.as_mut()).collect::<Vec<_>>());
    let result = audit(&spec, &files, &pages);
    if opts.json {
        print!("{}", result.render_json());
    } else {
        print!("{}", result.render_text());
    }
    Ok(u8::from(opts.fail_on_unexplained && result.unexplained() > 0))
}
