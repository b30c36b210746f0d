//! The report as renderers see it: every label chosen, every date in
//! Dutch and ISO, every address and count made, once per build. It is the
//! renderers' only view of the report (`render::format::RenderContext`).
//! The formats differ only in how a Markdown body is rendered, so the view
//! holds each body as a [`Body`] (its text, its place and its index) and
//! is generic over the body type: a format renders each body where it
//! places it, as the site does (a body's index finds what it kept of it),
//! into a list ([`ReportView::render_each`]) that the bodies' indexes point
//! into, or into a copy of the view with each body in place
//! ([`ReportView::render_bodies`]), as the PDF does to serialise it as the
//! JSON of templates/typst/DATA.md.
//! The submodules hold the derived facts that have a shape of their own.

pub mod commitments;
pub mod figures;
pub mod history;
pub mod milestones;
pub mod ministries;
pub mod planning;
pub mod summary;
pub mod version;

use crate::model::{FigurePlace, Markdown, Period, RecId, Report, Source, Status, dutch_date, iso_date};
use history::{DroppedView, EditionView, SlipView, Slipped};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
pub use summary::{StatusSummary, short_title};

#[derive(Debug, Serialize)]
pub struct ReportView<B> {
    pub meta: Meta,
    pub statuses: Vec<StatusView>,
    /// The ministries of rapport.yaml, in its order.
    pub ministries: Vec<MinistryView>,
    /// Counts per status, in total and per chapter, and the bars that
    /// show them.
    pub summary: StatusSummary,
    pub pages_before: Vec<PageView<B>>,
    pub chapters: Vec<ChapterView<B>>,
    pub pages_after: Vec<PageView<B>>,
    /// The content's own accessibility statement, when it is not among the
    /// pages (the site then shows it instead of its draft). Not part of the
    /// PDF's data.
    #[serde(skip)]
    pub accessibility: Option<PageView<B>>,
    pub roadmap: Vec<Quarter>,
    pub changes: Option<Changes>,
    /// Milestones moved or vanished since last year's report.
    pub slipped: Option<Slipped>,
    /// Milestones overdue on the peildatum, by chapter.
    pub overdue: milestones::Overdue,
    /// How many milestones are done, planned, overdue and moved: the
    /// numbers the overview, the planning's legend, the PDF and the open
    /// data give.
    pub milestone_counts: milestones::Counts,
    /// The overview's first lines: overdue, moved, dropped, done.
    pub headlines: Vec<milestones::Headline>,
    /// The key of the road map's quarter the peildatum falls in (or the
    /// first after it), for "naar de peildatum".
    pub roadmap_peil: Option<String>,
    /// The planning of the whole report, one group per chapter; none
    /// when no recommendation has a milestone.
    pub planning: Option<planning::Planning>,
    /// Every key figure in the order of `kerncijfers.yaml` (the open
    /// data's list); each chapter and recommendation holds its own too.
    pub figures: Vec<figures::FigureView>,
    /// The annex of commitments and motions (`toezeggingen.yaml`); none
    /// when the report has none.
    pub commitments: Option<commitments::Commitments>,
    /// Each recommendation's address on the site, for the links a body
    /// makes (`[[2.1.A]]`) and to tell whether it names one that exists.
    #[serde(skip)]
    pub addresses: HashMap<RecId, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MinistryView {
    pub code: String,
    pub name: String,
}

/// A Markdown body where the report prints it: what a renderer renders.
#[derive(Debug, Clone)]
pub struct Body<'r> {
    pub markdown: &'r Markdown,
    pub place: BodyPlace,
    /// Its position in [`ReportView::bodies`]: a renderer that renders
    /// the bodies into a list ([`ReportView::render_each`]), or keeps
    /// something of each, finds this one's there.
    pub index: usize,
}

impl<B> ReportView<B> {
    /// Every Markdown body in the order the report prints them: the pages
    /// before the chapters, each chapter's introduction and its
    /// recommendations' contributions, the pages after, and last the
    /// accessibility statement (which only the site prints). The PDF's
    /// note numbers are counted in this order, so it must stay the order
    /// in which templates/typst/report.typ lays the bodies out.
    pub fn bodies(&self) -> Vec<&B> {
        let mut out = Vec::new();
        out.extend(self.pages_before.iter().map(|p| &p.body));
        for ch in &self.chapters {
            out.extend(&ch.intro);
            out.extend(ch.recommendations.iter().flat_map(|r| r.contributions.iter().map(|c| &c.body)));
        }
        out.extend(self.pages_after.iter().map(|p| &p.body));
        out.extend(self.accessibility.iter().map(|p| &p.body));
        out
    }

    /// Every body, in the order of [`ReportView::bodies`], to change in place.
    pub fn bodies_mut(&mut self) -> impl Iterator<Item = &mut B> {
        let chapters = self.chapters.iter_mut().flat_map(|ch| {
            let contributions =
                ch.recommendations.iter_mut().flat_map(|r| r.contributions.iter_mut().map(|c| &mut c.body));
            ch.intro.iter_mut().chain(contributions)
        });
        self.pages_before
            .iter_mut()
            .map(|p| &mut p.body)
            .chain(chapters)
            .chain(self.pages_after.iter_mut().map(|p| &mut p.body))
            .chain(self.accessibility.iter_mut().map(|p| &mut p.body))
    }

    /// The site address of a recommendation the report has.
    pub fn address(&self, id: &RecId) -> Option<&str> {
        self.addresses.get(id).map(String::as_str)
    }

    /// Each body rendered by `render`, in parallel, in the order of
    /// [`ReportView::bodies`].
    pub fn render_each<C: Send>(&self, render: impl Fn(&B) -> C + Sync) -> Vec<C>
    where
        B: Sync,
    {
        self.bodies().into_par_iter().map(&render).collect()
    }

    /// The same view with each body rendered by `render`, in parallel:
    /// for a format that draws (or serialises) the view whole, bodies in
    /// place. It copies the facts; the site draws from the view itself.
    pub fn render_bodies<C: Send>(&self, render: impl Fn(&B) -> C + Sync) -> ReportView<C>
    where
        B: Sync,
    {
        let mut rendered = self.render_each(render).into_iter();
        // `bodies` and `map_bodies` visit the bodies in the same order.
        self.map_bodies(&mut |_| rendered.next().expect("one rendered body per body"))
    }

    /// The same view with each body replaced by `f`'s, visited in the
    /// order of [`ReportView::bodies`].
    pub fn map_bodies<C>(&self, f: &mut impl FnMut(&B) -> C) -> ReportView<C> {
        let mut page = |p: &PageView<B>| PageView {
            slug: p.slug.clone(),
            title: p.title.clone(),
            href: p.href.clone(),
            body: f(&p.body),
        };
        let pages_before = self.pages_before.iter().map(&mut page).collect();
        let mut chapters = Vec::with_capacity(self.chapters.len());
        for ch in &self.chapters {
            let intro = ch.intro.as_ref().map(&mut *f);
            let recommendations = ch.recommendations.iter().map(|r| r.map_bodies(f)).collect();
            chapters.push(ChapterView {
                slug: ch.slug.clone(),
                number: ch.number,
                title: ch.title.clone(),
                heading: ch.heading.clone(),
                href: ch.href.clone(),
                short: ch.short.clone(),
                themes: ch.themes.clone(),
                intro,
                recommendations,
                planning: ch.planning.clone(),
                figures: ch.figures.clone(),
            });
        }
        let mut page = |p: &PageView<B>| PageView {
            slug: p.slug.clone(),
            title: p.title.clone(),
            href: p.href.clone(),
            body: f(&p.body),
        };
        let pages_after = self.pages_after.iter().map(&mut page).collect();
        let accessibility = self.accessibility.as_ref().map(page);
        ReportView {
            meta: self.meta.clone(),
            statuses: self.statuses.clone(),
            ministries: self.ministries.clone(),
            summary: self.summary.clone(),
            pages_before,
            chapters,
            pages_after,
            accessibility,
            roadmap: self.roadmap.clone(),
            changes: self.changes.clone(),
            slipped: self.slipped.clone(),
            overdue: self.overdue.clone(),
            milestone_counts: self.milestone_counts,
            headlines: self.headlines.clone(),
            roadmap_peil: self.roadmap_peil.clone(),
            planning: self.planning.clone(),
            figures: self.figures.clone(),
            commitments: self.commitments.clone(),
            addresses: self.addresses.clone(),
        }
    }
}

impl<B> RecView<B> {
    fn map_bodies<C>(&self, f: &mut impl FnMut(&B) -> C) -> RecView<C> {
        RecView {
            id: self.id.clone(),
            label: self.label.clone(),
            href: self.href.clone(),
            title: self.title.clone(),
            chapter: self.chapter.clone(),
            owner: self.owner.clone(),
            owner_name: self.owner_name.clone(),
            involved: self.involved.clone(),
            addressees: self.addressees.clone(),
            cabinet_response: self.cabinet_response,
            cabinet_response_key: self.cabinet_response_key,
            folded_into: self.folded_into.clone(),
            status: self.status.clone(),
            previous_status: self.previous_status.clone(),
            previous_key: self.previous_key.clone(),
            previous_label: self.previous_label.clone(),
            summary: self.summary.clone(),
            status_changed: self.status_changed,
            changed_from: self.changed_from.clone(),
            milestones: self.milestones.clone(),
            done_count: self.done_count,
            overdue_count: self.overdue_count,
            moved_count: self.moved_count,
            next_milestone: self.next_milestone.clone(),
            flags: self.flags.clone(),
            dropped_milestones: self.dropped_milestones.clone(),
            history: self.history.clone(),
            contributions: self
                .contributions
                .iter()
                .map(|c| ContributionView {
                    ministry: c.ministry.clone(),
                    ministry_name: c.ministry_name.clone(),
                    summary: c.summary.clone(),
                    agreement: c.agreement.clone(),
                    agreement_note: c.agreement_note.clone(),
                    body: f(&c.body),
                })
                .collect(),
            sources: self.sources.clone(),
            figures: self.figures.clone(),
            commitments: self.commitments.clone(),
        }
    }
}

/// What changed since last year's report.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub previous_year: Option<i32>,
    pub previous_title: String,
    /// `3 aanbevelingen hebben dezelfde status als in …; bij 1 aanbeveling veranderde de status.`
    pub summary: String,
    /// Recommendations whose status stayed the same.
    pub unchanged: usize,
    /// Recommendations whose status changed.
    pub moved: usize,
    /// One row per (from, to) pair that occurred, in status order.
    pub moves: Vec<Move>,
    /// In this report, not in last year's.
    pub new: Vec<RefView>,
    /// In last year's report, no longer in this one.
    pub dropped: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub from: String,
    pub to: String,
    pub count: usize,
    pub recommendations: Vec<RefView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    /// The name of the output files (`jaarrapportage-arbeidsmigranten-2022`),
    /// also the report's identifier in its metadata.
    pub slug: String,
    pub subtitle: Option<String>,
    pub year: i32,
    pub peildatum: String,
    pub peildatum_iso: String,
    pub publicatiedatum: Option<String>,
    pub publicatiedatum_iso: Option<String>,
    /// The first day of the report's year: where the period the open data
    /// covers starts (DCAT's `temporal`).
    pub year_start_iso: String,
    /// The day the report is dated: its publication date, else the
    /// peildatum. The PDF's creation date and DCAT's `issued`.
    pub date_iso: String,
    #[serde(skip)]
    pub date: chrono::NaiveDate,
    /// `kamerstuk` as rapport.yaml writes it, for the open data.
    pub kamerstuk_written: Option<String>,
    /// The year of last year's report, when the export names it.
    pub previous_year: Option<i32>,
    /// `versie`: `concept` or `definitief`, when given.
    pub version: Option<&'static str>,
    /// The licence's EU Vocabularies address.
    pub licence_uri: &'static str,
    /// What the open data holds, in one paragraph (DCAT's description).
    pub data_description: String,
    /// The report's parliamentary paper, as every output names it.
    pub kamerstuk: Option<Kamerstuk>,
    pub publisher: String,
    pub total: usize,
    /// Set when `versie: concept`: the banner, watermark and colophon line.
    pub concept: Option<version::ConceptMark>,
}

/// `kamerstuk` of rapport.yaml, written as the number (`29 861, nr. 99`)
/// or with the word (`Kamerstuk 29 861, nr. 99`): both ways read the same
/// in every output. Each part carries the link, when there is one.
#[derive(Debug, Clone, Serialize)]
pub struct Kamerstuk {
    /// `Kamerstuk 29 861, nr. 99`: the footer, the title page, the header.
    pub label: SourceView,
    /// `29 861, nr. 99`: beside a "Kamerstuk" heading of its own.
    pub number: SourceView,
}

impl Kamerstuk {
    fn of(s: &Source) -> Option<Kamerstuk> {
        let written = s.text.trim();
        let word = ["kamerstukken", "kamerstuk"]
            .into_iter()
            .find(|w| written.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
            .map_or(0, str::len);
        let number = written[word..].trim_start();
        if number.is_empty() {
            return None;
        }
        let label = if word > 0 { written.to_string() } else { format!("Kamerstuk {number}") };
        Some(Kamerstuk {
            label: SourceView { text: label, url: s.link.clone() },
            number: SourceView { text: number.to_string(), url: s.link.clone() },
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub key: String,
    pub label: String,
    pub color: String,
    pub text_color: &'static str,
    pub phase: crate::model::Phase,
    /// Position in the report's status list, for CSS classes that never
    /// carry content text.
    pub index: usize,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<B> {
    pub slug: String,
    pub title: String,
    /// Its address on the site: [`page_address`].
    pub href: String,
    pub body: B,
}

/// A page's (or a chapter's) address on the site.
pub fn page_address(slug: &str) -> String {
    format!("{slug}.html")
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterView<B> {
    pub slug: String,
    pub number: usize,
    pub title: String,
    /// `1. Werk: betere beheersing van de uitzendsector`: its page's title.
    pub heading: String,
    /// Its address on the site: [`page_address`].
    pub href: String,
    /// "Werk" of "Werk: betere beheersing van de uitzendsector".
    pub short: String,
    pub themes: Vec<u32>,
    pub intro: Option<B>,
    pub recommendations: Vec<RecView<B>>,
    /// This chapter's rows on the report's time axis.
    pub planning: Option<planning::Planning>,
    /// Key figures that belong to the chapter as a whole.
    pub figures: Vec<figures::FigureView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecView<B> {
    pub id: String,
    pub label: String,
    /// Its address on the site (`werk.html#aanbeveling-2-1-a`): [`address`].
    pub href: String,
    pub title: String,
    pub chapter: String,
    pub owner: String,
    pub owner_name: String,
    pub involved: Vec<String>,
    pub addressees: Vec<String>,
    pub cabinet_response: &'static str,
    pub cabinet_response_key: &'static str,
    pub folded_into: Option<RefView>,
    pub status: Option<StatusView>,
    pub previous_status: Option<StatusView>,
    /// Last year's status as its export recorded it (key and label), for
    /// the open data.
    pub previous_key: Option<String>,
    pub previous_label: Option<String>,
    pub summary: Option<String>,
    /// Its status changed since last year's report.
    pub status_changed: bool,
    /// Last year's status label, shown as "(vorig jaar: …)" beside this
    /// year's on the site and in the PDF alike: only when the status
    /// changed, and only when no "Status per jaar" row (two editions or
    /// more in `history`) says it already.
    pub changed_from: Option<String>,
    /// Shared with the road map's items, which show the same milestones.
    pub milestones: Vec<Arc<MilestoneView>>,
    /// How many of its milestones are done, overdue, and moved, on the
    /// peildatum.
    pub done_count: usize,
    pub overdue_count: usize,
    pub moved_count: usize,
    /// Its first milestone still to come, if any.
    pub next_milestone: Option<NextMilestone>,
    /// What the overview's filter can single it out for: `veranderd`,
    /// `verschoven`, `over-tijd`, `vervallen`.
    pub flags: Vec<&'static str>,
    /// Milestones of last year's report, not done then, that are gone now.
    pub dropped_milestones: Vec<DroppedView>,
    /// Its status in every edition known, oldest first, this one last.
    pub history: Vec<EditionView>,
    pub contributions: Vec<ContributionView<B>>,
    pub sources: Vec<SourceView>,
    /// Key figures that belong to this recommendation.
    pub figures: Vec<figures::FigureView>,
    /// The commitments and motions that concern it, in file order.
    pub commitments: Vec<commitments::CommitmentRef>,
}

/// A source as written and the address it links to, if any
/// (`model::Source`); both renderers draw the link.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub text: String,
    pub url: Option<String>,
}

impl SourceView {
    fn of(s: &Source) -> SourceView {
        SourceView { text: s.text.clone(), url: s.link.clone() }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    pub id: String,
    pub label: String,
    pub chapter: String,
    /// As `RecView::href`.
    pub href: String,
}

/// A recommendation's address on the site: its chapter's page, at its
/// anchor. Every link to a recommendation, in the site, the search index
/// and a body's `[[id]]`, is this one.
pub fn address(chapter: &str, anchor: &str) -> String {
    format!("{chapter}.html#{anchor}")
}

/// A recommendation's next milestone, as the overview shows it.
#[derive(Debug, Clone, Serialize)]
pub struct NextMilestone {
    pub when_label: String,
    pub datetime: Option<String>,
    pub what: String,
    /// `2e kwartaal 2023: Wetsvoorstel ingediend`: the open data's cell.
    pub line: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    /// The period itself, for the view's own grouping (the road map's
    /// quarters); a renderer reads `when` and the labels.
    #[serde(skip)]
    pub period: Period,
    pub when: String,
    /// The period's last day, `2023-06-30`.
    pub last_day: String,
    pub when_label: String,
    /// The period as an HTML `datetime` value, when HTML has one for it.
    pub datetime: Option<String>,
    pub what: String,
    pub done: bool,
    pub overdue: bool,
    /// What the planning's mark says: done, planned, overdue or moved.
    pub state: planning::MarkState,
    pub symbol: &'static str,
    /// The mark's colour (`MarkState::color`): the site's stylesheet and
    /// the PDF draw the state in this one colour.
    pub color: &'static str,
    pub ministry: String,
    /// Its `sleutel`, or the one of last year's milestone it continues.
    pub key: Option<String>,
    /// The date last year's report gave it (`2023-Q2`); `None` when new.
    pub previous_when: Option<String>,
    /// The first date any edition gave it.
    pub original_when: String,
    /// Its period ends later than last year's.
    pub moved: bool,
    /// The writer's `toelichting`.
    pub reason: Option<String>,
    /// How it moved, in words, when it did.
    pub slip: Option<SlipView>,
    /// `oorspronkelijk gepland: 2e kwartaal 2023`, when the first date
    /// any edition gave differs from this one and no slip says so.
    pub first_promise: Option<String>,
    /// Last year's words for it, when they differ.
    pub earlier_wording: Option<String>,
    /// `over tijd sinds 2e kwartaal 2023 (5 maanden)`, when overdue.
    pub late: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContributionView<B> {
    pub ministry: String,
    pub ministry_name: String,
    /// This ministry's own summary; the owner's is also the recommendation's.
    pub summary: Option<String>,
    /// `akkoord`: who agreed to the text, and when (YYYY-MM-DD).
    pub agreement: Option<AgreementView>,
    /// In a concept only: the line under the ministry's heading that says
    /// who agreed to the text and when, or that no one has yet.
    pub agreement_note: Option<String>,
    pub body: B,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub by: String,
    pub date_iso: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quarter {
    pub key: String,
    pub label: String,
    pub items: Vec<RoadmapItem>,
    /// Last year's milestones of this quarter that were given up or vanished.
    pub dropped: Vec<history::DroppedItem>,
}

/// A milestone on the road map: its recommendation's head and the
/// milestone's view, the one its article shows (both shared, not copied:
/// the road map holds every milestone of the report). A template reads
/// both sets of fields on the item itself (`item.id`, `item.what`).
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapItem {
    #[serde(flatten)]
    pub rec: Arc<RecHead>,
    #[serde(flatten)]
    pub milestone: Arc<MilestoneView>,
}

/// What the road map says of a milestone's recommendation.
#[derive(Debug, Serialize)]
pub struct RecHead {
    pub id: String,
    pub label: String,
    pub chapter: String,
    /// As `RecView::href`.
    pub href: String,
    pub title: String,
}

/// A period as a valid HTML `datetime` value: a day, a month or a year.
/// HTML has no quarter or half year, so those get none (and the site
/// writes them without `<time>`).
pub fn html_datetime(period: &Period) -> Option<String> {
    match period {
        Period::Day(_) | Period::Month { .. } | Period::Year(_) => Some(period.canonical()),
        Period::Quarter { .. } | Period::Half { .. } => None,
    }
}

/// Black or white, whichever contrasts more with `bg` (WCAG relative
/// luminance): either choice is at least 4.58:1 for any colour.
pub fn text_color(bg: &str) -> &'static str {
    let channel = |i: usize| {
        let v = u8::from_str_radix(bg.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) { "#000000" } else { "#ffffff" }
}

fn status_view(report: &Report, s: &Status, count: usize) -> StatusView {
    StatusView {
        key: s.key.clone(),
        label: s.label.clone(),
        color: s.color.clone(),
        text_color: text_color(&s.color),
        phase: s.phase,
        index: report.statuses.iter().position(|o| o == s).unwrap_or(0),
        count,
    }
}

/// Where a body is printed, as the view decides it for every renderer.
#[derive(Debug, Clone)]
pub struct BodyPlace {
    /// Prefix for the ids the body makes (footnotes), unique on the page.
    pub id_prefix: String,
    /// The level of the heading the body sits under: 1 for a page or a
    /// chapter's introduction (under its title), 3 for a contribution
    /// (under chapter, recommendation and ministry). The body's own
    /// headings follow from it (`markdown::headings`), the same on the
    /// site and in the PDF.
    pub under: u8,
}

/// The heading level a contribution's body sits under: the ministry's
/// "Voortgang" heading, below the recommendation's.
const CONTRIBUTION_LEVEL: u8 = 3;
/// A page's or a chapter introduction's body sits under its title.
const PAGE_LEVEL: u8 = 1;

/// Builds the view, once per build: the facts every format draws, with
/// each body as what to render.
pub fn build<'r>(report: &'r Report) -> ReportView<Body<'r>> {
    // Numbered in order once the view is whole.
    fn body(markdown: &Markdown, place: BodyPlace) -> Body<'_> {
        Body { markdown, place, index: 0 }
    }
    let peil = report.settings.peildatum;
    let mut status_counts = vec![0; report.statuses.len()];
    for i in report.recommendations.iter().filter_map(|r| r.effective_status) {
        status_counts[i] += 1;
    }
    let statuses: Vec<StatusView> =
        report.statuses.iter().zip(&status_counts).map(|(s, n)| status_view(report, s, *n)).collect();
    let summary = summary::summary(report, &statuses);
    let all_figures = all_figures(report);
    let (commitments, commitments_of) = match commitments::build(report) {
        Some((annex, by_rec)) => (Some(annex), by_rec),
        None => (None, Default::default()),
    };

    // The recommendations and the planning's geometry are made side by
    // side; the road map is made from the recommendations' views.
    let recs = || -> Vec<RecView<Body>> {
        report
            .recommendations
            .par_iter()
            .map(|r| {
                let previous = report.previous.as_ref().and_then(|p| p.status_of(&r.id));
                let milestones: Vec<Arc<MilestoneView>> = r
                    .milestones()
                    .into_iter()
                    .map(|(c, m)| {
                        let state = planning::MarkState::of_milestone(m, peil);
                        Arc::new(MilestoneView {
                            period: m.when,
                            when: m.when.canonical(),
                            last_day: iso_date(m.when.last_day()),
                            when_label: m.when.dutch(),
                            datetime: html_datetime(&m.when),
                            what: m.what.clone(),
                            done: m.done,
                            overdue: m.overdue(peil),
                            state,
                            symbol: state.symbol(),
                            color: state.color(),
                            ministry: c.ministry.clone(),
                            key: m.past.as_ref().and_then(|p| p.key.clone()).or_else(|| m.key.clone()),
                            previous_when: m.past.as_ref().and_then(|p| p.previous).map(|p| p.canonical()),
                            original_when: m.past.as_ref().and_then(|p| p.original).unwrap_or(m.when).canonical(),
                            moved: m.past.as_ref().is_some_and(|p| p.moved),
                            reason: m.reason.clone(),
                            slip: history::slip(m),
                            first_promise: first_promise(m),
                            earlier_wording: m.past.as_ref().and_then(|p| p.previous_what.clone()),
                            late: milestones::late_text(m, peil),
                        })
                    })
                    .collect();
                let prefix = r.id.anchor();
                let overdue_count = milestones.iter().filter(|m| m.state == planning::MarkState::Verlopen).count();
                let moved_count = milestones.iter().filter(|m| m.moved).count();
                let done_count = milestones.iter().filter(|m| m.done).count();
                let next_milestone = milestones.iter().find(|m| m.state.is_ahead()).map(|m| NextMilestone {
                    when_label: m.when_label.clone(),
                    datetime: m.datetime.clone(),
                    what: m.what.clone(),
                    line: format!("{}: {}", m.when_label, m.what),
                });
                let status_changed = status_changed(report, r);
                let changed_from =
                    previous_status(report, &r.id).filter(|_| status_changed && r.history.len() <= 1).map(|s| s.label);
                let flags = [
                    (status_changed, "veranderd"),
                    (moved_count > 0, "verschoven"),
                    (overdue_count > 0, "over-tijd"),
                    (!r.dropped_milestones.is_empty(), "vervallen"),
                ]
                .into_iter()
                .filter_map(|(on, flag)| on.then_some(flag))
                .collect();
                RecView {
                    id: r.id.to_string(),
                    label: r.id.anchor(),
                    href: address(&r.chapter, &r.id.anchor()),
                    title: r.title.clone(),
                    chapter: r.chapter.clone(),
                    owner: r.owner.clone(),
                    owner_name: report.ministry_name(&r.owner).to_string(),
                    involved: r.involved.clone(),
                    addressees: r.addressees.clone(),
                    cabinet_response: r.cabinet_response.label(),
                    cabinet_response_key: r.cabinet_response.key(),
                    folded_into: r.folded_into.as_ref().map(|id| ref_view(report, id)),
                    status: r.effective_status.map(|i| status_view(report, &report.statuses[i], status_counts[i])),
                    previous_status: previous_status(report, &r.id),
                    previous_key: previous.and_then(|p| p.key.clone()),
                    previous_label: previous.and_then(|p| p.label.clone()),
                    summary: r.summary().map(String::from),
                    status_changed,
                    changed_from,
                    milestones,
                    done_count,
                    overdue_count,
                    moved_count,
                    next_milestone,
                    flags,
                    dropped_milestones: r.dropped_milestones.iter().map(history::dropped).collect(),
                    history: r
                        .history
                        .iter()
                        .map(|e| EditionView {
                            year: e.year,
                            status: status_from(report, e.status.as_ref(), e.label.as_ref()),
                        })
                        .collect(),
                    contributions: r
                        .contributions
                        .iter()
                        .map(|c| ContributionView {
                            ministry: c.ministry.clone(),
                            ministry_name: report.ministry_name(&c.ministry).to_string(),
                            summary: c.summary.clone(),
                            agreement_note: version::agreement_note(report, c),
                            agreement: c
                                .agreement
                                .as_ref()
                                .map(|a| AgreementView { by: a.by.clone(), date_iso: iso_date(a.date) }),
                            body: body(
                                &c.body,
                                BodyPlace {
                                    id_prefix: format!("{prefix}-{}-", c.ministry.to_lowercase()),
                                    under: CONTRIBUTION_LEVEL,
                                },
                            ),
                        })
                        .collect(),
                    sources: r.sources().into_iter().map(SourceView::of).collect(),
                    figures: figures_at(&all_figures, None, Some(&r.id.to_string())),
                    commitments: commitments_of.get(&r.id).cloned().unwrap_or_default(),
                }
            })
            .collect()
    };
    // The lists of the whole report need only the model: they are made
    // beside the recommendations and the planning.
    let lists = || {
        let (slipped, overdue) = rayon::join(
            || history::slipped(report, &|r| ref_view(report, &r.id)),
            || milestones::overdue(report, &|r| ref_view(report, &r.id)),
        );
        (slipped, overdue, milestones::tally(report), changes(report))
    };
    let ((recs, plans), (slipped, overdue, milestone_counts, changes)) =
        rayon::join(|| rayon::join(recs, || planning::for_report(report)), lists);
    let roadmap = roadmap(report, &recs);
    let (planning, mut chapter_plans) = match plans {
        Some((whole, chapters)) => (Some(whole), chapters.into_iter().map(Some).collect()),
        None => (None, Vec::new()),
    };
    let mut recs = recs.into_iter().map(Some).collect::<Vec<_>>();
    let chapters = report
        .chapters
        .iter()
        .enumerate()
        .map(|(n, c)| ChapterView {
            slug: c.slug.clone(),
            number: n + 1,
            title: c.title.clone(),
            heading: format!("{}. {}", n + 1, c.title),
            href: page_address(&c.slug),
            short: short_title(&c.title),
            themes: c.themes.clone(),
            intro: c.intro.as_ref().map(|m| body(m, BodyPlace { id_prefix: "intro-".into(), under: PAGE_LEVEL })),
            recommendations: c.recommendations.iter().filter_map(|&i| recs[i].take()).collect(),
            planning: chapter_plans.get_mut(n).and_then(Option::take),
            figures: figures_at(&all_figures, Some(&c.slug), None),
        })
        .collect();

    let roadmap_peil = roadmap_peil(&roadmap, peil);
    let headlines = milestones::headlines(&milestone_counts, &overdue, slipped.as_ref());
    let page = |p: &'r crate::model::Page| PageView {
        slug: p.slug.clone(),
        title: p.title.clone(),
        href: page_address(&p.slug),
        body: body(&p.body, BodyPlace { id_prefix: String::new(), under: PAGE_LEVEL }),
    };
    let s = &report.settings;
    let date = s.publicatiedatum.unwrap_or(peil);
    let concept = version::concept(report);
    let mut view = ReportView {
        meta: Meta {
            title: s.title.clone(),
            slug: crate::model::slugify(&s.title),
            subtitle: s.subtitle.clone(),
            year: s.year,
            peildatum: dutch_date(peil),
            peildatum_iso: iso_date(peil),
            publicatiedatum: s.publicatiedatum.map(dutch_date),
            publicatiedatum_iso: s.publicatiedatum.map(iso_date),
            year_start_iso: chrono::NaiveDate::from_ymd_opt(s.year, 1, 1).map(iso_date).unwrap_or_default(),
            date_iso: iso_date(date),
            date,
            kamerstuk: s.kamerstuk.as_ref().and_then(Kamerstuk::of),
            kamerstuk_written: s.kamerstuk.as_ref().map(|k| k.text.clone()),
            previous_year: report.previous.as_ref().and_then(|p| p.year),
            version: version::key(report),
            licence_uri: s.licence.uri,
            data_description: version::data_description(report, concept.as_ref()),
            publisher: s.publisher.clone(),
            total: report.recommendations.len(),
            concept,
        },
        statuses,
        ministries: report
            .ministries
            .iter()
            .map(|m| MinistryView { code: m.code.clone(), name: m.name.clone() })
            .collect(),
        summary,
        pages_before: report.pages_before.iter().map(page).collect(),
        chapters,
        pages_after: report.pages_after.iter().map(page).collect(),
        accessibility: report.accessibility.as_ref().map(page),
        roadmap,
        changes,
        slipped,
        headlines,
        overdue,
        milestone_counts,
        roadmap_peil,
        planning,
        figures: all_figures,
        commitments,
        addresses: report
            .recommendations
            .iter()
            .rev()
            .map(|r| (r.id.clone(), address(&r.chapter, &r.id.anchor())))
            .collect(),
    };
    for (index, body) in view.bodies_mut().enumerate() {
        body.index = index;
    }
    view
}

/// Every key figure, in file order, with the chapter it is shown in.
fn all_figures(report: &Report) -> Vec<figures::FigureView> {
    report
        .figures
        .iter()
        .map(|f| {
            let chapter = match &f.place {
                FigurePlace::Chapter(slug) => slug.as_str(),
                FigurePlace::Recommendation(id) => report.recommendation(id).map_or("", |r| r.chapter.as_str()),
            };
            figures::figure_view(f, chapter)
        })
        .collect()
}

/// The key figures shown at `place` (a chapter as a whole, or a
/// recommendation), in file order.
fn figures_at(
    all: &[figures::FigureView],
    chapter: Option<&str>,
    recommendation: Option<&str>,
) -> Vec<figures::FigureView> {
    all.iter()
        .filter(|f| {
            f.recommendation.as_deref() == recommendation
                && (recommendation.is_some() || Some(f.chapter.as_str()) == chapter)
        })
        .cloned()
        .collect()
}

/// Last year's status of a recommendation, shown like this year's when the
/// status still exists, else by its old label on a neutral badge.
fn previous_status(report: &Report, id: &RecId) -> Option<StatusView> {
    let prev = report.previous.as_ref()?.status_of(id)?;
    status_from(report, prev.key.as_ref(), prev.label.as_ref())
}

/// A status an earlier edition gave, by its key or label.
fn status_from(report: &Report, key: Option<&String>, label: Option<&String>) -> Option<StatusView> {
    let found = [key, label].into_iter().flatten().find_map(|t| Report::find_status(&report.statuses, t));
    match found {
        Some(i) => Some(status_view(report, &report.statuses[i], 0)),
        None => {
            let label = label.or(key)?.clone();
            Some(StatusView {
                key: key.cloned().unwrap_or_default(),
                label,
                color: "#ffffff".into(),
                text_color: "#000000",
                phase: crate::model::Phase::Open,
                index: report.statuses.len(),
                count: 0,
            })
        }
    }
}

/// `oorspronkelijk gepland: 2e kwartaal 2023`, when the first date given
/// is not this one and the slip (which names it) does not say so already.
fn first_promise(m: &crate::model::Milestone) -> Option<String> {
    let past = m.past.as_ref()?;
    let original = past.original?;
    // A slip names last year's date, and the first when it is another.
    let said_by_slip = history::slip(m).is_some();
    (original != m.when && !said_by_slip).then(|| format!("oorspronkelijk gepland: {}", original.dutch()))
}

/// Whether the status a reader sees differs from last year's (a new
/// recommendation has none to differ from).
fn status_changed(report: &Report, r: &crate::model::Recommendation) -> bool {
    let Some(prev) = report.previous.as_ref().and_then(|p| p.status_of(&r.id)) else { return false };
    let then = status_from(report, prev.key.as_ref(), prev.label.as_ref()).map(|s| s.label);
    then != report.effective_status(r).map(|s| s.label.clone())
}

/// The road map's quarter of the peildatum, or the first after it (a
/// year's own group counts as after its fourth quarter).
fn roadmap_peil(roadmap: &[Quarter], peil: chrono::NaiveDate) -> Option<String> {
    use chrono::Datelike;
    let at = (peil.year(), peil.month0() / 3 + 1);
    let order = |key: &str| -> Option<(i32, u32)> {
        let (year, q) = key.split_once("-Q").unwrap_or((key, "5"));
        Some((year.parse().ok()?, q.parse().ok()?))
    };
    roadmap.iter().find(|q| order(&q.key).is_some_and(|k| k >= at)).or(roadmap.last()).map(|q| q.key.clone())
}

fn changes(report: &Report) -> Option<Changes> {
    let prev = report.previous.as_ref()?;
    let label_now =
        |effective: Option<&Status>| effective.map(|s| s.label.clone()).unwrap_or_else(|| "Geen status".into());
    let label_then = |id: &RecId| previous_status(report, id).map(|s| s.label).unwrap_or_else(|| "Geen status".into());
    let mut unchanged = 0;
    let mut moves: Vec<Move> = Vec::new();
    let mut new = Vec::new();
    for r in &report.recommendations {
        if prev.status_of(&r.id).is_none() {
            new.push(ref_view(report, &r.id));
            continue;
        }
        let (from, to) = (label_then(&r.id), label_now(report.effective_status(r)));
        if from == to {
            unchanged += 1;
            continue;
        }
        match moves.iter_mut().find(|m| m.from == from && m.to == to) {
            Some(m) => {
                m.count += 1;
                m.recommendations.push(ref_view(report, &r.id));
            }
            None => moves.push(Move { from, to, count: 1, recommendations: vec![ref_view(report, &r.id)] }),
        }
    }
    // Rows in the order of the statuses: where they came from, then where they went.
    let rank = |label: &str| report.statuses.iter().position(|s| s.label == label).unwrap_or(usize::MAX);
    moves.sort_by(|a, b| {
        (rank(&a.from), rank(&a.to), &a.from, &a.to).cmp(&(rank(&b.from), rank(&b.to), &b.from, &b.to))
    });
    let dropped = prev
        .statuses
        .iter()
        .filter(|(id, _)| report.recommendation(id).is_none())
        .map(|(id, _)| id.to_string())
        .collect();
    let moved = moves.iter().map(|m| m.count).sum();
    let mut summary = format!(
        "{} dezelfde status als in {}",
        history::count(unchanged, "aanbeveling heeft", "aanbevelingen hebben"),
        prev.title
    );
    if moved > 0 {
        summary
            .push_str(&format!("; bij {} veranderde de status", history::count(moved, "aanbeveling", "aanbevelingen")));
    }
    summary.push('.');
    Some(Changes {
        previous_year: prev.year,
        previous_title: prev.title.clone(),
        summary,
        unchanged,
        moved,
        moves,
        new,
        dropped,
    })
}

fn ref_view(report: &Report, id: &RecId) -> RefView {
    let chapter = report.recommendation(id).map(|r| r.chapter.clone()).unwrap_or_default();
    RefView { id: id.to_string(), label: id.anchor(), href: address(&chapter, &id.anchor()), chapter }
}

/// All milestones by the quarter they end in: the road map the Tweede
/// Kamer asked for. A milestone given only as a year is planned for that
/// year, not for its last quarter: those stand under the year, after its
/// quarters.
///
/// It is made from the recommendations' views (`recs`, in the report's
/// order): each item shares its milestone's view.
fn roadmap(report: &Report, recs: &[RecView<Body>]) -> Vec<Quarter> {
    const WHOLE_YEAR: u32 = 5;
    let mut by_quarter: BTreeMap<(i32, u32), Vec<(chrono::NaiveDate, RoadmapItem)>> = BTreeMap::new();
    let group_of = |p: &Period| match p {
        Period::Year(year) => (*year, WHOLE_YEAR),
        other => other.quarter_key(),
    };
    let mut dropped: BTreeMap<(i32, u32), Vec<history::DroppedItem>> = BTreeMap::new();
    for r in &report.recommendations {
        for d in &r.dropped_milestones {
            let item = history::DroppedItem { rec: ref_view(report, &r.id), milestone: history::dropped(d) };
            dropped.entry(group_of(&d.past.when)).or_default().push(item);
            by_quarter.entry(group_of(&d.past.when)).or_default();
        }
    }
    // Each recommendation's items are made in parallel, then grouped.
    let items: Vec<Vec<_>> = recs
        .par_iter()
        .map(|view| {
            let head = Arc::new(RecHead {
                id: view.id.clone(),
                label: view.label.clone(),
                chapter: view.chapter.clone(),
                href: view.href.clone(),
                title: view.title.clone(),
            });
            let item = |m: &Arc<MilestoneView>| RoadmapItem { rec: head.clone(), milestone: m.clone() };
            view.milestones.iter().map(|m| (group_of(&m.period), m.period.last_day(), item(m))).collect()
        })
        .collect();
    for (group, last_day, item) in items.into_iter().flatten() {
        by_quarter.entry(group).or_default().push((last_day, item));
    }
    let mut by_quarter: Vec<_> = by_quarter.into_iter().collect();
    by_quarter.par_iter_mut().for_each(|(_, items)| items.sort_by(|a, b| (a.0, &a.1.rec.id).cmp(&(b.0, &b.1.rec.id))));
    by_quarter
        .into_iter()
        .map(|((year, q), items)| {
            let (key, label) = match q {
                WHOLE_YEAR => (year.to_string(), year.to_string()),
                q => (format!("{year}-Q{q}"), format!("{q}e kwartaal {year}")),
            };
            let dropped = dropped.remove(&(year, q)).unwrap_or_default();
            Quarter { key, label, items: items.into_iter().map(|(_, i)| i).collect(), dropped }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of visiting the bodies goes in one order, the one their
    /// indexes count: a format that renders them into a list finds each
    /// body's at its index, and one that renders them in place gets each
    /// back where it was.
    #[test]
    fn the_bodies_are_visited_in_the_order_of_their_indexes() {
        let (report, diags) = crate::validate::load_report(std::path::Path::new("content"));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let view = build(&report);
        let bodies = view.bodies();
        // Pages, introductions and contributions, the accessibility
        // statement when the content has one of its own.
        let contributions: usize = report.recommendations.iter().map(|r| r.contributions.len()).sum();
        let intros = report.chapters.iter().filter(|c| c.intro.is_some()).count();
        let pages = report.pages_before.len() + report.pages_after.len() + report.accessibility.iter().count();
        assert_eq!(bodies.len(), contributions + intros + pages);
        assert!(bodies.iter().enumerate().all(|(i, b)| b.index == i));
        let rendered = view.render_each(|b| b.markdown.file.clone());
        let in_place = view.render_bodies(|b| b.markdown.file.clone());
        assert_eq!(in_place.bodies().into_iter().cloned().collect::<Vec<_>>(), rendered);
        let first_contribution = &view.chapters[0].recommendations[0].contributions[0].body;
        assert_eq!(rendered[first_contribution.index], first_contribution.markdown.file);
        assert_eq!(
            view.map_bodies(&mut |b| b.index).bodies().into_iter().copied().collect::<Vec<_>>(),
            (0..bodies.len()).collect::<Vec<_>>()
        );
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let lum = |c: &str| {
            let ch = |i: usize| {
                let v = u8::from_str_radix(&c[i..i + 2], 16).unwrap() as f64 / 255.0;
                if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn kamerstuk_reads_the_same_with_or_without_the_word() {
        let of = |t: &str| Kamerstuk::of(&Source { text: t.into(), link: None }).map(|k| (k.label.text, k.number.text));
        let both = |l: &str, n: &str| Some((l.to_string(), n.to_string()));
        assert_eq!(of("29 861, nr. 99"), both("Kamerstuk 29 861, nr. 99", "29 861, nr. 99"));
        assert_eq!(of("Kamerstuk 29 861, nr. 99"), both("Kamerstuk 29 861, nr. 99", "29 861, nr. 99"));
        assert_eq!(of("kamerstukken 29 861, nr. 99"), both("kamerstukken 29 861, nr. 99", "29 861, nr. 99"));
        assert_eq!(of("Kamerstuk"), None);
    }

    #[test]
    fn every_mark_colour_reads_at_aa_on_white() {
        for state in planning::MarkState::ALL {
            assert!(contrast(state.color(), "#ffffff") >= 4.5, "{state:?}: {}", contrast(state.color(), "#ffffff"));
        }
    }

    #[test]
    fn badge_text_always_reads_at_aa() {
        for bg in [
            "#39870c", "#01689b", "#f9e11e", "#e17000", "#999999", "#535353", "#777777", "#000000", "#ffffff",
            "#154273",
        ] {
            let fg = text_color(bg);
            assert!(contrast(bg, fg) >= 4.5, "{bg} with {fg}: {}", contrast(bg, fg));
        }
    }
}
