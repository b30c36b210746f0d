//! Characters the outputs must not carry, found where the writer typed
//! them. A control character ([`crate::controls::is_control`]: escape
//! sequences, BEL, NUL, C1 controls, bidi overrides) is an error wherever
//! it reaches the report: in a Markdown body, literally or as a character
//! reference (`&#27;`), and in any YAML field, literally or as a YAML
//! escape (`"\e[2J"`, `"\x07"`). A character the PDF's fonts cannot print
//! is a warning in YAML fields as in bodies: it shows as `?` in the PDF.

use crate::content::yaml::{Doc, Kind, Node};
use crate::controls::{code, is_control};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::markdown;
use crate::model::Markdown;
use pulldown_cmark::{Event, Tag};
use std::collections::HashSet;
use std::path::Path;

/// A file full of them needs one look, not a thousand lines.
const MAX_PER_FILE: usize = 10;

const HELP: &str = "delete it: it is invisible in most editors but moves the cursor, rings a bell or turns \
                    text around on a terminal and in the outputs (it often comes with text copied from a \
                    terminal or a PDF)";

/// Control characters in a Markdown body, literal or encoded.
pub fn check_body(display: &Path, body: &Markdown, parsed: &markdown::Parsed, diags: &mut Diagnostics) {
    let mut found: Vec<(usize, char, bool)> =
        body.text.char_indices().filter(|(_, c)| is_control(*c)).map(|(at, c)| (at, c, false)).collect();
    // The parser decodes only character references (`&#27;`), so a body
    // without `&` carries no control it does not hold literally.
    if found.is_empty() && !body.text.contains('&') {
        return;
    }
    let mut seen: HashSet<(usize, char)> = HashSet::new();
    // What the parser decodes (`&#27;`, `&#x202E;`) reaches the site too.
    for (event, range) in parsed {
        let carried: Vec<&str> = match &event {
            Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => vec![s],
            Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
                vec![dest_url, title]
            }
            Event::Start(Tag::Heading { id, classes, .. }) => id.iter().chain(classes).map(|s| &**s).collect(),
            _ => continue,
        };
        // Each source is scanned once, and only when it carries one.
        let mut literal: Option<HashSet<char>> = None;
        for c in carried.iter().flat_map(|s| s.chars()).filter(|&c| is_control(c)) {
            let literal =
                literal.get_or_insert_with(|| body.text[range.clone()].chars().filter(|&c| is_control(c)).collect());
            if !literal.contains(&c) && seen.insert((range.start, c)) {
                found.push((range.start, c, true));
            }
        }
    }
    found.sort();
    let mut lines = crate::diagnostics::Positions::new(&body.text);
    for (at, c, encoded) in found.into_iter().take(MAX_PER_FILE) {
        let (line, col) = lines.at(at);
        let how = if encoded { ", written as a character reference" } else { "" };
        diags.push(
            Diagnostic::error(
                display,
                Span::new(body.first_line + line - 1, col, 1),
                format!("the text holds the control character {}{how}", code(c)),
            )
            .with_help(HELP),
        );
    }
}

/// Every string of a YAML document: control characters are errors, the
/// first character the PDF cannot print in a field a warning. A field's
/// name (`mijlpalen[2].wat`) is written out only for a finding.
pub fn check_yaml(doc: &Doc, diags: &mut Diagnostics) {
    let mut count = 0;
    walk(doc, doc.root(), &mut Vec::new(), &mut count, true, diags);
}

/// Control characters only, for a document the tool wrote from content
/// that was checked then (last year's export): what the PDF cannot print
/// was warned about in its own edition.
pub fn check_controls(doc: &Doc, diags: &mut Diagnostics) {
    let mut count = 0;
    walk(doc, doc.root(), &mut Vec::new(), &mut count, false, diags);
}

/// A step of the way to a field: a key or a position in a list.
enum Step<'d> {
    Key(&'d str),
    Index(usize),
}

fn field_name(path: &[Step]) -> String {
    let mut name = String::new();
    for step in path {
        match step {
            Step::Key(k) if name.is_empty() => name.push_str(k),
            Step::Key(k) => {
                name.push('.');
                name.push_str(k);
            }
            Step::Index(i) => name.push_str(&format!("[{i}]")),
        }
    }
    name
}

fn walk<'d>(
    doc: &Doc,
    node: &'d Node,
    path: &mut Vec<Step<'d>>,
    count: &mut usize,
    unprintable: bool,
    diags: &mut Diagnostics,
) {
    match &node.kind {
        Kind::Scalar { text, .. } => string(doc, node, text, path, count, unprintable, diags),
        Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(doc, item, path, count, unprintable, diags);
                path.pop();
            }
        }
        Kind::Map(entries) => {
            for (key, item) in entries {
                let name = key.text().unwrap_or("");
                if let Some(c) = name.chars().find(|&c| is_control(c)) {
                    let msg = format!("the field name holds the control character {}", code(c));
                    report(doc, doc.span(key), msg, count, diags);
                    continue;
                }
                path.push(Step::Key(name));
                walk(doc, item, path, count, unprintable, diags);
                path.pop();
            }
        }
    }
}

fn string(
    doc: &Doc,
    node: &Node,
    s: &str,
    path: &[Step],
    count: &mut usize,
    unprintable: bool,
    diags: &mut Diagnostics,
) {
    if s.bytes().all(|b| matches!(b, 0x20..=0x7E | b'\n' | b'\t')) {
        // Nothing to find: printable ASCII holds no control and prints.
        return;
    }
    if let Some(c) = s.chars().find(|&c| is_control(c)) {
        let msg = format!("`{}` holds the control character {}", field_name(path), code(c));
        report(doc, doc.span(node), msg, count, diags);
        return;
    }
    if !unprintable {
        return;
    }
    if let Some(c) = s.chars().find(|&c| !crate::fonts::printable(c)) {
        diags.push(
            Diagnostic::warning(
                &doc.display,
                doc.span(node),
                format!(
                    "the PDF cannot print `{c}` ({}) in `{}`; it shows `{}` there",
                    code(c),
                    field_name(path),
                    crate::fonts::REPLACEMENT
                ),
            )
            .with_help(
                "use Latin, Greek or Cyrillic letters and common punctuation; emoji and CJK are not in the PDF's fonts",
            ),
        );
    }
}

fn report(doc: &Doc, span: Span, msg: String, count: &mut usize, diags: &mut Diagnostics) {
    *count += 1;
    if *count <= MAX_PER_FILE {
        diags.push(doc.error(span, msg).with_help(HELP));
    }
}
