//! Generates the code of every generator fixture (`fixtures/<name>/`, a spec tree each) into
//! `OUT_DIR`, plus `fixtures.rs`, a module tree that `tests/fixtures_compile.rs` includes. This is
//! how a fixture whose generated code does not compile fails the tests.
//!
//! Only this test crate runs codegen at build time; chat-api itself never does.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let fixtures = Path::new(&manifest).join("fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());

    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();

    let mut tree = String::new();
    for dir in dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).expect("fixture names are UTF-8").to_string();
        let sources = codegen::fs::read_spec_dir(&dir).expect("fixture is readable");
        let spec = codegen::load(&sources).unwrap_or_else(|diags| {
            let text: Vec<String> = diags.iter().map(|d| format!("fixtures/{name}/{d}")).collect();
            panic!("fixture `{name}` does not load:\n{}", text.join("\n"))
        });
        let files = codegen::generate(&spec).expect("generator output parses");
        writeln!(tree, "/// Code generated from fixtures/{name}/.\n#[allow(dead_code)]\npub mod {name} {{").unwrap();
        for f in files {
            let Some(file) = f.path.strip_prefix(&format!("{}/", codegen::GENERATED_DIR)) else { continue };
            // mod.rs adds methods to `chat_api::Client`, which only chat-api itself may do.
            if file == "mod.rs" {
                continue;
            }
            let target = Path::new(&out).join(&name).join(file);
            std::fs::create_dir_all(target.parent().expect("has a parent")).expect("OUT_DIR is writable");
            std::fs::write(&target, &f.contents).expect("OUT_DIR is writable");
            let module = file.trim_end_matches(".rs");
            writeln!(tree, "    #[path = {:?}]\n    pub mod {module};", target.display().to_string()).unwrap();
        }
        tree.push_str("}\n");
    }
    std::fs::write(Path::new(&out).join("fixtures.rs"), tree).expect("OUT_DIR is writable");
}
