//! The milestones a reader looks for first: how many are done, planned,
//! overdue and moved (one tally, which the planning's legend, the
//! overview, the PDF's summary and the open data all read), the report's
//! section of overdue milestones grouped by chapter, and a milestone's
//! facts in words ("over tijd sinds 2e kwartaal 2023, 5 maanden").
//!
//! One definition: a milestone's state is `MarkState::of_milestone`
//! (done, overdue or planned, and moved for one not yet due); a
//! milestone "moved" when its period ends later than last year's,
//! whatever its state now. So a moved milestone that is done counts as
//! done and as moved, in every output alike.

use super::RefView;
use super::history::count;
use super::planning::MarkState;
use crate::model::{Milestone, Report};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// How many milestones are in each state, as the planning's legend gives
/// them: each milestone once under `gereed`, `gepland` or `verlopen`, or,
/// moved and still to come, under `verschoven` alone; `verschoven` counts
/// every moved milestone, also one done or overdue now (counted there
/// too, and in `verschoven_gereed` or `verschoven_verlopen`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub gereed: usize,
    pub gepland: usize,
    pub verlopen: usize,
    pub verschoven: usize,
    /// Moved since last year and done now.
    pub verschoven_gereed: usize,
    /// Moved since last year and overdue now.
    pub verschoven_verlopen: usize,
}

impl Counts {
    /// Counts one milestone in `state` that did or did not move.
    pub fn add(&mut self, state: MarkState, moved: bool) {
        self.total += 1;
        match state {
            MarkState::Gereed => self.gereed += 1,
            MarkState::Verlopen => self.verlopen += 1,
            MarkState::Gepland => self.gepland += 1,
            MarkState::Verschoven => {}
        }
        if moved {
            self.verschoven += 1;
            match state {
                MarkState::Gereed => self.verschoven_gereed += 1,
                MarkState::Verlopen => self.verschoven_verlopen += 1,
                MarkState::Gepland | MarkState::Verschoven => {}
            }
        }
    }

    /// The count the legend gives a state.
    pub fn of(&self, state: MarkState) -> usize {
        match state {
            MarkState::Gereed => self.gereed,
            MarkState::Gepland => self.gepland,
            MarkState::Verlopen => self.verlopen,
            MarkState::Verschoven => self.verschoven,
        }
    }

    /// `waarvan 2 gereed en 1 over tijd`, when a moved one is also done or
    /// overdue: what the legend says beside `verschoven`.
    pub fn moved_note(&self) -> Option<String> {
        let parts: Vec<String> = [(self.verschoven_gereed, "gereed"), (self.verschoven_verlopen, "over tijd")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        (!parts.is_empty()).then(|| format!("waarvan {}", parts.join(" en ")))
    }
}

/// Whether `m` moved since last year's report.
pub fn moved(m: &Milestone) -> bool {
    m.past.as_ref().is_some_and(|p| p.moved)
}

/// The tally of every milestone of the report.
pub fn tally(report: &Report) -> Counts {
    let peil = report.settings.peildatum;
    let mut c = Counts::default();
    for r in &report.recommendations {
        for (_, m) in r.milestones() {
            c.add(MarkState::of_milestone(m, peil), moved(m));
        }
    }
    c
}

/// `5 maanden`, `1 jaar en 2 maanden`, `minder dan een maand`: how long
/// after the end of its period (`last_day`) the peildatum falls.
pub fn late_for(last_day: NaiveDate, peildatum: NaiveDate) -> String {
    // Late from the day after the period; a month counts once it is whole.
    let from = last_day.succ_opt().unwrap_or(last_day);
    let mut months = (peildatum.year() - from.year()) * 12 + peildatum.month() as i32 - from.month() as i32;
    let reached = |n: i32| {
        u32::try_from(n)
            .ok()
            .and_then(|n| from.checked_add_months(chrono::Months::new(n)))
            .is_some_and(|d| d <= peildatum)
    };
    if months > 0 && !reached(months) {
        months -= 1;
    }
    let months = months.max(0);
    let (years, rest) = (months / 12, months % 12);
    let m = |n: i32| if n == 1 { "1 maand".to_string() } else { format!("{n} maanden") };
    match (years, rest) {
        (0, 0) => "minder dan een maand".into(),
        (0, r) => m(r),
        (y, 0) => format!("{y} jaar"),
        (y, r) => format!("{y} jaar en {}", m(r)),
    }
}

/// `over tijd sinds 2e kwartaal 2023 (5 maanden)`, for an overdue milestone.
pub fn late_text(m: &Milestone, peildatum: NaiveDate) -> Option<String> {
    m.overdue(peildatum)
        .then(|| format!("over tijd sinds {} ({})", m.when.dutch(), late_for(m.when.last_day(), peildatum)))
}

/// The overdue milestones of the report, by chapter.
#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    /// `9 mijlpalen zijn over tijd op de peildatum, bij 6 aanbevelingen.`
    pub summary: String,
    pub count: usize,
    pub recommendations: usize,
    /// Chapters with an overdue milestone, in report order.
    pub chapters: Vec<OverdueChapter>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueChapter {
    pub slug: String,
    pub number: usize,
    pub title: String,
    pub items: Vec<OverdueItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueItem {
    pub rec: RefView,
    pub what: String,
    pub when_label: String,
    pub datetime: Option<String>,
    /// `5 maanden`.
    pub late: String,
    /// `over tijd sinds 2e kwartaal 2023 (5 maanden)`.
    pub text: String,
    pub ministry: String,
}

/// The section of overdue milestones: the longest overdue first within a
/// chapter. Always made, so a report with none says so.
pub fn overdue(report: &Report, ref_view: &dyn Fn(&crate::model::Recommendation) -> RefView) -> Overdue {
    let peil = report.settings.peildatum;
    let mut chapters = Vec::new();
    let (mut total, mut recs) = (0, 0);
    for (n, c) in report.chapters.iter().enumerate() {
        let mut items: Vec<(NaiveDate, OverdueItem)> = Vec::new();
        for &i in &c.recommendations {
            let r = &report.recommendations[i];
            let before = items.len();
            for (contribution, m) in r.milestones() {
                if MarkState::of_milestone(m, peil) != MarkState::Verlopen {
                    continue;
                }
                let late = late_for(m.when.last_day(), peil);
                items.push((
                    m.when.last_day(),
                    OverdueItem {
                        rec: ref_view(r),
                        what: m.what.clone(),
                        when_label: m.when.dutch(),
                        datetime: super::html_datetime(&m.when),
                        text: late_text(m, peil).unwrap_or_default(),
                        late,
                        ministry: contribution.ministry.clone(),
                    },
                ));
            }
            if items.len() > before {
                recs += 1;
            }
        }
        if items.is_empty() {
            continue;
        }
        // Stable: the same date keeps the chapter's order of recommendations.
        items.sort_by_key(|(d, _)| *d);
        total += items.len();
        chapters.push(OverdueChapter {
            slug: c.slug.clone(),
            number: n + 1,
            title: c.title.clone(),
            items: items.into_iter().map(|(_, i)| i).collect(),
        });
    }
    let summary = match total {
        0 => "Geen mijlpaal is over tijd op de peildatum.".to_string(),
        n => format!(
            "{} over tijd op de peildatum, bij {}.",
            count(n, "mijlpaal is", "mijlpalen zijn"),
            count(recs, "aanbeveling", "aanbevelingen")
        ),
    };
    Overdue { summary, count: total, recommendations: recs, chapters }
}

/// A line of the overview's "In het kort": a count, what it counts, a note
/// and the section it links to.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub count: usize,
    /// `mijlpalen over tijd`.
    pub text: String,
    /// `1 inmiddels gereed`.
    pub note: Option<String>,
    /// The id of the section that lists them.
    pub anchor: Option<&'static str>,
}

/// The bad news in four lines, from the same counts as the sections below
/// them: overdue, moved, dropped, and how many milestones are done.
pub fn headlines(counts: &Counts, overdue: &Overdue, slipped: Option<&super::history::Slipped>) -> Vec<Headline> {
    let mut out = vec![Headline {
        count: overdue.count,
        text: format!("{} over tijd", if overdue.count == 1 { "mijlpaal" } else { "mijlpalen" }),
        note: None,
        anchor: Some("over-tijd"),
    }];
    if let Some(s) = slipped {
        out.push(Headline {
            count: s.count,
            text: "verschoven".into(),
            note: (s.done > 0).then(|| format!("{} inmiddels gereed", s.done)),
            anchor: Some("verschoven"),
        });
        if !s.dropped.is_empty() {
            out.push(Headline {
                count: s.dropped.len(),
                text: "vervallen".into(),
                note: Some(format!("{} met toelichting", s.dropped_acknowledged)),
                anchor: Some("vervallen"),
            });
        }
    }
    out.push(Headline {
        count: counts.gereed,
        text: format!("van de {} mijlpalen gereed", counts.total),
        note: None,
        anchor: None,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn how_long_late_in_whole_months() {
        assert_eq!(late_for(d("2023-06-30"), d("2023-12-01")), "5 maanden");
        assert_eq!(late_for(d("2023-06-30"), d("2023-07-15")), "minder dan een maand");
        assert_eq!(late_for(d("2023-06-30"), d("2023-07-31")), "minder dan een maand");
        assert_eq!(late_for(d("2023-06-30"), d("2023-08-01")), "1 maand");
        assert_eq!(late_for(d("2021-06-30"), d("2023-12-01")), "2 jaar en 5 maanden");
        assert_eq!(late_for(d("2022-11-30"), d("2023-12-01")), "1 jaar");
        assert_eq!(late_for(d("2023-02-28"), d("2023-04-01")), "1 maand");
    }

    #[test]
    fn a_moved_milestone_counts_as_moved_and_as_its_state() {
        let mut c = Counts::default();
        c.add(MarkState::Gereed, true);
        c.add(MarkState::Gereed, false);
        c.add(MarkState::Verlopen, true);
        c.add(MarkState::Verschoven, true);
        c.add(MarkState::Gepland, false);
        assert_eq!((c.total, c.gereed, c.gepland, c.verlopen, c.verschoven), (5, 2, 1, 1, 3));
        // Each once, the moved ones still to come under verschoven.
        let to_come = c.verschoven - c.verschoven_gereed - c.verschoven_verlopen;
        assert_eq!(c.gereed + c.gepland + c.verlopen + to_come, c.total);
        let legend: Vec<usize> = MarkState::ALL.iter().map(|s| c.of(*s)).collect();
        assert_eq!(legend, [2, 1, 1, 3]);
        assert_eq!(c.moved_note().as_deref(), Some("waarvan 1 gereed en 1 over tijd"));
        assert_eq!(Counts::default().moved_note(), None);
    }
}
