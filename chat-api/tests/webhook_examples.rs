//! The webhook pages' samples decode into the generated types. The tests themselves are generated,
//! one per sample (`cargo xtask codegen`).

#[rustfmt::skip]
#[path = "generated/webhook_examples.rs"]
mod generated;
