//! `toezeggingen.yaml`, the annex of commitments and motions: every
//! mistake at its line in one run, the annex in the site, the PDF (real
//! typst), the JSON and the CSV, `status`, and two editions through
//! `next-year`. The fixture `toezeggingen/` is laid over `valid`.

mod common;
use common::{Case, copy_dir, fixture, pdftotext_layout, squash};
use serde_json::Value;

const SLUG: &str = "jaarrapportage-proef-2030";

fn case() -> Case {
    let case = Case::new("valid");
    copy_dir(&fixture("toezeggingen"), &case.content());
    case
}

fn read(case: &Case, rel: &str) -> String {
    std::fs::read_to_string(case.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The page's text without tags, white space folded.
fn text_of(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    doc.root_element().text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every mistake of the file at its line and column, in one run.
#[test]
fn errors_come_all_at_once_with_their_lines() {
    let case = Case::new("valid");
    case.write(
        "toezeggingen.yaml",
        "\
- sleutel: a
  soort: motie
  nummer: TZ202305-160
  titel: Een motie zonder Kamerstuk
  datum: 11-02-2030
  ministerie: SZWW
  omschrijving: x
  termijn: 2031-Q5
  status: voldaan
  aanbevelingen: [2.1.A, 9.9.Z, twee]
- sleutel: A
  soort: belofte
  titel: Dezelfde sleutel
  ministerie: SZW
  omschrijving: x
  status: afgedaan
  stauts: voldaan
- sleutel: c
  soort: toezegging
  nummer: tz202305-160
  titel: Hetzelfde nummer
  ministerie: BZK
  omschrijving: x
  status: deels voldaan
  afdoening:
    tekst: x
    brom: Kamerstuk 29 861, nr. 1
- soort: toezegging
  titel: Zonder sleutel en status
  ministerie: BZK
  omschrijving: x
",
    );
    case.check()
        .code(1)
        .has("content/toezeggingen.yaml:3:11: error: a motion's `nummer` must be its Kamerstuk; `TZ202305-160` cannot be read as one")
        .has("content/toezeggingen.yaml:5:10: error: `datum` is not a date: `11-02-2030`")
        .has("content/toezeggingen.yaml:6:15: error: unknown ministry `SZWW`")
        .mentions("did you mean `SZW`?")
        .has("content/toezeggingen.yaml:8:12: error: `2031-Q5` is not a milestone date")
        .has("content/toezeggingen.yaml:10:26: error: recommendation 9.9.Z is not in aanbevelingen.yaml")
        .has("content/toezeggingen.yaml:10:33: error: `twee` is not a recommendation identifier")
        .has("content/toezeggingen.yaml:11:12: error: `sleutel: A` is given to two entries")
        .mentions("it is first given on line 1")
        .has("content/toezeggingen.yaml:12:10: error: unknown kind of commitment `belofte`")
        .has("content/toezeggingen.yaml:16:11: error: unknown commitment status `afgedaan`")
        .has("content/toezeggingen.yaml:17:3: error: unknown field `stauts` in a commitment")
        .mentions("did you mean `status`?")
        .has("content/toezeggingen.yaml:20:11: error: `nummer: tz202305-160` is given to two entries")
        .mentions("it is first given on line 3")
        .has("content/toezeggingen.yaml:27:5: error: unknown field `brom` in `afdoening`")
        .has("content/toezeggingen.yaml:28:3: error: commitment: missing field `sleutel`")
        .has("content/toezeggingen.yaml:28:3: error: commitment: missing field `status`")
        .mentions("it does not start with `Kamerstuk`")
        .mentions("14 errors");
    // Nothing was written.
    assert!(!case.root().join("output").exists());
}

#[test]
fn a_file_that_is_not_a_list_and_a_motion_numbered_with_a_dossier_alone() {
    let case = Case::new("valid");
    case.write("toezeggingen.yaml", "sleutel: a\n");
    case.check()
        .code(1)
        .has("content/toezeggingen.yaml:1:1: error: toezeggingen.yaml must be a list of commitments and motions");
    case.write(
        "toezeggingen.yaml",
        "- sleutel: a\n  soort: motie\n  nummer: Kamerstuk 35 359\n  titel: t\n  ministerie: SZW\n  omschrijving: o\n  status: openstaand\n",
    );
    case.check()
        .code(1)
        .has("content/toezeggingen.yaml:3:11: error: a motion's `nummer` must be its Kamerstuk")
        .mentions("names a dossier");
    // An empty file has no commitments, and the site no annex.
    case.write("toezeggingen.yaml", "# nog leeg\n");
    case.run(&["build", "content", "--format", "html"]).code(0);
    assert!(!case.root().join("output/site/toezeggingen.html").exists());
    // With only a settled one, the empty groups are left out and the
    // overview links none of them.
    case.write(
        "toezeggingen.yaml",
        "- sleutel: a\n  soort: toezegging\n  titel: t\n  ministerie: SZW\n  omschrijving: o\n  status: Voldaan\n",
    );
    case.run(&["build", "content", "--format", "html"]).code(0);
    let index = read(&case, "output/site/index.html");
    assert!(!index.contains("#groep-verlopen") && !index.contains("#groep-open"), "{index}");
    assert!(index.contains("<a href=\"toezeggingen.html#groep-voldaan\">Voldaan</a>: <strong>1</strong>"));
    let page = read(&case, "output/site/toezeggingen.html");
    assert!(page.contains("id=\"groep-voldaan\"") && !page.contains("id=\"groep-open\""));
}

/// The annex page: overdue first, then open, then settled; each linked to
/// its Kamerstukken and recommendations; each recommendation lists its
/// commitments; the overview counts them; search finds them.
#[test]
fn the_annex_in_the_site() {
    let case = case();
    case.run(&["build", "content", "--format", "html"]).code(0);
    let page = read(&case, "output/site/toezeggingen.html");
    let text = text_of(&page);
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text}"));
    assert!(at("Verlopen (1)") < at("Motie over arbeidsmarktdiscriminatie"));
    assert!(at("Motie over arbeidsmarktdiscriminatie") < at("Open (2)"));
    assert!(at("Open (2)") < at("Motie over huisvesting en certificering"));
    assert!(at("Motie over huisvesting en certificering") < at("Toezegging over een brief aan gemeenten"));
    assert!(at("Toezegging over een brief aan gemeenten") < at("Voldaan (1)"));
    assert!(at("Voldaan (1)") < at("Toezegging over een jaarlijkse rapportage"));
    assert!(text.contains("Van de 4 toezeggingen en moties zijn er 1 verlopen, 2 open en 1 voldaan."), "{text}");
    // The overdue one carries the milestones' mark and words, and only it.
    let doc = scraper::Html::parse_document(&page);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let overdue: Vec<String> =
        doc.select(&sel("article.toezegging .markering-verlopen")).map(|m| m.text().collect::<String>()).collect();
    assert_eq!(overdue, ["! verlopen"]);
    let marked = doc.select(&sel("article.toezegging.verlopen")).next().expect("an overdue article");
    assert_eq!(marked.value().id(), Some("toezegging-motie-verlopen"));
    // Kamerstukken link to their publication; a register number and a debate report stay text.
    for href in [
        "https://zoek.officielebekendmakingen.nl/kst-35359-9.html",
        "https://zoek.officielebekendmakingen.nl/kst-30950-189.html",
        "https://zoek.officielebekendmakingen.nl/kst-29861-200.html",
        "werk.html#aanbeveling-2-1-a",
        "huisvesting.html#aanbeveling-4-1-a",
    ] {
        assert!(doc.select(&sel(&format!("a[href=\"{href}\"]"))).next().is_some(), "no link to {href}");
    }
    assert!(text.contains("TZ202305-160") && text.contains("Handelingen II 2029/30, nr. 12"));
    // The menu of every page links the annex.
    for p in ["index.html", "werk.html", "tijdpad.html"] {
        assert!(read(&case, &format!("output/site/{p}")).contains("<a href=\"toezeggingen.html\""), "{p}");
    }
    // Each recommendation lists the commitments that concern it.
    let werk = scraper::Html::parse_document(&read(&case, "output/site/werk.html"));
    let listed = |id: &str| -> Vec<String> {
        werk.select(&sel(&format!("#{id} .toezeggingen-lijst li")))
            .map(|li| li.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        listed("aanbeveling-2-1-a"),
        ["Motie: Motie over huisvesting en certificering (Kamerstuk 35 359, nr. 9) Openstaand"]
    );
    assert_eq!(
        listed("aanbeveling-2-1-b"),
        ["Motie: Motie over arbeidsmarktdiscriminatie (30 950, nr. 189) Deels voldaan ! verlopen"]
    );
    let huis = read(&case, "output/site/huisvesting.html");
    assert!(huis.contains("toezeggingen.html#toezegging-motie-open"));
    assert!(huis.contains("toezeggingen.html#toezegging-toezegging-voldaan"));
    // The overview counts them.
    let index = text_of(&read(&case, "output/site/index.html"));
    assert!(index.contains("Verlopen: 1 Open: 2 Voldaan: 1"), "{index}");
    // Every link into the annex lands on an element of it.
    let ids: Vec<String> = doc.select(&sel("[id]")).map(|e| e.value().id().unwrap().to_string()).collect();
    for p in ["index.html", "werk.html", "huisvesting.html"] {
        let from = scraper::Html::parse_document(&read(&case, &format!("output/site/{p}")));
        for a in from.select(&sel("a[href^=\"toezeggingen.html#\"]")) {
            let anchor = a.value().attr("href").unwrap().split_once('#').unwrap().1;
            assert!(ids.iter().any(|i| i == anchor), "{p}: no #{anchor} on toezeggingen.html");
        }
    }
    // Search finds them.
    let search = read(&case, "output/site/static/zoekindex.js");
    assert!(search.contains("\"u\":\"toezeggingen.html#toezegging-toezegging-aangehouden\""));
    assert!(search.contains("Een brief aan gemeenten over rechtshulp."));
}

/// The PDF annex through the real typst, read back with pdftotext.
#[test]
fn the_annex_in_the_pdf() {
    let case = case();
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let text = squash(&pdftotext_layout(&case.root().join(format!("output/{SLUG}.pdf"))));
    let at = |needle: &str| {
        let n = squash(needle);
        text.rfind(&n).unwrap_or_else(|| panic!("{needle:?} not in the PDF"))
    };
    // The annex comes last: its heading, then the groups in order.
    let annex = at("Bijlage C Toezeggingen en moties");
    assert!(annex < at("Van de 4 toezeggingen en moties zijn er 1 verlopen, 2 open en 1 voldaan."));
    assert!(annex < at("Verlopen (1)"));
    assert!(at("Verlopen (1)") < at("Motie over arbeidsmarktdiscriminatie"));
    assert!(at("Motie over arbeidsmarktdiscriminatie") < at("Open (2)"));
    assert!(at("Open (2)") < at("Voldaan (1)"));
    assert!(at("Voldaan (1)") < at("Toezegging over een jaarlijkse rapportage"));
    for needle in [
        "Status: Deels voldaan ! verlopen",
        "Kamerstuk 35 359, nr. 9",
        "TZ202305-160",
        "Afdoening: Afgedaan met de jaarrapportage. (Kamerstuk 29 861, nr. 200)",
        "Aanbevelingen 2.1.A, 4.1.A",
        "Termijn 3e kwartaal 2030",
    ] {
        at(needle);
    }
    // And in the table of contents and with its recommendation.
    assert!(text.find(&squash("Bijlage C Toezeggingen en moties")).unwrap() < annex);
    assert!(text.contains(&squash("Toezeggingen en moties • Motie: Motie over arbeidsmarktdiscriminatie (30 950, nr. 189) Deels voldaan ! verlopen Zie Bijlage C.")));
}

/// The JSON and the CSV carry what the annex shows.
#[test]
fn the_open_data_carries_them() {
    let case = case();
    case.run(&["build", "content", "--format", "json,csv"]).code(0);
    let json: Value = serde_json::from_str(&read(&case, &format!("output/{SLUG}.json"))).unwrap();
    let tz = json["toezeggingen"].as_array().unwrap();
    let keys: Vec<&str> = tz.iter().map(|c| c["sleutel"].as_str().unwrap()).collect();
    assert_eq!(keys, ["motie-verlopen", "motie-open", "toezegging-aangehouden", "toezegging-voldaan"]);
    let overdue = &tz[0];
    assert_eq!(overdue["verlopen"], true);
    assert_eq!(overdue["termijn"], "2030-Q3");
    assert_eq!(overdue["laatste_dag"], "2030-09-30");
    assert_eq!(overdue["status"], "deels-voldaan");
    assert_eq!(
        overdue["geschiedenis"],
        serde_json::json!([{ "jaar": 2030, "status": "deels-voldaan", "status_label": "Deels voldaan" }])
    );
    assert_eq!(tz[1]["aanbevelingen"], serde_json::json!(["2.1.A", "4.1.A"]));
    assert_eq!(tz[2]["aanbevelingen"], serde_json::json!([]));
    assert_eq!(
        tz[3]["afdoening"],
        serde_json::json!({ "tekst": "Afgedaan met de jaarrapportage.", "bron": "Kamerstuk 29 861, nr. 200" })
    );
    assert_eq!(tz[3]["verlopen"], false);

    let bytes = std::fs::read(case.root().join(format!("output/{SLUG}-toezeggingen.csv"))).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "Excel needs the byte-order mark");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "sleutel;soort;nummer;titel;datum;door;ministerie;vindplaats;omschrijving;termijn;status;status_label;verlopen;afdoening;afdoening_bron;aanbevelingen;vorige_status;wijziging"
    );
    assert_eq!(
        lines[1],
        "motie-verlopen;motie;30 950, nr. 189;Motie over arbeidsmarktdiscriminatie;;Marijnissen c.s.;SZW;;Vraagt de motie mee te nemen bij de certificering.;2030-Q3;deels-voldaan;Deels voldaan;ja;;;2.1.B;;"
    );
    assert_eq!(lines[2].split(';').nth(15), Some("2.1.A, 4.1.A"));
    assert_eq!(lines.len(), 6, "four rows, the header and the final line end");
}

#[test]
fn status_lists_open_and_overdue_commitments_per_ministry() {
    let case = case();
    let out = case.run(&["status", "content"]);
    out.code(0);
    let szw = out.stdout.split("\nBZK").next().unwrap();
    assert!(szw.contains("  overdue commitments and motions:\n    motie-verlopen (termijn 2030-Q3)  Motie over arbeidsmarktdiscriminatie [deels-voldaan]\n"), "{szw}");
    assert!(!szw.contains("toezegging-voldaan"), "a settled one is not chased");
    assert!(out.stdout.contains("  open commitments and motions:\n    motie-open (termijn 2031-Q2)  Motie over huisvesting en certificering [openstaand]\n"));
    assert!(out.stdout.contains("  open commitments and motions:\n    toezegging-aangehouden  Toezegging over een brief aan gemeenten [aangehouden]\n"));
    assert!(out.stdout.trim_end().ends_with("1 overdue commitment or motion"), "{}", out.stdout);
    let json: Value = serde_json::from_str(&case.run(&["status", "content", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["toezeggingen_verlopen"], 1);
}

/// Two editions: `next-year` carries the file over, the editors settle
/// the overdue motion and add a commitment, and the new edition says so.
#[test]
fn next_year_carries_them_and_the_new_edition_shows_what_was_settled() {
    let case = case();
    case.run(&["next-year", "content", "y2031"]).code(0);
    let carried = std::fs::read_to_string(case.root().join("y2031/toezeggingen.yaml")).unwrap();
    assert_eq!(carried, std::fs::read_to_string(fixture("toezeggingen").join("toezeggingen.yaml")).unwrap());
    let file = case.root().join("y2031/toezeggingen.yaml");
    let edited = carried
        .replace("  termijn: 2030-Q3\n  status: deels-voldaan\n", "  termijn: 2030-Q3\n  status: voldaan\n")
        + "- sleutel: motie-nieuw\n  soort: motie\n  titel: Een nieuwe motie\n  ministerie: SZW\n  omschrijving: Iets nieuws.\n  status: openstaand\n";
    std::fs::write(&file, edited).unwrap();
    case.run(&["build", "y2031", "--out", "out2031", "--format", "html,json"]).code(0);

    let json: Value = serde_json::from_str(&read(&case, "out2031/jaarrapportage-proef-2031.json")).unwrap();
    let find =
        |key: &str| json["toezeggingen"].as_array().unwrap().iter().find(|c| c["sleutel"] == key).unwrap().clone();
    let settled = find("motie-verlopen");
    assert_eq!(settled["verlopen"], false);
    assert_eq!(settled["wijziging"], "voldaan sinds vorig jaar");
    assert_eq!(settled["vorige_status_label"], "Deels voldaan");
    assert_eq!(
        settled["geschiedenis"],
        serde_json::json!([
            { "jaar": 2030, "status": "deels-voldaan", "status_label": "Deels voldaan" },
            { "jaar": 2031, "status": "voldaan", "status_label": "Voldaan" }
        ])
    );
    assert_eq!(find("motie-nieuw")["wijziging"], "nieuw");
    assert_eq!(find("motie-open")["wijziging"], Value::Null);

    let page = text_of(&read(&case, "out2031/site/toezeggingen.html"));
    assert!(page.contains("Voldaan sinds vorig jaar: Motie over arbeidsmarktdiscriminatie."), "{page}");
    assert!(page.contains("Nieuw in dit rapport: Een nieuwe motie."), "{page}");
    assert!(page.contains("Status per jaar2030: Deels voldaan; 2031: Voldaan"), "{page}");
    assert!(page.contains("Status: Voldaan voldaan sinds vorig jaar (vorig jaar: Deels voldaan)"), "{page}");
}
