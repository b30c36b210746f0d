//! The first run on a fresh machine: typst is missing and `build` installs
//! it. A real install compiles for many minutes, so cargo is replaced by a
//! stand-in (found through `$CARGO`, as `cargo run` sets it) that notes
//! what the output directory held when the install began and then
//! "installs" a typst that runs the real one. The build itself, the
//! staging, the HTML and the PDF are all real.
#![cfg(unix)]

mod common;

use common::Case;
use std::path::{Path, PathBuf};
use std::process::Command;

const SLUG: &str = "jaarrapportage-proef-2030";

fn real_typst() -> PathBuf {
    jaarrapport::render::pdf::locate(None)
        .expect("typst must be installed (.ci/run installs it): the PDF tests need it")
}

/// Writes an executable shell script.
fn script(path: &Path, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// The stand-in for cargo. It writes its arguments and whether the site
/// and the export were in `out` to `seen`, prints cargo-like lines, and
/// puts a typst into `--root`/bin that runs the real one (or fails with
/// `fail`).
fn fake_cargo(case: &Case, fail: bool) -> PathBuf {
    let root = case.root();
    let typst = real_typst();
    let finish = if fail {
        "echo 'error: failed to compile `typst-cli v0.15.1`' >&2\nexit 101\n".to_string()
    } else {
        format!(
            "mkdir -p \"$dest/bin\"\nprintf '#!/bin/sh\\nexec %s \"$@\"\\n' '{}' > \"$dest/bin/typst\"\nchmod +x \"$dest/bin/typst\"\n",
            typst.display()
        )
    };
    script(
        &root.join("fake-cargo.sh"),
        &format!(
            r#"#!/bin/sh
out='{out}'
{{
  echo "args: $*"
  [ -f "$out/site/index.html" ] && echo "site was there"
  [ -f "$out/{SLUG}.json" ] && echo "json was there"
  [ -f "$out/{SLUG}.pdf" ] && echo "pdf was there"
  grep -q 'Nieuw in deze build' "$out/site/inleiding.html" 2>/dev/null && echo "site was new"
}} > '{seen}'
dest=""
prev=""
for a in "$@"; do [ "$prev" = "--root" ] && dest="$a"; prev="$a"; done
echo "   Compiling serde v1.0.0" >&2
echo "   Compiling typst-library v0.15.1" >&2
{finish}"#,
            out = root.join("out").display(),
            seen = root.join("seen.txt").display(),
        ),
    )
}

/// PATH without any directory that holds a typst, so the build must
/// install one.
fn path_without_typst() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).filter(|d| !d.join("typst").exists()).collect();
    std::env::join_paths(dirs).unwrap().to_string_lossy().into_owned()
}

fn first_build(case: &Case, fail: bool) -> common::Outcome {
    let cargo = fake_cargo(case, fail);
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out"])
        .current_dir(case.root())
        .env("NO_COLOR", "1")
        .env("CARGO", &cargo)
        .env("JAARRAPPORT_CACHE", case.root().join("cache"))
        .env("PATH", path_without_typst())
        .env_remove("TYPST")
        .env_remove("JAARRAPPORT_NO_PROVISION")
        .output()
        .expect("run jaarrapport");
    common::Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn seen(case: &Case) -> String {
    std::fs::read_to_string(case.root().join("seen.txt")).expect("the stand-in cargo ran")
}

#[test]
fn the_site_and_the_open_data_are_there_before_typst_is_installed() {
    let case = Case::new("valid");
    let run = first_build(&case, false);
    run.code(0).mentions("the site and the open data are ready to open").mentions("installed typst 0.15.1");
    let seen = seen(&case);
    assert!(seen.contains("site was there") && seen.contains("json was there"), "{seen}");
    assert!(!seen.contains("pdf was there"), "{seen}");
    // Only what the build uses.
    assert!(seen.contains("--no-default-features --features embedded-fonts"), "{seen}");
    assert!(seen.contains(&format!("--root {}", case.root().join("cache").join("typst-0.15.1").display())), "{seen}");
    // Cargo's own lines are not passed on.
    assert!(!run.stderr.contains("Compiling serde"), "{}", run.stderr);
    // Then the PDF, beside the site, and the DCAT description.
    let out = case.root().join("out");
    for file in ["site/index.html", &format!("{SLUG}.pdf"), &format!("{SLUG}.csv"), &format!("{SLUG}.dcat.jsonld")] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    assert!(common::pdftotext(&out.join(format!("{SLUG}.pdf"))).contains("Proef"));
    // No staging directory is left behind.
    let leftovers: Vec<String> = std::fs::read_dir(case.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failed_install_keeps_the_site_and_says_the_pdf_is_missing() {
    let case = Case::new("valid");
    let run = first_build(&case, true);
    run.code(2)
        .mentions("installing typst failed")
        .mentions("error: failed to compile `typst-cli v0.15.1`")
        .mentions("the PDF was not made");
    let out = case.root().join("out");
    assert!(out.join("site/index.html").is_file());
    assert!(out.join(format!("{SLUG}.json")).is_file());
    assert!(!out.join(format!("{SLUG}.pdf")).exists());
}

#[test]
fn with_a_pdf_from_before_the_new_site_waits_for_the_new_pdf() {
    let case = Case::new("valid");
    // A complete earlier build, with typst at hand.
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--typst"])
        .arg(real_typst())
        .current_dir(case.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Then the content changes and typst is gone.
    case.edit("paginas/inleiding.md", "Dit is de *inleiding*.", "Dit is de *inleiding*. Nieuw in deze build.");
    let run = first_build(&case, false);
    run.code(0);
    let seen = seen(&case);
    assert!(seen.contains("pdf was there") && !seen.contains("site was new"), "{seen}");
    let index = std::fs::read_to_string(case.root().join("out/site/inleiding.html")).unwrap();
    assert!(index.contains("Nieuw in deze build"));
}
