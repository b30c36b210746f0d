//! How many footnotes one body may have. The site numbers and links them in
//! one pass whatever their number, but the PDF sets each as a real footnote
//! that typst places on its page, and thousands of them in one text make a
//! layout that takes minutes and gigabytes. A text needs far fewer: more
//! than [`MAX_FOOTNOTES`] is an error at the first one too many.
//!
//! A footnote defined inside another footnote's text (`[^b]: 1. [^a]: ...`)
//! is an error too: the site would number it as a note of its own, but
//! the PDF and the Word form read a note's text as that note's, and would
//! lose it.

use crate::diagnostics::{Diagnostic, Diagnostics, Positions, Span};
use crate::markdown;
use crate::model::Markdown;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::path::Path;

/// Footnotes (definitions) one body may have.
pub const MAX_FOOTNOTES: usize = 1000;

pub fn check(display: &Path, body: &Markdown, parsed: &markdown::Parsed, diags: &mut Diagnostics) {
    check_nesting(display, body, parsed, diags);
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

/// Footnotes defined inside another footnote's text.
fn check_nesting(display: &Path, body: &Markdown, parsed: &markdown::Parsed, diags: &mut Diagnostics) {
    let mut open: Vec<&str> = Vec::new();
    let mut positions: Option<Positions> = None;
    for (event, range) in parsed.iter() {
        match event {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                if let Some(outer) = open.last() {
                    let (line, col) = positions.get_or_insert_with(|| Positions::new(&body.text)).at(range.start);
                    diags.push(
                        Diagnostic::error(
                            display,
                            Span::new(body.first_line + line - 1, col, 2),
                            format!("footnote [^{name}] is defined inside the text of footnote [^{outer}]"),
                        )
                        .with_help(format!(
                            "end footnote [^{outer}] with an empty line and define [^{name}] at the start of a line of its own"
                        )),
                    );
                }
                open.push(name);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                open.pop();
            }
            _ => {}
        }
    }
}
