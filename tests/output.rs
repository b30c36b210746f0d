//! Output: a build that fails (a content error, typst failing, the process
//! killed, also while moving its files) leaves the previous output byte for
//! byte as it was; two builds into the same OUT at once leave exactly one
//! complete build; what a killed build left is cleared by the next one. And
//! `--out` never loses or exposes a file the tool did not write: it refuses
//! what is not its own, replaces only its own unchanged files, follows no
//! link, opens no FIFO, crosses no mount and keeps every permission.

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

/// What a build leaves besides its output: anything beside `out/` but the
/// content, and staging directories inside it.
fn leftovers(root: &Path) -> Vec<String> {
    let names = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).collect()
    };
    let mut left: Vec<String> = names(root).into_iter().filter(|n| n.starts_with('.')).collect();
    if root.join("out").is_dir() {
        left.extend(names(&root.join("out")).into_iter().filter(|n| n.starts_with(".jaarrapport-stage-")));
    }
    left.sort();
    left
}

/// A snapshot without the tool's own bookkeeping (manifest, lock, staging),
/// for the moment right after a kill, before the next build tidies up.
fn visible(snap: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    snap.iter().filter(|(k, _)| !k.starts_with(".jaarrapport-")).map(|(k, v)| (k.clone(), v.clone())).collect()
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

    assert_same(&visible(&before), &visible(&snapshot(&case.root().join("out"))), "after a killed build");
    let left = leftovers(case.root());
    assert!(
        left.iter().any(|n| n.starts_with(".jaarrapport-stage-")),
        "the killed build left its staging dir: {left:?}"
    );

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

/// Something a user does to a path.
type Change = Box<dyn Fn(&Path)>;

/// The fixture's site and open data (no PDF: these tests are about OUT).
const FAST: &[&str] = &["--format", "html,json,csv"];

fn build_fast(case: &Case, out: &str) -> common::Outcome {
    let mut args = vec!["build", "content", "--out", out];
    args.extend_from_slice(FAST);
    case.run(&args)
}

#[test]
fn a_build_killed_while_moving_its_files_is_undone_by_the_next() {
    let case = Case::new("valid");
    build_fast(&case, "out").code(0);
    let before = snapshot(&case.root().join("out"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&before[".jaarrapport-output"]).expect("the manifest is JSON");
    let files = manifest["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "file").count();
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds maart.", "Nieuwe tekst.");
    // Killed before the first move, after one, halfway and before the last.
    for after_moves in [0, 1, files / 2, files - 1] {
        let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
            .args(["build", "content", "--out", "out"])
            .args(FAST)
            .current_dir(case.root())
            .env("JAARRAPPORT_FAULT_AFTER_MOVES", after_moves.to_string())
            .output()
            .unwrap();
        assert!(out.status.code().is_none(), "the build did not abort after {after_moves} moves");
        // Even a build that stops at a content error first undoes the half-moved one.
        case.edit("bijdragen/SZW/2.1.A.md", "status: in-uitvoering", "status: bijna-klaar");
        build_fast(&case, "out").code(1);
        case.edit("bijdragen/SZW/2.1.A.md", "status: bijna-klaar", "status: in-uitvoering");
        assert_same(&before, &snapshot(&case.root().join("out")), &format!("killed after {after_moves} moves"));
        assert_eq!(leftovers(case.root()), Vec::<String>::new());
    }
    build_fast(&case, "out").code(0);
    let page = std::fs::read_to_string(case.root().join("out/site/huisvesting.html")).unwrap();
    assert!(page.contains("Nieuwe tekst."));
}

/// Everything under `dir`, links and FIFOs as what they are (never followed or opened).
fn tree(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let ft = e.file_type();
            let what = if ft.is_file() {
                format!("file {:?}", std::fs::read(e.path()).unwrap())
            } else if ft.is_symlink() {
                format!("link {}", std::fs::read_link(e.path()).unwrap().display())
            } else {
                format!("{ft:?}")
            };
            (rel, what)
        })
        .collect()
}

#[test]
fn out_refuses_a_directory_that_is_not_its_own_and_the_content_directory() {
    let case = Case::new("valid");
    let root = case.root();
    // Not empty and not marked: a file, only a hidden file, only an empty directory.
    let makers: Vec<(&str, Change)> = vec![
        ("a-file", Box::new(|d| std::fs::write(d.join("thesis.docx"), "mine").unwrap())),
        ("hidden", Box::new(|d| std::fs::write(d.join(".profile"), "mine").unwrap())),
        ("a-dir", Box::new(|d| std::fs::create_dir(d.join("empty")).unwrap())),
    ];
    for (name, make) in makers {
        let dir = root.join(name);
        std::fs::create_dir(&dir).unwrap();
        make(&dir);
        let before = tree(&dir);
        build_fast(&case, name).code(2).mentions("is not empty and is not an output directory of jaarrapport");
        assert_eq!(tree(&dir), before, "{name} was changed");
    }
    // A damaged or hostile manifest is no permission.
    for (i, manifest) in [
        "not json".to_string(),
        r#"{"schema":"jaarrapport-output/1","about":"","entries":[{"path":"../content/rapport.yaml","format":"html","kind":"file","size":1,"xxh3":"0"}],"pending":null}"#.to_string(),
        r#"{"schema":"jaarrapport-output/1","about":"","entries":[],"pending":{"stage":"../../","moves":[]}}"#.to_string(),
    ]
    .iter()
    .enumerate()
    {
        let dir = root.join(format!("marked-{i}"));
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join(".jaarrapport-output"), manifest).unwrap();
        std::fs::write(dir.join("mine.txt"), "mine").unwrap();
        let before = tree(&dir);
        build_fast(&case, &format!("marked-{i}")).code(2).mentions("is not a manifest of jaarrapport");
        assert_eq!(tree(&dir), before);
    }
    // A file as OUT.
    std::fs::write(root.join("plain"), "mine").unwrap();
    build_fast(&case, "plain").code(2).mentions("is not a directory");
    assert_eq!(std::fs::read_to_string(root.join("plain")).unwrap(), "mine");

    // The content directory, in every spelling: OUT holding it or inside it.
    let content_before = tree(&case.content());
    let abs = root.to_string_lossy().into_owned();
    for out in [".", abs.as_str(), "content", "content/site", "content/../content/x", "./"] {
        build_fast(&case, out).code(2).mentions("the content directory");
    }
    let inside = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", ".", "--out", ".."])
        .args(FAST)
        .current_dir(case.content())
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(2), "{}", String::from_utf8_lossy(&inside.stderr));
    assert!(String::from_utf8_lossy(&inside.stderr).contains("holds the content directory"));
    // A link to the content directory is the content directory.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(case.content(), root.join("via-link")).unwrap();
        build_fast(&case, "via-link/out").code(2).mentions("inside the content directory");
    }
    assert_eq!(tree(&case.content()), content_before, "the content directory was changed");
}

#[test]
fn only_files_the_tool_wrote_are_replaced() {
    let case = Case::new("valid");
    let out = case.root().join("out");
    // A first build of the site only: the open data's names are not its yet.
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    std::fs::write(out.join("site/mine.txt"), "mine").unwrap();
    std::fs::create_dir_all(out.join("notes/deep")).unwrap();
    std::fs::write(out.join("notes/deep/n.md"), "notes").unwrap();
    std::fs::write(out.join(".jaarrapport-stage-mine"), "looks like ours, is not").unwrap();
    build_fast(&case, "out").code(0);
    assert_eq!(std::fs::read_to_string(out.join("site/mine.txt")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(out.join("notes/deep/n.md")).unwrap(), "notes");
    assert!(out.join(".jaarrapport-stage-mine").is_file());

    // The user's file where the tool would write, never written by it; one
    // of its files replaced by the user's; one edited in place.
    let csv = "jaarrapportage-proef-2030.csv";
    let json = "jaarrapportage-proef-2030.json";
    let changes: Vec<(&str, &str, Change)> = vec![
        (
            "replaced",
            csv,
            Box::new(|p| {
                std::fs::remove_file(p).unwrap();
                std::fs::write(p, "mijn eigen cijfers").unwrap()
            }),
        ),
        (
            "edited",
            "site/index.html",
            Box::new(|p| {
                let mut t = std::fs::read(p).unwrap();
                t[0] ^= 1;
                std::fs::write(p, t).unwrap()
            }),
        ),
        (
            "same size, other bytes",
            json,
            Box::new(|p| {
                let t = std::fs::read(p).unwrap();
                std::fs::write(p, vec![b' '; t.len()]).unwrap()
            }),
        ),
    ];
    for (what, path, change) in changes {
        let text = case.read("bijdragen/BZK/4.1.A.md");
        case.write("bijdragen/BZK/4.1.A.md", format!("{text}\nNieuw na: {what}.\n"));
        let before = snapshot(&out);
        change(&out.join(path));
        let changed = snapshot(&out);
        build_fast(&case, "out").code(2).mentions(&format!("{path} was changed after jaarrapport wrote it"));
        assert_same(&changed, &snapshot(&out), what);
        // Moved away by the user, the build goes through.
        std::fs::remove_file(out.join(path)).unwrap();
        build_fast(&case, "out").code(0);
        assert!(snapshot(&out).len() == before.len(), "{what}: a file went missing");
    }

    // A name the tool never wrote in this OUT.
    case.run(&["build", "content", "--out", "html-only", "--format", "html"]).code(0);
    std::fs::write(case.root().join("html-only").join(json), "mine").unwrap();
    build_fast(&case, "html-only").code(2).mentions("was not written by jaarrapport");
    assert_eq!(std::fs::read_to_string(case.root().join("html-only").join(json)).unwrap(), "mine");
}

#[cfg(unix)]
#[test]
fn links_and_fifos_under_out_are_never_followed_or_opened() {
    use std::os::unix::fs::symlink;
    let case = Case::new("valid");
    let out = case.root().join("out");
    build_fast(&case, "out").code(0);
    // Links that grew or were copied before: to OUT itself, to its parent, to a file.
    symlink(".", out.join("self")).unwrap();
    symlink("..", out.join("site/up")).unwrap();
    symlink("/etc/hostname", out.join("site/host")).unwrap();
    let fifo = |p: &Path| assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
    fifo(&out.join("site/pipe"));
    let before = tree(&out);
    for _ in 0..3 {
        run_bounded(&case, &["build", "content", "--out", "out"]).code(0);
    }
    assert_eq!(tree(&out).keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>(), "OUT grew or shrank");

    // At a path the build needs: a link to a directory elsewhere, a FIFO, a
    // link where the lock is. Each is refused at once, nothing followed.
    let elsewhere = case.root().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("style.css"), "theirs").unwrap();
    let victim = case.root().join("victim.txt");
    std::fs::write(&victim, "victim").unwrap();
    let static_dir = out.join("site/static");
    std::fs::rename(&static_dir, case.root().join("static-away")).unwrap();
    symlink(&elsewhere, &static_dir).unwrap();
    run_bounded(&case, &["build", "content", "--out", "out"]).code(2).mentions("is a symbolic link");
    assert_eq!(tree(&elsewhere).len(), 1);
    std::fs::remove_file(&static_dir).unwrap();
    std::fs::rename(case.root().join("static-away"), &static_dir).unwrap();

    let csv = out.join("jaarrapportage-proef-2030.csv");
    std::fs::remove_file(&csv).unwrap();
    fifo(&csv);
    run_bounded(&case, &["build", "content", "--out", "out"]).code(2).mentions("not a regular file");
    std::fs::remove_file(&csv).unwrap();

    let lock = out.join(".jaarrapport-lock");
    std::fs::remove_file(&lock).unwrap();
    symlink(&victim, &lock).unwrap();
    run_bounded(&case, &["build", "content", "--out", "out"]).code(2);
    std::fs::remove_file(&lock).unwrap();
    fifo(&lock);
    run_bounded(&case, &["build", "content", "--out", "out"]).code(2);
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");

    let marker = out.join(".jaarrapport-output");
    let saved = std::fs::read(&marker).unwrap();
    std::fs::remove_file(&marker).unwrap();
    fifo(&marker);
    run_bounded(&case, &["build", "content", "--out", "out"]).code(2).mentions("is not a manifest of jaarrapport");
    std::fs::remove_file(&marker).unwrap();
    std::fs::write(&marker, saved).unwrap();
    run_bounded(&case, &["build", "content", "--out", "out"]).code(0);
}

/// A fast build that must end by itself: a hang (a FIFO opened) fails
/// the test instead of hanging it.
fn run_bounded(case: &Case, args: &[&str]) -> common::Outcome {
    let mut child = spawn(case, &[args, FAST].concat());
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("jaarrapport {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    common::Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn permissions_of_out_and_its_directories_and_files_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new("valid");
    let out = case.root().join("out");
    build_fast(&case, "out").code(0);
    let mode = |p: &str| std::fs::metadata(out.join(p)).unwrap().permissions().mode() & 0o7777;
    let set = |p: &str, m: u32| std::fs::set_permissions(out.join(p), std::fs::Permissions::from_mode(m)).unwrap();
    set("", 0o700);
    set("site", 0o750);
    set("site/static", 0o711);
    set("jaarrapportage-proef-2030.csv", 0o600);
    set("site/index.html", 0o640);
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds", "De normen gelden nu sinds");
    build_fast(&case, "out").code(0);
    for (p, m) in [
        ("", 0o700),
        ("site", 0o750),
        ("site/static", 0o711),
        ("jaarrapportage-proef-2030.csv", 0o600),
        ("site/index.html", 0o640),
    ] {
        assert_eq!(mode(p), m, "the mode of OUT/{p} changed");
    }
}

#[test]
fn scratch_names_never_meet_a_users_directory() {
    let case = Case::new("valid");
    // Names the tool used before, beside OUT, and one like its own inside.
    for name in [".out.old-2021", ".out.staging-1", ".out.lock"] {
        std::fs::create_dir(case.root().join(name)).unwrap();
        std::fs::write(case.root().join(name).join("keep"), "mine").unwrap();
    }
    for _ in 0..2 {
        build_fast(&case, "out").code(0);
    }
    for name in [".out.old-2021", ".out.staging-1", ".out.lock"] {
        assert_eq!(std::fs::read_to_string(case.root().join(name).join("keep")).unwrap(), "mine", "{name}");
    }
}

/// A test that cannot run on this machine fails, saying why, unless
/// `JAARRAPPORT_TEST_ALLOW_SKIP=1` lets it pass unrun (CI never sets it).
fn unrunnable(test: &str, why: &str) {
    if std::env::var("JAARRAPPORT_TEST_ALLOW_SKIP").as_deref() == Ok("1") {
        println!("SKIPPED {test}: {why} (JAARRAPPORT_TEST_ALLOW_SKIP=1)");
        return;
    }
    panic!("{test} cannot run here: {why}; JAARRAPPORT_TEST_ALLOW_SKIP=1 lets it pass without running");
}

/// A real file system mounted under OUT (tmpfs; needs root, as CI runs).
#[cfg(target_os = "linux")]
#[test]
fn a_file_system_mounted_under_out_is_never_crossed() {
    let case = Case::new("valid");
    let out = case.root().join("out");
    build_fast(&case, "out").code(0);
    let mount = |dir: &Path| Command::new("mount").args(["-t", "tmpfs", "jaarrapport-test"]).arg(dir).status();
    let umount = |dir: &Path| {
        let _ = Command::new("umount").arg(dir).status();
    };
    // Not the tool's: a mount of the user's own beside the site.
    let mine = out.join("mnt");
    std::fs::create_dir(&mine).unwrap();
    if !mount(&mine).is_ok_and(|s| s.success()) {
        return unrunnable("a_file_system_mounted_under_out_is_never_crossed", "cannot mount tmpfs here (not root?)");
    }
    std::fs::write(mine.join("data"), "mine").unwrap();
    let r1 = build_fast(&case, "out");
    // Mounted over one of the tool's directories.
    let images = out.join("site/afbeeldingen");
    let mounted = mount(&images).is_ok_and(|s| s.success());
    if mounted {
        std::fs::write(images.join("tijdlijn.svg"), "mine").unwrap();
    }
    let r2 = build_fast(&case, "out");
    let images_kept = mounted && std::fs::read_to_string(images.join("tijdlijn.svg")).ok().as_deref() == Some("mine");
    let mine_kept = std::fs::read_to_string(mine.join("data")).ok().as_deref() == Some("mine");
    umount(&images);
    umount(&mine);
    r1.code(0);
    assert!(mine_kept, "the user's mount was changed");
    assert!(mounted, "the second mount failed");
    r2.code(2).mentions("is on another file system");
    assert!(images_kept, "the file in the mount over site/afbeeldingen was changed");
}

/// A directory of OUT's own file system bound over one of the tool's
/// (`mount --bind`; needs root, as CI runs): its device is OUT's, but it
/// is a mount, and the build refuses it by name before anything moves.
/// Its files are the tool's to the byte, so only the mount can stop it;
/// the kernel would refuse the swap across the mount, but only halfway,
/// and a file the build no longer writes would have been removed there.
#[cfg(target_os = "linux")]
#[test]
fn a_directory_bound_under_out_is_never_crossed() {
    use std::os::unix::fs::MetadataExt;
    let case = Case::new("valid");
    let out = case.root().join("out");
    build_fast(&case, "out").code(0);
    let images = out.join("site/afbeeldingen");
    let elsewhere = case.root().join("elders");
    std::fs::create_dir(&elsewhere).unwrap();
    for e in std::fs::read_dir(&images).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), elsewhere.join(e.file_name())).unwrap();
    }
    let seen = || -> Vec<(std::ffi::OsString, u64, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(&elsewhere)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), e.metadata().unwrap().ino(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let before = seen();
    assert!(!before.is_empty(), "the fixture has images");
    if !Command::new("mount").arg("--bind").arg(&elsewhere).arg(&images).status().is_ok_and(|s| s.success()) {
        return unrunnable("a_directory_bound_under_out_is_never_crossed", "cannot bind-mount here (not root?)");
    }
    let r = build_fast(&case, "out");
    let after = seen();
    let _ = Command::new("umount").arg(&images).status();
    r.code(2).mentions("site/afbeeldingen is a mount");
    assert_eq!(before, after, "the bound directory was changed");
}

/// A full disk while staging or moving: a real small tmpfs as OUT's file
/// system (needs root, as CI runs).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_output_as_it_was() {
    let case = Case::new("valid");
    let disk = case.root().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted =
        Command::new("mount").args(["-t", "tmpfs", "-o", "size=400k", "jaarrapport-test"]).arg(&disk).status();
    if !mounted.is_ok_and(|s| s.success()) {
        return unrunnable("a_full_disk_leaves_the_previous_output_as_it_was", "cannot mount tmpfs here (not root?)");
    }
    let result = std::panic::catch_unwind(|| {
        build_fast(&case, "disk/out").code(0);
        let before = snapshot(&disk.join("out"));
        // A contribution too large for what is left on the disk.
        let mut big = case.read("bijdragen/BZK/4.1.A.md");
        for i in 0..4000 {
            big.push_str(&format!("Alinea {i} die de site groter maakt dan de schijf.\n\n"));
        }
        case.write("bijdragen/BZK/4.1.A.md", big);
        build_fast(&case, "disk/out").code(2).mentions("nothing was written");
        assert_same(&before, &snapshot(&disk.join("out")), "after a full disk");
        assert!(
            std::fs::read_dir(disk.join("out"))
                .unwrap()
                .flatten()
                .all(|e| !e.file_name().to_string_lossy().starts_with(".jaarrapport-stage-")),
            "the failed build left its staging directory"
        );
    });
    let _ = Command::new("umount").arg(&disk).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// A manifest forged or damaged by someone who can write in OUT, with
/// symbolic links inside OUT at intermediate components of the paths it
/// names (`weg/…`, `site/weg/…`) and a staging directory that is a link:
/// nothing outside OUT is written, removed, or moved into OUT, whatever
/// the manifest says was the tool's, and whether it names finished entries
/// or a build that was killed halfway.
#[cfg(unix)]
#[test]
fn a_forged_marker_with_links_inside_out_touches_nothing_outside() {
    use serde_json::{Value, json};
    use std::os::unix::fs::symlink;
    let case = Case::new("valid");
    let out = case.root().join("out");
    build_fast(&case, "out").code(0);
    let marker = out.join(".jaarrapport-output");
    let genuine: Value = serde_json::from_slice(&std::fs::read(&marker).unwrap()).unwrap();
    // A copy of one of the tool's files outside OUT: a forged entry with its
    // size and hash describes it exactly.
    let css = "site/static/style.css";
    let entry = genuine["entries"].as_array().unwrap().iter().find(|e| e["path"] == css).unwrap().clone();
    let (size, xxh3) = (entry["size"].clone(), entry["xxh3"].clone());
    let private = case.root().join("privé");
    std::fs::create_dir_all(private.join("leeg")).unwrap();
    std::fs::create_dir_all(private.join("old/weg")).unwrap();
    for copy in ["kopie.css", "old/kopie.css", "old/weg/kopie.css"] {
        std::fs::copy(out.join(css), private.join(copy)).unwrap();
    }
    std::fs::write(private.join("geheim.txt"), "privé").unwrap();
    symlink(&private, out.join("weg")).unwrap();
    symlink(&private, out.join("site/weg")).unwrap();
    symlink(&private, out.join(".jaarrapport-stage-vals")).unwrap();
    // A real staging directory whose kept "old" file would replace one outside.
    std::fs::create_dir_all(out.join(".jaarrapport-stage-echt/old/weg")).unwrap();
    std::fs::write(out.join(".jaarrapport-stage-echt/old/weg/kopie.css"), "overschreven").unwrap();
    let outside = snapshot(&private);

    let file = |path: &str| json!({"path": path, "format": "html", "kind": "file", "size": size, "xxh3": xxh3});
    let dir = |path: &str| json!({"path": path, "format": "html", "kind": "dir"});
    let pending = |stage: &str, moves: Value| json!({"stage": stage, "moves": moves});
    let cases: Vec<(&str, Vec<Value>, Value)> = vec![
        ("a stale file through a link", vec![file("weg/kopie.css")], Value::Null),
        ("a stale file through a deeper link", vec![file("site/weg/kopie.css")], Value::Null),
        ("a stale directory through a link", vec![dir("weg/leeg"), dir("weg")], Value::Null),
        ("a stale file of a linked staging name", vec![file(".jaarrapport-stage-vals/kopie.css")], Value::Null),
        (
            "a killed build's removal, staged in a linked directory",
            vec![],
            pending(".jaarrapport-stage-vals", json!([{"op": "remove", "path": "kopie.css"}])),
        ),
        (
            "a killed build's replacement, through a linked directory",
            vec![],
            pending(".jaarrapport-stage-echt", json!([{"op": "replace", "path": "weg/kopie.css"}])),
        ),
        (
            "a killed build's new file, through a link",
            vec![],
            pending(
                ".jaarrapport-stage-echt",
                json!([{"op": "add", "path": "weg/kopie.css", "size": size, "xxh3": xxh3}]),
            ),
        ),
        (
            "a killed build's new directory, through a link",
            vec![],
            pending(".jaarrapport-stage-echt", json!([{"op": "mkdir", "path": "weg/leeg"}])),
        ),
        (
            "a killed build's replacement of a file in a linked staging directory",
            vec![],
            pending(".jaarrapport-stage-vals", json!([{"op": "replace", "path": "geheim.txt"}])),
        ),
    ];
    for (what, extra, pending) in cases {
        let mut forged = genuine.clone();
        forged["entries"].as_array_mut().unwrap().extend(extra);
        forged["pending"] = pending;
        std::fs::write(&marker, serde_json::to_vec_pretty(&forged).unwrap()).unwrap();
        let outcome = run_bounded(&case, &["build", "content", "--out", "out"]);
        assert_same(&outside, &snapshot(&private), what);
        for name in ["kopie.css", "geheim.txt", "leeg"] {
            assert!(!out.join(name).exists(), "{what}: {name} was moved into OUT");
        }
        assert!(outcome.code == 0 || outcome.code == 2, "{what}: {}", outcome.stderr);
        assert!(out.join("weg").is_symlink() && out.join("site/weg").is_symlink(), "{what}: a link was removed");
    }

    // The tool's own directories replaced by links to copies of themselves:
    // the copies hold exactly what the manifest lists, and are still not
    // OUT's. Refused, nothing changed there.
    std::fs::write(&marker, serde_json::to_vec_pretty(&genuine).unwrap()).unwrap();
    for linked in ["site", "site/static"] {
        let away = case.root().join(format!("kopie-{}", linked.replace('/', "-")));
        std::fs::rename(out.join(linked), &away).unwrap();
        symlink(&away, out.join(linked)).unwrap();
        let copy = snapshot(&away);
        case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden", "Nu gelden de normen");
        run_bounded(&case, &["build", "content", "--out", "out"]).code(2).mentions("is a symbolic link");
        assert_same(&copy, &snapshot(&away), linked);
        std::fs::remove_file(out.join(linked)).unwrap();
        std::fs::rename(&away, out.join(linked)).unwrap();
        case.edit("bijdragen/BZK/4.1.A.md", "Nu gelden de normen", "De normen gelden");
    }
    run_bounded(&case, &["build", "content", "--out", "out"]).code(0);
    assert_same(&outside, &snapshot(&private), "after a clean build");
}

/// A forged marker naming a file inside a file system mounted in OUT (the
/// user's own mount, a real tmpfs; needs root, as CI runs): the mount is
/// an intermediate component of that path, and nothing in it is removed.
#[cfg(target_os = "linux")]
#[test]
fn a_forged_marker_cannot_reach_into_a_mount_inside_out() {
    use serde_json::{Value, json};
    let case = Case::new("valid");
    let out = case.root().join("out");
    build_fast(&case, "out").code(0);
    let mnt = out.join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    if !Command::new("mount").args(["-t", "tmpfs", "jaarrapport-test"]).arg(&mnt).status().is_ok_and(|s| s.success()) {
        return unrunnable(
            "a_forged_marker_cannot_reach_into_a_mount_inside_out",
            "cannot mount tmpfs here (not root?)",
        );
    }
    let result = std::panic::catch_unwind(|| {
        let css = "site/static/style.css";
        std::fs::copy(out.join(css), mnt.join("kopie.css")).unwrap();
        let marker = out.join(".jaarrapport-output");
        let genuine: Value = serde_json::from_slice(&std::fs::read(&marker).unwrap()).unwrap();
        let entry = genuine["entries"].as_array().unwrap().iter().find(|e| e["path"] == css).unwrap().clone();
        let (size, xxh3) = (entry["size"].clone(), entry["xxh3"].clone());
        for (entries, pending) in [
            (
                vec![json!({"path": "mnt/kopie.css", "format": "html", "kind": "file", "size": size, "xxh3": xxh3})],
                Value::Null,
            ),
            (
                vec![],
                json!({"stage": ".jaarrapport-stage-x", "moves": [{"op": "add", "path": "mnt/kopie.css", "size": size, "xxh3": xxh3}]}),
            ),
        ] {
            let mut forged = genuine.clone();
            forged["entries"].as_array_mut().unwrap().extend(entries);
            forged["pending"] = pending;
            std::fs::write(&marker, serde_json::to_vec_pretty(&forged).unwrap()).unwrap();
            run_bounded(&case, &["build", "content", "--out", "out"]).code(0);
            assert_eq!(std::fs::read(mnt.join("kopie.css")).unwrap(), std::fs::read(out.join(css)).unwrap());
        }
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
