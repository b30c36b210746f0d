//! The planning visual's geometry: a time axis with years and quarters,
//! one row per recommendation (grouped by chapter), each milestone a mark
//! at the last day of its period and the peildatum as a vertical line —
//! all as numbers, worked out once. The HTML draws them as inline SVG and
//! the typst template places the same numbers; neither computes a
//! position of its own.
//!
//! Units are those of the SVG's viewBox (CSS pixels at full size); the PDF
//! scales them uniformly to its text width.
//!
//! A mark stands at the last day of its period, the day from which an
//! unfinished milestone is overdue: so every overdue mark lies left of the
//! peildatum line and every planned one on or right of it.

use crate::model::{Chapter, Milestone, Period, Report, dutch_date};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// Width of the column with each row's identifier and status.
pub const LABEL_WIDTH: f64 = 150.0;
/// The width the time axis aims at; a quarter gets its share of it,
/// within `QUARTER_MIN..=QUARTER_MAX`.
const PLOT_TARGET: f64 = 620.0;
const QUARTER_MIN: f64 = 16.0;
const QUARTER_MAX: f64 = 48.0;
/// Quarters narrower than this get a tick but no `K1` label.
const QUARTER_LABEL_MIN: f64 = 22.0;
const RIGHT_PAD: f64 = 12.0;
/// The band above the rows: the peildatum's label, the years, the quarters.
pub const AXIS_HEIGHT: f64 = 50.0;
const PEIL_LABEL_Y: f64 = 11.0;
const YEAR_LABEL_Y: f64 = 27.0;
const QUARTER_LABEL_Y: f64 = 42.0;
const YEAR_LINE_Y: f64 = 16.0;
const QUARTER_LINE_Y: f64 = 32.0;
/// Height of a row with one lane of marks; each further lane adds `LANE`.
const ROW: f64 = 24.0;
const LANE: f64 = 16.0;
/// A chapter's title above its rows in the whole-report view.
const GROUP_HEADER: f64 = 24.0;
pub const MARK_RADIUS: f64 = 6.0;
/// Two marks closer than this share no lane.
const MARK_GAP: f64 = 2.0 * MARK_RADIUS + 2.0;
/// Where a row's label parts start: identifier, status colour, status.
const ID_X: f64 = 0.0;
const SWATCH_X: f64 = 44.0;
const SWATCH: f64 = 9.0;
const STATUS_X: f64 = 57.0;

/// What a mark says about its milestone. Its shape and its symbol both
/// tell the state, so colour is never the only sign. A new state is one
/// variant here and one line in `MarkState::of`; the milestone's flag
/// goes into `MarkState::of_milestone`, which every view of a milestone uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkState {
    Gereed,
    Gepland,
    Verlopen,
    Verschoven,
}

impl MarkState {
    pub const ALL: [MarkState; 4] = [MarkState::Gereed, MarkState::Gepland, MarkState::Verlopen, MarkState::Verschoven];

    /// Done wins over everything; an overdue milestone is overdue even when
    /// it also moved (the more urgent fact for a reader).
    pub fn of(done: bool, overdue: bool, moved: bool) -> MarkState {
        if done {
            MarkState::Gereed
        } else if overdue {
            MarkState::Verlopen
        } else if moved {
            MarkState::Verschoven
        } else {
            MarkState::Gepland
        }
    }

    /// The state of a milestone of the report on its peildatum: the one
    /// place the planning, the milestone lists and the tijdpad take it from.
    pub fn of_milestone(m: &Milestone, peildatum: NaiveDate) -> MarkState {
        MarkState::of(m.done, m.overdue(peildatum), m.past.as_ref().is_some_and(|p| p.moved))
    }

    /// Still to come on the peildatum: planned, or moved and not yet due.
    pub fn is_ahead(self) -> bool {
        matches!(self, MarkState::Gepland | MarkState::Verschoven)
    }

    pub fn key(self) -> &'static str {
        match self {
            MarkState::Gereed => "gereed",
            MarkState::Gepland => "gepland",
            MarkState::Verlopen => "verlopen",
            MarkState::Verschoven => "verschoven",
        }
    }

    /// The shape the mark is drawn as.
    pub fn shape(self) -> &'static str {
        match self {
            MarkState::Gereed => "cirkel",
            MarkState::Gepland => "ring",
            MarkState::Verlopen => "driehoek",
            MarkState::Verschoven => "ruit",
        }
    }

    /// The symbol inside the mark: characters both the browser's and the
    /// PDF's fonts have.
    pub fn symbol(self) -> &'static str {
        match self {
            MarkState::Gereed => "✔",
            MarkState::Gepland => "•",
            MarkState::Verlopen => "!",
            MarkState::Verschoven => "→",
        }
    }

    /// The state, its symbol and its colour, for a mark drawn on its own.
    pub fn view(self) -> MarkView {
        MarkView { state: self, symbol: self.symbol(), color: self.color() }
    }

    /// The one colour of the state: the planning's mark, a mark's text and
    /// border on the site (statussen.css) and in the PDF.
    pub fn color(self) -> &'static str {
        match self {
            MarkState::Gereed => "#39870c",
            MarkState::Gepland => "#01689b",
            MarkState::Verlopen => "#b8231a",
            MarkState::Verschoven => "#94420b",
        }
    }
}

/// A mark as every output draws it: `✔ gereed` in the state's colour.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MarkView {
    pub state: MarkState,
    pub symbol: &'static str,
    pub color: &'static str,
}

/// The time axis of the whole report: from the quarter of the first
/// milestone (or the peildatum, if earlier) to the end of the quarter of
/// the last, so every chapter's planning uses the same scale.
#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    /// First day shown and the day after the last, as `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    pub plot_x: f64,
    pub plot_width: f64,
    pub quarter_width: f64,
    pub height: f64,
    pub ticks: Vec<Tick>,
    pub peildatum: PeilLine,
    /// `1e kwartaal 2020 – 4e kwartaal 2025`.
    pub range_label: String,
    #[serde(skip)]
    first: NaiveDate,
    #[serde(skip)]
    days: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub x: f64,
    /// Where the tick's line starts; it runs down through every row.
    pub y1: f64,
    /// `jaar` (a long line, the year's label) or `kwartaal`.
    pub kind: &'static str,
    pub label: Option<String>,
    /// Middle of the year or quarter the label names, clipped to the axis.
    pub label_x: f64,
    pub label_y: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeilLine {
    pub x: f64,
    /// Where the line starts (below its label); it runs to the bottom.
    pub y1: f64,
    pub label: String,
    pub label_y: f64,
    /// `start` or `end`: the label reads away from the right edge.
    pub anchor: &'static str,
    /// Where the label's text begins or ends (a little off the line).
    pub label_x: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Planning {
    pub width: f64,
    /// Axis and all groups.
    pub height: f64,
    pub axis: Axis,
    pub groups: Vec<Group>,
    /// The legend: one entry per state, `verschoven` counting every moved
    /// milestone (also one done or overdue now, which `tally` says).
    pub counts: Vec<StateCount>,
    pub tally: super::milestones::Counts,
    /// `waarvan 2 gereed`: the moved ones counted under another state too.
    pub moved_note: Option<String>,
    pub marks: usize,
    pub id_x: f64,
    pub swatch_x: f64,
    pub swatch_size: f64,
    pub status_x: f64,
    /// The visual in one sentence, for its accessible name and the PDF's
    /// alternative text; starts with "Planning".
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StateCount {
    pub state: MarkState,
    pub shape: &'static str,
    pub symbol: &'static str,
    pub color: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub slug: String,
    pub number: usize,
    /// Shown above the rows in the whole-report view; none on a chapter page.
    pub title: Option<String>,
    /// Top of the group in the whole visual (below the axis).
    pub y: f64,
    pub height: f64,
    /// Height of the title band at the top of the group (0 without title).
    pub header: f64,
    /// Baseline of the title, from the top of the group.
    pub title_y: f64,
    pub rows: Vec<Row>,
}

/// The texts of rows and marks are shared (`Arc`) between the whole
/// report's planning and the chapter's, which lay out the same rows.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: Arc<str>,
    pub label: Arc<str>,
    pub chapter: Arc<str>,
    pub status: Arc<str>,
    pub status_color: Option<Arc<str>>,
    /// Top of the row, from the top of its group.
    pub y: f64,
    pub height: f64,
    /// Baseline of the row's label, from the top of its group.
    pub text_y: f64,
    /// Top of the status colour's square.
    pub swatch_y: f64,
    /// Rows alternate in shade, for the eye to follow a row.
    pub shaded: bool,
    pub marks: Vec<Mark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub x: f64,
    /// Centre, from the top of the group.
    pub y: f64,
    pub r: f64,
    /// Baseline of the symbol inside the mark.
    pub text_y: f64,
    pub state: MarkState,
    pub shape: &'static str,
    pub symbol: &'static str,
    pub color: &'static str,
    /// Moved since last year while its state is another (done or
    /// overdue): drawn with a dashed ring in the colour of `verschoven`.
    pub moved_too: bool,
    /// Radius of that ring.
    pub ring_r: f64,
    pub when: Arc<str>,
    pub when_label: Arc<str>,
    pub what: Arc<str>,
    /// `2.1.A: Wetsvoorstel ingediend, 2e kwartaal 2023: gepland`.
    pub title: Arc<str>,
}

/// One recommendation's row, as the view hands it in.
#[derive(Clone)]
pub struct RowInput {
    pub id: Arc<str>,
    pub label: Arc<str>,
    pub chapter: Arc<str>,
    /// Label and colour of its status; none shows "Geen status".
    pub status: Option<(Arc<str>, Arc<str>)>,
    pub marks: Vec<MarkInput>,
}

/// A milestone of a row, with the texts its mark shows.
#[derive(Clone)]
pub struct MarkInput {
    pub when: Period,
    pub state: MarkState,
    /// Moved since last year (whatever its state now).
    pub moved: bool,
    canonical: Arc<str>,
    when_label: Arc<str>,
    what: Arc<str>,
    title: Arc<str>,
}

impl MarkInput {
    /// The mark of milestone `what` due `when` on row `id`.
    pub fn new(id: &str, when: Period, what: &str, state: MarkState, moved: bool) -> MarkInput {
        let when_label = when.dutch();
        let moved_too = moved && state != MarkState::Verschoven;
        let title =
            format!("{id}: {what}, {when_label}: {}{}", state.key(), if moved_too { ", verschoven" } else { "" });
        MarkInput {
            when,
            state,
            moved,
            canonical: when.canonical().into(),
            when_label: when_label.into(),
            what: what.into(),
            title: title.into(),
        }
    }
}

#[derive(Clone)]
pub struct GroupInput {
    pub slug: String,
    pub number: usize,
    pub title: Option<String>,
    pub rows: Vec<RowInput>,
}

/// Positions to a tenth of a unit: fine enough for any screen or page,
/// and short in the SVG and the JSON.
pub(super) fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d)
}

fn next_quarter(d: NaiveDate) -> NaiveDate {
    let q = quarter_start(d);
    let (y, m) = if q.month() == 10 { (q.year() + 1, 1) } else { (q.year(), q.month() + 3) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
}

fn quarter_label(d: NaiveDate) -> String {
    format!("{}e kwartaal {}", d.month0() / 3 + 1, d.year())
}

impl Axis {
    /// The axis over `dates` (each milestone's last day) and the
    /// peildatum; `None` when there is no milestone to show.
    pub fn new(dates: impl IntoIterator<Item = NaiveDate>, peildatum: NaiveDate, peil_label: &str) -> Option<Axis> {
        let mut lo: Option<NaiveDate> = None;
        let mut hi: Option<NaiveDate> = None;
        for d in dates {
            lo = Some(lo.map_or(d, |l| l.min(d)));
            hi = Some(hi.map_or(d, |h| h.max(d)));
        }
        let first = quarter_start(lo?.min(peildatum));
        let end = next_quarter(hi?.max(peildatum));
        let mut quarters = Vec::new();
        let mut q = first;
        while q < end {
            quarters.push(q);
            q = next_quarter(q);
        }
        let n = quarters.len().max(1) as f64;
        let quarter_width = round((PLOT_TARGET / n).clamp(QUARTER_MIN, QUARTER_MAX));
        let plot_width = round(quarter_width * n);
        let mut axis = Axis {
            start: crate::model::iso_date(first),
            end: crate::model::iso_date(end),
            plot_x: LABEL_WIDTH,
            plot_width,
            quarter_width,
            height: AXIS_HEIGHT,
            ticks: Vec::new(),
            peildatum: PeilLine {
                x: 0.0,
                y1: 0.0,
                label: String::new(),
                label_y: PEIL_LABEL_Y,
                anchor: "start",
                label_x: 0.0,
            },
            range_label: format!("{} – {}", quarter_label(first), quarter_label(end.pred_opt().unwrap_or(end))),
            first,
            days: (end - first).num_days().max(1) as f64,
        };
        let right = axis.plot_x + axis.plot_width;
        for (i, q) in quarters.iter().enumerate() {
            let x = axis.x(*q);
            let next = quarters.get(i + 1).map_or(right, |n| axis.x(*n));
            let label = (quarter_width >= QUARTER_LABEL_MIN).then(|| format!("K{}", q.month0() / 3 + 1));
            if q.month() == 1 || i == 0 {
                let year_end = NaiveDate::from_ymd_opt(q.year() + 1, 1, 1).map_or(right, |d| axis.x(d).min(right));
                axis.ticks.push(Tick {
                    x,
                    y1: YEAR_LINE_Y,
                    kind: "jaar",
                    label: Some(q.year().to_string()),
                    label_x: round((x + year_end) / 2.0),
                    label_y: YEAR_LABEL_Y,
                });
            }
            axis.ticks.push(Tick {
                x,
                y1: QUARTER_LINE_Y,
                kind: "kwartaal",
                label,
                label_x: round((x + next) / 2.0),
                label_y: QUARTER_LABEL_Y,
            });
        }
        let px = axis.x(peildatum);
        // The label reads to the right of the line unless it would run off.
        let anchor = if right - px < 170.0 { "end" } else { "start" };
        axis.peildatum = PeilLine {
            x: px,
            y1: PEIL_LABEL_Y + 4.0,
            label: format!("Peildatum {peil_label}"),
            label_y: PEIL_LABEL_Y,
            anchor,
            label_x: if anchor == "start" { round(px + 4.0) } else { round(px - 4.0) },
        };
        Some(axis)
    }

    /// Where a day stands on the axis.
    pub fn x(&self, d: NaiveDate) -> f64 {
        round(self.plot_x + (d - self.first).num_days() as f64 / self.days * self.plot_width)
    }

    pub fn width(&self) -> f64 {
        self.plot_x + self.plot_width + RIGHT_PAD
    }
}

/// Lays out `groups` on `axis`.
pub fn layout(axis: &Axis, groups: Vec<GroupInput>) -> Planning {
    let mut y = axis.height;
    let mut tally = super::milestones::Counts::default();
    let mut out_groups = Vec::new();
    for g in groups {
        let header = if g.title.is_some() { GROUP_HEADER } else { 0.0 };
        let mut ry = header;
        let mut rows = Vec::new();
        for r in g.rows {
            let mut lanes: Vec<f64> = Vec::new();
            let mut placed: Vec<(f64, usize, MarkInput)> = Vec::new();
            for m in r.marks {
                let x = axis.x(m.when.last_day());
                let lane = match lanes.iter().position(|last| x - last >= MARK_GAP) {
                    Some(l) => l,
                    None => {
                        lanes.push(f64::NEG_INFINITY);
                        lanes.len() - 1
                    }
                };
                lanes[lane] = x;
                placed.push((x, lane, m));
            }
            let height = ROW + LANE * lanes.len().saturating_sub(1) as f64;
            let marks = placed
                .into_iter()
                .map(|(x, lane, m)| {
                    tally.add(m.state, m.moved);
                    let y = round(ry + ROW / 2.0 + LANE * lane as f64);
                    let moved_too = m.moved && m.state != MarkState::Verschoven;
                    Mark {
                        x,
                        y,
                        r: MARK_RADIUS,
                        text_y: round(y + 3.5),
                        state: m.state,
                        shape: m.state.shape(),
                        symbol: m.state.symbol(),
                        color: m.state.color(),
                        moved_too,
                        ring_r: MARK_RADIUS + 3.0,
                        when: m.canonical,
                        title: m.title,
                        when_label: m.when_label,
                        what: m.what,
                    }
                })
                .collect();
            let (status, status_color) = match r.status {
                Some((label, color)) => (label, Some(color)),
                None => (Arc::from("Geen status"), None),
            };
            rows.push(Row {
                id: r.id,
                label: r.label,
                chapter: r.chapter,
                status,
                status_color,
                y: round(ry),
                height,
                text_y: round(ry + ROW / 2.0 + 4.0),
                swatch_y: round(ry + ROW / 2.0 + 4.0 - SWATCH),
                shaded: rows.len() % 2 == 1,
                marks,
            });
            ry += height;
        }
        out_groups.push(Group {
            slug: g.slug,
            number: g.number,
            title: g.title,
            y: round(y),
            height: round(ry),
            header,
            title_y: 16.0,
            rows,
        });
        y += ry;
    }
    let marks = tally.total;
    let recs: usize = out_groups.iter().map(|g| g.rows.len()).sum();
    let moved_note = tally.moved_note();
    let parts: Vec<String> = MarkState::ALL
        .iter()
        .map(|s| (s, tally.of(*s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| match (s, &moved_note) {
            (MarkState::Verschoven, Some(note)) => format!("{n} {} ({note})", s.key()),
            _ => format!("{n} {}", s.key()),
        })
        .collect();
    let summary = format!(
        "Planning van {recs} {} met {marks} {} ({}){}. De verticale lijn is de {}.",
        if recs == 1 { "aanbeveling" } else { "aanbevelingen" },
        if marks == 1 { "mijlpaal" } else { "mijlpalen" },
        axis.range_label,
        if parts.is_empty() { String::new() } else { format!(": {}", parts.join(", ")) },
        axis.peildatum.label.to_lowercase(),
    );
    Planning {
        width: round(axis.width()),
        height: round(y),
        axis: axis.clone(),
        groups: out_groups,
        counts: MarkState::ALL
            .iter()
            .map(|s| StateCount {
                state: *s,
                shape: s.shape(),
                symbol: s.symbol(),
                color: s.color(),
                count: tally.of(*s),
            })
            .collect(),
        tally,
        moved_note,
        marks,
        id_x: ID_X,
        swatch_x: SWATCH_X,
        swatch_size: SWATCH,
        status_x: STATUS_X,
        summary,
    }
}

/// The planning of the whole report (one group per chapter, titled) and
/// of each chapter (its own rows, on the same axis), each row with the
/// status the report shows for it. `None` when the report has no milestone.
pub fn for_report(report: &Report) -> Option<(Planning, Vec<Planning>)> {
    let peil = report.settings.peildatum;
    let dates = report.recommendations.iter().flat_map(|r| r.milestones()).map(|(_, m)| m.when.last_day());
    let axis = Axis::new(dates, peil, &dutch_date(peil))?;
    let rows = |c: &Chapter| -> Vec<RowInput> {
        c.recommendations
            .iter()
            .map(|&i| {
                let r = &report.recommendations[i];
                let id = r.id.to_string();
                let marks = r
                    .milestones()
                    .into_iter()
                    .map(|(_, m)| {
                        let state = MarkState::of_milestone(m, peil);
                        MarkInput::new(&id, m.when, &m.what, state, super::milestones::moved(m))
                    })
                    .collect();
                RowInput {
                    id: id.into(),
                    label: r.id.anchor().into(),
                    chapter: r.chapter.as_str().into(),
                    status: report.effective_status(r).map(|s| (s.label.as_str().into(), s.color.as_str().into())),
                    marks,
                }
            })
            .collect()
    };
    // Each chapter's rows are made once: the whole report's groups are
    // the same rows under a title.
    let groups: Vec<GroupInput> = report
        .chapters
        .par_iter()
        .enumerate()
        .map(|(n, c)| GroupInput { slug: c.slug.clone(), number: n + 1, title: None, rows: rows(c) })
        .collect();
    let titled = groups
        .iter()
        .zip(&report.chapters)
        .map(|(g, c)| GroupInput { title: Some(format!("{}. {}", g.number, c.title)), ..g.clone() })
        .collect();
    let (whole, chapters) =
        rayon::join(|| layout(&axis, titled), || groups.into_par_iter().map(|g| layout(&axis, vec![g])).collect());
    Some((whole, chapters))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn mark(when: &str, state: MarkState) -> MarkInput {
        let when = Period::parse(when).unwrap();
        MarkInput::new("x", when, &format!("m {when}"), state, state == MarkState::Verschoven)
    }

    fn row(id: &str, marks: Vec<MarkInput>) -> RowInput {
        RowInput {
            id: id.into(),
            label: id.into(),
            chapter: "werk".into(),
            status: Some(("In uitvoering".into(), "#01689b".into())),
            // A mark's title names its row.
            marks: marks.into_iter().map(|m| MarkInput::new(id, m.when, &m.what, m.state, m.moved)).collect(),
        }
    }

    /// 2022-Q1 up to and including 2023-Q4: eight quarters of 48 units
    /// (620 / 8 is more than the maximum), 730 days.
    fn axis() -> Axis {
        Axis::new([d("2022-03-31"), d("2023-12-31")], d("2022-12-01"), "1 december 2022").unwrap()
    }

    #[test]
    fn the_axis_runs_over_whole_quarters() {
        let a = axis();
        assert_eq!((a.start.as_str(), a.end.as_str()), ("2022-01-01", "2024-01-01"));
        assert_eq!(a.quarter_width, 48.0);
        assert_eq!(a.plot_width, 384.0);
        assert_eq!(a.x(d("2022-01-01")), LABEL_WIDTH);
        assert_eq!(a.x(d("2024-01-01")), LABEL_WIDTH + 384.0);
        // 2023-01-01 is day 365 of 730.
        assert_eq!(a.x(d("2023-01-01")), LABEL_WIDTH + 192.0);
        assert_eq!(a.range_label, "1e kwartaal 2022 – 4e kwartaal 2023");
    }

    #[test]
    fn years_and_quarters_are_ticked() {
        let a = axis();
        let years: Vec<(&str, f64)> =
            a.ticks.iter().filter(|t| t.kind == "jaar").map(|t| (t.label.as_deref().unwrap(), t.x)).collect();
        assert_eq!(years, vec![("2022", 150.0), ("2023", 342.0)]);
        let quarters: Vec<&str> =
            a.ticks.iter().filter(|t| t.kind == "kwartaal").map(|t| t.label.as_deref().unwrap()).collect();
        assert_eq!(quarters, ["K1", "K2", "K3", "K4", "K1", "K2", "K3", "K4"]);
        // The year's label stands in the middle of its year.
        assert_eq!(a.ticks.iter().find(|t| t.label.as_deref() == Some("2023")).unwrap().label_x, 438.0);
    }

    #[test]
    fn the_peildatum_is_a_labelled_line() {
        let a = axis();
        // 1 December 2022 is day 334 of 730.
        assert_eq!(a.peildatum.x, round(150.0 + 334.0 / 730.0 * 384.0));
        assert_eq!(a.peildatum.label, "Peildatum 1 december 2022");
        assert_eq!(a.peildatum.anchor, "start");
    }

    #[test]
    fn a_peildatum_after_every_milestone_widens_the_axis() {
        let a = Axis::new([d("2021-06-30")], d("2022-12-01"), "1 december 2022").unwrap();
        assert_eq!((a.start.as_str(), a.end.as_str()), ("2021-04-01", "2023-01-01"));
        assert_eq!(a.peildatum.anchor, "end", "the label would run off the right edge");
        assert!(Axis::new([], d("2022-12-01"), "x").is_none());
    }

    #[test]
    fn marks_stand_at_the_last_day_of_their_period() {
        let a = axis();
        let p = layout(
            &a,
            vec![GroupInput {
                slug: "werk".into(),
                number: 1,
                title: None,
                rows: vec![row(
                    "2.1.A",
                    vec![
                        mark("2022-06", MarkState::Gereed),
                        mark("2022-Q3", MarkState::Verlopen),
                        mark("2023-Q2", MarkState::Gepland),
                        mark("2023", MarkState::Verschoven),
                    ],
                )],
            }],
        );
        let r = &p.groups[0].rows[0];
        let xs: Vec<f64> = r.marks.iter().map(|m| m.x).collect();
        assert_eq!(xs, vec![a.x(d("2022-06-30")), a.x(d("2022-09-30")), a.x(d("2023-06-30")), a.x(d("2023-12-31"))]);
        let states: Vec<&str> = r.marks.iter().map(|m| m.state.key()).collect();
        assert_eq!(states, ["gereed", "verlopen", "gepland", "verschoven"]);
        let shapes: Vec<&str> = r.marks.iter().map(|m| m.shape).collect();
        assert_eq!(shapes, ["cirkel", "driehoek", "ring", "ruit"]);
        assert_eq!(&*r.marks[1].title, "2.1.A: m 2022-Q3, 3e kwartaal 2022: verlopen");
        assert!(r.marks[1].x < a.peildatum.x && r.marks[2].x > a.peildatum.x);
        assert_eq!(p.marks, 4);
        assert!(p.summary.starts_with("Planning van 1 aanbeveling met 4 mijlpalen"), "{}", p.summary);
        assert!(p.summary.contains(": 1 gereed, 1 gepland, 1 verlopen, 1 verschoven"), "{}", p.summary);
    }

    #[test]
    fn marks_that_would_overlap_take_another_lane() {
        let a = axis();
        let p = layout(
            &a,
            vec![GroupInput {
                slug: "werk".into(),
                number: 1,
                title: Some("1. Werk".into()),
                rows: vec![
                    row("2.1.A", vec![mark("2022-05-20", MarkState::Gereed), mark("2022-05", MarkState::Gereed)]),
                    row("2.1.B", vec![mark("2023-Q1", MarkState::Gepland)]),
                    row("2.1.C", vec![]),
                ],
            }],
        );
        let g = &p.groups[0];
        assert_eq!((g.y, g.header), (AXIS_HEIGHT, GROUP_HEADER));
        let (a_row, b_row, c_row) = (&g.rows[0], &g.rows[1], &g.rows[2]);
        // 20 and 31 May are 5.8 units apart at 48 a quarter: too close for one lane.
        assert_eq!(a_row.marks[0].y, GROUP_HEADER + ROW / 2.0);
        assert_eq!(a_row.marks[1].y, GROUP_HEADER + ROW / 2.0 + LANE);
        assert_eq!(a_row.height, ROW + LANE);
        assert_eq!(b_row.y, GROUP_HEADER + ROW + LANE);
        assert_eq!(c_row.marks.len(), 0);
        assert_eq!(g.height, GROUP_HEADER + 3.0 * ROW + LANE);
        assert_eq!(p.height, AXIS_HEIGHT + g.height);
        assert_eq!(&*b_row.status, "In uitvoering");
    }

    #[test]
    fn a_long_report_gets_narrow_quarters() {
        let a = Axis::new([d("2015-01-01"), d("2034-12-31")], d("2022-12-01"), "x").unwrap();
        assert_eq!(a.quarter_width, QUARTER_MIN);
        assert!(a.ticks.iter().filter(|t| t.kind == "kwartaal").all(|t| t.label.is_none()));
    }

    #[test]
    fn the_states_in_order_of_precedence() {
        assert_eq!(MarkState::of(true, true, true), MarkState::Gereed);
        assert_eq!(MarkState::of(false, true, true), MarkState::Verlopen);
        assert_eq!(MarkState::of(false, false, true), MarkState::Verschoven);
        assert_eq!(MarkState::of(false, false, false), MarkState::Gepland);
        for s in MarkState::ALL {
            assert!(s.symbol().chars().all(crate::fonts::printable), "{s:?}");
        }
    }
}
