//! Reproducible builds: the same content gives byte-identical HTML, PDF,
//! JSON and CSV whatever the time zone, the locale, the machine's clock
//! (libfaketime), the order in which the content's files were created (and
//! so the order a directory lists them in), the content directory's name
//! and the output path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The sample report's files, relative paths in sorted order.
fn sample_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(&root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Writes the files into a fresh `dir` in the given order, directories
/// created as they are first needed.
fn lay_out(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A fixed shuffle (no randomness in tests): every third file first, then
/// the rest backwards.
fn shuffled<T: Clone>(items: &[T]) -> Vec<T> {
    let (mut a, mut b): (Vec<_>, Vec<_>) = items.iter().cloned().enumerate().partition(|(i, _)| i % 3 == 1);
    b.reverse();
    a.extend(b);
    a.into_iter().map(|(_, x)| x).collect()
}

struct Build<'a> {
    content: &'a str,
    out: &'a str,
    env: &'a [(&'a str, &'a str)],
    /// `faketime` argument: the clock the build sees.
    clock: Option<&'a str>,
}

fn run(root: &Path, b: &Build) -> BTreeMap<String, Vec<u8>> {
    let bin = env!("CARGO_BIN_EXE_jaarrapport");
    let args = ["build", b.content, "--out", b.out, "--format", "html,pdf,json,csv"];
    let mut cmd = match b.clock {
        Some(clock) => {
            let mut c = Command::new("faketime");
            c.arg(clock).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    cmd.args(args).current_dir(root).env("JAARRAPPORT_NO_PROVISION", "1").env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in b.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run jaarrapport (and faketime: .ci/run installs it)");
    assert!(out.status.success(), "build {:?} failed: {}", b.env, String::from_utf8_lossy(&out.stderr));
    let out_dir = if Path::new(b.out).is_absolute() { PathBuf::from(b.out) } else { root.join(b.out) };
    snapshot(&out_dir)
}

#[test]
fn faketime_moves_the_clock() {
    // Without this the clock variants below would prove nothing.
    let out = Command::new("faketime")
        .args(["2040-05-05 05:05:05", "date", "+%Y"])
        .output()
        .expect("faketime must be installed (Debian package `faketime`; .ci/run installs it)");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2040");
}

#[test]
fn the_same_content_gives_the_same_bytes_in_every_setting() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let files = sample_files();
    lay_out(&root.join("content"), &files);
    let reversed: Vec<_> = files.iter().rev().cloned().collect();
    lay_out(&root.join("omgekeerd"), &reversed);
    lay_out(&root.join("geschud"), &shuffled(&files));
    let absolute_out = root.join("ergens/anders/diep").to_string_lossy().into_owned();

    let reference =
        run(root, &Build { content: "content", out: "out", env: &[("TZ", "UTC"), ("LC_ALL", "C")], clock: None });
    for kind in ["site/index.html", ".pdf", ".json", ".csv"] {
        assert!(reference.keys().any(|k| k.ends_with(kind)), "no {kind} in the build");
    }
    let variants = [
        (
            "time zone east of UTC, Dutch locale",
            Build {
                content: "content",
                out: "b1",
                env: &[("TZ", "Pacific/Kiritimati"), ("LANG", "nl_NL.UTF-8"), ("LC_ALL", "nl_NL.UTF-8")],
                clock: None,
            },
        ),
        (
            "time zone west of UTC, Turkish locale",
            Build {
                content: "content",
                out: "b2",
                env: &[("TZ", "America/Adak"), ("LANG", "tr_TR.UTF-8"), ("LC_ALL", "tr_TR.UTF-8")],
                clock: None,
            },
        ),
        (
            "a clock in 2040",
            Build {
                content: "content",
                out: "b3",
                env: &[("TZ", "Asia/Kathmandu")],
                clock: Some("2040-05-05 05:05:05"),
            },
        ),
        ("a clock in 1999", Build { content: "content", out: "b4", env: &[], clock: Some("1999-12-31 23:59:59") }),
        ("files created in reverse order", Build { content: "omgekeerd", out: "b5", env: &[], clock: None }),
        (
            "files created shuffled, absolute output path",
            Build { content: "geschud", out: &absolute_out, env: &[("LANG", "de_DE.UTF-8")], clock: None },
        ),
    ];
    for (what, build) in &variants {
        let got = run(root, build);
        assert_eq!(got.keys().collect::<Vec<_>>(), reference.keys().collect::<Vec<_>>(), "{what}: other files");
        for (name, bytes) in &reference {
            assert!(got[name] == *bytes, "{what}: {name} differs");
        }
    }
}
