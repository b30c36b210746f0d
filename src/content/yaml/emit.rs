//! Writing YAML: the other half of the reader beside it. Every front-matter
//! block and YAML file jaarrapport writes goes through here, with one rule
//! for strings, checked against the reader itself: plain when the reader
//! reads that very text back as the same string, else double-quoted.
//! Block style only, one line per `key: value` or list item, so a writer
//! can tag each line with where it came from.

use super::tree::{self, Kind, Node};

/// A value on a `key: value` line or after a list item's `- `.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// Text: written plain or double-quoted, see [`scalar`].
    Str(&'a str),
    /// A number, a boolean or a date the caller made: written as is.
    Bare(&'a str),
    /// Text always double-quoted: a period such as `2023-Q4`, which a
    /// person editing the file could take for a date or a sum.
    Quoted(&'a str),
}

impl Value<'_> {
    fn written(&self) -> String {
        match self {
            Value::Str(s) => scalar(s),
            Value::Bare(s) => s.to_string(),
            Value::Quoted(s) => quoted(s),
        }
    }
}

/// A string as a YAML scalar: plain when that reads back as the same
/// string, else double-quoted with escapes.
pub fn scalar(s: &str) -> String {
    if reads_back_plain(s) { s.to_string() } else { quoted(s) }
}

/// A string as a scalar inside `{ }` or `[ ]`, where a comma ends a plain one.
pub fn flow_scalar(s: &str) -> String {
    if s.contains(',') { quoted(s) } else { scalar(s) }
}

/// Whether `s`, written plain, is read back as the string `s` by our
/// reader; what YAML 1.1 reads as a boolean (`yes`, `no`, `on`, `off`) or
/// a number (`1:30` sexagesimal, `1_000`, `0b101`, `0o7`, `0x1f`) is
/// quoted too, as people and older tools read them so. A date stays
/// plain, as the editors write them (`peildatum: 2030-12-01`): YAML 1.2
/// reads it as text.
fn reads_back_plain(s: &str) -> bool {
    let first_is_text = s.chars().next().is_some_and(|c| c.is_alphanumeric() || "(€".contains(c));
    let yaml_1_1 = ["yes", "no", "on", "off", "y", "n", "true", "false", "null"];
    if !first_is_text
        || yaml_1_1_number(s)
        || s.trim() != s
        || s.chars().any(|c| "{}[]&*!|>'\"%@`\\".contains(c) || c.is_control() || is_break_like(c))
        || yaml_1_1.contains(&s.to_lowercase().as_str())
    {
        return false;
    }
    match tree::parse(s) {
        Ok(Node { kind: Kind::Scalar { text, plain: true }, .. }) => text == s && super::de::is_plain_string(s),
        _ => false,
    }
}

/// Text a YAML 1.1 reader takes for a number: digits (and signs, points)
/// with `:` between groups (sexagesimal) or `_` between digits, or a
/// `0b`, `0o`, `0x` prefix.
fn yaml_1_1_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let numeric = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_');
    let prefixed = ["0b", "0o", "0x"].iter().any(|p| body.get(..2).is_some_and(|h| h.eq_ignore_ascii_case(p)))
        && body.len() > 2
        && body[2..].chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    let grouped = (body.contains(':') || body.contains('_')) && body.split(':').all(numeric);
    prefixed || grouped
}

/// Characters some readers take for the end of a line.
fn is_break_like(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// YAML's double-quoted style; every character that is not printable as
/// itself is escaped.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_break_like(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML text built line by line, each line tagged (with the place in a
/// Word form it came from, say; `()` when nothing needs to know).
#[derive(Debug)]
pub struct Writer<T> {
    text: String,
    tags: Vec<T>,
}

impl<T: Clone> Default for Writer<T> {
    fn default() -> Self {
        Writer { text: String::new(), tags: Vec::new() }
    }
}

impl<T: Clone> Writer<T> {
    fn line(&mut self, indent: usize, s: &str, tag: &T) {
        self.text.extend(std::iter::repeat_n(' ', indent));
        self.text.push_str(s);
        self.text.push('\n');
        self.tags.push(tag.clone());
    }

    /// `---`, the fence of a front-matter block.
    pub fn fence(&mut self, tag: &T) {
        self.line(0, "---", tag);
    }

    /// `# text`, one comment line per line of `text`.
    pub fn comment(&mut self, indent: usize, text: &str, tag: &T) {
        for l in text.lines() {
            let l = if l.is_empty() { "#".to_string() } else { format!("# {l}") };
            self.line(indent, &l, tag);
        }
    }

    /// `key: value`.
    pub fn field(&mut self, indent: usize, key: &str, value: Value, tag: &T) {
        self.line(indent, &format!("{}: {}", scalar(key), value.written()), tag);
    }

    /// `key:`, with a list or mapping on the lines after it.
    pub fn open(&mut self, indent: usize, key: &str, tag: &T) {
        self.line(indent, &format!("{}:", scalar(key)), tag);
    }

    /// `- value`.
    pub fn item(&mut self, indent: usize, value: Value, tag: &T) {
        self.line(indent, &format!("- {}", value.written()), tag);
    }

    /// A list item that is a mapping: `- key: value`, its other fields
    /// below it, aligned.
    pub fn item_fields(&mut self, indent: usize, fields: &[(&str, Value)], tag: &T) {
        for (i, (key, value)) in fields.iter().enumerate() {
            let dash = if i == 0 { "- " } else { "  " };
            self.line(indent, &format!("{dash}{}: {}", scalar(key), value.written()), tag);
        }
    }

    /// Lines of YAML kept as they were written (found by parsing them).
    pub fn verbatim(&mut self, lines: &[&str], tag: &T) {
        for l in lines {
            self.line(0, l, tag);
        }
    }

    /// Another writer's lines, each with `#` before it: an example to fill in.
    pub fn commented_out(&mut self, example: Writer<T>) {
        for (l, tag) in example.text.lines().zip(example.tags) {
            self.line(0, &format!("#{l}"), &tag);
        }
    }

    /// Lines written so far.
    pub fn lines(&self) -> usize {
        self.tags.len()
    }

    pub fn finish(self) -> (String, Vec<T>) {
        (self.text, self.tags)
    }
}

impl Writer<()> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(self) -> String {
        self.text
    }
}

/// A value of a serde type, as the emitter writes it: the files with one
/// set of types both ways (`uitvraag.yaml`, `archief/*-overgenomen.yaml`)
/// are written from their `Serialize` side through the same rule as front
/// matter, in the order of their fields.
#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Null,
    Str(String),
    /// A number or a boolean.
    Bare(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

/// `header` (comment lines, as written) and `value` in block YAML.
pub fn document<T: serde::Serialize>(header: &str, value: &T) -> Result<String, String> {
    let tree = value.serialize(TreeSerializer).map_err(|e| e.0)?;
    let mut w = Writer::new();
    for l in header.lines() {
        w.line(0, l, &());
    }
    match &tree {
        Tree::Map(entries) => write_entries(&mut w, 0, entries, None),
        other => return Err(format!("a YAML document is a mapping, not {other:?}")),
    }
    Ok(w.text())
}

/// A mapping's entries at `indent`; `dash` puts `- ` before the first (an
/// item of a list).
fn write_entries(w: &mut Writer<()>, indent: usize, entries: &[(String, Tree)], mut dash: Option<usize>) {
    for (key, value) in entries {
        let (at, lead) = match dash.take() {
            Some(d) => (d, "- "),
            None => (indent, ""),
        };
        let key = scalar(key);
        match value {
            Tree::Seq(items) if !items.is_empty() => {
                w.line(at, &format!("{lead}{key}:"), &());
                write_items(w, indent, items);
            }
            Tree::Map(inner) if !inner.is_empty() => {
                w.line(at, &format!("{lead}{key}:"), &());
                write_entries(w, indent + 2, inner, None);
            }
            leaf => w.line(at, &format!("{lead}{key}: {}", leaf_text(leaf)), &()),
        }
    }
}

/// A list's items, with their dash at `indent` (under a key at the same
/// indentation, as YAML allows and most writers do).
fn write_items(w: &mut Writer<()>, indent: usize, items: &[Tree]) {
    for item in items {
        match item {
            Tree::Map(entries) if !entries.is_empty() => write_entries(w, indent + 2, entries, Some(indent)),
            Tree::Seq(inner) if !inner.is_empty() => {
                w.line(indent, "-", &());
                write_items(w, indent + 2, inner);
            }
            leaf => w.line(indent, &format!("- {}", leaf_text(leaf)), &()),
        }
    }
}

fn leaf_text(leaf: &Tree) -> String {
    match leaf {
        Tree::Null => "null".into(),
        Tree::Str(s) => scalar(s),
        Tree::Bare(s) => s.clone(),
        Tree::Seq(_) => "[]".into(),
        Tree::Map(_) => "{}".into(),
    }
}

#[derive(Debug)]
pub struct SerError(String);

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl serde::ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

struct TreeSerializer;

/// A list or a mapping being serialized; `key` waits for its value.
struct Collect {
    items: Vec<Tree>,
    entries: Vec<(String, Tree)>,
    key: Option<String>,
}

impl Collect {
    fn new() -> Self {
        Collect { items: Vec::new(), entries: Vec::new(), key: None }
    }
}

type R = Result<Tree, SerError>;

fn unsupported(what: &str) -> R {
    Err(SerError(format!("{what} cannot be written as YAML by jaarrapport")))
}

impl serde::Serializer for TreeSerializer {
    type Ok = Tree;
    type Error = SerError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Collect;
    type SerializeTupleVariant = serde::ser::Impossible<Tree, SerError>;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = serde::ser::Impossible<Tree, SerError>;

    fn serialize_bool(self, v: bool) -> R {
        Ok(Tree::Bare(v.to_string()))
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        Ok(Tree::Bare(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        Ok(Tree::Bare(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> R {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> R {
        if v.is_finite() { Ok(Tree::Bare(format!("{v:?}"))) } else { unsupported("a number that is not finite") }
    }
    fn serialize_char(self, v: char) -> R {
        Ok(Tree::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> R {
        Ok(Tree::Str(v.to_string()))
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        unsupported("bytes")
    }
    fn serialize_none(self) -> R {
        Ok(Tree::Null)
    }
    fn serialize_some<T: ?Sized + serde::Serialize>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(Tree::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(Tree::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        Ok(Tree::Str(variant.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + serde::Serialize>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        Ok(Tree::Map(vec![(variant.to_string(), value.serialize(self)?)]))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, SerError> {
        Ok(Collect::new())
    }
    fn serialize_tuple(self, _: usize) -> Result<Collect, SerError> {
        Ok(Collect::new())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collect, SerError> {
        Ok(Collect::new())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError("a tuple variant cannot be written as YAML by jaarrapport".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Collect, SerError> {
        Ok(Collect::new())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collect, SerError> {
        Ok(Collect::new())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError("a struct variant cannot be written as YAML by jaarrapport".into()))
    }
}

impl serde::ser::SerializeSeq for Collect {
    type Ok = Tree;
    type Error = SerError;
    fn serialize_element<T: ?Sized + serde::Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.items.push(value.serialize(TreeSerializer)?);
        Ok(())
    }
    fn end(self) -> R {
        Ok(Tree::Seq(self.items))
    }
}

impl serde::ser::SerializeTuple for Collect {
    type Ok = Tree;
    type Error = SerError;
    fn serialize_element<T: ?Sized + serde::Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        serde::ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleStruct for Collect {
    type Ok = Tree;
    type Error = SerError;
    fn serialize_field<T: ?Sized + serde::Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        serde::ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeMap for Collect {
    type Ok = Tree;
    type Error = SerError;
    fn serialize_key<T: ?Sized + serde::Serialize>(&mut self, key: &T) -> Result<(), SerError> {
        match key.serialize(TreeSerializer)? {
            Tree::Str(k) | Tree::Bare(k) => {
                self.key = Some(k);
                Ok(())
            }
            _ => Err(SerError("a mapping key must be text".into())),
        }
    }
    fn serialize_value<T: ?Sized + serde::Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        let key = self.key.take().ok_or_else(|| SerError("a value without a key".into()))?;
        self.entries.push((key, value.serialize(TreeSerializer)?));
        Ok(())
    }
    fn end(self) -> R {
        Ok(Tree::Map(self.entries))
    }
}

impl serde::ser::SerializeStruct for Collect {
    type Ok = Tree;
    type Error = SerError;
    fn serialize_field<T: ?Sized + serde::Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), SerError> {
        self.entries.push((key.to_string(), value.serialize(TreeSerializer)?));
        Ok(())
    }
    fn end(self) -> R {
        Ok(Tree::Map(self.entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::Doc;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Strings that look like something else to YAML, or to a person.
    const AWKWARD: &[&str] = &[
        "",
        " ",
        "Kamerstuk 29 861, nr. 92",
        "a: b",
        "a:",
        "x # y",
        "#x",
        "- lijst",
        "-",
        "? vraag",
        "yes",
        "No",
        "null",
        "~",
        "true",
        "2023",
        "2023-Q4",
        "2023-06-01",
        "12:30",
        "1_000",
        "4.1.A",
        "1e3",
        "0x10",
        ".inf",
        "\"quoted\"",
        "'single'",
        "back\\slash",
        "twee\nregels",
        "tab\there",
        "\r\n",
        "€ 12 mln",
        "Één stap — ‘citaat’ 🙂",
        "line\u{2028}separator",
        "\u{feff}bom",
        "nul\u{0}teken",
        "--- x",
        "...",
        "*alias",
        "&anchor",
        "!tag",
        "%dir",
        "@at",
        "`tick`",
        "{a: 1}",
        "[1, 2]",
        "a, b",
        "einde ",
        " begin",
        "(tussen haakjes)",
    ];

    fn read_back(text: &str) -> BTreeMap<String, String> {
        let doc = Doc::parse(text, Path::new("x.yaml"), 1).unwrap_or_else(|d| panic!("{text}: {}", d.message));
        let (read, unknown) = doc.read::<BTreeMap<String, String>>();
        assert!(unknown.is_empty());
        read.unwrap_or_else(|d| panic!("{text}: {}", d.message))
    }

    #[test]
    fn written_strings_read_back_the_same() {
        for s in AWKWARD {
            let mut w = Writer::new();
            w.field(0, "k", Value::Str(s), &());
            w.field(0, s, Value::Str("key"), &());
            w.field(0, "q", Value::Quoted(s), &());
            let text = w.text();
            let back = read_back(&text);
            assert_eq!(back.get("k").map(String::as_str), Some(*s), "{text}");
            assert_eq!(back.get("q").map(String::as_str), Some(*s), "{text}");
            // And by another reader (libyaml's, in serde_yaml_ng).
            let other: BTreeMap<String, String> = serde_yaml_ng::from_str(&text).unwrap();
            assert_eq!(other, back, "{text}");
            if !s.is_empty() {
                assert_eq!(back.get(*s).map(String::as_str), Some("key"), "{text}");
            }
        }
    }

    #[test]
    fn plain_when_it_reads_back_else_quoted() {
        assert_eq!(scalar("Kamerstuk 29 861, nr. 92"), "Kamerstuk 29 861, nr. 92");
        assert_eq!(scalar("Niet nodig: de wet regelt het."), "\"Niet nodig: de wet regelt het.\"");
        assert_eq!(scalar("2023-06-01"), "2023-06-01");
        assert_eq!(scalar("4.1.A"), "4.1.A");
        assert_eq!(scalar("2023"), "\"2023\"");
        assert_eq!(scalar("1e3"), "\"1e3\"");
        assert_eq!(scalar("ja"), "ja");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("twee\nregels"), "\"twee\\nregels\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
        assert_eq!(flow_scalar("a b"), "a b");
        // What YAML 1.1 readers take for a number.
        for number in ["1:30", "12:30:05", "1_000", "-1_000.5", "0b101", "0o17", "0x1F", "+0x1f"] {
            assert_eq!(scalar(number), format!("\"{number}\""), "{number}");
        }
        for text in ["3 pilots", "2023-Q2", "0x", "1:30 uur", "4.1.A", "a_b"] {
            assert_eq!(scalar(text), text, "{text}");
        }
    }

    #[test]
    fn lists_and_mappings_in_lists_read_back() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct M {
            wat: String,
            toelichting: String,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct F {
            bronnen: Vec<String>,
            mijlpalen: Vec<M>,
        }
        let mut w = Writer::new();
        w.fence(&());
        w.comment(0, "uitleg: # niet in het rapport\n\nmeer", &());
        w.open(0, "bronnen", &());
        for s in AWKWARD {
            w.item(2, Value::Str(s), &());
        }
        w.open(0, "mijlpalen", &());
        for s in AWKWARD {
            w.item_fields(2, &[("wat", Value::Str(s)), ("toelichting", Value::Str("- x"))], &());
        }
        let mut example = Writer::new();
        example.item_fields(2, &[("wanneer", Value::Bare("2023-Q2")), ("gereed", Value::Bare("false"))], &());
        w.commented_out(example);
        w.fence(&());
        let text = w.text();
        assert!(text.starts_with("---\n# uitleg: # niet in het rapport\n#\n# meer\nbronnen:\n"), "{text}");
        assert!(text.ends_with("#  - wanneer: 2023-Q2\n#    gereed: false\n---\n"), "{text}");
        let split = crate::content::frontmatter::split(&text).unwrap();
        let doc = Doc::parse(split.yaml.unwrap(), Path::new("x.md"), split.yaml_line).unwrap();
        let (f, unknown) = doc.read::<F>();
        assert!(unknown.is_empty());
        let f = f.unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(f.bronnen, AWKWARD);
        assert_eq!(f.mijlpalen.iter().map(|m| m.wat.as_str()).collect::<Vec<_>>(), AWKWARD);
        assert!(f.mijlpalen.iter().all(|m| m.toelichting == "- x"));
    }

    #[test]
    fn serde_types_are_written_in_field_order_and_read_back() {
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct Entry {
            pad: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            bron: Option<String>,
            tags: Vec<String>,
            geneste: Vec<Vec<u32>>,
        }
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct File {
            versie: u32,
            leeg: Vec<Entry>,
            echt: bool,
            bestanden: Vec<Entry>,
        }
        let file = File {
            versie: 1,
            leeg: Vec::new(),
            echt: true,
            bestanden: AWKWARD
                .iter()
                .map(|s| Entry {
                    pad: s.to_string(),
                    bron: Some("2.1.A".into()),
                    tags: vec![s.to_string()],
                    geneste: vec![vec![1, 2], vec![]],
                })
                .collect(),
        };
        let text = document("# kop\n", &file).unwrap();
        assert!(text.starts_with("# kop\nversie: 1\nleeg: []\necht: true\nbestanden:\n- pad: \"\"\n  bron: 2.1.A\n  tags:\n  - \"\"\n  geneste:\n  -\n    - 1\n    - 2\n  - []\n"), "{text}");
        let doc = Doc::parse(&text, Path::new("x.yaml"), 1).unwrap();
        let (back, unknown) = doc.read::<File>();
        assert!(unknown.is_empty());
        assert_eq!(back.unwrap_or_else(|d| panic!("{}", d.message)), file);
    }
}
