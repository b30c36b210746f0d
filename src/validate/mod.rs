//! From loaded files to the one `Report` model. Each file kind has its own
//! module; this one runs them in order and checks what crosses files
//! (references, missing contributions). Everything wrong is collected, so
//! a run reports all problems at once.

mod catalogue;
mod characters;
mod commitments;
mod contradictions;
mod contributions;
mod figures;
mod footnotes;
mod front;
mod headings;
mod history;
mod ids;
mod image;
mod pages;
mod previous;

pub use previous::MAX_ARCHIVE_BYTES;
mod settings;
mod sources;
mod svg;
mod templates;
mod uitvraag;
mod version;

use crate::content::{self, Loaded, display_path};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::markdown::{self, Reference};
use crate::model::{Chapter, Image, Markdown, Page, RecId, Report};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The image check on its own, for pictures pasted into a Word form.
pub use image::check as check_image;
/// The SVG check on its own, for the fuzz target.
pub use svg::check as check_svg;

/// Loads and validates a content directory. The report is returned when
/// there are no errors (warnings are fine).
pub fn load_report(content_dir: &Path) -> (Option<Report>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let report = content::load(content_dir, &mut diags).and_then(|loaded| validate(&loaded, &mut diags));
    if diags.has_errors() {
        return (None, diags);
    }
    (report, diags)
}

/// Validates files already loaded, some perhaps made in memory: `import`
/// checks the contributions it read from Word forms here, before it writes.
pub fn validate_loaded(loaded: &Loaded, diags: &mut Diagnostics) -> Option<Report> {
    validate(loaded, diags)
}

fn validate(loaded: &Loaded, diags: &mut Diagnostics) -> Option<Report> {
    let dir = &loaded.content_dir;
    let missing = |name: &str, what: &str| {
        Diagnostic::error(display_path(dir, Path::new(name)), Span::file(), format!("{name} is missing: {what}"))
    };
    let Some(rapport) = &loaded.rapport else {
        diags.push(missing("rapport.yaml", "every report needs its settings"));
        return None;
    };
    let rs = settings::read(rapport, diags)?;
    let Some(cat_file) = &loaded.catalogue else {
        diags.push(missing("aanbevelingen.yaml", "every report needs the catalogue of recommendations"));
        return None;
    };
    let mut entries = catalogue::read(cat_file, &rs, diags);
    contributions::read_all(&loaded.contributions, &rs, &mut entries, diags);
    let pages = pages::read_pages(&loaded.pages, diags);
    let theme = templates::read(loaded, diags);
    let intros = pages::read_intros(&loaded.chapter_intros, &rs, diags);

    for e in &entries {
        let rec = &e.rec;
        if rec.lacks_owner_contribution() {
            diags.push(
                Diagnostic::warning(
                    &cat_file.display,
                    e.span,
                    format!("{} has no contribution from its owner {}", rec.id, rec.owner),
                )
                .with_help(format!(
                    "expected bijdragen/{}/{}.md (`jaarrapport new {} --ministerie {}` writes a skeleton)",
                    rec.owner, rec.id, rec.id, rec.owner
                )),
            );
        }
    }

    let previous = rs
        .settings
        .previous
        .clone()
        .and_then(|rel| previous::read(dir, &loaded.root, &rel, &rs.doc, rs.settings.year, diags));

    let (pages_before, pages_after, accessibility) = place_pages(pages, &rs, dir, diags);
    let mut recommendations: Vec<_> = entries.into_iter().map(|e| e.rec).collect();
    let chapter_pos = |slug: &str| rs.chapters.iter().position(|c| c.slug == slug).unwrap_or(usize::MAX);
    recommendations.sort_by(|a, b| (chapter_pos(&a.chapter), &a.id).cmp(&(chapter_pos(&b.chapter), &b.id)));

    let chapters: Vec<Chapter> = rs
        .chapters
        .iter()
        .map(|c| Chapter {
            slug: c.slug.clone(),
            title: c.titel.trim().to_string(),
            themes: c.themas.clone(),
            intro: intros.iter().find(|(s, _)| *s == c.slug).map(|(_, m)| m.clone()),
            recommendations: recommendations
                .iter()
                .enumerate()
                .filter(|(_, r)| r.chapter == c.slug)
                .map(|(i, _)| i)
                .collect(),
        })
        .collect();

    let ids: HashSet<&RecId> = recommendations.iter().map(|r| &r.id).collect();
    let figures = loaded.figures.as_ref().map(|f| figures::read(f, &rs, &ids, diags)).unwrap_or_default();
    let commitments = loaded.commitments.as_ref().map(|f| commitments::read(f, &rs, &ids, diags)).unwrap_or_default();
    let requests =
        loaded.ledger.as_ref().map(|f| uitvraag::read(f, &rs, &ids, &loaded.contributions, diags)).unwrap_or_default();
    let carried_over = version::carried_over(loaded, &rs, diags);
    let bodies: Vec<&Markdown> = recommendations
        .iter()
        .flat_map(|r| r.contributions.iter().map(|c| &c.body))
        .chain(pages_before.iter().chain(&pages_after).chain(&accessibility).map(|p| &p.body))
        .chain(chapters.iter().filter_map(|c| c.intro.as_ref()))
        .collect();
    // Each body is parsed once, on its own (in parallel), and every rule
    // reads that parse; the findings are kept in body order.
    let found: Vec<(Vec<ImageRef>, Diagnostics)> = bodies
        .par_iter()
        .map(|body| {
            let mut images = Vec::new();
            let mut found = Diagnostics::default();
            let parsed = markdown::parse(&body.text);
            check_references(loaded, body, &parsed, &ids, &mut images, &mut found);
            check_printable(loaded, body, &mut found);
            let display = display_path(&loaded.content_dir, &body.file);
            characters::check_body(&display, body, &parsed, &mut found);
            ids::check(&display, body, &parsed, &mut found);
            footnotes::check(&display, body, &parsed, &mut found);
            headings::check(&display, body, &parsed, &mut found);
            (images, found)
        })
        .collect();
    let mut refs = Vec::new();
    for (body_images, body_diags) in found {
        refs.extend(body_images);
        diags.extend(body_diags.into_vec());
    }
    let images = read_images(loaded, refs, diags);

    let mut report = Report {
        settings: rs.settings,
        ministries: rs.ministries,
        statuses: rs.statuses,
        chapters,
        recommendations,
        pages_before,
        pages_after,
        accessibility,
        images,
        theme,
        previous,
        by_id: Default::default(),
        figures,
        commitments,
        requests,
        carried_over,
    };
    report.index();
    history::link(&mut report, dir, &rapport.display, diags);
    version::check(&report, dir, &rs.doc, &rs.confirmed, diags);
    contradictions::check(&report, dir, diags);
    Some(report)
}

/// Pages named in `paginas_voor` / `paginas_na` go there in that order; a
/// name without a file is an error, a file without a place a warning, except
/// the accessibility statement, which is returned on its own (the site
/// links it from every page's footer).
fn place_pages(
    pages: Vec<Page>,
    rs: &settings::ReportSettings,
    dir: &Path,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<Page>, Option<Page>) {
    let doc = &rs.doc;
    let mut pick = |key: &str, slugs: &[String]| -> Vec<Page> {
        let mut out = Vec::new();
        for (i, slug) in slugs.iter().enumerate() {
            match pages.iter().find(|p| &p.slug == slug) {
                Some(p) => out.push(p.clone()),
                None => diags.push(
                    doc.error(
                        doc.value_span(&[content::yaml::Seg::Key(key), content::yaml::Seg::Index(i)]),
                        format!("page `{slug}` has no file"),
                    )
                    .with_help(format!("create paginas/{slug}.md or remove `{slug}` from `{key}`")),
                ),
            }
        }
        out
    };
    let before = pick("paginas_voor", &rs.pages_before);
    let after = pick("paginas_na", &rs.pages_after);
    let placed = |slug: &String| rs.pages_before.contains(slug) || rs.pages_after.contains(slug);
    for p in &pages {
        let taken = crate::paths::RESERVED.contains(&p.slug.as_str()) || rs.chapters.iter().any(|c| c.slug == p.slug);
        if taken {
            diags.push(
                Diagnostic::error(
                    display_path(dir, &p.body.file),
                    Span::file(),
                    format!("page name `{}` is already used by a chapter or by the site itself", p.slug),
                )
                .with_help("rename the page file"),
            );
        }
        if !placed(&p.slug) && p.slug != crate::paths::ACCESSIBILITY_PAGE {
            diags.push(Diagnostic::warning(
                display_path(dir, &p.body.file),
                Span::file(),
                format!(
                    "page `{}` is not in `paginas_voor` or `paginas_na` of rapport.yaml, so it is left out",
                    p.slug
                ),
            ));
        }
    }
    let accessibility = pages.into_iter().find(|p| p.slug == crate::paths::ACCESSIBILITY_PAGE && !placed(&p.slug));
    (before, after, accessibility)
}

/// A reference to an image found in a body: where it is and what it names.
struct ImageRef {
    rel: PathBuf,
    url: String,
    display: PathBuf,
    span: Span,
}

/// Each image is read once, however many texts show it, and checked: one
/// that cannot be read is reported at every reference to it, one whose
/// content is bad once, at its own path (see `image`).
fn read_images(loaded: &Loaded, mut refs: Vec<ImageRef>, diags: &mut Diagnostics) -> Vec<Image> {
    refs.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut images: Vec<Image> = Vec::new();
    for group in refs.chunk_by(|a, b| a.rel == b.rel) {
        let rel = &group[0].rel;
        let read = content::read_inside(&loaded.root, rel, content::source::MAX_FILE_BYTES)
            .map_err(|why| format!("image `{}` {why}", group[0].url));
        match read {
            Ok(bytes) => {
                // What is wrong inside an image is reported at its own path.
                let display = display_path(&loaded.content_dir, rel);
                if image::check(&display, rel, &bytes, diags) {
                    images.push(Image { rel: rel.clone(), display, bytes })
                }
            }
            Err(msg) => {
                for r in group {
                    diags.push(Diagnostic::error(&r.display, r.span, msg.replace(&group[0].url, &r.url)));
                }
            }
        }
    }
    images
}

fn check_references(
    loaded: &Loaded,
    body: &Markdown,
    parsed: &markdown::Parsed,
    ids: &HashSet<&RecId>,
    images: &mut Vec<ImageRef>,
    diags: &mut Diagnostics,
) {
    let display = display_path(&loaded.content_dir, &body.file);
    // References come in text order: their positions cost one pass.
    let references = markdown::references(parsed);
    if references.is_empty() {
        return;
    }
    let mut positions = crate::diagnostics::Positions::new(&body.text);
    for (reference, range) in references {
        let (line, col) = positions.at(range.start);
        let span = Span::new(body.first_line + line - 1, col, range.len().min(80));
        match reference {
            Reference::Recommendation(text) => match RecId::parse(&text) {
                Some(id) if ids.contains(&id) => {}
                Some(id) => diags.push(Diagnostic::error(
                    &display,
                    span,
                    format!("[[{text}]] points at {id}, which is not in the catalogue"),
                )),
                None => diags.push(
                    Diagnostic::error(&display, span, format!("[[{text}]] is not a recommendation identifier"))
                        .with_help("write a link to a recommendation as [[2.1.A]]"),
                ),
            },
            Reference::Image(url) => {
                if url.contains("://") || url.starts_with("data:") {
                    diags.push(
                        Diagnostic::error(
                            &display,
                            span,
                            format!("image `{}` is not a file of the report", truncate(&url)),
                        )
                        .with_help("put the image in afbeeldingen/ and refer to it by its path"),
                    );
                    continue;
                }
                match content::resolve_inside(&loaded.root, &body.file, &url) {
                    Ok(rel) => images.push(ImageRef { rel, url: url.to_string(), display: display.clone(), span }),
                    Err(msg) => diags.push(Diagnostic::error(&display, span, msg)),
                }
            }
        }
    }
}

/// The PDF's fonts cannot print every character (emoji, CJK); say where
/// the first one is rather than let the PDF show a `?` unnoticed.
fn check_printable(loaded: &Loaded, body: &Markdown, diags: &mut Diagnostics) {
    let Some((offset, c)) =
        body.text.char_indices().find(|(_, c)| !crate::fonts::printable(*c) && !crate::controls::is_control(*c))
    else {
        return;
    };
    let (line, col) = markdown::line_col(&body.text, offset);
    diags.push(
        Diagnostic::warning(
            display_path(&loaded.content_dir, &body.file),
            Span::new(body.first_line + line - 1, col, 1),
            format!("the PDF cannot print `{c}` (U+{:04X}); it shows `{}` there", c as u32, crate::fonts::REPLACEMENT),
        )
        .with_help(
            "use Latin, Greek or Cyrillic letters and common punctuation; emoji and CJK are not in the PDF's fonts",
        ),
    );
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s.to_string() }
}
