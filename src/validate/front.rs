//! The shared first step for every Markdown file: split off the front
//! matter and parse it as YAML, reporting an unclosed block or bad YAML.

use crate::content::yaml::{Doc, Kind};
use crate::content::{SourceFile, frontmatter};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::Markdown;

/// The front matter (if any) as a parsed YAML document, and the body.
pub fn split(file: &SourceFile, diags: &mut Diagnostics) -> Option<(Option<Doc>, Markdown)> {
    // An empty file is most often a save that went wrong: say so, but do
    // not hold up everyone else's report for it.
    if file.text.trim().is_empty() {
        diags.push(
            Diagnostic::warning(&file.display, Span::file(), "file is empty, so it adds nothing to the report")
                .with_help("write the text, or remove the file if it was saved by mistake"),
        );
    }
    let Ok(parts) = frontmatter::split(&file.text) else {
        diags.push(
            Diagnostic::error(&file.display, Span::new(1, 1, 3), "front matter is opened with `---` but never closed")
                .with_help("end the front matter with a line holding only `---`"),
        );
        return None;
    };
    let body = Markdown { text: parts.body.to_string(), file: file.rel.clone(), first_line: parts.body_line };
    let Some(yaml) = parts.yaml else {
        return Some((None, body));
    };
    let doc = match Doc::parse(yaml, &file.display, parts.yaml_line) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if !matches!(doc.root().kind, Kind::Map(_)) && !doc.root().is_null() {
        diags.push(
            doc.error(Span::new(parts.yaml_line, 1, 1), "front matter must be fields, one `name: value` per line"),
        );
        return None;
    }
    super::characters::check_yaml(&doc, diags);
    Some((Some(doc), body))
}
