//! The content checks' messages about a contribution, said again in the
//! terms of the form it came from: a writer who fills in a Word form has
//! never seen the YAML, so `toelichting:` becomes the column *Toelichting*,
//! `2023-Q2` becomes `2e kwartaal 2023` as the form shows it, and the text is
//! Dutch. A message not known here is passed on as it is.

use super::form::{
    COL_DONE, COL_KEY, COL_NOTE, COL_WHEN, ROW_SOURCES, ROW_STATUS, ROW_SUMMARY, SECTION_MILESTONES, SECTION_TEXT,
};
use crate::model::Period;

/// `message` and `help` of a check, for a form's writer; `labels` are the
/// statuses as the form's dropdown lists them.
pub fn in_form_terms(message: &str, help: Option<&str>, labels: &[&str]) -> (String, Option<String>) {
    let dutch = |p: &str| Period::parse(p).map(|p| p.dutch()).unwrap_or_else(|| p.to_string());
    if let Some(rest) = message.strip_prefix("unknown status `")
        && let Some((value, _)) = rest.split_once('`')
    {
        return (
            format!("{ROW_STATUS}: `{value}` is geen status van dit rapport"),
            Some(format!("kies een van: {}", labels.join(", "))),
        );
    }
    if let Some(rest) = message.strip_prefix("milestone `")
        && let Some((what, rest)) = rest.split_once("` moved from ")
        && let Some((from, rest)) = rest.split_once(" to ")
        && let Some((to, _)) = rest.split_once(" since last year's report")
    {
        return (
            format!(
                "{COL_NOTE}: de mijlpaal `{what}` is verschoven van {} naar {} sinds het rapport van vorig jaar; \
                 zeg in de kolom {COL_NOTE} waarom",
                dutch(from),
                dutch(to)
            ),
            None,
        );
    }
    if let Some(rest) = message.strip_prefix("milestone `")
        && let Some((what, rest)) = rest.split_once("` (")
        && let Some((when, rest)) = rest.split_once(") of ")
        && rest.contains("in last year's report is gone")
    {
        return (
            format!(
                "de mijlpaal `{what}` ({}) uit het rapport van vorig jaar staat niet meer in de tabel {SECTION_MILESTONES}; \
                 het rapport noemt hem vervallen",
                dutch(when)
            ),
            Some(format!(
                "is hij bereikt, zet de rij terug met {COL_DONE}: ja; gaat hij niet meer door, zet de rij terug met \
                 {COL_DONE}: vervallen en zeg in {COL_NOTE} waarom"
            )),
        );
    }
    if let Some(rest) = message.strip_prefix("milestone `")
        && let Some((what, rest)) = rest.split_once("` (")
        && let Some((when, rest)) = rest.split_once(") is overdue on the peildatum ")
    {
        let day = chrono::NaiveDate::parse_from_str(rest.trim(), "%Y-%m-%d")
            .map(crate::model::dutch_date)
            .unwrap_or_else(|_| rest.trim().to_string());
        return (
            format!("de mijlpaal `{what}` ({}) is op de peildatum {day} nog niet gereed", dutch(when)),
            Some(format!("is hij bereikt, vul in de kolom {COL_DONE} ja in; anders meldt het rapport hem als te laat")),
        );
    }
    if let Some((_, rest)) = message.split_once(" is `")
        && let Some((label, rest)) = rest.split_once("` (fase klaar), but milestone `")
        && let Some((what, rest)) = rest.split_once("` (")
        && let Some((when, _)) = rest.split_once(") is not done")
    {
        return (
            format!("{ROW_STATUS} is `{label}`, maar de mijlpaal `{what}` ({}) is niet gereed", dutch(when)),
            Some(format!(
                "is hij bereikt, vul in de kolom {COL_DONE} ja in; anders kies een {} die niet afgerond is",
                ROW_STATUS.to_lowercase()
            )),
        );
    }
    if let Some(rest) = message.strip_prefix("milestone `")
        && let Some((what, rest)) = rest.split_once("` is marked done, but its date ")
        && let Some((when, rest)) = rest.split_once(" lies well after the peildatum ")
    {
        let day = chrono::NaiveDate::parse_from_str(rest.trim(), "%Y-%m-%d")
            .map(crate::model::dutch_date)
            .unwrap_or_else(|_| rest.trim().to_string());
        return (
            format!(
                "{COL_DONE}: de mijlpaal `{what}` staat op gereed, maar {} ligt ruim na de peildatum {day}",
                dutch(when)
            ),
            Some(format!(
                "een bereikte mijlpaal krijgt bij {COL_WHEN} de datum waarop hij bereikt is; anders vul bij {COL_DONE} nee in"
            )),
        );
    }
    if let Some(rest) = message.strip_prefix("only the owner sets the status; ")
        && let Some((ministry, _)) = rest.split_once(" is not the owner")
    {
        return (
            format!(
                "{ROW_STATUS}: alleen de eigenaar van de aanbeveling zet de status; {ministry} is niet de eigenaar"
            ),
            Some(format!("verwijder de rij {ROW_STATUS}; het ministerie dat eigenaar is meldt de status")),
        );
    }
    if let Some(rest) = message.strip_prefix("this text has more than ")
        && let Some((max, _)) = rest.split_once(" footnotes")
    {
        return (
            format!("de tekst heeft meer dan {max} voetnoten; dit is de eerste te veel"),
            Some("zoveel noten kan de pdf niet zetten; zet de bronnen in een lijst of een tabel".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("`sleutel: ")
        && let Some((key, rest)) = rest.split_once("` is given to two milestones of ")
    {
        return (
            format!("{COL_KEY}: `{key}` staat bij twee mijlpalen van {rest}"),
            Some(format!(
                "een sleutel hoort bij één mijlpaal van vorig jaar; maak bij een nieuwe of gekopieerde rij de kolom {COL_KEY} leeg"
            )),
        );
    }
    if let Some(rest) = message.strip_prefix('`')
        && let Some((when, _)) = rest.split_once("` is not a milestone date")
    {
        return (
            format!("{COL_WHEN}: `{when}` is geen datum die het rapport kan lezen"),
            Some("schrijf bijvoorbeeld 15-09-2023, september 2023, 3e kwartaal 2023, 2e helft 2023 of 2023".into()),
        );
    }
    if let Some((what, _)) =
        message.split_once(" since last year's report, but the summary and the text are still last year's")
    {
        let what = if what == "the status changed" { "de status is gewijzigd" } else { "de mijlpalen zijn gewijzigd" };
        return (
            format!(
                "{what} sinds het rapport van vorig jaar, maar de {} en de tekst zijn woord voor woord die van vorig jaar",
                ROW_SUMMARY.to_lowercase()
            ),
            Some(format!("pas de {ROW_SUMMARY} en de tekst onder {SECTION_TEXT} aan aan wat er veranderde")),
        );
    }
    if let Some(rest) = message.strip_prefix('`')
        && let Some((source, why)) = rest.split_once("` is not a Kamerstuk reference that can be linked: ")
    {
        let why = SOURCE_REASONS.iter().find(|(en, _)| *en == why).map(|(_, nl)| format!(": {nl}")).unwrap_or_default();
        return (
            format!("{ROW_SOURCES}: `{source}` is geen Kamerstukverwijzing die het rapport kan koppelen{why}"),
            Some(
                "schrijf hem als `Kamerstuk 29 861, nr. 99` (dossier, dan nummer) of `kst-29861-99`; \
                 anders staat hij zonder link in het rapport"
                    .into(),
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("[[")
        && let Some((link, rest)) = rest.split_once("]] points at ")
        && let Some((id, _)) = rest.split_once(", which is not in the catalogue")
    {
        return (format!("[[{link}]] verwijst naar {id}, maar die aanbeveling bestaat niet"), None);
    }
    if let Some((ministry, rest)) = message.split_once(" may not contribute to ") {
        return (
            format!("{ministry} mag niet bijdragen aan {rest}"),
            Some("vraag de redactie om het formulier van uw ministerie".into()),
        );
    }
    (message.to_string(), help.map(str::to_string))
}

/// Why a source is not a Kamerstuk reference (`model::source`), in Dutch.
const SOURCE_REASONS: &[(&str, &str)] = &[
    (
        "it does not start with `Kamerstuk`, `kst-` or a dossier number",
        "hij begint niet met Kamerstuk, kst- of een dossiernummer",
    ),
    (
        "it names a dossier, not one paper in it (add `nr. …`)",
        "hij noemt een dossier, niet één stuk daarin (voeg `nr. …` toe)",
    ),
    (
        "it is not written as `Kamerstuk 29 861, nr. 99` or `kst-29861-99`",
        "hij is niet geschreven als `Kamerstuk 29 861, nr. 99` of `kst-29861-99`",
    ),
    (
        "no dossier number (five digits, as in `29 861`) after `Kamerstuk`",
        "na Kamerstuk staat geen dossiernummer (vijf cijfers, zoals `29 861`)",
    ),
    ("`nr.` is not followed by a number", "na `nr.` staat geen nummer"),
    ("a Kamerstuk's number is never 0", "een Kamerstuk heeft nooit nummer 0"),
    ("several numbers in one source", "meer dan één nummer in één bron; zet elke bron op een eigen regel"),
    (
        "a `kst-` identifier is written `kst-29861-99` (dossier, then number)",
        "een kst-verwijzing schrijft u als `kst-29861-99` (dossier, dan nummer)",
    ),
    (
        "the reference goes on with something that is not part of a Kamerstuk number",
        "na het nummer staat nog iets dat niet bij een Kamerstuknummer hoort",
    ),
];

#[cfg(test)]
mod tests {
    use super::in_form_terms;

    #[test]
    fn known_messages_speak_the_form_s_language_and_others_pass() {
        let (m, h) = in_form_terms("unknown status `Bijna klaar`", None, &["Afgerond", "In uitvoering"]);
        assert_eq!(m, "Status: `Bijna klaar` is geen status van dit rapport");
        assert_eq!(h.as_deref(), Some("kies een van: Afgerond, In uitvoering"));
        let (m, _) = in_form_terms(
            "milestone `Ingediend` moved from 2023-Q2 to 2023-Q4 since last year's report, without a `toelichting`",
            Some("add `toelichting:`"),
            &[],
        );
        assert!(
            m.starts_with(
                "Toelichting: de mijlpaal `Ingediend` is verschoven van 2e kwartaal 2023 naar 4e kwartaal 2023"
            ),
            "{m}"
        );
        // Reached only by a date the form let through: said as the form would.
        let (m, h) = in_form_terms("`2023-Q5` is not a milestone date", Some("write YYYY-MM-DD"), &[]);
        assert_eq!(m, "Wanneer: `2023-Q5` is geen datum die het rapport kan lezen");
        assert!(h.unwrap().contains("3e kwartaal 2023"));
        let (m, _) = in_form_terms(
            "the status changed since last year's report, but the summary and the text are still last year's, word for word",
            None,
            &[],
        );
        assert!(m.starts_with("de status is gewijzigd sinds het rapport van vorig jaar"), "{m}");
        let (m, _) = in_form_terms("milestone `Stap` (2023-H2) is overdue on the peildatum 2023-12-31", None, &[]);
        assert_eq!(m, "de mijlpaal `Stap` (2e helft 2023) is op de peildatum 31 december 2023 nog niet gereed");
        // Every reason the source reader gives has its Dutch; an unknown one is left out, not shown in English.
        let (m, _) = in_form_terms("`kst-1` is not a Kamerstuk reference that can be linked: a new reason", None, &[]);
        assert_eq!(m, "Bronnen: `kst-1` is geen Kamerstukverwijzing die het rapport kan koppelen");
        let src = include_str!("../model/source.rs");
        assert_eq!(src.matches("unreadable(\"").count(), super::SOURCE_REASONS.len(), "a reason without its Dutch");
        for (en, _) in super::SOURCE_REASONS {
            assert!(
                src.contains(&format!("unreadable(\"{}\")", en.replace('"', "\\\""))),
                "{en} is no longer a reason"
            );
        }
        let (m, h) = in_form_terms("something else", Some("help"), &[]);
        assert_eq!((m.as_str(), h.as_deref()), ("something else", Some("help")));
    }
}
