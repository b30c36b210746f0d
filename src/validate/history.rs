//! This edition against last year's export: each recommendation's status
//! per year, each milestone linked to the one it continues, the milestones
//! that vanished. The links are made once here (by `model::history`) and
//! every renderer reads them; moved milestones without a reason and
//! vanished ones are warnings, since nothing may slip unseen.

use crate::content::display_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::history::{self, Edition};
use crate::model::{Recommendation, Report};
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
        rec.dropped_milestones = history::dropped(previous_milestones, &links).into_iter().cloned().collect();
        for gone in &rec.dropped_milestones {
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
                .with_help("if it was reached, keep it with `gereed: true`; if it was given up, say why in the text"),
            );
        }
    }
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
