//! The chat-api generator: loads the YAML spec, validates it into a [`model::Spec`], and renders the
//! Rust modules of the chat-api crate.
//!
//! Data flows one way: [`load`] (files -> model) then [`generate`] (model -> files). Both are pure;
//! reading and writing the disk is left to the caller (`xtask`) and to the small [`fs`] edge.

pub mod diag;
pub mod diff;
mod emit;
pub mod fs;
pub mod import;
mod load;
pub mod model;
mod naming;
mod yaml;

pub use diag::{Diagnostic, Pos};
pub use emit::{
    COVERAGE_BEGIN, COVERAGE_END, GENERATED_DIR, GenerateError, GeneratedFile, REGENERATE, coverage, generate,
    render_endpoint, splice_coverage,
};
pub use load::{SourceFile, load};
