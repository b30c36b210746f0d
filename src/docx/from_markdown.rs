//! Markdown to the shared structure, with the parser options every other
//! reader of a body uses (`crate::markdown::parser`), so the form shows
//! exactly what the report would.

use super::doc::{Align, Block, Doc, Inline, List, Style, Table, normalise};
use crate::markdown::parser;
use pulldown_cmark::{Alignment, Event, LinkType, Tag};
use std::collections::HashMap;
use std::iter::Peekable;

/// Footnote definitions are read first, so a reference can carry its
/// note's text wherever the definition stands.
pub fn parse(text: &str) -> Doc {
    let mut notes: HashMap<String, Vec<Block>> = HashMap::new();
    let mut events = parser(text).peekable();
    while let Some(e) = events.next() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = e {
            let blocks = blocks(&mut events, &HashMap::new(), 0);
            events.next();
            notes.entry(label.to_string()).or_insert(blocks);
        }
    }
    let mut events = parser(text).peekable();
    Doc { blocks: blocks(&mut events, &notes, 0) }
}

/// Containers nested deeper than this are flattened into their parent,
/// their text kept: valid Markdown may nest thousands of levels, a Word
/// file (and this reader's recursion) should not.
const MAX_NESTING: usize = 24;

type Events<'a> = Peekable<pulldown_cmark::Parser<'a>>;

/// Blocks until an end tag that belongs to the caller (left unconsumed).
fn blocks(ev: &mut Events, notes: &HashMap<String, Vec<Block>>, depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    // Containers taken into this level (too deep, or of no kind we know):
    // their end tags are ours to consume.
    let mut swallowed = 0usize;
    while let Some(e) = ev.peek() {
        match e {
            Event::End(_) if swallowed > 0 => {
                swallowed -= 1;
                ev.next();
            }
            Event::End(_) => break,
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) if depth >= MAX_NESTING => {
                swallowed += 1;
                ev.next();
            }
            Event::Start(Tag::Paragraph) => {
                ev.next();
                out.push(Block::Paragraph(normalise(inlines(ev, Style::default(), notes, depth))));
                ev.next();
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                ev.next();
                let content = normalise(inlines(ev, Style::default(), notes, depth))
                    .into_iter()
                    .map(|i| if i == Inline::Break { Inline::Text(" ".into(), Style::default()) } else { i })
                    .collect();
                out.push(Block::Heading(level, normalise(content)));
                ev.next();
            }
            Event::Start(Tag::BlockQuote(_)) => {
                ev.next();
                out.push(Block::Quote(blocks(ev, notes, depth + 1)));
                ev.next();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                ev.next();
                let mut code = String::new();
                while let Some(Event::Text(t)) = ev.peek() {
                    code.push_str(t);
                    ev.next();
                }
                ev.next();
                out.push(Block::Code(code.trim_end_matches('\n').to_string()));
            }
            Event::Start(Tag::HtmlBlock) => {
                ev.next();
                let mut raw = String::new();
                while let Some(Event::Html(t) | Event::Text(t)) = ev.peek() {
                    raw.push_str(t);
                    ev.next();
                }
                ev.next();
                out.push(Block::Paragraph(normalise(vec![Inline::Text(raw, Style::default())])));
            }
            Event::Rule => {
                ev.next();
                out.push(Block::Rule);
            }
            Event::Start(Tag::List(start)) => {
                let start = *start;
                ev.next();
                let mut items = Vec::new();
                while let Some(Event::Start(Tag::Item)) = ev.peek() {
                    ev.next();
                    items.push(blocks(ev, notes, depth + 1));
                    ev.next();
                }
                ev.next();
                out.push(Block::List(List { start, items }));
            }
            Event::Start(Tag::Table(align)) => {
                let align = align.iter().map(|a| convert_align(*a)).collect();
                ev.next();
                let mut rows = Vec::new();
                while let Some(Event::Start(Tag::TableHead | Tag::TableRow)) = ev.peek() {
                    ev.next();
                    let mut cells = Vec::new();
                    while let Some(Event::Start(Tag::TableCell)) = ev.peek() {
                        ev.next();
                        cells.push(normalise(inlines(ev, Style::default(), notes, depth)));
                        ev.next();
                    }
                    ev.next();
                    rows.push(cells);
                }
                ev.next();
                out.push(Block::Table(Table { align, rows }));
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                ev.next();
                blocks(ev, notes, depth + 1);
                ev.next();
            }
            // A block kind the options never produce: skip its tag, keep its text.
            Event::Start(tag) if !is_inline(tag) => {
                swallowed += 1;
                ev.next();
            }
            // Text straight inside a list item (a tight list) is a paragraph.
            _ => out.push(Block::Paragraph(normalise(inlines(ev, Style::default(), notes, depth)))),
        }
    }
    out
}

fn is_inline(tag: &Tag) -> bool {
    matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
}

fn convert_align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        // Left is how a table reads anyway; office suites write it on every cell.
        Alignment::Left => Align::None,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Inlines until an end tag or a block that belongs to the caller.
fn inlines(ev: &mut Events, style: Style, notes: &HashMap<String, Vec<Block>>, depth: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut swallowed = 0usize;
    while let Some(e) = ev.peek() {
        let nested = |s: &mut Style, tag: &Tag| match tag {
            Tag::Emphasis => s.italic = true,
            Tag::Strong => s.bold = true,
            Tag::Strikethrough => s.strike = true,
            _ => {}
        };
        match e {
            Event::End(_) if swallowed > 0 => {
                swallowed -= 1;
                ev.next();
            }
            Event::End(_) => break,
            Event::Start(tag) if depth >= MAX_NESTING && is_inline(tag) => {
                swallowed += 1;
                ev.next();
            }
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                let mut s = style;
                nested(&mut s, tag);
                ev.next();
                out.extend(inlines(ev, s, notes, depth + 1));
                ev.next();
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                let dest = dest_url.to_string();
                ev.next();
                let shown = super::doc::plain_text(&inlines(ev, Style::default(), notes, depth));
                ev.next();
                out.push(Inline::CrossRef(if shown.trim() == dest { dest } else { format!("{dest}|{shown}") }));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.to_string();
                ev.next();
                let content = inlines(ev, style, notes, depth + 1);
                ev.next();
                // As on the site: a link that could run code or open a file loses its target, keeps its text.
                if crate::markdown::is_safe_url(&url) {
                    out.push(Inline::Link { url, content });
                } else {
                    out.extend(content);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let url = dest_url.to_string();
                ev.next();
                let alt = super::doc::plain_text(&inlines(ev, Style::default(), notes, depth));
                ev.next();
                out.push(Inline::Image { url, alt });
            }
            Event::Start(_) | Event::Rule => break,
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push(Inline::Text(t.to_string(), style));
                ev.next();
            }
            Event::Code(t) => {
                out.push(Inline::Text(t.to_string(), Style { code: true, ..style }));
                ev.next();
            }
            Event::SoftBreak => {
                out.push(Inline::Text(" ".into(), style));
                ev.next();
            }
            Event::HardBreak => {
                out.push(Inline::Break);
                ev.next();
            }
            Event::FootnoteReference(label) => {
                out.push(match notes.get(label.as_ref()) {
                    Some(blocks) => Inline::Note(blocks.clone()),
                    None => Inline::Text(format!("[^{label}]"), style),
                });
                ev.next();
            }
            _ => {
                ev.next();
            }
        }
    }
    out
}
