//! The level each heading of a body is printed at. The site and the PDF
//! both ask this one type, so a body's `# A` and `### B` become the same
//! levels in both: the writer's shallowest heading sits one below the
//! heading the body belongs to, a deeper one goes at most one level
//! further than the heading before it (PDF/UA and WCAG forbid skipping a
//! level), and none goes past 6.

use pulldown_cmark::{Event, HeadingLevel, Tag};

#[derive(Debug, Clone, Copy)]
pub struct HeadingLevels {
    under: u8,
    shallowest: u8,
    prev: u8,
}

impl HeadingLevels {
    /// For a body printed under a heading of level `under` (the site's and
    /// the PDF's levels are the same: 1 a chapter or page, 2 a
    /// recommendation, 3 a ministry's part), reading `events` once for the
    /// shallowest heading the writer used.
    pub fn new<'a, 'e: 'a>(under: u8, events: impl IntoIterator<Item = &'a Event<'e>>) -> HeadingLevels {
        let shallowest = events
            .into_iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        HeadingLevels { under, shallowest, prev: under }
    }

    /// The printed level of the next heading, written at `written`.
    pub fn next(&mut self, written: HeadingLevel) -> u8 {
        let depth = (written as u8).saturating_sub(self.shallowest) + 1;
        let level = self.under.saturating_add(depth).min(self.prev + 1).clamp(1, 6);
        self.prev = level;
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(under: u8, text: &str) -> Vec<u8> {
        let events: Vec<Event> = super::super::parser(text).collect();
        let mut l = HeadingLevels::new(under, &events);
        events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(l.next(*level)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_shallowest_sits_one_below_and_no_level_is_skipped() {
        assert_eq!(levels(3, "# A\n\n### B\n"), [4, 5]);
        assert_eq!(levels(3, "## A\n\n# B\n\n### C\n"), [4, 4, 5]);
        assert_eq!(levels(1, "#### Diep\n"), [2]);
        assert_eq!(levels(3, "# A\n\n## B\n\n### C\n\n#### D\n"), [4, 5, 6, 6]);
    }
}
