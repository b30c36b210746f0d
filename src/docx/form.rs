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
/// What the form was made from: a hash of the contribution's file as it
/// was then (`geen` when there was none), and the fingerprint of what the
/// form showed. No text is carried in the properties: a writer can change
/// them, so import takes text only from what the form shows and, for what
/// is unchanged, from the contribution's file on disk.
pub const PROP_MADE_FROM: &str = "jaarrapport-bijdrage";
pub const PROP_SHOWN: &str = "jaarrapport-formulier-inhoud";
pub const NO_FILE: &str = "geen";
pub const FORM_VERSION: &str = "2";

/// Paragraph styles by name (Word and LibreOffice keep names; style ids
/// may be rewritten).
pub const STYLE_SECTION: &str = "Formulierkop";
pub const STYLE_HINT: &str = "Toelichting formulier";
pub const STYLE_CONTINUE: &str = "Lijstvervolg";

/// The form's own instructions: skipped on import while they read as written.
pub const HINT_INTRO: &str = "Vul dit formulier in en stuur het terug aan de redactie. Wijzig alleen de rechterkolom van de tabel Gegevens, \
     de rijen van de tabel Mijlpalen en de tekst onder het kopje Tekst. Accepteer of verwerp bijgehouden wijzigingen \
     en verwijder opmerkingen voordat u het terugstuurt.";
pub const HINT_SUMMARY: &str = "Eén zin: waar staat de aanbeveling nu?";
pub const HINT_SOURCES: &str = "Eén bron per regel, bijvoorbeeld Kamerstuk 29 861, nr. 99";
pub const HINT_STATUS: &str = "Kies een van: ";
/// Under the header *Sleutel*.
pub const HINT_KEY: &str = "niet wijzigen";
pub const HINT_MILESTONES: &str = "Eén rij per mijlpaal. Wanneer: bijvoorbeeld 15-09-2023, september 2023, 3e kwartaal 2023, \
     2e helft 2023 of 2023. Gereed: ja of nee (x of ✓ telt als ja), of vervallen als de mijlpaal niet meer doorgaat \
     (zeg dan in Toelichting waarom). Toelichting: waarom de datum verschoof. \
     Sleutel: niet wijzigen; die verbindt de mijlpaal met die van vorig jaar (laat hem leeg bij een nieuwe mijlpaal). \
     Voeg rijen toe of verwijder ze met Word of LibreOffice.";
pub const HINT_TEXT: &str = "Schrijf hieronder de voortgang. Gebruik de kopstijlen voor tussenkoppen, de knoppen voor vet, cursief en \
     lijsten, Invoegen › Voetnoot voor voetnoten. Verwijs naar een andere aanbeveling als [[2.1.A]].";

/// The hint under *Status*: the report's statuses to choose from.
pub fn status_hint(labels: &[String]) -> String {
    format!("{HINT_STATUS}{}", labels.join(", "))
}

/// Whether an instruction paragraph is still the form's own, unchanged.
/// The status hint names the report's statuses, which the form does not
/// know here: any text after its start counts, and `Filled::status_hint`
/// keeps it for import to hold against the statuses.
fn own_hint(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || [HINT_INTRO, HINT_SUMMARY, HINT_SOURCES, HINT_MILESTONES, HINT_TEXT].contains(&t)
        || t.starts_with(HINT_STATUS)
}

/// The form's visible title, which must agree with its properties.
pub fn title(ministry: &str, id: &str) -> String {
    format!("Bijdrage van {ministry} aan aanbeveling {id}")
}

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
/// *Gereed* of a milestone given up: with a *Toelichting*, it imports as
/// an entry of `vervallen` (the report then shows it dropped, with why).
pub const DROPPED: &str = "vervallen";

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
    /// The hash of the contribution's file the form was made from.
    pub made_from: Option<String>,
}

impl Form {
    /// The fingerprint of what the form shows: equal when it comes back
    /// unchanged.
    pub fn shown(&self) -> String {
        shown(self.status.as_deref(), &self.summary, &self.milestones, &self.sources, &self.body)
    }
}

/// The fingerprint of the values and text a form shows.
pub fn shown(
    status: Option<&str>,
    summary: &str,
    milestones: &[MilestoneRow],
    sources: &[String],
    body: &Doc,
) -> String {
    hash(&format!("{}|{}", fields_fingerprint(status, summary, milestones, sources), fingerprint(body)))
}

/// The hash a form records of the file it was made from.
pub fn file_hash(bytes: Option<&[u8]>) -> String {
    match bytes {
        Some(b) => format!("{:016x}", xxhash_rust::xxh3::xxh3_64(b)),
        None => NO_FILE.to_string(),
    }
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
    /// Above the first section: the title and the instructions.
    Head,
    /// Under a section's heading, outside its table.
    Section(&'static str),
    /// One of the form's tables as a whole.
    Table(&'static str),
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
            Place::Head => (1, "0", 0),
            Place::Section(s) | Place::Table(s) => (1, section_order(s), 0),
            Place::Row { table, row } => (1, section_order(table), *row),
            Place::Paragraph(n) => (2, "", *n),
            Place::Footnote(n) => (3, "", *n),
        }
    }
}

fn section_order(s: &str) -> &'static str {
    if s == SECTION_FIELDS { "1" } else { "2" }
}

/// In the writer's terms: `tabel Mijlpalen, rij 4` counts the rows as the
/// writer sees them, the header row included.
impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Head => write!(f, "boven het kopje {SECTION_FIELDS}"),
            Place::Section(s) => write!(f, "onder het kopje {s}"),
            Place::Table(t) => write!(f, "tabel {t}"),
            Place::Row { table, row } => write!(f, "tabel {table}, rij {row}"),
            Place::Paragraph(n) => write!(f, "alinea {n} onder Tekst"),
            Place::Footnote(n) => write!(f, "voetnoot {n}"),
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
    /// The visible title (the first paragraph in the Title style).
    pub title: Option<String>,
    /// Which rows the table Gegevens has (`None`: no table at all).
    pub field_rows: Option<Vec<&'static str>>,
    /// The recorded hash of the file the form was made from, and the
    /// fingerprint of what it showed.
    pub made_from: Option<String>,
    pub shown: Option<String>,
    /// What the form holds that is not imported, named for the writer.
    pub problems: Vec<(Place, String)>,
    /// What is imported, but not quite as shown.
    pub warnings: Vec<(Place, String)>,
    /// The hint under *Status* as the form holds it, and its row: text a
    /// writer typed into it is not read, and import says so
    /// ([`Filled::typed_into_status_hint`]).
    pub status_hint: Option<(String, Place)>,
}

impl Filled {
    /// The fingerprint of what this form shows now.
    pub fn shown_now(&self, body: &Doc) -> String {
        let rows: Vec<MilestoneRow> = self.milestones.iter().map(|(m, _)| m.clone()).collect();
        shown(
            self.status.as_ref().map(|(s, _)| s.as_str()),
            self.summary.as_ref().map(|(s, _)| s.as_str()).unwrap_or(""),
            &rows,
            &self.sources,
            body,
        )
    }

    /// Text typed into the hint under *Status* (which is not read), for a
    /// report with `labels`: a warning at its row, never text lost in
    /// silence.
    pub fn typed_into_status_hint(&self, labels: &[String]) -> Option<(Place, String)> {
        let (text, place) = self.status_hint.as_ref()?;
        let expected = status_hint(labels);
        let typed = text.strip_prefix(expected.as_str()).unwrap_or(text).trim();
        (!typed.is_empty()).then(|| {
            (
                place.clone(),
                format!(
                    "tekst in de uitleg bij Status wordt niet gelezen (`{}`); schrijf in de rechterkolom",
                    short(typed)
                ),
            )
        })
    }

    /// A row of Gegevens deleted: an error at the table, never a field
    /// dropped in silence. `with_status`: the form is the owner's.
    pub fn missing_rows(&self, with_status: bool) -> Vec<(Place, String)> {
        let Some(rows) = &self.field_rows else {
            return vec![(
                Place::Section(SECTION_FIELDS),
                format!("de tabel {SECTION_FIELDS} ontbreekt; maak een nieuw formulier en neem de tekst over"),
            )];
        };
        let mut wanted = vec![ROW_SUMMARY, ROW_SOURCES];
        if with_status {
            wanted.insert(0, ROW_STATUS);
        }
        wanted
            .into_iter()
            .filter(|w| !rows.contains(w))
            .map(|w| {
                (
                    Place::Table(SECTION_FIELDS),
                    format!(
                        "de rij {w} ontbreekt; zet hem terug (Word en LibreOffice: Bewerken › Ongedaan maken, \
                         of voeg een rij in met {w} in de linkerkolom); laat de rechtercel leeg als er niets te melden is"
                    ),
                )
            })
            .collect()
    }
}

/// Reads the sections of a form from a document. `Err` when the file has
/// no form properties or lacks a section. Every paragraph and table of the
/// form is either read, or is the form's own (its title, its unchanged
/// instructions), or is named in `problems`.
pub fn read_filled(word: &super::reader::Word) -> Result<Filled, String> {
    use super::reader::Item;
    let prop = |k: &str| word.properties.get(k).cloned();
    if prop(PROP_FORM).is_none() {
        return Err(
            "dit Word-bestand is geen formulier van jaarrapport (de documenteigenschappen zeggen niet voor welke \
                    bijdrage het is); vraag de redactie om een formulier"
                .into(),
        );
    }
    let identity = Identity {
        report: prop(PROP_REPORT).unwrap_or_default(),
        year: prop(PROP_YEAR).unwrap_or_default(),
        ministry: prop(PROP_MINISTRY).unwrap_or_default(),
        id: prop(PROP_ID).unwrap_or_default(),
    };
    let mut filled = Filled { identity, made_from: prop(PROP_MADE_FROM), shown: prop(PROP_SHOWN), ..Filled::default() };

    // The sections, by their headings.
    let mut section = "";
    let mut seen = Vec::new();
    let mut text_items = Vec::new();
    let mut tables_read = Vec::new();
    for item in &word.items {
        if let Item::Para(p) = item {
            let text = super::doc::plain_text(&p.inlines);
            if p.style == STYLE_SECTION.to_lowercase() {
                let name = match text.trim() {
                    SECTION_FIELDS => Some(SECTION_FIELDS),
                    SECTION_MILESTONES => Some(SECTION_MILESTONES),
                    SECTION_TEXT => Some(SECTION_TEXT),
                    _ => None,
                };
                if let Some(name) = name {
                    section = name;
                    seen.push(section);
                    continue;
                }
            }
            if p.style == STYLE_HINT.to_lowercase() && own_hint(&text) {
                continue;
            }
            if section.is_empty() && p.style == "title" && filled.title.is_none() {
                filled.title = Some(text.trim().to_string());
                continue;
            }
            if section.is_empty() && p.style == "subtitle" {
                continue;
            }
            if section != SECTION_TEXT && (!text.trim().is_empty() || !p.unread.is_empty()) {
                let place = if section.is_empty() { Place::Head } else { Place::Section(section) };
                filled.problems.push((
                    place,
                    format!(
                        "tekst buiten de tabel wordt niet gelezen (`{}`); zet hem in de tabel of onder het kopje {SECTION_TEXT}",
                        short(&text)
                    ),
                ));
                continue;
            }
        }
        match (section, item) {
            (SECTION_FIELDS | SECTION_MILESTONES, Item::Table(rows)) if !tables_read.contains(&section) => {
                tables_read.push(section);
                if section == SECTION_FIELDS { fields(rows, &mut filled) } else { milestones(rows, &mut filled) }
            }
            (SECTION_FIELDS | SECTION_MILESTONES | "", Item::Table(_)) => filled.problems.push((
                if section.is_empty() { Place::Head } else { Place::Section(section) },
                format!("een extra tabel wordt niet gelezen; zet de tekst onder het kopje {SECTION_TEXT}"),
            )),
            (SECTION_TEXT, Item::Para(p)) if p.style == STYLE_HINT.to_lowercase() => {
                // An instruction typed over, or typed on after: the writer's text.
                let mut p = p.clone();
                p.style = "normal".into();
                text_items.push(Item::Para(p));
            }
            (SECTION_TEXT, item) => text_items.push(item.clone()),
            _ => {}
        }
    }
    for s in [SECTION_FIELDS, SECTION_MILESTONES, SECTION_TEXT] {
        if !seen.contains(&s) {
            return Err(format!(
                "het kopje {s} van het formulier ontbreekt (verwijderd of in een andere stijl gezet); \
                 zet het terug met de stijl {STYLE_SECTION}, of vraag een nieuw formulier en neem de tekst over"
            ));
        }
    }
    // What the text holds that Markdown cannot: named at its paragraph.
    for (k, item) in text_items.iter().enumerate() {
        let place = Place::Paragraph(k + 1);
        match item {
            Item::Para(p) => unread(&p.unread, &place, &mut filled),
            Item::Table(rows) => {
                for cell in rows.iter().flatten() {
                    if cell.tables > 0 {
                        filled.problems.push((
                            place.clone(),
                            "een tabel in een tabelcel wordt niet gelezen; zet hem naast de tabel".into(),
                        ));
                    }
                    for p in &cell.paras {
                        unread(&p.unread, &place, &mut filled);
                    }
                }
                if rows.iter().flatten().any(|c| c.merged) {
                    filled
                        .warnings
                        .push((place.clone(), "samengevoegde cellen worden als gewone cellen overgenomen".into()));
                }
            }
        }
    }
    filled.body = super::structure::blocks(text_items);
    Ok(filled)
}

fn unread(what: &[&'static str], place: &Place, filled: &mut Filled) {
    for w in what {
        filled.problems.push((place.clone(), format!("{w} wordt niet gelezen; zet de tekst in een gewone alinea")));
    }
}

/// The start of a text, to name it in a message.
fn short(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &t[..at]),
        None => t.to_string(),
    }
}

/// The text of a cell's paragraphs, the form's unchanged instructions left out.
fn cell_paragraphs(cell: &super::reader::Cell) -> Vec<String> {
    cell.paras
        .iter()
        .map(|p| (p, super::doc::plain_text(&p.inlines).trim().to_string()))
        .filter(|(p, t)| !(p.style == STYLE_HINT.to_lowercase() && own_hint(t)))
        .map(|(_, t)| t)
        .collect()
}

/// Cells the form's tables cannot take: merged, or holding a table or a text box.
fn odd_cells(row: &[super::reader::Cell], place: &Place, filled: &mut Filled) -> bool {
    let mut odd = false;
    for cell in row {
        if cell.merged {
            filled.problems.push((
                place.clone(),
                "samengevoegde cellen; splits ze weer (Word: Indeling › Cellen splitsen; LibreOffice: Tabel › Cellen splitsen)"
                    .into(),
            ));
            odd = true;
        }
        if cell.tables > 0 {
            filled.problems.push((place.clone(), "een tabel in een tabelcel wordt niet gelezen".into()));
            odd = true;
        }
        for p in &cell.paras {
            unread(&p.unread, place, filled);
        }
    }
    odd
}

fn fields(rows: &[Vec<super::reader::Cell>], filled: &mut Filled) {
    let mut seen = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let place = Place::Row { table: SECTION_FIELDS, row: r + 1 };
        if odd_cells(row, &place, filled) {
            continue;
        }
        if row.len() > 2 {
            filled.problems.push((
                place.clone(),
                format!("de tabel {SECTION_FIELDS} heeft twee kolommen; deze rij heeft er {}", row.len()),
            ));
        }
        // The status hint, kept whole for import to check (see `own_hint`).
        let hint = row.iter().flat_map(|c| &c.paras).find_map(|p| {
            let t = super::doc::plain_text(&p.inlines).trim().to_string();
            (p.style == STYLE_HINT.to_lowercase() && t.starts_with(HINT_STATUS)).then_some(t)
        });
        if let Some(t) = hint {
            filled.status_hint = Some((t, place.clone()));
        }
        let label_cell = row.first().map(cell_paragraphs).unwrap_or_default();
        let mut label_parts = label_cell.into_iter().filter(|p| !p.is_empty());
        let label = label_parts.next();
        let values: Vec<String> = row.get(1).map(cell_paragraphs).unwrap_or_default();
        let joined = values.iter().filter(|v| !v.is_empty()).cloned().collect::<Vec<_>>().join(" ");
        let known = [ROW_STATUS, ROW_SUMMARY, ROW_SOURCES].into_iter().find(|k| label.as_deref() == Some(*k));
        if let Some(extra) = label_parts.next().filter(|_| known.is_some()) {
            filled.problems.push((
                place.clone(),
                format!("tekst in de linkerkolom wordt niet gelezen (`{}`); schrijf in de rechterkolom", short(&extra)),
            ));
        }
        if let Some(k) = known {
            if seen.contains(&k) {
                filled.problems.push((place, format!("de rij {k} staat twee keer in de tabel {SECTION_FIELDS}")));
                continue;
            }
            seen.push(k);
        }
        match (known, label.as_deref()) {
            (Some(ROW_STATUS), _) => filled.status = Some((joined, place)),
            (Some(ROW_SUMMARY), _) => filled.summary = Some((joined, place)),
            (Some(_), _) => {
                filled.sources = values.into_iter().filter(|v| !v.is_empty()).collect();
                filled.sources_place = Some(place);
            }
            (None, Some(other)) => filled.problems.push((
                place,
                format!(
                    "onbekende rij `{}` in de tabel {SECTION_FIELDS}; de rijen heten {ROW_STATUS}, {ROW_SUMMARY} en {ROW_SOURCES}",
                    short(other)
                ),
            )),
            (None, None) if joined.is_empty() => {}
            (None, None) => filled.problems.push((place, "een rij zonder naam in de linkerkolom".into())),
        }
    }
    filled.field_rows = Some(seen);
}

fn milestones(rows: &[Vec<super::reader::Cell>], filled: &mut Filled) {
    let Some(header) = rows.first() else { return };
    // A header's name, without the form's own note under it (`niet wijzigen`).
    let names: Vec<String> = header
        .iter()
        .map(|c| cell_paragraphs(c).join(" ").replace(HINT_KEY, "").split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|n| n.to_lowercase())
        .collect();
    let col = |name: &str| names.iter().position(|n| n == &name.to_lowercase());
    let (when, what) = (col(COL_WHEN), col(COL_WHAT));
    if when.is_none() || what.is_none() {
        filled.problems.push((
            Place::Row { table: SECTION_MILESTONES, row: 1 },
            format!("de kopregel moet de kolommen {COL_WHEN}, {COL_WHAT}, {COL_DONE} en {COL_NOTE} noemen"),
        ));
        return;
    }
    for (r, row) in rows.iter().enumerate().skip(1) {
        let place = Place::Row { table: SECTION_MILESTONES, row: r + 1 };
        if odd_cells(row, &place, filled) {
            continue;
        }
        if row.len() != header.len() {
            filled.problems.push((
                place,
                format!("deze rij heeft {} cellen, de kopregel {}; maak hem weer gelijk", row.len(), header.len()),
            ));
            continue;
        }
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
        filled.milestones.push((m, place));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text a writer types into the hint under Status is not read; import
    /// names it in a warning. The hint as the form wrote it says nothing.
    #[test]
    fn text_typed_into_the_status_hint_is_named() {
        let labels = vec!["Afgerond".to_string(), "In uitvoering".to_string()];
        let place = Place::Row { table: SECTION_FIELDS, row: 1 };
        let with = |text: String| Filled { status_hint: Some((text, place.clone())), ..Filled::default() };
        assert_eq!(with(status_hint(&labels)).typed_into_status_hint(&labels), None);
        assert_eq!(Filled::default().typed_into_status_hint(&labels), None);
        let typed = with(format!("{} Het is bijna af.", status_hint(&labels))).typed_into_status_hint(&labels);
        assert_eq!(
            typed,
            Some((
                place,
                "tekst in de uitleg bij Status wordt niet gelezen (`Het is bijna af.`); schrijf in de rechterkolom"
                    .into()
            ))
        );
    }
}
