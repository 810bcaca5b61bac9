//! The diff's semver levels agree with the generated code. For the kitchen-sink fixture and each
//! case of `chat_api_tests::diff_cases`, the crate code is generated for both sides, and user
//! programs written against the old side are checked with cargo against the new side:
//! - the program that uses the old API broadly compiles against the old side, and against the new
//!   side of every change the diff calls minor or patch (all applied at once);
//! - each breaking case's program compiles against the old side and fails against the new side,
//!   with an error that names what broke.
//!
//! The scratch crate lives in `target/semver-scratch/`; its dependencies build once and are reused.

use chat_api_tests::diff_cases::{COMPAT_PROGRAM, Case, Edit, base, cases, try_apply};
use codegen::SourceFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = repo().join("target/semver-scratch/crate");
        let _ = std::fs::remove_dir_all(dir.join("src"));
        std::fs::create_dir_all(dir.join("src/bin")).unwrap();
        std::fs::create_dir_all(dir.join("src/generated")).unwrap();
        let manifest = format!(
            "[package]\nname = \"semver-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nchat-api = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n",
            repo().join("chat-api").display().to_string()
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        // The workspace's lock file pins the same versions, so the build works offline.
        std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        Scratch { dir }
    }

    /// Makes the library the generated code of `spec` (one module per service, plus `shared`).
    fn set_spec(&self, files: &[SourceFile]) {
        let spec = codegen::load(files).unwrap_or_else(|d| panic!("does not load: {d:#?}"));
        let out = self.dir.join("src/generated");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        let mut lib = String::from("#![allow(dead_code, missing_docs)]\n");
        for f in codegen::generate(&spec).unwrap() {
            let Some(name) = f.path.strip_prefix(&format!("{}/", codegen::GENERATED_DIR)) else { continue };
            if name == "mod.rs" {
                continue;
            }
            std::fs::write(out.join(name), &f.contents).unwrap();
            lib.push_str(&format!("#[path = \"generated/{name}\"]\npub mod {};\n", name.trim_end_matches(".rs")));
        }
        std::fs::write(self.dir.join("src/lib.rs"), lib).unwrap();
    }

    fn set_bins(&self, bins: &[(&str, &str)]) {
        let dir = self.dir.join("src/bin");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, body) in bins {
            let text = format!(
                "#![allow(unused, clippy::all)]\nuse semver_scratch::{{gadgets, shared, widgets}};\n\nfn main() {{\n{body}\n}}\n"
            );
            std::fs::write(dir.join(format!("{name}.rs")), text).unwrap();
        }
    }

    /// `cargo check` of every bin; the compiler's error lines per bin (no entry: it compiled).
    fn check(&self) -> BTreeMap<String, Vec<String>> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", repo().join("target/semver-scratch/target"))
            .env_remove("RUSTFLAGS")
            .args(["check", "--offline", "--bins", "--keep-going", "--message-format=short"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("src/generated/"), "the generated library itself does not compile:\n{stderr}");
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in stderr.lines() {
            let Some(rest) = line.strip_prefix("src/bin/") else { continue };
            let Some((file, _)) = rest.split_once(".rs:") else { continue };
            if line.contains(": error") {
                errors.entry(file.to_string()).or_default().push(line.to_string());
            }
        }
        if errors.is_empty() {
            assert!(out.status.success(), "cargo check failed outside the user programs:\n{stderr}");
        }
        errors
    }
}

fn breaking() -> Vec<Case> {
    cases().into_iter().filter(|c| c.breaks.is_some()).collect()
}

#[test]
fn classification_agrees_with_what_the_generated_code_does() {
    let scratch = Scratch::new();

    // Every program is valid against the old side.
    scratch.set_spec(&base());
    let mut bins: Vec<(&str, &str)> = vec![("compat", COMPAT_PROGRAM)];
    let breaking = breaking();
    bins.extend(breaking.iter().map(|c| (c.name, c.breaks.unwrap().0)));
    scratch.set_bins(&bins);
    let errors = scratch.check();
    assert!(errors.is_empty(), "user programs must compile against the old side: {errors:#?}");

    // Minor and patch changes, all at once: the broad program still compiles.
    let compatible: Vec<Edit> = cases().into_iter().filter(|c| c.level != "major").flat_map(|c| c.edits).collect();
    scratch.set_spec(&try_apply(base(), &compatible).expect("minor and patch edits apply together"));
    scratch.set_bins(&[("compat", COMPAT_PROGRAM)]);
    let errors = scratch.check();
    assert!(errors.is_empty(), "a minor or patch change broke code written against the old side: {errors:#?}");

    // Each breaking change of the Rust API breaks its program, on its own, for the reason it names.
    for case in &breaking {
        let (program, mentions) = case.breaks.unwrap();
        scratch.set_spec(&try_apply(base(), &case.edits).unwrap());
        scratch.set_bins(&[(case.name, program)]);
        let errors = scratch.check();
        let lines = errors
            .get(case.name)
            .unwrap_or_else(|| panic!("{} (major) still compiles against the new side", case.name));
        assert!(
            lines.iter().any(|l| l.contains(mentions)),
            "{}: errors do not mention `{mentions}`: {lines:#?}",
            case.name
        );
    }
}
