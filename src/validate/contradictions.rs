//! A contribution that contradicts itself, found once last year's report
//! is linked: a finished status with milestones still open, a status or
//! milestones that changed under a summary and text that are word for
//! word last year's, a milestone marked done whose date lies further
//! after the peildatum than its own length. Warnings at their places: a
//! writer may have a reason, but the editors should see each.

use crate::content::display_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{Phase, Report, history};
use chrono::Days;
use std::path::Path;

pub fn check(report: &Report, content_dir: &Path, diags: &mut Diagnostics) {
    let peil = report.settings.peildatum;
    for r in &report.recommendations {
        let status = r.status.and_then(|i| report.statuses.get(i));
        for c in &r.contributions {
            let display = display_path(content_dir, &c.body.file);
            if let Some(s) = status.filter(|s| s.phase == Phase::Klaar) {
                for m in c.milestones.iter().filter(|m| !m.done) {
                    diags.push(
                        Diagnostic::warning(
                            &display,
                            m.at,
                            format!(
                                "{} is `{}` (fase klaar), but milestone `{}` ({}) is not done",
                                r.id,
                                s.label,
                                m.what,
                                m.when.canonical()
                            ),
                        )
                        .with_help("add `gereed: true` if it was reached, or choose a status that is not finished"),
                    );
                }
            }
            for m in c.milestones.iter().filter(|m| m.done) {
                let length = (m.when.last_day() - m.when.first_day()).num_days().max(0) as u64 + 1;
                if peil.checked_add_days(Days::new(length)).is_some_and(|limit| m.when.first_day() > limit) {
                    diags.push(
                        Diagnostic::warning(
                            &display,
                            m.at,
                            format!(
                                "milestone `{}` is marked done, but its date {} lies well after the peildatum {}",
                                m.what,
                                m.when.canonical(),
                                peil.format("%Y-%m-%d")
                            ),
                        )
                        .with_help("a milestone reached says when it was reached; else remove `gereed: true`"),
                    );
                }
            }
            words_of_last_year(report, r, c, status, &display, diags);
        }
    }
}

/// The summary and text are last year's, word for word, while the status
/// or milestones changed: the words probably no longer fit.
fn words_of_last_year(
    report: &Report,
    r: &crate::model::Recommendation,
    c: &crate::model::Contribution,
    status: Option<&crate::model::Status>,
    display: &Path,
    diags: &mut Diagnostics,
) {
    let Some(prev) = &report.previous else { return };
    let Some(past) = prev.recommendation(&r.id) else { return };
    let Some(then) = past.contributions.iter().find(|p| p.ministry == c.ministry) else { return };
    if then.text != c.body.text || then.summary != c.summary {
        return;
    }
    let owner = r.owner == c.ministry;
    let (now, before) = if owner {
        (status.map(|s| s.key.as_str()), prev.status_of(&r.id).and_then(|p| p.key.as_deref()))
    } else {
        (None, None)
    };
    if history::unchanged(c, now, before, past) {
        return;
    }
    let what = if now != before { "the status changed" } else { "the milestones changed" };
    diags.push(
        Diagnostic::warning(
            display,
            Span::new(c.body.first_line, 1, 1),
            format!(
                "{what} since last year's report, but the summary and the text are still last year's, word for word"
            ),
        )
        .with_help("update `samenvatting` and the text to say what changed"),
    );
}
