//! The files of the content format as they are written, field for field
//! (Dutch keys, see CONTENT-FORMAT.md). Values stay close to the text here;
//! validation turns them into the model and says what is wrong.
//!
//! The structs are the one list of the fields of each kind of file:
//! adding an optional field is one line in its struct (an `Option<...>`,
//! or a `Vec` with `#[serde(default)]`). Reading a file reports every key
//! no struct has, with a did-you-mean, from the field names serde derives
//! (`read`); only a struct added anew needs a line in `what` too. (So no
//! `#[serde(flatten)]` or `alias` here: serde would not name those fields.)

use super::yaml::{Doc, Unknown};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use serde::{Deserialize, Deserializer};

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
    pub licentie: Option<String>,
    /// `concept` or `definitief`; absent for a report as it always was.
    pub versie: Option<String>,
    /// Files carried over from last year unchanged on purpose.
    #[serde(default)]
    pub bevestigd: Vec<String>,
    #[serde(default)]
    pub paginas_voor: Vec<String>,
    #[serde(default)]
    pub paginas_na: Vec<String>,
    pub hoofdstukken: Vec<ChapterEntry>,
    /// In the order written, which is the order of co-contributions.
    #[serde(deserialize_with = "in_order")]
    pub ministeries: Vec<(String, String)>,
    pub statussen: Option<Vec<StatusEntry>>,
}

#[derive(Debug, Deserialize)]
pub struct ChapterEntry {
    pub slug: String,
    pub titel: String,
    #[serde(default)]
    pub themas: Vec<u32>,
}

#[derive(Debug, Deserialize)]
pub struct StatusEntry {
    pub sleutel: String,
    pub label: String,
    pub kleur: String,
    pub fase: String,
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

#[derive(Debug, Deserialize, Default)]
pub struct ContributionFront {
    pub status: Option<String>,
    pub samenvatting: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub mijlpalen: Vec<MilestoneEntry>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub bronnen: Vec<Text>,
    /// Who agreed to the text, and when.
    pub akkoord: Option<AgreementEntry>,
    /// Last year's milestones dropped on purpose, each with its reason.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub vervallen: Vec<DroppedEntry>,
}

/// `akkoord: { door: ..., datum: YYYY-MM-DD }`.
#[derive(Debug, Deserialize)]
pub struct AgreementEntry {
    pub door: Option<String>,
    pub datum: Option<Text>,
}

/// `mijlpalen:` with nothing after it (as the skeleton of `jaarrapport new`
/// has it) means no milestones, not an error.
fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
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

/// A milestone of last year's export acknowledged as dropped: named by its
/// `sleutel` or its `wat` as last year's report had it, with the reason.
/// Validation says what is missing, with its position.
#[derive(Debug, Deserialize)]
pub struct DroppedEntry {
    pub sleutel: Option<Text>,
    pub wat: Option<String>,
    pub toelichting: Option<String>,
}

/// One entry of `kerncijfers.yaml`. The required fields are optional
/// here, and `jaar` and `waarde` are read as written: validation says per
/// entry and per value, with its position, what is missing or not a
/// number, so a file gets every such mistake at once.
#[derive(Debug, Deserialize)]
pub struct FigureEntry {
    pub sleutel: Option<String>,
    pub titel: Option<String>,
    pub eenheid: Option<String>,
    pub hoofdstuk: Option<String>,
    pub aanbeveling: Option<Text>,
    pub bron: Option<Text>,
    pub doel: Option<FigureValueEntry>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub waarden: Vec<FigureValueEntry>,
}

/// `{ jaar: 2023, waarde: 12.4 }`, a value of a year or the target.
#[derive(Debug, Deserialize)]
pub struct FigureValueEntry {
    pub jaar: Option<Written>,
    pub waarde: Option<Written>,
}

/// A value of any kind as YAML reads it, for a field whose kind validation
/// checks itself: `12.4` is a number, `"12.4"`, `12,4` and `veel` are text.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Int(i64),
    Float(f64),
    /// Text, a boolean (as written) or null (empty).
    Text(String),
    /// A list or a mapping.
    Collection,
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> serde::de::Visitor<'de> for Any {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Written, E> {
                Ok(Written::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Written, E> {
                Ok(i64::try_from(v).map_or(Written::Float(v as f64), Written::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Written, E> {
                Ok(Written::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Written, E> {
                Ok(Written::Text(String::new()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Written::Collection)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(Written::Collection)
            }
        }
        d.deserialize_any(Any)
    }
}

/// One entry of `toezeggingen.yaml`. As with key figures, the required
/// fields are optional here so that validation names every missing one.
#[derive(Debug, Deserialize)]
pub struct CommitmentEntry {
    pub sleutel: Option<String>,
    pub soort: Option<String>,
    pub nummer: Option<Text>,
    pub titel: Option<String>,
    pub datum: Option<Text>,
    pub door: Option<String>,
    pub ministerie: Option<String>,
    pub vindplaats: Option<Text>,
    pub omschrijving: Option<String>,
    pub termijn: Option<Text>,
    pub status: Option<String>,
    pub afdoening: Option<SettlementEntry>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub aanbevelingen: Vec<Text>,
}

/// `afdoening:` of a commitment.
#[derive(Debug, Deserialize)]
pub struct SettlementEntry {
    pub tekst: Option<String>,
    pub bron: Option<Text>,
}

#[derive(Debug, Deserialize, Default)]
pub struct PageFront {
    pub titel: Option<String>,
}

/// A chapter introduction has no fields: its title comes from rapport.yaml.
#[derive(Debug, Deserialize, Default)]
pub struct IntroFront {}

/// What a struct is called in a diagnostic: "unknown field `x` in a milestone".
fn what(name: &str) -> &'static str {
    match name {
        "RapportFile" => "rapport.yaml",
        "ChapterEntry" => "a chapter",
        "StatusEntry" => "a status",
        "CatalogueEntry" => "a recommendation",
        "ContributionFront" => "a contribution",
        "MilestoneEntry" => "a milestone",
        "AgreementEntry" => "`akkoord`",
        "LedgerFile" => "uitvraag.yaml",
        "RequestEntry" => "a request of uitvraag.yaml",
        "DroppedEntry" => "a dropped milestone (`vervallen`)",
        "FigureEntry" => "a key figure",
        "FigureValueEntry" => "a value",
        "CommitmentEntry" => "a commitment",
        "SettlementEntry" => "`afdoening`",
        "PageFront" => "a page",
        "IntroFront" => "a chapter introduction (its title comes from rapport.yaml)",
        _ => "this place",
    }
}

/// Reads `doc` as `T`. Every key that a struct does not have is an error
/// with a did-you-mean; a value of the wrong kind is the last error, and
/// then `None`.
pub fn read<'a, T: Deserialize<'a>>(doc: &'a Doc, diags: &mut Diagnostics) -> Option<T> {
    read_except(doc, diags, |_| false)
}

/// `read`, but the unknown keys `said` is true of are not reported: the
/// caller says what they are (a decimal comma that split a flow mapping).
pub fn read_except<'a, T: Deserialize<'a>>(
    doc: &'a Doc,
    diags: &mut Diagnostics,
    said: impl Fn(&Unknown) -> bool,
) -> Option<T> {
    let (result, unknown) = doc.read::<T>();
    diags.extend(unknown.iter().filter(|u| !said(u)).map(|u| unknown_field(doc, u)));
    result.map_err(|d| diags.push(d)).ok()
}

fn unknown_field(doc: &Doc, u: &Unknown) -> Diagnostic {
    let what = what(u.owner);
    let name = shortened(&u.name);
    let d = doc.error(doc.span_of(u.at, u.len), format!("unknown field `{name}` in {what}"));
    match (suggest(&u.name, u.fields.iter().copied()), u.fields.is_empty()) {
        (Some(s), _) => d.with_help(format!("did you mean `{s}`?")),
        (None, true) => d.with_help(format!("{what} has no fields; remove it")),
        (None, false) => d.with_help(format!("the fields of {what} are: {}", u.fields.join(", "))),
    }
}

/// A name as a message shows it: a key of a megabyte is cut short.
fn shortened(name: &str) -> String {
    const MAX: usize = 60;
    match name.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_string(),
    }
}

/// A YAML scalar of any kind, read as its text: `wanneer: 2024` is a number
/// to YAML and a year to us.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Scalar;
        impl serde::de::Visitor<'_> for Scalar {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a single value (text, a date or a number), not a list or mapping")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_str(Scalar)
    }
}

/// A mapping in the order written.
fn in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("codes with their names, one `CODE: name` per line")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(pair) = map.next_entry()? {
                out.push(pair);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read_str<T: for<'a> Deserialize<'a>>(text: &str) -> (Option<T>, Vec<Diagnostic>) {
        let doc = Doc::parse(text, Path::new("x.md"), 2).unwrap();
        let mut diags = Diagnostics::default();
        let t = read::<T>(&doc, &mut diags);
        (t, diags.into_vec())
    }

    #[test]
    fn every_struct_has_its_name_in_messages() {
        for name in [
            "RapportFile",
            "ChapterEntry",
            "StatusEntry",
            "CatalogueEntry",
            "ContributionFront",
            "MilestoneEntry",
            "AgreementEntry",
            "LedgerFile",
            "RequestEntry",
            "DroppedEntry",
            "FigureEntry",
            "FigureValueEntry",
            "CommitmentEntry",
            "SettlementEntry",
            "PageFront",
            "IntroFront",
        ] {
            assert_ne!(what(name), "this place", "{name}");
        }
    }

    #[test]
    fn unknown_fields_are_found_from_the_structs_themselves() {
        let (front, diags) = read_str::<ContributionFront>(
            "stauts: x\nsamenvatting: y\nmijlpalen:\n  - wanneer: 2024\n    wat: x\n    gereedd: true\n",
        );
        assert_eq!(front.unwrap().mijlpalen[0].wanneer, Text("2024".into()));
        let shown: Vec<(String, usize, usize, Option<String>)> =
            diags.into_iter().map(|d| (d.message, d.span.line, d.span.column, d.help)).collect();
        assert_eq!(
            shown,
            [
                ("unknown field `stauts` in a contribution".to_string(), 2, 1, Some("did you mean `status`?".into())),
                ("unknown field `gereedd` in a milestone".to_string(), 7, 5, Some("did you mean `gereed`?".into())),
            ]
        );
    }

    #[test]
    fn ministries_keep_their_order() {
        let (m, _) = read_str::<Ministries>("ministeries:\n  SZW: a\n  BZK: b\n  EZK: c\n");
        let codes: Vec<String> = m.unwrap().ministeries.into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["SZW", "BZK", "EZK"]);
    }

    #[derive(Deserialize)]
    struct Ministries {
        #[serde(deserialize_with = "in_order")]
        ministeries: Vec<(String, String)>,
    }
}
