//! The summary counts: recommendations per status, in total and per
//! chapter, with a "Geen status" column when any recommendation has none.
//! The HTML table and bar chart and the PDF's figure and table all draw
//! these rows; none of them counts again.

use super::StatusView;
use crate::model::Report;
use serde::Serialize;

/// Rows of counts and the bar geometry that goes with them.
#[derive(Debug, Clone, Serialize)]
pub struct StatusSummary {
    /// The statuses in report order, then "Geen status" when needed.
    pub columns: Vec<Column>,
    /// The whole report first, then one row per chapter in report order.
    pub rows: Vec<Row>,
    /// Every count of the chart in one sentence: the text alternative of
    /// the chart in both outputs.
    pub description: String,
    /// The sentence that opens the PDF's summary: how many
    /// recommendations, on which peildatum, and what the figures show.
    pub lead: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// `None` for "Geen status".
    pub status: Option<StatusView>,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `None` for the whole report.
    pub chapter: Option<String>,
    pub number: Option<usize>,
    /// "Totaal" or the chapter's title.
    pub title: String,
    /// "Totaal" or the part of the title before its colon ("Werk").
    pub short: String,
    pub total: usize,
    /// One per column.
    pub counts: Vec<usize>,
    /// The bar: one segment per column with a count above zero.
    pub segments: Vec<Segment>,
}

/// A part of a bar, as shares of the bar's length (0 to 1), so that each
/// output draws it at its own width.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// Index into `columns`.
    pub column: usize,
    pub count: usize,
    pub start: f64,
    pub share: f64,
}

/// "Werk: betere beheersing van de uitzendsector" → "Werk".
pub fn short_title(title: &str) -> String {
    title.split(':').next().unwrap_or(title).trim().to_string()
}

pub fn summary(report: &Report, statuses: &[StatusView]) -> StatusSummary {
    let n = report.statuses.len();
    // Column n is "Geen status".
    let column_of = |i: usize| report.recommendations[i].effective_status.unwrap_or(n);
    let tally = |recs: &mut dyn Iterator<Item = usize>| {
        let mut counts = vec![0; n + 1];
        for i in recs {
            counts[column_of(i)] += 1;
        }
        counts
    };
    let mut rows = vec![(None, None, "Totaal".to_string(), tally(&mut (0..report.recommendations.len())))];
    for (number, c) in report.chapters.iter().enumerate() {
        rows.push((
            Some(c.slug.clone()),
            Some(number + 1),
            c.title.clone(),
            tally(&mut c.recommendations.iter().copied()),
        ));
    }
    let without_status = rows.iter().any(|r| r.3[n] > 0);
    let mut columns: Vec<Column> =
        statuses.iter().map(|s| Column { status: Some(s.clone()), label: s.label.clone() }).collect();
    if without_status {
        columns.push(Column { status: None, label: "Geen status".into() });
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(chapter, number, title, mut counts)| {
            counts.truncate(columns.len());
            let total: usize = counts.iter().sum();
            let present: Vec<(usize, usize)> = counts.iter().copied().enumerate().filter(|(_, c)| *c > 0).collect();
            let shares = bar_shares(&present.iter().map(|(_, c)| *c).collect::<Vec<_>>());
            let mut segments = Vec::new();
            let mut start = 0.0;
            for ((column, count), share) in present.into_iter().zip(shares) {
                segments.push(Segment { column, count, start: round(start), share: round(share) });
                start += share;
            }
            let short = if chapter.is_some() { short_title(&title) } else { title.clone() };
            Row { chapter, number, title, short, total, counts, segments }
        })
        .collect();
    let description = describe(&columns, &rows);
    let lead = format!(
        "Deze rapportage volgt {} en geeft de stand van zaken weer op {}. De figuur en de tabel hieronder tonen \
         hoeveel aanbevelingen er per status zijn, in totaal en per hoofdstuk.",
        super::history::count(report.recommendations.len(), "aanbeveling", "aanbevelingen"),
        crate::model::dutch_date(report.settings.peildatum)
    );
    StatusSummary { columns, rows, description, lead }
}

/// The smallest part of a bar a count gets: wide enough to print its
/// number inside it (18 px of the site's 620, 13 pt of the PDF's text
/// width), so that the one recommendation "Niet overgenomen" reads as a
/// number in the bar and not as a sliver. The counts stand in the legend
/// and the table beside the bar, exactly.
const MIN_SHARE: f64 = 0.03;

/// Each count's share of the bar: its part of the total, raised to
/// `MIN_SHARE` where it is smaller, what that adds taken from the parts
/// above it in proportion to their room above it. The shares still add up
/// to 1 and keep the counts' order of size.
fn bar_shares(counts: &[usize]) -> Vec<f64> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![0.0; counts.len()];
    }
    let min = MIN_SHARE.min(1.0 / counts.len() as f64);
    let exact: Vec<f64> = counts.iter().map(|&c| c as f64 / total as f64).collect();
    let deficit: f64 = exact.iter().map(|&s| (min - s).max(0.0)).sum();
    let room: f64 = exact.iter().map(|&s| (s - min).max(0.0)).sum();
    if deficit == 0.0 || room <= 0.0 {
        return exact;
    }
    exact.iter().map(|&s| if s <= min { min } else { s - (s - min) * deficit / room }).collect()
}

/// Shares with four decimals: exact enough for any drawing, and the same
/// bytes on every machine.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn describe(columns: &[Column], rows: &[Row]) -> String {
    let parts: Vec<String> = rows
        .iter()
        .map(|r| {
            let name = match r.number {
                Some(n) => format!("{n}. {}", r.short),
                None => "Alle aanbevelingen".into(),
            };
            let items: Vec<String> =
                columns.iter().zip(&r.counts).map(|(c, n)| format!("{} {n}", c.label.to_lowercase())).collect();
            format!("{name} ({}): {}", r.total, items.join(", "))
        })
        .collect();
    format!("Aantal aanbevelingen per status. {}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::bar_shares;

    #[test]
    fn a_small_count_gets_room_for_its_number_and_the_bar_stays_whole() {
        // The sample report's whole bar: 6, 31, 5, 4, 3, 1 of 50.
        let s = bar_shares(&[6, 31, 5, 4, 3, 1]);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{s:?}");
        assert!(s.iter().all(|&x| x >= 0.03 - 1e-12), "{s:?}");
        assert_eq!(s[5], 0.03, "1 of 50 is raised to the minimum");
        // Larger counts keep larger parts, in the same order.
        for (a, b) in [(1, 0), (0, 2), (2, 3), (3, 4), (4, 5)] {
            assert!(s[a] > s[b], "{s:?}");
        }
    }

    #[test]
    fn shares_above_the_minimum_are_exact() {
        assert_eq!(bar_shares(&[1, 1]), vec![0.5, 0.5]);
        assert_eq!(bar_shares(&[3]), vec![1.0]);
        assert_eq!(bar_shares(&[]), Vec::<f64>::new());
        // Forty statuses of one each: the minimum yields to 1/40.
        let s = bar_shares(&[1; 40]);
        assert!(s.iter().all(|&x| (x - 0.025).abs() < 1e-12), "{s:?}");
    }
}
