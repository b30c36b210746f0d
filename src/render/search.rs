//! The site's search index: every title, summary, contribution passage,
//! milestone (with the reason it moved, and the vanished ones), source and
//! commitment or motion of the report as plain text, drawn from the view,
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
//!   "concept": "Niet de definitieve versie: ...",  // only in a concept
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

use crate::view::{self, ReportView};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// The global the script assigns; `zoeken.js` reads it.
pub const GLOBAL: &str = "jaarrapportZoekindex";

#[derive(Debug, Serialize)]
pub struct Index<'v> {
    pub versie: u32,
    /// A concept's sentence (`view::version`), for the search page to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<&'v str>,
    pub soorten: Vec<String>,
    pub documenten: Vec<Document<'v>>,
}

/// A page or recommendation; its texts are borrowed from the view.
#[derive(Debug, Serialize)]
pub struct Document<'v> {
    pub u: String,
    pub i: &'v str,
    pub t: Cow<'v, str>,
    pub p: Vec<(usize, &'v str)>,
    /// A recommendation's status: its index in the report's list (for its
    /// colour) and its label; absent for a page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s: Option<(usize, &'v str)>,
}

/// Collects documents, numbering each passage label once.
#[derive(Default)]
struct Builder<'v> {
    labels: Vec<String>,
    numbers: HashMap<String, usize>,
    docs: Vec<Document<'v>>,
}

impl<'v> Builder<'v> {
    fn label(&mut self, label: &str) -> usize {
        if let Some(&n) = self.numbers.get(label) {
            return n;
        }
        self.labels.push(label.to_string());
        self.numbers.insert(label.to_string(), self.labels.len() - 1);
        self.labels.len() - 1
    }

    fn doc<L: AsRef<str>>(&mut self, u: String, i: &'v str, t: Cow<'v, str>, passages: Vec<(L, &'v str)>) {
        let p = passages.into_iter().map(|(label, text)| (self.label(label.as_ref()), text)).collect();
        self.docs.push(Document { u, i, t, p, s: None });
    }
}

/// The index of a report, in report order: the pages before the chapters,
/// then per chapter its introduction and its recommendations, then the
/// pages after. `passages` gives a body's plain text (the site takes it
/// from the same parse as the body's HTML); the strings are borrowed, not
/// copied: at 5,000 recommendations the index holds some 12 MB of text.
/// The recommendations' passages are gathered in parallel; their labels
/// are numbered afterwards, in report order.
pub fn index<'v, B: Sync>(view: &'v ReportView<B>, passages: &(dyn Fn(&'v B) -> &'v [String] + Sync)) -> Index<'v> {
    let mut b = Builder::default();
    let page = |b: &mut Builder<'v>, p: &'v view::PageView<B>| {
        let texts = passages(&p.body).iter().map(|t| ("Tekst", t.as_str())).collect();
        b.doc(p.href.clone(), "", Cow::Borrowed(p.title.as_str()), texts);
    };
    view.pages_before.iter().for_each(|p| page(&mut b, p));
    for c in &view.chapters {
        let intro = c.intro.iter().flat_map(passages).map(|t| ("Inleiding", t.as_str())).collect();
        b.doc(c.href.clone(), "", Cow::Borrowed(c.heading.as_str()), intro);
        let texts: Vec<Vec<(Cow<str>, &str)>> = c.recommendations.par_iter().map(|r| recommendation(r, passages)).collect();
        for (r, texts) in c.recommendations.iter().zip(texts) {
            b.doc(r.href.clone(), &r.id, Cow::Borrowed(r.title.as_str()), texts);
            if let (Some(doc), Some(st)) = (b.docs.last_mut(), &r.status) {
                doc.s = Some((st.index, st.label.as_str()));
            }
        }
    }
    view.pages_after.iter().for_each(|p| page(&mut b, p));
    // The commitments and motions, on their own page.
    for c in view.commitments.iter().flat_map(|a| &a.groups).flat_map(|g| &g.items) {
        let mut texts: Vec<(&str, &str)> = vec![("Omschrijving", &c.description)];
        texts.extend(c.number.iter().map(|n| ("Nummer", n.text.as_str())));
        texts.extend(c.by.iter().map(|by| ("Door", by.as_str())));
        texts.extend(c.settlement_text.iter().map(|t| ("Afdoening", t.as_str())));
        b.doc(c.href.clone(), "", Cow::Borrowed(c.title.as_str()), texts);
    }
    let concept = view.meta.concept.as_ref().map(|c| c.text.as_str());
    Index { versie: 1, concept, soorten: b.labels, documenten: b.docs }
}

/// A recommendation's passages with their labels, in page order.
fn recommendation<'v, B>(
    r: &'v view::RecView<B>,
    passages: &(dyn Fn(&'v B) -> &'v [String] + Sync),
) -> Vec<(Cow<'v, str>, &'v str)> {
    let mut texts: Vec<(Cow<str>, &str)> = Vec::new();
    if let Some(s) = &r.summary {
        texts.push(("Samenvatting".into(), s));
    }
    for m in &r.milestones {
        // Why it moved, as the page shows it beside the milestone.
        if let Some(reason) = m.slip.as_ref().and_then(|s| s.reason.as_ref()) {
            texts.push((format!("Toelichting bij mijlpaal {}", m.when_label).into(), reason));
        }
        texts.push((format!("Mijlpaal {}", m.when_label).into(), &m.what));
    }
    for d in &r.dropped_milestones {
        texts.push((format!("Vervallen mijlpaal {}", d.when_label).into(), &d.what));
        if let Some(reason) = &d.reason {
            texts.push((format!("Toelichting bij vervallen mijlpaal {}", d.when_label).into(), reason));
        }
    }
    for contribution in &r.contributions {
        if let Some(s) = contribution.summary.as_ref().filter(|_| contribution.ministry != r.owner) {
            texts.push((format!("Samenvatting {}", contribution.ministry).into(), s));
        }
        let label: Cow<str> = format!("Voortgang {}", contribution.ministry).into();
        texts.extend(passages(&contribution.body).iter().map(|t| (label.clone(), t.as_str())));
    }
    texts.extend(r.sources.iter().map(|s| ("Bron".into(), s.text.as_str())));
    texts
}

/// Writes the index as the script `static/zoekindex.js` (some 12 MB at
/// 5,000 recommendations). The documents are serialised in parallel, a
/// batch at a time, so the whole text is never held at once; the bytes
/// are those of serialising `Index` in one go. JSON is valid JavaScript,
/// and serde_json escapes everything a string needs.
pub fn write_script(index: &Index, mut out: impl std::io::Write) -> std::io::Result<()> {
    /// Documents per piece, and pieces serialised before they are written.
    const PIECE: usize = 64;
    const BATCH: usize = 32;
    write!(out, "// Generated by jaarrapport: the search index of this site (read by zoeken.js).\nwindow.{GLOBAL} = ")?;
    // The fields in the order `Index` declares them.
    write!(out, "{{\"versie\":{}", index.versie)?;
    if let Some(concept) = index.concept {
        out.write_all(b",\"concept\":")?;
        serde_json::to_writer(&mut out, concept)?;
    }
    out.write_all(b",\"soorten\":")?;
    serde_json::to_writer(&mut out, &index.soorten)?;
    out.write_all(b",\"documenten\":[")?;
    for (b, batch) in index.documenten.chunks(PIECE * BATCH).enumerate() {
        let pieces: Vec<serde_json::Result<Vec<u8>>> = batch
            .par_chunks(PIECE)
            .map(|docs| {
                let mut piece = Vec::new();
                for (i, d) in docs.iter().enumerate() {
                    if i > 0 {
                        piece.push(b',');
                    }
                    serde_json::to_writer(&mut piece, d)?;
                }
                Ok(piece)
            })
            .collect();
        for (p, piece) in pieces.into_iter().enumerate() {
            if b > 0 || p > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&piece?)?;
        }
    }
    out.write_all(b"]};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_a_document_per_recommendation_page_and_chapter() {
        let (report, diags) = crate::validate::load_report(std::path::Path::new("content"));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let view = view::build(&report).render_bodies(|b| crate::markdown::text::passages(&b.markdown.text));
        let index = index(&view, &|p| p);
        let recs = index.documenten.iter().filter(|d| !d.i.is_empty()).count();
        assert_eq!(recs, report.recommendations.len());
        assert_eq!(
            index.documenten.len(),
            recs + report.chapters.len()
                + report.pages_before.len()
                + report.pages_after.len()
                + report.commitments.len()
        );
        let motion = index.documenten.iter().find(|d| d.u == "toezeggingen.html#toezegging-motie-bruins-waarborgsom");
        let motion = motion.expect("the sample's motion Bruins c.s. is found");
        assert_eq!(motion.t, "Motie van het lid Bruins c.s. over een waarborgsom voor uitzendbureaus");
        assert!(motion.p.iter().any(|(_, t)| *t == "Kamerstuk 35 359, nr. 20"), "{:?}", motion.p);
        assert!(index.soorten.iter().all(|s| !s.is_empty()));
        assert!(index.documenten.iter().all(|d| d.p.iter().all(|(l, t)| *l < index.soorten.len() && !t.is_empty())));
        let mut script = Vec::new();
        write_script(&index, &mut script).unwrap();
        let js = String::from_utf8(script).unwrap();
        assert!(js.starts_with("// Generated by jaarrapport") && js.ends_with("};\n"));
    }

    /// Serialised in pieces, the index is the bytes of serialising it whole.
    #[test]
    fn the_script_holds_the_index_as_serialised_whole() {
        let concept = "Niet de definitieve versie";
        for (docs, concept) in [(0, None), (1, Some(concept)), (64 * 32 * 2 + 65, None), (64 * 32, Some(concept))] {
            let documenten = (0..docs)
                .map(|n| Document {
                    u: format!("werk.html#aanbeveling-{n}"),
                    i: "2.1.A",
                    t: Cow::Owned(format!("Titel \"{n}\"")),
                    p: vec![(0, "tekst </script>"), (n % 3, "ë\u{2028}")],
                    s: (n % 2 == 0).then_some((1, "In uitvoering")),
                })
                .collect();
            let index = Index { versie: 1, concept, soorten: vec!["Tekst".into(), "Bron".into()], documenten };
            let mut script = Vec::new();
            write_script(&index, &mut script).unwrap();
            let whole = serde_json::to_string(&index).unwrap();
            let expected = format!(
                "// Generated by jaarrapport: the search index of this site (read by zoeken.js).\nwindow.{GLOBAL} = {whole};\n"
            );
            assert_eq!(String::from_utf8(script).unwrap(), expected, "{docs} documents");
        }
    }
}
