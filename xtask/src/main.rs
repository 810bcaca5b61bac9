//! Project automation, run as `cargo xtask <verb>` (the alias is in `.cargo/config.toml`).
//!
//! Verbs:
//! - `codegen`: regenerate the chat-api modules from `spec/` and print what changed.
//! - `codegen --check`: write nothing; fail and list every stale file.
//! - `diff [OLD] [NEW]`: classify the changes between two spec trees.
//! - `import PAGE...`: draft spec files from vendor doc pages.
//! - `import --audit PAGE...`: hold the spec against vendor doc pages.
//! - `msrv`: check the published crates' `rust-version` against their locked dependencies.

mod audit_verb;
mod codegen_verb;
mod diff_verb;
mod import_verb;
mod msrv_verb;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <verb> [--root DIR]

exit status: 0 success; 1 the verb failed (invalid spec, stale files, --fail-on reached);
2 bad arguments, or a diff side that does not load

verbs:
  codegen           regenerate chat-api's generated code from spec/ and print what changed
  codegen --check   write nothing; exit non-zero listing every file that is out of date
  bench [--json]    measure the client against a bare reqwest loop, UserSig signing and code
                    generation (release build; --json prints one object, a key per figure)
  diff [OLD] [NEW] [--format text|markdown|json] [--fail-on major|minor]
                    classify the changes between two spec trees, each a directory or a git
                    revision (default: merge base with main, against the working tree);
                    --fail-on exits 1 when a change at or above that level exists

  import PAGE... [--out DIR] [--merge] [--stale]
                    draft spec files from vendor doc pages (files, directories, or - for
                    stdin); one page without --out prints its draft; --out writes
                    DIR/<service>/<command>.yaml; --merge merges into the existing file (in
                    --out, else spec/), keeping what was curated, and prints what changed;
                    --stale lists spec files whose page is newer than their recorded source.
                    Warnings go to stderr as PAGE:LINE: warning: ...
  import --audit [PAGE...] [--git REPO[:PATHSPEC]]... [--recorded FILE]... [--record FILE]
                 [--format text|json] [--fail-on unexplained]
                    compare every page that documents an endpoint of spec/ with the spec:
                    fields (nesting, wire name, type, required), limits, rate, edition, group
                    types, error codes; one line per disagreement (marked explained where an
                    erratum covers it), the pages whose endpoints the spec lacks, conflicts
                    between pages of one endpoint, and a summary; --fail-on unexplained exits 1
                    when a disagreement no erratum explains exists. --git reads the files of a
                    git repository at HEAD (PATHSPEC as git takes it), each dated by its last
                    commit; other pages are dated by what they state. Newest wins: the newest
                    page of each endpoint and language is held against the spec, older pages'
                    disagreements are listed apart; undated pages count as the oldest.
                    --record FILE writes what the newest pages state (fields, types, limits,
                    rate, edition, group types, codes and their lines; none of their text), one
                    page per line; --recorded FILE audits such a record where the pages are
                    not at hand (CI audits spec/audit/pages.jsonl)

  msrv              check that the published crates' rust-version is at least the highest
                    rust-version of any locked dependency they build with

--root DIR runs against another checkout of the repository (default: the checkout `cargo xtask`
was run in, found from the run, never from where the binary was built).
";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let root = match args.iter().position(|a| a == "--root") {
        Some(i) if i + 1 < args.len() => {
            let dir = args.remove(i + 1);
            args.remove(i);
            PathBuf::from(dir)
        }
        Some(_) => {
            return usage_error("--root needs a directory");
        }
        None => match root() {
            Ok(root) => root,
            Err(e) => return usage_error(&e),
        },
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen_verb::run(&root, false),
        ["codegen", "--check"] => codegen_verb::run(&root, true),
        ["msrv"] => msrv_verb::run(&root),
        ["bench"] => bench(&root, false),
        ["bench", "--json"] => bench(&root, true),
        ["diff", rest @ ..] => match diff_options(rest) {
            Ok(opts) => match diff_verb::run(&root, &opts) {
                Ok(0) => Ok(()),
                Ok(code) => return ExitCode::from(code),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            },
            Err(e) => return usage_error(&e),
        },
        ["import", rest @ ..] if rest.contains(&"--audit") => match audit_options(rest) {
            Ok(opts) => match audit_verb::run(&root, &opts) {
                Ok(code) => return ExitCode::from(code),
                Err(e) => Err(e),
            },
            Err(e) => return usage_error(&e),
        },
        ["import", rest @ ..] => match import_options(rest) {
            Ok(opts) => match import_verb::run(&root, &opts) {
                Ok(code) => return ExitCode::from(code),
                Err(e) => Err(e),
            },
            Err(e) => return usage_error(&e),
        },
        [] | ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return usage_error(&format!("unknown arguments: {}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the `bench` crate in release mode; its output is the report.
fn bench(root: &std::path::Path, json: bool) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.current_dir(root).args(["run", "--release", "--quiet", "--package", "bench", "--"]);
    if json {
        cmd.arg("--json");
    }
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("the benchmark failed ({status})")) }
}

/// Exit status 2: the command line itself is wrong (1 means the verb ran and failed).
fn usage_error(message: &str) -> ExitCode {
    eprintln!("{message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn diff_options(args: &[&str]) -> Result<diff_verb::Options, String> {
    let mut opts = diff_verb::Options { old: None, new: None, format: codegen::diff::Format::Text, fail_on: None };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--format" => {
                let v = it.next().ok_or("--format needs text, markdown or json")?;
                opts.format = codegen::diff::Format::parse(v)
                    .ok_or_else(|| format!("unknown format `{v}`: use text, markdown or json"))?;
            }
            "--fail-on" => {
                let v = it.next().ok_or("--fail-on needs major or minor")?;
                opts.fail_on = match codegen::diff::Level::parse(v) {
                    Some(l) if l != codegen::diff::Level::Patch => Some(l),
                    _ => return Err(format!("unknown level `{v}`: use major or minor")),
                };
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            side if opts.old.is_none() => opts.old = Some(side.to_string()),
            side if opts.new.is_none() => opts.new = Some(side.to_string()),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    Ok(opts)
}

fn import_options(args: &[&str]) -> Result<import_verb::Options, String> {
    let mut opts = import_verb::Options { pages: Vec::new(), out: None, merge: false, stale: false };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--out" => opts.out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            "--merge" => opts.merge = true,
            "--stale" => opts.stale = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            page => opts.pages.push(page.to_string()),
        }
    }
    if opts.pages.is_empty() {
        return Err("import needs at least one page (a file, a directory, or - for stdin)".into());
    }
    if opts.stale && (opts.merge || opts.out.is_some()) {
        return Err("--stale only lists; it takes no --out or --merge".into());
    }
    Ok(opts)
}

fn audit_options(args: &[&str]) -> Result<audit_verb::Options, String> {
    let mut opts = audit_verb::Options {
        pages: Vec::new(),
        git: Vec::new(),
        recorded: Vec::new(),
        record: None,
        json: false,
        fail_on_unexplained: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--audit" => {}
            "--git" => {
                opts.git.push(it.next().ok_or("--git needs a repository, as REPO or REPO:PATHSPEC")?.to_string())
            }
            "--recorded" => opts.recorded.push(it.next().ok_or("--recorded needs a record file")?.into()),
            "--record" => opts.record = Some(it.next().ok_or("--record needs a file to write")?.into()),
            "--format" => match it.next() {
                Some(&"json") => opts.json = true,
                Some(&"text") => opts.json = false,
                Some(v) => return Err(format!("unknown format `{v}`: use text or json")),
                None => return Err("--format needs text or json".into()),
            },
            "--fail-on" => match it.next() {
                Some(&"unexplained") => opts.fail_on_unexplained = true,
                Some(v) => return Err(format!("unknown --fail-on `{v}`: use unexplained")),
                None => return Err("--fail-on needs unexplained".into()),
            },
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}` with --audit")),
            page => opts.pages.push(page.to_string()),
        }
    }
    if opts.pages.is_empty() && opts.git.is_empty() && opts.recorded.is_empty() {
        return Err("import --audit needs pages (files, directories, --git REPO[:PATHSPEC] or --recorded FILE)".into());
    }
    Ok(opts)
}

/// The checkout to act on, found when the command runs rather than when it was built: one xtask
/// binary may serve several checkouts that share a target directory, and Cargo names the binary
/// the same for each. `cargo run` sets `CARGO_MANIFEST_DIR` to the xtask package of the checkout
/// it was started in; failing that, the nearest ancestor of the current directory that holds the
/// workspace manifest.
fn root() -> Result<PathBuf, String> {
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let cwd = std::env::current_dir().ok();
    find_root(from_cargo.as_deref(), cwd.as_deref()).ok_or_else(|| {
        "cannot find the repository: run `cargo xtask` inside a checkout, or pass --root DIR".to_string()
    })
}

fn find_root(manifest_dir: Option<&Path>, cwd: Option<&Path>) -> Option<PathBuf> {
    if let Some(root) = manifest_dir.and_then(Path::parent).filter(|dir| is_workspace_root(dir)) {
        return Some(root.to_path_buf());
    }
    cwd?.ancestors().find(|dir| is_workspace_root(dir)).map(Path::to_path_buf)
}

/// A directory whose `Cargo.toml` declares the workspace that has an `xtask` member.
fn is_workspace_root(dir: &Path) -> bool {
    let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { return false };
    manifest.lines().any(|line| line.trim() == "[workspace]") && dir.join("xtask/Cargo.toml").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkout(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("chat-api-xtask-root-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("xtask/src")).unwrap();
        std::fs::create_dir_all(dir.join("spec/sns")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = [\"xtask\"]\n").unwrap();
        std::fs::write(dir.join("xtask/Cargo.toml"), "[package]\nname = \"xtask\"\n").unwrap();
        dir
    }

    #[test]
    fn the_manifest_dir_of_the_run_wins_over_the_current_directory() {
        let (a, b) = (checkout("a"), checkout("b"));
        assert_eq!(find_root(Some(&b.join("xtask")), Some(&a.join("spec/sns"))), Some(b.clone()));
        let _ = (std::fs::remove_dir_all(&a), std::fs::remove_dir_all(&b));
    }

    #[test]
    fn without_cargo_the_nearest_workspace_above_the_current_directory() {
        let a = checkout("cwd");
        assert_eq!(find_root(None, Some(&a.join("spec/sns"))), Some(a.clone()));
        // A manifest directory outside any workspace (a stale variable) is passed over.
        assert_eq!(find_root(Some(&std::env::temp_dir().join("nowhere/xtask")), Some(&a)), Some(a.clone()));
        let _ = std::fs::remove_dir_all(&a);
    }

    #[test]
    fn outside_any_checkout_there_is_no_root() {
        let dir = std::env::temp_dir().join(format!("chat-api-xtask-root-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(find_root(None, Some(&dir)), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
