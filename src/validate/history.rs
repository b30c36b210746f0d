//! This edition against last year's export: each recommendation's status
//! per year, each milestone linked to the one it continues, the milestones
//! that vanished. The links are made once here (by `model::history`) and
//! every renderer reads them; moved milestones without a reason and
//! vanished ones are warnings, since nothing may slip unseen.

use crate::content::display_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::history::{self, Edition};
use crate::model::{DroppedMilestone, DroppedName, PastMilestone, Recommendation, Report};
use std::path::Path;

/// Links every recommendation of `report` (indexed, so its effective
/// statuses are known) to last year's export, if it names one.
pub fn link(report: &mut Report, content_dir: &Path, rapport: &Path, diags: &mut Diagnostics) {
    let year = report.settings.year;
    let (previous, statuses) = (report.previous.as_ref(), &report.statuses);
    for c in report.commitments.iter_mut() {
        let now = Edition { year, status: Some(c.status.key().to_string()), label: Some(c.status.label().to_string()) };
        let past = previous.and_then(|p| p.commitment(&c.key));
        c.history = history::editions(past.map(|p| p.history.as_slice()).unwrap_or_default(), now);
    }
    for rec in report.recommendations.iter_mut() {
        duplicate_keys(rec, content_dir, diags);
        let status = rec.effective_status.and_then(|i| statuses.get(i));
        let now = Edition { year, status: status.map(|s| s.key.clone()), label: status.map(|s| s.label.clone()) };
        let past = previous.and_then(|p| p.recommendation(&rec.id));
        rec.history = history::editions(past.map(|p| p.history.as_slice()).unwrap_or_default(), now);

        let previous_milestones = past.map(|p| p.milestones.as_slice()).unwrap_or_default();
        let current: Vec<history::Current> = rec
            .contributions
            .iter()
            .flat_map(|c| {
                c.milestones.iter().map(|m| history::Current {
                    ministry: &c.ministry,
                    key: m.key.as_deref(),
                    what: &m.what,
                })
            })
            .collect();
        let links = history::link(&current, previous_milestones);
        let mut links_iter = links.iter();
        for c in rec.contributions.iter_mut() {
            let display = display_path(content_dir, &c.body.file);
            for m in c.milestones.iter_mut() {
                let before = links_iter.next().copied().flatten().map(|j| &previous_milestones[j]);
                let past = history::past_of(m, before);
                if let (true, None, Some(from)) = (past.moved, &m.reason, before) {
                    diags.push(
                        Diagnostic::warning(
                            &display,
                            m.at,
                            format!(
                                "milestone `{}` moved from {} to {} since last year's report, without a `toelichting`",
                                m.what,
                                from.when.canonical(),
                                m.when.canonical()
                            ),
                        )
                        .with_help(
                            "add `toelichting:` to the milestone with the reason; the report shows it beside the dates",
                        ),
                    );
                }
                m.past = Some(past);
            }
        }
        let gone = history::dropped(previous_milestones, &links);
        acknowledge(rec, previous.is_some(), previous_milestones, &gone, content_dir, diags);
        for gone in rec.dropped_milestones.iter().filter(|d| d.reason.is_none()).map(|d| &d.past) {
            // Said in the file of the ministry that gave it, else the owner's.
            let (file, span) = rec
                .contributions
                .iter()
                .find(|c| c.ministry == gone.ministry)
                .or_else(|| rec.contributions.iter().find(|c| c.ministry == rec.owner))
                .map(|c| (display_path(content_dir, &c.body.file), c.milestones_at))
                .unwrap_or_else(|| (rapport.to_path_buf(), Span::file()));
            diags.push(
                Diagnostic::warning(
                    file,
                    span,
                    format!(
                        "milestone `{}` ({}) of {} in last year's report is gone; the report lists it as vervallen",
                        gone.what,
                        gone.when.canonical(),
                        rec.id
                    ),
                )
                .with_help(
                    "if it was reached, keep it with `gereed: true`; if it was given up, add it under `vervallen:` with a `toelichting`",
                ),
            );
        }
    }
}

/// Gives each vanished milestone the reason of the `vervallen` entry that
/// names it (from any contribution to the recommendation); an entry that
/// names no vanished milestone is an error at the name, saying why.
fn acknowledge(
    rec: &mut Recommendation,
    has_previous: bool,
    previous: &[PastMilestone],
    gone: &[&PastMilestone],
    content_dir: &Path,
    diags: &mut Diagnostics,
) {
    let mut reasons: Vec<Option<String>> = vec![None; gone.len()];
    for c in &rec.contributions {
        let display = display_path(content_dir, &c.body.file);
        for note in &c.dropped {
            let name = match &note.names {
                DroppedName::Key(k) => format!("`sleutel: {k}`"),
                DroppedName::What(w) => format!("`wat: {w}`"),
            };
            let problem = match gone.iter().position(|p| history::names(&note.names, p)) {
                Some(i) if reasons[i].is_none() => {
                    reasons[i] = Some(note.reason.clone());
                    continue;
                }
                Some(_) => format!("{name} is given up twice under `vervallen` of {}", rec.id),
                None if !has_previous => {
                    format!("{name} under `vervallen`: there is no last year's report (`vorige` in rapport.yaml)")
                }
                None => match previous.iter().find(|p| history::names(&note.names, p)) {
                    Some(p) if p.done => {
                        format!(
                            "{name} under `vervallen` was done in last year's report; only an unfinished milestone can be given up"
                        )
                    }
                    Some(_) => format!("{name} under `vervallen` is still a milestone of {} this year", rec.id),
                    None => format!("{name} under `vervallen` names no milestone of {} in last year's report", rec.id),
                },
            };
            let known: Vec<String> = gone
                .iter()
                .map(|p| match &p.key {
                    Some(k) => format!("`{k}`"),
                    None => format!("`{}`", p.what),
                })
                .collect();
            let help = if known.is_empty() {
                "remove the entry; no milestone of last year's report is missing this year".to_string()
            } else {
                format!("the milestones of last year's report that are gone: {}", known.join(", "))
            };
            diags.push(Diagnostic::error(&display, note.at, problem).with_help(help));
        }
    }
    rec.dropped_milestones =
        gone.iter().zip(reasons).map(|(p, reason)| DroppedMilestone { past: (*p).clone(), reason }).collect();
}

/// Two milestones of one recommendation with the same `sleutel` could not
/// be told apart next year.
fn duplicate_keys(rec: &Recommendation, content_dir: &Path, diags: &mut Diagnostics) {
    let mut seen: Vec<String> = Vec::new();
    for c in &rec.contributions {
        for m in &c.milestones {
            let Some(key) = &m.key else { continue };
            let k = key.to_lowercase();
            if seen.contains(&k) {
                diags.push(
                    Diagnostic::error(
                        display_path(content_dir, &c.body.file),
                        m.at,
                        format!("`sleutel: {key}` is given to two milestones of {}", rec.id),
                    )
                    .with_help("a milestone's `sleutel` names it across the years; give each its own"),
                );
            } else {
                seen.push(k);
            }
        }
    }
}
