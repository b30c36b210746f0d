//! One module per subcommand, each with its arguments and an `execute`
//! that returns the process exit code.

pub mod build;
pub mod check;
pub mod edition;
pub mod import;
pub mod new;
pub mod next_year;
pub mod serve;
pub mod status;
pub mod wrote;

use std::process::ExitCode;

/// Content is fine (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// The content has errors; nothing was written.
pub const EXIT_CONTENT: u8 = 1;
/// The command line was wrong, or the tool itself failed.
pub const EXIT_USAGE: u8 = 2;

pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
