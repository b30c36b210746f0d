//! Files that look like content but are not where the format reads
//! content: a contribution one directory too deep or too shallow, a
//! `.MD` name, a directory named like a file. Each is said out loud, or a
//! ministry's text would be missing from the report without a word.

use crate::diagnostics::{Diagnostic, Span};
use crate::model::RecId;
use std::path::{Component, Path};

fn parts(rel: &Path) -> Vec<&str> {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect()
}

fn markdown_like(name: &str) -> bool {
    Path::new(name).extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// A file the walk does not read (it has no role): an error when it is
/// Markdown in the contributions', pages' or introductions' tree but not
/// in its place, a warning when it is named after a recommendation
/// anywhere else. `None` for everything else (images, templates, notes).
pub fn misplaced(rel: &Path, display: &Path) -> Option<Diagnostic> {
    let parts = parts(rel);
    let name = *parts.last()?;
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let error = |msg: String, help: String| Some(Diagnostic::error(display, Span::file(), msg).with_help(help));
    match parts.as_slice() {
        ["bijdragen", _] if markdown_like(name) => error(
            "a contribution directly in bijdragen/ is not read: it belongs in its ministry's directory".into(),
            format!("move it to bijdragen/<MIN>/{name}, e.g. bijdragen/SZW/{name}"),
        ),
        ["bijdragen", ministry, .., _] if markdown_like(name) => error(
            "a contribution in a directory below bijdragen/<MIN>/ is not read".into(),
            format!("move it to bijdragen/{ministry}/{name}; only files directly in the ministry's directory count"),
        ),
        [dir @ ("paginas" | "hoofdstukken"), _, .., _] if markdown_like(name) => {
            error(format!("a file in a directory below {dir}/ is not read"), format!("move it to {dir}/{name}"))
        }
        _ if markdown_like(name) && RecId::parse(stem).is_some() => Some(
            Diagnostic::warning(
                display,
                Span::file(),
                format!("`{name}` is named like a contribution but lies outside bijdragen/<MIN>/, so it is not read"),
            )
            .with_help(format!("move it to bijdragen/<MIN>/{name} if it is one")),
        ),
        _ => None,
    }
}

/// A file in a content place whose name ends in `.MD`, `.Md` or `.mD`:
/// read alike on no two systems, so it is an error that says the fix.
pub fn wrong_case(rel: &Path, display: &Path) -> Option<Diagnostic> {
    let ext = rel.extension()?.to_str()?;
    if ext == "md" || !ext.eq_ignore_ascii_case("md") {
        return None;
    }
    let name = rel.file_name()?.to_str()?;
    let fixed = format!("{}.md", &name[..name.len() - 3]);
    Some(
        Diagnostic::error(display, Span::file(), format!("the file name ends in `.{ext}`, so it is not read"))
            .with_help(format!("rename it to `{fixed}`: content files end in `.md`, in lower case")),
    )
}

/// Something that is not a regular file (a directory, a link to one, a
/// FIFO) where a content file belongs, named like one
/// (`bijdragen/SZW/2.9.Z.md/`): nothing in it is read.
pub fn not_a_file(display: &Path, name: &str, is_dir: bool) -> Option<Diagnostic> {
    markdown_like(name).then(|| {
        let what = if is_dir { "a directory" } else { "not a regular file" };
        Diagnostic::error(display, Span::file(), format!("`{name}` is {what}, so it is not read"))
            .with_help("a contribution is one Markdown file; put its text in a file of that name")
    })
}
