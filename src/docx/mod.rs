//! Word forms for ministry writers: a contribution written out as a .docx
//! form (`jaarrapport new --docx`) and read back (`jaarrapport import`).
//!
//! Markdown and Word meet in one structure ([`doc::Doc`]): Markdown is
//! parsed into it, the form is written from it, a form is read back into
//! it, and Markdown is written from it again. The OOXML is written and read
//! here with `zip` and `quick-xml` (see `writer` and `reader` for why not a
//! docx crate).

pub mod contribution;
pub mod doc;
pub mod form;
pub mod from_markdown;
pub mod image;
pub mod reader;
pub mod structure;
pub mod to_markdown;
pub mod writer;
pub mod xml;
