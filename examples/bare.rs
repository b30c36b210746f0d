//! The floor for an HTML build: read every Markdown file of a content
//! directory and render it with pulldown-cmark on all cores, nothing
//! else (no front matter, no validation, no templates, nothing written).
//! BENCHMARKS.md sets `jaarrapport build --format html` beside it.
//!
//!     cargo run --release --example bare -- target/bench/synth-5000

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "content".into());
    let files: Vec<_> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let mut out = String::with_capacity(text.len() * 3 / 2);
            html::push_html(&mut out, Parser::new_ext(&text, options));
            out.len()
        })
        .sum();
    println!("{} files, {bytes} bytes of HTML", files.len());
}
