//! Heading attributes. `## Kop {#kop}` gives a heading an id to link to;
//! a class (`## Kop {.status-afgerond}`, `{.visually-hidden}`) would give a
//! writer's heading the look or the behaviour of the site's own elements (a
//! status badge, text only a screen reader reads). Classes are not part of
//! the content format: the site drops them, and `check` says so where one
//! is written.

use crate::diagnostics::{Diagnostic, Diagnostics, Positions, Span};
use crate::markdown;
use crate::model::Markdown;
use pulldown_cmark::{Event, Tag};
use std::path::Path;

/// A file full of them needs one look.
const MAX_PER_FILE: usize = 10;

pub fn check(display: &Path, body: &Markdown, parsed: &markdown::Parsed, diags: &mut Diagnostics) {
    let mut lines: Option<Positions> = None;
    let mut reported = 0;
    for (event, range) in parsed {
        let Event::Start(Tag::Heading { classes, .. }) = event else { continue };
        for class in classes {
            if reported == MAX_PER_FILE {
                return;
            }
            reported += 1;
            let at = body.text[range.clone()].find(&format!(".{class}")).map_or(range.start, |p| range.start + p);
            let (line, col) = lines.get_or_insert_with(|| Positions::new(&body.text)).at(at);
            diags.push(
                Diagnostic::warning(
                    display,
                    Span::new(body.first_line + line - 1, col, class.chars().count() + 1),
                    format!("the heading class `.{class}` is not used; the site shows the heading without it"),
                )
                .with_help("headings take an id (`{#kop}`) only; the site's own classes are not for texts"),
            );
        }
    }
}
