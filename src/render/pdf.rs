//! The PDF: the report as JSON (templates/typst/DATA.md) fed to a real typst
//! template by the `typst` command-line program. No typst source is ever
//! generated from content, so contribution text cannot run as typst code.

use super::format::{Format, RenderContext, Tool, Written};
use super::{RenderError, write_file};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fonts::{REPLACEMENT, printable};
use crate::markdown::tree::{self, Block};
use crate::model::{Image, Theme};
use crate::theme;
use crate::view::{Body, ReportView};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The typst version this project is tested with.
pub const TYPST_VERSION: &str = "0.15.1";

/// A typst run that takes longer than this has hung; stop it.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// How to find and run typst.
#[derive(Debug, Clone)]
pub struct Typst {
    pub program: PathBuf,
    pub timeout: Duration,
}

impl Typst {
    /// Runs `typst --version`: a program that does not answer is no typst;
    /// another version than the pinned one probably works and is worth a
    /// warning (returned, for the caller to print).
    pub fn probe(program: PathBuf, timeout: Duration) -> Result<(Typst, Option<String>), RenderError> {
        // typst runs in the work directory: a relative path given by the
        // user (`--typst bin/typst`) must be made absolute first; a bare
        // name is looked up on PATH as usual.
        let program = if program.is_relative() && program.components().count() > 1 {
            std::env::current_dir().map(|d| d.join(&program)).unwrap_or(program)
        } else {
            program
        };
        let out = Command::new(&program)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .ok_or_else(|| RenderError::Typst(format!("typst at {} cannot be run", program.display())))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let version = text.split_whitespace().nth(1).unwrap_or("unknown").to_string();
        let warning = (version != TYPST_VERSION).then(|| {
            format!(
                "typst {version} found at {}; jaarrapport is tested with typst {TYPST_VERSION}, the PDF may differ",
                program.display()
            )
        });
        Ok((Typst { program, timeout }, warning))
    }
}

/// Where the provisioned typst lives: `$XDG_CACHE_HOME/jaarrapport` or
/// `~/.cache/jaarrapport`, one directory per version.
pub fn cache_root() -> PathBuf {
    std::env::var_os("JAARRAPPORT_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("jaarrapport")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("jaarrapport")))
        .unwrap_or_else(|| PathBuf::from(".jaarrapport-cache"))
}

pub fn provisioned_path() -> PathBuf {
    cache_root().join(format!("typst-{TYPST_VERSION}")).join("bin").join(exe("typst"))
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// The command that provisions the pinned typst, for messages and for
/// running. Only the features `build` uses: `typst compile` with the fonts
/// typst embeds (the default `http-server` is for `typst watch`). Cargo's
/// release profile is kept: a lighter one saves little compile time and
/// typesets slower (BENCHMARKS.md, "The first run").
pub fn install_command() -> Vec<String> {
    vec![
        "cargo".into(),
        "install".into(),
        "--locked".into(),
        format!("typst-cli@{TYPST_VERSION}"),
        "--no-default-features".into(),
        "--features".into(),
        "embedded-fonts".into(),
        "--root".into(),
        cache_root().join(format!("typst-{TYPST_VERSION}")).display().to_string(),
    ]
}

/// Finds typst: the `--typst` flag, then `TYPST`, then `PATH`, then the
/// provisioned copy. `None` when there is none.
pub fn locate(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("TYPST").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Ok(on_path) = which::which("typst") {
        return Some(on_path);
    }
    let cached = provisioned_path();
    cached.is_file().then_some(cached)
}

/// Installs the pinned typst into the cache with cargo, as rustup installs
/// a pinned toolchain: once, and said out loud. Cargo's output is not
/// shown as it comes: every line goes to `on_line` (which shows progress);
/// the last lines are quoted when the install fails. The cargo that runs
/// `cargo run` (`$CARGO`) is used when there is one.
pub fn provision(on_line: &mut dyn FnMut(&str)) -> Result<PathBuf, RenderError> {
    let cmd = install_command();
    let cargo = std::env::var_os("CARGO").filter(|c| !c.is_empty()).map(PathBuf::from).unwrap_or("cargo".into());
    let mut child = Command::new(&cargo)
        .args(&cmd[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RenderError::Typst(format!("cannot run cargo to install typst: {e}")))?;
    let mut tail: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    if let Some(stderr) = child.stderr.take() {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok) {
            on_line(&line);
            if tail.len() == 20 {
                tail.pop_front();
            }
            tail.push_back(line);
        }
    }
    let status = child.wait().map_err(|e| RenderError::Typst(format!("cannot run cargo to install typst: {e}")))?;
    let path = provisioned_path();
    if !status.success() || !path.is_file() {
        let said: Vec<String> = tail.into_iter().collect();
        return Err(RenderError::Typst(format!(
            "installing typst failed; run `{}` yourself. cargo said:\n{}",
            cmd.join(" "),
            said.join("\n")
        )));
    }
    Ok(path)
}

/// The JSON the template reads: the view with each body as its tree.
pub fn data(view: &ReportView<Body>) -> ReportView<Vec<Block>> {
    let exists = |id: &crate::model::RecId| view.address(id).is_some();
    let mut data = view.render_bodies(|b| tree::convert(&b.markdown.text, &b.markdown.file, b.place.under, &exists));
    tree::number_notes(data.bodies_mut());
    data
}

/// The JSON file the template reads, every string printable. serde_json
/// writes straight to bytes (no second copy of the report as a `Value`);
/// the text is then made printable in one pass: serde_json leaves non-ASCII
/// characters as they are and writes control characters as escapes, so
/// both can be replaced without parsing the JSON again.
pub fn data_json(view: &ReportView<Body>) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_string(&data(view)).map_err(|e| RenderError::Template(e.to_string()))?;
    Ok(printable_json(&json).into_bytes())
}

fn printable_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                // Control characters: only newline and tab are kept.
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(c) if printable(c) => {
                            out.push_str("\\u");
                            out.push_str(&hex);
                        }
                        _ => out.push(REPLACEMENT),
                    }
                }
                Some('b' | 'f' | 'r') => out.push(REPLACEMENT),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            c if c.is_ascii() || printable(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
    out
}

/// The PDF, `<slug>.pdf`, typeset by typst.
pub struct Pdf;

impl Format for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn about(&self) -> &'static str {
        "the PDF, OUT/<slug of the title>.pdf, typeset by typst"
    }
    fn outputs(&self, slug: &str) -> Vec<String> {
        vec![format!("{slug}.pdf")]
    }
    fn tools(&self) -> &'static [Tool] {
        &[Tool::Typst]
    }
    fn render(&self, ctx: &RenderContext, dir: &Path) -> Result<Vec<Written>, RenderError> {
        let typst = ctx.tools.typst.as_ref().ok_or_else(|| RenderError::Typst("typst was not looked for".into()))?;
        let name = &self.outputs(&ctx.view.meta.slug)[0];
        // The scratch directory sits inside the staging directory and goes
        // with it; removed here so it is never published.
        let work = dir.join(".typst");
        let result = render(ctx, typst, &work, &dir.join(name));
        let _ = std::fs::remove_dir_all(&work);
        result?;
        let bytes = std::fs::metadata(dir.join(name)).map_err(|e| RenderError::io(&dir.join(name), e))?.len();
        Ok(vec![Written { file: name.clone(), bytes }])
    }
}

/// Writes the PDF at `pdf`; `work` is a scratch directory.
fn render(ctx: &RenderContext, typst: &Typst, work: &Path, pdf: &Path) -> Result<(), RenderError> {
    let (own_theme, images): (&Theme, &[Image]) = (ctx.theme, ctx.images);
    write_file(&work.join("data.json"), &data_json(ctx.view)?)?;
    write_file(&work.join(theme::TYPST_NAME), theme::typst_text(own_theme).as_bytes())?;
    for image in images {
        write_file(&work.join(&image.rel), &image.bytes)?;
    }
    let pdf_abs = if pdf.is_absolute() {
        pdf.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| RenderError::io(pdf, e))?.join(pdf)
    };
    let mut cmd = Command::new(&typst.program);
    cmd.current_dir(work)
        .args(["compile", "--root", ".", "--ignore-system-fonts", "--pdf-standard", "ua-1,a-2a"])
        .args(["--input", "data=data.json"])
        .args(["--diagnostic-format", "short"])
        .arg("--creation-timestamp")
        .arg(creation_timestamp(ctx.view.meta.date).to_string())
        .arg("report.typ")
        .arg(&pdf_abs)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let output = run_with_timeout(cmd, typst.timeout)
        .map_err(|e| RenderError::Typst(format!("cannot run typst ({}): {e}", typst.program.display())))?;
    if !output.0 {
        // The content's own template is the content's problem, at its line.
        let own: Vec<Diagnostic> = output.1.lines().filter_map(|l| theme::typst_diagnostic(own_theme, l)).collect();
        if own.iter().any(|d| d.severity == Severity::Error) {
            return Err(RenderError::Content(own));
        }
        let mut msg = format!("typst failed to make the PDF:\n{}", output.1.trim_end());
        // Images are the one thing typst reads from the content itself.
        for image in images.iter().filter(|i| output.1.contains(&*i.rel.to_string_lossy())) {
            msg.push_str(&format!("\nthe cause is in {}", image.display.display()));
        }
        return Err(RenderError::Typst(msg));
    }
    Ok(())
}

/// The day the report is dated (`Meta::date`: publication date, else
/// peildatum) unless SOURCE_DATE_EPOCH says otherwise; never the clock.
fn creation_timestamp(date: chrono::NaiveDate) -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()) {
        return epoch;
    }
    date.and_hms_opt(12, 0, 0).map(|d| d.and_utc().timestamp()).unwrap_or(0)
}

/// Runs to completion or, after `timeout`, kills it with everything it
/// started: typst runs in a process group of its own, so a wrapper script
/// and the typst it runs die together. Returns success and everything it
/// printed.
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> std::io::Result<(bool, String)> {
    use wait_timeout::ChildExt;
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn()?;
    // Read stderr on a thread so a chatty typst never blocks on a full pipe.
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut text);
        }
        text
    });
    let status = child.wait_timeout(timeout)?;
    // On a timeout the group goes; after a normal end too, so nothing a
    // wrapper left running outlives the build (and holds stderr open).
    kill_group(&mut child);
    if status.is_none() {
        let _ = child.wait();
    }
    let text = reader.join().unwrap_or_default();
    match status {
        Some(s) => Ok((s.success(), text)),
        None => Ok((false, format!("typst did not finish within {} s and was stopped\n{text}", timeout.as_secs()))),
    }
}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    // The group's id is the child's pid; it stays taken while any member lives.
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

/// `JAARRAPPORT_TYPST_TIMEOUT`: whole seconds, 1 or more (default 600).
/// Anything else is a usage error, never silently the default.
pub fn timeout_from_env() -> Result<Duration, String> {
    let Some(raw) = std::env::var_os("JAARRAPPORT_TYPST_TIMEOUT") else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let text = raw.to_string_lossy();
    match text.trim().parse::<u64>() {
        Ok(secs) if secs >= 1 => Ok(Duration::from_secs(secs)),
        _ => Err(format!(
            "JAARRAPPORT_TYPST_TIMEOUT must be a whole number of seconds, 1 or more (default 600); it is `{}`",
            text.escape_debug()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_made_printable_and_stay_json() {
        let value = serde_json::json!({"t": "a\u{7}b\rc\nd\te 🙂 漢 \\u0007 \"q\" é"});
        let fixed = printable_json(&serde_json::to_string(&value).unwrap());
        let back: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(back["t"], "a?b?c\nd\te ? ? \\u0007 \"q\" é");
    }
}
