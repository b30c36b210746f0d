//! `bijdragen/<MIN>/<id>.md`: one ministry's contribution on one
//! recommendation. The rules a ministry writer meets most live here.

use super::catalogue::Entry;
use super::front;
use super::settings::{ReportSettings, unknown_name};
use crate::content::SourceFile;
use crate::content::schema::{ContributionFront, MilestoneEntry};
use crate::content::yaml::Seg;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{Contribution, Milestone, Period, RecId, Report};
use serde_yaml_ng::Value;
use std::path::Path;

/// Reads every contribution into its recommendation.
pub fn read_all(files: &[SourceFile], rs: &ReportSettings, entries: &mut [Entry], diags: &mut Diagnostics) {
    // Where each (ministry, id) was first seen, to catch `2.1.A.md` beside `2.1a.md`.
    let mut seen: Vec<(String, RecId, &Path)> = Vec::new();
    for file in files {
        let Some((ministry, id)) = identify(file, rs, entries, diags) else { continue };
        if let Some((_, _, first)) = seen.iter().find(|(m, i, _)| *m == ministry && *i == id) {
            diags.push(Diagnostic::error(
                &file.display,
                Span::file(),
                format!("{ministry} has two contributions on {id}; the other is {}", first.display()),
            ));
            continue;
        }
        seen.push((ministry.clone(), id.clone(), &file.display));
        let Some(entry) = entries.iter_mut().find(|e| e.rec.id == id) else { continue };
        let is_owner = entry.rec.owner == ministry;
        if let Some((contribution, status)) = read_one(file, &ministry, is_owner, rs, diags) {
            if status.is_some() {
                entry.rec.status = status;
            }
            entry.rec.contributions.push(contribution);
        }
    }
    // The owner first, then the others in the order of `ministeries`.
    let order = |code: &str| rs.ministries.iter().position(|m| m.code == code).unwrap_or(usize::MAX);
    for entry in entries.iter_mut() {
        let owner = entry.rec.owner.clone();
        entry.rec.contributions.sort_by_key(|c| (c.ministry != owner, order(&c.ministry)));
    }
}

/// The ministry and recommendation a file is about, from its path.
fn identify(
    file: &SourceFile,
    rs: &ReportSettings,
    entries: &[Entry],
    diags: &mut Diagnostics,
) -> Option<(String, RecId)> {
    let err = |msg: String| Diagnostic::error(&file.display, Span::file(), msg);
    let ministry = file.rel.iter().nth(1)?.to_string_lossy().to_string();
    let codes: Vec<&str> = rs.ministries.iter().map(|m| m.code.as_str()).collect();
    if !codes.contains(&ministry.as_str()) {
        let mut d = err(format!("`{ministry}` is not a ministry of this report"));
        d = match crate::diagnostics::suggest(&ministry, codes.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean the directory `bijdragen/{s}`?")),
            None => d.with_help(format!("the ministries are: {}", codes.join(", "))),
        };
        diags.push(d);
        return None;
    }
    let stem = file.rel.file_stem()?.to_string_lossy().to_string();
    let Some(id) = RecId::parse(&stem) else {
        diags.push(
            err(format!("file name `{stem}` is not a recommendation identifier"))
                .with_help("name a contribution after its recommendation, e.g. `2.1.A.md`"),
        );
        return None;
    };
    let Some(entry) = entries.iter().find(|e| e.rec.id == id) else {
        diags.push(err(format!("recommendation {id} is not in aanbevelingen.yaml")));
        return None;
    };
    let rec = &entry.rec;
    if rec.owner != ministry && !rec.involved.contains(&ministry) {
        let listed = if rec.involved.is_empty() {
            format!("its owner is {} and no other ministry is involved", rec.owner)
        } else {
            format!("its owner is {}, involved are {}", rec.owner, rec.involved.join(", "))
        };
        diags.push(
            err(format!("{ministry} may not contribute to {id}: {listed}"))
                .with_help(format!("ask the editors to add {ministry} to `betrokken` of {id} in aanbevelingen.yaml")),
        );
        return None;
    }
    Some((ministry, id))
}

fn read_one(
    file: &SourceFile,
    ministry: &str,
    is_owner: bool,
    rs: &ReportSettings,
    diags: &mut Diagnostics,
) -> Option<(Contribution, Option<usize>)> {
    let (doc, value, body) = front::split(file, diags)?;
    let front: ContributionFront = match &doc {
        None => ContributionFront::default(),
        Some(doc) => {
            diags.extend(doc.unknown_fields(&value, &[], ContributionFront::FIELDS, "a contribution"));
            if let Some(Value::Sequence(items)) = value.get("mijlpalen") {
                for (i, item) in items.iter().enumerate() {
                    diags.extend(doc.unknown_fields(
                        item,
                        &[Seg::Key("mijlpalen"), Seg::Index(i)],
                        MilestoneEntry::FIELDS,
                        "a milestone",
                    ));
                }
            }
            match doc.parse() {
                Ok(f) => f,
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            }
        }
    };

    let mut status = None;
    if let (Some(text), Some(doc)) = (&front.status, &doc) {
        if !is_owner {
            diags.push(
                doc.error(
                    doc.key_span(&[Seg::Key("status")]),
                    format!("only the owner sets the status; {ministry} is not the owner"),
                )
                .with_help("remove the `status` line; the owning ministry reports the status"),
            );
        } else {
            status = Report::find_status(&rs.statuses, text);
            if status.is_none() {
                let keys: Vec<&str> = rs.statuses.iter().map(|s| s.key.as_str()).collect();
                diags.push(unknown_name(doc, &[Seg::Key("status")], "status", text, &keys));
            }
        }
    }

    let mut milestones = Vec::new();
    for (i, m) in front.mijlpalen.iter().enumerate() {
        match Period::parse(&m.wanneer.0) {
            Some(when) => {
                let milestone = Milestone { when, what: m.wat.trim().to_string(), done: m.gereed };
                if let (true, Some(doc)) = (milestone.overdue(rs.settings.peildatum), &doc) {
                    diags.push(
                        Diagnostic::warning(
                            doc.display,
                            doc.value_span(&[Seg::Key("mijlpalen"), Seg::Index(i), Seg::Key("wanneer")]),
                            format!(
                                "milestone `{}` ({}) is overdue on the peildatum {}",
                                milestone.what,
                                when.canonical(),
                                rs.settings.peildatum.format("%Y-%m-%d")
                            ),
                        )
                        .with_help("if it is done, add `gereed: true`; otherwise the report marks it overdue"),
                    );
                }
                milestones.push(milestone);
            }
            None => {
                if let Some(doc) = &doc {
                    diags.push(
                        doc.error(
                            doc.value_span(&[Seg::Key("mijlpalen"), Seg::Index(i), Seg::Key("wanneer")]),
                            format!("`{}` is not a milestone date", m.wanneer.0),
                        )
                        .with_help("write YYYY-MM-DD, YYYY-MM, YYYY-Qn (quarter), YYYY-Hn (half year) or YYYY"),
                    );
                }
            }
        }
    }

    let contribution = Contribution {
        ministry: ministry.to_string(),
        summary: front.samenvatting.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        milestones,
        sources: front.bronnen.into_iter().map(|t| t.0).collect(),
        body,
    };
    Some((contribution, status))
}
