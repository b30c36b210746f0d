//! Element ids must be unique on a page, or a link to one silently lands
//! on the other. A body's ids ([`crate::markdown::ids`]) all carry the
//! same prefix, unique on its page and ending in `-`, which no id of the
//! site's own templates starts with, so two bodies never clash with each
//! other; what can clash is a body with itself (`{#kop}` twice, `{#voetnoot-1}`
//! beside the footnote `[^1]`) and a free page, whose prefix is empty, with
//! the frame every page shares.

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::markdown::{self, ids::ElementId, ids::IdSource};
use crate::model::Markdown;
use std::collections::HashMap;
use std::path::Path;

/// Ids of the page frame (`templates/html/base.html`) and of the preview's
/// error overlay (`templates/static/reload.js`), on every page.
pub const FRAME_IDS: &[&str] = &["inhoud", "jaarrapport-fouten", "menu-open"];

/// A file that repeats one id a thousand times needs one look.
const MAX_PER_FILE: usize = 20;

/// Every id of `body` that another element of its page already has.
pub fn check(display: &Path, body: &Markdown, parsed: &markdown::Parsed, diags: &mut Diagnostics) {
    let ids = markdown::ids::element_ids(&body.text, parsed);
    if ids.is_empty() {
        return;
    }
    let is_page = body.file.starts_with("paginas");
    let mut lines = crate::diagnostics::Positions::new(&body.text);
    let mut reported = 0;
    let mut first: HashMap<&str, &ElementId> = HashMap::with_capacity(ids.len());
    for e in &ids {
        if reported >= MAX_PER_FILE {
            break;
        }
        let (line, col) = lines.at(e.at);
        let span = Span::new(body.first_line + line - 1, col, e.id.chars().count() + 1);
        if is_page && FRAME_IDS.contains(&e.id.as_str()) {
            reported += 1;
            diags.push(
                Diagnostic::error(display, span, format!("{} is an id the site's page frame uses", what(e)))
                    .with_help("choose another id"),
            );
            continue;
        }
        let Some(earlier) = first.get(e.id.as_str()) else {
            first.insert(&e.id, e);
            continue;
        };
        reported += 1;
        let earlier_line = body.first_line + lines.at(earlier.at).0 - 1;
        let message = match (&earlier.from, &e.from) {
            (IdSource::Footnote(a), IdSource::Footnote(b)) if a == b => {
                format!("footnote [^{b}] is defined twice (first on line {})", earlier_line)
            }
            (IdSource::Footnote(a), IdSource::Footnote(b)) => {
                format!("footnotes [^{a}] (line {}) and [^{b}] get the same anchor `{}`", earlier_line, e.id)
            }
            _ => format!("{} is already used by {} on line {}", what(e), owner(earlier), earlier_line),
        };
        diags.push(
            Diagnostic::error(display, span, message)
                .with_help("ids must be unique on a page, or a link to one lands on the other; rename one"),
        );
    }
}

fn what(e: &ElementId) -> String {
    match &e.from {
        IdSource::Heading => format!("the heading id `{}`", e.id),
        IdSource::Footnote(name) => format!("the anchor `{}` of footnote [^{name}]", e.id),
        IdSource::FootnoteReference(name) => format!("the anchor `{}` of a reference to footnote [^{name}]", e.id),
    }
}

fn owner(e: &ElementId) -> String {
    match &e.from {
        IdSource::Heading => "a heading".into(),
        IdSource::Footnote(name) => format!("footnote [^{name}]"),
        IdSource::FootnoteReference(name) => format!("a reference to footnote [^{name}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::FRAME_IDS;

    /// The frame's ids are those the built-in templates write.
    #[test]
    fn the_frame_ids_are_the_templates_ids() {
        let base = include_str!("../../templates/html/base.html");
        let reload = include_str!("../../templates/static/reload.js");
        let mut found: Vec<&str> =
            base.match_indices("id=\"").map(|(i, _)| base[i + 4..].split('"').next().unwrap_or("")).collect();
        found.extend(reload.match_indices(".id = \"").map(|(i, _)| reload[i + 7..].split('"').next().unwrap_or("")));
        found.sort();
        let mut expected = FRAME_IDS.to_vec();
        expected.sort();
        assert_eq!(found, expected);
    }
}
