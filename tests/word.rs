//! Word forms: `new --docx` / `--docx-dir` and `import`, on the sample
//! content and the fixtures, with forms edited as XML and forms that went
//! through LibreOffice (Debian's `libreoffice-writer-nogui`, installed by
//! `.ci/run`).
//!
//! What is compared, explicitly:
//! - untouched forms: the imported files and the JSON export are the same
//!   bytes as before (an unchanged form leaves the contribution alone);
//! - forms read as changed (their fingerprint of what they showed
//!   removed): the files come back byte for byte, what is unchanged taken
//!   from the file on disk; forms through LibreOffice: every field of the
//!   JSON export is the same, and each contribution's `tekst` has the same
//!   structure (`docx::from_markdown::parse` gives equal trees).
//! - every error case: its Dutch message, its place in the form, and that
//!   nothing was written.

mod common;
use common::{Case, Outcome, copy_dir};
use jaarrapport::docx::from_markdown::parse;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's sample content as a case.
fn sample() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &tmp.path().join("content"));
    Case { tmp }
}

/// The fixture's next edition, made by `next-year`: every milestone has a
/// `sleutel`, and last year's export is its `vorige`.
fn next_edition() -> Case {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "next"]).code(0);
    std::fs::remove_dir_all(case.content()).unwrap();
    std::fs::rename(case.root().join("next"), case.content()).unwrap();
    case
}

/// Every `bijdragen/<MIN>/<id>.md`, as (ministry, id).
fn contributions(case: &Case) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in std::fs::read_dir(case.content().join("bijdragen")).unwrap() {
        let m = m.unwrap();
        for f in std::fs::read_dir(m.path()).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "md") {
                let id = f.file_stem().unwrap().to_string_lossy().to_string();
                out.push((m.file_name().to_string_lossy().to_string(), id));
            }
        }
    }
    out.sort();
    out
}

fn export(case: &Case) -> Vec<u8> {
    case.run(&["build", "content", "--out", "out", "--format", "json"]).code(0);
    let dir = case.root().join("out");
    let json = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"));
    let bytes = std::fs::read(json.expect("a JSON export")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    bytes
}

/// One form per contribution, through `--docx-dir` (the yearly request).
fn forms(case: &Case) -> Vec<PathBuf> {
    let list = contributions(case);
    let mut ministries: Vec<&String> = list.iter().map(|(m, _)| m).collect();
    ministries.dedup();
    for m in ministries {
        case.run(&["new", "--ministerie", m, "--content", "content", "--docx-dir", "forms"]).code(0);
    }
    list.iter()
        .map(|(m, id)| {
            let p = case.root().join("forms").join(format!("{m}-{id}.docx"));
            assert!(p.is_file(), "no form {}", p.display());
            p
        })
        .collect()
}

fn import(case: &Case, files: &[PathBuf], extra: &[&str]) -> Outcome {
    let mut args: Vec<String> = vec!["import".into(), "--content".into(), "content".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| f.to_string_lossy().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    case.run(&refs)
}

/// Rewrites parts of a .docx: `edit(name, text)` returns the new text of
/// a part, or `None` to drop the part.
fn rewrite(docx: &Path, edit: impl Fn(&str, String) -> Option<String>) {
    common::rewrite_docx_parts(docx, edit);
}

/// Drops the fingerprint of what a form showed, so import takes it as
/// changed and reads all of it: the fields and text from the form, what is
/// unchanged kept as the contribution's file has it.
fn forget_source(docx: &Path) {
    rewrite(docx, |name, text| {
        if name != "docProps/custom.xml" {
            return Some(text);
        }
        let mut out = String::new();
        for piece in text.split_inclusive("</property>") {
            if !piece.contains("jaarrapport-formulier-inhoud") {
                out.push_str(piece);
            }
        }
        Some(out)
    });
}

fn md_files(case: &Case) -> Vec<(String, String)> {
    contributions(case)
        .into_iter()
        .map(|(m, id)| (format!("{m}/{id}"), case.read(&format!("bijdragen/{m}/{id}.md"))))
        .collect()
}

/// The export with each `tekst` replaced by its structure.
fn structure(json: &[u8]) -> Value {
    let mut v: Value = serde_json::from_slice(json).unwrap();
    for rec in v["aanbevelingen"].as_array_mut().unwrap() {
        for c in rec["bijdragen"].as_array_mut().unwrap() {
            let text = c["tekst"].as_str().unwrap().to_string();
            c["tekst"] = Value::String(format!("{:?}", parse(&text)));
        }
    }
    v
}

#[test]
fn every_contribution_comes_back_byte_for_byte_from_an_untouched_form() {
    for case in [sample(), Case::new("valid"), next_edition()] {
        let before = export(&case);
        let files_before = md_files(&case);
        let forms = forms(&case);
        assert!(forms.len() >= 4);
        let out = import(&case, &forms, &[]);
        out.code(0);
        assert_eq!(out.stdout.matches("unchanged").count(), forms.len(), "{}", out.stdout);
        assert_eq!(md_files(&case), files_before);
        assert_eq!(export(&case), before, "the JSON export changed");
    }
}

#[test]
fn every_contribution_comes_back_byte_for_byte_from_a_form_read_as_changed() {
    for case in [sample(), Case::new("valid"), next_edition()] {
        let before = export(&case);
        let files_before = md_files(&case);
        let forms = forms(&case);
        for f in &forms {
            forget_source(f);
        }
        import(&case, &forms, &[]).code(0);
        assert_eq!(md_files(&case), files_before);
        assert_eq!(export(&case), before);
        case.check().code(0);
    }
}

#[test]
fn a_form_shows_the_fields_and_real_word_structure() {
    let case = Case::new("valid");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.docx"]).code(0);
    let bytes = std::fs::read(case.root().join("f.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let doc = part("word/document.xml");
    // The status as a dropdown of the labels, the milestones as rows.
    assert!(doc.contains(r#"<w:listItem w:displayText="In uitvoering""#));
    assert!(doc.contains(">Behandeling in de Eerste Kamer<"));
    // A footnote as a Word footnote, the table as a table, the image embedded.
    assert!(doc.contains("<w:footnoteReference"));
    assert!(part("word/footnotes.xml").contains("Zie de brief van juni 2030."));
    assert_eq!(doc.matches("<w:tbl>").count(), 3);
    assert!(doc.contains("<w:drawing>"));
    assert!(part("word/_rels/document.xml.rels").contains("media/image1.svg"));
    assert!(doc.contains("[[4.1.A]]"));
    let props = part("docProps/custom.xml");
    for p in ["Jaarrapportage Proef 2030", ">2030<", ">SZW<", ">2.1.A<"] {
        assert!(props.contains(p), "properties lack {p}");
    }
    // Same content, same bytes; and never over an existing file.
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "g.docx"]).code(0);
    assert_eq!(std::fs::read(case.root().join("f.docx")).unwrap(), std::fs::read(case.root().join("g.docx")).unwrap());
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.docx"])
        .code(2)
        .mentions("already exists");
}

/// The owner's form for 2.1.A of the fixture, with `edit` applied to its
/// document.xml.
fn edited_form(case: &Case, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let path = case.root().join(name);
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", name]).code(0);
    rewrite(&path, |part, text| Some(if part == "word/document.xml" { edit(text) } else { text }));
    path
}

#[test]
fn errors_name_the_row_or_paragraph_all_at_once_and_nothing_is_written() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let a = edited_form(&case, "a.docx", |d| {
        d.replacen(">In uitvoering<", ">Bijna klaar<", 1)
            .replacen(">2e kwartaal 2031<", ">2031-Q5<", 1)
            .replacen("[[4.1.A]]", "[[4.9.A]]", 1)
            .replacen(">Indiening<", ">[[4.8.A]]<", 1)
    });
    rewrite(&a, |part, text| {
        Some(if part == "word/footnotes.xml" {
            text.replace("Zie de brief van juni 2030.", "Zie [[4.7.A]].")
        } else {
            text
        })
    });
    // A second form, for a ministry that may not write on 4.1.A.
    case.run(&["new", "4.1.A", "--ministerie", "BZK", "--content", "content", "--docx", "b.docx"]).code(0);
    let b = case.root().join("b.docx");
    // Its properties and its title both changed, as a careful forger would.
    rewrite(&b, |part, text| {
        Some(match part {
            "docProps/custom.xml" => text.replace(">BZK<", ">JenV<"),
            "word/document.xml" => text
                .replace("Bijdrage van BZK aan", "Bijdrage van JenV aan")
                .replace("De normen gelden sinds maart.", "De normen gelden."),
            _ => text,
        })
    });
    let out = import(&case, &[a, b], &[]);
    out.code(1);
    for line in [
        "a.docx: tabel Gegevens, rij 1: error: Status: `Bijna klaar` is geen status van dit rapport\n  = help: kies een van: Afgerond, In uitvoering,",
        "a.docx: tabel Mijlpalen, rij 3: error: Wanneer: `2031-Q5` is geen datum die het rapport kan lezen; schrijf bijvoorbeeld",
        "a.docx: alinea 1 onder Tekst: error: [[4.9.A]] verwijst naar 4.9.A, maar die aanbeveling bestaat niet",
        "a.docx: alinea 2 onder Tekst: error: [[4.8.A]] verwijst naar 4.8.A",
        "a.docx: voetnoot 1: error: [[4.7.A]] verwijst naar 4.7.A",
        // No form went to JenV for 4.1.A: the request ledger refuses it outright.
        "b.docx: error: de redactie heeft voor de bijdrage van JenV aan aanbeveling 4.1.A geen formulier verstuurd",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    assert!(out.stderr.contains("nothing was imported"));
    assert_eq!(md_files(&case), before);
}

#[test]
fn a_moved_milestone_keeps_its_key_and_gets_its_reason_from_the_form() {
    let case = next_edition();
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.docx"]).code(0);
    let f = case.root().join("f.docx");
    let doc = {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&f).unwrap())).unwrap();
        let mut s = String::new();
        zip.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    };
    assert!(doc.contains(">Sleutel<") && doc.contains(">behandeling-eerste-kamer<"), "the key is in the form");
    // The writer moves the date a year and says why, in the row's Toelichting cell.
    rewrite(&f, |part, t| {
        if part != "word/document.xml" {
            return Some(t);
        }
        let row = t.find(">2e kwartaal 2031<").unwrap();
        let row_end = row + t[row..].find("</w:tr>").unwrap();
        let mut row_text = t[row..row_end].to_string().replacen(">2e kwartaal 2031<", ">Q2 2032<", 1);
        // After the first cell: Wat, Gereed, Toelichting, Sleutel. Fill Toelichting's empty paragraph.
        let cells: Vec<usize> = row_text.match_indices("<w:tc>").map(|(i, _)| i).collect();
        let toelichting = cells[2];
        let empty = toelichting + row_text[toelichting..].find("</w:pPr></w:p>").unwrap() + "</w:pPr>".len();
        row_text.insert_str(empty, "<w:r><w:t>Het advies van de Raad van State vroeg meer tijd.</w:t></w:r>");
        Some(format!("{}{}{}", &t[..row], row_text, &t[row_end..]))
    });
    let out = import(&case, &[f], &[]);
    out.code(0);
    assert!(!out.stderr.contains("toelichting"), "no warning about a missing reason:\n{}", out.stderr);
    let md = case.read("bijdragen/SZW/2.1.A.md");
    assert!(
        md.contains("  - sleutel: behandeling-eerste-kamer\n    wanneer: \"2032-Q2\"\n    wat: Behandeling in de Eerste Kamer\n    toelichting: Het advies van de Raad van State vroeg meer tijd.\n"),
        "{md}"
    );
    case.check().code(0);
}

#[test]
fn a_contribution_keeps_its_file_name() {
    let case = Case::new("valid");
    let text = case.read("bijdragen/JenV/2.1.A.md");
    case.remove("bijdragen/JenV/2.1.A.md").write("bijdragen/JenV/2.1a.md", &text);
    case.run(&["new", "2.1.A", "--ministerie", "JenV", "--content", "content", "--docx", "f.docx"]).code(0);
    let f = case.root().join("f.docx");
    rewrite(&f, |part, t| {
        Some(if part == "word/document.xml" { t.replace("De screening loopt", "De toets loopt") } else { t })
    });
    let out = import(&case, &[f], &[]);
    out.code(0);
    assert!(out.stdout.contains("replaced content/bijdragen/JenV/2.1a.md"), "{}", out.stdout);
    assert!(case.read("bijdragen/JenV/2.1a.md").contains("De toets loopt via [[2.1 a]]."));
    assert!(!case.content().join("bijdragen/JenV/2.1.A.md").exists());
}

#[test]
fn an_empty_form_imports_nothing() {
    let case = Case::new("valid");
    case.run(&["new", "--ministerie", "BZK", "--content", "content", "--docx-dir", "forms"]).code(0);
    let empty = case.root().join("forms/BZK-4.2.C.docx");
    // Back as it went: the ministry has nothing to add, which is an answer.
    let out = import(&case, std::slice::from_ref(&empty), &[]);
    out.code(0);
    assert!(
        out.stdout
            .contains("BZK-4.2.C.docx: the empty form came back as it was sent, nothing to add; recorded as answered"),
        "{}",
        out.stdout
    );
    assert!(!case.content().join("bijdragen/BZK/4.2.C.md").exists());
    assert!(case.read("uitvraag.yaml").contains("terug: bevestigd ongewijzigd"), "{}", case.read("uitvraag.yaml"));
}

#[test]
fn a_changed_form_replaces_the_contribution_and_says_so() {
    let case = Case::new("valid");
    let f = edited_form(&case, "f.docx", |d| {
        d.replacen("Het wetsvoorstel ligt bij de Tweede Kamer.", "Het wetsvoorstel is aangenomen.", 1)
            .replacen(">nee<", ">ja<", 1)
    });
    let dry = import(&case, std::slice::from_ref(&f), &["--dry-run"]);
    dry.code(0);
    assert!(dry.stdout.contains("samenvatting: Het wetsvoorstel is aangenomen."), "{}", dry.stdout);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("ligt bij de Tweede Kamer"), "--dry-run wrote");
    let out = import(&case, &[f], &[]);
    out.code(0);
    assert!(out.stdout.contains("replaced content/bijdragen/SZW/2.1.A.md"), "{}", out.stdout);
    let md = case.read("bijdragen/SZW/2.1.A.md");
    assert!(md.contains("samenvatting: Het wetsvoorstel is aangenomen."));
    assert!(
        md.contains("  - wanneer: \"2031-Q2\"\n    wat: Behandeling in de Eerste Kamer\n    gereed: true\n"),
        "{md}"
    );
    case.check().code(0);
}

#[test]
fn tracked_changes_and_comments_are_refused() {
    let case = Case::new("valid");
    let ins = edited_form(&case, "ins.docx", |d| {
        d.replacen("</w:p>", r#"<w:ins w:id="90" w:author="Schrijver" w:date="2030-10-01T10:00:00Z"><w:r><w:t>nieuw</w:t></w:r></w:ins></w:p>"#, 1)
    });
    import(&case, &[ins], &[])
        .code(1)
        .mentions("ins.docx: error: het formulier bevat nog bijgehouden wijzigingen; accepteer of verwerp ze eerst");
    let del = edited_form(&case, "del.docx", |d| {
        d.replacen(
            "</w:p>",
            r#"<w:del w:id="91" w:author="Schrijver"><w:r><w:delText>weg</w:delText></w:r></w:del></w:p>"#,
            1,
        )
    });
    import(&case, &[del], &[]).code(1).mentions("bijgehouden wijzigingen");
    let comment =
        edited_form(&case, "c.docx", |d| d.replacen("</w:p>", r#"<w:r><w:commentReference w:id="1"/></w:r></w:p>"#, 1));
    import(&case, &[comment], &[]).code(1).mentions("c.docx: error: het formulier bevat nog opmerkingen");
}

#[test]
fn corrupt_files_other_documents_and_other_reports_are_refused() {
    let case = Case::new("valid");
    std::fs::write(case.root().join("kapot.docx"), b"PK\x03\x04 niet echt").unwrap();
    import(&case, &[case.root().join("kapot.docx")], &[])
        .code(1)
        .mentions("kapot.docx: error: het bestand is geen leesbaar Word-formulier: het is geen Word-document (.docx): het bestand is geen zip-pakket\n")
        .mentions("  = help: open het formulier en sla het op als Word-document (.docx) of, in LibreOffice, als ODF-tekstdocument (.odt)");
    let plain = edited_form(&case, "gewoon.docx", |d| d);
    rewrite(&plain, |part, text| (part != "docProps/custom.xml").then_some(text));
    import(&case, &[plain], &[])
        .code(1)
        .mentions("gewoon.docx: error: dit Word-bestand is geen formulier van jaarrapport");
    let other = edited_form(&case, "ander.docx", |d| d);
    rewrite(&other, |part, text| {
        Some(if part == "docProps/custom.xml" { text.replace(">2030<", ">2029<") } else { text })
    });
    import(&case, &[other], &[])
        .code(1)
        .mentions("ander.docx: error: dit formulier is voor `Jaarrapportage Proef 2030` (2029), niet voor `Jaarrapportage Proef 2030` (2030)");
}

// ---- LibreOffice -------------------------------------------------------

/// Runs LibreOffice headless; the tests need it (`.ci/run` installs it).
fn soffice(dir: &Path, args: &[&str]) {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("LibreOffice (soffice) must be installed: apt-get install libreoffice-writer-nogui, as .ci/run does");
    assert!(out.status.success(), "soffice {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The form as LibreOffice's flat XML, `edit` applied, saved back as .docx.
fn through_libreoffice(case: &Case, docx: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    through_libreoffice_all(case, std::slice::from_ref(&docx.to_path_buf()), edit).remove(0)
}

/// The same for many forms, with one LibreOffice run each way.
fn through_libreoffice_all(case: &Case, forms: &[PathBuf], edit: impl Fn(String) -> String) -> Vec<PathBuf> {
    through_libreoffice_as(case, forms, edit, "docx:MS Word 2007 XML", "docx")
}

/// The form as LibreOffice's flat XML, `edit` applied, saved as `filter`
/// (`odt`, or Word's) with the extension `ext`.
fn through_libreoffice_as(
    case: &Case,
    forms: &[PathBuf],
    edit: impl Fn(String) -> String,
    filter: &str,
    ext: &str,
) -> Vec<PathBuf> {
    let dir = case.root().join("lo");
    let back_dir = dir.join("terug");
    std::fs::create_dir_all(&back_dir).unwrap();
    let mut args = vec!["--convert-to".to_string(), "fodt".into(), "--outdir".into(), dir.display().to_string()];
    args.extend(forms.iter().map(|f| f.display().to_string()));
    soffice(&dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut edited = Vec::new();
    for f in forms {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(dir.join(format!("{stem}.fodt"))).unwrap();
        let path = back_dir.join(format!("{stem}.fodt"));
        std::fs::write(&path, edit(text)).unwrap();
        edited.push(path);
    }
    let mut args = vec!["--convert-to".to_string(), filter.into(), "--outdir".into(), back_dir.display().to_string()];
    args.extend(edited.iter().map(|f| f.display().to_string()));
    soffice(&back_dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    edited.iter().map(|f| f.with_extension(ext)).collect()
}

#[test]
fn libreoffice_round_trip_of_every_form_of_the_sample_and_the_fixture() {
    for case in [sample(), Case::new("valid")] {
        let before = export(&case);
        let files_before = md_files(&case);
        let forms = forms(&case);
        let saved = through_libreoffice_all(&case, &forms, |t| t);
        import(&case, &saved, &[]).code(0);
        assert_eq!(md_files(&case), files_before);
        assert_eq!(export(&case), before);
        // And without the Markdown the form carries: LibreOffice's own Word
        // structure (its lists, footnotes, tables) read back.
        for f in &saved {
            forget_source(f);
        }
        import(&case, &saved, &[]).code(0);
        assert_eq!(structure(&export(&case)), structure(&before));
    }
}

#[test]
fn libreoffice_edits_of_a_field_and_a_paragraph_are_imported() {
    let case = sample();
    let before = case.read("bijdragen/SZW/2.1.A.md");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.docx"]).code(0);
    let old_para = "Het wetsvoorstel gaat in het voorjaar van 2023 naar de Kamer.";
    let new_para = "Het wetsvoorstel is in maart 2023 naar de Kamer gestuurd.";
    let saved = through_libreoffice(&case, &case.root().join("f.docx"), |t| {
        // Only the document's text: the properties carry the old text too.
        let at = t.find("<office:body").expect("a body");
        let (head, body) = t.split_at(at);
        assert!(body.contains(old_para));
        let body = body
            .replacen(
                "Het wetsvoorstel voor een verplicht certificeringsstelsel voor uitleners is uitgewerkt",
                "Het wetsvoorstel is ingediend",
                1,
            )
            .replacen(old_para, new_para, 1)
            .replacen(">2e kwartaal 2023<", ">1e kwartaal 2023<", 1);
        format!("{head}{body}")
    });
    let out = import(&case, &[saved], &[]);
    out.code(0);
    assert!(out.stdout.contains("replaced"), "{}", out.stdout);
    let after = case.read("bijdragen/SZW/2.1.A.md");
    assert!(after.contains("samenvatting: Het wetsvoorstel is ingediend en gaat in het voorjaar"), "{after}");
    assert!(after.contains("wanneer: \"2023-Q1\""));
    let body = |s: &str| s.splitn(3, "---\n").nth(2).unwrap().to_string();
    // The untouched blocks are kept as written: the text differs from the
    // original only where it was edited.
    assert_eq!(body(&after), body(&before).replacen(old_para, new_para, 1));
    case.check().code(0);
}

/// ODF a LibreOffice user makes with the toolbar: bold, italic, a bulleted
/// and a numbered list, a footnote.
const TYPED: &str = r#"<text:p text:style-name="Standard">Getypt met <text:span text:style-name="JrVet">vet</text:span> en <text:span text:style-name="JrSchuin">schuin</text:span>.<text:note text:id="ftnjr" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Een voetnoot uit LibreOffice.</text:p></text:note-body></text:note></text:p><text:list text:style-name="JrBullets"><text:list-item><text:p text:style-name="Standard">eerste punt</text:p></text:list-item><text:list-item><text:p text:style-name="Standard">tweede punt</text:p></text:list-item></text:list><text:list text:style-name="JrNummers"><text:list-item><text:p text:style-name="Standard">stap een</text:p></text:list-item><text:list-item><text:p text:style-name="Standard">stap twee</text:p></text:list-item></text:list>"#;

const TYPED_STYLES: &str = r#"<style:style style:name="JrVet" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style><style:style style:name="JrSchuin" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"/></style:style><text:list-style style:name="JrBullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-bullet><text:list-level-style-bullet text:level="2" text:bullet-char="◦"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.905cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style><text:list-style style:name="JrNummers"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-number></text:list-style>"#;

#[test]
fn text_typed_with_libreoffice_formatting_is_imported_as_markdown() {
    let case = Case::new("valid");
    case.run(&["new", "4.1.A", "--ministerie", "BZK", "--content", "content", "--docx", "f.docx"]).code(0);
    let saved = through_libreoffice(&case, &case.root().join("f.docx"), |t| {
        let text_at = t.find("<office:text").expect("the document's text");
        let at = text_at + t[text_at..].find("De normen gelden sinds maart.").expect("the body paragraph");
        let end = at + t[at..].find("</text:p>").unwrap() + "</text:p>".len();
        let styles_at = t.find("</office:automatic-styles>").expect("automatic styles");
        let mut t2 = t.clone();
        t2.insert_str(end, TYPED);
        t2.insert_str(styles_at, TYPED_STYLES);
        t2
    });
    let out = import(&case, &[saved], &[]);
    out.code(0);
    let md = case.read("bijdragen/BZK/4.1.A.md");
    let body = md.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(
        body,
        "De normen gelden sinds maart.\n\nGetypt met **vet** en *schuin*.[^1]\n\n- eerste punt\n- tweede punt\n\n1. stap een\n2. stap twee\n\n[^1]: Een voetnoot uit LibreOffice.\n"
    );
    assert!(md.contains("status: afgerond\nsamenvatting: De normen zijn vastgesteld.\n"), "{md}");
    case.check().code(0);
}

const PNG: [u8; 70] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0, 123, 64, 232,
    221, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 207, 0, 4, 255, 1, 7, 0, 1, 255, 226, 35, 158, 89, 0, 0, 0, 0,
    73, 69, 78, 68, 174, 66, 96, 130,
];

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

#[test]
fn headings_links_nested_lists_and_pasted_pictures_typed_in_libreoffice_are_imported() {
    let case = Case::new("valid");
    case.run(&["new", "4.1.A", "--ministerie", "BZK", "--content", "content", "--docx", "f.docx"]).code(0);
    let typed = format!(
        r#"<text:h text:style-name="Heading_20_2" text:outline-level="2">Nieuwe kop</text:h><text:p text:style-name="Standard">Zie <text:a xlink:type="simple" xlink:href="https://www.rijksoverheid.nl/">de site</text:a>.</text:p><text:list text:style-name="JrBullets"><text:list-item><text:p text:style-name="Standard">boven</text:p><text:list><text:list-item><text:p text:style-name="Standard">onder</text:p></text:list-item></text:list></text:list-item></text:list><text:p text:style-name="Standard"><draw:frame draw:name="Afbeelding1" text:anchor-type="as-char" svg:width="2cm" svg:height="1cm"><draw:image><office:binary-data>{}</office:binary-data></draw:image><svg:title>Grafiek</svg:title><svg:desc>Grafiek</svg:desc></draw:frame></text:p>"#,
        base64(&PNG)
    );
    let saved = through_libreoffice(&case, &case.root().join("f.docx"), |t| {
        let text_at = t.find("<office:text").unwrap();
        let at = text_at + t[text_at..].find("De normen gelden sinds maart.").unwrap();
        let end = at + t[at..].find("</text:p>").unwrap() + "</text:p>".len();
        let mut t2 = t.clone();
        t2.insert_str(end, &typed);
        t2.insert_str(t.find("</office:automatic-styles>").unwrap(), TYPED_STYLES);
        t2
    });
    let out = import(&case, &[saved], &[]);
    out.code(0);
    let md = case.read("bijdragen/BZK/4.1.A.md");
    let body = md.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(
        body,
        "De normen gelden sinds maart.\n\n## Nieuwe kop\n\nZie [de site](https://www.rijksoverheid.nl/).\n\n- boven\n  - onder\n\n![Grafiek](../../afbeeldingen/BZK-4.1.A-1.png)\n"
    );
    assert!(out.stdout.contains("wrote content/afbeeldingen/BZK-4.1.A-1.png"), "{}", out.stdout);
    let png = std::fs::read(case.content().join("afbeeldingen/BZK-4.1.A-1.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    case.check().code(0);
}

#[test]
fn tracked_changes_and_comments_made_in_libreoffice_are_refused() {
    let case = Case::new("valid");
    case.run(&["new", "4.1.A", "--ministerie", "BZK", "--content", "content", "--docx", "f.docx"]).code(0);
    let f = case.root().join("f.docx");
    let in_text = |t: &str, from: &str, to: &str| {
        let at = t.find("<office:text").unwrap();
        let (head, body) = t.split_at(at);
        assert!(body.contains(from), "{from}");
        format!("{head}{}", body.replacen(from, to, 1))
    };
    let tracked = through_libreoffice(&case, &f, |t| {
        let t = in_text(
            &t,
            "De normen gelden sinds maart.",
            r#"De normen gelden sinds <text:change-start text:change-id="ct1"/>begin <text:change-end text:change-id="ct1"/>maart."#,
        );
        let at = t.find("<office:text").unwrap();
        let open = at + t[at..].find('>').unwrap() + 1;
        let mut t = t;
        t.insert_str(
            open,
            r#"<text:tracked-changes text:track-changes="true"><text:changed-region xml:id="ct1" text:id="ct1"><text:insertion><office:change-info><dc:creator>Schrijver</dc:creator><dc:date>2030-10-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>"#,
        );
        t
    });
    import(&case, &[tracked], &[])
        .code(1)
        .mentions("error: het formulier bevat nog bijgehouden wijzigingen; accepteer of verwerp ze eerst");
    let commented = through_libreoffice(&case, &f, |t| {
        in_text(
            &t,
            "De normen gelden sinds maart.",
            r#"De normen gelden<office:annotation><dc:creator>Redactie</dc:creator><dc:date>2030-10-01T10:00:00</dc:date><text:p>Welke maand?</text:p></office:annotation> sinds maart."#,
        )
    });
    import(&case, &[commented], &[]).code(1).mentions("error: het formulier bevat nog opmerkingen");
    assert_eq!(
        case.read("bijdragen/BZK/4.1.A.md"),
        std::fs::read_to_string(common::fixture("valid").join("bijdragen/BZK/4.1.A.md")).unwrap()
    );
}

// ---- Nothing typed is lost (issue 23.1) --------------------------------

/// The `<w:tr>…</w:tr>` of document.xml that holds `marker`, removed.
fn drop_row(doc: &str, marker: &str) -> String {
    let at = doc.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let start = doc[..at].rfind("<w:tr>").unwrap();
    let end = at + doc[at..].find("</w:tr>").unwrap() + "</w:tr>".len();
    format!("{}{}", &doc[..start], &doc[end..])
}

#[test]
fn text_typed_after_the_instruction_of_an_empty_form_is_imported() {
    let case = Case::new("valid");
    case.run(&["new", "--ministerie", "BZK", "--content", "content", "--docx-dir", "forms"]).code(0);
    let form = case.root().join("forms/BZK-4.2.C.docx");
    // The form ends with an ordinary paragraph, and Enter after an instruction gives one.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&form).unwrap())).unwrap();
    let mut styles = String::new();
    zip.by_name("word/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    let hint = &styles[styles.find(r#"w:styleId="Toelichtingformulier""#).unwrap()..];
    assert!(hint[..hint.find("</w:style>").unwrap()].contains(r#"<w:next w:val="Normal"/>"#));
    let mut doc = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut doc).unwrap();
    assert!(doc.ends_with(r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p><w:sectPr><w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#), "{}", &doc[doc.len() - 400..]);
    // A writer types two paragraphs in the instruction's style (as an older
    // form made them) and one in the ordinary paragraph; a summary too.
    let saved = through_libreoffice(&case, &form, |t| {
        let body = t.find("<office:text").unwrap();
        let (head, rest) = t.split_at(body);
        let rest = rest
            .replacen(
                r#"<text:p text:style-name="Standard"/>
  </office:text>"#,
                r#"<text:p text:style-name="Toelichting_20_formulier">Eerste alinea van de schrijver.</text:p><text:p text:style-name="Toelichting_20_formulier">Tweede alinea.</text:p><text:p text:style-name="Standard">Derde alinea.</text:p>
  </office:text>"#,
                1,
            );
        assert!(rest.contains("Derde alinea"), "the form's last paragraph was not found");
        format!("{head}{rest}")
    });
    let out = import(&case, &[saved], &["--dry-run"]);
    out.code(0);
    assert!(
        out.stdout.ends_with("---\nEerste alinea van de schrijver.\n\nTweede alinea.\n\nDerde alinea.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_deleted_row_of_gegevens_is_an_error_at_the_table_and_nothing_is_written() {
    let case = Case::new("valid");
    let before = md_files(&case);
    for (row, marker) in [("Status", ">Status<"), ("Samenvatting", ">Samenvatting<"), ("Bronnen", ">Bronnen<")] {
        let f = edited_form(&case, &format!("{row}.docx"), |d| drop_row(&d, marker));
        let out = import(&case, &[f], &[]);
        out.code(1).mentions(&format!("{row}.docx: tabel Gegevens: error: de rij {row} ontbreekt; zet hem terug"));
        assert!(out.stderr.contains("laat de rechtercel leeg"), "{}", out.stderr);
        assert_eq!(md_files(&case), before);
    }
    // An involved ministry's form has no Status row, and needs none.
    case.run(&["new", "4.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "betrokken.docx"]).code(2);
}

#[test]
fn unknown_rows_merged_cells_nested_tables_and_stray_text_are_named() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let extra_row = r#"<w:tr><w:tc><w:p><w:r><w:t>Opmerking</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>iets</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let f = edited_form(&case, "f.docx", |d| {
        // An unknown row at the end of Gegevens.
        let d = d.replacen("</w:tbl>", extra_row, 1);
        // Two cells of a milestone row merged.
        let at = d.find(">Behandeling in de Eerste Kamer<").unwrap();
        let tc = d[..at].rfind("<w:tcPr>").unwrap();
        let d = format!("{}<w:tcPr><w:gridSpan w:val=\"2\"/>{}", &d[..tc], &d[tc + "<w:tcPr>".len()..]);
        // A table pasted into a cell of the text's table.
        let at = d.find(">Indiening<").unwrap();
        let end = at + d[at..].find("</w:tc>").unwrap();
        let d = format!(
            "{}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>binnen</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>{}",
            &d[..end],
            &d[end..]
        );
        // Text typed under the heading Mijlpalen, outside its table.
        d.replacen(
            r#">Mijlpalen</w:t></w:r></w:p>"#,
            r#">Mijlpalen</w:t></w:r></w:p><w:p><w:r><w:t>Los getypt onder Mijlpalen.</w:t></w:r></w:p>"#,
            1,
        )
    });
    let out = import(&case, &[f], &[]);
    out.code(1);
    for line in [
        "f.docx: tabel Gegevens, rij 4: error: onbekende rij `Opmerking` in de tabel Gegevens",
        "f.docx: tabel Mijlpalen, rij 3: error: samengevoegde cellen; splits ze weer",
        "f.docx: onder het kopje Mijlpalen: error: tekst buiten de tabel wordt niet gelezen (`Los getypt onder Mijlpalen.`)",
        "f.docx: alinea 2 onder Tekst: error: een tabel in een tabelcel wordt niet gelezen",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    assert_eq!(md_files(&case), before);
}

// ---- What is imported is what the form shows (issue 27.2) ---------------

#[test]
fn hidden_text_unchosen_branches_and_foreign_markup_are_not_imported() {
    let case = Case::new("valid");
    let secret = "GEHEIM";
    let run = |rpr: &str| format!(r#"<w:r>{rpr}<w:t xml:space="preserve"> {secret}</w:t></w:r>"#);
    let cases: Vec<(&str, String)> = vec![
        ("vanish", run("<w:rPr><w:vanish/></w:rPr>")),
        ("specVanish", run("<w:rPr><w:specVanish/></w:rPr>")),
        ("character style", run(r#"<w:rPr><w:rStyle w:val="Verborgen"/></w:rPr>"#)),
        (
            "unknown extension chosen",
            format!(
                r#"<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:zz="urn:onbekend"><mc:Choice Requires="zz"><w:r><w:t>{secret}</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t xml:space="preserve"> zichtbaar</w:t></w:r></mc:Fallback></mc:AlternateContent>"#
            ),
        ),
        (
            "known extension, fallback",
            format!(
                r#"<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><mc:Choice Requires="w14"><w:r><w:t xml:space="preserve"> zichtbaar</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>{secret}</w:t></w:r></mc:Fallback></mc:AlternateContent>"#
            ),
        ),
        (
            "foreign namespace",
            format!(
                r#"<x:r xmlns:x="urn:verstopt"><w:t>{secret}</w:t></x:r><w:r xmlns:w="urn:nep"><w:t>{secret}</w:t></w:r>"#
            ),
        ),
    ];
    for (name, inserted) in cases {
        let f = edited_form(&case, &format!("{}.docx", name.replace(' ', "-")), |d| {
            d.replacen("Het stelsel van verplichte certificering krijgt vorm.", "Het stelsel krijgt vorm.", 1).replacen(
                r#"Het stelsel krijgt vorm.</w:t></w:r>"#,
                &format!(r#"Het stelsel krijgt vorm.</w:t></w:r>{inserted}"#),
                1,
            )
        });
        rewrite(&f, |part, t| {
            Some(if part == "word/styles.xml" {
                t.replace("</w:styles>", r#"<w:style w:type="character" w:styleId="Verborgen"><w:name w:val="Verborgen"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#)
            } else {
                t
            })
        });
        let out = import(&case, &[f], &["--dry-run"]);
        out.code(0);
        assert!(!out.stdout.contains(secret), "{name}: hidden text imported:\n{}", out.stdout);
        assert!(out.stdout.contains("Het stelsel krijgt vorm."), "{name}:\n{}", out.stdout);
        if name.contains("extension") {
            assert!(
                out.stdout.contains("Het stelsel krijgt vorm. zichtbaar"),
                "{name}: the shown branch:\n{}",
                out.stdout
            );
        }
    }
    // A paragraph style that hides its text.
    let f = edited_form(&case, "alinea.docx", |d| {
        d.replacen(
            r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p><w:sectPr>"#,
            &format!(r#"<w:p><w:pPr><w:pStyle w:val="VerborgenAlinea"/></w:pPr><w:r><w:t>{secret}</w:t></w:r></w:p><w:sectPr>"#),
            1,
        )
    });
    rewrite(&f, |part, t| {
        Some(if part == "word/styles.xml" {
            t.replace("</w:styles>", r#"<w:style w:type="paragraph" w:styleId="VerborgenAlinea"><w:name w:val="Verborgen alinea"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#)
        } else {
            t
        })
    });
    let out = import(&case, &[f], &["--dry-run"]);
    assert!(!out.stdout.contains(secret), "{}", out.stdout);
}

#[test]
fn text_in_the_properties_is_never_imported() {
    let case = Case::new("valid");
    let before = case.read("bijdragen/SZW/2.1.A.md");
    // The old way of carrying the Markdown, forged with a fingerprint the
    // writer computes: it is not read at all.
    let f = edited_form(&case, "f.docx", |d| d.replacen("krijgt vorm.", "krijgt vorm in 2031.", 1));
    rewrite(&f, |part, t| {
        Some(if part == "docProps/custom.xml" {
            t.replace("</Properties>", r#"<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="90" name="jaarrapport-tekst-0001"><vt:lpwstr>Vervalst.</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="91" name="jaarrapport-vingerafdruk"><vt:lpwstr>0000000000000000</vt:lpwstr></property></Properties>"#)
        } else {
            t
        })
    });
    import(&case, &[f], &[]).code(0);
    let after = case.read("bijdragen/SZW/2.1.A.md");
    assert!(!after.contains("Vervalst"));
    assert_eq!(after, before.replacen("krijgt vorm.", "krijgt vorm in 2031.", 1));
}

#[test]
fn a_form_whose_properties_disagree_with_its_title_is_refused() {
    let case = Case::new("valid");
    let before = md_files(&case);
    for (name, from, to) in [("id", ">2.1.A<", ">4.1.A<"), ("ministerie", ">SZW<", ">BZK<")] {
        let f = edited_form(&case, &format!("{name}.docx"), |d| d.replacen("krijgt vorm.", "is af.", 1));
        rewrite(&f, |part, t| Some(if part == "docProps/custom.xml" { t.replacen(from, to, 1) } else { t }));
        import(&case, &[f], &[]).code(1).mentions(&format!(
            "{name}.docx: error: de titel van het formulier (`Bijdrage van SZW aan aanbeveling 2.1.A`) past niet bij de bijdrage waarvoor het gemaakt is"
        ));
    }
    assert_eq!(md_files(&case), before);
}

#[test]
fn a_link_planted_where_a_scratch_file_could_be_is_never_written_through() {
    let case = Case::new("valid");
    let rapport = case.read("rapport.yaml");
    let other = case.read("bijdragen/BZK/4.1.A.md");
    let dir = case.content().join("bijdragen/SZW");
    // Every name the old import used, and a few more, as links to files the writer may not touch.
    for (name, target) in [
        (".2.1.A.md.import", "../../rapport.yaml"),
        (".2.1.A.md.tmp", "../BZK/4.1.A.md"),
        ("2.1.A.md.import", "../../rapport.yaml"),
    ] {
        std::os::unix::fs::symlink(target, dir.join(name)).unwrap();
    }
    let f = edited_form(&case, "f.docx", |d| d.replacen("krijgt vorm.", "is af.", 1));
    import(&case, &[f], &[]).code(0);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("is af."));
    assert_eq!(case.read("rapport.yaml"), rapport);
    assert_eq!(case.read("bijdragen/BZK/4.1.A.md"), other);
    assert!(std::fs::symlink_metadata(dir.join(".2.1.A.md.import")).unwrap().file_type().is_symlink());
    // No scratch file is left behind.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("jaarrapport"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// PNG's chunk checksum.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= *b as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

/// A picture pasted into the text of the owner's form for 2.1.A, as Word
/// stores one: a relationship to a media part, and a drawing that embeds it.
fn with_picture(case: &Case, name: &str, bytes: &[u8], ext: &str) -> PathBuf {
    let f = edited_form(case, name, |d| {
        d.replacen(
            r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p><w:sectPr>"#,
            r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="9" name="Afbeelding 9" descr="Grafiek"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdPlak"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p><w:sectPr>"#,
            1,
        )
    });
    rewrite(&f, |part, t| {
        Some(if part == "word/_rels/document.xml.rels" {
            t.replace("</Relationships>", &format!(r#"<Relationship Id="rIdPlak" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/geplakt.{ext}"/></Relationships>"#))
        } else {
            t
        })
    });
    let data = std::fs::read(&f).unwrap();
    let mut zip = zip::ZipWriter::new_append(std::io::Cursor::new(data)).unwrap();
    zip.start_file(format!("word/media/geplakt.{ext}"), zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(bytes).unwrap();
    std::fs::write(&f, zip.finish().unwrap().into_inner()).unwrap();
    f
}

#[test]
fn pasted_pictures_pass_the_image_checks_before_anything_is_written() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let mut huge = PNG.to_vec();
    huge[16..20].copy_from_slice(&30000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&30000u32.to_be_bytes());
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    for (name, bytes, ext, says) in [
        (
            "script",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
            "svg",
            "script",
        ),
        ("onload", br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec(), "svg", "onload"),
        ("reus", huge, "png", "megapixel"),
        ("vermomd", b"GIF89a nep".to_vec(), "png", "PNG"),
    ] {
        let f = with_picture(&case, &format!("{name}.docx"), &bytes, ext);
        let out = import(&case, &[f], &[]);
        out.code(1).mentions(&format!("{name}.docx: error: een geplakte afbeelding (SZW-2.1.A-1.{ext}): "));
        assert!(out.stderr.to_lowercase().contains(&says.to_lowercase()), "{name}: {}", out.stderr);
        assert!(!case.content().join(format!("afbeeldingen/SZW-2.1.A-1.{ext}")).exists());
        assert_eq!(md_files(&case), before);
    }
    // A good one is written.
    let f = with_picture(&case, "goed.docx", &PNG, "png");
    import(&case, &[f], &[]).code(0);
    assert_eq!(std::fs::read(case.content().join("afbeeldingen/SZW-2.1.A-1.png")).unwrap(), PNG);
}

#[test]
fn a_fifo_or_a_huge_sparse_file_in_afbeeldingen_neither_hangs_nor_bloats_import() {
    use std::os::unix::fs::FileTypeExt as _;
    let case = Case::new("valid");
    let images = case.content().join("afbeeldingen");
    let fifo = images.join("SZW-2.1.A-1.png");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let sparse = std::fs::File::create(images.join("SZW-2.1.A-2.png")).unwrap();
    sparse.set_len(1 << 40).unwrap();
    let f = with_picture(&case, "f.docx", &PNG, "png");
    // A hang would hold the test here: the run is bounded by a timeout.
    let mut child = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["import", "--content", "content"])
        .arg(&f)
        .current_dir(case.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("import hung on a FIFO in afbeeldingen/");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(images.join("SZW-2.1.A-3.png")).unwrap(), PNG);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("../../afbeeldingen/SZW-2.1.A-3.png"));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn text_from_the_form_reaches_the_terminal_escaped() {
    let case = Case::new("valid");
    // A C1 control (CSI), a bidi override and an escape as character references.
    let f = edited_form(&case, "f.docx", |d| {
        d.replacen(">nee<", ">nee\u{9b}2J klaar&#x202E;<", 1).replacen("krijgt vorm.", "krijgt \u{9b}31m vorm.", 1)
    });
    let out = import(&case, std::slice::from_ref(&f), &["--dry-run"]);
    for stream in [&out.stdout, &out.stderr] {
        assert!(!stream.contains('\u{9b}') && !stream.contains('\u{202e}'), "raw control:\n{stream}");
    }
    assert!(out.stderr.contains("er staat `nee\\u{9b}2J klaar\\u{202e}`"), "{}", out.stderr);
    // And the form's own file name.
    let odd = case.root().join("a\u{1b}[2Jb.docx");
    std::fs::copy(&f, &odd).unwrap();
    let out = import(&case, &[odd], &[]);
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    assert!(out.stderr.contains("a\\u{1b}[2Jb.docx"), "{}", out.stderr);
}

// ---- No lost update (issue 23.2) ----------------------------------------

#[test]
fn an_editor_s_fix_survives_an_unchanged_form_and_a_changed_one_is_refused_unless_forced() {
    let case = Case::new("valid");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "zelfde.docx"]).code(0);
    let changed = edited_form(&case, "anders.docx", |d| d.replacen("krijgt vorm.", "is af.", 1));
    // The editor corrects the summary after the forms went out.
    case.edit("bijdragen/SZW/2.1.A.md", "ligt bij de Tweede Kamer.", "ligt sinds juni bij de Tweede Kamer.");
    let fixed = case.read("bijdragen/SZW/2.1.A.md");
    // The unchanged form confirms the contribution and leaves the fix alone.
    let out = import(&case, &[case.root().join("zelfde.docx")], &[]);
    out.code(0);
    assert!(
        out.stdout.contains("content/bijdragen/SZW/2.1.A.md unchanged: the form came back as it was sent"),
        "{}",
        out.stdout
    );
    assert_eq!(case.read("bijdragen/SZW/2.1.A.md"), fixed);
    // The changed form is refused, both named, with what differs.
    let out = import(&case, std::slice::from_ref(&changed), &[]);
    out.code(1).mentions(
        "anders.docx: error: content/bijdragen/SZW/2.1.A.md is gewijzigd nadat dit formulier is gemaakt, en het formulier is ook gewijzigd; het formulier verschilt van het bestand in: Samenvatting, Tekst",
    );
    out.mentions("importeer met --force");
    assert_eq!(case.read("bijdragen/SZW/2.1.A.md"), fixed);
    let dry = import(&case, std::slice::from_ref(&changed), &["--dry-run"]);
    dry.code(1);
    assert_eq!(case.read("bijdragen/SZW/2.1.A.md"), fixed);
    // --force takes the form as it is.
    import(&case, &[changed], &["--force"]).code(0);
    let after = case.read("bijdragen/SZW/2.1.A.md");
    assert!(
        after.contains("is af.") && after.contains("samenvatting: Het wetsvoorstel ligt bij de Tweede Kamer."),
        "{after}"
    );
    // A contribution written after an empty form went out: the same.
    case.run(&["new", "--ministerie", "BZK", "--content", "content", "--docx-dir", "forms"]).code(0);
    let empty = case.root().join("forms/BZK-4.2.C.docx");
    rewrite(&empty, |part, t| {
        Some(if part == "word/document.xml" {
            t.replacen(
                r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p><w:sectPr>"#,
                r#"<w:p><w:r><w:t>Nieuw.</w:t></w:r></w:p><w:sectPr>"#,
                1,
            )
        } else {
            t
        })
    });
    case.write("bijdragen/BZK/4.2.C.md", "---\nsamenvatting: Door de redactie.\n---\nTekst.\n");
    import(&case, &[empty], &[])
        .code(1)
        .mentions("BZK-4.2.C.docx: error: content/bijdragen/BZK/4.2.C.md is aangemaakt nadat dit formulier is gemaakt");
    assert_eq!(case.read("bijdragen/BZK/4.2.C.md"), "---\nsamenvatting: Door de redactie.\n---\nTekst.\n");
}

// ---- Dates, answers and keys as writers type them (issues 23.3, 23.4) ----

/// The owner's form for 2.1.A of `case` with its milestone rows replaced by
/// `rows` of (Wanneer, Wat, Gereed), saved through LibreOffice.
fn form_with_rows(case: &Case, name: &str, rows: &[(&str, &str, &str)]) -> PathBuf {
    let f = edited_form(case, name, |d| {
        // The first milestone row is the model; all milestone rows go.
        let first = d.find(">juni 2030<").expect("the form shows dates as the report prints them");
        let start = d[..first].rfind("<w:tr>").unwrap();
        let last = d.find(">Behandeling in de Eerste Kamer<").unwrap();
        let end = last + d[last..].find("</w:tr>").unwrap() + "</w:tr>".len();
        let model = &d[start..start + d[start..].find("</w:tr>").unwrap() + "</w:tr>".len()];
        let new_rows: String = rows
            .iter()
            .map(|(when, what, done)| {
                model
                    .replacen(">juni 2030<", &format!(">{when}<"), 1)
                    .replacen(">Wetsvoorstel ingediend<", &format!(">{what}<"), 1)
                    .replacen(">ja<", &format!(">{done}<"), 1)
            })
            .collect();
        format!("{}{new_rows}{}", &d[..start], &d[end..])
    });
    through_libreoffice(case, &f, |t| t)
}

#[test]
fn dates_and_answers_as_people_write_them_are_stored_canonically() {
    let case = Case::new("valid");
    let spellings = [
        ("Q3 2023", "2023-Q3"),
        ("3e kwartaal 2023", "2023-Q3"),
        ("september 2023", "2023-09"),
        ("15-09-2023", "2023-09-15"),
        ("2e helft 2024", "2024-H2"),
        ("2023-Q3", "2023-Q3"),
        ("15 juni 2023", "2023-06-15"),
    ];
    let marks = ["x", "✓", "ja", "nee", "Ja", "", "X"];
    let rows: Vec<(&str, String, &str)> = spellings
        .iter()
        .zip(marks)
        .enumerate()
        .map(|(k, ((typed, _), mark))| (*typed, format!("Stap {k}"), mark))
        .collect();
    let refs: Vec<(&str, &str, &str)> = rows.iter().map(|(a, b, c)| (*a, b.as_str(), *c)).collect();
    let saved = form_with_rows(&case, "f.docx", &refs);
    let out = import(&case, &[saved], &[]);
    out.code(0);
    let md = case.read("bijdragen/SZW/2.1.A.md");
    for (k, ((_, canonical), mark)) in spellings.iter().zip(marks).enumerate() {
        let done = if ["x", "✓", "ja", "Ja", "X"].contains(&mark) { "    gereed: true\n" } else { "" };
        let entry = format!("  - wanneer: \"{canonical}\"\n    wat: Stap {k}\n{done}");
        assert!(md.contains(&entry), "missing {entry:?} in\n{md}");
    }
    case.check().code(0);
    // The new form shows them as the report prints them.
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "g.docx"]).code(0);
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(case.root().join("g.docx")).unwrap())).unwrap();
    let mut doc = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut doc).unwrap();
    for shown in [">3e kwartaal 2023<", ">september 2023<", ">15 september 2023<", ">2e helft 2024<", ">15 juni 2023<"]
    {
        assert!(doc.contains(shown), "the form lacks {shown}");
    }
    assert!(doc.contains("Gereed: ja of nee (x of ✓ telt als ja)"));
}

#[test]
fn unreadable_dates_answers_and_changed_keys_are_errors_at_their_row_without_false_warnings() {
    let case = next_edition();
    let before = md_files(&case);
    let f = edited_form(&case, "f.docx", |d| {
        d.replacen(">juni 2030<", ">najaar 2030<", 1).replacen(">ja<", ">nee, nog niet<", 1).replacen(
            ">behandeling-eerste-kamer<",
            ">eerste-kamer<",
            1,
        )
    });
    let out = import(&case, &[f], &[]);
    out.code(1);
    for line in [
        "f.docx: tabel Mijlpalen, rij 2: error: Wanneer: `najaar 2030` is geen datum die het rapport kan lezen; bedoelt u `2e helft 2030`?",
        "f.docx: tabel Mijlpalen, rij 2: error: Gereed: vul ja of nee in (x of ✓ telt als ja), of vervallen; er staat `nee, nog niet`",
        "f.docx: tabel Mijlpalen, rij 3: error: Sleutel: `eerste-kamer` is niet de sleutel die deze mijlpaal had; zet de oorspronkelijke sleutel terug",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    // Neither English nor a "gone" milestone for rows that failed to read.
    for noise in ["staat niet meer in de tabel", "is gone", "not a milestone date", "wrong kind of value"] {
        assert!(!out.stderr.contains(noise), "{noise} in\n{}", out.stderr);
    }
    assert_eq!(md_files(&case), before);
    // A milestone row merged out of shape: an error there, no "gone" warning.
    let g = edited_form(&case, "g.docx", |d| {
        let at = d.find(">Behandeling in de Eerste Kamer<").unwrap();
        let tc = d[..at].rfind("<w:tcPr>").unwrap();
        format!("{}<w:tcPr><w:vMerge/>{}", &d[..tc], &d[tc + "<w:tcPr>".len()..])
    });
    let out = import(&case, &[g], &[]);
    out.code(1).mentions("g.docx: tabel Mijlpalen, rij 3: error: samengevoegde cellen");
    assert!(!out.stderr.contains("vervallen"), "{}", out.stderr);
    assert_eq!(md_files(&case), before);
}

// ---- A form hard to damage, with a guide (issue 23.7) -------------------

/// `pdfinfo`'s value of `key` for a PDF.
fn pdfinfo(pdf: &Path, key: &str) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) must be installed");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim_start_matches(':').trim().to_string())
        .unwrap_or_default()
}

#[test]
fn the_request_comes_with_a_one_page_dutch_guide_and_forms_that_fit_a4() {
    let case = next_edition();
    case.run(&["new", "--ministerie", "SZW", "--content", "content", "--docx-dir", "forms"]).code(0);
    let guide = case.root().join("forms/Handleiding formulieren.docx");
    assert!(guide.is_file());
    let pdfs = case.root().join("pdf");
    soffice(
        case.root(),
        &[
            "--convert-to",
            "pdf",
            "--outdir",
            &pdfs.display().to_string(),
            &guide.display().to_string(),
            &case.root().join("forms/SZW-2.1.A.docx").display().to_string(),
        ],
    );
    let guide_pdf = pdfs.join("Handleiding formulieren.pdf");
    assert_eq!(pdfinfo(&guide_pdf, "Pages"), "1", "the guide is one page");
    assert!(pdfinfo(&guide_pdf, "Page size").starts_with("595."), "A4");
    let text = common::pdftotext(&guide_pdf);
    for part in [
        "Zo vult u het formulier in",
        "Niets veranderd?",
        "Een mijlpaal laten vervallen",
        "Niet verwijderen of wijzigen",
        "Sleutel",
        "Alle opmerkingen",
    ] {
        assert!(text.contains(part), "the guide lacks {part}:\n{text}");
    }
    // The form: A4, every header of Mijlpalen on one line, the key marked.
    let form_pdf = pdfs.join("SZW-2.1.A.pdf");
    assert!(pdfinfo(&form_pdf, "Page size").starts_with("595."), "A4");
    let layout = common::pdftotext_layout(&form_pdf);
    let header = layout.lines().find(|l| l.contains("Wanneer") && l.contains("Toelichting")).expect("the header row");
    for name in ["Wanneer", "Wat", "Gereed", "Toelichting", "Sleutel"] {
        assert!(header.contains(name), "{name} is not whole on the header line: {header:?}");
    }
    assert!(layout.contains("niet wijzigen"));
    // A second request leaves the guide there as it was.
    let before = std::fs::read(&guide).unwrap();
    std::fs::remove_file(case.root().join("forms/SZW-2.1.A.docx")).unwrap();
    let out = case.run(&["new", "--ministerie", "SZW", "--content", "content", "--docx-dir", "forms"]);
    assert!(out.stdout.contains("Handleiding formulieren.docx already exists; it is left as it was"), "{}", out.stdout);
    assert_eq!(std::fs::read(&guide).unwrap(), before);
}

// ---- A dry run an editor can review (issue 23.8) ------------------------

#[test]
fn a_dry_run_summarises_each_form_and_shows_a_diff() {
    let case = Case::new("valid");
    let before = md_files(&case);
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "zelfde.docx"]).code(0);
    let f = edited_form(&case, "f.docx", |d| {
        d.replacen(">In uitvoering<", ">Afgerond<", 1)
            .replacen(">2e kwartaal 2031<", ">3e kwartaal 2031<", 1)
            .replacen(">nee<", ">ja<", 1)
            .replacen("krijgt vorm.", "is af.", 1)
    });
    let out = import(&case, &[case.root().join("zelfde.docx")], &["--dry-run", "--diff"]);
    out.code(0);
    assert!(
        out.stdout
            .contains("zelfde.docx → content/bijdragen/SZW/2.1.A.md\nunchanged: the form came back as it was sent"),
        "{}",
        out.stdout
    );
    let out = import(&case, &[f], &["--dry-run", "--diff"]);
    out.code(0);
    for part in [
        "f.docx → content/bijdragen/SZW/2.1.A.md\nstatus In uitvoering → Afgerond; milestones: 1 moved, 0 added, 1 done, 0 dropped; text: 1 block(s) changed, 0 added, 0 removed\n",
        "-status: in-uitvoering\n+status: afgerond\n",
        "-Het stelsel van verplichte certificering krijgt vorm.",
        "+Het stelsel van verplichte certificering is af.",
    ] {
        assert!(out.stdout.contains(part), "missing {part:?} in\n{}", out.stdout);
    }
    assert_eq!(md_files(&case), before);
}

/// A form taken in once is "already in" the second time, also when the
/// writer typed a date in a spelling of their own (`Q3 2031`) and marked a
/// row done with an `x`: the comparison reads the rows as the import does.
#[test]
fn a_form_imported_twice_is_already_in_the_second_time() {
    let case = Case::new("valid");
    let f =
        edited_form(&case, "f.docx", |d| d.replacen(">2e kwartaal 2031<", ">Q3 2031<", 1).replacen(">nee<", ">x<", 1));
    import(&case, std::slice::from_ref(&f), &[]).code(0);
    let after = md_files(&case);
    let out = import(&case, &[f], &[]);
    out.code(0);
    assert!(
        out.stdout.contains("content/bijdragen/SZW/2.1.A.md already says what the form says"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(md_files(&case), after);
}

/// A form with errors is not imported, and its dry run says so instead of
/// what it would change (text typed outside the cells left the form
/// looking "unchanged" before).
#[test]
fn a_dry_run_of_a_form_with_errors_says_it_would_not_be_imported() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let f = edited_form(&case, "f.docx", |d| d.replacen(">In uitvoering<", ">Bijna klaar<", 1));
    let out = import(&case, &[f], &["--dry-run"]);
    out.code(1);
    assert!(
        out.stdout
            .contains("f.docx → content/bijdragen/SZW/2.1.A.md\nnot imported: 1 problem in this form, listed below\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("unchanged") && !out.stdout.contains("status In uitvoering"), "{}", out.stdout);
    assert_eq!(md_files(&case), before);
}

/// The owner's Status cell emptied is an error at its row, in Dutch, with
/// the status it had: the report would otherwise say "Geen status".
#[test]
fn an_emptied_status_is_refused_at_its_row() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let f = edited_form(&case, "f.docx", |d| d.replacen(">In uitvoering<", "><", 1));
    let out = import(&case, &[f], &[]);
    out.code(1);
    assert!(
        out.stderr.contains(
            "f.docx: tabel Gegevens, rij 1: error: Status: de cel is leeg, maar de aanbeveling heeft de status `In uitvoering`\n  = help: kies een status uit de lijst; is er niets veranderd, zet dan `In uitvoering` terug\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(md_files(&case), before);
}

// ---- Errors go back to the writer inside the form (issue 23.5) ----------

#[test]
fn a_refused_form_goes_back_with_comments_and_returns_through_libreoffice() {
    let case = Case::new("valid");
    let f =
        edited_form(&case, "SZW-2.1.A.docx", |d| {
            d.replacen(">In uitvoering<", ">Bijna klaar<", 1)
                .replacen(">2e kwartaal 2031<", ">najaar 2031<", 1)
                .replacen("[[4.1.A]]", "[[4.9.A]]", 1)
        });
    let original = std::fs::read(&f).unwrap();
    let out = import(&case, std::slice::from_ref(&f), &["--terugsturen", "terug"]);
    out.code(1);
    assert!(out.stdout.contains("wrote terug/SZW-2.1.A.docx (the refused form with 3 comment(s))"), "{}", out.stdout);
    assert_eq!(std::fs::read(&f).unwrap(), original, "the writer's file is left alone");
    let back = case.root().join("terug/SZW-2.1.A.docx");
    // The comments sit at the row and paragraph they concern, in Dutch.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&back).unwrap())).unwrap();
    let mut comments = String::new();
    zip.by_name("word/comments.xml").unwrap().read_to_string(&mut comments).unwrap();
    for c in [
        "tabel Gegevens, rij 1: Status: `Bijna klaar` is geen status van dit rapport (kies een van: Afgerond",
        "tabel Mijlpalen, rij 3: Wanneer: `najaar 2031` is geen datum die het rapport kan lezen; bedoelt u `2e helft 2031`?",
        "alinea 1 onder Tekst: [[4.9.A]] verwijst naar 4.9.A",
    ] {
        assert!(comments.contains(c), "missing {c:?} in {comments}");
    }
    let mut doc = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut doc).unwrap();
    let row = &doc[..doc.find(">najaar 2031<").unwrap()];
    let row_start = row.rfind("<w:tr>").unwrap();
    assert!(
        doc[row_start..].find("commentReference").unwrap() < doc[row_start..].find("</w:tr>").unwrap(),
        "the comment is in the row"
    );
    // A second refusal never writes over the first.
    import(&case, std::slice::from_ref(&f), &["--terugsturen", "terug"])
        .code(2)
        .mentions("cannot write terug/SZW-2.1.A.docx");
    // The writer opens it in LibreOffice, sees the comments, fixes the
    // form and saves it, comments and all; it imports.
    let fixed = through_libreoffice(&case, &back, |t| {
        assert!(t.contains("<dc:creator>jaarrapport</dc:creator>"), "the comments reach LibreOffice");
        let at = t.find("<office:text").unwrap();
        let (head, body) = t.split_at(at);
        let body = body
            .replacen(">Bijna klaar<", ">Afgerond<", 1)
            .replacen("najaar 2031", "2e helft 2031", 1)
            .replacen("[[4.9.A]]", "[[4.1.A]]", 1);
        format!("{head}{body}")
    });
    let out = import(&case, &[fixed], &[]);
    out.code(0);
    let md = case.read("bijdragen/SZW/2.1.A.md");
    assert!(md.contains("status: afgerond") && md.contains("wanneer: \"2031-H2\""), "{md}");
    // A comment of anyone else is still refused.
    let other = edited_form(&case, "ander.docx", |d| d);
    rewrite(&other, |part, t| {
        Some(if part == "word/document.xml" {
            t.replacen("</w:p>", r#"<w:r><w:commentReference w:id="90000"/></w:r></w:p>"#, 1)
        } else {
            t
        })
    });
    let data = std::fs::read(&other).unwrap();
    let mut zip = zip::ZipWriter::new_append(std::io::Cursor::new(data)).unwrap();
    zip.start_file("word/comments.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(br#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="90000" w:author="Redactie"><w:p><w:r><w:t>Klopt dit?</w:t></w:r></w:p></w:comment></w:comments>"#).unwrap();
    std::fs::write(&other, zip.finish().unwrap().into_inner()).unwrap();
    import(&case, &[other], &[]).code(1).mentions("ander.docx: error: het formulier bevat nog opmerkingen");
}

// ---- OpenDocument (issue 23.6) -------------------------------------------

/// In the document's text only (LibreOffice also keeps the properties).
fn in_text(t: &str, from: &str, to: &str) -> String {
    let at = t.find("<office:text").unwrap();
    let (head, body) = t.split_at(at);
    assert!(body.contains(from), "{from}");
    format!("{head}{}", body.replacen(from, to, 1))
}

#[test]
fn a_form_saved_as_odt_is_read_with_the_same_checks_and_places() {
    let case = Case::new("valid");
    let before = md_files(&case);
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.docx"]).code(0);
    let f = case.root().join("f.docx");
    let as_odt = |edit: &dyn Fn(String) -> String| {
        let out = through_libreoffice_as(&case, std::slice::from_ref(&f), edit, "odt", "odt").remove(0);
        assert!(std::fs::read(&out).unwrap().windows(39).any(|w| w == b"application/vnd.oasis.opendocument.text"));
        out
    };
    // Untouched: it confirms the contribution.
    let same = as_odt(&|t| t);
    import(&case, std::slice::from_ref(&same), &[]).code(0);
    assert_eq!(md_files(&case), before);
    odt_errors_then_edits(&case, &before, &as_odt);
    // Tracked changes in the .odt are refused as in a .docx.
    case.run(&["new", "4.1.A", "--ministerie", "BZK", "--content", "content", "--docx", "g.docx"]).code(0);
    let g = case.root().join("g.docx");
    let tracked = through_libreoffice_as(
        &case,
        std::slice::from_ref(&g),
        |t| {
            let t = in_text(
                &t,
                "De normen gelden sinds maart.",
                r#"De normen gelden sinds <text:change-start text:change-id="ct1"/>begin <text:change-end text:change-id="ct1"/>maart."#,
            );
            let at = t.find("<office:text").unwrap();
            let open = at + t[at..].find('>').unwrap() + 1;
            let mut t = t;
            t.insert_str(
                open,
                r#"<text:tracked-changes text:track-changes="true"><text:changed-region xml:id="ct1" text:id="ct1"><text:insertion><office:change-info><dc:creator>Schrijver</dc:creator><dc:date>2030-10-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>"#,
            );
            t
        },
        "odt",
        "odt",
    )
    .remove(0);
    import(&case, &[tracked], &[]).code(1).mentions("g.odt: error: het formulier bevat nog bijgehouden wijzigingen");
}

/// The sample's forms written as .odt (`--docx-dir DIR --odt`), one per
/// contribution.
fn odt_forms(case: &Case) -> Vec<PathBuf> {
    let list = contributions(case);
    let mut ministries: Vec<&String> = list.iter().map(|(m, _)| m).collect();
    ministries.dedup();
    for m in ministries {
        case.run(&["new", "--ministerie", m, "--content", "content", "--docx-dir", "odt", "--odt"]).code(0);
    }
    list.iter()
        .map(|(m, id)| {
            let p = case.root().join("odt").join(format!("{m}-{id}.odt"));
            assert!(p.is_file(), "no form {}", p.display());
            p
        })
        .collect()
}

#[test]
fn forms_written_as_odt_confirm_unchanged_and_come_back_through_libreoffice() {
    for case in [sample(), Case::new("valid")] {
        let before = export(&case);
        let files_before = md_files(&case);
        let forms = odt_forms(&case);
        // Untouched, straight from the tool: each confirms its contribution.
        let out = import(&case, &forms, &[]);
        out.code(0);
        assert_eq!(
            out.stdout.matches("unchanged: the form came back as it was sent").count(),
            forms.len(),
            "{}",
            out.stdout
        );
        assert_eq!(md_files(&case), files_before);
        // Opened and saved by LibreOffice as .odt: still unchanged.
        let saved = through_libreoffice_as(&case, &forms, |t| t, "odt", "odt");
        let out = import(&case, &saved, &[]);
        out.code(0);
        assert_eq!(
            out.stdout.matches("unchanged: the form came back as it was sent").count(),
            forms.len(),
            "{}",
            out.stdout
        );
        assert_eq!(md_files(&case), files_before);
        assert_eq!(export(&case), before);
        // Without the fingerprint of what they showed, LibreOffice's own
        // ODF (its lists, notes, tables) is read back to the same report.
        let forgotten = through_libreoffice_as(
            &case,
            &forms,
            |t| {
                let mut out = String::new();
                for piece in t.split_inclusive("</meta:user-defined>") {
                    if !piece.contains("jaarrapport-formulier-inhoud") {
                        out.push_str(piece);
                    } else {
                        out.push_str(&piece[..piece.find("<meta:user-defined").unwrap()]);
                    }
                }
                assert!(!out.contains("jaarrapport-formulier-inhoud"));
                out
            },
            "odt",
            "odt",
        );
        let out = import(&case, &forgotten, &[]);
        out.code(0);
        assert!(!out.stdout.contains("unchanged: the form came back"), "{}", out.stdout);
        assert_eq!(structure(&export(&case)), structure(&before));
    }
}

#[test]
fn an_odt_form_edited_in_libreoffice_is_imported_and_its_errors_are_placed() {
    let case = Case::new("valid");
    let before = md_files(&case);
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.odt"]).code(0);
    let f = case.root().join("f.odt");
    assert!(std::fs::read(&f).unwrap().starts_with(b"PK"));
    let through = |edit: &dyn Fn(String) -> String| {
        through_libreoffice_as(&case, std::slice::from_ref(&f), edit, "odt", "odt").remove(0)
    };
    odt_errors_then_edits(&case, &before, &through);
}

/// An edit of a form's XML, as a writer's changes.
type Edit<'a> = dyn Fn(String) -> String + 'a;

/// `f.odt`, made by `odt` from the form with an edit, as a writer's two
/// returns: one with a bad date and a reference to nothing, refused with
/// each error at its place in the same words as a .docx and nothing
/// written; one with the fields and the text edited, imported with the
/// untouched blocks as written.
fn odt_errors_then_edits(case: &Case, before: &[(String, String)], odt: &dyn for<'a> Fn(&'a Edit<'a>) -> PathBuf) {
    let wrong = odt(&|t| {
        let t = in_text(&t, ">2e kwartaal 2031<", ">najaar 2031<");
        in_text(&t, "[[4.1.A]]", "[[4.9.A]]")
    });
    let out = import(case, &[wrong], &[]);
    out.code(1);
    for line in [
        "f.odt: tabel Mijlpalen, rij 3: error: Wanneer: `najaar 2031` is geen datum die het rapport kan lezen; bedoelt u `2e helft 2031`?",
        "f.odt: alinea 1 onder Tekst: error: [[4.9.A]] verwijst naar 4.9.A",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    assert_eq!(md_files(case), before);
    let edited = odt(&|t| {
        let t = in_text(&t, "Het wetsvoorstel ligt bij de Tweede Kamer.", "Het wetsvoorstel is aangenomen.");
        in_text(&t, "krijgt vorm.", "is af.")
    });
    import(case, &[edited], &[]).code(0);
    let md = case.read("bijdragen/SZW/2.1.A.md");
    assert!(md.contains("samenvatting: Het wetsvoorstel is aangenomen."), "{md}");
    assert!(md.contains("Het stelsel van verplichte certificering is af.[^1] Zie ook [[4.1.A]]."), "{md}");
    assert!(md.contains("| Indiening | juni 2030 |") && md.contains("[^1]: Zie de brief van juni 2030."), "{md}");
    case.check().code(0);
}

// ---- Every content check a writer can trigger from a form, in its terms (issue 23.3)

#[test]
fn overdue_milestones_copied_keys_and_last_year_s_words_are_said_in_the_form_s_terms() {
    let case = next_edition();
    let before = md_files(&case);
    // A done milestone marked not done (overdue on the peildatum), and the
    // milestones changed under last year's words. Through LibreOffice, as a
    // writer saves it.
    let a = edited_form(&case, "a.docx", |d| d.replacen(">ja<", ">nee<", 1));
    let a = through_libreoffice(&case, &a, |t| t);
    let out = import(&case, std::slice::from_ref(&a), &["--dry-run"]);
    out.code(0);
    for line in [
        "a.docx: tabel Mijlpalen, rij 2: warning: de mijlpaal `Wetsvoorstel ingediend` (juni 2030) is op de peildatum 1 december 2031 nog niet gereed",
        "  = help: is hij bereikt, vul in de kolom Gereed ja in; anders meldt het rapport hem als te laat",
        "a.docx: alinea 1 onder Tekst: warning: de mijlpalen zijn gewijzigd sinds het rapport van vorig jaar, maar de samenvatting en de tekst zijn woord voor woord die van vorig jaar",
        "  = help: pas de Samenvatting en de tekst onder Tekst aan aan wat er veranderde",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    // A row copied with its key: an error at the copy, nothing written.
    let b = edited_form(&case, "b.docx", |d| {
        let at = d.find(">juni 2030<").unwrap();
        let start = d[..at].rfind("<w:tr>").unwrap();
        let end = at + d[at..].find("</w:tr>").unwrap() + "</w:tr>".len();
        let copy = d[start..end].replacen(">Wetsvoorstel ingediend<", ">Nog een stap<", 1);
        format!("{}{copy}{}", &d[..end], &d[end..])
    });
    let out = import(&case, &[b], &[]);
    out.code(1);
    for line in [
        "b.docx: tabel Mijlpalen, rij 3: error: Sleutel: `wetsvoorstel-ingediend` staat bij twee mijlpalen van 2.1.A",
        "  = help: een sleutel hoort bij één mijlpaal van vorig jaar; maak bij een nieuwe of gekopieerde rij de kolom Sleutel leeg",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    for out in [&out, &import(&case, &[a], &["--dry-run"])] {
        for english in ["milestone `", "overdue", "is given to", "word for word", "`gereed: true`", "`samenvatting`"] {
            assert!(!out.stderr.contains(english), "{english} in\n{}", out.stderr);
        }
    }
    assert_eq!(md_files(&case), before);
}

#[test]
fn a_source_that_cannot_be_linked_is_said_at_the_row_bronnen_in_dutch() {
    let case = Case::new("valid");
    let f = edited_form(&case, "f.docx", |d| d.replacen(">Kamerstuk 29 861, nr. 199<", ">Kamerstuk 29 861, nr. 0<", 1));
    let out = import(&case, &[f], &["--dry-run"]);
    out.code(0);
    for line in [
        "f.docx: tabel Gegevens, rij 3: warning: Bronnen: `Kamerstuk 29 861, nr. 0` is geen Kamerstukverwijzing die het rapport kan koppelen: een Kamerstuk heeft nooit nummer 0",
        "  = help: schrijf hem als `Kamerstuk 29 861, nr. 99` (dossier, dan nummer) of `kst-29861-99`; anders staat hij zonder link in het rapport",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    assert!(!out.stderr.contains("is not a Kamerstuk"), "{}", out.stderr);
}

#[test]
fn a_finished_status_with_open_milestones_and_a_done_milestone_in_the_future_are_said_in_dutch() {
    let case = next_edition();
    let f = edited_form(&case, "f.docx", |d| {
        // Status finished while a milestone is open; a done one dated 2035.
        d.replacen(">In uitvoering<", ">Afgerond<", 1).replacen(">juni 2030<", ">juni 2035<", 1)
    });
    let out = import(&case, &[f], &["--dry-run"]);
    out.code(0);
    for line in [
        "f.docx: tabel Mijlpalen, rij 3: warning: Status is `Afgerond`, maar de mijlpaal `Behandeling in de Eerste Kamer` (2e kwartaal 2031) is niet gereed",
        "  = help: is hij bereikt, vul in de kolom Gereed ja in; anders kies een status die niet afgerond is",
        "f.docx: tabel Mijlpalen, rij 2: warning: Gereed: de mijlpaal `Wetsvoorstel ingediend` staat op gereed, maar juni 2035 ligt ruim na de peildatum 1 december 2031",
        "  = help: een bereikte mijlpaal krijgt bij Wanneer de datum waarop hij bereikt is; anders vul bij Gereed nee in",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    for english in ["fase klaar", "is marked done", "`gereed: true`"] {
        assert!(!out.stderr.contains(english), "{english} in\n{}", out.stderr);
    }
}

#[test]
fn more_footnotes_than_the_pdf_can_set_are_said_in_dutch_at_the_note() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let f = case.root().join("f.docx");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.docx"]).code(0);
    rewrite(&f, |part, text| {
        Some(match part {
            "word/document.xml" => {
                let refs: String =
                    (0..1001).map(|i| format!(r#"<w:r><w:footnoteReference w:id="{}"/></w:r>"#, 100 + i)).collect();
                assert!(text.contains("krijgt vorm.</w:t></w:r>"));
                text.replacen("krijgt vorm.</w:t></w:r>", &format!("krijgt vorm.</w:t></w:r>{refs}"), 1)
            }
            "word/footnotes.xml" => {
                let notes: String = (0..1001)
                    .map(|i| {
                        format!(
                            r#"<w:footnote w:id="{}"><w:p><w:r><w:t>Noot {i}</w:t></w:r></w:p></w:footnote>"#,
                            100 + i
                        )
                    })
                    .collect();
                text.replacen("</w:footnotes>", &format!("{notes}</w:footnotes>"), 1)
            }
            _ => text,
        })
    });
    let out = import(&case, &[f], &[]);
    out.code(1);
    for line in [
        "f.docx: voetnoot 1001: error: de tekst heeft meer dan 1000 voetnoten; dit is de eerste te veel",
        "  = help: zoveel noten kan de pdf niet zetten; zet de bronnen in een lijst of een tabel",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    assert_eq!(md_files(&case), before);
}

#[test]
fn a_status_row_added_by_a_ministry_that_is_not_the_owner_is_said_in_dutch() {
    let case = Case::new("valid");
    let before = md_files(&case);
    let f = case.root().join("j.docx");
    case.run(&["new", "2.1.A", "--ministerie", "JenV", "--content", "content", "--docx", "j.docx"]).code(0);
    rewrite(&f, |part, d| {
        if part != "word/document.xml" {
            return Some(d);
        }
        // The row Samenvatting copied above itself as a row Status.
        let at = d.find(">Samenvatting<").unwrap();
        let start = d[..at].rfind("<w:tr>").unwrap();
        let end = at + d[at..].find("</w:tr>").unwrap() + "</w:tr>".len();
        let value = d[start..end].rfind("<w:tc>").unwrap();
        let row = &d[start..end];
        let status = format!(
            "{}<w:tc><w:p><w:r><w:t>Afgerond</w:t></w:r></w:p></w:tc></w:tr>",
            row[..value].replacen(">Samenvatting<", ">Status<", 1)
        );
        Some(format!("{}{status}{}", &d[..start], &d[start..]))
    });
    let out = import(&case, &[f], &[]);
    out.code(1);
    for line in [
        "j.docx: tabel Gegevens, rij 1: error: Status: alleen de eigenaar van de aanbeveling zet de status; JenV is niet de eigenaar",
        "  = help: verwijder de rij Status; het ministerie dat eigenaar is meldt de status",
    ] {
        assert!(out.stderr.contains(line), "missing {line:?} in\n{}", out.stderr);
    }
    assert!(!out.stderr.contains("only the owner"), "{}", out.stderr);
    assert_eq!(md_files(&case), before);
}

/// A refused .odt goes back as an .odt with each problem as an annotation
/// of the tool's own at its row or paragraph; the writer opens it in
/// LibreOffice, fixes it and saves it, annotations and all, and it imports.
#[test]
fn a_refused_odt_form_goes_back_with_annotations_and_returns_through_libreoffice() {
    let case = Case::new("valid");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.odt"]).code(0);
    let f = case.root().join("f.odt");
    let wrong = through_libreoffice_as(
        &case,
        std::slice::from_ref(&f),
        |t| {
            let t = in_text(&t, ">In uitvoering<", ">Bijna klaar<");
            let t = in_text(&t, ">2e kwartaal 2031<", ">najaar 2031<");
            in_text(&t, "[[4.1.A]]", "[[4.9.A]]")
        },
        "odt",
        "odt",
    )
    .remove(0);
    let original = std::fs::read(&wrong).unwrap();
    let out = import(&case, std::slice::from_ref(&wrong), &["--terugsturen", "terug"]);
    out.code(1);
    assert!(out.stdout.contains("wrote terug/f.odt (the refused form with 3 comment(s))"), "{}", out.stdout);
    assert_eq!(std::fs::read(&wrong).unwrap(), original, "the writer's file is left alone");
    let back = case.root().join("terug/f.odt");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&back).unwrap())).unwrap();
    let first = zip.by_index(0).unwrap();
    assert!(first.name().unwrap() == "mimetype" && first.compression() == zip::CompressionMethod::Stored);
    drop(first);
    let mut content = String::new();
    zip.by_name("content.xml").unwrap().read_to_string(&mut content).unwrap();
    // Each annotation at the row or paragraph it concerns, in Dutch.
    for (at, note) in [
        (">Bijna klaar<", "tabel Gegevens, rij 1: Status: `Bijna klaar` is geen status van dit rapport"),
        (">najaar 2031<", "tabel Mijlpalen, rij 3: Wanneer: `najaar 2031` is geen datum die het rapport kan lezen"),
        ("[[4.9.A]]", "alinea 1 onder Tekst: [[4.9.A]] verwijst naar 4.9.A"),
    ] {
        let found = content.find(at).unwrap_or_else(|| panic!("{at} is gone"));
        let note_at = content.find(note).unwrap_or_else(|| panic!("missing {note:?}"));
        // Within the row (a table's) or the paragraph (the text's) it concerns.
        let (start, end) =
            if at.starts_with("[[") { ("<text:p", "</text:p>") } else { ("<table:table-row", "</table:table-row>") };
        let (from, to) = (content[..found].rfind(start).unwrap(), found + content[found..].find(end).unwrap());
        assert!(from < note_at && note_at < to, "{note:?} is not at {at}");
    }
    assert_eq!(content.matches("<dc:creator>jaarrapport</dc:creator>").count(), 3);
    // LibreOffice shows them, the writer fixes the form and saves it.
    let fixed = through_libreoffice_as(
        &case,
        std::slice::from_ref(&back),
        |t| {
            assert_eq!(
                t.matches("<dc:creator>jaarrapport</dc:creator>").count(),
                3,
                "the annotations reach LibreOffice"
            );
            let t = in_text(&t, ">Bijna klaar<", ">Afgerond<");
            let t = in_text(&t, "najaar 2031", "2e helft 2031");
            in_text(&t, "[[4.9.A]]", "[[4.1.A]]")
        },
        "odt",
        "odt",
    )
    .remove(0);
    import(&case, &[fixed], &[]).code(0);
    let md = case.read("bijdragen/SZW/2.1.A.md");
    assert!(md.contains("status: afgerond") && md.contains("wanneer: \"2031-H2\""), "{md}");
}

/// The .odt form offers the status as a list to choose from, as the .docx
/// does: LibreOffice keeps the list when it saves, and the status chosen
/// there is the one imported.
#[test]
fn an_odt_form_offers_the_status_as_a_list_that_libreoffice_keeps() {
    let case = Case::new("valid");
    case.run(&["new", "2.1.A", "--ministerie", "SZW", "--content", "content", "--docx", "f.odt"]).code(0);
    let f = case.root().join("f.odt");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&f).unwrap())).unwrap();
    let mut content = String::new();
    zip.by_name("content.xml").unwrap().read_to_string(&mut content).unwrap();
    // The fixture has the built-in statuses.
    let labels = ["Afgerond", "In uitvoering", "In voorbereiding", "Vertraagd", "Nog niet gestart", "Niet overgenomen"];
    let control = &content[content.find("<loext:content-control").unwrap()..];
    let control = &control[..control.find("</loext:content-control>").unwrap()];
    for l in &labels {
        assert!(control.contains(&format!("loext:display-text=\"{l}\"")), "{l} is not offered");
    }
    assert!(control.ends_with(">In uitvoering"), "{control}");
    let chosen = through_libreoffice_as(
        &case,
        std::slice::from_ref(&f),
        |t| {
            let kept = &t[t.find("<loext:content-control").expect("LibreOffice keeps the list")..];
            assert_eq!(kept.matches("<loext:list-item").count(), labels.len());
            in_text(&t, ">In uitvoering</loext:content-control>", ">Vertraagd</loext:content-control>")
        },
        "odt",
        "odt",
    )
    .remove(0);
    import(&case, &[chosen], &[]).code(0);
    assert!(case.read("bijdragen/SZW/2.1.A.md").contains("status: vertraagd"));
}
