//! Sources that link: a Kamerstuk in `bronnen` or `kamerstuk` becomes a
//! link to its official publication in the site and in the PDF, a web
//! address links to itself, and a reference that cannot be read warns at
//! its place. Built by the real binary; the PDF's links are read back from
//! the PDF file's link annotations, its text by pdftotext.

mod common;
use common::{Case, copy_dir};
use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

const PUBLICATIONS: &str = "https://zoek.officielebekendmakingen.nl/";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn sample() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &tmp.path().join("content"));
    Case { tmp }
}

/// The address of a Kamerstuk as the sample writes them ("Kamerstuk 29 861,
/// nr. 99" or a whole dossier, "Kamerstuk 36 130"), worked out here on its
/// own: the dossier's digits, then the number.
fn expected_address(source: &str) -> String {
    let rest = source.strip_prefix("Kamerstuk ").unwrap_or_else(|| panic!("{source}"));
    match rest.split_once(", nr. ") {
        Some((dossier, nr)) => format!("{PUBLICATIONS}kst-{}-{nr}.html", dossier.replace(' ', "")),
        None => format!("{PUBLICATIONS}dossier/{}", rest.replace(' ', "")),
    }
}

/// Every source written in the contributions' front matter.
fn written_sources(content: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(content.join("bijdragen")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let front = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---").map(|(f, _)| f)).unwrap_or("");
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(front).unwrap();
        for s in value.get("bronnen").and_then(|b| b.as_sequence()).into_iter().flatten() {
            out.insert(s.as_str().unwrap().trim().to_string());
        }
    }
    out
}

/// (text, href) of every source on every page of a site.
fn site_sources(site: &Path) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(site).unwrap().flatten() {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for li in page.select(&sel("ul.bronnen > li")) {
            let text = li.text().collect::<String>().trim().to_string();
            let href = li.select(&sel("a")).next().and_then(|a| a.attr("href")).map(String::from);
            out.push((text, href));
        }
    }
    out
}

#[test]
fn every_kamerstuk_of_the_sample_links_to_its_publication_in_the_site() {
    let case = sample();
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    let sources = site_sources(&case.root().join("out/site"));
    let written = written_sources(&case.content());
    let kamerstukken: Vec<&String> = written.iter().filter(|s| s.starts_with("Kamerstuk")).collect();
    assert!(kamerstukken.len() >= 10, "the sample cites {} Kamerstukken", kamerstukken.len());
    for k in &kamerstukken {
        let shown: Vec<_> = sources.iter().filter(|(t, _)| t == *k).collect();
        assert!(!shown.is_empty(), "{k} is not shown");
        for (_, href) in shown {
            assert_eq!(href.as_deref(), Some(expected_address(k).as_str()), "{k}");
        }
    }
    // The report's own number, in the footer of every page and the overview.
    for entry in std::fs::read_dir(case.root().join("out/site")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let page = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
            let link =
                page.select(&sel("footer a")).find(|a| a.text().collect::<String>() == "Kamerstuk 29 861, nr. 99");
            assert_eq!(
                link.and_then(|a| a.attr("href")),
                Some(format!("{PUBLICATIONS}kst-29861-99.html").as_str()),
                "{}",
                entry.path().display()
            );
        }
    }
}

/// The fixture with one recommendation citing its sources in every way.
fn spellings() -> Case {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "  - Kamerstuk 29 861, nr. 199\n",
        "  - Kamerstuk 29 861, nr. 199\n  - Kamerstukken II 2029/30, 29 861, nr. 198\n  - kst-29861-197\n  \
         - Kamerstukken 29861 nr 196 (brief van 4 juli)\n  - Kamerstuk 36 600 VII, nr. 5\n  - Kamerstuk 36 130\n  \
         - Zie https://www.rijksoverheid.nl/onderwerpen/arbeidsmigratie.\n  - Advies Geen tweederangsburgers\n  \
         - Kamerstuk 29 861, nrs. 55 en 99\n",
    );
    case
}

#[test]
fn each_spelling_links_in_the_site_and_an_unreadable_one_warns_at_its_place() {
    let case = spellings();
    let run = case.run(&["build", "content", "--out", "out", "--format", "html"]);
    run.code(0).has(
        "content/bijdragen/SZW/2.1.A.md:19:5: warning: `Kamerstuk 29 861, nrs. 55 en 99` is not a Kamerstuk reference that can be linked",
    );
    let sources = site_sources(&case.root().join("out/site"));
    let href = |text: &str| {
        sources.iter().find(|(t, _)| t == text).unwrap_or_else(|| panic!("{text} not shown: {sources:?}")).1.clone()
    };
    let kst = |id: &str| Some(format!("{PUBLICATIONS}{id}.html"));
    assert_eq!(href("Kamerstuk 29 861, nr. 199"), kst("kst-29861-199"));
    assert_eq!(href("Kamerstukken II 2029/30, 29 861, nr. 198"), kst("kst-29861-198"));
    assert_eq!(href("kst-29861-197"), kst("kst-29861-197"));
    assert_eq!(href("Kamerstukken 29861 nr 196 (brief van 4 juli)"), kst("kst-29861-196"));
    assert_eq!(href("Kamerstuk 36 600 VII, nr. 5"), kst("kst-36600-VII-5"));
    assert_eq!(href("Kamerstuk 36 130"), Some(format!("{PUBLICATIONS}dossier/36130")));
    assert_eq!(
        href("Zie https://www.rijksoverheid.nl/onderwerpen/arbeidsmigratie."),
        Some("https://www.rijksoverheid.nl/onderwerpen/arbeidsmigratie".into())
    );
    assert_eq!(href("Advies Geen tweederangsburgers"), None);
    // The unreadable one is still shown, as text.
    assert_eq!(href("Kamerstuk 29 861, nrs. 55 en 99"), None);
}

#[test]
fn an_unreadable_report_number_warns_in_rapport_yaml() {
    let case = Case::new("valid");
    case.edit("rapport.yaml", "kamerstuk: \"29 861, nr. 200\"", "kamerstuk: \"nr. 200\"");
    case.check().code(0).has("content/rapport.yaml:6:12: warning: `nr. 200` is not a Kamerstuk reference");
}

/// The addresses of a PDF's link annotations, as poppler's `pdfinfo -url`
/// lists them (installed by .ci/run with pdftotext).
fn pdf_uris(pdf: &Path) -> BTreeSet<String> {
    let out = std::process::Command::new("pdfinfo").arg("-url").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split_whitespace();
            (cols.nth(1) == Some("Annotation")).then(|| cols.next()).flatten().map(String::from)
        })
        .collect()
}

#[test]
fn the_pdf_links_every_source_and_the_report_number() {
    let case = spellings();
    let typst = jaarrapport::render::pdf::locate(None).expect("typst must be installed (.ci/run installs it)");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--format", "pdf", "--typst"])
        .arg(&typst)
        .current_dir(case.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = case.root().join("out/jaarrapportage-proef-2030.pdf");
    let uris = pdf_uris(&pdf);
    for want in [
        "kst-29861-199.html",
        "kst-29861-198.html",
        "kst-29861-197.html",
        "kst-29861-196.html",
        "kst-36600-VII-5.html",
        "dossier/36130",
        "kst-29861-200.html",
    ] {
        assert!(uris.contains(&format!("{PUBLICATIONS}{want}")), "{want} not linked; the PDF links {uris:?}");
    }
    assert!(uris.contains("https://www.rijksoverheid.nl/onderwerpen/arbeidsmigratie"), "{uris:?}");
    assert!(!uris.iter().any(|u| u.contains("kst-29861-55")), "{uris:?}");
    // The text of every source is printed as written.
    let text = common::squash(&common::pdftotext(&pdf));
    for written in ["Kamerstukken II 2029/30, 29 861, nr. 198", "kst-29861-197", "Kamerstuk 29 861, nrs. 55 en 99"] {
        assert!(text.contains(&common::squash(written)), "{written} not in the PDF");
    }
}
