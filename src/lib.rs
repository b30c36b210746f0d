//! `jaarrapport` compiles the ministries' contributions to the yearly
//! report on labour migrants into one HTML site and one PDF.
//!
//! The pipeline, one way:
//! content dir ──[`content`]──▶ files ──[`validate`]──▶ [`model::Report`] ──[`render`]──▶ html / pdf / json / csv

pub mod cli;
pub mod content;
pub mod controls;
pub mod diagnostics;
pub mod docx;
pub mod fonts;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod render;
pub mod serve;
pub mod theme;
pub mod validate;
