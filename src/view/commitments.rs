//! The annex of commitments and motions as readers see it: grouped with
//! the overdue and open ones first, counted, each linked to its
//! Kamerstukken and recommendations, and set against last year's report
//! (settled since, new). Computed once; the site's page, each
//! recommendation's list, the PDF annex, the export and `status` draw it.

use super::planning::MarkState;
use super::{RefView, SourceView, html_datetime, ref_view};
use crate::model::{Commitment, RecId, Report, dutch_date, slugify};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct Commitments {
    /// Verlopen, open, voldaan, in that order; an empty group is left out.
    pub groups: Vec<Group>,
    pub counts: Counts,
    /// The counts in a sentence, for the overview and the annex.
    pub summary: String,
    /// What changed since last year's report; `None` without `vorige`.
    pub since: Option<Since>,
}

/// The groups are disjoint: `overdue + open + settled == total`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    /// Not settled, deadline passed.
    pub overdue: usize,
    /// Not settled, not overdue.
    pub open: usize,
    pub settled: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `verlopen`, `open` or `voldaan`.
    pub key: &'static str,
    pub title: &'static str,
    pub items: Vec<CommitmentView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Since {
    pub previous_title: String,
    pub previous_year: Option<i32>,
    /// `Sinds … is 1 toezegging of motie voldaan; 2 zijn nieuw.`
    pub summary: String,
    /// Not settled in last year's report, settled now.
    pub settled: Vec<CommitmentRef>,
    /// Not in last year's report.
    pub new: Vec<CommitmentRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    pub key: String,
    /// Its anchor on `toezeggingen.html` and label in the PDF.
    pub anchor: String,
    /// Its address on the site: [`address`].
    pub href: String,
    /// `toezegging` or `motie`, and as the report writes it.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub number: Option<SourceView>,
    pub title: String,
    /// `11 februari 2021`, and as `2021-02-11`.
    pub date_label: Option<String>,
    pub date: Option<String>,
    pub by: Option<String>,
    pub ministry: String,
    pub ministry_name: String,
    pub made_in: Option<SourceView>,
    pub description: String,
    /// The deadline as written (`2023-Q2`), in Dutch, and as an HTML
    /// `datetime` where HTML has one.
    pub deadline: Option<String>,
    pub deadline_label: Option<String>,
    pub deadline_datetime: Option<String>,
    /// The deadline's last day, `2023-06-30`: overdue from the day after.
    pub deadline_last_day: Option<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub overdue: bool,
    /// The milestones' mark: `verlopen` (with its symbol) when overdue.
    pub state: MarkState,
    pub symbol: &'static str,
    /// The mark's colour (`MarkState::color`), the same on the site and in the PDF.
    pub color: &'static str,
    pub settlement_text: Option<String>,
    pub settlement_source: Option<SourceView>,
    pub recommendations: Vec<RefView>,
    /// Its status in every edition known, oldest first, this one last.
    pub history: Vec<CommitmentEdition>,
    /// Last year's status label; `None` when new or without `vorige`.
    pub previous_status_label: Option<String>,
    /// Last year's status label when it differs from this year's: the
    /// "(vorig jaar: …)" the site and the PDF show beside the status.
    pub changed_from: Option<String>,
    /// `nieuw` or `voldaan sinds vorig jaar`, against last year's report.
    pub change: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentEdition {
    pub year: i32,
    pub status: Option<String>,
    pub status_label: Option<String>,
}

/// A commitment as a recommendation (or the changes) lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentRef {
    pub key: String,
    pub anchor: String,
    pub href: String,
    pub kind_label: &'static str,
    pub number: Option<String>,
    pub title: String,
    pub status_label: &'static str,
    pub overdue: bool,
    pub state: MarkState,
    pub symbol: &'static str,
    pub color: &'static str,
}

pub const NEW: &str = "nieuw";
pub const SETTLED_SINCE: &str = "voldaan sinds vorig jaar";

/// The annex and, per recommendation, the commitments that concern it;
/// `None` when the report has none.
pub fn build(report: &Report) -> Option<(Commitments, HashMap<RecId, Vec<CommitmentRef>>)> {
    if report.commitments.is_empty() {
        return None;
    }
    let anchors = anchors(&report.commitments);
    let views: Vec<CommitmentView> =
        report.commitments.iter().zip(anchors).map(|(c, anchor)| view(report, c, anchor)).collect();
    let mut by_rec: HashMap<RecId, Vec<CommitmentRef>> = HashMap::new();
    for (c, v) in report.commitments.iter().zip(&views) {
        for id in &c.recommendations {
            by_rec.entry(id.clone()).or_default().push(reference(v));
        }
    }
    let since = report.previous.as_ref().map(|p| {
        let pick = |change| views.iter().filter(|v| v.change == Some(change)).map(reference).collect::<Vec<_>>();
        let (settled, new) = (pick(SETTLED_SINCE), pick(NEW));
        let summary = format!(
            "Sinds {}: {} voldaan, {} nieuw.",
            p.title,
            super::history::count(settled.len(), "toezegging of motie", "toezeggingen en moties"),
            new.len()
        );
        Since { previous_title: p.title.clone(), previous_year: p.year, summary, settled, new }
    });
    let mut overdue: Vec<CommitmentView> = Vec::new();
    let mut open = Vec::new();
    let mut settled = Vec::new();
    for v in views {
        match (v.overdue, v.status == "voldaan") {
            (true, _) => overdue.push(v),
            (false, false) => open.push(v),
            (false, true) => settled.push(v),
        }
    }
    // The longest overdue first; the file's order otherwise.
    overdue.sort_by_key(|v| v.deadline_last_day.clone());
    let counts = Counts {
        total: overdue.len() + open.len() + settled.len(),
        overdue: overdue.len(),
        open: open.len(),
        settled: settled.len(),
    };
    let groups = [("verlopen", "Verlopen", overdue), ("open", "Open", open), ("voldaan", "Voldaan", settled)]
        .into_iter()
        .filter(|(_, _, items)| !items.is_empty())
        .map(|(key, title, items)| Group { key, title, items })
        .collect();
    Some((Commitments { groups, counts, summary: summary(counts), since }, by_rec))
}

/// `Van de 9 toezeggingen en moties zijn er 2 verlopen, 4 open en 3 voldaan.`
fn summary(c: Counts) -> String {
    let what = super::history::count(c.total, "toezegging of motie", "toezeggingen en moties");
    let verb = if c.total == 1 { "is" } else { "zijn er" };
    format!("Van de {what} {verb} {} verlopen, {} open en {} voldaan.", c.overdue, c.open, c.settled)
}

/// A commitment's address on the site: the annex's page, at its anchor.
pub fn address(anchor: &str) -> String {
    format!("{PAGE}.html#{anchor}")
}

/// The annex's page on the site (`toezeggingen.html`).
pub const PAGE: &str = "toezeggingen";

/// An anchor per commitment from its key, made unique in file order.
fn anchors(commitments: &[Commitment]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    commitments
        .iter()
        .map(|c| {
            let base = format!("toezegging-{}", slugify(&c.key));
            let mut anchor = base.clone();
            let mut n = 2;
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            anchor
        })
        .collect()
}

fn view(report: &Report, c: &Commitment, anchor: String) -> CommitmentView {
    let peil = report.settings.peildatum;
    let overdue = c.overdue(peil);
    let state = MarkState::of(c.status.settled(), overdue, false);
    let previous = report.previous.as_ref().map(|p| p.commitment(&c.key));
    let previous_status_label =
        previous.flatten().and_then(|p| p.history.last()).and_then(|e| e.label.clone().or(e.status.clone()));
    let change = match previous {
        None => None,
        Some(None) => Some(NEW),
        Some(Some(p)) => {
            let was_settled = p
                .status
                .as_deref()
                .is_some_and(|s| crate::model::CommitmentStatus::parse(s).is_some_and(|s| s.settled()));
            (c.status.settled() && !was_settled).then_some(SETTLED_SINCE)
        }
    };
    CommitmentView {
        key: c.key.clone(),
        href: address(&anchor),
        anchor,
        kind: c.kind.key(),
        kind_label: c.kind.label(),
        number: c.number.as_ref().map(SourceView::of),
        title: c.title.clone(),
        date_label: c.date.map(dutch_date),
        date: c.date.map(crate::model::iso_date),
        by: c.by.clone(),
        ministry: c.ministry.clone(),
        ministry_name: report.ministry_name(&c.ministry).to_string(),
        made_in: c.made_in.as_ref().map(SourceView::of),
        description: c.description.clone(),
        deadline: c.deadline.map(|d| d.canonical()),
        deadline_label: c.deadline.map(|d| d.dutch()),
        deadline_datetime: c.deadline.as_ref().and_then(html_datetime),
        deadline_last_day: c.deadline.map(|d| crate::model::iso_date(d.last_day())),
        status: c.status.key(),
        status_label: c.status.label(),
        overdue,
        state,
        symbol: state.symbol(),
        color: state.color(),
        settlement_text: c.settlement.as_ref().and_then(|s| s.text.clone()),
        settlement_source: c.settlement.as_ref().and_then(|s| s.source.as_ref()).map(SourceView::of),
        recommendations: c.recommendations.iter().map(|id| ref_view(report, id)).collect(),
        history: c
            .history
            .iter()
            .map(|e| CommitmentEdition { year: e.year, status: e.status.clone(), status_label: e.label.clone() })
            .collect(),
        changed_from: previous_status_label.clone().filter(|l| l != c.status.label()),
        previous_status_label,
        change,
    }
}

fn reference(v: &CommitmentView) -> CommitmentRef {
    CommitmentRef {
        key: v.key.clone(),
        anchor: v.anchor.clone(),
        href: v.href.clone(),
        kind_label: v.kind_label,
        number: v.number.as_ref().map(|n| n.text.clone()),
        title: v.title.clone(),
        status_label: v.status_label,
        overdue: v.overdue,
        state: v.state,
        symbol: v.symbol,
        color: v.color,
    }
}
