//! Commitments to the Kamer and motions it adopted (`toezeggingen.yaml`):
//! what the report accounts for besides the recommendations, each tied to
//! the recommendations it concerns and, across editions, to its status in
//! every earlier report.

use super::history::Edition;
use super::{Period, RecId, Source};
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Commitment {
    /// Stable name across editions (`sleutel`).
    pub key: String,
    pub kind: CommitmentKind,
    /// A motion's Kamerstuk or a register number (`TZ202305-160`), linked
    /// when it is a Kamerstuk.
    pub number: Option<Source>,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// Who made or submitted it.
    pub by: Option<String>,
    /// The responsible ministry's code.
    pub ministry: String,
    /// Where it was made: a Kamerstuk or a debate report.
    pub made_in: Option<Source>,
    pub description: String,
    pub deadline: Option<Period>,
    pub status: CommitmentStatus,
    pub settlement: Option<Settlement>,
    /// In the order written, each once.
    pub recommendations: Vec<RecId>,
    /// Its status in every edition known, oldest first, this one last.
    pub history: Vec<Edition>,
}

impl Commitment {
    /// Overdue on `peildatum` by the milestones' rule: not settled and its
    /// deadline ended before.
    pub fn overdue(&self, peildatum: NaiveDate) -> bool {
        self.deadline.is_some_and(|d| super::overdue(self.status.settled(), d, peildatum))
    }
}

/// `afdoening`: how it was settled.
#[derive(Debug, Clone)]
pub struct Settlement {
    pub text: Option<String>,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentKind {
    Toezegging,
    Motie,
}

impl CommitmentKind {
    pub const ALL: [(&'static str, CommitmentKind); 2] =
        [("toezegging", CommitmentKind::Toezegging), ("motie", CommitmentKind::Motie)];

    pub fn key(self) -> &'static str {
        match self {
            CommitmentKind::Toezegging => "toezegging",
            CommitmentKind::Motie => "motie",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CommitmentKind::Toezegging => "Toezegging",
            CommitmentKind::Motie => "Motie",
        }
    }
}

/// The statuses of the Kamer's registers of commitments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentStatus {
    Openstaand,
    DeelsVoldaan,
    Voldaan,
    Aangehouden,
}

impl CommitmentStatus {
    pub const ALL: [(&'static str, CommitmentStatus); 4] = [
        ("openstaand", CommitmentStatus::Openstaand),
        ("deels-voldaan", CommitmentStatus::DeelsVoldaan),
        ("voldaan", CommitmentStatus::Voldaan),
        ("aangehouden", CommitmentStatus::Aangehouden),
    ];

    /// A key as written, any case, `deels voldaan` with a space too.
    pub fn parse(text: &str) -> Option<CommitmentStatus> {
        let t = text.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
        CommitmentStatus::ALL.iter().find(|(k, _)| *k == t).map(|(_, s)| *s)
    }

    pub fn key(self) -> &'static str {
        CommitmentStatus::ALL.iter().find(|(_, s)| *s == self).map_or("openstaand", |(k, _)| k)
    }

    pub fn label(self) -> &'static str {
        match self {
            CommitmentStatus::Openstaand => "Openstaand",
            CommitmentStatus::DeelsVoldaan => "Deels voldaan",
            CommitmentStatus::Voldaan => "Voldaan",
            CommitmentStatus::Aangehouden => "Aangehouden",
        }
    }

    /// Only `voldaan` settles a commitment; partly is still open.
    pub fn settled(self) -> bool {
        self == CommitmentStatus::Voldaan
    }
}

/// A commitment as last year's export gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastCommitment {
    pub status: Option<String>,
    /// Oldest first, last year's edition last.
    pub history: Vec<Edition>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn with(status: CommitmentStatus, deadline: Option<&str>) -> Commitment {
        Commitment {
            key: "k".into(),
            kind: CommitmentKind::Motie,
            number: None,
            title: "t".into(),
            date: None,
            by: None,
            ministry: "SZW".into(),
            made_in: None,
            description: "o".into(),
            deadline: deadline.and_then(Period::parse),
            status,
            settlement: None,
            recommendations: Vec::new(),
            history: Vec::new(),
        }
    }

    #[test]
    fn overdue_as_a_milestone_is() {
        let peil = d("2022-12-01");
        assert!(with(CommitmentStatus::Openstaand, Some("2022-Q3")).overdue(peil));
        assert!(with(CommitmentStatus::DeelsVoldaan, Some("2022-11-30")).overdue(peil));
        assert!(with(CommitmentStatus::Aangehouden, Some("2021")).overdue(peil));
        assert!(!with(CommitmentStatus::Voldaan, Some("2021")).overdue(peil));
        assert!(!with(CommitmentStatus::Openstaand, Some("2022-Q4")).overdue(peil));
        assert!(!with(CommitmentStatus::Openstaand, Some("2022-12-01")).overdue(peil));
        assert!(!with(CommitmentStatus::Openstaand, None).overdue(peil));
    }

    #[test]
    fn statuses_are_read_in_the_forms_writers_use() {
        assert_eq!(CommitmentStatus::parse("Deels voldaan"), Some(CommitmentStatus::DeelsVoldaan));
        assert_eq!(CommitmentStatus::parse(" VOLDAAN "), Some(CommitmentStatus::Voldaan));
        assert_eq!(CommitmentStatus::parse("afgedaan"), None);
        for (k, s) in CommitmentStatus::ALL {
            assert_eq!(s.key(), k);
        }
    }
}
