//! `uitvraag.yaml`, the request ledger (`content::uitvraag`), read into
//! the model's [`Request`]s. Each entry is checked against the report
//! (ministry, identifier, edition, dates) and compared with the
//! contribution file as it is now: a file that is no longer the one the
//! form was made from was edited since, and counts as updated.

use super::settings::ReportSettings;
use crate::content::SourceFile;
use crate::content::schema;
use crate::content::uitvraag::{self, LedgerFile};
use crate::content::yaml::{Doc, Seg};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{RecId, Request, Return};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::Path;

pub fn read(
    file: &SourceFile,
    rs: &ReportSettings,
    ids: &HashSet<&RecId>,
    contributions: &[SourceFile],
    diags: &mut Diagnostics,
) -> Vec<Request> {
    let doc = match Doc::parse(&file.text, &file.display, 1) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    if doc.root().is_null() {
        return Vec::new();
    }
    let Some(ledger) = schema::read::<LedgerFile>(&doc, diags) else { return Vec::new() };
    if ledger.versie > uitvraag::VERSION {
        diags.push(
            doc.error(
                doc.value_span(&[Seg::Key("versie")]),
                format!(
                    "uitvraag.yaml is of version {}; this jaarrapport reads up to {}",
                    ledger.versie,
                    uitvraag::VERSION
                ),
            )
            .with_help("use the jaarrapport that wrote it"),
        );
        return Vec::new();
    }
    let year = rs.settings.year;
    let mut seen: HashSet<(String, RecId)> = HashSet::new();
    let mut out = Vec::new();
    for (i, e) in ledger.uitvraag.iter().enumerate() {
        let at = |key: &'static str| doc.value_span(&[Seg::Key("uitvraag"), Seg::Index(i), Seg::Key(key)]);
        if e.editie != year {
            // Kept from another edition: not this year's request.
            diags.push(
                Diagnostic::warning(
                    &file.display,
                    at("editie"),
                    format!("this request is for the {} edition; the report is {year}, so it is left out", e.editie),
                )
                .with_help("send the form again with `jaarrapport new --docx` for this edition"),
            );
            continue;
        }
        let mut ok = true;
        if !rs.ministries.iter().any(|m| m.code == e.ministerie) {
            diags.push(doc.error(at("ministerie"), format!("`{}` is not a ministry of this report", e.ministerie)));
            ok = false;
        }
        let id = RecId::parse(&e.id);
        match &id {
            Some(id) if ids.contains(id) => {}
            Some(id) => {
                diags.push(doc.error(at("id"), format!("{id} is not in the catalogue")));
                ok = false;
            }
            None => {
                diags.push(doc.error(at("id"), format!("`{}` is not a recommendation identifier", e.id)));
                ok = false;
            }
        }
        let mut date = |key: &'static str, text: &Option<String>| -> Option<NaiveDate> {
            let text = text.as_deref()?;
            let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            if parsed.is_none() {
                diags.push(doc.error(at(key), format!("`{text}` is not a date")).with_help("write YYYY-MM-DD"));
                ok = false;
            }
            parsed
        };
        let sent = date("verzonden", &e.verzonden);
        let back_on = date("terug_op", &e.terug_op);
        let back = match e.terug.as_deref() {
            None => None,
            Some(uitvraag::UPDATED) => Some(Return::Updated),
            Some(uitvraag::CONFIRMED) => Some(Return::Confirmed),
            Some(other) => {
                diags.push(doc.error(at("terug"), format!("`{other}` is not a return")).with_help(format!(
                    "write `{}` or `{}`",
                    uitvraag::UPDATED,
                    uitvraag::CONFIRMED
                )));
                ok = false;
                None
            }
        };
        let Some(id) = id.filter(|_| ok) else { continue };
        if !seen.insert((e.ministerie.clone(), id.clone())) {
            diags.push(doc.error(at("id"), format!("{} {id} is recorded twice", e.ministerie)));
            continue;
        }
        let now = current(contributions, &e.ministerie, &id).map(|f| uitvraag::hash(&f.text));
        out.push(Request {
            ministry: e.ministerie.clone(),
            returned: back,
            returned_on: back_on,
            edited_since_sent: e.verzonden.is_some() && now != e.bron,
            id,
            sent,
        });
    }
    out.sort_by(|a, b| (&a.ministry, &a.id).cmp(&(&b.ministry, &b.id)));
    out
}

/// The ministry's contribution file on `id`, in whatever spelling it is named.
fn current<'a>(files: &'a [SourceFile], ministry: &str, id: &RecId) -> Option<&'a SourceFile> {
    let dir = Path::new("bijdragen").join(ministry);
    files.iter().find(|f| {
        f.rel.parent() == Some(dir.as_path())
            && f.rel.file_stem().and_then(|s| s.to_str()).and_then(RecId::parse).as_ref() == Some(id)
    })
}
