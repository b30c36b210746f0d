//! The form: what a ministry writer fills in, as plain data between the
//! report and a .docx. The labels here are what the writer reads in Word
//! and what the reader looks for, so they are defined once.

use super::doc::Doc;

/// Custom document properties: which report, year, ministry and
/// recommendation a form belongs to, so it is never imported elsewhere.
pub const PROP_FORM: &str = "jaarrapport-formulier";
pub const PROP_REPORT: &str = "jaarrapport-rapport";
pub const PROP_YEAR: &str = "jaarrapport-jaar";
pub const PROP_MINISTRY: &str = "jaarrapport-ministerie";
pub const PROP_ID: &str = "jaarrapport-aanbeveling";
/// The Markdown the form was made from, in pieces (Word keeps a property
/// value to 255 characters), and the fingerprint of its structure: when the
/// text comes back with the same structure, the Markdown comes back as it
/// was written, byte for byte.
pub const PROP_SOURCE: &str = "jaarrapport-tekst";
pub const PROP_FINGERPRINT: &str = "jaarrapport-vingerafdruk";
/// The same for the fields: the front matter as written (comments, quotes
/// and all) comes back when no field value changed.
pub const PROP_FIELDS: &str = "jaarrapport-velden";
pub const PROP_FIELDS_FINGERPRINT: &str = "jaarrapport-vingerafdruk-velden";
pub const FORM_VERSION: &str = "1";

/// Paragraph styles by name (Word and LibreOffice keep names; style ids
/// may be rewritten).
pub const STYLE_SECTION: &str = "Formulierkop";
pub const STYLE_HINT: &str = "Toelichting formulier";
pub const STYLE_CONTINUE: &str = "Lijstvervolg";

pub const SECTION_FIELDS: &str = "Gegevens";
pub const SECTION_MILESTONES: &str = "Mijlpalen";
pub const SECTION_TEXT: &str = "Tekst";

pub const ROW_STATUS: &str = "Status";
pub const ROW_SUMMARY: &str = "Samenvatting";
pub const ROW_SOURCES: &str = "Bronnen";

pub const COL_WHEN: &str = "Wanneer";
pub const COL_WHAT: &str = "Wat";
pub const COL_DONE: &str = "Gereed";
pub const COL_NOTE: &str = "Toelichting";
pub const COL_KEY: &str = "Sleutel";

pub const YES: &str = "ja";
pub const NO: &str = "nee";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub report: String,
    pub year: String,
    pub ministry: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MilestoneRow {
    pub when: String,
    pub what: String,
    /// As typed: `ja`/`nee` when written by us.
    pub done: String,
    pub note: String,
    pub key: String,
}

/// A form as written: everything the .docx shows and carries.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub identity: Identity,
    /// `Bijdrage van SZW aan aanbeveling 2.1.A`
    pub title: String,
    pub subtitle: String,
    /// Only the owner sets a status: `Some` (the current label or empty)
    /// makes the row, `None` leaves it out.
    pub status: Option<String>,
    pub status_labels: Vec<String>,
    pub owner: String,
    pub summary: String,
    pub milestones: Vec<MilestoneRow>,
    pub sources: Vec<String>,
    pub body: Doc,
    /// The body's Markdown and the fingerprint of its structure.
    pub source: Option<(String, String)>,
    /// The front matter as written and the fingerprint of the field values.
    pub fields_source: Option<(String, String)>,
}

/// The field values as the form shows them, to tell whether any changed.
pub fn fields_fingerprint(
    status: Option<&str>,
    summary: &str,
    milestones: &[MilestoneRow],
    sources: &[String],
) -> String {
    hash(&format!("{status:?}|{summary:?}|{milestones:?}|{sources:?}"))
}

/// FNV-1a of the canonical Markdown of a body: a change of structure, not
/// of how the Markdown was typed, changes it.
pub fn fingerprint(doc: &Doc) -> String {
    hash(&super::to_markdown::write(doc))
}

fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// Where in a form something was read: what an import error names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A row of one of the form's tables, 1-based, the header row counted.
    Row { table: &'static str, row: usize },
    /// A paragraph of the text, 1-based from the first one under `Tekst`.
    Paragraph(usize),
    /// A footnote of the text, 1-based.
    Footnote(usize),
}

impl Place {
    /// Top to bottom in the form: the file, its tables' rows, the text, its notes.
    pub fn order(&self) -> (u8, &'static str, usize) {
        match self {
            Place::File => (0, "", 0),
            Place::Row { table, row } => (1, if *table == SECTION_FIELDS { "1" } else { "2" }, *row),
            Place::Paragraph(n) => (2, "", *n),
            Place::Footnote(n) => (3, "", *n),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Row { table, row } => write!(f, "table row {row} ({table})"),
            Place::Paragraph(n) => write!(f, "paragraph {n}"),
            Place::Footnote(n) => write!(f, "footnote {n}"),
        }
    }
}

/// A form as read back: every value with the place it came from.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    pub identity: Identity,
    pub status: Option<(String, Place)>,
    pub summary: Option<(String, Place)>,
    pub milestones: Vec<(MilestoneRow, Place)>,
    pub sources: Vec<String>,
    pub sources_place: Option<Place>,
    /// The text's blocks with the paragraph each starts at.
    pub body: Vec<(super::doc::Block, usize)>,
    pub source: Option<(String, String)>,
    pub fields_source: Option<(String, String)>,
    /// Rows the form does not know, named for the writer.
    pub problems: Vec<(Place, String)>,
}

/// Reads the sections of a form from a document. `Err` when the file has
/// no form properties or lacks a section.
pub fn read_filled(word: &super::reader::Word) -> Result<Filled, String> {
    use super::reader::Item;
    let prop = |k: &str| word.properties.get(k).cloned();
    if prop(PROP_FORM).is_none() {
        return Err("this Word file is not a jaarrapport form (its document properties do not say which \
                    contribution it is); make forms with `jaarrapport new <ID> --ministerie <MIN> --docx FILE`"
            .into());
    }
    let identity = Identity {
        report: prop(PROP_REPORT).unwrap_or_default(),
        year: prop(PROP_YEAR).unwrap_or_default(),
        ministry: prop(PROP_MINISTRY).unwrap_or_default(),
        id: prop(PROP_ID).unwrap_or_default(),
    };
    let pieces = |prefix: &str| -> String {
        let mut pieces: Vec<(&String, &String)> =
            word.properties.iter().filter(|(k, _)| k.starts_with(&format!("{prefix}-"))).collect();
        pieces.sort();
        pieces.iter().map(|(_, v)| v.as_str()).collect()
    };
    let source = prop(PROP_FINGERPRINT).map(|fp| (pieces(PROP_SOURCE), fp));
    let fields_source = prop(PROP_FIELDS_FINGERPRINT).map(|fp| (pieces(PROP_FIELDS), fp));
    let mut filled = Filled { identity, source, fields_source, ..Filled::default() };

    // The sections, by their headings.
    let mut section = "";
    let mut seen = Vec::new();
    let mut text_items = Vec::new();
    for item in &word.items {
        if let Item::Para(p) = item {
            if p.style == STYLE_SECTION.to_lowercase() {
                let name = super::doc::plain_text(&p.inlines);
                section = match name.trim() {
                    SECTION_FIELDS => SECTION_FIELDS,
                    SECTION_MILESTONES => SECTION_MILESTONES,
                    SECTION_TEXT => SECTION_TEXT,
                    _ => section,
                };
                seen.push(section);
                continue;
            }
            if p.style == STYLE_HINT.to_lowercase() {
                continue;
            }
        }
        match (section, item) {
            (SECTION_FIELDS, Item::Table(rows)) => fields(rows, &mut filled),
            (SECTION_MILESTONES, Item::Table(rows)) => milestones(rows, &mut filled),
            (SECTION_TEXT, item) => text_items.push(item.clone()),
            _ => {}
        }
    }
    for s in [SECTION_FIELDS, SECTION_MILESTONES, SECTION_TEXT] {
        if !seen.contains(&s) {
            return Err(format!(
                "the form's section `{s}` is missing (its heading was deleted or restyled); \
                 make a new form and copy the text over"
            ));
        }
    }
    filled.body = super::structure::blocks(text_items);
    Ok(filled)
}

fn cell_paragraphs(cell: &[super::reader::Para]) -> Vec<String> {
    cell.iter()
        .filter(|p| p.style != STYLE_HINT.to_lowercase())
        .map(|p| super::doc::plain_text(&p.inlines).trim().to_string())
        .collect()
}

fn fields(rows: &[Vec<Vec<super::reader::Para>>], filled: &mut Filled) {
    for (r, row) in rows.iter().enumerate() {
        let place = Place::Row { table: SECTION_FIELDS, row: r + 1 };
        let label = row.first().map(|c| cell_paragraphs(c)).and_then(|ps| ps.into_iter().find(|p| !p.is_empty()));
        let values: Vec<String> = row.get(1).map(|c| cell_paragraphs(c)).unwrap_or_default();
        let joined = values.iter().filter(|v| !v.is_empty()).cloned().collect::<Vec<_>>().join(" ");
        match label.as_deref() {
            Some(ROW_STATUS) => filled.status = Some((joined, place)),
            Some(ROW_SUMMARY) => filled.summary = Some((joined, place)),
            Some(ROW_SOURCES) => {
                filled.sources = values.into_iter().filter(|v| !v.is_empty()).collect();
                filled.sources_place = Some(place);
            }
            Some(other) => filled.problems.push((
                place,
                format!("unknown row `{other}` in the table {SECTION_FIELDS}; the rows are {ROW_STATUS}, {ROW_SUMMARY} and {ROW_SOURCES}"),
            )),
            None if joined.is_empty() => {}
            None => filled.problems.push((place, "a row without a name in its first column".into())),
        }
    }
}

fn milestones(rows: &[Vec<Vec<super::reader::Para>>], filled: &mut Filled) {
    let Some(header) = rows.first() else { return };
    let names: Vec<String> = header.iter().map(|c| cell_paragraphs(c).join(" ").to_lowercase()).collect();
    let col = |name: &str| names.iter().position(|n| n == &name.to_lowercase());
    let (when, what) = (col(COL_WHEN), col(COL_WHAT));
    if when.is_none() || what.is_none() {
        filled.problems.push((
            Place::Row { table: SECTION_MILESTONES, row: 1 },
            format!("the header row must name the columns {COL_WHEN}, {COL_WHAT}, {COL_DONE}, {COL_NOTE}"),
        ));
        return;
    }
    for (r, row) in rows.iter().enumerate().skip(1) {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c)).map(|c| cell_paragraphs(c).join(" ").trim().to_string()).unwrap_or_default()
        };
        let m = MilestoneRow {
            when: get(when),
            what: get(what),
            done: get(col(COL_DONE)),
            note: get(col(COL_NOTE)),
            key: get(col(COL_KEY)),
        };
        if m == MilestoneRow::default() {
            continue;
        }
        filled.milestones.push((m, Place::Row { table: SECTION_MILESTONES, row: r + 1 }));
    }
}
