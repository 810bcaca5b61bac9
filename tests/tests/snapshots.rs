//! Snapshots of generated code: each endpoint of the real spec on its own, and every file generated
//! from the generator fixtures (tests/fixtures/). A change in the generator or the spec shows up as
//! a reviewable snapshot diff.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the repository").to_path_buf()
}

fn load(dir: &Path) -> codegen::model::Spec {
    let sources = codegen::fs::read_spec_dir(dir).expect("spec is readable");
    codegen::load(&sources).unwrap_or_else(|d| panic!("{} does not load: {d:#?}", dir.display()))
}

#[test]
fn every_endpoint_of_the_spec() {
    let spec = load(&repo().join("spec"));
    assert!(!spec.endpoints.is_empty());
    for e in &spec.endpoints {
        let code = codegen::render_endpoint(&spec, &e.path()).unwrap().expect("the endpoint exists");
        insta::assert_snapshot!(format!("endpoint__{}__{}", e.service, e.command), code);
    }
}

#[test]
fn every_file_generated_from_the_fixtures() {
    let fixtures = repo().join("tests/fixtures");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&fixtures).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in codegen::generate(&load(&dir)).unwrap() {
            let stem = file.path.rsplit('/').next().unwrap().trim_end_matches(".rs").to_string();
            let kind = if file.path.contains("/tests/") { "tests" } else { "src" };
            insta::assert_snapshot!(format!("fixture__{name}__{kind}__{stem}"), file.contents);
        }
    }
}

#[test]
fn generation_is_deterministic_whatever_the_file_order() {
    let mut sources = codegen::fs::read_spec_dir(&repo().join("spec")).unwrap();
    let forward = codegen::generate(&codegen::load(&sources).unwrap()).unwrap();
    sources.reverse();
    let backward = codegen::generate(&codegen::load(&sources).unwrap()).unwrap();
    assert_eq!(forward, backward);
}

#[test]
fn every_generated_module_of_the_spec() {
    let spec = load(&repo().join("spec"));
    for file in codegen::generate(&spec).unwrap() {
        let Some(module) = file.path.strip_prefix(&format!("{}/", codegen::GENERATED_DIR)) else { continue };
        // The spec digest changes with every spec edit, comments included; the freshness check
        // guards it, the snapshot need not churn with it.
        let contents: String =
            file.contents.lines().filter(|l| !l.starts_with("// Spec digest")).map(|l| format!("{l}\n")).collect();
        insta::assert_snapshot!(format!("module__{}", module.trim_end_matches(".rs")), contents);
    }
}
