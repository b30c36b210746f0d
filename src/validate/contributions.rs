//! `bijdragen/<MIN>/<id>.md`: one ministry's contribution on one
//! recommendation. The rules a ministry writer meets most live here.

use super::catalogue::Entry;
use super::front;
use super::settings::{ReportSettings, unknown_name};
use crate::content::SourceFile;
use crate::content::schema::{self, ContributionFront};
use crate::content::yaml::{Doc, Seg};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{Agreement, Contribution, DroppedName, DroppedNote, Milestone, Period, RecId, Report};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Reads every contribution into its recommendation. Which files are read
/// (and the problems with their paths) is decided in path order; the files
/// themselves are parsed in parallel; their diagnostics are kept in path
/// order, as if read one by one.
pub fn read_all(files: &[SourceFile], rs: &ReportSettings, entries: &mut [Entry], diags: &mut Diagnostics) {
    let index = index_of(entries);
    // Where each (ministry, id) was first seen, to catch `2.1.A.md` beside `2.1a.md`.
    let mut seen: HashMap<(String, RecId), &Path> = HashMap::new();
    // Per file: the problems with its path, and what to read it as.
    let mut plan: Vec<(Diagnostics, Option<Planned>)> = Vec::with_capacity(files.len());
    for file in files {
        let mut found = Diagnostics::default();
        let Some((ministry, id)) = identify(file, rs, entries, &index, &mut found) else {
            plan.push((found, None));
            continue;
        };
        match seen.entry((ministry.clone(), id.clone())) {
            std::collections::hash_map::Entry::Occupied(first) => {
                found.push(Diagnostic::error(
                    &file.display,
                    Span::file(),
                    format!("{ministry} has two contributions on {id}; the other is {}", first.get().display()),
                ));
                plan.push((found, None));
                continue;
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(&file.display);
            }
        }
        let read = index.get(&id).map(|&entry| Planned {
            entry,
            is_owner: entries[entry].rec.owner == ministry,
            ministry: ministry.clone(),
        });
        plan.push((found, read));
    }
    let read: Vec<(Diagnostics, Option<Read>)> = files
        .par_iter()
        .zip(&plan)
        .map(|(file, (_, what))| {
            let mut found = Diagnostics::default();
            let read = what.as_ref().and_then(|p| read_one(file, &p.ministry, p.is_owner, rs, &mut found));
            (found, read)
        })
        .collect();
    for ((path_diags, what), (read_diags, read)) in plan.into_iter().zip(read) {
        diags.extend(path_diags.into_vec());
        diags.extend(read_diags.into_vec());
        if let (Some(planned), Some((contribution, status))) = (what, read) {
            let entry = &mut entries[planned.entry];
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

/// A file to read as a contribution to `entries[entry]`.
struct Planned {
    entry: usize,
    ministry: String,
    is_owner: bool,
}

/// A contribution read, with the status it sets.
type Read = (Contribution, Option<usize>);

/// Position of each recommendation in `entries` (the first, should an
/// identifier occur twice).
fn index_of(entries: &[Entry]) -> HashMap<RecId, usize> {
    let mut index = HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        index.entry(e.rec.id.clone()).or_insert(i);
    }
    index
}

/// The ministry and recommendation a file is about, from its path.
fn identify(
    file: &SourceFile,
    rs: &ReportSettings,
    entries: &[Entry],
    index: &HashMap<RecId, usize>,
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
    let Some(entry) = index.get(&id).map(|&i| &entries[i]) else {
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
) -> Option<Read> {
    let (doc, body) = front::split(file, diags)?;
    let front: ContributionFront = match &doc {
        None => ContributionFront::default(),
        Some(doc) => schema::read(doc, diags)?,
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
                let at = doc
                    .as_ref()
                    .map(|d| d.value_span(&[Seg::Key("mijlpalen"), Seg::Index(i), Seg::Key("wanneer")]))
                    .unwrap_or_else(Span::file);
                let milestone = Milestone {
                    key: m.sleutel.as_ref().map(|k| k.0.trim().to_string()).filter(|k| !k.is_empty()),
                    when,
                    what: m.wat.trim().to_string(),
                    done: m.gereed,
                    reason: m.toelichting.as_ref().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
                    at,
                    past: None,
                };
                if let (true, Some(doc)) = (milestone.overdue(rs.settings.peildatum), &doc) {
                    diags.push(
                        Diagnostic::warning(
                            &doc.display,
                            milestone.at,
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

    let dropped = doc.as_ref().map(|d| dropped_notes(d, &front.vervallen, diags)).unwrap_or_default();
    let milestones_at = match &doc {
        Some(d) if d.root().get("mijlpalen").is_some() => d.key_span(&[Seg::Key("mijlpalen")]),
        _ => Span::file(),
    };
    let agreement = match (&front.akkoord, &doc) {
        (Some(a), Some(doc)) => agreement(doc, a, diags),
        _ => None,
    };
    let contribution = Contribution {
        agreement,
        ministry: ministry.to_string(),
        milestones_at,
        summary: front.samenvatting.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        milestones,
        sources: front
            .bronnen
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let doc = doc.as_ref()?;
                Some(super::sources::read(doc, &[Seg::Key("bronnen"), Seg::Index(i)], &t.0, diags))
            })
            .collect(),
        dropped,
        body,
    };
    Some((contribution, status))
}

/// `akkoord` needs both who and when: an agreement without a date (or a
/// name) cannot be told from a note, so it is an error at its place.
fn agreement(doc: &Doc, a: &crate::content::schema::AgreementEntry, diags: &mut Diagnostics) -> Option<Agreement> {
    let by = a.door.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if by.is_none() {
        diags.push(
            doc.error(doc.key_span(&[Seg::Key("akkoord")]), "`akkoord` does not say who agreed (`door`)")
                .with_help("write `door:` with a role, e.g. `door: Directeur Arbeidsmigratie, SZW`"),
        );
    }
    let date = match &a.datum {
        None => {
            diags.push(
                doc.error(doc.key_span(&[Seg::Key("akkoord")]), "`akkoord` does not say when (`datum`)")
                    .with_help("write `datum: YYYY-MM-DD`"),
            );
            None
        }
        Some(t) => {
            let parsed = chrono::NaiveDate::parse_from_str(t.0.trim(), "%Y-%m-%d").ok();
            if parsed.is_none() {
                diags.push(
                    doc.error(
                        doc.value_span(&[Seg::Key("akkoord"), Seg::Key("datum")]),
                        format!("`{}` is not a date", t.0),
                    )
                    .with_help("write the day of the agreement as YYYY-MM-DD"),
                );
            }
            parsed
        }
    };
    Some(Agreement { by: by?.to_string(), date: date? })
}

/// The entries of `vervallen`: each names one milestone (by `sleutel` or
/// by `wat`) and must say why it was given up; whether last year's report
/// had it is known only once that report is linked (`history::link`).
fn dropped_notes(
    doc: &crate::content::yaml::Doc,
    entries: &[schema::DroppedEntry],
    diags: &mut Diagnostics,
) -> Vec<DroppedNote> {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = doc.key_span(&[Seg::Key("vervallen"), Seg::Index(i)]);
        let key = e.sleutel.as_ref().map(|k| k.0.trim()).filter(|k| !k.is_empty());
        let what = e.wat.as_deref().map(str::trim).filter(|w| !w.is_empty());
        let names = match (key, what) {
            (Some(k), None) => Some(DroppedName::Key(k.to_string())),
            (None, Some(w)) => Some(DroppedName::What(w.to_string())),
            (Some(_), Some(_)) => {
                diags.push(
                    doc.error(at, "a `vervallen` entry names its milestone by `sleutel` or by `wat`, not both")
                        .with_help("keep `sleutel` when last year's milestone had one, else `wat`"),
                );
                None
            }
            (None, None) => {
                diags.push(
                    doc.error(at, "a `vervallen` entry needs `sleutel` or `wat`: which milestone was given up")
                        .with_help("write the milestone's `sleutel`, or its `wat` as last year's report had it"),
                );
                None
            }
        };
        let reason = e.toelichting.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if reason.is_none() {
            diags.push(
                doc.error(at, "a `vervallen` entry needs a `toelichting`: why the milestone was given up")
                    .with_help("the report shows the reason beside the milestone"),
            );
        }
        if let (Some(names), Some(reason)) = (names, reason) {
            // An entry that names nothing of last year's is reported at the name.
            let field = if matches!(names, DroppedName::Key(_)) { "sleutel" } else { "wat" };
            let at = doc.value_span(&[Seg::Key("vervallen"), Seg::Index(i), Seg::Key(field)]);
            out.push(DroppedNote { names, reason: reason.to_string(), at });
        }
    }
    out
}
