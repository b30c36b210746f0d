//! The element ids a body puts into its HTML page, as the renderer
//! (`super::html`) makes them: explicit heading ids (`## Kop {#kop}`), each
//! footnote's anchor and each reference's. Listed once here so `check` can
//! report two that clash before a browser silently jumps to the first.

use super::html::{RefCount, footnote_id, footnote_ref_id};
use pulldown_cmark::{Event, Tag};

/// One id and where in the body it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementId {
    /// Without the body's prefix (which the renderer adds to all alike).
    pub id: String,
    /// Byte offset in the body of what makes it.
    pub at: usize,
    pub from: IdSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSource {
    /// `{#kop}` on a heading.
    Heading,
    /// The note `[^name]: ...` itself.
    Footnote(String),
    /// A `[^name]` in the text.
    FootnoteReference(String),
}

/// Every id in the body's HTML, in the order of the text.
/// `parsed` is the body's `super::parse`.
pub fn element_ids(text: &str, parsed: &super::Parsed) -> Vec<ElementId> {
    let mut refs = RefCount::default();
    let mut out = Vec::new();
    for (event, range) in parsed {
        let range = range.clone();
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                // Point at the `{#id}` itself when it is there to find.
                let at = text[range.clone()].find(&format!("#{id}")).map_or(range.start, |p| range.start + p);
                out.push(ElementId { id: id.to_string(), at, from: IdSource::Heading });
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.push(ElementId {
                    id: footnote_id("", name),
                    at: range.start,
                    from: IdSource::Footnote(name.to_string()),
                });
            }
            Event::FootnoteReference(name) => {
                let id = footnote_ref_id(&footnote_id("", name), refs.next(name));
                out.push(ElementId { id, at: range.start, from: IdSource::FootnoteReference(name.to_string()) });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecId;
    use std::path::Path;

    /// The ids listed are exactly the ids the renderer writes.
    #[test]
    fn the_list_matches_the_rendered_html() {
        let text =
            "# Kop {#kop}\n\nTekst[^1] en[^1] weer[^a.b].\n\n## Twee {#twee .klasse}\n\n[^1]: Een.\n[^a.b]: Twee.\n";
        let link = |_: &RecId| None;
        let links = super::super::html::Links { recommendation: &link, id_prefix: "p-", under: 1 };
        let html = super::super::html::render(text, Path::new("paginas/a.md"), &links);
        let mut in_html: Vec<String> =
            html.match_indices(" id=\"").map(|(i, _)| html[i + 5..].split('"').next().unwrap().to_string()).collect();
        let mut listed: Vec<String> =
            element_ids(text, &super::super::parse(text)).into_iter().map(|e| format!("p-{}", e.id)).collect();
        in_html.sort();
        listed.sort();
        assert_eq!(in_html, listed);
        assert!(listed.contains(&"p-voetnoot-1-ref-2".to_string()), "{listed:?}");
    }
}
