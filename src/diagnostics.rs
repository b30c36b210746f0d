//! Problems found in the content, collected over a whole run and printed
//! together, so a ministry writer sees everything wrong with a file at once.
//!
//! The first line of every diagnostic is the contract of the content format
//! (`path:line:column: error: message`); the source excerpt under it is for
//! people, like cargo and typst print it.

use crate::controls::{one_line, visible, visible_width};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based, counted in characters as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    /// Characters to underline; 0 underlines a single position.
    pub len: usize,
}

impl Span {
    pub fn new(line: usize, column: usize, len: usize) -> Self {
        Span { line, column, len }
    }
    /// The whole file, for problems that have no better place.
    pub fn file() -> Self {
        Span::new(1, 1, 0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The path as the user would type it: the content directory they named
    /// joined with the file's place inside it.
    pub path: PathBuf,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, path: path.into(), span, message: message.into(), help: None }
    }

    pub fn warning(path: impl Into<PathBuf>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, span, message) }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The one-line form of the content contract.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{}:{}:{}: {}: {}", self.path.display(), self.span.line, self.span.column, kind, self.message)
    }
}

/// All diagnostics of a run plus the sources they point into, so that they
/// can be printed with excerpts after loading has finished.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    sources: Vec<(PathBuf, String)>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Remember a file's text so its lines can be quoted under a diagnostic.
    pub fn add_source(&mut self, path: &Path, text: &str) {
        self.sources.push((path.to_path_buf(), text.to_string()));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorted by file and position so the output reads top to bottom and is
    /// the same whatever order files were read in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.path, a.span, &a.message, a.severity).cmp(&(&b.path, b.span, &b.message, b.severity)));
        v.dedup_by(|a, b| a == b);
        v
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every diagnostic with its excerpt, then the summary line. Linear in
    /// the number of diagnostics and the size of the sources: each source
    /// is indexed once, each line found by binary search.
    pub fn render(&self, color: bool) -> String {
        self.render_list(self.sorted(), color)
    }

    /// `render`, with every error before the first warning (each group in
    /// path order): the preview's panel, where the one error must not hide
    /// below a screenful of warnings.
    pub fn render_errors_first(&self, color: bool) -> String {
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            self.sorted().into_iter().partition(|d| d.severity == Severity::Error);
        self.render_list(errors.into_iter().chain(warnings).collect(), color)
    }

    fn render_list(&self, list: Vec<&Diagnostic>, color: bool) -> String {
        let paint = Paint { on: color };
        let mut out = String::new();
        let texts: HashMap<&Path, &str> = self.sources.iter().map(|(p, t)| (p.as_path(), t.as_str())).collect();
        let mut indexes: HashMap<&Path, LineIndex> = HashMap::new();
        for d in list {
            let (kind, style) = match d.severity {
                Severity::Error => ("error", RED),
                Severity::Warning => ("warning", YELLOW),
            };
            // Paths, messages and excerpts quote the content: its control
            // characters are shown escaped, never sent to the terminal.
            let _ = writeln!(
                out,
                "{}:{}:{}: {}: {}",
                one_line(&d.path.display().to_string()),
                d.span.line,
                d.span.column,
                paint.style(style, kind),
                paint.style(BOLD, &one_line(&d.message))
            );
            let src = texts.get(d.path.as_path()).and_then(|text| {
                indexes.entry(d.path.as_path()).or_insert_with(|| LineIndex::new(text)).line(text, d.span.line)
            });
            if let Some(src) = src {
                render_excerpt(&mut out, &paint, src, d, style);
            }
            if let Some(help) = &d.help {
                let _ = writeln!(out, "  = {}: {}", paint.style(CYAN, "help"), one_line(help));
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `2 errors, 1 warning`, or `no problems found`.
    pub fn summary(&self) -> String {
        let e = self.count(Severity::Error);
        let w = self.count(Severity::Warning);
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (e, w) {
            (0, 0) => "no problems found".to_string(),
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Where each line of a text starts: a line, or the line of a byte offset,
/// is then found by binary search instead of by reading the text from its
/// start every time (which made thousands of diagnostics quadratic).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Line `line` (1-based) without its line end, as `str::lines` gives it.
    pub fn line<'a>(&self, text: &'a str, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= text.len() {
            return None;
        }
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        let l = &text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// 1-based line of a byte offset, and the byte where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        (i + 1, self.starts[i])
    }
}

/// Line and column (in characters) of byte offsets into one text. Offsets
/// asked in increasing order cost, all together, one pass over the text:
/// the column is counted on from the previous offset when it is on the
/// same line, so a megabyte-long line with many positions stays linear.
pub struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
    /// The last offset asked, its line and column.
    last: (usize, usize, usize),
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Positions<'a> {
        Positions { text, index: LineIndex::new(text), last: (0, 1, 1) }
    }

    /// 1-based line and column of byte `offset` (clamped to the text, and
    /// to the start of the character it falls in).
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, start) = self.index.line_of(offset);
        let (last_offset, last_line, last_col) = self.last;
        let col = if line == last_line && last_offset >= start && last_offset <= offset {
            last_col + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last = (offset, line, col);
        (line, col)
    }
}

fn render_excerpt(out: &mut String, paint: &Paint, src: &str, d: &Diagnostic, style: &str) {
    // Very long lines (minified text, a 1 MB paragraph) are cut so the
    // terminal stays readable.
    const MAX: usize = 160;
    let shown: Vec<char> = src.chars().take(MAX).collect();
    let line: String = shown.iter().map(|&c| if c == '\t' { ' ' } else { c }).collect();
    let number = d.span.line.to_string();
    let pad = " ".repeat(number.len());
    let _ = writeln!(out, "{pad} {}", paint.style(CYAN, "|"));
    let _ = writeln!(out, "{} {} {}", paint.style(CYAN, &number), paint.style(CYAN, "|"), visible(&line));
    let col = d.span.column.max(1);
    if col <= MAX {
        let width = |cs: &[char]| cs.iter().map(|&c| visible_width(c)).sum::<usize>();
        let end = (col - 1 + d.span.len.max(1)).min(MAX).min(shown.len()).max(col);
        let before = width(&shown[..(col - 1).min(shown.len())]);
        let under = width(shown.get(col - 1..end).unwrap_or(&[])).max(1);
        let marker = format!("{}{}", " ".repeat(before), "^".repeat(under));
        let _ = writeln!(out, "{pad} {} {}", paint.style(CYAN, "|"), paint.style(style, &marker));
    }
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const BOLD: &str = "\x1b[1m";

struct Paint {
    on: bool,
}

impl Paint {
    fn style(&self, code: &str, text: &str) -> String {
        if self.on { format!("{code}{text}\x1b[0m") } else { text.to_string() }
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
pub fn use_color(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// "did you mean" for a misspelt name, when one known name is close enough.
pub fn suggest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_l = given.to_lowercase();
    // One slip of the finger (`SWZ` for `SZW`) or a close spelling (`stauts`).
    known
        .into_iter()
        .map(|k| {
            let k_l = k.to_lowercase();
            (strsim::osa_distance(&given_l, &k_l), strsim::jaro_winkler(&given_l, &k_l), k)
        })
        .filter(|(edits, score, _)| *edits <= 1 || *score > 0.8)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, k)| k)
}

/// Diagnostics go to stderr, coloured only on a terminal; every command
/// that reads content prints them this way.
pub fn print_diagnostics(diags: &Diagnostics) {
    use std::io::{IsTerminal, Write};
    let stderr = std::io::stderr();
    let text = diags.render(use_color(stderr.is_terminal()));
    let _ = stderr.lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_follows_the_contract() {
        let d = Diagnostic::error("content/x.md", Span::new(3, 5, 2), "bad");
        assert_eq!(d.headline(), "content/x.md:3:5: error: bad");
    }

    #[test]
    fn the_preview_shows_errors_before_warnings() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::warning("a.md", Span::new(1, 1, 1), "first warning"));
        ds.push(Diagnostic::error("z.md", Span::new(9, 1, 1), "the error"));
        ds.push(Diagnostic::warning("b.md", Span::new(1, 1, 1), "second warning"));
        let heads: Vec<String> =
            ds.render_errors_first(false).lines().filter(|l| l.contains(".md:")).map(str::to_string).collect();
        assert_eq!(
            heads,
            ["z.md:9:1: error: the error", "a.md:1:1: warning: first warning", "b.md:1:1: warning: second warning"]
        );
        assert!(ds.render(false).starts_with("a.md:1:1: warning"));
        assert!(ds.render_errors_first(false).ends_with("1 error, 2 warnings\n"));
    }

    #[test]
    fn excerpt_underlines_the_span() {
        let mut ds = Diagnostics::default();
        ds.add_source(Path::new("a.md"), "one\nstauts: x\n");
        ds.push(
            Diagnostic::error("a.md", Span::new(2, 1, 6), "unknown field `stauts`").with_help("did you mean `status`?"),
        );
        let text = ds.render(false);
        assert!(text.contains("a.md:2:1: error: unknown field `stauts`"), "{text}");
        assert!(text.contains("2 | stauts: x"), "{text}");
        assert!(text.contains("  | ^^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `status`?"), "{text}");
        assert!(text.ends_with("1 error\n"), "{text}");
    }

    #[test]
    fn positions_and_lines_match_a_scan_from_the_start() {
        let text = "ab\r\ncé[[x]]\n\nlaatste";
        let mut pos = Positions::new(text);
        for offset in (0..=text.len()).chain([3, 1, 100]) {
            let end = (0..=offset.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let before = &text[..end];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |p| p + 1)..].chars().count() + 1;
            assert_eq!(pos.at(offset), (line, col), "offset {offset}");
        }
        let index = LineIndex::new(text);
        for n in 0..6 {
            assert_eq!(index.line(text, n), n.checked_sub(1).and_then(|i| text.lines().nth(i)), "line {n}");
        }
    }

    #[test]
    fn control_characters_are_printed_escaped_and_the_marker_still_fits() {
        let mut ds = Diagnostics::default();
        ds.add_source(Path::new("a\u{1b}]8;;x.md"), "ab\u{1b}[2Jcd\u{7}e\n");
        ds.push(
            Diagnostic::error("a\u{1b}]8;;x.md", Span::new(1, 4, 1), "text holds `\u{1b}`").with_help("not \u{9b}this"),
        );
        let text = ds.render(false);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(text.contains("a\\u{1b}]8;;x.md:1:4: error: text holds `\\u{1b}`"), "{text}");
        assert!(text.contains("1 | ab\\u{1b}[2Jcd\\u{7}e\n"), "{text}");
        // The caret stands under `[`, the character after the escape.
        assert!(text.contains("  |         ^\n"), "{text}");
        assert!(text.contains("= help: not \\u{9b}this"), "{text}");
    }

    #[test]
    fn summary_counts_both_kinds() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("a", Span::file(), "x"));
        ds.push(Diagnostic::error("a", Span::file(), "y"));
        ds.push(Diagnostic::warning("a", Span::file(), "z"));
        assert_eq!(ds.summary(), "2 errors, 1 warning");
    }

    #[test]
    fn suggestion_finds_close_names_only() {
        assert_eq!(suggest("stauts", ["status", "samenvatting"]), Some("status"));
        assert_eq!(suggest("xyz", ["status", "samenvatting"]), None);
        assert_eq!(suggest("SWZ", ["SZW", "BZK", "JenV"]), Some("SZW"));
    }
}
