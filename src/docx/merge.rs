//! An edited text back into Markdown that keeps what the writer did not
//! touch: every block whose structure is unchanged is taken as it was
//! written (its line breaks, labels, attributes and all), only changed and
//! new blocks are written in the canonical way. An editor's diff then
//! shows what the writer changed, not a reformatted file.

use super::doc::{Block, Doc};
use super::{from_markdown, to_markdown};
use crate::markdown::parser;
use pulldown_cmark::{Event, Tag};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A top-level item of the original: a block, or a footnote's definition.
struct Top {
    range: Range<usize>,
    /// The label of a footnote definition.
    note: Option<String>,
    /// The footnotes a block refers to.
    refs: Vec<String>,
}

fn tops(text: &str) -> Vec<Top> {
    let mut out: Vec<Top> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser(text).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    let note = match tag {
                        Tag::FootnoteDefinition(l) => Some(l.to_string()),
                        _ => None,
                    };
                    out.push(Top { range: range.clone(), note, refs: Vec::new() });
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(Top { range: range.clone(), note: None, refs: Vec::new() }),
            _ => {}
        }
        if let Event::FootnoteReference(l) = &event
            && let Some(top) = out.last_mut()
        {
            top.refs.push(l.to_string());
        }
    }
    out
}

/// `doc` as Markdown, reusing the blocks of `original` it still has.
pub fn merge(original: &str, doc: &Doc) -> String {
    let old: Vec<Block> = from_markdown::parse(original).blocks;
    let tops = tops(original);
    let blocks: Vec<usize> = (0..tops.len()).filter(|&i| tops[i].note.is_none()).collect();
    if blocks.len() != old.len() {
        return to_markdown::write(doc);
    }
    // Each new block: the index (into `tops`) of an unchanged original, in
    // order. The originals are found by a hash of their structure, so a text
    // of thousands of changed blocks is not compared with every original.
    let key = |b: &Block| xxhash_rust::xxh3::xxh3_64(format!("{b:?}").as_bytes());
    let mut by_key: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, b) in old.iter().enumerate() {
        by_key.entry(key(b)).or_default().push(k);
    }
    let mut next = 0;
    let kept: Vec<Option<usize>> = doc
        .blocks
        .iter()
        .map(|b| {
            let same = by_key.get(&key(b))?;
            let from = same.partition_point(|&k| k < next);
            let found = same[from..].iter().copied().find(|&k| old[k] == *b)?;
            next = found + 1;
            Some(blocks[found])
        })
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut labels: Vec<String> = Vec::new();
    for t in kept.iter().flatten() {
        for l in &tops[*t].refs {
            if taken.insert(l.clone()) {
                labels.push(l.clone());
            }
        }
    }
    let changed: Vec<Block> =
        doc.blocks.iter().zip(&kept).filter(|(_, k)| k.is_none()).map(|(b, _)| b.clone()).collect();
    let pieces = to_markdown::write_pieces(&changed, &taken);
    let mut fresh = pieces.blocks.into_iter();

    // The items in output order, each its text and its original index.
    let mut items: Vec<(String, Option<usize>)> = Vec::new();
    let piece = |i: usize| original[tops[i].range.clone()].trim_end().to_string();
    for k in &kept {
        match k {
            Some(i) => items.push((piece(*i), Some(*i))),
            None => items.push((fresh.next().unwrap_or_default(), None)),
        }
    }
    for l in &labels {
        if let Some(i) = tops.iter().position(|t| t.note.as_deref() == Some(l)) {
            items.push((piece(i), Some(i)));
        }
    }
    items.extend(pieces.notes.into_iter().map(|n| (n, None)));

    let mut out = String::new();
    if let Some((_, Some(0))) = items.first() {
        out.push_str(&original[..tops[0].range.start]);
    }
    for (k, (text, at)) in items.iter().enumerate() {
        if k > 0 {
            let prev = items[k - 1].1;
            match (prev, at) {
                // Neighbours in the original keep what stood between them.
                (Some(p), Some(c)) if *c == p + 1 => {
                    let end = tops[p].range.start + original[tops[p].range.clone()].trim_end().len();
                    out.push_str(&original[end..tops[*c].range.start]);
                }
                _ => out.push_str("\n\n"),
            }
        }
        out.push_str(text);
    }
    match items.last() {
        Some((_, Some(i))) if *i + 1 == tops.len() => {
            let end = tops[*i].range.start + original[tops[*i].range.clone()].trim_end().len();
            out.push_str(&original[end..]);
        }
        Some(_) => out.push('\n'),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str =
        "Een alinea\nover twee regels.[^brief]\n\n## Kop {#kop}\n\n* los\n\n* lijst\n\nSlot.\n\n[^brief]: De brief.\n";

    #[test]
    fn unchanged_text_comes_back_byte_for_byte() {
        assert_eq!(merge(ORIGINAL, &from_markdown::parse(ORIGINAL)), ORIGINAL);
    }

    #[test]
    fn only_the_changed_block_is_rewritten() {
        let mut doc = from_markdown::parse(ORIGINAL);
        let edited = from_markdown::parse("Nieuw slot met een noot.[^x]\n\n[^x]: Nieuw.\n");
        let last = doc.blocks.len() - 1;
        doc.blocks[last] = edited.blocks[0].clone();
        let merged = merge(ORIGINAL, &doc);
        assert_eq!(
            merged,
            "Een alinea\nover twee regels.[^brief]\n\n## Kop {#kop}\n\n* los\n\n* lijst\n\nNieuw slot met een noot.[^1]\n\n[^brief]: De brief.\n\n[^1]: Nieuw.\n"
        );
        assert_eq!(from_markdown::parse(&merged), doc);
    }

    #[test]
    fn labels_of_kept_notes_are_not_reused() {
        let original = "Oud.[^1]\n\n[^1]: Oude noot.\n";
        let mut doc = from_markdown::parse(original);
        doc.blocks.push(from_markdown::parse("Nieuw.[^a]\n\n[^a]: Nieuwe noot.\n").blocks.remove(0));
        let merged = merge(original, &doc);
        assert_eq!(merged, "Oud.[^1]\n\nNieuw.[^2]\n\n[^1]: Oude noot.\n\n[^2]: Nieuwe noot.\n");
        assert_eq!(from_markdown::parse(&merged), doc);
    }
}
