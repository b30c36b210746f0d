//! A body's Markdown as a tree: the one walk of a body's events into a
//! structure. Read for the PDF ([`Reading::Print`], [`convert`]) it is the
//! JSON the template walks (see templates/typst/DATA.md): the template
//! places every string as content, so contribution text reaches typst as
//! data and can never be run as typst code. Raw HTML becomes plain text, as
//! on the site. Read as written ([`Reading::AsWritten`]) it is what the Word
//! forms are made from (`docx::from_markdown` flattens it into runs).

use super::headings::HeadingLevels;
use super::{is_safe_url, parser};
use crate::model::RecId;
use pulldown_cmark::{Alignment, Event, LinkType, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    P { c: Vec<Inline> },
    H { level: u8, c: Vec<Inline> },
    List { ordered: bool, start: u64, items: Vec<Vec<Block>> },
    Quote { c: Vec<Block> },
    Codeblock { text: String },
    Table { align: Vec<Align>, head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>> },
    Hr,
}

/// A table column's alignment, as written (`|:--|`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// A note's `n` is its number in the whole report, set by `number_notes`
/// (0 until then). Read for print, a footnote referred to more than once is
/// carried whole at its first reference only; every later one is an `Again`
/// with the same number, so the PDF's data grows with the text, not with
/// the number of references times the note. Read as written, every
/// reference carries its note, as a Word footnote does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text {
        v: String,
    },
    Em {
        c: Vec<Inline>,
    },
    Strong {
        c: Vec<Inline>,
    },
    Strike {
        c: Vec<Inline>,
    },
    Code {
        v: String,
    },
    Link {
        url: String,
        c: Vec<Inline>,
    },
    Ref {
        id: String,
        label: String,
    },
    /// `[[2.1 a]]` or `[[2.1.A|shown]]` exactly as written (`2.1 a` stays
    /// `2.1 a`): in a tree read as written only, never in the PDF's data.
    #[serde(skip)]
    CrossRef {
        written: String,
    },
    Note {
        n: u32,
        c: Vec<Block>,
        /// The footnote's label in its body, for `number_notes`.
        #[serde(skip)]
        label: String,
    },
    Again {
        n: u32,
        #[serde(skip)]
        label: String,
    },
    /// `path` is the image's path in the site when read for print, the
    /// path as written when read as written.
    Image {
        path: String,
        alt: String,
    },
    Br,
}

/// What a body is read for. The walk is one; these are the few places
/// where the PDF and the Word form want a different thing of it.
pub enum Reading<'a> {
    /// For the PDF, the body in `file` printed under a heading of level
    /// `under`: headings at their printed level (`super::headings`),
    /// `[[2.1.A]]` resolved to a `Ref` when `exists` says the target is in
    /// the report (validation guarantees it; this keeps rendering total)
    /// and to its text when not, images at their path in the site, links
    /// only when they leave the report, a raw HTML block as loose text,
    /// long words breakable, and containers nested at most `MAX_DEPTH`
    /// deep (`MAX_NOTE_DEPTH` in a note).
    Print { file: &'a Path, under: u8, exists: &'a dyn Fn(&RecId) -> bool },
    /// For the Word form, the body as written, so a form read back can be
    /// compared with it: headings at their written level, `[[..]]` as a
    /// `CrossRef`, every safe link and every image as written, a raw HTML
    /// block a paragraph of its own, a note at every reference, and
    /// containers (in a note too) nested at most `max_depth` deep.
    AsWritten { max_depth: usize },
}

/// Reads a body for the PDF (`Reading::Print`).
pub fn convert(text: &str, file: &Path, under: u8, exists: &dyn Fn(&RecId) -> bool) -> Vec<Block> {
    read(text, &Reading::Print { file, under, exists })
}

/// Reads a body into its tree: the one walk of a body's Markdown events.
pub fn read(text: &str, reading: &Reading) -> Vec<Block> {
    let events: Vec<Event> = parser(text).collect();
    let (levels, max_depth, max_note_depth) = match reading {
        Reading::Print { under, .. } => (Some(HeadingLevels::new(*under, &events)), MAX_DEPTH, MAX_NOTE_DEPTH),
        Reading::AsWritten { max_depth } => (None, *max_depth, *max_depth),
    };
    // Footnote definitions first, so a reference can carry its note inline
    // (typst sets the note where it is referenced).
    let mut notes: HashMap<String, Option<Vec<Block>>> = HashMap::new();
    let mut body_events = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(name)) = &events[i] {
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < events.len() && depth > 0 {
                match &events[i] {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            let inner = flatten_deep(&events[start..i.saturating_sub(1).max(start)], max_note_depth);
            let mut b = Builder { reading, notes: HashMap::new(), pos: 0, events: &inner, levels };
            let c = b.blocks(None);
            // A label defined twice (an error `check` reports) means its
            // first definition, as on the site.
            notes.entry(name.to_string()).or_insert(Some(c));
            continue;
        }
        body_events.push(events[i].clone());
        i += 1;
    }
    let body_events = flatten_deep(&body_events, max_depth);
    let mut b = Builder { reading, notes, pos: 0, events: &body_events, levels };
    let mut blocks = b.blocks(None);
    if let Reading::Print { .. } = reading {
        break_long_words(&mut blocks);
    }
    blocks
}

/// typst breaks lines only between words: a token longer than the column
/// (a pasted link, an encoded string) would run off the page. Such tokens
/// get a zero-width space, an invisible break opportunity, every `BREAK_EVERY`
/// characters. Normal words never reach `LONG_WORD`.
const LONG_WORD: usize = 48;
const BREAK_EVERY: usize = 24;

fn breakable(s: &mut String) {
    if !s.split_whitespace().any(|w| w.chars().count() > LONG_WORD) {
        return;
    }
    let mut out = String::with_capacity(s.len() + s.len() / BREAK_EVERY * 3);
    let mut run = 0;
    for c in s.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            if run > 0 && run % BREAK_EVERY == 0 {
                out.push('\u{200B}');
            }
            run += 1;
        }
        out.push(c);
    }
    *s = out;
}

/// A node of the tree, as `walk` hands it over: one visitor serves every
/// pass that changes blocks or inlines in place.
enum NodeMut<'a> {
    Block(&'a mut Block),
    Inline(&'a mut Inline),
}

/// Visits every block and inline in reading order (the order in which
/// typst meets them), each before what it holds. Notes never nest: a
/// note's own text is built without notes.
fn walk(blocks: &mut [Block], f: &mut dyn FnMut(NodeMut<'_>)) {
    for b in blocks {
        f(NodeMut::Block(b));
        match b {
            Block::P { c } | Block::H { c, .. } => walk_inlines(c, f),
            Block::List { items, .. } => items.iter_mut().for_each(|item| walk(item, f)),
            Block::Quote { c } => walk(c, f),
            Block::Table { head, rows, .. } => {
                head.iter_mut().chain(rows.iter_mut().flatten()).for_each(|cell| walk_inlines(cell, f))
            }
            Block::Codeblock { .. } | Block::Hr => {}
        }
    }
}

fn walk_inlines(inlines: &mut [Inline], f: &mut dyn FnMut(NodeMut<'_>)) {
    for i in inlines {
        f(NodeMut::Inline(i));
        match i {
            Inline::Em { c } | Inline::Strong { c } | Inline::Strike { c } | Inline::Link { c, .. } => {
                walk_inlines(c, f)
            }
            Inline::Note { c, .. } => walk(c, f),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::Ref { .. }
            | Inline::CrossRef { .. }
            | Inline::Image { .. }
            | Inline::Br
            | Inline::Again { .. } => {}
        }
    }
}

fn break_long_words(blocks: &mut [Block]) {
    walk(blocks, &mut |node| match node {
        NodeMut::Block(Block::Codeblock { text: s })
        | NodeMut::Inline(Inline::Text { v: s } | Inline::Code { v: s }) => breakable(s),
        _ => {}
    });
}

/// Numbers the notes of `bodies` 1, 2, 3 … in the order given, which must
/// be the order the PDF prints them. typst would count them itself, but
/// only from its second layout pass on: in the first every note has a
/// provisional number, so lines and pages move once the real numbers
/// arrive and typst needs a third pass (BENCHMARKS.md). Numbers known in
/// advance keep the first pass's layout.
pub fn number_notes<'a>(bodies: impl IntoIterator<Item = &'a mut Vec<Block>>) {
    let mut count = 0;
    for body in bodies {
        // Labels are the body's own: a later reference takes its note's number.
        let mut numbers: HashMap<String, u32> = HashMap::new();
        walk(body, &mut |node| match node {
            NodeMut::Inline(Inline::Note { n, label, .. }) => {
                count += 1;
                *n = count;
                numbers.insert(label.clone(), count);
            }
            NodeMut::Inline(Inline::Again { n, label }) => *n = numbers.get(label.as_str()).copied().unwrap_or(0),
            _ => {}
        });
    }
}

/// How deep containers (quotes, lists, emphasis, links, images, tables)
/// may nest in the tree; deeper ones are flattened into the level above,
/// their text kept. The template walks the tree recursively and typst
/// stops at a fixed call depth (about 20 such levels in a contribution),
/// and the builder here recurses too: 10,000 nested quotes must neither
/// overflow our stack nor fail the PDF.
pub const MAX_DEPTH: usize = 12;
/// A footnote's content is set at its reference, so it gets what is left.
pub const MAX_NOTE_DEPTH: usize = 6;

/// Drops the start and end events of containers nested deeper than `max`
/// (without recursion). Items and table cells of a dropped list or table
/// are dropped too, leaving a line break or a space so words stay apart.
fn flatten_deep<'e>(events: &[Event<'e>], max: usize) -> Vec<Event<'e>> {
    let counts = |t: &Tag| {
        matches!(
            t,
            Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
        )
    };
    let counts_end = |t: &TagEnd| {
        matches!(
            t,
            TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        )
    };
    // One entry per open container: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        let parent_dropped = open.last() == Some(&false);
        match event {
            Event::Start(t) if counts(t) => {
                let keep = depth < max;
                open.push(keep);
                if keep {
                    depth += 1;
                    out.push(event.clone());
                }
            }
            Event::End(t) if counts_end(t) => {
                if open.pop().unwrap_or(true) {
                    depth = depth.saturating_sub(1);
                    out.push(event.clone());
                }
            }
            Event::Start(Tag::Item | Tag::TableRow) if parent_dropped => out.push(Event::HardBreak),
            Event::Start(Tag::TableHead | Tag::TableCell) | Event::End(TagEnd::TableCell) if parent_dropped => {
                out.push(Event::Text(" ".into()))
            }
            Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) if parent_dropped => {}
            _ => out.push(event.clone()),
        }
    }
    out
}

struct Builder<'a, 'e> {
    reading: &'a Reading<'a>,
    /// Each footnote's content until its first reference takes it (read
    /// for print).
    notes: HashMap<String, Option<Vec<Block>>>,
    pos: usize,
    events: &'a [Event<'e>],
    /// The printed level of each heading (`super::headings`), the same the
    /// site gives it; `None` keeps the written level.
    levels: Option<HeadingLevels>,
}

impl<'e> Builder<'_, 'e> {
    fn next(&mut self) -> Option<Event<'e>> {
        let e = self.events.get(self.pos)?.clone();
        self.pos += 1;
        Some(e)
    }

    /// Blocks until the end tag `until` (or the end of input).
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        // Loose inline content (in tight list items) is gathered into a paragraph.
        let mut loose: Vec<Inline> = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                Event::End(_) => {}
                Event::Start(tag) => match tag {
                    Tag::Paragraph => {
                        flush(&mut loose, &mut out);
                        let c = self.inlines(TagEnd::Paragraph);
                        out.push(Block::P { c });
                    }
                    Tag::Heading { level, .. } => {
                        flush(&mut loose, &mut out);
                        let c = self.inlines(TagEnd::Heading(level));
                        let level = match &mut self.levels {
                            Some(levels) => levels.next(level),
                            None => level as u8,
                        };
                        out.push(Block::H { level, c });
                    }
                    Tag::BlockQuote(kind) => {
                        flush(&mut loose, &mut out);
                        let c = self.blocks(Some(TagEnd::BlockQuote(kind)));
                        out.push(Block::Quote { c });
                    }
                    Tag::CodeBlock(_) => {
                        flush(&mut loose, &mut out);
                        let mut text = String::new();
                        while let Some(e) = self.next() {
                            match e {
                                Event::Text(t) => text.push_str(&t),
                                Event::End(TagEnd::CodeBlock) => break,
                                _ => {}
                            }
                        }
                        out.push(Block::Codeblock { text: text.trim_end_matches('\n').to_string() });
                    }
                    Tag::List(start) => {
                        flush(&mut loose, &mut out);
                        let ordered = start.is_some();
                        let mut items = Vec::new();
                        while let Some(e) = self.next() {
                            match e {
                                Event::Start(Tag::Item) => items.push(self.blocks(Some(TagEnd::Item))),
                                Event::End(TagEnd::List(_)) => break,
                                _ => {}
                            }
                        }
                        out.push(Block::List { ordered, start: start.unwrap_or(1), items });
                    }
                    Tag::Table(aligns) => {
                        flush(&mut loose, &mut out);
                        out.push(self.table(&aligns));
                    }
                    Tag::HtmlBlock if matches!(self.reading, Reading::AsWritten { .. }) => {
                        flush(&mut loose, &mut out);
                        let mut raw = String::new();
                        while let Some(e) = self.next() {
                            match e {
                                Event::Html(t) | Event::Text(t) => raw.push_str(&t),
                                Event::End(TagEnd::HtmlBlock) => break,
                                _ => {}
                            }
                        }
                        out.push(Block::P { c: vec![Inline::Text { v: raw }] });
                    }
                    Tag::HtmlBlock => {}
                    Tag::FootnoteDefinition(_) => {
                        // A definition inside a note (`[^a]: 1. [^b]: …`)
                        // is no note of the body (its label stays undefined):
                        // left out whole.
                        flush(&mut loose, &mut out);
                        self.skip_definition();
                    }
                    // Part of a list or table out of its place (never from
                    // the parser): the tag is passed over, its content kept.
                    other if is_block_tag(&other) => {}
                    _ => {
                        // Inline content directly in a block (tight list items).
                        self.pos -= 1;
                        let c = self.inline_run();
                        loose.extend(c);
                    }
                },
                Event::Rule => {
                    flush(&mut loose, &mut out);
                    out.push(Block::Hr);
                }
                other => {
                    self.pos -= 1;
                    let _ = other;
                    let c = self.inline_run();
                    loose.extend(c);
                }
            }
        }
        flush(&mut loose, &mut out);
        out
    }

    /// Passes over a footnote definition whose start was just read.
    fn skip_definition(&mut self) {
        let mut depth = 1;
        while depth > 0 {
            match self.next() {
                Some(Event::Start(Tag::FootnoteDefinition(_))) => depth += 1,
                Some(Event::End(TagEnd::FootnoteDefinition)) => depth -= 1,
                Some(_) => {}
                None => break,
            }
        }
    }

    /// Inline events until a block-level event starts or ends.
    fn inline_run(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(e) = self.events.get(self.pos) {
            let is_block = match e {
                Event::Start(t) => is_block_tag(t),
                Event::End(t) => is_block_end(t),
                Event::Rule => true,
                _ => false,
            };
            if is_block {
                break;
            }
            self.inline_one(&mut out);
        }
        out
    }

    fn inlines(&mut self, until: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(e) = self.events.get(self.pos) {
            if matches!(e, Event::End(end) if *end == until) {
                self.pos += 1;
                break;
            }
            self.inline_one(&mut out);
        }
        out
    }

    fn inline_one(&mut self, out: &mut Vec<Inline>) {
        let Some(event) = self.next() else { return };
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => push_text(out, &t),
            Event::Code(t) => out.push(Inline::Code { v: t.to_string() }),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(out, &t),
            Event::SoftBreak => push_text(out, " "),
            Event::HardBreak => out.push(Inline::Br),
            Event::FootnoteReference(name) => match self.notes.get_mut(name.as_ref()) {
                Some(note) => {
                    let carried = match self.reading {
                        Reading::Print { .. } => note.take(),
                        Reading::AsWritten { .. } => note.clone(),
                    };
                    match carried {
                        Some(c) => out.push(Inline::Note { n: 0, c, label: name.to_string() }),
                        None => out.push(Inline::Again { n: 0, label: name.to_string() }),
                    }
                }
                None => push_text(out, &format!("[^{name}]")),
            },
            Event::TaskListMarker(done) => push_text(out, if done { "[x] " } else { "[ ] " }),
            Event::Start(tag) => match tag {
                Tag::Emphasis => {
                    let c = self.inlines(TagEnd::Emphasis);
                    out.push(Inline::Em { c });
                }
                Tag::Strong => {
                    let c = self.inlines(TagEnd::Strong);
                    out.push(Inline::Strong { c });
                }
                Tag::Strikethrough => {
                    let c = self.inlines(TagEnd::Strikethrough);
                    out.push(Inline::Strike { c });
                }
                Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. } => {
                    let c = self.inlines(TagEnd::Link);
                    match self.reading {
                        Reading::Print { exists, .. } => match RecId::parse(&dest_url).filter(|id| exists(id)) {
                            Some(id) => out.push(Inline::Ref { label: id.anchor(), id: id.to_string() }),
                            None => out.extend(c),
                        },
                        Reading::AsWritten { .. } => {
                            let shown = plain(&c);
                            let written = if shown.trim() == &*dest_url {
                                dest_url.to_string()
                            } else {
                                format!("{dest_url}|{shown}")
                            };
                            out.push(Inline::CrossRef { written });
                        }
                    }
                }
                Tag::Link { dest_url, .. } => {
                    let c = self.inlines(TagEnd::Link);
                    // As on the site: a link that could run code or open a
                    // file loses its target, keeps its text. The PDF keeps
                    // only links that leave the report.
                    let leaves = !dest_url.starts_with('#') && dest_url.contains(':');
                    let print = matches!(self.reading, Reading::Print { .. });
                    if is_safe_url(&dest_url) && (leaves || !print) {
                        out.push(Inline::Link { url: dest_url.to_string(), c });
                    } else {
                        out.extend(c);
                    }
                }
                Tag::Image { dest_url, .. } => {
                    let alt = plain(&self.inlines(TagEnd::Image));
                    let path = match self.reading {
                        Reading::Print { file, .. } => crate::paths::site_path(file, &dest_url),
                        Reading::AsWritten { .. } => Some(dest_url.to_string()),
                    };
                    match path {
                        Some(path) => out.push(Inline::Image { path, alt }),
                        None => push_text(out, &alt),
                    }
                }
                // Anything else inline-looking: keep its text.
                _ => {}
            },
            Event::End(_) | Event::Rule => {}
        }
    }

    fn table(&mut self, aligns: &[Alignment]) -> Block {
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut in_head = false;
        while let Some(e) = self.next() {
            match e {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(TagEnd::TableCell);
                    match (in_head, rows.last_mut()) {
                        (true, _) | (false, None) => head.push(cell),
                        (false, Some(row)) => row.push(cell),
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table { align, head, rows }
    }
}

fn is_block_tag(t: &Tag) -> bool {
    matches!(
        t,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
    )
}

fn flush(loose: &mut Vec<Inline>, out: &mut Vec<Block>) {
    if !loose.is_empty() {
        out.push(Block::P { c: std::mem::take(loose) });
    }
}

/// Adjacent text is merged so the template sees one string per run.
fn push_text(out: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Text { v }) = out.last_mut() {
        v.push_str(t);
    } else {
        out.push(Inline::Text { v: t.to_string() });
    }
}

/// The text of inlines, for alt texts (and, read as written, the text a
/// cross-reference shows).
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { v } | Inline::Code { v } => s.push_str(v),
            Inline::Em { c } | Inline::Strong { c } | Inline::Strike { c } | Inline::Link { c, .. } => {
                s.push_str(&plain(c))
            }
            Inline::Ref { id, .. } => s.push_str(id),
            Inline::CrossRef { written } => {
                s.push_str("[[");
                s.push_str(written);
                s.push_str("]]");
            }
            Inline::Image { alt, .. } => s.push_str(alt),
            Inline::Note { .. } | Inline::Again { .. } => {}
            Inline::Br => s.push(' '),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(text: &str) -> Vec<Block> {
        convert(text, Path::new("bijdragen/SZW/2.1.A.md"), 3, &|id| id.to_string() == "2.1.A")
    }

    fn json(text: &str) -> String {
        serde_json::to_string(&conv(text)).unwrap()
    }

    #[test]
    fn paragraphs_and_emphasis() {
        assert_eq!(
            json("Een *mooie* **dag**.\n"),
            r#"[{"t":"p","c":[{"t":"text","v":"Een "},{"t":"em","c":[{"t":"text","v":"mooie"}]},{"t":"text","v":" "},{"t":"strong","c":[{"t":"text","v":"dag"}]},{"t":"text","v":"."}]}]"#
        );
    }

    #[test]
    fn footnotes_are_carried_to_their_reference() {
        let j = json("Tekst[^a].\n\n[^a]: De bron.\n");
        assert!(j.contains(r#"{"t":"note","n":0,"c":[{"t":"p","c":[{"t":"text","v":"De bron."}]}]}"#), "{j}");
        assert_eq!(conv("Tekst[^a].\n\n[^a]: De bron.\n").len(), 1);
    }

    #[test]
    fn a_note_referred_to_again_is_carried_once_and_keeps_its_number() {
        let mut once = conv("Een[^a] twee[^b] drie[^a] vier[^a].\n\n[^a]: Lange bron.\n\n[^b]: Andere.\n");
        let mut later = conv("Vijf[^a].\n\n[^a]: Nog een.\n");
        number_notes([&mut once, &mut later]);
        let j = serde_json::to_string(&once).unwrap();
        assert_eq!(j.matches("Lange bron").count(), 1, "{j}");
        assert_eq!(j.matches(r#"{"t":"again","n":1}"#).count(), 2, "{j}");
        assert!(j.contains(r#""t":"note","n":2"#), "{j}");
        // The next body's `a` is its own note, numbered on.
        let j = serde_json::to_string(&later).unwrap();
        assert!(j.contains(r#""t":"note","n":3"#), "{j}");
        // 5,000 references: the data holds the note once.
        let text = format!("{}\n\n[^x]: {}\n", "Zie[^x]. ".repeat(5000), "Bron ".repeat(200));
        let j = serde_json::to_string(&conv(&text)).unwrap();
        // About 45 bytes a reference; 5,000 copies of the 1,000-byte note would be 5 MB.
        assert!(j.len() < 400_000, "{} bytes", j.len());
    }

    #[test]
    fn notes_are_numbered_in_reading_order_across_bodies() {
        let mut first = conv("Een[^a] lijst:\n\n- punt[^b]\n\n> citaat[^c]\n\n[^a]: A.\n\n[^b]: B.\n\n[^c]: C.\n");
        let mut second = conv("| kop[^d] |\n|---|\n| cel[^e] |\n\n*Daarna*[^f].\n\n[^d]: D.\n\n[^e]: E.\n\n[^f]: F.\n");
        number_notes([&mut first, &mut second]);
        let mut seen = Vec::new();
        for body in [&mut first, &mut second] {
            walk(body, &mut |node| {
                if let NodeMut::Inline(Inline::Note { n, c, .. }) = node {
                    let Some(Block::P { c }) = c.first() else { panic!("a note holds a paragraph") };
                    seen.push((*n, plain(c)));
                }
            });
        }
        let expected: Vec<(u32, String)> =
            ["A.", "B.", "C.", "D.", "E.", "F."].iter().zip(1..).map(|(t, n)| (n, t.to_string())).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn cross_references_and_tight_lists() {
        let j = json("- zie [[2.1 a]]\n- en [[9.9.Z]]\n");
        assert!(j.contains(r#"{"t":"ref","id":"2.1.A","label":"aanbeveling-2-1-a"}"#), "{j}");
        assert!(j.contains(r#""items":[[{"t":"p""#), "{j}");
        assert!(j.contains("9.9.Z"), "{j}");
    }

    #[test]
    fn long_tokens_get_break_opportunities_and_words_do_not() {
        let long = "x".repeat(60);
        let j = json(&format!("kort woord {long}\n"));
        assert!(j.contains(&format!("{}\u{200B}{}\u{200B}{}", "x".repeat(24), "x".repeat(24), "x".repeat(12))), "{j}");
        let j = json("arbeidsmigrantenhuisvestingsvoorwaarden\n");
        assert!(!j.contains('\u{200B}'), "{j}");
    }

    #[test]
    fn tables() {
        let j = json("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assert!(j.contains(r#""align":["left","right"]"#), "{j}");
        assert!(j.contains(r#""rows":[[[{"t":"text","v":"1"}],[{"t":"text","v":"2"}]]]"#), "{j}");
    }

    #[test]
    fn raw_html_and_bad_links_are_text() {
        let j = json("<b>vet</b> [x](javascript:alert(1))\n");
        assert!(j.contains("<b>"), "{j}");
        assert!(!j.contains("javascript"), "{j}");
    }

    #[test]
    fn a_definition_inside_a_note_is_left_out_and_ends() {
        // This once looped for ever, and `build` with it.
        for text in ["[^b]:1. [^a]:", "Zie[^b].\n\n[^b]: Een:\n\n    1. [^a]: binnen\n\n       nog\n\nNa [^a].\n"] {
            let j = json(text);
            assert!(!j.contains("binnen"), "{j}");
        }
        let j = json("Zie[^b].\n\n[^b]: Een:\n\n    1. [^a]: binnen\n\nNa [^a].\n");
        assert!(j.contains("Een:") && j.contains("Na [^a]."), "{j}");
    }

    #[test]
    fn read_as_written_the_tree_keeps_what_the_writer_wrote() {
        let text = "### Kop\n\nZie [[2.1 a]], [[2.1.A|deze]], [werk](werk.html) en ![kaart](k.svg)[^n] [^n].\n\n<div>x</div>\n\n[^n]: Noot.\n";
        let tree = read(text, &Reading::AsWritten { max_depth: 24 });
        assert_eq!(tree[0], Block::H { level: 3, c: vec![Inline::Text { v: "Kop".into() }] });
        let Block::P { c } = &tree[1] else { panic!("{tree:?}") };
        assert!(c.contains(&Inline::CrossRef { written: "2.1 a".into() }), "{c:?}");
        assert!(c.contains(&Inline::CrossRef { written: "2.1.A|deze".into() }), "{c:?}");
        assert!(c.iter().any(|i| matches!(i, Inline::Link { url, .. } if url == "werk.html")), "{c:?}");
        assert!(c.contains(&Inline::Image { path: "k.svg".into(), alt: "kaart".into() }), "{c:?}");
        assert_eq!(c.iter().filter(|i| matches!(i, Inline::Note { .. })).count(), 2, "{c:?}");
        assert_eq!(tree[2], Block::P { c: vec![Inline::Text { v: "<div>x</div>\n".into() }] });
    }

    #[test]
    fn typst_syntax_stays_a_string() {
        let text = "#read(\"/etc/passwd\") $x$ @ref <lbl> ]";
        let j = json(text);
        assert!(j.contains(r##"#read(\"/etc/passwd\") $x$ @ref <lbl> ]"##), "{j}");
    }
}
