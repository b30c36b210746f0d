//! Sources and the report's Kamerstuk number, read into links once
//! (`model::Source`). One that starts like a Kamerstuk reference but cannot
//! be read as one is a warning at its place: it still prints, unlinked.

use crate::content::yaml::{Doc, Seg};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Source, Unreadable};

/// A source of `bronnen`, at `path` in `doc`.
pub fn read(doc: &Doc, path: &[Seg], text: &str, diags: &mut Diagnostics) -> Source {
    checked(doc, path, text, Source::parse(text), diags)
}

/// `rapport.yaml`'s `kamerstuk`.
pub fn read_kamerstuk(doc: &Doc, path: &[Seg], text: &str, diags: &mut Diagnostics) -> Source {
    checked(doc, path, text, Source::parse_kamerstuk(text), diags)
}

fn checked(doc: &Doc, path: &[Seg], text: &str, read: Result<Source, Unreadable>, diags: &mut Diagnostics) -> Source {
    read.unwrap_or_else(|why| {
        diags.push(
            Diagnostic::warning(
                &doc.display,
                doc.value_span(path),
                format!("`{}` is not a Kamerstuk reference that can be linked: {why}", text.trim()),
            )
            .with_help("write it as `Kamerstuk 29 861, nr. 99` (dossier, then number), or `kst-29861-99`"),
        );
        Source { text: text.trim().to_string(), link: None }
    })
}
