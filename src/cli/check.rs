//! `jaarrapport check`: validate a content directory and report every
//! problem, without writing anything.

use crate::diagnostics::print_diagnostics;
use crate::validate;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The content directory of one year's report.
    #[arg(default_value = "content")]
    pub content_dir: PathBuf,
}

pub fn execute(args: &Args) -> u8 {
    let (report, diags) = validate::load_report(&args.content_dir);
    print_diagnostics(&diags);
    match report {
        Some(r) => {
            eprintln!(
                "checked {}: {} recommendations in {} chapters",
                args.content_dir.display(),
                r.recommendations.len(),
                r.chapters.len()
            );
            super::EXIT_OK
        }
        None => super::EXIT_CONTENT,
    }
}
