//! Shared test helpers: a copy of a fixture directory with changes applied,
//! and running the real binary on it.
#![allow(dead_code)]

pub mod bad_news;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(name)
}

/// A temporary copy of `tests/fixtures/<name>` named `content` (so
/// diagnostics read `content/...` when run from the temporary directory).
pub struct Case {
    pub tmp: tempfile::TempDir,
}

impl Case {
    pub fn new(name: &str) -> Case {
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_dir(&fixture(name), &tmp.path().join("content"));
        Case { tmp }
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn content(&self) -> PathBuf {
        self.tmp.path().join("content")
    }

    /// Writes (or replaces) a file of the content directory.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.content().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.content().join(rel)).unwrap()
    }

    /// Replaces text in a content file; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let old = self.read(rel);
        assert!(old.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, old.replacen(from, to, 1))
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.content().join(rel)).unwrap();
        self
    }

    /// Runs `jaarrapport <args>` in the temporary directory.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env("JAARRAPPORT_NO_PROVISION", "1")
            .output()
            .expect("run jaarrapport");
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn check(&self) -> Outcome {
        self.run(&["check", "content"])
    }
}

#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Asserts a diagnostic line `path:line:col: severity: message...`.
    pub fn has(&self, headline_start: &str) -> &Self {
        assert!(
            self.stderr.lines().any(|l| l.starts_with(headline_start)),
            "expected a line starting with {headline_start:?} in:\n{}",
            self.stderr
        );
        self
    }

    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        self
    }

    pub fn mentions(&self, text: &str) -> &Self {
        assert!(self.stderr.contains(text), "expected {text:?} in:\n{}", self.stderr);
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of a PDF, by poppler's `pdftotext` (installed by .ci/run).
pub fn pdftotext(pdf: &Path) -> String {
    run_pdftotext(pdf, &[])
}

/// The same with the page layout kept, so a table row stays on one line.
pub fn pdftotext_layout(pdf: &Path) -> String {
    run_pdftotext(pdf, &["-layout"])
}

fn run_pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without white space and hyphens, so that line breaks and
/// hyphenation in a PDF (or the layout of HTML) do not matter when looking
/// for a literal string in it.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{200b}')).collect()
}

impl Outcome {
    /// Whatever the input: a documented exit code and no panic.
    pub fn no_panic(&self) -> &Self {
        assert!(matches!(self.code, 0..=2), "exit code {} is not 0, 1 or 2; stderr:\n{}", self.code, self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }
}

/// Rewrites the parts of a Word file (.docx) as a writer's edit would:
/// `edit(name, text)` returns the new text of an XML part (`.xml` or
/// `.rels`).
pub fn rewrite_docx(docx: &Path, edit: impl Fn(&str, String) -> String) {
    rewrite_docx_parts(docx, |name, text| Some(edit(name, text)));
}

/// The same, where `None` drops the part.
pub fn rewrite_docx_parts(docx: &Path, edit: impl Fn(&str, String) -> Option<String>) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let data = match String::from_utf8(data.clone()) {
            Ok(text) if name.ends_with(".xml") || name.ends_with(".rels") => match edit(&name, text) {
                Some(t) => t.into_bytes(),
                None => continue,
            },
            _ => data,
        };
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(docx, out.finish().unwrap().into_inner()).unwrap();
}
