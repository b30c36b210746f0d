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
    if let Err(d) = theme::tera(&theme) {
        diags.push(d);
    }
    theme
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
            diags.push(
                Diagnostic::warning(
                    &f.display,
                    Span::file(),
                    format!("`{name}` replaces no built-in template, so it is not used"),
                )
                .with_help(format!("the templates that can be replaced here: {}", names.join(", "))),
            );
        }
    }
    out
}
