//! The accessibility statement (`toegankelijkheid.html`): a draft from the
//! build, linked from every page's footer, replaced by the content's own
//! `paginas/toegankelijkheid.md`. Built by the real binary from the fixture.

mod common;
use common::Case;
use scraper::{Html, Selector};
use std::path::Path;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn build(case: &Case) -> common::Outcome {
    let outcome = case.run(&["build", "content", "--out", "out", "--format", "html"]);
    outcome.code(0);
    outcome
}

fn page(case: &Case, rel: &str) -> Html {
    let path = case.root().join("out/site").join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn text(html: &Html, selector: &str) -> String {
    html.select(&sel(selector))
        .flat_map(|e| e.text())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn html_pages(dir: &Path) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn the_build_writes_a_draft_statement_linked_from_every_footer() {
    let case = Case::new("valid");
    build(&case);
    let statement = page(&case, "toegankelijkheid.html");
    assert_eq!(text(&statement, "h1"), "Toegankelijkheid");
    let body = text(&statement, "main");
    for claim in [
        "Concept.",
        "paginas/toegankelijkheid.md",
        "WCAG) 2.1 op niveau A en AA",
        "EN 301 549",
        "axe-core in de browser Chromium",
        "W3C Nu HTML Checker",
        "PDF/UA-1",
        "Wat de redactie nog zelf moet controleren",
        "tekstalternatief",
        "Interdepartementaal Projectteam Arbeidsmigranten",
    ] {
        assert!(body.contains(claim), "the statement says {claim:?}:\n{body}");
    }
    // Nothing replaced, so no claim that the tests do not apply.
    assert!(!body.contains("eigen sjablonen"), "{body}");

    let pages = html_pages(&case.root().join("out/site"));
    assert!(pages.len() >= 6, "{pages:?}");
    for name in &pages {
        let html = page(&case, name);
        let links: Vec<_> = html.select(&sel("footer a[href=\"toegankelijkheid.html\"]")).collect();
        assert_eq!(links.len(), 1, "{name}: one footer link to the statement");
        assert_eq!(links[0].text().collect::<String>(), "Toegankelijkheid");
        let current = links[0].value().attr("aria-current");
        assert_eq!(current == Some("page"), name == "toegankelijkheid.html", "{name}: aria-current");
        assert_eq!(html.select(&sel("nav.navigatie a[href=\"toegankelijkheid.html\"]")).count(), 0, "{name}");
    }
}

#[test]
fn a_report_with_its_own_templates_hears_that_the_tests_do_not_cover_them() {
    let case = Case::new("valid");
    case.write("templates/static/style.css", "body { color: #000; }\n");
    build(&case);
    let body = text(&page(&case, "toegankelijkheid.html"), "main");
    assert!(body.contains("eigen sjablonen of een eigen stijl (templates/static/style.css)"), "{body}");
}

#[test]
fn the_contents_own_statement_replaces_the_draft() {
    let case = Case::new("valid");
    case.write(
        "paginas/toegankelijkheid.md",
        "---\ntitel: Toegankelijkheidsverklaring\n---\nDeze site voldoet **gedeeltelijk** aan WCAG 2.1. Zie [[2.1.A]].\n",
    );
    let outcome = build(&case);
    assert!(!outcome.stderr.contains("toegankelijkheid"), "no warning about the statement:\n{}", outcome.stderr);
    let statement = page(&case, "toegankelijkheid.html");
    assert_eq!(text(&statement, "h1"), "Toegankelijkheidsverklaring");
    let body = text(&statement, "main");
    assert!(body.contains("Deze site voldoet gedeeltelijk aan WCAG 2.1. Zie 2.1.A."), "{body}");
    assert!(!body.contains("Concept."), "the draft is gone: {body}");
    assert_eq!(statement.select(&sel("main a[href=\"werk.html#aanbeveling-2-1-a\"]")).count(), 1);
    assert_eq!(statement.select(&sel("footer a[aria-current=\"page\"]")).count(), 1);
    // Not in the main navigation unless rapport.yaml places it.
    assert_eq!(statement.select(&sel("nav.navigatie a[href=\"toegankelijkheid.html\"]")).count(), 0);
}

#[test]
fn a_statement_placed_among_the_pages_is_in_the_navigation_once() {
    let case = Case::new("valid");
    case.write("paginas/toegankelijkheid.md", "# Toegankelijkheid\n\nOnze eigen verklaring.\n");
    case.edit("rapport.yaml", "paginas_na: [conclusie]", "paginas_na: [conclusie, toegankelijkheid]");
    build(&case);
    let index = page(&case, "index.html");
    assert_eq!(index.select(&sel("nav.navigatie a[href=\"toegankelijkheid.html\"]")).count(), 1);
    let body = text(&page(&case, "toegankelijkheid.html"), "main");
    assert!(body.contains("Onze eigen verklaring.") && !body.contains("Concept."), "{body}");
}

#[test]
fn the_contents_statement_is_checked_like_any_page() {
    let case = Case::new("valid");
    case.write("paginas/toegankelijkheid.md", "# Toegankelijkheid\n\nZie [[9.9.Z]].\n");
    case.check().code(1).has("content/paginas/toegankelijkheid.md:3:5: error:");
}
