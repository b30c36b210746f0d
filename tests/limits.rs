//! Bounded work: a typst that hangs is stopped after JAARRAPPORT_TYPST_TIMEOUT
//! with everything it started, a malformed timeout is a usage error, and
//! inputs with tens of thousands of positions are checked in one pass
//! (their speed is measured in bench/, not here; a quadratic path would
//! make these tests take many minutes).

mod common;
use common::Case;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn a_malformed_typst_timeout_is_a_usage_error() {
    let case = Case::new("valid");
    for value in ["abc", "-5", "1.5", "0", "", " ", "5s", "1e3", "99999999999999999999999"] {
        for command in [&["build", "content", "--out", "out", "--format", "html"][..], &["check", "content"][..]] {
            let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
                .args(command)
                .current_dir(case.root())
                .env("JAARRAPPORT_TYPST_TIMEOUT", value)
                .env("JAARRAPPORT_NO_PROVISION", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command:?} with {value:?}: {stderr}");
            assert!(stderr.contains("JAARRAPPORT_TYPST_TIMEOUT must be a whole number of seconds"), "{stderr}");
        }
        assert!(!case.root().join("out").exists(), "{value:?}: something was written");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--format", "html"])
        .current_dir(case.root())
        .env("JAARRAPPORT_TYPST_TIMEOUT", " 30 ")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A typst stand-in: answers `--version` as 0.15.1 and runs `compile` as
/// the shell snippet given, the way a wrapper script runs the real typst.
#[cfg(unix)]
fn wrapper(dir: &Path, compile: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("typst-wrapper.sh");
    std::fs::write(
        &path,
        format!("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1'; exit 0; fi\n{compile}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Whether a process lives (a zombie waiting for a parent to reap it counts as gone).
#[cfg(target_os = "linux")]
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| s.rsplit_once(')').is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')))
}

#[cfg(target_os = "linux")]
fn wait_dead(pid: &str) -> bool {
    let start = Instant::now();
    while alive(pid) {
        if start.elapsed() > Duration::from_secs(10) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

#[cfg(target_os = "linux")]
#[test]
fn the_typst_timeout_stops_typst_and_everything_it_started() {
    let case = Case::new("valid");
    // A wrapper whose "typst" (a child, not exec'd) hangs; one that forks a
    // grandchild into the background; one that ignores SIGTERM.
    let scripts = [
        ("child", "sleep 300 & echo $! > \"$PIDFILE\"; wait"),
        ("grandchild", "sh -c 'sleep 300 & echo $! > \"$PIDFILE\"; wait' & wait"),
        ("trap", "trap '' TERM; sleep 300 & echo $! > \"$PIDFILE\"; wait"),
    ];
    for (name, script) in scripts {
        let typst = wrapper(case.root(), script);
        let pidfile = case.root().join(format!("{name}.pid"));
        let start = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
            .args(["build", "content", "--out", "out", "--format", "pdf", "--typst"])
            .arg(&typst)
            .current_dir(case.root())
            .env("JAARRAPPORT_TYPST_TIMEOUT", "2")
            .env("PIDFILE", &pidfile)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("did not finish within 2 s"), "{name}: {stderr}");
        // Not a speed limit: only that the build did not wait for the 300 s sleep.
        assert!(start.elapsed() < Duration::from_secs(120), "{name}: the build waited for typst's children");
        let pid = std::fs::read_to_string(&pidfile).unwrap().trim().to_string();
        assert!(wait_dead(&pid), "{name}: typst's child {pid} still runs after the timeout");
    }

    // A wrapper that ends but leaves a child running: that child goes too.
    let typst = wrapper(case.root(), "sleep 300 & echo $! > \"$PIDFILE\"; exit 1");
    let pidfile = case.root().join("left.pid");
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--format", "pdf", "--typst"])
        .arg(&typst)
        .current_dir(case.root())
        .env("PIDFILE", &pidfile)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let pid = std::fs::read_to_string(&pidfile).unwrap().trim().to_string();
    assert!(wait_dead(&pid), "a child the typst wrapper left behind outlived the build");
}

/// 90,000 cross-references in one 1.8 MB contribution, every third one
/// broken, and 30,000 on one line: every error at its exact position.
#[test]
fn tens_of_thousands_of_positions_are_found_in_one_pass() {
    let case = Case::new("valid");
    let head = case.read("bijdragen/SZW/2.1.A.md");
    let front = head.split("---\n").nth(1).unwrap().to_string();
    let front_lines = front.lines().count() + 2;
    let mut body = String::new();
    for i in 0..60_000 {
        body.push_str(if i % 3 == 0 { "En [[9.9.Z]] daar.\n" } else { "Zie [[4.1.A]] hier.\n" });
    }
    // One long line: columns counted on along it.
    for _ in 0..30_000 {
        body.push_str("é [[9.9.Y]] ");
    }
    body.push('\n');
    case.write("bijdragen/SZW/2.1.A.md", format!("---\n{front}---\n{body}"));
    let out = case.check();
    out.code(1);
    let file = "content/bijdragen/SZW/2.1.A.md";
    let errors: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with(file) && l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 50_000, "{}", &out.stderr[out.stderr.len().saturating_sub(500)..]);
    assert!(out.stderr.ends_with("50000 errors\n"), "{}", &out.stderr[out.stderr.len().saturating_sub(300)..]);
    // The last reference of the block of lines, and the last on the long line.
    let last_line = front_lines + 1 + 59_997;
    assert!(errors.contains(
        &format!("{file}:{last_line}:4: error: [[9.9.Z]] points at 9.9.Z, which is not in the catalogue").as_str()
    ));
    let long = front_lines + 1 + 60_000;
    let col = 29_999 * 12 + 3;
    assert!(
        errors.contains(
            &format!("{file}:{long}:{col}: error: [[9.9.Y]] points at 9.9.Y, which is not in the catalogue").as_str()
        ),
        "{:?}",
        errors.last()
    );
}

/// Footnotes: a text may have 1,000 (the site numbers and links them, the
/// PDF's data carries each once); the 1,001st is an error at its line,
/// and many of them or many references to one never stop `check`. A note
/// referred to 5,000 times is in the PDF's data once (the stand-in typst
/// of bench/ keeps the data it was given).
#[test]
fn footnotes_are_bounded_and_a_note_referred_to_often_is_carried_once() {
    let case = Case::new("valid");
    let file = "bijdragen/BZK/4.1.A.md";
    let base = case.read(file);
    let notes = |n: usize| {
        let refs: String = (1..=n).map(|i| format!("Zin[^n{i}]. ")).collect();
        let defs: String = (1..=n).map(|i| format!("[^n{i}]: Bron {i}.\n")).collect();
        format!("{base}\n{refs}\n\n{defs}")
    };
    case.write(file, notes(1000));
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    let page = std::fs::read_to_string(case.root().join("out/site/huisvesting.html")).unwrap();
    assert!(page.contains("aria-label=\"voetnoot 1000\">1000</a>"), "the 1000th note is numbered");

    for n in [1001, 5000] {
        let text = notes(n);
        case.write(file, &text);
        let line =
            base.lines().count() + text[base.len()..].lines().position(|l| l.starts_with("[^n1001]:")).unwrap() + 1;
        case.check().code(1).has(&format!(
            "content/{file}:{line}:1: error: this text has more than 1000 footnotes; this is footnote 1001"
        ));
    }

    // One note referred to 5,000 times: its text once in the PDF's data.
    let note = "Een lange bron die maar één keer in de gegevens hoort. ".repeat(20);
    case.write(file, format!("{base}\n{}\n\n[^x]: {note}\n", "Zie[^x]. ".repeat(5000)));
    let keep = case.root().join("typst-input");
    let stub = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/typst-stub.sh");
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "pdf-out", "--format", "pdf", "--typst"])
        .arg(&stub)
        .current_dir(case.root())
        .env("TYPST_STUB_KEEP", &keep)
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .output()
        .unwrap();
    let data = std::fs::read_to_string(keep.join("data.json"))
        .unwrap_or_else(|e| panic!("no data.json ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(data.matches("maar één keer").count(), 20, "the note is in the data once");
    assert_eq!(data.matches(r#""t":"again""#).count(), 4999);
}
