//! Markdown to the JSON tree the PDF template walks: never a panic or a
//! stack overflow, the tree never deeper than the template can take, and
//! it serialises to JSON that typst's parser (128 levels) accepts.
#![no_main]

use jaarrapport::markdown::tree::{Block, Inline, MAX_DEPTH, MAX_NOTE_DEPTH, convert, plain};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    let tree = convert(text, Path::new("bijdragen/SZW/2.1.A.md"), 3, &|id| id.to_string() == "2.1.A");
    let depth = tree.iter().map(block_depth).max().unwrap_or(0);
    assert!(depth <= MAX_DEPTH + 1 + MAX_NOTE_DEPTH, "tree {depth} deep");
    let json = serde_json::to_string(&tree).expect("the tree serialises");
    let _: serde_json::Value = serde_json::from_str(&json).expect("within serde_json's (and typst's) 128 levels");
    for b in &tree {
        if let Block::P { c } = b {
            let _ = plain(c);
        }
    }
});

/// Containers counted as MAX_DEPTH counts them.
fn block_depth(b: &Block) -> usize {
    match b {
        Block::P { c } | Block::H { c, .. } => inlines_depth(c),
        Block::List { items, .. } => 1 + items.iter().flatten().map(block_depth).max().unwrap_or(0),
        Block::Quote { c } => 1 + c.iter().map(block_depth).max().unwrap_or(0),
        Block::Table { head, rows, .. } => {
            1 + head.iter().chain(rows.iter().flatten()).map(|c| inlines_depth(c)).max().unwrap_or(0)
        }
        Block::Codeblock { .. } | Block::Hr => 0,
    }
}

fn inlines_depth(c: &[Inline]) -> usize {
    c.iter()
        .map(|i| match i {
            Inline::Em { c } | Inline::Strong { c } | Inline::Strike { c } | Inline::Link { c, .. } => {
                1 + inlines_depth(c)
            }
            Inline::Note { c, .. } => 1 + c.iter().map(block_depth).max().unwrap_or(0),
            Inline::Image { .. } => 1,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}
