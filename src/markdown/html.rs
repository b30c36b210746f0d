//! Markdown to HTML for the site. Contribution text is data: raw HTML is
//! shown as text, links that could run code are dropped, and footnote ids
//! carry a per-body prefix so two contributions on one page never clash.

use super::headings::HeadingLevels;
use super::text::{Passages, Texts};
use super::{is_safe_url, parser};
use crate::model::RecId;
use crate::paths::site_path;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd, html};
use std::path::Path;

/// How the body's references are turned into site links.
pub struct Links<'a> {
    /// The site-relative URL of a recommendation (`werk.html#aanbeveling-2-1-a`).
    pub recommendation: &'a dyn Fn(&RecId) -> Option<String>,
    /// Prefix for ids inside this body (footnotes), unique on the page.
    pub id_prefix: &'a str,
    /// The level of the heading the body is printed under (the view's
    /// `BodyPlace::under`); `super::headings` places the body's own below it.
    pub under: u8,
}

/// A body's HTML alone. `file` is the body's file relative to the content
/// directory, so image paths can be rewritten to their place in the site.
pub fn render(text: &str, file: &Path, links: &Links) -> String {
    let mut out = String::new();
    render_into(text, file, links, &mut out);
    out
}

/// Appends a body's HTML to `out` (the page it stands on, so a large
/// report never holds every body's HTML at once) and returns its
/// plain-text passages: the events are parsed once, kept, and read for
/// the shallowest heading, the passages and the HTML.
pub fn render_into(text: &str, file: &Path, links: &Links, out: &mut String) -> Texts {
    let parsed: Vec<Event> = parser(text).collect();
    let mut passages = Passages::default();
    for e in &parsed {
        passages.feed(e);
    }
    let mut levels = HeadingLevels::new(links.under, &parsed);
    // Headings do not nest: the end tag closes the level the start opened.
    let mut open = HeadingLevel::H1;
    out.reserve(text.len() * 3 / 2);
    let mut skip_link_end: Vec<bool> = Vec::new();
    // Footnotes are numbered in order of first appearance, whatever their labels.
    // A map, not a list searched: 160,000 notes must not take 160,000² steps.
    let mut numbers: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut number = |name: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(name.to_string()).or_insert(next)
    };
    let mut refs = RefCount::default();
    let events = parsed.into_iter().filter_map(|event| -> Option<Event> {
        Some(match event {
            // Raw HTML is not part of the contract: show it, never run it.
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, title, id }) => {
                match RecId::parse(&dest_url).and_then(|i| (links.recommendation)(&i)) {
                    Some(url) => {
                        skip_link_end.push(false);
                        Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url: url.into(), title, id })
                    }
                    None => {
                        skip_link_end.push(true);
                        return None;
                    }
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                if is_safe_url(&dest_url) {
                    skip_link_end.push(false);
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                } else {
                    skip_link_end.push(true);
                    return None;
                }
            }
            Event::End(TagEnd::Link) => {
                if skip_link_end.pop().unwrap_or(false) {
                    return None;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let target = site_path(file, &dest_url).unwrap_or_default();
                Event::Start(Tag::Image { link_type, dest_url: target.into(), title, id })
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => Event::Start(Tag::Heading {
                level: {
                    open = HeadingLevel::try_from(levels.next(level) as usize).unwrap_or(HeadingLevel::H6);
                    open
                },
                id: id.map(|i| CowStr::from(format!("{}{}", links.id_prefix, i))),
                // Only the id is part of the contract: a class would give the
                // heading the site's own (a status badge, screen-reader-only
                // text), and free attributes anything; `check` warns.
                classes: { drop(classes); Vec::new() },
                attrs: { drop(attrs); Vec::new() },
            }),
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(open)),
            // A raw HTML block is shown as a paragraph of text.
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::FootnoteReference(name) => {
                let id = footnote_id(links.id_prefix, &name);
                let ref_id = footnote_ref_id(&id, refs.next(&name));
                Event::InlineHtml(
                    format!(
                        "<sup class=\"voetnoot-ref\"><a href=\"#{id}\" id=\"{ref_id}\" aria-label=\"voetnoot {n}\">{n}</a></sup>",
                        n = number(&name)
                    )
                    .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let id = footnote_id(links.id_prefix, &name);
                Event::Html(
                    format!(
                        "<div class=\"voetnoot\" id=\"{id}\"><span class=\"voetnoot-label\"><a href=\"#{id}-ref\" aria-label=\"terug naar voetnoot {n} in de tekst\">{n}</a></span>",
                        n = number(&name)
                    )
                    .into(),
                )
            }
            other => other,
        })
    });
    // A table scrolls in its own box, which the keyboard can reach, so a
    // wide one never widens the page on a phone.
    let events = events.flat_map(|event| match event {
        Event::Start(Tag::Table(a)) => [Some(Event::Html(TABLE_BOX.into())), Some(Event::Start(Tag::Table(a)))],
        Event::End(TagEnd::Table) => [Some(Event::End(TagEnd::Table)), Some(Event::Html("</div>\n".into()))],
        other => [Some(other), None],
    });
    html::push_html(out, events.flatten());
    passages.finish()
}

const TABLE_BOX: &str = "<div class=\"tabel-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Tabel\">\n";

/// The anchor of footnote `name`: `voetnoot-<name>`, every character that
/// is not an ASCII letter or digit made a hyphen (so two labels can share
/// one; `check` reports that, see `super::ids`).
pub(super) fn footnote_id(prefix: &str, name: &str) -> String {
    let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("{prefix}voetnoot-{clean}")
}

/// The anchor of the `n`-th reference (from 1) to a footnote: the first
/// is `<id>-ref`, the one the note links back to; later ones get a number,
/// so a note cited twice gives no two elements one id.
pub(super) fn footnote_ref_id(id: &str, n: usize) -> String {
    if n <= 1 { format!("{id}-ref") } else { format!("{id}-ref-{n}") }
}

/// How often each footnote has been referred to so far.
#[derive(Default)]
pub(super) struct RefCount(std::collections::HashMap<String, usize>);

impl RefCount {
    pub(super) fn next(&mut self, name: &str) -> usize {
        let count = self.0.entry(name.to_string()).or_insert(0);
        *count += 1;
        *count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(text: &str) -> String {
        let link = |id: &RecId| Some(format!("werk.html#{}", id.anchor()));
        render(text, Path::new("bijdragen/SZW/2.1.A.md"), &Links { recommendation: &link, id_prefix: "b1-", under: 1 })
    }

    #[test]
    fn raw_html_is_shown_not_run() {
        let html = render_plain("<script>alert(1)</script>\n\nTekst <img src=x onerror=alert(1)>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_lose_their_target_but_keep_their_text() {
        let html = render_plain("[klik](javascript:alert(1)) en [ok](https://example.org)\n");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("klik"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
    }

    #[test]
    fn cross_references_become_links() {
        let html = render_plain("Zie [[2.1 a]].\n");
        assert!(html.contains("<a href=\"werk.html#aanbeveling-2-1-a\">2.1 a</a>"), "{html}");
    }

    #[test]
    fn footnotes_are_prefixed() {
        let html = render_plain("Tekst[^bron].\n\n[^bron]: Bron.\n");
        assert!(html.contains("href=\"#b1-voetnoot-bron\""), "{html}");
        assert!(html.contains("id=\"b1-voetnoot-bron\""), "{html}");
        assert!(html.contains(">1</a></sup>"), "{html}");
    }

    #[test]
    fn images_point_into_the_site() {
        let html = render_plain("![kaart](../../afbeeldingen/k.svg)\n");
        assert!(html.contains("src=\"afbeeldingen/k.svg\""), "{html}");
        assert!(html.contains("alt=\"kaart\""), "{html}");
    }

    #[test]
    fn headings_start_at_the_base_level_and_skip_none() {
        let html = render_plain("## Eerste\n\n### Tweede\n");
        assert!(html.contains("<h2>Eerste</h2>") && html.contains("<h3>Tweede</h3>"), "{html}");
        let html = render_plain("#### Diep\n");
        assert!(html.contains("<h2>Diep</h2>"), "{html}");
    }

    #[test]
    fn raw_html_blocks_become_paragraphs_of_text() {
        let html = render_plain("<div>\nblok\n</div>\n");
        assert!(html.starts_with("<p>&lt;div&gt;"), "{html}");
    }
}
