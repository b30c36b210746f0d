//! The editors' tools: open-data export, year over year, `status`, `new`.

mod common;
use common::{Case, pdftotext, pdftotext_layout};
use serde_json::Value;

const JSON: &str = "output/jaarrapportage-proef-2030.json";
const CSV: &str = "output/jaarrapportage-proef-2030.csv";

fn export(case: &Case) -> Value {
    case.run(&["build", "content", "--format", "json,csv"]).code(0);
    serde_json::from_slice(&std::fs::read(case.root().join(JSON)).unwrap()).unwrap()
}

fn rec<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["aanbevelingen"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn json_export_has_every_recommendation_with_the_documented_fields() {
    let case = Case::new("valid");
    let json = export(&case);
    assert_eq!(json["schema"], "jaarrapport-export/1");
    assert_eq!(json["jaar"], 2030);
    assert_eq!(json["peildatum"], "2030-12-01");
    let ids: Vec<&str> = json["aanbevelingen"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2.1.A", "2.1.B", "4.1.A", "4.2.C"]);
    for r in json["aanbevelingen"].as_array().unwrap() {
        for key in [
            "id",
            "titel",
            "hoofdstuk",
            "eigenaar",
            "betrokken",
            "kabinetsreactie",
            "meegenomen_bij",
            "status",
            "status_label",
            "vorige_status",
            "samenvatting",
            "mijlpalen",
            "vervallen_mijlpalen",
            "geschiedenis",
            "bronnen",
        ] {
            assert!(r.get(key).is_some(), "{} lacks {key}", r["id"]);
        }
    }
    let a = rec(&json, "2.1.A");
    assert_eq!(a["titel"], "Verplichte certificering van uitzendbureaus");
    assert_eq!(a["hoofdstuk"], "werk");
    assert_eq!(a["eigenaar"], "SZW");
    assert_eq!(a["betrokken"], serde_json::json!(["JenV"]));
    assert_eq!(a["kabinetsreactie"], "overgenomen");
    assert_eq!(a["status"], "in-uitvoering");
    assert_eq!(a["status_label"], "In uitvoering");
    assert_eq!(a["samenvatting"], "Het wetsvoorstel ligt bij de Tweede Kamer.");
    assert_eq!(a["bronnen"], serde_json::json!(["Kamerstuk 29 861, nr. 199"]));
    // Without `vorige` the history is this edition alone.
    assert_eq!(
        a["geschiedenis"],
        serde_json::json!([{"jaar": 2030, "status": "in-uitvoering", "status_label": "In uitvoering"}])
    );
    assert_eq!(
        a["mijlpalen"][1],
        serde_json::json!({"sleutel": null, "wanneer": "2031-Q2", "laatste_dag": "2031-06-30",
                           "vorige_wanneer": null, "oorspronkelijk_wanneer": "2031-Q2", "verschoven": false,
                           "wat": "Behandeling in de Eerste Kamer", "gereed": false, "verlopen": false,
                           "toelichting": null, "vorige_wat": null, "ministerie": "SZW"})
    );
    // A folded-in recommendation carries the status of the one it is folded into.
    let b = rec(&json, "2.1.B");
    assert_eq!(b["meegenomen_bij"], "2.1.A");
    assert_eq!(b["status"], "in-uitvoering");
}

#[test]
fn overdue_milestones_are_marked_in_the_export_html_and_pdf() {
    let case = Case::new("valid");
    case.edit("bijdragen/SZW/2.1.A.md", "wanneer: 2031-Q2", "wanneer: 2030-Q3");
    let json = export(&case);
    assert_eq!(rec(&json, "2.1.A")["mijlpalen"][1]["verlopen"], true);
    case.run(&["build", "content", "--format", "html"]).code(0);
    let html = std::fs::read_to_string(case.root().join("output/site/werk.html")).unwrap();
    // HTML has no datetime for a quarter, so it is text, not <time>.
    assert!(html.contains("<li class=\"verlopen\"><span class=\"wanneer\">3e kwartaal 2030</span>"), "{html}");
    assert!(html.contains("<time class=\"wanneer\" datetime=\"2030-06\">juni 2030</time>"), "{html}");
    assert!(html.contains("! verlopen"), "{html}");
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let text = pdftotext_layout(&case.root().join("output/jaarrapportage-proef-2030.pdf"));
    // Its line in the recommendation: date, milestone, mark.
    let line =
        text.lines().find(|l| l.contains("Behandeling in de Eerste Kamer") && l.contains("verlopen")).unwrap_or("");
    assert!(line.contains("3e kwartaal 2030"), "{text}");
}

#[test]
fn csv_opens_in_dutch_excel() {
    let case = Case::new("valid");
    case.edit("bijdragen/BZK/4.1.A.md", "samenvatting: De normen zijn vastgesteld.", "samenvatting: \"=1+1; of niet\"");
    export(&case);
    let bytes = std::fs::read(case.root().join(CSV)).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM: Excel would not read UTF-8");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 5, "header and one row per recommendation:\n{text}");
    assert!(lines[0].starts_with("id;titel;hoofdstuk;eigenaar;"), "{}", lines[0]);
    assert!(lines[1].starts_with("2.1.A;Verplichte certificering van uitzendbureaus;werk;SZW;JenV;"), "{}", lines[1]);
    // A formula from content is made inert; the `;` inside is quoted.
    assert!(text.contains("\"'=1+1; of niet\""), "{text}");
}

fn two_years() -> (Case, Case) {
    let last = Case::new("valid");
    last.run(&["build", "content", "--format", "json"]).code(0);
    let this = Case::new("valid");
    std::fs::create_dir_all(this.content().join("archief")).unwrap();
    std::fs::copy(last.root().join(JSON), this.content().join("archief/vorig.json")).unwrap();
    this.edit("rapport.yaml", "jaar: 2030", "jaar: 2031\nvorige: archief/vorig.json");
    this.edit("bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: afgerond");
    this.edit("bijdragen/SZW/4.2.C.md", "status: In voorbereiding", "status: vertraagd");
    // 4.1.A is dropped this year; 4.3.A is new.
    this.edit("aanbevelingen.yaml", "- id: 4.1.A", "- id: 4.3.A");
    this.remove("bijdragen/BZK/4.1.A.md");
    this.edit("bijdragen/SZW/2.1.A.md", "Zie ook [[4.1.A]].", "");
    (last, this)
}

#[test]
fn year_over_year_changes_are_shown() {
    let (_last, this) = two_years();
    this.run(&["build", "content", "--format", "html,json"]).code(0);
    let json: Value = serde_json::from_slice(&std::fs::read(this.root().join(JSON)).unwrap()).unwrap();
    assert_eq!(rec(&json, "2.1.A")["vorige_status"], "in-uitvoering");
    assert_eq!(rec(&json, "2.1.A")["status"], "afgerond");
    assert_eq!(json["vorig_jaar"], 2030);

    let index = std::fs::read_to_string(this.root().join("output/site/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&index);
    let sel = scraper::Selector::parse("table.veranderingen tbody tr").unwrap();
    let rows: Vec<String> =
        doc.select(&sel).map(|r| r.text().collect::<Vec<_>>().join("|").split_whitespace().collect()).collect();
    // 2.1.A and the folded 2.1.B moved together; 4.2.C moved on its own.
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("Inuitvoering|Afgerond|2|2.1.A|,|2.1.B"), "{rows:?}");
    assert!(rows[1].contains("Invoorbereiding|Vertraagd|1|4.2.C"), "{rows:?}");
    assert!(
        index.contains("Nieuw in dit rapport: <a href=\"huisvesting.html#aanbeveling-4-3-a\">4.3.A</a>"),
        "{index}"
    );
    assert!(index.contains("Niet meer in dit rapport: 4.1.A."), "{index}");
    let werk = std::fs::read_to_string(this.root().join("output/site/werk.html")).unwrap();
    // Last year's status is said once: in the row of statuses per year,
    // not again beside this year's.
    let text = scraper::Html::parse_document(&werk).root_element().text().collect::<Vec<_>>().join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Status per jaar 2030 In uitvoering 2031 Afgerond"), "{text}");
    assert!(!text.contains("vorig jaar: In uitvoering"), "{text}");
}

#[test]
fn year_over_year_changes_are_in_the_pdf() {
    let (_last, this) = two_years();
    this.run(&["build", "content", "--format", "pdf"]).code(0);
    let text = pdftotext(&this.root().join("output/jaarrapportage-proef-2030.pdf"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Veranderingen sinds 2030"), "{text}");
    // The facts stand in two columns: the row of years is read line by line.
    let layout = pdftotext_layout(&this.root().join("output/jaarrapportage-proef-2030.pdf"));
    let rows: Vec<String> = layout.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(rows.iter().any(|l| l == "Status per jaar 2030 In uitvoering 2031 Afgerond"), "{layout}");
    assert!(!text.contains("vorig jaar: In uitvoering"), "said once, in the row per year: {text}");
}

#[test]
fn a_missing_or_malformed_previous_export_is_a_clear_error() {
    let case = Case::new("valid");
    case.edit("rapport.yaml", "jaar: 2030", "jaar: 2030\nvorige: archief/weg.json");
    case.check().code(1).has("content/rapport.yaml:4:9: error: last year's export `archief/weg.json`");

    let case = Case::new("valid");
    case.edit("rapport.yaml", "jaar: 2030", "jaar: 2030\nvorige: vorig.json");
    case.write("vorig.json", "{\"jaar\": 2029, \"aanbevelingen\": [\n  {\"id\": 12}\n]}\n");
    case.check()
        .code(1)
        .has("content/vorig.json:2:10: error: last year's export has `12`, which is not a recommendation identifier");
    case.write("vorig.json", "{\"jaar\": 2029, \"aanbevelingen\": [\n  {\"id\": [12]}\n]}\n");
    case.check().code(1).has("content/vorig.json:2:10: error: last year's export is not a jaarrapport JSON export:");
}

#[test]
fn status_lists_missing_contributions_and_overdue_milestones() {
    let case = Case::new("valid");
    case.remove("bijdragen/BZK/4.1.A.md");
    case.edit("bijdragen/SZW/2.1.A.md", "Zie ook [[4.1.A]].", "");
    case.edit("bijdragen/SZW/2.1.A.md", "wanneer: 2031-Q2", "wanneer: 2030-Q3");
    let out = case.run(&["status", "content"]);
    out.code(0);
    assert!(out.stdout.contains("BZK — Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"), "{}", out.stdout);
    assert!(out.stdout.contains("  missing: 4.1.A  Normen voor goede huisvesting"), "{}", out.stdout);
    assert!(out.stdout.contains("    2.1.A   2030-Q3    Behandeling in de Eerste Kamer"), "{}", out.stdout);
    assert!(out.stdout.contains("1 contribution missing, 1 overdue milestone"), "{}", out.stdout);

    let out = case.run(&["status", "content", "--format", "json"]);
    out.code(0);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let szw = &json["ministeries"][0];
    assert_eq!(szw["code"], "SZW");
    assert_eq!(szw["eigenaar_van"], 3);
    assert_eq!(szw["meegenomen"], serde_json::json!(["2.1.B"]));
    assert_eq!(szw["ontbreekt"], serde_json::json!([]));
    let bzk = &json["ministeries"][1];
    assert_eq!(bzk["ontbreekt"][0]["id"], "4.1.A");
    assert_eq!(json["ontbrekend"], 1);
    assert_eq!(json["verlopen"], 1);
}

#[test]
fn new_writes_a_skeleton_that_passes_check_with_its_placeholder_named() {
    let case = Case::new("valid");
    case.remove("bijdragen/BZK/4.1.A.md");
    case.edit("bijdragen/SZW/2.1.A.md", "Zie ook [[4.1.A]].", "");
    case.run(&["new", "4.1a", "--ministerie", "BZK", "--content", "content"]).code(0);
    let text = case.read("bijdragen/BZK/4.1.A.md");
    assert!(text.contains("\nstatus: niet-gestart\n"), "{text}");
    // It passes, with a warning that its text is still the placeholder.
    case.check().code(0).mentions("BZK's contribution on 4.1.A still has the placeholder text of `jaarrapport new`");

    // A co-ministry's skeleton has no status line.
    case.remove("bijdragen/JenV/2.1.A.md");
    case.run(&["new", "2.1.A", "--ministerie", "JenV", "--content", "content"]).code(0);
    assert!(!case.read("bijdragen/JenV/2.1.A.md").contains("\nstatus:"));
    case.check().code(0);
}

#[test]
fn new_refuses_to_overwrite_and_rejects_bad_ids_and_ministries() {
    let case = Case::new("valid");
    let before = case.read("bijdragen/SZW/2.1.A.md");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content"]).code(2).mentions("already exists");
    assert_eq!(case.read("bijdragen/SZW/2.1.A.md"), before);
    case.run(&["new", "9.9.Z", "--ministerie", "SZW", "--content", "content"])
        .code(2)
        .mentions("not in aanbevelingen.yaml");
    case.run(&["new", "4.1.A", "--ministerie", "JenV", "--content", "content"])
        .code(2)
        .mentions("JenV may not contribute to 4.1.A");
    case.run(&["new", "4.1.A", "--ministerie", "XYZ", "--content", "content"])
        .code(2)
        .mentions("`XYZ` is not a ministry of this report");
    case.run(&["new", "geen-id", "--ministerie", "SZW", "--content", "content"]).code(2);
}

/// A reader that stops early (`status | head`) closes the pipe before
/// `status` has written: the command ends quietly and successfully, with
/// no panic, for the text and the JSON alike.
#[test]
fn status_into_a_closed_pipe_ends_quietly() {
    for format in ["text", "json"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
            .args(["status", "--format", format, "content"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the content is even read.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
    }
}
