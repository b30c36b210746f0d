//! Recommendation identifiers. Writers type `2.1 A`, `2.1a` or `2.1.a`; the
//! model only ever holds the normal form `2.1.A`, so lookups and sorting
//! never depend on how someone typed it.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(into = "String")]
pub struct RecId {
    pub theme: u32,
    pub group: u32,
    pub letter: char,
}

impl RecId {
    /// Accepts `<theme>.<group>.<letter>` with a dot, space or nothing before
    /// the letter, any case, surrounding blanks ignored.
    pub fn parse(text: &str) -> Option<RecId> {
        let t = text.trim();
        let (theme, rest) = t.split_once('.')?;
        let rest = rest.trim_start();
        let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (group, tail) = rest.split_at(digits_end);
        let tail = tail.trim_start_matches(['.', ' ']);
        let mut chars = tail.chars();
        let letter = chars.next()?;
        if chars.next().is_some() || !letter.is_ascii_alphabetic() {
            return None;
        }
        let number = |s: &str| -> Option<u32> {
            if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        Some(RecId { theme: number(theme.trim())?, group: number(group)?, letter: letter.to_ascii_uppercase() })
    }

    /// The HTML anchor, stable from year to year: `aanbeveling-2-1-a`.
    pub fn anchor(&self) -> String {
        format!("aanbeveling-{}-{}-{}", self.theme, self.group, self.letter.to_ascii_lowercase())
    }
}

impl fmt::Display for RecId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.theme, self.group, self.letter)
    }
}

impl From<RecId> for String {
    fn from(id: RecId) -> String {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_ways_writers_type_an_id() {
        for text in ["2.1.A", "2.1 A", "2.1a", "2.1.a", " 2.1.A ", "2.1 a"] {
            assert_eq!(RecId::parse(text).map(|i| i.to_string()).as_deref(), Some("2.1.A"), "{text}");
        }
        assert_eq!(RecId::parse("10.12.C").unwrap().to_string(), "10.12.C");
    }

    #[test]
    fn rejects_what_is_not_an_id() {
        for text in ["", "2", "2.1", "2.1.AB", "A.1.B", "2..A", "2.1.1", "2.1.é", "99999.1.A"] {
            assert_eq!(RecId::parse(text), None, "{text}");
        }
    }

    #[test]
    fn sorts_numerically() {
        let mut ids: Vec<RecId> = ["2.10.A", "2.2.B", "2.2.A"].iter().filter_map(|t| RecId::parse(t)).collect();
        ids.sort();
        let s: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        assert_eq!(s, ["2.2.A", "2.2.B", "2.10.A"]);
    }

    #[test]
    fn anchor_is_stable() {
        assert_eq!(RecId::parse("4.3.C").unwrap().anchor(), "aanbeveling-4-3-c");
    }
}
