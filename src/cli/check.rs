//! `jaarrapport check`: validate a content directory and report every
//! problem, without writing anything.

use crate::diagnostics::{Diagnostic, Severity, Span, print_diagnostics};
use crate::model::Report;
use crate::render::RenderError;
use crate::render::format::{Format, RenderContext, Tools};
use crate::render::html::Site;
use crate::render::pdf::{self, Pdf};
use crate::validate;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub content: super::edition::ContentDir,
}

pub fn execute(args: &Args) -> u8 {
    // check runs typst on the content's own typst template, with the same limit as build.
    let timeout = match pdf::timeout_from_env() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return super::EXIT_USAGE;
        }
    };
    let (mut report, mut diags) = validate::load_report(args.content.path());
    if let Some(r) = &report {
        let found = own_templates(r, timeout);
        let failed = found.iter().any(|d| d.severity == Severity::Error);
        diags.extend(found);
        for t in r.theme.all() {
            diags.add_source(&t.display, &t.text);
        }
        if failed {
            report = None;
        }
    }
    print_diagnostics(&diags);
    match report {
        Some(r) => {
            eprintln!(
                "checked {}: {} recommendations in {} chapters",
                args.content.path().display(),
                r.recommendations.len(),
                r.chapters.len()
            );
            super::EXIT_OK
        }
        None => super::EXIT_CONTENT,
    }
}

/// The content's own templates are drawn with, so that `check` finds what
/// only drawing shows: a site template that reads what the view lacks, a
/// typst template that typst rejects. Both are drawn into a scratch
/// directory that is removed again; without the content's own templates
/// this costs nothing.
fn own_templates(report: &Report, timeout: std::time::Duration) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Ok(scratch) = tempfile::tempdir() else { return found };
    if report.theme.html.is_empty() && report.theme.typst.is_none() {
        return found;
    }
    // Drawn as `build` draws them: through the formats, from the view.
    let view = crate::view::build(report);
    let context = |tools| RenderContext::new(&view, &report.images, &report.theme, tools);
    let no_tools = Tools::default();
    if !report.theme.html.is_empty()
        && let Err(RenderError::Content(d)) = Site.render(&context(&no_tools), scratch.path())
    {
        found.extend(d);
    }
    if let Some(own) = &report.theme.typst {
        match pdf::locate(None).ok_or(()).and_then(|p| pdf::Typst::probe(p, timeout).map_err(|_| ())) {
            Ok((typst, _)) => {
                let tools = Tools { typst: Some(typst) };
                match Pdf.render(&context(&tools), scratch.path()) {
                    Err(RenderError::Content(d)) => found.extend(d),
                    Err(RenderError::Typst(msg)) => found.push(Diagnostic::error(&own.display, Span::file(), msg)),
                    _ => {}
                }
            }
            Err(()) => found.push(
                Diagnostic::warning(
                    &own.display,
                    Span::file(),
                    "typst was not found, so this template was not compiled",
                )
                .with_help("`jaarrapport build` compiles it; set TYPST or put typst on PATH to check it here"),
            ),
        }
    }
    found
}
