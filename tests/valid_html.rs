//! Every page of the built sites is valid HTML by the W3C Nu HTML Checker
//! (and every stylesheet valid CSS): the sample report in `content/`, the
//! fixture, the fixture a year later (with the changes since last year)
//! and the fixture with its own accessibility statement. The checker is
//! the npm package `vnu-jar`, run with Java:
//!
//!     npm ci --prefix tests/browser --ignore-scripts
//!     apt-get install default-jre-headless   # when `java` is missing
//!
//! `.ci/run` installs both.

mod common;
use common::{Case, copy_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

fn vnu_jar() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing: run `npm ci --prefix tests/browser --ignore-scripts` first", jar.display());
    jar
}

fn build(case: &Case) -> PathBuf {
    case.run(&["build", "content", "--out", "out", "--format", "html,json"]).code(0);
    let site = case.root().join("out").join("site");
    assert!(site.join("index.html").is_file());
    site
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let jar = vnu_jar();
    let sample = Case::new("valid");
    std::fs::remove_dir_all(sample.content()).unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &sample.content());

    let fixture = Case::new("valid");

    // A year later: the home page gets its table of changes.
    let later = Case::new("valid");
    let last = build(&fixture).parent().unwrap().join("jaarrapportage-proef-2030.json");
    std::fs::create_dir_all(later.content().join("archief")).unwrap();
    std::fs::copy(&last, later.content().join("archief/vorig.json")).unwrap();
    later.edit("rapport.yaml", "jaar: 2030", "jaar: 2031\nvorige: archief/vorig.json");
    later.edit("bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: afgerond");

    // The content's own statement instead of the draft.
    let own = Case::new("valid");
    own.write("paginas/toegankelijkheid.md", "# Toegankelijkheid\n\nDeze site voldoet *gedeeltelijk*.\n");

    let sites: Vec<PathBuf> = [&sample, &fixture, &later, &own].iter().map(|c| build(c)).collect();
    let pages: usize = sites.iter().map(|s| html_files(s).len()).sum();
    assert!(pages >= 25, "only {pages} pages to check");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--also-check-css", "--skip-non-html", "--format", "gnu"])
        .args(&sites)
        .output()
        .unwrap_or_else(|e| panic!("cannot run java (install default-jre-headless): {e}"));
    let report = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let errors: Vec<&str> = report.lines().filter(|l| l.contains("error")).collect();
    assert!(out.status.success() && errors.is_empty(), "the Nu HTML Checker reports on {pages} pages:\n{report}");
}

/// The checker itself finds the mistake this test guards against, so a
/// checker that silently checks nothing cannot pass the test above.
#[test]
fn the_checker_reports_an_invalid_time() {
    let jar = vnu_jar();
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("fout.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>x</title></head>\
         <body><p><time datetime=\"2023-Q1\">1e kwartaal 2023</time></p></body></html>",
    )
    .unwrap();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .arg(&page)
        .output()
        .expect("java");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && report.contains("2023-Q1"), "{report}");
}
