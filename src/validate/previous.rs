//! `vorige:` in rapport.yaml: last year's JSON export, read for the statuses
//! it recorded, each recommendation's history, milestones and contributions,
//! so this year's report can show what changed, moved and vanished. Fields
//! an older export lacks are simply empty.

use crate::content::export::{Export, ReadError};
use crate::content::source::decode;
use crate::content::yaml::{Doc, Seg};
use crate::content::{SourceFile, display_path};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{
    Edition, PastCommitment, PastContribution, PastMilestone, PastRecommendation, Period, Previous, PreviousStatus,
    RecId,
};
use std::path::Path;

pub fn read(content_dir: &Path, root: &Path, rel: &Path, doc: &Doc, diags: &mut Diagnostics) -> Option<Previous> {
    let display = display_path(content_dir, rel);
    let read = crate::content::read_inside(root, rel, crate::content::source::MAX_FILE_BYTES)
        .and_then(|bytes| decode(&bytes))
        .map(|text| SourceFile { rel: rel.to_path_buf(), display: display.clone(), text });
    let file = match read {
        Ok(f) => f,
        Err(reason) => {
            diags.push(
                doc.error(
                    doc.value_span(&[Seg::Key("vorige")]),
                    format!("last year's export `{}`: {reason}", rel.display()),
                )
                .with_help("`vorige` names last year's JSON export, relative to the content directory"),
            );
            return None;
        }
    };
    diags.add_source(&file.display, &file.text);
    let export = match Export::from_slice(file.text.as_bytes()) {
        Ok(e) => e,
        Err(e) => {
            let (span, reason) = match &e {
                ReadError::Json(json) => {
                    // serde_json's message ends in its position, which the span carries.
                    let text = json.to_string();
                    let suffix = format!(" at line {} column {}", json.line(), json.column());
                    let reason = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
                    (Span::new(json.line().max(1), json.column().max(1), 1), reason)
                }
                other => (Span::file(), other.to_string()),
            };
            diags.push(
                Diagnostic::error(
                    &file.display,
                    span,
                    format!("last year's export is not a jaarrapport JSON export: {reason}"),
                )
                .with_help("`vorige` must name the .json file a previous `jaarrapport build` wrote"),
            );
            return None;
        }
    };
    let mut statuses = Vec::new();
    let mut recommendations = Vec::new();
    for r in export.aanbevelingen {
        let Some(id) = RecId::parse(&r.id) else {
            diags.push(Diagnostic::error(
                &file.display,
                Span::file(),
                format!("last year's export has `{}`, which is not a recommendation identifier", r.id),
            ));
            continue;
        };
        let mut past = PastRecommendation {
            history: r
                .geschiedenis
                .into_iter()
                .map(|e| Edition { year: e.jaar, status: e.status, label: e.status_label })
                .collect(),
            milestones: Vec::with_capacity(r.mijlpalen.len()),
            contributions: r
                .bijdragen
                .into_iter()
                .map(|c| PastContribution { ministry: c.ministerie, summary: c.samenvatting, text: c.tekst })
                .collect(),
        };
        // An export without history (from before it had one) still knows its own year.
        if let Some(year) = export.jaar
            && past.history.last().is_none_or(|e| e.year != year)
        {
            past.history.push(Edition { year, status: r.status.clone(), label: r.status_label.clone() });
        }
        for m in r.mijlpalen {
            let date = |text: &str, diags: &mut Diagnostics| {
                let p = Period::parse(text);
                if p.is_none() {
                    diags.push(Diagnostic::error(
                        &file.display,
                        Span::file(),
                        format!(
                            "last year's export gives {id} a milestone dated `{text}`, which is not a milestone date"
                        ),
                    ));
                }
                p
            };
            let Some(when) = date(&m.wanneer, diags) else { continue };
            let original =
                Some(m.oorspronkelijk_wanneer.as_str()).filter(|t| !t.is_empty()).and_then(|t| date(t, diags));
            past.milestones.push(PastMilestone {
                key: m.sleutel,
                when,
                original,
                what: m.wat,
                done: m.gereed,
                reason: m.toelichting,
                ministry: m.ministerie,
            });
        }
        statuses.push((id.clone(), PreviousStatus { key: r.status, label: r.status_label }));
        recommendations.push((id, past));
    }
    statuses.sort_by(|a, b| a.0.cmp(&b.0));
    recommendations.sort_by(|a, b| a.0.cmp(&b.0));
    let mut commitments: Vec<(String, PastCommitment)> = export
        .toezeggingen
        .into_iter()
        .map(|c| {
            let mut history: Vec<Edition> = c
                .geschiedenis
                .into_iter()
                .map(|e| Edition { year: e.jaar, status: e.status, label: e.status_label })
                .collect();
            if let Some(year) = export.jaar
                && history.last().is_none_or(|e| e.year != year)
            {
                history.push(Edition { year, status: c.status.clone(), label: c.status_label.clone() });
            }
            (c.sleutel.trim().to_lowercase(), PastCommitment { status: c.status, history })
        })
        .collect();
    commitments.sort_by(|a, b| a.0.cmp(&b.0));
    commitments.dedup_by(|a, b| a.0 == b.0);
    Some(Previous { year: export.jaar, title: export.titel, statuses, recommendations, commitments })
}
