//! The report's layout: the built-in templates compiled into the binary
//! and the ones a content directory brings to replace them
//! (`CONTENT_DIR/templates/{html,static,typst}/`), as Zola themes allow.
//! The content layer reads the overrides, validation checks them with
//! [`tera`] (so `check` finds a broken template) and the renderers draw
//! with the same function; this module sits below all three.

use crate::diagnostics::{Diagnostic, Span};
use crate::model::{Template, Theme};

/// The built-in tera templates of the site, by name.
pub const HTML: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/html/base.html")),
    ("index.html", include_str!("../templates/html/index.html")),
    ("chapter.html", include_str!("../templates/html/chapter.html")),
    ("page.html", include_str!("../templates/html/page.html")),
    ("tijdpad.html", include_str!("../templates/html/tijdpad.html")),
    ("toezeggingen.html", include_str!("../templates/html/toezeggingen.html")),
    ("toegankelijkheid.html", include_str!("../templates/html/toegankelijkheid.html")),
];

/// The site's static files, by name, copied to `site/static/`.
pub const STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../templates/static/style.css")),
    ("filter.js", include_str!("../templates/static/filter.js")),
    ("zoeken.js", include_str!("../templates/static/zoeken.js")),
    ("planning.js", include_str!("../templates/static/planning.js")),
];

/// The typst template of the PDF.
pub const TYPST_NAME: &str = "report.typ";
pub const TYPST: &str = include_str!("../templates/typst/report.typ");

/// The text of the HTML template `name`: the content's own, else the built-in.
pub fn html_sources(theme: &Theme) -> Vec<(String, String)> {
    HTML.iter()
        .map(|(name, text)| {
            let own = theme.html.iter().find(|t| t.name == *name);
            (name.to_string(), own.map_or_else(|| text.to_string(), |t| t.text.clone()))
        })
        .collect()
}

pub fn static_text<'t>(theme: &'t Theme, name: &str, builtin: &'t str) -> &'t str {
    theme.static_files.iter().find(|t| t.name == name).map_or(builtin, |t| t.text.as_str())
}

/// The built-in files the content replaced, as paths in the content
/// directory (`templates/static/style.css`): the draft accessibility
/// statement names them, as jaarrapport's own tests do not cover them.
pub fn replaced(theme: &Theme) -> Vec<String> {
    let html = theme.html.iter().map(|t| format!("templates/html/{}", t.name));
    let static_files = theme.static_files.iter().map(|t| format!("templates/static/{}", t.name));
    let typst = theme.typst.iter().map(|t| format!("templates/typst/{}", t.name));
    html.chain(static_files).chain(typst).collect()
}

pub fn typst_text(theme: &Theme) -> &str {
    theme.typst.as_ref().map_or(TYPST, |t| t.text.as_str())
}

/// The site's templates, compiled. A template of the content's own that
/// does not compile is a content error at its line and column.
pub fn tera(theme: &Theme) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(html_sources(theme)).map_err(|e| template_error(theme, &e))?;
    Ok(tera)
}

/// Where a tera error lies: the content's own template it names, at the
/// ` --> line:column` tera's parser gives; a built-in template that fails
/// is a bug and reported as it is.
pub fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
    let chain = describe(e);
    // Tera names a template in quotes or, in some messages, backticks.
    let own = theme
        .html
        .iter()
        .find(|t| chain.contains(&format!("'{}'", t.name)) || chain.contains(&format!("`{}`", t.name)));
    let span = chain
        .split_once(" --> ")
        .and_then(|(_, rest)| {
            let pos = rest.split_whitespace().next()?;
            let (line, col) = pos.split_once(':')?;
            Some(Span::new(line.parse().ok()?, col.parse().ok()?, 1))
        })
        .unwrap_or_else(Span::file);
    // The parser's excerpt is replaced by ours; its "expected ..." stays.
    let expected = chain.lines().find_map(|l| l.trim().strip_prefix("= ")).map(str::to_string);
    let first = chain.lines().next().unwrap_or("").trim().to_string();
    let message = match &expected {
        Some(x) => format!("template error: {x}"),
        None => format!("template error: {}", chain.replace('\n', " ")),
    };
    match own {
        Some(t) => Diagnostic::error(&t.display, span, message).with_help(
            "this is the report's own template; compare it with the built-in one in the jaarrapport repository",
        ),
        None => Diagnostic::error(first.clone(), Span::file(), format!("built-in template failed: {chain}")),
    }
}

/// Tera's errors nest their cause; the whole chain is what helps.
pub fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The override a typst diagnostic line (`report.typ:12:5: error: ...`)
/// points at, as a diagnostic there; `None` for other lines.
pub fn typst_diagnostic(theme: &Theme, line: &str) -> Option<Diagnostic> {
    let own: &Template = theme.typst.as_ref()?;
    let rest = line.strip_prefix(TYPST_NAME)?.strip_prefix(':')?;
    let mut parts = rest.splitn(3, ':');
    let (l, c, msg) = (parts.next()?, parts.next()?, parts.next()?);
    let span = Span::new(l.trim().parse().ok()?, c.trim().parse().ok()?, 1);
    let msg = msg.trim();
    let (warning, msg) = match msg.strip_prefix("warning:") {
        Some(m) => (true, m.trim()),
        None => (false, msg.strip_prefix("error:").unwrap_or(msg).trim()),
    };
    let message = format!("typst template: {msg}");
    Some(if warning {
        Diagnostic::warning(&own.display, span, message)
    } else {
        Diagnostic::error(&own.display, span, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn own(name: &str, text: &str) -> Template {
        Template { name: name.into(), text: text.into(), display: PathBuf::from(format!("c/templates/x/{name}")) }
    }

    #[test]
    fn the_built_in_templates_compile() {
        tera(&Theme::default()).unwrap();
    }

    #[test]
    fn a_broken_template_of_the_content_is_named_with_its_line() {
        let theme = Theme { html: vec![own("page.html", "ok\n{{ page.title }\nmore\n")], ..Theme::default() };
        let d = tera(&theme).unwrap_err();
        assert_eq!(d.path, PathBuf::from("c/templates/x/page.html"));
        assert_eq!(d.span.line, 2, "{d:?}");
    }

    #[test]
    fn typst_lines_of_the_template_become_diagnostics() {
        let theme = Theme { typst: Some(own("report.typ", "#let x = (")), ..Theme::default() };
        let d = typst_diagnostic(&theme, "report.typ:3:7: error: unclosed delimiter").unwrap();
        assert_eq!((d.span.line, d.span.column), (3, 7));
        assert!(d.message.contains("unclosed delimiter"));
        assert!(typst_diagnostic(&theme, "data.json:1:1: error: x").is_none());
        assert!(typst_diagnostic(&Theme::default(), "report.typ:3:7: error: x").is_none());
    }
}
