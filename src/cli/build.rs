//! `jaarrapport build`: check the content, then render every asked format
//! into a staging directory and move it into place only when all succeeded.

use crate::diagnostics::print_diagnostics;
use crate::model::{Image, Theme};
use crate::output::{self, Staging};
use crate::render::format::{self, Format, RenderContext, Tool, Tools, Written};
use crate::render::{RenderError, pdf};
use crate::validate;
use crate::view::{Body, ReportView};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub content: super::edition::ContentDir,
    /// Where the report goes: a new or empty directory, or one jaarrapport
    /// made itself (it holds `.jaarrapport-output`). Only the files it wrote
    /// there are replaced, and only when the whole build succeeds.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// The help and the default come from the list of formats.
    #[arg(long, value_delimiter = ',', default_values_t = format::default_names(),
          help = format::help(), hide_default_value = true,
          value_parser = clap::builder::PossibleValuesParser::new(format::names()))]
    pub format: Vec<String>,
    /// The typst program (else $TYPST, then PATH, then the copy jaarrapport installed).
    #[arg(long, value_name = "PATH")]
    pub typst: Option<PathBuf>,
    /// Never install typst; fail with the command to run instead.
    /// Also set by JAARRAPPORT_NO_PROVISION=1.
    #[arg(long)]
    pub no_provision: bool,
}

pub fn execute(args: &Args) -> u8 {
    let progress = Progress::new();
    let timeout = match pdf::timeout_from_env() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return super::EXIT_USAGE;
        }
    };
    if let Err(e) = output::check_apart(args.content.path(), &args.out).and_then(|()| output::recover(&args.out)) {
        eprintln!("error: {e}");
        eprintln!("nothing was written");
        return super::EXIT_USAGE;
    }
    let (report, diags) = validate::load_report(args.content.path());
    if let Some(r) = &report {
        super::edition::announce(args.content.path(), r);
    }
    if !diags.is_empty() || report.is_none() {
        print_diagnostics(&diags);
    }
    // Said; its copy of every source is not kept through the rendering.
    drop(diags);
    let Some(report) = report else {
        eprintln!("nothing was written: fix the errors above and build again");
        return super::EXIT_CONTENT;
    };
    // Not freed either, as the view (`run`).
    let report = std::mem::ManuallyDrop::new(report);
    progress.step(&format!("checked {} recommendations", report.recommendations.len()));

    let mut written_early = false;
    match run(args, &report, timeout, &progress, &mut written_early) {
        Ok(()) => {
            progress.step(&format!("done: {}", args.out.display()));
            let slug = crate::model::slugify(&report.settings.title);
            crate::outln!("{}", super::wrote::summary(&args.out, &slug, &chosen(args)));
            super::EXIT_OK
        }
        Err(BuildError::Render(RenderError::Content(found))) => {
            let mut d = crate::diagnostics::Diagnostics::default();
            for f in found {
                d.push(f);
            }
            for t in report.theme.all() {
                d.add_source(&t.display, &t.text);
            }
            print_diagnostics(&d);
            eprintln!("nothing was written: fix the errors above and build again");
            super::EXIT_CONTENT
        }
        Err(e) => {
            eprintln!("error: {e}");
            if written_early {
                eprintln!("the site and the open data in {} are new; the PDF was not made", args.out.display());
            } else {
                eprintln!("nothing was written; {} is as it was", args.out.display());
            }
            super::EXIT_USAGE
        }
    }
}

/// The formats asked for, in the order of the list of formats, each once.
fn chosen(args: &Args) -> Vec<&'static dyn Format> {
    format::FORMATS.iter().copied().filter(|f| args.format.iter().any(|n| n == f.name())).collect()
}

/// Builds the asked formats. When typst must first be installed (minutes
/// on a first run), the formats that need no typst are written and moved
/// into place before the install starts, so there is something to open
/// meanwhile; the PDF follows as a second, equally atomic step. That is
/// done only when `OUT` holds no PDF yet, so a new site never stands
/// beside an old PDF.
fn run(
    args: &Args,
    report: &crate::model::Report,
    timeout: Duration,
    progress: &Progress,
    written_early: &mut bool,
) -> Result<(), BuildError> {
    let formats = chosen(args);
    let typeset = |f: &&dyn Format| format::needs(*f, Tool::Typst);
    // Find typst before anything else: a missing typst should fail fast.
    let typst = match formats.iter().any(typeset) {
        true => find_typst(args, timeout)?,
        false => None,
    };
    // The view, once for every format of the build. Never freed: the
    // process ends after the build, and freeing millions of strings one by
    // one would take longer than the exit does (BENCHMARKS.md).
    let view = std::mem::ManuallyDrop::new(crate::view::build(report));
    let input = Input { view: &view, images: &report.images, theme: &report.theme };
    if !formats.iter().any(typeset) {
        return write(args, &input, &formats, &Tools::default(), progress);
    }
    if let Some(typst) = typst {
        return write(args, &input, &formats, &Tools { typst: Some(typst) }, progress);
    }
    let slug = &view.meta.slug;
    let (typeset, others): (Vec<&dyn Format>, Vec<&dyn Format>) = formats.iter().partition(|f| typeset(f));
    let from_before = typeset.iter().flat_map(|f| f.outputs(slug)).any(|o| args.out.join(o).exists());
    if others.is_empty() || from_before {
        let tools = Tools { typst: Some(install_typst(timeout, progress)?) };
        return write(args, &input, &formats, &tools, progress);
    }
    write(args, &input, &others, &Tools::default(), progress)?;
    *written_early = true;
    eprintln!(
        "the site and the open data are ready to open: {}; the PDF follows when typst is installed",
        args.out.join("site").join("index.html").display()
    );
    let tools = Tools { typst: Some(install_typst(timeout, progress)?) };
    write(args, &input, &typeset, &tools, progress)
}

/// What every format of a build renders from, besides its tools.
struct Input<'a> {
    view: &'a ReportView<Body<'a>>,
    images: &'a [Image],
    theme: &'a Theme,
}

/// Writes `formats` into a staging directory and moves it into place.
fn write(
    args: &Args,
    input: &Input,
    formats: &[&dyn Format],
    tools: &Tools,
    progress: &Progress,
) -> Result<(), BuildError> {
    let mut staging = Staging::begin(&args.out)?;
    let slug = &input.view.meta.slug;
    let mut written: Vec<Written> = Vec::new();
    for f in formats {
        let outputs = f.outputs(slug).join(", ");
        // Work that takes long says what it is doing.
        let doing = if format::needs(*f, Tool::Typst) {
            format!("typesetting {outputs} with typst")
        } else {
            format!("writing {outputs}")
        };
        let ctx =
            RenderContext { view: input.view, images: input.images, theme: input.theme, tools, written: &written };
        let wrote =
            progress.while_running(&doing, Duration::from_secs(2), false, |_| f.render(&ctx, &staging.dir()))?;
        written.extend(wrote);
        staging.claim(f.name(), &f.outputs(slug));
        progress.step(&format!("wrote {outputs}"));
    }
    Ok(staging.commit()?)
}

/// Why a build failed: rendering (the content's own templates, typst) or
/// the output stage (OUT refused or not writable). Renderers know nothing
/// of the output stage; only `build` joins the two.
#[derive(Debug, thiserror::Error)]
enum BuildError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

/// Installs the pinned typst, showing one line that says how far cargo is.
fn install_typst(timeout: Duration, progress: &Progress) -> Result<pdf::Typst, RenderError> {
    eprintln!(
        "typst {} is not installed; installing it once with `{}`",
        pdf::TYPST_VERSION,
        pdf::install_command().join(" ")
    );
    eprintln!("(this compiles typst: minutes on a small machine; JAARRAPPORT_NO_PROVISION=1 turns it off)");
    let start = Instant::now();
    let program = progress.while_running("installing typst: starting cargo", Duration::ZERO, true, |status| {
        let mut compiled = 0;
        pdf::provision(&mut |line| {
            if let Some(what) = line.trim_start().strip_prefix("Compiling ") {
                compiled += 1;
                let name = what.split_whitespace().next().unwrap_or(what);
                status(format!("installing typst: compiling {name} ({compiled} crates so far)"));
            }
        })
    })?;
    eprintln!("installed typst {} in {}", pdf::TYPST_VERSION, minutes(start.elapsed()));
    probe(program, timeout)
}

/// The typst to use, or `None` when it is missing and may be installed.
fn find_typst(args: &Args, timeout: Duration) -> Result<Option<pdf::Typst>, RenderError> {
    let no_provision =
        args.no_provision || std::env::var_os("JAARRAPPORT_NO_PROVISION").is_some_and(|v| !v.is_empty() && v != "0");
    match pdf::locate(args.typst.as_deref()) {
        Some(p) => probe(p, timeout).map(Some),
        None if no_provision => Err(RenderError::Typst(format!(
            "typst was not found (looked at --typst, $TYPST, PATH and {}); install it with `{}`",
            pdf::provisioned_path().display(),
            pdf::install_command().join(" ")
        ))),
        None => Ok(None),
    }
}

fn probe(program: PathBuf, timeout: Duration) -> Result<pdf::Typst, RenderError> {
    let (typst, warning) = pdf::Typst::probe(program, timeout)?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Ok(typst)
}

/// `3m07s`, or `12s`.
fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 { format!("{}m{:02}s", s / 60, s % 60) } else { format!("{s}s") }
}

/// One line per stage, on a terminal only: scripts and CI logs stay quiet.
/// Long work shows one line that is rewritten in place with the time it
/// has taken; off a terminal it is reported once a minute instead.
struct Progress {
    on: bool,
    start: Instant,
}

impl Progress {
    fn new() -> Self {
        Progress { on: std::io::stderr().is_terminal(), start: Instant::now() }
    }

    fn step(&self, what: &str) {
        if self.on {
            eprintln!("[{:>6.2}s] {what}", self.start.elapsed().as_secs_f64());
        }
    }

    /// Runs `work`; once it has taken longer than `after`, shows `status`
    /// (which `work` may change through the function it is handed) with
    /// the time taken so far, until it ends. Off a terminal, `plain` says
    /// whether to print the status once a minute.
    fn while_running<T>(
        &self,
        status: &str,
        after: Duration,
        plain: bool,
        work: impl FnOnce(&dyn Fn(String)) -> T,
    ) -> T {
        let status = Mutex::new(status.to_string());
        // The ticker waits on a channel rather than sleeping, so it ends
        // the moment the work does (a sleep added up to its period to
        // every format of every build).
        let (done, finished) = mpsc::channel::<()>();
        let begun = Instant::now();
        let status = &status;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut shown = false;
                let mut last_plain = Duration::ZERO;
                while let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(Duration::from_millis(200)) {
                    let took = begun.elapsed();
                    if took < after {
                        continue;
                    }
                    let line = format!("{} [{}]", status.lock().map(|s| s.clone()).unwrap_or_default(), minutes(took));
                    if self.on {
                        // One line, rewritten: carriage return, the text, clear to its end.
                        eprint!("\r{}\x1b[K", truncate(&line, 100));
                        shown = true;
                    } else if plain && took >= last_plain + Duration::from_secs(60) {
                        last_plain = took;
                        eprintln!("{line}");
                    }
                }
                if shown {
                    eprint!("\r\x1b[K");
                }
            });
            let result = work(&|s: String| {
                if let Ok(mut current) = status.lock() {
                    *current = s;
                }
            });
            drop(done);
            result
        })
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
