//! The editor's cycle on the fixture's next edition: `next-year`, forms
//! out, some back changed, some unchanged, some not at all, a Markdown
//! edit, two agreements; `status` (text and JSON) and the request ledger
//! at each step.

mod common;

use common::{Case, Outcome, rewrite_docx};
use serde_json::Value;

/// 2023-10-02 and 2023-11-06, as the ledger records them.
const SENT: &str = "1696204800";
const BACK: &str = "1699228800";

/// The fixture taken a year on by `next-year`, as `content`.
fn next_edition() -> Case {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "next"]).code(0);
    std::fs::remove_dir_all(case.content()).unwrap();
    std::fs::rename(case.root().join("next"), case.content()).unwrap();
    case
}

fn at(case: &Case, epoch: &str, args: &[&str]) -> Outcome {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(args)
        .current_dir(case.root())
        .env("NO_COLOR", "1")
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Per ministry, the ids in each state of the request, from `status --format json`.
fn states(case: &Case) -> Vec<(String, [Vec<String>; 5])> {
    let out = case.run(&["status", "content", "--format", "json"]);
    out.code(0);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let ids =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect() };
    json["ministeries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let u = &m["uitvraag"];
            (
                m["code"].as_str().unwrap().to_string(),
                [
                    ids(&u["niet_teruggekomen"]),
                    ids(&u["niet_uitgevraagd"]),
                    ids(&u["bevestigd"]),
                    ids(&u["bijgewerkt"]),
                    ids(&u["akkoord"]),
                ],
            )
        })
        .collect()
}

fn s(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn status_text(case: &Case) -> String {
    let out = case.run(&["status", "content"]);
    out.code(0);
    out.stdout
}

/// The lines of one ministry's block of `status`.
fn block<'a>(text: &'a str, code: &str) -> &'a str {
    let start = text.find(&format!("\n{code} — ")).unwrap();
    let rest = &text[start + 1..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn status_follows_the_request_from_next_year_to_agreement() {
    let case = next_edition();
    let none: Vec<String> = Vec::new();

    // Right after next-year nothing has been asked and everything is last year's.
    assert_eq!(
        states(&case),
        [
            ("SZW".to_string(), [none.clone(), s(&["2.1.A", "4.2.C"]), none.clone(), none.clone(), none.clone()]),
            ("BZK".to_string(), [none.clone(), s(&["4.1.A"]), none.clone(), none.clone(), none.clone()]),
            ("JenV".to_string(), [none.clone(), s(&["2.1.A"]), none.clone(), none.clone(), none.clone()]),
        ]
    );
    let text = status_text(&case);
    assert!(
        text.contains(
            "still open: 4 of 4 contributions (0 niet teruggekomen, 0 niet ingevuld, 4 niet uitgevraagd, 0 missing)"
        ),
        "{text}"
    );
    assert!(block(&text, "SZW").starts_with(
        "SZW — Ministerie van Sociale Zaken en Werkgelegenheid\n  niet uitgevraagd, nog als vorig jaar (2): 2.1.A, 4.2.C\n"
    ), "{text}");

    // The forms go out: the ledger records each, with the file it was made from.
    for m in ["SZW", "BZK", "JenV"] {
        let out = at(&case, SENT, &["new", "--ministerie", m, "--content", "content", "--docx-dir", "forms"]);
        out.code(0);
        assert!(out.stdout.contains("in content/uitvraag.yaml"), "{}", out.stdout);
    }
    let ledger = case.read("uitvraag.yaml");
    assert!(ledger.contains("- ministerie: BZK\n  id: 4.1.A\n  editie: 2031\n  bron: xxh3:"), "{ledger}");
    // BZK is involved in 4.2.C without a text of its own: an empty form, no source.
    assert!(ledger.contains("- ministerie: BZK\n  id: 4.2.C\n  editie: 2031\n  verzonden: 2023-10-02\n"), "{ledger}");
    let order: Vec<&str> = ledger.lines().filter(|l| l.starts_with("- ministerie: ")).collect();
    assert_eq!(
        order,
        ["- ministerie: BZK", "- ministerie: BZK", "- ministerie: JenV", "- ministerie: SZW", "- ministerie: SZW"]
    );
    case.check().code(0);
    assert_eq!(
        states(&case),
        [
            ("SZW".to_string(), [s(&["2.1.A", "4.2.C"]), none.clone(), none.clone(), none.clone(), none.clone()]),
            ("BZK".to_string(), [s(&["4.1.A", "4.2.C"]), none.clone(), none.clone(), none.clone(), none.clone()]),
            ("JenV".to_string(), [s(&["2.1.A"]), none.clone(), none.clone(), none.clone(), none.clone()]),
        ]
    );
    let text = status_text(&case);
    assert!(
        text.contains(
            "still open: 5 of 5 contributions (5 niet teruggekomen, 0 niet ingevuld, 0 niet uitgevraagd, 0 missing)"
        ),
        "{text}"
    );

    // SZW sends 2.1.A back untouched, BZK 4.1.A changed; JenV and BZK's 4.2.C do not answer.
    let form = |name: &str| case.root().join("forms").join(name);
    rewrite_docx(&form("BZK-4.1.A.docx"), |_, xml| {
        xml.replace("De normen zijn vastgesteld.", "De normen zijn vastgesteld en gepubliceerd.")
    });
    let out = at(&case, BACK, &["import", "--content", "content", "forms/SZW-2.1.A.docx", "forms/BZK-4.1.A.docx"]);
    out.code(0);
    assert!(out.stdout.contains("recorded 2 returns in content/uitvraag.yaml"), "{}", out.stdout);
    let ledger = case.read("uitvraag.yaml");
    assert!(ledger.contains("  terug: bijgewerkt\n  terug_op: 2023-11-06\n"), "{ledger}");
    assert!(ledger.contains("  terug: bevestigd ongewijzigd\n  terug_op: 2023-11-06\n"), "{ledger}");
    // A Markdown writer edits SZW's 4.2.C directly.
    case.edit("bijdragen/SZW/4.2.C.md", "Een wetsvoorstel wordt voorbereid.", "Het wetsvoorstel is in consultatie.");
    assert_eq!(
        states(&case),
        [
            ("SZW".to_string(), [none.clone(), none.clone(), s(&["2.1.A"]), s(&["4.2.C"]), none.clone()]),
            ("BZK".to_string(), [s(&["4.2.C"]), none.clone(), none.clone(), s(&["4.1.A"]), none.clone()]),
            ("JenV".to_string(), [s(&["2.1.A"]), none.clone(), none.clone(), none.clone(), none.clone()]),
        ]
    );
    let text = status_text(&case);
    assert!(block(&text, "BZK").contains("\n  niet teruggekomen (1): 4.2.C\n  bijgewerkt (1): 4.1.A\n"), "{text}");
    assert!(block(&text, "SZW").contains("\n  bevestigd ongewijzigd (1): 2.1.A\n  bijgewerkt (1): 4.2.C\n"), "{text}");
    assert!(text.contains("still open: 2 of 5 contributions (2 niet teruggekomen, 0 niet ingevuld, 0 niet uitgevraagd, 0 missing); in: 1 bevestigd, 2 bijgewerkt, 0 akkoord"), "{text}");

    // Two ministries agree to their text.
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "\n---\n",
        "\nakkoord:\n  door: Directeur Arbeidsmarkt, SZW\n  datum: 2023-11-20\n---\n",
    );
    case.edit(
        "bijdragen/BZK/4.1.A.md",
        "\n---\n",
        "\nakkoord: { door: DG Volkshuisvesting, datum: 2023-11-21 }\n---\n",
    );
    case.check().code(0);
    let now = states(&case);
    assert_eq!(now[0].1[4], s(&["2.1.A"]));
    assert_eq!(now[1].1[4], s(&["4.1.A"]));
    assert_eq!(now[1].1[0], s(&["4.2.C"]));
    let text = status_text(&case);
    assert!(text.contains("in: 0 bevestigd, 1 bijgewerkt, 2 akkoord"), "{text}");
}

#[test]
fn a_ledger_entry_that_does_not_fit_the_report_is_an_error_at_its_place() {
    let case = next_edition();
    case.write(
        "uitvraag.yaml",
        "versie: 1\nuitvraag:\n- ministerie: XYZ\n  id: 2.1.A\n  editie: 2031\n- ministerie: SZW\n  id: 9.9.Z\n  editie: 2031\n  verzonden: gisteren\n- ministerie: SZW\n  id: 2.1.A\n  editie: 2030\n- ministerie: SZW\n  id: 4.2.C\n  editie: 2031\n  terug: misschien\n",
    );
    let out = case.check();
    out.code(1)
        .has("content/uitvraag.yaml:3:15: error: `XYZ` is not a ministry of this report")
        .has("content/uitvraag.yaml:7:7: error: 9.9.Z is not in the catalogue")
        .has("content/uitvraag.yaml:9:14: error: `gisteren` is not a date")
        .has("content/uitvraag.yaml:12:11: warning: this request is for the 2030 edition; the report is 2031")
        .has("content/uitvraag.yaml:16:10: error: `misschien` is not a return");
    case.write(
        "uitvraag.yaml",
        "versie: 1\nuitvraag:\n- ministerie: SZW\n  id: 2.1.A\n  editie: 2031\n  verstuurd: 2023-10-02\n",
    );
    case.check()
        .code(1)
        .has("content/uitvraag.yaml:6:3: error: unknown field `verstuurd` in a request of uitvraag.yaml");
}

#[test]
fn an_akkoord_needs_who_and_a_date() {
    let case = Case::new("valid");
    case.edit("bijdragen/BZK/4.1.A.md", "\n---\n", "\nakkoord:\n  datum: 15-11-2023\n---\n");
    case.check()
        .code(1)
        .has("content/bijdragen/BZK/4.1.A.md:")
        .mentions("error: `akkoord` does not say who agreed (`door`)")
        .mentions("error: `15-11-2023` is not a date");
}

/// 1-based line of the first line of `file` that starts with `start` (after indentation).
fn line_of(case: &Case, file: &str, start: &str) -> usize {
    case.read(file).lines().position(|l| l.trim_start().starts_with(start)).unwrap() + 1
}

#[test]
fn contradictions_are_warnings_at_their_places() {
    let case = next_edition();
    let bzk = "bijdragen/BZK/4.1.A.md";
    // Afgerond, with a milestone still open; and one done three years on.
    case.edit(
        bzk,
        "    gereed: true\n",
        "    gereed: true\n  - wanneer: 2032-Q1\n    wat: Evaluatie van de normen\n  - wanneer: 2034\n    wat: Tweede evaluatie\n    gereed: true\n",
    );
    // SZW's status changes; its summary and text stay last year's.
    case.edit("bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: vertraagd");
    let out = case.check();
    out.code(0);
    let open = line_of(&case, bzk, "- wanneer: 2032-Q1");
    let late = line_of(&case, bzk, "- wanneer: 2034");
    out.has(&format!(
        "content/{bzk}:{open}:14: warning: 4.1.A is `Afgerond` (fase klaar), but milestone `Evaluatie van de normen` (2032-Q1) is not done"
    ));
    out.has(&format!(
        "content/{bzk}:{late}:14: warning: milestone `Tweede evaluatie` is marked done, but its date 2034 lies well after the peildatum 2031-12-01"
    ));
    let body = line_of(&case, "bijdragen/SZW/2.1.A.md", "Het stelsel");
    out.has(&format!(
        "content/bijdragen/SZW/2.1.A.md:{body}:1: warning: the status changed since last year's report, but the summary and the text are still last year's, word for word"
    ));
    // So do BZK's milestones; JenV's text is last year's too, but nothing of it changed.
    let bzk_body = line_of(&case, bzk, "De normen gelden");
    out.has(&format!(
        "content/{bzk}:{bzk_body}:1: warning: the milestones changed since last year's report, but the summary and the text are still last year's"
    ));
    assert!(
        !out.stderr.lines().any(|l| l.starts_with("content/bijdragen/JenV/2.1.A.md") && l.contains("word for word"))
    );
    // Rewritten, the text no longer contradicts the status.
    case.edit("bijdragen/SZW/2.1.A.md", "Het stelsel van", "Het vertraagde stelsel van");
    let out = case.check();
    assert!(
        !out.stderr.lines().any(|l| l.starts_with("content/bijdragen/SZW/2.1.A.md") && l.contains("word for word")),
        "{}",
        out.stderr
    );
}

/// A skeleton written by `new` is not a contribution until its placeholder
/// is replaced: `check` warns at the sentence, `status` lists it as not
/// filled in (not as updated), a `definitief` report refuses it.
#[test]
fn a_skeleton_still_holding_its_placeholder_is_not_counted_as_written() {
    let case = Case::new("valid");
    case.remove("bijdragen/SZW/2.1.A.md");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content"]).code(0);
    let text = case.read("bijdragen/SZW/2.1.A.md");
    let line = text.lines().position(|l| l.starts_with("Beschrijf hier de voortgang in 2030:")).unwrap() + 1;
    let out = case.check();
    out.code(0);
    assert!(
        out.stderr.contains(&format!(
            "content/bijdragen/SZW/2.1.A.md:{line}:1: warning: SZW's contribution on 2.1.A still has the placeholder text of `jaarrapport new`"
        )),
        "{}",
        out.stderr
    );
    let json: Value = serde_json::from_str(&case.run(&["status", "content", "--format", "json"]).stdout).unwrap();
    let szw = json["ministeries"].as_array().unwrap().iter().find(|m| m["code"] == "SZW").unwrap();
    assert_eq!(szw["uitvraag"]["niet_ingevuld"], serde_json::json!(["2.1.A"]), "{szw}");
    assert!(!szw["uitvraag"]["bijgewerkt"].as_array().unwrap().iter().any(|i| i == "2.1.A"), "{szw}");
    assert!(status_text(&case).contains("  niet ingevuld, nog de tekst van `new` (1): 2.1.A\n"));

    // Written: an ordinary contribution again.
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "Beschrijf hier de voortgang in 2030: wat is er gebeurd en wat staat er gepland?",
        "Het stelsel krijgt vorm.",
    );
    let out = case.check();
    assert!(!out.stderr.contains("placeholder"), "{}", out.stderr);

    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "Het stelsel krijgt vorm.",
        "Beschrijf hier de voortgang in 2030: wat is er gebeurd en wat staat er gepland?",
    );
    case.edit("rapport.yaml", "jaar: 2030\n", "jaar: 2030\nversie: definitief\n");
    let out = case.check();
    out.code(1);
    assert!(
        out.stderr.contains(&format!(
            "content/bijdragen/SZW/2.1.A.md:{line}:1: error: a definitief report: SZW's contribution on 2.1.A still has the placeholder text of `jaarrapport new`"
        )),
        "{}",
        out.stderr
    );
}
