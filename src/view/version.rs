//! Which version of the report a build is (`versie` in rapport.yaml) and
//! how a concept says so: one mark, made here, that the site's banner, the
//! PDF's watermark and colophon, the open data, the search index and the
//! DCAT record all draw. Its dates come from the content, never the clock.

use crate::model::{Contribution, Report, Version, dutch_date};
use chrono::NaiveDate;
use serde::Serialize;

/// What a concept build prints on every page.
#[derive(Debug, Clone, Serialize)]
pub struct ConceptMark {
    /// The watermark's word: `Concept`.
    pub label: &'static str,
    /// The banner's and the colophon's sentence.
    pub text: String,
    /// The peildatum, in Dutch.
    pub peildatum: String,
    /// The content's date, in Dutch and as YYYY-MM-DD: see [`content_date`];
    /// `None` while no contribution records an agreement.
    pub content_date: Option<String>,
    pub content_date_iso: Option<String>,
}

/// `versie` as the open data and the DCAT record write it.
pub fn key(report: &Report) -> Option<&'static str> {
    report.settings.version.map(|v| match v {
        Version::Concept => "concept",
        Version::Definitief => "definitief",
    })
}

/// The mark of a concept; `None` for a final report or one without `versie`.
pub fn concept(report: &Report) -> Option<ConceptMark> {
    if report.settings.version != Some(Version::Concept) {
        return None;
    }
    let date = content_date(report);
    let peildatum = dutch_date(report.settings.peildatum);
    // Without any agreement the content has no date of its own: the
    // peildatum again would only suggest one.
    let content = match date {
        Some(d) => format!("de inhoud van {}", dutch_date(d)),
        None => "nog zonder akkoord van de ministeries".to_string(),
    };
    Some(ConceptMark {
        label: "Concept",
        text: format!("Niet de definitieve versie: de stand op de peildatum {peildatum}, {content}."),
        peildatum,
        content_date: date.map(dutch_date),
        content_date_iso: date.map(crate::model::iso_date),
    })
}

/// What the open data holds, in one paragraph: DCAT's description of it.
/// A concept says so first.
pub fn data_description(report: &Report, concept: Option<&ConceptMark>) -> String {
    let s = &report.settings;
    format!(
        "{}{}{}De stand van {} aanbevelingen op de peildatum {}: per aanbeveling de eigenaar, de status, \
         de mijlpalen, de bronnen en de tekst van de ministeries.",
        concept.map(|c| format!("{} ", c.text)).unwrap_or_default(),
        s.subtitle.as_deref().unwrap_or(""),
        if s.subtitle.is_some() { ". " } else { "" },
        report.recommendations.len(),
        dutch_date(s.peildatum),
    )
}

/// The content's date: the latest agreement (`akkoord`) it records, if
/// any. Not the request ledger's days: a form sent or returned unchanged
/// leaves the text, and so the concept, as it was.
pub fn content_date(report: &Report) -> Option<NaiveDate> {
    let agreements = report.recommendations.iter().flat_map(|r| &r.contributions).filter_map(|c| c.agreement.as_ref());
    agreements.map(|a| a.date).max()
}

/// What a concept says under each contribution's heading: the agreement
/// the steering group reads it with, or that it is still to come. Nothing
/// outside a concept.
pub fn agreement_note(report: &Report, c: &Contribution) -> Option<String> {
    if report.settings.version != Some(Version::Concept) {
        return None;
    }
    Some(match &c.agreement {
        Some(a) => format!("Akkoord: {}, {}.", a.by, dutch_date(a.date)),
        None => "Nog geen akkoord.".to_string(),
    })
}
