//! `jaarrapport` compiles the ministries' contributions to the yearly
//! report on labour migrants into one HTML site, one PDF and open data.
//!
//! The pipeline, one way, each stage a module:
//!
//! ```text
//! content dir ─[content]─▶ files ─[validate]─▶ model::Report ─[view]─▶ ReportView
//!     ─[render::format: html, pdf, json, csv, dcat]─▶ staging dir ─[output]─▶ OUT
//! ```
//!
//! 1. [`content`] reads every input inside the content directory (texts,
//!    YAML with positions, templates, images, last year's export through
//!    its one schema, [`content::export`]) and decides nothing.
//! 2. [`validate`] checks it, every rule a [`diagnostics::Diagnostic`] at
//!    its place, and builds the [`model::Report`]: plain data.
//! 3. [`view`] derives every fact a reader sees (labels, addresses, dates,
//!    counts, charts, history, slippage, commitments, a concept's mark)
//!    once per build, and holds each Markdown body as what to render.
//! 4. [`render::format`] lists the output formats; each gets the view in
//!    a [`render::format::RenderContext`] (never the model: tests/shape.rs),
//!    renders the bodies with [`markdown`] (HTML, the PDF's tree, text),
//!    draws the view into a staging directory and says what it wrote.
//!    A body's structure is read by one walk, [`markdown::tree`]: the
//!    PDF's data is that tree read for print, a Word form's text the same
//!    tree read as written.
//! 5. [`output`] moves the staging directory into `OUT` atomically, never
//!    touching what it did not write.
//!
//! Beside the pipeline: [`docx`] writes Word forms from contributions
//! (their bodies through [`markdown::tree`]) and reads them back (through
//! `validate`), [`cli`] has one file per
//! command, [`serve`] runs the pipeline on every change for the preview.

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
pub mod view;
