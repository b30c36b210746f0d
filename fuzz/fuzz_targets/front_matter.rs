//! A content file as a ministry might send it: bytes decoded (BOM, CRLF,
//! other encodings refused), front matter split off, the YAML parsed into
//! every schema of the format, and every key located again for diagnostics.
//! Nothing may panic, hang or blow the stack.
#![no_main]

use jaarrapport::content::frontmatter;
use jaarrapport::content::schema::{self, CatalogueEntry, ContributionFront, PageFront, RapportFile};
use jaarrapport::content::source::decode;
use jaarrapport::content::yaml::{Doc, Kind, Node, Seg};
use jaarrapport::diagnostics::Diagnostics;
use jaarrapport::model::{Period, RecId};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode(bytes) else { return };
    let Ok(split) = frontmatter::split(&text) else { return };
    assert!(split.body_line >= 1);
    // The whole file as YAML too: rapport.yaml and aanbevelingen.yaml have no fences.
    for (yaml, first_line) in [(split.yaml, split.yaml_line), (Some(text.as_str()), 1)] {
        let Some(yaml) = yaml else { continue };
        let doc = match Doc::parse(yaml, Path::new("x.md"), first_line) {
            Ok(doc) => doc,
            Err(d) => {
                assert!(d.span.line >= first_line, "{d:?}");
                continue;
            }
        };
        let mut diags = Diagnostics::default();
        let _ = schema::read::<ContributionFront>(&doc, &mut diags);
        let _ = schema::read::<PageFront>(&doc, &mut diags);
        let _ = schema::read::<RapportFile>(&doc, &mut diags);
        let _ = schema::read::<Vec<CatalogueEntry>>(&doc, &mut diags);
        for d in diags.into_vec() {
            assert!(d.span.line >= first_line, "{d:?}");
        }
        let mut budget = 2_000;
        locate_all(&doc, doc.root(), &mut Vec::new(), &mut budget);
    }
});

/// Locates every key and item of the document, as the diagnostics would;
/// scalars are read as dates and identifiers.
fn locate_all<'a>(doc: &Doc, node: &'a Node, path: &mut Vec<Seg<'a>>, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    let k = doc.key_span(path);
    let v = doc.value_span(path);
    assert!(k.line >= doc.first_line && v.line >= doc.first_line);
    match &node.kind {
        Kind::Map(entries) => {
            for (key, child) in entries {
                if let Some(name) = key.text() {
                    path.push(Seg::Key(name));
                    locate_all(doc, child, path, budget);
                    path.pop();
                }
            }
        }
        Kind::Seq(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                locate_all(doc, child, path, budget);
                path.pop();
            }
        }
        Kind::Scalar { text, .. } => {
            if let Some(p) = Period::parse(text) {
                let _ = (p.first_day(), p.last_day(), p.dutch(), p.canonical());
            }
            if let Some(id) = RecId::parse(text) {
                let _ = id.anchor();
            }
        }
    }
}
