//! YAML with positions. serde_yaml_ng gives the line and column of syntax
//! and type errors; for problems found later (an unknown ministry, a typo'd
//! field) the `Locator` finds the key again in the text by its path, so
//! every diagnostic can point at the line a writer has to change.

use crate::diagnostics::{Diagnostic, Span, suggest};
use serde::de::DeserializeOwned;
use serde_yaml_ng::Value;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::Path;

/// One step in a path through a YAML document.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// YAML text of one file (or of a front-matter block) and where it starts.
pub struct Doc<'a> {
    pub text: &'a str,
    pub display: &'a Path,
    /// Line of the file on which `text` starts.
    pub first_line: usize,
    /// The text's lines and the list items found in it so far: a catalogue
    /// of thousands of recommendations asks for a position per entry, which
    /// must not mean a scan of the whole file per entry.
    index: Index<'a>,
}

#[derive(Default)]
struct Index<'a> {
    lines: OnceCell<Vec<&'a str>>,
    /// `find_item`'s scan of a region, by (start, end): the indentation of
    /// its items and the line on which each starts.
    items: RefCell<HashMap<(usize, usize), ItemScan>>,
}

type ItemScan = Option<(usize, Vec<usize>)>;

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, display: &'a Path, first_line: usize) -> Self {
        Doc { text, display, first_line, index: Index::default() }
    }

    fn lines(&self) -> &[&'a str] {
        self.index.lines.get_or_init(|| self.text.lines().collect())
    }

    pub fn error(&self, span: Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.display, span, msg)
    }

    /// Parses into `T`; a syntax or type error becomes a diagnostic at its
    /// position. Alias bombs and deep nesting are refused by the parser's own
    /// limits, so no input can hang or exhaust the stack.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        serde_yaml_ng::from_str::<T>(self.text).map_err(|e| self.yaml_error(&e))
    }

    fn yaml_error(&self, e: &serde_yaml_ng::Error) -> Diagnostic {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        let mut msg = e.to_string();
        if let Some(pos) = msg.find(" at line ") {
            msg.truncate(pos);
        }
        let (line, col) = duplicate_key_position(self.text, &msg, line, col).unwrap_or((line, col));
        let msg = friendlier(&msg);
        let d = self.error(Span::new(self.first_line + line - 1, col, 1), msg);
        let tab_on_line = self.text.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains('\t'));
        if self.text.contains('\t') && (e.to_string().contains("tab") || tab_on_line) {
            return d.with_help("YAML indents with spaces, not tabs");
        }
        d
    }

    /// Span of the key at the end of `path` (or of the list item), relative
    /// to the whole file. Falls back to the closest ancestor it can find.
    pub fn key_span(&self, path: &[Seg]) -> Span {
        let found = locate_in(self.lines(), &self.index.items, path);
        Span::new(self.first_line + found.line - 1, found.column, found.len)
    }

    /// Span of the value after `key:` at the end of `path`.
    pub fn value_span(&self, path: &[Seg]) -> Span {
        let k = self.key_span(path);
        // A list item is its own value.
        if matches!(path.last(), Some(Seg::Index(_))) {
            return k;
        }
        let line_text = self.lines().get(k.line - self.first_line).copied().unwrap_or("");
        let chars: Vec<char> = line_text.chars().collect();
        let mut col = k.column - 1 + k.len;
        if matches!(path.last(), Some(Seg::Key(_))) {
            while col < chars.len()
                && (chars[col] == ':' || chars[col] == ' ' || chars[col] == '"' || chars[col] == '\'')
            {
                col += 1;
            }
        }
        if col >= chars.len() {
            return k;
        }
        let rest: String = chars[col..].iter().collect();
        let len = rest
            .split(" #")
            .next()
            .unwrap_or("")
            .trim_end()
            .trim_end_matches(['"', '\'', ',', '}', ']'])
            .chars()
            .count();
        Span::new(k.line, col + 1, len.max(1))
    }

    /// Every key of the mapping at `path` that is not in `known`, as an
    /// error with a did-you-mean when a known key is close.
    pub fn unknown_fields(&self, value: &Value, path: &[Seg], known: &[&str], what: &str) -> Vec<Diagnostic> {
        let Value::Mapping(map) = value else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for key in map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => scalar_text(other).unwrap_or_else(|| "?".into()),
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let mut p = path.to_vec();
            p.push(Seg::Key(&name));
            let mut d = self.error(self.key_span(&p), format!("unknown field `{name}` in {what}"));
            d = match suggest(&name, known.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("the fields of {what} are: {}", known.join(", "))),
            };
            out.push(d);
        }
        out
    }
}

/// serde_yaml_ng places a duplicate key at the start of its mapping (1-based
/// `line`, `col`); the line the writer has to change is the second one.
fn duplicate_key_position(text: &str, msg: &str, line: usize, col: usize) -> Option<(usize, usize)> {
    let key = msg.split_once("duplicate entry with key \"")?.1.strip_suffix('"')?;
    let at = col.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        if i >= line && !is_blank(l) && content_col(l, 0) < at {
            break;
        }
        if !is_blank(l) && key_col(l, 0) == at && key_at(l, at, key) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, col));
            }
        }
    }
    None
}

/// Turns the parser's wording into words a ministry writer understands.
fn friendlier(msg: &str) -> String {
    if msg.contains("repetition limit exceeded") || msg.contains("recursion limit exceeded") {
        return "YAML is nested or repeated too deeply (aliases or nesting beyond the limit); \
                write the values out plainly"
            .into();
    }
    if let Some((field, rest)) = msg.split_once("invalid type: ") {
        let field = field.trim_end_matches([':', ' ']);
        return if field.is_empty() {
            format!("wrong kind of value: {rest}")
        } else {
            format!("wrong kind of value for `{field}`: {rest}")
        };
    }
    msg.to_string()
}

/// A scalar as text, for fields where YAML's typing gets in the way
/// (`wanneer: 2024` is a number to YAML, a year to us).
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A YAML scalar of any kind, read as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match scalar_text(&v) {
            Some(s) => Ok(Text(s)),
            None => Err(serde::de::Error::custom(
                "expected a single value (text, a date or a number), not a list or mapping",
            )),
        }
    }
}

/// Position (1-based, relative to `text`) of the key or item at `path`.
#[cfg(test)]
pub(crate) fn locate(text: &str, path: &[Seg]) -> Span {
    let lines: Vec<&str> = text.lines().collect();
    locate_in(&lines, &RefCell::default(), path)
}

fn locate_in(lines: &[&str], items: &RefCell<HashMap<(usize, usize), ItemScan>>, path: &[Seg]) -> Span {
    let mut region = Region { start: 0, end: lines.len(), skip_first: 0 };
    let mut best = first_content_line(lines).map_or(Span::new(1, 1, 0), |(i, c)| Span::new(i + 1, c + 1, 0));
    for seg in path {
        let next = match seg {
            Seg::Key(k) => find_key(lines, &region, k),
            Seg::Index(i) => find_item(lines, &region, *i, items),
        };
        match next {
            Some((span, sub)) => {
                best = span;
                region = sub;
            }
            None => {
                // A key inside a flow mapping on the parent's line: `{ a: 1, b: 2 }`.
                let line = lines.get(best.line.saturating_sub(1)).copied().unwrap_or("");
                match seg {
                    Seg::Key(k) => {
                        if let Some(col) = find_in_line(line, k) {
                            best = Span::new(best.line, col + 1, k.chars().count());
                        }
                    }
                    // An item of a flow sequence on the key's line: `[a, b]`.
                    Seg::Index(i) => {
                        if let Some((col, len)) = flow_item(line, best.column - 1, *i) {
                            best = Span::new(best.line, col + 1, len);
                        }
                    }
                }
                break;
            }
        }
    }
    best
}

#[derive(Clone, Copy, Debug)]
struct Region {
    start: usize,
    end: usize,
    /// Characters to skip on the first line (`- ` of a list item).
    skip_first: usize,
}

fn is_blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Character column where the line's content starts, after `skip` chars.
fn content_col(line: &str, skip: usize) -> usize {
    skip + line.chars().skip(skip).take_while(|c| *c == ' ').count()
}

fn first_content_line(lines: &[&str]) -> Option<(usize, usize)> {
    lines.iter().enumerate().find(|(_, l)| !is_blank(l)).map(|(i, l)| (i, content_col(l, 0)))
}

/// Where the mapping key starts on a line: after indentation and `- `.
fn key_col(line: &str, skip: usize) -> usize {
    let mut col = content_col(line, skip);
    let chars: Vec<char> = line.chars().collect();
    while col + 1 < chars.len() && chars[col] == '-' && chars[col + 1] == ' ' {
        col = content_col(line, col + 2);
    }
    col
}

fn key_at(line: &str, col: usize, key: &str) -> bool {
    let rest: String = line.chars().skip(col).collect();
    let rest = rest.trim_start_matches(['"', '\'']);
    match rest.strip_prefix(key) {
        Some(after) => after.trim_start_matches(['"', '\'']).trim_start().starts_with(':'),
        None => false,
    }
}

/// Column and length (in characters) of item `index` of the flow sequence
/// that starts after column `from` of `line`.
fn flow_item(line: &str, from: usize, index: usize) -> Option<(usize, usize)> {
    let chars: Vec<char> = line.chars().collect();
    let open = (from..chars.len()).find(|&i| chars[i] == '[')?;
    let mut start = open + 1;
    let mut n = 0;
    for i in open + 1..=chars.len() {
        let end = i == chars.len() || chars[i] == ',' || chars[i] == ']';
        if !end {
            continue;
        }
        if n == index {
            let item: String = chars[start..i].iter().collect();
            let lead = item.chars().take_while(|c| *c == ' ').count();
            return Some((start + lead, item.trim().chars().count().max(1)));
        }
        n += 1;
        start = i + 1;
        if i < chars.len() && chars[i] == ']' {
            break;
        }
    }
    None
}

fn find_in_line(line: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = line[from..].find(key) {
        let at = from + pos;
        let before_ok = at == 0 || matches!(line.as_bytes()[at - 1], b' ' | b'{' | b',' | b'"' | b'\'');
        if before_ok && key_at(line, line[..at].chars().count(), key) {
            return Some(line[..at].chars().count());
        }
        from = at + key.len();
    }
    None
}

fn find_key(lines: &[&str], r: &Region, key: &str) -> Option<(Span, Region)> {
    let mut base: Option<usize> = None;
    for i in r.start..r.end {
        let line = lines[i];
        if is_blank(line) && i != r.start {
            continue;
        }
        let skip = if i == r.start { r.skip_first } else { 0 };
        if is_blank(&line.chars().skip(skip).collect::<String>()) {
            continue;
        }
        let col = key_col(line, skip);
        let b = *base.get_or_insert(col);
        if col < b {
            break;
        }
        if col == b && key_at(line, col, key) {
            // The value: this line and every following line indented deeper,
            // or a list at the same indent (`key:\n- a`).
            let mut end = i + 1;
            while end < r.end {
                let l = lines[end];
                if !is_blank(l) {
                    let c = content_col(l, 0);
                    if c < b || (c == b && !l.trim_start().starts_with("- ") && l.trim() != "-") {
                        break;
                    }
                }
                end += 1;
            }
            let span = Span::new(i + 1, col + 1, key.chars().count());
            return Some((span, Region { start: i + 1, end, skip_first: 0 }));
        }
    }
    None
}

fn find_item(
    lines: &[&str],
    r: &Region,
    index: usize,
    cache: &RefCell<HashMap<(usize, usize), ItemScan>>,
) -> Option<(Span, Region)> {
    let mut cache = cache.borrow_mut();
    let scan = cache.entry((r.start, r.end)).or_insert_with(|| scan_items(lines, r));
    let (b, starts) = scan.as_ref()?;
    let b = *b;
    let start = *starts.get(index)?;
    let end = starts.get(index + 1).copied().unwrap_or(r.end);
    let span = Span::new(start + 1, b + 1, 1);
    Some((span, Region { start, end, skip_first: b + 2 }))
}

/// The indentation of the region's items (that of its first content line)
/// and the line on which each item starts.
fn scan_items(lines: &[&str], r: &Region) -> ItemScan {
    let mut base: Option<usize> = None;
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate().take(r.end).skip(r.start) {
        if is_blank(line) {
            continue;
        }
        let col = content_col(line, 0);
        let b = *base.get_or_insert(col);
        if col == b && line.trim_start().starts_with('-') {
            starts.push(i);
        }
    }
    Some((base?, starts))
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

    #[test]
    fn finds_top_level_keys() {
        assert_eq!(locate(DOC, &[Seg::Key("samenvatting")]), Span::new(2, 1, 12));
        assert_eq!(locate(DOC, &[Seg::Key("bronnen")]), Span::new(9, 1, 7));
    }

    #[test]
    fn finds_keys_inside_list_items() {
        assert_eq!(locate(DOC, &[Seg::Key("mijlpalen"), Seg::Index(0), Seg::Key("wanneer")]), Span::new(4, 5, 7));
        assert_eq!(locate(DOC, &[Seg::Key("mijlpalen"), Seg::Index(1), Seg::Key("wanneer")]), Span::new(8, 5, 7));
        assert_eq!(locate(DOC, &[Seg::Key("mijlpalen"), Seg::Index(1), Seg::Key("wat")]), Span::new(7, 5, 3));
        assert_eq!(locate(DOC, &[Seg::Key("bronnen"), Seg::Index(1)]), Span::new(11, 1, 1));
    }

    #[test]
    fn finds_keys_in_flow_mappings() {
        assert_eq!(locate(DOC, &[Seg::Key("statussen"), Seg::Index(0), Seg::Key("label")]), Span::new(13, 19, 5));
    }

    #[test]
    fn finds_items_of_flow_sequences() {
        let doc = "paginas: [inleiding, leeswijzer]\n";
        assert_eq!(locate(doc, &[Seg::Key("paginas"), Seg::Index(1)]), Span::new(1, 22, 10));
    }

    #[test]
    fn top_level_list_items() {
        let doc = "- id: 2.1.A\n  titel: a\n- id: 2.1.B\n  eigenaar: XYZ\n";
        assert_eq!(locate(doc, &[Seg::Index(1), Seg::Key("eigenaar")]), Span::new(4, 3, 8));
        assert_eq!(locate(doc, &[Seg::Index(1), Seg::Key("id")]), Span::new(3, 3, 2));
    }

    #[test]
    fn value_span_points_after_the_colon() {
        let path = Path::new("x.yaml");
        let doc = Doc::new("eigenaar: XYZ # note\n", path, 3);
        assert_eq!(doc.value_span(&[Seg::Key("eigenaar")]), Span::new(3, 11, 3));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
        let doc = Doc::new(bomb, Path::new("x.yaml"), 1);
        let err = doc.parse::<Value>().unwrap_err();
        assert!(err.message.contains("too deeply"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let doc = Doc::new(&deep, Path::new("x.yaml"), 1);
        assert!(doc.parse::<Value>().is_err());
    }
}
