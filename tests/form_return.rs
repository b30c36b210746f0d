//! A Word form coming back: `import` takes it only for the contribution the
//! request ledger (`uitvraag.yaml`) says it was sent for, keeps the front
//! matter the form does not show (`akkoord`, `vervallen`), and `new` and
//! `import` take the content directory in the same spelling. Real forms
//! made by `new --docx`, edited at the XML level as a writer's tools would.

mod common;
use common::{Case, rewrite_docx};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file of the content directory, by path: to show nothing was written.
fn snapshot(case: &Case) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(case.content())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(case.content()).unwrap().to_string_lossy().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `new <id> --ministerie <min> --docx <name>` in the case's directory.
fn form(case: &Case, ministry: &str, id: &str, name: &str) -> PathBuf {
    case.run(&["new", id, "--ministerie", ministry, "--content", "content", "--docx", name]).code(0);
    case.root().join(name)
}

fn edit_text(docx: &Path, from: &str, to: &str) {
    rewrite_docx(docx, |part, t| if part == "word/document.xml" { t.replacen(from, to, 1) } else { t });
}

/// What a writer of SZW could do to the form for SZW 2.1.A: make it one
/// for BZK 4.1.A, properties and visible title alike.
fn forge_as_bzk(docx: &Path) {
    rewrite_docx(docx, |part, t| match part {
        "docProps/custom.xml" => t.replace(">SZW<", ">BZK<").replace(">2.1.A<", ">4.1.A<"),
        "word/document.xml" => t
            .replace("Bijdrage van SZW aan aanbeveling 2.1.A", "Bijdrage van BZK aan aanbeveling 4.1.A")
            .replacen("krijgt vorm.", "is door SZW herschreven.", 1),
        _ => t,
    });
}

fn import(case: &Case, files: &[&Path], extra: &[&str]) -> common::Outcome {
    let mut args = vec!["import".to_string(), "--content".into(), "content".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| f.to_string_lossy().to_string()));
    case.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn a_form_forged_for_another_contribution_is_refused_and_nothing_is_written() {
    let case = Case::new("valid");
    let genuine = form(&case, "SZW", "2.1.A", "szw.docx");
    let forged = case.root().join("vervalst.docx");
    std::fs::copy(&genuine, &forged).unwrap();
    forge_as_bzk(&forged);

    // No form went to BZK for 4.1.A.
    let before = snapshot(&case);
    import(&case, &[&forged], &[])
        .code(1)
        .mentions("vervalst.docx: error: de redactie heeft voor de bijdrage van BZK aan aanbeveling 4.1.A geen formulier verstuurd")
        .mentions("help: uitvraag.yaml records no form sent for BZK 4.1.A in 2030; if this form is genuine, import it with --unrecorded");
    assert_eq!(snapshot(&case), before);

    // A form did go to BZK: the forged one was still made from SZW's file.
    let bzk = form(&case, "BZK", "4.1.A", "bzk.docx");
    let before = snapshot(&case);
    import(&case, &[&forged], &[])
        .code(1)
        .mentions("vervalst.docx: error: dit formulier is niet gemaakt van de versie van de bijdrage van BZK aan aanbeveling 4.1.A")
        .mentions("the form's origin (jaarrapport-bijdrage) is not the file uitvraag.yaml records for the form sent on");
    // Also in a batch with good forms: none of them is taken in.
    edit_text(&genuine, "krijgt vorm.", "is af.");
    import(&case, &[&genuine, &forged, &bzk], &[]).code(1).mentions("nothing was imported");
    assert_eq!(snapshot(&case), before);

    // The forms sent and returned are accepted, and the ledger says so.
    import(&case, &[&genuine, &bzk], &[]).code(0);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("is af."));
    assert!(!case.read("bijdragen/BZK/4.1.A.md").contains("herschreven"));
    let ledger = case.read("uitvraag.yaml");
    assert!(ledger.contains("terug: bijgewerkt"), "{ledger}");
    assert!(ledger.contains("terug: bevestigd ongewijzigd"), "{ledger}");
    case.check().code(0);
}

#[test]
fn a_form_made_before_the_last_one_sent_is_refused_unless_the_editor_says_unrecorded() {
    let case = Case::new("valid");
    let first = form(&case, "SZW", "2.1.A", "eerste.docx");
    // The editors change the contribution and send a new form.
    case.edit("bijdragen/SZW/2.1.A.md", "krijgt vorm.", "krijgt vorm in 2031.");
    form(&case, "SZW", "2.1.A", "tweede.docx");
    let before = snapshot(&case);
    import(&case, &[&first], &[]).code(1).mentions("eerste.docx: error: dit formulier is niet gemaakt van de versie");
    assert_eq!(snapshot(&case), before);
    // The editor takes the older form in on purpose: returned unchanged, it confirms.
    import(&case, &[&first], &["--unrecorded"]).code(0);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("krijgt vorm in 2031."));
    assert!(case.read("uitvraag.yaml").contains("terug: bevestigd ongewijzigd"));
}

#[test]
fn without_a_ledger_a_form_is_held_only_to_its_title_and_origin() {
    let case = Case::new("valid");
    let f = form(&case, "SZW", "2.1.A", "f.docx");
    case.remove("uitvraag.yaml");
    edit_text(&f, "krijgt vorm.", "is af.");
    import(&case, &[&f], &[]).code(0);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("is af."));
}

#[test]
fn a_form_with_a_crlf_file_behind_it_is_accepted() {
    let case = Case::new("valid");
    let text = case.read("bijdragen/SZW/2.1.A.md");
    case.write("bijdragen/SZW/2.1.A.md", format!("\u{feff}{}", text.replace('\n', "\r\n")));
    let f = form(&case, "SZW", "2.1.A", "f.docx");
    edit_text(&f, "krijgt vorm.", "is af.");
    import(&case, &[&f], &[]).code(0);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("is af."));
}

#[test]
fn akkoord_and_vervallen_survive_an_edited_form() {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "next"]).code(0);
    std::fs::remove_dir_all(case.content()).unwrap();
    std::fs::rename(case.root().join("next"), case.content()).unwrap();
    let file = "bijdragen/SZW/2.1.A.md";
    let text = case.read(file);
    // Drop last year's open milestone on purpose, and record an agreement.
    let (head, rest) = text.split_once("  - sleutel: behandeling-eerste-kamer\n").expect("the open milestone");
    let (_, rest) = rest.split_once("bronnen:").unwrap();
    let key = "behandeling-eerste-kamer";
    let kept = format!(
        "vervallen:\n  - sleutel: {key}\n    toelichting: \"Niet meer nodig.\"\nakkoord:\n  door: DG Werk\n  datum: 2031-11-15\n"
    );
    case.write(file, format!("{head}{kept}bronnen:{rest}"));
    case.check().code(0);

    let f = form(&case, "SZW", "2.1.A", "f.docx");
    // The writer changes a field and the text: the front matter is written anew.
    edit_text(&f, "Het wetsvoorstel ligt bij de Tweede Kamer.", "Het wetsvoorstel is aangenomen.");
    edit_text(&f, "krijgt vorm.", "is af.");
    import(&case, &[&f], &[]).code(0);
    let after = case.read(file);
    assert!(after.contains("samenvatting: Het wetsvoorstel is aangenomen."), "{after}");
    assert!(after.contains("is af."), "{after}");
    assert!(after.contains(&kept), "{after}");
    case.check().code(0);
}

#[test]
fn new_and_import_take_the_content_directory_as_content_in_either_spelling() {
    let case = Case::new("valid");
    std::fs::rename(case.content(), case.root().join("c2030")).unwrap();
    for (n, spelling) in [["--content", "c2030"].as_slice(), ["--content=c2030"].as_slice()].iter().enumerate() {
        let name = format!("f{n}.docx");
        let mut args = vec!["new", "2.1.A", "--ministerie", "SZW", "--docx", &name];
        args.extend_from_slice(spelling);
        case.run(&args).code(0);
        let path = case.root().join(&name);
        edit_text(&path, "verplichte", &format!("verplichte ({n})"));
        let mut args = vec!["import"];
        args.extend_from_slice(spelling);
        args.push(&name);
        case.run(&args).code(0);
        let text = std::fs::read_to_string(case.root().join("c2030/bijdragen/SZW/2.1.A.md")).unwrap();
        assert!(text.contains(&format!("verplichte ({n})")), "{text}");
    }
    // Without it, both act on `content`, as every command does.
    std::fs::rename(case.root().join("c2030"), case.content()).unwrap();
    case.run(&["new", "4.2.C", "--ministerie", "SZW", "--docx", "d.docx"]).code(0);
    case.run(&["import", "d.docx"]).code(0);
    // A directory in the positional place is not taken for one: it is the
    // identifier (new) or a form (import), and --help says why.
    case.run(&["new", "2.1.A", "content", "--ministerie", "SZW"]).code(2);
    case.run(&["import", "content"])
        .code(1)
        .mentions("content: error: dit is een map, geen Word-formulier")
        .mentions("help: to import into the content directory content, write --content content before the forms");
    for cmd in ["new", "import"] {
        let help = case.run(&[cmd, "--help"]);
        let flat = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("only as --content DIR (or --content=DIR): the positional arguments"), "{cmd}: {flat}");
    }
}

/// In the row's own cells, as a writer types them: the row is the one whose
/// *Sleutel* cell holds `key`; `cells` replaces the text of its cells.
fn edit_row(docx: &Path, key: &str, cells: &[(&str, &str)]) {
    rewrite_docx(docx, |part, t| {
        if part != "word/document.xml" {
            return t;
        }
        let at = t.find(&format!(">{key}<")).expect("the row's key");
        let start = t[..at].rfind("<w:tr").expect("its row");
        let end = at + t[at..].find("</w:tr>").expect("its row's end");
        let mut row = t[start..end].to_string();
        for (from, to) in cells {
            row = row.replacen(&format!(">{from}<"), &format!(">{to}<"), 1);
        }
        format!("{}{row}{}", &t[..start], &t[end..])
    });
}

/// The fixture taken a year on by `next-year`, with a note (`Oud.`) on
/// SZW 2.1.A's open milestone, so that its Toelichting cell holds text to
/// retype; the file and the milestone's key.
fn next_edition_with_a_note() -> (Case, &'static str, &'static str) {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "next"]).code(0);
    std::fs::remove_dir_all(case.content()).unwrap();
    std::fs::rename(case.root().join("next"), case.content()).unwrap();
    let file = "bijdragen/SZW/2.1.A.md";
    let key = "behandeling-eerste-kamer";
    let text = case.read(file);
    let (head, rest) = text.split_once(&format!("  - sleutel: {key}\n")).expect("the open milestone");
    let (milestone, rest) = rest.split_once("bronnen:").unwrap();
    case.write(file, format!("{head}  - sleutel: {key}\n{milestone}    toelichting: Oud.\nbronnen:{rest}"));
    (case, file, key)
}

#[test]
fn a_milestone_given_up_in_the_form_imports_as_vervallen_with_its_reason() {
    let (case, file, key) = next_edition_with_a_note();
    case.check().code(0);
    let f = form(&case, "SZW", "2.1.A", "f.docx");

    // Given up without a reason: an error at its row, in Dutch, nothing written.
    let g = case.root().join("g.docx");
    std::fs::copy(&f, &g).unwrap();
    edit_row(&g, key, &[("nee", "Vervallen"), ("Oud.", "")]);
    let before = case.read(file);
    import(&case, &[&g], &[])
        .code(1)
        .mentions("tabel Mijlpalen")
        .mentions("Toelichting: zeg waarom de mijlpaal vervalt");
    assert_eq!(case.read(file), before);

    // With a reason: no longer a milestone, an acknowledged drop instead.
    edit_row(&f, key, &[("nee", "vervallen"), ("Oud.", "Het kabinet kiest een andere weg.")]);
    let out = import(&case, &[&f], &[]);
    out.code(0);
    // The editor's summary counts it.
    assert!(out.stdout.contains(" 0 done, 1 dropped; text:"), "{}", out.stdout);
    let after = case.read(file);
    assert!(
        after
            .contains(&format!("vervallen:\n  - sleutel: {key}\n    toelichting: Het kabinet kiest een andere weg.\n")),
        "{after}"
    );
    assert_eq!(after.matches(&format!("sleutel: {key}")).count(), 1, "{after}");
    // The same form once more: it is in already, nothing to refuse or write.
    let out = import(&case, &[&f], &[]);
    out.code(0);
    assert!(
        out.stdout.contains("content/bijdragen/SZW/2.1.A.md already says what the form says"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(case.read(file), after);
    let out = import(&case, &[&f], &["--dry-run"]);
    out.code(0);
    assert!(out.stdout.contains("already in: the file already says what the form says"), "{}", out.stdout);
    // The check accepts it and no longer warns the milestone is gone.
    let out = case.check();
    out.code(0);
    assert!(!out.stderr.contains(key), "{}", out.stderr);
    let out = case.run(&["build", "content", "--out", "out", "--format", "json"]);
    out.code(0);
    let json = std::fs::read_to_string(case.root().join("out/jaarrapportage-proef-2031.json")).unwrap();
    assert!(json.contains("Het kabinet kiest een andere weg."), "the reason is in the open data");
}

/// The same form sent again with the reason for giving a milestone up
/// rewritten: the new reason is a change, never "already in"; the file
/// changed since the form was made (its first import), so it is refused
/// and the file keeps what it has.
#[test]
fn a_reason_rewritten_after_import_is_not_taken_as_already_in() {
    let (case, file, key) = next_edition_with_a_note();
    let f = form(&case, "SZW", "2.1.A", "f.docx");
    edit_row(&f, key, &[("nee", "vervallen"), ("Oud.", "Eerste reden.")]);
    import(&case, &[&f], &[]).code(0);
    let after = case.read(file);
    edit_row(&f, key, &[("Eerste reden.", "Tweede, betere reden.")]);
    let out = import(&case, &[&f], &[]);
    out.code(1).mentions("nothing was imported");
    assert!(!out.stdout.contains("already"), "{}", out.stdout);
    assert_eq!(case.read(file), after);
}

/// A form sent back untouched confirms, whatever the editor changed in the
/// file since (here: a status set): the emptied-Status error is for a
/// writer who empties the cell, not for a form made while it was empty.
#[test]
fn an_untouched_form_made_without_a_status_still_confirms() {
    let case = Case::new("valid");
    let file = "bijdragen/SZW/2.1.A.md";
    case.edit(file, "status: in-uitvoering\n", "");
    let f = form(&case, "SZW", "2.1.A", "f.docx");
    case.edit(file, "---\n", "---\nstatus: in-uitvoering\n");
    let out = import(&case, &[&f], &[]);
    out.code(0);
    assert!(out.stdout.contains("unchanged: the form came back as it was sent"), "{}", out.stdout);
    assert!(case.read(file).contains("status: in-uitvoering\n"));
}

/// A skeleton's form back as it went out is still nothing written; an
/// empty form (no file at all) back untouched is an answer: nothing to add.
#[test]
fn forms_back_untouched_for_a_skeleton_and_for_nothing_are_told_apart() {
    let case = Case::new("valid");
    case.remove("bijdragen/SZW/2.1.A.md");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content"]).code(0);
    let skeleton = form(&case, "SZW", "2.1.A", "skelet.docx");
    case.remove("bijdragen/SZW/4.2.C.md");
    let empty = form(&case, "SZW", "4.2.C", "leeg.docx");
    import(&case, &[&skeleton, &empty], &[]).code(0);
    let json: serde_json::Value =
        serde_json::from_str(&case.run(&["status", "content", "--format", "json"]).stdout).unwrap();
    let szw = json["ministeries"].as_array().unwrap().iter().find(|m| m["code"] == "SZW").unwrap();
    assert_eq!(szw["uitvraag"]["niet_ingevuld"], serde_json::json!(["2.1.A"]), "{szw}");
    assert_eq!(szw["uitvraag"]["bevestigd"], serde_json::json!(["4.2.C"]), "{szw}");
    assert_eq!(szw["uitvraag"]["niet_teruggekomen"], serde_json::json!([]), "{szw}");
}

/// A reason rewritten in *Toelichting* shows in the dry run's summary, not
/// only in its diff.
#[test]
fn a_rewritten_reason_is_in_the_summary() {
    let case = Case::new("valid");
    let file = "bijdragen/SZW/2.1.A.md";
    let text = case.read(file);
    let (head, rest) = text.split_once("bronnen:").unwrap();
    case.write(file, format!("{head}    toelichting: Oud.\nbronnen:{rest}"));
    case.check().code(0);
    let f = form(&case, "SZW", "2.1.A", "f.docx");
    edit_text(&f, ">Oud.<", ">De Eerste Kamer vroeg meer tijd.<");
    let out = import(&case, &[&f], &["--dry-run"]);
    out.code(0);
    assert!(out.stdout.contains("0 dropped, 1 reason(s) (Toelichting) changed; text:"), "{}", out.stdout);
}

/// A status that is no status is one error at its row, and no warning that
/// the status changed under last year's words beside it.
#[test]
fn an_unknown_status_is_one_error_without_a_contradicting_warning() {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "next"]).code(0);
    std::fs::remove_dir_all(case.content()).unwrap();
    std::fs::rename(case.root().join("next"), case.content()).unwrap();
    let f = form(&case, "SZW", "2.1.A", "f.docx");
    edit_text(&f, ">In uitvoering<", ">Bijna klaar<");
    let out = import(&case, &[&f], &[]);
    out.code(1);
    assert_eq!(
        out.stderr.matches("error: Status: `Bijna klaar` is geen status van dit rapport").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("woord voor woord"), "{}", out.stderr);
}

/// Two copies of one sent form (a ministry forwarding it to two
/// colleagues): the second, after the first was imported, would overwrite
/// the first's changes, so it is refused as a lost update.
#[test]
fn the_second_copy_of_a_sent_form_does_not_overwrite_the_first() {
    let case = Case::new("valid");
    let file = "bijdragen/SZW/2.1.A.md";
    let a = form(&case, "SZW", "2.1.A", "a.docx");
    let b = case.root().join("b.docx");
    std::fs::copy(&a, &b).unwrap();
    edit_text(&a, "Het wetsvoorstel ligt bij de Tweede Kamer.", "Collega A: aangenomen.");
    import(&case, &[&a], &[]).code(0);
    edit_text(&b, "krijgt vorm.", "is af (collega B).");
    import(&case, &[&b], &[]).code(1).mentions("is gewijzigd nadat dit formulier is gemaakt");
    assert!(case.read(file).contains("Collega A: aangenomen."));
}
