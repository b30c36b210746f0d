//! The shared structure back to Markdown, in one canonical way of writing
//! it: blank lines between blocks, `-` bullets, `**bold**`, `*italic*`,
//! footnotes numbered `[^1]` with their text at the end. Parsing the output
//! gives the same `Doc` again (tested over every sample contribution).

use super::doc::{Align, Block, Doc, Inline, Style};
use std::collections::HashSet;

pub fn write(doc: &Doc) -> String {
    let pieces = write_pieces(&doc.blocks, &HashSet::new());
    let mut out = pieces.blocks.join("\n\n");
    if !pieces.notes.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&pieces.notes.join("\n\n"));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Blocks written one by one, and the footnote definitions they need.
pub struct Pieces {
    pub blocks: Vec<String>,
    pub notes: Vec<String>,
}

/// Footnote labels are numbers that avoid `taken` (the labels of text kept
/// as it was written beside these blocks).
pub fn write_pieces(blocks: &[Block], taken: &HashSet<String>) -> Pieces {
    let mut w = Writer { taken: taken.clone(), ..Writer::default() };
    let blocks = blocks.iter().map(|b| w.block(b)).collect();
    // Notes may hold notes: writing one can add more.
    let mut notes = Vec::new();
    let mut k = 0;
    while k < w.notes.len() {
        let (label, body) = w.notes[k].clone();
        let text = w.blocks(&body);
        notes.push(format!("[^{label}]: {}", indent(&text, "    ")));
        k += 1;
    }
    Pieces { blocks, notes }
}

#[derive(Default)]
struct Writer {
    notes: Vec<(String, Vec<Block>)>,
    taken: HashSet<String>,
    next: usize,
}

impl Writer {
    fn label(&mut self) -> String {
        loop {
            self.next += 1;
            let l = self.next.to_string();
            if !self.taken.contains(&l) {
                return l;
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block]) -> String {
        let parts: Vec<String> = blocks.iter().map(|b| self.block(b)).collect();
        parts.join("\n\n")
    }

    fn block(&mut self, b: &Block) -> String {
        match b {
            Block::Heading(level, content) => {
                format!("{} {}", "#".repeat((*level).clamp(1, 6) as usize), self.inlines(content, false))
            }
            Block::Paragraph(content) => self.inlines(content, true),
            Block::Quote(blocks) => {
                let inner = self.blocks(blocks);
                inner
                    .lines()
                    .map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            Block::Code(code) => {
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                format!("{fence}\n{code}\n{fence}")
            }
            Block::Rule => "***".into(),
            Block::List(list) => {
                let mut out = String::new();
                let loose = list.items.iter().any(|item| {
                    item.windows(2).any(|w| !matches!(w[1], Block::List(_)))
                        || item.first().is_some_and(|b| !matches!(b, Block::Paragraph(_)))
                });
                for (i, item) in list.items.iter().enumerate() {
                    let marker = match list.start {
                        Some(n) => format!("{}. ", n + i as u64),
                        None => "- ".to_string(),
                    };
                    let pad = " ".repeat(marker.len());
                    let mut text = String::new();
                    for (k, b) in item.iter().enumerate() {
                        if k > 0 {
                            text.push_str(if loose { "\n\n" } else { "\n" });
                        }
                        text.push_str(&self.block(b));
                    }
                    if i > 0 {
                        out.push_str(if loose { "\n\n" } else { "\n" });
                    }
                    out.push_str(&marker);
                    out.push_str(&indent(&text, &pad));
                }
                out
            }
            Block::Table(table) => {
                let cols = table.align.len().max(1);
                let row = |w: &mut Writer, cells: &[Vec<Inline>]| {
                    let mut line = String::from("|");
                    for c in 0..cols {
                        let text = cells.get(c).map(|cell| w.inlines(cell, false)).unwrap_or_default();
                        line.push(' ');
                        line.push_str(&text.replace('\n', " "));
                        line.push_str(" |");
                    }
                    line
                };
                let mut lines = Vec::new();
                let empty = Vec::new();
                lines.push(row(self, table.rows.first().unwrap_or(&empty)));
                let mut delim = String::from("|");
                for a in table.align.iter().chain(std::iter::repeat(&Align::None)).take(cols) {
                    delim.push_str(match a {
                        Align::None => "---|",
                        Align::Left => ":---|",
                        Align::Center => ":---:|",
                        Align::Right => "---:|",
                    });
                }
                lines.push(delim);
                for r in table.rows.iter().skip(1) {
                    lines.push(row(self, r));
                }
                lines.join("\n")
            }
        }
    }

    /// `block_start`: the text opens a line where Markdown would see a
    /// block marker (`#`, `-`, `1.`), so those are escaped.
    fn inlines(&mut self, content: &[Inline], block_start: bool) -> String {
        let mut out = String::new();
        let mut open: Vec<&'static str> = Vec::new();
        let mut line_start = block_start;
        for i in content {
            let style = match i {
                Inline::Text(_, s) => *s,
                _ => Style::default(),
            };
            let want = markers(style);
            // Close from the top until everything still open is wanted.
            if let Some(first_bad) = open.iter().position(|m| !want.contains(m)) {
                while open.len() > first_bad {
                    out.push_str(open.pop().unwrap_or_default());
                }
            }
            for m in want {
                if !open.contains(&m) {
                    out.push_str(m);
                    open.push(m);
                    line_start = false;
                }
            }
            match i {
                Inline::Text(t, s) if s.code => out.push_str(&code_span(t)),
                Inline::Text(t, _) => out.push_str(&escape(t, line_start)),
                Inline::Link { url, content } => {
                    let inner = self.inlines(content, false);
                    out.push_str(&format!("[{inner}]({})", link_target(url)));
                }
                Inline::Image { url, alt } => {
                    out.push_str(&format!("![{}]({})", escape(alt, false), link_target(url)));
                }
                Inline::Note(blocks) => {
                    let label = self.label();
                    out.push_str(&format!("[^{label}]"));
                    self.notes.push((label, blocks.clone()));
                }
                Inline::CrossRef(id) => out.push_str(&format!("[[{id}]]")),
                Inline::Break => {
                    out.push_str("\\\n");
                    line_start = true;
                    continue;
                }
            }
            line_start = false;
        }
        while let Some(m) = open.pop() {
            out.push_str(m);
        }
        out
    }
}

/// Outermost first.
fn markers(s: Style) -> Vec<&'static str> {
    let mut v = Vec::new();
    if s.bold {
        v.push("**");
    }
    if s.italic {
        v.push("*");
    }
    if s.strike {
        v.push("~~");
    }
    v
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

fn code_span(t: &str) -> String {
    let fence = "`".repeat(longest_run(t, '`') + 1);
    let pad =
        if t.starts_with('`') || t.ends_with('`') || (t.starts_with(' ') && t.ends_with(' ') && !t.trim().is_empty()) {
            " "
        } else {
            ""
        };
    format!("{fence}{pad}{t}{pad}{fence}")
}

fn link_target(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) || url.is_empty() {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// Escapes what Markdown would read as markup; at a line's start also the
/// markers of headings, lists and quotes.
fn escape(t: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(t.len() + 8);
    for c in t.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        if out.starts_with(['#', '-', '+', '=']) {
            out.insert(0, '\\');
        } else if let Some(digits) = out.find(|c: char| !c.is_ascii_digit()).filter(|&d| d > 0)
            && out[digits..].starts_with(['.', ')'])
        {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Every line after the first gets `pad` (blank lines stay blank).
fn indent(text: &str, pad: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(pad);
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::from_markdown::parse;
    use super::*;

    #[track_caller]
    fn same(md: &str) {
        let doc = parse(md);
        let written = write(&doc);
        assert_eq!(parse(&written), doc, "written as:\n{written}");
    }

    #[test]
    fn structures_survive_rewriting() {
        same("# Kop\n\nTekst met **vet**, *schuin* en ***beide***, `code` en ~~weg~~.\n");
        same("- een\n- twee\n  - diep\n    1. genummerd\n\n3. drie\n4. vier\n");
        same("| a | b |\n|:--|--:|\n| **c** | d \\| e |\n");
        same("Noot[^x] en nog een[^y].\n\n[^x]: Eerste.\n[^y]: Tweede met *nadruk*.\n\n    Tweede alinea.\n");
        same("Zie [[2.1 a]] en [de site](https://www.rijksoverheid.nl) en ![Kaart](../../afbeeldingen/k.svg).\n");
        same("1\\. niet genummerd en \\# geen kop, \\- geen lijst, a\\\nb\n\n> citaat\n\n***\n\n```\ncode\n```\n");
        same("- item\n\n  tweede alinea\n- item 2\n");
    }

    #[test]
    fn footnotes_are_numbered_at_the_end() {
        assert_eq!(write(&parse("Zie.[^brief]\n\n[^brief]: De brief.\n")), "Zie.[^1]\n\n[^1]: De brief.\n");
    }
}
