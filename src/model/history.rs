//! A recommendation across editions. Last year's export carries each
//! recommendation's status per year and its milestones with the dates every
//! edition gave them, so this year's report can say which milestone moved,
//! which vanished and whose contribution is still last year's text, without
//! re-reading old content. Pure functions over plain data: validation links
//! the editions once and the renderers read the links.

use super::{Milestone, Period};

/// A recommendation's status in one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub year: i32,
    /// The status key as that edition wrote it (`null` when it had none).
    pub status: Option<String>,
    pub label: Option<String>,
}

/// A milestone as last year's export gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastMilestone {
    pub key: Option<String>,
    pub when: Period,
    /// The first date any edition gave it (`oorspronkelijk_wanneer`).
    pub original: Option<Period>,
    pub what: String,
    pub done: bool,
    pub reason: Option<String>,
    pub ministry: String,
}

/// A contribution as last year's export gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastContribution {
    pub ministry: String,
    pub summary: Option<String>,
    pub text: String,
}

/// Everything last year's export says about one recommendation beyond its status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PastRecommendation {
    /// Oldest first, last year's edition last.
    pub history: Vec<Edition>,
    pub milestones: Vec<PastMilestone>,
    pub contributions: Vec<PastContribution>,
}

/// How a milestone of this edition relates to last year's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MilestonePast {
    /// Its own `sleutel`, else the one of last year's milestone it continues.
    pub key: Option<String>,
    /// The date last year's report gave it; `None` when it is new.
    pub previous: Option<Period>,
    /// The first date any edition gave it (this one's, when it is new).
    pub original: Option<Period>,
    /// Its period now ends later than last year's.
    pub moved: bool,
    /// Last year's words for it, when they differ from this year's (a
    /// milestone reworded under the same `sleutel`).
    pub previous_what: Option<String>,
}

/// `Wetsvoorstel  ingediend` and `wetsvoorstel ingediend` are the same milestone.
pub fn normalise_what(what: &str) -> String {
    what.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

fn normalise_key(key: &str) -> String {
    key.trim().to_lowercase()
}

/// One milestone of this edition as linking sees it.
#[derive(Debug, Clone, Copy)]
pub struct Current<'a> {
    /// The ministry whose contribution gives it.
    pub ministry: &'a str,
    pub key: Option<&'a str>,
    pub what: &'a str,
}

/// Whether a milestone of `ministry` may continue last year's `p`: a
/// ministry continues only its own milestones, so another ministry that
/// reuses a `sleutel` or a `wat` cannot make one vanish unseen. An export
/// that did not record the ministry (an older one) matches any.
fn same_ministry(ministry: &str, p: &PastMilestone) -> bool {
    p.ministry.is_empty() || p.ministry == ministry
}

/// For each milestone of this edition, the index of last year's milestone
/// it continues. A milestone continues one of its own ministry's, matched
/// by `sleutel` when both carry one, otherwise by its `wat` (case and white
/// space ignored); each of last year's milestones continues at most once,
/// earlier milestones first.
pub fn link(current: &[Current], previous: &[PastMilestone]) -> Vec<Option<usize>> {
    let mut taken = vec![false; previous.len()];
    let mut links: Vec<Option<usize>> = vec![None; current.len()];
    for (i, c) in current.iter().enumerate() {
        let Some(key) = c.key.map(normalise_key) else { continue };
        let found = previous.iter().enumerate().find(|(j, p)| {
            !taken[*j] && same_ministry(c.ministry, p) && p.key.as_deref().map(normalise_key).as_ref() == Some(&key)
        });
        if let Some((j, _)) = found {
            taken[j] = true;
            links[i] = Some(j);
        }
    }
    for (i, c) in current.iter().enumerate() {
        if links[i].is_some() {
            continue;
        }
        let what = normalise_what(c.what);
        // Two keys name two different milestones, whatever their text.
        let both_keyed = |p: &PastMilestone| c.key.is_some() && p.key.is_some();
        let found = previous.iter().enumerate().find(|(j, p)| {
            !taken[*j] && same_ministry(c.ministry, p) && !both_keyed(p) && normalise_what(&p.what) == what
        });
        if let Some((j, _)) = found {
            taken[j] = true;
            links[i] = Some(j);
        }
    }
    links
}

/// Last year's milestones that were not done and that no milestone of this
/// edition continues: they disappeared, and the report must say so.
pub fn dropped<'p>(previous: &'p [PastMilestone], links: &[Option<usize>]) -> Vec<&'p PastMilestone> {
    previous.iter().enumerate().filter(|(j, p)| !p.done && !links.contains(&Some(*j))).map(|(_, p)| p).collect()
}

/// Whether a `vervallen` entry names last year's milestone `p`: by key
/// when the entry gives one (case ignored), else by its words as
/// milestones are matched.
pub fn names(name: &super::DroppedName, p: &PastMilestone) -> bool {
    match name {
        super::DroppedName::Key(k) => p.key.as_deref().map(normalise_key) == Some(normalise_key(k)),
        super::DroppedName::What(w) => normalise_what(&p.what) == normalise_what(w),
    }
}

/// What a milestone of this edition inherits from the one it continues.
pub fn past_of(m: &Milestone, previous: Option<&PastMilestone>) -> MilestonePast {
    match previous {
        None => MilestonePast {
            key: m.key.clone(),
            previous: None,
            original: Some(m.when),
            moved: false,
            previous_what: None,
        },
        Some(p) => MilestonePast {
            key: m.key.clone().or_else(|| p.key.clone()),
            previous: Some(p.when),
            original: Some(p.original.unwrap_or(p.when)),
            moved: m.when.last_day() > p.when.last_day(),
            previous_what: (normalise_what(&p.what) != normalise_what(&m.what)).then(|| p.what.clone()),
        },
    }
}

/// The status per edition: last year's history (oldest first), then this
/// edition.
pub fn editions(past: &[Edition], now: Edition) -> Vec<Edition> {
    let mut out: Vec<Edition> = past.iter().filter(|e| e.year < now.year).cloned().collect();
    out.push(now);
    out
}

/// A milestone as compared for "still last year's": the key that
/// `next-year` adds does not count.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Compared<'a> {
    when: String,
    what: &'a str,
    done: bool,
    reason: Option<&'a str>,
}

/// Whether a contribution is still exactly last year's: the same text,
/// summary, status and milestones (`sleutel` aside).
pub fn unchanged(
    contribution: &super::Contribution,
    status_now: Option<&str>,
    status_then: Option<&str>,
    past: &PastRecommendation,
) -> bool {
    let Some(then) = past.contributions.iter().find(|c| c.ministry == contribution.ministry) else {
        return false;
    };
    let mut now: Vec<Compared> = contribution
        .milestones
        .iter()
        .map(|m| Compared { when: m.when.canonical(), what: &m.what, done: m.done, reason: m.reason.as_deref() })
        .collect();
    let mut before: Vec<Compared> = past
        .milestones
        .iter()
        .filter(|m| m.ministry == contribution.ministry)
        .map(|m| Compared { when: m.when.canonical(), what: &m.what, done: m.done, reason: m.reason.as_deref() })
        .collect();
    now.sort();
    before.sort();
    then.text == contribution.body.text
        && then.summary == contribution.summary
        && now == before
        && status_now == status_then
}

#[cfg(test)]
mod tests {
    use super::*;

    fn past(key: Option<&str>, when: &str, what: &str, done: bool) -> PastMilestone {
        PastMilestone {
            key: key.map(String::from),
            when: Period::parse(when).unwrap(),
            original: None,
            what: what.into(),
            done,
            reason: None,
            ministry: "SZW".into(),
        }
    }

    fn szw<'a>(key: Option<&'a str>, what: &'a str) -> Current<'a> {
        Current { ministry: "SZW", key, what }
    }

    fn now(key: Option<&str>, when: &str, what: &str) -> Milestone {
        Milestone {
            key: key.map(String::from),
            when: Period::parse(when).unwrap(),
            what: what.into(),
            done: false,
            reason: None,
            at: Default::default(),
            past: None,
        }
    }

    #[test]
    fn matches_by_key_then_by_text_ignoring_case_and_space() {
        let prev = [
            past(Some("wet"), "2023-Q2", "Wetsvoorstel ingediend", false),
            past(None, "2023-Q3", "Advies  Raad van State", false),
            past(None, "2023-Q4", "Iets anders", false),
        ];
        let cur =
            [szw(None, "advies raad van state"), szw(Some("WET"), "Wetsvoorstel naar de Kamer"), szw(None, "Nieuw")];
        assert_eq!(link(&cur, &prev), [Some(1), Some(0), None]);
        assert_eq!(dropped(&prev, &link(&cur, &prev)), [&prev[2]]);
    }

    #[test]
    fn different_keys_are_different_milestones_and_done_ones_never_drop() {
        let prev = [past(Some("a"), "2023-Q2", "Zelfde tekst", false), past(None, "2022-Q1", "Klaar", true)];
        let cur = [szw(Some("b"), "Zelfde tekst")];
        assert_eq!(link(&cur, &prev), [None]);
        assert_eq!(dropped(&prev, &[None]), [&prev[0]]);
    }

    #[test]
    fn each_past_milestone_continues_once() {
        let prev = [past(None, "2023-Q2", "Twee keer", false)];
        assert_eq!(link(&[szw(None, "Twee keer"), szw(None, "twee keer")], &prev), [Some(0), None]);
    }

    #[test]
    fn a_milestone_continues_only_one_of_its_own_ministry() {
        let prev = [past(Some("wet"), "2023-Q2", "Wetsvoorstel ingediend", false)];
        let bzk = |key, what| Current { ministry: "BZK", key, what };
        // Another ministry's key, its text, or both: not the same milestone.
        for cur in
            [bzk(Some("wet"), "Iets"), bzk(None, "Wetsvoorstel ingediend"), bzk(Some("WET"), "wetsvoorstel ingediend")]
        {
            let links = link(&[cur], &prev);
            assert_eq!(links, [None], "{cur:?}");
            assert_eq!(dropped(&prev, &links), [&prev[0]], "{cur:?}");
        }
        // Beside the ministry's own, it takes nothing away from it.
        assert_eq!(link(&[bzk(Some("wet"), "x"), szw(Some("wet"), "y")], &prev), [None, Some(0)]);
        // An older export without ministries matches any.
        let mut old = prev.clone();
        old[0].ministry.clear();
        assert_eq!(link(&[bzk(Some("wet"), "x")], &old), [Some(0)]);
    }

    #[test]
    fn moved_only_when_the_period_ends_later() {
        let mut p = past(Some("wet"), "2023-Q2", "Wet", false);
        let later = past_of(&now(None, "2023-Q4", "Wet"), Some(&p));
        assert!(later.moved);
        assert_eq!(later.key.as_deref(), Some("wet"));
        assert_eq!(later.previous, Period::parse("2023-Q2"));
        assert_eq!(later.original, Period::parse("2023-Q2"));
        // Earlier, or the same end in another precision, is no slip.
        assert!(!past_of(&now(None, "2023-04", "Wet"), Some(&p)).moved);
        assert!(!past_of(&now(None, "2023-H1", "Wet"), Some(&p)).moved);
        // The original date travels down the chain.
        p.original = Period::parse("2022-Q4");
        assert_eq!(past_of(&now(None, "2024", "Wet"), Some(&p)).original, Period::parse("2022-Q4"));
        let reworded = past_of(&now(None, "2024", "Wetsvoorstel naar de Kamer"), Some(&p));
        assert_eq!(reworded.previous_what.as_deref(), Some("Wet"));
        assert_eq!(past_of(&now(None, "2024", " wet "), Some(&p)).previous_what, None);
        let new = past_of(&now(Some("x"), "2024", "Nieuw"), None);
        assert_eq!((new.previous, new.original, new.moved), (None, Period::parse("2024"), false));
    }

    #[test]
    fn editions_chain_oldest_first() {
        let e = |year, s: &str| Edition { year, status: Some(s.into()), label: None };
        assert_eq!(editions(&[e(2021, "x"), e(2022, "a")], e(2023, "b")), [e(2021, "x"), e(2022, "a"), e(2023, "b")]);
        assert_eq!(editions(&[], e(2023, "b")), [e(2023, "b")]);
        // Built again for the same year, the edition replaces itself.
        assert_eq!(editions(&[e(2022, "a"), e(2023, "x")], e(2023, "b")), [e(2022, "a"), e(2023, "b")]);
    }
}
