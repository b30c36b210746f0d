//! Milestone dates with the precision the writer gave: a day, a month, a
//! quarter, a half year or a year. A milestone "in 2023-Q2" is only overdue
//! after 30 June 2023, so every period knows its last day.

use chrono::{Datelike, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year(i32),
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

impl Period {
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY` (q and h in any case).
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let year = parse_year(parts.first()?)?;
        match parts.as_slice() {
            [_] => Some(Period::Year(year)),
            [_, second] => {
                let upper = second.to_ascii_uppercase();
                if let Some(q) = upper.strip_prefix('Q') {
                    let quarter = small(q, 1, 4)?;
                    Some(Period::Quarter { year, quarter })
                } else if let Some(h) = upper.strip_prefix('H') {
                    let half = small(h, 1, 2)?;
                    Some(Period::Half { year, half })
                } else {
                    if second.len() != 2 {
                        return None;
                    }
                    let month = small(second, 1, 12)?;
                    Some(Period::Month { year, month })
                }
            }
            [_, m, d] if m.len() == 2 && d.len() == 2 => {
                let month = small(m, 1, 12)?;
                let day = small(d, 1, 31)?;
                NaiveDate::from_ymd_opt(year, month, day).map(Period::Day)
            }
            _ => None,
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        match *self {
            Period::Day(d) => d,
            Period::Month { year, month } => ymd(year, month, 1),
            Period::Quarter { year, quarter } => ymd(year, quarter * 3 - 2, 1),
            Period::Half { year, half } => ymd(year, half * 6 - 5, 1),
            Period::Year(year) => ymd(year, 1, 1),
        }
    }

    /// The last day of the period: a milestone is overdue once this has passed.
    pub fn last_day(&self) -> NaiveDate {
        // One date made, not two: this is asked for every milestone many
        // times over in a build.
        let end_of_month = |year: i32, month: u32| {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 31,
            };
            NaiveDate::from_ymd_opt(year, month, days).unwrap_or(NaiveDate::MAX)
        };
        match *self {
            Period::Day(d) => d,
            Period::Month { year, month } => end_of_month(year, month),
            Period::Quarter { year, quarter } => end_of_month(year, quarter * 3),
            Period::Half { year, half } => end_of_month(year, half * 6),
            Period::Year(year) => end_of_month(year, 12),
        }
    }

    /// Overdue on `peildatum` when not done and the whole period lies before it.
    pub fn ended_before(&self, peildatum: NaiveDate) -> bool {
        self.last_day() < peildatum
    }

    /// The quarter the period ends in, for the road map (`2023-Q2`).
    pub fn quarter_key(&self) -> (i32, u32) {
        let d = self.last_day();
        (d.year(), d.month0() / 3 + 1)
    }

    /// The canonical machine form, as written in the content format.
    pub fn canonical(&self) -> String {
        match *self {
            Period::Day(d) => iso_date(d),
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
            Period::Half { year, half } => format!("{year:04}-H{half}"),
            Period::Year(year) => format!("{year:04}"),
        }
    }

    /// Dutch reading form: `11 januari 2023`, `juni 2022`, `2e kwartaal 2023`.
    pub fn dutch(&self) -> String {
        match *self {
            Period::Day(d) => dutch_date(d),
            Period::Month { year, month } => format!("{} {year}", MONTHS[(month - 1) as usize]),
            Period::Quarter { year, quarter } => format!("{quarter}e kwartaal {year}"),
            Period::Half { year, half } => format!("{half}e helft {year}"),
            Period::Year(year) => year.to_string(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// A day as YYYY-MM-DD, the one way every output writes a date as data.
pub fn iso_date(d: NaiveDate) -> String {
    // Written out rather than through chrono's format string, which is
    // parsed again for every call: this runs for every milestone.
    match d.year() {
        year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", d.month(), d.day()),
        // chrono's sign and width for the years it writes differently.
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// `11 januari 2023`: chrono's locale support is not needed for twelve names.
pub fn dutch_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn parse_year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn small(s: &str, min: u32, max: u32) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.parse().ok()?;
    (min..=max).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn iso_date_writes_what_chrono_writes() {
        for (y, m, day) in
            [(2023, 1, 5), (1, 12, 31), (0, 2, 29), (9999, 12, 31), (10000, 1, 1), (-1, 6, 1), (-262143, 1, 1)]
        {
            let date = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn parses_every_precision() {
        assert_eq!(Period::parse("2022-06-15"), Some(Period::Day(d("2022-06-15"))));
        assert_eq!(Period::parse("2022-06"), Some(Period::Month { year: 2022, month: 6 }));
        assert_eq!(Period::parse("2023-Q2"), Some(Period::Quarter { year: 2023, quarter: 2 }));
        assert_eq!(Period::parse("2023-q2"), Some(Period::Quarter { year: 2023, quarter: 2 }));
        assert_eq!(Period::parse("2023-H1"), Some(Period::Half { year: 2023, half: 1 }));
        assert_eq!(Period::parse("2024"), Some(Period::Year(2024)));
    }

    #[test]
    fn rejects_invalid_dates() {
        for t in
            ["2022-13", "2022-02-30", "2022-Q5", "2022-H3", "22", "2022-6", "juni 2022", "", "2022-06-15-1", "2022-Q"]
        {
            assert_eq!(Period::parse(t), None, "{t}");
        }
    }

    #[test]
    fn knows_the_last_day_of_each_period() {
        assert_eq!(Period::parse("2022-06-15").unwrap().last_day(), d("2022-06-15"));
        assert_eq!(Period::parse("2024-02").unwrap().last_day(), d("2024-02-29"));
        assert_eq!(Period::parse("2023-02").unwrap().last_day(), d("2023-02-28"));
        assert_eq!(Period::parse("2000-02").unwrap().last_day(), d("2000-02-29"));
        assert_eq!(Period::parse("2100-02").unwrap().last_day(), d("2100-02-28"));
        assert_eq!(Period::parse("2023-11").unwrap().last_day(), d("2023-11-30"));
        assert_eq!(Period::parse("2022-12").unwrap().last_day(), d("2022-12-31"));
        assert_eq!(Period::parse("2023-Q1").unwrap().last_day(), d("2023-03-31"));
        assert_eq!(Period::parse("2023-Q4").unwrap().last_day(), d("2023-12-31"));
        assert_eq!(Period::parse("2023-H1").unwrap().last_day(), d("2023-06-30"));
        assert_eq!(Period::parse("2023-H2").unwrap().last_day(), d("2023-12-31"));
        assert_eq!(Period::parse("2023").unwrap().last_day(), d("2023-12-31"));
    }

    #[test]
    fn overdue_at_the_edges_of_each_precision() {
        let peil = d("2022-12-01");
        // A day: overdue only when strictly before the peildatum.
        assert!(Period::parse("2022-11-30").unwrap().ended_before(peil));
        assert!(!Period::parse("2022-12-01").unwrap().ended_before(peil));
        // A month ends on its last day.
        assert!(Period::parse("2022-11").unwrap().ended_before(peil));
        assert!(!Period::parse("2022-12").unwrap().ended_before(peil));
        // A quarter, half year or year that contains the peildatum is not over.
        assert!(Period::parse("2022-Q3").unwrap().ended_before(peil));
        assert!(!Period::parse("2022-Q4").unwrap().ended_before(peil));
        assert!(Period::parse("2022-H1").unwrap().ended_before(peil));
        assert!(!Period::parse("2022-H2").unwrap().ended_before(peil));
        assert!(Period::parse("2021").unwrap().ended_before(peil));
        assert!(!Period::parse("2022").unwrap().ended_before(peil));
        // A quarter is over on the first day of the next one.
        assert!(Period::parse("2022-Q3").unwrap().ended_before(d("2022-10-01")));
        assert!(!Period::parse("2022-Q3").unwrap().ended_before(d("2022-09-30")));
    }

    #[test]
    fn dutch_forms() {
        assert_eq!(dutch_date(d("2023-01-11")), "11 januari 2023");
        assert_eq!(Period::parse("2022-06").unwrap().dutch(), "juni 2022");
        assert_eq!(Period::parse("2023-Q2").unwrap().dutch(), "2e kwartaal 2023");
        assert_eq!(Period::parse("2023-H1").unwrap().dutch(), "1e helft 2023");
        assert_eq!(Period::parse("2023-q2").unwrap().canonical(), "2023-Q2");
        assert_eq!(Period::parse("2023-Q2").unwrap().quarter_key(), (2023, 2));
        assert_eq!(Period::parse("2023-H2").unwrap().quarter_key(), (2023, 4));
    }
}
