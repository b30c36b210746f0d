//! Markdown as plain text, one passage per paragraph, heading, list item,
//! table row, code block or footnote: what the site's search finds and
//! shows a reader. Raw HTML counts as text, as it is shown on the site.
//! The parser's events are read as a flat stream, so nesting depth costs
//! no stack.

use super::parser;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The passages of a body in reading order, white space collapsed, empty
/// ones left out. A footnote's text is a passage of its own where it is
/// defined.
pub fn passages(text: &str) -> Texts {
    let mut p = Passages::default();
    parser(text).for_each(|e| p.feed(&e));
    p.finish()
}

/// A body's passages, held as one string: a site keeps every body's
/// passages until its search index is written, and one string per passage
/// cost more than the text (BENCHMARKS.md). A passage has its white space
/// collapsed, so holds no line break: one separates two passages.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Texts(String);

impl Texts {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|p| !p.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Texts {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// Collects the passages from the parser's events one at a time, so the
/// site can take them from the same parse that writes its HTML.
#[derive(Default)]
pub struct Passages {
    out: String,
    current: String,
}

impl Passages {
    pub fn feed(&mut self, event: &Event) {
        match event {
            Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => self.current.push_str(s),
            Event::SoftBreak | Event::HardBreak => self.current.push(' '),
            // A row's cells read as one passage.
            Event::End(TagEnd::TableCell) => self.current.push_str("; "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            )
            // Text before a nested block is a passage of its own.
            | Event::Start(Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::BlockQuote(_) | Tag::Table(_)) => {
                let end = self.current.trim_end().trim_end_matches(';').len();
                self.current.truncate(end);
                self.flush();
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        let mut words = self.current.split_whitespace();
        if let Some(first) = words.next() {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(first);
            for word in words {
                self.out.push(' ');
                self.out.push_str(word);
            }
        }
        self.current.clear();
    }

    pub fn finish(mut self) -> Texts {
        self.flush();
        self.out.shrink_to_fit();
        Texts(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::passages;

    #[test]
    fn one_passage_per_block_in_reading_order() {
        let md = "# Kop\n\nEen *alinea* met `code`\nover twee regels.\n\n- punt één\n- punt [[2.1.A]]\n\n\
                  | a | b |\n|---|---|\n| 1 | 2 |\n\nTekst[^n].\n\n[^n]: De voetnoot.\n\n<b>ruw</b>\n";
        assert_eq!(
            passages(md),
            [
                "Kop",
                "Een alinea met code over twee regels.",
                "punt één",
                "punt 2.1.A",
                "a; b",
                "1; 2",
                "Tekst.",
                "De voetnoot.",
                "<b>ruw</b>"
            ]
        );
    }

    #[test]
    fn nesting_thousands_deep_is_flat_text() {
        let md = format!("{}diep", "> ".repeat(5000));
        assert_eq!(passages(&md), ["diep"]);
        assert!(passages("").is_empty());
    }
}
