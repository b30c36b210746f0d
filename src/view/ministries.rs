//! The editors' overview per ministry (`jaarrapport status`): what each
//! ministry owns, which contributions are in or missing, its status counts
//! its overdue milestones, the contributions still as last year's and
//! the commitments and motions it must still settle. What the request
//! ledger says comes first: who has not answered yet.
//! Derived here once; `status` prints it as
//! text (`render::status`) or JSON.

use crate::model::{Recommendation, Report, Return};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub titel: String,
    pub peildatum: String,
    pub ministeries: Vec<MinistryStatus>,
    pub ontbrekend: usize,
    pub verlopen: usize,
    /// Contributions unchanged since last year, over all ministries.
    pub ongewijzigd: usize,
    /// Overdue commitments and motions, over all ministries.
    pub toezeggingen_verlopen: usize,
    /// Over all ministries: how many contributions are still owed (not
    /// returned, still the placeholder, not asked and still last year's, or
    /// missing) of how many.
    pub open: usize,
    pub gevraagd: usize,
    /// Missing contributions no form asked for (those asked for are
    /// counted once, as `niet_teruggekomen`).
    pub ontbrekend_ongevraagd: usize,
    /// Over all ministries, per state of [`Requests`].
    pub stand: Requests,
    /// Pages, chapter introductions and images still byte for byte as
    /// `next-year` carried them over, not confirmed in `bevestigd`.
    pub van_vorig_jaar: Vec<String>,
    /// The same, confirmed unchanged on purpose.
    pub bevestigd_van_vorig_jaar: Vec<String>,
}

/// Where each contribution of a ministry stands in this year's request,
/// in the order an editor chases them; identifiers in catalogue order.
/// Each contribution is in exactly one list (a missing one in `ontbreekt`).
#[derive(Debug, Default, Serialize, Clone)]
pub struct Requests {
    /// A form went out and has not come back (the file is as it went out).
    pub niet_teruggekomen: Vec<String>,
    /// The file is still the placeholder `new` wrote, and no form for it
    /// is out (none went, or it came back as it went).
    pub niet_ingevuld: Vec<String>,
    /// No form went out and the file is still last year's text.
    pub niet_uitgevraagd: Vec<String>,
    /// The form came back unchanged: the ministry confirmed last text.
    pub bevestigd: Vec<String>,
    /// Came back changed, or the Markdown file was edited.
    pub bijgewerkt: Vec<String>,
    /// The contribution records who agreed to it (`akkoord`).
    pub akkoord: Vec<String>,
}

impl Requests {
    fn add(&mut self, other: &Requests) {
        self.niet_teruggekomen.extend(other.niet_teruggekomen.iter().cloned());
        self.niet_ingevuld.extend(other.niet_ingevuld.iter().cloned());
        self.niet_uitgevraagd.extend(other.niet_uitgevraagd.iter().cloned());
        self.bevestigd.extend(other.bevestigd.iter().cloned());
        self.bijgewerkt.extend(other.bijgewerkt.iter().cloned());
        self.akkoord.extend(other.akkoord.iter().cloned());
    }

    fn len(&self) -> usize {
        self.niet_teruggekomen.len()
            + self.niet_ingevuld.len()
            + self.niet_uitgevraagd.len()
            + self.bevestigd.len()
            + self.bijgewerkt.len()
            + self.akkoord.len()
    }
}

#[derive(Debug, Clone, Serialize)]
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
    /// Its commitments and motions past their deadline, longest overdue first.
    pub toezeggingen_verlopen: Vec<Pending>,
    /// Its other commitments and motions not yet settled, in file order.
    pub toezeggingen_open: Vec<Pending>,
    /// Where each of its contributions stands in this year's request.
    pub uitvraag: Requests,
}

/// A commitment or motion not yet settled.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub sleutel: String,
    pub titel: String,
    pub status: &'static str,
    pub termijn: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub titel: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub sleutel: String,
    pub label: String,
    pub aantal: usize,
}

#[derive(Debug, Clone, Serialize)]
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
            let pending = |c: &crate::model::Commitment| Pending {
                sleutel: c.key.clone(),
                titel: c.title.clone(),
                status: c.status.key(),
                termijn: c.deadline.map(|d| d.canonical()),
            };
            let unsettled = || report.commitments.iter().filter(|c| c.ministry == m.code && !c.status.settled());
            let mut toezeggingen_verlopen: Vec<_> = unsettled().filter(|c| c.overdue(peil)).collect();
            toezeggingen_verlopen.sort_by_key(|c| c.deadline.map(|d| d.last_day()));
            let toezeggingen_open = unsettled().filter(|c| !c.overdue(peil)).map(pending).collect();
            let ongewijzigd: Vec<String> = report
                .recommendations
                .iter()
                .filter(|r| still_last_years(report, r, &m.code))
                .map(|r| r.id.to_string())
                .collect();
            let uitvraag = requests(report, &m.code);
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
                toezeggingen_verlopen: toezeggingen_verlopen.into_iter().map(pending).collect(),
                toezeggingen_open,
                uitvraag,
            }
        })
        .collect();
    let mut stand = Requests::default();
    for m in &ministeries {
        stand.add(&m.uitvraag);
    }
    let ontbrekend: usize = ministeries.iter().map(|m| m.ontbreekt.len()).sum();
    // A missing contribution asked for with a form is counted once, as not returned.
    let unasked_missing: usize = ministeries
        .iter()
        .map(|m| m.ontbreekt.iter().filter(|i| !m.uitvraag.niet_teruggekomen.contains(&i.id)).count())
        .sum();
    Overview {
        titel: report.settings.title.clone(),
        peildatum: crate::model::iso_date(peil),
        ontbrekend,
        open: stand.niet_teruggekomen.len()
            + stand.niet_ingevuld.len()
            + stand.niet_uitgevraagd.len()
            + unasked_missing,
        gevraagd: stand.len() + unasked_missing,
        ontbrekend_ongevraagd: unasked_missing,
        stand,
        verlopen: ministeries.iter().map(|m| m.verlopen_mijlpalen.len()).sum(),
        ongewijzigd: ministeries.iter().map(|m| m.ongewijzigd.len()).sum(),
        toezeggingen_verlopen: ministeries.iter().map(|m| m.toezeggingen_verlopen.len()).sum(),
        van_vorig_jaar: carried(report, false),
        bevestigd_van_vorig_jaar: carried(report, true),
        ministeries,
    }
}

/// The ministry's contribution on `r` is still exactly last year's (text,
/// status, summary, milestones; keys added by `next-year` aside).
fn still_last_years(report: &Report, r: &Recommendation, ministry: &str) -> bool {
    let Some(prev) = &report.previous else { return false };
    let Some(past) = prev.recommendation(&r.id) else { return false };
    r.contributions.iter().filter(|c| c.ministry == ministry).any(|c| {
        // Only the owner's contribution sets the status.
        let (now, then) = if r.owner == ministry {
            (report.effective_status(r).map(|s| s.key.as_str()), prev.status_of(&r.id).and_then(|p| p.key.as_deref()))
        } else {
            (None, None)
        };
        crate::model::history::unchanged(c, now, then, past)
    })
}

/// Each contribution of `ministry` (handed in, or asked for with a form)
/// in the one state it is in: an `akkoord` settles it; else the ledger
/// says whether the form came back and how (a file edited since the form
/// went out counts as updated); without a form, a file still as last year
/// has not been asked for, any other has been written this year.
fn requests(report: &Report, ministry: &str) -> Requests {
    let mut out = Requests::default();
    for r in &report.recommendations {
        let contribution = r.contributions.iter().find(|c| c.ministry == ministry);
        // `requests` is sorted by ministry and id: a search, not a scan per recommendation.
        let request = report
            .requests
            .binary_search_by(|q| (q.ministry.as_str(), &q.id).cmp(&(ministry, &r.id)))
            .ok()
            .map(|i| &report.requests[i]);
        let list = match (contribution, request) {
            (Some(c), _) if c.agreement.is_some() => &mut out.akkoord,
            // A skeleton from `new` still unwritten is not a contribution yet.
            (Some(c), Some(q)) if c.is_placeholder() && q.returned.is_none() => &mut out.niet_teruggekomen,
            // Back as it went out, or never asked: still nothing written.
            (Some(c), _) if c.is_placeholder() => &mut out.niet_ingevuld,
            (_, Some(q)) if q.edited_since_sent || q.returned == Some(Return::Updated) => &mut out.bijgewerkt,
            (_, Some(q)) if q.returned == Some(Return::Confirmed) => &mut out.bevestigd,
            (_, Some(_)) => &mut out.niet_teruggekomen,
            (None, None) => continue,
            (Some(_), None) if still_last_years(report, r, ministry) => &mut out.niet_uitgevraagd,
            (Some(_), None) => &mut out.bijgewerkt,
        };
        list.push(r.id.to_string());
    }
    out
}

fn carried(report: &Report, confirmed: bool) -> Vec<String> {
    let path = |f: &crate::model::CarriedOver| {
        f.rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
    };
    report.carried_over.iter().filter(|f| f.confirmed == confirmed).map(path).collect()
}
