//! Open data: the whole report as JSON (`<slug>.json`), and one CSV row per
//! recommendation (`<slug>.csv`) that opens in Excel with Dutch settings.
//! Next year's report reads this JSON back as `vorige`, so its shape is a
//! contract too (documented in the README).

use super::RenderError;
use super::format::{self, Format, RenderContext, Written};
use crate::model::number::spreadsheet;
use crate::validate::MAX_ARCHIVE_BYTES;
use crate::view::{Body, ReportView};
use std::path::Path;

pub use crate::content::export::SCHEMA;
use crate::content::export::{
    Export, ExportAgreement, ExportChapter, ExportCommitment, ExportContribution, ExportCounts, ExportDropped,
    ExportEdition, ExportFigure, ExportMilestone, ExportRec, ExportSettlement, ExportStatus, ExportYearValue,
};

/// The export draws the same facts as the site and the PDF, and carries
/// each body's text as written.
pub fn export(view: &ReportView<Body>) -> Export {
    let m = &view.meta;
    Export {
        schema: SCHEMA.to_string(),
        titel: m.title.clone(),
        ondertitel: m.subtitle.clone(),
        jaar: Some(m.year),
        peildatum: m.peildatum_iso.clone(),
        publicatiedatum: m.publicatiedatum_iso.clone(),
        kamerstuk: m.kamerstuk_written.clone(),
        uitgever: m.publisher.clone(),
        vorig_jaar: m.previous_year,
        versie: m.version.map(str::to_string),
        concept: view.meta.concept.as_ref().map(|c| c.text.clone()),
        statussen: view
            .statuses
            .iter()
            .map(|st| ExportStatus {
                sleutel: st.key.clone(),
                label: st.label.clone(),
                kleur: st.color.clone(),
                fase: st.phase,
                aantal: st.count,
            })
            .collect(),
        mijlpalen_telling: ExportCounts {
            total: view.milestone_counts.total,
            gereed: view.milestone_counts.gereed,
            gepland: view.milestone_counts.gepland,
            verlopen: view.milestone_counts.verlopen,
            verschoven: view.milestone_counts.verschoven,
            verschoven_gereed: view.milestone_counts.verschoven_gereed,
            verschoven_verlopen: view.milestone_counts.verschoven_verlopen,
            vervallen: view.slipped.as_ref().map_or(0, |s| s.dropped.len()),
            vervallen_met_toelichting: view.slipped.as_ref().map_or(0, |s| s.dropped_acknowledged),
        },
        hoofdstukken: view
            .chapters
            .iter()
            .map(|c| ExportChapter {
                slug: c.slug.clone(),
                nummer: c.number,
                titel: c.title.clone(),
                themas: c.themes.clone(),
                aanbevelingen: c.recommendations.iter().map(|r| r.id.clone()).collect(),
            })
            .collect(),
        aanbevelingen: view
            .chapters
            .iter()
            .flat_map(|c| &c.recommendations)
            .map(|r| ExportRec {
                id: r.id.clone(),
                titel: r.title.clone(),
                hoofdstuk: r.chapter.clone(),
                eigenaar: r.owner.clone(),
                betrokken: r.involved.clone(),
                adressaat: r.addressees.clone(),
                kabinetsreactie: r.cabinet_response_key.to_string(),
                meegenomen_bij: r.folded_into.as_ref().map(|f| f.id.clone()),
                status: r.status.as_ref().map(|s| s.key.clone()),
                status_label: r.status.as_ref().map(|s| s.label.clone()),
                vorige_status: r.previous_key.clone(),
                vorige_status_label: r.previous_label.clone(),
                samenvatting: r.summary.clone(),
                mijlpalen: r
                    .milestones
                    .iter()
                    .map(|m| ExportMilestone {
                        sleutel: m.key.clone(),
                        wanneer: m.when.clone(),
                        laatste_dag: m.last_day.clone(),
                        vorige_wanneer: m.previous_when.clone(),
                        oorspronkelijk_wanneer: m.original_when.clone(),
                        verschoven: m.moved,
                        wat: m.what.clone(),
                        gereed: m.done,
                        verlopen: m.overdue,
                        toelichting: m.reason.clone(),
                        vorige_wat: m.earlier_wording.clone(),
                        ministerie: m.ministry.clone(),
                    })
                    .collect(),
                mijlpalen_gereed: r.done_count,
                mijlpalen_verlopen: r.overdue_count,
                mijlpalen_verschoven: r.moved_count,
                volgende_mijlpaal: r.next_milestone.as_ref().map(|n| n.line.clone()),
                vervallen_mijlpalen: r
                    .dropped_milestones
                    .iter()
                    .map(|d| ExportDropped {
                        sleutel: d.key.clone(),
                        wanneer: d.when.clone(),
                        wat: d.what.clone(),
                        ministerie: d.ministry.clone(),
                        toelichting: d.reason.clone(),
                    })
                    .collect(),
                geschiedenis: r
                    .history
                    .iter()
                    .map(|e| ExportEdition {
                        jaar: e.year,
                        status: e.status.as_ref().map(|s| s.key.clone()).filter(|k| !k.is_empty()),
                        status_label: e.status.as_ref().map(|s| s.label.clone()),
                    })
                    .collect(),
                bronnen: r.sources.iter().map(|s| s.text.clone()).collect(),
                bijdragen: r
                    .contributions
                    .iter()
                    .map(|c| ExportContribution {
                        ministerie: c.ministry.clone(),
                        samenvatting: c.summary.clone(),
                        tekst: c.body.markdown.text.clone(),
                        akkoord: c
                            .agreement
                            .as_ref()
                            .map(|a| ExportAgreement { door: a.by.clone(), datum: a.date_iso.clone() }),
                    })
                    .collect(),
            })
            .collect(),
        kerncijfers: view
            .figures
            .iter()
            .map(|f| ExportFigure {
                sleutel: f.key.clone(),
                titel: f.title.clone(),
                eenheid: f.unit_text.clone(),
                hoofdstuk: f.chapter.clone(),
                aanbeveling: f.recommendation.clone(),
                bron: f.source.clone(),
                doel: f.target.as_ref().map(|t| ExportYearValue { jaar: t.year, waarde: t.value }),
                waarden: f.values.iter().map(|v| ExportYearValue { jaar: v.year, waarde: v.value }).collect(),
            })
            .collect(),
        toezeggingen: view
            .commitments
            .iter()
            .flat_map(|a| &a.groups)
            .flat_map(|g| &g.items)
            .map(|c| ExportCommitment {
                sleutel: c.key.clone(),
                soort: c.kind.to_string(),
                nummer: c.number.as_ref().map(|n| n.text.clone()),
                titel: c.title.clone(),
                datum: c.date.clone(),
                door: c.by.clone(),
                ministerie: c.ministry.clone(),
                vindplaats: c.made_in.as_ref().map(|v| v.text.clone()),
                omschrijving: c.description.clone(),
                termijn: c.deadline.clone(),
                laatste_dag: c.deadline_last_day.clone(),
                status: Some(c.status.to_string()),
                status_label: Some(c.status_label.to_string()),
                verlopen: c.overdue,
                afdoening: (c.settlement_text.is_some() || c.settlement_source.is_some()).then(|| ExportSettlement {
                    tekst: c.settlement_text.clone(),
                    bron: c.settlement_source.as_ref().map(|s| s.text.clone()),
                }),
                aanbevelingen: c.recommendations.iter().map(|r| r.id.clone()).collect(),
                vorige_status_label: c.previous_status_label.clone(),
                wijziging: c.change.map(str::to_string),
                geschiedenis: c
                    .history
                    .iter()
                    .map(|e| ExportEdition {
                        jaar: e.year,
                        status: e.status.clone(),
                        status_label: e.status_label.clone(),
                    })
                    .collect(),
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

pub fn json(view: &ReportView<Body>) -> Vec<u8> {
    export(view).to_bytes()
}

/// Excel with Dutch regional settings expects `;` between fields and reads
/// UTF-8 only with a byte-order mark; CRLF is what it writes itself.
pub fn csv(view: &ReportView<Body>) -> Vec<u8> {
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
        "vorige_status_label",
        "samenvatting",
        "mijlpalen",
        "mijlpalen_gereed",
        "mijlpalen_verlopen",
        "mijlpalen_verschoven",
        "mijlpalen_vervallen",
        "volgende_mijlpaal",
        "bronnen",
    ];
    // The rows are the export's recommendations: one mapping from the view.
    let e = export(view);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let rows = e.aanbevelingen.iter().map(|r| {
        [
            r.id.clone(),
            r.titel.clone(),
            r.hoofdstuk.clone(),
            r.eigenaar.clone(),
            r.betrokken.join(", "),
            r.kabinetsreactie.clone(),
            text(&r.meegenomen_bij),
            text(&r.status),
            text(&r.status_label),
            text(&r.vorige_status),
            text(&r.vorige_status_label),
            text(&r.samenvatting),
            r.mijlpalen.len().to_string(),
            r.mijlpalen_gereed.to_string(),
            r.mijlpalen_verlopen.to_string(),
            r.mijlpalen_verschoven.to_string(),
            r.vervallen_mijlpalen.len().to_string(),
            text(&r.volgende_mijlpaal),
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
pub fn figures_csv<B>(view: &ReportView<B>) -> Vec<u8> {
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

/// `<slug>-toezeggingen.csv`: one row per commitment or motion, in the
/// annex's order and the same Excel form as the others; the header alone
/// when the report has none (see `figures_csv`).
pub fn commitments_csv(view: &ReportView<Body>) -> Vec<u8> {
    let e = export(view);
    let header = [
        "sleutel",
        "soort",
        "nummer",
        "titel",
        "datum",
        "door",
        "ministerie",
        "vindplaats",
        "omschrijving",
        "termijn",
        "status",
        "status_label",
        "verlopen",
        "afdoening",
        "afdoening_bron",
        "aanbevelingen",
        "vorige_status",
        "wijziging",
    ];
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let rows = e.toezeggingen.iter().map(|c| {
        [
            c.sleutel.clone(),
            c.soort.clone(),
            text(&c.nummer),
            c.titel.clone(),
            text(&c.datum),
            text(&c.door),
            c.ministerie.clone(),
            text(&c.vindplaats),
            c.omschrijving.clone(),
            text(&c.termijn),
            text(&c.status),
            text(&c.status_label),
            if c.verlopen { "ja" } else { "nee" }.to_string(),
            c.afdoening.as_ref().and_then(|a| a.tekst.clone()).unwrap_or_default(),
            c.afdoening.as_ref().and_then(|a| a.bron.clone()).unwrap_or_default(),
            c.aanbevelingen.join(", "),
            text(&c.vorige_status_label),
            text(&c.wijziging),
        ]
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
    fn render(&self, ctx: &RenderContext, dir: &Path) -> Result<Vec<Written>, RenderError> {
        let name = &self.outputs(&ctx.view.meta.slug)[0];
        let bytes = json(ctx.view);
        fits_an_archive(name, &bytes)?;
        Ok(vec![format::write(dir, name, &bytes)?])
    }
}

/// One row per recommendation, `<slug>.csv`.
pub struct Csv;

impl Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }
    fn about(&self) -> &'static str {
        "open data: one row per recommendation, OUT/<slug>.csv, the key figures, OUT/<slug>-kerncijfers.csv, and the commitments and motions, OUT/<slug>-toezeggingen.csv (Excel, Dutch settings)"
    }
    fn outputs(&self, slug: &str) -> Vec<String> {
        vec![format!("{slug}.csv"), format!("{slug}-kerncijfers.csv"), format!("{slug}-toezeggingen.csv")]
    }
    fn render(&self, ctx: &RenderContext, dir: &Path) -> Result<Vec<Written>, RenderError> {
        let view = ctx.view;
        let names = self.outputs(&view.meta.slug);
        Ok(vec![
            format::write(dir, &names[0], &csv(view))?,
            format::write(dir, &names[1], &figures_csv(view))?,
            format::write(dir, &names[2], &commitments_csv(view))?,
        ])
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
