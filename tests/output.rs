//! Atomic output: a build that fails (a content error, typst failing, the
//! process killed) leaves the previous output byte for byte as it was; two
//! builds into the same OUT at once leave exactly one complete build; what a
//! killed build left beside OUT is cleared by the next one.

mod common;
use common::{Case, copy_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` (relative path → bytes); symbolic links and
/// empty directories count too, so a missing piece shows.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    assert!(dir.is_dir(), "{} is not a directory", dir.display());
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        let bytes = if entry.file_type().is_file() {
            std::fs::read(entry.path()).unwrap()
        } else {
            format!("<{:?}>", entry.file_type()).into_bytes()
        };
        files.insert(rel, bytes);
    }
    files
}

fn assert_same(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(before), names(after), "{what}: the files of OUT changed");
    for (name, bytes) in before {
        assert!(after[name] == *bytes, "{what}: {name} changed");
    }
}

/// What a build leaves beside OUT besides OUT itself and its lock.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".out.") && n != ".out.lock")
        .collect();
    names.sort();
    names
}

/// A complete build of the fixture into `out/`, every format.
fn full_build(case: &Case) -> BTreeMap<String, Vec<u8>> {
    case.run(&["build", "content", "--out", "out"]).code(0);
    let snap = snapshot(&case.root().join("out"));
    for needed in ["site/index.html", "jaarrapportage-proef-2030.pdf", "jaarrapportage-proef-2030.json"] {
        assert!(snap.contains_key(needed), "{needed} missing from a complete build");
    }
    snap
}

/// The real typst, as the binary would find it.
fn real_typst() -> PathBuf {
    jaarrapport::render::pdf::locate(None)
        .expect("typst must be installed (.ci/run installs it): the PDF tests need it")
}

/// A stand-in for typst: answers `--version` as the real one, and for a
/// compile first does `before` (shell), then runs the real typst.
#[cfg(unix)]
fn fake_typst(dir: &Path, before: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-typst.sh");
    let real = real_typst();
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then exec '{real}' --version; fi\n{before}\nexec '{real}' \"$@\"\n",
            real = real.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn spawn(case: &Case, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(args)
        .current_dir(case.root())
        .env("NO_COLOR", "1")
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jaarrapport")
}

/// Waits for `path` to exist: an event, not a time; the limit only keeps a
/// broken build from hanging the test run.
fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(120), "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_content_error_leaves_the_previous_output_as_it_was() {
    let case = Case::new("valid");
    let before = full_build(&case);
    case.edit("bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: bijna-klaar");
    case.run(&["build", "content", "--out", "out"]).code(1).mentions("nothing was written");
    assert_same(&before, &snapshot(&case.root().join("out")), "after a content error");
    assert_eq!(leftovers(case.root()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_typst_failure_leaves_the_previous_output_as_it_was() {
    let case = Case::new("valid");
    let before = full_build(&case);
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds maart.", "Nieuwe tekst die niet verschijnt.");
    // typst itself failing (not the content's template: that is a content error).
    let typst = fake_typst(case.root(), "echo 'typst crashed' >&2; exit 3");
    case.run(&["build", "content", "--out", "out", "--typst", typst.to_str().unwrap()])
        .code(2)
        .mentions("typst failed");
    assert_same(&before, &snapshot(&case.root().join("out")), "after a typst failure");
    assert_eq!(leftovers(case.root()), Vec::<String>::new(), "a failed build cleans up after itself");
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_output_and_the_next_build_clears_its_leftovers() {
    let case = Case::new("valid");
    let before = full_build(&case);
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds maart.", "Nieuwe tekst die niet verschijnt.");
    // typst that says where it is and then hangs: the build is killed there,
    // with the site and the exports already written into its staging dir.
    let pid_file = case.root().join("typst.pid");
    let typst =
        fake_typst(case.root(), &format!("echo $$ > '{}.tmp'; mv '{0}.tmp' '{0}'; exec sleep 600", pid_file.display()));
    let mut build = spawn(&case, &["build", "content", "--out", "out", "--typst", typst.to_str().unwrap()]);
    wait_for(&pid_file);
    build.kill().unwrap();
    let status = build.wait().unwrap();
    assert!(!status.success(), "the build was killed");
    let sleeper = std::fs::read_to_string(&pid_file).unwrap().trim().to_string();
    let _ = Command::new("kill").args(["-KILL", &sleeper]).status();

    assert_same(&before, &snapshot(&case.root().join("out")), "after a killed build");
    let left = leftovers(case.root());
    assert!(left.iter().any(|n| n.starts_with(".out.staging-")), "the killed build left its staging dir: {left:?}");

    // The next build clears them and writes a complete new output.
    case.run(&["build", "content", "--out", "out"]).code(0);
    assert_eq!(leftovers(case.root()), Vec::<String>::new(), "leftovers of the killed build are cleared");
    let after = snapshot(&case.root().join("out"));
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
    let page = String::from_utf8_lossy(&after["site/huisvesting.html"]).into_owned();
    assert!(page.contains("Nieuwe tekst die niet verschijnt."), "the new build is in place");
}

#[cfg(unix)]
#[test]
fn two_builds_into_the_same_out_leave_exactly_one_complete_build() {
    let case = Case::new("valid");
    copy_dir(&case.content(), &case.root().join("tweede"));
    let second = case.root().join("tweede/bijdragen/BZK/4.1.A.md");
    let text = std::fs::read_to_string(&second).unwrap().replace("De normen gelden sinds maart.", "Tweede inhoud.");
    std::fs::write(&second, text).unwrap();
    // Each build on its own, as references.
    case.run(&["build", "content", "--out", "een"]).code(0);
    case.run(&["build", "tweede", "--out", "twee"]).code(0);
    let one = snapshot(&case.root().join("een"));
    let two = snapshot(&case.root().join("twee"));
    assert_ne!(one, two);

    // A typst that takes a moment, so the two builds overlap.
    let typst = fake_typst(case.root(), "sleep 1");
    let typst = typst.to_str().unwrap();
    for round in 0..3 {
        let _ = std::fs::remove_dir_all(case.root().join("out"));
        let a = spawn(&case, &["build", "content", "--out", "out", "--typst", typst]);
        let b = spawn(&case, &["build", "tweede", "--out", "out", "--typst", typst]);
        for (name, child) in [("first", a), ("second", b)] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: the {name} build failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let got = snapshot(&case.root().join("out"));
        assert!(got == one || got == two, "round {round}: OUT is a mix of the two builds, or incomplete");
        assert_eq!(leftovers(case.root()), Vec::<String>::new(), "round {round}");
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_between_its_two_renames_gets_its_previous_output_back() {
    let case = Case::new("valid");
    let before = full_build(&case);
    // The state a kill between "OUT → .out.old-N" and "staging → OUT" leaves.
    std::fs::rename(case.root().join("out"), case.root().join(".out.old-4242")).unwrap();
    // The next build puts the old output back first; this one then fails in
    // typst, so what is left must be exactly the previous output.
    let typst = fake_typst(case.root(), "exit 3");
    case.run(&["build", "content", "--out", "out", "--typst", typst.to_str().unwrap()]).code(2);
    assert_same(&before, &snapshot(&case.root().join("out")), "after recovering an interrupted swap");
    assert_eq!(leftovers(case.root()), Vec::<String>::new());
}
