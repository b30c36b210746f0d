//! The site's search index (`static/zoekindex.js`), built by the real
//! binary from the fixture: a script a browser can run that holds every
//! title, summary, milestone, contribution passage and source, each
//! linking to its place. Queries in a browser are tested in
//! tests/browser/site.test.mjs.

mod common;
use common::Case;
use serde_json::Value;
use std::process::Command;

const INDEX: &str = "out/site/static/zoekindex.js";
const PREFIX: &str = "window.jaarrapportZoekindex = ";

fn build(case: &Case) -> String {
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    std::fs::read_to_string(case.root().join(INDEX)).expect("the build writes static/zoekindex.js")
}

/// The global the script sets, as node evaluates it: proof that it is
/// JavaScript, not just JSON-looking text.
fn run_in_node(script: &str) -> Value {
    let program =
        format!("const window = {{}};\n{script}\nprocess.stdout.write(JSON.stringify(window.jaarrapportZoekindex));");
    let out = Command::new("node").args(["-e", &program]).output().expect("node (20 or later) must be installed");
    assert!(out.status.success(), "node cannot run zoekindex.js: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the global is an object")
}

/// The document linking to `url`.
fn doc<'a>(index: &'a Value, url: &str) -> &'a Value {
    index["documenten"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["u"] == url)
        .unwrap_or_else(|| panic!("no document for {url} in {index:#}"))
}

/// A document's passages as (label, text).
fn passages(index: &Value, d: &Value) -> Vec<(String, String)> {
    let labels = index["soorten"].as_array().unwrap();
    d["p"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let label = labels[p[0].as_u64().unwrap() as usize].as_str().unwrap().to_string();
            (label, p[1].as_str().unwrap().to_string())
        })
        .collect()
}

fn has(list: &[(String, String)], label: &str, text: &str) -> bool {
    list.iter().any(|(l, t)| l == label && t == text)
}

#[test]
fn the_index_holds_every_text_of_the_fixture_at_its_place() {
    let case = Case::new("valid");
    let script = build(&case);
    assert!(script.contains(PREFIX), "{}", &script[..script.len().min(200)]);
    let index = run_in_node(&script);
    assert_eq!(index["versie"], 1);

    // Report order: pages before, chapter, its recommendations, ..., pages after.
    let urls: Vec<&str> = index["documenten"].as_array().unwrap().iter().map(|d| d["u"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "inleiding.html",
            "werk.html",
            "werk.html#aanbeveling-2-1-a",
            "werk.html#aanbeveling-2-1-b",
            "huisvesting.html",
            "huisvesting.html#aanbeveling-4-1-a",
            "huisvesting.html#aanbeveling-4-2-c",
            "conclusie.html"
        ]
    );

    let rec = doc(&index, "werk.html#aanbeveling-2-1-a");
    assert_eq!(rec["i"], "2.1.A");
    assert_eq!(rec["t"], "Verplichte certificering van uitzendbureaus");
    let p = passages(&index, rec);
    assert!(has(&p, "Samenvatting", "Het wetsvoorstel ligt bij de Tweede Kamer."), "{p:#?}");
    assert!(has(&p, "Mijlpaal juni 2030", "Wetsvoorstel ingediend"), "{p:#?}");
    assert!(has(&p, "Mijlpaal 2e kwartaal 2031", "Behandeling in de Eerste Kamer"), "{p:#?}");
    // Markdown as the reader reads it: a cross-reference by its identifier,
    // a footnote as a passage of its own, a table row's cells together.
    assert!(has(&p, "Voortgang SZW", "Het stelsel van verplichte certificering krijgt vorm. Zie ook 4.1.A."), "{p:#?}");
    assert!(has(&p, "Voortgang SZW", "Indiening; juni 2030"), "{p:#?}");
    assert!(has(&p, "Voortgang SZW", "Zie de brief van juni 2030."), "{p:#?}");
    assert!(has(&p, "Bron", "Kamerstuk 29 861, nr. 199"), "{p:#?}");
    let jenv = std::fs::read_to_string(case.content().join("bijdragen/JenV/2.1.A.md")).unwrap();
    assert!(p.iter().any(|(l, _)| l == "Voortgang JenV"), "JenV's contribution is indexed: {p:#?}\n{jenv}");

    // A folded-in recommendation has no contribution but is found by its title.
    let folded = doc(&index, "werk.html#aanbeveling-2-1-b");
    assert_eq!(folded["t"], "Inhoudelijke toets bij inschrijving");

    let chapter = doc(&index, "werk.html");
    assert_eq!(chapter["i"], "");
    assert_eq!(chapter["t"], "1. Werk: eerlijk uitzendwerk");
    assert!(passages(&index, chapter).iter().all(|(l, _)| l == "Inleiding"));
    let intro = std::fs::read_to_string(case.content().join("hoofdstukken/werk.md")).unwrap();
    let first_words: String = intro.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert!(
        passages(&index, chapter).iter().any(|(_, t)| t.contains(first_words.trim_start_matches('#').trim())),
        "the chapter introduction ({first_words:?}) is indexed"
    );
    assert!(!passages(&index, doc(&index, "inleiding.html")).is_empty());
}

/// Text that looks like markup or script stays text: the index is a
/// string the search script puts in text nodes.
#[test]
fn hostile_text_is_data_in_the_index() {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "krijgt vorm.",
        "krijgt vorm. </script><script>alert(1)</script> \"quote\" \u{2028}${x}`",
    );
    let script = build(&case);
    let index = run_in_node(&script);
    let p = passages(&index, doc(&index, "werk.html#aanbeveling-2-1-a"));
    assert!(p.iter().any(|(_, t)| t.contains("</script><script>alert(1)</script> \"quote\" ${x}`")), "{p:#?}");
}

#[test]
fn the_same_content_gives_the_same_index() {
    let first = build(&Case::new("valid"));
    let second = build(&Case::new("valid"));
    assert_eq!(first, second);
}

/// Every passage of `index` is on the page its result links to, inside
/// the linked article: a result shows what the reader finds there.
/// Compared without white space (and the `; ` that joins a table row's
/// cells and the footnote numbers set in the text; an image counts by its
/// description), as an HTML parser reads the built pages. Returns how many
/// passages it checked.
fn assert_passages_on_their_pages(site: &std::path::Path, index: &Value) -> usize {
    use scraper::{Html, Selector};
    let flat = |s: &str| -> String { common::squash(s).replace(';', "") };
    let mut checked = 0;
    for d in index["documenten"].as_array().unwrap() {
        let url = d["u"].as_str().unwrap();
        let (file, anchor) = url.split_once('#').unwrap_or((url, ""));
        let html = std::fs::read_to_string(site.join(file)).unwrap();
        let page = Html::parse_document(&html);
        let target = if anchor.is_empty() { "main".to_string() } else { format!("article#{anchor}") };
        let el = page.select(&Selector::parse(&target).unwrap()).next().unwrap_or_else(|| panic!("{url}: no {target}"));
        let text: String = el
            .descendants()
            .filter(|n| {
                !n.ancestors().any(|a| a.value().as_element().is_some_and(|e| e.attr("class") == Some("voetnoot-ref")))
            })
            .filter_map(|n| match n.value() {
                scraper::Node::Text(t) => Some(t.to_string()),
                scraper::Node::Element(e) if e.name() == "img" => e.attr("alt").map(String::from),
                _ => None,
            })
            .collect();
        let text = flat(&text);
        assert!(text.contains(&flat(d["t"].as_str().unwrap())), "{url}: the title is there");
        for (label, passage) in passages(index, d) {
            assert!(text.contains(&flat(&passage)), "{url}: {label} passage {passage:?} is not on the page");
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_passage_of_the_sample_is_where_its_result_links() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &tmp.path().join("content"));
    let case = Case { tmp };
    let index = run_in_node(&build(&case));
    let checked = assert_passages_on_their_pages(&case.root().join("out/site"), &index);
    assert!(checked > 300, "only {checked} passages");
}

/// A year later: why a milestone moved and the milestone that vanished
/// are found too, where the chapter page shows them.
#[test]
fn a_moved_milestones_reason_and_a_vanished_milestone_are_found() {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "    wat: Behandeling in de Eerste Kamer\n",
        "    wat: Behandeling in de Eerste Kamer\n  - wanneer: 2031-Q1\n    wat: Advies Raad van State\n  - wanneer: 2031-Q3\n    wat: Start certificering\n",
    );
    case.run(&["build", "content", "--out", "out2030", "--format", "json"]).code(0);
    case.run(&["next-year", "content", "y2031"]).code(0);
    let file = case.root().join("y2031/bijdragen/SZW/2.1.A.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let text =
        text.replacen("wanneer: 2031-Q1", "wanneer: 2031-Q3\n    toelichting: De Raad van State vroeg meer tijd.", 1);
    let start = text.find("  - sleutel: start-certificering").expect(&text);
    let end =
        start + text[start..].find("    wat: Start certificering\n").unwrap() + "    wat: Start certificering\n".len();
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).unwrap();
    case.run(&["build", "y2031", "--out", "out", "--format", "html"]).code(0);

    let index = run_in_node(&std::fs::read_to_string(case.root().join(INDEX)).unwrap());
    let p = passages(&index, doc(&index, "werk.html#aanbeveling-2-1-a"));
    assert!(has(&p, "Toelichting bij mijlpaal 3e kwartaal 2031", "De Raad van State vroeg meer tijd."), "{p:#?}");
    assert!(has(&p, "Vervallen mijlpaal 3e kwartaal 2031", "Start certificering"), "{p:#?}");
    assert_passages_on_their_pages(&case.root().join("out/site"), &index);
}
