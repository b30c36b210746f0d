//! Markdown to the Word side's structure. The body is read by the one walk
//! every structured reader of a body shares, `markdown::tree` (as written:
//! `tree::Reading::AsWritten`), with the parser options every other reader
//! uses, so the form shows exactly what the report would. This module only
//! projects that tree onto a [`Doc`]: nested emphasis becomes style flags
//! on runs, a note its blocks, a cross-reference the text it was written
//! as, and every run of inlines is normalised for comparison.

use super::doc::{Align, Block, Doc, Inline, List, Style, Table, normalise};
use crate::markdown::tree::{self, Reading};

/// Containers nested deeper than this are flattened into their parent,
/// their text kept: valid Markdown may nest thousands of levels, a Word
/// file (and the recursion of its writer and reader) should not.
const MAX_NESTING: usize = 24;

pub fn parse(text: &str) -> Doc {
    Doc { blocks: blocks(tree::read(text, &Reading::AsWritten { max_depth: MAX_NESTING })) }
}

fn blocks(tree: Vec<tree::Block>) -> Vec<Block> {
    tree.into_iter().map(block).collect()
}

fn block(b: tree::Block) -> Block {
    match b {
        tree::Block::P { c } => Block::Paragraph(runs(c)),
        // A line break in a heading reads as a space: a Word heading is one line.
        tree::Block::H { level, c } => Block::Heading(
            level,
            normalise(
                runs(c)
                    .into_iter()
                    .map(|i| if i == Inline::Break { Inline::Text(" ".into(), Style::default()) } else { i })
                    .collect(),
            ),
        ),
        tree::Block::List { ordered, start, items } => {
            Block::List(List { start: ordered.then_some(start), items: items.into_iter().map(blocks).collect() })
        }
        tree::Block::Quote { c } => Block::Quote(blocks(c)),
        tree::Block::Codeblock { text } => Block::Code(text),
        tree::Block::Table { align, head, rows } => Block::Table(Table {
            align: align.into_iter().map(convert_align).collect(),
            rows: std::iter::once(head).chain(rows).map(|row| row.into_iter().map(runs).collect()).collect(),
        }),
        tree::Block::Hr => Block::Rule,
    }
}

fn convert_align(a: tree::Align) -> Align {
    match a {
        tree::Align::None => Align::None,
        // Left is how a table reads anyway; office suites write it on every cell.
        tree::Align::Left => Align::None,
        tree::Align::Center => Align::Center,
        tree::Align::Right => Align::Right,
    }
}

/// A paragraph's (heading's, cell's) inlines as normalised runs.
fn runs(c: Vec<tree::Inline>) -> Vec<Inline> {
    let mut out = Vec::new();
    inlines(c, Style::default(), &mut out);
    normalise(out)
}

/// Nested emphasis becomes the flags of the runs inside it.
fn inlines(c: Vec<tree::Inline>, style: Style, out: &mut Vec<Inline>) {
    for i in c {
        match i {
            tree::Inline::Text { v } => out.push(Inline::Text(v, style)),
            tree::Inline::Code { v } => out.push(Inline::Text(v, Style { code: true, ..style })),
            tree::Inline::Em { c } => inlines(c, Style { italic: true, ..style }, out),
            tree::Inline::Strong { c } => inlines(c, Style { bold: true, ..style }, out),
            tree::Inline::Strike { c } => inlines(c, Style { strike: true, ..style }, out),
            tree::Inline::Link { url, c } => {
                let mut content = Vec::new();
                inlines(c, style, &mut content);
                out.push(Inline::Link { url, content });
            }
            tree::Inline::CrossRef { written } => out.push(Inline::CrossRef(written)),
            // Only in a tree read for print; kept total.
            tree::Inline::Ref { id, .. } => out.push(Inline::CrossRef(id)),
            tree::Inline::Note { c, .. } => out.push(Inline::Note(blocks(c))),
            // Read as written every reference carries its note.
            tree::Inline::Again { .. } => out.push(Inline::Note(Vec::new())),
            tree::Inline::Image { path, alt } => out.push(Inline::Image { url: path, alt }),
            tree::Inline::Br => out.push(Inline::Break),
        }
    }
}
