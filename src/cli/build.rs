//! `jaarrapport build`: check the content, then render every asked format
//! into a staging directory and move it into place only when all succeeded.

use crate::diagnostics::print_diagnostics;
use crate::output::{self, Staging};
use crate::render::format::{self, Format, Tools};
use crate::render::{RenderError, pdf};
use crate::validate;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The content directory of one year's report.
    #[arg(default_value = "content")]
    pub content_dir: PathBuf,
    /// Where the report goes: a new or empty directory, or one jaarrapport
    /// made itself (it holds `.jaarrapport-output`). Only the files it wrote
    /// there are replaced, and only when the whole build succeeds.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Formats to build, comma-separated: html (the site, OUT/site/), pdf
    /// (OUT/<slug>.pdf, by typst), json and csv (open data, OUT/<slug>.json
    /// and .csv) and dcat (their DCAT-AP-NL description, OUT/<slug>.dcat.jsonld).
    #[arg(long, value_delimiter = ',', default_value = "html,pdf,json,csv,dcat",
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
    if let Err(e) = output::check_apart(&args.content_dir, &args.out).and_then(|()| output::recover(&args.out)) {
        eprintln!("error: {e}");
        eprintln!("nothing was written");
        return super::EXIT_USAGE;
    }
    let (report, diags) = validate::load_report(&args.content_dir);
    if !diags.is_empty() || report.is_none() {
        print_diagnostics(&diags);
    }
    let Some(report) = report else {
        eprintln!("nothing was written: fix the errors above and build again");
        return super::EXIT_CONTENT;
    };
    progress.step(&format!("checked {} recommendations", report.recommendations.len()));

    match run(args, &report, timeout, &progress) {
        Ok(()) => {
            progress.step(&format!("done: {}", args.out.display()));
            super::EXIT_OK
        }
        Err(RenderError::Content(found)) => {
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
            eprintln!("nothing was written; {} is as it was", args.out.display());
            super::EXIT_USAGE
        }
    }
}

fn run(
    args: &Args,
    report: &crate::model::Report,
    timeout: std::time::Duration,
    progress: &Progress,
) -> Result<(), RenderError> {
    // In the order of the list of formats, each once.
    let formats: Vec<&dyn Format> =
        format::FORMATS.iter().copied().filter(|f| args.format.iter().any(|n| n == f.name())).collect();
    // Find typst before writing anything: a missing typst should fail fast.
    let tools =
        Tools { typst: if formats.iter().any(|f| f.needs_typst()) { Some(find_typst(args, timeout)?) } else { None } };
    let mut staging = Staging::begin(&args.out)?;
    let slug = crate::model::slugify(&report.settings.title);
    for f in formats {
        f.render(report, &tools, &staging.dir())?;
        let outputs = f.outputs(&slug);
        staging.claim(f.name(), &outputs);
        progress.step(&format!("wrote {}", outputs.join(", ")));
    }
    Ok(staging.commit()?)
}

fn find_typst(args: &Args, timeout: std::time::Duration) -> Result<pdf::Typst, RenderError> {
    let no_provision =
        args.no_provision || std::env::var_os("JAARRAPPORT_NO_PROVISION").is_some_and(|v| !v.is_empty() && v != "0");
    let program = match pdf::locate(args.typst.as_deref()) {
        Some(p) => p,
        None if no_provision => {
            return Err(RenderError::Typst(format!(
                "typst was not found (looked at --typst, $TYPST, PATH and {}); install it with `{}`",
                pdf::provisioned_path().display(),
                pdf::install_command().join(" ")
            )));
        }
        None => pdf::provision()?,
    };
    let (typst, warning) = pdf::Typst::probe(program, timeout)?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Ok(typst)
}

/// One line per stage, on a terminal only: scripts and CI logs stay quiet.
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
}
