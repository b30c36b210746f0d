//! A content file as a ministry might send it: bytes decoded (BOM, CRLF,
//! other encodings refused), front matter split off, the YAML parsed into
//! every schema of the format, and every key located again for diagnostics.
//! Nothing may panic, hang or blow the stack.
#![no_main]

use jaarrapport::content::frontmatter;
use jaarrapport::content::schema::{CatalogueEntry, ContributionFront, PageFront, RapportFile};
use jaarrapport::content::source::decode;
use jaarrapport::content::yaml::{Doc, Seg};
use jaarrapport::model::{Period, RecId};
use libfuzzer_sys::fuzz_target;
use serde_yaml_ng::Value;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode(bytes) else { return };
    let Ok(split) = frontmatter::split(&text) else { return };
    assert!(split.body_line >= 1);
    // The whole file as YAML too: rapport.yaml and aanbevelingen.yaml have no fences.
    for (yaml, first_line) in [(split.yaml, split.yaml_line), (Some(text.as_str()), 1)] {
        let Some(yaml) = yaml else { continue };
        let doc = Doc::new(yaml, Path::new("x.md"), first_line);
        for d in [
            doc.parse::<ContributionFront>().err(),
            doc.parse::<PageFront>().err(),
            doc.parse::<RapportFile>().err(),
            doc.parse::<Vec<CatalogueEntry>>().err(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(d.span.line >= first_line, "{d:?}");
        }
        let Ok(value) = doc.parse::<Value>() else { continue };
        let _ = doc.unknown_fields(&value, &[], ContributionFront::FIELDS, "a contribution");
        let mut budget = 2_000;
        locate_all(&doc, &value, &mut Vec::new(), &mut budget);
    }
});

/// Locates every key and item of the document, as the diagnostics would;
/// scalars are read as dates and identifiers.
fn locate_all<'a>(doc: &Doc, value: &'a Value, path: &mut Vec<Seg<'a>>, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    let k = doc.key_span(path);
    let v = doc.value_span(path);
    assert!(k.line >= doc.first_line && v.line >= doc.first_line);
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                if let Value::String(name) = key {
                    path.push(Seg::Key(name));
                    locate_all(doc, child, path, budget);
                    path.pop();
                }
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                locate_all(doc, child, path, budget);
                path.pop();
            }
        }
        Value::String(s) => {
            if let Some(p) = Period::parse(s) {
                let _ = (p.first_day(), p.last_day(), p.dutch(), p.canonical());
            }
            if let Some(id) = RecId::parse(s) {
                let _ = id.anchor();
            }
        }
        _ => {}
    }
}
