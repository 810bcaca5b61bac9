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
    ALL_SERVICES, COVERAGE_BEGIN, COVERAGE_END, FEATURES_BEGIN, FEATURES_END, GENERATED_DIR, GenerateError,
    GeneratedFile, REGENERATE, coverage, generate, render_endpoint, service_features, splice_coverage, splice_features,
};
pub use load::{SourceFile, load};
