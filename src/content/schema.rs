//! The files of the content format as they are written, field for field
//! (Dutch keys, see CONTENT-FORMAT.md). Values stay close to the text here;
//! validation turns them into the model and says what is wrong.
//!
//! Unknown fields are reported by `Doc::unknown_fields` against the
//! `FIELDS` lists, so a file gets every typo at once rather than the first.

use super::yaml::Text;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
pub struct RapportFile {
    pub titel: String,
    pub ondertitel: Option<String>,
    pub jaar: i32,
    pub peildatum: Text,
    pub publicatiedatum: Option<Text>,
    pub kamerstuk: Option<Text>,
    pub uitgever: String,
    pub vorige: Option<String>,
    #[serde(default)]
    pub paginas_voor: Vec<String>,
    #[serde(default)]
    pub paginas_na: Vec<String>,
    pub hoofdstukken: Vec<ChapterEntry>,
    pub ministeries: BTreeMap<String, String>,
    pub statussen: Option<Vec<StatusEntry>>,
}

impl RapportFile {
    pub const FIELDS: &[&str] = &[
        "titel",
        "ondertitel",
        "jaar",
        "peildatum",
        "publicatiedatum",
        "kamerstuk",
        "uitgever",
        "vorige",
        "paginas_voor",
        "paginas_na",
        "hoofdstukken",
        "ministeries",
        "statussen",
    ];
}

#[derive(Debug, Deserialize)]
pub struct ChapterEntry {
    pub slug: String,
    pub titel: String,
    #[serde(default)]
    pub themas: Vec<u32>,
}

impl ChapterEntry {
    pub const FIELDS: &[&str] = &["slug", "titel", "themas"];
}

#[derive(Debug, Deserialize)]
pub struct StatusEntry {
    pub sleutel: String,
    pub label: String,
    pub kleur: String,
    pub fase: String,
}

impl StatusEntry {
    pub const FIELDS: &[&str] = &["sleutel", "label", "kleur", "fase"];
}

#[derive(Debug, Deserialize)]
pub struct CatalogueEntry {
    pub id: Text,
    pub titel: String,
    pub eigenaar: String,
    #[serde(default)]
    pub betrokken: Vec<String>,
    #[serde(default)]
    pub adressaat: Vec<String>,
    pub kabinetsreactie: String,
    pub hoofdstuk: Option<String>,
    pub meegenomen_bij: Option<Text>,
}

impl CatalogueEntry {
    pub const FIELDS: &[&str] =
        &["id", "titel", "eigenaar", "betrokken", "adressaat", "kabinetsreactie", "hoofdstuk", "meegenomen_bij"];
}

#[derive(Debug, Deserialize, Default)]
pub struct ContributionFront {
    pub status: Option<String>,
    pub samenvatting: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub mijlpalen: Vec<MilestoneEntry>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub bronnen: Vec<Text>,
}

/// `mijlpalen:` with nothing after it (as the skeleton of `jaarrapport new`
/// has it) means no milestones, not an error.
fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

impl ContributionFront {
    pub const FIELDS: &[&str] = &["status", "samenvatting", "mijlpalen", "bronnen"];
}

#[derive(Debug, Deserialize)]
pub struct MilestoneEntry {
    /// The milestone's stable name across editions.
    pub sleutel: Option<Text>,
    pub wanneer: Text,
    pub wat: String,
    #[serde(default)]
    pub gereed: bool,
    /// Why the date moved since last year's report.
    pub toelichting: Option<String>,
}

impl MilestoneEntry {
    pub const FIELDS: &[&str] = &["sleutel", "wanneer", "wat", "gereed", "toelichting"];
}

/// One entry of `kerncijfers.yaml`. `jaar` and `waarde` stay YAML values
/// here: validation says, per value and with its position, which is not a
/// number, so a file gets every such mistake at once.
#[derive(Debug, Deserialize)]
pub struct FigureEntry {
    pub sleutel: String,
    pub titel: String,
    pub eenheid: String,
    pub hoofdstuk: Option<String>,
    pub aanbeveling: Option<Text>,
    pub bron: Option<Text>,
    pub doel: Option<FigureValueEntry>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub waarden: Vec<FigureValueEntry>,
}

impl FigureEntry {
    pub const FIELDS: &[&str] = &["sleutel", "titel", "eenheid", "hoofdstuk", "aanbeveling", "bron", "doel", "waarden"];
}

/// `{ jaar: 2023, waarde: 12.4 }`, a value of a year or the target.
#[derive(Debug, Deserialize)]
pub struct FigureValueEntry {
    pub jaar: serde_yaml_ng::Value,
    pub waarde: serde_yaml_ng::Value,
}

impl FigureValueEntry {
    pub const FIELDS: &[&str] = &["jaar", "waarde"];
}

#[derive(Debug, Deserialize, Default)]
pub struct PageFront {
    pub titel: Option<String>,
}

impl PageFront {
    pub const FIELDS: &[&str] = &["titel"];
}

#[cfg(test)]
mod tests {
    //! The FIELDS lists must name exactly what the structs accept.
    use super::*;

    fn accepts_all<T: serde::de::DeserializeOwned>(fields: &[&str], yaml: &str) {
        let _: T = serde_yaml_ng::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        for f in fields {
            assert!(yaml.contains(&format!("{f}:")), "FIELDS lists `{f}`, the probe document lacks it");
        }
    }

    #[test]
    fn contribution_fields() {
        accepts_all::<ContributionFront>(
            ContributionFront::FIELDS,
            "status: x\nsamenvatting: y\nmijlpalen: []\nbronnen: []\n",
        );
        accepts_all::<MilestoneEntry>(
            MilestoneEntry::FIELDS,
            "sleutel: k\nwanneer: 2024\nwat: x\ngereed: true\ntoelichting: y\n",
        );
    }

    #[test]
    fn figure_fields() {
        accepts_all::<FigureEntry>(
            FigureEntry::FIELDS,
            "sleutel: a\ntitel: b\neenheid: c\nhoofdstuk: d\naanbeveling: 4.1.C\nbron: e\ndoel: { jaar: 2025, waarde: 1 }\nwaarden: []\n",
        );
        accepts_all::<FigureValueEntry>(FigureValueEntry::FIELDS, "jaar: 2023\nwaarde: 12.4\n");
    }

    #[test]
    fn catalogue_fields() {
        accepts_all::<CatalogueEntry>(
            CatalogueEntry::FIELDS,
            "id: 2.1.A\ntitel: t\neigenaar: SZW\nbetrokken: []\nadressaat: []\nkabinetsreactie: x\nhoofdstuk: w\nmeegenomen_bij: 2.1.B\n",
        );
    }
}
