//! `jaarrapport serve`: the live preview for editors and writers.

use crate::serve::{self, Server};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub content: super::edition::ContentDir,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}

pub fn execute(args: &Args) -> u8 {
    // A fresh directory with a random name only this user can enter: its
    // lock and staging live inside it, where no one else can plant a link.
    let mut builder = tempfile::Builder::new();
    builder.prefix("jaarrapport-serve-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let out = match builder.tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: cannot make a directory for the preview in {}: {e}", std::env::temp_dir().display());
            return super::EXIT_USAGE;
        }
    };
    let server = Arc::new(Server::new(args.content.path(), out.path()));
    server.rebuild_then(|report| super::edition::announce(args.content.path(), report));
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)) {
        eprintln!("error: cannot catch Ctrl-C: {e}");
        return super::EXIT_USAGE;
    }
    let result = serve::run(server, args.port, stop);
    drop(out);
    match result {
        Ok(()) => {
            eprintln!("stopped");
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot serve on 127.0.0.1:{}: {e}", args.port);
            super::EXIT_USAGE
        }
    }
}
