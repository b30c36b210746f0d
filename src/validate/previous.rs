//! `vorige:` in rapport.yaml: last year's JSON export, read for the statuses
//! it recorded, each recommendation's history, milestones and contributions,
//! so this year's report can show what changed, moved and vanished. Fields
//! an older export lacks are simply empty.

use crate::content::export::Export;
use crate::content::source::decode;
use crate::content::yaml::{Doc, Seg};
use crate::content::{SourceFile, display_path};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, Span};
use crate::model::{
    Edition, PastCommitment, PastContribution, PastMilestone, PastRecommendation, Period, Previous, PreviousStatus,
    RecId,
};
use std::collections::HashMap;
use std::path::Path;

/// The largest archive read. A build refuses to write an export larger
/// than this (`render::export`), so every export it writes can be next
/// year's `vorige`; it is larger than one content file may be, since an
/// export holds every contribution.
pub const MAX_ARCHIVE_BYTES: u64 = 64 * 1024 * 1024;

/// How far back an archive may lie: a report that skipped years still
/// finds its last edition, a year such as 2147483647 or 1 is a mistake.
const MAX_YEARS_BACK: i32 = 50;

pub fn read(
    content_dir: &Path,
    root: &Path,
    rel: &Path,
    doc: &Doc,
    this_year: i32,
    diags: &mut Diagnostics,
) -> Option<Previous> {
    let display = display_path(content_dir, rel);
    let read = crate::content::read_inside(root, rel, MAX_ARCHIVE_BYTES)
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
    // JSON is read as the YAML it also is, so every value has its position
    // and is checked as any YAML field is (control characters).
    let not_export = "`vorige` must name the .json file a previous `jaarrapport build` wrote";
    let archive = match Doc::parse(&file.text, &file.display, 1) {
        Ok(d) => d,
        Err(d) => {
            diags.push(d.with_help(not_export));
            return None;
        }
    };
    let errors = diags.count(Severity::Error);
    super::characters::check_controls(&archive, diags);
    let export: Export = match archive.read().0 {
        Ok(e) => e,
        Err(d) => {
            let message = format!("last year's export is not a jaarrapport JSON export: {}", d.message);
            diags.push(Diagnostic { message, ..d }.with_help(not_export));
            return None;
        }
    };
    let at = |path: &[Seg]| archive.value_span(path);
    if let Err(e) = export.check_schema() {
        diags.push(
            archive
                .error(at(&[Seg::Key("schema")]), format!("last year's export is not one this tool reads: {e}"))
                .with_help(not_export),
        );
        return None;
    }
    let Some(year) = export.jaar else {
        diags.push(archive.error(Span::file(), "last year's export names no `jaar`").with_help(not_export));
        return None;
    };
    let earliest = this_year.saturating_sub(MAX_YEARS_BACK);
    if !(earliest..this_year).contains(&year) {
        let why = if year == this_year {
            "the same year as this report".to_string()
        } else if year > this_year {
            "a later year than this report".to_string()
        } else {
            format!("more than {MAX_YEARS_BACK} years before this report")
        };
        diags.push(
            archive
                .error(at(&[Seg::Key("jaar")]), format!("last year's export is of {year}, {why} ({this_year})"))
                .with_help("`vorige` names the export of an earlier edition: `archief/<jaar>.json`"),
        );
    }
    let mut statuses = Vec::new();
    let mut recommendations = Vec::new();
    let mut seen: HashMap<RecId, usize> = HashMap::new();
    for (i, r) in export.aanbevelingen.into_iter().enumerate() {
        let rec = |rest: &[Seg<'static>]| [&[Seg::Key("aanbevelingen"), Seg::Index(i)][..], rest].concat();
        let Some(id) = RecId::parse(&r.id) else {
            diags.push(archive.error(
                at(&rec(&[Seg::Key("id")])),
                format!("last year's export has `{}`, which is not a recommendation identifier", r.id),
            ));
            continue;
        };
        let line = at(&rec(&[Seg::Key("id")])).line;
        if let Some(first) = seen.insert(id.clone(), line) {
            diags.push(archive.error(
                at(&rec(&[Seg::Key("id")])),
                format!("last year's export has {id} twice (also at line {first})"),
            ));
            continue;
        }
        let mut previous_year = None;
        for (j, e) in r.geschiedenis.iter().enumerate() {
            if e.jaar > year || e.jaar < earliest || previous_year.is_some_and(|p| e.jaar <= p) {
                diags.push(archive.error(
                    at(&rec(&[Seg::Key("geschiedenis"), Seg::Index(j), Seg::Key("jaar")])),
                    format!(
                        "last year's export gives {id} an edition of {}, which is not in order before {year} \
                         (nor more than {MAX_YEARS_BACK} years before this report)",
                        e.jaar
                    ),
                ));
            }
            previous_year = Some(e.jaar);
        }
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
        if past.history.last().is_none_or(|e| e.year != year) {
            past.history.push(Edition { year, status: r.status.clone(), label: r.status_label.clone() });
        }
        for (j, m) in r.mijlpalen.into_iter().enumerate() {
            let date = |text: &str, key: &'static str, diags: &mut Diagnostics| {
                let p = Period::parse(text);
                if p.is_none() {
                    diags.push(archive.error(
                        at(&rec(&[Seg::Key("mijlpalen"), Seg::Index(j), Seg::Key(key)])),
                        format!(
                            "last year's export gives {id} a milestone dated `{text}`, which is not a milestone date"
                        ),
                    ));
                }
                p
            };
            let Some(when) = date(&m.wanneer, "wanneer", diags) else { continue };
            let original = Some(m.oorspronkelijk_wanneer.as_str())
                .filter(|t| !t.is_empty())
                .and_then(|t| date(t, "oorspronkelijk_wanneer", diags));
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
    // An archive with errors is not used: nothing of it reaches an output.
    if diags.count(Severity::Error) > errors {
        return None;
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
            if history.last().is_none_or(|e| e.year != year) {
                history.push(Edition { year, status: c.status.clone(), label: c.status_label.clone() });
            }
            (c.sleutel.trim().to_lowercase(), PastCommitment { status: c.status, history })
        })
        .collect();
    commitments.sort_by(|a, b| a.0.cmp(&b.0));
    commitments.dedup_by(|a, b| a.0 == b.0);
    Some(Previous { year: Some(year), title: export.titel, statuses, recommendations, commitments })
}
