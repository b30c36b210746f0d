//! Markdown as the content format defines it: CommonMark with tables,
//! footnotes, strikethrough, heading attributes and `[[2.1.A]]` links.
//! One set of parser options serves validation and every renderer, so what
//! `check` accepts is exactly what `build` renders.

pub mod headings;
pub mod html;
pub mod ids;
pub mod text;
pub mod tree;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// What a body points at, to be checked against the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// `[[2.1.A]]`, as written.
    Recommendation(String),
    /// `![..](path)`, as written.
    Image(String),
}

/// A body's events with the byte range each comes from: `check` parses a
/// body once and reads this for every rule.
pub type Parsed<'a> = Vec<(Event<'a>, Range<usize>)>;

pub fn parse(text: &str) -> Parsed<'_> {
    parser(text).into_offset_iter().collect()
}

/// A parsed body's references, in text order.
pub fn references(parsed: &Parsed) -> Vec<(Reference, Range<usize>)> {
    parsed
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                Some((Reference::Recommendation(dest_url.to_string()), range.clone()))
            }
            Event::Start(Tag::Image { dest_url, .. }) => Some((Reference::Image(dest_url.to_string()), range.clone())),
            _ => None,
        })
        .collect()
}

/// The text of the first heading, for pages without a `titel`.
pub fn first_heading(text: &str) -> Option<String> {
    let mut inside: Option<String> = None;
    for event in parser(text) {
        match (&mut inside, event) {
            (None, Event::Start(Tag::Heading { .. })) => inside = Some(String::new()),
            (Some(t), Event::Text(s) | Event::Code(s)) => t.push_str(&s),
            (Some(t), Event::End(TagEnd::Heading(_))) => return Some(t.trim().to_string()),
            _ => {}
        }
    }
    None
}

/// Whether the body starts with a top-level heading (then a page shows it
/// instead of its own title heading).
pub fn starts_with_h1(text: &str) -> bool {
    parser(text)
        .find(|e| !matches!(e, Event::SoftBreak | Event::HardBreak))
        .is_some_and(|e| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })))
}

/// 1-based line and column (in characters) of a byte offset. For many
/// offsets into one text use `diagnostics::Positions`, which is linear.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::diagnostics::Positions::new(text).at(offset)
}

/// A URL a reader may follow: web, mail and in-page links. `javascript:`,
/// `data:`, `vbscript:` and every other scheme are refused, whatever case
/// or entity-encoding trick was used to write them.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a path or query character is not a scheme.
            if cleaned[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&cleaned[..colon], "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cross_references_and_images() {
        let refs = references(&parse("Zie [[2.1.A]] en ![kaart](../../afbeeldingen/k.svg).\n"));
        assert_eq!(refs[0].0, Reference::Recommendation("2.1.A".into()));
        assert_eq!(refs[1].0, Reference::Image("../../afbeeldingen/k.svg".into()));
        assert_eq!(line_col("Zie [[2.1.A]]", refs[0].1.start), (1, 5));
    }

    #[test]
    fn first_heading_is_the_title() {
        assert_eq!(first_heading("Tekst\n\n## Over *dit* rapport\n").as_deref(), Some("Over dit rapport"));
        assert_eq!(first_heading("geen kop"), None);
    }

    #[test]
    fn only_harmless_urls_are_safe() {
        for ok in ["https://www.rijksoverheid.nl", "mailto:ipa@minszw.nl", "#aanbeveling-2-1-a", "werk.html", "a/b:c"] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }
}
