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

    // A year later, made with `next-year`: the home page gets its table of
    // changes, a chapter its moved (with a reason) and vanished milestones.
    let later = Case::new("valid");
    later.edit(
        "bijdragen/SZW/2.1.A.md",
        "    wat: Behandeling in de Eerste Kamer\n",
        "    wat: Behandeling in de Eerste Kamer\n  - wanneer: 2031-Q1\n    wat: Advies Raad van State\n  - wanneer: 2031\n    wat: Start certificering\n",
    );
    later.run(&["build", "content", "--out", "out2030", "--format", "json"]).code(0);
    later.run(&["next-year", "content", "y2031"]).code(0);
    let file = later.root().join("y2031/bijdragen/SZW/2.1.A.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen("wanneer: 2031-Q1", "wanneer: 2031-Q3\n    toelichting: Meer tijd nodig.", 1);
    let start = text.find("  - sleutel: start-certificering").expect(&text);
    let end =
        start + text[start..].find("    wat: Start certificering\n").unwrap() + "    wat: Start certificering\n".len();
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let text = std::fs::read_to_string(later.root().join("y2031/bijdragen/SZW/2.1.A.md")).unwrap();
    std::fs::write(
        later.root().join("y2031/bijdragen/SZW/2.1.A.md"),
        text.replacen("status: in-uitvoering", "status: afgerond", 1),
    )
    .unwrap();
    std::fs::remove_dir_all(later.content()).unwrap();
    std::fs::rename(later.root().join("y2031"), later.content()).unwrap();

    // The content's own statement instead of the draft.
    let own = Case::new("valid");
    own.write("paginas/toegankelijkheid.md", "# Toegankelijkheid\n\nDeze site voldoet *gedeeltelijk*.\n");

    let mut sites: Vec<PathBuf> = [&sample, &fixture, &later, &own].iter().map(|c| build(c)).collect();
    // Overdue, moved-and-done and dropped milestones, with downloads.
    let bad_news = common::bad_news::editions("html,json,csv,dcat");
    sites.push(bad_news.root().join("out2031/site"));
    let werk = std::fs::read_to_string(sites[2].join("werk.html")).unwrap();
    assert!(werk.contains("Vervallen mijlpalen") && werk.contains("Meer tijd nodig."), "the later site has them");
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
