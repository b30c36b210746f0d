//! The content's own templates (`templates/html/`, `templates/static/`,
//! `templates/typst/`): each must replace a built-in one, and the site's
//! must compile, so `check` finds a broken template as it finds a broken
//! contribution. The typst template is compiled by typst itself, which
//! `check` runs when the content brings one (`render::pdf::check_template`).

use crate::content::{Loaded, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{Template, Theme};
use crate::theme;

pub fn read(loaded: &Loaded, diags: &mut Diagnostics) -> Theme {
    let html_names: Vec<&str> = theme::HTML.iter().map(|(n, _)| *n).collect();
    let static_names: Vec<&str> = theme::STATIC.iter().map(|(n, _)| *n).collect();
    let theme = Theme {
        html: replacing(&loaded.html_templates, &html_names, diags),
        static_files: replacing(&loaded.static_files, &static_names, diags),
        typst: replacing(&loaded.typst_templates, &[theme::TYPST_NAME], diags).pop(),
    };
    let removed = removed_macros(&theme);
    if removed.is_empty()
        && let Err(d) = theme::tera(&theme)
    {
        diags.push(d);
    }
    diags.extend(removed);
    theme
}

/// `macros.html` was part of the built-in templates until the repeated
/// parts came to be written in Rust; a template of the content's own that
/// still imports it is told what replaced it, at the import.
fn removed_macros(theme: &Theme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &theme.html {
        for (at, _) in t.text.match_indices("{%") {
            let tag = t.text[at..].split("%}").next().unwrap_or("");
            if tag.contains("import") && tag.contains("macros.html") {
                let (line, col) = crate::markdown::line_col(&t.text, at);
                out.push(
                    Diagnostic::error(&t.display, Span::new(line, col, tag.len() + 2), "`macros.html` is gone")
                        .with_help(
                            "jaarrapport writes the repeated parts itself now: call `badge(status=…)` and \
                             `source(s=…)` instead of `m::badge` and `m::source`, and place `parts.planning`, \
                             `parts.figures`, `parts.contents`, `parts.articles`, `parts.overview` and \
                             `parts.roadmap` (README, \"Customising the layout\")",
                        ),
                );
            }
        }
    }
    out
}

/// The files that replace a built-in one of `names`; any other is left
/// out with a warning, so a misspelt name does not pass unnoticed.
fn replacing(files: &[SourceFile], names: &[&str], diags: &mut Diagnostics) -> Vec<Template> {
    let mut out = Vec::new();
    for f in files {
        let name = f.rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if names.contains(&name.as_str()) {
            out.push(Template { name, text: f.text.clone(), display: f.display.clone() });
        } else {
            let help = match name.as_str() {
                "macros.html" => "`macros.html` is gone: templates call `badge(status=…)` and `source(s=…)` \
                                  and place the `parts` jaarrapport writes (README, \"Customising the layout\")"
                    .to_string(),
                _ => format!("the templates that can be replaced here: {}", names.join(", ")),
            };
            diags.push(
                Diagnostic::warning(
                    &f.display,
                    Span::file(),
                    format!("`{name}` replaces no built-in template, so it is not used"),
                )
                .with_help(help),
            );
        }
    }
    out
}
