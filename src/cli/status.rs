//! `jaarrapport status`: the editor's overview per ministry.

use crate::diagnostics::print_diagnostics;
use crate::render::status;
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Readable on a terminal.
    Text,
    /// For scripts.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub content: super::edition::ContentDir,
    /// How to print the overview.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Output,
}

pub fn execute(args: &Args) -> u8 {
    let (report, diags) = validate::load_report(args.content.path());
    let Some(report) = report else {
        print_diagnostics(&diags);
        return super::EXIT_CONTENT;
    };
    let overview = crate::view::ministries::overview(&report);
    match args.format {
        // Names and titles come from the content: never raw to the terminal.
        Output::Text => crate::out!("{}", crate::controls::visible(&status::text(&overview))),
        Output::Json => match serde_json::to_string_pretty(&overview) {
            Ok(s) => crate::outln!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return super::EXIT_USAGE;
            }
        },
    }
    super::EXIT_OK
}
