//! Paragraphs and tables as Word holds them, into the blocks of a body:
//! numbered paragraphs become (nested) lists, heading styles headings,
//! quote and code styles their blocks. Every block keeps the number of the
//! item it starts at, so a problem can name its paragraph.

use super::doc::{Align, Block, Inline, List, Table, plain_text};
use super::form::STYLE_CONTINUE;
use super::reader::{Item, ListMark, Para};

/// A list still open while paragraphs are read: what started it, the list, and
/// the item it started at.
struct Open {
    mark: ListMark,
    list: List,
    first: usize,
}

/// Blocks with the 1-based position of their first item in `items`.
pub fn blocks(items: Vec<Item>) -> Vec<(Block, usize)> {
    let mut out: Vec<(Block, usize)> = Vec::new();
    // Open lists, outermost first: (list instance, level, list, first item).
    let mut open: Vec<Open> = Vec::new();
    for (k, item) in items.into_iter().enumerate() {
        let n = k + 1;
        match item {
            Item::Table(rows) => {
                close(&mut open, &mut out, 0);
                let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
                if cols == 0 {
                    continue;
                }
                let align = (0..cols)
                    .map(|c| {
                        let a = rows
                            .first()
                            .and_then(|r| r.get(c))
                            .and_then(|ps| ps.paras.first())
                            .and_then(|p| p.align.clone());
                        match a.as_deref() {
                            Some("center") => Align::Center,
                            Some("right" | "end") => Align::Right,
                            _ => Align::None,
                        }
                    })
                    .collect();
                let rows = rows
                    .into_iter()
                    .map(|r| {
                        (0..cols)
                            .map(|c| {
                                let mut cell: Vec<Inline> = Vec::new();
                                for (i, p) in r.get(c).into_iter().flat_map(|cell| &cell.paras).enumerate() {
                                    if i > 0 && !p.inlines.is_empty() {
                                        cell.push(Inline::Text(" ".into(), Default::default()));
                                    }
                                    cell.extend(p.inlines.iter().cloned().map(|x| {
                                        if x == Inline::Break {
                                            Inline::Text(" ".into(), Default::default())
                                        } else {
                                            x
                                        }
                                    }));
                                }
                                super::doc::normalise(cell)
                            })
                            .collect()
                    })
                    .collect();
                out.push((Block::Table(Table { align, rows }), n));
            }
            Item::Para(p) => para(p, n, &mut open, &mut out),
        }
    }
    close(&mut open, &mut out, 0);
    merge_neighbours(out)
}

fn para(p: Para, n: usize, open: &mut Vec<Open>, out: &mut Vec<(Block, usize)>) {
    if let Some(mark) = &p.list {
        close(open, out, mark.level + 1);
        // The same list goes on in the same numbering instance, or in another
        // instance of the same definition that does not restart the count.
        let continues = open.last().is_some_and(|o| {
            o.mark.level == mark.level
                && o.mark.abstract_num == mark.abstract_num
                && (o.mark.num == mark.num || !mark.restarts)
                && o.list.start.is_some() == mark.start.is_some()
        });
        if !continues {
            if open.last().is_some_and(|o| o.mark.level == mark.level) {
                close(open, out, mark.level);
            }
            open.push(Open { mark: mark.clone(), list: List { start: mark.start, items: Vec::new() }, first: n });
        }
        if let Some(o) = open.last_mut() {
            o.list.items.push(vec![Block::Paragraph(p.inlines)]);
        }
        return;
    }
    if (p.style == STYLE_CONTINUE.to_lowercase() || p.style == "list continue")
        && let Some(item) = open.last_mut().and_then(|o| o.list.items.last_mut())
    {
        if !p.inlines.is_empty() {
            item.push(Block::Paragraph(p.inlines));
        }
        return;
    }
    close(open, out, 0);
    if p.inlines.is_empty() {
        if p.rule {
            out.push((Block::Rule, n));
        }
        return;
    }
    let block = match heading_level(&p.style) {
        Some(level) => Block::Heading(
            level,
            p.inlines
                .into_iter()
                .map(|i| if i == Inline::Break { Inline::Text(" ".into(), Default::default()) } else { i })
                .collect(),
        ),
        None if is_quote(&p.style) => Block::Quote(vec![Block::Paragraph(p.inlines)]),
        None if is_code(&p.style) => Block::Code(code_text(&p.inlines)),
        None => Block::Paragraph(p.inlines),
    };
    out.push((block, n));
}

/// Closes the lists at `level` and deeper, each into its parent's last item.
fn close(open: &mut Vec<Open>, out: &mut Vec<(Block, usize)>, level: usize) {
    while open.last().is_some_and(|o| o.mark.level >= level) {
        let Some(done) = open.pop() else { break };
        match open.last_mut().and_then(|o| o.list.items.last_mut()) {
            Some(item) => item.push(Block::List(done.list)),
            None => out.push((Block::List(done.list), done.first)),
        }
    }
}

/// Neighbouring quote paragraphs are one quote; neighbouring code lines one block.
fn merge_neighbours(blocks: Vec<(Block, usize)>) -> Vec<(Block, usize)> {
    let mut out: Vec<(Block, usize)> = Vec::with_capacity(blocks.len());
    for (b, n) in blocks {
        match (out.last_mut(), b) {
            (Some((Block::Quote(prev), _)), Block::Quote(more)) => prev.extend(more),
            (Some((Block::Code(prev), _)), Block::Code(more)) => {
                prev.push('\n');
                prev.push_str(&more);
            }
            (_, b) => out.push((b, n)),
        }
    }
    out
}

fn heading_level(style: &str) -> Option<u8> {
    if style == "title" {
        return Some(1);
    }
    let rest = style.strip_prefix("heading ").or_else(|| style.strip_prefix("kop "))?;
    rest.trim().parse().ok().filter(|l| (1..=6).contains(l))
}

fn is_quote(style: &str) -> bool {
    matches!(style, "quote" | "quotations" | "citaat" | "block text" | "intense quote")
}

fn is_code(style: &str) -> bool {
    matches!(style, "code" | "preformatted text" | "html preformatted" | "source code" | "source text")
}

fn code_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Break => s.push('\n'),
            other => s.push_str(&plain_text(std::slice::from_ref(other))),
        }
    }
    s
}
