//! Project automation, run as `cargo xtask <verb>` (the alias is in `.cargo/config.toml`).
//!
//! Verbs:
//! - `codegen`: regenerate the chat-api modules from `spec/` and print what changed.
//! - `codegen --check`: write nothing; fail and list every stale file.

mod codegen_verb;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <verb> [--root DIR]

verbs:
  codegen           regenerate chat-api's generated code from spec/ and print what changed
  codegen --check   write nothing; exit non-zero listing every file that is out of date

--root DIR runs against another checkout of the repository (default: this one).
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
            eprintln!("--root needs a directory\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
        None => root(),
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen_verb::run(&root, false),
        ["codegen", "--check"] => codegen_verb::run(&root, true),
        [] | ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown arguments: {}\n\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}
