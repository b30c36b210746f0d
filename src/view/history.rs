//! The view of a recommendation across editions: its status per year, a
//! milestone's slip ("verschoven van 2e kwartaal 2023 naar 4e kwartaal
//! 2023") with its reason, the milestones that vanished, and the report's
//! list of every moved one. Every sentence is made here once, so the site
//! and the PDF say the same, and the open data reads the same facts.

use super::{RefView, StatusView};
use crate::model::{DroppedMilestone, Milestone, Recommendation, Report};
use serde::Serialize;

/// A recommendation's status in one edition.
#[derive(Debug, Clone, Serialize)]
pub struct EditionView {
    pub year: i32,
    pub status: Option<StatusView>,
}

/// How a milestone moved since last year's report.
#[derive(Debug, Clone, Serialize)]
pub struct SlipView {
    pub from_label: String,
    pub to_label: String,
    /// The first date any edition gave it, when that is not last year's.
    pub original_label: Option<String>,
    /// `verschoven van 2e kwartaal 2023 naar 4e kwartaal 2023 (oorspronkelijk …)`
    pub text: String,
    /// The writer's `toelichting`.
    pub reason: Option<String>,
}

/// A milestone of last year's report that is gone.
#[derive(Debug, Clone, Serialize)]
pub struct DroppedView {
    pub key: Option<String>,
    pub when: String,
    pub when_label: String,
    /// As `MilestoneView::datetime`.
    pub datetime: Option<String>,
    pub what: String,
    pub ministry: String,
    /// Why it was given up, from the `vervallen` entry that acknowledges
    /// it; `None` while no contribution says.
    pub reason: Option<String>,
}

/// Every milestone that moved or vanished since last year's report.
#[derive(Debug, Clone, Serialize)]
pub struct Slipped {
    pub previous_year: Option<i32>,
    /// `2 mijlpalen zijn verschoven sinds het rapport over 2022, bij 2 aanbevelingen.`
    pub summary: String,
    pub count: usize,
    pub recommendations: usize,
    pub items: Vec<SlippedItem>,
    /// Of `count`, how many are done now (they count as done as well).
    pub done: usize,
    /// `1 mijlpaal van vorig jaar komt niet meer voor.`, when any vanished.
    pub dropped_summary: Option<String>,
    pub dropped: Vec<DroppedItem>,
    /// Of `dropped`, how many a contribution gave up with a reason.
    pub dropped_acknowledged: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlippedItem {
    pub rec: RefView,
    pub what: String,
    /// Done now: it counts as moved and as done.
    pub done: bool,
    /// The `gereed` mark shown beside it when done.
    pub done_mark: Option<super::planning::MarkView>,
    pub slip: SlipView,
}

#[derive(Debug, Clone, Serialize)]
pub struct DroppedItem {
    pub rec: RefView,
    pub milestone: DroppedView,
}

/// `1 aanbeveling`, `2 aanbevelingen`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn slip(m: &Milestone) -> Option<SlipView> {
    let past = m.past.as_ref().filter(|p| p.moved)?;
    let from = past.previous?;
    let from_label = from.dutch();
    let to_label = m.when.dutch();
    let original_label = past.original.filter(|o| *o != from).map(|o| o.dutch());
    let mut text = format!("verschoven van {from_label} naar {to_label}");
    if let Some(o) = &original_label {
        text.push_str(&format!(" (oorspronkelijk {o})"));
    }
    Some(SlipView { from_label, to_label, original_label, text, reason: m.reason.clone() })
}

pub fn dropped(d: &DroppedMilestone) -> DroppedView {
    let m = &d.past;
    DroppedView {
        reason: d.reason.clone(),
        key: m.key.clone(),
        when: m.when.canonical(),
        when_label: m.when.dutch(),
        datetime: super::html_datetime(&m.when),
        what: m.what.clone(),
        ministry: m.ministry.clone(),
    }
}

/// The report's section on moved and vanished milestones; `None` without
/// last year's report.
pub fn slipped(report: &Report, ref_view: &dyn Fn(&Recommendation) -> RefView) -> Option<Slipped> {
    let previous_year = report.previous.as_ref()?.year;
    let mut items = Vec::new();
    let mut dropped_items = Vec::new();
    let mut with_slip = 0;
    let mut done = 0;
    for r in &report.recommendations {
        let before = items.len();
        for (_, m) in r.milestones() {
            if let Some(slip) = slip(m) {
                done += usize::from(m.done);
                let done_mark = m.done.then(|| super::planning::MarkState::Gereed.view());
                items.push(SlippedItem { rec: ref_view(r), what: m.what.clone(), done: m.done, done_mark, slip });
            }
        }
        if items.len() > before {
            with_slip += 1;
        }
        dropped_items
            .extend(r.dropped_milestones.iter().map(|m| DroppedItem { rec: ref_view(r), milestone: dropped(m) }));
    }
    let since = match previous_year {
        Some(y) => format!("sinds het rapport over {y}"),
        None => "sinds het vorige rapport".into(),
    };
    let summary = match items.len() {
        0 => format!("Geen mijlpaal is verschoven {since}."),
        n => format!(
            "{} {since}, bij {}{}.",
            count(n, "mijlpaal is verschoven", "mijlpalen zijn verschoven"),
            count(with_slip, "aanbeveling", "aanbevelingen"),
            if done > 0 {
                format!("; {done} daarvan {} inmiddels gereed", if done == 1 { "is" } else { "zijn" })
            } else {
                String::new()
            }
        ),
    };
    let acknowledged = dropped_items.iter().filter(|d| d.milestone.reason.is_some()).count();
    let dropped_summary = (!dropped_items.is_empty()).then(|| {
        let n = dropped_items.len();
        let why = match (acknowledged, n - acknowledged) {
            (_, 0) => format!(", {} met een toelichting", if n == 1 { "opgegeven" } else { "alle opgegeven" }),
            (0, _) => ", zonder toelichting".to_string(),
            (a, _) => format!("; {a} daarvan met een toelichting"),
        };
        format!(
            "{} van het vorige rapport, nog niet gereed, {} niet meer voor{why}.",
            count(n, "mijlpaal", "mijlpalen"),
            if n == 1 { "komt" } else { "komen" }
        )
    });
    Some(Slipped {
        previous_year,
        summary,
        count: items.len(),
        recommendations: with_slip,
        items,
        done,
        dropped_summary,
        dropped: dropped_items,
        dropped_acknowledged: acknowledged,
    })
}
