//! The one-page guide `new --docx-dir` writes next to the forms, in Dutch,
//! for a writer who knows Word and nothing else: how to fill in a form,
//! what to do when nothing changed, how to drop a milestone, what not to
//! delete. Its words are the form's own (the labels of `form`), so the
//! guide and the form never disagree.

use super::form::*;

/// The file name next to the forms.
pub const FILE_NAME: &str = "Handleiding formulieren.docx";

pub const TITLE: &str = "Zo vult u het formulier in";

/// The guide as Markdown (written into the .docx by the form's writer).
pub fn markdown(year: &str) -> String {
    format!(
        "Eén formulier per aanbeveling waaraan uw ministerie bijdraagt (rapportage {year}), met de tekst van \
vorig jaar of leeg bij een nieuwe bijdrage. Werk in Word of LibreOffice. **Niets veranderd?** Stuur het formulier \
ongewijzigd terug: dat bevestigt dat de tekst nog klopt.\n\n\
## Invullen\n\n\
1. **{SECTION_FIELDS}**: vul alleen de rechterkolom in. *{ROW_STATUS}* (alleen het ministerie dat eigenaar is): \
kies uit de lijst. *{ROW_SUMMARY}*: één zin over waar de aanbeveling nu staat. *{ROW_SOURCES}*: één bron per regel, \
bijvoorbeeld Kamerstuk 29 861, nr. 99. Niets te melden? Laat de cel leeg, maar verwijder de rij niet.\n\
2. **{SECTION_MILESTONES}**: één rij per mijlpaal. *{COL_WHEN}*: bijvoorbeeld 15-09-2023, september 2023, \
3e kwartaal 2023, 2e helft 2023 of 2023. *{COL_DONE}*: ja of nee (x of ✓ telt als ja). *{COL_NOTE}*: waarom de \
datum verschoof sinds vorig jaar. Een rij toevoegen: Word: *Indeling › Rij invoegen onder*; LibreOffice: \
*Tabel › Invoegen › Rijen onder*.\n\
3. **{SECTION_TEXT}**: schrijf onder dit kopje zoals u gewend bent. Gebruik *Kop 2* en *Kop 3* voor tussenkopjes, \
de knoppen voor vet, cursief en opsommingen, *Verwijzingen › Voetnoot invoegen* (Word) of *Invoegen › Voetnoot* \
(LibreOffice) voor voetnoten. Plak afbeeldingen als PNG, JPEG, GIF of SVG. Verwijs naar een andere aanbeveling \
als [[2.1.A]].\n\n\
## Een mijlpaal laten vervallen\n\n\
Is een mijlpaal bereikt, zet dan *{COL_DONE}* op ja en laat de rij staan. Gaat hij niet meer door, zet dan \
*{COL_DONE}* op vervallen en schrijf in *{COL_NOTE}* waarom; laat de rij en de *{COL_KEY}* staan. Het rapport toont \
hem dan als vervallen, met uw reden.\n\n\
## Niet verwijderen of wijzigen\n\n\
- de kopjes {SECTION_FIELDS}, {SECTION_MILESTONES} en {SECTION_TEXT}, en de rijen van de tabel {SECTION_FIELDS};\n\
- de kolom *{COL_KEY}* ({HINT_KEY}): die verbindt een mijlpaal met die van vorig jaar. Laat hem leeg bij een \
nieuwe mijlpaal;\n\
- de titel van het formulier. Gebruik geen tekstvakken, tabellen in tabelcellen of samengevoegde cellen.\n\n\
## Voor het terugsturen\n\n\
- Wijzigingen bijhouden: accepteer of weiger alle wijzigingen. Word: *Controleren › Accepteren › Alle wijzigingen \
accepteren*; LibreOffice: *Bewerken › Wijzigingen bijhouden › Beheren › Alles accepteren*.\n\
- Opmerkingen: verwijder ze. Word: *Controleren › Verwijderen › Alle opmerkingen in document verwijderen*; \
LibreOffice: *Bewerken › Opmerkingen › Alle opmerkingen verwijderen*.\n\
- Sla op als .docx (of .odt) en stuur het terug aan de redactie.\n"
    )
}

/// The guide as a Word document.
pub fn docx(year: &str) -> std::io::Result<Vec<u8>> {
    super::writer::write_document(TITLE, &super::from_markdown::parse(&markdown(year)))
}
