//! The export JSON (`<slug>.json`): one schema, both ways. The build writes
//! it (`render::export` fills these types from the view), next year's
//! report reads it back as `vorige` (`validate::previous`), and
//! `next-year` reads, keys and rewrites it as `archief/<jaar>.json`. One
//! set of types for all three means a field added on one side cannot be
//! forgotten on the other; the round-trip test below holds them to it.
//!
//! Reading is lenient where older exports are: a field an export written
//! before it existed lacks is empty (`#[serde(default)]`), never an error.

use crate::model::Phase;
use serde::{Deserialize, Serialize};

/// The schema this tool writes. Bumped when a field changes meaning or
/// disappears; an export of another major version is refused.
pub const SCHEMA: &str = "jaarrapport-export/1";

/// What every version of the schema starts with.
pub const SCHEMA_FAMILY: &str = "jaarrapport-export/";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    #[serde(default)]
    pub schema: String,
    #[serde(default)]
    pub titel: String,
    #[serde(default)]
    pub ondertitel: Option<String>,
    /// Always written; an export without it (hand-made) has no year.
    #[serde(default)]
    pub jaar: Option<i32>,
    #[serde(default)]
    pub peildatum: String,
    #[serde(default)]
    pub publicatiedatum: Option<String>,
    #[serde(default)]
    pub kamerstuk: Option<String>,
    #[serde(default)]
    pub uitgever: String,
    #[serde(default)]
    pub vorig_jaar: Option<i32>,
    /// `concept` or `definitief` (absent: the report says neither).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versie: Option<String>,
    /// A concept's sentence: not the final text, and of which dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    #[serde(default)]
    pub statussen: Vec<ExportStatus>,
    /// How many milestones are done, planned, overdue and moved, and how
    /// many of last year's vanished: the counts the site and the PDF give.
    #[serde(default)]
    pub mijlpalen_telling: ExportCounts,
    #[serde(default)]
    pub hoofdstukken: Vec<ExportChapter>,
    pub aanbevelingen: Vec<ExportRec>,
    /// `kerncijfers.yaml`, in file order; empty when there is none.
    #[serde(default)]
    pub kerncijfers: Vec<ExportFigure>,
    /// `toezeggingen.yaml` in the annex's order (overdue, open, settled);
    /// empty when there is none. Next year's report reads `sleutel`,
    /// `status` and `geschiedenis` back.
    #[serde(default)]
    pub toezeggingen: Vec<ExportCommitment>,
}

/// A commitment or motion with its status per edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportCommitment {
    pub sleutel: String,
    #[serde(default)]
    pub soort: String,
    #[serde(default)]
    pub nummer: Option<String>,
    #[serde(default)]
    pub titel: String,
    #[serde(default)]
    pub datum: Option<String>,
    #[serde(default)]
    pub door: Option<String>,
    #[serde(default)]
    pub ministerie: String,
    #[serde(default)]
    pub vindplaats: Option<String>,
    #[serde(default)]
    pub omschrijving: String,
    #[serde(default)]
    pub termijn: Option<String>,
    #[serde(default)]
    pub laatste_dag: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub status_label: Option<String>,
    #[serde(default)]
    pub verlopen: bool,
    #[serde(default)]
    pub afdoening: Option<ExportSettlement>,
    #[serde(default)]
    pub aanbevelingen: Vec<String>,
    /// Last year's status label; null when new or without `vorige`.
    #[serde(default)]
    pub vorige_status_label: Option<String>,
    /// `nieuw` or `voldaan sinds vorig jaar`.
    #[serde(default)]
    pub wijziging: Option<String>,
    /// The status in every edition known, oldest first, this one last.
    #[serde(default)]
    pub geschiedenis: Vec<ExportEdition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportSettlement {
    pub tekst: Option<String>,
    pub bron: Option<String>,
}

/// A key figure with its numbers as numbers (the Dutch notation is for
/// readers; open data stays machine-readable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFigure {
    pub sleutel: String,
    pub titel: String,
    pub eenheid: String,
    /// The chapter it is shown in (a recommendation's chapter for a figure of a recommendation).
    pub hoofdstuk: String,
    pub aanbeveling: Option<String>,
    pub bron: Option<String>,
    pub doel: Option<ExportYearValue>,
    pub waarden: Vec<ExportYearValue>,
}

/// The view's milestone tally (`view::milestones::Counts`) with the
/// vanished ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportCounts {
    pub total: usize,
    pub gereed: usize,
    pub gepland: usize,
    pub verlopen: usize,
    pub verschoven: usize,
    /// Moved since last year and done now.
    pub verschoven_gereed: usize,
    /// Moved since last year and overdue now.
    pub verschoven_verlopen: usize,
    /// Last year's unfinished milestones that are gone.
    pub vervallen: usize,
    /// Of those, the ones a contribution gave up with a reason.
    pub vervallen_met_toelichting: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportYearValue {
    pub jaar: i32,
    pub waarde: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportStatus {
    pub sleutel: String,
    pub label: String,
    pub kleur: String,
    pub fase: Phase,
    pub aantal: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportChapter {
    pub slug: String,
    pub nummer: usize,
    pub titel: String,
    pub themas: Vec<u32>,
    pub aanbevelingen: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRec {
    pub id: String,
    #[serde(default)]
    pub titel: String,
    #[serde(default)]
    pub hoofdstuk: String,
    #[serde(default)]
    pub eigenaar: String,
    #[serde(default)]
    pub betrokken: Vec<String>,
    #[serde(default)]
    pub adressaat: Vec<String>,
    #[serde(default)]
    pub kabinetsreactie: String,
    #[serde(default)]
    pub meegenomen_bij: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub status_label: Option<String>,
    #[serde(default)]
    pub vorige_status: Option<String>,
    #[serde(default)]
    pub vorige_status_label: Option<String>,
    #[serde(default)]
    pub samenvatting: Option<String>,
    #[serde(default)]
    pub mijlpalen: Vec<ExportMilestone>,
    #[serde(default)]
    pub mijlpalen_gereed: usize,
    #[serde(default)]
    pub mijlpalen_verlopen: usize,
    #[serde(default)]
    pub mijlpalen_verschoven: usize,
    /// Its first milestone still to come (`2024-Q2: Wet in werking`).
    #[serde(default)]
    pub volgende_mijlpaal: Option<String>,
    /// Milestones last year's report had as not done that are gone now.
    #[serde(default)]
    pub vervallen_mijlpalen: Vec<ExportDropped>,
    /// The status in every edition known, oldest first, this one last.
    #[serde(default)]
    pub geschiedenis: Vec<ExportEdition>,
    #[serde(default)]
    pub bronnen: Vec<String>,
    #[serde(default)]
    pub bijdragen: Vec<ExportContribution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportMilestone {
    #[serde(default)]
    pub sleutel: Option<String>,
    pub wanneer: String,
    #[serde(default)]
    pub laatste_dag: String,
    /// The date last year's report gave it; null when it is new.
    #[serde(default)]
    pub vorige_wanneer: Option<String>,
    /// The first date any edition gave it (empty in exports from before
    /// it was kept).
    #[serde(default, deserialize_with = "string_or_null")]
    pub oorspronkelijk_wanneer: String,
    /// Its period ends later than last year's.
    #[serde(default)]
    pub verschoven: bool,
    pub wat: String,
    #[serde(default)]
    pub gereed: bool,
    #[serde(default)]
    pub verlopen: bool,
    #[serde(default)]
    pub toelichting: Option<String>,
    /// Last year's words for it, when they differ.
    #[serde(default)]
    pub vorige_wat: Option<String>,
    #[serde(default)]
    pub ministerie: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportDropped {
    pub sleutel: Option<String>,
    pub wanneer: String,
    pub wat: String,
    pub ministerie: String,
    /// Why it was given up (`vervallen` in a contribution); null when no
    /// contribution said.
    #[serde(default)]
    pub toelichting: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportEdition {
    pub jaar: i32,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub status_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportContribution {
    pub ministerie: String,
    #[serde(default)]
    pub samenvatting: Option<String>,
    /// The Markdown as written.
    #[serde(default)]
    pub tekst: String,
    /// Who agreed to the text, and when (`akkoord`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub akkoord: Option<ExportAgreement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportAgreement {
    pub door: String,
    pub datum: String,
}

/// Earlier exports wrote `null` where no first date was known.
fn string_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

impl Export {
    /// The bytes the build writes: pretty JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Serialising these plain types cannot fail (no maps with
        // non-string keys, no failing `Serialize`); an empty file would
        // be refused as `vorige` rather than read wrongly.
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Reads an export back, refusing a file of another schema family or
    /// major version. The error is serde_json's, with its line and column.
    pub fn from_slice(bytes: &[u8]) -> Result<Export, ReadError> {
        let export: Export = serde_json::from_slice(bytes).map_err(ReadError::Json)?;
        export.check_schema()?;
        Ok(export)
    }

    /// Refuses another schema family or version; exports from before the
    /// schema field existed have none and are read.
    pub fn check_schema(&self) -> Result<(), ReadError> {
        if !self.schema.is_empty() && !self.schema.starts_with(SCHEMA_FAMILY) {
            return Err(ReadError::Schema(self.schema.clone()));
        }
        if self.schema.starts_with(SCHEMA_FAMILY) && self.schema != SCHEMA {
            return Err(ReadError::Version(self.schema.clone()));
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Json(serde_json::Error),
    #[error("its schema is `{0}`, not a jaarrapport export")]
    Schema(String),
    #[error("its schema is `{0}`; this jaarrapport reads `{SCHEMA}`")]
    Version(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Export {
        Export {
            schema: SCHEMA.into(),
            titel: "Jaarrapportage".into(),
            ondertitel: None,
            jaar: Some(2023),
            peildatum: "2023-12-01".into(),
            publicatiedatum: Some("2024-01-15".into()),
            kamerstuk: Some("Kamerstuk 29 861, nr. 99".into()),
            uitgever: "IPA".into(),
            vorig_jaar: Some(2022),
            versie: Some("concept".into()),
            concept: Some("Concept".into()),
            mijlpalen_telling: ExportCounts {
                total: 1,
                gereed: 1,
                verschoven: 1,
                verschoven_gereed: 1,
                ..Default::default()
            },
            statussen: vec![ExportStatus {
                sleutel: "afgerond".into(),
                label: "Afgerond".into(),
                kleur: "#2e7d32".into(),
                fase: Phase::Klaar,
                aantal: 1,
            }],
            hoofdstukken: vec![ExportChapter {
                slug: "werk".into(),
                nummer: 1,
                titel: "Werk".into(),
                themas: vec![2],
                aanbevelingen: vec!["2.1.A".into()],
            }],
            aanbevelingen: vec![ExportRec {
                id: "2.1.A".into(),
                titel: "Certificering".into(),
                hoofdstuk: "werk".into(),
                eigenaar: "SZW".into(),
                betrokken: vec!["BZK".into()],
                adressaat: vec![],
                kabinetsreactie: "overgenomen".into(),
                meegenomen_bij: None,
                status: Some("afgerond".into()),
                status_label: Some("Afgerond".into()),
                vorige_status: Some("in-uitvoering".into()),
                vorige_status_label: Some("In uitvoering".into()),
                samenvatting: Some("Klaar.".into()),
                mijlpalen: vec![ExportMilestone {
                    sleutel: Some("wet".into()),
                    wanneer: "2023-Q4".into(),
                    laatste_dag: "2023-12-31".into(),
                    vorige_wanneer: Some("2023-Q2".into()),
                    oorspronkelijk_wanneer: "2022-Q4".into(),
                    verschoven: true,
                    wat: "Wet in werking".into(),
                    gereed: true,
                    verlopen: false,
                    toelichting: Some("Later door de Raad van State.".into()),
                    vorige_wat: Some("Wet aangenomen".into()),
                    ministerie: "SZW".into(),
                }],
                mijlpalen_gereed: 0,
                mijlpalen_verlopen: 0,
                mijlpalen_verschoven: 1,
                volgende_mijlpaal: None,
                vervallen_mijlpalen: vec![ExportDropped {
                    sleutel: None,
                    wanneer: "2023".into(),
                    wat: "Pilot".into(),
                    ministerie: "SZW".into(),
                    toelichting: Some("Niet meer nodig.".into()),
                }],
                geschiedenis: vec![ExportEdition {
                    jaar: 2023,
                    status: Some("afgerond".into()),
                    status_label: Some("Afgerond".into()),
                }],
                bronnen: vec!["Kamerstuk 29 861, nr. 99".into()],
                bijdragen: vec![ExportContribution {
                    ministerie: "SZW".into(),
                    samenvatting: None,
                    tekst: "Tekst.\n".into(),
                    akkoord: Some(ExportAgreement { door: "DG".into(), datum: "2023-11-15".into() }),
                }],
            }],
            kerncijfers: vec![ExportFigure {
                sleutel: "aantal".into(),
                titel: "Aantal".into(),
                eenheid: "personen".into(),
                hoofdstuk: "werk".into(),
                aanbeveling: None,
                bron: None,
                doel: Some(ExportYearValue { jaar: 2025, waarde: 10.5 }),
                waarden: vec![ExportYearValue { jaar: 2023, waarde: 1043210.0 }],
            }],
            toezeggingen: vec![ExportCommitment {
                sleutel: "motie-tielen".into(),
                soort: "motie".into(),
                nummer: Some("Kamerstuk 29 861, nr. 77".into()),
                titel: "Motie Tielen".into(),
                datum: None,
                door: Some("Tielen".into()),
                ministerie: "SZW".into(),
                vindplaats: None,
                omschrijving: "Een routekaart.".into(),
                termijn: Some("2022-Q4".into()),
                laatste_dag: Some("2022-12-31".into()),
                status: Some("voldaan".into()),
                status_label: Some("Voldaan".into()),
                verlopen: false,
                afdoening: Some(ExportSettlement { tekst: Some("Afgedaan.".into()), bron: None }),
                aanbevelingen: vec!["2.1.A".into()],
                vorige_status_label: None,
                wijziging: Some("nieuw".into()),
                geschiedenis: vec![ExportEdition { jaar: 2023, status: Some("voldaan".into()), status_label: None }],
            }],
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let export = sample();
        let bytes = export.to_bytes();
        let back = Export::from_slice(&bytes).expect("reads back");
        assert_eq!(back, export);
        assert_eq!(back.to_bytes(), bytes, "a second round trip gives the same bytes");
    }

    #[test]
    fn an_export_from_before_a_field_existed_reads_with_it_empty() {
        let old = br#"{"jaar": 2021, "aanbevelingen": [{"id": "2.1.A", "status": "gestart",
            "mijlpalen": [{"wanneer": "2022-Q1", "wat": "Start", "oorspronkelijk_wanneer": null}]}]}"#;
        let e = Export::from_slice(old).expect("an old export reads");
        assert_eq!(e.jaar, Some(2021));
        let m = &e.aanbevelingen[0].mijlpalen[0];
        assert_eq!((m.sleutel.as_deref(), m.oorspronkelijk_wanneer.as_str(), m.gereed), (None, "", false));
        assert!(e.aanbevelingen[0].bijdragen.is_empty());
    }

    #[test]
    fn another_schema_or_version_is_refused() {
        let other = br#"{"schema": "something-else/1", "aanbevelingen": []}"#;
        assert!(matches!(Export::from_slice(other), Err(ReadError::Schema(_))));
        let newer = br#"{"schema": "jaarrapport-export/2", "aanbevelingen": []}"#;
        assert!(matches!(Export::from_slice(newer), Err(ReadError::Version(_))));
    }
}
