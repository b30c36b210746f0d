//! The editors' overview per ministry (`jaarrapport status`): what each
//! ministry owns, which contributions are in or missing, its status counts
//! its overdue milestones and the contributions still as last year's.
//! Derived here once; `status` prints it as
//! text (`render::status`) or JSON.

use crate::model::Report;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Overview {
    pub titel: String,
    pub peildatum: String,
    pub ministeries: Vec<MinistryStatus>,
    pub ontbrekend: usize,
    pub verlopen: usize,
    /// Contributions unchanged since last year, over all ministries.
    pub ongewijzigd: usize,
}

#[derive(Debug, Serialize)]
pub struct MinistryStatus {
    pub code: String,
    pub naam: String,
    /// Recommendations this ministry owns.
    pub eigenaar_van: usize,
    /// Owned recommendations with the owner's contribution in.
    pub binnen: Vec<String>,
    /// Owned, not folded into another, and no contribution yet.
    pub ontbreekt: Vec<Item>,
    /// Owned but folded into another recommendation: no contribution needed.
    pub meegenomen: Vec<String>,
    /// Contributions to recommendations owned by others.
    pub bijdragen_als_betrokkene: Vec<String>,
    pub statussen: Vec<Count>,
    pub verlopen_mijlpalen: Vec<Overdue>,
    /// Contributions still exactly as in last year's report (text, status,
    /// summary, milestones; keys added by `next-year` aside): whom to chase.
    pub ongewijzigd: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Item {
    pub id: String,
    pub titel: String,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub sleutel: String,
    pub label: String,
    pub aantal: usize,
}

#[derive(Debug, Serialize)]
pub struct Overdue {
    pub id: String,
    pub wanneer: String,
    pub wat: String,
}

pub fn overview(report: &Report) -> Overview {
    let peil = report.settings.peildatum;
    let ministeries: Vec<MinistryStatus> = report
        .ministries
        .iter()
        .map(|m| {
            let owned: Vec<_> = report.recommendations.iter().filter(|r| r.owner == m.code).collect();
            let has_own = |r: &&crate::model::Recommendation| r.has_contribution_from(&m.code);
            let mut statussen: Vec<Count> = report
                .statuses
                .iter()
                .map(|s| Count {
                    sleutel: s.key.clone(),
                    label: s.label.clone(),
                    aantal: owned.iter().filter(|r| report.effective_status(r) == Some(s)).count(),
                })
                .collect();
            let without = owned.iter().filter(|r| report.effective_status(r).is_none()).count();
            if without > 0 {
                statussen.push(Count { sleutel: String::new(), label: "Geen status".into(), aantal: without });
            }
            let mut verlopen: Vec<(chrono::NaiveDate, Overdue)> = Vec::new();
            for r in &report.recommendations {
                for c in r.contributions.iter().filter(|c| c.ministry == m.code) {
                    // The state the site and the PDF give it: one definition.
                    let late = |ms: &&crate::model::Milestone| {
                        super::planning::MarkState::of_milestone(ms, peil) == super::planning::MarkState::Verlopen
                    };
                    for ms in c.milestones.iter().filter(late) {
                        let item = Overdue { id: r.id.to_string(), wanneer: ms.when.canonical(), wat: ms.what.clone() };
                        verlopen.push((ms.when.last_day(), item));
                    }
                }
            }
            verlopen.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
            let ongewijzigd = report
                .recommendations
                .iter()
                .filter(|r| {
                    let Some(prev) = &report.previous else { return false };
                    let Some(past) = prev.recommendation(&r.id) else { return false };
                    r.contributions.iter().filter(|c| c.ministry == m.code).any(|c| {
                        // Only the owner's contribution sets the status.
                        let (now, then) = if r.owner == m.code {
                            (
                                report.effective_status(r).map(|s| s.key.as_str()),
                                prev.status_of(&r.id).and_then(|p| p.key.as_deref()),
                            )
                        } else {
                            (None, None)
                        };
                        crate::model::history::unchanged(c, now, then, past)
                    })
                })
                .map(|r| r.id.to_string())
                .collect();
            MinistryStatus {
                code: m.code.clone(),
                naam: m.name.clone(),
                eigenaar_van: owned.len(),
                binnen: owned.iter().filter(|r| has_own(r)).map(|r| r.id.to_string()).collect(),
                ontbreekt: owned
                    .iter()
                    .filter(|r| r.lacks_owner_contribution())
                    .map(|r| Item { id: r.id.to_string(), titel: r.title.clone() })
                    .collect(),
                meegenomen: owned
                    .iter()
                    .filter(|r| r.folded_into.is_some() && !has_own(r))
                    .map(|r| r.id.to_string())
                    .collect(),
                bijdragen_als_betrokkene: report
                    .recommendations
                    .iter()
                    .filter(|r| r.owner != m.code && r.has_contribution_from(&m.code))
                    .map(|r| r.id.to_string())
                    .collect(),
                statussen,
                verlopen_mijlpalen: verlopen.into_iter().map(|(_, o)| o).collect(),
                ongewijzigd,
            }
        })
        .collect();
    Overview {
        titel: report.settings.title.clone(),
        peildatum: peil.format("%Y-%m-%d").to_string(),
        ontbrekend: ministeries.iter().map(|m| m.ontbreekt.len()).sum(),
        verlopen: ministeries.iter().map(|m| m.verlopen_mijlpalen.len()).sum(),
        ongewijzigd: ministeries.iter().map(|m| m.ongewijzigd.len()).sum(),
        ministeries,
    }
}
