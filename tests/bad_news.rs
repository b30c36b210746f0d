//! The bad news first, and the same numbers everywhere: a 2031 edition made
//! with `next-year` from 2030's export, with a moved milestone that is done
//! now, an overdue one that was also reworded, one moved to an earlier date
//! (so its first promise differs), one dropped with a reason under
//! `vervallen` and one dropped without. The counts are read back from the
//! site's text, the PDF's text (real typst) and the JSON, and must agree.

mod common;
use common::bad_news::{edit, editions};
use common::{Case, pdftotext, squash};
use serde_json::Value;

const JSON: &str = "out2031/jaarrapportage-proef-2031.json";
const PDF: &str = "out2031/jaarrapportage-proef-2031.pdf";

fn read(case: &Case, rel: &str) -> String {
    std::fs::read_to_string(case.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An HTML page's text, tags removed, white space folded.
fn page_text(case: &Case, rel: &str) -> String {
    let doc = scraper::Html::parse_document(&read(case, rel));
    words(&doc.root_element().text().collect::<Vec<_>>().join(" "))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The counts a reader is told, as the report's sentences say them.
#[derive(Debug, PartialEq, Eq)]
struct Told {
    overdue: u64,
    moved: u64,
    moved_done: u64,
    dropped: u64,
    dropped_with_reason: u64,
}

/// The number just before `marker` in `text` (the first occurrence), both
/// without white space or hyphens, so a PDF's line breaks do not matter.
fn number_before(text: &str, marker: &str) -> u64 {
    let (text, marker) = (squash(text), squash(marker));
    let at = text.find(&marker).unwrap_or_else(|| panic!("no {marker:?} in:\n{text}"));
    let digits: String = text[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().unwrap_or_else(|_| panic!("no number before {marker:?} in:\n{text}"))
}

/// The sentences the overview and the PDF's summary share (made once in the view).
fn told(text: &str) -> Told {
    Told {
        overdue: number_before(text, "mijlpaal is over tijd op de peildatum"),
        moved: number_before(text, "mijlpalen zijn verschoven sinds het rapport over 2030"),
        moved_done: number_before(text, "daarvan is inmiddels gereed"),
        dropped: number_before(text, "mijlpalen van het vorige rapport, nog niet gereed, komen niet meer voor"),
        dropped_with_reason: number_before(text, "daarvan met een toelichting"),
    }
}

fn told_by_json(json: &Value) -> Told {
    let t = &json["mijlpalen_telling"];
    let n = |k: &str| t[k].as_u64().unwrap_or_else(|| panic!("{k} in {t}"));
    Told {
        overdue: n("verlopen"),
        moved: n("verschoven"),
        moved_done: n("verschoven_gereed"),
        dropped: n("vervallen"),
        dropped_with_reason: n("vervallen_met_toelichting"),
    }
}

const EXPECTED: Told = Told { overdue: 1, moved: 2, moved_done: 1, dropped: 2, dropped_with_reason: 1 };

#[test]
fn the_site_and_the_open_data_tell_the_same_counts() {
    let case = editions("html,json,csv");
    let index = page_text(&case, "out2031/site/index.html");
    let json: Value = serde_json::from_str(&read(&case, JSON)).unwrap();
    assert_eq!(told(&index), EXPECTED, "{index}");
    assert_eq!(told_by_json(&json), EXPECTED);
    let t = &json["mijlpalen_telling"];
    assert_eq!((t["total"].as_u64(), t["gereed"].as_u64(), t["gepland"].as_u64()), (Some(6), Some(3), Some(1)), "{t}");

    // The overview's first lines say it too, linking to the sections.
    let html = scraper::Html::parse_document(&read(&case, "out2031/site/index.html"));
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let kern: Vec<String> =
        html.select(&sel(".kern-lijst li")).map(|li| words(&li.text().collect::<String>())).collect();
    assert_eq!(
        kern,
        [
            "1 mijlpaal over tijd",
            "2 verschoven (1 inmiddels gereed)",
            "2 vervallen (1 met toelichting)",
            "3 van de 6 mijlpalen gereed"
        ]
    );
    // The planning's legend counts the moved one that is done as moved, and
    // draws it done with the dashed ring of a moved one.
    let legend =
        words(&html.select(&sel("figure.planning .planning-legenda")).next().unwrap().text().collect::<String>());
    // The legend's numbers are the open data's.
    for state in ["gereed", "gepland", "verlopen", "verschoven"] {
        assert!(legend.contains(&format!("{state} {}", t[state])), "{state} {}: {legend}", t[state]);
    }
    assert!(legend.contains("✔ gereed 3"), "{legend}");
    assert!(legend.contains("→ verschoven 2 (waarvan 1 gereed, met een stippelrand)"), "{legend}");
    assert!(legend.contains("! verlopen 1"), "{legend}");
    let ringed: Vec<String> = html
        .select(&sel("figure.planning g.mijlpaal[data-verschoven]"))
        .map(|g| format!("{} {}", g.attr("data-state").unwrap(), g.attr("data-when").unwrap()))
        .collect();
    assert_eq!(ringed, ["gereed 2031-Q2"]);
    assert_eq!(html.select(&sel("figure.planning g.mijlpaal-verschoven")).count(), 1, "4.2.C, still to come");

    // Over tijd: which, since when, how long, whose.
    let rows: Vec<String> =
        html.select(&sel("table.over-tijd tbody tr")).map(|r| words(&r.text().collect::<Vec<_>>().join(" "))).collect();
    assert_eq!(rows, ["2.1.A Behandeling door de Eerste Kamer afgerond 2e kwartaal 2031 5 maanden SZW"]);
    let caption = words(&html.select(&sel("table.over-tijd caption")).next().unwrap().text().collect::<String>());
    assert_eq!(caption, "1. Werk: eerlijk uitzendwerk", "grouped by chapter");
    // Dropped: with its reason, or saying there is none.
    let dropped: Vec<String> = html
        .select(&sel("table.vervallen-tabel tbody tr"))
        .map(|r| words(&r.text().collect::<Vec<_>>().join(" ")))
        .collect();
    assert_eq!(
        dropped,
        [
            "2.1.A Start certificering 1e kwartaal 2031 De certificering start pas met de wet.",
            "2.1.A Pilot met tien bureaus 1e kwartaal 2031 zonder toelichting"
        ]
    );

    // The overview table: last year's status to this year's, the overdue
    // count and the next milestone, and flags for the filter.
    let row = html
        .select(&sel("#overzicht tbody tr"))
        .find(|r| r.text().any(|t| t.contains("2.1.A")))
        .expect("2.1.A in the overview");
    assert_eq!(row.attr("data-let"), Some("verschoven over-tijd vervallen"));
    let cells: Vec<String> = row.select(&sel("td")).map(|c| words(&c.text().collect::<String>())).collect();
    assert_eq!(cells[5], "! 1");
    assert_eq!(cells[6], "2e kwartaal 2032 Evaluatie");
    let c = html.select(&sel("#overzicht tbody tr")).find(|r| r.text().any(|t| t.contains("4.2.C"))).unwrap();
    assert_eq!(c.attr("data-let"), Some("verschoven"));

    // The recommendation and the tijdpad: first promise, earlier words,
    // the reason a milestone was dropped.
    let werk = page_text(&case, "out2031/site/werk.html");
    for needle in [
        "Behandeling door de Eerste Kamer afgerond ! verlopen over tijd sinds 2e kwartaal 2031 (5 maanden) eerder: Behandeling in de Eerste Kamer",
        "Evaluatie • gepland oorspronkelijk gepland: 4e kwartaal 2032",
        "Start certificering × vervallen SZW Toelichting: De certificering start pas met de wet.",
        "Pilot met tien bureaus × vervallen SZW (zonder toelichting)",
    ] {
        assert!(werk.contains(needle), "{needle}:\n{werk}");
    }
    let tijdpad = page_text(&case, "out2031/site/tijdpad.html");
    assert!(
        tijdpad
            .contains("2.1.A Start certificering × vervallen SZW Toelichting: De certificering start pas met de wet."),
        "{tijdpad}"
    );
    assert!(tijdpad.contains("Behandeling door de Eerste Kamer afgerond ! verlopen SZW over tijd sinds"), "{tijdpad}");
    let tijdpad_html = scraper::Html::parse_document(&read(&case, "out2031/site/tijdpad.html"));
    let jump = tijdpad_html.select(&sel("a.naar-peildatum")).next().expect("a link to the peildatum");
    assert_eq!(jump.attr("href"), Some("#kwartaal-2032-Q2"), "the first quarter from the peildatum's on");

    // A folded-in recommendation says where, once.
    assert!(werk.contains("Kabinetsreactie Meegenomen bij 2.1.A"), "{werk}");
    assert!(!werk.contains("aanbeveling: meegenomen bij"), "{werk}");
    // The CSV: last year's status as a key, like `status`, and its label beside it.
    let csv = read(&case, "out2031/jaarrapportage-proef-2031.csv");
    let lines: Vec<Vec<&str>> = csv.trim_start_matches('\u{feff}').lines().map(|l| l.split(';').collect()).collect();
    let col = |name: &str| lines[0].iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}: {:?}", lines[0]));
    let row = lines.iter().find(|r| r[0] == "2.1.A").unwrap();
    assert_eq!((row[col("vorige_status")], row[col("vorige_status_label")]), ("in-uitvoering", "In uitvoering"));
    assert_eq!(
        (row[col("mijlpalen_verlopen")], row[col("mijlpalen_verschoven")], row[col("mijlpalen_vervallen")]),
        ("1", "1", "2")
    );

    // JSON: the reason, the earlier words, the first date.
    let a = json["aanbevelingen"].as_array().unwrap().iter().find(|r| r["id"] == "2.1.A").unwrap();
    let gone: Vec<(&str, Option<&str>)> = a["vervallen_mijlpalen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["wat"].as_str().unwrap(), d["toelichting"].as_str()))
        .collect();
    assert_eq!(
        gone,
        [("Start certificering", Some("De certificering start pas met de wet.")), ("Pilot met tien bureaus", None)]
    );
    let m = |what: &str| a["mijlpalen"].as_array().unwrap().iter().find(|m| m["wat"] == what).unwrap().clone();
    assert_eq!(m("Behandeling door de Eerste Kamer afgerond")["vorige_wat"], "Behandeling in de Eerste Kamer");
    assert_eq!(m("Evaluatie")["oorspronkelijk_wanneer"], "2032-Q4");
    assert_eq!(a["mijlpalen_verlopen"], 1);
    assert_eq!(a["mijlpalen_verschoven"], 1);

    // `status` counts overdue milestones by the same definition.
    let status = case.run(&["status", "y2031", "--format", "json"]);
    let status: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["verlopen"].as_u64(), Some(EXPECTED.overdue));
}

#[test]
fn the_pdf_tells_the_same_counts_as_the_site_and_the_json() {
    let case = editions("html,json,pdf");
    // In Bijlage A a mark is one unbroken word on its milestone's line.
    let layout = common::pdftotext_layout(&case.root().join(PDF));
    let annex = &layout[layout.rfind("Bijlage A Tijdpad").unwrap()..];
    assert!(
        annex.lines().any(|l| l.contains("4.2.C")
            && l.contains("→ verschoven")
            && l.contains("Wetsvoorstel in consultatie (SZW)")),
        "{annex}"
    );
    let text = words(&pdftotext(&case.root().join(PDF)));
    let json: Value = serde_json::from_str(&read(&case, JSON)).unwrap();
    let index = page_text(&case, "out2031/site/index.html");
    assert_eq!(told(&text), EXPECTED, "{text}");
    assert_eq!(told(&index), told(&text));
    assert_eq!(told_by_json(&json), told(&text));
    let flat = squash(&text);
    for needle in [
        "Over tijd",
        "Behandeling door de Eerste Kamer afgerond (SZW): over tijd sinds 2e kwartaal 2031 (5 maanden)",
        "verschoven 2 (waarvan 1 gereed, met een stippelrand)",
        "Advies Raad van State ✔ gereed",
        "Toelichting: De certificering start pas met de wet.",
        "(zonder toelichting)",
        "oorspronkelijk gepland: 4e kwartaal 2032",
        "eerder: Behandeling in de Eerste Kamer",
    ] {
        assert!(flat.contains(&squash(needle)), "{needle}:\n{text}");
    }
}

#[test]
fn an_acknowledged_drop_is_not_warned_about_and_an_unknown_one_is_an_error() {
    let case = editions("json");
    let out = case.run(&["check", "y2031"]);
    out.code(0);
    assert!(out.stderr.contains("milestone `Pilot met tien bureaus` (2031-Q1) of 2.1.A in last year's report is gone"));
    assert!(!out.stderr.contains("`Start certificering`"), "acknowledged, so no warning:\n{}", out.stderr);

    let file = "y2031/bijdragen/SZW/2.1.A.md";
    edit(
        &case,
        file,
        "    toelichting: De certificering start pas met de wet.\n",
        "    toelichting: De certificering start pas met de wet.\n  - wat: Iets dat nooit gepland was\n    toelichting: Vergissing.\n  - sleutel: wetsvoorstel-ingediend\n    toelichting: Was al gereed.\n  - sleutel: evaluatie\n    toelichting: Staat er nog.\n  - wat: Pilot met tien bureaus\n",
    );
    let text = read(&case, file);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    // The `sleutel` of an entry, one line above its `toelichting`.
    let key_above = |reason: &str| line_of(reason) - 1;
    let out = case.run(&["check", "y2031"]);
    out.code(1);
    let at = |line: usize, col: usize| format!("{file}:{line}:{col}: error: ");
    out.has(&format!(
        "{}`wat: Iets dat nooit gepland was` under `vervallen` names no milestone of 2.1.A in last year's report",
        at(line_of("Iets dat nooit"), 10)
    ))
    .has(&format!(
        "{}`sleutel: wetsvoorstel-ingediend` under `vervallen` was done in last year's report",
        at(key_above("Was al gereed"), 14)
    ))
    .has(&format!(
        "{}`sleutel: evaluatie` under `vervallen` is still a milestone of 2.1.A this year",
        at(key_above("Staat er nog"), 14)
    ))
    .has(&format!("{}a `vervallen` entry needs a `toelichting`", at(line_of("  - wat: Pilot met tien bureaus"), 5)))
    .mentions("the milestones of last year's report that are gone: `start-certificering`, `pilot-tien-bureaus`");
    // Nothing is written when there is an error.
    let before = read(&case, JSON);
    case.run(&["build", "y2031", "--out", "out2031", "--format", "json"]).code(1);
    assert_eq!(read(&case, JSON), before);
}

#[test]
fn the_site_offers_the_files_of_this_build_with_their_sizes() {
    let case = editions("html,json,csv,dcat");
    let site = case.root().join("out2031/site");
    let slug = "jaarrapportage-proef-2031";
    for page in ["index.html", "werk.html", "tijdpad.html", "toegankelijkheid.html"] {
        let html = scraper::Html::parse_document(&read(&case, &format!("out2031/site/{page}")));
        let sel = scraper::Selector::parse("footer .downloads a").unwrap();
        let hrefs: Vec<&str> = html.select(&sel).filter_map(|a| a.attr("href")).collect();
        assert_eq!(
            hrefs,
            [
                format!("downloads/{slug}.json"),
                format!("downloads/{slug}.csv"),
                format!("downloads/{slug}-kerncijfers.csv"),
                format!("downloads/{slug}-toezeggingen.csv"),
                format!("downloads/{slug}.dcat.jsonld"),
            ],
            "{page}: no PDF was built, so none is offered"
        );
        for href in hrefs {
            // The copy is the file itself, byte for byte.
            let copy = std::fs::read(site.join(href)).unwrap();
            let file = std::fs::read(case.root().join("out2031").join(href.trim_start_matches("downloads/"))).unwrap();
            assert_eq!(copy, file, "{href}");
        }
    }
    let footer = page_text(&case, "out2031/site/index.html");
    let size = |file: &str| std::fs::metadata(case.root().join("out2031").join(file)).unwrap().len();
    // Decimal units in Dutch notation, one decimal below ten.
    let dutch = |n: u64| match n {
        0..1000 => format!("{n} bytes"),
        _ => {
            let (v, unit) = if n < 1_000_000 { (n as f64 / 1e3, "kB") } else { (n as f64 / 1e6, "MB") };
            let v = if v < 10.0 { format!("{v:.1}").replace('.', ",") } else { format!("{}", v.round()) };
            format!("{v} {unit}")
        }
    };
    for (label, file) in [("Tabel (CSV)", format!("{slug}.csv")), ("Open data (JSON)", format!("{slug}.json"))] {
        let shown = format!("{label} ({})", dutch(size(&file)));
        assert!(footer.contains(&shown), "{shown}:\n{footer}");
    }
    // The DCAT record names its files by relative address: beside it, in the site too.
    let dcat: Value =
        serde_json::from_str(&read(&case, &format!("out2031/site/downloads/{slug}.dcat.jsonld"))).unwrap();
    let text = dcat.to_string();
    for file in [format!("{slug}.json"), format!("{slug}.csv")] {
        assert!(text.contains(&format!("\"{file}\"")), "{file} in {text}");
        assert!(site.join("downloads").join(&file).is_file());
    }
    // Built again with the site alone, the site offers nothing it did not get.
    case.run(&["build", "y2031", "--out", "out2031", "--format", "html"]).code(0);
    assert!(!read(&case, "out2031/site/index.html").contains("downloads/"), "no stale links");
    assert!(case.root().join(format!("out2031/{slug}.json")).is_file(), "the JSON beside the site is kept");
}
