//! The site's search index: every title, summary, contribution passage,
//! milestone (with the reason it moved, and the vanished ones) and source
//! of the report as plain text, drawn from the view,
//! written as `static/zoekindex.js`. It is a script that assigns one global
//! rather than a JSON file because a browser refuses to fetch JSON from a
//! page opened from disk (`file://`), while a `<script src>` of the site's
//! own works there and under the site's Content-Security-Policy.
//! `templates/static/zoeken.js` loads it and does the searching.
//!
//! The format, kept short because it is loaded at once:
//!
//! ```text
//! window.jaarrapportZoekindex = {
//!   "versie": 1,
//!   "soorten": ["Samenvatting", "Voortgang SZW", ...],   // passage labels
//!   "documenten": [
//!     { "u": "werk.html#aanbeveling-2-1-a",   // where a result links to
//!       "i": "2.1.A",                          // identifier ("" for a page)
//!       "t": "Verplichte certificering ...",   // title
//!       "p": [[0, "De samenvatting ..."], ...] // passages: [label index, text]
//!     }, ...
//!   ]
//! };
//! ```
//!
//! Text stays as written (accents and all): the script folds case and
//! accents itself, so a passage can be shown as the reader will find it.

use super::view::{self, ReportView};
use crate::markdown::text::passages;
use crate::model::Report;
use serde::Serialize;
use std::collections::HashMap;

/// The global the script assigns; `zoeken.js` reads it.
pub const GLOBAL: &str = "jaarrapportZoekindex";

#[derive(Debug, Serialize)]
pub struct Index {
    pub versie: u32,
    pub soorten: Vec<String>,
    pub documenten: Vec<Document>,
}

#[derive(Debug, Serialize)]
pub struct Document {
    pub u: String,
    pub i: String,
    pub t: String,
    pub p: Vec<(usize, String)>,
}

/// Collects documents, numbering each passage label once.
#[derive(Default)]
struct Builder {
    labels: Vec<String>,
    numbers: HashMap<String, usize>,
    docs: Vec<Document>,
}

impl Builder {
    fn label(&mut self, label: &str) -> usize {
        if let Some(&n) = self.numbers.get(label) {
            return n;
        }
        self.labels.push(label.to_string());
        self.numbers.insert(label.to_string(), self.labels.len() - 1);
        self.labels.len() - 1
    }

    fn doc<L: AsRef<str>>(&mut self, u: String, i: String, t: String, passages: Vec<(L, String)>) {
        let p = passages.into_iter().map(|(label, text)| (self.label(label.as_ref()), text)).collect();
        self.docs.push(Document { u, i, t, p });
    }

    fn page(&mut self, p: view::PageView<Vec<String>>) {
        let texts = p.body.into_iter().map(|t| ("Tekst", t)).collect();
        self.doc(format!("{}.html", p.slug), String::new(), p.title, texts);
    }
}

/// The index of a report, in report order: the pages before the chapters,
/// then per chapter its introduction and its recommendations, then the
/// pages after. The view's strings are moved in, not copied: at 5,000
/// recommendations the index holds some 12 MB of text.
pub fn index(report: &Report) -> Index {
    let view: ReportView<Vec<String>> = view::build(report, &|m, _| passages(&m.text));
    let mut b = Builder::default();
    view.pages_before.into_iter().for_each(|p| b.page(p));
    for c in view.chapters {
        let intro = c.intro.into_iter().flatten().map(|t| ("Inleiding", t)).collect();
        b.doc(format!("{}.html", c.slug), String::new(), format!("{}. {}", c.number, c.title), intro);
        for r in c.recommendations {
            let mut texts: Vec<(String, String)> = Vec::new();
            if let Some(s) = r.summary {
                texts.push(("Samenvatting".into(), s));
            }
            for m in r.milestones {
                // Why it moved, as the page shows it beside the milestone.
                if let Some(reason) = m.slip.and_then(|s| s.reason) {
                    texts.push((format!("Toelichting bij mijlpaal {}", m.when_label), reason));
                }
                texts.push((format!("Mijlpaal {}", m.when_label), m.what));
            }
            for d in r.dropped_milestones {
                texts.push((format!("Vervallen mijlpaal {}", d.when_label), d.what));
            }
            for contribution in r.contributions {
                if let Some(s) = contribution.summary.filter(|_| contribution.ministry != r.owner) {
                    texts.push((format!("Samenvatting {}", contribution.ministry), s));
                }
                let label = format!("Voortgang {}", contribution.ministry);
                texts.extend(contribution.body.into_iter().map(|t| (label.clone(), t)));
            }
            texts.extend(r.sources.into_iter().map(|s| ("Bron".to_string(), s.text)));
            b.doc(format!("{}.html#{}", r.chapter, r.label), r.id, r.title, texts);
        }
    }
    view.pages_after.into_iter().for_each(|p| b.page(p));
    Index { versie: 1, soorten: b.labels, documenten: b.docs }
}

/// The index as the script `static/zoekindex.js`. JSON is valid
/// JavaScript, and serde_json escapes everything a string needs.
pub fn script(index: &Index) -> Vec<u8> {
    let mut out =
        format!("// Generated by jaarrapport: the search index of this site (read by zoeken.js).\nwindow.{GLOBAL} = ")
            .into_bytes();
    // Writing into a Vec cannot fail, and the index has only string keys.
    let _ = serde_json::to_writer(&mut out, index);
    out.extend_from_slice(b";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_a_document_per_recommendation_page_and_chapter() {
        let (report, diags) = crate::validate::load_report(std::path::Path::new("content"));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let index = index(&report);
        let recs = index.documenten.iter().filter(|d| !d.i.is_empty()).count();
        assert_eq!(recs, report.recommendations.len());
        assert_eq!(
            index.documenten.len(),
            recs + report.chapters.len() + report.pages_before.len() + report.pages_after.len()
        );
        assert!(index.soorten.iter().all(|s| !s.is_empty()));
        assert!(index.documenten.iter().all(|d| d.p.iter().all(|(l, t)| *l < index.soorten.len() && !t.is_empty())));
        let js = String::from_utf8(script(&index)).unwrap();
        assert!(js.starts_with("// Generated by jaarrapport") && js.ends_with("};\n"));
    }
}
