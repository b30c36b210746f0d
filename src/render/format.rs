//! The output formats behind one interface. `build` loops over the ones
//! asked for; adding a format is one new type here or in its own module
//! and one entry in [`FORMATS`].

use super::RenderError;
use super::pdf::Typst;
use crate::model::Report;
use std::path::Path;

/// What a format may need beyond the report: the programs found for it
/// before anything is written.
#[derive(Debug, Default)]
pub struct Tools {
    pub typst: Option<Typst>,
}

pub trait Format: Sync {
    /// As on the command line: `html`, `pdf`, ...
    fn name(&self) -> &'static str;
    /// One line for `--help`.
    fn about(&self) -> &'static str;
    /// What it writes, relative to the output directory (a directory name
    /// for the site): the names the output stage replaces.
    fn outputs(&self, slug: &str) -> Vec<String>;
    /// Whether it needs typst (found before anything is written).
    fn needs_typst(&self) -> bool {
        false
    }
    /// Writes its outputs into `dir`, the staging directory.
    fn render(&self, report: &Report, tools: &Tools, dir: &Path) -> Result<(), RenderError>;
}

/// Every format, in the order `build` writes them: the site last, since it
/// offers the files the others wrote (`html::downloads`). When typst must
/// first be installed, `build` writes the formats without it first (the
/// site then offers the open data, and the PDF from the next build on).
pub const FORMATS: &[&dyn Format] =
    &[&super::export::Json, &super::export::Csv, &super::dcat::Dcat, &super::pdf::Pdf, &super::html::Site];

pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

pub fn names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name()).collect()
}
