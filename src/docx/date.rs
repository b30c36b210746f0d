//! Milestone dates and *Gereed* answers as writers type them in a form.
//! The form shows a date as the report prints it (`2e kwartaal 2023`,
//! `juni 2023`, `15 juni 2023`); what comes back may be any unambiguous
//! spelling a Dutch writer uses, and is stored in the content format's
//! canonical form (`2023-Q2`). What cannot be read for certain is an error
//! that suggests the likely meaning, never a guess.

use crate::model::Period;
use chrono::NaiveDate;

const MONTHS: [(&str, u32); 12] = [
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("augustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
];

/// What a milestone date in a form says, or a Dutch explanation of why it
/// cannot be read, with a suggestion when one is likely.
pub fn read(text: &str) -> Result<Period, String> {
    let t = text.trim();
    if let Some(p) = Period::parse(t) {
        return Ok(p);
    }
    let lower = t.to_lowercase().replace(['.', ','], " ");
    let words: Vec<&str> =
        lower.split(|c: char| c.is_whitespace() || c == '-' || c == '/').filter(|w| !w.is_empty()).collect();
    if let Some(p) = words_period(&words) {
        return Ok(p);
    }
    if let Some(p) = numeric(t) {
        return Ok(p);
    }
    Err(explain(t, &words))
}

/// `Q3 2023`, `2023 Q3`, `3e kwartaal 2023`, `derde kwartaal 2023`,
/// `2e helft 2024`, `H2 2024`, `september 2023`, `sept 2023`, `15 september 2023`.
fn words_period(words: &[&str]) -> Option<Period> {
    let (year, rest) = split_year(words)?;
    match rest.as_slice() {
        [q] if q.len() == 2 && (q.starts_with('q') || q.starts_with('k')) => {
            let quarter = q[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
            Some(Period::Quarter { year, quarter })
        }
        [h] if h.len() == 2 && h.starts_with('h') => {
            let half = h[1..].parse().ok().filter(|h| (1..=2).contains(h))?;
            Some(Period::Half { year, half })
        }
        [n, "kwartaal" | "kw"] | ["kwartaal" | "kw", n] => {
            let quarter = ordinal(n).filter(|q| (1..=4).contains(q))?;
            Some(Period::Quarter { year, quarter })
        }
        [n, "helft" | "halfjaar"] | ["halfjaar", n] => {
            let half = ordinal(n).filter(|h| (1..=2).contains(h))?;
            Some(Period::Half { year, half })
        }
        [m] => Some(Period::Month { year, month: month(m)? }),
        [d, m] => {
            let day: u32 = d.parse().ok()?;
            NaiveDate::from_ymd_opt(year, month(m)?, day).map(Period::Day)
        }
        _ => None,
    }
}

/// The four-digit year, first or last, and the other words.
fn split_year<'a>(words: &[&'a str]) -> Option<(i32, Vec<&'a str>)> {
    let is_year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let (year, rest) = match words {
        [first, rest @ ..] if is_year(first) => (first, rest.to_vec()),
        [rest @ .., last] if is_year(last) => (last, rest.to_vec()),
        _ => return None,
    };
    Some((year.parse().ok()?, rest))
}

/// `3e`, `3de`, `3`, `derde`.
fn ordinal(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches("ste").trim_end_matches("de").trim_end_matches('e');
    if let Ok(n) = digits.parse() {
        return Some(n);
    }
    ["eerste", "tweede", "derde", "vierde"].iter().position(|o| *o == w).map(|i| i as u32 + 1)
}

/// A month by its name or an abbreviation of at least three letters.
fn month(w: &str) -> Option<u32> {
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().find(|(name, _)| name.starts_with(w) || (w == "sept" && *name == "september")).map(|(_, n)| *n)
}

/// `15-09-2023`, `15/9/2023`, `15.09.2023` (day first, as the Dutch write
/// it), `09-2023` (a month).
fn numeric(t: &str) -> Option<Period> {
    let parts: Vec<&str> = t.split(['-', '/', '.']).map(str::trim).collect();
    if !parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).map(Period::Day)
        }
        [m, y] if y.len() == 4 && m.len() <= 2 => {
            let month = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some(Period::Month { year: y.parse().ok()?, month })
        }
        [y, m] if y.len() == 4 && m.len() == 1 => {
            let month = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some(Period::Month { year: y.parse().ok()?, month })
        }
        _ => None,
    }
}

/// Why a date cannot be read, with what it most likely means.
fn explain(t: &str, words: &[&str]) -> String {
    let suggest = |p: Period| format!("`{t}` is geen datum die het rapport kan lezen; bedoelt u `{}`?", p.dutch());
    let year = split_year(words).map(|(y, _)| y);
    let has = |w: &str| words.contains(&w);
    // A season or a vague part of a year: the likely period, to be confirmed.
    if let Some(year) = year {
        if has("voorjaar") || has("begin") {
            return suggest(Period::Half { year, half: 1 });
        }
        // The end of a year is its last quarter; its middle, the end of
        // its first half (a milestone stands on the last day of its
        // period: anything later would move the promise back).
        if has("eind") || has("einde") {
            return suggest(Period::Quarter { year, quarter: 4 });
        }
        if has("najaar") {
            return suggest(Period::Half { year, half: 2 });
        }
        if has("medio") || has("midden") {
            return suggest(Period::Half { year, half: 1 });
        }
        if has("zomer") {
            return suggest(Period::Quarter { year, quarter: 3 });
        }
        if has("winter") {
            return suggest(Period::Quarter { year, quarter: 4 });
        }
    }
    // Month first (9/15/2023): a day over 12 cannot be a month.
    let parts: Vec<&str> = t.split(['-', '/', '.']).map(str::trim).collect();
    if let [a, b, y] = parts.as_slice()
        && let (Ok(m), Ok(d), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>(), y.parse::<i32>())
        && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
    {
        return format!(
            "`{t}` is geen datum die het rapport kan lezen (de dag komt eerst); bedoelt u `{}`, geschreven als {}?",
            Period::Day(date).dutch(),
            date.format("%d-%m-%Y")
        );
    }
    // A two-digit year, with or without its apostrophe ('25).
    if let [.., last] = words
        && let last = last.trim_start_matches(['\'', '\u{2019}'])
        && last.len() == 2
        && last.bytes().all(|b| b.is_ascii_digit())
    {
        let full = format!("20{last}");
        let longer: Vec<String> = words[..words.len() - 1].iter().map(|w| w.to_string()).chain([full]).collect();
        let refs: Vec<&str> = longer.iter().map(String::as_str).collect();
        if let Some(p) = words_period(&refs) {
            return suggest(p);
        }
    }
    format!(
        "`{t}` is geen datum die het rapport kan lezen; schrijf bijvoorbeeld 15-09-2023, september 2023, \
         3e kwartaal 2023, 2e helft 2023 of 2023"
    )
}

/// A *Gereed* cell: `Some(true)` for ja (and `x`, `✓`, `✔`, `j`, `gereed`,
/// `klaar`), `Some(false)` for nee (and empty, `-`, `n`); `None` otherwise.
pub fn done(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().trim_end_matches('.') {
        "ja" | "j" | "x" | "✓" | "✔" | "☑" | "☒" | "gereed" | "klaar" | "yes" | "true" => Some(true),
        "nee" | "n" | "" | "-" | "–" | "☐" | "no" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unambiguous_spelling_reads_as_its_period() {
        for (typed, canonical) in [
            ("Q3 2023", "2023-Q3"),
            ("q3 2023", "2023-Q3"),
            ("2023 Q3", "2023-Q3"),
            ("2023-Q3", "2023-Q3"),
            ("3e kwartaal 2023", "2023-Q3"),
            ("3de kwartaal 2023", "2023-Q3"),
            ("derde kwartaal 2023", "2023-Q3"),
            ("september 2023", "2023-09"),
            ("sept. 2023", "2023-09"),
            ("Sep 2023", "2023-09"),
            ("15 september 2023", "2023-09-15"),
            ("15-09-2023", "2023-09-15"),
            ("15/9/2023", "2023-09-15"),
            ("15.09.2023", "2023-09-15"),
            ("09-2023", "2023-09"),
            ("2e helft 2024", "2024-H2"),
            ("tweede helft 2024", "2024-H2"),
            ("H1 2024", "2024-H1"),
            ("2024", "2024"),
            ("4e kwartaal 2023", "2023-Q4"),
            ("1e kw. 2025", "2025-Q1"),
            ("juni 2023", "2023-06"),
            ("15 juni 2023", "2023-06-15"),
        ] {
            assert_eq!(read(typed).map(|p| p.canonical()), Ok(canonical.to_string()), "{typed}");
        }
    }

    #[test]
    fn what_the_form_shows_reads_back_as_itself() {
        for c in ["2023-06-15", "2023-06", "2023-Q4", "2023-H1", "2023"] {
            let p = Period::parse(c).unwrap();
            assert_eq!(read(&p.dutch()), Ok(p));
        }
    }

    #[test]
    fn ambiguous_dates_are_errors_with_the_likely_meaning() {
        for (typed, says) in [
            ("najaar 2023", "bedoelt u `2e helft 2023`?"),
            ("begin 2024", "bedoelt u `1e helft 2024`?"),
            ("medio 2024", "bedoelt u `1e helft 2024`?"),
            ("eind 2024", "bedoelt u `4e kwartaal 2024`?"),
            ("zomer 2024", "bedoelt u `3e kwartaal 2024`?"),
            ("Q1 '25", "bedoelt u `1e kwartaal 2025`?"),
            ("maart '24", "bedoelt u `maart 2024`?"),
            ("9/15/2023", "bedoelt u `15 september 2023`, geschreven als 15-09-2023?"),
            ("sept 23", "bedoelt u `september 2023`?"),
            ("Q5 2023", "schrijf bijvoorbeeld 15-09-2023"),
            ("binnenkort", "schrijf bijvoorbeeld"),
            ("31-02-2023", "schrijf bijvoorbeeld"),
        ] {
            let e = read(typed).unwrap_err();
            assert!(e.contains(says), "{typed}: {e}");
        }
    }

    #[test]
    fn gereed_takes_yes_no_and_the_obvious_marks() {
        for y in ["ja", "Ja", "x", "X", "✓", "✔", "gereed"] {
            assert_eq!(done(y), Some(true), "{y}");
        }
        for n in ["nee", "Nee", "", "-", "n"] {
            assert_eq!(done(n), Some(false), "{n}");
        }
        assert_eq!(done("nee, nog niet"), None);
    }
}
