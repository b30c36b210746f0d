//! A form is accepted only for the contribution it was sent for: when the
//! content keeps a request ledger (`uitvraag.yaml`), import refuses a form
//! for a ministry and recommendation the ledger records no form sent for
//! in this edition, and a form made from another version of the file than
//! the one the ledger says the sent form was made from. A writer can
//! change a form's properties and its title together; the ledger is the
//! editors' own record, out of the writer's reach. `--unrecorded` lets an
//! editor take such a form in anyway, on purpose.

use super::Problem;
use crate::content::uitvraag::{self, LedgerFile, RequestEntry};
use crate::docx::form::{self, Place};
use crate::model::RecId;
use std::path::Path;

/// What the form says of itself, and the contribution's file as it is now.
pub(super) struct Claim<'a> {
    pub ministry: &'a str,
    pub id: &'a RecId,
    /// The form's origin property (`jaarrapport-bijdrage`), if it has one.
    pub made_from: Option<&'a str>,
    /// `form::file_hash` of the file as it is now.
    pub now: &'a str,
    /// The file as it is now, decoded.
    pub text_now: Option<&'a str>,
}

/// The refusal for a form the ledger does not record as sent, or `None`.
/// Without a ledger in the content there is nothing to hold a form to;
/// anything of its name (a link too) is read as one, and refuses when it
/// cannot be.
pub(super) fn check(docx: &Path, content_dir: &Path, edition: i32, claim: &Claim) -> Option<Problem> {
    std::fs::symlink_metadata(content_dir.join(uitvraag::FILE)).ok()?;
    let ledger = match uitvraag::read(content_dir) {
        Ok(l) => l,
        Err(why) => {
            let message = "de lijst van verstuurde formulieren (uitvraag.yaml) kan niet worden gelezen; \
                           vraag de redactie die te herstellen";
            return Some(refuse(docx, message.into(), why));
        }
    };
    let (ministry, id) = (claim.ministry, claim.id);
    let Some(entry) = sent(&ledger, ministry, id, edition) else {
        return Some(refuse(
            docx,
            format!(
                "de redactie heeft voor de bijdrage van {ministry} aan aanbeveling {id} geen formulier verstuurd; \
                 gebruik het formulier dat de redactie u stuurde"
            ),
            format!(
                "uitvraag.yaml records no form sent for {ministry} {id} in {edition}; if this form is genuine, \
                 import it with --unrecorded"
            ),
        ));
    };
    let made_from = claim.made_from?;
    if origin_as_recorded(made_from, claim.now, claim.text_now) == entry.bron {
        return None;
    }
    Some(refuse(
        docx,
        format!(
            "dit formulier is niet gemaakt van de versie van de bijdrage van {ministry} aan aanbeveling {id} \
             waarvan de redactie het formulier maakte; gebruik het laatste formulier dat de redactie u stuurde"
        ),
        format!(
            "the form's origin ({}) is not the file uitvraag.yaml records for the form sent on {}; \
             if this form is genuine (an earlier form for the same contribution), import it with --unrecorded",
            form::PROP_MADE_FROM,
            entry.verzonden.as_deref().unwrap_or("?")
        ),
    ))
}

/// The entry of a form sent for this contribution in this edition.
fn sent<'a>(ledger: &'a LedgerFile, ministry: &str, id: &RecId, edition: i32) -> Option<&'a RequestEntry> {
    ledger.uitvraag.iter().find(|e| {
        e.ministerie == ministry
            && RecId::parse(&e.id).as_ref() == Some(id)
            && e.editie == edition
            && e.verzonden.is_some()
    })
}

/// The form's origin as the ledger writes it (`bron`). The form hashes the
/// file's bytes, the ledger its decoded text (a BOM or CRLF is no edit):
/// while the file is still the one the form was made from, its decoded text
/// gives the ledger's hash exactly; else the two agree for a file without
/// BOM or CRLF, and a form made from one such that changed since is
/// refused (the editor overrides it with `--unrecorded`).
fn origin_as_recorded(made_from: &str, now: &str, text_now: Option<&str>) -> Option<String> {
    if made_from == form::NO_FILE {
        return None;
    }
    match text_now {
        Some(text) if made_from == now => Some(uitvraag::hash(text)),
        _ => Some(format!("xxh3:{made_from}")),
    }
}

fn refuse(docx: &Path, message: String, help: String) -> Problem {
    Problem { help: Some(help), ..Problem::error(docx, Place::File, message) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_s_byte_hash_reads_as_the_ledger_s_text_hash() {
        let text = "---\nstatus: x\n---\nTekst.\n";
        let plain = form::file_hash(Some(text.as_bytes()));
        assert_eq!(origin_as_recorded(&plain, &plain, Some(text)), Some(uitvraag::hash(text)));
        // Changed since: the hash itself carries over for a plain file.
        assert_eq!(origin_as_recorded(&plain, "other", Some("y")), Some(uitvraag::hash(text)));
        // A file with a BOM and CRLF, unchanged since the form was made.
        let crlf = "\u{feff}---\r\nstatus: x\r\n---\r\nTekst.\r\n";
        let h = form::file_hash(Some(crlf.as_bytes()));
        let decoded = crate::content::source::decode(crlf.as_bytes()).unwrap();
        assert_eq!(origin_as_recorded(&h, &h, Some(&decoded)), Some(uitvraag::hash(text)));
        assert_eq!(origin_as_recorded(form::NO_FILE, "x", None), None);
    }
}
