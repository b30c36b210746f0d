//! Open data: the whole report as JSON (`<slug>.json`), and one CSV row per
//! recommendation (`<slug>.csv`) that opens in Excel with Dutch settings.
//! Next year's report reads this JSON back as `vorige`, so its shape is a
//! contract too (documented in the README).

use crate::model::Report;
use serde::Serialize;

/// Bumped when a field changes meaning or disappears.
pub const SCHEMA: &str = "jaarrapport-export/1";

#[derive(Serialize)]
pub struct Export<'a> {
    pub schema: &'static str,
    pub titel: &'a str,
    pub ondertitel: Option<&'a str>,
    pub jaar: i32,
    pub peildatum: String,
    pub publicatiedatum: Option<String>,
    pub kamerstuk: Option<&'a str>,
    pub uitgever: &'a str,
    pub vorig_jaar: Option<i32>,
    pub statussen: Vec<ExportStatus<'a>>,
    pub hoofdstukken: Vec<ExportChapter<'a>>,
    pub aanbevelingen: Vec<ExportRec<'a>>,
}

#[derive(Serialize)]
pub struct ExportStatus<'a> {
    pub sleutel: &'a str,
    pub label: &'a str,
    pub kleur: &'a str,
    pub fase: crate::model::Phase,
    pub aantal: usize,
}

#[derive(Serialize)]
pub struct ExportChapter<'a> {
    pub slug: &'a str,
    pub nummer: usize,
    pub titel: &'a str,
    pub themas: &'a [u32],
    pub aanbevelingen: Vec<String>,
}

#[derive(Serialize)]
pub struct ExportRec<'a> {
    pub id: String,
    pub titel: &'a str,
    pub hoofdstuk: &'a str,
    pub eigenaar: &'a str,
    pub betrokken: &'a [String],
    pub adressaat: &'a [String],
    pub kabinetsreactie: &'static str,
    pub meegenomen_bij: Option<String>,
    pub status: Option<&'a str>,
    pub status_label: Option<&'a str>,
    pub vorige_status: Option<String>,
    pub vorige_status_label: Option<String>,
    pub samenvatting: Option<&'a str>,
    pub mijlpalen: Vec<ExportMilestone<'a>>,
    pub bronnen: Vec<&'a str>,
    pub bijdragen: Vec<ExportContribution<'a>>,
}

#[derive(Serialize)]
pub struct ExportMilestone<'a> {
    pub wanneer: String,
    pub laatste_dag: String,
    pub wat: &'a str,
    pub gereed: bool,
    pub verlopen: bool,
    pub ministerie: &'a str,
}

#[derive(Serialize)]
pub struct ExportContribution<'a> {
    pub ministerie: &'a str,
    pub samenvatting: Option<&'a str>,
    /// The Markdown as written.
    pub tekst: &'a str,
}

pub fn export(report: &Report) -> Export<'_> {
    let peil = report.settings.peildatum;
    let s = &report.settings;
    Export {
        schema: SCHEMA,
        titel: &s.title,
        ondertitel: s.subtitle.as_deref(),
        jaar: s.year,
        peildatum: peil.format("%Y-%m-%d").to_string(),
        publicatiedatum: s.publicatiedatum.map(|d| d.format("%Y-%m-%d").to_string()),
        kamerstuk: s.kamerstuk.as_deref(),
        uitgever: &s.publisher,
        vorig_jaar: report.previous.as_ref().and_then(|p| p.year),
        statussen: report
            .statuses
            .iter()
            .map(|st| ExportStatus {
                sleutel: &st.key,
                label: &st.label,
                kleur: &st.color,
                fase: st.phase,
                aantal: report.recommendations.iter().filter(|r| report.effective_status(r) == Some(st)).count(),
            })
            .collect(),
        hoofdstukken: report
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| ExportChapter {
                slug: &c.slug,
                nummer: i + 1,
                titel: &c.title,
                themas: &c.themes,
                aanbevelingen: c.recommendations.iter().map(|&i| report.recommendations[i].id.to_string()).collect(),
            })
            .collect(),
        aanbevelingen: report
            .recommendations
            .iter()
            .map(|r| {
                let status = report.effective_status(r);
                let previous = report.previous.as_ref().and_then(|p| p.status_of(&r.id));
                let mut bronnen: Vec<&str> = Vec::new();
                for b in r.contributions.iter().flat_map(|c| &c.sources) {
                    if !bronnen.contains(&b.as_str()) {
                        bronnen.push(b);
                    }
                }
                ExportRec {
                    id: r.id.to_string(),
                    titel: &r.title,
                    hoofdstuk: &r.chapter,
                    eigenaar: &r.owner,
                    betrokken: &r.involved,
                    adressaat: &r.addressees,
                    kabinetsreactie: r.cabinet_response.key(),
                    meegenomen_bij: r.folded_into.as_ref().map(|i| i.to_string()),
                    status: status.map(|s| s.key.as_str()),
                    status_label: status.map(|s| s.label.as_str()),
                    vorige_status: previous.and_then(|p| p.key.clone()),
                    vorige_status_label: previous.and_then(|p| p.label.clone()),
                    samenvatting: r.summary(),
                    mijlpalen: r
                        .milestones()
                        .into_iter()
                        .map(|(c, m)| ExportMilestone {
                            wanneer: m.when.canonical(),
                            laatste_dag: m.when.last_day().format("%Y-%m-%d").to_string(),
                            wat: &m.what,
                            gereed: m.done,
                            verlopen: m.overdue(peil),
                            ministerie: &c.ministry,
                        })
                        .collect(),
                    bronnen,
                    bijdragen: r
                        .contributions
                        .iter()
                        .map(|c| ExportContribution {
                            ministerie: &c.ministry,
                            samenvatting: c.summary.as_deref(),
                            tekst: &c.body.text,
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

pub fn json(report: &Report) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&export(report)).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Excel with Dutch regional settings expects `;` between fields and reads
/// UTF-8 only with a byte-order mark; CRLF is what it writes itself.
pub fn csv(report: &Report) -> Vec<u8> {
    let e = export(report);
    let mut w = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header = [
        "id",
        "titel",
        "hoofdstuk",
        "eigenaar",
        "betrokken",
        "kabinetsreactie",
        "meegenomen_bij",
        "status",
        "status_label",
        "vorige_status",
        "samenvatting",
        "mijlpalen",
        "mijlpalen_gereed",
        "mijlpalen_verlopen",
        "volgende_mijlpaal",
        "bronnen",
    ];
    let _ = w.write_record(header);
    for r in &e.aanbevelingen {
        let next = r.mijlpalen.iter().find(|m| !m.gereed && !m.verlopen).map(|m| format!("{}: {}", m.wanneer, m.wat));
        let row = [
            r.id.clone(),
            r.titel.to_string(),
            r.hoofdstuk.to_string(),
            r.eigenaar.to_string(),
            r.betrokken.join(", "),
            r.kabinetsreactie.to_string(),
            r.meegenomen_bij.clone().unwrap_or_default(),
            r.status.unwrap_or_default().to_string(),
            r.status_label.unwrap_or_default().to_string(),
            r.vorige_status_label.clone().or(r.vorige_status.clone()).unwrap_or_default(),
            r.samenvatting.unwrap_or_default().to_string(),
            r.mijlpalen.len().to_string(),
            r.mijlpalen.iter().filter(|m| m.gereed).count().to_string(),
            r.mijlpalen.iter().filter(|m| m.verlopen).count().to_string(),
            next.unwrap_or_default(),
            r.bronnen.join("; "),
        ];
        let _ = w.write_record(row.iter().map(|c| inert(c)));
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// A cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) would be
/// run by a spreadsheet; an apostrophe makes it text (OWASP CSV injection).
fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(super::inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::inert("-1"), "'-1");
        assert_eq!(super::inert("Gewone tekst"), "Gewone tekst");
    }
}
