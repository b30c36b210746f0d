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

use crate::markdown::text::Texts;
use crate::view::{self, ReportView};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// The global the script assigns; `zoeken.js` reads it.
pub const GLOBAL: &str = "jaarrapportZoekindex";

/// The index of a report: its passage labels, numbered in report order,
/// and what each document is made from. The documents themselves are made
/// as they are written, a batch at a time (BENCHMARKS.md): made all at
/// once they held the passages' places twice over at 5,000
/// recommendations.
pub struct Index<'v, B> {
    pub versie: u32,
    /// A concept's sentence (`view::version`), for the search page to show.
    pub concept: Option<&'v str>,
    pub soorten: Vec<String>,
    numbers: HashMap<Label<'v>, usize>,
    sources: Vec<Source<'v, B>>,
    passages: &'v (dyn Fn(&'v B) -> &'v Texts + Sync),
}

/// A page or recommendation; its texts are borrowed from the view.
#[derive(Debug, Serialize)]
pub struct Document<'v> {
    pub u: &'v str,
    pub i: &'v str,
    pub t: Cow<'v, str>,
    pub p: Vec<(usize, &'v str)>,
    /// A recommendation's status: its index in the report's list (for its
    /// colour) and its label; absent for a page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s: Option<(usize, &'v str)>,
}

/// What a document is made from, in report order: the pages before the
/// chapters, then per chapter its introduction and its recommendations,
/// then the pages after and the commitments and motions.
enum Source<'v, B> {
    Page(&'v view::PageView<B>),
    Chapter(&'v view::ChapterView<B>),
    Recommendation(&'v view::RecView<B>),
    Commitment(&'v view::commitments::CommitmentView),
}

/// A document with its passages' labels.
struct Labelled<'v> {
    u: &'v str,
    i: &'v str,
    t: Cow<'v, str>,
    p: Passages<'v>,
    s: Option<(usize, &'v str)>,
}

/// A document's passages: each text with its label.
type Passages<'v> = Vec<(Label<'v>, &'v str)>;

/// A passage's label: fixed words and what they are about ("Voortgang " and
/// "SZW"). Kept as the two, not written out: at 5,000 recommendations there
/// are some 100,000 passages and a few hundred labels, and a label is
/// written only once, when it is numbered. No two pairs print the same
/// words: of the fixed words only "Samenvatting" begins another
/// ("Samenvatting "), and it stands alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Label<'v> {
    words: &'static str,
    of: &'v str,
}

impl<'v> Label<'v> {
    fn of(words: &'static str, of: &'v str) -> Label<'v> {
        Label { words, of }
    }
}

impl From<&'static str> for Label<'_> {
    fn from(words: &'static str) -> Self {
        Label { words, of: "" }
    }
}

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.words, self.of)
    }
}

/// Whether a body gives all its passages or, to number the labels, only
/// whether it has one.
#[derive(Clone, Copy, PartialEq)]
enum Wanted {
    All,
    Labels,
}

/// Sources, labels and documents are made this many at a time.
const BATCH: usize = 128;

/// The index of a report. `passages` gives a body's plain text (the site
/// takes it from the same parse as the body's HTML); the strings are
/// borrowed, not copied: at 5,000 recommendations the index holds some 12
/// MB of text.
pub fn index<'v, B: Sync>(view: &'v ReportView<B>, passages: &'v (dyn Fn(&'v B) -> &'v Texts + Sync)) -> Index<'v, B> {
    let mut sources: Vec<Source<B>> = view.pages_before.iter().map(Source::Page).collect();
    for c in &view.chapters {
        sources.push(Source::Chapter(c));
        sources.extend(c.recommendations.iter().map(Source::Recommendation));
    }
    sources.extend(view.pages_after.iter().map(Source::Page));
    sources.extend(view.commitments.iter().flat_map(|a| &a.groups).flat_map(|g| &g.items).map(Source::Commitment));
    let concept = view.meta.concept.as_ref().map(|c| c.text.as_str());
    let mut index = Index { versie: 1, concept, soorten: Vec::new(), numbers: HashMap::new(), sources, passages };
    // Each label is numbered where it first occurs.
    for batch in index.sources.chunks(BATCH) {
        let labels: Vec<Vec<Label>> = batch
            .par_iter()
            .map(|s| index.labelled(s, Wanted::Labels).p.into_iter().map(|(label, _)| label).collect())
            .collect();
        for label in labels.into_iter().flatten() {
            if !index.numbers.contains_key(&label) {
                index.numbers.insert(label, index.soorten.len());
                index.soorten.push(label.to_string());
            }
        }
    }
    index
}

impl<'v, B: Sync> Index<'v, B> {
    /// Every document, in report order.
    pub fn documents(&self) -> Vec<Document<'v>> {
        self.sources.iter().map(|s| self.document(s)).collect()
    }

    fn document(&self, s: &Source<'v, B>) -> Document<'v> {
        let d = self.labelled(s, Wanted::All);
        // Every label was numbered by `index`.
        let p = d.p.into_iter().map(|(label, text)| (self.numbers.get(&label).copied().unwrap_or(0), text));
        Document { u: d.u, i: d.i, t: d.t, p: p.collect(), s: d.s }
    }

    fn labelled(&self, s: &Source<'v, B>, want: Wanted) -> Labelled<'v> {
        let passages = self.passages;
        // A body's passages, or (numbering) one empty one if it has any.
        let body = |b: &'v B, label: Label<'v>, p: &mut Passages<'v>| {
            let texts = passages(b);
            match want {
                Wanted::All => p.extend(texts.iter().map(|t| (label, t))),
                Wanted::Labels if !texts.is_empty() => p.push((label, "")),
                Wanted::Labels => {}
            }
        };
        let doc = |u: &'v str, t: &'v str, p| Labelled { u, i: "", t: Cow::Borrowed(t), p, s: None };
        match *s {
            Source::Page(page) => {
                let mut p = Vec::new();
                body(&page.body, "Tekst".into(), &mut p);
                doc(&page.href, &page.title, p)
            }
            Source::Chapter(c) => {
                let mut p = Vec::new();
                if let Some(b) = &c.intro {
                    body(b, "Inleiding".into(), &mut p);
                }
                doc(&c.href, &c.heading, p)
            }
            Source::Recommendation(r) => Labelled {
                u: &r.href,
                i: &r.id,
                t: Cow::Borrowed(r.title.as_str()),
                p: recommendation(r, &body),
                s: r.status.as_ref().map(|st| (st.index, st.label.as_str())),
            },
            Source::Commitment(c) => {
                let mut texts: Vec<(Label, &str)> = vec![("Omschrijving".into(), &c.description)];
                texts.extend(c.number.iter().map(|n| ("Nummer".into(), n.text.as_str())));
                texts.extend(c.by.iter().map(|by| ("Door".into(), by.as_str())));
                texts.extend(c.settlement_text.iter().map(|t| ("Afdoening".into(), t.as_str())));
                doc(&c.href, &c.title, texts)
            }
        }
    }
}

/// A recommendation's passages with their labels, in page order.
fn recommendation<'v, B>(r: &'v view::RecView<B>, body: &dyn Fn(&'v B, Label<'v>, &mut Passages<'v>)) -> Passages<'v> {
    let mut texts: Vec<(Label, &str)> = Vec::new();
    if let Some(s) = &r.summary {
        texts.push(("Samenvatting".into(), s));
    }
    for m in &r.milestones {
        // Why it moved, as the page shows it beside the milestone.
        if let Some(reason) = m.slip.as_ref().and_then(|s| s.reason.as_ref()) {
            texts.push((Label::of("Toelichting bij mijlpaal ", &m.when_label), reason));
        }
        texts.push((Label::of("Mijlpaal ", &m.when_label), &m.what));
    }
    for d in &r.dropped_milestones {
        texts.push((Label::of("Vervallen mijlpaal ", &d.when_label), &d.what));
        if let Some(reason) = &d.reason {
            texts.push((Label::of("Toelichting bij vervallen mijlpaal ", &d.when_label), reason));
        }
    }
    for contribution in &r.contributions {
        if let Some(s) = contribution.summary.as_ref().filter(|_| contribution.ministry != r.owner) {
            texts.push((Label::of("Samenvatting ", &contribution.ministry), s));
        }
        body(&contribution.body, Label::of("Voortgang ", &contribution.ministry), &mut texts);
    }
    texts.extend(r.sources.iter().map(|s| ("Bron".into(), s.text.as_str())));
    texts
}

/// Writes the index as the script `static/zoekindex.js` (some 12 MB at
/// 5,000 recommendations): JSON, which is valid JavaScript and in which
/// serde_json escapes everything a string needs. The documents are made
/// and serialised in parallel, a batch at a time, so neither they nor
/// their text is ever held whole.
pub fn write_script<B: Sync>(index: &Index<B>, out: impl std::io::Write) -> std::io::Result<()> {
    write_script_in(index, out, BATCH)
}

fn write_script_in<B: Sync>(index: &Index<B>, mut out: impl std::io::Write, batch: usize) -> std::io::Result<()> {
    /// Documents per piece serialised on one thread.
    const PIECE: usize = 16;
    write!(out, "// Generated by jaarrapport: the search index of this site (read by zoeken.js).\nwindow.{GLOBAL} = ")?;
    write!(out, "{{\"versie\":{}", index.versie)?;
    if let Some(concept) = index.concept {
        out.write_all(b",\"concept\":")?;
        serde_json::to_writer(&mut out, concept)?;
    }
    out.write_all(b",\"soorten\":")?;
    serde_json::to_writer(&mut out, &index.soorten)?;
    out.write_all(b",\"documenten\":[")?;
    for (b, sources) in index.sources.chunks(batch).enumerate() {
        let pieces: Vec<serde_json::Result<Vec<u8>>> = sources
            .par_chunks(PIECE)
            .map(|sources| {
                let mut piece = Vec::new();
                for (i, s) in sources.iter().enumerate() {
                    if i > 0 {
                        piece.push(b',');
                    }
                    serde_json::to_writer(&mut piece, &index.document(s))?;
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

    /// The index as one value, as it was serialised before its documents
    /// were written in batches.
    #[derive(Serialize)]
    struct Whole<'a> {
        versie: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        concept: Option<&'a str>,
        soorten: &'a [String],
        documenten: Vec<Document<'a>>,
    }

    #[test]
    fn the_sample_has_a_document_per_recommendation_page_and_chapter() {
        let (report, diags) = crate::validate::load_report(std::path::Path::new("content"));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let view = view::build(&report).render_bodies(|b| crate::markdown::text::passages(&b.markdown.text));
        let index = index(&view, &|p| p);
        let documenten = index.documents();
        let recs = documenten.iter().filter(|d| !d.i.is_empty()).count();
        assert_eq!(recs, report.recommendations.len());
        assert_eq!(
            documenten.len(),
            recs + report.chapters.len()
                + report.pages_before.len()
                + report.pages_after.len()
                + report.commitments.len()
        );
        let motion = documenten.iter().find(|d| d.u == "toezeggingen.html#toezegging-motie-bruins-waarborgsom");
        let motion = motion.expect("the sample's motion Bruins c.s. is found");
        assert_eq!(motion.t, "Motie van het lid Bruins c.s. over een waarborgsom voor uitzendbureaus");
        assert!(motion.p.iter().any(|(_, t)| *t == "Kamerstuk 35 359, nr. 20"), "{:?}", motion.p);
        assert!(index.soorten.iter().all(|s| !s.is_empty()));
        // Every label is used, and numbered where it is first used.
        let mut first_use: Vec<usize> = Vec::new();
        for (l, t) in documenten.iter().flat_map(|d| &d.p) {
            assert!(*l < index.soorten.len() && !t.is_empty());
            if !first_use.contains(l) {
                first_use.push(*l);
            }
        }
        assert_eq!(first_use, (0..index.soorten.len()).collect::<Vec<_>>());
    }

    /// Written in batches, the index is the bytes of serialising it whole,
    /// across batch edges and with a concept's sentence or without.
    #[test]
    fn the_script_holds_the_index_as_serialised_whole() {
        let (report, diags) = crate::validate::load_report(std::path::Path::new("content"));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let view = view::build(&report).render_bodies(|b| crate::markdown::text::passages(&b.markdown.text));
        let mut index = index(&view, &|p| p);
        for (batch, concept) in [(1, None), (3, Some("Niet de definitieve versie")), (17, None), (BATCH, None)] {
            index.concept = concept;
            let mut script = Vec::new();
            write_script_in(&index, &mut script, batch).unwrap();
            let whole = Whole { versie: 1, concept, soorten: &index.soorten, documenten: index.documents() };
            let expected = format!(
                "// Generated by jaarrapport: the search index of this site (read by zoeken.js).\nwindow.{GLOBAL} = {};\n",
                serde_json::to_string(&whole).unwrap()
            );
            assert_eq!(String::from_utf8(script).unwrap(), expected, "batches of {batch}");
        }
    }
}
