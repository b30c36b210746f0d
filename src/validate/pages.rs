//! Free pages (`paginas/`) and chapter introductions (`hoofdstukken/`).

use super::front;
use super::settings::ReportSettings;
use crate::content::SourceFile;
use crate::content::schema::{self, IntroFront, PageFront};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::markdown;
use crate::model::{Markdown, Page};

fn slug_of(file: &SourceFile) -> String {
    file.rel.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default()
}

pub fn read_pages(files: &[SourceFile], diags: &mut Diagnostics) -> Vec<Page> {
    let mut pages = Vec::new();
    for file in files {
        let Some((doc, body)) = front::split(file, diags) else { continue };
        let front: PageFront = match &doc {
            None => PageFront::default(),
            Some(doc) => match schema::read(doc, diags) {
                Some(f) => f,
                None => continue,
            },
        };
        let slug = slug_of(file);
        if !super::settings::is_slug(&slug) {
            diags.push(
                Diagnostic::error(&file.display, Span::file(), format!("page name `{slug}` is not a valid slug"))
                    .with_help("name pages in lower-case letters, digits and hyphens, e.g. `inleiding.md`"),
            );
            continue;
        }
        let mut body = body;
        let title = match front.titel.filter(|t| !t.trim().is_empty()) {
            Some(t) => t,
            // A page that opens with `# Title` has that as its title; the
            // heading then is not repeated in the body.
            None if markdown::starts_with_h1(&body.text) => {
                let title = markdown::first_heading(&body.text).unwrap_or_else(|| slug.clone());
                drop_first_heading(&mut body);
                title
            }
            None => markdown::first_heading(&body.text).unwrap_or_else(|| slug.clone()),
        };
        pages.push(Page { slug, title, body });
    }
    pages
}

fn drop_first_heading(body: &mut Markdown) {
    let end = markdown::parser(&body.text).into_offset_iter().find_map(|(e, range)| {
        matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })).then_some(range.end)
    });
    if let Some(end) = end {
        body.first_line += body.text[..end].matches('\n').count();
        body.text = body.text[end..].to_string();
    }
}

/// The introduction of each chapter, by slug. An intro without a chapter is
/// an error: it would silently vanish from the report.
pub fn read_intros(files: &[SourceFile], rs: &ReportSettings, diags: &mut Diagnostics) -> Vec<(String, Markdown)> {
    let mut out = Vec::new();
    for file in files {
        let slug = slug_of(file);
        if !rs.chapters.iter().any(|c| c.slug == slug) {
            let slugs: Vec<&str> = rs.chapters.iter().map(|c| c.slug.as_str()).collect();
            let mut d = Diagnostic::error(&file.display, Span::file(), format!("no chapter `{slug}` in rapport.yaml"));
            if let Some(s) = crate::diagnostics::suggest(&slug, slugs.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}.md`?"));
            }
            diags.push(d);
            continue;
        }
        let Some((doc, body)) = front::split(file, diags) else { continue };
        if let Some(doc) = &doc {
            schema::read::<IntroFront>(doc, diags);
        }
        out.push((slug, body));
    }
    out
}
