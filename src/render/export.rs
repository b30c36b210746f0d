//! Open data: the whole report as JSON (`<slug>.json`), and one CSV row per
//! recommendation (`<slug>.csv`) that opens in Excel with Dutch settings.
//! Next year's report reads this JSON back as `vorige`, so its shape is a
//! contract too (documented in the README).

use super::format::{Format, Tools};
use super::view::{self, ReportView};
use super::{RenderError, write_file};
use crate::model::Report;
use crate::model::number::spreadsheet;
use crate::model::slugify;
use crate::validate::MAX_ARCHIVE_BYTES;
use serde::Serialize;
use std::path::Path;

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
    /// `kerncijfers.yaml`, in file order; empty when there is none.
    pub kerncijfers: Vec<ExportFigure<'a>>,
}

/// A key figure with its numbers as numbers (the Dutch notation is for
/// readers; open data stays machine-readable).
#[derive(Serialize)]
pub struct ExportFigure<'a> {
    pub sleutel: &'a str,
    pub titel: &'a str,
    pub eenheid: &'a str,
    /// The chapter it is shown in (a recommendation's chapter for a figure of a recommendation).
    pub hoofdstuk: &'a str,
    pub aanbeveling: Option<&'a str>,
    pub bron: Option<&'a str>,
    pub doel: Option<ExportYearValue>,
    pub waarden: Vec<ExportYearValue>,
}

#[derive(Serialize)]
pub struct ExportYearValue {
    pub jaar: i32,
    pub waarde: f64,
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
    /// Milestones last year's report had as not done that are gone now.
    pub vervallen_mijlpalen: Vec<ExportDropped<'a>>,
    /// The status in every edition known, oldest first, this one last.
    pub geschiedenis: Vec<ExportEdition<'a>>,
    pub bronnen: Vec<&'a str>,
    pub bijdragen: Vec<ExportContribution<'a>>,
}

#[derive(Serialize)]
pub struct ExportMilestone<'a> {
    pub sleutel: Option<&'a str>,
    pub wanneer: String,
    pub laatste_dag: String,
    /// The date last year's report gave it; null when it is new.
    pub vorige_wanneer: Option<&'a str>,
    /// The first date any edition gave it.
    pub oorspronkelijk_wanneer: &'a str,
    /// Its period ends later than last year's.
    pub verschoven: bool,
    pub wat: &'a str,
    pub gereed: bool,
    pub verlopen: bool,
    pub toelichting: Option<&'a str>,
    pub ministerie: &'a str,
}

#[derive(Serialize)]
pub struct ExportDropped<'a> {
    pub sleutel: Option<&'a str>,
    pub wanneer: &'a str,
    pub wat: &'a str,
    pub ministerie: &'a str,
}

#[derive(Serialize)]
pub struct ExportEdition<'a> {
    pub jaar: i32,
    pub status: Option<&'a str>,
    pub status_label: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ExportContribution<'a> {
    pub ministerie: &'a str,
    pub samenvatting: Option<&'a str>,
    /// The Markdown as written.
    pub tekst: &'a str,
}

/// The view with each body as its Markdown text: the export draws the
/// same facts as the site and the PDF, and carries the text as written.
pub fn view(report: &Report) -> ReportView<String> {
    view::build(report, &|m, _| m.text.clone())
}

pub fn export<'v>(report: &'v Report, view: &'v ReportView<String>) -> Export<'v> {
    let s = &report.settings;
    Export {
        schema: SCHEMA,
        titel: &s.title,
        ondertitel: s.subtitle.as_deref(),
        jaar: s.year,
        peildatum: s.peildatum.format("%Y-%m-%d").to_string(),
        publicatiedatum: s.publicatiedatum.map(|d| d.format("%Y-%m-%d").to_string()),
        kamerstuk: s.kamerstuk.as_ref().map(|k| k.text.as_str()),
        uitgever: &s.publisher,
        vorig_jaar: report.previous.as_ref().and_then(|p| p.year),
        statussen: view
            .statuses
            .iter()
            .map(|st| ExportStatus {
                sleutel: &st.key,
                label: &st.label,
                kleur: &st.color,
                fase: st.phase,
                aantal: st.count,
            })
            .collect(),
        hoofdstukken: view
            .chapters
            .iter()
            .map(|c| ExportChapter {
                slug: &c.slug,
                nummer: c.number,
                titel: &c.title,
                themas: &c.themes,
                aanbevelingen: c.recommendations.iter().map(|r| r.id.clone()).collect(),
            })
            .collect(),
        aanbevelingen: view
            .chapters
            .iter()
            .flat_map(|c| &c.recommendations)
            .map(|r| ExportRec {
                id: r.id.clone(),
                titel: &r.title,
                hoofdstuk: &r.chapter,
                eigenaar: &r.owner,
                betrokken: &r.involved,
                adressaat: &r.addressees,
                kabinetsreactie: r.cabinet_response_key,
                meegenomen_bij: r.folded_into.as_ref().map(|f| f.id.clone()),
                status: r.status.as_ref().map(|s| s.key.as_str()),
                status_label: r.status.as_ref().map(|s| s.label.as_str()),
                vorige_status: r.previous_key.clone(),
                vorige_status_label: r.previous_label.clone(),
                samenvatting: r.summary.as_deref(),
                mijlpalen: r
                    .milestones
                    .iter()
                    .map(|m| ExportMilestone {
                        sleutel: m.key.as_deref(),
                        wanneer: m.when.clone(),
                        laatste_dag: m.last_day.clone(),
                        vorige_wanneer: m.previous_when.as_deref(),
                        oorspronkelijk_wanneer: &m.original_when,
                        verschoven: m.moved,
                        wat: &m.what,
                        gereed: m.done,
                        verlopen: m.overdue,
                        toelichting: m.reason.as_deref(),
                        ministerie: &m.ministry,
                    })
                    .collect(),
                vervallen_mijlpalen: r
                    .dropped_milestones
                    .iter()
                    .map(|d| ExportDropped {
                        sleutel: d.key.as_deref(),
                        wanneer: &d.when,
                        wat: &d.what,
                        ministerie: &d.ministry,
                    })
                    .collect(),
                geschiedenis: r
                    .history
                    .iter()
                    .map(|e| ExportEdition {
                        jaar: e.year,
                        status: e.status.as_ref().map(|s| s.key.as_str()).filter(|k| !k.is_empty()),
                        status_label: e.status.as_ref().map(|s| s.label.as_str()),
                    })
                    .collect(),
                bronnen: r.sources.iter().map(|s| s.text.as_str()).collect(),
                bijdragen: r
                    .contributions
                    .iter()
                    .map(|c| ExportContribution {
                        ministerie: &c.ministry,
                        samenvatting: c.summary.as_deref(),
                        tekst: &c.body,
                    })
                    .collect(),
            })
            .collect(),
        kerncijfers: view
            .figures
            .iter()
            .map(|f| ExportFigure {
                sleutel: &f.key,
                titel: &f.title,
                eenheid: &f.unit_text,
                hoofdstuk: &f.chapter,
                aanbeveling: f.recommendation.as_deref(),
                bron: f.source.as_deref(),
                doel: f.target.as_ref().map(|t| ExportYearValue { jaar: t.year, waarde: t.value }),
                waarden: f.values.iter().map(|v| ExportYearValue { jaar: v.year, waarde: v.value }).collect(),
            })
            .collect(),
    }
}

/// Next year's edition reads this export back as `vorige`, up to
/// [`MAX_ARCHIVE_BYTES`]: one larger is refused here rather than written,
/// so the chain of editions never breaks on a file the tool made.
pub fn fits_an_archive(name: &str, bytes: &[u8]) -> Result<(), RenderError> {
    if bytes.len() as u64 > MAX_ARCHIVE_BYTES {
        return Err(RenderError::Limit(format!(
            "{name} would be {} MB, more than next year's report can read back as `vorige` ({} MB); \
             shorten the contributions",
            bytes.len() >> 20,
            MAX_ARCHIVE_BYTES >> 20
        )));
    }
    Ok(())
}

pub fn json(report: &Report, view: &ReportView<String>) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&export(report, view)).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Excel with Dutch regional settings expects `;` between fields and reads
/// UTF-8 only with a byte-order mark; CRLF is what it writes itself.
pub fn csv(report: &Report, view: &ReportView<String>) -> Vec<u8> {
    let e = export(report, view);
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
    let rows = e.aanbevelingen.iter().map(|r| {
        let next = r.mijlpalen.iter().find(|m| !m.gereed && !m.verlopen).map(|m| format!("{}: {}", m.wanneer, m.wat));
        [
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
        ]
    });
    excel(&header, rows)
}

/// `<slug>-kerncijfers.csv`: one row per key figure and year, in the same
/// form as the main CSV. `waarde` has a decimal comma and no thousands
/// separator, so Excel with Dutch settings reads it as a number; `tekst`
/// is the value as the report prints it. A report without key figures
/// gets the header alone: the files a format writes follow from the slug
/// (`Format::outputs`), so the output manifest knows them before a build.
pub fn figures_csv(view: &ReportView<String>) -> Vec<u8> {
    let header = [
        "sleutel",
        "titel",
        "eenheid",
        "hoofdstuk",
        "aanbeveling",
        "jaar",
        "waarde",
        "tekst",
        "doel_jaar",
        "doel_waarde",
        "bron",
    ];
    let rows = view.figures.iter().flat_map(|f| {
        f.values.iter().map(move |v| {
            [
                f.key.clone(),
                f.title.clone(),
                f.unit_text.clone(),
                f.chapter.clone(),
                f.recommendation.clone().unwrap_or_default(),
                v.year.to_string(),
                spreadsheet(v.value),
                v.text.clone(),
                f.target.as_ref().map(|t| t.year.to_string()).unwrap_or_default(),
                f.target.as_ref().map(|t| spreadsheet(t.value)).unwrap_or_default(),
                f.source.clone().unwrap_or_default(),
            ]
        })
    });
    excel(&header, rows)
}

/// Excel's CSV with Dutch regional settings: `;` between fields, CRLF, a
/// byte-order mark (Excel reads UTF-8 only with one), and no cell that a
/// spreadsheet would run as a formula.
fn excel<const N: usize>(header: &[&str; N], rows: impl Iterator<Item = [String; N]>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| inert(c)));
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// A cell that starts like a formula would be run by a spreadsheet; an
/// apostrophe makes it text (OWASP CSV injection). Spreadsheets skip white
/// space and invisible characters before a formula and read the full-width
/// and small forms of `= + - @` as the signs themselves, so those count as
/// a formula's start too; so does a cell that starts with a tab or CR.
fn inert(cell: &str) -> String {
    let tab_or_cr = cell.starts_with(['\t', '\r']);
    let first_seen = cell.chars().find(|&c| !c.is_whitespace() && !invisible(c));
    let formula = matches!(
        first_seen,
        Some(
            '=' | '+'
                | '-'
                | '@'
                | '\u{FF1D}'
                | '\u{FF0B}'
                | '\u{FF0D}'
                | '\u{FF20}'
                | '\u{FE66}'
                | '\u{FE62}'
                | '\u{FE63}'
                | '\u{FE6B}'
                | '\u{2212}'
        )
    );
    if formula || tab_or_cr { format!("'{cell}") } else { cell.to_string() }
}

/// Characters that take no room: zero-width spaces and joiners, the
/// byte-order mark, the soft hyphen, direction marks and controls.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
        || c.is_control()
}

/// The whole report as JSON, `<slug>.json`.
pub struct Json;

impl Format for Json {
    fn name(&self) -> &'static str {
        "json"
    }
    fn about(&self) -> &'static str {
        "open data: the whole report as OUT/<slug>.json"
    }
    fn outputs(&self, slug: &str) -> Vec<String> {
        vec![format!("{slug}.json")]
    }
    fn render(&self, report: &Report, _: &Tools, dir: &Path) -> Result<(), RenderError> {
        let name = &self.outputs(&slugify(&report.settings.title))[0];
        let bytes = json(report, &view(report));
        fits_an_archive(name, &bytes)?;
        write_file(&dir.join(name), &bytes)
    }
}

/// One row per recommendation, `<slug>.csv`.
pub struct Csv;

impl Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }
    fn about(&self) -> &'static str {
        "open data: one row per recommendation, OUT/<slug>.csv, and the key figures, OUT/<slug>-kerncijfers.csv (Excel, Dutch settings)"
    }
    fn outputs(&self, slug: &str) -> Vec<String> {
        vec![format!("{slug}.csv"), format!("{slug}-kerncijfers.csv")]
    }
    fn render(&self, report: &Report, _: &Tools, dir: &Path) -> Result<(), RenderError> {
        let view = view(report);
        let names = self.outputs(&slugify(&report.settings.title));
        write_file(&dir.join(&names[0]), &csv(report, &view))?;
        write_file(&dir.join(&names[1]), &figures_csv(&view))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_export_larger_than_an_archive_may_be_is_refused() {
        let limit = super::MAX_ARCHIVE_BYTES as usize;
        assert!(super::fits_an_archive("x.json", &vec![b' '; limit]).is_ok());
        let err = super::fits_an_archive("x.json", &vec![b' '; limit + 1]).unwrap_err().to_string();
        assert!(err.contains("x.json would be 64 MB, more than next year's report can read"), "{err}");
    }

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(super::inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::inert("-1"), "'-1");
        assert_eq!(super::inert("Gewone tekst"), "Gewone tekst");
        for formula in [
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF20}SUM(A1)",
            "\u{FF0D}1",
            "\u{200B}=1",
            "\u{FEFF}=1",
            "\u{AD}=1",
            "\u{200E}=1",
            "\u{202E}=1",
            "\u{2060}+1",
            " =1",
            "\t=1",
            "\r=1",
            "\u{A0}=1",
            "\u{3000}=1",
            "\u{200B}\u{FEFF} \u{FF1D}HYPERLINK(\"x\")",
            "\u{2212}1",
        ] {
            assert_eq!(super::inert(formula), format!("'{formula}"), "{formula:?}");
        }
        for text in ["1+1=2", "e-mail", "Tekst met = erin", "\u{200B}tekst", "", " tekst"] {
            assert_eq!(super::inert(text), text, "{text:?}");
        }
    }
}
