//! The site in a real browser: builds the sample report in `content/` and
//! runs `node --test tests/browser/` (headless Chromium through
//! playwright-core, axe-core) on it. Needs Node ≥ 20, Debian's
//! `/usr/bin/chromium` (or `CHROMIUM=/path`) and the npm packages:
//!
//!     npm ci --prefix tests/browser
//!
//! Screenshots go to `$SCREENSHOT_DIR` when set (else a temporary
//! directory that is removed afterwards). `jaarrapport serve` runs on the
//! same content for the tests that search through it (`SERVE_URL`).

mod common;
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `jaarrapport serve` on a free port, stopped when dropped.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `jaarrapport serve content --port 0` in `dir`; its URL.
fn serve(dir: &Path) -> (Serving, String) {
    serve_content(dir, "content")
}

/// Starts `jaarrapport serve <content> --port 0` in `dir`; its URL.
fn serve_content(dir: &Path, content: &str) -> (Serving, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["serve", content, "--port", "0"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run jaarrapport serve");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).map(String::from);
    let serving = Serving(child);
    (serving, url.unwrap_or_else(|| panic!("no address in {line:?}")))
}

/// The npm packages and Chromium the browser tests need, or a clear failure.
fn chromium() -> String {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("browser");
    for package in ["playwright-core", "axe-core"] {
        assert!(
            browser_dir.join("node_modules").join(package).join("package.json").is_file(),
            "tests/browser/node_modules/{package} is missing: run `npm ci --prefix tests/browser` first"
        );
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).is_file(),
        "{chromium} is missing: install Debian's chromium (`apt-get install chromium`) or set CHROMIUM"
    );
    chromium
}

/// `node --test` on `target`, with `env`; its report printed, its result asserted.
fn node_test(target: &str, env: &[(&str, &Path)], chromium: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-reporter=spec", target])
        .current_dir(root)
        .env("CHROMIUM", chromium)
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run node (Node 20 or later is needed): {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(out.status.success(), "browser tests failed ({}):\n{stdout}\n{stderr}", out.status);
    // node --test with no test file found still exits 0 on some versions.
    assert!(stdout.contains("pass ") && !stdout.contains("pass 0"), "no browser test ran:\n{stdout}");
    assert!(stdout.contains("skipped 0"), "a browser test was skipped:\n{stdout}");
}

#[test]
fn the_preview_reloads_and_shows_errors_in_headless_chromium() {
    let chromium = chromium();
    let case = common::Case::new("valid");
    // Stopped when dropped, also when the browser test fails.
    let (_serving, url) = serve(case.root());
    let shots = case.root().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shots = std::env::var_os("SCREENSHOT_DIR").map(std::path::PathBuf::from).unwrap_or(shots);
    node_test(
        "tests/browser/preview.mjs",
        &[("SERVE_URL", Path::new(&url)), ("CONTENT_DIR", &case.content()), ("SCREENSHOT_DIR", &shots)],
        &chromium,
    );
}

#[test]
fn the_site_works_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = chromium();

    let tmp = tempfile::tempdir().expect("tempdir");
    common::copy_dir(&root.join("content"), &tmp.path().join("content"));
    let build = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--format", "html"])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .output()
        .expect("run jaarrapport");
    assert!(build.status.success(), "build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    let site = tmp.path().join("out").join("site");
    assert!(site.join("index.html").is_file(), "no site in {}", site.display());

    let screenshots = match std::env::var_os("SCREENSHOT_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => tmp.path().join("screenshots"),
    };
    let (_serving, serve_url) = serve(tmp.path());
    node_test(
        "tests/browser/",
        &[("SITE_DIR", &site), ("SERVE_URL", Path::new(&serve_url)), ("SCREENSHOT_DIR", &screenshots)],
        &chromium,
    );
}

#[test]
fn the_bad_news_fits_a_phone_in_headless_chromium() {
    let chromium = chromium();
    let case = common::bad_news::editions("html,json,csv,dcat");
    let (_serving, serve_url) = serve_content(case.root(), "y2031");
    let site = case.root().join("out2031").join("site");
    let shots = match std::env::var_os("SCREENSHOT_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => case.root().join("screenshots"),
    };
    std::fs::create_dir_all(&shots).unwrap();
    node_test(
        "tests/browser/bad-news.mjs",
        &[("SITE_DIR", &site), ("SCREENSHOT_DIR", &shots), ("SERVE_URL", Path::new(&serve_url))],
        &chromium,
    );
}
