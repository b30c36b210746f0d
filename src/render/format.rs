//! The output formats behind one interface. `build` loops over the ones
//! asked for; adding a format is one new type here or in its own module
//! and one entry in [`FORMATS`], which says what it writes, which tools
//! it needs and whether `build` makes it by default. `build`'s default,
//! its `--format` help and `serve`'s choice all come from that list.

use super::RenderError;
use super::pdf::Typst;
use crate::model::{Image, Theme};
use crate::view::{Body, ReportView};
use std::path::Path;

/// A program a format needs, found (or installed) before anything is
/// written, so that a missing one fails fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Typst,
}

/// The programs found for the formats of one build.
#[derive(Debug, Default)]
pub struct Tools {
    pub typst: Option<Typst>,
}

/// A file a format wrote in this build, as later formats learn of it:
/// DCAT describes it and the site offers it without looking at the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Relative to the output directory (`<slug>.json`).
    pub file: String,
    pub bytes: u64,
}

/// What a format renders from, as mdBook hands every renderer one
/// context: the view (built once per build, its bodies still Markdown),
/// what the formats draw from the content besides it (its images and its
/// own templates), the programs found, and what the formats before it in
/// the list wrote in this build. Never the model: every fact a reader sees
/// is the view's (tests/shape.rs holds renderers to that).
pub struct RenderContext<'a> {
    pub view: &'a ReportView<Body<'a>>,
    pub images: &'a [Image],
    pub theme: &'a Theme,
    pub tools: &'a Tools,
    pub written: &'a [Written],
}

impl<'a> RenderContext<'a> {
    /// A context for `view` with `tools` and nothing written yet.
    pub fn new(view: &'a ReportView<Body<'a>>, images: &'a [Image], theme: &'a Theme, tools: &'a Tools) -> Self {
        RenderContext { view, images, theme, tools, written: &[] }
    }
}

pub trait Format: Sync {
    /// As on the command line: `html`, `pdf`, ...
    fn name(&self) -> &'static str;
    /// One line for `--help`.
    fn about(&self) -> &'static str;
    /// What it writes, relative to the output directory (a directory name
    /// for the site): the names the output stage replaces.
    fn outputs(&self, slug: &str) -> Vec<String>;
    /// The programs it needs.
    fn tools(&self) -> &'static [Tool] {
        &[]
    }
    /// Whether `build` makes it when `--format` is not given.
    fn by_default(&self) -> bool {
        true
    }
    /// Writes its outputs into `dir`, the staging directory, and says
    /// which files it wrote (a directory, as the site, is not listed).
    fn render(&self, ctx: &RenderContext, dir: &Path) -> Result<Vec<Written>, RenderError>;
}

/// Does `format` need `tool`?
pub fn needs(format: &dyn Format, tool: Tool) -> bool {
    format.tools().contains(&tool)
}

/// Every format, in the order `build` writes them: the site last, since it
/// offers the files the others wrote (`html::downloads`), and DCAT after
/// the open data it describes. When typst must first be installed, `build`
/// writes the formats without it first (the site then offers the open
/// data, and the PDF from the next build on).
pub const FORMATS: &[&dyn Format] =
    &[&super::export::Json, &super::export::Csv, &super::dcat::Dcat, &super::pdf::Pdf, &super::html::Site];

pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

pub fn names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name()).collect()
}

/// The formats `build` makes when `--format` is not given.
pub fn default_names() -> Vec<String> {
    FORMATS.iter().filter(|f| f.by_default()).map(|f| f.name().to_string()).collect()
}

/// `--format`'s help: one line per format, from the list.
pub fn help() -> String {
    let lines: Vec<String> = FORMATS.iter().map(|f| format!("{}: {}", f.name(), f.about())).collect();
    format!("Formats to build, comma-separated (default: {}).\n{}", default_names().join(","), lines.join("\n"))
}

/// Writes `bytes` to `dir/file` and records it as written.
pub fn write(dir: &Path, file: &str, bytes: &[u8]) -> Result<Written, RenderError> {
    super::write_file(&dir.join(file), bytes)?;
    Ok(Written { file: file.to_string(), bytes: bytes.len() as u64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_unique_name_and_the_default_comes_from_the_list() {
        let mut names = names();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FORMATS.len());
        assert_eq!(default_names(), ["json", "csv", "dcat", "pdf", "html"]);
        assert!(help().lines().count() > FORMATS.len());
    }
}
