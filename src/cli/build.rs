//! `jaarrapport build`: check the content, then render every asked format
//! into a staging directory and move it into place only when all succeeded.

use crate::diagnostics::print_diagnostics;
use crate::output::Staging;
use crate::render::{self, RenderError, pdf};
use crate::validate;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The site, in OUT/site/.
    Html,
    /// The PDF, OUT/<slug of the title>.pdf, typeset by typst.
    Pdf,
    /// Open data: the whole report as OUT/<slug>.json.
    Json,
    /// Open data: one row per recommendation, OUT/<slug>.csv (Excel, Dutch settings).
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The content directory of one year's report.
    #[arg(default_value = "content")]
    pub content_dir: PathBuf,
    /// Where the report goes; replaced as a whole only when the build succeeds.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Formats to build, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "html,pdf,json,csv")]
    pub format: Vec<Format>,
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
    let (report, diags) = validate::load_report(&args.content_dir);
    if !diags.is_empty() || report.is_none() {
        print_diagnostics(&diags);
    }
    let Some(report) = report else {
        eprintln!("nothing was written: fix the errors above and build again");
        return super::EXIT_CONTENT;
    };
    progress.step(&format!("checked {} recommendations", report.recommendations.len()));

    match run(args, &report, &progress) {
        Ok(()) => {
            progress.step(&format!("done: {}", args.out.display()));
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("nothing was written; {} is as it was", args.out.display());
            super::EXIT_USAGE
        }
    }
}

fn run(args: &Args, report: &crate::model::Report, progress: &Progress) -> Result<(), RenderError> {
    let wants = |f: Format| args.format.contains(&f);
    // Find typst before writing anything: a missing typst should fail fast.
    let typst = if wants(Format::Pdf) { Some(find_typst(args)?) } else { None };
    let staging = Staging::begin(&args.out).map_err(|e| RenderError::io(&args.out, e))?;
    if wants(Format::Html) {
        render::html::render(report, &staging.dir().join("site"))?;
        progress.step("wrote the site");
    }
    let slug = render::slugify(&report.settings.title);
    if wants(Format::Json) {
        render::write_file(&staging.dir().join(format!("{slug}.json")), &render::export::json(report))?;
    }
    if wants(Format::Csv) {
        render::write_file(&staging.dir().join(format!("{slug}.csv")), &render::export::csv(report))?;
    }
    if wants(Format::Json) || wants(Format::Csv) {
        progress.step("wrote the open-data export");
    }
    if let Some(typst) = &typst {
        let name = format!("{slug}.pdf");
        let work = staging.dir().join(".typst");
        render::pdf::render(report, typst, &work, &staging.dir().join(&name))?;
        let _ = std::fs::remove_dir_all(&work);
        progress.step(&format!("wrote {name}"));
    }
    staging.commit().map_err(|e| RenderError::io(&args.out, e))
}

fn find_typst(args: &Args) -> Result<pdf::Typst, RenderError> {
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
    let (typst, warning) = pdf::Typst::probe(program)?;
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
