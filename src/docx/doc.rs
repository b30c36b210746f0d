//! The structure a contribution's text has in both worlds: what Markdown
//! and Word can both say (headings, paragraphs, emphasis, lists, tables,
//! footnotes, links, images, `[[2.1.A]]`). A body's Markdown tree
//! (`markdown::tree`, read as written) is flattened into it, a Word
//! document is written from it and read back into it, and Markdown is
//! written from it; two texts have "the same structure" when their `Doc`s
//! are equal.

/// A body: its blocks, footnotes inline where they are referenced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 to 6.
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    Quote(Vec<Block>),
    /// The code as written, lines joined by `\n`, no final newline.
    Code(String),
    Rule,
    List(List),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The first number of a numbered list; `None` for bullets.
    pub start: Option<u64>,
    /// Each item's blocks: a paragraph, then more paragraphs or lists.
    pub items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub align: Vec<Align>,
    /// The header row first; every row has as many cells as `align`.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// Emphasis as Word sees it: flags on a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String, Style),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    Image {
        url: String,
        alt: String,
    },
    /// A footnote, with its text.
    Note(Vec<Block>),
    /// `[[2.1.A]]`: the identifier as written (`2.1 a` stays `2.1 a`).
    CrossRef(String),
    /// A hard line break inside a paragraph.
    Break,
}

/// Joins neighbouring text of the same style, drops empty text and trims
/// the white space at both ends of a paragraph: two inline lists that read
/// the same compare equal, however their runs were cut.
pub fn normalise(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        let i = match i {
            Inline::Link { url, content } => Inline::Link { url, content: normalise(content) },
            Inline::Text(t, s) => Inline::Text(collapse_spaces(&t), s),
            other => other,
        };
        match (out.last_mut(), i) {
            (_, Inline::Text(t, _)) if t.is_empty() => {}
            (Some(Inline::Text(prev, ps)), Inline::Text(t, s)) if *ps == s => append_collapsed(prev, &t),
            (_, i) => out.push(i),
        }
    }
    // White space at the edges of a styled run belongs to plain text, as
    // Markdown can only write it there.
    let mut fixed: Vec<Inline> = Vec::with_capacity(out.len());
    for i in out {
        match i {
            Inline::Text(t, s) if s != Style::default() && t.trim() != t && !t.trim().is_empty() => {
                let lead = t.len() - t.trim_start().len();
                let trail = t.len() - t.trim_end().len();
                if lead > 0 {
                    fixed.push(Inline::Text(" ".into(), Style::default()));
                }
                fixed.push(Inline::Text(t.trim().to_string(), s));
                if trail > 0 {
                    fixed.push(Inline::Text(" ".into(), Style::default()));
                }
            }
            Inline::Text(t, s) if s != Style::default() && !s.code && t.trim().is_empty() => {
                fixed.push(Inline::Text(t, Style::default()))
            }
            other => fixed.push(other),
        }
    }
    let mut merged: Vec<Inline> = Vec::with_capacity(fixed.len());
    for i in fixed {
        match (merged.last_mut(), i) {
            (Some(Inline::Text(prev, ps)), Inline::Text(t, s)) if *ps == s => {
                append_collapsed(prev, &collapse_spaces(&t))
            }
            (_, i) => merged.push(i),
        }
    }
    trim_edges(&mut merged);
    merged
}

fn trim_edges(v: &mut Vec<Inline>) {
    while matches!(v.last(), Some(Inline::Break)) {
        v.pop();
    }
    if let Some(Inline::Text(t, _)) = v.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t, _)) = v.last_mut() {
        *t = t.trim_end().to_string();
    }
    v.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
    // A space before or after a line break is not seen.
    for k in 0..v.len() {
        if matches!(v[k], Inline::Break) {
            if let Some(Inline::Text(t, _)) = k.checked_sub(1).and_then(|p| v.get_mut(p)) {
                *t = t.trim_end().to_string();
            }
            if let Some(Inline::Text(t, _)) = v.get_mut(k + 1) {
                *t = t.trim_start().to_string();
            }
        }
    }
    v.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
}

/// Appends collapsed text to collapsed text: only where they meet can two
/// spaces fall together (collapsing the whole again for every run of a
/// paragraph made one of many runs quadratic).
fn append_collapsed(prev: &mut String, next: &str) {
    match (prev.ends_with(' '), next.strip_prefix(' ')) {
        (true, Some(rest)) => prev.push_str(rest),
        _ => prev.push_str(next),
    }
}

/// Runs of white space read as one space, in Markdown as in a rendered page.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' || c == '\t' || c == '\n' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The plain text of inlines, for table labels and form fields.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Link { content, .. } => out.push_str(&plain_text(content)),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::CrossRef(id) => {
                out.push_str("[[");
                out.push_str(id);
                out.push_str("]]");
            }
            Inline::Break => out.push(' '),
            Inline::Note(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into(), Style::default())
    }

    fn b(s: &str) -> Inline {
        Inline::Text(s.into(), Style { bold: true, ..Style::default() })
    }

    #[test]
    fn runs_are_joined_and_edges_trimmed() {
        assert_eq!(normalise(vec![t(" de "), t(" "), b("DigiD "), t("site ")]), vec![t("de "), b("DigiD"), t(" site")]);
    }
}
