//! What a report's `versie` asks of it. Text carried over from last year
//! and still unchanged (the record `next-year` kept beside last year's
//! export, `content::overgenomen`) is a warning in a concept and an error
//! in a `definitief` report unless `bevestigd` confirms it; a `definitief`
//! report also needs every contribution's `akkoord`, a status for every
//! recommendation whose owner wrote, a `kamerstuk` and a `publicatiedatum`.
//! Without `versie` nothing here applies, except that a skeleton of `new`
//! still holding its placeholder is always named.

use super::settings::ReportSettings;
use crate::content::overgenomen::{self, CarriedFile};
use crate::content::yaml::{Doc, Seg};
use crate::content::{self, Loaded, display_path, schema};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{CarriedOver, Report, Version};
use std::path::{Path, PathBuf};

/// The carried-over files still as they were copied, read from the record
/// beside `vorige`; none when there is no `vorige` or no record (an
/// archive from before records were kept).
pub fn carried_over(loaded: &Loaded, rs: &ReportSettings, diags: &mut Diagnostics) -> Vec<CarriedOver> {
    let Some(export) = &rs.settings.previous else { return Vec::new() };
    let rel = overgenomen::beside(export);
    let Ok(bytes) = content::read_inside(&loaded.root, &rel, content::source::MAX_FILE_BYTES) else {
        return Vec::new();
    };
    let display = display_path(&loaded.content_dir, &rel);
    let text = match content::source::decode(&bytes) {
        Ok(t) => t,
        Err(why) => {
            diags.push(Diagnostic::error(&display, Span::file(), why));
            return Vec::new();
        }
    };
    diags.add_source(&display, &text);
    let doc = match Doc::parse(&text, &display, 1) {
        Ok(d) => d,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let Some(record) = schema::read::<CarriedFile>(&doc, diags) else { return Vec::new() };
    let texts = loaded.pages.iter().chain(&loaded.chapter_intros);
    let texts: Vec<(&Path, &str)> = texts.map(|f| (f.rel.as_path(), f.text.as_str())).collect();
    let mut out = Vec::new();
    for e in &record.bestanden {
        let path = PathBuf::from(&e.pad);
        let now = match texts.iter().find(|(p, _)| *p == path) {
            Some((_, text)) => Some(crate::content::uitvraag::hash(text)),
            None => content::read_inside(&loaded.root, &path, content::source::MAX_FILE_BYTES)
                .ok()
                .map(|b| overgenomen::hash(&path, &b)),
        };
        if now.as_deref() == Some(e.hash.as_str()) {
            out.push(CarriedOver {
                display: display_path(&loaded.content_dir, &path),
                confirmed: rs.confirmed.iter().any(|c| Path::new(c.trim()) == path),
                rel: path,
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// The rules of `versie`, on the report as validated.
/// A concept built with a template of the content's own that does not
/// draw its mark would look like the final report: each such template is
/// a warning. The site's pages draw the mark in `base.html`, so a page
/// template counts only when it does not extend it; the PDF's mark is
/// `meta.concept` in the typst template's data.
fn unmarked_templates(theme: &crate::model::Theme, diags: &mut Diagnostics) {
    let extends_base = |text: &str| {
        text.split("{%").skip(1).any(|tag| {
            let tag = tag.split("%}").next().unwrap_or("");
            tag.contains("extends") && tag.contains("base.html")
        })
    };
    let unmarked = theme
        .html
        .iter()
        .filter(|t| t.name.ends_with(".html") && !t.text.contains("meta.concept") && !extends_base(&t.text))
        .map(|t| (t, "the site's concept banner (`meta.concept`)"))
        .chain(
            theme
                .typst
                .iter()
                .filter(|t| !t.text.contains("concept"))
                .map(|t| (t, "the PDF's concept mark (`concept` in `meta`)")),
        );
    for (t, mark) in unmarked {
        diags.push(
            Diagnostic::warning(
                &t.display,
                Span::file(),
                format!("this template does not draw {mark}, so this concept would look like the final report"),
            )
            .with_help("draw it as the built-in template does (README, \"Customising the layout\"), or build without `versie: concept`"),
        );
    }
}

pub fn check(report: &Report, dir: &Path, rs_doc: &Doc, confirmed: &[String], diags: &mut Diagnostics) {
    for (i, c) in confirmed.iter().enumerate() {
        if !report.carried_over.iter().any(|f| f.rel == Path::new(c.trim())) {
            diags.push(
                Diagnostic::warning(
                    &rs_doc.display,
                    rs_doc.value_span(&[Seg::Key("bevestigd"), Seg::Index(i)]),
                    format!(
                        "`{c}` is not a file carried over unchanged from last year, so there is nothing to confirm"
                    ),
                )
                .with_help("remove it from `bevestigd`"),
            );
        }
    }
    // A skeleton of `new` still holding its placeholder would be published
    // as it is: said in any report, refused in a definitief one.
    for r in &report.recommendations {
        for c in r.contributions.iter().filter(|c| c.is_placeholder()) {
            let skip = c.body.text.lines().take_while(|l| l.trim().is_empty()).count();
            let line = c.body.text.lines().nth(skip).unwrap_or("");
            let at = Span::new(c.body.first_line + skip, 1, line.chars().count().max(1));
            let msg = format!(
                "{}'s contribution on {} still has the placeholder text of `jaarrapport new`",
                c.ministry, r.id
            );
            let help = "write the progress of this year in place of that sentence";
            let display = display_path(dir, &c.body.file);
            diags.push(if report.settings.version == Some(Version::Definitief) {
                Diagnostic::error(display, at, format!("a definitief report: {msg}")).with_help(help)
            } else {
                Diagnostic::warning(display, at, msg).with_help(help)
            });
        }
    }
    let Some(version) = report.settings.version else { return };
    if version == Version::Concept {
        unmarked_templates(&report.theme, diags);
    }
    let last_year = report.previous.as_ref().and_then(|p| p.year).map_or("last year".to_string(), |y| y.to_string());
    for f in report.carried_over.iter().filter(|f| !f.confirmed) {
        // An image is not a text: it is "still as in" last year, redrawn.
        let image = f.rel.starts_with("afbeeldingen");
        let (what, redo) = if image { ("still as in", "redraw") } else { ("still the text of", "rewrite") };
        let msg = format!("{what} {last_year}, carried over unchanged by next-year");
        let help = format!(
            "{redo} it for {}, or list `{}` under `bevestigd` in rapport.yaml if it stays as it is",
            report.settings.year,
            f.rel.display()
        );
        diags.push(match version {
            Version::Concept => Diagnostic::warning(&f.display, Span::file(), msg).with_help(help),
            Version::Definitief => {
                Diagnostic::error(&f.display, Span::file(), format!("a definitief report: {msg}")).with_help(help)
            }
        });
    }
    if version != Version::Definitief {
        return;
    }
    let at = |key: &str| {
        if rs_doc.root().get(key).is_some() {
            rs_doc.value_span(&[Seg::Key(key)])
        } else {
            rs_doc.value_span(&[Seg::Key("versie")])
        }
    };
    if report.settings.kamerstuk.as_ref().is_none_or(|k| k.text.trim().is_empty()) {
        diags.push(
            rs_doc.error(at("kamerstuk"), "a definitief report needs its `kamerstuk`").with_help(
                "write the number the report goes to the Kamer under, e.g. `kamerstuk: \"29 861, nr. 120\"`",
            ),
        );
    }
    if report.settings.publicatiedatum.is_none() {
        diags.push(
            rs_doc
                .error(at("publicatiedatum"), "a definitief report needs its `publicatiedatum`")
                .with_help("write the day it is published, as YYYY-MM-DD"),
        );
    }
    for r in &report.recommendations {
        // The owner wrote, but set no status: the final report would say
        // "Geen status" of it.
        if let Some(c) = r.contributions.iter().find(|c| c.ministry == r.owner)
            && report.effective_status(r).is_none()
        {
            diags.push(
                Diagnostic::error(
                    display_path(dir, &c.body.file),
                    Span::new(1, 1, 3),
                    format!("a definitief report: {} has no status; its owner {} sets it", r.id, r.owner),
                )
                .with_help("add `status:` to the front matter, one of the report's statuses"),
            );
        }
        for c in r.contributions.iter().filter(|c| c.agreement.is_none()) {
            diags.push(
                Diagnostic::error(
                    display_path(dir, &c.body.file),
                    Span::new(1, 1, 3),
                    format!("a definitief report: {}'s contribution on {} has no `akkoord`", c.ministry, r.id),
                )
                .with_help("record who agreed to the text and when: `akkoord: { door: ..., datum: YYYY-MM-DD }`"),
            );
        }
    }
}
