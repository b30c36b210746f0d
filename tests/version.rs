//! `versie` and what `next-year` carried over: a concept marks itself in
//! every output, a `definitief` report refuses what is not ready (each
//! problem at its place), and last year's text is named until it is
//! rewritten or confirmed. On the fixture's next edition, made by the
//! real `next-year`; the PDF by the real typst.

mod common;

use common::{Case, pdftotext};
use std::path::Path;
use std::process::Command;

const SLUG: &str = "jaarrapportage-proef-2031";

/// The fixture taken a year on; what next-year printed.
fn next_edition() -> (Case, String) {
    let case = Case::new("valid");
    let out = case.run(&["next-year", "content", "next"]);
    out.code(0);
    std::fs::remove_dir_all(case.content()).unwrap();
    std::fs::rename(case.root().join("next"), case.content()).unwrap();
    (case, out.stdout)
}

const CARRIED: [&str; 4] =
    ["afbeeldingen/tijdlijn.svg", "hoofdstukken/werk.md", "paginas/conclusie.md", "paginas/inleiding.md"];

#[test]
fn next_year_ends_with_what_it_carried_over_and_status_and_check_name_it() {
    let (case, printed) = next_edition();
    let tail: Vec<&str> = printed.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect();
    assert_eq!(
        tail,
        [
            "carried over unchanged from 2030, to rewrite or confirm under `bevestigd` in rapport.yaml (4):",
            "  afbeeldingen/tijdlijn.svg",
            "  hoofdstukken/werk.md",
            "  paginas/conclusie.md",
            "  paginas/inleiding.md",
        ],
        "{printed}"
    );
    assert!(case.read("rapport.yaml").contains("\nversie: concept\n"));
    assert!(case.read("archief/2030-overgenomen.yaml").contains("- pad: paginas/inleiding.md\n  hash: xxh3:"));

    // A concept: check warns at each file, status lists them.
    let out = case.check();
    out.code(0);
    for f in CARRIED {
        let what = if f.starts_with("afbeeldingen/") { "still as in" } else { "still the text of" };
        out.has(&format!("content/{f}:1:1: warning: {what} 2030, carried over unchanged by next-year"));
    }
    let status = case.run(&["status", "content"]);
    assert!(
        status.stdout.contains(&format!("\nstill last year's text (4):\n  {}\n", CARRIED.join("\n  "))),
        "{}",
        status.stdout
    );

    // Rewritten or confirmed, a file is no longer named.
    case.edit("paginas/inleiding.md", "\n---\n", "\n---\nDit rapport beschrijft de stand op 1 december 2031.\n");
    case.edit(
        "rapport.yaml",
        "versie: concept\n",
        "versie: concept\nbevestigd: [hoofdstukken/werk.md, paginas/weg.md]\n",
    );
    let out = case.check();
    out.code(0).has("content/rapport.yaml:").mentions("warning: `paginas/weg.md` is not a file carried over unchanged");
    assert!(!out.stderr.contains("content/paginas/inleiding.md:1:1: warning: still"), "{}", out.stderr);
    assert!(!out.stderr.contains("content/hoofdstukken/werk.md:1:1: warning: still"), "{}", out.stderr);
    let json = case.run(&["status", "content", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["van_vorig_jaar"], serde_json::json!(["afbeeldingen/tijdlijn.svg", "paginas/conclusie.md"]));
    assert_eq!(v["bevestigd_van_vorig_jaar"], serde_json::json!(["hoofdstukken/werk.md"]));

    // The next edition of that does not inherit the confirmation.
    case.run(&["next-year", "content", "y2032"]).code(0);
    let rapport = std::fs::read_to_string(case.root().join("y2032/rapport.yaml")).unwrap();
    assert!(rapport.contains("\n# bevestigd in 2031: [hoofdstukken/werk.md, paginas/weg.md]\n"), "{rapport}");
}

#[test]
fn a_definitief_report_refuses_each_unready_part_at_its_place() {
    let (case, _) = next_edition();
    case.edit("rapport.yaml", "versie: concept", "versie: definitief");
    let out = case.check();
    out.code(1);
    let versie_line = case.read("rapport.yaml").lines().position(|l| l == "versie: definitief").unwrap() + 1;
    out.has(&format!("content/rapport.yaml:{versie_line}:9: error: a definitief report needs its `kamerstuk`"))
        .has(&format!("content/rapport.yaml:{versie_line}:9: error: a definitief report needs its `publicatiedatum`"));
    for (file, who, id) in [
        ("bijdragen/BZK/4.1.A.md", "BZK", "4.1.A"),
        ("bijdragen/JenV/2.1.A.md", "JenV", "2.1.A"),
        ("bijdragen/SZW/2.1.A.md", "SZW", "2.1.A"),
        ("bijdragen/SZW/4.2.C.md", "SZW", "4.2.C"),
    ] {
        out.has(&format!(
            "content/{file}:1:1: error: a definitief report: {who}'s contribution on {id} has no `akkoord`"
        ));
    }
    for f in CARRIED {
        let what = if f.starts_with("afbeeldingen/") { "still as in" } else { "still the text of" };
        out.has(&format!("content/{f}:1:1: error: a definitief report: {what} 2030"));
    }
    // Nothing is built.
    case.run(&["build", "content", "--out", "out", "--format", "json"]).code(1);
    assert!(!case.root().join("out").exists());

    // Filled in, agreed and confirmed, it builds.
    case.edit("rapport.yaml", "versie: definitief", "versie: definitief\nkamerstuk: \"29 861, nr. 300\"\npublicatiedatum: 2032-01-20\nbevestigd:\n  - paginas/conclusie.md\n  - paginas/inleiding.md\n  - hoofdstukken/werk.md\n  - afbeeldingen/tijdlijn.svg");
    for f in ["bijdragen/BZK/4.1.A.md", "bijdragen/JenV/2.1.A.md", "bijdragen/SZW/2.1.A.md", "bijdragen/SZW/4.2.C.md"] {
        case.edit(f, "\n---\n", "\nakkoord: { door: Directeur, datum: 2031-12-15 }\n---\n");
    }
    case.check().code(0);
    // The owner's status left out: the final report would say "Geen status".
    case.edit("bijdragen/SZW/2.1.A.md", "status: in-uitvoering\n", "");
    case.check().code(1).has(
        "content/bijdragen/SZW/2.1.A.md:1:1: error: a definitief report: 2.1.A has no status; its owner SZW sets it",
    );
    case.edit("bijdragen/SZW/2.1.A.md", "---\n", "---\nstatus: in-uitvoering\n");
    case.check().code(0);
    case.run(&["build", "content", "--out", "out", "--format", "json,dcat"]).code(0);
    let json = std::fs::read_to_string(case.root().join(format!("out/{SLUG}.json"))).unwrap();
    assert!(json.contains("\"versie\": \"definitief\""), "{json}");
    assert!(!json.contains("\"concept\""));
    assert!(
        json.contains("\"akkoord\": {\n            \"door\": \"Directeur\",\n            \"datum\": \"2031-12-15\""),
        "{json}"
    );
}

fn typst() -> String {
    std::env::var("TYPST").unwrap_or_else(|_| "typst".into())
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = info.lines().find(|l| l.starts_with("Pages:")).expect("Pages:");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let out = Command::new("pdftotext").args(["-f", &n, "-l", &n, "-enc", "UTF-8"]).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_concept_says_so_on_every_page_and_in_the_open_data() {
    let (case, _) = next_edition();
    // The content's date is its latest agreement.
    case.edit("bijdragen/BZK/4.1.A.md", "\n---\n", "\nakkoord: { door: DG Wonen, datum: 2031-11-21 }\n---\n");
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out"])
        .current_dir(case.root())
        .env("TYPST", typst())
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let sentence =
        "Niet de definitieve versie: de stand op de peildatum 1 december 2031, de inhoud van 21 november 2031.";

    let site = case.root().join("out/site");
    let mut seen = 0;
    for entry in std::fs::read_dir(&site).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let banner = scraper::Selector::parse("body > div.versie-concept[role=note]").unwrap();
        let found: Vec<String> = doc.select(&banner).map(|e| e.text().collect::<String>()).collect();
        assert_eq!(found, [format!("Concept {sentence}")], "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 6, "only {seen} pages");
    // Each contribution says whether it was agreed to.
    let chapter = std::fs::read_to_string(site.join("huisvesting.html")).unwrap();
    assert!(chapter.contains("<p class=\"akkoord\">Akkoord: DG Wonen, 21 november 2031.</p>"), "{chapter}");
    let werk = std::fs::read_to_string(site.join("werk.html")).unwrap();
    assert_eq!(werk.matches("<p class=\"akkoord\">Nog geen akkoord.</p>").count(), 2);

    let pdf = case.root().join(format!("out/{SLUG}.pdf"));
    let n = pages(&pdf);
    assert!(n > 3);
    // build's closing block counts them too.
    let line = printed.lines().find(|l| l.starts_with(&format!("  {SLUG}.pdf  "))).expect("the PDF's line");
    assert!(line.ends_with(&format!(" kB, {n} pages")), "{printed}");
    for p in 1..=n {
        let text = page_text(&pdf, p);
        assert!(text.contains("Concept"), "page {p}: {text}");
        assert!(text.contains(sentence), "page {p}: {text}");
    }
    let all = pdftotext(&pdf);
    assert!(all.contains("Versie"), "the colophon's row");
    assert!(all.contains("Akkoord: DG Wonen, 21 november 2031."), "{all}");

    let json = std::fs::read_to_string(case.root().join(format!("out/{SLUG}.json"))).unwrap();
    assert!(json.contains("\"versie\": \"concept\",\n  \"concept\": \""), "{json}");
    assert!(json.contains(sentence));
    let index = std::fs::read_to_string(site.join("static/zoekindex.js")).unwrap();
    assert!(index.contains(&format!("\"concept\":\"{sentence}\"")), "{}", &index[..300.min(index.len())]);
    let dcat = std::fs::read_to_string(case.root().join(format!("out/{SLUG}.dcat.jsonld"))).unwrap();
    assert!(dcat.contains("\"owl:versionInfo\": \"concept\""), "{dcat}");
    assert!(dcat.contains(sentence));
}

/// The editor's path on the real sample: `next-year` on `content/` makes a
/// concept, and its whole build (PDF included) succeeds with the mark on
/// every page. The sample's lists run over page breaks, which the concept's
/// mark must not enter: PDF/UA refused it until the mark was an artifact.
#[test]
fn the_sample_taken_a_year_on_builds_as_a_concept() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &tmp.path().join("content"));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
            .args(args)
            .current_dir(tmp.path())
            .env("TYPST", typst())
            .env("JAARRAPPORT_NO_PROVISION", "1")
            .output()
            .unwrap()
    };
    let next = run(&["next-year", "content", "next"]);
    assert!(next.status.success(), "{}", String::from_utf8_lossy(&next.stderr));
    let out = run(&["build", "next", "--out", "out"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = tmp.path().join("out/jaarrapportage-arbeidsmigranten-2023.pdf");
    let n = pages(&pdf);
    assert!(n > 40, "{n} pages");
    for p in [1, n / 2, n] {
        let text = page_text(&pdf, p);
        // No contribution has its agreement yet: the content has no date of its own.
        let sentence = "Niet de definitieve versie: de stand op de peildatum 1 december 2023, nog zonder akkoord van de ministeries.";
        assert!(text.contains("Concept") && text.contains(sentence), "page {p}: {text}");
    }
}

#[test]
fn without_versie_nothing_says_concept() {
    let case = Case::new("valid");
    case.run(&["build", "content", "--out", "out", "--format", "html,json,dcat"]).code(0);
    let index = std::fs::read_to_string(case.root().join("out/site/index.html")).unwrap();
    assert!(!index.contains("class=\"versie-concept\""));
    let werk = std::fs::read_to_string(case.root().join("out/site/werk.html")).unwrap();
    assert!(!werk.contains("class=\"akkoord\""));
    let json = std::fs::read_to_string(case.root().join("out/jaarrapportage-proef-2030.json")).unwrap();
    assert!(!json.contains("\"versie\"") && !json.contains("\"concept\""));
    let dcat = std::fs::read_to_string(case.root().join("out/jaarrapportage-proef-2030.dcat.jsonld")).unwrap();
    assert!(!dcat.contains("versionInfo"));
}

/// A concept built with a template of the content's own that leaves the
/// concept's mark out would look final: `check` warns, at that template,
/// and names what it lacks; a template that extends `base.html` (which
/// draws the mark) and one that draws `meta.concept` itself are fine.
#[test]
fn a_concept_warns_about_own_templates_without_its_mark() {
    let (case, _) = next_edition();
    case.write(
        "content/templates/html/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.body | safe }}{% endblock %}",
    );
    case.write("templates/html/tijdpad.html", "<!doctype html><title>t</title>{{ meta.concept.text }}");
    case.write("templates/html/toegankelijkheid.html", "<!doctype html><title>t</title><p>Toegankelijk</p>");
    case.write("templates/typst/report.typ", "#let data = json(sys.inputs.data)\n= Rapport\n");
    let out = case.check();
    let warned: Vec<&str> =
        out.stderr.lines().filter(|l| l.contains("so this concept would look like the final report")).collect();
    assert_eq!(warned.len(), 2, "{}", out.stderr);
    assert!(
        warned
            .iter()
            .any(|l| l.starts_with("content/templates/html/toegankelijkheid.html") && l.contains("`meta.concept`")),
        "{warned:?}"
    );
    assert!(
        warned.iter().any(|l| l.starts_with("content/templates/typst/report.typ") && l.contains("PDF's concept mark")),
        "{warned:?}"
    );

    // Without `versie: concept` nothing is missing.
    case.edit("rapport.yaml", "versie: concept\n", "");
    let out = case.check();
    assert!(!out.stderr.contains("would look like the final report"), "{}", out.stderr);
}
