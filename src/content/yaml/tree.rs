//! The tree of one YAML text, built from saphyr-parser's events. Every node
//! keeps where it starts; the limits are enforced while the events come
//! in, so a hostile file is refused before it costs memory or stack.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};
use std::collections::{HashMap, HashSet};

/// Deeper than any file of the format, shallow enough that neither serde's
/// recursion over the tree nor dropping it can exhaust a thread's stack.
pub const MAX_DEPTH: usize = 128;

/// Nodes that aliases may add to the ones written (a billion-laughs file
/// adds billions); real content uses a few aliases or none.
pub const MAX_ALIAS_NODES: usize = 10_000;

/// How often a tab after `key:` is made a space and the text parsed again.
const MAX_TAB_FIXES: usize = 256;

/// The plain scalars that are null in YAML 1.2's core schema.
pub const NULLS: [&str; 5] = ["", "~", "null", "Null", "NULL"];

/// A position in the YAML text: line from 1, column in characters from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub line: u32,
    pub col: u32,
}

impl From<&Marker> for Mark {
    fn from(m: &Marker) -> Self {
        Mark { line: m.line() as u32, col: m.col() as u32 }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    /// Where the node starts (at the opening quote of a quoted scalar).
    pub at: Mark,
    /// Characters to underline on its first line.
    pub len: u32,
    /// Just past its last character, as the parser saw it.
    pub end: Mark,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// `plain` unless quoted, a block scalar or tagged `!!str`: only a plain
    /// scalar can be a number, a boolean or null.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// In the order written; keys are unique.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a scalar.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A plain empty scalar, `~` or `null`: YAML's null.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if NULLS.contains(&text.as_str()))
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _)| k.text() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    fn empty(at: Mark) -> Node {
        Node { at, len: 0, end: at, kind: Kind::Scalar { text: String::new(), plain: true } }
    }
}

/// What is wrong with a text, and where.
#[derive(Debug)]
pub struct Problem {
    pub at: Mark,
    pub message: String,
    pub cause: Cause,
}

/// What kind of problem, decided here from the text and our own limits:
/// never from the wording of the parser's messages, which may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Anything else the parser or the tree refuses.
    Syntax,
    /// Nested or aliased beyond `MAX_DEPTH` or `MAX_ALIAS_NODES`.
    TooDeep,
    /// A line indented with a tab.
    TabIndent,
}

/// What a writer reads when the input is beyond the limits.
pub const TOO_DEEP: &str = "YAML is nested or repeated too deeply (aliases or nesting beyond the limit); \
                            write the values out plainly";

fn problem(at: Mark, message: impl Into<String>) -> Problem {
    Problem { at, message: message.into(), cause: Cause::Syntax }
}

fn too_deep(at: Mark) -> Problem {
    Problem { at, message: TOO_DEEP.into(), cause: Cause::TooDeep }
}

/// The parser's own problem. Its scanner reads ahead of the events inside
/// flow collections, so it may hit its nesting limit (255) before the tree
/// sees `MAX_DEPTH`: flow collections open that deep before the error are
/// our limit, at the bracket that passed it.
fn scan_problem(e: &ScanError, text: &str) -> Problem {
    let at = Mark::from(e.marker());
    match flow_too_deep(text, at) {
        Some(deep) => too_deep(deep),
        None => problem(at, e.info()),
    }
}

/// The first `[` or `{` before `until` that opens more than `MAX_DEPTH`
/// flow collections, outside quotes and comments.
fn flow_too_deep(text: &str, until: Mark) -> Option<Mark> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (line, l) in (1u32..).zip(text.lines()) {
        if line > until.line {
            break;
        }
        let mut prev = ' ';
        let mut chars = l.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            if line == until.line && col as u32 >= until.col {
                break;
            }
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev == ' ' || prev == '\t' => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(Mark { line, col: col as u32 });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// Whether the tabs just before `at` follow a colon: `key:\tvalue`, a
/// separation YAML allows and the parser does not always.
fn tab_after_colon(text: &str, at: Mark) -> bool {
    let Some(line) = (at.line as usize).checked_sub(1).and_then(|i| text.lines().nth(i)) else { return false };
    let before: String = line.chars().take(at.col as usize).collect();
    let gap = before.len() - before.trim_end_matches([' ', '\t']).len();
    gap > 0 && before[before.len() - gap..].contains('\t') && before[..before.len() - gap].ends_with(':')
}

/// Parses one YAML document into its tree.
///
/// YAML 1.2 lets a tab separate `key:` from its value (`status:\tafgerond`,
/// as text pasted from Word has it), but saphyr-parser refuses a tab that is
/// directly followed by a letter there. Such a tab is made a space (same
/// length, so every position stays) and the text parsed again.
pub fn parse(text: &str) -> Result<Node, Problem> {
    // The same for every try: a tab made a space keeps every position.
    let tab_lines = text.contains('\t').then(|| tab_indented_lines(text));
    let mut fixed: Option<String> = None;
    for _ in 0..MAX_TAB_FIXES {
        match build(fixed.as_deref().unwrap_or(text), tab_lines.as_ref()) {
            Err(p) if p.cause == Cause::Syntax && tab_after_colon(fixed.as_deref().unwrap_or(text), p.at) => {
                if !untab_before(fixed.get_or_insert_with(|| text.to_string()), p.at) {
                    return Err(p);
                }
            }
            done => return done,
        }
    }
    build(fixed.as_deref().unwrap_or(text), tab_lines.as_ref())
}

/// Makes the tabs just before `at` (back to the colon) spaces; false when
/// there are none.
fn untab_before(text: &mut String, at: Mark) -> bool {
    let Some(skip) = (at.line as usize).checked_sub(1) else { return false };
    let line_start: usize = text.split_inclusive('\n').take(skip).map(str::len).sum();
    let line = &text[line_start..];
    let mut i = line_start + line.char_indices().nth(at.col as usize).map_or(line.len(), |(i, _)| i);
    let mut changed = false;
    while i > line_start && matches!(text.as_bytes()[i - 1], b'\t' | b' ') {
        if text.as_bytes()[i - 1] == b'\t' {
            text.replace_range(i - 1..i, " ");
            changed = true;
        }
        i -= 1;
    }
    changed
}

fn build(text: &str, tab_lines: Option<&HashMap<u32, u32>>) -> Result<Node, Problem> {
    let mut b = Builder::default();
    let mut documents = 0;
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_problem(&e, text))?;
        let at = Mark::from(&span.start);
        let one_line = span.start.line() == span.end.line();
        let width = if one_line { span.end.col().saturating_sub(span.start.col()) as u32 } else { 1 };
        if let (Some(lines), 0) = (tab_lines, b.flow_depth) {
            let starts_node = matches!(
                event,
                Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(_)
            );
            if starts_node && lines.get(&at.line) == Some(&at.col) {
                let at = Mark { line: at.line, col: 0 };
                return Err(Problem {
                    at,
                    message: "this line is indented with a tab".into(),
                    cause: Cause::TabIndent,
                });
            }
        }
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(problem(at, "a second YAML document; a file holds one, so remove this `---`"));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let forced = core_tag(tag.as_deref(), at)?;
                let plain = style == ScalarStyle::Plain && forced != Some("str");
                let (end, kind) = (Mark::from(&span.end), Kind::Scalar { text: value.into_owned(), plain });
                b.complete(Node { at, len: width, end, kind }, 1, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                core_tag(tag.as_deref(), at)?;
                b.open(at, width, span.start.index() != span.end.index(), anchor, Items::Seq(Vec::new()))?;
            }
            Event::MappingStart(anchor, tag) => {
                core_tag(tag.as_deref(), at)?;
                let items = Items::Map { entries: Vec::new(), key: None, seen: None };
                b.open(at, width.min(1), span.start.index() != span.end.index(), anchor, items)?;
            }
            Event::SequenceEnd | Event::MappingEnd => b.close(Mark::from(&span.end))?,
            Event::Alias(id) => b.alias(id, at, width, Mark::from(&span.end))?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(b.root.unwrap_or_else(|| Node::empty(Mark { line: 1, col: 0 })))
}

/// The suffix of a tag of YAML's core schema (`!!str` → `str`); any other
/// tag (`!!binary`, `!local`) is refused, as the format has no use for it.
fn core_tag(tag: Option<&Tag>, at: Mark) -> Result<Option<&'static str>, Problem> {
    const CORE: [&str; 7] = ["str", "int", "float", "bool", "null", "seq", "map"];
    let Some(tag) = tag else { return Ok(None) };
    match CORE.iter().find(|c| tag.is_yaml_core_schema() && tag.suffix == **c) {
        Some(c) => Ok(Some(c)),
        None => Err(problem(at, format!("the YAML tag `{tag}` is not used in this format; remove it"))),
    }
}

/// The lines whose indentation holds a tab: line number → characters of
/// indentation. YAML forbids tabs there, but the parser lets some pass.
pub fn tab_indented_lines(text: &str) -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let lead = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
        let rest = line.trim_start_matches([' ', '\t']);
        if line[..line.len() - rest.len()].contains('\t') && !rest.is_empty() && !rest.starts_with('#') {
            out.insert(i as u32 + 1, lead as u32);
        }
    }
    out
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    /// Open flow collections (`[`, `{`): inside them tabs may indent.
    flow_depth: usize,
    /// Completed anchored nodes and their sizes, by anchor id.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes added by aliases so far.
    aliased: usize,
    root: Option<Node>,
}

/// A collection whose end has not been seen yet.
struct Open {
    at: Mark,
    len: u32,
    flow: bool,
    anchor: usize,
    /// Nodes in it so far, itself included.
    size: usize,
    items: Items,
}

enum Items {
    Seq(Vec<Node>),
    /// `key`: a key whose value is still to come; `seen`: the keys, once
    /// the mapping is large enough that a linear search would be slow.
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        seen: Option<HashSet<String>>,
    },
}

impl Builder {
    fn open(&mut self, at: Mark, len: u32, flow: bool, anchor: usize, items: Items) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(at));
        }
        self.flow_depth += usize::from(flow);
        self.stack.push(Open { at, len, flow, anchor, size: 1, items });
        Ok(())
    }

    /// Ends the innermost collection; `end` is just past its last character.
    fn close(&mut self, end: Mark) -> Result<(), Problem> {
        let Some(mut open) = self.stack.pop() else { return Ok(()) };
        // A flow collection on one line is underlined whole: `[2030]`.
        if open.flow && end.line == open.at.line {
            open.len = end.col.saturating_sub(open.at.col);
        }
        self.flow_depth -= usize::from(open.flow);
        let kind = match open.items {
            Items::Seq(items) => Kind::Seq(items),
            Items::Map { entries, .. } => Kind::Map(entries),
        };
        self.complete(Node { at: open.at, len: open.len, end, kind }, open.size, open.anchor)
    }

    fn alias(&mut self, id: usize, at: Mark, len: u32, end: Mark) -> Result<(), Problem> {
        let Some((node, size)) = self.anchors.get(&id) else {
            return Err(problem(at, "this alias names no anchor defined before it"));
        };
        self.aliased += size;
        if self.aliased > MAX_ALIAS_NODES {
            return Err(too_deep(at));
        }
        let (node, size) = (Node { at, len, end, ..node.clone() }, *size);
        self.complete(node, size, 0)
    }

    /// Adds a finished node to the collection it is in.
    fn complete(&mut self, node: Node, size: usize, anchor: usize) -> Result<(), Problem> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        open.size += size;
        match &mut open.items {
            Items::Seq(items) => items.push(node),
            Items::Map { entries, key, seen } => match key.take() {
                None => *key = Some(node),
                Some(k) if is_duplicate(entries, seen, &k) => return Err(self.duplicate(&k)),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    /// serde_yaml_ng's wording, at the second key: the one to change.
    fn duplicate(&self, key: &Node) -> Problem {
        let path = Path(&self.stack);
        let prefix = if path.is_empty() { String::new() } else { format!("{path}: ") };
        problem(key.at, format!("{prefix}duplicate entry with key \"{}\"", key.text().unwrap_or_default()))
    }
}

/// The path to the innermost open collection, as `mijlpalen[0]`.
struct Path<'a>(&'a [Open]);

impl Path<'_> {
    fn is_empty(&self) -> bool {
        self.0.len() <= 1
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let outer = &self.0[..self.0.len().saturating_sub(1)];
        for (i, open) in outer.iter().enumerate() {
            match &open.items {
                Items::Seq(items) => write!(f, "[{}]", items.len())?,
                Items::Map { key, .. } => {
                    let name = key.as_ref().and_then(Node::text).unwrap_or("?");
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(name)?;
                }
            }
        }
        Ok(())
    }
}

fn is_duplicate(entries: &[(Node, Node)], seen: &mut Option<HashSet<String>>, key: &Node) -> bool {
    let Some(k) = key.text() else { return false };
    if entries.len() < 16 {
        return entries.iter().any(|(e, _)| e.text() == Some(k));
    }
    let set = seen.get_or_insert_with(|| entries.iter().filter_map(|(e, _)| e.text().map(String::from)).collect());
    !set.insert(k.to_string())
}
