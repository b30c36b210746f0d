//! The command line: parse arguments, run a subcommand, map the outcome to
//! an exit code (0 fine, 1 content errors, 2 usage or tool failure).

use clap::{Parser, Subcommand};
use jaarrapport::cli;
use std::process::ExitCode;

/// Compile the Jaarrapportage Arbeidsmigranten from the ministries' contributions.
#[derive(Debug, Parser)]
#[command(name = "jaarrapport", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a content directory and report every problem, writing nothing.
    Check(cli::check::Args),
    /// Build the report: the HTML site, the PDF and the open-data exports (JSON, CSV).
    Build(cli::build::Args),
    /// Show per ministry what is owned, in, missing and overdue.
    Status(cli::status::Args),
    /// Write the skeleton of a contribution, or Word forms for a ministry's writers.
    New(cli::new::Args),
    /// Start next year's report: a new content directory from this one, with this edition's export as `vorige`.
    NextYear(cli::next_year::Args),
    /// Read Word forms (made by `new --docx`) back into contributions.
    Import(cli::import::Args),
    /// Serve a live preview that rebuilds and reloads on every change.
    Serve(cli::serve::Args),
}

fn main() -> ExitCode {
    two_malloc_arenas();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return cli::exit(if e.use_stderr() { cli::EXIT_USAGE } else { cli::EXIT_OK });
        }
    };
    let code = match &cli.command {
        Command::Check(args) => cli::check::execute(args),
        Command::Build(args) => cli::build::execute(args),
        Command::Status(args) => cli::status::execute(args),
        Command::New(args) => cli::new::execute(args),
        Command::NextYear(args) => cli::next_year::execute(args),
        Command::Import(args) => cli::import::execute(args),
        Command::Serve(args) => cli::serve::execute(args),
    };
    cli::exit(code)
}

/// glibc gives each thread that allocates its own malloc arena, and memory
/// one thread freed (a page written and dropped) cannot serve another.
/// Two arenas serve the build's two rendering threads and the main one,
/// which waits while they work: the peak of a 5,000-recommendation build
/// is 122 MB instead of 136 MB, in the same time. One arena made the
/// threads queue on its lock (1.7x the time; BENCHMARKS.md, "The next
/// session"). Set before any thread starts.
fn two_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator, and no thread
    // other than this one exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
