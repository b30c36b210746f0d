//! YAML with positions, parsed once. `saphyr-parser` (a maintained,
//! pure-Rust YAML 1.2 parser) gives every event its span; this module
//! builds a small tree of nodes from those events, under limits no input
//! gets past (nesting depth, alias expansion), and reads the tree into the
//! schema's structs through serde (`de.rs`). A diagnostic found by the
//! parser, by serde or later by validation points at the node it is about:
//! its exact line and column, inside multi-line flow collections too.

mod de;
pub mod emit;
mod tree;

pub use de::Unknown;
pub use tree::{Cause, Kind, MAX_ALIAS_NODES, MAX_DEPTH, Mark, Node};

use crate::diagnostics::{Diagnostic, Span};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One step in a path through a YAML document.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// One parsed YAML text (a file, or a front-matter block) and where it is.
#[derive(Debug, Clone)]
pub struct Doc {
    pub display: PathBuf,
    /// Line of the file on which the YAML text starts.
    pub first_line: usize,
    root: Node,
}

impl Doc {
    /// Parses `text`; a syntax error, a tab that indents, a duplicate key or
    /// input beyond the limits becomes a diagnostic at its position.
    pub fn parse(text: &str, display: &Path, first_line: usize) -> Result<Doc, Diagnostic> {
        match tree::parse(text) {
            Ok(root) => Ok(Doc { display: display.to_path_buf(), first_line, root }),
            Err(p) => {
                let d = Diagnostic::error(display, span_at(first_line, p.at, 1), p.message);
                // The parser may stop where a tab-indented block begins, a
                // line or more above the tab: any such line from here on.
                let line = text.lines().nth((p.at.line as usize).saturating_sub(1)).unwrap_or("");
                let tab_below = || tree::tab_indented_lines(text).keys().any(|l| *l >= p.at.line);
                if p.cause == Cause::TabIndent || (text.contains('\t') && (line.contains('\t') || tab_below())) {
                    return Err(d.with_help("YAML indents with spaces, not tabs"));
                }
                Err(d)
            }
        }
    }

    pub fn root(&self) -> &Node {
        &self.root
    }

    pub fn error(&self, span: Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.display, span, msg)
    }

    /// Reads the document into `T`. Keys that a struct of `T` does not have
    /// are collected rather than fatal, so a file gets every typo at once;
    /// the first value of the wrong kind ends the reading.
    pub fn read<'a, T: Deserialize<'a>>(&'a self) -> (Result<T, Diagnostic>, Vec<Unknown>) {
        let (result, unknown) = de::read(&self.root);
        let result = result.map_err(|e| {
            let (at, len) = e.at.unwrap_or((Mark { line: 1, col: 0 }, 1));
            self.error(span_at(self.first_line, at, len), e.message())
        });
        (result, unknown)
    }

    /// The position of `node` in the file.
    pub fn span(&self, node: &Node) -> Span {
        self.span_of(node.at, node.len)
    }

    /// A position in the YAML text as a position in the file.
    pub fn span_of(&self, at: Mark, len: u32) -> Span {
        span_at(self.first_line, at, len)
    }

    /// The key at the end of `path` (or the item, for an index). Falls back
    /// to the closest ancestor that exists.
    pub fn key_span(&self, path: &[Seg]) -> Span {
        let (key, value) = self.find(path);
        self.span(key.unwrap_or(value))
    }

    /// The value at the end of `path`, or the closest ancestor that exists.
    pub fn value_span(&self, path: &[Seg]) -> Span {
        self.span(self.find(path).1)
    }

    /// The key (if the last step found is a key) and the value of the
    /// deepest node along `path`.
    fn find(&self, path: &[Seg]) -> (Option<&Node>, &Node) {
        let mut found: (Option<&Node>, &Node) = (None, &self.root);
        for seg in path {
            let next = match (seg, &found.1.kind) {
                (Seg::Key(k), Kind::Map(entries)) => {
                    entries.iter().find(|(key, _)| key.text() == Some(k)).map(|(key, v)| (Some(key), v))
                }
                (Seg::Index(i), Kind::Seq(items)) => items.get(*i).map(|v| (None, v)),
                _ => None,
            };
            match next {
                Some(n) => found = n,
                None => break,
            }
        }
        found
    }
}

/// A top-level key of a YAML text, with the lines that belong to it: a
/// writer that rewrites some keys keeps the other lines as they were.
#[derive(Debug)]
pub struct Section<'d> {
    pub key: &'d Node,
    pub value: &'d Node,
    /// Indices into [`lines`] of the text: from the key's line up to the
    /// next key's, so comments and blank lines belong to the key above.
    pub lines: std::ops::Range<usize>,
    /// One past the value's last line (within `lines`); a block value
    /// may take the comments and blank lines after it along.
    pub value_end: usize,
}

/// The lines of a text without their `\n` (a `\r` stays: kept lines are
/// written back exactly).
pub fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').map(|l| l.strip_suffix('\n').unwrap_or(l)).collect()
}

impl Doc {
    /// The top-level keys of the document in order, with their lines in
    /// `text` (the text parsed). `None` unless the document is a mapping
    /// with each key on a line of its own (block style).
    pub fn sections(&self, text: &str) -> Option<Vec<Section<'_>>> {
        let Kind::Map(entries) = &self.root.kind else {
            return (self.root.is_null()).then(Vec::new);
        };
        let count = lines(text).len();
        let starts: Vec<usize> = entries.iter().map(|(k, _)| (k.at.line as usize).saturating_sub(1)).collect();
        if starts.windows(2).any(|w| w[0] >= w[1]) || starts.last().is_some_and(|l| *l >= count) {
            return None;
        }
        let sections = entries.iter().enumerate().map(|(i, (key, value))| {
            let end = starts.get(i + 1).copied().unwrap_or(count);
            // The parser ends a block value where the next token starts.
            let last =
                if value.end.col == 0 && value.end.line > value.at.line { value.end.line - 1 } else { value.end.line };
            let value_end = (last as usize).clamp(starts[i] + 1, end);
            Section { key, value, lines: starts[i]..end, value_end }
        });
        Some(sections.collect())
    }
}

fn span_at(first_line: usize, at: Mark, len: u32) -> Span {
    Span::new(first_line + (at.line as usize).max(1) - 1, at.col as usize + 1, len as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
status: in-uitvoering
samenvatting: iets
mijlpalen:
  - wanneer: 2022-06
    wat: eerste
    gereed: true
  - wat: tweede
    wanneer: 2023-Q2
bronnen:
- Kamerstuk 1
- Kamerstuk 2
statussen:
  - { sleutel: a, label: b }
";

    fn doc(text: &str) -> Doc {
        Doc::parse(text, Path::new("x.yaml"), 1).unwrap()
    }

    #[test]
    fn finds_top_level_keys() {
        let d = doc(DOC);
        assert_eq!(d.key_span(&[Seg::Key("samenvatting")]), Span::new(2, 1, 12));
        assert_eq!(d.key_span(&[Seg::Key("bronnen")]), Span::new(9, 1, 7));
    }

    #[test]
    fn finds_keys_inside_list_items() {
        let d = doc(DOC);
        let at = |i, k| d.key_span(&[Seg::Key("mijlpalen"), Seg::Index(i), Seg::Key(k)]);
        assert_eq!(at(0, "wanneer"), Span::new(4, 5, 7));
        assert_eq!(at(1, "wanneer"), Span::new(8, 5, 7));
        assert_eq!(at(1, "wat"), Span::new(7, 5, 3));
        assert_eq!(d.value_span(&[Seg::Key("bronnen"), Seg::Index(1)]), Span::new(11, 3, 11));
    }

    #[test]
    fn finds_keys_in_flow_mappings() {
        let d = doc(DOC);
        assert_eq!(d.key_span(&[Seg::Key("statussen"), Seg::Index(0), Seg::Key("label")]), Span::new(13, 19, 5));
    }

    #[test]
    fn finds_items_of_flow_sequences() {
        let d = doc("paginas: [inleiding, leeswijzer]\n");
        assert_eq!(d.value_span(&[Seg::Key("paginas"), Seg::Index(1)]), Span::new(1, 22, 10));
    }

    #[test]
    fn multi_line_flow_collections_are_exact() {
        let d = doc("x: 1\ny: 2\nmijlpalen: [\n  {wanneer: 2022-06, wat: a},\n  {wat: b,\n   wanneer: 2023-13}\n]\n");
        let at = |i, k| d.value_span(&[Seg::Key("mijlpalen"), Seg::Index(i), Seg::Key(k)]);
        assert_eq!(at(1, "wanneer"), Span::new(6, 13, 7));
        assert_eq!(at(0, "wat"), Span::new(4, 27, 1));
        let d = doc("ministeries: {\n  SZW: Sociale Zaken,\n  BZK: \"Binnenlandse Zaken\"\n}\n");
        assert_eq!(d.key_span(&[Seg::Key("ministeries"), Seg::Key("BZK")]), Span::new(3, 3, 3));
        assert_eq!(d.value_span(&[Seg::Key("ministeries"), Seg::Key("BZK")]), Span::new(3, 8, 20));
    }

    #[test]
    fn top_level_list_items() {
        let d = doc("- id: 2.1.A\n  titel: a\n- id: 2.1.B\n  eigenaar: XYZ\n");
        assert_eq!(d.key_span(&[Seg::Index(1), Seg::Key("eigenaar")]), Span::new(4, 3, 8));
        assert_eq!(d.key_span(&[Seg::Index(1), Seg::Key("id")]), Span::new(3, 3, 2));
    }

    #[test]
    fn value_span_is_the_value_as_written_without_comment() {
        let d = Doc::parse("eigenaar: XYZ # note\nkleur: \"#zzz\"\n", Path::new("x.yaml"), 3).unwrap();
        assert_eq!(d.value_span(&[Seg::Key("eigenaar")]), Span::new(3, 11, 3));
        assert_eq!(d.value_span(&[Seg::Key("kleur")]), Span::new(4, 8, 6));
    }

    #[test]
    fn a_missing_step_falls_back_to_the_closest_ancestor() {
        let d = doc(DOC);
        assert_eq!(d.key_span(&[Seg::Key("mijlpalen"), Seg::Index(7), Seg::Key("wat")]), Span::new(3, 1, 9));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
        let err = Doc::parse(bomb, Path::new("x.yaml"), 1).unwrap_err();
        assert!(err.message.contains("too deeply"), "{}", err.message);
        // A few aliases are fine.
        let d = doc("a: &a [x, y]\nb: *a\n");
        assert_eq!(d.value_span(&[Seg::Key("b"), Seg::Index(1)]), Span::new(1, 11, 1));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = Doc::parse(&deep, Path::new("x.yaml"), 1).unwrap_err();
        assert!(err.message.contains("too deeply"), "{}", err.message);
        // The parser stops flow collections 255 deep; block ones stop here.
        assert!(err.span.column <= 256, "{:?}", err.span);
        let block: String = (0..1_000).map(|i| format!("{}-\n", "  ".repeat(i))).collect();
        let err = Doc::parse(&block, Path::new("x.yaml"), 1).unwrap_err();
        assert!(err.message.contains("too deeply"), "{}", err.message);
        assert_eq!(err.span.line, MAX_DEPTH + 1);
    }

    #[test]
    fn a_tab_after_the_colon_separates_as_yaml_allows() {
        let d = doc("status:\tafgerond\nwat:\t\tx\n");
        assert_eq!(d.value_span(&[Seg::Key("status")]), Span::new(1, 9, 8));
        assert_eq!(d.value_span(&[Seg::Key("wat")]), Span::new(2, 7, 1));
        // A file pasted from Word may have one on every line.
        let pasted: String = (0..200).map(|i| format!("k{i}:\tv{i}\n")).collect();
        assert_eq!(doc(&pasted).value_span(&[Seg::Key("k199")]), Span::new(200, 7, 4));
    }

    #[test]
    fn a_tab_that_indents_is_an_error() {
        let err = Doc::parse("\tstatus: afgerond\n", Path::new("x.yaml"), 2).unwrap_err();
        assert_eq!(err.span.line, 2);
        assert_eq!(err.help.as_deref(), Some("YAML indents with spaces, not tabs"));
    }

    #[test]
    fn duplicate_keys_point_at_the_second_one() {
        let err = Doc::parse("a:\n  - b: 1\n    c: 2\n    b: 3\n", Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!(err.span, Span::new(4, 5, 1));
        assert_eq!(err.message, "a[0]: duplicate entry with key \"b\"");
    }

    #[test]
    fn limits_and_tabs_are_decided_without_the_parser_s_wording() {
        // Flow nesting the parser's scanner stops at 255 deep, the tree at
        // MAX_DEPTH: both are ours, at the bracket that went past it.
        let deep = format!("a: {}{}\n", "[".repeat(300), "]".repeat(300));
        let err = Doc::parse(&deep, Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!(err.message, tree::TOO_DEEP);
        assert_eq!(err.span, Span::new(1, 4 + MAX_DEPTH, 1));
        // Brackets in quotes and comments do not count.
        let quoted = format!("a: \"{}\"  # {}\nb: [1, 2\n", "[".repeat(300), "{".repeat(300));
        let err = Doc::parse(&quoted, Path::new("x.yaml"), 1).unwrap_err();
        assert_ne!(err.message, tree::TOO_DEEP);
        // A tab in a block scalar's or a plain scalar's indentation is found
        // in the text, wherever the parser stops.
        for text in ["titel: |\n\tJaarrapport\n", "a: b\n\tc: d\n", "a:\n  - x\n\t- y\n"] {
            let err = Doc::parse(text, Path::new("x.yaml"), 1).unwrap_err();
            assert_eq!(err.help.as_deref(), Some("YAML indents with spaces, not tabs"), "{text:?}: {}", err.message);
        }
    }

    #[test]
    fn sections_are_the_top_level_keys_and_their_lines() {
        let text = "# kop\ntitel: >\n  Jaar 2022\n\n# over jaar\n\"jaar\": 2022\nb: [1,\n 2]\nc:\n  - x\n# c\nd: plain\n  more\n";
        let d = doc(text);
        let s = d.sections(text).unwrap();
        let got: Vec<_> = s.iter().map(|s| (s.key.text().unwrap(), s.lines.clone(), s.value_end)).collect();
        assert_eq!(got, [("titel", 1..5, 4), ("jaar", 5..6, 6), ("b", 6..8, 8), ("c", 8..11, 11), ("d", 11..13, 13)]);
        assert!(doc("{a: 1, b: 2}\n").sections("{a: 1, b: 2}\n").is_none());
        assert_eq!(doc("# leeg\n").sections("# leeg\n").unwrap().len(), 0);
    }
}
