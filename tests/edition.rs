//! Which edition a command acts on: the content directory is named the
//! same way everywhere (first argument or `--content`), commands that
//! write forms, import, build or serve say which report and year they act
//! on and warn about a later edition beside it, and `build` ends with what
//! it wrote.

mod common;

use common::Case;

/// The fixture (2030) with its next edition (2031) beside it as `y2031`.
fn two_editions() -> Case {
    let case = Case::new("valid");
    case.run(&["next-year", "content", "y2031"]).code(0);
    case
}

const LATER: &str = "warning: y2031 holds a later edition of this report (2031); give that directory to act on 2031";

#[test]
fn acting_on_last_years_edition_is_named_and_warned_about() {
    let case = two_editions();
    let out = case.run(&["new", "--ministerie", "SZW", "--content", "content", "--docx-dir", "forms"]);
    out.code(0);
    assert!(out.stderr.starts_with("Jaarrapportage Proef 2030 (2030), from content\n"), "{}", out.stderr);
    out.mentions(LATER);
    let out = case.run(&["import", "--content", "content", "--dry-run", "forms/SZW-2.1.A.docx"]);
    out.code(0).mentions("Jaarrapportage Proef 2030 (2030), from content\n").mentions(LATER);
    let out = case.run(&["build", "content", "--out", "out", "--format", "json"]);
    out.code(0).mentions("Jaarrapportage Proef 2030 (2030), from content\n").mentions(LATER);

    // The latest edition gets no such warning.
    let out = case.run(&["new", "--ministerie", "SZW", "--content", "y2031", "--docx-dir", "forms2031"]);
    out.code(0).mentions("Jaarrapportage Proef 2031 (2031), from y2031\n");
    assert!(!out.stderr.contains("later edition"), "{}", out.stderr);
    // Another report beside is not an edition of this one.
    case.run(&["next-year", "y2031", "other"]).code(0);
    let other = std::fs::read_to_string(case.root().join("other/rapport.yaml")).unwrap();
    std::fs::write(case.root().join("other/rapport.yaml"), other.replace("Proef", "Andere proef")).unwrap();
    let out = case.run(&["build", "y2031", "--out", "out31", "--format", "json"]);
    assert!(!out.stderr.contains("later edition"), "{}", out.stderr);
}

/// What `serve` prints on stderr before it answers its first request.
fn serve_says(case: &Case, dir: &str) -> String {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["serve", dir, "--port", "0"])
        .current_dir(case.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The address on stdout comes after the first build.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("127.0.0.1:"), "no address in {line:?}");
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    stderr
}

#[test]
fn serve_names_the_edition_it_previews_first() {
    let case = two_editions();
    let said = serve_says(&case, "content");
    assert!(said.starts_with("Jaarrapportage Proef 2030 (2030), from content\n"), "{said}");
    assert!(said.contains(LATER), "{said}");
    let built = said.find("built the site").unwrap_or_else(|| panic!("no build in {said}"));
    assert!(said.find(LATER).unwrap() < built, "{said}");
    let said = serve_says(&case, "y2031");
    assert!(said.starts_with("Jaarrapportage Proef 2031 (2031), from y2031\n"), "{said}");
    assert!(!said.contains("later edition"), "{said}");
}

#[test]
fn every_command_takes_the_content_directory_as_argument_or_as_content() {
    let case = Case::new("valid");
    for cmd in ["check", "status"] {
        let positional = case.run(&[cmd, "content"]);
        let option = case.run(&[cmd, "--content", "content"]);
        positional.code(0);
        option.code(0);
        assert_eq!(positional.stdout, option.stdout, "{cmd}");
        // Given twice, it is a usage error rather than a guess.
        case.run(&[cmd, "content", "--content", "content"]).code(2);
    }
    case.run(&["build", "--content", "content", "--out", "out", "--format", "json"]).code(0);
    case.run(&["next-year", "--content", "content", "y2031"]).code(0);
    assert!(case.root().join("y2031/rapport.yaml").is_file());
    case.run(&["next-year", "content", "y2032", "--content", "content"]).code(2);
}

#[test]
fn build_ends_with_what_it_wrote() {
    let case = Case::new("valid");
    let out = case.run(&["build", "content", "--out", "out", "--format", "html,json,csv"]);
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "wrote out:", "{}", out.stdout);
    let pages = std::fs::read_dir(case.root().join("out/site"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "html"))
        .count();
    // In the order of the list of formats: the open data, then the site that offers it.
    let json = std::fs::metadata(case.root().join("out/jaarrapportage-proef-2030.json")).unwrap().len();
    assert_eq!(lines[1], format!("  jaarrapportage-proef-2030.json  {:.1} kB", json as f64 / 1e3));
    assert!(lines[2].starts_with("  jaarrapportage-proef-2030.csv  "), "{}", out.stdout);
    assert!(lines[3].starts_with("  jaarrapportage-proef-2030-kerncijfers.csv  "), "{}", out.stdout);
    assert!(lines[4].starts_with("  jaarrapportage-proef-2030-toezeggingen.csv  "), "{}", out.stdout);
    assert!(lines[5].starts_with(&format!("  site/  {pages} pages, ")) && lines[5].ends_with(" kB"), "{}", out.stdout);
    assert_eq!(lines.len(), 6, "{}", out.stdout);
}
