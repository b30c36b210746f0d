//! How many footnotes one body may have. The site numbers and links them in
//! one pass whatever their number, but the PDF sets each as a real footnote
//! that typst places on its page, and thousands of them in one text make a
//! layout that takes minutes and gigabytes. A text needs far fewer: more
//! than [`MAX_FOOTNOTES`] is an error at the first one too many.

use crate::diagnostics::{Diagnostic, Diagnostics, Positions, Span};
use crate::markdown;
use crate::model::Markdown;
use pulldown_cmark::{Event, Tag};
use std::path::Path;

/// Footnotes (definitions) one body may have.
pub const MAX_FOOTNOTES: usize = 1000;

pub fn check(display: &Path, body: &Markdown, parsed: &markdown::Parsed, diags: &mut Diagnostics) {
    let too_many =
        parsed.iter().filter(|(event, _)| matches!(event, Event::Start(Tag::FootnoteDefinition(_)))).nth(MAX_FOOTNOTES);
    if let Some((_, range)) = too_many {
        let (line, col) = Positions::new(&body.text).at(range.start);
        diags.push(
            Diagnostic::error(
                display,
                Span::new(body.first_line + line - 1, col, 2),
                format!("this text has more than {MAX_FOOTNOTES} footnotes; this is footnote {}", MAX_FOOTNOTES + 1),
            )
            .with_help("the PDF cannot set that many notes in one text; put the sources in a list or a table"),
        );
    }
}
