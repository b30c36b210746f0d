//! The validated report: plain data, no I/O. Loading and validation build
//! it once; every renderer (HTML, PDF, export, status) only reads it.

pub mod commitment;
pub mod figures;
pub mod history;
mod id;
mod licence;
pub mod number;
mod period;
mod slug;
mod source;

pub use commitment::{Commitment, CommitmentKind, CommitmentStatus, PastCommitment, Settlement};
pub use figures::{FigurePlace, KeyFigure, YearValue};
pub use history::{Edition, MilestonePast, PastContribution, PastMilestone, PastRecommendation};
pub use id::RecId;
pub use licence::Licence;
pub use period::{Period, dutch_date, iso_date};
pub use slug::slugify;
pub use source::{Kamerstuk, Source, Unreadable};

use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Report {
    pub settings: Settings,
    /// In the order of `rapport.yaml`.
    pub ministries: Vec<Ministry>,
    /// In the order of `rapport.yaml` (or the defaults).
    pub statuses: Vec<Status>,
    /// In report order; each holds the indices of its recommendations.
    pub chapters: Vec<Chapter>,
    /// Sorted by chapter order, then by identifier.
    pub recommendations: Vec<Recommendation>,
    pub pages_before: Vec<Page>,
    pub pages_after: Vec<Page>,
    /// The content's own accessibility statement (`paginas/toegankelijkheid.md`)
    /// when it is not also placed among the pages; the site shows it instead
    /// of its draft.
    pub accessibility: Option<Page>,
    /// Images referenced from Markdown, read and checked once, in path order.
    pub images: Vec<Image>,
    /// The content's own templates, read while loading.
    pub theme: Theme,
    /// Last year's report, from its export, when `vorige` names it.
    pub previous: Option<Previous>,
    /// Position in `recommendations` by identifier (the first of each),
    /// made once by [`Report::index`].
    pub by_id: HashMap<RecId, usize>,
    /// `kerncijfers.yaml`, in file order (empty when there is none).
    pub figures: Vec<KeyFigure>,
    /// `toezeggingen.yaml`, in file order (empty when there is none).
    pub commitments: Vec<Commitment>,
    /// `uitvraag.yaml`: the forms sent for this edition and their returns,
    /// sorted by ministry and id, each pair once (empty before the first
    /// form goes out).
    pub requests: Vec<Request>,
    /// Pages, chapter introductions and images `next-year` carried over
    /// that are still byte for byte last year's, in path order.
    pub carried_over: Vec<CarriedOver>,
}

/// A file still exactly as `next-year` copied it from last year's edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedOver {
    /// Relative to the content directory.
    pub rel: PathBuf,
    /// As the user would type it, for diagnostics.
    pub display: PathBuf,
    /// Listed in `bevestigd` of rapport.yaml: unchanged on purpose.
    pub confirmed: bool,
}

/// A contribution asked for with a Word form (`uitvraag.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub ministry: String,
    pub id: RecId,
    pub sent: Option<NaiveDate>,
    pub returned: Option<Return>,
    pub returned_on: Option<NaiveDate>,
    /// The contribution file is no longer the one the form was made from:
    /// someone edited the Markdown since (or it appeared or went).
    pub edited_since_sent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Return {
    /// `bijgewerkt`: the form came back with changes.
    Updated,
    /// `bevestigd ongewijzigd`: the form came back as it went out.
    Confirmed,
}

/// `akkoord`: who agreed to a contribution's text, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub by: String,
    pub date: NaiveDate,
}

/// What this year's report needs of last year's: each recommendation's status.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    pub year: Option<i32>,
    pub title: String,
    /// In identifier order.
    pub statuses: Vec<(RecId, PreviousStatus)>,
    /// Each recommendation's history, milestones and contributions, in identifier order.
    pub recommendations: Vec<(RecId, PastRecommendation)>,
    /// Each commitment's status and history, by `sleutel` (lower case), in key order.
    pub commitments: Vec<(String, PastCommitment)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousStatus {
    pub key: Option<String>,
    pub label: Option<String>,
}

impl Previous {
    /// `statuses` is kept in identifier order, so this is a binary search.
    pub fn status_of(&self, id: &RecId) -> Option<&PreviousStatus> {
        let first = self.statuses.partition_point(|(i, _)| i < id);
        self.statuses.get(first).filter(|(i, _)| i == id).map(|(_, s)| s)
    }

    /// Last year's status and history of a commitment, by its `sleutel`
    /// (case ignored); `None` when it is new.
    pub fn commitment(&self, key: &str) -> Option<&PastCommitment> {
        let key = key.trim().to_lowercase();
        self.commitments.binary_search_by(|(k, _)| k.as_str().cmp(&key)).ok().map(|i| &self.commitments[i].1)
    }

    /// Last year's history, milestones and contributions of a recommendation.
    pub fn recommendation(&self, id: &RecId) -> Option<&PastRecommendation> {
        self.recommendations.binary_search_by(|(i, _)| i.cmp(id)).ok().map(|i| &self.recommendations[i].1)
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    pub subtitle: Option<String>,
    pub year: i32,
    pub peildatum: NaiveDate,
    pub publicatiedatum: Option<NaiveDate>,
    /// The report's own number (`29 861, nr. 99`), linked.
    pub kamerstuk: Option<Source>,
    pub publisher: String,
    /// The licence of the open data (`licentie`, CC0 when absent).
    pub licence: Licence,
    /// Last year's export, relative to the content directory.
    pub previous: Option<PathBuf>,
    /// `versie`: a concept or the final text; `None` for a report that
    /// says neither (one published before versions existed).
    pub version: Option<Version>,
}

/// `versie` in `rapport.yaml` (not a status's `fase`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// A working version for the steering group and the ministries.
    Concept,
    /// The version that goes to the Kamer.
    Definitief,
}

impl Version {
    pub const ALL: [(&'static str, Version); 2] = [("concept", Version::Concept), ("definitief", Version::Definitief)];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ministry {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Klaar,
    Bezig,
    Open,
    Vervallen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub key: String,
    pub label: String,
    /// `#rrggbb`.
    pub color: String,
    pub phase: Phase,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    pub slug: String,
    pub title: String,
    pub themes: Vec<u32>,
    pub intro: Option<Markdown>,
    pub recommendations: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CabinetResponse {
    Overgenomen,
    Meegenomen,
    Positief,
    VolgendKabinet,
    Aanmoedigen,
    NietOvergenomen,
}

impl CabinetResponse {
    pub const ALL: [(&'static str, CabinetResponse); 6] = [
        ("overgenomen", CabinetResponse::Overgenomen),
        ("meegenomen", CabinetResponse::Meegenomen),
        ("positief", CabinetResponse::Positief),
        ("volgend-kabinet", CabinetResponse::VolgendKabinet),
        ("aanmoedigen", CabinetResponse::Aanmoedigen),
        ("niet-overgenomen", CabinetResponse::NietOvergenomen),
    ];

    pub fn key(&self) -> &'static str {
        CabinetResponse::ALL.iter().find(|(_, c)| c == self).map(|(k, _)| *k).unwrap_or("overgenomen")
    }

    /// How the report phrases the decision.
    pub fn label(&self) -> &'static str {
        match self {
            CabinetResponse::Overgenomen => "Overgenomen",
            CabinetResponse::Meegenomen => "Meegenomen bij een andere aanbeveling",
            CabinetResponse::Positief => "Positief ontvangen",
            CabinetResponse::VolgendKabinet => "Aan een volgend kabinet gelaten",
            CabinetResponse::Aanmoedigen => "Sociale partners aangemoedigd",
            CabinetResponse::NietOvergenomen => "Niet overgenomen",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: RecId,
    pub title: String,
    pub owner: String,
    pub involved: Vec<String>,
    pub addressees: Vec<String>,
    pub cabinet_response: CabinetResponse,
    /// Slug of the chapter it lands in.
    pub chapter: String,
    pub folded_into: Option<RecId>,
    /// Index into `Report::statuses`, set by the owner's contribution.
    pub status: Option<usize>,
    /// The status a reader sees: its own, or for a folded-in
    /// recommendation without one, its target's. Set by [`Report::index`].
    pub effective_status: Option<usize>,
    /// The owner's first, then the others in ministry order.
    pub contributions: Vec<Contribution>,
    /// Its status in every edition known, oldest first, this one last.
    pub history: Vec<Edition>,
    /// Milestones last year's report had as not done that are gone now,
    /// each with the reason a `vervallen` entry gave, if any.
    pub dropped_milestones: Vec<DroppedMilestone>,
    /// Where each milestone stands in `contributions` (contribution,
    /// milestone), in date order. Set by [`Report::index`]: every stage
    /// asks for the milestones in order, and sorting them took a calendar
    /// each time (BENCHMARKS.md).
    pub milestone_order: Vec<(usize, usize)>,
}

/// A milestone of last year's report, not done then, gone now.
#[derive(Debug, Clone)]
pub struct DroppedMilestone {
    pub past: PastMilestone,
    /// The `toelichting` of the `vervallen` entry that acknowledges it.
    pub reason: Option<String>,
}

impl Recommendation {
    /// The owner's summary, else the first a co-ministry gave.
    pub fn summary(&self) -> Option<&str> {
        self.contributions.iter().find_map(|c| c.summary.as_deref())
    }

    /// The owner has not handed in a contribution, and one is expected (a
    /// folded-in recommendation needs none): what `check` warns about and
    /// what `status` lists as missing.
    pub fn lacks_owner_contribution(&self) -> bool {
        self.folded_into.is_none() && !self.has_contribution_from(&self.owner)
    }

    pub fn has_contribution_from(&self, ministry: &str) -> bool {
        self.contributions.iter().any(|c| c.ministry == ministry)
    }

    /// The sources of all contributions, each once, in contribution order.
    pub fn sources(&self) -> Vec<&Source> {
        let mut out: Vec<&Source> = Vec::new();
        for s in self.contributions.iter().flat_map(|c| &c.sources) {
            if !out.iter().any(|o| o.text == s.text) {
                out.push(s);
            }
        }
        out
    }

    /// All milestones of all contributions, in date order: in the order
    /// [`Recommendation::order_milestones`] made, or sorted here when the
    /// contributions no longer fit it (never an index out of bounds).
    pub fn milestones(&self) -> Vec<(&Contribution, &Milestone)> {
        let total: usize = self.contributions.iter().map(|c| c.milestones.len()).sum();
        let indexed: Option<Vec<_>> = (self.milestone_order.len() == total)
            .then(|| self.milestone_order.iter().map(|&(c, m)| self.milestone(c, m)).collect())
            .flatten();
        indexed
            .unwrap_or_else(|| self.sort_milestones().into_iter().filter_map(|(c, m)| self.milestone(c, m)).collect())
    }

    /// Orders the milestones once, for every later `milestones()`; what
    /// changes the contributions calls it again (`Report::index` does).
    pub fn order_milestones(&mut self) {
        self.milestone_order = self.sort_milestones();
    }

    fn milestone(&self, c: usize, m: usize) -> Option<(&Contribution, &Milestone)> {
        let c = self.contributions.get(c)?;
        Some((c, c.milestones.get(m)?))
    }

    /// The milestones' positions in date order; at one date, in
    /// contribution order.
    fn sort_milestones(&self) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = (self.contributions.iter().enumerate())
            .flat_map(|(ci, c)| (0..c.milestones.len()).map(move |mi| (ci, mi)))
            .collect();
        // The key once per milestone, not per comparison: it takes a calendar.
        v.sort_by_cached_key(|&(c, m)| {
            let when = self.contributions[c].milestones[m].when;
            (when.last_day(), when.first_day())
        });
        v
    }
}

/// The text `jaarrapport new` writes in a new contribution, for the
/// writer to replace. One sentence, made here and recognised here: while a
/// contribution's text is still this (for any year), it is not written
/// yet — `check` says so, `status` counts it as not returned.
pub fn placeholder_text(year: i32) -> String {
    format!("{PLACEHOLDER_START}{year}{PLACEHOLDER_END}")
}
const PLACEHOLDER_START: &str = "Beschrijf hier de voortgang in ";
const PLACEHOLDER_END: &str = ": wat is er gebeurd en wat staat er gepland?";

impl Contribution {
    /// Its text is still the placeholder `new` wrote.
    pub fn is_placeholder(&self) -> bool {
        let t = self.body.text.trim();
        t.strip_prefix(PLACEHOLDER_START)
            .and_then(|r| r.strip_suffix(PLACEHOLDER_END))
            .is_some_and(|y| !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()))
    }
}

#[derive(Debug, Clone)]
pub struct Contribution {
    pub ministry: String,
    pub summary: Option<String>,
    pub milestones: Vec<Milestone>,
    /// Where `mijlpalen:` is written (else the file's start): a milestone
    /// of last year that vanished from this file is reported there.
    pub milestones_at: crate::diagnostics::Span,
    pub sources: Vec<Source>,
    /// `akkoord`: who agreed to this text, and when.
    pub agreement: Option<Agreement>,
    /// `vervallen`: last year's milestones this contribution gives up.
    pub dropped: Vec<DroppedNote>,
    pub body: Markdown,
}

/// An entry of `vervallen`: which of last year's milestones was given up
/// on purpose, and why.
#[derive(Debug, Clone)]
pub struct DroppedNote {
    /// Its `sleutel`, else the `wat` last year's report gave it.
    pub names: DroppedName,
    pub reason: String,
    /// Where the entry is written, for an entry that matches nothing.
    pub at: crate::diagnostics::Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DroppedName {
    Key(String),
    What(String),
}

#[derive(Debug, Clone)]
pub struct Milestone {
    /// `sleutel`: its stable name across editions, as written.
    pub key: Option<String>,
    pub when: Period,
    pub what: String,
    pub done: bool,
    /// `toelichting`: why the date moved.
    pub reason: Option<String>,
    /// Where its `wanneer` is written in the contribution, for the
    /// warnings found once last year's report is known.
    pub at: crate::diagnostics::Span,
    /// How it relates to last year's milestones; `None` without `vorige`.
    pub past: Option<MilestonePast>,
}

impl Milestone {
    pub fn overdue(&self, peildatum: NaiveDate) -> bool {
        overdue(self.done, self.when, peildatum)
    }
}

/// The one rule for "verlopen", of a milestone and of a commitment alike:
/// not done, and its period ended before the peildatum.
pub fn overdue(done: bool, deadline: Period, peildatum: NaiveDate) -> bool {
    !done && deadline.ended_before(peildatum)
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub body: Markdown,
}

/// An image of the content: what it is called in the site and the PDF's
/// work directory (its path relative to the content directory), and its bytes.
#[derive(Debug, Clone)]
pub struct Image {
    pub rel: PathBuf,
    /// As the user would type it, for messages.
    pub display: PathBuf,
    pub bytes: Vec<u8>,
}

/// The templates a content directory brings to replace built-in ones
/// (`templates/html/<name>.html`, `templates/static/<name>`,
/// `templates/typst/report.typ`); empty when it brings none.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub html: Vec<Template>,
    pub static_files: Vec<Template>,
    pub typst: Option<Template>,
}

impl Theme {
    pub fn all(&self) -> impl Iterator<Item = &Template> {
        self.html.iter().chain(&self.static_files).chain(&self.typst)
    }
}

#[derive(Debug, Clone)]
pub struct Template {
    /// The built-in template it replaces: `page.html`, `style.css`, `report.typ`.
    pub name: String,
    pub text: String,
    /// As the user would type it, for diagnostics.
    pub display: PathBuf,
}

/// Markdown source of a body, with where it came from so that problems
/// found while rendering can still name the file and line.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub text: String,
    /// Path relative to the content directory.
    pub file: PathBuf,
    /// Line of the file on which `text` starts (after front matter).
    pub first_line: usize,
}

impl Report {
    /// Makes the lookups every later stage relies on, once: the
    /// identifier index, each recommendation's effective status and the
    /// order of its milestones.
    /// Validation calls it when the recommendations are in their order.
    pub fn index(&mut self) {
        self.by_id.clear();
        for (i, r) in self.recommendations.iter().enumerate() {
            self.by_id.entry(r.id.clone()).or_insert(i);
        }
        let effective: Vec<Option<usize>> = self
            .recommendations
            .iter()
            .map(|r| match (&r.folded_into, r.status) {
                (_, Some(i)) => Some(i),
                (Some(target), None) => self.recommendation(target).and_then(|t| t.status),
                (None, None) => None,
            })
            .collect();
        for (r, e) in self.recommendations.iter_mut().zip(effective) {
            r.effective_status = e;
            r.order_milestones();
        }
    }

    pub fn recommendation(&self, id: &RecId) -> Option<&Recommendation> {
        self.by_id.get(id).map(|&i| &self.recommendations[i])
    }

    /// The status shown for a recommendation: a folded-in one follows the
    /// one it was folded into.
    pub fn effective_status(&self, rec: &Recommendation) -> Option<&Status> {
        rec.effective_status.and_then(|i| self.statuses.get(i))
    }

    pub fn ministry_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.ministries.iter().find(|m| m.code == code).map(|m| m.name.as_str()).unwrap_or(code)
    }

    pub fn default_statuses() -> Vec<Status> {
        let s = |key: &str, label: &str, color: &str, phase| Status {
            key: key.into(),
            label: label.into(),
            color: color.into(),
            phase,
        };
        vec![
            s("afgerond", "Afgerond", "#39870c", Phase::Klaar),
            s("in-uitvoering", "In uitvoering", "#01689b", Phase::Bezig),
            s("in-voorbereiding", "In voorbereiding", "#f9e11e", Phase::Bezig),
            s("vertraagd", "Vertraagd", "#e17000", Phase::Bezig),
            s("niet-gestart", "Nog niet gestart", "#999999", Phase::Open),
            s("niet-overgenomen", "Niet overgenomen", "#535353", Phase::Vervallen),
        ]
    }

    /// Index of a status given by key or label, any case.
    pub fn find_status(statuses: &[Status], text: &str) -> Option<usize> {
        let t = text.trim().to_lowercase();
        statuses.iter().position(|s| s.key.to_lowercase() == t || s.label.to_lowercase() == t)
    }
}

#[cfg(test)]
mod tests {
    /// The milestones in date order come from the order `Report::index`
    /// made (`order_milestones`); after a change of the contributions that
    /// was not ordered again they are sorted, never read out of bounds.
    #[test]
    fn milestones_come_in_date_order_indexed_or_not() {
        let (report, diags) = crate::validate::load_report(std::path::Path::new("content"));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let r = report
            .recommendations
            .iter()
            .find(|r| r.contributions.len() > 1 && r.contributions.iter().all(|c| !c.milestones.is_empty()))
            .expect("the sample has a recommendation with milestones from two ministries");
        let ends =
            |r: &super::Recommendation| -> Vec<_> { r.milestones().iter().map(|(_, m)| m.when.last_day()).collect() };
        let indexed = ends(r);
        assert!(indexed.windows(2).all(|w| w[0] <= w[1]), "{indexed:?}");
        // Changed and ordered again: the same dates in order.
        let mut changed = r.clone();
        changed.contributions.swap(0, 1);
        changed.order_milestones();
        assert_eq!(ends(&changed), indexed);
        // Changed and not ordered again: sorted, never out of bounds.
        let mut stale = r.clone();
        stale.contributions.swap(0, 1);
        assert_eq!(ends(&stale).len(), indexed.len());
        stale.contributions[0].milestones.clear();
        assert!(ends(&stale).len() < indexed.len());
        assert!(ends(&stale).windows(2).all(|w| w[0] <= w[1]));
    }
}
