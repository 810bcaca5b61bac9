//! The spec's sample bodies round-trip through the generated types. The tests themselves are
//! generated, one per sample (`cargo xtask codegen`).

#[rustfmt::skip]
#[path = "generated/spec_examples.rs"]
mod generated;
