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

/// Writes what a command prints on standard output ([`out!`] and
/// [`outln!`]). A reader that stops early (`status | head`) closes the
/// pipe: that ends the command quietly and successfully, where `print!`
/// would panic. Any other failure to write is said, with exit code 2.
pub fn print(text: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(text).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to standard output: {e}");
            std::process::exit(EXIT_USAGE.into());
        }
        std::process::exit(EXIT_OK.into());
    }
}

/// `print!` for a command's output: see [`print`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::print(format_args!($($arg)*)) };
}

/// `println!` for a command's output: see [`print`].
#[macro_export]
macro_rules! outln {
    () => { $crate::cli::print(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::print(format_args!("{}\n", format_args!($($arg)*))) };
}
