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
}

impl Value<'_> {
    fn written(&self) -> String {
        match self {
            Value::Str(s) => scalar(s),
            Value::Bare(s) => s.to_string(),
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

/// Whether `s`, written plain, is read back as the string `s`: by our
/// reader, and also by a YAML 1.1 reader or a person (`yes`, `no`, and
/// anything starting with a digit such as `2023-Q4` are quoted).
fn reads_back_plain(s: &str) -> bool {
    let first_is_text =
        s.chars().next().is_some_and(|c| (c.is_alphanumeric() && !c.is_ascii_digit()) || "(€".contains(c));
    let yaml_1_1 = ["yes", "no", "on", "off", "y", "n", "true", "false", "null"];
    if !first_is_text
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
            let text = w.text();
            let back = read_back(&text);
            assert_eq!(back.get("k").map(String::as_str), Some(*s), "{text}");
            if !s.is_empty() && *s != "k" {
                assert_eq!(back.get(*s).map(String::as_str), Some("key"), "{text}");
            }
        }
    }

    #[test]
    fn plain_when_it_reads_back_else_quoted() {
        assert_eq!(scalar("Kamerstuk 29 861, nr. 92"), "Kamerstuk 29 861, nr. 92");
        assert_eq!(scalar("Niet nodig: de wet regelt het."), "\"Niet nodig: de wet regelt het.\"");
        assert_eq!(scalar("2023-Q4"), "\"2023-Q4\"");
        assert_eq!(scalar("ja"), "ja");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("twee\nregels"), "\"twee\\nregels\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
        assert_eq!(flow_scalar("a b"), "a b");
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
}
