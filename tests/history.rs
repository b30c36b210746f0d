//! Across the years: three editions made with `next-year` (2030, 2031,
//! 2032), each built; the status of every year, milestones that moved with
//! and without a reason, one that vanished, one whose text changed under
//! the same `sleutel`, `status`'s unchanged contributions, and `next-year`
//! refusing a directory in use. Site, PDF and open data are all read.

mod common;
use common::{Case, Outcome, pdftotext, pdftotext_layout, squash};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The fixture's 2030 report with two more milestones on 2.1.A: one will
/// move, one will vanish.
fn first_edition() -> Case {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "    wat: Behandeling in de Eerste Kamer\n",
        "    wat: Behandeling in de Eerste Kamer\n  - wanneer: 2031-Q1\n    wat: Advies  Raad van State\n  - wanneer: 2031-Q3\n    wat: Start certificering\n",
    );
    case
}

fn path(case: &Case, rel: &str) -> PathBuf {
    case.root().join(rel)
}

fn read(case: &Case, rel: &str) -> String {
    std::fs::read_to_string(path(case, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn edit(case: &Case, rel: &str, from: &str, to: &str) {
    let old = read(case, rel);
    assert!(old.contains(from), "{rel} does not contain {from:?}:\n{old}");
    std::fs::write(path(case, rel), old.replacen(from, to, 1)).unwrap();
}

fn json(case: &Case, rel: &str) -> Value {
    serde_json::from_str(&read(case, rel)).unwrap()
}

fn rec<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["aanbevelingen"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} missing"))
}

fn milestone<'a>(rec: &'a Value, what: &str) -> &'a Value {
    rec["mijlpalen"].as_array().unwrap().iter().find(|m| m["wat"] == what).unwrap_or_else(|| panic!("{what}: {rec}"))
}

fn history(rec: &Value) -> Vec<(i64, String)> {
    rec["geschiedenis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["jaar"].as_i64().unwrap(), e["status"].as_str().unwrap_or("-").to_string()))
        .collect()
}

fn ongewijzigd(out: &Outcome, ministry: usize) -> Vec<String> {
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    json["ministeries"][ministry]["ongewijzigd"].as_array().unwrap().iter().map(|v| v.to_string()).collect()
}

/// Text of an HTML page without tags, white space folded.
fn page_text(case: &Case, rel: &str) -> String {
    let html = read(case, rel);
    let doc = scraper::Html::parse_document(&html);
    doc.root_element().text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text(case: &Case, rel: &str) -> String {
    pdftotext(&path(case, rel)).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir` with its bytes, to see that nothing was touched.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// The chain: 2030 built; next-year to 2031, edited, built; next-year (from
/// the 2031 export) to 2032, edited, built.
struct Chain {
    case: Case,
}

/// With `pdf`, every edition is built in all formats (typst needed).
fn chain(pdf: bool) -> Chain {
    let formats = if pdf { "html,pdf,json,csv" } else { "html,json,csv" };
    let case = first_edition();
    case.run(&["build", "content", "--out", "out2030", "--format", formats]).code(0);
    case.run(&["next-year", "content", "y2031"]).code(0);
    let c = &case;
    // 2031: one date moved with a reason, one without (a milestone given
    // as a year), one milestone gone, one reworded under its sleutel, a
    // status changed.
    edit(
        c,
        "y2031/bijdragen/SZW/2.1.A.md",
        "wanneer: 2031-Q1",
        "wanneer: 2031-Q3\n    toelichting: De Raad van State vroeg meer tijd.",
    );
    edit(
        c,
        "y2031/bijdragen/SZW/2.1.A.md",
        "wat: Behandeling in de Eerste Kamer",
        "wat: Behandeling door de Eerste Kamer afgerond",
    );
    let text = read(c, "y2031/bijdragen/SZW/2.1.A.md");
    let start = text.find("  - sleutel: start-certificering").expect(&text);
    let end =
        start + text[start..].find("    wat: Start certificering\n").unwrap() + "    wat: Start certificering\n".len();
    std::fs::write(path(c, "y2031/bijdragen/SZW/2.1.A.md"), format!("{}{}", &text[..start], &text[end..])).unwrap();
    edit(c, "y2031/bijdragen/SZW/4.2.C.md", "wanneer: 2031", "wanneer: 2032");
    edit(c, "y2031/bijdragen/SZW/4.2.C.md", "status: In voorbereiding", "status: in-uitvoering");
    case.run(&["build", "y2031", "--out", "out2031", "--format", formats]).code(0);
    case.run(&["next-year", "y2031", "y2032", "--export", "out2031/jaarrapportage-proef-2031.json"]).code(0);
    // 2032: the same milestone moved again, with another reason; 2.1.A done.
    edit(
        c,
        "y2032/bijdragen/SZW/2.1.A.md",
        "wanneer: 2031-Q3\n    toelichting: De Raad van State vroeg meer tijd.",
        "wanneer: 2032-Q1\n    toelichting: Nieuwe planning na het advies.",
    );
    edit(c, "y2032/bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: afgerond");
    case.run(&["build", "y2032", "--out", "out2032", "--format", formats]).code(0);
    Chain { case }
}

#[test]
fn next_year_writes_a_content_directory_that_passes_check() {
    let case = first_edition();
    case.run(&["next-year", "content", "y2031"]).code(0);
    let rapport = read(&case, "y2031/rapport.yaml");
    assert!(rapport.contains("titel: Jaarrapportage Proef 2031\n"), "{rapport}");
    assert!(rapport.contains("\njaar: 2031\n"), "{rapport}");
    assert!(rapport.contains("\npeildatum: 2031-12-01\n"), "{rapport}");
    assert!(rapport.contains("\nvorige: archief/2030.json\n"), "{rapport}");
    assert!(!rapport.lines().any(|l| l.starts_with("publicatiedatum:")), "{rapport}");
    assert!(!rapport.lines().any(|l| l.starts_with("kamerstuk:")), "{rapport}");
    assert!(rapport.contains("# kamerstuk van 2030: \"29 861, nr. 200\""), "{rapport}");
    // The archive is this edition's export as build writes it, with the
    // keys next-year gave its milestones.
    case.run(&["build", "content", "--format", "json", "--out", "out2030"]).code(0);
    let mut archive = json(&case, "y2031/archief/2030.json");
    let mut keys = Vec::new();
    for r in archive["aanbevelingen"].as_array_mut().unwrap() {
        for m in r["mijlpalen"].as_array_mut().unwrap() {
            keys.push(m["sleutel"].as_str().expect("every milestone has a sleutel").to_string());
            m["sleutel"] = Value::Null;
        }
    }
    assert!(keys.contains(&"behandeling-eerste-kamer".to_string()), "{keys:?}");
    assert_eq!(archive, json(&case, "out2030/jaarrapportage-proef-2030.json"));
    // Every milestone got a sleutel; text, pages and images are copied.
    let szw = read(&case, "y2031/bijdragen/SZW/2.1.A.md");
    assert!(szw.contains("  - sleutel: wetsvoorstel-ingediend\n    wanneer: 2030-06\n"), "{szw}");
    assert!(szw.contains("  - sleutel: advies-raad-state\n    wanneer: 2031-Q1\n"), "{szw}");
    assert!(szw.ends_with(&case.read("bijdragen/SZW/2.1.A.md").split("\n---\n").nth(1).unwrap().to_string()));
    assert_eq!(read(&case, "y2031/afbeeldingen/tijdlijn.svg"), case.read("afbeeldingen/tijdlijn.svg"));
    assert_eq!(read(&case, "y2031/paginas/inleiding.md"), case.read("paginas/inleiding.md"));
    case.run(&["check", "y2031"]).code(0);
    // Nothing moved yet, so no milestone warning beyond the overdue ones.
    let out = case.run(&["check", "y2031"]);
    assert!(!out.stderr.contains("moved from"), "{}", out.stderr);
    assert!(!out.stderr.contains("vervallen"), "{}", out.stderr);
}

#[test]
fn next_year_never_touches_a_directory_in_use_nor_copies_links_out() {
    let case = first_edition();
    // A link out of the content directory is never copied.
    let outside = case.root().join("geheim.txt");
    std::fs::write(&outside, "niet kopiëren").unwrap();
    std::os::unix::fs::symlink(&outside, case.content().join("afbeeldingen/extern.svg")).unwrap();
    std::fs::create_dir_all(case.root().join("bezet")).unwrap();
    std::fs::write(case.root().join("bezet/notitie.txt"), "van iemand anders").unwrap();
    let before = snapshot(case.root());
    let out = case.run(&["next-year", "content", "bezet"]);
    out.code(2).mentions("bezet exists and is not empty");
    assert_eq!(snapshot(case.root()), before, "next-year touched something");
    case.run(&["next-year", "content", "content/volgend"]).code(2).mentions("inside the content directory");
    assert_eq!(snapshot(case.root()), before);
    // An empty directory is fine.
    std::fs::create_dir_all(case.root().join("leeg")).unwrap();
    case.run(&["next-year", "content", "leeg"]).code(0);
    assert!(case.root().join("leeg/rapport.yaml").is_file());
    assert!(!case.root().join("leeg/afbeeldingen/extern.svg").exists(), "a link out of the content was copied");
    // Content with errors: exit 1, nothing written.
    case.edit("bijdragen/SZW/4.2.C.md", "status: In voorbereiding", "status: bijna-klaar");
    case.run(&["next-year", "content", "fout"]).code(1);
    assert!(!case.root().join("fout").exists());
}

#[test]
fn three_editions_in_the_open_data() {
    let Chain { case } = chain(false);
    let y2031 = json(&case, "out2031/jaarrapportage-proef-2031.json");
    let a = rec(&y2031, "2.1.A");
    let advies = milestone(a, "Advies  Raad van State");
    assert_eq!(advies["sleutel"], "advies-raad-state");
    assert_eq!(advies["wanneer"], "2031-Q3");
    assert_eq!(advies["vorige_wanneer"], "2031-Q1");
    assert_eq!(advies["oorspronkelijk_wanneer"], "2031-Q1");
    assert_eq!(advies["verschoven"], true);
    assert_eq!(advies["toelichting"], "De Raad van State vroeg meer tijd.");
    // Reworded, same sleutel: the same milestone, not moved, not vanished.
    let kamer = milestone(a, "Behandeling door de Eerste Kamer afgerond");
    assert_eq!(kamer["sleutel"], "behandeling-eerste-kamer");
    assert_eq!(kamer["vorige_wanneer"], "2031-Q2");
    assert_eq!(kamer["verschoven"], false);
    assert_eq!(kamer["toelichting"], Value::Null);
    assert_eq!(kamer["vorige_wat"], "Behandeling in de Eerste Kamer");
    assert_eq!(
        a["vervallen_mijlpalen"],
        serde_json::json!([{"sleutel": "start-certificering", "wanneer": "2031-Q3", "wat": "Start certificering", "ministerie": "SZW", "toelichting": null}])
    );
    let c = rec(&y2031, "4.2.C");
    assert_eq!(milestone(c, "Wetsvoorstel in consultatie")["verschoven"], true);
    assert_eq!(milestone(c, "Wetsvoorstel in consultatie")["toelichting"], Value::Null);

    let y2032 = json(&case, "out2032/jaarrapportage-proef-2032.json");
    let a = rec(&y2032, "2.1.A");
    assert_eq!(history(a), [(2030, "in-uitvoering".into()), (2031, "in-uitvoering".into()), (2032, "afgerond".into())]);
    // The folded-in recommendation follows its target in every year.
    assert_eq!(history(rec(&y2032, "2.1.B")), history(a));
    assert_eq!(
        history(rec(&y2032, "4.2.C")),
        [(2030, "in-voorbereiding".into()), (2031, "in-uitvoering".into()), (2032, "in-uitvoering".into())]
    );
    let advies = milestone(a, "Advies  Raad van State");
    assert_eq!(advies["wanneer"], "2032-Q1");
    assert_eq!(advies["vorige_wanneer"], "2031-Q3");
    assert_eq!(advies["oorspronkelijk_wanneer"], "2031-Q1");
    assert_eq!(advies["verschoven"], true);
    // A milestone vanishes once: the year after it is no longer last year's.
    assert_eq!(a["vervallen_mijlpalen"], serde_json::json!([]));
    assert_eq!(milestone(rec(&y2032, "4.2.C"), "Wetsvoorstel in consultatie")["verschoven"], false);
}

#[test]
fn check_warns_about_moved_milestones_without_reason_and_vanished_ones() {
    let Chain { case } = chain(false);
    let out = case.run(&["check", "y2031"]);
    out.code(0);
    // 4.2.C's milestone is on line 5 after next-year added its sleutel.
    assert!(read(&case, "y2031/bijdragen/SZW/4.2.C.md").lines().nth(4).unwrap().contains("wanneer: 2032"));
    out.has("y2031/bijdragen/SZW/4.2.C.md:5:14: warning: milestone `Wetsvoorstel in consultatie` moved from 2031 to 2032 since last year's report, without a `toelichting`");
    // The vanished one is reported at `mijlpalen:` of the file that had it.
    assert_eq!(read(&case, "y2031/bijdragen/SZW/2.1.A.md").lines().nth(3), Some("mijlpalen:"));
    out.has("y2031/bijdragen/SZW/2.1.A.md:4:1: warning: milestone `Start certificering` (2031-Q3) of 2.1.A in last year's report is gone");
    // The one with a reason is not warned about.
    assert!(!out.stderr.contains("milestone `Advies  Raad van State` moved"), "{}", out.stderr);
    let out = case.run(&["check", "y2032"]);
    assert!(!out.stderr.contains("without a `toelichting`"), "{}", out.stderr);
    assert!(!out.stderr.contains("is gone"), "{}", out.stderr);
}

#[test]
fn status_names_the_contributions_still_as_last_year() {
    let case = first_edition();
    case.run(&["next-year", "content", "y2031"]).code(0);
    let before = case.run(&["status", "y2031", "--format", "json"]);
    before.code(0);
    // Only the keys next-year added differ: everything is still last year's.
    assert_eq!(ongewijzigd(&before, 0), ["\"2.1.A\"", "\"4.2.C\""]);
    assert_eq!(ongewijzigd(&before, 1), ["\"4.1.A\""]);
    assert_eq!(ongewijzigd(&before, 2), ["\"2.1.A\""]);
    let text = case.run(&["status", "y2031"]);
    assert!(text.stdout.contains("  unchanged since last year: 2.1.A, 4.2.C\n"), "{}", text.stdout);
    assert!(text.stdout.contains("4 contributions unchanged since last year"), "{}", text.stdout);

    edit(
        &case,
        "y2031/bijdragen/SZW/4.2.C.md",
        "Een wetsvoorstel wordt voorbereid.",
        "Het wetsvoorstel is in consultatie.",
    );
    edit(&case, "y2031/bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: afgerond");
    let after = case.run(&["status", "y2031", "--format", "json"]);
    assert_eq!(ongewijzigd(&after, 0), Vec::<String>::new());
    assert_eq!(ongewijzigd(&after, 2), ["\"2.1.A\""], "JenV's text is still last year's");
    let text = case.run(&["status", "y2031"]);
    let szw = text.stdout.split("\nSZW — ").nth(1).unwrap().split("\nBZK — ").next().unwrap();
    assert!(!szw.contains("unchanged since last year"), "{}", text.stdout);
    assert!(text.stdout.contains("  unchanged since last year: 2.1.A\n"), "JenV: {}", text.stdout);
}

#[test]
fn the_site_shows_history_slippage_and_vanished_milestones() {
    let Chain { case } = chain(false);
    let werk = page_text(&case, "out2031/site/werk.html");
    for needle in [
        "verschoven van 1e kwartaal 2031 naar 3e kwartaal 2031",
        "Toelichting: De Raad van State vroeg meer tijd.",
        "Vervallen mijlpalen",
        "Start certificering",
    ] {
        assert!(werk.contains(needle), "{needle}:\n{werk}");
    }
    let huis = page_text(&case, "out2031/site/huisvesting.html");
    assert!(huis.contains("verschoven van 2031 naar 2032 (zonder toelichting)"), "{huis}");
    // A milestone given as a year reads as the year, in the tijdpad too.
    let tijdpad = page_text(&case, "out2031/site/tijdpad.html");
    assert!(tijdpad.contains("2032 2032 4.2.C Wetsvoorstel in consultatie"), "{tijdpad}");
    assert!(!tijdpad.contains("4e kwartaal 2032"), "{tijdpad}");
    assert!(tijdpad.contains("verschoven van 1e kwartaal 2031 naar 3e kwartaal 2031"), "{tijdpad}");
    let index = page_text(&case, "out2031/site/index.html");
    assert!(index.contains("bij 1 aanbeveling veranderde de status"), "{index}");
    assert!(index.contains("Verschoven mijlpalen"), "{index}");
    assert!(index.contains("2 mijlpalen zijn verschoven sinds het rapport over 2030, bij 2 aanbevelingen"), "{index}");
    assert!(index.contains("Start certificering"), "{index}");

    let werk = page_text(&case, "out2032/site/werk.html");
    assert!(werk.contains("Status per jaar 2030 In uitvoering 2031 In uitvoering 2032 Afgerond"), "{werk}");
    assert!(
        werk.contains("verschoven van 3e kwartaal 2031 naar 1e kwartaal 2032 (oorspronkelijk 1e kwartaal 2031)"),
        "{werk}"
    );
    assert!(werk.contains("Toelichting: Nieuwe planning na het advies."), "{werk}");
    assert!(!werk.contains("Vervallen mijlpalen"), "{werk}");
    let index = page_text(&case, "out2032/site/index.html");
    assert!(index.contains("1 mijlpaal is verschoven sinds het rapport over 2031, bij 1 aanbeveling"), "{index}");
}

#[test]
fn the_pdf_shows_history_slippage_and_vanished_milestones() {
    let Chain { case } = chain(true);
    let text = pdf_text(&case, "out2031/jaarrapportage-proef-2031.pdf");
    let flat = squash(&text);
    for needle in [
        "verschoven van 1e kwartaal 2031 naar 3e kwartaal 2031",
        "Toelichting: De Raad van State vroeg meer tijd.",
        "verschoven van 2031 naar 2032 (zonder toelichting)",
        "Vervallen mijlpalen",
        "Start certificering",
        "Verschoven mijlpalen",
        "2 mijlpalen zijn verschoven sinds het rapport over 2030, bij 2 aanbevelingen",
        "bij 1 aanbeveling veranderde de status",
    ] {
        assert!(flat.contains(&squash(needle)), "{needle}:\n{text}");
    }
    // The facts stand in two columns: a row of years is read line by line.
    let layout = pdftotext_layout(&path(&case, "out2032/jaarrapportage-proef-2032.pdf"));
    let rows: Vec<String> = layout.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(
        rows.iter().any(|l| l == "Status per jaar 2030 In uitvoering 2031 In uitvoering 2032 Afgerond"),
        "{layout}"
    );
    let text = pdf_text(&case, "out2032/jaarrapportage-proef-2032.pdf");
    let flat = squash(&text);
    for needle in [
        "verschoven van 3e kwartaal 2031 naar 1e kwartaal 2032 (oorspronkelijk 1e kwartaal 2031)",
        "Toelichting: Nieuwe planning na het advies.",
    ] {
        assert!(flat.contains(&squash(needle)), "{needle}:\n{text}");
    }
}

#[test]
fn milestone_keys_and_reasons_are_checked_like_every_field() {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "  - wanneer: 2031-Q2\n",
        "  - sleutel: wet\n    wanneer: 2031-Q2\n    toelichtng: later\n",
    );
    case.edit("bijdragen/SZW/2.1.A.md", "  - wanneer: 2030-06\n", "  - sleutel: Wet\n    wanneer: 2030-06\n");
    case.check()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:11:5: error: unknown field `toelichtng` in a milestone")
        .mentions("did you mean `toelichting`?")
        .has("content/bijdragen/SZW/2.1.A.md:10:14: error: `sleutel: wet` is given to two milestones of 2.1.A");
}

/// A reason is contribution text: data in the site and the PDF, never markup or code.
#[test]
fn a_reason_is_printed_literally() {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "y2031"]).code(0);
    edit(
        &case,
        "y2031/bijdragen/SZW/2.1.A.md",
        "wanneer: 2031-Q2",
        "wanneer: 2031-Q4\n    toelichting: \"<b onclick=alert(1)>vet</b> #panic(\\\"t\\\") $x$ ]\"",
    );
    case.run(&["build", "y2031", "--out", "out2031", "--format", "html,pdf"]).code(0);
    let werk = read(&case, "out2031/site/werk.html");
    assert!(
        werk.contains("Toelichting: &lt;b onclick=alert(1)&gt;vet&lt;&#x2F;b&gt; #panic(&quot;t&quot;) $x$ ]"),
        "{werk}"
    );
    assert!(!werk.contains("<b onclick"), "{werk}");
    let text = pdf_text(&case, "out2031/jaarrapportage-proef-2031.pdf");
    assert!(squash(&text).contains(&squash("Toelichting: <b onclick=alert(1)>vet</b> #panic(\"t\") $x$ ]")), "{text}");
}

/// The line of the first line of `text` holding `needle`, 1-based.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not in the archive")) + 1
}

/// Last year's export is an input like any other: control characters, bidi
/// overrides and C1 codes in any of its fields, a year that is not an
/// earlier edition and a recommendation given twice are errors at their
/// line, `check` and `build` stop, and nothing of it reaches an output.
#[test]
fn the_archive_is_checked_like_every_input_with_positions() {
    let case = first_edition();
    case.run(&["next-year", "content", "y2031"]).code(0);
    let archive = "y2031/archief/2030.json";
    let genuine = json(&case, archive);
    type Forge = Box<dyn Fn(&mut Value) -> String>;
    let cases: Vec<(&str, Forge, &str)> = vec![
        (
            "an escape sequence in the title",
            Box::new(|v| {
                v["titel"] = "Jaarrapportage\u{1b}[2J 2030".into();
                "Jaarrapportage\\u001b".into()
            }),
            "`titel` holds the control character U+001B",
        ),
        (
            "a bidi override in a milestone",
            Box::new(|v| {
                v["aanbevelingen"][0]["mijlpalen"][0]["wat"] = "Wet \u{202e}gninnarB".into();
                "gninnarB".into()
            }),
            "holds the control character U+202E",
        ),
        (
            "a C1 control in a status label",
            Box::new(|v| {
                v["aanbevelingen"][1]["status_label"] = "In\u{85}uitvoering".into();
                "In\u{85}uitvoering".into()
            }),
            "holds the control character U+0085",
        ),
        (
            "a bell in a contribution's text",
            Box::new(|v| {
                v["aanbevelingen"][0]["bijdragen"][0]["tekst"] = "Tekst\u{7} met bel".into();
                "met bel".into()
            }),
            "holds the control character U+0007",
        ),
        (
            "an absurd year",
            Box::new(|v| {
                v["jaar"] = 2147483647.into();
                "2147483647".into()
            }),
            "a later year than this report (2031)",
        ),
        (
            "the same year",
            Box::new(|v| {
                v["jaar"] = 2031.into();
                "\"jaar\": 2031".into()
            }),
            "the same year as this report",
        ),
        (
            "a later year",
            Box::new(|v| {
                v["jaar"] = 2032.into();
                "\"jaar\": 2032".into()
            }),
            "a later year than this report",
        ),
        (
            "a year long ago",
            Box::new(|v| {
                v["jaar"] = 1.into();
                "\"jaar\": 1,".into()
            }),
            "more than 50 years before this report",
        ),
        (
            "one recommendation twice",
            Box::new(|v| {
                let recs = v["aanbevelingen"].as_array_mut().unwrap();
                let mut twin = recs[0].clone();
                // The same recommendation in another spelling.
                twin["id"] = twin["id"].as_str().unwrap().to_lowercase().into();
                let needle = format!("\"{}\"", twin["id"].as_str().unwrap());
                recs.push(twin);
                needle
            }),
            "twice (also at line",
        ),
        (
            "a history out of order",
            Box::new(|v| {
                v["aanbevelingen"][0]["geschiedenis"] = serde_json::json!([
                    {"jaar": 2029, "status": null, "status_label": null},
                    {"jaar": 2028, "status": null, "status_label": null},
                    {"jaar": 2030, "status": null, "status_label": null}
                ]);
                "2028".into()
            }),
            "an edition of 2028, which is not in order",
        ),
        (
            "a history from long ago",
            Box::new(|v| {
                v["aanbevelingen"][1]["geschiedenis"] = serde_json::json!([
                    {"jaar": 1, "status": null, "status_label": null},
                    {"jaar": 2030, "status": null, "status_label": null}
                ]);
                "\"jaar\": 1,".into()
            }),
            "an edition of 1, which is not in order",
        ),
    ];
    for (what, forge, message) in cases {
        let mut forged = genuine.clone();
        let needle = forge(&mut forged);
        let text = serde_json::to_string_pretty(&forged).unwrap();
        std::fs::write(path(&case, archive), &text).unwrap();
        let line = line_of(&text, &needle);
        let out = case.run(&["check", "y2031"]);
        out.code(1).mentions(message);
        let at = format!("archief/2030.json:{line}:");
        assert!(out.stderr.contains(&at), "{what}: not at {at}:\n{}", out.stderr);
        case.run(&["build", "y2031", "--out", "out", "--format", "html,json,csv"]).code(1);
        assert!(!path(&case, "out").exists(), "{what}: a build wrote output");
    }
    std::fs::write(path(&case, archive), serde_json::to_string_pretty(&genuine).unwrap()).unwrap();
    case.run(&["check", "y2031"]).code(0);
}

/// An export larger than one content file may be (16 MB) is still read
/// back by the next edition: the chain does not break where a build can
/// still write.
#[test]
fn an_export_larger_than_a_content_file_is_read_by_the_next_edition() {
    let case = first_edition();
    let paragraph = "Gemeenten en werkgevers overleggen over huisvesting en registratie. ".repeat(20) + "\n\n";
    let body = paragraph.repeat((9 << 20) / paragraph.len());
    for file in ["bijdragen/SZW/2.1.A.md", "bijdragen/BZK/4.1.A.md"] {
        let text = case.read(file);
        case.write(file, format!("{text}\n{body}"));
    }
    case.run(&["build", "content", "--out", "out", "--format", "json"]).code(0);
    let export = path(&case, "out/jaarrapportage-proef-2030.json");
    assert!(std::fs::metadata(&export).unwrap().len() > 16 << 20, "the export is not larger than a content file");
    case.run(&["next-year", "content", "y2031", "--export", "out/jaarrapportage-proef-2030.json"]).code(0);
    case.run(&["check", "y2031"]).code(0);
}

/// Milestone identity across editions is per ministry: when SZW drops a
/// milestone, JenV giving its own contribution to the same recommendation
/// a milestone with that `sleutel`, that `wat`, or both, does not make the
/// vanished one disappear from the warnings, the site or the open data.
#[test]
fn another_ministry_cannot_hide_a_vanished_milestone() {
    let case = first_edition();
    case.run(&["next-year", "content", "y2031"]).code(0);
    let szw = "y2031/bijdragen/SZW/2.1.A.md";
    let text = read(&case, szw);
    let start = text.find("  - sleutel: start-certificering").expect(&text);
    let end =
        start + text[start..].find("    wat: Start certificering\n").unwrap() + "    wat: Start certificering\n".len();
    std::fs::write(path(&case, szw), format!("{}{}", &text[..start], &text[end..])).unwrap();
    let jenv = "y2031/bijdragen/JenV/2.1.A.md";
    let original = read(&case, jenv);
    for (what, milestone) in [
        ("the same sleutel", "  - sleutel: start-certificering\n    wanneer: 2031-Q4\n    wat: Gegevens geleverd\n"),
        ("the same wat", "  - wanneer: 2031-Q4\n    wat: Start certificering\n"),
        (
            "both, spelt otherwise",
            "  - sleutel: Start-Certificering\n    wanneer: 2031-Q3\n    wat: start  certificering\n",
        ),
    ] {
        std::fs::write(path(&case, jenv), original.replacen("---\n", &format!("---\nmijlpalen:\n{milestone}"), 1))
            .unwrap();
        let out = case.run(&["check", "y2031"]);
        out.code(0).mentions("milestone `Start certificering` (2031-Q3) of 2.1.A in last year's report is gone");
        let _ = std::fs::remove_dir_all(path(&case, "out"));
        case.run(&["build", "y2031", "--out", "out", "--format", "html,json"]).code(0);
        let export = json(&case, "out/jaarrapportage-proef-2031.json");
        let gone = &rec(&export, "2.1.A")["vervallen_mijlpalen"];
        assert!(
            gone.as_array().unwrap().iter().any(|m| m["wat"] == "Start certificering" && m["ministerie"] == "SZW"),
            "{what}: {gone}"
        );
        assert!(page_text(&case, "out/site/index.html").contains("Start certificering"), "{what}: not on the site");
    }
}
